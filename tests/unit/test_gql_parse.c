/*
 * test_gql_parse.c: the GraphQL executable-document lexer and parser
 * (gql_parse.h): block strings, escapes, fragments, directives, variables
 * with defaults, interpolation holes, the depth cap, SDL detection and
 * error positions.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/arena.h"
#include "drift/gql_parse.h"

static struct arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static const struct gql_document *
parse_ok(const char *text)
{
	struct gql_document *doc = NULL;
	struct gql_error err;
	int rc = gql_parse(A, text, strlen(text), NULL, 0, 0, &doc, &err);

	if (rc != 0)
		fail_msg(
		    "rc %d: %u:%u: %s", rc, err.pos.line, err.pos.col, err.msg);
	assert_non_null(doc);
	return doc;
}

/* expects an error at line:col whose message contains what */
static void
parse_err(
    const char *text, size_t len, unsigned line, unsigned col, const char *what)
{
	struct gql_document *doc = NULL;
	struct gql_error err;
	int rc = gql_parse(A, text, len, NULL, 0, 0, &doc, &err);

	if (rc != -1)
		fail_msg("no error for <%s>", text);
	assert_null(doc);
	if (strstr(err.msg, what) == NULL)
		fail_msg("message <%s> lacks <%s>", err.msg, what);
	if (err.pos.line != line || err.pos.col != col)
		fail_msg("<%s> at %u:%u, expected %u:%u", err.msg, err.pos.line,
		    err.pos.col, line, col);
}

#define PARSE_ERR(t, l, c, w) parse_err(t, strlen(t), l, c, w)

static const struct gql_value *
arg_value(const struct gql_selection *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nargs; i++)
		if (strcmp(s->args[i].name.s, name) == 0)
			return &s->args[i].value;
	fail_msg("no argument %s", name);
	return NULL;
}

static void
test_operations(void **state)
{
	const struct gql_document *d;
	const struct gql_selection *s;

	(void)state;
	d = parse_ok("{ articles { id } }");
	assert_int_equal(d->ndefs, 1);
	assert_int_equal(d->defs[0].kind, GQLD_QUERY);
	assert_true(d->defs[0].shorthand);
	assert_null(d->defs[0].name.s);
	d = parse_ok("query GetPosts { a } mutation M { b } subscription S "
		     "{ c } fragment F on articles { d }");
	assert_int_equal(d->ndefs, 4);
	assert_string_equal(d->defs[0].name.s, "GetPosts");
	assert_int_equal(d->defs[1].kind, GQLD_MUTATION);
	assert_int_equal(d->defs[2].kind, GQLD_SUBSCRIPTION);
	assert_int_equal(d->defs[3].kind, GQLD_FRAGMENT);
	assert_string_equal(d->defs[3].type_cond.s, "articles");
	assert_string_equal(gql_def_kind_name(GQLD_FRAGMENT), "fragment");
	/* keywords are names where a name is expected */
	d = parse_ok("query query { on: query { fragment mutation } "
		     "subscription(on: on) }");
	s = &d->defs[0].set->v[0];
	assert_string_equal(d->defs[0].name.s, "query");
	assert_string_equal(s->alias.s, "on");
	assert_string_equal(s->name.s, "query");
	assert_string_equal(s->set->v[1].name.s, "mutation");
	assert_int_equal(
	    arg_value(&d->defs[0].set->v[1], "on")->kind, GQLV_ENUM);
	/* a description before an operation (draft spec) */
	d = parse_ok("\"\"\"Reads.\"\"\" query Q { a }");
	assert_string_equal(d->defs[0].name.s, "Q");
}

