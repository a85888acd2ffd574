/*
 * model.c: shape validation, normalization and indexing of a snapshot
 * (model.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/normalize.h"
#include "drift/snapshot_check.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

struct list_spec {
	const char *key;  /* "collections" */
	const char *what; /* "collection", for messages */
	enum entity_kind kind;
	int required;
	int need_field;
};

static const struct list_spec lists[] = {
	{ "collections", "collection", ENT_COLLECTION, 1, 0 },
	{ "fields", "field", ENT_FIELD, 1, 1 },
	{ "relations", "relation", ENT_RELATION, 0, 1 },
	{ "systemFields", "system field", ENT_SYSTEM_FIELD, 0, 1 },
};

static void
add_note(struct snapshot *s, char *note)
{
	s->notes = xreallocarray(s->notes, s->nnotes + 1, sizeof(*s->notes));
	s->notes[s->nnotes++] = note;
}

static int
entity_cmp(const void *x, const void *y)
{
	const struct entity *a = x, *b = y;
	int c = strcmp(a->collection, b->collection);

	if (c == 0 && a->field != NULL && b->field != NULL)
		c = strcmp(a->field, b->field);
	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	if (c == 0)
		c = a->col < b->col ? -1 : a->col > b->col;
	return c;
}

static const char *
id_string(const struct tnode *entry, const char *key, const char *origin,
    const char *what, struct derr *err)
{
	const struct tnode *v = tnode_get(entry, key);

	if (v == NULL) {
		derr_set(err, DRIFT_EXIT_INPUT, origin, entry->line, entry->col,
		    "%s entry has no \"%s\" key", what, key);
		return NULL;
	}
	if (v->kind != TN_STR) {
		derr_set(err, DRIFT_EXIT_INPUT, origin, v->line, v->col,
		    "\"%s\" of a %s entry must be a string (found %s)", key,
		    what, tnode_kind_name(v));
		return NULL;
	}
	return v->u.s.p;
}

/* validates, normalizes and indexes one list; 0 or -1 */
static int
read_list(struct snapshot *s, struct tnode *root, const struct list_spec *ls,
    struct norm_stats *st, struct norm_cache *nc, unsigned *votes,
    struct derr *err)
{
	static const char *const vendors[] = { "postgres", "sqlite", "mysql",
		"mssql", "oracle" };
	struct tnode *list = (struct tnode *)tnode_get(root, ls->key);
	struct entity *ents = NULL, **dst = NULL;
	size_t i, n = 0, *ndst = NULL;
	char at[32];
	int ret = -1;

