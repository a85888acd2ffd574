/*
 * test_fuzz_regress.c: every input a fuzz target (tests/fuzz/) ever broke,
 * so that "make check" covers them without clang.  Each finding has its own
 * test with the expected outcome; test_replay_dirs then replays every file
 * kept under tests/fuzz/regress/<target>/ (and the seeds) through the
 * targets themselves, compiled in here under other names.  Under SANITIZE=address,undefined these
 * also catch the original memory and undefined-behaviour errors.
 */
#include "drift/compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "drift/xalloc.h"

/* the limits the fuzz targets use */
static void
fuzz_limits(struct load_limits *lim)
{
	load_limits_default(lim);
	lim->max_bytes = 1 << 20;
	lim->max_alias_nodes = 100000;
	lim->max_nodes = 1000000;
}

/* the load_target.h invariant; returns load_tree's result */
static int
load_checked(const char *s, size_t len, enum load_format fmt, struct derr *err)
{
	struct load_limits lim;
	struct tree *t = NULL;
	int r;

	fuzz_limits(&lim);
	r = load_tree("fuzz", s, len, fmt, &lim, &t, err);
	if (r == 0) {
		assert_non_null(t);
		assert_non_null(tree_root(t));
	} else {
		assert_int_equal(r, -1);
		assert_int_equal(err->status, DRIFT_EXIT_INPUT);
		assert_null(t);
		assert_true(err->msg[0] != '\0');
	}
	tree_free(&t);
	return r;
}

/*
 * fuzz_yaml, first run: the first mapping of a document was looked up in
 * a pairs stack never allocated (NULL + 0: undefined behaviour).
 * regress/fuzz_yaml/ubsan-null-pairs-offset.yaml
 */
static void
test_yaml_first_mapping_empty_stack(void **state)
{
	static const char s[] = "version: 1\n---\nversion: 2\n";
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(load_checked(s, sizeof(s) - 1, LOAD_YAML, &err), -1);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "second YAML document"));
}

/*
 * fuzz_json, first run: the same in the JSON reader.
 * regress/fuzz_json/ubsan-null-pairs-offset.json
 */
static void
test_json_first_mapping_empty_stack(void **state)
{
	static const char s[] = "{\"s\":\"\\ud83d\\ude00\",\"n\":[-0,1.5e-3],"
				"\"o\":{}}";
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(load_checked(s, sizeof(s) - 1, LOAD_JSON, &err), 0);
}

/* (NULL, 0) is an empty input, not a crash (libyaml asserts non-NULL) */
static void
test_null_empty_input(void **state)
{
	struct derr err = DERR_INIT;

	(void)state;
	assert_int_equal(load_checked(NULL, 0, LOAD_YAML, &err), -1);
	assert_int_equal(load_checked(NULL, 0, LOAD_JSON, &err), -1);
	assert_int_equal(load_checked(NULL, 0, LOAD_AUTO, &err), -1);
}

/*
 * fuzz_http, first minutes: a server message longer than the 400 bytes
 * kept, echoing the token near its end, was cut before the token was
 * redacted, and 15 characters of the token showed.
 * regress/fuzz_http/token-cut-in-long-message.bin
 */
static void
test_http_token_cut_in_long_message(void **state)
{
	static const char tok[] = "s3cr3t-T0KEN-abcdefgh";
	struct http_response r;
	struct derr err = DERR_INIT;
	size_t pad;

	(void)state;
	for (pad = 370; pad <= 400; pad++) {
		size_t i;

		http_response_init(&r);
		r.status = 401;
		r.url = xstrdup("https://cms.example.com/schema/snapshot");
		r.content_type = xstrdup("application/json");
		buf_adds(&r.body, "{\"errors\":[{\"message\":\"");
		for (i = 0; i < pad; i++)
			buf_addch(&r.body, 'a');
		buf_addf(&r.body,
		    " %s\",\"extensions\":{\"code\":"
		    "\"INVALID_CREDENTIALS\"}}]}",
		    tok);
		assert_int_equal(directus_check_response(
				     &r, "/schema/snapshot", 1, tok, &err),
		    -1);
		assert_int_equal(err.status, DRIFT_EXIT_NETWORK);
		/* not even the first 5 characters of the token */
		assert_null(strstr(err.msg, "s3cr3"));
		assert_non_null(strstr(err.msg, "INVALID_CREDENTIALS"));
		http_response_release(&r);
	}
}

