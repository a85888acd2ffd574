/*
 * suggest.h: "did you mean": how far a mistyped name is from a known one.
 * Shared by the command line (cli_suggest: options, commands, rule ids)
 * and the policy file (keys, rule ids, severities); each caller keeps its
 * own rule for what counts as close enough.
 */
#ifndef DRIFT_SUGGEST_H
#define DRIFT_SUGGEST_H

#include <stddef.h>

/* strings longer than this are never compared (the work is quadratic) */
#define SUGGEST_MAX_LEN 64

/*
 * The edit distance (Levenshtein: insertions, deletions, substitutions of
 * one byte each) between the NUL-terminated a and b, both borrowed; or
 * (size_t)-1 when either is longer than SUGGEST_MAX_LEN bytes.  Never
 * fails (allocation failure exits).
 */
size_t suggest_distance(const char *a, const char *b);

#endif
