/*
 * test_usage_graph.c: fields and relations across both snapshots and the
 * built-in system tables (usage_graph.h), on fixtures/example (old
 * schema.yaml, new live.yaml) and on the corpus snapshot with m2a and
 * translations (skipped with a message when ../shared/corpus is absent).
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

#include "drift/diag.h"
#include "drift/model.h"
#include "drift/sysdata.h"
#include "drift/tree.h"
#include "drift/usage_graph.h"
#include "helpers/testfile.h"
#include "helpers/testsnap.h"

static void
test_sysdata_sorted(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(sysdata_nrelations, 54);
	assert_true(sysdata_ncollections >= 29);
	for (i = 1; i < sysdata_ncollections; i++)
		assert_true(strcmp(sysdata_collections[i - 1].name,
				sysdata_collections[i].name) < 0);
	for (i = 1; i < sysdata_nfields; i++) {
		int c = strcmp(sysdata_fields[i - 1].collection,
		    sysdata_fields[i].collection);

		assert_true(c < 0 ||
		    (c == 0 &&
			strcmp(sysdata_fields[i - 1].field,
			    sysdata_fields[i].field) < 0));
	}
	for (i = 0; i < sysdata_ncollections; i++) {
		const struct sysdata_collection *c = &sysdata_collections[i];

		assert_true(c->nfields > 0);
		assert_string_equal(
		    sysdata_fields[c->first_field].collection, c->name);
	}
}

static void
test_collections(void **state)
{
	struct snapshot *old = test_load_snapshot(
	    "fixtures/example/schema.yaml", 0);
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);

	(void)state;
	assert_int_equal(usage_graph_collection(old, new, "articles"), 1);
	assert_int_equal(
	    usage_graph_collection(old, new, "newsletter_signups"), 1);
	assert_int_equal(usage_graph_collection(old, new, "legacy_pages"), 2);
	assert_int_equal(usage_graph_collection(NULL, new, "legacy_pages"), 0);
	assert_int_equal(usage_graph_collection(old, new, "directus_users"), 3);
	assert_int_equal(usage_graph_collection(old, new, "directus_files"), 3);
	assert_int_equal(usage_graph_collection(old, new, "nope"), 0);
	assert_int_equal(usage_graph_collection(old, new, NULL), 0);
	assert_true(usage_graph_is_system("directus_settings"));
	assert_false(usage_graph_is_system("articles"));
	assert_true(usage_graph_singleton(old, new, "directus_settings"));
	assert_false(usage_graph_singleton(old, new, "articles"));
	snapshot_free(&old);
	snapshot_free(&new);
}

static void
test_fields(void **state)
{
	struct snapshot *old = test_load_snapshot(
	    "fixtures/example/schema.yaml", 0);
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct ug_field u;

	(void)state;
	assert_int_equal(
	    usage_graph_field(old, new, "articles", "author", &u), 1);
	assert_int_equal(u.kind, UG_M2O);
	assert_string_equal(u.related, "authors");
	assert_string_equal(u.related_field, "articles");
	assert_int_equal(u.side, 1);
	assert_string_equal(u.collection, "articles");
	assert_string_equal(u.field, "author");

	assert_int_equal(
	    usage_graph_field(old, new, "authors", "articles", &u), 1);
	assert_int_equal(u.kind, UG_O2M);
	assert_string_equal(u.related, "articles");
	assert_string_equal(u.related_field, "author");
	assert_string_equal(u.type, "alias");

	assert_int_equal(
	    usage_graph_field(old, new, "articles", "title", &u), 1);
	assert_int_equal(u.kind, UG_SCALAR);
	assert_int_equal(u.side, 1);
	assert_null(u.related);

	/* removed in NEW: found in OLD */
	assert_int_equal(
	    usage_graph_field(old, new, "articles", "views", &u), 1);
	assert_int_equal(u.side, 2);
	assert_int_equal(
	    usage_graph_field(NULL, new, "articles", "views", &u), 0);
	assert_int_equal(u.kind, UG_NONE);
	assert_int_equal(
	    usage_graph_field(old, new, "legacy_pages", "path", &u), 1);
	assert_int_equal(u.side, 2);
	assert_int_equal(
	    usage_graph_field(old, new, "articles", "nope", &u), 0);

	/* built-in system fields and relations */
	assert_int_equal(
	    usage_graph_field(old, new, "directus_users", "avatar", &u), 1);
	assert_int_equal(u.side, 3);
	assert_int_equal(u.kind, UG_M2O);
	assert_string_equal(u.related, "directus_files");
	assert_int_equal(
	    usage_graph_field(old, new, "directus_users", "role", &u), 1);
	assert_string_equal(u.related, "directus_roles");
	assert_string_equal(u.related_field, "users");
	assert_int_equal(
	    usage_graph_field(old, new, "directus_roles", "users", &u), 1);
	assert_int_equal(u.kind, UG_O2M);
	assert_string_equal(u.related, "directus_users");
	assert_string_equal(u.related_field, "role");
	assert_int_equal(
	    usage_graph_field(old, new, "directus_files", "folder", &u), 1);
	assert_string_equal(u.related, "directus_folders");
	assert_int_equal(
	    usage_graph_field(old, new, "directus_files", "uploaded_by", &u),
	    1);
	assert_string_equal(u.related, "directus_users");
	assert_int_equal(usage_graph_field(
			     old, new, "directus_settings", "project_logo", &u),
	    1);
	assert_string_equal(u.related, "directus_files");
	assert_int_equal(usage_graph_field(old, new, "directus_settings",
			     "theming_divider", &u),
	    1);
	assert_int_equal(u.kind, UG_PRESENTATION);
	assert_int_equal(
	    usage_graph_field(old, new, "directus_users", "email", &u), 1);
	assert_int_equal(u.kind, UG_SCALAR);
	assert_int_equal(
	    usage_graph_field(old, new, "directus_users", "password", &u), 1);
	assert_string_equal(u.type, "hash");
	assert_int_equal(
	    usage_graph_field(old, new, "directus_users", "nickname", &u), 0);

	assert_string_equal(
	    usage_graph_primary_key(old, new, "articles"), "id");
	assert_string_equal(
	    usage_graph_primary_key(old, new, "legacy_pages"), "id");
	assert_string_equal(
	    usage_graph_primary_key(old, new, "directus_collections"),
	    "collection");
	assert_string_equal(
	    usage_graph_primary_key(old, new, "directus_sessions"), "token");
	assert_null(usage_graph_primary_key(old, new, "nope"));
	snapshot_free(&old);
	snapshot_free(&new);
}

