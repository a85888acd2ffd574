/*
 * test_snapshot_check.c: a cut snapshot never loads as a whole one
 * (issue 10, item 11).  Real exports from ../shared/corpus (skipped when
 * absent) are cut at every line break and at random bytes: a cut that
 * still loads with lim.whole must be a cut at a line break between two
 * whole entries of the last list (or before a relation's optional
 * schema), and must then differ from the whole export (what
 * cmd_snapshot's JSON cross-check refuses); JSON never loads cut.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/snapshot_check.h"
#include "drift/tree.h"
#include "helpers/testfile.h"

static char corpus[4096];

static int
loads(const char *data, size_t len, struct derr *err)
{
	struct load_limits lim;
	struct snapshot *s = NULL;
	int r;

	load_limits_default(&lim);
	lim.whole = 1;
	r = snapshot_load("cut.yaml", data, len, &lim, &s, err);
	snapshot_free(&s);
	return r == 0;
}

static int
only_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * Cuts data at every line break (every step-th one) and at nrand random
 * bytes.  Returns how many cuts loaded; each of those must be YAML and
 * describe another snapshot than the whole one.
 */
static size_t
cut_everywhere(const char *name, size_t step, size_t nrand, size_t *ncuts)
{
	char path[4200];
	size_t len, i, k = 0, loaded = 0, tried = 0;
	char *data;
	struct tree *whole = NULL;
	struct derr err = DERR_INIT;
	unsigned seed = 12345;

	snprintf(path, sizeof(path), "%s/%s", corpus, name);
	data = test_read_file(path, &len);
	assert_non_null(data);
	assert_true(loads(data, len, &err));
	assert_int_equal(
	    load_tree(name, data, len, LOAD_AUTO, NULL, &whole, &err), 0);
	for (i = 0; i <= len + nrand; i++) {
		size_t cut;
		struct tree *t = NULL;

		if (i < len) {
			if (data[i] != '\n' || (k++ % step) != 0)
				continue;
			cut = i + 1;
		} else if (i == len) {
			continue;
		} else {
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 4) % len;
		}
		if (only_space(data + cut, len - cut))
			continue; /* nothing but white space was cut */
		tried++;
		if (!loads(data, cut, &err))
			continue;
		loaded++;
		/* only YAML can end early and parse, and only at a line */
		assert_int_equal(load_sniff(data, len), LOAD_YAML);
		assert_true(cut > 0 && data[cut - 1] == '\n');
		/*
		 * ... before the next entry of the last list, or before the
		 * optional schema of a relation (one without a foreign key
		 * has none): what the content cannot tell from a whole file
		 */
		if (strncmp(data + cut, "  - ", 4) != 0 &&
		    strncmp(data + cut, "    schema:", 11) != 0) {
			fprintf(stderr, "%s cut at %zu loads: %.40s\n", name,
			    cut, data + cut);
			fail();
		}
		assert_int_equal(
		    load_tree(name, data, cut, LOAD_AUTO, NULL, &t, &err), 0);
		if (snapshot_check_same(t, whole)) {
			fprintf(stderr, "%s cut at %zu reads as the whole\n",
			    name, cut);
			fail();
		}
		tree_free(&t);
	}
	tree_free(&whole);
	free(data);
	*ncuts = tried;
	return loaded;
}

static void
test_corpus_yaml_cuts(void **state)
{
	static const char *const files[] = {
		"generated-11.17.4-sqlite-m2a-translations.yaml",
		"jaa@a62ec18.yaml", "labs-examples-v9.yaml"
	};
	size_t i, n, loaded;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(files); i++) {
		loaded = cut_everywhere(files[i], 1, 300, &n);
		printf("%s: %zu cuts, %zu load (at a line break between "
		       "whole entries of the last list, or before a "
		       "relation's schema)\n",
		    files[i], n, loaded);
		/* at most one per relation (and one before its schema) */
		assert_true(loaded * 20 < n);
	}
}

static void
test_corpus_json_cuts(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(
	    cut_everywhere("starters-simple-crm.json", 3, 300, &n), 0);
	assert_true(n > 1000);
	assert_int_equal(
	    cut_everywhere("hestica-minified.json", 1, 500, &n), 0);
}

/* loads text with lim.whole; 0, or -1 with err */
static int
load_text(const char *text, struct derr *err)
{
	return loads(text, strlen(text), err) ? 0 : -1;
}

