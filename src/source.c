#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/source.h"
#include "drift/xalloc.h"

#define DEFAULT_MAX ((size_t)1 << 30)
#define GIT_STDERR_MAX 4096

enum source_kind
source_kind_of(const char *spec)
{
	enum source_kind k = SOURCE_FILE;

	if (strcmp(spec, "-") == 0)
		k = SOURCE_STDIN;
	else if (strncmp(spec, "git:", 4) == 0)
		k = SOURCE_GIT;
	else if (strncmp(spec, "http://", 7) == 0 ||
	    strncmp(spec, "https://", 8) == 0)
		k = SOURCE_URL;
	return k;
}

static void
cap_text(size_t max, char *out, size_t outlen)
{
	if (max % (1 << 20) == 0)
		snprintf(out, outlen, "%zu MiB", max >> 20);
	else
		snprintf(out, outlen, "%zu bytes", max);
}

static int
too_big(struct derr *err, const char *origin, size_t max)
{
	char cap[64];

	cap_text(max, cap, sizeof(cap));
	return derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
	    "'%s' is larger than the %s limit", origin, cap);
}

static int
read_stream(
    FILE *fp, const char *origin, size_t max, struct buf *b, struct derr *err)
{
	int ret = -1;

	b->max = max;
	if (buf_read_file(b, fp) != 0) {
		if (errno == EFBIG)
			too_big(err, origin, max);
		else
			derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
			    "cannot read '%s': %s", origin, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

static int
read_path(const char *path, size_t max, struct buf *b, struct derr *err)
{
	struct stat st;
	FILE *fp;
	int ret = -1;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(fp), &st) != 0) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	/* a size check up front spares reading 2 GB to learn it is too big */
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
		too_big(err, path, max);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read '%s': %s", path, strerror(EISDIR));
		goto out;
	}
	ret = read_stream(fp, path, max, b, err);
out:
	if (fp != NULL)
		fclose(fp);
	return ret;
}

/* first line of git's stderr, without "fatal: " and a final period */
static void
git_summary(struct buf *e, char *out, size_t outlen)
{
	const char *s = e->buf;
	size_t n;

	if (strncmp(s, "fatal: ", 7) == 0)
		s += 7;
	else if (strncmp(s, "error: ", 7) == 0)
		s += 7;
	n = strcspn(s, "\n");
	while (
	    n > 0 && (s[n - 1] == '.' || s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		snprintf(out, outlen, "git failed");
	else
		snprintf(out, outlen, "%.*s", (int)n, s);
}

static void
child_exec(int outfd, int errfd, char *const *argv)
{
	int devnull;

	devnull = open("/dev/null", O_RDONLY);
	if (devnull >= 0)
		dup2(devnull, STDIN_FILENO);
	dup2(outfd, STDOUT_FILENO);
	dup2(errfd, STDERR_FILENO);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "fatal: cannot run git: %s\n", strerror(errno));
	_exit(127);
}

/*
 * Runs git with argv (argv[0] "git", no shell) and reads its standard
 * output into b, capped, and its standard error into a small buffer for
 * the message.  poll(2) drains both so that neither pipe can fill up and
 * stall git.  what: the message's context after "cannot read 'SPEC': ".
 * *exit_status: git's exit status when it ran (may be NULL: then anything
 * but 0 is an error).
 */
static int
run_git(const char *spec, char *const *argv, const char *what, size_t max,
    struct buf *b, int *exit_status, struct derr *err)
{
	struct buf e = BUF_INIT;
	struct pollfd pfd[2];
	char chunk[65536], msg[512];
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int ret = -1, status = 0, over = 0;
	pid_t pid = -1;

	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot create a pipe: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot run git: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		child_exec(out[1], errp[1], argv);
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	b->max = 0;
	pfd[0].fd = out[0];
	pfd[1].fd = errp[0];
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		int i;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "cannot read from git: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			n = read(pfd[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				if (i == 0)
					out[0] = -1;
				else
					errp[0] = -1;
				continue;
			}
			if (i == 1) {
				if (e.len < GIT_STDERR_MAX)
					buf_add(&e, chunk, (size_t)n);
			} else if (!over && b->len + (size_t)n > max) {
				/* stop git; keep draining until it is gone */
				over = 1;
				kill(pid, SIGTERM);
			} else if (!over) {
				buf_add(b, chunk, (size_t)n);
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	if (over) {
		too_big(err, spec, max);
		goto out;
	}
	if (exit_status != NULL && WIFEXITED(status) &&
	    WEXITSTATUS(status) != 127 && e.len == 0) {
		/* a quiet non-zero exit is an answer (merge-base: none) */
		*exit_status = WEXITSTATUS(status);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		git_summary(&e, msg, sizeof(msg));
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read '%s': %s%s", spec, what, msg);
		goto out;
	} else if (exit_status != NULL) {
		*exit_status = 0;
	}
	ret = 0;
out:
	if (pid > 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	buf_release(&e);
	return ret;
}

/* 1 when s is a whole object name: 40 (SHA-1) or 64 (SHA-256) hex */
static int
full_sha(const char *s, size_t n)
{
	return (n == 40 || n == 64) && strspn(s, "0123456789abcdef") >= n;
}

/*
 * How reports name a git source: the spec, with every full object name
 * shortened to 12 hex digits (the hook passes whole shas); ref names stay
 * as given.
 */
static char *
git_origin(const char *spec)
{
	struct buf b = BUF_INIT;
	const char *rev = spec + 4, *colon = strchr(rev, ':'), *dots;
	size_t n;

	if (colon == NULL)
		return xstrdup(spec);
	buf_adds(&b, "git:");
	while (rev < colon) {
		dots = strstr(rev, "...");
		n = dots != NULL && dots < colon ? (size_t)(dots - rev)
						 : (size_t)(colon - rev);
		buf_add(&b, rev, full_sha(rev, n) ? 12 : n);
		rev += n;
		if (rev < colon) {
			buf_adds(&b, "...");
			rev += 3;
		}
	}
	buf_adds(&b, colon);
	return buf_detach(&b, NULL);
}

static int
bad_rev(const char *spec, const char *rev, size_t n, struct derr *err)
{
	if (n > 0 && rev[0] == '-') {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid git source '%s': a revision cannot start with "
		    "'-'",
		    spec);
		return 1;
	}
	return 0;
}

/*
 * git:A...B:PATH: the merge-base of A and B (git's own triple dot; an
 * empty side is HEAD), as a full object name in base (new).
 */
static int
merge_base(const char *spec, const char *rev, size_t revlen, const char *dots,
    char **base, struct derr *err)
{
	static char git[] = "git", mb[] = "merge-base", head[] = "HEAD";
	struct buf out = BUF_INIT;
	char *a = NULL, *b = NULL, *argv[5], what[256];
	size_t alen = (size_t)(dots - rev), blen = revlen - alen - 3;
	int ret = -1, st = 0;

	*base = NULL;
	if (bad_rev(spec, rev, alen, err) || bad_rev(spec, dots + 3, blen, err))
		goto out;
	if (strstr(dots + 3, "...") != NULL &&
	    strstr(dots + 3, "...") < rev + revlen) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid git source '%s': expected git:A...B:PATH with "
		    "one '...'",
		    spec);
		goto out;
	}
	a = alen ? xstrndup(rev, alen) : xstrdup(head);
	b = blen ? xstrndup(dots + 3, blen) : xstrdup(head);
	argv[0] = git;
	argv[1] = mb;
	argv[2] = a;
	argv[3] = b;
	argv[4] = NULL;
	snprintf(what, sizeof(what),
	    "no merge-base of '%.100s' and '%.100s': ", a, b);
	if (run_git(spec, argv, what, 256, &out, &st, err) != 0)
		goto out;
	while (out.len > 0 &&
	    (out.buf[out.len - 1] == '\n' || out.buf[out.len - 1] == '\r'))
		out.buf[--out.len] = '\0';
	if (st != 0 || !full_sha(out.buf, out.len)) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read '%s': '%s' and '%s' have no common ancestor",
		    spec, a, b);
		goto out;
	}
	*base = buf_detach(&out, NULL);
	ret = 0;
