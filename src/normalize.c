/*
 * normalize.c: per-entry normalization (normalize.h, model.h).
 */
#include "drift/compat.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drift/model.h"
#include "drift/normalize.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* Directus 9.23+ sanitize-schema.ts pick lists (reference section 1.6) */
static const char *const field_schema_keys[] = { "data_type", "default_value",
	"foreign_key_column", "foreign_key_table", "generation_expression",
	"has_auto_increment", "is_generated", "is_indexed", "is_nullable",
	"is_primary_key", "is_unique", "max_length", "name",
	"numeric_precision", "numeric_scale", "table", NULL };

static const char *const relation_schema_keys[] = { "column", "constraint_name",
	"foreign_key_column", "foreign_key_table", "on_delete", "on_update",
	"table", NULL };

static const char *const collection_schema_keys[] = { "name", NULL };
static const char *const system_schema_keys[] = { "is_indexed", NULL };

/*
 * Keys whose value is a boolean (step 4b): MySQL exports write 0/1 for
 * them (searchable: 1, is_nullable: 0), in JSON and YAML alike.
 */
static const char *const collection_meta_bools[] = { "archive_app_filter",
	"hidden", "singleton", "versioning", NULL };
static const char *const field_meta_bools[] = { "hidden", "readonly",
	"required", "searchable", NULL };
static const char *const field_schema_bools[] = { "has_auto_increment",
	"is_generated", "is_indexed", "is_nullable", "is_primary_key",
	"is_unique", NULL };
static const char *const system_schema_bools[] = { "is_indexed", NULL };

static int
in_list(const char *key, const char *const *list)
{
	/* the first byte rules out most names without a call */
	for (; *list != NULL; list++)
		if ((*list)[0] == key[0] && strcmp(key, *list) == 0)
			return 1;
	return 0;
}

/* drops the pairs of map whose key is (keep=0) or is not (keep=1) listed */
static size_t
map_filter(struct tnode *map, const char *const *list, int keep)
{
	size_t i, j = 0, n;

	if (map == NULL || map->kind != TN_MAP)
		return 0;
	n = map->u.map.n;
	for (i = 0; i < n; i++) {
		if (in_list(map->u.map.v[i].key, list) != keep)
			continue;
		if (i != j)
			map->u.map.v[j] = map->u.map.v[i];
		j++;
	}
	map->u.map.n = j;
	return n - j;
}

static void
map_drop(struct tnode *map, const char *key)
{
	const char *list[2];

	list[0] = key;
	list[1] = NULL;
	map_filter(map, list, 0);
}

static struct tnode *
get_mut(struct tnode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != TN_MAP)
		return NULL;
	for (i = 0; i < map->u.map.n; i++) {
		const char *k = map->u.map.v[i].key;

		if (k[0] == key[0] && strcmp(k, key) == 0)
			return &map->u.map.v[i].val;
	}
	return NULL;
}

/*
 * Sorting every map of an entry by key (step 6).  Directus writes every
 * entry of a kind with the same keys in the same order, so the permutation
 * that sorts one map also sorts the next map with the same key sequence.
 * A norm_cache remembers the last permutations, keyed by the key pointers:
 * keys are interned per tree, so within one tree equal pointers are equal
 * keys (the cache must not outlive the tree: see normalize.h).  The keys
 * of one map are distinct (the loaders reject duplicates), so the sorted
 * order is unique and the result is the same as qsort's.
 */
#define SHAPE_SLOTS 32
#define SHAPE_KEYS 48

struct shape {
	size_t n; /* 0: empty slot */
	const char *keys[SHAPE_KEYS];
	unsigned char perm[SHAPE_KEYS]; /* sorted[i] = unsorted[perm[i]] */
};

struct norm_cache {
	struct shape slot[SHAPE_SLOTS];
};

struct norm_cache *
norm_cache_new(void)
{
	return xcalloc(1, sizeof(struct norm_cache));
}

void
norm_cache_free(struct norm_cache **cp)
{
	if (cp == NULL)
		return;
	free(*cp);
	*cp = NULL;
}

static int
pair_key_cmp(const void *x, const void *y)
{
	const struct tpair *a = x, *b = y;

	return strcmp(a->key, b->key);
}

