/*
 * policy.c: parse, validate and apply .directus-drift.yaml (policy.h).
 */
#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/load.h"
#include "drift/policy.h"
#include "drift/rules.h"
#include "drift/suggest.h"
#include "drift/tree.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

/* policy files are small; anything bigger is a mistake */
#define POLICY_MAX_BYTES (4u << 20)

static const char *const top_keys[] = { "fail-on", "snapshot", "url", "ignore",
	"severity", "accept", "types", "label", "usage", "usage-exclude",
	"usage-max-depth", "usage-downgrade" };
static const char *const types_keys[] = { "file", "lang", "name", "sdk",
	"bigint", "decimal", "choices", "core-collections" };
static const char *const ignore_keys[] = { "collection", "field", "rule",
	"reason" };
static const char *const accept_keys[] = { "id", "reason", "expires" };
static const char *const fail_on_names[] = { "breaking", "dangerous", "safe",
	"cosmetic", "any", "never" };
static const char *const severity_names[] = { "cosmetic", "safe", "dangerous",
	"breaking" };

struct pctx {
	const char *origin;
	struct policy *p;
	struct derr *err;
	const char *text; /* the file's text when known (policy_parse) */
	size_t len;
};

/* "did you mean": the closest candidate by edit distance */
struct dym {
	const char *word;
	const char *best;
	size_t dist;
};

static void
dym_consider(struct dym *d, const char *cand)
{
	size_t dist = suggest_distance(d->word, cand);
	size_t len = strlen(d->word), limit;

	limit = len / 3 > 2 ? len / 3 : 2;
	if (dist <= limit && (d->best == NULL || dist < d->dist)) {
		d->best = cand;
		d->dist = dist;
	}
}

static void
dym_hint(struct derr *err, const struct dym *d, const char *otherwise)
{
	if (d->best != NULL)
		derr_hint(err, "did you mean \"%s\"?", d->best);
	else if (otherwise != NULL)
		derr_hint(err, "%s", otherwise);
}

static int perr(struct pctx *c, uint32_t line, uint32_t col, const char *fmt,
    ...) DRIFT_PRINTF(4, 5);

