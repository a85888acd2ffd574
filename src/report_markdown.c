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
 * The Markdown report: a pull or merge request comment (GitHub Flavored
 * Markdown; GitLab renders it the same), or a job summary
 * ($GITHUB_STEP_SUMMARY):
 *
 *   ## :x: directus-drift: 1 change at or above breaking
 *
 *   **old** schema.yaml (Directus 11.17.4, postgres) → **new** ...
 *
 *   | severity | changes |   (breaking, dangerous, safe, cosmetic,
 *   |---|---:|                 ignored, accepted)
 *
 *   ### Breaking (N)          a table: collection | field | change |
 *   ### Dangerous (N)         rule | id | where
 *   <details><summary>Safe and cosmetic (N)</summary> ... </details>
 *   <details><summary>Ignored and accepted (N)</summary> ... </details>
 *   ### Notes
 *
 * Empty sections are left out.  Everything that comes from a snapshot is
 * escaped: Markdown punctuation gets a backslash (a '|' would end a table
 * cell, '@' would mention someone, '#' would link an issue, '<' could
 * open HTML), '&' becomes "&amp;", line breaks become spaces, control
 * characters are dropped.  Deterministic: no dates.
 */

static int
md_esc(struct buf *b, const char *s, size_t len)
{
	struct buf u = BUF_INIT;
	size_t i;
	int ret;

	ret = report_add_utf8(&u, s, len, 1);
	for (i = 0; ret == 0 && i < u.len; i++) {
		char c = u.buf[i];

		if (c == '&')
			ret = buf_adds(b, "&amp;");
		else if (c == '\n' || c == '\r' || c == '\t')
			ret = buf_addch(b, ' ');
		else if (strchr("\\`*_[]<>#|~@$", c) != NULL)
			ret = buf_addch(b, '\\') || buf_addch(b, c);
		else
			ret = buf_addch(b, c);
	}
	buf_release(&u);
	return ret;
}

