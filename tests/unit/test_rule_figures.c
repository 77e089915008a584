/* rule_figures: one rule's effect on the pairs, on a hand-made case of 3
 * mentors and 3 mentees whose counts are worked out below by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/rule_figures.h"
#include "mentormatch/session.h"

static const char *write_temp(const char *text)
{
	static char paths[3][64];
	static int k;
	char *path = paths[k++ % 3];
	snprintf(path, 64, "/tmp/mm-figures-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Mentors: a (org X, topic T1, level 3), b (X, T2, 1), c (Y, T1, blank).
 * Mentees: d (X, T1, 1), e (Y, T2, 2), f (Y, T1, 2) -- "when" on topic.
 * Rules: 0 different org (require), 1 same topic +5, 2 level gap, band
 *   1.. = 2, otherwise forbid, applies only when the mentee's topic is T1.
 * Pairs (mentor, mentee): org differs for a-e a-f b-e b-f c-d: 5 allowed by
 *   rule 0, 4 forbidden by it (a-d b-d c-e c-f).
 * Rule 1 scores where topics agree: a-d a-f b-e c-d c-f = 5 pairs, +5.
 * Rule 2 applies to mentees d and f (T1); e is not applied for 3 mentors.
 *   a(3)-d(1): gap 2 -> +2; a-f: gap 1 -> +2; b(1)-d(1): 0 -> forbid;
 *   b-f: -1 -> forbid; c(blank)-d, c-f: missing -> forbid.
 *   forbids 4 (b-d b-f c-d c-f); only by it: b-f, c-d (b-d and c-f also
 *   fail rule 0) = 2; scores 2 (a-d, a-f), points 2..2; not applied 3.
 * Allowed by all: a-e a-f b-e = 3.  Mentors with none: c; mentees: d. */
static void test_hand_case(void **state)
{
	(void)state;
	const char *mentors = write_temp("email,org,topic,level\n"
		"a@x,X,T1,3\nb@x,X,T2,1\nc@x,Y,T1,\n");
	char mpath[64];
	snprintf(mpath, sizeof mpath, "%s", mentors);
	const char *mentees = write_temp("email,org,topic,level\n"
		"d@x,X,T1,1\ne@x,Y,T2,2\nf@x,Y,T1,2\n");
	char epath[64];
	snprintf(epath, sizeof epath, "%s", mentees);
	const char *prof = write_temp("[profile]\nformat = 1\n"
		"[field.email]\ntype = email\n[field.org]\ntype = category\n"
		"[field.topic]\ntype = category\n[field.level]\ntype = number\n"
		"[columns.mentors]\nemail = email\norg = org\ntopic = topic\nlevel = level\n"
		"[columns.mentees]\nemail = email\norg = org\ntopic = topic\nlevel = level\n"
		"[solve]\nmode = capacity\n"
		"[rule.other_org]\nkind = different\nfield = org\neffect = require\n"
		"[rule.topic]\nkind = same\nfield = topic\nweight = 5\n"
		"[rule.level]\nkind = gap\nfield = level\nband.1.. = 2\notherwise = forbid\n"
		"when = mentee.topic = T1\n");
	struct session s;
	struct diag d = {0};
	session_init(&s);
	assert_int_equal(session_load_profile(&s, prof, &d), 0);
	const char *files[SIDE_COUNT] = { mpath, epath };
	assert_int_equal(session_load_files(&s, files, &d), 0);
	assert_int_equal(session_prepare(&s, &d), 0);

	struct rule_figures f;
	assert_int_equal(rule_figures(&s.ds, 0, 100, &f), 0);
	assert_int_equal(f.pairs, 9);
	assert_int_equal(f.allowed, 3);
	assert_int_equal(f.forbids, 4);
	assert_int_equal(f.alone[SIDE_MENTOR], 1);
	assert_int_equal(f.alone[SIDE_MENTEE], 1);

	assert_int_equal(rule_figures(&s.ds, 1, 100, &f), 0);
	assert_int_equal(f.forbids, 0);
	assert_int_equal(f.scores, 5);
	assert_int_equal(f.min_points, 5);
	assert_int_equal(f.max_points, 5);

	assert_int_equal(rule_figures(&s.ds, 2, 100, &f), 0);
	assert_int_equal(f.forbids, 4);
	assert_int_equal(f.only_by, 2);
	assert_int_equal(f.scores, 2);
	assert_int_equal(f.min_points, 2);
	assert_int_equal(f.not_applied, 3);

	/* too many pairs to count: refused, with the count */
	assert_int_equal(rule_figures(&s.ds, 2, 8, &f), -1);
	assert_int_equal(f.pairs, 9);
	session_free(&s);
	diag_free(&d);
	unlink(mpath);
	unlink(epath);
	unlink(prof);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
