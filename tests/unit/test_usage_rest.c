/*
 * test_usage_rest.c: @directus/sdk commands, the legacy SDK and REST URLs
 * -> usage records (usage_sdk.h, usage_rest.h), on the fixture snapshot
 * pair fixtures/frontends/schema/ (base.json OLD, drifted.json NEW; the
 * drift of tests/live/usage/drift.sh).  Each case is a JS snippet and the
 * records and problems it must give, one per line, in the order of
 * usage_set_sort(); the mapping follows rest-and-sdk-usage.md 5.
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
#include "drift/js_value.h"
#include "drift/model.h"
#include "drift/usage_graph.h"
#include "drift/usage_js.h"
#include "drift/usage_rest.h"
#include "drift/usage_sdk.h"
#include "helpers/testfile.h"
#include "helpers/testsnap.h"
#include "helpers/testusage.h"

static struct snapshot *old_s, *new_s;

static int
setup(void **state)
{
	(void)state;
	old_s = test_load_snapshot("fixtures/frontends/schema/base.json", 0);
	new_s = test_load_snapshot("fixtures/frontends/schema/drifted.json", 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	snapshot_free(&old_s);
	snapshot_free(&new_s);
	return 0;
}

/* the snippet scanned as a.ts (with OLD unless one_side) */
static void
scan_opts(const char *src, const char *want, int one_side, unsigned depth)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o;
	struct buf b = BUF_INIT;

	memset(&o, 0, sizeof(o));
	o.max_depth = depth;
	usage_js_scan("a.ts", src, strlen(src), NULL, one_side ? NULL : old_s,
	    new_s, &o, &u);
	test_render_usage(&u, &b, TEST_USAGE_CONTEXT | TEST_USAGE_NOTES);
	buf_addch(&b, '\0');
	if (strcmp(b.buf, want) != 0) {
		/* cmocka cuts long messages: the whole text on stdout */
		printf("--- %s\n--- got\n%s--- want\n%s", src, b.buf, want);
		fail_msg("%s: records differ", src);
	}
	buf_release(&b);
	usage_set_release(&u);
}

/* a snippet of exactly len bytes, in a buffer of that size (so that the
   sanitizer sees a read past its end) */
static void
scan_len(const char *src, size_t len, const char *want)
{
	struct usage_set u = USAGE_SET_INIT;
	struct buf b = BUF_INIT;
	char *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, src, len);
	usage_js_scan("a.ts", copy, len, NULL, old_s, new_s, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_CONTEXT | TEST_USAGE_NOTES);
	buf_addch(&b, '\0');
	if (strcmp(b.buf, want) != 0)
		fail_msg("got\n%s--- want\n%s", b.buf, want);
	free(copy);
	buf_release(&b);
	usage_set_release(&u);
}

static void
scan(const char *src, const char *want)
{
	scan_opts(src, want, 0, 0);
}

static void
test_fields(void **state)
{
	(void)state;
	/* strings, commas inside elements, dotted m2o through the relation
	   only OLD has, m2m through the junction, a function, a wildcard */
	scan("readItems('articles', { fields: ['id, title', 'author.name', "
	     "'topics.tags_id.name', 'year(published_at)', 'comments.*'] })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.id read d0 | readItems('articles')\n"
	    "1:39 articles.title read d0 | readItems('articles')\n"
	    "1:48 articles.author read d0 old traverse | "
	    "readItems('articles')\n"
	    "1:55 authors.name read d1 nested old | readItems('articles')\n"
	    "1:63 articles.topics read d0 traverse | readItems('articles')\n"
	    "1:70 articles_tags.tags_id read d1 nested traverse | "
	    "readItems('articles')\n"
	    "1:78 tags.name read d2 nested | readItems('articles')\n"
	    "1:86 articles.published_at read d0 | readItems('articles')\n"
	    "1:108 articles.comments read d0 traverse | readItems('articles')\n"
	    "1:117 comments.* read possibly d1 nested | "
	    "readItems('articles')\n");
	/* SDK objects, the m2a forms, an alias, fields omitted */
	scan("readItems('pages', { fields: ['id', { blocks: ['collection', "
	     "{ item: { block_hero: ['headline'] } }] }] });\n"
	     "readItems('articles', { fields: ['id', 'headline'], alias: { "
	     "headline: 'title' } });\n"
	     "readSingleton('settings');",
	    "1:1 pages.- read d0 | readItems('pages')\n"
	    "1:32 pages.id read d0 | readItems('pages')\n"
	    "1:39 pages.blocks read d0 traverse | readItems('pages')\n"
	    "1:49 pages_blocks.collection read d1 nested | readItems('pages')\n"
	    "1:64 pages_blocks.item read d1 nested traverse | "
	    "readItems('pages')\n"
	    "1:86 block_hero.headline read d2 nested | readItems('pages')\n"
	    "2:1 articles.- read d0 | readItems('articles')\n"
	    "2:35 articles.id read d0 | readItems('articles')\n"
	    "2:41 articles.title read d0 | readItems('articles')\n"
	    "2:73 articles.title read d0 | readItems('articles')\n"
	    "3:1 settings.- read d0 | readSingleton('settings')\n"
	    "3:1 settings.* read possibly d0 | readSingleton('settings')\n");
}

/* wildcards: a bare * reads every raw value, *.* and { '*': [...] } go
   through every relation, a field list that is not a literal may */
/* a file that never names Directus: calls whose collection no snapshot
   knows belong to another library, and are no finding; with @directus/sdk
   imported they are.  A bare '/items/x' string outside any request (no
   base URL, no query) may be an app route: an unknown x is never one */
/* seen in a public starter: the command through a cast, and a query
   whose filter and fields are conditionals (both branches count) */
static void
test_cast_and_conditional(void **state)
{
	(void)state;
	scan("const r = (readItems as any)('articles', { fields: ['id'] });\n"
	     "directus.request((readItem as unknown as F)('articles', 1));\n"
	     "(readItems as any);\n"
	     "x = (readItems as any)['articles'];\n",
	    "1:12 articles.- read d0 | readItems('articles')\n"
	    "1:54 articles.id read d0 | readItems('articles')\n"
	    "2:19 articles.- read d0 | readItem('articles')\n"
	    "2:19 articles.* read possibly d0 | readItem('articles')\n");
	scan("readItems('articles', { filter: p && t ? { slug: { _eq: s } } "
	     ": { slug: { _eq: s }, status: { _eq: 'published' } }, "
	     "fields: full ? ['id', { author: ['name'] }] : ['id'], "
	     "sort: a ? '-published_at' : 'nope' });\n",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:85 articles.status filter d0 | readItems('articles')\n"
	    "1:134 articles.id read d0 | readItems('articles')\n"
	    "1:141 articles.author read d0 old traverse | "
	    "readItems('articles')\n"
	    "1:151 authors.name read d1 nested old | readItems('articles')\n"
	    "1:165 articles.id read d0 | readItems('articles')\n"
	    "1:183 articles.published_at sort d0 | readItems('articles')\n"
	    "unknown-field 1:44 readItems('articles'): articles has no field "
	    "\"slug\"\n"
	    "unknown-field 1:67 readItems('articles'): articles has no field "
	    "\"slug\"\n"
	    "unknown-field 1:200 readItems('articles'): articles has no "
	    "field \"nope\"\n");
}

