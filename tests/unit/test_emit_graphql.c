/*
 * test_emit_graphql.c: emit_graphql.c, the SDL Directus 11.17.4 serves.
 *
 * The pinned fixtures/graphql/zoo.graphql is the emitter's output for
 * fixtures/graphql/zoo.yaml, which tests/live/graphql_sdl.sh checks equal
 * (graphql-js: no breaking or dangerous change either way, same sorted
 * print) to what a real Directus 11.17.4 serves for that schema.  The
 * cases below pin the rules one by one.
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
#include "drift/emit_graphql.h"
#include "drift/gql_system.h"
#include "drift/model.h"
#include "helpers/testfile.h"

static char *
emit_text(const char *text)
{
	struct snapshot *s = NULL;
	struct derr e = DERR_INIT;
	struct buf out = BUF_INIT;

	if (snapshot_load("t.json", text, strlen(text), NULL, &s, &e) != 0) {
		derr_print(&e);
		fail();
	}
	assert_int_equal(emit_graphql(s, &out, &e), 0);
	snapshot_free(&s);
	return buf_detach(&out, NULL);
}

static char *
emit_file(const char *rel)
{
	char *path = test_path(rel);
	size_t len;
	char *text = test_read_file(path, &len);
	struct snapshot *s = NULL;
	struct derr e = DERR_INIT;
	struct buf out = BUF_INIT;

	assert_int_equal(snapshot_load(path, text, len, NULL, &s, &e), 0);
	assert_int_equal(emit_graphql(s, &out, &e), 0);
	snapshot_free(&s);
	free(text);
	free(path);
	return buf_detach(&out, NULL);
}

/* the block of "type NAME {" (or input) up to its closing brace */
static char *
block(const char *sdl, const char *head)
{
	const char *p = strstr(sdl, head), *q;

	if (p == NULL) {
		print_error("no \"%s\" in the SDL\n", head);
		fail();
	}
	q = strstr(p, "\n}");
	assert_non_null(q);
	return strndup(p, (size_t)(q - p) + 2);
}

#define HEAD "{\"version\":1,\"directus\":\"11.17.4\",\"vendor\":\"postgres\","
#define PK(c) \
	"{\"collection\":\"" c "\",\"field\":\"id\",\"type\":\"integer\"," \
	"\"meta\":{\"special\":null},\"schema\":{\"is_nullable\":false," \
	"\"is_primary_key\":true,\"has_auto_increment\":true}}"

static void
test_system_schema_loads(void **state)
{
	struct snapshot *s = NULL;
	struct derr e = DERR_INIT;

	(void)state;
	assert_int_equal(snapshot_load("sys", gql_system_json,
			     gql_system_json_len, NULL, &s, &e),
	    0);
	assert_non_null(snapshot_find_field(s, "directus_users", "email"));
	assert_non_null(snapshot_find_collection(s, "directus_settings"));
	assert_string_equal(gql_system_version, "11.17.4");
	snapshot_free(&s);
}

static void
test_empty_project(void **state)
{
	char *sdl = emit_text(HEAD "\"collections\":[],\"fields\":[],"
				   "\"relations\":[]}");

	(void)state;
	/* schema/index.ts: nothing to query */
	assert_non_null(strstr(sdl,
	    "type Query {\n  \"\"\"There's no data to "
	    "query.\"\"\"\n  _empty: Void\n}"));
	assert_non_null(strstr(sdl, "\n\ntype Mutation\n\n"));
	assert_non_null(strstr(sdl,
	    "  directus_users_mutated(event: "
	    "EventEnum): directus_users_mutated\n"));
	assert_non_null(strstr(sdl, "scalar Void"));
	assert_null(strstr(sdl, "GraphQLGeoJSON"));
	/* no trailing newline, as Directus serves it */
	assert_int_not_equal(sdl[strlen(sdl) - 1], '\n');
	free(sdl);
}

