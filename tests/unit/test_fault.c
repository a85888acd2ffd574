/*
 * test_fault.c: http.c and directus_api.c against tests/fault/server.py,
 * a fault-injection server on 127.0.0.1 (plain HTTP and HTTPS with a
 * certificate made by openssl at test time).  Checks statuses, messages,
 * the number of attempts, the waits (the sleep hook records them instead
 * of sleeping), and that the token appears in no message and no log line
 * and reaches no other host.  Exits 77 when python3 is missing.
 */
#include "drift/compat.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/tree.h"
#include "drift/xalloc.h"
#include "helpers/testfile.h"

#define SECRET "s3cr3t-T0KEN-fault"

static char dir[] = "/tmp/drift-fault-XXXXXX";
static char base[128], tlsbase[128], cacert[256];
static pid_t srv = -1, tlssrv = -1;
static int have_tls;

struct hooks {
	double slept;
	unsigned sleeps;
};

static void
fake_sleep(double s, void *ctx)
{
	struct hooks *h = ctx;

	h->slept += s;
	h->sleeps++;
}

static double
half(void *ctx)
{
	(void)ctx;
	return 0.5;
}

/* new: the file's text, or "" when it does not exist (yet) */
static char *
slurp_path(const char *path)
{
	char *text = test_read_file(path, NULL);

	return text != NULL ? text : xstrdup("");
}

