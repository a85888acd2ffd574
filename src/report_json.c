#include "drift/compat.h"

#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/report_fmt.h"
#include "drift/report_usage.h"
#include "drift/rules.h"
#include "drift/tree.h"
#include "drift/usage_join.h"

/*
 * The JSON report (SPEC section 5), the machine contract described by
 * schema/report.schema.json.  Keys come out in a fixed, documented order
 * (JSON_PRESERVE_ORDER), not sorted, so that a person reading it sees
 * report_version first and changes last.  report_version changes only
 * when an existing key changes meaning or goes away; adding a key does
 * not change it.
 */

#define REPORT_VERSION 1

/* new: n as a jansson value, or NULL when it cannot be represented */
static json_t *
tnode_to_json(const struct tnode *n)
{
	json_t *ret = NULL, *sub;
	size_t i;

	switch (n != NULL ? n->kind : TN_NULL) {
	case TN_NULL:
		ret = json_null();
		break;
	case TN_BOOL:
		ret = json_boolean(n->u.b);
		break;
	case TN_INT:
		ret = json_integer((json_int_t)n->u.i);
		break;
	case TN_FLOAT:
		/* as tnode_render does: JSON has no infinities or NaN */
		if (isnan(n->u.f))
			ret = json_string(".nan");
		else if (isinf(n->u.f))
			ret = json_string(n->u.f > 0 ? ".inf" : "-.inf");
		else
			ret = json_real(n->u.f);
		break;
	case TN_STR:
		ret = report_json_textn(n->u.s.p, n->u.s.len);
		break;
	case TN_MAP:
		ret = json_object();
		for (i = 0; ret != NULL && i < n->u.map.n; i++) {
			sub = tnode_to_json(&n->u.map.v[i].val);
			if (report_json_set(ret, n->u.map.v[i].key, sub) != 0) {
				json_decref(ret);
				ret = NULL;
			}
		}
		break;
	case TN_SEQ:
		ret = json_array();
		for (i = 0; ret != NULL && i < n->u.seq.n; i++) {
			sub = tnode_to_json(&n->u.seq.v[i]);
			if (sub == NULL || json_array_append_new(ret, sub)) {
				json_decref(ret);
				ret = NULL;
			}
		}
		break;
	default:
		break;
	}
	return ret;
}

static json_t *
location(const struct change *c)
{
	json_t *o = NULL;

	if (c->loc_origin != NULL)
		o = json_object();
	if (o != NULL &&
	    (report_json_set(o, "file", report_json_text(c->loc_origin)) ||
		report_json_set(
		    o, "line", c->line ? json_integer(c->line) : json_null()) ||
		report_json_set(o, "column",
		    c->line && c->col ? json_integer(c->col) : json_null()))) {
		json_decref(o);
		o = NULL;
	}
	return c->loc_origin == NULL ? json_null() : o;
}

/* new: why the change is ignored, accepted or expired, or null */
static json_t *
reason(const struct change *c)
{
	struct buf b = BUF_INIT;
	json_t *ret;

	if (c->status != CHANGE_REPORTED || c->expired == NULL)
		return report_json_str_or_null(c->status_reason);
	buf_addf(&b, "acceptance expired %s", c->expired);
	ret = report_json_text(b.buf);
	buf_release(&b);
	return ret;
}

static json_t *
change(const struct change *c)
{
	json_t *o = json_object();

	if (o != NULL &&
	    (report_json_set(o, "id", json_string(c->id)) ||
		report_json_set(o, "rule", json_string(c->rule->id)) ||
		report_json_set(
		    o, "severity", json_string(severity_name(c->severity))) ||
		report_json_set(o, "default_severity",
		    json_string(severity_name(c->rule->severity))) ||
		report_json_set(
		    o, "entity", json_string(entity_kind_name(c->entity))) ||
		report_json_set(
		    o, "collection", report_json_text(c->collection)) ||
		report_json_set(
		    o, "field", report_json_str_or_null(c->field)) ||
		report_json_set(o, "path", report_json_str_or_null(c->path)) ||
		report_json_set(o, "old", tnode_to_json(c->old_value)) ||
		report_json_set(o, "new", tnode_to_json(c->new_value)) ||
		report_json_set(o, "message",
		    report_json_text(c->message ? c->message : "")) ||
		report_json_set(o, "location", location(c)) ||
		report_json_set(
		    o, "status", json_string(report_change_status(c))) ||
		report_json_set(o, "reason", reason(c)) ||
		(c->usage != NULL &&
		    report_json_set(
			o, "usage", report_usage_json(c->usage))))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* new: the front-end files breaking or dangerous changes touch */
static json_t *
affected_files(const struct changeset *cs)
{
	const char **files = NULL;
	size_t n = usage_affected_files(cs, &files);
	json_t *ret = report_json_strings(files, n);

	free(files);
	return ret;
}

static json_t *
change_item(const void *ctx, size_t i)
{
	const struct changeset *cs = ctx;

	return change(&cs->v[i]);
}

static json_t *
build(const struct report_input *in, const struct report_summary *sum)
{
	json_t *root = json_object(), *tool = json_object();
	json_t *changes = report_json_slot();
	int r = root == NULL || tool == NULL || changes == NULL;

	r = r || report_json_set(tool, "name", json_string(DRIFT_NAME)) ||
	    report_json_set(tool, "version", json_string(DRIFT_VERSION));
	r = r ||
	    report_json_set(
		root, "report_version", json_integer(REPORT_VERSION)) ||
	    report_json_set(root, "tool", json_incref(tool)) ||
	    report_json_set(root, "old", report_json_side(in->old)) ||
	    report_json_set(root, "new", report_json_side(in->new)) ||
	    report_json_set(root, "notes", report_json_notes(in)) ||
	    report_json_set(root, "summary", report_json_summary(sum)) ||
	    report_json_set(root, "fail_on",
		json_string(report_fail_on_name(in->fail_on))) ||
	    report_json_set(root, "failed", json_boolean(sum->failed)) ||
	    report_json_set(root, "affected_collections",
		report_json_strings(sum->affected, sum->naffected)) ||
	    (in->usage &&
		report_json_set(
		    root, "affected_files", affected_files(in->cs))) ||
	    report_json_set(root, "changes", json_incref(changes));
	json_decref(tool);
	json_decref(changes);
	if (r) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

int
report_json(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	json_t *root;
	int ret;

	report_summarize(in, &sum);
	root = build(in, &sum);
	ret = report_json_emit_items(
	    root, in->cs->n, change_item, in->cs, in->spill, "JSON", out, err);
	json_decref(root);
	report_summary_release(&sum);
	return ret;
}
