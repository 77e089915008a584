/* The profile: loading config/civil-service.ini, the format's traps (C14),
 * error messages with their lines, and write -> load round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/profile.h"
#include "mentormatch/text.h"

#define CIVIL "config/civil-service.ini"
#define C14_ORIGINAL "tests/data/cases/C14_config_traps.ini"
#define C14_ADAPTED "tests/data/profiles/c14-adapted.ini"

/* ---- helpers ------------------------------------------------------------- */

static void print_diag(const struct diag *d)
{
	char buf[1024];
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->items[i], buf, sizeof buf);
		print_message("  %s\n", buf);
	}
}

/* The error at that line whose message contains what, or NULL. */
static const struct diag_item *find_error(const struct diag *d, unsigned long line,
					  const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR && d->items[i].line == line &&
		    strstr(d->items[i].msg, what))
			return &d->items[i];
	return NULL;
}

static void expect_error(const struct diag *d, unsigned long line, const char *what)
{
	if (!find_error(d, line, what)) {
		print_message("expected an error at line %lu containing \"%s\"; got:\n", line, what);
		print_diag(d);
		fail();
	}
}

static int is_empty_profile(const struct profile *p)
{
	static const struct profile zero;
	return memcmp(p, &zero, sizeof zero) == 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* Replaces the first occurrence of from (which must be there) in a malloc'ed string. */
static char *replace(char *s, const char *from, const char *to)
{
	char *at = strstr(s, from), *r;
	size_t pre, lf = strlen(from), lt = strlen(to);

	assert_non_null(at);
	pre = (size_t)(at - s);
	r = malloc(strlen(s) - lf + lt + 1);
	assert_non_null(r);
	memcpy(r, s, pre);
	memcpy(r + pre, to, lt);
	strcpy(r + pre + lt, at + lf);
	free(s);
	return r;
}

static int streq_null(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

#define assert_same_str(a, b) \
	do { \
		if (!streq_null((a), (b))) { \
			print_message("strings differ: '%s' vs '%s'\n", (a) ? (a) : "(null)", \
				      (b) ? (b) : "(null)"); \
			fail(); \
		} \
	} while (0)

/* Every setting that the profile expresses is the same in a and b. */
static void assert_same_profile(const struct profile *a, const struct profile *b)
{
	assert_same_str(a->name, b->name);
	assert_int_equal(a->solve.mode, b->solve.mode);
	assert_int_equal(a->solve.rounds, b->solve.rounds);
	assert_int_equal(a->solve.unmatched_bonus, b->solve.unmatched_bonus);
	assert_int_equal(a->solve.objective, b->solve.objective);
	assert_int_equal(a->solve.min_score, b->solve.min_score);
	assert_int_equal(a->group_by, b->group_by);
	for (int side = 0; side < SIDE_COUNT; side++) {
		assert_int_equal(a->solve.capacity[side], b->solve.capacity[side]);
		assert_int_equal(a->solve.capacity_field[side], b->solve.capacity_field[side]);
		assert_same_str(a->history.column[side], b->history.column[side]);
	}
	assert_int_equal(a->solve.mentor_min, b->solve.mentor_min);
	assert_int_equal(a->solve.mentor_min_field, b->solve.mentor_min_field);
	assert_int_equal(a->history.forbid, b->history.forbid);
	if (!a->history.forbid)
		assert_int_equal(a->history.weight, b->history.weight);
	assert_int_equal(a->nfields, b->nfields);
	for (size_t i = 0; i < a->nfields; i++) {
		const struct field_def *fa = &a->fields[i], *fb = &b->fields[i];
		assert_same_str(fa->name, fb->name);
		assert_same_str(fa->label, fb->label);
		assert_int_equal(fa->type, fb->type);
		assert_int_equal(fa->nscale, fb->nscale);
		for (size_t k = 0; k < fa->nscale; k++)
			assert_same_str(fa->scale[k], fb->scale[k]);
		if (fa->type == FIELD_MULTI)
			assert_same_str(fa->separator, fb->separator);
		assert_int_equal(fa->noptions, fb->noptions);
		for (size_t k = 0; k < fa->noptions; k++)
			assert_same_str(fa->options[k], fb->options[k]);
		assert_int_equal(fa->nwildcards, fb->nwildcards);
		for (size_t k = 0; k < fa->nwildcards; k++)
			assert_same_str(fa->wildcards[k], fb->wildcards[k]);
		assert_int_equal(fa->naliases, fb->naliases);
		for (size_t k = 0; k < fa->naliases; k++) {
			assert_same_str(fa->aliases[k].spelling, fb->aliases[k].spelling);
			assert_same_str(fa->aliases[k].value, fb->aliases[k].value);
		}
		for (int s = 0; s < SIDE_COUNT; s++) {
			const struct column_list *ca = profile_numbered(a, (enum side)s, i);
			const struct column_list *cb = profile_numbered(b, (enum side)s, i);
			assert_same_str(a->columns[s][i], b->columns[s][i]);
			assert_int_equal(profile_column_at(a, (enum side)s, i),
					 profile_column_at(b, (enum side)s, i));
			assert_int_equal(ca ? ca->n : 0, cb ? cb->n : 0);
			for (size_t k = 0; ca && k < ca->n; k++) {
				assert_same_str(ca->header[k], cb->header[k]);
				assert_int_equal(ca->at[k], cb->at[k]);
			}
		}
	}
	for (int s = 0; s < SIDE_COUNT; s++)
		assert_int_equal(a->delimiter[s], b->delimiter[s]);
	assert_int_equal(a->nrules, b->nrules);
	for (size_t i = 0; i < a->nrules; i++) {
		const struct rule *ra = &a->rules[i], *rb = &b->rules[i];
		assert_same_str(ra->id, rb->id);
		assert_same_str(ra->label, rb->label);
		assert_int_equal(ra->kind, rb->kind);
		assert_int_equal(ra->enabled, rb->enabled);
		assert_int_equal(ra->mentor_field, rb->mentor_field);
		assert_int_equal(ra->mentee_field, rb->mentee_field);
		assert_int_equal(ra->empty_forbid, rb->empty_forbid);
		if (ra->kind == RULE_GAP) {
			assert_int_equal(ra->nbands, rb->nbands);
			for (size_t k = 0; k < ra->nbands; k++) {
				assert_true(ra->bands[k].lo == rb->bands[k].lo);
				assert_true(ra->bands[k].hi == rb->bands[k].hi);
				assert_int_equal(ra->bands[k].weight, rb->bands[k].weight);
			}
			assert_int_equal(ra->otherwise_forbid, rb->otherwise_forbid);
			if (!ra->otherwise_forbid)
				assert_int_equal(ra->otherwise_weight, rb->otherwise_weight);
		} else {
			assert_int_equal(ra->effect, rb->effect);
			if (ra->effect == EFFECT_SCORE && ra->kind != RULE_PREFERENCE)
				assert_int_equal(ra->weight, rb->weight);
		}
		if (ra->kind == RULE_OVERLAP) {
			assert_int_equal(ra->measure, rb->measure);
			assert_int_equal(ra->at_least, rb->at_least);
		}
		assert_int_equal(ra->npairs, rb->npairs);
		for (size_t k = 0; k < ra->npairs; k++) {
			assert_same_str(ra->pairs[k].mentee, rb->pairs[k].mentee);
			assert_same_str(ra->pairs[k].mentor, rb->pairs[k].mentor);
		}
		assert_int_equal(ra->nweights, rb->nweights);
		for (size_t k = 0; k < ra->nweights; k++)
			assert_int_equal(ra->weights[k], rb->weights[k]);
		for (int c = 0; c < 2; c++) {
			const struct rule_cond *ca = c ? &ra->unless : &ra->when;
			const struct rule_cond *cb = c ? &rb->unless : &rb->when;
			assert_int_equal(ca->given, cb->given);
			if (!ca->given)
				continue;
			assert_int_equal(ca->side, cb->side);
			assert_int_equal(ca->field, cb->field);
			assert_int_equal(ca->nvalues, cb->nvalues);
			for (size_t k = 0; k < ca->nvalues; k++)
				assert_same_str(ca->values[k], cb->values[k]);
		}
	}
	assert_int_equal(a->noutput, b->noutput);
	for (size_t i = 0; i < a->noutput; i++)
		assert_int_equal(a->output_fields[i], b->output_fields[i]);
}

static char *write_to_string(const struct profile *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(profile_write(p, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(text);
	return text;
}

/* Each line is shorter than 199 bytes (inih's limit) and valid UTF-8. */
static void assert_lines_ok(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t col = 0;
	unsigned long line = 1;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\n') {
			col = 0;
			line++;
			continue;
		}
		if (++col >= 199) {
			print_message("line %lu reaches 199 bytes\n", line);
			fail();
		}
		if (s[i] >= 0x80) {
			size_t k = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC2 ? 2 : 0;
			if (k == 0) {
				print_message("line %lu: byte 0x%02X is not UTF-8\n", line, s[i]);
				fail();
			}
			for (size_t j = 1; j < k; j++)
				if ((s[i + j] & 0xC0) != 0x80) {
					print_message("line %lu: broken UTF-8 sequence\n", line);
					fail();
				}
			i += k - 1;
			col += k - 1;
		}
	}
}

/* Writes p, loads the text back into q and checks every setting. */
static void roundtrip(const struct profile *p, struct profile *q)
{
	struct diag d = { 0 };
	char *text = write_to_string(p), *again;

	assert_lines_ok(text);
	if (profile_load_string(q, "roundtrip.ini", text, &d) != 0) {
		print_message("the written profile does not load:\n");
		print_diag(&d);
		print_message("%s", text);
		fail();
	}
	assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
	assert_same_profile(p, q);
	/* the core's own comparison agrees */
	{
		char why[200];
		if (!profile_equal(p, q, why, sizeof why)) {
			print_message("profile_equal: %s\n", why);
			fail();
		}
	}
	/* Writing what was read gives the same text. */
	again = write_to_string(q);
	assert_string_equal(text, again);
	free(again);
	free(text);
	diag_free(&d);
}

static void load_civil(struct profile *p)
{
	struct diag d = { 0 };
	if (profile_load(p, CIVIL, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static void set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? strdup(value) : NULL;
	if (value)
		assert_non_null(*slot);
}

/* ---- civil-service.ini ----------------------------------------------------- */

static void test_civil_service_loads(void **state)
{
	struct profile p;
	int grade, ident, chars, prof, org;
	(void)state;

	load_civil(&p);
	assert_int_equal(p.nfields, 12);
	assert_string_equal(p.path, CIVIL);
	assert_string_equal(p.name, "Civil Service (original Mentor Matcher)");

	grade = profile_field_index(&p, "grade");
	assert_int_equal(grade, 5);
	assert_int_equal(p.fields[grade].type, FIELD_ORDINAL);
	assert_int_equal(p.fields[grade].nscale, 11);
	assert_string_equal(p.fields[grade].scale[0], "AA");
	assert_string_equal(p.fields[grade].scale[5], "Grade 7");
	assert_string_equal(p.fields[grade].scale[10], "SCS4");

	chars = profile_field_index(&p, "characteristics");
	assert_true(chars >= 0);
	assert_int_equal(p.fields[chars].type, FIELD_MULTI);
	assert_string_equal(p.fields[chars].separator, ", ");
	assert_int_equal(strlen(p.fields[chars].separator), 2);

	assert_int_equal(p.fields[profile_field_index(&p, "email")].type, FIELD_EMAIL);
	assert_int_equal(p.fields[profile_field_index(&p, "first_name")].type, FIELD_TEXT);
	assert_string_equal(p.fields[profile_field_index(&p, "first_name")].label, "first name");

	ident = profile_field_index(&p, "identity");
	assert_true(ident >= 0);
	assert_string_equal(p.columns[SIDE_MENTEE][ident], "identity to match");
	assert_null(p.columns[SIDE_MENTOR][ident]);
	assert_null(p.columns[SIDE_MENTOR][profile_field_index(&p, "match_identity")]);
	assert_string_equal(p.columns[SIDE_MENTOR][chars], "characteristics");
	assert_null(p.columns[SIDE_MENTEE][chars]);
	assert_int_equal(p.delimiter[SIDE_MENTOR], 0);
	assert_int_equal(p.delimiter[SIDE_MENTEE], 0);

	assert_int_equal(p.solve.mode, MODE_ROUNDS);
	assert_int_equal(p.solve.rounds, 3);
	assert_int_equal(p.solve.unmatched_bonus, 6);

	org = profile_field_index(&p, "organisation");
	prof = profile_field_index(&p, "profession");
	assert_int_equal(p.nrules, 4);

	assert_string_equal(p.rules[0].id, "same_organisation");
	assert_string_equal(p.rules[0].label, "same organisation");
	assert_int_equal(p.rules[0].kind, RULE_SAME);
	assert_int_equal(p.rules[0].effect, EFFECT_FORBID);
	assert_int_equal(p.rules[0].mentor_field, (size_t)org);
	assert_int_equal(p.rules[0].mentee_field, (size_t)org);
	assert_int_equal(p.rules[0].enabled, 1);

	assert_string_equal(p.rules[1].id, "grade_gap");
	assert_int_equal(p.rules[1].kind, RULE_GAP);
	assert_int_equal(p.rules[1].mentor_field, (size_t)grade);
	assert_int_equal(p.rules[1].mentee_field, (size_t)grade);
	assert_int_equal(p.rules[1].nbands, 2);
	assert_true(p.rules[1].bands[0].lo == 1000000 && p.rules[1].bands[0].hi == 1000000);
	assert_int_equal(p.rules[1].bands[0].weight, 9);
	assert_true(p.rules[1].bands[1].lo == 2000000 && p.rules[1].bands[1].hi == 2000000);
	assert_int_equal(p.rules[1].bands[1].weight, 12);
	assert_int_equal(p.rules[1].otherwise_forbid, 1);
	assert_int_equal(p.rules[1].empty_forbid, 1);

	assert_string_equal(p.rules[2].id, "same_profession");
	assert_int_equal(p.rules[2].kind, RULE_SAME);
	assert_int_equal(p.rules[2].effect, EFFECT_SCORE);
	assert_int_equal(p.rules[2].weight, 10);
	assert_int_equal(p.rules[2].mentor_field, (size_t)prof);

	assert_string_equal(p.rules[3].id, "identity");
	assert_string_equal(p.rules[3].label, "shared identity");
	assert_int_equal(p.rules[3].kind, RULE_CONTAINS);
	assert_int_equal(p.rules[3].effect, EFFECT_SCORE);
	assert_int_equal(p.rules[3].weight, 6);
	assert_int_equal(p.rules[3].mentor_field, (size_t)chars);
	assert_int_equal(p.rules[3].mentee_field, (size_t)ident);

	assert_int_equal(p.noutput, 8);
	assert_int_equal(p.output_fields[0], (size_t)profile_field_index(&p, "first_name"));
	assert_int_equal(p.output_fields[4], (size_t)grade);
	assert_int_equal(p.output_fields[7], (size_t)profile_field_index(&p, "biography"));

	profile_free(&p);
	assert_true(is_empty_profile(&p));
}

static void test_civil_service_roundtrip(void **state)
{
	struct profile p, q;
	char *text;
	(void)state;

	load_civil(&p);
	roundtrip(&p, &q);
	/* The written layout has the same sections, in the same order. */
	text = write_to_string(&p);
	{
		const char *order[] = { "[profile]", "[solve]", "[field.first_name]",
			"[field.biography]", "[columns.mentors]", "[columns.mentees]",
			"[rule.same_organisation]", "[rule.identity]", "[output]" };
		const char *at = text;
		for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
			const char *next = strstr(at, order[i]);
			assert_non_null(next);
			at = next;
		}
	}
	assert_non_null(strstr(text, "\nseparator = \", \"\n"));
	assert_non_null(strstr(text, "\nband.2 = 12\n"));
	assert_non_null(strstr(text, "\nidentity = identity to match\n"));
	free(text);
	profile_free(&p);
	profile_free(&q);
}

/* What the TUI edits: weights, enabled flags, columns, rounds, bonus. */
static void test_edited_settings_roundtrip(void **state)
{
	struct profile p, q;
	(void)state;

	load_civil(&p);
	p.rules[2].weight = -7;
	p.rules[0].enabled = 0;
	p.rules[1].bands[0].weight = 0;
	p.rules[1].otherwise_forbid = 0;
	p.rules[1].otherwise_weight = -3;
	p.solve.rounds = 9;
	p.solve.unmatched_bonus = -12;
	p.solve.mode = MODE_CAPACITY;
	p.solve.objective = OBJECTIVE_COVERAGE;
	p.solve.min_score = 15;
	p.solve.capacity[SIDE_MENTOR] = 0;
	p.solve.capacity[SIDE_MENTEE] = 1000;
	p.delimiter[SIDE_MENTOR] = ';';
	p.delimiter[SIDE_MENTEE] = '\t';
	assert_int_equal(profile_set_column(&p, SIDE_MENTOR, 0, "Vorname"), 0);
	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 0, NULL), 0);
	roundtrip(&p, &q);
	assert_int_equal(q.rules[2].weight, -7);
	assert_int_equal(q.rules[0].enabled, 0);
	assert_int_equal(q.rules[1].otherwise_forbid, 0);
	assert_int_equal(q.rules[1].otherwise_weight, -3);
	assert_int_equal(q.delimiter[SIDE_MENTOR], ';');
	assert_int_equal(q.delimiter[SIDE_MENTEE], '\t');
	assert_string_equal(q.columns[SIDE_MENTOR][0], "Vorname");
	assert_null(q.columns[SIDE_MENTEE][0]);
	profile_free(&p);
	profile_free(&q);
}

/* ---- nasty strings ------------------------------------------------------------ */

static char *long_value(size_t n)
{
	static const char *const parts[] = { "Zoë ", "测试", " ; ", "a|b", "\"q\"", "\\",
					     "\t", "x", " ", "#", "=" };
	char *s = malloc(n + 8);
	size_t len = 0, k = 0;

	assert_non_null(s);
	while (len < n) {
		const char *p = parts[k++ % (sizeof parts / sizeof parts[0])];
		memcpy(s + len, p, strlen(p));
		len += strlen(p);
	}
	s[len] = '\0';
	return s;
}

static void test_nasty_strings_roundtrip(void **state)
{
	static const char *const nasty[] = {
		" ; x", "a|b", "\"quoted\"", "back\\slash", "tab\there\t", "Zoë 测试",
		"  spaces  ", "#hash", "[bracket]", "x = y", "semi;colon", "\\x41 literal",
		"new\nline", "\"", "|", ";", "  ", "a \\; b", "\xEF\xBB\xBF" "bom", "del\x7F",
		"bad \xFF\xC3 utf8", "c1 \xC2\x85 nel", "ends with quote\"", "k: v",
	};
	static const char *const separators[] = {
		", ", " ; x", ";", "|", " | ", "\t", "\"", "\", \"", " ", "\\", "; ",
	};
	const size_t nn = sizeof nasty / sizeof nasty[0];
	struct profile p, q;
	int grade, chars;
	char *big = long_value(500), *big2 = long_value(700);
	(void)state;

	assert_true(strlen(big) >= 500);
	for (size_t sep = 0; sep < sizeof separators / sizeof separators[0]; sep++) {
		load_civil(&p);
		grade = profile_field_index(&p, "grade");
		chars = profile_field_index(&p, "characteristics");
		set_str(&p.name, sep % 2 ? big : "Zoë 测试 ; \"name\"");
		for (size_t i = 0; i < p.nfields; i++) {
			set_str(&p.fields[i].label, nasty[(i + sep) % nn]);
			for (int s = 0; s < SIDE_COUNT; s++)
				if (p.columns[s][i])
					set_str(&p.columns[s][i], nasty[(i + sep + 3 + (size_t)s) % nn]);
		}
		set_str(&p.fields[0].label, big2);
		set_str(&p.columns[SIDE_MENTOR][1], big);
		set_str(&p.fields[0].label, "");
		set_str(&p.fields[chars].separator, separators[sep]);
		for (size_t i = 0; i < p.nrules; i++)
			set_str(&p.rules[i].label, nasty[(i * 5 + sep) % nn]);
		set_str(&p.rules[3].label, big2);
		/* The scale: every nasty string once (they differ without case). */
		for (size_t k = 0; k < p.fields[grade].nscale; k++)
			free(p.fields[grade].scale[k]);
		free(p.fields[grade].scale);
		p.fields[grade].scale = calloc(nn + 1, sizeof(char *));
		assert_non_null(p.fields[grade].scale);
		p.fields[grade].nscale = nn + 1;
		for (size_t k = 0; k < nn; k++)
			set_str(&p.fields[grade].scale[k], nasty[(k + sep) % nn]);
		set_str(&p.fields[grade].scale[nn], big);
		/* The known options: the same strings, which may hold the separator. */
		p.fields[chars].options = calloc(nn, sizeof(char *));
		assert_non_null(p.fields[chars].options);
		p.fields[chars].noptions = nn;
		for (size_t k = 0; k < nn; k++)
			set_str(&p.fields[chars].options[k], nasty[(k + sep + 1) % nn]);

		roundtrip(&p, &q);
		/* Non-printing characters are escaped, not written raw. */
		{
			char *text = write_to_string(&p);
			assert_null(strstr(text, "\xC2\x85"));
			assert_null(strstr(text, "\x7F"));
			assert_non_null(strstr(text, "\\xC2\\x85 nel"));
			free(text);
		}
		/* Spot checks on top of the full comparison. */
		assert_string_equal(q.fields[chars].separator, separators[sep]);
		assert_string_equal(q.fields[grade].scale[nn], big);
		assert_int_equal(q.fields[chars].noptions, nn);
		assert_string_equal(q.fields[chars].options[0], nasty[(sep + 1) % nn]);
		assert_string_equal(q.rules[3].label, big2);
		assert_string_equal(q.fields[0].label, "");
		profile_free(&p);
		profile_free(&q);
	}
	free(big);
	free(big2);
}

static uint32_t rng_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

/* Random bytes 1..255, with a bias to the ones the format cares about. */
static char *random_string(size_t minlen, size_t maxlen)
{
	static const char special[] = " ;|\"\\\t\n\r#=:[]x";
	size_t n = minlen + rnd((uint32_t)(maxlen - minlen + 1));
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = rnd(4);
		if (r == 0)
			s[i] = special[rnd(sizeof special - 1)];
		else if (r == 1)
			s[i] = (char)(0x80 + rnd(0x80));
		else
			s[i] = (char)(1 + rnd(255));
	}
	s[n] = '\0';
	return s;
}

