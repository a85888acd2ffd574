/*
 * test_usage_scan.c: the walker (usage_scan.c) and the GraphQL extraction
 * of JS/TS/Vue/Svelte/Astro files (usage_js.c), on fixtures/example.
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
#include "drift/model.h"
#include "drift/usage.h"
#include "drift/usage_gql.h"
#include "drift/usage_js.h"
#include "helpers/testfile.h"
#include "helpers/testsnap.h"

static void
put(const char *dir, const char *rel, const char *text)
{
	struct buf p = BUF_INIT;
	FILE *fp;

	buf_addf(&p, "%s/%s", dir, rel);
	fp = fopen(p.buf, "wb");
	if (fp == NULL)
		fail_msg("cannot write %s", p.buf);
	fputs(text, fp);
	fclose(fp);
	buf_release(&p);
}

/* file without the prefix strip */
static const char *
rel(const char *file, const char *strip)
{
	size_t sl = strlen(strip);

	return strncmp(file, strip, sl) == 0 ? file + sl : file;
}

/* "file:line:col collection.field access" of every record with a
   field, one per line, and the notes after "--" */
static char *
render(const struct usage_set *u, const char *strip)
{
	struct buf b = BUF_INIT;
	size_t i, sl = strlen(strip);

	for (i = 0; i < u->nrefs; i++) {
		const struct usage_ref *r = &u->refs[i];

		buf_addf(&b, "%s:%u:%u %s.%s %s\n", rel(r->site.file, strip),
		    r->site.line, r->site.col, r->collection,
		    r->field ? r->field : "-", usage_access_name(r->access));
	}
	buf_adds(&b, "--\n");
	for (i = 0; i < u->nnotes; i++) {
		const char *n = u->notes[i];
		const char *at = strstr(n, strip);

		if (at != NULL)
			buf_addf(&b, "%.*s%s\n", (int)(at - n), n, at + sl);
		else
			buf_addf(&b, "%s\n", n);
	}
	return buf_detach(&b, NULL);
}

