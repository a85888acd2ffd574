/*
 * gql_naming.c: Directus 11.17.4's GraphQL names (gql_naming.h).
 */
#include "drift/compat.h"

#include <string.h>

#include "drift/buf.h"
#include "drift/gql_naming.h"

#define SYS_PREFIX "directus_"
#define SYS_PREFIX_LEN 9

static int
name_start(int c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

int
gql_valid_name(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0 || !name_start((unsigned char)s[0]))
		return 0;
	for (i = 1; i < len; i++)
		if (!name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
in_list(const char *const *list, const char *s, size_t len)
{
	size_t i;

	char c0 = len > 0 ? s[0] : '\0';

	/* the first byte first: most entries differ there */
	for (i = 0; list[i] != NULL; i++)
		if (list[i][0] == c0 && strlen(list[i]) == len &&
		    memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

static const char *const reserved[] = { "Subscription", "Query", "Mutation",
	"Int", "Float", "String", "Boolean", "DateTime", "ID", "uid", "Point",
	"PointList", "Polygon", "MultiPolygon", "JSON", "Hash", "Date", "Void",
	NULL };

int
gql_reserved_name(const char *s, size_t len)
{
	return s != NULL && in_list(reserved, s, len);
}

enum gql_skip
gql_collection_skip(const char *collection)
{
	size_t len = collection != NULL ? strlen(collection) : 0;

	if (!gql_valid_name(collection, len))
		return GQL_SKIP_INVALID;
	if (len >= 2 && collection[0] == '_' && collection[1] == '_')
		return GQL_SKIP_DUNDER;
	if (gql_reserved_name(collection, len))
		return GQL_SKIP_RESERVED;
	return GQL_SKIP_NONE;
}

int
gql_is_system_name(const char *collection)
{
	return collection != NULL &&
	    strncmp(collection, SYS_PREFIX, SYS_PREFIX_LEN) == 0;
}

static const char *const deny_list[] = { "directus_collections",
	"directus_fields", "directus_relations", "directus_migrations",
	"directus_sessions", "directus_extensions", NULL };
static const char *const read_only[] = { "directus_activity",
	"directus_revisions", NULL };

int
gql_system_denied(const char *collection)
{
	return collection != NULL &&
	    in_list(deny_list, collection, strlen(collection));
}

int
gql_read_only(const char *collection)
{
	return collection != NULL &&
	    in_list(read_only, collection, strlen(collection));
}

int
gql_in_scope(const char *collection, enum gql_scope scope)
{
	if (gql_collection_skip(collection) != GQL_SKIP_NONE)
		return 0;
	if (scope == GQL_SYSTEM)
		return gql_is_system_name(collection) &&
		    !gql_system_denied(collection);
	return !gql_is_system_name(collection);
}

static const char *const op_names[GQL_OP__COUNT] = {
	"none",
	"read",
	"read_by_id",
	"aggregate",
	"read_version",
	"create_items",
	"create_item",
	"update_items",
	"update_batch",
	"update_item",
	"update_singleton",
	"delete_items",
	"delete_item",
	"mutated",
	"me",
	"update_me",
	"import_file",
	"system",
};

const char *
gql_op_name(enum gql_op op)
{
	if ((unsigned)op >= GQL_OP__COUNT)
		return "none";
	return op_names[op];
}

int
gql_op_is_write(enum gql_op op)
{
	return (op >= GQL_OP_CREATE_ITEMS && op <= GQL_OP_DELETE_ITEM) ||
	    op == GQL_OP_UPDATE_ME || op == GQL_OP_IMPORT_FILE;
}

enum gql_root_kind
gql_op_kind(enum gql_op op)
{
	if (op == GQL_OP_MUTATED)
		return GQL_SUBSCRIPTION;
	if (gql_op_is_write(op))
		return GQL_MUTATION;
	return GQL_QUERY;
}

/* 1 when Directus generates op for the collection in scope */
static int
op_exists(const char *c, int singleton, enum gql_scope scope, enum gql_op op)
{
	if (op == GQL_OP_MUTATED)
		return gql_collection_skip(c) == GQL_SKIP_NONE &&
		    !(scope == GQL_SYSTEM && !gql_is_system_name(c));
	if (op == GQL_OP_ME || op == GQL_OP_UPDATE_ME)
		return scope == GQL_SYSTEM && strcmp(c, "directus_users") == 0;
	if (op == GQL_OP_IMPORT_FILE)
		return scope == GQL_SYSTEM && strcmp(c, "directus_files") == 0;
	if (!gql_in_scope(c, scope))
		return 0;
	if (gql_op_is_write(op) && gql_read_only(c))
		return 0;
	switch (op) {
	case GQL_OP_READ:
		return 1;
	case GQL_OP_READ_VERSION:
		return scope == GQL_ITEMS;
	case GQL_OP_UPDATE_SINGLETON:
		return singleton;
	case GQL_OP_READ_BY_ID:
	case GQL_OP_AGGREGATE:
	case GQL_OP_CREATE_ITEMS:
	case GQL_OP_CREATE_ITEM:
	case GQL_OP_UPDATE_ITEMS:
	case GQL_OP_UPDATE_BATCH:
	case GQL_OP_UPDATE_ITEM:
	case GQL_OP_DELETE_ITEMS:
	case GQL_OP_DELETE_ITEM:
		return !singleton;
	default:
		return 0;
	}
}

int
gql_root_name(const char *collection, int singleton, enum gql_scope scope,
    enum gql_op op, struct buf *out)
{
	const char *c = collection;

	if (collection == NULL || !op_exists(collection, singleton, scope, op))
		return 0;
	switch (op) {
	case GQL_OP_ME:
		buf_adds(out, "users_me");
		return 1;
	case GQL_OP_UPDATE_ME:
		buf_adds(out, "update_users_me");
		return 1;
	case GQL_OP_IMPORT_FILE:
		buf_adds(out, "import_file");
		return 1;
	case GQL_OP_MUTATED:
		/* read.ts names it after the collection, prefix kept, in
		   both scopes */
		buf_addf(out, "%s_mutated", c);
		return 1;
	default:
		break;
	}
	if (scope == GQL_SYSTEM)
		c += SYS_PREFIX_LEN;
	switch (op) {
	case GQL_OP_READ:
		buf_adds(out, c);
		break;
	case GQL_OP_READ_BY_ID:
		buf_addf(out, "%s_by_id", c);
		break;
	case GQL_OP_AGGREGATE:
		buf_addf(out, "%s_aggregated", c);
		break;
	case GQL_OP_READ_VERSION:
		buf_addf(out, "%s_by_version", c);
		break;
	case GQL_OP_CREATE_ITEMS:
		buf_addf(out, "create_%s_items", c);
		break;
	case GQL_OP_CREATE_ITEM:
		buf_addf(out, "create_%s_item", c);
		break;
	case GQL_OP_UPDATE_ITEMS:
		buf_addf(out, "update_%s_items", c);
		break;
	case GQL_OP_UPDATE_BATCH:
		buf_addf(out, "update_%s_batch", c);
		break;
	case GQL_OP_UPDATE_ITEM:
		buf_addf(out, "update_%s_item", c);
		break;
	case GQL_OP_UPDATE_SINGLETON:
		buf_addf(out, "update_%s", c);
		break;
	case GQL_OP_DELETE_ITEMS:
		buf_addf(out, "delete_%s_items", c);
		break;
	case GQL_OP_DELETE_ITEM:
		buf_addf(out, "delete_%s_item", c);
		break;
	default:
		return 0;
	}
	return 1;
}

static const char *const sys_query_other[] = { "server_specs_oas",
	"server_specs_graphql", "server_ping", "server_info", "server_health",
	"collections", "collections_by_name", "fields", "fields_in_collection",
	"fields_by_name", "relations", "relations_in_collection",
	"relations_by_name", "extensions", "permissions_me", "roles_me",
	"policies_me_globals", NULL };
static const char *const sys_mutation_other[] = { "create_collections_item",
	"update_collections_item", "delete_collections_item",
	"create_fields_item", "update_fields_item", "delete_fields_item",
	"delete_fields_items", "create_relations_item", "update_relations_item",
	"delete_relations_item", "update_extensions_item", NULL };
static const char *const sys_mutation_prefixes[] = { "auth_", "users_me_tfa_",
	"utils_", "users_invite", "users_register", NULL };

int
gql_system_other_root(enum gql_root_kind kind, const char *name)
{
	size_t i, len = strlen(name);

	if (kind == GQL_QUERY)
		return in_list(sys_query_other, name, len);
	if (kind != GQL_MUTATION)
		return 0;
	if (in_list(sys_mutation_other, name, len))
		return 1;
	for (i = 0; sys_mutation_prefixes[i] != NULL; i++)
		if (strncmp(name, sys_mutation_prefixes[i],
			strlen(sys_mutation_prefixes[i])) == 0)
			return 1;
	return 0;
}

struct finder {
	enum gql_scope scope;
	gql_lookup_fn lookup;
	void *arg;
	struct buf name; /* scratch: "directus_" + the root's collection */
	struct gql_root best;
	size_t best_len;
};

/* tries name[0..len) as the collection of op; keeps the longest match */
static void
try_candidate(struct finder *f, const char *s, size_t len, enum gql_op op)
{
	const char *c;
	int singleton = 0;

	if (len == 0)
		return;
	buf_reset(&f->name);
	if (f->scope == GQL_SYSTEM && op != GQL_OP_MUTATED)
		buf_adds(&f->name, SYS_PREFIX);
	buf_add(&f->name, s, len);
	c = f->lookup(f->name.buf, f->name.len, &singleton, f->arg);
	if (c == NULL && f->scope == GQL_SYSTEM && op == GQL_OP_MUTATED) {
		buf_reset(&f->name);
		buf_adds(&f->name, SYS_PREFIX);
		buf_add(&f->name, s, len);
		c = f->lookup(f->name.buf, f->name.len, &singleton, f->arg);
	}
	if (c == NULL || !op_exists(c, singleton, f->scope, op))
		return;
	if (f->best.collection != NULL && f->best_len >= f->name.len)
		return;
	f->best.collection = c;
	f->best.op = op;
	f->best.singleton = singleton;
	f->best_len = f->name.len;
}

static int
ends_with(const char *s, size_t len, const char *suffix, size_t *base)
{
	size_t n = strlen(suffix);

	if (len <= n || memcmp(s + len - n, suffix, n) != 0)
		return 0;
	*base = len - n;
	return 1;
}

int
gql_root_parse(enum gql_root_kind kind, enum gql_scope scope, const char *name,
    gql_lookup_fn lookup, void *arg, struct gql_root *out)
{
	struct finder f;
	size_t len = strlen(name), base;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.scope = scope;
	f.lookup = lookup;
	f.arg = arg;
	buf_init(&f.name, 64);
	if (scope == GQL_SYSTEM) {
		if (kind == GQL_QUERY && strcmp(name, "users_me") == 0)
			try_candidate(&f, "users", 5, GQL_OP_ME);
		else if (kind == GQL_MUTATION &&
		    strcmp(name, "update_users_me") == 0)
			try_candidate(&f, "users", 5, GQL_OP_UPDATE_ME);
		else if (kind == GQL_MUTATION &&
		    strcmp(name, "import_file") == 0)
			try_candidate(&f, "files", 5, GQL_OP_IMPORT_FILE);
		else if (gql_system_other_root(kind, name)) {
			out->op = GQL_OP_SYSTEM_OTHER;
			buf_release(&f.name);
			return 1;
		}
		if (f.best.collection != NULL)
			goto done;
	}
	if (kind == GQL_QUERY) {
		/* an exact collection name wins, as in resolvers/query.ts */
		try_candidate(&f, name, len, GQL_OP_READ);
		if (f.best.collection != NULL)
			goto done;
		if (ends_with(name, len, "_aggregated", &base))
			try_candidate(&f, name, base, GQL_OP_AGGREGATE);
		if (ends_with(name, len, "_by_id", &base))
			try_candidate(&f, name, base, GQL_OP_READ_BY_ID);
		if (ends_with(name, len, "_by_version", &base))
			try_candidate(&f, name, base, GQL_OP_READ_VERSION);
	} else if (kind == GQL_SUBSCRIPTION) {
		if (ends_with(name, len, "_mutated", &base))
			try_candidate(&f, name, base, GQL_OP_MUTATED);
	} else {
		static const struct {
			const char *prefix, *suffix;
			enum gql_op op;
		} pats[] = {
			{ "create_", "_items", GQL_OP_CREATE_ITEMS },
			{ "create_", "_item", GQL_OP_CREATE_ITEM },
			{ "update_", "_items", GQL_OP_UPDATE_ITEMS },
			{ "update_", "_batch", GQL_OP_UPDATE_BATCH },
			{ "update_", "_item", GQL_OP_UPDATE_ITEM },
			{ "update_", "", GQL_OP_UPDATE_SINGLETON },
			{ "delete_", "_items", GQL_OP_DELETE_ITEMS },
			{ "delete_", "_item", GQL_OP_DELETE_ITEM },
		};
		size_t i;

		for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
			size_t pl = strlen(pats[i].prefix);

			if (len <= pl || memcmp(name, pats[i].prefix, pl) != 0)
				continue;
			if (pats[i].suffix[0] == '\0')
				base = len;
			else if (!ends_with(name, len, pats[i].suffix, &base) ||
			    base <= pl)
				continue;
			try_candidate(&f, name + pl, base - pl, pats[i].op);
		}
	}
done:
	buf_release(&f.name);
	if (f.best.collection == NULL)
		return 0;
	*out = f.best;
	return 1;
}

void
gql_type_name(enum gql_type_kind k, const char *collection, const char *field,
    struct buf *out)
{
	switch (k) {
	case GQLT_OBJECT:
		buf_adds(out, collection);
		break;
	case GQLT_VERSION:
		buf_addf(out, "version_%s", collection);
		break;
	case GQLT_AGGREGATED:
		buf_addf(out, "%s_aggregated", collection);
		break;
	case GQLT_AGGREGATED_COUNT:
		buf_addf(out, "%s_aggregated_count", collection);
		break;
	case GQLT_AGGREGATED_FIELDS:
		buf_addf(out, "%s_aggregated_fields", collection);
		break;
	case GQLT_FILTER:
		buf_addf(out, "%s_filter", collection);
		break;
	case GQLT_QUANTIFIER_FILTER:
		buf_addf(out, "%s_quantifier_filter", collection);
		break;
	case GQLT_CREATE_INPUT:
		buf_addf(out, "create_%s_input", collection);
		break;
	case GQLT_UPDATE_INPUT:
		buf_addf(out, "update_%s_input", collection);
		break;
	case GQLT_MUTATED:
		buf_addf(out, "%s_mutated", collection);
		break;
	case GQLT_UNION:
		buf_addf(
		    out, "%s_%s_union", collection, field != NULL ? field : "");
		break;
	default:
		break;
	}
}

/* the collection named s[0..len), when GraphQL serves it */
static const char *
type_collection(
    const char *s, size_t len, gql_lookup_fn lookup, void *arg, struct buf *tmp)
{
	const char *c;
	int singleton = 0;

	if (len == 0)
		return NULL;
	buf_reset(tmp);
	buf_add(tmp, s, len);
	c = lookup(tmp->buf, tmp->len, &singleton, arg);
	if (c == NULL || gql_collection_skip(c) != GQL_SKIP_NONE)
		return NULL;
	/* cppcheck-suppress returnDanglingLifetime ; c is the lookup's */
	return c;
}

int
gql_type_parse(
    const char *name, gql_lookup_fn lookup, void *arg, struct gql_type *out)
{
	static const struct {
		const char *prefix, *suffix;
		enum gql_type_kind kind;
	} pats[] = {
		{ "version_", "", GQLT_VERSION },
		{ "", "_aggregated", GQLT_AGGREGATED },
		{ "", "_aggregated_count", GQLT_AGGREGATED_COUNT },
		{ "", "_aggregated_fields", GQLT_AGGREGATED_FIELDS },
		{ "", "_filter", GQLT_FILTER },
		{ "", "_quantifier_filter", GQLT_QUANTIFIER_FILTER },
		{ "create_", "_input", GQLT_CREATE_INPUT },
		{ "update_", "_input", GQLT_UPDATE_INPUT },
		{ "", "_mutated", GQLT_MUTATED },
	};
	struct buf tmp = BUF_INIT;
	size_t len = strlen(name), i, best = 0, base, pl;
	const char *c;

	memset(out, 0, sizeof(*out));
	c = type_collection(name, len, lookup, arg, &tmp);
	if (c != NULL) {
		out->kind = GQLT_OBJECT;
		out->collection = c;
		goto done;
	}
	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		pl = strlen(pats[i].prefix);
		if (len <= pl || memcmp(name, pats[i].prefix, pl) != 0)
			continue;
		if (pats[i].suffix[0] == '\0')
			base = len;
		else if (!ends_with(name, len, pats[i].suffix, &base) ||
		    base <= pl)
			continue;
		c = type_collection(name + pl, base - pl, lookup, arg, &tmp);
		if (c != NULL && base - pl > best) {
			best = base - pl;
			out->kind = pats[i].kind;
			out->collection = c;
		}
	}
	/* <c>_<f>_union: the longest collection prefix */
	if (ends_with(name, len, "_union", &base)) {
		for (i = base; i-- > 1;) {
			if (name[i] != '_' || i <= best)
				continue;
			c = type_collection(name, i, lookup, arg, &tmp);
			if (c != NULL && i + 1 < base) {
				out->kind = GQLT_UNION;
				out->collection = c;
				out->field = name + i + 1;
				out->field_len = base - i - 1;
				break;
			}
		}
	}
done:
	buf_release(&tmp);
	return out->kind != GQLT_NONE;
}

/* with their lengths: asked of every variable's type */
#define BT(s) \
	{ \
		s, sizeof(s) - 1 \
	}
static const struct {
	const char *s;
	size_t len;
} builtin_types[] = { BT("count_functions"), BT("date_functions"),
	BT("time_functions"), BT("datetime_functions"), BT("delete_one"),
	BT("delete_many"), BT("EventEnum"), BT("Boolean"), BT("Date"),
	BT("Float"), BT("GraphQLBigInt"), BT("GraphQLGeoJSON"),
	BT("GraphQLStringOrFloat"), BT("Hash"), BT("ID"), BT("Int"), BT("JSON"),
	BT("String"), BT("Void"), BT("Query"), BT("Mutation"),
	BT("Subscription") };
#undef BT

int
gql_builtin_type(const char *name)
{
	size_t len = strlen(name), base, i;

	for (i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]); i++)
		if (builtin_types[i].len == len &&
		    memcmp(builtin_types[i].s, name, len) == 0)
			return 1;
	if (len >= 2 && name[0] == '_' && name[1] == '_')
		return 1;
	return ends_with(name, len, "_filter_operators", &base);
}

