/*
 * cli.h: the command line (SPEC section 2): the command table, the one
 * option table shared by every command, and the "compare and report" step
 * that every comparing command ends with.
 *
 * Adding a command (the recipe):
 *   1. write src/cmd_NAME.c with "int cmd_NAME(int argc, char **argv,
 *      const struct cli_opts *o)" and declare it below;
 *   2. add a row { "NAME", cmd_NAME, CLI_OPT_..., "synopsis", "summary",
 *      "help paragraph" } to the command table in src/cli.c; the flags
 *      say which option groups the command accepts (others are usage
 *      errors naming the command); "NAME --help", "help NAME" and the
 *      global help are made from the row and the option table;
 *   3. document it in man/directus-drift.1 (SYNOPSIS, DESCRIPTION) and
 *      README.md (Usage), add it to the completions (tests/e2e/completion.sh
 *      fails until the completions offer exactly its options), and add
 *      e2e cases under fixtures/e2e/.
 * Adding an option: an OPT_ id, a row of opt_defs in src/cli.c (name,
 * argument, groups, help; an option whose meaning depends on the command
 * gets one row per meaning), a case in set_option(), the man page, the
 * README's option table (tests/e2e/readme.sh) and the completions.
 * A command function gets only its operands (argv[0] is the first operand,
 * options are already parsed into o) and returns an exit status (enum
 * drift_exit).  It prints its own errors (derr_print, drift_err).
 *
 * A comparing command is then a few lines, for example "check":
 *
 *	int
 *	cmd_check(int argc, char **argv, const struct cli_opts *o)
 *	{
 *		struct snapshot *old = NULL, *new = NULL;
 *		int rc;
 *
 *		(void)argv;
 *		if (argc != 0)
 *			return drift_usage_error("check takes no operands");
 *		rc = cli_load(o->snapshot ? o->snapshot : "schema.yaml",
 *		    o, &old);
 *		if (rc == 0)
 *			rc = cli_load(url, o, &new);  (url: o->url or
 *			                                $DIRECTUS_URL)
 *		if (rc == 0)
 *			rc = cli_compare(old, new, o);
 *		snapshot_free(&old);
 *		snapshot_free(&new);
 *		return rc;
 *	}
 */
#ifndef DRIFT_CLI_H
#define DRIFT_CLI_H

#include <stddef.h>

struct policy;
struct report_format;
struct snapshot;
struct source_opts;

/* option groups a command accepts (struct cli_command.flags) */
enum cli_opt_group {
	CLI_OPT_OUTPUT = 1 << 0,       /* -o/--output FILE */
	CLI_OPT_REPORT = 1 << 1,       /* --annotate --color --fail-on
	                                  --format --label -q -v */
	CLI_OPT_LIVE = 1 << 2,         /* --cacert --retries --timeout
	                              --token-file --url -v */
	CLI_OPT_SNAPSHOT = 1 << 3,     /* --snapshot FILE */
	CLI_OPT_CONFIG = 1 << 4,       /* --config FILE */
	CLI_POLICY = 1 << 5,           /* not an option group: load the policy
	                              file (policy.h) into o->policy before
	                              running the command */
	CLI_OPT_ACCEPT = 1 << 6,       /* --reason TEXT --expires DATE */
	CLI_OPT_REBUILD = 1 << 7,      /* --least-privilege (a comparing command
	                              with live options) */
	CLI_OPT_SNAPSHOT_OUT = 1 << 8, /* --format yaml|json, -o of
	                                  "snapshot" */
	CLI_OPT_RULES_FORMAT = 1 << 9, /* --format text|json of "rules" */
	CLI_OPT_TYPES = 1 << 10,       /* --bigint --check --choices
	                                  --core-collections --decimal --lang
	                                  --name --sdk, -o of "types" */
	CLI_OPT_USAGE = 1 << 11,       /* --usage PATH (repeatable) */
	CLI_OPT_JOBS = 1 << 12,        /* --jobs N (a front-end scan) */
	CLI_OPT_USAGE_REPORT = 1 << 13 /* --format text|json (once), -o, -q,
	                                  -v of "usage" */
};

/* at most this many --usage paths in one run */
#define CLI_MAX_USAGE 64

/* the longest --label */
#define CLI_LABEL_MAX 64

