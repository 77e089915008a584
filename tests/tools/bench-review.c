/* bench-review.c - speed of the review step (issue 5), through the core.
 *
 *   bench-review [--profile P] [--runs N] WHATIF_DIR LIST_DIR
 *
 * WHATIF_DIR and LIST_DIR hold mentors.csv and mentees.csv (gen-sample).
 *
 * What-if: on WHATIF_DIR (1000 a side in make bench), after a first match,
 * each run changes the weight of the profile's first scoring rule (+10, then
 * back), and times what the terminal does before it redraws: the dataset and
 * every pair scored again, the match solved again, the what-if figures
 * (match_diff against the previous result), the summary and the best-score
 * table for the candidate lists.  Once for rounds mode, once for capacity
 * mode with quality.
 *
 * Lists: on LIST_DIR (10000 a side), the work behind one cursor movement in
 * the Candidates step (the ranked candidate list of the newly highlighted
 * person: rank_candidates over every counterpart), and behind one key typed
 * in the search (every person of both sides matched against the search
 * text by name and email, without case, as the terminal's people list
 * does).  Times are medians over the runs, in milliseconds.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mentormatch/explain.h"
#include "mentormatch/rank.h"
#include "mentormatch/session.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int load(struct session *s, const char *profile, const char *dir, struct diag *d)
{
	char path[4096];
	session_init(s);
	if (session_load_profile(s, profile, d) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/mentors.csv", dir);
	if (session_load_file(s, SIDE_MENTOR, path, d) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/mentees.csv", dir);
	if (session_load_file(s, SIDE_MENTEE, path, d) != 0)
		return -1;
	return session_match(s, d);
}

/* Does hay contain needle, without ASCII case? */
static int icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 1;
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < n && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

static int whatif(const char *profile, const char *dir, const char *mode, int runs)
{
	struct session s;
	struct diag d = { 0 };
	if (load(&s, profile, dir, &d) != 0) {
		diag_print(&d, stderr);
		return -1;
	}
	int capacity = strcmp(mode, "capacity") == 0;
	s.prof.solve.mode = capacity ? MODE_CAPACITY : MODE_ROUNDS;
	s.prof.solve.objective = OBJECTIVE_QUALITY;
	session_invalidate(&s);
	if (session_match(&s, &d) != 0) {
		diag_print(&d, stderr);
		return -1;
	}
	size_t rule = s.prof.nrules;
	for (size_t r = 0; r < s.prof.nrules && rule == s.prof.nrules; r++)
		if (s.prof.rules[r].weight != 0)
			rule = r;
	if (rule == s.prof.nrules) {
		fprintf(stderr, "bench-review: the profile has no scoring rule\n");
		return -1;
	}
	double *t = malloc((size_t)runs * sizeof *t);
	size_t changed = 0;
	if (!t)
		return -1;
	for (int k = 0; k < runs; k++) {
		double t0 = now_ms();
		s.prof.rules[rule].weight += k % 2 ? -10 : 10;
		session_invalidate(&s);
		if (session_match(&s, &d) != 0) {
			diag_print(&d, stderr);
			return -1;
		}
		struct match_diff md;
		struct summary sm;
		struct explain_best best;
		if (match_diff(&s.prev, &s.res, &md) != 0 || summary_build(&s, 20, &sm) != 0 ||
		    explain_best_build(&s.edges, &best) != 0) {
			fprintf(stderr, "bench-review: out of memory\n");
			return -1;
		}
		t[k] = now_ms() - t0;
		changed += md.nadded + md.nremoved;
		match_diff_free(&md);
		summary_free(&sm);
		explain_best_free(&best);
	}
	printf("%-10s %-9s %8zu %10zu %12.1f\n", "what-if", mode, s.ds.side[SIDE_MENTOR].n,
	       changed / (size_t)runs, median(t, (size_t)runs));
	free(t);
	diag_free(&d);
	session_free(&s);
	return 0;
}

