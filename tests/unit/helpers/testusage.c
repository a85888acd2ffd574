#include "drift/compat.h"

#include <stddef.h>

#include "drift/buf.h"
#include "drift/usage.h"
#include "testusage.h"

void
test_render_usage(struct usage_set *u, struct buf *b, unsigned flags)
{
	static const char *const kinds[] = { "unknown-collection",
		"unknown-field", "depth", "parse" };
	size_t i;

	usage_set_sort(u);
	for (i = 0; i < u->nrefs; i++) {
		const struct usage_ref *r = &u->refs[i];

		buf_addf(b, "%u:%u %s.%s %s%s d%u%s%s%s%s", r->site.line,
		    r->site.col, r->collection, r->field ? r->field : "-",
		    usage_access_name(r->access),
		    r->certainty == UC_POSSIBLY ? " possibly" : "", r->depth,
		    r->flags & UREF_DYNAMIC ? " dynamic" : "",
		    r->flags & UREF_NESTED ? " nested" : "",
		    r->flags & UREF_OLD_ONLY ? " old" : "",
		    r->flags & UREF_TRAVERSE ? " traverse" : "");
		if (flags & TEST_USAGE_CONTEXT)
			buf_addf(b, " | %s", r->context ? r->context : "");
		buf_addch(b, '\n');
	}
	for (i = 0; i < u->nproblems; i++) {
		const struct usage_problem *p = &u->problems[i];

		buf_addf(b, "%s ", kinds[p->kind]);
		if (flags & TEST_USAGE_FILES)
			buf_addf(b, "%s:", p->site.file);
		buf_addf(
		    b, "%u:%u %s\n", p->site.line, p->site.col, p->message);
	}
	for (i = 0; (flags & TEST_USAGE_NOTES) && i < u->nnotes; i++)
		buf_addf(b, "note %s\n", u->notes[i]);
}