out:
	buf_release(&out);
	free(a);
	free(b);
	return ret;
}

static int
read_git(const char *spec, size_t max, struct buf *b, struct derr *err)
{
	static char git[] = "git", nopager[] = "--no-pager", show[] = "show";
	const char *rev = spec + 4, *colon = strchr(rev, ':'), *dots;
	char *rev_path = NULL, *base = NULL, *argv[5];
	int ret = -1;

	if (colon == NULL || colon == rev || colon[1] == '\0') {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid git source '%s': expected git:REV:PATH or "
		    "git:A...B:PATH",
		    spec);
		goto out;
	}
	if (bad_rev(spec, rev, (size_t)(colon - rev), err))
		goto out;
	dots = strstr(rev, "...");
	if (dots != NULL && dots < colon) {
		if (merge_base(spec, rev, (size_t)(colon - rev), dots, &base,
			err) != 0)
			goto out;
		rev_path = xasprintf("%s%s", base, colon);
	} else {
		rev_path = xstrdup(rev);
	}
	argv[0] = git;
	argv[1] = nopager;
	argv[2] = show;
	argv[3] = rev_path;
	argv[4] = NULL;
	ret = run_git(spec, argv, "", max, b, NULL, err);
out:
	free(base);
	free(rev_path);
	return ret;
}

int
source_read(const char *spec, const struct source_opts *o, struct source *out,
    struct derr *err)
{
	struct buf b = BUF_INIT;
	size_t max = o != NULL && o->max_bytes ? o->max_bytes : DEFAULT_MAX;
	struct source_opts defaults;
	int ret = -1;

	if (o == NULL) {
		memset(&defaults, 0, sizeof(defaults));
		defaults.retries = -1;
		o = &defaults;
	}
	out->kind = source_kind_of(spec);
	switch (out->kind) {
	case SOURCE_STDIN:
		out->origin = xstrdup("<stdin>");
		ret = read_stream(stdin, out->origin, max, &b, err);
		break;
	case SOURCE_GIT:
		out->origin = git_origin(spec);
		ret = read_git(spec, max, &b, err);
		break;
	case SOURCE_URL:
		out->origin = xstrdup(spec);
		b.max = max;
		ret = source_fetch_url(spec, o, &b, err);
		break;
	default:
		out->origin = xstrdup(spec);
		ret = read_path(spec, max, &b, err);
		break;
	}
	if (ret == 0) {
		/* detach allocates, NUL-terminated, even when empty */
		b.max = 0;
		out->data = buf_detach(&b, &out->len);
	} else {
		buf_release(&b);
		source_release(out);
	}
	return ret;
}

void
source_release(struct source *s)
{
	free(s->origin);
	free(s->data);
	s->origin = NULL;
	s->data = NULL;
	s->len = 0;
	s->kind = SOURCE_FILE;
}
