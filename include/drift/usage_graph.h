/*
 * usage_graph.h: a collection's fields and relations as the front end
 * sees them, across both snapshots plus Directus 11.17.4's built-in system
 * collections, fields and relations (sysdata.h), which snapshots never
 * contain.  The usage scanners (usage_gql.c, usage_js.c) resolve every
 * name they meet through this module.
 *
 * Lookup order: the NEW snapshot, then the OLD one (side 2: the name is
 * gone from NEW, so a change removed it), then the built-in table (side 3).
 * A field's kind comes from the relations of the side the field was found
 * on (a relation that only OLD has does not make NEW's field relational;
 * usage_graph_field_in() asks one side).
 *
 *   m2o: a relation row (collection=c, field=f) with related_collection;
 *   m2a item: related_collection null and meta.one_allowed_collections;
 *   o2m: a relation row with related_collection=c and meta.one_field=f
 *        (also m2m, translations and files aliases: o2m into the junction);
 *   presentation: alias fields with special no-data (dividers, groups),
 *        which Directus serves nowhere (not in GraphQL, not in REST).
 *
 * Folders (collections without a schema) are not collections here.
 * Every string in a struct ug_field is borrowed from a snapshot or the
 * static built-in table; `allowed` of an m2a field is an array allocated
 * in the snapshot's arena (freed with the snapshot) by each call that
 * returns one.  All functions accept old == NULL.
 */
#ifndef DRIFT_USAGE_GRAPH_H
#define DRIFT_USAGE_GRAPH_H

#include <stddef.h>

struct snapshot;

enum ug_kind {
	UG_NONE = 0,
	UG_SCALAR,
	UG_M2O,
	UG_O2M,
	UG_M2A,
	UG_PRESENTATION
};

struct ug_field {
	const char *collection, *field; /* borrowed (snapshot or built-in
	                                   table) */
	const char *type;               /* Directus type ("integer", "alias",
	                                   ...) or NULL */
	enum ug_kind kind;
	const char *related;        /* M2O: target collection; O2M: the many
	                              collection (a junction for m2m,
	                              translations, files) */
	const char *related_field;  /* O2M: the FK field on the many side; M2O:
	                              the o2m alias on the target, or NULL */
	const char *const *allowed; /* M2A item field:
	                               one_allowed_collections */
	size_t nallowed;
	int side; /* 1 NEW, 2 only OLD, 3 built-in (Directus system field not
	             in the snapshots) */
};

/* 1 in NEW, 2 only in OLD, 3 a built-in Directus system collection,
   0 unknown */
int usage_graph_collection(const struct snapshot *old,
    const struct snapshot *new, const char *collection);

/* 1 and *out filled when (collection, field) is known on either side (NEW
   preferred) or built in; 0 unknown (*out zeroed).  old may be NULL. */
int usage_graph_field(const struct snapshot *old, const struct snapshot *new,
    const char *collection, const char *field, struct ug_field *out);

/* calls fn for every field of the collection (NEW's, then OLD-only ones,
   then built-ins); returns the count */
size_t usage_graph_each_field(const struct snapshot *old,
    const struct snapshot *new, const char *collection,
    void (*fn)(const struct ug_field *, void *), void *arg);

/* borrowed: the primary key field name of a collection, or NULL */
const char *usage_graph_primary_key(const struct snapshot *old,
    const struct snapshot *new, const char *collection);

/*
 * Additions beyond the shared API:
 */

/* (collection, field) on one side only: s a snapshot (side 1 or 2 is
   stored in out->side as given) or NULL for the built-in table (side 3).
   1 and *out filled, or 0. */
int usage_graph_field_in(const struct snapshot *s, int side,
    const char *collection, const char *field, struct ug_field *out);

/* 1 when the collection is a singleton on the side that has it (NEW,
   then OLD, then built in), else 0 */
int usage_graph_singleton(const struct snapshot *old,
    const struct snapshot *new, const char *collection);

/* borrowed: the collection's own spelling (from NEW, OLD or the built-in
   table, as usage_graph_collection() finds it) and *side (may be NULL)
   set to 1, 2 or 3; NULL (and *side 0) when unknown */
const char *usage_graph_collection_name(const struct snapshot *old,
    const struct snapshot *new, const char *collection, int *side);

/* 1 when the name is one of Directus's built-in system collections */
int usage_graph_is_system(const char *collection);

/* calls fn for the name of every collection known on either side or
   built in (NEW's, then OLD-only ones, then built-ins); returns the
   count.  Folders are left out. */
size_t usage_graph_each_collection(const struct snapshot *old,
    const struct snapshot *new, void (*fn)(const char *, int side, void *),
    void *arg);

#endif