static pid_t
start_server(const char *sub, const char *cert, const char *key, char *url,
    size_t urlsz, const char *scheme)
{
	const char *top = getenv("DRIFT_TOP");
	char script[1024], sdir[512], portf[600], *port;
	pid_t pid;
	int i;

	snprintf(script, sizeof(script), "%s/tests/fault/server.py",
	    top != NULL ? top : ".");
	snprintf(sdir, sizeof(sdir), "%s/%s", dir, sub);
	mkdir(sdir, 0700);
	pid = fork();
	if (pid == 0) {
		char errf[600];
		int null = open("/dev/null", O_WRONLY), ef;

		snprintf(errf, sizeof(errf), "%s/stderr.log", sdir);
		ef = open(errf, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(null, 1);
		if (ef >= 0)
			dup2(ef, 2);
		if (cert != NULL)
			execlp("python3", "python3", script, "--dir", sdir,
			    "--lifetime", "120", "--tls", cert, key,
			    (char *)NULL);
		else
			execlp("python3", "python3", script, "--dir", sdir,
			    "--lifetime", "120", (char *)NULL);
		_exit(127);
	}
	snprintf(portf, sizeof(portf), "%s/port", sdir);
	for (i = 0; i < 200 && access(portf, R_OK) != 0; i++)
		usleep(50000);
	if (access(portf, R_OK) != 0)
		return -1;
	port = slurp_path(portf);
	port[strcspn(port, "\n")] = '\0';
	snprintf(url, urlsz, "%s://127.0.0.1:%s", scheme, port);
	free(port);
	return pid;
}

static int
setup(void **state)
{
	char cmd[1024];

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	srv = start_server("plain", NULL, NULL, base, sizeof(base), "http");
	if (srv < 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 "
	    "-addext subjectAltName=IP:127.0.0.1 -keyout %s/key.pem -out "
	    "%s/cert.pem >/dev/null 2>&1",
	    dir, dir);
	if (system(cmd) == 0) {
		char key[256];

		snprintf(cacert, sizeof(cacert), "%s/cert.pem", dir);
		snprintf(key, sizeof(key), "%s/key.pem", dir);
		tlssrv = start_server(
		    "tls", cacert, key, tlsbase, sizeof(tlsbase), "https");
		have_tls = tlssrv > 0;
	}
	if (!have_tls)
		fprintf(stderr, "openssl not usable: skipping the TLS cases\n");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	if (srv > 0) {
		kill(srv, SIGTERM);
		waitpid(srv, NULL, 0);
	}
	if (tlssrv > 0) {
		kill(tlssrv, SIGTERM);
		waitpid(tlssrv, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* a test run: options with hooks and a verbose log in a temporary file */
struct run {
	struct http_opts o;
	struct hooks h;
	FILE *log;
	struct derr e;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	http_opts_init(&r->o);
	r->o.token = SECRET;
	r->o.sleep_fn = fake_sleep;
	r->o.rand_fn = half;
	r->o.hook_ctx = &r->h;
	r->log = tmpfile();
	r->o.verbose = r->log;
	r->o.timeout = 10;
}

static char *
read_stream(FILE *fp)
{
	struct buf b = BUF_INIT;

	fflush(fp);
	rewind(fp);
	buf_read_file(&b, fp);
	return buf_detach(&b, NULL);
}

/* what derr_print() shows */
static char *
printed(const struct derr *e)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	char *s;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	derr_print(e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	s = read_stream(tmp);
	fclose(tmp);
	return s;
}

/* the log so far; checks the token is in none of the output */
static char *
run_done(struct run *r)
{
	char *log = read_stream(r->log), *p = printed(&r->e);

	assert_null(strstr(log, "s3cr3t"));
	assert_null(strstr(p, "s3cr3t"));
	assert_null(strstr(r->e.msg, "s3cr3t"));
	assert_null(strstr(r->e.hint, "s3cr3t"));
	assert_null(strstr(r->e.origin, "s3cr3t"));
	free(p);
	fclose(r->log);
	return log;
}

/* requests the server logged for a scenario key; *auth_ok: all had it */
static unsigned
requests(const char *sub, const char *scen, int *auth_ok)
{
	char path[600], key[300], *log, *line, *nl;
	unsigned n = 0;

	snprintf(path, sizeof(path), "%s/%s/requests.log", dir, sub);
	snprintf(key, sizeof(key), "\"scenario\": \"%s\"", scen);
	log = slurp_path(path);
	if (auth_ok != NULL)
		*auth_ok = 1;
	for (line = log; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		if (strstr(line, key) == NULL)
			continue;
		n++;
		if (auth_ok != NULL &&
		    strstr(line,
			"\"authorization\": "
			"\"Bearer " SECRET "\"") == NULL)
			*auth_ok = 0;
	}
	free(log);
	return n;
}

static int
fetch(struct run *r, const char *b, const char *scen, struct buf *out)
{
	char url[300];

	snprintf(url, sizeof(url), "%s/s/%s", b, scen);
	return directus_fetch_snapshot(url, NULL, &r->o, out, NULL, &r->e);
}

static void
test_ok(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	char path[600], *log;
	int auth;

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "ok,tag=ok", &out), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.buf, "{\"data\":", 8);
	assert_int_equal(requests("plain", "ok,tag=ok", &auth), 1);
	assert_true(auth);
	snprintf(path, sizeof(path), "%s/plain/requests.log", dir);
	log = slurp_path(path);
	assert_non_null(strstr(
	    log, "\"user_agent\": \"directus-drift/" DRIFT_VERSION "\""));
	assert_non_null(strstr(log, "\"accept\": \"application/json\""));
	free(log);
	log = run_done(&r);
	assert_non_null(strstr(log, "/s/ok,tag=ok/schema/snapshot -> 200"));
	free(log);
	buf_release(&out);
}

static void
test_429_retry_after(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	char *log;

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "429,n=1,ra=2", &out), 0);
	assert_int_equal(requests("plain", "429,n=1,ra=2", NULL), 2);
	assert_true(r.h.slept == 2.0);
	log = run_done(&r);
	assert_non_null(strstr(log,
	    "-> 429, retrying in 2.0 s (attempt 2 "
	    "of 4)"));
	free(log);

	/* an HTTP-date */
	run_init(&r);
	assert_int_equal(fetch(&r, base, "429,n=1,ra=date:3", &out), 0);
	assert_true(r.h.slept >= 1.0 && r.h.slept <= 4.0);
	free(run_done(&r));

	/* beyond the waiting limit: fail at once */
	run_init(&r);
	assert_int_equal(fetch(&r, base, "429,n=1,ra=600", &out), -1);
	assert_int_equal(r.e.status, DRIFT_EXIT_NETWORK);
	assert_string_equal(r.e.msg,
	    "HTTP 429 Too Many Requests: the server "
	    "asks to retry after 600 s, beyond the limit of 60 s of waiting");
	assert_int_equal(r.h.sleeps, 0);
	assert_int_equal(requests("plain", "429,n=1,ra=600", NULL), 1);
	free(run_done(&r));
	buf_release(&out);
}

