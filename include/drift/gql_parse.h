/*
 * gql_parse.h: a hand-written lexer and recursive-descent parser for
 * GraphQL executable documents (GraphQL spec, Appendix C; reference
 * graphql-usage-and-ts-types.md 2.3): operations (query, mutation,
 * subscription, the anonymous shorthand), variables with types and
 * default values, directives, arguments with every value kind (block
 * strings with the indentation rules, escapes \uXXXX and \u{...} with
 * surrogate pairs, numbers with the lookahead rule, enums, lists,
 * objects), fragments, inline fragments and aliases.
 *
 * Every name carries its position (line, col: 1-based, col in code points,
 * CR, LF and CRLF each one line break) relative to the start of the text.
 * Nesting (selection sets, values, list types) is bounded by max_depth:
 * deeper input is an error, never a deep C recursion.  A document that is
 * SDL (its first definition is type, schema, extend, scalar, interface,
 * union, enum, input or directive) is detected and not parsed.
 *
 * Interpolation holes: the caller may list byte offsets where a ${...}
 * was blanked out.  A hole where a value is expected yields a GQLV_HOLE
 * value; a selection set that contains one has `holes` set (and may then
 * be empty).  Everything the parser returns lives in the arena given
 * (borrowed: freed with the arena); strings are NUL-terminated copies.
 */
#ifndef DRIFT_GQL_PARSE_H
#define DRIFT_GQL_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define GQL_MAX_DEPTH_DEFAULT 256

struct gql_pos {
	uint32_t line, col; /* 1-based, relative to the text */
	size_t off;         /* byte offset in the text */
};

struct gql_name {
	const char *s; /* NULL when absent (no alias, anonymous) */
	size_t len;
	struct gql_pos pos;
};

enum gqlv_kind {
	GQLV_VARIABLE = 0, /* str: the name without $ */
	GQLV_INT,          /* str: the literal text */
	GQLV_FLOAT,        /* str: the literal text */
	GQLV_STRING,       /* str: the cooked value (may hold NULs: len) */
	GQLV_BOOLEAN,      /* boolean */
	GQLV_NULL,
	GQLV_ENUM,   /* str: the name */
	GQLV_LIST,   /* items */
	GQLV_OBJECT, /* fields */
	GQLV_HOLE    /* an interpolated ${...} (see above) */
};

struct gql_object_field;

struct gql_value {
	enum gqlv_kind kind;
	struct gql_pos pos;
	int block; /* GQLV_STRING written as a """block string""" */
	int holes; /* LIST, OBJECT: an interpolation hole inside (at this
	              level) */
	int boolean;
	const char *str; /* NUL-terminated */
	size_t len;
	struct gql_value *items;
	size_t nitems;
	struct gql_object_field *fields;
	size_t nfields;
};

struct gql_object_field {
	struct gql_name name;
	struct gql_value value;
};

struct gql_argument {
	struct gql_name name;
	struct gql_value value;
};

struct gql_directive {
	struct gql_name name;
	struct gql_argument *args;
	size_t nargs;
};

struct gql_selection_set;

enum gqlsel_kind {
	GQLSEL_FIELD = 0,
	GQLSEL_SPREAD, /* ...Name */
	GQLSEL_INLINE  /* ... on T { } or ... { } */
};

struct gql_selection {
	enum gqlsel_kind kind;
	struct gql_name alias; /* field: s NULL without an alias */
	struct gql_name name;  /* field name; spread: the fragment name;
	                          inline: the type condition (s NULL when
	                          none); pos is the "..." for an inline
	                          fragment without one */
	struct gql_argument *args;
	size_t nargs;
	struct gql_directive *dirs;
	size_t ndirs;
	struct gql_selection_set *set; /* NULL when none (field, spread) */
};

struct gql_selection_set {
	struct gql_pos pos; /* the { */
	size_t end;         /* offset of the } */
	int holes;          /* an interpolation hole inside, at this level */
	struct gql_selection *v;
	size_t n;
};

struct gql_typeref {
	int list;               /* [of] */
	int nonnull;            /* ! */
	struct gql_name name;   /* a named type (list 0) */
	struct gql_typeref *of; /* list 1 */
};

struct gql_variable {
	struct gql_name name; /* without $ */
	struct gql_typeref *type;
	struct gql_value *def; /* the default value, or NULL */
	struct gql_directive *dirs;
	size_t ndirs;
};

enum gqld_kind {
	GQLD_QUERY = 0,
	GQLD_MUTATION,
	GQLD_SUBSCRIPTION,
	GQLD_FRAGMENT
};

struct gql_definition {
	enum gqld_kind kind;
	struct gql_pos pos;        /* the keyword or the { of a shorthand */
	int shorthand;             /* { ... } without "query" */
	struct gql_name name;      /* operation (s NULL: anonymous) or
	                              fragment name */
	struct gql_name type_cond; /* fragment: on T */
	struct gql_variable *vars;
	size_t nvars;
	struct gql_directive *dirs;
	size_t ndirs;
	struct gql_selection_set *set;
};

struct gql_document {
	struct gql_definition *defs;
	size_t ndefs;
	size_t nspreads; /* fragment spreads (...Name) anywhere in it */
};

struct gql_error {
	struct gql_pos pos;
	char msg[256]; /* lowercase, no final period, no position */
};

/*
 * Parses text[0..len) (not necessarily NUL-terminated) into *out
 * (allocated in a).  holes[0..nholes) are interpolation offsets (any
 * order; may be NULL).  max_depth 0 means GQL_MAX_DEPTH_DEFAULT.
 * Returns 0 (parsed), 1 (SDL: *out NULL, nothing parsed) or -1 with *err
 * filled (*out NULL).
 */
int gql_parse(struct arena *a, const char *text, size_t len,
    const size_t *holes, size_t nholes, unsigned max_depth,
    struct gql_document **out, struct gql_error *err);

/* "query", "mutation", "subscription", "fragment" */
const char *gql_def_kind_name(enum gqld_kind k);

/* the named type at the core of t ([articles_filter!]! -> articles_filter) */
const struct gql_name *gql_type_core(const struct gql_typeref *t);

#endif