static void
test_rules(void **state)
{
	struct derr e = DERR_INIT;

	(void)state;
	/* a whole 9.23+ snapshot, one alias field without schema */
	assert_int_equal(
	    load_text("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
		      "collections:\n  - collection: a\n    meta: {}\n"
		      "fields:\n  - collection: a\n    field: o\n"
		      "    type: alias\n    meta: {}\nrelations: []\n",
		&e),
	    0);
	/* pre-9.23: no vendor, schema: null written for alias fields */
	assert_int_equal(load_text("version: 1\ndirectus: 9.1.1\n"
				   "collections: []\nfields:\n"
				   "  - collection: a\n    field: o\n"
				   "    type: alias\n    meta: {}\n"
				   "    schema: null\nrelations: []\n",
			     &e),
	    0);
	/* relations cut off: the top level names it */
	assert_int_equal(
	    load_text("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
		      "collections: []\nfields: []\n",
		&e),
	    -1);
	assert_int_equal(e.status, DRIFT_EXIT_INPUT);
	assert_non_null(strstr(e.msg, "no \"relations\" key"));
	/* no vendor from 9.23 on */
	assert_int_equal(load_text("version: 1\ndirectus: 9.23.1\n"
				   "collections: []\nfields: []\n"
				   "relations: []\n",
			     &e),
	    -1);
	assert_non_null(strstr(e.msg, "no \"vendor\" key"));
	/* "version: " cut before its value */
	assert_int_equal(load_text("collections: []\ndirectus: 10.1.0\n"
				   "fields: []\nrelations: []\n"
				   "vendor: mysql\nversion:\n",
			     &e),
	    -1);
	assert_non_null(strstr(e.msg, "ends with a key or item without a"));
	assert_int_equal(e.line, 6);
	/* ... and cut inside its value */
	assert_int_equal(load_text("collections: []\ndirectus: 10.1.0\n"
				   "fields: []\nrelations: []\n"
				   "vendor: mysql\nversion: \"1\"\n",
			     &e),
	    -1);
	assert_non_null(strstr(e.msg, "\"version\" must be an integer"));
	assert_int_equal(e.line, 6);
	/* a relation cut before its meta: the line of that relation */
	assert_int_equal(
	    load_text("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
		      "collections: []\nfields: []\nrelations:\n"
		      "  - collection: a\n    field: b\n"
		      "    related_collection: c\n",
		&e),
	    -1);
	assert_string_equal(e.msg,
	    "relation a.b has no \"meta\" key: the snapshot seems cut here "
	    "(Directus always writes it)");
	assert_int_equal(e.line, 7);
	assert_int_equal(e.col, 5);
	/* a non-alias field cut before its schema (9.23+) */
	assert_int_equal(
	    load_text("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
		      "collections: []\nfields:\n  - collection: a\n"
		      "    field: id\n    type: integer\n    meta: {}\n"
		      "relations: []\n",
		&e),
	    -1);
	assert_non_null(strstr(e.msg, "field a.id has no \"schema\" key"));
	/* a relation whose meta lost its last keys */
	assert_int_equal(load_text("version: 1\ndirectus: 9.1.1\n"
				   "collections: []\nfields: []\nrelations:\n"
				   "  - collection: a\n    field: b\n"
				   "    related_collection: c\n    meta:\n"
				   "      junction_field: null\n"
				   "      many_collection: a\n",
			     &e),
	    -1);
	assert_non_null(
	    strstr(e.msg, "relation a.b has no \"meta.many_field\" key"));
	assert_int_equal(e.line, 10);
	/* YAML cut in the middle of a line: no final line break */
	assert_int_equal(
	    load_text("version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
		      "collections: []\nfields: []\nrelations: []\n#",
		&e),
	    -1);
	assert_non_null(strstr(e.msg, "does not end with a line break"));
	assert_int_equal(e.line, 7);
	/* the envelope of GET /schema/snapshot is looked through */
	assert_int_equal(
	    load_text("{\"data\": {\"version\": 1, \"directus\": \"11.17.4\","
		      " \"vendor\": \"postgres\", \"collections\": [],"
		      " \"fields\": [], \"relations\": []}}",
		&e),
	    0);
	/* shape errors come before the completeness check */
	assert_int_equal(load_text("version: 1\ndirectus: 11.17.4\n"
				   "collections: nope\nfields: []\n",
			     &e),
	    -1);
	assert_non_null(strstr(e.msg, "must be a sequence"));
}

static void
test_same(void **state)
{
	struct tree *a = NULL, *b = NULL, *c = NULL;
	struct derr e = DERR_INIT;
	static const char y[] = "version: 1\nfields: [1, 2]\n";
	static const char j[] = "{\"data\": {\"fields\": [1, 2], "
				"\"version\": 1}}";
	static const char k[] = "{\"version\": 1, \"fields\": [1]}";

	(void)state;
	assert_int_equal(
	    load_tree("y", y, sizeof(y) - 1, LOAD_AUTO, NULL, &a, &e), 0);
	assert_int_equal(
	    load_tree("j", j, sizeof(j) - 1, LOAD_AUTO, NULL, &b, &e), 0);
	assert_int_equal(
	    load_tree("k", k, sizeof(k) - 1, LOAD_AUTO, NULL, &c, &e), 0);
	assert_true(snapshot_check_same(a, b));
	assert_false(snapshot_check_same(a, c));
	tree_free(&a);
	tree_free(&b);
	tree_free(&c);
}

int
main(void)
{
	const char *top = getenv("DRIFT_TOP");
	const struct CMUnitTest offline[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_same),
	};
	const struct CMUnitTest real[] = {
		cmocka_unit_test(test_corpus_yaml_cuts),
		cmocka_unit_test(test_corpus_json_cuts),
	};
	char probe[4200];
	FILE *f;
	int r = cmocka_run_group_tests(offline, NULL, NULL);

	snprintf(
	    corpus, sizeof(corpus), "%s/../shared/corpus", top ? top : ".");
	snprintf(probe, sizeof(probe), "%s/README.md", corpus);
	f = fopen(probe, "r");
	if (f == NULL) {
		printf("skip: no corpus at %s\n", corpus);
		return r;
	}
	fclose(f);
	return r | cmocka_run_group_tests(real, NULL, NULL);
}
