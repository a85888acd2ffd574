/*
 * emit.c: options, languages, header, hash and stale check shared by the
 * type emitters (emit.h).
 */
#include "drift/compat.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/emit.h"
#include "drift/emit_graphql.h"
#include "drift/emit_ts.h"
#include "drift/gql_system.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/rules.h"
#include "drift/sdl_check.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* package.json files are small; a bigger one is skipped */
#define PACKAGE_JSON_MAX (4u << 20)

/*
 * The languages.  A new emitter is one more row; emit_opt_set() and the
 * usage messages follow the table.
 */
/*
 * --lang graphql: the SDL of emit_graphql.h.  It fails on a field name
 * that makes Directus fail every GraphQL request (__x: exit 3, at the
 * field), and on its built-in system schema not loading, which
 * test_emit_graphql guards against (exit 5, like running out of memory).
 */
static void
emit_graphql_sdl(
    const struct snapshot *s, const struct emit_opts *o, struct buf *out)
{
	struct derr err = DERR_INIT;

	(void)o;
	if (emit_graphql(s, out, &err) != 0) {
		derr_print(&err);
		exit(err.status ? err.status : DRIFT_EXIT_INTERNAL);
	}
	buf_addch(out, '\n');
}

static const struct emit_lang langs[] = {
	{ "ts", "//", emit_ts },
	{ "graphql", "#", emit_graphql_sdl },
};

const char *
emit_lang_names(void)
{
	return "ts, graphql";
}

const struct emit_lang *
emit_lang_find(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i < DRIFT_ARRAY_LEN(langs); i++)
		if (strcmp(lang, langs[i].name) == 0)
			return &langs[i];
	return NULL;
}

void
emit_opts_init(struct emit_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->lang = "ts";
	o->name = "Schema";
}

static int
valid_type_name(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		*p == '_' || *p == '$'))
		return 0;
	for (p++; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '$'))
			return 0;
	return strlen(s) <= 128;
}

static int
parse_num_opt(const char *val, enum emit_num *out, const char **expected)
{
	*expected = "string or number";
	if (strcmp(val, "string") == 0)
		*out = EMIT_NUM_STRING;
	else if (strcmp(val, "number") == 0)
		*out = EMIT_NUM_NUMBER;
	else
		return -1;
	return 0;
}

int
emit_opt_set(struct emit_opts *o, const char *key, const char *val,
    const char **expected)
{
	char *end = NULL;
	long v;
	int ret = 0;

	*expected = NULL;
	if (strcmp(key, "lang") == 0) {
		*expected = emit_lang_names();
		if (emit_lang_find(val) == NULL)
			ret = -1;
		else
			o->lang = val;
	} else if (strcmp(key, "name") == 0) {
		*expected = "a TypeScript identifier (letters, digits, _ "
			    "and $, not starting with a digit)";
		if (!valid_type_name(val))
			ret = -1;
		else
			o->name = val;
	} else if (strcmp(key, "sdk") == 0) {
		*expected = "a whole number from 17 to 99 (the major "
			    "version of @directus/sdk)";
		errno = 0;
		v = val[0] >= '0' && val[0] <= '9' ? strtol(val, &end, 10) : -1;
		if (v < EMIT_SDK_MIN || v > EMIT_SDK_MAX || errno != 0 ||
		    end == NULL || *end != '\0')
			ret = -1;
		else
			o->sdk = (int)v;
	} else if (strcmp(key, "bigint") == 0) {
		ret = parse_num_opt(val, &o->bigint, expected);
	} else if (strcmp(key, "decimal") == 0) {
		ret = parse_num_opt(val, &o->decimal, expected);
	} else if (strcmp(key, "choices") == 0) {
		*expected = "literal or string";
		if (strcmp(val, "literal") == 0)
			o->choices = EMIT_CHOICES_LITERAL;
		else if (strcmp(val, "string") == 0)
			o->choices = EMIT_CHOICES_STRING;
		else
			ret = -1;
	} else if (strcmp(key, "core-collections") == 0) {
		*expected = "array or singular";
		if (strcmp(val, "array") == 0)
			o->core = EMIT_CORE_ARRAY;
		else if (strcmp(val, "singular") == 0)
			o->core = EMIT_CORE_SINGULAR;
		else
			ret = -1;
	} else {
		ret = 1;
	}
	return ret;
}