/* an unscoped m2a path names the field in every member (Directus: 403
   at the first that lacks it): one problem per field and place, which
   names the members and the scope that reads it */
/* a path below a plain column: Directus 11.17.4 answers 200 without it
   (the column too: verified on a JSON field, tags.a gives {"id":1}) */
static void
test_below_a_column(void **state)
{
	(void)state;
	scan("readItems('articles', { fields: ['id', 'tags.a', { tags: ['b'] "
	     "}, 'title.x'] })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.id read d0 | readItems('articles')\n"
	    "1:41 articles.tags read d0 | readItems('articles')\n"
	    "1:52 articles.tags read d0 | readItems('articles')\n"
	    "1:68 articles.title read d0 | readItems('articles')\n"
	    "unknown-field 1:41 readItems('articles'): articles.tags is a "
	    "JSON field, not a relational one: Directus leaves the path below "
	    "it out of the answer (tags included); read the field whole, or a "
	    "part with json(tags, path)\n"
	    "unknown-field 1:52 readItems('articles'): articles.tags is a "
	    "JSON field, not a relational one: Directus leaves the path below "
	    "it out of the answer (tags included); read the field whole, or a "
	    "part with json(tags, path)\n"
	    "unknown-field 1:68 readItems('articles'): articles.title is not "
	    "a relational field: the path below it reads nothing\n");
	/* json(field, path) reads a part: no problem */
	scan("readItems('articles', { fields: ['json(tags, a)'] })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.tags read d0 | readItems('articles')\n");
}

static void
test_unscoped_m2a(void **state)
{
	struct snapshot *s;
	struct usage_set u = USAGE_SET_INIT;
	struct buf b = BUF_INIT;
	const char *src =
	    "readItems('pages', { fields: ['blocks.item.testimonials', "
	    "'blocks.item.nope', { blocks: [{ item: ['logos', 'id'] }] }] })";

	(void)state;
	/* two members, both without the field: one problem; one without
	   it: its own problem, as before */
	scan("readItems('pages', { fields: ['blocks.item.nope', "
	     "'blocks.item.headline'] })",
	    "1:1 pages.- read d0 | readItems('pages')\n"
	    "1:32 pages.blocks read d0 traverse | readItems('pages')\n"
	    "1:39 pages_blocks.item read d1 nested traverse | "
	    "readItems('pages')\n"
	    "1:52 pages.blocks read d0 traverse | readItems('pages')\n"
	    "1:59 pages_blocks.item read d1 nested traverse | "
	    "readItems('pages')\n"
	    "1:64 block_hero.headline read d2 nested | readItems('pages')\n"
	    "unknown-field 1:44 readItems('pages'): pages_blocks.item: none "
	    "of the 2 collections it can hold has a field \"nope\"\n"
	    "unknown-field 1:64 readItems('pages'): block_text has no field "
	    "\"headline\"\n");
	/* fifteen members (a real snapshot), in a path and in an array */
	s = test_load_snapshot("../shared/corpus/agencyos@2994de8.json", 1);
	if (s == NULL)
		return;
	usage_js_scan("a.ts", src, strlen(src), NULL, NULL, s, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_CONTEXT);
	buf_addch(&b, '\0');
	if (strstr(b.buf,
		"unknown-field 1:44 readItems('pages'): page_blocks.item: 14 "
		"of the 15 collections it can hold have no field "
		"\"testimonials\" (block_columns, block_cta, block_divider "
		"and 11 more): Directus refuses the path; scope it, as in "
		"item:block_testimonials\n") == NULL ||
	    strstr(b.buf,
		"unknown-field 1:72 readItems('pages'): page_blocks.item: "
		"none of the 15 collections it can hold has a field "
		"\"nope\"\n") == NULL ||
	    strstr(b.buf,
		"unknown-field 1:100 readItems('pages'): page_blocks.item: "
		"14 of the 15 collections it can hold have no field "
		"\"logos\" (") == NULL ||
	    strstr(b.buf, "has no field") != NULL) {
		/* cmocka cuts long messages: the whole text on stdout */
		printf("--- got\n%s", b.buf);
		fail_msg("unscoped m2a problems differ");
	}
	buf_release(&b);
	usage_set_release(&u);
	/* below the members: block_cta and block_hero both reach
	   block_button_group, which lacks the field; that is not a member
	   problem, and keeps its own message */
	src = "readItems('pages', { fields: ['blocks.item.button_group.nope'] "
	      "})";
	usage_js_scan("a.ts", src, strlen(src), NULL, NULL, s, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_CONTEXT);
	buf_addch(&b, '\0');
	if (strstr(b.buf,
		"unknown-field 1:44 readItems('pages'): page_blocks.item: 13 "
		"of the 15 collections it can hold have no field "
		"\"button_group\" (") == NULL ||
	    strstr(b.buf,
		"unknown-field 1:57 readItems('pages'): block_button_group has "
		"no field \"nope\"\n") == NULL ||
	    strstr(b.buf, "has a field \"nope\"") != NULL) {
		printf("--- got\n%s", b.buf);
		fail_msg("problems below the members differ");
	}
	buf_release(&b);
	usage_set_release(&u);
	snapshot_free(&s);
}

static void
test_evidence(void **state)
{
	static const char body[] = "readItems('cart', { fields: ['x'] });\n"
				   "shop.items('cart').readByQuery({});\n"
				   "router.push('/items/cart');\n"
				   "readItems('tags', { fields: ['name'] });\n";
	char with[512];

	(void)state;
	scan(body,
	    "4:1 tags.- read d0 | readItems('tags')\n"
	    "4:31 tags.name read d0 | readItems('tags')\n");
	snprintf(with, sizeof(with),
	    "import { readItems } from "
	    "'@directus/sdk';\n%s",
	    body);
	scan(with,
	    "5:1 tags.- read d0 | readItems('tags')\n"
	    "5:31 tags.name read d0 | readItems('tags')\n"
	    "unknown-collection 2:1 readItems('cart'): no collection \"cart\"\n"
	    "unknown-collection 3:20 items('cart').readByQuery: no collection "
	    "\"cart\"\n");
}

