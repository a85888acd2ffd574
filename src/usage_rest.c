/*
 * usage_rest.c: a Directus REST query or write body on a collection ->
 * usage records (usage_rest.h).
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/js_value.h"
#include "drift/usage_graph.h"
#include "drift/usage_rest.h"
#include "drift/xalloc.h"

/* usage_graph_field() memoised per scan: a file names few fields many
   times.  Keyed by the collection's pointer (the snapshots' own strings)
   and the field name; a miss only costs a lookup. */
#define MEMO_SLOTS 64
#define MEMO_NAME 48

#define MEMO_COLLS 8

struct rest_memo {
	struct memo_ent {
		const char *c;
		char f[MEMO_NAME];
		size_t flen;
		int used, found;
		struct ug_field u;
	} e[MEMO_SLOTS];
	/* usage_graph_collection_name() of the names a file writes: a call
	   asks it twice (is it known? which spelling?), a file names few */
	struct memo_coll {
		char name[MEMO_NAME];
		size_t len;
		const char *c;
		int side;
	} cl[MEMO_COLLS];
	size_t ncl, nextcl;
};

static struct rest_memo *
memo(struct rest_ctx *r)
{
	size_t k;

	if (r->memo == NULL) {
		/* only the used flags need clearing (not 8 KiB per file) */
		r->memo = xmalloc(sizeof(*r->memo));
		for (k = 0; k < MEMO_SLOTS; k++)
			r->memo->e[k].used = 0;
		r->memo->ncl = r->memo->nextcl = 0;
	}
	return r->memo;
}

const char *
rest_collection_name(struct rest_ctx *r, const char *name, int *side)
{
	size_t n, k;
	struct rest_memo *m;
	struct memo_coll *e;
	int dummy;

	if (side == NULL)
		side = &dummy;
	if (name == NULL || (n = strlen(name)) >= MEMO_NAME)
		return usage_graph_collection_name(r->old, r->new, name, side);
	m = memo(r);
	for (k = 0; k < m->ncl; k++)
		if (m->cl[k].len == n && memcmp(m->cl[k].name, name, n) == 0) {
			*side = m->cl[k].side;
			return m->cl[k].c;
		}
	if (m->ncl < MEMO_COLLS)
		e = &m->cl[m->ncl++];
	else {
		e = &m->cl[m->nextcl];
		m->nextcl = (m->nextcl + 1) % MEMO_COLLS;
	}
	memcpy(e->name, name, n + 1);
	e->len = n;
	e->c = usage_graph_collection_name(r->old, r->new, name, &e->side);
	*side = e->side;
	return e->c;
}

/* the slot of the field f[0..fl) of c: the pointer, the length and
   three bytes, no loop over the name (a collision only costs a probe) */
static inline size_t
memo_hash(const char *c, const char *f, size_t fl)
{
	size_t h = ((size_t)(uintptr_t)c >> 4) * 31 + fl;

	if (fl > 0)
		h = h * 31 +
		    ((unsigned char)f[0] ^ (unsigned char)f[fl / 2] << 2 ^
			(unsigned char)f[fl - 1] << 4);
	return h;
}

/* lookup_e() past the first probe: the other probes, or a miss */
static const struct memo_ent *
lookup_slow(
    struct rest_ctx *r, const char *c, const char *f, size_t fl, size_t h)
{
	size_t k;
	struct memo_ent *e;
	struct rest_memo *m = memo(r);

	for (k = 0; k < 4; k++) {
		e = &m->e[(h + k) % MEMO_SLOTS];
		if (!e->used)
			break;
		if (e->c == c && e->flen == fl && memcmp(e->f, f, fl) == 0)
			return e;
	}
	if (k == 4)
		e = &m->e[h % MEMO_SLOTS]; /* evict */
	e->used = 1;
	e->c = c;
	e->flen = fl;
	memcpy(e->f, f, fl);
	e->f[fl] = '\0';
	e->found = usage_graph_field(r->old, r->new, c, e->f, &e->u);
	return e;
}

/* the memo entry of the field f[0..fl) of c, fl < MEMO_NAME (f needs
   no NUL: the entry keeps a terminated copy, which a miss looks up).
   Valid until the next lookup (which may evict it).  Inline: a hit in
   the first slot (the usual answer) compares the few bytes itself. */
static inline const struct memo_ent *
lookup_e(struct rest_ctx *r, const char *c, const char *f, size_t fl)
{
	size_t h = memo_hash(c, f, fl), i;
	const struct memo_ent *e;

	if (r->memo == NULL)
		return lookup_slow(r, c, f, fl, h);
	e = &r->memo->e[h % MEMO_SLOTS];
	if (!e->used || e->c != c || e->flen != fl)
		return lookup_slow(r, c, f, fl, h);
	for (i = 0; i < fl; i++)
		if (e->f[i] != f[i])
			return lookup_slow(r, c, f, fl, h);
	return e;
}

/* the field f[0..fl) of c (f[fl] is a NUL) */
static int
lookup_n(struct rest_ctx *r, const char *c, const char *f, size_t fl,
    struct ug_field *u)
{
	const struct memo_ent *e;

	if (fl >= MEMO_NAME)
		return usage_graph_field(r->old, r->new, c, f, u);
	e = lookup_e(r, c, f, fl);
	*u = e->u;
	return e->found;
}

int
rest_field(struct rest_ctx *r, const char *c, const char *f, size_t fl,
    struct ug_field *u)
{
	const struct memo_ent *e;

	if (fl >= MEMO_NAME) {
		char *z = xmalloc(fl + 1);
		int found;

		memcpy(z, f, fl);
		z[fl] = '\0';
		found = usage_graph_field(r->old, r->new, c, z, u);
		free(z);
		return found;
	}
	e = lookup_e(r, c, f, fl);
	*u = e->u;
	return e->found;
}

static int
lookup(struct rest_ctx *r, const char *c, const char *f, struct ug_field *u)
{
	return lookup_n(r, c, f, strlen(f), u);
}

void
rest_ctx_release(struct rest_ctx *r)
{
	free(r->memo);
	r->memo = NULL;
	free(r->missing);
	r->missing = NULL;
	r->nmissing = r->amissing = 0;
}

static unsigned
max_depth(const struct rest_ctx *r)
{
	return r->max_depth ? r->max_depth : USAGE_MAX_DEPTH_DEFAULT;
}