static void
test_5xx(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	char *log, want[300];

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "503,n=2", &out), 0);
	assert_int_equal(requests("plain", "503,n=2", NULL), 3);
	/* full jitter with r = 0.5: 0.5 * 1 + 0.5 * 2 */
	assert_true(r.h.slept == 1.5);
	log = run_done(&r);
	snprintf(want, sizeof(want),
	    "GET %s/s/503,n=2/schema/snapshot -> "
	    "503, retrying in 0.5 s (attempt 2 of 4)",
	    base);
	assert_non_null(strstr(log, want));
	assert_non_null(strstr(log, "retrying in 1.0 s (attempt 3 of 4)"));
	free(log);

	run_init(&r);
	assert_int_equal(fetch(&r, base, "502,n=1", &out), 0);
	assert_int_equal(requests("plain", "502,n=1", NULL), 2);
	free(run_done(&r));
	run_init(&r);
	assert_int_equal(fetch(&r, base, "504,n=1", &out), 0);
	assert_int_equal(requests("plain", "504,n=1", NULL), 2);
	free(run_done(&r));

	/* gives up after 1 + retries attempts, with Directus's message */
	run_init(&r);
	assert_int_equal(fetch(&r, base, "503,n=99", &out), -1);
	assert_string_equal(r.e.msg,
	    "HTTP 503 Service Unavailable after 4 "
	    "attempts: Service is unavailable. (SERVICE_UNAVAILABLE)");
	assert_int_equal(requests("plain", "503,n=99", NULL), 4);
	free(run_done(&r));

	/* --retries 0 */
	run_init(&r);
	r.o.retries = 0;
	assert_int_equal(fetch(&r, base, "503,n=99,tag=r0", &out), -1);
	assert_int_equal(requests("plain", "503,n=99,tag=r0", NULL), 1);
	assert_string_equal(r.e.msg,
	    "HTTP 503 Service Unavailable: Service "
	    "is unavailable. (SERVICE_UNAVAILABLE)");
	free(run_done(&r));

	/* 500 is not retried */
	run_init(&r);
	assert_int_equal(fetch(&r, base, "500", &out), -1);
	assert_int_equal(requests("plain", "500", NULL), 1);
	free(run_done(&r));
	buf_release(&out);
}

static void
test_connection(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	char url[100];
	int s;

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "closed,n=1", &out), 0);
	assert_int_equal(requests("plain", "closed,n=1", NULL), 2);
	free(run_done(&r));

	/* a port nobody listens on: bound, never listening */
	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	getsockname(s, (struct sockaddr *)&sa, &sl);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", ntohs(sa.sin_port));
	run_init(&r);
	r.o.retries = 1;
	assert_int_equal(
	    directus_fetch_snapshot(url, NULL, &r.o, &out, NULL, &r.e), -1);
	close(s);
	assert_int_equal(r.e.status, DRIFT_EXIT_NETWORK);
	assert_non_null(strstr(r.e.msg, "cannot connect to 127.0.0.1:"));
	assert_non_null(strstr(r.e.msg, "(after 2 attempts)"));
	assert_int_equal(r.h.sleeps, 1);
	free(run_done(&r));
	buf_release(&out);
}

static void
test_timeouts(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	time_t t0;

	(void)state;
	run_init(&r);
	r.o.timeout = 1;
	r.o.retries = 0;
	t0 = time(NULL);
	assert_int_equal(fetch(&r, base, "slow-headers,d=4", &out), -1);
	assert_true(time(NULL) - t0 < 4);
	assert_non_null(strstr(r.e.msg, "no response from 127.0.0.1:"));
	assert_non_null(strstr(r.e.hint, "--timeout"));
	free(run_done(&r));

	run_init(&r);
	r.o.timeout = 1;
	r.o.retries = 1;
	assert_int_equal(fetch(&r, base, "slow-body,d=4", &out), -1);
	assert_non_null(strstr(r.e.msg, "response body stalled or too slow"));
	assert_non_null(strstr(r.e.msg, "(after 2 attempts)"));
	assert_int_equal(requests("plain", "slow-body,d=4", NULL), 2);
	free(run_done(&r));
	buf_release(&out);
}

