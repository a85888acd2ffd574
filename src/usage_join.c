/*
 * usage_join.c: records of the front end's usage joined onto classified
 * changes, verdicts and findings (usage_join.h).
 */
#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/rules.h"
#include "drift/tree.h"
#include "drift/usage.h"
#include "drift/usage_join.h"
#include "drift/xalloc.h"

#define A(x) (1u << (x))
#define RD A(UA_READ)
#define WR (A(UA_CREATE) | A(UA_UPDATE))
#define CR A(UA_CREATE)
#define UP A(UA_UPDATE)
#define DL A(UA_DELETE)
/* every access to data: all but type references */
#define DATA \
	(A(UA_READ) | A(UA_FILTER) | A(UA_SORT) | A(UA_AGGREGATE) | WR | DL)
#define ALL (DATA | A(UA_TYPE))
#define TRAVERSE USAGE_TOUCH_TRAVERSE

/*
 * Which accesses touch a change of each rule (usage_join.h, struct
 * usage_touch; reference 1.7).  Sorted by rule id; test_usage_join checks
 * that every row of the rule table has one here.  A row of zeros: the
 * change is invisible to REST and GraphQL consumers (Data Studio meta,
 * additions, safe widenings), so nothing uses it.
 *
 * TRAVERSE (USAGE_TOUCH_TRAVERSE): on the relation's foreign key field,
 * only records that go through the relation (UREF_TRAVERSE: author.name,
 * author { name }, a filter or nested write into it) touch the change; a
 * read, filter or write of the raw key (fields=author,
 * filter[author][_eq]=1, { author: 1 }) does not, because the column and
 * its values are the same before and after.  Each relation row says why
 * it is or is not TRAVERSE.
 */
