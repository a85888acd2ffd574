/*
 * test_utf8.c: utf8.c (decoding, boundaries, the escaping of unsafe code
 * points) and the places that cut text: tnode_render and derr messages.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/tree.h"
#include "drift/utf8.h"

static void
test_decode(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("a", 1, &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode("\xc3\xa9", 1, &cp), 0);
	assert_int_equal(utf8_decode("\xe2\x80\xae", 3, &cp), 3);
	assert_int_equal(cp, 0x202e);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode("\xc0\x80", 2, NULL), 0); /* overlong */
	assert_int_equal(
	    utf8_decode("\xed\xa0\x80", 3, NULL), 0); /* surrogate */
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, NULL), 0);
	assert_int_equal(utf8_decode("\x80", 1, NULL), 0);
	assert_int_equal(utf8_decode("", 0, NULL), 0);
	assert_true(utf8_valid("caf\xc3\xa9", 5));
	assert_false(utf8_valid("caf\xc3", 4));
}

static void
test_boundary(void **state)
{
	const char *s = "ab\xc3\xa9\xe2\x82\xac!"; /* a b é € ! */

	(void)state;
	assert_int_equal(utf8_boundary(s, 8, 2), 2);
	assert_int_equal(utf8_boundary(s, 8, 3), 2); /* inside é */
	assert_int_equal(utf8_boundary(s, 8, 4), 4);
	assert_int_equal(utf8_boundary(s, 8, 5), 4); /* inside € */
	assert_int_equal(utf8_boundary(s, 8, 6), 4);
	assert_int_equal(utf8_boundary(s, 8, 7), 7);
	assert_int_equal(utf8_boundary(s, 8, 99), 8);
	/* stray continuation bytes are bytes: cut where asked */
	assert_int_equal(utf8_boundary("a\x80\x80\x80\x80z", 6, 3), 3);
}

static void
test_trim(void **state)
{
	char s[16];

	(void)state;
	snprintf(s, sizeof(s), "%s", "abc\xc3");
	utf8_trim(s, 15);
	assert_string_equal(s, "abc");
	snprintf(s, sizeof(s), "%s", "abc\xe2\x82");
	utf8_trim(s, 15);
	assert_string_equal(s, "abc");
	snprintf(s, sizeof(s), "%s", "abc\xe2\x82\xac");
	utf8_trim(s, 15);
	assert_string_equal(s, "abc\xe2\x82\xac");
	snprintf(s, sizeof(s), "%s", "abc\xe2\x82\xac");
	utf8_trim(s, 5);
	assert_string_equal(s, "abc");
}

static void
test_escape(void **state)
{
	static const char mixed[] = "a\x1b]0;t\x07 \xc2\x9b \xe2\x80\xae "
				    "\xe2\x81\xa6 \xff\n\tz\xc3\xa9";
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(
	    utf8_escape(&b, mixed, strlen(mixed), UTF8_STYLE_C, 0), 0);
	assert_string_equal(b.buf,
	    "a\\x1b]0;t\\x07 \\u009b \\u202e \\u2066 \\xff\\x0a\\x09z\xc3\xa9");
	buf_reset(&b);
	assert_int_equal(
	    utf8_escape(&b, "\xc2\x9d|\n|\t", 6, UTF8_STYLE_JSON, UTF8_KEEP_NL),
	    0);
	assert_string_equal(b.buf, "\\u009d|\n|\\u0009");
	buf_reset(&b);
	assert_int_equal(utf8_escape(&b, "\x80", 1, UTF8_STYLE_JSON, 0), 0);
	assert_string_equal(b.buf, "\\ufffd");
	buf_reset(&b);
	/* jansson writes DEL as it is: JSON style escapes it (fuzz_report) */
	assert_int_equal(utf8_escape(&b, "\x7f", 1, UTF8_STYLE_JSON, 0), 0);
	assert_string_equal(b.buf, "\\u007f");
	buf_release(&b);
	assert_true(utf8_unsafe(0x9b));
	assert_true(utf8_unsafe(0x2069));
	assert_false(utf8_unsafe(0xe9));
	assert_false(utf8_unsafe(0x2070));
}

/* a long string of 2- and 3-byte characters, cut at every length */
static void
test_render_cut(void **state)
{
	struct buf s = BUF_INIT, b = BUF_INIT;
	struct tnode n;
	size_t max, i;

	(void)state;
	for (i = 0; i < 40; i++)
		buf_adds(&s, i % 3 ? "\xc3\xa9" : "\xe2\x82\xac\\\"\n");
	tnode_set_str(&n, s.buf, s.len);
	for (max = 1; max < s.len + 8; max++) {
		buf_reset(&b);
		assert_int_equal(tnode_render(&n, &b, max), 0);
		assert_true(utf8_valid(b.buf, b.len));
		if (b.len > 3 && strcmp(b.buf + b.len - 3, "...") == 0) {
			size_t k = b.len - 3, run = 0;

			/* no half escape before "...": an even run of '\' */
			while (k > 0 && b.buf[k - 1] == '\\') {
				k--;
				run++;
			}
			assert_int_equal(run % 2, 0);
			assert_false(b.len - 3 >= 5 &&
			    memcmp(b.buf + b.len - 8, "\\u00", 4) == 0);
		}
	}
	buf_release(&b);
	buf_release(&s);
}

static void
test_derr_cut(void **state)
{
	struct derr e = DERR_INIT;
	char big[3000];
	size_t i;

	(void)state;
	/* 1 byte, then 2-byte characters: the 1024-byte message cuts one */
	big[0] = 'x';
	for (i = 1; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[i] = '\0';
	derr_set(&e, 3, big, 1, 1, "%s", big);
	derr_hint(&e, "%s", big);
	assert_true(utf8_valid(e.msg, strlen(e.msg)));
	assert_true(utf8_valid(e.origin, strlen(e.origin)));
	assert_true(utf8_valid(e.hint, strlen(e.hint)));
	assert_true(strlen(e.msg) >= sizeof(e.msg) - 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_render_cut),
		cmocka_unit_test(test_derr_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
