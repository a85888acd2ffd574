/*
 * test_report_formats.c: the CI report formats (sarif, junit, github,
 * gitlab, markdown) and their shared helpers, on hand-built snapshots and
 * changesets (no loader or diff involved): levels, escaping, locations,
 * policy status, empty changesets.
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
#include "drift/report.h"
#include "drift/report_fmt.h"
#include "drift/rules.h"

struct fixture {
	struct snapshot old, new;
	struct changeset cs;
	struct report_input in;
	char *notes[1];
	struct buf out;
};

static struct change *
add(struct fixture *f, const char *rule, const char *coll, const char *field,
    const char *path, const char *msg, uint32_t line)
{
	struct change *c = &f->cs.v[f->cs.n++];

	memset(c, 0, sizeof(*c));
	c->rule = rule_find(rule);
	assert_non_null(c->rule);
	c->severity = c->rule->severity;
	c->entity = c->rule->entity;
	c->collection = coll;
	c->field = field;
	c->path = path;
	c->message = msg;
	change_fingerprint(rule, coll, field, path, c->id);
	c->loc_origin = line ? "schema.yaml" : NULL;
	c->line = line;
	c->col = line ? 5 : 0;
	c->status = CHANGE_REPORTED;
	return c;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->old.origin = (char *)"schema.yaml";
	f->old.directus = "11.17.4";
	f->old.vendor = "postgres";
	f->new.origin = (char *)"https://cms.example.com";
	f->new.directus = "11.17.4";
	f->new.vendor = "postgres";
	f->cs.v = calloc(16, sizeof(*f->cs.v));
	f->cs.alloc = 16;
	assert_non_null(f->cs.v);
	f->in.old = &f->old;
	f->in.new = &f->new;
	f->in.cs = &f->cs;
	f->in.fail_on = SEV_BREAKING;
	buf_init(&f->out, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->cs.v);
	buf_release(&f->out);
	free(f);
	return 0;
}

/* the usual mix: one of each severity, one accepted */
static void
mix(struct fixture *f)
{
	struct change *c;

	add(f, "field-added", "authors", "name", NULL,
	    "field authors.name was added", 0);
	add(f, "field-removed", "articles", "views", NULL,
	    "field articles.views was removed", 412);
	add(f, "field-max-length-reduced", "articles", "title",
	    "schema.max_length", "max length of articles.title was reduced",
	    63);
	add(f, "field-meta-changed", "articles", "title", "meta.note",
	    "meta.note of articles.title changed", 55);
	c = add(f, "collection-removed", "legacy", NULL, NULL,
	    "collection legacy was removed", 7);
	c->status = CHANGE_ACCEPTED;
	c->status_reason = "dropped in ticket 42";
}

