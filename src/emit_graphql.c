/*
 * emit_graphql.c: the GraphQL SDL Directus 11.17.4 serves for a snapshot
 * (emit_graphql.h).
 *
 * Three steps, as Directus does them:
 *   1. the schema overview: collections and fields as getSchema() builds
 *      them (columns first, then alias fields; no-data fields dropped; a
 *      collection without a primary key dropped), system collections from
 *      gql_system.h merged with what the snapshot adds to them, and the
 *      names GraphQL cannot carry dropped (sanitize-gql-schema.ts);
 *   2. the type composer: every type graphql-compose would hold, built in
 *      Directus's order with its replace-in-place semantics (a field set
 *      twice keeps its first position, as a spread of a JS object does);
 *   3. the printer: only types reachable from the root types, grouped by
 *      kind and sorted by name (graphql-compose's GROUP_BY_TYPE), each
 *      printed as graphql-compose's schemaPrinter does.
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/emit_graphql.h"
#include "drift/gql_naming.h"
#include "drift/gql_system.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* ---- 1. the schema overview ------------------------------------------ */

#define SP_CONCEAL 0x01u
#define SP_UUID 0x02u
#define SP_GENERATE 0x04u /* GENERATE_SPECIAL of @directus/constants */
#define SP_NODATA 0x08u
#define SP_ALIAS 0x10u /* ALIAS_TYPES of api/src/constants.ts */

struct ofield {
	const char *name;
	const char *type; /* Directus local type as getSchema() has it */
	unsigned special; /* SP_* */
	int nullable;
	int has_default;  /* JS truthiness of getDefaultValue() */
	const char *note; /* NULL: no description */
	uint32_t line, col;
};

struct ocoll {
	const char *name;
	int singleton;
	const char *pk;
	struct ofield *f;
	size_t nf;
};

struct orel {
	const char *collection, *field;
	const char *related;   /* NULL: many-to-any */
	const char *one_field; /* NULL when none */
	const char **allowed;  /* many-to-any: one_allowed_collections */
	size_t nallowed;
	uint32_t line, col; /* of the entry; 0 for a built-in one */
};

/* ---- 2. the type composer -------------------------------------------- */

/* print groups of graphql-compose's sortGetPositionOfType() */
enum gkind {
	GK_ROOT = 1,
	GK_SCALAR = 2,
	GK_ENUM = 3,
	GK_UNION = 4,
	GK_OBJECT = 6,
	GK_INPUT = 7
};

struct gfield {
	const char *name;
	const char *type; /* as printed: "[articles!]!" */
	const char *args; /* "(filter: x_filter, ...)" or NULL */
	const char *desc; /* NULL: none */
	int removed;
};

struct gtype {
	const char *name;
	enum gkind kind;
	int action;   /* 1 + enum action for the create_/update_ object types */
	int root_pos; /* Query 0, Mutation 1, Subscription 2 */
	const char *desc;
	struct gfield *f;
	size_t nf, af;
	const char **members; /* union members, enum values */
	size_t nmembers;
	int mark; /* reachable */
};

struct gctx {
	struct arena *a;
	const struct snapshot *user, *sys;
	struct ocoll *c;
	size_t nc;
	struct orel *r;
	size_t nr;
	/* types by name: open addressing, power-of-two capacity */
	struct gtype **tab;
	size_t ntab, cap;
	struct gtype **all; /* in creation order */
	size_t nall, aall;
	/* fields by (type, name): open addressing, power-of-two capacity */
	struct fslot *fx;
	size_t nfx, fxcap;
	/* collections by name: indexes into c, open addressing */
	size_t *cx;
	size_t cxcap;
};

struct fslot {
	const struct gtype *t; /* NULL: empty */
	const char *name;
	size_t idx; /* into t->f */
};

static const char *
astr(struct gctx *g, const char *s)
{
	return arena_strndup(g->a, s, strlen(s));
}

static const char *afmt(struct gctx *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
afmt(struct gctx *g, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	s = arena_strndup(g->a, b.buf, b.len);
	buf_release(&b);
	return s;
}

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct gtype *
type_find(const struct gctx *g, const char *name)
{
	size_t i;

	if (g->cap == 0)
		return NULL;
	for (i = name_hash(name) & (g->cap - 1); g->tab[i] != NULL;
	     i = (i + 1) & (g->cap - 1))
		if (strcmp(g->tab[i]->name, name) == 0)
			return g->tab[i];
	return NULL;
}

static void
type_insert(struct gctx *g, struct gtype *t)
{
	size_t i;

	if ((g->ntab + 1) * 2 > g->cap) {
		struct gtype **old = g->tab;
		size_t oldcap = g->cap, j;

		g->cap = g->cap ? g->cap * 2 : 256;
		g->tab = xcalloc(g->cap, sizeof(*g->tab));
		g->ntab = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j] != NULL)
				type_insert(g, old[j]);
		free(old);
	}
	for (i = name_hash(t->name) & (g->cap - 1); g->tab[i] != NULL;
	     i = (i + 1) & (g->cap - 1))
		if (strcmp(g->tab[i]->name, t->name) == 0) {
			/* a later type of one name replaces the earlier */
			g->tab[i] = t;
			return;
		}
	g->tab[i] = t;
	g->ntab++;
}

static struct gtype *
type_new(struct gctx *g, const char *name, enum gkind kind)
{
	struct gtype *t = arena_zalloc(g->a, sizeof(*t));

	t->name = astr(g, name);
	t->kind = kind;
	type_insert(g, t);
	if (g->nall == g->aall) {
		g->aall = g->aall ? g->aall * 2 : 256;
		g->all = xreallocarray(g->all, g->aall, sizeof(*g->all));
	}
	g->all[g->nall++] = t;
	return t;
}

static uint64_t
fslot_hash(const struct gtype *t, const char *name)
{
	uint64_t h = name_hash(name) ^ (uint64_t)(uintptr_t)t;

	/* a 64-bit finalizer: the pointer's low bits are all zero */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static struct fslot *
fslot_find(struct gctx *g, const struct gtype *t, const char *name)
{
	size_t i;

	if (g->fxcap == 0)
		return NULL;
	for (i = fslot_hash(t, name) & (g->fxcap - 1); g->fx[i].t != NULL;
	     i = (i + 1) & (g->fxcap - 1))
		if (g->fx[i].t == t && strcmp(g->fx[i].name, name) == 0)
			return &g->fx[i];
	return NULL;
}

static void
fslot_put(struct gctx *g, const struct gtype *t, const char *name, size_t idx)
{
	struct fslot *f;
	size_t i;

	if ((f = fslot_find(g, t, name)) != NULL) {
		f->idx = idx;
		return;
	}
	if ((g->nfx + 1) * 2 > g->fxcap) {
		struct fslot *old = g->fx;
		size_t oldcap = g->fxcap, j;

		g->fxcap = g->fxcap ? g->fxcap * 2 : 1024;
		g->fx = xcalloc(g->fxcap, sizeof(*g->fx));
		g->nfx = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j].t != NULL)
				fslot_put(g, old[j].t, old[j].name, old[j].idx);
		free(old);
	}
	for (i = fslot_hash(t, name) & (g->fxcap - 1); g->fx[i].t != NULL;
	     i = (i + 1) & (g->fxcap - 1))
		;
	g->fx[i].t = t;
	g->fx[i].name = name;
	g->fx[i].idx = idx;
	g->nfx++;
}

