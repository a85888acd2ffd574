/*
 * test_usage_gql.c: GraphQL documents -> usage records (usage_gql.h).
 * The worked examples of graphql-usage-and-ts-types.md 1.8 are reproduced
 * record for record on the corpus snapshot they were made on (the d3
 * instance: generated-11.17.4-sqlite-m2a-translations.yaml; skipped with
 * a message when ../shared/corpus is absent); the rest runs on
 * fixtures/example (old schema.yaml, new live.yaml).
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

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/model.h"
#include "drift/usage_gql.h"
#include "helpers/testfile.h"
#include "helpers/testsnap.h"
#include "helpers/testusage.h"

#define D3 "../shared/corpus/generated-11.17.4-sqlite-m2a-translations.yaml"

/* resolves one document (scope) and compares with want */
static void
expect_doc(const struct snapshot *old, const struct snapshot *new,
    const char *doc, int scope, unsigned max_depth, const char *want)
{
	struct usage_opts o;
	int k;

	memset(&o, 0, sizeof(o));
	o.max_depth = max_depth;
	/* added at once, then parsed apart and added (as usage_scan does on
	   threads, bound or not): the same records */
	for (k = 0; k < 3; k++) {
		struct usage_set u = USAGE_SET_INIT;
		struct usage_gql *g = usage_gql_new();
		struct arena *a = arena_new();
		struct buf b = BUF_INIT;

		if (k == 2)
			usage_gql_bind(g, old, new, &o);
		if (k == 0)
			usage_gql_add(g, "doc.graphql", 1, 1, doc, strlen(doc),
			    NULL, 0, scope, &u);
		else
			usage_gql_add_parsed(g, "doc.graphql", 1, 1, doc,
			    strlen(doc), NULL, 0, scope,
			    usage_gql_parse(a, doc, strlen(doc), NULL, 0), &u);
		usage_gql_resolve(g, old, new, &o, &u);
		usage_set_sort(&u);
		test_render_usage(&u, &b, TEST_USAGE_FILES);
		if (strcmp(b.buf, want) != 0) {
			printf("--- want (pass %d)\n%s--- got\n%s", k, want,
			    b.buf);
			fail_msg("records differ");
		}
		buf_release(&b);
		arena_free(&a);
		usage_gql_free(&g);
		usage_set_release(&u);
	}
}

/* 1.8: aliases, fragments, _func, filters, sort and a system-type hop */
static void
test_example_articles(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);

	(void)state;
	if (d3 == NULL)
		return;
	expect_doc(NULL, d3,
	    "query Articles($limit: Int = 10) {\n"
	    "  list: articles(limit: $limit, sort: [\"-published_at\", "
	    "\"author.name\"],\n"
	    "                 filter: { status: { _eq: \"published\" }, "
	    "author: "
	    "{ name: { _icontains: \"a\" } },\n"
	    "                           published_at_func: { year: { _eq: 2024 "
	    "} } }) {\n"
	    "    __typename\n"
	    "    id\n"
	    "    headline: title\n"
	    "    author { name avatar { id filename_download } }\n"
	    "    categories(filter: { categories_id: { slug: { _neq: \"x\" } } "
	    "}) { categories_id { slug } }\n"
	    "    translations(filter: { languages_code: { code: { _eq: \"de\" "
	    "} "
	    "} }) { languages_code { code } title }\n"
	    "    published_at_func { year month }\n"
	    "    categories_func { count }\n"
	    "    ...ArticleCard\n"
	    "    ... on articles { slug }\n"
	    "    body @include(if: false)\n"
	    "  }\n"
	    "}\n"
	    "fragment ArticleCard on articles { summary: body user_created { "
	    "nickname email } }\n",
	    0, 0,
	    "2:9 articles.- read d0\n"
	    "2:42 articles.published_at sort d0\n"
	    "2:58 articles.author sort d0 traverse\n"
	    "2:65 authors.name sort d1 nested\n"
	    "3:28 articles.status filter d0\n"
	    "3:58 articles.author filter d0 traverse\n"
	    "3:68 authors.name filter d1 nested\n"
	    "4:28 articles.published_at filter d0\n"
	    "6:5 articles.id read d0\n"
	    "7:15 articles.title read d0\n"
	    "8:5 articles.author read d0 traverse\n"
	    "8:14 authors.name read d1 nested\n"
	    "8:19 authors.avatar read d1 nested traverse\n"
	    "8:28 directus_files.id read d2 nested\n"
	    "8:31 directus_files.filename_download read d2 nested\n"
	    "9:5 articles.categories read d0 traverse\n"
	    "9:26 articles_categories.categories_id filter d1 nested traverse\n"
	    "9:43 categories.slug filter d2 nested\n"
	    "9:70 articles_categories.categories_id read d1 nested traverse\n"
	    "9:86 categories.slug read d2 nested\n"
	    "10:5 articles.translations read d0 traverse\n"
	    "10:28 articles_translations.languages_code filter d1 nested "
	    "traverse\n"
	    "10:46 languages.code filter d2 nested\n"
	    "10:73 articles_translations.languages_code read d1 nested "
	    "traverse\n"
	    "10:90 languages.code read d2 nested\n"
	    "10:97 articles_translations.title read d1 nested\n"
	    "11:5 articles.published_at read d0\n"
	    "12:5 articles.categories read d0\n"
	    "14:12 articles.- type d0\n"
	    "14:23 articles.slug read d0\n"
	    "15:5 articles.body read d0\n"
	    "18:25 articles.- type d0\n"
	    "18:45 articles.body read d0\n"
	    "18:50 articles.user_created read d0 traverse\n"
	    "18:65 directus_users.nickname read d1 nested\n"
	    "18:74 directus_users.email read d1 nested\n");
	snapshot_free(&d3);
}

