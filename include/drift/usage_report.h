/*
 * usage_report.h: the output of "directus-drift usage" (issue 12 item 8):
 * what a front end uses of one snapshot, and its findings.
 *
 * Text: one block per collection.field (the collection as a whole first,
 * "articles (collection)"), each site on its own line with its access and
 * context; then the findings (changes of cs, usage_join.h), the notes and
 * a verdict line.  JSON: the same as data, described by
 * schema/usage.schema.json.
 *
 * Both append to out (spilling to in->spill) and return 0, or -1 with err
 * set (status 5) when out is full, the spill fails or the JSON cannot be
 * built.  Everything is borrowed.
 */
#ifndef DRIFT_USAGE_REPORT_H
#define DRIFT_USAGE_REPORT_H

struct buf;
struct changeset;
struct derr;
struct report_spill;
struct snapshot;
struct usage_set;

struct usage_report_input {
	const struct snapshot *snap; /* the snapshot checked against */
	const struct usage_set *u;   /* the scan */
	const struct changeset *cs;  /* the findings (after policy) */
	int failed;                  /* 1: a reported finding */
	struct report_spill *spill;  /* NULL: all of it stays in out; else
	                                out is spilled as it grows (report.h),
	                                so memory stays of the order of one
	                                collection.field's sites */
};

int usage_report_text(
    const struct usage_report_input *in, struct buf *out, struct derr *err);
int usage_report_json(
    const struct usage_report_input *in, struct buf *out, struct derr *err);

#endif
