/* rule_text.c - the rules in words (see rule_text.h). */
#include "mentormatch/rule_text.h"
#include "mentormatch/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_words[RULE_KIND_COUNT] = {
	[RULE_SAME] = "both answered the same",
	[RULE_DIFFERENT] = "the answers differ",
	[RULE_CONTAINS] = "the mentee's answer is among the mentor's",
	[RULE_GAP] = "mentor's value minus mentee's, points by bands (scale or number)",
	[RULE_OVERLAP] = "share values: once, per shared value, or by share",
	[RULE_TABLE] = "a table of what fits what",
	[RULE_PREFERENCE] = "mentee named this mentor (or the other way), points by rank",
};

const char *rule_kind_words(enum rule_kind k)
{
	return (size_t)k < RULE_KIND_COUNT ? kind_words[k] : "";
}

static const char *const type_words[FIELD_TYPE_COUNT] = {
	[FIELD_TEXT] = "shown and written out, never compared",
	[FIELD_EMAIL] = "an e-mail address: tells people apart",
	[FIELD_CATEGORY] = "one answer from a list: rules compare same or different",
	[FIELD_ORDINAL] = "one answer from a scale with an order: rules look at the gap",
	[FIELD_MULTI] = "several answers (joined, or one tick-box column each): shared ones",
	[FIELD_NUMBER] = "a number: rules look at the gap",
	[FIELD_ID] = "an id that tells people apart (employee number, response id)",
};

const char *field_type_words(enum field_type t)
{
	return (size_t)t < FIELD_TYPE_COUNT ? type_words[t] : "";
}

