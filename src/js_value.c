/*
 * js_value.c: JS/TS literal values over a token array (js_value.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/js_value.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

int
jv_ident_slow(const struct jv_toks *t, size_t i, const char *s)
{
	size_t l = strlen(s);

	return t->v[i].end - t->v[i].start == l &&
	    memcmp(t->text + t->v[i].start, s, l) == 0;
}

/* the punctuator character of token i, or 0 */
static inline char
punct_at(const struct jv_toks *t, size_t i)
{
	return i < t->n && t->v[i].kind == JT_PUNCT ? t->text[t->v[i].start]
						    : 0;
}

static inline int
is_open(const struct jv_toks *t, size_t i)
{
	char c = punct_at(t, i);

	return c == '(' || c == '[' || c == '{';
}

static inline int
is_close(const struct jv_toks *t, size_t i)
{
	char c = punct_at(t, i);

	return c == ')' || c == ']' || c == '}';
}

size_t
jv_match(const struct jv_toks *t, size_t i)
{
	size_t depth = 0, j;

	if (jv_punct(t, i, '<')) {
		/* TypeScript type arguments: nesting of <>, bounded */
		for (j = i; j < t->n && j < i + 256; j++) {
			if (jv_punct(t, j, '<'))
				depth++;
			else if (jv_punct(t, j, '>') &&
			    !jv_punct(t, j - 1, '=')) {
				if (--depth == 0)
					return j;
			} else if (jv_punct(t, j, ';'))
				break;
		}
		return t->n;
	}
	for (j = i; j < t->n; j++) {
		if (is_open(t, j))
			depth++;
		else if (is_close(t, j) && --depth == 0)
			return j;
	}
	return t->n;
}

/* the declarations `const|let|var NAME [: T] = value`: the scanner
   listed the identifiers that can be const, let or var (cands, in
   order), the only tokens that can start one */
static void
collect_decls(struct jv_toks *t, const uint32_t *cands, size_t ncands)
{
	size_t c, i, j;

	if (t->n < 4)
		return;
	for (c = 0; c < ncands; c++) {
		i = cands[c];
		if (i >= t->n - 3)
			break;
		if (t->v[i + 1].kind != JT_IDENT ||
		    !(jv_ident(t, i, "const") || jv_ident(t, i, "let") ||
			jv_ident(t, i, "var")))
			continue;
		j = i + 2;
		if (jv_punct(t, j, ':')) {
			size_t depth = 0, lim = j + 128;

			for (j++; j < t->n && j < lim; j++) {
				if (is_open(t, j) || jv_punct(t, j, '<'))
					depth++;
				else if ((is_close(t, j) ||
					     jv_punct(t, j, '>')) &&
				    depth > 0)
					depth--;
				else if (depth == 0 &&
				    (jv_punct(t, j, '=') ||
					jv_punct(t, j, ';')))
					break;
			}
		}
		if (!jv_punct(t, j, '=') || jv_punct(t, j + 1, '=') ||
		    jv_punct(t, j + 1, '>') || j + 1 >= t->n)
			continue;
		if (t->ndecls == t->adecls) {
			t->adecls = t->adecls ? t->adecls * 2 : 16;
			t->decls = xreallocarray(
			    t->decls, t->adecls, sizeof(*t->decls));
		}
		t->decls[t->ndecls].name = t->text + t->v[i + 1].start;
		t->decls[t->ndecls].len = t->v[i + 1].end - t->v[i + 1].start;
		t->decls[t->ndecls].tok = j + 1;
		t->ndecls++;
	}
}

void
jv_toks_init(struct jv_toks *t, const char *text, size_t len, uint32_t line0,
    uint32_t col0)
{
	struct js_scan s;

	memset(t, 0, sizeof(*t));
	/* token offsets are 32-bit: a longer text is read to 4 GiB */
	if (len > JS_SCAN_MAX_LEN)
		len = JS_SCAN_MAX_LEN;
	t->text = text;
	t->len = len;
	t->line0 = line0;
	t->col0 = col0;
	t->arena = arena_new();
	/* about one token per five bytes of code, up to one per three in
	   dense code: one allocation mostly (growing copies the array); the
	   scanner writes into it itself */
	t->a = len / 3 + 64;
	t->v = xreallocarray(NULL, t->a, sizeof(*t->v));
	js_scan_init(&s, text, len, line0, col0);
	for (;;) {
		size_t room, got;

		if (t->a - t->n < 16) {
			t->a *= 2;
			t->v = xreallocarray(t->v, t->a, sizeof(*t->v));
		}
		room = t->a - t->n;
		got = js_scan_fill(&s, t->v + t->n, room);
		t->n += got;
		if (got < room)
			break;
	}
	/* the holes and warnings are taken over from the scanner */
	t->holes = s.holes;
	t->nholes = s.nholes;
	t->aholes = s.aholes;
	t->warns = s.warns;
	t->nwarns = s.nwarns;
	t->lits = s.lits;
	t->nlits = s.nlits;
	t->calls = s.calls;
	t->ncalls = s.ncalls;
	s.holes = NULL;
	s.warns = NULL;
	s.lits = s.calls = NULL;
	collect_decls(t, s.cands, s.ncands);
	js_scan_release(&s);
}

