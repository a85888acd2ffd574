/*
 * test_js_scan.c: the JS/TS token scanner (js_scan.h).
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/js_scan.h"
#include "drift/xalloc.h"

/* "K:text@line:col" per token, space separated */
static char *
toks(const char *src, size_t *nwarn)
{
	struct js_scan s;
	struct js_tok t;
	struct buf b = BUF_INIT;
	static const char kinds[] = "EINSTRP";

	js_scan_init(&s, src, strlen(src), 1, 1);
	while (js_scan_next(&s, &t)) {
		buf_addf(&b, "%s%c:%.*s@%u:%u", b.len ? " " : "", kinds[t.kind],
		    (int)(t.end - t.start), src + t.start, t.line, t.col);
		if (t.kind == JT_TEMPLATE)
			buf_addf(&b, "#%zu", t.nholes);
		if (t.gql_magic)
			buf_adds(&b, "!");
	}
	if (nwarn)
		*nwarn = s.nwarns;
	js_scan_release(&s);
	return buf_detach(&b, NULL);
}

/* the same through js_scan_fill() in batches of `batch` tokens; spans:
   the holes of each template listed as @start-end too */
static char *
fill_toks(const char *src, size_t batch, int spans, size_t *nwarn)
{
	struct js_scan s;
	struct jv_tok v[8];
	struct buf b = BUF_INIT;
	static const char kinds[] = "EINSTRP";
	size_t got, i, h, h0, nh;

	assert_true(batch <= 8);
	js_scan_init(&s, src, strlen(src), 1, 1);
	do {
		got = js_scan_fill(&s, v, batch);
		for (i = 0; i < got; i++) {
			buf_addf(&b, "%s%c:%.*s@%u:%u", b.len ? " " : "",
			    kinds[v[i].kind], (int)(v[i].end - v[i].start),
			    src + v[i].start, v[i].line, v[i].col);
			nh = js_tok_holes(s.holes, s.nholes, &v[i], &h0);
			if (v[i].kind == JT_TEMPLATE)
				buf_addf(&b, "#%zu", nh);
			if (v[i].gql_magic)
				buf_adds(&b, "!");
			for (h = 0; spans && h < nh; h++)
				buf_addf(&b, "@%zu-%zu", s.holes[h0 + h].start,
				    s.holes[h0 + h].end);
		}
	} while (got == batch);
	/* fewer than asked: v[got] is the end */
	assert_int_equal(v[got].kind, JT_EOF);
	assert_int_equal(v[got].start, strlen(src));
	if (nwarn)
		*nwarn = s.nwarns;
	js_scan_release(&s);
	return buf_detach(&b, NULL);
}

static void
expect(const char *src, const char *want, size_t warns)
{
	static const size_t batches[] = { 1, 2, 3, 8 };
	size_t nw = 0, k;
	char *got = toks(src, &nw);

	if (strcmp(got, want) != 0)
		fail_msg("src: %s\n got: %s\nwant: %s", src, got, want);
	assert_int_equal(nw, warns);
	free(got);
	/* js_scan_fill() gives the same tokens, whatever the batch */
	for (k = 0; k < sizeof(batches) / sizeof(batches[0]); k++) {
		nw = 0;
		got = fill_toks(src, batches[k], 0, &nw);
		if (strcmp(got, want) != 0)
			fail_msg("fill %zu: src: %s\n got: %s\nwant: %s",
			    batches[k], src, got, want);
		assert_int_equal(nw, warns);
		free(got);
	}
}

static void
test_regex_vs_division(void **state)
{
	(void)state;
	expect("a / b / c", "I:a@1:1 P:/@1:3 I:b@1:5 P:/@1:7 I:c@1:9", 0);
	expect("x = /a'b/g", "I:x@1:1 P:=@1:3 R:/a'b/g@1:5", 0);
	expect("return /[/]/.test(s)",
	    "I:return@1:1 R:/[/]/@1:8 P:.@1:13 I:test@1:14 P:(@1:18 "
	    "I:s@1:19 P:)@1:20",
	    0);
	expect("(a) / 2", "P:(@1:1 I:a@1:2 P:)@1:3 P:/@1:5 N:2@1:7", 0);
}