static void
test_nonnull_and_pk_rules(void **state)
{
	char *sdl = emit_text(HEAD
	    "\"collections\":[{\"collection\":\"a\",\"meta\":{},"
	    "\"schema\":{\"name\":\"a\"}}],\"fields\":[" PK(
		"a") ","
		     "{\"collection\":\"a\",\"field\":\"n\",\"type\":"
		     "\"integer\","
		     "\"meta\":{\"special\":null},\"schema\":{\"is_nullable\":"
		     "false,"
		     "\"default_value\":0}},"
		     "{\"collection\":\"a\",\"field\":\"s\",\"type\":"
		     "\"string\","
		     "\"meta\":{\"special\":null},\"schema\":{\"is_nullable\":"
		     "false,"
		     "\"default_value\":\"x\"}},"
		     "{\"collection\":\"a\",\"field\":\"u\",\"type\":\"uuid\","
		     "\"meta\":{\"special\":[\"user-created\"]},"
		     "\"schema\":{\"is_nullable\":false}}],\"relations\":[]}");
	char *t = block(sdl, "type a {"),
	     *c = block(sdl, "input create_a_input {"),
	     *u = block(sdl, "input update_a_input {");

	(void)state;
	/* a default of 0 is falsy in JavaScript: still NonNull */
	assert_string_equal(t,
	    "type a {\n  id: ID!\n  n: Int!\n  s: String\n"
	    "  u: ID\n}");
	/* auto-increment: the overview default is "AUTO_INCREMENT" */
	assert_string_equal(c,
	    "input create_a_input {\n  id: ID\n  n: Int!\n"
	    "  s: String\n  u: ID\n}");
	assert_string_equal(u,
	    "input update_a_input {\n  id: ID\n  n: Int\n"
	    "  s: String\n  u: ID\n}");
	free(t);
	free(c);
	free(u);
	free(sdl);
}

static void
test_descriptions(void **state)
{
	char *sdl = emit_file("fixtures/graphql/zoo.yaml");
	char *t = block(sdl, "type authors {");

	(void)state;
	/* quotes force the multi-line form; the first field has no blank */
	assert_string_equal(t,
	    "type authors {\n  id: ID!\n\n  \"\"\"\n  The "
	    "name shown on every \"byline\"\n  \"\"\"\n  name:"
	    " String!\n  secret: Hash\n  posts(filter: "
	    "posts_filter, sort: [String], limit: Int, offset:"
	    " Int, page: Int, search: String): [posts]\n  "
	    "posts_func: count_functions\n}");
	free(t);
	/* longer than 70: multi-line */
	assert_non_null(strstr(sdl,
	    "\n  \"\"\"\n  The headline of the post as "
	    "it appears on cards, in feeds and in the "
	    "browser tab\n  \"\"\"\n  title: String!\n"));
	/* a clone gets an empty description */
	assert_non_null(strstr(sdl, "\"\"\"\"\"\"\ntype version_posts {"));
	assert_non_null(
	    strstr(sdl, "\"\"\"\"\"\"\ninput posts_quantifier_filter {"));
	free(sdl);
}

static void
test_relations_and_names(void **state)
{
	char *sdl = emit_file("fixtures/graphql/zoo.yaml");
	char *f = block(sdl, "input posts_blocks_filter {");
	char *v = block(sdl, "type version_posts {");

	(void)state;
	/* m2a: a union on read, item__<c> filters, a String on write */
	assert_non_null(strstr(sdl,
	    "union posts_blocks_item_union = "
	    "block_quote | tags"));
	assert_non_null(strstr(f,
	    "  _or: [posts_blocks_filter]\n  "
	    "item__block_quote: block_quote_filter\n  "
	    "item__tags: tags_filter\n}"));
	assert_null(strstr(f, "  item:"));
	assert_non_null(strstr(sdl,
	    "input create_posts_blocks_input {\n  id: "
	    "ID\n  posts_id: create_posts_input\n  item: "
	    "String\n"));
	/* version types: relations are JSON, no NonNull, no _func */
	assert_non_null(strstr(v,
	    "  author: JSON\n  editor: JSON\n  tags: "
	    "JSON\n  blocks: JSON\n}"));
	assert_null(strstr(v, "_func"));
	assert_null(strstr(v, "!"));
	/* a custom o2m alias on a system collection */
	assert_non_null(strstr(sdl,
	    "  edited_posts(filter: posts_filter, "
	    "sort: [String], limit: Int, offset: Int, "
	    "page: Int, search: String): [posts]\n"));
	assert_non_null(strstr(sdl, "  nickname: String\n"));
	/* my-items is not a GraphQL name: skipped, not renamed */
	assert_null(strstr(sdl, "my"));
	/* a singleton: no _by_id, _aggregated, create or delete */
	assert_non_null(strstr(sdl, "  site(version: String): site\n"));
	assert_non_null(strstr(sdl,
	    "  site_by_version(version: String!): "
	    "version_site\n"));
	assert_non_null(
	    strstr(sdl, "  update_site(data: update_site_input!): site\n"));
	assert_null(strstr(sdl, "site_by_id"));
	assert_null(strstr(sdl, "create_site_item"));
	assert_null(strstr(sdl, "delete_site"));
	free(f);
	free(v);
	free(sdl);
}

/* field names (checked on a live Directus 11.17.4): one starting with __
   fails every /graphql request, so there is no SDL (bad input at the
   field); another that is not a GraphQL name is left out, so the SDL stays
   SDL; valid ones stay (found by fuzz_sdl) */
