/*
 * test_json_load.c: the JSON reader, against jansson and on error cases.
 */
#include "drift/compat.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree.h"
#include "helpers/testfile.h"

/* 1 when the tree node n has the same structure and values as j */
static int
same(const struct tnode *n, json_t *j)
{
	size_t i;

	switch (n->kind) {
	case TN_NULL:
		return json_is_null(j);
	case TN_BOOL:
		return n->u.b ? json_is_true(j) : json_is_false(j);
	case TN_INT:
		return json_is_integer(j) && json_integer_value(j) == n->u.i;
	case TN_FLOAT:
		return json_is_real(j) && json_real_value(j) == n->u.f;
	case TN_STR:
		return json_is_string(j) &&
		    json_string_length(j) == n->u.s.len &&
		    memcmp(json_string_value(j), n->u.s.p, n->u.s.len) == 0;
	case TN_SEQ:
		if (!json_is_array(j) || json_array_size(j) != n->u.seq.n)
			return 0;
		for (i = 0; i < n->u.seq.n; i++)
			if (!same(&n->u.seq.v[i], json_array_get(j, i)))
				return 0;
		return 1;
	case TN_MAP: {
		void *it;

		if (!json_is_object(j) || json_object_size(j) != n->u.map.n)
			return 0;
		/* key order is preserved by both */
		for (i = 0, it = json_object_iter(j); i < n->u.map.n;
		     i++, it = json_object_iter_next(j, it)) {
			const struct tpair *p = &n->u.map.v[i];

			if (it == NULL ||
			    strcmp(json_object_iter_key(it), p->key) != 0 ||
			    !same(&p->val, json_object_iter_value(it)))
				return 0;
		}
		return 1;
	}
	}
	return 0;
}

static void
check_against_jansson(const char *name, const char *data, size_t len)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	json_error_t jerr;
	json_t *j;
	int r;

	j = json_loadb(data, len, JSON_ALLOW_NUL, &jerr);
	if (j == NULL)
		fail_msg("%s: jansson: %s", name, jerr.text);
	r = json_load(name, data, len, NULL, &t, &err);
	if (r != 0)
		fail_msg("%s:%u:%u: %s", name, err.line, err.col, err.msg);
	if (!same(tree_root(t), j))
		fail_msg("%s: tree differs from jansson's", name);
	json_decref(j);
	tree_free(&t);
}

static void
test_corpus_vs_jansson(void **state)
{
	char *dir = test_path("../shared/corpus");
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	(void)state;
	if (d == NULL) {
		printf("corpus %s absent: skipping\n", dir);
		free(dir);
		skip();
	}
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name), len;
		char *path, *data;

		if (nl < 5 || strcmp(e->d_name + nl - 5, ".json") != 0)
			continue;
		path = malloc(strlen(dir) + nl + 2);
		assert_non_null(path);
		memcpy(path, dir, strlen(dir));
		path[strlen(dir)] = '/';
		memcpy(path + strlen(dir) + 1, e->d_name, nl + 1);
		data = test_read_file(path, &len);
		assert_non_null(data);
		check_against_jansson(path, data, len);
		free(data);
		free(path);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n > 0);
}

static void
test_inline_vs_jansson(void **state)
{
	static const char *const cases[] = {
		"{}",
		"{\"a\":[]}",
		" \t\r\n{ \"a\" : 1 , \"b\" : [ 1 , -2 , 3.5 , -0.25e-3 ] }\n",
		"{\"s\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f"
		"\\n\\r\\t\"}",
		"{\"raw\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\"}",
		"{\"nul\":\"a\\u0000b\"}",
		"{\"big\":9223372036854775807,\"small\":"
		"-9223372036854775808,\"zero\":-0,\"e\":1E+2,"
		"\"f\":1e-400,\"g\":0.1,\"h\":123456789.123456789}",
		"{\"t\":true,\"f\":false,\"n\":null,\"o\":{\"x\":{\"y\":{}}}}",
		"{\"k\\u0041\":1,\"kA2\":2}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++)
		check_against_jansson(cases[i], cases[i], strlen(cases[i]));
}

static void
test_values(void **state)
{
	static const char doc[] =
	    "{\"a\": 18446744073709551616, "
	    "\"b\": -9223372036854775809, \"c\": 1.5,\n  \"d\": \"x\"}";
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	const struct tnode *r, *n;

	(void)state;
	assert_int_equal(
	    json_load("v.json", doc, sizeof(doc) - 1, NULL, &t, &err), 0);
	r = tree_root(t);
	assert_int_equal(r->kind, TN_MAP);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->col, 1);
	n = tnode_get(r, "a");
	assert_int_equal(n->kind, TN_FLOAT);
	assert_true(n->u.f == 18446744073709551616.0);
	n = tnode_get(r, "b");
	assert_int_equal(n->kind, TN_FLOAT);
	n = tnode_get(r, "c");
	assert_int_equal(n->kind, TN_FLOAT);
	assert_true(n->u.f == 1.5);
	n = tnode_get(r, "d");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 8);
	assert_int_equal(tnode_get_pair(r, "d")->line, 2);
	assert_int_equal(tnode_get_pair(r, "d")->col, 3);
	assert_int_equal(tnode_get_pair(r, "a")->col, 2);
	tree_free(&t);
}