void
jv_toks_release(struct jv_toks *t)
{
	free(t->v);
	free(t->holes);
	free(t->decls);
	free(t->warns);
	free(t->lits);
	free(t->calls);
	arena_free(&t->arena);
	memset(t, 0, sizeof(*t));
}

static inline struct jv *
new_jv(struct jv_toks *t, size_t i, enum jv_kind k)
{
	struct jv *v = arena_alloc(t->arena, sizeof(*v));
	uint32_t line, col;

	if (i < t->n) {
		line = t->v[i].line;
		col = t->v[i].col;
	} else {
		/* past the last token (an empty text): where the text ends
		   or starts, never line 0 */
		line = t->n ? t->v[t->n - 1].line : t->line0;
		col = t->n ? t->v[t->n - 1].col : t->col0;
		if (line == 0) {
			line = 1;
			col = 1;
		}
	}
	/* one store per field (the compiler inlines it, no memset call) */
	*v = (struct jv){ .kind = k, .line = line, .col = col, .tok = i };
	return v;
}

/*
 * One step of cooking at raw text p[0..e): the number of raw bytes it
 * takes; the cooked bytes go to out (up to 4) and their count to *no.
 * hole: the raw range starts a ${...} hole ending at hole_end.
 */
static size_t
cook_step(const char *p, const char *e, char *out, size_t *no)
{
	unsigned long cp;
	size_t k;

	if (p[0] != '\\' || p + 1 >= e) {
		out[0] = p[0];
		*no = 1;
		return 1;
	}
	*no = 1;
	switch (p[1]) {
	case 'n':
		out[0] = '\n';
		return 2;
	case 't':
		out[0] = '\t';
		return 2;
	case 'r':
		out[0] = '\r';
		return 2;
	case 'b':
		out[0] = '\b';
		return 2;
	case 'f':
		out[0] = '\f';
		return 2;
	case 'v':
		out[0] = '\v';
		return 2;
	case '0':
		out[0] = '\0';
		return 2;
	case '\r':
		*no = 0;
		return p + 2 < e && p[2] == '\n' ? 3 : 2;
	case '\n':
		*no = 0;
		return 2;
	case 'x':
		if (p + 3 < e && hex_digit(p[2]) >= 0 && hex_digit(p[3]) >= 0) {
			cp = (unsigned long)(hex_digit(p[2]) * 16 +
			    hex_digit(p[3]));
			k = 4;
			break;
		}
		out[0] = 'x';
		return 2;
	case 'u':
		cp = 0;
		if (p + 2 < e && p[2] == '{') {
			for (k = 3; p + k < e && hex_digit(p[k]) >= 0 && k < 10;
			     k++)
				cp = cp * 16 + (unsigned long)hex_digit(p[k]);
			if (p + k < e && p[k] == '}')
				k++;
		} else {
			for (k = 2; k < 6 && p + k < e && hex_digit(p[k]) >= 0;
			     k++)
				cp = cp * 16 + (unsigned long)hex_digit(p[k]);
		}
		break;
	default:
		out[0] = p[1];
		return 2;
	}
	*no = utf8_encode((uint32_t)cp, out);
	return k;
}

/* the raw content range of a string or template token */
static void
content(const struct jv_tok *k, size_t *cs, size_t *ce)
{
	*cs = k->start + 1;
	*ce = k->unterminated ? k->end : k->end - 1;
	if (*ce < *cs)
		*ce = *cs;
}

/* how many holes template token k has (0 for any other token) */
static size_t
tok_holes(const struct jv_toks *t, const struct jv_tok *k)
{
	size_t h0;

	return js_tok_holes(t->holes, t->nholes, k, &h0);
}

/* walks the content of token k, cooking; stops when `stop` cooked bytes
   were produced (or at the end); returns the raw offset reached */
static size_t
cook(const struct jv_toks *t, const struct jv_tok *k, char *dst, size_t *dlen,
    size_t stop)
{
	size_t cs, ce, p, h = 0, n = 0, no, step, h0 = 0, nh = 0;
	char tmp[4];

	content(k, &cs, &ce);
	if (k->kind == JT_TEMPLATE)
		nh = js_tok_holes(t->holes, t->nholes, k, &h0);
	p = cs;
	while (p < ce && n < stop) {
		size_t lim = h < nh ? t->holes[h0 + h].start : ce;
		const char *bs;

		if (h < nh && p == lim) {
			p = t->holes[h0 + h].end;
			h++;
			if (dst != NULL)
				dst[n] = JV_HOLE;
			n++;
			continue;
		}
		/* a run of plain bytes up to the next escape or hole */
		if (lim - p > stop - n)
			lim = p + (stop - n);
		bs = memchr(t->text + p, '\\', lim - p);
		if (bs == NULL || bs > t->text + p) {
			size_t run = (bs != NULL ? (size_t)(bs - t->text)
						 : lim) -
			    p;

			if (dst != NULL)
				memcpy(dst + n, t->text + p, run);
			n += run;
			p += run;
			continue;
		}
		step = cook_step(t->text + p, t->text + ce, tmp, &no);
		if (dst != NULL)
			memcpy(dst + n, tmp, no);
		n += no;
		p += step;
	}
	if (dlen != NULL)
		*dlen = n;
	return p;
}

