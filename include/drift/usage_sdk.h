/*
 * usage_sdk.h: the REST forms of a JS/TS file -> usage (issue 12;
 * rest-and-sdk-usage.md 1-3): over the file's tokens (js_value.h) it
 * finds
 *
 *   - @directus/sdk 11+ commands with a literal collection:
 *     readItems/readItem/readSingleton/createItem(s)/updateItem(s)/
 *     updateItemsBatch/updateSingleton/deleteItem(s)/aggregate/
 *     utilsExport, the system commands (readUsers, readMe, updateMe,
 *     readFiles, readRoles, ..., readSettings), customEndpoint({ path }),
 *     also as sdk.readItems, $readItems (Nuxt) and with type arguments;
 *   - the legacy SDK (9/10): .items('c').readByQuery/readOne/readMany/
 *     createOne/createMany/updateOne/updateMany/updateByQuery/
 *     updateBatch/deleteOne/deleteMany, a handler kept in a const,
 *     .singleton('c').read/update, .users.me.read/update and the
 *     system handlers (.users, .files, .roles, ...);
 *   - REST URLs in string and template literals: /items/<c>[/<id>] and
 *     the system paths (/users, /files, ...) with fields=, filter[...],
 *     filter={json}, sort=, deep, alias, aggregate, groupBy (URL-decoded),
 *     the method and body of the fetch/$fetch/axios call they are passed
 *     to;
 *
 * and hands each to usage_rest.h.  The context of each record names the
 * call: "readItems('articles')", "items('articles').readByQuery",
 * "GET /items/articles".
 *
 * Ownership: t is borrowed for the call; records go to out.
 */
#ifndef DRIFT_USAGE_SDK_H
#define DRIFT_USAGE_SDK_H

#include "drift/usage.h"

struct jv_toks;
struct snapshot;

void usage_sdk_scan(struct jv_toks *t, const char *file,
    const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out);

/*
 * Exposed for the unit tests: parses the query string q[0..n) of a REST
 * URL (after the `?`) into an object value in t's arena; line:col is the
 * position of q[0].
 */
struct jv *rest_params_parse(
    struct jv_toks *t, const char *q, size_t n, uint32_t line, uint32_t col);

#endif
