/* test_http.c: the pure parts of http.c (URLs, redirects, retry maths) */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "drift/diag.h"
#include "drift/http.h"

static void
join_ok(const char *base, const char *path, const char *want)
{
	struct derr e = DERR_INIT;
	char *out = NULL;

	assert_int_equal(http_url_join(base, path, &out, &e), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
join_fails(const char *base, const char *needle)
{
	struct derr e = DERR_INIT;
	char *out = (char *)1;

	assert_int_equal(http_url_join(base, "/schema/snapshot", &out, &e), -1);
	assert_null(out);
	assert_int_equal(e.status, DRIFT_EXIT_USAGE);
	assert_non_null(strstr(e.msg, needle));
}

static void
test_url_join(void **state)
{
	(void)state;
	join_ok("https://cms.example.com", "/schema/snapshot",
	    "https://cms.example.com/schema/snapshot");
	join_ok("https://cms.example.com/", "/schema/snapshot",
	    "https://cms.example.com/schema/snapshot");
	join_ok("https://cms.example.com///", "schema/snapshot",
	    "https://cms.example.com/schema/snapshot");
	join_ok("http://127.0.0.1:8055/directus/", "//fields",
	    "http://127.0.0.1:8055/directus/fields");
	join_ok("HTTPS://CMS.example.com:443/x", "/schema/snapshot?export=yaml",
	    "https://CMS.example.com:443/x/schema/snapshot?export=yaml");
	join_fails("ftp://h/", "unsupported URL scheme");
	join_fails("cms.example.com", "http://");
	join_fails("https://h/?access_token=abc", "query or fragment");
	join_fails("https://h/#frag", "query or fragment");
}

static void
test_url_join_credentials_hidden(void **state)
{
	struct derr e = DERR_INIT;
	char *out = NULL;

	(void)state;
	assert_int_equal(
	    http_url_join("https://admin:s3cret@h.example/", "/x", &out, &e),
	    -1);
	assert_non_null(strstr(e.msg, "user name or password"));
	assert_null(strstr(e.msg, "s3cret"));
	assert_null(strstr(e.msg, "admin"));
	assert_non_null(strstr(e.hint, "DIRECTUS_TOKEN"));
	/* a query holding a token is not echoed either */
	assert_int_equal(http_url_join("https://h.example/?access_token=T0K",
			     "/x", &out, &e),
	    -1);
	assert_null(strstr(e.msg, "T0K"));
}

static void
test_url_display(void **state)
{
	char *s;

	(void)state;
	s = http_url_display("https://u:p@h.example:8443/a/b?access_token=x#f");
	assert_string_equal(s, "https://h.example:8443/a/b");
	free(s);
	s = http_url_display("not a url at all");
	assert_string_equal(s, "<invalid URL>");
	free(s);
}

static void
test_redirect_check(void **state)
{
	(void)state;
	assert_int_equal(http_redirect_check("https://h/a", "https://h/b"),
	    HTTP_REDIRECT_OK);
	assert_int_equal(http_redirect_check("https://h/a", "https://H:443/b"),
	    HTTP_REDIRECT_OK);
	assert_int_equal(http_redirect_check("http://h:80/a", "http://h/b"),
	    HTTP_REDIRECT_OK);
	assert_int_equal(http_redirect_check("https://h/a", "http://h/a"),
	    HTTP_REDIRECT_DOWNGRADE);
	assert_int_equal(http_redirect_check("https://h/a", "http://other/a"),
	    HTTP_REDIRECT_DOWNGRADE);
	assert_int_equal(http_redirect_check("https://h/a", "https://i/a"),
	    HTTP_REDIRECT_OTHER_ORIGIN);
	assert_int_equal(http_redirect_check("https://h/a", "https://h:8443/a"),
	    HTTP_REDIRECT_OTHER_ORIGIN);
	assert_int_equal(http_redirect_check("http://h/a", "https://h/a"),
	    HTTP_REDIRECT_OTHER_ORIGIN);
	assert_int_equal(
	    http_redirect_check("http://127.0.0.1:1/a", "http://localhost:1/a"),
	    HTTP_REDIRECT_OTHER_ORIGIN);
	assert_int_equal(http_redirect_check("https://h/a", "ftp://h/a"),
	    HTTP_REDIRECT_INVALID);
	assert_int_equal(
	    http_redirect_check("https://h/a", "::"), HTTP_REDIRECT_INVALID);
}

static void
test_retry_after(void **state)
{
	time_t now = 1445412480; /* Wed, 21 Oct 2015 07:28:00 GMT */
	double s = -1;

	(void)state;
	assert_int_equal(http_parse_retry_after("120", now, &s), 0);
	assert_true(s == 120.0);
	assert_int_equal(http_parse_retry_after(" 0 ", now, &s), 0);
	assert_true(s == 0.0);
	assert_int_equal(
	    http_parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now, &s),
	    0);
	assert_true(s == 30.0);
	/* a date in the past means now */
	assert_int_equal(
	    http_parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now, &s),
	    0);
	assert_true(s == 0.0);
	assert_int_equal(http_parse_retry_after("", now, &s), -1);
	assert_int_equal(http_parse_retry_after("-5", now, &s), -1);
	assert_int_equal(http_parse_retry_after("1.5", now, &s), -1);
	assert_int_equal(http_parse_retry_after("soon", now, &s), -1);
	/* huge values saturate instead of overflowing */
	assert_int_equal(
	    http_parse_retry_after("99999999999999999999", now, &s), 0);
	assert_true(s >= 1e9);
}

