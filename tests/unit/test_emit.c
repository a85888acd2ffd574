/*
 * test_emit.c: what the emitters share (emit.h): SHA-256, the header and
 * its marker, the stale check (fresh, reformatted, stale), the options,
 * the regenerate command, package.json detection and the policy-driven
 * types-stale changes.
 */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/diff.h"
#include "drift/emit.h"
#include "drift/model.h"
#include "drift/xalloc.h"

static const char snap_yaml[] =
    "directus: 11.17.4\nvendor: postgres\ncollections:\n"
    "  - {collection: articles, meta: {}, schema: {name: articles}}\n"
    "  - {collection: my-items, meta: {}, schema: {name: my-items}}\n"
    "fields:\n"
    "  - {collection: articles, field: id, type: integer, meta: {}, "
    "schema: {is_nullable: false, is_primary_key: true}}\n"
    "  - {collection: articles, field: status, type: string, meta: "
    "{options: {choices: [{text: D, value: draft}, {text: P, value: "
    "published}, {text: A, value: archived}]}}, schema: {is_nullable: "
    "false}}\n"
    "  - {collection: articles, field: title, type: string, meta: {note: "
    "Headline}, schema: {is_nullable: true}}\n"
    "  - {collection: my-items, field: id, type: integer, meta: {}, "
    "schema: {is_nullable: false, is_primary_key: true}}\n";

static struct snapshot *
load(const char *yaml)
{
	struct snapshot *s = NULL;
	struct derr err = DERR_INIT;

	if (snapshot_load("schema.yaml", yaml, strlen(yaml), NULL, &s, &err))
		fail_msg("load: %s", err.msg);
	return s;
}

static char *
generate(const char *yaml)
{
	struct snapshot *s = load(yaml);
	struct emit_opts o;
	struct buf b = BUF_INIT;

	emit_opts_init(&o);
	assert_int_equal(emit_generate(s, &o, &b), 0);
	snapshot_free(&s);
	return buf_detach(&b, NULL);
}

/* generate(replace(yaml, from, to)) without leaks */
static char *generate_edit(const char *yaml, const char *from, const char *to);

static void
test_sha256(void **state)
{
	char hex[65], *big;

	(void)state;
	emit_sha256_hex("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e46"
	    "49b934ca495991b7852b855");
	emit_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a39"
	    "6177a9cb410ff61f20015ad");
	emit_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnop"
			"nopq",
	    56, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce4596"
	    "4ff2167f6ecedd419db06c1");
	big = xmalloc(1000000);
	memset(big, 'a', 1000000);
	emit_sha256_hex(big, 1000000, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a"
	    "497200e046d39ccc7112cd0");
	free(big);
}

static void
test_header_and_marker(void **state)
{
	char *out = generate(snap_yaml), *again = generate(snap_yaml);
	struct emit_marker m;
	const char *body;
	char hex[65];

	(void)state;
	/* deterministic: no timestamps, no paths */
	assert_string_equal(out, again);
	assert_int_equal(strncmp(out,
			     "// directus-drift:types v1 lang=ts "
			     "sha256=",
			     42),
	    0);
	assert_non_null(strstr(out,
	    "from a Directus 11.17.4 (postgres) "
	    "snapshot for @directus/sdk 26."));
	assert_int_equal(emit_marker_parse(out, strlen(out), &m), 0);
	assert_int_equal(m.version, EMIT_FORMAT_VERSION);
	assert_string_equal(m.lang, "ts");
	assert_int_equal(m.line, 1);
	/* the hash is that of the body: everything after the header */
	body = strstr(out, "\nexport interface Schema");
	assert_non_null(body);
	emit_sha256_hex(body, strlen(body), hex);
	assert_string_equal(m.hash, hex);
	/* the marker may move, and "#" comments work too */
	{
		static const char moved[] =
		    "x\n  # directus-drift:types v7 lang=graphql sha256="
		    "0000000000000000000000000000000000000000000000000000000000"
		    "000000\n";

		assert_int_equal(
		    emit_marker_parse(moved, sizeof(moved) - 1, &m), 0);
	}
	assert_int_equal(m.version, 7);
	assert_string_equal(m.lang, "graphql");
	assert_int_equal(m.line, 2);
	assert_int_equal(emit_marker_parse("// nothing\n", 11, &m), -1);
	{
		static const char bad1[] =
		    "// directus-drift:types v1 lang=ts sha256=abc\n";
		static const char bad2[] = "// directus-drift:types vx\n";

		assert_int_equal(
		    emit_marker_parse(bad1, sizeof(bad1) - 1, &m), -1);
		assert_int_equal(
		    emit_marker_parse(bad2, sizeof(bad2) - 1, &m), -1);
	}
	free(out);
	free(again);
}

