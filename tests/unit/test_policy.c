/*
 * test_policy.c: .directus-drift.yaml parsing, validation (every error
 * with its position), discovery and application to a changeset.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/policy.h"
#include "drift/rules.h"
#include "drift/xalloc.h"
#include "helpers/testfile.h"

#define ORIGIN ".directus-drift.yaml"

static struct policy *
parse_ok(const char *text)
{
	struct derr err = DERR_INIT;
	struct policy *p = NULL;

	if (policy_parse(ORIGIN, text, strlen(text), &p, &err) != 0) {
		print_error("unexpected error: %u:%u: %s\n", err.line, err.col,
		    err.msg);
		fail();
	}
	assert_non_null(p);
	return p;
}

static void
test_empty(void **state)
{
	struct policy *p;

	(void)state;
	p = parse_ok("");
	assert_null(p->fail_on);
	assert_int_equal(p->nignores + p->noverrides + p->naccepts, 0);
	policy_free(&p);
	assert_null(p);
	p = parse_ok("# only a comment\n\n   # another\n");
	assert_int_equal(p->naccepts, 0);
	policy_free(&p);
	p = parse_ok("ignore:\naccept:\nseverity:\n");
	assert_int_equal(p->nignores + p->noverrides + p->naccepts, 0);
	assert_int_equal(p->accept_line, 2);
	policy_free(&p);
	policy_free(NULL);
}

static const char full[] = "# .directus-drift.yaml\n"
			   "fail-on: dangerous\n"
			   "snapshot: schema.yaml\n"
			   "url: https://cms.example.com\n"
			   "ignore:\n"
			   "  - collection: \"directus_*\"\n"
			   "  - field: \"articles.internal_*\"\n"
			   "  - rule: field-meta-changed\n"
			   "    collection: \"legacy_*\"\n"
			   "    reason: \"legacy collections are frozen\"\n"
			   "severity:\n"
			   "  field-default-changed: breaking\n"
			   "  field-meta-changed: safe\n"
			   "accept:\n"
			   "  - id: 5f2c9a01b3d4\n"
			   "    reason: \"views dropped on purpose\"\n"
			   "    expires: 2026-12-31\n"
			   "  - id: \"00000000000a\"\n"
			   "    reason: no expiry\n"
			   "  - id: 012345678901\n"
			   "    reason: digits only\n"
			   "label: production\n";

static void
test_full(void **state)
{
	struct policy *p;

	(void)state;
	p = parse_ok(full);
	assert_string_equal(p->fail_on, "dangerous");
	assert_string_equal(p->snapshot, "schema.yaml");
	assert_string_equal(p->snapshot_path, "schema.yaml");
	assert_string_equal(p->url, "https://cms.example.com");
	assert_string_equal(p->label, "production");
	assert_int_equal(p->nignores, 3);
	assert_string_equal(p->ignores[0].collection, "directus_*");
	assert_null(p->ignores[0].field);
	assert_null(p->ignores[0].rule);
	assert_string_equal(p->ignores[0].display,
	    "ignored by rule in .directus-drift.yaml:6:5");
	assert_string_equal(p->ignores[1].field, "articles.internal_*");
	assert_string_equal(p->ignores[2].rule->id, "field-meta-changed");
	assert_string_equal(p->ignores[2].collection, "legacy_*");
	assert_string_equal(
	    p->ignores[2].display, "legacy collections are frozen");
	assert_int_equal(p->ignores[2].line, 8);
	assert_int_equal(p->ignores[2].col, 5);
	assert_int_equal(p->noverrides, 2);
	assert_string_equal(p->overrides[0].rule->id, "field-default-changed");
	assert_int_equal(p->overrides[0].severity, SEV_BREAKING);
	assert_int_equal(p->overrides[1].severity, SEV_SAFE);
	assert_int_equal(p->naccepts, 3);
	assert_string_equal(p->accepts[0].id, "5f2c9a01b3d4");
	assert_string_equal(p->accepts[0].reason, "views dropped on purpose");
	assert_true(p->accepts[0].has_expires);
	assert_string_equal(p->accepts[0].expires, "2026-12-31");
	assert_int_equal(p->accepts[0].line, 15);
	assert_int_equal(p->accepts[0].col, 5);
	assert_string_equal(p->accepts[1].id, "00000000000a");
	assert_false(p->accepts[1].has_expires);
	assert_string_equal(p->accepts[2].id, "012345678901");
	policy_free(&p);
}

static void
test_snapshot_path(void **state)
{
	struct derr err = DERR_INIT;
	struct policy *p = NULL;
	static const char *const cases[][3] = {
		{ "repo/.directus-drift.yaml", "schema.yaml",
		    "repo/schema.yaml" },
		{ "/r/.directus-drift.yaml", "cms/schema.yaml",
		    "/r/cms/schema.yaml" },
		{ "/.directus-drift.yaml", "s.yaml", "/s.yaml" },
		{ "repo/.directus-drift.yaml", "/abs/s.yaml", "/abs/s.yaml" },
		{ "repo/.directus-drift.yaml", "-", "-" },
		{ "repo/.directus-drift.yaml", "git:HEAD:schema.yaml",
		    "git:HEAD:schema.yaml" },
		{ "repo/.directus-drift.yaml", "https://cms.example.com",
		    "https://cms.example.com" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		char *text = xasprintf("snapshot: \"%s\"\n", cases[i][1]);

		assert_int_equal(
		    policy_parse(cases[i][0], text, strlen(text), &p, &err), 0);
		assert_string_equal(p->snapshot, cases[i][1]);
		assert_string_equal(p->snapshot_path, cases[i][2]);
		policy_free(&p);
		free(text);
	}
}

struct bad {
	const char *text;
	unsigned line, col;
	const char *msg;  /* exact message */
	const char *hint; /* exact hint, or NULL for none */
};

