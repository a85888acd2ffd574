/*
 * usage_js.c: GraphQL documents in JS/TS/Vue/Svelte/Astro files
 * (usage_js.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drift/js_scan.h"
#include "drift/usage_gql.h"
#include "drift/usage_js.h"
#include "drift/xalloc.h"

/* a token kept for look-behind */
struct ktok {
	enum js_tok_kind kind;
	size_t start, end;
};

static int
tok_is_n(const char *text, const struct ktok *t, enum js_tok_kind k,
    const char *s, size_t n)
{
	return t->kind == k && t->end - t->start == n &&
	    memcmp(text + t->start, s, n) == 0;
}

#define tok_is(text, t, k, s) tok_is_n(text, t, k, s, sizeof(s) - 1)

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
add_doc(const char *file, const char *text, const struct js_tok *t,
    struct usage_gql *g, int scope, struct usage_set *out)
{
	size_t cs = t->start + 1;
	size_t ce = t->unterminated ? t->end : t->end - 1;
	size_t n = ce > cs ? ce - cs : 0, i, h = 0, *holes = NULL;
	char *buf = xmalloc(n + 1);

	memcpy(buf, text + cs, n);
	if (t->kind == JT_TEMPLATE && t->nholes) {
		holes = xreallocarray(NULL, t->nholes, sizeof(*holes));
		for (h = 0; h < t->nholes; h++) {
			size_t a = t->holes[h].start - cs;
			size_t b = t->holes[h].end - cs;

			if (b > n)
				b = n;
			holes[h] = a;
			for (i = a; i < b; i++)
				if (buf[i] != '\n')
					buf[i] = ' ';
		}
	}
	for (i = 0; i + 1 < n; i++) {
		if (buf[i] != '\\')
			continue;
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
		i++;
	}
	buf[n] = '\0';
	usage_gql_add(
	    g, file, t->line, t->col + 1, buf, n, holes, h, scope, out);
	free(holes);
	free(buf);
}

/* the third argument of the call whose `(` is at the scanner's position:
   1 'system', 0 otherwise; consumes nothing the caller needs (a copy of
   the scanner is used) */
static int
sdk_scope(const struct js_scan *s0, const char *text)
{
	struct js_scan s = *s0;
	struct js_tok t;
	int depth = 0, arg = 1, ret = 0;

	/* the copy shares the arrays: grow none (no templates are
	   recorded at nesting 0 here other than as tokens) */
	s.holes = NULL;
	s.nholes = s.aholes = 0;
	s.stack = NULL;
	s.nstack = s.astack = 0;
	s.warns = NULL;
	s.nwarns = s.awarns = 0;
	while (js_scan_next(&s, &t)) {
		if (t.kind == JT_PUNCT) {
			char c = text[t.start];

			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if (c == ')' || c == ']' || c == '}') {
				if (depth-- == 0)
					break;
			} else if (c == ',' && depth == 0) {
				arg++;
			}
			if (arg > 3)
				break;
			continue;
		}
		if (arg == 3 && depth == 0 && t.kind == JT_STRING &&
		    t.end - t.start == 8 &&
		    memcmp(text + t.start + 1, "system", 6) == 0) {
			ret = 1;
			break;
		}
	}
	js_scan_release(&s);
	return ret;
}

static void
scan_region(const char *file, const char *text, size_t len, uint32_t line0,
    uint32_t col0, struct usage_gql *g, struct usage_set *out)
{
	struct js_scan s;
	struct js_tok t;
	struct ktok prev[3];
	size_t i;

	memset(prev, 0, sizeof(prev));
	js_scan_init(&s, text, len, line0, col0);
	while (js_scan_next(&s, &t)) {
		if (t.kind == JT_TEMPLATE || t.kind == JT_STRING) {
			int tagged = t.kind == JT_TEMPLATE &&
			    (tok_is(text, &prev[0], JT_IDENT, "gql") ||
				tok_is(text, &prev[0], JT_IDENT, "graphql"));
			int call = tok_is(text, &prev[0], JT_PUNCT, "(") &&
			    (tok_is(text, &prev[1], JT_IDENT, "gql") ||
				tok_is(text, &prev[1], JT_IDENT, "graphql"));
			int sdk = tok_is(text, &prev[0], JT_PUNCT, "(") &&
			    tok_is(text, &prev[1], JT_IDENT, "query") &&
			    tok_is(text, &prev[2], JT_PUNCT, ".");
			size_t cs = t.start + 1;
			size_t ce = t.unterminated ? t.end : t.end - 1;

			if (g != NULL && (tagged || call || t.gql_magic))
				add_doc(file, text, &t, g, -1, out);
			else if (g != NULL && sdk && ce > cs &&
			    looks_executable(text + cs, ce - cs))
				add_doc(file, text, &t, g, sdk_scope(&s, text),
				    out);
		}
		prev[2] = prev[1];
		prev[1] = prev[0];
		prev[0].kind = t.kind;
		prev[0].start = t.start;
		prev[0].end = t.end;
	}
	for (i = 0; i < s.nwarns && i < 3; i++)
		usage_add_note(out, "%s:%u:%u: %s", file, s.warns[i].line,
		    s.warns[i].col, s.warns[i].what);
	js_scan_release(&s);
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
    struct usage_gql *g, struct usage_set *out)
{
	size_t pos = from, lc_off = 0;
	uint32_t line = 1, col = 1;

	while (pos < len) {
		const char *o = find_ci(text + pos, len - pos, "<script");
		const char *gt, *end;
		size_t bs, be;

		if (o == NULL)
			break;
		gt = memchr(o, '>', (size_t)(text + len - o));
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
		scan_region(file, text + bs, be - bs, line, col, g, out);
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
usage_js_scan(const char *file, const char *text, size_t len,
    struct usage_gql *g, const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out)
{
	const char *f = usage_strdup(out, file);
	size_t start = 0;

	(void)old;
	(void)new;
	(void)o;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (ends_with(file, ".vue") || ends_with(file, ".svelte")) {
		scan_scripts(f, text, len, start, g, out);
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
			scan_region(f, text + bs, be - bs, l, c, g, out);
			fm_end = e ? be + 4 : len;
		}
		scan_scripts(f, text, len, fm_end, g, out);
	} else {
		scan_region(f, text + start, len - start, 1, 1, g, out);
	}
}
