/*
 * usage_gql.c: GraphQL documents -> usage records (usage_gql.h; reference
 * graphql-usage-and-ts-types.md 1.6).
 *
 * The mapping assumes the admin schema: a snapshot has no permissions, and
 * a role's schema only lacks what the role cannot read.
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/gql_naming.h"
#include "drift/gql_parse.h"
#include "drift/strhash.h"
#include "drift/usage_gql.h"
#include "drift/usage_graph.h"
#include "drift/xalloc.h"

/* spreads expanded per operation before the rest is cut (a note): a
   fragment that spreads another twice, ten levels deep, is 1,024 */
#define MAX_EXPANSIONS 20000u
/* fragments spread inside fragments, nested at most this deep (the C
   stack holds one walk per level) */
#define MAX_SPREAD_DEPTH 64u
/* and in one resolve, all operations together */
#define MAX_EXPANSIONS_TOTAL 1000000u

/* fragments spread inside fragments that the readiness check follows
   before it gives up (the document is then kept for the final pass) */
#define MAX_READY_LEVEL 1024u

/*
 * A document: parsed and kept whole when it defines a fragment (d->doc,
 * in g->a), or, when it is only operations that wait for a fragment not
 * seen yet, kept as text (re-parsed into the scratch arena at the end).
 */
struct gdoc {
	const char *file; /* in g's arena, shared by a file's documents */
	uint32_t line, col;
	int scope;
	size_t seq; /* order of addition: resolution notes follow it */
	struct gql_document *doc;
	const char *text; /* doc NULL: the text, blanked holes and all */
	size_t len;
	size_t *holes;
	size_t nholes;
	/* the file name copied into the set being resolved into */
	const char *out_file;
	const struct usage_set *out_for;
};

struct gfrag {
	const char *name;
	struct gdoc *d;
	const struct gql_definition *def;
	int used;      /* spread by some operation */
	int active;    /* on the expansion stack */
	int reached;   /* spread by a fragment no operation uses */
	unsigned seen; /* epoch of the readiness check that visited it */
};

/* a memoised lookup: a field (tag CT_FIELD, f non-NULL), a collection
   (CT_COLLECTION) or a root field (CT_ROOT + 2 * kind + scope) */
struct gcache {
	const char *c, *f; /* in g's arena; c NULL: a free slot */
	size_t h;
	int tag;
	int found; /* field: usage_graph_field(); collection: the side;
	              root: gql_root_parse() */
	int singleton;
	const char *name; /* collection: its spelling, or NULL */
	struct ug_field u;
	struct gql_root root;
};

#define CT_FIELD 0
#define CT_COLLECTION 1
#define CT_ROOT 2

/* distinct lookups memoised (a front end names far fewer) */
#define MAX_CACHE 16384u

/*
 * A selected field, memoised once more by the collection's address and
 * the name's bytes (no hashing of the collection, no strcmp): a cx's
 * collection is a snapshot's, a built-in table's or in g's arena, so
 * one address is one collection while the snapshots are bound.  Direct
 * mapped; an entry is a copy of the cache's result.
 */
#define FMEMO_SLOTS 512u

struct gfmemo {
	const char *c; /* NULL: empty */
	const char *f; /* the cache entry's copy (g's arena) */
	size_t flen;
	int found;
	struct ug_field u;
};

/* what walk_root() looks up for a root field name, in a document of a
   scope: the name's bytes (shorter than RMEMO_NAME) to root_parse()'s
   result and its collection's side; direct mapped */
#define RMEMO_SLOTS 256u
#define RMEMO_NAME 48u

/* gql_builtin_type() of a variable's type name (shorter than
   BMEMO_NAME): its bytes to the answer; direct mapped */
#define BMEMO_SLOTS 32u
#define BMEMO_NAME 24u

struct gbmemo {
	unsigned char len; /* 0: empty */
	unsigned char builtin;
	char name[BMEMO_NAME];
};

struct grmemo {
	size_t len; /* 0: empty */
	int rk, scope;
	int found, side;
	struct gql_root root;
	char name[RMEMO_NAME];
};

/* a note of the resolution, emitted in document order at the end */
struct gnote {
	size_t seq, k;
	const char *text; /* in g's arena */
};

struct usage_gql {
	struct arena *a;       /* what outlives a document */
	struct arena *scratch; /* one document at a time */
	struct gdoc **docs;    /* documents left for usage_gql_resolve() */
	size_t ndocs, adocs;
	struct gfrag *frags;
	size_t nfrags, afrags;
	size_t *slots; /* fragment names: open addressing, 1 + index */
	size_t nslots;
	size_t nseq;
	unsigned epoch;
	/* usage_gql_bind() */
	int bound;
	const struct snapshot *old, *new;
	const struct usage_opts *o;
	unsigned long total_expansions;
	int total_cut;
	struct gnote *notes;
	size_t nnotes, anotes;
	/* lookups in the snapshots, memoised (usage_graph.h) */
	struct gcache *cache;
	size_t ncache, acache; /* acache: a power of two, or 0 */
	const struct snapshot *cache_old, *cache_new;
	struct gfmemo *fmemo; /* FMEMO_SLOTS, or NULL; for cache_old/new */
	struct grmemo *rmemo; /* RMEMO_SLOTS, or NULL; for cache_old/new */
	struct gbmemo *bmemo; /* BMEMO_SLOTS, or NULL */
	/* the last file name interned, and its copy in an output set */
	const char *last_file;
	const char *of_src, *of_copy;
	const struct usage_set *of_for;
};

struct usage_gql *
usage_gql_new(void)
{
	struct usage_gql *g = xcalloc(1, sizeof(*g));

	g->a = arena_new();
	g->scratch = arena_new();
	return g;
}

void
usage_gql_bind(struct usage_gql *g, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o)
{
	g->bound = new != NULL;
	g->old = old;
	g->new = new;
	g->o = o;
}

void
usage_gql_free(struct usage_gql **gp)
{
	struct usage_gql *g;

	if (gp == NULL || *gp == NULL)
		return;
	g = *gp;
	arena_free(&g->a);
	arena_free(&g->scratch);
	free(g->docs);
	free(g->frags);
	free(g->slots);
	free(g->notes);
	free(g->cache);
	free(g->fmemo);
	free(g->rmemo);
	free(g->bmemo);
	free(g);
	*gp = NULL;
}

/* the file position of a document position */
static struct usage_site
doc_site(const struct gdoc *d, const char *file, struct gql_pos p)
{
	struct usage_site s;

	s.file = file;
	s.line = d->line + p.line - 1;
	s.col = p.line == 1 ? d->col + p.col - 1 : p.col;
	return s;
}

static struct gfrag *
frag_index(struct usage_gql *g, const char *name)
{
	size_t i;

	if (g->nslots == 0)
		return NULL;
	for (i = drift_str_hash(name) & (g->nslots - 1); g->slots[i] != 0;
	     i = (i + 1) & (g->nslots - 1))
		if (strcmp(g->frags[g->slots[i] - 1].name, name) == 0)
			return &g->frags[g->slots[i] - 1];
	return NULL;
}

/* indexes g->frags[k] (the table stays at most half full) */
static void
frag_insert(struct usage_gql *g, size_t k)
{
	size_t i;

	if (2 * (g->nfrags + 1) > g->nslots) {
		size_t n = g->nslots ? g->nslots * 2 : 64, j;

		free(g->slots);
		g->slots = xcalloc(n, sizeof(*g->slots));
		g->nslots = n;
		for (j = 0; j < k; j++)
			frag_insert(g, j);
	}
	for (i = drift_str_hash(g->frags[k].name) & (g->nslots - 1);
	     g->slots[i] != 0; i = (i + 1) & (g->nslots - 1))
		;
	g->slots[i] = k + 1;
}

/* 1 when every fragment the set spreads, through fragments too, is
   known; 0 when one is not (yet), or the check went too deep */
static int
set_ready(
    struct usage_gql *g, const struct gql_selection_set *set, unsigned level)
{
	size_t i;

	if (set == NULL)
		return 1;
	if (level > MAX_READY_LEVEL)
		return 0;
	for (i = 0; i < set->n; i++) {
		const struct gql_selection *s = &set->v[i];

		if (s->kind == GQLSEL_SPREAD) {
			struct gfrag *f = frag_index(g, s->name.s);

			if (f == NULL)
				return 0;
			if (f->seen == g->epoch)
				continue;
			f->seen = g->epoch;
			if (!set_ready(g, f->def->set, level + 1))
				return 0;
		} else if (!set_ready(g, s->set, level + 1))
			return 0;
	}
	return 1;
}

/* 1 when the operations of doc resolve now as they would at the end */
static int
doc_ready(struct usage_gql *g, const struct gql_document *doc)
{
	size_t i;

	if (doc->nspreads == 0)
		return 1; /* it spreads no fragment: nothing to wait for */
	if (++g->epoch == 0) {
		for (i = 0; i < g->nfrags; i++)
			g->frags[i].seen = 0;
		g->epoch = 1;
	}
	for (i = 0; i < doc->ndefs; i++)
		if (doc->defs[i].kind != GQLD_FRAGMENT &&
		    !set_ready(g, doc->defs[i].set, 0))
			return 0;
	return 1;
}

/* file in g's arena, shared with the previous document of the file */
static const char *
intern_file(struct usage_gql *g, const char *file)
{
	if (g->last_file == NULL || strcmp(g->last_file, file) != 0)
		g->last_file = arena_strndup(g->a, file, strlen(file));
	return g->last_file;
}

static void
defer_doc(struct usage_gql *g, struct gdoc *d)
{
	if (g->ndocs == g->adocs) {
		g->adocs = g->adocs ? g->adocs * 2 : 16;
		g->docs = xreallocarray(g->docs, g->adocs, sizeof(*g->docs));
	}
	g->docs[g->ndocs++] = d;
}

