/* test_usage.c: the usage record set (usage.h) */
#include "drift/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drift/usage.h"

static void
test_access_names(void **state)
{
	(void)state;
	assert_string_equal(usage_access_name(UA_READ), "read");
	assert_string_equal(usage_access_name(UA_AGGREGATE), "aggregate");
	assert_string_equal(usage_access_name(UA_TYPE), "type");
	assert_string_equal(usage_access_name((enum usage_access)99), "read");
}

static void
test_sort_dedup(void **state)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r;
	struct usage_problem p;
	int i;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.collection = "posts";
	r.field = "title";
	r.site.file = usage_strdup(&u, "b.ts");
	r.site.line = 3;
	for (i = 0; i < 3; i++)
		usage_add_ref(&u, &r);
	r.site.file = "a.ts";
	r.site.line = 9;
	usage_add_ref(&u, &r);
	r.field = NULL;
	r.access = UA_DELETE;
	usage_add_ref(&u, &r);
	memset(&p, 0, sizeof(p));
	p.kind = UP_UNKNOWN_FIELD;
	p.site.file = "a.ts";
	p.message = usage_printf(&u, "unknown field %s.%s", "posts", "x");
	usage_add_problem(&u, &p);
	usage_add_problem(&u, &p);
	usage_add_note(&u, "skipped %s", "dist/app.js");
	usage_set_sort(&u);
	assert_int_equal(u.nrefs, 3);
	assert_string_equal(u.refs[0].site.file, "a.ts");
	assert_null(u.refs[0].field);
	assert_string_equal(u.refs[1].field, "title");
	assert_string_equal(u.refs[2].site.file, "b.ts");
	assert_int_equal(u.nproblems, 1);
	assert_string_equal(u.problems[0].message, "unknown field posts.x");
	assert_int_equal(u.nnotes, 1);
	assert_string_equal(u.notes[0], "skipped dist/app.js");
	usage_set_release(&u);
	assert_int_equal(u.nrefs, 0);
	assert_null(u.arena);
}

/* a plain order of the records test_sort_runs makes (they differ only
   in file, line, column and field) */
static int
plain_cmp(const void *x, const void *y)
{
	const struct usage_ref *a = x, *b = y;
	int c = strcmp(a->site.file, b->site.file);

	if (c != 0)
		return c;
	if (a->site.line != b->site.line)
		return a->site.line < b->site.line ? -1 : 1;
	if (a->site.col != b->site.col)
		return a->site.col < b->site.col ? -1 : 1;
	return (a->field != NULL) - (b->field != NULL);
}

/* the run-merging sort against qsort(): records in ascending runs of
   random length and start (equal records across runs), a descending
   tail; problems in a scrambled order */
static void
test_sort_runs(void **state)
{
	static const char *const files[] = { "a.ts", "b.ts", "c/d.ts" };
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r, *want;
	struct usage_problem p;
	unsigned seed = 12;
	size_t i, n, m;
	int k;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.collection = "posts";
	for (k = 0; k < 400; k++) {
		int len = 1 + (int)(rand_r(&seed) % 40), j;
		unsigned line = (unsigned)(rand_r(&seed) % 50);

		/* a copy of the name: equal files need not share pointers */
		r.site.file = usage_strdup(&u, files[rand_r(&seed) % 3]);
		for (j = 0; j < len; j++) {
			r.site.line = line + (unsigned)j / 2;
			r.site.col = (unsigned)j % 2;
			r.field = j % 3 ? "title" : NULL;
			usage_add_ref(&u, &r);
		}
	}
	for (k = 60; k > 0; k--) {
		r.site.line = (unsigned)k;
		usage_add_ref(&u, &r);
	}
	n = u.nrefs;
	want = malloc(n * sizeof(*want));
	assert_non_null(want);
	memcpy(want, u.refs, n * sizeof(*want));
	qsort(want, n, sizeof(*want), plain_cmp);
	for (i = 1, m = 1; i < n; i++)
		if (plain_cmp(&want[m - 1], &want[i]) != 0)
			want[m++] = want[i];
	memset(&p, 0, sizeof(p));
	for (k = 0; k < 300; k++) {
		p.site.file = files[k % 3];
		p.site.line = (unsigned)(k * 37 % 101);
		p.message = k % 2 ? "b" : "a";
		usage_add_problem(&u, &p);
	}
	usage_set_sort(&u);
	assert_true(m < n);
	assert_int_equal(u.nrefs, m);
	for (i = 0; i < m; i++)
		assert_int_equal(plain_cmp(&u.refs[i], &want[i]), 0);
	/* 300 distinct problems, ascending */
	assert_int_equal(u.nproblems, 300);
	for (i = 1; i < u.nproblems; i++) {
		const struct usage_problem *a = &u.problems[i - 1];
		const struct usage_problem *b = &u.problems[i];
		int c = strcmp(a->site.file, b->site.file);

		assert_true(c < 0 ||
		    (c == 0 &&
			(a->site.line < b->site.line ||
			    (a->site.line == b->site.line &&
				strcmp(a->message, b->message) < 0))));
	}
	free(want);
	usage_set_release(&u);
}

