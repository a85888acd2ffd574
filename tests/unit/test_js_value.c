/*
 * test_js_value.c: JS/TS literal values over tokens (js_value.h).
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
#include "drift/js_value.h"

/* a value as compact text: strings quoted (holes as $), objects {k:v},
   arrays [a,b], the rest by kind; ~ marks JVF_DYNAMIC */
static void
show(const struct jv *v, struct buf *b)
{
	size_t i;

	switch (v->kind) {
	case JV_STRING:
		buf_addch(b, '\'');
		for (i = 0; i < v->n; i++)
			buf_addch(b, v->s[i] == JV_HOLE ? '$' : v->s[i]);
		buf_addch(b, '\'');
		break;
	case JV_NUM:
		buf_add(b, v->s, v->n);
		break;
	case JV_TRUE:
		buf_adds(b, "true");
		break;
	case JV_FALSE:
		buf_adds(b, "false");
		break;
	case JV_NULL:
		buf_adds(b, "null");
		break;
	case JV_IDENT:
		buf_addf(b, "@%.*s", (int)v->n, v->s);
		break;
	case JV_OBJECT:
		buf_addch(b, '{');
		for (i = 0; i < v->nprops; i++) {
			if (i)
				buf_addch(b, ',');
			buf_addf(b, "%s:", v->props[i].key);
			show(v->props[i].val, b);
		}
		buf_addch(b, '}');
		break;
	case JV_ARRAY:
		buf_addch(b, '[');
		for (i = 0; i < v->nitems; i++) {
			if (i)
				buf_addch(b, ',');
			show(v->items[i], b);
		}
		buf_addch(b, ']');
		break;
	default:
		buf_adds(b, "?");
		break;
	}
	if (v->flags & JVF_DYNAMIC)
		buf_addch(b, '~');
}

/* the value after the last `x =` of src (through jv_fold() when fold) */
static void
check_as(const char *src, const char *want, int fold)
{
	struct jv_toks t;
	struct buf b = BUF_INIT;
	const struct jv *v;
	size_t i;

	jv_toks_init(&t, src, strlen(src), 1, 1);
	for (i = t.n; i-- > 0;)
		if (jv_ident(&t, i, "x") && jv_punct(&t, i + 1, '='))
			break;
	assert_true(i < t.n);
	i += 2;
	v = jv_parse(&t, &i);
	show(fold ? jv_fold(&t, v) : v, &b);
	buf_addch(&b, '\0');
	if (strcmp(b.buf, want) != 0)
		fail_msg("%s\n  got  %s\n  want %s", src, b.buf, want);
	buf_release(&b);
	jv_toks_release(&t);
}

static void
check(const char *src, const char *want)
{
	check_as(src, want, 0);
}

static void
check_fold(const char *src, const char *want)
{
	check_as(src, want, 1);
}

static void
test_literals(void **state)
{
	(void)state;
	check("x = 'a\\'b\\n'", "'a'b\n'");
	check("x = \"\\u0041\\x42\\u{43}\"", "'ABC'");
	check("x = -12.5", "-12.5");
	check("x = [true, false, null, undefined, 3]",
	    "[true,false,null,null,3]");
	check("x = { a: 1, 'b-c': [2], \"d\": { e: 'f' }, 4: 5, }",
	    "{a:1,b-c:[2],d:{e:'f'},4:5}");
	check("x = [, 'a', , 'b']", "['a','b']");
	check("x = `a${b}c`", "'a$c'~");
	check("x = `plain`", "'plain'");
}

static void
test_not_literals(void **state)
{
	(void)state;
	check("x = a + 'b'", "?");
	check("x = f(1)", "?");
	check("x = 'a' + b", "?");
	check("x = { a: () => 1, b: function () { return 2 }, c: 3 }",
	    "{a:?,b:?,c:3}");
	check("x = { m() { return 1 }, n: 2 }", "{m:?,n:2}");
	check("x = { [k]: 1, b: 2 }", "{b:2}~");
	check("x = unknownName", "@unknownName");
}