static void
render(struct fixture *f, report_render_fn *fn)
{
	struct derr err = DERR_INIT;

	buf_reset(&f->out);
	assert_int_equal(fn(&f->in, &f->out, &err), 0);
	assert_int_equal(strlen(f->out.buf), f->out.len);
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* ---- helpers ---- */

static void
test_add_utf8(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(report_add_utf8(&b,
			     "a\x01"
			     "b\x7f\tc\n",
			     7, 1),
	    0);
	assert_string_equal(b.buf, "ab\tc\n");
	buf_reset(&b);
	assert_int_equal(report_add_utf8(&b, "a\x01", 2, 0), 0);
	assert_string_equal(b.buf, "a\x01");
	buf_reset(&b);
	/* invalid byte, truncated sequence, overlong, surrogate, U+FFFF */
	assert_int_equal(report_add_utf8(&b,
			     "\xff|\xc3|\xc0\xaf|\xed\xa0\x80|"
			     "\xef\xbf\xbf|\xc3\xa9",
			     17, 1),
	    0);
	assert_string_equal(b.buf,
	    "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd"
	    "\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xc3\xa9");
	buf_release(&b);
}

static void
test_change_loc(void **state)
{
	struct fixture *f = *state;
	struct report_loc loc;
	struct change *c;

	c = add(f, "field-added", "a", "b", NULL, "m", 9);
	report_change_loc(&f->in, c, &loc);
	assert_int_equal(loc.pathlen, strlen("schema.yaml"));
	assert_memory_equal(loc.path, "schema.yaml", loc.pathlen);
	assert_int_equal(loc.line, 9);
	assert_int_equal(loc.col, 5);
	/* git:REV:PATH points at PATH */
	c->loc_origin = "git:origin/main:db/schema.yaml";
	report_change_loc(&f->in, c, &loc);
	assert_int_equal(loc.pathlen, strlen("db/schema.yaml"));
	assert_memory_equal(loc.path, "db/schema.yaml", loc.pathlen);
	assert_int_equal(loc.line, 9);
	/* a URL: the committed file, no line */
	c->loc_origin = "https://cms.example.com";
	report_change_loc(&f->in, c, &loc);
	assert_memory_equal(loc.path, "schema.yaml", loc.pathlen);
	assert_int_equal(loc.line, 0);
	assert_int_equal(loc.col, 0);
	/* nothing file-like anywhere */
	f->old.origin = (char *)"<stdin>";
	c->loc_origin = NULL;
	report_change_loc(&f->in, c, &loc);
	assert_null(loc.path);
}

static void
test_fingerprint_long(void **state)
{
	struct fixture *f = *state;
	struct change *a, *b;
	char fa[33], fb[33], fa2[33];
	size_t i;

	a = add(f, "field-removed", "articles", "views", NULL, "m", 1);
	b = add(f, "field-removed", "articles", "view", "s", "m", 1);
	report_fingerprint_long(a, fa);
	report_fingerprint_long(b, fb);
	a->line = 99;
	a->message = "another message";
	report_fingerprint_long(a, fa2);
	assert_int_equal(strlen(fa), 32);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("0123456789abcdef", fa[i]));
	assert_string_not_equal(fa, fb);
	/* identity only: neither the line nor the message matter */
	assert_string_equal(fa, fa2);
	/* the two halves are not copies of each other */
	assert_memory_not_equal(fa, fa + 16, 16);
}

static void
test_order(void **state)
{
	struct fixture *f = *state;
	size_t *o;

	mix(f);
	o = report_order(&f->cs);
	/* articles: breaking, dangerous, cosmetic; authors; legacy */
	assert_int_equal(o[0], 1);
	assert_int_equal(o[1], 2);
	assert_int_equal(o[2], 3);
	assert_int_equal(o[3], 0);
	assert_int_equal(o[4], 4);
	free(o);
}

/* ---- sarif ---- */

static json_t *
parse(const struct buf *b)
{
	json_error_t je;
	json_t *j = json_loadb(b->buf, b->len, 0, &je);

	if (j == NULL)
		fail_msg("invalid JSON: %s at %d", je.text, je.line);
	return j;
}

