/*
 * usage.h: what a front end uses of the schema (issue 12), as records of
 * (collection, field, access), each with the file:line:column where the
 * front end names it.
 *
 * The usage layer sits beside the diff, not inside it: it reads front-end
 * files and the two snapshots (model.h) and never sees a changeset.
 * usage_join.h joins its records onto the classified changes, in one
 * place, before policy and reports.  Modules of the layer:
 *
 *   usage.c        this header: the record set and its helpers
 *   usage_graph.c  a collection's fields and relations across both
 *                  snapshots, Directus's built-in system relations included
 *                  (usage_graph.h)
 *   gql_naming.c   how Directus 11.17.4 names GraphQL types and root fields
 *                  (gql_naming.h; shared with the GraphQL SDL emitter)
 *   gql_parse.c    GraphQL executable documents: lexer and parser
 *   usage_gql.c    GraphQL documents -> records (usage_gql.h)
 *   js_scan.c      JS/TS token scanner: strings, templates, regex, comments
 *   usage_js.c     JS/TS/Vue/Svelte/Astro files: GraphQL templates and
 *                  strings (handed to usage_gql), @directus/sdk and legacy
 *                  SDK calls, REST URLs -> records (usage_js.h)
 *   usage_scan.c   usage_scan(): walks the paths, reads each file, and
 *                  dispatches it by kind
 *   usage_join.c   records -> per-change usage, verdicts, findings
 *
 * Resolution: a reference is resolved against the NEW snapshot first and,
 * for what NEW does not have, against the OLD one (then it is touched by
 * the change that removed it).  A reference that neither side has is not
 * a record but a problem (UP_UNKNOWN_*).  old may be NULL (the usage
 * command: one snapshot).
 *
 * Strings in records and problems are borrowed from the set's arena, or
 * from the snapshots (collection and field names) that outlive the set.
 */
#ifndef DRIFT_USAGE_H
#define DRIFT_USAGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct derr;
struct snapshot;

enum usage_access {
	UA_READ = 0,  /* selected: GraphQL selection, fields=, SDK fields */
	UA_FILTER,    /* filter, search, deep _filter, GraphQL filter args */
	UA_SORT,      /* sort */
	UA_AGGREGATE, /* aggregate, groupBy, <c>_aggregated */
	UA_CREATE,    /* a key of a create payload; field NULL: the create */
	UA_UPDATE,    /* a key of an update payload; field NULL: the update */
	UA_DELETE,    /* field NULL */
	UA_TYPE       /* a type reference: fragment on X, $v: X_filter */
};
#define UA__COUNT 8

enum usage_certainty {
	UC_EXACT = 0,
	UC_POSSIBLY /* wildcard, variable without a default, interpolated
	               selection, computed collection name */
};

/* flags of a record */
#define UREF_DYNAMIC \
	0x1u /* a create/update whose payload is not a literal
	                     (may write any field) */
#define UREF_NESTED \
	0x2u               /* reached through a relation (author.name, a
	                     nested create) */
#define UREF_OLD_ONLY 0x4u /* resolved only in the OLD snapshot */
/*
 * UREF_TRAVERSE: the path continues through this relational field into
 * the related collection: author.name, author.*, GraphQL author { name },
 * a filter or sort into it (filter: { author: { name: ... } }, sort
 * author.name), a nested write under it (author: { name: "x" }), an m2a
 * hop (item:block_hero.title, item { ... on block_hero }).  Set on the
 * record of the field itself (articles.author), never inherited by the
 * records below it (those are at depth > 0, UREF_NESTED).  A record
 * without it uses the field's own value: REST fields=author or SDK
 * fields: ['author'] read the raw foreign key, filter[author][_eq]=1
 * compares it, a payload { author: 1 } writes it.  A GraphQL selection
 * with a selection set always has it (GraphQL cannot select a relational
 * field without one).  A wildcard or dynamic record ("*", a payload that
 * is not a literal) has it when what it stands for may traverse (an
 * interpolated selection, a filter variable, *.*; not a bare *).
 * usage_join: the relation changes that only a traversal notices
 * (relation-removed and the others marked USAGE_TOUCH_TRAVERSE) touch the
 * records of the foreign key field only when they have it.
 */
#define UREF_TRAVERSE 0x8u

struct usage_site {
	const char *file;   /* as given or as walked (relative when given so) */
	uint32_t line, col; /* 1-based; col counts code points; 0 unknown */
};

struct usage_ref {
	const char *collection; /* never NULL, as the snapshot spells it */
	const char *field;      /* NULL: the collection as a whole (a root
	                           query, readItems('c'), a delete); "*": every
	                           field (a wildcard) */
	/* access, certainty and flags share a word: a record is 48 bytes,
	   and a large front end makes millions of them */
	enum usage_access access : 8;
	enum usage_certainty certainty : 8;
	unsigned flags : 16; /* UREF_* */
	unsigned depth;      /* relational depth: 0 for the top collection's
	                        own fields, 1 for author.name, ... */
	struct usage_site site;
	const char *context; /* what a person recognises: "query GetPosts",
	                        "readItems('posts')", "GET /items/posts" */
};

enum usage_problem_kind {
	UP_UNKNOWN_COLLECTION = 0, /* rule usage-unknown-collection */
	UP_UNKNOWN_FIELD,          /* rule usage-unknown-field */
	UP_DEPTH,                  /* rule usage-depth-exceeded */
	UP_PARSE                   /* a warning: a document that does not
	                              parse; the rest is still scanned */
};

struct usage_problem {
	enum usage_problem_kind kind;
	struct usage_site site;
	const char *collection; /* as written; NULL when not applicable */
	const char *field;      /* as written; NULL when not applicable */
	const char *context;    /* as in usage_ref */
	const char *message;    /* one complete line, no final period */
};

