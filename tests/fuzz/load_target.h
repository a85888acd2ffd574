/*
 * load_target.h: the libFuzzer target body for the loaders, included by
 * fuzz_yaml.c, fuzz_json.c and fuzz_auto.c with FUZZ_FORMAT set.  Whatever
 * the input, the loader must return 0 with a tree or -1 with a positioned
 * error of status 3; never crash, hang or leak.
 */
#include "drift/compat.h"

#include <stdlib.h>

#include "drift/diag.h"
#include "drift/load.h"
#include "drift/tree.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT LOAD_AUTO
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct derr err = DERR_INIT;
	struct tree *t = NULL;
	struct load_limits lim;
	int r;

	load_limits_default(&lim);
	/* small limits keep each run fast and exercise the limit paths */
	lim.max_bytes = 1 << 20;
	lim.max_alias_nodes = 100000;
	lim.max_nodes = 1000000;
	r = load_tree(
	    "fuzz", (const char *)data, size, FUZZ_FORMAT, &lim, &t, &err);
	if (r == 0) {
		if (t == NULL || tree_root(t) == NULL)
			abort();
	} else if (err.status != DRIFT_EXIT_INPUT || t != NULL) {
		abort();
	}
	tree_free(&t);
	return 0;
}
