/* Who is who (dataset_links.c and its users): history files when a side has
 * no identity column or the file's columns name nobody, history and pins
 * files that name people by email under a profile that tells them apart by
 * an id, and the rule for one person on both sides (ids that two separate
 * forms number 1, 2, 3 ... are not the same people). Every expectation is
 * worked out by hand from the small files below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/dataset.h"
#include "mentormatch/report.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"

static void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char buf[1024];
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* How many messages of level have all the given pieces of text. */
static size_t count_diag(const struct diag *d, enum diag_level level, const char *a,
			 const char *b)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->items[i].level == level && strstr(d->items[i].msg, a) &&
			(!b || strstr(d->items[i].msg, b));
	return n;
}

static const struct diag_item *find_diag(const struct diag *d, enum diag_level level,
					 const char *a, const char *b)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level && strstr(d->items[i].msg, a) &&
		    (!b || strstr(d->items[i].msg, b)))
			return &d->items[i];
	return NULL;
}

/* A temporary folder with files, removed by tmp_close. */
struct tmp {
	char dir[64];
	char path[8][160];
	size_t n;
};

static const char *tmp_file(struct tmp *t, const char *name, const char *text)
{
	assert_true(t->n < 8);
	char *p = t->path[t->n++], full[160];
	snprintf(full, sizeof full, "%s/%s", t->dir, name);
	memcpy(p, full, sizeof full);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	return p;
}

static void tmp_open(struct tmp *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/mmtest-identity-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tmp_close(struct tmp *t)
{
	for (size_t i = 0; i < t->n; i++)
		unlink(t->path[i]);
	rmdir(t->dir);
}

/* A session on a profile and two files (strict columns, as batch mode). */
static void open_session(struct session *s, struct tmp *t, struct diag *d, const char *profile,
			 const char *mentors, const char *mentees)
{
	const char *pp = tmp_file(t, "p.ini", profile);
	const char *mp = tmp_file(t, "m.csv", mentors);
	const char *ep = tmp_file(t, "e.csv", mentees);
	session_init(s);
	s->strict_columns = 1;
	if (session_load_profile(s, pp, d) != 0 || session_load_file(s, SIDE_MENTOR, mp, d) != 0 ||
	    session_load_file(s, SIDE_MENTEE, ep, d) != 0) {
		print_diag(d);
		fail();
	}
}

/* ---- history when a side has no identity column (#2, #9) ---------------------------- */

#define ID_PROFILE_HEAD \
	"[profile]\nformat = 1\n" \
	"[field.id]\ntype = id\n[field.name]\ntype = text\n[field.email]\ntype = email\n" \
	"[field.org]\ntype = category\n"
#define ID_RULES "[rule.org]\nkind = same\nfield = org\nweight = 5\n"

static const char id_mentors[] = "mentor_id,name,email,org\n"
	"M1,Ann Ash,ann@x.org,A\nM2,Bob Birch,bob@x.org,A\n";
static const char id_mentees[] = "mentee_id,name,email,org\n"
	"T1,Cat Cole,cat@x.org,A\nT2,Dan Dale,dan@x.org,A\n";

/* The mentees' id is not mapped: a history file cannot name anyone.  Adding
 * it is refused at once, with the side, the field and where to map it, and
 * nothing is added; the same when the mapping is dropped after the file was
 * added: said once for two files, at the next preparation. */
static void test_history_without_identity(void **state)
{
	static const char profile[] = ID_PROFILE_HEAD
		"[columns.mentors]\nid = mentor_id\nname = name\nemail = email\norg = org\n"
		"[columns.mentees]\nname = name\nemail = email\norg = org\n" ID_RULES;
	static const char hist[] = "mentor id,mentee id\nM1,T1\n";
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	(void)state;
	tmp_open(&t);
	open_session(&s, &t, &d, profile, id_mentors, id_mentees);
	const char *hp = tmp_file(&t, "h.csv", hist);
	assert_int_equal(session_load_history(&s, hp, &d), -1);
	assert_int_equal(s.nhist, 0);
	const struct diag_item *it = find_diag(&d, DIAG_ERROR, "the mentees have no column mapped "
					       "to the field id (which tells people apart), so this "
					       "history file cannot be matched to the people signed "
					       "up now; map id on the Columns step (2) or in "
					       "[columns.mentees] of the profile", NULL);
	if (!it)
		print_diag(&d);
	assert_non_null(it);
	assert_string_equal(it->file, hp);
	/* not the old, wrong "rows name a mentor or mentee who is not signed up" */
	assert_int_equal(count_diag(&d, DIAG_NOTE, "not signed up now", NULL), 0);
	session_free(&s);
	diag_free(&d);

	/* mapped when the files are added; the mapping dropped afterwards */
	static const char mapped[] = ID_PROFILE_HEAD
		"[columns.mentors]\nid = mentor_id\nname = name\nemail = email\norg = org\n"
		"[columns.mentees]\nid = mentee_id\nname = name\nemail = email\norg = org\n" ID_RULES;
	tmp_close(&t);
	tmp_open(&t);
	open_session(&s, &t, &d, mapped, id_mentors, id_mentees);
	hp = tmp_file(&t, "h.csv", hist);
	assert_int_equal(session_load_history(&s, hp, &d), 0);
	assert_int_equal(session_load_history(&s, hp, &d), 0);
	assert_int_equal(s.nhist, 2);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(s.ds.nhist, 2);             /* M1 with T1, from each file */
	assert_int_equal(session_edit_begin(&s), 0);
	assert_int_equal(profile_set_column(&s.prof, SIDE_MENTEE, 0, NULL), 0);
	session_edit_done(&s, PCHANGE_DATA);
	diag_free(&d);
	assert_int_equal(session_prepare(&s, &d), -1);
	assert_int_equal(count_diag(&d, DIAG_ERROR, "the mentees have no column mapped to the "
				    "field id", "these 2 history files cannot be matched"), 1);
	assert_int_equal(d.n, count_diag(&d, DIAG_ERROR, "", NULL) +
			 count_diag(&d, DIAG_WARNING, "", NULL) + count_diag(&d, DIAG_NOTE, "", NULL));
	assert_int_equal(count_diag(&d, DIAG_NOTE, "not signed up now", NULL), 0);
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);
}

