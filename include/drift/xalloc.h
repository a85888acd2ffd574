/*
 * xalloc.h: checked allocation.  On failure every function here prints
 * "directus-drift: out of memory" and exits with DRIFT_EXIT_INTERNAL (5):
 * callers never see NULL.  xfree(NULL) is a no-op, like free().
 */
#ifndef DRIFT_XALLOC_H
#define DRIFT_XALLOC_H

#include <stddef.h>

/* new: n bytes, uninitialised (n == 0 allocates one byte) */
void *xmalloc(size_t n);
/* new: nmemb * size bytes, zeroed; overflow counts as out of memory */
void *xcalloc(size_t nmemb, size_t size);
/* resizes p (stolen) to nmemb * size bytes; overflow counts as out of memory */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* new: a copy of the NUL-terminated s */
char *xstrdup(const char *s);
/* new: a NUL-terminated copy of the first len bytes of s */
char *xstrndup(const char *s, size_t len);
/* new: printf into a fresh string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Test hook: when set, the allocator fails (as if the system were out of
 * memory) on the n-th call from now; 0 disables.  Used by unit tests and by
 * the DRIFT_FAIL_ALLOC environment variable in debug builds.
 */
void xalloc_fail_after(unsigned long n);

/* Called instead of exit() on allocation failure when set (tests). */
void xalloc_set_oom_handler(void (*fn)(void));

#endif
