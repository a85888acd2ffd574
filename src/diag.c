#include "drift/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "drift/diag.h"
#include "drift/utf8.h"

/*
 * Messages carry strings from snapshots, policy files and servers: every
 * one goes to stderr through utf8_fput_escaped(), so that no control
 * character, C1 control or bidirectional override reaches the terminal or
 * a CI log as it is, and a line feed in a name cannot start a new log
 * line.  Messages are cut to their buffers at a UTF-8 boundary.
 */

static void
put(const char *s)
{
	utf8_fput_escaped(stderr, s, strlen(s), UTF8_KEEP_TAB);
}

int
derr_vset(struct derr *e, int status, const char *origin, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	/* truncation of messages is acceptable: they are for people */
	e->status = status;
	snprintf(e->origin, sizeof(e->origin), "%s", origin ? origin : "");
	utf8_trim(e->origin, sizeof(e->origin) - 1);
	e->line = line;
	e->col = col;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	utf8_trim(e->msg, sizeof(e->msg) - 1);
	e->hint[0] = '\0';
	return -1;
}

int
derr_set(struct derr *e, int status, const char *origin, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	derr_vset(e, status, origin, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int
derr_hint(struct derr *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->hint, sizeof(e->hint), fmt, ap);
	va_end(ap);
	utf8_trim(e->hint, sizeof(e->hint) - 1);
	return -1;
}

void
derr_print(const struct derr *e)
{
	fputs(DRIFT_NAME ": ", stderr);
	if (e->origin[0] != '\0') {
		put(e->origin);
		if (e->line > 0) {
			fprintf(stderr, ":%u", e->line);
			if (e->col > 0)
				fprintf(stderr, ":%u", e->col);
		}
		fputs(": ", stderr);
	}
	put(e->msg[0] ? e->msg : "unknown error");
	fputc('\n', stderr);
	if (e->hint[0] != '\0') {
		fputs(DRIFT_NAME ": hint: ", stderr);
		put(e->hint);
		fputc('\n', stderr);
	}
}

/* prefix, then the message escaped, then a line feed */
static void
vmessage(const char *prefix, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	utf8_trim(msg, sizeof(msg) - 1);
	fputs(prefix, stderr);
	put(msg);
	fputc('\n', stderr);
}

int
drift_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(DRIFT_NAME ": ", fmt, ap);
	va_end(ap);
	return -1;
}

void
drift_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(DRIFT_NAME ": warning: ", fmt, ap);
	va_end(ap);
}

/* the command being run (a name from the command table), or NULL */
static const char *usage_command;

void
drift_usage_command(const char *name)
{
	usage_command = name;
}

int
drift_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(DRIFT_NAME ": ", fmt, ap);
	va_end(ap);
	if (usage_command != NULL)
		fprintf(stderr, DRIFT_NAME ": try '" DRIFT_NAME " help %s'\n",
		    usage_command);
	else
		fputs(DRIFT_NAME ": try '" DRIFT_NAME " help'\n", stderr);
	return DRIFT_EXIT_USAGE;
}
