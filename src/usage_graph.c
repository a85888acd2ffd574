/*
 * usage_graph.c: fields and relations across both snapshots and the
 * built-in system tables (usage_graph.h).
 */
#include "drift/compat.h"

#include <string.h>

#include "drift/arena.h"
#include "drift/model.h"
#include "drift/sysdata.h"
#include "drift/tree.h"
#include "drift/usage_graph.h"

static const struct sysdata_collection *
sys_collection(const char *name)
{
	size_t lo = 0, hi = sysdata_ncollections;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, sysdata_collections[mid].name);

		if (c == 0)
			return &sysdata_collections[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const struct sysdata_field *
sys_field(const char *collection, const char *field)
{
	const struct sysdata_collection *c = sys_collection(collection);
	size_t lo, hi;

	if (c == NULL)
		return NULL;
	lo = c->first_field;
	hi = c->first_field + c->nfields;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(field, sysdata_fields[mid].field);

		if (r == 0)
			return &sysdata_fields[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
usage_graph_is_system(const char *collection)
{
	return collection != NULL && sys_collection(collection) != NULL;
}

/* a collection entry that is a table (folders are not collections) */
static const struct entity *
snap_collection(const struct snapshot *s, const char *name)
{
	const struct entity *e;

	if (s == NULL || name == NULL)
		return NULL;
	e = snapshot_find_collection(s, name);
	if (e == NULL || entity_is_folder(e))
		return NULL;
	return e;
}

int
usage_graph_collection(const struct snapshot *old, const struct snapshot *new,
    const char *collection)
{
	if (collection == NULL)
		return 0;
	if (snap_collection(new, collection) != NULL)
		return 1;
	if (snap_collection(old, collection) != NULL)
		return 2;
	if (sys_collection(collection) != NULL)
		return 3;
	return 0;
}

const char *
usage_graph_collection_name(const struct snapshot *old,
    const struct snapshot *new, const char *collection, int *side)
{
	const struct entity *e;
	const struct sysdata_collection *sc;
	int dummy;

	if (side == NULL)
		side = &dummy;
	*side = 0;
	if (collection == NULL)
		return NULL;
	e = snap_collection(new, collection);
	if (e != NULL) {
		*side = 1;
		return e->collection;
	}
	e = snap_collection(old, collection);
	if (e != NULL) {
		*side = 2;
		return e->collection;
	}
	sc = sys_collection(collection);
	if (sc != NULL) {
		*side = 3;
		return sc->name;
	}
	return NULL;
}

/* 1 when the special list (a sequence, or a comma-separated string in old
   snapshots) holds word */
static int
has_special(const struct tnode *special, const char *word)
{
	size_t i, wl = strlen(word);

	if (special == NULL)
		return 0;
	if (special->kind == TN_SEQ) {
		for (i = 0; i < special->u.seq.n; i++) {
			const char *s = tnode_str(&special->u.seq.v[i]);

			if (s != NULL && strcmp(s, word) == 0)
				return 1;
		}
		return 0;
	}
	if (special->kind == TN_STR) {
		const char *p = special->u.s.p;

		while (*p != '\0') {
			size_t n = strcspn(p, ",");

			while (n > 0 && *p == ' ') {
				p++;
				n--;
			}
			if (n == wl && strncmp(p, word, wl) == 0)
				return 1;
			p += n;
			if (*p == ',')
				p++;
		}
	}
	return 0;
}

static int
csv_has(const char *csv, const char *word)
{
	size_t wl = strlen(word);

	while (csv != NULL && *csv != '\0') {
		size_t n = strcspn(csv, ",");

		if (n == wl && strncmp(csv, word, wl) == 0)
			return 1;
		csv += n;
		if (*csv == ',')
			csv++;
	}
	return 0;
}

/* the relation of s whose related_collection is c and meta.one_field f */
static const struct entity *
snap_o2m(const struct snapshot *s, const char *c, const char *f)
{
	return snapshot_find_o2m(s, c, f);
}

/* fills the relational kind of (c, f) from the relations of s */
static void
snap_kind(const struct snapshot *s, const char *c, const char *f,
    struct ug_field *out)
{
	const struct entity *r = snapshot_find_relation(s, c, f);
	const struct tnode *meta;

	if (r != NULL) {
		const char *rc = tnode_str(
		    tnode_get(r->node, "related_collection"));
		const struct tnode *allowed;

		meta = tnode_get(r->node, "meta");
		if (rc != NULL) {
			out->kind = UG_M2O;
			out->related = rc;
			out->related_field = tnode_str(
			    tnode_get(meta, "one_field"));
			return;
		}
		allowed = tnode_get(meta, "one_allowed_collections");
		if (allowed != NULL && allowed->kind == TN_SEQ) {
			const char **v;
			size_t i, n = 0;

			/* the snapshot outlives every ug_field: its arena
			   holds the array */
			v = arena_alloc(tree_arena(s->tree),
			    (allowed->u.seq.n + 1) * sizeof(*v));
			for (i = 0; i < allowed->u.seq.n; i++) {
				const char *a = tnode_str(&allowed->u.seq.v[i]);

				if (a != NULL)
					v[n++] = a;
			}
			v[n] = NULL;
			out->kind = UG_M2A;
			out->allowed = v;
			out->nallowed = n;
			return;
		}
	}
	r = snap_o2m(s, c, f);
	if (r != NULL) {
		out->kind = UG_O2M;
		out->related = r->collection;
		out->related_field = r->field;
	}
}

static void
sys_kind(const char *c, const char *f, struct ug_field *out)
{
	size_t i;

	for (i = 0; i < sysdata_nrelations; i++) {
		const struct sysdata_relation *r = &sysdata_relations[i];

		if (strcmp(r->many_collection, c) == 0 &&
		    strcmp(r->many_field, f) == 0) {
			out->kind = UG_M2O;
			out->related = r->one_collection;
			out->related_field = r->one_field;
			return;
		}
	}
	for (i = 0; i < sysdata_nrelations; i++) {
		const struct sysdata_relation *r = &sysdata_relations[i];

		if (r->one_field != NULL && strcmp(r->one_collection, c) == 0 &&
		    strcmp(r->one_field, f) == 0) {
			out->kind = UG_O2M;
			out->related = r->many_collection;
			out->related_field = r->many_field;
			return;
		}
	}
}

static void
fill_snap(const struct snapshot *s, int side, const struct entity *e,
    struct ug_field *out)
{
	const struct tnode *special;

	memset(out, 0, sizeof(*out));
	out->collection = e->collection;
	out->field = e->field;
	out->type = tnode_str(tnode_get(e->node, "type"));
	out->side = side;
	out->kind = UG_SCALAR;
	special = tnode_get(tnode_get(e->node, "meta"), "special");
	/* relations first: a DB-level FK may lack special m2o */
	snap_kind(s, e->collection, e->field, out);
	if (out->kind == UG_SCALAR && entity_is_alias(e) &&
	    has_special(special, "no-data"))
		out->kind = UG_PRESENTATION;
}

static void
fill_sys(const struct sysdata_field *f, struct ug_field *out)
{
	memset(out, 0, sizeof(*out));
	out->collection = f->collection;
	out->field = f->field;
	out->type = f->type;
	out->side = 3;
	out->kind = UG_SCALAR;
	sys_kind(f->collection, f->field, out);
	if (out->kind == UG_SCALAR && csv_has(f->special, "no-data"))
		out->kind = UG_PRESENTATION;
}

int
usage_graph_field_in(const struct snapshot *s, int side, const char *collection,
    const char *field, struct ug_field *out)
{
	const struct entity *e;

	memset(out, 0, sizeof(*out));
	if (collection == NULL || field == NULL)
		return 0;
	if (s == NULL) {
		const struct sysdata_field *f = sys_field(collection, field);

		if (f == NULL)
			return 0;
		fill_sys(f, out);
		return 1;
	}
	e = snapshot_find_field(s, collection, field);
	if (e != NULL) {
		fill_snap(s, side, e, out);
		return 1;
	}
	/* an o2m whose alias field has no directus_fields row (untracked):
	   Directus still serves it when the relation names it */
	if (snap_collection(s, collection) != NULL) {
		const struct entity *r = snap_o2m(s, collection, field);

		if (r != NULL) {
			out->collection =
			    snap_collection(s, collection)->collection;
			out->field = tnode_str(
			    tnode_get(tnode_get(r->node, "meta"), "one_field"));
			out->type = "alias";
			out->kind = UG_O2M;
			out->related = r->collection;
			out->related_field = r->field;
			out->side = side;
			return 1;
		}
	}
	return 0;
}

int
usage_graph_field(const struct snapshot *old, const struct snapshot *new,
    const char *collection, const char *field, struct ug_field *out)
{
	if (new != NULL && usage_graph_field_in(new, 1, collection, field, out))
		return 1;
	if (old != NULL && usage_graph_field_in(old, 2, collection, field, out))
		return 1;
	return usage_graph_field_in(NULL, 3, collection, field, out);
}

/* [lo, hi) of the fields of collection in s */
static void
snap_field_range(
    const struct snapshot *s, const char *collection, size_t *lo, size_t *hi)
{
	size_t a = 0, b = s->nfields;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strcmp(s->fields[mid].collection, collection) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = s->nfields;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strcmp(s->fields[mid].collection, collection) <= 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

size_t
usage_graph_each_field(const struct snapshot *old, const struct snapshot *new,
    const char *collection, void (*fn)(const struct ug_field *, void *),
    void *arg)
{
	struct ug_field u;
	size_t n = 0, lo, hi, i;
	const struct sysdata_collection *sc;

	if (collection == NULL)
		return 0;
	if (new != NULL) {
		snap_field_range(new, collection, &lo, &hi);
		for (i = lo; i < hi; i++) {
			fill_snap(new, 1, &new->fields[i], &u);
			fn(&u, arg);
			n++;
		}
	}
	if (old != NULL) {
		snap_field_range(old, collection, &lo, &hi);
		for (i = lo; i < hi; i++) {
			if (new != NULL &&
			    snapshot_find_field(
				new, collection, old->fields[i].field) != NULL)
				continue;
			fill_snap(old, 2, &old->fields[i], &u);
			fn(&u, arg);
			n++;
		}
	}
	sc = sys_collection(collection);
	if (sc != NULL) {
		for (i = sc->first_field; i < sc->first_field + sc->nfields;
		     i++) {
			const struct sysdata_field *f = &sysdata_fields[i];

			if ((new !=
				NULL &&snapshot_find_field(
				    new, collection, f->field) != NULL) ||
			    (old != NULL &&
				snapshot_find_field(
				    old, collection, f->field) != NULL))
				continue;
			fill_sys(f, &u);
			fn(&u, arg);
			n++;
		}
	}
	return n;
}

static const char *
snap_pk(const struct snapshot *s, const char *collection)
{
	size_t lo, hi, i;

	if (s == NULL || snap_collection(s, collection) == NULL)
		return NULL;
	snap_field_range(s, collection, &lo, &hi);
	for (i = lo; i < hi; i++) {
		const struct tnode *sch = tnode_get(
		    s->fields[i].node, "schema");

		if (tnode_is_true(tnode_get(sch, "is_primary_key")))
			return s->fields[i].field;
	}
	return NULL;
}

const char *
usage_graph_primary_key(const struct snapshot *old, const struct snapshot *new,
    const char *collection)
{
	const struct sysdata_collection *sc;
	const char *pk;

	if (collection == NULL)
		return NULL;
	pk = snap_pk(new, collection);
	if (pk == NULL && snap_collection(new, collection) == NULL)
		pk = snap_pk(old, collection);
	if (pk != NULL)
		return pk;
	sc = sys_collection(collection);
	return sc != NULL ? sc->pk : NULL;
}

int
usage_graph_singleton(const struct snapshot *old, const struct snapshot *new,
    const char *collection)
{
	const struct entity *e = snap_collection(new, collection);
	const struct sysdata_collection *sc;

	if (e == NULL)
		e = snap_collection(old, collection);
	if (e != NULL)
		return tnode_is_true(
		    tnode_get(tnode_get(e->node, "meta"), "singleton"));
	sc = collection != NULL ? sys_collection(collection) : NULL;
	return sc != NULL && sc->singleton;
}

size_t
usage_graph_each_collection(const struct snapshot *old,
    const struct snapshot *new, void (*fn)(const char *, int, void *),
    void *arg)
{
	size_t i, n = 0;

	if (new != NULL)
		for (i = 0; i < new->ncollections; i++) {
			if (entity_is_folder(&new->collections[i]))
				continue;
			fn(new->collections[i].collection, 1, arg);
			n++;
		}
	if (old != NULL)
		for (i = 0; i < old->ncollections; i++) {
			const char *c = old->collections[i].collection;

			if (entity_is_folder(&old->collections[i]) ||
			    snap_collection(new, c) != NULL)
				continue;
			fn(c, 2, arg);
			n++;
		}
	for (i = 0; i < sysdata_ncollections; i++) {
		const char *c = sysdata_collections[i].name;

		if (snap_collection(new, c) != NULL ||
		    snap_collection(old, c) != NULL)
			continue;
		fn(c, 3, arg);
		n++;
	}
	return n;
}
