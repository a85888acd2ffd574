#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/output.h"
#include "drift/rules.h"
#include "drift/xalloc.h"

/*
 * directus-drift rules [RULE]: lists the rule table (id, severity,
 * summary in aligned columns), or explains one rule.  The output comes
 * from rules_table() only: nothing here knows a rule by name.
 * --format json: {"rules_version": 1, "rules": [{id, severity, entity,
 * watches, summary, rationale, example}, ...]} (watches null when the
 * rule watches the entity as a whole), or that one object for RULE.
 */

static void
add_indented(struct buf *b, const char *text, const char *indent)
{
	const char *p = text;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");

		if (n > 0)
			buf_adds(b, indent);
		buf_add(b, p, n);
		buf_addch(b, '\n');
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* a paragraph, re-flowed to fit 80 columns after indent */
static void
add_wrapped(struct buf *b, const char *text, const char *indent)
{
	const size_t width = 78 - strlen(indent);
	const char *p = text;
	size_t col = 0;

	while (*p != '\0') {
		size_t n;

		p += strspn(p, " \n");
		n = strcspn(p, " \n");
		if (n == 0)
			break;
		if (col > 0 && col + 1 + n > width) {
			buf_addch(b, '\n');
			col = 0;
		}
		buf_adds(b, col == 0 ? indent : " ");
		buf_add(b, p, n);
		col += (col == 0 ? 0 : 1) + n;
		p += n;
	}
	if (col > 0)
		buf_addch(b, '\n');
}

static void
list_rules(struct buf *b)
{
	const struct rule *t;
	size_t n, i, w = 0;

	t = rules_table(&n);
	for (i = 0; i < n; i++)
		if (strlen(t[i].id) > w)
			w = strlen(t[i].id);
	for (i = 0; i < n; i++)
		buf_addf(b, "%-*s  %-9s  %s\n", (int)w, t[i].id,
		    severity_name(t[i].severity), t[i].summary);
}

static void
explain_rule(struct buf *b, const struct rule *r)
{
	buf_addf(b, "%s\n", r->id);
	buf_addf(b, "  severity:  %s\n", severity_name(r->severity));
	buf_addf(b, "  entity:    %s\n", entity_kind_name(r->entity));
	buf_addf(b, "  watches:   %s\n",
	    r->path ? r->path : "the entity as a whole");
	buf_addf(b, "  summary:   %s\n", r->summary);
	if (r->rationale != NULL && r->rationale[0] != '\0') {
		buf_adds(b, "\nwhy:\n");
		add_wrapped(b, r->rationale, "  ");
	}
	if (r->example != NULL && r->example[0] != '\0') {
		buf_adds(b, "\nexample:\n");
		add_indented(b, r->example, "  ");
	}
}

static json_t *
rule_json(const struct rule *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(
	    o, "severity", json_string(severity_name(r->severity)));
	json_object_set_new(
	    o, "entity", json_string(entity_kind_name(r->entity)));
	json_object_set_new(
	    o, "watches", r->path ? json_string(r->path) : json_null());
	json_object_set_new(o, "summary", json_string(r->summary));
	json_object_set_new(
	    o, "rationale", json_string(r->rationale ? r->rationale : ""));
	json_object_set_new(
	    o, "example", json_string(r->example ? r->example : ""));
	return o;
}

/* one rule, or the table (r NULL), as JSON; -1 when jansson fails */
static int
add_json(struct buf *b, const struct rule *r)
{
	const struct rule *t;
	json_t *top, *arr;
	char *s;
	size_t n, i;

	if (r != NULL) {
		top = rule_json(r);
	} else {
		t = rules_table(&n);
		top = json_object();
		arr = json_array();
		json_object_set_new(top, "rules_version", json_integer(1));
		for (i = 0; i < n; i++)
			json_array_append_new(arr, rule_json(&t[i]));
		json_object_set_new(top, "rules", arr);
	}
	/* jansson allocates with xmalloc (main.c): NULL is not memory */
	s = json_dumps(top, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(top);
	if (s == NULL)
		return -1;
	buf_adds(b, s);
	buf_addch(b, '\n');
	free(s);
	return 0;
}

static int
unknown_rule(const char *id)
{
	const struct rule *t;
	const char **names, *s;
	size_t n, i;
	int rc;

	t = rules_table(&n);
	names = xcalloc(n ? n : 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = t[i].id;
	s = cli_suggest(id, names, n);
	if (s != NULL)
		drift_err("unknown rule '%s'; did you mean '%s'?", id, s);
	else
		drift_err("unknown rule '%s'", id);
	drift_err("list the rules with '" DRIFT_NAME " rules'");
	rc = DRIFT_EXIT_USAGE;
	free(names);
	return rc;
}

int
cmd_rules(int argc, char **argv, const struct cli_opts *o)
{
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	const struct rule *r = NULL;
	int rc = DRIFT_EXIT_OK;
	int json = o->rules_format != NULL &&
	    strcmp(o->rules_format, "json") == 0;

	if (argc > 1) {
		rc = drift_usage_error("'rules' takes at most one rule id");
		goto out;
	}
	if (argc == 1) {
		r = rule_find(argv[0]);
		if (r == NULL) {
			rc = unknown_rule(argv[0]);
			goto out;
		}
	}
	if (json) {
		if (add_json(&b, r) != 0) {
			drift_err("internal error: cannot write the rules as "
				  "JSON");
			rc = DRIFT_EXIT_INTERNAL;
			goto out;
		}
	} else if (r != NULL) {
		explain_rule(&b, r);
	} else {
		list_rules(&b);
	}
	if (output_write_stdout(b.buf, b.len, &err) != 0) {
		derr_print(&err);
		rc = err.status;
	}
out:
	buf_release(&b);
	return rc;
}