/* ---- SHA-256 (FIPS 180-4) ---- */

struct sha256 {
	uint32_t h[8];
	unsigned char block[64];
	size_t fill;
	uint64_t total;
};

static const uint32_t sha_k[64] = { 0x428a2f98, 0x71374491, 0xb5c0fbcf,
	0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
	0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
	0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
	0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
	0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c,
	0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee,
	0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2 };

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha_block(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
	size_t i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		    (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		    (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	f = c->h[5];
	g = c->h[6];
	h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & cc) ^ (b & cc));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = cc;
		cc = b;
		b = a;
		a = t1 + t2;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
	c->h[5] += f;
	c->h[6] += g;
	c->h[7] += h;
}

void
emit_sha256_hex(const void *data, size_t len, char out[65])
{
	static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
		0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	struct sha256 c;
	uint64_t bits;
	size_t i;

	memcpy(c.h, init, sizeof(init));
	c.fill = 0;
	c.total = len;
	for (; len >= 64; p += 64, len -= 64)
		sha_block(&c, p);
	memcpy(c.block, p, len);
	c.fill = len;
	c.block[c.fill++] = 0x80;
	if (c.fill > 56) {
		memset(c.block + c.fill, 0, 64 - c.fill);
		sha_block(&c, c.block);
		c.fill = 0;
	}
	memset(c.block + c.fill, 0, 56 - c.fill);
	bits = c.total * 8;
	for (i = 0; i < 8; i++)
		c.block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_block(&c, c.block);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", (unsigned)c.h[i]);
}

/* ---- generation ---- */

int
emit_generate(
    const struct snapshot *s, const struct emit_opts *o, struct buf *out)
{
	const struct emit_lang *l = emit_lang_find(o->lang);
	struct emit_opts eo = *o;
	struct buf body = BUF_INIT;
	char hash[65];
	const char *cm;

	if (l == NULL)
		return -1;
	if (eo.sdk == 0)
		eo.sdk = EMIT_SDK_DEFAULT;
	l->emit(s, &eo, &body);
	emit_sha256_hex(body.buf, body.len, hash);
	cm = l->comment;
	buf_addf(out, "%s directus-drift:types v%d lang=%s sha256=%s\n", cm,
	    EMIT_FORMAT_VERSION, l->name, hash);
	buf_addf(out,
	    "%s Generated by " DRIFT_NAME " " DRIFT_VERSION " from a "
	    "Directus %s%s%s%s snapshot",
	    cm, s->directus != NULL ? s->directus : "(unknown version)",
	    s->vendor != NULL ? " (" : "", s->vendor != NULL ? s->vendor : "",
	    s->vendor != NULL ? ")" : "");
	if (strcmp(l->name, "ts") == 0)
		buf_addf(out, " for @directus/sdk %d", eo.sdk);
	else if (strcmp(l->name, "graphql") == 0)
		buf_addf(out,
		    ":\n%s the SDL Directus %s serves at "
		    "/server/specs/graphql (admin, items scope)",
		    cm, gql_system_version);
	buf_addf(out,
	    ".\n%s Do not edit: regenerate with \"" DRIFT_NAME
	    " types\".  Columns that Directus does\n%s not track "
	    "are not in the snapshot, so they are not typed.\n",
	    cm, cm);
	buf_add(out, body.buf, body.len);
	buf_release(&body);
	return 0;
}