static struct usage_site
at(const struct rest_ctx *r, uint32_t line, uint32_t col)
{
	struct usage_site s;

	s.file = r->file;
	s.line = line;
	s.col = col;
	return s;
}

/* jv_pos(), its plain-string case inline (a string token of one line
   without escapes: byte k is column col + 1 + k of the token) */
static inline void
str_pos(const struct jv_toks *t, const struct jv *v, size_t k, uint32_t *line,
    uint32_t *col)
{
	const struct jv_tok *tok;

	if ((v->flags & (JVF_PLAIN | JVF_DETACHED)) == JVF_PLAIN &&
	    v->tok < t->n &&
	    ((tok = &t->v[v->tok])->kind == JT_STRING ||
		tok->kind == JT_TEMPLATE)) {
		*line = tok->line;
		*col = tok->col + 1 + (uint32_t)k;
		return;
	}
	jv_pos(t, v, k, line, col);
}

void
rest_str_pos(const struct jv_toks *t, const struct jv *v, size_t k,
    uint32_t *line, uint32_t *col)
{
	str_pos(t, v, k, line, col);
}

/* the site of byte k of string v */
static inline struct usage_site
str_at(const struct rest_ctx *r, const struct jv *v, size_t k)
{
	uint32_t l, c;

	str_pos(r->toks, v, k, &l, &c);
	return at(r, l, c);
}

static void
ref(struct rest_ctx *r, const char *c, const char *f, enum usage_access a,
    enum usage_certainty cert, unsigned depth, unsigned flags,
    struct usage_site site)
{
	struct usage_ref x;

	memset(&x, 0, sizeof(x));
	x.collection = c;
	x.field = f;
	x.access = a;
	x.certainty = cert;
	x.depth = depth;
	x.flags = flags | (depth > 0 ? UREF_NESTED : 0);
	x.site = site;
	x.context = r->context;
	usage_add_ref(r->out, &x);
}

#define problem(r, kind, site, c, f, ...) \
	usage_add_problemf( \
	    (r)->out, kind, site, c, f, (r)->context, __VA_ARGS__)

static unsigned
side_flags(int side)
{
	return side == 2 ? UREF_OLD_ONLY : 0;
}

static int
is_rel(enum ug_kind k)
{
	return k == UG_M2O || k == UG_O2M || k == UG_M2A;
}

const char *
rest_collection(struct rest_ctx *r, const char *name,
    const struct usage_site *site, unsigned *flags)
{
	int side = 0;
	const char *c = rest_collection_name(r, name, &side);

	if (c == NULL) {
		problem(r, UP_UNKNOWN_COLLECTION, *site, name, NULL,
		    "no collection \"%s\"", name);
		return NULL;
	}
	*flags |= side_flags(side);
	return c;
}

/*
 * A name as a path segment: fn(f) -> f (json(f, path) too), x:S -> x with
 * scope S.  name[0..n) is split in place into two NUL-terminated copies.
 */
struct seg {
	char name[256];
	char scope[256];
	size_t nlen; /* strlen(name) */
	int fn;      /* written as fn(f) */
};

/* memchr() for the few bytes of a name (no call) */
static inline const char *
find_ch(const char *p, size_t n, char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == c)
			return p + i;
	return NULL;
}

static int
seg_parse(const char *p, size_t n, struct seg *s)
{
	const char *lp, *colon;
	size_t a, b;

	s->name[0] = s->scope[0] = '\0';
	s->fn = 0;
	/* a plain name (no blank, fn() or scope): the common case */
	for (a = 0; a < n; a++)
		if ((unsigned char)p[a] <= ' ' || p[a] == '(' || p[a] == ':')
			break;
	if (a == n) {
		if (n == 0 || n >= sizeof(s->name))
			return 0;
		memcpy(s->name, p, n);
		s->name[n] = '\0';
		s->nlen = n;
		return 1;
	}
	while (n > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\n')) {
		p++;
		n--;
	}
	while (n > 0 &&
	    (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' ||
		p[n - 1] == '\r'))
		n--;
	if (n == 0)
		return 0;
	lp = find_ch(p, n, '(');
	if (lp != NULL && p[n - 1] == ')') {
		a = (size_t)(lp - p) + 1;
		b = a;
		while (b < n - 1 && p[b] != ',' && p[b] != ')')
			b++;
		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		p += a;
		n = b - a;
		s->fn = 1;
	}
	colon = find_ch(p, n, ':');
	if (colon != NULL) {
		size_t k = (size_t)(colon - p);

		if (n - k - 1 >= sizeof(s->scope))
			return 0;
		memcpy(s->scope, colon + 1, n - k - 1);
		s->scope[n - k - 1] = '\0';
		n = k;
	}
	if (n == 0 || n >= sizeof(s->name))
		return 0;
	memcpy(s->name, p, n);
	s->name[n] = '\0';
	s->nlen = strlen(s->name);
	return 1;
}

/* the alias value of name at the root (alias: { headline: 'title' }) */
static const char *
alias_of(const struct jv *alias, const char *name)
{
	const struct jv *v = jv_get(alias, name);

	return v != NULL && v->kind == JV_STRING &&
		memchr(v->s, '.', v->n) == NULL
	    ? v->s
	    : NULL;
}

/*
 * Resolves field name of c for an access; a record at site.  cont: the
 * path goes on below it: the field must be relational (on NEW, or on OLD
 * when only OLD has the relation) and the depth allows one more level.
 * Returns 1 with *u (and *fl) set when the caller may go on (or, for a
 * leaf, when the field is known).
 */