struct usage_opts {
	unsigned max_depth;   /* 0: Directus's MAX_RELATIONAL_DEPTH (10) */
	size_t max_file_size; /* 0: USAGE_MAX_FILE_DEFAULT */
	const char *const *exclude; /* globs (fnmatch, FNM_PATHNAME) against
	                               paths relative to each walked root */
	size_t nexclude;
	unsigned jobs; /* files scanned at once: 0 one per processor (at
	                  most USAGE_MAX_JOBS), 1 no threads */
};

#define USAGE_MAX_DEPTH_DEFAULT 10
#define USAGE_MAX_JOBS 16
/* the same, as a string literal (help and error text) */
#define USAGE_MAX_JOBS_STR USAGE_STR_(USAGE_MAX_JOBS)
#define USAGE_STR_(x) USAGE_STR__(x)
#define USAGE_STR__(x) #x
#define USAGE_MAX_FILE_DEFAULT ((size_t)4 << 20)

struct usage_set {
	struct arena *arena; /* owns every string of the set */
	struct usage_ref *refs;
	size_t nrefs, arefs;
	struct usage_problem *problems;
	size_t nproblems, aproblems;
	const char **notes; /* "skipped dist/app.js: larger than 4 MiB" */
	size_t nnotes, anotes;
	size_t nfiles; /* files scanned */
};

#define USAGE_SET_INIT \
	{ \
		NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, 0 \
	}

/* "read", "filter", "sort", "aggregate", "create", "update", "delete",
   "type" (the JSON report's spelling) */
const char *usage_access_name(enum usage_access a);

/* frees everything u owns and re-initialises it */
void usage_set_release(struct usage_set *u);

/* borrowed: a copy of s[0..len) in u's arena (created on first use) */
const char *usage_strndup(struct usage_set *u, const char *s, size_t len);
const char *usage_strdup(struct usage_set *u, const char *s);
/* borrowed: printf into u's arena */
const char *usage_printf(struct usage_set *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appends a copy of *r (its strings are not copied: make them borrowed
 * from the arena or the snapshots first).  Returns the stored record.
 */
struct usage_ref *usage_add_ref(struct usage_set *u, const struct usage_ref *r);
struct usage_problem *
usage_add_problem(struct usage_set *u, const struct usage_problem *p);
/*
 * A problem whose message is "<context>: " and the printf text, with
 * collection and field copied into the arena (context is stored as
 * given; NULL leaves the prefix out).  Returns the stored problem.
 */
struct usage_problem *
usage_add_problemf(struct usage_set *u, enum usage_problem_kind kind,
    struct usage_site site, const char *c, const char *f, const char *context,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* a note, printf style, copied into the arena */
void usage_add_note(struct usage_set *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* a note stored as given: s must live as long as u (in u's arena, or in
   one that u absorbs) */
void usage_add_note_ref(struct usage_set *u, const char *s);

/*
 * Moves everything src holds to dst: records and problems (in no
 * particular order: usage_set_sort() orders them), notes (after dst's),
 * the file count, and its arena (so the strings stay valid).  src is left
 * empty, as after usage_set_release().
 */
void usage_set_absorb(struct usage_set *dst, struct usage_set *src);

/*
 * Sorts records by (file, line, col, collection, field, access) and
 * problems by (file, line, col, kind), removing exact duplicates, so
 * that output is deterministic whatever order files were walked in.
 */
void usage_set_sort(struct usage_set *u);

/* usage_set_sort() for a caller that knows u->refs[0..ordered) strictly
   ascending (usage_set_ascending()): the check starts there */
void usage_set_sort_from(struct usage_set *u, size_t ordered);

/*
 * How far u->refs is strictly ascending (sorted as usage_set_sort()
 * sorts, no duplicates) when u->refs[0..from) is known to be: the m >= from
 * (at most nrefs) with refs[0..m) ascending and refs[m] not above refs[m-1].
 * A scan that merges file by file checks each file's records here while
 * they are in the cache, and the final sort then looks at none of them.
 */
size_t usage_set_ascending(const struct usage_set *u, size_t from);

/*
 * Merges v[0..n) into u->refs[from..nrefs), both ordered as
 * usage_set_sort() orders them, so that u->refs[from..) holds both in
 * order (duplicates kept).  Equal file names in them become one pointer
 * first, which the comparison then takes for equal.  v keeps its records
 * (their file pointers shared); the caller frees it.  Returns 1 when no
 * record of v equals one of u->refs[from..): two strictly ascending runs
 * then make a strictly ascending one.
 */
int usage_set_merge(
    struct usage_set *u, size_t from, struct usage_ref *v, size_t n);

/* orders u->refs[from..nrefs) as usage_set_sort() would, without removing
   duplicates (the per-file step that keeps the final sort linear); returns
   1 when they are then strictly ascending (no two equal) */
int usage_set_order_from(struct usage_set *u, size_t from);

/* <0, 0, >0 as a sorts before, with or after b in usage_set_sort() */
int usage_ref_cmp(const struct usage_ref *a, const struct usage_ref *b);

/*
 * usage_scan.c: scans paths (files or directories; see usage_scan.c for
 * which files a walk takes and skips) and fills out, which it leaves
 * sorted (usage_set_sort(), the whole set).  new is never NULL;
 * old may be NULL.  Files that cannot be read, are too large, are binary
 * or loop are notes, never errors.  Returns 0, or -1 with err set (status
 * 3) when a path given by the user does not exist.
 */
int usage_scan(const char *const *paths, size_t npaths,
    const struct usage_opts *o, const struct snapshot *old,
    const struct snapshot *new, struct usage_set *out, struct derr *err);

#endif