static void
test_variables_directives(void **state)
{
	const struct gql_document *d;
	const struct gql_definition *op;
	const struct gql_selection *s;
	const struct gql_name *core;

	(void)state;
	d = parse_ok("query Articles($limit: Int = 10, $f: articles_filter, "
		     "$ids: [ID!]! = [\"1\", \"2\"], $o: JSON = {a: {b: [1 "
		     "2.5e3 -0.5]}, e: ENUMV, n: null, t: true}) @live {\n"
		     "  list: articles(limit: $limit, filter: $f) @include(if: "
		     "$x) @skip(if: false) { id }\n}");
	op = &d->defs[0];
	assert_int_equal(op->nvars, 4);
	assert_string_equal(op->vars[0].name.s, "limit");
	assert_string_equal(op->vars[0].type->name.s, "Int");
	assert_int_equal(op->vars[0].def->kind, GQLV_INT);
	assert_string_equal(op->vars[0].def->str, "10");
	assert_null(op->vars[1].def);
	assert_true(op->vars[2].type->nonnull);
	assert_true(op->vars[2].type->list);
	assert_true(op->vars[2].type->of->nonnull);
	core = gql_type_core(op->vars[2].type);
	assert_string_equal(core->s, "ID");
	assert_int_equal(op->vars[2].def->nitems, 2);
	assert_string_equal(op->vars[2].def->items[1].str, "2");
	assert_int_equal(op->vars[3].def->kind, GQLV_OBJECT);
	assert_int_equal(op->vars[3].def->nfields, 4);
	assert_int_equal(
	    op->vars[3].def->fields[0].value.fields[0].value.items[1].kind,
	    GQLV_FLOAT);
	assert_string_equal(op->vars[3].def->fields[1].value.str, "ENUMV");
	assert_int_equal(op->vars[3].def->fields[2].value.kind, GQLV_NULL);
	assert_int_equal(op->vars[3].def->fields[3].value.kind, GQLV_BOOLEAN);
	assert_true(op->vars[3].def->fields[3].value.boolean);
	assert_int_equal(op->ndirs, 1);
	assert_string_equal(op->dirs[0].name.s, "live");
	s = &op->set->v[0];
	assert_string_equal(s->alias.s, "list");
	assert_int_equal(s->alias.pos.line, 2);
	assert_int_equal(s->alias.pos.col, 3);
	assert_string_equal(s->name.s, "articles");
	assert_int_equal(s->name.pos.col, 9);
	assert_int_equal(arg_value(s, "limit")->kind, GQLV_VARIABLE);
	assert_string_equal(arg_value(s, "filter")->str, "f");
	assert_int_equal(s->ndirs, 2);
	assert_string_equal(s->dirs[0].name.s, "include");
	assert_int_equal(s->dirs[1].args[0].value.kind, GQLV_BOOLEAN);
	assert_false(s->dirs[1].args[0].value.boolean);
	/* variables are not constants */
	PARSE_ERR("query ($a: Int = $b) { x }", 1, 18, "constant");
}

static void
test_fragments(void **state)
{
	const struct gql_document *d;
	const struct gql_selection_set *set;

	(void)state;
	d = parse_ok("{ pages { ...PageFields @include(if: true) ... on pages "
		     "{ path } ... @skip(if: $s) { id } ... { x } } } "
		     "fragment PageFields on pages { blocks { item { "
		     "__typename ... on block_hero { headline } } } }");
	set = d->defs[0].set->v[0].set;
	assert_int_equal(set->n, 4);
	assert_int_equal(set->v[0].kind, GQLSEL_SPREAD);
	assert_string_equal(set->v[0].name.s, "PageFields");
	assert_int_equal(set->v[0].ndirs, 1);
	assert_int_equal(set->v[1].kind, GQLSEL_INLINE);
	assert_string_equal(set->v[1].name.s, "pages");
	assert_int_equal(set->v[2].kind, GQLSEL_INLINE);
	assert_null(set->v[2].name.s);
	assert_int_equal(set->v[2].name.pos.col, 66);
	assert_int_equal(set->v[2].ndirs, 1);
	assert_null(set->v[3].name.s);
	/* the spreads of the whole document are counted; inline fragments
	   are not spreads */
	assert_int_equal(d->nspreads, 1);
	d = parse_ok("query Q { a { ...A b { ...B ... on T { ...C } } } } "
		     "fragment A on a { ...B }");
	assert_int_equal(d->nspreads, 4);
	d = parse_ok("{ a { ... on T { b } ... { c } } }");
	assert_int_equal(d->nspreads, 0);
	PARSE_ERR("fragment on on x { a }", 1, 10, "\"on\"");
	PARSE_ERR("fragment F x { a }", 1, 12, "expected \"on\"");
	PARSE_ERR("{ a ...on }", 1, 11, "expected a type name");
	PARSE_ERR("{ a .. b }", 1, 5, "\"...\"");
}