static const struct touch_row {
	const char *rule;
	struct usage_touch t;
} touch_table[] = {
	{ "collection-accountability-changed", { 0, 0, 0, 0, 0 } },
	{ "collection-added", { 0, 0, 0, 0, 0 } },
	/* the table and every item in it are gone */
	{ "collection-became-folder", { 0, ALL, 0, 0, 0 } },
	{ "collection-meta-changed", { 0, 0, 0, 0, 0 } },
	{ "collection-removed", { 0, ALL, 0, 0, 0 } },
	/* list <-> object at the root: any root query, write or delete */
	{ "collection-singleton-changed", { 0, 0, DATA, 0, 0 } },
	{ "collection-status-changed", { 0, 0, 0, 0, 0 } },
	{ "collection-tracking-changed", { 0, 0, 0, 0, 0 } },
	{ "field-added", { 0, 0, 0, 0, 0 } },
	/* creates that omit it fail, when it is NOT NULL without a default
	   (meta.required alone is not enforced by the API) */
	{ "field-added-required",
	    { 0, CR, 0, 0, USAGE_TOUCH_NOT_NULL_ONLY | USAGE_TOUCH_OMITTED } },
	/* creates that send (or omit) the key */
	{ "field-auto-increment-changed", { 0, CR, 0, 0, 0 } },
	{ "field-choices-added", { 0, 0, 0, 0, 0 } },
	{ "field-choices-changed", { 0, 0, 0, 0, 0 } },
	{ "field-choices-relabelled", { 0, 0, 0, 0, 0 } },
	{ "field-conditions-changed", { 0, 0, 0, 0, 0 } },
	{ "field-data-type-changed", { DATA, 0, 0, 0, 0 } },
	/* creates that omit it get another value */
	{ "field-default-changed", { 0, CR, 0, 0, USAGE_TOUCH_OMITTED } },
	/* to another table: the raw ids read and written name rows of it
	   (not only through a relation).  Dropped (new null, as when the
	   relation is removed and its column stays): the column keeps its
	   values and rejects nothing it accepted, so only paths through the
	   relation are at risk (relation-removed names them too) */
	{ "field-foreign-key-changed",
	    { DATA, 0, 0, 0, USAGE_TOUCH_TRAVERSE_IF_DROPPED } },
	{ "field-generated-changed", { DATA, 0, 0, 0, 0 } },
	{ "field-index-changed", { 0, 0, 0, 0, 0 } },
	{ "field-max-length-increased", { 0, 0, 0, 0, 0 } },
	{ "field-max-length-reduced", { WR, 0, 0, 0, 0 } },
	{ "field-meta-changed", { 0, 0, 0, 0, 0 } },
	/* creates that omit it (nested ones included) */
	{ "field-not-null-added", { 0, CR, 0, 0, USAGE_TOUCH_OMITTED } },
	/* writers that send null explicitly */
	{ "field-not-null-added-with-default", { WR, 0, 0, 0, 0 } },
	/* readers may now get null */
	{ "field-nullable-added", { RD, 0, 0, 0, 0 } },
	{ "field-precision-increased", { 0, 0, 0, 0, 0 } },
	{ "field-precision-reduced", { DATA, 0, 0, 0, 0 } },
	{ "field-presentation-added", { 0, 0, 0, 0, 0 } },
	{ "field-presentation-removed", { 0, 0, 0, 0, 0 } },
	/* the key of every by-id read, update and delete */
	{ "field-primary-key-changed", { DATA, 0, RD | UP | DL, 0, 0 } },
	{ "field-readonly-changed", { 0, 0, 0, 0, 0 } },
	/* o2m <-> m2m: the alias returns other ids (its own value changes:
	   a raw read of it too, not only a traversal) */
	{ "field-relation-type-changed", { DATA, 0, 0, 0, 0 } },
	{ "field-removed", { DATA, 0, 0, 0, 0 } },
	{ "field-renamed", { DATA, 0, 0, 0, 0 } },
	/* meta.required: the Data Studio enforces it, the API does not */
	{ "field-required-added", { 0, 0, 0, 0, 0 } },
	{ "field-required-removed", { 0, 0, 0, 0, 0 } },
	{ "field-special-changed", { DATA, 0, 0, 0, 0 } },
	{ "field-tracking-changed", { 0, 0, 0, 0, 0 } },
	{ "field-type-changed", { DATA, 0, 0, 0, 0 } },
	{ "field-type-changed-compatible", { DATA, 0, 0, 0, 0 } },
	{ "field-unique-added", { WR, 0, 0, 0, 0 } },
	{ "field-unique-removed", { 0, 0, 0, 0, 0 } },
	{ "field-validation-changed", { WR, 0, 0, 0, 0 } },
	{ "folder-added", { 0, 0, 0, 0, 0 } },
	{ "folder-became-collection", { 0, 0, 0, 0, 0 } },
	{ "folder-removed", { 0, 0, 0, 0, 0 } },
	{ "relation-added", { 0, 0, 0, 0, 0 } },
	{ "relation-allowed-collections-added", { 0, 0, 0, 0, 0 } },
	/* ... on <removed> and nested items of it: through the m2a field
	   only; its raw value (an id) and the collection column read and
	   write as before */
	{ "relation-allowed-collections-changed", { DATA, 0, 0, 0, TRAVERSE } },
	/* writes of the raw key (dangling ids are rejected now), deletes of
	   the related items: not only through the relation */
	{ "relation-constraint-added", { WR, 0, 0, DL, 0 } },
	{ "relation-constraint-name-changed", { 0, 0, 0, 0, 0 } },
	{ "relation-constraint-removed", { 0, 0, 0, 0, 0 } },
	/* updates of the o2m alias that drop items (records on the alias);
	   the key's own value is written as before */
	{ "relation-deselect-action-changed", { UP, 0, 0, 0, TRAVERSE } },
	/* paths through the junction (tags.tags_id.name, nested m2m/m2a
	   writes) and the alias; the junction's key columns read and write
	   their values as before */
	{ "relation-junction-changed", { DATA, 0, 0, 0, TRAVERSE } },
	{ "relation-meta-changed", { 0, 0, 0, 0, 0 } },
	{ "relation-on-delete-changed", { 0, 0, 0, DL, 0 } },
	{ "relation-on-update-changed", { 0, 0, 0, UP, 0 } },
	{ "relation-one-field-added", { 0, 0, 0, 0, 0 } },
	/* the o2m alias (records on it) is gone or renamed; the key reads
	   and writes as before */
	{ "relation-one-field-changed", { DATA, 0, 0, 0, TRAVERSE } },
	/* reads through it (author { name }, author.name), filters and sorts
	   into it, nested writes; the column stays, with its values: a raw
	   read (fields=author), filter or write of the key works as before
	   (reference rest-and-sdk-usage.md 1.3: the path through it is what
	   silently drops) */
	{ "relation-removed", { DATA, 0, 0, 0, TRAVERSE } },
	/* not only through it: the raw ids read and written now name rows of
	   another collection */
	{ "relation-target-changed", { DATA, 0, 0, 0, 0 } },
	{ "relation-tracking-changed", { 0, 0, 0, 0, 0 } },
	{ "system-index-added", { 0, 0, 0, 0, 0 } },
	{ "system-index-removed", { 0, 0, 0, 0, 0 } },
	/* a file, not the schema: no front-end access touches it */
	{ "types-stale", { 0, 0, 0, 0, 0 } },
	/* findings carry their own site */
	{ "usage-depth-exceeded", { 0, 0, 0, 0, 0 } },
	{ "usage-unknown-collection", { 0, 0, 0, 0, 0 } },
	{ "usage-unknown-field", { 0, 0, 0, 0, 0 } },
};