static int
md_str(struct buf *b, const char *s)
{
	return md_esc(b, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

static int
side(struct buf *b, const char *label, const struct snapshot *s)
{
	int r = buf_addf(b, "**%s** ", label) || md_str(b, s->origin);

	if (r == 0 && (s->directus != NULL || s->vendor != NULL)) {
		r = buf_adds(b, " (") ||
		    (s->directus != NULL &&
			(buf_adds(b, "Directus ") || md_str(b, s->directus))) ||
		    (s->directus != NULL && s->vendor != NULL &&
			buf_adds(b, ", ")) ||
		    (s->vendor != NULL && md_str(b, s->vendor)) ||
		    buf_addch(b, ')');
	}
	if (r == 0 && s->filtered)
		r = buf_adds(b,
		    " (rebuilt without admin rights: possibly "
		    "filtered by permissions)");
	return r;
}

/* "; used by F:L, F:L (+N more)" in the message cell */
static int
md_usage(struct buf *b, const struct change *c)
{
	struct buf u = BUF_INIT;
	int r;

	r = report_usage_add(&u, c->usage, 3, "; ");
	r = r || (u.len > 0 && md_esc(b, u.buf, u.len));
	buf_release(&u);
	return r;
}

static int
row(struct buf *b, const struct report_input *in, const struct change *c,
    int with_status)
{
	struct report_loc loc;
	int r;

	report_change_loc(in, c, &loc);
	r = buf_adds(b, "| ") || md_str(b, c->collection) ||
	    buf_adds(b, " | ") || md_str(b, c->field) || buf_adds(b, " | ") ||
	    md_str(b, c->message ? c->message : c->rule->summary) ||
	    md_usage(b, c) ||
	    buf_addf(b, " | `%s` | `%s` | ", c->rule->id, c->id);
	if (r == 0 && loc.path != NULL) {
		r = md_esc(b, loc.path, loc.pathlen);
		if (r == 0 && loc.line != 0)
			r = buf_addf(b, ":%u", (unsigned)loc.line);
		if (r == 0 && loc.line != 0 && loc.col != 0)
			r = buf_addf(b, ":%u", (unsigned)loc.col);
	}
	if (r == 0 && with_status)
		r = buf_addf(b, " | %s | %s | ", severity_name(c->severity),
			report_status_name(c->status)) ||
		    md_str(b, c->status_reason);
	r = r || buf_adds(b, " |\n");
	return r;
}

static int
table_head(struct buf *b, int with_status)
{
	return buf_adds(b,
		   "| collection | field | change | rule | id | "
		   "where |") ||
	    (with_status && buf_adds(b, " severity | status | reason |")) ||
	    buf_adds(b, "\n|---|---|---|---|---|---|") ||
	    (with_status && buf_adds(b, "---|---|---|")) || buf_addch(b, '\n');
}

/* which section c belongs to */
enum section { S_BREAKING, S_DANGEROUS, S_LOWER, S_POLICY };

static enum section
section_of(const struct change *c)
{
	enum section s = S_LOWER;

	if (c->status != CHANGE_REPORTED)
		s = S_POLICY;
	else if (c->severity == SEV_BREAKING)
		s = S_BREAKING;
	else if (c->severity == SEV_DANGEROUS)
		s = S_DANGEROUS;
	return s;
}

static int
section(struct buf *b, const struct report_input *in, const size_t *order,
    enum section s, const char *title)
{
	size_t i, n = 0;
	int r = 0, details = s == S_LOWER || s == S_POLICY;

	for (i = 0; i < in->cs->n; i++)
		n += section_of(&in->cs->v[order[i]]) == s;
	if (n == 0)
		goto out;
	if (details)
		r = buf_addf(
		    b, "<details><summary>%s (%zu)</summary>\n\n", title, n);
	else
		r = buf_addf(b, "### %s (%zu)\n\n", title, n);
	r = r || table_head(b, s == S_POLICY);
	for (i = 0; r == 0 && i < in->cs->n; i++) {
		const struct change *c = &in->cs->v[order[i]];

		if (section_of(c) == s)
			r = row(b, in, c, s == S_POLICY);
	}
	r = r || buf_addch(b, '\n') ||
	    (details && buf_adds(b, "</details>\n\n"));
out:
	return r;
}

static int
title(struct buf *b, const struct report_input *in,
    const struct report_summary *sum)
{
	size_t i, nfail = 0;
	int r;

	for (i = 0; i < in->cs->n; i++)
		nfail += report_change_fails(&in->cs->v[i], in->fail_on);
	if (sum->failed)
		r = buf_addf(b, "## :x: %s: %zu change%s at or above %s\n\n",
		    DRIFT_NAME, nfail, nfail == 1 ? "" : "s",
		    report_fail_on_name(in->fail_on));
	else if (in->cs->n > 0)
		r = buf_addf(b,
		    "## :white_check_mark: %s: nothing at or above "
		    "%s (%zu change%s)\n\n",
		    DRIFT_NAME, report_fail_on_name(in->fail_on), in->cs->n,
		    in->cs->n == 1 ? "" : "s");
	else
		r = buf_addf(b, "## :white_check_mark: %s: no schema drift\n\n",
		    DRIFT_NAME);
	return r;
}

int
report_markdown(
    const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	const char **notes;
	size_t *order, i, nnotes;
	int r, sev;

	report_summarize(in, &sum);
	order = report_order(in->cs);
	r = title(out, in, &sum) || side(out, "old", in->old) ||
	    buf_adds(out, " → ") || side(out, "new", in->new) ||
	    buf_adds(out, "\n\n");
	if (r == 0 && sum.vendor_old != NULL)
		r = buf_adds(out,
			":warning: **Data types, defaults and lengths were "
			"not compared**: the sides come from different "
			"database vendors (") ||
		    md_str(out, sum.vendor_old) || buf_adds(out, " and ") ||
		    md_str(out, sum.vendor_new) || buf_adds(out, ").\n\n");
	r = r || buf_adds(out, "| severity | changes |\n|---|---:|\n");
	for (sev = SEV_BREAKING; r == 0 && sev >= SEV_COSMETIC; sev--)
		r = buf_addf(out, "| %s | %zu |\n",
		    severity_name((enum severity)sev), sum.count[sev]);
	r = r ||
	    buf_addf(out, "| ignored | %zu |\n| accepted | %zu |\n\n",
		sum.ignored, sum.accepted);
	if (r == 0 && sum.naffected > 0) {
		r = buf_adds(out, "Affected collections: ");
		for (i = 0; r == 0 && i < sum.naffected; i++)
			r = (i > 0 && buf_adds(out, ", ")) ||
			    md_str(out, sum.affected[i]);
		r = r || buf_adds(out, "\n\n");
	}
	r = r || section(out, in, order, S_BREAKING, "Breaking") ||
	    section(out, in, order, S_DANGEROUS, "Dangerous") ||
	    section(out, in, order, S_LOWER, "Safe and cosmetic") ||
	    section(out, in, order, S_POLICY, "Ignored and accepted");
	notes = report_notes(in, &nnotes);
	if (r == 0 && nnotes > 0) {
		r = buf_adds(out, "### Notes\n\n");
		for (i = 0; r == 0 && i < nnotes; i++)
			r = buf_adds(out, "- ") || md_str(out, notes[i]) ||
			    buf_addch(out, '\n');
		r = r || buf_addch(out, '\n');
	}
	free(notes);
	r = r || buf_adds(out, "<sub>" DRIFT_NAME " " DRIFT_VERSION "</sub>\n");
	free(order);
	report_summary_release(&sum);
	if (r)
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the Markdown report is too large");
	return r ? -1 : 0;
}
