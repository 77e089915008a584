/* profile_check.c - the checks of a whole profile: what one key alone cannot
 * tell (a rule's fields fit its kind, required keys are there, one field
 * identifies people, bands do not overlap, ...).  The reader runs them with
 * the lines of what it read; profile_check runs them on a profile in memory.
 * Keys that apply only to some field types or rule kinds, and keys that are
 * required, are found from the key table (profile_keys.def). */
#include "profile_int.h"
#include "mentormatch/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ck {
	const struct profile *p;
	const struct profile_lines *ln;   /* NULL: in memory */
	struct check_out *out;
};

static void report(struct ck *c, int error, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void report(struct ck *c, int error, unsigned long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (error)
		c->out->nerr++;
	c->out->report(c->out->ctx, error, line, msg);
}

#define ERR(c, line, ...) report(c, 1, line, __VA_ARGS__)
#define WARN(c, line, ...) report(c, 0, line, __VA_ARGS__)

static unsigned long field_line(const struct ck *c, size_t f, enum profile_key k)
{
	return c->ln ? c->ln->field_key[f * PK_COUNT + k] : 0;
}

static int field_bad(const struct ck *c, size_t f, enum profile_key k)
{
	return c->ln && c->ln->field_bad[f * PK_COUNT + k];
}

static unsigned long rule_line(const struct ck *c, size_t r, enum profile_key k)
{
	return c->ln ? c->ln->rule_key[r * PK_COUNT + k] : 0;
}

static int rule_bad(const struct ck *c, size_t r, enum profile_key k)
{
	return c->ln && c->ln->rule_bad[r * PK_COUNT + k];
}

static unsigned long field_sec(const struct ck *c, size_t f)
{
	return c->ln ? c->ln->field_sec[f] : 0;
}

static unsigned long rule_sec(const struct ck *c, size_t r)
{
	return c->ln ? c->ln->rule_sec[r] : 0;
}

static unsigned long other_line(const struct ck *c, enum profile_key k, size_t side)
{
	return c->ln ? c->ln->other_key[k][side] : 0;
}

/* The first of the lines that is not 0. */
static unsigned long first(unsigned long a, unsigned long b)
{
	return a ? a : b;
}

/* ---- fields -------------------------------------------------------------------- */

/* Keys given that do not apply to the field's type. */
static void check_field_keys(struct ck *c, size_t f)
{
	const struct field_def *fd = &c->p->fields[f];
	for (size_t k = 0; c->ln && k < PK_COUNT; k++) {
		const struct profile_key_info *ki = &profile_keys[k];
		struct sb b = { 0 };
		if (ki->section != PSEC_FIELD || !field_line(c, f, (enum profile_key)k) ||
		    profile_key_applies(c->p, (enum profile_key)k, f))
			continue;
		pi_mask_names(&b, ki->applies, 0);
		ERR(c, field_line(c, f, (enum profile_key)k), "field %s: %s is only for type = %s; "
		    "remove it or change the type", fd->name, ki->name, sb_str(&b));
		free(b.s);
	}
}

/* Aliases: spellings distinct and not empty, not on the scale; the value of
 * an ordinal alias on the scale, of a number alias a number. */
static void check_aliases(struct ck *c, size_t f)
{
	const struct field_def *fd = &c->p->fields[f];
	unsigned long line = first(field_line(c, f, PK_FIELD_ALIASES), field_sec(c, f));
	struct shown a, b;

	for (size_t i = 0; i < fd->naliases; i++) {
		const struct field_alias *al = &fd->aliases[i];
		char *sk = text_key_dup(al->spelling), *vk = text_key_dup(al->value);
		size_t j;
		if (!sk || !vk) {
			free(sk);
			free(vk);
			ERR(c, line, "out of memory");
			return;
		}
		if (!*sk || !*vk) {
			ERR(c, line, "field %s: the alias %s => %s has an empty %s (only white space); "
			    "write spelling => value with some text on both sides", fd->name,
			    pi_show(&a, al->spelling), pi_show(&b, al->value), *sk ? "value" : "spelling");
			free(sk);
			free(vk);
			continue;
		}
		for (j = 0; j < i; j++)
			if (text_same(fd->aliases[j].spelling, al->spelling) == 1)
				break;
		if (j < i)
			ERR(c, line, "field %s: the aliases %s and %s are the same spelling (case and "
			    "surrounding white space are ignored); give each spelling once", fd->name,
			    pi_show(&a, fd->aliases[j].spelling), pi_show(&b, al->spelling));
		if (fd->type == FIELD_ORDINAL) {
			for (j = 0; j < fd->nscale; j++)
				if (text_same(fd->scale[j], al->spelling) == 1)
					break;
			if (j < fd->nscale)
				ERR(c, line, "field %s: the alias spelling %s is on the scale already (as "
				    "%s); remove the alias", fd->name, pi_show(&a, al->spelling),
				    pi_show(&b, fd->scale[j]));
			for (j = 0; j < fd->nscale; j++)
				if (text_same(fd->scale[j], al->value) == 1)
					break;
			if (fd->nscale > 0 && j == fd->nscale) {
				struct sb l = { 0 };
				for (size_t s = 0; s < fd->nscale; s++)
					sb_addf(&l, "%s%s", s ? " | " : "", fd->scale[s]);
				ERR(c, line, "field %s: the alias %s => %s: %s is not on the scale (%s); "
				    "an alias must name a scale value", fd->name, pi_show(&a, al->spelling),
				    pi_show(&b, al->value), al->value, sb_str(&l));
				free(l.s);
			}
		} else if (fd->type == FIELD_NUMBER) {
			long long x;
			if (text_number(al->value, &x) != 0)
				ERR(c, line, "field %s: the alias %s => %s: %s is not a number; a number "
				    "field's alias names a number, as in PST => -8", fd->name,
				    pi_show(&a, al->spelling), pi_show(&b, al->value), al->value);
		}
		free(sk);
		free(vk);
	}
}

/* Whether field f is mapped to one column, on either side. */
static int single_mapped(const struct profile *p, size_t f)
{
	for (int s = 0; s < SIDE_COUNT; s++)
		if (p->columns[s] && p->columns[s][f])
			return 1;
	return 0;
}

static int numbered_mapped(const struct profile *p, size_t f)
{
	for (int s = 0; s < SIDE_COUNT; s++)
		if (profile_numbered(p, (enum side)s, f))
			return 1;
	return 0;
}

static void check_fields(struct ck *c)
{
	const struct profile *p = c->p;
	long id[2] = { -1, -1 };   /* the first email field, the first id field */

	if (p->nfields == 0)
		ERR(c, 0, "the profile defines no fields; add [field.NAME] sections "
		    "(see config/civil-service.ini)");
	for (size_t i = 0; i < p->nfields; i++) {
		const struct field_def *f = &p->fields[i];
		unsigned long sl = field_sec(c, i);

		if (c->ln && !field_line(c, i, PK_FIELD_TYPE)) {
			ERR(c, sl, "[field.%s] has no type; add type = text, email, category, ordinal, "
			    "multi, number or id", f->name);
			continue;
		}
		if (field_bad(c, i, PK_FIELD_TYPE))
			continue;
		check_field_keys(c, i);
		if (f->type == FIELD_ORDINAL && f->nscale == 0 && !field_bad(c, i, PK_FIELD_SCALE)) {
			if (!field_line(c, i, PK_FIELD_SCALE))
				ERR(c, sl, "field %s is ordinal but has no scale; add scale = lowest | ... "
				    "| highest", f->name);
			else
				ERR(c, field_line(c, i, PK_FIELD_SCALE), "field %s: the scale is empty; "
				    "list the values, lowest first, as in scale = low | mid | high", f->name);
		}
		if (f->type == FIELD_MULTI && !f->separator && !field_bad(c, i, PK_FIELD_SEPARATOR) &&
		    (single_mapped(p, i) || !numbered_mapped(p, i)))
			ERR(c, sl, "field %s is multi but has no separator; add the text that joins "
			    "the values in a cell, as in separator = \", \" (a field fed only by "
			    "several columns, FIELD.1 = ..., needs none)", f->name);
		if (f->naliases && (f->type == FIELD_CATEGORY || f->type == FIELD_ORDINAL ||
				    f->type == FIELD_NUMBER))
			check_aliases(c, i);
		/* with known options, a wildcard must be one (else it is read as
		 * other text and never fits anyone) */
		for (size_t w = 0; f->type == FIELD_MULTI && f->noptions && w < f->nwildcards; w++) {
			size_t o;
			for (o = 0; o < f->noptions; o++)
				if (text_same(f->options[o], f->wildcards[w]) == 1)
					break;
			if (o == f->noptions) {
				struct shown sh;
				ERR(c, first(field_line(c, i, PK_FIELD_WILDCARD), sl), "field %s: the "
				    "wildcard %s is not one of its options, so no answer could be it; "
				    "add it to options", f->name, pi_show(&sh, f->wildcards[w]));
			}
		}
		if (f->type == FIELD_EMAIL || f->type == FIELD_ID) {
			int k = f->type == FIELD_ID;
			if (id[k] < 0) {
				id[k] = (long)i;
			} else {
				ERR(c, field_line(c, i, PK_FIELD_TYPE), "field %s is a second %s field (the "
				    "first is %s, line %lu); one field identifies people: change one of "
				    "them to type = text", f->name, k ? "id" : "email",
				    p->fields[id[k]].name, field_line(c, (size_t)id[k], PK_FIELD_TYPE));
			}
		}
	}
	if (p->nfields > 0 && id[0] < 0 && id[1] < 0)
		ERR(c, 0, "no field has type = email or type = id; one field must identify people, "
		    "as in [field.email] type = email (or an employee number: type = id)");
}

/* ---- columns --------------------------------------------------------------------- */

static void check_columns(struct ck *c)
{
	const struct profile *p = c->p;
	for (int s = 0; s < SIDE_COUNT; s++)
		for (size_t f = 0; f < p->nfields; f++) {
			const struct column_list *cl = profile_numbered(p, (enum side)s, f);
			unsigned long nl = c->ln && c->ln->numbered[s][f] ? c->ln->numbered[s][f][0] : 0;
			unsigned long one = c->ln ? c->ln->column[s][f] : 0;
			if (!cl && !nl)
				continue;
			if (one && nl)
				ERR(c, one > nl ? one : nl, "[columns.%s]: %s is given both as one column "
				    "(line %lu) and as several (%s.1, line %lu); keep one of them",
				    profile_side_name((enum side)s), p->fields[f].name, one,
				    p->fields[f].name, nl);
			else if (p->fields[f].type != FIELD_MULTI)
				ERR(c, nl, "[columns.%s]: several columns (%s.1, %s.2, ...) can feed only "
				    "a multi field, and %s is %s; give it type = multi",
				    profile_side_name((enum side)s), p->fields[f].name, p->fields[f].name,
				    p->fields[f].name, pi_type_name(p->fields[f].type));
		}
}

/* ---- rules -------------------------------------------------------------------------- */

unsigned rule_kind_types(enum rule_kind k)
{
	switch (k) {
	case RULE_SAME:
	case RULE_DIFFERENT:
		return ALL & ~FT(TEXT);
	case RULE_CONTAINS:
		return FT(CATEGORY) | FT(ORDINAL) | FT(MULTI) | FT(ID) | FT(EMAIL);
	case RULE_GAP:
		return FT(ORDINAL) | FT(NUMBER);
	case RULE_OVERLAP:
	case RULE_TABLE:
	case RULE_PREFERENCE:
		return FT(CATEGORY) | FT(MULTI);
	case RULE_KIND_COUNT:
		break;
	}
	return 0;
}

static void check_rule_field(struct ck *c, size_t ri, size_t f, unsigned long line)
{
	const struct rule *r = &c->p->rules[ri];
	const struct field_def *fd = &c->p->fields[f];
	unsigned ok = rule_kind_types(r->kind);
	struct sb b = { 0 };

	if ((ok >> fd->type) & 1u)
		return;
	pi_mask_names(&b, ok, 0);
	if (fd->type == FIELD_TEXT)
		ERR(c, line, "rule %s: field %s is text, which is never scored; a %s rule reads a "
		    "%s field: change the field's type", r->id, fd->name, pi_kind_name(r->kind),
		    sb_str(&b));
	else
		ERR(c, line, "rule %s: a %s rule reads %s fields, but %s is %s; use another kind, "
		    "or change the type of %s", r->id, pi_kind_name(r->kind), sb_str(&b), fd->name,
		    pi_type_name(fd->type), fd->name);
	free(b.s);
}

/* The rule's keys that do not apply to its kind or effect, and the required
 * ones that are missing. */
static void check_rule_keys(struct ck *c, size_t ri)
{
	const struct rule *r = &c->p->rules[ri];
	for (size_t k = 0; k < PK_COUNT; k++) {
		const struct profile_key_info *ki = &profile_keys[k];
		unsigned long line = rule_line(c, ri, (enum profile_key)k);
		int applies, of_kind;
		struct sb b = { 0 };
		if (ki->section != PSEC_RULE)
			continue;
		applies = profile_key_applies(c->p, (enum profile_key)k, ri);
		of_kind = (ki->applies >> r->kind) & 1u;
		if (line && !applies) {
			if (!of_kind) {
				pi_mask_names(&b, ki->applies, 1);
				ERR(c, line, "rule %s: %s is only for kind = %s; remove it or change the "
				    "kind", r->id, ki->name, sb_str(&b));
			} else {
				ERR(c, line, "rule %s: %s does nothing with effect = %s; remove it, or "
				    "write effect = score", r->id, ki->name,
				    profile_keys[PK_RULE_EFFECT].words[r->effect]);
			}
		} else if (!line && applies && (ki->flags & KF_REQUIRED) && c->ln &&
			   !rule_bad(c, ri, (enum profile_key)k)) {
			if (k == PK_RULE_WEIGHT)
				ERR(c, rule_sec(c, ri), "rule %s adds points but has no weight; add "
				    "weight = points (or effect = forbid or require)", r->id);
			else if (k == PK_RULE_BAND)
				ERR(c, rule_sec(c, ri), "rule %s: a gap rule needs at least one band "
				    "(band.D = points, where D = mentor's value - mentee's value, e.g. "
				    "band.1 = 10, or a range: band.-3..3 = 5)", r->id);
			else if (k != PK_RULE_KIND)
				ERR(c, rule_sec(c, ri), "rule %s: kind = %s needs %s: %s", r->id,
				    pi_kind_name(r->kind), ki->name, ki->help);
		}
		free(b.s);
	}
	/* in memory: the same requirements, from the values */
	if (!c->ln) {
		if (r->kind == RULE_GAP && r->nbands == 0)
			ERR(c, 0, "rule %s: a gap rule needs at least one band", r->id);
		if (r->kind == RULE_TABLE && r->npairs == 0)
			ERR(c, 0, "rule %s: a table rule needs pairs = mentee value => mentor value",
			    r->id);
		if (r->kind == RULE_PREFERENCE && r->effect == EFFECT_SCORE && r->nweights == 0)
			ERR(c, 0, "rule %s: a preference rule that scores needs weights = 10 | 6 | 3",
			    r->id);
	} else if (r->kind == RULE_TABLE && r->npairs == 0 && rule_line(c, ri, PK_RULE_PAIRS) &&
		   !rule_bad(c, ri, PK_RULE_PAIRS)) {
		ERR(c, rule_line(c, ri, PK_RULE_PAIRS), "rule %s: pairs is empty; list the values "
		    "that fit, as in pairs = Data => Analysis | Data => DDaT", r->id);
	} else if (r->kind == RULE_PREFERENCE && r->effect == EFFECT_SCORE && r->nweights == 0 &&
		   rule_line(c, ri, PK_RULE_WEIGHTS) && !rule_bad(c, ri, PK_RULE_WEIGHTS)) {
		ERR(c, rule_line(c, ri, PK_RULE_WEIGHTS), "rule %s: weights is empty; give the "
		    "points for the 1st, 2nd, ... choice, as in weights = 10 | 6 | 3", r->id);
	}
}

static void band_range(const struct gap_band *b, char *buf, size_t len)
{
	char t[72];
	profile_band_text(b, t, sizeof t);
	snprintf(buf, len, "band.%s", t);
}

static void check_bands(struct ck *c, size_t ri)
{
	const struct rule *r = &c->p->rules[ri];
	const struct profile *p = c->p;
	const unsigned long *bl = c->ln ? c->ln->band[ri] : NULL;

	for (size_t i = 0; i < r->nbands; i++)
		for (size_t j = 0; j < i; j++) {
			const struct gap_band *a = &r->bands[j], *b = &r->bands[i];
			if (a->lo <= b->hi && b->lo <= a->hi) {
				char na[96], nb[96];
				band_range(a, na, sizeof na);
				band_range(b, nb, sizeof nb);
				ERR(c, bl ? bl[i] : 0, "rule %s: %s overlaps %s (line %lu); a difference "
				    "may fall in one band only: make them not overlap", r->id, nb, na,
				    bl ? bl[j] : 0UL);
			}
		}
	if (r->mentor_field < p->nfields && r->mentee_field < p->nfields &&
	    p->fields[r->mentor_field].type == FIELD_ORDINAL &&
	    p->fields[r->mentee_field].type == FIELD_ORDINAL) {
		long long hi = ((long long)p->fields[r->mentor_field].nscale - 1) * NUMBER_SCALE;
		long long lo = -((long long)p->fields[r->mentee_field].nscale - 1) * NUMBER_SCALE;
		for (size_t b = 0; b < r->nbands; b++) {
			const struct gap_band *g = &r->bands[b];
			if (g->lo > hi || g->hi < lo || (g->lo == g->hi && g->lo % NUMBER_SCALE)) {
				char nb[96];
				band_range(g, nb, sizeof nb);
				WARN(c, bl ? bl[b] : 0, "rule %s: %s can never apply, since d is a whole "
				     "number between %lld and %lld on this scale", r->id, nb,
				     lo / NUMBER_SCALE, hi / NUMBER_SCALE);
			}
		}
	}
}

static void check_cond(struct ck *c, size_t ri, const struct rule_cond *cd, enum profile_key k)
{
	const struct rule *r = &c->p->rules[ri];
	const struct field_def *fd;
	unsigned long line = first(rule_line(c, ri, k), rule_sec(c, ri));
	struct shown sh;

	if (!cd->given || cd->field >= c->p->nfields)
		return;
	fd = &c->p->fields[cd->field];
	if (fd->type == FIELD_TEXT) {
		ERR(c, line, "rule %s, %s: the field %s is text, whose answers are not compared; "
		    "give it type = category", r->id, profile_keys[k].name, fd->name);
		return;
	}
	for (size_t i = 0; i < cd->nvalues; i++) {
		if (fd->type == FIELD_NUMBER) {
			long long x;
			if (text_number(cd->values[i], &x) != 0)
				ERR(c, line, "rule %s, %s: %s is not a number, and %s is a number field",
				    r->id, profile_keys[k].name, pi_show(&sh, cd->values[i]), fd->name);
		} else if (fd->type == FIELD_ORDINAL) {
			size_t j;
			for (j = 0; j < fd->nscale; j++)
				if (text_same(fd->scale[j], cd->values[i]) == 1)
					break;
			for (size_t a = 0; j == fd->nscale && a < fd->naliases; a++)
				if (text_same(fd->aliases[a].spelling, cd->values[i]) == 1)
					j = 0;
			if (j == fd->nscale)
				ERR(c, line, "rule %s, %s: %s is not on the scale of %s", r->id,
				    profile_keys[k].name, pi_show(&sh, cd->values[i]), fd->name);
		}
	}
}

static void check_rules(struct ck *c)
{
	const struct profile *p = c->p;

	/* with |weight| <= NUM_LIMIT, this keeps every score within 32 bits */
	if (p->nrules > 1000)
		ERR(c, rule_sec(c, 1000), "more than 1000 rules; a profile can have at most 1000");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		unsigned long sl = rule_sec(c, i);
		unsigned long lf = rule_line(c, i, PK_RULE_FIELD);
		unsigned long lm = rule_line(c, i, PK_RULE_MENTOR_FIELD);
		unsigned long le = rule_line(c, i, PK_RULE_MENTEE_FIELD);
		int fields_ok = 0;

		if (c->ln && !rule_line(c, i, PK_RULE_KIND)) {
			ERR(c, sl, "[rule.%s] has no kind; add kind = same, different, contains, gap, "
			    "overlap, table or preference", r->id);
			continue;
		}
		if (rule_bad(c, i, PK_RULE_KIND))
			continue;
		if (lf && (lm || le)) {
			ERR(c, lm > le ? lm : le, "rule %s: give either field, or mentor_field and "
			    "mentee_field, not both (field is on line %lu)", r->id, lf);
		} else if (r->kind == RULE_PREFERENCE) {
			fields_ok = r->mentor_field != RULE_NO_FIELD || r->mentee_field != RULE_NO_FIELD;
			if (!fields_ok && !rule_bad(c, i, PK_RULE_FIELD) &&
			    !rule_bad(c, i, PK_RULE_MENTOR_FIELD) && !rule_bad(c, i, PK_RULE_MENTEE_FIELD))
				ERR(c, sl, "rule %s names no field; add mentee_field = the mentees' field "
				    "that names the mentors they prefer (and/or mentor_field, the other "
				    "way)", r->id);
		} else if (r->mentor_field != RULE_NO_FIELD && r->mentee_field != RULE_NO_FIELD) {
			fields_ok = 1;
		} else if ((lm && !le) || (le && !lm)) {
			if (!rule_bad(c, i, lm ? PK_RULE_MENTOR_FIELD : PK_RULE_MENTEE_FIELD))
				ERR(c, sl, "rule %s has %s but no %s; add it, or use field = NAME for the "
				    "same field on both sides", r->id, lm ? "mentor_field" : "mentee_field",
				    lm ? "mentee_field" : "mentor_field");
		} else if (!lf && !lm && !le) {
			ERR(c, sl, "rule %s names no field; add field = NAME (or mentor_field and "
			    "mentee_field)", r->id);
		}
		if (fields_ok) {
			if (r->mentor_field != RULE_NO_FIELD)
				check_rule_field(c, i, r->mentor_field, first(lf, first(lm, sl)));
			if (r->mentee_field != RULE_NO_FIELD &&
			    (r->mentee_field != r->mentor_field || r->kind == RULE_PREFERENCE))
				if (r->mentee_field != r->mentor_field)
					check_rule_field(c, i, r->mentee_field, first(lf, first(le, sl)));
			if (r->kind == RULE_GAP && r->mentor_field != r->mentee_field &&
			    p->fields[r->mentor_field].type != p->fields[r->mentee_field].type &&
			    ((rule_kind_types(RULE_GAP) >> p->fields[r->mentor_field].type) & 1u) &&
			    ((rule_kind_types(RULE_GAP) >> p->fields[r->mentee_field].type) & 1u))
				ERR(c, first(le, sl), "rule %s: a gap rule compares two ordinal fields or "
				    "two number fields, not one of each", r->id);
		}
		check_rule_keys(c, i);
		if (r->kind == RULE_GAP)
			check_bands(c, i);
		check_cond(c, i, &r->when, PK_RULE_WHEN);
		check_cond(c, i, &r->unless, PK_RULE_UNLESS);
	}
}

