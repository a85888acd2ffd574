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
 * The command table, sorted by name.  See cli.h for the recipe.
 */
static const struct cli_command commands[] = {
	{ "accept", cmd_accept, CLI_OPT_CONFIG | CLI_OPT_ACCEPT,
	    "accept [--config file] --reason text [--expires date] id" },
	{ "check", cmd_check,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_SNAPSHOT |
		CLI_OPT_CONFIG | CLI_POLICY | CLI_OPT_USAGE,
	    "check [options] [--snapshot FILE] [--url URL]" },
	{ "diff", cmd_diff,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_CONFIG |
		CLI_POLICY | CLI_OPT_USAGE,
	    "diff [options] OLD NEW" },
	{ "help", cmd_help, 0, "help" },
	{ "rules", cmd_rules, 0, "rules [RULE]" },
	{ "snapshot", cmd_snapshot,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE,
	    "snapshot [options] [--url URL] [-o FILE]" },
	{ "usage", cmd_usage,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_CONFIG |
		CLI_POLICY,
	    "usage [options] SNAPSHOT [PATH...]" },
};

/*
 * Kept in step with the SYNOPSIS and DESCRIPTION of man/directus-drift.1.
 */
static const char help_text[] =
    "usage: " DRIFT_NAME " check [-qv] [--color when] [--config file]\n"
    "                      [--fail-on level] [--format format] [-o file]\n"
    "                      [--snapshot file] [--url url] [--usage path]\n"
    "                      [live options]\n"
    "       " DRIFT_NAME " diff [-qv] [--color when] [--config file]\n"
    "                      [--fail-on level] [--format format] [-o file]\n"
    "                      [--usage path] old new\n"
    "       " DRIFT_NAME " snapshot [-v] [--format yaml|json] [-o file]\n"
    "                      [--url url] [live options]\n"
    "       " DRIFT_NAME " usage [--format text|json] [-o file] snapshot\n"
    "                      [path ...]\n"
    "       " DRIFT_NAME " accept [--config file] --reason text\n"
    "                      [--expires date] id\n"
    "       " DRIFT_NAME " rules [rule]\n"
    "       " DRIFT_NAME " help\n"
    "       " DRIFT_NAME " --help | --version\n"
    "\n"
    "Compare two Directus schema snapshots and classify every change as\n"
    "breaking, dangerous, safe or cosmetic for the API consumers.\n"
    "\n"
    "commands:\n"
    "  accept ID           accept a change by its id in the policy file\n"
    "                      (.directus-drift.yaml), with a reason\n"
    "  diff OLD NEW        compare two snapshots; each is a file, - (standard\n"
    "                      input), git:REV:PATH or an http(s) URL\n"
    "  check               compare the committed snapshot (--snapshot FILE,\n"
    "                      default schema.yaml) with the live instance (--url\n"
    "                      URL, default $DIRECTUS_URL)\n"
    "  snapshot            write the live snapshot (YAML by default) to -o "
    "FILE\n"
    "                      or standard output\n"
    "  usage SNAPSHOT [PATH...]\n"
    "                      what the front end in PATH (default: the policy's\n"
    "                      usage list) uses of SNAPSHOT; unknown references\n"
    "                      are findings\n"
    "  rules [RULE]        list the classification rules, or explain one\n"
    "  help                show this help\n"
    "\n"
    "options:\n"
    "  --color WHEN        color the text report: auto (default), always, "
    "never\n"
    "  --config FILE       the policy file (default: .directus-drift.yaml in\n"
    "                      the working directory or the repository root)\n"
    "  --fail-on LEVEL     exit 1 when a change is at least LEVEL: breaking\n"
    "                      (default), dangerous, safe, any, never\n"
    "  --format FORMAT     report format: text (default), json, sarif, junit,\n"
    "                      github, gitlab, markdown; repeat for several\n"
    "                      reports, each followed by its own --output\n"
    "  -h, --help          show this help\n"
    "  -o, --output FILE   write the report of the --format before it to\n"
    "                      FILE, atomically, instead of standard output\n"
    "  -q, --quiet         write no report to standard output\n"
    "  --usage PATH        check and diff: scan the front end in PATH (a file\n"
    "                      or directory; repeatable) and say which changes it\n"
    "                      uses; unused breaking changes become dangerous\n"
    "  -v, --verbose       also show cosmetic and ignored changes\n"
    "  -V, --version       show the version\n"
    "\n"
    "live options (a source may also be an http(s) base URL of Directus):\n"
    "  --cacert FILE       trust the CA certificates in FILE\n"
    "  --least-privilege   rebuild the live snapshot from /collections, "
    "/fields\n"
    "                      and /relations (no admin token needed; may be\n"
    "                      filtered by the token's permissions)\n"
    "  --retries N         retry failed requests N times (default 3)\n"
    "  --timeout SECONDS   give up on one attempt after SECONDS (default 30)\n"
    "  --token-file FILE   read the token from FILE (default $DIRECTUS_TOKEN)\n"
    "  --url URL           the Directus instance (default $DIRECTUS_URL)\n"
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 something, 2 usage "
    "error,\n"
    "3 bad input, 4 live instance unreachable, 5 internal or write error\n"
    "\n"
    "See directus-drift(1) for more.\n";