/* d[0..n) is ASCII without CR or LF (eight bytes at a time first) */
static int
plain_line(const char *d, size_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	size_t j = 0;

	for (; n - j >= 8; j += 8) {
		uint64_t w, lf, cr;

		memcpy(&w, d + j, 8);
		lf = w ^ (ones * '\n');
		cr = w ^ (ones * '\r');
		if ((w | ((lf - ones) & ~lf) | ((cr - ones) & ~cr)) & highs)
			return 0;
	}
	for (; j < n; j++)
		if ((unsigned char)d[j] >= 0x80 || d[j] == '\n' || d[j] == '\r')
			return 0;
	return 1;
}

/* the value of string token k, which the scanner found plain (no
   escape, one line of ASCII): the text is the value, and a cooked offset
   a column offset */
static inline void
plain_into(struct jv_toks *t, const struct jv_tok *k, struct jv *v)
{
	size_t cs, ce;

	content(k, &cs, &ce);
	v->s = arena_strndup(t->arena, t->text + cs, ce - cs);
	v->n = ce - cs;
	v->flags |= JVF_PLAIN;
}

/* the cooked value of string or template token i into v; a template is
   JVF_TEMPLATE, and JVF_DYNAMIC with holes */
static void
cook_into(struct jv_toks *t, size_t i, struct jv *v)
{
	const struct jv_tok *k = &t->v[i];
	size_t cs, ce, n, nh = 0;
	char *d;

	if (k->plain) {
		plain_into(t, k, v);
		return;
	}
	if (k->kind == JT_TEMPLATE) {
		nh = tok_holes(t, k);
		v->flags |= JVF_TEMPLATE | (nh ? JVF_DYNAMIC : 0u);
	}
	content(k, &cs, &ce);
	/* cooking never grows: an escape of r raw bytes cooks to at most r */
	d = arena_alloc(t->arena, ce - cs + 1);
	if (ce - cs <= 64 && nh == 0) {
		/* a short string: copied byte by byte while it has no
		   escape, plain when also one line of ASCII */
		const unsigned char *r = (const unsigned char *)t->text + cs;
		unsigned char bad = 0;

		for (n = 0; n < ce - cs && r[n] != '\\'; n++) {
			d[n] = (char)r[n];
			bad |= (unsigned char)(r[n] |
			    (r[n] == '\n' ? 0x80 : 0) |
			    (r[n] == '\r' ? 0x80 : 0));
		}
		if (n == ce - cs) {
			d[n] = '\0';
			v->s = d;
			v->n = n;
			if (!(bad & 0x80))
				v->flags |= JVF_PLAIN;
			return;
		}
	}
	cook(t, k, d, &n, (size_t)-1);
	d[n] = '\0';
	v->s = d;
	v->n = n;
	if (n == ce - cs && plain_line(d, n)) {
		/* no escape, no hole, one line of ASCII: a cooked offset is
		   a column offset (jv_pos) */
		v->flags |= JVF_PLAIN;
	}
}

void
jv_pos(const struct jv_toks *t, const struct jv *v, size_t k, uint32_t *line,
    uint32_t *col)
{
	const struct jv_tok *tok;
	size_t raw;

	*line = v->line;
	*col = v->col;
	if ((v->flags & JVF_DETACHED) || v->tok >= t->n ||
	    (t->v[v->tok].kind != JT_STRING &&
		t->v[v->tok].kind != JT_TEMPLATE)) {
		/* a detached string's line:col is its quote (jv_new_string
		   is given the column before the text) */
		*col = v->col + (uint32_t)(k + (v->kind == JV_STRING));
		return;
	}
	tok = &t->v[v->tok];
	if (v->flags & JVF_PLAIN) {
		*line = tok->line;
		*col = tok->col + 1 + (uint32_t)k;
		return;
	}
	raw = cook(t, tok, NULL, NULL, k);
	js_pos_from(t->text, tok->start, tok->line, tok->col, raw, line, col);
}

static struct jv *parse(struct jv_toks *t, size_t *i, unsigned depth);

static int starts_statement(const struct jv_toks *t, size_t i);

/* , ; ) ] }: the punctuators that end a value */
static const unsigned char delim_tab[256] = {
	[','] = 1, [';'] = 1, [')'] = 1, [']'] = 1, ['}'] = 1
};

/* the end of a value: , ; a closing bracket, or a statement keyword at
   the start of a line (code without semicolons) */
