/*
 * test_report.c: the text and JSON reports, on hand-built snapshots and
 * changesets (no loader or diff involved).
 */
#include "drift/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/rules.h"
#include "drift/tree.h"

static const struct rule r_removed = { "t-field-removed", ENT_FIELD, NULL,
	SEV_BREAKING, "a field was removed", "why", "ex" };
static const struct rule r_maxlen = { "t-max-length", ENT_FIELD,
	"schema.max_length", SEV_DANGEROUS, "max length reduced", "w", "e" };
static const struct rule r_added = { "t-field-added", ENT_FIELD, NULL, SEV_SAFE,
	"a field was added", "w", "e" };
static const struct rule r_note = { "t-note", ENT_FIELD, "meta.note",
	SEV_COSMETIC, "note changed", "w", "e" };

struct fixture {
	struct snapshot old, new;
	struct changeset cs;
	struct tree *t;
	char *notes[1];
	struct tnode vals[4];
	struct tpair pairs[2];
};

static void
add(struct fixture *f, const struct rule *r, const char *coll,
    const char *field, const char *path, const char *msg, uint32_t line)
{
	struct change *c = &f->cs.v[f->cs.n++];

	memset(c, 0, sizeof(*c));
	c->rule = r;
	c->severity = r->severity;
	c->entity = r->entity;
	c->collection = coll;
	c->field = field;
	c->path = path;
	c->message = msg;
	snprintf(c->id, sizeof(c->id), "%012zx", f->cs.n);
	c->loc_origin = line ? "schema.yaml" : NULL;
	c->line = line;
	c->col = line ? 5 : 0;
	c->status = CHANGE_REPORTED;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->old.origin = (char *)"schema.yaml";
	f->old.directus = "11.17.4";
	f->old.vendor = "postgres";
	f->new.origin = (char *)"live.yaml";
	f->new.directus = "11.17.4";
	f->new.vendor = NULL;
	f->cs.v = calloc(16, sizeof(*f->cs.v));
	f->cs.alloc = 16;
	assert_non_null(f->cs.v);
	/* deliberately not in report order */
	add(f, &r_added, "articles", "summary", NULL,
	    "field articles.summary was added", 0);
	add(f, &r_removed, "articles", "views", NULL,
	    "field articles.views was removed", 412);
	add(f, &r_note, "articles", "title", "meta.note",
	    "note of articles.title changed", 20);
	add(f, &r_maxlen, "authors", "name", "schema.max_length",
	    "max length of authors.name reduced from 255 to 100", 88);
	add(f, &r_note, "tags", "label", "meta.note",
	    "note of tags.label changed", 130);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->cs.v);
	tree_free(&f->t);
	free(f);
	return 0;
}

static char *
render(report_render_fn *fn, struct fixture *f, int fail_on, int verbose,
    int color)
{
	struct report_input in;
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;

	memset(&in, 0, sizeof(in));
	in.old = &f->old;
	in.new = &f->new;
	in.cs = &f->cs;
	in.fail_on = fail_on;
	in.verbose = verbose;
	in.color = color;
	assert_int_equal(fn(&in, &b, &err), 0);
	return buf_detach(&b, NULL);
}

static void
test_text_default(void **state)
{
	char *s = render(report_text, *state, SEV_BREAKING, 0, 0);

	assert_string_equal(s,
	    "schema.yaml (Directus 11.17.4, postgres) -> live.yaml "
	    "(Directus 11.17.4)\n"
	    "\n"
	    "articles\n"
	    "  breaking   field articles.views was removed "
	    "(schema.yaml:412:5, t-field-removed)\n"
	    "  safe       field articles.summary was added (t-field-added)\n"
	    "\n"
	    "authors\n"
	    "  dangerous  max length of authors.name reduced from 255 to 100 "
	    "(schema.yaml:88:5, t-max-length)\n"
	    "\n"
	    "1 breaking, 1 dangerous, 1 safe, 2 cosmetic "
	    "(hidden: --verbose shows them)\n"
	    "fails --fail-on breaking\n");
	free(s);
}

