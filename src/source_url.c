#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
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

/* fills *ho from o (NULL: the defaults), without a token */
static void
live_opts(const struct source_opts *o, struct http_opts *ho)
{
	http_opts_init(ho);
	if (o != NULL) {
		ho->timeout = o->timeout;
		ho->retries = (int)o->retries;
		ho->cacert = o->cacert;
		ho->verbose = o->verbose ? stderr : NULL;
		ho->max_body = o->max_bytes;
	}
}

int
source_live_setup(const struct source_opts *o, char **token,
    struct http_opts *ho, struct derr *err)
{
	char warn[1200];
	int ret = -1;

	*token = NULL;
	live_opts(o, ho);
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
	int ret = -1, withheld = 0;

	if (o != NULL && o->token_instance != NULL &&
	    !http_same_origin(url, o->token_instance)) {
		char *shown = http_url_display(url);
		char *inst = http_url_display(o->token_instance);

		/* the URL may come from a committed file: no token for it */
		drift_warn("not sending the token to %s: it is not the "
			   "instance the token is for (%s); fetching it "
			   "without the token",
		    shown, inst);
		free(shown);
		free(inst);
		withheld = 1;
		live_opts(o, &ho);
	} else if (source_live_setup(o, &token, &ho, err) < 0) {
		goto out;
	}
	if (out->max != 0)
		ho.max_body = out->max;
	if (o != NULL && o->least_privilege) {
		if (directus_fetch_least_privilege(url, &ho, &t, err) < 0)
			goto fail;
		buf_reset(out);
		if (tnode_render(tree_root(t), out, 0) < 0) {
			derr_set(err, DRIFT_EXIT_NETWORK, url, 0, 0,
			    "the rebuilt snapshot exceeds the limit of %zu "
			    "bytes",
			    out->max);
			goto out;
		}
	} else if (directus_fetch_snapshot(url, NULL, &ho, out, NULL, err) <
	    0) {
		goto fail;
	}
	ret = 0;
	goto out;
fail:
	if (withheld && err->status == DRIFT_EXIT_NETWORK &&
	    (strstr(err->msg, "HTTP 401") != NULL ||
		strstr(err->msg, "HTTP 403") != NULL))
		derr_hint(err,
		    "the token was not sent to this URL: it is not the "
		    "instance named by --url, DIRECTUS_URL or the policy "
		    "file's url; compare against a file, or make this URL "
		    "the instance");
out:
	tree_free(&t);
	token_free(&token);
	return ret;
}