static int
perr(struct pctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	derr_vset(c->err, DRIFT_EXIT_INPUT, c->origin, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* "a sequence", "an integer", ... for "found ..." */
static const char *
kind_phrase(const struct tnode *n)
{
	switch (n->kind) {
	case TN_NULL:
		return "null";
	case TN_BOOL:
		return "a boolean";
	case TN_INT:
		return "an integer";
	case TN_FLOAT:
		return "a number";
	case TN_STR:
		return "a string";
	case TN_MAP:
		return "a mapping";
	default:
		return "a sequence";
	}
}

static int
is_token_key(const char *k)
{
	size_t n = strlen(k);

	if (strcasecmp(k, "token") == 0)
		return 1;
	return n > 6 &&
	    (strcasecmp(k + n - 6, "_token") == 0 ||
		strcasecmp(k + n - 6, "-token") == 0);
}

static int
check_keys(struct pctx *c, const struct tnode *map, const char *const *keys,
    size_t nkeys, const char *where)
{
	size_t i, k;

	for (i = 0; i < map->u.map.n; i++) {
		const struct tpair *kp = &map->u.map.v[i];
		struct dym d = { kp->key, NULL, 0 };
		int known = 0;

		for (k = 0; k < nkeys; k++)
			if (strcmp(kp->key, keys[k]) == 0)
				known = 1;
		if (known)
			continue;
		if (is_token_key(kp->key)) {
			perr(c, kp->line, kp->col,
			    "tokens do not belong in "
			    "the policy file; use DIRECTUS_TOKEN or "
			    "--token-file");
			derr_hint(c->err,
			    "remove \"%s\" (and revoke the token "
			    "if this file was committed)",
			    kp->key);
			return -1;
		}
		for (k = 0; k < nkeys; k++)
			dym_consider(&d, keys[k]);
		perr(c, kp->line, kp->col, "unknown key \"%s\" in %s", kp->key,
		    where);
		dym_hint(c->err, &d, NULL);
		return -1;
	}
	return 0;
}

static void
val_pos(const struct tpair *kp, uint32_t *line, uint32_t *col)
{
	if (kp->val.line > 0) {
		*line = kp->val.line;
		*col = kp->val.col;
	} else {
		*line = kp->line;
		*col = kp->col;
	}
}

/* the value of kp as a non-empty string without NULs, copied */
static int
want_str(struct pctx *c, const struct tpair *kp, const char **out)
{
	uint32_t line, col;
	const struct tnode *v = &kp->val;

	val_pos(kp, &line, &col);
	if (v->kind != TN_STR)
		return perr(c, line, col,
		    "expected a string for \"%s\", "
		    "found %s",
		    kp->key, kind_phrase(v));
	if (v->u.s.len == 0)
		return perr(c, line, col, "\"%s\" is empty", kp->key);
	if (strspn(v->u.s.p, " \t\r\n") == v->u.s.len)
		return perr(c, line, col, "\"%s\" is blank", kp->key);
	if (strlen(v->u.s.p) != v->u.s.len)
		return perr(
		    c, line, col, "\"%s\" contains a NUL character", kp->key);
	*out = arena_strndup(c->p->arena, v->u.s.p, v->u.s.len);
	return 0;
}

static int
want_list(struct pctx *c, const struct tpair *kp)
{
	uint32_t line, col;

	val_pos(kp, &line, &col);
	if (kp->val.kind == TN_SEQ || kp->val.kind == TN_NULL)
		return 0;
	return perr(c, line, col, "expected a list for \"%s\", found %s",
	    kp->key, kind_phrase(&kp->val));
}

static int
find_rule(struct pctx *c, const char *id, uint32_t line, uint32_t col,
    const struct rule **out)
{
	struct dym d = { id, NULL, 0 };
	const struct rule *tab;
	size_t n, i;

	*out = rule_find(id);
	if (*out != NULL)
		return 0;
	tab = rules_table(&n);
	for (i = 0; i < n; i++)
		dym_consider(&d, tab[i].id);
	perr(c, line, col, "unknown rule \"%s\"", id);
	dym_hint(c->err, &d, "'directus-drift rules' lists the rule ids");
	return -1;
}

static int
parse_fail_on(struct pctx *c, const struct tpair *kp)
{
	const char *s;
	struct dym d = { NULL, NULL, 0 };
	uint32_t line, col;
	size_t i;
	int thr;

	if (want_str(c, kp, &s) == -1)
		return -1;
	if (policy_fail_on_parse(s, &thr) == 0) {
		c->p->fail_on = s;
		return 0;
	}
	val_pos(kp, &line, &col);
	d.word = s;
	for (i = 0; i < DRIFT_ARRAY_LEN(fail_on_names); i++)
		dym_consider(&d, fail_on_names[i]);
	perr(c, line, col, "unknown fail-on level \"%s\"", s);
	dym_hint(c->err, &d,
	    "use one of breaking, dangerous, safe, cosmetic, any, never");
	return -1;
}

static int
parse_url(struct pctx *c, const struct tpair *kp)
{
	const char *s, *auth, *end, *at;
	uint32_t line, col;

	if (want_str(c, kp, &s) == -1)
		return -1;
	val_pos(kp, &line, &col);
	if (strncmp(s, "http://", 7) == 0)
		auth = s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		auth = s + 8;
	else
		return perr(c, line, col,
		    "\"url\" is not an http:// or "
		    "https:// URL: \"%s\"",
		    s);
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at != NULL)
		return perr(c, line, col,
		    "credentials do not belong in the "
		    "policy file; use DIRECTUS_TOKEN or --token-file");
	c->p->url = s;
	return 0;
}

/* label: the name of the live side in reports (see --label) */
static int
parse_label(struct pctx *c, const struct tpair *kp)
{
	const char *s;
	uint32_t line, col;

	if (want_str(c, kp, &s) == -1)
		return -1;
	val_pos(kp, &line, &col);
	if (s[0] == '\0' || strlen(s) > POLICY_LABEL_MAX ||
	    strpbrk(s, "\n\r\t") != NULL)
		return perr(c, line, col,
		    "\"label\" must be a name of 1 to %d characters on one "
		    "line",
		    POLICY_LABEL_MAX);
	c->p->label = s;
	return 0;
}

static int
is_plain_path(const char *s)
{
	return strcmp(s, "-") != 0 && strstr(s, "://") == NULL &&
	    strncmp(s, "git:", 4) != 0 && s[0] != '/';
}

static int
parse_snapshot(struct pctx *c, const struct tpair *kp)
{
	const char *s, *slash;

	if (want_str(c, kp, &s) == -1)
		return -1;
	c->p->snapshot = s;
	c->p->snapshot_path = s;
	slash = strrchr(c->origin, '/');
	if (slash != NULL && is_plain_path(s)) {
		struct buf b = BUF_INIT;
		size_t dlen = (size_t)(slash - c->origin);

		buf_add(&b, c->origin, dlen);
		buf_addch(&b, '/');
		buf_adds(&b, s);
		c->p->snapshot_path = arena_strndup(c->p->arena, b.buf, b.len);
		buf_release(&b);
	}
	return 0;
}

/* a list of non-empty strings (usage, usage-exclude); resolve: usage
   paths relative to the directory of the policy file */
static int
parse_str_list(struct pctx *c, const struct tpair *kp, const char ***out,
    size_t *n, int resolve)
{
	const struct tnode *v = &kp->val;
	const char *slash = strrchr(c->origin, '/');
	size_t i;

	if (want_list(c, kp) == -1)
		return -1;
	if (v->kind != TN_SEQ || v->u.seq.n == 0)
		return 0;
	*out = arena_zalloc(c->p->arena, v->u.seq.n * sizeof(**out));
	for (i = 0; i < v->u.seq.n; i++) {
		const struct tnode *e = &v->u.seq.v[i];
		const char *s = tnode_str(e);

		if (e->kind != TN_STR || e->u.s.len == 0 ||
		    strlen(s) != e->u.s.len)
			return perr(c, e->line, e->col,
			    "expected a non-empty string in \"%s\", found "
			    "%s",
			    kp->key, kind_phrase(e));
		s = arena_strndup(c->p->arena, s, e->u.s.len);
		if (resolve && slash != NULL && s[0] != '/') {
			struct buf b = BUF_INIT;

			buf_add(&b, c->origin, (size_t)(slash - c->origin));
			buf_addch(&b, '/');
			buf_adds(&b, s);
			s = arena_strndup(c->p->arena, b.buf, b.len);
			buf_release(&b);
		}
		(*out)[(*n)++] = s;
	}
	return 0;
}

static int
parse_usage_max_depth(struct pctx *c, const struct tpair *kp)
{
	uint32_t line, col;

	val_pos(kp, &line, &col);
	if (kp->val.kind != TN_INT || kp->val.u.i < 3 || kp->val.u.i > 10)
		return perr(c, line, col,
		    "expected a whole number from 3 to 10 for "
		    "\"usage-max-depth\" (Directus's MAX_RELATIONAL_DEPTH is "
		    "10)");
	c->p->usage_max_depth = (unsigned)kp->val.u.i;
	return 0;
}

static int
parse_usage_downgrade(struct pctx *c, const struct tpair *kp)
{
	uint32_t line, col;

	val_pos(kp, &line, &col);
	if (kp->val.kind != TN_BOOL)
		return perr(c, line, col,
		    "expected true or false for \"usage-downgrade\", "
		    "found %s",
		    kind_phrase(&kp->val));
	c->p->usage_downgrade = kp->val.u.b ? 1 : 0;
	return 0;
}

static int
has_glob_char(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/*
 * NULL when s is a valid fnmatch(3) pattern, else why not: an unclosed
 * bracket expression or a trailing backslash would match nothing, or
 * only themselves, without a word.
 */
static const char *
glob_error(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\\') {
			if (p[1] == '\0')
				return "it ends with a lone backslash";
			p++;
		} else if (*p == '[') {
			const char *q = p + 1;

			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q != '\0' && *q != ']')
				q++;
			if (*q == '\0')
				return "'[' is never closed by ']'";
			p = q;
		}
	}
	return NULL;
}