/* A history file without the identity columns is refused when added (it
 * used to be taken, and refused only at the match). */
static void test_history_columns_checked_when_added(void **state)
{
	static const char profile[] = ID_PROFILE_HEAD
		"[columns.mentors]\nid = mentor_id\nname = name\nemail = email\norg = org\n"
		"[columns.mentees]\nid = mentee_id\nname = name\nemail = email\norg = org\n" ID_RULES;
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	(void)state;
	tmp_open(&t);
	open_session(&s, &t, &d, profile, id_mentors, id_mentees);
	/* the mentors file itself given as history: its mentor_id column is
	 * the "mentor id" of a pairs file (headers match without punctuation),
	 * but there is no mentee id */
	assert_int_equal(session_load_history(&s, t.path[1], &d), -1);
	assert_int_equal(s.nhist, 0);
	assert_null(find_diag(&d, DIAG_ERROR, "no column \"mentor id\" in this history file",
			      NULL));
	assert_non_null(find_diag(&d, DIAG_ERROR, "no column \"mentee id\" in this history file",
				  NULL));
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);
}

/* Under an id profile, a history file of pairs named by email (an earlier
 * match under a profile without ids: columns "mentor email", "mentee
 * email") names the same people; a file whose id column holds something
 * else (names) names nobody, and says what it holds beside the ids. */
static void test_history_by_email_and_unfit(void **state)
{
	static const char profile[] = ID_PROFILE_HEAD
		"[columns.mentors]\nid = mentor_id\nname = name\nemail = email\norg = org\n"
		"[columns.mentees]\nid = mentee_id\nname = name\nemail = email\norg = org\n" ID_RULES;
	static const char by_email[] = "mentor email,mentee email\nANN@x.org,dan@x.org\n";
	static const char names[] = "mentor id,mentee id\nAnn Ash,Dan Dale\nBob Birch,Cat Cole\n";
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	long sc;
	(void)state;
	tmp_open(&t);
	open_session(&s, &t, &d, profile, id_mentors, id_mentees);
	assert_int_equal(session_load_history(&s, tmp_file(&t, "h1.csv", by_email), &d), 0);
	assert_int_equal(session_prepare(&s, &d), 0);
	/* Ann (M1) with Dan (T2): paired before, not allowed; the others +5 */
	assert_int_equal(s.ds.nhist, 1);
	assert_int_equal(score_pair(&s.ds, 0, 1, &sc, NULL, NULL), 0);
	assert_int_equal(score_pair(&s.ds, 0, 0, &sc, NULL, NULL), 1);
	assert_int_equal(sc, 5);
	assert_int_equal(count_diag(&d, DIAG_NOTE, "not signed up now", NULL), 0);

	session_clear_history(&s);
	diag_free(&d);
	const char *hp = tmp_file(&t, "h2.csv", names);
	assert_int_equal(session_load_history(&s, hp, &d), 0);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(s.ds.nhist, 0);
	const struct diag_item *it = find_diag(&d, DIAG_WARNING, "none of the 2 rows names one of "
					       "the mentors signed up now: its column \"mentor id\" "
					       "holds values such as \"Ann Ash\", and the mentors are "
					       "told apart by the field id (such as \"M1\")", NULL);
	if (!it)
		print_diag(&d);
	assert_non_null(it);
	assert_string_equal(it->file, hp);
	assert_int_equal(it->line, 2);
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);
}

