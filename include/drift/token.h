/*
 * token.h: the Directus access token (SPEC sections 2 and 7).
 *
 * The token comes from the environment variable DIRECTUS_TOKEN or from the
 * first line of a file given with --token-file, never from argv.  It is
 * secret: no function in this project puts it into a message, a log line,
 * a report or an error.  Messages about the token name its source (the
 * file path or "DIRECTUS_TOKEN") and never its value.
 *
 * A token is a single line of visible ASCII/UTF-8 bytes: trailing white
 * space (the newline an editor adds) is stripped, and a token that is
 * empty or holds a control character or a space is refused (a CR or LF
 * inside would let the token inject HTTP headers).
 */
#ifndef DRIFT_TOKEN_H
#define DRIFT_TOKEN_H

#include <stddef.h>

struct derr;

/* the largest token file read (bytes); longer first lines are refused */
#define TOKEN_MAX_BYTES 8192

/*
 * Loads the token.  When file is not NULL the token is the first line of
 * that file (DIRECTUS_TOKEN is then ignored); otherwise it is the value of
 * DIRECTUS_TOKEN.  On success returns 0 and *out is new (free it with
 * token_free()), or NULL when file is NULL and DIRECTUS_TOKEN is unset.
 * When the file can be read by its group or by others, a warning of the
 * form
 *   token file "F" is readable by other users (mode 0644); chmod 600 it
 * is written to warn[0..wsz) (warn[0] is '\0' otherwise; warn may be NULL
 * when wsz is 0).  Errors return -1 with err filled and *out NULL: an
 * empty or malformed DIRECTUS_TOKEN is DRIFT_EXIT_USAGE; a token file that
 * cannot be read, is empty or holds a malformed token is DRIFT_EXIT_INPUT.
 */
int token_load(
    const char *file, char **out, char *warn, size_t wsz, struct derr *err);

/*
 * Checks a token value: 0 when usable, else -1 with err filled (the given
 * status) naming source (a file path or "DIRECTUS_TOKEN").  The value is
 * never copied into err.
 */
int
token_check(const char *tok, const char *source, int status, struct derr *err);

/* wipes and frees *tp, sets it to NULL; NULL is a no-op */
void token_free(char **tp);

#endif
