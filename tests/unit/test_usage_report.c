/*
 * test_usage_report.c: front-end usage in every report format
 * (report_usage.h), the "usage" command's output (usage_report.h) and the
 * policy keys usage, usage-exclude, usage-max-depth, usage-downgrade.
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
#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/policy.h"
#include "drift/report.h"
#include "drift/report_usage.h"
#include "drift/rules.h"
#include "drift/usage.h"
#include "drift/usage_join.h"
#include "drift/usage_report.h"

struct fx {
	struct snapshot old, new;
	struct changeset cs;
	struct usage_set u;
	struct report_input in;
	struct buf out;
};

static struct change *
add(struct fx *f, const char *rule, const char *coll, const char *field)
{
	struct change *c;

	if (f->cs.n == f->cs.alloc) {
		f->cs.alloc = f->cs.alloc ? 2 * f->cs.alloc : 8;
		f->cs.v = realloc(f->cs.v, f->cs.alloc * sizeof(*f->cs.v));
		assert_non_null(f->cs.v);
	}
	c = &f->cs.v[f->cs.n++];
	memset(c, 0, sizeof(*c));
	c->rule = rule_find(rule);
	assert_non_null(c->rule);
	c->severity = c->rule->severity;
	c->entity = c->rule->entity;
	c->collection = coll;
	c->field = field;
	c->message = rule;
	change_fingerprint(rule, coll, field, NULL, c->id);
	c->loc_origin = "schema.yaml";
	c->line = 7;
	c->col = 5;
	return c;
}

static void
ref(struct fx *f, const char *coll, const char *field, enum usage_access a,
    const char *file, unsigned line)
{
	struct usage_ref r;

	memset(&r, 0, sizeof(r));
	r.collection = coll;
	r.field = field;
	r.access = a;
	r.site.file = file;
	r.site.line = line;
	r.site.col = 9;
	r.context = "query GetPosts";
	usage_add_ref(&f->u, &r);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct usage_problem p;

	assert_non_null(f);
	f->old.origin = (char *)"schema.yaml";
	f->new.origin = (char *)"live.yaml";
	f->in.old = &f->old;
	f->in.new = &f->new;
	f->in.cs = &f->cs;
	f->in.fail_on = SEV_BREAKING;
	f->in.usage = 1;
	buf_init(&f->out, 0);
	add(f, "field-removed", "articles", "title");
	add(f, "field-removed", "articles", "views");
	ref(f, "articles", "title", UA_READ, "src/lib/api.ts", 18);
	ref(f, "articles", "title", UA_FILTER, "src/lib/api.ts", 20);
	ref(f, "articles", "title", UA_READ, "pages/index.vue", 4);
	ref(f, "articles", "title", UA_SORT, "src/z.ts", 1);
	memset(&p, 0, sizeof(p));
	p.kind = UP_UNKNOWN_FIELD;
	p.site.file = "src/lib/api.ts";
	p.site.line = 30;
	p.site.col = 11;
	p.collection = "articles";
	p.field = "titel";
	p.message = "unknown field \"titel\" in collection \"articles\"";
	usage_add_problem(&f->u, &p);
	usage_set_sort(&f->u);
	usage_join(&f->cs, &f->u, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	buf_release(&f->out);
	changeset_release(&f->cs);
	usage_set_release(&f->u);
	free(f);
	return 0;
}

static json_t *
render_json(struct fx *f, report_render_fn *fn)
{
	struct derr err = DERR_INIT;
	json_error_t je;
	json_t *j;

	buf_reset(&f->out);
	assert_int_equal(fn(&f->in, &f->out, &err), 0);
	j = json_loadb(f->out.buf, f->out.len, 0, &je);
	if (j == NULL)
		fail_msg("not JSON: %s", je.text);
	return j;
}

static void
test_json(void **state)
{
	struct fx *f = *state;
	json_t *j = render_json(f, report_json), *c, *u, *s;

	c = json_array_get(json_object_get(j, "changes"), 0);
	u = json_object_get(c, "usage");
	assert_non_null(u);
	assert_string_equal(
	    json_string_value(json_object_get(u, "used")), "yes");
	assert_int_equal(json_array_size(json_object_get(u, "sites")), 4);
	s = json_array_get(json_object_get(u, "sites"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(s, "file")), "pages/index.vue");
	assert_int_equal(json_integer_value(json_object_get(s, "line")), 4);
	assert_int_equal(json_integer_value(json_object_get(s, "column")), 9);
	assert_string_equal(
	    json_string_value(json_object_get(s, "access")), "read");
	/* the unused removal: dangerous, default breaking */
	c = json_array_get(json_object_get(j, "changes"), 1);
	assert_string_equal(
	    json_string_value(json_object_get(c, "severity")), "dangerous");
	assert_string_equal(
	    json_string_value(json_object_get(c, "default_severity")),
	    "breaking");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "usage"), "used")),
	    "no");
	/* the finding: front-end entity, at the front-end site, no usage */
	c = json_array_get(json_object_get(j, "changes"), 2);
	assert_string_equal(json_string_value(json_object_get(c, "rule")),
	    "usage-unknown-field");
	assert_string_equal(
	    json_string_value(json_object_get(c, "entity")), "front-end");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(c, "location"), "file")),
	    "src/lib/api.ts");
	assert_null(json_object_get(c, "usage"));
	/* affected files: the used removal's sites and the finding's */
	u = json_object_get(j, "affected_files");
	assert_int_equal(json_array_size(u), 3);
	assert_string_equal(
	    json_string_value(json_array_get(u, 0)), "pages/index.vue");
	assert_string_equal(
	    json_string_value(json_array_get(u, 1)), "src/lib/api.ts");
	assert_string_equal(
	    json_string_value(json_array_get(u, 2)), "src/z.ts");
	json_decref(j);

	/* no scan: neither usage nor affected_files */
	f->in.usage = 0;
	f->cs.v[0].usage = NULL;
	j = render_json(f, report_json);
	assert_null(json_object_get(j, "affected_files"));
	assert_null(json_object_get(
	    json_array_get(json_object_get(j, "changes"), 0), "usage"));
	json_decref(j);
}