static void resolve_doc(struct usage_gql *g, struct gdoc *d,
    const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out);

/* ---- fragment definitions copied out of the scratch arena, exactly
   sized (the parse's growth slack and operations stay behind) ---- */

static const char *
copy_bytes(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = arena_alloc(a, len + 1);
	memcpy(p, s, len + 1); /* NUL-terminated, may hold NULs */
	return p;
}

static struct gql_name
copy_name(struct arena *a, const struct gql_name *n)
{
	struct gql_name c = *n;

	c.s = copy_bytes(a, n->s, n->len);
	return c;
}

static void
copy_value(struct arena *a, struct gql_value *dst, const struct gql_value *src);

static void
copy_value(struct arena *a, struct gql_value *dst, const struct gql_value *src)
{
	size_t i;

	*dst = *src;
	dst->str = copy_bytes(a, src->str, src->len);
	if (src->nitems > 0) {
		dst->items = arena_alloc(a, src->nitems * sizeof(*dst->items));
		for (i = 0; i < src->nitems; i++)
			copy_value(a, &dst->items[i], &src->items[i]);
	}
	if (src->nfields > 0) {
		dst->fields = arena_alloc(
		    a, src->nfields * sizeof(*dst->fields));
		for (i = 0; i < src->nfields; i++) {
			dst->fields[i].name = copy_name(
			    a, &src->fields[i].name);
			copy_value(
			    a, &dst->fields[i].value, &src->fields[i].value);
		}
	}
}

static struct gql_argument *
copy_args(struct arena *a, const struct gql_argument *v, size_t n)
{
	struct gql_argument *c;
	size_t i;

	if (n == 0)
		return NULL;
	c = arena_alloc(a, n * sizeof(*c));
	for (i = 0; i < n; i++) {
		c[i].name = copy_name(a, &v[i].name);
		copy_value(a, &c[i].value, &v[i].value);
	}
	return c;
}

static struct gql_directive *
copy_dirs(struct arena *a, const struct gql_directive *v, size_t n)
{
	struct gql_directive *c;
	size_t i;

	if (n == 0)
		return NULL;
	c = arena_alloc(a, n * sizeof(*c));
	for (i = 0; i < n; i++) {
		c[i].name = copy_name(a, &v[i].name);
		c[i].args = copy_args(a, v[i].args, v[i].nargs);
		c[i].nargs = v[i].nargs;
	}
	return c;
}

static struct gql_selection_set *
copy_set(struct arena *a, const struct gql_selection_set *set)
{
	struct gql_selection_set *c;
	size_t i;

	if (set == NULL)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	*c = *set;
	c->v = set->n > 0 ? arena_alloc(a, set->n * sizeof(*c->v)) : NULL;
	for (i = 0; i < set->n; i++) {
		const struct gql_selection *s = &set->v[i];
		struct gql_selection *d = &c->v[i];

		*d = *s;
		d->alias = copy_name(a, &s->alias);
		d->name = copy_name(a, &s->name);
		d->args = copy_args(a, s->args, s->nargs);
		d->dirs = copy_dirs(a, s->dirs, s->ndirs);
		d->set = copy_set(a, s->set); /* nesting bounded by the parse */
	}
	return c;
}

/* a fragment definition (no variables) in a */
static const struct gql_definition *
copy_fragment(struct arena *a, const struct gql_definition *def)
{
	struct gql_definition *c = arena_alloc(a, sizeof(*c));

	*c = *def;
	c->name = copy_name(a, &def->name);
	c->type_cond = copy_name(a, &def->type_cond);
	c->vars = NULL;
	c->nvars = 0;
	c->dirs = copy_dirs(a, def->dirs, def->ndirs);
	c->set = copy_set(a, def->set);
	return c;
}

struct usage_gql_parsed {
	int rc; /* gql_parse()'s */
	struct gql_document *doc;
	struct gql_error err;
};

struct usage_gql_parsed *
usage_gql_parse(struct arena *a, const char *text, size_t len,
    const size_t *holes, size_t nholes)
{
	/* gql_parse() sets all of it that is read (err: its position and
	   message) */
	struct usage_gql_parsed *p = arena_alloc(a, sizeof(*p));

	p->rc = gql_parse(a, text, len, holes, nholes, 0, &p->doc, &p->err);
	return p;
}

int
usage_gql_add(struct usage_gql *g, const char *file, uint32_t line,
    uint32_t col, const char *text, size_t len, const size_t *holes,
    size_t nholes, int scope, struct usage_set *out)
{
	int rc;

	/* parsed into the scratch arena, dropped once resolved: what stays
	   is a copy of each fragment definition, and the text of operations
	   that wait for a fragment */
	rc = usage_gql_add_parsed(g, file, line, col, text, len, holes, nholes,
	    scope, usage_gql_parse(g->scratch, text, len, holes, nholes), out);
	arena_clear(g->scratch);
	return rc;
}

int
usage_gql_add_parsed(struct usage_gql *g, const char *file, uint32_t line,
    uint32_t col, const char *text, size_t len, const size_t *holes,
    size_t nholes, int scope, const struct usage_gql_parsed *pd,
    struct usage_set *out)
{
	struct gql_document *doc = pd->doc;
	const struct gql_error *err = &pd->err;
	struct gdoc local, *d = &local;
	size_t i;
	int rc = pd->rc, keep = 0, ops = 0;

	if (line == 0)
		line = 1;
	if (col == 0)
		col = 1;
	if (rc == 1)
		return 0;
	for (i = 0; rc == 0 && i < doc->ndefs; i++) {
		if (doc->defs[i].kind == GQLD_FRAGMENT)
			keep = 1;
		else
			ops = 1;
	}
	if (keep)
		d = arena_zalloc(g->a, sizeof(*d));
	else
		memset(d, 0, sizeof(*d));
	d->file = intern_file(g, file);
	d->line = line;
	d->col = col;
	d->scope = scope;
	d->seq = g->nseq++;
	if (rc < 0) {
		struct usage_problem p;

		memset(&p, 0, sizeof(p));
		p.kind = UP_PARSE;
		p.site = doc_site(d, usage_strdup(out, file), err->pos);
		p.context = "GraphQL document";
		p.message = usage_printf(
		    out, "GraphQL document does not parse: %s", err->msg);
		usage_add_problem(out, &p);
		return 0;
	}
	d->doc = doc;
	for (i = 0; keep && i < doc->ndefs; i++) {
		const struct gql_definition *def = &doc->defs[i];

		if (def->kind != GQLD_FRAGMENT)
			continue;
		if (frag_index(g, def->name.s) != NULL) {
			/* fragment names are project-wide: the first wins */
			usage_add_note(out,
			    "%s:%u: fragment \"%s\" is defined more than once; "
			    "the first definition is used",
			    file, doc_site(d, file, def->name.pos).line,
			    def->name.s);
			continue;
		}
		if (g->nfrags == g->afrags) {
			g->afrags = g->afrags ? g->afrags * 2 : 16;
			g->frags = xreallocarray(
			    g->frags, g->afrags, sizeof(*g->frags));
		}
		memset(&g->frags[g->nfrags], 0, sizeof(g->frags[0]));
		g->frags[g->nfrags].def = copy_fragment(g->a, def);
		g->frags[g->nfrags].name = g->frags[g->nfrags].def->name.s;
		g->frags[g->nfrags].d = d;
		frag_insert(g, g->nfrags);
		g->nfrags++;
	}
	rc = (int)doc->ndefs;
	if (!ops) {
		/* fragments only: their copies are all that is needed */
	} else if (g->bound && doc_ready(g, doc)) {
		/* every fragment it spreads is known, and the first
		   definition of a name wins: nothing later changes it */
		resolve_doc(g, d, g->old, g->new, g->o, out);
	} else {
		/* operations waiting for a fragment: keep the text only */
		if (!keep) {
			d = arena_alloc(g->a, sizeof(*d));
			*d = local;
		}
		d->text = arena_strndup(g->a, text, len);
		d->len = len;
		if (nholes > 0) {
			d->holes = arena_alloc(g->a, nholes * sizeof(*holes));
			memcpy(d->holes, holes, nholes * sizeof(*holes));
		}
		d->nholes = nholes;
		defer_doc(g, d);
	}
	d->doc = NULL; /* it lives in the parse's arena */
	return rc;
}

/* a note of the resolution, of document seq, kept in order (k) until
   usage_gql_resolve() */
static void
push_note(struct usage_gql *g, size_t seq, const char *text, size_t len)
{
	if (g->nnotes == g->anotes) {
		g->anotes = g->anotes ? 2 * g->anotes : 8;
		g->notes = xreallocarray(
		    g->notes, g->anotes, sizeof(*g->notes));
	}
	g->notes[g->nnotes].seq = seq;
	g->notes[g->nnotes].k = g->nnotes;
	g->notes[g->nnotes].text = arena_strndup(g->a, text, len);
	g->nnotes++;
}

int
usage_gql_standalone(
    const struct usage_gql *g, const struct usage_gql_parsed *pd)
{
	const struct gql_document *doc = pd->doc;
	size_t i;

	if (!g->bound)
		return 0;
	if (pd->rc != 0)
		return 1; /* a parse problem, or SDL: nothing to resolve */
	if (doc->nspreads > 0)
		return 0;
	for (i = 0; i < doc->ndefs; i++)
		if (doc->defs[i].kind == GQLD_FRAGMENT)
			return 0;
	return 1;
}

/* the notes of documents resolved by another handle, in their order:
   seq is that handle's document number, text a malloc()ed copy */
struct usage_gql_notes {
	size_t n;
	struct gnote *v;
};

