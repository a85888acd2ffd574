/*
 * test_source.c: reading sources: files, standard input, git revisions,
 * and the URL hook of builds without HTTP.
 */
#include "drift/compat.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/source.h"

static char dir[] = "/tmp/drift-test-source.XXXXXX";
static char cwd[4096];
static int have_git;

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(name, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	(void)state;
	if (getcwd(cwd, sizeof(cwd)) == NULL || mkdtemp(dir) == NULL ||
	    chdir(dir) != 0)
		return -1;
	/* a repository with two commits of schema.yaml */
	have_git = system("git init -q . && "
			  "printf 'version: 1\\n' > schema.yaml && git add "
			  "schema.yaml && "
			  "git -c user.name=t -c user.email=t@example.com "
			  "commit -qm one && "
			  "printf 'version: 2\\n' > schema.yaml && "
			  "git -c user.name=t -c user.email=t@example.com "
			  "commit -qam two") == 0;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return chdir(cwd) != 0 || system(cmd) != 0 ? -1 : 0;
}

static void
test_kind(void **state)
{
	(void)state;
	assert_int_equal(source_kind_of("-"), SOURCE_STDIN);
	assert_int_equal(source_kind_of("--"), SOURCE_FILE);
	assert_int_equal(source_kind_of("git:HEAD:x"), SOURCE_GIT);
	assert_int_equal(source_kind_of("https://cms.example.com"), SOURCE_URL);
	assert_int_equal(source_kind_of("http://127.0.0.1:8055"), SOURCE_URL);
	assert_int_equal(source_kind_of("ftp://x"), SOURCE_FILE);
	assert_int_equal(source_kind_of("schema.yaml"), SOURCE_FILE);
}

static void
test_file(void **state)
{
	struct source s = SOURCE_INIT;
	struct derr err = DERR_INIT;

	(void)state;
	put("a.yaml", "hello: world\n");
	assert_int_equal(source_read("a.yaml", NULL, &s, &err), 0);
	assert_string_equal(s.origin, "a.yaml");
	assert_int_equal(s.len, 13);
	assert_string_equal(s.data, "hello: world\n");
	source_release(&s);
	assert_null(s.data);
	/* an empty file is read (and rejected later by the loader) */
	put("empty", "");
	assert_int_equal(source_read("empty", NULL, &s, &err), 0);
	assert_int_equal(s.len, 0);
	assert_string_equal(s.data, "");
	source_release(&s);
}

