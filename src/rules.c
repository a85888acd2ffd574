/*
 * rules.c: the classification table (SPEC section 4).
 *
 * One row per rule, sorted by id (rule_find() bisects).  The severity of a
 * row is judged from the side of an API consumer: a Jamstack front end that
 * reads items over REST or GraphQL, and forms or scripts that write them.
 * breaking: such a consumer built against the old schema fails against the
 * new one; dangerous: it may fail or lose data; safe: it cannot notice;
 * cosmetic: only the Data Studio looks different.
 */
#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/rules.h"

#define C ENT_COLLECTION
#define F ENT_FIELD
#define R ENT_RELATION
#define S ENT_SYSTEM_FIELD

static const struct rule table[] = {
	{ "collection-accountability-changed", C, "meta.accountability",
	    SEV_SAFE, "activity or revision tracking of a collection changed",
	    "meta.accountability only decides whether writes are logged in "
	    "directus_activity and directus_revisions.  Items read and written "
	    "through the API are the same either way, so no consumer of the "
	    "collection notices; audit tooling reading the activity log might.",
	    "meta:\n  accountability: all\n->\nmeta:\n  accountability: null" },
	{ "collection-added", C, NULL, SEV_SAFE,
	    "a collection (table) was added",
	    "A new collection is a new endpoint (/items/<name>) and a new "
	    "GraphQL type.  Nothing an existing consumer queries changes.  Its "
	    "fields and relations are folded into this one change.",
	    "(absent)\n->\n- collection: events\n  schema:\n    name: events" },
	{ "collection-became-folder", C, "schema", SEV_BREAKING,
	    "a collection lost its table and became a folder",
	    "A folder has no table: /items/<name> and its GraphQL type "
	    "disappear with every item in it.  Consumers reading the "
	    "collection "
	    "fail.  Its removed fields are folded into this change.",
	    "- collection: blog\n  schema:\n    name: blog\n->\n"
	    "- collection: blog\n  meta: {...}   # no schema" },
	{ "collection-meta-changed", C, NULL, SEV_COSMETIC,
	    "a Data Studio setting of a collection changed",
	    "note, icon, color, sort, group, hidden, collapse, "
	    "display_template, translations, preview_url, archive_*, "
	    "sort_field, versioning and item_duplication_fields shape the Data "
	    "Studio (navigation, archive filter, drag sorting, previews); the "
	    "REST and GraphQL item payloads are unchanged.  One change per "
	    "key.",
	    "meta:\n  icon: article\n->\nmeta:\n  icon: newspaper" },
	{ "collection-removed", C, NULL, SEV_BREAKING,
	    "a collection (table) was removed",
	    "/items/<name> and its GraphQL type are gone, with every item in "
	    "it: any consumer that reads or writes it fails.  Its fields and "
	    "relations are folded into this one change (listed in the old "
	    "value) instead of one change each.",
	    "- collection: articles\n  schema:\n    name: articles\n->\n"
	    "(absent)" },
	{ "collection-singleton-changed", C, "meta.singleton", SEV_BREAKING,
	    "a collection became a singleton or stopped being one",
	    "A singleton is read as one object (GET /items/<name> returns an "
	    "object, GraphQL a single type) and a normal collection as a list. "
	    " "
	    "Toggling meta.singleton changes the JSON shape every consumer "
	    "parses.",
	    "meta:\n  singleton: false\n->\nmeta:\n  singleton: true" },
	{ "collection-status-changed", C, "meta.status", SEV_DANGEROUS,
	    "the status (active or inactive) of a collection changed",
	    "Directus 12 marks collections active or inactive (licensing); an "
	    "inactive collection may stop serving its items.  Compared only "
	    "when both sides were written by a version that emits the key.",
	    "meta:\n  status: active\n->\nmeta:\n  status: inactive" },
	{ "collection-tracking-changed", C, "meta", SEV_SAFE,
	    "a table became managed by Directus or unmanaged (meta null)",
	    "meta: null marks a database table without a directus_collections "
	    "row.  Adding or dropping that row changes Data Studio settings, "
	    "not the columns the API serves.",
	    "- collection: legacy\n  meta: null\n->\n- collection: legacy\n"
	    "  meta: {...}" },
	{ "field-added", F, NULL, SEV_SAFE,
	    "an optional field was added to an existing collection",
	    "New keys in item payloads do not disturb readers, and writers "
	    "that do not send the field still succeed because it is not NOT "
	    "NULL without a default (meta.required alone is enforced by the "
	    "Data Studio only, not by the API).",
	    "(absent)\n->\n- collection: articles\n  field: subtitle\n"
	    "  type: string" },
	{ "field-added-required", F, NULL, SEV_BREAKING,
	    "a field that writers must supply was added",
	    "A new column that is NOT NULL without a default, not generated "
	    "and not filled by Directus (auto-increment, date-created, uuid, "
	    "...) makes every create that omits it fail: the API's create "
	    "validation rejects the payload, and the database would too.  "
	    "Existing forms and import scripts do not send it.  meta.required "
	    "alone does not count: the Data Studio enforces it, the API does "
	    "not (on Directus 11.17.4 a REST create without a meta.required "
	    "nullable field succeeds).",
	    "(absent)\n->\n- field: sku\n  schema:\n    is_nullable: false\n"
	    "    default_value: null" },
	{ "field-auto-increment-changed", F, "schema.has_auto_increment",
	    SEV_BREAKING, "auto-increment was turned on or off",
	    "Writers either must now supply ids they used to get from the "
	    "database, or send ids that the database now generates; either way "
	    "creates fail or collide.",
	    "schema:\n  has_auto_increment: true\n->\nschema:\n"
	    "  has_auto_increment: false" },
	{ "field-choices-added", F, "meta.options.choices", SEV_SAFE,
	    "a dropdown or radio field offers more choice values",
	    "Every value that was allowed still is, so stored items and "
	    "front-end code that switches on the values keep working; the "
	    "message names the added values.  Choices are compared by value; "
	    "text, color and icon changes of the same values are "
	    "field-choices-relabelled.",
	    "options:\n  choices: [{value: draft}]\n->\n"
	    "options:\n  choices: [{value: draft}, {value: live}]" },
	{ "field-choices-changed", F, "meta.options.choices", SEV_DANGEROUS,
	    "choice values of a dropdown or radio field were removed or "
	    "renamed",
	    "Front ends often switch on the choice values (status: draft, "
	    "published); a removed or renamed value leaves code paths dead and "
	    "stored items with values the Data Studio no longer offers.  "
	    "Choices are compared by value: the message names the removed "
	    "values (and the added ones, when some were also added).",
	    "options:\n  choices: [{value: draft}, {value: live}]\n->\n"
	    "options:\n  choices: [{value: draft}, {value: published}]" },
	{ "field-choices-relabelled", F, "meta.options.choices", SEV_COSMETIC,
	    "the text, color, icon or order of choices changed, not their "
	    "values",
	    "The API stores and returns the choice values only; their text, "
	    "color and icon, and their order, are what the Data Studio shows. "
	    " With the same set of values no stored item or consumer is "
	    "affected.",
	    "options:\n  choices: [{text: Live, value: live}]\n->\n"
	    "options:\n  choices: [{text: Published, value: live}]" },
	{ "field-conditions-changed", F, "meta.conditions", SEV_DANGEROUS,
	    "the conditions of a field changed",
	    "Conditions can make a field required, read-only or hidden "
	    "depending on other values, so a form that used to save may now be "
	    "refused, or the other way round.",
	    "conditions: null\n->\nconditions:\n"
	    "  - rule: {status: {_eq: live}}\n"
	    "    required: true" },
	{ "field-data-type-changed", F, "schema.data_type", SEV_DANGEROUS,
	    "the database column type changed while the Directus type stayed",
	    "varchar to text or integer to bigint keeps the JSON shape, but "
	    "the "
	    "column was rewritten: ranges, collation, indexes and stored "
	    "values "
	    "may differ.  Vendor spellings of one type are not a change, and "
	    "sides from different vendors are not compared.",
	    "type: string\nschema:\n  data_type: varchar\n->\n"
	    "type: string\nschema:\n  data_type: text" },
	{ "field-default-changed", F, "schema.default_value", SEV_DANGEROUS,
	    "the database default of a field changed, was added or removed",
	    "Writers that omit the field get a different stored value (or "
	    "none: "
	    "a removed default on a NOT NULL column makes their creates fail). "
	    " "
	    "Postgres nextval() defaults differing only in the sequence name "
	    "are "
	    "not a change.",
	    "schema:\n  default_value: draft\n->\nschema:\n"
	    "  default_value: null" },
	{ "field-foreign-key-changed", F, NULL, SEV_BREAKING,
	    "the foreign key target of a column changed",
	    "schema.foreign_key_table or foreign_key_column now points "
	    "elsewhere: ids written by existing consumers refer to the wrong "
	    "table or are rejected, and nested reads return other objects.",
	    "schema:\n  foreign_key_table: authors\n->\nschema:\n"
	    "  foreign_key_table: directus_users" },
	{ "field-generated-changed", F, NULL, SEV_DANGEROUS,
	    "a generated column or its expression changed",
	    "A generated column cannot be written and its value comes from an "
	    "expression: writers that send it fail, readers get other values.",
	    "schema:\n  is_generated: false\n->\nschema:\n"
	    "  is_generated: true" },
	{ "field-index-changed", F, "schema.is_indexed", SEV_SAFE,
	    "a non-unique index was added or removed",
	    "Indexes change query speed, never results: consumers get the same "
	    "items, only faster or slower.  Compared only when both sides were "
	    "written by a Directus that emits is_indexed (11.1.2+).",
	    "schema:\n  is_indexed: false\n->\nschema:\n  is_indexed: true" },
	{ "field-max-length-increased", F, "schema.max_length", SEV_SAFE,
	    "the maximum length of a field was increased or removed",
	    "Everything that could be written still can; values read back are "
	    "unchanged.",
	    "schema:\n  max_length: 100\n->\nschema:\n  max_length: 255" },
	{ "field-max-length-reduced", F, "schema.max_length", SEV_DANGEROUS,
	    "the maximum length of a field was reduced or a limit was added",
	    "Writes longer than the new limit are rejected, and the migration "
	    "may truncate or refuse existing values.  Consumers that only "
	    "write "
	    "short values do not notice, hence dangerous rather than breaking.",
	    "schema:\n  max_length: 255\n->\nschema:\n  max_length: 100" },
	{ "field-meta-changed", F, NULL, SEV_COSMETIC,
	    "a Data Studio setting of a field changed",
	    "note, interface, options (other than choices), display, "
	    "display_options, width, sort, group, hidden, translations, "
	    "validation_message and searchable change how the Data Studio "
	    "shows "
	    "and edits the field; item payloads over REST and GraphQL are "
	    "unchanged.  One change per key.",
	    "meta:\n  width: full\n->\nmeta:\n  width: half" },
	{ "field-not-null-added", F, "schema.is_nullable", SEV_BREAKING,
	    "a column became NOT NULL without a default",
	    "Creates that omit the field, and updates that clear it, are now "
	    "rejected by the database; existing NULL values block the "
	    "migration.",
	    "schema:\n  is_nullable: true\n  default_value: null\n->\n"
	    "schema:\n  is_nullable: false\n  default_value: null" },
	{ "field-not-null-added-with-default", F, "schema.is_nullable",
	    SEV_DANGEROUS, "a column became NOT NULL and has a default",
	    "Creates that omit the field get the default, but writers that "
	    "send "
	    "null explicitly are now rejected.",
	    "schema:\n  is_nullable: true\n->\nschema:\n  is_nullable: false\n"
	    "  default_value: draft" },
	{ "field-nullable-added", F, "schema.is_nullable", SEV_DANGEROUS,
	    "a NOT NULL column became nullable",
	    "Writes keep working, but readers may now get null where they were "
	    "promised a value (a generated TypeScript type loses its "
	    "guarantee).",
	    "schema:\n  is_nullable: false\n->\nschema:\n  is_nullable: true" },
	{ "field-precision-increased", F, NULL, SEV_SAFE,
	    "numeric precision or scale was increased",
	    "Every value that fitted still fits; reads return the same "
	    "numbers.",
	    "schema:\n  numeric_precision: 10\n->\nschema:\n"
	    "  numeric_precision: 12" },
	{ "field-precision-reduced", F, NULL, SEV_DANGEROUS,
	    "numeric precision or scale was reduced",
	    "Large or very precise values are rejected or rounded; existing "
	    "data "
	    "may not fit.  Consumers writing small values do not notice.",
	    "schema:\n  numeric_scale: 4\n->\nschema:\n  numeric_scale: 2" },
	{ "field-presentation-added", F, NULL, SEV_COSMETIC,
	    "a presentation field (divider, notice, group) was added",
	    "Presentation aliases hold no data and never appear in item "
	    "payloads; only the Data Studio form changes.",
	    "(absent)\n->\n- field: divider_seo\n  type: alias\n  meta:\n"
	    "    special: [alias, no-data]" },
	{ "field-presentation-removed", F, NULL, SEV_COSMETIC,
	    "a presentation field (divider, notice, group) was removed",
	    "Presentation aliases hold no data and never appear in item "
	    "payloads; only the Data Studio form changes.",
	    "- field: notice_help\n  type: alias\n  meta:\n"
	    "    special: [alias, no-data]\n->\n(absent)" },
	{ "field-primary-key-changed", F, "schema.is_primary_key", SEV_BREAKING,
	    "the primary key of a collection moved",
	    "Items are addressed by primary key (/items/<name>/<id>) and "
	    "relations store it: links, caches and foreign keys held by "
	    "consumers stop resolving.",
	    "schema:\n  is_primary_key: true\n->\nschema:\n"
	    "  is_primary_key: false" },
	{ "field-readonly-changed", F, "meta.readonly", SEV_COSMETIC,
	    "a field became read-only in the Data Studio or stopped being so",
	    "meta.readonly only disables the input in the Data Studio; the API "
	    "still accepts writes to the field (permissions decide that), so "
	    "no "
	    "API consumer notices.",
	    "meta:\n  readonly: false\n->\nmeta:\n  readonly: true" },
	{ "field-relation-type-changed", F, "meta.special", SEV_BREAKING,
	    "a relational alias changed between o2m and a junction type "
	    "(m2m, m2a, files, translations)",
	    "An o2m field reads as the ids (or nested items) of the related "
	    "collection; an m2m, m2a, files or translations field reads as "
	    "the ids of junction rows, whose nested items sit one level "
	    "deeper.  Consumers of the old shape read junction ids as related "
	    "ids (or the reverse) and nested writes are rejected.",
	    "meta:\n  special: [o2m]\n->\nmeta:\n  special: [m2m]" },
	{ "field-removed", F, NULL, SEV_BREAKING,
	    "a field (column or relational alias) was removed",
	    "Readers that select it get an error (REST fields=, GraphQL "
	    "selection) or a missing key; writers that send it are rejected.  "
	    "Relational aliases (o2m, m2m, m2a, translations, files) count: "
	    "their nested data disappears from responses.",
	    "- collection: articles\n  field: views\n  type: integer\n->\n"
	    "(absent)" },
	{ "field-renamed", F, NULL, SEV_BREAKING,
	    "a field was probably renamed (removed and added with equal "
	    "schema)",
	    "A rename is a removal for every consumer that uses the old name.  "
	    "Reported once, naming both fields, when exactly one removed and "
	    "one "
	    "added column of one collection share type and schema (name "
	    "aside).",
	    "- field: title\n  type: string\n->\n- field: headline\n"
	    "  type: string" },
	{ "field-required-added", F, "meta.required", SEV_SAFE,
	    "meta.required was turned on (enforced by the Data Studio only)",
	    "Directus enforces meta.required in the Data Studio only.  The "
	    "API's create validation (its process-payload step) checks NOT "
	    "NULL columns without a default that are not generated, not "
	    "meta.required: on Directus 11.17.4 a REST create that omits a "
	    "meta.required nullable field succeeds (verified on a real "
	    "instance).  API consumers do not notice; a column made NOT NULL "
	    "is its own, breaking rule (field-not-null-added).",
	    "meta:\n  required: false\n->\nmeta:\n  required: true" },
	{ "field-required-removed", F, "meta.required", SEV_SAFE,
	    "a field is no longer required",
	    "Every write that succeeded still succeeds; reads are unchanged "
	    "(nullability is a separate rule).",
	    "meta:\n  required: true\n->\nmeta:\n  required: false" },
	{ "field-special-changed", F, "meta.special", SEV_DANGEROUS,
	    "the special flags of a field changed",
	    "meta.special drives value casting and generation: cast-json, "
	    "cast-csv, cast-boolean, cast-timestamp change how values are "
	    "serialised; hash and conceal replace what is read back; "
	    "date-created or user-updated fill values.  Compared as a set.",
	    "meta:\n  special: [cast-json]\n->\nmeta:\n  special: null" },
	{ "field-tracking-changed", F, "meta", SEV_SAFE,
	    "a column became managed by Directus or unmanaged (meta null)",
	    "meta: null marks a column without a directus_fields row; the API "
	    "serves the column either way with default settings.",
	    "- field: legacy_code\n  meta: null\n->\n- field: legacy_code\n"
	    "  meta: {...}" },
	{ "field-type-changed", F, "type", SEV_BREAKING,
	    "the Directus type changed to one with another JSON representation",
	    "integer and float come back as JSON numbers, bigInteger and "
	    "decimal as strings, boolean as a boolean, json as any value, csv "
	    "as an array of strings, timestamp, dateTime, date, time, uuid and "
	    "hash as strings of different formats.  A consumer parsing the old "
	    "representation breaks.  A column becoming an alias (or the other "
	    "way) is breaking too.",
	    "type: integer\n->\ntype: bigInteger   # 42 -> \"42\"" },
	{ "field-type-changed-compatible", F, "type", SEV_DANGEROUS,
	    "the Directus type changed within one JSON representation",
	    "string and text (or integer and float, bigInteger and decimal, "
	    "two geometry kinds) read back in the same JSON form, but "
	    "validation, ranges and Data Studio interfaces differ.",
	    "type: string\n->\ntype: text" },
	{ "field-unique-added", F, "schema.is_unique", SEV_DANGEROUS,
	    "a unique constraint was added",
	    "Writes that duplicate an existing value are now rejected, and the "
	    "migration fails if duplicates exist.",
	    "schema:\n  is_unique: false\n->\nschema:\n  is_unique: true" },
	{ "field-unique-removed", F, "schema.is_unique", SEV_SAFE,
	    "a unique constraint was removed",
	    "Every write that succeeded still succeeds.  (Readers relying on "
	    "uniqueness, such as slug lookups, may now see several items; that "
	    "is a data question, not a schema break.)",
	    "schema:\n  is_unique: true\n->\nschema:\n  is_unique: false" },
	{ "field-validation-changed", F, "meta.validation", SEV_DANGEROUS,
	    "the validation rule of a field changed",
	    "The API enforces meta.validation on writes: values that were "
	    "accepted may now be refused (or the other way round).  The "
	    "validation message alone is cosmetic (field-meta-changed).",
	    "meta:\n  validation: null\n->\nmeta:\n  validation:\n"
	    "    _and: [{slug: {_regex: '^[a-z-]+$'}}]" },
	{ "folder-added", C, NULL, SEV_COSMETIC,
	    "a folder (collection without a table) was added",
	    "Folders only group collections in the Data Studio navigation; "
	    "they "
	    "have no table and no endpoint.",
	    "(absent)\n->\n- collection: website\n  meta: {...}   # no "
	    "schema" },
	{ "folder-became-collection", C, "schema", SEV_SAFE,
	    "a folder got a table and became a collection",
	    "A new endpoint appears; nothing that existed changes.  Its added "
	    "fields are folded into this change.",
	    "- collection: blog\n  meta: {...}\n->\n- collection: blog\n"
	    "  schema:\n    name: blog" },
	{ "folder-removed", C, NULL, SEV_COSMETIC,
	    "a folder (collection without a table) was removed",
	    "Folders only group collections in the Data Studio navigation; no "
	    "data or endpoint goes away.",
	    "- collection: website\n  meta: {...}   # no "
	    "schema\n->\n(absent)" },
	{ "relation-added", R, NULL, SEV_SAFE, "a relation was added",
	    "New nested data becomes available; existing queries return what "
	    "they returned before.",
	    "(absent)\n->\n- collection: articles\n  field: author\n"
	    "  related_collection: authors" },
	{ "relation-allowed-collections-added", R,
	    "meta.one_allowed_collections", SEV_SAFE,
	    "a many-to-any relation accepts more collections",
	    "Existing items and writes keep working; readers may meet new item "
	    "types in the m2a list, which union-typed GraphQL queries ignore.",
	    "one_allowed_collections: [heroes]\n->\n"
	    "one_allowed_collections: [heroes, galleries]" },
	{ "relation-allowed-collections-changed", R,
	    "meta.one_allowed_collections", SEV_BREAKING,
	    "a many-to-any relation no longer accepts some collections",
	    "Writers that create nested items of a removed collection are "
	    "rejected, and GraphQL fragments on it (... on galleries) become "
	    "invalid.",
	    "one_allowed_collections: [heroes, galleries]\n->\n"
	    "one_allowed_collections: [heroes]" },
	{ "relation-constraint-added", R, "schema", SEV_DANGEROUS,
	    "a foreign key constraint was added to a relation",
	    "Writes with dangling ids, accepted before, are now rejected; the "
	    "migration fails when existing rows dangle.",
	    "(no schema)\n->\nschema:\n  constraint_name: articles_author_fk" },
	{ "relation-constraint-name-changed", R, "schema.constraint_name",
	    SEV_COSMETIC, "the name of a foreign key constraint changed",
	    "Constraint names never reach API consumers.",
	    "constraint_name: null\n->\nconstraint_name: "
	    "articles_author_foreign" },
	{ "relation-constraint-removed", R, "schema", SEV_SAFE,
	    "the foreign key constraint of a relation was removed",
	    "Every write that succeeded still succeeds; the relation still "
	    "resolves in the API through its Directus metadata.",
	    "schema:\n  constraint_name: articles_author_fk\n->\n(no schema)" },
	{ "relation-deselect-action-changed", R, "meta.one_deselect_action",
	    SEV_DANGEROUS,
	    "what happens to deselected o2m items changed (nullify or delete)",
	    "With delete, removing an item from an o2m list through the API "
	    "deletes that item instead of clearing its foreign key: data loss "
	    "for writers that relied on nullify.",
	    "one_deselect_action: nullify\n->\none_deselect_action: delete" },
	{ "relation-junction-changed", R, NULL, SEV_BREAKING,
	    "the junction of a many-to-many or many-to-any relation changed",
	    "meta.junction_field and one_collection_field name the keys nested "
	    "m2m/m2a data is read and written through; deep queries "
	    "(fields=tags.tags_id.*) and nested writes of existing consumers "
	    "address the old names.",
	    "junction_field: tags_id\n->\njunction_field: tag" },
	{ "relation-meta-changed", R, NULL, SEV_COSMETIC,
	    "a Data Studio setting of a relation changed",
	    "sort_field (drag sorting in the Data Studio) and other relation "
	    "metadata not covered by a specific rule do not change item "
	    "payloads.  One change per key.",
	    "sort_field: null\n->\nsort_field: sort" },
	{ "relation-on-delete-changed", R, "schema.on_delete", SEV_DANGEROUS,
	    "the ON DELETE rule of a foreign key changed",
	    "Deleting a related item now cascades (deleting more than the "
	    "consumer asked for), sets null, or is refused.  Spellings that "
	    "are the same rule are equal, per vendor: null and NO ACTION "
	    "everywhere (Oracle reports NO ACTION as null), case and '_' "
	    "for ' ' (NO_ACTION); on MySQL and MariaDB (vendor mysql) "
	    "RESTRICT and NO ACTION, which InnoDB implements identically.  "
	    "Each side is read with its own vendor.",
	    "on_delete: SET NULL\n->\non_delete: CASCADE" },
	{ "relation-on-update-changed", R, "schema.on_update", SEV_DANGEROUS,
	    "the ON UPDATE rule of a foreign key changed",
	    "Changing a primary key now cascades, nulls or is refused; rarely "
	    "hit by API consumers but data changes silently when it is.  "
	    "Spellings that are the same rule are equal, per vendor: null and "
	    "NO ACTION everywhere (Oracle reports NO ACTION as null), case "
	    "and '_' for ' ' (NO_ACTION); on MySQL and MariaDB (vendor "
	    "mysql) RESTRICT and NO ACTION, which InnoDB implements "
	    "identically.  Each side is read with its own vendor.",
	    "on_update: NO ACTION\n->\non_update: CASCADE" },
	{ "relation-one-field-added", R, "meta.one_field", SEV_SAFE,
	    "an o2m alias was added on the one side of a relation",
	    "The related collection gains a nested list field; existing "
	    "payloads gain a key and nothing else changes.",
	    "one_field: null\n->\none_field: articles" },
	{ "relation-one-field-changed", R, "meta.one_field", SEV_BREAKING,
	    "the o2m alias on the one side of a relation was removed or "
	    "renamed",
	    "Consumers reading author.articles (deep fields, GraphQL) or "
	    "writing nested items through it lose that key.",
	    "one_field: articles\n->\none_field: posts" },
	{ "relation-removed", R, NULL, SEV_BREAKING, "a relation was removed",
	    "The field no longer expands into the related item: deep queries "
	    "(fields=author.name) fail and nested writes are rejected.",
	    "- collection: articles\n  field: author\n  related_collection: "
	    "authors\n->\n(absent)" },
	{ "relation-target-changed", R, "related_collection", SEV_BREAKING,
	    "a relation now points to another collection",
	    "Nested reads return objects of another shape and ids written by "
	    "existing consumers refer to the wrong collection.",
	    "related_collection: authors\n->\nrelated_collection: "
	    "directus_users" },
	{ "relation-tracking-changed", R, "meta", SEV_SAFE,
	    "a foreign key became managed by Directus or unmanaged (meta null)",
	    "meta: null marks a foreign key without a directus_relations row.  "
	    "The database constraint is the same either way.",
	    "meta: null\n->\nmeta: {...}" },
	{ "system-index-added", S, "schema.is_indexed", SEV_SAFE,
	    "an index was added to a Directus system field",
	    "Indexes change speed, never results.  systemFields are compared "
	    "only when both sides have the key (Directus 11.13+).",
	    "(absent)\n->\n- collection: directus_activity\n"
	    "  field: timestamp\n"
	    "  schema: {is_indexed: true}" },
	{ "system-index-removed", S, "schema.is_indexed", SEV_SAFE,
	    "an index on a Directus system field was removed",
	    "Indexes change speed, never results; large activity or revision "
	    "tables may get slow.",
	    "- collection: directus_revisions\n  field: parent\n"
	    "  schema: {is_indexed: true}\n->\n(absent)" },
	{ "types-stale", ENT_SNAPSHOT, NULL, SEV_DANGEROUS,
	    "a committed types file (policy \"types\") does not match the "
	    "snapshot",
	    "The front end is compiled against the types in that file, so "
	    "the compiler checks it against a contract the API no longer "
	    "has: a mismatch shows up at run time, not in the build.  Not "
	    "breaking by itself: the API changes that made the file stale "
	    "are reported by their own rules at their own severity (a removed "
	    "field is breaking whether or not a types file mentions it), and "
	    "a file that is only missing a new collection is harmless until "
	    "someone uses it.  Regenerate the file with the command in the "
	    "message; raise the severity in the policy (severity: "
	    "types-stale: breaking) to fail every run with stale types.",
	    "// directus-drift:types v1 lang=ts sha256=1f2e...\n"
	    "export interface Articles { id: number; title: string | null; }"
	    "\n->\n"
	    "articles.title is now text NOT NULL: the file says "
	    "string | null" },
	{ "usage-depth-exceeded", ENT_FRONTEND, NULL, SEV_DANGEROUS,
	    "a front-end query nests relations deeper than the limit",
	    "A GraphQL selection or a REST/SDK field path that descends more "
	    "relations than the limit (usage-max-depth, default Directus's "
	    "MAX_RELATIONAL_DEPTH of 10) is rejected by Directus past 10 "
	    "levels, and costs one join per level below it; public GraphQL "
	    "endpoints are usually held to 3 or 4.  Reported at the front-end "
	    "file:line:column of the deepest name.",
	    "usage-max-depth: 3\n->\n"
	    "readItems('articles', { fields: ['a.b.c.d.id'] })  # depth 4" },
	{ "usage-unknown-collection", ENT_FRONTEND, NULL, SEV_BREAKING,
	    "the front end names a collection the new schema does not have",
	    "A GraphQL root field, a fragment type, readItems('name') or "
	    "/items/name that resolves in the new snapshot neither directly "
	    "nor through a reported change fails for real: Directus answers "
	    "403 (REST) or a validation error for the whole operation "
	    "(GraphQL).  Usually a typo or a query left behind by a "
	    "removal.  Reported at the front-end file:line:column.",
	    "collections: articles, authors (new snapshot)\n->\n"
	    "query { artcles { id } }   # no collection artcles" },
	{ "usage-unknown-field", ENT_FRONTEND, NULL, SEV_BREAKING,
	    "the front end names a field the new schema does not have",
	    "A selected, filtered, sorted or written field that the new "
	    "snapshot does not have (and no reported change removed) fails: "
	    "403 FORBIDDEN for fields=, filter and sort over REST, a "
	    "validation error for the whole GraphQL operation.  Reported at "
	    "the front-end file:line:column, naming the query or call.",
	    "articles: id, title (new snapshot)\n->\n"
	    "readItems('articles', { fields: ['id', 'titel'] })" },
};