static void
test_bodies(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;

	(void)state;
	run_init(&r);
	r.o.retries = 0;
	assert_int_equal(fetch(&r, base, "truncated", &out), -1);
	assert_non_null(strstr(r.e.msg, "response body was truncated: got "));
	assert_non_null(strstr(r.e.msg, " bytes"));
	free(run_done(&r));

	run_init(&r);
	r.o.retries = 1;
	assert_int_equal(fetch(&r, base, "truncated,tag=2", &out), -1);
	assert_int_equal(requests("plain", "truncated,tag=2", NULL), 2);
	free(run_done(&r));

	run_init(&r);
	assert_int_equal(fetch(&r, base, "oversized", &out), -1);
	assert_string_equal(r.e.msg,
	    "response body exceeds the limit of "
	    "1073741824 bytes");
	assert_int_equal(requests("plain", "oversized", NULL), 1);
	free(run_done(&r));

	run_init(&r);
	r.o.max_body = 100000;
	assert_int_equal(
	    fetch(&r, base, "oversized,mode=stream,bytes=1000000", &out), -1);
	assert_string_equal(r.e.msg,
	    "response body exceeds the limit of "
	    "100000 bytes");
	free(run_done(&r));

	run_init(&r);
	assert_int_equal(fetch(&r, base, "html", &out), -1);
	assert_string_equal(r.e.msg,
	    "expected JSON, got an HTML page "
	    "(Content-Type text/html; charset=utf-8)");
	assert_non_null(strstr(r.e.hint, "login page"));
	free(run_done(&r));
	buf_release(&out);
}

static void
test_redirects(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	char want[600];
	int auth;

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "redirect-same", &out), 0);
	assert_int_equal(requests("plain", "redirect-same", &auth), 1);
	assert_true(auth);
	assert_memory_equal(out.buf, "{\"data\":", 8);
	free(run_done(&r));

	run_init(&r);
	assert_int_equal(fetch(&r, base, "redirect-other-host", &out), -1);
	snprintf(want, sizeof(want),
	    "refusing to follow a redirect from "
	    "%s/s/redirect-other-host/schema/snapshot to http://localhost:%s"
	    "/s/ok/schema/snapshot: the token would leave the instance",
	    base, strrchr(base, ':') + 1);
	assert_string_equal(r.e.msg, want);
	assert_int_equal(r.e.status, DRIFT_EXIT_NETWORK);
	free(run_done(&r));
	{
		char path[600], *log;

		snprintf(path, sizeof(path), "%s/plain/requests.log", dir);
		log = slurp_path(path);
		assert_null(strstr(log, "\"host\": \"localhost"));
		free(log);
	}

	run_init(&r);
	assert_int_equal(fetch(&r, base, "redirect-loop", &out), -1);
	assert_string_equal(r.e.msg, "too many redirects (more than 5)");
	assert_int_equal(requests("plain", "redirect-loop", NULL), 6);
	free(run_done(&r));
	buf_release(&out);
}

static void
test_statuses(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "401", &out), -1);
	assert_string_equal(r.e.msg,
	    "HTTP 401 Unauthorized: Invalid user "
	    "credentials. (INVALID_CREDENTIALS)");
	free(run_done(&r));
	run_init(&r);
	assert_int_equal(fetch(&r, base, "401,code=TOKEN_EXPIRED", &out), -1);
	assert_non_null(strstr(r.e.hint, "expired"));
	free(run_done(&r));
	run_init(&r);
	assert_int_equal(fetch(&r, base, "403", &out), -1);
	assert_non_null(strstr(r.e.hint, "--least-privilege"));
	free(run_done(&r));
	run_init(&r);
	assert_int_equal(fetch(&r, base, "404", &out), -1);
	assert_non_null(strstr(r.e.msg, "HTTP 404 Not Found"));
	free(run_done(&r));
	run_init(&r);
	assert_int_equal(fetch(&r, base, "echo-token", &out), -1);
	assert_non_null(strstr(r.e.msg, "Bad token Bearer [token]."));
	free(run_done(&r));
	buf_release(&out);
}

