/*
 * emit_ts.c: the TypeScript Schema for @directus/sdk (emit_ts.h).
 */
#include "drift/compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/emit.h"
#include "drift/emit_ts.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* literal unions longer than this are emitted as the plain type */
#define MAX_CHOICES 500

/*
 * The system collections a relation can point into: the SDK type that
 * describes them (and the majors that export it), their key and its type.
 * Sorted by name.
 */
struct sys_coll {
	const char *name;
	const char *sdk_type; /* "DirectusUser" */
	int min_sdk, max_sdk; /* 0: no upper bound */
	const char *pk_field;
	const char *pk_type;
};

static const struct sys_coll sys_table[] = {
	{ "directus_access", "DirectusAccess", 18, 0, "id", "string" },
	{ "directus_activity", "DirectusActivity", 17, 0, "id", "number" },
	{ "directus_collections", "DirectusCollection", 17, 0, "collection",
	    "string" },
	{ "directus_comments", "DirectusComment", 18, 0, "id", "string" },
	{ "directus_dashboards", "DirectusDashboard", 17, 0, "id", "string" },
	{ "directus_extensions", "DirectusExtension", 17, 0, "id", "string" },
	{ "directus_fields", "DirectusField", 17, 0, "id", "number" },
	{ "directus_files", "DirectusFile", 17, 0, "id", "string" },
	{ "directus_flows", "DirectusFlow", 17, 0, "id", "string" },
	{ "directus_folders", "DirectusFolder", 17, 0, "id", "string" },
	{ "directus_notifications", "DirectusNotification", 17, 0, "id",
	    "number" },
	{ "directus_operations", "DirectusOperation", 17, 0, "id", "string" },
	{ "directus_panels", "DirectusPanel", 17, 0, "id", "string" },
	{ "directus_permissions", "DirectusPermission", 17, 0, "id", "number" },
	{ "directus_policies", "DirectusPolicy", 17, 0, "id", "string" },
	{ "directus_presets", "DirectusPreset", 17, 0, "id", "number" },
	{ "directus_relations", "DirectusRelation", 17, 0, "id", "number" },
	{ "directus_revisions", "DirectusRevision", 17, 0, "id", "number" },
	{ "directus_roles", "DirectusRole", 17, 0, "id", "string" },
	{ "directus_settings", "DirectusSettings", 17, 0, "id", "number" },
	{ "directus_shares", "DirectusShare", 17, 0, "id", "string" },
	{ "directus_translations", "DirectusTranslation", 17, 0, "id",
	    "string" },
	{ "directus_users", "DirectusUser", 17, 0, "id", "string" },
	{ "directus_versions", "DirectusVersion", 17, 0, "id", "string" },
	{ "directus_webhooks", "DirectusWebhook", 17, 25, "id", "number" },
};

/* the GeoJSON helper types, emitted when a geometry field uses them */
enum geo {
	GEO_POINT = 0,
	GEO_LINESTRING,
	GEO_POLYGON,
	GEO_MULTIPOINT,
	GEO_MULTILINESTRING,
	GEO_MULTIPOLYGON,
	GEO_ANY,
	GEO_N
};

static const struct geo_type {
	const char *directus; /* "geometry.Point" */
	const char *name;     /* "GeoJSONPoint" */
	const char *tag;      /* "Point" */
	const char *coords;   /* "GeoJSONPosition" */
} geo_types[GEO_N] = {
	{ "geometry.Point", "GeoJSONPoint", "Point", "GeoJSONPosition" },
	{ "geometry.LineString", "GeoJSONLineString", "LineString",
	    "GeoJSONPosition[]" },
	{ "geometry.Polygon", "GeoJSONPolygon", "Polygon",
	    "GeoJSONPosition[][]" },
	{ "geometry.MultiPoint", "GeoJSONMultiPoint", "MultiPoint",
	    "GeoJSONPosition[]" },
	{ "geometry.MultiLineString", "GeoJSONMultiLineString",
	    "MultiLineString", "GeoJSONPosition[][]" },
	{ "geometry.MultiPolygon", "GeoJSONMultiPolygon", "MultiPolygon",
	    "GeoJSONPosition[][][]" },
	{ "geometry", "GeoJSONGeometry", NULL, NULL },
};