static void
test_js_forms(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	const char *src =
	    "import { gql } from '@apollo/client'\n"
	    "const a = gql`query A { articles { title } }`\n"
	    "const b = graphql(`\n  { authors { name ${x ? `bio` : ''} } }`)\n"
	    "const c = /* GraphQL */ '{ articles { slug } }'\n"
	    "await client.query(`query { articles { body } }`, {}, 'items')\n"
	    "db.query(`SELECT title FROM articles`)\n"
	    "const d = `{ articles { subtitle } }`\n"
	    "<p>Don't</p>; gql`{ tags { label } }`\n";
	char *got;

	(void)state;
	usage_js_scan("a.tsx", src, strlen(src), g, NULL, new, NULL, &u);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	usage_set_sort(&u);
	got = render(&u, "");
	assert_string_equal(got,
	    "a.tsx:2:25 articles.- read\n"
	    "a.tsx:2:36 articles.title read\n"
	    "a.tsx:4:5 authors.- read\n"
	    "a.tsx:4:13 authors.* read\n" /* the interpolated selection */
	    "a.tsx:4:15 authors.name read\n"
	    "a.tsx:5:28 articles.- read\n"
	    "a.tsx:5:39 articles.slug read\n"
	    "a.tsx:6:29 articles.- read\n"
	    "a.tsx:6:40 articles.body read\n"
	    "a.tsx:9:21 tags.- read\n"
	    "a.tsx:9:28 tags.label read\n"
	    "--\n");
	free(got);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

static void
test_sfc_blocks(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_gql *g = usage_gql_new();
	const char *vue = "<template><p>it's {{ x }}</p></template>\n"
			  "<script setup lang=\"ts\">\n"
			  "const q = gql`{ articles { title } }`\n"
			  "</script>\n";
	const char *astro = "---\nconst q = gql`{ tags { id } }`\n---\n"
			    "<h1>gql`{ nope }`</h1>\n"
			    "<script>gql`{ authors { id } }`</script>\n";
	char *got;

	(void)state;
	usage_js_scan("p.vue", vue, strlen(vue), g, NULL, new, NULL, &u);
	usage_js_scan("p.astro", astro, strlen(astro), g, NULL, new, NULL, &u);
	usage_gql_resolve(g, NULL, new, NULL, &u);
	usage_set_sort(&u);
	got = render(&u, "");
	assert_string_equal(got,
	    "p.astro:2:17 tags.- read\n"
	    "p.astro:2:24 tags.id read\n"
	    "p.astro:5:15 authors.- read\n"
	    "p.astro:5:25 authors.id read\n"
	    "p.vue:3:17 articles.- read\n"
	    "p.vue:3:28 articles.title read\n"
	    "--\n");
	free(got);
	usage_gql_free(&g);
	usage_set_release(&u);
	snapshot_free(&new);
}

static void
test_walker(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o = { 0, 200, NULL, 0, 1 };
	static const unsigned jobs[] = { 1, 2, 3, 16 };
	size_t k;
	struct derr err = DERR_INIT;
	char tmpl[] = "/tmp/usage-scan-XXXXXX";
	char *dir = mkdtemp(tmpl), *got;
	struct buf p = BUF_INIT, want = BUF_INIT;
	const char *paths[1];
	const char *missing[] = { "/nonexistent/usage/path" };

	(void)state;
	assert_non_null(dir);
	assert_int_equal(
	    test_sh("mkdir -p %s/src/sub %s/node_modules/x %s/dist %s/gen "
		    "%s/keep && ln -s .. %s/src/sub/loop",
		dir, dir, dir, dir, dir, dir),
	    0);
	put(dir, ".gitignore", "gen/\n*.skip.ts\n/keep/*.ts\n!/keep/yes.ts\n");
	put(dir, "src/a.ts", "gql`{ articles { title } }`\n");
	put(dir, "src/b.graphql", "query B { authors { name } }\n");
	put(dir, "src/c.skip.ts", "gql`{ articles { slug } }`\n");
	put(dir, "src/sub/.gitignore", "d.ts\n");
	put(dir, "src/sub/d.ts", "gql`{ articles { body } }`\n");
	put(dir, "src/sub/e.ts", "gql`{ tags { label } }`\n");
	put(dir, "src/big.js",
	    "gql`{ articles { id } }` /* "
	    "......................................................"
	    "......................................................"
	    "......................................................"
	    "......................................................"
	    " */\n");
	put(dir, "src/bin.js", "gql`{ tags { id } }`\n");
	put(dir, "node_modules/x/i.js", "gql`{ articles { summary } }`\n");
	put(dir, "dist/i.js", "gql`{ articles { summary } }`\n");
	put(dir, "gen/i.js", "gql`{ articles { summary } }`\n");
	put(dir, "keep/no.ts", "gql`{ articles { summary } }`\n");
	put(dir, "keep/yes.ts", "gql`{ authors { bio } }`\n");
	put(dir, "src/bad.ts", "gql`{ articles { \xff } }`\n");
	assert_int_equal(test_sh("printf 'a\\0b' >%s/src/bin.js", dir), 0);
	/* walked in path order: src/sub.ts before src/sub/ */
	assert_int_equal(test_sh("printf 'a\\0b' >%s/src/sub.ts", dir), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/src/unread.ts", dir);
	put(dir, "src/unread.ts", "gql`{ articles { summary } }`\n");
	chmod(p.buf, 0);
	paths[0] = dir;
	/* the same records and notes, in the same order, on any number of
	   threads */
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		o.jobs = jobs[k];
		assert_int_equal(
		    usage_scan(paths, 1, &o, NULL, new, &u, &err), 0);
		buf_reset(&p);
		buf_addf(&p, "%s/", dir);
		got = render(&u, p.buf);
		usage_set_release(&u);
		buf_reset(&want);
		/* root reads a mode-000 file */
		buf_adds(&want,
		    "keep/yes.ts:1:7 authors.- read\n"
		    "keep/yes.ts:1:17 authors.bio read\n"
		    "src/a.ts:1:7 articles.- read\n"
		    "src/a.ts:1:18 articles.title read\n"
		    "src/b.graphql:1:11 authors.- read\n"
		    "src/b.graphql:1:21 authors.name read\n"
		    "src/sub/e.ts:1:7 tags.- read\n"
		    "src/sub/e.ts:1:14 tags.label read\n");
		if (getuid() == 0)
			buf_adds(&want,
			    "src/unread.ts:1:7 articles.- read\n"
			    "src/unread.ts:1:18 articles.summary read\n");
		buf_adds(&want,
		    "--\n"
		    "skipped src/bad.ts: not valid UTF-8\n"
		    "skipped src/big.js: larger than 200 bytes\n"
		    "skipped src/bin.js: a binary file\n"
		    "skipped src/sub.ts: a binary file\n"
		    "skipped src/sub/loop: a directory already walked (symlink "
		    "loop)\n");
		if (getuid() != 0)
			buf_adds(&want,
			    "skipped src/unread.ts: Permission denied\n");
		assert_string_equal(got, want.buf);
		free(got);
	}
	assert_int_equal(usage_scan(missing, 1, &o, NULL, new, &u, &err), -1);
	assert_int_equal(err.status, 3);
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	buf_release(&p);
	buf_release(&want);
	usage_set_release(&u);
	snapshot_free(&new);
}

/*
 * The text check of every file read: a NUL (a binary file) or a byte that
 * is not UTF-8 anywhere in a file of ASCII, at each offset around the
 * 64- and 8-byte steps of its fast path, and valid two- to four-byte
 * sequences there, which are no note.
 */
static void
test_text_check(void **state)
{
	static const char *const kinds[] = { "nul", "ff", "cont", "cut", "e9",
		"euro", "emoji" };
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o = { 0, 0, NULL, 0, 2 };
	struct derr err = DERR_INIT;
	char tmpl[] = "/tmp/usage-text-XXXXXX";
	char *dir = mkdtemp(tmpl);
	const char *paths[1];
	struct buf p = BUF_INIT, want = BUF_INIT;
	size_t k, at, i, nbad = 0;

	(void)state;
	assert_non_null(dir);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (at = 0; at < 140; at++) {
			char text[160];
			size_t len = 150;
			FILE *fp;

			memset(text, 'a', sizeof(text));
			switch (k) {
			case 0:
				text[at] = '\0';
				break;
			case 1:
				text[at] = (char)0xff;
				break;
			case 2:
				text[at] = (char)0x80;
				break;
			case 3: /* a lead byte cut at the end of the file */
				text[at] = (char)0xc3;
				len = at + 1;
				break;
			case 4:
				memcpy(text + at, "\xc3\xa9", 2);
				break;
			case 5:
				memcpy(text + at, "\xe2\x82\xac", 3);
				break;
			default:
				memcpy(text + at, "\xf0\x9f\x98\x80", 4);
				break;
			}
			buf_reset(&p);
			buf_addf(&p, "%s/%s%03zu.ts", dir, kinds[k], at);
			fp = fopen(p.buf, "wb");
			assert_non_null(fp);
			assert_int_equal(fwrite(text, 1, len, fp), len);
			fclose(fp);
			if (k < 4) {
				buf_addf(&want, "skipped %s/%s%03zu.ts: %s\n",
				    dir, kinds[k], at,
				    k == 0 ? "a binary file"
					   : "not valid UTF-8");
				nbad++;
			}
		}
	paths[0] = dir;
	assert_int_equal(usage_scan(paths, 1, &o, NULL, new, &u, &err), 0);
	assert_int_equal(u.nnotes, nbad);
	assert_int_equal(u.nfiles, 7 * 140 - nbad);
	for (i = 0; i < u.nnotes; i++)
		assert_non_null(strstr(want.buf, u.notes[i]));
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	buf_release(&p);
	buf_release(&want);
	usage_set_release(&u);
	snapshot_free(&new);
}

/*
 * A fragment used in a later file than its own makes records at its own
 * (earlier) site after later ones; one used before its file is read waits
 * for the end; files named out of order come in that order.  The
 * per-file order check then stops and the final sort orders everything:
 * the records come out sorted, the same on any number of threads.
 */
static void
test_fragment_order(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o = { 0, 0, NULL, 0, 1 };
	static const unsigned jobs[] = { 1, 2, 4 };
	struct derr err = DERR_INIT;
	char tmpl[] = "/tmp/usage-frag-XXXXXX";
	char *dir = mkdtemp(tmpl), *got, *first = NULL;
	const char *paths[1];
	struct buf p = BUF_INIT;
	size_t k;

	(void)state;
	assert_non_null(dir);
	put(dir, "a.ts", "gql`fragment A on articles { title }`\n");
	put(dir, "b.ts",
	    "gql`{ articles { ...A } }`\ngql`{ authors { ...C } }`\n");
	put(dir, "c.ts", "gql`fragment C on authors { name }`\n");
	put(dir, "m.ts", "gql`{ articles { slug } }`\n");
	put(dir, "z.ts", "gql`{ tags { label } }`\n");
	paths[0] = dir;
	buf_addf(&p, "%s/", dir);
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		o.jobs = jobs[k];
		assert_int_equal(
		    usage_scan(paths, 1, &o, NULL, new, &u, &err), 0);
		assert_int_equal(usage_set_ascending(&u, 0), u.nrefs);
		got = render(&u, p.buf);
		if (first == NULL) {
			first = got;
			assert_non_null(
			    strstr(first, "a.ts:1:30 articles.title read\n"));
			assert_non_null(
			    strstr(first, "c.ts:1:29 authors.name read\n"));
		} else {
			assert_string_equal(got, first);
			free(got);
		}
		usage_set_release(&u);
	}
	/* files named out of order are scanned in that order: the records
	   still come out sorted */
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		char *named[2];

		buf_reset(&p);
		buf_addf(&p, "%s/z.ts", dir);
		named[0] = buf_detach(&p, NULL);
		buf_addf(&p, "%s/m.ts", dir);
		named[1] = buf_detach(&p, NULL);
		o.jobs = jobs[k];
		assert_int_equal(usage_scan((const char *const *)named, 2, &o,
				     NULL, new, &u, &err),
		    0);
		assert_int_equal(usage_set_ascending(&u, 0), u.nrefs);
		buf_addf(&p, "%s/", dir);
		got = render(&u, p.buf);
		assert_string_equal(got,
		    "m.ts:1:7 articles.- read\n"
		    "m.ts:1:18 articles.slug read\n"
		    "z.ts:1:7 tags.- read\n"
		    "z.ts:1:14 tags.label read\n"
		    "--\n");
		free(got);
		usage_set_release(&u);
		free(named[0]);
		free(named[1]);
	}
	free(first);
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	buf_release(&p);
	snapshot_free(&new);
}

