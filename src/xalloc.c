#include "drift/compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drift/xalloc.h"

static unsigned long fail_countdown;
static void (*oom_handler)(void);

void
xalloc_fail_after(unsigned long n)
{
	fail_countdown = n;
}

void
xalloc_set_oom_handler(void (*fn)(void))
{
	oom_handler = fn;
}

static void
oom(void)
{
	static const char msg[] = DRIFT_NAME ": out of memory\n";
	ssize_t w;

	if (oom_handler != NULL)
		oom_handler();
	/* write(2), not stdio: stdio may itself need memory */
	w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
	_exit(DRIFT_EXIT_INTERNAL);
}

static int
injected_failure(void)
{
	if (fail_countdown == 0)
		return 0;
	return --fail_countdown == 0;
}

void *
xmalloc(size_t n)
{
	void *p;

	if (injected_failure())
		oom();
	p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (injected_failure())
		oom();
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	void *q;

	if (injected_failure())
		oom();
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom();
	q = realloc(p, (nmemb != 0 && size != 0) ? nmemb * size : 1);
	if (q == NULL)
		oom();
	return q;
}

char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
