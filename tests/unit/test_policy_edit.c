/*
 * test_policy_edit.c: "directus-drift accept" edits the policy text.
 * Golden outputs for each tricky shape of file, refusals that leave the
 * file alone, argument checks, and the atomic write (mode, symbolic link,
 * creation).
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
#include <unistd.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/policy.h"
#include "helpers/testfile.h"
#include "drift/xalloc.h"

#define ORIGIN ".directus-drift.yaml"
#define ID "5f2c9a01b3d4"

struct golden {
	const char *name;
	const char *in;
	const char *reason;
	const char *expires; /* or NULL */
	const char *out;
};

static const struct golden goldens[] = {
	{ "accept in the middle, comments, block scalar, blank lines",
	    "# policy\n"
	    "fail-on: dangerous\n"
	    "accept:\n"
	    "  # waivers\n"
	    "  - id: \"aaaaaaaaaaa1\"\n"
	    "    reason: first   # trailing comment\n"
	    "    expires: 2026-12-31\n"
	    "\n"
	    "  - id: aaaaaaaaaaa2\n"
	    "    reason: |\n"
	    "      multi\n"
	    "      line\n"
	    "\n"
	    "    # comment inside the item\n"
	    "\n"
	    "# comment before the next key\n"
	    "severity:\n"
	    "  field-removed: dangerous\n",
	    "views dropped on purpose", "2027-01-31",
	    "# policy\n"
	    "fail-on: dangerous\n"
	    "accept:\n"
	    "  # waivers\n"
	    "  - id: \"aaaaaaaaaaa1\"\n"
	    "    reason: first   # trailing comment\n"
	    "    expires: 2026-12-31\n"
	    "\n"
	    "  - id: aaaaaaaaaaa2\n"
	    "    reason: |\n"
	    "      multi\n"
	    "      line\n"
	    "\n"
	    "    # comment inside the item\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"views dropped on purpose\"\n"
	    "    expires: 2027-01-31\n"
	    "\n"
	    "# comment before the next key\n"
	    "severity:\n"
	    "  field-removed: dangerous\n" },
	{ "accept last, no final line break, indentless sequence",
	    "fail-on: breaking\n"
	    "accept:\n"
	    "- id: aaaaaaaaaaa1\n"
	    "  reason: x",
	    "ok", NULL,
	    "fail-on: breaking\n"
	    "accept:\n"
	    "- id: aaaaaaaaaaa1\n"
	    "  reason: x\n"
	    "- id: \"5f2c9a01b3d4\"\n"
	    "  reason: \"ok\"\n" },
	{ "CRLF line endings, deeper indentation",
	    "fail-on: breaking\r\n"
	    "accept:\r\n"
	    "    - id: aaaaaaaaaaa1\r\n"
	    "      reason: x\r\n"
	    "url: https://cms.example.com\r\n",
	    "ok", "2026-12-31",
	    "fail-on: breaking\r\n"
	    "accept:\r\n"
	    "    - id: aaaaaaaaaaa1\r\n"
	    "      reason: x\r\n"
	    "    - id: \"5f2c9a01b3d4\"\r\n"
	    "      reason: \"ok\"\r\n"
	    "      expires: 2026-12-31\r\n"
	    "url: https://cms.example.com\r\n" },
	{ "keys aligned further than the dash",
	    "accept:\n"
	    "  -   id: aaaaaaaaaaa1\n"
	    "      reason: x\n",
	    "ok", NULL,
	    "accept:\n"
	    "  -   id: aaaaaaaaaaa1\n"
	    "      reason: x\n"
	    "  -   id: \"5f2c9a01b3d4\"\n"
	    "      reason: \"ok\"\n" },
	{ "no accept key, no final line break", "fail-on: breaking", "ok", NULL,
	    "fail-on: breaking\n"
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "no accept key, CRLF, trailing comment",
	    "ignore:\r\n"
	    "  - collection: \"directus_*\"\r\n"
	    "# end\r\n",
	    "ok", NULL,
	    "ignore:\r\n"
	    "  - collection: \"directus_*\"\r\n"
	    "# end\r\n"
	    "accept:\r\n"
	    "  - id: \"5f2c9a01b3d4\"\r\n"
	    "    reason: \"ok\"\r\n" },
	{ "accept: [] with a comment, followed by other keys",
	    "accept: []  # none yet\n"
	    "fail-on: any\n",
	    "ok", NULL,
	    "accept:   # none yet\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n"
	    "fail-on: any\n" },
	{ "accept: [ ] last, no final line break",
	    "fail-on: any\n"
	    "accept: [ ]",
	    "ok", NULL,
	    "fail-on: any\n"
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "accept with an empty value",
	    "accept:\n"
	    "fail-on: any\n",
	    "ok", NULL,
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n"
	    "fail-on: any\n" },
	{ "accept: ~ and a quoted key",
	    "\"accept\": ~\n"
	    "fail-on: any\n",
	    "ok", NULL,
	    "\"accept\":\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n"
	    "fail-on: any\n" },
	{ "accept: null # comment", "accept: null # later\n", "ok", NULL,
	    "accept:  # later\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "empty file", "", "ok", "2026-01-01",
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n"
	    "    expires: 2026-01-01\n" },
	{ "comments only", "# nothing yet", "ok", NULL,
	    "# nothing yet\n"
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "byte order mark, accept: [] on the first line",
	    "\xef\xbb\xbf"
	    "accept: []\n",
	    "ok", NULL,
	    "\xef\xbb\xbf"
	    "accept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "byte order mark, block sequence",
	    "\xef\xbb\xbf"
	    "accept:\n"
	    "  - id: aaaaaaaaaaa1\n"
	    "    reason: caf\xc3\xa9\n",
	    "ok", NULL,
	    "\xef\xbb\xbf"
	    "accept:\n"
	    "  - id: aaaaaaaaaaa1\n"
	    "    reason: caf\xc3\xa9\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n" },
	{ "a reason that needs escapes",
	    "accept:\n"
	    "  - id: aaaaaaaaaaa1\n"
	    "    reason: x\n",
	    "say \"yes\" \\ no\nnext\ttab \x01 caf\xc3\xa9 \xe2\x80\xa8 #1: x",
	    NULL,
	    "accept:\n"
	    "  - id: aaaaaaaaaaa1\n"
	    "    reason: x\n"
	    "  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"say \\\"yes\\\" \\\\ no\\nnext\\ttab \\x01 "
	    "caf\xc3\xa9 \\L #1: x\"\n" },
};

