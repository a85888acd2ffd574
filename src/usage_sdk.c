/*
 * usage_sdk.c: @directus/sdk commands, the legacy SDK and REST URLs of a
 * JS/TS file -> usage (usage_sdk.h).
 */
#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/js_value.h"
#include "drift/usage_graph.h"
#include "drift/usage_rest.h"
#include "drift/usage_sdk.h"
#include "drift/utf8.h"

enum op {
	OP_READ = 0, /* query at q */
	OP_CREATE,   /* body at b, query at q */
	OP_UPDATE,   /* body at b, selector (keys or query) at s */
	OP_DELETE,   /* selector at s */
	OP_AGG,      /* aggregate(c, { aggregate, groupBy, query }) */
	OP_UPLOAD    /* a create whose body is form data */
};

struct cmd {
	const char *name;
	size_t len;       /* strlen(name) */
	const char *coll; /* NULL: the collection is argument 0 */
	enum op op;
	signed char b, q, s; /* argument indexes; -1 none */
};

#define C(name, ...) \
	{ \
		name, sizeof(name) - 1, __VA_ARGS__ \
	}

/* @directus/sdk item commands (rest-and-sdk-usage.md 2.2) and the system
   commands that are no plain read/create/update/delete of one name */
static const struct cmd item_cmds[] = {
	C("aggregate", NULL, OP_AGG, -1, 1, -1),
	C("createItem", NULL, OP_CREATE, 1, 2, -1),
	C("createItems", NULL, OP_CREATE, 1, 2, -1),
	C("deleteItem", NULL, OP_DELETE, -1, -1, -1),
	C("deleteItems", NULL, OP_DELETE, -1, -1, 1),
	C("importFile", "directus_files", OP_CREATE, 1, 2, -1),
	C("readItem", NULL, OP_READ, -1, 2, -1),
	C("readItems", NULL, OP_READ, -1, 1, -1),
	C("readMe", "directus_users", OP_READ, -1, 0, -1),
	C("readRolesMe", "directus_roles", OP_READ, -1, 0, -1),
	C("readSettings", "directus_settings", OP_READ, -1, 0, -1),
	C("readSingleton", NULL, OP_READ, -1, 1, -1),
	C("updateItem", NULL, OP_UPDATE, 2, 3, -1),
	C("updateItems", NULL, OP_UPDATE, 2, 3, 1),
	C("updateItemsBatch", NULL, OP_UPDATE, 1, 2, -1),
	C("updateMe", "directus_users", OP_UPDATE, 0, 1, -1),
	C("updateSettings", "directus_settings", OP_UPDATE, 0, 1, -1),
	C("updateSingleton", NULL, OP_UPDATE, 1, 2, -1),
	C("uploadFiles", "directus_files", OP_UPLOAD, -1, 1, -1),
	C("utilsExport", NULL, OP_READ, -1, 2, -1),
};

/* the system commands read<Plural>, read<One>, create<One>(s),
   update<One>(s), update<Plural>Batch, delete<One>(s) (2.3) */
#define SN(one, many, coll) \
	{ \
		one, sizeof(one) - 1, many, sizeof(many) - 1, coll \
	}
static const struct sysname {
	const char *one;
	size_t lone;
	const char *many;
	size_t lmany;
	const char *coll;
} sys_names[] = {
	SN("Activity", "Activities", "directus_activity"),
	SN("Comment", "Comments", "directus_comments"),
	SN("ContentVersion", "ContentVersions", "directus_versions"),
	SN("Dashboard", "Dashboards", "directus_dashboards"),
	SN("File", "Files", "directus_files"),
	SN("Flow", "Flows", "directus_flows"),
	SN("Folder", "Folders", "directus_folders"),
	SN("Notification", "Notifications", "directus_notifications"),
	SN("Operation", "Operations", "directus_operations"),
	SN("Panel", "Panels", "directus_panels"),
	SN("Permission", "Permissions", "directus_permissions"),
	SN("Policy", "Policies", "directus_policies"),
	SN("Preset", "Presets", "directus_presets"),
	SN("Revision", "Revisions", "directus_revisions"),
	SN("Role", "Roles", "directus_roles"),
	SN("Share", "Shares", "directus_shares"),
	SN("Translation", "Translations", "directus_translations"),
	SN("User", "Users", "directus_users"),
};
#undef SN

/* the REST paths of system collections (1.1) */
#define SP(p, c) \
	{ \
		p, sizeof(p) - 1, c \
	}
static const struct syspath {
	const char *path;
	size_t len;
	const char *coll;
} sys_paths[] = {
	SP("access", "directus_access"),
	SP("activity", "directus_activity"),
	SP("comments", "directus_comments"),
	SP("dashboards", "directus_dashboards"),
	SP("files", "directus_files"),
	SP("flows", "directus_flows"),
	SP("folders", "directus_folders"),
	SP("notifications", "directus_notifications"),
	SP("operations", "directus_operations"),
	SP("panels", "directus_panels"),
	SP("permissions", "directus_permissions"),
	SP("policies", "directus_policies"),
	SP("presets", "directus_presets"),
	SP("revisions", "directus_revisions"),
	SP("roles", "directus_roles"),
	SP("settings", "directus_settings"),
	SP("shares", "directus_shares"),
	SP("translations", "directus_translations"),
	SP("users", "directus_users"),
	SP("versions", "directus_versions"),
};
#undef SP

/* sys_paths[*lo..*hi): the paths that start with c (the table is
   sorted) */
static void
sys_path_range(char c, size_t *lo, size_t *hi)
{
	switch (c) {
	case 'a':
		*lo = 0, *hi = 2;
		break;
	case 'c':
		*lo = 2, *hi = 3;
		break;
	case 'd':
		*lo = 3, *hi = 4;
		break;
	case 'f':
		*lo = 4, *hi = 7;
		break;
	case 'n':
		*lo = 7, *hi = 8;
		break;
	case 'o':
		*lo = 8, *hi = 9;
		break;
	case 'p':
		*lo = 9, *hi = 13;
		break;
	case 'r':
		*lo = 13, *hi = 15;
		break;
	case 's':
		*lo = 15, *hi = 17;
		break;
	case 't':
		*lo = 17, *hi = 18;
		break;
	case 'u':
		*lo = 18, *hi = 19;
		break;
	case 'v':
		*lo = 19, *hi = 20;
		break;
	default:
		*lo = *hi = 0;
		break;
	}
}