/* Appends to buf (len bytes, o used) like snprintf. */
static void add(char *buf, size_t len, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (*o >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < len ? *o + (size_t)n : len - 1;
}

static const char *flabel(const struct profile *p, size_t f)
{
	if (f >= p->nfields)
		return "?";
	return p->fields[f].label && *p->fields[f].label ? p->fields[f].label : p->fields[f].name;
}

static void add_cond(const struct profile *p, const struct rule_cond *c, const char *how,
		     char *buf, size_t len, size_t *o)
{
	if (!c->given)
		return;
	add(buf, len, o, "; %s %s's %s is ", how, c->side == SIDE_MENTOR ? "mentor" : "mentee",
	    flabel(p, c->field));
	for (size_t i = 0; i < c->nvalues; i++)
		add(buf, len, o, "%s%s", i == 0 ? "" : i + 1 == c->nvalues ? " or " : ", ",
		    c->values[i]);
}

/* The condition of the rule without when/unless. */
static void what_text(const struct profile *p, const struct rule *ru, char *buf, size_t len,
		      size_t *o)
{
	const char *mf = flabel(p, ru->mentor_field), *ef = flabel(p, ru->mentee_field);
	int same = ru->mentor_field == ru->mentee_field;

	switch (ru->kind) {
	case RULE_SAME:
		if (same)
			add(buf, len, o, "same %s", mf);
		else
			add(buf, len, o, "mentor's %s = mentee's %s", mf, ef);
		break;
	case RULE_DIFFERENT:
		if (same)
			add(buf, len, o, "different %s", mf);
		else
			add(buf, len, o, "mentor's %s differs from mentee's %s", mf, ef);
		break;
	case RULE_CONTAINS:
		add(buf, len, o, "mentee's %s is among mentor's %s", ef, mf);
		break;
	case RULE_GAP:
		if (same)
			add(buf, len, o, "%s: mentor's minus mentee's", mf);
		else
			add(buf, len, o, "mentor's %s minus mentee's %s", mf, ef);
		break;
	case RULE_OVERLAP:
		if (same)
			add(buf, len, o, "%s in common", mf);
		else
			add(buf, len, o, "mentor's %s and mentee's %s share", mf, ef);
		if (ru->at_least > 1)
			add(buf, len, o, " (at least %ld)", ru->at_least);
		break;
	case RULE_TABLE:
		add(buf, len, o, "mentee's %s fits mentor's %s (%zu pair%s listed)", ef, mf,
		    ru->npairs, ru->npairs == 1 ? "" : "s");
		break;
	case RULE_PREFERENCE:
		if (ru->mentee_field != RULE_NO_FIELD && ru->mentor_field != RULE_NO_FIELD)
			add(buf, len, o, "mentee named the mentor (%s) or mentor named the mentee (%s)",
			    ef, mf);
		else if (ru->mentee_field != RULE_NO_FIELD)
			add(buf, len, o, "mentee named the mentor (%s)", ef);
		else
			add(buf, len, o, "mentor named the mentee (%s)", mf);
		break;
	case RULE_KIND_COUNT:
		break;
	}
}

void rule_condition_text(const struct profile *p, size_t r, char *buf, size_t len)
{
	size_t o = 0;
	if (!len)
		return;
	buf[0] = '\0';
	if (!p || r >= p->nrules)
		return;
	what_text(p, &p->rules[r], buf, len, &o);
	add_cond(p, &p->rules[r].when, "only when", buf, len, &o);
	add_cond(p, &p->rules[r].unless, "not when", buf, len, &o);
}

static void band_words(const struct gap_band *b, char *buf, size_t len)
{
	char lo[32], hi[32];
	text_number_format(b->lo == GAP_OPEN_LO ? 0 : b->lo, lo, sizeof lo);
	text_number_format(b->hi == GAP_OPEN_HI ? 0 : b->hi, hi, sizeof hi);
	if (b->lo == b->hi)
		snprintf(buf, len, "%s", lo);
	else if (b->lo == GAP_OPEN_LO && b->hi == GAP_OPEN_HI)
		snprintf(buf, len, "any");
	else if (b->lo == GAP_OPEN_LO)
		snprintf(buf, len, "%s or less", hi);
	else if (b->hi == GAP_OPEN_HI)
		snprintf(buf, len, "%s or more", lo);
	else
		snprintf(buf, len, "%s to %s", lo, hi);
}

void rule_sentence(const struct profile *p, size_t r, char *buf, size_t len)
{
	const struct rule *ru;
	size_t o = 0;

	if (!len)
		return;
	buf[0] = '\0';
	if (!p || r >= p->nrules)
		return;
	ru = &p->rules[r];
	if (ru->kind == RULE_GAP) {
		what_text(p, ru, buf, len, &o);
		add(buf, len, &o, ":");
		for (size_t b = 0; b < ru->nbands; b++) {
			char w[72];
			band_words(&ru->bands[b], w, sizeof w);
			add(buf, len, &o, " %s %+ld,", w, ru->bands[b].weight);
		}
		if (ru->otherwise_forbid)
			add(buf, len, &o, " otherwise (or missing) not allowed");
		else
			add(buf, len, &o, " otherwise %+ld (missing: not allowed)", ru->otherwise_weight);
	} else {
		switch (ru->effect) {
		case EFFECT_FORBID:
			add(buf, len, &o, "not allowed when ");
			break;
		case EFFECT_REQUIRE:
			add(buf, len, &o, "not allowed unless ");
			break;
		case EFFECT_SCORE:
			if (ru->kind == RULE_PREFERENCE) {
				for (size_t k = 0; k < ru->nweights; k++)
					add(buf, len, &o, "%s%+ld", k ? " | " : "", ru->weights[k]);
				add(buf, len, &o, " by rank: ");
			} else if (ru->kind == RULE_OVERLAP && ru->measure == MEASURE_COUNT) {
				add(buf, len, &o, "%+ld per shared value: ", ru->weight);
			} else if (ru->kind == RULE_OVERLAP && ru->measure == MEASURE_SHARE) {
				add(buf, len, &o, "%+ld x share of values: ", ru->weight);
			} else {
				add(buf, len, &o, "%+ld when ", ru->weight);
			}
			break;
		}
		what_text(p, ru, buf, len, &o);
	}
	add_cond(p, &ru->when, "only when", buf, len, &o);
	add_cond(p, &ru->unless, "not when", buf, len, &o);
}