static void
test_goldens(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(goldens); i++) {
		const struct golden *g = &goldens[i];
		struct derr err = DERR_INIT;
		struct policy *p = NULL;
		char *out = NULL;
		size_t outlen = 0, k;

		if (policy_accept_edit(ORIGIN, g->in, strlen(g->in), ID,
			g->reason, g->expires, &out, &outlen, &err) != 0) {
			print_error("%s: %u:%u: %s\n", g->name, err.line,
			    err.col, err.msg);
			fail();
		}
		if (strcmp(out, g->out) != 0) {
			print_error("%s: got\n%s\n", g->name, out);
			fail();
		}
		assert_int_equal(outlen, strlen(out));
		/* it reads back with the entry, reason intact */
		assert_int_equal(
		    policy_parse(ORIGIN, out, outlen, &p, &err), 0);
		assert_true(p->naccepts >= 1);
		k = p->naccepts - 1;
		assert_string_equal(p->accepts[k].id, ID);
		assert_string_equal(p->accepts[k].reason, g->reason);
		assert_int_equal(p->accepts[k].has_expires, g->expires != NULL);
		if (g->expires != NULL)
			assert_string_equal(p->accepts[k].expires, g->expires);
		policy_free(&p);
		free(out);
	}
}

struct refusal {
	const char *name;
	const char *in;
	int status;
	unsigned line, col;
	const char *msg;
	const char *hint; /* or NULL */
};