static int
parse_ignore_entry(
    struct pctx *c, const struct tnode *e, struct policy_ignore *ig)
{
	struct buf b = BUF_INIT;
	size_t i;
	int ret = -1;

	memset(ig, 0, sizeof(*ig));
	ig->line = e->line;
	ig->col = e->col;
	if (e->kind != TN_MAP) {
		perr(c, e->line, e->col,
		    "expected a mapping for an ignore "
		    "entry, found %s",
		    kind_phrase(e));
		goto out;
	}
	if (check_keys(c, e, ignore_keys, DRIFT_ARRAY_LEN(ignore_keys),
		"an ignore entry") == -1)
		goto out;
	for (i = 0; i < e->u.map.n; i++) {
		const struct tpair *kp = &e->u.map.v[i];
		const char *s;
		uint32_t line, col;

		if (want_str(c, kp, &s) == -1)
			goto out;
		val_pos(kp, &line, &col);
		if (strcmp(kp->key, "reason") != 0 &&
		    strcmp(kp->key, "rule") != 0 && glob_error(s) != NULL) {
			perr(c, line, col, "invalid pattern \"%s\": %s", s,
			    glob_error(s));
			if (strchr(glob_error(s), '[') != NULL)
				derr_hint(
				    c->err, "match a literal '[' with \"[[]\"");
			goto out;
		}
		if (strcmp(kp->key, "collection") == 0) {
			ig->collection = s;
		} else if (strcmp(kp->key, "field") == 0) {
			if (strchr(s, '.') == NULL && !has_glob_char(s)) {
				perr(c, line, col,
				    "field pattern \"%s\" "
				    "never matches",
				    s);
				derr_hint(c->err,
				    "write collection.field, "
				    "for example \"*.%s\"",
				    s);
				goto out;
			}
			ig->field = s;
		} else if (strcmp(kp->key, "rule") == 0) {
			if (find_rule(c, s, line, col, &ig->rule) == -1)
				goto out;
		} else {
			ig->reason = s;
		}
	}
	if (ig->collection == NULL && ig->field == NULL && ig->rule == NULL) {
		perr(c, e->line, e->col, "ignore entry selects nothing");
		derr_hint(c->err, "give a collection, a field or a rule");
		goto out;
	}
	if (ig->reason != NULL) {
		ig->display = ig->reason;
	} else {
		buf_addf(&b, "ignored by rule in %s:%u:%u", c->origin, ig->line,
		    ig->col);
		ig->display = arena_strndup(c->p->arena, b.buf, b.len);
	}
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

static int
parse_ignore(struct pctx *c, const struct tpair *kp)
{
	const struct tnode *v = &kp->val;
	size_t i;
	int ret = -1;

	if (want_list(c, kp) == -1)
		goto out;
	if (v->kind == TN_SEQ && v->u.seq.n > 0)
		c->p->ignores = arena_zalloc(
		    c->p->arena, v->u.seq.n * sizeof(*c->p->ignores));
	for (i = 0; v->kind == TN_SEQ && i < v->u.seq.n; i++) {
		if (parse_ignore_entry(c, &v->u.seq.v[i], &c->p->ignores[i]) ==
		    -1)
			goto out;
		c->p->nignores++;
	}
	ret = 0;
out:
	return ret;
}

static int
parse_severity(struct pctx *c, const struct tpair *kp)
{
	const struct tnode *v = &kp->val;
	uint32_t line, col;
	size_t i, k;
	int ret = -1;

	val_pos(kp, &line, &col);
	if (v->kind == TN_NULL || (v->kind == TN_MAP && v->u.map.n == 0)) {
		ret = 0;
		goto out;
	}
	if (v->kind != TN_MAP) {
		perr(c, line, col,
		    "expected a mapping of rule ids to "
		    "severities for \"severity\", found %s",
		    kind_phrase(v));
		goto out;
	}
	c->p->overrides = arena_zalloc(
	    c->p->arena, v->u.map.n * sizeof(*c->p->overrides));
	for (i = 0; i < v->u.map.n; i++) {
		const struct tpair *rp = &v->u.map.v[i];
		struct policy_override *o = &c->p->overrides[i];
		struct dym d = { NULL, NULL, 0 };
		const char *s;

		o->line = rp->line;
		o->col = rp->col;
		if (find_rule(c, rp->key, rp->line, rp->col, &o->rule) == -1 ||
		    want_str(c, rp, &s) == -1)
			goto out;
		if (severity_parse(s, &o->severity) == -1) {
			val_pos(rp, &line, &col);
			d.word = s;
			for (k = 0; k < DRIFT_ARRAY_LEN(severity_names); k++)
				dym_consider(&d, severity_names[k]);
			perr(c, line, col, "unknown severity \"%s\"", s);
			dym_hint(c->err, &d,
			    "use one of cosmetic, safe, "
			    "dangerous, breaking");
			goto out;
		}
		c->p->noverrides++;
	}
	ret = 0;
out:
	return ret;
}

/*
 * 1 when the integer node v was written as exactly 12 decimal digits (an
 * unquoted id); 1 as well when the text is unknown (policy_from_tree)
 */
static int
twelve_digits(const struct pctx *c, const struct tnode *v)
{
	size_t off = 0, line = 1, n;

	if (c->text == NULL || v->line == 0 || v->col == 0)
		return 1;
	while (off < c->len && line < v->line)
		if (c->text[off++] == '\n')
			line++;
	off += v->col - 1;
	if (off >= c->len)
		return 1;
	for (n = 0; off + n < c->len && c->text[off + n] >= '0' &&
	     c->text[off + n] <= '9';
	     n++)
		;
	return n == 12 &&
	    (off + n == c->len ||
		strchr("0123456789abcdefxXoO_+-.:eE", c->text[off + n]) ==
		    NULL);
}

static int
accept_id(struct pctx *c, const struct tpair *kp, char id[13])
{
	const struct tnode *v = &kp->val;
	uint32_t line, col;

	val_pos(kp, &line, &col);
	if (v->kind == TN_INT && !twelve_digits(c, v)) {
		perr(c, line, col,
		    "malformed change id: a number that is not 12 digits "
		    "(YAML reads 0x..., 0o... and +... as other numbers)");
		derr_hint(c->err, "quote the id: id: \"5f2c9a01b3d4\"");
		return -1;
	}
	if (v->kind == TN_INT && v->u.i >= 0 && v->u.i < 1000000000000LL) {
		/* id: 012345678901 reads as a number; ids are 12 digits */
		snprintf(id, 13, "%012lld", (long long)v->u.i);
		return 0;
	}
	if (v->kind != TN_STR) {
		perr(c, line, col, "expected a string for \"id\", found %s",
		    kind_phrase(v));
		derr_hint(c->err, "quote the id: id: \"5f2c9a01b3d4\"");
		return -1;
	}
	if (strlen(v->u.s.p) != v->u.s.len || policy_check_id(v->u.s.p)) {
		struct buf b = BUF_INIT;
		size_t i;

		/* show the value safely: it may hold anything */
		for (i = 0; i < utf8_boundary(v->u.s.p, v->u.s.len, 40); i++) {
			unsigned char ch = (unsigned char)v->u.s.p[i];

			if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
				buf_addf(&b, "\\x%02x", ch);
			else
				buf_addch(&b, ch);
		}
		perr(c, line, col,
		    "malformed change id \"%s\": expected 12 "
		    "lowercase hexadecimal digits",
		    b.buf);
		buf_release(&b);
		return -1;
	}
	memcpy(id, v->u.s.p, 13);
	return 0;
}

static int
parse_accept_entry(
    struct pctx *c, const struct tnode *e, struct policy_accept *a)
{
	const struct tpair *idp = NULL;
	size_t i;
	int ret = -1;

