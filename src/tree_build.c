/*
 * tree_build.c: what the YAML and JSON readers (yaml_load.c, json_load.c)
 * share to build a tree: default limits, input checks (size, NUL, UTF-8),
 * positions, the child stacks, key lookup, log-line detection and js-yaml
 * scalar resolution.  It calls nothing above it (tree_build.h).
 */
#include "drift/compat.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree_build.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

void
load_limits_default(struct load_limits *lim)
{
	lim->max_bytes = (size_t)1024 * 1024 * 1024;
	lim->max_depth = 64;
	lim->max_alias_nodes = 1000000;
	lim->max_scalar = (size_t)1024 * 1024;
	lim->max_nodes = 50000000;
	lim->release_input = 0;
	lim->max_entities = 1000000;
	lim->whole = 0;
}

size_t
ldr_bom_len(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

/*
 * The offset of the first NUL byte or invalid UTF-8 sequence (overlong
 * forms, surrogates and code points past U+10FFFF are invalid), or len.
 */
static size_t
utf8_bad(const unsigned char *s, size_t len)
{
	const uint64_t hi = 0x8080808080808080ull;
	const uint64_t lo = 0x0101010101010101ull;
	size_t i = 0;

	while (i < len) {
		unsigned c;

		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & hi) != 0 || ((w - lo) & ~w & hi) != 0)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
		} else if (c < 0xc2) {
			return i;
		} else if (c < 0xe0) {
			if (i + 1 >= len || (s[i + 1] & 0xc0) != 0x80)
				return i;
			i += 2;
		} else if (c < 0xf0) {
			unsigned lo1 = c == 0xe0 ? 0xa0 : 0x80;
			unsigned hi1 = c == 0xed ? 0x9f : 0xbf;

			if (i + 2 >= len || s[i + 1] < lo1 || s[i + 1] > hi1 ||
			    (s[i + 2] & 0xc0) != 0x80)
				return i;
			i += 3;
		} else if (c < 0xf5) {
			unsigned lo1 = c == 0xf0 ? 0x90 : 0x80;
			unsigned hi1 = c == 0xf4 ? 0x8f : 0xbf;

			if (i + 3 >= len || s[i + 1] < lo1 || s[i + 1] > hi1 ||
			    (s[i + 2] & 0xc0) != 0x80 ||
			    (s[i + 3] & 0xc0) != 0x80)
				return i;
			i += 4;
		} else {
			return i;
		}
	}
	return len;
}

