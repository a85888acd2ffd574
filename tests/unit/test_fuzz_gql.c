/*
 * test_fuzz_gql.c: the fuzz_gql target (tests/fuzz/fuzz_gql.c) compiled
 * in, so that "make check" replays its seeds and hostile inputs without
 * clang: 10,000-deep nesting, unterminated strings and block strings,
 * binary bytes, invalid UTF-8, holes everywhere, a fragment bomb.  The
 * target aborts on a broken invariant.
 */
#include "drift/compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "helpers/testfile.h"

#define LLVMFuzzerTestOneInput fuzz_gql_one
#include "../fuzz/fuzz_gql.c"
#undef LLVMFuzzerTestOneInput

static void
run(const char *s, size_t n)
{
	assert_int_equal(fuzz_gql_one((const uint8_t *)s, n), 0);
}

static void
test_seeds(void **state)
{
	char *dir = test_path("tests/fuzz/seeds/fuzz_gql");
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		struct buf p = BUF_INIT;
		char *text;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", dir, e->d_name);
		text = test_read_file(p.buf, &len);
		assert_non_null(text);
		run(text, len);
		free(text);
		buf_release(&p);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n >= 5);
}

static void
test_hostile(void **state)
{
	static const char *const small[] = { "{", "{ a(b: \"x",
		"{ a(b: \"\"\"x", "query ($a: [[[[", "{ a(b: [[[[{{{{",
		"\x01{\x01 a \x01}\x01", "{ a \xff\xfe }", "\0\0\0",
		"fragment F on authors { ...F }",
		"{ ... on block_hero { ... on pages_blocks { id } } }",
		"{ pages { blocks { item { \x01 } } } }",
		"mutation { create_articles_item(data: \x01) { id } }" };
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		run(small[i], strlen(small[i]) ? strlen(small[i]) : 3);
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "{a");
	run(b.buf, b.len);
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "{ authors { articles { author ");
	run(b.buf, b.len);
	buf_reset(&b);
	buf_adds(&b, "{ authors { ...F0 } }\n");
	for (i = 0; i < 40; i++)
		buf_addf(&b,
		    "fragment F%zu on authors { name ...F%zu ...F%zu }\n", i,
		    i + 1, i + 1);
	run(b.buf, b.len);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