struct seen {
	char names[64][64];
	int sides[64];
	size_t n;
};

static void
collect(const struct ug_field *f, void *arg)
{
	struct seen *s = arg;

	if (s->n < 64) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", f->field);
		s->sides[s->n] = f->side;
	}
	s->n++;
}

static void
test_each_field(void **state)
{
	struct snapshot *old = test_load_snapshot(
	    "fixtures/example/schema.yaml", 0);
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct seen s;
	size_t n, i;
	int saw_views = 0, saw_summary = 0;

	(void)state;
	memset(&s, 0, sizeof(s));
	n = usage_graph_each_field(old, new, "articles", collect, &s);
	assert_int_equal(n, s.n);
	/* live.yaml: 9 fields; schema.yaml adds views */
	assert_int_equal(n, 10);
	for (i = 0; i < s.n; i++) {
		if (strcmp(s.names[i], "views") == 0) {
			saw_views = 1;
			assert_int_equal(s.sides[i], 2);
			assert_int_equal(i, s.n - 1); /* OLD-only ones last */
		}
		if (strcmp(s.names[i], "summary") == 0) {
			saw_summary = 1;
			assert_int_equal(s.sides[i], 1);
		}
	}
	assert_true(saw_views && saw_summary);

	memset(&s, 0, sizeof(s));
	n = usage_graph_each_field(old, new, "directus_folders", collect, &s);
	assert_int_equal(n, 3); /* id, name, parent */
	assert_int_equal(s.sides[0], 3);
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    usage_graph_each_field(old, new, "nope", collect, &s), 0);
	snapshot_free(&old);
	snapshot_free(&new);
}

