/*
 * usage_scan.c: usage_scan() (usage.h): walks the paths given, reads one
 * file at a time and dispatches it by kind: .graphql/.gql to usage_gql,
 * .js .mjs .cjs .jsx .ts .mts .cts .tsx .vue .svelte .astro to usage_js.
 *
 * A walk skips node_modules, .git, dist, build, .nuxt, .next, .output,
 * .svelte-kit and coverage, what the tree's .gitignore files exclude (a
 * common subset: globs, `/` anchoring, `dir/`, `!negation`, `**`, nested
 * files), and the o->exclude globs; directories are visited once by
 * (device, inode), so symlink loops end.  Unreadable, binary, invalid
 * UTF-8 and oversized files are notes.  Entries are sorted, so the order
 * is deterministic; memory is bounded by the largest file read.
 */
#include "drift/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* sixteen bytes at a time where SSE2 is there (every x86-64), else eight;
   -DDRIFT_NO_SIMD builds the portable code only, to test it */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(DRIFT_NO_SIMD)
#define SCAN_SIMD 1
#include <emmintrin.h>
#endif

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/usage.h"
#include "drift/usage_gql.h"
#include "drift/usage_js.h"
#include "drift/xalloc.h"

static const char *const skip_dirs[] = { "node_modules", ".git", "dist",
	"build", ".nuxt", ".next", ".output", ".svelte-kit", "coverage", NULL };

static const char *const js_exts[] = { ".js", ".mjs", ".cjs", ".jsx", ".ts",
	".mts", ".cts", ".tsx", ".vue", ".svelte", ".astro", NULL };

struct ign {
	char *pat;
	char *base; /* directory of the .gitignore, relative to the root */
	int neg, dironly, anchored;
};

/*
 * The walk makes a list of jobs, in walk order: a file to scan, or a note
 * of the walk's own (a directory skipped).  The files are scanned, while
 * the walk goes on, on up to o->jobs threads, each into a set of its own
 * (struct pool); the main thread takes
 * the results in walk order and adds the GraphQL documents and the notes
 * to the output, so the output is the same with any number of threads.
 * A scanning thread resolves a file's GraphQL documents itself when none
 * needs a fragment (usage_gql_standalone()), with a usage_gql handle of
 * its own: the syntax trees are then read and freed where they were made,
 * and the main thread only merges the records and takes the notes over.
 */
struct job {
	const char *path; /* NULL: a note of the walk */
	const char *note; /* in out's arena */
	int kind;
	/* the result, set by the thread that scanned it */
	int done;
	struct usage_jsdocs docs;
	const char **notes; /* in the scanning thread's arena */
	size_t nnotes;
	struct arena *parses; /* the documents parsed by the scanning thread */
	struct usage_ref *refs; /* its REST/SDK records, in order; strings in
	                           the scanning thread's arena */
	size_t nrefs, arefs;    /* arefs: the array's room (it is reused) */
	int strict;             /* refs holds no two equal records */
	/* the notes of the resolution when the scanning thread resolved
	   the file's GraphQL documents itself (docs is then empty, and
	   refs holds their records too) */
	struct usage_gql_notes *gnotes;
};

struct walk {
	const struct usage_opts *o;
	const struct snapshot *old, *new;
	struct usage_set *out;
	size_t max;
	struct pool *p; /* the jobs */
	struct ign *ign;
	size_t nign, aign;
	dev_t *devs;
	ino_t *inos;
	size_t nseen, aseen;
};

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* 1 .graphql/.gql, 2 JS family, 0 neither */
static int
file_kind(const char *name)
{
	size_t i;

	if (has_suffix(name, ".graphql") || has_suffix(name, ".gql"))
		return 1;
	for (i = 0; js_exts[i] != NULL; i++)
		if (has_suffix(name, js_exts[i]))
			return 2;
	return 0;
}

/* how many bytes of p[0..n) from the start are ASCII without NUL, in
   steps of 64 (SSE2) or 8 bytes: the caller looks at the rest one by one */
