/* Capacity mode: coverage is the largest possible (checked against a
 * maximum-cardinality matching computed independently), capacities are kept,
 * and quality gives the largest total, covering as many mentees as any
 * result of that total (tests/unit/test_bmatch.c checks both against
 * GLPK). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/assign.h"
#include "mentormatch/match.h"
#include "mentormatch/session.h"

static void load(struct session *s, const char *mentors, const char *mentees)
{
	struct diag d = {0};
	session_init(s);
	assert_int_equal(session_load_profile(s, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTOR, mentors, &d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTEE, mentees, &d), 0);
	assert_int_equal(session_prepare(s, &d), 0);
	diag_free(&d);
}

/* The most mentees that can each get a mentor when mentor i takes at most
 * cap[i]: a maximum-cardinality matching between mentor copies and mentees
 * (assign_solve with every weight 0 maximises the number of pairs). */
static long max_coverage(const struct edges *e, const long *cap)
{
	size_t rows = 0, m = 0;
	for (size_t i = 0; i < e->nmentors; i++) {
		rows += (size_t)cap[i];
		m += (size_t)cap[i] * (e->start[i + 1] - e->start[i]);
	}
	size_t *start = malloc((rows + 1) * sizeof *start);
	uint32_t *col = malloc((m ? m : 1) * sizeof *col);
	int64_t *w = calloc(m ? m : 1, sizeof *w);
	long *match = malloc((rows ? rows : 1) * sizeof *match);
	size_t r = 0, k = 0;
	for (size_t i = 0; i < e->nmentors; i++)
		for (long c = 0; c < cap[i]; c++) {
			start[r++] = k;
			for (size_t q = e->start[i]; q < e->start[i + 1]; q++)
				col[k++] = e->mentee[q];
		}
	start[rows] = k;
	long got = assign_solve(rows, e->nmentees, start, col, w, match, NULL);
	free(start);
	free(col);
	free(w);
	free(match);
	return got;
}

struct outcome {
	long total;
	size_t pairs, covered, hist[4];
};

static struct outcome solve(struct session *s, enum solve_objective obj, long mcap, long ecap)
{
	struct diag d = {0};
	struct outcome o = {0};
	s->prof.solve.mode = MODE_CAPACITY;
	s->prof.solve.objective = obj;
	s->prof.solve.capacity[SIDE_MENTOR] = mcap;
	s->prof.solve.capacity[SIDE_MENTEE] = ecap;
	assert_int_equal(session_match(s, &d), 0);
	const struct match_result *r = &s->res;
	assert_int_equal(r->nrounds, 1);
	/* every pair allowed, scored without bonus, at most once; capacities kept */
	unsigned *cm = calloc(r->nmentors, sizeof *cm), *ce = calloc(r->nmentees, sizeof *ce);
	for (size_t q = 0; q < r->npairs; q++) {
		const struct pair *p = &r->pairs[q];
		long sc;
		assert_true(score_pair(&s->ds, p->mentor, p->mentee, &sc, NULL, NULL));
		assert_int_equal(p->score, sc);
		assert_int_equal(p->round, 1);
		assert_int_equal(p->bonus, 0);
		if (q > 0)
			assert_true(r->pairs[q - 1].mentor < p->mentor ||
				    (r->pairs[q - 1].mentor == p->mentor && r->pairs[q - 1].mentee < p->mentee));
		cm[p->mentor]++;
		ce[p->mentee]++;
		o.total += p->score;
	}
	for (size_t i = 0; i < r->nmentors; i++)
		assert_true(cm[i] <= (unsigned)mcap);
	for (size_t j = 0; j < r->nmentees; j++) {
		assert_true(ce[j] <= (unsigned)ecap);
		o.covered += ce[j] > 0;
	}
	assert_int_equal(o.total, r->round_total[0]);
	o.pairs = r->npairs;
	match_histogram(r, SIDE_MENTEE, o.hist, 4);
	free(cm);
	free(ce);
	diag_free(&d);
	return o;
}

static void check(const char *mentors, const char *mentees, long mcap, long ecap)
{
	struct session s;
	load(&s, mentors, mentees);
	long *cap = malloc(s.ds.side[SIDE_MENTOR].n * sizeof *cap);
	for (size_t i = 0; i < s.ds.side[SIDE_MENTOR].n; i++)
		cap[i] = mcap;
	long best_cover = max_coverage(&s.edges, cap);
	struct outcome q = solve(&s, OBJECTIVE_QUALITY, mcap, ecap);
	struct outcome c = solve(&s, OBJECTIVE_COVERAGE, mcap, ecap);
	/* coverage reaches the maximum; quality cannot cover more, nor can
	 * coverage score more */
	assert_int_equal((long)c.covered, best_cover);
	assert_true(q.covered <= c.covered);
	assert_true(c.total <= q.total);
	/* when coverage's result also has the best total, it is a result of
	 * that total covering the most mentees possible: quality covers as
	 * many (its tie-break among equal totals) */
	if (c.total == q.total)
		assert_int_equal(q.covered, c.covered);
	printf("  %s x %s, mentor capacity %ld, mentee capacity %ld: max coverage %ld\n",
	       mentors, mentees, mcap, ecap, best_cover);
	printf("    quality : %zu pairs, total %ld, mentees with 0/1/2/3+ mentors %zu/%zu/%zu/%zu\n",
	       q.pairs, q.total, q.hist[0], q.hist[1], q.hist[2], q.hist[3]);
	printf("    coverage: %zu pairs, total %ld, mentees with 0/1/2/3+ mentors %zu/%zu/%zu/%zu\n",
	       c.pairs, c.total, c.hist[0], c.hist[1], c.hist[2], c.hist[3]);
	free(cap);
	session_free(&s);
}

