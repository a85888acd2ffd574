/*
 * test_cli.c: option parsing, the number checker, suggestions, color
 * rules and command lookup.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/cli.h"
#include "drift/report.h"
#include "drift/rules.h"

#define ALL (CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_SNAPSHOT)

/* getopt may permute argv: give it a writable copy */
static int
parse(unsigned flags, struct cli_opts *o, char **out_argv, ...)
{
	static char store[32][64];
	char *argv[33];
	const char *s;
	va_list ap;
	int argc = 0, ret, i;

	va_start(ap, out_argv);
	while ((s = va_arg(ap, const char *)) != NULL && argc < 32) {
		snprintf(store[argc], sizeof(store[argc]), "%s", s);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	cli_opts_init(o);
	ret = cli_parse_options(argc, argv, flags, "test", o);
	for (i = 0; out_argv != NULL && i <= argc; i++)
		out_argv[i] = argv[i];
	return ret;
}

static void
test_defaults(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(parse(ALL, &o, NULL, "diff", "a", "b", NULL), 1);
	assert_string_equal(o.format->name, "text");
	assert_int_equal(o.fail_on, SEV_BREAKING);
	assert_int_equal(o.color, CLI_COLOR_AUTO);
	assert_null(o.output);
	assert_int_equal(o.quiet, 0);
	assert_int_equal(o.verbose, 0);
	assert_int_equal(o.timeout, 0);
	assert_int_equal(o.retries, -1);
}

/* every severity name is a --fail-on level, plus any and never */
static void
test_fail_on_levels(void **state)
{
	static const struct {
		const char *name;
		int level;
	} v[] = {
		{ "breaking", SEV_BREAKING },
		{ "dangerous", SEV_DANGEROUS },
		{ "safe", SEV_SAFE },
		{ "cosmetic", SEV_COSMETIC },
		{ "any", SEV_COSMETIC },
		{ "never", REPORT_FAIL_NEVER },
	};
	struct cli_opts o;
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(v); i++) {
		assert_int_equal(
		    parse(ALL, &o, NULL, "x", "--fail-on", v[i].name, NULL), 3);
		assert_int_equal(o.fail_on, v[i].level);
	}
}

static void
test_every_option(void **state)
{
	struct cli_opts o;
	char *argv[33];

	(void)state;
	assert_int_equal(
	    parse(ALL, &o, argv, "x", "--format", "json", "--fail-on=any",
		"--color", "never", "-q", "-v", "-o", "r.json", "--url",
		"http://127.0.0.1:8055", "--timeout", "30", "--retries", "0",
		"--token-file", "t", "--cacert", "c", "--snapshot", "s.yaml",
		NULL),
	    22);
	assert_string_equal(o.format->name, "json");
	assert_int_equal(o.fail_on, SEV_COSMETIC);
	assert_int_equal(o.color, CLI_COLOR_NEVER);
	assert_int_equal(o.quiet, 1);
	assert_int_equal(o.verbose, 1);
	assert_string_equal(o.output, "r.json");
	assert_string_equal(o.url, "http://127.0.0.1:8055");
	assert_int_equal(o.timeout, 30);
	assert_int_equal(o.retries, 0);
	assert_string_equal(o.token_file, "t");
	assert_string_equal(o.cacert, "c");
	assert_string_equal(o.snapshot, "s.yaml");
	/* long names, unique prefixes and --output=FILE */
	assert_int_equal(parse(ALL, &o, NULL, "x", "--quiet", "--verb",
			     "--output=o", "--fail-on", "never", NULL),
	    6);
	assert_int_equal(o.quiet, 1);
	assert_int_equal(o.verbose, 1);
	assert_string_equal(o.output, "o");
	assert_int_equal(o.fail_on, REPORT_FAIL_NEVER);
}

