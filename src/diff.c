/*
 * diff.c: matching two snapshots and ordering the changes (diff.h).
 *
 * Every entity array of a snapshot is sorted by (collection, field) (see
 * model.c), so each kind is matched by one merge.  Matched pairs go to
 * classify.c; entities on one side only are folded into their collection's
 * change (collection added, removed, or turned into or out of a folder),
 * paired up as renames, or classified as removed or added.  The changes
 * are sorted once at the end.  Cost: O(n log n) for n entities.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/changes.h"
#include "drift/classify.h"
#include "drift/diff.h"
#include "drift/normalize.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* remembers e ("collection comments", "field articles.views", ...) */
static void
names_add(struct dnames *l, const char *kind, const struct entity *e)
{
	if (l->n < DNAMES_LISTED) {
		buf_addf(&l->names, "%s%s %s%s%s", l->n > 0 ? ", " : "", kind,
		    e->collection, e->field != NULL ? "." : "",
		    e->field != NULL ? e->field : "");
	}
	l->n++;
}

/* borrowed: "a, b and 3 more" for a note */
static const char *
names_text(struct dnames *l)
{
	if (l->n > DNAMES_LISTED)
		buf_addf(&l->names, " and %zu more", l->n - DNAMES_LISTED);
	return l->names.buf != NULL ? l->names.buf : "";
}

/*
 * 1 when e, only on one side (new_side), is an untracked entry (meta:
 * null) that the other side could not have had: its Directus version
 * writes no untracked entries (Directus 11.10 and later leave them out,
 * so did some earlier versions for system tables), the two versions
 * differ, and it has none at all.  Such an entry is noise, not an
 * addition or removal.
 */
static int
untracked_noise(const struct dctx *d, const struct entity *e, int new_side)
{
	const struct snapshot *s = new_side ? d->new : d->old;
	const struct snapshot *o = new_side ? d->old : d->new;
	const struct tnode *m = tnode_get(e->node, "meta");

	if (m == NULL || m->kind != TN_NULL || o->nuntracked > 0)
		return 0;
	return s->directus == NULL || o->directus == NULL ||
	    strcmp(s->directus, o->directus) != 0;
}

/*
 * Entries only on one side that make no change: untracked noise, or on
 * the old side only while the new side is filtered (hidden from the
 * token, or removed: it cannot tell).  Each is named in a note.
 */
static int
not_compared(
    struct dctx *d, const struct entity *e, const char *kind, int new_side)
{
	if (untracked_noise(d, e, new_side)) {
		names_add(&d->untracked, kind, e);
		return 1;
	}
	if (!new_side && d->new->filtered) {
		names_add(&d->hidden, kind, e);
		return 1;
	}
	return 0;
}

static int
ent_key_cmp(const struct entity *a, const struct entity *b)
{
	int c = strcmp(a->collection, b->collection);

	if (c == 0 && a->field != NULL && b->field != NULL)
		c = strcmp(a->field, b->field);
	return c;
}

/* [*lo, *hi): the entities of one collection in a sorted array */
static void
coll_range(const struct entity *v, size_t n, const char *collection, size_t *lo,
    size_t *hi)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (strcmp(v[m].collection, collection) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	for (b = a; b < n && strcmp(v[b].collection, collection) == 0; b++)
		;
	*hi = b;
}

/*
 * An entity of collection c only on the old side is folded into c's own
 * change when c was removed or became a folder; only on the new side when
 * c was added or a folder became c.
 */
static int
folded(const struct dctx *d, const char *c, int new_side)
{
	const struct entity *co = snapshot_find_collection(d->old, c);
	const struct entity *cn = snapshot_find_collection(d->new, c);

	if (!new_side)
		return co != NULL &&
		    (cn == NULL ||
			(!entity_is_folder(co) && entity_is_folder(cn)));
	return cn != NULL &&
	    (co == NULL || (entity_is_folder(co) && !entity_is_folder(cn)));
}

/*
 * Borrowed (arena): a copy of collection entry e with a "fields" list of
 * the field names of that collection in `side` that `other` lacks.
 */