	memset(a, 0, sizeof(*a));
	a->line = e->line;
	a->col = e->col;
	if (e->kind != TN_MAP) {
		perr(c, e->line, e->col,
		    "expected a mapping for an accept "
		    "entry, found %s",
		    kind_phrase(e));
		goto out;
	}
	if (check_keys(c, e, accept_keys, DRIFT_ARRAY_LEN(accept_keys),
		"an accept entry") == -1)
		goto out;
	for (i = 0; i < e->u.map.n; i++) {
		const struct tpair *kp = &e->u.map.v[i];
		const char *s;
		uint32_t line, col;

		if (strcmp(kp->key, "id") == 0) {
			if (accept_id(c, kp, a->id) == -1)
				goto out;
			idp = kp;
			continue;
		}
		if (want_str(c, kp, &s) == -1)
			goto out;
		if (strcmp(kp->key, "reason") == 0) {
			a->reason = s;
			continue;
		}
		val_pos(kp, &line, &col);
		if (policy_parse_date(s, &a->year, &a->month, &a->day) == -1) {
			perr(c, line, col,
			    "invalid date \"%s\" for "
			    "\"expires\": expected a real date YYYY-MM-DD",
			    s);
			goto out;
		}
		a->has_expires = 1;
		snprintf(a->expires, sizeof(a->expires), "%04d-%02d-%02d",
		    a->year, a->month, a->day);
	}
	if (idp == NULL) {
		perr(c, e->line, e->col, "accept entry has no \"id\"");
		goto out;
	}
	if (a->reason == NULL) {
		perr(c, e->line, e->col,
		    "accept entry \"%s\" has no "
		    "\"reason\"",
		    a->id);
		derr_hint(c->err, "say why this change is acceptable");
		goto out;
	}
	ret = 0;
out:
	return ret;
}

static int
parse_accept(struct pctx *c, const struct tpair *kp)
{
	const struct tnode *v = &kp->val;
	size_t i, j;
	int ret = -1;

	c->p->accept_line = kp->line;
	c->p->accept_col = kp->col;
	if (want_list(c, kp) == -1)
		goto out;
	if (v->kind == TN_SEQ && v->u.seq.n > 0)
		c->p->accepts = arena_zalloc(
		    c->p->arena, v->u.seq.n * sizeof(*c->p->accepts));
	for (i = 0; v->kind == TN_SEQ && i < v->u.seq.n; i++) {
		struct policy_accept *a = &c->p->accepts[i];
		const struct tnode *e = &v->u.seq.v[i];

		if (parse_accept_entry(c, e, a) == -1)
			goto out;
		for (j = 0; j < i; j++) {
			const struct policy_accept *first = &c->p->accepts[j];
			const struct tpair *idp = tnode_get_pair(e, "id");

			if (strcmp(first->id, a->id) != 0)
				continue;
			perr(c, idp->val.line, idp->val.col,
			    "duplicate "
			    "accept entry for \"%s\" (first at %u:%u)",
			    a->id, first->line, first->col);
			goto out;
		}
		c->p->naccepts++;
	}
	ret = 0;
out:
	return ret;
}

/* a path relative to the policy file's directory, in the arena */
static const char *
relative_to_policy(struct pctx *c, const char *s)
{
	const char *slash = strrchr(c->origin, '/'), *ret = s;

	if (slash != NULL && is_plain_path(s)) {
		struct buf b = BUF_INIT;

		buf_add(&b, c->origin, (size_t)(slash - c->origin));
		buf_addch(&b, '/');
		buf_adds(&b, s);
		ret = arena_strndup(c->p->arena, b.buf, b.len);
		buf_release(&b);
	}
	return ret;
}

static int
parse_types_entry(struct pctx *c, const struct tnode *e, struct emit_target *t)
{
	const char *val, *expected;
	size_t i;
	uint32_t line, col;

	emit_opts_init(&t->opts);
	t->origin = c->p->origin;
	t->line = e->line;
	t->col = e->col;
	if (e->kind != TN_MAP)
		return perr(c, e->line, e->col,
		    "expected a mapping with \"file\" "
		    "for a types entry, found %s",
		    kind_phrase(e));
	if (check_keys(c, e, types_keys, DRIFT_ARRAY_LEN(types_keys),
		"a types entry") == -1)
		return -1;
	for (i = 0; i < e->u.map.n; i++) {
		const struct tpair *kp = &e->u.map.v[i];

		val_pos(kp, &line, &col);
		if (kp->val.kind == TN_INT && strcmp(kp->key, "sdk") == 0) {
			/* sdk: 20 reads as an integer */
			char num[32];

			snprintf(
			    num, sizeof(num), "%lld", (long long)kp->val.u.i);
			val = arena_strndup(c->p->arena, num, strlen(num));
		} else if (want_str(c, kp, &val) == -1) {
			return -1;
		}
		if (strcmp(kp->key, "file") == 0) {
			t->written = val;
			t->file = relative_to_policy(c, val);
			continue;
		}
		if (emit_opt_set(&t->opts, kp->key, val, &expected) != 0) {
			perr(c, line, col, "invalid %s \"%s\" in a types entry",
			    kp->key, val);
			derr_hint(c->err, "expected %s", expected);
			return -1;
		}
	}
	if (t->file == NULL)
		return perr(c, e->line, e->col,
		    "a types entry needs \"file\": the committed types file");
	return 0;
}

static int
parse_types(struct pctx *c, const struct tpair *kp)
{
	const struct tnode *v = &kp->val;
	size_t i;

	if (want_list(c, kp) == -1)
		return -1;
	if (v->kind != TN_SEQ || v->u.seq.n == 0)
		return 0;
	c->p->types = arena_zalloc(
	    c->p->arena, v->u.seq.n * sizeof(*c->p->types));
	for (i = 0; i < v->u.seq.n; i++) {
		if (parse_types_entry(c, &v->u.seq.v[i], &c->p->types[i]) == -1)
			return -1;
		c->p->ntypes++;
	}
	return 0;
}

static int
from_tree(const char *origin, const struct tnode *root, const char *text,
    size_t len, struct policy **out, struct derr *err)
{
	struct policy *p = xcalloc(1, sizeof(*p));
	struct pctx c;
	size_t i;
	int ret = -1;

	*out = NULL;
	p->origin = xstrdup(origin);
	p->arena = arena_new();
	p->usage_downgrade = 1;
	c.origin = p->origin;
	c.p = p;
	c.err = err;
	c.text = text;
	c.len = len;
	if (root == NULL || root->kind == TN_NULL)
		goto done;
	if (root->kind != TN_MAP) {
		perr(&c, root->line, root->col,
		    "expected a mapping at the "
		    "top level of the policy file, found %s",
		    kind_phrase(root));
		goto out;
	}
	if (check_keys(&c, root, top_keys, DRIFT_ARRAY_LEN(top_keys),
		"the policy file") == -1)
		goto out;
	for (i = 0; i < root->u.map.n; i++) {
		const struct tpair *kp = &root->u.map.v[i];
		int r;

		if (strcmp(kp->key, "fail-on") == 0)
			r = parse_fail_on(&c, kp);
		else if (strcmp(kp->key, "url") == 0)
			r = parse_url(&c, kp);
		else if (strcmp(kp->key, "snapshot") == 0)
			r = parse_snapshot(&c, kp);
		else if (strcmp(kp->key, "label") == 0)
			r = parse_label(&c, kp);
		else if (strcmp(kp->key, "ignore") == 0)
			r = parse_ignore(&c, kp);
		else if (strcmp(kp->key, "severity") == 0)
			r = parse_severity(&c, kp);
		else if (strcmp(kp->key, "types") == 0)
			r = parse_types(&c, kp);
		else if (strcmp(kp->key, "usage") == 0)
			r = parse_str_list(&c, kp, &p->usage, &p->nusage, 1);
		else if (strcmp(kp->key, "usage-exclude") == 0)
			r = parse_str_list(
			    &c, kp, &p->usage_exclude, &p->nusage_exclude, 0);
		else if (strcmp(kp->key, "usage-max-depth") == 0)
			r = parse_usage_max_depth(&c, kp);
		else if (strcmp(kp->key, "usage-downgrade") == 0)
			r = parse_usage_downgrade(&c, kp);
		else
			r = parse_accept(&c, kp);
		if (r == -1)
			goto out;
	}
done:
	*out = p;
	p = NULL;
	ret = 0;
out:
	policy_free(&p);
	return ret;
}

/* 1 when the text holds nothing but blank lines and comments */
static int
is_blank_yaml(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		while (i < len &&
		    (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
			i++;
		if (i < len && data[i] == '#')
			while (i < len && data[i] != '\n')
				i++;
		if (i < len && data[i] != '\n')
			return 0;
		i++;
	}
	return 1;
}

int
policy_from_tree(const char *origin, const struct tnode *root,
    struct policy **out, struct derr *err)
{
	return from_tree(origin, root, NULL, 0, out, err);
}

int
policy_parse(const char *origin, const char *data, size_t len,
    struct policy **out, struct derr *err)
{
	struct tree *t = NULL;
	int ret = -1;

	*out = NULL;
	if (is_blank_yaml(data, len)) {
		ret = policy_from_tree(origin, NULL, out, err);
		goto out;
	}
	if (yaml_load(origin, data, len, NULL, &t, err) == -1)
		goto out;
	ret = from_tree(origin, tree_root(t), data, len, out, err);
out:
	tree_free(&t);
	return ret;
}

int
policy_load(const char *path, struct policy **out, struct derr *err)
{
	struct buf b = BUF_INIT;
	FILE *fp = NULL;
	int ret = -1;

	*out = NULL;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
		    "cannot read "
		    "config: %s",
		    strerror(errno));
		goto out;
	}
	b.max = POLICY_MAX_BYTES;
	if (buf_read_file(&b, fp) == -1) {
		if (errno == EFBIG)
			derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
			    "config "
			    "is larger than %u bytes",
			    POLICY_MAX_BYTES);
		else
			derr_set(err, DRIFT_EXIT_INPUT, path, 0, 0,
			    "cannot "
			    "read config: %s",
			    strerror(errno));
		goto out;
	}
	ret = policy_parse(path, b.buf, b.len, out, err);
