/*
 * snapshot_check.h: is a loaded snapshot whole?  (issue 10, item 11)
 *
 * A YAML export cut at a line break still parses (relations and
 * systemFields come last), so a cut file or body would load as a smaller
 * snapshot and read as removals.  These checks look, on the tree of a
 * snapshot that snapshot_load() accepted, for what Directus always writes
 * (reference directus-snapshot-format.md, 1.2 and 1.5 to 1.8):
 *   - the top-level keys version (an integer), directus, collections,
 *     fields and relations; vendor when directus is 9.23 or later.
 *     (systemFields is not required: real exports of 11.14, 12.1, 13.1
 *     and 14.1 in the corpus lack it, and it comes before relations.)
 *   - in every entity the keys Directus writes for it: collection and
 *     meta for collections; collection, field, type and meta for fields,
 *     and schema too for a field that is not an alias (9.23+) or for every
 *     field (before 9.23, which writes schema: null); collection, field,
 *     related_collection and meta for relations, with the 9 keys of a
 *     relation's meta and the 7 of its schema (when they are mappings);
 *     collection, field and schema for system fields;
 *   - YAML text that ends with a line break (js-yaml always writes one):
 *     a cut at any other byte shows there; and whose last line is not a
 *     key or item without a value ("meta:", "-"), which js-yaml never
 *     writes (null, {} and [] are spelled out).
 * A cut between two whole entries of the last list cannot be seen in the
 * content: for bodies the HTTP framing (http.h) and, when it proves
 * nothing, a second export (cmd_snapshot.c) cover that case.
 *
 * Nothing here allocates what it returns; trees are borrowed.
 */
#ifndef DRIFT_SNAPSHOT_CHECK_H
#define DRIFT_SNAPSHOT_CHECK_H

#include <stddef.h>

struct derr;
struct tnode;
struct tree;

/*
 * borrowed: the snapshot inside root: the "data" of a {"data": ...}
 * envelope (GET /schema/snapshot), else root itself (as model.h reads it)
 */
const struct tnode *snapshot_check_unwrap(const struct tnode *root);

/*
 * Checks the tree of a snapshot as described above; data[0..len) is the
 * text it was loaded from (NULL: the line-break rule is skipped; its last
 * byte must still be readable).  origin names it in messages.  Returns 0, or -1 with err filled: status DRIFT_EXIT_INPUT,
 * the line and column of the entity (or of the top level) that lacks a
 * key, and a message such as
 *   relation articles.author has no "meta" key: the snapshot seems cut
 *   here (Directus always writes it)
 */
int snapshot_check_whole(const struct tree *t, const char *data, size_t len,
    const char *origin, struct derr *err);

/*
 * 1 when the two trees describe the same snapshot (tnode_equal() on what
 * snapshot_check_unwrap() finds): the YAML and the JSON export of one
 * instance do.
 */
int snapshot_check_same(const struct tree *a, const struct tree *b);

#endif
