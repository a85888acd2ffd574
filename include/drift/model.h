/*
 * model.h: a snapshot as the diff sees it (SPEC sections 3 and 4).
 *
 * snapshot_from_tree() validates the shape of a loaded document, unwraps a
 * {"data": ...} envelope, normalizes every entry so that differences that
 * are not changes disappear (see "Normalization" below), and indexes the
 * entities: collections sorted by name, fields, relations and systemFields
 * by (collection, field), byte order (strcmp).  Lookups are O(log n).
 *
 * Normalization (each step is a unit-tested rule):
 *   - key order, list order and YAML vs JSON never matter;
 *   - "schema: null" and no "schema" key are the same (folders, aliases);
 *   - meta.id is dropped from fields and relations;
 *   - pre-9.23 raw vendor keys are dropped: collection schema keeps only
 *     "name"; field schema drops comment, schema, foreign_key_schema;
 *     relation schema drops foreign_key_schema (and anything outside the
 *     9.23 pick list);
 *   - vendor spellings of one database type map to one canonical name
 *     ("character varying", "varchar", "nvarchar", "VARCHAR2" -> varchar);
 *   - MySQL/SQLite 0/1 defaults of boolean fields become false/true;
 *   - meta.special is compared as a set (pre-11.1.2 files sorted it);
 *   - keys that only some Directus versions emit (schema.is_indexed,
 *     meta.searchable, collection meta.preview_url, versioning, status,
 *     autosave_revision_interval, and systemFields as a whole) are compared
 *     only when both sides have them;
 *   - the schema of an auto-increment primary key is ignored, as Directus
 *     itself does.
 * Steps that need both sides (version-only keys, auto-increment primary
 * keys, vendor-level keys when vendors differ) are applied by the diff;
 * the per-entry steps are in normalize.h.
 * Normalization may add notes (version or vendor differences) to the
 * snapshot: they end up in the report, never as changes.
 *
 * Shape errors are exit 3 with origin:line:column: no collections/fields/
 * relations lists where required, "collections" not a sequence, an entry
 * that is not a mapping, an entry without "collection" (or "field" for
 * fields), duplicate entries for one collection or (collection, field).
 */
#ifndef DRIFT_MODEL_H
#define DRIFT_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct derr;
struct load_limits;
struct tnode;
struct tree;

enum entity_kind {
	ENT_COLLECTION = 0,
	ENT_FIELD,
	ENT_RELATION,
	ENT_SYSTEM_FIELD,
	ENT_SNAPSHOT, /* the file as a whole (version, vendor) */
	ENT_FRONTEND  /* a front-end reference (usage_join.h findings) */
};

struct entity {
	const char *collection;   /* never NULL */
	const char *field;        /* NULL for collections */
	const struct tnode *node; /* the normalized entry, a TN_MAP */
	uint32_t line, col;       /* where the entry starts in its source */
};

struct o2m_entry; /* model.c */

struct snapshot {
	struct tree *tree;        /* owned */
	char *origin;             /* owned: how reports name this side */
	const char *directus;     /* the "directus" value; NULL when absent */
	const char *vendor;       /* NULL when absent (before 9.23) */
	const char *vendor_guess; /* when vendor is absent: inferred from
	                            data types and raw keys ("postgres",
	                            "sqlite", "mysql", "mssql", "oracle"),
	                            or NULL when nothing gives it away */
	int64_t version;          /* 1 full, 2 partial; 0 when absent */
	int has_system_fields;    /* the file has a systemFields key */
	int filtered;             /* live side rebuilt with a non-admin token */
	size_t nuntracked;        /* entries with "meta: null" (versions
	                            before 11.10 write them, later ones
	                            leave them out) */
	int live;                 /* read from an http(s) URL: line and
	                            column point into a body nobody sees,
	                            so changes name the entity instead */
	struct entity *collections;
	size_t ncollections;
	struct entity *fields;
	size_t nfields;
	struct entity *relations;
	size_t nrelations;
	struct o2m_entry *o2m; /* owned: relations by (related_collection,
	                          meta.one_field), snapshot_find_o2m() */
	size_t no2m;
	struct entity *system_fields;
	size_t nsystem_fields;
	char **notes;       /* owned strings: what normalization did */
	size_t vendor_note; /* 1 + index in notes of the "no vendor
	                            key" note, 0 when there is none (the
	                            diff words it differently for a live
	                            side rebuilt without admin access) */
	size_t nnotes;
};

/*
 * Builds a snapshot from t, which is stolen (freed on error too).  origin
 * is copied.  Returns 0 and a new *out, or -1 with err filled (status 3).
 */
int snapshot_from_tree(struct tree *t, const char *origin,
    struct snapshot **out, struct derr *err);

/*
 * load_tree() then snapshot_from_tree(): data[0..len) is borrowed for the
 * duration of the call only.  lim may be NULL (the defaults).  Also
 * enforces lim->max_entities: more entries in collections, fields,
 * relations and systemFields together is an error (status 3) at the first
 * entry past the limit, "too many entities: more than the limit of N
 * collections, fields, relations and system fields".
 */
int snapshot_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct snapshot **out, struct derr *err);

/* frees s and everything it owns; sets *sp to NULL; NULL is a no-op */
void snapshot_free(struct snapshot **sp);

/* borrowed, or NULL when absent */
const struct entity *
snapshot_find_collection(const struct snapshot *s, const char *collection);
const struct entity *snapshot_find_field(
    const struct snapshot *s, const char *collection, const char *field);
const struct entity *snapshot_find_relation(
    const struct snapshot *s, const char *collection, const char *field);
/* borrowed: the first relation (in relations order) whose
   related_collection is related and meta.one_field one_field (the o2m
   side of an m2o), or NULL; a binary search */
const struct entity *snapshot_find_o2m(
    const struct snapshot *s, const char *related, const char *one_field);

/* 1 when the collection entry is a folder (no schema: no table) */
int entity_is_folder(const struct entity *e);
/* 1 when the field entry is an alias (type alias or no schema) */
int entity_is_alias(const struct entity *e);

#endif
