/*
 * usage.c: the record set of the usage layer (usage.h): storage, strings
 * in one arena, and a deterministic order.
 */
#include "drift/compat.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "drift/arena.h"
#include "drift/buf.h"
#include "drift/strhash.h"
#include "drift/usage.h"
#include "drift/xalloc.h"

_Static_assert(sizeof(struct usage_ref) <= 48, "struct usage_ref grew");

static const char *const access_names[UA__COUNT] = {
	"read",
	"filter",
	"sort",
	"aggregate",
	"create",
	"update",
	"delete",
	"type",
};

const char *
usage_access_name(enum usage_access a)
{
	if ((unsigned)a >= UA__COUNT)
		return "read";
	return access_names[a];
}

void
usage_set_release(struct usage_set *u)
{
	arena_free(&u->arena);
	free(u->refs);
	free(u->problems);
	free(u->notes);
	memset(u, 0, sizeof(*u));
}

const char *
usage_strndup(struct usage_set *u, const char *s, size_t len)
{
	if (u->arena == NULL)
		u->arena = arena_new();
	return arena_strndup(u->arena, s, len);
}

const char *
usage_strdup(struct usage_set *u, const char *s)
{
	return usage_strndup(u, s, strlen(s));
}

static const char *
usage_vprintf(struct usage_set *u, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	const char *s;

	buf_vaddf(&b, fmt, ap);
	s = usage_strndup(u, b.len ? b.buf : "", b.len);
	buf_release(&b);
	return s;
}

const char *
usage_printf(struct usage_set *u, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = usage_vprintf(u, fmt, ap);
	va_end(ap);
	return s;
}

struct usage_ref *
usage_add_ref(struct usage_set *u, const struct usage_ref *r)
{
	if (u->nrefs == u->arefs) {
		u->arefs = u->arefs ? u->arefs * 2 : 64;
		u->refs = xreallocarray(u->refs, u->arefs, sizeof(*u->refs));
	}
	u->refs[u->nrefs] = *r;
	return &u->refs[u->nrefs++];
}

struct usage_problem *
usage_add_problem(struct usage_set *u, const struct usage_problem *p)
{
	if (u->nproblems == u->aproblems) {
		u->aproblems = u->aproblems ? u->aproblems * 2 : 16;
		u->problems = xreallocarray(
		    u->problems, u->aproblems, sizeof(*u->problems));
	}
	u->problems[u->nproblems] = *p;
	return &u->problems[u->nproblems++];
}

struct usage_problem *
usage_add_problemf(struct usage_set *u, enum usage_problem_kind kind,
    struct usage_site site, const char *c, const char *f, const char *context,
    const char *fmt, ...)
{
	struct usage_problem p;
	struct buf b = BUF_INIT;
	struct usage_problem *ret;
	va_list ap;

	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.site = site;
	p.collection = c != NULL ? usage_strdup(u, c) : NULL;
	p.field = f != NULL ? usage_strdup(u, f) : NULL;
	p.context = context;
	if (context != NULL)
		buf_addf(&b, "%s: ", context);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	p.message = usage_strndup(u, b.buf, b.len);
	buf_release(&b);
	ret = usage_add_problem(u, &p);
	return ret;
}

void
usage_add_note(struct usage_set *u, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = usage_vprintf(u, fmt, ap);
	va_end(ap);
	usage_add_note_ref(u, s);
}

void
usage_add_note_ref(struct usage_set *u, const char *s)
{
	if (u->nnotes == u->anotes) {
		u->anotes = u->anotes ? u->anotes * 2 : 8;
		u->notes = xreallocarray(
		    u->notes, u->anotes, sizeof(*u->notes));
	}
	u->notes[u->nnotes++] = s;
}

/* n elements of size bytes from src appended to *dst (count *n, room *a) */
/* room for k more elements of size bytes in *dst (count n, room *a) */
static void
reserve(void **dst, size_t n, size_t *a, size_t k, size_t size)
{
	if (*a - n < k) {
		size_t want = *a ? *a : 16;

		while (want - n < k)
			want *= 2;
		*dst = xreallocarray(*dst, want, size);
		*a = want;
	}
}

static void
append(void **dst, size_t *n, size_t *a, const void *src, size_t k, size_t size)
{
	if (k == 0)
		return;
	reserve(dst, *n, a, k, size);
	memcpy((char *)*dst + *n * size, src, k * size);
	*n += k;
}

