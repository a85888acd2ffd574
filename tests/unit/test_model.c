/*
 * test_model.c: shape validation (each error with its position, through
 * the real loader), the envelope, the header values, lookups and the
 * notes normalization leaves.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "helpers/jtree.h"

struct shape_case {
	const char *text;
	unsigned line, col;
	const char *msg;
};

static const struct shape_case shape_cases[] = {
	{ "version: 1\nfields: []\n", 1, 1,
	    "not a Directus schema snapshot: no \"collections\" list" },
	{ "version: 1\ncollections: []\n", 1, 1,
	    "not a Directus schema snapshot: no \"fields\" list" },
	{ "collections:\n  a: 1\nfields: []\n", 2, 3,
	    "\"collections\" must be a sequence (found mapping)" },
	{ "collections: []\nfields: x\n", 2, 9,
	    "\"fields\" must be a sequence (found string)" },
	{ "collections: []\nfields: []\nrelations: {}\n", 3, 12,
	    "\"relations\" must be a sequence (found mapping)" },
	{ "collections:\n  - abc\nfields: []\n", 2, 5,
	    "collections entry must be a mapping (found string)" },
	{ "collections:\n  - meta: {}\nfields: []\n", 2, 5,
	    "collection entry has no \"collection\" key" },
	{ "collections:\n  - collection: 12\nfields: []\n", 2, 17,
	    "\"collection\" of a collection entry must be a string "
	    "(found integer)" },
	{ "collections: []\nfields:\n  - collection: a\n    type: string\n", 3,
	    5, "field entry has no \"field\" key" },
	{ "collections: []\nfields: []\nrelations:\n  - collection: a\n", 4, 5,
	    "relation entry has no \"field\" key" },
	{ "collections: []\nfields: []\nsystemFields:\n  - field: x\n", 4, 5,
	    "system field entry has no \"collection\" key" },
	{ "collections:\n  - collection: a\n  - collection: b\n"
	  "  - collection: a\nfields: []\n",
	    4, 5, "duplicate collection \"a\" (first at 2:5)" },
	{ "collections: []\nfields:\n  - collection: a\n    field: b\n"
	  "  - collection: a\n    field: c\n  - collection: a\n"
	  "    field: b\n",
	    7, 5, "duplicate field \"a.b\" (first at 3:5)" },
	{ "{\"collections\": [], \"fields\": [], \"relations\": [\n"
	  " {\"collection\": \"a\", \"field\": \"b\"},\n"
	  " {\"collection\": \"a\", \"field\": \"b\"}]}",
	    3, 2, "duplicate relation \"a.b\" (first at 2:2)" },
};

static void
test_shape_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(shape_cases); i++) {
		const struct shape_case *c = &shape_cases[i];
		struct derr err = DERR_INIT;
		struct snapshot *s = NULL;
		int r = snapshot_load(
		    "s.yaml", c->text, strlen(c->text), NULL, &s, &err);

		if (r != -1 || strcmp(err.msg, c->msg) != 0 ||
		    err.line != c->line || err.col != c->col)
			fail_msg("case %zu: got %d %u:%u %s", i, r, err.line,
			    err.col, err.msg);
		assert_null(s);
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
		assert_string_equal(err.origin, "s.yaml");
	}
}

static void
test_top_level_not_a_map(void **state)
{
	json_t *j = jq("[1, 2]");
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;

	(void)state;
	assert_int_equal(
	    snapshot_from_tree(jtree_from_json(j, "x"), "x", &s, &err), -1);
	assert_string_equal(err.msg,
	    "expected a snapshot mapping at the top "
	    "level (found sequence)");
	json_decref(j);
}

static void
test_envelope_and_header(void **state)
{
	const char *only_data =
	    "{\"data\": {\"version\": 1, \"directus\": "
	    "\"11.1.0\", \"vendor\": \"postgres\", \"collections\": "
	    "[{\"collection\": \"b\", \"schema\": {\"name\": \"b\"}}, "
	    "{\"collection\": \"a\"}], \"fields\": [], \"relations\": []}}";
	const char *data_and_more = "data:\n  collections: []\n  fields: []\n"
				    "  directus: 9.4\nmeta: {}\n";
	const char *yaml_num = "directus: 10\nversion: 2\ncollections: []\n"
			       "fields: []\n";
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;

	(void)state;
	assert_int_equal(snapshot_load("e.json", only_data, strlen(only_data),
			     NULL, &s, &err),
	    0);
	assert_string_equal(s->directus, "11.1.0");
	assert_string_equal(s->vendor, "postgres");
	assert_int_equal(s->version, 1);
	assert_int_equal(s->ncollections, 2);
	/* sorted by name */
	assert_string_equal(s->collections[0].collection, "a");
	assert_true(entity_is_folder(&s->collections[0]));
	assert_false(entity_is_folder(&s->collections[1]));
	assert_non_null(snapshot_find_collection(s, "b"));
	assert_null(snapshot_find_collection(s, "c"));
	assert_false(s->has_system_fields);
	snapshot_free(&s);
	assert_null(s);

	assert_int_equal(snapshot_load("e.yaml", data_and_more,
			     strlen(data_and_more), NULL, &s, &err),
	    0);
	/* a number in YAML is read back as its text */
	assert_string_equal(s->directus, "9.4");
	assert_null(s->vendor);
	assert_null(s->vendor_guess);
	snapshot_free(&s);

	assert_int_equal(
	    snapshot_load("n.yaml", yaml_num, strlen(yaml_num), NULL, &s, &err),
	    0);
	assert_string_equal(s->directus, "10");
	assert_int_equal(s->version, 2);
	assert_int_equal(s->nnotes, 1);
	assert_non_null(strstr(s->notes[0], "partial snapshot"));
	snapshot_free(&s);
	snapshot_free(&s); /* NULL is a no-op */
}