static int
eq_n(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* the verb a command name starts with: its length, or 0 (by the first
   byte: no strcmp list, as most names asked are no command) */
static size_t
verb_of(const char *s, size_t n, int *pl)
{
	switch (s[0]) {
	case 'r':
		*pl = 0;
		return n > 4 && memcmp(s, "read", 4) == 0 ? 4 : 0;
	case 'c':
		*pl = 1;
		return n > 6 && memcmp(s, "create", 6) == 0 ? 6 : 0;
	case 'u':
		*pl = 2;
		return n > 6 && memcmp(s, "update", 6) == 0 ? 6 : 0;
	case 'd':
		*pl = 3;
		return n > 6 && memcmp(s, "delete", 6) == 0 ? 6 : 0;
	default:
		return 0;
	}
}

/* the command spelled s[0..n), into *out; 0 when none */
static int
find_cmd(const char *s, size_t n, struct cmd *out)
{
	size_t i, vl, lo, hi;
	int pl = 0;

	if (n == 0 || n >= 64)
		return 0;
	/* item_cmds is sorted: the entries of the first letter only */
	switch (s[0]) {
	case 'a':
		lo = 0, hi = 1;
		break;
	case 'c':
		lo = 1, hi = 3;
		break;
	case 'd':
		lo = 3, hi = 5;
		break;
	case 'i':
		lo = 5, hi = 6;
		break;
	case 'r':
		lo = 6, hi = 12;
		break;
	case 'u':
		lo = 12, hi = sizeof(item_cmds) / sizeof(item_cmds[0]);
		break;
	default:
		lo = hi = 0;
		break;
	}
	for (i = lo; i < hi; i++)
		if (item_cmds[i].len == n &&
		    memcmp(item_cmds[i].name, s, n) == 0) {
			*out = item_cmds[i];
			return 1;
		}
	if ((vl = verb_of(s, n, &pl)) == 0)
		return 0;
	s += vl;
	n -= vl;
	for (i = 0; i < sizeof(sys_names) / sizeof(sys_names[0]); i++) {
		const struct sysname *x = &sys_names[i];
		size_t lm = x->lmany;
		int many = n == lm && memcmp(s, x->many, n) == 0;
		int one = n == x->lone && memcmp(s, x->one, n) == 0;
		int batch = n == lm + 5 && memcmp(s, x->many, lm) == 0 &&
		    memcmp(s + lm, "Batch", 5) == 0;

		if (!many && !one && !batch)
			continue;
		memset(out, 0, sizeof(*out));
		out->name = NULL;
		out->coll = x->coll;
		out->b = out->q = out->s = -1;
		switch (pl) {
		case 0: /* readXs(q), readX(key, q) */
			if (batch)
				return 0;
			out->op = OP_READ;
			out->q = many ? 0 : 1;
			return 1;
		case 1: /* createX(item, q), createXs(items, q) */
			if (batch)
				return 0;
			out->op = OP_CREATE;
			out->b = 0;
			out->q = 1;
			return 1;
		case 2: /* updateX(key, item, q), updateXs(keys, item, q),
			   updateXsBatch(items, q) */
			out->op = OP_UPDATE;
			out->b = batch ? 0 : 1;
			out->q = batch ? 1 : 2;
			out->s = many ? 0 : -1;
			return 1;
		default: /* deleteX(key), deleteXs(keys or query) */
			if (batch)
				return 0;
			out->op = OP_DELETE;
			out->s = many ? 0 : -1;
			return 1;
		}
	}
	return 0;
}

struct sctx {
	struct jv_toks *t;
	struct rest_ctx r;
	const char *file;
	/* legacy handlers kept in a variable: const h = d.items('c') */
	struct handler {
		const char *name;
		size_t len;
		const char *coll; /* cooked, in the arena */
		int singleton;
	} * h;
	size_t nh, ah;
	/* the file names Directus (@directus/sdk, createDirectus, $directus,
	   new Directus): without it, a call or URL whose collection no
	   snapshot knows is taken for another library's, not a finding */
	int evidence; /* -1 until a weak call asks (a memmem per file) */
	int weak;     /* the call being mapped: 1 skip an unknown collection
	                 unless the file names Directus, 2 skip it */
	/* import { readItems as ri } from '@directus/sdk' */
	struct alias {
		const char *local, *name;
		size_t llen, nlen;
	} * al;
	size_t nal, aal;
};

/* "@directus/sdk" in p[0..n): memchr to each '@' (rare in code, where
   memmem() reads every byte) */
static int
names_sdk(const char *p, size_t n)
{
	const char *e = p + n;

	while ((size_t)(e - p) >= 13 &&
	    (p = memchr(p, '@', (size_t)(e - p) - 12)) != NULL) {
		if (memcmp(p + 1, "directus/sdk", 12) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* the renamed imports of @directus/sdk */
static void
collect_aliases(struct sctx *x)
{
	struct jv_toks *t = x->t;
	size_t i, k, close;

	/* no import from '@directus/sdk' without the name in the text */
	if (!names_sdk(t->text, t->len))
		return;
	for (i = 0; i + 1 < t->n; i++) {
		if (!jv_ident(t, i, "import") || !jv_punct(t, i + 1, '{'))
			continue;
		close = jv_match(t, i + 1);
		if (close + 2 >= t->n || !jv_ident(t, close + 1, "from") ||
		    t->v[close + 2].kind != JT_STRING ||
		    !names_sdk(t->text + t->v[close + 2].start,
			t->v[close + 2].end - t->v[close + 2].start))
			continue;
		for (k = i + 2; k + 2 < close; k++) {
			struct alias *a;

			if (t->v[k].kind != JT_IDENT ||
			    !jv_ident(t, k + 1, "as") ||
			    t->v[k + 2].kind != JT_IDENT)
				continue;
			if (x->nal == x->aal) {
				x->aal = x->aal ? x->aal * 2 : 8;
				x->al = realloc(x->al, x->aal * sizeof(*x->al));
				if (x->al == NULL)
					abort();
			}
			a = &x->al[x->nal++];
			a->name = t->text + t->v[k].start;
			a->nlen = t->v[k].end - t->v[k].start;
			a->local = t->text + t->v[k + 2].start;
			a->llen = t->v[k + 2].end - t->v[k + 2].start;
		}
		i = close;
	}
}

/* the command name an imported alias stands for (or the name itself) */
static const char *
unalias(const struct sctx *x, const char *s, size_t *n)
{
	size_t k;

	for (k = 0; k < x->nal; k++)
		if (x->al[k].llen == *n && memcmp(x->al[k].local, s, *n) == 0) {
			*n = x->al[k].nlen;
			return x->al[k].name;
		}
	return s;
}

static struct usage_site
tok_site(struct sctx *x, size_t i)
{
	struct usage_site s;

	s.file = x->file;
	s.line = i < x->t->n ? x->t->v[i].line : 0;
	s.col = i < x->t->n ? x->t->v[i].col : 0;
	return s;
}

static const char *
tok_str(struct sctx *x, size_t i, size_t *n)
{
	*n = x->t->v[i].end - x->t->v[i].start;
	return x->t->text + x->t->v[i].start;
}

/* the selector of updateItems/deleteItems: keys (an array) or a query */
static void
selector(struct sctx *x, const char *c, unsigned fl, const struct jv *s)
{
	if (s != NULL && s->kind == JV_OBJECT)
		rest_filter(&x->r, c, fl, jv_get(s, "filter"));
}

/* a weak call or URL whose collection no snapshot knows is no finding
   (usage_sdk.h): 1 when it is to be skipped (cname is unknown) */
static int
skip_unknown(struct sctx *x)
{
	if (x->weak == 2)
		return 1;
	if (x->evidence < 0)
		/* @directus/sdk, createDirectus, $directus, new Directus,
		   useDirectus, a comment: any mention of Directus */
		x->evidence = memmem(x->t->text, x->t->len, "irectus", 7) !=
		    NULL;
	return !x->evidence;
}

/* rest_collection() of the call's collection cname, or NULL (after a
   problem unless the call is skipped): one lookup */
static const char *
call_collection(struct sctx *x, const char *cname,
    const struct usage_site *site, unsigned *fl)
{
	int side = 0;
	const char *c;

	if (!x->weak)
		return rest_collection(&x->r, cname, site, fl);
	c = rest_collection_name(&x->r, cname, &side);
	if (c != NULL) {
		/* as rest_collection() */
		*fl |= side == 2 ? UREF_OLD_ONLY : 0;
		return c;
	}
	if (skip_unknown(x))
		return NULL;
	return rest_collection(&x->r, cname, site, fl); /* the problem */
}

/* one resolved call: collection name (as written) and its arguments */
static void
do_call(struct sctx *x, const struct cmd *cmd, const char *cname,
    struct jv **args, size_t nargs, struct usage_site site)
{
	unsigned fl = 0;
	const char *c;
	const struct jv *q, *b, *s;

#define ARG(k) ((k) >= 0 && (size_t)(k) < nargs ? args[(k)] : NULL)
	c = call_collection(x, cname, &site, &fl);
	if (c == NULL)
		return;
	q = ARG(cmd->q);
	b = ARG(cmd->b);
	s = ARG(cmd->s);
	switch (cmd->op) {
	case OP_READ:
		rest_query(&x->r, c, fl, q, &site, 0);
		break;
	case OP_AGG:
		/* aggregate(c, { aggregate, groupBy, query }) */
		rest_op(&x->r, c, fl, UA_AGGREGATE, UC_EXACT, &site);
		if (q != NULL && q->kind == JV_OBJECT) {
			rest_query(&x->r, c, fl, q, &site, 1);
			rest_filter(
			    &x->r, c, fl, jv_get(jv_get(q, "query"), "filter"));
		}
		break;
	case OP_CREATE:
		rest_write(&x->r, c, fl, b, UA_CREATE, &site);
		if (q != NULL)
			rest_query(&x->r, c, fl, q, &site, 1);
		break;
	case OP_UPLOAD:
		rest_op(&x->r, c, fl, UA_CREATE, UC_EXACT, &site);
		break;
	case OP_UPDATE:
		selector(x, c, fl, s);
		rest_write(&x->r, c, fl, b, UA_UPDATE, &site);
		if (q != NULL)
			rest_query(&x->r, c, fl, q, &site, 1);
		break;
	case OP_DELETE:
		selector(x, c, fl, s);
		rest_op(&x->r, c, fl, UA_DELETE, UC_EXACT, &site);
		break;
	}
#undef ARG
}

/* "readItems('articles')", without printf (one per call) */
static const char *
call_context(struct sctx *x, const char *name, size_t n, const char *c)
{
	char small[160];
	size_t cl = strlen(c), len = n + cl + 4;
	char *b = len < sizeof(small) ? small : malloc(len + 1);
	const char *r;

	if (b == NULL)
		abort();
	memcpy(b, name, n);
	b[n] = '(';
	b[n + 1] = '\'';
	memcpy(b + n + 2, c, cl);
	b[n + 2 + cl] = '\'';
	b[n + 3 + cl] = ')';
	r = usage_strndup(x->r.out, b, len);
	if (b != small)
		free(b);
	return r;
}

/* "items('c')" or "singleton('c')": a legacy handler */
static const char *
handler_context(struct sctx *x, int singleton, const char *c)
{
	return singleton ? call_context(x, "singleton", 9, c)
			 : call_context(x, "items", 5, c);
}

/* a literal collection name (no holes) or NULL */
static const char *
literal(const struct jv *v)
{
	if (v == NULL || v->kind != JV_STRING || (v->flags & JVF_DYNAMIC) ||
	    v->n == 0 || memchr(v->s, '\0', v->n) != NULL)
		return NULL;
	return v->s;
}

/* token i is an identifier naming an SDK command called at i+1 (type
   arguments skipped) or through a cast, (readItems as any)(...): returns
   the index of `(`, else 0 */
static size_t
call_open(struct jv_toks *t, size_t i)
{
	size_t j = i + 1;

	if (jv_ident(t, j, "as")) {
		if (i == 0 || !jv_punct(t, i - 1, '('))
			return 0;
		j = jv_match(t, i - 1);
		return j < t->n && jv_punct(t, j + 1, '(') ? j + 1 : 0;
	}
	if (jv_punct(t, j, '<')) {
		j = jv_match(t, j);
		if (j >= t->n)
			return 0;
		j++;
	}
	return jv_punct(t, j, '(') ? j : 0;
}

/* ---- app helpers: getItems(collection, query) wraps readItems ---- */

struct fnsig {
	size_t name;   /* token of the helper's name */
	size_t popen;  /* `(` of its parameters */
	size_t b0, b1; /* its body: tokens [b0, b1) */
};

/* the parameter index of the identifier s[0..n) in the list at popen, or
   -1 */
static int
param_index(struct jv_toks *t, size_t popen, const char *s, size_t n)
{
	size_t close = jv_match(t, popen), k, depth = 0;
	int idx = 0, first = 1;

	for (k = popen + 1; k < close && k < t->n; k++) {
		if (jv_punct(t, k, '(') || jv_punct(t, k, '[') ||
		    jv_punct(t, k, '{') || jv_punct(t, k, '<'))
			depth++;
		else if ((jv_punct(t, k, ')') || jv_punct(t, k, ']') ||
			     jv_punct(t, k, '}') || jv_punct(t, k, '>')) &&
		    depth > 0)
			depth--;
		else if (depth == 0 && jv_punct(t, k, ',')) {
			idx++;
			first = 1;
			continue;
		}
		if (first && depth == 0 && t->v[k].kind == JT_IDENT) {
			if (t->v[k].end - t->v[k].start == n &&
			    memcmp(t->text + t->v[k].start, s, n) == 0)
				return idx;
			first = 0;
		} else if (!jv_punct(t, k, '.'))
			first = 0;
	}
	return -1;
}

/* the body of the function whose parameters close at `)` token close:
   [*b0, *b1); 0 when none follows */
static int
fn_body(struct jv_toks *t, size_t close, size_t *b0, size_t *b1)
{
	size_t k = close + 1, lim = close + 64;

	while (k < t->n && k < lim && !jv_punct(t, k, '{') &&
	    !(jv_punct(t, k, '=') && jv_punct(t, k + 1, '>')))
		k++;
	if (k >= t->n || k >= lim)
		return 0;
	if (jv_punct(t, k, '=')) {
		k += 2;
		if (!jv_punct(t, k, '{')) {
			size_t e = k, depth = 0;

			/* an expression body: to the end of the statement */
			while (e < t->n) {
				if (jv_punct(t, e, '(') ||
				    jv_punct(t, e, '[') || jv_punct(t, e, '{'))
					depth++;
				else if (jv_punct(t, e, ')') ||
				    jv_punct(t, e, ']') ||
				    jv_punct(t, e, '}')) {
					if (depth == 0)
						break;
					depth--;
				} else if (depth == 0 &&
				    (jv_punct(t, e, ';') ||
					jv_punct(t, e, ',')))
					break;
				e++;
			}
			*b0 = k;
			*b1 = e;
			return 1;
		}
	}
	*b0 = k;
	*b1 = jv_match(t, k);
	return 1;
}

/* the innermost named function around token i: function NAME(...) {},
   const NAME = (async) (...) => ..., NAME(...) { } */
static int
enclosing_fn(struct jv_toks *t, size_t i, struct fnsig *out)
{
	size_t k;
	int found = 0;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < i; k++) {
		struct fnsig f;
		size_t open;

		memset(&f, 0, sizeof(f));
		if (t->v[k].kind != JT_IDENT)
			continue;
		if (jv_ident(t, k, "function") && k + 2 < t->n &&
		    t->v[k + 1].kind == JT_IDENT && jv_punct(t, k + 2, '(')) {
			f.name = k + 1;
			open = k + 2;
		} else if (k + 3 < t->n && jv_punct(t, k + 1, '=') &&
		    !jv_punct(t, k + 2, '=')) {
			open = k + 2;
			if (jv_ident(t, open, "async"))
				open++;
			if (!jv_punct(t, open, '('))
				continue;
			f.name = k;
		} else
			continue;
		f.popen = open;
		if (!fn_body(t, jv_match(t, open), &f.b0, &f.b1) ||
		    !(f.b0 < i && i < f.b1))
			continue;
		if (!found || f.b0 > out->b0)
			*out = f;
		found = 1;
	}
	return found;
}

/* v with every identifier that names a parameter of the helper replaced
   by the call's argument (a copy where anything changes) */
static struct jv *
subst(struct jv_toks *t, const struct fnsig *f, struct jv *v, struct jv **cargs,
    size_t cn, int level)
{
	struct jv *c;
	size_t k;
	int pi;

	if (v == NULL || level > JV_MAX_DEPTH)
		return v;
	if (v->kind == JV_IDENT) {
		pi = param_index(t, f->popen, v->s, v->n);
		return pi >= 0 && (size_t)pi < cn && cargs[pi] != NULL
		    ? cargs[pi]
		    : v;
	}
	if (v->kind != JV_OBJECT && v->kind != JV_ARRAY)
		return v;
	c = arena_alloc(t->arena, sizeof(*c));
	*c = *v;
	if (v->kind == JV_OBJECT && v->nprops > 0) {
		c->props = arena_alloc(t->arena, v->nprops * sizeof(*c->props));
		for (k = 0; k < v->nprops; k++) {
			c->props[k] = v->props[k];
			c->props[k].val = subst(
			    t, f, v->props[k].val, cargs, cn, level + 1);
		}
	}
	if (v->kind == JV_ARRAY && v->nitems > 0) {
		c->items = arena_alloc(t->arena, v->nitems * sizeof(*c->items));
		for (k = 0; k < v->nitems; k++)
			c->items[k] = subst(
			    t, f, v->items[k], cargs, cn, level + 1);
	}
	return c;
}

/*
 * readItems(collection, query) inside a helper whose parameter is the
 * collection: each call of the helper in the file with a literal there
 * is a call of the command (arguments that are the helper's parameters
 * take the call's values).  Returns the number of calls mapped.
 */
static size_t
via_helper(struct sctx *x, size_t i, const struct cmd *cmd, const char *name,
    size_t n, struct jv **args, size_t nargs)
{
	struct jv_toks *t = x->t;
	struct fnsig f;
	size_t k, mapped = 0, a;
	int pc;
	const char *hn;
	size_t hl;

	if (!enclosing_fn(t, i, &f))
		return 0;
	pc = param_index(t, f.popen, args[0]->s, args[0]->n);
	if (pc < 0)
		return 0;
	hn = tok_str(x, f.name, &hl);
	for (k = 0; k + 1 < t->n; k++) {
		struct jv *cargs[8], *use[6];
		size_t open, close, cn;
		const char *cname;

		if (k == f.name || t->v[k].kind != JT_IDENT ||
		    t->v[k].end - t->v[k].start != hl ||
		    memcmp(t->text + t->v[k].start, hn, hl) != 0 ||
		    (k > 0 &&
			(jv_ident(t, k - 1, "function") ||
			    jv_punct(t, k - 1, '.'))) ||
		    (open = call_open(t, k)) == 0)
			continue;
		cn = jv_args(t, open, cargs, 8, &close);
		if ((size_t)pc >= cn || (cname = literal(cargs[pc])) == NULL)
			continue;
		for (a = 0; a < nargs && a < 6; a++)
			use[a] = subst(t, &f, args[a], cargs, cn, 0);
		x->r.context = usage_printf(x->r.out, "%.*s('%s') via %.*s",
		    (int)n, name, cname, (int)hl, hn);
		x->weak = 1;
		do_call(
		    x, cmd, cname, use, nargs < 6 ? nargs : 6, tok_site(x, k));
		x->weak = 0;
		mapped++;
	}
	return mapped;
}

static void custom_endpoint(struct sctx *x, struct jv *o);

static void
sdk_call(struct sctx *x, size_t i)
{
	struct jv_toks *t = x->t;
	const char *name;
	size_t n, open, close, nargs;
	struct cmd cmd;
	struct jv *args[6];
	const char *cname;

	name = tok_str(x, i, &n);
	if (n > 1 && name[0] == '$') {
		name++;
		n--;
	}
	if (x->nal > 0)
		name = unalias(x, name, &n);
	/* every command starts with a verb: read create update delete
	   aggregate import upload utils custom */
	if (n < 6 ||
	    !(name[0] == 'r' || name[0] == 'c' || name[0] == 'u' ||
		name[0] == 'd' || name[0] == 'a' || name[0] == 'i') ||
	    (!jv_punct(t, i + 1, '(') && !jv_punct(t, i + 1, '<') &&
		!jv_ident(t, i + 1, "as")))
		return;
	if (eq_n(name, n, "customEndpoint") && (open = call_open(t, i)) != 0) {
		nargs = jv_args(t, open, args, 1, &close);
		if (nargs > 0 && args[0]->kind == JV_OBJECT)
			custom_endpoint(x, args[0]);
		return;
	}
	if (!find_cmd(name, n, &cmd) || (open = call_open(t, i)) == 0)
		return;
	if (i > 0 &&
	    (jv_ident(t, i - 1, "function") || jv_ident(t, i - 1, "async")))
		return;
	nargs = jv_args(t, open, args, 6, &close);
	if (cmd.coll == NULL) {
		/* item commands: the collection is argument 0; the others
		   shift by one in the table already */
		cname = literal(nargs > 0 ? args[0] : NULL);
		if (cname == NULL) {
			if (nargs > 0 && args[0]->kind == JV_IDENT &&
			    via_helper(x, i, &cmd, name, n, args, nargs) > 0)
				return;
			/* a first argument that cannot name a collection
			   (an array, an object: another library) */
			if (nargs > 0 && args[0]->kind != JV_ARRAY &&
			    args[0]->kind != JV_OBJECT &&
			    args[0]->kind != JV_NUM)
				usage_add_note(x->r.out,
				    "%s:%u:%u: %.*s() with a computed "
				    "collection name is not mapped",
				    x->file, t->v[i].line, t->v[i].col, (int)n,
				    name);
			return;
		}
		x->r.context = call_context(x, name, n, cname);
		if (strncmp(cname, "directus_", 9) == 0) {
			usage_add_problemf(x->r.out, UP_UNKNOWN_COLLECTION,
			    tok_site(x, i), cname, NULL, x->r.context,
			    "the SDK refuses core collections in its item "
			    "commands (use the system command, e.g. "
			    "readUsers)");
			return;
		}
	} else {
		cname = cmd.coll;
		x->r.context = usage_printf(x->r.out, "%.*s()", (int)n, name);
	}
	x->weak = 1;
	do_call(x, &cmd, cname, args, nargs, tok_site(x, i));
	x->weak = 0;
}

/* ---- the legacy SDK ---- */

static const struct cmd legacy_cmds[] = {
	C("createMany", NULL, OP_CREATE, 0, 1, -1),
	C("createOne", NULL, OP_CREATE, 0, 1, -1),
	C("deleteMany", NULL, OP_DELETE, -1, -1, -1),
	C("deleteOne", NULL, OP_DELETE, -1, -1, -1),
	C("readByQuery", NULL, OP_READ, -1, 0, -1),
	C("readMany", NULL, OP_READ, -1, 0, -1),
	C("readOne", NULL, OP_READ, -1, 1, -1),
	C("updateBatch", NULL, OP_UPDATE, 0, 1, -1),
	C("updateByQuery", NULL, OP_UPDATE, 1, 2, 0),
	C("updateMany", NULL, OP_UPDATE, 1, 2, -1),
	C("updateOne", NULL, OP_UPDATE, 1, 2, -1),
};

static const struct cmd singleton_cmds[] = {
	C("read", NULL, OP_READ, -1, 0, -1),
	C("update", NULL, OP_UPDATE, 0, 1, -1),
};
#undef C

/* the method at token m of a handler on collection c (written cname) */
static void
legacy_method(struct sctx *x, size_t m, const char *cname, int singleton,
    const char *handler)
{
	struct jv_toks *t = x->t;
	const struct cmd *tab = singleton ? singleton_cmds : legacy_cmds;
	size_t ntab = singleton ? 2 : sizeof(legacy_cmds) / sizeof(*tab);
	size_t n, k, close, nargs, open;
	const char *name = tok_str(x, m, &n);
	struct jv *args[4];
	struct cmd cmd;

	for (k = 0; k < ntab; k++)
		if (tab[k].len == n && memcmp(name, tab[k].name, n) == 0)
			break;
	if (k == ntab || (open = call_open(t, m)) == 0)
		return;
	cmd = tab[k];
	nargs = jv_args(t, open, args, 4, &close);
	/* readMany(ids, q) from 9.6 on; readMany(q) before */
	if (!singleton && strcmp(cmd.name, "readMany") == 0 && nargs > 0 &&
	    args[0] != NULL && args[0]->kind == JV_ARRAY)
		cmd.q = 1;
	x->r.context = usage_printf(x->r.out, "%s.%.*s", handler, (int)n, name);
	x->weak = 1;
	do_call(x, &cmd, cname, args, nargs, tok_site(x, m));
	x->weak = 0;
}

static void
add_handler(struct sctx *x, const char *name, size_t len, const char *coll,
    int singleton)
{
	if (x->nh == x->ah) {
		x->ah = x->ah ? x->ah * 2 : 8;
		x->h = realloc(x->h, x->ah * sizeof(*x->h));
		if (x->h == NULL)
			abort();
	}
	x->h[x->nh].name = name;
	x->h[x->nh].len = len;
	x->h[x->nh].coll = coll;
	x->h[x->nh].singleton = singleton;
	x->nh++;
}

/* .items('c') / .singleton('c') at token i (the name) */
static void
legacy_handler(struct sctx *x, size_t i)
{
	struct jv_toks *t = x->t;
	int singleton = jv_ident(t, i, "singleton");
	struct jv *args[1];
	size_t close, k;
	const char *c;

	if (!jv_punct(t, i - 1, '.') || !jv_punct(t, i + 1, '('))
		return;
	jv_args(t, i + 1, args, 1, &close);
	c = literal(args[0]);
	if (c == NULL || !jv_punct(t, close, ')'))
		return;
	if (jv_punct(t, close + 1, '.') && close + 2 < t->n &&
	    t->v[close + 2].kind == JT_IDENT) {
		legacy_method(x, close + 2, c, singleton,
		    handler_context(x, singleton, c));
		return;
	}
	/* const h = directus.items('c'): walk back over the receiver
	   (a.b.c) to the `=` */
	k = i - 1;
	while (
	    k >= 2 && t->v[k - 1].kind == JT_IDENT && jv_punct(t, k - 2, '.'))
		k -= 2;
	if (k >= 3 && t->v[k - 1].kind == JT_IDENT && jv_punct(t, k - 2, '=') &&
	    t->v[k - 3].kind == JT_IDENT) {
		size_t n;
		const char *nm = tok_str(x, k - 3, &n);

		add_handler(x, nm, n, c, singleton);
	}
}

/* legacy system handlers: d.users.readByQuery(), d.users.me.read(),
   d.settings.read(), ... */
static void
legacy_system(struct sctx *x, size_t i)
{
	struct jv_toks *t = x->t;
	size_t n, k;
	const char *name = tok_str(x, i, &n);
	static const char *const handlers[] = { "users", "files", "folders",
		"roles", "permissions", "presets", "revisions", "activity",
		"settings" };

	if (i == 0 || !jv_punct(t, i - 1, '.') || !jv_punct(t, i + 1, '.') ||
	    i + 2 >= t->n || t->v[i + 2].kind != JT_IDENT)
		return;
	for (k = 0; k < sizeof(handlers) / sizeof(handlers[0]); k++)
		if (eq_n(name, n, handlers[k]))
			break;
	if (k == sizeof(handlers) / sizeof(handlers[0]))
		return;
	if (k == 0 && jv_ident(t, i + 2, "me") && jv_punct(t, i + 3, '.') &&
	    i + 4 < t->n) {
		legacy_method(x, i + 4, "directus_users", 1, "users.me");
		return;
	}
	legacy_method(x, i + 2,
	    k == 8 ? "directus_settings"
		   : usage_printf(x->r.out, "directus_%s", handlers[k]),
	    k == 8, handlers[k]);
}

/* ---- REST URLs ---- */

/* percent-decodes s[0..n) into d (at most n bytes); returns the length */
static size_t
url_decode(const char *s, size_t n, char *d)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex_digit(s[i + 1]) >= 0 &&
		    hex_digit(s[i + 2]) >= 0) {
			d[k++] = (char)(hex_digit(s[i + 1]) * 16 +
			    hex_digit(s[i + 2]));
			i += 2;
		} else if (s[i] == '+')
			d[k++] = ' ';
		else
			d[k++] = s[i];
	}
	return k;
}