void
usage_set_absorb(struct usage_set *dst, struct usage_set *src)
{
	void *p;

	if (src->nrefs > dst->nrefs) {
		/* the smaller array is copied into the larger: one set of
		   records in memory, not two */
		struct usage_ref *t = dst->refs;
		size_t n = dst->nrefs, a = dst->arefs;

		dst->refs = src->refs;
		dst->nrefs = src->nrefs;
		dst->arefs = src->arefs;
		src->refs = t;
		src->nrefs = n;
		src->arefs = a;
	}
	p = dst->refs;
	append(&p, &dst->nrefs, &dst->arefs, src->refs, src->nrefs,
	    sizeof(*dst->refs));
	dst->refs = p;
	p = dst->problems;
	append(&p, &dst->nproblems, &dst->aproblems, src->problems,
	    src->nproblems, sizeof(*dst->problems));
	dst->problems = p;
	p = (void *)dst->notes;
	append(&p, &dst->nnotes, &dst->anotes, src->notes, src->nnotes,
	    sizeof(*dst->notes));
	dst->notes = p;
	dst->nfiles += src->nfiles;
	if (src->arena != NULL) {
		if (dst->arena == NULL)
			dst->arena = arena_new();
		arena_adopt(dst->arena, &src->arena);
	}
	usage_set_release(src);
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == b)
		return 0; /* one file's records share its name */
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
site_cmp(const struct usage_site *a, const struct usage_site *b)
{
	int c = strcmp_null(a->file, b->file);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static int
ref_cmp(const void *x, const void *y)
{
	const struct usage_ref *a = x, *b = y;
	int c;

	if ((c = site_cmp(&a->site, &b->site)) != 0)
		return c;
	if (a->collection != b->collection &&
	    (c = strcmp(a->collection, b->collection)) != 0)
		return c;
	if ((c = strcmp_null(a->field, b->field)) != 0)
		return c;
	if (a->access != b->access)
		return a->access < b->access ? -1 : 1;
	if (a->certainty != b->certainty)
		return a->certainty < b->certainty ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->flags != b->flags)
		return a->flags < b->flags ? -1 : 1;
	return strcmp_null(a->context, b->context);
}

/*
 * ref_cmp() where the answer is the site's line or column of one file (the
 * common case: records of one file share its name's pointer), without the
 * call.
 */
static inline int
ref_cmp_fast(const struct usage_ref *a, const struct usage_ref *b)
{
	if (a->site.file == b->site.file) {
		if (a->site.line != b->site.line)
			return a->site.line < b->site.line ? -1 : 1;
		if (a->site.col != b->site.col)
			return a->site.col < b->site.col ? -1 : 1;
	}
	return ref_cmp(a, b);
}

static int
problem_cmp(const void *x, const void *y)
{
	const struct usage_problem *a = x, *b = y;
	int c;

	if ((c = site_cmp(&a->site, &b->site)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp_null(a->collection, b->collection)) != 0)
		return c;
	if ((c = strcmp_null(a->field, b->field)) != 0)
		return c;
	return strcmp_null(a->message, b->message);
}

/*
 * Merges the adjacent ascending runs a[lo..mid) and a[mid..hi) in place,
 * with a buffer (*buf, *bufn elements, grown as needed) the size of the
 * shorter run: records of all files merged from a few runs (one per
 * thread, one of GraphQL) then need little more memory than the records.
 * Returns 1 when one of its comparisons found two elements equal.
 */