static void
test_strings(void **state)
{
	const struct gql_document *d;
	const struct gql_value *v;

	(void)state;
	d = parse_ok(
	    "{ a(s: \"x\\\"y\\\\z\\/\\b\\f\\n\\r\\tq\", u: \"\\u00e9\\u{1F600}"
	    "\\uD83D\\uDE00\", h: \"#not a comment\") }");
	v = arg_value(&d->defs[0].set->v[0], "s");
	assert_string_equal(v->str, "x\"y\\z/\b\f\n\r\tq");
	v = arg_value(&d->defs[0].set->v[0], "u");
	assert_string_equal(v->str, "\xc3\xa9\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
	v = arg_value(&d->defs[0].set->v[0], "h");
	assert_string_equal(v->str, "#not a comment");
	/* block strings: common indent, blank first/last lines, \""" */
	d = parse_ok(
	    "{ a(b: \"\"\"\n    Hello,\n      World!\n\n    Yours,\n"
	    "      \\\"\"\" end\n  \"\"\", c: \"\"\"  one line  \"\"\", "
	    "e: \"\"\"\"\"\") }");
	v = arg_value(&d->defs[0].set->v[0], "b");
	assert_true(v->block);
	assert_string_equal(v->str, "Hello,\n  World!\n\nYours,\n  \"\"\" end");
	v = arg_value(&d->defs[0].set->v[0], "c");
	assert_string_equal(v->str, "  one line  ");
	v = arg_value(&d->defs[0].set->v[0], "e");
	assert_string_equal(v->str, "");
	/* CRLF inside a block string counts one line */
	d = parse_ok("{ a(b: \"\"\"x\r\n  y\r\n\"\"\") c }");
	v = arg_value(&d->defs[0].set->v[0], "b");
	assert_string_equal(v->str, "x\ny");
	assert_int_equal(d->defs[0].set->v[1].name.pos.line, 3);
	assert_int_equal(d->defs[0].set->v[1].name.pos.col, 6);
	PARSE_ERR("{ a(b: \"x\ny\") }", 1, 8, "unterminated string");
	PARSE_ERR("{ a(b: \"x", 1, 8, "unterminated string");
	PARSE_ERR("{ a(b: \"\"\"x", 1, 8, "unterminated block string");
	PARSE_ERR("{ a(b: \"\\q\") }", 1, 9, "invalid escape");
	PARSE_ERR("{ a(b: \"\\u12G4\") }", 1, 9, "Unicode escape");
	PARSE_ERR("{ a(b: \"\\u{110000}\") }", 1, 9, "Unicode escape");
	PARSE_ERR("{ a(b: \"\\uD800\") }", 1, 9, "surrogate");
	PARSE_ERR("{ a(b: \"\\u{D83D}\\u{DE00}\") }", 1, 9, "surrogate");
	PARSE_ERR("{ a(b: \"\\uD83D\\u{DE00}\") }", 1, 9, "surrogate");
}

static void
test_numbers(void **state)
{
	const struct gql_document *d;

	(void)state;
	d = parse_ok("{ a(i: -0, j: 123, f: 1.5, g: 1e10, h: -2.5E-3) }");
	assert_int_equal(arg_value(&d->defs[0].set->v[0], "i")->kind, GQLV_INT);
	assert_int_equal(
	    arg_value(&d->defs[0].set->v[0], "h")->kind, GQLV_FLOAT);
	assert_string_equal(
	    arg_value(&d->defs[0].set->v[0], "h")->str, "-2.5E-3");
	PARSE_ERR("{ a(i: 007) }", 1, 9, "after 0");
	PARSE_ERR("{ a(i: 1a) }", 1, 9, "unexpected \"a\"");
	PARSE_ERR("{ a(i: 0x10) }", 1, 9, "unexpected \"x\"");
	PARSE_ERR("{ a(i: 1.) }", 1, 10, "after \".\"");
	PARSE_ERR("{ a(i: .5) }", 1, 8, "unexpected \".\"");
	PARSE_ERR("{ a(i: 1e) }", 1, 10, "exponent");
	PARSE_ERR("{ a(i: -) }", 1, 8, "expected a digit");
}

static void
test_ignored_and_positions(void **state)
{
	const struct gql_document *d;
	const struct gql_selection_set *set;

	(void)state;
	/* BOM, CRLF, comments, commas everywhere; columns in code points */
	d = parse_ok("\xef\xbb\xbf# head\r\nquery A,{,a,,b # c\r\n"
		     "  x(s: \"\xc3\xa9t\xc3\xa9\") c\n\rd\r\r  e }");
	set = d->defs[0].set;
	assert_int_equal(set->n, 6);
	assert_int_equal(set->v[0].name.pos.line, 2);
	assert_int_equal(set->v[0].name.pos.col, 11);
	assert_int_equal(set->v[2].name.pos.line, 3);
	assert_int_equal(set->v[2].name.pos.col, 3);
	assert_int_equal(set->v[3].name.pos.line, 3);
	assert_int_equal(set->v[3].name.pos.col, 15);
	assert_int_equal(set->v[4].name.pos.line, 5);
	assert_int_equal(set->v[4].name.pos.col, 1);
	assert_int_equal(set->v[5].name.pos.line, 7);
	assert_int_equal(set->v[5].name.pos.col, 3);
	/* UTF-8 in a comment and in a block string over lines, LF CR LF */
	d = parse_ok(
	    "{ a # \xc3\xa9\xc3\xa9\n b(s: \"\"\"\xc3\xa9\r\n\xc3\xa9\n\r"
	    "\n \xc3\xa9\"\"\" t: \"\xc3\xa9\") c }");
	set = d->defs[0].set;
	assert_int_equal(set->v[0].name.pos.line, 1);
	assert_int_equal(set->v[1].name.pos.line, 2);
	assert_int_equal(set->v[1].name.pos.col, 2);
	assert_int_equal(set->v[1].args[1].name.pos.line, 5);
	assert_int_equal(set->v[1].args[1].name.pos.col, 7);
	assert_int_equal(set->v[1].args[1].value.pos.col, 10);
	assert_int_equal(set->v[2].name.pos.line, 5);
	assert_int_equal(set->v[2].name.pos.col, 15);
	/* an error inside a string token, after lines of a block string */
	PARSE_ERR("{ a(b: \"\"\"x\r\ny\"\"\", c: \"\xc3\xa9\\q\") }", 2, 12,
	    "invalid escape sequence");
	PARSE_ERR("{ a }\n\n  { b c(: 1) }", 3, 9,
	    "expected an argument "
	    "name, found \":\"");
	PARSE_ERR("", 1, 1, "empty document");
	PARSE_ERR("  # only a comment\n", 2, 1, "empty document");
	PARSE_ERR("{ }", 1, 1, "empty selection set");
	PARSE_ERR("{ a(x: 1 }", 1, 10,
	    "expected an argument name, found "
	    "\"}\"");
	PARSE_ERR("{ a() }", 1, 5, "expected an argument name");
	PARSE_ERR("{ a", 1, 4, "expected \"}\", found end of input");
	PARSE_ERR("{ a } }", 1, 7, "expected a definition");
	PARSE_ERR("{ a ? }", 1, 5, "unexpected character \"?\"");
	PARSE_ERR("{ a \xe2\x82\xac }", 1, 5, "U+20AC");
	PARSE_ERR("{ a \xff }", 1, 5, "invalid UTF-8");
	parse_err("{ a \0 }", 7, 1, 5, "U+0000");
	PARSE_ERR("{ \xc3\xa9t\xc3\xa9 }", 1, 3,
	    "unexpected character "
	    "U+00E9");
	PARSE_ERR("query ($a: [Int) { a }", 1, 16, "expected \"]\"");
	PARSE_ERR("query Q { a } query Q { b }", 1, 21, "only one operation");
	PARSE_ERR("fragment F on a { a } fragment F on a { b }", 1, 32,
	    "only one fragment");
	PARSE_ERR("{ a } query Q { b }", 1, 1, "anonymous operation");
	PARSE_ERR("{ a } type T { b: Int }", 1, 7, "type definition");
}

static void
test_sdl(void **state)
{
	static const char *const sdl[] = { "type Query { a: Int }",
		"schema { query: Query }", "extend type A { b: Int }",
		"scalar Date", "interface I { a: Int }", "union U = A | B",
		"enum E { A B }", "input I { a: Int }", "directive @d on FIELD",
		"\"\"\"Doc.\"\"\" type T { a: Int }",
		"# comment\n\n\"desc\" scalar X" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sdl) / sizeof(sdl[0]); i++) {
		struct gql_document *doc = NULL;
		struct gql_error err;

		assert_int_equal(gql_parse(A, sdl[i], strlen(sdl[i]), NULL, 0,
				     0, &doc, &err),
		    1);
		assert_null(doc);
	}
}