static void
test_wildcards(void **state)
{
	(void)state;
	scan("readItems('tags', { fields: ['*'] });\n"
	     "readItems('tags', { fields: ['*.*'] });\n"
	     "readItems('tags', { fields: [{ '*': ['*'] }] });\n"
	     "readItems('tags', { fields: someFields });\n"
	     "createItem('tags', payload);\n",
	    "1:1 tags.- read d0 | readItems('tags')\n"
	    "1:31 tags.* read possibly d0 | readItems('tags')\n"
	    "2:1 tags.- read d0 | readItems('tags')\n"
	    "2:31 tags.* read possibly d0 traverse | readItems('tags')\n"
	    "3:1 tags.- read d0 | readItems('tags')\n"
	    "3:32 tags.* read possibly d0 traverse | readItems('tags')\n"
	    "4:1 tags.- read d0 | readItems('tags')\n"
	    "4:29 tags.* read possibly d0 traverse | readItems('tags')\n"
	    "5:1 tags.- create d0 | createItem('tags')\n"
	    "5:20 tags.* create possibly d0 dynamic traverse | "
	    "createItem('tags')\n");
}

static void
test_unknown(void **state)
{
	(void)state;
	scan("readItems('articles', { fields: ['nope', 'title.x', "
	     "'blocks'] });\n"
	     "readItems('nowhere');\n"
	     "readItems('directus_users');\n"
	     "readItems(name, { fields: ['x'] });\n"
	     "readItems('pages', { fields: ['blocks.item:block_nope.x', "
	     "'blocks.item.headline'] });",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:43 articles.title read d0 | readItems('articles')\n"
	    "5:1 pages.- read d0 | readItems('pages')\n"
	    "5:32 pages.blocks read d0 traverse | readItems('pages')\n"
	    "5:39 pages_blocks.item read d1 nested traverse | "
	    "readItems('pages')\n"
	    "5:60 pages.blocks read d0 traverse | readItems('pages')\n"
	    "5:67 pages_blocks.item read d1 nested traverse | "
	    "readItems('pages')\n"
	    "5:72 block_hero.headline read d2 nested | readItems('pages')\n"
	    "unknown-field 1:35 readItems('articles'): articles has no field "
	    "\"nope\"\n"
	    "unknown-field 1:43 readItems('articles'): articles.title is not a "
	    "relational field: the path below it reads nothing\n"
	    "unknown-field 1:54 readItems('articles'): articles has no field "
	    "\"blocks\"\n"
	    "unknown-collection 2:1 readItems('nowhere'): no collection "
	    "\"nowhere\"\n"
	    "unknown-collection 3:1 readItems('directus_users'): the SDK "
	    "refuses core collections in its item commands (use the system "
	    "command, e.g. readUsers)\n"
	    "unknown-collection 5:39 readItems('pages'): pages_blocks.item has "
	    "no member collection \"block_nope\"\n"
	    "unknown-field 5:72 readItems('pages'): block_text has no field "
	    "\"headline\"\n"
	    "note a.ts:4:1: readItems() with a computed collection name is not "
	    "mapped\n");
}

static void
test_filter_sort_deep(void **state)
{
	(void)state;
	scan("readItems('articles', { fields: ['id'], filter: { _and: [ { "
	     "status: { _eq: 'published' } }, { topics: { _some: { tags_id: "
	     "{ name: { _in: ['a'] } } } } } ], user_created: { _eq: "
	     "'$CURRENT_USER.id' } }, sort: ['-published_at', 'title'], "
	     "deep: { translations: { _filter: { languages_code: { _eq: "
	     "'en' } }, _sort: ['title'] } }, aggregate: undefined })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.id read d0 | readItems('articles')\n"
	    "1:61 articles.status filter d0 | readItems('articles')\n"
	    "1:95 articles.topics filter d0 traverse | readItems('articles')\n"
	    "1:114 articles_tags.tags_id filter d1 nested traverse | "
	    "readItems('articles')\n"
	    "1:125 tags.name filter d2 nested | readItems('articles')\n"
	    "1:157 articles.user_created filter d0 | readItems('articles')\n"
	    "1:193 directus_users.id filter d0 | readItems('articles')\n"
	    "1:211 articles.published_at sort d0 | readItems('articles')\n"
	    "1:227 articles.title sort d0 | readItems('articles')\n"
	    "1:244 articles.translations read d0 traverse | "
	    "readItems('articles')\n"
	    "1:271 articles_translations.languages_code filter d1 nested | "
	    "readItems('articles')\n"
	    "1:313 articles_translations.title sort d1 nested | "
	    "readItems('articles')\n");
	/* aggregate and groupBy; fields are ignored with aggregate */
	scan("aggregate('articles', { aggregate: { count: '*', sum: "
	     "['views'] }, groupBy: ['status'], query: { filter: { title: "
	     "{ _nnull: true } } } })",
	    "1:1 articles.- aggregate d0 | aggregate('articles')\n"
	    "1:46 articles.- aggregate d0 | aggregate('articles')\n"
	    "1:57 articles.views aggregate d0 | aggregate('articles')\n"
	    "1:79 articles.status aggregate d0 | aggregate('articles')\n"
	    "1:108 articles.title filter d0 | aggregate('articles')\n");
}

