#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/model.h"
#include "testfile.h"
#include "testsnap.h"

struct snapshot *
test_load_snapshot(const char *rel, int may_skip)
{
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	char *path = test_path(rel), *text;
	size_t len;

	text = test_read_file(path, &len);
	if (text == NULL) {
		if (may_skip) {
			printf("skip: %s absent\n", path);
			free(path);
			return NULL;
		}
		fail_msg("cannot read %s", path);
	}
	if (snapshot_load(rel, text, len, NULL, &s, &err) < 0)
		fail_msg(
		    "%s:%u:%u: %s", err.origin, err.line, err.col, err.msg);
	free(text);
	free(path);
	return s;
}