static const struct tnode *
fold_value(struct dctx *d, const struct entity *e, const struct snapshot *side,
    const struct snapshot *other, size_t *nfields, size_t *nrel)
{
	struct arena *a = d->cs->arena;
	const struct tnode *src = e->node;
	struct tnode *n = arena_zalloc(a, sizeof(*n));
	struct tnode *seq;
	struct tpair *pairs;
	size_t lo, hi, i, k = 0, np = src->u.map.n;

	coll_range(side->fields, side->nfields, e->collection, &lo, &hi);
	pairs = arena_zalloc(a, (np + 1) * sizeof(*pairs));
	memcpy(pairs, src->u.map.v, np * sizeof(*pairs));
	seq = &pairs[np].val;
	pairs[np].key = "fields";
	seq->kind = TN_SEQ;
	seq->u.seq.v = arena_zalloc(a, (hi - lo + 1) * sizeof(struct tnode));
	for (i = lo; i < hi; i++) {
		const struct entity *f = &side->fields[i];

		if (snapshot_find_field(other, f->collection, f->field) != NULL)
			continue;
		tnode_set_str(&seq->u.seq.v[k++], f->field, strlen(f->field));
	}
	seq->u.seq.n = k;
	*nfields = k;
	coll_range(side->relations, side->nrelations, e->collection, &lo, &hi);
	*nrel = 0;
	for (i = lo; i < hi; i++)
		if (snapshot_find_relation(other, side->relations[i].collection,
			side->relations[i].field) == NULL)
			(*nrel)++;
	n->kind = TN_MAP;
	n->line = src->line;
	n->col = src->col;
	n->u.map.v = pairs;
	n->u.map.n = np + 1;
	return n;
}

static void
collection_removed(struct dctx *d, const struct entity *eo)
{
	size_t nf, nr;
	const struct tnode *v;

	/* its fields and relations are folded: not named one by one */
	if (not_compared(d, eo, "collection", 0))
		return;
	v = fold_value(d, eo, d->old, d->new, &nf, &nr);
	if (entity_is_folder(eo))
		dctx_add(d, "folder-removed", ENT_COLLECTION, eo, NULL, NULL, v,
		    NULL, "folder %s was removed", eo->collection);
	else
		dctx_add(d, "collection-removed", ENT_COLLECTION, eo, NULL,
		    NULL, v, NULL,
		    "collection %s was removed with its %zu "
		    "field%s and %zu relation%s",
		    eo->collection, nf, nf == 1 ? "" : "s", nr,
		    nr == 1 ? "" : "s");
}

static void
collection_added(struct dctx *d, const struct entity *en)
{
	size_t nf, nr;
	const struct tnode *v;

	if (not_compared(d, en, "collection", 1))
		return;
	v = fold_value(d, en, d->new, d->old, &nf, &nr);
	if (entity_is_folder(en))
		dctx_add(d, "folder-added", ENT_COLLECTION, NULL, en, NULL,
		    NULL, v, "folder %s was added", en->collection);
	else
		dctx_add(d, "collection-added", ENT_COLLECTION, NULL, en, NULL,
		    NULL, v,
		    "collection %s was added with %zu field%s and %zu "
		    "relation%s",
		    en->collection, nf, nf == 1 ? "" : "s", nr,
		    nr == 1 ? "" : "s");
}

static void
diff_collections(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;
	size_t i = 0, j = 0;

	while (i < o->ncollections || j < n->ncollections) {
		int c;

		if (i == o->ncollections)
			c = 1;
		else if (j == n->ncollections)
			c = -1;
		else
			c = ent_key_cmp(&o->collections[i], &n->collections[j]);
		if (c == 0)
			classify_collection(
			    d, &o->collections[i++], &n->collections[j++]);
		else if (c < 0)
			collection_removed(d, &o->collections[i++]);
		else
			collection_added(d, &n->collections[j++]);
	}
}

struct cand {
	const struct entity *e;
	const char *sig;
	int side;   /* 0 removed, 1 added */
	size_t idx; /* in the removed or added list */
};