static void
test_writes(void **state)
{
	(void)state;
	/* a nested m2o create and update (pk present), an o2m detailed
	   form, m2a junction rows, shorthand keys, a discarded key */
	scan("const title = 'T';\n"
	     "createItem('articles', { title, author: { name: 'N' }, "
	     "nope: 1 });\n"
	     "updateItem('articles', 1, { author: { id: 2, name: 'M' } });\n"
	     "createItem('articles', { comments: { create: [ { body: 'x' } "
	     "], update: [ { id: 3, body: 'y' } ], delete: [4] }, tags: { a: "
	     "1 } });\n"
	     "createItem('pages', { path: '/', blocks: [ { collection: "
	     "'block_hero', item: { headline: 'H' } } ] });",
	    "2:1 articles.- create d0 | createItem('articles')\n"
	    "2:26 articles.title create d0 | createItem('articles')\n"
	    "2:33 articles.author create d0 old traverse | "
	    "createItem('articles')\n"
	    "2:41 authors.- create d1 nested old | createItem('articles')\n"
	    "2:43 authors.name create d1 nested old | createItem('articles')\n"
	    "3:1 articles.- update d0 | updateItem('articles')\n"
	    "3:29 articles.author update d0 old traverse | "
	    "updateItem('articles')\n"
	    "3:37 authors.- update d1 nested old | updateItem('articles')\n"
	    "3:39 authors.id update d1 nested old | updateItem('articles')\n"
	    "3:46 authors.name update d1 nested old | updateItem('articles')\n"
	    "4:1 articles.- create d0 | createItem('articles')\n"
	    "4:26 articles.comments create d0 traverse | "
	    "createItem('articles')\n"
	    "4:48 comments.- create d1 nested | createItem('articles')\n"
	    "4:50 comments.body create d1 nested | createItem('articles')\n"
	    "4:75 comments.- update d1 nested | createItem('articles')\n"
	    "4:77 comments.id update d1 nested | createItem('articles')\n"
	    "4:84 comments.body update d1 nested | createItem('articles')\n"
	    "4:107 comments.article update d1 nested | createItem('articles')\n"
	    "4:114 articles.tags create d0 | createItem('articles')\n"
	    "5:1 pages.- create d0 | createItem('pages')\n"
	    "5:23 pages.path create d0 | createItem('pages')\n"
	    "5:34 pages.blocks create d0 traverse | createItem('pages')\n"
	    "5:44 pages_blocks.- create d1 nested | createItem('pages')\n"
	    "5:46 pages_blocks.collection create d1 nested | "
	    "createItem('pages')\n"
	    "5:72 pages_blocks.item create d1 nested traverse | "
	    "createItem('pages')\n"
	    "5:78 block_hero.- create d2 nested | createItem('pages')\n"
	    "5:80 block_hero.headline create d2 nested | createItem('pages')\n"
	    "unknown-field 2:56 createItem('articles'): articles has no field "
	    "\"nope\" (Directus discards the key)\n");
}

static void
test_legacy(void **state)
{
	(void)state;
	scan("const d = new Directus(url);\n"
	     "const pages = d.items('pages');\n"
	     "pages.readByQuery({ fields: ['id', 'path'] });\n"
	     "d.items('authors').readMany([1, 2], { fields: ['name'] });\n"
	     "d.items('authors').readMany({ sort: ['-name'] });\n"
	     "d.items('articles').updateByQuery({ filter: { status: { _eq: "
	     "'x' } } }, { title: 'T' });\n"
	     "d.singleton('settings').update({ site_name: 'S' });\n"
	     "d.users.me.read({ fields: ['email'] });\n"
	     "d.items('nope').deleteOne(1);\n",
	    "3:7 pages.- read d0 | items('pages').readByQuery\n"
	    "3:31 pages.id read d0 | items('pages').readByQuery\n"
	    "3:37 pages.path read d0 | items('pages').readByQuery\n"
	    "4:20 authors.- read d0 | items('authors').readMany\n"
	    "4:49 authors.name read d0 | items('authors').readMany\n"
	    "5:20 authors.- read d0 | items('authors').readMany\n"
	    "5:20 authors.* read possibly d0 | items('authors').readMany\n"
	    "5:40 authors.name sort d0 | items('authors').readMany\n"
	    "6:21 articles.- update d0 | items('articles').updateByQuery\n"
	    "6:47 articles.status filter d0 | items('articles').updateByQuery\n"
	    "6:75 articles.title update d0 | items('articles').updateByQuery\n"
	    "7:25 settings.- update d0 | singleton('settings').update\n"
	    "7:34 settings.site_name update d0 | singleton('settings').update\n"
	    "8:12 directus_users.- read d0 | users.me.read\n"
	    "8:29 directus_users.email read d0 | users.me.read\n"
	    "unknown-collection 9:17 items('nope').deleteOne: no collection "
	    "\"nope\"\n");
}

static void
test_urls(void **state)
{
	(void)state;
	scan("fetch(`${api}/items/articles?fields=id,author.name&filter[_or]"
	     "[0][status][_eq]=a&filter[_or][1][views][_gt]=1&sort=-title`);\n"
	     "fetch(`${api}/items/articles?filter=${encodeURIComponent("
	     "JSON.stringify({ title: { _eq: 't' } }))}&fields[]=id`);\n"
	     "fetch('/items/authors?fields=name&filter=%7B%22email%22%3A"
	     "%7B%22_null%22%3Atrue%7D%7D');\n"
	     "fetch(`${api}/items/subscribers`, { method: 'POST', body: "
	     "JSON.stringify({ email: e }) });\n"
	     "axios.patch(`${api}/items/articles/${id}`, { views: 1 });\n"
	     "$fetch(`${api}/users/me`, { query: { fields: ['email'] } });\n"
	     "router.push('/users');\n"
	     "fetch('https://cms.example.com/items/directus_users');\n"
	     "fetch(`${api}/items/${c}`);\n"
	     "fetch('/api/items/articles');\n"
	     "fetch(`${api}/items/articles`, { method: 'DELETE', body: "
	     "JSON.stringify({ query: { filter: { title: { _eq: 'x' } } } }) "
	     "});\n",
	    "1:21 articles.- read d0 | GET /items/articles\n"
	    "1:37 articles.id read d0 | GET /items/articles\n"
	    "1:40 articles.author read d0 old traverse | GET /items/articles\n"
	    "1:47 authors.name read d1 nested old | GET /items/articles\n"
	    "1:52 articles.status filter d0 | GET /items/articles\n"
	    "1:82 articles.views filter d0 | GET /items/articles\n"
	    "1:117 articles.title sort d0 | GET /items/articles\n"
	    "2:21 articles.- read d0 | GET /items/articles\n"
	    "2:75 articles.title filter d0 | GET /items/articles\n"
	    "2:109 articles.id read d0 | GET /items/articles\n"
	    "3:15 authors.- read d0 | GET /items/authors\n"
	    "3:30 authors.name read d0 | GET /items/authors\n"
	    "3:43 authors.email filter d0 old | GET /items/authors\n"
	    "4:21 subscribers.- create d0 | POST /items/subscribers\n"
	    "4:76 subscribers.email create d0 | POST /items/subscribers\n"
	    "5:27 articles.- update d0 | PATCH /items/articles/*\n"
	    "5:46 articles.views update d0 | PATCH /items/articles/*\n"
	    "6:15 directus_users.- read d0 | GET /users/me\n"
	    "6:48 directus_users.email read d0 | GET /users/me\n"
	    "11:21 articles.- delete d0 | DELETE /items/articles\n"
	    "11:94 articles.title filter d0 | DELETE /items/articles\n"
	    "unknown-collection 8:38 GET /items/directus_users: /items/ "
	    "refuses core collections (use /users)\n");
}