enum cli_color { CLI_COLOR_AUTO = 0, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

/* at most this many --format/--output pairs in one run */
#define CLI_MAX_REPORTS 8

/* one report of a run: a format and where it goes */
struct cli_report {
	const struct report_format *format;
	const char *output; /* NULL: standard output */
};

/*
 * Parsed options.  Strings are borrowed from argv.
 *
 * Several reports in one run ("--format json --output r.json --format
 * sarif --output r.sarif"): each --format takes the --output that follows
 * it, before the next --format; a --format without one goes to standard
 * output (at most one may); an --output before any --format goes with the
 * first --format (or with the default text format when there is none).
 * reports[0] is also in format/output, for commands that write one thing.
 */
struct cli_opts {
	const struct report_format *format;         /* reports[0].format */
	const char *output;                         /* reports[0].output */
	struct cli_report reports[CLI_MAX_REPORTS]; /* in command-line order */
	size_t nreports;         /* at least 1 after cli_parse_options */
	const char *lead_output; /* parser state: --output before --format */
	int fail_on;             /* --fail-on: enum severity, or
	                           REPORT_FAIL_NEVER; default breaking */
	int annotate;            /* --annotate (github): enum severity, or
	                           REPORT_FAIL_NEVER; default dangerous */
	enum cli_color color;    /* --color; default auto */
	int quiet;               /* -q/--quiet: no report on stdout */
	int verbose;             /* -v/--verbose */
	const char *snapshot;    /* --snapshot; NULL when not given */
	const char *url;         /* --url; NULL when not given */
	const char *token_file;  /* --token-file; NULL when not given */
	const char *cacert;      /* --cacert; NULL when not given */
	long timeout;            /* --timeout 1..3600 s; 0 when not given */
	long retries;            /* --retries 0..10; -1 when not given */
	int least_privilege;     /* --least-privilege */
	const char *snapshot_format; /* --format of "snapshot": "yaml" or
	                                "json"; NULL when not given */
	int fail_on_set;             /* 1 when --fail-on was given */
	const char *config;          /* --config; NULL when not given */
	const char *reason;          /* --reason; NULL when not given */
	const char *expires;         /* --expires; NULL when not given */
	const char *label;           /* --label; NULL when not given */
	const char *rules_format;    /* --format of "rules": "text" or
	                                "json"; NULL when not given */
	struct policy *policy;       /* loaded for CLI_POLICY commands, or NULL
	                           (no policy file); owned by
	                           cli_command_run */
	/* the CLI_OPT_TYPES options as given (cmd_types checks them) */
	const char *types_lang;
	const char *types_name;
	const char *types_check;
	const char *types_sdk;
	const char *types_bigint;
	const char *types_decimal;
	const char *types_choices;
	const char *types_core;
	/* --usage paths, in command-line order */
	const char *usage[CLI_MAX_USAGE];
	size_t nusage;
	unsigned jobs; /* --jobs 1..USAGE_MAX_JOBS; 0 when not given */
};

typedef int cli_command_fn(int argc, char **argv, const struct cli_opts *o);

struct cli_command {
	const char *name;
	cli_command_fn *fn;
	unsigned flags;      /* enum cli_opt_group bits */
	const char *usage;   /* the synopsis: "diff [-qv] ... old new" */
	const char *summary; /* one line for the global help; may be NULL */
	const char *help;    /* a paragraph for "help NAME"; may be NULL */
};

/* the commands (src/cmd_NAME.c) */
cli_command_fn cmd_accept;
cli_command_fn cmd_check;
cli_command_fn cmd_diff;
cli_command_fn cmd_rules;
cli_command_fn cmd_help;
cli_command_fn cmd_snapshot;
cli_command_fn cmd_types;
cli_command_fn cmd_usage;

/* sets the defaults listed in struct cli_opts */
void cli_opts_init(struct cli_opts *o);

/*
 * Finds the command for a whole command line (argv[0] is the program).
 * Handles what comes before a command: no arguments (usage on stderr,
 * exit 2), "--help"/"-h" (help on stdout, exit 0), "--version"/"-V"
 * (version on stdout, exit 0), an unknown command or option (exit 2, with
 * a did-you-mean suggestion).  Returns the command (borrowed), or NULL with
 * *rc set to the exit status when there is nothing more to run.
 */
const struct cli_command *cli_command_find(int argc, char **argv, int *rc);

/*
 * Parses the options of cmd (argv[0] is the command name) with
 * getopt_long, then runs cmd->fn on the operands.  For CLI_POLICY
 * commands the policy file is found and loaded first (exit 3 when it is
 * invalid, or when --config names a file that does not exist); its
 * fail-on becomes the default of --fail-on (the command line wins).  "--" ends the options.
 * Options outside cmd->flags, bad values and missing arguments are usage
 * errors (exit 2, "try 'directus-drift --help'").  "-h/--help" after a
 * command prints the help and returns 0.  Returns the exit status.
 */
int cli_command_run(const struct cli_command *cmd, int argc, char **argv);

/*
 * The option parser alone (for tests and cli_command_run): fills *o from
 * argv (argv[0] is the command name), accepting the groups in flags.
 * Returns the index of the first operand, -1 after a usage error (already
 * printed), or -2 when help was asked for (not printed).
 */
int cli_parse_options(int argc, char **argv, unsigned flags,
    const char *cmdname, struct cli_opts *o);

/*
 * A strtonum(3)-like checker: s must be a whole decimal integer (optional
 * sign, no spaces or trailing characters) in [min, max].  Returns 0 and
 * *out, or -1 with *errstr set to "invalid", "too small" or "too large".
 */
int cli_parse_number(const char *s, long long min, long long max,
    long long *out, const char **errstr);

/*
 * The closest candidate to word by edit distance (suggest_distance), when
 * close enough to be a typo (distance at most 2, and less than half of
 * word's length, rounded up); NULL otherwise.  A word or candidate longer
 * than SUGGEST_MAX_LEN bytes never matches.  Borrowed from cands.
 */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);

