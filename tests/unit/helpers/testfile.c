#include "drift/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "drift/buf.h"
#include "testfile.h"

char *
test_path(const char *rel)
{
	const char *top = getenv("DRIFT_TOP");
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", top != NULL ? top : ".", rel);
	return buf_detach(&b, NULL);
}

char *
test_read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	FILE *fp = fopen(path, "rb");
	char *ret = NULL;

	if (fp == NULL)
		goto out;
	if (buf_read_file(&b, fp) < 0)
		goto out;
	ret = buf_detach(&b, len);
out:
	if (fp != NULL)
		fclose(fp);
	buf_release(&b);
	return ret;
}

int
test_sh(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r = system(b.buf);
	buf_release(&b);
	return r;
}