static void
test_depth_cap(void **state)
{
	size_t n = 10000, i;
	char *s = malloc(4 * n + 16), *p;
	struct gql_document *doc = NULL;
	struct gql_error err;

	(void)state;
	/* 10,000 nested selection sets: an error, not a crash */
	p = s;
	for (i = 0; i < n; i++) {
		*p++ = '{';
		*p++ = 'a';
	}
	for (i = 0; i < n; i++)
		*p++ = '}';
	assert_int_equal(
	    gql_parse(A, s, (size_t)(p - s), NULL, 0, 0, &doc, &err), -1);
	assert_non_null(strstr(err.msg, "nesting deeper than 256 levels"));
	assert_int_equal(err.pos.line, 1);
	assert_int_equal(err.pos.col, 2 * 256 + 1);
	/* nested lists in a value, and in a type */
	p = s;
	memcpy(p, "{ a(x: ", 7);
	p += 7;
	for (i = 0; i < n; i++)
		*p++ = '[';
	assert_int_equal(
	    gql_parse(A, s, (size_t)(p - s), NULL, 0, 0, &doc, &err), -1);
	assert_non_null(strstr(err.msg, "nesting deeper"));
	p = s;
	memcpy(p, "query ($a: ", 11);
	p += 11;
	for (i = 0; i < n; i++)
		*p++ = '[';
	assert_int_equal(
	    gql_parse(A, s, (size_t)(p - s), NULL, 0, 0, &doc, &err), -1);
	assert_non_null(strstr(err.msg, "nesting deeper"));
	/* a smaller cap, given */
	assert_int_equal(
	    gql_parse(A, "{a{b{c{d}}}}", 12, NULL, 0, 3, &doc, &err), -1);
	assert_int_equal(
	    gql_parse(A, "{a{b{c}}}", 9, NULL, 0, 3, &doc, &err), 0);
	free(s);
}