/* ---- the other sections ------------------------------------------------------------- */

static void check_solve(struct ck *c)
{
	const struct profile *p = c->p;
	for (int side = 0; side < SIDE_COUNT; side++) {
		long f = p->solve.capacity_field[side];
		if (f >= 0 && (size_t)f < p->nfields && p->fields[f].type != FIELD_NUMBER)
			ERR(c, other_line(c, side ? PK_SOLVE_MENTEE_CAPACITY_FIELD :
					  PK_SOLVE_MENTOR_CAPACITY_FIELD, 0),
			    "%s_capacity_field: the field %s is not a number; give it type = number",
			    side == SIDE_MENTOR ? "mentor" : "mentee", p->fields[f].name);
	}
	if (p->solve.mentor_min_field >= 0 && (size_t)p->solve.mentor_min_field < p->nfields &&
	    p->fields[p->solve.mentor_min_field].type != FIELD_NUMBER)
		ERR(c, other_line(c, PK_SOLVE_MENTOR_MIN_FIELD, 0), "mentor_min_field: the field %s "
		    "is not a number; give it type = number", p->fields[p->solve.mentor_min_field].name);
}

static void check_signups(struct ck *c)
{
	const struct signup_settings *su = &c->p->signups;
	unsigned long sl = c->ln ? c->ln->other_sec[PSEC_SIGNUPS][0] : 0;
	if (!su->role_column) {
		for (int side = 0; side < SIDE_COUNT; side++) {
			enum profile_key k = side ? PK_SIGNUPS_MENTEE_ANSWERS : PK_SIGNUPS_MENTOR_ANSWERS;
			if (other_line(c, k, 0) || su->nanswers[side]) {
				ERR(c, other_line(c, k, 0), "%s_answers is given but role_column is not; "
				    "add role_column = the header of the sheet's role column",
				    side == SIDE_MENTOR ? "mentor" : "mentee");
				return;
			}
		}
		return;
	}
	for (int side = 0; side < SIDE_COUNT; side++) {
		enum profile_key k = side ? PK_SIGNUPS_MENTEE_ANSWERS : PK_SIGNUPS_MENTOR_ANSWERS;
		if (su->nanswers[side] == 0 && !(c->ln && c->ln->other_bad[k]))
			ERR(c, first(other_line(c, k, 0), sl), "[signups] needs %s_answers: the answers "
			    "in the role column that sign a person up as a %s, separated by | (e.g. %s)",
			    side == SIDE_MENTOR ? "mentor" : "mentee",
			    side == SIDE_MENTOR ? "mentor" : "mentee",
			    side == SIDE_MENTOR ? "mentor_answers = Mentor | Both"
						: "mentee_answers = Mentee | Both");
	}
}

