/*
 * test_limits.c: every documented input limit (load.h struct load_limits)
 * just under and just over, in both readers: at the limit the input
 * loads, one below it fails with status 3, the documented message and a
 * position.  The entity limit is enforced by snapshot_load() (model.h).
 * The defaults are checked against a generated 200,000-field snapshot.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/tree.h"

enum which { L_BYTES, L_DEPTH, L_ALIAS, L_SCALAR, L_NODES };

struct lcase {
	const char *name;
	const char *text;
	enum which which;
	size_t at;          /* the smallest limit that lets text load */
	unsigned line, col; /* of the error with the limit at - 1 */
	const char *msg;    /* with the limit at - 1 */
};

static void
set_limit(struct load_limits *lim, enum which w, size_t v)
{
	load_limits_default(lim);
	switch (w) {
	case L_BYTES:
		lim->max_bytes = v;
		break;
	case L_DEPTH:
		lim->max_depth = (unsigned)v;
		break;
	case L_ALIAS:
		lim->max_alias_nodes = v;
		break;
	case L_SCALAR:
		lim->max_scalar = v;
		break;
	case L_NODES:
		lim->max_nodes = v;
		break;
	}
}

static void
test_loader_limits(void **state)
{
	static const struct lcase cases[] = {
		{ "bytes-yaml", "a: [1, 2]\n", L_BYTES, 10, 0, 0,
		    "input is larger than the limit of 9 bytes" },
		{ "bytes-json", "{\"a\":[1,2]}", L_BYTES, 11, 0, 0,
		    "input is larger than the limit of 10 bytes" },
		{ "depth-yaml", "a:\n  b:\n    c: 1\n", L_DEPTH, 3, 3, 5,
		    "nesting deeper than the limit of 2 levels" },
		{ "depth-json", "{\"a\":{\"b\":{\"c\":1}}}", L_DEPTH, 3, 1, 11,
		    "nesting deeper than the limit of 2 levels" },
		{ "alias-yaml", "a: &x [1, 2]\nb: *x\nc: *x\n", L_ALIAS, 6, 3,
		    4, "alias expansion exceeds the limit of 5 nodes" },
		{ "scalar-yaml-value", "abc: 12345\n", L_SCALAR, 5, 1, 6,
		    "scalar longer than the limit of 4 bytes" },
		{ "scalar-yaml-key", "abcde: 1\n", L_SCALAR, 5, 1, 1,
		    "scalar longer than the limit of 4 bytes" },
		{ "scalar-json-value", "{\"abc\":\"12345\"}", L_SCALAR, 5, 1, 8,
		    "string longer than the limit of 4 bytes" },
		{ "scalar-json-key", "{\"abcde\":1}", L_SCALAR, 5, 1, 2,
		    "string longer than the limit of 4 bytes" },
		{ "nodes-yaml", "a: [1, 2]\n", L_NODES, 4, 1, 8,
		    "the document has more than the limit of 3 nodes" },
		{ "nodes-json", "{\"a\":[1,2]}", L_NODES, 4, 1, 9,
		    "the document has more than the limit of 3 nodes" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		const struct lcase *c = &cases[i];
		struct load_limits lim;
		struct derr err = DERR_INIT;
		struct tree *t = NULL;
		size_t len = strlen(c->text);

		/* just under (at) the limit: loads */
		set_limit(&lim, c->which, c->at);
		if (load_tree("x", c->text, len, LOAD_AUTO, &lim, &t, &err) !=
		    0) {
			print_error("%s: at the limit: %s\n", c->name, err.msg);
			fail();
		}
		tree_free(&t);
		/* just over: fails with the documented error */
		set_limit(&lim, c->which, c->at - 1);
		if (load_tree("x", c->text, len, LOAD_AUTO, &lim, &t, &err) !=
		    -1) {
			print_error("%s: over the limit: loaded\n", c->name);
			fail();
		}
		assert_null(t);
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
		assert_string_equal(err.origin, "x");
		assert_string_equal(err.msg, c->msg);
		if (err.line != c->line || err.col != c->col) {
			print_error("%s: at %u:%u, expected %u:%u\n", c->name,
			    err.line, err.col, c->line, c->col);
			fail();
		}
	}
}

/* a snapshot with nc collections and nf fields, as JSON or YAML */
static void
gen_snapshot(struct buf *b, size_t nc, size_t nf, int json)
{
	size_t i;

	if (json) {
		buf_adds(b,
		    "{\"version\":1,\"directus\":\"11.17.4\","
		    "\"vendor\":\"postgres\",\"collections\":[");
		for (i = 0; i < nc; i++)
			buf_addf(b,
			    "%s{\"collection\":\"c%zu\",\"meta\":"
			    "{\"note\":null},\"schema\":{\"name\":\"c%zu\"}}",
			    i ? "," : "", i, i);
		buf_adds(b, "],\"fields\":[");
		for (i = 0; i < nf; i++)
			buf_addf(b,
			    "%s{\"collection\":\"c0\",\"field\":"
			    "\"f%zu\",\"type\":\"string\",\"meta\":{\"note\":"
			    "null},\"schema\":{\"name\":\"f%zu\",\"table\":"
			    "\"c0\",\"data_type\":\"character varying\","
			    "\"max_length\":255,\"is_nullable\":true}}",
			    i ? "," : "", i, i);
		buf_adds(b, "],\"relations\":[]}\n");
		return;
	}
	buf_adds(b,
	    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
	    "collections:\n");
	for (i = 0; i < nc; i++)
		buf_addf(b,
		    "  - collection: c%zu\n    meta:\n      note: null\n"
		    "    schema:\n      name: c%zu\n",
		    i, i);
	buf_adds(b, "fields:\n");
	for (i = 0; i < nf; i++)
		buf_addf(b,
		    "  - collection: c0\n    field: f%zu\n"
		    "    type: string\n    meta:\n      note: null\n"
		    "    schema:\n      name: f%zu\n      table: c0\n"
		    "      data_type: character varying\n"
		    "      max_length: 255\n      is_nullable: true\n",
		    i, i);
	buf_adds(b, "relations: []\n");
}

static void
test_entity_limit(void **state)
{
	struct load_limits lim;
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	struct buf b = BUF_INIT;
	int json;

	(void)state;
	for (json = 0; json <= 1; json++) {
		buf_reset(&b);
		gen_snapshot(&b, 2, 3, json);
		load_limits_default(&lim);
		lim.max_entities = 5;
		assert_int_equal(
		    snapshot_load("s", b.buf, b.len, &lim, &s, &err), 0);
		assert_int_equal(s->ncollections + s->nfields, 5);
		snapshot_free(&s);
		lim.max_entities = 4;
		assert_int_equal(
		    snapshot_load("s", b.buf, b.len, &lim, &s, &err), -1);
		assert_null(s);
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
		assert_string_equal(err.msg,
		    "too many entities: more than "
		    "the limit of 4 collections, fields, relations and "
		    "system fields");
		/* the third field, the first entry past the limit */
		if (json) {
			assert_int_equal(err.line, 1);
		} else {
			assert_int_equal(err.line, 16 + 2 * 11);
			assert_int_equal(err.col, 5);
		}
		/* collections alone over the limit */
		lim.max_entities = 1;
		assert_int_equal(
		    snapshot_load("-", b.buf, b.len, &lim, &s, &err), -1);
		assert_string_equal(err.origin, "<stdin>");
		if (!json)
			assert_int_equal(err.line, 10);
	}
	buf_release(&b);
}

/*
 * The defaults take a 200,000-field snapshot (the bench's largest) in
 * JSON (quick enough under valgrind); tests/e2e/limits.sh diffs YAML ones
 * through the binary.
 */
static void
test_defaults_large(void **state)
{
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	struct buf b = BUF_INIT;

	(void)state;
	gen_snapshot(&b, 1000, 200000, 1);
	if (snapshot_load("big", b.buf, b.len, NULL, &s, &err) != 0) {
		print_error("%s\n", err.msg);
		fail();
	}
	assert_int_equal(s->ncollections, 1000);
	assert_int_equal(s->nfields, 200000);
	snapshot_free(&s);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loader_limits),
		cmocka_unit_test(test_entity_limit),
		cmocka_unit_test(test_defaults_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
