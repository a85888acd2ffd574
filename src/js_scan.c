/*
 * js_scan.c: the JS/TS token scanner (js_scan.h).
 */
#include "drift/compat.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* sixteen bytes at a time where SSE2 is there (every x86-64), else eight
   (SWAR: JS_SIMD undefined); -DDRIFT_NO_SIMD builds the portable code
   only (no SSE2, no __builtin_ctzll), to test it */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(DRIFT_NO_SIMD)
#define JS_SIMD 1
#include <emmintrin.h>
#endif

#include "drift/js_scan.h"
#include "drift/xalloc.h"

#define JS_MAX_WARNS 64

/* keywords after which an expression (a regex, a string) starts, by
   length: as await case default delete do else export extends from import
   in instanceof module new of return satisfies throw typeof void yield */
static const char *const expr_keywords[11] = { NULL, NULL, "asdoinof", "new",
	"caseelsefromvoid", "awaitthrowyield",
	"deleteexportimportmodulereturntypeof", "defaultextends", NULL,
	"satisfies", "instanceof" };

/* character classes: starts an identifier, continues one, white space */
#define CC_ID_START 1
#define CC_ID_CHAR 2
#define CC_SPACE 4
#define CC_ID_ASCII 16 /* an ASCII identifier character */
#define CC_RX 32       /* what a regex body stops at: LF CR \\ [ ] / */
#define CC_CALL \
	64 /* ( < .: after an identifier, a call or a member
                          access may follow (s->calls) */
#define CC_PUNCT \
	8 /* always a one-character punctuator token (outside
                      templates): not a quote, `, /, ., #, a digit, an
                      identifier character, white space or NUL */

/* the class of each byte, built at compile time */
#define CC1(c) (cclass_c(c) | rxclass_c(c) | callclass_c(c))
#define CC4(c) CC1(c), CC1(c + 1), CC1(c + 2), CC1(c + 3)
#define CC16(c) CC4(c), CC4(c + 4), CC4(c + 8), CC4(c + 12)
#define CC64(c) CC16(c), CC16(c + 16), CC16(c + 32), CC16(c + 48)
#define cclass_c(c) \
	((((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || \
	     (c) == '_' || (c) == '$' || (c) >= 0x80) \
		? (CC_ID_START | CC_ID_CHAR | ((c) < 0x80 ? CC_ID_ASCII : 0)) \
		: ((c) >= '0' && (c) <= '9') ? (CC_ID_CHAR | CC_ID_ASCII) \
		: ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || \
		      (c) == '\f' || (c) == '\v') \
		? CC_SPACE \
		: ((c) == '\'' || (c) == '"' || (c) == '`' || (c) == '/' || \
		      (c) == '.' || (c) == '#' || (c) == 0) \
		? 0 \
		: CC_PUNCT)
#define rxclass_c(c) \
	((c) == '\n' || (c) == '\r' || (c) == '\\' || (c) == '[' || \
		    (c) == ']' || (c) == '/' \
		? CC_RX \
		: 0)
#define callclass_c(c) ((c) == '(' || (c) == '<' || (c) == '.' ? CC_CALL : 0)
static const unsigned char cc_table[256] = { CC64(0), CC64(64), CC64(128),
	CC64(192) };

static int
is_id_start(unsigned char c)
{
	return cc_table[c] & CC_ID_START;
}

static int
is_id_char(unsigned char c)
{
	return cc_table[c] & CC_ID_CHAR;
}

/* bit k set: a keyword of that length starts with 'a' + k */
#define KB(ch) (1u << ((ch) - 'a'))
static const uint32_t expr_first[11] = { 0, 0,
	KB('a') | KB('d') | KB('i') | KB('o'), KB('n'),
	KB('c') | KB('e') | KB('f') | KB('v'), KB('a') | KB('t') | KB('y'),
	KB('d') | KB('e') | KB('i') | KB('m') | KB('r') | KB('t'),
	KB('d') | KB('e'), 0, KB('s'), KB('i') };

static inline int
is_expr_keyword(const char *s, size_t n)
{
	const char *k;
	unsigned c0 = (unsigned char)s[0] - 'a';

	/* most identifiers stop at the first test */
	if (n > 10 || c0 > 'y' - 'a' || !(expr_first[n] >> c0 & 1))
		return 0;
	for (k = expr_keywords[n]; *k != '\0'; k += n)
		if (k[0] == s[0] && memcmp(k, s, n) == 0)
			return 1;
	return 0;
}

#define ONES UINT64_C(0x0101010101010101)
#define LOWS UINT64_C(0x7F7F7F7F7F7F7F7F)
#define HIGHS UINT64_C(0x8080808080808080)

/* 0x80 in each byte of w that is zero, 0 in the others (exact) */
static inline uint64_t
zero_bytes(uint64_t w)
{
	return ~(((w & LOWS) + LOWS) | w | LOWS);
}

/* UTF-8 continuation bytes (10xxxxxx: no column of their own) in
   p[i..e) */
static size_t
conts(const unsigned char *p, size_t i, size_t e)
{
	size_t k = 0;

	for (; i < e; i++)
		k += (p[i] & 0xC0) == 0x80;
	return k;
}

#ifdef JS_SIMD
/* from byte 16 - r on, the last r bytes of a 16-byte block: tail_mask +
   r */
static const unsigned char tail_mask[32] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
#endif

/*
 * (*l, *c) moved over p[i..off): the line feeds are counted eight bytes
 * at a time, the column is that of the last line's bytes (minus their
 * continuation bytes, looked for only when a byte >= 0x80 was seen).
 */
static void
advance(
    const unsigned char *p, size_t i, size_t off, uint32_t *lp, uint32_t *cp)
{
	uint64_t hi = 0;
	size_t j = i, last = (size_t)-1, from;
	uint32_t l = *lp;

#ifdef JS_SIMD
	if (off - j >= 16) {
		const __m128i nl = _mm_set1_epi8('\n'),
			      zero = _mm_setzero_si128();
		__m128i acc = zero, hiv = zero;
		unsigned blocks = 0;

		unsigned m;

		for (; off - j >= 16; j += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(p + j));
			__m128i e = _mm_cmpeq_epi8(x, nl);

			hiv = _mm_or_si128(hiv, x);
			if ((m = (unsigned)_mm_movemask_epi8(e)) != 0) {
				/* the per-byte counts (0 - -1 each) are summed
				   before they can wrap */
				acc = _mm_sub_epi8(acc, e);
				last = j + 31 - (size_t)__builtin_clz(m);
				if (++blocks == 255) {
					acc = _mm_sad_epu8(acc, zero);
					l += (uint32_t)(_mm_cvtsi128_si32(acc) +
					    _mm_cvtsi128_si32(
						_mm_srli_si128(acc, 8)));
					acc = zero;
					blocks = 0;
				}
			}
		}
		if (j < off) {
			/* the last off - j < 16 bytes: the block ending at
			   off, its bytes before j masked off (they are
			   p[i..j), of the range: hiv takes them all); one
			   block more cannot wrap the counts */
			__m128i x = _mm_loadu_si128(
			    (const __m128i *)(p + off - 16));
			__m128i e = _mm_and_si128(_mm_cmpeq_epi8(x, nl),
			    _mm_loadu_si128(
				(const __m128i *)(tail_mask + (off - j))));

			hiv = _mm_or_si128(hiv, x);
			if ((m = (unsigned)_mm_movemask_epi8(e)) != 0) {
				acc = _mm_sub_epi8(acc, e);
				last = off - 16 + 31 - (size_t)__builtin_clz(m);
			}
			j = off;
		}
		acc = _mm_sad_epu8(acc, zero);
		l += (uint32_t)(_mm_cvtsi128_si32(acc) +
		    _mm_cvtsi128_si32(_mm_srli_si128(acc, 8)));
		if (_mm_movemask_epi8(hiv) != 0)
			hi = HIGHS;
	}
#endif
	for (; off - j >= 8; j += 8) {
		uint64_t w, lf;

		memcpy(&w, p + j, 8);
		hi |= w;
		lf = zero_bytes(w ^ (ONES * '\n'));
		if (lf != 0) {
			l += (uint32_t)(((lf >> 7) * ONES) >> 56);
			last = j + 7; /* the last LF is in p[j..j+8) */
		}
	}
	for (; j < off; j++) {
		hi |= p[j];
		if (p[j] == '\n') {
			l++;
			last = j;
		}
	}
	if (last == (size_t)-1) {
		*cp += (uint32_t)(off - i);
		from = i;
	} else {
		/* the last LF is in p[last - 15..last] (a block) or
		   p[last - 7..last] (a word) or at last */
		while (p[last] != '\n')
			last--;
		*cp = 1 + (uint32_t)(off - last - 1);
		from = last + 1;
	}
	if (hi & HIGHS)
		*cp -= (uint32_t)conts(p, from, off);
	*lp = l;
}