static int
type_is(const char *type, const char *name)
{
	return type != NULL && strcmp(type, name) == 0;
}

enum gql_scalar
gql_scalar_for(const char *type, int conceal)
{
	if (conceal)
		return GQLS_HASH;
	if (type == NULL)
		return GQLS_STRING;
	if (type_is(type, "boolean"))
		return GQLS_BOOLEAN;
	if (type_is(type, "bigInteger"))
		return GQLS_BIGINT;
	if (type_is(type, "integer"))
		return GQLS_INT;
	if (type_is(type, "decimal") || type_is(type, "float"))
		return GQLS_FLOAT;
	if (type_is(type, "csv"))
		return GQLS_STRING_LIST;
	if (type_is(type, "json"))
		return GQLS_JSON;
	if (strncmp(type, "geometry", 8) == 0 &&
	    (type[8] == '\0' || type[8] == '.'))
		return GQLS_GEOJSON;
	if (type_is(type, "date") || type_is(type, "time") ||
	    type_is(type, "dateTime") || type_is(type, "timestamp"))
		return GQLS_DATE;
	if (type_is(type, "hash"))
		return GQLS_HASH;
	if (type_is(type, "uuid"))
		return GQLS_ID;
	return GQLS_STRING;
}

const char *
gql_scalar_name(enum gql_scalar s)
{
	switch (s) {
	case GQLS_INT:
		return "Int";
	case GQLS_FLOAT:
		return "Float";
	case GQLS_BOOLEAN:
		return "Boolean";
	case GQLS_BIGINT:
		return "GraphQLBigInt";
	case GQLS_JSON:
		return "JSON";
	case GQLS_DATE:
		return "Date";
	case GQLS_HASH:
		return "Hash";
	case GQLS_ID:
		return "ID";
	case GQLS_GEOJSON:
		return "GraphQLGeoJSON";
	case GQLS_STRING_LIST:
		return "[String]";
	default:
		return "String";
	}
}