static void
test_custom_endpoint(void **state)
{
	(void)state;
	scan("client.request(customEndpoint({ path: '/items/articles', method: "
	     "'GET', params: { fields: ['id', 'title'] } }));\n"
	     "client.request(customEndpoint({ path: '/users/me', method: "
	     "'PATCH', body: JSON.stringify({ email: 'x' }) }));\n",
	    "1:47 articles.- read d0 | GET /items/articles\n"
	    "1:93 articles.id read d0 | GET /items/articles\n"
	    "1:99 articles.title read d0 | GET /items/articles\n"
	    "2:40 directus_users.- update d0 | PATCH /users/me\n"
	    "2:92 directus_users.email update d0 | PATCH /users/me\n");
}

/* a command inside an app helper whose parameter is the collection:
   each call of the helper with a literal is mapped, parameters replaced
   by its arguments (also inside literals); other libraries' calls of the
   same names are left alone */
static void
test_helpers(void **state)
{
	(void)state;
	scan("export async function getItems(collection: string, q: object) {\n"
	     "  return client.request(readItems(collection as any, q));\n"
	     "}\n"
	     "const getOne = async (c, id, fields) => client.request("
	     "readItem(c, id, { fields }));\n"
	     "await getItems('articles', { sort: ['-views'] });\n"
	     "await getOne('authors', 1, ['name', 'nope']);\n"
	     "db.collection('x').aggregate([{ $match: {} }]);\n"
	     "readItems(pick(), {});\n",
	    "5:7 articles.- read d0 | readItems('articles') via getItems\n"
	    "5:7 articles.* read possibly d0 | readItems('articles') via "
	    "getItems\n"
	    "5:39 articles.views sort d0 | readItems('articles') via getItems\n"
	    "6:7 authors.- read d0 | readItem('authors') via getOne\n"
	    "6:30 authors.name read d0 | readItem('authors') via getOne\n"
	    "unknown-field 6:38 readItem('authors') via getOne: authors has no "
	    "field \"nope\"\n"
	    "note a.ts:8:1: readItems() with a computed collection name is not "
	    "mapped\n");
}

/* renamed imports of @directus/sdk (only of it) and namespace imports */
static void
test_imports(void **state)
{
	(void)state;
	scan("import { readItems as ri, createItem } from '@directus/sdk';\n"
	     "import { readItems as other } from './mine';\n"
	     "import * as sdk from '@directus/sdk';\n"
	     "client.request(ri('tags', { fields: ['name'] }));\n"
	     "other('tags');\n"
	     "client.request(sdk.readItems('tags', { fields: ['id'] }));\n",
	    "4:16 tags.- read d0 | readItems('tags')\n"
	    "4:39 tags.name read d0 | readItems('tags')\n"
	    "6:20 tags.- read d0 | readItems('tags')\n"
	    "6:50 tags.id read d0 | readItems('tags')\n");
}

/* strings that end in a slash (a read past the end once, found by
   fuzz_js; the sanitizer build catches it here) */
static void
test_slash_at_end(void **state)
{
	(void)state;
	scan("x = 'a/';\nfetch('/');\ny = `${b}/`;\n", "");
	scan_len(
	    "x = 'abcdef/", 12, "note a.ts:1:5: unterminated string literal\n");
}

static void
test_depth(void **state)
{
	(void)state;
	scan_opts("readItems('articles', { fields: ['topics.tags_id.name', "
		  "{ translations: [{ languages_code: ['name'] }] }] })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.topics read d0 traverse | readItems('articles')\n"
	    "1:42 articles_tags.tags_id read d1 nested traverse | "
	    "readItems('articles')\n"
	    "1:59 articles.translations read d0 traverse | "
	    "readItems('articles')\n"
	    "1:76 articles_translations.languages_code read d1 nested traverse "
	    "| readItems('articles')\n"
	    "depth 1:42 readItems('articles'): the path below "
	    "articles_tags.tags_id is more than 2 relational levels deep\n"
	    "depth 1:76 readItems('articles'): the path below "
	    "articles_translations.languages_code is more than 2 relational "
	    "levels deep\n",
	    0, 2);
	/* the usage command: NEW only; the relation is gone */
	scan_opts("readItems('articles', { fields: ['author.name'] })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.author read d0 | readItems('articles')\n"
	    "unknown-field 1:35 readItems('articles'): articles.author is not "
	    "a relational field: the path below it reads nothing\n",
	    1, 0);
}

static void
test_params(void **state)
{
	struct jv_toks t;
	struct jv *o;
	const char *q = "fields[]=id&fields[]=a.b&sort=-x,y&filter[a][b][_eq]="
			"1%202&filter[_or][0][c][_null]=true&deep=%7B%22r%22%3A"
			"%7B%22_limit%22%3A1%7D%7D&limit=3&alias[h]=title#frag";

	(void)state;
	jv_toks_init(&t, "", 0, 1, 1);
	o = rest_params_parse(&t, q, strlen(q), 3, 10);
	assert_int_equal(o->kind, JV_OBJECT);
	assert_int_equal(jv_get(o, "fields")->nitems, 2);
	assert_string_equal(jv_get(o, "fields")->items[1]->s, "a.b");
	assert_string_equal(jv_get(o, "sort")->items[0]->s, "-x,y");
	assert_string_equal(
	    jv_get(jv_get(jv_get(jv_get(o, "filter"), "a"), "b"), "_eq")->s,
	    "1 2");
	assert_int_equal(jv_get(jv_get(o, "filter"), "_or")->kind, JV_ARRAY);
	assert_int_equal(
	    jv_get(jv_get(jv_get(o, "deep"), "r"), "_limit")->kind, JV_NUM);
	assert_string_equal(jv_get(jv_get(o, "alias"), "h")->s, "title");
	assert_null(jv_get(o, "limit"));
	assert_int_equal(jv_get(o, "fields")->line, 3);
	jv_toks_release(&t);
}

/* an empty parameter value (`?filter`, `?filter=`) and an empty text are
   values at the text's position, never at line 0 (found by fuzz_rest: a
   record at line 0) */
static void
test_empty_values(void **state)
{
	struct jv_toks t;
	struct jv *o, *v;
	static const char *const qs[] = { "filter", "filter=", "a=1&filter" };
	size_t k;

	(void)state;
	jv_toks_init(&t, "", 0, 1, 1);
	for (k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		o = rest_params_parse(&t, qs[k], strlen(qs[k]), 3, 10);
		assert_int_equal(o->kind, JV_OBJECT);
		v = jv_get(o, "filter");
		assert_non_null(v);
		assert_int_equal(v->line, 3);
		assert_true(v->col >= 10);
	}
	v = jv_parse_text(&t, "", 0, 7, 2);
	assert_int_equal(v->line, 7);
	assert_int_equal(v->col, 2);
	jv_toks_release(&t);
	/* no literal and no call: the scanner's lists are NULL (found by
	   fuzz_rest: a NULL pointer plus 0) */
	scan_len("", 0, "");
	scan_len("a + b;", 6, "");
}

