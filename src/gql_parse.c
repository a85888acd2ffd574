/*
 * gql_parse.c: GraphQL executable documents (gql_parse.h).  Errors unwind
 * with longjmp to gql_parse(): everything is in the caller's arena, so
 * nothing needs freeing on the way out.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/gql_parse.h"
#include "drift/utf8.h"

enum tok { T_EOF = 0, T_PUNCT, T_NAME, T_INT, T_FLOAT, T_STRING, T_BLOCK };

struct parser {
	struct arena *a;
	const char *s;
	size_t len;
	/* where the lexer is: the line of the current token, and where its
	   line starts less the UTF-8 continuation bytes before the token
	   on it (col counts code points) */
	uint32_t line;
	size_t colbase; /* col = off - colbase + 1: the line's start plus
	                   the continuation bytes passed on it */
	/* the current token */
	enum tok t;
	char punct; /* '.' for "..." */
	size_t start, end;
	struct gql_pos tpos;
	const char *val; /* name, number text or cooked string (arena) */
	/* two copies of the text, each with a NUL after it: lx is what the
	   lexer reads (the NUL ends every loop without a bound check: no
	   byte class has it), names what names point into: a name is its
	   bytes there, ended by a NUL written over the (non-name) byte
	   after it (no allocation per name) */
	const unsigned char *lx;
	char *names;
	size_t vlen;
	/* end of the previous token and its position (kept with holes
	   only) */
	size_t prev_end;
	struct gql_pos prev_tpos;
	/* holes, sorted */
	const size_t *holes;
	size_t nholes;
	size_t nspreads;
	unsigned depth, max_depth;
	struct gql_error *err;
	jmp_buf jb; /* last: gql_parse() zeroes what is before it */
};

