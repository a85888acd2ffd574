/*
 * failalloc.c: LD_PRELOAD shim for tests/e2e/failure_paths.sh.  From the
 * FAILALLOC_AFTER-th call on (counting malloc, calloc, realloc and
 * reallocarray calls made after the program's constructors ran), every
 * allocation fails with ENOMEM, as on a machine out of memory.  Not for
 * sanitizer or valgrind builds, which replace the allocator themselves.
 * FAILALLOC_COUNT=FILE writes the number of calls made to FILE at exit
 * (to choose which calls to fail).
 * Built by the test: cc -shared -fPIC -o failalloc.so failalloc.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);

static unsigned long after = (unsigned long)-1;
static unsigned long calls;

__attribute__((constructor)) static void
init(void)
{
	const char *v = getenv("FAILALLOC_AFTER");

	if (v != NULL && v[0] != '\0')
		after = strtoul(v, NULL, 10);
}

__attribute__((destructor)) static void
fini(void)
{
	const char *f = getenv("FAILALLOC_COUNT");
	char b[32];
	int fd, n;

	if (f == NULL || f[0] == '\0')
		return;
	fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	n = snprintf(b, sizeof(b), "%lu\n", calls);
	if (write(fd, b, (size_t)n) != n)
		n = 0;
	close(fd);
}

static int
fail_now(void)
{
	if (after == (unsigned long)-1) {
		calls++;
		return 0;
	}
	if (++calls < after)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}

void *
reallocarray(void *p, size_t n, size_t m)
{
	if (m != 0 && n > SIZE_MAX / m) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * m);
}
