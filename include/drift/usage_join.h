/*
 * usage_join.h: the front end's usage (usage.h) joined onto a classified
 * changeset (diff.h), in one place, before policy and reports (issue 12).
 *
 * For every change, the records that the change touches (reference
 * graphql-usage-and-ts-types.md 1.7) become its usage: used yes (an exact
 * record), possibly (only wildcards, dynamic payloads, variables) or no.
 * Which records touch a change is data: one row per rule in usage_join.c
 * (a per-scope mask of accesses), checked against the rule table by
 * test_usage_join.  A rule without a row is touched by any access to its
 * collection (or field), so a new rule errs on the side of "used".
 *
 * Verdict: a change whose rule is breaking and that nothing uses (no) is
 * downgraded to dangerous (its default severity stays breaking; the
 * reports say "not used by the front end"), unless o->downgrade is 0.
 * possibly stays breaking.  Policy severity overrides apply after the
 * join, so they win.
 *
 * Findings: the problems of the set become changes of entity
 * ENT_FRONTEND, at the front-end file:line:column (loc_origin, line,
 * col): UP_UNKNOWN_COLLECTION -> usage-unknown-collection, UP_UNKNOWN_FIELD
 * -> usage-unknown-field (breaking), UP_DEPTH -> usage-depth-exceeded
 * (dangerous).  A record resolved only in the OLD snapshot that no change
 * touches is an unknown reference too, unless o->new still has its
 * collection.field (only the relation on the way to it went away).  UP_PARSE is no finding: it is
 * returned as a note (and the caller warns).  Findings are appended after
 * the diff's changes, in the set's order (file, line, column).
 *
 * Lifetimes: change->usage and the findings' strings live in cs->arena;
 * their sites are borrowed from u (records) and from the snapshots (names):
 * keep u and both snapshots alive as long as cs is read.
 */
#ifndef DRIFT_USAGE_JOIN_H
#define DRIFT_USAGE_JOIN_H

#include <stddef.h>

#include "drift/usage.h"

struct changeset;
struct change;
struct snapshot;

enum usage_used { USAGE_NO = 0, USAGE_POSSIBLY, USAGE_YES };

/* one change's usage; the sites are the touching records, sorted */
struct change_usage {
	enum usage_used used;
	int downgraded; /* 1: breaking -> dangerous because used is no */
	const struct usage_ref *const *sites; /* borrowed from the set */
	size_t nsites;
};

struct usage_join_opts {
	int downgrade; /* 1 (default): breaking and unused -> dangerous */
	/* the NEW snapshot, or NULL: a record resolved only in OLD whose
	   collection.field NEW still has (reached through a relation that
	   NEW lacks: the relation change is reported) is no finding */
	const struct snapshot *new;
};

/* "yes", "no", "possibly" (the JSON report's spelling) */
const char *usage_used_name(enum usage_used u);

/*
 * Which accesses touch a change of rule_id, as bit masks over
 * enum usage_access (1u << UA_READ ...), per scope:
 *   field:      records on the change's collection.field (for a
 *               relation: its field and its o2m alias on the related
 *               collection, old and new);
 *   collection: records on any field of the collection, or on the
 *               collection as a whole;
 *   root:       records on the collection at depth 0 (root queries);
 *   related:    records on the relation's related collection.
 * Returns 1 when the rule has a row, 0 (masks set to the fallback) when
 * it has none.
 */
struct usage_touch {
	unsigned field, collection, root, related;
	unsigned flags; /* USAGE_TOUCH_* */
};
#define USAGE_TOUCH_NOT_NULL_ONLY \
	0x1u /* only when the new field is NOT NULL without a default */
/* field scope, on the relation's own (foreign key) field: only records
   with UREF_TRAVERSE (the path goes through the relation); records on its
   o2m alias (related collection) touch it whatever their flags: an alias
   has no value of its own, reading it always goes through the relation */
#define USAGE_TOUCH_TRAVERSE 0x2u
/* USAGE_TOUCH_TRAVERSE when the change's new value is null (a foreign
   key dropped: the column keeps its values) */
#define USAGE_TOUCH_TRAVERSE_IF_DROPPED 0x4u
#define USAGE_TOUCH_OMITTED \
	0x8u /* collection-level creates touch only when they omit the \
	        field: a create (field NULL) of a call or operation (its \
	        context) that writes no key of that name in the same file, \
	        or a create whose payload is not a literal */
int usage_touch_of(const char *rule_id, struct usage_touch *out);

/*
 * Joins u onto cs (see above); cs may hold no changes at all (the usage
 * command: findings only).  Parse problems and u's notes are appended to
 * cs->notes.
 * Returns the number of findings appended.  Never fails (allocation
 * failure exits).
 */
size_t usage_join(struct changeset *cs, const struct usage_set *u,
    const struct usage_join_opts *o);

/*
 * One line for a person, into buf (size n, always terminated): "used by
 * src/lib/api.ts:18 (+2 more)", "possibly used by ...", "not used by the
 * front end".
 */
void usage_describe(const struct change_usage *cu, char *buf, size_t n);

/*
 * The front-end files that REPORTED changes of severity dangerous or
 * higher touch (their sites, and the findings' own files), sorted, each
 * once.  *out is a new array (free) of borrowed names; returns the count.
 */
size_t usage_affected_files(const struct changeset *cs, const char ***out);

#endif