static int
touch_cmp(const void *key, const void *elem)
{
	const struct touch_row *r = elem;

	return strcmp(key, r->rule);
}

int
usage_touch_of(const char *rule_id, struct usage_touch *out)
{
	const struct touch_row *r = bsearch(rule_id, touch_table,
	    DRIFT_ARRAY_LEN(touch_table), sizeof(touch_table[0]), touch_cmp);
	const struct rule *ru;

	if (r != NULL) {
		*out = r->t;
		return 1;
	}
	/* a rule without a row: any access to what it names */
	memset(out, 0, sizeof(*out));
	ru = rule_find(rule_id);
	if (ru != NULL && ru->entity == ENT_COLLECTION)
		out->collection = ALL;
	else if (ru != NULL && ru->entity != ENT_FRONTEND &&
	    ru->entity != ENT_SNAPSHOT)
		out->field = DATA;
	return 0;
}

const char *
usage_used_name(enum usage_used u)
{
	switch (u) {
	case USAGE_YES:
		return "yes";
	case USAGE_POSSIBLY:
		return "possibly";
	case USAGE_NO:
		break;
	}
	return "no";
}

/* ---- the index: record numbers sorted by (collection, field) ---- */

struct jctx {
	const struct usage_set *u;
	size_t *ix; /* record numbers, sorted by (collection, field, n) */
	unsigned char *hit; /* per record: touched by some change */
	size_t *found;      /* scratch: records of one change */
	size_t nfound;
	unsigned char *seen; /* scratch: per record, in found already */
};

/* NULL sorts before every name; "*" is an ordinary name here */
static int
name_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static const struct usage_set *sort_set; /* qsort has no context */

static int
ix_cmp(const void *pa, const void *pb)
{
	const struct usage_ref *a = &sort_set->refs[*(const size_t *)pa];
	const struct usage_ref *b = &sort_set->refs[*(const size_t *)pb];
	int c = strcmp(a->collection, b->collection);

	if (c == 0)
		c = name_cmp(a->field, b->field);
	if (c == 0)
		c = (*(const size_t *)pa > *(const size_t *)pb) -
		    (*(const size_t *)pa < *(const size_t *)pb);
	return c;
}

