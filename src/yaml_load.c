/*
 * yaml_load.c: the YAML reader.  It drives libyaml's event API
 * (yaml_parser_parse) and builds the tree (tree.h) directly: no libyaml
 * document.  Open mappings and sequences are frames; their children wait
 * on the shared stacks of struct ldr and are copied into the tree's arena
 * when the frame closes.  libyaml marks are 0-based and count characters,
 * so node positions are mark + 1, in code points like the JSON reader.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/load.h"
#include "drift/strhash.h"
#include "drift/tree_build.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct frame {
	unsigned char kind;     /* TN_MAP or TN_SEQ */
	unsigned char have_key; /* a map's key is read, its value is due */
	unsigned char merge;    /* that key is "<<" */
	size_t base;            /* first child on the ldr stack */
	uint32_t line, col;
	char *anchor; /* new, or NULL */
	size_t size;  /* nodes in the subtree so far */
	struct keytab kt;
	const char *key; /* interned */
	uint32_t kline, kcol;
};

struct anchor {
	char *name; /* new */
	struct tnode node;
	size_t size;      /* nodes reachable from node */
	const char *text; /* a scalar's text (for alias keys), or NULL */
	size_t textlen;
};

struct yr {
	struct ldr *l;
	struct frame *f;
	size_t nf, falloc;
	struct anchor *a;
	size_t na, aalloc;
	uint32_t *aslot; /* anchor index + 1 */
	size_t amask;
	size_t alias_nodes;
	struct tnode root;
	int have_root, ndocs;
};

static uint32_t
mline(yaml_mark_t m)
{
	return (uint32_t)m.line + 1;
}

static uint32_t
mcol(yaml_mark_t m)
{
	return (uint32_t)m.column + 1;
}

static struct anchor *
anchor_find(const struct yr *y, const char *name)
{
	size_t i;

	if (y->aslot == NULL)
		return NULL;
	for (i = drift_str_hash(name) & y->amask; y->aslot[i] != 0;
	     i = (i + 1) & y->amask)
		if (strcmp(y->a[y->aslot[i] - 1].name, name) == 0)
			return &y->a[y->aslot[i] - 1];
	return NULL;
}

static void
anchor_index(struct yr *y, size_t idx)
{
	size_t i = drift_str_hash(y->a[idx].name) & y->amask;

	while (y->aslot[i] != 0)
		i = (i + 1) & y->amask;
	y->aslot[i] = (uint32_t)idx + 1;
}

/* records (or redefines) an anchor; name is stolen */
static void
anchor_set(struct yr *y, char *name, const struct tnode *n, size_t size,
    const char *text, size_t textlen)
{
	struct anchor *a = anchor_find(y, name);
	size_t i;

	if (a != NULL) {
		free(name);
	} else {
		if (y->na == y->aalloc) {
			y->aalloc = y->aalloc ? y->aalloc * 2 : 16;
			y->a = xreallocarray(y->a, y->aalloc, sizeof(*y->a));
		}
		a = &y->a[y->na++];
		a->name = name;
		if (y->aslot == NULL || y->na * 2 > y->amask + 1) {
			size_t sz = y->aslot ? (y->amask + 1) * 4 : 64;

			free(y->aslot);
			y->aslot = xcalloc(sz, sizeof(*y->aslot));
			y->amask = sz - 1;
			for (i = 0; i < y->na; i++)
				anchor_index(y, i);
		} else {
			anchor_index(y, y->na - 1);
		}
	}
	a->node = *n;
	a->size = size;
	a->text = text;
	a->textlen = textlen;
}

static char *
steal_anchor(const yaml_char_t *anchor)
{
	return anchor ? xstrdup((const char *)anchor) : NULL;
}

/* "!!int" for the standard tags, else the tag as written */
static const char *
tag_name(const char *tag, char *tmp, size_t n)
{
	size_t pl = strlen(TAG_PREFIX);

	if (strncmp(tag, TAG_PREFIX, pl) == 0) {
		snprintf(tmp, n, "!!%s", tag + pl);
		return tmp;
	}
	return tag;
}