static void
test_strings_escapes(void **state)
{
	(void)state;
	expect(
	    "'a\\'b', \"c\\\"d\"", "S:'a\\'b'@1:1 P:,@1:7 S:\"c\\\"d\"@1:9", 0);
	/* a line continuation keeps the string going */
	expect("'a\\\nb' x", "S:'a\\\nb'@1:1 I:x@2:4", 0);
	expect("'a\\\r\nb' x", "S:'a\\\r\nb'@1:1 I:x@2:4", 0);
}

static void
test_templates_nested(void **state)
{
	(void)state;
	expect("gql`a ${b ? `c${d}` : '}'} e` f",
	    "I:gql@1:1 T:`a ${b ? `c${d}` : '}'} e`@1:4#1 I:f@1:31", 0);
	expect("`${ {a:1} }` x", "T:`${ {a:1} }`@1:1#1 I:x@1:14", 0);
	expect("`\\`${x}\\${y}`", "T:`\\`${x}\\${y}`@1:1#1", 0);
}

static void
test_jsx_apostrophe(void **state)
{
	(void)state;
	expect("<p>Don't</p>\nx = 'y'",
	    "P:<@1:1 I:p@1:2 P:>@1:3 I:Don@1:4 P:'@1:7 I:t@1:8 P:<@1:9 "
	    "P:/@1:10 I:p@1:11 P:>@1:12 I:x@2:1 P:=@2:3 S:'y'@2:5",
	    0);
	expect("import a from 'b'",
	    "I:import@1:1 I:a@1:8 I:from@1:10 "
	    "S:'b'@1:15",
	    0);
}

static void
test_crlf_and_code_points(void **state)
{
	(void)state;
	expect("a\r\nb\r\n\xc3\xa9\xc3\xa9 c",
	    "I:a@1:1 I:b@2:1 I:\xc3\xa9\xc3\xa9@3:1 I:c@3:4", 0);
}

static void
test_comments_magic(void **state)
{
	(void)state;
	expect("// x 'y\n/* GraphQL */ `q`, /* other */ 'z', /*graphql*/ \"w\"",
	    "T:`q`@2:15#0! P:,@2:18 S:'z'@2:32 P:,@2:35 S:\"w\"@2:49!", 0);
}

static void
test_unterminated(void **state)
{
	(void)state;
	expect("'abc\nx", "S:'abc@1:1 I:x@2:1", 1);
	expect("a `b ${c", "I:a@1:1 T:`b ${c@1:3#1", 1);
	expect("a /* b", "I:a@1:1", 1);
	expect("x = /abc\ny", "I:x@1:1 P:=@1:3 P:/@1:5 I:abc@1:6 I:y@2:1", 0);
}

static void
test_deep_nesting(void **state)
{
	enum { N = 10000 };
	struct buf b = BUF_INIT;
	struct js_scan s;
	struct js_tok t;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < N; i++)
		buf_adds(&b, "`${");
	for (i = 0; i < N; i++)
		buf_adds(&b, "}`");
	for (i = 0; i < N; i++)
		buf_adds(&b, "{[(");
	js_scan_init(&s, b.buf, b.len, 1, 1);
	while (js_scan_next(&s, &t)) {
		if (n == 0) {
			assert_int_equal(t.kind, JT_TEMPLATE);
			assert_int_equal(t.end, 5 * N);
			assert_int_equal(t.nholes, 1);
		}
		n++;
	}
	assert_int_equal(n, 1 + 3 * N);
	js_scan_release(&s);
	buf_release(&b);
}

