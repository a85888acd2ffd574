/*
 * test_gql_naming.c: Directus 11.17.4's GraphQL names (gql_naming.h),
 * every row of the reference tables (graphql-usage-and-ts-types.md 1.1 to
 * 1.3) and the news_item pitfall of 1.2.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/gql_naming.h"

static const struct {
	const char *name;
	int singleton;
} colls[] = {
	{ "articles", 0 },
	{ "articles_categories", 0 },
	{ "authors", 0 },
	{ "block_hero", 0 },
	{ "directus_activity", 0 },
	{ "directus_collections", 0 },
	{ "directus_files", 0 },
	{ "directus_settings", 1 },
	{ "directus_users", 0 },
	{ "globals", 1 },
	{ "my-items", 0 },
	{ "news", 0 },
	{ "news_item", 0 },
	{ "pages", 0 },
	{ "pages_blocks", 0 },
	{ "x", 0 },
	{ "x_aggregated", 0 },
};
#define NCOLLS (sizeof(colls) / sizeof(colls[0]))

static const char *
lookup(const char *name, size_t len, int *singleton, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < NCOLLS; i++)
		if (strlen(colls[i].name) == len &&
		    memcmp(colls[i].name, name, len) == 0) {
			*singleton = colls[i].singleton;
			return colls[i].name;
		}
	return NULL;
}

static void
test_names_and_skips(void **state)
{
	(void)state;
	assert_true(gql_valid_name("articles", 8));
	assert_true(gql_valid_name("_x9", 3));
	assert_false(gql_valid_name("my-items", 8));
	assert_false(gql_valid_name("2fa", 3));
	assert_false(gql_valid_name("", 0));
	assert_false(gql_valid_name("caf\xc3\xa9", 5));
	assert_int_equal(gql_collection_skip("articles"), GQL_SKIP_NONE);
	assert_int_equal(gql_collection_skip("my-items"), GQL_SKIP_INVALID);
	assert_int_equal(gql_collection_skip("2fa"), GQL_SKIP_INVALID);
	assert_int_equal(gql_collection_skip("__x"), GQL_SKIP_DUNDER);
	assert_int_equal(gql_collection_skip("_x"), GQL_SKIP_NONE);
	{
		static const char *const r[] = { "Subscription", "Query",
			"Mutation", "Int", "Float", "String", "Boolean",
			"DateTime", "ID", "uid", "Point", "PointList",
			"Polygon", "MultiPolygon", "JSON", "Hash", "Date",
			"Void" };
		size_t i;

		for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
			assert_int_equal(
			    gql_collection_skip(r[i]), GQL_SKIP_RESERVED);
		assert_int_equal(gql_collection_skip("query"), GQL_SKIP_NONE);
	}
	assert_true(gql_system_denied("directus_collections"));
	assert_true(gql_system_denied("directus_fields"));
	assert_true(gql_system_denied("directus_relations"));
	assert_true(gql_system_denied("directus_migrations"));
	assert_true(gql_system_denied("directus_sessions"));
	assert_true(gql_system_denied("directus_extensions"));
	assert_false(gql_system_denied("directus_users"));
	assert_true(gql_read_only("directus_activity"));
	assert_true(gql_read_only("directus_revisions"));
	assert_false(gql_read_only("directus_files"));
	assert_true(gql_in_scope("articles", GQL_ITEMS));
	assert_false(gql_in_scope("articles", GQL_SYSTEM));
	assert_false(gql_in_scope("directus_users", GQL_ITEMS));
	assert_true(gql_in_scope("directus_users", GQL_SYSTEM));
	assert_false(gql_in_scope("directus_fields", GQL_SYSTEM));
	assert_false(gql_in_scope("my-items", GQL_ITEMS));
}

/* gql_root_name(), "" when Directus has no such root */
static const char *
root(const char *c, int singleton, enum gql_scope scope, enum gql_op op,
    struct buf *b)
{
	buf_reset(b);
	if (!gql_root_name(c, singleton, scope, op, b))
		return "";
	return b->buf;
}