/* cond ? a : b: a query sends one branch or the other, so both count */
static void
test_conditionals(void **state)
{
	(void)state;
	check("x = cond ? ['a'] : ['b']", "['a','b']");
	check("x = a && b ? { p: 1 } : { p: 2, s: 'x' }", "{p:1,p:2,s:'x'}");
	check("x = c ? 'a' : 'b'", "['a','b']");
	check("x = c ? 'a' : 'a'", "'a'");
	check("x = ['id', c ? 'a' : 'b', 'z']", "['id','a','b','z']");
	check("x = c ? { f: ['id'] } : null", "{f:['id']}");
	check("x = c ? undefined : ['id']", "['id']");
	check("x = c ? ['a'] : { b: 1 }", "?");
	check("x = f(y) ? 1 : 2", "1");
	check("x = a.b[0] === 'x' ? [1] : [2]", "[1,2]");
	/* nested, in either branch */
	check("x = a ? b ? ['p'] : ['q'] : ['r']", "['p','q','r']");
	check("x = a ? ['p'] : b ? ['q'] : ['r']", "['p','q','r']");
	/* each key keeps its place (jv_fold() merges them) */
	check("x = { k: c ? { a: ['x'] } : { a: ['y'], b: 2 }, z: 1 }",
	    "{k:{a:['x'],a:['y'],b:2},z:1}");
	check("const base = ['id']; x = c ? base : ['t']", "['id','t']");
	check("x = c ? [1, ...r] : [2]", "[1,2]~");
	/* a parenthesised branch is not read: the spread is dynamic */
	check("x = [...(c ? ['a'] : [])]", "[]~");
	/* not conditionals: ?. and ?? */
	check("x = a?.b ?? ['p']", "?");
	check("x = a ?? b ? ['p'] : ['q']", "['p','q']");
	check("x = a?.b ? ['p'] : ['q']", "['p','q']");
	/* TypeScript in a branch */
	check("x = c ? ['a'] as any : ['b'] as const", "['a','b']");
	check("x = { f: c ? g(1) : ['b'], h: 2 }", "{f:?,h:2}");
	/* unterminated or broken: not a literal, and the rest still read */
	check("x = c ? ['a']", "?");
	check("x = { f: c ? ['a'], g: 1 }", "{f:?,g:1}");
	check("x = { f: c ? : ['b'], g: 1 }", "{f:?,g:1}");
}

static void
test_fold(void **state)
{
	(void)state;
	/* the keys of both branches once, their values both */
	check_fold("x = c ? { fields: ['id'], limit: 1 } : { fields: ['t'] }",
	    "{fields:['id','t'],limit:1}");
	check_fold("x = c ? { filter: { a: { _eq: 1 } } } : "
		   "{ filter: { b: { _eq: 2 } } }",
	    "{filter:{a:{_eq:1},b:{_eq:2}}}");
	check_fold("x = c ? { sort: '-id' } : { sort: 'title' }",
	    "{sort:['-id','title']}");
	check_fold("x = a ? { f: ['p'] } : b ? { f: ['q'] } : { f: ['r'] }",
	    "{f:['p','q','r']}");
	/* a literal's own duplicate keys are JavaScript's: the last wins
	   (jv_get), and jv_fold() leaves them */
	check_fold("x = { fields: ['a'], fields: ['b'] }",
	    "{fields:['a'],fields:['b']}");
	check_fold("x = ['a']", "['a']");
}

static void
test_typescript(void **state)
{
	(void)state;
	check("x = ['a', 'b'] as const", "['a','b']");
	check("x = { fields: ['id'] } satisfies Query<Schema, Post>",
	    "{fields:['id']}");
	check("x = { f: y as never, g: 'z' as any }", "{f:@y,g:'z'}");
	check("x = { a: b!, c: 1 }", "{a:@b,c:1}");
	check("x = [1 as number, 2]", "[1,2]");
	check("x = { a: [1] as Array<Record<string, number>>, b: 2 }",
	    "{a:[1],b:2}");
}

