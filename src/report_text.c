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
 * The text report, for a person at a terminal:
 *
 *   OLD-ORIGIN (Directus V, VENDOR) -> NEW-ORIGIN (Directus V, VENDOR)
 *
 *   COLLECTION
 *     SEVERITY   MESSAGE (FILE:LINE:COL, RULE)
 *
 *   notes:
 *     NOTE
 *
 *   N breaking, N dangerous, N safe, N cosmetic (hidden: --verbose ...)
 *   fails --fail-on breaking
 *
 * Collections come sorted by name; inside one, changes go from the most to
 * the least severe, then in the changeset's own (deterministic) order.
 * Strings that come from the snapshots are escaped: a control character in
 * a collection name must not drive the terminal.
 */

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"

static const char *const sev_color[] = {
	"\033[2m",    /* cosmetic: dim */
	"\033[32m",   /* safe: green */
	"\033[33m",   /* dangerous: yellow */
	"\033[1;31m", /* breaking: bold red */
};

#define LABEL_WIDTH 11

/* shown, not obeyed: controls, C1, bidi, invalid bytes (utf8.h) */
static int
add_safe(struct buf *b, const char *s)
{
	return utf8_escape(b, s, strlen(s), UTF8_STYLE_C, 0);
}

static int
add_side(struct buf *b, const struct snapshot *s)
{
	int ret;

	ret = add_safe(b, s->origin ? s->origin : "?");
	if (ret == 0 && (s->directus != NULL || s->vendor != NULL)) {
		ret |= buf_adds(b, " (");
		if (s->directus != NULL) {
			ret |= buf_adds(b, "Directus ");
			ret |= add_safe(b, s->directus);
		} else {
			ret |= buf_adds(b, "Directus version unknown");
		}
		if (s->vendor != NULL) {
			ret |= buf_adds(b, ", ");
			ret |= add_safe(b, s->vendor);
		}
		ret |= buf_adds(b, ")");
	}
	return ret ? -1 : 0;
}

static int
add_label(struct buf *b, const char *label, const char *color, int use)
{
	size_t len = strlen(label);
	int ret = 0;

	if (use && color != NULL)
		ret |= buf_adds(b, color);
	ret |= buf_adds(b, label);
	if (use && color != NULL)
		ret |= buf_adds(b, C_RESET);
	/* at least one space, even after a label as wide as the column */
	do
		ret |= buf_addch(b, ' ');
	while (++len < LABEL_WIDTH);
	return ret ? -1 : 0;
}

/*
 * ": fields.articles.title": where a change is when no line says it (a
 * live side: its body is never shown)
 */
static int
add_entity_path(struct buf *b, const struct change *c)
{
	static const char *const kinds[] = { [ENT_COLLECTION] = "collections",
		[ENT_FIELD] = "fields",
		[ENT_RELATION] = "relations",
		[ENT_SYSTEM_FIELD] = "systemFields" };
	int ret = 0;

	if ((size_t)c->entity >= DRIFT_ARRAY_LEN(kinds) ||
	    kinds[c->entity] == NULL)
		return 0;
	ret |= buf_addf(b, ": %s.", kinds[c->entity]);
	ret |= add_safe(b, c->collection);
	if (c->field != NULL) {
		ret |= buf_addch(b, '.');
		ret |= add_safe(b, c->field);
	}
	return ret;
}

static int
add_change(struct buf *b, const struct change *c, int color)
{
	const char *label, *col = NULL;
	int ret = 0;

	switch (c->status) {
	case CHANGE_IGNORED:
		label = "ignored";
		break;
	case CHANGE_ACCEPTED:
		label = "accepted";
		break;
	default:
		label = severity_name(c->severity);
		if (c->severity <= SEV_BREAKING)
			col = sev_color[c->severity];
		break;
	}
	ret |= buf_adds(b, "  ");
	ret |= add_label(b, label, col, color);
	ret |= add_safe(b, c->message ? c->message : "");
	ret |= buf_adds(b, " (");
	if (c->loc_origin != NULL) {
		ret |= add_safe(b, c->loc_origin);
		if (c->line > 0)
			ret |= buf_addf(b, ":%u", (unsigned)c->line);
		if (c->line > 0 && c->col > 0)
			ret |= buf_addf(b, ":%u", (unsigned)c->col);
		if (c->line == 0)
			ret |= add_entity_path(b, c);
		ret |= buf_adds(b, ", ");
	}
	ret |= add_safe(b, c->rule ? c->rule->id : "?");
	if (c->status != CHANGE_REPORTED) {
		ret |= buf_adds(b, ", ");
		ret |= buf_adds(b, severity_name(c->severity));
		if (c->status_reason != NULL) {
			ret |= buf_adds(b, ": ");
			ret |= add_safe(b, c->status_reason);
		}
	}
	ret |= buf_adds(b, ")");
	if (c->override_origin != NULL && c->rule != NULL &&
	    c->severity != c->rule->severity) {
		/* a policy override is never invisible */
		ret |= buf_addf(b, " (%s -> %s by ",
		    severity_name(c->rule->severity),
		    severity_name(c->severity));
		ret |= add_safe(b, c->override_origin);
		ret |= buf_addf(b, ":%u)", (unsigned)c->override_line);
	}
	if (c->status == CHANGE_REPORTED && c->expired != NULL) {
		ret |= buf_adds(b, " (acceptance expired ");
		ret |= add_safe(b, c->expired);
		ret |= buf_addch(b, ')');
	}
	ret |= buf_addch(b, '\n');
	if (c->usage != NULL) {
		ret |= report_usage_add(b, c->usage, 1, "             ");
		ret |= buf_addch(b, '\n');
	}
	return ret ? -1 : 0;
}