/* a read of posts.title in file, everything else zero */
static void
title_ref(struct usage_ref *r, const char *file)
{
	memset(r, 0, sizeof(*r));
	r->collection = "posts";
	r->field = "title";
	r->site.file = file;
}

/* usage_set_order_from orders the tail only and keeps duplicates; the
   final sort then gives what it gives without it */
static void
test_order_from(void **state)
{
	struct usage_set u = USAGE_SET_INIT, v = USAGE_SET_INIT;
	struct usage_ref r;
	unsigned lines[] = { 9, 3, 3, 7, 1, 5 };
	size_t i;

	(void)state;
	title_ref(&r, "a.ts");
	for (i = 0; i < 6; i++) {
		r.site.line = lines[i];
		usage_add_ref(&u, &r);
		usage_add_ref(&v, &r);
	}
	usage_set_order_from(&u, 2);
	assert_int_equal(u.nrefs, 6);
	assert_int_equal(u.refs[0].site.line, 9);
	assert_int_equal(u.refs[1].site.line, 3);
	assert_int_equal(u.refs[2].site.line, 1);
	assert_int_equal(u.refs[3].site.line, 3);
	assert_int_equal(u.refs[4].site.line, 5);
	assert_int_equal(u.refs[5].site.line, 7);
	usage_set_order_from(&u, 6);
	usage_set_order_from(&u, 99);
	usage_set_sort(&u);
	usage_set_sort(&v);
	assert_int_equal(u.nrefs, 5);
	assert_int_equal(v.nrefs, 5);
	for (i = 0; i < u.nrefs; i++)
		assert_int_equal(u.refs[i].site.line, v.refs[i].site.line);
	usage_set_release(&u);
	usage_set_release(&v);
}

/* usage_set_absorb: records, problems, notes and files move, the strings
   with their arena; the larger record array is kept */
static void
test_absorb(void **state)
{
	struct usage_set a = USAGE_SET_INIT, b = USAGE_SET_INIT;
	struct usage_ref r;
	struct usage_problem p;
	size_t i;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&p, 0, sizeof(p));
	r.collection = "posts";
	r.site.file = usage_strdup(&a, "a.ts");
	r.site.line = 1;
	usage_add_ref(&a, &r);
	usage_add_note(&a, "note a");
	for (i = 0; i < 100; i++) {
		r.site.file = usage_strdup(&b, "b.ts");
		r.site.line = (uint32_t)i + 1;
		usage_add_ref(&b, &r);
	}
	p.site.file = usage_strdup(&b, "b.ts");
	p.message = usage_strdup(&b, "b's problem");
	usage_add_problem(&b, &p);
	usage_add_note(&b, "note %d", 2);
	b.nfiles = 3;
	a.nfiles = 1;
	usage_set_absorb(&a, &b);
	assert_null(b.refs);
	assert_null(b.arena);
	assert_int_equal(b.nrefs, 0);
	assert_int_equal(a.nrefs, 101);
	assert_int_equal(a.nproblems, 1);
	assert_string_equal(a.problems[0].message, "b's problem");
	assert_int_equal(a.nnotes, 2);
	assert_string_equal(a.notes[0], "note a");
	assert_string_equal(a.notes[1], "note 2");
	assert_int_equal(a.nfiles, 4);
	usage_set_sort(&a);
	assert_int_equal(a.nrefs, 101);
	assert_string_equal(a.refs[0].site.file, "a.ts");
	for (i = 1; i < 101; i++) {
		assert_string_equal(a.refs[i].site.file, "b.ts");
		assert_int_equal(a.refs[i].site.line, i);
	}
	/* into an empty set, and an empty set into one */
	usage_set_absorb(&b, &a);
	assert_int_equal(b.nrefs, 101);
	usage_set_absorb(&b, &a);
	assert_int_equal(b.nrefs, 101);
	assert_int_equal(b.nnotes, 2);
	usage_set_release(&b);
}

/* usage_set_merge: two ordered runs of one file become one, after
   earlier records, with one pointer for the file's name; the final sort
   then keeps the order and removes the duplicates */
