/*
 * js_value.h: JS/TS literal values over a token array (issue 12).  The
 * REST and SDK usage scanner (usage_sdk.c) reads the arguments of calls
 * such as readItems('articles', { fields: ['id', { author: ['name'] }] })
 * as values: strings, numbers, booleans, null, object and array literals.
 * Anything else (a call, an arithmetic expression, an arrow function) is
 * JV_OTHER, and the parser skips it to the next `,` or closing bracket.
 *
 *   - identifiers are resolved through the file's own `const|let|var
 *     NAME = value` declarations (pitfall 2 of rest-and-sdk-usage.md 4),
 *     spreads `...base` in objects and arrays too; what cannot be
 *     resolved leaves JVF_DYNAMIC on the enclosing literal;
 *   - TypeScript after a value (`as const`, `as never`, `satisfies T`) is
 *     skipped; JSON.stringify(x) reads as x;
 *   - cond ? a : b reads as both branches (objects and arrays joined,
 *     two strings an array of both, null giving way): a query built that
 *     way sends one or the other; jv_fold() merges the keys both
 *     branches of a query object have;
 *   - a template literal is a string whose ${...} holes read as the byte
 *     JV_HOLE (and JVF_DYNAMIC); jv_hole_value() parses what a hole holds;
 *   - strings are cooked (escapes decoded); jv_pos() gives the line and
 *     column of any byte of a cooked string in the file.
 *
 * Bounded: nesting deeper than JV_MAX_DEPTH and identifier chains longer
 * than JV_MAX_RESOLVE read as JV_OTHER.  Linear in the tokens read, up to
 * the resolution of a declaration more than once.
 *
 * Ownership: struct jv_toks borrows text for its life and owns the token
 * array and an arena; every struct jv and string it returns is borrowed
 * from that arena until jv_toks_release().
 */
#ifndef DRIFT_JS_VALUE_H
#define DRIFT_JS_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "drift/js_scan.h"

struct arena;

#define JV_MAX_DEPTH 64
#define JV_MAX_RESOLVE 8
#define JV_HOLE '\x01' /* a ${...} in a cooked template string */

struct jv_decl {
	const char *name;
	size_t len;
	size_t tok; /* index of the value's first token */
};

/* the tokens are js_scan.h's struct jv_tok (holes index t->holes) */
struct jv_toks {
	const char *text;
	size_t len;
	struct jv_tok *v;
	size_t n, a;
	struct js_hole *holes;
	size_t nholes, aholes;
	struct jv_decl *decls;
	size_t ndecls, adecls;
	struct js_warn *warns; /* the scanner's, copied (static strings) */
	size_t nwarns;
	/* taken over from the scanner (js_scan.h), ascending: the indexes
	   of the string and template tokens, and of the identifiers right
	   before a ( < or . punctuator or an `as` */
	uint32_t *lits;
	size_t nlits;
	uint32_t *calls;
	size_t ncalls;
	struct arena *arena;
	unsigned resolving; /* identifier chain depth */
	unsigned cond;      /* first branches of cond ? a : b being read:
	                       a `:` ends a value there */
	uint32_t line0, col0;
};

enum jv_kind {
	JV_OTHER = 0, /* not a literal */
	JV_STRING,
	JV_NUM,
	JV_TRUE,
	JV_FALSE,
	JV_NULL,
	JV_OBJECT,
	JV_ARRAY,
	JV_IDENT /* an identifier no declaration of the file resolves */
};

#define JVF_DYNAMIC \
	0x1u /* a template with holes, an unresolved spread or computed \
	        key: the literal is partial */
#define JVF_TEMPLATE 0x2u /* a template literal */
#define JVF_PLAIN \
	0x8u /* a string of one ASCII line without escapes or holes: byte k \
	        is column col + 1 + k */
#define JVF_EITHER \
	0x10u /* the array of the two strings of cond ? 'a' : 'b' (an \
	         array literal takes its items in its place), the object of \
	         two objects (jv_fold()) */
#define JVF_DETACHED \
	0x4u /* not from the token array (a hole, a URL parameter): jv_pos() \
	        counts columns from line:col */

struct jv_prop;

struct jv {
	enum jv_kind kind;
	unsigned flags;
	uint32_t line, col; /* of the first token */
	size_t tok;         /* index of the first token */
	const char *s;      /* STRING: cooked; IDENT: the name; NUM: raw */
	size_t n;
	struct jv_prop *props; /* OBJECT */
	size_t nprops;
	struct jv **items; /* ARRAY */
	size_t nitems;
};

