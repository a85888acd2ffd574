/*
 * json_load.c: the project's own strict RFC 8259 JSON reader, building a
 * tree (tree.h) with positions.  UTF-8 is validated before parsing
 * (ldr_init), so the string scanner only looks for '"', '\\' and control
 * characters, and counts continuation bytes to keep columns in code
 * points.  Lines change only in white space (JSON strings cannot hold a
 * raw line feed).
 */
#include "drift/compat.h"

#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree_build.h"
#include "drift/tree.h"

struct jr {
	struct ldr *l;
	const unsigned char *p, *end;
	const unsigned char *lstart; /* first byte of the current line */
	size_t cont;                 /* continuation bytes in [lstart, p) */
	uint32_t line;
	unsigned depth;
};

/* 1: stops the string scanner ('"', '\\', controls); 2: UTF-8 tail byte */
static const unsigned char str_stop[256] = {
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	0,
	0,
	1,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	1,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
	2,
};

static uint32_t
col_at(const struct jr *j, const unsigned char *q)
{
	return (uint32_t)((size_t)(q - j->lstart) - j->cont + 1);
}

static int
jerr_at(struct jr *j, const unsigned char *q, const char *what)
{
	return ldr_err(j->l, j->line, col_at(j, q), "%s", what);
}

static void
skip_ws(struct jr *j)
{
	const unsigned char *p = j->p, *end = j->end;

	while (p < end) {
		unsigned c = *p;

		if (c == ' ' || c == '\t' || c == '\r') {
			p++;
		} else if (c == '\n') {
			p++;
			j->line++;
			j->lstart = p;
			j->cont = 0;
		} else {
			break;
		}
	}
	j->p = p;
}

/* describes the character at j->p for messages */
static int
unexpected(struct jr *j, const char *expected)
{
	if (j->p >= j->end)
		return ldr_err(j->l, j->line, col_at(j, j->p),
		    "unexpected end of input, expected %s", expected);
	if (*j->p >= 0x21 && *j->p < 0x7f)
		return ldr_err(j->l, j->line, col_at(j, j->p),
		    "unexpected '%c', expected %s", *j->p, expected);
	return ldr_err(j->l, j->line, col_at(j, j->p),
	    "unexpected character, expected %s", expected);
}

static int
hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	(void)buf_add(b, u, n);
}

/*
 * Decodes the rest of a string with escapes: [start, p) is plain text
 * already scanned, p points at a backslash.  On success the text is in
 * j->l->scratch and j->p is past the closing quote.
 */
static int
string_escaped(struct jr *j, const unsigned char *start, const unsigned char *p)
{
	struct buf *b = &j->l->scratch;
	const unsigned char *end = j->end;

	buf_reset(b);
	(void)buf_add(b, start, (size_t)(p - start));
	for (;;) {
		const unsigned char *run = p;
		unsigned c, cp, lo;

		while (p < end && !str_stop[*p])
			p++;
		(void)buf_add(b, run, (size_t)(p - run));
		if (p >= end) {
			j->p = p;
			return unexpected(j, "'\"' to close the string");
		}
		c = *p;
		if (c == '"') {
			j->p = p + 1;
			return 0;
		}
		if (c >= 0x80) {
			j->cont++;
			(void)buf_addch(b, (int)c);
			p++;
			continue;
		}
		if (c != '\\')
			return jerr_at(j, p,
			    "control character in a string "
			    "(escape it)");
		if (p + 1 >= end) {
			j->p = p + 1;
			return unexpected(j, "an escape sequence");
		}
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			(void)buf_addch(b, p[1]);
			p += 2;
			continue;
		case 'b':
			(void)buf_addch(b, '\b');
			p += 2;
			continue;
		case 'f':
			(void)buf_addch(b, '\f');
			p += 2;
			continue;
		case 'n':
			(void)buf_addch(b, '\n');
			p += 2;
			continue;
		case 'r':
			(void)buf_addch(b, '\r');
			p += 2;
			continue;
		case 't':
			(void)buf_addch(b, '\t');
			p += 2;
			continue;
		case 'u':
			break;
		default:
			return jerr_at(j, p,
			    "invalid escape sequence in a "
			    "string");
		}
		if (end - p < 6 || hex4(p + 2, &cp) < 0)
			return jerr_at(j, p,
			    "invalid \\u escape in a string "
			    "(four hex digits expected)");
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return ldr_err(j->l, j->line, col_at(j, p),
			    "lone "
			    "surrogate \\u%04x in a string",
			    cp);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
			    hex4(p + 8, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
				return ldr_err(j->l, j->line, col_at(j, p),
				    "lone surrogate \\u%04x in a string", cp);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			p += 6;
		}
		put_utf8(b, cp);
		p += 6;
	}
}