/* names that a collection's type must not take */
static const char *const reserved_names[] = { "Array", "Boolean", "Date",
	"Error", "Function", "GeoJSONGeometryCollection", "GeoJSONPosition",
	"JSON", "Map", "Math", "Number", "Object", "Partial", "Promise",
	"Record", "Set", "String", "Symbol" };

struct coll {
	const char *name;
	const struct entity *ent;   /* NULL for a system collection */
	const struct sys_coll *sys; /* table row, or NULL */
	int system;                 /* directus_* without an entry */
	int singleton;
	const char *tname;       /* type name (arena) */
	const struct entity *pk; /* the key field, or NULL */
	size_t f0, nf;           /* its fields in s->fields */
	int referenced;          /* a relation points into it */
	int emitted;             /* gets an interface and a root key */
};

/* a set of strings, open addressing */
struct nameset {
	const char **slot;
	size_t mask, n;
};

struct ctx {
	const struct snapshot *s;
	const struct emit_opts *o;
	int sdk;
	struct arena *arena;
	struct coll *c;
	size_t nc;
	const struct entity **o2m; /* relations with one_field, by target */
	size_t no2m;
	struct nameset names;
	int geo_used[GEO_N];
	int sdk_used[DRIFT_ARRAY_LEN(sys_table)];
};

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	return h;
}

static int
nameset_has(const struct nameset *ns, const char *s)
{
	size_t i;

	if (ns->slot == NULL)
		return 0;
	for (i = str_hash(s) & ns->mask; ns->slot[i] != NULL;
	     i = (i + 1) & ns->mask)
		if (strcmp(ns->slot[i], s) == 0)
			return 1;
	return 0;
}

static void nameset_add(struct nameset *ns, const char *s);

static void
nameset_grow(struct nameset *ns)
{
	struct nameset bigger;
	size_t i;

	bigger.mask = ns->slot == NULL ? 63 : ns->mask * 2 + 1;
	bigger.n = 0;
	bigger.slot = xcalloc(bigger.mask + 1, sizeof(*bigger.slot));
	for (i = 0; ns->slot != NULL && i <= ns->mask; i++)
		if (ns->slot[i] != NULL)
			nameset_add(&bigger, ns->slot[i]);
	free(ns->slot);
	*ns = bigger;
}

/* s is borrowed and must outlive the set */
static void
nameset_add(struct nameset *ns, const char *s)
{
	size_t i;

	if (ns->slot == NULL || (ns->n + 1) * 2 > ns->mask + 1)
		nameset_grow(ns);
	for (i = str_hash(s) & ns->mask; ns->slot[i] != NULL;
	     i = (i + 1) & ns->mask)
		if (strcmp(ns->slot[i], s) == 0)
			return;
	ns->slot[i] = s;
	ns->n++;
}

static int
is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

void
emit_ts_type_name(const char *collection, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)collection;
	size_t start = out->len;
	int up = 1;

	for (; *p != '\0'; p++) {
		if (!is_alpha(*p) && !is_digit(*p)) {
			up = 1;
			continue;
		}
		if (out->len == start && is_digit(*p))
			buf_addch(out, '_');
		if (up && *p >= 'a' && *p <= 'z')
			buf_addch(out, *p - 'a' + 'A');
		else
			buf_addch(out, *p);
		up = 0;
	}
	if (out->len == start)
		buf_adds(out, "Collection");
}

static int
is_identifier(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0' || is_digit(*p))
		return 0;
	for (; *p != '\0'; p++)
		if (!is_alpha(*p) && !is_digit(*p) && *p != '_' && *p != '$')
			return 0;
	return 1;
}

