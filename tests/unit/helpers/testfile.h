/*
 * testfile.h: files for unit tests.  Tests run from the repository root
 * or with DRIFT_TOP naming it (tests/run-all.sh sets it).
 */
#ifndef DRIFT_TEST_TESTFILE_H
#define DRIFT_TEST_TESTFILE_H

#include <stddef.h>

/* new: "$DRIFT_TOP/rel", or "./rel" when DRIFT_TOP is unset */
char *test_path(const char *rel);
/*
 * new: the whole file at path, NUL-terminated, *len (may be NULL) set to
 * its size; NULL when it cannot be opened or read (the caller asserts)
 */
char *test_read_file(const char *path, size_t *len);
/* system() of the printf-formatted command: its status */
int test_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