static int
field_n(struct rest_ctx *r, const char *c, const char *name, size_t nl,
    int cont, enum usage_access a, unsigned depth, unsigned flags,
    struct usage_site site, struct ug_field *u, unsigned *fl)
{
	if (!lookup_n(r, c, name, nl, u)) {
		if (r->member_depth == depth + 1) {
			/* a member of an unscoped m2a path without it */
			if (r->nmissing == r->amissing) {
				r->amissing = r->amissing ? 2 * r->amissing
							  : 16;
				r->missing = xreallocarray(r->missing,
				    r->amissing, sizeof(*r->missing));
			}
			r->missing[r->nmissing++] = r->out->nproblems;
		}
		problem(r, UP_UNKNOWN_FIELD, site, c, name,
		    "%s has no field \"%s\"", c, name);
		return 0;
	}
	if (u->kind == UG_PRESENTATION) {
		problem(r, UP_UNKNOWN_FIELD, site, c, name,
		    "%s has no field \"%s\" (a presentation field without "
		    "data)",
		    c, name);
		return 0;
	}
	*fl = flags | side_flags(u->side);
	if (cont && !is_rel(u->kind) && r->old != NULL && u->side == 1) {
		struct ug_field o;

		/* a relation that only OLD has: walk on there */
		if (usage_graph_field_in(r->old, 2, c, name, &o) &&
		    is_rel(o.kind)) {
			*u = o;
			*fl |= UREF_OLD_ONLY;
		}
	}
	ref(r, u->collection, u->field, a, UC_EXACT, depth,
	    *fl | (cont && is_rel(u->kind) ? UREF_TRAVERSE : 0), site);
	if (!cont)
		return 1;
	if (!is_rel(u->kind)) {
		if (u->type != NULL && strcmp(u->type, "json") == 0)
			/* Directus 11.17.4 drops seo.title from the answer,
			   seo included: json(seo, title) reads a part */
			problem(r, UP_UNKNOWN_FIELD, site, c, name,
			    "%s.%s is a JSON field, not a relational one: "
			    "Directus leaves the path below it out of the "
			    "answer (%s included); read the field whole, or "
			    "a part with json(%s, path)",
			    c, name, name, name);
		else
			problem(r, UP_UNKNOWN_FIELD, site, c, name,
			    "%s.%s is not a relational field: the path below "
			    "it reads nothing",
			    c, name);
		return 0;
	}
	if (depth + 2 > max_depth(r)) {
		problem(r, UP_DEPTH, site, c, name,
		    "the path below %s.%s is more than %u relational levels "
		    "deep",
		    c, name, max_depth(r));
		return 0;
	}
	return 1;
}

static int
field(struct rest_ctx *r, const char *c, const char *name, int cont,
    enum usage_access a, unsigned depth, unsigned flags, struct usage_site site,
    struct ug_field *u, unsigned *fl)
{
	return field_n(
	    r, c, name, strlen(name), cont, a, depth, flags, site, u, fl);
}

/* the member collection S of m2a field u (scope), or NULL after a
   problem */
static const char *
member(struct rest_ctx *r, const struct ug_field *u, const char *scope,
    struct usage_site site, unsigned *fl)
{
	size_t i;
	int side = 0;
	const char *m;

	for (i = 0; i < u->nallowed; i++)
		if (strcmp(u->allowed[i], scope) == 0)
			break;
	m = rest_collection_name(r, scope, &side);
	if (i == u->nallowed || m == NULL) {
		problem(r, UP_UNKNOWN_COLLECTION, site, scope, NULL,
		    "%s.%s has no member collection \"%s\"", u->collection,
		    u->field, scope);
		return NULL;
	}
	*fl |= side_flags(side);
	return m;
}

static int
same_site(const struct usage_site *a, const struct usage_site *b)
{
	return a->line == b->line && a->col == b->col &&
	    (a->file == b->file ||
		(a->file != NULL && b->file != NULL &&
		    strcmp(a->file, b->file) == 0));
}

/*
 * An unscoped m2a path (blocks.item.title) names the field in every
 * collection item u can hold, and Directus answers 403 at the first one
 * that lacks it (rest-and-sdk-usage.md 1.2).  The members' "has no field"
 * problems field_n() listed since r->missing[m0] (all from index p0 of
 * out->problems on) become one per field and place, which names the
 * collections and the scope that reads the field.
 */
static void
coalesce_members(
    struct rest_ctx *r, const struct ug_field *u, size_t p0, size_t m0)
{
	struct usage_set *out = r->out;
	struct usage_problem *v = out->problems;
	const size_t *ms = r->missing;
	size_t nm = r->nmissing, a, b, i, k, n, w;
	size_t *lead; /* per entry of ms: the entry that leads its group */
	unsigned char *gone;
	struct buf buf = BUF_INIT;

	if (nm - m0 < 2)
		return;
	lead = xreallocarray(NULL, nm - m0, sizeof(*lead));
	for (a = m0; a < nm; a++)
		lead[a - m0] = a;
	gone = xcalloc(out->nproblems - p0, 1);
	for (a = m0; a < nm; a++) {
		const struct usage_problem *pa = &v[ms[a]];
		const char *has = NULL;
		struct ug_field f;

		if (lead[a - m0] != a)
			continue;
		for (n = 1, b = a + 1; b < nm; b++)
			if (lead[b - m0] == b &&
			    same_site(&pa->site, &v[ms[b]].site) &&
			    strcmp(pa->field, v[ms[b]].field) == 0) {
				lead[b - m0] = a;
				gone[ms[b] - p0] = 1;
				n++;
			}
		if (n < 2)
			continue;
		/* a collection that has the field, for the advice */
		for (k = 0; k < u->nallowed && has == NULL; k++) {
			const char *m = rest_collection_name(
			    r, u->allowed[k], NULL);

			if (m != NULL &&
			    lookup_n(r, m, pa->field, strlen(pa->field), &f) &&
			    f.kind != UG_PRESENTATION)
				has = u->allowed[k];
		}
		buf_reset(&buf);
		if (pa->context != NULL)
			buf_addf(&buf, "%s: ", pa->context);
		if (has == NULL) {
			buf_addf(&buf,
			    "%s.%s: none of the %zu collections it can hold "
			    "has a field \"%s\"",
			    u->collection, u->field, u->nallowed, pa->field);
		} else {
			buf_addf(&buf,
			    "%s.%s: %zu of the %zu collections it can hold "
			    "have no field \"%s\" (%s",
			    u->collection, u->field, n, u->nallowed, pa->field,
			    pa->collection);
			for (k = 0, b = a + 1; b < nm; b++)
				if (lead[b - m0] == a && ++k < 3)
					buf_addf(
					    &buf, ", %s", v[ms[b]].collection);
			if (k >= 3)
				buf_addf(&buf, " and %zu more", k - 2);
			buf_addf(&buf,
			    "): Directus refuses the path; scope it, "
			    "as in %s:%s",
			    u->field, has);
		}
		v[ms[a]].message = usage_strndup(out, buf.buf, buf.len);
	}
	for (w = i = p0; i < out->nproblems; i++)
		if (!gone[i - p0])
			v[w++] = v[i];
	out->nproblems = w;
	free(gone);
	free(lead);
	buf_release(&buf);
}

