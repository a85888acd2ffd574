#include "drift/compat.h"

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/source.h"

/*
 * The build without the HTTP module.  The HTTP branch replaces this file
 * with its libcurl client; see source_fetch_url() in source.h.
 */
int
source_fetch_url(const char *url, const struct source_opts *o,
    struct buf *out, struct derr *err)
{
	(void)o;
	(void)out;
	return derr_set(err, DRIFT_EXIT_NETWORK, url, 0, 0,
	    "live sources are not supported in this build");
}
