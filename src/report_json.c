#include "drift/compat.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/rules.h"
#include "drift/tree.h"

/*
 * The JSON report (SPEC section 5), the machine contract described by
 * schema/report.schema.json.  Keys come out in a fixed, documented order
 * (JSON_PRESERVE_ORDER), not sorted, so that a person reading it sees
 * report_version first and changes last.  report_version changes only
 * when an existing key changes meaning or goes away; adding a key does
 * not change it.
 */

#define REPORT_VERSION 1

/* jansson reference helpers: each "steals" its value */
static int
set(json_t *obj, const char *key, json_t *val)
{
	return val == NULL ? -1 : json_object_set_new(obj, key, val);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

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
		ret = json_stringn(n->u.s.p, n->u.s.len);
		break;
	case TN_MAP:
		ret = json_object();
		for (i = 0; ret != NULL && i < n->u.map.n; i++) {
			sub = tnode_to_json(&n->u.map.v[i].val);
			if (set(ret, n->u.map.v[i].key, sub) != 0) {
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
side(const struct snapshot *s)
{
	json_t *o = json_object();

	if (o != NULL && (set(o, "origin", str_or_null(s->origin)) ||
	    set(o, "directus", str_or_null(s->directus)) ||
	    set(o, "vendor", str_or_null(s->vendor)) ||
	    set(o, "filtered", json_boolean(s->filtered)))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static int
add_notes(json_t *arr, char *const *notes, size_t n)
{
	size_t i, j;
	int ret = 0;

	for (i = 0; ret == 0 && i < n; i++) {
		for (j = 0; j < json_array_size(arr); j++)
			if (strcmp(json_string_value(json_array_get(arr, j)),
			    notes[i]) == 0)
				break;
		if (j == json_array_size(arr))
			ret = json_array_append_new(arr, json_string(notes[i]));
	}
	return ret;
}

static json_t *
notes(const struct report_input *in)
{
	json_t *arr = json_array();

	if (arr != NULL && (add_notes(arr, in->old->notes, in->old->nnotes) ||
	    add_notes(arr, in->new->notes, in->new->nnotes) ||
	    add_notes(arr, in->cs->notes, in->cs->nnotes))) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

static json_t *
summary(const struct report_summary *sum)
{
	json_t *o = json_object();

	if (o != NULL && (
	    set(o, "breaking", json_integer(sum->count[SEV_BREAKING])) ||
	    set(o, "dangerous", json_integer(sum->count[SEV_DANGEROUS])) ||
	    set(o, "safe", json_integer(sum->count[SEV_SAFE])) ||
	    set(o, "cosmetic", json_integer(sum->count[SEV_COSMETIC])) ||
	    set(o, "ignored", json_integer(sum->ignored)) ||
	    set(o, "accepted", json_integer(sum->accepted)))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
location(const struct change *c)
{
	json_t *o = NULL;

	if (c->loc_origin != NULL)
		o = json_object();
	if (o != NULL && (set(o, "file", json_string(c->loc_origin)) ||
	    set(o, "line", c->line ? json_integer(c->line) : json_null()) ||
	    set(o, "column", c->line && c->col ? json_integer(c->col) :
	    json_null()))) {
		json_decref(o);
		o = NULL;
	}
	return c->loc_origin == NULL ? json_null() : o;
}

static const char *
status_name(enum change_status s)
{
	return s == CHANGE_IGNORED ? "ignored" :
	    s == CHANGE_ACCEPTED ? "accepted" : "reported";
}

static json_t *
change(const struct change *c)
{
	json_t *o = json_object();

	if (o != NULL && (set(o, "id", json_string(c->id)) ||
	    set(o, "rule", json_string(c->rule->id)) ||
	    set(o, "severity", json_string(severity_name(c->severity))) ||
	    set(o, "default_severity",
	    json_string(severity_name(c->rule->severity))) ||
	    set(o, "entity", json_string(entity_kind_name(c->entity))) ||
	    set(o, "collection", json_string(c->collection)) ||
	    set(o, "field", str_or_null(c->field)) ||
	    set(o, "path", str_or_null(c->path)) ||
	    set(o, "old", tnode_to_json(c->old_value)) ||
	    set(o, "new", tnode_to_json(c->new_value)) ||
	    set(o, "message", json_string(c->message ? c->message : "")) ||
	    set(o, "location", location(c)) ||
	    set(o, "status", json_string(status_name(c->status))) ||
	    set(o, "reason", str_or_null(c->status_reason)))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
build(const struct report_input *in, const struct report_summary *sum)
{
	json_t *root = json_object(), *tool = json_object();
	json_t *aff = json_array(), *changes = json_array();
	size_t i;
	int r = root == NULL || tool == NULL || aff == NULL || changes == NULL;

	r = r || set(tool, "name", json_string(DRIFT_NAME)) ||
	    set(tool, "version", json_string(DRIFT_VERSION));
	for (i = 0; !r && i < sum->naffected; i++)
		r = json_array_append_new(aff, json_string(sum->affected[i]));
	for (i = 0; !r && i < in->cs->n; i++) {
		json_t *c = change(&in->cs->v[i]);

		r = c == NULL || json_array_append_new(changes, c);
	}
	r = r || set(root, "report_version", json_integer(REPORT_VERSION)) ||
	    set(root, "tool", json_incref(tool)) ||
	    set(root, "old", side(in->old)) ||
	    set(root, "new", side(in->new)) ||
	    set(root, "notes", notes(in)) ||
	    set(root, "summary", summary(sum)) ||
	    set(root, "fail_on", json_string(report_fail_on_name(in->fail_on)))
	    || set(root, "failed", json_boolean(sum->failed)) ||
	    set(root, "affected_collections", json_incref(aff)) ||
	    set(root, "changes", json_incref(changes));
	json_decref(tool);
	json_decref(aff);
	json_decref(changes);
	if (r) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

static int
dump_cb(const char *data, size_t size, void *ctx)
{
	return buf_add(ctx, data, size);
}

int
report_json(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	json_t *root;
	int ret = -1;

	report_summarize(in, &sum);
	root = build(in, &sum);
	if (root == NULL) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot build the JSON report (invalid UTF-8 or "
		    "out of memory)");
		goto out;
	}
	if (json_dump_callback(root, dump_cb, out,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    buf_addch(out, '\n') != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the JSON report is too large");
		goto out;
	}
	ret = 0;
out:
	json_decref(root);
	report_summary_release(&sum);
	return ret;
}
