/*
 * test_fuzz_regress.c: every input a fuzz target (tests/fuzz/) ever broke,
 * so that "make check" covers them without clang.  Each finding has its own
 * test with the expected outcome; test_replay_dirs then replays every file
 * kept under tests/fuzz/regress/<target>/ with the checks of the target
 * (load_target.h and fuzz_diff.c).  Under SANITIZE=address,undefined these
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
#include "drift/load.h"
#include "drift/model.h"
#include "drift/tree.h"

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
load_checked(const char *s, size_t len, enum load_format fmt,
    struct derr *err)
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

/* the fuzz_diff.c invariant */
static void
diff_checked(const char *p, size_t size)
{
	static const char sep[] = "\n---8<---\n";
	const char *cut = memmem(p, size, sep, sizeof(sep) - 1);
	size_t n1 = cut ? (size_t)(cut - p) : size / 2;
	size_t off2 = cut ? n1 + sizeof(sep) - 1 : n1;
	struct snapshot *a = NULL, *b = NULL;
	struct derr err = DERR_INIT;
	struct changeset cs = CHANGESET_INIT;
	struct load_limits lim;
	size_t i;

	fuzz_limits(&lim);
	if (snapshot_load("old", p, n1, &lim, &a, &err) != 0)
		goto out;
	if (snapshot_load("new", p + off2, size - off2, &lim, &b, &err) != 0)
		goto out;
	assert_int_equal(diff_snapshots(a, b, &cs), 0);
	for (i = 0; i < cs.n; i++) {
		const struct change *c = &cs.v[i];

		assert_non_null(c->rule);
		assert_non_null(c->message);
		assert_non_null(c->collection);
		assert_int_equal(strlen(c->id), 12);
	}
out:
	if (a == NULL || b == NULL)
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	changeset_release(&cs);
	snapshot_free(&a);
	snapshot_free(&b);
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

/* replays tests/fuzz/regress/<target>/ * with the target's checks */
static void
test_replay_dirs(void **state)
{
	static const struct {
		const char *dir;
		enum load_format fmt;
		int diff;
	} targets[] = {
		{ "fuzz_yaml", LOAD_YAML, 0 },
		{ "fuzz_json", LOAD_JSON, 0 },
		{ "fuzz_auto", LOAD_AUTO, 0 },
		{ "fuzz_diff", LOAD_AUTO, 1 },
	};
	const char *top = getenv("DRIFT_TOP");
	size_t i, replayed = 0;

	(void)state;
	if (top == NULL)
		top = ".";
	for (i = 0; i < DRIFT_ARRAY_LEN(targets); i++) {
		struct buf dir = BUF_INIT;
		struct dirent *de;
		DIR *d;

		buf_addf(&dir, "%s/tests/fuzz/regress/%s", top,
		    targets[i].dir);
		d = opendir(dir.buf);
		while (d != NULL && (de = readdir(d)) != NULL) {
			struct buf path = BUF_INIT, data = BUF_INIT;
			struct derr err = DERR_INIT;

			if (de->d_name[0] == '.')
				continue;
			buf_addf(&path, "%s/%s", dir.buf, de->d_name);
			assert_int_equal(read_all(path.buf, &data), 0);
			if (targets[i].diff)
				diff_checked(data.buf, data.len);
			else
				load_checked(data.buf, data.len,
				    targets[i].fmt, &err);
			replayed++;
			buf_release(&path);
			buf_release(&data);
		}
		if (d != NULL)
			closedir(d);
		buf_release(&dir);
	}
	/* the directories exist and hold the kept reproducers */
	assert_true(replayed >= 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_first_mapping_empty_stack),
		cmocka_unit_test(test_json_first_mapping_empty_stack),
		cmocka_unit_test(test_null_empty_input),
		cmocka_unit_test(test_replay_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
