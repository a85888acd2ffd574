/* test_usage_join.c: usage records joined onto changes (usage_join.h) */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/diff.h"
#include "drift/model.h"
#include "drift/rules.h"
#include "drift/tree.h"
#include "drift/usage.h"
#include "drift/usage_join.h"
#include "helpers/jtree.h"

#define A(x) (1u << (x))

struct fx {
	struct changeset cs;
	struct usage_set u;
	struct tree *trees[4];
	size_t ntrees;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	changeset_release(&f->cs);
	usage_set_release(&f->u);
	for (i = 0; i < f->ntrees; i++)
		tree_free(&f->trees[i]);
	free(f);
	return 0;
}

/* a tnode from JSON text (single quotes for double), kept in f */
static const struct tnode *
node(struct fx *f, const char *text)
{
	json_t *j = jq(text);
	struct tree *t = jtree_from_json(j, "t");

	json_decref(j);
	assert_true(f->ntrees < 4);
	f->trees[f->ntrees++] = t;
	return tree_root(t);
}

static struct change *
add_change(struct fx *f, const char *rule, const char *coll, const char *field)
{
	const struct rule *r = rule_find(rule);
	struct change *c;

	assert_non_null(r);
	if (f->cs.n == f->cs.alloc) {
		f->cs.alloc = f->cs.alloc ? f->cs.alloc * 2 : 8;
		f->cs.v = realloc(f->cs.v, f->cs.alloc * sizeof(*f->cs.v));
		assert_non_null(f->cs.v);
	}
	c = &f->cs.v[f->cs.n++];
	memset(c, 0, sizeof(*c));
	c->rule = r;
	c->severity = r->severity;
	c->entity = r->entity;
	c->collection = coll;
	c->field = field;
	c->message = rule;
	return c;
}

static struct usage_ref *
add_ref(struct fx *f, const char *coll, const char *field, enum usage_access a,
    const char *file, unsigned line)
{
	struct usage_ref r;

	memset(&r, 0, sizeof(r));
	r.collection = coll;
	r.field = field;
	r.access = a;
	r.site.file = file;
	r.site.line = line;
	r.site.col = 3;
	r.context = "readItems('articles')";
	return usage_add_ref(&f->u, &r);
}

static void
test_table_complete(void **state)
{
	const struct rule *t;
	struct usage_touch tt;
	size_t n, i;

	(void)state;
	t = rules_table(&n);
	for (i = 0; i < n; i++) {
		if (usage_touch_of(t[i].id, &tt) != 1)
			fail_msg("rule %s has no row in usage_join.c", t[i].id);
		/* a row never touches a non-breaking-relevant scope with
		   type references except for collection-level rules */
		if (t[i].entity == ENT_FIELD)
			assert_int_equal(tt.field & A(UA_TYPE), 0);
	}
	/* an unknown rule falls back to "any access" */
	assert_int_equal(usage_touch_of("no-such-rule", &tt), 0);
	assert_int_equal(usage_touch_of("usage-unknown-field", &tt), 1);
	assert_string_equal(usage_used_name(USAGE_YES), "yes");
	assert_string_equal(usage_used_name(USAGE_NO), "no");
	assert_string_equal(usage_used_name(USAGE_POSSIBLY), "possibly");
}

/*
 * Reference 1.7, rule by rule: for a change of each rule on
 * articles.title, which single record (access on articles.title) makes
 * it used.  'r' read, 'f' filter, 's' sort, 'a' aggregate, 'c' create,
 * 'u' update, 'd' delete on articles.title.  traversed_by: the same for a
 * record that goes through the field (UREF_TRAVERSE); NULL: as
 * touched_by.
 */
