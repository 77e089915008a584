/* Scoring rules, explanations and the allowed-pair list on small inline data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/dataset.h"
#include "mentormatch/rank.h"
#include "mentormatch/score.h"

static const char *const profile_text =
	"[profile]\nformat = 1\nname = test\n"
	"[solve]\nrounds = 2\nunmatched_bonus = 5\n"
	"[field.first_name]\nlabel = first name\ntype = text\n"
	"[field.email]\nlabel = email\ntype = email\n"
	"[field.grade]\nlabel = grade\ntype = ordinal\nscale = low | mid | high | top\n"
	"[field.org]\nlabel = organisation\ntype = category\n"
	"[field.prof]\nlabel = profession\ntype = category\n"
	"[field.traits]\nlabel = characteristics\ntype = multi\nseparator = \", \"\n"
	"[field.identity]\nlabel = identity\ntype = category\n"
	"[columns.mentors]\nfirst_name = name\nemail = email\ngrade = grade\norg = org\nprof = prof\ntraits = traits\n"
	"[columns.mentees]\nfirst_name = name\nemail = email\ngrade = grade\norg = org\nprof = prof\nidentity = identity\n"
	"[rule.same_org]\nlabel = same organisation\nkind = same\nfield = org\neffect = forbid\n"
	"[rule.gap]\nlabel = grade gap\nkind = gap\nfield = grade\nband.1 = 9\nband.2 = 12\notherwise = forbid\n"
	"[rule.prof]\nlabel = same profession\nkind = same\nfield = prof\neffect = score\nweight = 10\n"
	"[rule.identity]\nlabel = shared identity\nkind = contains\nmentor_field = traits\nmentee_field = identity\nweight = 6\n"
	"[output]\nfields = first_name | email\n";

static const char *const mentors_csv =
	"name,email,grade,org,prof,traits\n"
	"Ann,ann@example.org,high,A,Policy,\"Gay, Disabled\"\n"   /* 0 */
	"Ben,ben@example.org,top,B,HR,\n"                          /* 1 */
	"Pat,Pat@Example.org,mid,C,policy ,Carer\n"                /* 2: also a mentee */
	"Zed,zed@example.org,Top Grade,D,HR,\n";                   /* 3: grade not on scale */

static const char *const mentees_csv =
	"name,email,grade,org,prof,identity\n"
	"Cat,cat@example.org,low,B,Policy,disabled\n"  /* 0 */
	"Dan,dan@example.org,mid,A,HR,\n"              /* 1 */
	"Pat,pat@example.org,low,D,Policy,carer\n";    /* 2: same person as mentor 2 */