/* around the walk of every member of an unscoped m2a field of depth:
   field_n() lists the members' missing fields, then coalesce_members() */
struct members {
	size_t p0, m0;
	unsigned d0;
};

static void
members_begin(struct rest_ctx *r, unsigned depth, struct members *st)
{
	st->p0 = r->out->nproblems;
	st->m0 = r->nmissing;
	st->d0 = r->member_depth;
	r->member_depth = depth + 2;
}

static void
members_end(
    struct rest_ctx *r, const struct ug_field *u, const struct members *st)
{
	r->member_depth = st->d0;
	coalesce_members(r, u, st->p0, st->m0);
	r->nmissing = st->m0;
}

/* ---- fields, sort, groupBy: paths ---- */

/*
 * A dotted path p[0..n) of string sv at cooked offset off, on c.
 */
static void
walk_path(struct rest_ctx *r, const char *c, unsigned flags, const char *p,
    size_t n, const struct jv *sv, size_t off, enum usage_access a,
    unsigned depth, const struct jv *alias, int holes)
{
	size_t e = 0, paren = 0, i;
	struct seg s;
	struct ug_field u;
	struct members st;
	unsigned fl;
	struct usage_site site;

	while (n > 0 &&
	    (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')) {
		p++;
		n--;
		off++;
	}
	/* holes: sv may have one (a part below a hole-free one has none) */
	if (holes && n > 0 && find_ch(p, n, JV_HOLE) != NULL) {
		ref(r, c, "*", a, UC_POSSIBLY, depth, flags | UREF_TRAVERSE,
		    str_at(r, sv, off));
		return;
	}
	while (e < n && (paren > 0 || p[e] != '.')) {
		if (p[e] == '(')
			paren++;
		else if (p[e] == ')' && paren > 0)
			paren--;
		e++;
	}
	site = str_at(r, sv, off);
	if (e == 1 && p[0] == '*') {
		/* *.* goes through every relation, a bare * through none */
		ref(r, c, "*", a, UC_POSSIBLY, depth,
		    flags | (e < n ? UREF_TRAVERSE : 0), site);
		return;
	}
	if (!seg_parse(p, e, &s))
		return;
	if (depth == 0 && alias != NULL && alias_of(alias, s.name) != NULL) {
		const char *v = alias_of(alias, s.name);

		if (strlen(v) < sizeof(s.name))
			s.nlen = strlen(strcpy(s.name, v));
	}
	if (!field_n(
		r, c, s.name, s.nlen, e < n, a, depth, flags, site, &u, &fl) ||
	    e >= n)
		return;
	if (u.kind == UG_M2A) {
		if (s.scope[0] != '\0') {
			const char *m = member(r, &u, s.scope, site, &fl);

			if (m != NULL)
				walk_path(r, m, fl, p + e + 1, n - e - 1, sv,
				    off + e + 1, a, depth + 1, NULL, 0);
			return;
		}
		/* unscoped: every allowed collection */
		members_begin(r, depth, &st);
		for (i = 0; i < u.nallowed; i++) {
			unsigned f2 = fl;
			const char *m = member(r, &u, u.allowed[i], site, &f2);

			if (m != NULL)
				walk_path(r, m, f2, p + e + 1, n - e - 1, sv,
				    off + e + 1, a, depth + 1, NULL, 0);
		}
		members_end(r, &u, &st);
		return;
	}
	walk_path(r, u.related, fl, p + e + 1, n - e - 1, sv, off + e + 1, a,
	    depth + 1, NULL, 0);
}

/* the part v->s[b..b+n) that is one plain name: what walk_path() does
   with it, without its scans (no comma, blank, '-', '?', hole, dot, fn()
   or scope).  A known data field is field_n()'s leaf record straight
   from the memo entry (no copy of the name or of the entry). */
static void
plain_part(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, size_t b, size_t n, enum usage_access a, unsigned depth)
{
	char nm[sizeof(((struct seg *)0)->name)];
	struct ug_field u;
	unsigned fl;

	if (n < MEMO_NAME) {
		const struct memo_ent *e = lookup_e(r, c, v->s + b, n);

		if (e->found && e->u.kind != UG_PRESENTATION) {
			ref(r, e->u.collection, e->u.field, a, UC_EXACT, depth,
			    flags | side_flags(e->u.side), str_at(r, v, b));
			return;
		}
	}
	memcpy(nm, v->s + b, n);
	nm[n] = '\0';
	field_n(r, c, nm, n, 0, a, depth, flags, str_at(r, v, b), &u, &fl);
}

/* the bytes of a plain field name: [A-Za-z0-9_] */
static const unsigned char name_byte[256] = {
	['0'] = 1,
	['1'] = 1,
	['2'] = 1,
	['3'] = 1,
	['4'] = 1,
	['5'] = 1,
	['6'] = 1,
	['7'] = 1,
	['8'] = 1,
	['9'] = 1,
	['A'] = 1,
	['B'] = 1,
	['C'] = 1,
	['D'] = 1,
	['E'] = 1,
	['F'] = 1,
	['G'] = 1,
	['H'] = 1,
	['I'] = 1,
	['J'] = 1,
	['K'] = 1,
	['L'] = 1,
	['M'] = 1,
	['N'] = 1,
	['O'] = 1,
	['P'] = 1,
	['Q'] = 1,
	['R'] = 1,
	['S'] = 1,
	['T'] = 1,
	['U'] = 1,
	['V'] = 1,
	['W'] = 1,
	['X'] = 1,
	['Y'] = 1,
	['Z'] = 1,
	['_'] = 1,
	['a'] = 1,
	['b'] = 1,
	['c'] = 1,
	['d'] = 1,
	['e'] = 1,
	['f'] = 1,
	['g'] = 1,
	['h'] = 1,
	['i'] = 1,
	['j'] = 1,
	['k'] = 1,
	['l'] = 1,
	['m'] = 1,
	['n'] = 1,
	['o'] = 1,
	['p'] = 1,
	['q'] = 1,
	['r'] = 1,
	['s'] = 1,
	['t'] = 1,
	['u'] = 1,
	['v'] = 1,
	['w'] = 1,
	['x'] = 1,
	['y'] = 1,
	['z'] = 1,
};

/*
 * Each top-level comma-separated part of string v, as a path.  One pass:
 * a part of name bytes only (shorter than a struct seg's name) ends at
 * the first byte that is no name byte, if that is a comma or the end;
 * any other part is walked on from that byte to its top-level comma (no
 * bracket comes before it).
 */
static void
walk_list(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v,
    enum usage_access a, unsigned depth, const struct jv *alias, int sort)
{
	const char *str = v->s;
	size_t n = v->n, s = 0, b, i, paren;
	/* no root alias to apply */
	int plain = depth > 0 || alias == NULL;

	while (s <= n) {
		b = s;
		while (b < n &&
		    (str[b] == ' ' || str[b] == '\t' || str[b] == '\n'))
			b++;
		if (sort && b < n && str[b] == '-')
			b++;
		i = b;
		if (plain) {
			while (i < n && name_byte[(unsigned char)str[i]])
				i++;
			if ((i == n || str[i] == ',') && i > b &&
			    i - b < sizeof(((struct seg *)0)->name)) {
				plain_part(r, c, flags, v, b, i - b, a, depth);
				s = i + 1;
				continue;
			}
		}
		for (paren = 0; i < n; i++) {
			if (str[i] == '(')
				paren++;
			else if (str[i] == ')' && paren > 0)
				paren--;
			else if (str[i] == ',' && paren == 0)
				break;
		}
		if (b < i && !(sort && i - b == 1 && str[b] == '?'))
			walk_path(r, c, flags, str + b, i - b, v, b, a, depth,
			    alias, 1);
		s = i + 1;
	}
}

static void fields_val(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, unsigned depth, const struct jv *alias, int level);

static void
fields_prop(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv_prop *p, unsigned depth, const struct jv *alias, int level)
{
	struct usage_site site = at(r, p->line, p->col);
	struct ug_field u;
	struct seg s;
	struct members st;
	unsigned fl;
	size_t i;

	if (p->klen == 1 && p->key[0] == '*') {
		/* { '*': ['*'] } = "*.*" */
		ref(r, c, "*", UA_READ, UC_POSSIBLY, depth,
		    flags | UREF_TRAVERSE, site);
		return;
	}
	if (!seg_parse(p->key, p->klen, &s))
		return;
	if (depth == 0 && alias != NULL && alias_of(alias, s.name) != NULL &&
	    strlen(alias_of(alias, s.name)) < sizeof(s.name))
		s.nlen = strlen(strcpy(s.name, alias_of(alias, s.name)));
	if (!field_n(
		r, c, s.name, s.nlen, 1, UA_READ, depth, flags, site, &u, &fl))
		return;
	if (u.kind != UG_M2A) {
		fields_val(
		    r, u.related, fl, p->val, depth + 1, NULL, level + 1);
		return;
	}
	if (s.scope[0] != '\0') {
		const char *m = member(r, &u, s.scope, site, &fl);

		if (m != NULL)
			fields_val(
			    r, m, fl, p->val, depth + 1, NULL, level + 1);
		return;
	}
	if (p->val->kind == JV_OBJECT) {
		/* { item: { block_hero: ['title'], block_text: ['*'] } } */
		for (i = 0; i < p->val->nprops; i++) {
			const struct jv_prop *q = &p->val->props[i];
			unsigned f2 = fl;
			const char *m = member(
			    r, &u, q->key, at(r, q->line, q->col), &f2);

			if (m != NULL)
				fields_val(r, m, f2, q->val, depth + 1, NULL,
				    level + 1);
		}
		return;
	}
	members_begin(r, depth, &st);
	for (i = 0; i < u.nallowed; i++) {
		unsigned f2 = fl;
		const char *m = member(r, &u, u.allowed[i], site, &f2);

		if (m != NULL)
			fields_val(
			    r, m, f2, p->val, depth + 1, NULL, level + 1);
	}
	members_end(r, &u, &st);
}

static void
fields_val(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, unsigned depth, const struct jv *alias, int level)
{
	size_t i;

	if (level > JV_MAX_DEPTH)
		return;
	switch (v->kind) {
	case JV_STRING:
		walk_list(r, c, flags, v, UA_READ, depth, alias, 0);
		break;
	case JV_ARRAY:
		if (v->flags & JVF_DYNAMIC)
			ref(r, c, "*", UA_READ, UC_POSSIBLY, depth,
			    flags | UREF_TRAVERSE, at(r, v->line, v->col));
		for (i = 0; i < v->nitems; i++)
			fields_val(
			    r, c, flags, v->items[i], depth, alias, level + 1);
		if (v->nitems == 0)
			ref(r, c, "*", UA_READ, UC_POSSIBLY, depth, flags,
			    at(r, v->line, v->col));
		break;
	case JV_OBJECT:
		if (v->flags & JVF_DYNAMIC)
			ref(r, c, "*", UA_READ, UC_POSSIBLY, depth,
			    flags | UREF_TRAVERSE, at(r, v->line, v->col));
		for (i = 0; i < v->nprops; i++)
			fields_prop(
			    r, c, flags, &v->props[i], depth, alias, level);
		break;
	default:
		ref(r, c, "*", UA_READ, UC_POSSIBLY, depth,
		    flags | UREF_TRAVERSE, at(r, v->line, v->col));
		break;
	}
}

/* sort and groupBy: a string list or an array of strings */
static void
list_val(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v,
    enum usage_access a, int sort, unsigned depth)
{
	size_t i;

	if (v == NULL)
		return;
	if (v->kind == JV_STRING) {
		walk_list(r, c, flags, v, a, depth, NULL, sort);
	} else if (v->kind == JV_ARRAY) {
		for (i = 0; i < v->nitems; i++)
			if (v->items[i]->kind == JV_STRING)
				walk_list(r, c, flags, v->items[i], a, depth,
				    NULL, sort);
			else
				ref(r, c, "*", a, UC_POSSIBLY, depth,
				    flags | UREF_TRAVERSE,
				    at(r, v->items[i]->line, v->items[i]->col));
	} else if (v->kind != JV_NULL) {
		ref(r, c, "*", a, UC_POSSIBLY, depth, flags | UREF_TRAVERSE,
		    at(r, v->line, v->col));
	}
}

static int
key_is(const struct jv_prop *p, const char *k, size_t n)
{
	return memcmp(p->key, k, n) == 0;
}

/* one pass over the props of object q, the last one of a key winning
   (as jv_get()'s), by length first: no lookup per key */
void
rest_query_keys(const struct jv *q, const struct jv *k[RQ_N])
{
	size_t i;
	int w;

	for (w = 0; w < RQ_N; w++)
		k[w] = NULL;
	if (q == NULL || q->kind != JV_OBJECT)
		return;
	for (i = 0; i < q->nprops; i++) {
		const struct jv_prop *p = &q->props[i];

		switch (p->klen) {
		case 4:
			w = key_is(p, "sort", 4)   ? RQ_SORT
			    : key_is(p, "deep", 4) ? RQ_DEEP
						   : -1;
			break;
		case 5:
			w = key_is(p, "alias", 5) ? RQ_ALIAS : -1;
			break;
		case 6:
			w = key_is(p, "fields", 6)   ? RQ_FIELDS
			    : key_is(p, "filter", 6) ? RQ_FILTER
						     : -1;
			break;
		case 7:
			w = key_is(p, "groupBy", 7) ? RQ_GROUPBY : -1;
			break;
		case 9:
			w = key_is(p, "aggregate", 9) ? RQ_AGGREGATE : -1;
			break;
		default:
			w = -1;
			break;
		}
		/* a key that is null (or undefined) is absent (the last
		   one still wins) */
		if (w >= 0)
			k[w] = p->val->kind == JV_NULL ? NULL : p->val;
	}
}

/* ---- filter ---- */

static void filter_val(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, unsigned depth, int level);

/* $CURRENT_USER.f in a filter value reads directus_users.f */
static void
current_user(struct rest_ctx *r, const struct jv *v, int level)
{
	static const char cu[] = "$CURRENT_USER.";
	size_t i, l = sizeof(cu) - 1;
	struct ug_field u;
	unsigned fl;

	if (v == NULL || level > JV_MAX_DEPTH)
		return;
	if (v->kind == JV_ARRAY) {
		for (i = 0; i < v->nitems; i++)
			current_user(r, v->items[i], level + 1);
		return;
	}
	if (v->kind != JV_STRING || v->n <= l || memcmp(v->s, cu, l) != 0)
		return;
	if (memchr(v->s + l, '.', v->n - l) == NULL)
		field(r, "directus_users", v->s + l, 0, UA_FILTER, 0, 0,
		    str_at(r, v, l), &u, &fl);
}

/* _and _or _some _none: the operators whose value is a filter */
static int
is_logical(const char *k)
{
	switch (k[1]) {
	case 'a':
		return strcmp(k, "_and") == 0;
	case 'o':
		return strcmp(k, "_or") == 0;
	case 's':
		return strcmp(k, "_some") == 0;
	case 'n':
		return strcmp(k, "_none") == 0;
	default:
		return 0;
	}
}

/* an object with keys other than operators: it filters below the key */
static int
nests(const struct jv *v)
{
	size_t i;

	if (v == NULL || v->kind != JV_OBJECT)
		return 0;
	for (i = 0; i < v->nprops; i++) {
		const char *k = v->props[i].key;

		if (k[0] != '_' || is_logical(k))
			return 1;
	}
	return 0;
}

static void
filter_key(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv_prop *p, unsigned depth, int level)
{
	const char *k = p->key;
	struct usage_site site = at(r, p->line, p->col);
	struct ug_field u;
	struct seg s;
	unsigned fl;

	if (k[0] == '_') {
		if (is_logical(k))
			filter_val(r, c, flags, p->val, depth, level + 1);
		else
			current_user(r, p->val, level);
		return;
	}
	if (k[0] == '$' && strncmp(k, "$FOLLOW(", 8) == 0) {
		/* $FOLLOW(collection, m2o field[, collection field]) */
		char coll[256], fname[256];
		const char *a = k + 8, *comma = strchr(a, ','), *e;
		size_t n;
		const char *rc;
		unsigned f2 = flags;

		if (comma == NULL)
			return;
		e = comma + 1 + strcspn(comma + 1, ",)");
		n = (size_t)(comma - a);
		if (n == 0 || n >= sizeof(coll) ||
		    (size_t)(e - comma - 1) >= sizeof(fname))
			return;
		memcpy(coll, a, n);
		coll[n] = '\0';
		n = (size_t)(e - comma - 1);
		memcpy(fname, comma + 1, n);
		fname[n] = '\0';
		if (!seg_parse(coll, strlen(coll), &s))
			return;
		rc = rest_collection(r, s.name, &site, &f2);
		if (rc == NULL || !seg_parse(fname, strlen(fname), &s))
			return;
		if (field_n(r, rc, s.name, s.nlen, 0, UA_FILTER, depth + 1, f2,
			site, &u, &fl))
			filter_val(r, rc, fl, p->val, depth + 1, level + 1);
		return;
	}
	if (!seg_parse(k, p->klen, &s))
		return;
	if (!nests(p->val)) {
		if (field_n(r, c, s.name, s.nlen, 0, UA_FILTER, depth, flags,
			site, &u, &fl))
			current_user(r, p->val, level);
		if (p->val->kind == JV_OBJECT)
			filter_val(r, c, flags, p->val, depth, level + 1);
		return;
	}
	if (!field_n(r, c, s.name, s.nlen, 1, UA_FILTER, depth, flags, site, &u,
		&fl))
		return;
	if (u.kind == UG_M2A) {
		const char *m;

		if (s.scope[0] == '\0') {
			problem(r, UP_UNKNOWN_FIELD, site, c, s.name,
			    "filter through the m2a field %s.%s needs a "
			    "scope: \"%s:<collection>\"",
			    c, s.name, s.name);
			return;
		}
		m = member(r, &u, s.scope, site, &fl);
		if (m != NULL)
			filter_val(r, m, fl, p->val, depth + 1, level + 1);
		return;
	}
	filter_val(r, u.related, fl, p->val, depth + 1, level + 1);
}

static void
filter_val(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, unsigned depth, int level)
{
	size_t i;

	if (v == NULL || level > JV_MAX_DEPTH)
		return;
	switch (v->kind) {
	case JV_OBJECT:
		if (v->flags & JVF_DYNAMIC)
			ref(r, c, "*", UA_FILTER, UC_POSSIBLY, depth,
			    flags | UREF_TRAVERSE, at(r, v->line, v->col));
		for (i = 0; i < v->nprops; i++)
			filter_key(r, c, flags, &v->props[i], depth, level);
		break;
	case JV_ARRAY:
		for (i = 0; i < v->nitems; i++)
			filter_val(r, c, flags, v->items[i], depth, level + 1);
		break;
	case JV_IDENT:
	case JV_OTHER:
		ref(r, c, "*", UA_FILTER, UC_POSSIBLY, depth,
		    flags | UREF_TRAVERSE, at(r, v->line, v->col));
		break;
	default:
		break;
	}
}

void
rest_filter(
    struct rest_ctx *r, const char *c, unsigned flags, const struct jv *f)
{
	filter_val(r, c, flags, f, 0, 0);
}

/* ---- deep, alias, aggregate ---- */

static void
deep_val(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v,
    unsigned depth, const struct jv *alias, int level)
{
	size_t i;

	if (v == NULL || v->kind != JV_OBJECT || level > JV_MAX_DEPTH)
		return;
	for (i = 0; i < v->nprops; i++) {
		const struct jv_prop *p = &v->props[i];
		struct ug_field u;
		struct seg s;
		unsigned fl;
		const char *next;

		if (strcmp(p->key, "_filter") == 0) {
			filter_val(r, c, flags, p->val, depth, level + 1);
			continue;
		}
		if (strcmp(p->key, "_sort") == 0) {
			list_val(r, c, flags, p->val, UA_SORT, 1, depth);
			continue;
		}
		if (p->key[0] == '_' || !seg_parse(p->key, p->klen, &s))
			continue;
		if (depth == 0 && alias != NULL &&
		    alias_of(alias, s.name) != NULL &&
		    strlen(alias_of(alias, s.name)) < sizeof(s.name))
			s.nlen = strlen(
			    strcpy(s.name, alias_of(alias, s.name)));
		/* Directus does not check deep keys: an unknown one is
		   ignored, so it is no finding */
		if (!lookup_n(r, c, s.name, s.nlen, &u) || !is_rel(u.kind))
			continue;
		fl = flags | side_flags(u.side);
		ref(r, u.collection, u.field, UA_READ, UC_EXACT, depth,
		    fl | UREF_TRAVERSE, at(r, p->line, p->col));
		if (u.kind == UG_M2A) {
			next = s.scope[0] != '\0'
			    ? member(
				  r, &u, s.scope, at(r, p->line, p->col), &fl)
			    : NULL;
		} else
			next = u.related;
		if (next != NULL)
			deep_val(
			    r, next, fl, p->val, depth + 1, NULL, level + 1);
	}
}

static void
aggregate_val(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, struct usage_site site)
{
	size_t i, j;

	if (v == NULL)
		return;
	if (v->kind != JV_OBJECT) {
		ref(r, c, "*", UA_AGGREGATE, UC_POSSIBLY, 0, flags, site);
		return;
	}
	for (i = 0; i < v->nprops; i++) {
		const struct jv *x = v->props[i].val;
		const struct jv *one[1];
		const struct jv *const *items = one;
		size_t n = 1;

		one[0] = x;
		if (x->kind == JV_ARRAY) {
			items = (const struct jv *const *)x->items;
			n = x->nitems;
		}
		for (j = 0; j < n; j++) {
			if (items[j]->kind != JV_STRING) {
				ref(r, c, "*", UA_AGGREGATE, UC_POSSIBLY, 0,
				    flags, site);
				continue;
			}
			if (items[j]->n == 1 && items[j]->s[0] == '*') {
				ref(r, c, NULL, UA_AGGREGATE, UC_EXACT, 0,
				    flags, str_at(r, items[j], 0));
				continue;
			}
			walk_list(
			    r, c, flags, items[j], UA_AGGREGATE, 0, NULL, 0);
		}
	}
}

static void
alias_val(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v)
{
	size_t i;
	struct ug_field u;
	unsigned fl;

	if (v == NULL || v->kind != JV_OBJECT)
		return;
	for (i = 0; i < v->nprops; i++) {
		const struct jv *x = v->props[i].val;

		if (x->kind == JV_STRING && x->n > 0 &&
		    memchr(x->s, '.', x->n) == NULL)
			field(r, c, x->s, 0, UA_READ, 0, flags, str_at(r, x, 0),
			    &u, &fl);
	}
}

void
rest_op(struct rest_ctx *r, const char *c, unsigned flags, enum usage_access a,
    enum usage_certainty cert, const struct usage_site *site)
{
	ref(r, c, NULL, a, cert, 0, flags, *site);
}

void
rest_query(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *q, const struct usage_site *site, int quiet)
{
	const struct jv *alias, *agg, *fields;
	const struct jv *k[RQ_N];

	if (!quiet)
		ref(r, c, NULL, UA_READ, UC_EXACT, 0, flags, *site);
	if (q == NULL || q->kind == JV_NULL) {
		ref(r, c, "*", UA_READ, UC_POSSIBLY, 0, flags, *site);
		return;
	}
	if (q->kind != JV_OBJECT) {
		ref(r, c, "*", UA_READ, UC_POSSIBLY, 0, flags | UREF_TRAVERSE,
		    at(r, q->line, q->col));
		return;
	}
	/* cond ? {...} : {...}: a key of both branches once */
	q = jv_fold(r->toks, q);
	rest_query_keys(q, k);
	alias = k[RQ_ALIAS];
	agg = k[RQ_AGGREGATE];
	fields = k[RQ_FIELDS];
	if (agg != NULL) {
		/* fields are ignored when aggregate is present */
		aggregate_val(r, c, flags, agg, at(r, agg->line, agg->col));
	} else if (k[RQ_GROUPBY] == NULL) {
		if (fields == NULL)
			ref(r, c, "*", UA_READ, UC_POSSIBLY, 0,
			    flags |
				(q->flags & JVF_DYNAMIC ? UREF_TRAVERSE : 0),
			    (q->flags & JVF_DYNAMIC) ? at(r, q->line, q->col)
						     : *site);
		else
			fields_val(r, c, flags, fields, 0, alias, 0);
	}
	list_val(r, c, flags, k[RQ_GROUPBY], UA_AGGREGATE, 0, 0);
	filter_val(r, c, flags, k[RQ_FILTER], 0, 0);
	list_val(r, c, flags, k[RQ_SORT], UA_SORT, 1, 0);
	deep_val(r, c, flags, k[RQ_DEEP], 0, alias, 0);
	alias_val(r, c, flags, alias);
}

/* ---- writes ---- */

static void
write_obj(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v,
    enum usage_access a, unsigned depth, struct usage_site site, int level);

/* create or update: an object with the collection's pk is an update */
static enum usage_access
write_kind(struct rest_ctx *r, const char *c, const struct jv *v)
{
	const char *pk = usage_graph_primary_key(r->old, r->new, c);

	return pk != NULL && jv_get(v, pk) != NULL ? UA_UPDATE : UA_CREATE;
}

static void
write_rows(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *v, unsigned depth, int level, int kind)
{
	size_t i;

	if (v->kind == JV_OBJECT) {
		write_obj(r, c, flags, v,
		    kind >= 0 ? (enum usage_access)kind : write_kind(r, c, v),
		    depth, at(r, v->line, v->col), level + 1);
		return;
	}
	if (v->kind != JV_ARRAY)
		return;
	for (i = 0; i < v->nitems; i++)
		if (v->items[i]->kind == JV_OBJECT)
			write_obj(r, c, flags, v->items[i],
			    kind >= 0 ? (enum usage_access)kind
				      : write_kind(r, c, v->items[i]),
			    depth, at(r, v->items[i]->line, v->items[i]->col),
			    level + 1);
}

static void
write_key(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *obj, const struct jv_prop *p, enum usage_access a,
    unsigned depth, int level)
{
	struct usage_site site = at(r, p->line, p->col);
	const struct jv *v = p->val;
	int nested = v->kind == JV_OBJECT || v->kind == JV_ARRAY;
	struct ug_field u;
	unsigned fl;

	if (!lookup(r, c, p->key, &u)) {
		problem(r, UP_UNKNOWN_FIELD, site, c, p->key,
		    "%s has no field \"%s\" (Directus discards the key)", c,
		    p->key);
		return;
	}
	if (nested && !is_rel(u.kind) && r->old != NULL && u.side == 1) {
		struct ug_field o;

		if (usage_graph_field_in(r->old, 2, c, p->key, &o) &&
		    is_rel(o.kind))
			nested = 1;
		else
			nested = 0;
	} else if (!is_rel(u.kind))
		nested = 0;
	if (!field(r, c, p->key, nested, a, depth, flags, site, &u, &fl) ||
	    !nested)
		return;
	switch (u.kind) {
	case UG_M2O:
		if (v->kind == JV_OBJECT)
			write_rows(r, u.related, fl, v, depth + 1, level, -1);
		break;
	case UG_O2M:
		if (v->kind == JV_ARRAY) {
			write_rows(r, u.related, fl, v, depth + 1, level, -1);
		} else {
			/* { create: [...], update: [...], delete: [pks] } */
			const struct jv *x;

			if ((x = jv_get(v, "create")) != NULL)
				write_rows(r, u.related, fl, x, depth + 1,
				    level, UA_CREATE);
			if ((x = jv_get(v, "update")) != NULL)
				write_rows(r, u.related, fl, x, depth + 1,
				    level, UA_UPDATE);
			if (jv_get(v, "delete") != NULL &&
			    u.related_field != NULL)
				/* the default deselect action nullifies the
				   foreign key */
				ref(r, u.related, u.related_field, UA_UPDATE,
				    UC_EXACT, depth + 1, fl,
				    at(r, jv_get(v, "delete")->line,
					jv_get(v, "delete")->col));
		}
		break;
	case UG_M2A: {
		/* the junction row names its member: { collection, item } */
		size_t i;

		if (v->kind != JV_OBJECT)
			break;
		for (i = 0; i < obj->nprops; i++) {
			const struct jv *cv = obj->props[i].val;
			unsigned f2 = fl;
			const char *m;

			if (obj->props[i].val == v || cv->kind != JV_STRING)
				continue;
			if (strcmp(obj->props[i].key, "collection") != 0)
				continue;
			m = member(r, &u, cv->s, site, &f2);
			if (m != NULL)
				write_rows(r, m, f2, v, depth + 1, level, -1);
		}
		break;
	}
	default:
		break;
	}
}

static void
write_obj(struct rest_ctx *r, const char *c, unsigned flags, const struct jv *v,
    enum usage_access a, unsigned depth, struct usage_site site, int level)
{
	size_t i;

	if (level > JV_MAX_DEPTH)
		return;
	if (depth > 0)
		ref(r, c, NULL, a, UC_EXACT, depth, flags, site);
	if (v->kind != JV_OBJECT || (v->flags & JVF_DYNAMIC)) {
		ref(r, c, "*", a, UC_POSSIBLY, depth,
		    flags | UREF_DYNAMIC | UREF_TRAVERSE,
		    at(r, v->line, v->col));
		if (v->kind != JV_OBJECT)
			return;
	}
	for (i = 0; i < v->nprops; i++)
		write_key(r, c, flags, v, &v->props[i], a, depth, level);
}

void
rest_write(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *body, enum usage_access a, const struct usage_site *site)
{
	size_t i;

	ref(r, c, NULL, a, UC_EXACT, 0, flags, *site);
	if (body != NULL && body->kind == JV_ARRAY) {
		if (body->flags & JVF_DYNAMIC)
			ref(r, c, "*", a, UC_POSSIBLY, 0,
			    flags | UREF_DYNAMIC | UREF_TRAVERSE,
			    at(r, body->line, body->col));
		for (i = 0; i < body->nitems; i++)
			write_obj(r, c, flags, body->items[i], a, 0,
			    at(r, body->items[i]->line, body->items[i]->col),
			    1);
		return;
	}
	if (body == NULL) {
		ref(r, c, "*", a, UC_POSSIBLY, 0,
		    flags | UREF_DYNAMIC | UREF_TRAVERSE, *site);
		return;
	}
	write_obj(r, c, flags, body, a, 0, *site, 0);
}