static void
test_file_errors(void **state)
{
	struct source s = SOURCE_INIT;
	struct source_opts o;
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(source_read("missing.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_string_equal(err.msg,
	    "cannot open 'missing.yaml': "
	    "No such file or directory");
	assert_null(s.origin);
	assert_int_equal(source_read(".", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_string_equal(err.msg, "cannot read '.': Is a directory");
	memset(&o, 0, sizeof(o));
	o.max_bytes = 8;
	put("big", "123456789");
	assert_int_equal(source_read("big", &o, &s, &err), -1);
	assert_string_equal(err.msg, "'big' is larger than the 8 bytes limit");
	/* exactly at the cap is fine */
	put("fits", "12345678");
	assert_int_equal(source_read("fits", &o, &s, &err), 0);
	source_release(&s);
	o.max_bytes = (size_t)1 << 20;
	assert_int_equal(source_read("big", &o, &s, &err), 0);
	source_release(&s);
}

static void
test_stdin(void **state)
{
	struct source s = SOURCE_INIT;
	struct source_opts o;
	struct derr err = DERR_INIT;

	(void)state;
	put("in", "from: stdin\n");
	assert_non_null(freopen("in", "r", stdin));
	assert_int_equal(source_read("-", NULL, &s, &err), 0);
	assert_string_equal(s.origin, "<stdin>");
	assert_string_equal(s.data, "from: stdin\n");
	source_release(&s);
	assert_non_null(freopen("in", "r", stdin));
	memset(&o, 0, sizeof(o));
	o.max_bytes = 4;
	assert_int_equal(source_read("-", &o, &s, &err), -1);
	assert_string_equal(err.msg,
	    "'<stdin>' is larger than the 4 bytes "
	    "limit");
}

static void
test_git(void **state)
{
	struct source s = SOURCE_INIT;
	struct derr err = DERR_INIT;

	(void)state;
	if (!have_git)
		skip();
	assert_int_equal(
	    source_read("git:HEAD:schema.yaml", NULL, &s, &err), 0);
	assert_string_equal(s.origin, "git:HEAD:schema.yaml");
	assert_string_equal(s.data, "version: 2\n");
	source_release(&s);
	assert_int_equal(
	    source_read("git:HEAD~1:schema.yaml", NULL, &s, &err), 0);
	assert_string_equal(s.data, "version: 1\n");
	source_release(&s);
	/* the merge-base of HEAD~1 and HEAD is HEAD~1 */
	assert_int_equal(
	    source_read("git:HEAD~1...HEAD:schema.yaml", NULL, &s, &err), 0);
	assert_string_equal(s.origin, "git:HEAD~1...HEAD:schema.yaml");
	assert_string_equal(s.data, "version: 1\n");
	source_release(&s);
	assert_int_equal(
	    source_read("git:HEAD...:schema.yaml", NULL, &s, &err), 0);
	assert_string_equal(s.data, "version: 2\n");
	source_release(&s);
	assert_int_equal(
	    source_read("git:nope...HEAD:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_non_null(strstr(err.msg, "no merge-base of 'nope' and 'HEAD'"));
	/* a revision that does not exist: git's own words, exit 3 */
	assert_int_equal(
	    source_read("git:nope:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_non_null(
	    strstr(err.msg, "cannot read 'git:nope:schema.yaml': "));
	assert_non_null(strstr(err.msg, "nope"));
	assert_null(strstr(err.msg, "fatal:"));
	/* a path that does not exist at that revision */
	assert_int_equal(
	    source_read("git:HEAD:absent.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_non_null(strstr(err.msg, "absent.yaml"));
}

static void
test_git_malformed(void **state)
{
	struct source s = SOURCE_INIT;
	struct derr err = DERR_INIT;

	(void)state;
	/* option injection: never reaches git */
	assert_int_equal(
	    source_read("git:--output=/tmp/x:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_non_null(strstr(err.msg, "cannot start with '-'"));
	assert_int_equal(source_read("git:", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_int_equal(source_read("git:HEAD", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_int_equal(source_read("git::schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_int_equal(source_read("git:HEAD:", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_string_equal(err.msg,
	    "invalid git source 'git:HEAD:': "
	    "expected git:REV:PATH or git:A...B:PATH");
	/* A...B: neither side may look like an option, one "..." only */
	assert_int_equal(
	    source_read("git:HEAD...-p:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_int_equal(
	    source_read("git:-p...HEAD:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
	assert_int_equal(
	    source_read("git:a...b...c:schema.yaml", NULL, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_USAGE);
}

static void
test_git_cap(void **state)
{
	struct source s = SOURCE_INIT;
	struct source_opts o;
	struct derr err = DERR_INIT;

	(void)state;
	if (!have_git)
		skip();
	memset(&o, 0, sizeof(o));
	o.max_bytes = 5;
	assert_int_equal(source_read("git:HEAD:schema.yaml", &o, &s, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_string_equal(err.msg,
	    "'git:HEAD:schema.yaml' is larger than "
	    "the 5 bytes limit");
}

static void
test_url(void **state)
{
	struct source s = SOURCE_INIT;
	struct derr err = DERR_INIT;

	(void)state;
	/*
	 * Without a token the HTTP module stops before any request (usage
	 * error); a build without the module fails with status 4.  The HTTP
	 * cases proper are in test_fault.c and tests/e2e/fault_live.sh.
	 */
	unsetenv("DIRECTUS_TOKEN");
	assert_int_equal(source_read("http://127.0.0.1:1", NULL, &s, &err), -1);
	assert_true(err.status == DRIFT_EXIT_NETWORK ||
	    (err.status == DRIFT_EXIT_USAGE &&
		strstr(err.msg, "no token") != NULL));
	assert_null(s.origin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_git),
		cmocka_unit_test(test_git_malformed),
		cmocka_unit_test(test_git_cap),
		cmocka_unit_test(test_url),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