/* cosmetic changes show when asked for, or when they fail the run */
static int
visible(const struct change *c, const struct report_input *in)
{
	return in->verbose ||
	    (c->status == CHANGE_REPORTED &&
		(c->severity != SEV_COSMETIC || in->fail_on == SEV_COSMETIC));
}

/* qsort has no context argument in C11; the report is single-threaded */
static const struct change *sort_base;

static int
cmp_change(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct change *x = &sort_base[a], *y = &sort_base[b];
	int ret = strcmp(x->collection, y->collection);

	/* reported before ignored/accepted, then most severe first */
	if (ret == 0 &&
	    (x->status != CHANGE_REPORTED) != (y->status != CHANGE_REPORTED))
		ret = x->status != CHANGE_REPORTED ? 1 : -1;
	if (ret == 0 && x->severity != y->severity)
		ret = x->severity > y->severity ? -1 : 1;
	if (ret == 0)
		ret = a < b ? -1 : a > b;
	return ret;
}

static int
add_notes(struct buf *b, const struct report_input *in)
{
	size_t n, i;
	const char **notes = report_notes(in, &n);
	int ret = 0;

	if (n > 0)
		ret |= buf_adds(b, "\nnotes:\n");
	for (i = 0; i < n; i++) {
		ret |= buf_adds(b, "  ");
		ret |= add_safe(b, notes[i]);
		ret |= buf_addch(b, '\n');
	}
	free(notes);
	return ret ? -1 : 0;
}

/* what a vendor mismatch turns off, said where the counts are */
static int
add_vendors(struct buf *b, const struct report_summary *sum, const char *sep)
{
	int ret = 0;

	if (sum->vendor_old == NULL)
		return 0;
	ret |= buf_adds(b, sep);
	ret |= buf_adds(b,
	    "data types, defaults and lengths not compared: "
	    "different database vendors (");
	ret |= add_safe(b, sum->vendor_old);
	ret |= buf_adds(b, " and ");
	ret |= add_safe(b, sum->vendor_new);
	ret |= buf_addch(b, ')');
	return ret ? -1 : 0;
}

static int
add_summary(struct buf *b, const struct report_input *in,
    const struct report_summary *sum)
{
	int ret = 0;

	ret |= buf_addf(b,
	    "\n%zu breaking, %zu dangerous, %zu safe, "
	    "%zu cosmetic",
	    sum->count[SEV_BREAKING], sum->count[SEV_DANGEROUS],
	    sum->count[SEV_SAFE], sum->count[SEV_COSMETIC]);
	if (sum->ignored > 0)
		ret |= buf_addf(b, ", %zu ignored", sum->ignored);
	if (sum->accepted > 0)
		ret |= buf_addf(b, ", %zu accepted", sum->accepted);
	if (!in->verbose &&
	    (sum->ignored + sum->accepted > 0 ||
		(sum->hidden > 0 && in->fail_on != SEV_COSMETIC)))
		ret |= buf_adds(b, " (hidden: --verbose shows them)");
	ret |= add_vendors(b, sum, "; ");
	ret |= buf_addch(b, '\n');
	return ret ? -1 : 0;
}

static int
add_verdict(struct buf *b, const struct report_input *in, int failed)
{
	int ret;

	if (in->policy_failed)
		ret = buf_adds(b,
		    "fails: an acceptance in the policy file "
		    "expired (see notes)\n");
	else if (in->fail_on == REPORT_FAIL_NEVER)
		ret = buf_adds(b, "passes (--fail-on never)\n");
	else
		ret = buf_addf(b, "%s --fail-on %s\n",
		    failed ? "fails" : "passes",
		    report_fail_on_name(in->fail_on));
	return ret;
}

int
report_text(const struct report_input *in, struct buf *out, struct derr *err)
{
	const struct changeset *cs = in->cs;
	struct report_summary sum;
	const char *group = NULL;
	size_t *order, i;
	int r = 0, ret = -1;

	report_summarize(in, &sum);
	order = xcalloc(cs->n ? cs->n : 1, sizeof(*order));
	for (i = 0; i < cs->n; i++)
		order[i] = i;
	sort_base = cs->v;
	qsort(order, cs->n, sizeof(*order), cmp_change);
	sort_base = NULL;

	r |= add_side(out, in->old);
	r |= buf_adds(out, " -> ");
	r |= add_side(out, in->new);
	r |= buf_addch(out, '\n');
	if (cs->n == 0)
		r |= buf_adds(out, "\nno changes\n");
	for (i = 0; i < cs->n; i++) {
		const struct change *c = &cs->v[order[i]];

		if (!visible(c, in))
			continue;
		if (group == NULL || strcmp(group, c->collection) != 0) {
			group = c->collection;
			r |= buf_addch(out, '\n');
			if (in->color)
				r |= buf_adds(out, C_BOLD);
			r |= add_safe(out, group[0] ? group : "(snapshot)");
			if (in->color)
				r |= buf_adds(out, C_RESET);
			r |= buf_addch(out, '\n');
		}
		r |= add_change(out, c, in->color);
	}
	r |= add_notes(out, in);
	if (cs->n > 0) {
		r |= add_summary(out, in, &sum);
	} else {
		r |= add_vendors(out, &sum, "\n");
		r |= buf_addch(out, '\n');
	}
	r |= add_verdict(out, in, sum.failed);
	if (r != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the text report is too large");
		goto out;
	}
	ret = 0;
out:
	free(order);
	report_summary_release(&sum);
	return ret;
}