static void
test_root_names(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* items scope, non-singleton (1.2 query and mutation tables) */
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_READ, &b), "articles");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_READ_BY_ID, &b),
	    "articles_by_id");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_AGGREGATE, &b),
	    "articles_aggregated");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_READ_VERSION, &b),
	    "articles_by_version");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_CREATE_ITEMS, &b),
	    "create_articles_items");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_CREATE_ITEM, &b),
	    "create_articles_item");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_UPDATE_ITEMS, &b),
	    "update_articles_items");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_UPDATE_BATCH, &b),
	    "update_articles_batch");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_UPDATE_ITEM, &b),
	    "update_articles_item");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_UPDATE_SINGLETON, &b), "");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_DELETE_ITEMS, &b),
	    "delete_articles_items");
	assert_string_equal(
	    root("articles", 0, GQL_ITEMS, GQL_OP_DELETE_ITEM, &b),
	    "delete_articles_item");
	assert_string_equal(root("articles", 0, GQL_ITEMS, GQL_OP_MUTATED, &b),
	    "articles_mutated");
	assert_string_equal(root("articles", 0, GQL_ITEMS, GQL_OP_ME, &b), "");
	/* a singleton: no _by_id, _aggregated, create, delete; update_<c> */
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_READ, &b), "globals");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_READ_BY_ID, &b), "");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_AGGREGATE, &b), "");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_READ_VERSION, &b),
	    "globals_by_version");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_UPDATE_SINGLETON, &b),
	    "update_globals");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_CREATE_ITEM, &b), "");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_UPDATE_ITEM, &b), "");
	assert_string_equal(
	    root("globals", 1, GQL_ITEMS, GQL_OP_DELETE_ITEMS, &b), "");
	/* system collections have no root on /graphql, but a subscription */
	assert_string_equal(
	    root("directus_users", 0, GQL_ITEMS, GQL_OP_READ, &b), "");
	assert_string_equal(
	    root("directus_users", 0, GQL_ITEMS, GQL_OP_MUTATED, &b),
	    "directus_users_mutated");
	/* system scope: the prefix removed, no _by_version */
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_READ, &b), "users");
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_READ_BY_ID, &b),
	    "users_by_id");
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_AGGREGATE, &b),
	    "users_aggregated");
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_READ_VERSION, &b), "");
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_ME, &b), "users_me");
	assert_string_equal(
	    root("directus_users", 0, GQL_SYSTEM, GQL_OP_UPDATE_ME, &b),
	    "update_users_me");
	assert_string_equal(
	    root("directus_files", 0, GQL_SYSTEM, GQL_OP_CREATE_ITEM, &b),
	    "create_files_item");
	assert_string_equal(
	    root("directus_files", 0, GQL_SYSTEM, GQL_OP_IMPORT_FILE, &b),
	    "import_file");
	assert_string_equal(
	    root("directus_settings", 1, GQL_SYSTEM, GQL_OP_READ, &b),
	    "settings");
	assert_string_equal(root("directus_settings", 1, GQL_SYSTEM,
				GQL_OP_UPDATE_SINGLETON, &b),
	    "update_settings");
	assert_string_equal(
	    root("directus_collections", 0, GQL_SYSTEM, GQL_OP_READ, &b), "");
	assert_string_equal(
	    root("directus_activity", 0, GQL_SYSTEM, GQL_OP_READ, &b),
	    "activity");
	assert_string_equal(
	    root("directus_activity", 0, GQL_SYSTEM, GQL_OP_UPDATE_ITEM, &b),
	    "");
	assert_string_equal(
	    root("articles", 0, GQL_SYSTEM, GQL_OP_READ, &b), "");
	assert_string_equal(
	    root("my-items", 0, GQL_ITEMS, GQL_OP_READ, &b), "");
	assert_int_equal(gql_op_kind(GQL_OP_READ), GQL_QUERY);
	assert_int_equal(gql_op_kind(GQL_OP_UPDATE_BATCH), GQL_MUTATION);
	assert_int_equal(gql_op_kind(GQL_OP_MUTATED), GQL_SUBSCRIPTION);
	assert_string_equal(gql_op_name(GQL_OP_AGGREGATE), "aggregate");
	buf_release(&b);
}

