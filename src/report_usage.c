/*
 * report_usage.c: a change's front-end usage in the words and the JSON
 * shape every report format shares (report_usage.h).
 */
#include "drift/compat.h"

#include <jansson.h>

#include "drift/buf.h"
#include "drift/report_fmt.h"
#include "drift/report_usage.h"
#include "drift/usage.h"
#include "drift/usage_join.h"

int
report_usage_add(struct buf *b, const struct change_usage *cu, size_t maxsites,
    const char *prefix)
{
	size_t i;
	int r = 0;

	if (cu == NULL)
		return 0;
	r |= buf_adds(b, prefix);
	if (cu->nsites == 0)
		return r |
		    buf_adds(b,
			cu->downgraded
			    ? "not used by the front end (breaking by "
			      "default, reported as dangerous)"
			    : "not used by the front end");
	r |= buf_adds(
	    b, cu->used == USAGE_POSSIBLY ? "possibly used by " : "used by ");
	for (i = 0; i < cu->nsites && i < maxsites; i++) {
		const struct usage_site *s = &cu->sites[i]->site;

		r |= buf_addf(b, "%s%s:%u", i ? ", " : "",
		    s->file ? s->file : "-", (unsigned)s->line);
	}
	if (cu->nsites > i)
		r |= buf_addf(b, " (+%zu more)", cu->nsites - i);
	return r ? -1 : 0;
}

json_t *
report_usage_json(const struct change_usage *cu)
{
	json_t *o = json_object(), *sites = json_array();
	size_t i;
	int e = o == NULL || sites == NULL;

	for (i = 0; !e && i < cu->nsites; i++) {
		const struct usage_ref *r = cu->sites[i];
		json_t *s = json_object();

		e = s == NULL ||
		    report_json_set(s, "file",
			json_string(r->site.file ? r->site.file : "")) ||
		    report_json_set(s, "line",
			r->site.line ? json_integer(r->site.line)
				     : json_null()) ||
		    report_json_set(s, "column",
			r->site.col ? json_integer(r->site.col)
				    : json_null()) ||
		    report_json_set(
			s, "access", json_string(usage_access_name(r->access)));
		if (!e)
			e = json_array_append(sites, s) != 0;
		json_decref(s);
	}
	e = e ||
	    report_json_set(
		o, "used", json_string(usage_used_name(cu->used))) ||
	    report_json_set(o, "sites", json_incref(sites));
	json_decref(sites);
	if (e) {
		json_decref(o);
		o = NULL;
	}
	return o;
}