struct usage_gql_notes *
usage_gql_hand_over(struct usage_gql *g)
{
	struct usage_gql_notes *h;
	size_t i;

	if (g->nnotes == 0)
		return NULL;
	h = xmalloc(sizeof(*h));
	h->n = g->nnotes;
	h->v = xreallocarray(NULL, h->n, sizeof(*h->v));
	/* push_note() appends: already in (seq, k) order */
	for (i = 0; i < h->n; i++) {
		h->v[i] = g->notes[i];
		h->v[i].text = xstrdup(g->notes[i].text);
	}
	g->nnotes = 0;
	return h;
}

void
usage_gql_take_over(struct usage_gql *g, struct usage_gql_notes **np)
{
	struct usage_gql_notes *h;
	size_t i, seq = 0;

	if (np == NULL || (h = *np) == NULL)
		return;
	for (i = 0; i < h->n; i++) {
		/* each document's notes take the next number here, as if
		   added now */
		if (i == 0 || h->v[i].seq != h->v[i - 1].seq)
			seq = g->nseq++;
		push_note(g, seq, h->v[i].text, strlen(h->v[i].text));
		free((char *)h->v[i].text);
	}
	free(h->v);
	free(h);
	*np = NULL;
}

/* ---- resolution ---- */

struct rctx {
	struct usage_gql *g;
	const struct snapshot *old, *new;
	struct usage_set *out;
	unsigned max_depth;
	const char *context;
	const struct gql_definition *op; /* NULL for a lone fragment */
	struct gdoc *op_doc;
	size_t seq; /* of the document being resolved (notes) */
	unsigned expansions;
	int cut; /* MAX_EXPANSIONS reached for this operation */
	unsigned spread_depth;
	int deep_cut; /* MAX_SPREAD_DEPTH reached for this operation */
	/* drift_str_hash() of the collection last looked a field up in
	   (a stale one would only miss the cache: hits compare strings) */
	const char *hash_c;
	size_t hash_h;
};

/* where selections are resolved: a collection, or an m2a union */
struct cx {
	const char *c;      /* the collection; the junction for a union
	                       (never freed while the snapshots are
	                       bound: field_of_cx()) */
	const char *ufield; /* non-NULL: the union of this m2a field of c */
	unsigned depth;     /* relational hops from the root collection */
	unsigned flags;     /* inherited: UREF_OLD_ONLY through an OLD-only
	                       relation */
	int version;        /* _by_version: relational fields are JSON */
	enum usage_access access; /* selections: UA_READ */
};

/* out_file() the first time d's records go to r->out */
static const char *__attribute__((noinline))
out_file_new(struct rctx *r, struct gdoc *d)
{
	struct usage_gql *g = r->g;

	/* one copy per file: records then share the pointer, which the sort
	   compares first */
	if (g->of_src != d->file || g->of_for != r->out) {
		g->of_copy = usage_strdup(r->out, d->file);
		g->of_src = d->file;
		g->of_for = r->out;
	}
	d->out_file = g->of_copy;
	d->out_for = r->out;
	return d->out_file;
}

static inline const char *
out_file(struct rctx *r, struct gdoc *d)
{
	if (d->out_for != r->out || d->out_file == NULL)
		return out_file_new(r, d);
	return d->out_file;
}

static void rnote(struct rctx *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* a note of the resolution, kept until usage_gql_resolve() emits the
   notes in the order of the documents (as if all resolved at the end) */
static void
rnote(struct rctx *r, const char *fmt, ...)
{
	struct usage_gql *g = r->g;
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	push_note(g, r->seq, b.buf, b.len);
	buf_release(&b);
}

static void
add_ref(struct rctx *r, struct gdoc *d, struct gql_pos pos, const char *c,
    const char *f, enum usage_access a, enum usage_certainty cert,
    unsigned depth, unsigned flags)
{
	struct usage_set *out = r->out;
	struct usage_ref *ref, tmp;

	/* written in place in out's array (usage_add_ref() grows it: the
	   record is then built aside and copied) */
	if (out->nrefs < out->arefs)
		ref = &out->refs[out->nrefs];
	else {
		memset(&tmp, 0, sizeof(tmp));
		ref = &tmp;
	}
	ref->collection = c;
	ref->field = f;
	ref->access = a;
	ref->certainty = cert;
	ref->flags = flags | (depth > 0 ? UREF_NESTED : 0);
	ref->depth = depth;
	/* "*" possibly stands for what the document does not show (an
	   interpolation, a variable, a fragment not scanned): it may go
	   through any relation.  Aggregates name plain fields only. */
	if (cert == UC_POSSIBLY && f != NULL && f[0] == '*' && f[1] == '\0' &&
	    a != UA_AGGREGATE)
		ref->flags |= UREF_TRAVERSE;
	ref->site = doc_site(d, out_file(r, d), pos);
	ref->context = r->context;
	if (ref == &tmp)
		usage_add_ref(out, ref);
	else
		out->nrefs++;
}

#define add_problem(r, d, pos, kind, c, f, ...) \
	usage_add_problemf((r)->out, kind, doc_site(d, out_file(r, d), pos), \
	    c, f, (r)->context, __VA_ARGS__)

static unsigned
side_flags(int side)
{
	return side == 2 ? UREF_OLD_ONLY : 0;
}

static size_t
pair_hash(int tag, const char *c, const char *f)
{
	return (drift_str_hash(c) * 31u +
		   (f != NULL ? drift_str_hash(f) : 7u)) *
	    33u +
	    (size_t)tag;
}

/* the slot of (c, f): the entry, or the free slot to fill; NULL when the
   cache is full (or was never allocated) */
/* the table for r's snapshots, with room for one more entry (unless it
   is full) */
static void __attribute__((noinline)) cache_prepare(struct rctx *r)
{
	struct usage_gql *g = r->g;
	size_t i;

	if (g->cache_old != r->old || g->cache_new != r->new) {
		/* other snapshots: start over */
		if (g->acache > 0)
			memset(g->cache, 0, g->acache * sizeof(*g->cache));
		if (g->fmemo != NULL)
			memset(g->fmemo, 0, FMEMO_SLOTS * sizeof(*g->fmemo));
		if (g->rmemo != NULL)
			memset(g->rmemo, 0, RMEMO_SLOTS * sizeof(*g->rmemo));
		g->ncache = 0;
		g->cache_old = r->old;
		g->cache_new = r->new;
	}
	if (2 * (g->ncache + 1) > g->acache) {
		struct gcache *old = g->cache;
		size_t n = g->acache, j;

		if (g->ncache >= MAX_CACHE)
			return;
		g->acache = n ? 2 * n : 256;
		g->cache = xcalloc(g->acache, sizeof(*g->cache));
		for (j = 0; j < n; j++) {
			if (old[j].c == NULL)
				continue;
			for (i = old[j].h & (g->acache - 1);
			     g->cache[i].c != NULL;
			     i = (i + 1) & (g->acache - 1))
				;
			g->cache[i] = old[j];
		}
		free(old);
	}
}

static inline struct gcache *
cache_slot(struct rctx *r, int tag, const char *c, const char *f, size_t h)
{
	struct usage_gql *g = r->g;
	size_t i;

	if (g->cache_old != r->old || g->cache_new != r->new ||
	    2 * (g->ncache + 1) > g->acache)
		cache_prepare(r);
	for (i = h & (g->acache - 1); g->cache[i].c != NULL;
	     i = (i + 1) & (g->acache - 1)) {
		const struct gcache *e = &g->cache[i];

		if (e->h == h && e->tag == tag && strcmp(e->c, c) == 0 &&
		    (e->f == NULL ? f == NULL
				  : f != NULL && strcmp(e->f, f) == 0))
			return &g->cache[i];
	}
	return g->ncache < MAX_CACHE ? &g->cache[i] : NULL;
}

static struct gcache *
cache_fill(struct rctx *r, struct gcache *e, int tag, const char *c,
    const char *f, size_t h)
{
	struct usage_gql *g = r->g;

	e->tag = tag;
	e->c = arena_strndup(g->a, c, strlen(c));
	e->f = f != NULL ? arena_strndup(g->a, f, strlen(f)) : NULL;
	e->h = h;
	g->ncache++;
	return e;
}

/* a field of c, NEW first; 0 when unknown.  *ep: the cache entry, or
   NULL when the lookup is not cached */
static int
field_of_e(struct rctx *r, const char *c, const char *f, struct ug_field *u,
    const struct gcache **ep)
{
	size_t h;
	struct gcache *e;

	*ep = NULL;
	if (c == NULL || f == NULL)
		return usage_graph_field(r->old, r->new, c, f, u);
	if (c != r->hash_c) {
		r->hash_c = c;
		r->hash_h = drift_str_hash(c);
	}
	/* pair_hash(CT_FIELD, c, f) */
	h = (r->hash_h * 31u + drift_str_hash(f)) * 33u + (size_t)CT_FIELD;
	e = cache_slot(r, CT_FIELD, c, f, h);
	if (e != NULL && e->c != NULL) {
		*ep = e;
		*u = e->u;
		return e->found;
	}
	if (e == NULL)
		return usage_graph_field(r->old, r->new, c, f, u);
	e->found = usage_graph_field(r->old, r->new, c, f, &e->u);
	cache_fill(r, e, CT_FIELD, c, f, h);
	*ep = e;
	*u = e->u;
	return e->found;
}

static int
field_of(struct rctx *r, const char *c, const char *f, struct ug_field *u)
{
	const struct gcache *e;

	return field_of_e(r, c, f, u, &e);
}

/* field_of() of a cx's collection (see struct gfmemo) and a name of
   flen bytes: *found, and the field (the memo's, valid until the next
   lookup, not to be changed; or *tmp) */
static inline const struct ug_field *
field_of_cx(struct rctx *r, const char *c, const char *f, size_t flen,
    struct ug_field *tmp, int *found)
{
	struct usage_gql *g = r->g;
	const struct gcache *e;
	struct gfmemo *m;
	size_t h;

	if (c == NULL || f == NULL || g->cache_old != r->old ||
	    g->cache_new != r->new) {
		*found = field_of(r, c, f, tmp);
		return tmp;
	}
	if (g->fmemo == NULL)
		g->fmemo = xcalloc(FMEMO_SLOTS, sizeof(*g->fmemo));
	h = ((size_t)(uintptr_t)c >> 4) * 31u + flen;
	if (flen > 0)
		h = h * 31u +
		    ((unsigned char)f[0] ^ (unsigned char)f[flen / 2] << 2 ^
			(unsigned char)f[flen - 1] << 4);
	m = &g->fmemo[h % FMEMO_SLOTS];
	if (m->c == c && m->flen == flen && memcmp(m->f, f, flen) == 0) {
		*found = m->found;
		return &m->u;
	}
	*found = field_of_e(r, c, f, tmp, &e);
	if (e != NULL) {
		m->c = c;
		m->f = e->f;
		m->flen = flen;
		m->found = *found;
		m->u = *tmp;
	}
	return tmp;
}

/* usage_graph_collection_name(), memoised; *singleton (may be NULL)
   usage_graph_singleton() of the name found */
static const char *
coll_name(struct rctx *r, const char *c, int *side, int *singleton)
{
	struct gcache *e, tmp;
	size_t h;

	if (c == NULL) {
		if (side != NULL)
			*side = 0;
		return NULL;
	}
	h = pair_hash(CT_COLLECTION, c, NULL);
	e = cache_slot(r, CT_COLLECTION, c, NULL, h);
	if (e == NULL || e->c == NULL) {
		int cached = e != NULL;

		if (!cached) {
			memset(&tmp, 0, sizeof(tmp));
			e = &tmp;
		}
		e->name = usage_graph_collection_name(
		    r->old, r->new, c, &e->found);
		e->singleton = e->name != NULL &&
		    usage_graph_singleton(r->old, r->new, e->name);
		if (cached)
			cache_fill(r, e, CT_COLLECTION, c, NULL, h);
	}
	if (side != NULL)
		*side = e->found;
	if (singleton != NULL && e->name != NULL)
		*singleton = e->singleton;
	return e->name;
}

static int
relational(enum ug_kind k)
{
	return k == UG_M2O || k == UG_O2M || k == UG_M2A;
}

/*
 * u, a field that a path goes through: 1 when it is a relation in NEW,
 * or a plain field in NEW and a relation in OLD (the relation was
 * removed: the descent resolves in OLD, *u becomes OLD's field and
 * *flags gains UREF_OLD_ONLY for the records below); 0 otherwise.
 */
static int
relation_of(struct rctx *r, struct ug_field *u, unsigned *flags)
{
	struct ug_field o;

	if (relational(u->kind))
		return 1;
	if (u->kind != UG_SCALAR || r->old == NULL || u->side != 1 ||
	    !usage_graph_field_in(r->old, 2, u->collection, u->field, &o) ||
	    !relational(o.kind))
		return 0;
	*u = o;
	*flags |= UREF_OLD_ONLY;
	return 2;
}

/* 1 when a filter object on a field names something that only the
   related collection's filter type has (a field, _and, _or, _some,
   _none), not just comparison operators (_eq, _null, ...) that a plain
   key takes */
static int
names_related(const struct gql_value *v)
{
	size_t i;

	if (v->kind != GQLV_OBJECT)
		return 0;
	if (v->holes)
		return 1;
	for (i = 0; i < v->nfields; i++) {
		const char *k = v->fields[i].name.s;

		if (k[0] != '_' || strcmp(k, "_and") == 0 ||
		    strcmp(k, "_or") == 0 || strcmp(k, "_some") == 0 ||
		    strcmp(k, "_none") == 0)
			return 1;
	}
	return 0;
}

static const char *
lookup_cb(const char *name, size_t len, int *singleton, void *arg)
{
	struct rctx *r = arg;
	const char *c;

	(void)len;
	c = coll_name(r, name, NULL, singleton);
	return c;
}

/* gql_root_parse() with lookup_cb, memoised */
static int
root_parse(struct rctx *r, enum gql_root_kind rk, enum gql_scope sc,
    const char *name, struct gql_root *out)
{
	int tag = CT_ROOT + 2 * (int)rk + (int)sc, found;
	size_t h = pair_hash(tag, name, NULL);
	struct gcache *e = cache_slot(r, tag, name, NULL, h);

	if (e != NULL && e->c != NULL) {
		*out = e->root;
		return e->found;
	}
	found = gql_root_parse(rk, sc, name, lookup_cb, r, out);
	/* again: the lookups may have grown the table */
	e = cache_slot(r, tag, name, NULL, h);
	if (e != NULL && e->c == NULL) {
		e->found = found;
		e->root = *out;
		cache_fill(r, e, tag, name, NULL, h);
	}
	return found;
}

static int
has_directive(const struct gql_directive *dirs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(dirs[i].name.s, name) == 0)
			return 1;
	return 0;
}

