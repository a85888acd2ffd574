/*
 * load.h: YAML and JSON text to a tree (tree.h), with positions.
 *
 * The format is sniffed from the content, never from a file name: after an
 * optional UTF-8 byte order mark and white space, '{' or '[' means JSON,
 * anything else YAML.  (A JSON document is also valid YAML, but the JSON
 * reader is stricter, faster and gives better messages.)
 *
 * Scalars are resolved as js-yaml's default schema does (Directus writes
 * snapshots with js-yaml; checked against js-yaml 4.3.2):
 *   - any quoted scalar ('...' or "..."), and block scalars (| and >), are
 *     strings;
 *   - plain null, Null, NULL, ~ and the empty plain scalar are null;
 *   - plain true/True/TRUE/false/False/FALSE are booleans (not yes/no/on/off);
 *   - plain integers: [-+]?[0-9]+ (leading zeros allowed, still decimal),
 *     [-+]?0x[0-9a-fA-F]+, [-+]?0o[0-7]+ and [-+]?0b[01]+; those that do
 *     not fit int64 become TN_FLOAT;
 *   - plain floats: [-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?, \.[0-9]+
 *     with optional exponent (no sign, as js-yaml), .inf/.Inf/.INF with
 *     optional sign, .nan/.NaN/.NAN; a float that overflows (1e400) stays
 *     a string, as in js-yaml;
 *   - everything else, including 2024-01-01 and 12:30, is a string.
 *   Deliberate deviations: '_' digit separators (js-yaml 4.1 accepted them,
 *   4.3 does not) make a string, like 4.3; js-yaml's implicit timestamps
 *   (2024-01-01 becomes a Date) are kept as strings, since js-yaml's dumper
 *   quotes such strings and snapshots never hold dates.
 *   Keys are scalars turned into strings (their text: key "1" is "1", key
 *   "~" is "~"; js-yaml would give "null").  Tags other than the standard
 *   !!str/!!int/!!float/!!bool/!!null/!!map/!!seq (and "!") are errors.
 *
 * Anchors and aliases work; an alias is a shallow copy of the anchored node,
 * and the number of nodes reachable through aliases is budgeted
 * (limits.max_alias_nodes) so that a "billion laughs" document fails fast.
 * "<<" merge keys are expanded as js-yaml does.
 *
 * JSON is strict RFC 8259 (no comments, no trailing commas, no NaN, no
 * leading zeros, no control characters in strings, surrogate pairs checked),
 * and UTF-8 is validated for both formats.  Duplicate keys in one mapping
 * are errors in both formats (js-yaml rejects them too).
 *
 * Every error fills a struct derr with status DRIFT_EXIT_INPUT (3), the
 * origin, 1-based line and column, and a lowercase message, for example
 * "schema.yaml:3:1: found a tab character where indentation is expected" or
 * "x.json:1:1: expected a snapshot object at the top level, found a
 * sequence".  Documented errors include: text before the document (such as
 * a CLI log line "[12:00:00] INFO ..."), a second document, tabs used for
 * indentation, invalid UTF-8, a top-level JSON array or scalar, limits
 * exceeded.  Positions of nodes are those of their first character (a
 * quoted scalar's quote; an alias's '*').  Lines are counted at "\n";
 * columns count Unicode code points from 1 (a tab is one column, a leading
 * byte order mark is not counted), which is what editors show and what
 * libyaml's marks count.  A mapping merged by "<<" keeps the positions of
 * its source.  A node's column past 65535 (minified JSON) is stored as 0,
 * unknown (tree.h): later messages about that node give its line only;
 * the readers' own errors and key positions keep the full column.  NUL
 * bytes in the input are errors, and so is a key that decodes to one
 * (JSON "\u0000", YAML "\0"): tree keys are C strings.  Nodes made through
 * aliases count against max_alias_nodes (each alias: the size of the
 * anchored subtree), other nodes against max_nodes.
 */
#ifndef DRIFT_LOAD_H
#define DRIFT_LOAD_H

#include <stddef.h>

struct derr;
struct tree;

struct load_limits {
	size_t max_bytes;       /* input size */
	unsigned max_depth;     /* nesting of mappings and sequences */
	size_t max_alias_nodes; /* nodes reachable through aliases, total */
	size_t max_scalar;      /* bytes in one scalar or key */
	size_t max_nodes;       /* nodes in the whole document */
	/*
	 * Not 0: the reader gives the pages of data it has parsed back to
	 * the system (madvise MADV_DONTNEED) every release_input bytes of
	 * progress (LOAD_RELEASE_STEP is the usual value), keeping the
	 * first and the last release_input / 4 bytes behind its cursor; the
	 * rest then reads as zeros (heap memory) or as the file again (a
	 * private mapping).  Only for a caller that owns data in writable,
	 * page-backed memory (malloc or mmap) and frees it right after the
	 * load without reading it.  Errors and positions are unchanged,
	 * except that the "seems to start at line N" hint then only looks
	 * at the first release_input / 4 bytes.  Default 0: data is only
	 * read.
	 */
	size_t release_input;
	size_t max_entities; /* collections + fields + relations +
	                            systemFields of a snapshot; enforced by
	                            snapshot_load() (model.h), not here */
	int whole;           /* not 0: snapshot_load() also refuses a
	                            snapshot without the keys Directus always
	                            writes (snapshot_check.h: a file cut at a
	                            line break); default 0, set by the CLI */
};

#define LOAD_RELEASE_STEP ((size_t)1 << 20)

/*
 * Defaults: 1 GiB input, depth 64, 1,000,000 alias nodes, 1 MiB scalar,
 * 50,000,000 nodes, 1,000,000 entities, release_input 0, whole 0.  Large
 * enough for 200,000-field snapshots.
 */
void load_limits_default(struct load_limits *lim);

enum load_format { LOAD_AUTO = 0, LOAD_YAML, LOAD_JSON };

/* which format the content is, per the sniffing rule above */
enum load_format load_sniff(const char *data, size_t len);

/*
 * Parses data[0..len) (need not be NUL-terminated) into a new tree whose
 * root is a TN_MAP.  origin names the input in messages (a path, "-" as
 * "<stdin>", a URL).  lim may be NULL for the defaults.  On success returns
 * 0 and *out is new (tree_free); on error returns -1, *out is NULL, and err
 * is filled.  A top level that is not a mapping is an error.
 */
int load_tree(const char *origin, const char *data, size_t len,
    enum load_format fmt, const struct load_limits *lim, struct tree **out,
    struct derr *err);

/* the same, forcing one reader */
int yaml_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct tree **out, struct derr *err);
int json_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct tree **out, struct derr *err);

#endif