static int
cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	int c = strcmp(a->sig, b->sig);

	if (c == 0)
		c = a->side - b->side;
	if (c == 0)
		c = strcmp(a->e->field, b->e->field);
	return c;
}

/*
 * The rename signature of a column: collection, type and schema without
 * name, table and is_indexed (a version-only key), data_type canonical.
 */
static const char *
rename_sig(struct dctx *d, const struct entity *e)
{
	const struct tnode *s = tnode_get(e->node, "schema");
	struct buf b = BUF_INIT;
	const char *sig;
	size_t i;

	buf_adds(&b, e->collection);
	buf_addch(&b, '\001');
	tnode_render(tnode_get(e->node, "type"), &b, 0);
	for (i = 0; i < s->u.map.n; i++) {
		const struct tpair *p = &s->u.map.v[i];

		if (strcmp(p->key, "name") == 0 ||
		    strcmp(p->key, "table") == 0 ||
		    strcmp(p->key, "is_indexed") == 0)
			continue;
		buf_addch(&b, '\001');
		buf_adds(&b, p->key);
		buf_addch(&b, '=');
		if (strcmp(p->key, "data_type") == 0) {
			char canon[64];

			buf_adds(&b,
			    norm_data_type(
				tnode_str(&p->val), canon, sizeof(canon)));
		} else {
			tnode_render(&p->val, &b, 0);
		}
	}
	sig = arena_strndup(d->cs->arena, b.buf, b.len);
	buf_release(&b);
	return sig;
}

static int
renamable(const struct entity *e)
{
	const struct tnode *s = tnode_get(e->node, "schema");

	return !entity_is_alias(e) && s != NULL && s->kind == TN_MAP;
}

/* rm and ad: unmatched, unfolded fields; pairs renames, classifies rest */
static void
fields_unmatched(struct dctx *d, const struct entity **rm, size_t nrm,
    const struct entity **ad, size_t nad)
{
	struct cand *cv = xcalloc(nrm + nad + 1, sizeof(*cv));
	unsigned char *rm_done = xcalloc(nrm + 1, 1);
	unsigned char *ad_done = xcalloc(nad + 1, 1);
	size_t i, k = 0;

	/* a filtered side's missing fields never get here (not_compared) */
	for (i = 0; i < nrm; i++)
		if (renamable(rm[i]) &&
		    snapshot_find_collection(d->new, rm[i]->collection) !=
			NULL) {
			cv[k].e = rm[i];
			cv[k].side = 0;
			cv[k].idx = i;
			cv[k++].sig = rename_sig(d, rm[i]);
		}
	for (i = 0; i < nad; i++)
		if (renamable(ad[i]) &&
		    snapshot_find_collection(d->old, ad[i]->collection) !=
			NULL) {
			cv[k].e = ad[i];
			cv[k].side = 1;
			cv[k].idx = i;
			cv[k++].sig = rename_sig(d, ad[i]);
		}
	if (k > 1)
		qsort(cv, k, sizeof(*cv), cand_cmp);
	for (i = 0; i < k;) {
		size_t j = i, nr = 0, na = 0;

		while (j < k && strcmp(cv[j].sig, cv[i].sig) == 0) {
			if (cv[j].side == 0)
				nr++;
			else
				na++;
			j++;
		}
		/* only an unambiguous pair is called a rename */
		if (nr == 1 && na == 1) {
			const struct entity *eo = cv[i].e, *en = cv[i + 1].e;

			rm_done[cv[i].idx] = 1;
			ad_done[cv[i + 1].idx] = 1;
			dctx_add(d, "field-renamed", ENT_FIELD, eo, en, NULL,
			    eo->node, en->node,
			    "field %s.%s was removed and "
			    "%s.%s added with the same type and schema: "
			    "possibly renamed",
			    eo->collection, eo->field, en->collection,
			    en->field);
		}
		i = j;
	}
	for (i = 0; i < nrm; i++)
		if (!rm_done[i])
			classify_field_removed(d, rm[i]);
	for (i = 0; i < nad; i++)
		if (!ad_done[i])
			classify_field_added(d, ad[i]);
	free(cv);
	free(rm_done);
	free(ad_done);
}