/*
 * More files than a block of jobs holds, some of them notes (binary
 * files, a symlink loop), walked while threads scan: every record and
 * note in walk order, the same on any number of threads.
 */
static void
test_many_files(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o = { 0, 0, NULL, 0, 1 };
	static const unsigned jobs[] = { 1, 2, 3, 8 };
	struct derr err = DERR_INIT;
	char tmpl[] = "/tmp/usage-many-XXXXXX";
	char *dir = mkdtemp(tmpl), *got;
	const char *paths[1];
	struct buf p = BUF_INIT, want = BUF_INIT, notes = BUF_INIT;
	char rel[32];
	size_t k, d, i;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(
	    test_sh("mkdir -p %s/d0 %s/d1 %s/d2 && ln -s .. %s/d1/loop", dir,
		dir, dir, dir),
	    0);
	for (d = 0; d < 3; d++) {
		for (i = 0; i < 250; i++) {
			snprintf(rel, sizeof(rel), "d%zu/f%03zu.ts", d, i);
			if (i % 97 == 13) {
				assert_int_equal(
				    test_sh("printf 'a\\0b' >%s/%s", dir, rel),
				    0);
				buf_addf(
				    &notes, "skipped %s: a binary file\n", rel);
				continue;
			}
			put(dir, rel,
			    i % 2 ? "gql`{ articles { title } }`\n"
				  : "\n  gql`{ tags { label } }`\n");
			if (i % 2)
				buf_addf(&want,
				    "%s:1:7 articles.- read\n"
				    "%s:1:18 articles.title read\n",
				    rel, rel);
			else
				buf_addf(&want,
				    "%s:2:9 tags.- read\n"
				    "%s:2:16 tags.label read\n",
				    rel, rel);
		}
		if (d == 1)
			buf_adds(&notes,
			    "skipped d1/loop: a directory already walked "
			    "(symlink loop)\n");
	}
	buf_adds(&want, "--\n");
	buf_add(&want, notes.buf, notes.len);
	paths[0] = dir;
	buf_reset(&p);
	buf_addf(&p, "%s/", dir);
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		o.jobs = jobs[k];
		assert_int_equal(
		    usage_scan(paths, 1, &o, NULL, new, &u, &err), 0);
		assert_int_equal(u.nfiles, 750 - 3 * 3);
		assert_int_equal(usage_set_ascending(&u, 0), u.nrefs);
		got = render(&u, p.buf);
		assert_string_equal(got, want.buf);
		free(got);
		usage_set_release(&u);
	}
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	buf_release(&p);
	buf_release(&want);
	buf_release(&notes);
	snapshot_free(&new);
}