/* the system commands by verb and name, and names that only look like
   one (readUsersBatch, createUsersBatch, readFoo, request): the command
   table is read by length and first byte */
static void
test_system_commands(void **state)
{
	(void)state;
	scan("readUsers({ fields: ['email'] });\n"
	     "readUser('k', { fields: ['email'] });\n"
	     "readPolicies();\n"
	     "createComment({ comment: 'x' });\n"
	     "updateUsersBatch([{ id: 1, email: 'e' }]);\n"
	     "deleteFiles(['k']);\n"
	     "readMe({ fields: ['email'] });\n"
	     "updateSettings({ project_name: 'p' });\n"
	     "readUsersBatch(); createUsersBatch([]); readFoo(); "
	     "request(); deleteX();",
	    "1:1 directus_users.- read d0 | readUsers()\n"
	    "1:23 directus_users.email read d0 | readUsers()\n"
	    "2:1 directus_users.- read d0 | readUser()\n"
	    "2:27 directus_users.email read d0 | readUser()\n"
	    "3:1 directus_policies.- read d0 | readPolicies()\n"
	    "3:1 directus_policies.* read possibly d0 | readPolicies()\n"
	    "4:1 directus_comments.- create d0 | createComment()\n"
	    "4:17 directus_comments.comment create d0 | createComment()\n"
	    "5:1 directus_users.- update d0 | updateUsersBatch()\n"
	    "5:21 directus_users.id update d0 | updateUsersBatch()\n"
	    "5:28 directus_users.email update d0 | updateUsersBatch()\n"
	    "6:1 directus_files.- delete d0 | deleteFiles()\n"
	    "7:1 directus_users.- read d0 | readMe()\n"
	    "7:20 directus_users.email read d0 | readMe()\n"
	    "8:1 directus_settings.- update d0 | updateSettings()\n"
	    "8:18 directus_settings.project_name update d0 | "
	    "updateSettings()\n");
}

/* rest_collection_name() gives usage_graph_collection_name()'s answer
   and side, also once its memo evicts (more names than it holds) */
static void
test_collection_memo(void **state)
{
	static const char *const names[] = { "articles", "authors", "tags",
		"pages", "nope", "comments", "content", "directus_users",
		"languages", "settings", "subscribers", "block_hero",
		"directus_files", "missing", "articles_tags", "articles" };
	struct rest_ctx r;
	size_t round, k;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.old = old_s;
	r.new = new_s;
	for (round = 0; round < 3; round++)
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			size_t i = round == 1
			    ? sizeof(names) / sizeof(names[0]) - 1 - k
			    : k;
			int side = -1, want_side = -1;
			const char *got = rest_collection_name(
			    &r, names[i], &side);
			const char *want = usage_graph_collection_name(
			    old_s, new_s, names[i], &want_side);

			assert_ptr_equal(got, want);
			assert_int_equal(side, want_side);
			assert_ptr_equal(
			    rest_collection_name(&r, names[i], NULL), want);
		}
	rest_ctx_release(&r);
}

/* rest_field(): the memo gives usage_graph_field()'s answer for names
   not NUL-terminated (a part of "id,title"), across evictions (more
   names than the memo holds), names of one slot and a second round of
   hits */
static void
test_field_memo(void **state)
{
	static const char *const colls[] = { "articles", "authors", "pages",
		"directus_users", "tags" };
	static const char *const names[] = { "id", "title", "author", "name",
		"status", "nope", "topics", "blocks", "email", "first_name",
		"published_at", "comments", "slug", "body", "x", "headline",
		"a_name_that_is_longer_than_the_memo_keeps_in_one_entry",
		/* the slot of title, name and author (length, first, middle
		   and last byte): the first probe compares the bytes */
		"tatle", "nxme", "auxhor", "title" };
	struct rest_ctx r;
	size_t round, ci, ni;
	char buf[128];

	(void)state;
	memset(&r, 0, sizeof(r));
	r.old = old_s;
	r.new = new_s;
	for (round = 0; round < 3; round++)
		for (ci = 0; ci < sizeof(colls) / sizeof(colls[0]); ci++) {
			const char *c = usage_graph_collection_name(
			    old_s, new_s, colls[ci], NULL);

			assert_non_null(c);
			for (ni = 0; ni < sizeof(names) / sizeof(names[0]);
			     ni++) {
				struct ug_field got, want;
				size_t l = strlen(names[ni]);
				int fg, fw;

				/* the name followed by more text */
				snprintf(
				    buf, sizeof(buf), "%s,tail", names[ni]);
				fg = rest_field(&r, c, buf, l, &got);
				fw = usage_graph_field(
				    old_s, new_s, c, names[ni], &want);
				assert_int_equal(fg, fw);
				if (!fw)
					continue;
				assert_ptr_equal(
				    got.collection, want.collection);
				assert_ptr_equal(got.field, want.field);
				assert_int_equal(got.kind, want.kind);
				assert_int_equal(got.side, want.side);
				assert_ptr_equal(got.related, want.related);
			}
		}
	rest_ctx_release(&r);
}

/* rest_query_keys() against jv_get() on objects with repeated keys,
   nulls, near names and other keys */
static void
test_query_keys(void **state)
{
	static const char *const objs[] = {
		"({ fields: ['a'], filter: { a: 1 }, sort: 'x', deep: {}, "
		"alias: {}, groupBy: ['g'], aggregate: { count: '*' } })",
		"({ fields: ['a'], fields: null, sort: 'a', sort: 'b', "
		"sorts: 1, field: 2, deeps: 3, filters: 4, aliases: 5 })",
		"({ limit: 1, offset: 2, search: 'x', page: 1, meta: 't' })",
		"({ 'fields': 'a', \"filter\": null, groupBy: undefined })",
		"({ aggregatf: 1, groupbY: 2, Fields: 3, SORT: 4 })",
		"({})",
		"({ filter: null, filter: { a: 1 }, sort: 'a', sort: null, "
		"deep: undefined, deep: {}, deep: null })",
	};
	static const char *const names[RQ_N] = { "alias", "aggregate", "fields",
		"groupBy", "filter", "sort", "deep" };
	size_t i;
	int w;

	(void)state;
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		struct jv_toks t;
		const struct jv *k[RQ_N];
		struct jv *v;
		size_t at = 1;

		jv_toks_init(&t, objs[i], strlen(objs[i]), 1, 1);
		v = jv_parse(&t, &at);
		assert_int_equal(v->kind, JV_OBJECT);
		rest_query_keys(v, k);
		for (w = 0; w < RQ_N; w++) {
			const struct jv *want = jv_get(v, names[w]);

			if (want != NULL && want->kind == JV_NULL)
				want = NULL;
			assert_ptr_equal(k[w], want);
		}
		jv_toks_release(&t);
	}
}