static const struct gql_value *
find_arg(const struct gql_selection *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nargs; i++)
		if (s->args[i].name.s[0] == name[0] &&
		    strcmp(s->args[i].name.s, name) == 0)
			return &s->args[i].value;
	return NULL;
}

/* the default value of $name in the current operation, or NULL; *defined
   set when the operation declares it */
static const struct gql_value *
var_default(struct rctx *r, const char *name)
{
	size_t i;

	if (r->op == NULL)
		return NULL;
	for (i = 0; i < r->op->nvars; i++)
		if (strcmp(r->op->vars[i].name.s, name) == 0)
			return r->op->vars[i].def;
	return NULL;
}

/* the func type (by fn) of u's Directus type, on the side that has u or,
   when that type has none, OLD's type of the same field (a type change
   removes <f>_func); NULL when neither has one.  A field without a type
   (a built-in) is given the benefit of the doubt. */
static const char *
func_on_either_side(
    struct rctx *r, const struct ug_field *u, const char *(*fn)(const char *))
{
	struct ug_field o;
	const char *ft;

	if (u->type == NULL)
		return "";
	ft = fn(u->type);
	if (ft == NULL && r->old != NULL && u->side == 1 &&
	    usage_graph_field_in(r->old, 2, u->collection, u->field, &o) &&
	    o.type != NULL)
		ft = fn(o.type);
	return ft;
}

/* ---- filter, sort, groupBy ---- */

static void walk_filter(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, unsigned depth, unsigned flags, int level);

/* one key of a filter object on c */
static void
filter_key(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_object_field *kv, unsigned depth, unsigned flags,
    int level)
{
	const char *k = kv->name.s;
	struct ug_field u;
	size_t kl = kv->name.len;

	if (strcmp(k, "_and") == 0 || strcmp(k, "_or") == 0 ||
	    strcmp(k, "_some") == 0 || strcmp(k, "_none") == 0) {
		walk_filter(r, d, c, &kv->value, depth, flags, level + 1);
		return;
	}
	if (k[0] == '_')
		return; /* an operator: _eq, _in, _null, ... */
	if (field_of(r, c, k, &u)) {
		if (u.kind == UG_PRESENTATION) {
			add_problem(r, d, kv->name.pos, UP_UNKNOWN_FIELD, c, k,
			    "%s has no field \"%s\" to filter on (a "
			    "presentation field without data)",
			    c, k);
			return;
		}
		if (u.kind == UG_M2A) {
			/* read.ts removes the m2a field from the filter type:
			   only <f>__<collection> keys filter through it */
			add_problem(r, d, kv->name.pos, UP_UNKNOWN_FIELD, c, k,
			    "%s has no field \"%s\" to filter on (filter an "
			    "m2a field through %s__<collection>)",
			    c, k, k);
			return;
		}
		{
			struct ug_field rel = u;
			unsigned in = flags | side_flags(u.side);
			int how = relation_of(r, &rel, &in);
			int into;

			if (rel.kind != UG_M2O && rel.kind != UG_O2M)
				how = 0;
			/* a relation's filter type is the related
			   collection's (a variable of it too); one that NEW
			   lost goes through it only when the object names
			   more than operators (author: { _eq: 1 } is a
			   plain key's filter) */
			if (how == 1)
				into = kv->value.kind == GQLV_OBJECT ||
				    kv->value.kind == GQLV_VARIABLE ||
				    kv->value.kind == GQLV_HOLE;
			else
				into = how == 2 && names_related(&kv->value);
			add_ref(r, d, kv->name.pos, u.collection, u.field,
			    UA_FILTER, UC_EXACT, depth,
			    flags | side_flags(u.side) |
				(into ? UREF_TRAVERSE : 0));
			if (into && kv->value.kind == GQLV_OBJECT)
				walk_filter(r, d, rel.related, &kv->value,
				    depth + 1, in, level + 1);
		}
		return;
	}
	if (kl > 5 && strcmp(k + kl - 5, "_func") == 0) {
		char *base = xstrndup(k, kl - 5);
		int ok = field_of(r, c, base, &u);

		free(base);
		if (ok && func_on_either_side(r, &u, gql_func_filter_type)) {
			add_ref(r, d, kv->name.pos, u.collection, u.field,
			    UA_FILTER, UC_EXACT, depth,
			    flags | side_flags(u.side));
			return;
		}
	}
	{
		/* <m2a>__<collection>: a filter into one member */
		const char *sep = strstr(k, "__");

		if (sep != NULL && sep > k) {
			char *f = xstrndup(k, (size_t)(sep - k));
			const char *member = sep + 2;
			int ok = field_of(r, c, f, &u) && u.kind == UG_M2A;

			free(f);
			if (ok) {
				const char *m = coll_name(
				    r, member, NULL, NULL);

				add_ref(r, d, kv->name.pos, u.collection,
				    u.field, UA_FILTER, UC_EXACT, depth,
				    flags | side_flags(u.side) | UREF_TRAVERSE);
				if (m == NULL) {
					add_problem(r, d, kv->name.pos,
					    UP_UNKNOWN_COLLECTION, member, NULL,
					    "%s.%s has no member collection "
					    "\"%s\"",
					    c, u.field, member);
					return;
				}
				walk_filter(r, d, m, &kv->value, depth + 1,
				    flags | side_flags(u.side), level + 1);
				return;
			}
		}
	}
	add_problem(r, d, kv->name.pos, UP_UNKNOWN_FIELD, c, k,
	    "%s has no field \"%s\" to filter on", c, k);
}