/* every root that gql_root_name() gives parses back to its collection */
static void
test_root_roundtrip(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;
	int op, scope, n = 0;

	(void)state;
	for (i = 0; i < NCOLLS; i++) {
		/* x_aggregated collides with x's aggregate root (1.2) */
		if (strcmp(colls[i].name, "x") == 0)
			continue;
		for (scope = 0; scope < 2; scope++)
			for (op = GQL_OP_READ; op < GQL_OP_SYSTEM_OTHER; op++) {
				struct gql_root r;

				buf_reset(&b);
				if (!gql_root_name(colls[i].name,
					colls[i].singleton,
					(enum gql_scope)scope, (enum gql_op)op,
					&b))
					continue;
				assert_int_equal(
				    gql_root_parse(gql_op_kind((enum gql_op)op),
					(enum gql_scope)scope, b.buf, lookup,
					NULL, &r),
				    1);
				assert_string_equal(
				    r.collection, colls[i].name);
				assert_int_equal(r.op, op);
				assert_int_equal(
				    r.singleton, colls[i].singleton);
				n++;
			}
	}
	assert_true(n > 100);
	buf_release(&b);
}

static void
expect_root(enum gql_root_kind k, enum gql_scope s, const char *name,
    const char *collection, enum gql_op op)
{
	struct gql_root r;
	int got = gql_root_parse(k, s, name, lookup, NULL, &r);

	if (collection == NULL && op == GQL_OP_NONE) {
		assert_int_equal(got, 0);
		assert_null(r.collection);
		return;
	}
	assert_int_equal(got, 1);
	if (collection == NULL)
		assert_null(r.collection);
	else
		assert_string_equal(r.collection, collection);
	assert_int_equal(r.op, op);
}

static void
test_root_parse(void **state)
{
	(void)state;
	/* the news_item pitfall: Directus strips twice and gets "news" */
	expect_root(GQL_MUTATION, GQL_ITEMS, "create_news_item_items",
	    "news_item", GQL_OP_CREATE_ITEMS);
	expect_root(GQL_MUTATION, GQL_ITEMS, "create_news_item_item",
	    "news_item", GQL_OP_CREATE_ITEM);
	expect_root(GQL_MUTATION, GQL_ITEMS, "create_news_items", "news",
	    GQL_OP_CREATE_ITEMS);
	expect_root(GQL_MUTATION, GQL_ITEMS, "create_news_item", "news",
	    GQL_OP_CREATE_ITEM);
	expect_root(GQL_MUTATION, GQL_ITEMS, "update_news_item_batch",
	    "news_item", GQL_OP_UPDATE_BATCH);
	expect_root(GQL_MUTATION, GQL_ITEMS, "delete_news_item_items",
	    "news_item", GQL_OP_DELETE_ITEMS);
	/* an exact collection name wins over the aggregate of x */
	expect_root(
	    GQL_QUERY, GQL_ITEMS, "x_aggregated", "x_aggregated", GQL_OP_READ);
	expect_root(GQL_QUERY, GQL_ITEMS, "x_aggregated_aggregated",
	    "x_aggregated", GQL_OP_AGGREGATE);
	/* collection names with the suffixes' words inside */
	expect_root(GQL_QUERY, GQL_ITEMS, "articles_categories_by_id",
	    "articles_categories", GQL_OP_READ_BY_ID);
	/* unknown, the wrong operation type, the wrong scope */
	expect_root(GQL_QUERY, GQL_ITEMS, "nope", NULL, GQL_OP_NONE);
	expect_root(GQL_QUERY, GQL_ITEMS, "nope_by_id", NULL, GQL_OP_NONE);
	expect_root(
	    GQL_MUTATION, GQL_ITEMS, "create_nope_item", NULL, GQL_OP_NONE);
	expect_root(
	    GQL_QUERY, GQL_ITEMS, "create_articles_item", NULL, GQL_OP_NONE);
	expect_root(GQL_MUTATION, GQL_ITEMS, "articles", NULL, GQL_OP_NONE);
	expect_root(GQL_QUERY, GQL_ITEMS, "globals_by_id", NULL, GQL_OP_NONE);
	expect_root(
	    GQL_MUTATION, GQL_ITEMS, "update_articles", NULL, GQL_OP_NONE);
	expect_root(GQL_MUTATION, GQL_ITEMS, "update_globals", "globals",
	    GQL_OP_UPDATE_SINGLETON);
	expect_root(GQL_QUERY, GQL_ITEMS, "directus_users", NULL, GQL_OP_NONE);
	expect_root(GQL_QUERY, GQL_ITEMS, "users", NULL, GQL_OP_NONE);
	expect_root(GQL_QUERY, GQL_ITEMS, "server_info", NULL, GQL_OP_NONE);
	expect_root(GQL_SUBSCRIPTION, GQL_ITEMS, "directus_users_mutated",
	    "directus_users", GQL_OP_MUTATED);
	expect_root(GQL_SUBSCRIPTION, GQL_ITEMS, "articles", NULL, GQL_OP_NONE);
	/* system scope */
	expect_root(
	    GQL_QUERY, GQL_SYSTEM, "users", "directus_users", GQL_OP_READ);
	expect_root(
	    GQL_QUERY, GQL_SYSTEM, "users_me", "directus_users", GQL_OP_ME);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "update_users_me",
	    "directus_users", GQL_OP_UPDATE_ME);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "import_file", "directus_files",
	    GQL_OP_IMPORT_FILE);
	expect_root(GQL_QUERY, GQL_SYSTEM, "settings", "directus_settings",
	    GQL_OP_READ);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "update_settings",
	    "directus_settings", GQL_OP_UPDATE_SINGLETON);
	expect_root(
	    GQL_QUERY, GQL_SYSTEM, "files_by_version", NULL, GQL_OP_NONE);
	expect_root(GQL_QUERY, GQL_SYSTEM, "articles", NULL, GQL_OP_NONE);
	expect_root(
	    GQL_QUERY, GQL_SYSTEM, "server_info", NULL, GQL_OP_SYSTEM_OTHER);
	expect_root(
	    GQL_QUERY, GQL_SYSTEM, "collections", NULL, GQL_OP_SYSTEM_OTHER);
	expect_root(
	    GQL_MUTATION, GQL_SYSTEM, "auth_login", NULL, GQL_OP_SYSTEM_OTHER);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "users_me_tfa_enable", NULL,
	    GQL_OP_SYSTEM_OTHER);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "utils_hash_generate", NULL,
	    GQL_OP_SYSTEM_OTHER);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "create_fields_item", NULL,
	    GQL_OP_SYSTEM_OTHER);
	expect_root(GQL_MUTATION, GQL_SYSTEM, "update_activity_item", NULL,
	    GQL_OP_NONE);
}

