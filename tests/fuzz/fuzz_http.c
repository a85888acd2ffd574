/*
 * fuzz_http.c: libFuzzer target for the handling of an HTTP response from
 * a Directus instance (status, headers, body), without network.
 *
 * Input layout:
 *   byte 0, 1   the status: (b0 << 8 | b1) % 1000
 *   byte 2      flags: bit 0 want_json, bits 1-2 the API path, bits 3-5
 *               the number of attempts
 *   header lines up to an empty line: "Content-Type: ...",
 *               "Retry-After: ...", "Location: ..." (others are ignored)
 *   the body    (for the least-privilege rebuild it is also split at
 *               "\n--\n" into the /collections, /fields, /relations and
 *               /server/info bodies)
 *
 * Invariants: nothing crashes or leaks; a failure is status 4 with a
 * message; the token appears in no message, hint or origin, not even 8
 * consecutive bytes of it; Retry-After gives a finite delay >= 0; a 2xx
 * JSON answer is either loaded as a snapshot or remapped to status 4.
 */
#include "drift/compat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TOKEN "fuzzTOKEN-9f2c1ab7Qx"

static const char *const paths[] = { "/schema/snapshot",
	"/schema/snapshot?export=yaml", "/collections", "/fields" };

/*
 * The response (headers and body) with every occurrence of TOKEN
 * replaced: what the server said apart from the token.  Set per input.
 */
static struct buf body_sans_token;

static void
set_body(const char *p, size_t n)
{
	static const char tok[] = TOKEN;
	const char *end = p + n, *q;

	buf_reset(&body_sans_token);
	while (
	    (q = memmem(p, (size_t)(end - p), tok, sizeof(tok) - 1)) != NULL) {
		buf_add(&body_sans_token, p, (size_t)(q - p));
		buf_adds(&body_sans_token, "[token]");
		p = q + sizeof(tok) - 1;
	}
	buf_add(&body_sans_token, p, (size_t)(end - p));
}

/*
 * Aborts when s holds the token, or 8 consecutive bytes of it that the
 * server did not send outside the token (a token cut when a long message
 * is shortened would leak that way).
 */
static void
no_token(const char *s)
{
	static const char tok[] = TOKEN;
	size_t i;

	if (strstr(s, tok) != NULL)
		abort();
	for (i = 0; i + 8 < sizeof(tok); i++)
		if (memmem(s, strlen(s), tok + i, 8) != NULL &&
		    memmem(body_sans_token.buf, body_sans_token.len, tok + i,
			8) == NULL)
			abort();
}

/*
 * Errors about the body's content may quote it (a key of a bad snapshot):
 * what the server sent is the server's; only the status is checked there.
 */
static void
check_status(const struct derr *err)
{
	if (err->status != DRIFT_EXIT_NETWORK || err->msg[0] == '\0')
		abort();
}

static void
check_err(const struct derr *err)
{
	check_status(err);
	no_token(err->msg);
	no_token(err->hint);
	no_token(err->origin);
}

/* the value of header name in hdr[0..len), NUL-terminated into out */
static int
header(const char *hdr, size_t len, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *p = hdr, *end = hdr + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t ll = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (ll > nl + 1 && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			const char *v = p + nl + 1;
			size_t vl = ll - nl - 1;

			while (vl > 0 && *v == ' ') {
				v++;
				vl--;
			}
			if (vl >= n)
				vl = n - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 1;
		}
		p += ll + 1;
	}
	return 0;
}