static void
walk_filter(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, unsigned depth, unsigned flags, int level)
{
	size_t i;

	if (v == NULL || level > GQL_MAX_DEPTH_DEFAULT)
		return;
	switch (v->kind) {
	case GQLV_OBJECT:
		if (v->holes)
			add_ref(r, d, v->pos, c, "*", UA_FILTER, UC_POSSIBLY,
			    depth, flags);
		for (i = 0; i < v->nfields; i++)
			filter_key(r, d, c, &v->fields[i], depth, flags, level);
		break;
	case GQLV_LIST:
		for (i = 0; i < v->nitems; i++)
			walk_filter(
			    r, d, c, &v->items[i], depth, flags, level + 1);
		break;
	case GQLV_VARIABLE: {
		const struct gql_value *def = var_default(r, v->str);

		if (def != NULL)
			walk_filter(r, d, c, def, depth, flags, level + 1);
		else
			add_ref(r, d, v->pos, c, "*", UA_FILTER, UC_POSSIBLY,
			    depth, flags);
		break;
	}
	case GQLV_HOLE:
		add_ref(
		    r, d, v->pos, c, "*", UA_FILTER, UC_POSSIBLY, depth, flags);
		break;
	default:
		break;
	}
}

/* the position of byte off inside a one-line string literal at p */
static struct gql_pos
in_string(const struct gql_value *s, size_t off)
{
	struct gql_pos p = s->pos;

	if (!s->block) {
		size_t i;

		p.col++; /* the quote */
		for (i = 0; i < off && i < s->len; i++)
			if (((unsigned char)s->str[i] & 0xC0) != 0x80)
				p.col++;
	}
	return p;
}

/* "fn(field)" -> field; else s itself; [*b, *e) */
static void
strip_fn(const char *s, size_t n, size_t *b, size_t *e)
{
	const char *open = memchr(s, '(', n);

	*b = 0;
	*e = n;
	if (open != NULL && n > 0 && s[n - 1] == ')') {
		*b = (size_t)(open - s) + 1;
		*e = n - 1;
	}
}

/* one sort string: "-published_at", "author.name", "year(date)" */
static void
sort_string(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *s, unsigned depth, unsigned flags)
{
	size_t i = 0, n = s->len, b, e;
	const char *cur = c;
	struct buf seg = BUF_INIT;

	if (n > 0 && s->str[0] == '-')
		i = 1;
	while (i < n && cur != NULL) {
		struct ug_field u;
		size_t j = i;

		while (j < n && s->str[j] != '.')
			j++;
		strip_fn(s->str + i, j - i, &b, &e);
		buf_reset(&seg);
		buf_add(&seg, s->str + i + b, e - b);
		if (seg.len == 0)
			break;
		if (!field_of(r, cur, seg.buf, &u) ||
		    u.kind == UG_PRESENTATION) {
			add_problem(r, d, in_string(s, i + b), UP_UNKNOWN_FIELD,
			    cur, seg.buf, "%s has no field \"%s\" to sort by",
			    cur, seg.buf);
			break;
		}
		/* "author.name": the path goes on through author */
		add_ref(r, d, in_string(s, i + b), u.collection, u.field,
		    UA_SORT, UC_EXACT, depth,
		    flags | side_flags(u.side) | (j < n ? UREF_TRAVERSE : 0));
		cur = NULL;
		if (j < n && relation_of(r, &u, &flags) && u.kind == UG_M2O)
			cur = u.related;
		depth++;
		i = j + 1;
	}
	buf_release(&seg);
}

static void
walk_sort(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, unsigned depth, unsigned flags, int level)
{
	size_t i;

	if (v == NULL || level > 8)
		return;
	switch (v->kind) {
	case GQLV_STRING:
		sort_string(r, d, c, v, depth, flags);
		break;
	case GQLV_LIST:
		if (v->holes)
			add_ref(r, d, v->pos, c, "*", UA_SORT, UC_POSSIBLY,
			    depth, flags);
		for (i = 0; i < v->nitems; i++)
			walk_sort(
			    r, d, c, &v->items[i], depth, flags, level + 1);
		break;
	case GQLV_VARIABLE: {
		const struct gql_value *def = var_default(r, v->str);

		if (def != NULL)
			walk_sort(r, d, c, def, depth, flags, level + 1);
		else
			add_ref(r, d, v->pos, c, "*", UA_SORT, UC_POSSIBLY,
			    depth, flags);
		break;
	}
	case GQLV_HOLE:
		add_ref(
		    r, d, v->pos, c, "*", UA_SORT, UC_POSSIBLY, depth, flags);
		break;
	default:
		break;
	}
}

static void
walk_group_by(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, int level)
{
	size_t i, b, e;

	if (v == NULL || level > 8)
		return;
	if (v->kind == GQLV_STRING) {
		struct ug_field u;
		char *f;

		strip_fn(v->str, v->len, &b, &e);
		f = xstrndup(v->str + b, e - b);
		if (field_of(r, c, f, &u) && u.kind != UG_PRESENTATION)
			add_ref(r, d, in_string(v, b), u.collection, u.field,
			    UA_AGGREGATE, UC_EXACT, 0, side_flags(u.side));
		else
			add_problem(r, d, in_string(v, b), UP_UNKNOWN_FIELD, c,
			    f, "%s has no field \"%s\" to group by", c, f);
		free(f);
	} else if (v->kind == GQLV_LIST) {
		for (i = 0; i < v->nitems; i++)
			walk_group_by(r, d, c, &v->items[i], level + 1);
	} else if (v->kind == GQLV_VARIABLE) {
		const struct gql_value *def = var_default(r, v->str);

		if (def != NULL)
			walk_group_by(r, d, c, def, level + 1);
		else
			add_ref(r, d, v->pos, c, "*", UA_AGGREGATE, UC_POSSIBLY,
			    0, 0);
	} else if (v->kind == GQLV_HOLE)
		add_ref(r, d, v->pos, c, "*", UA_AGGREGATE, UC_POSSIBLY, 0, 0);
}

/* filter: and sort: arguments of a root or relational field, relative to
   collection c */
static void
walk_args(struct rctx *r, struct gdoc *d, const struct gql_selection *s,
    const char *c, unsigned depth, unsigned flags)
{
	const struct gql_value *v;

	if (s->nargs == 0)
		return;
	if ((v = find_arg(s, "filter")) != NULL)
		walk_filter(r, d, c, v, depth, flags, 0);
	if ((v = find_arg(s, "sort")) != NULL)
		walk_sort(r, d, c, v, depth, flags, 0);
}

/* ---- data: payloads of mutations ---- */

static void walk_data(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, enum usage_access a, unsigned depth,
    unsigned flags, int level);

static void
data_object(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, enum usage_access a, unsigned depth,
    unsigned flags, int level)
{
	size_t i;

	if (v->holes)
		add_ref(r, d, v->pos, c, "*", a, UC_POSSIBLY, depth,
		    flags | UREF_DYNAMIC);
	for (i = 0; i < v->nfields; i++) {
		const struct gql_object_field *kv = &v->fields[i];
		struct ug_field u, rel;
		unsigned in;
		int how, into;

		if (!field_of(r, c, kv->name.s, &u) ||
		    u.kind == UG_PRESENTATION) {
			add_problem(r, d, kv->name.pos, UP_UNKNOWN_FIELD, c,
			    kv->name.s, "%s has no field \"%s\" to write", c,
			    kv->name.s);
			continue;
		}
		/* relations nest as create_<related>_input (a variable is
		   one too); an m2a item is a plain scalar on write.  A
		   relation that NEW lost nests only a literal object or list
		   (author: 1 writes the key NEW has) */
		rel = u;
		in = flags | side_flags(u.side);
		how = relation_of(r, &rel, &in);
		if (rel.kind != UG_M2O && rel.kind != UG_O2M)
			how = 0;
		if (how == 1)
			into = kv->value.kind == GQLV_OBJECT ||
			    kv->value.kind == GQLV_LIST ||
			    kv->value.kind == GQLV_VARIABLE ||
			    kv->value.kind == GQLV_HOLE;
		else
			into = how == 2 &&
			    (kv->value.kind == GQLV_OBJECT ||
				kv->value.kind == GQLV_LIST);
		add_ref(r, d, kv->name.pos, u.collection, u.field, a, UC_EXACT,
		    depth,
		    flags | side_flags(u.side) | (into ? UREF_TRAVERSE : 0));
		if (into) {
			add_ref(r, d, kv->name.pos, rel.related, NULL, a,
			    UC_EXACT, depth + 1, in);
			walk_data(r, d, rel.related, &kv->value, a, depth + 1,
			    in, level + 1);
		}
	}
}

static void
walk_data(struct rctx *r, struct gdoc *d, const char *c,
    const struct gql_value *v, enum usage_access a, unsigned depth,
    unsigned flags, int level)
{
	size_t i;

	if (v == NULL || level > GQL_MAX_DEPTH_DEFAULT)
		return;
	switch (v->kind) {
	case GQLV_OBJECT:
		data_object(r, d, c, v, a, depth, flags, level);
		break;
	case GQLV_LIST:
		for (i = 0; i < v->nitems; i++)
			walk_data(
			    r, d, c, &v->items[i], a, depth, flags, level + 1);
		break;
	case GQLV_VARIABLE: {
		const struct gql_value *def = var_default(r, v->str);

		if (def != NULL) {
			walk_data(r, d, c, def, a, depth, flags, level + 1);
			break;
		}
	}
		/* FALLTHROUGH */
	case GQLV_HOLE:
		add_ref(r, d, v->pos, c, "*", a, UC_POSSIBLY, depth,
		    flags | UREF_DYNAMIC);
		break;
	default:
		break;
	}
}