out:
	if (fp != NULL)
		fclose(fp);
	buf_release(&b);
	return ret;
}

void
policy_free(struct policy **pp)
{
	struct policy *p;

	if (pp == NULL || *pp == NULL)
		return;
	p = *pp;
	arena_free(&p->arena);
	free(p->origin);
	free(p);
	*pp = NULL;
}

static int
is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
policy_git_toplevel(void)
{
	char a0[] = "git", a1[] = "rev-parse", a2[] = "--show-toplevel";
	char *argv[] = { a0, a1, a2, NULL };
	posix_spawn_file_actions_t fa;
	struct buf b = BUF_INIT;
	char *ret = NULL;
	int fds[2] = { -1, -1 }, status, have_fa = 0;
	pid_t pid = -1;

	if (pipe(fds) == -1)
		goto out;
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto out;
	have_fa = 1;
	if (posix_spawn_file_actions_addopen(
		&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, fds[1], 1) != 0 ||
	    posix_spawn_file_actions_addopen(
		&fa, 2, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, fds[0]) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, fds[1]) != 0)
		goto out;
	if (posix_spawnp(&pid, "git", &fa, NULL, argv, environ) != 0) {
		pid = -1;
		goto out;
	}
	close(fds[1]);
	fds[1] = -1;
	b.max = 8192;
	for (;;) {
		char chunk[512];
		ssize_t n = read(fds[0], chunk, sizeof(chunk));

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_add(&b, chunk, (size_t)n) == -1)
			break;
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			goto out;
	}
	pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		goto out;
	while (
	    b.len > 0 && (b.buf[b.len - 1] == '\n' || b.buf[b.len - 1] == '\r'))
		b.buf[--b.len] = '\0';
	if (b.len == 0 || strlen(b.buf) != b.len)
		goto out;
	ret = buf_detach(&b, NULL);
