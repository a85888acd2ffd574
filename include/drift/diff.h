/*
 * diff.h: structural diff and classification of two snapshots.
 *
 * diff_snapshots() matches collections, fields, relations and systemFields
 * by identity (a merge over the sorted indexes of model.h: O(n log n) at
 * worst, nothing quadratic) and classifies every difference with a rule
 * from rules.h.  Rules:
 *   - the fields and relations of a removed collection fold into the one
 *     collection-removed change (listed in its old value), not one each;
 *   - a field removed and another added in the same collection with the
 *     same type and schema is one field-renamed change (still breaking);
 *   - differences that normalization (model.h) calls noise produce nothing;
 *   - a differing "directus" version or vendor is a note, not a change.
 * Changes come out sorted by (collection, entity kind, field, rule, path)
 * so output is deterministic.
 *
 * Lifetimes: a change's collection, field and old/new values may point
 * into either snapshot's tree; release the changeset before freeing the
 * snapshots (or at least never read it after).  cs->notes holds every
 * note for the report: the diff's own (versions, vendors, systemFields,
 * filtered side) followed by copies of both snapshots' notes, so a report
 * prints cs->notes only.  Folded values (collection-removed/-added,
 * collection-became-folder, folder-became-collection) are the collection
 * entry plus a "fields" sequence of the folded field names, in cs->arena.
 */
#ifndef DRIFT_DIFF_H
#define DRIFT_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "drift/model.h"
#include "drift/rules.h"

struct arena;
struct change_usage;
struct tnode;

enum change_status {
	CHANGE_REPORTED = 0,
	CHANGE_IGNORED, /* by a policy ignore rule */
	CHANGE_ACCEPTED /* by a policy accept entry */
};

struct change {
	const struct rule *rule; /* borrowed from the table */
	enum severity severity;  /* effective (policy may override) */
	enum entity_kind entity;
	const char *collection; /* borrowed; never NULL */
	const char *field;      /* borrowed; NULL for collection level */
	const char *path;       /* "schema.max_length"; NULL: whole entity */
	const struct tnode *old_value; /* NULL when absent on the old side */
	const struct tnode *new_value; /* NULL when absent on the new side */
	const char *message;           /* one line for a person */
	char id[13];                   /* 12 lowercase hex: fingerprint of
	                              (rule, collection, field, path) */
	const char *loc_origin;        /* the source the location points into */
	uint32_t line, col;            /* 0 when unknown */
	enum change_status status;
	const char *status_reason; /* why ignored/accepted, or NULL */
	/* usage_join.h: what the front end uses of it; NULL when no usage
	   scan ran.  Findings (ENT_FRONTEND) carry their front-end site in
	   loc_origin/line/col. */
	const struct change_usage *usage;
};

struct changeset {
	struct change *v;
	size_t n, alloc;
	char **notes; /* e.g. "the two sides come from different
	                              Directus versions (10.9.3, 11.1.0)" */
	size_t nnotes;
	struct arena *arena; /* owns paths, messages, synthesized values */
};

#define CHANGESET_INIT \
	{ \
		NULL, 0, 0, NULL, 0, NULL \
	}

/*
 * Compares old against new and appends the changes to cs (which must be
 * initialised).  Returns 0; allocation failure exits.
 */
int diff_snapshots(const struct snapshot *old, const struct snapshot *new,
    struct changeset *cs);

/* frees everything cs owns and re-initialises it */
void changeset_release(struct changeset *cs);

/* writes the 12-hex-digit fingerprint of (rule, collection, field, path) */
void change_fingerprint(const char *rule, const char *collection,
    const char *field, const char *path, char out[13]);

#endif
