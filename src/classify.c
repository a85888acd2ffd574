/*
 * classify.c: per-key comparison of matched entities (classify.h).
 *
 * Entries are normalized and their maps sorted by key (model.h), so two
 * maps are compared by one merge over their pairs.  Each key is looked up
 * in a small table that says which rule a difference under it is, and
 * how to compare it (flags); keys that need more than equality (required,
 * nullability, lengths, choices, allowed collections) have handlers.
 */
#include "drift/compat.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/changes.h"
#include "drift/classify.h"
#include "drift/normalize.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

enum {
	KF_SKIP = 1,    /* identity or mirror of another key */
	KF_VERSION = 2, /* compared only when both sides have the key */
	KF_VENDOR = 4,  /* vendor-level: skipped when vendors differ */
	KF_BOOL = 8,    /* absent or null means false */
	KF_TYPED = 16   /* skipped when the type changed */
};

enum khandler {
	KH_PLAIN = 0, /* any difference is the row's rule */
	KH_REQUIRED,
	KH_OPTIONS,
	KH_SPECIAL,
	KH_NULLABLE,
	KH_UNIQUE,
	KH_LENGTH,
	KH_PRECISION,
	KH_DEFAULT,
	KH_DATA_TYPE,
	KH_ONE_FIELD,
	KH_ALLOWED,
	KH_DESELECT,
	KH_FK_RULE
};

struct keyrule {
	const char *key;
	const char *rule;
	unsigned flags;
	enum khandler h;
};

/* sorted by key (bsearch); unknown keys get the table's default rule */
static const struct keyrule collection_meta[] = {
	{ "accountability", "collection-accountability-changed", 0, KH_PLAIN },
	{ "autosave_revision_interval", "collection-meta-changed", KF_VERSION,
	    KH_PLAIN },
	{ "collection", NULL, KF_SKIP, KH_PLAIN },
	{ "hidden", "collection-meta-changed", KF_BOOL, KH_PLAIN },
	{ "preview_url", "collection-meta-changed", KF_VERSION, KH_PLAIN },
	{ "singleton", "collection-singleton-changed", KF_BOOL, KH_PLAIN },
	{ "status", "collection-status-changed", KF_VERSION, KH_PLAIN },
	{ "versioning", "collection-meta-changed", KF_VERSION | KF_BOOL,
	    KH_PLAIN },
};

static const struct keyrule field_meta[] = {
	{ "collection", NULL, KF_SKIP, KH_PLAIN },
	{ "conditions", "field-conditions-changed", 0, KH_PLAIN },
	{ "field", NULL, KF_SKIP, KH_PLAIN },
	{ "hidden", "field-meta-changed", KF_BOOL, KH_PLAIN },
	{ "options", "field-meta-changed", 0, KH_OPTIONS },
	{ "readonly", "field-readonly-changed", KF_BOOL, KH_PLAIN },
	{ "required", NULL, KF_BOOL, KH_REQUIRED },
	{ "searchable", "field-meta-changed", KF_VERSION, KH_PLAIN },
	{ "special", "field-special-changed", 0, KH_SPECIAL },
	{ "validation", "field-validation-changed", 0, KH_PLAIN },
};

static const struct keyrule field_schema[] = {
	{ "data_type", "field-data-type-changed", KF_VENDOR | KF_TYPED,
	    KH_DATA_TYPE },
	{ "default_value", "field-default-changed", KF_VENDOR, KH_DEFAULT },
	{ "foreign_key_column", "field-foreign-key-changed", 0, KH_PLAIN },
	{ "foreign_key_table", "field-foreign-key-changed", 0, KH_PLAIN },
	{ "generation_expression", "field-generated-changed", KF_VENDOR,
	    KH_PLAIN },
	{ "has_auto_increment", "field-auto-increment-changed", KF_BOOL,
	    KH_PLAIN },
	{ "is_generated", "field-generated-changed", KF_BOOL, KH_PLAIN },
	{ "is_indexed", "field-index-changed", KF_VERSION | KF_BOOL, KH_PLAIN },
	{ "is_nullable", NULL, 0, KH_NULLABLE },
	{ "is_primary_key", "field-primary-key-changed", KF_BOOL, KH_PLAIN },
	{ "is_unique", NULL, KF_BOOL, KH_UNIQUE },
	{ "max_length", NULL, KF_VENDOR | KF_TYPED, KH_LENGTH },
	{ "name", NULL, KF_SKIP, KH_PLAIN },
	{ "numeric_precision", NULL, KF_VENDOR | KF_TYPED, KH_PRECISION },
	{ "numeric_scale", NULL, KF_VENDOR | KF_TYPED, KH_PRECISION },
	{ "table", NULL, KF_SKIP, KH_PLAIN },
};

static const struct keyrule relation_meta[] = {
	{ "junction_field", "relation-junction-changed", 0, KH_PLAIN },
	{ "many_collection", NULL, KF_SKIP, KH_PLAIN },
	{ "many_field", NULL, KF_SKIP, KH_PLAIN },
	{ "one_allowed_collections", NULL, 0, KH_ALLOWED },
	{ "one_collection", NULL, KF_SKIP, KH_PLAIN },
	{ "one_collection_field", "relation-junction-changed", 0, KH_PLAIN },
	{ "one_deselect_action", "relation-deselect-action-changed", 0,
	    KH_DESELECT },
	{ "one_field", NULL, 0, KH_ONE_FIELD },
};

static const struct keyrule relation_schema[] = {
	{ "column", NULL, KF_SKIP, KH_PLAIN },
	{ "constraint_name", "relation-constraint-name-changed", KF_VENDOR,
	    KH_PLAIN },
	{ "foreign_key_column", "relation-target-changed", 0, KH_PLAIN },
	{ "foreign_key_table", NULL, KF_SKIP, KH_PLAIN },
	{ "on_delete", "relation-on-delete-changed", 0, KH_FK_RULE },
	{ "on_update", "relation-on-update-changed", 0, KH_FK_RULE },
	{ "table", NULL, KF_SKIP, KH_PLAIN },
};

