#include "drift/compat.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/directus_api.h"
#include "drift/emit.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/output.h"
#include "drift/policy.h"
#include "drift/report.h"
#include "drift/rules.h"
#include "drift/source.h"
#include "drift/suggest.h"
#include "drift/usage.h"
#include "drift/usage_join.h"
#include "drift/xalloc.h"

/*
 * The command table, sorted by name.  See cli.h for the recipe.  The help
 * (global and per command) and the completion test are made from this
 * table and the option table below.
 */
static const struct cli_command commands[] = {
	{ "accept", cmd_accept, CLI_OPT_CONFIG | CLI_OPT_ACCEPT,
	    "accept [--config file] --reason text [--expires date] id",
	    "record an accepted change in the policy file",
	    "Record in the policy file (.directus-drift.yaml, or --config) "
	    "that the change ID is accepted, with --reason TEXT and, with "
	    "--expires DATE, until that day.  The ids are those of the "
	    "reports (\"id\" in JSON)." },
	{ "check", cmd_check,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_SNAPSHOT |
		CLI_OPT_CONFIG | CLI_POLICY | CLI_OPT_REBUILD | CLI_OPT_USAGE |
		CLI_OPT_JOBS,
	    "check [-qv] [--color when] [--config file] [--fail-on level] "
	    "[--format format] [-o file] [--label name] [--snapshot file] "
	    "[--url url] [--usage path] [--jobs n] [live options]",
	    "compare the committed snapshot with the live instance",
	    "Compare the committed snapshot (--snapshot FILE, else the policy "
	    "file's snapshot, else schema.yaml) with the live instance "
	    "(--url URL, else $DIRECTUS_URL, else the policy file's url)." },
	{ "diff", cmd_diff,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_CONFIG |
		CLI_POLICY | CLI_OPT_REBUILD | CLI_OPT_USAGE | CLI_OPT_JOBS,
	    "diff [-qv] [--color when] [--config file] [--fail-on level] "
	    "[--format format] [-o file] [--label name] [--usage path] "
	    "[--jobs n] [live options] old new",
	    "compare two snapshots",
	    "Compare two snapshots, OLD and NEW.  Each is a file, - "
	    "(standard input), git:REV:PATH (PATH at a commit), "
	    "git:A...B:PATH (PATH at the merge-base of A and B) or the "
	    "http(s) base URL of a Directus instance (with the live "
	    "options)." },
	{ "help", cmd_help, 0, "help [command]",
	    "show the help, or the help of one command",
	    "Show the help, or with COMMAND the help of that command "
	    "(the same as '" DRIFT_NAME " COMMAND --help')." },
	{ "rules", cmd_rules, CLI_OPT_RULES_FORMAT,
	    "rules [--format format] [rule]",
	    "list the classification rules, or explain one",
	    "List the classification rules (id, severity, summary), or "
	    "explain RULE: what it watches and why it has its severity.  "
	    "--format json writes the same as JSON, for programs." },
	{ "snapshot", cmd_snapshot,
	    CLI_OPT_OUTPUT | CLI_OPT_LIVE | CLI_OPT_SNAPSHOT_OUT |
		CLI_OPT_CONFIG | CLI_POLICY,
	    "snapshot [-v] [--config file] [--format yaml|json] [-o file] "
	    "[--url url] [live options]",
	    "write the live snapshot to a file or standard output",
	    "Write the snapshot of the live instance (--url URL, else "
	    "$DIRECTUS_URL, else the policy file's url) as Directus exports "
	    "it, to -o FILE (atomically) or standard output." },
	{ "types", cmd_types, CLI_OPT_OUTPUT | CLI_OPT_LIVE | CLI_OPT_TYPES,
	    "types [--lang ts|graphql] [--name name] [--sdk major] "
	    "[type options] [-o file | --check file] source",
	    "write the front-end types of a snapshot",
	    "Write the front-end types of the snapshot SOURCE (a file, -, "
	    "git:REV:PATH or a URL, as for diff): --lang ts, the Schema type "
	    "of @directus/sdk; --lang graphql, the SDL Directus serves at "
	    "/server/specs/graphql.  With --check FILE, exit 1 when FILE is "
	    "stale." },
	{ "usage", cmd_usage,
	    CLI_OPT_USAGE_REPORT | CLI_OPT_LIVE | CLI_OPT_CONFIG | CLI_POLICY |
		CLI_OPT_JOBS,
	    "usage [--format text|json] [--jobs n] [-o file] [--config file] "
	    "snapshot [path ...]",
	    "what the front end uses of a snapshot, and its unknown names",
	    "Scan the front end in PATH (files or directories; default: the "
	    "policy file's usage list) for the collections and fields its "
	    "GraphQL documents, SDK calls and REST URLs name, and check "
	    "them against SNAPSHOT (a file, -, git:REV:PATH or a URL).  "
	    "Exit 1 when it names a collection or field the snapshot does "
	    "not have, or nests deeper than the limit." },
};

/* the order of the global help: the everyday commands first */
static const char *const command_order[] = { "diff", "check", "snapshot",
	"types", "usage", "accept", "rules", "help" };

/* the first paragraph of the global help is also the bare usage */
static const char help_intro[] =
    "Compare two Directus schema snapshots and classify every change as\n"
    "breaking, dangerous, safe or cosmetic for the API consumers.\n";

static const char help_exit[] =
    "exit status: 0 nothing at or above --fail-on, 1 something, 2 usage "
    "error,\n"
    "3 bad input, 4 live instance unreachable, 5 internal or write error\n";

enum opt_id {
	OPT_HELP = 'h',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_ANNOTATE = 256,
	OPT_CACERT,
	OPT_COLOR,
	OPT_CONFIG,
	OPT_EXPIRES,
	OPT_FAIL_ON,
	OPT_FORMAT,
	OPT_LEAST_PRIVILEGE,
	OPT_REASON,
	OPT_RETRIES,
	OPT_SNAPSHOT,
	OPT_TIMEOUT,
	OPT_TOKEN_FILE,
	OPT_URL,
	OPT_LABEL,
	OPT_BIGINT, /* the types options */
	OPT_CHECK,
	OPT_CHOICES,
	OPT_CORE_COLLECTIONS,
	OPT_DECIMAL,
	OPT_LANG,
	OPT_NAME,
	OPT_SDK,
	OPT_USAGE,
	OPT_JOBS
};