static void
test_declarations(void **state)
{
	(void)state;
	check("const f = ['id', 'title']; const q = { fields: f }; x = q",
	    "{fields:['id','title']}");
	check("const base = { limit: 1 }; x = { ...base, sort: ['-id'] }",
	    "{limit:1,sort:['-id']}");
	check("const a = ['x']; x = [...a, 'y', ...b]", "['x','y']~");
	check("x = { ...rest, a: 1 }", "{a:1}~");
	check("const title = 'T'; x = { title, status }",
	    "{title:'T',status:@status}");
	/* the nearest declaration before the use; hoisted when none */
	check("const n = 1; function g() { const n = 2; x = n }", "2");
	check("x = later; const later = ['late']", "['late']");
	/* typed declarations */
	check("const f: string[] = ['a']; x = f", "['a']");
	check("const f: Record<string, number> = { a: 1 }; x = f", "{a:1}");
	/* self-reference and long chains end */
	check("const a = a; x = a", "@a");
	check("const a = b; const b = c; const c = d; const d = e; "
	      "const e = f; const f = g; const g = h; const h = i; "
	      "const i = j; const j = ['deep']; x = a",
	    "@i");
}

/* code without semicolons: a statement keyword at the start of a line
   ends the value (else every skip would run to the end of the file) */
static void
test_asi(void **state)
{
	const char *src = "x = 'a' + b\nconst y = ['c'] as const\n"
			  "export const z = 1";
	struct jv_toks t;
	struct jv *v;
	size_t i = 2;

	(void)state;
	check("x = ['a'] as const\nconst y = 1", "['a']");
	check("x = { a: 1 }\nif (q) { }", "{a:1}");
	jv_toks_init(&t, src, strlen(src), 1, 1);
	v = jv_parse(&t, &i);
	assert_int_equal(v->kind, JV_OTHER);
	assert_true(jv_ident(&t, i, "const"));
	i += 3;
	v = jv_parse(&t, &i);
	assert_int_equal(v->kind, JV_ARRAY);
	assert_true(jv_ident(&t, i, "export"));
	jv_toks_release(&t);
}

static void
test_transparent_calls(void **state)
{
	(void)state;
	check("x = JSON.stringify({ a: 1 })", "{a:1}");
	check("x = encodeURIComponent(JSON.stringify({ a: [1] }))", "{a:[1]}");
	check("x = JSON.parse('{}')", "?");
}

static void
test_holes_and_positions(void **state)
{
	const char *src = "x = `/items/a?filter=${encodeURIComponent("
			  "JSON.stringify({ status: 'x' }))}&b=${q}`;\n"
			  "y = 'ab\\ncd';\nz = `l1\nl2${v}tail`";
	struct jv_toks t;
	struct jv *v, *h;
	struct buf b = BUF_INIT;
	size_t i = 2;
	uint32_t line, col;

	(void)state;
	jv_toks_init(&t, src, strlen(src), 1, 1);
	v = jv_parse(&t, &i);
	assert_int_equal(v->kind, JV_STRING);
	h = jv_hole_value(&t, v, 0);
	show(h, &b);
	buf_addch(&b, '\0');
	assert_string_equal(b.buf, "{status:'x'}");
	assert_int_equal(h->props[0].line, 1);
	assert_int_equal(h->props[0].col, 60);
	assert_int_equal(jv_hole_value(&t, v, 1)->kind, JV_IDENT);
	assert_int_equal(jv_hole_value(&t, v, 2)->kind, JV_OTHER);
	/* cooked offsets map back to the source, escapes and holes too */
	jv_pos(&t, v, 1, &line, &col); /* "i" of /items */
	assert_int_equal(line, 1);
	assert_int_equal(col, 7);
	for (i = 0; i < t.n && !jv_ident(&t, i, "y"); i++)
		;
	i += 2;
	v = jv_parse(&t, &i);
	assert_int_equal(v->n, 5);
	jv_pos(&t, v, 3, &line, &col); /* c, after the \n escape */
	assert_int_equal(line, 2);
	assert_int_equal(col, 10);
	for (i = 0; i < t.n && !jv_ident(&t, i, "z"); i++)
		;
	i += 2;
	v = jv_parse(&t, &i);
	jv_pos(&t, v, 6, &line, &col); /* t of tail, after the hole */
	assert_int_equal(line, 4);
	assert_int_equal(col, 7);
	buf_release(&b);
	jv_toks_release(&t);
}

/* the string value of the token after "x =" in src */
static struct jv *
string_of(struct jv_toks *t, const char *src)
{
	size_t i = 2;

	jv_toks_init(t, src, strlen(src), 1, 1);
	return jv_parse(t, &i);
}