static const struct {
	const char *rule;
	const char *touched_by; /* accesses of a record on articles.title */
	const char *traversed_by;
} expect[] = {
	{ "field-removed", "rfsacud", NULL },
	{ "field-renamed", "rfsacud", NULL },
	{ "field-type-changed", "rfsacud", NULL },
	{ "field-type-changed-compatible", "rfsacud", NULL },
	/* a create that writes the very field supplies it: only creates
	   that omit it are touched (test_omitted) */
	{ "field-not-null-added", "", NULL },
	{ "field-auto-increment-changed", "c", NULL },
	{ "field-default-changed", "", NULL },
	{ "field-required-added", "", NULL },
	{ "field-required-removed", "", NULL },
	{ "field-meta-changed", "", NULL },
	{ "field-readonly-changed", "", NULL },
	{ "field-choices-changed", "", NULL },
	{ "field-conditions-changed", "", NULL },
	{ "field-presentation-added", "", NULL },
	{ "field-index-changed", "", NULL },
	{ "field-max-length-increased", "", NULL },
	{ "field-max-length-reduced", "cu", NULL },
	{ "field-unique-added", "cu", NULL },
	{ "field-validation-changed", "cu", NULL },
	{ "field-not-null-added-with-default", "cu", NULL },
	{ "field-nullable-added", "r", NULL },
	{ "field-special-changed", "rfsacud", NULL },
	{ "collection-removed", "rfsacud", NULL },
	{ "collection-became-folder", "rfsacud", NULL },
	{ "collection-singleton-changed", "rfsacud", NULL },
	{ "collection-meta-changed", "", NULL },
	{ "collection-added", "", NULL },
	/* a raw read or write of the key is not touched by the relation
	   changes that only a path through it notices */
	{ "relation-removed", "", "rfsacud" },
	{ "relation-junction-changed", "", "rfsacud" },
	{ "relation-one-field-changed", "", "rfsacud" },
	{ "relation-allowed-collections-changed", "", "rfsacud" },
	{ "relation-deselect-action-changed", "", "u" },
	/* the raw ids name rows of another collection, or dangle */
	{ "relation-target-changed", "rfsacud", NULL },
	{ "relation-constraint-added", "cu", NULL },
	{ "field-relation-type-changed", "rfsacud", NULL },
	/* no new value: the foreign key was dropped (test_fk_read below
	   for one that points elsewhere) */
	{ "field-foreign-key-changed", "", "rfsacud" },
	{ "relation-on-delete-changed", "", NULL },
	{ "relation-meta-changed", "", NULL },
	{ "relation-added", "", NULL },
};

static void
test_touch_sets(void **state)
{
	static const char letters[] = "rfsacud";
	static const enum usage_access acc[] = { UA_READ, UA_FILTER, UA_SORT,
		UA_AGGREGATE, UA_CREATE, UA_UPDATE, UA_DELETE };
	size_t i, k;

	(void)state;
	for (i = 0; i < 2 * DRIFT_ARRAY_LEN(expect); i++) {
		size_t e = i / 2;
		int trav = i % 2;
		const char *by = trav && expect[e].traversed_by != NULL
		    ? expect[e].traversed_by
		    : expect[e].touched_by;

		for (k = 0; k < DRIFT_ARRAY_LEN(acc); k++) {
			struct fx *f = calloc(1, sizeof(*f));
			struct change *c;
			struct usage_ref *r;
			int want = strchr(by, letters[k]) != NULL;

			assert_non_null(f);
			c = add_change(f, expect[e].rule, "articles", "title");
			if (c->entity == ENT_COLLECTION)
				c->field = NULL;
			r = add_ref(f, "articles", "title", acc[k], "a.ts", 1);
			if (trav)
				r->flags = UREF_TRAVERSE;
			usage_join(&f->cs, &f->u, NULL);
			assert_non_null(f->cs.v[0].usage);
			if ((f->cs.v[0].usage->used == USAGE_YES) != want)
				fail_msg("%s by %s%s on articles.title: used "
					 "%s, want %s",
				    expect[e].rule, usage_access_name(acc[k]),
				    trav ? " (traverse)" : "",
				    usage_used_name(f->cs.v[0].usage->used),
				    want ? "yes" : "no");
			teardown((void **)&f);
		}
	}
}