void
js_pos_from(const char *text, size_t from_off, uint32_t from_line,
    uint32_t from_col, size_t off, uint32_t *line, uint32_t *col)
{
	*line = from_line;
	*col = from_col;
	advance((const unsigned char *)text, from_off, off, line, col);
}

void
js_scan_init(struct js_scan *s, const char *text, size_t len, uint32_t line0,
    uint32_t col0)
{
	memset(s, 0, sizeof(*s));
	s->text = text;
	s->len = len;
	s->prev_kind = JT_EOF;
	s->line0 = s->lc_line = line0 ? line0 : 1;
	s->col0 = s->lc_col = col0 ? col0 : 1;
	if (len > JS_SCAN_MAX_LEN)
		len = JS_SCAN_MAX_LEN;
	while (len > 0 &&
	    (cc_table[(unsigned char)text[len - 1]] & (CC_SPACE | CC_ID_CHAR)))
		len--;
	s->fast_end = len;
}

void
js_scan_release(struct js_scan *s)
{
	free(s->holes);
	free(s->stack);
	free(s->warns);
	free(s->cands);
	free(s->lits);
	free(s->calls);
	s->holes = NULL;
	s->stack = NULL;
	s->warns = NULL;
	s->cands = s->lits = s->calls = NULL;
	s->nholes = s->aholes = s->nstack = s->astack = 0;
	s->nwarns = s->awarns = 0;
	s->ncands = s->acands = 0;
	s->nlits = s->alits = s->ncalls = s->acalls = 0;
}

/* position of off (>= the cursor) and the cursor moved there */
static void
lc_at(struct js_scan *s, size_t off, uint32_t *line, uint32_t *col)
{
	if (off < s->lc_off) {
		s->lc_off = 0;
		s->lc_line = s->line0;
		s->lc_col = s->col0;
	}
	advance((const unsigned char *)s->text, s->lc_off, off, &s->lc_line,
	    &s->lc_col);
	s->lc_off = off;
	*line = s->lc_line;
	*col = s->lc_col;
}

