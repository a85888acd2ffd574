/*
 * test_load.c: sniffing, default limits, and the js-yaml scalar
 * resolution table (resolve_plain).
 */
#include "drift/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/load.h"
#include "drift/loadpriv.h"
#include "drift/tree.h"

static void
test_sniff(void **state)
{
	(void)state;
	assert_int_equal(load_sniff("{}", 2), LOAD_JSON);
	assert_int_equal(load_sniff("\xef\xbb\xbf \r\n\t[1]", 10), LOAD_JSON);
	assert_int_equal(load_sniff("version: 1", 10), LOAD_YAML);
	assert_int_equal(load_sniff("# {\n{}", 6), LOAD_YAML);
	assert_int_equal(load_sniff("", 0), LOAD_YAML);
	/* only len bytes are looked at */
	assert_int_equal(load_sniff("  {", 2), LOAD_YAML);
}

static void
test_limits_default(void **state)
{
	struct load_limits lim;

	(void)state;
	load_limits_default(&lim);
	assert_int_equal(lim.max_bytes, 1024u * 1024 * 1024);
	assert_int_equal(lim.max_depth, 64);
	assert_int_equal(lim.max_alias_nodes, 1000000);
	assert_int_equal(lim.max_scalar, 1024 * 1024);
	assert_int_equal(lim.max_nodes, 50000000);
}

static void
test_forced_format(void **state)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	(void)state;
	/* flow YAML that is not JSON */
	assert_int_equal(load_tree("x", "{a: 1}", 6, LOAD_YAML, NULL, &t,
	    &err), 0);
	assert_int_equal(tnode_get(tree_root(t), "a")->u.i, 1);
	tree_free(&t);
	assert_int_equal(load_tree("x", "{a: 1}", 6, LOAD_AUTO, NULL, &t,
	    &err), -1);
	assert_string_equal(err.msg, "unexpected 'a', expected a string key");
	assert_int_equal(err.col, 2);
}

struct rcase {
	const char *in;
	int kind;
	double num; /* for TN_BOOL/TN_INT/TN_FLOAT */
};

static void
test_resolve_table(void **state)
{
	static const struct rcase cases[] = {
		{ "", TN_NULL, 0 }, { "~", TN_NULL, 0 },
		{ "null", TN_NULL, 0 }, { "Null", TN_NULL, 0 },
		{ "NULL", TN_NULL, 0 }, { "nULL", TN_STR, 0 },
		{ "true", TN_BOOL, 1 }, { "True", TN_BOOL, 1 },
		{ "TRUE", TN_BOOL, 1 }, { "false", TN_BOOL, 0 },
		{ "False", TN_BOOL, 0 }, { "FALSE", TN_BOOL, 0 },
		{ "tRUE", TN_STR, 0 }, { "yes", TN_STR, 0 },
		{ "no", TN_STR, 0 }, { "on", TN_STR, 0 }, { "off", TN_STR, 0 },
		{ "0", TN_INT, 0 }, { "-0", TN_INT, 0 }, { "+12", TN_INT, 12 },
		{ "-12", TN_INT, -12 }, { "007", TN_INT, 7 },
		{ "017", TN_INT, 17 }, { "1_000", TN_STR, 0 },
		{ "0x1f", TN_INT, 31 }, { "0xFF", TN_INT, 255 },
		{ "-0x10", TN_INT, -16 }, { "0o17", TN_INT, 15 },
		{ "0b1010", TN_INT, 10 }, { "0b1_0", TN_STR, 0 },
		{ "0X1F", TN_STR, 0 }, { "0x", TN_STR, 0 },
		{ "0b102", TN_STR, 0 }, { "0o8", TN_STR, 0 },
		{ "_1", TN_STR, 0 }, { "1_", TN_STR, 0 }, { "0_1", TN_STR, 0 },
		{ "-", TN_STR, 0 }, { "+", TN_STR, 0 },
		{ "9223372036854775807", TN_INT, 9223372036854775807.0 },
		{ "-9223372036854775808", TN_INT, -9223372036854775808.0 },
		{ "9223372036854775808", TN_FLOAT, 9223372036854775808.0 },
		{ "0x10000000000000000", TN_FLOAT, 18446744073709551616.0 },
		{ "1.5", TN_FLOAT, 1.5 }, { "-1.5", TN_FLOAT, -1.5 },
		{ "1.", TN_FLOAT, 1 }, { ".5", TN_FLOAT, 0.5 },
		{ "1e3", TN_FLOAT, 1000 }, { "1.5E-1", TN_FLOAT, 0.15 },
		{ "1_0.5", TN_STR, 0 }, { "1e400", TN_STR, 0 },
		{ "+.5", TN_STR, 0 },
		{ "1e", TN_STR, 0 }, { "1.5_", TN_STR, 0 }, { ".", TN_STR, 0 },
		{ "1.2.3", TN_STR, 0 }, { "2024-01-01", TN_STR, 0 },
		{ "12:30", TN_STR, 0 }, { "1:20:30", TN_STR, 0 },
		{ "1,000", TN_STR, 0 }, { "0.1.0", TN_STR, 0 },
		{ ".inf", TN_FLOAT, INFINITY },
		{ "-.Inf", TN_FLOAT, -INFINITY },
		{ "+.INF", TN_FLOAT, INFINITY }, { ".iNf", TN_STR, 0 },
		{ ".nan", TN_FLOAT, NAN }, { ".NaN", TN_FLOAT, NAN },
		{ ".NAN", TN_FLOAT, NAN }, { "-.nan", TN_STR, 0 },
		{ "#6BFFE1", TN_STR, 0 }, { "hello world", TN_STR, 0 },
	};
	struct tree *t = tree_new("r");
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		const struct rcase *c = &cases[i];
		struct tnode n;
		int ok;

		memset(&n, 0, sizeof(n));
		resolve_plain(t, c->in, strlen(c->in), &n);
		ok = n.kind == c->kind;
		if (ok && n.kind == TN_BOOL)
			ok = n.u.b == (c->num != 0);
		else if (ok && n.kind == TN_INT)
			ok = (double)n.u.i == c->num;
		else if (ok && n.kind == TN_FLOAT)
			ok = isnan(c->num) ? isnan(n.u.f) : n.u.f == c->num;
		else if (ok && n.kind == TN_STR)
			ok = strcmp(n.u.s.p, c->in) == 0 &&
			    n.u.s.len == strlen(c->in);
		if (!ok)
			fail_msg("\"%s\": kind %d, want %d", c->in, n.kind,
			    c->kind);
	}
	tree_free(&t);
}

static void
test_float_locale_free(void **state)
{
	(void)state;
	assert_true(ldr_strtod("2.5", 3) == 2.5);
	/* only len bytes are used */
	assert_true(ldr_strtod("1.25e2xyz", 6) == 125.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_limits_default),
		cmocka_unit_test(test_forced_format),
		cmocka_unit_test(test_resolve_table),
		cmocka_unit_test(test_float_locale_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