/* the same value, positions aside */
static void
same_value(const struct jv *a, const struct jv *b)
{
	size_t i;

	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->flags & JVF_DYNAMIC, b->flags & JVF_DYNAMIC);
	assert_int_equal(a->n, b->n);
	if (a->n > 0)
		assert_memory_equal(a->s, b->s, a->n);
	assert_int_equal(a->nprops, b->nprops);
	for (i = 0; i < a->nprops; i++) {
		assert_int_equal(a->props[i].klen, b->props[i].klen);
		assert_memory_equal(
		    a->props[i].key, b->props[i].key, a->props[i].klen);
		same_value(a->props[i].val, b->props[i].val);
	}
	assert_int_equal(a->nitems, b->nitems);
	for (i = 0; i < a->nitems; i++)
		same_value(a->items[i], b->items[i]);
}

/* a query string with nothing to decode is read in place (no copies):
   each one gives what the same string with every byte percent-encoded
   (the decoding path) gives */
static void
test_params_in_place(void **state)
{
	static const char *const qs[] = { "fields=id,title",
		"fields=id&fields=title&sort=-id&groupBy=a",
		"filter={\"a\":{\"_eq\":1}}&deep={\"0\":{\"1\":2}}",
		"filter[_or][0][a][_eq]=1&filter[_or][1][b][_null]=true",
		"alias[h]=title&aggregate[count]=*&limit=3&x", "fields=&=&&",
		"fields[]=a.b&sort=x#frag&fields=c",
		"filter=[1,2]&fields=a=b" };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		struct jv_toks t;
		struct buf enc = BUF_INIT;
		const char *q = qs[i];
		size_t n = strlen(q);
		struct jv *o;

		/* every byte but the separators as %XX */
		for (k = 0; k < n; k++)
			if (q[k] == '&' || q[k] == '=' || q[k] == '#')
				buf_addch(&enc, q[k]);
			else
				buf_addf(&enc, "%%%02X", (unsigned char)q[k]);
		jv_toks_init(&t, "", 0, 1, 1);
		o = rest_params_parse(&t, q, n, 1, 1);
		same_value(o, rest_params_parse(&t, enc.buf, enc.len, 1, 1));
		/* digit keys of a parsed value still become arrays */
		if (i == 2)
			assert_int_equal(jv_get(o, "deep")->kind, JV_ARRAY);
		jv_toks_release(&t);
		buf_release(&enc);
	}
}

/* every @directus/sdk item command is found (find_cmd() looks only at
   the table entries of the name's first letter) */
static void
test_every_item_command(void **state)
{
	static const char *const names[] = { "aggregate", "createItem",
		"createItems", "deleteItem", "deleteItems", "importFile",
		"readItem", "readItems", "readMe", "readRolesMe",
		"readSettings", "readSingleton", "updateItem", "updateItems",
		"updateItemsBatch", "updateMe", "updateSettings",
		"updateSingleton", "uploadFiles", "utilsExport" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct usage_set u = USAGE_SET_INIT;
		char src[128];
		size_t k, hits = 0;

		snprintf(
		    src, sizeof(src), "%s('articles', 1, {}, {})", names[i]);
		usage_js_scan(
		    "a.ts", src, strlen(src), NULL, old_s, new_s, NULL, &u);
		for (k = 0; k < u.nrefs; k++)
			if (u.refs[k].context != NULL &&
			    strncmp(u.refs[k].context, names[i],
				strlen(names[i])) == 0 &&
			    u.refs[k].context[strlen(names[i])] == '(')
				hits++;
		if (hits == 0)
			fail_msg("%s: no record", names[i]);
		usage_set_release(&u);
	}
}

/* the first byte of a name called decides whether it is looked at: an
   alias of a command may start with any byte, $name, items( and
   singleton( pass */
static void
test_call_first_byte(void **state)
{
	(void)state;
	scan("import { readItems as getAll } from '@directus/sdk';\n"
	     "client.request(getAll('tags', { fields: ['name'] }));\n",
	    "2:16 tags.- read d0 | readItems('tags')\n"
	    "2:43 tags.name read d0 | readItems('tags')\n");
	/* no alias: the filter applies */
	scan("x = $readItems('tags', { fields: ['id'] });\n"
	     "d.items('tags').readOne(1, { fields: ['name'] });\n"
	     "d.singleton('settings').read({ fields: ['id'] });\n"
	     "zreadItems('tags'); _readItems('tags'); ReadItems('tags');\n"
	     "aggregate('tags', { aggregate: { count: '*' } });\n"
	     "uploadFiles(form);\n",
	    "1:5 tags.- read d0 | readItems('tags')\n"
	    "1:36 tags.id read d0 | readItems('tags')\n"
	    "2:17 tags.- read d0 | items('tags').readOne\n"
	    "2:40 tags.name read d0 | items('tags').readOne\n"
	    "3:25 settings.- read d0 | singleton('settings').read\n"
	    "3:42 settings.id read d0 | singleton('settings').read\n"
	    "5:1 tags.- aggregate d0 | aggregate('tags')\n"
	    "5:42 tags.- aggregate d0 | aggregate('tags')\n"
	    "6:1 directus_files.- create d0 | uploadFiles()\n");
}

/* the records of src, rendered into b */
static void
render(const char *src, struct buf *b)
{
	struct usage_set u = USAGE_SET_INIT;

	usage_js_scan("a.ts", src, strlen(src), NULL, old_s, new_s, NULL, &u);
	test_render_usage(&u, b, TEST_USAGE_CONTEXT | TEST_USAGE_NOTES);
	buf_addch(b, '\0');
	usage_set_release(&u);
}

/* walk_list()'s one pass: a list of plain names gives what the general
   path gives (a root alias, even an empty one, sends every part there) */
