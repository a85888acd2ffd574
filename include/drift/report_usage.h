/*
 * report_usage.h: how every report format shows a change's front-end
 * usage (usage_join.h), so that the formats word it the same way.
 */
#ifndef DRIFT_REPORT_USAGE_H
#define DRIFT_REPORT_USAGE_H

#include <stddef.h>

struct buf;
struct change_usage;
struct json_t;

/*
 * Appends prefix then "used by F:L, F:L (+N more)" (the first maxsites
 * sites; "possibly used by" when only wildcards or dynamic payloads touch
 * it) or "not used by the front end".  Nothing at all when cu is NULL (no
 * usage scan ran).  Returns 0, or -1 when b is full.
 */
int report_usage_add(struct buf *b, const struct change_usage *cu,
    size_t maxsites, const char *prefix);

/*
 * new: {"used": "yes"|"no"|"possibly", "sites": [{"file", "line",
 * "column", "access"}]}; NULL on error.  cu must not be NULL.
 */
struct json_t *report_usage_json(const struct change_usage *cu);

#endif
