/*
 * test_diff.c: every rule with a minimal pair that triggers exactly that
 * rule and nothing else, noise that must produce nothing, folding, rename
 * detection, ordering, determinism and pinned fingerprints.
 *
 * Each case edits the base snapshot (diff_base.h) on the old side, the new
 * side or both, diffs, and checks the one change (or none) it expects.
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
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/rules.h"
#include "drift/tree.h"
#include "diff_base.h"
#include "helpers/jtree.h"
#include "helpers/testfile.h"

enum { OLD = 0, NEW = 1, BOTH = 2 };
enum { SET = 0, DEL, ADD, TOP }; /* TOP: a top-level key (path) */

struct edit {
	int side, op;
	const char *spec; /* entity, or list name for ADD */
	const char *path; /* SET: dotted path; DEL: path or NULL (entry) */
	const char *json; /* SET, ADD: the value */
};

struct rcase {
	const char *name;
	struct edit e[5];
	const char *rule; /* NULL: no change expected */
	enum severity sev;
	const char *field;
	const char *path;
	const char *msg; /* NULL: not checked */
};

struct run {
	struct snapshot *o, *n;
	struct changeset cs;
};

static void
apply(json_t *doc, const struct edit *e)
{
	switch (e->op) {
	case SET:
		jset(doc, e->spec, e->path, jq(e->json));
		break;
	case DEL:
		if (e->path == NULL)
			jremove(doc, e->spec);
		else
			jset(doc, e->spec, e->path, NULL);
		break;
	case TOP:
		json_object_set_new(doc, e->path, jq(e->json));
		break;
	default:
		jappend(doc, e->spec, jq(e->json));
		break;
	}
}

static void
run_docs(json_t *o, json_t *n, struct run *r)
{
	struct changeset init = CHANGESET_INIT;

	r->cs = init;
	r->o = jsnap(o, "old.yaml");
	r->n = jsnap(n, "new.yaml");
	json_decref(o);
	json_decref(n);
	assert_int_equal(diff_snapshots(r->o, r->n, &r->cs), 0);
}

static void
run_free(struct run *r)
{
	changeset_release(&r->cs);
	snapshot_free(&r->o);
	snapshot_free(&r->n);
}

static void
dump(const struct changeset *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		print_message("  %s %s %s.%s %s: %s\n", cs->v[i].rule->id,
		    severity_name(cs->v[i].severity), cs->v[i].collection,
		    cs->v[i].field ? cs->v[i].field : "-",
		    cs->v[i].path ? cs->v[i].path : "-", cs->v[i].message);
}

static void
run_case(void **state)
{
	const struct rcase *c = *state;
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	struct run r;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(c->e) && c->e[i].spec != NULL; i++) {
		if (c->e[i].side != NEW)
			apply(o, &c->e[i]);
		if (c->e[i].side != OLD)
			apply(n, &c->e[i]);
	}
	run_docs(o, n, &r);
	if (r.cs.n != (c->rule ? 1u : 0u)) {
		print_message("case %s: got %zu changes\n", c->name, r.cs.n);
		dump(&r.cs);
		fail();
	}
	if (c->rule != NULL) {
		const struct change *ch = &r.cs.v[0];

		assert_string_equal(ch->rule->id, c->rule);
		assert_int_equal(ch->severity, c->sev);
		assert_int_equal(ch->severity, ch->rule->severity);
		if (c->field == NULL)
			assert_null(ch->field);
		else
			assert_string_equal(ch->field, c->field);
		if (c->path == NULL)
			assert_null(ch->path);
		else
			assert_string_equal(ch->path, c->path);
		if (c->msg != NULL)
			assert_string_equal(ch->message, c->msg);
		assert_int_equal(strlen(ch->id), 12);
		assert_non_null(ch->loc_origin);
		assert_true(ch->line > 0);
	}
	run_free(&r);
}

#define T "articles.title"
#define FT "field:articles.title"

