/*
 * sdl_check.h: two GraphQL SDL texts compared by what they declare, for
 * `types --lang graphql --check` (issue 13 item 4).
 *
 * Both texts are read as type-system documents: each definition (scalar,
 * type, interface, input, enum, union; directive, schema and extensions
 * as a whole) with its description, and each of its members (fields with
 * their arguments and type, input fields with defaults, enum values, union
 * members) with theirs.  White space, commas and comments mean nothing in
 * GraphQL, block strings are compared by their value (the spec's
 * BlockStringValue: common indentation and blank first and last lines
 * removed), and the order of definitions and of members is not compared:
 * a file run through prettier or reordered is the same schema.
 *
 * Untrusted input: a file of any content is read in linear time and
 * bounded memory; nesting past SDL_MAX_DEPTH is an error.
 */
#ifndef DRIFT_SDL_CHECK_H
#define DRIFT_SDL_CHECK_H

#include <stddef.h>

struct buf;

#define SDL_MAX_DEPTH 64

/*
 * Compares old[0..oldlen) with new[0..newlen).  Returns the number of
 * differences (0: the same schema), or -1 when either text is not SDL
 * (with "line:col: message" of the first problem in err, of size
 * errlen).  Each difference is a line appended to summary (when not
 * NULL), at most max_lines of them and then "... and N more", each line
 * starting with indent:
 *   + type Foo            - type Foo          (definitions)
 *   + Foo.bar: String     - Foo.bar: String   (members)
 *   ~ Foo.bar: String -> Int
 *   ~ Foo.bar: description changed           ~ type Foo: description changed
 * Lines come sorted by definition and member name.
 */
int sdl_compare(const char *old, size_t oldlen, const char *new, size_t newlen,
    const char *indent, size_t max_lines, struct buf *summary, char *err,
    size_t errlen);

#endif