/* a prettier-like rewrite: 4 spaces, double quotes, CRLF, unions broken */
static char *
prettify(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			buf_addch(&b, '"');
		else if (*p == '\n')
			buf_adds(&b, "  \r\n");
		else if (p[0] == ' ' && p[1] == '|' && p[2] == ' ')
			buf_adds(&b, "\n        ");
		else if (p == s || p[-1] == '\n')
			buf_adds(&b, p[0] == ' ' ? "  " : ""),
			    buf_addch(&b, *p);
		else
			buf_addch(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct buf b = BUF_INIT;

	assert_non_null(at);
	buf_add(&b, s, (size_t)(at - s));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	return buf_detach(&b, NULL);
}

static char *
generate_edit(const char *yaml, const char *from, const char *to)
{
	char *y = replace(yaml, from, to), *ret = generate(y);

	free(y);
	return ret;
}

static enum emit_state
check(const char *old, const char *fresh, struct buf *sum)
{
	buf_reset(sum);
	return emit_check(
	    "ts", old, strlen(old), fresh, strlen(fresh), "  ", 10, sum);
}

static void
test_check(void **state)
{
	char *fresh = generate(snap_yaml), *old, *other;
	struct buf sum = BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(check(fresh, fresh, &sum), EMIT_FRESH);
	/* trailing blanks, CRLF and final newlines are no difference */
	old = replace(fresh, ";\n", ";  \r\n");
	assert_int_equal(check(old, fresh, &sum), EMIT_FRESH);
	free(old);
	/* reformatted: same marker, same declarations */
	old = prettify(fresh);
	assert_int_equal(check(old, fresh, &sum), EMIT_REFORMATTED);
	free(old);
	old = replace(fresh, "  status:",
	    "  /** added by a person */\n"
	    "  status:");
	assert_int_equal(check(old, fresh, &sum), EMIT_REFORMATTED);
	free(old);
	old = replace(fresh, "  'my-items'", "  \"my-items\"");
	assert_int_equal(check(old, fresh, &sum), EMIT_REFORMATTED);
	free(old);

	/* stale by one field: the snapshot gained one */
	other = generate_edit(snap_yaml, "fields:\n",
	    "fields:\n  - {collection: articles, field: views, type: "
	    "bigInteger, meta: {}, schema: {is_nullable: true}}\n");
	assert_int_equal(check(fresh, other, &sum), EMIT_STALE);
	assert_string_equal(sum.buf, "  + Articles.views: string|null\n");
	/* ... and the other way round */
	assert_int_equal(check(other, fresh, &sum), EMIT_STALE);
	assert_string_equal(sum.buf, "  - Articles.views\n");
	free(other);

	/* stale by a type change */
	other = generate_edit(snap_yaml, "field: title, type: string",
	    "field: title, type: integer");
	assert_int_equal(check(fresh, other, &sum), EMIT_STALE);
	assert_string_equal(sum.buf,
	    "  ~ Articles.title: string|null -> "
	    "number|null\n");
	/* even when prettier rewrote the old one */
	old = prettify(fresh);
	assert_int_equal(check(old, other, &sum), EMIT_STALE);
	assert_string_equal(sum.buf,
	    "  ~ Articles.title: string|null -> "
	    "number|null\n");
	free(old);
	free(other);

	/* a collection added: a type and a root key */
	other = generate_edit(snap_yaml, "fields:\n",
	    "  - {collection: tags, meta: {}, schema: {name: tags}}\n"
	    "fields:\n  - {collection: tags, field: id, type: uuid, meta: {}, "
	    "schema: {is_nullable: false, is_primary_key: true}}\n");
	assert_int_equal(check(fresh, other, &sum), EMIT_STALE);
	assert_string_equal(sum.buf,
	    "  + Schema.tags: Tags[]\n"
	    "  + interface Tags\n");
	free(other);

	/* only a note changed: the hash differs, the declarations do not */
	other = generate_edit(snap_yaml, "note: Headline", "note: Title");
	assert_int_equal(check(fresh, other, &sum), EMIT_STALE);
	assert_string_equal(sum.buf,
	    "  only comments (field notes) or "
	    "formatting differ\n");
	free(other);

	/* edited by hand under an intact marker */
	old = replace(fresh, "title: string | null", "title: string");
	assert_int_equal(check(old, fresh, &sum), EMIT_STALE);
	assert_string_equal(sum.buf,
	    "  edited by hand after generation\n"
	    "  ~ Articles.title: string -> "
	    "string|null\n");
	free(old);

	/* not ours */
	assert_int_equal(
	    check("export interface Schema {}\n", fresh, &sum), EMIT_STALE);
	assert_non_null(strstr(sum.buf, "no \"directus-drift:types\" marker"));

	/* the summary is bounded */
	{
		struct buf many = BUF_INIT;

		buf_adds(&many, snap_yaml);
		for (i = 0; i < 30; i++)
			buf_addf(&many,
			    "  - {collection: articles, field: f%02zu, type: "
			    "string, meta: {}, schema: {is_nullable: true}}\n",
			    i);
		other = generate(many.buf);
		buf_release(&many);
	}
	assert_int_equal(check(fresh, other, &sum), EMIT_STALE);
	assert_non_null(strstr(sum.buf,
	    "  + Articles.f09: string|null\n"
	    "  ... and 20 more\n"));
	free(other);
	buf_release(&sum);
	free(fresh);
}

static void
test_opts(void **state)
{
	struct emit_opts o;
	const char *exp;

	(void)state;
	emit_opts_init(&o);
	assert_string_equal(o.lang, "ts");
	assert_string_equal(o.name, "Schema");
	assert_int_equal(emit_opt_set(&o, "lang", "ts", &exp), 0);
	assert_int_equal(emit_opt_set(&o, "lang", "graphql", &exp), 0);
	assert_string_equal(o.lang, "graphql");
	assert_int_equal(emit_opt_set(&o, "lang", "cobol", &exp), -1);
	assert_string_equal(exp, "ts, graphql");
	assert_int_equal(emit_opt_set(&o, "name", "My$Schema_2", &exp), 0);
	assert_string_equal(o.name, "My$Schema_2");
	assert_int_equal(emit_opt_set(&o, "name", "2x", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "name", "a-b", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "sdk", "20", &exp), 0);
	assert_int_equal(o.sdk, 20);
	assert_int_equal(emit_opt_set(&o, "sdk", "16", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "sdk", "20.3", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "sdk", "", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "sdk", "-20", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "bigint", "number", &exp), 0);
	assert_int_equal(o.bigint, EMIT_NUM_NUMBER);
	assert_int_equal(emit_opt_set(&o, "decimal", "float", &exp), -1);
	assert_string_equal(exp, "string or number");
	assert_int_equal(emit_opt_set(&o, "choices", "string", &exp), 0);
	assert_int_equal(o.choices, EMIT_CHOICES_STRING);
	assert_int_equal(
	    emit_opt_set(&o, "core-collections", "singular", &exp), 0);
	assert_int_equal(o.core, EMIT_CORE_SINGULAR);
	assert_int_equal(emit_opt_set(&o, "core-collections", "x", &exp), -1);
	assert_int_equal(emit_opt_set(&o, "nope", "x", &exp), 1);
	assert_string_equal(emit_lang_find("graphql")->comment, "#");
	assert_null(emit_lang_find("cobol"));
	assert_non_null(emit_lang_find("ts"));
}

static void
test_regen_command(void **state)
{
	struct emit_opts o;
	struct buf b = BUF_INIT;

	(void)state;
	emit_opts_init(&o);
	emit_regen_command(&o, "schema.yaml", "src/directus.d.ts", &b);
	assert_string_equal(
	    b.buf, "directus-drift types schema.yaml -o src/directus.d.ts");
	buf_reset(&b);
	o.sdk = 20;
	o.name = "Api";
	o.bigint = o.decimal = EMIT_NUM_NUMBER;
	o.choices = EMIT_CHOICES_STRING;
	o.core = EMIT_CORE_SINGULAR;
	emit_regen_command(&o, "git:main:my schema.yaml", "it's.ts", &b);
	assert_string_equal(b.buf,
	    "directus-drift types 'git:main:my schema.yaml' --name Api --sdk "
	    "20 --bigint number --decimal number --choices string "
	    "--core-collections singular -o 'it'\\''s.ts'");
	buf_release(&b);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* path = dir + "/" + rel, a new string */
static char *
at(const char *dir, const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

static void
write_at(const char *dir, const char *rel, const char *text)
{
	char *p = at(dir, rel);

	write_file(p, text);
	free(p);
}

static void
mkdir_at(const char *dir, const char *rel)
{
	char *p = at(dir, rel);

	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

static void
test_package_json(void **state)
{
	char dir[] = "/tmp/drift-emit-XXXXXX", *path, *spec, *p;
	int major;

	(void)state;
	assert_non_null(mkdtemp(dir));
	mkdir_at(dir, "web");
	mkdir_at(dir, "web/src");
	mkdir_at(dir, "web/src/types");
	p = at(dir, "web/src/types");
	/* nothing that names the SDK: 0 */
	major = emit_sdk_from_package_json(p, &path, &spec);
	assert_int_equal(major, 0);
	assert_null(path);
	/* the nearest one that names it wins; invalid ones are skipped */
	write_at(dir, "package.json",
	    "{\"dependencies\": {\"@directus/sdk\": \"^17.0.2\"}}");
	write_at(dir, "web/src/package.json", "{ not json");
	write_at(dir, "web/package.json",
	    "{\"devDependencies\": {\"@directus/sdk\": \"~20.3.0\"}}");
	major = emit_sdk_from_package_json(p, &path, &spec);
	assert_int_equal(major, 20);
	assert_string_equal(spec, "~20.3.0");
	assert_non_null(strstr(path, "/web/package.json"));
	free(path);
	free(spec);
	/* "latest" says no major: go on upwards */
	write_at(dir, "web/package.json",
	    "{\"dependencies\": {\"@directus/sdk\": \"latest\"}}");
	major = emit_sdk_from_package_json(p, &path, &spec);
	assert_int_equal(major, 17);
	free(path);
	free(spec);
	free(p);
	/* clean up */
	p = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
	free(p);
}

static void
test_stale_changes(void **state)
{
	char dir[] = "/tmp/drift-emit-XXXXXX", *file, *fresh;
	struct snapshot *s = load(snap_yaml);
	struct changeset cs = CHANGESET_INIT;
	struct emit_target t;

	(void)state;
	assert_non_null(mkdtemp(dir));
	file = xasprintf("%s/types.ts", dir);
	memset(&t, 0, sizeof(t));
	emit_opts_init(&t.opts);
	t.opts.sdk = 26;
	t.file = file;
	t.written = "types.ts";
	/* missing: one change */
	assert_int_equal(emit_stale_changes(&t, 1, s, NULL, &cs), 1);
	assert_string_equal(cs.v[0].rule->id, "types-stale");
	assert_int_equal(cs.v[0].severity, SEV_DANGEROUS);
	assert_int_equal(cs.v[0].entity, ENT_SNAPSHOT);
	assert_string_equal(cs.v[0].collection, "types.ts");
	assert_non_null(strstr(cs.v[0].message, "cannot be read"));
	assert_non_null(strstr(cs.v[0].message,
	    "directus-drift types schema.yaml --sdk 26 -o types.ts"));
	changeset_release(&cs);
	/* fresh: none */
	fresh = generate(snap_yaml);
	write_file(file, fresh);
	assert_int_equal(emit_stale_changes(&t, 1, s, NULL, &cs), 0);
	/* stale: one, located at the marker, with the summary */
	{
		char *edited = replace(
		    fresh, "title: string | null", "title: number");

		write_file(file, edited);
		free(edited);
	}
	assert_int_equal(
	    emit_stale_changes(&t, 1, s, "git:HEAD:schema.yaml", &cs), 1);
	assert_int_equal(cs.v[0].line, 1);
	assert_string_equal(cs.v[0].message,
	    "the types file types.ts does not match the snapshot: edited by "
	    "hand after generation; ~ Articles.title: number -> string|null; "
	    "regenerate with: directus-drift types git:HEAD:schema.yaml --sdk "
	    "26 -o types.ts");
	changeset_release(&cs);
	unlink(file);
	rmdir(dir);
	free(file);
	free(fresh);
	snapshot_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_header_and_marker),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_opts),
		cmocka_unit_test(test_regen_command),
		cmocka_unit_test(test_package_json),
		cmocka_unit_test(test_stale_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
