/* Replays every input in tests/data/fuzz-regressions/ through the code of the
 * libFuzzer harnesses (tests/fuzz/fuzz_csv.c for *.csv, tests/fuzz/
 * fuzz_profile.c for *.ini), with all their invariant checks, so that what
 * fuzzing found (and a few hand-made hard cases) stays fixed in `make test`.
 * Each file is one test, named after it.  To add one: minimise the crash
 * (build-fuzz/fuzz_NAME -minimize_crash=1 -runs=5000 -artifact_prefix=DIR/
 * crash-..., then check that the smallest result fails the same way) and
 * copy it here with a name saying what it is and the right extension.
 * Some failures (UBSan's null pointer arithmetic) show only under clang's
 * sanitizers: `make fuzz` seeds its corpus with these files too. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_REGRESSION_TEST 1
#include "../fuzz/fuzz_csv.c"
#include "../fuzz/fuzz_profile.c"

#define REGRESSIONS "tests/data/fuzz-regressions"

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 4096);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

/* state: the file's path. */
static void replay(void **state)
{
	const char *path = *state;
	size_t len = 0;
	char *data = read_whole(path, &len);

	assert_non_null(data);
	if (has_suffix(path, ".csv"))
		fuzz_csv_one((const uint8_t *)data, len);
	else
		fuzz_profile_one((const uint8_t *)data, len);
	free(data);
}

static int load_profile(void **state)
{
	(void)state;
	fuzz_csv_init();
	return 0;
}

static int free_profile(void **state)
{
	(void)state;
	profile_free(&csv_base);
	csv_base_loaded = 0;
	prof_tmp_remove();
	return 0;
}

static int wanted(const struct dirent *e)
{
	return e->d_name[0] != '.' && (has_suffix(e->d_name, ".csv") || has_suffix(e->d_name, ".ini"));
}

int main(void)
{
	struct dirent **names = NULL;
	struct CMUnitTest *tests;
	char **paths;
	size_t ncsv = 0, nini = 0;
	int n = scandir(REGRESSIONS, &names, wanted, alphasort), rc;

	if (n < 0) {
		fprintf(stderr, "test_fuzz_regressions: cannot read %s (run from the top of "
			"the repository)\n", REGRESSIONS);
		return 1;
	}
	tests = calloc((size_t)n + 1, sizeof *tests);
	paths = calloc((size_t)n + 1, sizeof *paths);
	if (!tests || !paths)
		return 1;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(REGRESSIONS) + strlen(names[i]->d_name) + 2;
		paths[i] = malloc(len);
		if (!paths[i])
			return 1;
		snprintf(paths[i], len, "%s/%s", REGRESSIONS, names[i]->d_name);
		tests[i].name = paths[i] + strlen(REGRESSIONS) + 1;
		tests[i].test_func = replay;
		tests[i].initial_state = paths[i];
		if (has_suffix(paths[i], ".csv"))
			ncsv++;
		else
			nini++;
		free(names[i]);
	}
	free(names);
	if (ncsv == 0 || nini == 0) {
		fprintf(stderr, "test_fuzz_regressions: %s has %zu .csv and %zu .ini files; "
			"expected some of each\n", REGRESSIONS, ncsv, nini);
		rc = 1;
	} else {
		rc = _cmocka_run_group_tests("fuzz_regressions", tests, (size_t)n,
					     load_profile, free_profile);
	}
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return rc;
}
