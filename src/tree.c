#include "drift/compat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/tree.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct tnode) == 24, "struct tnode grew");
_Static_assert(sizeof(struct tpair) == 40, "struct tpair grew");
#endif

struct tree {
	struct arena *arena;
	struct tnode *root;
	char *origin;
	/* intern table: open addressing, power-of-two size */
	const char **slots;
	uint32_t *lens;
	size_t nslots, nused;
};

struct tree *
tree_new(const char *origin)
{
	struct tree *t = xcalloc(1, sizeof(*t));

	t->arena = arena_new();
	t->origin = xstrdup(origin ? origin : "");
	t->nslots = 256;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	t->lens = xcalloc(t->nslots, sizeof(*t->lens));
	return t;
}

void
tree_free(struct tree **tp)
{
	struct tree *t;

	if (tp == NULL || *tp == NULL)
		return;
	t = *tp;
	arena_free(&t->arena);
	free(t->origin);
	free(t->slots);
	free(t->lens);
	free(t);
	*tp = NULL;
}

struct arena *
tree_arena(struct tree *t)
{
	return t->arena;
}

const char *
tree_origin(const struct tree *t)
{
	return t->origin;
}

struct tnode *
tree_root(const struct tree *t)
{
	return t->root;
}

void
tree_set_root(struct tree *t, struct tnode *root)
{
	t->root = root;
}

/* eight bytes at a time: keys are short and every key is hashed */
static uint32_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (i < len) {
		/* byte by byte: a memcpy of a variable length is a call */
		for (w = 0; i < len; i++)
			w = w << 8 | (unsigned char)s[i];
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(h >> 32);
}

static void
intern_grow(struct tree *t)
{
	size_t n = t->nslots * 2, i;
	const char **slots = xcalloc(n, sizeof(*slots));
	uint32_t *lens = xcalloc(n, sizeof(*lens));

	for (i = 0; i < t->nslots; i++) {
		size_t j;

		if (t->slots[i] == NULL)
			continue;
		j = hash_bytes(t->slots[i], t->lens[i]) & (n - 1);
		while (slots[j] != NULL)
			j = (j + 1) & (n - 1);
		slots[j] = t->slots[i];
		lens[j] = t->lens[i];
	}
	free(t->slots);
	free(t->lens);
	t->slots = slots;
	t->lens = lens;
	t->nslots = n;
}

const char *
tree_intern(struct tree *t, const char *s, size_t len)
{
	size_t j;

	if ((t->nused + 1) * 2 > t->nslots)
		intern_grow(t);
	j = hash_bytes(s, len) & (t->nslots - 1);
	while (t->slots[j] != NULL) {
		if (t->lens[j] == len && memcmp(t->slots[j], s, len) == 0)
			return t->slots[j];
		j = (j + 1) & (t->nslots - 1);
	}
	t->slots[j] = arena_strndup(t->arena, s, len);
	t->lens[j] = (uint32_t)len;
	t->nused++;
	return t->slots[j];
}

const char *
tree_strndup(struct tree *t, const char *s, size_t len)
{
	return arena_strndup(t->arena, s, len);
}

void
tnode_set_null(struct tnode *n)
{
	n->kind = TN_NULL;
}

void
tnode_set_bool(struct tnode *n, int b)
{
	n->kind = TN_BOOL;
	n->u.b = b != 0;
}

void
tnode_set_int(struct tnode *n, int64_t i)
{
	n->kind = TN_INT;
	n->u.i = i;
}

void
tnode_set_float(struct tnode *n, double f)
{
	n->kind = TN_FLOAT;
	n->u.f = f;
}

void
tnode_set_str(struct tnode *n, const char *s, size_t len)
{
	n->kind = TN_STR;
	n->u.s.p = s;
	n->u.s.len = len;
}

const struct tpair *
tnode_get_pair(const struct tnode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != TN_MAP)
		return NULL;
	/* the first byte rules out most keys without a call */
	for (i = 0; i < map->u.map.n; i++)
		if (map->u.map.v[i].key[0] == key[0] &&
		    strcmp(map->u.map.v[i].key, key) == 0)
			return &map->u.map.v[i];
	return NULL;
}

const struct tnode *
tnode_get(const struct tnode *map, const char *key)
{
	const struct tpair *p = tnode_get_pair(map, key);

	return p ? &p->val : NULL;
}

const char *
tnode_str(const struct tnode *n)
{
	return n != NULL && n->kind == TN_STR ? n->u.s.p : NULL;
}

int
tnode_is_true(const struct tnode *n)
{
	return n != NULL && n->kind == TN_BOOL && n->u.b;
}

int
tnode_is_nullish(const struct tnode *n)
{
	return n == NULL || n->kind == TN_NULL;
}

static int
num_equal(const struct tnode *a, const struct tnode *b)
{
	double x = a->kind == TN_INT ? (double)a->u.i : a->u.f;
	double y = b->kind == TN_INT ? (double)b->u.i : b->u.f;

	if (a->kind == TN_INT && b->kind == TN_INT)
		return a->u.i == b->u.i;
	if (isnan(x) && isnan(y))
		return 1;
	return x == y;
}

