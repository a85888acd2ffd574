/*
 * gql_naming.h: how Directus 11.17.4 names things in its GraphQL schemas
 * (api/src/services/graphql/; reference graphql-usage-and-ts-types.md
 * sections 1.1-1.3): which collections GraphQL serves, the root fields of
 * a collection and their reverse, the type names of a collection and their
 * reverse, and the Directus type -> GraphQL scalar mapping.
 *
 * The module knows no snapshot: reverse lookups ask the caller through a
 * gql_lookup_fn whether a name is a collection, and resolve by LOOKING UP
 * existing collection names (longest match), not by Directus's sequential
 * suffix stripping (which turns create_news_item_items into "news").
 * Returned strings are static, or borrowed from what the lookup returned.
 * Functions that build a name append it to a struct buf (buf.h).
 */
#ifndef DRIFT_GQL_NAMING_H
#define DRIFT_GQL_NAMING_H

#include <stddef.h>

struct buf;

enum gql_scope {
	GQL_ITEMS = 0, /* POST /graphql */
	GQL_SYSTEM = 1 /* POST /graphql/system */
};

enum gql_root_kind { GQL_QUERY = 0, GQL_MUTATION, GQL_SUBSCRIPTION };

/* why GraphQL skips a collection (sanitizeGraphqlSchema) */
enum gql_skip {
	GQL_SKIP_NONE = 0, /* served */
	GQL_SKIP_INVALID,  /* not /^[_A-Za-z][_0-9A-Za-z]*$/ */
	GQL_SKIP_DUNDER,   /* starts with __ */
	GQL_SKIP_RESERVED  /* Query, Int, JSON, ... */
};

/* 1 when s[0..len) is a GraphQL Name: /^[_A-Za-z][_0-9A-Za-z]*$/ */
int gql_valid_name(const char *s, size_t len);
/* the reason GraphQL leaves the collection out, or GQL_SKIP_NONE */
enum gql_skip gql_collection_skip(const char *collection);
/* 1 for Subscription, Query, Mutation, Int, Float, String, Boolean,
   DateTime, ID, uid, Point, PointList, Polygon, MultiPolygon, JSON, Hash,
   Date, Void */
int gql_reserved_name(const char *s, size_t len);
/* 1 when the collection name is a system one (directus_ prefix) */
int gql_is_system_name(const char *collection);
/* 1 for SYSTEM_DENY_LIST: directus_collections, directus_fields,
   directus_relations, directus_migrations, directus_sessions,
   directus_extensions (no generated roots in /graphql/system) */
int gql_system_denied(const char *collection);
/* 1 for READ_ONLY: directus_activity, directus_revisions (no mutations) */
int gql_read_only(const char *collection);
/* 1 when the collection has root fields in the scope: a valid name, items:
   not a system collection; system: a system one not denied */
int gql_in_scope(const char *collection, enum gql_scope scope);

/* the root fields Directus generates for a collection */
enum gql_op {
	GQL_OP_NONE = 0,
	GQL_OP_READ,             /* <c> (list; a singleton: one object) */
	GQL_OP_READ_BY_ID,       /* <c>_by_id, non-singleton */
	GQL_OP_AGGREGATE,        /* <c>_aggregated, non-singleton */
	GQL_OP_READ_VERSION,     /* <c>_by_version, items scope only */
	GQL_OP_CREATE_ITEMS,     /* create_<c>_items */
	GQL_OP_CREATE_ITEM,      /* create_<c>_item */
	GQL_OP_UPDATE_ITEMS,     /* update_<c>_items */
	GQL_OP_UPDATE_BATCH,     /* update_<c>_batch */
	GQL_OP_UPDATE_ITEM,      /* update_<c>_item */
	GQL_OP_UPDATE_SINGLETON, /* update_<c>, singleton only */
	GQL_OP_DELETE_ITEMS,     /* delete_<c>_items -> delete_many */
	GQL_OP_DELETE_ITEM,      /* delete_<c>_item -> delete_one */
	GQL_OP_MUTATED,          /* subscription <c>_mutated */
	GQL_OP_ME,               /* system: users_me -> directus_users */
	GQL_OP_UPDATE_ME,        /* system: update_users_me */
	GQL_OP_IMPORT_FILE,      /* system: import_file -> directus_files */
	GQL_OP_SYSTEM_OTHER      /* a system root that is no collection's:
	                            server_info, auth_login, fields, ... */
};
#define GQL_OP__COUNT (GQL_OP_SYSTEM_OTHER + 1)