/*
 * The one option table, sorted by name.  An option is accepted by a
 * command whose flags share a bit with the groups of any of its rows
 * (groups 0: every command).  An option whose meaning depends on the
 * command has several rows, the specific ones first: a command's help
 * shows the first row that applies to it, the global help the last.
 * Short options are the ids below 256.  "\n" in help starts a new line.
 */
struct opt_def {
	int id;
	const char *name;
	int has_arg;
	unsigned groups;
	const char *arg;  /* the value in the help: "FILE"; NULL: none */
	const char *help; /* one or more lines */
};

static const struct opt_def opt_defs[] = {
	{ OPT_ANNOTATE, "annotate", required_argument, CLI_OPT_REPORT, "LEVEL",
	    "github format: annotate changes at least LEVEL:\n"
	    "breaking, dangerous (default), safe, cosmetic, any,\n"
	    "never" },
	{ OPT_BIGINT, "bigint", required_argument, CLI_OPT_TYPES, "AS",
	    "bigInteger fields as string (default) or number" },
	{ OPT_CACERT, "cacert", required_argument, CLI_OPT_LIVE, "FILE",
	    "trust the CA certificates in FILE" },
	{ OPT_CHECK, "check", required_argument, CLI_OPT_TYPES, "FILE",
	    "compare FILE with what SOURCE generates: exit 0\n"
	    "fresh (or only reformatted), 1 stale" },
	{ OPT_CHOICES, "choices", required_argument, CLI_OPT_TYPES, "AS",
	    "fields with choices as literal (default) unions\n"
	    "or string" },
	{ OPT_COLOR, "color", required_argument, CLI_OPT_REPORT, "WHEN",
	    "color the text report: auto (default), always, never" },
	{ OPT_CONFIG, "config", required_argument, CLI_OPT_CONFIG, "FILE",
	    "the policy file (default: .directus-drift.yaml in\n"
	    "the working directory or the repository root)" },
	{ OPT_CORE_COLLECTIONS, "core-collections", required_argument,
	    CLI_OPT_TYPES, "AS",
	    "system collection root keys as array (default)\n"
	    "or singular" },
	{ OPT_DECIMAL, "decimal", required_argument, CLI_OPT_TYPES, "AS",
	    "decimal fields as string (default) or number" },
	{ OPT_EXPIRES, "expires", required_argument, CLI_OPT_ACCEPT, "DATE",
	    "the last day the acceptance holds (YYYY-MM-DD)" },
	{ OPT_FAIL_ON, "fail-on", required_argument, CLI_OPT_REPORT, "LEVEL",
	    "exit 1 when a change is at least LEVEL: breaking\n"
	    "(default), dangerous, safe, cosmetic (any), never" },
	{ OPT_FORMAT, "format", required_argument, CLI_OPT_SNAPSHOT_OUT,
	    "FORMAT", "yaml (default) or json, as Directus exports it" },
	{ OPT_FORMAT, "format", required_argument,
	    CLI_OPT_RULES_FORMAT | CLI_OPT_USAGE_REPORT, "FORMAT",
	    "text (default) or json" },
	{ OPT_FORMAT, "format", required_argument, CLI_OPT_REPORT, "FORMAT",
	    "report format: text (default), json, sarif, junit,\n"
	    "github, gitlab, markdown; repeat for several\n"
	    "reports, each followed by its own --output" },
	{ OPT_HELP, "help", no_argument, 0, NULL, "show this help" },
	{ OPT_JOBS, "jobs", required_argument, CLI_OPT_JOBS, "N",
	    "scan the front end on N threads (default: one per\n"
	    "processor, at most " USAGE_MAX_JOBS_STR
	    "); the result is the same" },
	{ OPT_LABEL, "label", required_argument, CLI_OPT_REPORT, "NAME",
	    "name the live side NAME in every report instead\n"
	    "of its URL (keep a secret URL out of reports)" },
	{ OPT_LANG, "lang", required_argument, CLI_OPT_TYPES, "LANG",
	    "the language: ts (default) or graphql" },
	{ OPT_LEAST_PRIVILEGE, "least-privilege", no_argument, CLI_OPT_REBUILD,
	    NULL,
	    "rebuild the live snapshot from /collections, /fields\n"
	    "and /relations (no admin token needed; may be\n"
	    "filtered by the token's permissions)" },
	{ OPT_NAME, "name", required_argument, CLI_OPT_TYPES, "NAME",
	    "the root type (default Schema)" },
	{ OPT_OUTPUT, "output", required_argument, CLI_OPT_TYPES, "FILE",
	    "write the types to FILE, atomically, instead of\n"
	    "standard output" },
	{ OPT_OUTPUT, "output", required_argument, CLI_OPT_SNAPSHOT_OUT, "FILE",
	    "write the snapshot to FILE, atomically, instead\n"
	    "of standard output" },
	{ OPT_OUTPUT, "output", required_argument, CLI_OPT_USAGE_REPORT, "FILE",
	    "write the report to FILE, atomically, instead of\n"
	    "standard output ('-': standard output)" },
	{ OPT_OUTPUT, "output", required_argument, CLI_OPT_OUTPUT, "FILE",
	    "write the report of the --format before it to\n"
	    "FILE, atomically, instead of standard output\n"
	    "('-': standard output)" },
	{ OPT_QUIET, "quiet", no_argument,
	    CLI_OPT_REPORT | CLI_OPT_USAGE_REPORT, NULL,
	    "write no report to standard output" },
	{ OPT_REASON, "reason", required_argument, CLI_OPT_ACCEPT, "TEXT",
	    "why the change is accepted (required)" },
	{ OPT_RETRIES, "retries", required_argument, CLI_OPT_LIVE, "N",
	    "retry failed requests N times (default 3)" },
	{ OPT_SDK, "sdk", required_argument, CLI_OPT_TYPES, "MAJOR",
	    "the @directus/sdk major (default: the nearest\n"
	    "package.json's, else 26)" },
	{ OPT_SNAPSHOT, "snapshot", required_argument, CLI_OPT_SNAPSHOT, "FILE",
	    "the committed snapshot (default: the policy file's\n"
	    "snapshot, else schema.yaml)" },
	{ OPT_TIMEOUT, "timeout", required_argument, CLI_OPT_LIVE, "SECONDS",
	    "give up on one attempt after SECONDS (default 30)" },
	{ OPT_TOKEN_FILE, "token-file", required_argument, CLI_OPT_LIVE, "FILE",
	    "read the token from FILE (default $DIRECTUS_TOKEN)" },
	{ OPT_URL, "url", required_argument, CLI_OPT_LIVE, "URL",
	    "the Directus instance (default $DIRECTUS_URL)" },
	{ OPT_USAGE, "usage", required_argument, CLI_OPT_USAGE, "PATH",
	    "scan the front end in PATH (a file or directory;\n"
	    "repeatable) and say which changes it uses; unused\n"
	    "breaking changes become dangerous" },
	{ OPT_VERBOSE, "verbose", no_argument,
	    CLI_OPT_SNAPSHOT_OUT | CLI_OPT_USAGE_REPORT, NULL,
	    "log each request to the instance on standard error" },
	{ OPT_VERBOSE, "verbose", no_argument, CLI_OPT_REPORT | CLI_OPT_LIVE,
	    NULL,
	    "also show cosmetic and ignored changes (and log\n"
	    "each request to a live instance)" },
};