out:
	if (pid > 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	if (have_fa)
		posix_spawn_file_actions_destroy(&fa);
	if (fds[0] != -1)
		close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	buf_release(&b);
	return ret;
}

static char *
find_in(const char *dir)
{
	static const char *const names[] = { POLICY_FILE_NAME,
		POLICY_FILE_NAME_ALT };
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(names); i++) {
		char *path = dir == NULL ? xstrdup(names[i])
					 : xasprintf("%s/%s", dir, names[i]);

		if (is_regular(path))
			return path;
		free(path);
	}
	return NULL;
}

int
policy_find(const char *explicit_path, char **path_out, struct derr *err)
{
	char *top = NULL, *found = NULL;
	struct stat st;
	int ret = -1;

	*path_out = NULL;
	if (explicit_path != NULL) {
		if (stat(explicit_path, &st) == -1) {
			derr_set(err, DRIFT_EXIT_INPUT, explicit_path, 0, 0,
			    "cannot read config: %s", strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			derr_set(err, DRIFT_EXIT_INPUT, explicit_path, 0, 0,
			    "cannot read config: %s", strerror(EISDIR));
			goto out;
		}
		found = xstrdup(explicit_path);
	} else {
		found = find_in(NULL);
		if (found == NULL && (top = policy_git_toplevel()) != NULL)
			found = find_in(top);
	}
	*path_out = found;
	ret = found != NULL;
out:
	free(top);
	return ret;
}

int
policy_check_id(const char *s)
{
	size_t i;

	for (i = 0; i < 12; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	return s[12] == '\0' ? 0 : -1;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
policy_parse_date(const char *s, int *year, int *month, int *day)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, d, i, dim;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10] != '\0')
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12)
		return -1;
	dim = mdays[m - 1] + (m == 2 && leap(y));
	if (d < 1 || d > dim)
		return -1;
	*year = y;
	*month = m;
	*day = d;
	return 0;
}

