/*
 * testsnap.h: snapshots for unit tests, loaded from files of the
 * repository (or ../shared/corpus) with test_path().
 */
#ifndef DRIFT_TEST_TESTSNAP_H
#define DRIFT_TEST_TESTSNAP_H

struct snapshot;

/*
 * new (snapshot_free): the snapshot at rel.  A file that cannot be read
 * fails the test, unless may_skip: then "skip: PATH absent" is printed and
 * NULL returned (corpus files the checkout may lack).  A file that does
 * not load fails the test with file:line:col and the message.
 */
struct snapshot *test_load_snapshot(const char *rel, int may_skip);

#endif