/* built from opt_defs on first use: getopt_long's tables */
static struct option long_options[DRIFT_ARRAY_LEN(opt_defs) + 1];
static char short_options[2 * DRIFT_ARRAY_LEN(opt_defs) + 2];

static void
build_getopt_tables(void)
{
	size_t i, j, n = 0, ns = 0;
	int seen;

	if (long_options[0].name != NULL)
		return;
	short_options[ns++] = ':';
	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++) {
		seen = 0;
		for (j = 0; j < n; j++)
			seen |= long_options[j].val == opt_defs[i].id;
		if (seen)
			continue;
		long_options[n].name = opt_defs[i].name;
		long_options[n].has_arg = opt_defs[i].has_arg;
		long_options[n].flag = NULL;
		long_options[n].val = opt_defs[i].id;
		n++;
		if (opt_defs[i].id < 256) {
			short_options[ns++] = (char)opt_defs[i].id;
			if (opt_defs[i].has_arg == required_argument)
				short_options[ns++] = ':';
		}
	}
	short_options[ns] = '\0';
}

/* the groups of option id: the union of its rows; 0: every command */
static unsigned
opt_group(int id)
{
	unsigned g = 0;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++)
		if (opt_defs[i].id == id)
			g |= opt_defs[i].groups;
	return g;
}

/* "--format" or "-o": how the user can spell option id */
static void
opt_spelling(int id, char *out, size_t outlen)
{
	size_t i;

	build_getopt_tables();
	snprintf(out, outlen, "-%c", id < 256 ? id : '?');
	for (i = 0; long_options[i].name != NULL; i++) {
		if (long_options[i].val == id) {
			snprintf(out, outlen, "--%s", long_options[i].name);
			break;
		}
	}
}

void
cli_opts_init(struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = report_format_find("text");
	o->reports[0].format = o->format;
	o->fail_on = SEV_BREAKING;
	o->annotate = SEV_DANGEROUS;
	o->color = CLI_COLOR_AUTO;
	o->retries = -1;
}

int
cli_parse_number(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	char *end = NULL;
	long long v;
	int ret = -1;

	errno = 0;
	*errstr = "invalid";
	/* strtoll skips leading space; an option value may not have any */
	if (s[0] == '\0' || s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		goto out;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0')
		goto out;
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		goto out;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		goto out;
	}
	*out = v;
	*errstr = NULL;
	ret = 0;
out:
	return ret;
}

const char *
cli_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, limit = (strlen(word) + 1) / 2;

	if (limit > 2)
		limit = 2;
	for (i = 0; i < n; i++) {
		d = suggest_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit && bestd > 0 ? best : NULL;
}

static int
unknown_option(const char *arg)
{
	const char *names[DRIFT_ARRAY_LEN(long_options)], *s;
	char word[128];
	size_t i, n = 0;

	build_getopt_tables();
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(arg, "="), arg);
	for (i = 0; long_options[i].name != NULL; i++)
		names[n++] = long_options[i].name;
	s = strncmp(word, "--", 2) == 0 ? cli_suggest(word + 2, names, n)
					: NULL;
	if (s != NULL)
		drift_usage_error(
		    "unknown option '%s'; did you mean '--%s'?", word, s);
	else
		drift_usage_error("unknown option '%s'", word);
	return -1;
}

static int
bad_value(const char *opt, const char *val, const char *choices)
{
	drift_usage_error(
	    "invalid value '%s' for %s: expected %s", val, opt, choices);
	return -1;
}

/* --format: starts a new report (see struct cli_opts) */
static int
add_format(struct cli_opts *o, const char *arg)
{
	const struct report_format *f = report_format_find(arg);
	int ret = -1;

	if (f == NULL)
		drift_usage_error("unsupported format '%s': supported formats "
				  "are %s",
		    arg, report_format_names());
	else if (o->nreports == CLI_MAX_REPORTS)
		drift_usage_error(
		    "too many --format options: at most %d", CLI_MAX_REPORTS);
	else
		ret = 0;
	if (ret == 0) {
		o->reports[o->nreports].format = f;
		o->reports[o->nreports].output = NULL;
		o->nreports++;
	}
	return ret;
}

static int
no_format(const char *output)
{
	drift_usage_error("--output '%s' has no --format of its own: give "
			  "each --output after its --format",
	    output);
	return -1;
}

/* --output: the file of the last --format (see struct cli_opts) */
static int
add_output(struct cli_opts *o, const char *arg)
{
	int ret = 0;

	if (o->nreports == 0 && o->lead_output == NULL)
		o->lead_output = arg;
	else if (o->nreports > 0 && o->reports[o->nreports - 1].output == NULL)
		o->reports[o->nreports - 1].output = arg;
	else
		ret = no_format(arg);
	return ret;
}