/* 1.8: m2a plus an m2a filter; the brief example's m2m two hops */
static void
test_example_m2a(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);

	(void)state;
	if (d3 == NULL)
		return;
	expect_doc(NULL, d3,
	    "{ pages(filter: { blocks: { item__block_hero: { headline: { _eq: "
	    "\"Big\" } } } }) {\n"
	    "    path blocks(sort: [\"sort\"]) { collection item { __typename "
	    "... on block_hero { headline image { id } } ...T } } } }\n"
	    "fragment T on block_text { text }\n",
	    0, 0,
	    "1:3 pages.- read d0\n"
	    "1:19 pages.blocks filter d0 traverse\n"
	    "1:29 pages_blocks.item filter d1 nested traverse\n"
	    "1:49 block_hero.headline filter d2 nested\n"
	    "2:5 pages.path read d0\n"
	    "2:10 pages.blocks read d0 traverse\n"
	    "2:25 pages_blocks.sort sort d1 nested\n"
	    "2:35 pages_blocks.collection read d1 nested\n"
	    "2:46 pages_blocks.item read d1 nested traverse\n"
	    "2:53 block_hero.- type d2 nested\n"
	    "2:53 block_text.- type d2 nested\n"
	    "2:71 block_hero.- type d2 nested\n"
	    "2:84 block_hero.headline read d2 nested\n"
	    "2:93 block_hero.image read d2 nested traverse\n"
	    "2:101 directus_files.id read d3 nested\n"
	    "3:15 block_text.- type d2 nested\n"
	    "3:28 block_text.text read d2 nested\n");
	expect_doc(NULL, d3,
	    "query { articles { title author { name } categories { "
	    "categories_id { slug } } } }",
	    0, 0,
	    "1:9 articles.- read d0\n"
	    "1:20 articles.title read d0\n"
	    "1:26 articles.author read d0 traverse\n"
	    "1:35 authors.name read d1 nested\n"
	    "1:42 articles.categories read d0 traverse\n"
	    "1:55 articles_categories.categories_id read d1 nested traverse\n"
	    "1:71 categories.slug read d2 nested\n");
	snapshot_free(&d3);
}

/* 1.8: aggregate, and the numeric-only rule of _aggregated_fields */
static void
test_example_aggregate(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);

	(void)state;
	if (d3 == NULL)
		return;
	expect_doc(NULL, d3,
	    "{ articles_aggregated(groupBy: "
	    "[\"author\",\"year(published_at)\"], "
	    "filter:{is_featured:{_eq:true}}) { group countAll count { id } "
	    "countDistinct { author } sum { views price } avg { rating } } }",
	    0, 0,
	    "1:3 articles.- aggregate d0\n"
	    "1:34 articles.author aggregate d0\n"
	    "1:48 articles.published_at aggregate d0\n"
	    "1:73 articles.is_featured filter d0\n"
	    "1:123 articles.id aggregate d0\n"
	    "1:144 articles.author aggregate d0\n"
	    "1:159 articles.views aggregate d0\n"
	    "1:165 articles.price aggregate d0\n"
	    "1:179 articles.rating aggregate d0\n");
	expect_doc(NULL, d3,
	    "{ articles_aggregated { max { published_at } median { id } } }", 0,
	    0,
	    "1:3 articles.- aggregate d0\n"
	    "unknown-field doc.graphql:1:31 anonymous query: "
	    "articles_aggregated_fields has no field \"published_at\" (max "
	    "takes numeric fields only)\n"
	    "unknown-field doc.graphql:1:46 anonymous query: "
	    "articles_aggregated has no field \"median\"\n");
	snapshot_free(&d3);
}

/* 1.8: mutations, a dynamic payload, a singleton, a delete */
static void
test_example_mutations(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);

	(void)state;
	if (d3 == NULL)
		return;
	expect_doc(NULL, d3,
	    "mutation Save($id: ID!, $data: update_articles_input!) {\n"
	    "  update_articles_item(id: $id, data: $data) { id title }\n"
	    "  create_articles_item(data: { slug: \"x\", title: \"T\", author: "
	    "{ "
	    "id: 1, name: \"Ada\" }, categories: [{ categories_id: { id: "
	    "\"c1\", "
	    "slug: \"s\" } }] }) { id }\n"
	    "  update_globals(data: { site_title: \"S\" }) { site_title }\n"
	    "  delete_articles_items(ids: [\"1\"]) { ids }\n"
	    "}\n",
	    0, 0,
	    "1:32 articles.- type d0\n"
	    "2:3 articles.- update d0\n"
	    "2:39 articles.* update possibly d0 dynamic traverse\n"
	    "2:48 articles.id read d0\n"
	    "2:51 articles.title read d0\n"
	    "3:3 articles.- create d0\n"
	    "3:32 articles.slug create d0\n"
	    "3:43 articles.title create d0\n"
	    "3:55 articles.author create d0 traverse\n"
	    "3:55 authors.- create d1 nested\n"
	    "3:65 authors.id create d1 nested\n"
	    "3:72 authors.name create d1 nested\n"
	    "3:87 articles.categories create d0 traverse\n"
	    "3:87 articles_categories.- create d1 nested\n"
	    "3:102 articles_categories.categories_id create d1 nested "
	    "traverse\n"
	    "3:102 categories.- create d2 nested\n"
	    "3:119 categories.id create d2 nested\n"
	    "3:129 categories.slug create d2 nested\n"
	    "3:149 articles.id read d0\n"
	    "4:3 globals.- update d0\n"
	    "4:26 globals.site_title update d0\n"
	    "4:47 globals.site_title read d0\n"
	    "5:3 articles.- delete d0\n");
	/* a default value is walked; an m2a item is a scalar on write */
	expect_doc(NULL, d3,
	    "mutation ($d: [create_pages_blocks_input!] = [{ item: \"1\", "
	    "collection: \"block_hero\", nope: 1 }]) {\n"
	    "  create_pages_blocks_items(data: $d) { id }\n"
	    "}\n",
	    0, 0,
	    "1:16 pages_blocks.- type d0\n"
	    "1:49 pages_blocks.item create d0\n"
	    "1:60 pages_blocks.collection create d0\n"
	    "2:3 pages_blocks.- create d0\n"
	    "2:41 pages_blocks.id read d0\n"
	    "unknown-field doc.graphql:1:86 anonymous mutation: pages_blocks "
	    "has no field \"nope\" to write\n");
	snapshot_free(&d3);
}

/* 1.8: system scope through the built-in relations; scope -1 decides per
   root field; the same document on /graphql is unknown */
