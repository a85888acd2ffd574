/*
 * usage_rest.h: a Directus REST query or write body on a collection ->
 * usage records (issue 12; rest-and-sdk-usage.md 5).  The same mapping
 * serves the @directus/sdk commands, the legacy SDK and raw REST URLs:
 * usage_sdk.c turns each into a collection plus JS values (js_value.h),
 * a URL's query string included (rest_params_parse()), and hands them
 * here.
 *
 *   fields   strings split on top-level commas, dotted paths walked
 *            through relations (m2m through the junction, m2a through
 *            item:<collection> or every allowed collection), SDK nested
 *            objects { author: ['name'] } and { item: { S: [...] } },
 *            wildcards (possibly), fn(f), root aliases;
 *   filter   keys walked (_and/_or/_some/_none, fn(f), item:S,
 *            $FOLLOW(c,f)), $CURRENT_USER.f values;
 *   sort, deep (_filter/_sort per relation), alias values, aggregate,
 *   groupBy;
 *   payloads keys of creates and updates, nested writes through
 *            relations (create without the related pk, update with it;
 *            the detailed create/update/delete form), dynamic payloads.
 *
 * Names that resolve on neither side are UP_UNKNOWN_* problems whose
 * message names the call (context), as Directus would reject or silently
 * drop them; paths deeper than the limit are UP_DEPTH.
 *
 * Ownership: everything borrowed; records go to r->out.
 */
#ifndef DRIFT_USAGE_REST_H
#define DRIFT_USAGE_REST_H

#include <stddef.h>
#include <stdint.h>

#include "drift/usage.h"

struct jv;
struct jv_toks;
struct rest_memo;
struct snapshot;
struct ug_field;

struct rest_ctx {
	const struct snapshot *old, *new; /* old may be NULL */
	struct usage_set *out;
	struct jv_toks *toks;   /* positions of string parts */
	const char *file;       /* borrowed from out's arena */
	const char *context;    /* "readItems('articles')", borrowed */
	unsigned max_depth;     /* 0: USAGE_MAX_DEPTH_DEFAULT */
	struct rest_memo *memo; /* field lookups, made on first use; freed
	                           with rest_ctx_release() */
	/* an unscoped m2a path being walked through its members: the
	   indexes in out->problems of the "has no field" problems at the
	   members' depth (member_depth - 1; 0: none), for one finding per
	   field and place */
	unsigned member_depth;
	size_t *missing;
	size_t nmissing, amissing;
};

/* frees what r made (its lookup memo, the missing list) */
void rest_ctx_release(struct rest_ctx *r);

/* usage_graph_collection_name() memoised in r (side may be NULL) */
const char *
rest_collection_name(struct rest_ctx *r, const char *name, int *side);

/*
 * The collection a call names, as the snapshots spell it, or NULL after
 * an UP_UNKNOWN_COLLECTION problem at site.  *flags gets UREF_OLD_ONLY
 * when only OLD has it.
 */
const char *rest_collection(struct rest_ctx *r, const char *name,
    const struct usage_site *site, unsigned *flags);

/*
 * A read of collection c (GET, SEARCH, the query argument of a write):
 * the collection itself at site (unless quiet), then fields (absent or
 * not a literal: a wildcard, possibly), filter, sort, deep, alias,
 * aggregate, groupBy of q (may be NULL).
 */
void rest_query(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *q, const struct usage_site *site, int quiet);

/* a filter object on c (also the query of updateItems/deleteItems) */
void rest_filter(
    struct rest_ctx *r, const char *c, unsigned flags, const struct jv *f);

/*
 * A write of body on c: a (c, NULL, a) record at site, then one record
 * per key, nested writes through relations; a body that is not a literal
 * (or has spreads) is (c, "*", a, possibly, UREF_DYNAMIC).  An array is
 * one write per element.  a: UA_CREATE or UA_UPDATE.
 */
void rest_write(struct rest_ctx *r, const char *c, unsigned flags,
    const struct jv *body, enum usage_access a, const struct usage_site *site);

/* (c, NULL, a) at site: a delete, or a write whose body is not read */
void
rest_op(struct rest_ctx *r, const char *c, unsigned flags, enum usage_access a,
    enum usage_certainty cert, const struct usage_site *site);

/*
 * Exposed for the unit tests: the field f[0..fl) of c (no NUL needed)
 * through r's memo, as usage_graph_field() gives it; rest_query_keys()
 * fills k with the query keys rest_query() reads, each as jv_get() gives
 * it (the last one), NULL when absent or null.
 */
int rest_field(struct rest_ctx *r, const char *c, const char *f, size_t fl,
    struct ug_field *u);

enum rest_qkey {
	RQ_ALIAS = 0,
	RQ_AGGREGATE,
	RQ_FIELDS,
	RQ_GROUPBY,
	RQ_FILTER,
	RQ_SORT,
	RQ_DEEP,
	RQ_N
};
void rest_query_keys(const struct jv *q, const struct jv *k[RQ_N]);

/* jv_pos() with its plain-string case inline (exposed for the tests) */
void rest_str_pos(const struct jv_toks *t, const struct jv *v, size_t k,
    uint32_t *line, uint32_t *col);

#endif