struct pctx {
	struct jv_toks *t;
	const struct jv *url; /* NULL in the unit tests */
	size_t qoff;          /* cooked offset of the query in url */
	uint32_t line, col;
};

static void
p_pos(const struct pctx *p, size_t off, uint32_t *line, uint32_t *col)
{
	if (p->url != NULL) {
		jv_pos(p->t, p->url, p->qoff + off, line, col);
		return;
	}
	*line = p->line;
	*col = p->col + (uint32_t)off;
}

static struct jv *
p_child(struct pctx *p, struct jv *o, const char *k, size_t kl,
    enum jv_kind kind, size_t off)
{
	size_t i;
	struct jv *v;
	uint32_t l, c;

	for (i = 0; i < o->nprops; i++)
		if (o->props[i].klen == kl &&
		    memcmp(o->props[i].key, k, kl) == 0)
			return o->props[i].val;
	p_pos(p, off, &l, &c);
	v = jv_new(p->t, kind, l, c);
	jv_put(p->t, o, k, kl, v);
	return v;
}

/* objects whose keys are all digits (qs's _or[0]) become arrays */
static void
p_arrays(struct pctx *p, struct jv *v, int level)
{
	size_t i, k;
	int digits = v->kind == JV_OBJECT && v->nprops > 0;

	if (level > JV_MAX_DEPTH)
		return;
	for (i = 0; i < v->nprops; i++) {
		p_arrays(p, v->props[i].val, level + 1);
		for (k = 0; k < v->props[i].klen; k++)
			if (v->props[i].key[k] < '0' ||
			    v->props[i].key[k] > '9')
				digits = 0;
	}
	if (!digits)
		return;
	{
		struct jv_prop *props = v->props;
		size_t n = v->nprops;

		v->kind = JV_ARRAY;
		v->props = NULL;
		v->nprops = 0;
		for (i = 0; i < n; i++)
			jv_push(p->t, v, props[i].val);
	}
}