/* the marker in one line q[0..n) (comment prefix included), or -1 */
static int
marker_line(const char *q, size_t n, struct emit_marker *m)
{
	static const char tag[] = "directus-drift:types v";
	size_t i = 0, k;
	long v = 0;

	while (i < n && (q[i] == ' ' || q[i] == '\t'))
		i++;
	if (i + 1 < n && q[i] == '/' && q[i + 1] == '/')
		i += 2;
	else if (i < n && q[i] == '#')
		i++;
	else
		return -1;
	while (i < n && q[i] == ' ')
		i++;
	if (n - i < sizeof(tag) - 1 || memcmp(q + i, tag, sizeof(tag) - 1))
		return -1;
	i += sizeof(tag) - 1;
	for (k = i; i < n && q[i] >= '0' && q[i] <= '9' && v < 1000000; i++)
		v = v * 10 + (q[i] - '0');
	if (i == k || v == 0 || v >= 1000000)
		return -2;
	m->version = (int)v;
	if (n - i < 6 || memcmp(q + i, " lang=", 6) != 0)
		return -2;
	for (i += 6, k = 0; i < n && q[i] != ' ' && k + 1 < sizeof(m->lang);
	     i++)
		m->lang[k++] = q[i];
	if (n - i < 8 + 64 || memcmp(q + i, " sha256=", 8) != 0)
		return -2;
	for (i += 8, k = 0; k < 64; k++, i++) {
		if (!((q[i] >= '0' && q[i] <= '9') ||
			(q[i] >= 'a' && q[i] <= 'f')))
			return -2;
		m->hash[k] = q[i];
	}
	return 0;
}

int
emit_marker_parse(const char *text, size_t len, struct emit_marker *m)
{
	size_t off = 0, eol;
	unsigned line = 1;
	int r;

	memset(m, 0, sizeof(*m));
	for (; off < len; off = eol + 1, line++) {
		for (eol = off; eol < len && text[eol] != '\n'; eol++)
			;
		r = marker_line(text + off, eol - off, m);
		if (r == 0) {
			m->line = line;
			return 0;
		}
		if (r == -2)
			return -1;
	}
	return -1;
}

/* CRLF -> LF, no trailing blanks on a line, exactly one final newline */
static void
normalize_text(const char *s, size_t len, struct buf *out)
{
	size_t i, mark;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n') {
			while (out->len > 0 &&
			    (out->buf[out->len - 1] == ' ' ||
				out->buf[out->len - 1] == '\t'))
				out->buf[--out->len] = '\0';
		}
		buf_addch(out, s[i]);
	}
	mark = out->len;
	while (mark > 0 &&
	    (out->buf[mark - 1] == '\n' || out->buf[mark - 1] == ' ' ||
		out->buf[mark - 1] == '\t'))
		mark--;
	out->len = mark;
	out->buf[mark] = '\0';
	buf_addch(out, '\n');
}

/* ---- a small TypeScript declaration reader, for the summary ---- */

struct tok {
	const char *p; /* arena text */
	int str;       /* a string literal (p without quotes) */
};

struct member {
	const char *key;
	const char *type;
};

struct decl {
	const char *name; /* "interface X" keyed by X; imports "import" */
	int kind;         /* 0 interface, 1 type alias, 2 import */
	const char *text; /* alias or import: the normalized text */
	struct member *m;
	size_t nm;
};

struct declset {
	struct decl *d;
	size_t n;
	struct arena *a;
};

static int
word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	    (unsigned char)c >= 0x80;
}

/* the tokens of s, without comments and white space */
static struct tok *
tokenize(const char *s, size_t len, struct arena *a, size_t *ntok)
{
	struct tok *v = NULL;
	size_t n = 0, alloc = 0, i = 0, j;
	struct buf b = BUF_INIT;
	char q;

	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			i++;
			continue;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			for (i += 2;
			     i + 1 < len && !(s[i] == '*' && s[i + 1] == '/');
			     i++)
				;
			i += 2;
			continue;
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		buf_reset(&b);
		v[n].str = 0;
		if (s[i] == '\'' || s[i] == '"' || s[i] == '`') {
			/* one spelling for both quote styles */
			q = s[i++];
			for (; i < len && s[i] != q && s[i] != '\n'; i++) {
				if (s[i] == '\\' && i + 1 < len) {
					if (s[i + 1] == '"' || s[i + 1] == '\'')
						buf_addch(&b, s[++i]);
					else {
						buf_addch(&b, s[i]);
						buf_addch(&b, s[++i]);
					}
					continue;
				}
				buf_addch(&b, s[i]);
			}
			i++;
			v[n].str = 1;
		} else if (word_char(s[i])) {
			for (j = i; j < len && word_char(s[j]); j++)
				;
			buf_add(&b, s + i, j - i);
			i = j;
		} else {
			buf_addch(&b, s[i++]);
		}
		v[n++].p = arena_strndup(a, b.buf, b.len);
	}
	buf_release(&b);
	*ntok = n;
	return v;
}