/* the reports once every option is read: defaults, then consistency */
static int
finish_reports(struct cli_opts *o)
{
	size_t i, j, nstdout = 0;
	int ret = 0;

	if (o->nreports == 0) {
		o->reports[0].format = report_format_find("text");
		o->reports[0].output = NULL;
		o->nreports = 1;
	}
	if (o->lead_output != NULL) {
		if (o->reports[0].output == NULL)
			o->reports[0].output = o->lead_output;
		else
			ret = no_format(o->lead_output);
	}
	/*
	 * "-o -" is standard output, as the source "-" is standard input;
	 * so are /dev/stdout and /dev/fd/1, which written in place would
	 * share the offset of the text report that follows (cli_compare)
	 */
	for (i = 0; i < o->nreports; i++)
		if (o->reports[i].output != NULL &&
		    (strcmp(o->reports[i].output, "-") == 0 ||
			strcmp(o->reports[i].output, "/dev/stdout") == 0 ||
			strcmp(o->reports[i].output, "/dev/fd/1") == 0))
			o->reports[i].output = NULL;
	for (i = 0; ret == 0 && i < o->nreports; i++) {
		if (o->reports[i].output == NULL && ++nstdout > 1) {
			drift_usage_error(
			    "only one report can go to standard "
			    "output: give the other --format an --output");
			ret = -1;
		}
		for (j = 0; ret == 0 && o->reports[i].output != NULL && j < i;
		     j++)
			if (o->reports[j].output != NULL &&
			    strcmp(o->reports[i].output,
				o->reports[j].output) == 0) {
				drift_usage_error("two reports would go to "
						  "'%s'",
				    o->reports[i].output);
				ret = -1;
			}
	}
	o->format = o->reports[0].format;
	o->output = o->reports[0].output;
	return ret;
}

/* --annotate: a --fail-on level, or a severity name (cosmetic) */
static int
parse_annotate(const char *arg, int *out)
{
	enum severity sv;
	int ret = report_fail_on_parse(arg, out);

	if (ret != 0 && severity_parse(arg, &sv) == 0) {
		*out = (int)sv;
		ret = 0;
	}
	return ret;
}

static int
set_option(int id, const char *arg, const char *cmdname, unsigned flags,
    struct cli_opts *o)
{
	const char *errstr;
	long long n;
	int ret = 0;

	switch (id) {
	case OPT_CACERT:
		o->cacert = arg;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color = CLI_COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color = CLI_COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color = CLI_COLOR_NEVER;
		else
			ret = bad_value(
			    "--color", arg, "auto, always or never");
		break;
	case OPT_CONFIG:
		o->config = arg;
		break;
	case OPT_EXPIRES:
		o->expires = arg;
		break;
	case OPT_REASON:
		o->reason = arg;
		break;
	case OPT_ANNOTATE:
		if (parse_annotate(arg, &o->annotate) != 0)
			ret = bad_value("--annotate", arg,
			    "breaking, dangerous, safe, cosmetic, any or "
			    "never");
		break;
	case OPT_FAIL_ON:
		if (report_fail_on_parse(arg, &o->fail_on) != 0)
			ret = bad_value("--fail-on", arg,
			    "breaking, "
			    "dangerous, safe, cosmetic, any or never");
		o->fail_on_set = 1;
		break;
	case OPT_FORMAT:
		if (flags & CLI_OPT_RULES_FORMAT) {
			/* rules lists the rule table: for people or programs */
			if (strcmp(arg, "text") == 0 ||
			    strcmp(arg, "json") == 0)
				o->rules_format = arg;
			else
				ret = bad_value(
				    "--format", arg, "text or json");
			break;
		}
		if (flags & CLI_OPT_USAGE_REPORT) {
			/* usage writes one report, for people or programs */
			if (strcmp(arg, "text") != 0 &&
			    strcmp(arg, "json") != 0)
				ret = bad_value(
				    "--format", arg, "text or json");
			else if (o->nreports > 0)
				ret = drift_usage_error(
				    "'%s' writes one report: give --format "
				    "once",
				    cmdname);
			else
				ret = add_format(o, arg);
			break;
		}
		if (flags & CLI_OPT_SNAPSHOT_OUT) {
			/* snapshot writes a snapshot, not a report */
			if (strcmp(arg, "yaml") == 0 ||
			    strcmp(arg, "json") == 0)
				o->snapshot_format = arg;
			else
				ret = bad_value(
				    "--format", arg, "yaml or json");
			break;
		}
		ret = add_format(o, arg);
		break;
	case OPT_LABEL:
		if (arg[0] == '\0' || strlen(arg) > CLI_LABEL_MAX ||
		    strpbrk(arg, "\n\r\t") != NULL)
			ret = bad_value("--label", arg,
			    "a name of 1 to 64 characters on one line");
		else
			o->label = arg;
		break;
	case OPT_LEAST_PRIVILEGE:
		o->least_privilege = 1;
		break;
	case OPT_OUTPUT:
		if ((flags & CLI_OPT_USAGE_REPORT) &&
		    (o->lead_output != NULL ||
			(o->nreports > 0 && o->reports[0].output != NULL)))
			ret = drift_usage_error("'%s' writes one report: give "
						"--output once",
			    cmdname);
		else
			ret = add_output(o, arg);
		break;
	case OPT_QUIET:
		o->quiet = 1;
		break;
	case OPT_RETRIES:
		if (cli_parse_number(arg, 0, 10, &n, &errstr) != 0)
			ret = bad_value("--retries", arg,
			    "a whole number "
			    "from 0 to 10");
		else
			o->retries = (long)n;
		break;
	case OPT_SNAPSHOT:
		o->snapshot = arg;
		break;
	case OPT_TIMEOUT:
		if (cli_parse_number(arg, 1, 3600, &n, &errstr) != 0)
			ret = bad_value("--timeout", arg,
			    "a whole number of "
			    "seconds from 1 to 3600");
		else
			o->timeout = (long)n;
		break;
	case OPT_TOKEN_FILE:
		o->token_file = arg;
		break;
	case OPT_URL:
		o->url = arg;
		break;
	case OPT_JOBS:
		if (cli_parse_number(arg, 1, USAGE_MAX_JOBS, &n, &errstr) != 0)
			ret = bad_value("--jobs", arg,
			    "a whole number from 1 to " USAGE_MAX_JOBS_STR);
		else
			o->jobs = (unsigned)n;
		break;
	case OPT_USAGE:
		if (o->nusage == CLI_MAX_USAGE)
			ret = drift_usage_error(
			    "at most %d --usage paths", CLI_MAX_USAGE);
		else
			o->usage[o->nusage++] = arg;
		break;
	case OPT_VERBOSE:
		o->verbose = 1;
		break;
	case OPT_BIGINT:
		o->types_bigint = arg;
		break;
	case OPT_CHECK:
		o->types_check = arg;
		break;
	case OPT_CHOICES:
		o->types_choices = arg;
		break;
	case OPT_CORE_COLLECTIONS:
		o->types_core = arg;
		break;
	case OPT_DECIMAL:
		o->types_decimal = arg;
		break;
	case OPT_LANG:
		o->types_lang = arg;
		break;
	case OPT_NAME:
		o->types_name = arg;
		break;
	case OPT_SDK:
		o->types_sdk = arg;
		break;
	default:
		ret = drift_err(
		    "internal error: option %d of '%s'", id, cmdname);
		break;
	}
	return ret;
}

