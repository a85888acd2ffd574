#include "drift/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "drift/diag.h"

int
derr_vset(struct derr *e, int status, const char *origin, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	/* truncation of messages is acceptable: they are for people */
	e->status = status;
	snprintf(e->origin, sizeof(e->origin), "%s", origin ? origin : "");
	e->line = line;
	e->col = col;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
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
	return -1;
}

void
derr_print(const struct derr *e)
{
	fputs(DRIFT_NAME ": ", stderr);
	if (e->origin[0] != '\0') {
		fputs(e->origin, stderr);
		if (e->line > 0) {
			fprintf(stderr, ":%u", e->line);
			if (e->col > 0)
				fprintf(stderr, ":%u", e->col);
		}
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", e->msg[0] ? e->msg : "unknown error");
	if (e->hint[0] != '\0')
		fprintf(stderr, DRIFT_NAME ": hint: %s\n", e->hint);
}

int
drift_err(const char *fmt, ...)
{
	va_list ap;

	fputs(DRIFT_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

void
drift_warn(const char *fmt, ...)
{
	va_list ap;

	fputs(DRIFT_NAME ": warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
drift_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(DRIFT_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n" DRIFT_NAME ": try '" DRIFT_NAME " --help'\n", stderr);
	return DRIFT_EXIT_USAGE;
}