static void test_random_roundtrip(void **state)
{
	struct profile p, q;
	(void)state;

	for (int iter = 0; iter < 200; iter++) {
		int grade, chars;
		load_civil(&p);
		grade = profile_field_index(&p, "grade");
		chars = profile_field_index(&p, "characteristics");
		free(p.name);
		p.name = random_string(0, 300);
		for (size_t i = 0; i < p.nfields; i++) {
			free(p.fields[i].label);
			p.fields[i].label = random_string(0, iter % 10 == 0 ? 600 : 40);
			for (int s = 0; s < SIDE_COUNT; s++) {
				if (rnd(3) == 0) {
					free(p.columns[s][i]);
					p.columns[s][i] = random_string(1, 80);
				}
			}
		}
		free(p.fields[chars].separator);
		p.fields[chars].separator = random_string(1, 6);
		/* 0 to 5 known options, distinct without case */
		p.fields[chars].noptions = rnd(6);
		p.fields[chars].options = p.fields[chars].noptions ?
			calloc(p.fields[chars].noptions, sizeof(char *)) : NULL;
		for (size_t k = 0; k < p.fields[chars].noptions; k++) {
			char *item;
			int clash;
			do {
				item = random_string(1, 40);
				clash = 0;
				for (size_t j = 0; j < k; j++)
					if (text_same(item, p.fields[chars].options[j]) != 0)
						clash = 1;
				if (clash)
					free(item);
			} while (clash);
			p.fields[chars].options[k] = item;
		}
		for (size_t k = 0; k < p.fields[grade].nscale; k++) {
			char *item;
			int clash;
			do {
				item = random_string(1, 30);
				clash = 0;
				for (size_t j = 0; j < k; j++)
					if (text_same(item, p.fields[grade].scale[j]) != 0)
						clash = 1;
				if (clash)
					free(item);
			} while (clash);
			free(p.fields[grade].scale[k]);
			p.fields[grade].scale[k] = item;
		}
		for (size_t i = 0; i < p.nrules; i++) {
			free(p.rules[i].label);
			p.rules[i].label = random_string(0, 60);
			p.rules[i].enabled = (int)rnd(2);
			p.rules[i].weight = (long)rnd(2000001) - 1000000;
		}
		p.rules[1].bands[0].weight = (long)rnd(100) - 50;
		p.solve.rounds = 1 + (int)rnd(9);
		p.solve.unmatched_bonus = (long)rnd(1000) - 500;
		roundtrip(&p, &q);
		profile_free(&p);
		profile_free(&q);
	}
}