int
cli_parse_options(int argc, char **argv, unsigned flags, const char *cmdname,
    struct cli_opts *o)
{
	char spelled[64];
	const char *typed;
	int c, li, ret = -1;

	build_getopt_tables();
	/* 0, not 1: glibc then resets its internal state too (tests) */
	optind = 0;
	opterr = 0;
	for (;;) {
		li = -1;
		c = getopt_long(argc, argv, short_options, long_options, &li);
		if (c == -1)
			break;
		/*
		 * --token-file cannot be abbreviated: glibc would take
		 * "--token SECRET" for "--token-file SECRET" and then name
		 * the secret in an error.
		 */
		if (li >= 0 && long_options[li].val == OPT_TOKEN_FILE) {
			typed = optarg != NULL && optind >= 2 &&
				optarg == argv[optind - 1]
			    ? argv[optind - 2]
			    : argv[optind - 1];
			if (strncmp(typed, "--", 2) != 0 ||
			    strlen(long_options[li].name) !=
				strcspn(typed + 2, "=") ||
			    strncmp(typed + 2, long_options[li].name,
				strlen(long_options[li].name)) != 0) {
				snprintf(spelled, sizeof(spelled), "%.*s",
				    (int)strcspn(typed, "="), typed);
				if (strcmp(spelled, "--token") == 0)
					drift_usage_error(
					    "there is no --token "
					    "option (the command line is "
					    "visible to other users): set "
					    "DIRECTUS_TOKEN or use "
					    "--token-file FILE");
				else
					drift_usage_error(
					    "option '%s' cannot "
					    "be abbreviated: write '--%s'",
					    spelled, long_options[li].name);
				goto out;
			}
		}
		if (c == '?') {
			if (optopt != 0) {
				snprintf(
				    spelled, sizeof(spelled), "-%c", optopt);
				unknown_option(spelled);
			} else {
				unknown_option(argv[optind - 1]);
			}
			goto out;
		}
		if (c == ':') {
			opt_spelling(optopt, spelled, sizeof(spelled));
			drift_usage_error("option '%s' needs a value", spelled);
			goto out;
		}
		if (c == OPT_HELP) {
			ret = -2;
			goto out;
		}
		if (opt_group(c) != 0 && (opt_group(c) & flags) == 0) {
			opt_spelling(c, spelled, sizeof(spelled));
			drift_usage_error("option '%s' does not apply to '%s'",
			    spelled, cmdname);
			goto out;
		}
		if (set_option(c, optarg, cmdname, flags, o) != 0)
			goto out;
	}
	if (finish_reports(o) != 0)
		goto out;
	ret = optind;
out:
	return ret;
}
/*
 * text re-flowed to 78 columns: the first line after first (which ends
 * with a space or is empty), the others after indent spaces
 */
static void
add_flow(struct buf *b, const char *first, size_t indent, const char *text)
{
	const char *p = text;
	size_t col = strlen(first), n, i, depth;

	buf_adds(b, first);
	while (*p != '\0') {
		p += strspn(p, " ");
		/* a word, or a whole [bracketed group] of a synopsis */
		for (n = 0, depth = 0; p[n] != '\0'; n++) {
			if (p[n] == '[')
				depth++;
			else if (p[n] == ']' && depth > 0)
				depth--;
			else if (p[n] == ' ' && depth == 0)
				break;
		}
		if (n == 0)
			break;
		if (col > indent && col + 1 + n > 78) {
			buf_addch(b, '\n');
			for (i = 0; i < indent; i++)
				buf_addch(b, ' ');
			col = indent;
		} else if (col > indent) {
			buf_addch(b, ' ');
			col++;
		}
		buf_add(b, p, n);
		col += n;
		p += n;
	}
	buf_addch(b, '\n');
}

static void
add_synopsis(struct buf *b, const char *lead, const struct cli_command *c)
{
	char first[96];

	snprintf(first, sizeof(first), "%s" DRIFT_NAME " %s ", lead, c->name);
	add_flow(b, first, strlen(first),
	    strchr(c->usage, ' ') != NULL ? strchr(c->usage, ' ') + 1 : "");
}

/* "  -o, --output FILE   write ..." */
static void
add_option(struct buf *b, const struct opt_def *d)
{
	const size_t col = 22;
	const char *p = d->help;
	size_t start = b->len, n;

	buf_adds(b, "  ");
	if (d->id < 256)
		buf_addf(b, "-%c, ", d->id);
	buf_addf(b, "--%s", d->name);
	if (d->arg != NULL)
		buf_addf(b, " %s", d->arg);
	if (b->len - start + 1 > col) {
		buf_addch(b, '\n');
		start = b->len;
	}
	while (b->len - start < col)
		buf_addch(b, ' ');
	for (;;) {
		n = strcspn(p, "\n");
		buf_add(b, p, n);
		buf_addch(b, '\n');
		p += n;
		if (*p == '\0')
			break;
		p++;
		buf_addf(b, "%*s", (int)col, "");
	}
}