static inline int
at_delim(const struct jv_toks *t, size_t i)
{
	if (i >= t->n)
		return 1;
	if (t->v[i].kind == JT_PUNCT)
		return delim_tab[(unsigned char)t->text[t->v[i].start]];
	return i > 0 && t->v[i].line > t->v[i - 1].line &&
	    starts_statement(t, i);
}

/* a token that can only start a statement: code without semicolons
   (ASI) ends an expression before it */
static int
starts_statement(const struct jv_toks *t, size_t i)
{
	static const char *const kw[] = { "const", "let", "var", "function",
		"export", "import", "class", "if", "for", "while", "return",
		"switch", "try", "throw", NULL };
	size_t k;

	if (t->v[i].kind != JT_IDENT)
		return 0;
	for (k = 0; kw[k] != NULL; k++)
		if (jv_ident(t, i, kw[k]))
			return 1;
	return 0;
}

/* token i is the `?` of a conditional (not ?. or ??) */
static int
cond_q(const struct jv_toks *t, size_t i)
{
	return jv_punct(t, i, '?') && !jv_punct(t, i + 1, '?') &&
	    !jv_punct(t, i + 1, '.') && !(i > 0 && jv_punct(t, i - 1, '?'));
}

#define SKIP_TYPES 1 /* <> nest too */
#define SKIP_COND 2  /* stop at the `?` of a conditional */

/* skips to the next delimiter at depth 0 (in the first branch of a
   conditional, its `:` too); how: SKIP_* */
static void
skip_to_delim(const struct jv_toks *t, size_t *i, int how)
{
	size_t depth = 0;
	size_t i0 = *i;
	int types = how & SKIP_TYPES;

	while (*i < t->n) {
		if (depth == 0 && *i > i0 &&
		    t->v[*i].line > t->v[*i - 1].line &&
		    starts_statement(t, *i))
			return;
		if (is_open(t, *i) || (types && jv_punct(t, *i, '<')))
			depth++;
		else if (is_close(t, *i) ||
		    (types && jv_punct(t, *i, '>') && depth > 0 &&
			!jv_punct(t, *i - 1, '='))) {
			if (depth == 0)
				return;
			depth--;
		} else if (depth == 0 &&
		    (jv_punct(t, *i, ',') || jv_punct(t, *i, ';') ||
			(t->cond > 0 && jv_punct(t, *i, ':')) ||
			((how & SKIP_COND) && cond_q(t, *i))))
			return;
		(*i)++;
	}
}

static const struct jv_decl *
find_decl(const struct jv_toks *t, const char *name, size_t len, size_t at)
{
	const struct jv_decl *best = NULL;
	size_t d;

	for (d = 0; d < t->ndecls; d++) {
		const struct jv_decl *x = &t->decls[d];

		if (x->len != len || memcmp(x->name, name, len) != 0)
			continue;
		if (x->tok <= at)
			best = x; /* the nearest one before the use */
		else if (best == NULL)
			return x; /* hoisted: used above its declaration */
	}
	return best;
}

/* a copy of the value an identifier is declared with, or NULL */
static struct jv *
resolve(
    struct jv_toks *t, const char *name, size_t len, size_t at, unsigned depth)
{
	const struct jv_decl *d = find_decl(t, name, len, at);
	struct jv *v;
	size_t j;

	if (d == NULL || t->resolving >= JV_MAX_RESOLVE || d->tok == at)
		return NULL;
	t->resolving++;
	j = d->tok;
	v = parse(t, &j, depth + 1);
	t->resolving--;
	return v;
}

static inline void
add_prop(struct jv_toks *t, struct jv *o, size_t *cap, const char *key,
    size_t klen, uint32_t line, uint32_t col, struct jv *val)
{
	struct jv_prop *p;

	if (o->nprops == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		struct jv_prop *np = arena_alloc(t->arena, nc * sizeof(*np));

		if (o->nprops)
			memcpy(np, o->props, o->nprops * sizeof(*np));
		o->props = np;
		*cap = nc;
	}
	p = &o->props[o->nprops++];
	p->key = key;
	p->klen = klen;
	p->line = line;
	p->col = col;
	p->val = val;
}

static inline void
add_item(struct jv_toks *t, struct jv *a, size_t *cap, struct jv *val)
{
	if (a->nitems == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		struct jv **ni = arena_alloc(t->arena, nc * sizeof(*ni));

		if (a->nitems)
			memcpy(ni, a->items, a->nitems * sizeof(*ni));
		a->items = ni;
		*cap = nc;
	}
	a->items[a->nitems++] = val;
}

static inline int
is_spread(const struct jv_toks *t, size_t i)
{
	return punct_at(t, i) == '.' && jv_punct(t, i + 1, '.') &&
	    jv_punct(t, i + 2, '.');
}

/*
 * The parsers below read the token array through locals (tv, text, n):
 * the arena's stores could alias t's fields, and the compiler would
 * reload them at every test.
 */

/* the punctuator character of token j of tv[0..n), or 0 */
static inline char
pch(const struct jv_tok *tv, const char *text, size_t n, size_t j)
{
	return j < n && tv[j].kind == JT_PUNCT ? text[tv[j].start] : 0;
}

