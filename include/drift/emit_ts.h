/*
 * emit_ts.h: the TypeScript emitter (issue 13 item 2): the Schema type
 * that @directus/sdk's createDirectus<Schema>() expects, from a snapshot.
 * No CLI knowledge: emit.c calls it through its table of languages.
 *
 * The mapping (shared/reference/graphql-usage-and-ts-types.md 3.1-3.6):
 *   - root keys sorted by collection: regular collections as arrays,
 *     singletons as plain types, junctions too; folders and collections
 *     without fields are left out; then the system collections that have
 *     custom fields or are the target of a relation (only the custom
 *     fields, or the primary key when there are none; arrays, or plain
 *     types with EMIT_CORE_SINGULAR);
 *   - properties: the primary key first, then by name; never optional;
 *     "| null" exactly when schema.is_nullable is true (never on the key);
 *   - m2o: "PK | Target | null" (PK: the TS type of the target's key);
 *     into a system collection "PK | DirectusUser<Schema> | null" when the
 *     targeted SDK has that type; o2m, m2m, translations, files and m2a
 *     aliases: "PK[] | Many[]" (the many side's key); the m2a junction's
 *     item is "string | A | B | null" and its collection field the literal
 *     union of the allowed collections; presentation aliases are omitted;
 *   - scalars: integer, float number; bigInteger and decimal string (or
 *     number); string, text, hash, uuid string; boolean boolean; json
 *     'json'; csv 'csv'; timestamp, dateTime 'datetime'; date, time
 *     'date', 'time' from SDK 22 ('datetime' before); geometry GeoJSON
 *     types emitted in the same file; anything else unknown; choices
 *     (meta.options.choices without allowOther) as literal unions;
 *   - names: PascalCase of the collection (split on anything that is not
 *     an ASCII letter or digit), "_" before a leading digit, the system
 *     collections' extra fields as <Name>Custom; a name taken by the root
 *     type, a helper type, an imported SDK type or an earlier collection
 *     gets the first free suffix 2, 3, ...; keys that are not identifiers
 *     are quoted ('my-items');
 *   - field and collection notes as doc comments.
 */
#ifndef DRIFT_EMIT_TS_H
#define DRIFT_EMIT_TS_H

struct buf;
struct emit_opts;
struct snapshot;

/* appends the TypeScript body for s to out (see emit.h, emit_fn) */
void
emit_ts(const struct snapshot *s, const struct emit_opts *o, struct buf *out);

/* appends the PascalCase type name for a collection name (no suffix) */
void emit_ts_type_name(const char *collection, struct buf *out);

/* appends key as a property key: bare when an identifier, else quoted */
void emit_ts_key(const char *key, struct buf *out);

/* appends s as a single-quoted TypeScript string literal */
void emit_ts_string(const char *s, struct buf *out);

#endif
