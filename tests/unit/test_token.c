/* test_token.c: token loading, and the token never showing in messages */
#include "drift/compat.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "drift/diag.h"
#include "drift/token.h"

#define SECRET "s3cr3t-T0KEN-value"

static char dir[] = "/tmp/drift-token-XXXXXX";

/* writes data to dir/name with mode; returns the path (static) */
static const char *
put(const char *name, const char *data, size_t len, mode_t mode)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

/* everything a person could see of err: derr_print's stderr output */
static char *
printed(const struct derr *e)
{
	char *out = calloc(1, 8192);
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	derr_print(e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, 8191, tmp);
	out[n] = '\0';
	fclose(tmp);
	return out;
}

static void
assert_secret_absent(const struct derr *e, const char *warn)
{
	char *p = printed(e);

	assert_null(strstr(p, SECRET));
	assert_null(strstr(p, "s3cr3t"));
	assert_null(strstr(e->msg, "s3cr3t"));
	assert_null(strstr(e->hint, "s3cr3t"));
	assert_null(strstr(e->origin, "s3cr3t"));
	if (warn != NULL)
		assert_null(strstr(warn, "s3cr3t"));
	free(p);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_env(void **state)
{
	struct derr e = DERR_INIT;
	char *tok = NULL, warn[300];

	(void)state;
	unsetenv("DIRECTUS_TOKEN");
	assert_int_equal(token_load(NULL, &tok, warn, sizeof(warn), &e), 0);
	assert_null(tok);
	setenv("DIRECTUS_TOKEN", SECRET "\n", 1);
	assert_int_equal(token_load(NULL, &tok, warn, sizeof(warn), &e), 0);
	assert_string_equal(tok, SECRET);
	assert_string_equal(warn, "");
	token_free(&tok);
	assert_null(tok);
	setenv("DIRECTUS_TOKEN", "  \n", 1);
	assert_int_equal(token_load(NULL, &tok, warn, sizeof(warn), &e), -1);
	assert_int_equal(e.status, DRIFT_EXIT_USAGE);
	assert_string_equal(e.msg, "the token from DIRECTUS_TOKEN is empty");
	setenv("DIRECTUS_TOKEN", "s3cr3t\rX-Evil: 1", 1);
	assert_int_equal(token_load(NULL, &tok, warn, sizeof(warn), &e), -1);
	assert_null(tok);
	assert_non_null(strstr(e.msg, "control character"));
	assert_secret_absent(&e, warn);
	unsetenv("DIRECTUS_TOKEN");
}

static void
test_file(void **state)
{
	struct derr e = DERR_INIT;
	char *tok = NULL, warn[300];
	const char *p;

	(void)state;
	/* the file wins over the environment */
	setenv("DIRECTUS_TOKEN", "from-env", 1);
	p = put("t1", SECRET "  \r\nsecond line\n", strlen(SECRET) + 17, 0600);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), 0);
	assert_string_equal(tok, SECRET);
	assert_string_equal(warn, "");
	token_free(&tok);
	unsetenv("DIRECTUS_TOKEN");
	/* no final newline */
	p = put("t2", SECRET, strlen(SECRET), 0400);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), 0);
	assert_string_equal(tok, SECRET);
	token_free(&tok);
}

static void
test_file_mode_warning(void **state)
{
	struct derr e = DERR_INIT;
	char *tok = NULL, warn[300], want[300];
	const char *p;

	(void)state;
	p = put("t3", SECRET "\n", strlen(SECRET) + 1, 0644);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), 0);
	snprintf(want, sizeof(want),
	    "token file \"%s\" is readable by other "
	    "users (mode 0644); chmod 600 it",
	    p);
	assert_string_equal(warn, want);
	assert_null(strstr(warn, "s3cr3t"));
	token_free(&tok);
	p = put("t4", SECRET "\n", strlen(SECRET) + 1, 0640);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), 0);
	assert_non_null(strstr(warn, "(mode 0640)"));
	token_free(&tok);
}

static void
test_file_errors(void **state)
{
	struct derr e = DERR_INIT;
	char *tok = NULL, warn[300], *big;
	const char *p;

	(void)state;
	p = put("empty", "", 0, 0600);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), -1);
	assert_int_equal(e.status, DRIFT_EXIT_INPUT);
	assert_non_null(strstr(e.msg, "is empty"));
	p = put("blank", " \n" SECRET "\n", strlen(SECRET) + 3, 0600);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), -1);
	assert_non_null(strstr(e.msg, "is empty"));
	assert_secret_absent(&e, warn);
	p = put("space", "s3cr3t token\n", 13, 0600);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), -1);
	assert_non_null(strstr(e.msg, "space or a control character"));
	assert_secret_absent(&e, warn);
	p = put("nul", "s3cr3t\0x\n", 9, 0600);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), -1);
	assert_non_null(strstr(e.msg, "NUL"));
	assert_secret_absent(&e, warn);
	big = malloc(TOKEN_MAX_BYTES + 10);
	memset(big, 's', TOKEN_MAX_BYTES + 10);
	p = put("big", big, TOKEN_MAX_BYTES + 10, 0600);
	free(big);
	assert_int_equal(token_load(p, &tok, warn, sizeof(warn), &e), -1);
	assert_non_null(strstr(e.msg, "longer than"));
	assert_int_equal(
	    token_load("/nonexistent/tok", &tok, warn, sizeof(warn), &e), -1);
	assert_string_equal(e.msg,
	    "cannot read token file "
	    "\"/nonexistent/tok\": No such file or directory");
	assert_int_equal(token_load(dir, &tok, warn, sizeof(warn), &e), -1);
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_null(tok);
}

static void
test_check(void **state)
{
	struct derr e = DERR_INIT;

	(void)state;
	assert_int_equal(token_check("abc.DEF-123_~+/=", "x", 2, &e), 0);
	assert_int_equal(token_check("a\tb", "x", 2, &e), -1);
	assert_int_equal(token_check("a\x7f", "x", 2, &e), -1);
	assert_int_equal(token_check("", "x", 3, &e), -1);
	assert_int_equal(e.status, 3);
	assert_int_equal(token_check(NULL, "x", 2, &e), -1);
	token_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_mode_warning),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
