/*
 * report.h: rendering a changeset for people and machines (SPEC section 5).
 *
 * Every format is one row of a table (report_format_find): adding a format
 * is writing one render function and adding its row in src/report.c.  A
 * renderer appends the whole report to a struct buf (the JSON-based ones
 * moving what they wrote to in->spill past REPORT_SPILL_AT, so that memory
 * stays of the order of the input); the caller decides where it goes
 * (standard output, or an atomic file, see output.h), so a failure never
 * leaves half a report behind.
 *
 * What every format shares (computed by report_summarize):
 *   - the counts of REPORTED changes per effective severity, plus how many
 *     were ignored and accepted by policy;
 *   - affected collections: every collection with a REPORTED change of
 *     severity safe or higher (cosmetic changes do not change what an API
 *     consumer sees, so they never make a collection "affected"), sorted
 *     by name, each once; schema changes only: a change of entity
 *     ENT_SNAPSHOT (types-stale: its "collection" is the types file) or
 *     ENT_FRONTEND (a usage finding) makes no collection affected;
 *   - the verdict: the run fails when a REPORTED change has an effective
 *     severity at or above fail_on (REPORT_FAIL_NEVER: never), or when
 *     policy_failed is set (an expired acceptance fails whatever fail_on).
 *
 * Machine formats (json, and later sarif, junit, ...) always carry every
 * change, cosmetic, ignored and accepted ones included; the text format
 * hides cosmetic, ignored and accepted changes unless verbose is set, but
 * always counts them.
 */
#ifndef DRIFT_REPORT_H
#define DRIFT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "drift/rules.h"

struct buf;
struct changeset;
struct derr;
struct snapshot;

/* fail_on value that never fails the run */
#define REPORT_FAIL_NEVER (-1)

/*
 * Where a renderer may move what it has written so far, so that a large
 * report does not stay in memory (a temporary file, created on the first
 * spill).  The writer then writes fp's content followed by the buffer
 * (output_write_spilled).  Zero-initialised: nothing spilled yet.
 */
struct report_spill {
	FILE *fp;   /* NULL until the first spill */
	size_t len; /* bytes in fp */
};

/* a renderer spills its buffer once it holds this much */
#define REPORT_SPILL_AT ((size_t)1 << 20)

struct report_input {
	const struct snapshot *old; /* borrowed: the OLD side */
	const struct snapshot *new; /* borrowed: the NEW side */
	const struct changeset *cs; /* borrowed: the classified changes */
	int fail_on;                /* enum severity, or REPORT_FAIL_NEVER */
	int annotate;               /* github: the lowest severity annotated
	                               (enum severity; 0, cosmetic: all, the
	                               ignored and accepted too), or
	                               REPORT_FAIL_NEVER: none */
	int verbose;                /* text: show cosmetic/ignored/accepted */
	int color;                  /* text: ANSI colors (0 or 1) */
	int policy_failed;          /* 1: the policy fails the run (an
	                                expired acceptance), see policy.h */
	struct report_spill *spill; /* NULL: the whole report stays in the
	                               buffer; else see report_spill() */
	int usage;                  /* 1: a front-end usage scan ran
	                                (changes carry usage_join.h data) */
};

struct report_summary {
	size_t count[SEV_BREAKING + 1]; /* REPORTED changes per severity */
	size_t ignored;
	size_t accepted;
	size_t hidden;         /* cosmetic reported ones */
	const char **affected; /* new array of borrowed names */
	size_t naffected;
	int failed; /* 1 when the run fails fail_on */
	/*
	 * Both set (borrowed) when the sides come from different database
	 * vendors (as the diff judges it: "vendor", else the vendor guessed
	 * from the data types): the diff then compares no data types,
	 * defaults or lengths, and the summary line says so.  NULL otherwise.
	 */
	const char *vendor_old, *vendor_new;
};

/*
 * A renderer: appends the complete report for in to out.  Returns 0, or -1
 * with err filled (status DRIFT_EXIT_INTERNAL) when out->max is reached or
 * the report cannot be built.  out is left as it was on error only up to
 * its length: callers discard it.
 */
typedef int report_render_fn(
    const struct report_input *in, struct buf *out, struct derr *err);

struct report_format {
	const char *name; /* "text", "json" */
	report_render_fn *render;
	int machine; /* 1: carries every change, no colors */
};

/* borrowed: the format called name, or NULL when there is none */
const struct report_format *report_format_find(const char *name);
/* borrowed: the supported names, ", "-separated, in table order */
const char *report_format_names(void);

/*
 * Fills *sum for in.  sum->affected is new (report_summary_release).
 * Never fails (allocation failure exits).
 */
void
report_summarize(const struct report_input *in, struct report_summary *sum);
void report_summary_release(struct report_summary *sum);

/*
 * The verdict alone: 1 when cs has a REPORTED change with an effective
 * severity at or above fail_on (enum severity), 0 otherwise and always
 * when fail_on is REPORT_FAIL_NEVER.
 */
int report_fails(const struct changeset *cs, int fail_on);

/*
 * Parses a --fail-on level: "breaking", "dangerous", "safe", "any" (the
 * same as cosmetic: any reported change fails) or "never".  Returns 0 and
 * sets *out to an enum severity or REPORT_FAIL_NEVER, or -1 when name is
 * none of those.
 */
int report_fail_on_parse(const char *name, int *out);
/* borrowed: the name of a fail_on value as the user spells it ("any") */
const char *report_fail_on_name(int fail_on);

/*
 * Moves out's content to sp (created with tmpfile() when needed) once it
 * holds REPORT_SPILL_AT bytes or more; nothing when sp is NULL.  Returns
 * 0, or -1 with err set (status 5) when the temporary file fails.
 */
int report_spill(struct report_spill *sp, struct buf *out, struct derr *err);
/* closes sp's file and zeroes it; NULL is a no-op */
void report_spill_release(struct report_spill *sp);

/* the renderers of the table (declared for unit tests) */
report_render_fn report_text;
report_render_fn report_json;
report_render_fn report_sarif;    /* SARIF 2.1.0 (report_sarif.c) */
report_render_fn report_junit;    /* JUnit XML (report_junit.c) */
report_render_fn report_github;   /* workflow commands (report_github.c) */
report_render_fn report_gitlab;   /* Code Quality (report_gitlab.c) */
report_render_fn report_markdown; /* PR comment (report_markdown.c) */

#endif