/* a new value of token k (index j, j < n) */
static inline struct jv *
jv_of(struct jv_toks *t, const struct jv_tok *k, size_t j, enum jv_kind kind)
{
	struct jv *v = arena_alloc(t->arena, sizeof(*v));

	*v = (struct jv){
		.kind = kind, .line = k->line, .col = k->col, .tok = j
	};
	return v;
}

/* a string token the scanner found plain: cook_into()'s first case,
   inline */
static inline struct jv *
plain_string(struct jv_toks *t, const struct jv_tok *k, size_t j)
{
	struct jv *v = jv_of(t, k, j, JV_STRING);

	plain_into(t, k, v);
	return v;
}

/* token j of tv[0..n) ends a value for certain: past the end, or a
   , ; ) ] } punctuator (at_delim() without the line-start keyword) */
static inline int
punct_delim(const struct jv_tok *tv, const char *text, size_t n, size_t j)
{
	return j >= n ||
	    (tv[j].kind == JT_PUNCT &&
		delim_tab[(unsigned char)text[tv[j].start]]);
}

/* parse(t, &j, depth) when token j is a plain string that a delimiter
   follows (what parse() would return, without the call), else NULL */
static inline struct jv *
string_item(struct jv_toks *t, const struct jv_tok *tv, const char *text,
    size_t n, size_t *j, unsigned depth)
{
	const struct jv_tok *k = &tv[*j];

	if (k->kind != JT_STRING || !k->plain || depth > JV_MAX_DEPTH ||
	    !punct_delim(tv, text, n, *j + 1))
		return NULL;
	return plain_string(t, k, (*j)++);
}

static struct jv *
parse_object(struct jv_toks *t, size_t *i, unsigned depth)
{
	const struct jv_tok *tv = t->v;
	const char *text = t->text;
	size_t n = t->n, j = *i, cap = 0, last = (size_t)-1;
	struct jv *o = jv_of(t, &tv[j], j, JV_OBJECT);

	j++;
	while (j < n) {
		const struct jv_tok *k = &tv[j];
		char c = k->kind == JT_PUNCT ? text[k->start] : 0;
		const char *key = NULL;
		size_t klen = 0, ki = j;
		struct jv *val;

		if (c == '}')
			break;
		if (j == last) {
			/* the last round did not move: step over the token */
			j++;
			continue;
		}
		last = j;
		if (c == ',' || c == ';') {
			j++;
			continue;
		}
		if (c == ')' || c == ']')
			break; /* unbalanced */
		if (c == '.' && is_spread(t, j)) {
			struct jv *s;
			size_t p;

			j += 3;
			s = parse(t, &j, depth + 1);
			if (s->kind == JV_OBJECT) {
				for (p = 0; p < s->nprops; p++)
					add_prop(t, o, &cap, s->props[p].key,
					    s->props[p].klen, s->props[p].line,
					    s->props[p].col, s->props[p].val);
				o->flags |= s->flags & JVF_DYNAMIC;
			} else
				o->flags |= JVF_DYNAMIC;
			continue;
		}
		if (k->kind == JT_IDENT || k->kind == JT_NUM) {
			klen = k->end - k->start;
			key = arena_strndup(t->arena, text + k->start, klen);
			j++;
		} else if (k->kind == JT_STRING) {
			struct jv tmp;

			cook_into(t, j, &tmp);
			key = tmp.s;
			klen = tmp.n;
			j++;
		} else if (c == '[') {
			size_t m = jv_match(t, j);

			j = m < n ? m + 1 : n;
			o->flags |= JVF_DYNAMIC;
		} else {
			skip_to_delim(t, &j, 0);
			o->flags |= JVF_DYNAMIC;
			continue;
		}
		c = pch(tv, text, n, j);
		if (c == ':') {
			j++;
			if (j >= n ||
			    (val = string_item(
				 t, tv, text, n, &j, depth + 1)) == NULL)
				val = parse(t, &j, depth + 1);
		} else if (c == '(' || c == '<') {
			/* a method: key(...) { ... } */
			val = new_jv(t, j, JV_OTHER);
			skip_to_delim(t, &j, 0);
			if (jv_punct(t, j, ')'))
				j++;
			skip_to_delim(t, &j, 0);
		} else if (key != NULL && k->kind == JT_IDENT &&
		    at_delim(t, j)) {
			/* shorthand { title } */
			val = resolve(t, key, klen, ki, depth);
			if (val == NULL) {
				val = new_jv(t, ki, JV_IDENT);
				val->s = key;
				val->n = klen;
			}
		} else {
			/* get x() {}, async x() {}, ... */
			val = new_jv(t, j, JV_OTHER);
			skip_to_delim(t, &j, 0);
		}
		if (key != NULL)
			add_prop(t, o, &cap, key, klen, k->line, k->col, val);
		if (!at_delim(t, j))
			skip_to_delim(t, &j, 0);
	}
	if (pch(tv, text, n, j) == '}')
		j++;
	*i = j;
	return o;
}