struct keytable {
	const struct keyrule *v;
	size_t n;
	const char *prefix;       /* "meta" or "schema" */
	const char *default_rule; /* for keys not in v; NULL: ignore */
};

/* what one entity comparison needs to know */
struct pairctx {
	struct dctx *d;
	enum entity_kind ent;
	const struct entity *eo, *en;
	const struct keytable *kt;
	int type_changed;
	const char *name; /* "articles.title" or "articles" for messages */
};

static int
keyrule_cmp(const void *key, const void *elem)
{
	const struct keyrule *k = elem;

	return strcmp(key, k->key);
}

const char *
dctx_str(struct dctx *d, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	s = arena_strndup(d->cs->arena, b.buf, b.len);
	buf_release(&b);
	return s;
}

/*
 * Message values: compact JSON, at most VAL_MAX bytes.  Every cut is on a
 * UTF-8 code point boundary, made here (never inside tnode_render): the
 * renderer is given a generous cap only so that a huge value costs
 * bounded time, and an incomplete sequence at that cap is dropped.
 */
enum { VAL_MAX = 80, VAL_RENDER_CAP = 65536, VAL_CTX = 24, VAL_MID = 40 };

/* 1 when byte c continues a UTF-8 sequence (10xxxxxx) */
static int
utf8_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* the largest k <= i that starts a code point of s[0..len) (or is len) */
static size_t
cp_floor(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len;
	while (i > 0 && utf8_cont((unsigned char)s[i]))
		i--;
	return i;
}

/* the smallest k >= i that starts a code point of s[0..len) (or is len) */
static size_t
cp_ceil(const char *s, size_t len, size_t i)
{
	while (i < len && utf8_cont((unsigned char)s[i]))
		i++;
	return i;
}

/* renders n into b, whole up to the cap; drops a sequence cut by it */
static void
render_full(const struct tnode *n, struct buf *b)
{
	size_t k;

	if (n == NULL) {
		buf_adds(b, "none");
		return;
	}
	tnode_render(n, b, VAL_RENDER_CAP);
	if (b->len <= VAL_RENDER_CAP)
		return;
	/* cut by the renderer: keep whole code points, then the marker */
	k = cp_floor(b->buf, b->len, VAL_RENDER_CAP);
	b->len = k;
	b->buf[k] = '\0';
	buf_adds(b, "...");
}

/* borrowed (arena): s[from..to) with "..." where something was left out */
static const char *
window(struct dctx *d, const char *s, size_t len, size_t from, size_t to)
{
	struct buf b = BUF_INIT;
	const char *r;

	if (from > 0)
		buf_adds(&b, "...");
	buf_add(&b, s + from, to - from);
	if (to < len)
		buf_adds(&b, "...");
	r = arena_strndup(d->cs->arena, b.buf, b.len);
	buf_release(&b);
	return r;
}

const char *
dctx_val(struct dctx *d, const struct tnode *n)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (n == NULL)
		return "none";
	render_full(n, &b);
	if (b.len <= VAL_MAX)
		s = arena_strndup(d->cs->arena, b.buf, b.len);
	else
		s = window(d, b.buf, b.len, 0, cp_floor(b.buf, b.len, VAL_MAX));
	buf_release(&b);
	return s;
}

/*
 * Both values of a change for "from %s to %s".  When both fit in VAL_MAX
 * bytes they are shown whole.  Otherwise each side is cut to the part
 * that differs: VAL_CTX bytes of context before the first differing code
 * point, the differing part itself (at most VAL_MID bytes) and VAL_CTX
 * bytes of what follows it, with "..." where something was left out, so
 * that a long value never reads the same on both sides.
 */
void
dctx_vals(struct dctx *d, const struct tnode *ov, const struct tnode *nv,
    const char **os, const char **ns)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t la, lb, pre = 0, suf = 0, m, ea, eb, from;

	render_full(ov, &a);
	render_full(nv, &b);
	la = a.len;
	lb = b.len;
	if (la <= VAL_MAX && lb <= VAL_MAX) {
		*os = arena_strndup(d->cs->arena, a.buf, la);
		*ns = arena_strndup(d->cs->arena, b.buf, lb);
		goto out;
	}
	m = la < lb ? la : lb;
	while (pre < m && a.buf[pre] == b.buf[pre])
		pre++;
	/* the first difference starts at a code point both sides share */
	pre = cp_floor(a.buf, la, pre);
	while (suf < m - pre && a.buf[la - 1 - suf] == b.buf[lb - 1 - suf])
		suf++;
	/* the common tail starts on a code point boundary of both sides */
	while (suf > 0 && utf8_cont((unsigned char)a.buf[la - suf]))
		suf--;
	ea = la - suf;
	eb = lb - suf;
	if (ea - pre > VAL_MID)
		ea = cp_floor(a.buf, la, pre + VAL_MID);
	else
		ea = cp_floor(a.buf, la, ea + VAL_CTX);
	if (eb - pre > VAL_MID)
		eb = cp_floor(b.buf, lb, pre + VAL_MID);
	else
		eb = cp_floor(b.buf, lb, eb + VAL_CTX);
	from = pre > VAL_CTX ? cp_ceil(a.buf, la, pre - VAL_CTX) : 0;
	*os = window(d, a.buf, la, from, ea);
	*ns = window(d, b.buf, lb, from, eb);
out:
	buf_release(&a);
	buf_release(&b);
}

static void
locate(struct change *c, const struct snapshot *s, const struct entity *e,
    const struct tnode *v)
{
	c->loc_origin = s->origin;
	if (s->live) {
		c->line = c->col = 0;
	} else if (v != NULL && v->line != 0) {
		c->line = v->line;
		c->col = v->col;
	} else if (e != NULL) {
		c->line = e->line;
		c->col = e->col;
	}
}

