/*
 * fuzz_gql.c: libFuzzer target for GraphQL documents (gql_parse.h,
 * usage_gql.h).  The input is a document; each 0x01 byte marks an
 * interpolation hole (it is blanked to a space and its offset passed on,
 * as the JS scanner does with ${...}); the input length picks the scope
 * (items, system, unknown).  The document is parsed directly, then added
 * twice (two files: fragments are project-wide) and resolved against a
 * small built-in snapshot with m2o, o2m, m2a and a singleton, and a
 * second one as OLD.
 *
 * Invariants: nothing crashes or leaks; gql_parse returns -1 (a message,
 * a position at line >= 1), 0 (a document with definitions) or 1 (SDL);
 * usage_gql_add adds as many definitions as the parse found, or one
 * UP_PARSE problem; every record has a collection and a site at line >= 1,
 * and every problem a message; the same documents added to a handle bound
 * to the snapshots first (usage_gql_bind: resolved as they come) give the
 * same records, problems and notes, notes in the same order (unless the
 * million-spread cut of all operations together was reached).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/diag.h"
#include "drift/gql_parse.h"
#include "drift/model.h"
#include "drift/usage_gql.h"
#include "usage_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* u and v (both sorted) hold the same records, problems and notes */
static int
same_sets(const struct usage_set *u, const struct usage_set *v)
{
	size_t i;

	if (u->nrefs != v->nrefs || u->nproblems != v->nproblems ||
	    u->nnotes != v->nnotes)
		return 0;
	for (i = 0; i < u->nrefs; i++) {
		const struct usage_ref *a = &u->refs[i], *b = &v->refs[i];

		if (!str_eq(a->collection, b->collection) ||
		    !str_eq(a->field, b->field) || a->access != b->access ||
		    a->certainty != b->certainty || a->depth != b->depth ||
		    a->flags != b->flags ||
		    !str_eq(a->site.file, b->site.file) ||
		    a->site.line != b->site.line ||
		    a->site.col != b->site.col ||
		    !str_eq(a->context, b->context))
			return 0;
	}
	for (i = 0; i < u->nproblems; i++) {
		const struct usage_problem *a = &u->problems[i];
		const struct usage_problem *b = &v->problems[i];

		if (a->kind != b->kind || !str_eq(a->message, b->message) ||
		    !str_eq(a->site.file, b->site.file) ||
		    a->site.line != b->site.line || a->site.col != b->site.col)
			return 0;
	}
	for (i = 0; i < u->nnotes; i++)
		if (!str_eq(u->notes[i], v->notes[i]))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct snapshot *new, *old;
	char *text;
	size_t *holes, nholes = 0, i;
	struct arena *a;
	struct gql_document *doc = NULL;
	struct gql_error err;
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g;
	int rc, n, scope = (int)(size % 3) - 1;

	if (new == NULL) {
		new = fuzz_usage_snapshot(fuzz_usage_new_yaml);
		old = fuzz_usage_snapshot(fuzz_usage_old_yaml);
	}
	if (size > (1u << 20))
		return 0;
	text = malloc(size + 1);
	holes = malloc((size + 1) * sizeof(*holes));
	if (text == NULL || holes == NULL)
		abort();
	for (i = 0; i < size; i++) {
		text[i] = (char)data[i];
		if (data[i] == 1) {
			text[i] = ' ';
			holes[nholes++] = i;
		}
	}
	text[size] = '\0';

	a = arena_new();
	rc = gql_parse(a, text, size, holes, nholes, 0, &doc, &err);
	if (rc == -1) {
		if (doc != NULL || err.msg[0] == '\0' || err.pos.line < 1 ||
		    err.pos.off > size)
			abort();
	} else if (rc == 0) {
		if (doc == NULL || doc->ndefs == 0)
			abort();
	} else if (rc != 1 || doc != NULL)
		abort();

	g = usage_gql_new();
	n = usage_gql_add(
	    g, "a.graphql", 1, 1, text, size, holes, nholes, scope, &u);
	if (rc == 0 && n != (int)doc->ndefs)
		abort();
	if (rc != 0 && (n != 0 || u.nproblems != (rc == -1 ? 1u : 0u)))
		abort();
	usage_gql_add(g, "src/b.ts", 7, 9, text, size, holes, nholes, 0, &u);
	usage_gql_resolve(g, old, new, NULL, &u);
	usage_set_sort(&u);
	for (i = 0; i < u.nrefs; i++)
		if (u.refs[i].collection == NULL || u.refs[i].site.line < 1 ||
		    u.refs[i].site.file == NULL || u.refs[i].context == NULL)
			abort();
	for (i = 0; i < u.nproblems; i++)
		if (u.problems[i].message == NULL ||
		    u.problems[i].message[0] == '\0' ||
		    u.problems[i].site.line < 1)
			abort();
	usage_gql_free(&g);
	{
		struct usage_set v = USAGE_SET_INIT;
		int total_cut = 0;

		g = usage_gql_new();
		usage_gql_bind(g, old, new, NULL);
		usage_gql_add(
		    g, "a.graphql", 1, 1, text, size, holes, nholes, scope, &v);
		usage_gql_add(
		    g, "src/b.ts", 7, 9, text, size, holes, nholes, 0, &v);
		usage_gql_resolve(g, old, new, NULL, &v);
		usage_set_sort(&v);
		for (i = 0; i < u.nnotes; i++)
			if (strstr(u.notes[i], "expanded in all") != NULL)
				total_cut = 1;
		if (!total_cut && !same_sets(&u, &v))
			abort();
		usage_gql_free(&g);
		usage_set_release(&v);
	}
	usage_set_release(&u);
	arena_free(&a);
	free(text);
	free(holes);
	return 0;
}