/* ---- selections ---- */

static void walk_set(struct rctx *r, struct gdoc *d,
    const struct gql_selection_set *set, const struct cx *cx);

/* 1 when T is a member of the union of (c, f) on either side; *side */
static int
union_member(struct rctx *r, const struct cx *cx, const char *t, int *side)
{
	struct ug_field u;
	int s;

	for (s = 1; s <= 2; s++) {
		const struct snapshot *snap = s == 1 ? r->new : r->old;
		size_t i;

		if (snap == NULL ||
		    !usage_graph_field_in(snap, s, cx->c, cx->ufield, &u) ||
		    u.kind != UG_M2A)
			continue;
		for (i = 0; i < u.nallowed; i++)
			if (strcmp(u.allowed[i], t) == 0) {
				*side = s;
				return 1;
			}
	}
	return 0;
}

/* the union members of cx on the side that has the m2a field */
static void
union_members(struct rctx *r, const struct cx *cx, struct ug_field *u)
{
	if (!field_of(r, cx->c, cx->ufield, u) || u->kind != UG_M2A) {
		u->allowed = NULL;
		u->nallowed = 0;
	}
}

/* a type condition (fragment or inline fragment) met in cx: records the
   type reference; fills *in with where the inner selections resolve.
   0 when they cannot be resolved (a problem was added). */
static int
type_condition(struct rctx *r, struct gdoc *d, const struct gql_name *t,
    const struct cx *cx, struct cx *in)
{
	int side = 0;
	const char *c;

	*in = *cx;
	if (t->s == NULL)
		return 1;
	if (t->len >= 2 && t->s[0] == '_' && t->s[1] == '_')
		return 0; /* __Type: introspection (parse-query.ts skips) */
	if (cx->ufield != NULL) {
		if (!union_member(r, cx, t->s, &side)) {
			add_problem(r, d, t->pos, UP_UNKNOWN_COLLECTION, t->s,
			    NULL, "\"%s\" is not a member of %s_%s_union", t->s,
			    cx->c, cx->ufield);
			return 0;
		}
		c = coll_name(r, t->s, NULL, NULL);
		if (c == NULL) /* allowed but unknown: keep the name in
		                  out's arena (a record's collection outlives
		                  the document and g) */
			c = usage_strndup(r->out, t->s, t->len);
		add_ref(r, d, t->pos, c, NULL, UA_TYPE, UC_EXACT, cx->depth,
		    cx->flags | side_flags(side));
		in->c = c;
		in->ufield = NULL;
		in->flags |= side_flags(side);
		return 1;
	}
	c = coll_name(r, t->s, &side, NULL);
	if (c == NULL) {
		struct gql_type ty;

		if (gql_type_parse(t->s, lookup_cb, r, &ty) &&
		    ty.kind == GQLT_VERSION) {
			add_ref(r, d, t->pos, ty.collection, NULL, UA_TYPE,
			    UC_EXACT, cx->depth, cx->flags);
			in->c = ty.collection;
			in->version = 1;
			return 1;
		}
		add_problem(r, d, t->pos, UP_UNKNOWN_COLLECTION, t->s, NULL,
		    "unknown type \"%s\" (no such collection)", t->s);
		return 0;
	}
	add_ref(r, d, t->pos, c, NULL, UA_TYPE, UC_EXACT, cx->depth,
	    cx->flags | side_flags(side));
	if (cx->c != NULL && strcmp(cx->c, c) != 0) {
		/* no interfaces in Directus's schema: only the type itself */
		add_problem(r, d, t->pos, UP_UNKNOWN_COLLECTION, t->s, NULL,
		    "an inline fragment on \"%s\" cannot be spread in %s", t->s,
		    cx->c);
		return 0;
	}
	in->c = c;
	return 1;
}

static struct gfrag *
find_frag(struct rctx *r, const char *name)
{
	return frag_index(r->g, name);
}

static void
spread(struct rctx *r, struct gdoc *d, const struct gql_selection *s,
    const struct cx *cx)
{
	struct gfrag *f = find_frag(r, s->name.s);
	struct cx in;

	if (f == NULL) {
		add_ref(r, d, s->name.pos, cx->c, "*", UA_READ, UC_POSSIBLY,
		    cx->depth, cx->flags);
		rnote(r,
		    "%s:%u: fragment \"%s\" is not defined in the scanned "
		    "files",
		    d->file, doc_site(d, d->file, s->name.pos).line, s->name.s);
		return;
	}
	f->used = 1;
	if (f->active)
		return; /* a spread cycle: invalid GraphQL; cut */
	if (++r->g->total_expansions > MAX_EXPANSIONS_TOTAL) {
		if (!r->g->total_cut)
			rnote(r,
			    "more than %u fragment spreads expanded in all; "
			    "the "
			    "rest is not resolved",
			    MAX_EXPANSIONS_TOTAL);
		r->g->total_cut = 1;
		return;
	}
	if (++r->expansions > MAX_EXPANSIONS) {
		if (!r->cut)
			rnote(r,
			    "%s: more than %u fragment spreads expanded; the "
			    "rest is not resolved",
			    r->context, MAX_EXPANSIONS);
		r->cut = 1;
		return;
	}
	if (r->spread_depth >= MAX_SPREAD_DEPTH) {
		if (!r->deep_cut)
			rnote(r,
			    "%s: fragments nested more than %u deep; the rest "
			    "is not resolved",
			    r->context, MAX_SPREAD_DEPTH);
		r->deep_cut = 1;
		return;
	}
	if (cx->ufield == NULL && cx->c != NULL) {
		const char *t = coll_name(r, f->def->type_cond.s, NULL, NULL);

		if (t != NULL && strcmp(t, cx->c) != 0) {
			/* at the spread: that is where the mistake is */
			add_problem(r, d, s->name.pos, UP_UNKNOWN_COLLECTION, t,
			    NULL,
			    "fragment %s on \"%s\" cannot be spread in %s",
			    f->name, t, cx->c);
			return;
		}
	}
	if (!type_condition(r, f->d, &f->def->type_cond, cx, &in))
		return;
	f->active = 1;
	r->spread_depth++;
	walk_set(r, f->d, f->def->set, &in);
	r->spread_depth--;
	f->active = 0;
}

/* a <f>_func selection: 1 when handled */
static int
func_field(struct rctx *r, struct gdoc *d, const struct gql_selection *s,
    const struct cx *cx)
{
	size_t n = s->name.len, i;
	struct ug_field u;
	char *base;
	int ok;
	const char *ft;

	if (n <= 5 || strcmp(s->name.s + n - 5, "_func") != 0)
		return 0;
	base = xstrndup(s->name.s, n - 5);
	ok = field_of(r, cx->c, base, &u);
	free(base);
	if (!ok)
		return 0;
	ft = func_on_either_side(r, &u, gql_func_type);
	if (ft == NULL)
		return 0; /* no _func for this type on either side */
	add_ref(r, d, s->name.pos, u.collection, u.field, cx->access, UC_EXACT,
	    cx->depth, cx->flags | side_flags(u.side));
	for (i = 0; ft[0] != '\0' && s->set != NULL && i < s->set->n; i++) {
		const struct gql_selection *f = &s->set->v[i];

		if (f->kind == GQLSEL_FIELD && f->name.s[0] != '_' &&
		    !gql_func_member(ft, f->name.s))
			add_problem(r, d, f->name.pos, UP_UNKNOWN_FIELD, cx->c,
			    s->name.s, "%s has no field \"%s\"", ft, f->name.s);
	}
	return 1;
}

static void
field_selection(struct rctx *r, struct gdoc *d, const struct gql_selection *s,
    const struct cx *cx)
{
	struct ug_field u;
	const struct ug_field *up;
	const char *name = s->name.s;
	struct cx in;
	unsigned fl;
	int found;

	if (name[0] == '_' && name[1] == '_') {
		/* __typename on a union: the front end compares it with
		   collection names */
		if (cx->ufield != NULL && strcmp(name, "__typename") == 0) {
			size_t i;

			union_members(r, cx, &u);
			for (i = 0; i < u.nallowed; i++)
				add_ref(r, d, s->name.pos, u.allowed[i], NULL,
				    UA_TYPE, UC_EXACT, cx->depth, cx->flags);
		}
		return;
	}
	if (cx->ufield != NULL) {
		add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, cx->c, name,
		    "%s_%s_union has no field \"%s\" (select members with "
		    "... on <collection>)",
		    cx->c, cx->ufield, name);
		return;
	}
	up = field_of_cx(r, cx->c, name, s->name.len, &u, &found);
	if (!found) {
		if (func_field(r, d, s, cx))
			return;
		add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, cx->c, name,
		    "%s has no field \"%s\"", cx->c, name);
		return;
	}
	if (up->kind == UG_PRESENTATION) {
		add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, cx->c, name,
		    "%s has no field \"%s\" (a presentation field without "
		    "data)",
		    cx->c, name);
		return;
	}
	fl = cx->flags | side_flags(up->side);
	/* a selection set: the path goes through the field (GraphQL has no
	   other way to select into a relation; on a plain field it is a
	   problem below) */
	add_ref(r, d, s->name.pos, up->collection, up->field, cx->access,
	    UC_EXACT, cx->depth, fl | (s->set != NULL ? UREF_TRAVERSE : 0));
	if (s->set == NULL) {
		/* a relation is an object, a list or a union in GraphQL: it
		   cannot be selected without fields (a key that became a
		   relation breaks { author }) */
		if (!cx->version && up->side == 1 &&
		    (up->kind == UG_M2O || up->kind == UG_O2M ||
			up->kind == UG_M2A))
			add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, cx->c,
			    name,
			    "%s.%s is a relation: GraphQL needs the fields to "
			    "select from it (%s { ... })",
			    cx->c, name, name);
		return;
	}
	if (cx->version) {
		add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, cx->c, name,
		    "%s.%s is JSON in version_%s: it has no fields to select",
		    cx->c, name, cx->c);
		return;
	}
	/* a relation that only OLD has: resolve the descent there */
	if (up != &u)
		u = *up;
	if (!relation_of(r, &u, &fl)) {
		add_problem(r, d, s->set->pos, UP_UNKNOWN_FIELD, cx->c, name,
		    "%s.%s is not a relational field: it has no fields to "
		    "select",
		    cx->c, name);
		return;
	}
	/* a path of depth + 2 fields below the root (author.name is 2) */
	if (cx->depth + 2 > r->max_depth) {
		add_problem(r, d, s->name.pos, UP_DEPTH, cx->c, name,
		    "the selection below %s.%s is more than %u relational "
		    "levels deep",
		    cx->c, name, r->max_depth);
		return;
	}
	in = *cx;
	in.depth = cx->depth + 1;
	in.flags = fl;
	if (u.kind == UG_M2A) {
		in.c = u.collection;
		in.ufield = u.field;
	} else
		in.c = u.related;
	walk_args(r, d, s, in.c, in.depth, fl);
	walk_set(r, d, s->set, &in);
}