/* cooking: short strings copied as they are, JVF_PLAIN only for one line
   of ASCII without escapes; long ones and escapes cooked the same way */
static void
test_cooking_plain(void **state)
{
	static const struct {
		const char *src, *want;
		int plain;
	} cases[] = {
		{ "x = 'title'", "title", 1 },
		{ "x = ''", "", 1 },
		{ "x = \"a\\tb\"", "a\tb", 0 },
		{ "x = 'caf\xc3\xa9'", "caf\xc3\xa9", 0 },
		{ "x = `a\rb`", "a\rb", 0 },
		{ "x = `a\nb`", "a\nb", 0 },
		{ "x = 'a\\\nb'", "ab", 0 },
		/* 64 and 65 bytes: the short path and the general one */
		{ "x = '0123456789012345678901234567890123456789012345678901"
		  "234567890123'",
		    "01234567890123456789012345678901234567890123456789012345"
		    "67890123",
		    1 },
		{ "x = '0123456789012345678901234567890123456789012345678901"
		  "2345678901234'",
		    "01234567890123456789012345678901234567890123456789012345"
		    "678901234",
		    1 },
		{ "x = '0123456789012345678901234567890123456789012345678901"
		  "2345678901\xc3\xa9'",
		    "01234567890123456789012345678901234567890123456789012345"
		    "678901\xc3\xa9",
		    0 },
		{ "x = 'unterminated", "unterminated", 1 },
		/* the scanner says plain only without a backslash or CR (a
		   lone one at the end cooks to itself: plain too) */
		{ "x = 'ab\\", "ab\\", 1 },
		{ "x = 'a\rb'", "a\rb", 0 },
		{ "x = \"it's\"", "it's", 1 },
	};
	size_t k;
	uint32_t line, col;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct jv_toks t;
		struct jv *v = string_of(&t, cases[k].src);

		assert_int_equal(v->kind, JV_STRING);
		assert_int_equal(v->n, strlen(cases[k].want));
		assert_memory_equal(v->s, cases[k].want, v->n);
		assert_int_equal(v->s[v->n], '\0');
		if (cases[k].plain != !!(v->flags & JVF_PLAIN))
			fail_msg("%s: plain %d", cases[k].src, !cases[k].plain);
		if (v->n > 0) {
			/* the last byte, where it is in the source */
			jv_pos(&t, v, v->n - 1, &line, &col);
			if (cases[k].plain) {
				assert_int_equal(line, 1);
				assert_int_equal(col, 6 + v->n - 1);
			}
		}
		jv_toks_release(&t);
	}
}

/* jv_get: keys of one length told apart by any byte, the last one of a
   name winning; quoted keys (plain or cooked) like bare ones */
static void
test_get_keys(void **state)
{
	struct jv_toks t;
	struct jv *o;
	size_t i = 0;
	const char *src = "{ abc: 1, abd: 2, 'abe': 3, \"a\\x62f\": 4, abc: 5, "
			  "'': 6 }";

	(void)state;
	jv_toks_init(&t, src, strlen(src), 1, 1);
	o = jv_parse(&t, &i);
	assert_int_equal(o->kind, JV_OBJECT);
	assert_int_equal(jv_get(o, "abc")->s[0], '5');
	assert_int_equal(jv_get(o, "abd")->s[0], '2');
	assert_int_equal(jv_get(o, "abe")->s[0], '3');
	assert_int_equal(jv_get(o, "abf")->s[0], '4');
	assert_int_equal(jv_get(o, "")->s[0], '6');
	assert_null(jv_get(o, "abg"));
	assert_null(jv_get(o, "ab"));
	assert_null(jv_get(o, "abcd"));
	assert_null(jv_get(NULL, "abc"));
	jv_toks_release(&t);
}