static void
test_holes(void **state)
{
	/* gql`query { articles(filter: ${f}) { id ${more} } } ${FRAG}`
	   with every ${...} blanked by the caller */
	const char *t = "query { articles(filter:     ) { id         } }   "
			"     ";
	size_t holes[] = { 50, 36, 25 };
	struct gql_document *doc = NULL;
	struct gql_error err;
	const struct gql_selection *s;
	const struct gql_value *v;

	(void)state;
	assert_int_equal(
	    gql_parse(A, t, strlen(t), holes, 3, 0, &doc, &err), 0);
	s = &doc->defs[0].set->v[0];
	v = arg_value(s, "filter");
	assert_int_equal(v->kind, GQLV_HOLE);
	assert_int_equal(v->pos.col, 26);
	assert_true(s->set->holes);
	assert_false(doc->defs[0].set->holes);
	/* a hole after a token over lines: its position counts them */
	t = "{ a(x: \"\"\"\xc3\xa9\n\xc3\xa9\"\"\", y:      ) }";
	holes[0] = 24;
	assert_int_equal(
	    gql_parse(A, t, strlen(t), holes, 1, 0, &doc, &err), 0);
	v = &doc->defs[0].set->v[0].args[1].value;
	assert_int_equal(v->kind, GQLV_HOLE);
	assert_int_equal(v->pos.line, 2);
	assert_int_equal(v->pos.col, 11);
	/* an empty selection set is fine when a hole fills it */
	t = "{ a {      } }";
	holes[0] = 5;
	assert_int_equal(
	    gql_parse(A, t, strlen(t), holes, 1, 0, &doc, &err), 0);
	assert_true(doc->defs[0].set->v[0].set->holes);
	assert_int_equal(doc->defs[0].set->v[0].set->n, 0);
	/* a hole inside a list and an object value */
	t = "{ a(x: [1      2], y: {      b: 1}) }";
	holes[0] = 10;
	holes[1] = 23;
	assert_int_equal(
	    gql_parse(A, t, strlen(t), holes, 2, 0, &doc, &err), 0);
	v = arg_value(&doc->defs[0].set->v[0], "x");
	assert_int_equal(v->nitems, 3);
	assert_int_equal(v->items[1].kind, GQLV_HOLE);
	v = arg_value(&doc->defs[0].set->v[0], "y");
	assert_true(v->holes);
	/* without the hole list the same text is an error */
	t = "{ a {      } }";
	assert_int_equal(
	    gql_parse(A, t, strlen(t), NULL, 0, 0, &doc, &err), -1);
}