static void
test_sarif(void **state)
{
	struct fixture *f = *state;
	json_t *j, *run, *res, *r, *rules;
	const struct rule *t;
	size_t n, i, idx;

	mix(f);
	f->cs.v[0].loc_origin = NULL; /* no location: on schema.yaml */
	render(f, report_sarif);
	j = parse(&f->out);
	assert_string_equal(
	    json_string_value(json_object_get(j, "version")), "2.1.0");
	run = json_array_get(json_object_get(j, "runs"), 0);
	rules = json_object_get(
	    json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	t = rules_table(&n);
	assert_int_equal(json_array_size(rules), n);
	res = json_object_get(run, "results");
	assert_int_equal(json_array_size(res), 5);
	for (i = 0; i < 5; i++) {
		const struct change *c = &f->cs.v[i];
		const char *lv;

		r = json_array_get(res, i);
		idx = (size_t)json_integer_value(
		    json_object_get(r, "ruleIndex"));
		assert_true(idx < n);
		assert_string_equal(t[idx].id, c->rule->id);
		assert_string_equal(json_string_value(json_object_get(
					json_array_get(rules, idx), "id")),
		    c->rule->id);
		lv = json_string_value(json_object_get(r, "level"));
		assert_string_equal(lv,
		    c->severity == SEV_BREAKING        ? "error"
			: c->severity == SEV_DANGEROUS ? "warning"
						       : "note");
		assert_string_equal(
		    json_string_value(json_object_get(
			json_object_get(r, "partialFingerprints"),
			"directusDriftChangeId/v1")),
		    c->id);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_object_get(r, "properties"), "status")),
		    report_status_name(c->status));
		/* suppressed exactly when ignored or accepted */
		assert_int_equal(json_object_get(r, "suppressions") != NULL,
		    c->status != CHANGE_REPORTED);
	}
	/* the added field (no location) sits on schema.yaml without region */
	r = json_object_get(
	    json_array_get(
		json_object_get(json_array_get(res, 0), "locations"), 0),
	    "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r, "artifactLocation"), "uri")),
	    "schema.yaml");
	assert_null(json_object_get(r, "region"));
	r = json_object_get(
	    json_array_get(
		json_object_get(json_array_get(res, 1), "locations"), 0),
	    "physicalLocation");
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(r, "region"), "startLine")),
	    412);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(r, "region"), "startColumn")),
	    5);
	r = json_array_get(
	    json_object_get(json_array_get(res, 4), "suppressions"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(r, "kind")), "external");
	assert_string_equal(
	    json_string_value(json_object_get(r, "justification")),
	    "dropped in ticket 42");
	/* default levels of the rules */
	for (i = 0; i < n; i++) {
		r = json_object_get(
		    json_array_get(rules, i), "defaultConfiguration");
		assert_string_equal(
		    json_string_value(json_object_get(r, "level")),
		    t[i].severity == SEV_BREAKING        ? "error"
			: t[i].severity == SEV_DANGEROUS ? "warning"
							 : "note");
	}
	json_decref(j);
}

static void
test_sarif_uri(void **state)
{
	struct fixture *f = *state;
	json_t *j, *loc;

	f->old.origin = (char *)"my dir/50%#?.yaml";
	add(f, "field-added", "a", "b", NULL, "m", 0);
	render(f, report_sarif);
	j = parse(&f->out);
	loc = json_object_get(
	    json_object_get(
		json_object_get(
		    json_array_get(
			json_object_get(
			    json_array_get(
				json_object_get(
				    json_array_get(
					json_object_get(j, "runs"), 0),
				    "results"),
				0),
			    "locations"),
			0),
		    "physicalLocation"),
		"artifactLocation"),
	    "uri");
	assert_string_equal(
	    json_string_value(loc), "my%20dir/50%25%23%3F.yaml");
	json_decref(j);
	/* a colon before any slash must not read as a scheme */
	f->old.origin = (char *)"c:schema.yaml";
	render(f, report_sarif);
	assert_non_null(strstr(f->out.buf, "\"uri\": \"./c:schema.yaml\""));
}

/* ---- junit ---- */

static void
test_junit(void **state)
{
	struct fixture *f = *state;

	mix(f);
	render(f, report_junit);
	assert_non_null(strstr(f->out.buf,
	    "<testsuites name=\"directus-drift\""
	    " tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\""));
	assert_int_equal(count(f->out.buf, "<testcase "), 3);
	assert_int_equal(count(f->out.buf, "<failure "), 1);
	assert_non_null(strstr(f->out.buf,
	    "<failure message=\"1 change at or "
	    "above --fail-on breaking in articles\" type=\"field-removed\">"));
	/* the accepted removal is no failure, but is listed with its reason */
	assert_non_null(strstr(f->out.buf,
	    "collection legacy was removed "
	    "[collection-removed, id "));
	assert_non_null(strstr(f->out.buf, "(accepted: dropped in ticket 42)"));
	/* --fail-on dangerous: the max length change fails too, same case */
	f->in.fail_on = SEV_DANGEROUS;
	render(f, report_junit);
	assert_int_equal(count(f->out.buf, "<failure "), 1);
	assert_non_null(strstr(f->out.buf,
	    "2 changes at or above --fail-on "
	    "dangerous in articles"));
	/* --fail-on safe: authors fails too */
	f->in.fail_on = SEV_SAFE;
	render(f, report_junit);
	assert_int_equal(count(f->out.buf, "<failure "), 2);
	assert_non_null(strstr(f->out.buf, "tests=\"3\" failures=\"2\""));
	f->in.fail_on = REPORT_FAIL_NEVER;
	render(f, report_junit);
	assert_int_equal(count(f->out.buf, "<failure "), 0);
	assert_non_null(strstr(f->out.buf, "tests=\"3\" failures=\"0\""));
}