static int lists(const char *profile, const char *dir, int runs)
{
	struct session s;
	struct diag d = { 0 };
	if (load(&s, profile, dir, &d) != 0) {
		diag_print(&d, stderr);
		return -1;
	}
	struct explain_best best;
	size_t n[SIDE_COUNT] = { s.ds.side[SIDE_MENTOR].n, s.ds.side[SIDE_MENTEE].n };
	struct candidate *c = malloc((n[SIDE_MENTEE] + n[SIDE_MENTOR] + 1) * sizeof *c);
	double *t = malloc((size_t)runs * sizeof *t);
	if (!c || !t || explain_best_build(&s.edges, &best) != 0)
		return -1;
	/* moving the cursor down the mentors list: a new ranked list each time */
	size_t sum = 0;
	for (int k = 0; k < runs; k++) {
		double t0 = now_ms();
		sum += rank_candidates(&s.ds, &s.res, &best, &s.pins, SIDE_MENTOR,
				       (size_t)k % n[SIDE_MENTOR], c);
		t[k] = now_ms() - t0;
	}
	printf("%-10s %-9s %8zu %10zu %12.2f\n", "move", "mentors", n[SIDE_MENTOR],
	       sum / (size_t)runs, median(t, (size_t)runs));
	for (int k = 0; k < runs; k++) {
		double t0 = now_ms();
		sum += rank_candidates(&s.ds, &s.res, &best, &s.pins, SIDE_MENTEE,
				       (size_t)k % n[SIDE_MENTEE], c);
		t[k] = now_ms() - t0;
	}
	printf("%-10s %-9s %8zu %10zu %12.2f\n", "move", "mentees", n[SIDE_MENTEE],
	       (sum - (size_t)runs * n[SIDE_MENTEE]) / (size_t)runs, median(t, (size_t)runs));
	/* typing a search, one key at a time: both sides filtered each time */
	const char *query = "mentee 123";
	size_t qlen = strlen(query), found = 0;
	double *tk = malloc(qlen * (size_t)runs * sizeof *tk);
	if (!tk)
		return -1;
	size_t nt = 0;
	for (int k = 0; k < runs; k++)
		for (size_t q = 1; q <= qlen; q++) {
			char typed[64], name[512];
			memcpy(typed, query, q);
			typed[q] = '\0';
			double t0 = now_ms();
			found = 0;
			for (int side = 0; side < SIDE_COUNT; side++)
				for (size_t i = 0; i < n[side]; i++) {
					dataset_name(&s.ds, (enum side)side, i, name, sizeof name);
					if (icontains(name, typed) ||
					    icontains(dataset_identity(&s.ds, (enum side)side, i), typed))
						found++;
				}
			tk[nt++] = now_ms() - t0;
		}
	printf("%-10s %-9s %8zu %10zu %12.2f\n", "search", "both", n[0] + n[1], found,
	       median(tk, nt));
	free(tk);
	free(t);
	free(c);
	explain_best_free(&best);
	diag_free(&d);
	session_free(&s);
	return 0;
}

int main(int argc, char **argv)
{
	const char *profile = "config/civil-service.ini";
	int runs = 11, a = 1;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--profile") == 0 && a + 1 < argc)
			profile = argv[++a];
		else if (strcmp(argv[a], "--runs") == 0 && a + 1 < argc)
			runs = atoi(argv[++a]);
		else
			break;
	}
	if (argc - a != 2 || runs < 1) {
		fprintf(stderr, "usage: bench-review [--profile P] [--runs N] WHATIF_DIR LIST_DIR\n");
		return 2;
	}
	printf("review step, %s, median of %d runs\n", profile, runs);
	printf("%-10s %-9s %8s %10s %12s\n", "what", "mode/side", "per side", "pairs/found", "median ms");
	if (whatif(profile, argv[a], "rounds", runs) != 0 ||
	    whatif(profile, argv[a], "capacity", runs) != 0 ||
	    lists(profile, argv[a + 1], runs) != 0)
		return 1;
	return 0;
}