/* the row of option id that cmd's help shows, or NULL */
static const struct opt_def *
opt_row_for(int id, unsigned flags)
{
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++)
		if (opt_defs[i].id == id &&
		    (opt_defs[i].groups == 0 || (opt_defs[i].groups & flags)))
			return &opt_defs[i];
	return NULL;
}

/* 1 when row i is the first row of its option */
static int
opt_first_row(size_t i)
{
	return i == 0 || opt_defs[i - 1].id != opt_defs[i].id;
}

/* the commands in the order of the global help */
static size_t
commands_ordered(const struct cli_command **out)
{
	size_t i, j, n = 0;
	int listed;

	for (i = 0; i < DRIFT_ARRAY_LEN(command_order); i++)
		for (j = 0; j < DRIFT_ARRAY_LEN(commands); j++)
			if (strcmp(command_order[i], commands[j].name) == 0)
				out[n++] = &commands[j];
	for (j = 0; j < DRIFT_ARRAY_LEN(commands); j++) {
		listed = 0;
		for (i = 0; i < n; i++)
			listed |= out[i] == &commands[j];
		if (!listed)
			out[n++] = &commands[j];
	}
	return n;
}

/* every synopsis line: the bare usage, and the top of the global help */
static void
add_usage(struct buf *b)
{
	const struct cli_command *order[DRIFT_ARRAY_LEN(commands)];
	size_t i, n = commands_ordered(order);

	for (i = 0; i < n; i++)
		add_synopsis(b, i == 0 ? "usage: " : "       ", order[i]);
	buf_adds(b, "       " DRIFT_NAME " --help | --version\n");
}

static void
build_help(struct buf *b)
{
	const struct cli_command *order[DRIFT_ARRAY_LEN(commands)];
	size_t i, j, n = commands_ordered(order);

	add_usage(b);
	buf_addf(b, "\n%s\ncommands:\n", help_intro);
	for (i = 0; i < n; i++)
		buf_addf(b, "  %-20s%s\n", order[i]->name,
		    order[i]->summary != NULL ? order[i]->summary : "");
	buf_adds(b,
	    "\noptions ('" DRIFT_NAME " help COMMAND' lists those "
	    "of one command):\n");
	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++) {
		/* the last row of an option is its general meaning */
		for (j = i; j + 1 < DRIFT_ARRAY_LEN(opt_defs) &&
		     opt_defs[j + 1].id == opt_defs[i].id;
		     j++)
			;
		add_option(b, &opt_defs[j]);
		i = j;
	}
	buf_adds(b, "  -V, --version       show the version\n");
	buf_addf(b, "\n%s\nSee " DRIFT_NAME "(1) for more.\n", help_exit);
}

static int
print_buf(struct buf *b)
{
	struct derr err = DERR_INIT;
	int ret = 0;

	if (output_write_stdout(b->buf, b->len, &err) != 0) {
		derr_print(&err);
		ret = err.status;
	}
	buf_release(b);
	return ret;
}

static int
print_text(const char *s)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, s);
	return print_buf(&b);
}

int
cli_print_help(void)
{
	struct buf b = BUF_INIT;

	build_help(&b);
	return print_buf(&b);
}

int
cli_print_command_help(const struct cli_command *cmd)
{
	struct buf b = BUF_INIT;
	const struct opt_def *d;
	size_t i;

	add_synopsis(&b, "usage: ", cmd);
	if (cmd->help != NULL) {
		buf_addch(&b, '\n');
		add_flow(&b, "", 0, cmd->help);
	}
	buf_adds(&b, "\noptions:\n");
	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++) {
		d = opt_first_row(i) ? opt_row_for(opt_defs[i].id, cmd->flags)
				     : NULL;
		if (d != NULL)
			add_option(&b, d);
	}
	buf_adds(&b, "\nSee " DRIFT_NAME "(1) for more.\n");
	return print_buf(&b);
}

const struct cli_command *
cli_command_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(commands); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

void
cli_command_options(const struct cli_command *cmd,
    void (*fn)(const char *name, int shortopt, int has_arg, void *arg),
    void *arg)
{
	const struct opt_def *d;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(opt_defs); i++) {
		d = opt_first_row(i) ? opt_row_for(opt_defs[i].id, cmd->flags)
				     : NULL;
		if (d != NULL)
			fn(d->name, d->id < 256 ? d->id : 0,
			    d->has_arg == required_argument, arg);
	}
}

static int
unknown_command(const char *arg)
{
	const char *names[DRIFT_ARRAY_LEN(commands)], *s;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(commands); i++)
		names[i] = commands[i].name;
	/* no command to name in the hint ('help dif' included) */
	drift_usage_command(NULL);
	s = cli_suggest(arg, names, DRIFT_ARRAY_LEN(commands));
	if (s != NULL)
		return drift_usage_error(
		    "unknown command '%s'; did you mean '%s'?", arg, s);
	return drift_usage_error("unknown command '%s'", arg);
}

int
cmd_help(int argc, char **argv, const struct cli_opts *o)
{
	const struct cli_command *c;

	(void)o;
	if (argc == 0)
		return cli_print_help();
	if (argc > 1)
		return drift_usage_error("'help' takes at most one command");
	c = cli_command_lookup(argv[0]);
	if (c == NULL)
		return unknown_command(argv[0]);
	return cli_print_command_help(c);
}

const struct cli_command *
cli_command_find(int argc, char **argv, int *rc)
{
	const struct cli_command *ret = NULL;
	const char *arg = argc > 1 ? argv[1] : NULL;
	struct buf b = BUF_INIT;

	*rc = DRIFT_EXIT_OK;
	if (arg == NULL) {
		/* the synopsis only: the first paragraph of the help */
		add_usage(&b);
		fputs(b.buf, stderr);
		buf_release(&b);
		*rc = DRIFT_EXIT_USAGE;
	} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		*rc = cli_print_help();
	} else if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
		*rc = print_text(DRIFT_NAME " " DRIFT_VERSION "\n");
	} else if (arg[0] == '-') {
		unknown_option(arg);
		*rc = DRIFT_EXIT_USAGE;
	} else {
		ret = cli_command_lookup(arg);
		if (ret == NULL)
			*rc = unknown_command(arg);
	}
	return ret;
}