static void
test_text(void **state)
{
	struct fx *f = *state;
	struct derr err = DERR_INIT;

	assert_int_equal(report_text(&f->in, &f->out, &err), 0);
	buf_addch(&f->out, '\0');
	assert_non_null(strstr(f->out.buf,
	    "\n             used by pages/index.vue:4 (+3 more)\n"));
	assert_non_null(strstr(f->out.buf,
	    "not used by the front end (breaking by default, reported as "
	    "dangerous)"));
	assert_non_null(strstr(f->out.buf,
	    "unknown field \"titel\" in collection \"articles\" "
	    "(src/lib/api.ts:30:11, usage-unknown-field)"));
}

static void
test_sarif(void **state)
{
	struct fx *f = *state;
	json_t *j = render_json(f, report_sarif), *res, *rel, *l;

	res = json_object_get(
	    json_array_get(json_object_get(j, "runs"), 0), "results");
	rel = json_object_get(json_array_get(res, 0), "relatedLocations");
	assert_int_equal(json_array_size(rel), 4);
	l = json_object_get(json_array_get(rel, 1), "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(l, "artifactLocation"), "uri")),
	    "src/lib/api.ts");
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(l, "region"), "startLine")),
	    18);
	/* unused: no related locations */
	assert_null(
	    json_object_get(json_array_get(res, 1), "relatedLocations"));
	json_decref(j);
}

static void
test_ci_formats(void **state)
{
	struct fx *f = *state;
	report_render_fn *fns[] = { report_markdown, report_github,
		report_gitlab, report_junit };
	struct derr err = DERR_INIT;
	size_t i;

	for (i = 0; i < 4; i++) {
		buf_reset(&f->out);
		assert_int_equal(fns[i](&f->in, &f->out, &err), 0);
		buf_addch(&f->out, '\0');
		/* the first three sites, then the count */
		if (strstr(f->out.buf,
			"used by pages/index.vue:4, src/lib/api.ts:18, "
			"src/lib/api.ts:20 (+1 more)") == NULL)
			fail_msg(
			    "format %zu lacks the sites:\n%s", i, f->out.buf);
		if (strstr(f->out.buf, "not used by the front end") == NULL)
			fail_msg("format %zu lacks the unused note", i);
	}
}

