/* Rounds on the original programme's own sample data, checked against an
 * independent re-implementation of the original's rules written here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mentormatch/match.h"
#include "mentormatch/session.h"

static const char *const grades[] = { "AA", "AO", "EO", "HEO", "SEO", "Grade 7",
				      "Grade 6", "SCS1", "SCS2", "SCS3", "SCS4" };

static int grade_index(const char *g)
{
	for (int i = 0; i < 11; i++)
		if (!strcmp(g, grades[i]))
			return i;
	return -1;
}

static int col(const struct table *t, const char *h)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->headers[c], h))
			return (int)c;
	return -1;
}

/* The original's rules, straight from reference/original-programme.md:
 * returns -1 when not allowed, else the score without the bonus. */
static long original_score(const struct table *m, size_t i, const struct table *e, size_t j)
{
	const char *morg = table_cell(m, i, (size_t)col(m, "organisation"));
	const char *eorg = table_cell(e, j, (size_t)col(e, "organisation"));
	int d = grade_index(table_cell(m, i, (size_t)col(m, "grade"))) -
		grade_index(table_cell(e, j, (size_t)col(e, "grade")));
	const char *mem = table_cell(m, i, (size_t)col(m, "email address"));
	const char *eem = table_cell(e, j, (size_t)col(e, "email address"));
	long s = 0;

	if (!strcmp(morg, eorg) || (d != 1 && d != 2) || !strcasecmp(mem, eem))
		return -1;
	s += d == 2 ? 12 : 9;
	if (!strcmp(table_cell(m, i, (size_t)col(m, "profession")),
		    table_cell(e, j, (size_t)col(e, "profession"))))
		s += 10;
	const char *id = table_cell(e, j, (size_t)col(e, "identity to match"));
	if (*id) {
		char buf[512];
		snprintf(buf, sizeof buf, "%s", table_cell(m, i, (size_t)col(m, "characteristics")));
		for (char *tok = buf, *next; tok; tok = next) {
			next = strstr(tok, ", ");
			if (next) {
				*next = '\0';
				next += 2;
			}
			if (!strcmp(tok, id)) {
				s += 6;
				break;
			}
		}
	}
	return s;
}

static void check_sample(const char *dir, long round1_total, size_t round1_pairs)
{
	struct session s;
	struct diag d = {0};
	char path[256];

	session_init(&s);
	assert_int_equal(session_load_profile(&s, "config/civil-service.ini", &d), 0);
	snprintf(path, sizeof path, "%s/mentors.csv", dir);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, path, &d), 0);
	snprintf(path, sizeof path, "%s/mentees.csv", dir);
	assert_int_equal(session_load_file(&s, SIDE_MENTEE, path, &d), 0);
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);

	const struct match_result *r = &s.res;
	const struct table *m = &s.tab[SIDE_MENTOR], *e = &s.tab[SIDE_MENTEE];
	assert_int_equal(r->nrounds, 3);
	assert_int_equal(r->round_total[0], round1_total);
	assert_int_equal(r->round_pairs[0], round1_pairs);

	/* every pair allowed under the original's rules, scored as the
	 * original scores it, no pair twice, at most one new match per person
	 * per round, round totals add up */
	unsigned *cm = calloc(m->nrows, sizeof *cm), *ce = calloc(e->nrows, sizeof *ce);
	unsigned char *seen = calloc(m->nrows * e->nrows, 1);
	size_t q = 0;
	for (int round = 1; round <= r->nrounds; round++) {
		unsigned char *rm = calloc(m->nrows, 1), *re = calloc(e->nrows, 1);
		long total = 0;
		size_t start = q;
		for (; q < r->npairs && r->pairs[q].round == round; q++) {
			const struct pair *p = &r->pairs[q];
			long base = original_score(m, p->mentor, e, p->mentee);
			assert_true(base >= 0);
			long bonus = (cm[p->mentor] == 0 || ce[p->mentee] == 0) ? 6 : 0;
			assert_int_equal(p->score, base + bonus);
			assert_int_equal(seen[p->mentor * e->nrows + p->mentee], 0);
			seen[p->mentor * e->nrows + p->mentee] = 1;
			assert_int_equal(rm[p->mentor], 0);
			assert_int_equal(re[p->mentee], 0);
			rm[p->mentor] = re[p->mentee] = 1;
			total += p->score;
		}
		for (size_t k = start; k < q; k++) {
			cm[r->pairs[k].mentor]++;
			ce[r->pairs[k].mentee]++;
		}
		assert_int_equal(total, r->round_total[round - 1]);
		assert_int_equal(q - start, r->round_pairs[round - 1]);
		free(rm);
		free(re);
	}
	assert_int_equal(q, r->npairs);
	for (size_t i = 0; i < m->nrows; i++)
		assert_int_equal(cm[i], r->count[SIDE_MENTOR][i]);

	/* the histogram adds up to the number of people */
	size_t h[4], sum = 0;
	match_histogram(r, SIDE_MENTEE, h, 4);
	for (int k = 0; k < 4; k++)
		sum += h[k];
	assert_int_equal(sum, e->nrows);

	free(cm);
	free(ce);
	free(seen);
	diag_free(&d);
	session_free(&s);
}