static void
test_text_verbose_ignored(void **state)
{
	struct fixture *f = *state;
	char *s;

	f->cs.v[3].status = CHANGE_IGNORED;
	f->cs.v[3].status_reason = "ignored by .directus-drift.yaml";
	s = render(report_text, f, SEV_DANGEROUS, 1, 0);
	assert_non_null(strstr(s,
	    "\ntags\n  cosmetic   note of tags.label "
	    "changed (schema.yaml:130:5, t-note)\n"));
	assert_non_null(strstr(s,
	    "  ignored    max length of authors.name "
	    "reduced from 255 to 100 (schema.yaml:88:5, t-max-length, "
	    "dangerous: ignored by .directus-drift.yaml)\n"));
	assert_non_null(strstr(s,
	    "\n1 breaking, 0 dangerous, 1 safe, "
	    "2 cosmetic, 1 ignored\nfails --fail-on dangerous\n"));
	free(s);
	/* the only dangerous change is ignored: safe level still fails */
	f->cs.v[1].status = CHANGE_ACCEPTED;
	s = render(report_text, f, SEV_DANGEROUS, 0, 0);
	assert_non_null(strstr(s, "passes --fail-on dangerous\n"));
	assert_null(strstr(s, "ignored    "));
	free(s);
	s = render(report_text, f, SEV_SAFE, 0, 0);
	assert_non_null(strstr(s, "fails --fail-on safe\n"));
	free(s);
	/* a cosmetic change that fails the run is shown */
	s = render(report_text, f, SEV_COSMETIC, 0, 0);
	assert_non_null(strstr(s, "\ntags\n  cosmetic   note of tags.label "));
	assert_non_null(strstr(s,
	    "2 cosmetic, 1 ignored, 1 accepted (hidden: "
	    "--verbose shows them)\nfails --fail-on any\n"));
	free(s);
	s = render(report_text, f, REPORT_FAIL_NEVER, 0, 0);
	assert_non_null(strstr(s, "passes (--fail-on never)\n"));
	free(s);
}

static void
test_text_color(void **state)
{
	char *s = render(report_text, *state, SEV_BREAKING, 1, 1);

	assert_non_null(strstr(s, "\033[1;31mbreaking\033[0m   field"));
	assert_non_null(strstr(s, "\033[33mdangerous\033[0m  max"));
	assert_non_null(strstr(s, "\033[32msafe\033[0m       field"));
	assert_non_null(strstr(s, "\033[2mcosmetic\033[0m   note"));
	assert_non_null(strstr(s, "\033[1marticles\033[0m\n"));
	free(s);
	s = render(report_text, *state, SEV_BREAKING, 1, 0);
	assert_null(strchr(s, '\033'));
	free(s);
}

static void
test_text_no_changes_and_notes(void **state)
{
	struct fixture *f = *state;
	char *s;

	f->cs.n = 0;
	f->notes[0] = (char *)"the two sides come from different vendors";
	f->cs.notes = f->notes;
	f->cs.nnotes = 1;
	/* the same note from a snapshot is shown once */
	f->old.notes = f->notes;
	f->old.nnotes = 1;
	s = render(report_text, f, SEV_BREAKING, 0, 0);
	assert_string_equal(s,
	    "schema.yaml (Directus 11.17.4, postgres) -> live.yaml "
	    "(Directus 11.17.4)\n\nno changes\n\nnotes:\n"
	    "  the two sides come from different vendors\n\n"
	    "passes --fail-on breaking\n");
	free(s);
}

static void
test_text_escapes_controls(void **state)
{
	struct fixture *f = *state;
	char *s;

	f->cs.n = 1;
	f->cs.v[0].collection = "evil\033[2J";
	f->cs.v[0].message = "bell\a";
	s = render(report_text, f, SEV_BREAKING, 0, 0);
	assert_null(strchr(s, '\033'));
	assert_null(strchr(s, '\a'));
	assert_non_null(strstr(s, "evil\\x1b[2J\n"));
	assert_non_null(strstr(s, "bell\\x07"));
	free(s);
}