static void
test_invalid_field_names(void **state)
{
	static const char *const names[] = { "__x", "__", "2fa", "my-field",
		"n!me", "_x", "x_2", "X" };
	char text[1024];
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const char *name = names[k];
		struct snapshot *s = NULL;
		struct derr e = DERR_INIT;
		struct buf out = BUF_INIT;
		char want[64];

		snprintf(text, sizeof(text),
		    HEAD
		    "\"collections\":[{\"collection\":\"a\","
		    "\"meta\":{},\"schema\":{\"name\":\"a\"}}],"
		    "\"fields\":[" PK(
			"a") ",\n{\"collection\":\"a\","
			     "\"field\":\"%s\",\"type\":\"string\","
			     "\"meta\":{},\"schema\":{\"is_nullable\":true}}],"
			     "\"relations\":[]}",
		    name);
		assert_int_equal(
		    snapshot_load("t.json", text, strlen(text), NULL, &s, &e),
		    0);
		snprintf(want, sizeof(want), "\n  %s: String\n", name);
		if (k < 2) {
			assert_int_equal(emit_graphql(s, &out, &e), -1);
			assert_int_equal(e.status, DRIFT_EXIT_INPUT);
			assert_string_equal(e.origin, "t.json");
			assert_int_equal(e.line, 2);
			assert_non_null(strstr(e.msg, name));
			assert_non_null(strstr(e.msg, "starts with __"));
		} else if (k < 5) {
			assert_int_equal(emit_graphql(s, &out, &e), 0);
			assert_null(strstr(out.buf, want));
			assert_non_null(
			    strstr(out.buf, "type a {\n  id: ID!\n}"));
		} else {
			assert_int_equal(emit_graphql(s, &out, &e), 0);
			assert_non_null(strstr(out.buf, want));
		}
		buf_release(&out);
		snapshot_free(&s);
	}
	/* the alias a relation makes on its one side, listed as a field or
	   not: left out, the many side stays; with __ there is no SDL */
	for (k = 0; k < 2; k++) {
		struct snapshot *s = NULL;
		struct derr e = DERR_INIT;
		struct buf out = BUF_INIT;

		snprintf(text, sizeof(text),
		    HEAD "\"collections\":[{\"collection\":\"a\","
			 "\"meta\":{},\"schema\":{\"name\":\"a\"}},"
			 "{\"collection\":\"b\",\"meta\":{},\"schema\":"
			 "{\"name\":\"b\"}}],\"fields\":[" PK("a") "," PK(
			     "b") ",{\"collection\":\"b\",\"field\":\"a\","
				  "\"type\":\"integer\",\"meta\":{},"
				  "\"schema\":{\"is_nullable\":true}}],"
				  "\"relations\":[\n{\"collection\":\"b\","
				  "\"field\":\"a\",\"related_collection\":"
				  "\"a\",\"meta\":{\"one_field\":\"%s\"},"
				  "\"schema\":{}}]}",
		    k == 0 ? "b@s" : "__bs");
		assert_int_equal(
		    snapshot_load("t.json", text, strlen(text), NULL, &s, &e),
		    0);
		if (k == 0) {
			assert_int_equal(emit_graphql(s, &out, &e), 0);
			assert_null(strstr(out.buf, "b@s"));
			assert_non_null(strstr(out.buf,
			    "type b {\n  id: ID!\n  a(filter: a_filter"));
		} else {
			assert_int_equal(emit_graphql(s, &out, &e), -1);
			assert_int_equal(e.line, 2);
			assert_non_null(
			    strstr(e.msg, "field a.__bs starts with __"));
		}
		buf_release(&out);
		snapshot_free(&s);
	}
}

static void
test_pinned_zoo(void **state)
{
	char *sdl = emit_file("fixtures/graphql/zoo.yaml");
	char *path = test_path("fixtures/graphql/zoo.graphql");
	size_t len;
	char *want = test_read_file(path, &len);

	(void)state;
	assert_int_equal(strlen(sdl), len);
	assert_memory_equal(sdl, want, len);
	free(want);
	free(path);
	free(sdl);
}

static void
test_deterministic(void **state)
{
	char *a = emit_file("fixtures/graphql/zoo.yaml");
	char *b = emit_file("fixtures/graphql/zoo.yaml");

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_schema_loads),
		cmocka_unit_test(test_empty_project),
		cmocka_unit_test(test_nonnull_and_pk_rules),
		cmocka_unit_test(test_descriptions),
		cmocka_unit_test(test_relations_and_names),
		cmocka_unit_test(test_invalid_field_names),
		cmocka_unit_test(test_pinned_zoo),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
