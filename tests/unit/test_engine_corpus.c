/*
 * test_engine_corpus.c: the engine against the real snapshots in
 * ../shared/corpus (skipped, exit 77, when that folder is absent).
 *
 * Every file diffed against itself gives no change.  The pairs' expected
 * changes were verified by hand: an independent Python script (json/yaml
 * loaded, entries keyed by collection/field, every leaf compared) listed
 * all differing paths; those that are keys only the newer Directus emits
 * (systemFields, meta.searchable, collection meta.status and
 * autosave_revision_interval) were struck out, and what remained is
 * pinned below.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/rules.h"

static char corpus[4096];

static struct snapshot *
load(const char *name)
{
	char path[8192];
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", corpus, name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(buf_read_file(&b, fp), 0);
	fclose(fp);
	if (snapshot_load(name, b.buf, b.len, NULL, &s, &err) < 0)
		fail_msg(
		    "%s:%u:%u: %s", err.origin, err.line, err.col, err.msg);
	buf_release(&b);
	return s;
}

struct expect {
	const char *rule, *collection, *field, *path;
};

static void
check_pair(const char *a, const char *b, const struct expect *ex, size_t nex,
    enum severity cosmetic_rest_max, int allow_rest)
{
	struct snapshot *o = load(a), *n = load(b);
	struct changeset cs = CHANGESET_INIT;
	size_t i, j, matched = 0;

	assert_int_equal(diff_snapshots(o, n, &cs), 0);
	for (i = 0; i < cs.n; i++) {
		const struct change *c = &cs.v[i];
		int found = 0;

		for (j = 0; j < nex; j++)
			if (strcmp(c->rule->id, ex[j].rule) == 0 &&
			    strcmp(c->collection, ex[j].collection) == 0 &&
			    ((c->field == NULL && ex[j].field == NULL) ||
				(c->field && ex[j].field &&
				    strcmp(c->field, ex[j].field) == 0)) &&
			    ((c->path == NULL && ex[j].path == NULL) ||
				(c->path && ex[j].path &&
				    strcmp(c->path, ex[j].path) == 0)))
				found = 1;
		if (found) {
			matched++;
			continue;
		}
		if (!allow_rest || c->severity > cosmetic_rest_max)
			fail_msg("%s -> %s: unexpected %s %s.%s %s", a, b,
			    c->rule->id, c->collection,
			    c->field ? c->field : "-", c->path ? c->path : "-");
	}
	assert_int_equal(matched, nex);
	changeset_release(&cs);
	snapshot_free(&o);
	snapshot_free(&n);
}

static void
test_self_diff_is_empty(void **state)
{
	DIR *dir = opendir(corpus);
	struct dirent *de;
	size_t files = 0;

	(void)state;
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		size_t len = strlen(de->d_name);
		struct snapshot *a, *b;
		struct changeset cs = CHANGESET_INIT;

		if (len < 5 ||
		    (strcmp(de->d_name + len - 5, ".json") != 0 &&
			strcmp(de->d_name + len - 5, ".yaml") != 0))
			continue;
		a = load(de->d_name);
		b = load(de->d_name);
		diff_snapshots(a, b, &cs);
		if (cs.n != 0)
			fail_msg(
			    "%s: %zu changes against itself", de->d_name, cs.n);
		changeset_release(&cs);
		snapshot_free(&a);
		snapshot_free(&b);
		files++;
	}
	closedir(dir);
	assert_true(files >= 20);
}

/* 10.9.3 -> 11.1.0: only the version and one icon (corpus README) */
static void
test_help_center(void **state)
{
	static const struct expect ex[] = {
		{ "collection-meta-changed", "languages", NULL, "meta.icon" },
	};

	(void)state;
	check_pair("starters-help-center@7325dc4.json",
	    "starters-help-center@a0d11a4.json", ex, 1, SEV_COSMETIC, 0);
}

/* 11.14.0 -> 12.0.0: v12-only keys vanish, real changes stay */
static void
test_starters_cms(void **state)
{
	static const struct expect ex[] = {
		{ "field-removed", "directus_settings",
		    "command_palette_settings", NULL },
		{ "field-meta-changed", "forms", "meta_header_forms",
		    "meta.options" },
		{ "field-removed", "globals", "openai_api_key", NULL },
		{ "relation-constraint-name-changed", "page_blocks", "page",
		    "schema.constraint_name" },
		{ "field-meta-changed", "posts", "meta_header_content",
		    "meta.options" },
		{ "field-meta-changed", "posts", "meta_header_image",
		    "meta.options" },
		{ "field-meta-changed", "posts", "meta_header_posts",
		    "meta.options" },
		{ "field-meta-changed", "posts", "slug", "meta.interface" },
		{ "field-meta-changed", "posts", "slug", "meta.options" },
	};

	(void)state;
	check_pair("starters-cms@f782b94.json", "starters-cms@7cd8651.json", ex,
	    DRIFT_ARRAY_LEN(ex), SEV_COSMETIC, 0);
}

/*
 * The version goes down; the rest is Data Studio.  The old side (an API
 * package version 14.1.2, really 10.x) writes Directus's own foreign key
 * directus_settings.public_favicon untracked (meta: null); 10.9.3 writes
 * no untracked entries: not a removal (issue 10 item 7).
 */
static void
test_purebhakti(void **state)
{
	(void)state;
	check_pair("purebhakti@ad7d793.yaml", "purebhakti@da272a8.yaml", NULL,
	    0, SEV_COSMETIC, 1);
}

/* the last bcc step adds one table with meta: null */
static void
test_bcc_last_step(void **state)
{
	static const struct expect ex[] = {
		{ "collection-added", "goose_db_version", NULL, NULL },
	};

	(void)state;
	check_pair("bcc-media-cms@7e7efbaf.yaml", "bcc-media-cms@709f5fa3.yaml",
	    ex, 1, SEV_COSMETIC, 0);
}

/* 9.4.3 (no vendor, pre-9.23 keys) -> 12.1.2: the same schema */
static void
test_jaa_same_schema(void **state)
{
	(void)state;
	check_pair(
	    "jaa@09bc615.yaml", "jaa@bca37a7.yaml", NULL, 0, SEV_COSMETIC, 0);
}

int
main(void)
{
	const char *top = getenv("DRIFT_TOP");
	DIR *d;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_diff_is_empty),
		cmocka_unit_test(test_help_center),
		cmocka_unit_test(test_starters_cms),
		cmocka_unit_test(test_purebhakti),
		cmocka_unit_test(test_bcc_last_step),
		cmocka_unit_test(test_jaa_same_schema),
	};

	snprintf(
	    corpus, sizeof(corpus), "%s/../shared/corpus", top ? top : ".");
	d = opendir(corpus);
	if (d == NULL) {
		printf("skip: no corpus at %s\n", corpus);
		return 77;
	}
	closedir(d);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