/* "read", "read_by_id", "aggregate", ..., "system" */
const char *gql_op_name(enum gql_op op);
/* the operation type a root field of op lives in */
enum gql_root_kind gql_op_kind(enum gql_op op);
/* 1 for the create/update/delete ops (ME/IMPORT included) */
int gql_op_is_write(enum gql_op op);

/*
 * Appends to out the root field name of (collection, op) in scope and
 * returns 1, or returns 0 (out unchanged) when Directus does not generate
 * that root for it: singleton rules, READ_ONLY, the scope (items: no
 * system collections; system: the directus_ prefix removed, no
 * _by_version, deny list), invalid names.  GQL_OP_MUTATED exists for
 * every valid collection (system ones too, in both scopes).
 */
int gql_root_name(const char *collection, int singleton, enum gql_scope scope,
    enum gql_op op, struct buf *out);

/*
 * The caller's collection index: when name[0..len) is a collection
 * (either snapshot, or built in; name is NUL-terminated at len), returns
 * its spelling (borrowed; it must outlive the result) and sets
 * *singleton; else NULL.
 */
typedef const char *(*gql_lookup_fn)(
    const char *name, size_t len, int *singleton, void *arg);

struct gql_root {
	const char *collection; /* from lookup; NULL for SYSTEM_OTHER */
	enum gql_op op;
	int singleton;
};

/*
 * A root field name back to (collection, op), by looking collection names
 * up (exact name first, as Directus does; then the longest collection
 * that a root-field pattern of this kind allows).  Returns 1 with *out
 * filled, 0 when the name is no root field of a known collection (*out
 * zeroed).
 */
int gql_root_parse(enum gql_root_kind kind, enum gql_scope scope,
    const char *name, gql_lookup_fn lookup, void *arg, struct gql_root *out);

/* 1 when name is one of the fixed system roots that belong to no
   collection (server_info, collections, auth_login, utils_hash_generate,
   users_me_tfa_enable, ...), for the operation type kind */
int gql_system_other_root(enum gql_root_kind kind, const char *name);

/* the GraphQL types Directus generates for a collection */
enum gql_type_kind {
	GQLT_NONE = 0,
	GQLT_OBJECT,            /* <c> (read type; an m2a union member) */
	GQLT_VERSION,           /* version_<c> */
	GQLT_AGGREGATED,        /* <c>_aggregated */
	GQLT_AGGREGATED_COUNT,  /* <c>_aggregated_count */
	GQLT_AGGREGATED_FIELDS, /* <c>_aggregated_fields */
	GQLT_FILTER,            /* <c>_filter */
	GQLT_QUANTIFIER_FILTER, /* <c>_quantifier_filter */
	GQLT_CREATE_INPUT,      /* create_<c>_input */
	GQLT_UPDATE_INPUT,      /* update_<c>_input */
	GQLT_MUTATED,           /* <c>_mutated (subscription payload) */
	GQLT_UNION              /* <c>_<f>_union (m2a item field f) */
};

/* appends the type name; field is used by GQLT_UNION only */
void gql_type_name(enum gql_type_kind k, const char *collection,
    const char *field, struct buf *out);

struct gql_type {
	enum gql_type_kind kind;
	const char *collection; /* from lookup */
	const char *field;      /* GQLT_UNION: points into the parsed name */
	size_t field_len;
};

