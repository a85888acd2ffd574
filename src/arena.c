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

#define HDR (((sizeof(struct block) + ARENA_ALIGN - 1) / ARENA_ALIGN) * \
    ARENA_ALIGN)

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

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need < n)
		need = SIZE_MAX; /* overflow: force the xmalloc below to fail */
	if (b == NULL || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;

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
	}
	p = (char *)b + HDR + b->used;
	b->used += need;
	return p;
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
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

size_t
arena_footprint(const struct arena *a)
{
	return a->footprint;
}