/*
 * fuzz_http: a Content-Type reflecting the token was shown as is in the
 * HTML-page error.  regress/fuzz_http/token-in-content-type.bin
 */
static void
test_http_token_in_content_type(void **state)
{
	static const char tok[] = "s3cr3t-T0KEN-abcdefgh";
	struct http_response r;
	struct derr err = DERR_INIT;

	(void)state;
	http_response_init(&r);
	r.status = 200;
	r.url = xstrdup("https://cms.example.com/schema/snapshot");
	r.content_type = xstrdup("text/html; x=s3cr3t-T0KEN-abcdefgh\x1b[2J");
	buf_adds(&r.body, "<html>login</html>");
	assert_int_equal(
	    directus_check_response(&r, "/schema/snapshot", 1, tok, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_NETWORK);
	assert_string_equal(err.msg,
	    "expected JSON, got an HTML page "
	    "(Content-Type text/html; x=[token] [2J)");
	http_response_release(&r);
}

/*
 * The fuzz targets themselves, renamed, so that the replay below checks
 * exactly what libFuzzer checks (a broken invariant aborts the test).
 */
#define LLVMFuzzerTestOneInput fuzz_yaml_one
#include "../fuzz/fuzz_yaml.c"
#undef LLVMFuzzerTestOneInput
#undef FUZZ_FORMAT
#define LLVMFuzzerTestOneInput fuzz_json_one
#include "../fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#undef FUZZ_FORMAT
#define LLVMFuzzerTestOneInput fuzz_auto_one
#include "../fuzz/fuzz_auto.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_diff_one
#include "../fuzz/fuzz_diff.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_policy_one
#include "../fuzz/fuzz_policy.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_http_one
#include "../fuzz/fuzz_http.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_report_one
#include "../fuzz/fuzz_report.c"
#undef LLVMFuzzerTestOneInput

static int
read_all(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return 0;
}

/*
 * Replays tests/fuzz/regress/<target>/ * and tests/fuzz/seeds/<target>/ *
 * through the targets.
 */
static void
test_replay_dirs(void **state)
{
	static const struct {
		const char *name;
		int (*one)(const uint8_t *, size_t);
	} targets[] = {
		{ "fuzz_yaml", fuzz_yaml_one },
		{ "fuzz_json", fuzz_json_one },
		{ "fuzz_auto", fuzz_auto_one },
		{ "fuzz_diff", fuzz_diff_one },
		{ "fuzz_policy", fuzz_policy_one },
		{ "fuzz_http", fuzz_http_one },
		{ "fuzz_report", fuzz_report_one },
	};
	static const char *const kinds[] = { "regress", "seeds" };
	const char *top = getenv("DRIFT_TOP");
	size_t i, k, replayed = 0;

	(void)state;
	if (top == NULL)
		top = ".";
	for (i = 0; i < DRIFT_ARRAY_LEN(targets); i++)
		for (k = 0; k < DRIFT_ARRAY_LEN(kinds); k++) {
			struct buf dir = BUF_INIT;
			struct dirent *de;
			DIR *d;

			buf_addf(&dir, "%s/tests/fuzz/%s/%s", top, kinds[k],
			    targets[i].name);
			d = opendir(dir.buf);
			while (d != NULL && (de = readdir(d)) != NULL) {
				struct buf path = BUF_INIT, data = BUF_INIT;

				if (de->d_name[0] == '.')
					continue;
				buf_addf(&path, "%s/%s", dir.buf, de->d_name);
				assert_int_equal(read_all(path.buf, &data), 0);
				assert_int_equal(
				    targets[i].one(
					(const uint8_t *)data.buf, data.len),
				    0);
				replayed++;
				buf_release(&path);
				buf_release(&data);
			}
			if (d != NULL)
				closedir(d);
			buf_release(&dir);
		}
	/* the directories exist and hold the kept inputs */
	assert_true(replayed >= 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_first_mapping_empty_stack),
		cmocka_unit_test(test_json_first_mapping_empty_stack),
		cmocka_unit_test(test_null_empty_input),
		cmocka_unit_test(test_http_token_cut_in_long_message),
		cmocka_unit_test(test_http_token_in_content_type),
		cmocka_unit_test(test_replay_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