static void
test_text_too_large(void **state)
{
	struct fixture *f = *state;
	struct report_input in;
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;

	memset(&in, 0, sizeof(in));
	in.old = &f->old;
	in.new = &f->new;
	in.cs = &f->cs;
	b.max = 40;
	assert_int_equal(report_text(&in, &b, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	buf_release(&b);
	b.max = 40;
	assert_int_equal(report_json(&in, &b, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	buf_release(&b);
}

static json_t *
parse(const char *s)
{
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);

	assert_non_null(j);
	return j;
}

static void
test_json(void **state)
{
	struct fixture *f = *state;
	struct tnode *m;
	json_t *j, *c, *v;
	char *s;

	/* an old value: {"type": "integer", "max": .inf, "seq": [true]} */
	f->t = tree_new("x");
	m = &f->vals[0];
	memset(m, 0, sizeof(*m));
	m->kind = TN_MAP;
	m->u.map.v = f->pairs;
	m->u.map.n = 2;
	f->pairs[0].key = "type";
	tnode_set_str(&f->pairs[0].val, "integer", 7);
	f->pairs[1].key = "max";
	tnode_set_float(&f->pairs[1].val, INFINITY);
	f->cs.v[1].old_value = m;
	tnode_set_int(&f->vals[1], 255);
	tnode_set_int(&f->vals[2], 100);
	f->cs.v[3].old_value = &f->vals[1];
	f->cs.v[3].new_value = &f->vals[2];
	f->cs.v[4].status = CHANGE_ACCEPTED;
	f->cs.v[4].status_reason = "accepted until 2030-01-01";
	s = render(report_json, f, SEV_BREAKING, 0, 1);
	/* machine formats never carry colors */
	assert_null(strchr(s, '\033'));
	/* stable key order: report_version comes first */
	assert_int_equal(strncmp(s, "{\n  \"report_version\": 1,", 24), 0);
	j = parse(s);
	assert_int_equal(
	    json_integer_value(json_object_get(j, "report_version")), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(j, "tool"), "name")),
	    "directus-drift");
	v = json_object_get(j, "new");
	assert_string_equal(
	    json_string_value(json_object_get(v, "origin")), "live.yaml");
	assert_true(json_is_null(json_object_get(v, "vendor")));
	v = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(v, "breaking")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "cosmetic")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "accepted")), 1);
	assert_true(json_is_true(json_object_get(j, "failed")));
	assert_string_equal(
	    json_string_value(json_object_get(j, "fail_on")), "breaking");
	/* cosmetic-only "tags" is not affected; order is by name */
	v = json_object_get(j, "affected_collections");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(
	    json_string_value(json_array_get(v, 0)), "articles");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "authors");
	/* every change, cosmetic included, in changeset order */
	v = json_object_get(j, "changes");
	assert_int_equal(json_array_size(v), 5);
	c = json_array_get(v, 1);
	assert_string_equal(
	    json_string_value(json_object_get(c, "rule")), "t-field-removed");
	assert_string_equal(
	    json_string_value(json_object_get(c, "entity")), "field");
	assert_string_equal(
	    json_string_value(json_object_get(c, "id")), "000000000002");
	assert_true(json_is_null(json_object_get(c, "path")));
	assert_true(json_is_null(json_object_get(c, "new")));
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "old"), "max")),
	    ".inf");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "old"), "type")),
	    "integer");
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(c, "location"), "line")),
	    412);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "location"), "file")),
	    "schema.yaml");
	c = json_array_get(v, 0);
	assert_true(json_is_null(json_object_get(c, "location")));
	c = json_array_get(v, 3);
	assert_int_equal(json_integer_value(json_object_get(c, "old")), 255);
	assert_int_equal(json_integer_value(json_object_get(c, "new")), 100);
	c = json_array_get(v, 4);
	assert_string_equal(
	    json_string_value(json_object_get(c, "status")), "accepted");
	assert_string_equal(json_string_value(json_object_get(c, "reason")),
	    "accepted until 2030-01-01");
	json_decref(j);
	free(s);
}