static void
test_example_system(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);
	const char *doc =
	    "{ users_me { id email nickname avatar { id } role { name } } "
	    "files(filter:{type:{_starts_with:\"image/\"}}) { id title } "
	    "settings { project_name } }";
	const char *want = "1:3 directus_users.- read d0\n"
			   "1:14 directus_users.id read d0\n"
			   "1:17 directus_users.email read d0\n"
			   "1:23 directus_users.nickname read d0\n"
			   "1:32 directus_users.avatar read d0 traverse\n"
			   "1:41 directus_files.id read d1 nested\n"
			   "1:46 directus_users.role read d0 traverse\n"
			   "1:53 directus_roles.name read d1 nested\n"
			   "1:62 directus_files.- read d0\n"
			   "1:76 directus_files.type filter d0\n"
			   "1:109 directus_files.id read d0\n"
			   "1:112 directus_files.title read d0\n"
			   "1:120 directus_settings.- read d0\n"
			   "1:131 directus_settings.project_name read d0\n";

	(void)state;
	if (d3 == NULL)
		return;
	expect_doc(NULL, d3, doc, 1, 0, want);
	expect_doc(NULL, d3, doc, -1, 0, want);
	expect_doc(NULL, d3, doc, 0, 0,
	    "unknown-collection doc.graphql:1:3 anonymous query: unknown root "
	    "field \"users_me\" (no collection has it in /graphql)\n"
	    "unknown-collection doc.graphql:1:62 anonymous query: unknown root "
	    "field \"files\" (no collection has it in /graphql)\n"
	    "unknown-collection doc.graphql:1:120 anonymous query: unknown "
	    "root field \"settings\" (no collection has it in /graphql)\n");
	snapshot_free(&d3);
}

/* OLD for what NEW lacks; unknown on both sides; presentation fields;
   variables without defaults */
static void
test_old_new(void **state)
{
	struct snapshot *old = test_load_snapshot(
	    "fixtures/example/schema.yaml", 0);
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);

	(void)state;
	expect_doc(old, new,
	    "query Q($f: articles_filter, $s: [String] = [\"-views\"]) {\n"
	    "  articles(filter: $f, sort: $s) { id views subtitle nope author "
	    "{ name } }\n"
	    "  legacy_pages { path }\n"
	    "  articlez { id }\n"
	    "}\n",
	    0, 0,
	    "1:13 articles.- type d0\n"
	    "1:48 articles.views sort d0 old\n"
	    "2:3 articles.- read d0\n"
	    "2:20 articles.* filter possibly d0 traverse\n"
	    "2:36 articles.id read d0\n"
	    "2:39 articles.views read d0 old\n"
	    "2:45 articles.subtitle read d0\n"
	    "2:59 articles.author read d0 traverse\n"
	    "2:68 authors.name read d1 nested\n"
	    "3:3 legacy_pages.- read d0 old\n"
	    "3:18 legacy_pages.path read d0 old\n"
	    "unknown-field doc.graphql:2:54 query Q: articles has no field "
	    "\"nope\"\n"
	    "unknown-collection doc.graphql:4:3 query Q: unknown root field "
	    "\"articlez\" (no collection has it in /graphql)\n");
	/* without OLD, what only OLD had is unknown */
	expect_doc(NULL, new, "{ legacy_pages { path } articles { views } }", 0,
	    0,
	    "1:25 articles.- read d0\n"
	    "unknown-collection doc.graphql:1:3 anonymous query: unknown root "
	    "field \"legacy_pages\" (no collection has it in /graphql)\n"
	    "unknown-field doc.graphql:1:36 anonymous query: articles has no "
	    "field \"views\"\n");
	/* a scalar with a selection; a relation that is not selected on */
	expect_doc(NULL, new, "{ articles { title { x } } }", 0, 0,
	    "1:3 articles.- read d0\n"
	    "1:14 articles.title read d0 traverse\n"
	    "unknown-field doc.graphql:1:20 anonymous query: articles.title is "
	    "not a relational field: it has no fields to select\n");
	snapshot_free(&old);
	snapshot_free(&new);
}

/* a relation that NEW dropped (the FK is a plain field now) is followed
   through OLD */
static void
test_relation_only_in_old(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);
	struct snapshot *ex = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);

	(void)state;
	if (d3 == NULL) {
		snapshot_free(&ex);
		return;
	}
	/* d3 has articles.author -> authors; ex has it too, but ex's
	   authors has no "email": OLD (d3) gives it */
	expect_doc(d3, ex, "{ articles { author { email } } }", 0, 0,
	    "1:3 articles.- read d0\n"
	    "1:14 articles.author read d0 traverse\n"
	    "1:23 authors.email read d1 nested old\n");
	snapshot_free(&d3);
	snapshot_free(&ex);
}

/*
 * fixtures/frontends drifts articles.author from an m2o into a plain
 * integer (relation removed, column kept).  A document written for NEW
 * reads the key as a value; one written for OLD goes through the
 * relation (resolved in OLD), and only that one is UREF_TRAVERSE.
 */
static void
test_fk_value_or_traversal(void **state)
{
	struct snapshot *old = test_load_snapshot(
	    "fixtures/frontends/schema/base.json", 0);
	struct snapshot *new = test_load_snapshot(
	    "fixtures/frontends/schema/drifted.json", 0);

	(void)state;
	expect_doc(old, new,
	    "query Q { a: articles(filter: { author: { _eq: 1 } }, "
	    "sort: [\"author\"]) "
	    "{ id author }\n"
	    "  b: articles(filter: { author: { name: { _eq: \"x\" } } }, "
	    "sort: [\"author.name\"]) { author { name } }\n"
	    "}\n"
	    "mutation M { c: create_articles_item(data: { author: 1 }) { id }\n"
	    "  d: create_articles_item(data: { author: { name: \"y\" } }) "
	    "{ id } }\n",
	    0, 0,
	    "1:14 articles.- read d0\n"
	    "1:33 articles.author filter d0\n"
	    "1:63 articles.author sort d0\n"
	    "1:75 articles.id read d0\n"
	    "1:78 articles.author read d0\n"
	    "2:6 articles.- read d0\n"
	    "2:25 articles.author filter d0 traverse\n"
	    "2:35 authors.name filter d1 nested old\n"
	    "2:67 articles.author sort d0 traverse\n"
	    "2:74 authors.name sort d1 nested old\n"
	    "2:84 articles.author read d0 traverse\n"
	    "2:93 authors.name read d1 nested old\n"
	    "4:17 articles.- create d0\n"
	    "4:46 articles.author create d0\n"
	    "4:61 articles.id read d0\n"
	    "5:6 articles.- create d0\n"
	    "5:35 articles.author create d0 traverse\n"
	    "5:35 authors.- create d1 nested old\n"
	    "5:45 authors.name create d1 nested old\n"
	    "5:62 articles.id read d0\n");
	/* against NEW alone (the usage command): the selection set still
	   marks the path through the field, and the plain key has no
	   fields to select (a finding) */
	expect_doc(NULL, new, "{ articles { author { name } } }", 0, 0,
	    "1:3 articles.- read d0\n"
	    "1:14 articles.author read d0 traverse\n"
	    "unknown-field doc.graphql:1:21 anonymous query: articles.author "
	    "is not a relational field: it has no fields to select\n");
	/* the other way round: a key that is a relation in NEW (here the
	   base, where author is an m2o) cannot be selected bare; topics
	   (an m2m alias) neither */
	expect_doc(NULL, old, "{ articles { author topics } }", 0, 0,
	    "1:3 articles.- read d0\n"
	    "1:14 articles.author read d0\n"
	    "1:21 articles.topics read d0\n"
	    "unknown-field doc.graphql:1:14 anonymous query: articles.author "
	    "is a relation: GraphQL needs the fields to select from it "
	    "(author { ... })\n"
	    "unknown-field doc.graphql:1:21 anonymous query: articles.topics "
	    "is a relation: GraphQL needs the fields to select from it "
	    "(topics { ... })\n");
	snapshot_free(&old);
	snapshot_free(&new);
}