	switch (ls->kind) {
	case ENT_COLLECTION:
		dst = &s->collections, ndst = &s->ncollections;
		break;
	case ENT_FIELD:
		dst = &s->fields, ndst = &s->nfields;
		break;
	case ENT_RELATION:
		dst = &s->relations, ndst = &s->nrelations;
		break;
	default:
		dst = &s->system_fields, ndst = &s->nsystem_fields;
		break;
	}
	if (ls->kind == ENT_SYSTEM_FIELD)
		s->has_system_fields = list != NULL;
	if (list == NULL || (list->kind == TN_NULL && !ls->required)) {
		if (ls->required) {
			derr_set(err, DRIFT_EXIT_INPUT, s->origin, root->line,
			    root->col,
			    "not a Directus schema snapshot: no "
			    "\"%s\" list",
			    ls->key);
			goto out;
		}
		ret = 0;
		goto out;
	}
	if (list->kind != TN_SEQ) {
		derr_set(err, DRIFT_EXIT_INPUT, s->origin, list->line,
		    list->col, "\"%s\" must be a sequence (found %s)", ls->key,
		    tnode_kind_name(list));
		goto out;
	}
	n = list->u.seq.n;
	ents = xcalloc(n ? n : 1, sizeof(*ents));
	for (i = 0; i < n; i++) {
		struct tnode *e = &list->u.seq.v[i];
		struct entity *en = &ents[i];
		const char *hint;

		if (e->kind != TN_MAP) {
			derr_set(err, DRIFT_EXIT_INPUT, s->origin, e->line,
			    e->col, "%s entry must be a mapping (found %s)",
			    ls->key, tnode_kind_name(e));
			goto out;
		}
		en->collection = id_string(
		    e, "collection", s->origin, ls->what, err);
		if (en->collection == NULL)
			goto out;
		if (ls->need_field) {
			en->field = id_string(
			    e, "field", s->origin, ls->what, err);
			if (en->field == NULL)
				goto out;
		}
		en->node = e;
		en->line = e->line;
		en->col = e->col;
		hint = norm_vendor_hint((int)ls->kind, e);
		if (hint != NULL) {
			size_t v;

			for (v = 0; v < DRIFT_ARRAY_LEN(vendors); v++)
				if (strcmp(hint, vendors[v]) == 0)
					votes[v]++;
		}
		norm_entry((int)ls->kind, e, st, nc);
	}
	/* Directus writes them sorted already: check before sorting */
	for (i = 1; i < n; i++)
		if (entity_cmp(&ents[i - 1], &ents[i]) > 0)
			break;
	if (i < n)
		qsort(ents, n, sizeof(*ents), entity_cmp);
	for (i = 1; i < n; i++) {
		const struct entity *a = &ents[i - 1], *b = &ents[i];

		if (strcmp(a->collection, b->collection) != 0 ||
		    (a->field != NULL && strcmp(a->field, b->field) != 0))
			continue;
		/* a column of 0 is unknown (tree.h): give the line only */
		if (a->col != 0)
			snprintf(at, sizeof(at), "%u:%u", (unsigned)a->line,
			    (unsigned)a->col);
		else
			snprintf(at, sizeof(at), "line %u", (unsigned)a->line);
		if (a->field != NULL)
			derr_set(err, DRIFT_EXIT_INPUT, s->origin, b->line,
			    b->col, "duplicate %s \"%s.%s\" (first at %s)",
			    ls->what, b->collection, b->field, at);
		else
			derr_set(err, DRIFT_EXIT_INPUT, s->origin, b->line,
			    b->col, "duplicate %s \"%s\" (first at %s)",
			    ls->what, b->collection, at);
		goto out;
	}
	*dst = ents;
	*ndst = n;
	ents = NULL;
	ret = 0;
out:
	free(ents);
	return ret;
}

/* the "directus" value as text: YAML may have read 9.4 as a number */
static const char *
scalar_text(struct tree *t, const struct tnode *v)
{
	struct buf b = BUF_INIT;
	const char *ret = NULL;

	if (v == NULL)
		return NULL;
	switch (v->kind) {
	case TN_STR:
		return v->u.s.p;
	case TN_INT:
		buf_addf(&b, "%lld", (long long)v->u.i);
		break;
	case TN_FLOAT:
		buf_addf(&b, "%.15g", v->u.f);
		break;
	case TN_BOOL:
		buf_adds(&b, v->u.b ? "true" : "false");
		break;
	default:
		return NULL;
	}
	ret = tree_strndup(t, b.buf, b.len);
	buf_release(&b);
	return ret;
}

static struct tnode *
unwrap(struct tnode *root)
{
	struct tnode *data = (struct tnode *)tnode_get(root, "data");

	if (data == NULL || data->kind != TN_MAP)
		return root;
	if (root->u.map.n == 1)
		return data;
	if (tnode_get(root, "collections") == NULL &&
	    tnode_get(data, "collections") != NULL)
		return data;
	return root;
}

static void build_o2m(struct snapshot *s);

int
snapshot_from_tree(
    struct tree *t, const char *origin, struct snapshot **out, struct derr *err)
{
	static const char *const vendors[] = { "postgres", "sqlite", "mysql",
		"mssql", "oracle" };
	struct snapshot *s = xcalloc(1, sizeof(*s));
	struct norm_stats st = { 0, 0, 0, 0 };
	unsigned votes[5] = { 0, 0, 0, 0, 0 };
	struct norm_cache *nc = NULL;
	struct tnode *root = tree_root(t);
	const struct tnode *v;
	size_t i;
	int ret = -1;