static struct shape *
shape_slot(struct norm_cache *c, const struct tpair *v, size_t n)
{
	uintptr_t h = (uintptr_t)v[0].key ^ ((uintptr_t)v[n - 1].key >> 4) ^
	    (uintptr_t)n;

	h ^= h >> 17;
	h *= 0x9e3779b1u;
	return &c->slot[(h >> 16) % SHAPE_SLOTS];
}

/* sorts the pairs of one map (not its values) */
static void
sort_pairs(struct tpair *v, size_t n, struct norm_cache *c)
{
	struct tpair tmp[SHAPE_KEYS];
	struct shape *sh;
	size_t i, j;

	if (n < 2)
		return;
	if (c == NULL || n > SHAPE_KEYS || n > UCHAR_MAX) {
		qsort(v, n, sizeof(*v), pair_key_cmp);
		return;
	}
	sh = shape_slot(c, v, n);
	for (i = 0; sh->n == n && i < n; i++)
		if (sh->keys[i] != v[i].key)
			break;
	if (sh->n != n || i < n) {
		/* a new shape: insertion sort of the indexes */
		sh->n = n;
		for (i = 0; i < n; i++) {
			sh->keys[i] = v[i].key;
			for (j = i; j > 0 &&
			     strcmp(v[sh->perm[j - 1]].key, v[i].key) > 0;
			     j--)
				sh->perm[j] = sh->perm[j - 1];
			sh->perm[j] = (unsigned char)i;
		}
	}
	memcpy(tmp, v, n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = tmp[sh->perm[i]];
}

/* tnode_sort_map(n, 1) through the cache */
static void
sort_deep(struct tnode *n, struct norm_cache *c)
{
	size_t i;

	if (n->kind == TN_MAP) {
		sort_pairs(n->u.map.v, n->u.map.n, c);
		for (i = 0; i < n->u.map.n; i++)
			sort_deep(&n->u.map.v[i].val, c);
	} else if (n->kind == TN_SEQ) {
		for (i = 0; i < n->u.seq.n; i++)
			sort_deep(&n->u.seq.v[i], c);
	}
}

/* step 4b: integer 0/1 under a boolean key of map becomes false/true */
static void
norm_bool_keys(
    struct tnode *map, const char *const *keys, struct norm_stats *st)
{
	size_t i;

	if (map == NULL || map->kind != TN_MAP)
		return;
	for (i = 0; i < map->u.map.n; i++) {
		struct tnode *v = &map->u.map.v[i].val;

		if (v->kind != TN_INT || (v->u.i != 0 && v->u.i != 1) ||
		    !in_list(map->u.map.v[i].key, keys))
			continue;
		tnode_set_bool(v, v->u.i == 1);
		st->bool_ints++;
	}
}

/* steps 1 to 3 for every kind */
static void
norm_common(struct tnode *e, const char *const *schema_keys, int drop_id,
    struct norm_stats *st)
{
	struct tnode *schema = get_mut(e, "schema");
	struct tnode *meta = get_mut(e, "meta");

	if (schema != NULL && schema->kind == TN_NULL) {
		map_drop(e, "schema");
		schema = NULL;
	}
	if (meta != NULL && meta->kind == TN_NULL)
		st->untracked++;
	if (drop_id && meta != NULL)
		map_drop(meta, "id");
	if (schema != NULL)
		st->raw_keys += map_filter(schema, schema_keys, 1);
}

static void
norm_collection_c(struct tnode *e, struct norm_stats *st, struct norm_cache *c)
{
	norm_common(e, collection_schema_keys, 0, st);
	norm_bool_keys(get_mut(e, "meta"), collection_meta_bools, st);
	sort_deep(e, c);
}

void
norm_collection(struct tnode *e, struct norm_stats *st)
{
	norm_collection_c(e, st, NULL);
}

static int
special_cmp(const void *x, const void *y)
{
	const struct tnode *a = x, *b = y;

	if (a->kind != TN_STR || b->kind != TN_STR)
		return (int)a->kind - (int)b->kind;
	return strcmp(a->u.s.p, b->u.s.p);
}

static void
norm_bool_default(struct tnode *e, struct norm_stats *st)
{
	struct tnode *schema = get_mut(e, "schema");
	struct tnode *dv = get_mut(schema, "default_value");
	const char *type = tnode_str(tnode_get(e, "type"));
	int b = -1;

	if (dv == NULL || type == NULL || strcmp(type, "boolean") != 0)
		return;
	if (dv->kind == TN_INT && (dv->u.i == 0 || dv->u.i == 1))
		b = (int)dv->u.i;
	else if (dv->kind == TN_STR) {
		if (strcmp(dv->u.s.p, "0") == 0 ||
		    strcmp(dv->u.s.p, "false") == 0)
			b = 0;
		else if (strcmp(dv->u.s.p, "1") == 0 ||
		    strcmp(dv->u.s.p, "true") == 0)
			b = 1;
	}
	if (b >= 0) {
		tnode_set_bool(dv, b);
		st->bool_defaults++;
	}
}

static void
norm_field_c(struct tnode *e, struct norm_stats *st, struct norm_cache *c)
{
	struct tnode *special;

	norm_common(e, field_schema_keys, 1, st);
	norm_bool_keys(get_mut(e, "meta"), field_meta_bools, st);
	norm_bool_keys(get_mut(e, "schema"), field_schema_bools, st);
	norm_bool_default(e, st);
	special = get_mut(get_mut(e, "meta"), "special");
	if (special != NULL && special->kind == TN_SEQ && special->u.seq.n > 1)
		qsort(special->u.seq.v, special->u.seq.n, sizeof(struct tnode),
		    special_cmp);
	sort_deep(e, c);
}

void
norm_field(struct tnode *e, struct norm_stats *st)
{
	norm_field_c(e, st, NULL);
}

static void
norm_relation_c(struct tnode *e, struct norm_stats *st, struct norm_cache *c)
{
	norm_common(e, relation_schema_keys, 1, st);
	sort_deep(e, c);
}

void
norm_relation(struct tnode *e, struct norm_stats *st)
{
	norm_relation_c(e, st, NULL);
}

static void
norm_system_field_c(
    struct tnode *e, struct norm_stats *st, struct norm_cache *c)
{
	norm_common(e, system_schema_keys, 1, st);
	norm_bool_keys(get_mut(e, "schema"), system_schema_bools, st);
	sort_deep(e, c);
}

void
norm_system_field(struct tnode *e, struct norm_stats *st)
{
	norm_system_field_c(e, st, NULL);
}

void
norm_entry(
    int kind, struct tnode *e, struct norm_stats *st, struct norm_cache *c)
{
	switch (kind) {
	case ENT_COLLECTION:
		norm_collection_c(e, st, c);
		break;
	case ENT_FIELD:
		norm_field_c(e, st, c);
		break;
	case ENT_RELATION:
		norm_relation_c(e, st, c);
		break;
	default:
		norm_system_field_c(e, st, c);
		break;
	}
}

struct spelling {
	const char *from, *to;
};

/* sorted by from: bsearch */
static const struct spelling spellings[] = {
	{ "bigint", "bigint" },
	{ "bigint unsigned", "bigint" },
	{ "bit", "boolean" },
	{ "bool", "boolean" },
	{ "boolean", "boolean" },
	{ "bpchar", "char" },
	{ "char", "char" },
	{ "character", "char" },
	{ "character varying", "varchar" },
	{ "clob", "text" },
	{ "datetime", "datetime" },
	{ "datetime2", "datetime" },
	{ "datetimeoffset", "timestamptz" },
	{ "decimal", "numeric" },
	{ "double", "double" },
	{ "double precision", "double" },
	{ "float4", "real" },
	{ "float8", "double" },
	{ "int", "integer" },
	{ "int unsigned", "integer" },
	{ "int2", "smallint" },
	{ "int4", "integer" },
	{ "int8", "bigint" },
	{ "integer", "integer" },
	{ "integer unsigned", "integer" },
	{ "nchar", "char" },
	{ "nclob", "text" },
	{ "ntext", "text" },
	{ "number", "numeric" },
	{ "numeric", "numeric" },
	{ "nvarchar", "varchar" },
	{ "nvarchar2", "varchar" },
	{ "real", "real" },
	{ "smalldatetime", "datetime" },
	{ "smallint", "smallint" },
	{ "smallint unsigned", "smallint" },
	{ "text", "text" },
	{ "time", "time" },
	{ "time with time zone", "timetz" },
	{ "time without time zone", "time" },
	{ "timestamp", "timestamp" },
	{ "timestamp with time zone", "timestamptz" },
	{ "timestamp without time zone", "timestamp" },
	{ "timestamptz", "timestamptz" },
	{ "timetz", "timetz" },
	{ "uniqueidentifier", "uuid" },
	{ "uuid", "uuid" },
	{ "varchar", "varchar" },
	{ "varchar2", "varchar" },
};

static int
spelling_cmp(const void *key, const void *elem)
{
	const struct spelling *s = elem;

	return strcmp(key, s->from);
}

const char *
norm_data_type(const char *data_type, char *out, size_t n)
{
	const struct spelling *sp;
	const char *p;
	size_t len = 0;
	int depth = 0, space = 0;

	if (n == 0)
		return out;
	out[0] = '\0';
	if (data_type == NULL)
		return out;
	/* MySQL reports tinyint(1) for booleans (its inspector says so too) */
	if (strncmp(data_type, "tinyint(1)", 10) == 0 ||
	    strncmp(data_type, "TINYINT(1)", 10) == 0)
		data_type = "boolean";
	for (p = data_type; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '(') {
			depth++;
			continue;
		}
		if (c == ')') {
			if (depth > 0)
				depth--;
			continue;
		}
		if (depth > 0)
			continue;
		if (isspace(c)) {
			space = len > 0;
			continue;
		}
		if (space && len + 1 < n)
			out[len++] = ' ';
		space = 0;
		if (len + 1 < n)
			out[len++] = (char)tolower(c);
	}
	out[len] = '\0';
	sp = bsearch(out, spellings, DRIFT_ARRAY_LEN(spellings),
	    sizeof(spellings[0]), spelling_cmp);
	if (sp != NULL) {
		len = strlen(sp->to);
		if (len >= n)
			len = n - 1;
		memcpy(out, sp->to, len);
		out[len] = '\0';
	}
	return out;
}