static size_t
ascii_run(const unsigned char *p, size_t n)
{
	size_t i = 0;

#ifdef SCAN_SIMD
	const __m128i z = _mm_setzero_si128();

	while (n - i >= 64) {
		__m128i a = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(p + i + 16));
		__m128i c = _mm_loadu_si128((const __m128i *)(p + i + 32));
		__m128i d = _mm_loadu_si128((const __m128i *)(p + i + 48));
		/* a byte's top bit: >= 0x80 in the OR, or NUL (0xFF when
		   compared equal to zero) */
		__m128i hi = _mm_or_si128(
		    _mm_or_si128(a, b), _mm_or_si128(c, d));
		__m128i nul = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(a, z), _mm_cmpeq_epi8(b, z)),
		    _mm_or_si128(_mm_cmpeq_epi8(c, z), _mm_cmpeq_epi8(d, z)));

		if (_mm_movemask_epi8(_mm_or_si128(hi, nul)) != 0)
			break;
		i += 64;
	}
#endif
	while (n - i >= 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (((w | ((w - UINT64_C(0x0101010101010101)) & ~w)) &
			UINT64_C(0x8080808080808080)) != 0)
			break;
		i += 8;
	}
	return i;
}

/* 0 valid UTF-8 without NUL, 1 NUL (binary), 2 invalid UTF-8 */
static int
text_check(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;
		size_t k, need;

		i += ascii_run(p + i, n - i);
		if (i >= n)
			break;
		c = p[i];
		if (c == 0)
			return 1;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return 2;
		for (k = 1; k <= need; k++)
			if (i + k >= n || (p[i + k] & 0xC0) != 0x80)
				return 2;
		i += need + 1;
	}
	return 0;
}

/* reads fd to its end into b (b->max 0; at most max bytes): 0, -1 a
   read error (errno), -2 larger than max */