static void
test_list_fast_path(void **state)
{
	static const char *const lists[] = { "id", "id,title", " id , title ",
		"id,,title", ",id", "id,", "", ",", "nope,id", "id,nope",
		"author.name,id", "id,author.name", "year(published_at),id",
		"id,year(published_at),title", "id,title(x,y),views", "a b,id",
		"id\t,title", "\tid,\ntitle", "-id,title", "id,-title",
		"id-x,title", "ID,title", "id,ti$le,views", "*,id", "id,*",
		"id,author.*", "id)(,title", "id,title)",
		"views,title,id,author" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct buf fast = BUF_INIT, gen = BUF_INIT;
		char src[256];

		snprintf(src, sizeof(src),
		    "readItems('articles', { fields: '%s' })", lists[i]);
		render(src, &fast);
		snprintf(src, sizeof(src),
		    "readItems('articles', { fields: '%s', alias: {} })",
		    lists[i]);
		render(src, &gen);
		if (strcmp(fast.buf, gen.buf) != 0)
			fail_msg("'%s': plain\n%s--- general\n%s", lists[i],
			    fast.buf, gen.buf);
		buf_release(&fast);
		buf_release(&gen);
	}
	/* sort: a '-' before a name, '?', blanks, empty parts */
	scan("readItems('articles', { fields: ['id'], sort: "
	     "'-id, title,,?,-views,year(published_at),-' })",
	    "1:1 articles.- read d0 | readItems('articles')\n"
	    "1:35 articles.id read d0 | readItems('articles')\n"
	    "1:49 articles.id sort d0 | readItems('articles')\n"
	    "1:53 articles.title sort d0 | readItems('articles')\n"
	    "1:63 articles.views sort d0 | readItems('articles')\n"
	    "1:69 articles.published_at sort d0 | readItems('articles')\n");
}

/* a collection only OLD has: its records say so, from a call and from a
   URL (the collection is looked up once per call) */
static void
test_old_only_collection(void **state)
{
	static const char src[] =
	    "client.request(readItems('articles', { fields: ['id'] }));\n"
	    "fetch('/items/articles?fields=title');\n"
	    "client.request(readItems('nope'));\n"
	    "fetch('https://x.io/items/nope');\n";
	struct usage_set u = USAGE_SET_INIT;
	struct buf b = BUF_INIT;

	(void)state;
	usage_js_scan("a.ts", src, strlen(src), NULL, old_s, NULL, NULL, &u);
	test_render_usage(&u, &b, TEST_USAGE_CONTEXT | TEST_USAGE_NOTES);
	buf_addch(&b, '\0');
	if (strcmp(b.buf,
		"1:16 articles.- read d0 old | readItems('articles')\n"
		"1:50 articles.id read d0 old | readItems('articles')\n"
		"2:15 articles.- read d0 old | GET /items/articles\n"
		"2:31 articles.title read d0 old | GET /items/articles\n"
		"unknown-collection 4:27 GET /items/nope: no collection "
		"\"nope\"\n") != 0)
		fail_msg("got\n%s", b.buf);
	buf_release(&b);
	usage_set_release(&u);
}

/* every system path of a REST URL is found (by its first byte), and no
   name that only shares a first byte or a prefix with one */
static void
test_every_system_path(void **state)
{
	static const char *const paths[] = { "access", "activity", "comments",
		"dashboards", "files", "flows", "folders", "notifications",
		"operations", "panels", "permissions", "policies", "presets",
		"revisions", "roles", "settings", "shares", "translations",
		"users", "versions" };
	static const char *const not_paths[] = { "accessx", "act", "fil",
		"filesystem", "b", "zoo", "Users", "vers", "items" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct usage_set u = USAGE_SET_INIT;
		char src[128], ctx[64], coll[64];
		size_t k, hits = 0;

		snprintf(src, sizeof(src), "fetch('https://x.io/%s?fields=id')",
		    paths[i]);
		snprintf(ctx, sizeof(ctx), "GET /%s", paths[i]);
		snprintf(coll, sizeof(coll), "directus_%s", paths[i]);
		usage_js_scan(
		    "a.ts", src, strlen(src), NULL, old_s, new_s, NULL, &u);
		for (k = 0; k < u.nrefs; k++)
			if (u.refs[k].context != NULL &&
			    strcmp(u.refs[k].context, ctx) == 0 &&
			    strcmp(u.refs[k].collection, coll) == 0)
				hits++;
		if (hits == 0)
			fail_msg("%s: no record", paths[i]);
		usage_set_release(&u);
	}
	for (i = 0; i < sizeof(not_paths) / sizeof(not_paths[0]); i++) {
		struct usage_set u = USAGE_SET_INIT;
		char src[128];

		snprintf(src, sizeof(src), "fetch('https://x.io/%s?fields=id')",
		    not_paths[i]);
		usage_js_scan(
		    "a.ts", src, strlen(src), NULL, old_s, new_s, NULL, &u);
		if (u.nrefs != 0 || u.nproblems != 0)
			fail_msg("%s: mapped", not_paths[i]);
		usage_set_release(&u);
	}
}

/* rest_str_pos() against jv_pos() at every byte of strings of each
   kind: plain, escaped, multi-line template, with a hole, detached */
static void
test_str_pos(void **state)
{
	static const char src[] =
	    "const a = 'id,title', b = 'x\\ny\\u00e9z',"
	    "\n c = `p\nq${z}r`, d = \"caf\xc3\xa9\", e = `plain`;";
	struct jv_toks t;
	size_t i, k;
	int seen = 0;

	(void)state;
	jv_toks_init(&t, src, strlen(src), 1, 1);
	for (i = 0; i < t.n; i++) {
		struct jv *v;

		if (t.v[i].kind != JT_STRING && t.v[i].kind != JT_TEMPLATE)
			continue;
		v = jv_string_at(&t, i);
		for (k = 0; k <= v->n; k++) {
			uint32_t l1, c1, l2, c2;

			rest_str_pos(&t, v, k, &l1, &c1);
			jv_pos(&t, v, k, &l2, &c2);
			assert_int_equal(l1, l2);
			assert_int_equal(c1, c2);
		}
		seen++;
	}
	assert_int_equal(seen, 5);
	{
		struct jv *d = jv_new_string(&t, "abc", 3, 4, 7);

		for (k = 0; k <= 3; k++) {
			uint32_t l1, c1, l2, c2;

			rest_str_pos(&t, d, k, &l1, &c1);
			jv_pos(&t, d, k, &l2, &c2);
			assert_int_equal(l1, l2);
			assert_int_equal(c1, c2);
		}
	}
	jv_toks_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_cast_and_conditional),
		cmocka_unit_test(test_unscoped_m2a),
		cmocka_unit_test(test_below_a_column),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_filter_sort_deep),
		cmocka_unit_test(test_writes),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_custom_endpoint),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_slash_at_end),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_system_commands),
		cmocka_unit_test(test_collection_memo),
		cmocka_unit_test(test_field_memo),
		cmocka_unit_test(test_query_keys),
		cmocka_unit_test(test_params_in_place),
		cmocka_unit_test(test_every_item_command),
		cmocka_unit_test(test_str_pos),
		cmocka_unit_test(test_call_first_byte),
		cmocka_unit_test(test_every_system_path),
		cmocka_unit_test(test_old_only_collection),
		cmocka_unit_test(test_list_fast_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