const char *
gql_filter_operators(const char *type, int conceal)
{
	switch (gql_scalar_for(type, conceal)) {
	case GQLS_BOOLEAN:
		return "boolean_filter_operators";
	case GQLS_BIGINT:
		return "big_int_filter_operators";
	case GQLS_INT:
	case GQLS_FLOAT:
		return "number_filter_operators";
	case GQLS_GEOJSON:
		return "geometry_filter_operators";
	case GQLS_DATE:
		return "date_filter_operators";
	case GQLS_HASH:
		return "hash_filter_operators";
	case GQLS_ID:
		return "id_filter_operators";
	default:
		return "string_filter_operators";
	}
}

const char *
gql_func_type(const char *type)
{
	if (type_is(type, "date"))
		return "date_functions";
	if (type_is(type, "time"))
		return "time_functions";
	if (type_is(type, "dateTime") || type_is(type, "timestamp"))
		return "datetime_functions";
	if (type_is(type, "json") || type_is(type, "alias"))
		return "count_functions";
	return NULL;
}

static const char *const count_f[] = { "count", NULL };
static const char *const date_f[] = { "year", "month", "week", "day", "weekday",
	NULL };
static const char *const time_f[] = { "hour", "minute", "second", NULL };
static const char *const datetime_f[] = { "year", "month", "week", "day",
	"weekday", "hour", "minute", "second", NULL };

