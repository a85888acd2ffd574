/*
 * yaml_load.c: YAML reader (libyaml event API).
 */
#include "drift/compat.h"

#include "drift/load.h"
#include "drift/loadpriv.h"

/* NEEDSWORK: interim until the event-based reader lands on this branch */
int
yaml_load(const char *origin, const char *data, size_t len,
    const struct load_limits *lim, struct tree **out, struct derr *err)
{
	struct ldr l;

	*out = NULL;
	if (ldr_init(&l, origin, data, len, lim, err) == 0)
		ldr_err(&l, 1, 1, "YAML input is not supported yet");
	ldr_release(&l);
	return -1;
}