void
dctx_add(struct dctx *d, const char *rule_id, enum entity_kind ent,
    const struct entity *eo, const struct entity *en, const char *path,
    const struct tnode *ov, const struct tnode *nv, const char *fmt, ...)
{
	const struct rule *r = rule_find(rule_id);
	const struct entity *e = eo != NULL ? eo : en;
	struct change *c;
	struct buf b = BUF_INIT;
	va_list ap;

	/* every id used here is in the table (test_rules checks them all) */
	if (r == NULL || e == NULL)
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	c = changeset_add(d->cs, r, ent, e->collection, e->field, path, ov, nv,
	    b.buf != NULL ? b.buf : "");
	buf_release(&b);
	if (eo != NULL)
		locate(c, d->old, eo, ov);
	else
		locate(c, d->new, en, nv);
}

/* values that are absent, null, false or [] (for KF_BOOL and special) */
static int
emptyish(const struct tnode *n)
{
	return tnode_is_nullish(n) || (n->kind == TN_BOOL && !n->u.b) ||
	    (n->kind == TN_SEQ && n->u.seq.n == 0);
}

static int
same(const struct tnode *a, const struct tnode *b, unsigned flags)
{
	if ((flags & KF_BOOL) && (tnode_is_nullish(a) || a->kind == TN_BOOL) &&
	    (tnode_is_nullish(b) || b->kind == TN_BOOL))
		return tnode_is_true(a) == tnode_is_true(b);
	if (tnode_is_nullish(a) && tnode_is_nullish(b))
		return 1;
	return tnode_equal(a, b);
}

static const char *
kpath(const struct pairctx *p, const char *key)
{
	return dctx_str(p->d, "%s.%s", p->kt->prefix, key);
}

static int
num_of(const struct tnode *n, double *out)
{
	if (n == NULL)
		return 0;
	if (n->kind == TN_INT) {
		*out = (double)n->u.i;
		return 1;
	}
	if (n->kind == TN_FLOAT) {
		*out = n->u.f;
		return 1;
	}
	return 0;
}

/*
 * The value of one choice: the "value" of a {text, value, ...} map, or a
 * bare scalar (older exports); NULL when the entry has none.
 */
static const struct tnode *
choice_value(const struct tnode *c)
{
	if (c->kind == TN_MAP)
		return tnode_get(c, "value");
	if (c->kind == TN_SEQ)
		return NULL;
	return c;
}

/* 1 when every entry of choices (a sequence, or null/absent) has a value */
static int
choices_comparable(const struct tnode *choices)
{
	size_t i;

	if (tnode_is_nullish(choices))
		return 1;
	if (choices->kind != TN_SEQ)
		return 0;
	for (i = 0; i < choices->u.seq.n; i++)
		if (choice_value(&choices->u.seq.v[i]) == NULL)
			return 0;
	return 1;
}

static int
choices_have(const struct tnode *choices, const struct tnode *v)
{
	size_t i;

	if (tnode_is_nullish(choices))
		return 0;
	for (i = 0; i < choices->u.seq.n; i++)
		if (tnode_equal(choice_value(&choices->u.seq.v[i]), v))
			return 1;
	return 0;
}

enum { CHOICES_LISTED = 5 };

/*
 * Appends to b the values of `from` that `other` lacks (at most
 * CHOICES_LISTED, then "and N more"); returns how many there are.
 */
static size_t
choices_missing(struct dctx *d, const struct tnode *from,
    const struct tnode *other, struct buf *b)
{
	size_t i, n = 0;

	if (tnode_is_nullish(from))
		return 0;
	for (i = 0; i < from->u.seq.n; i++) {
		const struct tnode *v = choice_value(&from->u.seq.v[i]);

		if (choices_have(other, v))
			continue;
		if (n < CHOICES_LISTED)
			buf_addf(b, "%s%s", n > 0 ? ", " : "", dctx_val(d, v));
		n++;
	}
	if (n > CHOICES_LISTED)
		buf_addf(b, " and %zu more", n - CHOICES_LISTED);
	return n;
}

/*
 * Choices compared by value: values removed (or renamed) are
 * field-choices-changed, values only added field-choices-added, the same
 * values with other text, colors, icons or order field-choices-relabelled.
 */
static void
h_choices(
    const struct pairctx *p, const struct tnode *oc, const struct tnode *nc)
{
	struct dctx *d = p->d;
	struct buf rm = BUF_INIT, ad = BUF_INIT;
	const char *vo, *vn;
	size_t nrm, nad;

	if (!choices_comparable(oc) || !choices_comparable(nc)) {
		dctx_vals(d, oc, nc, &vo, &vn);
		dctx_add(d, "field-choices-changed", p->ent, p->eo, p->en,
		    "meta.options.choices", oc, nc,
		    "choices of %s changed from %s to %s: stored values or "
		    "front-end code may no longer match",
		    p->name, vo, vn);
		return;
	}
	nrm = choices_missing(d, oc, nc, &rm);
	nad = choices_missing(d, nc, oc, &ad);
	if (nrm > 0)
		dctx_add(d, "field-choices-changed", p->ent, p->eo, p->en,
		    "meta.options.choices", oc, nc,
		    "choices of %s lost the value%s %s%s%s: stored values or "
		    "front-end code may no longer match",
		    p->name, nrm == 1 ? "" : "s", rm.buf,
		    nad > 0 ? " and gained " : "", nad > 0 ? ad.buf : "");
	else if (nad > 0)
		dctx_add(d, "field-choices-added", p->ent, p->eo, p->en,
		    "meta.options.choices", oc, nc,
		    "choices of %s gained the value%s %s", p->name,
		    nad == 1 ? "" : "s", ad.buf);
	else
		dctx_add(d, "field-choices-relabelled", p->ent, p->eo, p->en,
		    "meta.options.choices", oc, nc,
		    "the choices of %s changed their text, colors, icons or "
		    "order, not their values (Data Studio only)",
		    p->name);
	buf_release(&rm);
	buf_release(&ad);
}

