/* bench-bmatch.c - times bmatch_solve on real-looking or random instances.
 *
 *   bench-bmatch [--profile FILE] --mentors FILE --mentees FILE
 *                [--row-cap A] [--col-cap B] [--row-min C] [--runs R]
 *                [--objective quality|coverage|both]
 *                [--search auto|rows|columns|alternate]
 *   bench-bmatch --random NROWS NCOLS DENSITY [--values V] [--seed S] ...
 *
 * The first form loads the two files through the session API (profile
 * default config/civil-service.ini) and scores every pair, as the programme
 * does; make the files with gen-sample, e.g.
 *   build/tools/gen-sample --count 10000 --seed 1 --out /tmp/d10k
 *   build/tools/bench-bmatch --mentors /tmp/d10k/mentors.csv \
 *       --mentees /tmp/d10k/mentees.csv --row-cap 3 --col-cap 1
 * The second makes a random instance: each pair an edge with probability
 * DENSITY percent, weights 0 .. V-1 (default 30).
 * Every mentor gets capacity A (default 3), every mentee B (default 1);
 * with --row-min every mentor gets the minimum C (row_min; default none,
 * row_min NULL), and the total shortfall is printed.
 * For each objective it runs R solves (default 5) and prints the median wall
 * time, the phases (progress callbacks: searches each followed by a round
 * of augmentations), the result (checked for validity) and the peak memory
 * the solve added on top of the loaded edges (VmHWM after resetting it
 * through /proc/self/clear_refs; "?" where that is not available; with
 * glibc, blocks of 1 MiB and more are kept out of the heap so that every
 * solve's large blocks are returned on free and measured afresh).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mentormatch/bmatch.h"
#include "mentormatch/session.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A field of /proc/self/status in KiB, or -1. */
static long status_kib(const char *key)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t len = strlen(key);
	if (!fp)
		return -1;
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, key, len) == 0 && line[len] == ':') {
			v = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(fp);
	return v;
}

/* Resets VmHWM to the current RSS; 0 on success. */
static int reset_hwm(void)
{
	FILE *fp = fopen("/proc/self/clear_refs", "w");
	if (!fp)
		return -1;
	int bad = fputs("5", fp) == EOF;
	if (fclose(fp) != 0)
		bad = 1;
	return bad ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static unsigned long last_phase;

static void on_progress(void *arg, const struct bmatch_progress *p)
{
	(void)arg;
	last_phase = p->phase;
}

struct inst {
	size_t nrows, ncols;
	size_t *start;
	uint32_t *col;
	int32_t *weight;
};

static int load_session(const char *profile, const char *mentors,
			const char *mentees, struct inst *g)
{
	struct session s;
	struct diag d;
	session_init(&s);
	memset(&d, 0, sizeof d);
	int rc = -1;
	if (session_load_profile(&s, profile, &d) != 0 ||
	    session_load_file(&s, SIDE_MENTOR, mentors, &d) != 0 ||
	    session_load_file(&s, SIDE_MENTEE, mentees, &d) != 0 ||
	    session_prepare(&s, &d) != 0) {
		diag_print(&d, stderr);
		goto out;
	}
	/* Take the edges over and drop the rest of the session. */
	g->nrows = s.edges.nmentors;
	g->ncols = s.edges.nmentees;
	g->start = s.edges.start;
	g->col = s.edges.mentee;
	g->weight = s.edges.score;
	memset(&s.edges, 0, sizeof s.edges);
	rc = 0;
out:
	session_free(&s);
	diag_free(&d);
	return rc;
}

static int make_random(size_t nr, size_t nc, unsigned density, unsigned values,
		       struct inst *g)
{
	size_t cap = 1024, n = 0;
	g->nrows = nr;
	g->ncols = nc;
	g->start = malloc((nr + 1) * sizeof *g->start);
	g->col = malloc(cap * sizeof *g->col);
	g->weight = malloc(cap * sizeof *g->weight);
	if (!g->start || !g->col || !g->weight)
		return -1;
	for (size_t i = 0; i < nr; i++) {
		g->start[i] = n;
		for (size_t j = 0; j < nc; j++) {
			if (rng_next() % 100 >= density)
				continue;
			if (n == cap) {
				cap *= 2;
				uint32_t *c2 = realloc(g->col, cap * sizeof *c2);
				if (!c2)
					return -1;
				g->col = c2;
				int32_t *w2 = realloc(g->weight, cap * sizeof *w2);
				if (!w2)
					return -1;
				g->weight = w2;
			}
			g->col[n] = (uint32_t)j;
			g->weight[n] = (int32_t)(rng_next() % values);
			n++;
		}
	}
	g->start[nr] = n;
	return 0;
}

static void usage(void)
{
	fputs("usage: bench-bmatch [--profile FILE] --mentors FILE --mentees FILE\n"
	      "                    [--row-cap A] [--col-cap B] [--row-min C]\n"
	      "                    [--runs R]\n"
	      "                    [--objective quality|coverage|both]\n"
	      "                    [--search auto|rows|columns|alternate]\n"
	      "       bench-bmatch --random NROWS NCOLS DENSITY [--values V]\n"
	      "                    [--seed S] [same options]\n", stderr);
}

static int parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long x = strtoul(s, &end, 10);
	if (errno || *end || x > max)
		return -1;
	*v = x;
	return 0;
}