static int
read_fd(int fd, struct buf *b, size_t max)
{
	buf_grow(b, 16384);
	for (;;) {
		ssize_t n;

		if (b->alloc - b->len <= 1) {
			/* room for one byte past max: that tells too large */
			size_t room = max + 1 - b->len;

			buf_grow(b, room < 65536 ? room : 65536);
		}
		n = read(fd, b->buf + b->len, b->alloc - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->buf[b->len] = '\0';
		if (b->len > max)
			return -2;
	}
	return 0;
}

static void
pool_add(struct pool *p, const char *path, int kind, const char *note);

/* a file to scan, in walk order; path is copied */
static void
add_job(struct walk *w, const char *path, int kind)
{
	pool_add(w->p, path, kind, NULL);
}

static void walk_note(struct walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* a note of the walk, in order with the files' */
static void
walk_note(struct walk *w, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	pool_add(w->p, NULL, 0, usage_strndup(w->out, b.buf, b.len));
	buf_release(&b);
}

/* 1 when every GraphQL document of j can be resolved by gw (NULL: no) */
static int
standalone(const struct usage_gql *gw, const struct job *j)
{
	size_t k;

	if (gw == NULL || j->docs.n == 0)
		return 0;
	for (k = 0; k < j->docs.n; k++)
		if (!usage_gql_standalone(gw, j->docs.v[k].parsed))
			return 0;
	return 1;
}

/*
 * Reads and scans the file of job j into out (the scanning thread's own
 * set), its GraphQL documents into j->docs, and resolves them with gw
 * (the thread's own handle, or NULL) when none needs a fragment; the
 * notes it makes are moved from out to j->notes.  b is the thread's read
 * buffer, kept from file to file.  Touches nothing shared but what it
 * reads.
 */
static void
scan_file(const struct walk *w, struct job *j, struct usage_set *out,
    struct buf *b, struct usage_gql *gw, struct usage_set *gs)
{
	const char *path = j->path;
	int fd, t;
	size_t n0 = out->nrefs, m0 = out->nnotes, k;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		usage_add_note(out, "skipped %s: %s", path, strerror(errno));
		goto notes;
	}
	/* no fstat: b is as large as the largest file so far, and the read
	   stops one byte past the limit */
	buf_reset(b);
	t = read_fd(fd, b, w->max);
	close(fd);
	if (t == -2) {
		usage_add_note(
		    out, "skipped %s: larger than %zu bytes", path, w->max);
		goto notes;
	}
	if (t < 0) {
		usage_add_note(out, "skipped %s: read error", path);
		goto notes;
	}
	t = text_check((const unsigned char *)b->buf, b->len);
	if (t) {
		usage_add_note(out, "skipped %s: %s", path,
		    t == 1 ? "a binary file" : "not valid UTF-8");
		goto notes;
	}
	out->nfiles++;
	if (j->kind == 1) {
		/* a .graphql file: one document, the whole text */
		struct usage_jsdoc *d;

		j->docs.v = xcalloc(1, sizeof(*j->docs.v));
		j->docs.n = j->docs.a = 1;
		d = &j->docs.v[0];
		d->len = b->len;
		d->text = xmalloc(b->len + 1);
		memcpy(d->text, b->buf, b->len + 1);
		d->line = d->col = 1;
		d->scope = -1;
		d->note_mark = out->nnotes;
	} else {
		usage_js_scan_docs(
		    path, b->buf, b->len, &j->docs, w->old, w->new, w->o, out);
	}
	/* the GraphQL documents parsed here too; the main thread adds them,
	   or this one does when they stand alone */
	for (k = 0; k < j->docs.n; k++) {
		struct usage_jsdoc *d = &j->docs.v[k];

		if (j->parses == NULL)
			j->parses = arena_new();
		d->parsed = usage_gql_parse(
		    j->parses, d->text, d->len, d->holes, d->nholes);
		d->note_mark -= m0; /* counted from the file's first note */
	}
	j->strict = usage_set_order_from(out, n0);
	if (standalone(gw, j)) {
		/* into the thread's second set (its strings stay in that
		   set's arena), then merged into the file's records as the
		   main thread would: it gets one run */
		for (k = 0; k < j->docs.n; k++) {
			struct usage_jsdoc *d = &j->docs.v[k];

			usage_gql_add_parsed(gw, path, d->line, d->col, d->text,
			    d->len, d->holes, d->nholes, d->scope, d->parsed,
			    gs);
		}
		j->strict &= usage_set_order_from(gs, 0);
		j->strict &= usage_set_merge(out, n0, gs->refs, gs->nrefs);
		gs->nrefs = 0;
		/* a note of the adds themselves (none for a document that
		   stands alone today) after the scan's */
		for (k = 0; k < gs->nnotes; k++)
			usage_add_note_ref(out, gs->notes[k]);
		gs->nnotes = 0;
		j->gnotes = usage_gql_hand_over(gw);
		usage_jsdocs_release(&j->docs);
		arena_free(&j->parses);
	}
	/* the file's records in order, with the job: the main thread merges
	   them with the file's GraphQL records (if any are left), and files
	   come in path order, so the final sort has nothing left to do */
	if (out->nrefs > n0) {
		j->nrefs = out->nrefs - n0;
		if (n0 == 0) {
			/* the array goes with the job and comes back to a
			   thread when the job is finished (run_one) */
			j->refs = out->refs;
			j->arefs = out->arefs;
			out->refs = NULL;
			out->arefs = 0;
		} else {
			j->refs = xreallocarray(
			    NULL, j->nrefs, sizeof(*j->refs));
			j->arefs = j->nrefs;
			memcpy(j->refs, out->refs + n0,
			    j->nrefs * sizeof(*j->refs));
		}
		out->nrefs = n0;
	}
notes:
	if (out->nnotes > m0) {
		j->nnotes = out->nnotes - m0;
		j->notes = xreallocarray(NULL, j->nnotes, sizeof(*j->notes));
		memcpy(
		    j->notes, out->notes + m0, j->nnotes * sizeof(*j->notes));
		out->nnotes = m0; /* the strings stay in out's arena */
	}
}

/* the main thread's half of job j: in walk order; *ordered: how many of
   out's records are known strictly ascending (usage_set_ascending()) */
static void
finish_job(
    struct usage_gql *g, struct job *j, struct usage_set *out, size_t *ordered)
{
	size_t n0 = out->nrefs;
	int strict;

	if (j->path == NULL) {
		usage_add_note_ref(out, j->note);
		return;
	}
	/* docs is empty when the scanning thread resolved them: then the
	   notes alone, and the resolution's notes taken over here */
	usage_js_feed(j->path, &j->docs, j->notes, j->nnotes, g, out);
	usage_gql_take_over(g, &j->gnotes);
	strict = usage_set_order_from(out, n0);
	strict &= usage_set_merge(out, n0, j->refs, j->nrefs) & j->strict;
	if (*ordered == n0) {
		/* two strictly ascending runs merged with no equal record
		   between them: only the step from the last file's records
		   is left to look at; else one look at each, while they are
		   in the cache */
		if (strict &&
		    (n0 == 0 || out->nrefs == n0 ||
			usage_ref_cmp(&out->refs[n0 - 1], &out->refs[n0]) < 0))
			*ordered = out->nrefs;
		else
			*ordered = usage_set_ascending(out, n0);
	}
	usage_jsdocs_release(&j->docs);
	arena_free(&j->parses);
	free(j->notes);
	j->notes = NULL;
}

static int
excluded(const struct walk *w, const char *rel)
{
	size_t i;

	for (i = 0; w->o && i < w->o->nexclude; i++)
		if (fnmatch(w->o->exclude[i], rel, FNM_PATHNAME) == 0 ||
		    fnmatch(w->o->exclude[i], rel, 0) == 0)
			return 1;
	return 0;
}

/* does the .gitignore stack exclude rel (name its last component)? */
static int
ignored(const struct walk *w, const char *rel, const char *name, int isdir)
{
	int ex = 0;
	size_t i;

	for (i = 0; i < w->nign; i++) {
		const struct ign *g = &w->ign[i];
		size_t bl = strlen(g->base);
		const char *sub = rel;
		int m;

		if (g->dironly && !isdir)
			continue;
		if (bl) {
			if (strncmp(rel, g->base, bl) != 0 || rel[bl] != '/')
				continue;
			sub = rel + bl + 1;
		}
		if (g->anchored)
			m = fnmatch(g->pat, sub,
				strstr(g->pat, "**") ? 0 : FNM_PATHNAME) == 0;
		else
			m = fnmatch(g->pat, name, 0) == 0;
		if (m)
			ex = !g->neg;
	}
	return ex;
}

static void
load_gitignore(struct walk *w, const char *dir, const char *rel)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	FILE *fp;
	char *line, *save = NULL;

	buf_addf(&path, "%s/.gitignore", dir);
	fp = fopen(path.buf, "rb");
	buf_release(&path);
	if (fp == NULL)
		return;
	b.max = (size_t)1 << 20;
	if (buf_read_file(&b, fp) < 0) {
		fclose(fp);
		buf_release(&b);
		return;
	}
	fclose(fp);
	for (line = strtok_r(b.buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);
		struct ign g;

		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		memset(&g, 0, sizeof(g));
		if (line[0] == '!') {
			g.neg = 1;
			line++;
			n--;
		}
		if (n && line[n - 1] == '/') {
			g.dironly = 1;
			line[--n] = '\0';
		}
		if (n && line[0] == '/') {
			g.anchored = 1;
			line++;
			n--;
		} else if (strchr(line, '/') != NULL) {
			g.anchored = 1;
		}
		if (strncmp(line, "**/", 3) == 0 &&
		    strchr(line + 3, '/') == NULL) {
			line += 3; /* **\/x is x anywhere */
			g.anchored = 0;
		}
		if (*line == '\0')
			continue;
		g.pat = xstrdup(line);
		g.base = xstrdup(rel);
		if (w->nign == w->aign) {
			w->aign = w->aign ? 2 * w->aign : 16;
			w->ign = xreallocarray(
			    w->ign, w->aign, sizeof(*w->ign));
		}
		w->ign[w->nign++] = g;
	}
	buf_release(&b);
}