void
emit_ts_string(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_addch(out, '\'');
	for (; *p != '\0'; p++) {
		if (*p == '\\' || *p == '\'') {
			buf_addch(out, '\\');
			buf_addch(out, *p);
		} else if (*p == '\n') {
			buf_adds(out, "\\n");
		} else if (*p == '\r') {
			buf_adds(out, "\\r");
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_addf(out, "\\x%02x", *p);
		} else {
			buf_addch(out, *p);
		}
	}
	buf_addch(out, '\'');
}

void
emit_ts_key(const char *key, struct buf *out)
{
	if (is_identifier(key))
		buf_adds(out, key);
	else
		emit_ts_string(key, out);
}

/* a doc comment: every line of text, "*" "/" broken up */
static void
doc_comment(const char *text, const char *indent, struct buf *out)
{
	const char *p;
	int multi = strchr(text, '\n') != NULL;

	buf_adds(out, indent);
	buf_adds(out, multi ? "/**\n" : "/** ");
	if (multi) {
		buf_adds(out, indent);
		buf_adds(out, " * ");
	}
	for (p = text; *p != '\0'; p++) {
		if (*p == '*' && p[1] == '/') {
			buf_adds(out, "*\\");
		} else if (*p == '\n') {
			buf_addch(out, '\n');
			buf_adds(out, indent);
			buf_adds(out, " * ");
		} else if (*p == '\r' || *p == '\t') {
			buf_addch(out, ' ');
		} else if ((unsigned char)*p >= 0x20) {
			buf_addch(out, *p);
		}
	}
	if (multi) {
		buf_addch(out, '\n');
		buf_adds(out, indent);
		buf_adds(out, " */\n");
	} else {
		buf_adds(out, " */\n");
	}
}

static const char *
note_of(const struct tnode *entry)
{
	const char *note = tnode_str(
	    tnode_get(tnode_get(entry, "meta"), "note"));

	return note != NULL && note[0] != '\0' ? note : NULL;
}

static int
coll_cmp(const void *key, const void *elem)
{
	const struct coll *c = elem;

	return strcmp(key, c->name);
}

static struct coll *
find_coll(const struct ctx *x, const char *name)
{
	if (name == NULL)
		return NULL;
	return bsearch(name, x->c, x->nc, sizeof(*x->c), coll_cmp);
}

static int
sys_cmp(const void *key, const void *elem)
{
	const struct sys_coll *r = elem;

	return strcmp(key, r->name);
}

static const struct sys_coll *
find_sys(const char *name)
{
	return bsearch(name, sys_table, DRIFT_ARRAY_LEN(sys_table),
	    sizeof(sys_table[0]), sys_cmp);
}

/* 1 when the targeted SDK exports the type of a system collection */
static int
sdk_has(const struct ctx *x, const struct sys_coll *r)
{
	return r != NULL && x->sdk >= r->min_sdk &&
	    (r->max_sdk == 0 || x->sdk <= r->max_sdk);
}

static const char *
field_type_name(const struct entity *f)
{
	const char *t = tnode_str(tnode_get(f->node, "type"));

	return t != NULL ? t : "";
}

static int
is_nullable(const struct entity *f)
{
	const struct tnode *n = tnode_get(
	    tnode_get(f->node, "schema"), "is_nullable");

	/* absent: assume the column may be null (the safe side) */
	return n == NULL || n->kind != TN_BOOL || n->u.b;
}

static int
is_pk(const struct entity *f)
{
	return tnode_is_true(
	    tnode_get(tnode_get(f->node, "schema"), "is_primary_key"));
}

