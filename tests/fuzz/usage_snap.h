/*
 * usage_snap.h: the built-in snapshot pair of the usage fuzz targets
 * (fuzz_gql, fuzz_rest): NEW with m2o, o2m, m2a, a presentation field
 * and a singleton; OLD with a field and a collection NEW lacks.
 */
#ifndef DRIFT_FUZZ_USAGE_SNAP_H
#define DRIFT_FUZZ_USAGE_SNAP_H

#include <stdlib.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/model.h"

static const char fuzz_usage_new_yaml[] =
    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
    "collections:\n"
    "  - {collection: articles, meta: {collection: articles}, schema: "
    "{name: articles}}\n"
    "  - {collection: authors, meta: {collection: authors}, schema: {name: "
    "authors}}\n"
    "  - {collection: pages, meta: {collection: pages}, schema: {name: "
    "pages}}\n"
    "  - {collection: pages_blocks, meta: {collection: pages_blocks}, "
    "schema: {name: pages_blocks}}\n"
    "  - {collection: block_hero, meta: {collection: block_hero}, schema: "
    "{name: block_hero}}\n"
    "  - {collection: globals, meta: {collection: globals, singleton: "
    "true}, schema: {name: globals}}\n"
    "fields:\n"
    "  - {collection: articles, field: id, type: integer, schema: {name: "
    "id, is_primary_key: true}}\n"
    "  - {collection: articles, field: title, type: string, schema: {name: "
    "title}}\n"
    "  - {collection: articles, field: published_at, type: timestamp, "
    "schema: {name: published_at}}\n"
    "  - {collection: articles, field: author, type: integer, schema: "
    "{name: author}}\n"
    "  - {collection: articles, field: divider, type: alias, meta: "
    "{special: [alias, no-data]}}\n"
    "  - {collection: authors, field: id, type: integer, schema: {name: "
    "id, is_primary_key: true}}\n"
    "  - {collection: authors, field: name, type: string, schema: {name: "
    "name}}\n"
    "  - {collection: authors, field: articles, type: alias, meta: "
    "{special: [o2m]}}\n"
    "  - {collection: authors, field: avatar, type: uuid, schema: {name: "
    "avatar}}\n"
    "  - {collection: pages, field: id, type: integer, schema: {name: id}}\n"
    "  - {collection: pages, field: blocks, type: alias, meta: {special: "
    "[m2a]}}\n"
    "  - {collection: pages_blocks, field: id, type: integer, schema: "
    "{name: id}}\n"
    "  - {collection: pages_blocks, field: pages_id, type: integer, "
    "schema: {name: pages_id}}\n"
    "  - {collection: pages_blocks, field: item, type: string, schema: "
    "{name: item}}\n"
    "  - {collection: pages_blocks, field: collection, type: string, "
    "schema: {name: collection}}\n"
    "  - {collection: block_hero, field: id, type: integer, schema: {name: "
    "id}}\n"
    "  - {collection: block_hero, field: headline, type: string, schema: "
    "{name: headline}}\n"
    "  - {collection: globals, field: site_title, type: string, schema: "
    "{name: site_title}}\n"
    "relations:\n"
    "  - {collection: articles, field: author, related_collection: "
    "authors, meta: {one_field: articles}}\n"
    "  - {collection: authors, field: avatar, related_collection: "
    "directus_files, meta: {one_field: null}}\n"
    "  - {collection: pages_blocks, field: pages_id, related_collection: "
    "pages, meta: {one_field: blocks, junction_field: item}}\n"
    "  - {collection: pages_blocks, field: item, related_collection: null, "
    "meta: {one_allowed_collections: [block_hero, nope], "
    "one_collection_field: collection, junction_field: pages_id}}\n";

static const char fuzz_usage_old_yaml[] =
    "version: 1\ndirectus: 11.17.4\nvendor: postgres\n"
    "collections:\n"
    "  - {collection: articles, meta: {collection: articles}, schema: "
    "{name: articles}}\n"
    "  - {collection: legacy, meta: {collection: legacy}, schema: {name: "
    "legacy}}\n"
    "fields:\n"
    "  - {collection: articles, field: views, type: bigInteger, schema: "
    "{name: views}}\n"
    "  - {collection: articles, field: title, type: string, schema: {name: "
    "title}}\n"
    "  - {collection: legacy, field: html, type: text, schema: {name: "
    "html}}\n"
    "relations: []\n";

static struct snapshot *
fuzz_usage_snapshot(const char *yaml)
{
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;

	if (snapshot_load("fuzz", yaml, strlen(yaml), NULL, &s, &err) < 0)
		abort();
	return s;
}

#endif