static void
test_d3_details(void **state)
{
	struct snapshot *d3 = test_load_snapshot(D3, 1);

	(void)state;
	if (d3 == NULL)
		return;
	/* presentation fields, _func of a type without one, a union member
	   that is not allowed, _by_version, a subscription, @client */
	expect_doc(NULL, d3,
	    "query D { articles { divider title_func { count } } "
	    "pages_blocks { item { ... on articles { id } title } } "
	    "articles_by_version(version: \"v\", id: 1) { title author { id } "
	    "} "
	    "local @client { x } }\n"
	    "subscription S { articles_mutated { key event data { title } } }",
	    0, 0,
	    "1:11 articles.- read d0\n"
	    "1:53 pages_blocks.- read d0\n"
	    "1:68 pages_blocks.item read d0 traverse\n"
	    "1:108 articles.- read d0\n"
	    "1:151 articles.title read d0\n"
	    "1:157 articles.author read d0 traverse\n"
	    "2:18 articles.- read d0\n"
	    "2:54 articles.title read d0\n"
	    "unknown-field doc.graphql:1:22 query D: articles has no field "
	    "\"divider\" (a presentation field without data)\n"
	    "unknown-field doc.graphql:1:30 query D: articles has no field "
	    "\"title_func\"\n"
	    "unknown-collection doc.graphql:1:82 query D: \"articles\" is not "
	    "a member of pages_blocks_item_union\n"
	    "unknown-field doc.graphql:1:98 query D: pages_blocks_item_union "
	    "has no field \"title\" (select members with ... on "
	    "<collection>)\n"
	    "unknown-field doc.graphql:1:157 query D: articles.author is JSON "
	    "in version_articles: it has no fields to select\n");
	/* an m2a field is filtered through <f>__<collection> only; _func
	   exists for some types only, with fixed members */
	expect_doc(NULL, d3,
	    "query F { pages_blocks(filter: { item: { id: { _eq: 1 } }, "
	    "pages_id_func: { count: { _gt: 1 } } }) { id } articles(filter: { "
	    "title_func: { count: { _eq: 1 } }, published_at_func: { year: { "
	    "_eq: 1 } } }) { published_at_func { year hour bogus } } }",
	    0, 0,
	    "1:11 pages_blocks.- read d0\n"
	    "1:102 pages_blocks.id read d0\n"
	    "1:107 articles.- read d0\n"
	    "1:161 articles.published_at filter d0\n"
	    "1:206 articles.published_at read d0\n"
	    "unknown-field doc.graphql:1:34 query F: pages_blocks has no field "
	    "\"item\" to filter on (filter an m2a field through "
	    "item__<collection>)\n"
	    "unknown-field doc.graphql:1:60 query F: pages_blocks has no field "
	    "\"pages_id_func\" to filter on\n"
	    "unknown-field doc.graphql:1:126 query F: articles has no field "
	    "\"title_func\" to filter on\n"
	    "unknown-field doc.graphql:1:236 query F: datetime_functions has "
	    "no "
	    "field \"bogus\"\n");
	/* a fragment on another collection cannot be spread */
	expect_doc(NULL, d3,
	    "query W { articles { ...A ... on authors { name } } }\n"
	    "fragment A on authors { name }",
	    0, 0,
	    "1:11 articles.- read d0\n"
	    "1:34 authors.- type d0\n"
	    "unknown-collection doc.graphql:1:25 query W: fragment A on "
	    "\"authors\" cannot be spread in articles\n"
	    "unknown-collection doc.graphql:1:34 query W: an inline fragment "
	    "on "
	    "\"authors\" cannot be spread in articles\n");
	/* the depth limit: author.name is 2 levels */
	expect_doc(NULL, d3,
	    "{ articles { author { avatar { folder { name } } } } }", 0, 2,
	    "1:3 articles.- read d0\n"
	    "1:14 articles.author read d0 traverse\n"
	    "1:23 authors.avatar read d1 nested traverse\n"
	    "depth doc.graphql:1:23 anonymous query: the selection below "
	    "authors.avatar is more than 2 relational levels deep\n");
	snapshot_free(&d3);
}

static void
test_fragments_project_wide(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	struct buf b = BUF_INIT;
	const char *q = "query Get { articles { ...Card ...Missing } }";
	const char *f =
	    "fragment Card on articles { title author { ...Who } }\n"
	    "fragment Who on authors { name ...Who }\n"
	    "fragment Lone on authors { bio }\n"
	    "fragment Bad on nope { x }\n";
	size_t i;
	int saw_context = 0, saw_lone = 0;

	(void)state;
	/* the query in a .ts template at 10:7; the fragments in a file */
	assert_int_equal(
	    usage_gql_add(g, "src/a.ts", 10, 7, q, strlen(q), NULL, 0, 0, &u),
	    1);
	assert_int_equal(usage_gql_add(g, "src/frags.graphql", 1, 1, f,
			     strlen(f), NULL, 0, 0, &u),
	    4);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_FILES);
	for (i = 0; i < u.nrefs; i++) {
		if (strcmp(u.refs[i].context, "query Get") == 0 &&
		    strcmp(u.refs[i].site.file, "src/frags.graphql") == 0)
			saw_context = 1;
		if (strcmp(u.refs[i].context, "fragment Lone") == 0)
			saw_lone = 1;
	}
	assert_true(saw_context);
	assert_true(saw_lone);
	{
		const char *want =
		    "10:19 articles.- read d0\n"
		    "10:41 articles.* read possibly d0\n"
		    "1:18 articles.- type d0\n"
		    "1:29 articles.title read d0\n"
		    "1:35 articles.author read d0\n"
		    "2:17 authors.- type d1 nested\n"
		    "2:27 authors.name read d1 nested\n"
		    "3:18 authors.- type d0\n"
		    "3:28 authors.bio read d0\n"
		    "unknown-collection src/frags.graphql:4:17 fragment Bad: "
		    "unknown type \"nope\" (no such collection)\n";
		struct buf w = BUF_INIT;

		/* test_render_usage() sorts by file first: the frags file, then a.ts;
		   compare without file names for brevity */
		buf_reset(&b);
		for (i = 0; i < u.nrefs; i++)
			buf_addf(&b, "%u:%u %s.%s %s%s d%u%s\n",
			    u.refs[i].site.line, u.refs[i].site.col,
			    u.refs[i].collection,
			    u.refs[i].field ? u.refs[i].field : "-",
			    usage_access_name(u.refs[i].access),
			    u.refs[i].certainty ? " possibly" : "",
			    u.refs[i].depth,
			    u.refs[i].flags & UREF_NESTED ? " nested" : "");
		for (i = 0; i < u.nproblems; i++)
			buf_addf(&b, "unknown-collection %s:%u:%u %s\n",
			    u.problems[i].site.file, u.problems[i].site.line,
			    u.problems[i].site.col, u.problems[i].message);
		buf_adds(&w, want);
		if (strcmp(b.buf, w.buf) != 0) {
			printf("--- want\n%s--- got\n%s", w.buf, b.buf);
			fail_msg("records differ");
		}
		buf_release(&w);
	}
	assert_int_equal(u.nnotes, 1);
	assert_non_null(strstr(u.notes[0], "\"Missing\" is not defined"));
	buf_release(&b);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