struct fixture {
	struct profile p;
	struct table m, e;
	struct dataset ds;
	struct diag d;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(profile_load_string(&f->p, "test.ini", profile_text, &f->d), 0);
	assert_int_equal(table_load_mem(&f->m, "mentors.csv", mentors_csv, strlen(mentors_csv), 0, &f->d), 0);
	assert_int_equal(table_load_mem(&f->e, "mentees.csv", mentees_csv, strlen(mentees_csv), 0, &f->d), 0);
	assert_int_equal(dataset_build(&f->ds, &f->p, &f->m, &f->e, &f->d), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	dataset_free(&f->ds);
	table_free(&f->m);
	table_free(&f->e);
	profile_free(&f->p);
	diag_free(&f->d);
	free(f);
	return 0;
}

static long score_of(const struct fixture *f, size_t i, size_t j, int *allowed)
{
	long s;
	*allowed = score_pair(&f->ds, i, j, &s, NULL, NULL);
	return s;
}

static void test_rules(void **state)
{
	struct fixture *f = *state;
	int ok;
	/* Ann (high, A, Policy, {Gay, Disabled}) - Cat (low, B, Policy, disabled):
	 * gap 2 -> 12, same profession -> 10, identity -> 6 */
	assert_int_equal(score_of(f, 0, 0, &ok), 28);
	assert_true(ok);
	/* Ann - Dan: same organisation A */
	score_of(f, 0, 1, &ok);
	assert_false(ok);
	/* Ben (top) - Cat (low): gap 3, no band -> not allowed */
	score_of(f, 1, 0, &ok);
	assert_false(ok);
	/* Ben (top) - Dan (mid): gap 2 -> 12, HR == HR -> 10, no identity */
	assert_int_equal(score_of(f, 1, 1, &ok), 22);
	assert_true(ok);
	/* Pat mentor (mid, "policy ") - Cat (low, Policy): gap 1 -> 9, profession
	 * equal without case or trailing space -> 10; identity "disabled" not in {Carer} */
	assert_int_equal(score_of(f, 2, 0, &ok), 19);
	assert_true(ok);
	/* Pat - Pat: same person, whatever the score */
	score_of(f, 2, 2, &ok);
	assert_false(ok);
	/* Zed: grade not on the scale -> gap rule forbids every pair */
	for (size_t j = 0; j < 3; j++) {
		score_of(f, 3, j, &ok);
		assert_false(ok);
	}
}

static void test_breakdown_sums_and_describes(void **state)
{
	struct fixture *f = *state;
	struct score_part parts[8];
	size_t n;
	long s, sum = 0;
	char buf[128];

	for (size_t i = 0; i < f->ds.side[SIDE_MENTOR].n; i++)
		for (size_t j = 0; j < f->ds.side[SIDE_MENTEE].n; j++) {
			int ok = score_pair(&f->ds, i, j, &s, parts, &n);
			sum = 0;
			int forbids = 0;
			for (size_t k = 0; k < n; k++) {
				sum += parts[k].points;
				forbids |= parts[k].forbids;
			}
			assert_int_equal(sum, s);
			assert_int_equal(forbids, !ok);
		}
	score_pair(&f->ds, 0, 0, &s, parts, &n);
	assert_int_equal(n, 3);
	score_describe(&f->ds, &parts[0], buf, sizeof buf);
	assert_string_equal(buf, "+12 grade gap 2");
	score_describe(&f->ds, &parts[1], buf, sizeof buf);
	assert_string_equal(buf, "+10 same profession");
	score_describe(&f->ds, &parts[2], buf, sizeof buf);
	assert_string_equal(buf, "+6 shared identity");
	score_pair(&f->ds, 0, 1, &s, parts, &n);
	score_describe(&f->ds, &parts[0], buf, sizeof buf);
	assert_string_equal(buf, "not allowed: same organisation");
	score_pair(&f->ds, 2, 2, &s, parts, &n);
	score_describe(&f->ds, &parts[0], buf, sizeof buf);
	assert_string_equal(buf, "not allowed: same person");
	score_pair(&f->ds, 1, 0, &s, parts, &n);
	score_describe(&f->ds, &parts[n - 1], buf, sizeof buf);
	assert_string_equal(buf, "not allowed: grade gap 3");
}

static void test_disabled_rule_and_weight_change(void **state)
{
	struct fixture *f = *state;
	int ok;
	f->p.rules[0].enabled = 0;          /* same organisation no longer forbids */
	assert_int_equal(score_of(f, 0, 1, &ok), 9); /* Ann high - Dan mid: gap 1 */
	assert_true(ok);
	f->p.rules[0].enabled = 1;
	f->p.rules[2].weight = 3;
	assert_int_equal(score_of(f, 0, 0, &ok), 21);
	f->p.rules[2].weight = 10;
}

static void test_edges_and_rank(void **state)
{
	struct fixture *f = *state;
	struct edges e;
	assert_int_equal(score_build_edges(&f->ds, &e), 0);
	assert_int_equal(e.nmentors, 4);
	/* count allowed pairs independently */
	size_t allowed = 0;
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 3; j++) {
			long s;
			allowed += (size_t)score_pair(&f->ds, i, j, &s, NULL, NULL);
		}
	assert_int_equal(e.start[4], allowed);
	for (size_t i = 0; i < 4; i++)
		for (size_t k = e.start[i]; k < e.start[i + 1]; k++) {
			long s;
			assert_true(score_pair(&f->ds, i, e.mentee[k], &s, NULL, NULL));
			assert_int_equal(e.score[k], s);
		}
	edges_free(&e);

