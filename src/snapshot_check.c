#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/load.h"
#include "drift/snapshot_check.h"
#include "drift/tree.h"

/* the keys every entity of a list has, in the order Directus writes them */
struct entity_keys {
	const char *list; /* "relations" */
	const char *what; /* "relation" */
	const char *keys[5];
};

static const struct entity_keys entity_keys[] = {
	{ "collections", "collection", { "collection", "meta", NULL } },
	{ "fields", "field", { "collection", "field", "type", "meta", NULL } },
	{ "systemFields", "system field",
	    { "collection", "field", "schema", NULL } },
	{ "relations", "relation",
	    { "collection", "field", "related_collection", "meta", NULL } },
};

const struct tnode *
snapshot_check_unwrap(const struct tnode *root)
{
	const struct tnode *data = tnode_get(root, "data");

	if (data == NULL || data->kind != TN_MAP)
		return root;
	if (root->u.map.n == 1)
		return data;
	if (tnode_get(root, "collections") == NULL &&
	    tnode_get(data, "collections") != NULL)
		return data;
	return root;
}

/* 1 when the version string v is at least major.minor; -1 unknown */
static int
at_least(const struct tnode *v, long major, long minor)
{
	const char *s = tnode_str(v);
	char *end;
	long ma, mi = 0;

	if (s == NULL)
		return -1;
	ma = strtol(s, &end, 10);
	if (end == s)
		return -1;
	if (*end == '.')
		mi = strtol(end + 1, NULL, 10);
	return ma > major || (ma == major && mi >= minor);
}

static const char *
shown(const char *origin)
{
	return origin == NULL || strcmp(origin, "-") == 0 ? "<stdin>" : origin;
}

static int
missing(struct derr *err, const char *origin, const struct tnode *at,
    const char *what, const char *key)
{
	derr_set(err, DRIFT_EXIT_INPUT, shown(origin), at->line, at->col,
	    "%s has no \"%s\" key: the snapshot seems cut here (Directus "
	    "always writes it)",
	    what, key);
	return derr_hint(err,
	    "take the snapshot again (directus-drift snapshot -o FILE, or "
	    "the Directus CLI); a file cut by a failed download or a full "
	    "disk must not be compared");
}

/* the keys Directus writes in a relation's meta and schema, all versions */
static const char *const rel_meta_keys[] = { "junction_field",
	"many_collection", "many_field", "one_allowed_collections",
	"one_collection", "one_collection_field", "one_deselect_action",
	"one_field", "sort_field", NULL };
static const char *const rel_schema_keys[] = { "table", "column",
	"foreign_key_table", "foreign_key_column", "constraint_name",
	"on_update", "on_delete", NULL };

/* a relation's meta or schema mapping lacks one of keys */
static int
check_sub(const struct tnode *e, const char *sub, const char *const *keys,
    const char *origin, const char *what, struct derr *err)
{
	const struct tnode *m = tnode_get(e, sub);
	char name[64];
	size_t k;

	if (m == NULL || m->kind != TN_MAP)
		return 0;
	for (k = 0; keys[k] != NULL; k++)
		if (tnode_get_pair(m, keys[k]) == NULL) {
			snprintf(name, sizeof(name), "%s.%s", sub, keys[k]);
			return missing(err, origin, m, what, name);
		}
	return 0;
}

static int
check_entities(
    const struct tnode *root, const char *origin, int modern, struct derr *err)
{
	size_t i, j, k;

	for (i = 0; i < DRIFT_ARRAY_LEN(entity_keys); i++) {
		const struct entity_keys *ek = &entity_keys[i];
		const struct tnode *l = tnode_get(root, ek->list);

		if (l == NULL || l->kind != TN_SEQ)
			continue;
		for (j = 0; j < l->u.seq.n; j++) {
			const struct tnode *e = &l->u.seq.v[j];
			const char *c, *f, *type;
			char what[300];

			if (e->kind != TN_MAP)
				continue;
			c = tnode_str(tnode_get(e, "collection"));
			f = tnode_str(tnode_get(e, "field"));
			if (f != NULL)
				snprintf(what, sizeof(what), "%s %s.%s",
				    ek->what, c ? c : "?", f);
			else
				snprintf(what, sizeof(what), "%s %s", ek->what,
				    c ? c : "?");
			for (k = 0; ek->keys[k] != NULL; k++)
				if (tnode_get_pair(e, ek->keys[k]) == NULL)
					return missing(
					    err, origin, e, what, ek->keys[k]);
			if (strcmp(ek->list, "relations") == 0 &&
			    (check_sub(e, "meta", rel_meta_keys, origin, what,
				 err) < 0 ||
				check_sub(e, "schema", rel_schema_keys, origin,
				    what, err) < 0))
				return -1;
			if (strcmp(ek->list, "fields") != 0)
				continue;
			/* 9.23+ leaves schema out of alias fields only */
			type = tnode_str(tnode_get(e, "type"));
			if (tnode_get_pair(e, "schema") == NULL &&
			    (!modern || type == NULL ||
				strcmp(type, "alias") != 0))
				return missing(err, origin, e, what, "schema");
		}
	}
	return 0;
}

