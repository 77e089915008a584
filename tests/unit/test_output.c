/* The result files: contents read back, mode 0600, no overwrite without consent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/output.h"
#include "mentormatch/session.h"

static void load(struct session *s, struct diag *d)
{
	session_init(s);
	assert_int_equal(session_load_profile(s, "config/civil-service.ini", d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTOR, "tests/data/original-sample/small/mentors.csv", d), 0);
	assert_int_equal(session_load_file(s, SIDE_MENTEE, "tests/data/original-sample/small/mentees.csv", d), 0);
	assert_int_equal(session_match(s, d), 0);
}

static int find_col(const struct table *t, const char *h)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->headers[c], h))
			return (int)c;
	return -1;
}

static void rm_dir(const char *dir)
{
	char p[512];
	for (int i = 0; i < OUTPUT_NFILES; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, output_file_names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void test_files_written(void **state)
{
	struct session s;
	struct diag d = {0};
	char dir[] = "/tmp/mmtest-out-XXXXXX";
	char path[512];
	(void)state;

	load(&s, &d);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(output_count_existing(dir), 0);
	assert_int_equal(session_save(&s, dir, 0, &d), 0);
	assert_int_equal(output_count_existing(dir), 3);

	for (int i = 0; i < OUTPUT_NFILES; i++) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, output_file_names[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		/* the BOM appears once, at byte 0 */
		FILE *f = fopen(path, "rb");
		unsigned char b[4];
		assert_int_equal(fread(b, 1, 3, f), 3);
		assert_memory_equal(b, "\xEF\xBB\xBF", 3);
		assert_int_equal(fread(b, 1, 3, f), 3);
		assert_memory_not_equal(b, "\xEF\xBB\xBF", 3);
		fclose(f);
	}

	/* pairs.csv reads back: one row per pair, scores and emails match */
	struct table t;
	snprintf(path, sizeof path, "%s/pairs.csv", dir);
	assert_int_equal(table_load(&t, path, 0, &d), 0);
	assert_int_equal(t.nrows, s.res.npairs);
	int me = find_col(&t, "mentor email"), ee = find_col(&t, "mentee email");
	int rc = find_col(&t, "round"), sc = find_col(&t, "score");
	assert_true(me == 0 && ee >= 0 && rc >= 0 && sc >= 0);
	long total1 = 0;
	for (size_t q = 0; q < t.nrows; q++) {
		assert_string_equal(table_cell(&t, q, (size_t)me), dataset_identity(&s.ds, SIDE_MENTOR, s.res.pairs[q].mentor));
		assert_string_equal(table_cell(&t, q, (size_t)ee), dataset_identity(&s.ds, SIDE_MENTEE, s.res.pairs[q].mentee));
		if (atoi(table_cell(&t, q, (size_t)rc)) == 1)
			total1 += atol(table_cell(&t, q, (size_t)sc));
	}
	assert_int_equal(total1, 960);
	table_free(&t);

	/* mentees-list.csv: one row per mentee, number of matches, match N columns */
	snprintf(path, sizeof path, "%s/mentees-list.csv", dir);
	assert_int_equal(table_load(&t, path, 0, &d), 0);
	assert_int_equal(t.nrows, 50);
	int nm = find_col(&t, "number of matches");
	int m1 = find_col(&t, "match 1 email");
	assert_true(nm > 0 && m1 > nm);
	assert_true(find_col(&t, "match 1 first name") > nm);
	assert_true(find_col(&t, "match 3 email") > m1);
	for (size_t i = 0; i < t.nrows; i++) {
		unsigned n = (unsigned)atoi(table_cell(&t, i, (size_t)nm));
		assert_int_equal(n, s.res.count[SIDE_MENTEE][i]);
		assert_int_equal(*table_cell(&t, i, (size_t)m1) != '\0', n > 0);
	}
	table_free(&t);

	/* no overwrite without consent; with consent it works */
	assert_int_equal(session_save(&s, dir, 0, &d), -1);
	assert_true(diag_count(&d, DIAG_ERROR) > 0);
	assert_int_equal(session_save(&s, dir, 1, &d), 0);

	/* no temporary files left behind */
	char cmd[600];
	snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 3", dir);
	assert_int_equal(system(cmd), 0);

	rm_dir(dir);
	diag_free(&d);
	session_free(&s);
}