static void
test_parse_errors_holes_sdl(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	struct arena *a = arena_new();
	struct buf b = BUF_INIT;
	/* gql`{ articles(filter: ${f}) { id ${more} } }` blanked */
	const char *t = "{ articles(filter:     ) { id         } }";
	size_t holes[] = { 19, 30 };

	(void)state;
	assert_int_equal(usage_gql_add(g, "src/x.ts", 3, 12, "{ a(: 1) }", 10,
			     NULL, 0, 0, &u),
	    0);
	/* the same through a parse made apart (usage_scan's threads) */
	assert_int_equal(
	    usage_gql_add_parsed(g, "src/x.ts", 5, 8, "\n  { a(: 1) }", 13,
		NULL, 0, 0, usage_gql_parse(a, "\n  { a(: 1) }", 13, NULL, 0),
		&u),
	    0);
	assert_int_equal(usage_gql_add(g, "schema.graphql", 1, 1,
			     "type Query { a: Int }", 21, NULL, 0, 0, &u),
	    0);
	assert_int_equal(
	    usage_gql_add(g, "src/y.ts", 2, 20, t, strlen(t), holes, 2, 0, &u),
	    1);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_FILES);
	assert_string_equal(b.buf,
	    "2:22 articles.- read d0\n"
	    "2:39 articles.* filter possibly d0 traverse\n"
	    "2:45 articles.* read possibly d0 traverse\n"
	    "2:47 articles.id read d0\n"
	    "parse src/x.ts:3:16 GraphQL document does not parse: expected an "
	    "argument name, found \":\"\n"
	    "parse src/x.ts:6:7 GraphQL document does not parse: expected an "
	    "argument name, found \":\"\n");
	buf_release(&b);
	arena_free(&a);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

/* hostile nesting: spread cycles and exponential fragments end */
static void
test_fragment_bombs(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	struct buf doc = BUF_INIT;
	int i;

	(void)state;
	buf_adds(&doc, "{ authors { ...F0 } }\n");
	for (i = 0; i < 30; i++)
		buf_addf(&doc,
		    "fragment F%d on authors { name ...F%d ...F%d }\n", i,
		    i + 1, i + 1);
	buf_adds(&doc, "fragment F30 on authors { ...F0 }\n");
	assert_int_equal(usage_gql_add(g, "bomb.graphql", 1, 1, doc.buf,
			     doc.len, NULL, 0, 0, &u),
	    32);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	assert_true(u.nrefs > 1000);
	assert_int_equal(u.nnotes, 1);
	assert_non_null(strstr(u.notes[0], "fragment spreads expanded"));
	usage_gql_free(&g);
	usage_set_release(&u);

	/* a chain of 100 fragments: cut at 64 levels (the C stack) */
	g = usage_gql_new();
	buf_reset(&doc);
	buf_adds(&doc, "query Chain { authors { ...C0 } }\n");
	for (i = 0; i < 100; i++)
		buf_addf(&doc, "fragment C%d on authors { name ...C%d }\n", i,
		    i + 1);
	buf_adds(&doc, "fragment C100 on authors { name }\n");
	assert_int_equal(usage_gql_add(g, "chain.graphql", 1, 1, doc.buf,
			     doc.len, NULL, 0, 0, &u),
	    102);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	assert_int_equal(u.nnotes, 1);
	assert_non_null(strstr(
	    u.notes[0], "query Chain: fragments nested more than 64 deep"));
	buf_release(&doc);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

/* the documents of test_bound_like_unbound: file, line, col, text */
static const struct {
	const char *file;
	uint32_t line, col;
	const char *text;
} bound_docs[] = {
	/* waits for Card (later file) and Missing (never defined) */
	{ "src/a.ts", 10, 7, "query Get { articles { ...Card ...Missing } }" },
	/* no fragments: resolved when added */
	{ "src/b.ts", 3, 5, "query Plain { articles { id title } }" },
	{ "src/c.ts", 1, 1,
	    "query V($s: [String] = [\"-title\"]) {\n"
	    "  articles(sort: $s, filter: { title: { _eq: \"x\" } }) { id }\n"
	    "}" },
	{ "src/frags.graphql", 1, 1,
	    "fragment Card on articles { title author { ...Who } }\n"
	    "fragment Who on authors { name ...Who }\n"
	    "fragment Lone on authors { bio }\n"
	    "fragment Bad on nope { x }\n" },
	/* its fragment came before: resolved when added */
	{ "src/d.ts", 2, 9, "query After { authors { ...Who } }" },
	{ "src/f.ts", 1, 1, "query Late { articles { ...Missing2 } }" },
};

/* text added to g, or (h not NULL) parsed, and added to h when it stands
   alone there, its notes then taken over by g (as usage_scan's threads
   do) */
static int
add_via(struct usage_gql *g, struct usage_gql *h, const char *file,
    uint32_t line, uint32_t col, const char *text, size_t n,
    struct usage_set *u)
{
	struct arena *a;
	const struct usage_gql_parsed *pd;
	struct usage_gql_notes *notes;
	int rc;

	if (h == NULL)
		return usage_gql_add(
		    g, file, line, col, text, n, NULL, 0, 0, u);
	a = arena_new();
	pd = usage_gql_parse(a, text, n, NULL, 0);
	/* the bomb does not stand alone, but it is resolved when added
	   (its fragments are its own) and its note waits: h hands it over
	   as well */
	if (usage_gql_standalone(h, pd) || strstr(text, "Bomb") != NULL) {
		rc = usage_gql_add_parsed(
		    h, file, line, col, text, n, NULL, 0, 0, pd, u);
		notes = usage_gql_hand_over(h);
		assert_null(usage_gql_hand_over(h)); /* moved */
		usage_gql_take_over(g, &notes);
		assert_null(notes);
	} else {
		rc = usage_gql_add_parsed(
		    g, file, line, col, text, n, NULL, 0, 0, pd, u);
	}
	arena_free(&a);
	return rc;
}

/* records, problems and notes of the documents above, each added from a
   buffer freed (and scribbled over) right after usage_gql_add(); a
   fragment bomb between them adds a note at resolution time.  mode 0:
   unbound; 1: bound (usage_gql_bind()); 2: bound, and the documents that
   stand alone added to a second bound handle, whose notes the first takes
   over.  *early: records there were before the resolve. */
static void
bound_run(const struct snapshot *new, int mode, struct buf *out, size_t *early)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new(), *h = NULL;
	struct buf bomb = BUF_INIT;
	size_t i;
	int k;

	if (mode > 0)
		usage_gql_bind(g, NULL, new, NULL);
	if (mode == 2) {
		h = usage_gql_new();
		usage_gql_bind(h, NULL, new, NULL);
	}
	for (i = 0; i < sizeof(bound_docs) / sizeof(bound_docs[0]); i++) {
		size_t n = strlen(bound_docs[i].text);
		char *text = malloc(n + 1);

		assert_non_null(text);
		memcpy(text, bound_docs[i].text, n + 1);
		assert_true(
		    add_via(g, h, bound_docs[i].file, bound_docs[i].line,
			bound_docs[i].col, text, n, &u) > 0);
		memset(text, '}', n);
		free(text);
		if (i == 4) {
			/* 2^15 spreads: cut at 20,000, a note */
			buf_adds(&bomb, "query Bomb { authors { ...F0 } }\n");
			for (k = 0; k < 15; k++)
				buf_addf(&bomb,
				    "fragment F%d on authors { name ...F%d "
				    "...F%d }\n",
				    k, k + 1, k + 1);
			buf_adds(&bomb, "fragment F15 on authors { name }\n");
			assert_int_equal(add_via(g, h, "src/e.graphql", 1, 1,
					     bomb.buf, bomb.len, &u),
			    17);
			memset(bomb.buf, '}', bomb.len);
			buf_release(&bomb);
		}
	}
	*early = u.nrefs;
	usage_gql_resolve(g, NULL, new, NULL, &u);
	usage_gql_free(&g);
	usage_gql_free(&h);
	test_render_usage(&u, out, TEST_USAGE_FILES);
	for (i = 0; i < u.nrefs; i++)
		buf_addf(
		    out, "%s %s\n", u.refs[i].site.file, u.refs[i].context);
	for (i = 0; i < u.nnotes; i++)
		buf_addf(out, "note %s\n", u.notes[i]);
	usage_set_release(&u);
}

