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
#include "drift/utf8.h"
#include "drift/xalloc.h"

/*
 * The GitHub Actions report: workflow commands, one per line, that the
 * runner turns into annotations on the committed file:
 *
 *   ::error file=schema.yaml,line=412,col=5,title=field-removed
 *       (breaking)::field articles.views was removed [id 5f2c9a01b3d4]
 *
 * breaking is "error", dangerous "warning", safe and cosmetic "notice".
 * GitHub shows at most GH_LIMIT (10) annotations of each level per step
 * and drops the rest, so: the notice with the counts and the verdict
 * comes first; then the changes at or above in->annotate (--annotate,
 * default dangerous) from breaking down, one notice per note, and the
 * ignored and accepted ones ("(accepted: REASON)") when every change is
 * annotated.  Past the limit of a level, its last annotation says how
 * many more there are.  Every change that is not annotated follows as a
 * plain log line ("directus-drift: RULE (SEVERITY): MESSAGE [id ID]
 * (FILE:LINE)", escaped, never a command), so the report still holds
 * every change.
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

/* GitHub shows at most this many annotations of one level per step */
#define GH_LIMIT 10

enum gh_level { GH_ERROR = 0, GH_WARNING, GH_NOTICE };

static const char *const gh_command[] = { "error", "warning", "notice" };

static enum gh_level
level(const struct change *c)
{
	enum gh_level ret = GH_NOTICE;

	if (c->status == CHANGE_REPORTED && c->severity == SEV_BREAKING)
		ret = GH_ERROR;
	else if (c->status == CHANGE_REPORTED && c->severity == SEV_DANGEROUS)
		ret = GH_WARNING;
	return ret;
}

/* 1 when c gets an annotation (see --annotate), 0 when a log line */
static int
annotated(const struct report_input *in, const struct change *c)
{
	if (in->annotate == REPORT_FAIL_NEVER)
		return 0;
	if (c->status != CHANGE_REPORTED)
		return in->annotate <= (int)SEV_COSMETIC;
	return (int)c->severity >= in->annotate;
}

/* the title and the message of c */
static void
describe(const struct change *c, struct buf *t, struct buf *m)
{
	buf_addf(t, "%s (%s)", c->rule->id, severity_name(c->severity));
	buf_addf(
	    m, "%s [id %s]", c->message ? c->message : c->rule->summary, c->id);
	report_usage_add(m, c->usage, 3, "; ");
	if (c->status != CHANGE_REPORTED)
		buf_addf(m, " (%s: %s)", report_status_name(c->status),
		    c->status_reason ? c->status_reason : "by the policy");
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
	r = buf_addf(out, "::%s", gh_command[level(c)]);
	if (r == 0 && loc.path != NULL) {
		r = buf_adds(out, " file=") ||
		    esc(out, loc.path, loc.pathlen, 1);
		sep = ",";
		if (r == 0 && loc.line != 0)
			r = buf_addf(out, ",line=%u", (unsigned)loc.line);
		if (r == 0 && loc.line != 0 && loc.col != 0)
			r = buf_addf(out, ",col=%u", (unsigned)loc.col);
	}
	describe(c, &t, &m);
	r = r || buf_adds(out, sep) || buf_adds(out, "title=") ||
	    esc(out, t.buf, t.len, 1) || buf_adds(out, "::") ||
	    esc(out, m.buf, m.len, 0) || buf_addch(out, '\n');
	buf_release(&t);
	buf_release(&m);
	return r;
}

/* a change that is not annotated: a plain log line, never a command */
static int
log_line(struct buf *out, const struct report_input *in, const struct change *c)
{
	struct report_loc loc;
	struct buf t = BUF_INIT, m = BUF_INIT;
	int r;

	report_change_loc(in, c, &loc);
	describe(c, &t, &m);
	r = buf_adds(out, DRIFT_NAME ": ") ||
	    utf8_escape(out, t.buf, t.len, UTF8_STYLE_C, 0) ||
	    buf_adds(out, ": ") ||
	    utf8_escape(out, m.buf, m.len, UTF8_STYLE_C, 0);
	if (r == 0 && loc.path != NULL) {
		r = buf_adds(out, " (") ||
		    utf8_escape(out, loc.path, loc.pathlen, UTF8_STYLE_C, 0);
		if (r == 0 && loc.line != 0)
			r = buf_addf(out, ":%u", (unsigned)loc.line);
		r = r || buf_addch(out, ')');
	}
	r = r || buf_addch(out, '\n');
	buf_release(&t);
	buf_release(&m);
	return r;
}