static void
test_junit_escaping(void **state)
{
	struct fixture *f = *state;

	add(f, "field-removed", "a&b<c>\"d'\x01\x1b[31m\xff", NULL, NULL,
	    "gone: <x> & \"y\"\x02", 3);
	f->old.origin = (char *)"s&.yaml";
	render(f, report_junit);
	assert_non_null(strstr(f->out.buf,
	    "<testcase name=\"a&amp;b&lt;c&gt;"
	    "&quot;d&apos;[31m\xef\xbf\xbd\""));
	assert_non_null(strstr(f->out.buf,
	    "gone: &lt;x&gt; &amp; &quot;y&quot;"
	    " [field-removed"));
	assert_non_null(strstr(f->out.buf, "s&amp;.yaml"));
	/* no control character but line feeds survives */
	assert_null(strchr(f->out.buf, '\x01'));
	assert_null(strchr(f->out.buf, '\x02'));
	assert_null(strchr(f->out.buf, '\x1b'));
	assert_null(strstr(f->out.buf, "\xff"));
}

static void
test_junit_empty(void **state)
{
	struct fixture *f = *state;

	render(f, report_junit);
	assert_non_null(strstr(f->out.buf, "tests=\"1\" failures=\"0\""));
	assert_non_null(strstr(f->out.buf,
	    "<testcase name=\"(no changes)\" "
	    "classname=\"directus-drift\" time=\"0\"/>"));
}

/* ---- github ---- */

static const char *const fields[] = { "f0", "f1", "f2", "f3", "f4", "f5", "f6",
	"f7", "f8", "f9", "f10", "f11" };

static void
test_github(void **state)
{
	struct fixture *f = *state;
	const char *p;

	mix(f);
	render(f, report_github);
	/* the summary first, then the most severe; accepted last, a notice */
	p = f->out.buf;
	assert_true(starts(p,
	    "::notice title=directus-drift::schema.yaml -> "
	    "https://cms.example.com: 1 breaking, 1 dangerous, 1 safe, "
	    "1 cosmetic, 0 ignored, 1 accepted; fails --fail-on breaking\n"));
	p = strchr(p, '\n') + 1;
	assert_true(starts(p,
	    "::error file=schema.yaml,line=412,col=5,"
	    "title=field-removed (breaking)::field articles.views was removed "
	    "[id "));
	p = strchr(p, '\n') + 1;
	assert_true(starts(p, "::warning file=schema.yaml,line=63,col=5,"));
	p = strchr(p, '\n') + 1;
	assert_true(starts(p,
	    "::notice file=schema.yaml,title=field-added "
	    "(safe)::"));
	p = strchr(p, '\n') + 1;
	assert_true(starts(p, "::notice file=schema.yaml,line=55,"));
	p = strchr(p, '\n') + 1;
	assert_true(starts(p,
	    "::notice file=schema.yaml,line=7,col=5,"
	    "title=collection-removed (breaking)::"));
	assert_non_null(strstr(p, "(accepted: dropped in ticket 42)\n"));
	p = strchr(p, '\n') + 1;
	assert_string_equal(p, "");
	/* the default of the command line: breaking and dangerous only */
	f->in.annotate = SEV_DANGEROUS;
	render(f, report_github);
	assert_int_equal(count(f->out.buf, "\n::"), 2);
	assert_int_equal(count(f->out.buf, "\ndirectus-drift: "), 3);
	assert_non_null(
	    strstr(f->out.buf, "\ndirectus-drift: field-added (safe): "));
}