static const char *
tname(enum gql_type_kind k, const char *c, const char *f, struct buf *b)
{
	buf_reset(b);
	gql_type_name(k, c, f, b);
	return b->buf;
}

static void
expect_type(
    const char *name, enum gql_type_kind k, const char *c, const char *field)
{
	struct gql_type t;
	int got = gql_type_parse(name, lookup, NULL, &t);

	assert_int_equal(got, k != GQLT_NONE);
	assert_int_equal(t.kind, k);
	if (c == NULL) {
		assert_null(t.collection);
		return;
	}
	assert_string_equal(t.collection, c);
	if (field != NULL) {
		assert_int_equal(t.field_len, strlen(field));
		assert_memory_equal(t.field, field, t.field_len);
	}
}

static void
test_type_names(void **state)
{
	struct buf b = BUF_INIT;
	int k;

	(void)state;
	assert_string_equal(
	    tname(GQLT_OBJECT, "articles", NULL, &b), "articles");
	assert_string_equal(
	    tname(GQLT_VERSION, "articles", NULL, &b), "version_articles");
	assert_string_equal(tname(GQLT_AGGREGATED, "articles", NULL, &b),
	    "articles_aggregated");
	assert_string_equal(tname(GQLT_AGGREGATED_COUNT, "articles", NULL, &b),
	    "articles_aggregated_count");
	assert_string_equal(tname(GQLT_AGGREGATED_FIELDS, "articles", NULL, &b),
	    "articles_aggregated_fields");
	assert_string_equal(
	    tname(GQLT_FILTER, "articles", NULL, &b), "articles_filter");
	assert_string_equal(tname(GQLT_QUANTIFIER_FILTER, "articles", NULL, &b),
	    "articles_quantifier_filter");
	assert_string_equal(tname(GQLT_CREATE_INPUT, "articles", NULL, &b),
	    "create_articles_input");
	assert_string_equal(tname(GQLT_UPDATE_INPUT, "articles", NULL, &b),
	    "update_articles_input");
	assert_string_equal(
	    tname(GQLT_MUTATED, "articles", NULL, &b), "articles_mutated");
	assert_string_equal(tname(GQLT_UNION, "pages_blocks", "item", &b),
	    "pages_blocks_item_union");
	/* every kind parses back, for a collection with _ in its name */
	for (k = GQLT_OBJECT; k <= GQLT_UNION; k++) {
		struct gql_type t;

		tname((enum gql_type_kind)k, "articles_categories", "item", &b);
		assert_int_equal(gql_type_parse(b.buf, lookup, NULL, &t), 1);
		assert_int_equal(t.kind, k);
		assert_string_equal(t.collection, "articles_categories");
	}
	expect_type(
	    "pages_blocks_item_union", GQLT_UNION, "pages_blocks", "item");
	expect_type("create_pages_blocks_input", GQLT_CREATE_INPUT,
	    "pages_blocks", NULL);
	expect_type(
	    "directus_users_filter", GQLT_FILTER, "directus_users", NULL);
	expect_type("x_aggregated", GQLT_OBJECT, "x_aggregated", NULL);
	expect_type("nope_filter", GQLT_NONE, NULL, NULL);
	expect_type("Int", GQLT_NONE, NULL, NULL);
	assert_true(gql_builtin_type("count_functions"));
	assert_true(gql_builtin_type("datetime_functions"));
	assert_true(gql_builtin_type("delete_many"));
	assert_true(gql_builtin_type("EventEnum"));
	assert_true(gql_builtin_type("string_filter_operators"));
	assert_true(gql_builtin_type("GraphQLBigInt"));
	assert_true(gql_builtin_type("__Schema"));
	assert_true(gql_builtin_type("ID"));
	assert_false(gql_builtin_type("articles"));
	buf_release(&b);
}