static const struct rcase cases[] = {
	/* nothing at all */
	{ "identical", { { 0 } }, NULL, 0, NULL, NULL, NULL },
	{ "meta.id differs", { { NEW, SET, FT, "meta.id", "99" } }, NULL, 0,
	    NULL, NULL, NULL },
	{ "schema null is absent",
	    { { OLD, SET, "field:articles.divider", "schema", "null" } }, NULL,
	    0, NULL, NULL, NULL },
	{ "raw vendor keys",
	    { { OLD, SET, FT, "schema.comment", "'a comment'" },
		{ OLD, SET, "collection:articles", "schema.sql", "'CREATE'" },
		{ OLD, SET, "relation:articles.author",
		    "schema.foreign_key_schema", "'public'" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "vendor spelling",
	    { { NEW, SET, FT, "schema.data_type", "'varchar'" } }, NULL, 0,
	    NULL, NULL, NULL },
	{ "special order",
	    { { OLD, SET, "field:articles.published", "meta.special",
		  "['cast-boolean', 'alias']" },
		{ NEW, SET, "field:articles.published", "meta.special",
		    "['alias', 'cast-boolean']" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "special null is empty",
	    { { NEW, SET, "field:articles.price", "meta.special", "[]" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "mysql boolean default",
	    { { OLD, SET, "field:articles.published", "schema.default_value",
		"0" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "is_indexed only on one side",
	    { { OLD, DEL, FT, "schema.is_indexed", NULL },
		{ NEW, SET, FT, "schema.is_indexed", "true" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "searchable only on one side",
	    { { NEW, SET, FT, "meta.searchable", "false" } }, NULL, 0, NULL,
	    NULL, NULL },
	{ "v12 collection keys only on one side",
	    { { NEW, SET, "collection:articles", "meta.status", "'active'" },
		{ NEW, SET, "collection:articles",
		    "meta.autosave_revision_interval", "60" },
		{ OLD, DEL, "collection:articles", "meta.preview_url", NULL },
		{ OLD, DEL, "collection:articles", "meta.versioning", NULL } },
	    NULL, 0, NULL, NULL, NULL },
	{ "auto-increment pk schema ignored",
	    { { NEW, SET, "field:articles.id", "schema.data_type", "'bigint'" },
		{ NEW, SET, "field:articles.id", "schema.default_value",
		    "'nextval(1)'" },
		{ NEW, SET, "field:articles.id", "schema.numeric_precision",
		    "64" } },
	    NULL, 0, NULL, NULL, NULL },
	/* issue 10 item 5: vendor-equivalent referential actions */
	{ "mysql: RESTRICT is NO ACTION",
	    { { BOTH, TOP, "-", "vendor", "'mysql'" },
		{ NEW, SET, "relation:articles.author", "schema.on_update",
		    "'RESTRICT'" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "vendor switch postgres to mysql: NO ACTION -> RESTRICT",
	    { { NEW, TOP, "-", "vendor", "'mysql'" },
		{ NEW, SET, "relation:articles.author", "schema.on_update",
		    "'RESTRICT'" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "NO_ACTION and lower case spell NO ACTION",
	    { { BOTH, SET, "relation:articles.author", "schema.on_update",
		  "'NO_ACTION'" },
		{ NEW, SET, "relation:articles.author", "schema.on_update",
		    "'no action'" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "postgres: RESTRICT is not NO ACTION",
	    { { NEW, SET, "relation:articles.author", "schema.on_update",
		"'RESTRICT'" } },
	    "relation-on-update-changed", SEV_DANGEROUS, "author",
	    "schema.on_update",
	    "ON UPDATE of relation articles.author changed from \"NO ACTION\" "
	    "to \"RESTRICT\"" },
	/* issue 10 item 6: 0/1 under boolean keys */
	{ "is_nullable true -> 1",
	    { { NEW, SET, FT, "schema.is_nullable", "1" } }, NULL, 0, NULL,
	    NULL, NULL },
	{ "MySQL 0/1 booleans on both sides",
	    { { OLD, SET, FT, "meta.searchable", "1" },
		{ NEW, SET, FT, "meta.searchable", "true" },
		{ OLD, SET, FT, "meta.hidden", "0" },
		{ BOTH, SET, "field:articles.id", "schema.is_primary_key",
		    "1" },
		{ OLD, SET, "collection:articles", "meta.singleton", "0" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "is_nullable true -> 0 is NOT NULL",
	    { { NEW, SET, FT, "schema.is_nullable", "0" } },
	    "field-not-null-added", SEV_BREAKING, "title", "schema.is_nullable",
	    NULL },
	{ "is_unique 0 -> 1",
	    { { OLD, SET, FT, "schema.is_unique", "0" },
		{ NEW, SET, FT, "schema.is_unique", "1" } },
	    "field-unique-added", SEV_DANGEROUS, "title", "schema.is_unique",
	    NULL },
	{ "an integer that is not 0/1 stays an integer",
	    { { NEW, SET, FT, "meta.hidden", "2" } }, "field-meta-changed",
	    SEV_COSMETIC, "title", "meta.hidden", NULL },
	{ "on_update null is NO ACTION",
	    { { NEW, SET, "relation:articles.author", "schema.on_update",
		"null" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "allowed collections reordered",
	    { { NEW, SET, "relation:articles_blocks.item",
		"meta.one_allowed_collections", "['gallery', 'hero']" } },
	    NULL, 0, NULL, NULL, NULL },
	{ "deselect action absent is nullify",
	    { { OLD, DEL, "relation:articles.author",
		"meta.one_deselect_action", NULL } },
	    NULL, 0, NULL, NULL, NULL },
	{ "system fields only on one side",
	    { { NEW, ADD, "systemFields", NULL,
		"{'collection': 'directus_activity',"
		" 'field': 'timestamp', 'schema': {'is_indexed': true}}" } },
	    NULL, 0, NULL, NULL, NULL },

	/* collections */
	{ "collection-removed",
	    { { NEW, DEL, "collection:articles_blocks", NULL, NULL },
		{ NEW, DEL, "field:articles_blocks.id", NULL, NULL },
		{ NEW, DEL, "field:articles_blocks.item", NULL, NULL },
		{ NEW, DEL, "field:articles_blocks.collection", NULL, NULL },
		{ NEW, DEL, "relation:articles_blocks.item", NULL, NULL } },
	    "collection-removed", SEV_BREAKING, NULL, NULL,
	    "collection articles_blocks was removed with its 3 fields and 1 "
	    "relation" },
	{ "collection-added",
	    { { NEW, ADD, "collections", NULL,
		  "{'collection': 'tags', 'meta': {},"
		  " 'schema': {'name': 'tags'}}" },
		{ NEW, ADD, "fields", NULL,
		    "{'collection': 'tags', 'field': 'id',"
		    " 'type': 'uuid', 'meta': {'required': true}, 'schema':"
		    " {'name': 'id', 'is_primary_key': true, 'is_nullable': "
		    "false}}" } },
	    "collection-added", SEV_SAFE, NULL, NULL,
	    "collection tags was added with 1 field and 0 relations" },
	{ "folder-removed", { { NEW, DEL, "collection:blocks", NULL, NULL } },
	    "folder-removed", SEV_COSMETIC, NULL, NULL,
	    "folder blocks was removed" },
	{ "folder-added",
	    { { NEW, ADD, "collections", NULL,
		"{'collection': 'site', 'meta': "
		"{'icon': 'folder'}, 'schema': null}" } },
	    "folder-added", SEV_COSMETIC, NULL, NULL, "folder site was added" },
	{ "collection-became-folder",
	    { { NEW, DEL, "collection:articles_blocks", "schema", NULL },
		{ NEW, DEL, "field:articles_blocks.id", NULL, NULL },
		{ NEW, DEL, "field:articles_blocks.item", NULL, NULL },
		{ NEW, DEL, "field:articles_blocks.collection", NULL, NULL },
		{ NEW, DEL, "relation:articles_blocks.item", NULL, NULL } },
	    "collection-became-folder", SEV_BREAKING, NULL, "schema",
	    "collection articles_blocks lost its table and became a folder: "
	    "its items and endpoint are gone" },
	{ "folder-became-collection",
	    { { NEW, SET, "collection:blocks", "schema.name", "'blocks'" },
		{ NEW, ADD, "fields", NULL,
		    "{'collection': 'blocks', 'field': 'id',"
		    " 'type': 'integer', 'meta': {}, 'schema': {'name': 'id',"
		    " 'is_nullable': false}}" } },
	    "folder-became-collection", SEV_SAFE, NULL, "schema",
	    "folder blocks got a table and became a collection" },
	{ "collection-singleton-changed",
	    { { NEW, SET, "collection:authors", "meta.singleton", "true" } },
	    "collection-singleton-changed", SEV_BREAKING, NULL,
	    "meta.singleton", "meta.singleton of authors was turned on" },
	{ "collection-tracking-changed",
	    { { NEW, SET, "collection:authors", "meta", "null" } },
	    "collection-tracking-changed", SEV_SAFE, NULL, "meta",
	    "collection authors is no longer managed by Directus "
	    "(meta: null)" },
	{ "collection-meta-changed",
	    { { NEW, SET, "collection:articles", "meta.icon", "'newspaper'" } },
	    "collection-meta-changed", SEV_COSMETIC, NULL, "meta.icon",
	    "meta.icon of articles changed from \"article\" to "
	    "\"newspaper\"" },
	{ "collection-meta-changed: note null to text",
	    { { NEW, SET, "collection:articles", "meta.note", "'hello'" } },
	    "collection-meta-changed", SEV_COSMETIC, NULL, "meta.note", NULL },
	{ "collection-accountability-changed",
	    { { NEW, SET, "collection:articles", "meta.accountability",
		"null" } },
	    "collection-accountability-changed", SEV_SAFE, NULL,
	    "meta.accountability",
	    "meta.accountability of articles changed "
	    "from \"all\" to null" },
	{ "collection-status-changed",
	    { { BOTH, SET, "collection:articles", "meta.status", "'active'" },
		{ NEW, SET, "collection:articles", "meta.status",
		    "'inactive'" } },
	    "collection-status-changed", SEV_DANGEROUS, NULL, "meta.status",
	    NULL },

	/* fields: presence */
	{ "field-removed", { { NEW, DEL, FT, NULL, NULL } }, "field-removed",
	    SEV_BREAKING, "title", NULL, "field articles.title was removed" },
	{ "field-removed (o2m alias)",
	    { { NEW, DEL, "field:authors.articles", NULL, NULL } },
	    "field-removed", SEV_BREAKING, "articles", NULL, NULL },
	{ "field-presentation-removed",
	    { { NEW, DEL, "field:articles.divider", NULL, NULL } },
	    "field-presentation-removed", SEV_COSMETIC, "divider", NULL,
	    "presentation field articles.divider was removed (Data Studio "
	    "only)" },
	{ "field-presentation-added",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': "
		"'notice', 'type': 'alias', 'meta': {'special': ['alias', "
		"'no-data']}}" } },
	    "field-presentation-added", SEV_COSMETIC, "notice", NULL, NULL },
	{ "field-added",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': "
		"'subtitle', 'type': 'text', 'meta': {'required': false}, "
		"'schema': {'name': 'subtitle', 'data_type': 'text', "
		"'is_nullable': true}}" } },
	    "field-added", SEV_SAFE, "subtitle", NULL,
	    "field articles.subtitle was added" },
	{ "field-added: NOT NULL filled by Directus",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': "
		"'date_created', 'type': 'timestamp', 'meta': {'special': "
		"['date-created']}, 'schema': {'name': 'date_created', "
		"'is_nullable': false, 'default_value': null}}" } },
	    "field-added", SEV_SAFE, "date_created", NULL, NULL },
	{ "field-added (meta.required, nullable: the API accepts creates)",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': 'sku',"
		" 'type': 'string', 'meta': {'required': true}, 'schema': "
		"{'name': 'sku', 'is_nullable': true}}" } },
	    "field-added", SEV_SAFE, "sku", NULL,
	    "field articles.sku was added" },
	{ "field-added-required (NOT NULL as 0, MySQL)",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': 'sku',"
		" 'type': 'string', 'meta': {'required': 1}, 'schema': "
		"{'name': 'sku', 'is_nullable': 0, 'default_value': null}}" } },
	    "field-added-required", SEV_BREAKING, "sku", NULL, NULL },
	{ "field-added (NOT NULL, no default, generated)",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': 'slug',"
		" 'type': 'string', 'meta': {}, 'schema': {'name': 'slug', "
		"'is_nullable': false, 'default_value': null, "
		"'is_generated': true}}" } },
	    "field-added", SEV_SAFE, "slug", NULL, NULL },
	{ "field-added-required (NOT NULL, no default)",
	    { { NEW, ADD, "fields", NULL,
		"{'collection': 'articles', 'field': 'sku',"
		" 'type': 'string', 'meta': {}, 'schema': {'name': 'sku', "
		"'is_nullable': false, 'default_value': null}}" } },
	    "field-added-required", SEV_BREAKING, "sku", NULL,
	    "NOT NULL field articles.sku without a default was added: creates "
	    "that omit it are now rejected" },
	{ "field-renamed",
	    { { NEW, DEL, FT, NULL, NULL },
		{ NEW, ADD, "fields", NULL,
		    "{'collection': 'articles', 'field': "
		    "'headline', 'type': 'string', 'meta': {'interface': "
		    "'input'},"
		    " 'schema': {'name': 'headline', 'table': 'articles', "
		    "'data_type': 'character varying', 'default_value': null, "
		    "'max_length': 255, 'numeric_precision': null, "
		    "'numeric_scale': null, 'is_nullable': true, 'is_unique': "
		    "false, 'is_primary_key': false, 'is_generated': false, "
		    "'generation_expression': null, 'has_auto_increment': "
		    "false, "
		    "'foreign_key_table': null, 'foreign_key_column': "
		    "null}}" } },
	    "field-renamed", SEV_BREAKING, "title", NULL,
	    "field articles.title was removed and articles.headline added "
	    "with the same type and schema: possibly renamed" },

	/* fields: type */
	{ "field-type-changed",
	    { { NEW, SET, "field:articles.price", "type", "'float'" },
		{ NEW, SET, "field:articles.price", "schema.data_type",
		    "'real'" },
		{ NEW, SET, "field:articles.price", "schema.numeric_precision",
		    "24" },
		{ NEW, SET, "field:articles.price", "schema.numeric_scale",
		    "null" } },
	    "field-type-changed", SEV_BREAKING, "price", "type",
	    "type of articles.price changed from \"decimal\" to \"float\" "
	    "(numeric string became number)" },
	{ "field-type-changed (integer to string respells the default)",
	    { { BOTH, SET, "field:articles.author", "schema.default_value",
		  "0" },
		{ NEW, SET, "field:articles.author", "type", "'string'" },
		{ NEW, SET, "field:articles.author", "schema.data_type",
		    "'character varying'" },
		{ NEW, SET, "field:articles.author", "schema.default_value",
		    "'0'" },
		{ NEW, SET, "field:articles.author", "schema.max_length",
		    "255" } },
	    "field-type-changed", SEV_BREAKING, "author", "type",
	    "type of articles.author changed from \"integer\" to \"string\" "
	    "(number became string)" },
	{ "field-type-changed (column to alias)",
	    { { NEW, SET, FT, "type", "'alias'" },
		{ NEW, DEL, FT, "schema", NULL } },
	    "field-type-changed", SEV_BREAKING, "title", "type",
	    "articles.title changed from a column to an alias: its data is "
	    "read and written differently" },
	{ "field-type-changed-compatible",
	    { { NEW, SET, FT, "type", "'text'" },
		{ NEW, SET, FT, "schema.data_type", "'text'" },
		{ NEW, SET, FT, "schema.max_length", "null" } },
	    "field-type-changed-compatible", SEV_DANGEROUS, "title", "type",
	    "type of articles.title changed from \"string\" to \"text\" "
	    "(string, the same JSON representation)" },

	/* fields: meta */
	/* issue 10 item 3: the Data Studio enforces meta.required, not the API */
	{ "field-required-added", { { NEW, SET, FT, "meta.required", "true" } },
	    "field-required-added", SEV_SAFE, "title", "meta.required",
	    "articles.title became required in the Data Studio "
	    "(meta.required): the API does not enforce it, creates that omit "
	    "it still succeed" },
	{ "field-required-removed",
	    { { OLD, SET, FT, "meta.required", "true" } },
	    "field-required-removed", SEV_SAFE, "title", "meta.required",
	    "articles.title is no longer required" },
	{ "field-readonly-changed",
	    { { NEW, SET, FT, "meta.readonly", "true" } },
	    "field-readonly-changed", SEV_COSMETIC, "title", "meta.readonly",
	    "meta.readonly of articles.title was turned on" },
	{ "field-validation-changed",
	    { { NEW, SET, FT, "meta.validation",
		"{'title': {'_nempty': true}}" } },
	    "field-validation-changed", SEV_DANGEROUS, "title",
	    "meta.validation", NULL },
	{ "field-meta-changed (validation_message)",
	    { { NEW, SET, FT, "meta.validation_message", "'too short'" } },
	    "field-meta-changed", SEV_COSMETIC, "title",
	    "meta.validation_message", NULL },
	{ "field-conditions-changed",
	    { { NEW, SET, FT, "meta.conditions",
		"[{'rule': {}, 'hidden': true}]" } },
	    "field-conditions-changed", SEV_DANGEROUS, "title",
	    "meta.conditions", NULL },
	{ "field-special-changed",
	    { { NEW, SET, "field:articles.published", "meta.special",
		"null" } },
	    "field-special-changed", SEV_DANGEROUS, "published", "meta.special",
	    "special flags of articles.published changed from "
	    "[\"cast-boolean\"] to null: values may be cast or generated "
	    "differently" },
	/* issue 10 item 4: choices compared by value */
	{ "field-choices-changed",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Draft', 'value': 'draft'}]" } },
	    "field-choices-changed", SEV_DANGEROUS, "status",
	    "meta.options.choices",
	    "choices of articles.status lost the value \"live\": stored "
	    "values or front-end code may no longer match" },
	{ "field-choices-changed (removed and added)",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Draft', 'value': 'draft'}, {'text': 'Out', "
		"'value': 'archived'}, {'text': 'Gone', 'value': 0}]" } },
	    "field-choices-changed", SEV_DANGEROUS, "status",
	    "meta.options.choices",
	    "choices of articles.status lost the value \"live\" and gained "
	    "\"archived\", 0: stored values or front-end code may no longer "
	    "match" },
	{ "field-choices-changed (choices removed)",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"null" } },
	    "field-choices-changed", SEV_DANGEROUS, "status",
	    "meta.options.choices",
	    "choices of articles.status lost the values \"draft\", \"live\": "
	    "stored values or front-end code may no longer match" },
	{ "field-choices-changed (not comparable by value)",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Draft'}]" } },
	    "field-choices-changed", SEV_DANGEROUS, "status",
	    "meta.options.choices", NULL },
	{ "field-choices-added",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Draft', 'value': 'draft'}, {'text': 'Live', "
		"'value': 'live'}, {'text': 'Old', 'value': 'archived'}]" } },
	    "field-choices-added", SEV_SAFE, "status", "meta.options.choices",
	    "choices of articles.status gained the value \"archived\"" },
	{ "field-choices-relabelled",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Brouillon', 'value': 'draft', 'color': '#FF0000'},"
		" {'text': 'En ligne', 'value': 'live', 'icon': 'public'}]" } },
	    "field-choices-relabelled", SEV_COSMETIC, "status",
	    "meta.options.choices",
	    "the choices of articles.status changed their text, colors, icons "
	    "or order, not their values (Data Studio only)" },
	{ "field-choices-relabelled (reordered)",
	    { { NEW, SET, "field:articles.status", "meta.options.choices",
		"[{'text': 'Live', 'value': 'live'}, {'text': 'Draft', "
		"'value': 'draft'}]" } },
	    "field-choices-relabelled", SEV_COSMETIC, "status",
	    "meta.options.choices", NULL },
	/* issue 10 item 8 */
	{ "field-relation-type-changed (o2m to m2m)",
	    { { NEW, SET, "field:authors.articles", "meta.special",
		"['m2m']" } },
	    "field-relation-type-changed", SEV_BREAKING, "articles",
	    "meta.special",
	    "authors.articles changed from o2m to m2m: its API value changes "
	    "between related ids and junction ids" },
	{ "field-relation-type-changed (m2a to o2m)",
	    { { NEW, SET, "field:articles.blocks", "meta.special",
		"['o2m']" } },
	    "field-relation-type-changed", SEV_BREAKING, "blocks",
	    "meta.special", NULL },
	{ "field-special-changed (m2m to m2a, both junctions)",
	    { { BOTH, SET, "field:authors.articles", "meta.special",
		  "['m2m']" },
		{ NEW, SET, "field:authors.articles", "meta.special",
		    "['m2a']" } },
	    "field-special-changed", SEV_DANGEROUS, "articles", "meta.special",
	    NULL },
	{ "field-meta-changed (options)",
	    { { NEW, SET, "field:articles.status", "meta.options.placeholder",
		"'choose'" } },
	    "field-meta-changed", SEV_COSMETIC, "status", "meta.options",
	    "interface options of articles.status changed (Data Studio "
	    "only)" },
	{ "field-meta-changed (width)",
	    { { NEW, SET, FT, "meta.width", "'half'" } }, "field-meta-changed",
	    SEV_COSMETIC, "title", "meta.width",
	    "meta.width of articles.title changed from \"full\" to "
	    "\"half\"" },
	{ "field-tracking-changed", { { NEW, SET, FT, "meta", "null" } },
	    "field-tracking-changed", SEV_SAFE, "title", "meta",
	    "field articles.title is no longer managed by Directus "
	    "(meta: null)" },

	/* fields: schema */
	{ "field-not-null-added",
	    { { NEW, SET, FT, "schema.is_nullable", "false" } },
	    "field-not-null-added", SEV_BREAKING, "title", "schema.is_nullable",
	    "articles.title became NOT NULL without a "
	    "default: creates that omit it are now rejected" },
	{ "field-not-null-added-with-default",
	    { { BOTH, SET, FT, "schema.default_value", "'untitled'" },
		{ NEW, SET, FT, "schema.is_nullable", "false" } },
	    "field-not-null-added-with-default", SEV_DANGEROUS, "title",
	    "schema.is_nullable",
	    "articles.title became NOT NULL (default "
	    "\"untitled\"): writes of null are now rejected" },
	{ "field-nullable-added",
	    { { NEW, SET, "field:articles.status", "schema.is_nullable",
		"true" } },
	    "field-nullable-added", SEV_DANGEROUS, "status",
	    "schema.is_nullable",
	    "articles.status became nullable: readers "
	    "may now get null" },
	{ "field-max-length-reduced",
	    { { NEW, SET, FT, "schema.max_length", "100" } },
	    "field-max-length-reduced", SEV_DANGEROUS, "title",
	    "schema.max_length",
	    "max length of articles.title was reduced "
	    "from 255 to 100: longer values will be rejected" },
	{ "field-max-length-increased",
	    { { NEW, SET, FT, "schema.max_length", "500" } },
	    "field-max-length-increased", SEV_SAFE, "title",
	    "schema.max_length",
	    "max length of articles.title was increased "
	    "from 255 to 500" },
	{ "field-precision-reduced",
	    { { NEW, SET, "field:articles.price", "schema.numeric_precision",
		"8" } },
	    "field-precision-reduced", SEV_DANGEROUS, "price",
	    "schema.numeric_precision",
	    "numeric precision of articles.price "
	    "was reduced from 10 to 8: larger or more precise values will be "
	    "rejected or rounded" },
	{ "field-precision-increased",
	    { { NEW, SET, "field:articles.price", "schema.numeric_scale",
		"4" } },
	    "field-precision-increased", SEV_SAFE, "price",
	    "schema.numeric_scale",
	    "numeric scale of articles.price was "
	    "increased from 2 to 4" },
	{ "field-unique-added",
	    { { NEW, SET, FT, "schema.is_unique", "true" } },
	    "field-unique-added", SEV_DANGEROUS, "title", "schema.is_unique",
	    "articles.title became unique: duplicate values are now rejected" },
	{ "field-unique-removed",
	    { { OLD, SET, FT, "schema.is_unique", "true" } },
	    "field-unique-removed", SEV_SAFE, "title", "schema.is_unique",
	    "articles.title is no longer unique" },
	{ "field-default-changed",
	    { { NEW, SET, "field:articles.status", "schema.default_value",
		"'live'" } },
	    "field-default-changed", SEV_DANGEROUS, "status",
	    "schema.default_value",
	    "default of articles.status changed from "
	    "\"draft\" to \"live\": creates that omit it store a different "
	    "value" },
	{ "field-primary-key-changed",
	    { { NEW, SET, FT, "schema.is_primary_key", "true" } },
	    "field-primary-key-changed", SEV_BREAKING, "title",
	    "schema.is_primary_key", NULL },
	{ "field-auto-increment-changed",
	    { { NEW, SET, "field:articles.id", "schema.has_auto_increment",
		"false" } },
	    "field-auto-increment-changed", SEV_BREAKING, "id",
	    "schema.has_auto_increment", NULL },
	{ "field-foreign-key-changed",
	    { { NEW, SET, "field:articles.author", "schema.foreign_key_column",
		"'uid'" } },
	    "field-foreign-key-changed", SEV_BREAKING, "author",
	    "schema.foreign_key_column", NULL },
	{ "field-index-changed",
	    { { NEW, SET, FT, "schema.is_indexed", "true" } },
	    "field-index-changed", SEV_SAFE, "title", "schema.is_indexed",
	    NULL },
	{ "field-data-type-changed",
	    { { NEW, SET, FT, "schema.data_type", "'text'" } },
	    "field-data-type-changed", SEV_DANGEROUS, "title",
	    "schema.data_type",
	    "database type of articles.title changed from "
	    "\"character varying\" to \"text\"" },
	{ "field-generated-changed",
	    { { NEW, SET, FT, "schema.is_generated", "true" } },
	    "field-generated-changed", SEV_DANGEROUS, "title",
	    "schema.is_generated", NULL },

	/* relations */
	{ "relation-removed",
	    { { NEW, DEL, "relation:articles.author", NULL, NULL } },
	    "relation-removed", SEV_BREAKING, "author", NULL,
	    "relation articles.author -> \"authors\" was removed" },
	{ "relation-added",
	    { { NEW, ADD, "relations", NULL,
		"{'collection': 'articles', 'field': "
		"'editor', 'related_collection': 'authors', 'meta': {}}" } },
	    "relation-added", SEV_SAFE, "editor", NULL, NULL },
	{ "relation-target-changed",
	    { { NEW, SET, "relation:articles.author", "related_collection",
		  "'directus_users'" },
		{ NEW, SET, "relation:articles.author", "meta.one_collection",
		    "'directus_users'" },
		{ NEW, SET, "relation:articles.author",
		    "schema.foreign_key_table", "'directus_users'" } },
	    "relation-target-changed", SEV_BREAKING, "author",
	    "related_collection",
	    "relation articles.author now points to "
	    "\"directus_users\" instead of \"authors\"" },
	{ "relation-on-delete-changed",
	    { { NEW, SET, "relation:articles.author", "schema.on_delete",
		"'CASCADE'" } },
	    "relation-on-delete-changed", SEV_DANGEROUS, "author",
	    "schema.on_delete",
	    "ON DELETE of relation articles.author "
	    "changed from \"SET NULL\" to \"CASCADE\"" },
	{ "relation-on-update-changed",
	    { { NEW, SET, "relation:articles.author", "schema.on_update",
		"'CASCADE'" } },
	    "relation-on-update-changed", SEV_DANGEROUS, "author",
	    "schema.on_update", NULL },
	{ "relation-junction-changed",
	    { { NEW, SET, "relation:articles_blocks.item",
		"meta.junction_field", "'article'" } },
	    "relation-junction-changed", SEV_BREAKING, "item",
	    "meta.junction_field", NULL },
	{ "relation-allowed-collections-changed",
	    { { NEW, SET, "relation:articles_blocks.item",
		"meta.one_allowed_collections", "['hero']" } },
	    "relation-allowed-collections-changed", SEV_BREAKING, "item",
	    "meta.one_allowed_collections",
	    "many-to-any relation "
	    "articles_blocks.item no longer accepts some collections: "
	    "[\"hero\",\"gallery\"] became [\"hero\"]" },
	{ "relation-allowed-collections-added",
	    { { NEW, SET, "relation:articles_blocks.item",
		"meta.one_allowed_collections",
		"['hero', 'gallery', 'quote']" } },
	    "relation-allowed-collections-added", SEV_SAFE, "item",
	    "meta.one_allowed_collections", NULL },
	{ "relation-deselect-action-changed",
	    { { NEW, SET, "relation:articles.author",
		"meta.one_deselect_action", "'delete'" } },
	    "relation-deselect-action-changed", SEV_DANGEROUS, "author",
	    "meta.one_deselect_action",
	    "deselect action of relation "
	    "articles.author changed from nullify to delete" },
	{ "relation-one-field-changed",
	    { { NEW, SET, "relation:articles.author", "meta.one_field",
		"'posts'" } },
	    "relation-one-field-changed", SEV_BREAKING, "author",
	    "meta.one_field", NULL },
	{ "relation-one-field-added",
	    { { OLD, SET, "relation:articles.author", "meta.one_field",
		"null" } },
	    "relation-one-field-added", SEV_SAFE, "author", "meta.one_field",
	    NULL },
	{ "relation-meta-changed",
	    { { NEW, SET, "relation:articles.author", "meta.sort_field",
		"'sort'" } },
	    "relation-meta-changed", SEV_COSMETIC, "author", "meta.sort_field",
	    NULL },
	{ "relation-constraint-name-changed",
	    { { NEW, SET, "relation:articles.author", "schema.constraint_name",
		"'fk_1'" } },
	    "relation-constraint-name-changed", SEV_COSMETIC, "author",
	    "schema.constraint_name", NULL },
	{ "relation-constraint-removed",
	    { { NEW, DEL, "relation:articles.author", "schema", NULL } },
	    "relation-constraint-removed", SEV_SAFE, "author", "schema", NULL },
	{ "relation-constraint-added",
	    { { NEW, SET, "relation:articles_blocks.item", "schema.table",
		"'articles_blocks'" } },
	    "relation-constraint-added", SEV_DANGEROUS, "item", "schema",
	    NULL },
	{ "relation-tracking-changed",
	    { { OLD, SET, "relation:articles.author", "meta", "null" } },
	    "relation-tracking-changed", SEV_SAFE, "author", "meta",
	    "relation articles.author is now managed by Directus (it had "
	    "meta: null)" },

	/* system fields */
	{ "system-index-removed",
	    { { BOTH, ADD, "systemFields", NULL,
		  "{'collection': 'directus_activity',"
		  " 'field': 'timestamp', 'schema': {'is_indexed': true}}" },
		{ NEW, SET, "system:directus_activity.timestamp",
		    "schema.is_indexed", "false" } },
	    "system-index-removed", SEV_SAFE, "timestamp", "schema.is_indexed",
	    "the index on system field "
	    "directus_activity.timestamp was removed" },
	{ "system-index-added",
	    { { BOTH, ADD, "systemFields", NULL,
		  "{'collection': 'directus_activity',"
		  " 'field': 'timestamp', 'schema': {'is_indexed': true}}" },
		{ NEW, ADD, "systemFields", NULL,
		    "{'collection': 'directus_revisions',"
		    " 'field': 'parent', 'schema': {'is_indexed': true}}" } },
	    "system-index-added", SEV_SAFE, "parent", "schema.is_indexed",
	    NULL },
};

