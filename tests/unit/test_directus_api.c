/*
 * test_directus_api.c: Directus error bodies and messages, and the
 * least-privilege rebuild on sample bodies (fixtures/live/).
 */
#include "drift/compat.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "helpers/testfile.h"
#include "drift/http.h"
#include "drift/tree.h"

static char *
slurp(const char *name, size_t *len)
{
	struct buf rel = BUF_INIT;
	char *path, *text;

	buf_addf(&rel, "fixtures/live/%s", name);
	path = test_path(rel.buf);
	text = test_read_file(path, len);
	assert_non_null(text);
	free(path);
	buf_release(&rel);
	return text;
}

static void
test_parse_error(void **state)
{
	char msg[64], code[32];
	const char *b1 = "{\"errors\":[{\"message\":\"Invalid user "
			 "credentials.\",\"extensions\":"
			 "{\"code\":\"INVALID_CREDENTIALS\"}}]}";
	const char *b2 = "{\"errors\":[{\"message\":\"a\\nb\"}]}";
	const char *b3 = "<html>nope</html>";
	const char *b4 = "{\"errors\":[]}";

	(void)state;
	assert_int_equal(directus_parse_error(b1, strlen(b1), msg, sizeof(msg),
			     code, sizeof(code)),
	    0);
	assert_string_equal(msg, "Invalid user credentials.");
	assert_string_equal(code, "INVALID_CREDENTIALS");
	assert_int_equal(directus_parse_error(b2, strlen(b2), msg, sizeof(msg),
			     code, sizeof(code)),
	    0);
	assert_string_equal(msg, "a b");
	assert_string_equal(code, "");
	assert_int_equal(directus_parse_error(b3, strlen(b3), msg, sizeof(msg),
			     code, sizeof(code)),
	    -1);
	assert_string_equal(msg, "");
	assert_int_equal(directus_parse_error(b4, strlen(b4), msg, sizeof(msg),
			     code, sizeof(code)),
	    -1);
	assert_int_equal(
	    directus_parse_error(NULL, 0, msg, sizeof(msg), code, sizeof(code)),
	    -1);
	/* long messages are cut, never overflow */
	{
		char small[8];
		const char *b5 = "{\"errors\":[{\"message\":\"0123456789\"}]}";

		assert_int_equal(directus_parse_error(b5, strlen(b5), small,
				     sizeof(small), code, sizeof(code)),
		    0);
		assert_string_equal(small, "0123...");
	}
}

static void
status_err(long status, const char *body, const char *ctype, const char *path,
    const char *token, unsigned attempts, struct derr *e)
{
	struct http_response r;

	http_response_init(&r);
	r.status = status;
	r.url = strdup("https://u:p@cms.example.com/schema/snapshot?x=1");
	if (ctype != NULL)
		r.content_type = strdup(ctype);
	buf_adds(&r.body, body);
	r.attempts = attempts;
	assert_int_equal(directus_status_error(&r, path, token, e), -1);
	assert_int_equal(e->status, DRIFT_EXIT_NETWORK);
	assert_string_equal(
	    e->origin, "https://cms.example.com/schema/snapshot");
	http_response_release(&r);
}

#define EBODY(m, c) \
	"{\"errors\":[{\"message\":\"" m "\",\"extensions\":" \
	"{\"code\":\"" c "\"}}]}"