/* usage_gql_bind(): documents resolved when added where their fragments
   are known, the rest at the end, from what was kept (fragment
   definitions, the text of waiting operations): the same records,
   problems and notes, notes in the same (document) order */
static void
test_bound_like_unbound(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t early_a, early_b;
	const char *n1, *n2, *n3;

	(void)state;
	bound_run(new, 0, &a, &early_a);
	bound_run(new, 1, &b, &early_b);
	if (strcmp(a.buf, b.buf) != 0) {
		printf("--- unbound\n%s--- bound\n%s", a.buf, b.buf);
		fail_msg("bound and unbound resolution differ");
	}
	assert_int_equal(early_a, 0);
	assert_true(early_b > 1000); /* the bomb, b.ts, c.ts, d.ts */
	/* the fragment from the later file resolved for a.ts's query */
	assert_non_null(strstr(b.buf, "src/frags.graphql query Get\n"));
	assert_non_null(strstr(b.buf, "src/frags.graphql query After\n"));
	assert_non_null(strstr(b.buf, "1:29 articles.title read d0\n"));
	n1 = strstr(b.buf, "note src/a.ts:10: fragment \"Missing\"");
	n2 = strstr(b.buf, "note query Bomb: more than 20000 fragment");
	n3 = strstr(b.buf, "note src/f.ts:1: fragment \"Missing2\"");
	assert_non_null(n1);
	assert_non_null(n2);
	assert_non_null(n3);
	assert_true(n1 < n2 && n2 < n3);
	buf_release(&a);
	buf_release(&b);
	snapshot_free(&new);
}

/*
 * usage_gql_standalone(): a document that needs no fragment (or does not
 * parse, or is SDL) resolves the same on any bound handle.  Those of
 * test_bound_like_unbound added to a second handle, whose waiting notes
 * the first takes over where they were added: the same records, problems
 * and notes, in the same order.
 */
static void
test_standalone_hand_over(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	static const struct {
		const char *text;
		int alone;
	} cases[] = {
		{ "query Plain { articles { id title } }", 1 },
		{ "{ articles { id ... on articles { title } } }", 1 },
		{ "{ articles { ...Card } }", 0 },
		{ "fragment Card on articles { title }", 0 },
		{ "query Q { articles { id } } fragment C on articles { id }",
		    0 },
		{ "query Broken { articles { ", 1 },
		{ "type Article { id: ID }", 1 },
	};
	struct usage_gql *g = usage_gql_new(), *unbound = usage_gql_new();
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct arena *ar = arena_new();
	size_t i, early_a, early_b;

	(void)state;
	usage_gql_bind(g, NULL, new, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct usage_gql_parsed *pd = usage_gql_parse(
		    ar, cases[i].text, strlen(cases[i].text), NULL, 0);

		if (usage_gql_standalone(g, pd) != cases[i].alone)
			fail_msg("standalone: %s", cases[i].text);
		/* an unbound handle resolves at the end: nothing stands
		   alone */
		assert_int_equal(usage_gql_standalone(unbound, pd), 0);
	}
	assert_null(usage_gql_hand_over(g)); /* no notes */
	usage_gql_take_over(g, NULL);
	bound_run(new, 1, &a, &early_a);
	bound_run(new, 2, &b, &early_b);
	if (strcmp(a.buf, b.buf) != 0) {
		printf("--- one handle\n%s--- two\n%s", a.buf, b.buf);
		fail_msg("a second handle changes the result");
	}
	assert_int_equal(early_a, early_b);
	assert_non_null(strstr(b.buf, "note query Bomb: more than 20000"));
	arena_free(&ar);
	buf_release(&a);
	buf_release(&b);
	usage_gql_free(&g);
	usage_gql_free(&unbound);
	snapshot_free(&new);
}