/*
 * A node's column is 16 bits (tree.h): past TNODE_COL_MAX, as in minified
 * JSON, it is stored as 0 (unknown); keys and error messages keep the full
 * column.
 */
static void
test_wide_columns(void **state)
{
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	const struct tnode *r, *n;
	size_t i;

	(void)state;
	buf_adds(&b, "{\"pad\": \"");
	for (i = 0; i < 70000; i++)
		buf_addch(&b, 'x');
	/* "pad" value ends at column 70010; "a" key at 70013 */
	buf_adds(&b, "\", \"a\": [1, {\"b\": true}]}");
	assert_int_equal(json_load("w.json", b.buf, b.len, NULL, &t, &err), 0);
	r = tree_root(t);
	assert_int_equal(r->col, 1);
	assert_int_equal(tnode_get(r, "pad")->col, 9);
	assert_int_equal(tnode_get_pair(r, "a")->line, 1);
	assert_int_equal(tnode_get_pair(r, "a")->col, 70013);
	n = tnode_get(r, "a");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 0);
	assert_int_equal(n->u.seq.v[0].col, 0);
	assert_int_equal(n->u.seq.v[1].col, 0);
	tree_free(&t);

	/* an error past the limit still names the full column */
	b.len -= 1;
	buf_adds(&b, ",}");
	assert_int_equal(json_load("w.json", b.buf, b.len, NULL, &t, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 70035);
	buf_release(&b);
}

/* tree keys are C strings (tree.h): a key with \u0000 is an error */
static void
test_nul_key(void **state)
{
	static const char doc[] = "{\"a\": \"x\\u0000y\",\n"
				  " \"b\\u0000c\": 1}";
	struct derr err = DERR_INIT;
	struct tree *t = (struct tree *)&err;

	(void)state;
	assert_int_equal(
	    json_load("k.json", doc, sizeof(doc) - 1, NULL, &t, &err), -1);
	assert_null(t);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 2);
	assert_string_equal(err.msg, "a key holds a NUL character (\\u0000)");
}

static void
test_positions_code_points(void **state)
{
	/* columns count code points, not bytes; the BOM is not counted */
	static const char doc[] = "\xef\xbb\xbf{\"\xc3\xa9\xc3\xa9\": 1, "
				  "\"b\": \"\xf0\x9f\x98\x80\", \"c\": 2}";
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	const struct tnode *r;

	(void)state;
	assert_int_equal(
	    json_load("p.json", doc, sizeof(doc) - 1, NULL, &t, &err), 0);
	r = tree_root(t);
	assert_int_equal(r->col, 1);
	assert_int_equal(tnode_get(r, "\xc3\xa9\xc3\xa9")->col, 8);
	assert_int_equal(tnode_get(r, "b")->col, 16);
	assert_int_equal(tnode_get_pair(r, "c")->col, 21);
	/* keys are interned */
	assert_ptr_equal(tnode_get_pair(r, "b")->key, tree_intern(t, "b", 1));
	tree_free(&t);
}

struct ecase {
	const char *in;
	size_t len; /* 0: strlen */
	unsigned line, col;
	const char *msg;
};

static void
run_errors(const struct ecase *c, size_t n, const struct load_limits *lim)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct derr err = DERR_INIT;
		struct tree *t = (struct tree *)&err;
		size_t len = c[i].len ? c[i].len : strlen(c[i].in);
		int r = json_load("e.json", c[i].in, len, lim, &t, &err);

		if (r != -1 || t != NULL)
			fail_msg("case %zu (%s): accepted", i, c[i].in);
		if (err.status != DRIFT_EXIT_INPUT || err.line != c[i].line ||
		    err.col != c[i].col || strcmp(err.msg, c[i].msg) != 0 ||
		    strcmp(err.origin, "e.json") != 0)
			fail_msg("case %zu (%s): got %d %s:%u:%u: %s", i,
			    c[i].in, err.status, err.origin, err.line, err.col,
			    err.msg);
	}
}

