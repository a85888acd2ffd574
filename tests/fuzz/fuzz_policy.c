/*
 * fuzz_policy.c: libFuzzer target for the policy file (policy.h).  The
 * input is the text of a .directus-drift.yaml.  It is parsed; a valid
 * policy is applied to the changes between two small built-in snapshots;
 * then the accept edit appends an entry to the same text, and the result
 * must parse again and hold the new entry.
 *
 * Invariants: nothing crashes or leaks; errors are status 3 with a
 * message; policy_apply counts no more changes than there are; an edited
 * text parses and accepts the new id.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char old_yaml[] =
    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
    "collections:\n"
    "  - collection: articles\n    meta: {collection: articles}\n"
    "    schema: {name: articles}\n"
    "  - collection: legacy_posts\n    meta: {collection: legacy_posts}\n"
    "    schema: {name: legacy_posts}\n"
    "fields:\n"
    "  - collection: articles\n    field: title\n    type: string\n"
    "    meta: {collection: articles, field: title}\n"
    "    schema: {name: title, table: articles, data_type: text,"
    " default_value: a}\n"
    "  - collection: legacy_posts\n    field: body\n    type: text\n"
    "    meta: {collection: legacy_posts, field: body}\n"
    "    schema: {name: body, table: legacy_posts, data_type: text}\n"
    "relations: []\n";

static const char new_yaml[] =
    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
    "collections:\n"
    "  - collection: articles\n    meta: {collection: articles,"
    " note: news}\n    schema: {name: articles}\n"
    "  - collection: legacy_posts\n    meta: {collection: legacy_posts}\n"
    "    schema: {name: legacy_posts}\n"
    "fields:\n"
    "  - collection: articles\n    field: title\n    type: string\n"
    "    meta: {collection: articles, field: title}\n"
    "    schema: {name: title, table: articles, data_type: text,"
    " default_value: b}\n"
    "relations: []\n";

static void
apply(struct policy *p)
{
	struct snapshot *a = NULL, *b = NULL;
	struct derr err = DERR_INIT;
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome out = POLICY_OUTCOME_INIT;

	if (snapshot_load(
		"old", old_yaml, sizeof(old_yaml) - 1, NULL, &a, &err) != 0 ||
	    snapshot_load(
		"new", new_yaml, sizeof(new_yaml) - 1, NULL, &b, &err) != 0)
		abort();
	diff_snapshots(a, b, &cs);
	/* 2026-06-01 00:00:00 UTC */
	policy_apply(p, &cs, (time_t)1780272000, &out);
	if (out.ignored + out.accepted > cs.n || out.expired > p->naccepts ||
	    out.unused > p->naccepts)
		abort();
	policy_outcome_release(&out);
	changeset_release(&cs);
	snapshot_free(&a);
	snapshot_free(&b);
}

static void
edit(const char *data, size_t size)
{
	static const char id[] = "0123456789ab";
	struct derr err = DERR_INIT;
	struct policy *p = NULL;
	char *out = NULL;
	size_t outlen = 0, i;
	int found = 0;

	if (policy_accept_edit("fuzz.yaml", data, size, id, "fuzz reason",
		"2030-01-31", &out, &outlen, &err) != 0) {
		if (out != NULL || err.msg[0] == '\0')
			abort();
		return;
	}
	if (out == NULL || strlen(out) != outlen)
		abort();
	if (policy_parse("fuzz.yaml", out, outlen, &p, &err) != 0)
		abort();
	for (i = 0; i < p->naccepts; i++)
		if (strcmp(p->accepts[i].id, id) == 0)
			found = 1;
	if (!found)
		abort();
	policy_free(&p);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct derr err = DERR_INIT;
	struct policy *p = NULL;

	if (policy_parse("fuzz.yaml", (const char *)data, size, &p, &err) ==
	    0) {
		if (p == NULL)
			abort();
		apply(p);
		policy_free(&p);
	} else if (p != NULL || err.status != DRIFT_EXIT_INPUT ||
	    err.msg[0] == '\0') {
		abort();
	}
	edit((const char *)data, size);
	return 0;
}
