/* score.c - pair scores under the profile's rules, and the allowed-pair list. */
#include "mentormatch/score.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const int32_t *set;   /* multi-select set (sorted) */
	size_t nset;
	int multi;
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

static int text_field(const struct dataset *ds, size_t f)
{
	enum field_type t = ds->prof->fields[f].type;
	return t == FIELD_TEXT;
}

int score_pair(const struct dataset *ds, size_t mentor, size_t mentee,
	       long *score, struct score_part *parts, size_t *nparts)
{
	const struct profile *p = ds->prof;
	int allowed = 1;
	long total = 0;
	size_t np = 0;
	int ef = ds->side[SIDE_MENTOR].email_field;

	if (ef >= 0) {
		int32_t a = ds->side[SIDE_MENTOR].val[mentor * p->nfields + (size_t)ef];
		int32_t b = ds->side[SIDE_MENTEE].val[mentee * p->nfields + (size_t)ef];
		if (a != VALUE_NONE && a == b) {
			allowed = 0;
			if (!parts)
				goto done;
			parts[np++] = (struct score_part){ SCORE_RULE_SAME_PERSON, 0, 1, 0 };
		}
	}
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		if (!ru->enabled || text_field(ds, ru->mentor_field) || text_field(ds, ru->mentee_field))
			continue;
		struct value_ref a = value_of(ds, SIDE_MENTOR, mentor, ru->mentor_field);
		struct value_ref b = value_of(ds, SIDE_MENTEE, mentee, ru->mentee_field);
		int holds = 0, forbid = 0;
		long pts = 0, detail = 0;

		switch (ru->kind) {
		case RULE_SAME:
			holds = a.nset > 0 && b.nset > 0 && sets_equal(&a, &b);
			break;
		case RULE_DIFFERENT:
			holds = a.nset > 0 && b.nset > 0 && !sets_equal(&a, &b);
			break;
		case RULE_CONTAINS:
			holds = contains(&a, &b);
			break;
		case RULE_GAP:
			if (a.v == VALUE_NONE || b.v == VALUE_NONE || a.multi || b.multi) {
				forbid = ru->empty_forbid;
				detail = SCORE_GAP_MISSING;
				break;
			}
			detail = (long)a.v - (long)b.v;
			{
				size_t k;
				for (k = 0; k < ru->nbands; k++)
					if (ru->bands[k].gap == detail)
						break;
				if (k < ru->nbands)
					pts = ru->bands[k].weight;
				else if (ru->otherwise_forbid)
					forbid = 1;
				else
					pts = ru->otherwise_weight;
			}
			break;
		}
		if (ru->kind != RULE_GAP && holds) {
			if (ru->effect == EFFECT_FORBID)
				forbid = 1;
			else
				pts = ru->weight;
		}
		if (forbid) {
			allowed = 0;
			if (!parts)
				goto done;
			parts[np++] = (struct score_part){ r, 0, 1, detail };
		} else if (pts != 0) {
			total += pts;
			if (parts)
				parts[np++] = (struct score_part){ r, pts, 0, detail };
		}
	}
done:
	if (score)
		*score = total;
	if (nparts)
		*nparts = np;
	return allowed;
}

void score_describe(const struct dataset *ds, const struct score_part *part,
		    char *buf, size_t len)
{
	const char *label;
	if (part->rule == SCORE_RULE_SAME_PERSON) {
		snprintf(buf, len, "not allowed: same person");
		return;
	}
	const struct rule *ru = &ds->prof->rules[part->rule];
	label = ru->label && *ru->label ? ru->label : ru->id;
	if (ru->kind == RULE_GAP) {
		const struct field_def *f = &ds->prof->fields[ru->mentor_field];
		if (part->detail == SCORE_GAP_MISSING)
			snprintf(buf, len, "not allowed: %s (%s missing or not on the scale)",
				 label, f->label ? f->label : f->name);
		else if (part->forbids)
			snprintf(buf, len, "not allowed: %s %ld", label, part->detail);
		else
			snprintf(buf, len, "%+ld %s %ld", part->points, label, part->detail);
		return;
	}
	if (part->forbids)
		snprintf(buf, len, "not allowed: %s", label);
	else
		snprintf(buf, len, "%+ld %s", part->points, label);
}

int score_build_edges(const struct dataset *ds, struct edges *e)
{
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n;
	size_t cap = 1024, n = 0;

	memset(e, 0, sizeof *e);
	e->nmentors = nm;
	e->nmentees = ne;
	e->start = malloc((nm + 1) * sizeof *e->start);
	e->mentee = malloc(cap * sizeof *e->mentee);
	e->score = malloc(cap * sizeof *e->score);
	if (!e->start || !e->mentee || !e->score)
		goto oom;
	for (size_t i = 0; i < nm; i++) {
		e->start[i] = n;
		for (size_t j = 0; j < ne; j++) {
			long sc;
			if (!score_pair(ds, i, j, &sc, NULL, NULL))
				continue;
			if (n == cap) {
				cap *= 2;
				uint32_t *m2 = realloc(e->mentee, cap * sizeof *m2);
				if (!m2)
					goto oom;
				e->mentee = m2;
				int32_t *s2 = realloc(e->score, cap * sizeof *s2);
				if (!s2)
					goto oom;
				e->score = s2;
			}
			e->mentee[n] = (uint32_t)j;
			e->score[n] = (int32_t)sc;
			n++;
		}
	}
	e->start[nm] = n;
	return 0;
oom:
	edges_free(e);
	return -1;
}

void edges_free(struct edges *e)
{
	free(e->start);
	free(e->mentee);
	free(e->score);
	memset(e, 0, sizeof *e);
}
