#include "drift/compat.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

#define SNAPSHOT_PATH "/schema/snapshot"
/* 2xx bodies up to this size are parsed whole to look for "errors" */
#define DIRECTUS_ERROR_PARSE_MAX ((size_t)1 << 16)

/* copies s into out[0..n), control characters as spaces, cut with "..." */
static void
clean_copy(char *out, size_t n, const char *s)
{
	size_t i, len = strlen(s);

	if (n == 0)
		return;
	for (i = 0; i < len && i + 1 < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' '
								      : s[i];
	out[i] = '\0';
	if (i < len && n > 4)
		memcpy(out + n - 4, "...", 4);
}

int
directus_parse_error(
    const char *body, size_t len, char *msg, size_t msz, char *code, size_t csz)
{
	json_t *root = NULL, *e, *m, *c;
	json_error_t jerr;
	int ret = -1;

	if (msz)
		msg[0] = '\0';
	if (csz)
		code[0] = '\0';
	if (body == NULL || len == 0)
		goto out;
	root = json_loadb(body, len, 0, &jerr);
	e = json_array_get(json_object_get(root, "errors"), 0);
	m = json_object_get(e, "message");
	if (!json_is_string(m))
		goto out;
	clean_copy(msg, msz, json_string_value(m));
	c = json_object_get(json_object_get(e, "extensions"), "code");
	if (json_is_string(c))
		clean_copy(code, csz, json_string_value(c));
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/* replaces every occurrence of tok in s (in place) with "[token]" */
static void
redact(char *s, size_t n, const char *tok)
{
	struct buf b = BUF_INIT;
	size_t tl;
	char *p, *q;

	if (tok == NULL || tok[0] == '\0' || strstr(s, tok) == NULL)
		return;
	tl = strlen(tok);
	for (p = s; (q = strstr(p, tok)) != NULL; p = q + tl) {
		buf_add(&b, p, (size_t)(q - p));
		buf_adds(&b, "[token]");
	}
	buf_adds(&b, p);
	clean_copy(s, n, b.buf);
	buf_release(&b);
}

static int
looks_html(const struct http_response *r)
{
	const char *p = r->body.buf, *end = p + r->body.len;

	if (r->content_type != NULL &&
	    (strncasecmp(r->content_type, "text/html", 9) == 0 ||
		strncasecmp(r->content_type, "application/xhtml", 17) == 0))
		return 1;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return (size_t)(end - p) >= 5 &&
	    (strncasecmp(p, "<!doc", 5) == 0 ||
		strncasecmp(p, "<html", 5) == 0);
}

/*
 * The server's Content-Type is shown cleaned (no control characters) and
 * with the token redacted before it is cut to size: a proxy may reflect
 * anything there (found by fuzz_http).
 */
static int
html_error(const struct http_response *r, const char *shown, const char *token,
    struct derr *err)
{
	char ct[160] = "not given";

	if (r->content_type != NULL) {
		size_t n = strlen(r->content_type) + 1;
		char *full = xmalloc(n);

		clean_copy(full, n, r->content_type);
		redact(full, n, token);
		clean_copy(ct, sizeof(ct), full);
		free(full);
	}
	derr_set(err, DRIFT_EXIT_NETWORK, shown, 0, 0,
	    "expected JSON, got an HTML page (Content-Type %s)", ct);
	return derr_hint(err,
	    "a proxy, a single sign-on gateway or a login "
	    "page answered instead of Directus: check the URL");
}

int
directus_status_error(const struct http_response *r, const char *path,
    const char *token, struct derr *err)
{
	char msg[400], code[64] = "", what[520], after[48] = "";
	char *shown = http_url_display_redacted(
	    r->url != NULL ? r->url : "", token);
	int is_snapshot = strncmp(path, SNAPSHOT_PATH, strlen(SNAPSHOT_PATH)) ==
	    0;
	/*
	 * The whole message and code (never longer than the body), redacted
	 * before they are cut to size: cut first, a token echoed near the
	 * end of a long message would show in part (found by fuzz_http).
	 */
	size_t big = r->body.len + 1;
	char *full_msg = xmalloc(big), *full_code = xmalloc(big);
	int directus_body;

	directus_body = directus_parse_error(r->body.buf, r->body.len, full_msg,
			    big, full_code, big) == 0;
	if (directus_body) {
		redact(full_msg, big, token);
		redact(full_code, big, token);
		clean_copy(msg, sizeof(msg), full_msg);
		clean_copy(code, sizeof(code), full_code);
		if (code[0] != '\0')
			snprintf(what, sizeof(what), ": %s (%s)", msg, code);
		else
			snprintf(what, sizeof(what), ": %s", msg);
	} else if (looks_html(r)) {
		snprintf(what, sizeof(what),
		    " (an HTML page, not a Directus "
		    "error)");
	} else {
		what[0] = '\0';
	}
	if (r->attempts > 1)
		snprintf(
		    after, sizeof(after), " after %u attempts", r->attempts);
	derr_set(err, DRIFT_EXIT_NETWORK, shown, 0, 0, "HTTP %ld%s%s%s%s",
	    r->status, http_status_reason(r->status)[0] ? " " : "",
	    http_status_reason(r->status), after, what);
	switch (r->status) {
	case 401:
		if (strcmp(code, "TOKEN_EXPIRED") == 0)
			derr_hint(err,
			    "the token has expired: get a new one "
			    "and pass it in DIRECTUS_TOKEN or --token-file");
		else
			derr_hint(err,
			    "the token is invalid or expired: "
			    "check DIRECTUS_TOKEN or --token-file");
		break;
	case 403:
		if (strcmp(code, "INVALID_TOKEN") == 0)
			derr_hint(err,
			    "the token is not a valid Directus "
			    "token: check DIRECTUS_TOKEN or --token-file");
		else if (is_snapshot)
			derr_hint(err,
			    "/schema/snapshot needs an admin "
			    "token; use one, or run with --least-privilege to "
			    "rebuild the snapshot from /collections, /fields "
			    "and /relations (possibly filtered by the token's "
			    "permissions)");
		else
			derr_hint(err,
			    "the token cannot read %s: give its "
			    "policy read access to directus_collections, "
			    "directus_fields and directus_relations (App "
			    "Access does)",
			    path);
		break;
	case 404:
		if (is_snapshot)
			derr_hint(err,
			    "not the base URL of a Directus "
			    "instance, or Directus is older than 9.23 (no "
			    "/schema endpoints: try --least-privilege)");
		else
			derr_hint(err,
			    "not the base URL of a Directus "
			    "instance");
		break;
	case 429:
	case 502:
	case 503:
	case 504:
		derr_hint(err,
		    "the instance (or a proxy in front of it) is "
		    "overloaded or restarting; try again later or raise "
		    "--retries");
		break;
	default:
		if (r->status >= 300 && r->status < 400)
			derr_hint(err, "a redirect without a Location header");
		break;
	}
	free(shown);
	free(full_msg);
	free(full_code);
	return -1;
}

/* skips JSON white space */
static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/*
 * 1 when a 2xx body is a Directus error document {"errors": [...]}
 * rather than data: "errors" as the first key (what Directus's error
 * handler writes), or, in a body small enough to parse whole, an
 * "errors" array next to a "data" that is null or missing (GraphQL
 * style).
 */
static int
body_has_errors(const struct http_response *r)
{
	const char *p = r->body.buf, *end;
	json_t *root, *data;
	json_error_t jerr;
	int ret = 0;

	if (p == NULL)
		return 0;
	end = p + r->body.len;
	p = skip_ws(p, end);
	if (p >= end || *p != '{')
		return 0;
	p = skip_ws(p + 1, end);
	if ((size_t)(end - p) >= 8 && memcmp(p, "\"errors\"", 8) == 0)
		return 1;
	if (r->body.len > DIRECTUS_ERROR_PARSE_MAX)
		return 0;
	root = json_loadb(r->body.buf, r->body.len, 0, &jerr);
	data = json_object_get(root, "data");
	ret = json_is_array(json_object_get(root, "errors")) &&
	    (data == NULL || json_is_null(data));
	json_decref(root);
	return ret;
}

int
directus_check_response(const struct http_response *r, const char *path,
    int want_json, const char *token, struct derr *err)
{
	char *shown = NULL;
	int ret = -1;

	if (r->status < 200 || r->status > 299) {
		directus_status_error(r, path, token, err);
		goto out;
	}
	if (want_json && body_has_errors(r)) {
		/* the message and code are Directus's own (redacted) */
		directus_status_error(r, path, token, err);
		if (err->hint[0] == '\0')
			derr_hint(err,
			    "Directus answered with an error in a %ld "
			    "response: check the message above",
			    r->status);
		goto out;
	}
	if (want_json && looks_html(r)) {
		shown = http_url_display_redacted(
		    r->url != NULL ? r->url : "", token);
		html_error(r, shown, token, err);
		goto out;
	}
	ret = 0;
out:
	free(shown);
	return ret;
}

int
directus_get(const char *base, const char *path, int want_json,
    const struct http_opts *o, struct http_response *r, struct derr *err)
{
	char *url = NULL;
	int ret = -1;

	if (http_url_join(base, path, &url, err) < 0)
		goto out;
	if (http_get(url, o, r, err) < 0)
		goto out;
	ret = directus_check_response(r, path, want_json, o->token, err);
out:
	free(url);
	return ret;
}

int
directus_fetch_snapshot(const char *base, const char *export,
    const struct http_opts *o, struct buf *out, int *framed, struct derr *err)
{
	struct http_response r;
	struct http_opts ho = *o;
	const char *path = SNAPSHOT_PATH;
	int ret = -1;

	http_response_init(&r);
	if (export != NULL && strcmp(export, "yaml") == 0) {
		path = SNAPSHOT_PATH "?export=yaml";
		ho.accept = "text/yaml, application/yaml, application/json";
	} else if (export != NULL && strcmp(export, "json") == 0) {
		path = SNAPSHOT_PATH "?export=json";
	}
	if (directus_get(base, path, 1, &ho, &r, err) < 0)
		goto out;
	if (framed != NULL)
		*framed = r.framed;
	buf_release(out);
	*out = r.body;
	buf_init(&r.body, 0);
	ret = 0;
out:
	http_response_release(&r);
	return ret;
}

int
directus_remap_load_error(struct derr *err)
{
	static const char pre[] = "the instance sent an invalid snapshot: ";
	char msg[sizeof(err->msg) + sizeof(pre)];
	size_t n;

	if (err->status == DRIFT_EXIT_INPUT) {
		memcpy(msg, pre, sizeof(pre) - 1);
		n = strlen(err->msg);
		memcpy(msg + sizeof(pre) - 1, err->msg, n + 1);
		/* cut to fit: messages are for people */
		n = strlen(msg);
		if (n >= sizeof(err->msg))
			n = sizeof(err->msg) - 1;
		memcpy(err->msg, msg, n);
		err->msg[n] = '\0';
		err->status = DRIFT_EXIT_NETWORK;
	}
	return -1;
}

/* --- least privilege ------------------------------------------------- */

struct rb {
	struct tree *t;
	struct arena *a;
};

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void conv(struct rb *b, const json_t *j, struct tnode *out);

static struct tpair *
pairs_new(struct rb *b, size_t n)
{
	return arena_zalloc(b->a, (n ? n : 1) * sizeof(struct tpair));
}

static void
set_key(struct rb *b, struct tpair *p, const char *key)
{
	p->key = tree_intern(b->t, key, strlen(key));
	p->line = p->col = 0;
}

static void
set_map(struct tnode *n, struct tpair *v, size_t cnt)
{
	memset(n, 0, sizeof(*n));
	n->kind = TN_MAP;
	n->u.map.v = v;
	n->u.map.n = cnt;
}

/* converts j into out; skip (may be NULL) is a key left out of objects */
static void
conv_skip(struct rb *b, const json_t *j, struct tnode *out, const char *skip)
{
	const char *k;
	json_t *v;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		struct tpair *p = pairs_new(b, json_object_size(j));

		n = 0;
		json_object_foreach((json_t *)j, k, v)
		{
			if (skip != NULL && strcmp(k, skip) == 0)
				continue;
			set_key(b, &p[n], k);
			conv(b, v, &p[n].val);
			n++;
		}
		set_map(out, p, n);
		break;
	}
	case JSON_ARRAY: {
		struct tnode *s;

		n = json_array_size(j);
		s = arena_zalloc(b->a, (n ? n : 1) * sizeof(*s));
		for (i = 0; i < n; i++)
			conv(b, json_array_get(j, i), &s[i]);
		out->kind = TN_SEQ;
		out->u.seq.v = s;
		out->u.seq.n = n;
		break;
	}
	case JSON_STRING: {
		size_t len = json_string_length(j);

		tnode_set_str(
		    out, tree_strndup(b->t, json_string_value(j), len), len);
		break;
	}
	case JSON_INTEGER:
		tnode_set_int(out, (int64_t)json_integer_value(j));
		break;
	case JSON_REAL:
		tnode_set_float(out, json_real_value(j));
		break;
	case JSON_TRUE:
		tnode_set_bool(out, 1);
		break;
	case JSON_FALSE:
		tnode_set_bool(out, 0);
		break;
	default:
		tnode_set_null(out);
		break;
	}
}

