/*
 * diff.h: structural diff and classification of two snapshots.
 *
 * diff_snapshots() matches collections, fields, relations and systemFields
 * by identity (a merge over the sorted indexes of model.h: O(n log n) at
 * worst, nothing quadratic) and classifies every difference with a rule
 * from rules.h.  Rules:
 *   - the fields and relations of a removed collection fold into the one
 *     collection-removed change (listed in its old value), not one each;
 *   - a field removed and another added in the same collection with the
 *     same type and schema is one field-renamed change (still breaking);
 *   - differences that normalization (model.h) calls noise produce nothing;
 *   - an entry missing from a filtered (least-privilege) new side, and an
 *     untracked entry (meta: null) on one side only when the other side's
 *     Directus version writes none, produce no change: one note each
 *     names them;
 *   - a differing "directus" version or vendor is a note, not a change.
 * Changes come out sorted by (collection, entity kind, field, rule, path)
 * so output is deterministic.
 *
 * The change list itself (struct change, struct changeset, fingerprints)
 * is changes.h, included here so callers need only this header.
 *
 * Lifetimes: see changes.h.  cs->notes holds every
 * note for the report: copies of both snapshots' notes followed by the
 * diff's own (versions, vendors, systemFields, filtered side, what a
 * filtered side does not show, untracked entries only one side's version
 * writes), so a report
 * prints cs->notes only.  Folded values (collection-removed/-added,
 * collection-became-folder, folder-became-collection) are the collection
 * entry plus a "fields" sequence of the folded field names, in cs->arena.
 */
#ifndef DRIFT_DIFF_H
#define DRIFT_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "drift/changes.h"
#include "drift/model.h"
#include "drift/rules.h"

/*
 * Compares old against new and appends the changes to cs (which must be
 * initialised).  Returns 0; allocation failure exits.
 */
int diff_snapshots(const struct snapshot *old, const struct snapshot *new,
    struct changeset *cs);

#endif
