/*
 * test_yaml_load.c: the YAML reader: js-yaml semantics, positions,
 * anchors, merges, errors, fixtures and the corpus.
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

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree.h"
#include "helpers/testfile.h"

static struct tree *
load_ok(const char *doc)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	if (yaml_load("t.yaml", doc, strlen(doc), NULL, &t, &err) != 0)
		fail_msg(
		    "%s:%u:%u: %s", err.origin, err.line, err.col, err.msg);
	return t;
}

static struct tree *
load_file(const char *path, int fmt_json)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	size_t len;
	char *data = test_read_file(path, &len);

	if (data == NULL)
		fail_msg("cannot read %s", path);
	if (load_tree(path, data, len, LOAD_AUTO, NULL, &t, &err) != 0)
		fail_msg(
		    "%s:%u:%u: %s", err.origin, err.line, err.col, err.msg);
	assert_int_equal(
	    load_sniff(data, len), fmt_json ? LOAD_JSON : LOAD_YAML);
	free(data);
	return t;
}

static void
test_scalars(void **state)
{
	static const char doc[] =
	    "s1: 'true'\n"
	    "s2: \"1\"\n"
	    "s3: |\n  x\n"
	    "n1: null\nn2: ~\nn3:\nn4: NULL\n"
	    "b1: True\nb2: FALSE\n"
	    "i1: 0x1F\ni2: -0o17\ni3: 0b101\ni4: 1_000\ni5: 007\n"
	    "f1: 1.5\nf2: -.inf\nf3: .NaN\nf4: 1e3\nf5: 99999999999999999999\n"
	    "w1: yes\nw2: on\nw3: 2024-01-01\nw4: 12:30\nw5: +.5\n"
	    "t1: !!str 12\nt2: !!int \"12\"\nt3: !!float 2\nt4: ! 12\n";
	struct tree *t = load_ok(doc);
	const struct tnode *r = tree_root(t);

	(void)state;
	assert_string_equal(tnode_str(tnode_get(r, "s1")), "true");
	assert_string_equal(tnode_str(tnode_get(r, "s2")), "1");
	assert_string_equal(tnode_str(tnode_get(r, "s3")), "x\n");
	assert_int_equal(tnode_get(r, "n1")->kind, TN_NULL);
	assert_int_equal(tnode_get(r, "n2")->kind, TN_NULL);
	assert_int_equal(tnode_get(r, "n3")->kind, TN_NULL);
	assert_int_equal(tnode_get(r, "n4")->kind, TN_NULL);
	assert_true(tnode_is_true(tnode_get(r, "b1")));
	assert_int_equal(tnode_get(r, "b2")->kind, TN_BOOL);
	assert_false(tnode_is_true(tnode_get(r, "b2")));
	assert_int_equal(tnode_get(r, "i1")->u.i, 31);
	assert_int_equal(tnode_get(r, "i2")->u.i, -15);
	assert_int_equal(tnode_get(r, "i3")->u.i, 5);
	assert_string_equal(tnode_str(tnode_get(r, "i4")), "1_000");
	assert_int_equal(tnode_get(r, "i5")->u.i, 7);
	assert_int_equal(tnode_get(r, "i5")->kind, TN_INT);
	assert_true(tnode_get(r, "f1")->u.f == 1.5);
	assert_true(
	    isinf(tnode_get(r, "f2")->u.f) && tnode_get(r, "f2")->u.f < 0);
	assert_true(isnan(tnode_get(r, "f3")->u.f));
	assert_int_equal(tnode_get(r, "f4")->kind, TN_FLOAT);
	assert_true(tnode_get(r, "f4")->u.f == 1000.0);
	assert_int_equal(tnode_get(r, "f5")->kind, TN_FLOAT);
	assert_true(tnode_get(r, "f5")->u.f == 1e20);
	assert_string_equal(tnode_str(tnode_get(r, "w1")), "yes");
	assert_string_equal(tnode_str(tnode_get(r, "w2")), "on");
	assert_string_equal(tnode_str(tnode_get(r, "w3")), "2024-01-01");
	assert_string_equal(tnode_str(tnode_get(r, "w4")), "12:30");
	assert_string_equal(tnode_str(tnode_get(r, "w5")), "+.5");
	assert_string_equal(tnode_str(tnode_get(r, "t1")), "12");
	assert_int_equal(tnode_get(r, "t2")->u.i, 12);
	assert_int_equal(tnode_get(r, "t3")->kind, TN_FLOAT);
	assert_string_equal(tnode_str(tnode_get(r, "t4")), "12");
	tree_free(&t);
}

static void
test_positions(void **state)
{
	static const char doc[] = "version: 1\n"
				  "collections:\n"
				  "  - collection: \"x\"\n"
				  "    meta:\n"
				  "      note: \xc3\xa9t\xc3\xa9 ok\n"
				  "      \xc3\xa9: 2\n";
	struct tree *t = load_ok(doc);
	const struct tnode *r = tree_root(t), *c, *m;

	(void)state;
	assert_int_equal(r->line, 1);
	assert_int_equal(r->col, 1);
	c = tnode_get(r, "collections");
	assert_int_equal(c->kind, TN_SEQ);
	assert_int_equal(c->line, 3);
	assert_int_equal(c->col, 3);
	assert_int_equal(c->u.seq.v[0].line, 3);
	assert_int_equal(c->u.seq.v[0].col, 5);
	assert_int_equal(tnode_get_pair(&c->u.seq.v[0], "collection")->col, 5);
	/* a quoted scalar starts at its quote */
	assert_int_equal(tnode_get(&c->u.seq.v[0], "collection")->col, 17);
	m = tnode_get(&c->u.seq.v[0], "meta");
	assert_int_equal(tnode_get(m, "note")->line, 5);
	assert_int_equal(tnode_get(m, "note")->col, 13);
	/* columns count code points */
	assert_int_equal(tnode_get(m, "\xc3\xa9")->col, 10);
	assert_int_equal(tnode_get_pair(m, "\xc3\xa9")->line, 6);
	tree_free(&t);
}