const char *const *
gql_func_fields(const char *func_type)
{
	if (func_type == NULL)
		return NULL;
	if (strcmp(func_type, "count_functions") == 0)
		return count_f;
	if (strcmp(func_type, "date_functions") == 0)
		return date_f;
	if (strcmp(func_type, "time_functions") == 0)
		return time_f;
	if (strcmp(func_type, "datetime_functions") == 0)
		return datetime_f;
	return NULL;
}

int
gql_func_member(const char *func_type, const char *field)
{
	const char *const *f = gql_func_fields(func_type);

	return f != NULL && field != NULL && in_list(f, field, strlen(field));
}

const char *
gql_func_filter_type(const char *type)
{
	if (type_is(type, "date"))
		return "date_function_filter_operators";
	if (type_is(type, "time"))
		return "time_function_filter_operators";
	if (type_is(type, "dateTime") || type_is(type, "timestamp"))
		return "datetime_function_filter_operators";
	if (type_is(type, "json") || type_is(type, "alias"))
		return "count_function_filter_operators";
	return NULL;
}

#define OPS_TEXT(T) \
	{ "_eq", T }, { "_neq", T }, { "_contains", T }, { "_icontains", T }, \
	    { "_ncontains", T }, { "_starts_with", T }, \
	    { "_nstarts_with", T }, { "_istarts_with", T }, \
	    { "_nistarts_with", T }, { "_ends_with", T }, \
	    { "_nends_with", T }, { "_iends_with", T }, { "_niends_with", T }, \
	    { "_in", "[" T "]" }, { "_nin", "[" T "]" }, \
	    { "_null", "Boolean" }, { "_nnull", "Boolean" }, \
	    { "_empty", "Boolean" }, \
	{ \
		"_nempty", "Boolean" \
	}
