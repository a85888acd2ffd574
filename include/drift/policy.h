/*
 * policy.h: the policy file .directus-drift.yaml (SPEC section 6).
 *
 *   # .directus-drift.yaml
 *   fail-on: dangerous            # breaking|dangerous|safe|any|never
 *   snapshot: schema.yaml         # default for "check --snapshot"
 *   url: https://cms.example.com  # default for "check --url"; no token, ever
 *   label: production             # default for --label: reports name the
 *                                 # live side so, not by its URL
 *   ignore:
 *     - collection: "directus_*"        # fnmatch glob on the collection
 *     - field: "articles.internal_*"    # fnmatch glob on collection.field
 *     - rule: field-meta-changed        # exact rule id
 *       collection: "legacy_*"          # keys of one entry combine with AND
 *       reason: "legacy collections are frozen"   # optional
 *   severity:
 *     field-default-changed: breaking   # effective severity of a rule
 *   accept:
 *     - id: "5f2c9a01b3d4"              # a change id (12 lowercase hex)
 *       reason: "views dropped on purpose"   # required
 *       expires: 2026-12-31             # optional, last day of validity
 *   types:                              # committed types files (issue 13)
 *     - file: src/directus.d.ts         # relative to this file's directory
 *       lang: ts                        # optional: ts (default)
 *       name: Schema                    # optional: the root type
 *       sdk: 20                         # optional; default: the
 *                                       # package.json nearest the file
 *       # also bigint, decimal, choices, core-collections as the options
 *       # of "directus-drift types"
 *
 * "check" and "diff" regenerate each "types" file from the NEW side of
 * the comparison (for check, the live instance) and report a stale or
 * missing one as a change of rule types-stale located at the file.
 *   usage: [src, app/graphql]           # front-end paths (issue 12), as
 *                                       # --usage; relative to the file
 *   usage-exclude: ["*.test.ts"]        # globs, relative to each path
 *   usage-max-depth: 4                  # 3..10 (default 10)
 *   usage-downgrade: false              # keep unused breaking changes
 *                                       # breaking (default true)
 *
 * Discovery (policy_find): --config FILE when given (it must exist), else
 * .directus-drift.yaml then .directus-drift.yml in the working directory,
 * else the same two names in the git repository root (found with
 * "git rev-parse --show-toplevel", executed without a shell; no git or no
 * repository means no policy).
 *
 * Precedence of settings: command-line option > policy file > built-in
 * default.  "fail-on" in the file sets the default --fail-on; "snapshot"
 * sets the default of check's --snapshot (a relative path is relative to
 * the directory of the policy file).  For the instance, check uses --url,
 * else $DIRECTUS_URL, else "url" from the file: the environment of one run
 * (a CI job pointing at staging) is more specific than a committed file.
 *
 * Validation: every error is status 3 (DRIFT_EXIT_INPUT) with the file and
 * the line and column of the offending key or value: unknown keys (with a
 * "did you mean" hint), wrong types, bad severity or fail-on names, unknown
 * rule ids, malformed change ids, dates that are not real YYYY-MM-DD
 * calendar dates, accept entries without a reason, duplicate accept ids,
 * ignore entries that select nothing, a top level that is not a mapping.
 * Keys named "token" (or ending in "_token"/"-token") are refused: tokens
 * do not belong in a file that is committed.  An empty file (or one with
 * only comments) is a valid, empty policy.
 *
 * A change id written as a plain number (id: 012345678901, which YAML reads
 * as an integer) is taken back as its 12 digits; anything else that is not
 * a string is an error asking to quote it.
 *
 * Applying (policy_apply), in this order:
 *   1. severity overrides set the effective severity of every change of
 *      that rule (and its override_origin, override_line);
 *   2. ignore entries mark matching changes CHANGE_IGNORED, status_reason
 *      the entry's reason or "ignored by rule in FILE:LINE:COL";
 *   3. accept entries mark the reported change with that id
 *      CHANGE_ACCEPTED, status_reason the entry's reason.  An entry whose
 *      expires date is before today (UTC) leaves the change reported
 *      (its "expired" set: "on DATE, FILE:LINE:COL"), adds an error note
 *      naming it and makes the run fail (exit 1) whatever --fail-on says.
 *      An entry that matches no change at all adds a
 *      warning note ("remove it").
 */
