/*
 * tree.h: the project's own compact document tree (SPEC section 3).
 *
 * Both loaders (YAML and JSON) build this tree; the model reads it.  All
 * nodes, pairs and strings live in the tree's arena and are freed together
 * by tree_free().  Map keys are interned per tree: two keys with the same
 * bytes in one tree share one pointer; a key never holds a NUL byte (the
 * loaders reject one), so strlen(key) is its length.  Every node and every
 * key records the 1-based line and column of the source text it came from.
 * A node's column is 16 bits: a column beyond TNODE_COL_MAX (minified JSON)
 * is stored as 0, which means "unknown" (messages and reports then give the
 * line only, as for synthesised nodes).  Keys keep their full column.
 *
 * The layout is kept small on purpose (a 50,000-field snapshot holds
 * millions of nodes): struct tnode is 24 bytes and struct tpair 40 on LP64,
 * checked by static assertions in tree.c.
 *
 * Scalars carry their js-yaml meaning (see load.h): a node never holds raw
 * unresolved YAML text.
 */
#ifndef DRIFT_TREE_H
#define DRIFT_TREE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

enum tkind {
	TN_NULL = 0,
	TN_BOOL,
	TN_INT,   /* fits in int64_t */
	TN_FLOAT, /* anything else numeric, including .inf and .nan */
	TN_STR,
	TN_MAP,
	TN_SEQ
};

struct tpair;

#define TNODE_COL_MAX 65535u

struct tnode {
	unsigned char kind;  /* enum tkind */
	unsigned char flags; /* loader-private */
	uint16_t col;  /* 1-based; 0: synthesised or beyond TNODE_COL_MAX */
	uint32_t line; /* 1-based; 0 for synthesised nodes */
	union {
		int b;
		int64_t i;
		double f;
		struct {
			const char *p; /* NUL-terminated; may hold inner NULs */
			size_t len;
		} s;
		struct {
			struct tpair *v;
			size_t n;
		} map;
		struct {
			struct tnode *v; /* contiguous children */
			size_t n;
		} seq;
	} u;
};

struct tpair {
	const char *key;    /* interned, NUL-terminated, no inner NUL */
	uint32_t line, col; /* of the key (full column) */
	struct tnode val;
};

struct tree;

/* new: an empty tree (root NULL); origin is copied, used for messages */
struct tree *tree_new(const char *origin);
/* frees the tree and everything in it; sets *tp to NULL; NULL is a no-op */
void tree_free(struct tree **tp);
/* borrowed */
struct arena *tree_arena(struct tree *t);
const char *tree_origin(const struct tree *t);
/* borrowed; NULL until tree_set_root() */
struct tnode *tree_root(const struct tree *t);
void tree_set_root(struct tree *t, struct tnode *root);
/* borrowed: the interned copy of s[0..len) */
const char *tree_intern(struct tree *t, const char *s, size_t len);
/* borrowed: a NUL-terminated arena copy (not interned) */
const char *tree_strndup(struct tree *t, const char *s, size_t len);

/* a source column as stored in a node: col, or 0 beyond TNODE_COL_MAX */
static inline uint16_t
tnode_col(uint32_t col)
{
	return col > TNODE_COL_MAX ? 0 : (uint16_t)col;
}

/* node constructors: the node is written into *n (no allocation) */
void tnode_set_null(struct tnode *n);
void tnode_set_bool(struct tnode *n, int b);
void tnode_set_int(struct tnode *n, int64_t i);
void tnode_set_float(struct tnode *n, double f);
/* s is borrowed and must outlive the node (use tree_strndup) */
void tnode_set_str(struct tnode *n, const char *s, size_t len);

/* borrowed: the value under key in map, or NULL (absent, or not a map) */
const struct tnode *tnode_get(const struct tnode *map, const char *key);
/* borrowed: the pair under key, or NULL */
const struct tpair *tnode_get_pair(const struct tnode *map, const char *key);
/* borrowed: the string of a TN_STR node, or NULL for any other node */
const char *tnode_str(const struct tnode *n);
/* 1 when n is TN_BOOL true */
int tnode_is_true(const struct tnode *n);
/* 1 when n is NULL (absent) or TN_NULL */
int tnode_is_nullish(const struct tnode *n);
/*
 * Deep semantic equality: maps compare as unordered key sets, sequences in
 * order, TN_INT and TN_FLOAT compare by numeric value, NULL == NULL.
 */
int tnode_equal(const struct tnode *a, const struct tnode *b);
/* sorts a map's pairs by key bytes, in place (recursively when deep) */
void tnode_sort_map(struct tnode *map, int deep);
/* "null", "boolean", "integer", "number", "string", "mapping", "sequence" */
const char *tnode_kind_name(const struct tnode *n);
/*
 * Appends a compact JSON rendering of n (NULL renders as "null") to out,
 * cut to about maxlen bytes with "..." (0: no limit), never inside a UTF-8
 * sequence or a JSON escape.  Non-finite floats
 * render as strings.  Returns -1 when out->max is reached.
 */
int tnode_render(const struct tnode *n, struct buf *out, size_t maxlen);

#endif