/* every rule in the table has a case above that triggers it alone */
/* rules no diff makes: emit.c adds types-stale (test_emit.c, e2e/types.sh) */
static const char *const non_diff_rules[] = { "types-stale" };

static void
test_every_rule_has_a_case(void **state)
{
	const struct rule *t;
	size_t n, i, j;

	(void)state;
	t = rules_table(&n);
	for (i = 0; i < n; i++) {
		int found = 0;

		/* front-end findings come from usage_join (test_usage_join) */
		if (t[i].entity == ENT_FRONTEND)
			continue;
		for (j = 0; j < DRIFT_ARRAY_LEN(cases); j++)
			if (cases[j].rule != NULL &&
			    strcmp(cases[j].rule, t[i].id) == 0)
				found = 1;
		for (j = 0; j < DRIFT_ARRAY_LEN(non_diff_rules); j++)
			if (strcmp(non_diff_rules[j], t[i].id) == 0)
				found = 1;
		if (!found)
			fail_msg("rule %s has no test case", t[i].id);
	}
}

static void
test_fold_old_value(void **state)
{
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	const struct tnode *fields;
	struct run r;

	(void)state;
	jremove(n, "collection:articles");
	jremove(n, "field:articles.id");
	jremove(n, "field:articles.title");
	jremove(n, "field:articles.status");
	jremove(n, "field:articles.price");
	jremove(n, "field:articles.published");
	jremove(n, "field:articles.author");
	jremove(n, "field:articles.divider");
	jremove(n, "field:articles.blocks");
	jremove(n, "relation:articles.author");
	run_docs(o, n, &r);
	/* the m2o's o2m alias on authors stays: the relation is folded */
	if (r.cs.n != 1)
		dump(&r.cs);
	assert_int_equal(r.cs.n, 1);
	assert_string_equal(r.cs.v[0].rule->id, "collection-removed");
	assert_string_equal(r.cs.v[0].message,
	    "collection articles was "
	    "removed with its 8 fields and 1 relation");
	fields = tnode_get(r.cs.v[0].old_value, "fields");
	assert_non_null(fields);
	assert_int_equal(fields->kind, TN_SEQ);
	assert_int_equal(fields->u.seq.n, 8);
	assert_string_equal(tnode_str(&fields->u.seq.v[0]), "author");
	assert_string_equal(
	    tnode_str(tnode_get(r.cs.v[0].old_value, "collection")),
	    "articles");
	assert_null(r.cs.v[0].new_value);
	assert_string_equal(r.cs.v[0].loc_origin, "old.yaml");
	run_free(&r);
}