#define OPS_ORDERED(T, L) \
	{ "_eq", T }, { "_neq", T }, { "_in", "[" T "]" }, \
	    { "_nin", "[" T "]" }, { "_gt", T }, { "_gte", T }, { "_lt", T }, \
	    { "_lte", T }, { "_null", "Boolean" }, { "_nnull", "Boolean" }, \
	    { "_between", "[" L "]" }, \
	{ \
		"_nbetween", "[" L "]" \
	}

static const struct gql_arg ops_id[] = { OPS_TEXT("ID") };
static const struct gql_arg ops_string[] = { OPS_TEXT("String") };
static const struct gql_arg ops_boolean[] = { { "_eq", "Boolean" },
	{ "_neq", "Boolean" }, { "_null", "Boolean" },
	{ "_nnull", "Boolean" } };
static const struct gql_arg ops_date[] = { { "_eq", "String" },
	{ "_neq", "String" }, { "_gt", "String" }, { "_gte", "String" },
	{ "_lt", "String" }, { "_lte", "String" }, { "_null", "Boolean" },
	{ "_nnull", "Boolean" }, { "_in", "[String]" }, { "_nin", "[String]" },
	{ "_between", "[GraphQLStringOrFloat]" },
	{ "_nbetween", "[GraphQLStringOrFloat]" } };
