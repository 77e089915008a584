/* profile_edit.c - changing the profile's structure: a new profile, fields
 * and rules added, renamed, removed and moved, with every index that
 * points at them kept right.  The values of keys change through
 * profile_key_set (profile_keys.c). */
#include "profile_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int profile_new(struct profile *p, const char *name)
{
	char err[200];

	memset(p, 0, sizeof *p);
	p->group_by = -1;
	p->solve.capacity_field[0] = p->solve.capacity_field[1] = -1;
	p->solve.mentor_min_field = -1;
	p->fields = calloc(1, sizeof *p->fields);
	p->rules = calloc(1, sizeof *p->rules);
	p->output_fields = calloc(1, sizeof *p->output_fields);
	for (int s = 0; s < SIDE_COUNT; s++)
		p->columns[s] = calloc(1, sizeof *p->columns[s]);
	if (!p->fields || !p->rules || !p->output_fields || !p->columns[0] || !p->columns[1] ||
	    profile_key_defaults(p, PSEC_PROFILE, 0) < 0 ||
	    profile_key_defaults(p, PSEC_SOLVE, 0) < 0 ||
	    profile_key_defaults(p, PSEC_HISTORY, 0) < 0 ||
	    profile_key_defaults(p, PSEC_COLUMNS, 0) < 0 ||
	    profile_key_defaults(p, PSEC_SIGNUPS, 0) < 0 ||
	    (name && profile_key_set_text(p, PK_PROFILE_NAME, 0, name, err, sizeof err) < 0)) {
		profile_free(p);
		return -1;
	}
	return 0;
}

/* Is name free for a new field (or rule, with rules set)? */
static int name_check(const struct profile *p, const char *name, int rules, long except,
		      char *err, size_t len)
{
	struct shown sh;
	if (!name || !pi_is_ident(name)) {
		snprintf(err, len, "%s is not a name: use letters, digits and '_' (as in %s)",
			 pi_show(&sh, name ? name : ""), rules ? "same_profession" : "job_title");
		return -1;
	}
	if (strlen(name) > 40) {
		snprintf(err, len, "the name is longer than 40 characters; use a shorter one");
		return -1;
	}
	if (!rules && !strcmp(name, "delimiter")) {
		snprintf(err, len, "a field cannot be called 'delimiter' (a key of [columns.*])");
		return -1;
	}
	for (size_t i = 0; i < (rules ? p->nrules : p->nfields); i++) {
		const char *other = rules ? p->rules[i].id : p->fields[i].name;
		if ((long)i != except && other && !strcmp(other, name)) {
			snprintf(err, len, "there is already a %s called %s", rules ? "rule" : "field",
				 name);
			return -1;
		}
	}
	return 0;
}

/* Grows an array of n elements of size sz by one zeroed element. */
static int grow_one(void **a, size_t n, size_t sz)
{
	char *na = realloc(*a, (n + 1) * sz);
	if (!na)
		return -1;
	memset(na + n * sz, 0, sz);
	*a = na;
	return 0;
}

long profile_add_field(struct profile *p, const char *name, enum field_type type, char *err,
		       size_t len)
{
	size_t n = p->nfields;
	struct field_def f = { 0 };

	if (name_check(p, name, 0, -1, err, len) < 0)
		return -1;
	if ((size_t)type >= FIELD_TYPE_COUNT) {
		snprintf(err, len, "no such type");
		return -1;
	}
	f.type = type;
	if (!(f.name = pi_dupstr(name)) || !(f.label = pi_dupstr(name)))
		goto oom;
	if (grow_one((void **)&p->fields, n, sizeof *p->fields) < 0)
		goto oom;
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (grow_one((void **)&p->columns[s], n, sizeof *p->columns[s]) < 0)
			goto oom;
		if (p->column_at[s] && grow_one((void **)&p->column_at[s], n,
						sizeof *p->column_at[s]) < 0)
			goto oom;
		if (p->numbered[s] && grow_one((void **)&p->numbered[s], n,
					       sizeof *p->numbered[s]) < 0)
			goto oom;
	}
	/* a new field is written to the lists too, as every field is without
	 * [output] fields */
	{
		size_t *no = realloc(p->output_fields, (p->noutput + 1) * sizeof *no);
		if (!no)
			goto oom;
		p->output_fields = no;
		no[p->noutput++] = n;
	}
	p->fields[n] = f;
	p->nfields = n + 1;
	return (long)n;
oom:
	free(f.name);
	free(f.label);
	snprintf(err, len, "out of memory");
	return -1;
}

static void add_use(char *buf, size_t len, size_t *o, size_t *n, const char *what)
{
	if (*o < len)
		*o += (size_t)snprintf(buf + *o, len - *o, "%s%s", *n ? ", " : "", what);
	if (*o >= len)
		*o = len;
	(*n)++;
}