static void
rebuild(const char *body, size_t len)
{
	static const char part_sep[] = "\n--\n";
	struct directus_bodies b;
	const char *part[4] = { "", "", "", NULL };
	size_t plen[4] = { 0, 0, 0, 0 };
	const char *p = body, *end = body + len;
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	size_t i;

	for (i = 0; i < 4 && p <= end; i++) {
		const char *cut = memmem(
		    p, (size_t)(end - p), part_sep, sizeof(part_sep) - 1);

		part[i] = p;
		plen[i] = cut ? (size_t)(cut - p) : (size_t)(end - p);
		if (cut == NULL)
			break;
		p = cut + sizeof(part_sep) - 1;
	}
	memset(&b, 0, sizeof(b));
	b.collections = part[0];
	b.ncollections = plen[0];
	b.fields = part[1];
	b.nfields = plen[1];
	b.relations = part[2];
	b.nrelations = plen[2];
	b.server = part[3];
	b.nserver = plen[3];
	b.url_collections = "https://cms.example.com/collections";
	b.url_fields = "https://cms.example.com/fields";
	b.url_relations = "https://cms.example.com/relations";
	b.url_server = "https://cms.example.com/server/info";
	if (directus_rebuild_snapshot(
		&b, "https://cms.example.com", &t, &err) == 0) {
		if (t == NULL || tree_root(t) == NULL)
			abort();
	} else {
		if (t != NULL)
			abort();
		check_status(&err);
	}
	tree_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *hend;
	struct http_response r;
	struct derr err = DERR_INIT;
	char ctype[256], value[256], msg[400], code[64];
	const char *path;
	size_t hlen, blen;
	int want_json, ok;
	double secs;

	if (size < 3)
		return 0;
	http_response_init(&r);
	r.status = (long)(((unsigned)data[0] << 8 | data[1]) % 1000);
	want_json = data[2] & 1;
	path = paths[(data[2] >> 1) & 3];
	r.attempts = 1 + ((data[2] >> 3) & 7);
	p += 3;
	size -= 3;
	hend = memmem(p, size, "\n\n", 2);
	hlen = hend ? (size_t)(hend - p) : 0;
	blen = hend ? size - hlen - 2 : size;
	buf_add(&r.body, hend ? hend + 2 : p, blen);
	set_body(p, size); /* headers and body: all the server sent */
	if (header(p, hlen, "content-type", ctype, sizeof(ctype)))
		r.content_type = xstrdup(ctype);
	r.url = xstrdup("https://u:" TOKEN "@cms.example.com/schema/snapshot"
			"?access_token=" TOKEN);

	ok = directus_check_response(&r, path, want_json, TOKEN, &err) == 0;
	if (r.status >= 200 && r.status <= 299) {
		if (!ok && !want_json)
			abort();
	} else if (ok) {
		abort();
	}
	if (!ok)
		check_err(&err);

	if (directus_parse_error(r.body.buf, r.body.len, msg, sizeof(msg), code,
		sizeof(code)) == 0) {
		if (strlen(msg) >= sizeof(msg) || strlen(code) >= sizeof(code))
			abort();
	} else if (msg[0] != '\0' || code[0] != '\0') {
		abort();
	}

	if (header(p, hlen, "retry-after", value, sizeof(value)) &&
	    http_parse_retry_after(value, 1700000000, &secs) == 0 &&
	    (!isfinite(secs) || secs < 0))
		abort();

	if (header(p, hlen, "location", value, sizeof(value))) {
		char *shown = http_url_display(value);
		char *red = http_url_display_redacted(value, TOKEN);

		if ((unsigned)http_redirect_check(r.url, value) >
		    HTTP_REDIRECT_INVALID)
			abort();
		/* a Location carrying the token never shows it */
		if (strstr(red, TOKEN) != NULL)
			abort();
		(void)http_same_origin(r.url, value);
		free(shown);
		free(red);
	}

	if (ok && want_json) {
		struct snapshot *s = NULL;
		struct load_limits lim;

		load_limits_default(&lim);
		lim.max_bytes = 1 << 20;
		lim.max_alias_nodes = 100000;
		lim.max_nodes = 1000000;
		memset(&err, 0, sizeof(err));
		if (snapshot_load("https://cms.example.com/schema/snapshot",
			r.body.buf, r.body.len, &lim, &s, &err) < 0) {
			directus_remap_load_error(&err);
			check_status(&err);
		}
		snapshot_free(&s);
	}
	if (!want_json)
		rebuild(r.body.buf, r.body.len);
	http_response_release(&r);
	return 0;
}