/* GitHub shows 10 annotations per level and step: the 10th says so */
static void
test_github_limit(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < 12; i++)
		add(f, "field-removed", "a", fields[i], NULL, "gone", 2);
	render(f, report_github);
	assert_int_equal(count(f->out.buf, "::error file="), 9);
	assert_non_null(strstr(f->out.buf,
	    "::error title=directus-drift::3 more breaking changes are not "
	    "annotated (GitHub shows 10 per step): they are in the log\n"));
	assert_int_equal(
	    count(f->out.buf, "\ndirectus-drift: field-removed (breaking): "),
	    3);
	assert_true(starts(f->out.buf, "::notice title=directus-drift::"));
}

static void
test_github_escaping(void **state)
{
	struct fixture *f = *state;
	struct change *c;

	c = add(f, "field-removed", "a", "b", NULL,
	    "50% gone\r\n::error::injected, a:b\x01", 2);
	c->loc_origin = "dir,x/s:1.yaml";
	render(f, report_github);
	assert_true(starts(strchr(f->out.buf, '\n') + 1,
	    "::error file=dir%2Cx/s%3A1.yaml,"
	    "line=2,col=5,title=field-removed (breaking)::50%25 gone%0D%0A"
	    "::error::injected, a:b [id "));
	/* one command per line: the injection stayed inside the message */
	assert_int_equal(count(f->out.buf, "\n"), 2);
}

static void
test_github_empty(void **state)
{
	struct fixture *f = *state;

	f->cs.notes = f->notes;
	f->notes[0] = (char *)"versions differ: 10.0 and 11.0, 100% sure";
	f->cs.nnotes = 1;
	render(f, report_github);
	assert_string_equal(f->out.buf,
	    "::notice title=directus-drift::schema.yaml -> "
	    "https://cms.example.com: 0 breaking, 0 dangerous, 0 safe, "
	    "0 cosmetic, 0 ignored, 0 accepted; passes --fail-on breaking\n"
	    "::notice title=directus-drift note::"
	    "versions differ: 10.0 and 11.0, 100%25 sure\n");
}

/* ---- gitlab ---- */

/* ---- what the policy did, in text and JSON ---- */

static void
test_policy_marks(void **state)
{
	struct fixture *f = *state;
	struct change *c;

	c = add(f, "field-unique-added", "a", "slug", NULL, "became unique", 3);
	c->severity = SEV_BREAKING;
	c->override_origin = ".directus-drift.yaml";
	c->override_line = 8;
	c = add(f, "field-removed", "a", "views", NULL, "gone", 4);
	c->expired = "on 2020-01-31, .directus-drift.yaml:10:5";
	render(f, report_text);
	assert_non_null(strstr(f->out.buf,
	    "field-unique-added) (dangerous -> breaking by "
	    ".directus-drift.yaml:8)\n"));
	assert_non_null(strstr(f->out.buf,
	    "field-removed) (acceptance expired on 2020-01-31, "
	    ".directus-drift.yaml:10:5)\n"));
	render(f, report_json);
	assert_non_null(strstr(f->out.buf, "\"status\": \"expired\""));
	assert_non_null(strstr(f->out.buf,
	    "\"reason\": \"acceptance expired on 2020-01-31, "
	    ".directus-drift.yaml:10:5\""));
	render(f, report_sarif);
	assert_non_null(strstr(f->out.buf, "\"status\": \"expired\""));
}

static void
test_vendor_mismatch(void **state)
{
	struct fixture *f = *state;

	f->new.vendor = "sqlite";
	render(f, report_text);
	assert_non_null(strstr(f->out.buf,
	    "\ndata types, defaults and lengths not compared: different "
	    "database vendors (postgres and sqlite)\n"));
	add(f, "field-removed", "a", "views", NULL, "gone", 4);
	render(f, report_text);
	assert_non_null(strstr(f->out.buf,
	    "1 breaking, 0 dangerous, 0 safe, 0 cosmetic; data types, "
	    "defaults and lengths not compared: different database vendors "
	    "(postgres and sqlite)\n"));
	render(f, report_markdown);
	assert_non_null(strstr(f->out.buf,
	    ":warning: **Data types, defaults and lengths were not "
	    "compared**"));
}