static void
conv(struct rb *b, const json_t *j, struct tnode *out)
{
	conv_skip(b, j, out, NULL);
}

/*
 * lodash.pick(obj, keys): a key is copied when obj has it (even when its
 * value is null); "schema.x" keys go into a nested "schema" map that exists
 * only when at least one of them was copied.
 */
static void
pick(struct rb *b, const json_t *obj, const char *const *keys, size_t nkeys,
    const char *const *skeys, size_t nskeys, struct tnode *out)
{
	struct tpair *p = pairs_new(b, nkeys + 1), *sp;
	const json_t *schema = json_object_get(obj, "schema"), *v;
	size_t i, n = 0, sn = 0;

	for (i = 0; i < nkeys; i++) {
		v = json_object_get(obj, keys[i]);
		if (v == NULL)
			continue;
		set_key(b, &p[n], keys[i]);
		/* meta.id differs per instance: Directus omits it */
		conv_skip(b, v, &p[n].val,
		    strcmp(keys[i], "meta") == 0 ? "id" : NULL);
		n++;
	}
	if (json_is_object(schema) && nskeys > 0) {
		sp = pairs_new(b, nskeys);
		for (i = 0; i < nskeys; i++) {
			v = json_object_get(schema, skeys[i]);
			if (v == NULL)
				continue;
			set_key(b, &sp[sn], skeys[i]);
			conv(b, v, &sp[sn].val);
			sn++;
		}
		if (sn > 0) {
			set_key(b, &p[n], "schema");
			set_map(&p[n].val, sp, sn);
			n++;
		}
	}
	set_map(out, p, n);
}