static int
merge_runs(char *a, size_t lo, size_t mid, size_t hi, size_t size,
    int (*cmp)(const void *, const void *), char **buf, size_t *bufn)
{
	size_t nl = mid - lo, nr = hi - mid, k = nl < nr ? nl : nr;
	int c, same = 0;

	if (nl == 0 || nr == 0)
		return 0;
	if ((c = cmp(a + (mid - 1) * size, a + mid * size)) <= 0)
		return c == 0; /* already in order */
	if (*bufn < k) {
		free(*buf);
		*buf = xreallocarray(NULL, k, size);
		*bufn = k;
	}
	if (nl <= nr) {
		/* the left run to the buffer, merged forward */
		char *b = *buf;
		size_t x = 0, y = mid, o = lo;

		memcpy(b, a + lo * size, nl * size);
		while (x < nl && y < hi) {
			if ((c = cmp(a + y * size, b + x * size)) < 0)
				memcpy(a + o++ * size, a + y++ * size, size);
			else
				memcpy(a + o++ * size, b + x++ * size, size);
			same |= c == 0;
		}
		memcpy(a + o * size, b + x * size, (nl - x) * size);
	} else {
		/* the right run to the buffer, merged backward */
		char *b = *buf;
		size_t x = mid, y = nr, o = hi;

		memcpy(b, a + mid * size, nr * size);
		while (x > lo && y > 0) {
			if ((c = cmp(b + (y - 1) * size, a + (x - 1) * size)) <
			    0)
				memcpy(a + --o * size, a + --x * size, size);
			else
				memcpy(a + --o * size, b + --y * size, size);
			same |= c == 0;
		}
		memcpy(a + (o - y) * size, b, y * size);
	}
	return same;
}

/*
 * Sorts v[0..n) of size-byte elements: a natural merge sort.  Records
 * arrive nearly in order (file by file, in document order), so finding
 * the ascending runs and merging them costs about n comparisons, where
 * qsort() pays n log n.  Not stable: elements that compare equal are
 * identical here (every field is compared).  Returns 1 when v holds no two
 * equal elements: every pair next to each other in the result was compared
 * (in a run, or where a merge took from one run and then the other), so
 * no comparison that said "equal" means strictly ascending.
 */
static int
run_sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *a = v, *buf = NULL;
	size_t small[64], *runs = small, arun = 64, nruns = 0, i, bufn = 0;
	int c, same = 0;

	if (n < 2)
		return 1;
	runs[nruns++] = 0;
	for (i = 1; i < n; i++) {
		if ((c = cmp(a + (i - 1) * size, a + i * size)) < 0)
			continue;
		same |= c == 0;
		if (c == 0)
			continue;
		if (nruns + 1 == arun) { /* room for this one and the end */
			arun *= 2;
			if (runs == small) {
				runs = xreallocarray(NULL, arun, sizeof(*runs));
				memcpy(runs, small, sizeof(small));
			} else {
				runs = xreallocarray(runs, arun, sizeof(*runs));
			}
		}
		runs[nruns++] = i;
	}
	runs[nruns] = n; /* runs[k]..runs[k + 1] ascending */
	while (nruns > 1) {
		size_t k, m = 0;

		for (k = 0; k < nruns; k += 2) {
			if (k + 1 < nruns)
				same |= merge_runs(a, runs[k], runs[k + 1],
				    runs[k + 2], size, cmp, &buf, &bufn);
			runs[m++] = runs[k];
		}
		runs[m] = n;
		nruns = m;
	}
	free(buf);
	if (runs != small)
		free(runs);
	return !same;
}

/* *canon for site's file when the names are equal: one pointer a file */
static void
share_with(struct usage_site *site, const char **canon, const char **same)
{
	if (site->file == NULL || site->file == *canon)
		return;
	if (*canon == NULL) {
		*canon = site->file;
	} else if (site->file == *same || strcmp(site->file, *canon) == 0) {
		*same = site->file;
		site->file = *canon;
	}
}

int
usage_set_merge(struct usage_set *u, size_t from, struct usage_ref *v, size_t n)
{
	const char *canon = NULL, *same = NULL;
	size_t i, j, o;
	void *p;
	int c, eq = 0;

	if (n == 0)
		return 1;
	for (i = from; i < u->nrefs; i++)
		share_with(&u->refs[i].site, &canon, &same);
	for (j = 0; j < n; j++)
		share_with(&v[j].site, &canon, &same);
	p = u->refs;
	reserve(&p, u->nrefs, &u->arefs, n, sizeof(*u->refs));
	u->refs = p;
	if (u->nrefs == from) {
		/* nothing to merge with */
		memcpy(u->refs + from, v, n * sizeof(*v));
		u->nrefs += n;
		return 1;
	}
	/* backward, into the room after u's records: nothing is moved twice */
	i = u->nrefs;
	o = u->nrefs + n;
	j = n;
	while (j > 0) {
		if (i > from) {
			c = ref_cmp_fast(&u->refs[i - 1], &v[j - 1]);
			if (c > 0) {
				u->refs[--o] = u->refs[--i];
				continue;
			}
			eq |= c == 0;
		}
		/* u's run is done, or its record is not above v's */
		u->refs[--o] = v[--j];
	}
	u->nrefs += n;
	return !eq;
}