static struct jv *
parse_array(struct jv_toks *t, size_t *i, unsigned depth)
{
	const struct jv_tok *tv = t->v;
	const char *text = t->text;
	size_t n = t->n, j = *i, cap = 0, last = (size_t)-1;
	struct jv *a = jv_of(t, &tv[j], j, JV_ARRAY);

	j++;
	while (j < n) {
		char c = pch(tv, text, n, j);
		struct jv *val;

		if (c == ']')
			break;
		if (j == last) {
			j++;
			continue;
		}
		last = j;
		if (c == ',' || c == ';') {
			j++;
			continue;
		}
		if (c == ')' || c == '}')
			break;
		if (c == '.' && is_spread(t, j)) {
			struct jv *s;
			size_t p;

			j += 3;
			s = parse(t, &j, depth + 1);
			if (s->kind == JV_ARRAY) {
				for (p = 0; p < s->nitems; p++)
					add_item(t, a, &cap, s->items[p]);
				a->flags |= s->flags & JVF_DYNAMIC;
			} else
				a->flags |= JVF_DYNAMIC;
			continue;
		}
		if ((val = string_item(t, tv, text, n, &j, depth + 1)) == NULL)
			val = parse(t, &j, depth + 1);
		if (val->kind == JV_ARRAY && (val->flags & JVF_EITHER)) {
			/* [c ? 'a' : 'b'] is ['a'] or ['b'] */
			add_item(t, a, &cap, val->items[0]);
			add_item(t, a, &cap, val->items[1]);
		} else
			add_item(t, a, &cap, val);
		if (!at_delim(t, j))
			skip_to_delim(t, &j, 0);
	}
	if (pch(tv, text, n, j) == ']')
		j++;
	*i = j;
	return a;
}

/* JSON.stringify( / encodeURIComponent( at i: the index of `(` or 0 */
static size_t
transparent_call(const struct jv_toks *t, size_t i)
{
	if (jv_ident(t, i, "JSON") && jv_punct(t, i + 1, '.') &&
	    jv_ident(t, i + 2, "stringify") && jv_punct(t, i + 3, '('))
		return i + 3;
	if ((jv_ident(t, i, "encodeURIComponent") ||
		jv_ident(t, i, "encodeURI")) &&
	    jv_punct(t, i + 1, '('))
		return i + 1;
	return 0;
}

/*
 * cond ? a : b reads as both branches: objects join their keys (each
 * keeps its place; jv_fold() merges a key both have), arrays join, two
 * strings make an array (fields and sort take one), null or undefined
 * gives way to the other; anything else is not a literal.
 */
static struct jv *
either(struct jv_toks *t, struct jv *a, struct jv *b)
{
	struct jv *v;
	size_t i, cap = 0;

	if (a->kind == JV_NULL)
		return b;
	if (b->kind == JV_NULL)
		return a;
	if (a->kind != b->kind)
		return new_jv(t, a->tok, JV_OTHER);
	switch (a->kind) {
	case JV_OBJECT:
		v = new_jv(t, a->tok, JV_OBJECT);
		v->flags = a->flags | b->flags | JVF_EITHER;
		for (i = 0; i < a->nprops; i++)
			add_prop(t, v, &cap, a->props[i].key, a->props[i].klen,
			    a->props[i].line, a->props[i].col, a->props[i].val);
		for (i = 0; i < b->nprops; i++)
			add_prop(t, v, &cap, b->props[i].key, b->props[i].klen,
			    b->props[i].line, b->props[i].col, b->props[i].val);
		return v;
	case JV_ARRAY:
		v = new_jv(t, a->tok, JV_ARRAY);
		v->flags = (a->flags | b->flags) & ~JVF_EITHER;
		for (i = 0; i < a->nitems; i++)
			add_item(t, v, &cap, a->items[i]);
		for (i = 0; i < b->nitems; i++)
			add_item(t, v, &cap, b->items[i]);
		return v;
	case JV_STRING:
		if (a->n == b->n && a->flags == b->flags &&
		    memcmp(a->s, b->s, a->n) == 0)
			return a;
		v = new_jv(t, a->tok, JV_ARRAY);
		v->flags = JVF_EITHER;
		add_item(t, v, &cap, a);
		add_item(t, v, &cap, b);
		return v;
	case JV_NUM:
	case JV_TRUE:
	case JV_FALSE:
		return a;
	default:
		return new_jv(t, a->tok, JV_OTHER);
	}
}

const struct jv *
jv_fold(struct jv_toks *t, const struct jv *o)
{
	struct jv *v;
	size_t i, k, cap = 0;

	if (o == NULL || o->kind != JV_OBJECT || !(o->flags & JVF_EITHER) ||
	    o->nprops > JV_FOLD_MAX)
		return o;
	v = new_jv(t, o->tok, JV_OBJECT);
	v->line = o->line;
	v->col = o->col;
	v->flags = o->flags & ~JVF_EITHER;
	for (i = 0; i < o->nprops; i++) {
		const struct jv_prop *p = &o->props[i];

		for (k = 0; k < v->nprops; k++)
			if (v->props[k].klen == p->klen &&
			    memcmp(v->props[k].key, p->key, p->klen) == 0)
				break;
		if (k < v->nprops)
			v->props[k].val = either(t, v->props[k].val, p->val);
		else
			add_prop(t, v, &cap, p->key, p->klen, p->line, p->col,
			    p->val);
	}
	return v;
}

