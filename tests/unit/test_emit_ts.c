/*
 * test_emit_ts.c: every mapping rule of emit_ts.h, names and quoting,
 * determinism.  Snapshots go through the real loader (snapshot_load).
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/emit.h"
#include "drift/emit_ts.h"
#include "drift/model.h"

/* a collection entry; singleton or folder by flag */
#define COLL(name) \
	"  - {collection: " name ", meta: {singleton: false}, " \
	"schema: {name: x}}\n"
#define SINGLETON(name) \
	"  - {collection: " name ", meta: {singleton: " \
	"true}, schema: {name: x}}\n"
#define FOLDER(name) \
	"  - {collection: " name ", meta: {note: f}, schema: " \
	"null}\n"
/* a field: collection, field, type, nullable, pk */
#define FIELD(c, f, type, nullable, pk) \
	"  - {collection: " c ", field: " f ", type: " type ", meta: {}, " \
	"schema: {is_nullable: " nullable ", is_primary_key: " pk "}}\n"
#define ID(c) FIELD(c, "id", "integer", "false", "true")
#define UUID_ID(c) FIELD(c, "id", "uuid", "false", "true")
#define ALIAS(c, f, special) \
	"  - {collection: " c ", field: " f ", type: alias, meta: {special: " \
	"[" special "]}, schema: null}\n"
#define REL(c, f, target, one) \
	"  - {collection: " c ", field: " f ", related_collection: " target \
	", meta: {one_field: " one "}, schema: {}}\n"

static char *
gen_opts(const char *yaml, const struct emit_opts *o)
{
	struct snapshot *s = NULL;
	struct derr err = DERR_INIT;
	struct buf b = BUF_INIT;

	if (snapshot_load("t.yaml", yaml, strlen(yaml), NULL, &s, &err) != 0)
		fail_msg("load: %d:%d: %s", err.line, err.col, err.msg);
	emit_ts(s, o, &b);
	snapshot_free(&s);
	return buf_detach(&b, NULL);
}

static char *
gen(const char *yaml)
{
	struct emit_opts o;

	emit_opts_init(&o);
	o.sdk = 26;
	return gen_opts(yaml, &o);
}

/* the out text must hold want (a line or a fragment) */
static void
has(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("missing \"%s\" in:\n%s", want, out);
}

static void
lacks(const char *out, const char *bad)
{
	if (strstr(out, bad) != NULL)
		fail_msg("unexpected \"%s\" in:\n%s", bad, out);
}

static void
test_type_names(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "articles", "Articles" },
		{ "articles_categories", "ArticlesCategories" },
		{ "my-items", "MyItems" },
		{ "block hero", "BlockHero" },
		{ "camelCase", "CamelCase" },
		{ "2fa", "_2fa" },
		{ "__x__", "X" },
		{ "caf\xc3\xa9s", "CafS" },
		{ "---", "Collection" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		emit_ts_type_name(cases[i].in, &b);
		assert_string_equal(b.buf, cases[i].out);
		buf_release(&b);
	}
}