static void
add_tok_text(struct buf *b, const struct tok *t)
{
	const char *p;

	if (!t->str) {
		buf_adds(b, t->p);
		return;
	}
	buf_addch(b, '\'');
	for (p = t->p; *p != '\0'; p++) {
		if (*p == '\'')
			buf_addch(b, '\\');
		buf_addch(b, *p);
	}
	buf_addch(b, '\'');
}

static int
is_tok(const struct tok *t, const char *s)
{
	return !t->str && strcmp(t->p, s) == 0;
}

/* joins t[from..to) without spaces, a leading "|" dropped */
static const char *
join(const struct tok *t, size_t from, size_t to, struct arena *a)
{
	struct buf b = BUF_INIT;
	const char *ret;

	if (from < to && is_tok(&t[from], "|"))
		from++;
	for (; from < to; from++)
		add_tok_text(&b, &t[from]);
	ret = arena_strndup(a, b.buf, b.len);
	buf_release(&b);
	return ret;
}

static int
member_cmp(const void *x, const void *y)
{
	return strcmp(
	    ((const struct member *)x)->key, ((const struct member *)y)->key);
}

static int
decl_cmp(const void *x, const void *y)
{
	const struct decl *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : a->kind - b->kind;
}

static void
read_decls(const char *s, size_t len, struct declset *ds)
{
	size_t nt, i, j, depth, alloc = 0, malloc_n;
	struct tok *t;
	struct decl *d;

	ds->a = arena_new();
	t = tokenize(s, len, ds->a, &nt);
	for (i = 0; i < nt;) {
		if (is_tok(&t[i], "import")) {
			for (j = i; j < nt && !is_tok(&t[j], ";"); j++)
				;
			if (ds->n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				ds->d = xreallocarray(
				    ds->d, alloc, sizeof(*ds->d));
			}
			d = &ds->d[ds->n++];
			memset(d, 0, sizeof(*d));
			d->name = "import";
			d->kind = 2;
			d->text = join(t, i, j, ds->a);
			i = j + 1;
			continue;
		}
		if (is_tok(&t[i], "type") && i + 2 < nt &&
		    is_tok(&t[i + 2], "=")) {
			depth = 0;
			for (j = i + 3; j < nt; j++) {
				if (is_tok(&t[j], "{") || is_tok(&t[j], "(") ||
				    is_tok(&t[j], "[") || is_tok(&t[j], "<"))
					depth++;
				else if (depth > 0 &&
				    (is_tok(&t[j], "}") || is_tok(&t[j], ")") ||
					is_tok(&t[j], "]") ||
					is_tok(&t[j], ">")))
					depth--;
				else if (depth == 0 &&
				    (is_tok(&t[j], ";") ||
					is_tok(&t[j], "export")))
					break;
			}
			if (ds->n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				ds->d = xreallocarray(
				    ds->d, alloc, sizeof(*ds->d));
			}
			d = &ds->d[ds->n++];
			memset(d, 0, sizeof(*d));
			d->name = t[i + 1].p;
			d->kind = 1;
			d->text = join(t, i + 3, j, ds->a);
			i = j + (j < nt && is_tok(&t[j], ";"));
			continue;
		}
		if (!(is_tok(&t[i], "interface") && i + 2 < nt &&
			is_tok(&t[i + 2], "{"))) {
			i++;
			continue;
		}
		if (ds->n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			ds->d = xreallocarray(ds->d, alloc, sizeof(*ds->d));
		}
		d = &ds->d[ds->n++];
		memset(d, 0, sizeof(*d));
		d->name = t[i + 1].p;
		malloc_n = 0;
		for (i += 3; i < nt && !is_tok(&t[i], "}");) {
			size_t k = i, ts;

			/* key [?] : type (; or , or the closing brace) */
			if (k + 1 < nt && is_tok(&t[k + 1], "?"))
				k++;
			if (k + 1 >= nt || !is_tok(&t[k + 1], ":")) {
				i++;
				continue;
			}
			ts = k + 2;
			depth = 0;
			for (j = ts; j < nt; j++) {
				if (is_tok(&t[j], "{") || is_tok(&t[j], "(") ||
				    is_tok(&t[j], "[") || is_tok(&t[j], "<"))
					depth++;
				else if (depth > 0 &&
				    (is_tok(&t[j], "}") || is_tok(&t[j], ")") ||
					is_tok(&t[j], "]") ||
					is_tok(&t[j], ">")))
					depth--;
				else if (depth == 0 &&
				    (is_tok(&t[j], ";") || is_tok(&t[j], ",") ||
					is_tok(&t[j], "}")))
					break;
			}
			if (d->nm == malloc_n) {
				malloc_n = malloc_n ? malloc_n * 2 : 16;
				d->m = xreallocarray(
				    d->m, malloc_n, sizeof(*d->m));
			}
			d->m[d->nm].key = k > i
			    ? arena_strndup(ds->a, t[i].p, strlen(t[i].p))
			    : t[i].p;
			if (k > i) {
				struct buf kb = BUF_INIT;

				buf_adds(&kb, t[i].p);
				buf_addch(&kb, '?');
				d->m[d->nm].key = arena_strndup(
				    ds->a, kb.buf, kb.len);
				buf_release(&kb);
			}
			d->m[d->nm].type = join(t, ts, j, ds->a);
			d->nm++;
			i = j < nt && !is_tok(&t[j], "}") ? j + 1 : j;
		}
		if (d->nm > 1)
			qsort(d->m, d->nm, sizeof(*d->m), member_cmp);
		i++;
	}
	free(t);
	if (ds->n > 1)
		qsort(ds->d, ds->n, sizeof(*ds->d), decl_cmp);
}