/* the n-th hole of the url at cooked offset off */
static size_t
hole_index(const struct pctx *p, size_t off)
{
	size_t i, n = 0;

	for (i = 0; p->url != NULL && i < p->qoff + off && i < p->url->n; i++)
		if (p->url->s[i] == JV_HOLE)
			n++;
	return n;
}

static struct jv *
params(struct pctx *p, const char *q, size_t n)
{
	struct jv *o;
	size_t s = 0, e;
	uint32_t l, c;
	int nested = 0;

	p_pos(p, 0, &l, &c);
	o = jv_new(p->t, JV_OBJECT, l, c);
	while (s < n) {
		const char *part = q + s, *eq, *br, *key, *val;
		size_t plen, klen, vlen, voff, blen;
		char *kown, *vown, kbuf[128], vbuf[256];
		struct jv *vv;
		int coded;

		/* one pass: the end, the '=' and whether anything decodes */
		eq = NULL;
		coded = 0;
		for (e = s; e < n && q[e] != '&' && q[e] != '#'; e++)
			if (q[e] == '=') {
				if (eq == NULL)
					eq = q + e;
			} else if (q[e] == '%' || q[e] == '+')
				coded = 1;
		plen = e - s;
		if (plen == 1 && part[0] == JV_HOLE)
			o->flags |= JVF_DYNAMIC;
		klen = eq != NULL ? (size_t)(eq - part) : plen;
		voff = eq != NULL ? s + klen + 1 : e;
		vlen = e - voff;
		kown = vown = NULL;
		if (!coded) {
			/* nothing to decode: the text itself (the values
			   made from it copy it) */
			key = part;
			val = q + voff;
		} else {
			/* the stack for the usual short part (no malloc per
			   part) */
			kown = klen < sizeof(kbuf) ? kbuf : malloc(klen + 1);
			vown = vlen < sizeof(vbuf) ? vbuf : malloc(vlen + 1);
			if (kown == NULL || vown == NULL)
				abort();
			klen = url_decode(part, klen, kown);
			kown[klen] = '\0';
			vlen = url_decode(q + voff, vlen, vown);
			vown[vlen] = '\0';
			key = kown;
			val = vown;
		}
		br = memchr(key, '[', klen);
		blen = br != NULL ? (size_t)(br - key) : klen;
		p_pos(p, voff, &l, &c);
		if (eq_n(key, blen, "fields") || eq_n(key, blen, "sort") ||
		    eq_n(key, blen, "groupBy")) {
			struct jv *a = p_child(p, o, key, blen, JV_ARRAY, s);

			if (a->kind == JV_ARRAY)
				jv_push(p->t, a,
				    jv_new_string(
					p->t, val, vlen, l, c > 0 ? c - 1 : 0));
		} else if ((eq_n(key, blen, "filter") ||
			       eq_n(key, blen, "deep") ||
			       eq_n(key, blen, "alias") ||
			       eq_n(key, blen, "aggregate")) &&
		    br != NULL) {
			/* filter[a][b][_eq]=x: qs's bracket form */
			struct jv *cur = p_child(p, o, key, blen, JV_OBJECT, s);
			size_t k = blen;

			nested = 1;

			while (cur->kind == JV_OBJECT && k < klen &&
			    key[k] == '[') {
				const char *ks = key + k + 1;
				const char *ke = memchr(ks, ']', klen - k - 1);
				size_t kl;

				if (ke == NULL)
					break;
				kl = (size_t)(ke - ks);
				k = (size_t)(ke - key) + 1;
				if (k < klen && key[k] == '[')
					cur = p_child(
					    p, cur, ks, kl, JV_OBJECT, s);
				else
					jv_put(p->t, cur, ks, kl,
					    jv_new_string(p->t, val, vlen, l,
						c > 0 ? c - 1 : 0));
			}
		} else if (eq_n(key, klen, "filter") ||
		    eq_n(key, klen, "deep") || eq_n(key, klen, "alias") ||
		    eq_n(key, klen, "aggregate")) {
			if (vlen == 1 && val[0] == JV_HOLE && p->url != NULL)
				vv = jv_hole_value(
				    p->t, p->url, hole_index(p, voff));
			else if (vown != NULL)
				vv = jv_parse_text(p->t, val, vlen, l, c);
			else {
				/* the parser is given a terminated copy, as a
				   decoded value is */
				char *z = vlen < sizeof(vbuf)
				    ? vbuf
				    : malloc(vlen + 1);

				if (z == NULL)
					abort();
				memcpy(z, val, vlen);
				z[vlen] = '\0';
				vv = jv_parse_text(p->t, z, vlen, l, c);
				if (z != vbuf)
					free(z);
			}
			jv_put(p->t, o, key, klen, vv);
			nested = 1;
		}
		if (kown != NULL && kown != kbuf)
			free(kown);
		if (vown != NULL && vown != vbuf)
			free(vown);
		s = e + 1;
		if (e < n && q[e] == '#')
			break;
	}
	/* only objects made from brackets or parsed values can have
	   digit keys: fields=, sort=, groupBy= alone make none */
	if (nested)
		p_arrays(p, o, 0);
	return o;
}

