/*
 * rules.h: the one table of classification rules (SPEC section 3).
 *
 * The table drives the classifier, "directus-drift rules", the report
 * formats and the man page section.  Adding a rule is adding a row.
 * Rule ids are stable: they appear in reports, in policy files and in
 * change fingerprints, so an id is never renamed or reused.
 */
#ifndef DRIFT_RULES_H
#define DRIFT_RULES_H

#include <stddef.h>

#include "drift/model.h"

enum severity { SEV_COSMETIC = 0, SEV_SAFE, SEV_DANGEROUS, SEV_BREAKING };

struct rule {
	const char *id; /* "field-removed" */
	enum entity_kind entity;
	const char
	    *path; /* the key it watches ("schema.max_length"), or NULL */
	enum severity severity; /* default severity */
	const char *summary;    /* one line, lowercase, no final period */
	const char *rationale;  /* why this severity: a paragraph */
	const char *example;    /* a before/after example, a few lines */
};

/* borrowed: the table, *n set to its length; rows sorted by id */
const struct rule *rules_table(size_t *n);
/* borrowed: the rule with that id, or NULL */
const struct rule *rule_find(const char *id);

/* "cosmetic", "safe", "dangerous", "breaking" */
const char *severity_name(enum severity s);
/* 0 and *out set, or -1 when name is not a severity */
int severity_parse(const char *name, enum severity *out);
/* "collection", "field", "relation", "system-field", "snapshot" */
const char *entity_kind_name(enum entity_kind k);

#endif