static void
test_anchors_merge(void **state)
{
	static const char doc[] = "base: &b\n  x: 1\n  y: 2\n"
				  "other: &o {y: 20, z: 30}\n"
				  "list: &l [a, b]\n"
				  "copy: *l\n"
				  "m1:\n  <<: *b\n  y: 3\n"
				  "m2:\n  y: 4\n  <<: [*b, *o]\n"
				  "m3:\n  <<: {k: v}\n"
				  "k: &k key\n"
				  "m4: {*k : 1}\n";
	struct tree *t = load_ok(doc);
	const struct tnode *r = tree_root(t), *m;

	(void)state;
	/* an alias is a shallow copy: the children are shared */
	assert_ptr_equal(
	    tnode_get(r, "copy")->u.seq.v, tnode_get(r, "list")->u.seq.v);
	m = tnode_get(r, "m1");
	assert_int_equal(m->u.map.n, 2);
	assert_int_equal(tnode_get(m, "x")->u.i, 1);
	assert_int_equal(tnode_get(m, "y")->u.i, 3);
	m = tnode_get(r, "m2");
	assert_int_equal(m->u.map.n, 3);
	assert_int_equal(tnode_get(m, "y")->u.i, 4);
	assert_int_equal(tnode_get(m, "x")->u.i, 1);
	assert_int_equal(tnode_get(m, "z")->u.i, 30);
	assert_string_equal(tnode_str(tnode_get(tnode_get(r, "m3"), "k")), "v");
	assert_int_equal(tnode_get(tnode_get(r, "m4"), "key")->u.i, 1);
	assert_null(tnode_get(r, "<<"));
	tree_free(&t);
}

struct ecase {
	const char *in;
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
		int r = load_tree("e.yaml", c[i].in, strlen(c[i].in), LOAD_AUTO,
		    lim, &t, &err);

		if (r != -1 || t != NULL)
			fail_msg("case %zu (%s): accepted", i, c[i].in);
		if (err.status != DRIFT_EXIT_INPUT || err.line != c[i].line ||
		    err.col != c[i].col || strcmp(err.msg, c[i].msg) != 0 ||
		    strcmp(err.origin, "e.yaml") != 0)
			fail_msg("case %zu (%s): got %d %s:%u:%u: %s", i,
			    c[i].in, err.status, err.origin, err.line, err.col,
			    err.msg);
	}
}