static void test_small_round1_is_960(void **state)
{
	(void)state;
	check_sample("tests/data/original-sample/small", 960, 35);
}

static void test_large_round1_is_14386(void **state)
{
	(void)state;
	check_sample("tests/data/original-sample/large", 14386, 483);
}

/* The same input gives the same pairs every run. */
static void test_deterministic(void **state)
{
	struct session a, b;
	struct diag d = {0};
	(void)state;
	session_init(&a);
	session_init(&b);
	struct session *ss[2] = { &a, &b };
	for (int k = 0; k < 2; k++) {
		assert_int_equal(session_load_profile(ss[k], "config/civil-service.ini", &d), 0);
		assert_int_equal(session_load_file(ss[k], SIDE_MENTOR, "tests/data/original-sample/small/mentors.csv", &d), 0);
		assert_int_equal(session_load_file(ss[k], SIDE_MENTEE, "tests/data/original-sample/small/mentees.csv", &d), 0);
		assert_int_equal(session_match(ss[k], &d), 0);
	}
	assert_int_equal(a.res.npairs, b.res.npairs);
	for (size_t q = 0; q < a.res.npairs; q++) {
		assert_int_equal(a.res.pairs[q].mentor, b.res.pairs[q].mentor);
		assert_int_equal(a.res.pairs[q].mentee, b.res.pairs[q].mentee);
		assert_int_equal(a.res.pairs[q].round, b.res.pairs[q].round);
		assert_int_equal(a.res.pairs[q].score, b.res.pairs[q].score);
	}
	session_free(&a);
	session_free(&b);
	diag_free(&d);
}

/* match_run on a hand-made graph: the bonus applies while either person is
 * unmatched, and a pair is never repeated. */
