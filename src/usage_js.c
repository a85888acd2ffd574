/*
 * usage_js.c: GraphQL documents in JS/TS/Vue/Svelte/Astro files
 * (usage_js.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drift/js_scan.h"
#include "drift/js_value.h"
#include "drift/usage_gql.h"
#include "drift/usage_js.h"
#include "drift/usage_sdk.h"
#include "drift/xalloc.h"

/* the first GraphQL token of a document looks like an executable one */
static int
looks_executable(const char *p, size_t n)
{
	static const char *const kw[] = { "query", "mutation", "subscription",
		"fragment", NULL };
	size_t i = 0, k;

	for (;;) {
		while (i < n &&
		    (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
			p[i] == '\r' || p[i] == ','))
			i++;
		if (i < n && p[i] == '#') {
			while (i < n && p[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i < n && p[i] == '{')
		return 1;
	for (k = 0; kw[k] != NULL; k++) {
		size_t l = strlen(kw[k]);

		if (n - i >= l && memcmp(p + i, kw[k], l) == 0 &&
		    (n - i == l ||
			!((p[i + l] >= 'a' && p[i + l] <= 'z') ||
			    (p[i + l] >= 'A' && p[i + l] <= 'Z') ||
			    p[i + l] == '_' ||
			    (p[i + l] >= '0' && p[i + l] <= '9'))))
			return 1;
	}
	return 0;
}

/*
 * The content of a string or template token as GraphQL text of the same
 * byte length: holes blanked (newlines kept), escapes of ` $ { turned into
 * a space and the character, \n \t \r into two spaces, a line
 * continuation into a space and the newline.
 */
static void
add_doc(const char *text, const struct jv_toks *toks, size_t k,
    struct usage_jsdocs *docs, int scope, const struct usage_set *out)
{
	const struct jv_tok *t = &toks->v[k];
	size_t cs = t->start + 1;
	size_t ce = t->unterminated ? t->end : t->end - 1;
	size_t n = ce > cs ? ce - cs : 0, i, h = 0, *holes = NULL, h0, nh;
	char *buf = xmalloc(n + 1);
	struct usage_jsdoc *d;

	memcpy(buf, text + cs, n);
	if ((nh = js_tok_holes(toks->holes, toks->nholes, t, &h0)) > 0) {
		holes = xreallocarray(NULL, nh, sizeof(*holes));
		for (h = 0; h < nh; h++) {
			size_t a = toks->holes[h0 + h].start - cs;
			size_t b = toks->holes[h0 + h].end - cs;

			if (b > n)
				b = n;
			holes[h] = a;
			for (i = a; i < b; i++)
				if (buf[i] != '\n')
					buf[i] = ' ';
		}
	}
	/* memchr to each backslash: most documents have none */
	for (i = 0; i + 1 < n; i += 2) { /* past the escape and its byte */
		const char *bs = memchr(buf + i, '\\', n - 1 - i);

		if (bs == NULL)
			break;
		i = (size_t)(bs - buf);
		switch (buf[i + 1]) {
		case '`':
		case '$':
		case '{':
		case '\'':
		case '"':
			buf[i] = ' ';
			break;
		case 'n':
		case 't':
		case 'r':
			buf[i] = buf[i + 1] = ' ';
			break;
		case '\n':
			buf[i] = ' ';
			break;
		default:
			break;
		}
	}
	buf[n] = '\0';
	if (docs->n == docs->a) {
		docs->a = docs->a ? docs->a * 2 : 8;
		docs->v = xreallocarray(docs->v, docs->a, sizeof(*docs->v));
	}
	d = &docs->v[docs->n++];
	d->text = buf;
	d->len = n;
	d->holes = holes;
	d->nholes = h;
	d->line = t->line;
	d->col = t->col + 1;
	d->scope = scope;
	d->note_mark = out->nnotes;
	d->parsed = NULL;
}

void
usage_jsdocs_release(struct usage_jsdocs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].holes);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* the SDK's client.query(doc, vars, 'system'): the third argument of the
   call whose `(` is token open is the string 'system' */
static int
sdk_scope(struct jv_toks *t, size_t open)
{
	struct jv *args[3];
	size_t close;

	jv_args(t, open, args, 3, &close);
	return args[2] != NULL && args[2]->kind == JV_STRING &&
	    !(args[2]->flags & JVF_TEMPLATE) && args[2]->n == 6 &&
	    memcmp(args[2]->s, "system", 6) == 0;
}

static void
scan_region(const char *file, const char *text, size_t len, uint32_t line0,
    uint32_t col0, struct usage_jsdocs *docs, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	struct jv_toks t;
	const struct jv_tok *v, *k;
	size_t i, l, nlits;

	jv_toks_init(&t, text, len, line0, col0);
	/* the arrays do not change: locals add_doc() cannot touch */
	v = t.v;
	nlits = docs != NULL ? t.nlits : 0;
	for (l = 0; l < nlits; l++) {
		/* a tagged template's tag, or a call's "(": anything else
		   before the literal rules out all but the magic comment */
		const struct jv_tok *p;
		int doc, sdk = 0;

		i = t.lits[l];
		k = &v[i];
		p = i > 0 ? k - 1 : NULL;
		doc = k->gql_magic;
		if (!doc && p != NULL && p->kind == JT_IDENT)
			doc = k->kind == JT_TEMPLATE &&
			    (jv_ident(&t, i - 1, "gql") ||
				jv_ident(&t, i - 1, "graphql"));
		else if (!doc && p != NULL && p->kind == JT_PUNCT &&
		    text[p->start] == '(' && i >= 2) {
			doc = jv_ident(&t, i - 2, "gql") ||
			    jv_ident(&t, i - 2, "graphql");
			sdk = !doc && i >= 3 && jv_ident(&t, i - 2, "query") &&
			    jv_punct(&t, i - 3, '.');
		}
		if (doc)
			add_doc(text, &t, i, docs, -1, out);
		else if (sdk) {
			size_t cs = k->start + 1;
			size_t ce = k->unterminated ? k->end : k->end - 1;

			if (ce > cs && looks_executable(text + cs, ce - cs))
				add_doc(text, &t, i, docs, sdk_scope(&t, i - 1),
				    out);
		}
	}
	usage_sdk_scan(&t, file, old, new, o, out);
	for (i = 0; i < t.nwarns && i < 3; i++)
		usage_add_note(out, "%s:%u:%u: %s", file, t.warns[i].line,
		    t.warns[i].col, t.warns[i].what);
	jv_toks_release(&t);
}

static const char *
find_ci(const char *p, size_t n, const char *needle)
{
	size_t l = strlen(needle);
	const char *e = p + n, *q = p;

	/* needle starts with '<': memchr to each candidate */
	while ((size_t)(e - q) >= l &&
	    (q = memchr(q, needle[0], (size_t)(e - q) - l + 1)) != NULL) {
		if (strncasecmp(q, needle, l) == 0)
			return q;
		q++;
	}
	return NULL;
}

/* every <script ...>...</script> block of text[from..len) */
static void
scan_scripts(const char *file, const char *text, size_t len, size_t from,
    struct usage_jsdocs *docs, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	size_t pos = from, lc_off = 0;
	uint32_t line = 1, col = 1;

	while (pos < len) {
		const char *op = find_ci(text + pos, len - pos, "<script");
		const char *gt, *end;
		size_t bs, be;

		if (op == NULL)
			break;
		gt = memchr(op, '>', (size_t)(text + len - op));
		if (gt == NULL)
			break;
		bs = (size_t)(gt - text) + 1;
		if (gt[-1] == '/') {
			pos = bs;
			continue;
		}
		end = find_ci(text + bs, len - bs, "</script");
		be = end ? (size_t)(end - text) : len;
		js_pos_from(text, lc_off, line, col, bs, &line, &col);
		lc_off = bs;
		scan_region(file, text + bs, be - bs, line, col, docs, old, new,
		    o, out);
		pos = be + 1;
	}
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

void
usage_js_scan_docs(const char *file, const char *text, size_t len,
    struct usage_jsdocs *docs, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	const char *f = usage_strdup(out, file);
	size_t start = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (ends_with(file, ".vue") || ends_with(file, ".svelte")) {
		scan_scripts(f, text, len, start, docs, old, new, o, out);
	} else if (ends_with(file, ".astro")) {
		size_t i = start, fm_end = start;

		while (i < len &&
		    (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
			text[i] == '\n'))
			i++;
		if (i + 3 <= len && memcmp(text + i, "---", 3) == 0) {
			const char *e = memmem(
			    text + i + 3, len - i - 3, "\n---", 4);
			size_t bs = i + 3, be = e ? (size_t)(e - text) : len;
			uint32_t l, c;

			js_pos_from(text, 0, 1, 1, bs, &l, &c);
			scan_region(f, text + bs, be - bs, l, c, docs, old, new,
			    o, out);
			fm_end = e ? be + 4 : len;
		}
		scan_scripts(f, text, len, fm_end, docs, old, new, o, out);
	} else {
		scan_region(
		    f, text + start, len - start, 1, 1, docs, old, new, o, out);
	}
}

void
usage_js_feed(const char *file, const struct usage_jsdocs *docs,
    const char *const *notes, size_t nnotes, struct usage_gql *g,
    struct usage_set *out)
{
	size_t i, k = 0;

	for (i = 0; docs != NULL && i < docs->n; i++) {
		const struct usage_jsdoc *d = &docs->v[i];

		for (; k < nnotes && k < d->note_mark; k++)
			usage_add_note_ref(out, notes[k]);
		if (g != NULL && d->parsed != NULL)
			usage_gql_add_parsed(g, file, d->line, d->col, d->text,
			    d->len, d->holes, d->nholes, d->scope, d->parsed,
			    out);
		else if (g != NULL)
			usage_gql_add(g, file, d->line, d->col, d->text, d->len,
			    d->holes, d->nholes, d->scope, out);
	}
	for (; k < nnotes; k++)
		usage_add_note_ref(out, notes[k]);
}

void
usage_js_scan(const char *file, const char *text, size_t len,
    struct usage_gql *g, const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out)
{
	struct usage_set part = USAGE_SET_INIT;
	struct usage_jsdocs docs = USAGE_JSDOCS_INIT;

	usage_js_scan_docs(
	    file, text, len, g != NULL ? &docs : NULL, old, new, o, &part);
	/* the notes move first, in order with the documents' own (part
	   starts empty: the marks count from the file's first note) */
	usage_js_feed(file, &docs, part.notes, part.nnotes, g, out);
	part.nnotes = 0;
	usage_set_absorb(out, &part);
	usage_jsdocs_release(&docs);
}
