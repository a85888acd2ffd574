/*
 * usage.c: the record set of the usage layer (usage.h): storage, strings
 * in one arena, and a deterministic order.
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/usage.h"
#include "drift/xalloc.h"

static const char *const access_names[UA__COUNT] = {
	"read",
	"filter",
	"sort",
	"aggregate",
	"create",
	"update",
	"delete",
	"type",
};

const char *
usage_access_name(enum usage_access a)
{
	if ((unsigned)a >= UA__COUNT)
		return "read";
	return access_names[a];
}

void
usage_set_release(struct usage_set *u)
{
	arena_free(&u->arena);
	free(u->refs);
	free(u->problems);
	free(u->notes);
	memset(u, 0, sizeof(*u));
}

const char *
usage_strndup(struct usage_set *u, const char *s, size_t len)
{
	if (u->arena == NULL)
		u->arena = arena_new();
	return arena_strndup(u->arena, s, len);
}

const char *
usage_strdup(struct usage_set *u, const char *s)
{
	return usage_strndup(u, s, strlen(s));
}

static const char *
usage_vprintf(struct usage_set *u, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	const char *s;

	buf_vaddf(&b, fmt, ap);
	s = usage_strndup(u, b.len ? b.buf : "", b.len);
	buf_release(&b);
	return s;
}

const char *
usage_printf(struct usage_set *u, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = usage_vprintf(u, fmt, ap);
	va_end(ap);
	return s;
}

struct usage_ref *
usage_add_ref(struct usage_set *u, const struct usage_ref *r)
{
	if (u->nrefs == u->arefs) {
		u->arefs = u->arefs ? u->arefs * 2 : 64;
		u->refs = xreallocarray(u->refs, u->arefs, sizeof(*u->refs));
	}
	u->refs[u->nrefs] = *r;
	return &u->refs[u->nrefs++];
}

struct usage_problem *
usage_add_problem(struct usage_set *u, const struct usage_problem *p)
{
	if (u->nproblems == u->aproblems) {
		u->aproblems = u->aproblems ? u->aproblems * 2 : 16;
		u->problems = xreallocarray(
		    u->problems, u->aproblems, sizeof(*u->problems));
	}
	u->problems[u->nproblems] = *p;
	return &u->problems[u->nproblems++];
}

void
usage_add_note(struct usage_set *u, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = usage_vprintf(u, fmt, ap);
	va_end(ap);
	if (u->nnotes == u->anotes) {
		u->anotes = u->anotes ? u->anotes * 2 : 8;
		u->notes = xreallocarray(
		    u->notes, u->anotes, sizeof(*u->notes));
	}
	u->notes[u->nnotes++] = s;
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == b)
		return 0; /* one file's records share its name */
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
site_cmp(const struct usage_site *a, const struct usage_site *b)
{
	int c = strcmp_null(a->file, b->file);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static int
ref_cmp(const void *x, const void *y)
{
	const struct usage_ref *a = x, *b = y;
	int c;

	if ((c = site_cmp(&a->site, &b->site)) != 0)
		return c;
	if (a->collection != b->collection &&
	    (c = strcmp(a->collection, b->collection)) != 0)
		return c;
	if ((c = strcmp_null(a->field, b->field)) != 0)
		return c;
	if (a->access != b->access)
		return a->access < b->access ? -1 : 1;
	if (a->certainty != b->certainty)
		return a->certainty < b->certainty ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->flags != b->flags)
		return a->flags < b->flags ? -1 : 1;
	return strcmp_null(a->context, b->context);
}

static int
problem_cmp(const void *x, const void *y)
{
	const struct usage_problem *a = x, *b = y;
	int c;

	if ((c = site_cmp(&a->site, &b->site)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp_null(a->collection, b->collection)) != 0)
		return c;
	if ((c = strcmp_null(a->field, b->field)) != 0)
		return c;
	return strcmp_null(a->message, b->message);
}

void
usage_set_sort(struct usage_set *u)
{
	size_t i, n;

	if (u->nrefs > 1) {
		qsort(u->refs, u->nrefs, sizeof(*u->refs), ref_cmp);
		for (i = 1, n = 1; i < u->nrefs; i++)
			if (ref_cmp(&u->refs[n - 1], &u->refs[i]) != 0)
				u->refs[n++] = u->refs[i];
		u->nrefs = n;
	}
	if (u->nproblems > 1) {
		qsort(u->problems, u->nproblems, sizeof(*u->problems),
		    problem_cmp);
		for (i = 1, n = 1; i < u->nproblems; i++)
			if (problem_cmp(&u->problems[n - 1], &u->problems[i]) !=
			    0)
				u->problems[n++] = u->problems[i];
		u->nproblems = n;
	}
}