/* options: choices have their own rules, the rest is cosmetic */
static void
h_options(
    const struct pairctx *p, const struct tnode *ov, const struct tnode *nv)
{
	const struct tnode *oc = tnode_get(ov, "choices");
	const struct tnode *nc = tnode_get(nv, "choices");
	size_t i, j, no = 0, nn = 0;
	int rest = 0;

	if (!same(oc, nc, 0))
		h_choices(p, oc, nc);
	/* the rest: compare the two maps without their choices */
	if (ov != NULL && ov->kind == TN_MAP)
		no = ov->u.map.n - (oc != NULL);
	if (nv != NULL && nv->kind == TN_MAP)
		nn = nv->u.map.n - (nc != NULL);
	if ((ov != NULL && ov->kind != TN_MAP && ov->kind != TN_NULL) ||
	    (nv != NULL && nv->kind != TN_MAP && nv->kind != TN_NULL))
		rest = !same(ov, nv, 0);
	else if (no != nn)
		rest = 1;
	else
		for (i = 0; no > 0 && i < ov->u.map.n && !rest; i++) {
			const struct tpair *pa = &ov->u.map.v[i];

			if (strcmp(pa->key, "choices") == 0)
				continue;
			rest = 1;
			for (j = 0; j < nv->u.map.n; j++)
				if (strcmp(nv->u.map.v[j].key, pa->key) == 0) {
					rest = !tnode_equal(
					    &pa->val, &nv->u.map.v[j].val);
					break;
				}
		}
	if (rest)
		dctx_add(p->d, "field-meta-changed", p->ent, p->eo, p->en,
		    "meta.options", ov, nv,
		    "interface options of %s changed (Data Studio only)",
		    p->name);
}

static int
seq_has_str(const struct tnode *seq, const char *s)
{
	size_t i;

	if (seq == NULL || seq->kind != TN_SEQ)
		return 0;
	for (i = 0; i < seq->u.seq.n; i++) {
		const char *x = tnode_str(&seq->u.seq.v[i]);

		if (x != NULL && strcmp(x, s) == 0)
			return 1;
	}
	return 0;
}

static void
h_allowed(
    const struct pairctx *p, const struct tnode *ov, const struct tnode *nv)
{
	const char *vo, *vn;
	size_t i;
	int removed = 0, added = 0;

	if (ov != NULL && ov->kind == TN_SEQ)
		for (i = 0; i < ov->u.seq.n; i++) {
			const char *s = tnode_str(&ov->u.seq.v[i]);

			if (s != NULL && !seq_has_str(nv, s))
				removed = 1;
		}
	if (nv != NULL && nv->kind == TN_SEQ)
		for (i = 0; i < nv->u.seq.n; i++) {
			const char *s = tnode_str(&nv->u.seq.v[i]);

			if (s != NULL && !seq_has_str(ov, s))
				added = 1;
		}
	dctx_vals(p->d, ov, nv, &vo, &vn);
	if (removed)
		dctx_add(p->d, "relation-allowed-collections-changed", p->ent,
		    p->eo, p->en, "meta.one_allowed_collections", ov, nv,
		    "many-to-any relation %s no longer accepts some "
		    "collections: %s became %s",
		    p->name, vo, vn);
	else if (added)
		dctx_add(p->d, "relation-allowed-collections-added", p->ent,
		    p->eo, p->en, "meta.one_allowed_collections", ov, nv,
		    "many-to-any relation %s accepts more collections: %s "
		    "became %s",
		    p->name, vo, vn);
}

static int
is_nextval(const struct tnode *n)
{
	const char *s = tnode_str(n);

	return s != NULL && strncmp(s, "nextval(", 8) == 0;
}

/*
 * A number default and a string default spelling the same number (0 and
 * "0"): what a type change from integer to string does to the default.
 */
static int
same_number_text(const struct tnode *a, const struct tnode *b)
{
	const struct tnode *num = a, *str = b;
	const char *s;
	char *end;
	double x, y;

	if (a != NULL && a->kind == TN_STR) {
		num = b;
		str = a;
	}
	s = tnode_str(str);
	if (s == NULL || s[0] == '\0' || !num_of(num, &x))
		return 0;
	errno = 0;
	y = strtod(s, &end);
	return errno == 0 && *end == '\0' && x == y;
}

/*
 * The canonical spelling of a referential action as vendor implements
 * it, into out[0..n): upper case, '_' read as ' ', "NO ACTION" for null
 * (Oracle reports NO ACTION as null) and, on MySQL/MariaDB, for RESTRICT
 * (InnoDB implements the two identically).  Documented in the rationale
 * of relation-on-delete-changed and relation-on-update-changed.
 */
static const char *
fk_rule_canon(const char *s, const char *vendor, char *out, size_t n)
{
	size_t i;

	if (s == NULL)
		s = "NO ACTION";
	for (i = 0; s[i] != '\0' && i + 1 < n; i++)
		out[i] = s[i] == '_' ? ' ' : (char)toupper((unsigned char)s[i]);
	out[i] = '\0';
	if (vendor != NULL && strcmp(vendor, "mysql") == 0 &&
	    strcmp(out, "RESTRICT") == 0)
		snprintf(out, n, "NO ACTION");
	return out;
}

static const char *
side_vendor(const struct snapshot *s)
{
	return s->vendor != NULL ? s->vendor : s->vendor_guess;
}