/* the standard tag's suffix ("int"), "" for "!", NULL when unsupported */
static const char *
std_tag(const yaml_char_t *tag)
{
	static const char *const ok[] = { "str", "int", "float", "bool", "null",
		"map", "seq" };
	const char *t = (const char *)tag;
	size_t i, pl = strlen(TAG_PREFIX);

	if (strcmp(t, "!") == 0)
		return "";
	if (strncmp(t, TAG_PREFIX, pl) != 0)
		return NULL;
	for (i = 0; i < DRIFT_ARRAY_LEN(ok); i++)
		if (strcmp(t + pl, ok[i]) == 0)
			return ok[i];
	return NULL;
}

static int
bad_tag(struct yr *y, const yaml_char_t *tag, yaml_mark_t m)
{
	char tmp[256];

	return ldr_err(y->l, mline(m), mcol(m), "unsupported tag \"%s\"",
	    tag_name((const char *)tag, tmp, sizeof(tmp)));
}

static const char *
kind_phrase(const struct tnode *n)
{
	switch (n->kind) {
	case TN_NULL:
		return "null";
	case TN_BOOL:
		return "a boolean";
	case TN_INT:
	case TN_FLOAT:
		return "a number";
	case TN_STR:
		return "a string";
	case TN_SEQ:
		return "a sequence";
	}
	return "a mapping";
}

/* the top level is not a mapping: a log line before YAML, or wrong shape */
static int
not_a_snapshot(struct yr *y, const struct tnode *n)
{
	uint32_t at = ldr_log_prefix(y->l);

	if (at > 0) {
		ldr_err(y->l, 1, 1,
		    "unexpected text before the snapshot "
		    "(a log line?)");
		return derr_hint(y->l->err,
		    "the snapshot seems to start at "
		    "line %u",
		    (unsigned)at);
	}
	return ldr_err(y->l, n->line, n->col,
	    "expected a snapshot object at "
	    "the top level, found %s",
	    kind_phrase(n));
}

static int
put_pair(struct yr *y, struct frame *f, const char *key, uint32_t kline,
    uint32_t kcol, const struct tnode *val, int merged)
{
	struct ldr *l = y->l;
	struct tpair *p;
	long i = keys_find(
	    &f->kt, ldr_pairs_at(l, f->base), l->np - f->base, key);

	if (i >= 0) {
		p = &l->pairs[f->base + (size_t)i];
		if (merged)
			return 0; /* keys already there win over merged ones */
		if (!(p->val.flags & LF_MERGED))
			return ldr_err(l, kline, kcol,
			    "duplicate key "
			    "\"%.200s\" (first at %u:%u)",
			    key, (unsigned)p->line, (unsigned)p->col);
		/* an explicit key overrides a merged one, in its place */
		p->line = kline;
		p->col = kcol;
		p->val = *val;
		p->val.flags &= (unsigned char)~LF_MERGED;
		return 0;
	}
	p = ldr_push_pair(l);
	p->key = key;
	p->line = kline;
	p->col = kcol;
	p->val = *val;
	if (merged)
		p->val.flags |= LF_MERGED;
	else
		p->val.flags &= (unsigned char)~LF_MERGED;
	keys_note(&f->kt, ldr_pairs_at(l, f->base), l->np - f->base);
	return 0;
}

static int
merge_map(struct yr *y, struct frame *f, const struct tnode *src)
{
	size_t i;

	for (i = 0; i < src->u.map.n; i++) {
		const struct tpair *p = &src->u.map.v[i];

		if (put_pair(y, f, p->key, p->line, p->col, &p->val, 1) < 0)
			return -1;
	}
	return 0;
}

/* "<<: value" as js-yaml: a mapping, or a sequence of mappings */
static int
merge(struct yr *y, struct frame *f, const struct tnode *v)
{
	size_t i;

	if (v->kind == TN_MAP)
		return merge_map(y, f, v);
	if (v->kind == TN_SEQ) {
		for (i = 0; i < v->u.seq.n; i++) {
			const struct tnode *e = &v->u.seq.v[i];

			if (e->kind != TN_MAP)
				return ldr_err(y->l, e->line, e->col,
				    "a merge "
				    "key (<<) takes a mapping or a sequence of "
				    "mappings, found %s",
				    kind_phrase(e));
			if (merge_map(y, f, e) < 0)
				return -1;
		}
		return 0;
	}
	return ldr_err(y->l, v->line, v->col,
	    "a merge key (<<) takes a "
	    "mapping or a sequence of mappings, found %s",
	    kind_phrase(v));
}