static void
walk_set(struct rctx *r, struct gdoc *d, const struct gql_selection_set *set,
    const struct cx *cx)
{
	size_t i;

	if (set == NULL)
		return;
	if (set->holes) {
		if (cx->ufield != NULL) {
			struct ug_field u;

			union_members(r, cx, &u);
			for (i = 0; i < u.nallowed; i++)
				add_ref(r, d, set->pos, u.allowed[i], "*",
				    cx->access, UC_POSSIBLY, cx->depth,
				    cx->flags);
		} else
			add_ref(r, d, set->pos, cx->c, "*", cx->access,
			    UC_POSSIBLY, cx->depth, cx->flags);
	}
	for (i = 0; i < set->n; i++) {
		const struct gql_selection *s = &set->v[i];
		struct cx in;

		/* Apollo strips @client fields before sending */
		if (has_directive(s->dirs, s->ndirs, "client"))
			continue;
		switch (s->kind) {
		case GQLSEL_FIELD:
			field_selection(r, d, s, cx);
			break;
		case GQLSEL_SPREAD:
			spread(r, d, s, cx);
			break;
		case GQLSEL_INLINE:
			if (type_condition(r, d, &s->name, cx, &in))
				walk_set(r, d, s->set, &in);
			break;
		}
	}
}

/* the children of <c>_aggregated */
static void
walk_aggregate(struct rctx *r, struct gdoc *d,
    const struct gql_selection_set *set, const char *c, unsigned flags)
{
	size_t i, j;

	if (set == NULL)
		return;
	if (set->holes)
		add_ref(r, d, set->pos, c, "*", UA_AGGREGATE, UC_POSSIBLY, 0,
		    flags);
	for (i = 0; i < set->n; i++) {
		const struct gql_selection *s = &set->v[i];
		enum gql_agg fn;

		if (s->kind != GQLSEL_FIELD) {
			if (s->set != NULL)
				walk_aggregate(r, d, s->set, c, flags);
			continue;
		}
		if (s->name.s[0] == '_' && s->name.s[1] == '_')
			continue;
		fn = gql_aggregate_fn(s->name.s);
		if (fn == GQL_AGG_NONE) {
			add_problem(r, d, s->name.pos, UP_UNKNOWN_FIELD, c,
			    s->name.s, "%s_aggregated has no field \"%s\"", c,
			    s->name.s);
			continue;
		}
		if (fn == GQL_AGG_GROUP || fn == GQL_AGG_COUNT_ALL ||
		    s->set == NULL)
			continue;
		for (j = 0; j < s->set->n; j++) {
			const struct gql_selection *f = &s->set->v[j];
			struct ug_field u;

			if (f->kind != GQLSEL_FIELD ||
			    (f->name.s[0] == '_' && f->name.s[1] == '_'))
				continue;
			if (!field_of(r, c, f->name.s, &u) ||
			    u.kind == UG_PRESENTATION) {
				add_problem(r, d, f->name.pos, UP_UNKNOWN_FIELD,
				    c, f->name.s, "%s has no field \"%s\"", c,
				    f->name.s);
				continue;
			}
			if (fn == GQL_AGG_NUMERIC &&
			    !gql_numeric_type(u.type, 0) && u.side == 1) {
				add_problem(r, d, f->name.pos, UP_UNKNOWN_FIELD,
				    c, f->name.s,
				    "%s_aggregated_fields has no field \"%s\" "
				    "(%s takes numeric fields only)",
				    c, f->name.s, s->name.s);
				continue;
			}
			add_ref(r, d, f->name.pos, u.collection, u.field,
			    UA_AGGREGATE, UC_EXACT, 0,
			    flags | side_flags(u.side));
		}
	}
}

static enum gql_root_kind
root_kind(enum gqld_kind k)
{
	if (k == GQLD_MUTATION)
		return GQL_MUTATION;
	if (k == GQLD_SUBSCRIPTION)
		return GQL_SUBSCRIPTION;
	return GQL_QUERY;
}

/* root_parse() of a root field name in a document of scope (items,
   then system; either for -1) and the side of its collection (0 unless
   found and not GQL_OP_SYSTEM_OTHER), memoised (struct grmemo) */
static int
root_lookup(struct rctx *r, enum gql_root_kind rk, int scope,
    const struct gql_name *n, struct gql_root *root, int *side)
{
	struct usage_gql *g = r->g;
	struct grmemo *m = NULL;
	size_t len = n->len;
	int found = 0;

	if (len > 0 && len < RMEMO_NAME && g->cache_old == r->old &&
	    g->cache_new == r->new) {
		size_t h = len * 31u + (size_t)rk * 7u + (size_t)(scope + 1);

		h = h * 31u +
		    ((unsigned char)n->s[0] ^
			(unsigned char)n->s[len / 2] << 2 ^
			(unsigned char)n->s[len - 1] << 4);
		if (g->rmemo == NULL)
			g->rmemo = xcalloc(RMEMO_SLOTS, sizeof(*g->rmemo));
		m = &g->rmemo[h % RMEMO_SLOTS];
		if (m->len == len && m->rk == (int)rk && m->scope == scope &&
		    memcmp(m->name, n->s, len) == 0) {
			*root = m->root;
			*side = m->side;
			return m->found;
		}
	}
	memset(root, 0, sizeof(*root));
	*side = 0;
	if (scope == 0 || scope == -1)
		found = root_parse(r, rk, GQL_ITEMS, n->s, root);
	if (!found && (scope == 1 || scope == -1))
		found = root_parse(r, rk, GQL_SYSTEM, n->s, root);
	if (found && root->op != GQL_OP_SYSTEM_OTHER)
		coll_name(r, root->collection, side, NULL);
	/* the lookups may have started the table over (other snapshots:
	   then m is stale, and the next call fills it) */
	if (m != NULL && g->cache_old == r->old && g->cache_new == r->new) {
		m->len = len;
		m->rk = (int)rk;
		m->scope = scope;
		m->found = found;
		m->side = *side;
		m->root = *root;
		memcpy(m->name, n->s, len);
	}
	return found;
}

/* a root field of an operation */
static void
walk_root(struct rctx *r, struct gdoc *d, const struct gql_selection *s,
    enum gqld_kind kind)
{
	struct gql_root root;
	enum gql_root_kind rk = root_kind(kind);
	struct cx cx;
	int found, side;
	unsigned fl;