static struct gfield *
field_find(struct gctx *g, struct gtype *t, const char *name)
{
	struct fslot *f = fslot_find(g, t, name);

	if (f == NULL || t->f[f->idx].removed)
		return NULL;
	return &t->f[f->idx];
}

/*
 * addFields(): a field that exists is replaced where it stands (its
 * arguments and description with it); a new one, or one removed before,
 * goes last.
 */
static void
field_set(struct gctx *g, struct gtype *t, const char *name, const char *type,
    const char *desc)
{
	struct gfield *f = field_find(g, t, name);

	if (f == NULL) {
		if (t->nf == t->af) {
			t->af = t->af ? t->af * 2 : 16;
			t->f = xreallocarray(t->f, t->af, sizeof(*t->f));
		}
		f = &t->f[t->nf];
		f->name = name;
		fslot_put(g, t, name, t->nf++);
	}
	f->type = type;
	f->args = NULL;
	f->desc = desc;
	f->removed = 0;
}

static void
field_remove(struct gctx *g, struct gtype *t, const char *name)
{
	struct gfield *f = field_find(g, t, name);

	if (f != NULL)
		f->removed = 1;
}

/*
 * clone(): the same fields under another name, and an empty description
 * (graphql-compose's clone() gives one, which prints as """""")
 */
static struct gtype *
type_clone(struct gctx *g, const struct gtype *src, const char *name)
{
	struct gtype *t = type_new(g, name, src->kind);
	size_t i;

	t->desc = "";

	for (i = 0; i < src->nf; i++)
		if (!src->f[i].removed) {
			field_set(g, t, src->f[i].name, src->f[i].type,
			    src->f[i].desc);
			t->f[t->nf - 1].args = src->f[i].args;
		}
	return t;
}

static void
types_release(struct gctx *g)
{
	size_t i;

	for (i = 0; i < g->nall; i++)
		free(g->all[i]->f);
	free(g->all);
	free(g->tab);
	free(g->fx);
	free(g->cx);
}

/* ---- reading the snapshots ------------------------------------------- */

static const char *const alias_types[] = { "alias", "o2m", "m2m", "m2a", "o2a",
	"files", "translations" };

static int
in_list(const char *s, size_t len, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return 1;
	return 0;
}

static unsigned
special_bit(const char *s, size_t len)
{
	unsigned b = 0;

	if (len == 7 && memcmp(s, "conceal", 7) == 0)
		b |= SP_CONCEAL;
	if (len == 4 && memcmp(s, "uuid", 4) == 0)
		b |= SP_UUID;
	if (len == 7 && memcmp(s, "no-data", 7) == 0)
		b |= SP_NODATA;
	if (len < 32) {
		char w[32];

		memcpy(w, s, len);
		w[len] = '\0';
		if (gql_generated_special(w))
			b |= SP_GENERATE;
	}
	if (in_list(s, len, alias_types,
		sizeof(alias_types) / sizeof(alias_types[0])))
		b |= SP_ALIAS;
	return b;
}

/*
 * meta.special: a list, or (before 9.x normalization, and as
 * directus_fields stores it) a comma-separated string: toArray().
 * *first gets the first flag (getLocalType() reads special[0]).
 */
static unsigned
read_special(struct gctx *g, const struct tnode *n, const char **first)
{
	unsigned bits = 0;
	size_t i;

	*first = NULL;
	if (n == NULL)
		return 0;
	if (n->kind == TN_SEQ) {
		for (i = 0; i < n->u.seq.n; i++) {
			const struct tnode *v = &n->u.seq.v[i];

			if (v->kind != TN_STR)
				continue;
			if (*first == NULL && i == 0)
				*first = v->u.s.p;
			bits |= special_bit(v->u.s.p, v->u.s.len);
		}
	} else if (n->kind == TN_STR) {
		const char *p = n->u.s.p, *end = p + n->u.s.len, *q;

		while (p < end) {
			q = memchr(p, ',', (size_t)(end - p));
			if (q == NULL)
				q = end;
			if (*first == NULL && q > p)
				*first = arena_strndup(
				    g->a, p, (size_t)(q - p));
			bits |= special_bit(p, (size_t)(q - p));
			p = q + 1;
		}
	}
	return bits;
}

static int
is_numeric_type(const char *t)
{
	return strcmp(t, "bigInteger") == 0 || strcmp(t, "integer") == 0 ||
	    strcmp(t, "decimal") == 0 || strcmp(t, "float") == 0;
}

