/*
 * utf8.h: UTF-8 boundaries and the one escaping of text that reaches a
 * terminal, a CI log or a report (SPEC section 5: strings from snapshots
 * are data, never commands).
 *
 * Unsafe code points (utf8_unsafe): the C0 controls, DEL, the C1 controls
 * U+0080-U+009F (U+009B is CSI, U+009D is OSC on terminals that read
 * 8-bit controls), the bidirectional controls U+061C, U+200E, U+200F,
 * U+202A-U+202E and U+2066-U+2069 (they reorder what a reader sees), and
 * the line and paragraph separators U+2028, U+2029.  Tab and line feed
 * are unsafe too unless the caller keeps them (UTF8_KEEP_*): a line feed
 * in a name would start a new line of a log, and so a new workflow
 * command.
 *
 * No function allocates but utf8_escape (through struct buf); none keeps
 * a pointer to its arguments.
 */
#ifndef DRIFT_UTF8_H
#define DRIFT_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct buf;

/*
 * Length (1 to 4) of the valid UTF-8 sequence at s[0..len), with its code
 * point in *cp (cp may be NULL); 0 when s does not start with one (an
 * invalid or truncated sequence, an overlong form, a surrogate, a code
 * point past U+10FFFF, or len 0).  U+FFFE and U+FFFF count as invalid:
 * XML forbids them.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* the UTF-8 of code point cp into out[0..4); returns its length (1 to
   4).  A surrogate or a value above U+10FFFF is written as U+FFFD. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* the value of an ASCII hex digit, or -1 (shared by the lexers and the
   %XX decoders) */
int hex_digit(int c);

/* 1 when s[0..len) is valid UTF-8 throughout (see utf8_decode) */
int utf8_valid(const char *s, size_t len);

/*
 * Where to cut s[0..len) to keep at most n bytes without splitting a valid
 * UTF-8 sequence: the largest m <= n such that no valid sequence starts
 * before m and ends after it.  n >= len returns len.
 */
size_t utf8_boundary(const char *s, size_t len, size_t n);

/*
 * Cuts the NUL-terminated string s in place at a UTF-8 boundary so that it
 * holds at most max bytes (used after snprintf truncation).
 */
void utf8_trim(char *s, size_t max);

/* 1 when cp must not reach a terminal or log as it is (see above) */
int utf8_unsafe(uint32_t cp);

#define UTF8_KEEP_TAB 1u /* keep tab as it is */
#define UTF8_KEEP_NL 2u  /* keep line feed (and CR before it) as it is */

enum utf8_style {
	UTF8_STYLE_C,   /* \xNN for C0, DEL and invalid bytes, \uNNNN else */
	UTF8_STYLE_JSON /* \u00NN / \uNNNN (a JSON string escape), invalid
	                   bytes as U+FFFD */
};

/*
 * Appends s[0..len) to b with every unsafe code point (and every invalid
 * byte) replaced as style says; keep is a mask of UTF8_KEEP_*.  Safe text
 * is copied byte for byte.  Returns 0, or -1 when b->max is reached.
 */
int utf8_escape(struct buf *b, const char *s, size_t len, enum utf8_style style,
    unsigned keep);

/*
 * Writes s[0..len) escaped as utf8_escape(UTF8_STYLE_C, keep) does to the
 * stdio stream fp, without allocating (for messages on stderr, also on
 * out-of-memory paths).
 */
void utf8_fput_escaped(FILE *fp, const char *s, size_t len, unsigned keep);

#endif
