/*
 * report_fmt.h: what the CI report formats (sarif, junit, github, gitlab,
 * markdown) share beyond report.h: where a change is annotated in the
 * repository, the order changes are listed in, the notes of a run,
 * escaping helpers, and the jansson building blocks of the JSON-based
 * formats (json, sarif, gitlab).
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
struct derr;
struct json_t;
struct report_input;
struct report_spill;
struct report_summary;
struct snapshot;

/*
 * Where a change is shown in the repository.  path is borrowed (from the
 * change or the snapshots) and pathlen bytes long; it is not
 * NUL-terminated when it comes from a "git:REV:PATH" origin.
 */
struct report_loc {
	const char *path; /* NULL: no file of the repository to point at */
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
 * The status of c as reports show it: report_status_name(c->status), but
 * "expired" for a reported change whose acceptance expired (c->expired):
 * it counts as reported (it fails the run), with its own name.
 */
const char *report_change_status(const struct change *c);

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
 * new: the notes of a run, each once, in order: the changeset holds them
 * all (diff_snapshots copies both snapshots' notes first, then adds its
 * own, then the policy's); *n set to their count.  The strings are borrowed.
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
 * feed and carriage return) and DEL are dropped, and C1 and bidirectional
 * controls (utf8_unsafe) are shown as "\uNNNN" text.  Returns 0, or -1 when
 * b->max is reached.
 */
int report_add_utf8(struct buf *b, const char *s, size_t len, int strip_ctl);

/*
 * Appends s to b escaped byte by byte: s[0..len) first goes through
 * report_add_utf8(strip_ctl 1), then each byte c is replaced by esc(c,
 * arg) when that returns a string (borrowed, static) and kept as it is
 * when it returns NULL.  Returns 0, or -1 when b->max is reached.
 */
int report_add_escaped(struct buf *b, const char *s, size_t len,
    const char *(*esc)(unsigned char c, int arg), int arg);

/*
 * The jansson helpers of the JSON-based formats.  "Steals" and "new" are
 * jansson's reference counting words: a stolen value is released whatever
 * happens; a new one is the caller's to json_decref().
 */

/*
 * Sets obj[key] to val, stealing val.  Returns 0, or -1 when val is NULL
 * (a value that could not be built) or the set fails.
 */
int report_json_set(struct json_t *obj, const char *key, struct json_t *val);

/*
 * new: s (NUL-terminated, or s[0..len)) as a JSON string; invalid UTF-8
 * becomes U+FFFD, so that no text can fail a report.  NULL only when out
 * of memory.
 */
struct json_t *report_json_text(const char *s);
struct json_t *report_json_textn(const char *s, size_t len);

/* new: s as a JSON string (report_json_text), null when s is NULL */
struct json_t *report_json_str_or_null(const char *s);

/*
 * new: a side of the comparison, {"origin", "directus", "vendor",
 * "filtered"}; NULL on error (invalid UTF-8, out of memory).
 */
struct json_t *report_json_side(const struct snapshot *s);

/*
 * new: the counts of sum, {"breaking", "dangerous", "safe", "cosmetic",
 * "ignored", "accepted"}; NULL on error.
 */
struct json_t *report_json_summary(const struct report_summary *sum);

/* new: the n strings of v (borrowed) as an array; NULL on error */
struct json_t *report_json_strings(const char *const *v, size_t n);

/* new: the notes of the run (report_notes) as an array; NULL on error */
struct json_t *report_json_notes(const struct report_input *in);

/*
 * Appends root (borrowed) to out as indented JSON, keys in insertion
 * order, and a line feed.  C1 and bidirectional controls in strings are
 * written as \uNNNN escapes (utf8.h), not as raw characters.  root NULL means the report could not be built.
 * Returns 0, or -1 with err set (DRIFT_EXIT_INTERNAL; what, "JSON" say,
 * names the format in the message) when root is NULL ("cannot build the
 * JSON report ...") or out->max is reached ("the JSON report is too
 * large").
 */
int report_json_emit(
    struct json_t *root, const char *what, struct buf *out, struct derr *err);

/*
 * Streaming the long array of a report (its changes), so that memory
 * stays of the order of the output, not of a tree of every change: root
 * holds, as the value of one key or as root itself, the placeholder that
 * report_json_slot() returns (new); report_json_emit_items() writes root
 * as report_json_emit() does, with the placeholder replaced by the array
 * of item(ctx, 0) ... item(ctx, n - 1), each built, written and released
 * in turn (item returns a new value, NULL when out of memory), out spilled
 * to sp after each (report_spill; sp may be NULL).  The bytes
 * are the same as for the whole tree.  Returns 0, or -1 with err set
 * (DRIFT_EXIT_INTERNAL) as report_json_emit().
 */
typedef struct json_t *report_json_item_fn(const void *ctx, size_t i);
struct json_t *report_json_slot(void);
int report_json_emit_items(struct json_t *root, size_t n,
    report_json_item_fn *item, const void *ctx, struct report_spill *sp,
    const char *what, struct buf *out, struct derr *err);

#endif