static void pi_free_cond_test(struct rule_cond *c)
{
	for (size_t k = 0; k < c->nvalues; k++)
		free(c->values[k]);
	free(c->values);
	memset(c, 0, sizeof *c);
}

/* ---- the rule vocabulary round trip ------------------------------------------------ */

static const char vocab_base[] =
	"[profile]\nformat = 1\nname = vocabulary\n"
	"[solve]\nmode = capacity\nmentor_min = 1\nmentor_min_field = minimum\n"
	"[field.id]\ntype = id\n"
	"[field.email]\ntype = email\n"
	"[field.name]\ntype = text\n"
	"[field.tz]\ntype = number\naliases = PST => -8 | CET => 1\n"
	"[field.minimum]\ntype = number\n"
	"[field.year]\ntype = ordinal\nscale = 1 | 2 | 3 | 4\n"
	"[field.skills]\ntype = multi\nseparator = \", \"\nwildcard = Anything\n"
	"[field.avail]\ntype = multi\n"
	"[field.pref]\ntype = category\nwildcard = No preference\n"
	"[field.gender]\ntype = category\n"
	"[field.goal]\ntype = category\n"
	"[field.named]\ntype = multi\nseparator = \";\"\n"
	"[columns.mentors]\nid = ID\nemail = Email\ntz = Zone\nminimum = Min\nskills = Skills\n"
	"avail.1 = Mon\navail.2 = Tue\ngender = Gender\ngoal = Expertise\nnamed = Wants\n"
	"[columns.mentees]\nid = ID\navail.1 = Mon\navail.2 = Tue @3\npref = Same gender?\n"
	"goal = Goal\nnamed = Mentors wanted\nskills = Skills\ntz = Zone\n"
	"[rule.skills]\nkind = overlap\nfield = skills\nmeasure = count\nat_least = 1\nweight = 3\n"
	"[rule.avail]\nkind = overlap\nfield = avail\neffect = require\n"
	"[rule.tz]\nkind = gap\nfield = tz\nband.-3..3 = 5\nband.3.5.. = -2\notherwise = forbid\n"
	"[rule.year]\nkind = gap\nfield = year\nband.1.. = 4\nband...0 = -1\n"
	"[rule.goal]\nkind = table\nfield = goal\npairs = Data => Analysis | Data => DDaT\nweight = 5\n"
	"[rule.pref]\nkind = preference\nmentee_field = named\nweights = 10 | 6 | 3\n"
	"[rule.gender]\nkind = same\nmentor_field = gender\nmentee_field = pref\n"
	"when = mentee.pref = Yes | yes please\nunless = mentor.gender = X\nweight = 2\n"
	"[history]\nweight = -20\nmentor_column = Mentor ID\nmentee_column = Mentee ID\n";