static int
fk_rule_same(const struct dctx *d, const struct tnode *a, const struct tnode *b)
{
	const char *x = tnode_str(a), *y = tnode_str(b);
	char cx[32], cy[32];

	if ((x == NULL && !tnode_is_nullish(a)) ||
	    (y == NULL && !tnode_is_nullish(b)))
		return tnode_equal(a, b);
	return strcmp(fk_rule_canon(x, side_vendor(d->old), cx, sizeof(cx)),
		   fk_rule_canon(y, side_vendor(d->new), cy, sizeof(cy))) == 0;
}

static int
pk_of(const struct entity *e)
{
	return tnode_is_true(
	    tnode_get(tnode_get(e->node, "schema"), "is_primary_key"));
}

/* junction-based relational aliases: their value is junction row ids */
static const char *const junction_special[] = { "files", "m2a", "m2m",
	"translations" };

/* "o2m", "m2m", ...: the relational alias type a special list names */
static const char *
relation_type(const struct tnode *special)
{
	size_t i;

	if (seq_has_str(special, "o2m"))
		return "o2m";
	for (i = 0; i < DRIFT_ARRAY_LEN(junction_special); i++)
		if (seq_has_str(special, junction_special[i]))
			return junction_special[i];
	return "none";
}

/* an o2m alias became junction-based (m2m, m2a, files, translations) or
 * the reverse */
static int
relation_type_changed(const struct tnode *ov, const struct tnode *nv)
{
	const char *a = relation_type(ov), *b = relation_type(nv);

	if (strcmp(a, "none") == 0 || strcmp(b, "none") == 0)
		return 0;
	return (strcmp(a, "o2m") == 0) != (strcmp(b, "o2m") == 0);
}