static void
test_errors(void **state)
{
	static const struct ecase cases[] = {
		{ "", 0, 1, 1, "empty input: expected a snapshot" },
		{ " \n\t", 0, 1, 1, "empty input: expected a snapshot" },
		{ "[1, 2]", 0, 1, 1,
		    "expected a snapshot object at the top "
		    "level, found an array" },
		{ "\n  \"x\"", 0, 2, 3,
		    "expected a snapshot object at the "
		    "top level, found a string" },
		{ "42", 0, 1, 1,
		    "expected a snapshot object at the top "
		    "level, found a number" },
		{ "{\"a\":1,}", 0, 1, 8, "trailing comma before '}'" },
		{ "{\"a\":[1,]}", 0, 1, 9, "trailing comma before ']'" },
		{ "{\"a\":01}", 0, 1, 6,
		    "leading zeros are not allowed in "
		    "numbers" },
		{ "{\"a\":-01}", 0, 1, 6,
		    "leading zeros are not allowed in "
		    "numbers" },
		{ "{\"a\":NaN}", 0, 1, 6, "unexpected 'N', expected a value" },
		{ "{\"a\":Infinity}", 0, 1, 6,
		    "unexpected 'I', expected a "
		    "value" },
		{ "{\"a\":-}", 0, 1, 7, "unexpected '}', expected a digit" },
		{ "{\"a\":1.}", 0, 1, 8,
		    "unexpected '}', expected a digit "
		    "after '.'" },
		{ "{\"a\":1e}", 0, 1, 8,
		    "unexpected '}', expected a digit in "
		    "the exponent" },
		{ "{\"a\":.5}", 0, 1, 6, "unexpected '.', expected a value" },
		{ "{\"a\":1} x", 0, 1, 9,
		    "unexpected text after the "
		    "snapshot object" },
		{ "{\"a\":1}{}", 0, 1, 8,
		    "unexpected text after the "
		    "snapshot object" },
		{ "{// c\n\"a\":1}", 0, 1, 2,
		    "unexpected '/', expected a "
		    "string key" },
		{ "{'a':1}", 0, 1, 2,
		    "unexpected ''', expected a string "
		    "key" },
		{ "{\"a\" 1}", 0, 1, 6,
		    "unexpected '1', expected ':' after "
		    "the key" },
		{ "{\"a\":1 \"b\":2}", 0, 1, 8,
		    "unexpected '\"', expected "
		    "',' or '}'" },
		{ "{\"a\":[1 2]}", 0, 1, 9,
		    "unexpected '2', expected ',' or "
		    "']'" },
		{ "{\"a\":\"x\ty\"}", 0, 1, 8,
		    "control character in a string "
		    "(escape it)" },
		{ "{\"a\":\"x\\qy\"}", 0, 1, 8,
		    "invalid escape sequence in a "
		    "string" },
		{ "{\"a\":\"\\u12G4\"}", 0, 1, 7,
		    "invalid \\u escape in a "
		    "string (four hex digits expected)" },
		{ "{\"a\":\"\\ud800\"}", 0, 1, 7,
		    "lone surrogate \\ud800 in a "
		    "string" },
		{ "{\"a\":\"\\ud800\\u0041\"}", 0, 1, 7,
		    "lone surrogate "
		    "\\ud800 in a string" },
		{ "{\"a\":\"\\udc00\"}", 0, 1, 7,
		    "lone surrogate \\udc00 in a "
		    "string" },
		{ "{\"a\":\"abc", 0, 1, 10,
		    "unexpected end of input, "
		    "expected '\"' to close the string" },
		{ "{\"a\":1", 0, 1, 7,
		    "unexpected end of input, expected "
		    "',' or '}'" },
		{ "{\"a\":tru}", 0, 1, 6, "unexpected 't', expected a value" },
		{ "{\n  \"x\": 1,\n  \"y\": 2,\n  \"x\": 3\n}", 0, 4, 3,
		    "duplicate key \"x\" (first at 2:3)" },
		{ "{\"a\":\"caf\xe9 x\"}", 0, 1, 10,
		    "invalid UTF-8 byte 0xe9" },
		{ "{\"a\":\n \"\xc3\xa9\xff\"}", 0, 2, 4,
		    "invalid UTF-8 byte 0xff" },
		{ "{\"a\":\"\xed\xa0\x80\"}", 0, 1, 7,
		    "invalid UTF-8 byte 0xed" },
		{ "{\"a\":\"\xc0\xaf\"}", 0, 1, 7, "invalid UTF-8 byte 0xc0" },
		{ "{\"a\":\"x\0\"}", 10, 1, 8, "NUL byte in the input" },
		{ "[12:00:00.000] INFO: Loading...\n{\"version\":1}", 0, 1, 1,
		    "unexpected text before the snapshot (a log line?)" },
	};

	(void)state;
	run_errors(cases, DRIFT_ARRAY_LEN(cases), NULL);
}