/* the index of the first note containing needle, or cs->nnotes */
static size_t
note_with(const struct changeset *cs, const char *needle)
{
	size_t i;

	for (i = 0; i < cs->nnotes; i++)
		if (strstr(cs->notes[i], needle) != NULL)
			break;
	return i;
}

/*
 * A live side rebuilt with a non-admin token (--least-privilege): what it
 * lacks is never a change (issue 10 item 9): one note names what this
 * token cannot see, and no rename is inferred.
 */
static void
test_filtered_live(void **state)
{
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	struct changeset init = CHANGESET_INIT;
	struct run r;
	size_t i;

	(void)state;
	jremove(n, "collection:articles");
	jremove(n, "field:articles.id");
	jremove(n, "field:articles.title");
	jremove(n, "field:articles.status");
	jremove(n, "field:articles.price");
	jremove(n, "field:articles.published");
	jremove(n, "field:articles.author");
	jremove(n, "field:articles.divider");
	jremove(n, "field:articles.blocks");
	jremove(n, "relation:articles.author");
	/* a system field the token cannot read: no index was removed */
	jappend(o, "systemFields",
	    jq("{'collection': 'directus_revisions', "
	       "'field': 'parent', 'schema': {'is_indexed': true}}"));
	json_object_set_new(n, "systemFields", json_array());
	r.cs = init;
	r.o = jsnap(o, "schema.yaml");
	r.n = jsnap(n, "https://cms.example.com");
	json_decref(o);
	json_decref(n);
	r.n->filtered = 1;
	assert_int_equal(diff_snapshots(r.o, r.n, &r.cs), 0);
	if (r.cs.n != 0)
		dump(&r.cs);
	assert_int_equal(r.cs.n, 0);
	/* the collection's fields and relation fold into it: one name */
	i = note_with(&r.cs, "not visible to this token");
	assert_true(i < r.cs.nnotes);
	assert_string_equal(r.cs.notes[i],
	    "1 entry of schema.yaml is not visible to this token on "
	    "https://cms.example.com (removed, or hidden by its permissions; "
	    "not reported as changes): collection articles");
	assert_true(note_with(&r.cs, "may not see everything") < r.cs.nnotes);
	assert_int_equal(note_with(&r.cs, "before Directus 9.23"), r.cs.nnotes);
	run_free(&r);

	o = jq(BASE_SNAPSHOT);
	n = jq(BASE_SNAPSHOT);
	/* like a rebuild from /fields: no vendor key */
	json_object_del(n, "vendor");
	jremove(n, "field:articles.price");
	jremove(n, "field:articles.title");
	jremove(n, "field:articles.divider");
	jremove(n, "relation:articles.author");
	/* an added column of title's shape: still no rename */
	jappend(n, "fields",
	    jq("{'collection': 'articles', 'field': 'headline', 'type': "
	       "'string', 'meta': {}, 'schema': {'name': 'headline', "
	       "'table': 'articles', 'data_type': 'character varying', "
	       "'default_value': null, 'max_length': 255, "
	       "'numeric_precision': null, 'numeric_scale': null, "
	       "'is_nullable': true, 'is_unique': false, 'is_indexed': false, "
	       "'is_primary_key': false, 'is_generated': false, "
	       "'generation_expression': null, 'has_auto_increment': false, "
	       "'foreign_key_table': null, 'foreign_key_column': null}}"));
	r.cs = init;
	r.o = jsnap(o, "schema.yaml");
	r.n = jsnap(n, "live");
	json_decref(o);
	json_decref(n);
	r.n->filtered = 1;
	assert_int_equal(diff_snapshots(r.o, r.n, &r.cs), 0);
	if (r.cs.n != 1)
		dump(&r.cs);
	assert_int_equal(r.cs.n, 1);
	assert_string_equal(r.cs.v[0].rule->id, "field-added");
	i = note_with(&r.cs, "not visible to this token");
	assert_true(i < r.cs.nnotes);
	assert_string_equal(r.cs.notes[i],
	    "4 entries of schema.yaml are not visible to this token on live "
	    "(removed, or hidden by its permissions; not reported as "
	    "changes): field articles.divider, field articles.price, field "
	    "articles.title, relation articles.author");
	assert_true(note_with(&r.cs,
			"live was rebuilt without admin "
			"access, which does not reveal the database vendor; "
			"its "
			"data types look like postgres") < r.cs.nnotes);
	assert_int_equal(note_with(&r.cs, "before Directus 9.23"), r.cs.nnotes);
	run_free(&r);
}

