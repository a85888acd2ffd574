#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/xalloc.h"

#define ARENA_ALIGN 16
#define ARENA_BLOCK (256 * 1024)

struct block {
	struct block *next;
	size_t size;
	/* data follows, aligned */
};

struct arena {
	struct arena_room room; /* of head: first, for arena.h */
	struct block *head;
	size_t footprint;
};

#define HDR \
	(((sizeof(struct block) + ARENA_ALIGN - 1) / ARENA_ALIGN) * ARENA_ALIGN)

/* head's whole room as free: a new block, or a cleared one */
static void
room_of(struct arena *a, struct block *b)
{
	a->room.cur = b != NULL ? (char *)b + HDR : NULL;
	a->room.end = b != NULL ? (char *)b + HDR + b->size : NULL;
}

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
	if (keep != NULL)
		keep->next = NULL;
	room_of(a, keep);
}

/*
 * arena_take_inline()'s slow path: the current block has no room for n
 * bytes at align (strings take align 1, so that a short key costs its
 * length plus one, not 16 bytes).  A new block, or for a big one-off a
 * block of its own behind the current one, which stays in use.
 */
void *
arena_take(struct arena *a, size_t n, size_t align)
{
	struct block *b;
	size_t need = n, size;

	(void)align; /* a new block's start is aligned for anything */
	if (need > SIZE_MAX - HDR - ARENA_ALIGN)
		need = SIZE_MAX; /* force the xmalloc below to fail */
	size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
	if (size > SIZE_MAX - HDR)
		size = SIZE_MAX - HDR;
	b = xmalloc(HDR + size);
	b->size = size;
	a->footprint += HDR + size;
	if (need > ARENA_BLOCK / 4 && a->head != NULL) {
		/* a big one-off: keep the current block for small ones */
		b->next = a->head->next;
		a->head->next = b;
		return (char *)b + HDR;
	}
	b->next = a->head;
	a->head = b;
	room_of(a, b);
	a->room.cur += n;
	return (char *)b + HDR;
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
			dst->room =
			    src->room; /* src's block in use, now dst's */
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