	*out = NULL;
	s->tree = t;
	s->origin = xstrdup(origin ? origin : "");
	if (root == NULL || root->kind != TN_MAP) {
		derr_set(err, DRIFT_EXIT_INPUT, s->origin,
		    root ? root->line : 0, root ? root->col : 0,
		    "expected a snapshot mapping at the top level (found %s)",
		    root ? tnode_kind_name(root) : "nothing");
		goto out;
	}
	root = unwrap(root);
	v = tnode_get(root, "version");
	if (v != NULL && v->kind == TN_INT)
		s->version = v->u.i;
	s->directus = scalar_text(t, tnode_get(root, "directus"));
	s->vendor = scalar_text(t, tnode_get(root, "vendor"));
	nc = norm_cache_new();
	for (i = 0; i < DRIFT_ARRAY_LEN(lists); i++)
		if (read_list(s, root, &lists[i], &st, nc, votes, err) < 0)
			goto out;
	if (s->vendor == NULL) {
		size_t best = DRIFT_ARRAY_LEN(vendors);

		for (i = 0; i < DRIFT_ARRAY_LEN(vendors); i++)
			if (votes[i] > 0 &&
			    (best == DRIFT_ARRAY_LEN(vendors) ||
				votes[i] > votes[best]))
				best = i;
		if (best < DRIFT_ARRAY_LEN(vendors)) {
			s->vendor_guess = vendors[best];
			s->vendor_note = s->nnotes + 1;
			add_note(s,
			    xasprintf("%s has no \"vendor\" key "
				      "(written before Directus 9.23); its "
				      "data types "
				      "look like "
				      "%s",
				s->origin, s->vendor_guess));
		}
	}
	if (st.raw_keys > 0)
		add_note(s,
		    xasprintf("%s uses the pre-9.23 format: %zu raw "
			      "database keys (such as schema.comment or "
			      "schema.sql) were "
			      "left out of the comparison",
			s->origin, st.raw_keys));
	build_o2m(s);
	s->nuntracked = st.untracked;
	if (st.untracked > 0)
		add_note(s,
		    xasprintf(
			"%s has %zu %s with \"meta: null\" "
			"(database objects Directus does not manage; Directus "
			"11.10 and later leave them out of snapshots)",
			s->origin, st.untracked,
			st.untracked == 1 ? "entry" : "entries"));
	if (s->version == 2)
		add_note(s,
		    xasprintf(
			"%s is a partial snapshot (version 2): "
			"collections outside its scope are absent, not removed",
			s->origin));
	*out = s;
	s = NULL;
	ret = 0;
out:
	norm_cache_free(&nc);
	if (s != NULL)
		snapshot_free(&s);
	return ret;
}

/*
 * Enforces lim->max_entities on the entries of the four lists of t, before
 * any work is done on them; the error points at the first entry past the
 * limit.  Returns 0, or -1 with err filled (status 3).
 */
static int
check_entities(const struct tree *t, const char *origin,
    const struct load_limits *lim, struct derr *err)
{
	struct load_limits def;
	struct tnode *root = tree_root(t);
	size_t i, total = 0;

	if (lim == NULL) {
		load_limits_default(&def);
		lim = &def;
	}
	if (root == NULL || root->kind != TN_MAP)
		return 0;
	root = unwrap(root);
	for (i = 0; i < DRIFT_ARRAY_LEN(lists); i++) {
		const struct tnode *l = tnode_get(root, lists[i].key);

		if (l == NULL || l->kind != TN_SEQ)
			continue;
		if (l->u.seq.n > lim->max_entities - total) {
			const struct tnode *e =
			    &l->u.seq.v[lim->max_entities - total];

			return derr_set(err, DRIFT_EXIT_INPUT,
			    origin && strcmp(origin, "-") != 0 ? origin
							       : "<stdin>",
			    e->line, e->col,
			    "too many entities: "
			    "more than the limit of %zu collections, fields, "
			    "relations and system fields",
			    lim->max_entities);
		}
		total += l->u.seq.n;
	}
	return 0;
}

int
snapshot_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct snapshot **out, struct derr *err)
{
	struct tree *t = NULL;
	struct derr cut_err = DERR_INIT;
	int ret = -1, cut;

	*out = NULL;
	if (load_tree(origin, data, len, LOAD_AUTO, lim, &t, err) < 0)
		goto out;
	if (check_entities(t, origin, lim, err) < 0) {
		tree_free(&t);
		goto out;
	}
	/* before normalizing, which drops keys; shape errors come first */
	cut = lim != NULL && lim->whole &&
	    snapshot_check_whole(t, data, len, origin, &cut_err) < 0;
	ret = snapshot_from_tree(t, origin, out, err);
	if (ret == 0 && cut) {
		snapshot_free(out);
		*err = cut_err;
		ret = -1;
	}
out:
	return ret;
}