/* the TS type of a scalar Directus type; sets *geo for geometry */
static const char *
scalar_ts(const struct ctx *x, const char *type, int *geo)
{
	size_t i;

	*geo = -1;
	if (strcmp(type, "integer") == 0 || strcmp(type, "float") == 0)
		return "number";
	if (strcmp(type, "bigInteger") == 0)
		return x->o->bigint == EMIT_NUM_NUMBER ? "number" : "string";
	if (strcmp(type, "decimal") == 0)
		return x->o->decimal == EMIT_NUM_NUMBER ? "number" : "string";
	if (strcmp(type, "string") == 0 || strcmp(type, "text") == 0 ||
	    strcmp(type, "hash") == 0 || strcmp(type, "uuid") == 0)
		return "string";
	if (strcmp(type, "boolean") == 0)
		return "boolean";
	if (strcmp(type, "json") == 0)
		return "'json'";
	if (strcmp(type, "csv") == 0)
		return "'csv'";
	if (strcmp(type, "timestamp") == 0 || strcmp(type, "dateTime") == 0)
		return "'datetime'";
	if (strcmp(type, "date") == 0)
		return x->sdk >= 22 ? "'date'" : "'datetime'";
	if (strcmp(type, "time") == 0)
		return x->sdk >= 22 ? "'time'" : "'datetime'";
	for (i = 0; i < GEO_N; i++)
		if (strcmp(type, geo_types[i].directus) == 0) {
			*geo = (int)i;
			return geo_types[i].name;
		}
	return "unknown";
}

/* the TS type of a collection's primary key */
static const char *
pk_ts(const struct ctx *x, const char *collection)
{
	const struct coll *c = find_coll(x, collection);
	const struct sys_coll *r;
	int geo;

	if (c != NULL && c->pk != NULL)
		return scalar_ts(x, field_type_name(c->pk), &geo);
	r = find_sys(collection);
	if (r != NULL)
		return r->pk_type;
	return "string | number";
}

/*
 * Appends the item type of a collection (a relation's other side):
 * the type name of an emitted collection, or DirectusX<Schema> for a
 * system collection the SDK knows.  Returns 0 when there is none (the
 * relation is typed by its key only).
 */
static int
item_ref(struct ctx *x, const char *collection, struct buf *out)
{
	struct coll *c = find_coll(x, collection);

	if (c == NULL)
		return 0;
	if (c->system) {
		if (!sdk_has(x, c->sys))
			return 0;
		x->sdk_used[c->sys - sys_table] = 1;
		buf_addf(out, "%s<%s>", c->sys->sdk_type, x->o->name);
		return 1;
	}
	if (!c->emitted)
		return 0;
	buf_adds(out, c->tname);
	return 1;
}

static int
o2m_cmp2(const char *coll, const char *field, const struct entity *r)
{
	const struct tnode *n = r->node;
	int c = strcmp(coll, tnode_str(tnode_get(n, "related_collection")));

	if (c == 0)
		c = strcmp(field,
		    tnode_str(tnode_get(tnode_get(n, "meta"), "one_field")));
	return c;
}

static int
o2m_sort_cmp(const void *a, const void *b)
{
	const struct entity *ra = *(const struct entity *const *)a;
	const struct entity *rb = *(const struct entity *const *)b;
	const struct tnode *n = ra->node;
	int c;

	c = o2m_cmp2(tnode_str(tnode_get(n, "related_collection")),
	    tnode_str(tnode_get(tnode_get(n, "meta"), "one_field")), rb);
	if (c == 0)
		c = strcmp(ra->collection, rb->collection);
	if (c == 0)
		c = strcmp(ra->field, rb->field);
	return c;
}

