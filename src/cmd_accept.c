#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/policy.h"
#include "drift/xalloc.h"

/*
 * directus-drift accept [--config FILE] --reason TEXT [--expires DATE] ID
 *
 * Adds an accept entry for the change ID to the policy file, editing its
 * text so that everything else stays as it was (policy_accept_append).
 * The file is the one --config names (created when missing), else the one
 * policy discovery finds (working directory, then repository root), else
 * a new .directus-drift.yaml in the working directory.  Arguments that
 * are wrong (id, date, a date already past, an empty or blank reason) are
 * usage errors (exit 2); a policy
 * file that cannot be edited safely is exit 3; a failed write exit 5.
 */
/* 1 when the date (if it parses: the edit checks it) is before today */
static int
expired(const char *date)
{
	time_t now = time(NULL);
	struct tm today;
	int y, m, d;

	if (policy_parse_date(date, &y, &m, &d) == -1)
		return 0;
	gmtime_r(&now, &today);
	if (y != today.tm_year + 1900)
		return y < today.tm_year + 1900;
	if (m != today.tm_mon + 1)
		return m < today.tm_mon + 1;
	return d < today.tm_mday;
}

int
cmd_accept(int argc, char **argv, const struct cli_opts *o)
{
	struct derr err = DERR_INIT;
	char *path = NULL;
	int rc = DRIFT_EXIT_OK, found;

	if (argc != 1) {
		rc = drift_usage_error(
		    "'accept' needs one change id (the "
		    "\"id\" of a change in a report), got %d",
		    argc);
		goto out;
	}
	if (o->reason == NULL) {
		rc = drift_usage_error("'accept' needs --reason TEXT: say why "
				       "the change is acceptable");
		goto out;
	}
	if (o->expires != NULL && expired(o->expires)) {
		rc = drift_usage_error("--expires %s is in the past: the "
				       "acceptance would never apply",
		    o->expires);
		goto out;
	}
	if (o->config != NULL) {
		path = xstrdup(o->config);
	} else {
		found = policy_find(NULL, &path, &err);
		if (found == -1)
			goto fail;
		if (found == 0)
			path = xstrdup(POLICY_FILE_NAME);
	}
	if (policy_accept_append(path, argv[0], o->reason, o->expires, &err) ==
	    -1)
		goto fail;
	/* through drift_err: the path is shown escaped */
	drift_err("accepted %s in %s%s%s", argv[0], path,
	    o->expires != NULL ? " until " : "",
	    o->expires != NULL ? o->expires : "");
	goto out;
fail:
	if (err.status == DRIFT_EXIT_USAGE) {
		rc = drift_usage_error("%s", err.msg);
	} else {
		derr_print(&err);
		rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
	}
out:
	free(path);
	return rc;
}