/* an entry of the o2m index */
struct o2m_entry {
	const char *related, *one_field;
	const struct entity *rel;
};

static int
o2m_cmp(const void *x, const void *y)
{
	const struct o2m_entry *a = x, *b = y;
	int c = strcmp(a->related, b->related);

	if (c == 0)
		c = strcmp(a->one_field, b->one_field);
	if (c == 0) /* relations order among equal keys */
		c = a->rel < b->rel ? -1 : a->rel > b->rel;
	return c;
}

/* the o2m index of s (usage_graph.c asks it for every field it meets) */
static void
build_o2m(struct snapshot *s)
{
	size_t i, n = 0;

	if (s->nrelations == 0)
		return;
	s->o2m = xreallocarray(NULL, s->nrelations, sizeof(*s->o2m));
	for (i = 0; i < s->nrelations; i++) {
		const struct entity *r = &s->relations[i];
		const char *rc = tnode_str(
		    tnode_get(r->node, "related_collection"));
		const char *of = tnode_str(
		    tnode_get(tnode_get(r->node, "meta"), "one_field"));

		if (rc == NULL || of == NULL)
			continue;
		s->o2m[n].related = rc;
		s->o2m[n].one_field = of;
		s->o2m[n].rel = r;
		n++;
	}
	s->no2m = n;
	if (n > 1)
		qsort(s->o2m, n, sizeof(*s->o2m), o2m_cmp);
}

const struct entity *
snapshot_find_o2m(
    const struct snapshot *s, const char *related, const char *one_field)
{
	size_t lo = 0, hi = s->no2m;

	if (related == NULL || one_field == NULL)
		return NULL;
	while (lo < hi) { /* the first entry not below the key */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->o2m[mid].related, related);

		if (c == 0)
			c = strcmp(s->o2m[mid].one_field, one_field);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->no2m && strcmp(s->o2m[lo].related, related) == 0 &&
	    strcmp(s->o2m[lo].one_field, one_field) == 0)
		return s->o2m[lo].rel;
	return NULL;
}

void
snapshot_free(struct snapshot **sp)
{
	struct snapshot *s;
	size_t i;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	tree_free(&s->tree);
	free(s->origin);
	free(s->collections);
	free(s->fields);
	free(s->relations);
	free(s->o2m);
	free(s->system_fields);
	for (i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	free(s);
	*sp = NULL;
}

struct key2 {
	const char *collection, *field;
};

static int
find_cmp(const void *k, const void *elem)
{
	const struct key2 *key = k;
	const struct entity *e = elem;
	int c = strcmp(key->collection, e->collection);

	if (c == 0 && key->field != NULL)
		c = strcmp(key->field, e->field);
	return c;
}

static const struct entity *
find(
    const struct entity *v, size_t n, const char *collection, const char *field)
{
	struct key2 k;

	if (collection == NULL || n == 0)
		return NULL;
	k.collection = collection;
	k.field = field;
	return bsearch(&k, v, n, sizeof(*v), find_cmp);
}

const struct entity *
snapshot_find_collection(const struct snapshot *s, const char *collection)
{
	return find(s->collections, s->ncollections, collection, NULL);
}

const struct entity *
snapshot_find_field(
    const struct snapshot *s, const char *collection, const char *field)
{
	if (field == NULL)
		return NULL;
	return find(s->fields, s->nfields, collection, field);
}

const struct entity *
snapshot_find_relation(
    const struct snapshot *s, const char *collection, const char *field)
{
	if (field == NULL)
		return NULL;
	return find(s->relations, s->nrelations, collection, field);
}

int
entity_is_folder(const struct entity *e)
{
	return e != NULL && tnode_get(e->node, "schema") == NULL;
}

int
entity_is_alias(const struct entity *e)
{
	const char *type;

	if (e == NULL)
		return 0;
	type = tnode_str(tnode_get(e->node, "type"));
	return (type != NULL && strcmp(type, "alias") == 0) ||
	    tnode_get(e->node, "schema") == NULL;
}
