/*
 * test_normalize.c: each per-entry normalization step (normalize.h), the
 * canonical data types and the vendor hints.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/model.h"
#include "drift/normalize.h"
#include "drift/tree.h"
#include "helpers/jtree.h"

enum { COLL, FIELD, REL, SYS };

/* normalizes the entry in text and compares its JSON rendering */
static void
check(int kind, const char *in, const char *want, struct norm_stats *st)
{
	json_t *j = jq(in);
	struct tree *t = jtree_from_json(j, "t");
	struct tnode *e = tree_root(t);
	struct buf b = BUF_INIT;

	switch (kind) {
	case COLL:
		norm_collection(e, st);
		break;
	case FIELD:
		norm_field(e, st);
		break;
	case REL:
		norm_relation(e, st);
		break;
	default:
		norm_system_field(e, st);
		break;
	}
	tnode_render(e, &b, 0);
	assert_string_equal(b.buf, want);
	buf_release(&b);
	tree_free(&t);
	json_decref(j);
}

static void
test_schema_null_dropped(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(FIELD, "{'field': 'a', 'schema': null, 'collection': 'c'}",
	    "{\"collection\":\"c\",\"field\":\"a\"}", &st);
	check(COLL, "{'collection': 'c', 'schema': null}",
	    "{\"collection\":\"c\"}", &st);
	check(REL, "{'collection': 'c', 'field': 'f', 'schema': null}",
	    "{\"collection\":\"c\",\"field\":\"f\"}", &st);
	assert_int_equal(st.raw_keys, 0);
}

/* 0/1 under boolean keys are false/true (MySQL exports; issue 10 item 6) */
static void
test_boolean_keys(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(FIELD,
	    "{'meta': {'searchable': 1, 'hidden': 0, 'readonly': 1, "
	    "'required': 0, 'sort': 1, 'width': 'full'}, 'schema': "
	    "{'is_nullable': 1, 'is_unique': 0, 'is_primary_key': 0, "
	    "'has_auto_increment': 1, 'is_generated': 0, 'is_indexed': 1, "
	    "'max_length': 1, 'numeric_scale': 0}}",
	    "{\"meta\":{\"hidden\":false,\"readonly\":true,"
	    "\"required\":false,\"searchable\":true,\"sort\":1,"
	    "\"width\":\"full\"},\"schema\":{\"has_auto_increment\":true,"
	    "\"is_generated\":false,\"is_indexed\":true,\"is_nullable\":"
	    "true,\"is_primary_key\":false,\"is_unique\":false,"
	    "\"max_length\":1,\"numeric_scale\":0}}",
	    &st);
	assert_int_equal(st.bool_ints, 10);
	/* other integers and strings under those keys are left alone */
	check(FIELD, "{'meta': {'hidden': 2, 'readonly': '1'}}",
	    "{\"meta\":{\"hidden\":2,\"readonly\":\"1\"}}", &st);
	assert_int_equal(st.bool_ints, 10);
	check(COLL,
	    "{'meta': {'singleton': 1, 'hidden': 0, 'versioning': 0, "
	    "'archive_app_filter': 1, 'sort': 0}}",
	    "{\"meta\":{\"archive_app_filter\":true,\"hidden\":false,"
	    "\"singleton\":true,\"sort\":0,\"versioning\":false}}",
	    &st);
	check(SYS, "{'schema': {'is_indexed': 1}}",
	    "{\"schema\":{\"is_indexed\":true}}", &st);
	/* relations have no boolean keys */
	check(REL, "{'meta': {'sort_field': 1}}",
	    "{\"meta\":{\"sort_field\":1}}", &st);
	assert_int_equal(st.bool_ints, 15);
}

static void
test_meta_id_dropped(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(FIELD, "{'meta': {'id': 4, 'note': null}}",
	    "{\"meta\":{\"note\":null}}", &st);
	check(REL, "{'meta': {'sort_field': null, 'id': 4}}",
	    "{\"meta\":{\"sort_field\":null}}", &st);
	/* collections have no meta.id; nothing else is touched */
	check(COLL, "{'meta': {'icon': 'x'}}", "{\"meta\":{\"icon\":\"x\"}}",
	    &st);
}

static void
test_pick_lists(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(COLL,
	    "{'schema': {'name': 'a', 'comment': null, 'sql': 'C', "
	    "'schema': 'public'}}",
	    "{\"schema\":{\"name\":\"a\"}}", &st);
	assert_int_equal(st.raw_keys, 3);
	check(FIELD,
	    "{'schema': {'name': 'a', 'comment': '', 'schema': "
	    "'public', 'foreign_key_schema': 'public', 'is_indexed': false}}",
	    "{\"schema\":{\"is_indexed\":false,\"name\":\"a\"}}", &st);
	assert_int_equal(st.raw_keys, 6);
	check(REL,
	    "{'schema': {'table': 'a', 'foreign_key_schema': 'p', "
	    "'on_delete': 'CASCADE'}}",
	    "{\"schema\":{\"on_delete\":\"CASCADE\",\"table\":\"a\"}}", &st);
	assert_int_equal(st.raw_keys, 7);
	check(SYS,
	    "{'collection': 'directus_activity', 'schema': "
	    "{'is_indexed': true, 'extra': 1}}",
	    "{\"collection\":"
	    "\"directus_activity\",\"schema\":{\"is_indexed\":true}}",
	    &st);
}