/* the annotated changes in output order: breaking down, then the rest */
static size_t
annotation_order(const struct report_input *in, const size_t *order,
    size_t *list, size_t count[3])
{
	size_t i, n = 0;
	int sev;

	for (sev = SEV_BREAKING; sev >= SEV_COSMETIC; sev--)
		for (i = 0; i < in->cs->n; i++) {
			const struct change *c = &in->cs->v[order[i]];

			if (c->status == CHANGE_REPORTED &&
			    (int)c->severity == sev && annotated(in, c)) {
				list[n++] = order[i];
				count[level(c)]++;
			}
		}
	for (i = 0; i < in->cs->n; i++) {
		const struct change *c = &in->cs->v[order[i]];

		if (c->status != CHANGE_REPORTED && annotated(in, c)) {
			list[n++] = order[i];
			count[level(c)]++;
		}
	}
	return n;
}

/*
 * Annotates the changes of list (the notices when notices is 1, errors and
 * warnings otherwise) while their level has room; marks them
 */
static int
annotate(struct buf *out, const struct report_input *in, const size_t *list,
    size_t n, int notices, char *mark, const size_t room[3], size_t shown[3])
{
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < n; i++) {
		const struct change *c = &in->cs->v[list[i]];
		enum gh_level lv = level(c);

		if ((lv == GH_NOTICE) != notices || shown[lv] == room[lv])
			continue;
		shown[lv]++;
		mark[list[i]] = 1;
		r = annotation(out, in, c);
	}
	return r;
}

static const char *const gh_what[] = { "breaking changes", "dangerous changes",
	"notices" };

int
report_github(const struct report_input *in, struct buf *out, struct derr *err)
{
	struct report_summary sum;
	struct buf m = BUF_INIT;
	const char **notes;
	size_t *order, *list, i, n, nnotes, count[3] = { 0, 0, 0 };
	size_t shown[3] = { 0, 0, 0 }, room[3], nshown;
	char *mark;
	int r = 0, lv;

	report_summarize(in, &sum);
	order = report_order(in->cs);
	list = xcalloc(in->cs->n ? in->cs->n : 1, sizeof(*list));
	mark = xcalloc(in->cs->n ? in->cs->n : 1, 1);
	notes = report_notes(in, &nnotes);
	n = annotation_order(in, order, list, count);
	count[GH_NOTICE] += nnotes;
	/* the summary comes first: GitHub drops what is past its limit */
	buf_addf(&m,
	    "%s -> %s: %zu breaking, %zu dangerous, %zu safe, "
	    "%zu cosmetic, %zu ignored, %zu accepted; %s --fail-on %s",
	    in->old->origin, in->new->origin, sum.count[SEV_BREAKING],
	    sum.count[SEV_DANGEROUS], sum.count[SEV_SAFE],
	    sum.count[SEV_COSMETIC], sum.ignored, sum.accepted,
	    sum.failed ? "fails" : "passes", report_fail_on_name(in->fail_on));
	r = buf_adds(out, "::notice title=" DRIFT_NAME "::") ||
	    esc(out, m.buf, m.len, 0) || buf_addch(out, '\n');
	/* per level, the last place says how many were left out */
	for (lv = 0; lv < 3; lv++) {
		size_t limit = lv == GH_NOTICE ? GH_LIMIT - 1 : GH_LIMIT;

		room[lv] = count[lv] <= limit ? count[lv] : limit - 1;
	}
	/* errors and warnings, then notes, then the notices of changes */
	r = r || annotate(out, in, list, n, 0, mark, room, shown);
	for (i = 0; r == 0 && i < nnotes; i++) {
		if (shown[GH_NOTICE] == room[GH_NOTICE])
			break;
		shown[GH_NOTICE]++;
		r = buf_adds(out, "::notice title=" DRIFT_NAME " note::") ||
		    esc(out, notes[i], strlen(notes[i]), 0) ||
		    buf_addch(out, '\n');
	}
	nshown = i;
	r = r || annotate(out, in, list, n, 1, mark, room, shown);
	for (lv = 0; r == 0 && lv < 3; lv++)
		if (shown[lv] < count[lv])
			r = buf_addf(out,
			    "::%s title=" DRIFT_NAME "::%zu more %s are not "
			    "annotated (GitHub shows %d per step): they are "
			    "in the log\n",
			    gh_command[lv], count[lv] - shown[lv], gh_what[lv],
			    GH_LIMIT);
	/* everything else, in the log: the report still holds every change */
	for (i = 0; r == 0 && i < in->cs->n; i++)
		if (!mark[order[i]])
			r = log_line(out, in, &in->cs->v[order[i]]);
	for (i = nshown; r == 0 && i < nnotes; i++)
		r = buf_adds(out, DRIFT_NAME ": note: ") ||
		    utf8_escape(
			out, notes[i], strlen(notes[i]), UTF8_STYLE_C, 0) ||
		    buf_addch(out, '\n');
	buf_release(&m);
	free(notes);
	free(mark);
	free(list);
	free(order);
	report_summary_release(&sum);
	if (r)
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the GitHub report is too large");
	return r ? -1 : 0;
}