/* one key present on at least one side; rows decide */
static void
compare_key(const struct pairctx *p, const char *key, const struct tnode *ov,
    const struct tnode *nv)
{
	struct dctx *d = p->d;
	const struct keytable *kt = p->kt;
	const struct keyrule *kr = NULL;
	struct keyrule dflt;
	const char *path, *vo, *vn;
	double a = 0, b = 0;
	int ha, hb;

	if (kt->n > 0)
		kr = bsearch(key, kt->v, kt->n, sizeof(*kt->v), keyrule_cmp);
	if (kr == NULL) {
		if (kt->default_rule == NULL)
			return;
		dflt.key = key;
		dflt.rule = kt->default_rule;
		dflt.flags = 0;
		dflt.h = KH_PLAIN;
		kr = &dflt;
	}
	if (kr->flags & KF_SKIP)
		return;
	if ((kr->flags & KF_VERSION) && (ov == NULL || nv == NULL))
		return;
	if ((kr->flags & KF_VENDOR) && !d->vendor_cmp)
		return;
	if ((kr->flags & KF_TYPED) && p->type_changed)
		return;
	if (same(ov, nv, kr->flags))
		return;
	path = kpath(p, key);
	/* the values are rendered (dctx_vals) only where a message shows them */
	switch (kr->h) {
	case KH_PLAIN:
		if (kr->flags & KF_BOOL)
			dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov,
			    nv, "%s of %s was turned %s", path, p->name,
			    tnode_is_true(nv) ? "on" : "off");
		else {
			dctx_vals(d, ov, nv, &vo, &vn);
			dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov,
			    nv, "%s of %s changed from %s to %s", path, p->name,
			    vo, vn);
		}
		break;
	case KH_REQUIRED:
		if (tnode_is_true(nv))
			dctx_add(d, "field-required-added", p->ent, p->eo,
			    p->en, path, ov, nv,
			    "%s became required in the Data Studio "
			    "(meta.required): the API does not enforce it, "
			    "creates that omit it still succeed",
			    p->name);
		else
			dctx_add(d, "field-required-removed", p->ent, p->eo,
			    p->en, path, ov, nv, "%s is no longer required",
			    p->name);
		break;
	case KH_OPTIONS:
		h_options(p, ov, nv);
		break;
	case KH_SPECIAL:
		if (emptyish(ov) && emptyish(nv))
			break;
		if (relation_type_changed(ov, nv)) {
			dctx_add(d, "field-relation-type-changed", p->ent,
			    p->eo, p->en, path, ov, nv,
			    "%s changed from %s to %s: its API value changes "
			    "between related ids and junction ids",
			    p->name, relation_type(ov), relation_type(nv));
			break;
		}
		dctx_vals(d, ov, nv, &vo, &vn);
		dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov, nv,
		    "special flags of %s changed from %s to %s: values may be "
		    "cast or generated differently",
		    p->name, vo, vn);
		break;
	case KH_NULLABLE: {
		const struct tnode *ns = tnode_get(p->en->node, "schema");
		const struct tnode *def = tnode_get(ns, "default_value");
		/* is_nullable: absent means nullable (true) */
		int on = ov == NULL || tnode_is_nullish(ov) ||
		    tnode_is_true(ov);
		int nn = nv == NULL || tnode_is_nullish(nv) ||
		    tnode_is_true(nv);

		if (on == nn)
			break;
		if (nn)
			dctx_add(d, "field-nullable-added", p->ent, p->eo,
			    p->en, path, ov, nv,
			    "%s became nullable: readers "
			    "may now get null",
			    p->name);
		else if (!tnode_is_nullish(def))
			dctx_add(d, "field-not-null-added-with-default", p->ent,
			    p->eo, p->en, path, ov, nv,
			    "%s became NOT NULL (default %s): writes of null "
			    "are now rejected",
			    p->name, dctx_val(d, def));
		else
			dctx_add(d, "field-not-null-added", p->ent, p->eo,
			    p->en, path, ov, nv,
			    "%s became NOT NULL without a "
			    "default: creates that omit it are now rejected",
			    p->name);
		break;
	}
	case KH_UNIQUE:
		/* vendors disagree on whether a primary key is "unique" */
		if (!d->vendor_cmp && p->eo != NULL && p->en != NULL &&
		    pk_of(p->eo) && pk_of(p->en))
			break;
		if (tnode_is_true(nv))
			dctx_add(d, "field-unique-added", p->ent, p->eo, p->en,
			    path, ov, nv,
			    "%s became unique: duplicate values "
			    "are now rejected",
			    p->name);
		else
			dctx_add(d, "field-unique-removed", p->ent, p->eo,
			    p->en, path, ov, nv, "%s is no longer unique",
			    p->name);
		break;
	case KH_LENGTH:
	case KH_PRECISION: {
		const char *what = kr->h == KH_LENGTH   ? "max length"
		    : strcmp(key, "numeric_scale") == 0 ? "numeric scale"
							: "numeric precision";
		int reduced;

		ha = num_of(ov, &a);
		hb = num_of(nv, &b);
		if (ha && hb && a == b)
			break;
		/* no limit is the widest: a limit added is a reduction */
		reduced = hb && (!ha || b < a);
		if (kr->h == KH_LENGTH)
			dctx_add(d,
			    reduced ? "field-max-length-reduced"
				    : "field-max-length-increased",
			    p->ent, p->eo, p->en, path, ov, nv,
			    "%s of %s was %s from %s to %s%s", what, p->name,
			    reduced ? "reduced" : "increased",
			    ha ? dctx_val(d, ov) : "unlimited",
			    hb ? dctx_val(d, nv) : "unlimited",
			    reduced ? ": longer values will be rejected" : "");
		else
			dctx_add(d,
			    reduced ? "field-precision-reduced"
				    : "field-precision-increased",
			    p->ent, p->eo, p->en, path, ov, nv,
			    "%s of %s was %s from %s to %s%s", what, p->name,
			    reduced ? "reduced" : "increased",
			    ha ? dctx_val(d, ov) : "unlimited",
			    hb ? dctx_val(d, nv) : "unlimited",
			    reduced ? ": larger or more precise values will "
				      "be rejected or rounded"
				    : "");
		break;
	}
	case KH_DEFAULT:
		if (is_nextval(ov) && is_nextval(nv))
			break;
		/* the type change respelled the same default */
		if (p->type_changed && same_number_text(ov, nv))
			break;
		dctx_vals(d, ov, nv, &vo, &vn);
		dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov, nv,
		    "default of %s changed from %s to %s: creates that omit "
		    "it store a different value",
		    p->name, vo, vn);
		break;
	case KH_DATA_TYPE: {
		char ca[64], cb[64];

		norm_data_type(tnode_str(ov), ca, sizeof(ca));
		norm_data_type(tnode_str(nv), cb, sizeof(cb));
		if (strcmp(ca, cb) == 0)
			break;
		dctx_vals(d, ov, nv, &vo, &vn);
		dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov, nv,
		    "database type of %s changed from %s to %s", p->name, vo,
		    vn);
		break;
	}
	case KH_ONE_FIELD:
		if (tnode_is_nullish(ov))
			dctx_add(d, "relation-one-field-added", p->ent, p->eo,
			    p->en, path, ov, nv,
			    "relation %s got the o2m "
			    "alias %s on its one side",
			    p->name, dctx_val(d, nv));
		else {
			dctx_vals(d, ov, nv, &vo, &vn);
			dctx_add(d, "relation-one-field-changed", p->ent, p->eo,
			    p->en, path, ov, nv,
			    "the o2m alias of "
			    "relation %s changed from %s to %s",
			    p->name, vo, vn);
		}
		break;
	case KH_ALLOWED:
		h_allowed(p, ov, nv);
		break;
	case KH_DESELECT: {
		const char *x = tnode_str(ov), *y = tnode_str(nv);

		/* absent (before 9.12) means nullify, the default */
		if (strcmp(x ? x : "nullify", y ? y : "nullify") == 0)
			break;
		dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov, nv,
		    "deselect action of relation %s changed from %s to %s",
		    p->name, x ? x : "nullify", y ? y : "nullify");
		break;
	}
	case KH_FK_RULE:
		if (fk_rule_same(d, ov, nv))
			break;
		dctx_vals(d, ov, nv, &vo, &vn);
		dctx_add(d, kr->rule, p->ent, p->eo, p->en, path, ov, nv,
		    "%s of relation %s changed from %s to %s",
		    strcmp(key, "on_delete") == 0 ? "ON DELETE" : "ON UPDATE",
		    p->name, vo, vn);
		break;
	}
}

/* merges two key-sorted maps (either may be NULL or not a map) */
static void
compare_maps(
    const struct pairctx *p, const struct tnode *a, const struct tnode *b)
{
	size_t i = 0, j = 0, na = 0, nb = 0;

	if (a != NULL && a->kind == TN_MAP)
		na = a->u.map.n;
	if (b != NULL && b->kind == TN_MAP)
		nb = b->u.map.n;
	while (i < na || j < nb) {
		int c;

		if (i == na)
			c = 1;
		else if (j == nb)
			c = -1;
		else
			c = strcmp(a->u.map.v[i].key, b->u.map.v[j].key);
		if (c == 0) {
			/* equal values never make a change (see same()) */
			if (!tnode_equal(
				&a->u.map.v[i].val, &b->u.map.v[j].val))
				compare_key(p, a->u.map.v[i].key,
				    &a->u.map.v[i].val, &b->u.map.v[j].val);
			i++, j++;
		} else if (c < 0) {
			compare_key(
			    p, a->u.map.v[i].key, &a->u.map.v[i].val, NULL);
			i++;
		} else {
			compare_key(
			    p, b->u.map.v[j].key, NULL, &b->u.map.v[j].val);
			j++;
		}
	}
}

static const struct keytable kt_collection_meta = { collection_meta,
	DRIFT_ARRAY_LEN(collection_meta), "meta", "collection-meta-changed" };