enum opt_id {
	OPT_HELP = 'h',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_CACERT = 256,
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
	OPT_USAGE
};

/* the one option table, sorted by name */
static const struct option long_options[] = { { "cacert", required_argument,
						  NULL, OPT_CACERT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "expires", required_argument, NULL, OPT_EXPIRES },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "least-privilege", no_argument, NULL, OPT_LEAST_PRIVILEGE },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "snapshot", required_argument, NULL, OPT_SNAPSHOT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "url", required_argument, NULL, OPT_URL },
	{ "usage", required_argument, NULL, OPT_USAGE },
	{ "verbose", no_argument, NULL, OPT_VERBOSE }, { NULL, 0, NULL, 0 } };

static const char short_options[] = ":ho:qv";

/* which group each option belongs to; 0: every command */
static unsigned
opt_group(int id)
{
	unsigned g = 0;

	switch (id) {
	case OPT_CACERT:
	case OPT_LEAST_PRIVILEGE:
	case OPT_RETRIES:
	case OPT_TIMEOUT:
	case OPT_TOKEN_FILE:
	case OPT_URL:
		g = CLI_OPT_LIVE;
		break;
	case OPT_COLOR:
	case OPT_FAIL_ON:
	case OPT_FORMAT:
	case OPT_QUIET:
	case OPT_VERBOSE:
		g = CLI_OPT_REPORT;
		break;
	case OPT_OUTPUT:
		g = CLI_OPT_OUTPUT;
		break;
	case OPT_CONFIG:
		g = CLI_OPT_CONFIG;
		break;
	case OPT_EXPIRES:
	case OPT_REASON:
		g = CLI_OPT_ACCEPT;
		break;
	case OPT_SNAPSHOT:
		g = CLI_OPT_SNAPSHOT;
		break;
	case OPT_USAGE:
		g = CLI_OPT_USAGE;
		break;
	default:
		break;
	}
	return g;
}

/* "--format" or "-o": how the user can spell option id */
static void
opt_spelling(int id, char *out, size_t outlen)
{
	size_t i;

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

static int
set_option(int id, const char *arg, const char *cmdname, struct cli_opts *o)
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
	case OPT_FAIL_ON:
		if (report_fail_on_parse(arg, &o->fail_on) != 0)
			ret = bad_value("--fail-on", arg,
			    "breaking, "
			    "dangerous, safe, any or never");
		o->fail_on_set = 1;
		break;
	case OPT_FORMAT:
		if (strcmp(cmdname, "snapshot") == 0) {
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
	case OPT_LEAST_PRIVILEGE:
		o->least_privilege = 1;
		break;
	case OPT_OUTPUT:
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
		if (set_option(c, optarg, cmdname, o) != 0)
			goto out;
	}
	if (finish_reports(o) != 0)
		goto out;
	ret = optind;
out:
	return ret;
}

static int
print_text(const char *s)
{
	struct derr err = DERR_INIT;
	int ret = 0;

	if (output_write_stdout(s, strlen(s), &err) != 0) {
		derr_print(&err);
		ret = err.status;
	}
	return ret;
}

int
cli_print_help(void)
{
	return print_text(help_text);
}

int
cmd_help(int argc, char **argv, const struct cli_opts *o)
{
	(void)argv;
	(void)o;
	return argc > 0 ? drift_usage_error("'help' takes no operands")
			: cli_print_help();
}

