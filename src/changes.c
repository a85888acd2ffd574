/*
 * changes.c: the change list and change fingerprints (changes.h).
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/changes.h"
#include "drift/xalloc.h"

struct arena *
changeset_arena(struct changeset *cs)
{
	if (cs->arena == NULL)
		cs->arena = arena_new();
	return cs->arena;
}

struct change *
changeset_add(struct changeset *cs, const struct rule *r, enum entity_kind ent,
    const char *collection, const char *field, const char *path,
    const struct tnode *ov, const struct tnode *nv, const char *message)
{
	struct change *c;

	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? cs->alloc * 2 : 64;
		cs->v = xreallocarray(cs->v, cs->alloc, sizeof(*cs->v));
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof(*c));
	c->rule = r;
	c->severity = r->severity;
	c->entity = ent;
	c->collection = collection;
	c->field = ent == ENT_COLLECTION ? NULL : field;
	c->path = path;
	c->old_value = ov;
	c->new_value = nv;
	c->message = arena_strndup(
	    changeset_arena(cs), message, strlen(message));
	change_fingerprint(r->id, c->collection, c->field, path, c->id);
	c->status = CHANGE_REPORTED;
	return c;
}

void
changeset_note(struct changeset *cs, char *note)
{
	cs->notes = xreallocarray(
	    cs->notes, cs->nnotes + 1, sizeof(*cs->notes));
	cs->notes[cs->nnotes++] = note;
}

static int
strcmp_null_first(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
change_cmp(const void *x, const void *y)
{
	const struct change *a = x, *b = y;
	int c = strcmp(a->collection, b->collection);

	if (c == 0)
		c = (int)a->entity - (int)b->entity;
	if (c == 0)
		c = strcmp_null_first(a->field, b->field);
	if (c == 0)
		c = strcmp(a->rule->id, b->rule->id);
	if (c == 0)
		c = strcmp_null_first(a->path, b->path);
	return c;
}

void
changeset_sort(struct changeset *cs)
{
	if (cs->n > 1)
		qsort(cs->v, cs->n, sizeof(*cs->v), change_cmp);
}

void
changeset_release(struct changeset *cs)
{
	size_t i;

	if (cs == NULL)
		return;
	free(cs->v);
	for (i = 0; i < cs->nnotes; i++)
		free(cs->notes[i]);
	free(cs->notes);
	arena_free(&cs->arena);
	memset(cs, 0, sizeof(*cs));
}

/*
 * FNV-1a, 64 bits, over "rule\0collection\0field\0path" (a NULL field or
 * path hashes as the empty string); the id is the top 48 bits in 12
 * lowercase hex digits.  Stable across runs, platforms and versions: ids
 * are pinned in test_diff.c, test_changes.c and in users' waiver files.
 */
void
change_fingerprint(const char *rule, const char *collection, const char *field,
    const char *path, char out[13])
{
	static const char hex[] = "0123456789abcdef";
	const char *parts[4];
	uint64_t h = 14695981039346656037ULL, top;
	size_t i;
	int k;

	parts[0] = rule;
	parts[1] = collection;
	parts[2] = field;
	parts[3] = path;
	for (i = 0; i < 4; i++) {
		const unsigned char *p = (const unsigned char *)(parts[i]
			? parts[i]
			: "");

		if (i > 0) /* the NUL separator: h ^= 0, then multiply */
			h *= 1099511628211ULL;
		for (; *p != '\0'; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
	}
	top = h >> 16;
	for (k = 11; k >= 0; k--) {
		out[k] = hex[top & 0xf];
		top >>= 4;
	}
	out[12] = '\0';
}