/* cond ? a : b with token *i the `?`: either() of the branches; tok: the
   condition's first token */
static struct jv *
conditional(struct jv_toks *t, size_t *i, size_t tok, unsigned depth)
{
	struct jv *a, *b;

	(*i)++;
	t->cond++;
	a = parse(t, i, depth + 1);
	t->cond--;
	if (!jv_punct(t, *i, ':')) {
		skip_to_delim(t, i, 0);
		return new_jv(t, tok, JV_OTHER);
	}
	(*i)++;
	b = parse(t, i, depth + 1);
	return either(t, a, b);
}

static struct jv *
parse(struct jv_toks *t, size_t *i, unsigned depth)
{
	const struct jv_tok *tv = t->v, *k;
	const char *text = t->text;
	size_t n = t->n, j = *i, call;
	struct jv *v;
	char c;

	if (j >= n)
		return new_jv(t, j, JV_OTHER);
	if (depth > JV_MAX_DEPTH) {
		v = new_jv(t, j, JV_OTHER);
		skip_to_delim(t, i, 0);
		return v;
	}
	k = &tv[j];
	c = k->kind == JT_PUNCT ? text[k->start] : 0;
	if (k->kind == JT_STRING && k->plain) {
		v = plain_string(t, k, j);
		j++;
	} else if (k->kind == JT_STRING || k->kind == JT_TEMPLATE) {
		v = jv_of(t, k, j, JV_STRING);
		cook_into(t, j, v);
		j++;
	} else if (k->kind == JT_NUM) {
		v = jv_of(t, k, j, JV_NUM);
		v->s = text + k->start;
		v->n = k->end - k->start;
		j++;
	} else if (c == '-' && j + 1 < n && tv[j + 1].kind == JT_NUM) {
		v = jv_of(t, k, j, JV_NUM);
		v->s = text + k->start;
		v->n = tv[j + 1].end - k->start;
		j += 2;
	} else if (c == '{') {
		v = parse_object(t, &j, depth);
	} else if (c == '[') {
		v = parse_array(t, &j, depth);
	} else if (k->kind == JT_IDENT &&
	    (call = transparent_call(t, j)) != 0) {
		size_t close = jv_match(t, call);

		j = call + 1;
		v = parse(t, &j, depth + 1);
		j = close < n ? close + 1 : n;
	} else if (k->kind == JT_IDENT) {
		size_t at = j;

		if (jv_ident(t, at, "true"))
			v = jv_of(t, k, at, JV_TRUE);
		else if (jv_ident(t, at, "false"))
			v = jv_of(t, k, at, JV_FALSE);
		else if (jv_ident(t, at, "null") ||
		    jv_ident(t, at, "undefined"))
			v = jv_of(t, k, at, JV_NULL);
		else
			v = NULL;
		j++;
		if (v == NULL &&
		    (at_delim(t, j) || jv_ident(t, j, "as") ||
			jv_ident(t, j, "satisfies") || jv_punct(t, j, '!') ||
			(t->cond > 0 && jv_punct(t, j, ':')))) {
			v = resolve(
			    t, text + k->start, k->end - k->start, at, depth);
			if (v == NULL) {
				v = jv_of(t, k, at, JV_IDENT);
				v->s = arena_strndup(t->arena, text + k->start,
				    k->end - k->start);
				v->n = k->end - k->start;
			}
		} else if (v == NULL) {
			v = jv_of(t, k, at, JV_OTHER);
		}
	} else {
		v = jv_of(t, k, j, JV_OTHER);
	}
	*i = j;
	/* at a delimiter (the usual end): nothing follows the value */
	if (punct_delim(tv, text, n, j))
		return v;
	/* the non-null assertion x!, then TypeScript: as T, satisfies T */
	while (*i < t->n && !at_delim(t, *i)) {
		if (t->cond > 0 && jv_punct(t, *i, ':')) {
			break; /* the end of a conditional's first branch */
		} else if (jv_punct(t, *i, '!') && !jv_punct(t, *i + 1, '=')) {
			(*i)++;
		} else if (jv_ident(t, *i, "as") ||
		    jv_ident(t, *i, "satisfies")) {
			(*i)++;
			skip_to_delim(t, i, SKIP_TYPES);
		} else {
			/* an operator, a call, a member access: not a
			   literal, unless it is the condition of cond ? a :
			   b (whose branches are read) */
			size_t tok = v->tok;

			skip_to_delim(t, i, SKIP_COND);
			v = cond_q(t, *i) ? conditional(t, i, tok, depth)
					  : new_jv(t, tok, JV_OTHER);
		}
	}
	return v;
}