/* JavaScript truthiness of Number(s) for a numeric column's default */
static int
number_truthy(const char *s, size_t len)
{
	char *end, *tmp;
	double d;
	int ret;

	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++, len--;
	while (len > 0 &&
	    (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
		len--;
	if (len == 0)
		return 0; /* Number("") is 0 */
	tmp = xstrndup(s, len);
	d = strtod(tmp, &end);
	/* not a number: getDefaultValue() keeps the (non-empty) string */
	ret = *end != '\0' ? 1 : d != 0;
	free(tmp);
	return ret;
}

/* JSON.parse(s) truthiness; a string that does not parse stays truthy */
static int
json_text_truthy(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, len--;
	if (len == 0)
		return 0;
	if ((len == 4 && memcmp(s, "null", 4) == 0) ||
	    (len == 5 && memcmp(s, "false", 5) == 0) ||
	    (len == 2 && memcmp(s, "\"\"", 2) == 0))
		return 0;
	if ((*s >= '0' && *s <= '9') || *s == '-')
		return number_truthy(s, len);
	return 1;
}

/*
 * Whether getDefaultValue(column) is truthy, which is all the NonNull and
 * primary-key rules ask.  An auto-increment column's overview default is
 * "AUTO_INCREMENT" (@directus/schema), whatever the snapshot spells.
 */
static int
default_truthy(const struct tnode *schema, const char *type)
{
	const struct tnode *d = tnode_get(schema, "default_value");

	if (tnode_is_true(tnode_get(schema, "has_auto_increment")))
		return 1;
	if (tnode_is_nullish(d))
		return 0;
	switch (d->kind) {
	case TN_BOOL:
		return d->u.b;
	case TN_INT:
		return d->u.i != 0;
	case TN_FLOAT:
		return d->u.f != 0 && d->u.f == d->u.f;
	case TN_MAP:
	case TN_SEQ:
		return 1;
	case TN_STR:
		break;
	default:
		return 0;
	}
	if (strcmp(d->u.s.p, "0000-00-00 00:00:00") == 0)
		return 0;
	if (is_numeric_type(type))
		return number_truthy(d->u.s.p, d->u.s.len);
	if (strcmp(type, "boolean") == 0) {
		/* castToBoolean() */
		if (strcmp(d->u.s.p, "0") == 0 ||
		    strcmp(d->u.s.p, "false") == 0)
			return 0;
		return d->u.s.len > 0;
	}
	if (strcmp(type, "json") == 0)
		return json_text_truthy(d->u.s.p, d->u.s.len);
	return d->u.s.len > 0;
}

static int
entity_order(const void *x, const void *y)
{
	const struct ofield *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* the first index of collection c in s->fields (sorted by collection) */
static size_t
fields_start(const struct snapshot *s, const char *c)
{
	size_t lo = 0, hi = s->nfields, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(s->fields[mid].collection, c) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *
primary_key(const struct snapshot *s, const char *c)
{
	size_t i;

	for (i = fields_start(s, c);
	     i < s->nfields && strcmp(s->fields[i].collection, c) == 0; i++)
		if (tnode_is_true(
			tnode_get(tnode_get(s->fields[i].node, "schema"),
			    "is_primary_key")))
			return s->fields[i].field;
	return NULL;
}

/*
 * Appends the fields of collection c in s to v: pass 0 the columns, pass
 * 1 the alias fields that getSchema() keeps, each in file order (the
 * order Directus wrote them: columns by position, aliases by id).
 */
static void
add_fields(struct gctx *g, const struct snapshot *s, const char *c, int pass,
    struct ofield **v, size_t *n, size_t *alloc)
{
	size_t i, start = *n;

	for (i = fields_start(s, c);
	     i < s->nfields && strcmp(s->fields[i].collection, c) == 0; i++) {
		const struct entity *e = &s->fields[i];
		const struct tnode *schema = tnode_get(e->node, "schema");
		const struct tnode *meta = tnode_get(e->node, "meta");
		const char *type = tnode_str(tnode_get(e->node, "type"));
		const char *first;
		unsigned sp = read_special(
		    g, tnode_get(meta, "special"), &first);
		struct ofield *f;

		if (sp & SP_NODATA)
			continue;
		if (pass == 0 && schema == NULL)
			continue;
		if (pass == 1 && (schema != NULL || !(sp & SP_ALIAS)))
			continue;
		if (*n == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 32;
			*v = xreallocarray(*v, *alloc, sizeof(**v));
		}
		f = &(*v)[(*n)++];
		memset(f, 0, sizeof(*f));
		f->name = e->field;
		f->line = e->line;
		f->col = e->col;
		f->special = sp;
		f->note = tnode_str(tnode_get(meta, "note"));
		if (schema == NULL) {
			f->type = "alias";
			f->nullable = 1;
			continue;
		}
		if (type == NULL)
			type = "unknown";
		/* getLocalType(): a geometry column's type is special[0] */
		if (strncmp(type, "geometry", 8) == 0)
			type = first != NULL ? first : "geometry";
		f->type = type;
		f->nullable = !(tnode_get(schema, "is_nullable") != NULL &&
		    tnode_get(schema, "is_nullable")->kind == TN_BOOL &&
		    !tnode_is_true(tnode_get(schema, "is_nullable")));
		f->has_default = default_truthy(schema, type);
	}
	if (*n - start > 1)
		qsort(*v + start, *n - start, sizeof(**v), entity_order);
}

static void
add_collection(struct gctx *g, const struct entity *e, size_t *alloc)
{
	struct ocoll *c;
	size_t af = 0;
	const char *pk;

	if (entity_is_folder(e) ||
	    gql_collection_skip(e->collection) != GQL_SKIP_NONE)
		return;
	pk = primary_key(gql_is_system_name(e->collection) ? g->sys : g->user,
	    e->collection);
	if (pk == NULL)
		pk = primary_key(g->user, e->collection);
	if (pk == NULL)
		return; /* getSchema(): no primary key, ignored */
	if (g->nc == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 32;
		g->c = xreallocarray(g->c, *alloc, sizeof(*g->c));
	}
	c = &g->c[g->nc++];
	memset(c, 0, sizeof(*c));
	c->name = e->collection;
	c->pk = pk;
	c->singleton = tnode_is_true(
	    tnode_get(tnode_get(e->node, "meta"), "singleton"));
	if (gql_is_system_name(e->collection)) {
		/*
		 * columns: the system ones, then those the project added;
		 * aliases: the project's directus_fields rows, then the
		 * system field rows (getDatabaseSchema()).
		 */
		add_fields(g, g->sys, c->name, 0, &c->f, &c->nf, &af);
		add_fields(g, g->user, c->name, 0, &c->f, &c->nf, &af);
		add_fields(g, g->user, c->name, 1, &c->f, &c->nf, &af);
		add_fields(g, g->sys, c->name, 1, &c->f, &c->nf, &af);
	} else {
		add_fields(g, g->user, c->name, 0, &c->f, &c->nf, &af);
		add_fields(g, g->user, c->name, 1, &c->f, &c->nf, &af);
	}
	if (c->nf == 0) {
		free(c->f);
		g->nc--;
	}
}

/* builds g->cx, the index of g->c by name (after the collections) */
static void
coll_index(struct gctx *g)
{
	size_t i, j;

	g->cxcap = 64;
	while (g->cxcap < g->nc * 2)
		g->cxcap *= 2;
	g->cx = xreallocarray(NULL, g->cxcap, sizeof(*g->cx));
	for (i = 0; i < g->cxcap; i++)
		g->cx[i] = SIZE_MAX;
	for (i = 0; i < g->nc; i++) {
		for (j = name_hash(g->c[i].name) & (g->cxcap - 1);
		     g->cx[j] != SIZE_MAX; j = (j + 1) & (g->cxcap - 1))
			;
		g->cx[j] = i;
	}
}

static const struct ocoll *
coll_find(const struct gctx *g, const char *name)
{
	size_t j;

	if (name == NULL || g->cxcap == 0)
		return NULL;
	for (j = name_hash(name) & (g->cxcap - 1); g->cx[j] != SIZE_MAX;
	     j = (j + 1) & (g->cxcap - 1))
		if (strcmp(g->c[g->cx[j]].name, name) == 0)
			return &g->c[g->cx[j]];
	return NULL;
}

static void
add_relation(struct gctx *g, const char *collection, const char *field,
    const struct tnode *node, uint32_t line, uint32_t col, size_t *alloc)
{
	const struct tnode *meta = tnode_get(node, "meta");
	const struct tnode *allowed = tnode_get(
	    meta, "one_allowed_collections");
	const char *related = tnode_str(tnode_get(node, "related_collection"));
	struct orel *r;
	size_t j;

	/* sanitize-gql-schema.ts: relations to dropped collections */
	if (collection == NULL || field == NULL ||
	    coll_find(g, collection) == NULL ||
	    (related != NULL && coll_find(g, related) == NULL))
		return;
	if (allowed != NULL && allowed->kind == TN_SEQ)
		for (j = 0; j < allowed->u.seq.n; j++)
			if (coll_find(g, tnode_str(&allowed->u.seq.v[j])) ==
			    NULL)
				return;
	if (g->nr == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 32;
		g->r = xreallocarray(g->r, *alloc, sizeof(*g->r));
	}
	r = &g->r[g->nr++];
	memset(r, 0, sizeof(*r));
	r->collection = collection;
	r->field = field;
	r->related = related;
	r->one_field = tnode_str(tnode_get(meta, "one_field"));
	r->line = line;
	r->col = col;
	if (related == NULL && allowed != NULL && allowed->kind == TN_SEQ &&
	    allowed->u.seq.n > 0) {
		r->nallowed = allowed->u.seq.n;
		r->allowed = arena_alloc(
		    g->a, r->nallowed * sizeof(*r->allowed));
		for (j = 0; j < r->nallowed; j++)
			r->allowed[j] = tnode_str(&allowed->u.seq.v[j]);
	}
}

static void
add_relations(struct gctx *g, const struct snapshot *s, size_t *alloc)
{
	const struct tnode *more;
	size_t i;

	for (i = 0; i < s->nrelations; i++)
		add_relation(g, s->relations[i].collection,
		    s->relations[i].field, s->relations[i].node,
		    s->relations[i].line, s->relations[i].col, alloc);
	/* gql_system.h: a second relation on one column */
	more = tnode_get(tree_root(s->tree), "relations_more");
	if (s == g->sys && more != NULL && more->kind == TN_SEQ)
		for (i = 0; i < more->u.seq.n; i++) {
			const struct tnode *n = &more->u.seq.v[i];

			add_relation(g, tnode_str(tnode_get(n, "collection")),
			    tnode_str(tnode_get(n, "field")), n, 0, 0, alloc);
		}
}

static void
overview(struct gctx *g)
{
	size_t ac = 0, ar = 0, i;

	for (i = 0; i < g->user->ncollections; i++)
		if (!gql_is_system_name(g->user->collections[i].collection))
			add_collection(g, &g->user->collections[i], &ac);
	for (i = 0; i < g->sys->ncollections; i++)
		add_collection(g, &g->sys->collections[i], &ac);
	coll_index(g);
	add_relations(g, g->sys, &ar);
	add_relations(g, g->user, &ar);
}

/*
 * Directus does not sanitize field names, and graphql-js 16 checks only
 * one rule of theirs when it validates a schema (live, 11.17.4):
 *   - a name starting with __ fails the validation: every /graphql request
 *     answers 500, so there is no SDL to emit: -1, err set (bad input, at
 *     the field);
 *   - another name that is not a GraphQL name (2fa, my-field, n!me) passes:
 *     queries work, the field is listed in /server/specs/graphql, which is
 *     then not SDL (graphql-js cannot parse it), and no query can name
 *     it.  It is left out, with a warning, so the SDL stays SDL.
 * The fields relations make (the many side, the one side's alias) are
 * names too.
 */
enum name_verdict { NAME_OK, NAME_LEFT_OUT, NAME_FATAL };

static enum name_verdict
name_verdict(const char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '_' && s[1] == '_')
		return NAME_FATAL;
	return gql_valid_name(s, n) ? NAME_OK : NAME_LEFT_OUT;
}

static int
name_check(const struct gctx *g, const char *c, const char *f, uint32_t line,
    uint32_t col, struct derr *err)
{
	switch (name_verdict(f)) {
	case NAME_OK:
		return 0;
	case NAME_LEFT_OUT:
		drift_warn(
		    "%s:%u:%u: field %s.%s is left out of the SDL: it is "
		    "not a GraphQL name, so no query can select it "
		    "(Directus lists it, and graphql-js cannot parse "
		    "what it serves)",
		    g->user->origin, (unsigned)line, (unsigned)col, c, f);
		return 1;
	default:
		derr_set(err, DRIFT_EXIT_INPUT, g->user->origin, line, col,
		    "field %s.%s starts with __, which GraphQL reserves: "
		    "Directus fails every /graphql request (500)",
		    c, f);
		derr_hint(err,
		    "rename the field; REST and --lang ts are not affected");
		return -1;
	}
}

static int
check_field_names(struct gctx *g, struct derr *err)
{
	size_t i, j, k;
	int r;

	for (i = 0; i < g->nc; i++) {
		struct ocoll *c = &g->c[i];

		for (j = k = 0; j < c->nf; j++) {
			r = name_check(g, c->name, c->f[j].name, c->f[j].line,
			    c->f[j].col, err);
			if (r < 0)
				return -1;
			if (r == 0)
				c->f[k++] = c->f[j];
		}
		c->nf = k;
	}
	for (i = k = 0; i < g->nr; i++) {
		struct orel *rel = &g->r[i];
		enum name_verdict v = name_verdict(rel->field);

		/* the many side is a field above when the snapshot lists it */
		if (v == NAME_FATAL)
			return name_check(g, rel->collection, rel->field,
			    rel->line, rel->col, err);
		if (v == NAME_LEFT_OUT)
			continue; /* the relation goes with its field */
		if (rel->one_field != NULL && rel->related != NULL) {
			r = name_check(g, rel->related, rel->one_field,
			    rel->line, rel->col, err);
			if (r < 0)
				return -1;
			if (r > 0)
				rel->one_field = NULL; /* no alias */
		}
		g->r[k++] = *rel;
	}
	g->nr = k;
	return 0;
}

/* ---- 2. building the types ------------------------------------------- */

enum action { A_READ = 0, A_CREATE, A_UPDATE };

/* getGraphQLType(), through the naming module */
static const char *
scalar_of(const struct ofield *f)
{
	return gql_scalar_name(
	    gql_scalar_for(f->type, (f->special & SP_CONCEAL) != 0));
}

static const char *const action_prefix[] = { "", "create_", "update_" };

/* "(name: type, ...)" of an argument list of gql_naming.h, "%s" in a
   type replaced by the collection */
static const char *
args_of(struct gctx *g, const struct gql_arg *a, size_t n, const char *coll)
{
	struct buf b = BUF_INIT;
	const char *s;
	size_t i;

	buf_addch(&b, '(');
	for (i = 0; i < n; i++) {
		const char *t = a[i].type, *p = strstr(t, "%s");

		buf_addf(&b, "%s%s: ", i ? ", " : "", a[i].name);
		if (p == NULL) {
			buf_adds(&b, t);
		} else {
			buf_add(&b, t, (size_t)(p - t));
			buf_adds(&b, coll);
			buf_adds(&b, p + 2);
		}
	}
	buf_addch(&b, ')');
	s = arena_strndup(g->a, b.buf, b.len);
	buf_release(&b);
	return s;
}

static const char *
root_args(struct gctx *g, enum gql_op op, int singleton, const char *coll)
{
	size_t n;
	const struct gql_arg *a = gql_root_args(op, singleton, &n);

	return args_of(g, a, n, coll);
}

static const char *
list_args(struct gctx *g, const char *collection)
{
	size_t n;
	const struct gql_arg *a = gql_relation_args(&n);

	return args_of(g, a, n, collection);
}

/* per collection, indexed like g->c */
struct ctypes {
	struct gtype *t[3];    /* read, create, update object types */
	struct gtype *version; /* version_<c> */
	struct gtype *filter, *quant;
};

/* getTypes() for one action */
static void
build_types(struct gctx *g, struct ctypes *ct, enum action act)
{
	size_t i, j;

	for (i = 0; i < g->nc; i++) {
		const struct ocoll *c = &g->c[i];
		struct gtype *t;

		if (gql_system_denied(c->name))
			continue;
		t = type_new(
		    g, afmt(g, "%s%s", action_prefix[act], c->name), GK_OBJECT);
		ct[i].t[act] = t;
		t->action = 1 + (int)act;
		for (j = 0; j < c->nf; j++) {
			const struct ofield *f = &c->f[j];
			static const enum gql_action ga[] = { GQLA_READ,
				GQLA_CREATE, GQLA_UPDATE };
			struct gql_field_facts facts;
			struct buf b = BUF_INIT;
			const char *type, *fn;

			memset(&facts, 0, sizeof(facts));
			facts.type = f->type;
			facts.conceal = (f->special & SP_CONCEAL) != 0;
			facts.generated = (f->special & SP_GENERATE) != 0;
			facts.uuid_special = (f->special & SP_UUID) != 0;
			facts.primary_key = strcmp(c->pk, f->name) == 0;
			facts.nullable = f->nullable;
			/* JS truthiness of the overview default, not "is set" */
			facts.has_default = f->has_default;
			facts.collection = c->name;
			gql_field_type(&facts, ga[act], &b);
			type = arena_strndup(g->a, b.buf, b.len);
			buf_release(&b);
			field_set(g, t, f->name, type, f->note);
			if (act == A_READ &&
			    (fn = gql_func_type(f->type)) != NULL)
				field_set(g, t, afmt(g, "%s_func", f->name), fn,
				    NULL);
		}
		/* the update clone is the one the printer sees (see below) */
		if (act == A_UPDATE)
			ct[i].version = type_clone(
			    g, t, afmt(g, "version_%s", c->name));
	}
	for (i = 0; i < g->nr; i++) {
		const struct orel *r = &g->r[i];
		const struct ocoll *cm = coll_find(g, r->collection);
		size_t im = (size_t)(cm - g->c), io;
		struct gtype *tm = ct[im].t[act];

		if (r->related != NULL) {
			const struct ocoll *co = coll_find(g, r->related);
			struct gtype *to;

			if (gql_system_denied(r->related))
				continue;
			io = (size_t)(co - g->c);
			to = ct[io].t[act];
			if (tm != NULL && to != NULL)
				field_set(g, tm, r->field, to->name, NULL);
			if (act == A_UPDATE && ct[im].version != NULL)
				field_set(
				    g, ct[im].version, r->field, "JSON", NULL);
			if (r->one_field != NULL && to != NULL && tm != NULL) {
				field_set(g, to, r->one_field,
				    afmt(g, "[%s]", tm->name), NULL);
				if (act == A_UPDATE && ct[io].version != NULL)
					field_set(g, ct[io].version,
					    r->one_field, "JSON", NULL);
			}
		} else if (r->nallowed > 0 && act == A_READ && tm != NULL) {
			const char *uname = afmt(
			    g, "%s_%s_union", r->collection, r->field);
			struct gtype *u = type_new(g, uname, GK_UNION);

			u->nmembers = r->nallowed;
			u->members = arena_alloc(
			    g->a, r->nallowed * sizeof(*u->members));
			for (j = 0; j < r->nallowed; j++)
				u->members[j] = r->allowed[j];
			field_set(g, tm, r->field, uname, NULL);
		}
	}
}

static const char *const operator_types[] = { "id_filter_operators",
	"string_filter_operators", "boolean_filter_operators",
	"date_filter_operators", "number_filter_operators",
	"big_int_filter_operators", "geometry_filter_operators",
	"hash_filter_operators", "count_function_filter_operators",
	"date_function_filter_operators", "time_function_filter_operators",
	"datetime_function_filter_operators" };

static void
fixed_types(struct gctx *g)
{
	static const struct {
		const char *name, *desc;
	} scalars[] = {
		{ "Boolean",
		    "The `Boolean` scalar type represents `true` or `false`." },
		{ "Date", "ISO8601 Date values" },
		{ "Float",
		    "The `Float` scalar type represents signed "
		    "double-precision "
		    "fractional values as specified by [IEEE 754]"
		    "(https://en.wikipedia.org/wiki/IEEE_floating_point)." },
		{ "GraphQLBigInt", "BigInt value" },
		{ "GraphQLGeoJSON", "GeoJSON value" },
		{ "GraphQLStringOrFloat", "A Float or a String" },
		{ "Hash", "Hashed string values" },
		{ "ID",
		    "The `ID` scalar type represents a unique identifier, "
		    "often "
		    "used to refetch an object or as key for a cache. The ID "
		    "type appears in a JSON response as a String; however, it "
		    "is not intended to be human-readable. When expected as an "
		    "input type, any string (such as `\"4\"`) or integer (such "
		    "as `4`) input value will be accepted as an ID." },
		{ "Int",
		    "The `Int` scalar type represents non-fractional signed "
		    "whole numeric values. Int can represent values between "
		    "-(2^31) and 2^31 - 1." },
		{ "JSON",
		    "The `JSON` scalar type represents JSON values as "
		    "specified "
		    "by [ECMA-404](http://www.ecma-international.org/"
		    "publications/files/ECMA-ST/ECMA-404.pdf)." },
		{ "String",
		    "The `String` scalar type represents textual data, "
		    "represented as UTF-8 character sequences. The String type "
		    "is most often used by GraphQL to represent free-form "
		    "human-readable text." },
		{ "Void", "Represents NULL values" },
	};
	static const char *const events[] = { "create", "update", "delete" };
	static const char *const func_types[] = { "count_functions",
		"date_functions", "time_functions", "datetime_functions" };
	struct gtype *t;
	size_t i;

	for (i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
		type_new(g, scalars[i].name, GK_SCALAR)->desc = scalars[i].desc;
	t = type_new(g, "EventEnum", GK_ENUM);
	t->members = (const char **)events;
	t->nmembers = 3;

	/* the <f>_func result types, as the naming module lists them */
	for (i = 0; i < sizeof(func_types) / sizeof(func_types[0]); i++) {
		const char *const *f = gql_func_fields(func_types[i]);

		t = type_new(g, func_types[i], GK_OBJECT);
		for (; *f != NULL; f++)
			field_set(g, t, *f, "Int", NULL);
	}

	/* the operator inputs, as the naming module lists them (read.ts) */
	for (i = 0; i < sizeof(operator_types) / sizeof(operator_types[0]);
	     i++) {
		const struct gql_arg *f;
		size_t k, nf;

		t = type_new(g, operator_types[i], GK_INPUT);
		f = gql_filter_operator_fields(operator_types[i], &nf);
		for (k = 0; k < nf; k++)
			field_set(g, t, f[k].name, f[k].type, NULL);
	}

	field_set(
	    g, type_new(g, "delete_many", GK_OBJECT), "ids", "[ID]!", NULL);
	field_set(g, type_new(g, "delete_one", GK_OBJECT), "id", "ID!", NULL);
}

/* getReadableTypes(): filters, aggregates, query resolvers, events */
static void
build_read(
    struct gctx *g, struct ctypes *ct, struct gtype *query, struct gtype *sub)
{
	size_t i, j;

	for (i = 0; i < g->nc; i++) {
		const struct ocoll *c = &g->c[i];
		struct gtype *fl, *af, *cnt, *agg, *ev;
		int numeric = 0;
		const char *n = c->name;

		if (gql_system_denied(n))
			continue;
		fl = type_new(g, afmt(g, "%s_filter", n), GK_INPUT);
		ct[i].filter = fl;
		for (j = 0; j < c->nf; j++) {
			const struct ofield *f = &c->f[j];
			const char *fn = gql_func_filter_type(f->type);

			field_set(g, fl, f->name,
			    gql_filter_operators(
				f->type, (f->special & SP_CONCEAL) != 0),
			    NULL);
			if (fn != NULL)
				field_set(g, fl, afmt(g, "%s_func", f->name),
				    fn, NULL);
		}
		field_set(g, fl, "_and", afmt(g, "[%s]", fl->name), NULL);
		field_set(g, fl, "_or", afmt(g, "[%s]", fl->name), NULL);

		af = type_new(g, afmt(g, "%s_aggregated_fields", n), GK_OBJECT);
		cnt = type_new(g, afmt(g, "%s_aggregated_count", n), GK_OBJECT);
		for (j = 0; j < c->nf; j++) {
			const char *s = scalar_of(&c->f[j]);

			if (strcmp(s, "GraphQLBigInt") == 0 ||
			    strcmp(s, "Int") == 0 || strcmp(s, "Float") == 0)
				field_set(
				    g, af, c->f[j].name, "Float", c->f[j].note);
			if (strcmp(s, "Int") == 0 || strcmp(s, "Float") == 0)
				numeric = 1;
			field_set(g, cnt, c->f[j].name, "Int", c->f[j].note);
		}
		agg = type_new(g, afmt(g, "%s_aggregated", n), GK_OBJECT);
		field_set(g, agg, "group", "JSON", NULL);
		field_set(g, agg, "countAll", "Int", NULL);
		field_set(g, agg, "count", cnt->name, NULL);
		field_set(g, agg, "countDistinct", cnt->name, NULL);
		if (numeric) {
			static const char *const m[] = { "avg", "sum",
				"avgDistinct", "sumDistinct", "min", "max" };

			for (j = 0; j < 6; j++)
				field_set(g, agg, m[j], af->name, NULL);
		}

		/* the Query fields (schema/index.ts adds them in this order) */
		if (!gql_is_system_name(n)) {
			struct gfield *q;

			if (c->singleton) {
				field_set(g, query, n, n, NULL);
				query->f[query->nf - 1].args = root_args(
				    g, GQL_OP_READ, 1, n);
			} else {
				field_set(
				    g, query, n, afmt(g, "[%s!]!", n), NULL);
				q = &query->f[query->nf - 1];
				q->args = root_args(g, GQL_OP_READ, 0, n);
				field_set(
				    g, query, afmt(g, "%s_by_id", n), n, NULL);
				query->f[query->nf - 1].args = root_args(
				    g, GQL_OP_READ_BY_ID, 0, n);
				field_set(g, query, afmt(g, "%s_aggregated", n),
				    afmt(g, "[%s!]!", agg->name), NULL);
				query->f[query->nf - 1].args = root_args(
				    g, GQL_OP_AGGREGATE, 0, n);
			}
			field_set(g, query, afmt(g, "%s_by_version", n),
			    afmt(g, "version_%s", n), NULL);
			query->f[query->nf - 1].args = root_args(
			    g, GQL_OP_READ_VERSION, c->singleton, n);
		}

		ev = type_new(g, afmt(g, "%s_mutated", n), GK_OBJECT);
		field_set(g, ev, "key", "ID!", NULL);
		field_set(g, ev, "event", "EventEnum", NULL);
		field_set(g, ev, "data", n, NULL);
		field_set(g, sub, ev->name, ev->name, NULL);
		sub->f[sub->nf - 1].args = "(event: EventEnum)";
	}
	for (i = 0; i < g->nc; i++) {
		if (ct[i].filter == NULL)
			continue;
		ct[i].quant = type_clone(g, ct[i].filter,
		    afmt(g, "%s_quantifier_filter", g->c[i].name));
		field_set(g, ct[i].quant, "_some", ct[i].filter->name, NULL);
		field_set(g, ct[i].quant, "_none", ct[i].filter->name, NULL);
	}
	for (i = 0; i < g->nr; i++) {
		const struct orel *r = &g->r[i];
		size_t im = (size_t)(coll_find(g, r->collection) - g->c), io;
		struct gfield *f;

		if (r->related != NULL) {
			if (gql_system_denied(r->related))
				continue;
			io = (size_t)(coll_find(g, r->related) - g->c);
			if (ct[io].filter == NULL)
				continue;
			if (ct[im].quant != NULL)
				field_set(g, ct[im].quant, r->field,
				    ct[io].filter->name, NULL);
			if (ct[im].filter != NULL)
				field_set(g, ct[im].filter, r->field,
				    ct[io].filter->name, NULL);
			if (ct[im].t[A_READ] != NULL &&
			    (f = field_find(g, ct[im].t[A_READ], r->field)) !=
				NULL)
				f->args = list_args(g, r->related);
			if (r->one_field != NULL && ct[im].quant != NULL) {
				if (ct[io].quant != NULL)
					field_set(g, ct[io].quant, r->one_field,
					    ct[im].quant->name, NULL);
				field_set(g, ct[io].filter, r->one_field,
				    ct[im].quant->name, NULL);
				if (ct[io].t[A_READ] != NULL &&
				    (f = field_find(g, ct[io].t[A_READ],
					 r->one_field)) != NULL)
					f->args = list_args(g, r->collection);
			}
		} else if (r->nallowed > 0) {
			size_t k;

			if (ct[im].quant != NULL)
				field_remove(g, ct[im].quant, r->field);
			if (ct[im].filter != NULL)
				field_remove(g, ct[im].filter, r->field);
			for (k = 0; k < r->nallowed; k++) {
				const char *name = afmt(
				    g, "%s__%s", r->field, r->allowed[k]);

				io = (size_t)(coll_find(g, r->allowed[k]) -
				    g->c);
				if (ct[io].filter == NULL)
					continue;
				if (ct[im].quant != NULL)
					field_set(g, ct[im].quant, name,
					    ct[io].filter->name, NULL);
				if (ct[im].filter != NULL)
					field_set(g, ct[im].filter, name,
					    ct[io].filter->name, NULL);
			}
		}
	}
}

/*
 * toInputObjectType(): an object type as an input named <name>_input; a
 * field that names another create_/update_ object type names its input.
 */
static struct gtype *
to_input(struct gctx *g, const struct gtype *t, enum action act)
{
	struct gtype *in = type_new(g, afmt(g, "%s_input", t->name), GK_INPUT);
	size_t i;

	for (i = 0; i < t->nf; i++) {
		const struct gfield *f = &t->f[i];
		const char *type = f->type;
		const char *base = type;
		size_t blen;
		int list = 0;

		if (f->removed)
			continue;
		if (*base == '[') {
			base++;
			list = 1;
		}
		blen = strcspn(base, "]!");
		if (blen < 512) {
			char name[512];
			const struct gtype *o;

			memcpy(name, base, blen);
			name[blen] = '\0';
			o = type_find(g, name);
			if (o != NULL && o->action == 1 + (int)act)
				type = afmt(g, "%s%s_input%s", list ? "[" : "",
				    name, base + blen);
		}
		field_set(g, in, f->name, type, f->desc);
	}
	return in;
}

/* getWritableTypes() and the Mutation fields of schema/index.ts */
static void
build_write(struct gctx *g, struct ctypes *ct, struct gtype *mut)
{
	size_t i;

	for (i = 0; i < g->nc; i++)
		if (ct[i].t[A_CREATE] != NULL)
			to_input(g, ct[i].t[A_CREATE], A_CREATE);
	for (i = 0; i < g->nc; i++)
		if (ct[i].t[A_UPDATE] != NULL)
			to_input(g, ct[i].t[A_UPDATE], A_UPDATE);
	for (i = 0; i < g->nc; i++) {
		const char *n = g->c[i].name;

		if (ct[i].t[A_CREATE] == NULL || g->c[i].singleton ||
		    gql_is_system_name(n) || gql_read_only(n))
			continue;
		field_set(g, mut, afmt(g, "create_%s_items", n),
		    afmt(g, "[%s!]!", n), NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_CREATE_ITEMS, 0, n);
		field_set(g, mut, afmt(g, "create_%s_item", n), n, NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_CREATE_ITEM, 0, n);
	}
	for (i = 0; i < g->nc; i++) {
		const char *n = g->c[i].name;

		if (ct[i].t[A_UPDATE] == NULL || gql_is_system_name(n) ||
		    gql_read_only(n))
			continue;
		if (g->c[i].singleton) {
			field_set(g, mut, afmt(g, "update_%s", n), n, NULL);
			mut->f[mut->nf - 1].args = root_args(
			    g, GQL_OP_UPDATE_SINGLETON, 1, n);
			continue;
		}
		field_set(g, mut, afmt(g, "update_%s_items", n),
		    afmt(g, "[%s!]!", n), NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_UPDATE_ITEMS, 0, n);
		field_set(g, mut, afmt(g, "update_%s_batch", n),
		    afmt(g, "[%s!]!", n), NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_UPDATE_BATCH, 0, n);
		field_set(g, mut, afmt(g, "update_%s_item", n), n, NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_UPDATE_ITEM, 0, n);
	}
	for (i = 0; i < g->nc; i++) {
		const char *n = g->c[i].name;

		if (g->c[i].singleton || gql_is_system_name(n) ||
		    gql_read_only(n))
			continue;
		field_set(
		    g, mut, afmt(g, "delete_%s_items", n), "delete_many", NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_DELETE_ITEMS, 0, n);
		field_set(
		    g, mut, afmt(g, "delete_%s_item", n), "delete_one", NULL);
		mut->f[mut->nf - 1].args = root_args(
		    g, GQL_OP_DELETE_ITEM, 0, n);
	}
}

/* ---- 3. the printer -------------------------------------------------- */

/* the named type in a printed type ("[x!]!" -> x), into a bounded copy */
static struct gtype *
named(const struct gctx *g, const char *type)
{
	char name[512];
	size_t n;

	if (type == NULL)
		return NULL;
	while (*type == '[')
		type++;
	n = strcspn(type, "]!,) ");
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, type, n);
	name[n] = '\0';
	return type_find(g, name);
}

static void
mark(struct gctx *g, struct gtype *t, struct gtype ***stack, size_t *n,
    size_t *alloc)
{
	if (t == NULL || t->mark)
		return;
	t->mark = 1;
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		*stack = xreallocarray(*stack, *alloc, sizeof(**stack));
	}
	(*stack)[(*n)++] = t;
	(void)g;
}

/* every type named in an argument list "(a: T, b: [U]!)" */
static void
mark_args(struct gctx *g, const char *args, struct gtype ***stack, size_t *n,
    size_t *alloc)
{
	const char *p = args;

	while (p != NULL && (p = strstr(p, ": ")) != NULL) {
		p += 2;
		mark(g, named(g, p), stack, n, alloc);
	}
}

/* getTypesFromSchema(): what the root types reach */
static void
reach(struct gctx *g, struct gtype **roots, size_t nroots)
{
	struct gtype **stack = NULL;
	size_t n = 0, alloc = 0, i;

	for (i = 0; i < nroots; i++)
		mark(g, roots[i], &stack, &n, &alloc);
	while (n > 0) {
		struct gtype *t = stack[--n];

		for (i = 0; i < t->nf; i++) {
			if (t->f[i].removed)
				continue;
			mark(g, named(g, t->f[i].type), &stack, &n, &alloc);
			mark_args(g, t->f[i].args, &stack, &n, &alloc);
		}
		if (t->kind == GK_UNION)
			for (i = 0; i < t->nmembers; i++)
				mark(g, type_find(g, t->members[i]), &stack, &n,
				    &alloc);
	}
	free(stack);
}

/*
 * String.prototype.localeCompare() under ICU's root collation, for the
 * characters GraphQL names use: case is ignored first (primary level),
 * '_' sorts before digits and digits before letters; equal at that level,
 * lowercase sorts first (tertiary level).
 */
static int
coll_weight(unsigned char c)
{
	if (c == '_')
		return 1;
	if (c >= '0' && c <= '9')
		return 2 + (c - '0');
	if (c >= 'a' && c <= 'z')
		return 20 + (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 20 + (c - 'A');
	return 100 + c;
}

static int
locale_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	size_t i;

	for (i = 0; p[i] != '\0' && q[i] != '\0'; i++)
		if (coll_weight(p[i]) != coll_weight(q[i]))
			return coll_weight(p[i]) - coll_weight(q[i]);
	if (p[i] != q[i])
		return p[i] == '\0' ? -1 : 1;
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] != q[i])
			return (p[i] >= 'a') ? -1 : 1;
	return 0;
}