static const struct bad bad_cases[] = {
	{ "fail_on: breaking\n", 1, 1,
	    "unknown key \"fail_on\" in the policy file",
	    "did you mean \"fail-on\"?" },
	{ "fail-on: breaking\nsnapshots: x\n", 2, 1,
	    "unknown key \"snapshots\" in the policy file",
	    "did you mean \"snapshot\"?" },
	{ "colour: always\n", 1, 1, "unknown key \"colour\" in the policy file",
	    "" },
	{ "url: https://x\ntoken: abc\n", 2, 1,
	    "tokens do not belong in the policy file; use DIRECTUS_TOKEN "
	    "or --token-file",
	    "remove \"token\" (and revoke the token if this file was "
	    "committed)" },
	{ "DIRECTUS_TOKEN: abc\n", 1, 1,
	    "tokens do not belong in the policy file; use DIRECTUS_TOKEN "
	    "or --token-file",
	    NULL },
	{ "fail-on: [breaking]\n", 1, 10,
	    "expected a string for \"fail-on\", found a sequence", "" },
	{ "fail-on: 3\n", 1, 10,
	    "expected a string for \"fail-on\", found an integer", "" },
	{ "fail-on:\n", 0, 0, "expected a string for \"fail-on\", found null",
	    "" },
	{ "fail-on: dangerus\n", 1, 10, "unknown fail-on level \"dangerus\"",
	    "did you mean \"dangerous\"?" },
	{ "fail-on: trivial\n", 1, 10, "unknown fail-on level \"trivial\"",
	    "use one of breaking, dangerous, safe, cosmetic, any, never" },
	{ "url: ftp://cms.example.com\n", 1, 6,
	    "\"url\" is not an http:// or https:// URL: "
	    "\"ftp://cms.example.com\"",
	    "" },
	{ "url: https://admin:secret@cms.example.com/\n", 1, 6,
	    "credentials do not belong in the policy file; use "
	    "DIRECTUS_TOKEN or --token-file",
	    "" },
	{ "snapshot: \"\"\n", 1, 11, "\"snapshot\" is empty", "" },
	{ "label: [prod]\n", 1, 8,
	    "expected a string for \"label\", found a sequence", "" },
	{ "label: \"a\\nb\"\n", 1, 8,
	    "\"label\" must be a name of 1 to 64 characters on one line", "" },
	{ "label: "
	  "\"01234567890123456789012345678901234567890123456789012345678901234"
	  "\"\n",
	    1, 8, "\"label\" must be a name of 1 to 64 characters on one line",
	    "" },
	{ "ignore: directus_*\n", 1, 9,
	    "expected a list for \"ignore\", found a string", "" },
	{ "ignore:\n  - directus_*\n", 2, 5,
	    "expected a mapping for an ignore entry, found a string", "" },
	{ "ignore:\n  - collecton: x\n", 2, 5,
	    "unknown key \"collecton\" in an ignore entry",
	    "did you mean \"collection\"?" },
	{ "ignore:\n  - reason: why\n", 2, 5, "ignore entry selects nothing",
	    "give a collection, a field or a rule" },
	{ "ignore:\n  - collection: x\n  - rule: field-remove\n", 3, 11,
	    "unknown rule \"field-remove\"",
	    "did you mean \"field-removed\"?" },
	{ "ignore:\n  - rule: no-such-thing-at-all\n", 2, 11,
	    "unknown rule \"no-such-thing-at-all\"",
	    "'directus-drift rules' lists the rule ids" },
	{ "ignore:\n  - field: views\n", 2, 12,
	    "field pattern \"views\" never matches",
	    "write collection.field, for example \"*.views\"" },
	{ "ignore:\n  - collection: [a, b]\n", 2, 17,
	    "expected a string for \"collection\", found a sequence", "" },
	{ "severity: breaking\n", 1, 11,
	    "expected a mapping of rule ids to severities for \"severity\", "
	    "found a string",
	    "" },
	{ "severity:\n  field-defaults-changed: breaking\n", 2, 3,
	    "unknown rule \"field-defaults-changed\"",
	    "did you mean \"field-default-changed\"?" },
	{ "severity:\n  field-removed: breakng\n", 2, 18,
	    "unknown severity \"breakng\"", "did you mean \"breaking\"?" },
	{ "severity:\n  field-removed: fatal\n", 2, 18,
	    "unknown severity \"fatal\"",
	    "use one of cosmetic, safe, dangerous, breaking" },
	{ "accept: 5f2c9a01b3d4\n", 1, 9,
	    "expected a list for \"accept\", found a string", "" },
	{ "accept:\n  - 5f2c9a01b3d4\n", 2, 5,
	    "expected a mapping for an accept entry, found a string", "" },
	{ "accept:\n  - id: 5f2c9a01b3\n    reason: x\n", 2, 9,
	    "malformed change id \"5f2c9a01b3\": expected 12 lowercase "
	    "hexadecimal digits",
	    "" },
	{ "accept:\n  - id: 5F2C9A01B3D4\n    reason: x\n", 2, 9,
	    "malformed change id \"5F2C9A01B3D4\": expected 12 lowercase "
	    "hexadecimal digits",
	    "" },
	{ "accept:\n  - id: \"5f2c9a01b3d4 \"\n    reason: x\n", 2, 9,
	    "malformed change id \"5f2c9a01b3d4 \": expected 12 lowercase "
	    "hexadecimal digits",
	    "" },
	{ "accept:\n  - id: 123456789e12\n    reason: x\n", 2, 9,
	    "expected a string for \"id\", found a number",
	    "quote the id: id: \"5f2c9a01b3d4\"" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n", 2, 5,
	    "accept entry \"5f2c9a01b3d4\" has no \"reason\"",
	    "say why this change is acceptable" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: \"\"\n", 3, 13,
	    "\"reason\" is empty", "" },
	{ "accept:\n  - reason: x\n", 2, 5, "accept entry has no \"id\"", "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    why: y\n", 4, 5,
	    "unknown key \"why\" in an accept entry", "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    expire: "
	  "2026-01-01\n",
	    4, 5, "unknown key \"expire\" in an accept entry",
	    "did you mean \"expires\"?" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    expires: "
	  "2026-02-30\n",
	    4, 14,
	    "invalid date \"2026-02-30\" for \"expires\": "
	    "expected a real date YYYY-MM-DD",
	    "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    expires: "
	  "2026-13-01\n",
	    4, 14,
	    "invalid date \"2026-13-01\" for \"expires\": "
	    "expected a real date YYYY-MM-DD",
	    "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    expires: "
	  "31.12.2026\n",
	    4, 14,
	    "invalid date \"31.12.2026\" for \"expires\": "
	    "expected a real date YYYY-MM-DD",
	    "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n    expires: "
	  "20261231\n",
	    4, 14,
	    "expected a string for \"expires\", found an "
	    "integer",
	    "" },
	{ "accept:\n  - id: 5f2c9a01b3d4\n    reason: x\n"
	  "  - id: 5f2c9a01b3d4\n    reason: y\n",
	    4, 9, "duplicate accept entry for \"5f2c9a01b3d4\" (first at 2:5)",
	    "" },
};

