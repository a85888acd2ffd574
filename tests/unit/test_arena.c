/* test_arena.c: the bump allocator (arena.h), arena_clear() in particular */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drift/arena.h"

static void
test_alloc_strndup(void **state)
{
	struct arena *a = arena_new();
	char *s;
	unsigned char *z;
	size_t i;

	(void)state;
	s = arena_strndup(a, "hello world", 5);
	assert_string_equal(s, "hello");
	z = arena_zalloc(a, 100);
	for (i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	assert_int_equal((uintptr_t)arena_alloc(a, 3) % 16, 0);
	assert_true(arena_footprint(a) > 0);
	/* strings are packed; the next allocation is aligned again */
	s = arena_strndup(a, "ab", 2);
	assert_ptr_equal(arena_strndup(a, "c", 1), s + 3);
	assert_int_equal((uintptr_t)arena_alloc(a, 1) % 16, 0);
	/* a block filled to its last byte, then the next block */
	for (i = 0; i < 100; i++) {
		size_t n = 4093 + i;
		char *p = arena_alloc(a, n);

		memset(p, 'y', n);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	assert_true(arena_footprint(a) > 256 * 1024);
	assert_string_equal(s, "ab");
	arena_free(&a);
	assert_null(a);
	arena_free(&a);
}

/* clear keeps one standard block and gives back the rest: a scratch arena
   cleared per document stays at one block however many documents */
static void
test_clear(void **state)
{
	struct arena *a = arena_new();
	size_t one, i;
	char *p;

	(void)state;
	arena_clear(a); /* empty: nothing to keep */
	assert_int_equal(arena_footprint(a), 0);
	(void)arena_alloc(a, 10);
	one = arena_footprint(a);
	for (i = 0; i < 50; i++)
		(void)arena_alloc(a, 100000); /* more blocks */
	(void)arena_alloc(a, 1 << 20);        /* a big one-off */
	assert_true(arena_footprint(a) > 4 * one);
	arena_clear(a);
	assert_int_equal(arena_footprint(a), one);
	for (i = 0; i < 1000; i++) {
		p = arena_strndup(a, "document", 8);
		assert_string_equal(p, "document");
		(void)arena_zalloc(a, 200);
		arena_clear(a);
		assert_int_equal(arena_footprint(a), one);
	}
	/* after a clear the kept block is reused from its start */
	p = arena_alloc(a, 16);
	arena_clear(a);
	assert_ptr_equal(arena_alloc(a, 16), p);
	arena_free(&a);
}

/* arena_adopt: what src returned stays valid and is freed with dst; dst
   keeps allocating where it was; empty arenas on either side */
static void
test_adopt(void **state)
{
	struct arena *dst = arena_new(), *src = arena_new(), *empty;
	char *s1, *s2, *big, *d1, *d2;
	size_t before;

	(void)state;
	d1 = arena_strndup(dst, "dst", 3);
	s1 = arena_strndup(src, "src", 3);
	big = arena_alloc(src, (size_t)1 << 20); /* a block of its own */
	memset(big, 'x', (size_t)1 << 20);
	s2 = arena_strndup(src, "two", 3);
	before = arena_footprint(dst) + arena_footprint(src);
	arena_adopt(dst, &src);
	assert_null(src);
	assert_int_equal(arena_footprint(dst), before);
	/* the head block is still dst's: the next string follows d1 */
	d2 = arena_strndup(dst, "n", 1);
	assert_ptr_equal(d2, d1 + 4);
	assert_string_equal(d1, "dst");
	assert_string_equal(s1, "src");
	assert_string_equal(s2, "two");
	assert_int_equal(big[12345], 'x');
	empty = arena_new();
	arena_adopt(dst, &empty);
	assert_null(empty);
	arena_adopt(dst, &empty); /* NULL: nothing */
	empty = arena_new();
	arena_adopt(empty, &dst);
	assert_string_equal(s1, "src");
	/* into an empty arena: dst's block in use goes on being used */
	assert_ptr_equal(arena_strndup(empty, "m", 1), d2 + 2);
	arena_free(&empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_strndup),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_adopt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