/* Runs one objective; returns 0 or -1. */
static int bench(const struct inst *g, const int32_t *rcap, const int32_t *ccap,
		 const int32_t *rmin, enum bmatch_objective obj,
		 enum bmatch_search search, unsigned long runs)
{
	size_t m = g->start[g->nrows];
	unsigned char *chosen = malloc(m ? m : 1);
	double *t = malloc(runs * sizeof *t);
	if (!chosen || !t) {
		free(chosen);
		free(t);
		return -1;
	}
	struct bmatch_problem pb = {
		.nrows = g->nrows, .ncols = g->ncols, .start = g->start,
		.col = g->col, .weight = g->weight, .row_cap = rcap,
		.col_cap = ccap, .objective = obj, .search = search,
		.progress = on_progress, .row_min = rmin,
	};
	memset(chosen, 0, m);   /* fault the pages in before measuring */
	long extra = -1;
	long n = 0;
	int64_t total = 0;
	for (unsigned long r = 0; r < runs; r++) {
		long before = reset_hwm() == 0 ? status_kib("VmRSS") : -1;
		double t0 = now_ms();
		n = bmatch_solve(&pb, chosen, &total, NULL);
		t[r] = now_ms() - t0;
		long hwm = status_kib("VmHWM");
		if (before >= 0 && hwm >= before && hwm - before > extra)
			extra = hwm - before;
		if (n < 0) {
			fprintf(stderr, "bench-bmatch: bmatch_solve failed: %ld\n", n);
			free(chosen);
			free(t);
			return -1;
		}
	}
	/* validity and coverage */
	unsigned *rc = calloc(g->nrows ? g->nrows : 1, sizeof *rc);
	unsigned *cc = calloc(g->ncols ? g->ncols : 1, sizeof *cc);
	long cnt = 0;
	int64_t sum = 0;
	size_t covered = 0;
	int ok = rc && cc;
	for (size_t i = 0; ok && i < g->nrows; i++)
		for (size_t e = g->start[i]; e < g->start[i + 1]; e++)
			if (chosen[e]) {
				rc[i]++;
				cc[g->col[e]]++;
				cnt++;
				sum += g->weight[e];
			}
	for (size_t i = 0; ok && i < g->nrows; i++)
		ok = rc[i] <= (unsigned)rcap[i];
	for (size_t j = 0; ok && j < g->ncols; j++) {
		ok = cc[j] <= (unsigned)ccap[j];
		covered += cc[j] > 0;
	}
	ok = ok && cnt == n && sum == total;
	int64_t shortfall = bmatch_shortfall(&pb, chosen, NULL);
	ok = ok && shortfall >= 0;
	qsort(t, runs, sizeof *t, cmp_double);
	double med = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
	printf("%-9s median %8.1f ms  (min %.1f, max %.1f, %lu runs)  phases %lu  "
	       "edges %ld  total %" PRId64 "  covered %zu  %s  ",
	       obj == BMATCH_QUALITY ? "quality" : "coverage", med, t[0],
	       t[runs - 1], runs, last_phase, n, total, covered,
	       ok ? "valid" : "INVALID");
	if (rmin)
		printf("short %" PRId64 "  ", shortfall);
	printf("+mem ");
	if (extra >= 0)
		printf("%.1f MiB\n", (double)extra / 1024.0);
	else
		printf("?\n");
	free(rc);
	free(cc);
	free(chosen);
	free(t);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *profile = "config/civil-service.ini";
	const char *mentors = NULL, *mentees = NULL;
	unsigned long rowcap = 3, colcap = 1, runs = 5, nr = 0, nc = 0;
	unsigned long rowmin = 0;
	int with_min = 0;
	unsigned long density = 0, values = 30, seed = 1;
	int random = 0, objs = 3;
	enum bmatch_search search = BMATCH_SEARCH_AUTO;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--profile") == 0 && v) {
			profile = v;
		} else if (strcmp(a, "--mentors") == 0 && v) {
			mentors = v;
		} else if (strcmp(a, "--mentees") == 0 && v) {
			mentees = v;
		} else if (strcmp(a, "--row-cap") == 0) {
			if (parse_num(v, INT32_MAX, &rowcap) < 0)
				goto bad;
		} else if (strcmp(a, "--col-cap") == 0) {
			if (parse_num(v, INT32_MAX, &colcap) < 0)
				goto bad;
		} else if (strcmp(a, "--row-min") == 0) {
			if (parse_num(v, INT32_MAX, &rowmin) < 0)
				goto bad;
			with_min = 1;
		} else if (strcmp(a, "--runs") == 0) {
			if (parse_num(v, 1000, &runs) < 0 || runs == 0)
				goto bad;
		} else if (strcmp(a, "--values") == 0) {
			if (parse_num(v, 1000000, &values) < 0 || values == 0)
				goto bad;
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_num(v, ULONG_MAX, &seed) < 0)
				goto bad;
		} else if (strcmp(a, "--objective") == 0 && v) {
			if (strcmp(v, "quality") == 0)
				objs = 1;
			else if (strcmp(v, "coverage") == 0)
				objs = 2;
			else if (strcmp(v, "both") == 0)
				objs = 3;
			else
				goto bad;
		} else if (strcmp(a, "--search") == 0 && v) {
			if (strcmp(v, "auto") == 0)
				search = BMATCH_SEARCH_AUTO;
			else if (strcmp(v, "rows") == 0)
				search = BMATCH_SEARCH_ROWS;
			else if (strcmp(v, "columns") == 0)
				search = BMATCH_SEARCH_COLUMNS;
			else if (strcmp(v, "alternate") == 0)
				search = BMATCH_SEARCH_ALTERNATE;
			else
				goto bad;
		} else if (strcmp(a, "--random") == 0 && i + 3 < argc) {
			if (parse_num(argv[i + 1], 100000000, &nr) < 0 ||
			    parse_num(argv[i + 2], 100000000, &nc) < 0 ||
			    parse_num(argv[i + 3], 100, &density) < 0)
				goto bad;
			random = 1;
			i += 2;
		} else {
			goto bad;
		}
		i++;
		continue;