/* every record with its context, every problem and note, one a line */
static char *
render_all(const struct usage_set *u, const char *strip)
{
	struct buf b = BUF_INIT;
	char *r = render(u, strip);
	size_t i;

	buf_adds(&b, r);
	free(r);
	for (i = 0; i < u->nrefs; i++)
		buf_addf(&b, "%u:%u %s\n", u->refs[i].site.line,
		    u->refs[i].site.col, u->refs[i].context);
	for (i = 0; i < u->nproblems; i++) {
		const struct usage_problem *q = &u->problems[i];

		buf_addf(&b, "problem %s:%u:%u %s\n", rel(q->site.file, strip),
		    q->site.line, q->site.col, q->message);
	}
	return buf_detach(&b, NULL);
}

/*
 * A scanning thread resolves the GraphQL documents of a file itself when
 * none needs a fragment (usage_gql_standalone()); the others wait for the
 * main thread.  Files of both kinds, with REST/SDK records around the
 * documents, a document that does not parse, fragments from files before
 * and after, one never defined: the same records (merged in order, with
 * their contexts), problems and notes on any number of threads as on one
 * (where the main thread resolves them all).
 */
static void
test_resolved_where_scanned(void **state)
{
	struct snapshot *new = test_load_snapshot(
	    "fixtures/example/live.yaml", 0);
	struct usage_set u = USAGE_SET_INIT;
	struct usage_opts o = { 0, 0, NULL, 0, 1 };
	static const unsigned jobs[] = { 1, 2, 3, 8 };
	static const char *const kinds[] = {
		/* stands alone: an SDK call before the document and a REST
		   URL after it, records of both runs on one line */
		("const a = await client.request(readItems('articles', { "
		 "fields: ['title'] }))\n"
		 "export const Q = gql`{ articles { id slug } }`; "
		 "fetch('/items/tags?fields=label')\n"
		 "gql`query Two { authors { name } }`\n"),
		/* a fragment of an earlier file */
		"gql`{ articles { ...Early } }`\n",
		/* does not parse: a problem, wherever it is added */
		"readItems('tags')\ngql`{ articles { `\n",
		/* its own fragment */
		("gql`query Own { authors { ...Mine } } "
		 "fragment Mine on authors { bio }`\n"),
		/* a fragment never defined: a note at the end */
		"gql`{ tags { ...Nowhere } }`\n",
		/* a fragment of a later file */
		"gql`{ authors { ...Late } }`\n",
	};
	struct derr err = DERR_INIT;
	char tmpl[] = "/tmp/usage-standalone-XXXXXX";
	char *dir = mkdtemp(tmpl), *got, *first = NULL;
	const char *paths[1];
	struct buf p = BUF_INIT;
	char rel[32];
	size_t k, i;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(test_sh("mkdir -p %s/a %s/b %s/c", dir, dir, dir), 0);
	put(dir, "a/early.graphql", "fragment Early on articles { title }\n");
	put(dir, "c/late.graphql", "fragment Late on authors { name }\n");
	for (i = 0; i < 180; i++) {
		snprintf(rel, sizeof(rel), "b/f%03zu.ts", i);
		put(dir, rel, kinds[i % 6 == 0 ? i % 5 + 1 : 0]);
	}
	paths[0] = dir;
	buf_addf(&p, "%s/", dir);
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		o.jobs = jobs[k];
		assert_int_equal(
		    usage_scan(paths, 1, &o, NULL, new, &u, &err), 0);
		assert_int_equal(u.nfiles, 182);
		assert_int_equal(usage_set_ascending(&u, 0), u.nrefs);
		got = render_all(&u, p.buf);
		if (first == NULL) {
			first = got;
			/* the forms are all there */
			assert_non_null(strstr(got,
			    "b/f001.ts:1:32 articles.- read\n"
			    "b/f001.ts:1:66 articles.title read\n"
			    "b/f001.ts:2:24 articles.- read\n"
			    "b/f001.ts:2:35 articles.id read\n"
			    "b/f001.ts:2:38 articles.slug read\n"
			    "b/f001.ts:2:63 tags.- read\n"
			    "b/f001.ts:2:75 tags.label read\n"
			    "b/f001.ts:3:17 authors.- read\n"
			    "b/f001.ts:3:27 authors.name read\n"
			    "b/f002.ts:"));
			assert_non_null(strstr(
			    got, "a/early.graphql:1:30 articles.title read\n"));
			assert_non_null(
			    strstr(got, "b/f012.ts:1:66 authors.bio read\n"));
			assert_non_null(strstr(
			    got, "c/late.graphql:1:28 authors.name read\n"));
			assert_non_null(strstr(got,
			    "--\nb/f042.ts:1: fragment \"Mine\" is defined "
			    "more than once"));
			assert_non_null(strstr(got,
			    "\nb/f018.ts:1: fragment \"Nowhere\" is not "
			    "defined"));
			assert_non_null(strstr(got,
			    "2:24 anonymous query\n2:35 anonymous query\n"
			    "2:38 anonymous query\n2:63 GET /items/tags\n"));
			assert_non_null(strstr(got,
			    "problem b/f006.ts:2:18 GraphQL document does not "
			    "parse"));
		} else {
			if (strcmp(got, first) != 0) {
				printf("--- one thread\n%s--- %u threads\n%s",
				    first, jobs[k], got);
				fail_msg("threads change the result");
			}
			free(got);
		}
		usage_set_release(&u);
	}
	free(first);
	assert_int_equal(test_sh("rm -rf %s", dir), 0);
	buf_release(&p);
	snapshot_free(&new);
}