/* first index position whose record is >= (coll, field) */
static size_t
lower(const struct jctx *j, const char *coll, const char *field, int any_field)
{
	size_t lo = 0, hi = j->u->nrefs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct usage_ref *r = &j->u->refs[j->ix[mid]];
		int c = strcmp(r->collection, coll);

		if (c == 0 && !any_field)
			c = name_cmp(r->field, field);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
found_add(struct jctx *j, size_t n)
{
	if (j->seen[n])
		return;
	j->seen[n] = 1;
	j->found[j->nfound++] = n;
}

static int
access_in(const struct usage_ref *r, unsigned mask)
{
	return (mask & A(r->access)) != 0;
}

/* records on coll.field with an access in mask and every flag of need;
   wildcards and dynamic payloads on coll count too (as possibly) */
static void
match_field(struct jctx *j, const char *coll, const char *field, unsigned mask,
    unsigned need)
{
	const char *also[3];
	size_t k, i;

	if (coll == NULL || field == NULL || mask == 0)
		return;
	also[0] = field;
	also[1] = "*";
	also[2] = NULL;
	for (k = 0; k < 3; k++) {
		for (i = lower(j, coll, also[k], 0); i < j->u->nrefs; i++) {
			const struct usage_ref *r = &j->u->refs[j->ix[i]];

			if (strcmp(r->collection, coll) != 0 ||
			    name_cmp(r->field, also[k]) != 0)
				break;
			if (!access_in(r, mask) || (r->flags & need) != need)
				continue;
			/* the collection as a whole: only a payload that is
			   not a literal may carry this field */
			if (k == 2 && !(r->flags & UREF_DYNAMIC))
				continue;
			found_add(j, j->ix[i]);
		}
	}
}

/* records on coll (any field) with an access in mask; root_only: at
   depth 0, not reached through a relation */
static void
match_collection(struct jctx *j, const char *coll, unsigned mask, int root_only)
{
	size_t i;

	if (coll == NULL || mask == 0)
		return;
	for (i = lower(j, coll, NULL, 1); i < j->u->nrefs; i++) {
		const struct usage_ref *r = &j->u->refs[j->ix[i]];

		if (strcmp(r->collection, coll) != 0)
			break;
		if (!access_in(r, mask))
			continue;
		if (root_only && (r->depth > 0 || (r->flags & UREF_NESTED)))
			continue;
		found_add(j, j->ix[i]);
	}
}

/* a record of the same call or operation (context), in the same file,
   writes key field of coll on create */
static int
supplies(const struct jctx *j, const char *coll, const char *field,
    const struct usage_ref *op)
{
	size_t i;

	for (i = lower(j, coll, field, 0); i < j->u->nrefs; i++) {
		const struct usage_ref *r = &j->u->refs[j->ix[i]];

		if (strcmp(r->collection, coll) != 0 ||
		    name_cmp(r->field, field) != 0)
			break;
		if (r->access == UA_CREATE && r->context == op->context &&
		    strcmp(r->site.file, op->site.file) == 0)
			return 1;
	}
	return 0;
}

/* the create itself (field NULL) of the same call or operation as r */
static int
has_op(const struct jctx *j, const char *coll, const struct usage_ref *r)
{
	size_t i;

	for (i = lower(j, coll, NULL, 1); i < j->u->nrefs; i++) {
		const struct usage_ref *o = &j->u->refs[j->ix[i]];

		if (strcmp(o->collection, coll) != 0 || o->field != NULL)
			break;
		if (o->access == UA_CREATE && o->context == r->context &&
		    strcmp(o->site.file, r->site.file) == 0)
			return 1;
	}
	return 0;
}

/* creates of coll that omit field (USAGE_TOUCH_OMITTED): the create
   itself, or its keys when no record stands for the create */
static void
match_omitting(struct jctx *j, const char *coll, const char *field)
{
	size_t i;

	if (coll == NULL || field == NULL)
		return;
	for (i = lower(j, coll, NULL, 1); i < j->u->nrefs; i++) {
		const struct usage_ref *r = &j->u->refs[j->ix[i]];

		if (strcmp(r->collection, coll) != 0)
			break;
		if (r->access != UA_CREATE)
			continue;
		if (r->field != NULL && strcmp(r->field, "*") == 0) {
			if (r->flags & UREF_DYNAMIC)
				found_add(j, j->ix[i]);
			continue;
		}
		if (r->field != NULL &&
		    (strcmp(r->field, field) == 0 || has_op(j, coll, r)))
			continue;
		if (!supplies(j, coll, field, r))
			found_add(j, j->ix[i]);
	}
}

static const char *
node_str(const struct tnode *n, const char *k1, const char *k2)
{
	n = tnode_get(n, k1);
	if (k2 != NULL)
		n = tnode_get(n, k2);
	return n != NULL && n->kind == TN_STR ? tnode_str(n) : NULL;
}

/* a new field that creates must supply: NOT NULL, no default, not filled
   by Directus (classify.c words the rule's two cases so) */
static int
new_not_null(const struct change *c)
{
	const struct tnode *schema = tnode_get(c->new_value, "schema");
	const struct tnode *nul = tnode_get(schema, "is_nullable");

	return nul != NULL && nul->kind == TN_BOOL && !nul->u.b &&
	    tnode_is_nullish(tnode_get(schema, "default_value"));
}

static int
site_cmp_ix(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

static void
join_change(struct jctx *j, struct change *c, struct arena *a,
    const struct usage_join_opts *o)
{
	struct usage_touch t;
	struct change_usage *cu;
	const struct usage_ref **sites;
	const struct tnode *side[2];
	size_t i, k;
	int exact = 0;
	unsigned coll_mask;

	usage_touch_of(c->rule->id, &t);
	j->nfound = 0;
	if ((t.flags & USAGE_TOUCH_NOT_NULL_ONLY) && !new_not_null(c))
		memset(&t, 0, sizeof(t));
	if ((t.flags & USAGE_TOUCH_TRAVERSE_IF_DROPPED) &&
	    tnode_is_nullish(c->new_value))
		t.flags |= USAGE_TOUCH_TRAVERSE;
	match_field(j, c->collection, c->field, t.field,
	    t.flags & USAGE_TOUCH_TRAVERSE ? UREF_TRAVERSE : 0);
	if (c->entity == ENT_RELATION) {
		side[0] = c->old_value;
		side[1] = c->new_value;
		for (k = 0; k < 2; k++) {
			const char *rel = node_str(
			    side[k], "related_collection", NULL);

			/* the alias: any access goes through the relation */
			match_field(j, rel,
			    node_str(side[k], "meta", "one_field"), t.field, 0);
			match_collection(j, rel, t.related, 0);
		}
	}
	coll_mask = t.collection;
	if (t.flags & USAGE_TOUCH_OMITTED) {
		match_omitting(j, c->collection, c->field);
		coll_mask &= ~CR;
	}
	match_collection(j, c->collection, coll_mask, 0);
	match_collection(j, c->collection, t.root, 1);

	cu = arena_zalloc(a, sizeof(*cu));
	if (j->nfound > 0) {
		qsort(j->found, j->nfound, sizeof(*j->found), site_cmp_ix);
		sites = arena_alloc(a, j->nfound * sizeof(*sites));
		for (i = 0; i < j->nfound; i++) {
			const struct usage_ref *r = &j->u->refs[j->found[i]];

			j->seen[j->found[i]] = 0;
			j->hit[j->found[i]] = 1;
			sites[i] = r;
			if (r->certainty == UC_EXACT &&
			    !(r->flags & UREF_DYNAMIC) &&
			    name_cmp(r->field, "*") != 0)
				exact = 1;
		}
		cu->sites = sites;
		cu->nsites = j->nfound;
		cu->used = exact ? USAGE_YES : USAGE_POSSIBLY;
	}
	/* a wildcard or dynamic record on the whole collection is exact
	   for collection-level touches: the collection itself is named */
	if (cu->used == USAGE_POSSIBLY && (t.collection | t.root) != 0) {
		for (i = 0; i < cu->nsites; i++)
			if (cu->sites[i]->certainty == UC_EXACT &&
			    strcmp(cu->sites[i]->collection, c->collection) ==
				0 &&
			    ((t.collection | t.root) &
				A(cu->sites[i]->access)) != 0)
				cu->used = USAGE_YES;
	}
	if (cu->used == USAGE_NO && o->downgrade &&
	    c->severity == SEV_BREAKING && c->rule->severity == SEV_BREAKING) {
		c->severity = SEV_DANGEROUS;
		cu->downgraded = 1;
	}
	c->usage = cu;
}

static void
add_finding(struct changeset *cs, const char *rule_id,
    const struct usage_site *site, const char *collection, const char *field,
    const char *message)
{
	const struct rule *r = rule_find(rule_id);
	struct change *c;

	if (r == NULL)
		return;
	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? cs->alloc * 2 : 16;
		cs->v = xreallocarray(cs->v, cs->alloc, sizeof(*cs->v));
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof(*c));
	c->rule = r;
	c->severity = r->severity;
	c->entity = ENT_FRONTEND;
	c->collection = collection != NULL ? collection : "";
	c->field = field;
	c->message = message;
	c->loc_origin = site->file;
	c->line = site->line;
	c->col = site->col;
	/* stable across edits that move lines: rule, names and file */
	change_fingerprint(
	    r->id, c->collection, field, site->file ? site->file : "", c->id);
}

static void
add_note(struct changeset *cs, const char *text)
{
	cs->notes = xreallocarray(
	    cs->notes, cs->nnotes + 1, sizeof(*cs->notes));
	cs->notes[cs->nnotes++] = xstrdup(text);
}

static const char *
finding_message(struct arena *a, const char *msg, const char *context)
{
	char *s;
	size_t n;

	if (msg == NULL)
		msg = "unknown reference";
	if (context == NULL || strstr(msg, context) != NULL)
		return msg;
	n = strlen(msg) + strlen(context) + 8;
	s = arena_alloc(a, n);
	snprintf(s, n, "%s (in %s)", msg, context);
	return s;
}

/* 1 when NEW has what r names (only the path to it went away) */
static int
in_new(const struct snapshot *new, const struct usage_ref *r)
{
	if (new == NULL || snapshot_find_collection(new, r->collection) == NULL)
		return 0;
	if (r->field == NULL || strcmp(r->field, "*") == 0)
		return 1;
	return snapshot_find_field(new, r->collection, r->field) != NULL;
}

size_t
usage_join(struct changeset *cs, const struct usage_set *u,
    const struct usage_join_opts *o)
{
	struct usage_join_opts defaults = { 1, NULL };
	struct jctx j;
	size_t i, ndiff = cs->n, nfind = 0;

	if (o == NULL)
		o = &defaults;
	if (cs->arena == NULL)
		cs->arena = arena_new();
	memset(&j, 0, sizeof(j));
	j.u = u;
	j.ix = xcalloc(u->nrefs + 1, sizeof(*j.ix));
	j.found = xcalloc(u->nrefs + 1, sizeof(*j.found));
	j.hit = xcalloc(u->nrefs + 1, 1);
	j.seen = xcalloc(u->nrefs + 1, 1);
	for (i = 0; i < u->nrefs; i++)
		j.ix[i] = i;
	sort_set = u;
	if (u->nrefs > 1)
		qsort(j.ix, u->nrefs, sizeof(*j.ix), ix_cmp);
	sort_set = NULL;

	for (i = 0; i < ndiff; i++)
		join_change(&j, &cs->v[i], cs->arena, o);

	for (i = 0; i < u->nproblems; i++) {
		const struct usage_problem *p = &u->problems[i];
		const char *rule = NULL;
		char *note;

		switch (p->kind) {
		case UP_UNKNOWN_COLLECTION:
			rule = "usage-unknown-collection";
			break;
		case UP_UNKNOWN_FIELD:
			rule = "usage-unknown-field";
			break;
		case UP_DEPTH:
			rule = "usage-depth-exceeded";
			break;
		case UP_PARSE:
			note = xasprintf("%s:%u:%u: %s",
			    p->site.file ? p->site.file : "-", p->site.line,
			    p->site.col,
			    p->message ? p->message : "parse error");
			add_note(cs, note);
			free(note);
			continue;
		}
		add_finding(cs, rule, &p->site, p->collection, p->field,
		    finding_message(cs->arena, p->message, p->context));
		nfind++;
	}
	/* resolved only in OLD, and no change explains it: unknown in NEW */
	for (i = 0; i < u->nrefs; i++) {
		const struct usage_ref *r = &u->refs[i];
		const char *msg;
		size_t n;
		char *s;

		if (!(r->flags & UREF_OLD_ONLY) || j.hit[i] ||
		    in_new(o->new, r))
			continue;
		n = strlen(r->collection) + (r->field ? strlen(r->field) : 0) +
		    64;
		s = arena_alloc(cs->arena, n);
		if (r->field != NULL && strcmp(r->field, "*") != 0)
			snprintf(s, n,
			    "unknown field \"%s\" in collection \"%s\"",
			    r->field, r->collection);
		else
			snprintf(
			    s, n, "unknown collection \"%s\"", r->collection);
		msg = finding_message(cs->arena, s, r->context);
		add_finding(cs,
		    r->field != NULL && strcmp(r->field, "*") != 0
			? "usage-unknown-field"
			: "usage-unknown-collection",
		    &r->site, r->collection,
		    r->field != NULL && strcmp(r->field, "*") != 0 ? r->field
								   : NULL,
		    msg);
		nfind++;
	}
	for (i = 0; i < u->nnotes; i++)
		add_note(cs, u->notes[i]);
	free(j.ix);
	free(j.found);
	free(j.hit);
	free(j.seen);
	return nfind;
}

void
usage_describe(const struct change_usage *cu, char *buf, size_t n)
{
	const struct usage_site *s;

	if (n == 0)
		return;
	if (cu == NULL || cu->nsites == 0) {
		snprintf(buf, n, "not used by the front end");
		return;
	}
	s = &cu->sites[0]->site;
	if (cu->nsites > 1)
		snprintf(buf, n, "%sused by %s:%u (+%zu more)",
		    cu->used == USAGE_POSSIBLY ? "possibly " : "",
		    s->file ? s->file : "-", s->line, cu->nsites - 1);
	else
		snprintf(buf, n, "%sused by %s:%u",
		    cu->used == USAGE_POSSIBLY ? "possibly " : "",
		    s->file ? s->file : "-", s->line);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t
usage_affected_files(const struct changeset *cs, const char ***out)
{
	const char **v = NULL;
	size_t n = 0, alloc = 0, i, k, w;

	for (i = 0; i < cs->n; i++) {
		const struct change *c = &cs->v[i];
		size_t ns = c->usage ? c->usage->nsites : 0;

		if (c->status != CHANGE_REPORTED || c->severity < SEV_DANGEROUS)
			continue;
		for (k = 0; k < ns + (c->entity == ENT_FRONTEND); k++) {
			const char *f = k < ns ? c->usage->sites[k]->site.file
					       : c->loc_origin;

			if (f == NULL)
				continue;
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				v = xreallocarray(v, alloc, sizeof(*v));
			}
			v[n++] = f;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), str_cmp);
	for (i = 0, w = 0; i < n; i++)
		if (w == 0 || strcmp(v[w - 1], v[i]) != 0)
			v[w++] = v[i];
	*out = v;
	return w;
}
