#include "drift/compat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/report_fmt.h"
#include "drift/source.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

/*
 * Helpers shared by the CI report formats and the JSON-based ones (see
 * report_fmt.h).
 */

/* 1 and *loc's path set when origin names a file of the repository */
static int
file_origin(const char *origin, struct report_loc *loc)
{
	const char *p;
	int ret = 0;

	if (origin == NULL || strcmp(origin, "<stdin>") == 0)
		goto out;
	switch (source_kind_of(origin)) {
	case SOURCE_FILE:
		loc->path = origin;
		loc->pathlen = strlen(origin);
		ret = 1;
		break;
	case SOURCE_GIT:
		/* git:REV:PATH, REV ends at the first colon (source.c) */
		p = strchr(origin + 4, ':');
		if (p != NULL && p[1] != '\0') {
			loc->path = p + 1;
			loc->pathlen = strlen(p + 1);
			ret = 1;
		}
		break;
	default:
		break;
	}
out:
	return ret;
}

/* a side read from a URL is never a file, whatever --label says */
static int
side_file(const struct snapshot *s, const char *origin, struct report_loc *loc)
{
	return !s->live && file_origin(origin, loc);
}

void
report_change_loc(const struct report_input *in, const struct change *c,
    struct report_loc *loc)
{
	const struct snapshot *side = c->loc_origin == in->new->origin
	    ? in->new
	    : in->old;

	memset(loc, 0, sizeof(*loc));
	if (side_file(side, c->loc_origin, loc)) {
		loc->line = c->line;
		loc->col = c->line != 0 ? c->col : 0;
	} else if (!side_file(in->old, in->old->origin, loc)) {
		(void)side_file(in->new, in->new->origin, loc);
	}
}

const char *
report_status_name(enum change_status s)
{
	return s == CHANGE_IGNORED ? "ignored"
	    : s == CHANGE_ACCEPTED ? "accepted"
				   : "reported";
}

const char *
report_change_status(const struct change *c)
{
	return c->status == CHANGE_REPORTED && c->expired != NULL
	    ? "expired"
	    : report_status_name(c->status);
}

int
report_change_fails(const struct change *c, int fail_on)
{
	return fail_on != REPORT_FAIL_NEVER && c->status == CHANGE_REPORTED &&
	    (int)c->severity >= fail_on;
}

static const struct changeset *order_cs; /* qsort has no context argument */

static int
cmp_order(const void *a, const void *b)
{
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	const struct change *ca = &order_cs->v[ia], *cb = &order_cs->v[ib];
	int r = strcmp(ca->collection, cb->collection);

	if (r == 0)
		r = (int)cb->severity - (int)ca->severity;
	if (r == 0)
		r = ia < ib ? -1 : ia > ib;
	return r;
}

size_t *
report_order(const struct changeset *cs)
{
	size_t *ret = xcalloc(cs->n ? cs->n : 1, sizeof(*ret));
	size_t i;

	for (i = 0; i < cs->n; i++)
		ret[i] = i;
	order_cs = cs;
	qsort(ret, cs->n, sizeof(*ret), cmp_order);
	order_cs = NULL;
	return ret;
}

static void
add_notes(const char **v, size_t *n, char *const *notes, size_t nnotes)
{
	size_t i, j;

	for (i = 0; i < nnotes; i++) {
		for (j = 0; j < *n; j++)
			if (strcmp(v[j], notes[i]) == 0)
				break;
		if (j == *n)
			v[(*n)++] = notes[i];
	}
}

const char **
report_notes(const struct report_input *in, size_t *n)
{
	size_t total = in->cs->nnotes;
	const char **ret = xcalloc(total ? total : 1, sizeof(*ret));

	/* the diff copied both snapshots' notes into the changeset */
	*n = 0;
	add_notes(ret, n, in->cs->notes, in->cs->nnotes);
	return ret;
}

/* FNV-1a, 64 bits, over s and its terminating NUL (a field separator) */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	do {
		h ^= *p;
		h *= UINT64_C(0x100000001b3);
	} while (*p++ != '\0');
	return h;
}

void
report_fingerprint_long(const struct change *c, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	/* two differently seeded passes; a NULL field or path hashes as "" */
	uint64_t h[2] = { UINT64_C(0xcbf29ce484222325),
		UINT64_C(0x84222325cbf29ce4) };
	size_t i, k;

	for (k = 0; k < 2; k++) {
		h[k] = fnv1a(h[k], DRIFT_NAME);
		h[k] = fnv1a(h[k], c->rule->id);
		h[k] = fnv1a(h[k], c->collection);
		h[k] = fnv1a(h[k], c->field);
		h[k] = fnv1a(h[k], c->path);
		/* final avalanche (splitmix64's) so the halves differ well */
		h[k] ^= h[k] >> 30;
		h[k] *= UINT64_C(0xbf58476d1ce4e5b9);
		h[k] ^= h[k] >> 27;
		h[k] *= UINT64_C(0x94d049bb133111eb);
		h[k] ^= h[k] >> 31;
		for (i = 0; i < 16; i++)
			out[k * 16 + i] = hex[(h[k] >> (60 - 4 * i)) & 0xf];
	}
	out[32] = '\0';
}