static const struct gql_arg ops_number[] = { OPS_ORDERED(
    "GraphQLStringOrFloat", "GraphQLStringOrFloat") };
static const struct gql_arg ops_bigint[] = { OPS_ORDERED(
    "GraphQLBigInt", "GraphQLBigInt") };
static const struct gql_arg ops_geometry[] = { { "_eq", "GraphQLGeoJSON" },
	{ "_neq", "GraphQLGeoJSON" }, { "_intersects", "GraphQLGeoJSON" },
	{ "_nintersects", "GraphQLGeoJSON" },
	{ "_intersects_bbox", "GraphQLGeoJSON" },
	{ "_nintersects_bbox", "GraphQLGeoJSON" }, { "_null", "Boolean" },
	{ "_nnull", "Boolean" } };
static const struct gql_arg ops_hash[] = { { "_null", "Boolean" },
	{ "_nnull", "Boolean" }, { "_empty", "Boolean" },
	{ "_nempty", "Boolean" } };
static const struct gql_arg ops_count_fn[] = { { "count",
    "number_filter_operators" } };
static const struct gql_arg ops_date_fn[] = { { "year",
						  "number_filter_operators" },
	{ "month", "number_filter_operators" },
	{ "week", "number_filter_operators" },
	{ "day", "number_filter_operators" },
	{ "weekday", "number_filter_operators" } };