size_t
usage_set_ascending(const struct usage_set *u, size_t from)
{
	size_t i;

	if (from >= u->nrefs)
		return u->nrefs;
	for (i = from > 0 ? from : 1; i < u->nrefs; i++)
		if (ref_cmp_fast(&u->refs[i - 1], &u->refs[i]) >= 0)
			return i;
	return u->nrefs;
}

int
usage_set_order_from(struct usage_set *u, size_t from)
{
	size_t i;

	if (from >= u->nrefs || u->nrefs - from < 2)
		return 1;
	/* records mostly come in order: strictly ascending is one look */
	i = usage_set_ascending(u, from + 1);
	if (i == u->nrefs)
		return 1;
	return run_sort(
	    u->refs + from, u->nrefs - from, sizeof(*u->refs), ref_cmp);
}

int
usage_ref_cmp(const struct usage_ref *a, const struct usage_ref *b)
{
	return ref_cmp(a, b);
}

/* file names by content: the first pointer seen for each */
struct ftab {
	const char **v;
	size_t n, cap;
};

static const char *
ftab_canon(struct ftab *t, const char *s)
{
	size_t i;

	if (t->n * 2 >= t->cap) {
		struct ftab g = { NULL, 0, t->cap ? t->cap * 2 : 256 };
		size_t k;

		g.v = xcalloc(g.cap, sizeof(*g.v));
		for (k = 0; k < t->cap; k++)
			if (t->v[k] != NULL) {
				for (i = drift_str_hash(t->v[k]) & (g.cap - 1);
				     g.v[i] != NULL; i = (i + 1) & (g.cap - 1))
					;
				g.v[i] = t->v[k];
			}
		g.n = t->n;
		free(t->v);
		*t = g;
	}
	for (i = drift_str_hash(s) & (t->cap - 1); t->v[i] != NULL;
	     i = (i + 1) & (t->cap - 1))
		if (t->v[i] == s || strcmp(t->v[i], s) == 0)
			return t->v[i];
	t->v[i] = s;
	t->n++;
	return s;
}

/* site->file by its shared pointer; *last, *canon: the run so far */
static void
share_file(struct ftab *t, struct usage_site *site, const char **last,
    const char **canon)
{
	if (site->file == NULL)
		return;
	if (site->file != *last) {
		*last = site->file;
		*canon = ftab_canon(t, site->file);
	}
	site->file = *canon;
}

/*
 * One pointer per file name: records of one file made apart (GraphQL
 * and REST, on different threads) hold equal names at different
 * addresses, and the sort then compares them byte by byte.  Records come
 * in runs of one file, so the table is asked once a run.
 */
static void
share_files(struct usage_set *u, int refs)
{
	struct ftab t = { NULL, 0, 0 };
	const char *last = NULL, *canon = NULL;
	size_t i;

	for (i = 0; refs && i < u->nrefs; i++)
		share_file(&t, &u->refs[i].site, &last, &canon);
	last = NULL;
	for (i = 0; i < u->nproblems; i++)
		share_file(&t, &u->problems[i].site, &last, &canon);
	free(t.v);
}

void
usage_set_sort(struct usage_set *u)
{
	usage_set_sort_from(u, 0);
}

void
usage_set_sort_from(struct usage_set *u, size_t ordered)
{
	size_t i, n;
	/* records merged file by file in path order (usage_scan) need no
	   more than one look */
	int sorted = usage_set_ascending(u, ordered) == u->nrefs;

	share_files(u, !sorted);
	if (!sorted && u->nrefs > 1) {
		run_sort(u->refs, u->nrefs, sizeof(*u->refs), ref_cmp);
		for (i = 1, n = 1; i < u->nrefs; i++)
			if (ref_cmp(&u->refs[n - 1], &u->refs[i]) != 0)
				u->refs[n++] = u->refs[i];
		u->nrefs = n;
	}
	if (u->nproblems > 1) {
		run_sort(u->problems, u->nproblems, sizeof(*u->problems),
		    problem_cmp);
		for (i = 1, n = 1; i < u->nproblems; i++)
			if (problem_cmp(&u->problems[n - 1], &u->problems[i]) !=
			    0)
				u->problems[n++] = u->problems[i];
		u->nproblems = n;
	}
}
