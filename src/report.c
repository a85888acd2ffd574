#include "drift/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/report.h"
#include "drift/rules.h"
#include "drift/xalloc.h"

/*
 * The format table.  Adding a format: write its render function in
 * src/report_<name>.c, declare it in report.h, add a row here, and list it
 * in the man page and schema of its output if it has one.
 */
static const struct report_format formats[] = {
	{ "text", report_text, 0 },
	{ "json", report_json, 1 },
	{ "sarif", report_sarif, 1 },
	{ "junit", report_junit, 1 },
	{ "github", report_github, 1 },
	{ "gitlab", report_gitlab, 1 },
	{ "markdown", report_markdown, 1 },
};

const struct report_format *
report_format_find(const char *name)
{
	const struct report_format *ret = NULL;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(formats); i++) {
		if (strcmp(formats[i].name, name) == 0) {
			ret = &formats[i];
			break;
		}
	}
	return ret;
}

const char *
report_format_names(void)
{
	/* kept in step with the table above by test_report */
	return "text, json, sarif, junit, github, gitlab, markdown";
}

static const struct {
	const char *name;
	int value;
} fail_on_names[] = {
	{ "any", SEV_COSMETIC },
	{ "breaking", SEV_BREAKING },
	{ "cosmetic", SEV_COSMETIC },
	{ "dangerous", SEV_DANGEROUS },
	{ "never", REPORT_FAIL_NEVER },
	{ "safe", SEV_SAFE },
};

int
report_fail_on_parse(const char *name, int *out)
{
	int ret = -1;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(fail_on_names); i++) {
		if (strcmp(fail_on_names[i].name, name) == 0) {
			*out = fail_on_names[i].value;
			ret = 0;
			break;
		}
	}
	return ret;
}

const char *
report_fail_on_name(int fail_on)
{
	const char *ret = "breaking";
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(fail_on_names); i++) {
		if (fail_on_names[i].value == fail_on) {
			ret = fail_on_names[i].name;
			break;
		}
	}
	return ret;
}

int
report_fails(const struct changeset *cs, int fail_on)
{
	int ret = 0;
	size_t i;

	for (i = 0; fail_on != REPORT_FAIL_NEVER && i < cs->n; i++) {
		if (cs->v[i].status == CHANGE_REPORTED &&
		    (int)cs->v[i].severity >= fail_on) {
			ret = 1;
			break;
		}
	}
	return ret;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
report_summarize(const struct report_input *in, struct report_summary *sum)
{
	const struct changeset *cs = in->cs;
	const char *vo, *vn;
	size_t i, n = 0;

	memset(sum, 0, sizeof(*sum));
	sum->affected = xcalloc(cs->n ? cs->n : 1, sizeof(*sum->affected));
	for (i = 0; i < cs->n; i++) {
		const struct change *c = &cs->v[i];

		if (c->status == CHANGE_IGNORED) {
			sum->ignored++;
			continue;
		}
		if (c->status == CHANGE_ACCEPTED) {
			sum->accepted++;
			continue;
		}
		if (c->severity <= SEV_BREAKING)
			sum->count[c->severity]++;
		if (c->severity == SEV_COSMETIC)
			sum->hidden++;
		/* a schema collection: not a file (types-stale names its
		   types file) nor a front-end reference (a finding names what
		   the front end asked for; affected_files lists its file) */
		else if (c->entity != ENT_SNAPSHOT &&
		    c->entity != ENT_FRONTEND && c->collection != NULL &&
		    c->collection[0] != '\0')
			sum->affected[n++] = c->collection;
	}
	/* changes usually come sorted by collection, but do not rely on it */
	qsort(sum->affected, n, sizeof(*sum->affected), cmp_name);
	sum->naffected = 0;
	for (i = 0; i < n; i++) {
		if (sum->naffected > 0 &&
		    strcmp(sum->affected[sum->naffected - 1],
			sum->affected[i]) == 0)
			continue;
		sum->affected[sum->naffected++] = sum->affected[i];
	}
	sum->failed = report_fails(cs, in->fail_on) || in->policy_failed;
	vo = in->old->vendor != NULL ? in->old->vendor : in->old->vendor_guess;
	vn = in->new->vendor != NULL ? in->new->vendor : in->new->vendor_guess;
	if (vo != NULL && vn != NULL && strcmp(vo, vn) != 0) {
		sum->vendor_old = vo;
		sum->vendor_new = vn;
	}
}

void
report_summary_release(struct report_summary *sum)
{
	free(sum->affected);
	sum->affected = NULL;
	sum->naffected = 0;
}

int
report_spill(struct report_spill *sp, struct buf *out, struct derr *err)
{
	int ret = 0;

	if (sp == NULL || out->len < REPORT_SPILL_AT)
		goto out;
	if (sp->fp == NULL)
		sp->fp = tmpfile();
	if (sp->fp == NULL ||
	    fwrite(out->buf, 1, out->len, sp->fp) != out->len) {
		ret = derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot write the report to a temporary file: %s",
		    strerror(errno));
		goto out;
	}
	sp->len += out->len;
	buf_reset(out);
out:
	return ret;
}

void
report_spill_release(struct report_spill *sp)
{
	if (sp == NULL)
		return;
	if (sp->fp != NULL)
		fclose(sp->fp);
	memset(sp, 0, sizeof(*sp));
}
