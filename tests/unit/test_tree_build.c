/*
 * test_tree_build.c: the tree-building layer under the readers
 * (tree_build.h): a log line inside or after a snapshot (issue 10, item
 * 12) gets the log-line hint in both formats, and what is not a log line
 * keeps the reader's own message.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree.h"
#include "drift/tree_build.h"

#define SNAP \
	"version: 1\ndirectus: 11.17.4\nvendor: postgres\ncollections:\n" \
	"  - collection: a\n    meta: null\nfields: []\nrelations: []\n"

/* loads text (either format) and expects an error at line:1 */
static void
fails_at(const char *text, unsigned line, const char *msg, const char *hint)
{
	struct tree *t = NULL;
	struct derr e = DERR_INIT;

	assert_int_equal(
	    load_tree("s", text, strlen(text), LOAD_AUTO, NULL, &t, &e), -1);
	assert_null(t);
	assert_int_equal(e.status, DRIFT_EXIT_INPUT);
	if (e.line != line || strstr(e.msg, msg) == NULL ||
	    (hint != NULL && strstr(e.hint, hint) == NULL)) {
		print_error(
		    "got %u:%u %s / %s\n", e.line, e.col, e.msg, e.hint);
		fail();
	}
}

static void
test_log_line_after(void **state)
{
	(void)state;
	fails_at(SNAP "[12:00:01] INFO: snapshot saved\n", 9,
	    "unexpected text after the snapshot (a log line?)",
	    "remove line 9");
	fails_at(SNAP "\n2026-12-02 12:00:01 done\n", 10,
	    "unexpected text after the snapshot (a log line?)",
	    "remove line 10");
	fails_at("{\"version\": 1,\n \"fields\": []\n}\n"
		 "[12:00:01] INFO: done\n",
	    4, "unexpected text after the snapshot (a log line?)",
	    "remove line 4");
}

static void
test_log_line_inside(void **state)
{
	(void)state;
	fails_at("version: 1\ndirectus: 11.17.4\ncollections:\n"
		 "  - collection: a\n"
		 "[12:00:01] WARN: slow query\n"
		 "    meta: null\nfields: []\n",
	    5, "unexpected text inside the snapshot (a log line?)",
	    "remove line 5");
	fails_at("{\n  \"version\": 1,\n"
		 "INFO: exporting\n  \"fields\": []\n}\n",
	    3, "unexpected text inside the snapshot (a log line?)", NULL);
}

static void
test_not_log_lines(void **state)
{
	(void)state;
	/* the top case keeps its own message and hint */
	fails_at("[12:00:00] INFO: start\n" SNAP, 1,
	    "unexpected text before the snapshot (a log line?)",
	    "the snapshot seems to start at line 2");
	/* a second document is not a log line */
	fails_at(SNAP "---\nversion: 2\n", 9, "a second YAML document", NULL);
	/* nor an error with no stray text before it */
	fails_at("version: 1\ncollections:\n  - a\n  b: c\n", 4, "", NULL);
}

static void
test_bom_len(void **state)
{
	(void)state;
	assert_int_equal(ldr_bom_len("\xef\xbb\xbfx", 4), 3);
	assert_int_equal(ldr_bom_len("\xef\xbb", 2), 0);
	assert_int_equal(ldr_bom_len("x", 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_line_after),
		cmocka_unit_test(test_log_line_inside),
		cmocka_unit_test(test_not_log_lines),
		cmocka_unit_test(test_bom_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