	struct candidate c[4];
	size_t n = rank_candidates(&f->ds, NULL, NULL, NULL, SIDE_MENTEE, 0, c); /* Cat's mentors */
	assert_int_equal(n, 4);
	assert_int_equal(c[0].person, 0);  /* Ann 28 */
	assert_int_equal(c[0].score, 28);
	assert_int_equal(c[1].person, 2);  /* Pat 19 */
	assert_false(c[2].allowed);
	assert_false(c[3].allowed);
}

static void test_dataset_reports(void **state)
{
	struct fixture *f = *state;
	int saw_scale = 0, saw_both = 0;
	for (size_t k = 0; k < f->d.n; k++) {
		const struct diag_item *it = &f->d.items[k];
		if (it->level == DIAG_WARNING && strstr(it->msg, "Top Grade") && it->line == 5)
			saw_scale = 1;
		if (it->level == DIAG_NOTE && strstr(it->msg, "both a mentor") && it->line == 4)
			saw_both = 1;
	}
	assert_true(saw_scale);
	assert_true(saw_both);
	/* category display spelling trimmed; "policy " and "Policy" share an id */
	int pf = profile_field_index(&f->p, "prof");
	assert_int_equal(f->ds.side[SIDE_MENTOR].val[2 * f->p.nfields + (size_t)pf],
			 f->ds.side[SIDE_MENTEE].val[0 * f->p.nfields + (size_t)pf]);
	char name[64];
	dataset_name(&f->ds, SIDE_MENTOR, 1, name, sizeof name);
	assert_string_equal(name, "Ben");
}

/* A placeholder in the email column (Microsoft Forms writes "anonymous"
 * in its own Email column, C05) is reported with its line. */
static void test_email_placeholder(void **state)
{
	static const char *const m = "name,email,grade,org,prof,traits\nAnn,anonymous,high,A,HR,\nBo,bo@x.org,high,B,HR,\n";
	static const char *const e = "name,email,grade,org,prof,identity\nCy,cy@x.org,low,C,HR,\n";
	struct profile p;
	struct table tm, te;
	struct dataset ds;
	struct diag d = {0};
	(void)state;
	assert_int_equal(profile_load_string(&p, "t.ini", profile_text, &d), 0);
	assert_int_equal(table_load_mem(&tm, "m.csv", m, strlen(m), 0, &d), 0);
	assert_int_equal(table_load_mem(&te, "e.csv", e, strlen(e), 0, &d), 0);
	assert_int_equal(dataset_build(&ds, &p, &tm, &te, &d), 0);
	int found = 0;
	for (size_t k = 0; k < d.n; k++)
		if (d.items[k].line == 2 && strstr(d.items[k].msg, "\"anonymous\" is not an e-mail address"))
			found++;
	assert_int_equal(found, 1);
	assert_int_equal(diag_count(&d, DIAG_WARNING), 1);
	dataset_free(&ds);
	table_free(&tm);
	table_free(&te);
	profile_free(&p);
	diag_free(&d);
}

static size_t rnd(uint64_t *seed, size_t n)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (size_t)((*seed >> 33) % n);
}

/* The class-based edge list equals pair-by-pair scoring on random data with
 * few distinct values, people on both sides and duplicate sign-ups (of which
 * one participant each remains). */