static const char *const coll_keys[] = { "collection", "meta" };
static const char *const coll_skeys[] = { "name" };
static const char *const field_keys[] = { "collection", "field", "type", "meta",
	"name", "children" };
static const char *const field_skeys[] = { "name", "table", "data_type",
	"default_value", "max_length", "numeric_precision", "numeric_scale",
	"is_nullable", "is_unique", "is_indexed", "is_primary_key",
	"is_generated", "generation_expression", "has_auto_increment",
	"foreign_key_table", "foreign_key_column" };
static const char *const rel_keys[] = { "collection", "field",
	"related_collection", "meta" };
static const char *const rel_skeys[] = { "table", "column", "foreign_key_table",
	"foreign_key_column", "constraint_name", "on_update", "on_delete" };

/* parses a body and returns its "data" (new reference), or NULL + err */
static json_t *
body_data(const char *body, size_t len, const char *url, int want_array,
    struct derr *err)
{
	json_t *root, *data = NULL;
	json_error_t jerr;

	root = json_loadb(body != NULL ? body : "", len, 0, &jerr);
	if (root == NULL) {
		derr_set(err, DRIFT_EXIT_NETWORK, url,
		    jerr.line > 0 ? (unsigned)jerr.line : 0,
		    jerr.column > 0 ? (unsigned)jerr.column : 0,
		    "invalid JSON: %s", jerr.text);
		goto out;
	}
	data = json_object_get(root, "data");
	if (want_array ? !json_is_array(data) : !json_is_object(data)) {
		derr_set(err, DRIFT_EXIT_NETWORK, url, 0, 0,
		    "unexpected response: expected {\"data\": %s}",
		    want_array ? "[...]" : "{...}");
		data = NULL;
		goto out;
	}
	json_incref(data);
out:
	json_decref(root);
	return data;
}