static void
test_least_privilege(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;
	struct tree *t = NULL;
	char url[300];

	(void)state;
	run_init(&r);
	assert_int_equal(fetch(&r, base, "ok,admin=0", &out), -1);
	assert_non_null(strstr(r.e.hint, "--least-privilege"));
	free(run_done(&r));

	run_init(&r);
	snprintf(url, sizeof(url), "%s/s/ok,admin=0", base);
	assert_int_equal(
	    directus_fetch_least_privilege(url, &r.o, &t, &r.e), 0);
	assert_non_null(tnode_get(tree_root(t), "systemFields"));
	assert_string_equal(
	    tnode_str(tnode_get(tree_root(t), "directus")), "11.13.0");
	tree_free(&t);
	free(run_done(&r));

	run_init(&r);
	snprintf(url, sizeof(url), "%s/s/badjson", base);
	assert_int_equal(
	    directus_fetch_least_privilege(url, &r.o, &t, &r.e), -1);
	assert_null(t);
	assert_int_equal(r.e.line, 3);
	assert_non_null(strstr(r.e.origin, "/s/badjson/collections"));
	free(run_done(&r));

	run_init(&r);
	snprintf(url, sizeof(url), "%s/s/403", base);
	assert_int_equal(
	    directus_fetch_least_privilege(url, &r.o, &t, &r.e), -1);
	assert_non_null(strstr(r.e.hint, "directus_collections"));
	free(run_done(&r));
	buf_release(&out);
}

static void
test_tls(void **state)
{
	struct run r;
	struct buf out = BUF_INIT;

	(void)state;
	if (!have_tls)
		skip();
	run_init(&r);
	assert_int_equal(fetch(&r, tlsbase, "ok", &out), -1);
	assert_non_null(strstr(r.e.msg,
	    "TLS certificate of 127.0.0.1 is not "
	    "trusted: "));
	assert_string_equal(r.e.hint, "use --cacert FILE for a private CA");
	assert_int_equal(r.h.sleeps, 0);
	free(run_done(&r));

	run_init(&r);
	r.o.cacert = cacert;
	assert_int_equal(fetch(&r, tlsbase, "ok", &out), 0);
	assert_memory_equal(out.buf, "{\"data\":", 8);
	free(run_done(&r));

	run_init(&r);
	r.o.cacert = cacert;
	assert_int_equal(fetch(&r, tlsbase, "redirect-downgrade", &out), -1);
	assert_non_null(strstr(r.e.msg, "it would downgrade https to http"));
	free(run_done(&r));

	run_init(&r);
	r.o.cacert = "/nonexistent/ca.pem";
	assert_int_equal(fetch(&r, tlsbase, "ok", &out), -1);
	assert_non_null(strstr(r.e.msg, "/nonexistent/ca.pem"));
	free(run_done(&r));

	/* https to a plain http server */
	run_init(&r);
	{
		char url[200];

		snprintf(url, sizeof(url), "https%s", base + 4);
		assert_int_equal(fetch(&r, url, "ok", &out), -1);
		assert_non_null(strstr(r.e.msg,
		    "TLS handshake with 127.0.0.1 "
		    "failed"));
	}
	free(run_done(&r));
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_429_retry_after),
		cmocka_unit_test(test_5xx),
		cmocka_unit_test(test_connection),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_least_privilege),
		cmocka_unit_test(test_tls),
	};
	int rc;

	if (system("python3 -c pass >/dev/null 2>&1") != 0) {
		printf("python3 not found: skipping the fault-injection "
		       "tests\n");
		return 77;
	}
	/* unset proxies: these tests talk to 127.0.0.1 only */
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("HTTPS_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	rc = cmocka_run_group_tests(tests, setup, teardown);
	http_global_cleanup();
	return rc;
}