/* a type name back to its collection (exact collection name first, then
   the longest collection a pattern allows); 1, or 0 (*out zeroed) */
int gql_type_parse(
    const char *name, gql_lookup_fn lookup, void *arg, struct gql_type *out);

/* 1 for the fixed types and scalars of Directus's schemas that belong to
   no collection: count_functions, date_functions, time_functions,
   datetime_functions, delete_one, delete_many, EventEnum,
   *_filter_operators, Boolean, Date, Float, GraphQLBigInt,
   GraphQLGeoJSON, GraphQLStringOrFloat, Hash, ID, Int, JSON, String,
   Void, and the introspection types (__Schema, ...) */
int gql_builtin_type(const char *name);

/* GraphQL scalars of Directus's schemas */
enum gql_scalar {
	GQLS_STRING = 0,
	GQLS_INT,
	GQLS_FLOAT,
	GQLS_BOOLEAN,
	GQLS_BIGINT, /* GraphQLBigInt (serialized as a string) */
	GQLS_JSON,
	GQLS_DATE,       /* date, time, dateTime, timestamp */
	GQLS_HASH,       /* hash, or any type with special conceal */
	GQLS_ID,         /* uuid (and every primary key on read) */
	GQLS_GEOJSON,    /* GraphQLGeoJSON (geometry, geometry.*) */
	GQLS_STRING_LIST /* csv: [String] */
};

/* getGraphQLType(type, special): conceal -> Hash whatever the type */
enum gql_scalar gql_scalar_for(const char *type, int conceal);
/* "String", "Int", ..., "[String]" */
const char *gql_scalar_name(enum gql_scalar s);
/* the filter input type of a field: "number_filter_operators", ... (a
   primary key keeps its own type's operators, not ID's) */
const char *gql_filter_operators(const char *type, int conceal);
/* "<f>_func" type of a Directus type: date_functions, time_functions,
   datetime_functions, count_functions (json, alias), or NULL */
const char *gql_func_type(const char *type);
/* 1 when field is a member of the func type ("year" of
   datetime_functions, "count" of count_functions, ...) */
int gql_func_member(const char *func_type, const char *field);
/* 1 when the type is in <c>_aggregated_fields (Int, Float, BigInt) */
int gql_numeric_type(const char *type, int conceal);

/* a field of <c>_aggregated */
enum gql_agg {
	GQL_AGG_NONE = 0,
	GQL_AGG_GROUP,     /* group: JSON */
	GQL_AGG_COUNT_ALL, /* countAll: Int */
	GQL_AGG_COUNT,     /* count, countDistinct: every field */
	GQL_AGG_NUMERIC    /* avg, sum, avgDistinct, sumDistinct, min, max:
	                     numeric fields only */
};
enum gql_agg gql_aggregate_fn(const char *name);

/* 1 when one of special's words (comma-separated) is in GENERATE_SPECIAL:
   uuid, date-created, date-updated, role-created, role-updated,
   user-created, user-updated */
int gql_generated_special(const char *word);

enum gql_action { GQLA_READ = 0, GQLA_CREATE, GQLA_UPDATE };

/* what the NonNull rule and the primary key rule need about a field */
struct gql_field_facts {
	const char *type; /* Directus type */
	int conceal;      /* special conceal */
	int generated;    /* special in GENERATE_SPECIAL */
	int uuid_special; /* special uuid */
	int primary_key;
	int nullable;           /* schema.is_nullable */
	int has_default;        /* schema.default_value not null */
	const char *collection; /* for the directus_permissions exception */
};

/*
 * Appends the GraphQL type of a scalar field for the action: a primary
 * key is ID! on read, ID! on create when it has no default and no uuid
 * special (else ID), ID on update (always ID for directus_permissions);
 * other fields are NonNull on read and create when NOT NULL, without a
 * default and not generated; never on update.
 */
void gql_field_type(
    const struct gql_field_facts *f, enum gql_action a, struct buf *out);

#endif