static void
warn(struct js_scan *s, size_t off, const char *what)
{
	struct js_warn *w;
	uint32_t l, c;

	if (s->nwarns >= JS_MAX_WARNS)
		return;
	/* from the cursor when it is not past off (it never moves back) */
	if (off >= s->lc_off)
		js_pos_from(
		    s->text, s->lc_off, s->lc_line, s->lc_col, off, &l, &c);
	else
		js_pos_from(s->text, 0, s->line0, s->col0, off, &l, &c);
	if (s->nwarns == s->awarns) {
		s->awarns = s->awarns ? 2 * s->awarns : 4;
		s->warns = xreallocarray(
		    s->warns, s->awarns, sizeof(*s->warns));
	}
	w = &s->warns[s->nwarns++];
	w->line = l;
	w->col = c;
	w->what = what;
}

static void
grow_stack(struct js_scan *s)
{
	s->astack = s->astack ? 2 * s->astack : 16;
	s->stack = xreallocarray(s->stack, s->astack, sizeof(*s->stack));
}

static inline void
push(struct js_scan *s, uint32_t v)
{
	if (s->nstack == s->astack)
		grow_stack(s);
	s->stack[s->nstack++] = v;
}

/* an identifier length of 3 or 5: (3 - 3) and (5 - 3) have no bit but
   bit 1, every other length (wrapping below 3) has another */
#define CAND_LEN(l) ((((l)-3) & ~(size_t)2) == 0)

/* the identifier p[0..l) can be const, let or var (first byte and
   length; js_value.c's collect_decls() checks the rest) */
static inline int
is_cand(const unsigned char *p, size_t l)
{
	return CAND_LEN(l) &&
	    (l == 5 ? p[0] == 'c' : p[0] == 'l' || p[0] == 'v');
}

/* the identifier p[0..l) is `as`: the one before it may be a command in
   a cast, (readItems as any)('pages', ...) */
static inline int
is_as(const unsigned char *p, size_t l)
{
	return l == 2 && p[0] == 'a' && p[1] == 's';
}

/* token index k appended to the list *v (*n of them, room *a) */
static void
add_index(uint32_t **v, size_t *n, size_t *a, size_t k)
{
	if (*n == *a) {
		*a = *a ? 2 * *a : 64;
		*v = xreallocarray(*v, *a, sizeof(**v));
	}
	(*v)[(*n)++] = (uint32_t)k;
}

/* add_index() with the common case inline: the lists s->cands (the
   identifiers that can be const, let or var), s->lits and s->calls */
static inline void
put_index(uint32_t **v, size_t *n, size_t *a, size_t k)
{
	if (*n < *a)
		(*v)[(*n)++] = (uint32_t)k;
	else
		add_index(v, n, a, k);
}
#define put_cand(s, k) put_index(&(s)->cands, &(s)->ncands, &(s)->acands, k)
#define put_lit(s, k) put_index(&(s)->lits, &(s)->nlits, &(s)->alits, k)
#define put_call(s, k) put_index(&(s)->calls, &(s)->ncalls, &(s)->acalls, k)

static void
add_hole(struct js_scan *s, size_t start)
{
	if (s->nholes == s->aholes) {
		s->aholes = s->aholes ? 2 * s->aholes : 8;
		s->holes = xreallocarray(
		    s->holes, s->aholes, sizeof(*s->holes));
	}
	s->holes[s->nholes].start = start;
	s->holes[s->nholes].end = s->len;
	s->nholes++;
}

/* can the previous token (kind, its punctuator, its text [ps, pe)) end an
   expression (so `/` divides)? */
static inline int
ends_expr(const char *p, int kind, char punct, size_t ps, size_t pe)
{
	switch (kind) {
	case JT_IDENT:
		/* not a keyword after which an expression starts */
		return !is_expr_keyword(p + ps, pe - ps);
	case JT_NUM:
	case JT_STRING:
	case JT_TEMPLATE:
	case JT_REGEX:
		return 1;
	case JT_PUNCT:
		return punct == ')' || punct == ']';
	default:
		return 0;
	}
}

static int
prev_ends_expr(const struct js_scan *s)
{
	return ends_expr(
	    s->text, s->prev_kind, s->prev_punct, s->prev_start, s->prev_end);
}

static int
magic_comment(const char *p, size_t n)
{
	while (n &&
	    (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		*p == '*')) {
		p++;
		n--;
	}
	while (n &&
	    (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' ||
		p[n - 1] == '\r' || p[n - 1] == '*'))
		n--;
	return n == 7 && strncasecmp(p, "graphql", 7) == 0;
}

/* nonzero when a byte of w is a, b or c (the lowest flagged byte is the
   first such byte) */
static inline uint64_t
has_byte3(uint64_t w, unsigned char a, unsigned char b, unsigned char c)
{
	uint64_t x = w ^ (ONES * a), y = w ^ (ONES * b), z = w ^ (ONES * c);

	return (((x - ONES) & ~x) | ((y - ONES) & ~y) | ((z - ONES) & ~z)) &
	    HIGHS;
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && !defined(DRIFT_NO_SIMD)
/* the offset in its word of the first byte flagged (0x80) in m != 0 */
#define FIRST_FLAGGED(m) ((size_t)__builtin_ctzll(m) >> 3)
#endif

/* the first i >= from where t[i] is a, b or c (eight bytes at a time
   first), or len */
static inline size_t
find_byte3(const char *t, size_t len, size_t i, unsigned char a,
    unsigned char b, unsigned char c)
{
#ifdef JS_SIMD
	if (len - i >= 16) {
		const __m128i va = _mm_set1_epi8((char)a),
			      vb = _mm_set1_epi8((char)b),
			      vc = _mm_set1_epi8((char)c);

		for (; len - i >= 16; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(t + i));
			unsigned m = (unsigned)_mm_movemask_epi8(
			    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va),
					     _mm_cmpeq_epi8(x, vb)),
				_mm_cmpeq_epi8(x, vc)));

			if (m != 0)
				return i + (size_t)__builtin_ctz(m);
		}
	}