/* attaches the complete node n (size nodes) to the open frame, or as root */
static int
add_node(struct yr *y, const struct tnode *n, size_t size)
{
	struct frame *f;

	if (y->nf == 0) {
		if (n->kind != TN_MAP)
			return not_a_snapshot(y, n);
		y->root = *n;
		y->have_root = 1;
		return 0;
	}
	f = &y->f[y->nf - 1];
	f->size += size;
	if (f->kind == TN_SEQ) {
		*ldr_push_node(y->l) = *n;
		return 0;
	}
	f->have_key = 0;
	if (f->merge)
		return merge(y, f, n);
	return put_pair(y, f, f->key, f->kline, f->kcol, n, 0);
}

/* the open frame is a mapping waiting for a key */
static int
want_key(const struct yr *y)
{
	return y->nf > 0 && y->f[y->nf - 1].kind == TN_MAP &&
	    !y->f[y->nf - 1].have_key;
}

/* a key holding a NUL byte is an error: tree keys are C strings */
static int
set_key(struct yr *y, const char *s, size_t len, uint32_t line, uint32_t col,
    int merge_key)
{
	struct frame *f = &y->f[y->nf - 1];

	if (memchr(s, '\0', len) != NULL)
		return ldr_err(y->l, line, col,
		    "a mapping key holds a NUL "
		    "character");
	f->key = tree_intern(y->l->t, s, len);
	f->kline = line;
	f->kcol = col;
	f->have_key = 1;
	f->merge = (unsigned char)merge_key;
	return 0;
}

/* resolves an explicitly tagged scalar */
static int
tagged(struct yr *y, const char *tag, const yaml_event_t *ev, struct tnode *n)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	int ok = 1;

	if (strcmp(tag, "") == 0 || strcmp(tag, "str") == 0) {
		n->kind = TN_STR;
		n->u.s.p = ldr_str(y->l->t, s, len);
		n->u.s.len = len;
		return 0;
	}
	if (strcmp(tag, "int") == 0) {
		ok = resolve_int(s, len, n) == 0;
	} else if (strcmp(tag, "float") == 0) {
		if (resolve_int(s, len, n) == 0) {
			if (n->kind == TN_INT)
				n->u.f = (double)n->u.i;
			n->kind = TN_FLOAT;
		} else {
			ok = resolve_float(s, len, n) == 0;
		}
	} else {
		resolve_plain(y->l->t, s, len, n);
		if (strcmp(tag, "bool") == 0)
			ok = n->kind == TN_BOOL;
		else if (strcmp(tag, "null") == 0)
			ok = n->kind == TN_NULL;
		else
			ok = 0; /* !!map, !!seq on a scalar */
	}
	if (!ok)
		return ldr_err(y->l, n->line, n->col,
		    "invalid !!%s value "
		    "\"%.100s\"",
		    tag, s);
	return 0;
}

static int
on_scalar(struct yr *y, const yaml_event_t *ev)
{
	struct ldr *l = y->l;
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = "";
	uint32_t col = mcol(ev->start_mark);
	struct tnode n;

	memset(&n, 0, sizeof(n));
	n.line = mline(ev->start_mark);
	n.col = tnode_col(col);
	if (len > l->lim.max_scalar)
		return ldr_err(l, n.line, col,
		    "scalar longer than the "
		    "limit of %zu bytes",
		    l->lim.max_scalar);
	if (ev->data.scalar.tag != NULL &&
	    (tag = std_tag(ev->data.scalar.tag)) == NULL)
		return bad_tag(y, ev->data.scalar.tag, ev->start_mark);
	if (want_key(y)) {
		int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

		if (set_key(y, s, len, n.line, col,
			plain && len == 2 && s[0] == '<' && s[1] == '<' &&
			    ev->data.scalar.tag == NULL) < 0)
			return -1;
		if (ev->data.scalar.anchor != NULL) {
			n.kind = TN_STR;
			n.u.s.p = y->f[y->nf - 1].key;
			n.u.s.len = len;
			anchor_set(y, steal_anchor(ev->data.scalar.anchor), &n,
			    1, n.u.s.p, len);
		}
		return 0;
	}
	if (ldr_count(l, n.line, col) < 0)
		return -1;
	if (ev->data.scalar.tag != NULL) {
		if (tagged(y, tag, ev, &n) < 0)
			return -1;
	} else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		resolve_plain(l->t, s, len, &n);
	} else {
		n.kind = TN_STR;
		n.u.s.p = ldr_str(l->t, s, len);
		n.u.s.len = len;
	}
	if (ev->data.scalar.anchor != NULL)
		anchor_set(y, steal_anchor(ev->data.scalar.anchor), &n, 1,
		    tree_strndup(l->t, s, len), len);
	return add_node(y, &n, 1);
}