/* A random list item whose key (text_key) is not empty. */
static char *random_item(size_t maxlen)
{
	for (;;) {
		char *s = random_string(1, maxlen);
		char *k = text_key_dup(s);
		int ok = k && *k;
		free(k);
		if (ok)
			return s;
		free(s);
	}
}

/* n random items, distinct as categories, into a new array. */
static char **random_items(size_t n, size_t maxlen)
{
	char **v = calloc(n ? n : 1, sizeof *v);
	assert_non_null(v);
	for (size_t k = 0; k < n; k++) {
		int clash;
		do {
			v[k] = random_item(maxlen);
			clash = 0;
			for (size_t j = 0; j < k; j++)
				if (text_same(v[k], v[j]) != 0)
					clash = 1;
			if (clash)
				free(v[k]);
		} while (clash);
	}
	return v;
}

static void free_items(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

/* A random number in units of 1/1000000 with up to 3 decimals, |x| < 100. */
static long long random_number(void)
{
	return ((long long)rnd(200000) - 100000) * 1000;
}

static void test_vocabulary_roundtrip(void **state)
{
	struct profile p, q;
	struct diag d = { 0 };
	(void)state;

	/* the base loads and means what it says */
	if (profile_load_string(&p, "vocab.ini", vocab_base, &d) != 0) {
		print_diag(&d);
		fail();
	}
	int tz = profile_field_index(&p, "tz"), skills = profile_field_index(&p, "skills");
	int pref = profile_field_index(&p, "pref"), avail = profile_field_index(&p, "avail");
	assert_int_equal(p.fields[profile_field_index(&p, "id")].type, FIELD_ID);
	assert_int_equal(profile_identity_field(&p), profile_field_index(&p, "id"));
	assert_int_equal(p.solve.mentor_min, 1);
	assert_int_equal(p.rules[0].kind, RULE_OVERLAP);
	assert_int_equal(p.rules[0].measure, MEASURE_COUNT);
	assert_int_equal(p.rules[1].effect, EFFECT_REQUIRE);
	assert_true(p.rules[2].bands[0].lo == -3000000 && p.rules[2].bands[0].hi == 3000000);
	assert_true(p.rules[2].bands[1].lo == 3500000 && p.rules[2].bands[1].hi == GAP_OPEN_HI);
	assert_true(p.rules[3].bands[1].lo == GAP_OPEN_LO && p.rules[3].bands[1].hi == 0);
	assert_int_equal(p.rules[4].npairs, 2);
	assert_string_equal(p.rules[4].pairs[1].mentor, "DDaT");
	assert_int_equal(p.rules[5].nweights, 3);
	assert_int_equal(p.rules[5].mentor_field, RULE_NO_FIELD);
	assert_int_equal(p.rules[6].when.side, SIDE_MENTEE);
	assert_int_equal(p.rules[6].when.nvalues, 2);
	assert_string_equal(p.rules[6].when.values[1], "yes please");
	assert_int_equal(p.rules[6].unless.side, SIDE_MENTOR);
	assert_int_equal(p.history.forbid, 0);
	assert_int_equal(p.history.weight, -20);
	assert_int_equal(profile_numbered(&p, SIDE_MENTEE, (size_t)avail)->at[1], 3);
	assert_null(p.columns[SIDE_MENTOR][avail]);
	assert_int_equal(profile_check(&p, &d), 0);
	profile_free(&p);
	diag_free(&d);

	for (int iter = 0; iter < 300; iter++) {
		assert_int_equal(profile_load_string(&p, "vocab.ini", vocab_base, NULL), 0);
		/* fields: aliases of the number, wildcards */
		{
			struct field_def *f = &p.fields[tz];
			size_t n = rnd(4);
			char **sp = random_items(n, 20);
			for (size_t k = 0; k < f->naliases; k++) {
				free(f->aliases[k].spelling);
				free(f->aliases[k].value);
			}
			free(f->aliases);
			f->aliases = n ? calloc(n, sizeof *f->aliases) : NULL;
			f->naliases = n;
			for (size_t k = 0; k < n; k++) {
				char num[40];
				text_number_format(random_number(), num, sizeof num);
				f->aliases[k].spelling = sp[k];
				f->aliases[k].value = strdup(num);
			}
			free(sp);
		}
		for (int w = 0; w < 2; w++) {
			struct field_def *f = &p.fields[w ? pref : skills];
			free_items(f->wildcards, f->nwildcards);
			f->nwildcards = rnd(3);
			f->wildcards = f->nwildcards ? random_items(f->nwildcards, 30) : NULL;
		}
		/* several columns */
		for (int side = 0; side < SIDE_COUNT; side++) {
			struct column_list *c = &p.numbered[side][avail];
			size_t n = 1 + rnd(5);
			free_items(c->header, c->n);
			free(c->at);
			c->header = calloc(n, sizeof *c->header);
			c->at = calloc(n, sizeof *c->at);
			c->n = n;
			for (size_t k = 0; k < n; k++) {
				c->header[k] = random_string(1, 50);
				c->at[k] = rnd(3) ? 0 : 1 + (long)rnd(60);
			}
		}
		/* rules */
		p.rules[0].measure = (enum rule_measure)rnd(3);
		p.rules[0].at_least = 1 + (long)rnd(5);
		p.rules[0].weight = (long)rnd(2000001) - 1000000;
		p.rules[1].effect = (enum rule_effect)rnd(3);
		p.rules[1].weight = (long)rnd(100);
		{
			/* non-overlapping bands from sorted cut points */
			struct rule *r = &p.rules[2];
			size_t n = 1 + rnd(4);
			long long cut[10];
			for (size_t k = 0; k < 2 * n; k++)
				cut[k] = random_number();
			for (size_t a = 1; a < 2 * n; a++)
				for (size_t b = a; b > 0 && cut[b - 1] > cut[b]; b--) {
					long long t = cut[b];
					cut[b] = cut[b - 1];
					cut[b - 1] = t;
				}
			int distinct = 1;
			for (size_t k = 1; k < 2 * n; k++)
				distinct &= cut[k] > cut[k - 1];
			if (!distinct)
				n = 1;
			free(r->bands);
			r->bands = calloc(n, sizeof *r->bands);
			r->nbands = n;
			for (size_t k = 0; k < n; k++) {
				r->bands[k].lo = k == 0 && rnd(3) == 0 ? GAP_OPEN_LO : cut[2 * k];
				r->bands[k].hi = k + 1 == n && rnd(3) == 0 ? GAP_OPEN_HI : cut[2 * k + 1];
				if (!distinct)
					r->bands[k].lo = r->bands[k].hi = cut[0];
				r->bands[k].weight = (long)rnd(200) - 100;
			}
			r->otherwise_forbid = (int)rnd(2);
			r->otherwise_weight = (long)rnd(50);
		}
		{
			struct rule *r = &p.rules[4];
			size_t n = 1 + rnd(4);
			for (size_t k = 0; k < r->npairs; k++) {
				free(r->pairs[k].mentee);
				free(r->pairs[k].mentor);
			}
			free(r->pairs);
			r->pairs = calloc(n, sizeof *r->pairs);
			r->npairs = n;
			for (size_t k = 0; k < n; k++) {
				r->pairs[k].mentee = random_item(40);
				r->pairs[k].mentor = random_item(40);
			}
		}
		{
			struct rule *r = &p.rules[5];
			size_t n = 1 + rnd(6);
			free(r->weights);
			r->weights = calloc(n, sizeof *r->weights);
			r->nweights = n;
			for (size_t k = 0; k < n; k++)
				r->weights[k] = (long)rnd(41) - 20;
			if (rnd(3) == 0)
				r->mentor_field = (size_t)profile_field_index(&p, "named");
		}
		{
			struct rule *r = &p.rules[6];
			pi_free_cond_test(&r->when);
			r->when.given = 1;
			r->when.side = SIDE_MENTEE;
			r->when.field = (size_t)pref;
			r->when.nvalues = 1 + rnd(4);
			r->when.values = random_items(r->when.nvalues, 30);
			if (rnd(2)) {
				pi_free_cond_test(&r->unless);
			}
		}
		/* solve and history */
		p.solve.mentor_min = (long)rnd(1001);
		if (rnd(2))
			p.solve.mentor_min_field = -1;
		p.history.forbid = (int)rnd(2);
		p.history.weight = (long)rnd(2000001) - 1000000;
		for (int side = 0; side < SIDE_COUNT; side++) {
			free(p.history.column[side]);
			p.history.column[side] = rnd(3) ? random_item(40) : NULL;
		}
		roundtrip(&p, &q);
		profile_free(&p);
		profile_free(&q);
	}
}

static void test_long_value_is_wrapped(void **state)
{
	struct profile p, q;
	char *big = long_value(500), *text;
	size_t lines = 0, cont = 0;
	(void)state;

	load_civil(&p);
	set_str(&p.fields[0].label, big);
	text = write_to_string(&p);
	assert_lines_ok(text);
	/* The label is written over several quoted, indented pieces. */
	{
		const char *at = strstr(text, "[field.first_name]\nlabel = \"");
		assert_non_null(at);
		at = strchr(at, '\n') + 1;
		while (at && strncmp(at, "type =", 6) != 0) {
			const char *nl = strchr(at, '\n');
			assert_non_null(nl);
			assert_int_equal(nl[-1], '"');
			if (lines++ > 0) {
				assert_memory_equal(at, "    \"", 5);
				cont++;
			}
			at = nl + 1;
		}
	}
	assert_true(cont >= 4);
	assert_int_equal(profile_load_string(&q, "wrapped.ini", text, NULL), 0);
	assert_string_equal(q.fields[0].label, big);
	free(text);
	free(big);
	profile_free(&p);
	profile_free(&q);
}

/* ---- saving, copying, helpers -------------------------------------------- */

static void test_save_atomic(void **state)
{
	char dir[] = "/tmp/test_profile.XXXXXX", path[256], bad[300];
	struct profile p, q;
	struct diag d = { 0 };
	struct stat st;
	DIR *dp;
	struct dirent *de;
	int files = 0;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/saved.ini", dir);
	load_civil(&p);
	umask(077);  /* the mode must not depend on the umask */
	assert_int_equal(profile_save(&p, path, &d), 0);
	umask(022);
	assert_int_equal(d.n, 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);

	p.rules[2].weight = 11;
	assert_int_equal(profile_save(&p, path, &d), 0);  /* replaces the file */
	assert_int_equal(profile_load(&q, path, &d), 0);
	assert_same_profile(&p, &q);
	assert_int_equal(q.rules[2].weight, 11);
	assert_string_equal(q.path, path);

	/* No temporary file is left behind. */
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			files++;
	closedir(dp);
	assert_int_equal(files, 1);

	snprintf(bad, sizeof bad, "%s/no-such-dir/saved.ini", dir);
	assert_int_equal(profile_save(&p, bad, &d), -1);
	assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
	assert_string_equal(d.items[0].file, bad);
	assert_non_null(strstr(d.items[0].msg, "No such file"));

	unlink(path);
	rmdir(dir);
	profile_free(&p);
	profile_free(&q);
	diag_free(&d);
}

static void test_write_error(void **state)
{
	struct profile p;
	FILE *f = fopen("/dev/full", "w");
	(void)state;

	if (!f)
		skip();
	load_civil(&p);
	assert_int_equal(profile_write(&p, f), -1);
	fclose(f);
	profile_free(&p);
}

static void test_copy(void **state)
{
	struct profile p, c, fresh;
	(void)state;

	load_civil(&p);
	assert_int_equal(profile_copy(&c, &p), 0);
	assert_same_profile(&p, &c);
	assert_string_equal(c.path, CIVIL);
	assert_ptr_not_equal(c.fields, p.fields);
	assert_ptr_not_equal(c.fields[5].scale, p.fields[5].scale);
	assert_ptr_not_equal(c.fields[5].scale[0], p.fields[5].scale[0]);
	assert_ptr_not_equal(c.rules[1].bands, p.rules[1].bands);
	assert_ptr_not_equal(c.columns[SIDE_MENTEE], p.columns[SIDE_MENTEE]);
	assert_null(c.fields[8].options);
	profile_free(&c);
	/* the known options are copied too */
	{
		int ch = profile_field_index(&p, "characteristics");
		assert_int_equal(ch, 8);
		p.fields[ch].options = calloc(2, sizeof(char *));
		assert_non_null(p.fields[ch].options);
		p.fields[ch].noptions = 2;
		set_str(&p.fields[ch].options[0], "Parent, carer or guardian");
		set_str(&p.fields[ch].options[1], "Neurodivergent");
		assert_int_equal(profile_copy(&c, &p), 0);
		assert_same_profile(&p, &c);
		assert_ptr_not_equal(c.fields[ch].options, p.fields[ch].options);
		assert_ptr_not_equal(c.fields[ch].options[0], p.fields[ch].options[0]);
		free(p.fields[ch].options[0]);
		free(p.fields[ch].options[1]);
		free(p.fields[ch].options);
		p.fields[ch].options = NULL;
		p.fields[ch].noptions = 0;
		assert_string_equal(c.fields[ch].options[1], "Neurodivergent");
		profile_free(&c);
	}
	assert_int_equal(profile_copy(&c, &p), 0);
	/* Changing or freeing the original leaves the copy alone. */
	p.rules[1].bands[0].weight = 99;
	set_str(&p.fields[5].scale[0], "changed");
	profile_free(&p);
	load_civil(&fresh);
	assert_same_profile(&fresh, &c);
	profile_free(&fresh);
	profile_free(&c);
}

static void test_helpers(void **state)
{
	struct profile p;
	(void)state;

	load_civil(&p);
	assert_int_equal(profile_field_index(&p, "grade"), 5);
	assert_int_equal(profile_field_index(&p, "first_name"), 0);
	assert_int_equal(profile_field_index(&p, "Grade"), -1);
	assert_int_equal(profile_field_index(&p, "nope"), -1);
	assert_string_equal(profile_side_name(SIDE_MENTOR), "mentors");
	assert_string_equal(profile_side_name(SIDE_MENTEE), "mentees");

	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 5, "Pay band"), 0);
	assert_string_equal(p.columns[SIDE_MENTEE][5], "Pay band");
	assert_int_equal(profile_set_column(&p, SIDE_MENTEE, 5, NULL), 0);
	assert_null(p.columns[SIDE_MENTEE][5]);
	assert_int_equal(profile_set_column(&p, SIDE_MENTOR, 5, ""), 0);
	assert_null(p.columns[SIDE_MENTOR][5]);
	assert_int_equal(profile_set_column(&p, SIDE_MENTOR, 12, "x"), -1);
	profile_free(&p);
}