static void test_edges_match_pairwise(void **state)
{
	static const char *const grades[] = { "low", "mid", "high", "top", "Unknown" };
	static const char *const orgs[] = { "A", "B", "C" };
	static const char *const profs[] = { "Policy", "HR", "policy " };
	static const char *const traits[] = { "", "Gay", "Gay, Disabled", "Carer, Gay" };
	static const char *const ids[] = { "", "gay", "carer", "disabled" };
	uint64_t seed = 12345;
	(void)state;
	for (int round = 0; round < 20; round++) {
		size_t nm = 5 + round * 3, ne = 4 + round * 2;
		size_t cap = 64 * (nm + ne) + 256;
		char *m = malloc(cap), *e = malloc(cap);
		size_t lm = (size_t)snprintf(m, cap, "name,email,grade,org,prof,traits\n");
		size_t le = (size_t)snprintf(e, cap, "name,email,grade,org,prof,identity\n");
		for (size_t i = 0; i < nm; i++) {
			size_t a = rnd(&seed, 12), b = rnd(&seed, 5), c = rnd(&seed, 3);
			size_t f = rnd(&seed, 3), g = rnd(&seed, 4);
			lm += (size_t)snprintf(m + lm, cap - lm, "M%zu,p%zu@x.org,%s,%s,%s,\"%s\"\n", i, a,
					       grades[b], orgs[c], profs[f], traits[g]);
		}
		for (size_t j = 0; j < ne; j++) {
			size_t a = rnd(&seed, 12), b = rnd(&seed, 5), c = rnd(&seed, 3);
			size_t f = rnd(&seed, 3), g = rnd(&seed, 4);
			le += (size_t)snprintf(e + le, cap - le, "E%zu,P%zu@X.org,%s,%s,%s,%s\n", j, a,
					       grades[b], orgs[c], profs[f], ids[g]);
		}
		struct profile p;
		struct table tm, te;
		struct dataset ds;
		struct edges ed;
		struct diag d = {0};
		assert_int_equal(profile_load_string(&p, "t.ini", profile_text, &d), 0);
		if (round % 3 == 1)
			p.rules[0].enabled = 0;
		if (round % 4 == 2)
			p.solve.min_score = 19;
		assert_int_equal(table_load_mem(&tm, "m.csv", m, lm, 0, &d), 0);
		assert_int_equal(table_load_mem(&te, "e.csv", e, le, 0, &d), 0);
		assert_int_equal(dataset_build(&ds, &p, &tm, &te, &d), 0);
		assert_int_equal(score_build_edges(&ds, &ed), 0);
		/* duplicate sign-ups (same email) leave one participant each */
		assert_true(ds.side[SIDE_MENTOR].n <= nm);
		assert_int_equal(ds.side[SIDE_MENTOR].n + ds.side[SIDE_MENTOR].ndup, nm);
		assert_int_equal(ds.side[SIDE_MENTEE].n + ds.side[SIDE_MENTEE].ndup, ne);
		nm = ds.side[SIDE_MENTOR].n;
		ne = ds.side[SIDE_MENTEE].n;
		size_t k = 0;
		for (size_t i = 0; i < nm; i++) {
			assert_int_equal(ed.start[i], k);
			for (size_t j = 0; j < ne; j++) {
				long sc;
				if (!score_pair(&ds, i, j, &sc, NULL, NULL))
					continue;
				assert_true(k < ed.start[i + 1]);
				assert_int_equal(ed.mentee[k], j);
				assert_int_equal(ed.score[k], sc);
				k++;
			}
			assert_int_equal(ed.start[i + 1], k);
		}
		edges_free(&ed);
		dataset_free(&ds);
		table_free(&tm);
		table_free(&te);
		profile_free(&p);
		diag_free(&d);
		free(m);
		free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_breakdown_sums_and_describes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_rule_and_weight_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges_and_rank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dataset_reports, setup, teardown),
		cmocka_unit_test(test_edges_match_pairwise),
		cmocka_unit_test(test_email_placeholder),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