#endif
	while (len - i >= 8) {
		uint64_t w, m;

		memcpy(&w, t + i, 8);
		m = has_byte3(w, a, b, c);
		if (m != 0) {
#ifdef FIRST_FLAGGED
			return i + FIRST_FLAGGED(m);
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < len && (unsigned char)t[i] != a &&
	    (unsigned char)t[i] != b && (unsigned char)t[i] != c)
		i++;
	return i;
}

/* skip_string() results */
#define SS_BAD 1   /* ran to a LF or EOF */
#define SS_PLAIN 2 /* no backslash, CR or byte >= 0x80 after the quote */

#if defined(__GNUC__) || defined(__clang__)
static size_t skip_string_rest(const unsigned char *u, size_t len, size_t i,
    unsigned char q, int plain, int *st) __attribute__((noinline));
#endif

/* skip_string() from i, q its quote (plain: SS_PLAIN while nothing made
   the string not plain so far), eight bytes at a time; out of line: the
   sixteen-byte loop then saves no register */
static size_t
skip_string_rest(const unsigned char *u, size_t len, size_t i, unsigned char q,
    int plain, int *st)
{
	while (i < len) {
		unsigned char c;

		while (len - i >= 8) {
			uint64_t w, m, r;

			memcpy(&w, u + i, 8);
			r = w ^ (ONES * '\r');
			m = has_byte3(w, q, '\\', '\n') |
			    (((r - ONES) & ~r) & HIGHS) | (w & HIGHS);
			if (m != 0) {
#ifdef FIRST_FLAGGED
				/* the lowest flag is exact: the bytes below
				   it are none of those */
				i += FIRST_FLAGGED(m);
#endif
				break;
			}
			i += 8;
		}
		if (i >= len)
			break;
		c = u[i];
		if (c == q) {
			*st = plain;
			return i + 1;
		}
		if (c == '\n') {
			*st = SS_BAD | plain;
			return i;
		}
		if (c == '\\') {
			plain = 0;
			if (i + 2 < len && u[i + 1] == '\r' && u[i + 2] == '\n')
				i += 3;
			else
				i += 2;
			continue;
		}
		if (c == '\r' || c >= 0x80)
			plain = 0;
		i++;
	}
	*st = SS_BAD | plain;
	return len;
}

/*
 * Skips a '...' or "..." string at pos; returns its end and SS_ flags in
 * *st.  Sixteen bytes at a time (SSE2), then eight, to the next quote q,
 * backslash, LF, CR or byte >= 0x80 (the last two are taken like any
 * byte, they only make the string not plain).
 */
static size_t
skip_string(const char *t, size_t len, size_t pos, int *st)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned char q = u[pos];
	size_t i = pos + 1;
	int plain = SS_PLAIN;

#ifdef JS_SIMD
	{
		const __m128i vq = _mm_set1_epi8((char)q),
			      vbs = _mm_set1_epi8('\\'),
			      vlf = _mm_set1_epi8('\n'),
			      vcr = _mm_set1_epi8('\r');

		/* i can be len + 1 after a backslash at the end */
		while (i + 16 <= len) {
			__m128i x = _mm_loadu_si128((const __m128i *)(u + i));
			/* x itself: the bytes >= 0x80 */
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(
				_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, vbs)),
			    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vlf),
					     _mm_cmpeq_epi8(x, vcr)),
				x)));
			unsigned char c;

			if (m == 0) {
				i += 16;
				continue;
			}
			i += (size_t)__builtin_ctz(m);
			c = u[i];
			if (c == q) {
				*st = plain;
				return i + 1;
			}
			if (c == '\n') {
				*st = SS_BAD | plain;
				return i;
			}
			plain = 0;
			if (c == '\\' && i + 2 < len && u[i + 1] == '\r' &&
			    u[i + 2] == '\n')
				i += 3;
			else
				i += c == '\\' ? 2 : 1;
		}
	}
#endif
	return skip_string_rest(u, len, i, q, plain, st);
}

/* a regex at pos; its end, or 0 when a line end comes first; the bytes
   it passes are or-ed into *hi, and 0x100 when an escaped LF is one */
static size_t
skip_regex(const char *t, size_t len, size_t pos, unsigned *hi)
{
	size_t i = pos + 1;
	int cls = 0;
	unsigned h = 0;

	while (i < len) {
		char c = t[i];

		h |= (unsigned char)c;
		if (!(cc_table[(unsigned char)c] & CC_RX)) {
			/* most bytes: none of those below */
			i++;
			continue;
		}
		if (c == '\n' || c == '\r')
			return 0;
		if (c == '\\') {
			if (i + 1 < len)
				h |= t[i + 1] == '\n' ? 0x100u
						      : (unsigned char)t[i + 1];
			i += 2;
			continue;
		}
		if (c == '[')
			cls = 1;
		else if (c == ']')
			cls = 0;
		else if (c == '/' && !cls) {
			i++;
			while (i < len && is_id_char((unsigned char)t[i])) {
				h |= (unsigned char)t[i];
				i++;
			}
			*hi = h;
			return i;
		}
		i++;
	}
	return 0;
}

static void
set_prev(struct js_scan *s, int kind, char punct, size_t ps, size_t pe)
{
	s->prev_kind = kind;
	s->prev_punct = punct;
	s->prev_start = ps;
	s->prev_end = pe;
}

/* the "*" of the first "*" "/" at or after i, or NULL */
static const char *
comment_end(const char *p, size_t len, size_t i)
{
	while (i + 1 < len) {
		const char *e = memchr(p + i, '*', len - 1 - i);

		if (e == NULL)
			return NULL;
		if (e[1] == '/')
			return e;
		i = (size_t)(e - p) + 1;
	}
	return NULL;
}