static int
seen_dir(struct walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino)
			return 1;
	if (w->nseen == w->aseen) {
		w->aseen = w->aseen ? 2 * w->aseen : 32;
		w->devs = xreallocarray(w->devs, w->aseen, sizeof(*w->devs));
		w->inos = xreallocarray(w->inos, w->aseen, sizeof(*w->inos));
	}
	w->devs[w->nseen] = st->st_dev;
	w->inos[w->nseen] = st->st_ino;
	w->nseen++;
	return 0;
}

/* a directory entry: its name and readdir's type (DT_UNKNOWN when the
   file system does not tell) */
struct dent {
	char *name;
	unsigned char type;
	int isdir;
};

/*
 * Entries in the order of their paths: a directory's name compares as if
 * it ended in '/', so that "posts.vue" comes before "posts/", as
 * "pages/posts.vue" sorts before "pages/posts/a.vue".  Files then come
 * in the order usage_set_sort() puts their records in, and their records
 * need no sort at the end.
 */
static int
cmp_dent(const void *x, const void *y)
{
	const struct dent *a = x, *b = y;
	const unsigned char *p = (const unsigned char *)a->name;
	const unsigned char *q = (const unsigned char *)b->name;

	for (;; p++, q++) {
		int c = *p ? *p : a->isdir ? '/' : 0;
		int d = *q ? *q : b->isdir ? '/' : 0;

		if (c != d)
			return c < d ? -1 : 1;
		if (*p == 0 || *q == 0)
			return 0; /* names hold no '/': both ended */
	}
}

