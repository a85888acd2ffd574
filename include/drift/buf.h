/*
 * buf.h: a growable byte buffer modelled on git's strbuf.
 *
 * Invariants: b->buf is never NULL (an empty buffer points at a shared
 * empty string), b->buf[b->len] == '\0' always, and len < alloc whenever
 * alloc > 0.  Initialise with BUF_INIT or buf_init().  Allocation failure
 * exits (see xalloc.h); data from outside the process is bounded with
 * b->max: an append that would grow past max fails with -1 and leaves the
 * buffer unchanged (curl's dynbuf "toobig").
 */
#ifndef DRIFT_BUF_H
#define DRIFT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max; /* 0: unbounded */
};

extern char buf_empty[];

#define BUF_INIT \
	{ \
		buf_empty, 0, 0, 0 \
	}

void buf_init(struct buf *b, size_t hint);
/* frees the storage and re-initialises b (max is kept) */
void buf_release(struct buf *b);
/* new: the storage, NUL-terminated; b is re-initialised.  *len may be NULL */
char *buf_detach(struct buf *b, size_t *len);
/* makes room for n more bytes; -1 when that would pass b->max */
int buf_grow(struct buf *b, size_t n);
void buf_reset(struct buf *b);
/* 0, or -1 past b->max (buffer unchanged) */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* appends s as a JSON string literal, quotes included */
int buf_add_json_str(struct buf *b, const char *s, size_t len);
/*
 * Reads all of fp (until EOF) into b.  0 on success; -1 on a read error
 * (errno set) or when b->max is reached (errno = EFBIG).
 */
int buf_read_file(struct buf *b, FILE *fp);

#endif
