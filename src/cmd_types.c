/*
 * cmd_types.c: directus-drift types SOURCE [--lang ts] [--name Schema]
 * [--sdk MAJOR] [type options] [-o FILE | --check FILE] (issue 13).
 *
 * Writes the front-end types of a snapshot (emit.h: header, hash; one
 * emitter per language) to standard output or, atomically, to -o FILE.
 * With --check FILE nothing is written: FILE is compared with what the
 * snapshot generates; exit 0 fresh (or only reformatted), 1 stale (with a
 * summary and the command that regenerates it), 3 when FILE cannot be
 * read.  Without --sdk the @directus/sdk major comes from the package.json
 * nearest to the output (or checked) file, else the working directory.
 */
#include "drift/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift/buf.h"
#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/emit.h"
#include "drift/model.h"
#include "drift/output.h"

/* the most summary lines --check prints */
#define CHECK_SUMMARY_LINES 40

static int
set_opts(const struct cli_opts *o, struct emit_opts *eo)
{
	const struct {
		const char *key;
		const char *val;
	} v[] = {
		{ "lang", o->types_lang },
		{ "name", o->types_name },
		{ "sdk", o->types_sdk },
		{ "bigint", o->types_bigint },
		{ "decimal", o->types_decimal },
		{ "choices", o->types_choices },
		{ "core-collections", o->types_core },
	};
	const char *expected;
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(v); i++) {
		if (v[i].val == NULL ||
		    emit_opt_set(eo, v[i].key, v[i].val, &expected) == 0)
			continue;
		if (strcmp(v[i].key, "lang") == 0)
			return drift_usage_error("unsupported language '%s' "
						 "for --lang: supported "
						 "languages are %s",
			    v[i].val, expected);
		return drift_usage_error("invalid value '%s' for --%s: "
					 "expected %s",
		    v[i].val, v[i].key, expected);
	}
	return 0;
}

/* the directory of path, or "." (new) */
static char *
dir_of(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* --sdk not given: the nearest package.json's, said on stderr */
static void
detect_sdk(const char *file, struct emit_opts *eo)
{
	char *dir = dir_of(file), *path = NULL, *spec = NULL;

	if (dir == NULL)
		return;
	eo->sdk = emit_sdk_from_package_json(dir, &path, &spec);
	if (eo->sdk > 0)
		fprintf(stderr,
		    DRIFT_NAME ": types: targeting @directus/sdk %d "
			       "(\"%s\" in %s; --sdk overrides it)\n",
		    eo->sdk, spec, path);
	free(dir);
	free(path);
	free(spec);
}

static int
read_file(const char *path, struct buf *b)
{
	struct derr err = DERR_INIT;
	FILE *fp = fopen(path, "rb");
	int rc = DRIFT_EXIT_OK;

	if (fp == NULL) {
		derr_set(&err, DRIFT_EXIT_INPUT, path, 0, 0,
		    "cannot read the types file: %s", strerror(errno));
	} else {
		b->max = 1u << 30;
		if (buf_read_file(b, fp) != 0)
			derr_set(&err, DRIFT_EXIT_INPUT, path, 0, 0,
			    "cannot read the types file: %s", strerror(errno));
		fclose(fp);
	}
	if (err.status != 0) {
		derr_print(&err);
		rc = err.status;
	}
	return rc;
}

static int
check(const char *file, const char *source, const struct emit_opts *given,
    const struct emit_opts *eo, const struct buf *fresh)
{
	struct buf old = BUF_INIT, sum = BUF_INIT, out = BUF_INIT;
	struct derr err = DERR_INIT;
	enum emit_state st;
	int rc;

	rc = read_file(file, &old);
	if (rc != DRIFT_EXIT_OK)
		goto out;
	st = emit_check(eo->lang, old.buf, old.len, fresh->buf, fresh->len,
	    "  ", CHECK_SUMMARY_LINES, &sum);
	if (st == EMIT_FRESH) {
		buf_addf(&out, "%s: up to date\n", file);
	} else if (st == EMIT_REFORMATTED) {
		buf_addf(&out, "%s: up to date (reformatted)\n", file);
	} else {
		buf_addf(&out, "%s: stale; what regenerating changes:\n", file);
		buf_add(&out, sum.buf, sum.len);
		buf_adds(&out, "regenerate with: ");
		emit_regen_command(given, source, file, &out);
		buf_addch(&out, '\n');
		rc = DRIFT_EXIT_FOUND;
	}
	if (output_write_stdout(out.buf, out.len, &err) != 0) {
		derr_print(&err);
		rc = err.status;
	}
out:
	buf_release(&old);
	buf_release(&sum);
	buf_release(&out);
	return rc;
}

int
cmd_types(int argc, char **argv, const struct cli_opts *o)
{
	struct snapshot *s = NULL;
	struct emit_opts given, eo;
	struct buf out = BUF_INIT;
	struct derr err = DERR_INIT;
	int rc;

	if (argc != 1)
		return drift_usage_error("'types' needs one snapshot source "
					 "(a file, -, git:REV:PATH or an "
					 "http(s) URL; got %d)",
		    argc);
	if (o->types_check != NULL && o->output != NULL)
		return drift_usage_error("--check and -o cannot be combined: "
					 "--check writes nothing");
	emit_opts_init(&given);
	rc = set_opts(o, &given);
	if (rc != 0)
		return rc;
	eo = given;
	if (eo.sdk == 0 && strcmp(eo.lang, "ts") == 0)
		detect_sdk(
		    o->types_check != NULL ? o->types_check : o->output, &eo);
	rc = cli_load(argv[0], o, &s);
	if (rc != DRIFT_EXIT_OK)
		goto out;
	if (emit_generate(s, &eo, &out) != 0) {
		drift_err("internal error: no emitter for '%s'", eo.lang);
		rc = DRIFT_EXIT_INTERNAL;
		goto out;
	}
	if (o->types_check != NULL)
		rc = check(o->types_check, argv[0], &given, &eo, &out);
	else if (o->output != NULL
		? output_write_atomic(
		      o->output, out.buf, out.len, "types", &err) != 0
		: output_write_stdout(out.buf, out.len, &err) != 0) {
		derr_print(&err);
		rc = err.status ? err.status : DRIFT_EXIT_INTERNAL;
	}
out:
	snapshot_free(&s);
	buf_release(&out);
	return rc;
}
