/*
 * test_tree.c: tree.c, buf.c and arena.c: interning, equality, sorting,
 * rendering, buffer limits.
 */
#include "drift/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree.h"

static struct tree *
yaml(const char *doc)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;

	if (load_tree("t", doc, strlen(doc), LOAD_AUTO, NULL, &t, &err) != 0)
		fail_msg("%u:%u: %s", err.line, err.col, err.msg);
	return t;
}

static void
test_intern(void **state)
{
	struct tree *t = tree_new("x");
	const char *a, *b, *c;
	char key[32];
	int i;

	(void)state;
	a = tree_intern(t, "field", 5);
	b = tree_intern(t, "fields", 5);
	c = tree_intern(t, "fiel", 4);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_string_equal(c, "fiel");
	/* with inner NUL */
	assert_ptr_not_equal(tree_intern(t, "a\0b", 3), tree_intern(t, "a", 1));
	/* growth keeps identities */
	for (i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);

		tree_intern(t, key, (size_t)n);
	}
	assert_ptr_equal(tree_intern(t, "field", 5), a);
	assert_ptr_equal(
	    tree_intern(t, "k4999", 5), tree_intern(t, "k4999", 5));
	assert_ptr_not_equal(tree_strndup(t, "field", 5), a);
	assert_string_equal(tree_origin(t), "x");
	tree_free(&t);
	assert_null(t);
	tree_free(&t);
}

static void
test_equal(void **state)
{
	struct tree *a = yaml("a: 1\nb: [x, {c: 2.0}]\nn: null\n");
	struct tree *b = yaml("{\"b\": [\"x\", {\"c\": 2}], \"n\": null, "
			      "\"a\": 1.0}");
	struct tree *c = yaml("a: 1\nb: [{c: 2}, x]\nn: null\n");
	struct tree *d = yaml("a: 1\nb: [x, {c: 2}]\nn: null\nz: 0\n");
	struct tree *e = yaml("a: 1\nb: [x, {c: '2'}]\nn: null\n");
	struct tree *f = yaml("a: .nan\n");

	(void)state;
	assert_true(tnode_equal(tree_root(a), tree_root(b)));
	assert_false(tnode_equal(tree_root(a), tree_root(c)));
	assert_false(tnode_equal(tree_root(a), tree_root(d)));
	assert_false(tnode_equal(tree_root(d), tree_root(a)));
	assert_false(tnode_equal(tree_root(a), tree_root(e)));
	assert_true(tnode_equal(tree_root(f), tree_root(f)));
	assert_true(tnode_equal(NULL, NULL));
	assert_false(tnode_equal(tree_root(a), NULL));
	tree_free(&a);
	tree_free(&b);
	tree_free(&c);
	tree_free(&d);
	tree_free(&e);
	tree_free(&f);
}

static void
test_render_sort(void **state)
{
	struct tree *t = yaml("z: [1, 2.5, \"q\\\"\", true, null]\n"
			      "a: {y: .inf, b: -.inf, c: .nan}\n");
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(tnode_render(tree_root(t), &b, 0), 0);
	assert_string_equal(b.buf,
	    "{\"z\":[1,2.5,\"q\\\"\",true,null],"
	    "\"a\":{\"y\":\".inf\",\"b\":\"-.inf\",\"c\":\".nan\"}}");
	tnode_sort_map(tree_root(t), 1);
	buf_reset(&b);
	assert_int_equal(tnode_render(tree_root(t), &b, 0), 0);
	assert_string_equal(b.buf,
	    "{\"a\":{\"b\":\"-.inf\",\"c\":\".nan\","
	    "\"y\":\".inf\"},\"z\":[1,2.5,\"q\\\"\",true,null]}");
	buf_reset(&b);
	assert_int_equal(tnode_render(tree_root(t), &b, 10), 0);
	assert_string_equal(b.buf, "{\"a\":{\"b\":...");
	buf_release(&b);
	b.max = 8;
	assert_int_equal(tnode_render(tree_root(t), &b, 0), -1);
	assert_true(b.len <= 8);
	buf_release(&b);
	tree_free(&t);
}

static void
test_accessors(void **state)
{
	struct tree *t = yaml("s: x\nb: true\nf: false\nn: ~\ni: 3\n"
			      "m: {}\nq: []\nd: 1.5\n");
	const struct tnode *r = tree_root(t);

	(void)state;
	assert_string_equal(tnode_str(tnode_get(r, "s")), "x");
	assert_null(tnode_str(tnode_get(r, "i")));
	assert_true(tnode_is_true(tnode_get(r, "b")));
	assert_false(tnode_is_true(tnode_get(r, "f")));
	assert_true(tnode_is_nullish(tnode_get(r, "n")));
	assert_true(tnode_is_nullish(tnode_get(r, "absent")));
	assert_false(tnode_is_nullish(tnode_get(r, "i")));
	assert_null(tnode_get(tnode_get(r, "s"), "x"));
	assert_string_equal(tnode_kind_name(tnode_get(r, "s")), "string");
	assert_string_equal(tnode_kind_name(tnode_get(r, "b")), "boolean");
	assert_string_equal(tnode_kind_name(tnode_get(r, "n")), "null");
	assert_string_equal(tnode_kind_name(tnode_get(r, "i")), "integer");
	assert_string_equal(tnode_kind_name(tnode_get(r, "d")), "number");
	assert_string_equal(tnode_kind_name(tnode_get(r, "m")), "mapping");
	assert_string_equal(tnode_kind_name(tnode_get(r, "q")), "sequence");
	assert_string_equal(tnode_kind_name(NULL), "null");
	tree_free(&t);
}

static void
test_buf(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t len;

	(void)state;
	assert_string_equal(b.buf, "");
	b.max = 5;
	assert_int_equal(buf_adds(&b, "abc"), 0);
	assert_int_equal(buf_adds(&b, "def"), -1);
	assert_string_equal(b.buf, "abc");
	assert_int_equal(buf_addf(&b, "%d", 12), 0);
	assert_int_equal(buf_addch(&b, 'x'), -1);
	assert_string_equal(b.buf, "abc12");
	buf_release(&b);
	assert_int_equal(b.max, 5);
	b.max = 0;
	assert_int_equal(buf_add_json_str(&b, "a\"\\\n\x01", 5), 0);
	assert_string_equal(b.buf, "\"a\\\"\\\\\\n\\u0001\"");
	s = buf_detach(&b, &len);
	assert_int_equal(len, strlen(s));
	free(s);
	assert_int_equal(b.len, 0);
}

static void
test_arena(void **state)
{
	struct arena *a = arena_new();
	char *p, *big;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		p = arena_alloc(a, 24);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 1, 24);
	}
	big = arena_zalloc(a, 1000000);
	assert_int_equal(big[999999], 0);
	assert_string_equal(arena_strndup(a, "hello", 4), "hell");
	assert_true(arena_footprint(a) >= 1000000 + 240000);
	arena_free(&a);
	assert_null(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_render_sort),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
