/*
 * test_load.c: sniffing, default limits, and the js-yaml scalar
 * resolution table (resolve_plain).
 */
#include "drift/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree_build.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

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
	assert_int_equal(
	    load_tree("x", "{a: 1}", 6, LOAD_YAML, NULL, &t, &err), 0);
	assert_int_equal(tnode_get(tree_root(t), "a")->u.i, 1);
	tree_free(&t);
	assert_int_equal(
	    load_tree("x", "{a: 1}", 6, LOAD_AUTO, NULL, &t, &err), -1);
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
		{ "", TN_NULL, 0 },
		{ "~", TN_NULL, 0 },
		{ "null", TN_NULL, 0 },
		{ "Null", TN_NULL, 0 },
		{ "NULL", TN_NULL, 0 },
		{ "nULL", TN_STR, 0 },
		{ "true", TN_BOOL, 1 },
		{ "True", TN_BOOL, 1 },
		{ "TRUE", TN_BOOL, 1 },
		{ "false", TN_BOOL, 0 },
		{ "False", TN_BOOL, 0 },
		{ "FALSE", TN_BOOL, 0 },
		{ "tRUE", TN_STR, 0 },
		{ "yes", TN_STR, 0 },
		{ "no", TN_STR, 0 },
		{ "on", TN_STR, 0 },
		{ "off", TN_STR, 0 },
		{ "0", TN_INT, 0 },
		{ "-0", TN_INT, 0 },
		{ "+12", TN_INT, 12 },
		{ "-12", TN_INT, -12 },
		{ "007", TN_INT, 7 },
		{ "017", TN_INT, 17 },
		{ "1_000", TN_STR, 0 },
		{ "0x1f", TN_INT, 31 },
		{ "0xFF", TN_INT, 255 },
		{ "-0x10", TN_INT, -16 },
		{ "0o17", TN_INT, 15 },
		{ "0b1010", TN_INT, 10 },
		{ "0b1_0", TN_STR, 0 },
		{ "0X1F", TN_STR, 0 },
		{ "0x", TN_STR, 0 },
		{ "0b102", TN_STR, 0 },
		{ "0o8", TN_STR, 0 },
		{ "_1", TN_STR, 0 },
		{ "1_", TN_STR, 0 },
		{ "0_1", TN_STR, 0 },
		{ "-", TN_STR, 0 },
		{ "+", TN_STR, 0 },
		{ "9223372036854775807", TN_INT, 9223372036854775807.0 },
		{ "-9223372036854775808", TN_INT, -9223372036854775808.0 },
		{ "9223372036854775808", TN_FLOAT, 9223372036854775808.0 },
		{ "0x10000000000000000", TN_FLOAT, 18446744073709551616.0 },
		{ "1.5", TN_FLOAT, 1.5 },
		{ "-1.5", TN_FLOAT, -1.5 },
		{ "1.", TN_FLOAT, 1 },
		{ ".5", TN_FLOAT, 0.5 },
		{ "1e3", TN_FLOAT, 1000 },
		{ "1.5E-1", TN_FLOAT, 0.15 },
		{ "1_0.5", TN_STR, 0 },
		{ "1e400", TN_STR, 0 },
		{ "+.5", TN_STR, 0 },
		{ "1e", TN_STR, 0 },
		{ "1.5_", TN_STR, 0 },
		{ ".", TN_STR, 0 },
		{ "1.2.3", TN_STR, 0 },
		{ "2024-01-01", TN_STR, 0 },
		{ "12:30", TN_STR, 0 },
		{ "1:20:30", TN_STR, 0 },
		{ "1,000", TN_STR, 0 },
		{ "0.1.0", TN_STR, 0 },
		{ ".inf", TN_FLOAT, INFINITY },
		{ "-.Inf", TN_FLOAT, -INFINITY },
		{ "+.INF", TN_FLOAT, INFINITY },
		{ ".iNf", TN_STR, 0 },
		{ ".nan", TN_FLOAT, NAN },
		{ ".NaN", TN_FLOAT, NAN },
		{ ".NAN", TN_FLOAT, NAN },
		{ "-.nan", TN_STR, 0 },
		{ "#6BFFE1", TN_STR, 0 },
		{ "hello world", TN_STR, 0 },
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
			fail_msg(
			    "\"%s\": kind %d, want %d", c->in, n.kind, c->kind);
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

/*
 * A document of about 420 KB (release, by 64 KiB, starts past 96 KiB): a YAML mapping (one key a line, with a
 * non-ASCII byte in each line so columns differ from bytes), or one line
 * of minified JSON; tail is appended.  New (free).
 */
static char *
big_doc(int json, const char *tail, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, json ? "{" : "");
	for (i = 0; i < (json ? 25000u : 30000u); i++)
		buf_addf(&b,
		    json ? "\"k%07zu\":\"v\xc3\xa9\"," : "k%07zu: v\xc3\xa9\n",
		    i);
	buf_adds(&b, tail);
	return buf_detach(&b, len);
}

/* loads doc twice, with and without release_input: the same result */
static void
same_with_release(int json, const char *tail, int ok)
{
	struct load_limits lim;
	struct derr e1 = DERR_INIT, e2 = DERR_INIT;
	struct tree *t1 = NULL, *t2 = NULL;
	size_t len;
	char *doc = big_doc(json, tail, &len);
	char *copy = xmalloc(len);
	int r1, r2;

	memcpy(copy, doc, len);
	load_limits_default(&lim);
	r1 = load_tree("r", doc, len, LOAD_AUTO, &lim, &t1, &e1);
	lim.release_input = 64 * 1024; /* keeps 16 KiB: page multiples */
	r2 = load_tree("r", copy, len, LOAD_AUTO, &lim, &t2, &e2);
	assert_int_equal(r1, ok ? 0 : -1);
	assert_int_equal(r2, r1);
	/* the middle of the copy was given back: it reads as zeros */
	assert_int_equal(copy[len / 2], 0);
	assert_int_not_equal(doc[len / 2], 0);
	if (ok) {
		const struct tnode *a = tree_root(t1), *b = tree_root(t2);
		const struct tpair *pa = &a->u.map.v[a->u.map.n - 1];
		const struct tpair *pb = &b->u.map.v[b->u.map.n - 1];

		assert_true(tnode_equal(a, b));
		assert_int_equal(pa->line, pb->line);
		assert_int_equal(pa->col, pb->col);
		assert_int_equal(pa->val.line, pb->val.line);
		assert_int_equal(pa->val.col, pb->val.col);
	} else {
		assert_int_equal(e1.line, e2.line);
		assert_int_equal(e1.col, e2.col);
		assert_string_equal(e1.msg, e2.msg);
		assert_true(e1.line > 1 || e1.col > 1000);
	}
	tree_free(&t1);
	tree_free(&t2);
	free(doc);
	free(copy);
}

static void
test_release_input(void **state)
{
	(void)state;
	same_with_release(0, "last: \xc3\xa9\n", 1);
	/* a tab (tab_problem and ldr_offset), a control (ldr_pos) */
	same_with_release(0, "a:\n  b: 1\n\tc: 2\n", 0);
	same_with_release(0, "a: \xc3\xa9 \x01\n", 0);
	same_with_release(1, "\"last\":[1,{\"x\":2}]}", 1);
	same_with_release(1, "\"last\":[1,{\"x\":2}],}", 0);
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
		cmocka_unit_test(test_release_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