static int
print_order(const void *x, const void *y)
{
	const struct gtype *a = *(const struct gtype *const *)x;
	const struct gtype *b = *(const struct gtype *const *)y;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->kind == GK_ROOT)
		return a->root_pos - b->root_pos;
	return locale_cmp(a->name, b->name);
}

/* UTF-16 length, as JavaScript's String.length */
static size_t
js_length(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xC0) != 0x80)
			n += (c >= 0xF0) ? 2 : 1;
	}
	return n;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* graphql-js 16 printBlockString() */
static void
block_string(struct buf *b, const char *value, size_t len)
{
	struct buf esc = BUF_INIT;
	size_t i, nlines = 1;
	int single, lead = 1, trail3, trailq, trails, multi, skip_lead;

	for (i = 0; i < len; i++) {
		if (i + 3 <= len && memcmp(value + i, "\"\"\"", 3) == 0) {
			buf_adds(&esc, "\\\"\"\"");
			i += 2;
			continue;
		}
		buf_addch(&esc, value[i]);
	}
	/* lines: split on \r\n, \n, \r */
	for (i = 0; i < esc.len; i++) {
		if (esc.buf[i] == '\r' || esc.buf[i] == '\n') {
			if (esc.buf[i] == '\r' && i + 1 < esc.len &&
			    esc.buf[i + 1] == '\n')
				i++;
			nlines++;
			/* every later line empty or starting with a space */
			if (i + 1 < esc.len && esc.buf[i + 1] != '\r' &&
			    esc.buf[i + 1] != '\n' && !is_ws(esc.buf[i + 1]))
				lead = 0;
		}
	}
	single = nlines == 1;
	lead = !single && lead;
	trail3 = esc.len >= 4 &&
	    memcmp(esc.buf + esc.len - 4, "\\\"\"\"", 4) == 0;
	trailq = len > 0 && value[len - 1] == '"' && !trail3;
	trails = len > 0 && value[len - 1] == '\\';
	multi = !single || js_length(value) > 70 || trailq || trails || lead ||
	    trail3;
	skip_lead = single && len > 0 && is_ws(value[0]);
	buf_adds(b, "\"\"\"");
	if ((multi && !skip_lead) || lead)
		buf_addch(b, '\n');
	buf_add(b, esc.buf, esc.len);
	if (multi || trailq || trails)
		buf_addch(b, '\n');
	buf_adds(b, "\"\"\"");
	buf_release(&esc);
}