struct jv *
jv_string_at(struct jv_toks *t, size_t i)
{
	struct jv *v;

	if (i >= t->n ||
	    (t->v[i].kind != JT_STRING && t->v[i].kind != JT_TEMPLATE))
		return new_jv(t, i, JV_OTHER);
	v = new_jv(t, i, JV_STRING);
	cook_into(t, i, v);
	return v;
}

struct jv *
jv_parse(struct jv_toks *t, size_t *i)
{
	return parse(t, i, 0);
}

size_t
jv_args(
    struct jv_toks *t, size_t open, struct jv **args, size_t max, size_t *close)
{
	size_t i = open + 1, n = 0, k, last = (size_t)-1;

	for (k = 0; k < max; k++)
		args[k] = NULL;
	while (i < t->n && !jv_punct(t, i, ')')) {
		struct jv *v;

		if (is_close(t, i))
			break;
		if (i == last) {
			i++;
			continue;
		}
		last = i;
		v = parse(t, &i, 0);
		if (n < max)
			args[n] = v;
		n++;
		if (jv_punct(t, i, ','))
			i++;
		else if (!jv_punct(t, i, ')'))
			skip_to_delim(t, &i, 0);
		if (i < t->n &&
		    (jv_punct(t, i, ';') || jv_punct(t, i, ']') ||
			jv_punct(t, i, '}')))
			break;
	}
	*close = i;
	return n;
}

struct jv *
jv_getn(const struct jv *o, const char *k, size_t l)
{
	size_t i;

	if (o == NULL || o->kind != JV_OBJECT)
		return NULL;
	/* the last one wins, as in JavaScript */
	for (i = o->nprops; i-- > 0;) {
		const char *p = o->props[i].key;
		size_t j;

		/* keys are short: compared here, no memcmp call */
		if (o->props[i].klen != l)
			continue;
		for (j = 0; j < l && p[j] == k[j]; j++)
			;
		if (j == l)
			return o->props[i].val;
	}
	return NULL;
}

static void
detach(struct jv *v, unsigned depth)
{
	size_t i;

	if (v == NULL || depth > JV_MAX_DEPTH)
		return;
	v->flags |= JVF_DETACHED;
	for (i = 0; i < v->nprops; i++)
		detach(v->props[i].val, depth + 1);
	for (i = 0; i < v->nitems; i++)
		detach(v->items[i], depth + 1);
}

struct jv *
jv_parse_text(
    struct jv_toks *t, const char *s, size_t n, uint32_t line, uint32_t col)
{
	struct jv_toks sub;
	struct jv *r;
	size_t i = 0;

	jv_toks_init(&sub, s, n, line, col);
	/* the values live in t's arena */
	arena_free(&sub.arena);
	sub.arena = t->arena;
	r = parse(&sub, &i, 1);
	detach(r, 0);
	sub.arena = NULL;
	jv_toks_release(&sub);
	return r;
}

struct jv *
jv_hole_value(struct jv_toks *t, const struct jv *v, size_t n)
{
	const struct jv_tok *k;
	const struct js_hole *h;
	struct jv *r;
	uint32_t line, col;
	size_t h0;

	if (v == NULL || (v->flags & JVF_DETACHED) || v->tok >= t->n ||
	    n >= js_tok_holes(t->holes, t->nholes, &t->v[v->tok], &h0))
		return new_jv(t, t->n, JV_OTHER);
	k = &t->v[v->tok];
	h = &t->holes[h0 + n];
	if (h->end < h->start + 3)
		return new_jv(t, t->n, JV_OTHER);
	js_pos_from(
	    t->text, k->start, k->line, k->col, h->start + 2, &line, &col);
	r = jv_parse_text(
	    t, t->text + h->start + 2, h->end - h->start - 3, line, col);
	if (r->kind == JV_IDENT) {
		struct jv *d = resolve(t, r->s, r->n, v->tok, 1);

		if (d != NULL)
			r = d;
	}
	return r;
}

struct jv *
jv_new(struct jv_toks *t, enum jv_kind k, uint32_t line, uint32_t col)
{
	struct jv *v = new_jv(t, t->n, k);

	v->flags = JVF_DETACHED;
	v->line = line;
	v->col = col;
	return v;
}

struct jv *
jv_new_string(
    struct jv_toks *t, const char *s, size_t n, uint32_t line, uint32_t col)
{
	struct jv *v = jv_new(t, JV_STRING, line, col);

	v->s = arena_strndup(t->arena, s, n);
	v->n = n;
	return v;
}

void
jv_put(struct jv_toks *t, struct jv *o, const char *key, size_t klen,
    struct jv *val)
{
	size_t cap = o->nprops; /* grows on every put: fine for URLs */

	add_prop(t, o, &cap, arena_strndup(t->arena, key, klen), klen,
	    val->line, val->col, val);
}

void
jv_push(struct jv_toks *t, struct jv *a, struct jv *val)
{
	size_t cap = a->nitems;

	add_item(t, a, &cap, val);
}