static void
test_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(bad_cases); i++) {
		const struct bad *b = &bad_cases[i];
		struct derr err = DERR_INIT;
		struct policy *p = NULL;
		int r;

		r = policy_parse(ORIGIN, b->text, strlen(b->text), &p, &err);
		if (r != -1 || p != NULL) {
			print_error("case %zu parsed: %s", i, b->text);
			fail();
		}
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
		assert_string_equal(err.origin, ORIGIN);
		if (strcmp(err.msg, b->msg) != 0 ||
		    (b->line > 0 &&
			(err.line != b->line || err.col != b->col))) {
			print_error("case %zu: got %u:%u: %s\n", i, err.line,
			    err.col, err.msg);
			fail();
		}
		if (b->line == 0)
			assert_true(err.line > 0);
		if (b->hint != NULL)
			assert_string_equal(err.hint, b->hint);
	}
}

static void
test_not_a_mapping(void **state)
{
	static const char *const texts[] = { "- a\n- b\n", "just text\n" };
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(texts); i++) {
		struct derr err = DERR_INIT;
		struct policy *p = NULL;

		assert_int_equal(
		    policy_parse(ORIGIN, texts[i], strlen(texts[i]), &p, &err),
		    -1);
		assert_null(p);
		assert_int_equal(err.status, DRIFT_EXIT_INPUT);
		assert_int_equal(err.line, 1);
		assert_true(err.col >= 1);
	}
}

