/*
 * driver: what "directus-drift diff --format json OLD NEW" does (read both
 * files, snapshot_load, diff_snapshots, the JSON report), with a 1 GiB input
 * limit so that 200,000-field JSON pairs (300 MB a side) load, and the time
 * of each phase on standard error.  The report goes to standard output.
 *
 * usage: driver OLD NEW
 * build: make, then
 *   cc -O2 -g -std=c11 -Iinclude -o bench/work/bin/driver bench/driver.c \
 *       build/cc/libdrift.a -lyaml -ljansson -lcurl -lm
 */
#include "drift/compat.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/source.h"
#include "drift/tree.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct snapshot *s[2] = { NULL, NULL };
	struct changeset cs = CHANGESET_INIT;
	struct report_input in;
	struct buf b = BUF_INIT;
	struct derr err = DERR_INIT;
	struct load_limits lim;
	double t0, t1, t2, t3, tread = 0, tload = 0, tmodel = 0;
	struct tree *t;
	size_t nchanges;
	int i, rc = 5;

	if (argc != 3) {
		fprintf(stderr, "usage: driver OLD NEW\n");
		return 2;
	}
	load_limits_default(&lim);
	lim.max_bytes = (size_t)1 << 30;
	for (i = 0; i < 2; i++) {
		struct source_opts so;
		struct source src = SOURCE_INIT;

		memset(&so, 0, sizeof(so));
		so.max_bytes = lim.max_bytes;
		t0 = now();
		if (source_read(argv[i + 1], &so, &src, &err) != 0)
			goto fail;
		t1 = now();
		if (load_tree(src.origin, src.data, src.len, LOAD_AUTO, &lim,
		    &t, &err) != 0)
			goto fail;
		t2 = now();
		if (snapshot_from_tree(t, src.origin, &s[i], &err) != 0)
			goto fail;
		tmodel += now() - t2;
		tread += t1 - t0;
		tload += t2 - t1;
		source_release(&src);
	}
	t0 = now();
	diff_snapshots(s[0], s[1], &cs);
	t1 = now();
	memset(&in, 0, sizeof(in));
	in.old = s[0];
	in.new = s[1];
	in.cs = &cs;
	in.fail_on = SEV_BREAKING;
	if (report_json(&in, &b, &err) != 0)
		goto fail;
	fwrite(b.buf, 1, b.len, stdout);
	t2 = now();
	nchanges = cs.n;
	changeset_release(&cs);
	snapshot_free(&s[0]);
	snapshot_free(&s[1]);
	t3 = now();
	fprintf(stderr, "read %.3f load %.3f model %.3f diff %.3f report %.3f free %.3f "
	    "(%zu changes)\n", tread, tload, tmodel, t1 - t0, t2 - t1, t3 - t2,
	    nchanges);
	buf_release(&b);
	return 0;
fail:
	derr_print(&err);
	return rc;
}
