/*
 * js_scan.h: a JS/TS token scanner (graphql-usage-and-ts-types.md 2.2).
 * Not a parser: it only has to stay in sync on strings, template literals
 * (with nested ${ ... } and templates inside them), comments, regular
 * expressions and JSX text, so that the usage extraction (usage_js.c) can
 * look at identifiers, punctuation and literals.
 *
 *   - strings in ' and " with escapes and line continuations; a raw LF
 *     ends an unterminated string (a warning, scanning goes on);
 *   - a quote right after an identifier, a number, a string, `)` or `]`
 *     cannot start a string in JS: it is JSX text (<p>Don't</p>) and is
 *     returned as punctuation;
 *   - a template literal is one JT_TEMPLATE token from its backtick to the
 *     closing one; the spans of its top-level ${ ... } holes are listed
 *     (tokens inside holes are skipped, nested templates included, with
 *     an explicit stack: 10,000-deep nesting costs memory, not C stack);
 *   - `/` starts a regex when the previous token cannot end an expression
 *     (start, punctuation other than ) ] }, keywords like return), else it
 *     is division; `</` before a name or `>` is a JSX closing tag;
 *   - comments are skipped; a block comment whose trimmed text is
 *     "GraphQL" (any case) sets gql_magic on the next token;
 *   - every token carries its 1-based line and column (code points; LF
 *     ends a line, CRLF counts once).  Linear time.
 *
 * Two ways to read tokens: js_scan_next() one struct js_tok at a time, or
 * js_scan_fill() many compact struct jv_tok at once (js_value.h's token
 * array; no copy).  The holes of the filled tokens are kept in s->holes
 * for the whole scan, in text order, the caller may take the array over;
 * js_tok_holes() finds a template's.
 *
 * Ownership: the scanner borrows text for its whole life; js_scan_release
 * frees the hole and warning arrays.  A js_tok's holes pointer is borrowed
 * and valid until the next js_scan_next().
 */
#ifndef DRIFT_JS_SCAN_H
#define DRIFT_JS_SCAN_H

#include <stddef.h>
#include <stdint.h>

enum js_tok_kind {
	JT_EOF = 0,
	JT_IDENT,    /* identifiers, keywords, #private, $name */
	JT_NUM,      /* numeric literals */
	JT_STRING,   /* '...' or "..." (quotes included in [start,end)) */
	JT_TEMPLATE, /* `...` whole, holes listed */
	JT_REGEX,    /* /.../flags */
	JT_PUNCT     /* one punctuator character (a JSX text quote too) */
};

struct js_hole {
	size_t start, end; /* offsets of "${" and just past its "}" */
};

struct js_tok {
	enum js_tok_kind kind;
	size_t start, end; /* text[start..end) */
	uint32_t line, col;
	int gql_magic;    /* a GraphQL magic comment came right before */
	int unterminated; /* string/template/regex ran to a line end or EOF */
	const struct js_hole *holes; /* JT_TEMPLATE; borrowed */
	size_t nholes;
};

/*
 * The compact token js_scan_fill() writes (and js_value.h's token array
 * holds): 32-bit offsets, so the text must be shorter than 4 GiB
 * (JS_SCAN_MAX_LEN; js_scan_fill() scans no further).  Twenty bytes: a
 * file's array is read over and over by the usage extraction, and a
 * template's holes are not in it (js_tok_holes()).
 */
#define JS_SCAN_MAX_LEN ((size_t)UINT32_MAX)

struct jv_tok {
	uint32_t start, end; /* text[start..end) */
	uint32_t line, col;
	uint8_t kind;         /* enum js_tok_kind */
	uint8_t gql_magic;    /* a GraphQL magic comment came right before */
	uint8_t unterminated; /* ran to a line end or EOF */
	/* JT_STRING: no backslash, CR, LF or byte >= 0x80 after the opening
	   quote (the text is its value); 0 says nothing */
	uint8_t plain;
};

struct js_warn {
	uint32_t line, col;
	const char *what; /* static: "unterminated string literal", ... */
};

struct js_scan {
	const char *text;
	size_t len, pos;
	int prev_kind;   /* kind of the previous significant token */
	char prev_punct; /* its character when JT_PUNCT */
	size_t prev_start, prev_end; /* its text when JT_IDENT (a keyword
	                                after which an expression starts?) */
	int magic;
	/* line/column cursor (monotonic) */
	size_t lc_off;
	uint32_t lc_line, lc_col;
	uint32_t line0, col0;
	struct js_hole *holes;
	size_t nholes, aholes;
	/* template/hole nesting: >0 brace depth of a hole, 0 a template */
	uint32_t *stack;
	size_t nstack, astack;
	struct js_warn *warns;
	size_t nwarns, awarns;
	/* the indexes of the identifier tokens js_scan_fill() wrote that
	   can be const, let or var (c.... l.. v..), in order; ntok tokens
	   were written before this call */
	uint32_t *cands;
	size_t ncands, acands;
	/* the same for the string and template tokens (lits) and for the
	   identifier tokens right before a ( < or . punctuator token or
	   the identifier `as` (calls: what may be a call, a member access
	   or a cast callee, (readItems as any)(...)), so that the usage
	   extraction need not look at every token */
	uint32_t *lits;
	size_t nlits, alits;
	uint32_t *calls;
	size_t ncalls, acalls;
	size_t ntok;
	int last_kind;   /* the kind of the last token written, JT_EOF none */
	int no_fast;     /* tests: every token through the general path (the
	                fast one must give the same) */
	size_t fast_end; /* 1 + the offset of the last byte that neither is
	                    white space nor continues an identifier, 0 when
	                    none: js_scan_fill()'s loops need no bound up
	                    to there */
};

/* text[0] sits at line0:col0 (1:1 for a whole file) */
void js_scan_init(struct js_scan *s, const char *text, size_t len,
    uint32_t line0, uint32_t col0);
void js_scan_release(struct js_scan *s);

/* the next token into *t; returns 0 at the end (t->kind JT_EOF) */
int js_scan_next(struct js_scan *s, struct js_tok *t);

/*
 * The next tokens into v[0..max): returns how many, fewer than max only
 * at the end (v[n] is then the JT_EOF token).  Holes accumulate in
 * s->holes (js_tok_holes() finds a token's).  Not to be mixed with
 * js_scan_next() on one scanner.
 */
size_t js_scan_fill(struct js_scan *s, struct jv_tok *v, size_t max);

/*
 * The holes of token k among the holes[0..nholes) js_scan_fill() listed
 * with it: how many (0 unless k is a JT_TEMPLATE), *h0 the first.  Only
 * a template's top-level holes are listed, in text order, so k's are
 * the run that starts inside it (a binary search).
 */
size_t js_tok_holes(const struct js_hole *holes, size_t nholes,
    const struct jv_tok *k, size_t *h0);

/*
 * Line and column of offset off, counted from a known position
 * (from_off at from_line:from_col, from_off <= off).  Linear in
 * off - from_off.
 */
void js_pos_from(const char *text, size_t from_off, uint32_t from_line,
    uint32_t from_col, size_t off, uint32_t *line, uint32_t *col);

#endif