struct hint {
	const char *data_type, *vendor;
};

static const struct hint type_hints[] = {
	{ "character varying", "postgres" },
	{ "timestamp with time zone", "postgres" },
	{ "timestamp without time zone", "postgres" },
	{ "time without time zone", "postgres" },
	{ "double precision", "postgres" },
	{ "jsonb", "postgres" },
	{ "int unsigned", "mysql" },
	{ "longtext", "mysql" },
	{ "mediumtext", "mysql" },
	{ "nvarchar", "mssql" },
	{ "uniqueidentifier", "mssql" },
	{ "datetime2", "mssql" },
	{ "datetimeoffset", "mssql" },
	{ "VARCHAR2", "oracle" },
	{ "NVARCHAR2", "oracle" },
	{ "NUMBER", "oracle" },
	{ "CLOB", "oracle" },
};

const char *
norm_vendor_hint(int kind, const struct tnode *e)
{
	const struct tnode *schema = tnode_get(e, "schema");
	const char *dt, *dv;
	size_t i;

	if (schema == NULL || schema->kind != TN_MAP)
		return NULL;
	if (kind == ENT_COLLECTION) {
		if (tnode_get(schema, "sql") != NULL)
			return "sqlite";
		if (tnode_get(schema, "engine") != NULL)
			return "mysql";
		if (tnode_get(schema, "owner") != NULL)
			return "postgres";
		if (tnode_get(schema, "catalog") != NULL)
			return "mssql";
		return NULL;
	}
	if (kind != ENT_FIELD)
		return NULL;
	dt = tnode_str(tnode_get(schema, "data_type"));
	for (i = 0; dt != NULL && i < DRIFT_ARRAY_LEN(type_hints); i++)
		if (strcmp(dt, type_hints[i].data_type) == 0)
			return type_hints[i].vendor;
	dv = tnode_str(tnode_get(schema, "default_value"));
	if (dv != NULL && strncmp(dv, "nextval(", 8) == 0)
		return "postgres";
	return NULL;
}
