/*
 * sdl_check.c: GraphQL SDL texts compared by what they declare
 * (sdl_check.h).  A small lexer and a recursive-descent reader of the
 * type-system grammar (GraphQL spec, Appendix C), bounded in depth, into
 * definitions and members keyed by name; then a merge of the two sorted
 * sets.
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/sdl_check.h"
#include "drift/xalloc.h"

enum tk { T_EOF = 0, T_NAME, T_PUNCT, T_STRING, T_NUMBER };

struct tok {
	enum tk k;
	const char *s; /* text (a string's value, decoded) */
	size_t len;
	unsigned line, col;
};

struct member {
	const char *name;
	const char *sig; /* "(a: Int = 1): String!" */
	const char *desc;
};

struct def {
	int builtin; /* scalar String, Int, Float, Boolean, ID: not compared */
	const char *key;  /* "type Foo", "extend type Foo", "directive @d" */
	const char *head; /* implements, directives, union members */
	const char *desc;
	struct member *m;
	size_t nm, am;
};

struct rd {
	struct arena *a;
	const char *p, *end;
	unsigned line, col;
	struct tok t; /* the current token */
	int failed;
	char *err;
	size_t errlen;
	unsigned depth;
	struct def *d;
	size_t nd, ad;
};

static int fail_at(struct rd *r, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
fail_at(struct rd *r, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->failed)
		return -1;
	r->failed = 1;
	if (r->err == NULL || r->errlen == 0)
		return -1;
	n = snprintf(r->err, r->errlen, "%u:%u: ", line, col);
	if (n >= 0 && (size_t)n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- lexer ----------------------------------------------------------- */

static void
advance(struct rd *r, size_t n)
{
	while (n-- > 0 && r->p < r->end) {
		unsigned char c = (unsigned char)*r->p++;

		if (c == '\n') {
			r->line++;
			r->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			r->col++;
		}
	}
}

static int
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* the spec's BlockStringValue() of raw[0..len) (escapes already undone) */
static const char *
block_value(struct rd *r, const char *raw, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p = raw, *end = raw + len, *ls;
	size_t common = SIZE_MAX, nlines = 0, alines = 0, i, first, last;
	const char **lines = NULL;
	size_t *lens = NULL;
	const char *v;

	/* split on \r\n, \n, \r */
	while (p <= end) {
		ls = p;
		while (p < end && *p != '\n' && *p != '\r')
			p++;
		if (nlines == alines) {
			/* doubling: a block string of many lines is linear */
			alines = alines ? 2 * alines : 16;
			lines = xreallocarray(lines, alines, sizeof(*lines));
			lens = xreallocarray(lens, alines, sizeof(*lens));
		}
		lines[nlines] = ls;
		lens[nlines++] = (size_t)(p - ls);
		if (p >= end)
			break;
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
			p++;
		p++;
	}
	for (i = 1; i < nlines; i++) {
		size_t ind = 0;

		while (ind < lens[i] &&
		    (lines[i][ind] == ' ' || lines[i][ind] == '\t'))
			ind++;
		if (ind < lens[i] && ind < common)
			common = ind;
	}
	if (common != SIZE_MAX)
		for (i = 1; i < nlines; i++) {
			size_t cut = common < lens[i] ? common : lens[i];

			lines[i] += cut;
			lens[i] -= cut;
		}
	first = 0;
	last = nlines;
	while (first < last) {
		for (i = 0; i < lens[first]; i++)
			if (lines[first][i] != ' ' && lines[first][i] != '\t')
				break;
		if (i < lens[first])
			break;
		first++;
	}
	while (last > first) {
		for (i = 0; i < lens[last - 1]; i++)
			if (lines[last - 1][i] != ' ' &&
			    lines[last - 1][i] != '\t')
				break;
		if (i < lens[last - 1])
			break;
		last--;
	}
	for (i = first; i < last; i++) {
		if (i > first)
			buf_addch(&b, '\n');
		buf_add(&b, lines[i], lens[i]);
	}
	v = arena_strndup(r->a, b.len ? b.buf : "", b.len);
	buf_release(&b);
	free(lines);
	free(lens);
	return v;
}

static int
lex_string(struct rd *r)
{
	struct buf b = BUF_INIT;
	unsigned line = r->line, col = r->col;
	int block = r->end - r->p >= 3 && memcmp(r->p, "\"\"\"", 3) == 0;

	advance(r, block ? 3 : 1);
	for (;;) {
		if (r->p >= r->end) {
			buf_release(&b);
			return fail_at(r, line, col, "unterminated string");
		}
		if (block) {
			if (r->end - r->p >= 3 &&
			    memcmp(r->p, "\"\"\"", 3) == 0) {
				advance(r, 3);
				break;
			}
			if (r->end - r->p >= 4 &&
			    memcmp(r->p, "\\\"\"\"", 4) == 0) {
				buf_adds(&b, "\"\"\"");
				advance(r, 4);
				continue;
			}
			buf_addch(&b, *r->p);
			advance(r, 1);
			continue;
		}
		if (*r->p == '"') {
			advance(r, 1);
			break;
		}
		if (*r->p == '\n' || *r->p == '\r') {
			buf_release(&b);
			return fail_at(r, line, col, "unterminated string");
		}
		if (*r->p == '\\' && r->p + 1 < r->end) {
			/* the escape kept as written: both sides spell it alike
			   or differ, which is what a comparison needs */
			buf_add(&b, r->p, 2);
			advance(r, 2);
			continue;
		}
		buf_addch(&b, *r->p);
		advance(r, 1);
	}
	r->t.k = T_STRING;
	r->t.line = line;
	r->t.col = col;
	if (block)
		r->t.s = block_value(r, b.len ? b.buf : "", b.len);
	else
		r->t.s = arena_strndup(r->a, b.len ? b.buf : "", b.len);
	r->t.len = strlen(r->t.s);
	buf_release(&b);
	return 0;
}

static int
lex(struct rd *r)
{
	const char *s;
	unsigned char c;

	if (r->failed)
		return -1;
	for (;;) {
		if (r->p >= r->end) {
			r->t.k = T_EOF;
			r->t.s = "";
			r->t.len = 0;
			r->t.line = r->line;
			r->t.col = r->col;
			return 0;
		}
		c = (unsigned char)*r->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == ',') {
			advance(r, 1);
		} else if (c == '#') {
			while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
				advance(r, 1);
		} else if (c == 0xEF && r->end - r->p >= 3 &&
		    memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) {
			advance(r, 3);
		} else {
			break;
		}
	}
	s = r->p;
	r->t.line = r->line;
	r->t.col = r->col;
	if (is_name_start(c)) {
		while (r->p < r->end && is_name_char((unsigned char)*r->p))
			advance(r, 1);
		r->t.k = T_NAME;
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		advance(r, 1);
		while (r->p < r->end &&
		    (is_name_char((unsigned char)*r->p) || *r->p == '.' ||
			*r->p == '+' || *r->p == '-'))
			advance(r, 1);
		r->t.k = T_NUMBER;
	} else if (c == '"') {
		return lex_string(r);
	} else if (c == '.' && r->end - r->p >= 3 &&
	    memcmp(r->p, "...", 3) == 0) {
		advance(r, 3);
		r->t.k = T_PUNCT;
	} else if (strchr("!$&():=@[]{|}", c) != NULL) {
		advance(r, 1);
		r->t.k = T_PUNCT;
	} else {
		return fail_at(r, r->line, r->col, "unexpected character '%c'",
		    c >= 0x20 && c < 0x7F ? c : '?');
	}
	r->t.s = arena_strndup(r->a, s, (size_t)(r->p - s));
	r->t.len = (size_t)(r->p - s);
	return 0;
}

static int
is_punct(const struct rd *r, const char *p)
{
	return r->t.k == T_PUNCT && strcmp(r->t.s, p) == 0;
}

static int
is_name(const struct rd *r, const char *n)
{
	return r->t.k == T_NAME && strcmp(r->t.s, n) == 0;
}

/* appends the current token to b as canonical text, then reads the next */
static int
take(struct rd *r, struct buf *b)
{
	static const char *const tight_before = "!]):=|&";

	if (b->len > 0 &&
	    !(r->t.k == T_PUNCT && strchr(tight_before, r->t.s[0]) != NULL &&
		strcmp(r->t.s, "=") != 0 && strcmp(r->t.s, "|") != 0 &&
		strcmp(r->t.s, "&") != 0) &&
	    b->buf[b->len - 1] != '[' && b->buf[b->len - 1] != '(' &&
	    b->buf[b->len - 1] != '@' && b->buf[b->len - 1] != '$')
		buf_addch(b, ' ');
	if (r->t.k == T_STRING) {
		buf_addch(b, '"');
		buf_add(b, r->t.s, r->t.len);
		buf_addch(b, '"');
	} else {
		buf_add(b, r->t.s, r->t.len);
	}
	return lex(r);
}

static int
enter(struct rd *r)
{
	if (++r->depth > SDL_MAX_DEPTH)
		return fail_at(r, r->t.line, r->t.col,
		    "nested deeper than %d levels", SDL_MAX_DEPTH);
	return 0;
}

static int value(struct rd *r, struct buf *b);

/* Value: a variable, scalar, enum, list or object */
static int
value(struct rd *r, struct buf *b)
{
	int ret = -1;

	if (enter(r) != 0)
		return -1;
	if (is_punct(r, "$")) {
		if (take(r, b) != 0 || r->t.k != T_NAME)
			goto out;
		ret = take(r, b);
	} else if (is_punct(r, "[")) {
		if (take(r, b) != 0)
			goto out;
		while (!is_punct(r, "]") && !r->failed) {
			if (r->t.k == T_EOF) {
				fail_at(r, r->t.line, r->t.col,
				    "unterminated list");
				goto out;
			}
			if (value(r, b) != 0)
				goto out;
		}
		ret = take(r, b);
	} else if (is_punct(r, "{")) {
		if (take(r, b) != 0)
			goto out;
		while (!is_punct(r, "}") && !r->failed) {
			if (r->t.k != T_NAME) {
				fail_at(r, r->t.line, r->t.col,
				    "expected a field name in an object value");
				goto out;
			}
			if (take(r, b) != 0 || !is_punct(r, ":") ||
			    take(r, b) != 0 || value(r, b) != 0)
				goto out;
		}
		ret = take(r, b);
	} else if (r->t.k == T_NAME || r->t.k == T_NUMBER ||
	    r->t.k == T_STRING) {
		ret = take(r, b);
	} else {
		fail_at(r, r->t.line, r->t.col, "expected a value, found '%s'",
		    r->t.k == T_EOF ? "end of file" : r->t.s);
	}
out:
	r->depth--;
	return r->failed ? -1 : ret;
}

/* Type: Name, [Type], with ! */
static int
type_ref(struct rd *r, struct buf *b)
{
	int ret = -1;

	if (enter(r) != 0)
		return -1;
	if (is_punct(r, "[")) {
		if (take(r, b) != 0 || type_ref(r, b) != 0 ||
		    !is_punct(r, "]") || take(r, b) != 0)
			goto out;
	} else if (r->t.k == T_NAME) {
		if (take(r, b) != 0)
			goto out;
	} else {
		fail_at(r, r->t.line, r->t.col, "expected a type, found '%s'",
		    r->t.k == T_EOF ? "end of file" : r->t.s);
		goto out;
	}
	ret = is_punct(r, "!") ? take(r, b) : 0;
out:
	r->depth--;
	return r->failed ? -1 : ret;
}

/* Directives: (@ Name Arguments?)* */
static int
directives(struct rd *r, struct buf *b)
{
	while (is_punct(r, "@")) {
		if (take(r, b) != 0 || r->t.k != T_NAME || take(r, b) != 0)
			return fail_at(r, r->t.line, r->t.col,
			    "expected a directive name");
		if (is_punct(r, "(")) {
			if (take(r, b) != 0)
				return -1;
			while (!is_punct(r, ")")) {
				if (r->t.k != T_NAME)
					return fail_at(r, r->t.line, r->t.col,
					    "expected an argument name");
				if (take(r, b) != 0 || !is_punct(r, ":") ||
				    take(r, b) != 0 || value(r, b) != 0)
					return -1;
			}
			if (take(r, b) != 0)
				return -1;
		}
	}
	return r->failed ? -1 : 0;
}

static const char *
bufstr(struct rd *r, struct buf *b)
{
	return arena_strndup(r->a, b->len ? b->buf : "", b->len);
}

/* InputValueDefinition: Description? Name : Type DefaultValue? Directives? */
static int
input_value(struct rd *r, struct buf *b)
{
	if (r->t.k == T_STRING && take(r, b) != 0)
		return -1;
	if (r->t.k != T_NAME)
		return fail_at(r, r->t.line, r->t.col,
		    "expected an argument or input field name");
	if (take(r, b) != 0 || !is_punct(r, ":") || take(r, b) != 0 ||
	    type_ref(r, b) != 0)
		return -1;
	if (is_punct(r, "=") && (take(r, b) != 0 || value(r, b) != 0))
		return -1;
	return directives(r, b);
}

static struct def *
new_def(struct rd *r)
{
	struct def *d;

	if (r->nd == r->ad) {
		r->ad = r->ad ? r->ad * 2 : 64;
		r->d = xreallocarray(r->d, r->ad, sizeof(*r->d));
	}
	d = &r->d[r->nd++];
	memset(d, 0, sizeof(*d));
	return d;
}

static void
add_member(struct rd *r, struct def *d, const char *name, const char *sig,
    const char *desc)
{
	if (d->nm == d->am) {
		d->am = d->am ? d->am * 2 : 16;
		d->m = xreallocarray(d->m, d->am, sizeof(*d->m));
	}
	d->m[d->nm].name = name;
	d->m[d->nm].sig = sig;
	d->m[d->nm].desc = desc;
	d->nm++;
	(void)r;
}

static int
str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * ( InputValueDefinition+ ) into sig, sorted by name: arguments are
 * looked up by name, so their order means nothing
 */
static int
arguments(struct rd *r, struct buf *sig)
{
	struct buf one = BUF_INIT;
	const char **v = NULL;
	size_t n = 0, av = 0, i;
	int ret = -1;

	if (lex(r) != 0) /* the ( */
		goto out;
	while (!is_punct(r, ")")) {
		if (r->t.k == T_EOF) {
			fail_at(
			    r, r->t.line, r->t.col, "unterminated arguments");
			goto out;
		}
		buf_reset(&one);
		if (input_value(r, &one) != 0)
			goto out;
		if (n == av) {
			av = av ? 2 * av : 8;
			v = xreallocarray(v, av, sizeof(*v));
		}
		v[n++] = bufstr(r, &one);
	}
	if (lex(r) != 0) /* the ) */
		goto out;
	if (n > 1)
		qsort(v, n, sizeof(*v), str_cmp);
	buf_addch(sig, '(');
	for (i = 0; i < n; i++)
		buf_addf(sig, "%s%s", i ? ", " : "", v[i]);
	buf_addch(sig, ')');
	ret = 0;
out:
	free(v);
	buf_release(&one);
	return r->failed ? -1 : ret;
}

enum body { B_FIELDS, B_INPUT, B_ENUM };

/* { members } of a type, interface, input or enum */
static int
members(struct rd *r, struct def *d, enum body kind)
{
	struct buf sig = BUF_INIT;
	int ret = -1;

	if (lex(r) != 0) /* the { */
		goto out;
	while (!is_punct(r, "}")) {
		const char *desc = NULL, *name;

		buf_reset(&sig);
		if (r->t.k == T_STRING) {
			desc = r->t.s;
			if (lex(r) != 0)
				goto out;
		}
		if (r->t.k != T_NAME) {
			fail_at(r, r->t.line, r->t.col,
			    "expected a member name, found '%s'",
			    r->t.k == T_EOF ? "end of file" : r->t.s);
			goto out;
		}
		name = r->t.s;
		if (lex(r) != 0)
			goto out;
		if (kind == B_FIELDS && is_punct(r, "(") &&
		    arguments(r, &sig) != 0)
			goto out;
		if (kind != B_ENUM) {
			if (!is_punct(r, ":")) {
				fail_at(r, r->t.line, r->t.col,
				    "expected ':' after '%s'", name);
				goto out;
			}
			if (take(r, &sig) != 0 || type_ref(r, &sig) != 0)
				goto out;
			if (kind == B_INPUT && is_punct(r, "=") &&
			    (take(r, &sig) != 0 || value(r, &sig) != 0))
				goto out;
		}
		if (directives(r, &sig) != 0)
			goto out;
		add_member(r, d, name, bufstr(r, &sig), desc);
	}
	ret = lex(r); /* the } */
out:
	buf_release(&sig);
	return r->failed ? -1 : ret;
}

static int
definition(struct rd *r)
{
	struct buf key = BUF_INIT, head = BUF_INIT;
	const char *desc = NULL, *kw;
	struct def *d;
	int extend = 0, ret = -1;

	if (r->t.k == T_STRING) {
		desc = r->t.s;
		if (lex(r) != 0)
			goto out;
	}
	if (is_name(r, "extend")) {
		extend = 1;
		if (lex(r) != 0)
			goto out;
	}
	if (r->t.k != T_NAME) {
		fail_at(r, r->t.line, r->t.col,
		    "expected a definition, found '%s'",
		    r->t.k == T_EOF ? "end of file" : r->t.s);
		goto out;
	}
	kw = r->t.s;
	if (extend)
		buf_adds(&key, "extend ");
	buf_adds(&key, kw);
	if (strcmp(kw, "schema") == 0) {
		if (lex(r) != 0 || directives(r, &head) != 0)
			goto out;
		d = new_def(r);
		d->key = bufstr(r, &key);
		d->desc = desc;
		if (is_punct(r, "{") && members(r, d, B_FIELDS) != 0)
			goto out;
		d->head = bufstr(r, &head);
		ret = 0;
		goto out;
	}
	if (strcmp(kw, "directive") == 0) {
		if (lex(r) != 0 || !is_punct(r, "@") || lex(r) != 0 ||
		    r->t.k != T_NAME) {
			fail_at(r, r->t.line, r->t.col,
			    "expected a directive name");
			goto out;
		}
		buf_addf(&key, " @%s", r->t.s);
		if (lex(r) != 0)
			goto out;
		if (is_punct(r, "(")) {
			if (take(r, &head) != 0)
				goto out;
			while (!is_punct(r, ")"))
				if (input_value(r, &head) != 0)
					goto out;
			if (take(r, &head) != 0)
				goto out;
		}
		if (is_name(r, "repeatable") && take(r, &head) != 0)
			goto out;
		if (!is_name(r, "on")) {
			fail_at(r, r->t.line, r->t.col, "expected 'on'");
			goto out;
		}
		if (take(r, &head) != 0)
			goto out;
		if (is_punct(r, "|") && take(r, &head) != 0)
			goto out;
		while (r->t.k == T_NAME) {
			if (take(r, &head) != 0)
				goto out;
			if (!is_punct(r, "|"))
				break;
			if (take(r, &head) != 0)
				goto out;
		}
		d = new_def(r);
		d->key = bufstr(r, &key);
		d->head = bufstr(r, &head);
		d->desc = desc;
		ret = 0;
		goto out;
	}
	if (strcmp(kw, "scalar") != 0 && strcmp(kw, "type") != 0 &&
	    strcmp(kw, "interface") != 0 && strcmp(kw, "union") != 0 &&
	    strcmp(kw, "enum") != 0 && strcmp(kw, "input") != 0) {
		fail_at(r, r->t.line, r->t.col,
		    "'%s' is not a type-system definition (an SDL file holds "
		    "scalar, type, interface, union, enum, input, directive "
		    "and "
		    "schema definitions)",
		    kw);
		goto out;
	}
	if (lex(r) != 0 || r->t.k != T_NAME) {
		fail_at(
		    r, r->t.line, r->t.col, "expected a name after '%s'", kw);
		goto out;
	}
	buf_addf(&key, " %s", r->t.s);
	if (lex(r) != 0)
		goto out;
	d = new_def(r);
	/* the spec's scalars are there whether a text defines them or not */
	if (!extend && strcmp(kw, "scalar") == 0 &&
	    (strcmp(key.buf, "scalar String") == 0 ||
		strcmp(key.buf, "scalar Int") == 0 ||
		strcmp(key.buf, "scalar Float") == 0 ||
		strcmp(key.buf, "scalar Boolean") == 0 ||
		strcmp(key.buf, "scalar ID") == 0))
		d->builtin = 1;
	d->key = bufstr(r, &key);
	d->desc = desc;
	if (is_name(r, "implements")) {
		if (take(r, &head) != 0)
			goto out;
		if (is_punct(r, "&") && take(r, &head) != 0)
			goto out;
		while (r->t.k == T_NAME) {
			if (take(r, &head) != 0)
				goto out;
			if (!is_punct(r, "&"))
				break;
			if (take(r, &head) != 0)
				goto out;
		}
	}
	if (directives(r, &head) != 0)
		goto out;
	if (strcmp(kw, "union") == 0 && is_punct(r, "=")) {
		/* members as a set: one member each, no signature */
		if (lex(r) != 0)
			goto out;
		if (is_punct(r, "|") && lex(r) != 0)
			goto out;
		while (r->t.k == T_NAME) {
			add_member(r, &r->d[r->nd - 1], r->t.s, "", NULL);
			if (lex(r) != 0)
				goto out;
			if (!is_punct(r, "|"))
				break;
			if (lex(r) != 0)
				goto out;
		}
	}
	d = &r->d[r->nd - 1];
	d->head = bufstr(r, &head);
	if (is_punct(r, "{")) {
		enum body kind = B_FIELDS;

		if (strcmp(kw, "input") == 0)
			kind = B_INPUT;
		else if (strcmp(kw, "enum") == 0)
			kind = B_ENUM;
		if (strcmp(kw, "scalar") == 0 || strcmp(kw, "union") == 0) {
			fail_at(r, r->t.line, r->t.col, "unexpected '{'");
			goto out;
		}
		if (members(r, d, kind) != 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&key);
	buf_release(&head);
	return r->failed ? -1 : ret;
}

static int
member_cmp(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	return strcmp(a->name, b->name);
}

static int
def_cmp(const void *x, const void *y)
{
	const struct def *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c;
}

static int
read_sdl(struct rd *r, const char *text, size_t len, struct arena *a, char *err,
    size_t errlen)
{
	size_t i, n;

	memset(r, 0, sizeof(*r));
	if (text == NULL)
		text = "";
	r->a = a;
	r->p = text;
	r->end = text + len;
	r->line = 1;
	r->col = 1;
	r->err = err;
	r->errlen = errlen;
	if (lex(r) != 0)
		return -1;
	while (r->t.k != T_EOF)
		if (definition(r) != 0)
			return -1;
	for (i = 0, n = 0; i < r->nd; i++) {
		if (r->d[i].builtin) {
			free(r->d[i].m);
			continue;
		}
		r->d[n++] = r->d[i];
	}
	r->nd = n;
	if (r->nd > 1)
		qsort(r->d, r->nd, sizeof(*r->d), def_cmp);
	for (i = 0; i < r->nd; i++)
		if (r->d[i].nm > 1)
			qsort(r->d[i].m, r->d[i].nm, sizeof(*r->d[i].m),
			    member_cmp);
	return 0;
}

static void
free_sdl(struct rd *r)
{
	size_t i;

	for (i = 0; i < r->nd; i++)
		free(r->d[i].m);
	free(r->d);
}

struct out {
	struct buf *b;
	const char *indent;
	size_t max, n;
};

static void
say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->n++ >= o->max || o->b == NULL)
		return;
	buf_adds(o->b, o->indent);
	va_start(ap, fmt);
	buf_vaddf(o->b, fmt, ap);
	va_end(ap);
	buf_addch(o->b, '\n');
}

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* "Foo.bar" of a member: the definition's name without its keyword */
static const char *
def_name(const struct def *d)
{
	const char *sp = strrchr(d->key, ' ');

	return sp != NULL ? sp + 1 : d->key;
}

