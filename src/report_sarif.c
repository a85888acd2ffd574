#include "drift/compat.h"

#include <stdint.h>
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
#include "drift/usage_join.h"
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

static const char *
level(enum severity s)
{
	return s == SEV_BREAKING ? "error"
	    : s == SEV_DANGEROUS ? "warning"
				 : "note";
}

/* new: {"text": s} */
static json_t *
message(const char *s)
{
	json_t *o = json_object();

	if (o != NULL && report_json_set(o, "text", report_json_text(s)) != 0) {
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
		buf_addch(
		    &b, up && *id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' : *id);
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
	if (o != NULL &&
	    (report_json_set(o, "text", json_string(text.buf)) ||
		report_json_set(o, "markdown", json_string(md.buf)))) {
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
	json_t *o = json_object(), *conf = json_object();
	json_t *props = json_object();
	int e = o == NULL || conf == NULL || props == NULL;

	e = e ||
	    report_json_set(conf, "level", json_string(level(r->severity))) ||
	    report_json_set(
		props, "severity", json_string(severity_name(r->severity))) ||
	    report_json_set(
		props, "entity", json_string(entity_kind_name(r->entity))) ||
	    report_json_set(
		props, "watches", report_json_str_or_null(r->path)) ||
	    report_json_set(o, "id", json_string(r->id)) ||
	    report_json_set(o, "name", rule_name(r->id)) ||
	    report_json_set(o, "shortDescription", message(r->summary)) ||
	    report_json_set(o, "fullDescription",
		message(r->rationale ? r->rationale : r->summary)) ||
	    report_json_set(o, "help", rule_help(r)) ||
	    report_json_set(o, "defaultConfiguration", json_incref(conf)) ||
	    report_json_set(o, "properties", json_incref(props));
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
	const char *slash = memchr(path, '/', len),
		   *colon = memchr(path, ':', len);
	int is_url = len > 7 &&
	    (strncmp(path, "http://", 7) == 0 ||
		strncmp(path, "https://", 8) == 0);
	json_t *ret;
	size_t i;

	if (!is_url && colon != NULL && (slash == NULL || colon < slash))
		buf_adds(&b, "./");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') ||
		    strchr("-._~!$&'()*+,;=/:@", c) != NULL)
			buf_addch(&b, c);
		else if (is_url && strchr("?#%[]", c) != NULL)
			buf_addch(&b, c);
		else
			buf_addf(&b, "%%%c%c", hex[c >> 4], hex[c & 0xf]);
	}
	ret = report_json_text(b.buf);
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
		e = e ||
		    report_json_set(art, "uri", uri(loc.path, loc.pathlen)) ||
		    report_json_set(phys, "artifactLocation", json_incref(art));
		if (loc.line != 0) {
			reg = json_object();
			e = e || reg == NULL ||
			    report_json_set(
				reg, "startLine", json_integer(loc.line)) ||
			    (loc.col != 0 &&
				report_json_set(reg, "startColumn",
				    json_integer(loc.col))) ||
			    report_json_set(phys, "region", json_incref(reg));
		}
		e = e ||
		    report_json_set(l, "physicalLocation", json_incref(phys)) ||
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

/* new: the front-end sites that use the change (usage_join.h), at most
   SARIF_MAX_RELATED of them */
#define SARIF_MAX_RELATED 100
static json_t *
related(const struct change *c)
{
	json_t *arr = json_array();
	size_t i;
	int e = arr == NULL;

	for (i = 0; !e && i < c->usage->nsites && i < SARIF_MAX_RELATED; i++) {
		const struct usage_ref *r = c->usage->sites[i];
		const char *f = r->site.file ? r->site.file : "";
		json_t *l = json_object(), *phys = json_object();
		json_t *art = json_object(), *reg = json_object();
		json_t *msg = json_object();

		e = l == NULL || phys == NULL || art == NULL || reg == NULL ||
		    msg == NULL ||
		    report_json_set(l, "id", json_integer((json_int_t)i)) ||
		    report_json_set(art, "uri", uri(f, strlen(f))) ||
		    report_json_set(
			phys, "artifactLocation", json_incref(art)) ||
		    (r->site.line != 0 &&
			(report_json_set(
			     reg, "startLine", json_integer(r->site.line)) ||
			    (r->site.col != 0 &&
				report_json_set(reg, "startColumn",
				    json_integer(r->site.col))) ||
			    report_json_set(
				phys, "region", json_incref(reg)))) ||
		    report_json_set(l, "physicalLocation", json_incref(phys)) ||
		    report_json_set(msg, "text",
			json_string(usage_access_name(r->access))) ||
		    report_json_set(l, "message", json_incref(msg)) ||
		    json_array_append(arr, l);
		json_decref(l);
		json_decref(phys);
		json_decref(art);
		json_decref(reg);
		json_decref(msg);
	}
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
	e = e || report_json_set(s, "kind", json_string("external")) ||
	    report_json_set(s, "status", json_string("accepted")) ||
	    report_json_set(s, "justification",
		report_json_text(c->status_reason ? c->status_reason : why)) ||
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

	e = e || report_json_set(fp, FINGERPRINT_KEY, json_string(c->id)) ||
	    report_json_set(props, "id", json_string(c->id)) ||
	    report_json_set(
		props, "severity", json_string(severity_name(c->severity))) ||
	    report_json_set(props, "defaultSeverity",
		json_string(severity_name(c->rule->severity))) ||
	    report_json_set(
		props, "entity", json_string(entity_kind_name(c->entity))) ||
	    report_json_set(
		props, "collection", report_json_text(c->collection)) ||
	    report_json_set(
		props, "field", report_json_str_or_null(c->field)) ||
	    report_json_set(props, "path", report_json_str_or_null(c->path)) ||
	    report_json_set(
		props, "status", json_string(report_change_status(c))) ||
	    report_json_set(
		props, "reason", report_json_str_or_null(c->status_reason)) ||
	    report_json_set(props, "failsRun",
		json_boolean(report_change_fails(c, in->fail_on))) ||
	    report_json_set(o, "ruleId", json_string(c->rule->id)) ||
	    report_json_set(o, "ruleIndex", json_integer((json_int_t)index)) ||
	    report_json_set(o, "level", json_string(level(c->severity))) ||
	    report_json_set(o, "message",
		message(c->message ? c->message : c->rule->summary)) ||
	    report_json_set(o, "locations", locations(in, c)) ||
	    (c->usage != NULL && c->usage->nsites > 0 &&
		report_json_set(o, "relatedLocations", related(c))) ||
	    report_json_set(o, "partialFingerprints", json_incref(fp)) ||
	    (c->status != CHANGE_REPORTED &&
		report_json_set(o, "suppressions", suppressions(c))) ||
	    report_json_set(o, "properties", json_incref(props));
	json_decref(fp);
	json_decref(props);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
run_props(const struct report_input *in, const struct report_summary *sum)
{
	json_t *o = json_object();

	if (o != NULL &&
	    (report_json_set(o, "old", report_json_side(in->old)) ||
		report_json_set(o, "new", report_json_side(in->new)) ||
		report_json_set(o, "notes", report_json_notes(in)) ||
		report_json_set(o, "summary", report_json_summary(sum)) ||
		report_json_set(o, "failOn",
		    json_string(report_fail_on_name(in->fail_on))) ||
		report_json_set(o, "failed", json_boolean(sum->failed)) ||
		report_json_set(o, "affectedCollections",
		    report_json_strings(sum->affected, sum->naffected)))) {
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

/* the i-th result, for report_json_emit_items */
static json_t *
result_item(const void *ctx, size_t i)
{
	const struct report_input *in = ctx;
	const struct change *c = &in->cs->v[i];
	const struct rule *t;
	size_t n, ri;
	json_t *r;

	t = rules_table(&n);
	ri = rule_index(t, n, c->rule);
	r = result(in, c, ri);
	/* a rule outside the table: no index rather than a wrong one */
	if (r != NULL && ri == n)
		json_object_del(r, "ruleIndex");
	return r;
}

static json_t *
build(const struct report_input *in, const struct report_summary *sum)
{
	json_t *root = json_object(), *runs = json_array();
	json_t *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array(), *results = report_json_slot();
	const struct rule *t;
	size_t i, n;
	int e = root == NULL || runs == NULL || run == NULL || tool == NULL ||
	    driver == NULL || rules == NULL || results == NULL;

	t = rules_table(&n);
	for (i = 0; !e && i < n; i++) {
		json_t *r = rule_desc(&t[i]);

		e = r == NULL || json_array_append_new(rules, r);
	}
	e = e || report_json_set(driver, "name", json_string(DRIFT_NAME)) ||
	    report_json_set(driver, "version", json_string(DRIFT_VERSION)) ||
	    report_json_set(
		driver, "semanticVersion", json_string(DRIFT_VERSION)) ||
	    report_json_set(driver, "rules", json_incref(rules)) ||
	    report_json_set(tool, "driver", json_incref(driver)) ||
	    report_json_set(run, "tool", json_incref(tool)) ||
	    report_json_set(
		run, "columnKind", json_string("unicodeCodePoints")) ||
	    report_json_set(run, "results", json_incref(results)) ||
	    report_json_set(run, "properties", run_props(in, sum)) ||
	    json_array_append(runs, run) ||
	    report_json_set(root, "$schema", json_string(SARIF_SCHEMA)) ||
	    report_json_set(root, "version", json_string("2.1.0")) ||
	    report_json_set(root, "runs", json_incref(runs));
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

int
report_sarif(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	json_t *root;
	int ret;

	report_summarize(in, &sum);
	root = build(in, &sum);
	ret = report_json_emit_items(
	    root, in->cs->n, result_item, in, in->spill, "SARIF", out, err);
	json_decref(root);
	report_summary_release(&sum);
	return ret;
}