static void
test_lookups(void **state)
{
	const char *y =
	    "collections:\n  - collection: a\n    schema:\n"
	    "      name: a\nfields:\n"
	    "  - collection: a\n    field: z\n    type: alias\n"
	    "  - collection: a\n    field: id\n    type: integer\n"
	    "    schema:\n      name: id\n"
	    "  - collection: directus_users\n    field: x\n    type: string\n"
	    "    schema: null\n"
	    "relations:\n  - collection: a\n    field: id\n"
	    "    related_collection: b\n"
	    "systemFields:\n  - collection: directus_activity\n"
	    "    field: timestamp\n    schema:\n      is_indexed: true\n";
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	const struct entity *e;

	(void)state;
	assert_int_equal(
	    snapshot_load("l.yaml", y, strlen(y), NULL, &s, &err), 0);
	assert_int_equal(s->nfields, 3);
	assert_string_equal(s->fields[0].field, "id");
	e = snapshot_find_field(s, "a", "z");
	assert_non_null(e);
	assert_int_equal(e->line, 6);
	assert_int_equal(e->col, 5);
	assert_true(entity_is_alias(e));
	assert_false(entity_is_alias(snapshot_find_field(s, "a", "id")));
	/* schema: null is no schema: an alias */
	assert_true(
	    entity_is_alias(snapshot_find_field(s, "directus_users", "x")));
	assert_null(snapshot_find_field(s, "a", "nope"));
	assert_null(snapshot_find_field(s, "a", NULL));
	assert_non_null(snapshot_find_relation(s, "a", "id"));
	assert_null(snapshot_find_relation(s, "a", "z"));
	assert_true(s->has_system_fields);
	assert_int_equal(s->nsystem_fields, 1);
	snapshot_free(&s);
}

static void
test_notes(void **state)
{
	/* 9.x, postgres spelled types, raw keys, one untracked table */
	const char *y =
	    "version: 1\ndirectus: 9.4.3\ncollections:\n"
	    "  - collection: a\n    meta: null\n    schema:\n      name: a\n"
	    "      comment: null\n      schema: public\n"
	    "fields:\n  - collection: a\n    field: t\n    type: string\n"
	    "    schema:\n      name: t\n      data_type: character varying\n"
	    "      comment: null\n";
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;

	(void)state;
	assert_int_equal(
	    snapshot_load("old.yaml", y, strlen(y), NULL, &s, &err), 0);
	assert_string_equal(s->vendor_guess, "postgres");
	assert_int_equal(s->nnotes, 3);
	assert_string_equal(s->notes[0],
	    "old.yaml has no \"vendor\" key "
	    "(written before Directus 9.23); its data types look like "
	    "postgres");
	assert_string_equal(s->notes[1],
	    "old.yaml uses the pre-9.23 format: "
	    "3 raw database keys (such as schema.comment or schema.sql) were "
	    "left out of the comparison");
	assert_string_equal(s->notes[2],
	    "old.yaml has 1 entry with "
	    "\"meta: null\" (database objects Directus does not manage; "
	    "Directus 11.10 and later leave them out of snapshots)");
	snapshot_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_errors),
		cmocka_unit_test(test_top_level_not_a_map),
		cmocka_unit_test(test_envelope_and_header),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_notes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
