#include "drift/compat.h"

#include <stdint.h>
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
#include "drift/xalloc.h"

/*
 * The SARIF report: SARIF 2.1.0 (OASIS), one run, for code scanning
 * (GitHub's upload-sarif, Azure DevOps, IDE viewers).
 *
 *   - tool.driver.rules lists every rule of the table, in table order, so
 *     that a result's ruleIndex does not depend on the changes found.  A
 *     rule's defaultConfiguration.level comes from its default severity:
 *     breaking "error", dangerous "warning", safe and cosmetic "note".
 *   - one result per change, every change: level from the effective
 *     severity (same mapping), message.text the change's message, located
 *     in the committed file (report_change_loc; the region is left out
 *     when the line is unknown), partialFingerprints
 *     "directusDriftChangeId/v1" the change id (what waivers use),
 *     properties {severity, collection, field, path, status, ...}.
 *   - ignored and accepted changes carry a suppression {kind "external",
 *     status "accepted", justification the reason}: code scanning shows
 *     them as dismissed, not as open alerts.
 *   - run.properties carries the rest of the JSON report: both sides,
 *     notes, summary, fail_on, failed, affected collections.
 */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT_KEY "directusDriftChangeId/v1"

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

static const char *
level(enum severity s)
{
	return s == SEV_BREAKING ? "error" : s == SEV_DANGEROUS ? "warning" :
	    "note";
}

/* new: {"text": s} */
static json_t *
message(const char *s)
{
	json_t *o = json_object();

	if (o != NULL && set(o, "text", json_string(s)) != 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* "field-removed" -> "FieldRemoved": SARIF wants a readable identifier */
static json_t *
rule_name(const char *id)
{
	struct buf b = BUF_INIT;
	json_t *ret;
	int up = 1;

	for (; *id != '\0'; id++) {
		if (*id == '-') {
			up = 1;
			continue;
		}
		buf_addch(&b, up && *id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' :
		    *id);
		up = 0;
	}
	ret = json_string(b.buf);
	buf_release(&b);
	return ret;
}

/* new: {"text": ..., "markdown": ...}: the rationale and the example */
static json_t *
rule_help(const struct rule *r)
{
	struct buf text = BUF_INIT, md = BUF_INIT;
	const char *p, *nl;
	json_t *o = json_object();

	buf_adds(&text, r->rationale ? r->rationale : r->summary);
	buf_adds(&md, r->rationale ? r->rationale : r->summary);
	if (r->example != NULL && r->example[0] != '\0') {
		buf_addf(&text, "\n\nExample:\n%s", r->example);
		/* an indented block: the example may hold backquotes */
		buf_adds(&md, "\n\nExample:\n\n");
		for (p = r->example; *p != '\0'; p = nl) {
			nl = strchr(p, '\n');
			nl = nl != NULL ? nl + 1 : p + strlen(p);
			buf_adds(&md, "    ");
			buf_add(&md, p, (size_t)(nl - p));
		}
		if (md.buf[md.len - 1] != '\n')
			buf_addch(&md, '\n');
	}
	if (o != NULL && (set(o, "text", json_string(text.buf)) ||
	    set(o, "markdown", json_string(md.buf)))) {
		json_decref(o);
		o = NULL;
	}
	buf_release(&text);
	buf_release(&md);
	return o;
}

static json_t *
rule_desc(const struct rule *r)
{
	json_t *o = json_object(), *conf = json_object(), *props = json_object();
	int e = o == NULL || conf == NULL || props == NULL;

	e = e || set(conf, "level", json_string(level(r->severity))) ||
	    set(props, "severity", json_string(severity_name(r->severity))) ||
	    set(props, "entity", json_string(entity_kind_name(r->entity))) ||
	    set(props, "watches", str_or_null(r->path)) ||
	    set(o, "id", json_string(r->id)) ||
	    set(o, "name", rule_name(r->id)) ||
	    set(o, "shortDescription", message(r->summary)) ||
	    set(o, "fullDescription", message(r->rationale ? r->rationale :
	    r->summary)) ||
	    set(o, "help", rule_help(r)) ||
	    set(o, "defaultConfiguration", json_incref(conf)) ||
	    set(o, "properties", json_incref(props));
	json_decref(conf);
	json_decref(props);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/*
 * A relative path or a URL as a URI reference (RFC 3986): bytes outside
 * the unreserved and sub-delims sets (and '/', ':', '@') are %-encoded.
 * A colon before the first slash would read as a scheme in a relative
 * path: "./" is prepended then.
 */
static json_t *
uri(const char *path, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const char *slash = memchr(path, '/', len), *colon = memchr(path, ':',
	    len);
	int is_url = len > 7 && (strncmp(path, "http://", 7) == 0 ||
	    strncmp(path, "https://", 8) == 0);
	json_t *ret;
	size_t i;

	if (!is_url && colon != NULL && (slash == NULL || colon < slash))
		buf_adds(&b, "./");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=/:@",
		    c) != NULL)
			buf_addch(&b, c);
		else if (is_url && strchr("?#%[]", c) != NULL)
			buf_addch(&b, c);
		else
			buf_addf(&b, "%%%c%c", hex[c >> 4], hex[c & 0xf]);
	}
	ret = json_string(b.buf);
	buf_release(&b);
	return ret;
}

