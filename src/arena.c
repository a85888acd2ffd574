#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/xalloc.h"

#define ARENA_ALIGN 16
#define ARENA_BLOCK (256 * 1024)

struct block {
	struct block *next;
	size_t size, used;
	/* data follows, aligned */
};

struct arena {
	struct block *head;
	size_t footprint;
};

#define HDR \
	(((sizeof(struct block) + ARENA_ALIGN - 1) / ARENA_ALIGN) * ARENA_ALIGN)

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena **ap)
{
	struct block *b, *next;

	if (ap == NULL || *ap == NULL)
		return;
	for (b = (*ap)->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(*ap);
	*ap = NULL;
}

void
arena_clear(struct arena *a)
{
	struct block *b, *next, *keep = NULL;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL && b->size == ARENA_BLOCK) {
			keep = b;
			continue;
		}
		a->footprint -= HDR + b->size;
		free(b);
	}
	a->head = keep;
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
}

/*
 * n bytes at a multiple of align (a power of two up to ARENA_ALIGN) in the
 * head block, or in a new block.  Strings take align 1: a short key or
 * value then costs its length plus one, not 16 bytes.
 */
static void *
arena_take(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->head;
	size_t off = 0;
	void *p;

	if (b != NULL)
		off = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || off > b->size || b->size - off < n) {
		size_t need = n, size;

		if (need > SIZE_MAX - HDR - ARENA_ALIGN)
			need = SIZE_MAX; /* force the xmalloc below to fail */
		size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		if (size > SIZE_MAX - HDR)
			size = SIZE_MAX - HDR;
		b = xmalloc(HDR + size);
		b->size = size;
		b->used = 0;
		a->footprint += HDR + size;
		if (need > ARENA_BLOCK / 4 && a->head != NULL) {
			/* a big one-off: keep the current block for small ones */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		off = 0;
	}
	p = (char *)b + HDR + off;
	b->used = off + n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, n, ARENA_ALIGN);
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		len = SIZE_MAX - 1; /* the xmalloc in arena_take fails */
	p = arena_take(a, len + 1, 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
arena_adopt(struct arena *dst, struct arena **srcp)
{
	struct arena *src = *srcp;
	struct block *tail;

	if (src == NULL)
		return;
	*srcp = NULL;
	if (src->head != NULL) {
		/* behind dst's head block, which stays the one in use */
		for (tail = src->head; tail->next != NULL; tail = tail->next)
			;
		if (dst->head == NULL) {
			dst->head = src->head;
		} else {
			tail->next = dst->head->next;
			dst->head->next = src->head;
		}
		dst->footprint += src->footprint;
	}
	free(src);
}

size_t
arena_footprint(const struct arena *a)
{
	return a->footprint;
}
