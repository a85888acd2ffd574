/*
 * normalize.h: the per-entry normalization steps of model.h, exposed for
 * the model and for unit tests.
 *
 * Each norm_* function rewrites one snapshot entry (a TN_MAP owned by a
 * tree that the caller owns) in place: pairs are dropped by compacting the
 * pair array, scalars are rewritten in place, nothing is allocated.  The
 * steps, in order:
 *   1. "schema: null" is dropped (the same as no "schema" key);
 *   2. meta.id is dropped (fields and relations);
 *   3. schema keys outside Directus 9.23's pick lists are dropped
 *      (collections keep schema.name only; see the lists in normalize.c);
 *   4. fields of type boolean: a default_value of 0 or 1 (integer) or "0",
 *      "1", "true", "false" (string) becomes false/true;
 *   4b. integer 0 or 1 under a boolean key (meta hidden, readonly,
 *      required, searchable, singleton, versioning, archive_app_filter;
 *      schema is_nullable, is_unique, is_primary_key, has_auto_increment,
 *      is_generated, is_indexed) becomes false/true (MySQL exports);
 *   5. fields: meta.special is sorted (it is compared as a set);
 *   6. every map in the entry is sorted by key (tnode_sort_map deep), so
 *      the diff can merge two maps' keys in one pass.
 * Keys only some Directus versions emit, auto-increment primary keys and
 * vendor differences need both sides: the diff handles them (diff.h).
 */
#ifndef DRIFT_NORMALIZE_H
#define DRIFT_NORMALIZE_H

#include <stddef.h>

struct tnode;

/* what normalization saw; counters only grow */
struct norm_stats {
	size_t raw_keys;      /* pre-9.23 vendor keys dropped (step 3) */
	size_t untracked;     /* entries with meta: null */
	size_t bool_defaults; /* 0/1 defaults rewritten (step 4) */
	size_t bool_ints;     /* 0/1 under boolean keys rewritten (4b) */
};

void norm_collection(struct tnode *e, struct norm_stats *st);
void norm_field(struct tnode *e, struct norm_stats *st);
void norm_relation(struct tnode *e, struct norm_stats *st);
void norm_system_field(struct tnode *e, struct norm_stats *st);

/*
 * Remembers how maps of one tree were sorted, so that the many entries of
 * a snapshot that share a key order are sorted without comparisons.  Use
 * one cache per tree and free it before the tree: it compares interned key
 * pointers, which another tree may reuse for other keys.
 */
struct norm_cache;

/* new */
struct norm_cache *norm_cache_new(void);
/* frees *cp and sets it to NULL; NULL is a no-op */
void norm_cache_free(struct norm_cache **cp);
/*
 * The same as the norm_* function of kind (an enum entity_kind), sorting
 * through c (borrowed; NULL: no cache).  Same result either way.
 */
void norm_entry(
    int kind, struct tnode *e, struct norm_stats *st, struct norm_cache *c);

/*
 * The canonical name of a vendor's data_type spelling, written to
 * out[0..n) (NUL-terminated, cut to fit) and returned: lowercased, length
 * and precision "(...)" removed, white space collapsed, then one name per
 * type family, e.g. "character varying", "nvarchar", "VARCHAR2(255)" ->
 * "varchar"; "int", "int4", "int unsigned" -> "integer"; "tinyint(1)",
 * "bool", "bit" -> "boolean"; "timestamp with time zone", "timestamptz",
 * "datetimeoffset" -> "timestamptz".  Types that are really different
 * stay different (text, mediumtext and longtext; json and jsonb; char and
 * varchar; timestamp and datetime).  data_type NULL gives "".
 */
const char *norm_data_type(const char *data_type, char *out, size_t n);

/*
 * A vendor that a raw entry (before normalization) gives away, or NULL:
 * pre-9.23 table keys (schema.sql: sqlite, schema.engine: mysql, ...),
 * vendor-only data_type spellings ("character varying": postgres,
 * "int unsigned": mysql, "nvarchar": mssql, "VARCHAR2": oracle) and
 * postgres nextval() defaults.  kind is an enum entity_kind.  Borrowed
 * static string.
 */
const char *norm_vendor_hint(int kind, const struct tnode *e);

#endif
