/*
 * classify.h: turning the differences of matched (or unmatched) entities
 * into changes.  Internal to diff.c and classify.c; diff.h is the API.
 * Layering: diff.c calls classify.c, classify.c calls changes.c, rules.c
 * and model.c; classify.c never calls diff.c.
 *
 * diff.c matches entities and decides what is folded or renamed;
 * classify.c compares the normalized entries key by key, table-driven
 * (per-key rows naming the rule), and appends changes with dctx_add().
 */
#ifndef DRIFT_CLASSIFY_H
#define DRIFT_CLASSIFY_H

#include "drift/buf.h"
#include "drift/changes.h"
#include "drift/model.h"

struct tnode;

/* entries diff.c leaves out of the comparison, named in one note */
struct dnames {
	struct buf names; /* the first DNAMES_LISTED, ", " between */
	size_t n;
};

#define DNAMES_LISTED 12

struct dctx {
	const struct snapshot *old, *new;
	struct changeset *cs;
	int vendor_cmp; /* 0: the vendors differ; vendor-level keys skipped */
	struct dnames hidden;    /* missing from a filtered new side */
	struct dnames untracked; /* meta: null, only on a side whose
	                            version writes them */
};

/*
 * Appends one change for rule_id (which must be in the table).  The
 * collection and field come from eo, else from en.  The location is the
 * old side's (ov, else eo) when eo is given, else the new side's (nv,
 * else en).  path is borrowed (a literal or an arena string); the
 * message is formatted into the changeset's arena.
 */
void dctx_add(struct dctx *d, const char *rule_id, enum entity_kind ent,
    const struct entity *eo, const struct entity *en, const char *path,
    const struct tnode *ov, const struct tnode *nv, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* borrowed (arena): printf into the changeset's arena */
const char *dctx_str(struct dctx *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Borrowed (arena): compact JSON of n, cut to 80 bytes on a UTF-8 code
 * point boundary with "..."; NULL: "none".
 */
const char *dctx_val(struct dctx *d, const struct tnode *n);
/*
 * Borrowed (arena), into *os and *ns: both values of a change for a
 * message.  Whole when both fit in 80 bytes; else each cut to the part
 * that differs (context before the first differing code point, the
 * differing part, context after), never inside a UTF-8 sequence.
 */
void dctx_vals(struct dctx *d, const struct tnode *ov, const struct tnode *nv,
    const char **os, const char **ns);

/* both sides of a collection, field, relation or system field */
void classify_collection(
    struct dctx *d, const struct entity *eo, const struct entity *en);
void classify_field(
    struct dctx *d, const struct entity *eo, const struct entity *en);
void classify_relation(
    struct dctx *d, const struct entity *eo, const struct entity *en);
/* a field only on one side (existing collection, not a rename) */
void classify_field_removed(struct dctx *d, const struct entity *eo);
void classify_field_added(struct dctx *d, const struct entity *en);

/* 1 when e is an alias without data (divider, notice, group) */
int field_is_presentation(const struct entity *e);
/* "number", "string", ...: the JSON representation class of a type */
const char *type_repr(const char *type);

#endif