#if defined(__GNUC__) || defined(__clang__)
/* out of line: the fast path then saves few registers */
static int
scan_slow(struct js_scan *s, struct jv_tok *t) __attribute__((noinline));
#endif

static void
put_tok(struct jv_tok *t, int kind, size_t start, size_t end)
{
	t->kind = (uint8_t)kind;
	t->start = (uint32_t)start;
	t->end = (uint32_t)end;
}

/* one token for everything the fast path does not take */
static int
scan_slow(struct js_scan *s, struct jv_tok *t)
{
	const char *p = s->text;
	size_t len = s->len;
	size_t tstart = 0;
	uint32_t tline = 0, tcol = 0;
	int tmagic = 0;

	memset(t, 0, sizeof(*t));
	/* a template interrupted by a previous call cannot happen: templates
	   are scanned to their end within one call */
	for (;;) {
		size_t pos = s->pos, start;
		unsigned char c;
		int kind;
		int bad;
		unsigned rxhi;

		if (pos >= len) {
			if (s->nstack > 0) {
				warn(
				    s, tstart, "unterminated template literal");
				s->nstack = 0;
				put_tok(t, JT_TEMPLATE, tstart, len);
				t->line = tline;
				t->col = tcol;
				t->gql_magic = (uint8_t)tmagic;
				t->unterminated = 1;
				set_prev(s, JT_TEMPLATE, 0, 0, 0);
				return 1;
			}
			put_tok(t, JT_EOF, len, len);
			lc_at(s, len, &t->line, &t->col);
			return 0;
		}
		if (s->nstack > 0 && s->stack[s->nstack - 1] == 0) {
			/* inside a template's text */
			size_t i = pos;

			while (i < len) {
				char ch;

				i = find_byte3(p, len, i, '\\', '`', '$');
				if (i >= len)
					break;
				ch = p[i];
				if (ch == '\\') {
					i += 2;
					continue;
				}
				if (ch == '`' ||
				    (ch == '$' && i + 1 < len &&
					p[i + 1] == '{'))
					break;
				i++;
			}
			if (i >= len) {
				s->pos = len;
				continue;
			}
			if (p[i] == '`') {
				s->nstack--;
				s->pos = i + 1;
				if (s->nstack == 0) {
					put_tok(t, JT_TEMPLATE, tstart, i + 1);
					t->line = tline;
					t->col = tcol;
					t->gql_magic = (uint8_t)tmagic;
					set_prev(s, JT_TEMPLATE, 0, 0, 0);
					return 1;
				}
				set_prev(s, JT_TEMPLATE, 0, 0, 0);
				continue;
			}
			/* "${" */
			if (s->nstack == 1)
				add_hole(s, i);
			push(s, 1);
			s->pos = i + 2;
			set_prev(s, JT_PUNCT, '{', 0, 0);
			continue;
		}
		c = (unsigned char)p[pos];
		if (cc_table[c] & CC_SPACE) {
			pos++;
			while (pos < len &&
			    (cc_table[(unsigned char)p[pos]] & CC_SPACE))
				pos++;
			s->pos = pos;
			continue;
		}
		if (c == '/' && pos + 1 < len && p[pos + 1] == '/') {
			const char *e = memchr(p + pos, '\n', len - pos);

			s->pos = e ? (size_t)(e - p) : len;
			continue;
		}
		if (c == '/' && pos + 1 < len && p[pos + 1] == '*') {
			const char *e = comment_end(p, len, pos + 2);

			if (e == NULL) {
				warn(s, pos, "unterminated comment");
				s->pos = len;
				continue;
			}
			if (s->nstack == 0)
				s->magic = magic_comment(
				    p + pos + 2, (size_t)(e - (p + pos + 2)));
			s->pos = (size_t)(e - p) + 2;
			continue;
		}
		start = pos;
		if (c == '`') {
			if (s->nstack == 0) {
				tstart = pos;
				lc_at(s, pos, &tline, &tcol);
				tmagic = s->magic;
				s->magic = 0;
			}
			push(s, 0);
			s->pos = pos + 1;
			continue;
		}
		if ((c == '\'' || c == '"') && !prev_ends_expr(s)) {
			s->pos = skip_string(p, len, pos, &bad);
			if (bad & SS_BAD) {
				warn(s, pos, "unterminated string literal");
				t->unterminated = 1;
			}
			/* (a string in a hole is no token) */
			if (s->nstack == 0)
				t->plain = (uint8_t)((bad & SS_PLAIN) != 0);
			kind = JT_STRING;
		} else if (c == '/' && !prev_ends_expr(s) &&
		    !(s->prev_kind == JT_PUNCT && s->prev_punct == '<' &&
			pos + 1 < len &&
			(is_id_start((unsigned char)p[pos + 1]) ||
			    p[pos + 1] == '>')) &&
		    (s->pos = skip_regex(p, len, pos, &rxhi)) != 0) {
			kind = JT_REGEX;
		} else if ((c >= '0' && c <= '9') ||
		    (c == '.' && pos + 1 < len && p[pos + 1] >= '0' &&
			p[pos + 1] <= '9')) {
			size_t i = pos + 1;

			while (i < len) {
				unsigned char d = (unsigned char)p[i];

				if (is_id_char(d) || d == '.')
					i++;
				else if ((d == '+' || d == '-') &&
				    (p[i - 1] == 'e' || p[i - 1] == 'E') &&
				    !(pos + 1 < len &&
					(p[pos + 1] == 'x' ||
					    p[pos + 1] == 'X')))
					i++;
				else
					break;
			}
			s->pos = i;
			kind = JT_NUM;
		} else if (is_id_start(c) || c == '#') {
			size_t i = pos + 1;

			while (i < len && is_id_char((unsigned char)p[i]))
				i++;
			s->pos = i;
			kind = JT_IDENT;
		} else {
			s->pos = pos + 1;
			kind = JT_PUNCT;
			if (s->nstack > 0) {
				uint32_t *top = &s->stack[s->nstack - 1];

				if (c == '{') {
					(*top)++;
				} else if (c == '}') {
					if (--*top == 0) {
						s->nstack--;
						if (s->nstack == 1)
							s->holes[s->nholes - 1]
							    .end = pos + 1;
						continue;
					}
				}
			}
		}
		set_prev(
		    s, kind, kind == JT_PUNCT ? (char)c : 0, start, s->pos);
		if (s->nstack > 0)
			continue;
		put_tok(t, kind, start, s->pos);
		t->gql_magic = (uint8_t)s->magic;
		s->magic = 0;
		lc_at(s, start, &t->line, &t->col);
		return 1;
	}
}