#undef C
#undef F
#undef R
#undef S

const struct rule *
rules_table(size_t *n)
{
	*n = DRIFT_ARRAY_LEN(table);
	return table;
}

static int
rule_cmp(const void *key, const void *elem)
{
	const struct rule *r = elem;

	return strcmp(key, r->id);
}

const struct rule *
rule_find(const char *id)
{
	if (id == NULL)
		return NULL;
	return bsearch(
	    id, table, DRIFT_ARRAY_LEN(table), sizeof(table[0]), rule_cmp);
}

static const char *const sev_names[] = { "cosmetic", "safe", "dangerous",
	"breaking" };

const char *
severity_name(enum severity s)
{
	if ((unsigned)s >= DRIFT_ARRAY_LEN(sev_names))
		return "unknown";
	return sev_names[s];
}

int
severity_parse(const char *name, enum severity *out)
{
	size_t i;
	int ret = -1;

	for (i = 0; name != NULL && i < DRIFT_ARRAY_LEN(sev_names); i++) {
		if (strcmp(name, sev_names[i]) == 0) {
			*out = (enum severity)i;
			ret = 0;
			break;
		}
	}
	return ret;
}

const char *
entity_kind_name(enum entity_kind k)
{
	switch (k) {
	case ENT_COLLECTION:
		return "collection";
	case ENT_FIELD:
		return "field";
	case ENT_RELATION:
		return "relation";
	case ENT_SYSTEM_FIELD:
		return "system-field";
	case ENT_SNAPSHOT:
		return "snapshot";
	case ENT_FRONTEND:
		return "front-end";
	}
	return "unknown";
}
