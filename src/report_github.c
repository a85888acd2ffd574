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
 * The GitHub Actions report: workflow commands, one per line, that the
 * runner turns into annotations on the committed file:
 *
 *   ::error file=schema.yaml,line=412,col=5,title=field-removed
 *       (breaking)::field articles.views was removed [id 5f2c9a01b3d4]
 *
 * breaking is "error", dangerous "warning", safe and cosmetic "notice".
 * Every change is written (GitHub shows at most a few annotations of each
 * kind per step, so the most severe come first): reported changes from
 * breaking down to cosmetic, then ignored and accepted ones as notices
 * that say so, "(accepted: REASON)".  Then one notice per note and a
 * closing notice with the counts and the verdict.
 *
 * Escaping is GitHub's (toolkit's command.ts): in the message, '%' is
 * "%25", CR "%0D", LF "%0A"; in property values also ':' "%3A" and ','
 * "%2C".  Invalid UTF-8 becomes U+FFFD, other control characters are
 * dropped: nothing in a snapshot can start a second command.
 */

/* GitHub's escape of c, or NULL to keep it (prop: a property value) */
static const char *
gh_esc(unsigned char c, int prop)
{
	const char *ret = NULL;

	if (c == '%')
		ret = "%25";
	else if (c == '\r')
		ret = "%0D";
	else if (c == '\n')
		ret = "%0A";
	else if (prop && c == ':')
		ret = "%3A";
	else if (prop && c == ',')
		ret = "%2C";
	return ret;
}

static int
esc(struct buf *b, const char *s, size_t len, int prop)
{
	return report_add_escaped(b, s, len, gh_esc, prop);
}

static const char *
command(const struct change *c)
{
	const char *ret = "notice";

	if (c->status == CHANGE_REPORTED && c->severity == SEV_BREAKING)
		ret = "error";
	else if (c->status == CHANGE_REPORTED && c->severity == SEV_DANGEROUS)
		ret = "warning";
	return ret;
}

static int
annotation(
    struct buf *out, const struct report_input *in, const struct change *c)
{
	struct report_loc loc;
	struct buf t = BUF_INIT, m = BUF_INIT;
	const char *sep = " ";
	int r;

	report_change_loc(in, c, &loc);
	r = buf_addf(out, "::%s", command(c));
	if (r == 0 && loc.path != NULL) {
		r = buf_adds(out, " file=") ||
		    esc(out, loc.path, loc.pathlen, 1);
		sep = ",";
		if (r == 0 && loc.line != 0)
			r = buf_addf(out, ",line=%u", (unsigned)loc.line);
		if (r == 0 && loc.line != 0 && loc.col != 0)
			r = buf_addf(out, ",col=%u", (unsigned)loc.col);
	}
	buf_addf(&t, "%s (%s)", c->rule->id, severity_name(c->severity));
	buf_addf(&m, "%s [id %s]", c->message ? c->message : c->rule->summary,
	    c->id);
	report_usage_add(&m, c->usage, 3, "; ");
	if (c->status != CHANGE_REPORTED)
		buf_addf(&m, " (%s: %s)", report_status_name(c->status),
		    c->status_reason ? c->status_reason : "by the policy");
	r = r || buf_adds(out, sep) || buf_adds(out, "title=") ||
	    esc(out, t.buf, t.len, 1) || buf_adds(out, "::") ||
	    esc(out, m.buf, m.len, 0) || buf_addch(out, '\n');
	buf_release(&t);
	buf_release(&m);
	return r;
}

int
report_github(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	struct buf m = BUF_INIT;
	const char **notes;
	size_t *order, i, nnotes;
	int r = 0, sev;

	report_summarize(in, &sum);
	order = report_order(in->cs);
	for (sev = SEV_BREAKING; r == 0 && sev >= SEV_COSMETIC; sev--) {
		for (i = 0; r == 0 && i < in->cs->n; i++) {
			const struct change *c = &in->cs->v[order[i]];

			if (c->status == CHANGE_REPORTED &&
			    (int)c->severity == sev)
				r = annotation(out, in, c);
		}
	}
	for (i = 0; r == 0 && i < in->cs->n; i++) {
		const struct change *c = &in->cs->v[order[i]];

		if (c->status != CHANGE_REPORTED)
			r = annotation(out, in, c);
	}
	notes = report_notes(in, &nnotes);
	for (i = 0; r == 0 && i < nnotes; i++)
		r = buf_adds(out, "::notice title=" DRIFT_NAME " note::") ||
		    esc(out, notes[i], strlen(notes[i]), 0) ||
		    buf_addch(out, '\n');
	free(notes);
	buf_addf(&m,
	    "%s -> %s: %zu breaking, %zu dangerous, %zu safe, "
	    "%zu cosmetic, %zu ignored, %zu accepted; %s --fail-on %s",
	    in->old->origin, in->new->origin, sum.count[SEV_BREAKING],
	    sum.count[SEV_DANGEROUS], sum.count[SEV_SAFE],
	    sum.count[SEV_COSMETIC], sum.ignored, sum.accepted,
	    sum.failed ? "fails" : "passes", report_fail_on_name(in->fail_on));
	r = r || buf_adds(out, "::notice title=" DRIFT_NAME "::") ||
	    esc(out, m.buf, m.len, 0) || buf_addch(out, '\n');
	buf_release(&m);
	free(order);
	report_summary_release(&sum);
	if (r)
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the GitHub report is too large");
	return r ? -1 : 0;
}