static const struct keytable kt_field_meta = { field_meta,
	DRIFT_ARRAY_LEN(field_meta), "meta", "field-meta-changed" };
static const struct keytable kt_field_schema = { field_schema,
	DRIFT_ARRAY_LEN(field_schema), "schema", NULL };
static const struct keytable kt_relation_meta = { relation_meta,
	DRIFT_ARRAY_LEN(relation_meta), "meta", "relation-meta-changed" };
static const struct keytable kt_relation_schema = { relation_schema,
	DRIFT_ARRAY_LEN(relation_schema), "schema", NULL };

static int
is_map(const struct tnode *n)
{
	return n != NULL && n->kind == TN_MAP;
}

/* meta null on one side: a tracking change, and no per-key comparison */
static int
tracking(struct pairctx *p, const char *rule, const char *what)
{
	const struct tnode *om = tnode_get(p->eo->node, "meta");
	const struct tnode *nm = tnode_get(p->en->node, "meta");

	if (is_map(om) == is_map(nm))
		return 0;
	dctx_add(p->d, rule, p->ent, p->eo, p->en, "meta", om, nm, "%s %s %s",
	    what, p->name,
	    is_map(nm) ? "is now managed by "
			 "Directus (it had meta: null)"
		       : "is no longer managed by "
			 "Directus (meta: null)");
	return 1;
}

void
classify_collection(
    struct dctx *d, const struct entity *eo, const struct entity *en)
{
	struct pairctx p;
	int of = entity_is_folder(eo), nf = entity_is_folder(en);

	/* equal entries: every comparison below would find nothing */
	if (tnode_equal(eo->node, en->node))
		return;
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.ent = ENT_COLLECTION;
	p.eo = eo;
	p.en = en;
	p.name = eo->collection;
	if (!of && nf)
		dctx_add(d, "collection-became-folder", p.ent, eo, en, "schema",
		    tnode_get(eo->node, "schema"), NULL,
		    "collection %s lost its table and became a folder: its "
		    "items and endpoint are gone",
		    p.name);
	else if (of && !nf)
		dctx_add(d, "folder-became-collection", p.ent, eo, en, "schema",
		    NULL, tnode_get(en->node, "schema"),
		    "folder %s got a table and became a collection", p.name);
	if (tracking(&p, "collection-tracking-changed", "collection"))
		return;
	p.kt = &kt_collection_meta;
	compare_maps(
	    &p, tnode_get(eo->node, "meta"), tnode_get(en->node, "meta"));
}

static int
pk_auto(const struct entity *e)
{
	const struct tnode *s = tnode_get(e->node, "schema");

	return tnode_is_true(tnode_get(s, "is_primary_key")) &&
	    tnode_is_true(tnode_get(s, "has_auto_increment"));
}

static const char *const relational_special[] = { "files", "m2a", "m2m", "o2a",
	"o2m", "translations" };

int
field_is_presentation(const struct entity *e)
{
	const struct tnode *sp = tnode_get(
	    tnode_get(e->node, "meta"), "special");
	size_t i;

	if (!entity_is_alias(e))
		return 0;
	for (i = 0; i < DRIFT_ARRAY_LEN(relational_special); i++)
		if (seq_has_str(sp, relational_special[i]))
			return 0;
	return 1;
}

struct repr {
	const char *type, *repr;
};

/* sorted by type; how each type reads back over REST (SPEC section 4) */
static const struct repr reprs[] = {
	{ "alias", "alias" },
	{ "bigInteger", "numeric string" },
	{ "binary", "binary" },
	{ "boolean", "boolean" },
	{ "csv", "array of strings" },
	{ "date", "date string" },
	{ "dateTime", "datetime string" },
	{ "decimal", "numeric string" },
	{ "float", "number" },
	{ "geometry", "geometry" },
	{ "geometry.LineString", "geometry" },
	{ "geometry.MultiLineString", "geometry" },
	{ "geometry.MultiPoint", "geometry" },
	{ "geometry.MultiPolygon", "geometry" },
	{ "geometry.Point", "geometry" },
	{ "geometry.Polygon", "geometry" },
	{ "hash", "hash string" },
	{ "integer", "number" },
	{ "json", "json" },
	{ "string", "string" },
	{ "text", "string" },
	{ "time", "time string" },
	{ "timestamp", "timestamp string" },
	{ "uuid", "uuid string" },
};

static int
repr_cmp(const void *key, const void *elem)
{
	const struct repr *r = elem;

	return strcmp(key, r->type);
}

const char *
type_repr(const char *type)
{
	const struct repr *r;

	if (type == NULL)
		return "none";
	r = bsearch(
	    type, reprs, DRIFT_ARRAY_LEN(reprs), sizeof(reprs[0]), repr_cmp);
	return r != NULL ? r->repr : type;
}

/* one side "string", the other "uuid" */
static int
uuid_spelling(const struct tnode *a, const struct tnode *b)
{
	const char *x = tnode_str(a), *y = tnode_str(b);

	if (x == NULL || y == NULL)
		return 0;
	return (strcmp(x, "string") == 0 && strcmp(y, "uuid") == 0) ||
	    (strcmp(x, "uuid") == 0 && strcmp(y, "string") == 0);
}