static void
test_removed_field_used_and_unused(void **state)
{
	struct fx *f = *state;
	const struct change_usage *cu;
	char line[128];

	add_change(f, "field-removed", "articles", "title");
	add_change(f, "field-removed", "articles", "views");
	add_ref(f, "articles", "title", UA_READ, "src/lib/api.ts", 18);
	add_ref(f, "articles", "title", UA_FILTER, "src/lib/api.ts", 19);
	add_ref(f, "articles", "title", UA_SORT, "pages/index.vue", 4);
	add_ref(f, "authors", "views", UA_READ, "src/x.ts", 1);
	usage_set_sort(&f->u);
	assert_int_equal(usage_join(&f->cs, &f->u, NULL), 0);

	cu = f->cs.v[0].usage;
	assert_int_equal(cu->used, USAGE_YES);
	assert_int_equal(cu->nsites, 3);
	assert_false(cu->downgraded);
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
	/* sorted by file, line */
	assert_string_equal(cu->sites[0]->site.file, "pages/index.vue");
	assert_string_equal(cu->sites[1]->site.file, "src/lib/api.ts");
	usage_describe(cu, line, sizeof(line));
	assert_string_equal(line, "used by pages/index.vue:4 (+2 more)");

	/* authors.views is another field: articles.views is unused */
	cu = f->cs.v[1].usage;
	assert_int_equal(cu->used, USAGE_NO);
	assert_true(cu->downgraded);
	assert_int_equal(f->cs.v[1].severity, SEV_DANGEROUS);
	assert_int_equal(f->cs.v[1].rule->severity, SEV_BREAKING);
	usage_describe(cu, line, sizeof(line));
	assert_string_equal(line, "not used by the front end");
}

static void
test_possibly_stays_breaking(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;
	char line[128];

	add_change(f, "field-removed", "articles", "title");
	add_change(f, "field-type-changed", "articles", "views");
	add_change(f, "field-removed", "authors", "bio");
	/* fields=* on articles */
	add_ref(f, "articles", "*", UA_READ, "a.ts", 2);
	/* authors.bio read through a variable selection */
	r = add_ref(f, "authors", "bio", UA_READ, "b.ts", 7);
	r->certainty = UC_POSSIBLY;
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_POSSIBLY);
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_POSSIBLY);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_POSSIBLY);
	assert_int_equal(f->cs.v[2].severity, SEV_BREAKING);
	usage_describe(f->cs.v[2].usage, line, sizeof(line));
	assert_string_equal(line, "possibly used by b.ts:7");
}

static void
test_dynamic_payload(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;

	add_change(f, "field-removed", "articles", "title");
	add_change(f, "field-removed", "authors", "name");
	add_change(f, "field-not-null-added", "authors", "email");
	/* createItem('articles', data): any key may be sent */
	r = add_ref(f, "articles", NULL, UA_CREATE, "a.ts", 1);
	r->flags = UREF_DYNAMIC;
	r->certainty = UC_POSSIBLY;
	/* a read of the collection as a whole is no use of a field */
	add_ref(f, "authors", NULL, UA_READ, "a.ts", 2);
	/* a dynamic update on authors touches no NOT NULL rule */
	r = add_ref(f, "authors", NULL, UA_UPDATE, "a.ts", 3);
	r->flags = UREF_DYNAMIC;
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_POSSIBLY);
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_POSSIBLY);
	assert_int_equal(f->cs.v[1].usage->nsites, 1);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[2].severity, SEV_DANGEROUS);
}

static void
test_not_null_creates(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;

	add_change(f, "field-not-null-added", "authors", "email");
	add_change(f, "field-not-null-added", "articles", "slug");
	add_change(f, "field-not-null-added", "pages", "path");
	/* reads and updates of the very field do not matter */
	add_ref(f, "articles", "slug", UA_READ, "a.ts", 1);
	add_ref(f, "articles", "slug", UA_UPDATE, "a.ts", 2);
	/* a nested create into authors through articles.author */
	r = add_ref(f, "authors", "name", UA_CREATE, "a.ts", 3);
	r->flags = UREF_NESTED;
	r->depth = 1;
	/* a create with a dynamic payload on pages */
	r = add_ref(f, "pages", NULL, UA_CREATE, "p.ts", 9);
	r->flags = UREF_DYNAMIC;
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[1].severity, SEV_DANGEROUS);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_YES);
	assert_string_equal(f->cs.v[2].usage->sites[0]->site.file, "p.ts");
}

