/* test_usage.c: the usage record set (usage.h) */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drift/usage.h"

static void
test_access_names(void **state)
{
	(void)state;
	assert_string_equal(usage_access_name(UA_READ), "read");
	assert_string_equal(usage_access_name(UA_AGGREGATE), "aggregate");
	assert_string_equal(usage_access_name(UA_TYPE), "type");
	assert_string_equal(usage_access_name((enum usage_access)99), "read");
}

static void
test_sort_dedup(void **state)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r;
	struct usage_problem p;
	int i;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.collection = "posts";
	r.field = "title";
	r.site.file = usage_strdup(&u, "b.ts");
	r.site.line = 3;
	for (i = 0; i < 3; i++)
		usage_add_ref(&u, &r);
	r.site.file = "a.ts";
	r.site.line = 9;
	usage_add_ref(&u, &r);
	r.field = NULL;
	r.access = UA_DELETE;
	usage_add_ref(&u, &r);
	memset(&p, 0, sizeof(p));
	p.kind = UP_UNKNOWN_FIELD;
	p.site.file = "a.ts";
	p.message = usage_printf(&u, "unknown field %s.%s", "posts", "x");
	usage_add_problem(&u, &p);
	usage_add_problem(&u, &p);
	usage_add_note(&u, "skipped %s", "dist/app.js");
	usage_set_sort(&u);
	assert_int_equal(u.nrefs, 3);
	assert_string_equal(u.refs[0].site.file, "a.ts");
	assert_null(u.refs[0].field);
	assert_string_equal(u.refs[1].field, "title");
	assert_string_equal(u.refs[2].site.file, "b.ts");
	assert_int_equal(u.nproblems, 1);
	assert_string_equal(u.problems[0].message, "unknown field posts.x");
	assert_int_equal(u.nnotes, 1);
	assert_string_equal(u.notes[0], "skipped dist/app.js");
	usage_set_release(&u);
	assert_int_equal(u.nrefs, 0);
	assert_null(u.arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_names),
		cmocka_unit_test(test_sort_dedup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