static void
test_date_id_failon(void **state)
{
	int y, m, d, t;

	(void)state;
	assert_int_equal(policy_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(policy_parse_date("2000-02-29", &y, &m, &d), 0);
	assert_int_equal(policy_parse_date("2100-02-29", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-02-29", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-04-31", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-12-31", &y, &m, &d), 0);
	assert_int_equal(policy_parse_date("2026-00-10", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-01-00", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-1-01", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("2026-01-011", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("1969-12-31", &y, &m, &d), -1);
	assert_int_equal(policy_parse_date("", &y, &m, &d), -1);
	assert_int_equal(policy_check_id("5f2c9a01b3d4"), 0);
	assert_int_equal(policy_check_id("5f2c9a01b3d"), -1);
	assert_int_equal(policy_check_id("5f2c9a01b3d4a"), -1);
	assert_int_equal(policy_check_id("5f2c9a01b3dg"), -1);
	assert_int_equal(policy_check_id("5F2C9A01B3D4"), -1);
	assert_int_equal(policy_check_id(""), -1);
	assert_int_equal(policy_fail_on_parse("breaking", &t), 0);
	assert_int_equal(t, SEV_BREAKING);
	assert_int_equal(policy_fail_on_parse("dangerous", &t), 0);
	assert_int_equal(t, SEV_DANGEROUS);
	assert_int_equal(policy_fail_on_parse("safe", &t), 0);
	assert_int_equal(t, SEV_SAFE);
	assert_int_equal(policy_fail_on_parse("any", &t), 0);
	assert_int_equal(t, SEV_COSMETIC);
	assert_int_equal(policy_fail_on_parse("never", &t), 0);
	assert_int_equal(t, -1);
	/* every severity name is a level (issue 10 item 10) */
	assert_int_equal(policy_fail_on_parse("cosmetic", &t), 0);
	assert_int_equal(t, SEV_COSMETIC);
	assert_int_equal(policy_fail_on_parse("Breaking", &t), -1);
}

/* a changeset built by hand: rules from the table, ids given */
struct fake {
	const char *rule, *collection, *field, *path, *id;
};

static void
build(struct changeset *cs, const struct fake *f, size_t n)
{
	size_t i;

	cs->v = xcalloc(n, sizeof(*cs->v));
	cs->n = cs->alloc = n;
	for (i = 0; i < n; i++) {
		struct change *c = &cs->v[i];

		c->rule = rule_find(f[i].rule);
		assert_non_null(c->rule);
		c->severity = c->rule->severity;
		c->entity = c->rule->entity;
		c->collection = f[i].collection;
		c->field = f[i].field;
		c->path = f[i].path;
		c->message = "test";
		snprintf(c->id, sizeof(c->id), "%s", f[i].id);
	}
}

static time_t
utc(int y, int m, int d, int hh, int mm)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	return timegm(&tm);
}

static const struct fake changes[] = {
	{ "field-removed", "articles", "views", NULL, "5f2c9a01b3d4" },
	{ "field-default-changed", "articles", "status", "schema.default_value",
	    "aaaaaaaaaaa1" },
	{ "field-meta-changed", "articles", "title", NULL, "aaaaaaaaaaa2" },
	{ "field-meta-changed", "legacy_posts", "title", NULL, "aaaaaaaaaaa3" },
	{ "field-removed", "legacy_posts", "body", NULL, "aaaaaaaaaaa4" },
	{ "collection-removed", "directus_webhooks", NULL, NULL,
	    "aaaaaaaaaaa5" },
	{ "field-added", "articles", "internal_notes", NULL, "aaaaaaaaaaa6" },
	{ "field-added", "articles_archive", "internal_x", NULL,
	    "aaaaaaaaaaa7" },
	{ "collection-removed", "articles", NULL, NULL, "aaaaaaaaaaa8" },
};

static void
test_apply(void **state)
{
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome o = POLICY_OUTCOME_INIT;
	struct policy *p;

	(void)state;
	p = parse_ok(full);
	build(&cs, changes, DRIFT_ARRAY_LEN(changes));
	assert_int_equal(policy_apply(p, &cs, utc(2026, 11, 24, 23, 0), &o), 0);
	/* accepted, not expired (expires 2026-12-31) */
	assert_int_equal(cs.v[0].status, CHANGE_ACCEPTED);
	assert_string_equal(cs.v[0].status_reason, "views dropped on purpose");
	/* severity override */
	assert_int_equal(cs.v[1].severity, SEV_BREAKING);
	assert_int_equal(cs.v[1].status, CHANGE_REPORTED);
	assert_null(cs.v[1].status_reason);
	/* overridden to safe, not ignored: the collection does not match */
	assert_int_equal(cs.v[2].severity, SEV_SAFE);
	assert_int_equal(cs.v[2].status, CHANGE_REPORTED);
	/* rule AND collection */
	assert_int_equal(cs.v[3].status, CHANGE_IGNORED);
	assert_string_equal(
	    cs.v[3].status_reason, "legacy collections are frozen");
	assert_int_equal(cs.v[3].severity, SEV_SAFE);
	assert_int_equal(cs.v[4].status, CHANGE_REPORTED);
	/* collection glob */
	assert_int_equal(cs.v[5].status, CHANGE_IGNORED);
	assert_string_equal(cs.v[5].status_reason,
	    "ignored by rule in .directus-drift.yaml:6:5");
	/* field glob on collection.field */
	assert_int_equal(cs.v[6].status, CHANGE_IGNORED);
	assert_string_equal(cs.v[6].status_reason,
	    "ignored by rule in .directus-drift.yaml:7:5");
	assert_int_equal(cs.v[7].status, CHANGE_REPORTED);
	/* a field glob never matches a collection-level change */
	assert_int_equal(cs.v[8].status, CHANGE_REPORTED);
	assert_int_equal(o.ignored, 3);
	assert_int_equal(o.accepted, 1);
	assert_int_equal(o.expired, 0);
	assert_int_equal(o.unused, 2);
	assert_false(o.must_fail);
	assert_int_equal(o.nnotes, 2);
	assert_int_equal(o.notes[0].level, POLICY_NOTE_WARNING);
	assert_string_equal(o.notes[0].text,
	    "accept entry 00000000000a "
	    "(.directus-drift.yaml:18:5) matches no change; remove it");
	assert_string_equal(o.notes[1].text,
	    "accept entry 012345678901 "
	    "(.directus-drift.yaml:20:5) matches no change; remove it");
	assert_int_equal(p->ignores[0].matched, 1);
	assert_int_equal(p->ignores[2].matched, 1);
	assert_int_equal(p->accepts[0].matched, 1);
	policy_outcome_release(&o);
	assert_null(o.notes);
	policy_free(&p);
	free(cs.v);
}

static const char expiring[] = "accept:\n"
			       "  - id: 5f2c9a01b3d4\n"
			       "    reason: views dropped on purpose\n"
			       "    expires: 2026-01-31\n"
			       "  - id: aaaaaaaaaaa2\n"
			       "    reason: ignored anyway\n"
			       "    expires: 2020-01-01\n"
			       "ignore:\n"
			       "  - collection: articles\n"
			       "    field: \"*.title\"\n";

static void
test_expiry(void **state)
{
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome o = POLICY_OUTCOME_INIT;
	struct policy *p;

	(void)state;
	p = parse_ok(expiring);
	build(&cs, changes, DRIFT_ARRAY_LEN(changes));
	/* the last day of validity still counts, in UTC */
	policy_apply(p, &cs, utc(2026, 1, 31, 23, 59), &o);
	assert_int_equal(cs.v[0].status, CHANGE_ACCEPTED);
	assert_false(o.must_fail);
	/* an expired waiver on an ignored change does not fail the run */
	assert_int_equal(cs.v[2].status, CHANGE_IGNORED);
	assert_int_equal(o.nnotes, 0);
	policy_outcome_release(&o);
	free(cs.v);

	build(&cs, changes, DRIFT_ARRAY_LEN(changes));
	policy_apply(p, &cs, utc(2026, 2, 1, 0, 0), &o);
	assert_int_equal(cs.v[0].status, CHANGE_REPORTED);
	assert_null(cs.v[0].status_reason);
	assert_true(o.must_fail);
	assert_int_equal(o.expired, 1);
	assert_int_equal(o.accepted, 0);
	assert_int_equal(o.unused, 0);
	assert_int_equal(o.nnotes, 1);
	assert_int_equal(o.notes[0].level, POLICY_NOTE_ERROR);
	assert_string_equal(o.notes[0].text,
	    "acceptance of 5f2c9a01b3d4 "
	    "(field-removed articles.views) expired on 2026-01-31 "
	    "(.directus-drift.yaml:2:5)");
	policy_outcome_release(&o);
	free(cs.v);
	policy_free(&p);
}

static void
test_apply_null(void **state)
{
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome o = POLICY_OUTCOME_INIT;

	(void)state;
	build(&cs, changes, 2);
	assert_int_equal(policy_apply(NULL, &cs, 0, &o), 0);
	assert_int_equal(cs.v[0].status, CHANGE_REPORTED);
	assert_int_equal(o.ignored + o.accepted, 0);
	free(cs.v);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
test_find(void **state)
{
	char tmpl[] = "/tmp/policy-find-XXXXXX";
	char cwd[4096], *dir, *path = NULL, *sub;
	struct derr err = DERR_INIT;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	/* keep git from finding a repository above /tmp */
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	assert_int_equal(chdir(dir), 0);

	assert_int_equal(policy_find(NULL, &path, &err), 0);
	assert_null(path);
	assert_int_equal(policy_find("missing.yaml", &path, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_string_equal(err.origin, "missing.yaml");
	assert_string_equal(
	    err.msg, "cannot read config: No such file or directory");
	assert_int_equal(policy_find(".", &path, &err), -1);
	assert_string_equal(err.msg, "cannot read config: Is a directory");

	write_file(".directus-drift.yml", "fail-on: never\n");
	assert_int_equal(policy_find(NULL, &path, &err), 1);
	assert_string_equal(path, ".directus-drift.yml");
	free(path);
	write_file(".directus-drift.yaml", "fail-on: any\n");
	assert_int_equal(policy_find(NULL, &path, &err), 1);
	assert_string_equal(path, ".directus-drift.yaml");
	free(path);
	assert_int_equal(policy_find(".directus-drift.yml", &path, &err), 1);
	assert_string_equal(path, ".directus-drift.yml");
	free(path);

	/* from a subdirectory of a git repository: the repository root */
	if (test_sh("git init -q %s >/dev/null 2>&1", dir) != 0) {
		print_message("git unavailable: skipping the git part\n");
	} else {
		char *top;

		sub = xasprintf("%s/a/b", dir);
		assert_int_equal(test_sh("mkdir -p %s", sub), 0);
		assert_int_equal(chdir(sub), 0);
		top = policy_git_toplevel();
		assert_non_null(top);
		assert_int_equal(policy_find(NULL, &path, &err), 1);
		assert_non_null(strstr(path, "/.directus-drift.yaml"));
		assert_int_equal(strncmp(path, top, strlen(top)), 0);
		assert_string_equal(
		    path + strlen(top), "/.directus-drift.yaml");
		free(path);
		free(top);
		free(sub);
	}
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	unsetenv("GIT_CEILING_DIRECTORIES");
}

static void
test_load(void **state)
{
	char tmpl[] = "/tmp/policy-load-XXXXXX";
	struct derr err = DERR_INIT;
	struct policy *p = NULL;
	char *dir, *path;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	path = xasprintf("%s/.directus-drift.yaml", dir);
	write_file(path, "snapshot: cms/schema.yaml\nfail-on: safe\n");
	assert_int_equal(policy_load(path, &p, &err), 0);
	assert_string_equal(p->fail_on, "safe");
	assert_string_equal(p->origin, path);
	assert_true(strlen(p->snapshot_path) > strlen(dir));
	assert_string_equal(p->snapshot_path + strlen(dir), "/cms/schema.yaml");
	policy_free(&p);
	write_file(path, "snapshot: x\nfail-on: safe\nfail-on: any\n");
	assert_int_equal(policy_load(path, &p, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_string_equal(err.origin, path);
	assert_int_equal(err.line, 3);
	unlink(path);
	assert_int_equal(policy_load(path, &p, &err), -1);
	assert_int_equal(err.status, DRIFT_EXIT_INPUT);
	assert_int_equal(rmdir(dir), 0);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_snapshot_path),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_not_a_mapping),
		cmocka_unit_test(test_date_id_failon),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_apply_null),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