static void
test_added_required(void **state)
{
	struct fx *f = *state;
	struct change *c;

	c = add_change(f, "field-added-required", "articles", "sku");
	c->new_value = node(f,
	    "{'field': 'sku', 'meta': {'required': true}, "
	    "'schema': {'is_nullable': true, 'default_value': null}}");
	c = add_change(f, "field-added-required", "articles", "code");
	c->new_value = node(f,
	    "{'field': 'code', 'schema': {'is_nullable': false, "
	    "'default_value': null}}");
	add_ref(f, "articles", "title", UA_CREATE, "a.ts", 1);
	usage_join(&f->cs, &f->u, NULL);
	/* meta.required only: the API does not enforce it */
	assert_int_equal(f->cs.v[0].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[0].severity, SEV_DANGEROUS);
	/* NOT NULL without a default: every create of articles */
	assert_int_equal(f->cs.v[1].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[1].severity, SEV_BREAKING);
}

/* USAGE_TOUCH_OMITTED: a create that sends the new NOT NULL field is not
   touched; one that omits it is, at the create itself; a create known only
   by its keys (no record of the create) is touched at its keys */
static void
c_not_null(struct fx *f, const char *coll, const char *field)
{
	struct change *c = add_change(f, "field-added-required", coll, field);

	c->new_value = node(
	    f, "{'schema': {'is_nullable': false, 'default_value': null}}");
}

static void
test_omitted(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;

	c_not_null(f, "subscribers", "consent");
	c_not_null(f, "authors", "email");
	c_not_null(f, "tags", "name");
	/* POST /items/subscribers { email, consent } */
	r = add_ref(f, "subscribers", NULL, UA_CREATE, "s.ts", 10);
	r->context = "POST /items/subscribers";
	r = add_ref(f, "subscribers", "email", UA_CREATE, "s.ts", 12);
	r->context = "POST /items/subscribers";
	r = add_ref(f, "subscribers", "consent", UA_CREATE, "s.ts", 12);
	r->context = "POST /items/subscribers";
	/* createItem('authors', { name }) omits email; another call in
	   the same file sends it, which does not help the first */
	r = add_ref(f, "authors", NULL, UA_CREATE, "a.ts", 3);
	r->context = "createItem('authors') 1";
	r = add_ref(f, "authors", "name", UA_CREATE, "a.ts", 3);
	r->context = "createItem('authors') 1";
	r = add_ref(f, "authors", "email", UA_CREATE, "a.ts", 9);
	r->context = "createItem('authors') 2";
	r = add_ref(f, "authors", NULL, UA_CREATE, "a.ts", 9);
	r->context = "createItem('authors') 2";
	/* tags: only keys, no record of the create itself */
	r = add_ref(f, "tags", "label", UA_CREATE, "t.ts", 4);
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[1].usage->nsites, 1);
	assert_int_equal(f->cs.v[1].usage->sites[0]->site.line, 3);
	assert_null(f->cs.v[1].usage->sites[0]->field);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_YES);
	assert_string_equal(f->cs.v[2].usage->sites[0]->field, "label");
}

static void
test_collection_level(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;

	add_change(f, "collection-removed", "articles", NULL);
	add_change(f, "collection-singleton-changed", "globals", NULL);
	add_change(f, "collection-singleton-changed", "settings", NULL);
	add_change(f, "collection-removed", "pages", NULL);
	/* fragment X on articles */
	add_ref(f, "articles", NULL, UA_TYPE, "a.graphql", 1);
	/* globals only read through a relation */
	r = add_ref(f, "globals", "title", UA_READ, "a.ts", 2);
	r->depth = 1;
	r->flags = UREF_NESTED;
	add_ref(f, "settings", NULL, UA_READ, "s.ts", 1);
	/* fields=* on pages names the collection */
	add_ref(f, "pages", "*", UA_READ, "p.ts", 1);
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[1].severity, SEV_DANGEROUS);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[3].usage->used, USAGE_YES);
}