size_t profile_field_uses(const struct profile *p, size_t f, char *buf, size_t len)
{
	size_t o = 0, n = 0;
	char what[200];

	if (len)
		buf[0] = '\0';
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		if (rule_reads(ru, SIDE_MENTOR, f) || rule_reads(ru, SIDE_MENTEE, f)) {
			snprintf(what, sizeof what, "rule %s", ru->label && *ru->label ? ru->label : ru->id);
			add_use(buf, len, &o, &n, what);
		}
	}
	for (size_t k = 0; k < p->noutput; k++)
		if (p->output_fields[k] == f)
			add_use(buf, len, &o, &n, "the output lists");
	if (p->group_by == (long)f)
		add_use(buf, len, &o, &n, "the summary's groups");
	for (int s = 0; s < SIDE_COUNT; s++)
		if (p->solve.capacity_field[s] == (long)f)
			add_use(buf, len, &o, &n, s ? "the mentees' capacity" : "the mentors' capacity");
	if (p->solve.mentor_min_field == (long)f)
		add_use(buf, len, &o, &n, "the mentors' minimum");
	return n;
}

/* An index into the fields after field f is removed. */
static void shift_index(size_t *x, size_t f)
{
	if (*x != RULE_NO_FIELD && *x > f)
		(*x)--;
}

static void shift_long(long *x, size_t f)
{
	if (*x == (long)f)
		*x = -1;
	else if (*x > (long)f)
		(*x)--;
}

int profile_remove_field(struct profile *p, size_t f, char *err, size_t len)
{
	char users[300];
	size_t k = 0;

	if (f >= p->nfields) {
		snprintf(err, len, "no such field");
		return -1;
	}
	for (size_t r = 0; r < p->nrules; r++)
		if (rule_reads(&p->rules[r], SIDE_MENTOR, f) || rule_reads(&p->rules[r], SIDE_MENTEE, f)) {
			profile_field_uses(p, f, users, sizeof users);
			snprintf(err, len, "%s is read by rules (%s): change or remove them first",
				 p->fields[f].name, users);
			return -1;
		}
	pi_free_field(&p->fields[f]);
	memmove(&p->fields[f], &p->fields[f + 1], (p->nfields - f - 1) * sizeof *p->fields);
	for (int s = 0; s < SIDE_COUNT; s++) {
		free(p->columns[s][f]);
		memmove(&p->columns[s][f], &p->columns[s][f + 1],
			(p->nfields - f - 1) * sizeof *p->columns[s]);
		if (p->column_at[s])
			memmove(&p->column_at[s][f], &p->column_at[s][f + 1],
				(p->nfields - f - 1) * sizeof *p->column_at[s]);
		if (p->numbered[s]) {
			struct column_list *c = &p->numbered[s][f];
			pi_free_strv(c->header, c->n);
			free(c->at);
			memmove(&p->numbered[s][f], &p->numbered[s][f + 1],
				(p->nfields - f - 1) * sizeof *p->numbered[s]);
		}
	}
	p->nfields--;
	for (size_t r = 0; r < p->nrules; r++) {
		struct rule *ru = &p->rules[r];
		shift_index(&ru->mentor_field, f);
		shift_index(&ru->mentee_field, f);
		if (ru->when.given)
			shift_index(&ru->when.field, f);
		if (ru->unless.given)
			shift_index(&ru->unless.field, f);
	}
	for (size_t i = 0; i < p->noutput; i++) {
		if (p->output_fields[i] == f)
			continue;
		p->output_fields[k++] = p->output_fields[i] > f ? p->output_fields[i] - 1 :
			p->output_fields[i];
	}
	p->noutput = k;
	shift_long(&p->group_by, f);
	for (int s = 0; s < SIDE_COUNT; s++)
		shift_long(&p->solve.capacity_field[s], f);
	shift_long(&p->solve.mentor_min_field, f);
	return 0;
}