int
ldr_err(struct ldr *l, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	const char *o = l->origin;

	if (o == NULL || strcmp(o, "-") == 0)
		o = "<stdin>";
	va_start(ap, fmt);
	derr_vset(l->err, DRIFT_EXIT_INPUT, o, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int
ldr_init(struct ldr *l, const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct derr *err)
{
	size_t bad;
	uint32_t line, col;

	memset(l, 0, sizeof(*l));
	if (data == NULL)
		data = ""; /* (NULL, 0) is an empty input */
	l->origin = origin;
	l->data = data;
	l->len = len;
	l->err = err;
	if (lim != NULL)
		l->lim = *lim;
	else
		load_limits_default(&l->lim);
	buf_init(&l->scratch, 0);
	l->rel_next = l->lim.release_input
	    ? l->lim.release_input + l->lim.release_input / 2
	    : SIZE_MAX;
	l->t = tree_new(origin);
	if (len > l->lim.max_bytes)
		return ldr_err(l, 0, 0,
		    "input is larger than the limit of "
		    "%zu bytes",
		    l->lim.max_bytes);
	l->bom = ldr_bom_len(data, len);
	bad = utf8_bad((const unsigned char *)data, len);
	if (bad < len) {
		ldr_pos(l, bad, &line, &col);
		if (data[bad] == '\0')
			return ldr_err(l, line, col, "NUL byte in the input");
		return ldr_err(l, line, col, "invalid UTF-8 byte 0x%02x",
		    (unsigned char)data[bad]);
	}
	return 0;
}

void
ldr_release(struct ldr *l)
{
	free(l->nodes);
	free(l->pairs);
	l->nodes = NULL;
	l->pairs = NULL;
	buf_release(&l->scratch);
	tree_free(&l->t);
}

/* the position of off, scanning from offset i at line ln, column c */
static void
pos_scan(const struct ldr *l, size_t i, uint32_t ln, uint32_t c, size_t off,
    uint32_t *line, uint32_t *col)
{
	const unsigned char *s = (const unsigned char *)l->data;
	const unsigned char *nl;

	while (i < off && (nl = memchr(s + i, '\n', off - i)) != NULL) {
		ln++;
		c = 1;
		i = (size_t)(nl - s) + 1;
	}
	for (; i < off; i++)
		if ((s[i] & 0xc0) != 0x80)
			c++;
	*line = ln;
	*col = c;
}

void
ldr_pos(const struct ldr *l, size_t off, uint32_t *line, uint32_t *col)
{
	if (off > l->len)
		off = l->len;
	if (l->ck_off == 0 || off < l->rel_lo)
		pos_scan(l, l->bom, 1, 1, off, line, col);
	else if (off < l->ck_off) /* released text: not expected */
		pos_scan(
		    l, l->ck_off, l->ck_line, l->ck_col, l->ck_off, line, col);
	else
		pos_scan(l, l->ck_off, l->ck_line, l->ck_col, off, line, col);
}

size_t
ldr_offset(const struct ldr *l, uint32_t line, uint32_t col)
{
	const unsigned char *s = (const unsigned char *)l->data;
	size_t i = l->bom, ret;
	uint32_t ln = 1, c = 1;

	if (l->ck_off != 0) {
		/* a position before the checkpoint maps to it */
		if (line < l->ck_line ||
		    (line == l->ck_line && col < l->ck_col)) {
			ret = l->ck_off;
			goto out;
		}
		i = l->ck_off;
		ln = l->ck_line;
		c = l->ck_col;
	}
	while (i < l->len && ln < line) {
		if (s[i] == '\n') {
			ln++;
			c = 1;
		}
		i++;
	}
	while (i < l->len && c < col && s[i] != '\n') {
		i++;
		while (i < l->len && (s[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	ret = i;
out:
	return ret;
}

void
ldr_release_step(struct ldr *l, size_t cur)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t base = (uintptr_t)l->data;
	size_t keep = l->lim.release_input / 4, lo, hi;

	l->rel_next = cur + l->lim.release_input;
	if (cur > l->len || cur < 2 * keep)
		return;
	/* whole pages only, inside data */
	lo = (size_t)(((base + keep + page - 1) & ~(page - 1)) - base);
	hi = (size_t)(((base + cur - keep) & ~(page - 1)) - base);
	if (l->ck_off != 0)
		lo = l->ck_off;
	if (hi <= lo)
		return;
	/* the checkpoint moves to hi while the text is still there */
	if (l->ck_off == 0)
		pos_scan(l, l->bom, 1, 1, hi, &l->ck_line, &l->ck_col);
	else
		pos_scan(l, l->ck_off, l->ck_line, l->ck_col, hi, &l->ck_line,
		    &l->ck_col);
	if (l->ck_off == 0)
		l->rel_lo = lo;
	l->ck_off = hi;
	/* advice only: on failure the pages simply stay */
	(void)madvise((void *)(base + lo), hi - lo, MADV_DONTNEED);
}

/* does the line at s[0..n) open a snapshot: '{' or "key:" at column 1 */
static int
snapshot_line(const char *s, size_t n)
{
	size_t i = 0;

	if (n > 0 && s[0] == '{')
		return 1;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (i == 0 || i >= n || s[i] != ':')
		return 0;
	return i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\r';
}

/*
 * could the first line s[0..n) be a log line: anything, except that a line
 * opening with '[' (JSON or a YAML flow sequence) must look like
 * "[timestamp] TEXT"
 */
static int
log_line(const char *s, size_t n)
{
	const char *rb;

	if (s[0] != '[')
		return 1;
	rb = memchr(s, ']', n);
	if (rb == NULL || rb + 2 >= s + n || rb[1] != ' ')
		return 0;
	return isalpha((unsigned char)rb[2]);
}

uint32_t
ldr_log_prefix(const struct ldr *l)
{
	const char *s = l->data + l->bom, *end = l->data + l->len;

	/* after ldr_release_step() only data[0, rel_lo) is left to look at */
	if (l->ck_off != 0)
		end = l->data + l->rel_lo;
	uint32_t line = 1, first = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		int blank = 1;
		size_t i;

		for (i = 0; i < n; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
				blank = 0;
		if (!blank && s[0] != '#') {
			if (first == 0) {
				first = line;
				if (snapshot_line(s, n) || !log_line(s, n))
					return 0;
			} else if (snapshot_line(s, n)) {
				return line;
			}
		}
		if (nl == NULL)
			break;
		s = nl + 1;
		line++;
	}
	return 0;
}

static int
blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * 1 when the line s[0..n), past line 1, is text no snapshot has at
 * column 1: not blank, not a control character (the reader's own error
 * is better), not indented, not a comment, not a sequence item, not a
 * bracket or quote of JSON or a flow collection, not a YAML indicator
 * ("---", "...", "%YAML", "&a", "? "...), not a "key:" line.
 */
static int
stray_line(const char *s, size_t n, int json)
{
	if (json && !blank_line(s, n) && s[0] != '[') {
		/* JSON has no bare words but true, false and null */
		if (!isalpha((unsigned char)s[0]))
			return 0;
		return !((n >= 4 &&
			     (memcmp(s, "true", 4) == 0 ||
				 memcmp(s, "null", 4) == 0)) ||
		    (n >= 5 && memcmp(s, "false", 5) == 0));
	}
	size_t i;

	if (blank_line(s, n) || (unsigned char)s[0] < 0x20 || s[0] == 0x7f ||
	    strchr(" \t#-{}]\"',.%&*!?|>", s[0]) != NULL)
		return 0;
	if (s[0] == '[')
		return log_line(s, n);
	/* a "key: value" or "key:" line (keys may hold '-' or '.') */
	for (i = 0; i < n; i++)
		if (s[i] == ':' &&
		    (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\r'))
			return 0;
	return 1;
}

int
ldr_log_error(struct ldr *l, uint32_t line, int json)
{
	const char *s = l->data + l->bom, *end = l->data + l->len;
	uint32_t ln = 1, found = 0;
	int after = 1;

	if (l->ck_off != 0) {
		/* data[rel_lo, ck_off) is gone: look from the checkpoint */
		s = l->data + l->ck_off;
		ln = l->ck_line;
		if (l->ck_col != 1) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));

			s = nl != NULL ? nl + 1 : end;
			ln++;
		}
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		/* an empty line (n 0) is blank for both tests below */
		if (ln > 1) {
			if (stray_line(s, n, json)) {
				if (found == 0 && ln <= line + 1)
					found = ln;
			} else if (found != 0 && !blank_line(s, n) &&
			    s[0] != '#') {
				after = 0;
			}
		}
		if ((found == 0 && ln > line + 1) || nl == NULL)
			break;
		s = nl + 1;
		ln++;
	}
	if (found == 0)
		return 0;
	ldr_err(l, found, 1, "unexpected text %s the snapshot (a log line?)",
	    after ? "after" : "inside");
	return derr_hint(l->err,
	    "remove line %u (and any other log lines): the file should "
	    "hold the snapshot alone",
	    (unsigned)found);
}

int
ldr_count(struct ldr *l, uint32_t line, uint32_t col)
{
	if (++l->nnodes > l->lim.max_nodes)
		return ldr_err(l, line, col,
		    "the document has more than the "
		    "limit of %zu nodes",
		    l->lim.max_nodes);
	return 0;
}

void
ldr_grow_nodes(struct ldr *l)
{
	l->nalloc = l->nalloc ? l->nalloc * 2 : 256;
	l->nodes = xreallocarray(l->nodes, l->nalloc, sizeof(*l->nodes));
}

void
ldr_grow_pairs(struct ldr *l)
{
	l->palloc = l->palloc ? l->palloc * 2 : 256;
	l->pairs = xreallocarray(l->pairs, l->palloc, sizeof(*l->pairs));
}

void
ldr_close_seq(struct ldr *l, size_t base, struct tnode *out)
{
	size_t n = l->nn - base;
	struct tnode *v = NULL;

	if (n > 0) {
		v = arena_alloc(tree_arena(l->t), n * sizeof(*v));
		memcpy(v, l->nodes + base, n * sizeof(*v));
	}
	out->kind = TN_SEQ;
	out->u.seq.v = v;
	out->u.seq.n = n;
	l->nn = base;
}

void
ldr_close_map(struct ldr *l, size_t base, struct tnode *out)
{
	size_t n = l->np - base;
	struct tpair *v = NULL;

	if (n > 0) {
		v = arena_alloc(tree_arena(l->t), n * sizeof(*v));
		memcpy(v, l->pairs + base, n * sizeof(*v));
	}
	out->kind = TN_MAP;
	out->u.map.v = v;
	out->u.map.n = n;
	l->np = base;
}

static size_t
key_hash(const char *key, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & mask;
}

long
keys_find(
    const struct keytab *kt, const struct tpair *p, size_t n, const char *key)
{
	size_t i;

	if (kt->slot == NULL) {
		for (i = 0; i < n; i++)
			if (p[i].key == key)
				return (long)i;
		return -1;
	}
	for (i = key_hash(key, kt->mask); kt->slot[i] != 0;
	     i = (i + 1) & kt->mask)
		if (p[kt->slot[i] - 1].key == key)
			return (long)kt->slot[i] - 1;
	return -1;
}

static void
keys_put(struct keytab *kt, const struct tpair *p, size_t idx)
{
	size_t i = key_hash(p[idx].key, kt->mask);

	while (kt->slot[i] != 0)
		i = (i + 1) & kt->mask;
	kt->slot[i] = (uint32_t)idx + 1;
}

void
keys_note(struct keytab *kt, const struct tpair *p, size_t n)
{
	size_t i;

	if (n <= KEYS_LINEAR)
		return;
	if (kt->slot == NULL || n * 2 > kt->mask + 1) {
		size_t sz = 64;

		while (sz < n * 4)
			sz *= 2;
		free(kt->slot);
		kt->slot = xcalloc(sz, sizeof(*kt->slot));
		kt->mask = sz - 1;
		for (i = 0; i < n; i++)
			keys_put(kt, p, i);
		return;
	}
	keys_put(kt, p, n - 1);
}

void
keys_free(struct keytab *kt)
{
	free(kt->slot);
	kt->slot = NULL;
	kt->mask = 0;
}

double
ldr_strtod(const char *s, size_t len)
{
	char small[128], *tmp = small;
	const char *dp = localeconv()->decimal_point;
	double d;
	size_t i;

	if (len >= sizeof(small))
		tmp = xmalloc(len + 1);
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (dp != NULL && dp[0] != '.' && dp[0] != '\0' && dp[1] == '\0')
		for (i = 0; i < len; i++)
			if (tmp[i] == '.')
				tmp[i] = dp[0];
	d = strtod(tmp, NULL);
	if (tmp != small)
		free(tmp);
	return d;
}

static int
digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int
resolve_int(const char *s, size_t len, struct tnode *out)
{
	size_t i = 0;
	int neg = 0, base = 10, any = 0, over = 0;
	uint64_t u = 0;
	double d = 0;

	if (len == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	if (i < len && s[i] == '0' && i + 1 < len) {
		if (s[i + 1] == 'x')
			base = 16;
		else if (s[i + 1] == 'o')
			base = 8;
		else if (s[i + 1] == 'b')
			base = 2;
		if (base != 10)
			i += 2;
	}
	for (; i < len; i++) {
		int v;

		v = digit_val((unsigned char)s[i]);
		if (v >= base)
			return -1;
		any = 1;
		if (u > (UINT64_MAX - (uint64_t)v) / (uint64_t)base)
			over = 1;
		u = u * (uint64_t)base + (uint64_t)v;
		d = d * base + v;
	}
	if (!any)
		return -1;
	if (!over && !neg && u <= (uint64_t)INT64_MAX) {
		out->kind = TN_INT;
		out->u.i = (int64_t)u;
	} else if (!over && neg && u <= (uint64_t)INT64_MAX + 1) {
		out->kind = TN_INT;
		out->u.i = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							: -(int64_t)u;
	} else if (base == 10) {
		/* correctly rounded, like js-yaml's parseInt */
		d = ldr_strtod(s, len);
		if (!isfinite(d))
			return -1;
		out->kind = TN_FLOAT;
		out->u.f = d;
	} else {
		if (!isfinite(d))
			return -1;
		out->kind = TN_FLOAT;
		out->u.f = neg ? -d : d;
	}
	return 0;
}

/*
 * js-yaml 4.3 float.js:
 *   ^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?
 *   |\.[0-9]+(?:[eE][-+]?[0-9]+)?
 *   |[-+]?\.(?:inf|Inf|INF)
 *   |\.(?:nan|NaN|NAN))$
 * and finite unless it is .inf or .nan.
 */
int
resolve_float(const char *s, size_t len, struct tnode *out)
{
	size_t i = 0, j;
	int neg = 0;
	double d;

	if (len == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
	}
	if (len - i == 4 && s[i] == '.' &&
	    (memcmp(s + i, ".inf", 4) == 0 || memcmp(s + i, ".Inf", 4) == 0 ||
		memcmp(s + i, ".INF", 4) == 0)) {
		out->kind = TN_FLOAT;
		out->u.f = neg ? -INFINITY : INFINITY;
		return 0;
	}
	if (len == 4 &&
	    (memcmp(s, ".nan", 4) == 0 || memcmp(s, ".NaN", 4) == 0 ||
		memcmp(s, ".NAN", 4) == 0)) {
		out->kind = TN_FLOAT;
		out->u.f = NAN;
		return 0;
	}
	j = i;
	if (j < len && s[j] >= '0' && s[j] <= '9') {
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j < len && s[j] == '.') {
			j++;
			while (j < len && s[j] >= '0' && s[j] <= '9')
				j++;
		}
	} else if (j < len && s[j] == '.' && i == 0) {
		j++;
		if (j >= len || s[j] < '0' || s[j] > '9')
			return -1;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
	} else {
		return -1;
	}
	if (j < len && (s[j] == 'e' || s[j] == 'E')) {
		j++;
		if (j < len && (s[j] == '-' || s[j] == '+'))
			j++;
		if (j >= len || s[j] < '0' || s[j] > '9')
			return -1;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
	}
	if (j != len)
		return -1;
	d = ldr_strtod(s, len);
	if (!isfinite(d))
		return -1; /* js-yaml: 1e400 stays a string */
	out->kind = TN_FLOAT;
	out->u.f = d;
	return 0;
}

void
resolve_plain(struct tree *t, const char *s, size_t len, struct tnode *out)
{
	switch (len) {
	case 0:
		out->kind = TN_NULL;
		return;
	case 1:
		if (s[0] == '~') {
			out->kind = TN_NULL;
			return;
		}
		break;
	case 4:
		if (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		    memcmp(s, "NULL", 4) == 0) {
			out->kind = TN_NULL;
			return;
		}
		if (memcmp(s, "true", 4) == 0 || memcmp(s, "True", 4) == 0 ||
		    memcmp(s, "TRUE", 4) == 0) {
			out->kind = TN_BOOL;
			out->u.b = 1;
			return;
		}
		break;
	case 5:
		if (memcmp(s, "false", 5) == 0 || memcmp(s, "False", 5) == 0 ||
		    memcmp(s, "FALSE", 5) == 0) {
			out->kind = TN_BOOL;
			out->u.b = 0;
			return;
		}
		break;
	}
	/* only these can start a number */
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' ||
	    s[0] == '.') {
		if (resolve_int(s, len, out) == 0 ||
		    resolve_float(s, len, out) == 0)
			return;
	}
	out->kind = TN_STR;
	out->u.s.p = ldr_str(t, s, len);
	out->u.s.len = len;
}