static void
test_operands(void **state)
{
	struct cli_opts o;
	char *argv[33];
	int first;

	(void)state;
	/* options after operands (GNU permutation) */
	first = parse(ALL, &o, argv, "diff", "old.yaml", "--format", "json",
	    "new.yaml", NULL);
	assert_int_equal(first, 3);
	assert_string_equal(argv[3], "old.yaml");
	assert_string_equal(argv[4], "new.yaml");
	assert_string_equal(o.format->name, "json");
	/* "-" is an operand; after "--" everything is */
	first = parse(ALL, &o, argv, "diff", "-", "--", "--format", NULL);
	assert_int_equal(first, 2);
	assert_string_equal(argv[2], "-");
	assert_string_equal(argv[3], "--format");
	assert_string_equal(o.format->name, "text");
}

static void
test_usage_errors(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(parse(ALL, &o, NULL, "x", "--nope", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "-z", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "--format", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "-o", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--format", "xml", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--format", "TEXT", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--fail-on", "Cosmetic", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "--color", "yes", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "--timeout", "0", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--timeout", "10s", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--retries", "11", NULL), -1);
	assert_int_equal(parse(ALL, &o, NULL, "x", "--quiet=1", NULL), -1);
	/* an option of another group is refused by name */
	assert_int_equal(
	    parse(CLI_OPT_REPORT, &o, NULL, "x", "--url", "u", NULL), -1);
	assert_int_equal(
	    parse(CLI_OPT_REPORT, &o, NULL, "x", "-o", "f", NULL), -1);
	assert_int_equal(
	    parse(0, &o, NULL, "rules", "--format", "json", NULL), -1);
	assert_int_equal(parse(CLI_OPT_RULES_FORMAT, &o, NULL, "rules",
			     "--format", "sarif", NULL),
	    -1);
	assert_int_equal(parse(CLI_OPT_RULES_FORMAT, &o, NULL, "rules",
			     "--format", "json", NULL),
	    3);
	assert_string_equal(o.rules_format, "json");
	/* --least-privilege only where a snapshot may be rebuilt */
	assert_int_equal(
	    parse(CLI_OPT_LIVE, &o, NULL, "x", "--least-privilege", NULL), -1);
	assert_int_equal(parse(CLI_OPT_LIVE | CLI_OPT_REBUILD, &o, NULL, "x",
			     "--least-privilege", NULL),
	    2);
	/* --label: one short line */
	assert_int_equal(parse(ALL, &o, NULL, "x", "--label", "prod", NULL), 3);
	assert_string_equal(o.label, "prod");
	assert_int_equal(parse(ALL, &o, NULL, "x", "--label", "", NULL), -1);
	assert_int_equal(
	    parse(ALL, &o, NULL, "x", "--label", "a\nb", NULL), -1);
	/* help is for everyone */
	assert_int_equal(parse(0, &o, NULL, "rules", "--help", NULL), -2);
	assert_int_equal(parse(ALL, &o, NULL, "diff", "a", "-h", NULL), -2);
}

/* --usage: repeatable, in order, only where CLI_OPT_USAGE is accepted */
static void
test_usage_option(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(parse(ALL | CLI_OPT_USAGE, &o, NULL, "diff", "--usage",
			     "src", "--usage=app", "a", "b", NULL),
	    4);
	assert_int_equal(o.nusage, 2);
	assert_string_equal(o.usage[0], "src");
	assert_string_equal(o.usage[1], "app");
	assert_int_equal(
	    parse(CLI_OPT_REPORT, &o, NULL, "x", "--usage", "src", NULL), -1);
	assert_int_equal(
	    parse(ALL | CLI_OPT_USAGE, &o, NULL, "x", "--usage", NULL), -1);
}

/* --jobs N: 1 to 16, only where a front end is scanned */
static void
test_jobs_option(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(parse(ALL | CLI_OPT_JOBS, &o, NULL, "usage", "--jobs",
			     "3", "s", NULL),
	    3);
	assert_int_equal(o.jobs, 3);
	assert_int_equal(
	    parse(ALL | CLI_OPT_JOBS, &o, NULL, "usage", "s", NULL), 1);
	assert_int_equal(o.jobs, 0);
	assert_int_equal(
	    parse(ALL | CLI_OPT_JOBS, &o, NULL, "usage", "--jobs=0", NULL), -1);
	assert_int_equal(
	    parse(ALL | CLI_OPT_JOBS, &o, NULL, "usage", "--jobs=17", NULL),
	    -1);
	assert_int_equal(
	    parse(CLI_OPT_REPORT, &o, NULL, "x", "--jobs", "2", NULL), -1);
}

static void
test_number(void **state)
{
	const char *e = NULL;
	long long v = 7;

	(void)state;
	assert_int_equal(cli_parse_number("42", 0, 100, &v, &e), 0);
	assert_int_equal(v, 42);
	assert_null(e);
	assert_int_equal(cli_parse_number("-5", -10, 10, &v, &e), 0);
	assert_int_equal(v, -5);
	assert_int_equal(cli_parse_number("+5", 0, 10, &v, &e), 0);
	assert_int_equal(v, 5);
	v = 7;
	assert_int_equal(cli_parse_number("", 0, 10, &v, &e), -1);
	assert_string_equal(e, "invalid");
	assert_int_equal(cli_parse_number(" 5", 0, 10, &v, &e), -1);
	assert_string_equal(e, "invalid");
	assert_int_equal(cli_parse_number("5 ", 0, 10, &v, &e), -1);
	assert_int_equal(cli_parse_number("0x10", 0, 100, &v, &e), -1);
	assert_int_equal(cli_parse_number("1e3", 0, 10000, &v, &e), -1);
	assert_int_equal(cli_parse_number("11", 0, 10, &v, &e), -1);
	assert_string_equal(e, "too large");
	assert_int_equal(cli_parse_number("-1", 0, 10, &v, &e), -1);
	assert_string_equal(e, "too small");
	assert_int_equal(
	    cli_parse_number("99999999999999999999", 0, 10, &v, &e), -1);
	assert_string_equal(e, "too large");
	assert_int_equal(
	    cli_parse_number("-99999999999999999999", 0, 10, &v, &e), -1);
	assert_string_equal(e, "too small");
	assert_int_equal(v, 7);
}

static void
test_suggest(void **state)
{
	static const char *const c[] = { "check", "diff", "rules", "snapshot" };

	(void)state;
	assert_string_equal(cli_suggest("dif", c, 4), "diff");
	assert_string_equal(cli_suggest("rule", c, 4), "rules");
	assert_string_equal(cli_suggest("snapshto", c, 4), "snapshot");
	assert_string_equal(cli_suggest("chekc", c, 4), "check");
	/* exact matches and far-off words get no suggestion */
	assert_null(cli_suggest("diff", c, 4));
	assert_null(cli_suggest("x", c, 4));
	assert_null(cli_suggest("completely", c, 4));
	assert_null(cli_suggest("dif", c, 0));
}

static void
test_color(void **state)
{
	struct cli_opts o;

	(void)state;
	unsetenv("FORCE_COLOR");
	unsetenv("CLICOLOR_FORCE");
	unsetenv("GITHUB_ACTIONS");
	unsetenv("GITLAB_CI");
	cli_opts_init(&o);
	o.color = CLI_COLOR_ALWAYS;
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(cli_use_color(&o), 1);
	o.color = CLI_COLOR_NEVER;
	unsetenv("NO_COLOR");
	setenv("TERM", "xterm", 1);
	assert_int_equal(cli_use_color(&o), 0);
	/* auto: standard output of a unit test is never a terminal here,
	 * or, when it is, NO_COLOR and TERM=dumb still turn color off */
	o.color = CLI_COLOR_AUTO;
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(cli_use_color(&o), 0);
	unsetenv("NO_COLOR");
	setenv("TERM", "dumb", 1);
	assert_int_equal(cli_use_color(&o), 0);
	/* forced, or a CI log: color off a terminal; NO_COLOR wins */
	setenv("FORCE_COLOR", "1", 1);
	assert_int_equal(cli_use_color(&o), 1);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(cli_use_color(&o), 0);
	unsetenv("NO_COLOR");
	setenv("FORCE_COLOR", "0", 1);
	assert_int_equal(cli_use_color(&o), 0);
	unsetenv("FORCE_COLOR");
	setenv("CLICOLOR_FORCE", "1", 1);
	assert_int_equal(cli_use_color(&o), 1);
	unsetenv("CLICOLOR_FORCE");
	setenv("GITLAB_CI", "true", 1);
	assert_int_equal(cli_use_color(&o), 1);
	unsetenv("GITLAB_CI");
	setenv("GITHUB_ACTIONS", "true", 1);
	assert_int_equal(cli_use_color(&o), 1);
	o.color = CLI_COLOR_NEVER;
	assert_int_equal(cli_use_color(&o), 0);
	o.color = CLI_COLOR_AUTO;
	/* a report file is never colored by auto */
	setenv("TERM", "xterm", 1);
	o.output = "report.txt";
	assert_int_equal(cli_use_color(&o), 0);
	unsetenv("GITHUB_ACTIONS");
}

static void
collect(const char *name, int shortopt, int has_arg, void *arg)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 512 - n, "%s%c%d ", name, shortopt ? shortopt : '-',
	    has_arg);
}