static void
test_scalars(void **state)
{
	static const struct {
		const char *type, *scalar, *filter, *func;
		int numeric;
	} rows[] = {
		{ "boolean", "Boolean", "boolean_filter_operators", NULL, 0 },
		{ "bigInteger", "GraphQLBigInt", "big_int_filter_operators",
		    NULL, 1 },
		{ "integer", "Int", "number_filter_operators", NULL, 1 },
		{ "decimal", "Float", "number_filter_operators", NULL, 1 },
		{ "float", "Float", "number_filter_operators", NULL, 1 },
		{ "csv", "[String]", "string_filter_operators", NULL, 0 },
		{ "json", "JSON", "string_filter_operators", "count_functions",
		    0 },
		{ "geometry", "GraphQLGeoJSON", "geometry_filter_operators",
		    NULL, 0 },
		{ "geometry.Point", "GraphQLGeoJSON",
		    "geometry_filter_operators", NULL, 0 },
		{ "date", "Date", "date_filter_operators", "date_functions",
		    0 },
		{ "time", "Date", "date_filter_operators", "time_functions",
		    0 },
		{ "dateTime", "Date", "date_filter_operators",
		    "datetime_functions", 0 },
		{ "timestamp", "Date", "date_filter_operators",
		    "datetime_functions", 0 },
		{ "hash", "Hash", "hash_filter_operators", NULL, 0 },
		{ "uuid", "ID", "id_filter_operators", NULL, 0 },
		{ "alias", "String", "string_filter_operators",
		    "count_functions", 0 },
		{ "string", "String", "string_filter_operators", NULL, 0 },
		{ "text", "String", "string_filter_operators", NULL, 0 },
		{ "binary", "String", "string_filter_operators", NULL, 0 },
		{ "geometryish", "String", "string_filter_operators", NULL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_string_equal(
		    gql_scalar_name(gql_scalar_for(rows[i].type, 0)),
		    rows[i].scalar);
		assert_string_equal(
		    gql_filter_operators(rows[i].type, 0), rows[i].filter);
		if (rows[i].func == NULL)
			assert_null(gql_func_type(rows[i].type));
		else
			assert_string_equal(
			    gql_func_type(rows[i].type), rows[i].func);
		assert_int_equal(
		    gql_numeric_type(rows[i].type, 0), rows[i].numeric);
	}
	/* special conceal: Hash whatever the type */
	assert_string_equal(
	    gql_scalar_name(gql_scalar_for("string", 1)), "Hash");
	assert_string_equal(
	    gql_filter_operators("string", 1), "hash_filter_operators");
	assert_int_equal(gql_scalar_for(NULL, 0), GQLS_STRING);
	assert_true(gql_func_member("datetime_functions", "second"));
	assert_true(gql_func_member("date_functions", "weekday"));
	assert_false(gql_func_member("date_functions", "hour"));
	assert_true(gql_func_member("time_functions", "minute"));
	assert_false(gql_func_member("time_functions", "year"));
	assert_true(gql_func_member("count_functions", "count"));
	assert_false(gql_func_member("count_functions", "year"));
	assert_int_equal(gql_aggregate_fn("group"), GQL_AGG_GROUP);
	assert_int_equal(gql_aggregate_fn("countAll"), GQL_AGG_COUNT_ALL);
	assert_int_equal(gql_aggregate_fn("count"), GQL_AGG_COUNT);
	assert_int_equal(gql_aggregate_fn("countDistinct"), GQL_AGG_COUNT);
	assert_int_equal(gql_aggregate_fn("avg"), GQL_AGG_NUMERIC);
	assert_int_equal(gql_aggregate_fn("sumDistinct"), GQL_AGG_NUMERIC);
	assert_int_equal(gql_aggregate_fn("max"), GQL_AGG_NUMERIC);
	assert_int_equal(gql_aggregate_fn("median"), GQL_AGG_NONE);
	assert_true(gql_generated_special("uuid"));
	assert_true(gql_generated_special("user-updated"));
	assert_true(gql_generated_special("role-created"));
	assert_false(gql_generated_special("m2o"));
}

static const char *
ftype(const struct gql_field_facts *f, enum gql_action a, struct buf *b)
{
	buf_reset(b);
	gql_field_type(f, a, b);
	return b->buf;
}

static void
test_field_types(void **state)
{
	struct gql_field_facts f;
	struct buf b = BUF_INIT;

	(void)state;
	/* an auto-increment integer primary key (a default) */
	memset(&f, 0, sizeof(f));
	f.type = "integer";
	f.primary_key = 1;
	f.has_default = 1;
	assert_string_equal(ftype(&f, GQLA_READ, &b), "ID!");
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "ID");
	assert_string_equal(ftype(&f, GQLA_UPDATE, &b), "ID");
	/* a manual primary key: required on create */
	f.has_default = 0;
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "ID!");
	f.uuid_special = 1;
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "ID");
	f.collection = "directus_permissions";
	assert_string_equal(ftype(&f, GQLA_READ, &b), "ID");
	/* slug: NOT NULL, no default; status: with a default; title:
	   nullable (meta.required changes nothing) */
	memset(&f, 0, sizeof(f));
	f.type = "string";
	assert_string_equal(ftype(&f, GQLA_READ, &b), "String!");
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "String!");
	assert_string_equal(ftype(&f, GQLA_UPDATE, &b), "String");
	f.has_default = 1;
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "String");
	f.has_default = 0;
	f.nullable = 1;
	assert_string_equal(ftype(&f, GQLA_READ, &b), "String");
	f.nullable = 0;
	f.generated = 1;
	assert_string_equal(ftype(&f, GQLA_CREATE, &b), "String");
	memset(&f, 0, sizeof(f));
	f.type = "bigInteger";
	f.nullable = 1;
	assert_string_equal(ftype(&f, GQLA_READ, &b), "GraphQLBigInt");
	f.type = "csv";
	assert_string_equal(ftype(&f, GQLA_READ, &b), "[String]");
	f.type = "string";
	f.conceal = 1;
	assert_string_equal(ftype(&f, GQLA_READ, &b), "Hash");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_skips),
		cmocka_unit_test(test_root_names),
		cmocka_unit_test(test_root_roundtrip),
		cmocka_unit_test(test_root_parse),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_field_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