static void
walk_dir(struct walk *w, const char *dir, const char *rel)
{
	DIR *d;
	struct dirent *e;
	struct dent *names = NULL;
	struct buf path = BUF_INIT, r = BUF_INIT;
	size_t n = 0, a = 0, i, nign0 = w->nign, dlen;

	d = opendir(dir);
	if (d == NULL) {
		walk_note(w, "skipped %s: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == a) {
			a = a ? 2 * a : 32;
			names = xreallocarray(names, a, sizeof(*names));
		}
		names[n].name = xstrdup(e->d_name);
		names[n].type = e->d_type;
		names[n].isdir = e->d_type == DT_DIR;
		if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
			struct stat st;

			names[n].isdir = fstatat(dirfd(d), e->d_name, &st, 0) ==
				0 &&
			    S_ISDIR(st.st_mode);
		}
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_dent);
	load_gitignore(w, dir, rel);
	/* a walk of "." names its files "a.ts", not "./a.ts" */
	dlen = strcmp(dir, ".") == 0 ? 0 : strlen(dir);
	for (i = 0; i < n; i++) {
		struct stat st;
		size_t k;
		int skip = 0;

		buf_reset(&path);
		buf_add(&path, dir, dlen);
		if (dlen > 0 && dir[dlen - 1] != '/')
			buf_add(&path, "/", 1);
		buf_adds(&path, names[i].name);
		buf_reset(&r);
		buf_adds(&r, rel);
		if (*rel)
			buf_add(&r, "/", 1);
		buf_adds(&r, names[i].name);
		memset(&st, 0, sizeof(st));
		/* a regular file (not a symlink) needs no stat */
		st.st_mode = S_IFREG;
		if (names[i].type != DT_REG && stat(path.buf, &st) != 0) {
			walk_note(
			    w, "skipped %s: %s", path.buf, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			for (k = 0; skip_dirs[k] != NULL; k++)
				if (strcmp(names[i].name, skip_dirs[k]) == 0)
					skip = 1;
			if (!skip && !excluded(w, r.buf) &&
			    !ignored(w, r.buf, names[i].name, 1)) {
				if (seen_dir(w, &st))
					walk_note(w,
					    "skipped %s: a directory already "
					    "walked (symlink loop)",
					    path.buf);
				else
					walk_dir(w, path.buf, r.buf);
			}
		} else if (S_ISREG(st.st_mode)) {
			int kind = file_kind(names[i].name);

			if (kind && !excluded(w, r.buf) &&
			    !ignored(w, r.buf, names[i].name, 0))
				add_job(w, path.buf, kind);
		}
		free(names[i].name);
	}
	buf_release(&path);
	buf_release(&r);
	free(names);
	while (w->nign > nign0) {
		w->nign--;
		free(w->ign[w->nign].pat);
		free(w->ign[w->nign].base);
	}
}