static void
test_corpus_m2a_translations(void **state)
{
	struct snapshot *d3 = test_load_snapshot(
	    "../shared/corpus/generated-11.17.4-sqlite-m2a-translations.yaml",
	    1);
	struct ug_field u;

	(void)state;
	if (d3 == NULL)
		return;
	assert_int_equal(
	    usage_graph_field(NULL, d3, "pages_blocks", "item", &u), 1);
	assert_int_equal(u.kind, UG_M2A);
	assert_int_equal(u.nallowed, 2);
	assert_string_equal(u.allowed[0], "block_hero");
	assert_string_equal(u.allowed[1], "block_text");
	assert_int_equal(usage_graph_field(NULL, d3, "pages", "blocks", &u), 1);
	assert_int_equal(u.kind, UG_O2M);
	assert_string_equal(u.related, "pages_blocks");
	assert_string_equal(u.related_field, "pages_id");
	assert_int_equal(
	    usage_graph_field(NULL, d3, "articles", "translations", &u), 1);
	assert_int_equal(u.kind, UG_O2M);
	assert_string_equal(u.related, "articles_translations");
	assert_string_equal(u.related_field, "articles_id");
	assert_int_equal(usage_graph_field(NULL, d3, "articles_translations",
			     "languages_code", &u),
	    1);
	assert_int_equal(u.kind, UG_M2O);
	assert_string_equal(u.related, "languages");
	assert_int_equal(
	    usage_graph_field(NULL, d3, "articles", "categories", &u), 1);
	assert_string_equal(u.related, "articles_categories");
	assert_int_equal(
	    usage_graph_field(NULL, d3, "articles", "divider", &u), 1);
	assert_int_equal(u.kind, UG_PRESENTATION);
	assert_int_equal(
	    usage_graph_field(NULL, d3, "articles", "user_created", &u), 1);
	assert_int_equal(u.kind, UG_M2O);
	assert_string_equal(u.related, "directus_users");
	/* a user-added field on a system collection is in the snapshot */
	assert_int_equal(
	    usage_graph_field(NULL, d3, "directus_users", "nickname", &u), 1);
	assert_int_equal(u.side, 1);
	assert_int_equal(
	    usage_graph_field(NULL, d3, "directus_users", "email", &u), 1);
	assert_int_equal(u.side, 3);
	assert_int_equal(usage_graph_collection(NULL, d3, "content"), 0);
	assert_int_equal(usage_graph_collection(NULL, d3, "my-items"), 1);
	assert_true(usage_graph_singleton(NULL, d3, "globals"));
	snapshot_free(&d3);
}

/* the o2m index: every relation with a one_field found by (related
   collection, one_field), the first in relations order among duplicates;
   through usage_graph_field the o2m alias fields resolve */
static void
test_o2m_index(void **state)
{
	struct snapshot *s = test_load_snapshot(
	    "fixtures/frontends/schema/drifted.json", 0);
	const struct entity *r;
	struct ug_field u;
	size_t i, n = 0;

	(void)state;
	r = snapshot_find_o2m(s, "articles", "comments");
	assert_non_null(r);
	assert_string_equal(r->collection, "comments");
	assert_string_equal(r->field, "article");
	r = snapshot_find_o2m(s, "pages", "blocks");
	assert_non_null(r);
	assert_string_equal(r->collection, "pages_blocks");
	assert_null(snapshot_find_o2m(s, "articles", "nope"));
	assert_null(snapshot_find_o2m(s, "nope", "comments"));
	assert_null(snapshot_find_o2m(s, "articles", NULL));
	/* an m2o without an o2m alias is not in the index */
	assert_null(snapshot_find_o2m(s, "directus_users", "user_created"));
	for (i = 0; i < s->nrelations; i++) {
		const struct entity *e = &s->relations[i];
		const char *rc = tnode_str(
		    tnode_get(e->node, "related_collection"));
		const char *of = tnode_str(
		    tnode_get(tnode_get(e->node, "meta"), "one_field"));

		if (rc == NULL || of == NULL)
			continue;
		assert_ptr_equal(snapshot_find_o2m(s, rc, of), e);
		n++;
	}
	assert_int_equal(n, s->no2m);
	assert_true(n >= 4);
	assert_true(usage_graph_field(NULL, s, "articles", "topics", &u));
	assert_int_equal(u.kind, UG_O2M);
	assert_string_equal(u.related, "articles_tags");
	assert_string_equal(u.related_field, "articles_id");
	snapshot_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysdata_sorted),
		cmocka_unit_test(test_collections),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_each_field),
		cmocka_unit_test(test_corpus_m2a_translations),
		cmocka_unit_test(test_o2m_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