/* ---- one person on both sides (#3) ------------------------------------------------ */

#define SAME_HEAD \
	"[profile]\nformat = 1\n" \
	"[field.id]\ntype = id\n[field.name]\ntype = text\n[field.email]\ntype = email\n" \
	"[columns.mentors]\nid = id\nname = name\nemail = email\n" \
	"[columns.mentees]\nid = id\nname = name\nemail = email\n"

/* Whether each (mentor, mentee) pair is one person, row by row. */
static void assert_same(const struct session *s, const char *want)
{
	size_t nm = s->ds.side[SIDE_MENTOR].n, ne = s->ds.side[SIDE_MENTEE].n;
	assert_int_equal(strlen(want), nm * ne);
	for (size_t i = 0; i < nm; i++)
		for (size_t j = 0; j < ne; j++) {
			long sc;
			int same = dataset_same_person(&s->ds, i, j);
			if (same != (want[i * ne + j] == '1'))
				print_message("mentor %zu, mentee %zu: %d\n", i, j, same);
			assert_int_equal(same, want[i * ne + j] == '1');
			/* and the score says so */
			assert_int_equal(score_pair(&s->ds, i, j, &sc, NULL, NULL), !same);
		}
}

/* Ids 1 to 3 from two separate forms, with other emails: no one is on both
 * sides (every pair allowed; the pins of 1 with 1 taken), one warning
 * naming the ids; 3 ids of which 2 have the same emails: those two are one
 * person each, the third two people, with a warning to check it. */
static void test_same_person_by_id_and_email(void **state)
{
	static const char m[] = "id,name,email\n1,Ann,ann@x\n2,Bob,bob@x\n3,Cal,cal@x\n";
	static const char e_other[] = "id,name,email\n1,Fay,fay@x\n2,Gus,gus@x\n3,Hal,hal@x\n";
	static const char e_mixed[] = "id,name,email\n1,Ann,ANN@x\n2,Bob,bob@x\n3,Hal,hal@x\n";
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	struct import_report r;
	(void)state;

	tmp_open(&t);
	open_session(&s, &t, &d, SAME_HEAD, m, e_other);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(s.ds.nsame, 0);
	assert_same(&s, "000000000");
	assert_int_equal(s.edges.start[s.edges.nmentors], 9);
	const struct diag_item *it = find_diag(&d, DIAG_WARNING, "3 ids on both sides belong to "
					       "people with different emails (id 1 is Ann (mentors "
					       "line 2) and Fay (mentees line 2); id 2 is Bob (mentors "
					       "line 3) and Gus (mentees line 3); id 3 is Cal (mentors "
					       "line 4) and Hal (mentees line 4)): the ids look like "
					       "numbers each form gave its own rows, so they are not "
					       "used to find people on both sides", NULL);
	if (!it)
		print_diag(&d);
	assert_non_null(it);
	assert_string_equal(it->file, t.path[2]);
	assert_int_equal(it->line, 2);
	assert_int_equal(count_diag(&d, DIAG_WARNING, "on both sides belong", NULL), 1);
	assert_int_equal(count_diag(&d, DIAG_NOTE, "is both a mentor", NULL), 0);
	assert_int_equal(report_build(&s, &r), 0);
	assert_int_equal(r.nboth, 0);
	report_free(&r);
	/* Ann (mentor 1) may be pinned with Fay (mentee 1) */
	assert_int_equal(session_set_pin(&s, 0, 0, PIN_PIN), 0);
	assert_int_equal(session_match(&s, &d), 0);
	assert_int_equal(s.res.nissues, 0);
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);

	tmp_open(&t);
	open_session(&s, &t, &d, SAME_HEAD, m, e_mixed);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_int_equal(s.ds.nsame, 2);
	assert_same(&s, "100" "010" "000");
	assert_non_null(find_diag(&d, DIAG_WARNING, "1 id on both sides belongs to people with "
				  "different emails (id 3 is Cal (mentors line 4) and Hal (mentees "
				  "line 4)); they are taken as different people (check the ids)", NULL));
	assert_non_null(find_diag(&d, DIAG_NOTE, "Ann (id 1) is both a mentor", NULL));
	assert_non_null(find_diag(&d, DIAG_NOTE, "Bob (id 2) is both a mentor", NULL));
	assert_int_equal(report_build(&s, &r), 0);
	assert_int_equal(r.nboth, 2);
	assert_string_equal(r.both[0].name, "Ann");
	assert_int_equal(r.both[0].line[SIDE_MENTEE], 2);
	assert_string_equal(r.both[1].name, "Bob");
	report_free(&r);
	/* one person: a pin of Ann with herself is refused */
	assert_int_equal(session_set_pin(&s, 0, 0, PIN_PIN), -3);
	assert_int_equal(session_set_pin(&s, 2, 2, PIN_PIN), 0);
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);
}