/*
 * Untracked entries (meta: null) that one side's Directus version writes
 * and the other's does not (issue 10 item 7): not added or removed, one
 * note; when both versions write them, or the versions are the same, a
 * missing one is a real change.
 */
static void
test_untracked_versions(void **state)
{
	static const char *const untracked_field =
	    "{'collection': 'articles', 'field': 'legacy', 'type': 'string', "
	    "'meta': null, 'schema': {'name': 'legacy', 'table': 'articles', "
	    "'data_type': 'text', 'is_nullable': true}}";
	static const char *const untracked_rel =
	    "{'collection': 'authors', 'field': 'name', 'related_collection': "
	    "'articles', 'meta': null, 'schema': {'table': 'authors', "
	    "'column': 'name', 'foreign_key_table': 'articles', "
	    "'foreign_key_column': 'id', 'on_delete': 'SET NULL'}}";
	json_t *o, *n;
	struct run r;
	size_t i;
	int pass;

	(void)state;
	for (pass = 0; pass < 4; pass++) {
		o = jq(BASE_SNAPSHOT);
		n = jq(BASE_SNAPSHOT);
		json_object_set_new(o, "directus", json_string("9.1.1"));
		json_object_set_new(
		    n, "directus", json_string(pass == 2 ? "9.1.1" : "9.4.3"));
		jappend(o, "fields", jq(untracked_field));
		jappend(o, "relations", jq(untracked_rel));
		if (pass == 1) /* the new side writes untracked entries too */
			jappend(n, "collections",
			    jq("{'collection': 'goose', 'meta': null, "
			       "'schema': {'name': 'goose'}}"));
		if (pass == 3) { /* the other direction: added on the new */
			json_t *t = o;

			o = n;
			n = t;
		}
		run_docs(o, n, &r);
		if (pass == 0 || pass == 3) {
			if (r.cs.n != 0)
				dump(&r.cs);
			assert_int_equal(r.cs.n, 0);
			i = note_with(&r.cs, "untracked entries");
			assert_true(i < r.cs.nnotes);
			assert_string_equal(r.cs.notes[i],
			    "2 untracked entries (meta: null) on one side "
			    "only are not compared, because the other side's "
			    "Directus version writes none: field "
			    "articles.legacy, relation authors.name");
		} else {
			/* pass 1: goose added; 2: same version */
			assert_int_equal(r.cs.n, pass == 1 ? 3u : 2u);
			for (i = 0; i < r.cs.n; i++)
				assert_true(strcmp(r.cs.v[i].rule->id,
						"field-removed") == 0 ||
				    strcmp(r.cs.v[i].rule->id,
					"relation-removed") == 0 ||
				    strcmp(r.cs.v[i].rule->id,
					"collection-added") == 0);
			assert_int_equal(
			    note_with(&r.cs, "untracked entries"), r.cs.nnotes);
		}
		run_free(&r);
	}
}