bad:
		fprintf(stderr, "bench-bmatch: bad or incomplete argument: %s\n", a);
		usage();
		return 2;
	}
	if (!random && (!mentors || !mentees)) {
		usage();
		return 2;
	}

#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	struct inst g;
	memset(&g, 0, sizeof g);
	double t0 = now_ms();
	if (random) {
		rng_state = seed;
		if (make_random(nr, nc, (unsigned)density, (unsigned)values, &g) < 0) {
			fprintf(stderr, "bench-bmatch: out of memory\n");
			return 1;
		}
	} else if (load_session(profile, mentors, mentees, &g) < 0) {
		return 1;
	}
	double t1 = now_ms();
	int32_t *rcap = malloc((g.nrows ? g.nrows : 1) * sizeof *rcap);
	int32_t *ccap = malloc((g.ncols ? g.ncols : 1) * sizeof *ccap);
	int32_t *rmin = with_min ? malloc((g.nrows ? g.nrows : 1) * sizeof *rmin) : NULL;
	if (!rcap || !ccap || (with_min && !rmin)) {
		fprintf(stderr, "bench-bmatch: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < g.nrows; i++)
		rcap[i] = (int32_t)rowcap;
	for (size_t i = 0; with_min && i < g.nrows; i++)
		rmin[i] = (int32_t)rowmin;
	for (size_t j = 0; j < g.ncols; j++)
		ccap[j] = (int32_t)colcap;
	printf("%zu mentors (capacity %lu", g.nrows, rowcap);
	if (with_min)
		printf(", minimum %lu", rowmin);
	printf(") x %zu mentees (capacity %lu), %zu edges; built in %.0f ms\n",
	       g.ncols, colcap, g.start[g.nrows], t1 - t0);
	int rc = 0;
	if ((objs & 1) &&
	    bench(&g, rcap, ccap, rmin, BMATCH_QUALITY, search, runs) < 0)
		rc = 1;
	if ((objs & 2) &&
	    bench(&g, rcap, ccap, rmin, BMATCH_COVERAGE, search, runs) < 0)
		rc = 1;
	free(rcap);
	free(ccap);
	free(rmin);
	free(g.start);
	free(g.col);
	free(g.weight);
	return rc;
}
