/*
 * test_output.c: atomic report files.  Write failures are real ones:
 * RLIMIT_FSIZE (with SIGXFSZ ignored) makes write(2) fail with EFBIG,
 * which works even as root, where permission bits do not.
 */
#include "drift/compat.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/output.h"

static char dir[] = "/tmp/drift-test-output.XXXXXX";

static char *
path_in(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static char *
slurp(const char *path)
{
	static char b[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(b, 1, sizeof(b) - 1, fp);
	b[n] = '\0';
	fclose(fp);
	return b;
}

/* number of entries in dir (temporary files left behind show up here) */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_new_file_mode(void **state)
{
	struct derr err = DERR_INIT;
	struct stat st;
	mode_t old = umask(022);

	(void)state;
	assert_int_equal(
	    output_write_atomic(path_in("a.json"), "{}\n", 3, NULL, &err), 0);
	assert_string_equal(slurp(path_in("a.json")), "{}\n");
	assert_int_equal(stat(path_in("a.json"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	umask(077);
	assert_int_equal(
	    output_write_atomic(path_in("b.json"), "x", 1, NULL, &err), 0);
	assert_int_equal(stat(path_in("b.json"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	umask(old);
	assert_int_equal(entries(), 2);
}

static void
test_replace(void **state)
{
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(
	    output_write_atomic(path_in("r"), "old\n", 4, NULL, &err), 0);
	assert_int_equal(
	    output_write_atomic(path_in("r"), "new\n", 4, NULL, &err), 0);
	assert_string_equal(slurp(path_in("r")), "new\n");
	/* an empty report is still a report */
	assert_int_equal(
	    output_write_atomic(path_in("r"), "", 0, NULL, &err), 0);
	assert_string_equal(slurp(path_in("r")), "");
}

static void
test_write_failure_keeps_old(void **state)
{
	struct derr err = DERR_INIT;
	struct rlimit old, lim;
	static char big[8192];
	int before;

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(
	    output_write_atomic(path_in("keep.json"), "old\n", 4, NULL, &err),
	    0);
	before = entries();
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1024;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(output_write_atomic(path_in("keep.json"), big,
			     sizeof(big), "snapshot", &err),
	    -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	assert_non_null(strstr(err.msg, "cannot write snapshot '"));
	assert_non_null(strstr(err.msg, "keep.json': File too large"));
	assert_string_equal(slurp(path_in("keep.json")), "old\n");
	/* the temporary file is gone */
	assert_int_equal(entries(), before);
}

static void
test_bad_targets(void **state)
{
	struct derr err = DERR_INIT;
	int before;

	(void)state;
	assert_int_equal(mkdir(path_in("sub"), 0755), 0);
	before = entries();
	assert_int_equal(
	    output_write_atomic(path_in("sub"), "x", 1, NULL, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	assert_non_null(strstr(err.msg, "Is a directory"));
	assert_int_equal(entries(), before);
	assert_int_equal(
	    output_write_atomic(path_in("nodir/r.json"), "x", 1, NULL, &err),
	    -1);
	assert_non_null(strstr(err.msg,
	    "cannot create a temporary file for "
	    "report '"));
	assert_non_null(strstr(err.msg, "No such file or directory"));
	assert_int_equal(output_write_atomic("", "x", 1, NULL, &err), -1);
}

static void
test_devices_and_links(void **state)
{
	struct derr err = DERR_INIT;
	struct stat st;

	(void)state;
	/* written in place, never renamed over */
	assert_int_equal(
	    output_write_atomic("/dev/null", "x", 1, NULL, &err), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(
	    output_write_atomic("/dev/full", "x", 1, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "No space left on device"));
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* a symbolic link to a file: refused, neither changes */
	assert_int_equal(
	    output_write_atomic(path_in("target"), "a", 1, NULL, &err), 0);
	assert_int_equal(symlink("target", path_in("link")), 0);
	assert_int_equal(
	    output_write_atomic(path_in("link"), "b", 1, NULL, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	assert_non_null(strstr(err.msg, "is a symbolic link (to 'target')"));
	assert_int_equal(lstat(path_in("link"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(slurp(path_in("target")), "a");
	/* a dangling one too: it would create the file it names */
	assert_int_equal(symlink("nowhere", path_in("dangling")), 0);
	assert_int_equal(
	    output_write_atomic(path_in("dangling"), "b", 1, NULL, &err), -1);
	assert_int_equal(lstat(path_in("nowhere"), &st), -1);
	/* a link to a device is written in place */
	assert_int_equal(symlink("/dev/null", path_in("null")), 0);
	assert_int_equal(
	    output_write_atomic(path_in("null"), "b", 1, NULL, &err), 0);
	assert_int_equal(lstat(path_in("null"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	unlink(path_in("link"));
	unlink(path_in("dangling"));
	unlink(path_in("null"));
}

static void
test_mode_kept(void **state)
{
	struct derr err = DERR_INIT;
	struct stat st;

	(void)state;
	assert_int_equal(
	    output_write_atomic(path_in("private"), "a", 1, NULL, &err), 0);
	assert_int_equal(chmod(path_in("private"), 0600), 0);
	assert_int_equal(
	    output_write_atomic(path_in("private"), "b", 1, NULL, &err), 0);
	assert_int_equal(stat(path_in("private"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_string_equal(slurp(path_in("private")), "b");
	assert_int_equal(chmod(path_in("private"), 0640), 0);
	assert_int_equal(
	    output_write_atomic(path_in("private"), "c", 1, NULL, &err), 0);
	assert_int_equal(stat(path_in("private"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	unlink(path_in("private"));
}

static void
test_stdout(void **state)
{
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(output_write_stdout("", 0, &err), 0);
	assert_int_equal(output_stdout_reader_gone(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file_mode),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_write_failure_keeps_old),
		cmocka_unit_test(test_bad_targets),
		cmocka_unit_test(test_devices_and_links),
		cmocka_unit_test(test_mode_kept),
		cmocka_unit_test(test_stdout),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