static void
test_relations(void **state)
{
	struct fx *f = *state;
	struct change *c;

	/* articles.author -> authors, o2m alias authors.articles */
	c = add_change(f, "relation-removed", "articles", "author");
	c->old_value = node(f,
	    "{'collection': 'articles', 'field': 'author', "
	    "'related_collection': 'authors', "
	    "'meta': {'one_field': 'articles'}}");
	c = add_change(f, "relation-on-delete-changed", "articles", "author");
	c->old_value = node(f,
	    "{'collection': 'articles', 'field': 'author', "
	    "'related_collection': 'authors', 'meta': null}");
	c->new_value = c->old_value;
	c = add_change(f, "relation-removed", "pages_blocks", "item");
	c->old_value = node(f,
	    "{'collection': 'pages_blocks', 'field': 'item', "
	    "'related_collection': null, 'meta': {'one_allowed_collections':"
	    " ['block_hero']}}");
	/* authors { articles { id } } */
	add_ref(f, "authors", "articles", UA_READ, "a.graphql", 3);
	add_ref(f, "authors", NULL, UA_DELETE, "d.ts", 5);
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_YES);
	assert_string_equal(f->cs.v[0].usage->sites[0]->site.file, "a.graphql");
	assert_int_equal(f->cs.v[1].usage->used, USAGE_YES);
	assert_string_equal(f->cs.v[1].usage->sites[0]->site.file, "d.ts");
	assert_int_equal(f->cs.v[2].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[2].severity, SEV_DANGEROUS);
}

/*
 * A relation removed, its column kept (fixtures/frontends drifts so):
 * REST fields=author and SDK fields: ['author'] read the raw key, which
 * is still there; author.name, GraphQL author { name } and nested writes
 * go through the relation, which is gone.
 */
static void
test_fk_read(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;
	struct change *c;
	const struct tnode *rel = node(f,
	    "{'collection': 'articles', 'field': 'author', "
	    "'related_collection': 'authors', "
	    "'meta': {'one_field': 'articles'}}");

	c = add_change(f, "relation-removed", "articles", "author");
	c->old_value = rel;
	/* schema.foreign_key_table: authors -> null (the diff reports it
	   beside the relation) */
	c = add_change(f, "field-foreign-key-changed", "articles", "author");
	c->old_value = node(f, "'authors'");
	/* and one that points elsewhere: raw ids name other rows */
	c = add_change(f, "field-foreign-key-changed", "articles", "editor");
	c->old_value = node(f, "'authors'");
	c->new_value = node(f, "'directus_users'");
	add_ref(f, "articles", "author", UA_READ, "a.ts", 1);
	add_ref(f, "articles", "author", UA_FILTER, "a.ts", 2);
	add_ref(f, "articles", "author", UA_CREATE, "a.ts", 3);
	add_ref(f, "articles", "editor", UA_READ, "a.ts", 4);
	/* fields=* reads every key raw */
	add_ref(f, "articles", "*", UA_READ, "a.ts", 5);
	/* a dynamic payload that says nothing of nesting */
	r = add_ref(f, "articles", NULL, UA_CREATE, "a.ts", 6);
	r->flags = UREF_DYNAMIC;
	usage_set_sort(&f->u);
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_NO);
	assert_true(f->cs.v[0].usage->downgraded);
	assert_int_equal(f->cs.v[0].severity, SEV_DANGEROUS);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[1].severity, SEV_DANGEROUS);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[2].severity, SEV_BREAKING);
}

static void
test_fk_traversal(void **state)
{
	struct fx *f = *state;
	struct usage_ref *r;
	struct change *c;
	size_t i;

	for (i = 0; i < 3; i++) {
		c = add_change(f,
		    i < 2 ? "relation-removed" : "field-foreign-key-changed",
		    i == 1 ? "pages_blocks" : "articles",
		    i == 1 ? "item" : "author");
		c->old_value = node(f,
		    i == 1 ? "{'collection': 'pages_blocks', 'field': 'item', "
			     "'related_collection': null, 'meta': "
			     "{'one_allowed_collections': ['block_hero']}}"
			   : "{'collection': 'articles', 'field': 'author', "
			     "'related_collection': 'authors', 'meta': null}");
	}
	/* a raw read beside the traversals: not a site */
	add_ref(f, "articles", "author", UA_READ, "a.ts", 1);
	/* author { name } */
	r = add_ref(f, "articles", "author", UA_READ, "b.graphql", 3);
	r->flags = UREF_TRAVERSE;
	r = add_ref(f, "authors", "name", UA_READ, "b.graphql", 3);
	r->flags = UREF_NESTED | UREF_OLD_ONLY;
	r->depth = 1;
	/* item { ... on block_hero { headline } } */
	r = add_ref(f, "pages_blocks", "item", UA_READ, "c.graphql", 2);
	r->flags = UREF_TRAVERSE;
	/* an interpolated selection on pages_blocks may go through item */
	r = add_ref(f, "pages_blocks", "*", UA_READ, "d.ts", 7);
	r->certainty = UC_POSSIBLY;
	r->flags = UREF_TRAVERSE;
	usage_set_sort(&f->u);
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[0].usage->nsites, 1);
	assert_string_equal(f->cs.v[0].usage->sites[0]->site.file, "b.graphql");
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[1].usage->nsites, 2);
	assert_string_equal(f->cs.v[1].usage->sites[0]->site.file, "c.graphql");
	assert_string_equal(f->cs.v[1].usage->sites[1]->site.file, "d.ts");
	/* the dropped foreign key: the traversal too */
	assert_int_equal(f->cs.v[2].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[2].usage->nsites, 1);
}