/*
 * Long values (issue 10 item 2): the message shows the part that
 * differs, on both sides, and never cuts a UTF-8 sequence.
 */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t k,
		    len = *p < 0x80       ? 1
		    : (*p & 0xE0) == 0xC0 ? 2
		    : (*p & 0xF0) == 0xE0 ? 3
		    : (*p & 0xF8) == 0xF0 ? 4
					  : 0;

		if (len == 0)
			return 0;
		for (k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				return 0;
		p += len;
	}
	return 1;
}

static void
test_long_values(void **state)
{
	/* 60 bytes of "é" (2 bytes each) before and after the change */
	static const char *const pad =
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9";
	char ov[512], nv[512];
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	struct run r;
	const char *m;
	size_t off;

	(void)state;
	snprintf(ov, sizeof(ov), "'%sr\u00e9sum\u00e9 court%s'", pad, pad);
	snprintf(nv, sizeof(nv), "'%sr\u00e9sum\u00e9 long%s'", pad, pad);
	jset(o, FT, "meta.note", jq(ov));
	jset(n, FT, "meta.note", jq(nv));
	/* a long validation rule that differs only near its end */
	jset(o, FT, "meta.validation",
	    jq("{'_and': [{'title': {'_nempty': true}}, {'title': "
	       "{'_regex': '^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+$'}}, {'status': "
	       "{'_in': ['draft', 'live']}}]}"));
	jset(n, FT, "meta.validation",
	    jq("{'_and': [{'title': {'_nempty': true}}, {'title': "
	       "{'_regex': '^[A-Z][a-z]+ [a-z]+ [a-z]+ [a-z]+$'}}, {'status': "
	       "{'_in': ['draft', 'published']}}]}"));
	run_docs(o, n, &r);
	assert_int_equal(r.cs.n, 2);
	/* sorted by rule: field-meta-changed, field-validation-changed */
	m = r.cs.v[0].message;
	assert_true(valid_utf8(m));
	assert_non_null(strstr(m, "court"));
	assert_non_null(strstr(m, "long"));
	assert_non_null(strstr(m, "..."));
	assert_true(strlen(m) < 300);
	m = r.cs.v[1].message;
	assert_string_equal(r.cs.v[1].rule->id, "field-validation-changed");
	assert_true(valid_utf8(m));
	assert_non_null(strstr(m, "\"live\""));
	assert_non_null(strstr(m, "\"published\""));
	/* both sides are cut at the same place, before the difference */
	off = (size_t)(strstr(m, " to ") - m);
	assert_true(off > 0);
	assert_non_null(strstr(
	    m, " from ...tatus\":{\"_in\":[\"draft\",\"live\"]}}]} to "));
	assert_non_null(strstr(
	    m + off, " to ...tatus\":{\"_in\":[\"draft\",\"published\"]}}]}"));
	run_free(&r);
}

