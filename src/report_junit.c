#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/report_fmt.h"
#include "drift/report_usage.h"
#include "drift/rules.h"

/*
 * The JUnit XML report, in the shape GitLab (artifacts:reports:junit) and
 * Jenkins (junit step) read:
 *
 *   <testsuites name="directus-drift" tests= failures= errors="0"
 *       skipped="0" time="0">
 *     <testsuite name="directus-drift: OLD -> NEW" tests= failures= ...>
 *       <properties> old, new, fail-on, counts </properties>
 *       <testcase name="COLLECTION" classname="directus-drift"
 *           file="schema.yaml" time="0">
 *         <failure message="N breaking changes in COLLECTION"
 *             type="RULE-ID">the changes at or above --fail-on</failure>
 *         <system-out>the other changes of the collection</system-out>
 *       </testcase>
 *       <system-out>notes and the summary line</system-out>
 *     </testsuite>
 *   </testsuites>
 *
 * One test case per collection with a change (any change: cosmetic,
 * ignored and accepted ones included, so that every change appears once).
 * It fails when one of its changes counts against --fail-on; type is the
 * rule of the first such change (most severe first).  Ignored and
 * accepted changes are listed in system-out with their reason.  A run
 * without any change has one passing test case "(no changes)": some CI
 * systems treat a report without test cases as an error.  Output is
 * deterministic: no timestamp, no host name, time="0".
 *
 * Escaping: text and attribute values are escaped (& < > " '), invalid
 * UTF-8 becomes U+FFFD, control characters XML 1.0 cannot carry are
 * dropped, and line breaks in attributes are written as character
 * references so that they survive attribute normalization.
 */

#define CLASSNAME DRIFT_NAME
#define NO_CHANGES "(no changes)"

/* the XML escape of c, or NULL to keep it (attr: in an attribute value) */
static const char *
xml_char(unsigned char c, int attr)
{
	const char *ret = NULL;

	switch (c) {
	case '&':
		ret = "&amp;";
		break;
	case '<':
		ret = "&lt;";
		break;
	case '>':
		ret = "&gt;";
		break;
	case '"':
		ret = "&quot;";
		break;
	case '\'':
		ret = "&apos;";
		break;
	case '\t':
		ret = attr ? "&#9;" : NULL;
		break;
	case '\n':
		/* also in text: a raw line feed from a snapshot could start a
		 * "::error::" line where the report is printed in a CI log */
		ret = "&#10;";
		break;
	case '\r':
		ret = "&#13;";
		break;
	default:
		break;
	}
	return ret;
}

/* appends s escaped for XML (attr: also tab and line breaks) */
static int
xml_esc(struct buf *b, const char *s, int attr)
{
	return report_add_escaped(b, s, strlen(s), xml_char, attr);
}

/* one line describing c, for failure bodies and system-out */
static int
change_line(
    struct buf *b, const struct report_input *in, const struct change *c)
{
	struct report_loc loc;
	struct buf t = BUF_INIT;
	int ret;

	report_change_loc(in, c, &loc);
	buf_addf(&t, "%s: %s [%s, id %s", severity_name(c->severity),
	    c->message ? c->message : c->rule->summary, c->rule->id, c->id);
	if (loc.path != NULL) {
		buf_adds(&t, ", ");
		buf_add(&t, loc.path, loc.pathlen);
		if (loc.line != 0)
			buf_addf(&t, ":%u", (unsigned)loc.line);
		if (loc.line != 0 && loc.col != 0)
			buf_addf(&t, ":%u", (unsigned)loc.col);
	}
	buf_adds(&t, "]");
	report_usage_add(&t, c->usage, 3, "; ");
	if (c->status != CHANGE_REPORTED)
		buf_addf(&t, " (%s: %s)", report_status_name(c->status),
		    c->status_reason ? c->status_reason : "by the policy");
	ret = xml_esc(b, t.buf, 0) || buf_addch(b, '\n');
	buf_release(&t);
	return ret;
}

/* the changes order[from..to) of one collection as one test case */
static int
testcase(struct buf *b, const struct report_input *in, const size_t *order,
    size_t from, size_t to)
{
	const struct change *first = &in->cs->v[order[from]], *c;
	const struct change *failing = NULL;
	struct report_loc loc;
	size_t i, nfail = 0;
	int ret = 0;

	for (i = from; i < to; i++) {
		c = &in->cs->v[order[i]];
		if (report_change_fails(c, in->fail_on)) {
			if (failing == NULL)
				failing = c;
			nfail++;
		}
	}
	report_change_loc(in, first, &loc);
	ret = buf_adds(b, "    <testcase name=\"") ||
	    xml_esc(b, first->collection[0] ? first->collection : "(snapshot)",
		1) ||
	    buf_adds(b, "\" classname=\"" CLASSNAME "\"");
	if (ret == 0 && loc.path != NULL) {
		struct buf p = BUF_INIT;

		buf_add(&p, loc.path, loc.pathlen);
		ret = buf_adds(b, " file=\"") || xml_esc(b, p.buf, 1) ||
		    buf_addch(b, '"');
		buf_release(&p);
	}
	ret = ret || buf_adds(b, " time=\"0\">\n");
	if (ret == 0 && failing != NULL) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "%zu change%s at or above --fail-on %s in %s",
		    nfail, nfail == 1 ? "" : "s",
		    report_fail_on_name(in->fail_on), first->collection);
		ret = buf_adds(b, "      <failure message=\"") ||
		    xml_esc(b, m.buf, 1) || buf_adds(b, "\" type=\"") ||
		    xml_esc(b, failing->rule->id, 1) || buf_adds(b, "\">");
		for (i = from; ret == 0 && i < to; i++) {
			c = &in->cs->v[order[i]];
			if (report_change_fails(c, in->fail_on))
				ret = change_line(b, in, c);
		}
		ret = ret || buf_adds(b, "</failure>\n");
		buf_release(&m);
	}
	if (ret == 0 && (to - from) > nfail) {
		ret = buf_adds(b, "      <system-out>");
		for (i = from; ret == 0 && i < to; i++) {
			c = &in->cs->v[order[i]];
			if (!report_change_fails(c, in->fail_on))
				ret = change_line(b, in, c);
		}
		ret = ret || buf_adds(b, "</system-out>\n");
	}
	ret = ret || buf_adds(b, "    </testcase>\n");
	return ret;
}

