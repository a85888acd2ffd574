/*
 * directus_api.h: the Directus REST endpoints directus-drift reads
 * (SPEC sections 2 and 7; reference sections 3.2 and 5).
 *
 * Every function here takes the base URL of an instance (checked by
 * http_url_join(): http(s), no credentials, query or fragment) and the
 * HTTP options (token, timeouts, retries, CA file).  Failures are struct
 * derr with status DRIFT_EXIT_NETWORK (4), origin the URL asked for
 * (without credentials or query), a message that names the HTTP status
 * and Directus's own error message and code, and a hint saying what to do:
 *
 *   401 INVALID_CREDENTIALS / TOKEN_EXPIRED: the token is wrong or expired;
 *   403 FORBIDDEN on /schema/snapshot: the token lacks admin access, try
 *       --least-privilege; on the other endpoints: the token cannot read
 *       directus_collections/_fields/_relations;
 *   404: not the base URL of a Directus instance, or Directus < 9.23;
 *   429/502/503/504 after the retries: the instance is overloaded;
 *   an HTML page where JSON was expected: a proxy or login page answered
 *       ("expected JSON, got an HTML page (Content-Type text/html)");
 *   invalid JSON: with line and column in the body (err->line/col);
 *   a 2xx whose body is a Directus error document ({"errors": [...]} with
 *       no data): "HTTP 200 OK: <message> (<code>)", Directus's own words.
 *
 * The token (opts->token) never appears in any message: a server message
 * that echoes it is redacted.
 */
#ifndef DRIFT_DIRECTUS_API_H
#define DRIFT_DIRECTUS_API_H

#include <stddef.h>

struct buf;
struct derr;
struct http_opts;
struct http_response;
struct tree;

/*
 * Extracts Directus's error message and code from an error body
 * {"errors":[{"message":"...","extensions":{"code":"..."}}]} into
 * msg[0..msz) and code[0..csz) (control characters become spaces, long
 * messages are cut).  Returns 0 when the body has that shape (code may
 * come back empty), -1 otherwise (msg and code empty).
 */
int directus_parse_error(const char *body, size_t len, char *msg, size_t msz,
    char *code, size_t csz);

/*
 * Fills err (status DRIFT_EXIT_NETWORK) for a response whose status is
 * not 2xx, as described above.  path is the API path asked for (it
 * selects the hint: "/schema/snapshot" suggests --least-privilege on 403).
 * token may be NULL; when not, it is redacted from the server's message.
 * Returns -1.
 */
int directus_status_error(const struct http_response *r, const char *path,
    const char *token, struct derr *err);

/*
 * The checks directus_get() makes on a received response, without network
 * (fuzz_http and tests call it directly): a status that is not 2xx is
 * directus_status_error(); with want_json, a 2xx body that looks like an
 * HTML page (by Content-Type or content), or that is a Directus error
 * document (above), is an error too.  r->url may be
 * NULL.  token (may be NULL) is redacted from messages.  Returns 0 when
 * the response is usable, -1 with err filled (status DRIFT_EXIT_NETWORK).
 */
int directus_check_response(const struct http_response *r, const char *path,
    int want_json, const char *token, struct derr *err);

/*
 * GETs base + path.  Returns 0 with *r filled when the status is 2xx and,
 * if want_json, the body does not look like an HTML page; otherwise -1
 * with err filled (the response is still in *r for inspection).  r must be
 * initialised; the caller releases it in both cases.
 */
int directus_get(const char *base, const char *path, int want_json,
    const struct http_opts *o, struct http_response *r, struct derr *err);

/*
 * GETs {base}/schema/snapshot.  export NULL asks for the JSON envelope
 * {"data": ...}; "yaml" or "json" ask for ?export=yaml|json, the unwrapped
 * snapshot as Directus's own export writes it.  On success the body is
 * moved into *out (which must be initialised; its old content is
 * released) and 0 is returned; *framed (framed may be NULL) tells whether
 * the HTTP framing proved the body complete (http_response.framed).  The
 * body is not parsed here: the caller loads it (see
 * directus_remap_load_error()).
 */
int directus_fetch_snapshot(const char *base, const char *export,
    const struct http_opts *o, struct buf *out, int *framed, struct derr *err);

/*
 * Turns an error from loading a fetched body (status 3, origin the URL)
 * into a network error (status 4): the live instance sent something that
 * is not a snapshot.  The line and column are kept.  Returns -1.
 */
int directus_remap_load_error(struct derr *err);

/*
 * Rebuilds a snapshot tree from the bodies of GET /collections, /fields,
 * /relations and (optionally, server may be NULL) /server/info, applying
 * what Directus's own snapshot does (reference 1.3 to 1.8, 9.23+ pick
 * lists): rows with meta.system true or meta null are dropped, meta.id is
 * dropped, collections keep collection, meta and schema.name; fields keep
 * collection, field, type, meta and the 9.23 schema keys; relations keep
 * collection, field, related_collection, meta and their schema keys.
 * systemFields (system fields whose schema.is_indexed is true) are added
 * only when /server/info reports Directus 11.13 or later.  The result has
 * version 1, "directus" when known, no vendor (only the admin-only
 * snapshot tells it).  Entries are sorted as Directus sorts them.
 * origin names the instance (its URL) and is used for the tree and in
 * messages; the url_* arguments name each body's URL for messages.
 * Returns 0 and a new *out, or -1 with err filled (status 4, with line and
 * column for invalid JSON).
 */
struct directus_bodies {
	const char *collections, *fields, *relations, *server; /* borrowed */
	size_t ncollections, nfields, nrelations, nserver;
	const char *url_collections, *url_fields, *url_relations, *url_server;
};

int directus_rebuild_snapshot(const struct directus_bodies *b,
    const char *origin, struct tree **out, struct derr *err);

/*
 * The least-privilege path: GETs /collections, /fields, /relations and
 * /server/info (a failure of the last one only loses the version) and
 * calls directus_rebuild_snapshot().  Returns 0 and a new *out, or -1
 * with err filled.
 */
int directus_fetch_least_privilege(const char *base, const struct http_opts *o,
    struct tree **out, struct derr *err);

/* the note added to a snapshot rebuilt by the least-privilege path */
#define DIRECTUS_FILTERED_NOTE \
	"the live side was rebuilt from /collections, /fields and " \
	"/relations (--least-privilege): it may be filtered by the token's " \
	"permissions, so something missing from it may only be hidden"

#endif