static void check_history(struct ck *c)
{
	const struct history_settings *h = &c->p->history;
	unsigned long le = other_line(c, PK_HISTORY_EFFECT, 0);
	unsigned long lw = other_line(c, PK_HISTORY_WEIGHT, 0);
	if (h->forbid && lw && le)
		ERR(c, lw, "[history] weight does nothing with effect = forbid; remove it, or write "
		    "effect = score");
	else if (!h->forbid && !lw && le)
		ERR(c, le, "[history] effect = score needs weight = points (e.g. weight = -20)");
}

void pi_check(const struct profile *p, const struct profile_lines *lines, struct check_out *out)
{
	struct ck c = { p, lines, out };
	check_fields(&c);
	check_columns(&c);
	check_rules(&c);
	check_solve(&c);
	check_signups(&c);
	check_history(&c);
}

struct diag_ctx {
	struct diag *d;
	const char *path;
};

static void to_diag(void *ctx, int error, unsigned long line, const char *msg)
{
	struct diag_ctx *x = ctx;
	diag_add(x->d, error ? DIAG_ERROR : DIAG_WARNING, x->path, line, "%s", msg);
}

size_t profile_check(const struct profile *p, struct diag *d)
{
	struct diag_ctx x = { d, p && p->path ? p->path : "(profile)" };
	struct check_out out = { to_diag, &x, 0 };
	if (!p)
		return 1;
	pi_check(p, NULL, &out);
	return out.nerr;
}
