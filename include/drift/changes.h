/*
 * changes.h: the change list a diff produces, and change fingerprints.
 *
 * A changeset is a growing array of changes, the notes of the run and an
 * arena that owns every string and synthesized value the changes point
 * to.  classify.c appends to it (changeset_add), diff.c orders it,
 * policy.c marks changes ignored or accepted, the reports read it.  This
 * module depends only on rules.h, model.h and the allocators, so diff.c
 * and classify.c both call down into it and never into each other's
 * callers.
 *
 * Lifetimes: a change's collection, field and old/new values may point
 * into either snapshot's tree; release the changeset before freeing the
 * snapshots (or at least never read it after).  Notes are owned by the
 * changeset (changeset_note steals them).
 */
#ifndef DRIFT_CHANGES_H
#define DRIFT_CHANGES_H

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
	/* set by policy_apply (strings borrowed from the policy): */
	const char *override_origin; /* file of the "severity:" override that
	                                set severity, or NULL */
	uint32_t override_line;      /* its line there */
	const char *expired;         /* an accept entry for it expired: "on
	                                DATE, FILE:LINE:COL"; the change stays
	                                reported; NULL otherwise */
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

/* borrowed: cs's arena, created on first use */
struct arena *changeset_arena(struct changeset *cs);

/*
 * Borrowed (valid until the next append): a new change at the end of cs
 * with rule r, its default severity, entity kind, collection, field
 * (NULL for ENT_COLLECTION whatever is passed), path, old/new values,
 * status CHANGE_REPORTED and the fingerprint filled in; message is
 * copied into cs's arena.  The location is left for the caller.
 */
struct change *
changeset_add(struct changeset *cs, const struct rule *r, enum entity_kind ent,
    const char *collection, const char *field, const char *path,
    const struct tnode *ov, const struct tnode *nv, const char *message);

/* appends a note; note is stolen (freed by changeset_release) */
void changeset_note(struct changeset *cs, char *note);

/* orders cs->v by (collection, entity kind, field, rule, path) */
void changeset_sort(struct changeset *cs);

/* frees everything cs owns and re-initialises it */
void changeset_release(struct changeset *cs);

/* writes the 12-hex-digit fingerprint of (rule, collection, field, path) */
void change_fingerprint(const char *rule, const char *collection,
    const char *field, const char *path, char out[13]);

#endif
