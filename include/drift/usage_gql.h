/*
 * usage_gql.h: GraphQL documents -> usage records (reference
 * graphql-usage-and-ts-types.md 1.6): which (collection, field) pairs a
 * front end's queries, mutations, subscriptions and fragments read,
 * filter, sort, aggregate, create, update, delete or name as a type.
 *
 * Fragments are project-wide: a fragment may be spread in one file and
 * defined in another, so documents are resolved against both snapshots
 * (usage_graph.h) as if all at the end.  Memory: each document is parsed
 * into a scratch arena and dropped after the call; what stays is a copy
 * of each fragment definition and, for operations that spread a fragment
 * not seen yet, the document's text (re-parsed at the end).  After
 * usage_gql_bind() every other operation is resolved when it is added,
 * so a scan holds one document's syntax tree at a time plus the
 * fragments.  The mapping assumes the admin schema: permissions are not
 * in a snapshot, and a role's GraphQL schema only lacks what that role
 * cannot read.
 *
 * Ownership: usage_gql_new() returns a new handle, freed with
 * usage_gql_free(); records and problems are appended to the caller's
 * usage_set, their strings borrowed from its arena or the snapshots.
 */
#ifndef DRIFT_USAGE_GQL_H
#define DRIFT_USAGE_GQL_H

#include <stddef.h>
#include <stdint.h>

#include "drift/usage.h"

struct snapshot;
struct usage_gql; /* documents collected project-wide (fragments are
                     project-wide) */

/* new */
struct usage_gql *usage_gql_new(void);
/*
 * Binds the snapshots (and o; all borrowed until usage_gql_free()) that
 * usage_gql_resolve() will be given, before the first usage_gql_add():
 * an operation whose fragments (through fragments too) are all known is
 * then resolved when added, into the set given to usage_gql_add(), and
 * its document dropped.  The records, problems and notes are the same as
 * without it (notes still come at usage_gql_resolve(), in the order of
 * the documents), except which operations lose their spreads when more
 * than a million are expanded in all.  new NULL unbinds.
 */
void usage_gql_bind(struct usage_gql *g, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o);
/* frees g and everything it owns; sets *gp to NULL; NULL is a no-op */
void usage_gql_free(struct usage_gql **gp);

/*
 * Adds one GraphQL document.  text[0..len) and file are borrowed for the
 * call (what is kept is copied); text[0] sits at file:line:col (col
 * 1-based code points; later lines start at col 1).
 * The caller replaced each ${...} interpolation by spaces (same byte
 * length, newlines kept) and lists the byte offsets of the holes' starts
 * in holes[0..nholes): a selection set containing a hole is "possibly"
 * (an interpolated selection); a hole where a fragment spread could be is
 * the same.  scope: 0 items (/graphql), 1 system (/graphql/system), -1
 * unknown (decide per root field: a root field that names an items
 * collection is items; else try system).  A document that does not parse
 * adds one UP_PARSE problem (file:line:col, message) to out.  SDL
 * documents are skipped silently (return 0).  Returns the number of
 * operations+fragments added.
 */
int usage_gql_add(struct usage_gql *g, const char *file, uint32_t line,
    uint32_t col, const char *text, size_t len, const size_t *holes,
    size_t nholes, int scope, struct usage_set *out);

/*
 * The two halves of usage_gql_add(), for documents found on other
 * threads: usage_gql_parse() touches nothing but its arguments (the
 * document lives in arena a, which must outlive the add);
 * usage_gql_add_parsed() is usage_gql_add() with that parse, called in
 * the order the documents are to be added, with the same text and holes.
 */
struct arena;
struct usage_gql_parsed;
struct usage_gql_parsed *usage_gql_parse(struct arena *a, const char *text,
    size_t len, const size_t *holes, size_t nholes);
int usage_gql_add_parsed(struct usage_gql *g, const char *file, uint32_t line,
    uint32_t col, const char *text, size_t len, const size_t *holes,
    size_t nholes, int scope, const struct usage_gql_parsed *pd,
    struct usage_set *out);

/*
 * Resolving on the thread that parsed: a document that needs no fragment
 * resolves the same whichever handle adds it, so a scanning thread can
 * add it to a handle of its own (bound to the same snapshots and options)
 * and keep the syntax tree where it was made.  usage_gql_standalone():
 * 1 when pd is such a document (g bound; it does not parse, or it is
 * SDL, or it defines no fragment and spreads none), else 0.  Its records
 * and problems then go to the set given to usage_gql_add_parsed(); what
 * waits is the notes of the resolution, which come out in the order of
 * the documents: usage_gql_hand_over() moves those g holds (NULL when
 * none), and usage_gql_take_over() gives them to the handle that adds the
 * other documents, at the point where those documents would have been
 * added to it (frees *np, sets it to NULL; NULL is a no-op).
 */
struct usage_gql_notes;
int usage_gql_standalone(
    const struct usage_gql *g, const struct usage_gql_parsed *pd);
struct usage_gql_notes *usage_gql_hand_over(struct usage_gql *g);
void usage_gql_take_over(struct usage_gql *g, struct usage_gql_notes **np);

/*
 * Resolves everything added so far (reference 1.6) and appends records
 * and problems to out:
 *   UA_READ for selections (and a root field as a whole, field NULL);
 *   UA_FILTER for filter args (keys of the object literal, nested through
 *     relations, _and/_or/_some/_none, <f>_func, <m2a>__<collection>);
 *   UA_SORT for sort: ["-title", "author.name"] strings;
 *   UA_AGGREGATE for <c>_aggregated (count { f }, groupBy strings);
 *   UA_CREATE/UA_UPDATE for data: {...} input object keys of mutations
 *     (and the mutation itself with field NULL; a data: $var without a
 *     literal is field "*", UREF_DYNAMIC, possibly);
 *   UA_DELETE for delete_*;
 *   UA_TYPE for fragment and inline fragment type conditions, variable
 *     types naming a collection's types, __typename on an m2a union.
 * UREF_TRAVERSE (usage.h) on the record of a field that the path goes
 * through: a selection with a selection set, a filter key on a relation
 * (its filter type is the related collection's), <m2a>__<collection>, a
 * dotted sort string's leading segments, a nested write; and on every
 * "*" possibly record but aggregates'.  A relation that only OLD has
 * (removed: NEW's field is a plain key) is followed through OLD, the
 * records below it UREF_OLD_ONLY; a filter or write on it that only
 * names operators or a scalar (author: { _eq: 1 }, author: 1) reads or
 * writes NEW's plain key: no flag.
 * Unknown root fields / fields -> UP_UNKNOWN_COLLECTION / UP_UNKNOWN_FIELD
 * (the message names the operation: `query GetPosts: articles has no
 * field "subtitle"`); a selection path longer than o->max_depth fields
 * (author.name is 2; 0: USAGE_MAX_DEPTH_DEFAULT) -> UP_DEPTH.  context is
 * "query GetPosts", "mutation CreatePost", "fragment PostFields" (an
 * unused fragment, resolved on its type condition) or "anonymous query".
 * Fragments spread by an operation are resolved inline, for the type they
 * are spread on, under the operation's context; spread cycles and
 * runaway expansion are cut (a note).  old may be NULL; o may be NULL.
 */
void usage_gql_resolve(struct usage_gql *g, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out);

#endif
