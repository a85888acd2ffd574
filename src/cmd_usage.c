#include "drift/compat.h"

#include <string.h>
#include <time.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/output.h"
#include "drift/policy.h"
#include "drift/report.h"
#include "drift/usage.h"
#include "drift/usage_join.h"
#include "drift/usage_report.h"

/*
 * directus-drift usage [options] SNAPSHOT [PATH...]: what the front end in
 * PATH (default: the policy's "usage" list) uses of SNAPSHOT (any source),
 * and every reference SNAPSHOT does not have, or that nests too deep, as
 * a finding.  The check a front-end repository runs when only front-end
 * code changed.  Policy ignore entries and severity overrides apply to
 * the findings; acceptances are about schema changes and do not.  Exit 1
 * when a finding is reported.
 */
int
cmd_usage(int argc, char **argv, const struct cli_opts *o)
{
	struct snapshot *snap = NULL;
	struct usage_set us = USAGE_SET_INIT;
	struct changeset cs = CHANGESET_INIT;
	struct policy_outcome po = POLICY_OUTCOME_INIT;
	struct usage_report_input in;
	struct usage_join_opts jo;
	struct buf b = BUF_INIT;
	struct report_spill sp = { NULL, 0 };
	struct derr err = DERR_INIT;
	const char *const *paths;
	const char *fmt = o->format ? o->format->name : "text";
	size_t npaths, i;
	int rc;

	if (argc < 1) {
		rc = drift_usage_error("'usage' needs a SNAPSHOT and the "
				       "front-end paths to scan");
		goto out;
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0) {
		rc = drift_usage_error(
		    "'usage' writes text or json, not '%s'", fmt);
		goto out;
	}
	if (argc > 1) {
		paths = (const char *const *)(argv + 1);
		npaths = (size_t)argc - 1;
	} else {
		paths = cli_usage_paths(o, &npaths);
	}
	if (npaths == 0) {
		rc = drift_usage_error("no front-end paths: name them after "
				       "SNAPSHOT or list them under \"usage\" "
				       "in the policy file");
		goto out;
	}
	rc = cli_load(argv[0], o, &snap);
	if (rc == 0)
		rc = cli_usage_scan(o, paths, npaths, NULL, snap, &us);
	if (rc != 0)
		goto out;
	jo.downgrade = 1;
	jo.new = snap;
	usage_join(&cs, &us, &jo);
	policy_apply(o->policy, &cs, time(NULL), &po);
	memset(&in, 0, sizeof(in));
	in.snap = snap;
	in.u = &us;
	in.cs = &cs;
	for (i = 0; i < cs.n; i++)
		if (cs.v[i].status == CHANGE_REPORTED)
			in.failed = 1;
	/* a large report goes through a temporary file, not memory */
	in.spill = &sp;
	rc = strcmp(fmt, "json") == 0 ? usage_report_json(&in, &b, &err)
				      : usage_report_text(&in, &b, &err);
	if (rc == 0 && o->output != NULL)
		rc = output_write_spilled(
		    o->output, sp.fp, b.buf, b.len, "report", &err);
	else if (rc == 0 && !o->quiet)
		rc = output_write_stdout_spilled(sp.fp, b.buf, b.len, &err);
	if (rc != 0) {
		derr_print(&err);
		rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
		goto out;
	}
	rc = in.failed ? DRIFT_EXIT_FOUND : DRIFT_EXIT_OK;
out:
	report_spill_release(&sp);
	buf_release(&b);
	policy_outcome_release(&po);
	changeset_release(&cs);
	usage_set_release(&us);
	snapshot_free(&snap);
	return rc;
}
