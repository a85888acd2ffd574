#include "drift/compat.h"

#include <stdio.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/utf8.h"

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
utf8_decode(const char *str, size_t len, uint32_t *cpp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0, i;
	uint32_t cp = 0;

	if (len == 0)
		goto out;
	if (s[0] < 0x80)
		n = 1;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	if (n == 0 || n > len) {
		n = 0;
		goto out;
	}
	cp = n == 1 ? s[0] : s[0] & (0x7fu >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			n = 0;
			goto out;
		}
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	/* overlong forms, surrogates, past U+10FFFF, non-characters */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe ||
	    cp == 0xffff)
		n = 0;
out:
	if (cpp != NULL)
		*cpp = n != 0 ? cp : 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, NULL);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t
utf8_boundary(const char *str, size_t len, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t m = n, k;

	if (n >= len)
		return len;
	/* s[m] is where the cut-off part starts: back off to its lead byte */
	for (k = 0; k < 3 && m > 0 && (s[m] & 0xc0) == 0x80; k++)
		m--;
	/* no valid sequence across n: bytes are bytes, cut where asked */
	k = utf8_decode(str + m, len - m, NULL);
	if ((s[m] & 0xc0) == 0x80 || k == 0 || m + k <= n)
		m = n;
	return m;
}

void
utf8_trim(char *s, size_t max)
{
	size_t len = strnlen(s, max + 1), m;

	if (len > max)
		len = max;
	/* the sequence that ends the kept part must be whole */
	m = len;
	while (m > 0 && len - m < 3 && ((unsigned char)s[m - 1] & 0xc0) == 0x80)
		m--;
	if (m > 0 && (unsigned char)s[m - 1] >= 0xc0 &&
	    utf8_decode(s + m - 1, len - m + 1, NULL) == 0)
		len = m - 1;
	s[len] = '\0';
}

int
utf8_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/* the escape of s[0..n) (code point cp, 0 when invalid) in out */
static size_t
escape_one(
    const char *s, size_t n, uint32_t cp, enum utf8_style style, char out[16])
{
	int len;

	if (style == UTF8_STYLE_JSON)
		len = snprintf(
		    out, 16, "\\u%04x", n == 0 ? 0xfffdu : (unsigned)cp);
	else if (n == 0 || cp < 0x20 || cp == 0x7f)
		len = snprintf(out, 16, "\\x%02x",
		    n == 0 ? (unsigned char)s[0] : (unsigned)cp);
	else
		len = snprintf(out, 16, "\\u%04x", (unsigned)cp);
	return (size_t)len;
}

/* 1 when the code point at s (n bytes, cp) is copied as it is */
static int
kept(uint32_t cp, size_t n, unsigned keep)
{
	if (n == 0)
		return 0;
	if (cp == '\t')
		return (keep & UTF8_KEEP_TAB) != 0;
	if (cp == '\n' || cp == '\r')
		return (keep & UTF8_KEEP_NL) != 0;
	return !utf8_unsafe(cp);
}

/*
 * Walks s[0..len): calls out(arg, p, n) for each run to write; returns the
 * first nonzero out() result
 */
static int
walk(const char *s, size_t len, enum utf8_style style, unsigned keep,
    int (*out)(void *, const char *, size_t), void *arg)
{
	char esc[16];
	size_t i = 0, start = 0, n, elen;
	uint32_t cp;
	int ret = 0;

	while (ret == 0 && i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (kept(cp, n, keep)) {
			i += n;
			continue;
		}
		if (i > start)
			ret = out(arg, s + start, i - start);
		elen = escape_one(s + i, n, cp, style, esc);
		if (ret == 0)
			ret = out(arg, esc, elen);
		i += n != 0 ? n : 1;
		start = i;
	}
	if (ret == 0 && i > start)
		ret = out(arg, s + start, i - start);
	return ret;
}

static int
to_buf(void *arg, const char *p, size_t n)
{
	return buf_add(arg, p, n);
}

static int
to_file(void *arg, const char *p, size_t n)
{
	return fwrite(p, 1, n, arg) == n ? 0 : -1;
}

int
utf8_escape(struct buf *b, const char *s, size_t len, enum utf8_style style,
    unsigned keep)
{
	return walk(s, len, style, keep, to_buf, b);
}

void
utf8_fput_escaped(FILE *fp, const char *s, size_t len, unsigned keep)
{
	/* ignore write errors: a message on stderr has nowhere else to go */
	(void)walk(s, len, UTF8_STYLE_C, keep, to_file, fp);
}