/*
 * 1 when the text report should be colored: --color always; or --color
 * auto with the report going to standard output and, in this order:
 * NO_COLOR set and not empty: no color; FORCE_COLOR or CLICOLOR_FORCE set
 * and not "", "0" or "false": color; GITHUB_ACTIONS or GITLAB_CI "true"
 * (their logs render ANSI): color; else standard output a terminal and
 * TERM set and not "dumb".
 */
int cli_use_color(const struct cli_opts *o);

/*
 * Fills *so from o's live options (--token-file, --cacert, --timeout,
 * --retries, -v, --least-privilege), every other member zero but
 * max_bytes, the cap on what is read.  Never fails.
 */
void cli_source_opts(
    const struct cli_opts *o, size_t max_bytes, struct source_opts *so);

/*
 * The base URL of the Directus instance a live command talks to: --url,
 * else $DIRECTUS_URL, else fallback (borrowed, may be NULL: the policy
 * file's url, say); an empty string counts as none.  Returns 0 with *url
 * set (borrowed), or prints a usage error and returns DRIFT_EXIT_USAGE
 * when there is none or it is not an http:// or https:// URL.
 */
int cli_instance_url(
    const struct cli_opts *o, const char *fallback, const char **url);

/*
 * Reads the source spec (see source.h: path, "-", git:REV:PATH, URL) and
 * builds its snapshot.  On success returns 0 and *out is new
 * (snapshot_free).  On failure prints the error (file:line:column for
 * input errors) and returns its exit status (2 malformed source, 3 bad
 * input, 4 network, 5 internal); *out is NULL.
 */
int cli_load(const char *spec, const struct cli_opts *o, struct snapshot **out);

/*
 * The end of every comparing command: diffs old against new (both
 * borrowed), renders every report of o->reports, writes each to its file
 * (atomically) or to standard output (unless o->quiet), and judges
 * o->fail_on.  When o->policy is set it is applied to the changes before
 * the reports (ignores, severity overrides, acceptances; see policy.h),
 * its notes join the report's, and an expired acceptance makes the run
 * fail (exit 1) whatever o->fail_on says; expired acceptances are also
 * named on standard error.  All reports are rendered before anything is
 * written; files are written in command-line order, standard output last.
 * Returns the exit status: 0 nothing at or above fail_on, 1 something
 * (every report is written first), 5 when a report cannot be rendered or
 * written (the error is printed and writing stops: files written before it
 * hold their complete new report, the failing one and those after it are
 * left as they were, nothing goes to standard output).
 */
int cli_compare(const struct snapshot *old, const struct snapshot *new,
    const struct cli_opts *o);

/*
 * The front-end paths of a run: --usage when given, else the policy's
 * "usage" list; *n 0 when there are none.  Borrowed.
 */
const char *const *cli_usage_paths(const struct cli_opts *o, size_t *n);

/*
 * Scans the front end (usage.h) against new (and old, may be NULL) with
 * the policy's usage-exclude and usage-max-depth, sorts the set and warns
 * about documents that do not parse.  Returns 0, or the exit status of an
 * error (printed: a path that does not exist is status 3).
 */
struct usage_set;
int cli_usage_scan(const struct cli_opts *o, const char *const *paths, size_t n,
    const struct snapshot *old, const struct snapshot *new,
    struct usage_set *out);

/*
 * Writes the help text (usage, commands, every option) to standard output;
 * returns 0, or 5 when standard output cannot be written.
 */
int cli_print_help(void);

/*
 * Writes the help of one command (synopsis, description, each option it
 * accepts) to standard output; returns 0, or 5 when standard output cannot
 * be written.
 */
int cli_print_command_help(const struct cli_command *cmd);

/* the command called name (borrowed), or NULL */
const struct cli_command *cli_command_lookup(const char *name);

/*
 * The options cmd accepts, for tests and tools: calls fn once per option
 * with its long name ("format"), its short letter or 0, and whether it
 * takes a value.  Help (-h, --help) is included.
 */
void cli_command_options(const struct cli_command *cmd,
    void (*fn)(const char *name, int shortopt, int has_arg, void *arg),
    void *arg);

#endif