static void
diff_fields(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;
	const struct entity **rm = xcalloc(o->nfields + 1, sizeof(*rm));
	const struct entity **ad = xcalloc(n->nfields + 1, sizeof(*ad));
	size_t i = 0, j = 0, nrm = 0, nad = 0;

	while (i < o->nfields || j < n->nfields) {
		int c;

		if (i == o->nfields)
			c = 1;
		else if (j == n->nfields)
			c = -1;
		else
			c = ent_key_cmp(&o->fields[i], &n->fields[j]);
		if (c == 0) {
			classify_field(d, &o->fields[i++], &n->fields[j++]);
		} else if (c < 0) {
			if (!folded(d, o->fields[i].collection, 0) &&
			    !not_compared(d, &o->fields[i], "field", 0))
				rm[nrm++] = &o->fields[i];
			i++;
		} else {
			if (!folded(d, n->fields[j].collection, 1) &&
			    !not_compared(d, &n->fields[j], "field", 1))
				ad[nad++] = &n->fields[j];
			j++;
		}
	}
	fields_unmatched(d, rm, nrm, ad, nad);
	free(rm);
	free(ad);
}

static void
diff_relations(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;
	size_t i = 0, j = 0;

	while (i < o->nrelations || j < n->nrelations) {
		const struct entity *e;
		int c;

		if (i == o->nrelations)
			c = 1;
		else if (j == n->nrelations)
			c = -1;
		else
			c = ent_key_cmp(&o->relations[i], &n->relations[j]);
		if (c == 0) {
			classify_relation(
			    d, &o->relations[i++], &n->relations[j++]);
		} else if (c < 0) {
			e = &o->relations[i++];
			if (folded(d, e->collection, 0) ||
			    not_compared(d, e, "relation", 0))
				continue;
			dctx_add(d, "relation-removed", ENT_RELATION, e, NULL,
			    NULL, e->node, NULL,
			    "relation %s.%s -> %s was removed", e->collection,
			    e->field,
			    dctx_val(
				d, tnode_get(e->node, "related_collection")));
		} else {
			e = &n->relations[j++];
			if (!folded(d, e->collection, 1) &&
			    !not_compared(d, e, "relation", 1))
				dctx_add(d, "relation-added", ENT_RELATION,
				    NULL, e, NULL, NULL, e->node,
				    "relation %s.%s -> %s was added",
				    e->collection, e->field,
				    dctx_val(d,
					tnode_get(
					    e->node, "related_collection")));
		}
	}
}

static int
sys_indexed(const struct entity *e)
{
	return e != NULL &&
	    tnode_is_true(
		tnode_get(tnode_get(e->node, "schema"), "is_indexed"));
}

static void
diff_system_fields(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;
	size_t i = 0, j = 0;

	while (i < o->nsystem_fields || j < n->nsystem_fields) {
		const struct entity *eo = NULL, *en = NULL;
		int c;

		if (i == o->nsystem_fields)
			c = 1;
		else if (j == n->nsystem_fields)
			c = -1;
		else
			c = ent_key_cmp(
			    &o->system_fields[i], &n->system_fields[j]);
		if (c <= 0)
			eo = &o->system_fields[i++];
		if (c >= 0)
			en = &n->system_fields[j++];
		/* absent from a filtered side: hidden, not unindexed */
		if ((eo == NULL && o->filtered) || (en == NULL && n->filtered))
			continue;
		if (sys_indexed(eo) && !sys_indexed(en))
			dctx_add(d, "system-index-removed", ENT_SYSTEM_FIELD,
			    eo, en, "schema.is_indexed", eo->node,
			    en ? en->node : NULL,
			    "the index on system field "
			    "%s.%s was removed",
			    eo->collection, eo->field);
		else if (!sys_indexed(eo) && sys_indexed(en))
			dctx_add(d, "system-index-added", ENT_SYSTEM_FIELD, eo,
			    en, "schema.is_indexed", eo ? eo->node : NULL,
			    en->node,
			    "an index was added to system field "
			    "%s.%s",
			    en->collection, en->field);
	}
}

