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

/* Is the rule in force (enabled, and reading no text field)? */
static int rule_active(const struct dataset *ds, const struct rule *ru)
{
	return ru->enabled && !text_field(ds, ru->mentor_field) && !text_field(ds, ru->mentee_field);
}

/* One rule on one pair: *forbid, the points and the detail (gap). */
static void rule_eval(const struct dataset *ds, const struct rule *ru, size_t mentor,
		      size_t mentee, int *forbid_out, long *pts_out, long *detail_out)
{
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
	default:
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
				if (ru->bands[k].lo <= detail * NUMBER_SCALE &&
				    detail * NUMBER_SCALE <= ru->bands[k].hi)
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
	if (forbid)
		pts = 0;
	*forbid_out = forbid;
	*pts_out = pts;
	*detail_out = detail;
}

/* score_pair, with the same-person check only when check_person is set. */
static int score_core(const struct dataset *ds, size_t mentor, size_t mentee, int check_person,
		      long *score, struct score_part *parts, size_t *nparts)
{
	const struct profile *p = ds->prof;
	int allowed = 1;
	long total = 0;
	size_t np = 0;
	int ef = ds->side[SIDE_MENTOR].id_field;

	if (check_person && ef >= 0) {
		int32_t a = ds->side[SIDE_MENTOR].val[mentor * p->nfields + (size_t)ef];
		int32_t b = ds->side[SIDE_MENTEE].val[mentee * p->nfields + (size_t)ef];
		if (a != VALUE_NONE && a == b) {
			allowed = 0;
			if (!parts && !score)
				goto done;
			if (parts)
				parts[np++] = (struct score_part){ SCORE_RULE_SAME_PERSON, 0, 1, 0 };
		}
	}
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		int forbid;
		long pts, detail;
		if (!rule_active(ds, ru))
			continue;
		rule_eval(ds, ru, mentor, mentee, &forbid, &pts, &detail);
		if (forbid) {
			allowed = 0;
			/* only the edge list asks for neither; everyone else gets
			 * the sum of every rule's points, allowed or not */
			if (!parts && !score)
				goto done;
			if (parts)
				parts[np++] = (struct score_part){ r, 0, 1, detail };
		} else if (pts != 0) {
			total += pts;
			if (parts)
				parts[np++] = (struct score_part){ r, pts, 0, detail };
		}
	}
	if (allowed && p->solve.min_score != MIN_SCORE_NONE && total < p->solve.min_score) {
		allowed = 0;
		if (parts)
			parts[np++] = (struct score_part){ SCORE_RULE_MIN_SCORE, 0, 1, total };
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

void score_describe(const struct dataset *ds, const struct score_part *part,
		    char *buf, size_t len)
{
	const char *label;
	if (part->rule == SCORE_RULE_SAME_PERSON) {
		snprintf(buf, len, "not allowed: same person");
		return;
	}
	if (part->rule == SCORE_RULE_MIN_SCORE) {
		snprintf(buf, len, "not allowed: score %ld is below the minimum %ld",
			 part->detail, ds->prof->solve.min_score);
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

/* ---- the allowed-pair list ----------------------------------------------
 *
 * Participants whose values agree on every field that an enabled rule reads
 * score the same against anyone, so they form a class.  Each pair of classes
 * is scored once; the pairs of people are then read off a table of class
 * scores.  Real sign-up data has few distinct combinations (the original's
 * sample: about 300 mentor classes and 200 mentee classes for 500 a side),
 * which turns 10^8 rule evaluations at 10000 a side into 10^8 table look-ups.
 * The same-person check (same email) is applied per person afterwards. */

#define CLASS_FORBIDDEN INT32_MIN

struct classes {
	size_t n;          /* number of classes */
	uint32_t *of;      /* class of each person */
	size_t *rep;       /* a representative person of each class */
};

/* Does an enabled rule read field f on this side? */
static int field_used(const struct profile *p, enum side side, size_t f)
{
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		if (ru->enabled && (side == SIDE_MENTOR ? ru->mentor_field : ru->mentee_field) == f)
			return 1;
	}
	return 0;
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

/* Groups the participants of one side by every field an enabled rule reads. */
static int make_classes(const struct dataset *ds, enum side side, struct classes *c)
{
	const struct profile *p = ds->prof;
	size_t nf = p->nfields, nused = 0;
	size_t *used = malloc((nf ? nf : 1) * sizeof *used);
	int rc;
	if (!used)
		return -1;
	for (size_t f = 0; f < nf; f++)
		if (p->fields[f].type != FIELD_TEXT && field_used(p, side, f))
			used[nused++] = f;
	rc = make_classes_on(ds, side, used, nused, c);
	free(used);
	return rc;
}

/* One rule's points for every pair of values it compares: the people of
 * each side are grouped by that rule's field, and table[a * ne + b] holds
 * the points of mentor group a with mentee group b, or CLASS_FORBIDDEN.
 * table is NULL when the groups are too many to tabulate; the rule is then
 * evaluated pair by pair. */
struct rule_table {
	const struct rule *ru;
	struct classes cm, ce;
	int32_t *table;
};

static void rule_tables_free(struct rule_table *rt, size_t n)
{
	for (size_t k = 0; rt && k < n; k++) {
		free(rt[k].cm.of);
		free(rt[k].cm.rep);
		free(rt[k].ce.of);
		free(rt[k].ce.rep);
		free(rt[k].table);
	}
	free(rt);
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
		if (!rule_active(ds, ru))
			continue;
		struct rule_table *t = &rt[(*n)++];
		t->ru = ru;
		if (make_classes_on(ds, SIDE_MENTOR, &ru->mentor_field, 1, &t->cm) < 0 ||
		    make_classes_on(ds, SIDE_MENTEE, &ru->mentee_field, 1, &t->ce) < 0) {
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
		for (size_t a = 0; a < t->cm.n; a++)
			for (size_t b = 0; b < t->ce.n; b++) {
				int forbid;
				long pts, detail;
				rule_eval(ds, ru, t->cm.rep[a], t->ce.rep[b], &forbid, &pts, &detail);
				t->table[a * t->ce.n + b] = forbid ? CLASS_FORBIDDEN : (int32_t)pts;
			}
	}
	return rt;
}

/* Class scores of mentor class a against every mentee class, into row:
 * the sum of the rules' points, or CLASS_FORBIDDEN. */
static void class_row(const struct dataset *ds, const struct classes *cm,
		      const struct classes *ce, const struct rule_table *rt, size_t nrt,
		      size_t a, int32_t *row)
{
	long min = ds->prof->solve.min_score;
	size_t i = cm->rep[a];
	for (size_t b = 0; b < ce->n; b++)
		row[b] = 0;
	for (size_t k = 0; k < nrt; k++) {
		const struct rule_table *t = &rt[k];
		if (t->table) {
			const int32_t *tr = t->table + (size_t)t->cm.of[i] * t->ce.n;
			for (size_t b = 0; b < ce->n; b++) {
				int32_t v = tr[t->ce.of[ce->rep[b]]];
				if (row[b] == CLASS_FORBIDDEN)
					continue;
				row[b] = v == CLASS_FORBIDDEN ? CLASS_FORBIDDEN : row[b] + v;
			}
		} else {
			for (size_t b = 0; b < ce->n; b++) {
				int forbid;
				long pts, detail;
				if (row[b] == CLASS_FORBIDDEN)
					continue;
				rule_eval(ds, t->ru, i, ce->rep[b], &forbid, &pts, &detail);
				row[b] = forbid ? CLASS_FORBIDDEN : row[b] + (int32_t)pts;
			}
		}
	}
	if (min != MIN_SCORE_NONE)
		for (size_t b = 0; b < ce->n; b++)
			if (row[b] != CLASS_FORBIDDEN && row[b] < min)
				row[b] = CLASS_FORBIDDEN;
}

/* Pass 1 of score_build_edges over mentor classes [a0, a1): each class's
 * row of scores (kept in row, cm->n rows of ce->n) and its number of
 * allowed mentees (ccount).  Rows are independent, so two threads can
 * share the classes; the result does not depend on how they are split. */
struct pass1 {
	const struct dataset *ds;
	const struct classes *cm, *ce;
	const struct rule_table *rt;
	size_t nrt;
	int32_t *row;
	const size_t *csize;
	size_t *ccount;
	size_t a0, a1;
};

static void *pass1_run(void *arg)
{
	const struct pass1 *j = arg;
	for (size_t a = j->a0; a < j->a1; a++) {
		int32_t *r = j->row + a * j->ce->n;
		class_row(j->ds, j->cm, j->ce, j->rt, j->nrt, a, r);
		size_t cnt = 0;
		for (size_t b = 0; b < j->ce->n; b++)
			if (r[b] != CLASS_FORBIDDEN)
				cnt += j->csize[b];
		j->ccount[a] = cnt;
	}
	return NULL;
}

int score_build_edges(const struct dataset *ds, struct edges *e)
{
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n;
	size_t nf = ds->prof->nfields;
	int ef = ds->side[SIDE_MENTOR].id_field;
	struct classes cm = {0}, ce = {0};
	int32_t *row = NULL, *lscore = NULL;
	uint32_t *lmentee = NULL;
	long *by_email = NULL, *next_same = NULL;
	size_t *csize = NULL, *mfirst = NULL, *morder = NULL, *ccount = NULL;
	struct rule_table *rt = NULL;
	size_t nrt = 0;
	int rc = -1;

	memset(e, 0, sizeof *e);
	e->nmentors = nm;
	e->nmentees = ne;
	if (make_classes(ds, SIDE_MENTOR, &cm) < 0 || make_classes(ds, SIDE_MENTEE, &ce) < 0)
		goto out;
	if (!(rt = rule_tables(ds, &nrt)))
		goto out;
	/* keep all class rows from pass 1 for pass 2 when that is small */
	int cached = cm.n * ce.n <= ((size_t)1 << 24);
	row = malloc(((cached ? cm.n : 1) * ce.n + 1) * sizeof *row);
	lmentee = malloc((ne + 1) * sizeof *lmentee);
	lscore = malloc((ne + 1) * sizeof *lscore);
	csize = calloc(ce.n + 1, sizeof *csize);
	ccount = calloc(cm.n + 1, sizeof *ccount);
	mfirst = calloc(cm.n + 1, sizeof *mfirst);
	morder = malloc((nm + 1) * sizeof *morder);
	e->start = malloc((nm + 1) * sizeof *e->start);
	if (!row || !lmentee || !lscore || !csize || !ccount || !mfirst || !morder || !e->start)
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

	/* mentees by email, for the same-person check: by_email gives the
	 * first mentee with that email, next_same the following ones */
	if (ef >= 0) {
		by_email = malloc((ds->nvocab ? ds->nvocab : 1) * sizeof *by_email);
		next_same = malloc((ne ? ne : 1) * sizeof *next_same);
		if (!by_email || !next_same)
			goto out;
		for (size_t k = 0; k < ds->nvocab; k++)
			by_email[k] = -1;
		for (size_t j = ne; j-- > 0;) {
			int32_t id = ds->side[SIDE_MENTEE].val[j * nf + (size_t)ef];
			next_same[j] = id == VALUE_NONE ? -1 : by_email[id];
			if (id != VALUE_NONE)
				by_email[id] = (long)j;
		}
	}

	/* pass 1: each mentor's number of allowed pairs, from the class sizes;
	 * with every row kept and enough of them, in two threads (the second
	 * takes the later half of the classes; without it, all run here) */
	if (cached) {
		struct pass1 job[2] = {
			{ ds, &cm, &ce, rt, nrt, row, csize, ccount, 0, cm.n },
			{ ds, &cm, &ce, rt, nrt, row, csize, ccount, cm.n, cm.n },
		};
		pthread_t th;
		int threaded = 0;
		if ((double)cm.n * (double)ce.n * (double)(nrt + 1) >= 262144.0) {
			job[0].a1 = job[1].a0 = cm.n / 2;
			threaded = pthread_create(&th, NULL, pass1_run, &job[1]) == 0;
			if (!threaded)
				job[0].a1 = cm.n;
		}
		pass1_run(&job[0]);
		if (threaded)
			pthread_join(th, NULL);
	} else {
		for (size_t a = 0; a < cm.n; a++) {
			class_row(ds, &cm, &ce, rt, nrt, a, row);
			size_t cnt = 0;
			for (size_t b = 0; b < ce.n; b++)
				if (row[b] != CLASS_FORBIDDEN)
					cnt += csize[b];
			ccount[a] = cnt;
		}
	}
	size_t total = 0;
	for (size_t i = 0; i < nm; i++) {
		size_t cnt = ccount[cm.of[i]];
		int32_t id = ef >= 0 ? ds->side[SIDE_MENTOR].val[i * nf + (size_t)ef] : VALUE_NONE;
		for (long j = id == VALUE_NONE ? -1 : by_email[id]; j >= 0; j = next_same[j])
			if (score_core(ds, i, (size_t)j, 0, NULL, NULL, NULL))
				cnt--;
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
	 * copied to each of its mentors, less the mentors themselves */
	for (size_t a = 0; a < cm.n; a++) {
		const int32_t *r = row;
		if (cached)
			r = row + a * ce.n;
		else
			class_row(ds, &cm, &ce, rt, nrt, a, row);
		size_t n = 0;
		for (size_t j = 0; j < ne; j++) {
			int32_t sc = r[ce.of[j]];
			if (sc != CLASS_FORBIDDEN) {
				lmentee[n] = (uint32_t)j;
				lscore[n] = sc;
				n++;
			}
		}
		for (size_t q = mfirst[a]; q < mfirst[a + 1]; q++) {
			size_t i = morder[q], k = e->start[i];
			int32_t id = ef >= 0 ? ds->side[SIDE_MENTOR].val[i * nf + (size_t)ef] : VALUE_NONE;
			long same = id == VALUE_NONE ? -1 : by_email[id];
			if (same < 0) {
				memcpy(e->mentee + k, lmentee, n * sizeof *lmentee);
				memcpy(e->score + k, lscore, n * sizeof *lscore);
				continue;
			}
			for (size_t t = 0; t < n; t++) {
				while (same >= 0 && (uint32_t)same < lmentee[t])
					same = next_same[same];
				if (same >= 0 && (uint32_t)same == lmentee[t])
					continue;
				e->mentee[k] = lmentee[t];
				e->score[k] = lscore[t];
				k++;
			}
		}
	}
	rc = 0;
out:
	free(cm.of);
	free(cm.rep);
	free(ce.of);
	free(ce.rep);
	free(row);
	free(lmentee);
	free(lscore);
	free(csize);
	free(ccount);
	free(mfirst);
	free(morder);
	free(by_email);
	free(next_same);
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