int
report_add_utf8(struct buf *b, const char *s, size_t len, int strip_ctl)
{
	size_t i = 0, n;
	uint32_t cp;
	int ret = 0;

	while (ret == 0 && i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			ret = buf_adds(b, "\xef\xbf\xbd");
			n = 1;
		} else if (strip_ctl &&
		    (cp == 0x7f ||
			(cp < 0x20 && cp != '\t' && cp != '\n' &&
			    cp != '\r'))) {
			/* dropped */
		} else if (strip_ctl && cp >= 0x80 && utf8_unsafe(cp)) {
			/* a C1 or bidirectional control: shown, not obeyed */
			ret = utf8_escape(b, s + i, n, UTF8_STYLE_C, 0);
		} else {
			ret = buf_add(b, s + i, n);
		}
		i += n;
	}
	return ret;
}

int
report_add_escaped(struct buf *b, const char *s, size_t len,
    const char *(*esc)(unsigned char c, int arg), int arg)
{
	struct buf u = BUF_INIT;
	const char *r;
	size_t i;
	int ret;

	ret = report_add_utf8(&u, s, len, 1);
	for (i = 0; ret == 0 && i < u.len; i++) {
		r = esc((unsigned char)u.buf[i], arg);
		ret = r != NULL ? buf_adds(b, r) : buf_addch(b, u.buf[i]);
	}
	buf_release(&u);
	return ret;
}

int
report_json_set(json_t *obj, const char *key, json_t *val)
{
	return val == NULL ? -1 : json_object_set_new(obj, key, val);
}

json_t *
report_json_textn(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *ret;

	if (utf8_valid(s, len))
		return json_stringn(s, len);
	/* never fail the report on a byte: show U+FFFD instead */
	report_add_utf8(&b, s, len, 0);
	ret = json_stringn(b.buf, b.len);
	buf_release(&b);
	return ret;
}

json_t *
report_json_text(const char *s)
{
	return report_json_textn(s, strlen(s));
}

json_t *
report_json_str_or_null(const char *s)
{
	return s != NULL ? report_json_text(s) : json_null();
}