/* ---- C14: the INI traps ------------------------------------------------------ */

static void test_c14_original(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	size_t len;
	char *raw = read_file(C14_ORIGINAL, &len);
	(void)state;

	/* The copy is byte-exact: BOM and CRLF. */
	assert_int_equal(len, 238);
	assert_memory_equal(raw, "\xEF\xBB\xBF[csv]\r\n", 8);
	assert_non_null(strstr(raw, "delimiter = ;\r\n"));
	free(raw);

	/* Its key names are placeholders: both sections are reported as unknown,
	 * and [csv] by its plain name on line 1 (inih skipped the BOM). */
	assert_int_equal(profile_load(&p, C14_ORIGINAL, &d), -1);
	assert_true(is_empty_profile(&p));
	expect_error(&d, 1, "unknown section [csv]");
	expect_error(&d, 6, "unknown section [weights]");
	for (size_t i = 0; i < d.n; i++)
		assert_null(strstr(d.items[i].msg, "\xEF\xBB\xBF"));
	diag_free(&d);
}

static void test_c14_adapted(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	char *text;
	int chars, sep_rule;
	(void)state;

	assert_int_equal(profile_load(&p, C14_ADAPTED, &d), -1);
	assert_true(is_empty_profile(&p));
	/* delimiter = ; arrives empty: said so on line 3, with the spelling to use. */
	expect_error(&d, 3, "delimiter is empty");
	expect_error(&d, 3, "delimiter = semicolon");
	/* weight given twice: both lines named. */
	expect_error(&d, 15, "given twice");
	expect_error(&d, 15, "lines 13 and 15");
	/* Only white space + ';' starts a comment: these are not numbers. */
	expect_error(&d, 20, "'2;tie-breaker' is not a number");
	expect_error(&d, 26, "'1 # shared identities' is not a number");
	/* Nothing else: the BOM header, the quoted separator and "3 ; comment" are fine. */
	assert_int_equal(diag_count(&d, DIAG_ERROR), 4);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.items[0].file, C14_ADAPTED);
	diag_free(&d);

	/* Fixed as the messages say, keeping the BOM and CRLF. */
	text = read_file(C14_ADAPTED, NULL);
	text = replace(text, "delimiter = ;\r\n", "delimiter = semicolon\r\n");
	text = replace(text, "weight = 5\r\n", "; weight = 5\r\n");
	text = replace(text, "2;tie-breaker", "2 ;tie-breaker");
	text = replace(text, "1 # shared identities", "1");
	assert_memory_equal(text, "\xEF\xBB\xBF[columns.mentors]\r\n", 22);
	if (profile_load_string(&p, "c14-fixed.ini", text, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_int_equal(d.n, 0);
	assert_int_equal(p.delimiter[SIDE_MENTOR], ';');
	assert_int_equal(p.delimiter[SIDE_MENTEE], 0);
	chars = profile_field_index(&p, "characteristics");
	assert_int_equal(chars, 0);
	assert_string_equal(p.fields[chars].separator, ", ");
	assert_int_equal(strlen(p.fields[chars].separator), 2);
	assert_string_equal(p.columns[SIDE_MENTOR][chars], "characteristics");
	assert_int_equal(p.nrules, 3);
	assert_string_equal(p.rules[0].label, "same grade");
	assert_int_equal(p.rules[0].weight, 3);
	assert_int_equal(p.rules[1].weight, 2);
	assert_int_equal(p.rules[2].weight, 1);
	sep_rule = 2;
	assert_int_equal(p.rules[sep_rule].kind, RULE_CONTAINS);
	assert_int_equal(p.rules[sep_rule].mentor_field, (size_t)chars);
	assert_int_equal(p.rules[sep_rule].mentee_field, (size_t)profile_field_index(&p, "identity"));
	assert_null(p.path);
	profile_free(&p);
	free(text);
	diag_free(&d);
}

/* ---- errors ---------------------------------------------------------------------- */

/* A small valid profile: 16 lines. */
static const char base[] =
	"[profile]\n"                       /* 1 */
	"name = base\n"                     /* 2 */
	"[field.email]\n"                   /* 3 */
	"type = email\n"                    /* 4 */
	"[field.grade]\n"                   /* 5 */
	"type = ordinal\n"                  /* 6 */
	"scale = low | mid | high\n"        /* 7 */
	"[field.org]\n"                     /* 8 */
	"type = category\n"                 /* 9 */
	"[field.bio]\n"                     /* 10 */
	"type = text\n"                     /* 11 */
	"[rule.gap]\n"                      /* 12 */
	"kind = gap\n"                      /* 13 */
	"field = grade\n"                   /* 14 */
	"band.1 = 5\n"                      /* 15 */
	"[columns.mentors]\n";              /* 16 */
#define BASE_LINES 16

struct error_case {
	const char *tail;        /* appended to base */
	unsigned long line;      /* 0: line of base + n, see below */
	unsigned long tail_line; /* the line within tail (1-based), when line is 0 */
	const char *what;
};

static const struct error_case error_cases[] = {
	{ "[profile]\nname = again\n", 17, 0, "[profile] appears again (first at line 1)" },
	{ "email = Email\n[solve]\nround = 3\n", 0, 3, "unknown key 'round' in [solve]; did you mean rounds?" },
	{ "[solve]\nrounds = three\n", 0, 2, "'three' is not a number" },
	{ "[solve]\nrounds = 10\n", 0, 2, "from 1 to 9" },
	{ "[solve]\nrounds = 0\n", 0, 2, "from 1 to 9" },
	{ "[solve]\nunmatched_bonus = 5 points\n", 0, 2, "'5 points' is not a number" },
	{ "[solve]\nrounds = 99999999999999999999999\n", 0, 2, "from 1 to 9" },
	{ "[solve]\nmode = flow\n", 0, 2, "write rounds or capacity" },
	{ "[solve]\nunmatched_bonus = 1000001\n", 0, 2, "from -1000000 to 1000000" },
	{ "[solve]\nobjective = most\n", 0, 2, "write quality or coverage" },
	{ "[solve]\nmin_score = low\n", 0, 2, "'low' is not a number" },
	{ "[solve]\nmentor_capacity = -1\n", 0, 2, "from 0 to 1000" },
	{ "[solve]\nmentee_capacity_field = nosuch\n", 0, 2, "there is no field" },
	{ "[solver]\nrounds = 2\n", 0, 1, "unknown section [solver]; did you mean [solve]?" },
	{ "[field]\ntype = text\n", 0, 1, "it needs a name" },
	{ "[field.job title]\ntype = text\n", 0, 1, "must be a name made of letters" },
	{ "[field.delimiter]\ntype = text\n", 0, 1, "cannot be called 'delimiter'" },
	{ "[field.x]\nlabel = x\n", 0, 1, "[field.x] has no type" },
	{ "[field.x]\ntype = txt\n", 0, 2, "write text, email, category, ordinal, multi, number or id" },
	{ "[field.x]\ntype = ordinal\n", 0, 1, "ordinal but has no scale" },
	{ "[field.x]\ntype = multi\n", 0, 1, "multi but has no separator" },
	{ "[field.x]\ntype = multi\nseparator = ;\n", 0, 3, "separator is empty" },
	{ "[field.x]\ntype = text\nscale = a | b\n", 0, 3, "scale is only for type = ordinal" },
	{ "[field.x]\ntype = ordinal\nscale = a | | b\n", 0, 3, "empty item" },
	{ "[field.x]\ntype = ordinal\nscale = a | B | b\n", 0, 3, "'B' and 'b' are the same" },
	{ "[field.x]\ntype = category\noptions = a | b\n", 0, 3, "options is only for type = multi" },
	{ "[field.x]\ntype = multi\nseparator = \", \"\noptions = a, b | | c\n", 0, 4, "empty item" },
	{ "[field.x]\ntype = multi\nseparator = \", \"\noptions = Carer | carer\n", 0, 4, "'Carer' and 'carer' are the same" },
	{ "[field.x]\ntype = email\n", 0, 2, "second email field (the first is email, line 4)" },
	{ "[rule.r]\nkind = same\nfield = orgg\nweight = 1\n", 0, 3, "there is no field 'orgg'; did you mean org?" },
	{ "[rule.r]\nkind = same\nmentor_field = org\nmentee_field = nope\nweight = 1\n", 0, 4, "there is no field 'nope'" },
	{ "[rule.r]\nkind = gap\nfield = org\nband.1 = 2\n", 0, 3, "a gap rule reads ordinal or number fields, but org is category" },
	{ "[rule.r]\nkind = same\nfield = bio\nweight = 2\n", 0, 3, "text, which is never scored" },
	{ "[rule.r]\nkind = same\nfield = org\n", 0, 1, "has no weight" },
	{ "[rule.r]\nkind = same\nfield = org\neffect = forbid\nweight = 3\n", 0, 5, "weight does nothing" },
	{ "[rule.r]\nkind = same\nfield = org\nmentor_field = org\nweight = 1\n", 0, 4, "not both" },
	{ "[rule.r]\nkind = same\nmentor_field = org\nweight = 1\n", 0, 1, "no mentee_field" },
	{ "[rule.r]\nkind = equal\nfield = org\nweight = 1\n", 0, 2, "write same, different, contains, gap, overlap, table or preference" },
	{ "[rule.r]\nfield = org\nweight = 1\n", 0, 1, "has no kind" },
	{ "[rule.r]\nkind = same\nfield = org\nweight = 1\nenabled = maybe\n", 0, 5, "write yes or no" },
	{ "[rule.r]\nkind = same\nfield = org\nweight = 1\nband.1 = 3\n", 0, 5, "only for kind = gap" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.x = 3\n", 0, 4, "the part after 'band.' must be a number" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.0.0000001 = 3\n", 0, 4, "'band.0.0000001': a band's ends may have at most 6 decimals" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.-1..0.1234567 = 3\n", 0, 4, "at most 6 decimals" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.1 = 3\nband.+1 = 4\n", 0, 5, "band.1 overlaps band.1 (line 20)" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.1 = 3\notherwise = never\n", 0, 5, "write forbid, or a whole number" },
	{ "[rule.r]\nkind = gap\nfield = grade\n", 0, 1, "needs at least one band (band.D = points, where D = mentor's value - mentee's value" },
	{ "[rule.r]\nkind = gap\nfield = grade\nband.1 = 3\nweight = 2\n", 0, 5, "weight is only for kind = same, different, contains, overlap or table" },
	{ "[rule.r]\nkind = same\nfield = org\nweight = 1\ncolour = red\n", 0, 5, "unknown key 'colour' in [rule.r]" },
	{ "[rule.bad-id]\nkind = same\nfield = org\nweight = 1\n", 0, 1, "the rule name 'bad-id'" },
	{ "[output]\nfields = email | nope\n", 0, 2, "there is no field 'nope'" },
	{ "[output]\nfields = email | email\n", 0, 2, "listed twice" },
	{ "[output]\nfield = email\n", 0, 2, "did you mean fields?" },
	{ "emial = Email\n", 0, 1, "is not a field or 'delimiter'; each line is FIELD = header text (or FIELD.1 = header" },
	{ "delimiter = pipe\n", 0, 1, "write auto, comma, semicolon or tab" },
	{ "email =\n", 0, 1, "the header text is empty" },
	{ "email = \"Email\n", 0, 1, "the closing double quote is missing" },
	{ "email = \"E ; mail\"\n", 0, 1, "the closing double quote is missing" },
	{ "email = \"E\\qmail\"\n", 0, 1, "unknown escape '\\q'" },
	{ "email = \"E\\x4\"\n", 0, 1, "two hex digits" },
	{ "email = \"E\\x00\"\n", 0, 1, "\\x00 cannot be part of a value" },
	{ "email = \"E\" mail\n", 0, 1, "unexpected text ' mail' after the closing quote" },
	{ "email = Email\n  org = Organisation\n", 0, 2, "continues the value of email from line 17" },
	{ "email = \"Email\"\n  org = Organisation\n", 0, 2, "it is not a quoted string" },
	{ "email = Email\nthis line has no equals sign\n", 0, 2, "it is not a [section] header" },
	{ "[output\n", 0, 1, "with its closing ']'" },
	{ "[output] trailing\nfields = email\n", 0, 1, "unexpected text 'trailing' after the section header" },
	{ "email = Email\nemail = Mail\n", 0, 2, "email is given twice in [columns.mentors] (lines 17 and 18)" },
	{ "= Email\n", 0, 1, "no key before the '='" },
};

static void test_error_messages(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
		const struct error_case *c = &error_cases[i];
		unsigned long line = c->line ? c->line : BASE_LINES + c->tail_line;
		size_t n = strlen(base) + strlen(c->tail) + 1;
		char *text = malloc(n);
		struct profile p;
		struct diag d = { 0 };

		assert_non_null(text);
		snprintf(text, n, "%s%s", base, c->tail);
		if (profile_load_string(&p, "case.ini", text, &d) != -1 ||
		    !find_error(&d, line, c->what)) {
			print_message("case %zu (%s): expected an error at line %lu containing "
				      "\"%s\"; got:\n", i, c->tail, line, c->what);
			print_diag(&d);
			fail();
		}
		assert_true(is_empty_profile(&p));
		assert_string_equal(find_error(&d, line, c->what)->file, "case.ini");
		free(text);
		diag_free(&d);
	}
}

static void test_base_is_valid(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	(void)state;

	assert_int_equal(profile_load_string(&p, "base.ini", base, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(p.nfields, 4);
	profile_free(&p);
}

static void test_errors_elsewhere(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	char line[400], text[1000];
	(void)state;

	/* An indented key right after a section header is a key, not a continuation. */
	assert_int_equal(profile_load_string(&p, "x.ini", "[field.e]\n  type = email\n"
					     "[field.f]\n\t type = text\n  ; comment\n", &d), 0);
	assert_int_equal(p.fields[0].type, FIELD_EMAIL);
	assert_int_equal(p.fields[1].type, FIELD_TEXT);
	profile_free(&p);

	/* Keys before any section. */
	assert_int_equal(profile_load_string(&p, "x.ini", "name = x\n", &d), -1);
	expect_error(&d, 1, "outside any section");
	diag_clear(&d);

	/* No fields at all, then no email field. */
	assert_int_equal(profile_load_string(&p, "x.ini", "[profile]\nname = x\n", &d), -1);
	expect_error(&d, 0, "defines no fields");
	diag_clear(&d);
	assert_int_equal(profile_load_string(&p, "x.ini", "[field.a]\ntype = text\n", &d), -1);
	expect_error(&d, 0, "no field has type = email");
	diag_clear(&d);

	/* format: only 1; a newer one says so and nothing about its new names. */
	assert_int_equal(profile_load_string(&p, "x.ini", "[profile]\nformat = 2\n"
					     "[field.e]\ntype = email\nshape = round\n", &d), -1);
	expect_error(&d, 2, "format 2, written by a newer mentormatch");
	assert_int_equal(d.n, 1);
	diag_clear(&d);
	assert_int_equal(profile_load_string(&p, "x.ini", "[profile]\nformat = 0\n"
					     "[field.e]\ntype = email\n", &d), -1);
	expect_error(&d, 2, "write format = 1");
	diag_clear(&d);

	/* A line longer than inih takes (198 bytes before the newline). */
	memset(line, 'x', sizeof line);
	snprintf(text, sizeof text, "[field.e]\ntype = email\nlabel = %.*s\n", 199 - 8, line);
	assert_int_equal(profile_load_string(&p, "x.ini", text, &d), -1);
	expect_error(&d, 3, "199 bytes long, more than the 198");
	diag_clear(&d);
	snprintf(text, sizeof text, "[field.e]\ntype = email\nlabel = %.*s\n", 198 - 8, line);
	assert_int_equal(profile_load_string(&p, "x.ini", text, &d), 0);
	assert_int_equal(strlen(p.fields[0].label), 190);
	profile_free(&p);

	/* Section names longer than inih keeps. */
	snprintf(text, sizeof text, "[field.%.*s]\ntype = email\n", 44, line);
	assert_int_equal(profile_load_string(&p, "x.ini", text, &d), -1);
	expect_error(&d, 1, "longer than 49 bytes");
	diag_clear(&d);

	/* A section header without its ']': one message, that one (not "longer
	 * than ..."), and nothing about the keys after it. */
	assert_int_equal(profile_load_string(&p, "x.ini", "[field.e]\ntype = email\n"
					     "[columns.mentors]\ne = Email\n[rule.state\n"
					     "label = same state\nkind = same\nfield = e\n", &d), -1);
	assert_int_equal(d.n, 1);
	expect_error(&d, 5, "with its closing ']'");
	diag_clear(&d);

	/* A file that is not a profile at all gives a short list. */
	{
		size_t n = 5000 * 12 + 1;
		char *csv = malloc(n);
		assert_non_null(csv);
		csv[0] = '\0';
		for (int i = 0; i < 5000; i++)
			strcat(csv + (size_t)i * 11, "a,b,c,d,e\r\n");
		assert_int_equal(profile_load_string(&p, "people.csv", csv, &d), -1);
		/* inih reports the first line it cannot read: one message for it,
		 * which asks whether this is a profile, and one for the rest */
		assert_int_equal(d.n, 2);
		expect_error(&d, 1, "not a [section] header");
		expect_error(&d, 1, "is this a mentormatch profile?");
		expect_error(&d, 0, "defines no fields");
		free(csv);
		diag_clear(&d);
	}

	/* Messages come in line order, file-wide ones last. */
	assert_int_equal(profile_load_string(&p, "x.ini", "[field.a]\ntype = text\n[bad\n"
					     "[field.b]\ntype = txt\nlabel = \"x\n", &d), -1);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[1].line, 5);
	assert_int_equal(d.items[2].line, 6);
	assert_int_equal(d.items[3].line, 0);
	diag_free(&d);
}

static void test_missing_file(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	char buf[512];
	const char *path = "tests/data/profiles/does-not-exist.ini";
	(void)state;

	assert_int_equal(profile_load(&p, path, &d), -1);
	assert_true(is_empty_profile(&p));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].level, DIAG_ERROR);
	assert_string_equal(d.items[0].file, path);
	diag_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, path));
	assert_non_null(strstr(buf, "No such file or directory"));
	diag_free(&d);
}