int profile_rename_field(struct profile *p, size_t f, const char *name, char *err, size_t len)
{
	char *copy;
	if (f >= p->nfields) {
		snprintf(err, len, "no such field");
		return -1;
	}
	if (name_check(p, name, 0, (long)f, err, len) < 0)
		return -1;
	if (!(copy = pi_dupstr(name))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (p->fields[f].label && !strcmp(p->fields[f].label, p->fields[f].name)) {
		/* a label that was the name follows it */
		char *lab = pi_dupstr(name);
		if (!lab) {
			free(copy);
			snprintf(err, len, "out of memory");
			return -1;
		}
		free(p->fields[f].label);
		p->fields[f].label = lab;
	}
	free(p->fields[f].name);
	p->fields[f].name = copy;
	return 0;
}

long profile_add_rule(struct profile *p, const char *id, enum rule_kind kind,
		      size_t mentor_field, size_t mentee_field, char *err, size_t len)
{
	char made[48];
	size_t n = p->nrules;
	struct rule *r;

	if (!id) {
		/* a free name: rule_1, rule_2, ... */
		for (size_t k = 1;; k++) {
			snprintf(made, sizeof made, "rule_%zu", k);
			if (name_check(p, made, 1, -1, err, len) == 0)
				break;
		}
		id = made;
	} else if (name_check(p, id, 1, -1, err, len) < 0) {
		return -1;
	}
	if ((size_t)kind >= RULE_KIND_COUNT ||
	    (mentor_field != RULE_NO_FIELD && mentor_field >= p->nfields) ||
	    (mentee_field != RULE_NO_FIELD && mentee_field >= p->nfields)) {
		snprintf(err, len, "no such kind or field");
		return -1;
	}
	if (n >= 1000) {
		snprintf(err, len, "a profile can have at most 1000 rules");
		return -1;
	}
	if (grow_one((void **)&p->rules, n, sizeof *p->rules) < 0) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	r = &p->rules[n];
	if (!(r->id = pi_dupstr(id)) || !(r->label = pi_dupstr(id))) {
		free(r->id);
		free(r->label);
		memset(r, 0, sizeof *r);
		snprintf(err, len, "out of memory");
		return -1;
	}
	r->kind = kind;
	r->mentor_field = mentor_field;
	r->mentee_field = mentee_field;
	r->empty_forbid = 1;
	p->nrules = n + 1;
	if (profile_key_defaults(p, PSEC_RULE, n) < 0) {
		pi_free_rule(r);
		p->nrules = n;
		snprintf(err, len, "out of memory");
		return -1;
	}
	r->kind = kind;   /* kind has no default */
	return (long)n;
}

int profile_remove_rule(struct profile *p, size_t r)
{
	if (r >= p->nrules)
		return -1;
	pi_free_rule(&p->rules[r]);
	memmove(&p->rules[r], &p->rules[r + 1], (p->nrules - r - 1) * sizeof *p->rules);
	p->nrules--;
	return 0;
}

int profile_move_rule(struct profile *p, size_t from, size_t to)
{
	struct rule t;
	if (from >= p->nrules || to >= p->nrules)
		return -1;
	if (from == to)
		return 0;
	t = p->rules[from];
	if (from < to)
		memmove(&p->rules[from], &p->rules[from + 1], (to - from) * sizeof *p->rules);
	else
		memmove(&p->rules[to + 1], &p->rules[to], (from - to) * sizeof *p->rules);
	p->rules[to] = t;
	return 0;
}

int profile_rename_rule(struct profile *p, size_t r, const char *id, char *err, size_t len)
{
	char *copy;
	if (r >= p->nrules) {
		snprintf(err, len, "no such rule");
		return -1;
	}
	if (name_check(p, id, 1, (long)r, err, len) < 0)
		return -1;
	if (!(copy = pi_dupstr(id))) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (p->rules[r].label && !strcmp(p->rules[r].label, p->rules[r].id)) {
		char *lab = pi_dupstr(id);
		if (!lab) {
			free(copy);
			snprintf(err, len, "out of memory");
			return -1;
		}
		free(p->rules[r].label);
		p->rules[r].label = lab;
	}
	free(p->rules[r].id);
	p->rules[r].id = copy;
	return 0;
}

int profile_remove_band(struct profile *p, size_t r, size_t b)
{
	if (r >= p->nrules || b >= p->rules[r].nbands)
		return -1;
	struct rule *ru = &p->rules[r];
	memmove(&ru->bands[b], &ru->bands[b + 1], (ru->nbands - b - 1) * sizeof *ru->bands);
	ru->nbands--;
	return 0;
}

int profile_remove_pair(struct profile *p, size_t r, size_t i)
{
	if (r >= p->nrules || i >= p->rules[r].npairs)
		return -1;
	struct rule *ru = &p->rules[r];
	free(ru->pairs[i].mentee);
	free(ru->pairs[i].mentor);
	memmove(&ru->pairs[i], &ru->pairs[i + 1], (ru->npairs - i - 1) * sizeof *ru->pairs);
	ru->npairs--;
	return 0;
}

int profile_clear_condition(struct profile *p, size_t r, int unless)
{
	if (r >= p->nrules)
		return -1;
	pi_free_cond(unless ? &p->rules[r].unless : &p->rules[r].when);
	return 0;
}

int profile_set_rule_side_field(struct profile *p, size_t r, enum side side, size_t f)
{
	if (r >= p->nrules || (f != RULE_NO_FIELD && f >= p->nfields))
		return -1;
	if (side == SIDE_MENTOR)
		p->rules[r].mentor_field = f;
	else
		p->rules[r].mentee_field = f;
	return 0;
}
