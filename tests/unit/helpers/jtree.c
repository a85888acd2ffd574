#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/arena.h"
#include "drift/diag.h"
#include "drift/model.h"
#include "drift/tree.h"
#include "drift/xalloc.h"
#include "helpers/jtree.h"

json_t *
jq(const char *text)
{
	char *s = xstrdup(text), *p;
	json_error_t e;
	json_t *j;

	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	j = json_loads(s, JSON_DECODE_ANY, &e);
	if (j == NULL)
		fail_msg(
		    "bad test JSON at %d:%d: %s", e.line, e.column, e.text);
	free(s);
	return j;
}

static void
build(struct tree *t, const json_t *j, struct tnode *n, uint32_t *counter)
{
	struct arena *a = tree_arena(t);
	size_t i;

	memset(n, 0, sizeof(*n));
	n->line = ++*counter;
	n->col = 1;
	switch (json_typeof(j)) {
	case JSON_NULL:
		tnode_set_null(n);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		tnode_set_bool(n, json_is_true(j));
		break;
	case JSON_INTEGER:
		tnode_set_int(n, json_integer_value(j));
		break;
	case JSON_REAL:
		tnode_set_float(n, json_real_value(j));
		break;
	case JSON_STRING:
		tnode_set_str(n,
		    tree_strndup(
			t, json_string_value(j), json_string_length(j)),
		    json_string_length(j));
		break;
	case JSON_ARRAY:
		n->kind = TN_SEQ;
		n->u.seq.n = json_array_size(j);
		n->u.seq.v = arena_zalloc(
		    a, (n->u.seq.n + 1) * sizeof(struct tnode));
		for (i = 0; i < n->u.seq.n; i++)
			build(t, json_array_get(j, i), &n->u.seq.v[i], counter);
		break;
	case JSON_OBJECT: {
		const char *k;
		json_t *v;

		n->kind = TN_MAP;
		n->u.map.v = arena_zalloc(
		    a, (json_object_size(j) + 1) * sizeof(struct tpair));
		i = 0;
		json_object_foreach((json_t *)j, k, v)
		{
			struct tpair *p = &n->u.map.v[i++];

			p->key = tree_intern(t, k, strlen(k));
			p->line = *counter + 1;
			p->col = 1;
			build(t, v, &p->val, counter);
		}
		n->u.map.n = i;
		break;
	}
	}
}

struct tree *
jtree_from_json(const json_t *j, const char *origin)
{
	struct tree *t = tree_new(origin);
	struct tnode *root = arena_zalloc(tree_arena(t), sizeof(*root));
	uint32_t counter = 0;

	build(t, j, root, &counter);
	tree_set_root(t, root);
	return t;
}

struct snapshot *
jsnap(const json_t *j, const char *origin)
{
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;

	if (snapshot_from_tree(jtree_from_json(j, origin), origin, &s, &err) <
	    0)
		fail_msg("snapshot_from_tree: %s:%u:%u: %s", err.origin,
		    err.line, err.col, err.msg);
	return s;
}

static json_t *
find_entry(json_t *root, const char *spec, size_t *idx, json_t **list)
{
	const char *colon = strchr(spec, ':');
	char kind[32], coll[256], field[256];
	const char *lname;
	size_t i, kl;
	json_t *e;

	assert_non_null(colon);
	kl = (size_t)(colon - spec);
	assert_true(kl < sizeof(kind));
	memcpy(kind, spec, kl);
	kind[kl] = '\0';
	field[0] = '\0';
	if (strcmp(kind, "collection") == 0) {
		lname = "collections";
		snprintf(coll, sizeof(coll), "%s", colon + 1);
	} else {
		const char *dot = strchr(colon + 1, '.');

		assert_non_null(dot);
		snprintf(coll, sizeof(coll), "%.*s", (int)(dot - colon - 1),
		    colon + 1);
		snprintf(field, sizeof(field), "%s", dot + 1);
		lname = strcmp(kind, "field") == 0  ? "fields"
		    : strcmp(kind, "relation") == 0 ? "relations"
						    : "systemFields";
	}
	*list = json_object_get(root, lname);
	json_array_foreach(*list, i, e)
	{
		const char *c = json_string_value(
		    json_object_get(e, "collection"));
		const char *f = json_string_value(json_object_get(e, "field"));

		if (c == NULL || strcmp(c, coll) != 0)
			continue;
		if (field[0] != '\0' && (f == NULL || strcmp(f, field) != 0))
			continue;
		*idx = i;
		return e;
	}
	fail_msg("no entry %s", spec);
	return NULL;
}

json_t *
jentry(json_t *root, const char *spec)
{
	size_t i;
	json_t *list;

	return find_entry(root, spec, &i, &list);
}

void
jset(json_t *root, const char *spec, const char *path, json_t *v)
{
	json_t *o = jentry(root, spec);
	char *copy = xstrdup(path), *p = copy, *dot;

	while ((dot = strchr(p, '.')) != NULL) {
		json_t *next;

		*dot = '\0';
		next = json_object_get(o, p);
		if (!json_is_object(next)) {
			next = json_object();
			json_object_set_new(o, p, next);
		}
		o = next;
		p = dot + 1;
	}
	if (v == NULL)
		json_object_del(o, p);
	else
		json_object_set_new(o, p, v);
	free(copy);
}

void
jremove(json_t *root, const char *spec)
{
	size_t i;
	json_t *list;

	find_entry(root, spec, &i, &list);
	json_array_remove(list, i);
}

void
jappend(json_t *root, const char *list, json_t *entry)
{
	json_t *l = json_object_get(root, list);

	if (l == NULL) {
		l = json_array();
		json_object_set_new(root, list, l);
	}
	json_array_append_new(l, entry);
}