#ifndef DRIFT_POLICY_H
#define DRIFT_POLICY_H

#include <stddef.h>
#include <time.h>

#include "drift/emit.h"
#include "drift/rules.h"

struct arena;
struct changeset;
struct derr;
struct tnode;

#define POLICY_FILE_NAME ".directus-drift.yaml"
#define POLICY_FILE_NAME_ALT ".directus-drift.yml"

struct policy_ignore {
	const char *collection;  /* glob, or NULL */
	const char *field;       /* glob on "collection.field", or NULL */
	const struct rule *rule; /* borrowed from the table, or NULL */
	const char *reason;      /* as written, or NULL */
	const char *display;     /* reason, or "ignored by rule in F:L:C" */
	unsigned line, col;      /* of the entry */
	size_t matched;          /* set by policy_apply */
};

struct policy_override {
	const struct rule *rule;
	enum severity severity;
	unsigned line, col; /* of the key */
};

struct policy_accept {
	char id[13];
	const char *reason; /* never NULL */
	int has_expires;
	int year, month, day;     /* valid when has_expires */
	char expires[11];         /* "YYYY-MM-DD", or "" */
	unsigned line, col;       /* of the entry */
	size_t matched;           /* set by policy_apply */
	const char *expired_text; /* set by policy_apply: change->expired */
};

/* the longest "label" (the same as --label's) */
#define POLICY_LABEL_MAX 64

struct policy {
	char *origin;              /* the file, as messages name it */
	const char *fail_on;       /* "breaking" ... "never", or NULL */
	const char *url;           /* or NULL */
	const char *label;         /* or NULL; at most POLICY_LABEL_MAX */
	const char *snapshot;      /* as written, or NULL */
	const char *snapshot_path; /* resolved against the file's directory */
	struct policy_ignore *ignores;
	size_t nignores;
	struct policy_override *overrides;
	size_t noverrides;
	struct policy_accept *accepts;
	size_t naccepts;
	unsigned accept_line, accept_col; /* of the "accept" key, 0 if none */
	struct emit_target *types;        /* the "types" entries */
	size_t ntypes;
	struct arena *arena; /* owns every string above but origin */
	/* front-end usage (issue 12); strings in arena */
	const char **usage; /* "usage": paths resolved against the file */
	size_t nusage;
	const char **usage_exclude; /* "usage-exclude": globs as written */
	size_t nusage_exclude;
	unsigned usage_max_depth; /* 3..10; 0 when not set */
	int usage_downgrade;      /* "usage-downgrade"; 1 when not set */
};

enum policy_note_level {
	POLICY_NOTE_WARNING = 0,
	POLICY_NOTE_ERROR /* the run must fail */
};

struct policy_note {
	enum policy_note_level level;
	char *text; /* owned by the outcome */
};

/* what policy_apply did, for the report */
struct policy_outcome {
	size_t ignored;  /* changes marked CHANGE_IGNORED */
	size_t accepted; /* changes marked CHANGE_ACCEPTED */
	size_t expired;  /* expired accept entries that matched */
	size_t unused;   /* accept entries that matched no change */
	int must_fail;   /* 1 when an expired acceptance matched */
	struct policy_note *notes;
	size_t nnotes;
};

#define POLICY_OUTCOME_INIT \
	{ \
		0, 0, 0, 0, 0, NULL, 0 \
	}

/*
 * Validates a loaded document (root may be NULL: an empty policy) and
 * builds a new *out (policy_free).  origin names the file in messages and
 * is copied; root is borrowed for the call only.  Returns 0, or -1 with err
 * filled (status 3, origin:line:column, hint for "did you mean").
 */
int policy_from_tree(const char *origin, const struct tnode *root,
    struct policy **out, struct derr *err);

