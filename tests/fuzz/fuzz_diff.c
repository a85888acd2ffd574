/*
 * fuzz_diff.c: libFuzzer target for the whole offline pipeline.  The input
 * is split at the first "\n---8<---\n" (or in half) into OLD and NEW; both
 * are loaded as snapshots and diffed.  Every change must carry a rule, a
 * message and a well-formed id.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/load.h"
#include "drift/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sep[] = "\n---8<---\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *cut = memmem(p, size, sep, sizeof(sep) - 1);
	size_t n1 = cut ? (size_t)(cut - p) : size / 2;
	size_t off2 = cut ? n1 + sizeof(sep) - 1 : n1;
	struct snapshot *a = NULL, *b = NULL;
	struct derr err = DERR_INIT;
	struct changeset cs = CHANGESET_INIT;
	struct load_limits lim;
	size_t i;

	load_limits_default(&lim);
	lim.max_bytes = 1 << 20;
	lim.max_alias_nodes = 100000;
	lim.max_nodes = 1000000;
	if (snapshot_load("old", p, n1, &lim, &a, &err) != 0)
		goto out;
	if (snapshot_load("new", p + off2, size - off2, &lim, &b, &err) != 0)
		goto out;
	diff_snapshots(a, b, &cs);
	for (i = 0; i < cs.n; i++) {
		const struct change *c = &cs.v[i];

		if (c->rule == NULL || c->message == NULL ||
		    c->collection == NULL || strlen(c->id) != 12)
			abort();
	}
out:
	changeset_release(&cs);
	snapshot_free(&a);
	snapshot_free(&b);
	return 0;
}