/* the signature as a reader sees it: ": String" -> "String" */
static const char *
sig_show(const char *sig)
{
	return (sig[0] == ':' && sig[1] == ' ') ? sig + 2 : sig;
}

static void
compare_members(const struct def *a, const struct def *b, struct out *o)
{
	size_t i = 0, j = 0;
	const char *dn = def_name(b);

	while (i < a->nm || j < b->nm) {
		int c = i >= a->nm ? 1
		    : j >= b->nm   ? -1
				   : strcmp(a->m[i].name, b->m[j].name);

		if (c < 0) {
			say(o, "- %s.%s%s%s", dn, a->m[i].name,
			    a->m[i].sig[0] == '(' || a->m[i].sig[0] == '\0'
				? ""
				: ": ",
			    sig_show(a->m[i].sig));
			i++;
		} else if (c > 0) {
			say(o, "+ %s.%s%s%s", dn, b->m[j].name,
			    b->m[j].sig[0] == '(' || b->m[j].sig[0] == '\0'
				? ""
				: ": ",
			    sig_show(b->m[j].sig));
			j++;
		} else {
			if (!str_eq(a->m[i].sig, b->m[j].sig))
				say(o, "~ %s.%s: %s -> %s", dn, a->m[i].name,
				    sig_show(a->m[i].sig),
				    sig_show(b->m[j].sig));
			if (!str_eq(a->m[i].desc, b->m[j].desc))
				say(o, "~ %s.%s: description changed", dn,
				    a->m[i].name);
			i++;
			j++;
		}
	}
}