int
policy_fail_on_parse(const char *name, int *threshold)
{
	if (strcmp(name, "never") == 0) {
		*threshold = -1;
		return 0;
	}
	if (strcmp(name, "any") == 0) {
		*threshold = SEV_COSMETIC;
		return 0;
	}
	if (strcmp(name, "breaking") == 0 || strcmp(name, "dangerous") == 0 ||
	    strcmp(name, "safe") == 0 || strcmp(name, "cosmetic") == 0) {
		enum severity s;

		if (severity_parse(name, &s) == -1)
			return -1;
		*threshold = (int)s;
		return 0;
	}
	return -1;
}

static void add_note(struct policy_outcome *o, enum policy_note_level level,
    const char *fmt, ...) DRIFT_PRINTF(3, 4);

static void
add_note(struct policy_outcome *o, enum policy_note_level level,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	o->notes = xreallocarray(o->notes, o->nnotes + 1, sizeof(*o->notes));
	o->notes[o->nnotes].level = level;
	o->notes[o->nnotes].text = buf_detach(&b, NULL);
	o->nnotes++;
}

static int
ignore_matches(
    const struct policy_ignore *ig, const struct change *c, struct buf *scratch)
{
	if (ig->rule != NULL &&
	    (c->rule == NULL || strcmp(ig->rule->id, c->rule->id) != 0))
		return 0;
	if (ig->collection != NULL &&
	    fnmatch(ig->collection, c->collection, 0) != 0)
		return 0;
	if (ig->field != NULL) {
		if (c->field == NULL)
			return 0;
		buf_reset(scratch);
		buf_adds(scratch, c->collection);
		buf_addch(scratch, '.');
		buf_adds(scratch, c->field);
		if (fnmatch(ig->field, scratch->buf, 0) != 0)
			return 0;
	}
	return 1;
}