/*
 * A large report spills to a temporary file as it goes: the buffer never
 * holds much more than REPORT_SPILL_AT, and the bytes are the same
 */
static void
test_spill(void **state)
{
	static report_render_fn *const fns[] = { report_json, report_sarif,
		report_gitlab };
	struct fixture *f = *state;
	struct report_spill sp;
	struct derr err = DERR_INIT;
	struct buf whole = BUF_INIT, got = BUF_INIT;
	char *msg = malloc(200001), chunk[4096];
	size_t i, k, n;

	assert_non_null(msg);
	memset(msg, 'x', 200000);
	msg[200000] = '\0';
	for (i = 0; i < 12; i++)
		add(f, "field-removed", "a", fields[i], NULL, msg, 2);
	for (k = 0; k < DRIFT_ARRAY_LEN(fns); k++) {
		memset(&sp, 0, sizeof(sp));
		buf_reset(&whole);
		buf_reset(&got);
		f->in.spill = NULL;
		assert_int_equal(fns[k](&f->in, &whole, &err), 0);
		assert_true(whole.len > 2 * REPORT_SPILL_AT);
		f->in.spill = &sp;
		assert_int_equal(fns[k](&f->in, &got, &err), 0);
		assert_non_null(sp.fp);
		assert_true(got.len < REPORT_SPILL_AT);
		assert_int_equal(sp.len + got.len, whole.len);
		rewind(sp.fp);
		for (i = 0; (n = fread(chunk, 1, sizeof(chunk), sp.fp)) > 0;
		     i += n)
			assert_memory_equal(chunk, whole.buf + i, n);
		assert_int_equal(i, sp.len);
		assert_memory_equal(got.buf, whole.buf + sp.len, got.len);
		report_spill_release(&sp);
	}
	f->in.spill = NULL;
	buf_release(&whole);
	buf_release(&got);
	free(msg);
}

static void
test_gitlab(void **state)
{
	struct fixture *f = *state;
	json_t *j, *o;
	size_t i, k;
	static const char *const sev[] = { "blocker", "major", "info", "minor",
		"info" };
	static const size_t lines[] = { 412, 63, 55, 1, 7 };

	mix(f);
	render(f, report_gitlab);
	j = parse(&f->out);
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 5);
	for (i = 0; i < 5; i++) {
		const char *fp;

		o = json_array_get(j, i);
		assert_string_equal(
		    json_string_value(json_object_get(o, "severity")), sev[i]);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_object_get(o, "location"), "path")),
		    "schema.yaml");
		assert_int_equal(
		    json_integer_value(json_object_get(
			json_object_get(
			    json_object_get(o, "location"), "lines"),
			"begin")),
		    lines[i]);
		assert_non_null(
		    json_string_value(json_object_get(o, "description")));
		assert_non_null(
		    json_string_value(json_object_get(o, "check_name")));
		fp = json_string_value(json_object_get(o, "fingerprint"));
		assert_int_equal(strlen(fp), 32);
		for (k = 0; k < i; k++)
			assert_string_not_equal(fp,
			    json_string_value(json_object_get(
				json_array_get(j, k), "fingerprint")));
	}
	assert_non_null(strstr(json_string_value(json_object_get(
				   json_array_get(j, 4), "description")),
	    "(accepted: dropped in ticket 42)"));
	json_decref(j);
	f->cs.n = 0;
	render(f, report_gitlab);
	assert_string_equal(f->out.buf, "[]\n");
}

/* ---- markdown ---- */