struct jv *
rest_params_parse(
    struct jv_toks *t, const char *q, size_t n, uint32_t line, uint32_t col)
{
	struct pctx p;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.line = line;
	p.col = col;
	return params(&p, q, n);
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* merges the props of an options object (params/query) into o */
static void
merge(struct jv_toks *t, struct jv *o, const struct jv *add)
{
	size_t i;

	if (add == NULL || add->kind != JV_OBJECT)
		return;
	if (add->flags & JVF_DYNAMIC)
		o->flags |= JVF_DYNAMIC;
	for (i = 0; i < add->nprops; i++)
		jv_put(t, o, add->props[i].key, add->props[i].klen,
		    add->props[i].val);
}

static void
upper(char *m)
{
	for (; *m; m++)
		if (*m >= 'a' && *m <= 'z')
			*m = (char)(*m - 'a' + 'A');
}

/* the HTTP calls a URL is passed to, by where their method, body and
   params are */
enum http_shape { HC_FETCH, HC_READ, HC_WRITE };
#define HC(name, shape) \
	{ \
		name, sizeof(name) - 1, shape \
	}
static const struct http_call {
	const char *name;
	size_t len;
	enum http_shape shape;
} http_calls[] = {
	HC("fetch", HC_FETCH),
	HC("$fetch", HC_FETCH),
	HC("useFetch", HC_FETCH),
	HC("useLazyFetch", HC_FETCH),
	HC("ofetch", HC_FETCH),
	HC("request", HC_FETCH),
	HC("$directus", HC_FETCH),
	HC("ky", HC_FETCH),
	HC("get", HC_READ),
	HC("delete", HC_READ),
	HC("head", HC_READ),
	HC("post", HC_WRITE),
	HC("patch", HC_WRITE),
	HC("put", HC_WRITE),
};
#undef HC

/* s[0..n) into d[0..sz), cut to fit and NUL-terminated, as snprintf's
   "%.*s" would (one per URL: no printf) */
static void
copy_method(char *d, size_t sz, const char *s, size_t n)
{
	if (n >= sz)
		n = sz - 1;
	memcpy(d, s, n);
	d[n] = '\0';
}

/*
 * The call a URL string at token i is passed to: method, body and extra
 * params.  fetch(url, { method, body, params|query }),
 * axios.get(url, { params }), axios.post(url, data, { params }), ...
 */
static int
url_call(struct sctx *x, size_t i, char *method, size_t msz,
    const struct jv **body, const struct jv **extra)
{
	struct jv_toks *t = x->t;
	struct jv *args[3];
	size_t close, n, k;
	const char *name;
	const struct jv *opt = NULL, *m;

	*body = *extra = NULL;
	copy_method(method, msz, "GET", 3);
	if (i < 2 || !jv_punct(t, i - 1, '(') || t->v[i - 2].kind != JT_IDENT)
		return 0;
	name = tok_str(x, i - 2, &n);
	for (k = 0; k < sizeof(http_calls) / sizeof(http_calls[0]); k++)
		if (http_calls[k].len == n &&
		    memcmp(name, http_calls[k].name, n) == 0)
			break;
	if (k == sizeof(http_calls) / sizeof(http_calls[0]))
		return 0;
	jv_args(t, i - 1, args, 3, &close);
	switch (http_calls[k].shape) {
	case HC_FETCH: /* fetch(url, { method, body, params|query }) */
		opt = args[1];
		if ((m = jv_get(opt, "method")) != NULL && literal(m) != NULL)
			copy_method(method, msz, m->s, strlen(m->s));
		*body = jv_get(opt, "body");
		*extra = jv_get(opt, "params");
		if (*extra == NULL)
			*extra = jv_get(opt, "query");
		if (*extra == NULL)
			*extra = jv_get(opt, "searchParams");
		break;
	case HC_READ: /* axios.get(url, { params, data }) */
		copy_method(method, msz, name, n);
		opt = args[1];
		*extra = jv_get(opt, "params");
		*body = jv_get(opt, "data");
		break;
	case HC_WRITE: /* axios.post(url, data, { params }) */
		copy_method(method, msz, name, n);
		*body = args[1];
		*extra = jv_get(args[2], "params");
		break;
	}
	upper(method);
	return 1;
}

/* /items/<c>[/<id>][?q], /users[/me|/<id>][?q], ... at cooked offset
   p of the string v at token i */
static void
rest_url(struct sctx *x, const struct jv *v, size_t p, const char *method_in,
    const struct jv *body, const struct jv *extra)
{
	const char *s = v->s;
	size_t n = v->n, cs, ce, q, k;
	const char *coll = NULL, *cname;
	int items = 0, has_id = 0, me = 0;
	char method[16];
	struct jv *prm;
	struct pctx pc;
	struct usage_site site;
	unsigned fl = 0;

	if (n - p > 7 && memcmp(s + p, "/items/", 7) == 0) {
		items = 1;
		cs = p + 7;
	} else {
		cs = p + 1;
	}
	ce = cs;
	while (ce < n && name_char(s[ce]))
		ce++;
	if (ce == cs ||
	    (ce < n && s[ce] != '/' && s[ce] != '?' && s[ce] != '#'))
		return; /* a hole or something else in the name */
	if (!items) {
		size_t hi;

		sys_path_range(s[cs], &k, &hi);
		for (; k < hi; k++)
			if (sys_paths[k].len == ce - cs &&
			    memcmp(s + cs, sys_paths[k].path, ce - cs) == 0)
				break;
		if (k == hi)
			return;
		coll = sys_paths[k].coll;
	}
	q = ce;
	if (q < n && s[q] == '/') {
		size_t b = ++q;

		while (q < n && s[q] != '?' && s[q] != '#' && s[q] != '/')
			q++;
		if (q > b) {
			has_id = 1;
			me = eq_n(s + b, q - b, "me");
		}
		while (q < n && s[q] != '?' && s[q] != '#')
			q++;
	}
	copy_method(method, sizeof(method), method_in, strlen(method_in));
	upper(method);
	{
		/* "GET /items/articles", holes as *, without printf (one per
		   URL) */
		size_t ml = strlen(method), cl = ml + 1 + (q - p);
		char small[256];
		char *c = cl < sizeof(small) ? small : malloc(cl + 1);

		if (c == NULL)
			abort();
		memcpy(c, method, ml);
		c[ml] = ' ';
		memcpy(c + ml + 1, s + p, q - p);
		/* the holes, if any, as * */
		if (memchr(c + ml + 1, JV_HOLE, q - p) != NULL)
			for (k = ml + 1; k < cl; k++)
				if (c[k] == JV_HOLE)
					c[k] = '*';
		x->r.context = usage_strndup(x->r.out, c, cl);
		if (c != small)
			free(c);
	}
	memset(&pc, 0, sizeof(pc));
	pc.t = x->t;
	pc.url = v;
	pc.qoff = q + 1;
	prm = q < n && s[q] == '?' ? params(&pc, s + q + 1, n - q - 1)
				   : jv_new(x->t, JV_OBJECT, v->line, v->col);
	merge(x->t, prm, extra);
	{
		uint32_t l, c;

		jv_pos(x->t, v, items ? cs : p, &l, &c);
		site.file = x->file;
		site.line = l;
		site.col = c;
	}
	if (items) {
		cname = usage_strndup(x->r.out, s + cs, ce - cs);
		if (strncmp(cname, "directus_", 9) == 0) {
			usage_add_problemf(x->r.out, UP_UNKNOWN_COLLECTION,
			    site, cname, NULL, x->r.context,
			    "/items/ refuses core collections (use /%s)",
			    cname + 9);
			return;
		}
		coll = call_collection(x, cname, &site, &fl);
		if (coll == NULL)
			return;
	}
	if (body != NULL && body->kind == JV_OTHER)
		body = NULL;
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		rest_query(&x->r, coll, fl, prm, &site, 0);
	} else if (strcmp(method, "SEARCH") == 0) {
		const struct jv *bq = jv_get(body, "query");

		rest_query(&x->r, coll, fl, bq != NULL ? bq : prm, &site, 0);
	} else if (strcmp(method, "POST") == 0) {
		rest_write(&x->r, coll, fl, body, UA_CREATE, &site);
		if (jv_get(prm, "fields") != NULL)
			rest_query(&x->r, coll, fl, prm, &site, 1);
	} else if (strcmp(method, "PATCH") == 0 || strcmp(method, "PUT") == 0) {
		const struct jv *data = jv_get(body, "data");

		if (!has_id && !me && data != NULL) {
			/* { keys, data } or { query, data } */
			rest_filter(&x->r, coll, fl,
			    jv_get(jv_get(body, "query"), "filter"));
			body = data;
		}
		rest_write(&x->r, coll, fl, body, UA_UPDATE, &site);
		if (jv_get(prm, "fields") != NULL)
			rest_query(&x->r, coll, fl, prm, &site, 1);
	} else if (strcmp(method, "DELETE") == 0) {
		rest_filter(
		    &x->r, coll, fl, jv_get(jv_get(body, "query"), "filter"));
		rest_op(&x->r, coll, fl, UA_DELETE, UC_EXACT, &site);
	}
}