static json_t *
locations(const struct report_input *in, const struct change *c)
{
	struct report_loc loc;
	json_t *arr = json_array(), *l = json_object(), *phys = json_object();
	json_t *art = json_object(), *reg = NULL;
	int e = arr == NULL || l == NULL || phys == NULL || art == NULL;

	report_change_loc(in, c, &loc);
	if (loc.path == NULL && c->loc_origin != NULL) {
		/* a URL, say: better than no location at all */
		loc.path = c->loc_origin;
		loc.pathlen = strlen(c->loc_origin);
	}
	if (loc.path != NULL) {
		e = e || set(art, "uri", uri(loc.path, loc.pathlen)) ||
		    set(phys, "artifactLocation", json_incref(art));
		if (loc.line != 0) {
			reg = json_object();
			e = e || reg == NULL ||
			    set(reg, "startLine", json_integer(loc.line)) ||
			    (loc.col != 0 && set(reg, "startColumn",
			    json_integer(loc.col))) ||
			    set(phys, "region", json_incref(reg));
		}
		e = e || set(l, "physicalLocation", json_incref(phys)) ||
		    json_array_append(arr, l);
	}
	json_decref(l);
	json_decref(phys);
	json_decref(art);
	json_decref(reg);
	if (e) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

static json_t *
suppressions(const struct change *c)
{
	json_t *arr = json_array(), *s = json_object();
	char why[64];
	int e = arr == NULL || s == NULL;

	snprintf(why, sizeof(why), "%s by the policy",
	    report_status_name(c->status));
	e = e || set(s, "kind", json_string("external")) ||
	    set(s, "status", json_string("accepted")) ||
	    set(s, "justification", json_string(c->status_reason ?
	    c->status_reason : why)) ||
	    json_array_append(arr, s);
	json_decref(s);
	if (e) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

static json_t *
result(const struct report_input *in, const struct change *c, size_t index)
{
	json_t *o = json_object(), *fp = json_object(), *props = json_object();
	int e = o == NULL || fp == NULL || props == NULL;

	e = e || set(fp, FINGERPRINT_KEY, json_string(c->id)) ||
	    set(props, "id", json_string(c->id)) ||
	    set(props, "severity", json_string(severity_name(c->severity))) ||
	    set(props, "defaultSeverity",
	    json_string(severity_name(c->rule->severity))) ||
	    set(props, "entity", json_string(entity_kind_name(c->entity))) ||
	    set(props, "collection", json_string(c->collection)) ||
	    set(props, "field", str_or_null(c->field)) ||
	    set(props, "path", str_or_null(c->path)) ||
	    set(props, "status", json_string(report_status_name(c->status))) ||
	    set(props, "reason", str_or_null(c->status_reason)) ||
	    set(props, "failsRun", json_boolean(report_change_fails(c,
	    in->fail_on))) ||
	    set(o, "ruleId", json_string(c->rule->id)) ||
	    set(o, "ruleIndex", json_integer((json_int_t)index)) ||
	    set(o, "level", json_string(level(c->severity))) ||
	    set(o, "message", message(c->message ? c->message : c->rule->summary))
	    || set(o, "locations", locations(in, c)) ||
	    set(o, "partialFingerprints", json_incref(fp)) ||
	    (c->status != CHANGE_REPORTED && set(o, "suppressions",
	    suppressions(c))) ||
	    set(o, "properties", json_incref(props));
	json_decref(fp);
	json_decref(props);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
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

static json_t *
run_props(const struct report_input *in, const struct report_summary *sum)
{
	json_t *o = json_object(), *s = json_object(), *notes = json_array();
	json_t *aff = json_array();
	const char **nv;
	size_t i, nn;
	int e = o == NULL || s == NULL || notes == NULL || aff == NULL;

	nv = report_notes(in, &nn);
	for (i = 0; !e && i < nn; i++)
		e = json_array_append_new(notes, json_string(nv[i]));
	for (i = 0; !e && i < sum->naffected; i++)
		e = json_array_append_new(aff, json_string(sum->affected[i]));
	e = e || set(s, "breaking", json_integer(sum->count[SEV_BREAKING])) ||
	    set(s, "dangerous", json_integer(sum->count[SEV_DANGEROUS])) ||
	    set(s, "safe", json_integer(sum->count[SEV_SAFE])) ||
	    set(s, "cosmetic", json_integer(sum->count[SEV_COSMETIC])) ||
	    set(s, "ignored", json_integer(sum->ignored)) ||
	    set(s, "accepted", json_integer(sum->accepted)) ||
	    set(o, "old", side(in->old)) ||
	    set(o, "new", side(in->new)) ||
	    set(o, "notes", json_incref(notes)) ||
	    set(o, "summary", json_incref(s)) ||
	    set(o, "failOn", json_string(report_fail_on_name(in->fail_on))) ||
	    set(o, "failed", json_boolean(sum->failed)) ||
	    set(o, "affectedCollections", json_incref(aff));
	free(nv);
	json_decref(s);
	json_decref(notes);
	json_decref(aff);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

/* the row of r in the table (t, n), by address or else by id */
static size_t
rule_index(const struct rule *t, size_t n, const struct rule *r)
{
	size_t i = 0;

	if (r >= t && r < t + n) {
		i = (size_t)(r - t);
	} else {
		for (i = 0; i < n; i++)
			if (strcmp(t[i].id, r->id) == 0)
				break;
	}
	return i;
}

static json_t *
build(const struct report_input *in, const struct report_summary *sum)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array(), *results = json_array();
	const struct rule *t;
	size_t i, n;
	int e = root == NULL || runs == NULL || run == NULL || tool == NULL ||
	    driver == NULL || rules == NULL || results == NULL;

	t = rules_table(&n);
	for (i = 0; !e && i < n; i++) {
		json_t *r = rule_desc(&t[i]);

		e = r == NULL || json_array_append_new(rules, r);
	}
	for (i = 0; !e && i < in->cs->n; i++) {
		const struct change *c = &in->cs->v[i];
		size_t ri = rule_index(t, n, c->rule);
		json_t *r;

		/* a rule outside the table: no index rather than a wrong one */
		r = result(in, c, ri);
		if (r != NULL && ri == n)
			json_object_del(r, "ruleIndex");
		e = r == NULL || json_array_append_new(results, r);
	}
	e = e || set(driver, "name", json_string(DRIFT_NAME)) ||
	    set(driver, "version", json_string(DRIFT_VERSION)) ||
	    set(driver, "semanticVersion", json_string(DRIFT_VERSION)) ||
	    set(driver, "rules", json_incref(rules)) ||
	    set(tool, "driver", json_incref(driver)) ||
	    set(run, "tool", json_incref(tool)) ||
	    set(run, "columnKind", json_string("unicodeCodePoints")) ||
	    set(run, "results", json_incref(results)) ||
	    set(run, "properties", run_props(in, sum)) ||
	    json_array_append(runs, run) ||
	    set(root, "$schema", json_string(SARIF_SCHEMA)) ||
	    set(root, "version", json_string("2.1.0")) ||
	    set(root, "runs", json_incref(runs));
	json_decref(runs);
	json_decref(run);
	json_decref(tool);
	json_decref(driver);
	json_decref(rules);
	json_decref(results);
	if (e) {
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
report_sarif(const struct report_input *in, struct buf *out,
    struct derr *err)
{
	struct report_summary sum;
	json_t *root;
	int ret = -1;

	report_summarize(in, &sum);
	root = build(in, &sum);
	if (root == NULL) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot build the SARIF report (invalid UTF-8 or "
		    "out of memory)");
		goto out;
	}
	if (json_dump_callback(root, dump_cb, out,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    buf_addch(out, '\n') != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the SARIF report is too large");
		goto out;
	}
	ret = 0;
out:
	json_decref(root);
	report_summary_release(&sum);
	return ret;
}