/* one document resolved by a fresh resolver, rendered */
static void
render_alone(
    const struct snapshot *new, const char *doc, int scope, struct buf *out)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();

	usage_gql_add(
	    g, "doc.graphql", 1, 1, doc, strlen(doc), NULL, 0, scope, &u);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	usage_set_sort(&u);
	test_render_usage(&u, out, TEST_USAGE_FILES);
	usage_gql_free(&g);
	usage_set_release(&u);
}

/* docs[0..n) (of scopes[]) added one after the other to one bound
   resolver: each gives what a fresh resolver gives; their records
   rendered into *all */
static void
same_as_alone(const struct snapshot *new, const char *const *docs,
    const int *scopes, size_t n, struct buf *all)
{
	struct usage_gql *g = usage_gql_new();
	struct usage_set *u = calloc(n, sizeof(*u));
	size_t i;

	assert_non_null(u);
	usage_gql_bind(g, NULL, new, NULL);
	for (i = 0; i < n; i++) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		size_t len = strlen(docs[i]);
		char *text = malloc(len + 1);

		/* the sets live on: the resolver keeps the file name it
		   copied into the last one */
		u[i] = (struct usage_set)USAGE_SET_INIT;
		assert_non_null(text);
		memcpy(text, docs[i], len + 1);
		assert_int_equal(usage_gql_add(g, "doc.graphql", 1, 1, text,
				     len, NULL, 0, scopes[i], &u[i]),
		    1);
		/* the names of the next document take this one's place */
		memset(text, '}', len);
		free(text);
		usage_set_sort(&u[i]);
		test_render_usage(&u[i], &a, TEST_USAGE_FILES);
		render_alone(new, docs[i], scopes[i], &b);
		if (strcmp(a.buf, b.buf) != 0) {
			printf("--- alone (document %zu)\n%s--- after the "
			       "others\n%s",
			    i, b.buf, a.buf);
			fail_msg("memoised lookups differ");
		}
		buf_addf(all, "%s", a.buf);
		buf_release(&a);
		buf_release(&b);
	}
	for (i = 0; i < n; i++)
		usage_set_release(&u[i]);
	free(u);
	usage_gql_free(&g);
}

/*
 * Selected fields are memoised by the collection's address and the
 * name's bytes (field_of_cx()), across the documents of one resolver:
 * the same name in another collection, a name that takes the slot of
 * another (same length, first, middle and last byte: "title" and
 * "tXtYe"), names parsed at the addresses of earlier documents' (the
 * scratch arena is reused) all give what a fresh resolver gives.
 */
static void
test_field_memo(void **state)
{
	static const char *const docs[] = {
		"{ articles { id title author { name id } } }",
		"{ authors { name title id articles { title } } }",
		"{ articles { tXtYe title name } }",
		"{ authors { id name tXtYe } articles { id name title } }",
		"{ articles { title tXtYe author { title name } } }",
	};
	static const int scopes[] = { 0, 0, 0, 0, 0 };
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf all = BUF_INIT;

	(void)state;
	same_as_alone(new, docs, scopes, sizeof(docs) / sizeof(docs[0]), &all);
	assert_non_null(strstr(all.buf, "1:17 articles.title read d0\n"));
	assert_non_null(strstr(all.buf, "1:32 authors.name read d1 nested\n"));
	assert_non_null(strstr(all.buf, "1:13 authors.name read d0\n"));
	assert_non_null(strstr(all.buf, "1:20 articles.title read d0\n"));
	assert_non_null(strstr(all.buf, "authors has no field \"title\"\n"));
	assert_non_null(strstr(all.buf, "articles has no field \"tXtYe\"\n"));
	assert_non_null(strstr(all.buf, "authors has no field \"tXtYe\"\n"));
	assert_non_null(strstr(all.buf, "articles has no field \"name\"\n"));
	buf_release(&all);
	snapshot_free(&new);
}

/*
 * Root fields are memoised by the name's bytes, the operation kind and
 * the document's scope (root_lookup()): the same name in a query and a
 * mutation, in /graphql and /graphql/system, a name in the slot of
 * another ("articles" and "arXicXXs"), all as a fresh resolver has them.
 */
static void
test_root_memo(void **state)
{
	static const char *const docs[] = {
		"{ articles { id } }",
		"{ articles { id } }",
		"{ articles { id } }",
		"{ arXicXXs { id } articles { title } }",
		"mutation { create_articles_item(data: {}) { id } }",
		"{ create_articles_item { id } }",
		"mutation { articles { id } }",
		"{ users_me { email } }",
		"{ users_me { email } }",
		"{ articles_by_id(id: 1) { id } articles { id } }",
	};
	static const int scopes[] = { 0, 1, -1, 0, 0, 0, 0, 1, 0, -1 };
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf all = BUF_INIT;

	(void)state;
	same_as_alone(new, docs, scopes, sizeof(docs) / sizeof(docs[0]), &all);
	assert_non_null(strstr(all.buf, "1:3 articles.- read d0\n"));
	assert_non_null(strstr(all.buf,
	    "unknown root field \"articles\" (no collection has it in "
	    "/graphql/system)\n"));
	assert_non_null(strstr(all.buf,
	    "unknown root field \"arXicXXs\" (no collection has it in "
	    "/graphql)\n"));
	assert_non_null(strstr(all.buf, "1:12 articles.- create d0\n"));
	assert_non_null(strstr(all.buf,
	    "unknown root field \"create_articles_item\" (no collection has "
	    "it in /graphql)\n"));
	assert_non_null(strstr(all.buf, "directus_users.email read d0\n"));
	assert_non_null(strstr(all.buf,
	    "unknown root field \"users_me\" (no collection has it in "
	    "/graphql)\n"));
	buf_release(&all);
	snapshot_free(&new);
}

/* variables' built-in types are memoised by the name's bytes
   (builtin_type()): "Int" and "Iat" share a slot */
