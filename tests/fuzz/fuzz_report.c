/*
 * fuzz_report.c: libFuzzer target for the report renderers.  The input
 * becomes text, not a document: its first byte picks lengths, the rest is
 * split at the first "\n---8<---\n" (or in half) into two strings, and
 * each byte of a string becomes one character from a table of 1- to
 * 4-byte UTF-8 sequences, quotes, backslashes, line feeds, C1 and
 * bidirectional controls.  Both strings go into a built-in snapshot pair
 * (as notes, a default value, a choice, a collection name and a field
 * name, repeated to make them long), the pair is diffed, and every report
 * format of the table is rendered.  Invariants (abort on violation): every
 * format succeeds, every output is valid UTF-8, and the JSON-based ones
 * parse.
 */
#include "drift/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/load.h"
#include "drift/model.h"
#include "drift/report.h"
#include "drift/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char report_sep[] = "\n---8<---\n";

/* what one input byte becomes */
static const char *const report_chars[] = { "a", "Z", " ", "\xc3\xa9",
	"\xe2\x82\xac", "\xf0\x9f\x98\x80", "\"", "\\", "\n", "\t", "\r",
	"\xc2\x9b", "\xc2\x9d", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\xa8",
	"\x1b", "%", ":", ",", "<", "&", "|", "*", "\xd7\x90", "\xe4\xb8\xad",
	"\x7f", "\xc2\xa0", "'", "#", "@", "." };

static void
text_of(struct buf *out, const uint8_t *p, size_t n, size_t repeat)
{
	size_t i, r;

	for (r = 0; r < repeat; r++)
		for (i = 0; i < n && i < 512; i++)
			buf_adds(out,
			    report_chars[p[i] %
				(sizeof(report_chars) /
				    sizeof(report_chars[0]))]);
}

/* a JSON snapshot holding s (already a JSON string literal) in places */
static void
snapshot_text(struct buf *b, const char *s, const char *name, int side)
{
	buf_adds(b, "{\"version\":1,\"directus\":\"11.17.4\",");
	buf_adds(
	    b, side ? "\"vendor\":\"postgres\"," : "\"vendor\":\"sqlite\",");
	buf_addf(b,
	    "\"collections\":[{\"collection\":\"c\",\"meta\":"
	    "{\"collection\":\"c\",\"note\":%s},\"schema\":{\"name\":\"c\"}},"
	    "{\"collection\":%s,\"meta\":{\"collection\":%s,\"note\":null},"
	    "\"schema\":{\"name\":%s}}],",
	    s, name, name, name);
	buf_addf(b,
	    "\"fields\":[{\"collection\":\"c\",\"field\":\"f\",\"type\":"
	    "\"string\",\"meta\":{\"collection\":\"c\",\"field\":\"f\","
	    "\"note\":%s,\"options\":{\"choices\":[{\"text\":%s,\"value\":%s}"
	    "]}},\"schema\":{\"name\":\"f\",\"table\":\"c\",\"data_type\":"
	    "\"varchar\",\"default_value\":%s,\"max_length\":%d,"
	    "\"is_nullable\":true}},"
	    "{\"collection\":\"c\",\"field\":%s,\"type\":\"integer\","
	    "\"meta\":null,\"schema\":{\"name\":%s,\"table\":\"c\","
	    "\"data_type\":\"integer\",\"is_nullable\":%s}}],",
	    s, s, s, s, side ? 255 : 100, name, name, side ? "false" : "true");
	buf_adds(b, "\"systemFields\":[],\"relations\":[]}");
}

static int
load(const char *origin, const struct buf *b, struct snapshot **out)
{
	struct derr err = DERR_INIT;
	struct load_limits lim;

	load_limits_default(&lim);
	lim.max_bytes = 8 << 20;
	return snapshot_load(origin, b->buf, b->len, &lim, out, &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *cut, *names, *q;
	struct buf t[2] = { BUF_INIT, BUF_INIT },
		   js[2] = { BUF_INIT, BUF_INIT };
	struct buf nm[2] = { BUF_INIT, BUF_INIT }, doc = BUF_INIT;
	struct buf out = BUF_INIT, fname = BUF_INIT;
	struct snapshot *s[2] = { NULL, NULL };
	struct changeset cs = CHANGESET_INIT;
	struct report_input in;
	struct derr err = DERR_INIT;
	size_t n1, off2, repeat, k;
	int i;

	if (size < 1)
		return 0;
	repeat = 1 + data[0] % 8;
	p++;
	size--;
	cut = memmem(p, size, report_sep, sizeof(report_sep) - 1);
	n1 = cut ? (size_t)(cut - p) : size / 2;
	off2 = cut ? n1 + sizeof(report_sep) - 1 : n1;
	text_of(&t[0], (const uint8_t *)p, n1, repeat);
	text_of(&t[1], (const uint8_t *)p + off2, size - off2, repeat);
	for (i = 0; i < 2; i++) {
		buf_add_json_str(&js[i], t[i].buf, t[i].len);
		/* a name: the first 40 bytes, cut at a boundary, never empty */
		buf_adds(&doc, "n");
		buf_add(&doc, t[i].buf, utf8_boundary(t[i].buf, t[i].len, 40));
		buf_add_json_str(&nm[i], doc.buf, strlen(doc.buf));
		buf_reset(&doc);
		snapshot_text(&doc, js[i].buf, nm[i].buf, i);
		if (load(i ? "new" : "old", &doc, &s[i]) != 0) {
			/* the documents are valid by construction */
			fprintf(stderr, "cannot load the %s side\n",
			    i ? "new" : "old");
			abort();
		}
		buf_reset(&doc);
	}
	diff_snapshots(s[0], s[1], &cs);
	memset(&in, 0, sizeof(in));
	in.old = s[0];
	in.new = s[1];
	in.cs = &cs;
	in.fail_on = SEV_BREAKING;
	in.verbose = 1;
	in.color = data[0] & 0x80 ? 1 : 0;
	names = report_format_names();
	for (q = names; *q != '\0'; q += k + strspn(q + k, ", ")) {
		const struct report_format *f;

		k = strcspn(q, ", ");
		buf_reset(&fname);
		buf_add(&fname, q, k);
		f = report_format_find(fname.buf);
		if (f == NULL)
			abort();
		buf_reset(&out);
		if (f->render(&in, &out, &err) != 0) {
			fprintf(stderr, "%s: %s\n", fname.buf, err.msg);
			abort();
		}
		if (!utf8_valid(out.buf, out.len)) {
			fprintf(stderr, "%s: invalid UTF-8\n", fname.buf);
			abort();
		}
		if (strcmp(fname.buf, "json") == 0 ||
		    strcmp(fname.buf, "sarif") == 0 ||
		    strcmp(fname.buf, "gitlab") == 0) {
			json_error_t je;
			json_t *v = json_loadb(out.buf, out.len, 0, &je);

			if (v == NULL) {
				fprintf(stderr, "%s: not JSON: %s at %d\n",
				    fname.buf, je.text, je.position);
				abort();
			}
			json_decref(v);
		}
	}
	changeset_release(&cs);
	for (i = 0; i < 2; i++) {
		snapshot_free(&s[i]);
		buf_release(&t[i]);
		buf_release(&js[i]);
		buf_release(&nm[i]);
	}
	buf_release(&doc);
	buf_release(&out);
	buf_release(&fname);
	return 0;
}