static void
test_downgrade_off(void **state)
{
	struct fx *f = *state;
	struct usage_join_opts o = { 0 };

	add_change(f, "field-removed", "articles", "title");
	usage_join(&f->cs, &f->u, &o);
	assert_int_equal(f->cs.v[0].usage->used, USAGE_NO);
	assert_false(f->cs.v[0].usage->downgraded);
	assert_int_equal(f->cs.v[0].severity, SEV_BREAKING);
}

static void
test_policy_severity_kept(void **state)
{
	struct fx *f = *state;
	struct change *c;

	/* a dangerous rule is never touched by the downgrade */
	c = add_change(f, "field-max-length-reduced", "articles", "title");
	usage_join(&f->cs, &f->u, NULL);
	assert_int_equal(c->severity, SEV_DANGEROUS);
	assert_false(f->cs.v[0].usage->downgraded);
}

static void
test_findings(void **state)
{
	struct fx *f = *state;
	struct usage_problem p;
	struct usage_ref *r;
	const char **files = NULL;
	size_t n;

	add_change(f, "field-removed", "articles", "views");
	memset(&p, 0, sizeof(p));
	p.kind = UP_UNKNOWN_FIELD;
	p.site.file = "src/lib/api.ts";
	p.site.line = 18;
	p.site.col = 5;
	p.collection = "articles";
	p.field = "titel";
	p.context = "readItems('articles')";
	p.message = "unknown field \"titel\" in collection \"articles\"";
	usage_add_problem(&f->u, &p);
	p.kind = UP_UNKNOWN_COLLECTION;
	p.site.line = 30;
	p.collection = "artcles";
	p.field = NULL;
	p.message = "unknown collection \"artcles\"";
	p.context = NULL;
	usage_add_problem(&f->u, &p);
	p.kind = UP_DEPTH;
	p.site.file = "q.graphql";
	p.site.line = 2;
	p.message = "selection nests 5 relations (limit 3)";
	usage_add_problem(&f->u, &p);
	p.kind = UP_PARSE;
	p.site.file = "bad.graphql";
	p.site.line = 4;
	p.site.col = 1;
	p.message = "expected a name, found '}'";
	usage_add_problem(&f->u, &p);
	/* only in OLD and touched by the removal: no finding */
	r = add_ref(f, "articles", "views", UA_READ, "a.ts", 1);
	r->flags = UREF_OLD_ONLY;
	/* only in OLD and untouched (a change the diff folds elsewhere) */
	r = add_ref(f, "articles", "legacy", UA_READ, "b.ts", 4);
	r->flags = UREF_OLD_ONLY;
	usage_add_note(&f->u, "skipped %s", "x.js");

	assert_int_equal(usage_join(&f->cs, &f->u, NULL), 4);
	assert_int_equal(f->cs.n, 5);
	assert_string_equal(f->cs.v[1].rule->id, "usage-unknown-field");
	assert_int_equal(f->cs.v[1].entity, ENT_FRONTEND);
	assert_int_equal(f->cs.v[1].severity, SEV_BREAKING);
	assert_string_equal(f->cs.v[1].loc_origin, "src/lib/api.ts");
	assert_int_equal(f->cs.v[1].line, 18);
	assert_int_equal(f->cs.v[1].col, 5);
	assert_string_equal(f->cs.v[1].field, "titel");
	assert_string_equal(f->cs.v[1].message,
	    "unknown field \"titel\" in collection \"articles\" (in "
	    "readItems('articles'))");
	assert_string_equal(f->cs.v[2].rule->id, "usage-unknown-collection");
	assert_string_equal(f->cs.v[2].collection, "artcles");
	assert_null(f->cs.v[2].field);
	assert_string_equal(f->cs.v[3].rule->id, "usage-depth-exceeded");
	assert_int_equal(f->cs.v[3].severity, SEV_DANGEROUS);
	assert_string_equal(f->cs.v[4].rule->id, "usage-unknown-field");
	assert_string_equal(f->cs.v[4].field, "legacy");
	assert_string_equal(f->cs.v[4].loc_origin, "b.ts");
	/* ids differ per rule and name */
	assert_string_not_equal(f->cs.v[1].id, f->cs.v[4].id);
	assert_int_equal(strlen(f->cs.v[1].id), 12);
	/* the parse problem and the scan note are notes */
	assert_int_equal(f->cs.nnotes, 2);
	assert_string_equal(
	    f->cs.notes[0], "bad.graphql:4:1: expected a name, found '}'");
	assert_string_equal(f->cs.notes[1], "skipped x.js");

	/* affected files: breaking and dangerous, reported */
	f->cs.v[3].status = CHANGE_IGNORED;
	n = usage_affected_files(&f->cs, &files);
	assert_int_equal(n, 3);
	assert_string_equal(files[0], "a.ts");
	assert_string_equal(files[1], "b.ts");
	assert_string_equal(files[2], "src/lib/api.ts");
	free(files);
}