struct jv_prop {
	const char *key; /* cooked; NUL-terminated */
	size_t klen;
	uint32_t line, col;
	struct jv *val; /* never NULL (a shorthand's resolved identifier) */
};

/* scans text[0..len) (text[0] at line0:col0) into tokens and collects
   the declarations */
void jv_toks_init(struct jv_toks *t, const char *text, size_t len,
    uint32_t line0, uint32_t col0);
void jv_toks_release(struct jv_toks *t);

/* 1 when token i is a JT_PUNCT c / a JT_IDENT spelled s (inline: they
   are asked of nearly every token; s is mostly a literal, whose strlen()
   the compiler folds) */
static inline int
jv_punct(const struct jv_toks *t, size_t i, char c)
{
	return i < t->n && t->v[i].kind == JT_PUNCT &&
	    t->text[t->v[i].start] == c;
}
int jv_ident_slow(const struct jv_toks *t, size_t i, const char *s);
static inline int
jv_ident(const struct jv_toks *t, size_t i, const char *s)
{
	/* the first byte rejects almost every call, the length most of the
	   rest */
	return i < t->n && t->v[i].kind == JT_IDENT &&
	    t->text[t->v[i].start] == s[0] &&
	    t->v[i].end - t->v[i].start == strlen(s) &&
	    memcmp(t->text + t->v[i].start, s, strlen(s)) == 0;
}

/* index of the token that closes the bracket opened at i ( ( [ { or < ),
   or t->n when unbalanced */
size_t jv_match(const struct jv_toks *t, size_t i);

/*
 * Parses the value starting at token *i and moves *i past it (and past
 * TypeScript after it) to the next `,` `;` or closing bracket.  Never
 * NULL.
 */
struct jv *jv_parse(struct jv_toks *t, size_t *i);

/* the string or template at token i alone (no look at what follows);
   JV_OTHER for another token */
struct jv *jv_string_at(struct jv_toks *t, size_t i);

/*
 * The arguments of the call whose `(` is token open: up to max values
 * into args (NULL for absent ones); returns the number of arguments.
 * *close is set to the index of the `)`.
 */
size_t jv_args(struct jv_toks *t, size_t open, struct jv **args, size_t max,
    size_t *close);

/* the property k[0..n) of an object value (the last one), or NULL */
struct jv *jv_getn(const struct jv *o, const char *k, size_t n);

/*
 * The object cond ? a : b made, with each key once: the values of a key
 * both branches have read as both (what the query keys of a call need);
 * any other value, and an object of more than JV_FOLD_MAX keys, as is.
 */
#define JV_FOLD_MAX 256
const struct jv *jv_fold(struct jv_toks *t, const struct jv *o);

/* the property k of an object value, or NULL (inline: the strlen() of a
   literal folds) */
static inline struct jv *
jv_get(const struct jv *o, const char *k)
{
	return jv_getn(o, k, strlen(k));
}

/* the value of the n-th hole of template string v (a literal inside
   JSON.stringify(...) or encodeURIComponent(JSON.stringify(...)) reads
   as that literal); JV_OTHER when it is not one */
struct jv *jv_hole_value(struct jv_toks *t, const struct jv *v, size_t n);

/* parses s[0..n) (JSON or a JS literal; s[0] at line:col) into t's
   arena; the values are JVF_DETACHED */
struct jv *jv_parse_text(
    struct jv_toks *t, const char *s, size_t n, uint32_t line, uint32_t col);

/* values built by hand (URL parameters), JVF_DETACHED, in t's arena;
   jv_put copies key, jv_push appends.  A string's line:col is that of
   the character before its text (where a quote would be). */
struct jv *
jv_new(struct jv_toks *t, enum jv_kind k, uint32_t line, uint32_t col);
struct jv *jv_new_string(
    struct jv_toks *t, const char *s, size_t n, uint32_t line, uint32_t col);
void jv_put(struct jv_toks *t, struct jv *o, const char *key, size_t klen,
    struct jv *val);
void jv_push(struct jv_toks *t, struct jv *a, struct jv *val);

/* line and column of byte k of the cooked string v (k <= v->n) */
void jv_pos(const struct jv_toks *t, const struct jv *v, size_t k,
    uint32_t *line, uint32_t *col);

#endif