static void
test_args(void **state)
{
	const char *src = "readItems<S, 'a'>('articles', { fields: ['id'] }, "
			  "extra, more)";
	struct jv_toks t;
	struct jv *args[2];
	size_t open, close, n;

	(void)state;
	jv_toks_init(&t, src, strlen(src), 1, 1);
	assert_true(jv_punct(&t, 1, '<'));
	open = jv_match(&t, 1) + 1;
	assert_true(jv_punct(&t, open, '('));
	n = jv_args(&t, open, args, 2, &close);
	assert_int_equal(n, 4);
	assert_int_equal(args[0]->kind, JV_STRING);
	assert_string_equal(args[0]->s, "articles");
	assert_non_null(jv_get(args[1], "fields"));
	assert_null(jv_get(args[1], "filter"));
	assert_true(jv_punct(&t, close, ')'));
	assert_int_equal(close, t.n - 1);
	jv_toks_release(&t);
}

/* hostile input: deep nesting, unterminated constructs, unbalanced
   brackets end without a crash and in linear-ish time */
/* where a parse stops and where its values are: the token index after
   the value, and the line:col and token of nested values (the parsers
   keep the token array in locals and stop at a delimiter table) */
static void
stop(const char *src, size_t want_i, const char *want)
{
	struct jv_toks t;
	struct buf b = BUF_INIT;
	size_t i = 2;

	jv_toks_init(&t, src, strlen(src), 1, 1);
	show(jv_parse(&t, &i), &b);
	buf_addch(&b, '\0');
	if (strcmp(b.buf, want) != 0 || i != want_i)
		fail_msg("%s\n  got  %s at %zu\n  want %s at %zu", src, b.buf,
		    i, want, want_i);
	buf_release(&b);
	jv_toks_release(&t);
}

static void
test_stops(void **state)
{
	struct jv_toks t;
	struct jv *v;
	const char *src = "x = { a: ['b', { c: 'd' }],\n  e: -1 }";
	size_t i = 2;

	(void)state;
	/* x = [ 'a' , 'b' ] ; */
	stop("x = ['a', 'b'];", 7, "['a','b']");
	/* each closing bracket and separator ends a value */
	stop("x = 'a', 1", 3, "'a'");
	stop("x = 'a') 1", 3, "'a'");
	stop("x = 'a'] 1", 3, "'a'");
	stop("x = 'a'} 1", 3, "'a'");
	stop("x = 'a'; 1", 3, "'a'");
	/* what follows a value that is no delimiter makes it no literal */
	stop("x = 'a' + 'b', 1", 5, "?");
	stop("x = ['a'].join(), 1", 9, "?");
	stop("x = 'a' as const, 1", 5, "'a'");
	stop("x = y!, 1", 4, "@y");
	/* unbalanced: the object ends at ) or ], the array at ) or } */
	stop("x = { a: 1 ) }", 6, "{a:1}");
	stop("x = { a: 1 ] }", 6, "{a:1}");
	stop("x = [1 } ]", 4, "[1]");
	stop("x = [1 ) ]", 4, "[1]");
	/* ; inside brackets separates */
	stop("x = [1; 2]", 7, "[1,2]");
	stop("x = { a: 1; b: 2 }", 11, "{a:1,b:2}");
	/* a key without a value, a method, a computed key */
	stop("x = { a b: 1 }", 8, "{a:?}");
	stop("x = { [k]: 1, m() {}, n: 2 }", 19, "{m:?,n:2}~");
	/* a spread of a non-object, a spread at the end */
	stop("x = { ...a.b, c: 1 }", 14, "{c:1}~");
	stop("x = [...[1, 2], 3]", 14, "[1,2,3]");
	/* positions of nested values */
	jv_toks_init(&t, src, strlen(src), 1, 1);
	v = jv_parse(&t, &i);
	assert_int_equal(i, t.n);
	assert_int_equal(v->kind, JV_OBJECT);
	assert_int_equal(v->tok, 2);
	assert_int_equal(v->col, 5);
	assert_int_equal(v->props[0].col, 7);
	assert_int_equal(v->props[0].val->col, 10);
	assert_int_equal(v->props[0].val->items[0]->col, 11);
	assert_int_equal(v->props[0].val->items[0]->tok, 6);
	assert_int_equal(v->props[0].val->items[1]->col, 16);
	assert_int_equal(v->props[0].val->items[1]->props[0].val->col, 21);
	assert_int_equal(v->props[1].line, 2);
	assert_int_equal(v->props[1].col, 3);
	assert_int_equal(v->props[1].val->kind, JV_NUM);
	assert_int_equal(v->props[1].val->line, 2);
	assert_int_equal(v->props[1].val->col, 6);
	assert_int_equal(v->props[1].val->n, 2);
	jv_toks_release(&t);
}