static void
test_errors(void **state)
{
	static const struct ecase cases[] = {
		{ "", 1, 1, "empty input: expected a snapshot" },
		{ "# only a comment\n", 1, 1,
		    "empty input: expected a "
		    "snapshot" },
		{ "- a\n- b\n", 1, 1,
		    "expected a snapshot object at the top "
		    "level, found a sequence" },
		{ "\n  hello\n", 2, 3,
		    "expected a snapshot object at the "
		    "top level, found a string" },
		{ "---\n", 2, 1,
		    "expected a snapshot object at the top "
		    "level, found null" },
		{ "[12:00:00.000] INFO: Loading...\nversion: 1\n", 1, 1,
		    "unexpected text before the snapshot (a log line?)" },
		{ "Loading snapshot from the database\nversion: 1\n", 1, 1,
		    "unexpected text before the snapshot (a log line?)" },
		{ "a: 1\n---\nb: 2\n", 2, 1,
		    "a second YAML document starts "
		    "here; a snapshot is one document" },
		{ "a:\n\tb: 1\n", 2, 1,
		    "found a tab character where "
		    "indentation is expected" },
		{ "a:\n  b: 1\n\tc: 2\n", 3, 1,
		    "found a tab character where "
		    "indentation is expected" },
		{ "a:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3,
		    "duplicate key \"x\" "
		    "(first at 2:3)" },
		{ "a:\n  <<: {x: 1}\n  x: 2\n  x: 3\n", 4, 3,
		    "duplicate key "
		    "\"x\" (first at 3:3)" },
		{ "a: *nope\n", 1, 4, "undefined alias \"nope\"" },
		{ "a: &r [*r]\n", 1, 8, "undefined alias \"r\"" },
		{ "a: !foo 1\n", 1, 4, "unsupported tag \"!foo\"" },
		{ "a: !!binary aGk=\n", 1, 4, "unsupported tag \"!!binary\"" },
		{ "a: !!set {x}\n", 1, 4, "unsupported tag \"!!set\"" },
		{ "a: !!int x1\n", 1, 4, "invalid !!int value \"x1\"" },
		{ "? [a]\n: 1\n", 1, 3,
		    "a mapping key must be a scalar, "
		    "found a sequence" },
		{ "a:\n  <<: 1\n", 2, 7,
		    "a merge key (<<) takes a mapping or "
		    "a sequence of mappings, found a number" },
		{ "a: 1\n  b: 2\n", 2, 4,
		    "mapping values are not allowed in "
		    "this context" },
		{ "a: [1\n", 2, 1,
		    "did not find expected ',' or ']' (while "
		    "parsing a flow sequence at 1:4)" },
		{ "a: b\n\x01\n", 2, 1,
		    "control characters are not allowed "
		    "(U+0001)" },
		{ "a: \"caf\xc3\xa9 \xff\"\n", 1, 10,
		    "invalid UTF-8 byte "
		    "0xff" },
		{ "\xef\xbb\xbf"
		  "a: 1\nb: \xc3\xa9\xe9\n",
		    2, 5, "invalid UTF-8 byte 0xe9" },
		/* tree keys are C strings (tree.h) */
		{ "a: 1\n\"x\\0y\": 2\n", 2, 1,
		    "a mapping key holds a NUL "
		    "character" },
		{ "v: &k \"a\\0\"\nm:\n  *k : 1\n", 3, 3,
		    "a mapping key "
		    "holds a NUL character" },
	};

	(void)state;
	run_errors(cases, DRIFT_ARRAY_LEN(cases), NULL);
}

