#include "drift/compat.h"

#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/model.h"
#include "drift/policy.h"

/*
 * check: the committed snapshot (OLD) against the live instance (NEW).
 * The instance is --url, else $DIRECTUS_URL, else the policy file's url;
 * the snapshot is --snapshot, else the policy file's snapshot (relative to
 * the policy file's directory), else schema.yaml.
 */
int
cmd_check(int argc, char **argv, const struct cli_opts *o)
{
	struct snapshot *old = NULL, *new = NULL;
	const char *url, *snap = o->snapshot;
	int rc;

	(void)argv;
	if (argc != 0)
		return drift_usage_error(
		    "check takes no operands; the "
		    "committed file is --snapshot FILE, the instance "
		    "--url URL");
	if (snap == NULL && o->policy != NULL)
		snap = o->policy->snapshot_path;
	rc = cli_instance_url(
	    o, o->policy != NULL ? o->policy->url : NULL, &url);
	if (rc == DRIFT_EXIT_OK)
		rc = cli_load(snap != NULL ? snap : "schema.yaml", o, &old);
	if (rc == DRIFT_EXIT_OK)
		rc = cli_load(url, o, &new);
	if (rc == DRIFT_EXIT_OK)
		rc = cli_compare(old, new, o);
	snapshot_free(&old);
	snapshot_free(&new);
	return rc;
}
