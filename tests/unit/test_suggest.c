/* test_suggest.c: the edit distance behind every "did you mean" hint */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "drift/suggest.h"

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("diff", "diff"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("abc", ""), 3);
	/* one insertion, one deletion, one substitution */
	assert_int_equal(suggest_distance("dif", "diff"), 1);
	assert_int_equal(suggest_distance("rules", "rule"), 1);
	assert_int_equal(suggest_distance("chekc", "check"), 2);
	assert_int_equal(suggest_distance("breakng", "breaking"), 1);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("sitting", "kitten"), 3);
}

static void
test_cap(void **state)
{
	char at[SUGGEST_MAX_LEN + 1], over[SUGGEST_MAX_LEN + 2];

	(void)state;
	memset(at, 'a', SUGGEST_MAX_LEN);
	at[SUGGEST_MAX_LEN] = '\0';
	memset(over, 'a', SUGGEST_MAX_LEN + 1);
	over[SUGGEST_MAX_LEN + 1] = '\0';
	assert_int_equal(suggest_distance(at, at), 0);
	assert_int_equal(suggest_distance(at, "a"), SUGGEST_MAX_LEN - 1);
	assert_true(suggest_distance(over, over) == (size_t)-1);
	assert_true(suggest_distance(over, "a") == (size_t)-1);
	assert_true(suggest_distance("a", over) == (size_t)-1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