static void
free_decls(struct declset *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		free(ds->d[i].m);
	free(ds->d);
	arena_free(&ds->a);
}

struct summary {
	struct buf *out;
	const char *indent;
	size_t max, lines, more;
};

static void
sum_line(struct summary *sm, const char *fmt, ...) DRIFT_PRINTF(2, 3);

static void
sum_line(struct summary *sm, const char *fmt, ...)
{
	va_list ap;

	if (sm->lines >= sm->max) {
		sm->more++;
		return;
	}
	sm->lines++;
	if (sm->out == NULL)
		return;
	buf_adds(sm->out, sm->indent);
	va_start(ap, fmt);
	buf_vaddf(sm->out, fmt, ap);
	va_end(ap);
	buf_addch(sm->out, '\n');
}

static const char *
kind_word(const struct decl *d)
{
	return d->kind == 0 ? "interface" : d->kind == 1 ? "type" : "import";
}

static void
diff_members(const struct decl *o, const struct decl *n, struct summary *sm)
{
	size_t i = 0, j = 0;
	int c;

	while (i < o->nm || j < n->nm) {
		c = i == o->nm   ? 1
		    : j == n->nm ? -1
				 : strcmp(o->m[i].key, n->m[j].key);
		if (c < 0) {
			sum_line(sm, "- %s.%s", o->name, o->m[i].key);
			i++;
		} else if (c > 0) {
			sum_line(sm, "+ %s.%s: %s", n->name, n->m[j].key,
			    n->m[j].type);
			j++;
		} else {
			if (strcmp(o->m[i].type, n->m[j].type) != 0)
				sum_line(sm, "~ %s.%s: %s -> %s", n->name,
				    n->m[j].key, o->m[i].type, n->m[j].type);
			i++;
			j++;
		}
	}
}