/* the raw text of a string token holds /items/ or a system path: most
   strings are not cooked at all */
static int
might_be_url(const char *c, size_t len)
{
	const char *p = c, *e = c + len;
	size_t k, hi;

	while ((p = memchr(p, '/', (size_t)(e - p))) != NULL) {
		p++;
		/* every path starts with a lowercase letter */
		if (p == e || *p < 'a' || *p > 'v')
			continue;
		if ((size_t)(e - p) >= 6 && memcmp(p, "items/", 6) == 0)
			return 1;
		sys_path_range(*p, &k, &hi);
		for (; k < hi; k++)
			/* the length first: a '/' may end the string */
			if ((size_t)(e - p) >= sys_paths[k].len &&
			    memcmp(p, sys_paths[k].path, sys_paths[k].len) == 0)
				return 1;
	}
	return 0;
}

/* where a REST path starts in string v: after leading holes, or after
   scheme://host; (size_t)-1 when it does not look like a Directus URL */
static size_t
url_path(const struct jv *v, int *prefix)
{
	size_t p = 0, n = v->n;
	const char *s = v->s;

	*prefix = 0;
	while (p < n && s[p] == JV_HOLE) {
		p++;
		*prefix = 1;
	}
	if (p + 8 < n &&
	    (memcmp(s + p, "http://", 7) == 0 ||
		memcmp(s + p, "https://", 8) == 0)) {
		p += s[p + 4] == 's' ? 8 : 7;
		while (p < n && s[p] != '/')
			p++;
		*prefix = 1;
	}
	return p < n && s[p] == '/' ? p : (size_t)-1;
}