static void
test_boolean_defaults(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(FIELD, "{'type': 'boolean', 'schema': {'default_value': 1}}",
	    "{\"schema\":{\"default_value\":true},\"type\":\"boolean\"}", &st);
	check(FIELD, "{'type': 'boolean', 'schema': {'default_value': '0'}}",
	    "{\"schema\":{\"default_value\":false},\"type\":\"boolean\"}", &st);
	check(FIELD,
	    "{'type': 'boolean', 'schema': {'default_value': "
	    "'true'}}",
	    "{\"schema\":{\"default_value\":true},\"type\":"
	    "\"boolean\"}",
	    &st);
	assert_int_equal(st.bool_defaults, 3);
	/* other types and other values stay */
	check(FIELD, "{'type': 'integer', 'schema': {'default_value': 1}}",
	    "{\"schema\":{\"default_value\":1},\"type\":\"integer\"}", &st);
	check(FIELD, "{'type': 'boolean', 'schema': {'default_value': 2}}",
	    "{\"schema\":{\"default_value\":2},\"type\":\"boolean\"}", &st);
	assert_int_equal(st.bool_defaults, 3);
}

static void
test_special_sorted_and_keys_sorted(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(FIELD,
	    "{'type': 'x', 'meta': {'special': ['date-created', "
	    "'cast-timestamp'], 'options': {'z': 1, 'a': [{'y': 1, 'b': 2}]}}}",
	    "{\"meta\":{\"options\":{\"a\":[{\"b\":2,\"y\":1}],\"z\":1},"
	    "\"special\":[\"cast-timestamp\",\"date-created\"]},\"type\":"
	    "\"x\"}",
	    &st);
}

static void
test_untracked_counted(void **state)
{
	struct norm_stats st = { 0, 0, 0, 0 };

	(void)state;
	check(COLL, "{'meta': null}", "{\"meta\":null}", &st);
	check(FIELD, "{'meta': null}", "{\"meta\":null}", &st);
	check(REL, "{'meta': {}}", "{\"meta\":{}}", &st);
	assert_int_equal(st.untracked, 2);
}

static void
test_data_types(void **state)
{
	static const char *const pairs[][2] = {
		{ "character varying", "varchar" },
		{ "varchar", "varchar" },
		{ "nvarchar", "varchar" },
		{ "VARCHAR2(255)", "varchar" },
		{ "int", "integer" },
		{ "int unsigned", "integer" },
		{ "int4", "integer" },
		{ "INTEGER", "integer" },
		{ "bigint", "bigint" },
		{ "int8", "bigint" },
		{ "tinyint(1)", "boolean" },
		{ "bool", "boolean" },
		{ "bit", "boolean" },
		{ "tinyint", "tinyint" },
		{ "timestamp with time zone", "timestamptz" },
		{ "datetimeoffset", "timestamptz" },
		{ "timestamp without time zone", "timestamp" },
		{ "TIMESTAMP(6)", "timestamp" },
		{ "datetime2", "datetime" },
		{ "time without time zone", "time" },
		{ "uniqueidentifier", "uuid" },
		{ "decimal", "numeric" },
		{ "numeric(10, 2)", "numeric" },
		{ "double precision", "double" },
		{ "float8", "double" },
		{ "real", "real" },
		{ "bpchar", "char" },
		{ "character", "char" },
		{ "CLOB", "text" },
		{ "ntext", "text" },
		/* different types stay different */
		{ "longtext", "longtext" },
		{ "mediumtext", "mediumtext" },
		{ "jsonb", "jsonb" },
		{ "json", "json" },
		{ "  weird   type ", "weird type" },
	};
	char out[64], tiny[4];
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(pairs); i++)
		assert_string_equal(
		    norm_data_type(pairs[i][0], out, sizeof(out)), pairs[i][1]);
	assert_string_equal(norm_data_type(NULL, out, sizeof(out)), "");
	assert_string_equal(
	    norm_data_type("character varying", tiny, sizeof(tiny)), "cha");
}

static void
test_vendor_hints(void **state)
{
	static const struct {
		int kind;
		const char *json, *want;
	} cases[] = {
		{ ENT_COLLECTION, "{'schema': {'name': 'a', 'sql': 'C'}}",
		    "sqlite" },
		{ ENT_COLLECTION, "{'schema': {'name': 'a', 'engine': 'x'}}",
		    "mysql" },
		{ ENT_COLLECTION, "{'schema': {'name': 'a'}}", NULL },
		{ ENT_FIELD, "{'schema': {'data_type': 'character varying'}}",
		    "postgres" },
		{ ENT_FIELD, "{'schema': {'data_type': 'int unsigned'}}",
		    "mysql" },
		{ ENT_FIELD, "{'schema': {'data_type': 'nvarchar'}}", "mssql" },
		{ ENT_FIELD, "{'schema': {'data_type': 'VARCHAR2'}}",
		    "oracle" },
		{ ENT_FIELD,
		    "{'schema': {'data_type': 'integer', "
		    "'default_value': 'nextval(1)'}}",
		    "postgres" },
		{ ENT_FIELD, "{'schema': {'data_type': 'varchar'}}", NULL },
		{ ENT_FIELD, "{'type': 'alias'}", NULL },
		{ ENT_RELATION, "{'schema': {'table': 'a'}}", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		json_t *j = jq(cases[i].json);
		struct tree *t = jtree_from_json(j, "t");
		const char *got = norm_vendor_hint(cases[i].kind, tree_root(t));

		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
		tree_free(&t);
		json_decref(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_null_dropped),
		cmocka_unit_test(test_meta_id_dropped),
		cmocka_unit_test(test_boolean_keys),
		cmocka_unit_test(test_pick_lists),
		cmocka_unit_test(test_boolean_defaults),
		cmocka_unit_test(test_special_sorted_and_keys_sorted),
		cmocka_unit_test(test_untracked_counted),
		cmocka_unit_test(test_data_types),
		cmocka_unit_test(test_vendor_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
