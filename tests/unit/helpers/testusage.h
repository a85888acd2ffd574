/*
 * testusage.h: usage records and problems as text, one per line, for the
 * expectations of the usage unit tests.
 */
#ifndef DRIFT_TEST_TESTUSAGE_H
#define DRIFT_TEST_TESTUSAGE_H

struct buf;
struct usage_set;

#define TEST_USAGE_CONTEXT 0x1u /* records end with " | <context>" */
#define TEST_USAGE_NOTES 0x2u   /* notes follow, "note <text>" */
#define TEST_USAGE_FILES 0x4u   /* problems name their file */

/*
 * Sorts u (usage_set_sort) and appends, for each record,
 * "line:col collection.field access[ possibly] dN[ dynamic][ nested]
 * [ old][ traverse]" and, for each problem, "<kind>[ file:]line:col
 * message"; flags TEST_USAGE_*.
 */
void test_render_usage(struct usage_set *u, struct buf *b, unsigned flags);

#endif