static void
test_status_messages(void **state)
{
	struct derr e = DERR_INIT;

	(void)state;
	status_err(401,
	    EBODY("Invalid user credentials.", "INVALID_CREDENTIALS"),
	    "application/json", "/schema/snapshot", "tok", 1, &e);
	assert_string_equal(e.msg,
	    "HTTP 401 Unauthorized: Invalid user "
	    "credentials. (INVALID_CREDENTIALS)");
	assert_non_null(strstr(e.hint, "invalid or expired"));
	status_err(401, EBODY("Token expired.", "TOKEN_EXPIRED"), NULL,
	    "/schema/snapshot", "tok", 1, &e);
	assert_non_null(strstr(e.hint, "has expired"));
	status_err(403,
	    EBODY("You don't have permission to access this.", "FORBIDDEN"),
	    NULL, "/schema/snapshot", "tok", 1, &e);
	assert_string_equal(e.msg,
	    "HTTP 403 Forbidden: You don't have "
	    "permission to access this. (FORBIDDEN)");
	assert_non_null(strstr(e.hint, "--least-privilege"));
	assert_non_null(strstr(e.hint, "admin"));
	status_err(403, EBODY("x", "FORBIDDEN"), NULL, "/fields", "tok", 1, &e);
	assert_non_null(strstr(e.hint, "directus_fields"));
	assert_null(strstr(e.hint, "--least-privilege"));
	status_err(403, EBODY("Invalid token.", "INVALID_TOKEN"), NULL,
	    "/schema/snapshot", "tok", 1, &e);
	assert_non_null(strstr(e.hint, "not a valid Directus token"));
	status_err(404,
	    EBODY("Route /schema/snapshot doesn't exist.", "ROUTE_NOT_FOUND"),
	    NULL, "/schema/snapshot", NULL, 1, &e);
	assert_non_null(strstr(e.msg, "HTTP 404 Not Found: Route"));
	assert_non_null(strstr(e.hint, "older than 9.23"));
	status_err(503, EBODY("Service is unavailable.", "SERVICE_UNAVAILABLE"),
	    NULL, "/schema/snapshot", NULL, 4, &e);
	assert_string_equal(e.msg,
	    "HTTP 503 Service Unavailable after 4 "
	    "attempts: Service is unavailable. (SERVICE_UNAVAILABLE)");
	assert_non_null(strstr(e.hint, "try again later"));
	status_err(502, "<html><body>Bad Gateway</body></html>", "text/html",
	    "/schema/snapshot", NULL, 1, &e);
	assert_string_equal(e.msg,
	    "HTTP 502 Bad Gateway (an HTML page, "
	    "not a Directus error)");
	status_err(418, "", NULL, "/schema/snapshot", NULL, 1, &e);
	assert_string_equal(e.msg, "HTTP 418");
}

static void
test_status_redacts_token(void **state)
{
	struct derr e = DERR_INIT;

	(void)state;
	status_err(401,
	    EBODY("bad token Bearer s3cr3t-T0K and s3cr3t-T0K", "s3cr3t-T0K"),
	    NULL, "/schema/snapshot", "s3cr3t-T0K", 1, &e);
	assert_null(strstr(e.msg, "s3cr3t"));
	assert_null(strstr(e.hint, "s3cr3t"));
	assert_non_null(strstr(e.msg,
	    "bad token Bearer [token] and "
	    "[token]"));
}

static void
test_remap(void **state)
{
	struct derr e = DERR_INIT;

	(void)state;
	derr_set(&e, DRIFT_EXIT_INPUT, "https://h/schema/snapshot", 3, 7,
	    "expected a value");
	assert_int_equal(directus_remap_load_error(&e), -1);
	assert_int_equal(e.status, DRIFT_EXIT_NETWORK);
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 7);
	assert_string_equal(e.msg,
	    "the instance sent an invalid snapshot: "
	    "expected a value");
	/* other statuses are left alone */
	derr_set(&e, DRIFT_EXIT_INTERNAL, NULL, 0, 0, "oom");
	directus_remap_load_error(&e);
	assert_int_equal(e.status, DRIFT_EXIT_INTERNAL);
	assert_string_equal(e.msg, "oom");
}

static void
bodies(struct directus_bodies *b, char **c, char **f, char **r, char **s)
{
	memset(b, 0, sizeof(*b));
	*c = slurp("collections.json", &b->ncollections);
	*f = slurp("fields.json", &b->nfields);
	*r = slurp("relations.json", &b->nrelations);
	*s = slurp("server-info.json", &b->nserver);
	b->collections = *c;
	b->fields = *f;
	b->relations = *r;
	b->server = *s;
	b->url_collections = "http://h/collections";
	b->url_fields = "http://h/fields";
	b->url_relations = "http://h/relations";
	b->url_server = "http://h/server/info";
}

static json_t *
render(const struct tree *t)
{
	struct buf out = BUF_INIT;
	json_error_t je;
	json_t *j;

	assert_int_equal(tnode_render(tree_root(t), &out, 0), 0);
	j = json_loadb(out.buf, out.len, 0, &je);
	assert_non_null(j);
	buf_release(&out);
	return j;
}

static void
test_rebuild(void **state)
{
	struct directus_bodies b;
	struct derr e = DERR_INIT;
	struct tree *t = NULL;
	char *c, *f, *r, *s, *exp;
	size_t nexp;
	json_t *got, *want, *fields;
	json_error_t je;

	(void)state;
	bodies(&b, &c, &f, &r, &s);
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), 0);
	got = render(t);
	exp = slurp("expected-rebuild.json", &nexp);
	want = json_loadb(exp, nexp, 0, &je);
	assert_non_null(want);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_INDENT(1) | JSON_SORT_KEYS);

		fprintf(stderr, "got:\n%s\n", g);
		free(g);
		fail_msg("the rebuilt snapshot differs from "
			 "expected-rebuild.json");
	}
	/* the order Directus uses: fields by (collection, meta.id) */
	fields = json_object_get(got, "fields");
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(fields, 0), "field")),
	    "id");
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(fields, 2), "field")),
	    "author");
	assert_string_equal(tree_origin(t), "http://h");
	json_decref(got);
	json_decref(want);
	free(exp);
	tree_free(&t);

	/* without /server/info: no version, so no systemFields either */
	b.server = NULL;
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), 0);
	got = render(t);
	assert_null(json_object_get(got, "directus"));
	assert_null(json_object_get(got, "systemFields"));
	assert_null(json_object_get(got, "vendor"));
	assert_int_equal(
	    json_array_size(json_object_get(got, "collections")), 2);
	json_decref(got);
	tree_free(&t);
	free(c);
	free(f);
	free(r);
	free(s);
}

