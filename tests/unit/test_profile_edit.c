/* Every editing operation on the profile model (profile_edit.c): a new
 * profile, adding, renaming and removing fields and rules, moving rules,
 * setting keys through the one table; checked by what the profile then
 * says (indices that follow, refusals with their reason), by writing it
 * and reading it back, and by the session's undo and "unsaved" state. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentormatch/profile.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/session.h"

static char err[512];

static size_t add_field(struct profile *p, const char *name, enum field_type t)
{
	long f = profile_add_field(p, name, t, err, sizeof err);
	if (f < 0)
		print_message("add_field %s: %s\n", name, err);
	assert_true(f >= 0);
	return (size_t)f;
}

static void set(struct profile *p, enum profile_key k, size_t obj, const char *text)
{
	int r = profile_key_set_text(p, k, obj, text, err, sizeof err);
	if (r != 0)
		print_message("set %s = %s: %s\n", profile_keys[k].name, text, err);
	assert_int_equal(r, 0);
}

/* Writes p and reads it back into q; asserts they are equal. */
static void round_trip(const struct profile *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct profile q;
	struct diag d = {0};
	char why[256] = "";

	assert_non_null(f);
	assert_int_equal(profile_write(p, f), 0);
	fclose(f);
	if (profile_load_string(&q, "edited.ini", buf, &d) != 0) {
		for (size_t i = 0; i < d.n; i++) {
			char m[512];
			diag_format(&d.items[i], m, sizeof m);
			print_message("%s\n", m);
		}
		print_message("%s", buf);
		fail();
	}
	int same = profile_equal(p, &q, why, sizeof why);
	if (!same)
		print_message("differs: %s\n", why);
	assert_true(same);
	profile_free(&q);
	diag_free(&d);
	free(buf);
}

/* A small profile built by the editor calls only. */
static void build(struct profile *p)
{
	assert_int_equal(profile_new(p, "built"), 0);
	size_t email = add_field(p, "email", FIELD_EMAIL);
	size_t topic = add_field(p, "topic", FIELD_CATEGORY);
	size_t level = add_field(p, "level", FIELD_ORDINAL);
	size_t skills = add_field(p, "skills", FIELD_MULTI);
	size_t cap = add_field(p, "capacity", FIELD_NUMBER);
	set(p, PK_FIELD_SCALE, level, "junior | mid | senior");
	set(p, PK_FIELD_SEPARATOR, skills, ";");
	for (int s = 0; s < SIDE_COUNT; s++) {
		assert_int_equal(profile_set_column(p, (enum side)s, email, "E-mail"), 0);
		assert_int_equal(profile_set_column(p, (enum side)s, topic, "Topic"), 0);
		assert_int_equal(profile_set_column(p, (enum side)s, level, "Level"), 0);
		assert_int_equal(profile_set_column(p, (enum side)s, skills, "Skills"), 0);
	}
	assert_int_equal(profile_set_column(p, SIDE_MENTOR, cap, "How many"), 0);
	set(p, PK_SOLVE_MODE, 0, "capacity");
	set(p, PK_SOLVE_MENTOR_CAPACITY_FIELD, 0, "capacity");
	long r = profile_add_rule(p, "same_topic", RULE_SAME, topic, topic, err, sizeof err);
	assert_int_equal(r, 0);
	set(p, PK_RULE_WEIGHT, 0, "5");
	r = profile_add_rule(p, NULL, RULE_OVERLAP, skills, skills, err, sizeof err);
	assert_int_equal(r, 1);
	assert_string_equal(p->rules[1].id, "rule_1");
	set(p, PK_RULE_MEASURE, 1, "count");
	set(p, PK_RULE_WEIGHT, 1, "2");
	r = profile_add_rule(p, NULL, RULE_GAP, level, level, err, sizeof err);
	assert_int_equal(r, 2);
	assert_string_equal(p->rules[2].id, "rule_2");
	struct profile_value v = { "band.1..", "4", NULL, 1 };
	assert_int_equal(profile_key_set(p, PK_RULE_BAND, 2, &v, err, sizeof err), 0);
}

