/*
 * test_changes.c: the change list module (changes.h): appending fills
 * every field and the fingerprint, the collection level drops the field,
 * messages are copied, notes are owned, the order is (collection, kind,
 * field, rule, path), release re-initialises, fingerprints are pinned.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/changes.h"
#include "drift/rules.h"
#include "drift/xalloc.h"

static void
test_add_fills_change(void **state)
{
	struct changeset cs = CHANGESET_INIT;
	const struct rule *r = rule_find("field-removed");
	char msg[] = "field articles.price was removed";
	struct change *c;

	(void)state;
	assert_non_null(r);
	c = changeset_add(
	    &cs, r, ENT_FIELD, "articles", "price", NULL, NULL, NULL, msg);
	/* the message is a copy */
	msg[0] = 'X';
	assert_int_equal(cs.n, 1);
	assert_ptr_equal(c, &cs.v[0]);
	assert_ptr_equal(c->rule, r);
	assert_int_equal(c->severity, r->severity);
	assert_int_equal(c->status, CHANGE_REPORTED);
	assert_string_equal(c->collection, "articles");
	assert_string_equal(c->field, "price");
	assert_null(c->path);
	assert_string_equal(c->message, "field articles.price was removed");
	assert_int_equal(c->line, 0);
	assert_null(c->loc_origin);
	assert_null(c->status_reason);
	assert_non_null(cs.arena);
	/* pinned in test_diff.c's ordering test too */
	assert_string_equal(c->id, "aa1aaecf668d");
	/* the collection level never carries a field */
	c = changeset_add(&cs, rule_find("collection-meta-changed"),
	    ENT_COLLECTION, "authors", "ignored", "meta.icon", NULL, NULL, "m");
	assert_null(c->field);
	assert_string_equal(c->id, "de94df7353c7");
	changeset_release(&cs);
	assert_int_equal(cs.n, 0);
	assert_null(cs.v);
	assert_null(cs.arena);
	changeset_release(NULL);
}

static void
test_grows_and_sorts(void **state)
{
	struct changeset cs = CHANGESET_INIT;
	const struct rule *rm = rule_find("field-removed");
	const struct rule *ml = rule_find("field-max-length-reduced");
	const struct rule *cm = rule_find("collection-meta-changed");
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++)
		changeset_add(
		    &cs, rm, ENT_FIELD, "zeta", "f", NULL, NULL, NULL, "x");
	changeset_add(&cs, ml, ENT_FIELD, "alpha", "b", "schema.max_length",
	    NULL, NULL, "x");
	changeset_add(&cs, rm, ENT_FIELD, "alpha", "b", NULL, NULL, NULL, "x");
	changeset_add(&cs, rm, ENT_FIELD, "alpha", "a", NULL, NULL, NULL, "x");
	changeset_add(&cs, cm, ENT_COLLECTION, "alpha", NULL, "meta.note", NULL,
	    NULL, "x");
	changeset_add(
	    &cs, cm, ENT_COLLECTION, "alpha", NULL, NULL, NULL, NULL, "x");
	assert_int_equal(cs.n, 205);
	changeset_sort(&cs);
	/* collection level first, NULL path before a path */
	assert_int_equal(cs.v[0].entity, ENT_COLLECTION);
	assert_null(cs.v[0].path);
	assert_string_equal(cs.v[1].path, "meta.note");
	assert_string_equal(cs.v[2].field, "a");
	/* same field: by rule id */
	assert_string_equal(cs.v[3].rule->id, "field-max-length-reduced");
	assert_string_equal(cs.v[4].rule->id, "field-removed");
	assert_string_equal(cs.v[5].collection, "zeta");
	assert_string_equal(cs.v[204].collection, "zeta");
	changeset_release(&cs);
}

static void
test_notes_owned(void **state)
{
	struct changeset cs = CHANGESET_INIT;

	(void)state;
	changeset_note(&cs, xstrdup("one"));
	changeset_note(&cs, xstrdup("two"));
	assert_int_equal(cs.nnotes, 2);
	assert_string_equal(cs.notes[1], "two");
	/* no change, no arena: release frees the notes (ASan checks) */
	assert_null(cs.arena);
	changeset_release(&cs);
	assert_int_equal(cs.nnotes, 0);
	assert_null(cs.notes);
}

static void
test_fingerprint_pinned(void **state)
{
	char a[13], b[13];

	(void)state;
	/* computed independently (Python FNV-1a 64, top 48 bits) */
	change_fingerprint("field-removed", "articles", "price", NULL, a);
	assert_string_equal(a, "aa1aaecf668d");
	change_fingerprint(
	    "field-meta-changed", "articles", "title", "meta.width", a);
	assert_string_equal(a, "de09e2646e5f");
	change_fingerprint("field-removed", "articles", "views", NULL, a);
	change_fingerprint("field-removed", "articles", "views", "", b);
	assert_string_equal(a, b);
	change_fingerprint("field-removed", "article", "sviews", NULL, b);
	assert_string_not_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_fills_change),
		cmocka_unit_test(test_grows_and_sorts),
		cmocka_unit_test(test_notes_owned),
		cmocka_unit_test(test_fingerprint_pinned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