void
classify_field(struct dctx *d, const struct entity *eo, const struct entity *en)
{
	struct pairctx p;
	const struct tnode *ot, *nt, *os, *ns;
	int oa, na;

	/* equal entries: every comparison below would find nothing */
	if (tnode_equal(eo->node, en->node))
		return;
	ot = tnode_get(eo->node, "type");
	nt = tnode_get(en->node, "type");
	os = tnode_get(eo->node, "schema");
	ns = tnode_get(en->node, "schema");
	oa = entity_is_alias(eo);
	na = entity_is_alias(en);
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.ent = ENT_FIELD;
	p.eo = eo;
	p.en = en;
	p.name = dctx_str(d, "%s.%s", eo->collection, eo->field);
	if (oa != na) {
		/* Directus drops and re-creates: nothing else is comparable */
		dctx_add(d, "field-type-changed", p.ent, eo, en, "type", ot, nt,
		    "%s changed from %s to %s: its data is read and written "
		    "differently",
		    p.name, oa ? "an alias" : "a column",
		    na ? "an alias" : "a column");
		return;
	}
	if (!same(ot, nt, 0) && !d->vendor_cmp && uuid_spelling(ot, nt)) {
		/* SQLite and MySQL store uuids as char(36): type string */
		p.type_changed = 1;
	} else if (!same(ot, nt, 0)) {
		const char *a = tnode_str(ot), *b = tnode_str(nt);
		int compat = strcmp(type_repr(a), type_repr(b)) == 0;

		p.type_changed = 1;
		dctx_add(d,
		    compat ? "field-type-changed-compatible"
			   : "field-type-changed",
		    p.ent, eo, en, "type", ot, nt,
		    "type of %s changed from %s to %s (%s%s%s)", p.name,
		    dctx_val(d, ot), dctx_val(d, nt), type_repr(a),
		    compat ? ", the same JSON representation" : " became ",
		    compat ? "" : type_repr(b));
	}
	if (!tracking(&p, "field-tracking-changed", "field")) {
		p.kt = &kt_field_meta;
		compare_maps(&p, tnode_get(eo->node, "meta"),
		    tnode_get(en->node, "meta"));
	}
	/* Directus ignores an auto-increment primary key's schema; both
	 * sides must be one, so that turning it off is still reported */
	if (is_map(os) && is_map(ns) && !(pk_auto(eo) && pk_auto(en))) {
		p.kt = &kt_field_schema;
		compare_maps(&p, os, ns);
	}
}

void
classify_relation(
    struct dctx *d, const struct entity *eo, const struct entity *en)
{
	struct pairctx p;
	const struct tnode *orc = tnode_get(eo->node, "related_collection");
	const struct tnode *nrc = tnode_get(en->node, "related_collection");
	const struct tnode *os = tnode_get(eo->node, "schema");
	const struct tnode *ns = tnode_get(en->node, "schema");

	/* equal entries: every comparison below would find nothing */
	if (tnode_equal(eo->node, en->node))
		return;
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.ent = ENT_RELATION;
	p.eo = eo;
	p.en = en;
	p.name = dctx_str(d, "%s.%s", eo->collection, eo->field);
	if (!same(orc, nrc, 0))
		dctx_add(d, "relation-target-changed", p.ent, eo, en,
		    "related_collection", orc, nrc,
		    "relation %s now points "
		    "to %s instead of %s",
		    p.name, dctx_val(d, nrc), dctx_val(d, orc));
	if (!tracking(&p, "relation-tracking-changed", "relation")) {
		p.kt = &kt_relation_meta;
		compare_maps(&p, tnode_get(eo->node, "meta"),
		    tnode_get(en->node, "meta"));
	}
	if (is_map(os) && !is_map(ns))
		dctx_add(d, "relation-constraint-removed", p.ent, eo, en,
		    "schema", os, NULL,
		    "the foreign key constraint of "
		    "relation %s was removed",
		    p.name);
	else if (!is_map(os) && is_map(ns))
		dctx_add(d, "relation-constraint-added", p.ent, eo, en,
		    "schema", NULL, ns,
		    "a foreign key constraint was added to "
		    "relation %s: writes with dangling ids are now rejected",
		    p.name);
	else if (is_map(os)) {
		p.kt = &kt_relation_schema;
		compare_maps(&p, os, ns);
	}
}

void
classify_field_removed(struct dctx *d, const struct entity *eo)
{
	const char *name = dctx_str(d, "%s.%s", eo->collection, eo->field);

	if (field_is_presentation(eo))
		dctx_add(d, "field-presentation-removed", ENT_FIELD, eo, NULL,
		    NULL, eo->node, NULL,
		    "presentation field %s was removed "
		    "(Data Studio only)",
		    name);
	else
		dctx_add(d, "field-removed", ENT_FIELD, eo, NULL, NULL,
		    eo->node, NULL, "field %s was removed", name);
}

/* specials whose value Directus fills on create */
static const char *const filled_special[] = { "date-created", "date-updated",
	"role-created", "role-updated", "user-created", "user-updated",
	"uuid" };

void
classify_field_added(struct dctx *d, const struct entity *en)
{
	const char *name = dctx_str(d, "%s.%s", en->collection, en->field);
	const struct tnode *meta = tnode_get(en->node, "meta");
	const struct tnode *schema = tnode_get(en->node, "schema");
	const struct tnode *sp = tnode_get(meta, "special");
	const struct tnode *nullable = tnode_get(schema, "is_nullable");
	int filled = pk_auto(en) ||
	    tnode_is_true(tnode_get(schema, "is_generated"));
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(filled_special); i++)
		if (seq_has_str(sp, filled_special[i]))
			filled = 1;
	if (field_is_presentation(en))
		dctx_add(d, "field-presentation-added", ENT_FIELD, NULL, en,
		    NULL, NULL, en->node,
		    "presentation field %s was added "
		    "(Data Studio only)",
		    name);
	/* meta.required is the Data Studio's only (field-required-added) */
	else if (!entity_is_alias(en) && !filled && nullable != NULL &&
	    nullable->kind == TN_BOOL && !nullable->u.b &&
	    tnode_is_nullish(tnode_get(schema, "default_value")))
		dctx_add(d, "field-added-required", ENT_FIELD, NULL, en, NULL,
		    NULL, en->node,
		    "NOT NULL field %s without a default was "
		    "added: creates that omit it are now rejected",
		    name);
	else
		dctx_add(d, "field-added", ENT_FIELD, NULL, en, NULL, NULL,
		    en->node, "field %s was added", name);
}
