#include "drift/compat.h"

#include <stdlib.h>

#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/model.h"
#include "drift/source.h"

/*
 * check: the committed snapshot (OLD) against the live instance (NEW).
 */
int
cmd_check(int argc, char **argv, const struct cli_opts *o)
{
	struct snapshot *old = NULL, *new = NULL;
	const char *url = o->url;
	int rc;

	(void)argv;
	if (argc != 0)
		return drift_usage_error("check takes no operands; the "
		    "committed file is --snapshot FILE, the instance --url URL");
	if (url == NULL || url[0] == '\0')
		url = getenv("DIRECTUS_URL");
	if (url == NULL || url[0] == '\0')
		return drift_usage_error("no Directus instance: use --url URL "
		    "or set DIRECTUS_URL");
	if (source_kind_of(url) != SOURCE_URL)
		return drift_usage_error("invalid URL '%s': expected an "
		    "http:// or https:// base URL of a Directus instance", url);
	rc = cli_load(o->snapshot != NULL ? o->snapshot : "schema.yaml", o,
	    &old);
	if (rc == DRIFT_EXIT_OK)
		rc = cli_load(url, o, &new);
	if (rc == DRIFT_EXIT_OK)
		rc = cli_compare(old, new, o);
	snapshot_free(&old);
	snapshot_free(&new);
	return rc;
}