static void
test_merge(void **state)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r, v[4];
	unsigned mine[] = { 2, 4, 4, 9 }, theirs[] = { 1, 4, 5, 10 };
	unsigned want[] = { 1, 2, 4, 4, 4, 5, 9, 10 };
	char other[] = "b.ts";
	size_t i;

	(void)state;
	title_ref(&r, "a.ts");
	r.site.line = 7;
	usage_add_ref(&u, &r); /* an earlier file's, left alone */
	r.site.file = "b.ts";
	for (i = 0; i < 4; i++) {
		r.site.line = mine[i];
		usage_add_ref(&u, &r);
		v[i] = r;
		v[i].site.file = other; /* equal, at another address */
		v[i].site.line = theirs[i];
	}
	usage_set_merge(&u, 1, v, 0); /* nothing to merge */
	assert_int_equal(u.nrefs, 5);
	usage_set_merge(&u, 1, v, 4);
	assert_int_equal(u.nrefs, 9);
	assert_string_equal(u.refs[0].site.file, "a.ts");
	assert_int_equal(u.refs[0].site.line, 7);
	for (i = 0; i < 8; i++) {
		assert_int_equal(u.refs[i + 1].site.line, want[i]);
		assert_ptr_equal(u.refs[i + 1].site.file, u.refs[1].site.file);
	}
	assert_ptr_equal(v[0].site.file, u.refs[1].site.file);
	usage_set_sort(&u);
	assert_int_equal(u.nrefs, 7); /* the two duplicate 4s are gone */
	for (i = 1; i < u.nrefs; i++)
		assert_true(u.refs[i - 1].site.line < u.refs[i].site.line ||
		    strcmp(u.refs[i - 1].site.file, u.refs[i].site.file) < 0);
	/* into an empty set: the run as it is */
	usage_set_release(&u);
	usage_set_merge(&u, 0, v, 4);
	assert_int_equal(u.nrefs, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(u.refs[i].site.line, theirs[i]);
	usage_set_release(&u);
}

/* usage_set_ascending: how far the records are strictly ascending (a
   duplicate or a step down ends it); usage_set_sort_from trusts that much
   and sorts and dedupes the rest as usage_set_sort does */
static void
test_ascending(void **state)
{
	struct usage_set u = USAGE_SET_INIT, v = USAGE_SET_INIT;
	struct usage_ref r;
	unsigned lines[] = { 1, 2, 4, 4, 3, 8 };
	size_t i;

	(void)state;
	assert_int_equal(usage_set_ascending(&u, 0), 0);
	title_ref(&r, "a.ts");
	for (i = 0; i < 6; i++) {
		r.site.line = lines[i];
		usage_add_ref(&u, &r);
		usage_add_ref(&v, &r);
	}
	assert_int_equal(usage_set_ascending(&u, 0), 3); /* 4 4: equal */
	assert_int_equal(usage_set_ascending(&u, 1), 3);
	assert_int_equal(usage_set_ascending(&u, 3), 3);
	assert_int_equal(usage_set_ascending(&u, 4), 4); /* 4 3: down */
	assert_int_equal(usage_set_ascending(&u, 5), 6);
	assert_int_equal(usage_set_ascending(&u, 6), 6);
	assert_int_equal(usage_set_ascending(&u, 99), 6);
	usage_set_sort_from(&u, 3);
	usage_set_sort(&v);
	assert_int_equal(u.nrefs, 5);
	assert_int_equal(v.nrefs, 5);
	for (i = 0; i < u.nrefs; i++)
		assert_int_equal(u.refs[i].site.line, v.refs[i].site.line);
	assert_int_equal(usage_set_ascending(&u, 0), 5);
	/* the fields order records of one site: a.ts:8 posts.title after
	   posts.body */
	r.field = "body";
	usage_add_ref(&u, &r);
	assert_int_equal(usage_set_ascending(&u, 5), 5);
	usage_set_sort_from(&u, 5);
	assert_int_equal(u.nrefs, 6);
	assert_string_equal(u.refs[4].field, "body");
	assert_string_equal(u.refs[5].field, "title");
	usage_set_release(&u);
	usage_set_release(&v);
}