static void
test_markdown(void **state)
{
	struct fixture *f = *state;
	const char *b, *d, *s, *a;
	struct buf first = BUF_INIT;

	mix(f);
	render(f, report_markdown);
	assert_true(starts(f->out.buf,
	    "## :x: directus-drift: 1 change at or "
	    "above breaking\n"));
	assert_non_null(strstr(f->out.buf,
	    "| breaking | 1 |\n| dangerous | 1 |"
	    "\n| safe | 1 |\n| cosmetic | 1 |\n| ignored | 0 |\n"
	    "| accepted | 1 |\n"));
	b = strstr(f->out.buf, "### Breaking (1)");
	d = strstr(f->out.buf, "### Dangerous (1)");
	s = strstr(f->out.buf,
	    "<details><summary>Safe and cosmetic (2)"
	    "</summary>");
	a = strstr(f->out.buf,
	    "<details><summary>Ignored and accepted (1)"
	    "</summary>");
	assert_non_null(b);
	assert_non_null(d);
	assert_non_null(s);
	assert_non_null(a);
	assert_true(b < d && d < s && s < a);
	assert_non_null(strstr(a,
	    "| breaking | accepted | dropped in ticket "
	    "42 |"));
	/* deterministic */
	buf_add(&first, f->out.buf, f->out.len);
	render(f, report_markdown);
	assert_string_equal(first.buf, f->out.buf);
	buf_release(&first);
}

static void
test_markdown_escaping(void **state)
{
	struct fixture *f = *state;

	add(f, "field-removed", "a|b", "c_d*", NULL,
	    "x | y <script> @team #12 `z` & [l](u)\nnext\x01", 3);
	render(f, report_markdown);
	assert_non_null(strstr(f->out.buf,
	    "| a\\|b | c\\_d\\* | x \\| y "
	    "\\<script\\> \\@team \\#12 \\`z\\` &amp; \\[l\\](u) next | "));
	assert_null(strchr(f->out.buf, '\x01'));
	assert_null(strstr(f->out.buf, "<script>"));
}

static void
test_markdown_empty(void **state)
{
	struct fixture *f = *state;

	render(f, report_markdown);
	assert_true(starts(f->out.buf,
	    "## :white_check_mark: directus-drift: "
	    "no schema drift\n"));
	assert_null(strstr(f->out.buf, "###"));
	assert_null(strstr(f->out.buf, "<details>"));
	/* passing, with changes below --fail-on */
	add(f, "field-added", "a", "b", NULL, "m", 1);
	render(f, report_markdown);
	assert_true(starts(f->out.buf,
	    "## :white_check_mark: directus-drift: "
	    "nothing at or above breaking (1 change)\n"));
}

static void
test_sarif_empty(void **state)
{
	struct fixture *f = *state;
	json_t *j;

	render(f, report_sarif);
	j = parse(&f->out);
	assert_int_equal(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(j, "runs"), 0), "results")),
	    0);
	json_decref(j);
}

static void
test_table(void **state)
{
	static const char *const names[] = { "sarif", "junit", "github",
		"gitlab", "markdown" };
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(names); i++) {
		const struct report_format *fm = report_format_find(names[i]);

		assert_non_null(fm);
		assert_true(fm->machine);
		assert_non_null(strstr(report_format_names(), names[i]));
	}
}

/* a full buffer is an error, not a truncated report */
static void
test_too_large(void **state)
{
	static report_render_fn *const fns[] = { report_sarif, report_junit,
		report_github, report_gitlab, report_markdown };
	struct fixture *f = *state;
	struct derr err = DERR_INIT;
	size_t i;

	mix(f);
	for (i = 0; i < DRIFT_ARRAY_LEN(fns); i++) {
		buf_release(&f->out);
		f->out.max = 64;
		assert_int_equal(fns[i](&f->in, &f->out, &err), -1);
		assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
		memset(&err, 0, sizeof(err));
	}
	f->out.max = 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_utf8),
		T(test_change_loc),
		T(test_fingerprint_long),
		T(test_order),
		T(test_table),
		T(test_sarif),
		T(test_sarif_uri),
		T(test_sarif_empty),
		T(test_junit),
		T(test_junit_escaping),
		T(test_junit_empty),
		T(test_policy_marks),
		T(test_spill),
		T(test_vendor_mismatch),
		T(test_github),
		T(test_github_limit),
		T(test_github_escaping),
		T(test_github_empty),
		T(test_gitlab),
		T(test_markdown),
		T(test_markdown_escaping),
		T(test_markdown_empty),
		T(test_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
