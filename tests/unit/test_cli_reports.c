/*
 * test_cli_reports.c: several reports in one run: how --format and
 * --output pair up, and what is a usage error.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "drift/cli.h"
#include "drift/report.h"

/* getopt may permute argv: give it a writable copy */
static int
parse(struct cli_opts *o, ...)
{
	static char store[32][64];
	char *argv[33];
	const char *s;
	va_list ap;
	int argc = 0;

	va_start(ap, o);
	while ((s = va_arg(ap, const char *)) != NULL && argc < 32) {
		snprintf(store[argc], sizeof(store[argc]), "%s", s);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	cli_opts_init(o);
	return cli_parse_options(
	    argc, argv, CLI_OPT_OUTPUT | CLI_OPT_REPORT, "diff", o);
}

static void
expect(const struct cli_opts *o, size_t i, const char *fmt, const char *out)
{
	assert_true(i < o->nreports);
	assert_string_equal(o->reports[i].format->name, fmt);
	if (out == NULL)
		assert_null(o->reports[i].output);
	else
		assert_string_equal(o->reports[i].output, out);
}

static void
test_single(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(parse(&o, "diff", "a", "b", NULL), 1);
	assert_int_equal(o.nreports, 1);
	expect(&o, 0, "text", NULL);
	assert_string_equal(o.format->name, "text");
	assert_null(o.output);
	/* -o alone: the text report to a file */
	assert_int_equal(parse(&o, "diff", "-o", "r.txt", "a", "b", NULL), 3);
	assert_int_equal(o.nreports, 1);
	expect(&o, 0, "text", "r.txt");
	assert_string_equal(o.output, "r.txt");
	/* one pair, either order */
	assert_int_equal(parse(&o, "diff", "--output", "r.json", "--format",
			     "json", "a", "b", NULL),
	    5);
	assert_int_equal(o.nreports, 1);
	expect(&o, 0, "json", "r.json");
	assert_string_equal(o.format->name, "json");
	assert_int_equal(
	    parse(&o, "diff", "--format", "sarif", "-o", "r", NULL), 5);
	expect(&o, 0, "sarif", "r");
}

static void
test_pairs(void **state)
{
	struct cli_opts o;

	(void)state;
	assert_int_equal(
	    parse(&o, "diff", "--format", "json", "--output", "report.json",
		"--format", "sarif", "--output", "report.sarif", "--format",
		"markdown", "a", "b", NULL),
	    11);
	assert_int_equal(o.nreports, 3);
	expect(&o, 0, "json", "report.json");
	expect(&o, 1, "sarif", "report.sarif");
	expect(&o, 2, "markdown", NULL);
	assert_string_equal(o.format->name, "json");
	assert_string_equal(o.output, "report.json");
	/* the one going to standard output may come first */
	assert_int_equal(parse(&o, "diff", "--format", "github", "--format",
			     "junit", "-o", "j.xml", NULL),
	    7);
	assert_int_equal(o.nreports, 2);
	expect(&o, 0, "github", NULL);
	expect(&o, 1, "junit", "j.xml");
	/* a leading --output goes with the first --format */
	assert_int_equal(parse(&o, "diff", "-o", "a.json", "--format", "json",
			     "--format", "gitlab", "-o", "g.json", NULL),
	    9);
	expect(&o, 0, "json", "a.json");
	expect(&o, 1, "gitlab", "g.json");
}

static void
test_errors(void **state)
{
	struct cli_opts o;

	(void)state;
	/* two reports on standard output */
	assert_int_equal(
	    parse(&o, "diff", "--format", "json", "--format", "sarif", NULL),
	    -1);
	/* two --output for one --format */
	assert_int_equal(
	    parse(&o, "diff", "--format", "json", "-o", "a", "-o", "b", NULL),
	    -1);
	assert_int_equal(parse(&o, "diff", "-o", "a", "-o", "b", NULL), -1);
	/* a leading --output when the first --format has its own */
	assert_int_equal(
	    parse(&o, "diff", "-o", "a", "--format", "json", "-o", "b", NULL),
	    -1);
	/* the same file twice */
	assert_int_equal(parse(&o, "diff", "--format", "json", "-o", "r",
			     "--format", "sarif", "-o", "r", NULL),
	    -1);
	/* too many */
	assert_int_equal(
	    parse(&o, "diff", "--format", "json", "-o", "1", "--format", "json",
		"-o", "2", "--format", "json", "-o", "3", "--format", "json",
		"-o", "4", "--format", "json", "-o", "5", "--format", "json",
		"-o", "6", "--format", "json", "-o", "7", "--format", "json",
		"-o", "8", "--format", "json", NULL),
	    -1);
	assert_int_equal(parse(&o, "diff", "--format", "xml", NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
