/*
 * jtree.h: test helpers that build trees and snapshots from JSON text via
 * jansson, and edit snapshot documents by entity ("field:articles.title").
 *
 * Positions are fake but deterministic: every node gets line = its visit
 * order (1-based, depth first), col = 1.  Tests that check real positions
 * use the loader (snapshot_load) instead.
 */
#ifndef DRIFT_TEST_JTREE_H
#define DRIFT_TEST_JTREE_H

#include <jansson.h>

struct snapshot;
struct tree;

/* new: text with every ' turned into " parsed by jansson; fails the test */
json_t *jq(const char *text);
/* new: a tree mirroring j (borrowed) */
struct tree *jtree_from_json(const json_t *j, const char *origin);
/* new: snapshot_from_tree of j; fails the test on error */
struct snapshot *jsnap(const json_t *j, const char *origin);
/*
 * borrowed: the entry named by spec in a snapshot document:
 * "collection:NAME", "field:COLL.FIELD", "relation:COLL.FIELD",
 * "system:COLL.FIELD"; fails the test when absent
 */
json_t *jentry(json_t *root, const char *spec);
/* sets dotted path in the entry (creating objects); v stolen; NULL deletes */
void jset(json_t *root, const char *spec, const char *path, json_t *v);
/* removes the entry named by spec */
void jremove(json_t *root, const char *spec);
/* appends entry (stolen) to the list named list ("fields") */
void jappend(json_t *root, const char *list, json_t *entry);

#endif