static void
test_command_options(void **state)
{
	char got[512];

	(void)state;
	got[0] = '\0';
	cli_command_options(cli_command_lookup("rules"), collect, got);
	assert_string_equal(got, "format-1 helph0 ");
	got[0] = '\0';
	cli_command_options(cli_command_lookup("snapshot"), collect, got);
	assert_string_equal(got,
	    "cacert-1 config-1 format-1 helph0 outputo1 retries-1 timeout-1 "
	    "token-file-1 url-1 verbosev0 ");
	got[0] = '\0';
	cli_command_options(cli_command_lookup("diff"), collect, got);
	assert_non_null(strstr(got, "least-privilege-0 "));
	assert_non_null(strstr(got, "label-1 "));
	assert_non_null(strstr(got, "url-1 "));
	assert_null(strstr(got, "snapshot-1 "));
	assert_null(cli_command_lookup("dif"));
}

static void
test_command_find(void **state)
{
	char prog[] = "directus-drift", diff[] = "diff", rules[] = "rules";
	char bad[] = "dif", opt[] = "--bogus", ver[] = "--version";
	char *argv[3] = { prog, NULL, NULL };
	const struct cli_command *c;
	int rc = -1;

	(void)state;
	argv[1] = diff;
	c = cli_command_find(2, argv, &rc);
	assert_non_null(c);
	assert_string_equal(c->name, "diff");
	/* live options too: OLD and NEW may be URLs */
	assert_int_equal(c->flags,
	    CLI_OPT_OUTPUT | CLI_OPT_REPORT | CLI_OPT_LIVE | CLI_OPT_CONFIG |
		CLI_POLICY | CLI_OPT_REBUILD | CLI_OPT_USAGE | CLI_OPT_JOBS);
	argv[1] = rules;
	c = cli_command_find(2, argv, &rc);
	assert_non_null(c);
	assert_int_equal(c->flags, CLI_OPT_RULES_FORMAT);
	argv[1] = bad;
	assert_null(cli_command_find(2, argv, &rc));
	assert_int_equal(rc, 2);
	argv[1] = opt;
	assert_null(cli_command_find(2, argv, &rc));
	assert_int_equal(rc, 2);
	assert_null(cli_command_find(1, argv, &rc));
	assert_int_equal(rc, 2);
	argv[1] = ver;
	assert_null(cli_command_find(2, argv, &rc));
	assert_int_equal(rc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_fail_on_levels),
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_operands),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_usage_option),
		cmocka_unit_test(test_jobs_option),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_command_find),
		cmocka_unit_test(test_command_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