json_t *
report_json_side(const struct snapshot *s)
{
	json_t *o = json_object();

	if (o != NULL &&
	    (report_json_set(o, "origin", report_json_str_or_null(s->origin)) ||
		report_json_set(
		    o, "directus", report_json_str_or_null(s->directus)) ||
		report_json_set(
		    o, "vendor", report_json_str_or_null(s->vendor)) ||
		report_json_set(o, "filtered", json_boolean(s->filtered)))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *
report_json_summary(const struct report_summary *sum)
{
	json_t *o = json_object();

	if (o != NULL &&
	    (report_json_set(
		 o, "breaking", json_integer(sum->count[SEV_BREAKING])) ||
		report_json_set(
		    o, "dangerous", json_integer(sum->count[SEV_DANGEROUS])) ||
		report_json_set(
		    o, "safe", json_integer(sum->count[SEV_SAFE])) ||
		report_json_set(
		    o, "cosmetic", json_integer(sum->count[SEV_COSMETIC])) ||
		report_json_set(o, "ignored", json_integer(sum->ignored)) ||
		report_json_set(o, "accepted", json_integer(sum->accepted)))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *
report_json_strings(const char *const *v, size_t n)
{
	json_t *arr = json_array();
	size_t i;
	int e = arr == NULL;

	for (i = 0; !e && i < n; i++)
		e = json_array_append_new(arr, report_json_text(v[i]));
	if (e) {
		json_decref(arr);
		arr = NULL;
	}
	return arr;
}

json_t *
report_json_notes(const struct report_input *in)
{
	const char **nv;
	json_t *arr;
	size_t n;

	nv = report_notes(in, &n);
	arr = report_json_strings(nv, n);
	free(nv);
	return arr;
}

/*
 * jansson writes non-ASCII text as it is, in whole characters: C1 and
 * bidirectional controls get a JSON escape (the same string for a
 * parser, inert on a terminal).  Outside strings a dump is ASCII.
 */
static int
dump_cb(const char *data, size_t size, void *ctx)
{
	return utf8_escape(ctx, data, size, UTF8_STYLE_JSON, UTF8_KEEP_NL);
}

static int
dump(json_t *v, struct buf *out)
{
	return json_dump_callback(
	    v, dump_cb, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

/* a placeholder string no snapshot text can be: it holds NUL bytes */
static const char slot_text[] = "\0directus-drift items\0";
static const char slot_dump[] = "\"\\u0000directus-drift items\\u0000\"";

json_t *
report_json_slot(void)
{
	return json_stringn(slot_text, sizeof(slot_text) - 1);
}

/* appends s[0..len) to out with indent spaces after every line feed */
static int
add_indented(struct buf *out, const char *s, size_t len, size_t indent)
{
	const char *nl;
	int r = 0;

	while (r == 0 && len > 0) {
		nl = memchr(s, '\n', len);
		if (nl == NULL) {
			r = buf_add(out, s, len);
			break;
		}
		r = buf_add(out, s, (size_t)(nl - s) + 1);
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
		for (size_t i = 0; r == 0 && i < indent; i++)
			r = buf_addch(out, ' ');
	}
	return r;
}

/* appends the n items as a JSON array whose line is indented by indent */
static int
emit_items(struct buf *out, size_t indent, size_t n, report_json_item_fn *item,
    const void *ctx, struct report_spill *sp, int *built, int *spill_failed,
    struct derr *err)
{
	struct buf one = BUF_INIT;
	size_t i, k;
	json_t *v;
	int r = 0;

	*built = 1;
	r = buf_adds(out, n == 0 ? "[]" : "[\n");
	for (i = 0; r == 0 && i < n; i++) {
		v = item(ctx, i);
		if (v == NULL) {
			*built = 0;
			r = -1;
			break;
		}
		buf_reset(&one);
		for (k = 0; r == 0 && k < indent + 2; k++)
			r = buf_addch(out, ' ');
		r = r || dump(v, &one) ||
		    add_indented(out, one.buf, one.len, indent + 2) ||
		    buf_adds(out, i + 1 < n ? ",\n" : "\n");
		json_decref(v);
		if (r == 0 && report_spill(sp, out, err) != 0) {
			*spill_failed = 1;
			r = -1;
		}
	}
	for (k = 0; r == 0 && n > 0 && k < indent; k++)
		r = buf_addch(out, ' ');
	if (r == 0 && n > 0)
		r = buf_addch(out, ']');
	buf_release(&one);
	return r;
}

int
report_json_emit_items(json_t *root, size_t n, report_json_item_fn *item,
    const void *ctx, struct report_spill *sp, const char *what, struct buf *out,
    struct derr *err)
{
	int spill_failed = 0;
	struct buf head = BUF_INIT;
	const char *at = NULL, *p, *line;
	size_t indent = 0, dlen = sizeof(slot_dump) - 1;
	int ret = -1, built = 1, r = 0;

	if (root == NULL)
		goto built;
	if (json_is_string(root) &&
	    json_string_length(root) == sizeof(slot_text) - 1 &&
	    memcmp(json_string_value(root), slot_text, sizeof(slot_text) - 1) ==
		0) {
		/* the whole report is the array (GitLab) */
		r = emit_items(
			out, 0, n, item, ctx, sp, &built, &spill_failed, err) ||
		    buf_addch(out, '\n');
		goto done;
	}
	if (dump(root, &head) != 0)
		goto too_large;
	for (p = head.buf; (p = strstr(p, slot_dump)) != NULL; p += dlen) {
		if (at != NULL) {
			/*
			 * never: the head's strings (notes, origins, names)
			 * are C strings, and the placeholder holds NULs
			 */
			derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "cannot build the %s report (placeholder)", what);
			goto out;
		}
		at = p;
	}
	if (at == NULL) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot build the %s report (no placeholder)", what);
		goto out;
	}
	for (line = at; line > head.buf && line[-1] != '\n'; line--)
		;
	while (line[indent] == ' ')
		indent++;
	r = buf_add(out, head.buf, (size_t)(at - head.buf)) ||
	    emit_items(
		out, indent, n, item, ctx, sp, &built, &spill_failed, err) ||
	    buf_adds(out, at + dlen) || buf_addch(out, '\n');
done:
	if (spill_failed)
		goto out;
	if (!built)
		goto built;
	if (r != 0)
		goto too_large;
	ret = 0;
	goto out;
built:
	derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
	    "cannot build the %s report (out of memory)", what);
	goto out;
too_large:
	derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
	    "the %s report is too large", what);
out:
	buf_release(&head);
	return ret;
}

int
report_json_emit(
    json_t *root, const char *what, struct buf *out, struct derr *err)
{
	int ret = -1;

	if (root == NULL) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot build the %s report (out of memory)", what);
		goto out;
	}
	if (dump(root, out) != 0 || buf_addch(out, '\n') != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "the %s report is too large", what);
		goto out;
	}
	ret = 0;
out:
	return ret;
}