static const struct refusal refusals[] = {
	{ "flow sequence with items",
	    "accept: [{id: aaaaaaaaaaa1, reason: x}]\n", DRIFT_EXIT_INPUT, 1, 9,
	    "cannot add the accept entry: \"accept\" is a flow sequence "
	    "([...])",
	    "add the entry by hand, in block style" },
	{ "flow mapping at the top level", "{fail-on: any, accept: []}\n",
	    DRIFT_EXIT_INPUT, 1, 1,
	    "cannot add the accept entry: the policy is written in flow style",
	    "add the entry by hand, in block style" },
	{ "flow mapping at the top level after a byte order mark",
	    "\xef\xbb\xbf{accept: []}\n", DRIFT_EXIT_INPUT, 1, 1,
	    "cannot add the accept entry: the policy is written in flow style",
	    "add the entry by hand, in block style" },
	{ "duplicate id",
	    "accept:\n  - id: aaaaaaaaaaa1\n    reason: x\n"
	    "  - id: 5f2c9a01b3d4\n    reason: y\n",
	    DRIFT_EXIT_INPUT, 4, 5,
	    "change \"5f2c9a01b3d4\" is already accepted", NULL },
	{ "invalid policy", "fail-on: any\nignored:\n  - collection: x\n",
	    DRIFT_EXIT_INPUT, 2, 1,
	    "unknown key \"ignored\" in the policy file",
	    "fix the policy file before adding to it" },
	{ "not YAML", "fail-on: [any\n", DRIFT_EXIT_INPUT, 0, 0, NULL,
	    "fix the policy file before adding to it" },
	{ "value on the next line in flow style",
	    "accept:\n  []\nfail-on: any\n", DRIFT_EXIT_INPUT, 0, 0,
	    "cannot add the accept entry: the edited file would not read back "
	    "as the old one plus the entry; it was left as it was",
	    "add the entry by hand, in block style" },
	{ "a quoted scalar that runs back to column 1",
	    "accept:\n  - id: aaaaaaaaaaa1\n    reason: \"a\nb\"\n"
	    "fail-on: any\n",
	    DRIFT_EXIT_INPUT, 0, 0,
	    "cannot add the accept entry: the edited file would not read back "
	    "as the old one plus the entry; it was left as it was",
	    "add the entry by hand, in block style" },
};

static void
test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(refusals); i++) {
		const struct refusal *r = &refusals[i];
		struct derr err = DERR_INIT;
		char *out = NULL;
		size_t outlen = 0;
		int rc;

		rc = policy_accept_edit(ORIGIN, r->in, strlen(r->in), ID, "ok",
		    NULL, &out, &outlen, &err);
		if (rc != -1) {
			print_error("%s: accepted:\n%s\n", r->name, out);
			free(out);
			fail();
		}
		assert_null(out);
		assert_int_equal(err.status, r->status);
		if ((r->msg != NULL && strcmp(err.msg, r->msg) != 0) ||
		    (r->line > 0 &&
			(err.line != r->line || err.col != r->col))) {
			print_error("%s: got %u:%u: %s\n", r->name, err.line,
			    err.col, err.msg);
			fail();
		}
		if (r->hint != NULL)
			assert_string_equal(err.hint, r->hint);
	}
}