/* the semantic differences old -> fresh; returns how many */
static size_t
diff_decls(const struct declset *o, const struct declset *n, struct summary *sm)
{
	size_t i = 0, j = 0, before = sm->lines + sm->more;
	int c;

	while (i < o->n || j < n->n) {
		c = i == o->n   ? 1
		    : j == n->n ? -1
				: decl_cmp(&o->d[i], &n->d[j]);
		if (c < 0) {
			sum_line(
			    sm, "- %s %s", kind_word(&o->d[i]), o->d[i].name);
			i++;
		} else if (c > 0) {
			sum_line(
			    sm, "+ %s %s", kind_word(&n->d[j]), n->d[j].name);
			j++;
		} else {
			if (o->d[i].kind == 0)
				diff_members(&o->d[i], &n->d[j], sm);
			else if (strcmp(o->d[i].text, n->d[j].text) != 0) {
				if (n->d[j].kind == 2)
					sum_line(sm, "~ import: %s -> %s",
					    o->d[i].text, n->d[j].text);
				else
					sum_line(sm, "~ type %s", n->d[j].name);
			}
			i++;
			j++;
		}
	}
	return sm->lines + sm->more - before;
}

/*
 * emit_check() for GraphQL: the SDL compared by what it declares
 * (sdl_check.h), so a file run through prettier is only reformatted.
 */
static enum emit_state
check_sdl(const char *old, size_t oldlen, const char *fresh, size_t freshlen,
    int have_old, const struct emit_marker *mo, int same_hash,
    const char *indent, size_t max_lines, struct buf *summary)
{
	char err[256];
	int n;

	if (indent == NULL)
		indent = "";
	n = sdl_compare(
	    old, oldlen, fresh, freshlen, indent, 0, NULL, err, sizeof(err));
	if (n == 0 && same_hash)
		return EMIT_REFORMATTED;
	if (summary == NULL)
		return EMIT_STALE;
	if (!have_old)
		buf_addf(summary,
		    "%sno \"directus-drift:types\" marker line: not written "
		    "by " DRIFT_NAME "\n",
		    indent);
	else if (mo->version != EMIT_FORMAT_VERSION)
		buf_addf(summary, "%swritten by format v%d, this is v%d\n",
		    indent, mo->version, EMIT_FORMAT_VERSION);
	if (n < 0) {
		buf_addf(summary, "%snot GraphQL SDL: %s\n", indent, err);
		return EMIT_STALE;
	}
	if (n == 0) {
		buf_addf(summary,
		    "%sthe same schema, but its marker's hash is not this "
		    "output's (edited by hand?)\n",
		    indent);
		return EMIT_STALE;
	}
	sdl_compare(old, oldlen, fresh, freshlen, indent, max_lines, summary,
	    err, sizeof(err));
	return EMIT_STALE;
}

enum emit_state
emit_check(const char *lang, const char *old, size_t oldlen, const char *fresh,
    size_t freshlen, const char *indent, size_t max_lines, struct buf *summary)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct emit_marker mo, mn;
	struct declset dso, dsn;
	struct summary sm;
	int have_old, same_hash;
	size_t ndiff;
	enum emit_state st = EMIT_STALE;

	normalize_text(old, oldlen, &a);
	normalize_text(fresh, freshlen, &b);
	if (a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0) {
		st = EMIT_FRESH;
		goto out;
	}
	have_old = emit_marker_parse(old, oldlen, &mo) == 0;
	same_hash = have_old && emit_marker_parse(fresh, freshlen, &mn) == 0 &&
	    mo.version == mn.version && strcmp(mo.lang, mn.lang) == 0 &&
	    strcmp(mo.hash, mn.hash) == 0;
	memset(&dso, 0, sizeof(dso));
	memset(&dsn, 0, sizeof(dsn));
	memset(&sm, 0, sizeof(sm));
	sm.out = NULL;
	sm.indent = indent != NULL ? indent : "";
	sm.max = SIZE_MAX;
	if (strcmp(lang, "graphql") == 0) {
		st = check_sdl(old, oldlen, fresh, freshlen, have_old, &mo,
		    same_hash, indent, max_lines, summary);
		goto out;
	}
	if (strcmp(lang, "ts") == 0) {
		read_decls(old, oldlen, &dso);
		read_decls(fresh, freshlen, &dsn);
	}
	ndiff = diff_decls(&dso, &dsn, &sm);
	if (same_hash && ndiff == 0 && strcmp(lang, "ts") == 0) {
		st = EMIT_REFORMATTED;
	} else if (summary != NULL) {
		sm.out = summary;
		sm.max = max_lines;
		sm.lines = sm.more = 0;
		if (!have_old)
			sum_line(&sm,
			    "no \"directus-drift:types\" marker "
			    "line: not written by " DRIFT_NAME);
		else if (mo.version != EMIT_FORMAT_VERSION)
			sum_line(&sm, "written by format v%d, this is v%d",
			    mo.version, EMIT_FORMAT_VERSION);
		else if (same_hash)
			sum_line(&sm, "edited by hand after generation");
		diff_decls(&dso, &dsn, &sm);
		if (ndiff == 0 && have_old && !same_hash)
			sum_line(&sm,
			    "only comments (field notes) or "
			    "formatting differ");
		if (sm.more > 0)
			buf_addf(summary, "%s... and %zu more\n", sm.indent,
			    sm.more);
	}
	free_decls(&dso);
	free_decls(&dsn);
