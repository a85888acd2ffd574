/* test_curl_api.c: libcurl loaded on first use (curl_api.h) */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "drift/curl_api.h"

static void
test_loads_once(void **state)
{
	const struct curl_api *a, *b;

	(void)state;
	a = curl_api();
	b = curl_api();
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_non_null(a->global_init);
	assert_non_null(a->easy_setopt);
	assert_non_null(a->easy_header);
	assert_non_null(a->url_set);
	assert_string_equal(a->easy_strerror(CURLE_OK), "No error");
}

static void
test_functions_work(void **state)
{
	const struct curl_api *c = curl_api();
	CURLU *u = c->url();
	char *host = NULL;
	time_t t;

	(void)state;
	assert_non_null(u);
	assert_int_equal(c->url_set(u, CURLUPART_URL,
			     "https://cms.example.com:8443/base", 0),
	    CURLUE_OK);
	assert_int_equal(c->url_get(u, CURLUPART_HOST, &host, 0), CURLUE_OK);
	assert_string_equal(host, "cms.example.com");
	c->free(host);
	c->url_cleanup(u);
	t = c->getdate("Wed, 21 Oct 2015 07:28:00 GMT", NULL);
	assert_int_equal((long long)t, 1445412480LL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_once),
		cmocka_unit_test(test_functions_work),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