static void
test_log_line_hint(void **state)
{
	static const char doc[] = "[12:00:00.000] INFO: Loading...\n"
				  "\n{\"version\":1}\n";
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(load_tree("s.json", doc, sizeof(doc) - 1, LOAD_AUTO,
			     NULL, &t, &err),
	    -1);
	assert_string_equal(err.hint, "the snapshot seems to start at line 3");
	/* a real top-level array over several lines is not a log line */
	assert_int_equal(load_tree("s.json", "[\n{\"a\":1}\n]", 11, LOAD_AUTO,
			     NULL, &t, &err),
	    -1);
	assert_string_equal(err.msg,
	    "expected a snapshot object at the top "
	    "level, found an array");
}

static void
test_limits(void **state)
{
	struct load_limits lim;
	static const struct ecase depth[] = {
		{ "{\"a\":{\"b\":[1]}}", 0, 1, 11,
		    "nesting deeper than the "
		    "limit of 2 levels" },
	};
	static const struct ecase scalar[] = {
		{ "{\"a\":\"12345\"}", 0, 1, 6,
		    "string longer than the limit "
		    "of 4 bytes" },
		{ "{\"abcde\":1}", 0, 1, 2,
		    "string longer than the limit "
		    "of 4 bytes" },
		{ "{\"a\":\"\\u00e9\\u00e9\\u00e9\"}", 0, 1, 6,
		    "string longer "
		    "than the limit of 4 bytes" },
	};
	static const struct ecase nodes[] = {
		{ "{\"a\":[1,2,3]}", 0, 1, 11,
		    "the document has more than the "
		    "limit of 4 nodes" },
	};
	static const struct ecase bytes[] = {
		{ "{\"a\":[1,2,3]}", 0, 0, 0,
		    "input is larger than the limit "
		    "of 8 bytes" },
	};
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	(void)state;
	load_limits_default(&lim);
	lim.max_depth = 2;
	run_errors(depth, 1, &lim);
	assert_int_equal(
	    json_load("d", "{\"a\":{\"b\":1}}", 13, &lim, &t, &err), 0);
	tree_free(&t);
	load_limits_default(&lim);
	lim.max_scalar = 4;
	run_errors(scalar, DRIFT_ARRAY_LEN(scalar), &lim);
	assert_int_equal(
	    json_load("d", "{\"abcd\":\"1234\"}", 15, &lim, &t, &err), 0);
	tree_free(&t);
	load_limits_default(&lim);
	lim.max_nodes = 4;
	run_errors(nodes, 1, &lim);
	load_limits_default(&lim);
	lim.max_bytes = 8;
	run_errors(bytes, 1, &lim);
}

static void
test_many_keys(void **state)
{
	/* past KEYS_LINEAR: the hash index finds duplicates too */
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	int i;

	(void)state;
	buf_addch(&b, '{');
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_addch(&b, '}');
	assert_int_equal(json_load("m", b.buf, b.len, NULL, &t, &err), 0);
	assert_int_equal(tree_root(t)->u.map.n, 1000);
	assert_int_equal(tnode_get(tree_root(t), "k777")->u.i, 777);
	tree_free(&t);
	b.len--;
	buf_adds(&b, ",\"k500\":1}");
	assert_int_equal(json_load("m", b.buf, b.len, NULL, &t, &err), -1);
	assert_true(
	    strncmp(err.msg, "duplicate key \"k500\" (first at 1:", 33) == 0);
	buf_release(&b);
}

static void
test_stdin_origin(void **state)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(json_load("-", "[]", 2, NULL, &t, &err), -1);
	assert_string_equal(err.origin, "<stdin>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inline_vs_jansson),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_positions_code_points),
		cmocka_unit_test(test_wide_columns),
		cmocka_unit_test(test_nul_key),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_log_line_hint),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_stdin_origin),
		cmocka_unit_test(test_corpus_vs_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