/* Rows without an email: the names are compared instead; with neither, the
 * id alone says it, unless the ids are per-form numbers (then only rows
 * that agree on an email or a name are one person). */
static void test_same_person_names_and_unknown(void **state)
{
	/* ids 1-4: 1 emails agree, 2 names agree (an email blank), 3 names
	 * differ (emails blank), 4 nothing to compare: 2 agree, 1 differs, so
	 * the ids count and 4 is one person too */
	static const char m1[] = "id,name,email\n1,Ann,ann@x\n2,Bob,\n3,Cal,\n4,,\n";
	static const char e1[] = "id,name,email\n1,Ann B,ann@x\n2, bob ,b@x\n3,Hal,\n4,Ivy,i@x\n";
	/* ids 1-3: 1 emails differ, 2 names differ, 3 nothing: 0 agree, 2
	 * differ: per-form numbers, and 3 is not one person either */
	static const char m2[] = "id,name,email\n1,Ann,ann@x\n2,Bob,\n3,,\n";
	static const char e2[] = "id,name,email\n1,Fay,fay@x\n2,Gus,\n3,Hal,\n";
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	(void)state;

	tmp_open(&t);
	open_session(&s, &t, &d, SAME_HEAD, m1, e1);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_same(&s, "1000" "0100" "0000" "0001");
	assert_non_null(find_diag(&d, DIAG_WARNING, "1 id on both sides belongs to people with "
				  "different names (id 3 is Cal (mentors line 4) and Hal (mentees "
				  "line 4)); they are taken as different people", NULL));
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);

	tmp_open(&t);
	open_session(&s, &t, &d, SAME_HEAD, m2, e2);
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_same(&s, "000" "000" "000");
	assert_non_null(find_diag(&d, DIAG_WARNING, "2 ids on both sides belong to people with "
				  "different emails or names (id 1 is Ann (mentors line 2) and Fay "
				  "(mentees line 2); id 2 is Bob (mentors line 3) and Gus (mentees "
				  "line 3)): the ids look like numbers", NULL));
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);

	/* an email identity: the same email is one person, whatever the names */
	static const char eh[] = "[profile]\nformat = 1\n"
		"[field.name]\ntype = text\n[field.email]\ntype = email\n"
		"[columns.mentors]\nname = name\nemail = email\n"
		"[columns.mentees]\nname = name\nemail = email\n";
	tmp_open(&t);
	open_session(&s, &t, &d, eh, "name,email\nAnn,ann@x\nBob,bob@x\n",
		     "name,email\nAnnie,ANN@x\nGus,gus@x\n");
	assert_int_equal(session_prepare(&s, &d), 0);
	assert_same(&s, "10" "00");
	assert_int_equal(count_diag(&d, DIAG_WARNING, "on both sides belong", NULL), 0);
	assert_non_null(find_diag(&d, DIAG_NOTE, "ann@x is both a mentor", NULL));
	session_free(&s);
	diag_free(&d);
	tmp_close(&t);
}

/* ---- pins named by email under an id profile (#4) ------------------------------------ */

/* A pins file with the columns mentor email and mentee email, under a
 * profile that tells people apart by id: each email of one person is read
 * as their id (loaded before or after the files), so the pin and the ban
 * apply, the candidates see them, and pins.csv is saved by id; an email of
 * two mentors says which field to use instead, and that pin is ignored. */