/* affected_collections names schema collections only: not the types
   file of a types-stale finding, not what a front-end finding asked for */
static void
test_affected_collections(void **state)
{
	static const struct rule r_stale = { "t-types-stale", ENT_SNAPSHOT,
		NULL, SEV_DANGEROUS, "types stale", "w", "e" };
	static const struct rule r_unknown = { "t-usage-unknown", ENT_FRONTEND,
		NULL, SEV_BREAKING, "unknown", "w", "e" };
	struct fixture *f = *state;
	json_t *j, *v;
	char *s;

	add(f, &r_stale, "web/src/types.ts", NULL, NULL,
	    "the types file web/src/types.ts is stale", 1);
	add(f, &r_unknown, "artcles", NULL, NULL,
	    "unknown collection \"artcles\"", 3);
	add(f, &r_unknown, "", NULL, NULL, "unknown root field", 4);
	s = render(report_json, f, SEV_BREAKING, 0, 0);
	j = parse(s);
	v = json_object_get(j, "affected_collections");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(
	    json_string_value(json_array_get(v, 0)), "articles");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "authors");
	/* the findings are still changes of the report */
	assert_int_equal(json_array_size(json_object_get(j, "changes")), 8);
	json_decref(j);
	free(s);
	s = render(report_markdown, f, SEV_BREAKING, 0, 0);
	assert_non_null(strstr(s, "Affected collections: articles, authors\n"));
	free(s);
}

static void
test_fail_on(void **state)
{
	struct fixture *f = *state;
	int v = 99;

	assert_int_equal(report_fail_on_parse("breaking", &v), 0);
	assert_int_equal(v, SEV_BREAKING);
	assert_int_equal(report_fail_on_parse("any", &v), 0);
	assert_int_equal(v, SEV_COSMETIC);
	assert_int_equal(report_fail_on_parse("never", &v), 0);
	assert_int_equal(v, REPORT_FAIL_NEVER);
	/* every severity name is a level (issue 10 item 10) */
	v = 99;
	assert_int_equal(report_fail_on_parse("cosmetic", &v), 0);
	assert_int_equal(v, SEV_COSMETIC);
	assert_int_equal(report_fail_on_parse("trivial", &v), -1);
	assert_int_equal(report_fail_on_parse("Breaking", &v), -1);
	assert_string_equal(report_fail_on_name(SEV_COSMETIC), "any");
	assert_string_equal(report_fail_on_name(SEV_SAFE), "safe");
	assert_int_equal(report_fails(&f->cs, SEV_BREAKING), 1);
	f->cs.v[1].status = CHANGE_IGNORED;
	assert_int_equal(report_fails(&f->cs, SEV_BREAKING), 0);
	assert_int_equal(report_fails(&f->cs, SEV_DANGEROUS), 1);
	assert_int_equal(report_fails(&f->cs, REPORT_FAIL_NEVER), 0);
	f->cs.n = 0;
	assert_int_equal(report_fails(&f->cs, SEV_COSMETIC), 0);
}

static void
test_format_table(void **state)
{
	char names[128], *p, *save = NULL;
	size_t n = 0;

	(void)state;
	snprintf(names, sizeof(names), "%s", report_format_names());
	for (p = strtok_r(names, ", ", &save); p != NULL;
	     p = strtok_r(NULL, ", ", &save)) {
		assert_non_null(report_format_find(p));
		assert_string_equal(report_format_find(p)->name, p);
		n++;
	}
	assert_int_equal(n, 7);
	assert_int_equal(report_format_find("text")->machine, 0);
	assert_int_equal(report_format_find("json")->machine, 1);
	assert_null(report_format_find("xml"));
	assert_null(report_format_find(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_text_default, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_verbose_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_color, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_no_changes_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_escapes_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_affected_collections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_on, setup, teardown),
		cmocka_unit_test(test_format_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