/* how deep skip_template() nests templates and holes */
#define TPL_NEST 16

/*
 * The template whose backtick is at pos, holes and nested templates
 * included, when its holes hold no quote and no slash (a string, a
 * comment, a regex or a division: what needs the previous token) and
 * nest less than TPL_NEST deep: its end, its top-level holes appended to
 * s->holes as scan_slow() appends them.  Otherwise 0, s->holes as they
 * were, for scan_slow() (also an unterminated template, a warning).
 * Inside a hole, no byte but { } ` ' " / can start a token that another
 * byte would continue (identifiers, numbers, white space and the other
 * punctuators hold none of them), so the others are passed one by one.
 */
static size_t
skip_template(struct js_scan *s, const unsigned char *u, size_t len, size_t pos)
{
	/* st[k]: 0 a template's text, > 0 the brace depth of a hole */
	uint32_t st[TPL_NEST];
	size_t n = 1, i = pos + 1, nholes0 = s->nholes;

	st[0] = 0;
	while (i < len) {
		unsigned char c;

		if (st[n - 1] == 0) {
			i = find_byte3((const char *)u, len, i, '\\', '`', '$');
			if (i >= len)
				break;
			c = u[i];
			if (c == '\\') {
				if (len - i < 2)
					break;
				i += 2;
			} else if (c == '`') {
				i++;
				if (--n == 0)
					return i;
			} else if (i + 1 < len && u[i + 1] == '{') {
				/* "${" */
				if (n == TPL_NEST)
					break;
				if (n == 1)
					add_hole(s, i);
				st[n++] = 1;
				i += 2;
			} else {
				i++;
			}
			continue;
		}
		c = u[i];
		if (c == '{') {
			st[n - 1]++;
		} else if (c == '}') {
			if (--st[n - 1] == 0 && --n == 1)
				s->holes[s->nholes - 1].end = i + 1;
		} else if (c == '`') {
			if (n == TPL_NEST)
				break;
			st[n++] = 0;
		} else if (c == '\'' || c == '"' || c == '/') {
			break;
		}
		i++;
	}
	s->nholes = nholes0;
	return 0;
}

/* can the token tk end an expression (js_scan_fill's fast path: the
   previous token is the last one written) */
static inline int
tok_ends_expr(const char *p, const struct jv_tok *tk)
{
	return ends_expr(p, tk->kind, p[tk->start], tk->start, tk->end);
}

/* the kind and flags bytes of t in one store */
static inline void
put_kind(struct jv_tok *t, int kind, int unterminated, int plain)
{
	unsigned char b[4];

	b[0] = (unsigned char)kind;
	b[1] = 0; /* gql_magic: the fast path runs without a magic comment */
	b[2] = (unsigned char)unterminated;
	b[3] = (unsigned char)plain;
	memcpy(&t->kind, b, sizeof(b));
}

/* kind, gql_magic, unterminated, plain: four bytes in a row */
_Static_assert(
    offsetof(struct jv_tok, gql_magic) == offsetof(struct jv_tok, kind) + 1 &&
	offsetof(struct jv_tok, unterminated) ==
	    offsetof(struct jv_tok, kind) + 2 &&
	offsetof(struct jv_tok, plain) == offsetof(struct jv_tok, kind) + 3,
    "jv_tok flags");

/*
 * scan_fast()'s line:column cursor in one word: the line in the low half,
 * the column minus the offset (mod 2^32) in the high one, so that the
 * pair of offset pos is lc + (pos << 32) (no byte of a line feed: the
 * column of the byte after a LF at pos is 1)
 */
#define LC_MAKE(line, col, pos) \
	((uint64_t)(uint32_t)(line) | \
	    (uint64_t)(uint32_t)((uint32_t)(col) - (uint32_t)(pos)) << 32)
#define LC_LINE(lc) ((uint32_t)(lc))
#define LC_COL(lc, pos) ((uint32_t)((lc) >> 32) + (uint32_t)(pos))
/* lc moved from offset a over u[a..b) */
#define LC_ADVANCE(lc, u, a, b) \
	do { \
		line = LC_LINE(lc); \
		col = LC_COL(lc, a); \
		advance(u, a, b, &line, &col); \
		lc = LC_MAKE(line, col, b); \
	} while (0)

/* line and col are next to each other: stored as one word where the
   bytes are in that order */
_Static_assert(offsetof(struct jv_tok, col) ==
	offsetof(struct jv_tok, line) + sizeof(uint32_t),
    "jv_tok line, col");

/* t's line and column, at offset pos of cursor lc */
static inline void
put_lc(struct jv_tok *t, uint64_t lc, size_t pos)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w = lc + ((uint64_t)pos << 32);

	memcpy(&t->line, &w, sizeof(w));
