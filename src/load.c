/*
 * load.c: the format dispatch of load.h: sniffs YAML or JSON and hands
 * the input down to yaml_load() or json_load().  What the two readers
 * share (input checks, positions, child stacks, key lookup, scalar
 * resolution) is tree_build.c, below both of them.
 */
#include "drift/compat.h"

#include "drift/load.h"
#include "drift/tree_build.h"

enum load_format
load_sniff(const char *data, size_t len)
{
	size_t i = ldr_bom_len(data, len);

	while (i < len &&
	    (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
		data[i] == '\n'))
		i++;
	if (i < len && (data[i] == '{' || data[i] == '['))
		return LOAD_JSON;
	return LOAD_YAML;
}

int
load_tree(const char *origin, const char *data, size_t len,
    enum load_format fmt, const struct load_limits *lim, struct tree **out,
    struct derr *err)
{
	if (fmt == LOAD_AUTO)
		fmt = load_sniff(data, len);
	if (fmt == LOAD_JSON)
		return json_load(origin, data, len, lim, out, err);
	return yaml_load(origin, data, len, lim, out, err);
}