out:
	buf_release(&a);
	buf_release(&b);
	return st;
}

/* ---- package.json ---- */

static int
sdk_major_of(const char *spec)
{
	const char *p = spec;
	long v;
	char *e = NULL;

	while (*p == '^' || *p == '~' || *p == '>' || *p == '=' || *p == 'v' ||
	    *p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	errno = 0;
	v = strtol(p, &e, 10);
	if (errno != 0 || v < 1 || v > 1000)
		return 0;
	return (int)v;
}

static int
sdk_in_file(const char *path, char **spec)
{
	static const char *const sections[] = { "dependencies",
		"devDependencies", "peerDependencies" };
	struct buf b = BUF_INIT;
	struct tree *t = NULL;
	struct derr err = DERR_INIT;
	struct load_limits lim;
	const char *v;
	FILE *fp = fopen(path, "rb");
	size_t i;
	int major = 0;

	*spec = NULL;
	if (fp == NULL)
		return 0;
	b.max = PACKAGE_JSON_MAX;
	load_limits_default(&lim);
	if (buf_read_file(&b, fp) == 0 &&
	    json_load(path, b.buf, b.len, &lim, &t, &err) == 0)
		for (i = 0; major == 0 && i < DRIFT_ARRAY_LEN(sections); i++) {
			v = tnode_str(
			    tnode_get(tnode_get(tree_root(t), sections[i]),
				"@directus/sdk"));
			if (v != NULL && (major = sdk_major_of(v)) > 0)
				*spec = xstrdup(v);
		}
	fclose(fp);
	tree_free(&t);
	buf_release(&b);
	return major;
}

int
emit_sdk_from_package_json(const char *dir, char **path, char **spec)
{
	char *d = xstrdup(dir != NULL && dir[0] != '\0' ? dir : ".");
	char *cand, *slash;
	int major = 0, up = 0;

	*path = NULL;
	*spec = NULL;
	/* at most 64 levels up: a relative path climbs through ".." */
	for (; up < 64; up++) {
		cand = xasprintf("%s/package.json", d);
		major = sdk_in_file(cand, spec);
		if (major > 0) {
			*path = cand;
			break;
		}
		free(cand);
		if (strcmp(d, "/") == 0)
			break;
		if (d[0] != '/') {
			/* relative: climb with "..", stop at the root */
			char *abs = realpath(d, NULL);

			if (abs == NULL)
				break;
			free(d);
			d = abs;
		}
		slash = strrchr(d, '/');
		if (slash == d)
			d[1] = '\0';
		else
			*slash = '\0';
	}
	free(d);
	return major;
}

/* ---- the regenerate command and policy-driven findings ---- */

static void
add_shell_word(struct buf *out, const char *s)
{
	const char *p;

	if (s[0] != '\0' &&
	    strspn(s,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
		"KLMNOPQRSTUVWXYZ0123456789_-./:=@+,") == strlen(s)) {
		buf_adds(out, s);
		return;
	}
	buf_addch(out, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addch(out, *p);
	}
	buf_addch(out, '\'');
}

void
emit_regen_command(const struct emit_opts *o, const char *source,
    const char *file, struct buf *out)
{
	buf_adds(out, DRIFT_NAME " types ");
	add_shell_word(out, source);
	if (strcmp(o->lang, "ts") != 0)
		buf_addf(out, " --lang %s", o->lang);
	if (strcmp(o->name, "Schema") != 0)
		buf_addf(out, " --name %s", o->name);
	if (o->sdk != 0)
		buf_addf(out, " --sdk %d", o->sdk);
	if (o->bigint == EMIT_NUM_NUMBER)
		buf_adds(out, " --bigint number");
	if (o->decimal == EMIT_NUM_NUMBER)
		buf_adds(out, " --decimal number");
	if (o->choices == EMIT_CHOICES_STRING)
		buf_adds(out, " --choices string");
	if (o->core == EMIT_CORE_SINGULAR)
		buf_adds(out, " --core-collections singular");
	buf_adds(out, " -o ");
	add_shell_word(out, file);
}

static void
add_change(struct changeset *cs, const struct emit_target *t, unsigned line,
    const char *message)
{
	struct change *c;

	if (cs->arena == NULL)
		cs->arena = arena_new();
	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? cs->alloc * 2 : 16;
		cs->v = xreallocarray(cs->v, cs->alloc, sizeof(*cs->v));
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof(*c));
	c->rule = rule_find("types-stale");
	c->severity = c->rule->severity;
	c->entity = ENT_SNAPSHOT;
	c->collection = arena_strndup(
	    cs->arena, t->written, strlen(t->written));
	c->message = arena_strndup(cs->arena, message, strlen(message));
	change_fingerprint(c->rule->id, c->collection, NULL, NULL, c->id);
	c->loc_origin = c->collection;
	c->line = line;
	c->col = 1;
	c->status = CHANGE_REPORTED;
}