static void
test_bad_args(void **state)
{
	static const struct {
		const char *id, *reason, *expires, *msg;
	} cases[] = {
		{ "5f2c9a01b3d", "ok", NULL,
		    "malformed change id "
		    "\"5f2c9a01b3d\": expected 12 lowercase hexadecimal "
		    "digits" },
		{ "5F2C9A01B3D4", "ok", NULL,
		    "malformed change id "
		    "\"5F2C9A01B3D4\": expected 12 lowercase hexadecimal "
		    "digits" },
		{ ID, "", NULL, "an accept entry needs a reason" },
		{ ID, "caf\xe9", NULL, "the reason is not valid UTF-8" },
		{ ID, "\xed\xa0\x80", NULL, "the reason is not valid UTF-8" },
		{ ID, "ok", "2026-02-29",
		    "invalid date \"2026-02-29\": "
		    "expected a real date YYYY-MM-DD" },
		{ ID, "ok", "tomorrow",
		    "invalid date \"tomorrow\": expected "
		    "a real date YYYY-MM-DD" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(cases); i++) {
		struct derr err = DERR_INIT;
		char *out = NULL;
		size_t outlen;

		assert_int_equal(
		    policy_accept_edit(ORIGIN, "", 0, cases[i].id,
			cases[i].reason, cases[i].expires, &out, &outlen, &err),
		    -1);
		assert_null(out);
		assert_int_equal(err.status, DRIFT_EXIT_USAGE);
		assert_string_equal(err.msg, cases[i].msg);
	}
}

static char *
slurp(const char *path)
{
	char *text = test_read_file(path, NULL);

	assert_non_null(text);
	return text;
}

static void
spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
test_append_file(void **state)
{
	char tmpl[] = "/tmp/policy-edit-XXXXXX";
	struct derr err = DERR_INIT;
	char *dir, *path, *link, *other, *text;
	struct stat st;
	mode_t um;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	path = xasprintf("%s/.directus-drift.yaml", dir);
	link = xasprintf("%s/link.yaml", dir);
	other = xasprintf("%s/new.yaml", dir);

	/* mode kept */
	spit(path, "fail-on: any\n");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(policy_accept_append(path, ID, "ok", NULL, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	text = slurp(path);
	assert_string_equal(text,
	    "fail-on: any\naccept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n    reason: \"ok\"\n");
	free(text);

	/* a refusal leaves the file as it was */
	assert_int_equal(
	    policy_accept_append(path, ID, "again", NULL, &err), -1);
	assert_string_equal(err.msg,
	    "change \"5f2c9a01b3d4\" is already "
	    "accepted");
	text = slurp(path);
	assert_string_equal(text,
	    "fail-on: any\naccept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n    reason: \"ok\"\n");
	free(text);

	/* a symbolic link: refused, never written through */
	assert_int_equal(symlink(".directus-drift.yaml", link), 0);
	assert_int_equal(policy_accept_append(
			     link, "aaaaaaaaaaa1", "two", "2030-01-01", &err),
	    -1);
	assert_non_null(strstr(err.msg, "is a symbolic link"));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	text = slurp(path);
	assert_string_equal(text,
	    "fail-on: any\naccept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n    reason: \"ok\"\n");
	free(text);
	/* the mode of the file is kept: a 0600 file stays 0600 */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(policy_accept_append(
			     path, "aaaaaaaaaaa1", "two", "2030-01-01", &err),
	    0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	text = slurp(path);
	assert_string_equal(text,
	    "fail-on: any\naccept:\n"
	    "  - id: \"5f2c9a01b3d4\"\n    reason: \"ok\"\n"
	    "  - id: \"aaaaaaaaaaa1\"\n    reason: \"two\"\n"
	    "    expires: 2030-01-01\n");
	free(text);

	/* a new file, with the default mode */
	assert_int_equal(policy_accept_append(other, ID, "ok", NULL, &err), 0);
	um = umask(022);
	umask(um);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0666 & ~um);
	text = slurp(other);
	assert_string_equal(text,
	    "accept:\n  - id: \"5f2c9a01b3d4\"\n"
	    "    reason: \"ok\"\n");
	free(text);

	/* no temporary files left behind */
	assert_int_equal(unlink(other), 0);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);

	/* a directory that does not exist: a write error */
	assert_int_equal(policy_accept_append(
			     "/nonexistent/dir/p.yaml", ID, "ok", NULL, &err),
	    -1);
	assert_int_equal(err.status, DRIFT_EXIT_INTERNAL);
	free(path);
	free(link);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_append_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