/* plain strings as items and values (read without a parse() call):
   the same values, flags and stops as the general path */
static void
test_plain_items(void **state)
{
	struct buf b = BUF_INIT;
	struct jv_toks t;
	struct jv *v;
	size_t i, k;
	const char *src = "x = ['ab', { k: 'cd' }, 'e\\n', `f`]";

	(void)state;
	stop("x = ['a' + b, 'c']", 9, "[?,'c']");
	stop("x = { k: 'a' + b, l: 'c' }", 13, "{k:?,l:'c'}");
	stop("x = ['a'.length, 'b' as const, 'c'!]", 14, "[?,'b','c']");
	stop("x = { k: 'a'", 6, "{k:'a'}");
	stop("x = ['a'", 4, "['a']");
	stop("x = ['a\nb']", 7, "[?]");
	stop("x = { k: 'a' ) }", 6, "{k:'a'}");
	/* a keyword on the next line: the general path */
	stop("x = ['a'\nconst y = 1", 8, "['a',?]");
	jv_toks_init(&t, src, strlen(src), 1, 1);
	i = 2;
	v = jv_parse(&t, &i);
	assert_int_equal(i, t.n);
	assert_int_equal(v->nitems, 4);
	assert_string_equal(v->items[0]->s, "ab");
	assert_int_equal(v->items[0]->n, 2);
	assert_int_equal(v->items[0]->flags, JVF_PLAIN);
	assert_int_equal(v->items[0]->tok, 3);
	assert_int_equal(v->items[0]->col, 6);
	assert_string_equal(v->items[1]->props[0].val->s, "cd");
	assert_int_equal(v->items[1]->props[0].val->flags, JVF_PLAIN);
	assert_int_equal(v->items[1]->props[0].val->col, 17);
	assert_string_equal(v->items[2]->s, "e\n");
	assert_int_equal(v->items[2]->flags, 0);
	assert_int_equal(v->items[3]->flags & JVF_TEMPLATE, JVF_TEMPLATE);
	jv_toks_release(&t);
	/* below the depth limit a string is no value */
	buf_adds(&b, "x = ");
	for (k = 0; k < JV_MAX_DEPTH + 2; k++)
		buf_adds(&b, "[");
	buf_adds(&b, "'s'");
	jv_toks_init(&t, b.buf, b.len, 1, 1);
	i = 2;
	v = jv_parse(&t, &i);
	for (k = 0; v->kind == JV_ARRAY && v->nitems == 1; k++)
		v = v->items[0];
	assert_int_equal(k, JV_MAX_DEPTH + 1);
	assert_int_equal(v->kind, JV_OTHER);
	jv_toks_release(&t);
	buf_release(&b);
}

static void
test_hostile(void **state)
{
	struct buf b = BUF_INIT;
	struct jv_toks t;
	struct jv *v;
	size_t i, k;
	static const char *const bad[] = { "x = { a: [1, 2",
		"x = [{ 'a': ", "x = { a: 'unterminated", "x = `tpl ${ {",
		"x = ) ] }", "x = { ...", "x = { a: b.c.d(e)[f] }",
		"x = [...]" };

	(void)state;
	buf_adds(&b, "x = ");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "[{a:");
	jv_toks_init(&t, b.buf, b.len, 1, 1);
	i = 2;
	v = jv_parse(&t, &i);
	assert_int_equal(v->kind, JV_ARRAY);
	jv_toks_release(&t);
	buf_release(&b);
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		jv_toks_init(&t, bad[k], strlen(bad[k]), 1, 1);
		i = 2;
		(void)jv_parse(&t, &i);
		assert_true(i <= t.n);
		jv_toks_release(&t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_not_literals),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_typescript),
		cmocka_unit_test(test_declarations),
		cmocka_unit_test(test_asi),
		cmocka_unit_test(test_transparent_calls),
		cmocka_unit_test(test_holes_and_positions),
		cmocka_unit_test(test_cooking_plain),
		cmocka_unit_test(test_get_keys),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_plain_items),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