static void
test_builtin_memo(void **state)
{
	static const char *const docs[] = {
		"query A($a: ID, $b: Int!, $c: [String]) { articles { id } }",
		"query B($a: Iat, $b: articles_filter) { articles { id } }",
		"query C($a: Int, $b: Iat, $c: ID!) { articles { id } }",
	};
	static const int scopes[] = { 0, 0, 0 };
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf all = BUF_INIT;
	const char *p;

	(void)state;
	same_as_alone(new, docs, scopes, sizeof(docs) / sizeof(docs[0]), &all);
	p = strstr(all.buf, "unknown type \"Iat\" (no such collection)\n");
	assert_non_null(p);
	assert_non_null(
	    strstr(p + 1, "unknown type \"Iat\" (no such collection)\n"));
	assert_non_null(strstr(all.buf, "1:22 articles.- type d0\n"));
	assert_null(strstr(all.buf, "\"Int\""));
	assert_null(strstr(all.buf, "\"ID\""));
	buf_release(&all);
	snapshot_free(&new);
}

/* the records of u from k on, as text in file order (not sorted): every
   member of each record */
static void
dump_refs(const struct usage_set *u, size_t k, struct buf *b)
{
	for (; k < u->nrefs; k++) {
		const struct usage_ref *r = &u->refs[k];

		buf_addf(b, "%s.%s a%d c%d f%u d%u %s:%u:%u %s\n",
		    r->collection, r->field != NULL ? r->field : "-",
		    (int)r->access, (int)r->certainty, (unsigned)r->flags,
		    r->depth, r->site.file, r->site.line, r->site.col,
		    r->context);
	}
}

/*
 * add_ref() writes a record in place while the set's array has room and
 * through usage_add_ref() when it is full: a document resolved into an
 * empty set, into one with room to spare and into one exactly full
 * gives the same records (every member, "*" possibly ones with their
 * traverse flag, in the same order).
 */
static void
test_refs_in_place(void **state)
{
	static const char doc[] =
	    "query Q($f: articles_filter) {\n"
	    "  articles(filter: $f) { id title       "
	    "author { name id } }\n"
	    "  authors { id name articles { id title } }\n"
	    "}";
	size_t hole = (size_t)(strstr(doc, "title ") - doc) + 7;
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf want = BUF_INIT;
	int pass;

	(void)state;
	for (pass = 0; pass < 4; pass++) {
		struct usage_set u = USAGE_SET_INIT;
		struct usage_gql *g = usage_gql_new();
		struct buf got = BUF_INIT;
		size_t k0 = 0, i;

		usage_gql_bind(g, NULL, new, NULL);
		if (pass > 0) {
			/* pass 1: room to spare; 2: full; 3: one slot */
			struct usage_ref pad;
			size_t n = pass == 1 ? 3 : pass == 2 ? 64 : 63;

			memset(&pad, 0, sizeof(pad));
			pad.collection = "pad";
			pad.context = "pad";
			pad.site.file = "pad";
			for (i = 0; i < n; i++)
				usage_add_ref(&u, &pad);
			if (pass == 2)
				assert_int_equal(u.nrefs, u.arefs);
			k0 = u.nrefs;
		}
		for (i = 0; i < 40; i++)
			assert_int_equal(
			    usage_gql_add(g, "doc.graphql", (uint32_t)i + 1, 1,
				doc, strlen(doc), &hole, 1, 0, &u),
			    1);
		usage_gql_resolve(g, NULL, new, NULL, &u);
		assert_true(u.nrefs - k0 > 64);
		dump_refs(&u, k0, &got);
		if (pass == 0)
			buf_addf(&want, "%s", got.buf);
		else if (strcmp(want.buf, got.buf) != 0) {
			printf("--- empty set\n%s--- pass %d\n%s", want.buf,
			    pass, got.buf);
			fail_msg("records differ");
		}
		buf_release(&got);
		usage_gql_free(&g);
		usage_set_release(&u);
	}
	assert_non_null(strstr(want.buf, "articles.* a0 c1 f8 d0 "));
	assert_non_null(strstr(want.buf, "authors.name a0 c0 f2 d1 "));
	buf_release(&want);
	snapshot_free(&new);
}

/* the context of each kind of operation, written in place in the set's
   arena (op_context()): named, anonymous and a name longer than any
   buffer, each on its record */
static void
test_op_context(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct buf doc = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	const char *const heads[] = { "query Q", "mutation M", "subscription S",
		"query", "query L" };
	size_t i, k;

	(void)state;
	usage_gql_bind(g, NULL, new, NULL);
	for (i = 0; i < 5; i++) {
		buf_reset(&doc);
		buf_addf(&doc, "%s", heads[i]);
		for (k = 0; i == 4 && k < 300; k++)
			buf_addf(&doc, "%c", (int)('a' + k % 26));
		buf_addf(&doc, " { %s { id } }",
		    i == 1       ? "delete_articles_item(id: 1)"
			: i == 2 ? "articles_mutated"
				 : "articles");
		assert_int_equal(usage_gql_add(g, "doc.graphql", 1, 1, doc.buf,
				     doc.len, NULL, 0, 0, &u),
		    1);
		/* the context is the text before " {" */
		if (i == 3)
			buf_addf(&want, "anonymous query\n");
		else
			buf_addf(&want, "%.*s\n",
			    (int)(strstr(doc.buf, " {") - doc.buf), doc.buf);
	}
	usage_gql_resolve(g, NULL, new, NULL, &u);
	for (i = 0; i < u.nrefs; i++)
		if (i == 0 || u.refs[i].context != u.refs[i - 1].context)
			buf_addf(&got, "%s\n", u.refs[i].context);
	if (strcmp(got.buf, want.buf) != 0) {
		printf("--- want\n%s--- got\n%s", want.buf, got.buf);
		fail_msg("contexts differ");
	}
	buf_release(&doc);
	buf_release(&got);
	buf_release(&want);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_articles),
		cmocka_unit_test(test_example_m2a),
		cmocka_unit_test(test_example_aggregate),
		cmocka_unit_test(test_example_mutations),
		cmocka_unit_test(test_example_system),
		cmocka_unit_test(test_old_new),
		cmocka_unit_test(test_relation_only_in_old),
		cmocka_unit_test(test_fk_value_or_traversal),
		cmocka_unit_test(test_d3_details),
		cmocka_unit_test(test_fragments_project_wide),
		cmocka_unit_test(test_parse_errors_holes_sdl),
		cmocka_unit_test(test_fragment_bombs),
		cmocka_unit_test(test_bound_like_unbound),
		cmocka_unit_test(test_standalone_hand_over),
		cmocka_unit_test(test_field_memo),
		cmocka_unit_test(test_root_memo),
		cmocka_unit_test(test_builtin_memo),
		cmocka_unit_test(test_refs_in_place),
		cmocka_unit_test(test_op_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