/* a small deterministic generator for the randomised checks below */
static unsigned
lcg(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/*
 * usage_set_order_from and usage_set_merge say whether their result holds
 * no two equal records, from their own comparisons only: checked against
 * counting, on random lines (duplicates likely), long descending inputs
 * (more runs than the sort keeps on its stack) and every way a merge
 * ends.
 */
static void
test_strict(void **state)
{
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r, v[200];
	unsigned x = 7;
	size_t round, n, m, i, j;

	(void)state;
	title_ref(&r, "a.ts");
	for (round = 0; round < 3000; round++) {
		int want = 1, got;
		unsigned range = round % 3 == 0 ? 400 : 40;

		n = lcg(&x) % 150;
		if (round % 7 == 0)
			n = 150 + round % 50; /* descending: one run each */
		usage_set_release(&u);
		r.site.line = 0;
		usage_add_ref(&u, &r); /* before from: left alone */
		for (i = 0; i < n; i++) {
			r.site.line = round % 7 == 0 ? (unsigned)(1000 - i)
						     : 1 + lcg(&x) % range;
			if (round % 7 == 0 && round % 2 == 0 && i == n / 2)
				r.site.line = 1000; /* one duplicate */
			usage_add_ref(&u, &r);
		}
		for (i = 1; i <= n; i++)
			for (j = 1; j < i; j++)
				if (u.refs[i].site.line == u.refs[j].site.line)
					want = 0;
		got = usage_set_order_from(&u, 1);
		assert_int_equal(got, want);
		assert_int_equal(u.refs[0].site.line, 0);
		for (i = 2; i <= n; i++)
			assert_true(
			    u.refs[i - 1].site.line <= u.refs[i].site.line);
		if (want)
			assert_int_equal(usage_set_ascending(&u, 0), u.nrefs);
		/* a strictly ascending v merged into the tail */
		m = lcg(&x) % 60;
		for (i = 0, j = lcg(&x) % 30; i < m; i++) {
			v[i] = r;
			v[i].site.line = (unsigned)(j += 1 + lcg(&x) % 20);
		}
		want = 1;
		for (i = 0; i < m; i++)
			for (j = 1; j <= n; j++)
				if (v[i].site.line == u.refs[j].site.line)
					want = 0;
		got = usage_set_merge(&u, 1, v, m);
		assert_int_equal(got, want);
		assert_int_equal(u.nrefs, 1 + n + m);
		for (i = 2; i < u.nrefs; i++)
			assert_true(
			    u.refs[i - 1].site.line <= u.refs[i].site.line);
	}
	usage_set_release(&u);
}

static int
cmp_ref_q(const void *a, const void *b)
{
	return usage_ref_cmp(a, b);
}

/*
 * The shortcut of the sort, the merge and the ascending check (line, then
 * column, of records that share their file's pointer) against the full
 * comparison: records of one file's pointer, of another pointer to the
 * same name and of another file, on few lines and columns, with two
 * fields.
 */
static void
test_site_order(void **state)
{
	static char f1[] = "a.ts", f2[] = "a.ts", f3[] = "b.ts";
	const char *files[] = { f1, f1, f1, f2, f3 };
	const char *fields[] = { "body", "title" };
	struct usage_set u = USAGE_SET_INIT;
	struct usage_ref r, v[40];
	unsigned x = 11;
	size_t round, n, m, i, asc;

	(void)state;
	title_ref(&r, "a.ts");
	for (round = 0; round < 2000; round++) {
		usage_set_release(&u);
		n = lcg(&x) % 40;
		for (i = 0; i < n; i++) {
			r.site.file = files[round % 4 == 0 ? lcg(&x) % 5 : 0];
			r.site.line = 1 + lcg(&x) % 4;
			r.site.col = 1 + lcg(&x) % 4;
			r.field = fields[lcg(&x) % 2];
			usage_add_ref(&u, &r);
		}
		for (asc = 1; asc < n; asc++)
			if (usage_ref_cmp(&u.refs[asc - 1], &u.refs[asc]) >= 0)
				break;
		assert_int_equal(usage_set_ascending(&u, 0), n < 2 ? n : asc);
		usage_set_order_from(&u, 0);
		for (i = 1; i < n; i++)
			assert_true(
			    usage_ref_cmp(&u.refs[i - 1], &u.refs[i]) <= 0);
		/* v: sorted the same way, then merged */
		m = lcg(&x) % 40;
		for (i = 0; i < m; i++) {
			v[i] = r;
			v[i].site.file = f1;
			v[i].site.line = 1 + lcg(&x) % 4;
			v[i].site.col = 1 + lcg(&x) % 4;
		}
		qsort(v, m, sizeof(*v), cmp_ref_q);
		usage_set_merge(&u, 0, v, m);
		assert_int_equal(u.nrefs, n + m);
		for (i = 1; i < u.nrefs; i++)
			assert_true(
			    usage_ref_cmp(&u.refs[i - 1], &u.refs[i]) <= 0);
	}
	usage_set_release(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_names),
		cmocka_unit_test(test_sort_dedup),
		cmocka_unit_test(test_sort_runs),
		cmocka_unit_test(test_order_from),
		cmocka_unit_test(test_absorb),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_ascending),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_site_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