static void fail_at(struct parser *ps, struct gql_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
fail_at(struct parser *ps, struct gql_pos pos, const char *fmt, ...)
{
	va_list ap;

	ps->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
	longjmp(ps->jb, 1);
}

/* the position of off, scanning from base (a token end) without the
   cache */
static struct gql_pos
pos_scan(const struct parser *ps, struct gql_pos base, size_t off)
{
	size_t i;
	int after_cr = 0;

	for (i = base.off; i < off && i < ps->len; i++) {
		unsigned char c = (unsigned char)ps->s[i];

		if (c == '\r') {
			base.line++;
			base.col = 1;
			after_cr = 1;
		} else if (c == '\n') {
			if (!after_cr)
				base.line++;
			base.col = 1;
			after_cr = 0;
		} else {
			after_cr = 0;
			if ((c & 0xC0) != 0x80)
				base.col++;
		}
	}
	base.off = off;
	return base;
}

/* (line, col) of off, at or after the start of the current token (a
   lexer error inside it) */
static struct gql_pos
pos_at(const struct parser *ps, size_t off)
{
	return pos_scan(ps, ps->tpos, off);
}

/* byte classes: a name starts, a name goes on, a punctuator token, white
   space on the line (space, tab, comma) */
#define GC_NAME_START 1
#define GC_NAME 2
#define GC_PUNCT 4
#define GC_BLANK 8
#define GC_SKIP 16 /* LF, CR, '#', the first byte of a BOM */
#define GC4(c) gclass_c(c), gclass_c(c + 1), gclass_c(c + 2), gclass_c(c + 3)
#define GC16(c) GC4(c), GC4(c + 4), GC4(c + 8), GC4(c + 12)
#define GC64(c) GC16(c), GC16(c + 16), GC16(c + 32), GC16(c + 48)
#define gclass_c(c) \
	(((c) == '_' || ((c) >= 'A' && (c) <= 'Z') || \
	     ((c) >= 'a' && (c) <= 'z')) \
		? (GC_NAME_START | GC_NAME) \
		: ((c) >= '0' && (c) <= '9') ? GC_NAME \
		: ((c) == '!' || (c) == '$' || (c) == '&' || (c) == '(' || \
		      (c) == ')' || (c) == '=' || (c) == ':' || (c) == '@' || \
		      (c) == '[' || (c) == ']' || (c) == '{' || (c) == '|' || \
		      (c) == '}') \
		? GC_PUNCT \
		: ((c) == ' ' || (c) == '\t' || (c) == ',') ? GC_BLANK \
		: ((c) == '\n' || (c) == '\r' || (c) == '#' || (c) == 0xEF) \
		? GC_SKIP \
		: 0)
static const unsigned char gclass[256] = { GC64(0), GC64(64), GC64(128),
	GC64(192) };

static int
is_name_start(int c)
{
	return c >= 0 && (gclass[c & 0xFF] & GC_NAME_START);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
at(const struct parser *ps, size_t i)
{
	return i < ps->len ? (unsigned char)ps->s[i] : -1;
}

/* describes the current token for "expected X, found Y" */
static const char *
tok_desc(struct parser *ps, char *buf, size_t size)
{
	switch (ps->t) {
	case T_EOF:
		return "end of input";
	case T_PUNCT:
		if (ps->punct == '.')
			return "\"...\"";
		snprintf(buf, size, "\"%c\"", ps->punct);
		return buf;
	case T_NAME:
		snprintf(buf, size, "name \"%.*s\"",
		    ps->vlen > 64 ? 64 : (int)ps->vlen, ps->val);
		return buf;
	case T_INT:
	case T_FLOAT:
		snprintf(buf, size, "number %.*s",
		    ps->vlen > 64 ? 64 : (int)ps->vlen, ps->val);
		return buf;
	case T_STRING:
		return "a string";
	default:
		return "a block string";
	}
}

static void
fail_expected(struct parser *ps, const char *what) __attribute__((noreturn));

static void
fail_expected(struct parser *ps, const char *what)
{
	char b[96];

	fail_at(ps, ps->tpos, "expected %s, found %s", what,
	    tok_desc(ps, b, sizeof(b)));
}

/* decodes one UTF-8 sequence at s[i]; 0 when invalid */
static unsigned long
utf8_at(const struct parser *ps, size_t i, size_t *n)
{
	int c = at(ps, i), k, j;
	unsigned long cp;

	*n = 1;
	if (c < 0x80)
		return (unsigned long)c;
	if ((c & 0xE0) == 0xC0) {
		k = 1;
		cp = (unsigned long)(c & 0x1F);
	} else if ((c & 0xF0) == 0xE0) {
		k = 2;
		cp = (unsigned long)(c & 0x0F);
	} else if ((c & 0xF8) == 0xF0) {
		k = 3;
		cp = (unsigned long)(c & 0x07);
	} else
		return 0;
	for (j = 1; j <= k; j++) {
		int d = at(ps, i + (size_t)j);

		if (d < 0 || (d & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (unsigned long)(d & 0x3F);
	}
	*n = (size_t)k + 1;
	return cp;
}

/* a \u escape at s[i] (the backslash); *cp the value, returns its length
   or 0 when malformed */
static size_t
unicode_escape(const struct parser *ps, size_t i, unsigned long *cp)
{
	size_t j;
	unsigned long v = 0;

	if (at(ps, i + 2) == '{') {
		for (j = i + 3; at(ps, j) != '}'; j++) {
			int h = hex_digit(at(ps, j));

			if (h < 0 || v > 0x10FFFF)
				return 0;
			v = v * 16 + (unsigned long)h;
		}
		if (j == i + 3 || v > 0x10FFFF)
			return 0;
		*cp = v;
		return j + 1 - i;
	}
	for (j = i + 2; j < i + 6; j++) {
		int h = hex_digit(at(ps, j));

		if (h < 0)
			return 0;
		v = v * 16 + (unsigned long)h;
	}
	*cp = v;
	return 6;
}

static void
lex_string(struct parser *ps)
{
	size_t i = ps->start + 1, n;
	char *o, *w;

	/* the extent first: the cooked value is never longer than the raw */
	while (i < ps->len && ps->s[i] != '"' && ps->s[i] != '\n' &&
	    ps->s[i] != '\r')
		i += ps->s[i] == '\\' && i + 1 < ps->len ? 2 : 1;
	o = arena_alloc(ps->a, i - ps->start + 1);
	w = o;
	i = ps->start + 1;
	for (;;) {
		int c = at(ps, i);

		if (c < 0 || c == '\n' || c == '\r')
			fail_at(ps, ps->tpos, "unterminated string");
		if (c == '"')
			break;
		if (c != '\\') {
			*w++ = (char)c;
			i++;
			continue;
		}
		c = at(ps, i + 1);
		switch (c) {
		case '"':
		case '\\':
		case '/':
			*w++ = (char)c;
			i += 2;
			continue;
		case 'b':
			*w++ = '\b';
			i += 2;
			continue;
		case 'f':
			*w++ = '\f';
			i += 2;
			continue;
		case 'n':
			*w++ = '\n';
			i += 2;
			continue;
		case 'r':
			*w++ = '\r';
			i += 2;
			continue;
		case 't':
			*w++ = '\t';
			i += 2;
			continue;
		case 'u': {
			unsigned long cp, lo;

			n = unicode_escape(ps, i, &cp);
			if (n == 0)
				fail_at(ps, pos_at(ps, i),
				    "invalid Unicode escape sequence");
			/* graphql-js 16: a braced escape must be a scalar
			   value; only \uXXXX pairs combine */
			if (at(ps, i + 2) == '{' && cp >= 0xD800 &&
			    cp <= 0xDFFF)
				fail_at(ps, pos_at(ps, i),
				    "invalid Unicode escape sequence: a "
				    "surrogate in \\u{...}");
			if (cp >= 0xD800 && cp <= 0xDBFF &&
			    at(ps, i + n) == '\\' && at(ps, i + n + 1) == 'u' &&
			    at(ps, i + n + 2) != '{') {
				size_t m = unicode_escape(ps, i + n, &lo);

				if (m != 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					    (lo - 0xDC00);
					n += m;
				}
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				fail_at(ps, pos_at(ps, i),
				    "invalid Unicode escape sequence: a lone "
				    "surrogate");
			w += utf8_encode((uint32_t)cp, w);
			i += n;
			continue;
		}
		default:
			fail_at(ps, pos_at(ps, i),
			    "invalid escape sequence in a string");
		}
	}
	*w = '\0';
	ps->val = o;
	ps->vlen = (size_t)(w - o);
	ps->end = i + 1;
	ps->t = T_STRING;
}

static int
is_blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* next line of raw[*i..n): [*ls, *le), *i after the terminator; 0 at end */
static int
next_line(const char *raw, size_t n, size_t *i, size_t *ls, size_t *le)
{
	if (*i > n)
		return 0;
	*ls = *i;
	while (*i < n && raw[*i] != '\n' && raw[*i] != '\r')
		(*i)++;
	*le = *i;
	if (*i < n && raw[*i] == '\r' && *i + 1 < n && raw[*i + 1] == '\n')
		*i += 2;
	else
		(*i)++;
	return 1;
}

/* BlockStringValue(raw) of the spec, written into out; returns its length */
static size_t
block_value(const char *raw, size_t n, char *out)
{
	size_t i = 0, ls, le, indent = (size_t)-1, line = 0, nlines = 0;
	size_t first = (size_t)-1, last = 0, w = 0;

	while (next_line(raw, n, &i, &ls, &le)) {
		size_t k = ls;

		while (k < le && (raw[k] == ' ' || raw[k] == '\t'))
			k++;
		if (line > 0 && k < le && k - ls < indent)
			indent = k - ls;
		if (!is_blank_line(raw + ls, le - ls)) {
			if (first == (size_t)-1)
				first = line;
			last = line;
		}
		line++;
	}
	nlines = line;
	if (first == (size_t)-1)
		return 0;
	i = 0;
	for (line = 0; line < nlines; line++) {
		next_line(raw, n, &i, &ls, &le);
		if (line < first || line > last)
			continue;
		if (line > 0 && indent != (size_t)-1)
			ls = le - ls > indent ? ls + indent : le;
		if (line > first)
			out[w++] = '\n';
		memcpy(out + w, raw + ls, le - ls);
		w += le - ls;
	}
	return w;
}

static void
lex_block(struct parser *ps)
{
	size_t i = ps->start + 3;
	char *raw, *w, *o;

	while (i < ps->len &&
	    !(ps->s[i] == '"' && at(ps, i + 1) == '"' && at(ps, i + 2) == '"'))
		i += ps->s[i] == '\\' && at(ps, i + 1) == '"' ? 2 : 1;
	raw = arena_alloc(ps->a, i - ps->start + 1);
	w = raw;
	i = ps->start + 3;
	for (;;) {
		if (i >= ps->len)
			fail_at(ps, ps->tpos, "unterminated block string");
		if (ps->s[i] == '\\' && at(ps, i + 1) == '"' &&
		    at(ps, i + 2) == '"' && at(ps, i + 3) == '"') {
			memcpy(w, "\"\"\"", 3);
			w += 3;
			i += 4;
			continue;
		}
		if (ps->s[i] == '"' && at(ps, i + 1) == '"' &&
		    at(ps, i + 2) == '"')
			break;
		*w++ = ps->s[i++];
	}
	o = arena_alloc(ps->a, (size_t)(w - raw) + 1);
	ps->vlen = block_value(raw, (size_t)(w - raw), o);
	o[ps->vlen] = '\0';
	ps->val = o;
	ps->end = i + 3;
	ps->t = T_BLOCK;
}

static void
lex_number(struct parser *ps)
{
	size_t i = ps->start;
	int fl = 0, c;

	if (at(ps, i) == '-')
		i++;
	if (at(ps, i) == '0') {
		i++;
		if (is_digit(at(ps, i)))
			fail_at(ps, pos_at(ps, i),
			    "invalid number: unexpected digit after 0");
	} else if (is_digit(at(ps, i))) {
		while (is_digit(at(ps, i)))
			i++;
	} else
		fail_at(ps, ps->tpos, "invalid number: expected a digit");
	if (at(ps, i) == '.') {
		i++;
		fl = 1;
		if (!is_digit(at(ps, i)))
			fail_at(ps, pos_at(ps, i),
			    "invalid number: expected a digit after \".\"");
		while (is_digit(at(ps, i)))
			i++;
	}
	if (at(ps, i) == 'e' || at(ps, i) == 'E') {
		i++;
		fl = 1;
		if (at(ps, i) == '+' || at(ps, i) == '-')
			i++;
		if (!is_digit(at(ps, i)))
			fail_at(ps, pos_at(ps, i),
			    "invalid number: expected a digit in the exponent");
		while (is_digit(at(ps, i)))
			i++;
	}
	c = at(ps, i);
	if (c == '.' || is_name_start(c) || is_digit(c))
		fail_at(ps, pos_at(ps, i),
		    "invalid number: unexpected \"%c\" after it", c);
	ps->t = fl ? T_FLOAT : T_INT;
	ps->end = i;
	ps->val = arena_strndup(ps->a, ps->s + ps->start, i - ps->start);
	ps->vlen = i - ps->start;
}

/* the lexer's position goes over s[from, to) (a string token's bytes) */
static void
advance_over(struct parser *ps, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)ps->s;
	size_t i;

	for (i = from; i < to; i++) {
		unsigned char c = s[i];

		if (c == '\r' || c == '\n') {
			if (c == '\r' || i == 0 || s[i - 1] != '\r')
				ps->line++;
			ps->colbase = i + 1;
		} else if ((c & 0xC0) == 0x80)
			ps->colbase++;
	}
}

/* white space, line breaks, comments and BOMs from s[i] on: the index
   of the first byte of a token (or len); out of line, for a line break or
   a comment is rarer than a token */
static size_t __attribute__((noinline))
skip_ignored(struct parser *ps, size_t i)
{
	const unsigned char *s = (const unsigned char *)ps->s;
	size_t n = ps->len;

	while (i < n) {
		unsigned char c = s[i];

		if (gclass[c] & GC_BLANK)
			i++;
		else if (c == '\n' || c == '\r') {
			/* CR, LF and CRLF: one line break each */
			if (c == '\r' || i == 0 || s[i - 1] != '\r')
				ps->line++;
			ps->colbase = i + 1;
			i++;
		} else if (c == '#') {
			while (i < n && s[i] != '\n' && s[i] != '\r') {
				ps->colbase += (s[i] & 0xC0) == 0x80;
				i++;
			}
		} else if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBB &&
		    s[i + 2] == 0xBF) {
			ps->colbase += 2; /* BOM: one code point */
			i += 3;
		} else
			break;
	}
	return i;
}

/* a token that is neither a name nor a one-byte punctuator, at s[i] */
static void __attribute__((noinline))
lex_other(struct parser *ps, size_t i, int c)
{
	ps->val = NULL;
	ps->vlen = 0;
	if (c == '.') {
		if (at(ps, i + 1) == '.' && at(ps, i + 2) == '.') {
			ps->t = T_PUNCT;
			ps->punct = '.';
			ps->end = i + 3;
			return;
		}
		fail_at(ps, ps->tpos, "unexpected \".\" (a spread is \"...\")");
	}
	if (c == '"') {
		if (at(ps, i + 1) == '"' && at(ps, i + 2) == '"')
			lex_block(ps);
		else
			lex_string(ps);
		advance_over(ps, ps->start, ps->end);
		return;
	}
	if (c == '-' || is_digit(c)) {
		lex_number(ps);
		return;
	}
	{
		size_t k;
		unsigned long cp = utf8_at(ps, i, &k);

		if (cp == 0 && c != 0)
			fail_at(ps, ps->tpos, "invalid UTF-8 byte 0x%02X", c);
		if (cp >= 0x21 && cp < 0x7F)
			fail_at(ps, ps->tpos, "unexpected character \"%c\"",
			    (int)cp);
		fail_at(ps, ps->tpos, "unexpected character U+%04lX", cp);
	}
}

static void
next(struct parser *ps)
{
	const unsigned char *s = ps->lx;
	size_t i = ps->end;
	unsigned c, cls;

	/* the previous token: read only with holes */
	if (ps->nholes > 0) {
		ps->prev_end = i;
		ps->prev_tpos = ps->tpos;
	}
	/* s[len] is a NUL (class 0): no loop needs a bound check */
	c = s[i];
	cls = gclass[c];
	while (cls & (GC_BLANK | GC_SKIP)) {
		if (cls & GC_BLANK) {
			/* a run of blanks (an indentation), in one loop */
			do
				c = s[++i];
			while (gclass[c] & GC_BLANK);
		} else if (c == '\n' && (i == 0 || s[i - 1] != '\r')) {
			/* the common line break, without the call */
			ps->line++;
			ps->colbase = ++i;
			c = s[i];
		} else {
			i = skip_ignored(ps, i);
			c = s[i];
			cls = gclass[c];
			break;
		}
		cls = gclass[c];
	}
	ps->start = i;
	ps->tpos.line = ps->line;
	ps->tpos.col = (uint32_t)(i - ps->colbase + 1);
	ps->tpos.off = i;
	if (cls & GC_NAME_START) {
		/* the most common token first */
		size_t j = i + 1;

		while (gclass[s[j]] & GC_NAME)
			j++;
		ps->t = T_NAME;
		ps->end = j;
		ps->names[j] = '\0';
		ps->val = ps->names + i;
		ps->vlen = j - i;
		return;
	}
	if (cls & GC_PUNCT) {
		/* val is not read for a punctuator */
		ps->t = T_PUNCT;
		ps->punct = (char)c;
		ps->end = i + 1;
		return;
	}
	if (i >= ps->len) {
		ps->t = T_EOF;
		ps->end = i;
		ps->val = NULL;
		ps->vlen = 0;
		return;
	}
	lex_other(ps, i, (int)c);
}

static int
is_punct(const struct parser *ps, char c)
{
	return ps->t == T_PUNCT && ps->punct == c;
}

/* kw a literal: its strlen() folds, and most names differ in length */
static inline int
is_kw(const struct parser *ps, const char *kw)
{
	size_t n = strlen(kw);

	return ps->t == T_NAME && ps->vlen == n && memcmp(ps->val, kw, n) == 0;
}

static void
expect(struct parser *ps, char c)
{
	char what[8];

	if (!is_punct(ps, c)) {
		if (c == '.')
			fail_expected(ps, "\"...\"");
		snprintf(what, sizeof(what), "\"%c\"", c);
		fail_expected(ps, what);
	}
	next(ps);
}

static struct gql_name
expect_name(struct parser *ps, const char *what)
{
	struct gql_name n;

	if (ps->t != T_NAME)
		fail_expected(ps, what);
	n.s = ps->val;
	n.len = ps->vlen;
	n.pos = ps->tpos;
	next(ps);
	return n;
}

static void
enter(struct parser *ps)
{
	if (++ps->depth > ps->max_depth)
		fail_at(ps, ps->tpos, "nesting deeper than %u levels",
		    ps->max_depth);
}

/* 1 when a hole lies in [lo, hi) */
static int
hole_in(const struct parser *ps, size_t lo, size_t hi)
{
	size_t a = 0, b = ps->nholes;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ps->holes[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a < ps->nholes && ps->holes[a] < hi;
}

static size_t
first_hole(const struct parser *ps, size_t lo)
{
	size_t a = 0, b = ps->nholes;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ps->holes[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a < ps->nholes ? ps->holes[a] : lo;
}

/* a growable array in the arena (the old storage is left to the arena);
   vec_push() returns an uninitialised slot */
struct vec {
	void *v;
	size_t n, cap;
};

static void __attribute__((noinline))
vec_grow(struct arena *a, struct vec *vv, size_t size)
{
	size_t cap = vv->cap ? vv->cap * 2 : 4;
	void *nv = arena_alloc(a, cap * size);

	if (vv->n > 0)
		memcpy(nv, vv->v, vv->n * size);
	vv->v = nv;
	vv->cap = cap;
}

static inline void *
vec_push(struct arena *a, struct vec *vv, size_t size)
{
	if (vv->n == vv->cap)
		vec_grow(a, vv, size);
	/* every caller stores a whole element into the slot */
	return (char *)vv->v + vv->n++ * size;
}

static void parse_value(struct parser *ps, int is_const, struct gql_value *v);

static void
parse_list(struct parser *ps, int is_const, struct gql_value *v)
{
	struct vec items = { NULL, 0, 0 };

	enter(ps);
	next(ps); /* [ */
	while (!is_punct(ps, ']')) {
		struct gql_value item;

		if (ps->nholes > 0 && hole_in(ps, ps->prev_end, ps->start))
			v->holes = 1;
		if (ps->t == T_EOF)
			fail_expected(ps, "\"]\"");
		parse_value(ps, is_const, &item);
		*(struct gql_value *)vec_push(
		    ps->a, &items, sizeof(item)) = item;
	}
	next(ps);
	v->kind = GQLV_LIST;
	v->items = items.v;
	v->nitems = items.n;
	ps->depth--;
}

static void
parse_object(struct parser *ps, int is_const, struct gql_value *v)
{
	struct vec fields = { NULL, 0, 0 };

	enter(ps);
	next(ps); /* { */
	for (;;) {
		struct gql_object_field f;

		if (ps->nholes > 0 && hole_in(ps, ps->prev_end, ps->start))
			v->holes = 1;
		if (is_punct(ps, '}'))
			break;
		f.name = expect_name(ps, "a field name or \"}\"");
		expect(ps, ':');
		parse_value(ps, is_const, &f.value);
		*(struct gql_object_field *)vec_push(
		    ps->a, &fields, sizeof(f)) = f;
	}
	next(ps);
	v->kind = GQLV_OBJECT;
	v->fields = fields.v;
	v->nfields = fields.n;
	ps->depth--;
}

static void
parse_value(struct parser *ps, int is_const, struct gql_value *v)
{
	memset(v, 0, sizeof(*v));
	v->pos = ps->tpos;
	if (ps->nholes > 0 && hole_in(ps, ps->prev_end, ps->start)) {
		v->kind = GQLV_HOLE;
		v->pos = pos_scan(
		    ps, ps->prev_tpos, first_hole(ps, ps->prev_end));
		/* consumed: the gap holds no more holes */
		ps->prev_end = ps->start;
		return;
	}
	switch (ps->t) {
	case T_PUNCT:
		if (ps->punct == '$') {
			struct gql_name n;

			if (is_const)
				fail_at(ps, ps->tpos,
				    "unexpected variable in a constant value");
			next(ps);
			n = expect_name(ps, "a variable name");
			v->kind = GQLV_VARIABLE;
			v->str = n.s;
			v->len = n.len;
			return;
		}
		if (ps->punct == '[') {
			parse_list(ps, is_const, v);
			return;
		}
		if (ps->punct == '{') {
			parse_object(ps, is_const, v);
			return;
		}
		break;
	case T_INT:
	case T_FLOAT:
		v->kind = ps->t == T_INT ? GQLV_INT : GQLV_FLOAT;
		v->str = ps->val;
		v->len = ps->vlen;
		next(ps);
		return;
	case T_STRING:
	case T_BLOCK:
		v->kind = GQLV_STRING;
		v->block = ps->t == T_BLOCK;
		v->str = ps->val;
		v->len = ps->vlen;
		next(ps);
		return;
	case T_NAME:
		if (is_kw(ps, "true") || is_kw(ps, "false")) {
			v->kind = GQLV_BOOLEAN;
			v->boolean = ps->val[0] == 't';
		} else if (is_kw(ps, "null"))
			v->kind = GQLV_NULL;
		else
			v->kind = GQLV_ENUM;
		v->str = ps->val;
		v->len = ps->vlen;
		next(ps);
		return;
	default:
		break;
	}
	fail_expected(ps, "a value");
}

static void
parse_arguments(
    struct parser *ps, int is_const, struct gql_argument **out, size_t *n)
{
	struct vec args = { NULL, 0, 0 };

	next(ps); /* ( */
	do {
		struct gql_argument *arg = vec_push(ps->a, &args, sizeof(*arg));

		arg->name = expect_name(ps, "an argument name");
		expect(ps, ':');
		parse_value(ps, is_const, &arg->value);
	} while (!is_punct(ps, ')'));
	next(ps);
	*out = args.v;
	*n = args.n;
}

static void
parse_directives_at(
    struct parser *ps, int is_const, struct gql_directive **out, size_t *n)
{
	struct vec dirs = { NULL, 0, 0 };

	while (is_punct(ps, '@')) {
		struct gql_directive d;

		memset(&d, 0, sizeof(d));
		next(ps);
		d.name = expect_name(ps, "a directive name");
		if (is_punct(ps, '('))
			parse_arguments(ps, is_const, &d.args, &d.nargs);
		*(struct gql_directive *)vec_push(ps->a, &dirs, sizeof(d)) = d;
	}
	*out = dirs.v;
	*n = dirs.n;
}

/* nearly every selection has none: that is decided without a call */
static inline void
parse_directives(
    struct parser *ps, int is_const, struct gql_directive **out, size_t *n)
{
	if (is_punct(ps, '@'))
		parse_directives_at(ps, is_const, out, n);
	else {
		*out = NULL;
		*n = 0;
	}
}

static struct gql_selection_set *parse_set(struct parser *ps);

static void
parse_selection(struct parser *ps, struct gql_selection *sel)
{
	struct gql_pos dots;

	if (!is_punct(ps, '.')) {
		/* a field, the common case: each member stored once */
		sel->kind = GQLSEL_FIELD;
		sel->name = expect_name(ps, "a field name");
		memset(&sel->alias, 0, sizeof(sel->alias));
		if (is_punct(ps, ':')) {
			next(ps);
			sel->alias = sel->name;
			sel->name = expect_name(
			    ps, "a field name after the alias");
		}
		if (is_punct(ps, '('))
			parse_arguments(ps, 0, &sel->args, &sel->nargs);
		else {
			sel->args = NULL;
			sel->nargs = 0;
		}
		parse_directives(ps, 0, &sel->dirs, &sel->ndirs);
		sel->set = is_punct(ps, '{') ? parse_set(ps) : NULL;
		return;
	}
	/* a fragment spread or an inline fragment */
	dots = ps->tpos;
	memset(sel, 0, sizeof(*sel));
	next(ps);
	if (ps->t == T_NAME && !is_kw(ps, "on")) {
		sel->kind = GQLSEL_SPREAD;
		sel->name = expect_name(ps, "a fragment name");
		ps->nspreads++;
		parse_directives(ps, 0, &sel->dirs, &sel->ndirs);
		return;
	}
	sel->kind = GQLSEL_INLINE;
	sel->name.pos = dots;
	if (is_kw(ps, "on")) {
		next(ps);
		sel->name = expect_name(ps, "a type name");
	}
	parse_directives(ps, 0, &sel->dirs, &sel->ndirs);
	if (!is_punct(ps, '{'))
		fail_expected(ps, "\"{\"");
	sel->set = parse_set(ps);
}

static struct gql_selection_set *
parse_set(struct parser *ps)
{
	struct gql_selection_set *set = arena_zalloc(ps->a, sizeof(*set));
	struct vec v = { NULL, 0, 0 };

	enter(ps);
	set->pos = ps->tpos;
	next(ps); /* { */
	for (;;) {
		if (ps->nholes > 0 && hole_in(ps, ps->prev_end, ps->start))
			set->holes = 1;
		if (is_punct(ps, '}'))
			break;
		if (ps->t == T_EOF)
			fail_expected(ps, "\"}\"");
		if (ps->t != T_NAME && !is_punct(ps, '.'))
			fail_expected(
			    ps, "a field, a fragment spread or \"}\"");
		/* parsed in place: a nested set grows its own vector */
		parse_selection(
		    ps, vec_push(ps->a, &v, sizeof(struct gql_selection)));
	}
	if (v.n == 0 && !set->holes)
		fail_at(ps, set->pos,
		    "empty selection set: a selection set needs at least one "
		    "field");
	set->end = ps->start;
	next(ps); /* } */
	set->v = v.v;
	set->n = v.n;
	ps->depth--;
	return set;
}

static struct gql_typeref *
parse_type(struct parser *ps)
{
	struct gql_typeref *t = arena_zalloc(ps->a, sizeof(*t));

	enter(ps);
	if (is_punct(ps, '[')) {
		next(ps);
		t->list = 1;
		t->of = parse_type(ps);
		expect(ps, ']');
	} else
		t->name = expect_name(ps, "a type");
	if (is_punct(ps, '!')) {
		t->nonnull = 1;
		next(ps);
	}
	ps->depth--;
	return t;
}

static void
parse_variables(struct parser *ps, struct gql_definition *d)
{
	struct vec vars = { NULL, 0, 0 };

	next(ps); /* ( */
	do {
		struct gql_variable var;

		memset(&var, 0, sizeof(var));
		if (ps->t == T_STRING || ps->t == T_BLOCK)
			next(ps); /* a description (draft spec) */
		expect(ps, '$');
		var.name = expect_name(ps, "a variable name");
		expect(ps, ':');
		var.type = parse_type(ps);
		if (is_punct(ps, '=')) {
			next(ps);
			var.def = arena_alloc(ps->a, sizeof(*var.def));
			parse_value(ps, 1, var.def);
		}
		parse_directives(ps, 1, &var.dirs, &var.ndirs);
		*(struct gql_variable *)vec_push(
		    ps->a, &vars, sizeof(var)) = var;
	} while (!is_punct(ps, ')'));
	next(ps);
	d->vars = vars.v;
	d->nvars = vars.n;
}

static const char *const sdl_keywords[] = { "type", "schema", "extend",
	"scalar", "interface", "union", "enum", "input", "directive", NULL };

static int
is_sdl_keyword(const struct parser *ps)
{
	size_t i;

	/* the keywords are 4 to 9 bytes long, and none starts like query,
	   mutation, subscription or fragment */
	if (ps->vlen < 4 || ps->vlen > 9)
		return 0;
	switch (ps->val[0]) {
	case 't':
	case 's':
	case 'e':
	case 'i':
	case 'u':
	case 'd':
		break;
	default:
		return 0;
	}
	for (i = 0; sdl_keywords[i] != NULL; i++)
		if (ps->val[0] == sdl_keywords[i][0] &&
		    strcmp(ps->val, sdl_keywords[i]) == 0)
			return 1;
	return 0;
}

/* 1 when the definition is SDL (first definition only) */
static int
parse_definition(struct parser *ps, struct gql_definition *d, int first)
{
	memset(d, 0, sizeof(*d));
	d->pos = ps->tpos;
	if (is_punct(ps, '{')) {
		d->kind = GQLD_QUERY;
		d->shorthand = 1;
		d->set = parse_set(ps);
		return 0;
	}
	if (ps->t == T_STRING || ps->t == T_BLOCK) {
		next(ps); /* a description */
		d->pos = ps->tpos;
	}
	if (ps->t == T_NAME && is_sdl_keyword(ps)) {
		if (first)
			return 1;
		fail_at(ps, ps->tpos,
		    "type definition \"%s\" in an executable document",
		    ps->val);
	}
	if (is_kw(ps, "fragment")) {
		d->kind = GQLD_FRAGMENT;
		next(ps);
		if (is_kw(ps, "on"))
			fail_at(
			    ps, ps->tpos, "a fragment cannot be named \"on\"");
		d->name = expect_name(ps, "a fragment name");
		if (!is_kw(ps, "on"))
			fail_expected(ps, "\"on\"");
		next(ps);
		d->type_cond = expect_name(ps, "a type name");
		parse_directives(ps, 0, &d->dirs, &d->ndirs);
		if (!is_punct(ps, '{'))
			fail_expected(ps, "\"{\"");
		d->set = parse_set(ps);
		return 0;
	}
	if (is_kw(ps, "query"))
		d->kind = GQLD_QUERY;
	else if (is_kw(ps, "mutation"))
		d->kind = GQLD_MUTATION;
	else if (is_kw(ps, "subscription"))
		d->kind = GQLD_SUBSCRIPTION;
	else
		fail_expected(ps,
		    "a definition (query, mutation, subscription, fragment "
		    "or \"{\")");
	next(ps);
	if (ps->t == T_NAME)
		d->name = expect_name(ps, "an operation name");
	if (is_punct(ps, '('))
		parse_variables(ps, d);
	parse_directives(ps, 0, &d->dirs, &d->ndirs);
	if (!is_punct(ps, '{'))
		fail_expected(ps, "\"{\"");
	d->set = parse_set(ps);
	return 0;
}

static int
name_eq(const struct gql_name *a, const struct gql_name *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* the cheap validations of 2.3: unique names, a lone anonymous operation */
static void
validate(struct parser *ps, const struct gql_document *doc)
{
	size_t i, j, nops = 0;
	const struct gql_definition *anon = NULL;

	for (i = 0; i < doc->ndefs; i++) {
		const struct gql_definition *d = &doc->defs[i];

		if (d->kind != GQLD_FRAGMENT) {
			nops++;
			if (d->name.s == NULL && anon == NULL)
				anon = d;
		}
		if (d->name.s == NULL)
			continue;
		for (j = 0; j < i; j++) {
			const struct gql_definition *e = &doc->defs[j];

			if (e->name.s == NULL ||
			    (e->kind == GQLD_FRAGMENT) !=
				(d->kind == GQLD_FRAGMENT) ||
			    !name_eq(&d->name, &e->name))
				continue;
			fail_at(ps, d->name.pos,
			    "there can be only one %s named \"%.*s\"",
			    d->kind == GQLD_FRAGMENT ? "fragment" : "operation",
			    d->name.len > 64 ? 64 : (int)d->name.len,
			    d->name.s);
		}
	}
	if (anon != NULL && nops > 1)
		fail_at(ps, anon->pos,
		    "an anonymous operation must be the only operation in "
		    "the document");
}

static int
size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

int
gql_parse(struct arena *a, const char *text, size_t len, const size_t *holes,
    size_t nholes, unsigned max_depth, struct gql_document **out,
    struct gql_error *err)
{
	struct parser *ps;
	struct gql_document *doc;
	struct vec defs = { NULL, 0, 0 };

	*out = NULL;
	/* what is read of an error: the rest of msg is only written */
	memset(&err->pos, 0, sizeof(err->pos));
	err->msg[0] = '\0';
	/* jb (the last member) is set by setjmp(): not zeroed */
	ps = arena_alloc(a, sizeof(*ps));
	memset(ps, 0, offsetof(struct parser, jb));
	ps->a = a;
	ps->s = text;
	ps->len = len;
	{
		/* both copies in one allocation */
		char *lx = arena_alloc(a, 2 * (len + 1));

		memcpy(lx, text, len);
		lx[len] = '\0';
		ps->lx = (const unsigned char *)lx;
		ps->names = lx + len + 1;
		memcpy(ps->names, text, len);
		ps->names[len] = '\0';
	}
	ps->line = 1;
	ps->prev_tpos.line = 1;
	ps->prev_tpos.col = 1;
	ps->err = err;
	ps->max_depth = max_depth ? max_depth : GQL_MAX_DEPTH_DEFAULT;
	if (nholes > 0) {
		size_t *h = arena_alloc(a, nholes * sizeof(*h));

		memcpy(h, holes, nholes * sizeof(*h));
		qsort(h, nholes, sizeof(*h), size_cmp);
		ps->holes = h;
		ps->nholes = nholes;
	}
	doc = arena_zalloc(a, sizeof(*doc));
	if (setjmp(ps->jb) != 0)
		return -1;
	next(ps);
	if (ps->t == T_EOF)
		fail_at(
		    ps, ps->tpos, "empty document: no operation or fragment");
	while (ps->t != T_EOF) {
		struct gql_definition d;

		if (parse_definition(ps, &d, defs.n == 0))
			return 1;
		*(struct gql_definition *)vec_push(a, &defs, sizeof(d)) = d;
	}
	doc->defs = defs.v;
	doc->ndefs = defs.n;
	doc->nspreads = ps->nspreads;
	validate(ps, doc);
	*out = doc;
	return 0;
}

const char *
gql_def_kind_name(enum gqld_kind k)
{
	switch (k) {
	case GQLD_MUTATION:
		return "mutation";
	case GQLD_SUBSCRIPTION:
		return "subscription";
	case GQLD_FRAGMENT:
		return "fragment";
	default:
		return "query";
	}
}

const struct gql_name *
gql_type_core(const struct gql_typeref *t)
{
	unsigned guard = 0;

	while (t != NULL && t->list && guard++ < 100000)
		t = t->of;
	return t != NULL ? &t->name : NULL;
}