/* positions on the fast path (identifiers and punctuators, the cursor
   moving with the scan) right after slow-path tokens, tabs, CR, form
   feeds, UTF-8 identifiers, multi-line templates, strings and comments,
   and long ASCII runs (eight bytes at a time) */
static void
test_positions_mixed(void **state)
{
	(void)state;
	expect("\tab\r\n\f\vc", "I:ab@1:2 I:c@2:3", 0);
	expect("\xc3\xa9t\xc3\xa9 = 1; z",
	    "I:\xc3\xa9t\xc3\xa9@1:1 P:=@1:5 N:1@1:7 P:;@1:8 I:z@1:10", 0);
	expect("`a\nbc` x /* \xe6\x97\xa5\n */ = // q\n  'p\xc3\xa9' w",
	    "T:`a\nbc`@1:1#0 I:x@2:5 P:=@3:5 S:'p\xc3\xa9'@4:3 I:w@4:8", 0);
	expect("abcdefghijklmnopqrstuvwxyz0123456789 + \xf0\x9f\x98\x80x",
	    "I:abcdefghijklmnopqrstuvwxyz0123456789@1:1 P:+@1:38 "
	    "I:\xf0\x9f\x98\x80x@1:40",
	    0);
	/* a string across a line continuation, member access, a number
	   starting with a dot, an unterminated string */
	expect("x = 'a\\\nb' + c.d(.5);\n\"e",
	    "I:x@1:1 P:=@1:3 S:'a\\\nb'@1:5 P:+@2:4 I:c@2:6 P:.@2:7 "
	    "I:d@2:8 P:(@2:9 N:.5@2:10 P:)@2:12 P:;@2:13 S:\"e@3:1",
	    1);
	expect("f(`${a}\n${`\n`}`)\n.b",
	    "I:f@1:1 P:(@1:2 T:`${a}\n${`\n`}`@1:3#2 P:)@3:4 P:.@4:1 "
	    "I:b@4:2",
	    0);
}

/* numbers and division on the fast path: exponent signs (not in hex),
   a UTF-8 suffix counted in code points, `/` after a number, `)` or a
   name, a comment right after a number */
static void
test_numbers_division(void **state)
{
	(void)state;
	expect("1e+5 0x1e+5 2/3 3\xc3\xa9 x",
	    "N:1e+5@1:1 N:0x1e@1:6 P:+@1:10 N:5@1:11 N:2@1:13 P:/@1:14 "
	    "N:3@1:15 N:3\xc3\xa9@1:17 I:x@1:20",
	    0);
	expect("(1)/2 a/ b 1.5e-3//c\n7/*d*/ / 8",
	    "P:(@1:1 N:1@1:2 P:)@1:3 P:/@1:4 N:2@1:5 I:a@1:7 P:/@1:8 "
	    "I:b@1:10 N:1.5e-3@1:12 N:7@2:1 P:/@2:8 N:8@2:10",
	    0);
	expect("return /a/ + 1 / 2",
	    "I:return@1:1 R:/a/@1:8 P:+@1:12 "
	    "N:1@1:14 P:/@1:16 N:2@1:18",
	    0);
}

/* js_scan_fill(): the holes of every template of the text stay listed
   (hole0 indexes them), outer holes only */