static int
property(struct buf *b, const char *name, const char *value)
{
	return buf_adds(b, "      <property name=\"") || xml_esc(b, name, 1) ||
	    buf_adds(b, "\" value=\"") ||
	    xml_esc(b, value != NULL ? value : "", 1) || buf_adds(b, "\"/>\n");
}

/* the number of test cases: collections with a change, at least 1 */
static size_t
count_cases(const struct changeset *cs, const size_t *order, size_t *failed,
    int fail_on)
{
	size_t i, n = 0, f = 0;
	int cur_fails = 0;

	for (i = 0; i < cs->n; i++) {
		const struct change *c = &cs->v[order[i]];

		if (i == 0 ||
		    strcmp(c->collection, cs->v[order[i - 1]].collection) !=
			0) {
			n++;
			cur_fails = 0;
		}
		if (!cur_fails && report_change_fails(c, fail_on)) {
			cur_fails = 1;
			f++;
		}
	}
	*failed = f;
	return n ? n : 1;
}

int
report_junit(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	struct buf h = BUF_INIT, counts = BUF_INIT;
	const char **notes = NULL;
	size_t *order, i, from, ncases, nfailed, nnotes;
	int r;

	report_summarize(in, &sum);
	order = report_order(in->cs);
	ncases = count_cases(in->cs, order, &nfailed, in->fail_on);
	buf_addf(&counts,
	    " tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
	    "skipped=\"0\" time=\"0\"",
	    ncases, nfailed);
	buf_addf(
	    &h, "%s: %s -> %s", DRIFT_NAME, in->old->origin, in->new->origin);
	r = buf_adds(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"" DRIFT_NAME "\"") ||
	    buf_add(out, counts.buf, counts.len) || buf_adds(out, ">\n") ||
	    buf_adds(out, "  <testsuite name=\"") || xml_esc(out, h.buf, 1) ||
	    buf_addch(out, '"') || buf_add(out, counts.buf, counts.len) ||
	    buf_adds(out, ">\n    <properties>\n");
	r = r || property(out, "old", in->old->origin) ||
	    property(out, "new", in->new->origin) ||
	    property(out, "fail-on", report_fail_on_name(in->fail_on)) ||
	    property(out, "failed", sum.failed ? "true" : "false");
	for (i = SEV_BREAKING + 1; r == 0 && i-- > 0;) {
		buf_reset(&h);
		buf_addf(&h, "%zu", sum.count[i]);
		r = property(out, severity_name((enum severity)i), h.buf);
	}
	buf_reset(&h);
	buf_addf(&h, "%zu", sum.ignored);
	r = r || property(out, "ignored", h.buf);
	buf_reset(&h);
	buf_addf(&h, "%zu", sum.accepted);
	r = r || property(out, "accepted", h.buf) ||
	    buf_adds(out, "    </properties>\n");
	for (from = 0; r == 0 && from < in->cs->n; from = i) {
		for (i = from + 1; i < in->cs->n; i++)
			if (strcmp(in->cs->v[order[i]].collection,
				in->cs->v[order[from]].collection) != 0)
				break;
		r = testcase(out, in, order, from, i);
	}
	if (r == 0 && in->cs->n == 0)
		r = buf_adds(out,
		    "    <testcase name=\"" NO_CHANGES
		    "\" classname=\"" CLASSNAME "\" time=\"0\"/>\n");
	/* notes and the verdict, for people reading the raw report */
	buf_reset(&h);
	notes = report_notes(in, &nnotes);
	r = r || buf_adds(out, "    <system-out>");
	for (i = 0; r == 0 && i < nnotes; i++)
		r = buf_adds(out, "note: ") || xml_esc(out, notes[i], 0) ||
		    buf_addch(out, '\n');
	buf_addf(&h,
	    "%zu breaking, %zu dangerous, %zu safe, %zu cosmetic, "
	    "%zu ignored, %zu accepted; %s --fail-on %s",
	    sum.count[SEV_BREAKING], sum.count[SEV_DANGEROUS],
	    sum.count[SEV_SAFE], sum.count[SEV_COSMETIC], sum.ignored,
	    sum.accepted, sum.failed ? "fails" : "passes",
	    report_fail_on_name(in->fail_on));
	r = r || xml_esc(out, h.buf, 0) ||
	    buf_adds(out, "\n</system-out>\n  </testsuite>\n</testsuites>\n");
	free(notes);
	free(order);
	buf_release(&h);
	buf_release(&counts);
	report_summary_release(&sum);
	if (r)
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the JUnit report is too large");
	return r ? -1 : 0;
}