/* "field-removed articles.views schema.default_value" */
static void
describe_change(struct buf *b, const struct change *c)
{
	buf_reset(b);
	buf_adds(b, c->rule != NULL ? c->rule->id : "change");
	buf_addch(b, ' ');
	buf_adds(b, c->collection);
	if (c->field != NULL) {
		buf_addch(b, '.');
		buf_adds(b, c->field);
	}
	if (c->path != NULL) {
		buf_addch(b, ' ');
		buf_adds(b, c->path);
	}
}

static void
apply_accept(struct policy *p, struct policy_accept *a, struct changeset *cs,
    const struct tm *today, struct policy_outcome *o)
{
	struct buf desc = BUF_INIT;
	int expired = 0, counted = 0;
	size_t i;

	if (a->has_expires) {
		int ty = today->tm_year + 1900, tm = today->tm_mon + 1;
		int td = today->tm_mday;

		expired = ty != a->year ? ty > a->year
		    : tm != a->month    ? tm > a->month
					: td > a->day;
	}
	for (i = 0; i < cs->n; i++) {
		struct change *c = &cs->v[i];

		if (strcmp(c->id, a->id) != 0)
			continue;
		a->matched++;
		if (c->status != CHANGE_REPORTED)
			continue;
		if (!expired) {
			c->status = CHANGE_ACCEPTED;
			c->status_reason = a->reason;
			o->accepted++;
			continue;
		}
		describe_change(&desc, c);
		if (a->expired_text == NULL) {
			struct buf t = BUF_INIT;

			buf_addf(&t, "on %s, %s:%u:%u", a->expires, p->origin,
			    a->line, a->col);
			a->expired_text = arena_strndup(p->arena, t.buf, t.len);
			buf_release(&t);
		}
		c->expired = a->expired_text;
		add_note(o, POLICY_NOTE_ERROR,
		    "acceptance of %s (%s) expired "
		    "on %s (%s:%u:%u)",
		    a->id, desc.buf, a->expires, p->origin, a->line, a->col);
		o->must_fail = 1;
		if (!counted)
			o->expired++;
		counted = 1;
	}
	if (a->matched == 0) {
		add_note(o, POLICY_NOTE_WARNING,
		    "accept entry %s (%s:%u:%u) "
		    "matches no change; remove it",
		    a->id, p->origin, a->line, a->col);
		o->unused++;
	}
	buf_release(&desc);
}

int
policy_apply(struct policy *p, struct changeset *cs, time_t now,
    struct policy_outcome *o)
{
	struct buf scratch = BUF_INIT;
	struct tm today;
	size_t i, k;

	if (p == NULL)
		return 0;
	gmtime_r(&now, &today);
	for (k = 0; k < p->nignores; k++)
		p->ignores[k].matched = 0;
	for (k = 0; k < p->naccepts; k++)
		p->accepts[k].matched = 0;
	for (i = 0; i < cs->n; i++) {
		struct change *c = &cs->v[i];

		for (k = 0; k < p->noverrides; k++)
			if (c->rule != NULL &&
			    strcmp(c->rule->id, p->overrides[k].rule->id) ==
				0) {
				c->severity = p->overrides[k].severity;
				c->override_origin = p->origin;
				c->override_line = p->overrides[k].line;
			}
		if (c->status != CHANGE_REPORTED)
			continue;
		for (k = 0; k < p->nignores; k++) {
			struct policy_ignore *ig = &p->ignores[k];

			if (!ignore_matches(ig, c, &scratch))
				continue;
			ig->matched++;
			c->status = CHANGE_IGNORED;
			c->status_reason = ig->display;
			o->ignored++;
			break;
		}
	}
	for (k = 0; k < p->naccepts; k++)
		apply_accept(p, &p->accepts[k], cs, &today, o);
	buf_release(&scratch);
	return 0;
}

void
policy_outcome_release(struct policy_outcome *o)
{
	size_t i;

	for (i = 0; i < o->nnotes; i++)
		free(o->notes[i].text);
	free(o->notes);
	memset(o, 0, sizeof(*o));
}