static void
test_backoff(void **state)
{
	(void)state;
	assert_true(http_backoff(0, 1, 30, 0.5) == 0.5);
	assert_true(http_backoff(1, 1, 30, 0.5) == 1.0);
	assert_true(http_backoff(3, 1, 30, 1.0) == 8.0);
	assert_true(http_backoff(5, 1, 30, 1.0) == 30.0);
	assert_true(http_backoff(200, 1, 30, 0.999) <= 30.0);
	assert_true(http_backoff(2, 1, 30, 0.0) == 0.0);
	assert_true(http_backoff(2, 1, 30, -3) == 0.0);
}

static void
test_status(void **state)
{
	(void)state;
	assert_true(http_status_retryable(429));
	assert_true(http_status_retryable(502));
	assert_true(http_status_retryable(503));
	assert_true(http_status_retryable(504));
	assert_false(http_status_retryable(500));
	assert_false(http_status_retryable(401));
	assert_false(http_status_retryable(200));
	assert_string_equal(http_status_reason(404), "Not Found");
	assert_string_equal(http_status_reason(599), "");
}

static void
test_url_display_redacted(void **state)
{
	char *s;

	(void)state;
	/* the token in the path, raw and percent-encoded; query dropped */
	s = http_url_display_redacted(
	    "https://h.example/s/abc-TOK/x?access_token=abc-TOK", "abc-TOK");
	assert_string_equal(s, "https://h.example/s/[token]/x");
	free(s);
	s = http_url_display_redacted("https://h.example/a%2Bb%3D/x", "a+b=");
	assert_string_equal(s, "https://h.example/[token]/x");
	free(s);
	s = http_url_display_redacted("https://h.example/a%2bb%3d/x", "a+b=");
	assert_string_equal(s, "https://h.example/[token]/x");
	free(s);
	/* escaped in part: the path goes */
	s = http_url_display_redacted(
	    "https://h.example:8443/a/%54OK-1/b", "TOK-1");
	assert_string_equal(s, "https://h.example:8443/[path with the token]");
	free(s);
	s = http_url_display_redacted("https://u:p@h.example/x", NULL);
	assert_string_equal(s, "https://h.example/x");
	free(s);
	s = http_url_display_redacted("https://h.example/x", "");
	assert_string_equal(s, "https://h.example/x");
	free(s);
}

static void
test_same_origin(void **state)
{
	(void)state;
	assert_true(
	    http_same_origin("http://h.example/a", "http://h.example:80/b"));
	assert_true(
	    http_same_origin("https://H.example/", "https://h.example:443"));
	assert_false(
	    http_same_origin("https://h.example/", "http://h.example/"));
	assert_false(
	    http_same_origin("https://h.example/", "https://h.example:8443/"));
	assert_false(http_same_origin(
	    "https://h.example/", "https://h.example.evil.test/"));
	assert_false(http_same_origin(
	    "https://h.example/", "https://evil.test/h.example/"));
	assert_false(http_same_origin("https://h.example/", "not a url"));
	assert_false(http_same_origin("not a url", "https://h.example/"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_join),
		cmocka_unit_test(test_url_join_credentials_hidden),
		cmocka_unit_test(test_url_display),
		cmocka_unit_test(test_url_display_redacted),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_redirect_check),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_status),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	http_global_cleanup();
	return rc;
}