static void test_pins_by_email(void **state)
{
	static const char profile[] = ID_PROFILE_HEAD
		"[columns.mentors]\nid = mentor_id\nname = name\nemail = email\norg = org\n"
		"[columns.mentees]\nid = mentee_id\nname = name\nemail = email\norg = org\n" ID_RULES
		"[solve]\nmode = capacity\n";
	static const char mentors[] = "mentor_id,name,email,org\n"
		"M1,Ann Ash,ann@x.org,A\nM2,Bob Birch,bob@x.org,A\n"
		"M3,Eve Elm,shared@x.org,A\nM4,Fox Fir,shared@x.org,A\n";
	static const char pins[] = "mentor email,mentee email,action\n"
		"ann@x.org,DAN@x.org,pin\n"         /* M1 with T2 */
		"BOB@x.org,T1,ban\n"                /* M2 with T1 (an id is fine too) */
		"shared@x.org,cat@x.org,pin\n";     /* M3 or M4? */
	struct tmp t;
	struct session s;
	struct diag d = { 0 };
	char buf[512];
	(void)state;

	for (int after = 0; after < 2; after++) {
		tmp_open(&t);
		const char *pp = tmp_file(&t, "pins.csv", pins);
		session_init(&s);
		s.strict_columns = 1;
		if (!after)
			assert_int_equal(session_load_pins(&s, pp, &d), 0);
		assert_int_equal(session_load_profile(&s, tmp_file(&t, "p.ini", profile), &d), 0);
		assert_int_equal(session_load_file(&s, SIDE_MENTOR, tmp_file(&t, "m.csv", mentors), &d), 0);
		assert_int_equal(session_load_file(&s, SIDE_MENTEE, tmp_file(&t, "e.csv", id_mentees), &d), 0);
		assert_int_equal(session_prepare(&s, &d), 0);
		if (after)
			assert_int_equal(session_load_pins(&s, pp, &d), 0);
		assert_int_equal(s.pins.n, 3);
		assert_string_equal(s.pins.items[0].mentor_email, "M1");
		assert_string_equal(s.pins.items[0].mentee_email, "T2");
		assert_int_equal(s.pins.items[0].line, 2);
		assert_string_equal(s.pins.items[1].mentor_email, "M2");
		assert_string_equal(s.pins.items[1].mentee_email, "T1");
		assert_string_equal(s.pins.items[2].mentor_email, "shared@x.org");
		assert_string_equal(s.pins.items[2].mentee_email, "T1");
		assert_non_null(find_diag(&d, DIAG_NOTE, "the pins name 4 people by email: read as "
					  "their id", NULL));
		const struct diag_item *it = find_diag(&d, DIAG_WARNING, "the mentor email shared@x.org "
						       "belongs to several mentors, so it cannot say "
						       "which one; this profile names people by mentor "
						       "id: write that instead", NULL);
		assert_non_null(it);
		assert_int_equal(it->line, 4);
		assert_int_equal(session_pin_of(&s, 0, 1), PIN_PIN);
		assert_int_equal(session_pin_of(&s, 1, 0), PIN_BAN);
		assert_int_equal(session_match(&s, &d), 0);
		/* Ann with Dan pinned; Bob never with Cat */
		int pinned = 0, banned = 0;
		for (size_t q = 0; q < s.res.npairs; q++) {
			pinned += s.res.pairs[q].mentor == 0 && s.res.pairs[q].mentee == 1 &&
				s.res.pairs[q].pinned;
			banned += s.res.pairs[q].mentor == 1 && s.res.pairs[q].mentee == 0;
		}
		assert_int_equal(pinned, 1);
		assert_int_equal(banned, 0);
		/* the pin of shared@x.org: one issue, unknown, in the profile's words */
		assert_int_equal(s.res.nissues, 1);
		assert_int_equal(s.res.issues[0].kind, PIN_ISSUE_UNKNOWN_PERSON);
		session_describe_pin_issue(&s, &s.res.issues[0], buf, sizeof buf);
		assert_string_equal(buf, "pin of shared@x.org with T1: the mentor is not among the "
				    "mentors; ignored (check the id or the email, or load the file "
				    "with that person)");
		/* saved by id */
		char out[200];
		snprintf(out, sizeof out, "%s/saved.csv", t.dir);
		assert_int_equal(session_save_pins(&s, out, &d), 0);
		FILE *f = fopen(out, "r");
		char text[512] = "";
		assert_non_null(f);
		size_t got = fread(text, 1, sizeof text - 1, f);
		text[got] = '\0';
		fclose(f);
		unlink(out);
		assert_string_equal(text, "\xEF\xBB\xBF" "\"mentor id\",\"mentee id\",\"action\"\r\n"
				    "\"M1\",\"T2\",\"pin\"\r\n\"M2\",\"T1\",\"ban\"\r\n"
				    "\"shared@x.org\",\"T1\",\"pin\"\r\n");
		session_free(&s);
		diag_free(&d);
		tmp_close(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_without_identity),
		cmocka_unit_test(test_history_columns_checked_when_added),
		cmocka_unit_test(test_history_by_email_and_unfit),
		cmocka_unit_test(test_same_person_by_id_and_email),
		cmocka_unit_test(test_same_person_names_and_unknown),
		cmocka_unit_test(test_pins_by_email),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