int
sdl_compare(const char *old, size_t oldlen, const char *new, size_t newlen,
    const char *indent, size_t max_lines, struct buf *summary, char *err,
    size_t errlen)
{
	struct arena *a = arena_new();
	struct rd ra, rb;
	struct out o;
	size_t i = 0, j = 0;
	int ret = -1;

	memset(&rb, 0, sizeof(rb));
	if (read_sdl(&ra, old, oldlen, a, err, errlen) != 0) {
		free_sdl(&ra);
		goto out;
	}
	if (read_sdl(&rb, new, newlen, a, err, errlen) != 0)
		goto done;
	o.b = summary;
	o.indent = indent != NULL ? indent : "";
	o.max = max_lines;
	o.n = 0;
	while (i < ra.nd || j < rb.nd) {
		int c = i >= ra.nd ? 1
		    : j >= rb.nd   ? -1
				   : strcmp(ra.d[i].key, rb.d[j].key);

		if (c < 0) {
			say(&o, "- %s", ra.d[i++].key);
		} else if (c > 0) {
			say(&o, "+ %s", rb.d[j++].key);
		} else {
			if (!str_eq(ra.d[i].head, rb.d[j].head))
				say(&o, "~ %s: %s -> %s", ra.d[i].key,
				    ra.d[i].head, rb.d[j].head);
			if (!str_eq(ra.d[i].desc, rb.d[j].desc))
				say(&o, "~ %s: description changed",
				    ra.d[i].key);
			compare_members(&ra.d[i], &rb.d[j], &o);
			i++;
			j++;
		}
	}
	if (summary != NULL && o.n > o.max)
		buf_addf(
		    summary, "%s... and %zu more\n", o.indent, o.n - o.max);
	ret = o.n > (size_t)INT32_MAX ? INT32_MAX : (int)o.n;
done:
	free_sdl(&ra);
	free_sdl(&rb);
out:
	arena_free(&a);
	return ret;
}