static void test_missing_folder(void **state)
{
	struct session s;
	struct diag d = {0};
	(void)state;
	load(&s, &d);
	diag_clear(&d);
	assert_int_equal(session_save(&s, "/nonexistent/folder", 0, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_non_null(strstr(d.items[0].file, "/nonexistent/folder"));
	diag_free(&d);
	session_free(&s);
}

/* A file that cannot be put in place (a folder of that name): an error
 * naming it, and no temporary file left behind. */
static void test_place_fails(void **state)
{
	struct session s;
	struct diag d = {0};
	char dir[] = "/tmp/mmtest-out-XXXXXX";
	char path[512];
	(void)state;
	load(&s, &d);
	diag_clear(&d);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/mentees-list.csv", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/mentees-list.csv/keep", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(session_save(&s, dir, 1, &d), -1);
	int named = 0;
	for (size_t i = 0; i < d.n; i++)
		if (d.items[i].level == DIAG_ERROR && d.items[i].file &&
		    strstr(d.items[i].file, "mentees-list.csv"))
			named = 1;
	assert_true(named);
	/* only the result files and the folder in the way: no temporary file */
	char cmd[600];
	snprintf(cmd, sizeof cmd, "ls -A %s | grep -c -v -x -e pairs.csv -e mentors-list.csv "
		 "-e mentees-list.csv", dir);
	FILE *ls = popen(cmd, "r");
	assert_non_null(ls);
	int extra = -1;
	assert_int_equal(fscanf(ls, "%d", &extra), 1);
	pclose(ls);
	assert_int_equal(extra, 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/mentees-list.csv", dir);
	rmdir(path);
	rm_dir(dir);
	diag_free(&d);
	session_free(&s);
}

/* pairs.csv names the people of a side without an identity column by their
 * line, and only that side: mentors by id, mentees (id not mapped) by id
 * (empty) and line. */
static void test_line_column_per_side(void **state)
{
	static const char *const text[3] = {
		"[profile]\nformat = 1\n[solve]\nmode = capacity\n"
		"[field.id]\ntype = id\n[field.name]\ntype = text\n[field.email]\ntype = email\n"
		"[columns.mentors]\nid = id\nname = name\nemail = email\n"
		"[columns.mentees]\nname = name\nemail = email\n",
		"id,name,email\nM1,Ann,ann@x\n",
		"name,email\n\nBob,bob@x\n" };
	char dir[] = "/tmp/mmtest-out-XXXXXX", in[3][128], path[512];
	struct session s;
	struct diag d = { 0 };
	struct table t;
	(void)state;
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		snprintf(in[i], sizeof in[i], "%s/in%d.%s", dir, i, i ? "csv" : "ini");
		FILE *f = fopen(in[i], "w");
		assert_non_null(f);
		assert_true(fputs(text[i], f) >= 0);
		assert_int_equal(fclose(f), 0);
	}
	session_init(&s);
	s.strict_columns = 1;
	assert_int_equal(session_load_profile(&s, in[0], &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTOR, in[1], &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTEE, in[2], &d), 0);
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(s.res.npairs, 1);
	assert_int_equal(session_save(&s, dir, 0, &d), 0);
	snprintf(path, sizeof path, "%s/pairs.csv", dir);
	assert_int_equal(table_load(&t, path, 0, &d), 0);
	assert_int_equal(t.ncols, 9);
	static const char *const want[9] = { "mentor id", "mentor email", "mentor name",
		"mentee id", "mentee line", "mentee email", "mentee name", "round", "score" };
	for (size_t c = 0; c < 9; c++)
		assert_string_equal(t.headers[c], want[c]);
	assert_int_equal(find_col(&t, "mentor line"), -1);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(table_cell(&t, 0, 0), "M1");
	assert_string_equal(table_cell(&t, 0, 4), "3");   /* Bob, after a blank line */
	table_free(&t);
	session_free(&s);
	diag_free(&d);
	for (int i = 0; i < 3; i++)
		unlink(in[i]);
	rm_dir(dir);
}

/* Whether files can be made in a folder: by making one and removing it. */
static void test_try_dir(void **state)
{
	char dir[] = "/tmp/mmtest-out-XXXXXX";
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(output_try_dir(dir), 0);
	assert_int_equal(rmdir(dir), 0);     /* left empty */
	assert_int_not_equal(output_try_dir("/proc"), 0);   /* root too */
	assert_int_not_equal(output_try_dir(dir), 0);       /* gone */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_written),
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_place_fails),
		cmocka_unit_test(test_line_column_per_side),
		cmocka_unit_test(test_try_dir),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