/* two removed and two added columns of one shape: not called renames */
static void
test_rename_ambiguous(void **state)
{
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	struct run r;

	(void)state;
	jremove(n, "field:articles_blocks.item");
	jremove(n, "field:articles_blocks.collection");
	jappend(n, "fields",
	    jq("{'collection': 'articles_blocks', 'field': "
	       "'a', 'type': 'string', 'meta': {}, 'schema': {'name': 'a', "
	       "'table': 'articles_blocks', 'data_type': 'character varying', "
	       "'max_length': 255, 'is_nullable': true}}"));
	jappend(n, "fields",
	    jq("{'collection': 'articles_blocks', 'field': "
	       "'b', 'type': 'string', 'meta': {}, 'schema': {'name': 'b', "
	       "'table': 'articles_blocks', 'data_type': 'character varying', "
	       "'max_length': 255, 'is_nullable': true}}"));
	run_docs(o, n, &r);
	assert_int_equal(r.cs.n, 4);
	assert_string_equal(r.cs.v[0].rule->id, "field-added");
	assert_string_equal(r.cs.v[0].field, "a");
	assert_string_equal(r.cs.v[1].rule->id, "field-added");
	assert_string_equal(r.cs.v[2].rule->id, "field-removed");
	assert_string_equal(r.cs.v[2].field, "collection");
	assert_string_equal(r.cs.v[3].rule->id, "field-removed");
	run_free(&r);
}