#else
	t->line = LC_LINE(lc);
	t->col = LC_COL(lc, pos);
#endif
}

/*
 * The common tokens outside any template into v[n..max), with one test
 * each: an identifier, a one-character punctuator, a number, a division,
 * a regex, a string or a template (skip_template()); comments are
 * skipped (scan_slow() takes everything else, the same way: a magic
 * comment, a comment to the end of the text, a template skip_template()
 * leaves, and the tokens after s->fast_end).  The column is kept
 * as pos plus lc's high half (set again at each LF, lowered over the
 * continuation bytes of what is skipped), so that ASCII costs nothing;
 * line and column are one store (put_lc); the previous token is
 * t[-1] once one is written here.  Returns the new n.
 */
static size_t
scan_fast(struct js_scan *s, struct jv_tok *v, size_t n, size_t max)
{
	const char *p = s->text;
	const unsigned char *u = (const unsigned char *)p;
	struct jv_tok *t = v + n, *const t0 = t, *const tend = v + max;
	size_t len = s->len, end = s->fast_end, pos = s->pos;
	uint64_t lc;
	uint32_t line, col;

	if (s->lc_off != pos)
		advance(u, s->lc_off, pos, &s->lc_line, &s->lc_col);
	lc = LC_MAKE(s->lc_line, s->lc_col, pos);
	/* below end, the white space and identifier loops stop at end - 1
	   at the latest */
	while (pos < end && t < tend) {
		/* every token takes a byte at least: below lim there is
		   room for the next one */
		size_t room = (size_t)(tend - t);
		size_t lim = end - pos > room ? pos + room : end;

		while (pos < lim) {
			unsigned char c = u[pos], cls = cc_table[c];

			if (cls & CC_SPACE) {
				do {
					if (c == '\n')
						lc = LC_MAKE(
						    LC_LINE(lc) + 1, 0, pos);
					c = u[++pos];
					cls = cc_table[c];
				} while (cls & CC_SPACE);
			}
			t->start = (uint32_t)pos;
			put_lc(t, lc, pos);
			if (cls & CC_ID_START) {
				size_t i = pos + 1;

				/* ASCII first (no LF in an identifier; the
				   bytes are short: sixteen at a time costs
				   more) */
				while (cc_table[u[i]] & CC_ID_ASCII)
					i++;

				if ((c | u[i]) >= 0x80) {
					while (cc_table[u[i]] & CC_ID_CHAR)
						i++;
					lc -= (uint64_t)conts(u, pos, i) << 32;
				}
				put_kind(t, JT_IDENT, 0, 0);
				t->end = (uint32_t)i;
				if (is_cand(u + pos, i - pos))
					put_cand(s, s->ntok + (size_t)(t - v));
				else if (is_as(u + pos, i - pos) &&
				    (t > v ? t[-1].kind : s->last_kind) ==
					JT_IDENT)
					put_call(
					    s, s->ntok + (size_t)(t - v) - 1);
				pos = i;
			} else if ((cls & CC_PUNCT) ||
			    (c == '.' &&
				!(pos + 1 < len && u[pos + 1] >= '0' &&
				    u[pos + 1] <= '9'))) {
				/* "." not before a digit: member access */
				put_kind(t, JT_PUNCT, 0, 0);
				t->end = (uint32_t)++pos;
				if ((cls & CC_CALL) &&
				    (t > v ? t[-1].kind : s->last_kind) ==
					JT_IDENT)
					put_call(
					    s, s->ntok + (size_t)(t - v) - 1);
			} else if (c >= '0' && c <= '9') {
				/* a number: digits, letters (hex, exponent,
				   suffix), dots, a sign after an exponent (not
				   in hex) */
				size_t i = pos + 1;
				int hex = i < len &&
				    (u[i] == 'x' || u[i] == 'X');
				unsigned hi = 0;

				while (i < len) {
					unsigned char d = u[i];

					if ((cc_table[d] & CC_ID_CHAR) ||
					    d == '.' ||
					    ((d == '+' || d == '-') &&
						(u[i - 1] == 'e' ||
						    u[i - 1] == 'E') &&
						!hex)) {
						hi |= d;
						i++;
					} else
						break;
				}
				put_kind(t, JT_NUM, 0, 0);
				t->end = (uint32_t)i;
				if (hi & 0x80)
					lc -= (uint64_t)conts(u, pos, i) << 32;
				pos = i;
			} else if (c == '/') {
				unsigned char d = pos + 1 < len ? u[pos + 1]
								: 0;
				size_t e;
				unsigned hi;

				if (d == '/') {
					/* a line comment: skipped with its LF
					   (the column starts again there,
					   whatever the comment holds) */
					const unsigned char *nl = memchr(
					    u + pos + 2, '\n', len - pos - 2);

					if (nl == NULL)
						goto out;
					pos = (size_t)(nl - u);
					lc = LC_MAKE(LC_LINE(lc) + 1, 0, pos);
					pos++;
					continue;
				}
				if (d == '*') {
					const char *ce = comment_end(
					    p, len, pos + 2);
					/* unterminated: a warning; magic: it
					   marks the next token */
					if (ce == NULL ||
					    magic_comment(p + pos + 2,
						(size_t)(ce - (p + pos + 2))))
						goto out;
					e = (size_t)(ce - p) + 2;
					LC_ADVANCE(lc, u, pos, e);
					pos = e;
					continue;
				}
				if (t > t0 ? tok_ends_expr(p, t - 1)
					   : prev_ends_expr(s)) {
					/* division */
					put_kind(t, JT_PUNCT, 0, 0);
					t->end = (uint32_t)++pos;
				} else if (((t > t0 ? t[-1].kind == JT_PUNCT &&
							p[t[-1].start] == '<'
						    : s->prev_kind ==
							    JT_PUNCT &&
							s->prev_punct == '<') &&
					       (is_id_start(d) || d == '>')) ||
				    (e = skip_regex(p, len, pos, &hi)) == 0) {
					/* a JSX closing tag, or no regex
					   before the line end */
					put_kind(t, JT_PUNCT, 0, 0);
					t->end = (uint32_t)++pos;
				} else {
					put_kind(t, JT_REGEX, 0, 0);
					t->end = (uint32_t)e;
					if (hi & 0x180) {
						/* UTF-8 or an escaped LF */
						LC_ADVANCE(lc, u, pos, e);
					}
					pos = e;
				}
			} else if ((c == '\'' || c == '"') &&
			    !(t > t0 ? tok_ends_expr(p, t - 1)
				     : prev_ends_expr(s))) {
				int st;
				size_t e = skip_string(p, len, pos, &st);
				int unt = 0, plain = 0;

				if (st & SS_BAD) {
					s->lc_off = pos;
					s->lc_line = LC_LINE(lc);
					s->lc_col = LC_COL(lc, pos);
					warn(s, pos,
					    "unterminated string literal");
					unt = 1;
				}
				if (st & SS_PLAIN) {
					/* one line of ASCII */
					plain = 1;
				} else {
					LC_ADVANCE(lc, u, pos, e);
				}
				put_kind(t, JT_STRING, unt, plain);
				t->end = (uint32_t)e;
				put_lit(s, s->ntok + (size_t)(t - v));
				pos = e;
			} else if (c == '`') {
				/* a template (one with what skip_template()
				   does not take is scan_slow()'s) */
				size_t e = skip_template(s, u, len, pos);

				if (e == 0)
					goto out;
				LC_ADVANCE(lc, u, pos, e);
				put_kind(t, JT_TEMPLATE, 0, 0);
				t->end = (uint32_t)e;
				put_lit(s, s->ntok + (size_t)(t - v));
				pos = e;
			} else {
				goto out;
			}
			t++;
		}
	}
out:
	s->pos = s->lc_off = pos;
	s->lc_line = LC_LINE(lc);
	s->lc_col = LC_COL(lc, pos);
	if (t > t0) {
		const struct jv_tok *tk = t - 1;

		set_prev(s, tk->kind, tk->kind == JT_PUNCT ? p[tk->start] : 0,
		    tk->start, tk->end);
	}
	return (size_t)(t - v);
}

