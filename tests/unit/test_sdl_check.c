/* test_sdl_check.c: sdl_check.c, SDL texts compared by what they declare */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/sdl_check.h"

static const char base[] =
    "type Query {\n"
    "  posts(filter: posts_filter, sort: [String], limit: Int): [posts!]!\n"
    "}\n\n"
    "\"\"\"ISO8601 Date values\"\"\"\nscalar Date\n\n"
    "enum EventEnum {\n  create\n  update\n  delete\n}\n\n"
    "union u = a | b\n\n"
    "type posts {\n  id: ID!\n\n  \"\"\"The headline\"\"\"\n  title: String\n"
    "  views: Int\n}\n\n"
    "input posts_filter {\n  id: number_filter_operators\n"
    "  _and: [posts_filter]\n}";

static int
cmp(const char *a, const char *b, struct buf *sum)
{
	char err[256] = "";
	int n = sdl_compare(
	    a, strlen(a), b, strlen(b), "  ", 10, sum, err, sizeof(err));

	if (n < 0)
		print_message("sdl_compare: %s\n", err);
	return n;
}

static void
test_same(void **state)
{
	(void)state;
	assert_int_equal(cmp(base, base, NULL), 0);
}

static void
test_reformatted(void **state)
{
	/* prettier: arguments one a line with commas, block strings spread
	   over lines, definitions in another order, comments */
	static const char pretty[] =
	    "# generated\n"
	    "input posts_filter { id: number_filter_operators, "
	    "_and: [posts_filter] }\n"
	    "type posts {\n  id: ID!\n  \"\"\"\n    The headline\n  \"\"\"\n"
	    "  title: String\n  views: Int\n}\n"
	    "type Query {\n  posts(\n    limit: Int\n    filter: posts_filter\n"
	    "    sort: [String]\n  ): [posts!]!\n}\n"
	    "union u =\n  | a\n  | b\n"
	    "\"\"\"\nISO8601 Date values\n\"\"\"\nscalar Date\n"
	    "enum EventEnum { delete create update }\n"
	    /* graphql-js printSchema: the spec's scalars are left out and
	       arguments sorted; both mean nothing */
	    "scalar String\n";

	(void)state;
	assert_int_equal(cmp(base, pretty, NULL), 0);
}

static void
test_stale_field_and_type(void **state)
{
	struct buf sum = BUF_INIT;
	char *b = strdup(base), *p;

	(void)state;
	/* views removed, title's type changed, a new type */
	p = strstr(b, "  views: Int\n");
	memmove(p, p + 13, strlen(p + 13) + 1);
	p = strstr(b, "title: String");
	memcpy(p, "title: Int   ", 13);
	assert_int_equal(cmp(base, b, &sum), 2);
	assert_string_equal(sum.buf,
	    "  ~ posts.title: String -> Int\n"
	    "  - posts.views: Int\n");
	buf_reset(&sum);
	free(b);
	assert_int_equal(
	    cmp(base,
		"type extra { id: ID }\n"
		"type Query { posts(filter: posts_filter, sort: "
		"[String]): [posts!]! }\n"
		"\"\"\"ISO8601 Date values\"\"\"\nscalar Date\n"
		"enum EventEnum { create update delete }\n"
		"union u = a | b | c\n"
		"type posts { id: ID! \"\"\"A headline\"\"\" title: "
		"String views: Int }\n"
		"input posts_filter { id: number_filter_operators "
		"_and: [posts_filter] }",
		&sum),
	    4);
	assert_string_equal(sum.buf,
	    "  ~ Query.posts: (filter: posts_filter, limit: Int, sort: "
	    "[String]): [posts!]! -> (filter: posts_filter, sort: [String]): "
	    "[posts!]!\n"
	    "  + type extra\n"
	    "  ~ posts.title: description changed\n"
	    "  + u.c\n");
	buf_release(&sum);
}

static void
test_limit(void **state)
{
	struct buf sum = BUF_INIT, a = BUF_INIT;
	char err[64];
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		buf_addf(&a, "type t%02d { id: ID }\n", i);
	assert_int_equal(
	    sdl_compare("", 0, a.buf, a.len, "", 3, &sum, err, sizeof(err)),
	    30);
	assert_string_equal(
	    sum.buf, "+ type t00\n+ type t01\n+ type t02\n... and 27 more\n");
	buf_release(&sum);
	buf_release(&a);
}

static void
test_errors(void **state)
{
	char err[128];
	struct buf deep = BUF_INIT;
	int i;

	(void)state;
	assert_int_equal(sdl_compare(base, strlen(base), "type x {\n  a Int\n}",
			     19, "", 5, NULL, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "2:5: expected ':' after 'a'");
	assert_int_equal(sdl_compare("query { a }", 11, base, strlen(base), "",
			     5, NULL, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "1:1: 'query' is not a type-system"));
	assert_int_equal(sdl_compare("type x { a: String", 18, base,
			     strlen(base), "", 5, NULL, err, sizeof(err)),
	    -1);
	assert_string_equal(err,
	    "1:19: expected a member name, found 'end "
	    "of file'");
	assert_int_equal(sdl_compare("\"\"\"open", 7, base, strlen(base), "", 5,
			     NULL, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "1:1: unterminated string");
	/* 10,000 nested list types: an error, not a stack overflow */
	buf_adds(&deep, "type x { a: ");
	for (i = 0; i < 10000; i++)
		buf_addch(&deep, '[');
	buf_adds(&deep, "Int");
	assert_int_equal(sdl_compare(deep.buf, deep.len, base, strlen(base), "",
			     5, NULL, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "nested deeper than 64 levels"));
	buf_release(&deep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_reformatted),
		cmocka_unit_test(test_stale_field_and_type),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