/* The original's large sample, everyone up to 3 matches. */
static void test_large_capacity3(void **state)
{
	(void)state;
	check("tests/data/original-sample/large/mentors.csv",
	      "tests/data/original-sample/large/mentees.csv", 3, 3);
}

/* Far fewer mentors than mentees: 100 mentors of capacity 2, 500 mentees. */
static void test_few_mentors(void **state)
{
	char path[] = "/tmp/mm-few-mentors-XXXXXX.csv";
	int fd = mkstemps(path, 4);
	FILE *in = fopen("tests/data/original-sample/large/mentors.csv", "rb");
	FILE *out = fdopen(fd, "wb");
	char line[4096];
	(void)state;
	assert_non_null(in);
	assert_non_null(out);
	for (int k = 0; k <= 100 && fgets(line, sizeof line, in); k++)
		fputs(line, out);
	fclose(in);
	fclose(out);
	check(path, "tests/data/original-sample/large/mentees.csv", 2, 1);
	unlink(path);
}

/* Capacity 0 takes part in no match; capacities from a column. */
static void test_capacity_column(void **state)
{
	static const char *const prof =
		"[profile]\nformat = 1\n[solve]\nmode = capacity\nobjective = coverage\n"
		"mentor_capacity = 1\nmentor_capacity_field = cap\n"
		"[field.email]\ntype = email\n[field.cap]\ntype = number\n[field.org]\ntype = category\n"
		"[columns.mentors]\nemail = email\ncap = capacity\norg = org\n"
		"[columns.mentees]\nemail = email\norg = org\n"
		"[rule.org]\nkind = same\nfield = org\nweight = 5\n";
	static const char *const mentors = "email,capacity,org\na@x,2,A\nb@x,0,A\nc@x,,B\nh@x,-1,C\n";
	static const char *const mentees = "email,org\nd@x,A\ne@x,A\nf@x,A\ng@x,B\n";
	struct session s;
	struct diag d = {0};
	char mp[] = "/tmp/mm-cap-m-XXXXXX", ep[] = "/tmp/mm-cap-e-XXXXXX", pp[] = "/tmp/mm-cap-p-XXXXXX";
	int fm = mkstemp(mp), fe = mkstemp(ep), fp = mkstemp(pp);
	(void)state;
	assert_true(write(fm, mentors, strlen(mentors)) > 0);
	assert_true(write(fe, mentees, strlen(mentees)) > 0);
	assert_true(write(fp, prof, strlen(prof)) > 0);
	close(fm);
	close(fe);
	close(fp);
	session_init(&s);
	assert_int_equal(session_load_profile(&s, pp, &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, mp, &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTEE, ep, &d), 0);
	assert_int_equal(session_match(&s, &d), 0);
	/* a takes 2 of d, e, f; b (capacity 0) nobody; c (blank: default 1) one */
	assert_int_equal(s.res.count[SIDE_MENTOR][0], 2);
	assert_int_equal(s.res.count[SIDE_MENTOR][1], 0);
	assert_int_equal(s.res.count[SIDE_MENTOR][2], 1);
	/* h (capacity -1: default 1) takes the fourth mentee */
	assert_int_equal(s.res.count[SIDE_MENTOR][3], 1);
	assert_int_equal(s.res.npairs, 4);
	/* the blank capacity was reported, naming its line */
	int warned = 0;
	for (size_t k = 0; k < d.n; k++)
		if (d.items[k].level == DIAG_WARNING && d.items[k].line == 4 && strstr(d.items[k].msg, "blank"))
			warned = 1;
	assert_true(warned);
	/* -1 (out of range) is reported too, and takes the
	 * default */
	warned = 0;
	for (size_t k = 0; k < d.n; k++)
		if (d.items[k].level == DIAG_WARNING && d.items[k].line == 5 &&
		    strstr(d.items[k].msg, "\"-1\" is not a whole number from 0 to 1000"))
			warned = 1;
	assert_true(warned);
	assert_int_equal(dataset_capacity(&s.ds, SIDE_MENTOR, 3), 1);
	session_free(&s);
	diag_free(&d);
	unlink(mp);
	unlink(ep);
	unlink(pp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity_column),
		cmocka_unit_test(test_large_capacity3),
		cmocka_unit_test(test_few_mentors),
	};
	return cmocka_run_group_tests_name("capacity", tests, NULL, NULL);
}
