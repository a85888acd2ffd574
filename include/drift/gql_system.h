/*
 * gql_system.h: the Directus system collections that the GraphQL schema
 * includes but a snapshot never contains (directus_users, directus_files,
 * ...), as one snapshot-shaped JSON document generated from a fresh
 * Directus by scripts/gen-gql-system.py (src/gql_system_data.c).
 * Load it with snapshot_load() (model.h) like any snapshot.
 */
#ifndef DRIFT_GQL_SYSTEM_H
#define DRIFT_GQL_SYSTEM_H

#include <stddef.h>

extern const char gql_system_json[];
extern const size_t gql_system_json_len;
/* the Directus version it was generated from ("11.17.4") */
extern const char gql_system_version[];

#endif