/* customEndpoint({ path, method, params, body }) at token i */
static void
custom_endpoint(struct sctx *x, struct jv *o)
{
	const struct jv *path = jv_get(o, "path"), *m = jv_get(o, "method");
	size_t p;
	int prefix;

	if (path == NULL || path->kind != JV_STRING ||
	    (p = url_path(path, &prefix)) == (size_t)-1)
		return;
	rest_url(x, path, p, literal(m) != NULL ? m->s : "GET",
	    jv_get(o, "body"), jv_get(o, "params"));
}

static void
maybe_url(struct sctx *x, size_t i)
{
	size_t j = i, p, n;
	struct jv *v;
	const char *s;
	int prefix = 0, called;
	char method[16];
	const struct jv *body, *extra;

	/* the literal alone: '/items/x?...' + rest still names x */
	v = jv_string_at(x->t, j);
	s = v->s;
	n = v->n;
	if ((p = url_path(v, &prefix)) == (size_t)-1)
		return;
	/* a system path only with a Directus base before it, or with a
	   query (a bare "/users" is an app route) */
	if (!(n - p > 7 && memcmp(s + p, "/items/", 7) == 0) && !prefix &&
	    memchr(s + p, '?', n - p) == NULL)
		return;
	/* customEndpoint's path: read with its call */
	if (i >= 2 && jv_punct(x->t, i - 1, ':') &&
	    jv_ident(x->t, i - 2, "path"))
		return;
	called = url_call(x, i, method, sizeof(method), &body, &extra);
	/* a bare '/items/cart' outside any request may be an app route */
	x->weak = !prefix && !called && memchr(s + p, '?', n - p) == NULL ? 2
									  : 0;
	rest_url(x, v, p, method, body, extra);
	x->weak = 0;
}