int
tnode_equal(const struct tnode *a, const struct tnode *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if ((a->kind == TN_INT || a->kind == TN_FLOAT) &&
	    (b->kind == TN_INT || b->kind == TN_FLOAT))
		return num_equal(a, b);
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case TN_NULL:
		return 1;
	case TN_BOOL:
		return a->u.b == b->u.b;
	case TN_STR:
		return a->u.s.len == b->u.s.len &&
		    memcmp(a->u.s.p, b->u.s.p, a->u.s.len) == 0;
	case TN_SEQ:
		if (a->u.seq.n != b->u.seq.n)
			return 0;
		for (i = 0; i < a->u.seq.n; i++)
			if (!tnode_equal(&a->u.seq.v[i], &b->u.seq.v[i]))
				return 0;
		return 1;
	case TN_MAP:
		if (a->u.map.n != b->u.map.n)
			return 0;
		for (i = 0; i < a->u.map.n; i++) {
			const struct tpair *pa = &a->u.map.v[i];
			const struct tpair *pb = NULL;

			/* fast path: same position, same key */
			if (i < b->u.map.n &&
			    strcmp(b->u.map.v[i].key, pa->key) == 0)
				pb = &b->u.map.v[i];
			else
				pb = tnode_get_pair(b, pa->key);
			if (pb == NULL || !tnode_equal(&pa->val, &pb->val))
				return 0;
		}
		return 1;
	}
	return 0;
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct tpair *a = x, *b = y;

	return strcmp(a->key, b->key);
}

void
tnode_sort_map(struct tnode *map, int deep)
{
	size_t i;

	if (map == NULL)
		return;
	if (map->kind == TN_MAP) {
		if (map->u.map.n > 1)
			qsort(map->u.map.v, map->u.map.n, sizeof(struct tpair),
			    pair_cmp);
		if (deep)
			for (i = 0; i < map->u.map.n; i++)
				tnode_sort_map(&map->u.map.v[i].val, 1);
	} else if (map->kind == TN_SEQ && deep) {
		for (i = 0; i < map->u.seq.n; i++)
			tnode_sort_map(&map->u.seq.v[i], 1);
	}
}

const char *
tnode_kind_name(const struct tnode *n)
{
	if (n == NULL)
		return "null";
	switch (n->kind) {
	case TN_NULL:
		return "null";
	case TN_BOOL:
		return "boolean";
	case TN_INT:
		return "integer";
	case TN_FLOAT:
		return "number";
	case TN_STR:
		return "string";
	case TN_MAP:
		return "mapping";
	case TN_SEQ:
		return "sequence";
	}
	return "unknown";
}

static int
render(const struct tnode *n, struct buf *out, size_t limit)
{
	size_t i;
	int r = 0;

	if (limit && out->len > limit)
		return 0;
	if (n == NULL)
		return buf_adds(out, "null");
	switch (n->kind) {
	case TN_NULL:
		return buf_adds(out, "null");
	case TN_BOOL:
		return buf_adds(out, n->u.b ? "true" : "false");
	case TN_INT:
		return buf_addf(out, "%lld", (long long)n->u.i);
	case TN_FLOAT:
		if (isnan(n->u.f))
			return buf_adds(out, "\".nan\"");
		if (isinf(n->u.f))
			return buf_adds(
			    out, n->u.f > 0 ? "\".inf\"" : "\"-.inf\"");
		return buf_addf(out, "%.17g", n->u.f);
	case TN_STR:
		return buf_add_json_str(out, n->u.s.p, n->u.s.len);
	case TN_SEQ:
		r |= buf_addch(out, '[');
		for (i = 0; i < n->u.seq.n && r == 0; i++) {
			if (i)
				r |= buf_addch(out, ',');
			r |= render(&n->u.seq.v[i], out, limit);
		}
		r |= buf_addch(out, ']');
		return r ? -1 : 0;
	case TN_MAP:
		r |= buf_addch(out, '{');
		for (i = 0; i < n->u.map.n && r == 0; i++) {
			const struct tpair *p = &n->u.map.v[i];

			if (i)
				r |= buf_addch(out, ',');
			r |= buf_add_json_str(out, p->key, strlen(p->key));
			r |= buf_addch(out, ':');
			r |= render(&p->val, out, limit);
		}
		r |= buf_addch(out, '}');
		return r ? -1 : 0;
	}
	return 0;
}

/*
 * Where to cut the rendering s[0..len) to keep at most max bytes: never
 * inside a UTF-8 sequence, nor inside a JSON escape ("\\n", "\\u00e9")
 */
static size_t
render_cut(const char *s, size_t len, size_t max)
{
	size_t m = utf8_boundary(s, len, max), k, run;

	for (k = 1; k <= 5 && k <= m; k++) {
		if (s[m - k] != '\\')
			continue;
		/* an odd run of backslashes ends with one that starts an escape */
		for (run = 1; run < m - k + 1 && s[m - k - run] == '\\'; run++)
			;
		if (run % 2 == 1 && m - k + (s[m - k + 1] == 'u' ? 6 : 2) > m)
			m -= k;
		break;
	}
	return m;
}

int
tnode_render(const struct tnode *n, struct buf *out, size_t maxlen)
{
	size_t start = out->len;
	int r = render(n, out, maxlen ? start + maxlen : 0);

	if (r == 0 && maxlen && out->len - start > maxlen) {
		out->len = start +
		    render_cut(out->buf + start, out->len - start, maxlen);
		out->buf[out->len] = '\0';
		r = buf_adds(out, "...");
	}
	return r;
}