static void
test_fill_holes(void **state)
{
	char *got;

	(void)state;
	got = fill_toks("`a${b}c${`d${e}`}` + `${f}` + 'g' + `h`", 2, 1, NULL);
	assert_string_equal(got,
	    "T:`a${b}c${`d${e}`}`@1:1#2@2-6@7-17 P:+@1:20 "
	    "T:`${f}`@1:22#1@22-26 P:+@1:29 S:'g'@1:31 P:+@1:35 "
	    "T:`h`@1:37#0");
	free(got);
	/* an unterminated template keeps its holes too */
	got = fill_toks("x `${y}", 1, 1, NULL);
	assert_string_equal(got, "I:x@1:1 T:`${y}@1:3#1@3-7");
	free(got);
	/* js_tok_holes(): a template's run, none for another token, none
	   past the last hole */
	{
		static const struct js_hole hs[] = { { 2, 6 }, { 7, 17 },
			{ 22, 26 } };
		struct jv_tok k;
		size_t h0;

		memset(&k, 0, sizeof(k));
		k.kind = JT_TEMPLATE;
		k.start = 0;
		k.end = 19;
		assert_int_equal(js_tok_holes(hs, 3, &k, &h0), 2);
		assert_int_equal(h0, 0);
		k.start = 21;
		k.end = 28;
		assert_int_equal(js_tok_holes(hs, 3, &k, &h0), 1);
		assert_int_equal(h0, 2);
		k.start = 36;
		k.end = 39;
		assert_int_equal(js_tok_holes(hs, 3, &k, &h0), 0);
		k.start = 21;
		k.kind = JT_STRING;
		assert_int_equal(js_tok_holes(hs, 3, &k, &h0), 0);
		k.kind = JT_TEMPLATE;
		assert_int_equal(js_tok_holes(NULL, 0, &k, &h0), 0);
	}
}

/* the plain flag of each token of src, one digit per token, through
   js_scan_fill() in batches of one and of eight */
static void
expect_plain(const char *src, const char *want)
{
	static const size_t batches[] = { 1, 8 };
	struct js_scan s;
	struct jv_tok v[8];
	char got[64];
	size_t b, n, got_n, i;

	for (b = 0; b < 2; b++) {
		n = 0;
		js_scan_init(&s, src, strlen(src), 1, 1);
		do {
			got_n = js_scan_fill(&s, v, batches[b]);
			for (i = 0; i < got_n && n + 1 < sizeof(got); i++)
				got[n++] = (char)('0' + v[i].plain);
		} while (got_n == batches[b]);
		got[n] = '\0';
		js_scan_release(&s);
		if (strcmp(got, want) != 0)
			fail_msg("src: %s\n got: %s\nwant: %s", src, got, want);
	}
}

/* strings are plain (their text is their value) when they hold no
   backslash, CR, LF or byte >= 0x80, on the fast path and the slow one
   (after a comment); a template never is */
static void
test_plain_strings(void **state)
{
	(void)state;
	expect_plain("'a', \"bcdefghijklmnopqrstuvwxyz\", x", "10100");
	expect_plain("'a\\n', 'b\xc3\xa9', 'c\rd', 'e\\\nf', `g`", "000000000");
	expect_plain("/* c */ 'abc', /* d */ 'a\\b', `x`", "10000");
	/* an unterminated one at a LF, and at the end of the text */
	expect_plain("'abc\n, 'abcdefghijklmnopqrstuvwxyz", "101");
	expect_plain("'abcdefghijklmnopqrstuvwxyz\xc3\xa9", "0");
}

/* sixteen and eight bytes at a time: positions after long strings and
   templates whose escape, CR, LF or UTF-8 byte sits at each offset of a
   block, block comments with stars, and the end of a text that ends in
   names and white space (taken one token at a time) */