/* the forms of a document by the tokens before it, and the literals
   found four tokens a step (scan_region()): a document at every position
   modulo four, last or not, among strings that are not documents */
static void
test_literal_steps(void **state)
{
	static const struct {
		const char *src;
		size_t n;
		int scope;
	} forms[] = {
		{ "'{ a }'", 0, 0 },
		{ "(`{ a }`)", 0, 0 },
		{ "gql(`{ a }`)", 1, -1 },
		{ "graphql('{ a }')", 1, -1 },
		{ "foo`{ a }`", 0, 0 },
		{ "gql\n`{ a }`", 1, -1 },
		{ "x.query('{ a }', {}, 'system')", 1, 1 },
		{ "x.query('{ a }')", 1, 0 },
		{ "x.query('SELECT a')", 0, 0 },
		{ "query('{ a }')", 0, 0 },
		{ "f(gql, `{ a }`)", 0, 0 },
		{ "/* GraphQL */ '{ a }'", 1, -1 },
	};
	int pad, tail, k;
	size_t f;

	(void)state;
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		struct usage_set u = USAGE_SET_INIT;
		struct usage_jsdocs docs = USAGE_JSDOCS_INIT;

		usage_js_scan_docs("a.ts", forms[f].src, strlen(forms[f].src),
		    &docs, NULL, NULL, NULL, &u);
		if (docs.n != forms[f].n)
			fail_msg("%s: %zu documents", forms[f].src, docs.n);
		if (docs.n > 0) {
			assert_string_equal(docs.v[0].text, "{ a }");
			assert_int_equal(docs.v[0].scope, forms[f].scope);
		}
		usage_jsdocs_release(&docs);
		usage_set_release(&u);
	}
	for (pad = 0; pad < 9; pad++)
		for (tail = 0; tail < 6; tail++) {
			struct usage_set u = USAGE_SET_INIT;
			struct usage_jsdocs docs = USAGE_JSDOCS_INIT;
			struct buf b = BUF_INIT;
			size_t want = 1 + (size_t)(tail & 1), at;

			for (k = 0; k < pad; k++)
				buf_adds(&b, k % 3 == 2 ? "'s' " : "a ");
			at = b.len;
			buf_adds(&b, "gql`{ x }`");
			for (k = 0; k < tail; k++)
				buf_adds(&b, k % 2 ? " \"t\"" : " b");
			if (tail & 1)
				buf_adds(&b, " graphql`{ y }`");
			usage_js_scan_docs(
			    "a.ts", b.buf, b.len, &docs, NULL, NULL, NULL, &u);
			if (docs.n != want)
				fail_msg("pad %d tail %d: %zu documents", pad,
				    tail, docs.n);
			assert_string_equal(docs.v[0].text, "{ x }");
			assert_int_equal(docs.v[0].col, at + 5);
			if (want == 2)
				assert_string_equal(docs.v[1].text, "{ y }");
			usage_jsdocs_release(&docs);
			usage_set_release(&u);
			buf_release(&b);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_js_forms),
		cmocka_unit_test(test_sfc_blocks),
		cmocka_unit_test(test_walker),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_fragment_order),
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_resolved_where_scanned),
		cmocka_unit_test(test_literal_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