/* ---- value syntax and defaults --------------------------------------------- */

static void test_defaults(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	const char *text =
		"[field.email]\ntype = email\n"
		"[field.org]\ntype = category\n"
		"[rule.org]\nkind = different\nfield = org\nweight = 4\n";
	(void)state;

	assert_int_equal(profile_load_string(&p, "min.ini", text, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(p.name, "");
	assert_null(p.path);
	assert_int_equal(p.solve.mode, MODE_ROUNDS);
	assert_int_equal(p.solve.rounds, 3);
	assert_int_equal(p.solve.unmatched_bonus, 0);
	assert_string_equal(p.fields[1].label, "org");   /* label defaults to the name */
	assert_string_equal(p.rules[0].label, "org");
	assert_int_equal(p.rules[0].enabled, 1);
	assert_int_equal(p.rules[0].effect, EFFECT_SCORE);
	assert_int_equal(p.rules[0].kind, RULE_DIFFERENT);
	assert_int_equal(p.rules[0].weight, 4);
	assert_int_equal(p.rules[0].empty_forbid, 1);
	assert_int_equal(p.delimiter[SIDE_MENTOR], 0);
	assert_null(p.columns[SIDE_MENTOR][0]);
	assert_int_equal(p.noutput, 2);                  /* no [output]: every field */
	assert_int_equal(p.output_fields[1], 1);
	profile_free(&p);

	/* A gap rule: otherwise defaults to forbid; a band out of reach warns. */
	assert_int_equal(profile_load_string(&p, "gap.ini",
		"[field.email]\ntype = email\n[field.g]\ntype = ordinal\nscale = a | b | c\n"
		"[rule.g]\nkind = gap\nfield = g\nband.-2 = 1\nband.3 = 7\n[output]\nfields =\n",
		&d), 0);
	assert_int_equal(p.rules[0].otherwise_forbid, 1);
	assert_int_equal(p.rules[0].empty_forbid, 1);
	assert_true(p.rules[0].bands[0].lo == -2000000 && p.rules[0].bands[0].hi == -2000000);
	assert_int_equal(diag_count(&d, DIAG_WARNING), 1);
	assert_int_equal(d.items[0].line, 10);
	assert_non_null(strstr(d.items[0].msg, "band.3 can never apply"));
	assert_int_equal(p.noutput, 0);                  /* fields = (empty): none */
	profile_free(&p);
	diag_free(&d);
}

static void test_value_syntax(void **state)
{
	struct profile p;
	struct diag d = { 0 };
	const char *text =
		"[profile]\n"
		"name = \"  Zoë's \\\"team\\\" \\; \\| \\t\\n\\x41\\xc3\\xa9 \"\n"
		"[field.email]\n"
		"label: e-mail ; colon form, inline comment\n"
		"type = EMAIL\n"
		"[field.grade]\n"
		"type = ordinal\n"
		"; the README's example of a value over several lines\n"
		"scale = \"AA | AO | EO | HEO \"\n"
		"    \"| SEO | Grade 7\" ; a comment after a piece\n"
		"[field.tags]\n"
		"type = multi\n"
		"separator = \" | \"\n"
		"[field.odd]\n"
		"type = ordinal\n"
		"scale = \"\\x20lead | trail\\x20 | a\\|b | semi\\;colon\" \n"
		"[field.plain]\n"
		"type = ordinal\n"
		"scale = back\\slash|x\"y  |  \"z\n"
		"[columns.mentees]\n"
		"delimiter = Tab\n"
		"email = \"\\\"\"\n"
		"[rule.r]\n"
		"kind = contains\n"
		"mentor_field = tags\n"
		"mentee_field = grade\n"
		"weight = \"-3\"\n"
		"enabled = No\n"
		"[rule.s]\n"
		"kind = same\n"
		"field = grade\n"
		"weight = 3 ; comment\n";
	(void)state;

	if (profile_load_string(&p, "syntax.ini", text, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_string_equal(p.name, "  Zoë's \"team\" ; | \t\nAé ");
	assert_string_equal(p.fields[0].label, "e-mail");
	assert_int_equal(p.fields[0].type, FIELD_EMAIL);
	assert_int_equal(p.fields[1].nscale, 6);
	assert_string_equal(p.fields[1].scale[3], "HEO");
	assert_string_equal(p.fields[1].scale[4], "SEO");
	assert_string_equal(p.fields[1].scale[5], "Grade 7");
	assert_string_equal(p.fields[2].separator, " | ");
	assert_int_equal(p.fields[3].nscale, 4);
	assert_string_equal(p.fields[3].scale[0], " lead");
	assert_string_equal(p.fields[3].scale[1], "trail ");
	assert_string_equal(p.fields[3].scale[2], "a|b");
	assert_string_equal(p.fields[3].scale[3], "semi;colon");
	/* Unquoted: backslashes and quotes are plain text, every '|' separates. */
	assert_int_equal(p.fields[4].nscale, 3);
	assert_string_equal(p.fields[4].scale[0], "back\\slash");
	assert_string_equal(p.fields[4].scale[1], "x\"y");
	assert_string_equal(p.fields[4].scale[2], "\"z");
	assert_int_equal(p.delimiter[SIDE_MENTEE], '\t');
	assert_string_equal(p.columns[SIDE_MENTEE][0], "\"");
	assert_int_equal(p.rules[0].weight, -3);
	assert_int_equal(p.rules[0].enabled, 0);
	assert_int_equal(p.rules[0].mentor_field, 2);
	assert_int_equal(p.rules[0].mentee_field, 1);
	/* field = X sets both sides. */
	assert_int_equal(p.rules[1].mentor_field, 1);
	assert_int_equal(p.rules[1].mentee_field, 1);
	assert_int_equal(p.rules[1].weight, 3);
	profile_free(&p);
	diag_free(&d);
}

/* The known options of a multi field (C04): a list whose items may hold the
 * separator; an empty list is no options; written back only when given. */
static void test_options(void **state)
{
	static const char text[] =
		"[profile]\nformat = 1\n"
		"[field.email]\ntype = email\n"
		"[field.characteristics]\ntype = multi\nseparator = \", \"\n"
		"options = Parent, carer or guardian | Neurodivergent | "
		"First in family to go to university\n"
		"[field.tags]\ntype = multi\nseparator = \";\"\n"
		"options =\n"
		"[field.odd]\ntype = multi\nseparator = \"|\"\n"
		"options = \"a\\|b | \\x20c\"\n";
	struct profile p, q;
	struct diag d = { 0 };
	char *out;
	(void)state;

	if (profile_load_string(&p, "o.ini", text, &d) != 0) {
		print_diag(&d);
		fail();
	}
	assert_int_equal(d.n, 0);
	assert_int_equal(p.fields[1].noptions, 3);
	assert_string_equal(p.fields[1].options[0], "Parent, carer or guardian");
	assert_string_equal(p.fields[1].options[1], "Neurodivergent");
	assert_string_equal(p.fields[1].options[2], "First in family to go to university");
	assert_int_equal(p.fields[2].noptions, 0);
	assert_null(p.fields[2].options);
	assert_int_equal(p.fields[3].noptions, 2);
	assert_string_equal(p.fields[3].options[0], "a|b");
	assert_string_equal(p.fields[3].options[1], " c");
	out = write_to_string(&p);
	assert_non_null(strstr(out, "options = Parent, carer or guardian | Neurodivergent | "
			       "First in family to go to university\n"));
	/* no options: no key */
	{
		const char *tags = strstr(out, "[field.tags]"), *odd = strstr(out, "[field.odd]");
		const char *opt = strstr(tags, "options");
		assert_non_null(odd);
		assert_true(opt > odd);
	}
	free(out);
	roundtrip(&p, &q);
	profile_free(&q);
	profile_free(&p);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_service_loads),
		cmocka_unit_test(test_civil_service_roundtrip),
		cmocka_unit_test(test_edited_settings_roundtrip),
		cmocka_unit_test(test_nasty_strings_roundtrip),
		cmocka_unit_test(test_random_roundtrip),
		cmocka_unit_test(test_vocabulary_roundtrip),
		cmocka_unit_test(test_long_value_is_wrapped),
		cmocka_unit_test(test_save_atomic),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_c14_original),
		cmocka_unit_test(test_c14_adapted),
		cmocka_unit_test(test_base_is_valid),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_errors_elsewhere),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_value_syntax),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