static void
test_keys_and_strings(void **state)
{
	static const struct {
		const char *in, *out;
	} keys[] = {
		{ "title", "title" },
		{ "_x$1", "_x$1" },
		{ "my-items", "'my-items'" },
		{ "2fa", "'2fa'" },
		{ "a b", "'a b'" },
		{ "it's", "'it\\'s'" },
		{ "back\\slash", "'back\\\\slash'" },
		{ "new\nline", "'new\\nline'" },
		{ "", "''" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct buf b = BUF_INIT;

		emit_ts_key(keys[i].in, &b);
		assert_string_equal(b.buf, keys[i].out);
		buf_release(&b);
	}
}

static const char scalars_yaml[] = "collections:\n" COLL("t") "fields:\n" ID(
    "t") FIELD("t", "i", "integer", "true", "false") FIELD("t", "f", "float",
    "true", "false") FIELD("t", "b", "bigInteger", "true", "false") FIELD("t",
    "d", "decimal", "true", "false") FIELD("t", "s", "string", "false", "false")
    FIELD("t", "tx", "text", "true", "false") FIELD("t", "h", "hash", "true",
	"false") FIELD("t", "u", "uuid", "true", "false") FIELD("t", "bo",
	"boolean", "true", "false") FIELD("t", "j", "json", "true", "false")
	FIELD("t", "c", "csv", "true", "false") FIELD("t", "ts", "timestamp",
	    "true", "false") FIELD("t", "dt", "dateTime", "true", "false")
	    FIELD("t", "da", "date", "true", "false")
		FIELD("t", "ti", "time", "true", "false")
		    FIELD("t", "g", "geometry.Point", "true", "false")
			FIELD("t", "gp", "geometry.Polygon", "true", "false")
			    FIELD("t", "x", "binary", "true",
				"false") "  - {collection: t, field: nn, type: "
					 "string, meta: {}, schema: {}}\n";

static void
test_scalars(void **state)
{
	char *out;
	struct emit_opts o;

	(void)state;
	out = gen(scalars_yaml);
	has(out, "  id: number;\n");
	has(out, "  i: number | null;\n");
	has(out, "  f: number | null;\n");
	has(out, "  b: string | null;\n");
	has(out, "  d: string | null;\n");
	has(out, "  s: string;\n");
	has(out, "  tx: string | null;\n");
	has(out, "  h: string | null;\n");
	has(out, "  u: string | null;\n");
	has(out, "  bo: boolean | null;\n");
	has(out, "  j: 'json' | null;\n");
	has(out, "  c: 'csv' | null;\n");
	has(out, "  ts: 'datetime' | null;\n");
	has(out, "  dt: 'datetime' | null;\n");
	has(out, "  da: 'date' | null;\n");
	has(out, "  ti: 'time' | null;\n");
	has(out, "  g: GeoJSONPoint | null;\n");
	has(out, "  gp: GeoJSONPolygon | null;\n");
	has(out, "  x: unknown;\n");
	/* is_nullable absent: the safe side */
	has(out, "  nn: string | null;\n");
	has(out, "export interface GeoJSONPoint {");
	has(out, "export interface GeoJSONPolygon {");
	has(out, "export type GeoJSONPosition = number[];");
	/* only the geometry types used */
	lacks(out, "GeoJSONMultiPolygon");
	lacks(out, "GeoJSONGeometry ");
	free(out);

	/* SDK <= 21 has no 'date'/'time' markers (pitfall 15) */
	emit_opts_init(&o);
	o.sdk = 21;
	out = gen_opts(scalars_yaml, &o);
	has(out, "  da: 'datetime' | null;\n");
	has(out, "  ti: 'datetime' | null;\n");
	free(out);
	o.sdk = 22;
	out = gen_opts(scalars_yaml, &o);
	has(out, "  da: 'date' | null;\n");
	free(out);

	o.bigint = EMIT_NUM_NUMBER;
	o.decimal = EMIT_NUM_NUMBER;
	out = gen_opts(scalars_yaml, &o);
	has(out, "  b: number | null;\n");
	has(out, "  d: number | null;\n");
	free(out);
}

static void
test_geometry_any(void **state)
{
	char *out;

	(void)state;
	out = gen("collections:\n" COLL("t") "fields:\n" ID("t")
		FIELD("t", "g", "geometry", "true", "false"));
	has(out, "  g: GeoJSONGeometry | null;\n");
	has(out, "export type GeoJSONGeometry =\n");
	has(out, "  | GeoJSONMultiPolygon\n");
	has(out, "  geometries: GeoJSONGeometry[];\n");
	free(out);
}

static const char choices_yaml[] = "collections:\n" COLL("t") "fields:\n" ID(
    "t") "  - {collection: t, field: st, type: string, meta: {options: "
	 "{choices: "
	 "[{text: A, value: draft}, {text: B, value: \"it's\"}, {text: C, "
	 "value: "
	 "draft}]}}, schema: {is_nullable: false}}\n"
	 "  - {collection: t, field: n, type: integer, meta: {options: "
	 "{choices: "
	 "[{text: A, value: 1}, {text: B, value: 2}]}}, schema: {is_nullable: "
	 "true}}\n"
	 "  - {collection: t, field: other, type: string, meta: {options: "
	 "{allowOther: true, choices: [{text: A, value: a}]}}, schema: "
	 "{is_nullable: true}}\n"
	 "  - {collection: t, field: mixed, type: string, meta: {options: "
	 "{choices: [{text: A, value: a}, {text: B, value: 1}]}}, schema: "
	 "{is_nullable: true}}\n"
	 "  - {collection: t, field: multi, type: json, meta: {options: "
	 "{choices: [{text: A, value: a}]}}, schema: {is_nullable: true}}\n";

static void
test_choices(void **state)
{
	struct emit_opts o;
	char *out;

	(void)state;
	out = gen(choices_yaml);
	has(out, "  st: 'draft' | 'it\\'s';\n");
	has(out, "  n: 1 | 2 | null;\n");
	has(out, "  other: string | null;\n");
	has(out, "  mixed: string | null;\n");
	has(out, "  multi: 'json' | null;\n");
	free(out);
	emit_opts_init(&o);
	o.choices = EMIT_CHOICES_STRING;
	out = gen_opts(choices_yaml, &o);
	has(out, "  st: string;\n");
	has(out, "  n: number | null;\n");
	free(out);
}

static const char rel_yaml[] = "collections:\n" COLL("articles") COLL(
    "articles_tags") COLL("authors") COLL("pages") COLL("pages_blocks")
    COLL("block_a") COLL("block_b") COLL("tags") FOLDER("content") SINGLETON(
	"globals") "fields:\n" ID("articles") FIELD("articles", "author",
	"integer", "true", "false") FIELD("articles", "owner", "integer",
	"false", "false") FIELD("articles", "editor", "uuid", "true",
	"false") FIELD("articles", "cover", "uuid", "true",
	"false") FIELD("articles", "hook", "integer", "true",
	"false") FIELD("articles", "gone", "integer", "true",
	"false") ALIAS("articles", "tags", "m2m") ALIAS("articles", "notice",
	"alias, no-data") ALIAS("articles", "orphan",
	"o2m") ID("articles_tags") FIELD("articles_tags", "articles_id",
	"integer", "true", "false") FIELD("articles_tags", "tags_id", "uuid",
	"true", "false") ID("authors") ALIAS("authors", "articles",
	"o2m") UUID_ID("tags") ID("pages") ALIAS("pages", "blocks",
	"m2a") ID("pages_blocks") FIELD("pages_blocks", "pages_id",
	"integer", "true", "false") FIELD("pages_blocks", "item",
	"string", "true", "false") FIELD("pages_blocks", "collection",
	"string", "true", "false") ID("block_a") UUID_ID("block_b")
	ID("globals") FIELD("globals", "logo", "uuid", "true",
	    "false") "relations:\n" REL("articles", "author", "authors",
	    "articles") REL("articles", "owner", "authors", "null")
	    REL("articles", "editor", "directus_users", "null") REL("articles",
		"cover", "directus_files", "null") REL("articles", "hook",
		"directus_webhooks", "null") REL("articles", "gone", "nowhere",
		"null") REL("articles_tags", "articles_id", "articles", "tags")
		REL("articles_tags", "tags_id", "tags", "null")
		    REL("pages_blocks", "pages_id", "pages",
			"blocks") "  - {collection: pages_blocks, field: item, "
				  "related_collection: null, "
				  "meta: {one_field: null, "
				  "one_allowed_collections: [block_a, block_b, "
				  "block_gone], one_collection_field: "
				  "collection}, schema: null}\n" REL("globals",
				      "logo", "directus_files", "null");

static void
test_relations(void **state)
{
	struct emit_opts o;
	char *out;

	(void)state;
	out = gen(rel_yaml);
	/* m2o: target's key type, | null from the FK's nullability */
	has(out, "  author: number | Authors | null;\n");
	has(out, "  owner: number | Authors;\n");
	/* into system collections: the SDK's types */
	has(out, "  editor: string | DirectusUser<Schema> | null;\n");
	has(out, "  cover: string | DirectusFile<Schema> | null;\n");
	/* directus_webhooks is not in SDK 26: the key only */
	has(out, "  hook: number | null;\n");
	/* a target that does not exist: the key's own type */
	has(out, "  gone: string | number | null;\n");
	/* m2m: the junction's key; o2m: the many side's */
	has(out, "  tags: number[] | ArticlesTags[];\n");
	has(out, "  articles: number[] | Articles[];\n");
	has(out, "  tags_id: string | Tags | null;\n");
	/* presentation and orphan aliases are omitted */
	lacks(out, "notice");
	lacks(out, "orphan");
	/* m2a */
	has(out, "  blocks: number[] | PagesBlocks[];\n");
	has(out, "  item: string | BlockA | BlockB | null;\n");
	has(out,
	    "  collection: 'block_a' | 'block_b' | 'block_gone' | null;\n");
	/* root: arrays, singleton plain, folder skipped, junctions present */
	has(out, "  articles_tags: ArticlesTags[];\n");
	has(out, "  globals: Globals;\n");
	lacks(out, "content");
	lacks(out, "Content");
	/* referenced system collections are root keys with their key */
	has(out, "  directus_files: DirectusFilesCustom[];\n");
	has(out, "  directus_users: DirectusUsersCustom[];\n");
	has(out, "export interface DirectusFilesCustom {\n  id: string;\n}\n");
	lacks(out, "directus_webhooks");
	has(out,
	    "import type { DirectusFile, DirectusUser } from "
	    "'@directus/sdk';\n");
	free(out);

	/* SDK 25 still has DirectusWebhook */
	emit_opts_init(&o);
	o.sdk = 25;
	o.name = "Api";
	o.core = EMIT_CORE_SINGULAR;
	out = gen_opts(rel_yaml, &o);
	has(out, "  hook: number | DirectusWebhook<Api> | null;\n");
	has(out, "  editor: string | DirectusUser<Api> | null;\n");
	has(out, "export interface Api {\n");
	has(out, "  directus_files: DirectusFilesCustom;\n");
	has(out, "  directus_webhooks: DirectusWebhooksCustom;\n");
	has(out, "  globals: Globals;\n");
	free(out);
}

static void
test_system_custom_fields(void **state)
{
	char *out;

	(void)state;
	out = gen("collections:\n" COLL("pages") "fields:\n" ID("pages")
		FIELD("directus_users", "nickname", "string", "true", "false")
		    FIELD("directus_users", "page", "integer", "true", "false")
			FIELD("directus_comments", "mood", "string", "true",
			    "false") "relations:\n" REL("directus_users",
			    "page", "pages", "null"));
	/* only the extra fields: MergeCoreCollection adds the rest */
	has(out,
	    "export interface DirectusUsersCustom {\n"
	    "  nickname: string | null;\n"
	    "  page: number | Pages | null;\n}\n");
	has(out, "  directus_comments: DirectusCommentsCustom[];\n");
	/* user collections first, then system ones, each sorted */
	has(out,
	    "  pages: Pages[];\n  directus_comments: "
	    "DirectusCommentsCustom[];\n  directus_users: "
	    "DirectusUsersCustom[];\n}\n");
	lacks(out, "import");
	free(out);
}

static void
test_names_collide(void **state)
{
	char *out;

	(void)state;
	out = gen("collections:\n" COLL("news-item") COLL("news_item")
		COLL("schema") COLL("directus_user") COLL("my-items") COLL(
		    "geo_j_s_o_n_point") COLL("2fa") "fields:\n" ID("news-item")
		    ID("news_item") ID("schema") ID("directus_user")
			ID("my-items") ID("geo_j_s_o_n_point") ID("2fa") FIELD(
			    "my-items", "a-b", "string", "true", "false"));
	has(out, "  'news-item': NewsItem[];\n");
	has(out, "  news_item: NewsItem2[];\n");
	has(out, "  schema: Schema2[];\n");
	has(out, "  directus_user: DirectusUser2[];\n");
	has(out, "  'my-items': MyItems[];\n");
	has(out, "  geo_j_s_o_n_point: GeoJSONPoint2[];\n");
	has(out, "  '2fa': _2fa[];\n");
	has(out, "  'a-b': string | null;\n");
	has(out, "export interface Schema {\n");
	has(out, "export interface Schema2 {\n");
	free(out);
}

static void
test_notes_and_order(void **state)
{
	char *out;
	const char *pk, *a, *z;

	(void)state;
	out = gen("collections:\n"
		  "  - {collection: t, meta: {note: \"the t\"}, schema: {}}\n"
		  "fields:\n"
		  "  - {collection: t, field: zz, type: string, meta: {note: "
		  "\"a */ b\"}, schema: {is_nullable: true}}\n"
		  "  - {collection: t, field: aa, type: string, meta: {note: "
		  "\"one\\ntwo\"}, schema: {is_nullable: true}}\n"
		  "  - {collection: t, field: key, type: string, meta: {}, "
		  "schema: {is_nullable: false, is_primary_key: true}}\n");
	has(out, "/** the t */\nexport interface T {\n");
	has(out, "  /** a *\\/ b */\n  zz: string | null;\n");
	has(out, "  /**\n   * one\n   * two\n   */\n  aa: string | null;\n");
	/* the key first, then by name */
	pk = strstr(out, "  key: string;");
	a = strstr(out, "  aa:");
	z = strstr(out, "  zz:");
	assert_non_null(pk);
	assert_true(pk < a && a < z);
	free(out);
}

static void
test_empty_collection(void **state)
{
	char *out;

	(void)state;
	/* no fields: an empty interface would match every type (TS {}) */
	out = gen("collections:\n" COLL("empty") COLL("t") "fields:\n" ID("t")
		FIELD("t", "e", "integer", "true", "false") "relations:\n" REL(
		    "t", "e", "empty", "null"));
	lacks(out, "Empty");
	has(out, "  e: string | number | null;\n");
	free(out);
}

static void
test_deterministic(void **state)
{
	char *a, *b, *c;

	(void)state;
	a = gen(rel_yaml);
	b = gen(rel_yaml);
	assert_string_equal(a, b);
	/* the same snapshot in another order gives the same types */
	c = gen("collections:\n" COLL("b")
		COLL("a") "fields:\n" FIELD("b", "y", "string", "true", "false")
		    ID("b") FIELD("a", "x", "string", "true", "false") ID("a"));
	free(a);
	a = gen("collections:\n" COLL("a") COLL("b") "fields:\n" ID("a")
		FIELD("a", "x", "string", "true", "false") ID("b")
		    FIELD("b", "y", "string", "true", "false"));
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_keys_and_strings),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_geometry_any),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_system_custom_fields),
		cmocka_unit_test(test_names_collide),
		cmocka_unit_test(test_notes_and_order),
		cmocka_unit_test(test_empty_collection),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
