/* Messages of the session about what a file could feed: the note about
 * fields the profile leaves unmapped names the side and the fields (with a
 * sign-up sheet both sides' notes name the one file, so without the side
 * the two read the same). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/session.h"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[1024];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

static size_t count_msg(const struct diag *d, const char *text)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += strstr(d->items[i].msg, text) != NULL;
	return n;
}

/* tests/data/signups/signups.ini without job_title on the mentees' side and
 * without profession on either: the sheet has both columns. */
static void test_unmapped_note_names_side_and_fields(void **state)
{
	char path[] = "/tmp/mmtest-messages-XXXXXX";
	FILE *in = fopen("tests/data/signups/signups.ini", "r"), *out;
	char line[512];
	int fd, side = -1;
	struct session s;
	struct diag d = { 0 };
	(void)state;
	assert_non_null(in);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(out = fdopen(fd, "w"));
	while (fgets(line, sizeof line, in)) {
		if (!strncmp(line, "[columns.mentors]", 17))
			side = SIDE_MENTOR;
		else if (!strncmp(line, "[columns.mentees]", 17))
			side = SIDE_MENTEE;
		else if (line[0] == '[')
			side = -1;
		if (side >= 0 && !strncmp(line, "profession =", 12))
			continue;
		if (side == SIDE_MENTEE && !strncmp(line, "job_title =", 11))
			continue;
		fputs(line, out);
	}
	fclose(in);
	assert_int_equal(fclose(out), 0);

	session_init(&s);
	if (session_load_profile(&s, path, &d) != 0 ||
	    session_load_signups(&s, "tests/data/signups/signups.csv", &d) != 0) {
		print_diag(&d);
		fail();
	}
	unlink(path);
	/* (the mentors' identity field is a guess of mapping_suggest's) */
	if (count_msg(&d, "the profile leaves 2 fields of the mentors unmapped that columns of "
		      "this file could feed: profession (\"Profession\"), identity (\"Match on "
		      "identity?\"); the Columns step suggests them (key a maps them)") != 1 ||
	    count_msg(&d, "the profile leaves 2 fields of the mentees unmapped that columns of "
		      "this file could feed: job_title (\"Job title\"), profession "
		      "(\"Profession\"); the Columns step suggests them (key a maps them)") != 1) {
		print_diag(&d);
		fail();
	}
	assert_int_equal(count_msg(&d, "unmapped that"), 2);
	session_free(&s);
	diag_free(&d);

	/* one field */
	char dir[] = "/tmp/mmtest-messages-XXXXXX", p[2][128];
	static const char *const text[2] = {
		"[profile]\nformat = 1\n[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[columns.mentors]\nemail = email\norg = org\n[columns.mentees]\nemail = email\n",
		"email,org\na@x,A\n" };
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 2; i++) {
		snprintf(p[i], sizeof p[i], "%s/%d.%s", dir, i, i ? "csv" : "ini");
		FILE *f = fopen(p[i], "w");
		assert_non_null(f);
		assert_true(fputs(text[i], f) >= 0);
		assert_int_equal(fclose(f), 0);
	}
	session_init(&s);
	assert_int_equal(session_load_profile(&s, p[0], &d), 0);
	assert_int_equal(session_load_file(&s, SIDE_MENTEE, p[1], &d), 0);
	if (count_msg(&d, "the profile leaves 1 field of the mentees unmapped that a column of "
		      "this file could feed: org (\"org\"); the Columns step suggests it (key a "
		      "maps it)") != 1) {
		print_diag(&d);
		fail();
	}
	session_free(&s);
	diag_free(&d);
	for (int i = 0; i < 2; i++)
		unlink(p[i]);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unmapped_note_names_side_and_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