/*
 * Finds and loads the policy file into o->policy; its fail-on is the
 * default of --fail-on.  Returns 0, or the exit status of an error
 * (printed).
 */
static int
load_policy(struct cli_opts *o)
{
	struct derr err = DERR_INIT;
	char *path = NULL;
	int rc = DRIFT_EXIT_OK, found;

	found = policy_find(o->config, &path, &err);
	if (found == 1 && policy_load(path, &o->policy, &err) == 0 &&
	    !o->fail_on_set && o->policy->fail_on != NULL &&
	    report_fail_on_parse(o->policy->fail_on, &o->fail_on) != 0)
		derr_set(&err, DRIFT_EXIT_INTERNAL, path, 0, 0,
		    "internal "
		    "error: fail-on \"%s\" not understood",
		    o->policy->fail_on);
	if (err.status != 0) {
		derr_print(&err);
		rc = err.status;
	}
	free(path);
	return rc;
}

int
cli_command_run(const struct cli_command *cmd, int argc, char **argv)
{
	struct cli_opts o;
	int first, rc;

	cli_opts_init(&o);
	drift_usage_command(cmd->name);
	first = cli_parse_options(argc, argv, cmd->flags, cmd->name, &o);
	if (first == -2)
		rc = cli_print_command_help(cmd);
	else if (first < 0)
		rc = DRIFT_EXIT_USAGE;
	else {
		rc = cmd->flags & CLI_POLICY ? load_policy(&o) : 0;
		if (rc == 0)
			rc = cmd->fn(argc - first, argv + first, &o);
	}
	policy_free(&o.policy);
	return rc;
}

/* an environment variable set to something other than "" and "0" */
static int
env_on(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 &&
	    strcmp(v, "false") != 0;
}

/*
 * Whether a text report on standard output gets color (see cli.h for the
 * order): --color, then NO_COLOR, then FORCE_COLOR/CLICOLOR_FORCE, then a
 * CI log that renders ANSI, then a terminal.
 */
static int
color_for_stdout(const struct cli_opts *o)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	const char *gh = getenv("GITHUB_ACTIONS"), *gl = getenv("GITLAB_CI");
	int ret = 0;

	if (o->color == CLI_COLOR_ALWAYS)
		ret = 1;
	else if (o->color == CLI_COLOR_NEVER)
		ret = 0;
	else if (no_color != NULL && no_color[0] != '\0')
		ret = 0;
	else if (env_on("FORCE_COLOR") || env_on("CLICOLOR_FORCE"))
		ret = 1;
	else if ((gh != NULL && strcmp(gh, "true") == 0) ||
	    (gl != NULL && strcmp(gl, "true") == 0))
		ret = 1;
	else
		ret = isatty(STDOUT_FILENO) && term != NULL &&
		    strcmp(term, "dumb") != 0;
	return ret;
}

int
cli_use_color(const struct cli_opts *o)
{
	return o->color == CLI_COLOR_ALWAYS ||
	    (o->output == NULL && color_for_stdout(o));
}

void
cli_source_opts(
    const struct cli_opts *o, size_t max_bytes, struct source_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->max_bytes = max_bytes;
	so->token_file = o->token_file;
	so->cacert = o->cacert;
	so->timeout = o->timeout;
	so->retries = o->retries;
	so->verbose = o->verbose;
	so->least_privilege = o->least_privilege;
	/* the token is for this instance only (source_url.h) */
	so->token_instance = o->url;
	if (so->token_instance == NULL || so->token_instance[0] == '\0')
		so->token_instance = getenv("DIRECTUS_URL");
	if ((so->token_instance == NULL || so->token_instance[0] == '\0') &&
	    o->policy != NULL)
		so->token_instance = o->policy->url;
	if (so->token_instance != NULL && so->token_instance[0] == '\0')
		so->token_instance = NULL;
}

int
cli_instance_url(
    const struct cli_opts *o, const char *fallback, const char **url)
{
	const char *u = o->url;
	int rc = DRIFT_EXIT_OK;

	if (u == NULL || u[0] == '\0')
		u = getenv("DIRECTUS_URL");
	if (u == NULL || u[0] == '\0')
		u = fallback;
	if (u == NULL || u[0] == '\0')
		rc = drift_usage_error("no Directus instance: use --url URL "
				       "or set DIRECTUS_URL");
	else if (source_kind_of(u) != SOURCE_URL)
		rc = drift_usage_error(
		    "invalid URL '%s': expected an "
		    "http:// or https:// base URL of a Directus instance",
		    u);
	*url = u;
	return rc;
}

int
cli_load(const char *spec, const struct cli_opts *o, struct snapshot **out)
{
	struct source_opts so;
	struct source src = SOURCE_INIT;
	struct load_limits lim;
	struct derr err = DERR_INIT;
	const char *label;
	int rc = DRIFT_EXIT_OK;

	*out = NULL;
	load_limits_default(&lim);
	lim.release_input = LOAD_RELEASE_STEP; /* src is freed unread */
	/* a cut file must not load; a rebuilt snapshot has no vendor */
	lim.whole = !(source_kind_of(spec) == SOURCE_URL && o->least_privilege);
	cli_source_opts(o, lim.max_bytes, &so);
	if (source_read(spec, &so, &src, &err) != 0 ||
	    snapshot_load(src.origin, src.data, src.len, &lim, out, &err) !=
		0) {
		/* a live instance that sends no snapshot is a network error */
		if (src.kind == SOURCE_URL)
			directus_remap_load_error(&err);
		derr_print(&err);
		rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
		if (rc == DRIFT_EXIT_USAGE &&
		    source_kind_of(spec) != SOURCE_URL)
			drift_usage_error("a source is a file, -, "
					  "git:REV:PATH, git:A...B:PATH or an "
					  "http(s) URL");
	}
	if (rc == DRIFT_EXIT_OK && src.kind == SOURCE_URL) {
		(*out)->live = 1;
		if (o->least_privilege)
			(*out)->filtered = 1;
		/* --label, else the policy's: the URL may be a secret */
		label = o->label != NULL ? o->label
		    : o->policy != NULL  ? o->policy->label
					 : NULL;
		if (label != NULL) {
			free((*out)->origin);
			(*out)->origin = xstrdup(label);
		}
	}
	source_release(&src);
	return rc;
}