/* ---- the scan: the jobs on threads, the results in walk order ---- */

/*
 * The walk adds jobs to the pool while threads scan the first ones, and the
 * main thread finishes each scanned job in walk order (finish_job) as soon
 * as it and those before it are scanned.  Jobs are kept JOB_BLOCK to a block
 * so that a job never moves while a thread scans it; the table of blocks
 * is changed and read with mu held.
 */
#define JOB_BLOCK 256
#define SPARES 8

struct worker {
	struct pool *p;
	struct usage_gql *g; /* resolves the documents that stand alone */
	struct usage_set set;
	struct usage_set gset; /* their records, before the merge */
	struct buf rb;         /* the file read, reused */
	pthread_t tid;
};

struct pool {
	const struct walk *w;
	struct usage_gql *g;
	struct usage_set *out;
	struct job **blk; /* the blocks of jobs */
	size_t ablk;
	size_t njobs;
	int walked; /* the walk is over: no job comes after njobs */
	pthread_mutex_t mu;
	pthread_cond_t done_cv, room_cv;
	size_t next;     /* the first job nobody took */
	size_t limit;    /* jobs from limit on wait: memory stays bounded */
	size_t window;   /* how far past the last finished job limit is */
	size_t finished; /* jobs the main thread has finished */
	size_t ordered;  /* out's records known strictly ascending */
	unsigned nthreads, started;
	struct worker wk[USAGE_MAX_JOBS];
	struct usage_set mine; /* what the main thread scans */
	struct buf rb;
	/* record arrays of finished jobs, for the next files: no malloc, and
	   no page given back to the system and faulted in again, a file */
	struct usage_ref *spare[SPARES];
	size_t spare_a[SPARES];
	size_t nspare;
};

static struct job *
job_at(const struct pool *p, size_t k)
{
	return &p->blk[k / JOB_BLOCK][k % JOB_BLOCK];
}

/* takes the next job when there is one within the limit (mu held); its
   index, or SIZE_MAX */
static size_t
take(struct pool *p)
{
	if (p->next >= p->njobs || p->next >= p->limit)
		return SIZE_MAX;
	return p->next++;
}

/* job j's record array to p's spares, or freed (mu held) */
static void
give_back(struct pool *p, struct job *j)
{
	if (j->refs != NULL && p->nspare < SPARES) {
		p->spare[p->nspare] = j->refs;
		p->spare_a[p->nspare] = j->arefs;
		p->nspare++;
	} else {
		free(j->refs);
	}
	j->refs = NULL;
	j->nrefs = j->arefs = 0;
}

/* scans job k into set (rb: the thread's read buffer), then says it is
   done (mu held on entry and on return) */
static void
run_one(struct pool *p, size_t k, struct usage_set *set, struct buf *rb,
    struct usage_gql *gw, struct usage_set *gs)
{
	struct job *j = job_at(p, k);

