/*
 * usage_js.h: JS/TS/Vue/Svelte/Astro files -> usage (issue 12).  Finds
 * GraphQL documents (gql/graphql tagged templates and calls, strings and
 * templates after a GraphQL magic comment, the SDK's untagged
 * client.query(doc, vars, 'system')) with the token scanner (js_scan.h)
 * and hands each to usage_gql_add() with its ${} holes blanked and its
 * file:line:col.  Vue and Svelte <script> blocks and Astro frontmatter
 * and <script> blocks are scanned in place, so line numbers are the
 * file's.
 *
 * The same tokens (js_value.h) then go to usage_sdk.h for the REST forms:
 * @directus/sdk commands, the legacy SDK and REST URLs.
 *
 * Ownership: file and text are borrowed for the call; records, problems
 * and notes go to out (strings in its arena).
 */
#ifndef DRIFT_USAGE_JS_H
#define DRIFT_USAGE_JS_H

#include <stddef.h>

#include "drift/usage.h"

struct snapshot;
struct usage_gql;

/* g may be NULL (GraphQL documents are then skipped) */
void usage_js_scan(const char *file, const char *text, size_t len,
    struct usage_gql *g, const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out);

#endif
