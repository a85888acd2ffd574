/*
 * source_url.h: live Directus instances as snapshot sources (the HTTP
 * side of source.h's source_fetch_url()).
 *
 * source_fetch_url() loads the token (token.h), then either GETs
 * {url}/schema/snapshot (the {"data": ...} envelope, which the model
 * unwraps) or, with o->least_privilege, rebuilds the snapshot from
 * /collections, /fields and /relations (directus_api.h) and renders it
 * as JSON.  The caller (cli_load) marks such a snapshot filtered.
 *
 * The token goes only to the instance it is for (o->token_instance: the
 * CLI sets --url, else $DIRECTUS_URL, else the policy file's url): a
 * source URL on another origin (scheme, host and port compared by
 * http_same_origin()) -- the policy's snapshot: naming some server, say
 * -- is fetched without the token, after the warning
 *   not sending the token to URL: it is not the instance the token is
 *   for (INSTANCE); fetching it without the token
 * and a 401/403 from it says why in its hint.
 */
#ifndef DRIFT_SOURCE_URL_H
#define DRIFT_SOURCE_URL_H

struct derr;
struct http_opts;
struct source_opts;

/*
 * What every live command needs: loads the token (new in *token: free it
 * with token_free(), also on error) and fills *ho from o (o may be NULL
 * for the defaults; verbose logs go to stderr).  A token file readable by
 * others is reported with drift_warn().  No token at all is an error
 * (status DRIFT_EXIT_USAGE).  Returns 0, or -1 with err filled.
 */
int source_live_setup(const struct source_opts *o, char **token,
    struct http_opts *ho, struct derr *err);

#endif