struct row {
	const json_t *j;
	const char *collection, *field;
	json_int_t id;
};

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->collection, y->collection);

	if (c != 0)
		return c;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->field ? x->field : "", y->field ? y->field : "");
}

/* 1 when the row is Directus's own or untracked: snapshots drop those */
static int
excluded(const json_t *row)
{
	const json_t *meta = json_object_get(row, "meta");

	return !json_is_object(meta) ||
	    json_is_true(json_object_get(meta, "system"));
}

/* 1 when the version string is at least major.minor */
static int
version_at_least(const char *v, long major, long minor)
{
	char *end;
	long ma, mi = 0;

	if (v == NULL)
		return 0;
	ma = strtol(v, &end, 10);
	if (end == v)
		return 0;
	if (*end == '.')
		mi = strtol(end + 1, NULL, 10);
	return ma > major || (ma == major && mi >= minor);
}

/*
 * Collects the rows of arr that pass the filters into rows[] (sorted as
 * Directus sorts them); needs "collection" (and "field" when need_field)
 * as strings in each kept row.
 */
static int
collect(const json_t *arr, int need_field, const char *url, struct row **rowsp,
    size_t *np, struct derr *err)
{
	struct row *rows = xcalloc(json_array_size(arr) + 1, sizeof(*rows));
	const json_t *v;
	size_t i, n = 0;
	int ret = -1;

	json_array_foreach((json_t *)arr, i, v)
	{
		const char *c = jstr(v, "collection"), *f = jstr(v, "field");
		const json_t *id;

		if (!json_is_object(v) || c == NULL ||
		    (need_field && f == NULL)) {
			derr_set(err, DRIFT_EXIT_NETWORK, url, 0, 0,
			    "unexpected response: entry %zu has no "
			    "\"collection\"%s",
			    i, need_field ? " or \"field\"" : "");
			goto out;
		}
		rows[n].j = v;
		rows[n].collection = c;
		rows[n].field = f;
		id = json_object_get(json_object_get(v, "meta"), "id");
		rows[n].id = json_is_integer(id) ? json_integer_value(id) : 0;
		n++;
	}
	qsort(rows, n, sizeof(*rows), row_cmp);
	*rowsp = rows;
	rows = NULL;
	*np = n;
	ret = 0;
out:
	free(rows);
	return ret;
}

