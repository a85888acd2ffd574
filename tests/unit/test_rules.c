/*
 * test_rules.c: the rule table's invariants (sorted, unique, complete
 * rows, the ids other modules code against) and the name helpers.
 */
#include "drift/compat.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drift/rules.h"

static void
test_table_sorted_and_complete(void **state)
{
	const struct rule *t;
	size_t n, i;

	(void)state;
	t = rules_table(&n);
	assert_true(n >= 60);
	for (i = 0; i < n; i++) {
		size_t len;

		if (i > 0 && strcmp(t[i - 1].id, t[i].id) >= 0)
			fail_msg("table not sorted at %s", t[i].id);
		assert_ptr_equal(rule_find(t[i].id), &t[i]);
		assert_true(strlen(t[i].summary) > 10);
		assert_true(strlen(t[i].rationale) > 40);
		assert_non_null(strstr(t[i].example, "->"));
		/* lowercase, no final period */
		len = strlen(t[i].summary);
		assert_true(islower((unsigned char)t[i].summary[0]));
		assert_true(t[i].summary[len - 1] != '.');
		assert_true(t[i].severity <= SEV_BREAKING);
		assert_true(
		    t[i].entity <= ENT_SNAPSHOT || t[i].entity == ENT_FRONTEND);
		/* ids are kebab-case */
		assert_int_equal(strspn(t[i].id, "abcdefghijklmnopqrstuvwxyz-"),
		    strlen(t[i].id));
	}
	/* retired: a filtered side's missing entries are one note */
	assert_null(rule_find("collection-missing-filtered"));
	assert_null(rule_find("field-missing-filtered"));
	assert_null(rule_find("relation-missing-filtered"));
	assert_null(rule_find("no-such-rule"));
	assert_null(rule_find(NULL));
	assert_null(rule_find(""));
}

/* the ids and severities the other branches code against */
static void
test_contract_ids(void **state)
{
	static const struct {
		const char *id;
		enum severity sev;
	} ids[] = {
		{ "collection-removed", SEV_BREAKING },
		{ "collection-added", SEV_SAFE },
		{ "folder-removed", SEV_COSMETIC },
		{ "folder-added", SEV_COSMETIC },
		{ "collection-became-folder", SEV_BREAKING },
		{ "folder-became-collection", SEV_SAFE },
		{ "collection-singleton-changed", SEV_BREAKING },
		{ "collection-tracking-changed", SEV_SAFE },
		{ "collection-meta-changed", SEV_COSMETIC },
		{ "collection-accountability-changed", SEV_SAFE },
		{ "field-removed", SEV_BREAKING },
		{ "field-presentation-removed", SEV_COSMETIC },
		{ "field-added", SEV_SAFE },
		{ "field-added-required", SEV_BREAKING },
		{ "field-renamed", SEV_BREAKING },
		{ "field-type-changed", SEV_BREAKING },
		{ "field-type-changed-compatible", SEV_DANGEROUS },
		{ "field-required-added", SEV_SAFE },
		{ "field-required-removed", SEV_SAFE },
		{ "field-not-null-added", SEV_BREAKING },
		{ "field-not-null-added-with-default", SEV_DANGEROUS },
		{ "field-nullable-added", SEV_DANGEROUS },
		{ "field-max-length-reduced", SEV_DANGEROUS },
		{ "field-max-length-increased", SEV_SAFE },
		{ "field-precision-reduced", SEV_DANGEROUS },
		{ "field-precision-increased", SEV_SAFE },
		{ "field-unique-added", SEV_DANGEROUS },
		{ "field-unique-removed", SEV_SAFE },
		{ "field-default-changed", SEV_DANGEROUS },
		{ "field-primary-key-changed", SEV_BREAKING },
		{ "field-auto-increment-changed", SEV_BREAKING },
		{ "field-foreign-key-changed", SEV_BREAKING },
		{ "field-index-changed", SEV_SAFE },
		{ "field-data-type-changed", SEV_DANGEROUS },
		{ "field-generated-changed", SEV_DANGEROUS },
		{ "field-validation-changed", SEV_DANGEROUS },
		{ "field-conditions-changed", SEV_DANGEROUS },
		{ "field-special-changed", SEV_DANGEROUS },
		{ "field-choices-changed", SEV_DANGEROUS },
		{ "field-choices-added", SEV_SAFE },
		{ "field-choices-relabelled", SEV_COSMETIC },
		{ "field-relation-type-changed", SEV_BREAKING },
		{ "field-readonly-changed", SEV_COSMETIC },
		{ "field-meta-changed", SEV_COSMETIC },
		{ "relation-removed", SEV_BREAKING },
		{ "relation-added", SEV_SAFE },
		{ "relation-target-changed", SEV_BREAKING },
		{ "relation-on-delete-changed", SEV_DANGEROUS },
		{ "relation-on-update-changed", SEV_DANGEROUS },
		{ "relation-junction-changed", SEV_BREAKING },
		{ "relation-allowed-collections-changed", SEV_BREAKING },
		{ "relation-meta-changed", SEV_COSMETIC },
		{ "system-index-added", SEV_SAFE },
		{ "system-index-removed", SEV_SAFE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < DRIFT_ARRAY_LEN(ids); i++) {
		const struct rule *r = rule_find(ids[i].id);

		if (r == NULL)
			fail_msg("missing rule %s", ids[i].id);
		assert_int_equal(r->severity, ids[i].sev);
	}
}

static void
test_names(void **state)
{
	enum severity s;
	int i;

	(void)state;
	for (i = SEV_COSMETIC; i <= SEV_BREAKING; i++) {
		assert_int_equal(severity_parse(severity_name(i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(severity_name(SEV_DANGEROUS), "dangerous");
	assert_string_equal(severity_name((enum severity)9), "unknown");
	assert_int_equal(severity_parse("fatal", &s), -1);
	assert_int_equal(severity_parse(NULL, &s), -1);
	assert_int_equal(severity_parse("Breaking", &s), -1);
	assert_string_equal(entity_kind_name(ENT_COLLECTION), "collection");
	assert_string_equal(entity_kind_name(ENT_FIELD), "field");
	assert_string_equal(entity_kind_name(ENT_RELATION), "relation");
	assert_string_equal(entity_kind_name(ENT_SYSTEM_FIELD), "system-field");
	assert_string_equal(entity_kind_name(ENT_SNAPSHOT), "snapshot");
	assert_string_equal(entity_kind_name(ENT_FRONTEND), "front-end");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sorted_and_complete),
		cmocka_unit_test(test_contract_ids),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
