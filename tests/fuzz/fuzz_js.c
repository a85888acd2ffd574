/*
 * fuzz_js.c: libFuzzer target for the JS/TS scanner and the usage
 * extraction (js_scan.h, usage_js.h).  The input is scanned as a whole
 * token stream, then as a .ts, a .vue and an .astro file against a small
 * built-in snapshot, and the GraphQL documents found are resolved.
 *
 * Invariants: nothing crashes, hangs or leaks; tokens come in order and
 * inside the input; every record and problem has a file and a line.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/js_scan.h"
#include "drift/model.h"
#include "drift/usage.h"
#include "drift/usage_gql.h"
#include "drift/usage_js.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char snap_yaml[] =
    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
    "collections:\n"
    "  - collection: articles\n    meta: {collection: articles}\n"
    "    schema: {name: articles}\n"
    "  - collection: authors\n    meta: {collection: authors}\n"
    "    schema: {name: authors}\n"
    "fields:\n"
    "  - collection: articles\n    field: id\n    type: integer\n"
    "    schema: {name: id, data_type: integer, is_primary_key: true}\n"
    "  - collection: articles\n    field: title\n    type: string\n"
    "    schema: {name: title, data_type: varchar}\n"
    "  - collection: articles\n    field: author\n    type: integer\n"
    "    schema: {name: author, data_type: integer}\n"
    "  - collection: authors\n    field: id\n    type: integer\n"
    "    schema: {name: id, data_type: integer, is_primary_key: true}\n"
    "  - collection: authors\n    field: name\n    type: string\n"
    "    schema: {name: name, data_type: varchar}\n"
    "relations:\n"
    "  - collection: articles\n    field: author\n"
    "    related_collection: authors\n"
    "    meta: {one_field: null}\n";

static struct snapshot *snap;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "f.ts", "f.vue", "f.astro" };
	const char *text = (const char *)data;
	struct js_scan s;
	struct js_tok t;
	size_t last = 0, i, k;

	if (snap == NULL) {
		struct derr err = DERR_INIT;

		if (snapshot_load("fuzz.yaml", snap_yaml, sizeof(snap_yaml) - 1,
			NULL, &snap, &err) < 0)
			abort();
	}
	js_scan_init(&s, text, size, 1, 1);
	while (js_scan_next(&s, &t)) {
		if (t.start < last || t.end > size || t.end < t.start ||
		    t.line == 0 || t.col == 0)
			abort();
		last = t.start;
	}
	js_scan_release(&s);
	for (k = 0; k < 3; k++) {
		struct usage_set u = USAGE_SET_INIT;
		struct usage_gql *g = usage_gql_new();

		usage_js_scan(names[k], text, size, g, NULL, snap, NULL, &u);
		usage_gql_resolve(g, NULL, snap, NULL, &u);
		usage_set_sort(&u);
		for (i = 0; i < u.nrefs; i++)
			if (u.refs[i].site.file == NULL ||
			    u.refs[i].site.line == 0)
				abort();
		for (i = 0; i < u.nproblems; i++)
			if (u.problems[i].site.file == NULL ||
			    u.problems[i].message == NULL)
				abort();
		usage_gql_free(&g);
		usage_set_release(&u);
	}
	return 0;
}