int
directus_rebuild_snapshot(const struct directus_bodies *bd, const char *origin,
    struct tree **out, struct derr *err)
{
	json_t *colls = NULL, *fields = NULL, *rels = NULL, *info = NULL;
	struct row *cr = NULL, *fr = NULL, *rr = NULL;
	size_t ncr = 0, nfr = 0, nrr = 0, i, n, nsys;
	struct tnode *root, *seq;
	struct tpair *top;
	const char *version = NULL;
	struct rb b = { NULL, NULL };
	int ret = -1, want_sys;

	*out = NULL;
	colls = body_data(
	    bd->collections, bd->ncollections, bd->url_collections, 1, err);
	if (colls == NULL)
		goto out;
	fields = body_data(bd->fields, bd->nfields, bd->url_fields, 1, err);
	if (fields == NULL)
		goto out;
	rels = body_data(
	    bd->relations, bd->nrelations, bd->url_relations, 1, err);
	if (rels == NULL)
		goto out;
	if (bd->server != NULL) {
		info = body_data(
		    bd->server, bd->nserver, bd->url_server, 0, err);
		if (info == NULL)
			goto out;
		version = jstr(info, "version");
	}
	if (collect(colls, 0, bd->url_collections, &cr, &ncr, err) < 0 ||
	    collect(fields, 1, bd->url_fields, &fr, &nfr, err) < 0 ||
	    collect(rels, 1, bd->url_relations, &rr, &nrr, err) < 0)
		goto out;
	want_sys = version_at_least(version, 11, 13);