static void test_new_profile(void **state)
{
	(void)state;
	struct profile p;
	struct diag d = {0};
	assert_int_equal(profile_new(&p, "empty"), 0);
	assert_int_equal(p.nfields, 0);
	assert_int_equal(p.nrules, 0);
	assert_string_equal(p.name, "empty");
	/* every setting at its table default */
	char buf[64];
	assert_int_equal(profile_key_get_text(&p, PK_SOLVE_MODE, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, profile_keys[PK_SOLVE_MODE].dflt);
	assert_int_equal(profile_key_get_text(&p, PK_SOLVE_ROUNDS, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, profile_keys[PK_SOLVE_ROUNDS].dflt);
	/* no fields yet: the check says so; with a field, that nothing
	 * identifies people */
	assert_int_equal(profile_check(&p, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "the profile defines no fields"));
	diag_free(&d);
	add_field(&p, "topic", FIELD_CATEGORY);
	assert_int_equal(profile_check(&p, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "one field must identify people"));
	diag_free(&d);
	profile_free(&p);
}

static void test_add_fields(void **state)
{
	(void)state;
	struct profile p;
	struct diag d = {0};
	build(&p);
	assert_int_equal(p.nfields, 5);
	assert_int_equal(profile_check(&p, &d), 0);
	/* a new field is unmapped, labelled by its name, in the output lists */
	size_t f = add_field(&p, "notes", FIELD_TEXT);
	assert_string_equal(p.fields[f].label, "notes");
	assert_false(profile_field_mapped(&p, SIDE_MENTOR, f));
	assert_int_equal(p.output_fields[p.noutput - 1], f);
	/* names: taken, not a name, too long, reserved */
	assert_true(profile_add_field(&p, "topic", FIELD_TEXT, err, sizeof err) < 0);
	assert_string_equal(err, "there is already a field called topic");
	assert_true(profile_add_field(&p, "job title", FIELD_TEXT, err, sizeof err) < 0);
	assert_non_null(strstr(err, "is not a name"));
	assert_true(profile_add_field(&p, "delimiter", FIELD_TEXT, err, sizeof err) < 0);
	assert_true(profile_add_field(&p, "a_very_long_name_that_goes_on_and_on_and_on", FIELD_TEXT,
				      err, sizeof err) < 0);
	assert_int_equal(p.nfields, 6);
	round_trip(&p);
	diag_free(&d);
	profile_free(&p);
}

static void test_remove_field(void **state)
{
	(void)state;
	struct profile p;
	char uses[300];
	build(&p);
	size_t topic = (size_t)profile_field_index(&p, "topic");
	size_t skills = (size_t)profile_field_index(&p, "skills");
	/* read by a rule: refused, naming the rule */
	assert_int_equal(profile_field_uses(&p, topic, uses, sizeof uses), 2);
	assert_string_equal(uses, "rule same_topic, the output lists");
	assert_int_equal(profile_remove_field(&p, topic, err, sizeof err), -1);
	assert_string_equal(err, "topic is read by rules (rule same_topic, the output lists): "
			    "change or remove them first");
	assert_int_equal(p.nfields, 5);
	/* without the rule: removed, and every index after it follows */
	assert_int_equal(profile_remove_rule(&p, 0), 0);
	assert_int_equal(p.nrules, 2);
	assert_string_equal(p.rules[0].id, "rule_1");
	assert_int_equal(profile_remove_field(&p, topic, err, sizeof err), 0);
	assert_int_equal(p.nfields, 4);
	assert_int_equal(profile_field_index(&p, "topic"), -1);
	/* the overlap rule still reads skills, now one place lower */
	assert_int_equal(p.rules[0].mentor_field, skills - 1);
	assert_string_equal(p.fields[p.rules[0].mentor_field].name, "skills");
	assert_string_equal(p.columns[SIDE_MENTEE][p.rules[0].mentee_field], "Skills");
	/* the capacity field followed too */
	assert_string_equal(p.fields[p.solve.capacity_field[SIDE_MENTOR]].name, "capacity");
	assert_int_equal(p.noutput, 4);
	round_trip(&p);
	/* removing the capacity field: the setting becomes none */
	size_t cap = (size_t)profile_field_index(&p, "capacity");
	assert_int_equal(profile_field_uses(&p, cap, uses, sizeof uses), 2);
	assert_string_equal(uses, "the output lists, the mentors' capacity");
	assert_int_equal(profile_remove_field(&p, cap, err, sizeof err), 0);
	assert_int_equal(p.solve.capacity_field[SIDE_MENTOR], -1);
	assert_int_equal(profile_remove_field(&p, 99, err, sizeof err), -1);
	round_trip(&p);
	profile_free(&p);
}

static void test_rename(void **state)
{
	(void)state;
	struct profile p;
	build(&p);
	size_t level = (size_t)profile_field_index(&p, "level");
	assert_int_equal(profile_rename_field(&p, level, "grade", err, sizeof err), 0);
	assert_string_equal(p.fields[level].name, "grade");
	/* its label was its name: it follows */
	assert_string_equal(p.fields[level].label, "grade");
	/* the gap rule reads it under its new name, and so does the file */
	assert_int_equal(p.rules[2].mentor_field, level);
	assert_int_equal(profile_rename_field(&p, level, "topic", err, sizeof err), -1);
	assert_string_equal(err, "there is already a field called topic");
	assert_int_equal(profile_rename_field(&p, level, "grade", err, sizeof err), 0);
	/* rules: rename, taken names refused */
	assert_int_equal(profile_rename_rule(&p, 1, "shared_skills", err, sizeof err), 0);
	assert_int_equal(profile_rename_rule(&p, 2, "same_topic", err, sizeof err), -1);
	assert_string_equal(err, "there is already a rule called same_topic");
	assert_int_equal(profile_rename_rule(&p, 7, "x", err, sizeof err), -1);
	round_trip(&p);
	/* the written file names the field by its new name in the rule */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	profile_write(&p, f);
	fclose(f);
	assert_non_null(strstr(buf, "[field.grade]"));
	assert_non_null(strstr(buf, "[rule.shared_skills]"));
	assert_null(strstr(buf, "level"));
	free(buf);
	profile_free(&p);
}

static void test_rules(void **state)
{
	(void)state;
	struct profile p;
	build(&p);
	/* move: the others keep their order */
	assert_int_equal(profile_move_rule(&p, 0, 2), 0);
	assert_string_equal(p.rules[0].id, "rule_1");
	assert_string_equal(p.rules[1].id, "rule_2");
	assert_string_equal(p.rules[2].id, "same_topic");
	assert_int_equal(profile_move_rule(&p, 2, 0), 0);
	assert_string_equal(p.rules[0].id, "same_topic");
	assert_string_equal(p.rules[2].id, "rule_2");
	assert_int_equal(profile_move_rule(&p, 0, 3), -1);
	/* a new rule takes the next free name, every key at its default */
	long r = profile_add_rule(&p, NULL, RULE_DIFFERENT, 1, 1, err, sizeof err);
	assert_int_equal(r, 3);
	assert_string_equal(p.rules[3].id, "rule_3");
	assert_int_equal(p.rules[3].enabled, 1);
	assert_int_equal(p.rules[3].effect, EFFECT_SCORE);
	/* a field that does not exist, or a taken id: refused */
	assert_true(profile_add_rule(&p, NULL, RULE_SAME, 50, 1, err, sizeof err) < 0);
	assert_true(profile_add_rule(&p, "rule_3", RULE_SAME, 1, 1, err, sizeof err) < 0);
	set(&p, PK_RULE_EFFECT, 3, "forbid");
	set(&p, PK_RULE_ENABLED, 3, "no");
	round_trip(&p);
	assert_int_equal(profile_remove_rule(&p, 1), 0);
	assert_string_equal(p.rules[1].id, "rule_2");
	assert_int_equal(profile_remove_rule(&p, 9), -1);
	/* changing a field's type: the table's one call; the check then names
	 * the rule that no longer fits */
	size_t level = (size_t)profile_field_index(&p, "level");
	set(&p, PK_FIELD_TYPE, level, "category");
	struct diag d = {0};
	assert_true(profile_check(&p, &d) > 0);
	int named = 0;
	for (size_t i = 0; i < d.n; i++)
		named |= strstr(d.items[i].msg, "rule_2") != NULL;
	assert_true(named);
	diag_free(&d);
	profile_free(&p);
}

/* The session's undo and unsaved state over editor calls. */
static void test_session_undo(void **state)
{
	(void)state;
	struct session s;
	char path[] = "/tmp/mm-edit-XXXXXX";
	struct diag d = {0};
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);

	session_init(&s);
	assert_int_equal(session_new_profile(&s, "undo"), 0);
	assert_true(session_profile_unsaved(&s));
	profile_free(&s.prof);
	build(&s.prof);
	assert_int_equal(session_save_profile(&s, path, &d), 0);
	assert_false(session_profile_unsaved(&s));

	/* a key through the session: unsaved, undone, saved again */
	assert_int_equal(session_set_key(&s, PK_RULE_WEIGHT, 0, "9", err, sizeof err), 0);
	assert_int_equal(s.prof.rules[0].weight, 9);
	assert_true(session_profile_unsaved(&s));
	assert_int_equal(session_undo(&s), 0);
	assert_int_equal(s.prof.rules[0].weight, 5);
	assert_false(session_profile_unsaved(&s));
	assert_string_equal(s.prof.path, path);
	/* a refused value leaves nothing to undo */
	assert_int_equal(session_set_key(&s, PK_RULE_WEIGHT, 0, "lots", err, sizeof err), -1);
	assert_int_equal(session_undo(&s), -1);

	/* structure: remove a rule and the field, undo both in turn */
	assert_int_equal(session_edit_begin(&s), 0);
	assert_int_equal(profile_remove_rule(&s.prof, 0), 0);
	session_edit_done(&s, PCHANGE_SCORE);
	assert_int_equal(session_edit_begin(&s), 0);
	assert_int_equal(profile_remove_field(&s.prof, 1, err, sizeof err), 0);
	session_edit_done(&s, PCHANGE_DATA);
	assert_int_equal(s.prof.nfields, 4);
	assert_int_equal(session_undo(&s), 0);
	assert_int_equal(s.prof.nfields, 5);
	assert_int_equal(s.prof.nrules, 2);
	assert_int_equal(session_undo(&s), 0);
	assert_int_equal(s.prof.nrules, 3);
	assert_string_equal(s.prof.rules[0].id, "same_topic");
	assert_false(session_profile_unsaved(&s));

	/* a failed change is cancelled: nothing to undo for it */
	assert_int_equal(session_edit_begin(&s), 0);
	assert_int_equal(profile_remove_field(&s.prof, 1, err, sizeof err), -1);
	session_edit_cancel(&s);
	assert_int_equal(session_undo(&s), -1);

	/* at most SESSION_UNDO_MAX changes are kept; the oldest go */
	for (int i = 0; i < SESSION_UNDO_MAX + 5; i++) {
		char w[16];
		snprintf(w, sizeof w, "%d", 10 + i);
		assert_int_equal(session_set_key(&s, PK_RULE_WEIGHT, 0, w, err, sizeof err), 0);
	}
	int undone = 0;
	while (session_undo(&s) == 0)
		undone++;
	assert_int_equal(undone, SESSION_UNDO_MAX);
	assert_int_equal(s.prof.rules[0].weight, 10 + 5 - 1);
	session_free(&s);
	unlink(path);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_profile),
		cmocka_unit_test(test_add_fields),
		cmocka_unit_test(test_remove_field),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_session_undo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
