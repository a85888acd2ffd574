#include "drift/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/xalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t hint)
{
	b->buf = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = 0;
	if (hint)
		(void)buf_grow(b, hint);
}

void
buf_release(struct buf *b)
{
	size_t max = b->max;

	if (b->alloc)
		free(b->buf);
	buf_init(b, 0);
	b->max = max;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;
	size_t max = b->max;

	if (b->alloc == 0)
		p = xstrdup("");
	else
		p = b->buf;
	if (len != NULL)
		*len = b->len;
	buf_init(b, 0);
	b->max = max;
	return p;
}

int
buf_grow(struct buf *b, size_t n)
{
	size_t want, na;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	want = b->len + n + 1;
	if (b->max && want - 1 > b->max)
		return -1;
	if (want <= b->alloc)
		return 0;
	na = b->alloc ? b->alloc : 64;
	while (na < want)
		na = na > SIZE_MAX / 2 ? want : na * 2;
	if (b->alloc == 0) {
		b->buf = xmalloc(na);
		b->buf[0] = '\0';
	} else {
		b->buf = xreallocarray(b->buf, na, 1);
	}
	b->alloc = na;
	return 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

int
buf_add(struct buf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (buf_grow(b, len) < 0)
		return -1;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int
buf_add_json_str(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	int r = 0;

	r |= buf_addch(b, '"');
	for (i = 0; i < len && r == 0; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			r |= buf_add(b, "\\\"", 2);
			break;
		case '\\':
			r |= buf_add(b, "\\\\", 2);
			break;
		case '\n':
			r |= buf_add(b, "\\n", 2);
			break;
		case '\r':
			r |= buf_add(b, "\\r", 2);
			break;
		case '\t':
			r |= buf_add(b, "\\t", 2);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char esc[6] = { '\\', 'u', '0', '0',
					hex[c >> 4], hex[c & 15] };
				r |= buf_add(b, esc, sizeof(esc));
			} else {
				r |= buf_addch(b, c);
			}
		}
	}
	r |= buf_addch(b, '"');
	return r ? -1 : 0;
}

int
buf_read_file(struct buf *b, FILE *fp)
{
	size_t n;

	for (;;) {
		if (buf_grow(b, 65536) < 0) {
			/* allow filling exactly up to max */
			if (b->max && b->len < b->max &&
			    buf_grow(b, b->max - b->len) == 0) {
				/* fall through to read the rest */
			} else {
				errno = EFBIG;
				return -1;
			}
		}
		n = b->alloc - b->len - 1;
		/* the allocation may be larger than max: never read past it */
		if (b->max && n > b->max - b->len)
			n = b->max - b->len;
		n = fread(b->buf + b->len, 1, n, fp);
		b->len += n;
		b->buf[b->len] = '\0';
		if (n == 0) {
			if (ferror(fp))
				return -1;
			return 0;
		}
		if (b->max && b->len >= b->max) {
			int c = getc(fp);

			if (c == EOF)
				return ferror(fp) ? -1 : 0;
			errno = EFBIG;
			return -1;
		}
	}
}