	b.t = tree_new(origin);
	b.a = tree_arena(b.t);
	root = arena_zalloc(b.a, sizeof(*root));
	top = pairs_new(&b, 7);
	n = 0;
	set_key(&b, &top[n], "version");
	tnode_set_int(&top[n++].val, 1);
	if (version != NULL) {
		set_key(&b, &top[n], "directus");
		tnode_set_str(&top[n++].val,
		    tree_strndup(b.t, version, strlen(version)),
		    strlen(version));
	}

	set_key(&b, &top[n], "collections");
	seq = arena_zalloc(b.a, (ncr + 1) * sizeof(*seq));
	for (i = 0, top[n].val.u.seq.n = 0; i < ncr; i++) {
		if (excluded(cr[i].j))
			continue;
		pick(&b, cr[i].j, coll_keys, DRIFT_ARRAY_LEN(coll_keys),
		    coll_skeys, DRIFT_ARRAY_LEN(coll_skeys),
		    &seq[top[n].val.u.seq.n++]);
	}
	top[n].val.kind = TN_SEQ;
	top[n++].val.u.seq.v = seq;

	set_key(&b, &top[n], "fields");
	seq = arena_zalloc(b.a, (nfr + 1) * sizeof(*seq));
	for (i = 0, nsys = 0, top[n].val.u.seq.n = 0; i < nfr; i++) {
		if (excluded(fr[i].j)) {
			if (json_is_true(json_object_get(
				json_object_get(fr[i].j, "schema"),
				"is_indexed")) &&
			    json_is_object(json_object_get(fr[i].j, "meta")))
				nsys++;
			continue;
		}
		pick(&b, fr[i].j, field_keys, DRIFT_ARRAY_LEN(field_keys),
		    field_skeys, DRIFT_ARRAY_LEN(field_skeys),
		    &seq[top[n].val.u.seq.n++]);
	}
	top[n].val.kind = TN_SEQ;
	top[n++].val.u.seq.v = seq;