/* the first bytes of the names a call at `(` or `<` may be mapped for:
   the commands' verbs (read create update delete aggregate import upload
   utils custom), items, singleton and $name */
static const unsigned char call_start[256] = {
	['$'] = 1,
	['a'] = 1,
	['c'] = 1,
	['d'] = 1,
	['i'] = 1,
	['r'] = 1,
	['s'] = 1,
	['u'] = 1,
};

void
usage_sdk_scan(struct jv_toks *t, const char *file, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out)
{
	struct sctx x;
	size_t i, k;
	const struct jv_tok *v;
	const uint32_t *lit, *lend, *call, *cend;
	const char *text;

	memset(&x, 0, sizeof(x));
	x.t = t;
	x.file = file;
	x.r.old = old;
	x.r.new = new;
	x.r.out = out;
	x.r.toks = t;
	x.evidence = -1;
	collect_aliases(&x);
	x.r.file = file;
	x.r.max_depth = o != NULL ? o->max_depth : 0;
	/* the arrays do not change: locals the calls cannot touch */
	v = t->v;
	text = t->text;
	/* the only tokens the forms below start at: the string and template
	   literals (a URL) and the identifiers before a ( < . or as (a call,
	   a member access, a cast callee), both lists ascending, taken in
	   token order */
	lit = t->lits;
	lend = t->nlits > 0 ? lit + t->nlits : lit; /* lit may be NULL */
	call = t->calls;
	cend = t->ncalls > 0 ? call + t->ncalls : call;
	for (;;) {
		char next;

		/* the literals before the next call */
		for (k = call < cend ? *call : SIZE_MAX; lit < lend && *lit < k;
		     lit++) {
			const struct jv_tok *k0 = &v[*lit];

			if (k0->end - k0->start > 4 &&
			    might_be_url(text + k0->start, k0->end - k0->start))
				maybe_url(&x, *lit);
		}
		if (call == cend)
			break;
		i = *call++;
		next = text[v[i + 1].start];
		if (next != '.') {
			/* the first byte of a command (sdk_call()), of items,
			   singleton or a $name rejects most calls; an alias
			   may be any name */
			if (x.nal == 0 &&
			    !call_start[(unsigned char)text[v[i].start]])
				continue;
			if (jv_ident(t, i, "items") ||
			    jv_ident(t, i, "singleton")) {
				if (i > 0)
					legacy_handler(&x, i);
				continue;
			}
			sdk_call(&x, i);
			continue;
		}
		if (i > 0 && jv_punct(t, i - 1, '.')) {
			legacy_system(&x, i);
			continue;
		}
		/* a legacy handler kept in a variable: h.readByQuery() */
		if (x.nh > 0 && i + 2 < t->n) {
			for (k = 0; k < x.nh; k++)
				if (t->v[i].end - t->v[i].start == x.h[k].len &&
				    memcmp(t->text + t->v[i].start, x.h[k].name,
					x.h[k].len) == 0)
					break;
			if (k < x.nh)
				legacy_method(&x, i + 2, x.h[k].coll,
				    x.h[k].singleton,
				    handler_context(
					&x, x.h[k].singleton, x.h[k].coll));
		}
	}
	free(x.h);
	free(x.al);
	rest_ctx_release(&x.r);
}
