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
#include "drift/report_usage.h"
#include "drift/rules.h"

/*
 * The GitLab Code Quality report (artifacts:reports:codequality): a JSON
 * array of issues in the Code Climate subset GitLab reads:
 *
 *   {"type": "issue", "description": "field articles.views was removed",
 *    "check_name": "field-removed", "fingerprint": "<32 hex>",
 *    "severity": "blocker", "categories": ["Compatibility"],
 *    "location": {"path": "schema.yaml", "lines": {"begin": 412}}}
 *
 * Severity: breaking "blocker", dangerous "major", safe "minor", cosmetic
 * "info"; ignored and accepted changes are "info" whatever their
 * severity, and their description says "(accepted: REASON)".  Every change
 * is one issue.  fingerprint is report_fingerprint_long(): stable across
 * runs, unique per change (GitLab keeps only one issue per fingerprint
 * and compares them between the base and the head of a merge request).
 * GitLab requires a path and a line: a change without a line is put on
 * line 1 of the committed file; a change with no file at all is put on
 * the OLD side's origin as written.  Categories: "Compatibility", and
 * "Style" for cosmetic changes.
 */

static const char *
severity(const struct change *c)
{
	static const char *const names[] = { "info", "minor", "major",
		"blocker" };

	return c->status != CHANGE_REPORTED ? "info" : names[c->severity];
}

static json_t *
issue(const struct report_input *in, const struct change *c)
{
	struct report_loc loc;
	struct buf d = BUF_INIT;
	char fp[33];
	json_t *o = json_object(), *l = json_object(), *lines = json_object();
	json_t *cats = json_array();
	int e = o == NULL || l == NULL || lines == NULL || cats == NULL;

	report_change_loc(in, c, &loc);
	if (loc.path == NULL) {
		loc.path = in->old->origin != NULL ? in->old->origin : "";
		loc.pathlen = strlen(loc.path);
	}
	report_fingerprint_long(c, fp);
	buf_addf(&d, "%s: %s [id %s]", severity_name(c->severity),
	    c->message ? c->message : c->rule->summary, c->id);
	report_usage_add(&d, c->usage, 3, "; ");
	if (c->status != CHANGE_REPORTED)
		buf_addf(&d, " (%s: %s)", report_status_name(c->status),
		    c->status_reason ? c->status_reason : "by the policy");
	e = e ||
	    json_array_append_new(cats,
		json_string(
		    c->severity == SEV_COSMETIC ? "Style" : "Compatibility")) ||
	    report_json_set(
		lines, "begin", json_integer(loc.line ? loc.line : 1)) ||
	    report_json_set(
		l, "path", report_json_textn(loc.path, loc.pathlen)) ||
	    report_json_set(l, "lines", json_incref(lines)) ||
	    report_json_set(o, "type", json_string("issue")) ||
	    report_json_set(o, "description", report_json_text(d.buf)) ||
	    report_json_set(o, "check_name", json_string(c->rule->id)) ||
	    report_json_set(o, "fingerprint", json_string(fp)) ||
	    report_json_set(o, "severity", json_string(severity(c))) ||
	    report_json_set(o, "categories", json_incref(cats)) ||
	    report_json_set(o, "location", json_incref(l));
	json_decref(l);
	json_decref(lines);
	json_decref(cats);
	buf_release(&d);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

struct gitlab_ctx {
	const struct report_input *in;
	const size_t *order;
};

static json_t *
issue_item(const void *ctx, size_t i)
{
	const struct gitlab_ctx *g = ctx;

	return issue(g->in, &g->in->cs->v[g->order[i]]);
}

int
report_gitlab(const struct report_input *in, struct buf *out, struct derr *err)
{
	json_t *root = report_json_slot();
	struct gitlab_ctx g = { in, report_order(in->cs) };
	int ret;

	ret = report_json_emit_items(
	    root, in->cs->n, issue_item, &g, in->spill, "GitLab", out, err);
	json_decref(root);
	free((void *)g.order);
	return ret;
}