const char *const *
cli_usage_paths(const struct cli_opts *o, size_t *n)
{
	if (o->nusage > 0) {
		*n = o->nusage;
		return o->usage;
	}
	*n = o->policy != NULL ? o->policy->nusage : 0;
	return *n > 0 ? o->policy->usage : NULL;
}

int
cli_usage_scan(const struct cli_opts *o, const char *const *paths, size_t n,
    const struct snapshot *old, const struct snapshot *new,
    struct usage_set *out)
{
	struct usage_opts uo;
	struct derr err = DERR_INIT;
	size_t i;

	memset(&uo, 0, sizeof(uo));
	if (o->policy != NULL) {
		uo.max_depth = o->policy->usage_max_depth;
		uo.exclude = o->policy->usage_exclude;
		uo.nexclude = o->policy->nusage_exclude;
	}
	uo.jobs = o->jobs;
	if (usage_scan(paths, n, &uo, old, new, out, &err) != 0) {
		derr_print(&err);
		return err.status ? err.status : DRIFT_EXIT_INTERNAL;
	}
	/* a document that does not parse: a warning, the rest is scanned */
	for (i = 0; i < out->nproblems; i++)
		if (out->problems[i].kind == UP_PARSE)
			drift_warn("%s:%u:%u: %s",
			    out->problems[i].site.file
				? out->problems[i].site.file
				: "-",
			    (unsigned)out->problems[i].site.line,
			    (unsigned)out->problems[i].site.col,
			    out->problems[i].message ? out->problems[i].message
						     : "cannot parse");
	return DRIFT_EXIT_OK;
}

int
cli_compare(const struct snapshot *old, const struct snapshot *new,
    const struct cli_opts *o)
{
	struct usage_set us = USAGE_SET_INIT;
	struct usage_join_opts jo;
	const char *const *upaths;
	size_t nupaths;
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome po = POLICY_OUTCOME_INIT;
	struct report_input in;
	struct buf b[CLI_MAX_REPORTS], log = BUF_INIT;
	struct report_spill sp[CLI_MAX_REPORTS];
	struct derr err = DERR_INIT;
	const struct cli_report *r;
	size_t i, n = o->nreports ? o->nreports : 1;
	struct cli_report one;
	int rc = DRIFT_EXIT_INTERNAL, to_stdout = 0;

	/* options filled by hand (tests) may have no reports array */
	one.format = o->format;
	one.output = o->output;
	memset(sp, 0, sizeof(sp));
	for (i = 0; i < CLI_MAX_REPORTS; i++)
		buf_init(&b[i], 0);
	upaths = cli_usage_paths(o, &nupaths);
	if (nupaths > 0) {
		rc = cli_usage_scan(o, upaths, nupaths, old, new, &us);
		if (rc != DRIFT_EXIT_OK)
			goto out;
	}
	diff_snapshots(old, new, &cs);
	/* committed types files (policy "types") against the NEW side */
	if (o->policy != NULL && o->policy->ntypes > 0)
		emit_stale_changes(
		    o->policy->types, o->policy->ntypes, new, NULL, &cs);
	if (nupaths > 0) {
		jo.downgrade = o->policy ? o->policy->usage_downgrade : 1;
		jo.new = new;
		usage_join(&cs, &us, &jo);
	}
	policy_apply(o->policy, &cs, time(NULL), &po);
	for (i = 0; i < po.nnotes; i++) {
		if (po.notes[i].level == POLICY_NOTE_ERROR)
			drift_err("%s", po.notes[i].text);
		cs.notes = xreallocarray(
		    cs.notes, cs.nnotes + 1, sizeof(*cs.notes));
		cs.notes[cs.nnotes++] = xstrdup(po.notes[i].text);
	}
	memset(&in, 0, sizeof(in));
	in.old = old;
	in.new = new;
	in.cs = &cs;
	in.fail_on = o->fail_on;
	in.annotate = o->annotate;
	in.verbose = o->verbose;
	in.policy_failed = po.must_fail;
	in.usage = nupaths > 0;
	/* render everything first: a failure writes nothing */
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		in.color = !r->format->machine &&
		    (r->output == NULL ? color_for_stdout(o)
				       : o->color == CLI_COLOR_ALWAYS);
		/* a large report goes through a temporary file, not memory */
		in.spill = &sp[i];
		if (r->format->render(&in, &b[i], &err) != 0)
			goto fail;
		to_stdout |= r->output == NULL;
	}
	/*
	 * Every report goes to a file: the text report still goes to
	 * standard output, so that a CI log is never empty.
	 */
	if (!to_stdout && !o->quiet) {
		one.format = report_format_find("text");
		one.output = NULL;
		in.color = color_for_stdout(o);
		in.spill = NULL;
		if (one.format->render(&in, &log, &err) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		if (r->output != NULL &&
		    output_write_spilled(r->output, sp[i].fp, b[i].buf,
			b[i].len, "report", &err) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		if (r->output == NULL && !o->quiet &&
		    output_write_stdout_spilled(
			sp[i].fp, b[i].buf, b[i].len, &err) != 0)
			goto fail;
	}
	if (log.len > 0 && output_write_stdout(log.buf, log.len, &err) != 0)
		goto fail;
	rc = report_fails(&cs, o->fail_on) || po.must_fail ? DRIFT_EXIT_FOUND
							   : DRIFT_EXIT_OK;
	goto out;
fail:
	derr_print(&err);
	rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
out:
	for (i = 0; i < CLI_MAX_REPORTS; i++) {
		buf_release(&b[i]);
		report_spill_release(&sp[i]);
	}
	buf_release(&log);
	policy_outcome_release(&po);
	changeset_release(&cs);
	usage_set_release(&us);
	return rc;
}