static const struct gql_arg ops_time_fn[] = { { "hour",
						  "number_filter_operators" },
	{ "minute", "number_filter_operators" },
	{ "second", "number_filter_operators" } };
static const struct gql_arg ops_datetime_fn[] = {
	{ "year", "number_filter_operators" },
	{ "month", "number_filter_operators" },
	{ "week", "number_filter_operators" },
	{ "day", "number_filter_operators" },
	{ "weekday", "number_filter_operators" },
	{ "hour", "number_filter_operators" },
	{ "minute", "number_filter_operators" },
	{ "second", "number_filter_operators" }
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const struct gql_arg *
gql_filter_operator_fields(const char *operators_type, size_t *n)
{
	static const struct {
		const char *name;
		const struct gql_arg *v;
		size_t n;
	} types[] = {
		{ "id_filter_operators", ops_id, NELEM(ops_id) },
		{ "string_filter_operators", ops_string, NELEM(ops_string) },
		{ "boolean_filter_operators", ops_boolean, NELEM(ops_boolean) },
		{ "date_filter_operators", ops_date, NELEM(ops_date) },
		{ "number_filter_operators", ops_number, NELEM(ops_number) },
		{ "big_int_filter_operators", ops_bigint, NELEM(ops_bigint) },
		{ "geometry_filter_operators", ops_geometry,
		    NELEM(ops_geometry) },
		{ "hash_filter_operators", ops_hash, NELEM(ops_hash) },
		{ "count_function_filter_operators", ops_count_fn,
		    NELEM(ops_count_fn) },
		{ "date_function_filter_operators", ops_date_fn,
		    NELEM(ops_date_fn) },
		{ "time_function_filter_operators", ops_time_fn,
		    NELEM(ops_time_fn) },
		{ "datetime_function_filter_operators", ops_datetime_fn,
		    NELEM(ops_datetime_fn) },
	};
	size_t i;

	*n = 0;
	if (operators_type == NULL)
		return NULL;
	for (i = 0; i < NELEM(types); i++)
		if (strcmp(types[i].name, operators_type) == 0) {
			*n = types[i].n;
			return types[i].v;
		}
	return NULL;
}

#define ARGS_QUERY \
	{ "filter", "%s_filter" }, { "sort", "[String]" }, { "limit", "Int" }, \
	    { "offset", "Int" }, { "page", "Int" }, \
	{ \
		"search", "String" \
	}

static const struct gql_arg args_read[] = { ARGS_QUERY };
static const struct gql_arg args_read_singleton[] = { { "version", "String" } };
static const struct gql_arg args_by_id[] = { { "id", "ID!" },
	{ "version", "String" } };
static const struct gql_arg args_aggregate[] = { { "groupBy", "[String]" },
	{ "filter", "%s_filter" }, { "limit", "Int" }, { "offset", "Int" },
	{ "page", "Int" }, { "search", "String" }, { "sort", "[String]" } };
static const struct gql_arg args_by_version[] = { { "version", "String!" },
	{ "id", "ID!" } };
static const struct gql_arg args_create_items[] = { ARGS_QUERY,
	{ "data", "[create_%s_input!]" } };
static const struct gql_arg args_create_item[] = { { "data",
    "create_%s_input!" } };
static const struct gql_arg args_update_items[] = { ARGS_QUERY,
	{ "ids", "[ID]!" }, { "data", "update_%s_input!" } };
static const struct gql_arg args_update_batch[] = { ARGS_QUERY,
	{ "data", "[update_%s_input!]" } };
static const struct gql_arg args_update_item[] = { { "id", "ID!" },
	{ "data", "update_%s_input!" } };
static const struct gql_arg args_update_singleton[] = { { "data",
    "update_%s_input!" } };
static const struct gql_arg args_delete_items[] = { { "ids", "[ID]!" } };
static const struct gql_arg args_delete_item[] = { { "id", "ID!" } };
static const struct gql_arg args_mutated[] = { { "event", "EventEnum" } };
static const struct gql_arg args_update_me[] = { { "data",
    "update_%s_input" } };
static const struct gql_arg args_import_file[] = { { "url", "String!" },
	{ "data", "create_%s_input" } };

const struct gql_arg *
gql_root_args(enum gql_op op, int singleton, size_t *n)
{
#define RET(a) \
	do { \
		*n = NELEM(a); \
		return a; \
	} while (0)
	switch (op) {
	case GQL_OP_READ:
		if (singleton)
			RET(args_read_singleton);
		RET(args_read);
	case GQL_OP_READ_BY_ID:
		RET(args_by_id);
	case GQL_OP_AGGREGATE:
		RET(args_aggregate);
	case GQL_OP_READ_VERSION:
		if (singleton) {
			*n = 1;
			return args_by_version;
		}
		RET(args_by_version);
	case GQL_OP_CREATE_ITEMS:
		RET(args_create_items);
	case GQL_OP_CREATE_ITEM:
		RET(args_create_item);
	case GQL_OP_UPDATE_ITEMS:
		RET(args_update_items);
	case GQL_OP_UPDATE_BATCH:
		RET(args_update_batch);
	case GQL_OP_UPDATE_ITEM:
		RET(args_update_item);
	case GQL_OP_UPDATE_SINGLETON:
		RET(args_update_singleton);
	case GQL_OP_DELETE_ITEMS:
		RET(args_delete_items);
	case GQL_OP_DELETE_ITEM:
		RET(args_delete_item);
	case GQL_OP_MUTATED:
		RET(args_mutated);
	case GQL_OP_UPDATE_ME:
		RET(args_update_me);
	case GQL_OP_IMPORT_FILE:
		RET(args_import_file);
	default:
		*n = 0;
		return NULL;
	}
#undef RET
}

const struct gql_arg *
gql_relation_args(size_t *n)
{
	*n = NELEM(args_read);
	return args_read;
}

const char *const gql_aggregate_names[] = { "group", "countAll", "count",
	"countDistinct", "avg", "sum", "avgDistinct", "sumDistinct", "min",
	"max", NULL };

int
gql_numeric_type(const char *type, int conceal)
{
	enum gql_scalar s = gql_scalar_for(type, conceal);

	return s == GQLS_INT || s == GQLS_FLOAT || s == GQLS_BIGINT;
}

enum gql_agg
gql_aggregate_fn(const char *name)
{
	static const char *const numeric[] = { "avg", "sum", "avgDistinct",
		"sumDistinct", "min", "max", NULL };

	if (name == NULL)
		return GQL_AGG_NONE;
	if (strcmp(name, "group") == 0)
		return GQL_AGG_GROUP;
	if (strcmp(name, "countAll") == 0)
		return GQL_AGG_COUNT_ALL;
	if (strcmp(name, "count") == 0 || strcmp(name, "countDistinct") == 0)
		return GQL_AGG_COUNT;
	if (in_list(numeric, name, strlen(name)))
		return GQL_AGG_NUMERIC;
	return GQL_AGG_NONE;
}

int
gql_generated_special(const char *word)
{
	static const char *const gen[] = { "uuid", "date-created",
		"date-updated", "role-created", "role-updated", "user-created",
		"user-updated", NULL };

	return word != NULL && in_list(gen, word, strlen(word));
}

void
gql_field_type(
    const struct gql_field_facts *f, enum gql_action a, struct buf *out)
{
	int nonnull;

	if (f->primary_key) {
		buf_adds(out, "ID");
		if (f->collection != NULL &&
		    strcmp(f->collection, "directus_permissions") == 0)
			return;
		if (a == GQLA_READ ||
		    (a == GQLA_CREATE && !f->has_default && !f->uuid_special))
			buf_addch(out, '!');
		return;
	}
	buf_adds(out, gql_scalar_name(gql_scalar_for(f->type, f->conceal)));
	nonnull = !f->nullable && !f->has_default && !f->generated &&
	    a != GQLA_UPDATE;
	if (nonnull)
		buf_addch(out, '!');
}
