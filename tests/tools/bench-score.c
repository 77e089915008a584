/* bench-score.c - times the scoring alone: reading the participants'
 * values (dataset_build) and scoring every pair into the allowed-pair list
 * (score_build_edges), as session_prepare does, without reading the files,
 * solving or writing.
 *
 *   bench-score --profile P --runs N MENTORS.csv MENTEES.csv
 *
 * prints one line: the people, the allowed pairs, and the median of N runs
 * of each part in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *profile = NULL, *files[2] = { NULL, NULL };
	int runs = 5, nfiles = 0;
	struct session s;
	struct diag d = { 0 };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--profile") && i + 1 < argc)
			profile = argv[++i];
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (nfiles < 2)
			files[nfiles++] = argv[i];
	}
	if (!profile || nfiles != 2 || runs < 1 || runs > 1000) {
		fputs("usage: bench-score --profile P --runs N MENTORS.csv MENTEES.csv\n", stderr);
		return 2;
	}
	session_init(&s);
	s.strict_columns = 1;
	if (session_load_profile(&s, profile, &d) != 0 ||
	    session_load_file(&s, SIDE_MENTOR, files[0], &d) != 0 ||
	    session_load_file(&s, SIDE_MENTEE, files[1], &d) != 0) {
		for (size_t k = 0; k < d.n; k++) {
			char line[1024];
			diag_format(&d.items[k], line, sizeof line);
			fprintf(stderr, "%s\n", line);
		}
		return 1;
	}
	double *tv = malloc((size_t)runs * sizeof *tv), *te = malloc((size_t)runs * sizeof *te);
	size_t pairs = 0, people = 0;
	if (!tv || !te)
		return 1;
	for (int r = 0; r < runs; r++) {
		struct dataset ds;
		struct edges e;
		double t0 = now_ms();
		if (dataset_build(&ds, &s.prof, &s.tab[SIDE_MENTOR], &s.tab[SIDE_MENTEE], NULL) != 0)
			return 1;
		double t1 = now_ms();
		if (score_build_edges(&ds, &e) != 0)
			return 1;
		double t2 = now_ms();
		tv[r] = t1 - t0;
		te[r] = t2 - t1;
		pairs = e.start[e.nmentors];
		people = ds.side[SIDE_MENTOR].n;
		edges_free(&e);
		dataset_free(&ds);
	}
	printf("%-10zu %-28s %12zu %10.1f %10.1f\n", people, profile, pairs, median(tv, runs),
	       median(te, runs));
	free(tv);
	free(te);
	session_free(&s);
	diag_free(&d);
	return 0;
}
