/*
 * usage_report.c: "directus-drift usage" output, text and JSON
 * (usage_report.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/report_fmt.h"
#include "drift/rules.h"
#include "drift/usage.h"
#include "drift/usage_report.h"
#include "drift/xalloc.h"

#define USAGE_REPORT_VERSION 1

static const struct usage_set *sort_set; /* qsort has no context */

static int
name_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* by (collection, field), then the set's own order (file, line, col) */
static int
ref_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct usage_ref *x = &sort_set->refs[a], *y = &sort_set->refs[b];
	int c = strcmp(x->collection, y->collection);

	if (c == 0)
		c = name_cmp(x->field, y->field);
	if (c == 0)
		c = (a > b) - (a < b);
	return c;
}

/* new: record numbers grouped by (collection, field) */
static size_t *
grouped(const struct usage_set *u)
{
	size_t *ix = xcalloc(u->nrefs + 1, sizeof(*ix)), i;

	for (i = 0; i < u->nrefs; i++)
		ix[i] = i;
	sort_set = u;
	if (u->nrefs > 1)
		qsort(ix, u->nrefs, sizeof(*ix), ref_cmp);
	sort_set = NULL;
	return ix;
}

static int
same_key(const struct usage_ref *a, const struct usage_ref *b)
{
	return strcmp(a->collection, b->collection) == 0 &&
	    name_cmp(a->field, b->field) == 0;
}

/* the text report strips control characters from names and files */
static int
add_safe(struct buf *b, const char *s)
{
	return report_add_utf8(b, s ? s : "", s ? strlen(s) : 0, 1);
}

static size_t
count_keys(const struct usage_set *u, const size_t *ix)
{
	size_t i, n = 0;

	for (i = 0; i < u->nrefs; i++)
		if (i == 0 || !same_key(&u->refs[ix[i - 1]], &u->refs[ix[i]]))
			n++;
	return n;
}

static size_t
count_findings(const struct changeset *cs, size_t *ignored)
{
	size_t i, n = 0;

	*ignored = 0;
	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].status == CHANGE_REPORTED)
			n++;
		else
			(*ignored)++;
	}
	return n;
}

int
usage_report_text(
    const struct usage_report_input *in, struct buf *out, struct derr *err)
{
	const struct usage_set *u = in->u;
	const struct changeset *cs = in->cs;
	size_t *ix = grouped(u), i, nfind, nign;
	int r = 0;

	r |= add_safe(out, in->snap->origin);
	r |= buf_addf(out,
	    ": %zu file%s scanned, %zu reference%s to %zu name%s\n", u->nfiles,
	    u->nfiles == 1 ? "" : "s", u->nrefs, u->nrefs == 1 ? "" : "s",
	    count_keys(u, ix), count_keys(u, ix) == 1 ? "" : "s");
	for (i = 0; i < u->nrefs; i++) {
		const struct usage_ref *x = &u->refs[ix[i]];

		if (i == 0 || !same_key(&u->refs[ix[i - 1]], x)) {
			if (r == 0 && report_spill(in->spill, out, err) != 0) {
				free(ix);
				return -1;
			}
			r |= buf_addch(out, '\n');
			r |= add_safe(out, x->collection);
			if (x->field != NULL) {
				r |= buf_addch(out, '.');
				r |= add_safe(out, x->field);
			} else {
				r |= buf_adds(out, " (collection)");
			}
			r |= buf_addch(out, '\n');
		}
		r |= buf_adds(out, "  ");
		r |= add_safe(out, x->site.file);
		r |= buf_addf(out, ":%u:%u  %s", (unsigned)x->site.line,
		    (unsigned)x->site.col, usage_access_name(x->access));
		if (x->certainty == UC_POSSIBLY)
			r |= buf_adds(out, " (possibly)");
		if (x->context != NULL) {
			r |= buf_adds(out, "  ");
			r |= add_safe(out, x->context);
		}
		r |= buf_addch(out, '\n');
	}
	nfind = count_findings(cs, &nign);
	if (cs->n > 0)
		r |= buf_adds(out, "\nfindings:\n");
	for (i = 0; i < cs->n; i++) {
		const struct change *c = &cs->v[i];

		r |= buf_addf(out, "  %-10s ",
		    c->status == CHANGE_REPORTED
			? severity_name(c->severity)
			: report_status_name(c->status));
		r |= add_safe(out, c->message);
		r |= buf_adds(out, " (");
		r |= add_safe(out, c->loc_origin);
		r |= buf_addf(out, ":%u:%u, %s)\n", (unsigned)c->line,
		    (unsigned)c->col, c->rule->id);
	}
	if (cs->nnotes > 0)
		r |= buf_adds(out, "\nnotes:\n");
	for (i = 0; i < cs->nnotes; i++) {
		r |= buf_adds(out, "  ");
		r |= add_safe(out, cs->notes[i]);
		r |= buf_addch(out, '\n');
	}
	r |= buf_addf(out, "\n%zu finding%s", nfind, nfind == 1 ? "" : "s");
	if (nign > 0)
		r |= buf_addf(out, ", %zu ignored or accepted", nign);
	r |= buf_addf(out, "\n%s\n", in->failed ? "fails" : "passes");
	free(ix);
	if (r != 0)
		return derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the usage report is too large");
	return 0;
}

