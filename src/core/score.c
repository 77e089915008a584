/* score.c - pair scores under the profile's rules, and the allowed-pair list. */
#include "mentormatch/score.h"
#include "mentormatch/text.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

/* Asks the kernel to back a large array with huge pages: at 10000 a side
 * the allowed pairs take about 140 MB, and touching that in 4 KiB pages
 * costs more than scoring them.  Only a hint; errors are ignored. */
static void hint_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t b = ((uintptr_t)p + len) & ~(huge - 1);
	if (b > a)
		madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

/* Is id in the sorted set [a, a+n)? */
static int set_has(const int32_t *a, size_t n, int32_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] == id)
			return 1;
		if (a[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

struct value_ref {
	int32_t v;            /* single value, VALUE_NONE when empty */
	const int32_t *set;   /* the values as a sorted set (one for a single value) */
	size_t nset;
	int multi;
	int wild;             /* a wildcard: fits anyone with a value */
};

static struct value_ref value_of(const struct dataset *ds, enum side side, size_t person, size_t field)
{
	const struct side_data *sd = &ds->side[side];
	size_t nf = ds->prof->nfields;
	size_t at = person * nf + field;
	struct value_ref r;
	r.multi = ds->prof->fields[field].type == FIELD_MULTI;
	r.v = sd->val[at];
	r.set = sd->set_pool + sd->set_start[at];
	r.nset = sd->set_start[at + 1] - sd->set_start[at];
	r.wild = sd->wild[at];
	if (!r.multi && r.v != VALUE_NONE) {
		r.set = &sd->val[at];
		r.nset = 1;
	} else if (!r.multi) {
		r.nset = 0;
	}
	return r;
}

static int sets_equal(const struct value_ref *a, const struct value_ref *b)
{
	if (a->nset != b->nset)
		return 0;
	for (size_t i = 0; i < a->nset; i++)
		if (a->set[i] != b->set[i])
			return 0;
	return 1;
}

/* Does any of the mentee's values appear in the mentor's values? */
static int contains(const struct value_ref *mentor, const struct value_ref *mentee)
{
	for (size_t i = 0; i < mentee->nset; i++)
		if (set_has(mentor->set, mentor->nset, mentee->set[i]))
			return 1;
	return 0;
}

/* |a & b| of two sorted sets. */
static size_t shared(const struct value_ref *a, const struct value_ref *b)
{
	size_t i = 0, j = 0, n = 0;
	while (i < a->nset && j < b->nset) {
		if (a->set[i] == b->set[j]) {
			n++;
			i++;
			j++;
		} else if (a->set[i] < b->set[j]) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

/* Values are ids of three kinds: scale positions (ordinal), number ids
 * (number) and vocabulary ids (every other type).  Two fields' ids compare
 * as they are when they are of one kind (ordinals: of one scale); else the
 * values are compared like categories, by their text (same_by_text). */
static int compare_by_text(const struct profile *p, size_t fa, size_t fb)
{
	const struct field_def *a = &p->fields[fa], *b = &p->fields[fb];
	int ka = a->type == FIELD_ORDINAL ? 1 : a->type == FIELD_NUMBER ? 2 : 0;
	int kb = b->type == FIELD_ORDINAL ? 1 : b->type == FIELD_NUMBER ? 2 : 0;
	if (fa == fb || ka != kb)
		return fa != fb;
	if (ka != 1)
		return 0;
	if (a->nscale != b->nscale)
		return 1;
	for (size_t k = 0; k < a->nscale; k++)
		if (text_same(a->scale[k], b->scale[k]) != 1)
			return 1;
	return 0;
}

/* Is value va of field fa the same category as value vb of field fb (an
 * ordinal value by its scale text, a number written as a number)? */
static int same_by_text(const struct dataset *ds, size_t fa, int32_t va, size_t fb, int32_t vb)
{
	const char *t[2];
	char num[2][40];
	size_t f[2] = { fa, fb };
	int32_t v[2] = { va, vb };
	for (int i = 0; i < 2; i++) {
		const struct field_def *fd = &ds->prof->fields[f[i]];
		if (fd->type == FIELD_ORDINAL) {
			t[i] = fd->scale[v[i]];
		} else if (fd->type == FIELD_NUMBER) {
			text_number_format(dataset_number(ds, v[i]), num[i], sizeof num[i]);
			t[i] = num[i];
		} else {
			t[i] = ds->vocab_key[v[i]];
		}
	}
	return text_same(t[0], t[1]) == 1;
}

/* sets_equal and contains by text (compare_by_text). */
static int sets_equal_by_text(const struct dataset *ds, size_t fa, const struct value_ref *a,
			      size_t fb, const struct value_ref *b)
{
	if (a->nset != b->nset)
		return 0;
	for (size_t i = 0; i < a->nset; i++) {
		size_t j = 0;
		while (j < b->nset && !same_by_text(ds, fa, a->set[i], fb, b->set[j]))
			j++;
		if (j == b->nset)
			return 0;
	}
	return 1;
}

static int contains_by_text(const struct dataset *ds, size_t fa, const struct value_ref *mentor,
			    size_t fb, const struct value_ref *mentee)
{
	for (size_t i = 0; i < mentee->nset; i++)
		for (size_t j = 0; j < mentor->nset; j++)
			if (same_by_text(ds, fa, mentor->set[j], fb, mentee->set[i]))
				return 1;
	return 0;
}

/* Is one of the table's (mentee value, mentor value) pairs present? */
static int table_holds(const struct rule_data *rd, const struct value_ref *mentor,
		       const struct value_ref *mentee)
{
	for (size_t i = 0; i < mentee->nset; i++) {
		int32_t v = mentee->set[i];
		size_t lo = 0, hi = rd->ntpair;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rd->tpair[mid][0] < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < rd->ntpair && rd->tpair[lo][0] == v; lo++)
			if (set_has(mentor->set, mentor->nset, rd->tpair[lo][1]))
				return 1;
	}
	return 0;
}

/* The preference link of (mentor, mentee) in the rule's data, or NULL. */
static const struct pref_link *link_of(const struct rule_data *rd, size_t mentor, size_t mentee)
{
	size_t lo = 0, hi = rd->nlink;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pref_link *l = &rd->link[mid];
		if (l->mentor < mentor || (l->mentor == mentor && l->mentee < mentee))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rd->nlink && rd->link[lo].mentor == mentor && rd->link[lo].mentee == mentee)
		return &rd->link[lo];
	return NULL;
}

static int text_field(const struct dataset *ds, size_t f)
{
	return f < ds->prof->nfields && ds->prof->fields[f].type == FIELD_TEXT;
}

/* Is the rule in force (enabled, reading no text field, resolved)? */
static int rule_active(const struct dataset *ds, size_t r)
{
	const struct rule *ru = &ds->prof->rules[r];
	if (!ru->enabled || r >= ds->nrd)
		return 0;
	if (ru->kind == RULE_PREFERENCE)
		return 1;
	return ru->mentor_field < ds->prof->nfields && ru->mentee_field < ds->prof->nfields &&
		!text_field(ds, ru->mentor_field) && !text_field(ds, ru->mentee_field);
}

/* Does the condition hold for the person of its side? */
static int cond_holds(const struct dataset *ds, const struct rule_cond *c, const int32_t *ids,
		      size_t nids, size_t mentor, size_t mentee)
{
	struct value_ref v;
	if (c->field >= ds->prof->nfields)
		return 0;
	v = value_of(ds, c->side, c->side == SIDE_MENTOR ? mentor : mentee, c->field);
	for (size_t i = 0; i < v.nset; i++)
		if (set_has(ids, nids, v.set[i]))
			return 1;
	return 0;
}

/* What one rule makes of one pair. */
struct eval {
	int applies;     /* 0: a condition kept it from applying */
	int which;       /* not applying: 0 "when" did not hold, 1 "unless" did */
	int forbid;
	long pts;
	long long detail;
	long detail2;
};

/* Rounds w * num / den half away from zero (den > 0). */
static long share_points(long w, size_t num, size_t den)
{
	long long x = (long long)w * (long long)num * 2;
	long long d = (long long)den * 2;
	return (long)(x >= 0 ? (x + (long long)den) / d : -((-x + (long long)den) / d));
}

/* One rule on one pair.  With no_links, the pair is taken as one that no
 * preference names (for the class tables; see score_build_edges). */
static void rule_eval(const struct dataset *ds, size_t r, size_t mentor, size_t mentee,
		      int no_links, struct eval *e)
{
	const struct rule *ru = &ds->prof->rules[r];
	const struct rule_data *rd = &ds->rd[r];
	int holds = 0;
	long pts = 0;

	memset(e, 0, sizeof *e);
	e->applies = 1;
	if (ru->when.given && !cond_holds(ds, &ru->when, rd->cond[0], rd->ncond[0], mentor, mentee)) {
		e->applies = 0;
		return;
	}
	if (ru->unless.given && cond_holds(ds, &ru->unless, rd->cond[1], rd->ncond[1], mentor, mentee)) {
		e->applies = 0;
		e->which = 1;
		return;
	}
	if (ru->kind == RULE_PREFERENCE) {
		const struct pref_link *l = no_links ? NULL : link_of(rd, mentor, mentee);
		if (l) {
			e->detail = l->mentee_rank;
			e->detail2 = l->mentor_rank;
			holds = 1;
			if (l->mentee_rank && l->mentee_rank <= ru->nweights)
				pts += ru->weights[l->mentee_rank - 1];
			if (l->mentor_rank && l->mentor_rank <= ru->nweights)
				pts += ru->weights[l->mentor_rank - 1];
		}
		goto effect;
	}
	{
		struct value_ref a = value_of(ds, SIDE_MENTOR, mentor, ru->mentor_field);
		struct value_ref b = value_of(ds, SIDE_MENTEE, mentee, ru->mentee_field);
		int both = a.nset > 0 && b.nset > 0, wild = both && (a.wild || b.wild);
		int by_text = (ru->kind == RULE_SAME || ru->kind == RULE_DIFFERENT ||
			       ru->kind == RULE_CONTAINS) && both &&
			compare_by_text(ds->prof, ru->mentor_field, ru->mentee_field);
		size_t fm = ru->mentor_field, fe = ru->mentee_field;

		switch (ru->kind) {
		case RULE_SAME:
			holds = both && (wild || (by_text ? sets_equal_by_text(ds, fm, &a, fe, &b) :
						  sets_equal(&a, &b)));
			pts = ru->weight;
			break;
		case RULE_DIFFERENT:
			holds = both && !a.wild && !b.wild &&
				!(by_text ? sets_equal_by_text(ds, fm, &a, fe, &b) : sets_equal(&a, &b));
			pts = ru->weight;
			break;
		case RULE_CONTAINS:
			holds = both && (wild || (by_text ? contains_by_text(ds, fm, &a, fe, &b) :
						  contains(&a, &b)));
			pts = ru->weight;
			break;
		case RULE_TABLE:
			holds = both && (wild || table_holds(rd, &a, &b));
			pts = ru->weight;
			break;
		case RULE_OVERLAP: {
			size_t sh = wild ? 1 : shared(&a, &b);
			size_t un = wild ? 1 : a.nset + b.nset - sh;
			e->detail = (long long)sh;
			e->detail2 = (long)un;
			holds = both && sh >= (size_t)(ru->at_least > 0 ? ru->at_least : 1);
			pts = ru->measure == MEASURE_COUNT ? ru->weight * (long)sh :
				ru->measure == MEASURE_SHARE ? share_points(ru->weight, sh, un ? un : 1) :
				ru->weight;
			break;
		}
		case RULE_GAP: {
			const struct field_def *fa = &ds->prof->fields[ru->mentor_field];
			size_t k;
			if (a.v == VALUE_NONE || b.v == VALUE_NONE || a.multi || b.multi) {
				e->forbid = ru->empty_forbid;
				e->detail = SCORE_GAP_MISSING;
				return;
			}
			e->detail = fa->type == FIELD_NUMBER ?
				dataset_number(ds, a.v) - dataset_number(ds, b.v) :
				((long long)a.v - (long long)b.v) * NUMBER_SCALE;
			for (k = 0; k < ru->nbands; k++)
				if (ru->bands[k].lo <= e->detail && e->detail <= ru->bands[k].hi)
					break;
			if (k < ru->nbands)
				e->pts = ru->bands[k].weight;
			else if (ru->otherwise_forbid)
				e->forbid = 1;
			else
				e->pts = ru->otherwise_weight;
			return;
		}
		case RULE_PREFERENCE:
		case RULE_KIND_COUNT:
			break;
		}
	}
effect:
	switch (ru->effect) {
	case EFFECT_SCORE:
		e->pts = holds ? pts : 0;
		break;
	case EFFECT_FORBID:
		e->forbid = holds;
		break;
	case EFFECT_REQUIRE:
		e->forbid = !holds;
		break;
	}
}

/* The pair's history files: 0, or the part for them. */
static int history_part(const struct dataset *ds, size_t mentor, size_t mentee,
			struct score_part *part)
{
	uint32_t first;
	size_t n;
	if (!ds->nhist)
		return 0;
	n = dataset_history_of(ds, mentor, mentee, &first, 1);
	if (!n)
		return 0;
	*part = (struct score_part){ SCORE_RULE_HISTORY, 0, 0, 0, (long long)n, (long)first,
		(uint32_t)mentor, (uint32_t)mentee };
	if (ds->prof->history.forbid)
		part->forbids = 1;
	else
		part->points = ds->prof->history.weight;
	return 1;
}

/* score_pair, with the same-person check only when check_person is set. */
static int score_core(const struct dataset *ds, size_t mentor, size_t mentee, int check_person,
		      long *score, struct score_part *parts, size_t *nparts)
{
	const struct profile *p = ds->prof;
	int allowed = 1;
	long total = 0;
	size_t np = 0;
	struct score_part hp;
	const struct score_part zero = { 0, 0, 0, 0, 0, 0, (uint32_t)mentor, (uint32_t)mentee };

	if (check_person && ds->nsame) {
		if (dataset_same_person(ds, mentor, mentee)) {
			allowed = 0;
			if (!parts && !score)
				goto done;
			if (parts) {
				parts[np] = zero;
				parts[np].rule = SCORE_RULE_SAME_PERSON;
				parts[np++].forbids = 1;
			}
		}
	}
	for (size_t r = 0; r < p->nrules; r++) {
		struct eval e;
		if (!rule_active(ds, r))
			continue;
		rule_eval(ds, r, mentor, mentee, 0, &e);
		if (parts) {
			parts[np] = zero;
			parts[np].rule = r;
			parts[np].detail = e.applies ? e.detail : e.which;
			parts[np].detail2 = e.detail2;
		}
		if (!e.applies) {
			if (parts) {
				parts[np].not_applied = 1;
				parts[np].detail2 = p->rules[r].when.given && e.which == 0 ?
					(long)p->rules[r].when.side : (long)p->rules[r].unless.side;
				np++;
			}
		} else if (e.forbid) {
			allowed = 0;
			/* only the edge list asks for neither; everyone else gets
			 * the sum of every rule's points, allowed or not */
			if (!parts && !score)
				goto done;
			if (parts) {
				parts[np].forbids = 1;
				np++;
			}
		} else if (e.pts != 0) {
			total += e.pts;
			if (parts) {
				parts[np].points = e.pts;
				np++;
			}
		}
	}
	if (history_part(ds, mentor, mentee, &hp)) {
		if (hp.forbids) {
			allowed = 0;
			if (!parts && !score)
				goto done;
		}
		total += hp.points;
		if (parts && (hp.forbids || hp.points))
			parts[np++] = hp;
	}
	if (allowed && p->solve.min_score != MIN_SCORE_NONE && total < p->solve.min_score) {
		allowed = 0;
		if (parts) {
			parts[np] = zero;
			parts[np].rule = SCORE_RULE_MIN_SCORE;
			parts[np].forbids = 1;
			parts[np++].detail = total;
		}
	}
done:
	if (score)
		*score = total;
	if (nparts)
		*nparts = np;
	return allowed;
}

int score_pair(const struct dataset *ds, size_t mentor, size_t mentee,
	       long *score, struct score_part *parts, size_t *nparts)
{
	return score_core(ds, mentor, mentee, 1, score, parts, nparts);
}

static const char *ordinal_word(long n, char *buf, size_t len)
{
	const char *suf = "th";
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	snprintf(buf, len, "%ld%s", n, suf);
	return buf;
}

void score_describe(const struct dataset *ds, const struct score_part *part,
		    char *buf, size_t len)
{
	const struct profile *p = ds->prof;
	const char *label;
	char num[40], o1[16], o2[16];

	if (part->rule == SCORE_RULE_SAME_PERSON) {
		snprintf(buf, len, "not allowed: same person");
		return;
	}
	if (part->rule == SCORE_RULE_MIN_SCORE) {
		snprintf(buf, len, "not allowed: score %lld is below the minimum %ld",
			 part->detail, p->solve.min_score);
		return;
	}
	if (part->rule == SCORE_RULE_HISTORY) {
		const char *file = part->detail2 >= 0 && (size_t)part->detail2 < ds->nhist_name ?
			ds->hist_name[part->detail2] : "a history file";
		const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
		char more[32] = "";
		if (part->detail > 1)
			snprintf(more, sizeof more, " and %lld more", part->detail - 1);
		if (part->forbids)
			snprintf(buf, len, "not allowed: paired before (%s%s)", base, more);
		else
			snprintf(buf, len, "%+ld paired before (%s%s)", part->points, base, more);
		return;
	}
	if (part->rule >= p->nrules) {
		snprintf(buf, len, "?");
		return;
	}
	const struct rule *ru = &p->rules[part->rule];
	label = ru->label && *ru->label ? ru->label : ru->id;
	if (part->not_applied) {
		const struct rule_cond *c = part->detail ? &ru->unless : &ru->when;
		char val[96];
		size_t person = c->side == SIDE_MENTOR ? part->mentor : part->mentee;
		const struct field_def *f = c->field < p->nfields ? &p->fields[c->field] : NULL;
		dataset_value_text(ds, c->side, person, c->field, val, sizeof val);
		if (!f)
			snprintf(buf, len, "not applied: %s", label);
		else if (!*val)
			snprintf(buf, len, "not applied: %s (%s's %s is blank)", label,
				 c->side == SIDE_MENTOR ? "mentor" : "mentee", f->label ? f->label : f->name);
		else
			snprintf(buf, len, "not applied: %s (%s's %s is %s)", label,
				 c->side == SIDE_MENTOR ? "mentor" : "mentee", f->label ? f->label : f->name,
				 val);
		return;
	}
	switch (ru->kind) {
	case RULE_GAP: {
		const struct field_def *f = &p->fields[ru->mentor_field];
		if (part->detail == SCORE_GAP_MISSING) {
			snprintf(buf, len, "not allowed: %s (%s missing or not on the scale)",
				 label, f->label ? f->label : f->name);
			return;
		}
		text_number_format(part->detail, num, sizeof num);
		if (part->forbids)
			snprintf(buf, len, "not allowed: %s %s", label, num);
		else
			snprintf(buf, len, "%+ld %s %s", part->points, label, num);
		return;
	}
	case RULE_OVERLAP:
		if (part->forbids && ru->effect == EFFECT_REQUIRE)
			snprintf(buf, len, "not allowed: %s (%lld shared, needs %ld)", label,
				 part->detail, ru->at_least);
		else if (part->forbids)
			snprintf(buf, len, "not allowed: %s (%lld shared)", label, part->detail);
		else if (ru->measure == MEASURE_SHARE)
			snprintf(buf, len, "%+ld %s: %lld of %ld shared", part->points, label,
				 part->detail, part->detail2);
		else
			snprintf(buf, len, "%+ld %s: %lld shared", part->points, label, part->detail);
		return;
	case RULE_PREFERENCE: {
		char who[96] = "";
		if (part->detail)
			snprintf(who, sizeof who, "mentee's %s choice",
				 ordinal_word((long)part->detail, o1, sizeof o1));
		if (part->detail2)
			snprintf(who + strlen(who), sizeof who - strlen(who), "%smentor's %s choice",
				 *who ? ", " : "", ordinal_word(part->detail2, o2, sizeof o2));
		if (part->forbids && ru->effect == EFFECT_REQUIRE)
			snprintf(buf, len, "not allowed: %s (not named)", label);
		else if (part->forbids)
			snprintf(buf, len, "not allowed: %s (%s)", label, who);
		else
			snprintf(buf, len, "%+ld %s: %s", part->points, label, who);
		return;
	}
	default:
		break;
	}
	if (part->forbids && ru->effect == EFFECT_REQUIRE)
		snprintf(buf, len, "not allowed: needs %s", label);
	else if (part->forbids)
		snprintf(buf, len, "not allowed: %s", label);
	else
		snprintf(buf, len, "%+ld %s", part->points, label);
}

/* ---- the allowed-pair list ----------------------------------------------
 *
 * Participants whose values agree on every field that an enabled rule reads
 * score the same against anyone, so they form a class.  Each pair of classes
 * is scored once; the pairs of people are then read off a table of class
 * scores.  Real sign-up data has few distinct combinations (the original's
 * sample: about 300 mentor classes and 200 mentee classes for 500 a side),
 * which turns 10^8 rule evaluations at 10000 a side into 10^8 table look-ups.
 *
 * Some pairs do not score as their classes do: those a preference names,
 * those in a history file, and those of one person on both sides.  The class
 * tables score every pair as if none of these applied (a preference rule
 * that requires a named person forbids there); these "special" pairs are
 * then scored one by one (score_core) and take the place of their class's
 * entry. */

#define CLASS_FORBIDDEN INT32_MIN

struct classes {
	size_t n;          /* number of classes */
	uint32_t *of;      /* class of each person */
	size_t *rep;       /* a representative person of each class */
};

/* The fields of side that rule r's class-level score depends on: its own
 * field (not for a preference, whose named people are special pairs) and
 * its conditions' fields.  Writes them to used (room for 3), returns how many. */
static size_t rule_fields(const struct rule *ru, enum side side, size_t *used)
{
	size_t n = 0, own = side == SIDE_MENTOR ? ru->mentor_field : ru->mentee_field;
	if (ru->kind != RULE_PREFERENCE && own != RULE_NO_FIELD)
		used[n++] = own;
	if (ru->when.given && ru->when.side == side)
		used[n++] = ru->when.field;
	if (ru->unless.given && ru->unless.side == side)
		used[n++] = ru->unless.field;
	return n;
}

static uint64_t hash_ints(const int32_t *v, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ n;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint32_t)v[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

/* Groups the participants of one side into classes of equal values in the
 * given fields (nused of them).  Returns 0 or -1 (OOM). */
static int make_classes_on(const struct dataset *ds, enum side side, const size_t *used,
			   size_t nused, struct classes *c)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	size_t nf = p->nfields, n = sd->n;
	size_t nslots = 16;
	while (nslots < 2 * n + 2)
		nslots *= 2;
	uint32_t *slot = malloc(nslots * sizeof *slot);   /* class + 1, 0 = empty */
	size_t *key_start = malloc((n + 1) * sizeof *key_start); /* per class */
	int32_t *pool = NULL, *key = NULL;
	size_t pool_n = 0, pool_cap = 0, key_cap = 0;
	int rc = -1;

	memset(c, 0, sizeof *c);
	c->of = malloc((n ? n : 1) * sizeof *c->of);
	c->rep = malloc((n ? n : 1) * sizeof *c->rep);
	if (!slot || !key_start || !c->of || !c->rep)
		goto out;
	memset(slot, 0, nslots * sizeof *slot);
	key_start[0] = 0;
	for (size_t i = 0; i < n; i++) {
		/* the key: for each used field, its value or its set (with its size) */
		size_t kn = 0;
		for (size_t u = 0; u < nused; u++) {
			size_t at = i * nf + used[u];
			size_t a = sd->set_start[at], b = sd->set_start[at + 1];
			size_t need = kn + 2 + (b - a);
			if (need > key_cap) {
				size_t cap = key_cap ? key_cap * 2 : 64;
				while (cap < need)
					cap *= 2;
				int32_t *k2 = realloc(key, cap * sizeof *k2);
				if (!k2)
					goto out;
				key = k2;
				key_cap = cap;
			}
			key[kn++] = sd->val[at];
			key[kn++] = (int32_t)(b - a);
			for (size_t k = a; k < b; k++)
				key[kn++] = sd->set_pool[k];
		}
		size_t h = (size_t)hash_ints(key, kn) & (nslots - 1);
		for (;;) {
			if (!slot[h]) {
				if (pool_n + kn > pool_cap) {
					size_t cap = pool_cap ? pool_cap * 2 : 1024;
					while (cap < pool_n + kn)
						cap *= 2;
					int32_t *p2 = realloc(pool, cap * sizeof *p2);
					if (!p2)
						goto out;
					pool = p2;
					pool_cap = cap;
				}
				if (kn)
					memcpy(pool + pool_n, key, kn * sizeof *key);
				pool_n += kn;
				c->rep[c->n] = i;
				key_start[++c->n] = pool_n;
				slot[h] = (uint32_t)c->n;
				c->of[i] = (uint32_t)(c->n - 1);
				break;
			}
			size_t k = slot[h] - 1;
			size_t len = key_start[k + 1] - key_start[k];
			if (len == kn && (kn == 0 || !memcmp(pool + key_start[k], key, kn * sizeof *key))) {
				c->of[i] = (uint32_t)k;
				break;
			}
			h = (h + 1) & (nslots - 1);
		}
	}
	rc = 0;
out:
	free(slot);
	free(key_start);
	free(pool);
	free(key);
	if (rc) {
		free(c->of);
		free(c->rep);
		memset(c, 0, sizeof *c);
	}
	return rc;
}

/* Groups the participants of one side by every field an active rule's
 * class-level score reads. */
static int make_classes(const struct dataset *ds, enum side side, struct classes *c)
{
	const struct profile *p = ds->prof;
	size_t nf = p->nfields, nused = 0;
	unsigned char *mark = calloc(nf ? nf : 1, 1);
	size_t *used = malloc((nf ? nf : 1) * sizeof *used);
	int rc = -1;
	if (!mark || !used)
		goto out;
	for (size_t r = 0; r < p->nrules; r++) {
		size_t f[3], k = rule_active(ds, r) ? rule_fields(&p->rules[r], side, f) : 0;
		for (size_t i = 0; i < k; i++)
			if (f[i] < nf)
				mark[f[i]] = 1;
	}
	for (size_t f = 0; f < nf; f++)
		if (mark[f])
			used[nused++] = f;
	rc = make_classes_on(ds, side, used, nused, c);
out:
	free(mark);
	free(used);
	return rc;
}

/* One rule's points for every pair of classes of the values it reads: the
 * people of each side are grouped by the rule's fields, and
 * table[a * ne + b] holds the points of mentor group a with mentee group b,
 * or CLASS_FORBIDDEN.  table is NULL when the groups are too many to
 * tabulate; the rule is then evaluated pair by pair. */
struct rule_table {
	size_t r;
	struct classes cm, ce;
	int32_t *table;
	uint32_t *bmap;    /* each mentee class (of the whole) to this rule's class */
	double forbids;    /* share of the table's entries that forbid */
};

static void rule_tables_free(struct rule_table *rt, size_t n)
{
	for (size_t k = 0; rt && k < n; k++) {
		free(rt[k].cm.of);
		free(rt[k].cm.rep);
		free(rt[k].ce.of);
		free(rt[k].ce.rep);
		free(rt[k].table);
		free(rt[k].bmap);
	}
	free(rt);
}

/* The class-level score of one rule on a pair of people: CLASS_FORBIDDEN or
 * the points. */
static int32_t class_eval(const struct dataset *ds, size_t r, size_t mentor, size_t mentee)
{
	struct eval e;
	rule_eval(ds, r, mentor, mentee, 1, &e);
	if (!e.applies)
		return 0;
	return e.forbid ? CLASS_FORBIDDEN : (int32_t)e.pts;
}

/* Tabulates every active rule.  Returns the tables (*n of them) or NULL on OOM. */
static struct rule_table *rule_tables(const struct dataset *ds, size_t *n)
{
	const struct profile *p = ds->prof;
	struct rule_table *rt = calloc(p->nrules + 1, sizeof *rt);
	*n = 0;
	if (!rt)
		return NULL;
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		size_t fm[3], fe[3], nm, ne;
		if (!rule_active(ds, r))
			continue;
		struct rule_table *t = &rt[(*n)++];
		t->r = r;
		nm = rule_fields(ru, SIDE_MENTOR, fm);
		ne = rule_fields(ru, SIDE_MENTEE, fe);
		if (make_classes_on(ds, SIDE_MENTOR, fm, nm, &t->cm) < 0 ||
		    make_classes_on(ds, SIDE_MENTEE, fe, ne, &t->ce) < 0) {
			rule_tables_free(rt, *n);
			return NULL;
		}
		if (t->cm.n * t->ce.n > ((size_t)1 << 22))
			continue;
		t->table = malloc((t->cm.n * t->ce.n + 1) * sizeof *t->table);
		if (!t->table) {
			rule_tables_free(rt, *n);
			return NULL;
		}
		size_t nf = 0;
		for (size_t a = 0; a < t->cm.n; a++)
			for (size_t b = 0; b < t->ce.n; b++) {
				int32_t v = class_eval(ds, r, t->cm.rep[a], t->ce.rep[b]);
				t->table[a * t->ce.n + b] = v;
				nf += v == CLASS_FORBIDDEN;
			}
		t->forbids = (double)nf / (double)(t->cm.n * t->ce.n + (t->cm.n * t->ce.n == 0));
	}
	return rt;
}

static int cmp_forbids(const void *a, const void *b)
{
	const struct rule_table *x = a, *y = b;
	/* the rules that forbid most first; then in profile order */
	if (x->forbids != y->forbids)
		return x->forbids > y->forbids ? -1 : 1;
	return (x->r > y->r) - (x->r < y->r);
}

/* Makes each table's map from the mentee classes of the whole, and orders
 * the tables so that those that forbid most come first (class_row stops
 * looking at a pair once it is forbidden).  The order changes no sum.
 * Returns 0 or -1 (OOM). */
static int rule_tables_finish(struct rule_table *rt, size_t nrt, const struct classes *ce)
{
	for (size_t k = 0; k < nrt; k++) {
		struct rule_table *t = &rt[k];
		if (!(t->bmap = malloc((ce->n ? ce->n : 1) * sizeof *t->bmap)))
			return -1;
		for (size_t b = 0; b < ce->n; b++)
			t->bmap[b] = t->ce.of[ce->rep[b]];
		if (!t->table)
			t->forbids = 0.0;
	}
	if (nrt > 1)
		qsort(rt, nrt, sizeof *rt, cmp_forbids);
	return 0;
}

/* Class scores of mentor class a against every mentee class, into row:
 * the sum of the rules' points, or CLASS_FORBIDDEN (also below min_score).
 * The rules that forbid most come first (rule_tables_finish); idx (room
 * for ce->n) keeps the mentee classes still allowed, so that a forbidden
 * pair costs no more look-ups. */
static size_t class_row(const struct dataset *ds, const struct classes *cm,
			const struct classes *ce, const struct rule_table *rt, size_t nrt,
			size_t a, int32_t *row, uint32_t *idx)
{
	long min = ds->prof->solve.min_score;
	size_t i = cm->rep[a], n = ce->n;
	for (size_t b = 0; b < n; b++) {
		row[b] = 0;
		idx[b] = (uint32_t)b;
	}
	for (size_t k = 0; k < nrt && n > 0; k++) {
		const struct rule_table *t = &rt[k];
		if (t->table && t->forbids == 0.0) {
			const int32_t *tr = t->table + (size_t)t->cm.of[i] * t->ce.n;
			const uint32_t *bm = t->bmap;
			for (size_t q = 0; q < n; q++) {
				uint32_t b = idx[q];
				row[b] += tr[bm[b]];
			}
		} else if (t->table) {
			const int32_t *tr = t->table + (size_t)t->cm.of[i] * t->ce.n;
			const uint32_t *bm = t->bmap;
			size_t m = 0;
			/* without branches: whether a pair stays is unpredictable */
			for (size_t q = 0; q < n; q++) {
				uint32_t b = idx[q];
				int32_t v = tr[bm[b]];
				int ok = v != CLASS_FORBIDDEN;
				row[b] = ok ? row[b] + v : CLASS_FORBIDDEN;
				idx[m] = b;
				m += (size_t)ok;
			}
			n = m;
		} else {
			size_t m = 0;
			for (size_t q = 0; q < n; q++) {
				uint32_t b = idx[q];
				int32_t v = class_eval(ds, t->r, i, ce->rep[b]);
				if (v == CLASS_FORBIDDEN) {
					row[b] = CLASS_FORBIDDEN;
				} else {
					row[b] += v;
					idx[m++] = b;
				}
			}
			n = m;
		}
	}
	if (min != MIN_SCORE_NONE) {
		size_t m = 0;
		for (size_t q = 0; q < n; q++) {
			if (row[idx[q]] < min)
				row[idx[q]] = CLASS_FORBIDDEN;
			else
				idx[m++] = idx[q];
		}
		n = m;
	}
	return n;
}

/* A pair scored one by one (see above), exactly. */
struct special {
	uint32_t mentor, mentee;
	int32_t score;
	int allowed;
};

static int cmp_special(const void *a, const void *b)
{
	const struct special *x = a, *y = b;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	return (x->mentee > y->mentee) - (x->mentee < y->mentee);
}

struct specials {
	struct special *v;
	size_t n, cap;
};

static int special_add(struct specials *sp, uint32_t mentor, uint32_t mentee)
{
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 1024;
		struct special *nv = realloc(sp->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		sp->v = nv;
		sp->cap = cap;
	}
	sp->v[sp->n++] = (struct special){ mentor, mentee, 0, 0 };
	return 0;
}

/* The special pairs, sorted and scored; *first[i] .. first[i+1] are those of
 * mentor i.  Returns 0 or -1 (OOM). */
static int special_pairs(const struct dataset *ds, struct specials *sp, size_t **first)
{
	const struct profile *p = ds->prof;
	size_t nm = ds->side[SIDE_MENTOR].n;

	memset(sp, 0, sizeof *sp);
	*first = NULL;
	for (size_t r = 0; r < p->nrules; r++)
		if (rule_active(ds, r) && p->rules[r].kind == RULE_PREFERENCE)
			for (size_t k = 0; k < ds->rd[r].nlink; k++)
				if (special_add(sp, ds->rd[r].link[k].mentor, ds->rd[r].link[k].mentee) < 0)
					goto oom;
	for (size_t k = 0; k < ds->nhist; k++)
		if (special_add(sp, ds->hist[k].mentor, ds->hist[k].mentee) < 0)
			goto oom;
	/* one person on both sides (dataset_find_same_people) */
	for (size_t k = 0; k < ds->nsame; k++)
		if (special_add(sp, ds->same[k][0], ds->same[k][1]) < 0)
			goto oom;
	if (sp->n)
		qsort(sp->v, sp->n, sizeof *sp->v, cmp_special);
	{
		size_t m = 0;
		for (size_t k = 0; k < sp->n; k++)
			if (!m || cmp_special(&sp->v[m - 1], &sp->v[k]) != 0)
				sp->v[m++] = sp->v[k];
		sp->n = m;
	}
	for (size_t k = 0; k < sp->n; k++) {
		long sc;
		sp->v[k].allowed = score_core(ds, sp->v[k].mentor, sp->v[k].mentee, 1, &sc, NULL, NULL);
		sp->v[k].score = (int32_t)sc;
	}
	if (!(*first = calloc(nm + 1, sizeof **first)))
		goto oom;
	for (size_t k = 0; k < sp->n; k++)
		(*first)[sp->v[k].mentor + 1]++;
	for (size_t i = 0; i < nm; i++)
		(*first)[i + 1] += (*first)[i];
	return 0;
oom:
	free(sp->v);
	memset(sp, 0, sizeof *sp);
	return -1;
}

/* The two passes of score_build_edges over mentor classes [a0, a1).
 * Pass 1: each class's row of scores (kept in rows when they fit, cm->n
 * rows of ce->n) and its number of allowed mentees (ccount).  Pass 2: each
 * class's allowed mentees, in mentee order, into the edges of each of its
 * mentors (e->start is set), merged with the mentor's special pairs.
 * Classes are independent and write to their own places, so two threads
 * share them; the result does not depend on how they are split. */
/* An allowed entry of a class row: the mentee class and the score. */
struct centry {
	uint32_t b;
	int32_t score;
};

/* Where pass 1 left a class's allowed entries (without cached rows). */
struct cref {
	uint32_t thread;
	size_t at, n;
};

struct pass {
	const struct dataset *ds;
	const struct classes *cm, *ce;
	const struct rule_table *rt;
	size_t nrt;
	int32_t *rows;             /* cached rows, or NULL */
	const size_t *csize;
	size_t *ccount;
	struct edges *e;
	const size_t *mfirst, *morder, *sfirst;
	const struct special *sp;
	size_t a0, a1;
	/* scratch of the thread */
	int32_t *row;              /* ce->n (without cached rows) */
	uint32_t *idx;             /* ce->n */
	uint32_t *lmentee;         /* mentees */
	int32_t *lscore;
	int which;                 /* 1 or 2 */
	/* without cached rows: each class's allowed entries (pass 1 writes
	 * them, pass 2 reads those of either thread) */
	struct cref *cref;         /* cm->n, shared */
	struct centry **buf;       /* buf[thread], shared */
	size_t *nbuf, *capbuf;
	uint32_t thread;
	int oom;
};

static void pass2_class(const struct pass *j, size_t a, const int32_t *r)
{
	const struct classes *ce = j->ce;
	struct edges *e = j->e;
	size_t ne = e->nmentees, n = 0;
	for (size_t m = 0; m < ne; m++) {
		int32_t sc = r[ce->of[m]];
		if (sc != CLASS_FORBIDDEN) {
			j->lmentee[n] = (uint32_t)m;
			j->lscore[n] = sc;
			n++;
		}
	}
	for (size_t q = j->mfirst[a]; q < j->mfirst[a + 1]; q++) {
		size_t i = j->morder[q], k = e->start[i], sk = j->sfirst[i], t = 0;
		if (sk == j->sfirst[i + 1]) {
			memcpy(e->mentee + k, j->lmentee, n * sizeof *j->lmentee);
			memcpy(e->score + k, j->lscore, n * sizeof *j->lscore);
			continue;
		}
		while (t < n || sk < j->sfirst[i + 1]) {
			uint32_t jt = t < n ? j->lmentee[t] : UINT32_MAX;
			uint32_t js = sk < j->sfirst[i + 1] ? j->sp[sk].mentee : UINT32_MAX;
			if (js <= jt) {
				if (j->sp[sk].allowed) {
					e->mentee[k] = js;
					e->score[k++] = j->sp[sk].score;
				}
				sk++;
				if (js == jt)
					t++;
			} else {
				e->mentee[k] = jt;
				e->score[k++] = j->lscore[t++];
			}
		}
	}
}

static void *pass_run(void *arg)
{
	struct pass *j = arg;
	const struct classes *ce = j->ce;
	for (size_t a = j->a0; a < j->a1 && !j->oom; a++) {
		int32_t *r = j->rows ? j->rows + a * ce->n : j->row;
		if (j->which == 1) {
			size_t n = class_row(j->ds, j->cm, ce, j->rt, j->nrt, a, r, j->idx), cnt = 0;
			for (size_t q = 0; q < n; q++)
				cnt += j->csize[j->idx[q]];
			j->ccount[a] = cnt;
			if (!j->rows) {
				/* keep the allowed entries for pass 2 */
				size_t *nb = &j->nbuf[j->thread], *cap = &j->capbuf[j->thread];
				if (*nb + n > *cap) {
					size_t c = *cap ? *cap * 2 : 4096;
					while (c < *nb + n)
						c *= 2;
					struct centry *nv = realloc(j->buf[j->thread], c * sizeof *nv);
					if (!nv) {
						j->oom = 1;
						break;
					}
					j->buf[j->thread] = nv;
					*cap = c;
				}
				for (size_t q = 0; q < n; q++)
					j->buf[j->thread][*nb + q] = (struct centry){ j->idx[q], r[j->idx[q]] };
				j->cref[a] = (struct cref){ j->thread, *nb, n };
				*nb += n;
			}
		} else {
			if (!j->rows) {
				const struct cref *c = &j->cref[a];
				const struct centry *ce2 = j->buf[c->thread] + c->at;
				for (size_t b = 0; b < ce->n; b++)
					r[b] = CLASS_FORBIDDEN;
				for (size_t q = 0; q < c->n; q++)
					r[ce2[q].b] = ce2[q].score;
			}
			pass2_class(j, a, r);
		}
	}
	return NULL;
}

/* Runs job[0] (and, when work is large enough, job[1] in a second
 * thread, the classes split at half).  Allocates each job's scratch.
 * Returns 0 or -1 (OOM). */
static int run_passes(struct pass job[2], size_t work, size_t half)
{
	size_t cn = job[0].ce->n, ne = job[0].e->nmentees;
	int threaded = 0, rc = -1;
	pthread_t th;
	int two = work >= 262144 && job[0].cm->n > 1;

	for (int k = 0; k < 2; k++)
		job[k].thread = (uint32_t)k;
	for (int k = 0; k < (two ? 2 : 1); k++) {
		job[k].idx = malloc((cn ? cn : 1) * sizeof *job[k].idx);
		job[k].row = job[k].rows ? NULL : malloc((cn ? cn : 1) * sizeof *job[k].row);
		job[k].lmentee = malloc((ne ? ne : 1) * sizeof *job[k].lmentee);
		job[k].lscore = malloc((ne ? ne : 1) * sizeof *job[k].lscore);
		if (!job[k].idx || (!job[k].rows && !job[k].row) || !job[k].lmentee || !job[k].lscore)
			goto out;
	}
	if (two) {
		job[0].a1 = job[1].a0 = half;
		threaded = pthread_create(&th, NULL, pass_run, &job[1]) == 0;
		if (!threaded)
			job[0].a1 = job[1].a1;
	}
	pass_run(&job[0]);
	if (threaded)
		pthread_join(th, NULL);
	rc = job[0].oom || job[1].oom ? -1 : 0;
out:
	for (int k = 0; k < 2; k++) {
		free(job[k].idx);
		free(job[k].row);
		free(job[k].lmentee);
		free(job[k].lscore);
	}
	return rc;
}

/* Class rows kept whole up to this many entries (64 MB); beyond, pass 1
 * keeps only each row's allowed entries. */
static size_t row_cache_limit = (size_t)1 << 24;

void score_set_row_cache_limit(size_t entries)
{
	row_cache_limit = entries;
}

int score_build_edges(const struct dataset *ds, struct edges *e)
{
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n;
	struct classes cm = {0}, ce = {0};
	int32_t *row = NULL;
	size_t *csize = NULL, *mfirst = NULL, *morder = NULL, *ccount = NULL, *sfirst = NULL;
	struct rule_table *rt = NULL;
	struct specials sp = {0};
	size_t nrt = 0;
	struct cref *cref = NULL;          /* without cached rows: pass 1's entries */
	struct centry *cbuf[2] = { NULL, NULL };
	size_t nbuf[2] = { 0, 0 }, capbuf[2] = { 0, 0 };
	int rc = -1;

	memset(e, 0, sizeof *e);
	e->nmentors = nm;
	e->nmentees = ne;
	if (ds->nrd != ds->prof->nrules)
		goto out;     /* the rules changed: dataset_resolve_rules first */
	if (make_classes(ds, SIDE_MENTOR, &cm) < 0 || make_classes(ds, SIDE_MENTEE, &ce) < 0)
		goto out;
	if (!(rt = rule_tables(ds, &nrt)) || rule_tables_finish(rt, nrt, &ce) < 0)
		goto out;
	if (special_pairs(ds, &sp, &sfirst) < 0)
		goto out;
	/* keep all class rows from pass 1 for pass 2 when that is small */
	int cached = cm.n * ce.n <= row_cache_limit;
	row = cached ? malloc((cm.n * ce.n + 1) * sizeof *row) : NULL;
	csize = calloc(ce.n + 1, sizeof *csize);
	ccount = calloc(cm.n + 1, sizeof *ccount);
	mfirst = calloc(cm.n + 1, sizeof *mfirst);
	morder = malloc((nm + 1) * sizeof *morder);
	e->start = malloc((nm + 1) * sizeof *e->start);
	if ((cached && !row) || !csize || !ccount || !mfirst || !morder || !e->start)
		goto out;
	for (size_t j = 0; j < ne; j++)
		csize[ce.of[j]]++;
	/* mentors grouped by class, in input order within a class */
	for (size_t i = 0; i < nm; i++)
		mfirst[cm.of[i] + 1]++;
	for (size_t a = 0; a < cm.n; a++)
		mfirst[a + 1] += mfirst[a];
	{
		size_t *fill = ccount; /* borrowed as a cursor, reset below */
		for (size_t i = 0; i < nm; i++)
			morder[mfirst[cm.of[i]] + fill[cm.of[i]]++] = i;
	}

	/* pass 1: each mentor's number of allowed pairs, from the class sizes */
	if (!cached && !(cref = malloc((cm.n ? cm.n : 1) * sizeof *cref)))
		goto out;
	{
		struct pass job[2];
		memset(job, 0, sizeof job);
		for (int k = 0; k < 2; k++) {
			job[k] = (struct pass){ ds, &cm, &ce, rt, nrt, cached ? row : NULL, csize,
				ccount, e, mfirst, morder, sfirst, sp.v, 0, cm.n, NULL, NULL, NULL,
				NULL, 1, cref, cbuf, nbuf, capbuf, 0, 0 };
		}
		if (run_passes(job, cm.n * ce.n * (nrt + 1), cm.n / 2) < 0)
			goto out;
	}
	size_t total = 0;
	for (size_t i = 0; i < nm; i++) {
		size_t cnt = ccount[cm.of[i]];
		for (size_t k = sfirst[i]; k < sfirst[i + 1]; k++) {
			/* the special pair replaces its class's entry */
			if (cached && row[(size_t)cm.of[i] * ce.n + ce.of[sp.v[k].mentee]] != CLASS_FORBIDDEN)
				cnt--;
			else if (!cached) {
				int32_t v = 0;
				long min = ds->prof->solve.min_score;
				for (size_t t = 0; t < nrt && v != CLASS_FORBIDDEN; t++) {
					int32_t x = class_eval(ds, rt[t].r, i, sp.v[k].mentee);
					v = x == CLASS_FORBIDDEN ? x : v + x;
				}
				if (v != CLASS_FORBIDDEN && !(min != MIN_SCORE_NONE && v < min))
					cnt--;
			}
			cnt += sp.v[k].allowed != 0;
		}
		e->start[i] = total;
		total += cnt;
	}
	e->start[nm] = total;
	e->mentee = malloc((total ? total : 1) * sizeof *e->mentee);
	e->score = malloc((total ? total : 1) * sizeof *e->score);
	if (!e->mentee || !e->score)
		goto out;
	hint_huge(e->mentee, total * sizeof *e->mentee);
	hint_huge(e->score, total * sizeof *e->score);

	/* pass 2: a class's list of allowed mentees, in mentee order, is
	 * copied to each of its mentors, merged with the mentor's special
	 * pairs; the classes split where half the mentors are */
	{
		struct pass job[2];
		size_t half = 0;
		while (half < cm.n && mfirst[half + 1] <= nm / 2)
			half++;
		for (int k = 0; k < 2; k++)
			job[k] = (struct pass){ ds, &cm, &ce, rt, nrt, cached ? row : NULL, csize,
				ccount, e, mfirst, morder, sfirst, sp.v, 0, cm.n, NULL, NULL, NULL,
				NULL, 2, cref, cbuf, nbuf, capbuf, 0, 0 };
		if (run_passes(job, total + (cached ? 0 : cm.n * ce.n * (nrt + 1)), half) < 0)
			goto out;
	}
	rc = 0;
out:
	free(cm.of);
	free(cm.rep);
	free(ce.of);
	free(ce.rep);
	free(row);
	free(csize);
	free(ccount);
	free(mfirst);
	free(morder);
	free(sfirst);
	free(sp.v);
	free(cref);
	free(cbuf[0]);
	free(cbuf[1]);
	rule_tables_free(rt, nrt);
	if (rc)
		edges_free(e);
	return rc;
}

void edges_free(struct edges *e)
{
	free(e->start);
	free(e->mentee);
	free(e->score);
	memset(e, 0, sizeof *e);
}