static int
on_alias(struct yr *y, const yaml_event_t *ev)
{
	struct ldr *l = y->l;
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = anchor_find(y, name);
	uint32_t line = mline(ev->start_mark), col = mcol(ev->start_mark);
	struct tnode n;

	if (a == NULL)
		return ldr_err(
		    l, line, col, "undefined alias \"%.200s\"", name);
	if (want_key(y)) {
		if (a->text == NULL)
			return ldr_err(l, line, col,
			    "alias \"%.200s\" used as "
			    "a key is not a scalar",
			    name);
		return set_key(y, a->text, a->textlen, line, col, 0);
	}
	if (a->size > l->lim.max_alias_nodes - y->alias_nodes)
		return ldr_err(l, line, col,
		    "alias expansion exceeds the "
		    "limit of %zu nodes",
		    l->lim.max_alias_nodes);
	y->alias_nodes += a->size;
	if (ldr_count(l, line, col) < 0)
		return -1;
	n = a->node;
	n.line = line;
	n.col = tnode_col(col);
	return add_node(y, &n, a->size);
}

static int
on_start(struct yr *y, const yaml_event_t *ev, unsigned char kind)
{
	struct ldr *l = y->l;
	const yaml_char_t *tag, *anchor;
	struct frame *f;
	uint32_t line = mline(ev->start_mark), col = mcol(ev->start_mark);
	const char *st;

	if (kind == TN_MAP) {
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
	} else {
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
	}
	if (y->nf == 0 && kind != TN_MAP) {
		struct tnode n;

		memset(&n, 0, sizeof(n));
		n.kind = kind;
		n.line = line;
		n.col = tnode_col(col);
		return not_a_snapshot(y, &n);
	}
	if (want_key(y))
		return ldr_err(l, line, col,
		    "a mapping key must be a scalar, "
		    "found %s",
		    kind == TN_MAP ? "a mapping" : "a sequence");
	if (tag != NULL &&
	    ((st = std_tag(tag)) == NULL ||
		(st[0] != '\0' &&
		    strcmp(st, kind == TN_MAP ? "map" : "seq") != 0)))
		return bad_tag(y, tag, ev->start_mark);
	if (ldr_count(l, line, col) < 0)
		return -1;
	if (y->nf + 1 > l->lim.max_depth)
		return ldr_err(l, line, col,
		    "nesting deeper than the limit "
		    "of %u levels",
		    l->lim.max_depth);
	if (y->nf == y->falloc) {
		y->falloc = y->falloc ? y->falloc * 2 : 16;
		y->f = xreallocarray(y->f, y->falloc, sizeof(*y->f));
	}
	f = &y->f[y->nf++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->base = kind == TN_MAP ? l->np : l->nn;
	f->line = line;
	f->col = col;
	f->anchor = steal_anchor(anchor);
	f->size = 1;
	return 0;
}

static int
on_end(struct yr *y)
{
	struct frame *f = &y->f[y->nf - 1];
	struct tnode n;
	size_t size = f->size;

	memset(&n, 0, sizeof(n));
	n.line = f->line;
	n.col = tnode_col(f->col);
	if (f->kind == TN_MAP)
		ldr_close_map(y->l, f->base, &n);
	else
		ldr_close_seq(y->l, f->base, &n);
	keys_free(&f->kt);
	if (f->anchor != NULL) {
		anchor_set(y, f->anchor, &n, size, NULL, 0);
		f->anchor = NULL;
	}
	y->nf--;
	return add_node(y, &n, size);
}

/* the byte at 1-based line:col, and whether the line's indentation so
 * far holds a tab */
static int
tab_problem(const struct ldr *l, uint32_t line, uint32_t col)
{
	size_t off = ldr_offset(l, line, col), ls = ldr_offset(l, line, 1);
	size_t i;

	if (off < l->len && l->data[off] == '\t')
		return 1;
	for (i = ls; i < off && i < l->len; i++) {
		if (l->data[i] == '\t')
			return 1;
		if (l->data[i] != ' ')
			return 0;
	}
	return 0;
}

static int
parser_error(struct yr *y, const yaml_parser_t *p)
{
	struct ldr *l = y->l;
	uint32_t line, col;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_MEMORY_ERROR) {
		fputs(DRIFT_NAME ": out of memory\n", stderr);
		exit(DRIFT_EXIT_INTERNAL);
	}
	if (p->error == YAML_READER_ERROR) {
		ldr_pos(l, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			return ldr_err(l, line, col, "%s (U+%04X)", problem,
			    (unsigned)p->problem_value);
		return ldr_err(l, line, col, "%s", problem);
	}
	line = mline(p->problem_mark);
	col = mcol(p->problem_mark);
	if (!y->have_root && y->nf == 0 && ldr_log_prefix(l) > 0) {
		struct tnode n;

		memset(&n, 0, sizeof(n));
		return not_a_snapshot(y, &n);
	}
	if (tab_problem(l, line, col))
		return ldr_err(l, line, col,
		    "found a tab character where "
		    "indentation is expected");
	if (p->context != NULL)
		return ldr_err(l, line, col, "%s (%s at %u:%u)", problem,
		    p->context, (unsigned)mline(p->context_mark),
		    (unsigned)mcol(p->context_mark));
	return ldr_err(l, line, col, "%s", problem);
}

static int
run(struct yr *y, yaml_parser_t *p)
{
	yaml_event_t ev;
	int done = 0, r = 0;

	while (!done && r == 0) {
		/* libyaml has copied the input before this into its buffer */
		ldr_release_input(y->l,
		    (size_t)(p->input.string.current -
			(const unsigned char *)y->l->data));
		if (!yaml_parser_parse(p, &ev))
			return parser_error(y, p);
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++y->ndocs > 1)
				r = ldr_err(y->l, mline(ev.start_mark),
				    mcol(ev.start_mark),
				    "a second YAML "
				    "document starts here; a snapshot is one "
				    "document");
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(y, &ev);
			break;
		case YAML_ALIAS_EVENT:
			r = on_alias(y, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
			r = on_start(y, &ev, TN_MAP);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = on_start(y, &ev, TN_SEQ);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			r = on_end(y);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return r;
}

int
yaml_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct tree **out, struct derr *err)
{
	struct ldr l;
	struct yr y;
	yaml_parser_t p;
	int have_parser = 0, ret = -1;
	size_t i;

	*out = NULL;
	memset(&y, 0, sizeof(y));
	y.l = &l;
	if (ldr_init(&l, origin, data, len, lim, err) < 0)
		goto out;
	if (!yaml_parser_initialize(&p)) {
		fputs(DRIFT_NAME ": out of memory\n", stderr);
		exit(DRIFT_EXIT_INTERNAL);
	}
	have_parser = 1;
	yaml_parser_set_input_string(&p, (const unsigned char *)l.data, len);
	if (run(&y, &p) < 0) {
		/* a log line inside or after the snapshot made the error */
		if (err->status == DRIFT_EXIT_INPUT && err->line > 1)
			ldr_log_error(&l, err->line, 0);
		goto out;
	}
	if (!y.have_root) {
		ldr_err(&l, 1, 1, "empty input: expected a snapshot");
		goto out;
	}
	{
		struct tnode *root = arena_alloc(
		    tree_arena(l.t), sizeof(*root));

		*root = y.root;
		tree_set_root(l.t, root);
	}
	*out = l.t;
	l.t = NULL;
	ret = 0;
out:
	if (have_parser)
		yaml_parser_delete(&p);
	for (i = 0; i < y.nf; i++) {
		free(y.f[i].anchor);
		keys_free(&y.f[i].kt);
	}
	free(y.f);
	for (i = 0; i < y.na; i++)
		free(y.a[i].name);
	free(y.a);
	free(y.aslot);
	ldr_release(&l);
	return ret;
}