/* the lexer reads a copy with a NUL after the text (no bound checks): the
   bytes after len are never read, and line and column bookkeeping holds
   across LF, CRLF, CR, comments and non-ASCII bytes */
static void
test_lexer_bounds(void **state)
{
	const struct gql_document *doc;
	const struct gql_selection_set *set;
	const char *t;

	(void)state;
	/* a name cut by len: "ab", then the end (not "abcd" and "}") */
	parse_err("{ abcd }", 4, 1, 5, "found end of input");
	/* blanks and a line break up to len, a name right after */
	parse_err("{ a \n  b", 6, 2, 2, "found end of input");
	doc = parse_ok("{ abcd }");
	assert_string_equal(doc->defs[0].set->v[0].name.s, "abcd");
	/* a name that ends the text */
	doc = parse_ok("{ a } fragment F on T { b }");
	assert_string_equal(doc->defs[1].set->v[0].name.s, "b");
	/* a NUL inside the text is an error, not the end */
	parse_err("{ a\0b }", 7, 1, 4, "U+0000");
	/* positions after each kind of line break and a comment */
	t = "{\n  a\r\n  b\r  c\n\n# \xC3\xA9 comment\n  d(s: \"\xC3\xA9\") ! "
	    "}";
	parse_err(t, strlen(t), 7, 13, "found \"!\"");
	doc = parse_ok(
	    "{\n  a\r\n  b\r  c\n\n# \xC3\xA9 x\n  d(s: \"\xC3\xA9\") e }");
	set = doc->defs[0].set;
	assert_int_equal(set->n, 5);
	assert_int_equal(set->v[0].name.pos.line, 2);
	assert_int_equal(set->v[0].name.pos.col, 3);
	assert_int_equal(set->v[1].name.pos.line, 3);
	assert_int_equal(set->v[1].name.pos.col, 3);
	assert_int_equal(set->v[2].name.pos.line, 4);
	assert_int_equal(set->v[2].name.pos.col, 3);
	assert_int_equal(set->v[3].name.pos.line, 7);
	assert_int_equal(set->v[3].name.pos.col, 3);
	/* e: after a string with a two-byte character (one column) */
	assert_int_equal(set->v[4].name.pos.line, 7);
	assert_int_equal(set->v[4].name.pos.col, 13);
	assert_int_equal(set->v[4].name.pos.off,
	    strlen(
		"{\n  a\r\n  b\r  c\n\n# \xC3\xA9 x\n  d(s: \"\xC3\xA9\") "));
}

/* the parser state is not zeroed whole (the jmp_buf is left) and an error
   only has its position and message start reset: a parse in an arena full
   of garbage, with a garbage error, gives what a fresh one gives */
static void
test_dirty_state(void **state)
{
	const char *t = "query Q($id: ID!) { a(id: $id) { b c } }";
	struct gql_document *doc = NULL;
	struct gql_error err;
	char *junk;

	(void)state;
	junk = arena_alloc(A, 1 << 16);
	memset(junk, 0xA5, 1 << 16);
	arena_clear(A);
	memset(&err, 0x5A, sizeof(err));
	assert_int_equal(gql_parse(A, t, strlen(t), NULL, 0, 0, &doc, &err), 0);
	assert_int_equal(err.pos.line, 0);
	assert_int_equal(err.pos.col, 0);
	assert_int_equal(err.pos.off, 0);
	assert_string_equal(err.msg, "");
	assert_int_equal(doc->ndefs, 1);
	assert_int_equal(doc->nspreads, 0);
	assert_int_equal(doc->defs[0].set->v[0].set->n, 2);
	assert_false(doc->defs[0].set->holes);
	assert_int_equal(doc->defs[0].set->v[0].set->v[1].name.pos.col, 36);
	/* and an error after it, in the same dirty arena */
	junk = arena_alloc(A, 1 << 16);
	memset(junk, 0xA5, 1 << 16);
	arena_clear(A);
	parse_err("{ a { } }", 9, 1, 5, "empty selection set");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_variables_directives, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ignored_and_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sdl, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_depth_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_lexer_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_dirty_state, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
