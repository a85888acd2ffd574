/*
 * usage_driver.c: bench-only driver for bench/usage.sh: usage_scan() over
 * the given paths against one snapshot; prints files, records, problems.
 * USAGE_JOBS sets usage_opts.jobs (default 0: one thread per processor).
 */
#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/model.h"
#include "drift/usage.h"

int
main(int argc, char **argv)
{
	struct derr err = DERR_INIT;
	struct snapshot *s = NULL;
	struct usage_set u = USAGE_SET_INIT;
	struct buf b = BUF_INIT;
	struct usage_opts o;
	const char *jobs = getenv("USAGE_JOBS");
	FILE *fp;

	if (argc < 3)
		return 2;
	fp = fopen(argv[1], "rb");
	if (fp == NULL || buf_read_file(&b, fp) < 0)
		return 3;
	fclose(fp);
	if (snapshot_load(argv[1], b.buf, b.len, NULL, &s, &err) < 0)
		return 3;
	memset(&o, 0, sizeof(o));
	o.jobs = jobs != NULL ? (unsigned)atoi(jobs) : 0;
	if (usage_scan((const char *const *)argv + 2, (size_t)argc - 2, &o,
	        NULL, s, &u, &err) < 0)
		return 3;
	printf("files %zu records %zu problems %zu notes %zu\n", u.nfiles,
	    u.nrefs, u.nproblems, u.nnotes);
	usage_set_release(&u);
	snapshot_free(&s);
	buf_release(&b);
	return 0;
}