static const char *
eff_vendor(const struct snapshot *s)
{
	return s->vendor != NULL ? s->vendor : s->vendor_guess;
}

/*
 * Copies the normalization notes of s.  A live side rebuilt with a
 * non-admin token has no "vendor" key because only the admin-only
 * snapshot says it, not because it predates Directus 9.23.
 */
static void
snapshot_notes(struct dctx *d, const struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nnotes; i++) {
		if (s->filtered && i + 1 == s->vendor_note)
			changeset_note(d->cs,
			    xasprintf(
				"%s was rebuilt without admin "
				"access, which does not reveal the database "
				"vendor; its data types look like %s",
				s->origin, s->vendor_guess));
		else
			changeset_note(d->cs, xstrdup(s->notes[i]));
	}
}

static void
add_notes(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;
	const char *vo = eff_vendor(o), *vn = eff_vendor(n);

	/* the changeset holds every note of the run: reports print only it */
	snapshot_notes(d, o);
	snapshot_notes(d, n);
	if (o->directus != NULL && n->directus != NULL &&
	    strcmp(o->directus, n->directus) != 0)
		changeset_note(d->cs,
		    xasprintf(
			"the sides were written by different "
			"Directus versions (%s and %s): keys only one version "
			"emits are not compared",
			o->directus, n->directus));
	d->vendor_cmp = vo == NULL || vn == NULL || strcmp(vo, vn) == 0;
	if (!d->vendor_cmp)
		changeset_note(d->cs,
		    xasprintf(
			"the sides come from different "
			"database vendors (%s and %s): data types, defaults, "
			"lengths, precision and constraint names are not "
			"compared",
			vo, vn));
	if (o->has_system_fields != n->has_system_fields)
		changeset_note(d->cs,
		    xasprintf("only %s has \"systemFields\" "
			      "(Directus 11.13 and later): indexes on system "
			      "fields are "
			      "not compared",
			o->has_system_fields ? o->origin : n->origin));
	if (o->filtered || n->filtered)
		changeset_note(d->cs,
		    xasprintf(
			"%s was rebuilt from /collections, "
			"/fields and /relations with a token that may not see "
			"everything: entries it cannot read are named in a "
			"note, not reported as removed",
			o->filtered ? o->origin : n->origin));
}

/* the notes of what not_compared() left out */
static void
left_out_notes(struct dctx *d)
{
	const struct snapshot *o = d->old, *n = d->new;

	if (d->hidden.n > 0)
		changeset_note(d->cs,
		    xasprintf("%zu entr%s of %s %s not visible to this token "
			      "on %s (removed, or hidden by its permissions; "
			      "not reported as changes): %s",
			d->hidden.n, d->hidden.n == 1 ? "y" : "ies", o->origin,
			d->hidden.n == 1 ? "is" : "are", n->origin,
			names_text(&d->hidden)));
	if (d->untracked.n > 0)
		changeset_note(d->cs,
		    xasprintf("%zu untracked entr%s (meta: null) on one side "
			      "only %s not compared, because the other side's "
			      "Directus version writes none: %s",
			d->untracked.n, d->untracked.n == 1 ? "y" : "ies",
			d->untracked.n == 1 ? "is" : "are",
			names_text(&d->untracked)));
}

int
diff_snapshots(const struct snapshot *old, const struct snapshot *new,
    struct changeset *cs)
{
	struct dctx d;

	changeset_arena(cs);
	d.old = old;
	d.new = new;
	d.cs = cs;
	d.vendor_cmp = 1;
	d.hidden.names = (struct buf)BUF_INIT;
	d.hidden.n = 0;
	d.untracked.names = (struct buf)BUF_INIT;
	d.untracked.n = 0;
	add_notes(&d);
	diff_collections(&d);
	diff_fields(&d);
	diff_relations(&d);
	left_out_notes(&d);
	buf_release(&d.hidden.names);
	buf_release(&d.untracked.names);
	if (old->has_system_fields && new->has_system_fields)
		diff_system_fields(&d);
	changeset_sort(cs);
	return 0;
}