	if (set->refs == NULL && p->nspare > 0) {
		p->nspare--;
		set->refs = p->spare[p->nspare];
		set->arefs = p->spare_a[p->nspare];
	}
	pthread_mutex_unlock(&p->mu);
	if (j->path != NULL)
		scan_file(p->w, j, set, rb, gw, gs);
	pthread_mutex_lock(&p->mu);
	j->done = 1;
	pthread_cond_broadcast(&p->done_cv);
}

static void *
worker_main(void *arg)
{
	struct worker *wk = arg;
	struct pool *p = wk->p;
	size_t k;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if ((k = take(p)) != SIZE_MAX)
			run_one(p, k, &wk->set, &wk->rb, wk->g, &wk->gset);
		else if (p->walked && p->next >= p->njobs)
			break;
		else
			pthread_cond_wait(&p->room_cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* the number of threads to scan on: o->jobs, or one per processor */
static unsigned
jobs_wanted(const struct usage_opts *o)
{
	long n = o != NULL && o->jobs > 0 ? (long)o->jobs : 0;

	if (n == 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > USAGE_MAX_JOBS)
		n = USAGE_MAX_JOBS;
	return (unsigned)n;
}

static void
pool_init(struct pool *p, const struct walk *w, struct usage_gql *g,
    struct usage_set *out)
{
	memset(p, 0, sizeof(*p));
	p->w = w;
	p->g = g;
	p->out = out;
	p->nthreads = jobs_wanted(w->o);
	/* results wait for the main thread: a few files per thread ahead */
	p->window = 4 * (size_t)p->nthreads + 4;
	p->limit = p->window;
	p->ordered = out->nrefs == 0 ? 0 : SIZE_MAX;
	buf_init(&p->rb, 0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	pthread_cond_init(&p->room_cv, NULL);
}

/*
 * Finishes the scanned jobs in walk order.  wait: until every job is
 * finished, scanning on this thread too when the next result is not ready
 * (the walk is over); else only those already scanned (during the walk).
 */
static void
pool_drain(struct pool *p, int wait)
{
	struct job *j;
	size_t t;

	pthread_mutex_lock(&p->mu);
	while (p->finished < p->njobs) {
		j = job_at(p, p->finished);
		while (!j->done) {
			if (!wait)
				goto out;
			if ((t = take(p)) != SIZE_MAX)
				run_one(p, t, &p->mine, &p->rb, NULL, NULL);
			else
				pthread_cond_wait(&p->done_cv, &p->mu);
		}
		pthread_mutex_unlock(&p->mu);
		finish_job(p->g, j, p->out, &p->ordered);
		pthread_mutex_lock(&p->mu);
		give_back(p, j);
		p->finished++;
		p->limit = p->finished + p->window;
		pthread_cond_broadcast(&p->room_cv);
	}
out:
	pthread_mutex_unlock(&p->mu);
}

/*
 * A job at the end of the walk (path copied; a note in out's arena).  A
 * thread starts for each job past the first, up to the number wanted; the
 * jobs already scanned are finished.
 */
static void
pool_add(struct pool *p, const char *path, int kind, const char *note)
{
	struct job *j;
	struct worker *wk;
	size_t b = p->njobs / JOB_BLOCK;

	pthread_mutex_lock(&p->mu);
	if (p->njobs % JOB_BLOCK == 0) {
		if (b == p->ablk) {
			p->ablk = p->ablk ? 2 * p->ablk : 8;
			p->blk = xreallocarray(
			    p->blk, p->ablk, sizeof(*p->blk));
		}
		p->blk[b] = xreallocarray(NULL, JOB_BLOCK, sizeof(**p->blk));
	}
	j = job_at(p, p->njobs);
	memset(j, 0, sizeof(*j));
	j->path = path != NULL ? xstrdup(path) : NULL;
	j->kind = kind;
	j->note = note;
	p->njobs++;
	pthread_cond_signal(&p->room_cv);
	pthread_mutex_unlock(&p->mu);
	if (p->started + 1 < p->nthreads && p->njobs >= p->started + 2) {
		wk = &p->wk[p->started];
		wk->p = p;
		memset(&wk->set, 0, sizeof(wk->set));
		memset(&wk->gset, 0, sizeof(wk->gset));
		buf_init(&wk->rb, 0);
		wk->g = usage_gql_new();
		usage_gql_bind(wk->g, p->w->old, p->w->new, p->w->o);
		if (pthread_create(&wk->tid, NULL, worker_main, wk) == 0)
			p->started++;
		else {
			usage_gql_free(&wk->g);
			buf_release(&wk->rb);
			p->nthreads = p->started +
			    1; /* the work still gets done */
		}
	}
	if (p->started > 0)
		pool_drain(p, 0);
}

/*
 * The walk is over: every job is scanned and finished, the threads end and
 * what they kept goes to out.  Returns how many of out's records are known
 * strictly ascending (for usage_set_sort_from()).
 */
static size_t
pool_end(struct pool *p)
{
	unsigned i;
	size_t k;

	pthread_mutex_lock(&p->mu);
	p->walked = 1;
	pthread_cond_broadcast(&p->room_cv);
	pthread_mutex_unlock(&p->mu);
	pool_drain(p, 1);
	for (i = 0; i < p->started; i++) {
		pthread_join(p->wk[i].tid, NULL);
		buf_release(&p->wk[i].rb);
		usage_gql_free(&p->wk[i].g);
		if (p->wk[i].set.nrefs > 0) /* records left behind: not
		                               ordered */
			p->ordered = 0;
		usage_set_absorb(p->out, &p->wk[i].set);
		usage_set_absorb(p->out, &p->wk[i].gset);
	}
	if (p->mine.nrefs > 0)
		p->ordered = 0;
	usage_set_absorb(p->out, &p->mine);
	buf_release(&p->rb);
	while (p->nspare > 0)
		free(p->spare[--p->nspare]);
	for (k = 0; k < p->njobs; k++)
		free((char *)job_at(p, k)->path);
	for (k = 0; k * JOB_BLOCK < p->njobs; k++)
		free(p->blk[k]);
	free(p->blk);
	pthread_cond_destroy(&p->room_cv);
	pthread_cond_destroy(&p->done_cv);
	pthread_mutex_destroy(&p->mu);
	return p->ordered;
}

int
usage_scan(const char *const *paths, size_t npaths, const struct usage_opts *o,
    const struct snapshot *old, const struct snapshot *new,
    struct usage_set *out, struct derr *err)
{
	struct walk w;
	struct pool *p;
	struct usage_gql *g;
	size_t i, ordered;

	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0) {
			derr_set(err, 3, paths[i], 0, 0,
			    "cannot read front-end path: %s", strerror(errno));
			return -1;
		}
	}
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.old = old;
	w.new = new;
	w.out = out;
	w.max = o && o->max_file_size ? o->max_file_size
				      : USAGE_MAX_FILE_DEFAULT;
	g = usage_gql_new();
	usage_gql_bind(g, old, new, o);
	p = xmalloc(sizeof(*p));
	pool_init(p, &w, g, out);
	w.p = p;
	for (i = 0; i < npaths; i++) {
		struct stat st;
		int kind;

		if (stat(paths[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!seen_dir(&w, &st))
				walk_dir(&w, paths[i], "");
		} else if ((kind = file_kind(paths[i])) != 0) {
			add_job(&w, paths[i], kind);
		} else {
			/* a file named explicitly is taken as JS */
			add_job(&w, paths[i], 2);
		}
	}
	ordered = pool_end(p);
	free(p);
	usage_gql_resolve(g, old, new, o, out);
	usage_set_sort_from(out, ordered == SIZE_MAX ? 0 : ordered);
	usage_gql_free(&g);
	free(w.ign);
	free(w.devs);
	free(w.inos);
	return 0;
}
