/*
 * usage_js.h: JS/TS/Vue/Svelte/Astro files -> usage (issue 12).  Finds
 * GraphQL documents (gql/graphql tagged templates and calls, strings and
 * templates after a GraphQL magic comment, the SDK's untagged
 * client.query(doc, vars, 'system')) with the token scanner (js_scan.h)
 * and hands each to usage_gql_add() with its ${} holes blanked and its
 * file:line:col (at once, or later: usage_js_scan_docs, usage_js_feed).  Vue and Svelte <script> blocks and Astro frontmatter
 * and <script> blocks are scanned in place, so line numbers are the
 * file's.
 *
 * The same tokens (js_value.h) then go to usage_sdk.h for the REST forms:
 * @directus/sdk commands, the legacy SDK and REST URLs.
 *
 * Ownership: file and text are borrowed for the call; records, problems
 * and notes go to out (strings in its arena).
 */
#ifndef DRIFT_USAGE_JS_H
#define DRIFT_USAGE_JS_H

#include <stddef.h>
#include <stdint.h>

#include "drift/usage.h"

struct snapshot;
struct usage_gql;
struct usage_gql_parsed;

/*
 * The GraphQL documents of a file, found in file order, for
 * usage_gql_add() later: the GraphQL state is project-wide and
 * order-dependent (fragments, the first definition of a name wins), so
 * the documents are added in walk order even when files are scanned at
 * once (usage_scan.c).
 */
struct usage_jsdoc {
	char *text; /* owned; the content as GraphQL text (holes blanked) */
	size_t len;
	size_t *holes; /* owned; hole offsets in text */
	size_t nholes;
	uint32_t line, col; /* of text[0] */
	int scope;          /* usage_gql_add()'s */
	size_t note_mark;   /* out->nnotes when the document was found */
	const struct usage_gql_parsed *parsed; /* NULL: parsed when fed */
};

struct usage_jsdocs {
	struct usage_jsdoc *v;
	size_t n, a;
};

#define USAGE_JSDOCS_INIT \
	{ \
		NULL, 0, 0 \
	}

void usage_jsdocs_release(struct usage_jsdocs *d);

/*
 * Scans a file: its REST and SDK records, problems and notes go to out,
 * its GraphQL documents to docs (docs NULL: they are skipped).  Touches
 * nothing but its arguments: files may be scanned on several threads,
 * each with its own out and docs.
 */
void usage_js_scan_docs(const char *file, const char *text, size_t len,
    struct usage_jsdocs *docs, const struct snapshot *old,
    const struct snapshot *new, const struct usage_opts *o,
    struct usage_set *out);

/*
 * The second half: adds docs to g in order (into out), with the file's
 * notes notes[0..nnotes) put in out in the order they came: a document's
 * note_mark counts the notes before it from the file's first note (the
 * caller rebases it when out held notes before the file).  file is
 * borrowed for the call.
 */
void usage_js_feed(const char *file, const struct usage_jsdocs *docs,
    const char *const *notes, size_t nnotes, struct usage_gql *g,
    struct usage_set *out);

/* both halves at once; g may be NULL (GraphQL documents are then
   skipped) */
void usage_js_scan(const char *file, const char *text, size_t len,
    struct usage_gql *g, const struct snapshot *old, const struct snapshot *new,
    const struct usage_opts *o, struct usage_set *out);

#endif