/*
 * Reads the string at j->p (a '"').  *s and *len are the text: in the
 * input when it has no escapes, else in j->l->scratch.
 */
static int
string(struct jr *j, const char **s, size_t *len)
{
	const unsigned char *start = j->p + 1, *p = start, *end = j->end;

	for (;;) {
		while (p < end && !str_stop[*p])
			p++;
		if (p < end && *p >= 0x80) {
			j->cont++;
			p++;
			continue;
		}
		break;
	}
	if (p < end && *p == '"') {
		*s = (const char *)start;
		*len = (size_t)(p - start);
		j->p = p + 1;
	} else if (p < end && *p == '\\') {
		if (string_escaped(j, start, p) < 0)
			return -1;
		*s = j->l->scratch.buf;
		*len = j->l->scratch.len;
	} else if (p >= end) {
		j->p = p;
		return unexpected(j, "'\"' to close the string");
	} else {
		return jerr_at(j, p,
		    "control character in a string "
		    "(escape it)");
	}
	if (*len > j->l->lim.max_scalar)
		return ldr_err(j->l, j->line, col_at(j, start - 1),
		    "string "
		    "longer than the limit of %zu bytes",
		    j->l->lim.max_scalar);
	return 0;
}

static int
number(struct jr *j, struct tnode *out)
{
	const unsigned char *p = j->p, *start = p, *end = j->end;
	int neg = 0, isfloat = 0, over = 0;
	uint64_t u = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9') {
		j->p = p;
		return unexpected(j, "a digit");
	}
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9')
			return jerr_at(j, start,
			    "leading zeros are not "
			    "allowed in numbers");
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			unsigned d = *p - '0';

			if (u > (UINT64_MAX - d) / 10)
				over = 1;
			u = u * 10 + d;
			p++;
		}
	}
	if (p < end && *p == '.') {
		isfloat = 1;
		p++;
		if (p >= end || *p < '0' || *p > '9') {
			j->p = p;
			return unexpected(j, "a digit after '.'");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		isfloat = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9') {
			j->p = p;
			return unexpected(j, "a digit in the exponent");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	j->p = p;
	if (!isfloat && !over && !neg && u <= (uint64_t)INT64_MAX) {
		out->kind = TN_INT;
		out->u.i = (int64_t)u;
	} else if (!isfloat && !over && neg && u <= (uint64_t)INT64_MAX + 1) {
		out->kind = TN_INT;
		out->u.i = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							: -(int64_t)u;
	} else {
		out->kind = TN_FLOAT;
		out->u.f = ldr_strtod((const char *)start, (size_t)(p - start));
	}
	return 0;
}

static int value(struct jr *j, struct tnode *out);

static int
object(struct jr *j, struct tnode *out)
{
	struct ldr *l = j->l;
	struct keytab kt = { NULL, 0 };
	size_t base = l->np;
	int ret = -1;

	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		ret = 0;
		goto out;
	}
	for (;;) {
		struct tpair *pr;
		struct tnode v;
		const char *k;
		size_t klen;
		uint32_t kline, kcol;
		long dup;

		if (j->p >= j->end || *j->p != '"') {
			if (j->p < j->end && *j->p == '}')
				jerr_at(j, j->p, "trailing comma before '}'");
			else
				unexpected(j, "a string key");
			goto out;
		}
		kline = j->line;
		kcol = col_at(j, j->p);
		if (string(j, &k, &klen) < 0)
			goto out;
		if (memchr(k, '\0', klen) != NULL) {
			ldr_err(l, kline, kcol,
			    "a key holds a NUL character "
			    "(\\u0000)");
			goto out;
		}
		k = tree_intern(l->t, k, klen);
		dup = keys_find(&kt, ldr_pairs_at(l, base), l->np - base, k);
		if (dup >= 0) {
			const struct tpair *f = &l->pairs[base + (size_t)dup];

			ldr_err(l, kline, kcol,
			    "duplicate key \"%.200s\" "
			    "(first at %u:%u)",
			    k, (unsigned)f->line, (unsigned)f->col);
			goto out;
		}
		skip_ws(j);
		if (j->p >= j->end || *j->p != ':') {
			unexpected(j, "':' after the key");
			goto out;
		}
		j->p++;
		skip_ws(j);
		if (value(j, &v) < 0)
			goto out;
		pr = ldr_push_pair(l);
		pr->key = k;
		pr->line = kline;
		pr->col = kcol;
		pr->val = v;
		keys_note(&kt, ldr_pairs_at(l, base), l->np - base);
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			skip_ws(j);
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			break;
		}
		unexpected(j, "',' or '}'");
		goto out;
	}
	ret = 0;