static void
test_old_only_through_relation(void **state)
{
	struct fx *f = *state;
	struct usage_join_opts o = { 1, NULL };
	struct usage_ref *r;
	json_t *j = jq("{'version': 1, 'directus': '11.17.4', "
		       "'collections': [{'collection': 'authors', 'meta': {}, "
		       "'schema': {'name': 'authors'}}], "
		       "'fields': [{'collection': 'authors', 'field': 'name', "
		       "'type': 'string', 'meta': {}, 'schema': {}}], "
		       "'relations': []}");
	struct snapshot *s = jsnap(j, "new.json");

	json_decref(j);
	o.new = s;
	/* author { name } after the relation went away: authors.name is
	   still there, only the way to it is gone (relation-removed) */
	r = add_ref(f, "authors", "name", UA_READ, "a.graphql", 3);
	r->flags = UREF_OLD_ONLY | UREF_NESTED;
	r->depth = 1;
	r = add_ref(f, "authors", "ghost", UA_READ, "a.graphql", 4);
	r->flags = UREF_OLD_ONLY | UREF_NESTED;
	r->depth = 1;
	assert_int_equal(usage_join(&f->cs, &f->u, &o), 1);
	assert_string_equal(f->cs.v[0].field, "ghost");
	snapshot_free(&s);
}

static void
test_many_refs_index(void **state)
{
	struct fx *f = *state;
	char *names[200];
	size_t i;

	/* the bisection over a large, shuffled set */
	for (i = 0; i < 200; i++) {
		names[i] = malloc(16);
		assert_non_null(names[i]);
		snprintf(names[i], 16, "f%03zu", (i * 37) % 200);
		add_ref(f, i % 2 ? "a" : "b", names[i], UA_READ, "x.ts",
		    (unsigned)i + 1);
	}
	add_change(f, "field-removed", "a", "f037");
	add_change(f, "field-removed", "b", "f037");
	add_change(f, "field-removed", "b", "zzz");
	usage_join(&f->cs, &f->u, NULL);
	/* f037 is i=1 (odd: a) only */
	assert_int_equal(f->cs.v[0].usage->used, USAGE_YES);
	assert_int_equal(f->cs.v[0].usage->nsites, 1);
	assert_int_equal(f->cs.v[0].usage->sites[0]->site.line, 2);
	assert_int_equal(f->cs.v[1].usage->used, USAGE_NO);
	assert_int_equal(f->cs.v[2].usage->used, USAGE_NO);
	for (i = 0; i < 200; i++)
		free(names[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_touch_sets),
		cmocka_unit_test_setup_teardown(
		    test_removed_field_used_and_unused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_possibly_stays_breaking, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_dynamic_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_not_null_creates, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_added_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_omitted, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_collection_level, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_relations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fk_read, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_fk_traversal, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_downgrade_off, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_policy_severity_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_old_only_through_relation, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_many_refs_index, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
