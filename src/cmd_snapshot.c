#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/output.h"
#include "drift/policy.h"
#include "drift/snapshot_check.h"
#include "drift/source.h"
#include "drift/source_url.h"
#include "drift/token.h"
#include "drift/tree.h"

/*
 * The YAML body ended when the server closed the connection, which a
 * cut at a line break also does: fetch the JSON export (JSON cannot end
 * early and still parse) and require both to be the same snapshot.
 * Returns 0, or -1 with err filled (status 4).
 */
static int
same_as_json(const char *url, const char *shown, const struct http_opts *ho,
    const struct buf *yaml, const struct load_limits *lim, struct derr *err)
{
	struct buf json = BUF_INIT;
	struct tree *ty = NULL, *tj = NULL;
	int ret = -1;

	if (directus_fetch_snapshot(url, "json", ho, &json, NULL, err) < 0)
		goto out;
	if (load_tree(shown, yaml->buf, yaml->len, LOAD_AUTO, lim, &ty, err) <
		0 ||
	    load_tree(shown, json.buf, json.len, LOAD_JSON, lim, &tj, err) <
		0) {
		directus_remap_load_error(err);
		goto out;
	}
	if (!snapshot_check_same(ty, tj)) {
		derr_set(err, DRIFT_EXIT_NETWORK, shown, 0, 0,
		    "the YAML export ended when the server closed the "
		    "connection (no Content-Length, no chunked encoding) and "
		    "differs from the JSON export: it was cut on the way");
		derr_hint(err,
		    "try again; a proxy that drops Content-Length makes "
		    "every cut look like the end");
		goto out;
	}
	ret = 0;
out:
	tree_free(&ty);
	tree_free(&tj);
	buf_release(&json);
	return ret;
}

/*
 * snapshot: writes the live snapshot as Directus's own export does
 * (GET /schema/snapshot?export=yaml|json, byte for byte), after checking
 * that it loads as a whole snapshot (snapshot_check.h) and, when the
 * HTTP framing cannot prove a YAML body complete, that it matches the
 * JSON export; to -o FILE atomically, or standard output.  Nothing is
 * written otherwise.  The instance is --url, else $DIRECTUS_URL, else the
 * policy file's url, as for check.
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
	int rc = DRIFT_EXIT_INTERNAL, framed = 1;

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
	lim.whole = 1;
	/* o->least_privilege is 0: refused above */
	cli_source_opts(o, lim.max_bytes, &so);
	if (source_live_setup(&so, &token, &ho, &err) < 0)
		goto fail;
	if (directus_fetch_snapshot(url, fmt, &ho, &body, &framed, &err) < 0)
		goto fail;
	shown = http_url_display_redacted(url, token);
	/* never replace a good file with something that is not a snapshot */
	if (snapshot_load(shown, body.buf, body.len, &lim, &snap, &err) < 0) {
		directus_remap_load_error(&err);
		goto fail;
	}
	if (!framed && strcmp(fmt, "json") != 0 &&
	    same_as_json(url, shown, &ho, &body, &lim, &err) < 0)
		goto fail;
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