static void
test_nul(void **state)
{
	static const char doc[] = "a: 1\nb: x\0y\n";
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(
	    yaml_load("n.yaml", doc, sizeof(doc) - 1, NULL, &t, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 5);
	assert_string_equal(err.msg, "NUL byte in the input");
}

static void
test_limits(void **state)
{
	struct load_limits lim;
	static const struct ecase depth[] = {
		{ "a:\n  b:\n    - 1\n", 3, 5,
		    "nesting deeper than the "
		    "limit of 2 levels" },
	};
	static const struct ecase scalar[] = {
		{ "a: 12345\n", 1, 4,
		    "scalar longer than the limit of 4 "
		    "bytes" },
	};
	static const struct ecase nodes[] = {
		{ "a: [1, 2, 3]\n", 1, 11,
		    "the document has more than the "
		    "limit of 4 nodes" },
	};
	static const struct ecase alias[] = {
		{ "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", 2, 13,
		    "alias "
		    "expansion exceeds the limit of 10 nodes" },
	};
	static const struct ecase bytes[] = {
		{ "a: [1, 2, 3]\n", 0, 0,
		    "input is larger than the limit of "
		    "8 bytes" },
	};

	(void)state;
	load_limits_default(&lim);
	lim.max_depth = 2;
	run_errors(depth, 1, &lim);
	load_limits_default(&lim);
	lim.max_scalar = 4;
	run_errors(scalar, 1, &lim);
	load_limits_default(&lim);
	lim.max_nodes = 4;
	run_errors(nodes, 1, &lim);
	load_limits_default(&lim);
	lim.max_alias_nodes = 10;
	run_errors(alias, 1, &lim);
	load_limits_default(&lim);
	lim.max_bytes = 8;
	run_errors(bytes, 1, &lim);
}

static void
test_many_keys(void **state)
{
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	int i;

	(void)state;
	for (i = 0; i < 500; i++)
		buf_addf(&b, "k%d: %d\n", i, i);
	assert_int_equal(yaml_load("m", b.buf, b.len, NULL, &t, &err), 0);
	assert_int_equal(tree_root(t)->u.map.n, 500);
	tree_free(&t);
	buf_adds(&b, "k321: 1\n");
	assert_int_equal(yaml_load("m", b.buf, b.len, NULL, &t, &err), -1);
	assert_string_equal(err.msg,
	    "duplicate key \"k321\" (first at "
	    "322:1)");
	assert_int_equal(err.line, 501);
	buf_release(&b);
}

struct fcase {
	const char *file;
	unsigned line, col;
	const char *msg;
};

static void
test_fixture_errors(void **state)
{
	static const struct fcase cases[] = {
		{ "fixtures/load/log-line.yaml", 1, 1,
		    "unexpected text "
		    "before the snapshot (a log line?)" },
		{ "fixtures/load/tab-indent.yaml", 3, 1,
		    "found a tab "
		    "character where indentation is expected" },
		{ "fixtures/load/two-docs.yaml", 2, 1,
		    "a second YAML "
		    "document starts here; a snapshot is one document" },
		{ "fixtures/load/bad-utf8.yaml", 3, 20,
		    "invalid UTF-8 byte "
		    "0xe9" },
		{ "fixtures/load/billion-laughs.yaml", 6, 29,
		    "alias "
		    "expansion exceeds the limit of 1000000 nodes" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		char *path = test_path(cases[i].file);
		struct derr err = DERR_INIT;
		struct tree *t = NULL;
		size_t len;
		char *data = test_read_file(path, &len);

		assert_non_null(data);
		assert_int_equal(load_tree(cases[i].file, data, len, LOAD_AUTO,
				     NULL, &t, &err),
		    -1);
		assert_null(t);
		if (err.status != DRIFT_EXIT_INPUT ||
		    err.line != cases[i].line || err.col != cases[i].col ||
		    strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("%s: got %d %u:%u: %s", cases[i].file,
			    err.status, err.line, err.col, err.msg);
		free(data);
		free(path);
	}
}

static void
test_twin(void **state)
{
	char *py = test_path("fixtures/load/twin.yaml");
	char *pj = test_path("fixtures/load/twin.json");
	struct tree *ty = load_file(py, 0), *tj = load_file(pj, 1);
	const struct tnode *o;

	(void)state;
	assert_true(tnode_equal(tree_root(ty), tree_root(tj)));
	o = tnode_get(
	    tnode_get(&tnode_get(tree_root(ty), "fields")->u.seq.v[0], "meta"),
	    "options");
	/* "\_" is U+00A0 */
	assert_string_equal(tnode_str(tnode_get(o, "nbsp")),
	    "a\xc2\xa0"
	    "b A \xc3\xa9");
	/* and a changed value is seen */
	tnode_set_int((struct tnode *)tnode_get(tree_root(ty), "version"), 2);
	assert_false(tnode_equal(tree_root(ty), tree_root(tj)));
	tree_free(&ty);
	tree_free(&tj);
	free(py);
	free(pj);
}

static void
test_corpus(void **state)
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
		size_t nl = strlen(e->d_name);
		int json = nl > 5 && strcmp(e->d_name + nl - 5, ".json") == 0;
		int yaml = nl > 5 && strcmp(e->d_name + nl - 5, ".yaml") == 0;
		struct buf p = BUF_INIT;
		struct tree *t;

		if (!json && !yaml)
			continue;
		buf_addf(&p, "%s/%s", dir, e->d_name);
		t = load_file(p.buf, json);
		assert_int_equal(tree_root(t)->kind, TN_MAP);
		assert_non_null(tnode_get(tree_root(t), "collections"));
		tree_free(&t);
		buf_release(&p);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_anchors_merge),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_twin),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