const struct cli_command *
cli_command_find(int argc, char **argv, int *rc)
{
	const struct cli_command *ret = NULL;
	const char *names[DRIFT_ARRAY_LEN(commands)], *s;
	const char *arg = argc > 1 ? argv[1] : NULL;
	size_t i;

	*rc = DRIFT_EXIT_OK;
	if (arg == NULL) {
		/* the synopsis only: the first paragraph of the help */
		fprintf(stderr, "%.*s",
		    (int)(strstr(help_text, "\n\n") - help_text + 1),
		    help_text);
		*rc = DRIFT_EXIT_USAGE;
	} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		*rc = cli_print_help();
	} else if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
		*rc = print_text(DRIFT_NAME " " DRIFT_VERSION "\n");
	} else if (arg[0] == '-') {
		unknown_option(arg);
		*rc = DRIFT_EXIT_USAGE;
	} else {
		for (i = 0; i < DRIFT_ARRAY_LEN(commands); i++) {
			names[i] = commands[i].name;
			if (strcmp(arg, commands[i].name) == 0)
				ret = &commands[i];
		}
		if (ret == NULL) {
			s = cli_suggest(arg, names, DRIFT_ARRAY_LEN(commands));
			if (s != NULL)
				*rc = drift_usage_error("unknown command '%s'; "
							"did you mean '%s'?",
				    arg, s);
			else
				*rc = drift_usage_error(
				    "unknown command '%s'", arg);
		}
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
	first = cli_parse_options(argc, argv, cmd->flags, cmd->name, &o);
	if (first == -2)
		rc = cli_print_help();
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

int
cli_use_color(const struct cli_opts *o)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	int ret = 0;

	if (o->color == CLI_COLOR_ALWAYS)
		ret = 1;
	else if (o->color == CLI_COLOR_AUTO)
		ret = o->output == NULL && isatty(STDOUT_FILENO) &&
		    (no_color == NULL || no_color[0] == '\0') && term != NULL &&
		    strcmp(term, "dumb") != 0;
	return ret;
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
	int rc = DRIFT_EXIT_OK;

	*out = NULL;
	load_limits_default(&lim);
	lim.release_input = LOAD_RELEASE_STEP; /* src is freed unread */
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
					  "git:REV:PATH or an http(s) URL");
	}
	if (rc == DRIFT_EXIT_OK && src.kind == SOURCE_URL && o->least_privilege)
		(*out)->filtered = 1;
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
	if (usage_scan(paths, n, &uo, old, new, out, &err) != 0) {
		derr_print(&err);
		return err.status ? err.status : DRIFT_EXIT_INTERNAL;
	}
	usage_set_sort(out);
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
	struct buf b[CLI_MAX_REPORTS];
	struct derr err = DERR_INIT;
	const struct cli_report *r;
	size_t i, n = o->nreports ? o->nreports : 1;
	struct cli_report one;
	int rc = DRIFT_EXIT_INTERNAL;

	/* options filled by hand (tests) may have no reports array */
	one.format = o->format;
	one.output = o->output;
	for (i = 0; i < CLI_MAX_REPORTS; i++)
		buf_init(&b[i], 0);
	upaths = cli_usage_paths(o, &nupaths);
	if (nupaths > 0) {
		rc = cli_usage_scan(o, upaths, nupaths, old, new, &us);
		if (rc != DRIFT_EXIT_OK)
			goto out;
	}
	diff_snapshots(old, new, &cs);
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
	in.verbose = o->verbose;
	in.policy_failed = po.must_fail;
	in.usage = nupaths > 0;
	/* render everything first: a failure writes nothing */
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		in.color = !r->format->machine &&
		    (r->output == NULL || o->color == CLI_COLOR_ALWAYS) &&
		    cli_use_color(o);
		if (r->format->render(&in, &b[i], &err) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		if (r->output != NULL &&
		    output_write_atomic(
			r->output, b[i].buf, b[i].len, "report", &err) != 0)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		r = o->nreports ? &o->reports[i] : &one;
		if (r->output == NULL && !o->quiet &&
		    output_write_stdout(b[i].buf, b[i].len, &err) != 0)
			goto fail;
	}
	rc = report_fails(&cs, o->fail_on) || po.must_fail ? DRIFT_EXIT_FOUND
							   : DRIFT_EXIT_OK;
	goto out;
fail:
	derr_print(&err);
	rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
out:
	for (i = 0; i < CLI_MAX_REPORTS; i++)
		buf_release(&b[i]);
	policy_outcome_release(&po);
	changeset_release(&cs);
	usage_set_release(&us);
	return rc;
}