/* the number of the line holding data[len - 1] */
static size_t
count_lines(const char *data, size_t len)
{
	size_t b, lines = 1;

	for (b = 0; b + 1 < len; b++)
		lines += data[b] == '\n';
	return lines;
}

/*
 * 1 when the last line of YAML text that is not blank or a comment is a
 * key or a sequence item without a value ("meta:", "-"): js-yaml writes
 * null, {} or [] for empty values, so only a cut ends a file that way.
 */
static int
ends_without_value(const char *data, size_t len)
{
	size_t end = len, start;

	for (;;) {
		while (end > 0 &&
		    (data[end - 1] == '\n' || data[end - 1] == '\r' ||
			data[end - 1] == ' ' || data[end - 1] == '\t'))
			end--;
		if (end == 0)
			return 0;
		start = end;
		while (start > 0 && data[start - 1] != '\n')
			start--;
		while (
		    start < end && (data[start] == ' ' || data[start] == '\t'))
			start++;
		if (data[start] != '#')
			break;
		end = start; /* a comment line: look at the one before */
	}
	return data[end - 1] == ':' ||
	    (data[end - 1] == '-' && end - 1 == start);
}

int
snapshot_check_whole(const struct tree *t, const char *data, size_t len,
    const char *origin, struct derr *err)
{
	static const char *const always[] = { "version", "directus",
		"collections", "fields", "relations" };
	const struct tnode *root = tree_root(t), *dv;
	size_t i;
	int v923;

	if (root == NULL || root->kind != TN_MAP)
		return 0; /* snapshot_load() has said why */
	if (data != NULL && len > 0 && load_sniff(data, len) == LOAD_YAML &&
	    data[len - 1] != '\n') {
		derr_set(err, DRIFT_EXIT_INPUT, shown(origin),
		    (unsigned)count_lines(data, len), 0,
		    "the YAML snapshot does not end with a line break: it "
		    "seems cut in this line (Directus's export always ends "
		    "with one)");
		return derr_hint(err,
		    "take the snapshot again, or, if you edited the file, "
		    "end it with a newline");
	}
	if (data != NULL && len > 0 && load_sniff(data, len) == LOAD_YAML &&
	    ends_without_value(data, len))
		return derr_set(err, DRIFT_EXIT_INPUT, shown(origin),
		    (unsigned)count_lines(data, len), 0,
		    "the YAML snapshot ends with a key or item without a "
		    "value: it seems cut after this line (Directus writes "
		    "null, {} or [] there)");
	root = snapshot_check_unwrap(root);
	for (i = 0; i < DRIFT_ARRAY_LEN(always); i++)
		if (tnode_get_pair(root, always[i]) == NULL)
			return missing(
			    err, origin, root, "the snapshot", always[i]);
	if (tnode_get(root, "version")->kind != TN_INT)
		return derr_set(err, DRIFT_EXIT_INPUT, shown(origin),
		    tnode_get(root, "version")->line,
		    tnode_get(root, "version")->col,
		    "\"version\" must be an integer (found %s): the snapshot "
		    "seems cut here",
		    tnode_kind_name(tnode_get(root, "version")));
	dv = tnode_get(root, "directus");
	v923 = at_least(dv, 9, 23);
	if (v923 == 1 && tnode_get_pair(root, "vendor") == NULL)
		return missing(err, origin, root, "the snapshot", "vendor");
	return check_entities(root, origin,
	    v923 == 1 || tnode_get_pair(root, "vendor") != NULL, err);
}

int
snapshot_check_same(const struct tree *a, const struct tree *b)
{
	const struct tnode *ra = tree_root(a), *rb = tree_root(b);

	if (ra == NULL || rb == NULL)
		return 0;
	return tnode_equal(
	    snapshot_check_unwrap(ra), snapshot_check_unwrap(rb));
}