/*
 * Parses the text of a policy file (data[0..len), borrowed) with the YAML
 * loader, then policy_from_tree().  Blank or comment-only text is an empty
 * policy.  Returns 0 and a new *out, or -1 with err filled (status 3).
 */
int policy_parse(const char *origin, const char *data, size_t len,
    struct policy **out, struct derr *err);

/*
 * Reads and parses the file at path.  Returns 0 and a new *out, or -1 with
 * err filled: status 3 when the file cannot be read or is invalid.
 */
int policy_load(const char *path, struct policy **out, struct derr *err);

/* frees p and everything it owns; sets *pp to NULL; NULL is a no-op */
void policy_free(struct policy **pp);

/*
 * Finds the policy file (see "Discovery" above).  explicit_path is the
 * --config argument or NULL.  Returns 1 and a new *path_out when a file is
 * found, 0 and *path_out NULL when there is none, -1 with err filled
 * (status 3) when explicit_path does not exist or cannot be read.
 */
int policy_find(const char *explicit_path, char **path_out, struct derr *err);

/*
 * The git repository root of the working directory, from
 * "git rev-parse --show-toplevel" run without a shell (stderr discarded).
 * Returns a new string, or NULL when git is missing or this is not a
 * repository.
 */
char *policy_git_toplevel(void);

/*
 * Applies p (may be NULL: nothing happens) to every change of cs, in the
 * order described above, with now as the current time (tests inject it).
 * Fills out (which must be initialised with POLICY_OUTCOME_INIT);
 * status_reason strings are borrowed from p, which must outlive cs's use.
 * The matched counters of p are updated.  Returns 0.
 */
int policy_apply(struct policy *p, struct changeset *cs, time_t now,
    struct policy_outcome *out);

/* frees what out owns and re-initialises it */
void policy_outcome_release(struct policy_outcome *out);

/*
 * 0 when s is a change id: exactly 12 lowercase hexadecimal digits;
 * -1 otherwise.
 */
int policy_check_id(const char *s);

/*
 * Parses s as a real calendar date "YYYY-MM-DD" (year 1970-9999).
 * Returns 0 with the parts set, or -1.
 */
int policy_parse_date(const char *s, int *year, int *month, int *day);

/*
 * The "fail-on" names: breaking, dangerous, safe, any, never.  Returns 0
 * and *threshold set (a severity; "any" is SEV_COSMETIC; "never" is -1),
 * or -1 when name is none of them.
 */
int policy_fail_on_parse(const char *name, int *threshold);

/*
 * Appends an accept entry to the policy file at path, editing the text so
 * that everything else (comments, order, quoting, line endings) stays as it
 * was.  The file is created when it does not exist.  id must pass
 * policy_check_id(), reason must be non-empty UTF-8, expires is NULL or a
 * date for policy_parse_date().  The new text is parsed again and compared
 * with the old before anything is written; the write is atomic (temporary
 * file in the same directory, then rename; the mode is kept).  The whole
 * read-edit-write holds an exclusive flock on the file's directory, so
 * concurrent accepts serialise and each reads what the last one wrote.
 * A symbolic link at path is refused (status 5), never written through
 * (see output_write_atomic).  Refused
 * with err filled (status 3): a file that does not parse, a duplicate id,
 * an "accept" value in flow style with entries, a result that would not
 * parse back to the old document plus the entry.  Status 5 when writing
 * fails.  Returns 0 or -1.
 */
int policy_accept_append(const char *path, const char *id, const char *reason,
    const char *expires, struct derr *err);

/*
 * The text edit behind policy_accept_append(), without any file access:
 * old[0..len) (borrowed; NULL with len 0 for a new file) becomes a new
 * NUL-terminated string in *out (*outlen its length).  origin names the
 * file in messages.  Returns 0, or -1 with err filled (status 3).
 */
int policy_accept_edit(const char *origin, const char *old, size_t len,
    const char *id, const char *reason, const char *expires, char **out,
    size_t *outlen, struct derr *err);

#endif
