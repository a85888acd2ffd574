/*
 * arena.h: a bump allocator.  Everything allocated from an arena is freed
 * at once by arena_free(); nothing is freed one by one.  Allocation
 * failure exits (xalloc.h).  Returned memory is aligned for any scalar.
 */
#ifndef DRIFT_ARENA_H
#define DRIFT_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena;

/* new */
struct arena *arena_new(void);
/* frees every block and the arena; sets *ap to NULL; NULL is a no-op */
void arena_free(struct arena **ap);
/*
 * Frees everything allocated from a (every pointer it returned is then
 * invalid) but keeps one standard block for reuse, so that a scratch
 * arena cleared once per document costs no new pages.
 */
void arena_clear(struct arena *a);
/*
 * The free room of the block in use, the first member of struct arena:
 * the inline allocators below take from it, and call arena_take() only
 * for a new block.  Not for use outside this header.
 */
struct arena_room {
	char *cur, *end; /* NULL, NULL before the first block */
};

/* arena_take_inline()'s slow path, when the current block has no room:
   n bytes at the start of a new block (aligned for any align) */
void *arena_take(struct arena *a, size_t n, size_t align);

/* the fast path of arena_take(): the room is in the current block */
static inline void *
arena_take_inline(struct arena *a, size_t n, size_t align)
{
	struct arena_room *r = (struct arena_room *)(void *)a;
	uintptr_t aligned = ((uintptr_t)r->cur + (align - 1)) &
	    ~(uintptr_t)(align - 1);

	if (r->cur != NULL && aligned <= (uintptr_t)r->end &&
	    n <= (size_t)((uintptr_t)r->end - aligned)) {
		r->cur = (char *)aligned + n;
		return (char *)aligned;
	}
	return arena_take(a, n, align);
}

/* borrowed (owned by the arena): n bytes, uninitialised */
static inline void *
arena_alloc(struct arena *a, size_t n)
{
	return arena_take_inline(a, n, 16);
}

/* borrowed: n bytes, zeroed */
static inline void *
arena_zalloc(struct arena *a, size_t n)
{
	return memset(arena_alloc(a, n), 0, n);
}

/* borrowed: a NUL-terminated copy of s[0..len), byte-aligned (packed) */
static inline char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		len = SIZE_MAX - 1; /* the xmalloc in arena_take fails */
	p = arena_take_inline(a, len + 1, 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
/* moves every block of *srcp into dst (what src returned stays valid,
   now owned by dst) and frees the arena src; *srcp becomes NULL */
void arena_adopt(struct arena *dst, struct arena **srcp);
/* total bytes obtained from the system (for limits and benchmarks) */
size_t arena_footprint(const struct arena *a);

#endif
