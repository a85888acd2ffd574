/*
 * fuzz_rest.c: libFuzzer target for the REST and SDK usage scanner
 * (js_value.h, usage_sdk.h, usage_rest.h).  The input is read three ways:
 * as JS/TS (every token parsed as a value, then usage_js_scan with the
 * SDK commands, legacy SDK and REST URLs against the built-in snapshot
 * pair of usage_snap.h, with and without OLD, at depth limits 0 and 2),
 * and as a REST query string (rest_params_parse), whose values are then
 * mapped as a query on articles.
 *
 * Invariants: nothing crashes, hangs or leaks; jv_parse always moves
 * forward and stays inside the tokens; every record has a collection and
 * a site at line >= 1; every problem a message that starts with its
 * context.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/js_value.h"
#include "drift/usage.h"
#include "drift/usage_js.h"
#include "drift/usage_rest.h"
#include "drift/usage_sdk.h"
#include "usage_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct usage_set *u)
{
	size_t i;

	for (i = 0; i < u->nrefs; i++)
		if (u->refs[i].collection == NULL ||
		    u->refs[i].site.file == NULL || u->refs[i].site.line == 0)
			abort();
	for (i = 0; i < u->nproblems; i++) {
		const struct usage_problem *p = &u->problems[i];

		if (p->message == NULL || p->site.file == NULL ||
		    (p->context != NULL &&
			strncmp(p->message, p->context, strlen(p->context)) !=
			    0))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct snapshot *new, *old;
	const char *text = (const char *)data;
	struct jv_toks t;
	size_t i, k;

	if (new == NULL) {
		new = fuzz_usage_snapshot(fuzz_usage_new_yaml);
		old = fuzz_usage_snapshot(fuzz_usage_old_yaml);
	}
	if (size > (1u << 20))
		return 0;
	jv_toks_init(&t, text, size, 1, 1);
	for (i = 0; i < t.n;) {
		size_t j = i;

		(void)jv_parse(&t, &j);
		if (j > t.n)
			abort();
		i = j > i ? j : i + 1;
	}
	{
		struct usage_set u = USAGE_SET_INIT;
		struct rest_ctx r;
		struct usage_site site = { "q", 1, 1 };
		struct jv *q = rest_params_parse(&t, text, size, 1, 1);

		memset(&r, 0, sizeof(r));
		r.old = old;
		r.new = new;
		r.out = &u;
		r.toks = &t;
		r.file = "q";
		r.context = "GET /items/articles";
		rest_query(&r, "articles", 0, q, &site, 0);
		rest_write(&r, "pages", 0, q, UA_CREATE, &site);
		check(&u);
		rest_ctx_release(&r);
		usage_set_release(&u);
	}
	jv_toks_release(&t);
	for (k = 0; k < 4; k++) {
		struct usage_set u = USAGE_SET_INIT;
		struct usage_opts o;

		memset(&o, 0, sizeof(o));
		o.max_depth = k & 1 ? 2 : 0;
		usage_js_scan(k & 2 ? "f.vue" : "f.ts", text, size, NULL,
		    k & 1 ? old : NULL, new, &o, &u);
		usage_set_sort(&u);
		check(&u);
		usage_set_release(&u);
	}
	return 0;
}