/* graphql-compose printDescription() */
static void
description(struct buf *b, const char *desc, const char *indent, int first)
{
	struct buf blk = BUF_INIT;
	size_t len, i;

	if (desc == NULL)
		return;
	len = strlen(desc);
	/* trimRight() */
	while (len > 0 &&
	    (desc[len - 1] == ' ' || desc[len - 1] == '\t' ||
		desc[len - 1] == '\n' || desc[len - 1] == '\r' ||
		desc[len - 1] == '\v' || desc[len - 1] == '\f'))
		len--;
	block_string(&blk, desc, len);
	if (*indent != '\0' && !first) {
		buf_addch(b, '\n');
		buf_adds(b, indent);
	} else
		buf_adds(b, indent);
	for (i = 0; i < blk.len; i++) {
		buf_addch(b, blk.buf[i]);
		if (blk.buf[i] == '\n')
			buf_adds(b, indent);
	}
	buf_addch(b, '\n');
	buf_release(&blk);
}

static void
print_type(struct buf *b, const struct gtype *t)
{
	size_t i;
	int first = 1;

	description(b, t->desc, "", 1);
	switch (t->kind) {
	case GK_SCALAR:
		buf_addf(b, "scalar %s", t->name);
		return;
	case GK_UNION:
		buf_addf(b, "union %s", t->name);
		for (i = 0; i < t->nmembers; i++)
			buf_addf(b, "%s%s", i ? " | " : " = ", t->members[i]);
		return;
	case GK_ENUM:
		buf_addf(b, "enum %s {", t->name);
		for (i = 0; i < t->nmembers; i++)
			buf_addf(b, "\n  %s", t->members[i]);
		buf_adds(b, "\n}");
		return;
	case GK_INPUT:
		buf_addf(b, "input %s", t->name);
		break;
	default:
		buf_addf(b, "type %s", t->name);
		break;
	}
	for (i = 0; i < t->nf; i++) {
		const struct gfield *f = &t->f[i];

		if (f->removed)
			continue;
		buf_adds(b, first ? " {\n" : "\n");
		description(b, f->desc, "  ", first);
		buf_addf(
		    b, "  %s%s: %s", f->name, f->args ? f->args : "", f->type);
		first = 0;
	}
	if (!first)
		buf_adds(b, "\n}");
}