static void
test_usage_command_output(void **state)
{
	struct fx *f = *state;
	struct usage_report_input in;
	struct changeset cs = CHANGESET_INIT;
	struct derr err = DERR_INIT;
	json_error_t je;
	json_t *j, *u;

	/* the usage command: the findings only */
	usage_join(&cs, &f->u, NULL);
	memset(&in, 0, sizeof(in));
	in.snap = &f->new;
	in.u = &f->u;
	in.cs = &cs;
	in.failed = 1;
	f->u.nfiles = 3;
	assert_int_equal(usage_report_text(&in, &f->out, &err), 0);
	buf_addch(&f->out, '\0');
	assert_string_equal(f->out.buf,
	    "live.yaml: 3 files scanned, 4 references to 1 name\n"
	    "\n"
	    "articles.title\n"
	    "  pages/index.vue:4:9  read  query GetPosts\n"
	    "  src/lib/api.ts:18:9  read  query GetPosts\n"
	    "  src/lib/api.ts:20:9  filter  query GetPosts\n"
	    "  src/z.ts:1:9  sort  query GetPosts\n"
	    "\n"
	    "findings:\n"
	    "  breaking   unknown field \"titel\" in collection \"articles\" "
	    "(src/lib/api.ts:30:11, usage-unknown-field)\n"
	    "\n"
	    "1 finding\n"
	    "fails\n");
	buf_reset(&f->out);
	assert_int_equal(usage_report_json(&in, &f->out, &err), 0);
	j = json_loadb(f->out.buf, f->out.len, 0, &je);
	assert_non_null(j);
	u = json_array_get(json_object_get(j, "usage"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(u, "field")), "title");
	assert_int_equal(json_array_size(json_object_get(u, "sites")), 4);
	u = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(u, "rule")),
	    "usage-unknown-field");
	assert_true(json_is_true(json_object_get(j, "failed")));
	assert_int_equal(
	    json_integer_value(json_object_get(j, "files_scanned")), 3);
	json_decref(j);
	changeset_release(&cs);
}

static void
test_policy_keys(void **state)
{
	static const char ok[] = "usage: [src, /abs/app]\n"
				 "usage-exclude: ['*.test.ts']\n"
				 "usage-max-depth: 4\n"
				 "usage-downgrade: false\n";
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "usage-max-depth: 2\n", "from 3 to 10" },
		{ "usage-max-depth: 11\n", "from 3 to 10" },
		{ "usage-max-depth: four\n", "from 3 to 10" },
		{ "usage-downgrade: nope\n", "true or false" },
		{ "usage: src\n", "expected a list" },
		{ "usage: [1]\n", "non-empty string" },
		{ "usage: ['']\n", "non-empty string" },
		{ "usage_exclude: [x]\n", "unknown" },
	};
	struct policy *p = NULL;
	struct derr err = DERR_INIT;
	size_t i;

	(void)state;
	assert_int_equal(
	    policy_parse("dir/.directus-drift.yaml", ok, strlen(ok), &p, &err),
	    0);
	assert_int_equal(p->nusage, 2);
	assert_string_equal(p->usage[0], "dir/src");
	assert_string_equal(p->usage[1], "/abs/app");
	assert_int_equal(p->nusage_exclude, 1);
	assert_string_equal(p->usage_exclude[0], "*.test.ts");
	assert_int_equal(p->usage_max_depth, 4);
	assert_int_equal(p->usage_downgrade, 0);
	policy_free(&p);
	assert_int_equal(
	    policy_parse("p.yaml", "fail-on: any\n", 13, &p, &err), 0);
	assert_int_equal(p->usage_downgrade, 1);
	assert_int_equal(p->usage_max_depth, 0);
	assert_int_equal(p->nusage, 0);
	policy_free(&p);
	for (i = 0; i < DRIFT_ARRAY_LEN(bad); i++) {
		struct derr e = DERR_INIT;

		if (policy_parse("p.yaml", bad[i].text, strlen(bad[i].text), &p,
			&e) == 0)
			fail_msg("accepted: %s", bad[i].text);
		assert_int_equal(e.status, DRIFT_EXIT_INPUT);
		assert_int_equal(e.line, 1);
		if (strstr(e.msg, bad[i].msg) == NULL)
			fail_msg("%s: %s", bad[i].text, e.msg);
		assert_null(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ci_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_usage_command_output, setup, teardown),
		cmocka_unit_test(test_policy_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