	if (want_sys) {
		/* system fields with an index, sorted by (collection, field) */
		struct row *sr = xcalloc(nsys + 1, sizeof(*sr));
		size_t ns = 0;

		for (i = 0; i < nfr; i++) {
			const json_t *m = json_object_get(fr[i].j, "meta");

			if (json_is_object(m) &&
			    json_is_true(json_object_get(m, "system")) &&
			    json_is_true(json_object_get(
				json_object_get(fr[i].j, "schema"),
				"is_indexed"))) {
				sr[ns] = fr[i];
				sr[ns++].id = 0;
			}
		}
		qsort(sr, ns, sizeof(*sr), row_cmp);
		set_key(&b, &top[n], "systemFields");
		seq = arena_zalloc(b.a, (ns + 1) * sizeof(*seq));
		for (i = 0; i < ns; i++) {
			struct tpair *p = pairs_new(&b, 3), *s;

			set_key(&b, &p[0], "collection");
			tnode_set_str(&p[0].val,
			    tree_strndup(b.t, sr[i].collection,
				strlen(sr[i].collection)),
			    strlen(sr[i].collection));
			set_key(&b, &p[1], "field");
			tnode_set_str(&p[1].val,
			    tree_strndup(b.t, sr[i].field, strlen(sr[i].field)),
			    strlen(sr[i].field));
			set_key(&b, &p[2], "schema");
			s = pairs_new(&b, 1);
			set_key(&b, &s[0], "is_indexed");
			tnode_set_bool(&s[0].val, 1);
			set_map(&p[2].val, s, 1);
			set_map(&seq[i], p, 3);
		}
		top[n].val.kind = TN_SEQ;
		top[n].val.u.seq.v = seq;
		top[n++].val.u.seq.n = ns;
		free(sr);
	}

	set_key(&b, &top[n], "relations");
	seq = arena_zalloc(b.a, (nrr + 1) * sizeof(*seq));
	for (i = 0, top[n].val.u.seq.n = 0; i < nrr; i++) {
		if (excluded(rr[i].j))
			continue;
		pick(&b, rr[i].j, rel_keys, DRIFT_ARRAY_LEN(rel_keys),
		    rel_skeys, DRIFT_ARRAY_LEN(rel_skeys),
		    &seq[top[n].val.u.seq.n++]);
	}
	top[n].val.kind = TN_SEQ;
	top[n++].val.u.seq.v = seq;

	set_map(root, top, n);
	tree_set_root(b.t, root);
	*out = b.t;
	b.t = NULL;
	ret = 0;
out:
	tree_free(&b.t);
	free(cr);
	free(fr);
	free(rr);
	json_decref(colls);
	json_decref(fields);
	json_decref(rels);
	json_decref(info);
	return ret;
}

int
directus_fetch_least_privilege(const char *base, const struct http_opts *o,
    struct tree **out, struct derr *err)
{
	static const char *const paths[4] = { "/collections", "/fields",
		"/relations", "/server/info" };
	struct http_response r[4];
	struct directus_bodies bd;
	char *shown[4] = { NULL, NULL, NULL, NULL };
	char *origin = http_url_display_redacted(base, o->token);
	struct derr ignored = DERR_INIT;
	int i, ret = -1, have_server = 0;

	*out = NULL;
	for (i = 0; i < 4; i++)
		http_response_init(&r[i]);
	for (i = 0; i < 3; i++) {
		if (directus_get(base, paths[i], 1, o, &r[i], err) < 0)
			goto out;
		shown[i] = http_url_display_redacted(r[i].url, o->token);
	}
	/* the version is a nicety: a token may not be allowed to read it */
	if (directus_get(base, paths[3], 1, o, &r[3], &ignored) == 0) {
		have_server = 1;
		shown[3] = http_url_display_redacted(r[3].url, o->token);
	}
	memset(&bd, 0, sizeof(bd));
	bd.collections = r[0].body.buf;
	bd.ncollections = r[0].body.len;
	bd.url_collections = shown[0];
	bd.fields = r[1].body.buf;
	bd.nfields = r[1].body.len;
	bd.url_fields = shown[1];
	bd.relations = r[2].body.buf;
	bd.nrelations = r[2].body.len;
	bd.url_relations = shown[2];
	if (have_server) {
		bd.server = r[3].body.buf;
		bd.nserver = r[3].body.len;
		bd.url_server = shown[3];
	}
	if (directus_rebuild_snapshot(&bd, origin, out, err) < 0)
		goto out;
	ret = 0;
out:
	for (i = 0; i < 4; i++) {
		http_response_release(&r[i]);
		free(shown[i]);
	}
	free(origin);
	return ret;
}