/* scan_slow()'s token v[n] into the lists scan_fast() keeps */
static void
note_slow(struct js_scan *s, const struct jv_tok *v, size_t n)
{
	const struct jv_tok *t = &v[n];
	size_t k = s->ntok + n;

	if (t->kind == JT_IDENT &&
	    is_cand(
		(const unsigned char *)s->text + t->start, t->end - t->start))
		put_cand(s, k);
	else if (t->kind == JT_IDENT &&
	    is_as(
		(const unsigned char *)s->text + t->start, t->end - t->start) &&
	    (n > 0 ? v[n - 1].kind : s->last_kind) == JT_IDENT)
		put_call(s, k - 1);
	else if (t->kind == JT_STRING || t->kind == JT_TEMPLATE)
		put_lit(s, k);
	else if (t->kind == JT_PUNCT &&
	    (cc_table[(unsigned char)s->text[t->start]] & CC_CALL) &&
	    (n > 0 ? v[n - 1].kind : s->last_kind) == JT_IDENT)
		put_call(s, k - 1);
}

size_t
js_scan_fill(struct js_scan *s, struct jv_tok *v, size_t max)
{
	size_t n = 0;

	if (s->len > JS_SCAN_MAX_LEN)
		s->len = JS_SCAN_MAX_LEN;
	while (n < max) {
		/* a magic comment is only read by scan_slow(), which
		   hands it to the token it returns */
		if (s->nstack == 0 && s->lc_off <= s->pos && s->magic == 0 &&
		    !s->no_fast) {
			n = scan_fast(s, v, n, max);
			if (n >= max)
				break;
		}
		if (!scan_slow(s, &v[n]))
			break;
		note_slow(s, v, n);
		n++;
	}
	if (n > 0)
		s->last_kind = v[n - 1].kind;
	s->ntok += n;
	return n;
}

int
js_scan_next(struct js_scan *s, struct js_tok *t)
{
	struct jv_tok k = { 0 };
	int more;

	/* between two calls no template is open: the holes of the last one
	   are no longer needed */
	if (s->nstack == 0)
		s->nholes = 0;
	more = js_scan_fill(s, &k, 1) == 1;
	t->kind = (enum js_tok_kind)k.kind;
	t->start = k.start;
	t->end = k.end;
	t->line = k.line;
	t->col = k.col;
	t->gql_magic = k.gql_magic;
	t->unterminated = k.unterminated;
	/* the holes were emptied before the call: the token's are all */
	t->nholes = k.kind == JT_TEMPLATE ? s->nholes : 0;
	t->holes = t->nholes > 0 ? s->holes : NULL;
	return more;
}

size_t
js_tok_holes(const struct js_hole *holes, size_t nholes, const struct jv_tok *k,
    size_t *h0)
{
	size_t lo = 0, hi = nholes, e;

	*h0 = 0;
	if (k->kind != JT_TEMPLATE || nholes == 0)
		return 0;
	/* the first hole at or past the backtick */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (holes[mid].start < k->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	*h0 = lo;
	for (e = lo; e < nholes && holes[e].start < k->end; e++)
		;
	return e - lo;
}
