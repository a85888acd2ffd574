/*
 * source.h: reading a snapshot source into memory (SPEC section 2).
 *
 * A source is named by a string from the command line:
 *   - "-"                     standard input, origin "<stdin>";
 *   - "git:REV:PATH"          the file PATH at git revision REV, read by
 *                             running "git show REV:PATH" (no shell) in the
 *                             current directory; origin is the spec, a
 *                             full object name shortened to 12 digits;
 *   - "git:A...B:PATH"        PATH at the merge-base of A and B ("git
 *                             merge-base A B"; an empty side is HEAD), as
 *                             git's own A...B means; origin as above;
 *   - "http://..." or
 *     "https://..."           a live Directus instance: handed to
 *                             source_fetch_url() (the HTTP module);
 *   - anything else           a file path, origin the path as given.
 * The format is never guessed from the name: that is the loader's job.
 */
#ifndef DRIFT_SOURCE_H
#define DRIFT_SOURCE_H

#include <stddef.h>

struct buf;
struct derr;

enum source_kind { SOURCE_FILE = 0, SOURCE_STDIN, SOURCE_GIT, SOURCE_URL };

/* How to read sources; zero-initialise, then set what you need. */
struct source_opts {
	size_t max_bytes; /* cap on the size read; 0: 1 GiB */
	/* live sources only (SPEC section 2, "Live options") */
	const char *token_file; /* NULL: $DIRECTUS_TOKEN */
	const char *cacert;     /* NULL: the system's CA store */
	long timeout;           /* seconds; 0: the HTTP module's default */
	long retries;           /* -1: the HTTP module's default */
	int verbose;            /* log HTTP attempts on stderr */
	int least_privilege;    /* rebuild from /collections, /fields,
	                           /relations instead of /schema/snapshot */
	/*
	 * The base URL of the instance the token belongs to: a live source
	 * on another origin is fetched without the token (with a warning);
	 * NULL: every live source gets it (source_url.h).
	 */
	const char *token_instance;
};

struct source {
	enum source_kind kind;
	char *origin; /* new: how reports and messages name the source */
	char *data;   /* new: the content, NUL-terminated (not counted) */
	size_t len;
};

#define SOURCE_INIT \
	{ \
		SOURCE_FILE, NULL, NULL, 0 \
	}

/* which kind of source spec names */
enum source_kind source_kind_of(const char *spec);

/*
 * Reads the source named by spec into *out (initialised with SOURCE_INIT).
 * o may be NULL for the defaults.  Returns 0, or -1 with err filled and
 * *out left empty:
 *   - status 2 (usage) for a malformed spec: "git:" without REV and PATH,
 *     an empty REV or PATH, a REV (or A or B) starting with '-', more
 *     than one "..." in A...B;
 *   - status 3 when A and B have no merge-base ("'A' and 'B' have no
 *     common ancestor") or git cannot find one of them (both named);
 *   - status 3 (input) when the file cannot be opened or read, is larger
 *     than the cap ("'x' is larger than the 1 GiB limit"), or git cannot
 *     run or reports an error (its first message line is quoted, e.g.
 *     "cannot read 'git:nope:schema.yaml': invalid object name 'nope'");
 *   - whatever source_fetch_url() sets for URLs (4 for network errors).
 */
int source_read(const char *spec, const struct source_opts *o,
    struct source *out, struct derr *err);

/* frees what s owns and re-initialises it; safe on SOURCE_INIT */
void source_release(struct source *s);

/*
 * The HTTP hook: fetches GET {url}/schema/snapshot into out (whose max
 * is set to the cap by the caller), honouring o's live options.  Returns
 * 0, or -1 with err filled.  Implemented by the HTTP module
 * (src/source_url.c in builds without it: it always fails with status 4,
 * "live sources are not supported in this build").
 */
int source_fetch_url(const char *url, const struct source_opts *o,
    struct buf *out, struct derr *err);

#endif
