/*
 * report_fmt.h: what the CI report formats (sarif, junit, github, gitlab,
 * markdown) share beyond report.h: where a change is annotated in the
 * repository, the order changes are listed in, the notes of a run, and
 * escaping helpers.
 *
 * Every one of these formats carries every change of the changeset
 * (cosmetic, ignored and accepted ones included, with their status), as
 * the JSON report does; only how a CI system shows them differs.
 */
#ifndef DRIFT_REPORT_FMT_H
#define DRIFT_REPORT_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "drift/diff.h"

struct buf;
struct report_input;

/*
 * Where a change is shown in the repository.  path is borrowed (from the
 * change or the snapshots) and pathlen bytes long; it is not
 * NUL-terminated when it comes from a "git:REV:PATH" origin.
 */
struct report_loc {
	const char *path;   /* NULL: no file of the repository to point at */
	size_t pathlen;
	uint32_t line, col; /* 0 when unknown */
};

/*
 * The file a change is annotated on, for CI systems that show findings
 * next to files of the repository:
 *   - the change's own location when it points into a file: a path as
 *     given, or the PATH of a "git:REV:PATH" origin, with line and column;
 *   - otherwise (a URL, standard input, no location): the OLD side's file,
 *     then the NEW side's, without line (the change exists, but not in a
 *     file: an added field of the live instance is reported on the
 *     committed schema.yaml);
 *   - otherwise path is NULL.
 */
void report_change_loc(const struct report_input *in, const struct change *c,
    struct report_loc *loc);

/* "reported", "ignored", "accepted" */
const char *report_status_name(enum change_status s);

/*
 * 1 when c counts against --fail-on: reported (not ignored or accepted)
 * with an effective severity at or above fail_on.
 */
int report_change_fails(const struct change *c, int fail_on);

/*
 * new: the indexes of cs's changes in report order: by collection name,
 * then from the most to the least severe, then in changeset order.
 * Never fails (allocation failure exits); free() it.
 */
size_t *report_order(const struct changeset *cs);

/*
 * new: the notes of a run (both snapshots', then the changeset's), each
 * once, in that order; *n set to their count.  The strings are borrowed.
 * free() the array.
 */
const char **report_notes(const struct report_input *in, size_t *n);

/*
 * Writes a 32-hex-digit fingerprint of c (rule, collection, field, path:
 * the same identity as c->id, but 128 bits wide) for systems that want
 * long unique fingerprints (GitLab Code Quality).
 */
void report_fingerprint_long(const struct change *c, char out[33]);

/*
 * Appends s[0..len) to b, replacing what cannot be shown: invalid UTF-8
 * sequences become U+FFFD; with strip_ctl set, C0 controls (but tab, line
 * feed and carriage return) and DEL are dropped.  Returns 0, or -1 when
 * b->max is reached.
 */
int report_add_utf8(struct buf *b, const char *s, size_t len, int strip_ctl);

#endif
