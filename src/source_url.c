#include "drift/compat.h"

#include <stdio.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/directus_api.h"
#include "drift/http.h"
#include "drift/source.h"
#include "drift/token.h"
#include "drift/tree.h"
#include "drift/xalloc.h"
#include "drift/source_url.h"

int
source_live_setup(const struct source_opts *o, char **token,
    struct http_opts *ho, struct derr *err)
{
	char warn[1200];
	int ret = -1;

	*token = NULL;
	http_opts_init(ho);
	if (token_load(o != NULL ? o->token_file : NULL, token, warn,
		sizeof(warn), err) < 0)
		goto out;
	if (warn[0] != '\0')
		drift_warn("%s", warn);
	if (*token == NULL) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "no token for the live instance: set DIRECTUS_TOKEN or use "
		    "--token-file FILE");
		goto out;
	}
	ho->token = *token;
	if (o != NULL) {
		ho->timeout = o->timeout;
		ho->retries = (int)o->retries;
		ho->cacert = o->cacert;
		ho->verbose = o->verbose ? stderr : NULL;
		ho->max_body = o->max_bytes;
	}
	ret = 0;
out:
	return ret;
}

int
source_fetch_url(const char *url, const struct source_opts *o, struct buf *out,
    struct derr *err)
{
	struct http_opts ho;
	struct tree *t = NULL;
	char *token = NULL;
	int ret = -1;

	if (source_live_setup(o, &token, &ho, err) < 0)
		goto out;
	if (out->max != 0)
		ho.max_body = out->max;
	if (o != NULL && o->least_privilege) {
		if (directus_fetch_least_privilege(url, &ho, &t, err) < 0)
			goto out;
		buf_reset(out);
		if (tnode_render(tree_root(t), out, 0) < 0) {
			derr_set(err, DRIFT_EXIT_NETWORK, url, 0, 0,
			    "the rebuilt snapshot exceeds the limit of %zu "
			    "bytes",
			    out->max);
			goto out;
		}
	} else if (directus_fetch_snapshot(url, NULL, &ho, out, err) < 0) {
		goto out;
	}
	ret = 0;
out:
	tree_free(&t);
	token_free(&token);
	return ret;
}