	if (s->name.s[0] == '_' && s->name.s[1] == '_')
		return; /* __typename, __schema, __type */
	found = root_lookup(r, rk, d->scope, &s->name, &root, &side);
	if (!found) {
		add_problem(r, d, s->name.pos, UP_UNKNOWN_COLLECTION, s->name.s,
		    NULL, "unknown root field \"%s\" (no collection has it%s)",
		    s->name.s,
		    d->scope == 1       ? " in /graphql/system"
			: d->scope == 0 ? " in /graphql"
					: "");
		return;
	}
	if (root.op == GQL_OP_SYSTEM_OTHER)
		return;
	fl = side_flags(side);
	memset(&cx, 0, sizeof(cx));
	cx.c = root.collection;
	cx.flags = fl;
	cx.access = UA_READ;
	switch (root.op) {
	case GQL_OP_READ:
	case GQL_OP_READ_BY_ID:
	case GQL_OP_ME:
		add_ref(
		    r, d, s->name.pos, cx.c, NULL, UA_READ, UC_EXACT, 0, fl);
		walk_args(r, d, s, cx.c, 0, fl);
		walk_set(r, d, s->set, &cx);
		break;
	case GQL_OP_READ_VERSION:
		add_ref(
		    r, d, s->name.pos, cx.c, NULL, UA_READ, UC_EXACT, 0, fl);
		cx.version = 1;
		walk_set(r, d, s->set, &cx);
		break;
	case GQL_OP_AGGREGATE:
		add_ref(r, d, s->name.pos, cx.c, NULL, UA_AGGREGATE, UC_EXACT,
		    0, fl);
		walk_filter(r, d, cx.c, find_arg(s, "filter"), 0, fl, 0);
		walk_sort(r, d, cx.c, find_arg(s, "sort"), 0, fl, 0);
		walk_group_by(r, d, cx.c, find_arg(s, "groupBy"), 0);
		walk_aggregate(r, d, s->set, cx.c, fl);
		break;
	case GQL_OP_CREATE_ITEMS:
	case GQL_OP_CREATE_ITEM:
	case GQL_OP_IMPORT_FILE:
	case GQL_OP_UPDATE_ITEMS:
	case GQL_OP_UPDATE_BATCH:
	case GQL_OP_UPDATE_ITEM:
	case GQL_OP_UPDATE_SINGLETON:
	case GQL_OP_UPDATE_ME: {
		enum usage_access a = root.op == GQL_OP_CREATE_ITEMS ||
			root.op == GQL_OP_CREATE_ITEM ||
			root.op == GQL_OP_IMPORT_FILE
		    ? UA_CREATE
		    : UA_UPDATE;
		const struct gql_value *data = find_arg(s, "data");

		add_ref(r, d, s->name.pos, cx.c, NULL, a, UC_EXACT, 0, fl);
		if (data != NULL)
			walk_data(r, d, cx.c, data, a, 0, fl, 0);
		walk_filter(r, d, cx.c, find_arg(s, "filter"), 0, fl, 0);
		walk_sort(r, d, cx.c, find_arg(s, "sort"), 0, fl, 0);
		walk_set(r, d, s->set, &cx);
		break;
	}
	case GQL_OP_DELETE_ITEMS:
	case GQL_OP_DELETE_ITEM:
		/* the result is delete_one / delete_many, not the collection */
		add_ref(
		    r, d, s->name.pos, cx.c, NULL, UA_DELETE, UC_EXACT, 0, fl);
		break;
	case GQL_OP_MUTATED: {
		size_t i;

		add_ref(
		    r, d, s->name.pos, cx.c, NULL, UA_READ, UC_EXACT, 0, fl);
		for (i = 0; s->set != NULL && i < s->set->n; i++) {
			const struct gql_selection *c = &s->set->v[i];

			if (c->kind == GQLSEL_FIELD &&
			    strcmp(c->name.s, "data") == 0)
				walk_set(r, d, c->set, &cx);
		}
		break;
	}
	default:
		break;
	}
}

/* gql_builtin_type() of n, memoised (struct gbmemo) */
static int
builtin_type(struct usage_gql *g, const struct gql_name *n)
{
	struct gbmemo *m;

	if (n->len == 0 || n->len >= BMEMO_NAME)
		return gql_builtin_type(n->s);
	if (g->bmemo == NULL)
		g->bmemo = xcalloc(BMEMO_SLOTS, sizeof(*g->bmemo));
	m = &g->bmemo[(n->len * 31u + (unsigned char)n->s[0] * 7u +
			  (unsigned char)n->s[n->len - 1]) %
	    BMEMO_SLOTS];
	if (m->len != n->len || memcmp(m->name, n->s, n->len) != 0) {
		m->len = (unsigned char)n->len;
		m->builtin = (unsigned char)gql_builtin_type(n->s);
		memcpy(m->name, n->s, n->len);
	}
	return m->builtin;
}

/* UA_TYPE for variable types that name a collection's types */
static void
variable_types(struct rctx *r, struct gdoc *d, const struct gql_definition *op)
{
	size_t i;

	for (i = 0; i < op->nvars; i++) {
		const struct gql_name *t = gql_type_core(op->vars[i].type);
		struct gql_type ty;
		int side = 0;

		if (t == NULL || t->s == NULL || builtin_type(r->g, t))
			continue;
		if (!gql_type_parse(t->s, lookup_cb, r, &ty)) {
			add_problem(r, d, t->pos, UP_UNKNOWN_COLLECTION, t->s,
			    NULL, "unknown type \"%s\" (no such collection)",
			    t->s);
			continue;
		}
		coll_name(r, ty.collection, &side, NULL);
		add_ref(r, d, t->pos, ty.collection, NULL, UA_TYPE, UC_EXACT, 0,
		    side_flags(side));
	}
}

static const char *
op_context(struct usage_set *out, const struct gql_definition *def)
{
	const char *kind = gql_def_kind_name(def->kind);
	size_t kl = strlen(kind), nl = def->name.len;
	char *p;

	if (def->name.s == NULL)
		return usage_printf(out, "anonymous %s", kind);
	/* "query GetPosts" without printf: one per operation, written in
	   place in out's arena */
	if (out->arena == NULL)
		out->arena = arena_new();
	p = arena_take_inline(out->arena, kl + 1 + nl + 1, 1);
	memcpy(p, kind, kl);
	p[kl] = ' ';
	memcpy(p + kl + 1, def->name.s, nl);
	p[kl + 1 + nl] = '\0';
	return p;
}

static void
walk_operation(struct rctx *r, struct gdoc *d, const struct gql_definition *op)
{
	size_t i;

	r->context = op_context(r->out, op);
	r->op = op;
	r->op_doc = d;
	r->expansions = 0;
	r->cut = 0;
	r->deep_cut = 0;
	variable_types(r, d, op);
	for (i = 0; i < op->set->n; i++) {
		const struct gql_selection *s = &op->set->v[i];

		if (has_directive(s->dirs, s->ndirs, "client"))
			continue;
		if (s->kind == GQLSEL_FIELD) {
			walk_root(r, d, s, op->kind);
			continue;
		}
		/* a fragment on Query / Mutation at the root */
		if (s->kind == GQLSEL_SPREAD) {
			struct gfrag *f = find_frag(r, s->name.s);

			if (f != NULL && !f->active && f->def->set != NULL) {
				f->used = 1;
				f->active = 1;
				for (size_t j = 0; j < f->def->set->n; j++)
					if (f->def->set->v[j].kind ==
					    GQLSEL_FIELD)
						walk_root(r, f->d,
						    &f->def->set->v[j],
						    op->kind);
				f->active = 0;
			}
		} else if (s->set != NULL) {
			for (size_t j = 0; j < s->set->n; j++)
				if (s->set->v[j].kind == GQLSEL_FIELD)
					walk_root(
					    r, d, &s->set->v[j], op->kind);
		}
	}
}

/* a fragment no operation spread: resolved on its type condition */
static void
walk_lone_fragment(struct rctx *r, struct gfrag *f)
{
	struct cx cx, in;
	const struct gql_name *t = &f->def->type_cond;

	r->context = usage_printf(r->out, "fragment %s", f->name);
	r->op = NULL;
	r->op_doc = f->d;
	r->expansions = 0;
	r->cut = 0;
	r->deep_cut = 0;
	if (strcmp(t->s, "Query") == 0 || strcmp(t->s, "Mutation") == 0 ||
	    strcmp(t->s, "Subscription") == 0)
		return;
	memset(&cx, 0, sizeof(cx));
	cx.access = UA_READ;
	if (!type_condition(r, f->d, t, &cx, &in))
		return;
	f->active = 1;
	walk_set(r, f->d, f->def->set, &in);
	f->active = 0;
}

static void
mark_reached(struct rctx *r, const struct gql_selection_set *set,
    const struct gfrag *self, int level)
{
	size_t i;

	if (set == NULL || level > GQL_MAX_DEPTH_DEFAULT)
		return;
	for (i = 0; i < set->n; i++) {
		const struct gql_selection *s = &set->v[i];

		if (s->kind == GQLSEL_SPREAD) {
			struct gfrag *f = find_frag(r, s->name.s);

			if (f != NULL && f != self)
				f->reached = 1;
		}
		mark_reached(r, s->set, self, level + 1);
	}
}

static void
rctx_init(struct rctx *r, struct usage_gql *g, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	memset(r, 0, sizeof(*r));
	r->g = g;
	r->old = old;
	r->new = new;
	r->out = out;
	r->max_depth = o != NULL && o->max_depth > 0 ? o->max_depth
						     : USAGE_MAX_DEPTH_DEFAULT;
}

/* the operations of one document */
static void
resolve_doc(struct usage_gql *g, struct gdoc *d, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	struct gql_document *doc = d->doc;
	struct gql_error err;
	struct rctx r;
	size_t j;

	if (doc == NULL &&
	    gql_parse(g->scratch, d->text, d->len, d->holes, d->nholes, 0, &doc,
		&err) != 0) {
		/* it parsed when it was added: not reached */
		arena_clear(g->scratch);
		return;
	}
	rctx_init(&r, g, old, new, o, out);
	r.seq = d->seq;
	for (j = 0; j < doc->ndefs; j++)
		if (doc->defs[j].kind != GQLD_FRAGMENT)
			walk_operation(&r, d, &doc->defs[j]);
	if (d->doc == NULL)
		arena_clear(g->scratch);
}

static int
note_cmp(const void *x, const void *y)
{
	const struct gnote *a = x, *b = y;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->k < b->k ? -1 : a->k > b->k;
}

void
usage_gql_resolve(struct usage_gql *g, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	struct rctx r;
	size_t i;

	for (i = 0; i < g->nfrags; i++)
		g->frags[i].reached = 0;
	for (i = 0; i < g->ndocs; i++)
		resolve_doc(g, g->docs[i], old, new, o, out);
	rctx_init(&r, g, old, new, o, out);
	r.seq = SIZE_MAX; /* after every document's */
	/* a lone fragment spread by another lone fragment is resolved
	   through that one */
	for (i = 0; i < g->nfrags; i++)
		if (!g->frags[i].used)
			mark_reached(&r, g->frags[i].def->set, &g->frags[i], 0);
	for (i = 0; i < g->nfrags; i++)
		if (!g->frags[i].used && !g->frags[i].reached)
			walk_lone_fragment(&r, &g->frags[i]);
	if (g->nnotes > 1)
		qsort(g->notes, g->nnotes, sizeof(*g->notes), note_cmp);
	for (i = 0; i < g->nnotes; i++)
		usage_add_note(out, "%s", g->notes[i].text);
	g->nnotes = 0;
}