/* many changes: sorted by collection, entity, field, rule, path */
static void
test_order_and_determinism(void **state)
{
	char *first = NULL;
	int pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
		struct run r;
		struct buf_s {
			char *p;
			size_t len;
		} out = { NULL, 0 };
		FILE *fp = open_memstream(&out.p, &out.len);
		size_t i;

		jset(n, FT, "schema.max_length", jq("100"));
		jset(n, FT, "meta.width", jq("'half'"));
		jset(n, FT, "meta.note", jq("'n'"));
		jset(n, "collection:authors", "meta.icon", jq("'x'"));
		jremove(n, "field:articles.price");
		jremove(n, "relation:articles.author");
		if (pass == 1) {
			/* reverse every list and the keys of one entry */
			const char *lists[] = { "collections", "fields",
				"relations" };
			size_t l;

			for (l = 0; l < 3; l++) {
				json_t *a = json_object_get(o, lists[l]);
				json_t *rev = json_array();
				size_t k = json_array_size(a);

				while (k-- > 0)
					json_array_append(
					    rev, json_array_get(a, k));
				json_object_set_new(o, lists[l], rev);
			}
		}
		run_docs(o, n, &r);
		for (i = 0; i < r.cs.n; i++)
			fprintf(fp, "%s %s %s %s %s %s\n", r.cs.v[i].collection,
			    entity_kind_name(r.cs.v[i].entity),
			    r.cs.v[i].field ? r.cs.v[i].field : "-",
			    r.cs.v[i].rule->id,
			    r.cs.v[i].path ? r.cs.v[i].path : "-",
			    r.cs.v[i].id);
		fclose(fp);
		if (pass == 0) {
			/*
			 * ids pinned: computed independently with a Python
			 * FNV-1a 64 over "rule\0collection\0field\0path",
			 * top 48 bits; they must never change
			 */
			assert_string_equal(out.p,
			    "articles field price field-removed - "
			    "aa1aaecf668d\n"
			    "articles field title field-max-length-reduced "
			    "schema.max_length df266a0731a0\n"
			    "articles field title field-meta-changed meta.note "
			    "f03f24ca2d54\n"
			    "articles field title field-meta-changed "
			    "meta.width "
			    "de09e2646e5f\n"
			    "articles relation author relation-removed - "
			    "8ca10e7d7f39\n"
			    "authors collection - collection-meta-changed "
			    "meta.icon de94df7353c7\n");
			first = out.p;
		} else {
			assert_string_equal(out.p, first);
			free(out.p);
		}
		run_free(&r);
	}
	free(first);
}

static void
test_fingerprint(void **state)
{
	char a[13], b[13];

	(void)state;
	change_fingerprint("field-removed", "articles", "views", NULL, a);
	change_fingerprint("field-removed", "articles", "views", "", b);
	/* NULL and "" hash alike; the separator keeps parts apart */
	assert_string_equal(a, b);
	change_fingerprint("field-removed", "article", "sviews", NULL, b);
	assert_string_not_equal(a, b);
	change_fingerprint("collection-removed", "articles", NULL, NULL, b);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 12);
}

static void
test_notes(void **state)
{
	json_t *o = jq(BASE_SNAPSHOT), *n = jq(BASE_SNAPSHOT);
	struct run r;
	size_t i;
	int saw_version = 0, saw_vendor = 0, saw_sys = 0;

	(void)state;
	json_object_set_new(n, "directus", json_string("12.0.0"));
	json_object_set_new(n, "vendor", json_string("mysql"));
	json_object_set_new(n, "systemFields", json_array());
	/* vendor-level keys are not compared across vendors */
	jset(n, FT, "schema.data_type", jq("'varchar'"));
	jset(n, FT, "schema.max_length", jq("100"));
	jset(n, "field:articles.status", "schema.default_value", jq("'x'"));
	run_docs(o, n, &r);
	dump(&r.cs);
	assert_int_equal(r.cs.n, 0);
	for (i = 0; i < r.cs.nnotes; i++) {
		if (strcmp(r.cs.notes[i],
			"the sides were written by different "
			"Directus versions (11.1.2 and 12.0.0): keys only one "
			"version emits are not compared") == 0)
			saw_version = 1;
		if (strstr(r.cs.notes[i],
			"different database vendors "
			"(postgres and mysql)") != NULL)
			saw_vendor = 1;
		if (strcmp(r.cs.notes[i],
			"only new.yaml has \"systemFields\" "
			"(Directus 11.13 and later): indexes on system fields "
			"are "
			"not compared") == 0)
			saw_sys = 1;
	}
	assert_true(saw_version && saw_vendor && saw_sys);
	run_free(&r);
}

static struct snapshot *
load_fixture(const char *name)
{
	struct buf rel = BUF_INIT;
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	char *path, *text;
	size_t len;

	buf_addf(&rel, "fixtures/engine/%s", name);
	path = test_path(rel.buf);
	text = test_read_file(path, &len);
	if (text == NULL)
		fail_msg("cannot read %s", path);
	if (snapshot_load(name, text, len, NULL, &s, &err) < 0)
		fail_msg(
		    "%s:%u:%u: %s", err.origin, err.line, err.col, err.msg);
	free(text);
	free(path);
	buf_release(&rel);
	return s;
}

/* fixtures/engine/README lists what this pair must give, with positions */
static void
test_fixture_pair_positions(void **state)
{
	static const struct {
		const char *rule, *collection, *field, *path;
		unsigned line, col;
	} want[] = {
		{ "collection-meta-changed", "articles", NULL, "meta.icon", 8,
		    13 },
		{ "field-max-length-reduced", "articles", "title",
		    "schema.max_length", 47, 19 },
		{ "field-required-added", "articles", "title", "meta.required",
		    41, 17 },
		{ "field-removed", "articles", "views", NULL, 49, 5 },
		{ "collection-removed", "legacy", NULL, NULL, 12, 5 },
	};
	struct snapshot *o = load_fixture("old.yaml");
	struct snapshot *n = load_fixture("new.json");
	struct changeset cs = CHANGESET_INIT;
	size_t i;

	(void)state;
	diff_snapshots(o, n, &cs);
	if (cs.n != DRIFT_ARRAY_LEN(want))
		dump(&cs);
	assert_int_equal(cs.n, DRIFT_ARRAY_LEN(want));
	for (i = 0; i < cs.n; i++) {
		const struct change *c = &cs.v[i];

		assert_string_equal(c->rule->id, want[i].rule);
		assert_string_equal(c->collection, want[i].collection);
		if (want[i].field)
			assert_string_equal(c->field, want[i].field);
		else
			assert_null(c->field);
		if (want[i].path)
			assert_string_equal(c->path, want[i].path);
		else
			assert_null(c->path);
		assert_string_equal(c->loc_origin, "old.yaml");
		if (c->line != want[i].line || c->col != want[i].col)
			fail_msg("%s: at %u:%u, want %u:%u", c->rule->id,
			    c->line, c->col, want[i].line, want[i].col);
	}
	assert_string_equal(cs.notes[0],
	    "the sides were written by different "
	    "Directus versions (11.1.2 and 11.17.4): keys only one version "
	    "emits are not compared");
	changeset_release(&cs);
	snapshot_free(&o);
	snapshot_free(&n);
}

int
main(void)
{
	struct CMUnitTest *tests;
	size_t i, n = DRIFT_ARRAY_LEN(cases);
	int rc;
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_every_rule_has_a_case),
		cmocka_unit_test(test_fold_old_value),
		cmocka_unit_test(test_rename_ambiguous),
		cmocka_unit_test(test_filtered_live),
		cmocka_unit_test(test_untracked_versions),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_order_and_determinism),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_fixture_pair_positions),
	};

	tests = calloc(n + DRIFT_ARRAY_LEN(fixed), sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	memcpy(&tests[n], fixed, sizeof(fixed));
	rc = _cmocka_run_group_tests(
	    "diff", tests, n + DRIFT_ARRAY_LEN(fixed), NULL, NULL);
	free(tests);
	return rc;
}