static void
print_schema(struct gctx *g, struct buf *out)
{
	struct gtype **v = xreallocarray(
	    NULL, g->nall ? g->nall : 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < g->nall; i++)
		if (g->all[i]->mark &&
		    type_find(g, g->all[i]->name) == g->all[i])
			v[n++] = g->all[i];
	qsort(v, n, sizeof(*v), print_order);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(out, "\n\n");
		print_type(out, v[i]);
	}
	free(v);
}

int
emit_graphql(const struct snapshot *s, struct buf *out, struct derr *err)
{
	struct gctx g;
	struct snapshot *sys = NULL;
	struct load_limits lim;
	struct ctypes *ct;
	struct gtype *roots[3];
	size_t i;
	int ret = -1;

	memset(&g, 0, sizeof(g));
	load_limits_default(&lim);
	lim.release_input = 0;
	if (snapshot_load("built-in Directus system schema", gql_system_json,
		gql_system_json_len, &lim, &sys, err) != 0) {
		err->status = DRIFT_EXIT_INTERNAL;
		return -1;
	}
	g.a = arena_new();
	g.user = s;
	g.sys = sys;
	overview(&g);
	if (check_field_names(&g, err) != 0)
		goto done;
	ct = xcalloc(g.nc ? g.nc : 1, sizeof(*ct));

	roots[0] = type_new(&g, "Query", GK_ROOT);
	roots[1] = type_new(&g, "Mutation", GK_ROOT);
	roots[2] = type_new(&g, "Subscription", GK_ROOT);
	roots[1]->root_pos = 1;
	roots[2]->root_pos = 2;
	fixed_types(&g);
	build_types(&g, ct, A_READ);
	build_read(&g, ct, roots[0], roots[2]);
	build_types(&g, ct, A_CREATE);
	build_types(&g, ct, A_UPDATE);
	build_write(&g, ct, roots[1]);
	if (roots[0]->nf == 0) {
		field_set(&g, roots[0], "_empty", "Void",
		    "There's no data to query.");
	}
	reach(&g, roots, 3);
	print_schema(&g, out);
	ret = 0;
	free(ct);
done:
	for (i = 0; i < g.nc; i++)
		free(g.c[i].f);
	free(g.c);
	free(g.r);
	types_release(&g);
	arena_free(&g.a);
	snapshot_free(&sys);
	return ret;
}
