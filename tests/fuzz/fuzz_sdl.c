/*
 * fuzz_sdl.c: libFuzzer target for the GraphQL side of `types` (issue 13):
 * sdl_check.c's SDL reader, and emit_graphql.c over any snapshot.
 *
 * The input is compared, as SDL, with itself and with a small fixed
 * schema; and when it loads as a snapshot, the SDL emitted for it must
 * read back as SDL equal to itself.
 *
 * Invariants: nothing crashes, hangs or leaks; a text that reads as SDL
 * has no difference with itself; every emitted SDL reads as SDL; the
 * only snapshots without SDL are those with a field name starting with
 * __ (bad input at the field; other invalid names are left out).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/emit_graphql.h"
#include "drift/model.h"
#include "drift/sdl_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base[] = "type Query { a(x: Int = 1): [String!]! }\n"
			   "\"\"\"d\"\"\" scalar Date\n"
			   "enum E { A B }\nunion U = A | B\n"
			   "input I { a: Int = 2 @d(x: [1, {y: $z}]) }\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[256];
	struct buf sum = BUF_INIT, sdl = BUF_INIT;
	struct snapshot *s = NULL;
	struct derr e = DERR_INIT;
	int n;

	n = sdl_compare(text, size, text, size, "", 5, &sum, err, sizeof(err));
	if (n > 0)
		abort(); /* a schema differs from itself */
	buf_reset(&sum);
	(void)sdl_compare(text, size, base, sizeof(base) - 1, "  ", 5, &sum,
	    err, sizeof(err));
	if (snapshot_load("fuzz", text, size, NULL, &s, &e) == 0) {
		if (emit_graphql(s, &sdl, &e) != 0) {
			/* a field name starting with __ is bad input;
			   the built-in system schema always loads */
			if (e.status != DRIFT_EXIT_INPUT || e.line == 0)
				abort();
		} else if (sdl_compare(sdl.buf, sdl.len, sdl.buf, sdl.len, "",
			       5, NULL, err, sizeof(err)) != 0)
			abort(); /* what we emit is SDL */
		snapshot_free(&s);
	}
	buf_release(&sum);
	buf_release(&sdl);
	return 0;
}
