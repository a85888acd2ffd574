/*
 * emit_graphql.h: the GraphQL SDL that Directus serves at
 * /server/specs/graphql for a snapshot (issue 13, `types --lang graphql`).
 *
 * What is emitted is what Directus 11.17.4 prints for an admin in the
 * items scope (POST /graphql): a port of its schema generation
 * (api/src/services/graphql/schema/{index,get-types,read,write}.ts) and of
 * graphql-compose 9's printer (types reachable from Query, Mutation and
 * Subscription, grouped by kind and sorted by name as localeCompare does,
 * descriptions as graphql-js 16 prints block strings).  The system
 * collections a snapshot never holds (directus_users, directus_files, ...)
 * come from gql_system.h; custom fields and relations a snapshot adds to
 * them are merged in.
 *
 * Known differences from a running instance, by construction:
 *   - root fields (Query, Mutation, Subscription) follow the snapshot's
 *     collection order, where Directus follows its database's table
 *     order; printSchema(lexicographicSortSchema()) of both is equal;
 *   - columns a snapshot does not list (untracked, meta: null, which
 *     Directus leaves out of snapshots) are not in the SDL either;
 *   - the schema is the admin's: a role's schema is reduced by its
 *     permissions, which a snapshot does not hold.
 */
#ifndef DRIFT_EMIT_GRAPHQL_H
#define DRIFT_EMIT_GRAPHQL_H

struct buf;
struct derr;
struct snapshot;

/*
 * Appends the SDL for s to out (no trailing newline, as Directus serves
 * it).  A field whose name is not a GraphQL name is left out, with a
 * warning on standard error (no query can select it).  Returns 0, or -1
 * with err set: status 3 at the field when a name starts with __ (Directus
 * then fails every GraphQL request, so there is no SDL), status 5 when
 * the built-in system schema failed to load (a test guards against it).
 */
int emit_graphql(const struct snapshot *s, struct buf *out, struct derr *err);

#endif
