#include "drift/compat.h"

#include <stdlib.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/output.h"
#include "drift/policy.h"
#include "drift/source.h"
#include "drift/source_url.h"
#include "drift/token.h"

/*
 * snapshot: writes the live snapshot as Directus's own export does
 * (GET /schema/snapshot?export=yaml|json, byte for byte), after checking
 * that it loads as a snapshot; to -o FILE atomically, or standard output.
 * The instance is --url, else $DIRECTUS_URL, else the policy file's url,
 * as for check.
 */
int
cmd_snapshot(int argc, char **argv, const struct cli_opts *o)
{
	struct source_opts so;
	struct http_opts ho;
	struct buf body = BUF_INIT;
	struct load_limits lim;
	struct snapshot *snap = NULL;
	struct derr err = DERR_INIT;
	const char *url, *fmt;
	char *token = NULL, *shown = NULL;
	int rc = DRIFT_EXIT_INTERNAL;

	(void)argv;
	if (argc != 0)
		return drift_usage_error("snapshot takes no operands; the "
					 "instance is --url URL");
	if (o->least_privilege)
		return drift_usage_error(
		    "snapshot does not take "
		    "--least-privilege: a rebuilt snapshot may miss what the "
		    "token cannot see, and must not be committed");
	if (cli_instance_url(o, o->policy != NULL ? o->policy->url : NULL,
		&url) != DRIFT_EXIT_OK)
		return DRIFT_EXIT_USAGE;
	fmt = o->snapshot_format != NULL ? o->snapshot_format : "yaml";
	load_limits_default(&lim);
	/* o->least_privilege is 0: refused above */
	cli_source_opts(o, lim.max_bytes, &so);
	if (source_live_setup(&so, &token, &ho, &err) < 0)
		goto fail;
	if (directus_fetch_snapshot(url, fmt, &ho, &body, &err) < 0)
		goto fail;
	shown = http_url_display(url);
	/* never replace a good file with something that is not a snapshot */
	if (snapshot_load(shown, body.buf, body.len, &lim, &snap, &err) < 0) {
		directus_remap_load_error(&err);
		goto fail;
	}
	if (o->output != NULL) {
		if (output_write_atomic(
			o->output, body.buf, body.len, "snapshot", &err) < 0)
			goto fail;
	} else if (output_write_stdout(body.buf, body.len, &err) < 0) {
		goto fail;
	}
	rc = DRIFT_EXIT_OK;
	goto out;
fail:
	derr_print(&err);
	rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
out:
	snapshot_free(&snap);
	token_free(&token);
	free(shown);
	buf_release(&body);
	return rc;
}
