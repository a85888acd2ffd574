#include "drift/compat.h"

#include <string.h>

#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/model.h"

/*
 * directus-drift diff [options] OLD NEW: compares two sources offline.
 * OLD is what consumers were built against, NEW what they will meet.
 */
int
cmd_diff(int argc, char **argv, const struct cli_opts *o)
{
	struct snapshot *old = NULL, *new = NULL;
	int rc;

	if (argc != 2)
		rc = drift_usage_error("'diff' needs two snapshots, OLD and "
				       "NEW (got %d)",
		    argc);
	else if (strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0)
		rc = drift_usage_error("standard input ('-') can be only one "
				       "side of 'diff'");
	else
		rc = cli_load(argv[0], o, &old);
	if (rc == 0)
		rc = cli_load(argv[1], o, &new);
	if (rc == 0)
		rc = cli_compare(old, new, o);
	snapshot_free(&old);
	snapshot_free(&new);
	return rc;
}
