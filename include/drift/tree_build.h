/*
 * tree_build.h: the tree-building layer under the YAML and JSON readers
 * (yaml_load.c, json_load.c).  Implemented by tree_build.c, which calls
 * only tree.h, buf.h and diag.h: the layers read downward,
 *     load.c (dispatch) -> yaml_load.c, json_load.c -> tree_build.c
 * and nothing here calls back into load.c or the readers.  Not an API
 * for other modules: use load.h.  load_limits_default() (declared in
 * load.h) is implemented here too, since ldr_init() needs it.
 *
 * Ownership: struct ldr owns its stacks and, until a reader steals it
 * (l->t = NULL), its tree; strings returned by ldr_str() are borrowed
 * from the tree's arena.
 */
#ifndef DRIFT_TREE_BUILD_H
#define DRIFT_TREE_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "drift/buf.h"
#include "drift/load.h"
#include "drift/tree.h"

struct derr;

/* tnode.flags bit: the pair was copied in by a "<<" merge key */
#define LF_MERGED 0x01

/* keys longer than this are looked up through a hash table */
#define KEYS_LINEAR 24

/* an index of the interned keys of one mapping under construction */
struct keytab {
	uint32_t *slot; /* pair index + 1; 0 is empty */
	size_t mask;
};

/* the state both readers share */
struct ldr {
	const char *origin; /* for messages ("-" shown as "<stdin>") */
	const char *data;   /* the whole input, BOM included */
	size_t len;
	size_t bom; /* 3 when data starts with a UTF-8 BOM */
	struct load_limits lim;
	struct tree *t; /* new, being built */
	struct derr *err;
	struct tnode *nodes; /* children of open sequences */
	size_t nn, nalloc;
	struct tpair *pairs; /* pairs of open mappings */
	size_t np, palloc;
	size_t nnodes;      /* nodes made so far */
	struct buf scratch; /* decoded strings */
	/* lim.release_input: data[rel_lo, ck_off) has been given back */
	size_t rel_next;          /* release again when the cursor passes it */
	size_t rel_lo, ck_off;    /* ck_off 0: nothing released */
	uint32_t ck_line, ck_col; /* the position of ck_off */
};

/*
 * Prepares l for one load: copies lim (NULL: defaults), makes a new tree,
 * checks the size limit, NUL bytes and UTF-8 of the whole input.  Returns
 * 0, or -1 with err filled (l must still be ldr_release()d).
 */
int ldr_init(struct ldr *l, const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct derr *err);
/* frees the stacks, and the tree unless it was stolen (l->t = NULL) */
void ldr_release(struct ldr *l);
/* 3 when data starts with a UTF-8 byte order mark, else 0 */
size_t ldr_bom_len(const char *data, size_t len);
/* fills l->err: DRIFT_EXIT_INPUT at line:col; returns -1 */
int ldr_err(struct ldr *l, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* 1-based line and column (code points) of the byte offset off */
void ldr_pos(const struct ldr *l, size_t off, uint32_t *line, uint32_t *col);
/* the byte offset of 1-based line:col (code points), clamped to len */
size_t ldr_offset(const struct ldr *l, uint32_t line, uint32_t col);
/*
 * When the input seems to start with a line of other text (a CLI log line)
 * followed by a snapshot, returns the 1-based line where the snapshot seems
 * to start; else 0.
 */
uint32_t ldr_log_prefix(const struct ldr *l);
/*
 * For a reader's error at 1-based line `line` (json: the JSON reader's,
 * where a "key:" line at column 1 is foreign too): when a line from 2 to
 * line + 1 holds text no snapshot has at column 1 (a log line written in
 * the middle or at the end of the file), fills l->err with "unexpected
 * text inside (or after) the snapshot (a log line?)" at that line and a
 * hint naming it, and returns -1.  Returns 0 (err untouched) otherwise.
 */
int ldr_log_error(struct ldr *l, uint32_t line, int json);
/*
 * With lim.release_input (load.h), gives the pages of data before cur (a
 * byte offset the reader has consumed for good) back to the system,
 * keeping the first and the last lim.release_input / 4 bytes; ldr_pos()
 * and ldr_offset() go on working from a checkpoint.  Cheap to call often:
 * does work only every lim.release_input bytes of progress.
 */
void ldr_release_step(struct ldr *l, size_t cur);
static inline void
ldr_release_input(struct ldr *l, size_t cur)
{
	if (cur >= l->rel_next && l->lim.release_input)
		ldr_release_step(l, cur);
}
/*
 * The arena copy of a string value: short ones (enum-like values such as
 * "string", "integer", collection names) repeat thousands of times in a
 * snapshot and are interned, so one copy serves them all; longer ones are
 * copied.  Borrowed, lives as long as the tree.
 */
#define LDR_INTERN_MAX 40
static inline const char *
ldr_str(struct tree *t, const char *s, size_t len)
{
	return len <= LDR_INTERN_MAX ? tree_intern(t, s, len)
				     : tree_strndup(t, s, len);
}
/* counts one node against max_nodes; -1 with an error at line:col */
int ldr_count(struct ldr *l, uint32_t line, uint32_t col);

void ldr_grow_nodes(struct ldr *l);
void ldr_grow_pairs(struct ldr *l);

static inline struct tnode *
ldr_push_node(struct ldr *l)
{
	if (l->nn == l->nalloc)
		ldr_grow_nodes(l);
	return &l->nodes[l->nn++];
}

static inline struct tpair *
ldr_push_pair(struct ldr *l)
{
	if (l->np == l->palloc)
		ldr_grow_pairs(l);
	return &l->pairs[l->np++];
}

/*
 * &l->pairs[base], or NULL while no pair was ever pushed (pointer
 * arithmetic on a null pointer is undefined, even adding 0).
 */
static inline struct tpair *
ldr_pairs_at(const struct ldr *l, size_t base)
{
	return l->pairs != NULL ? l->pairs + base : NULL;
}

/* pops nodes[base..nn) into an arena array; *out becomes the TN_SEQ */
void ldr_close_seq(struct ldr *l, size_t base, struct tnode *out);
/* pops pairs[base..np) into an arena array; *out becomes the TN_MAP */
void ldr_close_map(struct ldr *l, size_t base, struct tnode *out);

/*
 * Key lookup in the open mapping whose pairs are p[0..n): the index of
 * the (interned) key, or -1.  keys_note() records p[n - 1] after a push.
 */
long keys_find(
    const struct keytab *kt, const struct tpair *p, size_t n, const char *key);
void keys_note(struct keytab *kt, const struct tpair *p, size_t n);
void keys_free(struct keytab *kt);

/*
 * Resolves a plain YAML scalar s[0..len) per js-yaml's default schema (see
 * load.h) into *out (kind and value only; strings are copied into t).
 */
void
resolve_plain(struct tree *t, const char *s, size_t len, struct tnode *out);
/*
 * Parses s[0..len) as an integer (js-yaml rules) into *out as TN_INT or,
 * when it does not fit, TN_FLOAT.  Returns 0, or -1 when it is not one.
 */
int resolve_int(const char *s, size_t len, struct tnode *out);
/* the same for floats: 0 and TN_FLOAT, or -1 */
int resolve_float(const char *s, size_t len, struct tnode *out);
/* strtod on s[0..len), independent of LC_NUMERIC */
double ldr_strtod(const char *s, size_t len);

#endif
