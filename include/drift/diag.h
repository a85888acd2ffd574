/*
 * diag.h: diagnostics.  Messages follow one rule: "directus-drift: " prefix,
 * lowercase, problem first, subject in quotes, strerror(errno) last, no
 * final period.  Input errors name origin:line:column.
 *
 * Everything printed goes through utf8_fput_escaped() (utf8.h): control
 * characters (line feed included), C1 controls and bidirectional controls
 * from snapshots or servers are shown as \xNN or \uNNNN, never sent to the
 * terminal.  Messages longer than their buffers are cut at a UTF-8
 * boundary.
 */
#ifndef DRIFT_DIAG_H
#define DRIFT_DIAG_H

#include <stdarg.h>

/*
 * An error on its way up to a command.  Library code fills one with
 * derr_set() and returns -1; only main.c and cmd_*.c print it and exit
 * with its status.  No allocation: safe on out-of-memory paths.
 */
struct derr {
	int status;         /* enum drift_exit; 0 while unset */
	char origin[1024];  /* file path or URL; "" when none */
	unsigned line, col; /* 1-based; 0 when unknown */
	char msg[1024];
	char hint[512]; /* optional second line, "" when none */
};

#define DERR_INIT \
	{ \
		0, "", 0, 0, "", "" \
	}

/* sets *e and returns -1; origin may be NULL; line/col 0 when unknown */
int derr_set(struct derr *e, int status, const char *origin, unsigned line,
    unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int derr_vset(struct derr *e, int status, const char *origin, unsigned line,
    unsigned col, const char *fmt, va_list ap);
/* sets e->hint (printf); returns -1 */
int derr_hint(struct derr *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* prints "directus-drift: origin:line:col: msg" (and "hint: ...") */
void derr_print(const struct derr *e);

/* "directus-drift: <msg>" on stderr; return -1 */
int drift_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "directus-drift: warning: <msg>" on stderr */
void drift_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* usage error: the message, then "try 'directus-drift help CMD'" (CMD as
   set by drift_usage_command) or, before a command is known, "try
   'directus-drift help'"; returns 2 */
int
drift_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the command whose help the usage-error hint names; borrowed (a static
   string of the command table); NULL: none */
void drift_usage_command(const char *name);

#endif