static json_t *
json_site(const struct usage_ref *x)
{
	json_t *s = json_object();

	if (s != NULL &&
	    (report_json_set(
		 s, "file", json_string(x->site.file ? x->site.file : "")) ||
		report_json_set(s, "line",
		    x->site.line ? json_integer(x->site.line) : json_null()) ||
		report_json_set(s, "column",
		    x->site.col ? json_integer(x->site.col) : json_null()) ||
		report_json_set(
		    s, "access", json_string(usage_access_name(x->access))) ||
		report_json_set(s, "certainty",
		    json_string(
			x->certainty == UC_POSSIBLY ? "possibly" : "exact")) ||
		report_json_set(
		    s, "context", report_json_str_or_null(x->context)))) {
		json_decref(s);
		s = NULL;
	}
	return s;
}

/* the (collection, field) groups of the sorted index: group g is
   ix[start[g] .. start[g + 1]) */
struct groups {
	const struct usage_set *u;
	const size_t *ix;
	size_t *start;
	size_t n;
};

static void
groups_init(struct groups *g, const struct usage_set *u, const size_t *ix)
{
	size_t i;

	g->u = u;
	g->ix = ix;
	g->n = 0;
	g->start = xreallocarray(NULL, u->nrefs + 1, sizeof(*g->start));
	for (i = 0; i < u->nrefs; i++)
		if (i == 0 || !same_key(&u->refs[ix[i - 1]], &u->refs[ix[i]]))
			g->start[g->n++] = i;
	g->start[g->n] = u->nrefs;
}

/* new: one element of "usage", built when written (report_fmt.h) */
static json_t *
json_group(const void *ctx, size_t k)
{
	const struct groups *g = ctx;
	const struct usage_ref *x = &g->u->refs[g->ix[g->start[k]]];
	json_t *cur = json_object(), *sites = json_array();
	size_t i;
	int e = cur == NULL || sites == NULL;

	e = e ||
	    report_json_set(cur, "collection", json_string(x->collection)) ||
	    report_json_set(cur, "field", report_json_str_or_null(x->field)) ||
	    report_json_set(cur, "sites", json_incref(sites));
	for (i = g->start[k]; !e && i < g->start[k + 1]; i++)
		e = json_array_append_new(
			sites, json_site(&g->u->refs[g->ix[i]])) != 0;
	json_decref(sites);
	if (e) {
		json_decref(cur);
		cur = NULL;
	}
	return cur;
}

static json_t *
json_finding(const struct change *c)
{
	json_t *o = json_object(), *loc = json_object();
	int e = o == NULL || loc == NULL;

	e = e ||
	    report_json_set(
		loc, "file", json_string(c->loc_origin ? c->loc_origin : "")) ||
	    report_json_set(
		loc, "line", c->line ? json_integer(c->line) : json_null()) ||
	    report_json_set(
		loc, "column", c->col ? json_integer(c->col) : json_null()) ||
	    report_json_set(o, "id", json_string(c->id)) ||
	    report_json_set(o, "rule", json_string(c->rule->id)) ||
	    report_json_set(
		o, "severity", json_string(severity_name(c->severity))) ||
	    report_json_set(o, "collection",
		report_json_str_or_null(
		    c->collection[0] ? c->collection : NULL)) ||
	    report_json_set(o, "field", report_json_str_or_null(c->field)) ||
	    report_json_set(o, "message", json_string(c->message)) ||
	    report_json_set(o, "location", json_incref(loc)) ||
	    report_json_set(
		o, "status", json_string(report_status_name(c->status))) ||
	    report_json_set(
		o, "reason", report_json_str_or_null(c->status_reason));
	json_decref(loc);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

int
usage_report_json(
    const struct usage_report_input *in, struct buf *out, struct derr *err)
{
	const struct usage_set *u = in->u;
	const struct changeset *cs = in->cs;
	json_t *root = json_object(), *tool = json_object();
	json_t *findings = json_array(), *notes = json_array();
	json_t *slot = report_json_slot();
	size_t *ix = grouped(u), i;
	struct groups g;
	int e = root == NULL || tool == NULL || findings == NULL ||
	    notes == NULL || slot == NULL;
	int ret;

	groups_init(&g, u, ix);
	for (i = 0; !e && i < cs->n; i++)
		e = json_array_append_new(findings, json_finding(&cs->v[i])) !=
		    0;
	for (i = 0; !e && i < cs->nnotes; i++)
		e = json_array_append_new(notes, json_string(cs->notes[i])) !=
		    0;
	e = e || report_json_set(tool, "name", json_string(DRIFT_NAME)) ||
	    report_json_set(tool, "version", json_string(DRIFT_VERSION)) ||
	    report_json_set(root, "usage_report_version",
		json_integer(USAGE_REPORT_VERSION)) ||
	    report_json_set(root, "tool", json_incref(tool)) ||
	    report_json_set(root, "snapshot", report_json_side(in->snap)) ||
	    report_json_set(root, "files_scanned", json_integer(u->nfiles)) ||
	    report_json_set(root, "usage", json_incref(slot)) ||
	    report_json_set(root, "findings", json_incref(findings)) ||
	    report_json_set(root, "notes", json_incref(notes)) ||
	    report_json_set(root, "failed", json_boolean(in->failed));
	json_decref(tool);
	json_decref(findings);
	json_decref(notes);
	json_decref(slot);
	if (e) {
		json_decref(root);
		root = NULL;
	}
	ret = report_json_emit_items(
	    root, g.n, json_group, &g, in->spill, "usage JSON", out, err);
	json_decref(root);
	free(g.start);
	free(ix);
	return ret;
}