static void
test_positions_long_runs(void **state)
{
	char src[128], want[256];
	size_t k;

	(void)state;
	for (k = 0; k < 40; k++) {
		/* 'a..aébbb..b' x: k a's, then a UTF-8 e-acute and 20 b's,
		   that is k + 23 columns before " x" */
		snprintf(src, sizeof(src), "'%.*s\xc3\xa9%s'", (int)k,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "bbbbbbbbbbbbbbbbbbbb");
		snprintf(want, sizeof(want), "S:%s@1:1 I:x@1:%zu", src, k + 25);
		strcat(src, " x");
		expect(src, want, 0);
		/* a template with a LF after k a's, then a euro sign and a
		   CRLF: y on line 3, column 4 */
		snprintf(src, sizeof(src), "`%.*s\nbb\xe2\x82\xac%s\r\nc`",
		    (int)k, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "bbbbbbbbbbbbbbbbbb");
		snprintf(want, sizeof(want), "T:%s@1:1#0 I:y@3:4", src);
		strcat(src, " y");
		expect(src, want, 0);
	}
	expect("a /* * ** *\xc3\xa9 */ b /***/ c /* x **/ d",
	    "I:a@1:1 I:b@1:17 I:c@1:25 I:d@1:36", 0);
	expect("a /* b *", "I:a@1:1", 1);
	expect("f(x) \n y  z\xc3\xa9 \t\n",
	    "I:f@1:1 P:(@1:2 I:x@1:3 P:)@1:4 I:y@2:2 I:z\xc3\xa9@2:5", 0);
	expect("abc", "I:abc@1:1", 0);
	expect("", "", 0);
}

/* every field of every token, the holes, the warnings and the
   declaration candidates of src, through js_scan_fill() in batches of
   batch, on the fast path or (slow) the general one only */
static char *
dump_all(const char *src, size_t len, size_t batch, int slow)
{
	struct js_scan s;
	struct jv_tok v[64];
	struct buf b = BUF_INIT;
	size_t got, i, h, h0, nh, ntok = 0, nl = 0, nc = 0;
	/* every token's kind and first byte, for the lists */
	unsigned char *kind = xmalloc(len + 1), *first = xmalloc(len + 1);

	assert_true(batch <= 64);
	js_scan_init(&s, src, len, 1, 1);
	s.no_fast = slow;
	do {
		got = js_scan_fill(&s, v, batch);
		for (i = 0; i <= got && i < batch; i++) {
			const struct jv_tok *k = &v[i];

			if (i == got && k->kind != JT_EOF)
				break;
			if (i < got) {
				assert_true(ntok <= len);
				kind[ntok] = k->kind;
				/* the identifier `as` marked 'A' */
				first[ntok++] = k->kind == JT_IDENT &&
					k->end - k->start == 2 &&
					memcmp(src + k->start, "as", 2) == 0
				    ? 'A'
				    : (unsigned char)src[k->start];
			}
			buf_addf(&b, "%u:%u-%u@%u:%u/%u%u%u", (unsigned)k->kind,
			    (unsigned)k->start, (unsigned)k->end,
			    (unsigned)k->line, (unsigned)k->col,
			    (unsigned)k->gql_magic, (unsigned)k->unterminated,
			    (unsigned)k->plain);
			nh = js_tok_holes(s.holes, s.nholes, k, &h0);
			for (h = 0; h < nh; h++)
				buf_addf(&b, "{%zu-%zu}", s.holes[h0 + h].start,
				    s.holes[h0 + h].end);
			buf_adds(&b, " ");
		}
	} while (got == batch);
	for (i = 0; i < s.nwarns; i++)
		buf_addf(&b, "W%u:%u:%s ", (unsigned)s.warns[i].line,
		    (unsigned)s.warns[i].col, s.warns[i].what);
	for (i = 0; i < s.ncands; i++)
		buf_addf(&b, "C%u ", (unsigned)s.cands[i]);
	/* the literal and call lists hold exactly what a walk over every
	   token finds, in order */
	for (i = 0; i < ntok; i++) {
		if (kind[i] == JT_STRING || kind[i] == JT_TEMPLATE) {
			if (nl >= s.nlits || s.lits[nl] != i)
				fail_msg("src %.*s: literal %zu not listed",
				    (int)len, src, i);
			nl++;
		}
		if (i > 0 && kind[i - 1] == JT_IDENT &&
		    ((kind[i] == JT_PUNCT &&
			 (first[i] == '(' || first[i] == '<' ||
			     first[i] == '.')) ||
			(kind[i] == JT_IDENT && first[i] == 'A'))) {
			if (nc >= s.ncalls || s.calls[nc] != i - 1)
				fail_msg("src %.*s: call %zu not listed",
				    (int)len, src, i - 1);
			nc++;
		}
	}
	assert_int_equal(nl, s.nlits);
	assert_int_equal(nc, s.ncalls);
	for (i = 0; i < s.nlits; i++)
		buf_addf(&b, "L%u ", (unsigned)s.lits[i]);
	for (i = 0; i < s.ncalls; i++)
		buf_addf(&b, "F%u ", (unsigned)s.calls[i]);
	free(kind);
	free(first);
	js_scan_release(&s);
	return buf_detach(&b, NULL);
}