out:
	keys_free(&kt);
	if (ret == 0)
		ldr_close_map(l, base, out);
	else
		l->np = base;
	return ret;
}

static int
array(struct jr *j, struct tnode *out)
{
	struct ldr *l = j->l;
	size_t base = l->nn;
	int ret = -1;

	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		ret = 0;
		goto out;
	}
	for (;;) {
		struct tnode v;

		if (value(j, &v) < 0)
			goto out;
		*ldr_push_node(l) = v;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			skip_ws(j);
			if (j->p < j->end && *j->p == ']') {
				jerr_at(j, j->p, "trailing comma before ']'");
				goto out;
			}
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			break;
		}
		unexpected(j, "',' or ']'");
		goto out;
	}
	ret = 0;
out:
	if (ret == 0)
		ldr_close_seq(l, base, out);
	else
		l->nn = base;
	return ret;
}

static int
literal(struct jr *j, const char *word, size_t n)
{
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return unexpected(j, "a value");
	j->p += n;
	return 0;
}

static int
value(struct jr *j, struct tnode *out)
{
	struct ldr *l = j->l;
	const char *s;
	size_t len;
	uint32_t col;
	int r;

	ldr_release_input(l, (size_t)(j->p - (const unsigned char *)l->data));
	out->flags = 0;
	out->line = j->line;
	col = col_at(j, j->p);
	out->col = tnode_col(col);
	if (ldr_count(l, out->line, col) < 0)
		return -1;
	if (j->p >= j->end)
		return unexpected(j, "a value");
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > l->lim.max_depth) {
			return ldr_err(l, out->line, out->col,
			    "nesting "
			    "deeper than the limit of %u levels",
			    l->lim.max_depth);
		}
		r = *j->p == '{' ? object(j, out) : array(j, out);
		j->depth--;
		return r;
	case '"':
		if (string(j, &s, &len) < 0)
			return -1;
		out->kind = TN_STR;
		out->u.s.p = ldr_str(l->t, s, len);
		out->u.s.len = len;
		return 0;
	case 't':
		out->kind = TN_BOOL;
		out->u.b = 1;
		return literal(j, "true", 4);
	case 'f':
		out->kind = TN_BOOL;
		out->u.b = 0;
		return literal(j, "false", 5);
	case 'n':
		out->kind = TN_NULL;
		return literal(j, "null", 4);
	default:
		if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
			return number(j, out);
		return unexpected(j, "a value");
	}
}

static const char *
top_kind(unsigned c)
{
	switch (c) {
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return "a number";
	}
	return NULL;
}

int
json_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct tree **out, struct derr *err)
{
	struct ldr l;
	struct jr j;
	struct tnode *root;
	int ret = -1;

	*out = NULL;
	if (ldr_init(&l, origin, data, len, lim, err) < 0)
		goto out;
	memset(&j, 0, sizeof(j));
	j.l = &l;
	j.p = (const unsigned char *)l.data + l.bom;
	j.end = (const unsigned char *)l.data + len;
	j.lstart = j.p;
	j.line = 1;
	skip_ws(&j);
	if (j.p >= j.end) {
		ldr_err(&l, 1, 1, "empty input: expected a snapshot");
		goto out;
	}
	if (*j.p != '{') {
		uint32_t at = ldr_log_prefix(&l);
		const char *k = top_kind(*j.p);

		if (at > 0) {
			ldr_err(&l, 1, 1,
			    "unexpected text before the snapshot "
			    "(a log line?)");
			derr_hint(err, "the snapshot seems to start at line %u",
			    (unsigned)at);
		} else if (k != NULL) {
			ldr_err(&l, j.line, col_at(&j, j.p),
			    "expected a "
			    "snapshot object at the top level, found %s",
			    k);
		} else {
			unexpected(&j, "a snapshot object");
		}
		goto out;
	}
	root = arena_alloc(tree_arena(l.t), sizeof(*root));
	if (value(&j, root) < 0) {
		if (err->status == DRIFT_EXIT_INPUT && err->line > 1)
			ldr_log_error(&l, err->line, 1);
		goto out;
	}
	skip_ws(&j);
	if (j.p < j.end) {
		jerr_at(&j, j.p, "unexpected text after the snapshot object");
		ldr_log_error(&l, err->line, 1);
		goto out;
	}
	tree_set_root(l.t, root);
	*out = l.t;
	l.t = NULL;
	ret = 0;
out:
	ldr_release(&l);
	return ret;
}