/* the directory part of path ("." when none), new */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

size_t
emit_stale_changes(const struct emit_target *t, size_t n,
    const struct snapshot *s, const char *source, struct changeset *cs)
{
	struct buf fresh = BUF_INIT, old = BUF_INIT, msg = BUF_INIT;
	struct emit_marker m;
	struct emit_opts o;
	size_t i, added = 0;
	char *dir, *pj, *spec;
	FILE *fp;
	enum emit_state st;

	for (i = 0; i < n; i++) {
		o = t[i].opts;
		if (o.sdk == 0) {
			dir = dir_of(t[i].file);
			o.sdk = emit_sdk_from_package_json(dir, &pj, &spec);
			free(dir);
			free(pj);
			free(spec);
		}
		buf_reset(&fresh);
		buf_reset(&old);
		buf_reset(&msg);
		if (emit_generate(s, &o, &fresh) != 0)
			continue;
		fp = fopen(t[i].file, "rb");
		if (fp == NULL) {
			buf_addf(&msg,
			    "the types file %s cannot be read (%s); "
			    "generate it with: ",
			    t[i].written, strerror(errno));
			emit_regen_command(&t[i].opts,
			    source != NULL ? source : s->origin, t[i].written,
			    &msg);
			add_change(cs, &t[i], 0, msg.buf);
			added++;
			continue;
		}
		old.max = 1u << 30;
		if (buf_read_file(&old, fp) != 0)
			buf_reset(&old);
		fclose(fp);
		st = emit_check(o.lang, old.buf, old.len, fresh.buf, fresh.len,
		    "", 3, &msg);
		if (st != EMIT_STALE)
			continue;
		/* one line: the summary's lines joined with "; " */
		while (msg.len > 0 && msg.buf[msg.len - 1] == '\n')
			msg.buf[--msg.len] = '\0';
		{
			struct buf one = BUF_INIT;
			size_t k;

			buf_addf(&one,
			    "the types file %s does not match the "
			    "snapshot: ",
			    t[i].written);
			for (k = 0; k < msg.len; k++) {
				if (msg.buf[k] == '\n')
					buf_adds(&one, "; ");
				else
					buf_addch(&one, msg.buf[k]);
			}
			buf_adds(&one, "; regenerate with: ");
			emit_regen_command(&t[i].opts,
			    source != NULL ? source : s->origin, t[i].written,
			    &one);
			add_change(cs, &t[i],
			    emit_marker_parse(old.buf, old.len, &m) == 0
				? m.line
				: 1,
			    one.buf);
			buf_release(&one);
		}
		added++;
	}
	buf_release(&fresh);
	buf_release(&old);
	buf_release(&msg);
	return added;
}
