/*
 * arena.h: a bump allocator.  Everything allocated from an arena is freed
 * at once by arena_free(); nothing is freed one by one.  Allocation
 * failure exits (xalloc.h).  Returned memory is aligned for any scalar.
 */
#ifndef DRIFT_ARENA_H
#define DRIFT_ARENA_H

#include <stddef.h>

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
/* borrowed (owned by the arena): n bytes, uninitialised */
void *arena_alloc(struct arena *a, size_t n);
/* borrowed: n bytes, zeroed */
void *arena_zalloc(struct arena *a, size_t n);
/* borrowed: a NUL-terminated copy of s[0..len), byte-aligned (packed) */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* moves every block of *srcp into dst (what src returned stays valid,
   now owned by dst) and frees the arena src; *srcp becomes NULL */
void arena_adopt(struct arena *dst, struct arena **srcp);
/* total bytes obtained from the system (for limits and benchmarks) */
size_t arena_footprint(const struct arena *a);

#endif