static void
test_rebuild_old_version(void **state)
{
	struct directus_bodies b;
	struct derr e = DERR_INIT;
	struct tree *t = NULL;
	char *c, *f, *r, *s;
	const char *info = "{\"data\":{\"version\":\"10.9.3\"}}";
	json_t *got;

	(void)state;
	bodies(&b, &c, &f, &r, &s);
	b.server = info;
	b.nserver = strlen(info);
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), 0);
	got = render(t);
	assert_string_equal(
	    json_string_value(json_object_get(got, "directus")), "10.9.3");
	assert_null(json_object_get(got, "systemFields"));
	json_decref(got);
	tree_free(&t);
	free(c);
	free(f);
	free(r);
	free(s);
}

static void
test_rebuild_errors(void **state)
{
	struct directus_bodies b;
	struct derr e = DERR_INIT;
	struct tree *t = (struct tree *)1;
	char *c, *f, *r, *s;

	(void)state;
	bodies(&b, &c, &f, &r, &s);
	b.fields = "{\"data\": [\n  {\"collection\": \"a\",}\n]}";
	b.nfields = strlen(b.fields);
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), -1);
	assert_null(t);
	assert_int_equal(e.status, DRIFT_EXIT_NETWORK);
	assert_string_equal(e.origin, "http://h/fields");
	assert_int_equal(e.line, 2);
	assert_true(e.col > 0);
	assert_non_null(strstr(e.msg, "invalid JSON"));

	b.fields = "{\"data\": {}}";
	b.nfields = strlen(b.fields);
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), -1);
	assert_non_null(strstr(e.msg, "expected {\"data\": [...]}"));

	b.fields = "{\"data\": [{\"collection\": \"a\"}]}";
	b.nfields = strlen(b.fields);
	assert_int_equal(directus_rebuild_snapshot(&b, "http://h", &t, &e), -1);
	assert_non_null(strstr(e.msg,
	    "entry 0 has no \"collection\" or "
	    "\"field\""));
	free(c);
	free(f);
	free(r);
	free(s);
}

/* a 200 whose body is {"errors": [...]}: Directus's message and code */
static void
test_ok_with_errors(void **state)
{
	struct http_response r;
	struct derr e = DERR_INIT;

	(void)state;
	http_response_init(&r);
	r.status = 200;
	r.url = strdup("https://cms.example.com/schema/snapshot");
	buf_adds(&r.body, EBODY("You don't have permission tok.", "FORBIDDEN"));
	assert_int_equal(
	    directus_check_response(&r, "/schema/snapshot", 1, "tok", &e), -1);
	assert_int_equal(e.status, DRIFT_EXIT_NETWORK);
	assert_string_equal(e.msg,
	    "HTTP 200 OK: You don't have permission [token]. (FORBIDDEN)");
	assert_non_null(strstr(e.hint, "200 response"));
	/* GraphQL style: data null next to errors, errors not first */
	buf_reset(&r.body);
	buf_adds(
	    &r.body, "{\"data\": null, \"errors\": [{\"message\": \"Boom\"}]}");
	assert_int_equal(
	    directus_check_response(&r, "/fields", 1, NULL, &e), -1);
	assert_string_equal(e.msg, "HTTP 200 OK: Boom");
	/* data next to an "errors" key that is not Directus's: data wins */
	buf_reset(&r.body);
	buf_adds(&r.body, "{\"data\": {\"errors\": []}}");
	assert_int_equal(
	    directus_check_response(&r, "/fields", 1, NULL, &e), 0);
	buf_reset(&r.body);
	buf_adds(&r.body, "{\"data\": [], \"errors\": [{\"message\": \"x\"}]}");
	assert_int_equal(
	    directus_check_response(&r, "/fields", 1, NULL, &e), 0);
	http_response_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_status_messages),
		cmocka_unit_test(test_status_redacts_token),
		cmocka_unit_test(test_ok_with_errors),
		cmocka_unit_test(test_remap),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_rebuild_old_version),
		cmocka_unit_test(test_rebuild_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	http_global_cleanup();
	return rc;
}