/* the fast path gives what the general one gives, in any batch (on a
   copy of exactly len bytes: a read past the text is an overflow under
   the address sanitizer) */
static void
expect_same_paths(const char *text, size_t len)
{
	static const size_t batches[] = { 1, 3, 64 };
	char *src = xmalloc(len ? len : 1);
	char *want;
	size_t k;

	memcpy(src, text, len);
	want = dump_all(src, len, 64, 1);

	for (k = 0; k < sizeof(batches) / sizeof(batches[0]); k++) {
		char *got = dump_all(src, len, batches[k], 0);

		if (strcmp(got, want) != 0)
			fail_msg("batch %zu: src: %.*s\n got: %s\nwant: %s",
			    batches[k], (int)len, src, got, want);
		free(got);
	}
	free(want);
	free(src);
}

/* tricky texts, then random mixes of fragments: regex or division, JSX
   text and closing tags, comments (magic, unterminated, UTF-8, CRLF,
   to the end), strings with escapes, nested templates, numbers,
   declarations, UTF-8 names */
static void
test_fast_path_same(void **state)
{
	static const char *const texts[] = {
		"a / b / c; x = /re[/]g/i.test(y); return /x/ / 2",
		"if (x3 / 2 > 1 && /ab+c[/]/.test(y)) { f('/i?x=1,2') }",
		"<p>Don't</p> <a>x</a> </b> a </ c < /re/ (x) / y ] /z/",
		"// c 'q' `t` \xc3\xa9\n/* b { } \xe2\x82\xac */ function f(a) "
		"{}",
		"/* GraphQL */ `query { a }` /* graphql */ /* x */ gql`q`",
		"x // to the end \xc3\xa9",
		"x /* unterminated \n comment",
		"a //\r\nb /*\r\n*/ c // \r\n",
		"const s = 'it\\'s' + \"x\\\"y\" + `t ${a + `n${b}`} e`",
		"let a = 1e+5, b = 0x1e+5, c = .5, d = 1.5e-3n; var q",
		"const \xc3\xa9t\xc3\xa9 = '\xc3\xa9'; x\xc3\xa9 / 2 "
		"/\xc3\xa9/g",
		"'unterminated\nx \"also\r\ny 'end",
		"a\\b /x\\/y/ /[\\]]/ / /\n/ z",
		"`unterminated ${ a + ' } `",
		"return\n/re/ typeof /x/ in /y/ of /z/",
		"x</y> </ y> <//> <a/> a</b",
		"#priv $d _u \xe6\x97\xa5\xe6\x9c\xac = 1 /* \xe6\x97\xa5 */ / "
		"2",
		"f(x) \n y  z\xc3\xa9 \t\n",
		"'aaaaaaaaaaaaaaaaaaaa\\'"
		"bbbbbbbbbbbbbbbbbbbbb\\\r\ncccccccccccc"
		"ccccccc\xc3\xa9"
		"dddddddddddddddddd\rx' + \"eeeeeeeeeeeeeeeeeeee\nq",
		"x = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\",
		"gql`\n  query {\n    a \\` $x $ { \xc3\xa9 }\r\n`.x / 2 "
		"`$`/1/",
		"`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\",
		"`aaaaaaaaaaaaaaaaaaa\n\xe2\x82\xac` `b${c}d` `e` `f$",
		"\t\v\f x \r\n\r\n   ",
		/* templates with holes on the fast path (skip_template) and
		   what it leaves to the general one */
		"`a${b}c${d + {e: 1}.e}f` x / 2 `t ${a + `n${b}`} e` / 3",
		"`${`${`${`${`${`${`${`${`${`${`${`${`${`${`${`${`${x}`}`}`}`}"
		"`}`}`}`}`}`}`}`}`}`}`}`}` / 2 `${`${`${`${`${`${`${`${`${`${"
		"`${`${`${`${`${x}`}`}`}`}`}`}`}`}`}`}`}`}`}`}`}` / 2",
		"`${a ? 'b' : \"c\"}` `${a / 2}` `${/re/}` / `${a // c\n}` "
		"`${/* c */ a}` / 1",
		"`x\\${a}` `$${a}$` `${a}\\` `${ a }` `${\\`}` `$` `${}` / 2",
		"`${a\n\xc3\xa9 + b}` y `\r\n${\r\n}\xe2\x82\xac` z",
		"`${a",
		"`${`x`",
		"`${ {`",
		"`${a}",
		"`${a}\\",
		"x `${a}` `${b}` /c/",
		/* calls and member accesses (s->calls), spaced, commented,
		   after a template, a string, a number, a keyword */
		"client\n  .request(readItems('a', { f: ['x'] })) f (x) a.b.c",
		"useQuery<T>(q) x /* c */ (y) z // c\n.w `t`.x 'a'.b 1 .x 0.5",
		"return (x) typeof(y) aÃ©(1) #p.q $(x) gql`q`(y) _ <",
		/* a cast callee: the identifier before `as` */
		"(readItems as any)('a') x as const as T 'a' as b as(1) ( as",
		"",
	};
	static const char *const frags[] = { "a", "x1", "const", "let", "var",
		"return", "typeof", " ", "\n", "\r\n", "\t", "/", "//c\n",
		"// \xc3\xa9", "/*c*/", "/* GraphQL */", "/*\n\xc3\xa9*/", "/*",
		"*/", "'s'", "'", "\"d\\\"\"", "\"", "`t${x}`", "`", "${", "}",
		"{", "(", ")", "[", "]", "<", ">", "</", ".", ".5", "1e+5",
		"0x1e-2", "\\", "\xc3\xa9", "\xe6\x97\xa5", "/[/]/g", "=", ",",
		"as", ";", "#", "$", "\x80", "*", "${a}", "`${a}`",
		"`x${`y${z}`}w`", "}`", "`${{}}`" };
	const size_t nfrags = sizeof(frags) / sizeof(frags[0]);
	char buf[512];
	uint32_t seed = 12345;
	size_t k, j, n;

	(void)state;
	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		expect_same_paths(texts[k], strlen(texts[k]));
	for (k = 0; k < 3000; k++) {
		size_t parts;

		seed = seed * 1103515245u + 12345u;
		parts = 1 + (seed >> 16) % 40;
		n = 0;
		for (j = 0; j < parts; j++) {
			const char *f;
			size_t l;

			seed = seed * 1103515245u + 12345u;
			f = frags[(seed >> 16) % nfrags];
			l = strlen(f);
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, f, l);
			n += l;
		}
		expect_same_paths(buf, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_vs_division),
		cmocka_unit_test(test_strings_escapes),
		cmocka_unit_test(test_templates_nested),
		cmocka_unit_test(test_jsx_apostrophe),
		cmocka_unit_test(test_crlf_and_code_points),
		cmocka_unit_test(test_comments_magic),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_positions_mixed),
		cmocka_unit_test(test_numbers_division),
		cmocka_unit_test(test_fill_holes),
		cmocka_unit_test(test_plain_strings),
		cmocka_unit_test(test_positions_long_runs),
		cmocka_unit_test(test_fast_path_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