static void test_rounds_bonus(void **state)
{
	(void)state;
	/* 2 mentors x 2 mentees, all allowed; scores 10 4 / 4 10 */
	size_t start[] = { 0, 2, 4 };
	uint32_t mentee[] = { 0, 1, 0, 1 };
	int32_t score[] = { 10, 4, 4, 10 };
	struct edges e = { 2, 2, start, mentee, score };
	struct solve_settings s = { .mode = MODE_ROUNDS, .rounds = 3, .unmatched_bonus = 6,
				     .min_score = MIN_SCORE_NONE };
	struct match_result r;
	assert_int_equal(match_run(&e, &s, NULL, NULL, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.nrounds, 3);
	assert_int_equal(r.round_total[0], 32); /* (10+6) + (10+6) */
	assert_int_equal(r.round_total[1], 8);  /* 4 + 4, no bonus: both matched */
	assert_int_equal(r.round_pairs[2], 0);  /* nothing left */
	assert_int_equal(r.npairs, 4);
	assert_int_equal(match_find(&r, 0, 1) >= 0, 1);
	assert_int_equal(r.pairs[match_find(&r, 0, 0)].bonus, 6);
	assert_int_equal(r.pairs[match_find(&r, 0, 1)].bonus, 0);
	match_free(&r);
}

/* Writes the data rows of src in reverse order (the header first) to a new
 * temporary file; returns its path (static buffer per call slot). */
static void reverse_rows(const char *src, char *path)
{
	FILE *in = fopen(src, "rb");
	char *lines[1024];
	size_t n = 0;
	char buf[4096];
	assert_non_null(in);
	while (n < 1024 && fgets(buf, sizeof buf, in))
		lines[n++] = strdup(buf);
	fclose(in);
	int fd = mkstemp(path);
	FILE *out = fdopen(fd, "wb");
	fputs(lines[0], out);
	for (size_t k = n; k-- > 1;)
		fputs(lines[k], out);
	fclose(out);
	for (size_t k = 0; k < n; k++)
		free(lines[k]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The pairs as sorted "round mentor-email mentee-email" strings. */
static char **pair_keys(const struct session *s)
{
	char **k = malloc(s->res.npairs * sizeof *k);
	for (size_t q = 0; q < s->res.npairs; q++) {
		char buf[256];
		snprintf(buf, sizeof buf, "%d %s %s", s->res.pairs[q].round,
			 dataset_identity(&s->ds, SIDE_MENTOR, s->res.pairs[q].mentor),
			 dataset_identity(&s->ds, SIDE_MENTEE, s->res.pairs[q].mentee));
		k[q] = strdup(buf);
	}
	qsort(k, s->res.npairs, sizeof *k, cmp_str);
	return k;
}

/* Reversing the rows of both files changes no total and no pair, in any
 * round (the solver works in email order). */
static void test_row_order_changes_nothing(void **state)
{
	struct session a, b;
	struct diag d = {0};
	char pm[] = "/tmp/mm-rev-m-XXXXXX", pe[] = "/tmp/mm-rev-e-XXXXXX";
	(void)state;
	reverse_rows("tests/data/original-sample/large/mentors.csv", pm);
	reverse_rows("tests/data/original-sample/large/mentees.csv", pe);
	session_init(&a);
	session_init(&b);
	assert_int_equal(session_load_profile(&a, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_profile(&b, "config/civil-service.ini", &d), 0);
	assert_int_equal(session_load_file(&a, SIDE_MENTOR, "tests/data/original-sample/large/mentors.csv", &d), 0);
	assert_int_equal(session_load_file(&a, SIDE_MENTEE, "tests/data/original-sample/large/mentees.csv", &d), 0);
	assert_int_equal(session_load_file(&b, SIDE_MENTOR, pm, &d), 0);
	assert_int_equal(session_load_file(&b, SIDE_MENTEE, pe, &d), 0);
	assert_int_equal(session_match(&a, &d), 0);
	assert_int_equal(session_match(&b, &d), 0);
	assert_int_equal(a.res.nrounds, b.res.nrounds);
	for (int k = 0; k < a.res.nrounds; k++)
		assert_int_equal(a.res.round_total[k], b.res.round_total[k]);
	assert_int_equal(a.res.npairs, b.res.npairs);
	/* the first mentor of one is the last of the other: the test bites */
	assert_string_equal(dataset_identity(&a.ds, SIDE_MENTOR, 0),
			    dataset_identity(&b.ds, SIDE_MENTOR, b.ds.side[SIDE_MENTOR].n - 1));
	char **ka = pair_keys(&a), **kb = pair_keys(&b);
	for (size_t q = 0; q < a.res.npairs; q++) {
		assert_string_equal(ka[q], kb[q]);
		free(ka[q]);
		free(kb[q]);
	}
	free(ka);
	free(kb);
	unlink(pm);
	unlink(pe);
	session_free(&a);
	session_free(&b);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rounds_bonus),
		cmocka_unit_test(test_small_round1_is_960),
		cmocka_unit_test(test_large_round1_is_14386),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_row_order_changes_nothing),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