/* the relation whose o2m alias is collection.field, or NULL */
static const struct entity *
find_o2m(const struct ctx *x, const char *collection, const char *field)
{
	size_t lo = 0, hi = x->no2m, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = o2m_cmp2(collection, field, x->o2m[mid]);
		if (c == 0) {
			/* the first of equal ones: deterministic */
			while (mid > 0 &&
			    o2m_cmp2(collection, field, x->o2m[mid - 1]) == 0)
				mid--;
			return x->o2m[mid];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const struct tnode *
allowed_of(const struct entity *rel)
{
	const struct tnode *a = tnode_get(
	    tnode_get(rel->node, "meta"), "one_allowed_collections");

	return a != NULL && a->kind == TN_SEQ ? a : NULL;
}

/* the m2a relation of c whose one_collection_field is field, or NULL */
static const struct entity *
m2a_of_collection_field(
    const struct ctx *x, const struct coll *c, const char *field)
{
	size_t lo = 0, hi = x->s->nrelations, mid, i;
	const struct entity *r;
	const char *cf;

	/* relations are sorted by (collection, field): c's are a range */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(x->s->relations[mid].collection, c->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < x->s->nrelations; i++) {
		r = &x->s->relations[i];
		if (strcmp(r->collection, c->name) != 0)
			break;
		cf = tnode_str(tnode_get(
		    tnode_get(r->node, "meta"), "one_collection_field"));
		if (cf != NULL && strcmp(cf, field) == 0 &&
		    allowed_of(r) != NULL &&
		    tnode_is_nullish(tnode_get(r->node, "related_collection")))
			return r;
	}
	return NULL;
}

/* literal choices of a field, or 0 when it has none usable */
static int
add_choices(
    const struct ctx *x, const struct entity *f, int numeric, struct buf *out)
{
	const struct tnode *opts = tnode_get(
	    tnode_get(f->node, "meta"), "options");
	const struct tnode *ch = tnode_get(opts, "choices"), *v;
	size_t i, j, start = out->len;

	if (x->o->choices != EMIT_CHOICES_LITERAL || ch == NULL ||
	    ch->kind != TN_SEQ || ch->u.seq.n == 0 ||
	    ch->u.seq.n > MAX_CHOICES ||
	    tnode_is_true(tnode_get(opts, "allowOther")))
		return 0;
	for (i = 0; i < ch->u.seq.n; i++) {
		v = tnode_get(&ch->u.seq.v[i], "value");
		if (v == NULL)
			goto plain;
		if (numeric
			? v->kind != TN_INT
			: v->kind != TN_STR || strlen(v->u.s.p) != v->u.s.len)
			goto plain;
		for (j = 0; j < i; j++)
			if (tnode_equal(v, tnode_get(&ch->u.seq.v[j], "value")))
				break;
		if (j < i)
			continue;
		if (out->len > start)
			buf_adds(out, " | ");
		if (numeric)
			buf_addf(out, "%lld", (long long)v->u.i);
		else
			emit_ts_string(v->u.s.p, out);
	}
	return 1;
plain:
	out->len = start;
	out->buf[start] = '\0';
	return 0;
}

/*
 * The type of one property; returns 0 when the field is omitted
 * (presentation aliases, orphan aliases).
 */
static int
field_ts(struct ctx *x, const struct coll *c, const struct entity *f,
    struct buf *out)
{
	const struct entity *rel = snapshot_find_relation(
	    x->s, c->name, f->field);
	const char *type = field_type_name(f), *target, *st;
	const struct tnode *allowed;
	const struct entity *m2a;
	size_t i, start;
	int geo, nullable = !is_pk(f) && is_nullable(f);

	target = rel != NULL
	    ? tnode_str(tnode_get(rel->node, "related_collection"))
	    : NULL;
	if (entity_is_alias(f)) {
		rel = find_o2m(x, c->name, f->field);
		if (rel == NULL)
			return 0;
		buf_addf(out, "%s[]", pk_ts(x, rel->collection));
		start = out->len;
		buf_adds(out, " | ");
		if (item_ref(x, rel->collection, out))
			buf_adds(out, "[]");
		else
			out->buf[out->len = start] = '\0';
		return 1;
	}
	if (rel != NULL && target != NULL) { /* m2o */
		buf_adds(out, pk_ts(x, target));
		start = out->len;
		buf_adds(out, " | ");
		if (!item_ref(x, target, out))
			out->buf[out->len = start] = '\0';
	} else if (rel != NULL && (allowed = allowed_of(rel)) != NULL) {
		/* m2a item: the key (any collection's) or one of the items */
		st = scalar_ts(x, type, &geo);
		buf_adds(
		    out, strcmp(st, "unknown") == 0 ? "string | number" : st);
		for (i = 0; i < allowed->u.seq.n; i++) {
			const char *a = tnode_str(&allowed->u.seq.v[i]);

			start = out->len;
			buf_adds(out, " | ");
			if (a == NULL || !item_ref(x, a, out))
				out->buf[out->len = start] = '\0';
		}
	} else if ((m2a = m2a_of_collection_field(x, c, f->field)) != NULL) {
		allowed = allowed_of(m2a);
		start = out->len;
		for (i = 0; i < allowed->u.seq.n; i++) {
			const char *a = tnode_str(&allowed->u.seq.v[i]);

			if (a == NULL)
				continue;
			if (out->len > start)
				buf_adds(out, " | ");
			emit_ts_string(a, out);
		}
		if (out->len == start)
			buf_adds(out, "string");
	} else {
		st = scalar_ts(x, type, &geo);
		if (geo >= 0) {
			x->geo_used[geo] = 1;
			x->geo_used[GEO_ANY] = x->geo_used[GEO_ANY] ||
			    geo == GEO_ANY;
		}
		if (strcmp(st, "string") == 0 && strcmp(type, "uuid") != 0 &&
		    strcmp(type, "hash") != 0) {
			if (!add_choices(x, f, 0, out))
				buf_adds(out, st);
		} else if (strcmp(type, "integer") == 0 ||
		    strcmp(type, "float") == 0) {
			if (!add_choices(x, f, 1, out))
				buf_adds(out, st);
		} else {
			buf_adds(out, st);
		}
	}
	/* unknown already holds null */
	if (nullable &&
	    strcmp(out->buf + (out->len >= 7 ? out->len - 7 : 0), "unknown") !=
		0)
		buf_adds(out, " | null");
	return 1;
}

/* a type name for c: PascalCase, then the first free suffix */
static const char *
unique_name(struct ctx *x, const char *collection, const char *suffix)
{
	struct buf b = BUF_INIT;
	size_t base;
	unsigned n;
	const char *ret;

	emit_ts_type_name(collection, &b);
	buf_adds(&b, suffix);
	base = b.len;
	for (n = 2; nameset_has(&x->names, b.buf); n++) {
		b.len = base;
		b.buf[base] = '\0';
		buf_addf(&b, "%u", n);
	}
	ret = arena_strndup(x->arena, b.buf, b.len);
	nameset_add(&x->names, ret);
	buf_release(&b);
	return ret;
}

static int
cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* the collections: entries (not folders) and system ones, sorted */
static void
collect(struct ctx *x)
{
	const struct snapshot *s = x->s;
	const char **sys = xcalloc(
	    s->nfields + s->nrelations + 1, sizeof(*sys));
	size_t nsys = 0, i, j, k;
	const char *t;

	for (i = 0; i < s->nfields; i++)
		if (strncmp(s->fields[i].collection, "directus_", 9) == 0 &&
		    snapshot_find_collection(s, s->fields[i].collection) ==
			NULL)
			sys[nsys++] = s->fields[i].collection;
	for (i = 0; i < s->nrelations; i++) {
		t = tnode_str(
		    tnode_get(s->relations[i].node, "related_collection"));
		if (t != NULL && strncmp(t, "directus_", 9) == 0 &&
		    snapshot_find_collection(s, t) == NULL)
			sys[nsys++] = t;
	}
	if (nsys > 1)
		qsort(sys, nsys, sizeof(*sys), cstr_cmp);
	x->c = xcalloc(s->ncollections + nsys + 1, sizeof(*x->c));
	for (i = 0, j = 0; i < s->ncollections || j < nsys;) {
		struct coll *c = &x->c[x->nc];
		int take_sys = i == s->ncollections ||
		    (j < nsys &&
			strcmp(sys[j], s->collections[i].collection) < 0);

		memset(c, 0, sizeof(*c));
		if (take_sys) {
			if (x->nc > 0 && x->c[x->nc - 1].system &&
			    strcmp(x->c[x->nc - 1].name, sys[j]) == 0) {
				j++;
				continue;
			}
			c->name = sys[j++];
			c->system = 1;
			c->sys = find_sys(c->name);
		} else {
			c->ent = &s->collections[i++];
			if (entity_is_folder(c->ent))
				continue;
			c->name = c->ent->collection;
			c->singleton = tnode_is_true(tnode_get(
			    tnode_get(c->ent->node, "meta"), "singleton"));
		}
		x->nc++;
	}
	free(sys);
	/* field ranges: s->fields is sorted by (collection, field) */
	for (i = 0, k = 0; k < x->nc; k++) {
		struct coll *c = &x->c[k];

		while (i < s->nfields &&
		    strcmp(s->fields[i].collection, c->name) < 0)
			i++;
		c->f0 = i;
		while (i < s->nfields &&
		    strcmp(s->fields[i].collection, c->name) == 0) {
			if (c->pk == NULL && is_pk(&s->fields[i]))
				c->pk = &s->fields[i];
			i++;
		}
		c->nf = i - c->f0;
	}
}

static void
index_o2m(struct ctx *x)
{
	const struct snapshot *s = x->s;
	size_t i;

	x->o2m = xcalloc(s->nrelations + 1, sizeof(*x->o2m));
	for (i = 0; i < s->nrelations; i++) {
		const struct tnode *n = s->relations[i].node;

		if (tnode_str(tnode_get(n, "related_collection")) != NULL &&
		    tnode_str(tnode_get(tnode_get(n, "meta"), "one_field")) !=
			NULL)
			x->o2m[x->no2m++] = &s->relations[i];
	}
	if (x->no2m > 1)
		qsort(x->o2m, x->no2m, sizeof(*x->o2m), o2m_sort_cmp);
}

/* which collections get an interface, and their names */
static void
plan(struct ctx *x)
{
	size_t i, k;
	int has_data;

	nameset_add(&x->names, x->o->name);
	for (i = 0; i < DRIFT_ARRAY_LEN(reserved_names); i++)
		nameset_add(&x->names, reserved_names[i]);
	for (i = 0; i < GEO_N; i++)
		nameset_add(&x->names, geo_types[i].name);
	for (i = 0; i < DRIFT_ARRAY_LEN(sys_table); i++)
		nameset_add(&x->names, sys_table[i].sdk_type);
	for (i = 0; i < x->s->nrelations; i++) {
		struct coll *t = find_coll(x,
		    tnode_str(tnode_get(
			x->s->relations[i].node, "related_collection")));

		if (t != NULL)
			t->referenced = 1;
	}
	for (k = 0; k < x->nc; k++) {
		struct coll *c = &x->c[k];

		has_data = 0;
		for (i = c->f0; i < c->f0 + c->nf; i++)
			if (!entity_is_alias(&x->s->fields[i]) ||
			    find_o2m(x, c->name, x->s->fields[i].field) != NULL)
				has_data = 1;
		if (c->system)
			c->emitted = has_data ||
			    (c->referenced && sdk_has(x, c->sys));
		else
			c->emitted = has_data;
	}
	/* user collections first: they keep the plain names */
	for (k = 0; k < x->nc; k++)
		if (x->c[k].emitted && !x->c[k].system)
			x->c[k].tname = unique_name(x, x->c[k].name, "");
	for (k = 0; k < x->nc; k++)
		if (x->c[k].emitted && x->c[k].system)
			x->c[k].tname = unique_name(x, x->c[k].name, "Custom");
}

static int
field_order(const void *a, const void *b)
{
	const struct entity *fa = *(const struct entity *const *)a;
	const struct entity *fb = *(const struct entity *const *)b;
	int pa = is_pk(fa), pb = is_pk(fb);

	if (pa != pb)
		return pb - pa;
	return strcmp(fa->field, fb->field);
}

static void
emit_interface(struct ctx *x, struct coll *c, struct buf *out)
{
	const struct entity **f = xcalloc(c->nf + 1, sizeof(*f));
	struct buf t = BUF_INIT;
	const char *note;
	size_t i, n = 0, props = 0;

	for (i = 0; i < c->nf; i++)
		f[n++] = &x->s->fields[c->f0 + i];
	if (n > 1)
		qsort(f, n, sizeof(*f), field_order);
	buf_addch(out, '\n');
	if (c->ent != NULL && (note = note_of(c->ent->node)) != NULL)
		doc_comment(note, "", out);
	buf_addf(out, "export interface %s {\n", c->tname);
	for (i = 0; i < n; i++) {
		buf_reset(&t);
		if (!field_ts(x, c, f[i], &t))
			continue;
		if ((note = note_of(f[i]->node)) != NULL)
			doc_comment(note, "  ", out);
		buf_adds(out, "  ");
		emit_ts_key(f[i]->field, out);
		buf_adds(out, ": ");
		buf_add(out, t.buf, t.len);
		buf_adds(out, ";\n");
		props++;
	}
	if (props == 0 && c->system) {
		/* referenced only: its key makes it a root key (pitfall 2) */
		buf_adds(out, "  ");
		emit_ts_key(c->sys->pk_field, out);
		buf_addf(out, ": %s;\n", c->sys->pk_type);
	}
	buf_adds(out, "}\n");
	buf_release(&t);
	free(f);
}

static void
emit_root(struct ctx *x, struct buf *out)
{
	size_t k;
	int pass;

	buf_addf(out, "\nexport interface %s {\n", x->o->name);
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < x->nc; k++) {
			const struct coll *c = &x->c[k];
			int plain = c->system ? x->o->core == EMIT_CORE_SINGULAR
					      : c->singleton;

			if (!c->emitted || c->system != pass)
				continue;
			buf_adds(out, "  ");
			emit_ts_key(c->name, out);
			buf_addf(out, ": %s%s;\n", c->tname, plain ? "" : "[]");
		}
	buf_adds(out, "}\n");
}

static void
emit_geo(const struct ctx *x, struct buf *out)
{
	size_t i;
	int any = 0;

	for (i = 0; i < GEO_N; i++)
		any = any || x->geo_used[i];
	if (!any)
		return;
	buf_adds(out,
	    "\n/** A GeoJSON position: longitude, latitude and an "
	    "optional altitude. */\n"
	    "export type GeoJSONPosition = number[];\n");
	for (i = 0; i < GEO_ANY; i++) {
		if (!x->geo_used[i] && !x->geo_used[GEO_ANY])
			continue;
		buf_addf(out,
		    "export interface %s {\n  type: '%s';\n"
		    "  coordinates: %s;\n}\n",
		    geo_types[i].name, geo_types[i].tag, geo_types[i].coords);
	}
	if (!x->geo_used[GEO_ANY])
		return;
	buf_adds(out,
	    "export interface GeoJSONGeometryCollection {\n"
	    "  type: 'GeometryCollection';\n"
	    "  geometries: GeoJSONGeometry[];\n}\n"
	    "export type GeoJSONGeometry =\n");
	for (i = 0; i < GEO_ANY; i++)
		buf_addf(out, "  | %s\n", geo_types[i].name);
	buf_adds(out, "  | GeoJSONGeometryCollection;\n");
}

void
emit_ts(const struct snapshot *s, const struct emit_opts *o, struct buf *out)
{
	struct ctx x;
	struct buf body = BUF_INIT;
	size_t k, i, nimp = 0;
	int pass;

	memset(&x, 0, sizeof(x));
	x.s = s;
	x.o = o;
	x.sdk = o->sdk > 0 ? o->sdk : EMIT_SDK_DEFAULT;
	x.arena = arena_new();
	collect(&x);
	index_o2m(&x);
	plan(&x);
	emit_root(&x, &body);
	/* in the order of the root: user collections, then system ones */
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < x.nc; k++)
			if (x.c[k].emitted && x.c[k].system == pass)
				emit_interface(&x, &x.c[k], &body);
	emit_geo(&x, &body);
	/* the import names what the interfaces used, in table order */
	for (i = 0; i < DRIFT_ARRAY_LEN(sys_table); i++) {
		if (!x.sdk_used[i])
			continue;
		buf_adds(out, nimp++ == 0 ? "import type { " : ", ");
		buf_adds(out, sys_table[i].sdk_type);
	}
	if (nimp > 0)
		buf_adds(out, " } from '@directus/sdk';\n");
	buf_add(out, body.buf, body.len);
	buf_release(&body);
	free(x.names.slot);
	free(x.o2m);
	free(x.c);
	arena_free(&x.arena);
}
