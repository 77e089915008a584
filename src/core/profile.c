/* profile.c - the profile as data: freeing, copying, comparing, and the
 * setters that the column mapping and the Values dialog use.  Reading,
 * checking, writing and the key table are in profile_read.c,
 * profile_check.c, profile_write.c and profile_keys.c. */
#include "profile_int.h"
#include "mentormatch/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pi_dupstr(const char *s)
{
	size_t n;
	char *r;

	if (!s)
		return NULL;
	n = strlen(s);
	r = malloc(n + 1);
	if (r)
		memcpy(r, s, n + 1);
	return r;
}

void pi_free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int pi_copy_strv(char ***dst, char *const *src, size_t n)
{
	*dst = calloc(n ? n : 1, sizeof **dst);
	if (!*dst)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (src[i] && !((*dst)[i] = pi_dupstr(src[i])))
			return -1;
	return 0;
}

static void free_aliases(struct field_alias *a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++) {
		free(a[i].spelling);
		free(a[i].value);
	}
	free(a);
}

void pi_free_field(struct field_def *f)
{
	free(f->name);
	free(f->label);
	pi_free_strv(f->scale, f->nscale);
	free(f->separator);
	pi_free_strv(f->options, f->noptions);
	free_aliases(f->aliases, f->naliases);
	pi_free_strv(f->wildcards, f->nwildcards);
	memset(f, 0, sizeof *f);
}

void pi_free_cond(struct rule_cond *c)
{
	pi_free_strv(c->values, c->nvalues);
	memset(c, 0, sizeof *c);
}

void pi_free_rule(struct rule *r)
{
	free(r->id);
	free(r->label);
	free(r->bands);
	for (size_t i = 0; i < r->npairs; i++) {
		free(r->pairs[i].mentee);
		free(r->pairs[i].mentor);
	}
	free(r->pairs);
	free(r->weights);
	pi_free_cond(&r->when);
	pi_free_cond(&r->unless);
	memset(r, 0, sizeof *r);
}

static void free_numbered(struct column_list *c, size_t n)
{
	if (!c)
		return;
	for (size_t f = 0; f < n; f++) {
		pi_free_strv(c[f].header, c[f].n);
		free(c[f].at);
	}
	free(c);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->name);
	for (size_t i = 0; i < p->nfields && p->fields; i++)
		pi_free_field(&p->fields[i]);
	free(p->fields);
	for (int s = 0; s < SIDE_COUNT; s++) {
		pi_free_strv(p->columns[s], p->nfields);
		free(p->column_at[s]);
		free_numbered(p->numbered[s], p->nfields);
	}
	for (size_t i = 0; i < p->nrules && p->rules; i++)
		pi_free_rule(&p->rules[i]);
	free(p->rules);
	free(p->output_fields);
	free(p->path);
	free(p->signups.role_column);
	for (int s = 0; s < SIDE_COUNT; s++) {
		pi_free_strv(p->signups.answers[s], p->signups.nanswers[s]);
		free(p->history.column[s]);
	}
	memset(p, 0, sizeof *p);
}

int profile_field_index(const struct profile *p, const char *name)
{
	if (!p || !name)
		return -1;
	for (size_t i = 0; i < p->nfields; i++)
		if (p->fields[i].name && strcmp(p->fields[i].name, name) == 0)
			return i <= (size_t)INT32_MAX ? (int)i : -1;
	return -1;
}

static int field_of_type(const struct profile *p, enum field_type t)
{
	for (size_t i = 0; p && i < p->nfields; i++)
		if (p->fields[i].type == t)
			return i <= (size_t)INT32_MAX ? (int)i : -1;
	return -1;
}

int profile_identity_field(const struct profile *p)
{
	int f = field_of_type(p, FIELD_ID);
	return f >= 0 ? f : field_of_type(p, FIELD_EMAIL);
}

const char *profile_identity_column(const struct profile *p, enum side side)
{
	int id = field_of_type(p, FIELD_ID) >= 0;
	if (side == SIDE_MENTOR)
		return id ? "mentor id" : "mentor email";
	return id ? "mentee id" : "mentee email";
}

int profile_email_field(const struct profile *p)
{
	return field_of_type(p, FIELD_EMAIL);
}

static int cond_reads(const struct rule_cond *c, enum side side, size_t f)
{
	return c->given && c->side == side && c->field == f;
}

int rule_reads(const struct rule *r, enum side side, size_t f)
{
	size_t own = side == SIDE_MENTOR ? r->mentor_field : r->mentee_field;
	return own == f || cond_reads(&r->when, side, f) || cond_reads(&r->unless, side, f);
}

int profile_field_used(const struct profile *p, enum side side, size_t f)
{
	for (size_t k = 0; p && k < p->nrules; k++)
		if (p->rules[k].enabled && rule_reads(&p->rules[k], side, f))
			return 1;
	return 0;
}

/* ---- the column mapping ------------------------------------------------- */

static int side_ok(const struct profile *p, enum side side, size_t field)
{
	return p && (side == SIDE_MENTOR || side == SIDE_MENTEE) && field < p->nfields &&
		p->columns[side];
}

static void drop_numbered(struct profile *p, enum side side, size_t field)
{
	struct column_list *c;
	if (!p->numbered[side])
		return;
	c = &p->numbered[side][field];
	pi_free_strv(c->header, c->n);
	free(c->at);
	memset(c, 0, sizeof *c);
}

int profile_set_column(struct profile *p, enum side side, size_t field, const char *header)
{
	char *copy = NULL;

	if (!side_ok(p, side, field))
		return -1;
	/* An empty header cannot be written to a profile: it means "not mapped". */
	if (header && *header && !(copy = pi_dupstr(header)))
		return -1;
	free(p->columns[side][field]);
	p->columns[side][field] = copy;
	if (p->column_at[side])
		p->column_at[side][field] = 0;
	drop_numbered(p, side, field);
	return 0;
}

int profile_set_column_at(struct profile *p, enum side side, size_t field,
			  const char *header, long at)
{
	char *copy;

	if (at <= 0 || !header)
		return profile_set_column(p, side, field, header);
	if (!side_ok(p, side, field))
		return -1;
	if (!p->column_at[side] &&
	    !(p->column_at[side] = calloc(p->nfields ? p->nfields : 1, sizeof *p->column_at[side])))
		return -1;
	if (!(copy = pi_dupstr(header)))
		return -1;
	free(p->columns[side][field]);
	p->columns[side][field] = copy;
	p->column_at[side][field] = at;
	drop_numbered(p, side, field);
	return 0;
}

long profile_column_at(const struct profile *p, enum side side, size_t field)
{
	if (!side_ok(p, side, field) || !p->column_at[side] || !p->columns[side][field])
		return 0;
	return p->column_at[side][field];
}

int profile_add_numbered_column(struct profile *p, enum side side, size_t field,
				const char *header, long at)
{
	struct column_list *c;
	char **nh, *copy;
	long *na;

	if (!side_ok(p, side, field) || !header || at < 0)
		return -1;
	if (!p->numbered[side] &&
	    !(p->numbered[side] = calloc(p->nfields ? p->nfields : 1, sizeof *p->numbered[side])))
		return -1;
	c = &p->numbered[side][field];
	if (!(copy = pi_dupstr(header)))
		return -1;
	nh = realloc(c->header, (c->n + 1) * sizeof *nh);
	if (!nh) {
		free(copy);
		return -1;
	}
	c->header = nh;
	na = realloc(c->at, (c->n + 1) * sizeof *na);
	if (!na) {
		free(copy);
		return -1;
	}
	c->at = na;
	c->header[c->n] = copy;
	c->at[c->n] = at;
	c->n++;
	free(p->columns[side][field]);
	p->columns[side][field] = NULL;
	if (p->column_at[side])
		p->column_at[side][field] = 0;
	return 0;
}

const struct column_list *profile_numbered(const struct profile *p, enum side side,
					   size_t field)
{
	if (!side_ok(p, side, field) || !p->numbered[side] || p->numbered[side][field].n == 0)
		return NULL;
	return &p->numbered[side][field];
}

int profile_field_mapped(const struct profile *p, enum side side, size_t field)
{
	if (!side_ok(p, side, field))
		return 0;
	return p->columns[side][field] != NULL || profile_numbered(p, side, field) != NULL;
}

/* ---- aliases -------------------------------------------------------------- */

int profile_set_alias(struct profile *p, size_t field, const char *spelling,
		      const char *value)
{
	struct field_def *f;
	struct field_alias *na;
	char *sp, *va;
	size_t i;

	if (!p || field >= p->nfields || !spelling || !value)
		return -1;
	f = &p->fields[field];
	for (i = 0; i < f->naliases; i++) {
		int same = text_same(spelling, f->aliases[i].spelling);
		if (same < 0)
			return -1;
		if (same)
			break;
	}
	if (!(va = pi_dupstr(value)))
		return -1;
	if (i < f->naliases) {
		free(f->aliases[i].value);
		f->aliases[i].value = va;
		return 0;
	}
	if (!(sp = pi_dupstr(spelling))) {
		free(va);
		return -1;
	}
	na = realloc(f->aliases, (f->naliases + 1) * sizeof *na);
	if (!na) {
		free(sp);
		free(va);
		return -1;
	}
	f->aliases = na;
	f->aliases[f->naliases++] = (struct field_alias){ sp, va };
	return 0;
}

void profile_remove_alias(struct profile *p, size_t field, size_t i)
{
	struct field_def *f;

	if (!p || field >= p->nfields || i >= p->fields[field].naliases)
		return;
	f = &p->fields[field];
	free(f->aliases[i].spelling);
	free(f->aliases[i].value);
	memmove(&f->aliases[i], &f->aliases[i + 1], (f->naliases - i - 1) * sizeof *f->aliases);
	if (--f->naliases == 0) {
		free(f->aliases);
		f->aliases = NULL;
	}
}

int profile_set_signup_answers(struct profile *p, enum side side,
			       const char *const *answers, size_t n)
{
	char **v = calloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *a = answers[i] ? answers[i] : "";
		char buf[8], *heap;
		const char *key = text_key_in(a, buf, sizeof buf, &heap);
		int dup = key && !*key;    /* an empty answer */
		free(heap);
		if (!key)
			goto oom;
		for (size_t j = 0; j < k && !dup; j++) {
			int r = text_same(a, v[j]);
			if (r < 0)
				goto oom;
			dup = r;
		}
		if (!dup && !(v[k++] = pi_dupstr(a)))
			goto oom;
	}
	pi_free_strv(p->signups.answers[side], p->signups.nanswers[side]);
	p->signups.answers[side] = v;
	p->signups.nanswers[side] = k;
	return 0;
oom:
	pi_free_strv(v, n);
	return -1;
}

long solve_default_capacity(const struct solve_settings *s, enum side side)
{
	if (s->capacity[side] != CAPACITY_UNSET)
		return s->capacity[side];
	return s->mode == MODE_ROUNDS ? s->rounds : 1;
}

const char *profile_side_name(enum side side)
{
	return side == SIDE_MENTEE ? "mentees" : "mentors";
}

void profile_band_text(const struct gap_band *b, char *buf, size_t len)
{
	char lo[32], hi[32];

	text_number_format(b->lo == GAP_OPEN_LO ? 0 : b->lo, lo, sizeof lo);
	text_number_format(b->hi == GAP_OPEN_HI ? 0 : b->hi, hi, sizeof hi);
	if (b->lo == b->hi)
		snprintf(buf, len, "%s", lo);
	else if (b->lo == GAP_OPEN_LO && b->hi == GAP_OPEN_HI)
		snprintf(buf, len, "..");
	else if (b->lo == GAP_OPEN_LO)
		snprintf(buf, len, "..%s", hi);
	else if (b->hi == GAP_OPEN_HI)
		snprintf(buf, len, "%s..", lo);
	else
		snprintf(buf, len, "%s..%s", lo, hi);
}

/* ---- copy --------------------------------------------------------------- */

static int copy_cond(struct rule_cond *d, const struct rule_cond *s)
{
	*d = *s;
	d->values = NULL;
	d->nvalues = 0;
	if (!s->nvalues)
		return 0;
	if (pi_copy_strv(&d->values, s->values, s->nvalues) < 0) {
		pi_free_strv(d->values, s->nvalues);
		d->values = NULL;
		return -1;
	}
	d->nvalues = s->nvalues;
	return 0;
}

static int copy_field(struct field_def *df, const struct field_def *sf)
{
	memset(df, 0, sizeof *df);
	df->type = sf->type;
	if ((sf->name && !(df->name = pi_dupstr(sf->name))) ||
	    (sf->label && !(df->label = pi_dupstr(sf->label))) ||
	    (sf->separator && !(df->separator = pi_dupstr(sf->separator))))
		return -1;
	if (sf->scale) {
		df->nscale = sf->nscale;
		if (pi_copy_strv(&df->scale, sf->scale, sf->nscale) < 0)
			return -1;
	}
	if (sf->options) {
		df->noptions = sf->noptions;
		if (pi_copy_strv(&df->options, sf->options, sf->noptions) < 0)
			return -1;
	}
	if (sf->wildcards) {
		df->nwildcards = sf->nwildcards;
		df->wildcards_line = sf->wildcards_line;
		if (pi_copy_strv(&df->wildcards, sf->wildcards, sf->nwildcards) < 0)
			return -1;
	}
	if (sf->naliases) {
		if (!(df->aliases = calloc(sf->naliases, sizeof *df->aliases)))
			return -1;
		df->naliases = sf->naliases;
		for (size_t a = 0; a < sf->naliases; a++)
			if (!(df->aliases[a].spelling = pi_dupstr(sf->aliases[a].spelling)) ||
			    !(df->aliases[a].value = pi_dupstr(sf->aliases[a].value)))
				return -1;
	}
	return 0;
}

static int copy_rule(struct rule *dr, const struct rule *sr)
{
	*dr = *sr;
	dr->id = dr->label = NULL;
	dr->bands = NULL;
	dr->pairs = NULL;
	dr->npairs = 0;
	dr->weights = NULL;
	dr->nweights = 0;
	memset(&dr->when, 0, sizeof dr->when);
	memset(&dr->unless, 0, sizeof dr->unless);
	if ((sr->id && !(dr->id = pi_dupstr(sr->id))) ||
	    (sr->label && !(dr->label = pi_dupstr(sr->label))))
		return -1;
	if (sr->nbands) {
		if (!(dr->bands = malloc(sr->nbands * sizeof *dr->bands)))
			return -1;
		memcpy(dr->bands, sr->bands, sr->nbands * sizeof *dr->bands);
	}
	if (sr->nweights) {
		if (!(dr->weights = malloc(sr->nweights * sizeof *dr->weights)))
			return -1;
		memcpy(dr->weights, sr->weights, sr->nweights * sizeof *dr->weights);
		dr->nweights = sr->nweights;
	}
	if (sr->npairs) {
		if (!(dr->pairs = calloc(sr->npairs, sizeof *dr->pairs)))
			return -1;
		dr->npairs = sr->npairs;
		for (size_t i = 0; i < sr->npairs; i++)
			if (!(dr->pairs[i].mentee = pi_dupstr(sr->pairs[i].mentee)) ||
			    !(dr->pairs[i].mentor = pi_dupstr(sr->pairs[i].mentor)))
				return -1;
	}
	if (copy_cond(&dr->when, &sr->when) < 0 || copy_cond(&dr->unless, &sr->unless) < 0)
		return -1;
	return 0;
}

static int copy_numbered(struct column_list **dst, const struct column_list *src, size_t nf)
{
	*dst = NULL;
	if (!src)
		return 0;
	if (!(*dst = calloc(nf ? nf : 1, sizeof **dst)))
		return -1;
	for (size_t f = 0; f < nf; f++) {
		if (!src[f].n)
			continue;
		if (pi_copy_strv(&(*dst)[f].header, src[f].header, src[f].n) < 0 ||
		    !((*dst)[f].at = malloc(src[f].n * sizeof *(*dst)[f].at))) {
			pi_free_strv((*dst)[f].header, src[f].n);
			(*dst)[f].header = NULL;
			return -1;
		}
		memcpy((*dst)[f].at, src[f].at, src[f].n * sizeof *src[f].at);
		(*dst)[f].n = src[f].n;
	}
	return 0;
}

int profile_copy(struct profile *dst, const struct profile *src)
{
	memset(dst, 0, sizeof *dst);
	if (!src)
		return -1;
	dst->solve = src->solve;
	dst->group_by = src->group_by;
	dst->delimiter[0] = src->delimiter[0];
	dst->delimiter[1] = src->delimiter[1];
	dst->history.forbid = src->history.forbid;
	dst->history.weight = src->history.weight;
	if (src->name && !(dst->name = pi_dupstr(src->name)))
		goto oom;
	if (src->path && !(dst->path = pi_dupstr(src->path)))
		goto oom;
	dst->fields = calloc(src->nfields ? src->nfields : 1, sizeof *dst->fields);
	if (!dst->fields)
		goto oom;
	for (size_t i = 0; i < src->nfields; i++) {
		dst->nfields++;
		if (copy_field(&dst->fields[i], &src->fields[i]) < 0)
			goto oom;
	}
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (src->columns[s] && pi_copy_strv(&dst->columns[s], src->columns[s], src->nfields) < 0)
			goto oom;
		if (src->column_at[s]) {
			dst->column_at[s] = calloc(src->nfields ? src->nfields : 1,
						   sizeof *dst->column_at[s]);
			if (!dst->column_at[s])
				goto oom;
			memcpy(dst->column_at[s], src->column_at[s],
			       src->nfields * sizeof *dst->column_at[s]);
		}
		if (copy_numbered(&dst->numbered[s], src->numbered[s], src->nfields) < 0)
			goto oom;
		if (src->history.column[s] &&
		    !(dst->history.column[s] = pi_dupstr(src->history.column[s])))
			goto oom;
	}
	dst->rules = calloc(src->nrules ? src->nrules : 1, sizeof *dst->rules);
	if (!dst->rules)
		goto oom;
	for (size_t i = 0; i < src->nrules; i++) {
		dst->nrules++;
		if (copy_rule(&dst->rules[i], &src->rules[i]) < 0)
			goto oom;
	}
	dst->output_fields = malloc((src->noutput ? src->noutput : 1) * sizeof *dst->output_fields);
	if (!dst->output_fields)
		goto oom;
	dst->noutput = src->noutput;
	if (src->noutput)
		memcpy(dst->output_fields, src->output_fields, src->noutput * sizeof *dst->output_fields);
	dst->signups.delimiter = src->signups.delimiter;
	if (src->signups.role_column &&
	    !(dst->signups.role_column = pi_dupstr(src->signups.role_column)))
		goto oom;
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (!src->signups.nanswers[s])
			continue;
		if (pi_copy_strv(&dst->signups.answers[s], src->signups.answers[s],
				 src->signups.nanswers[s]) < 0) {
			pi_free_strv(dst->signups.answers[s], src->signups.nanswers[s]);
			dst->signups.answers[s] = NULL;
			goto oom;
		}
		dst->signups.nanswers[s] = src->signups.nanswers[s];
	}
	return 0;
oom:
	profile_free(dst);
	return -1;
}

/* ---- compare ---------------------------------------------------------------- */

#define DIFF(...) do { if (why) snprintf(why, len, __VA_ARGS__); return 0; } while (0)

static int same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int same_strv(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return 0;
	return 1;
}

static int same_cond(const struct rule_cond *a, const struct rule_cond *b)
{
	if (a->given != b->given)
		return 0;
	if (!a->given)
		return 1;
	return a->side == b->side && a->field == b->field &&
		same_strv(a->values, a->nvalues, b->values, b->nvalues);
}

/* Fields x and y (field i) hold the same settings; keys that do not apply
 * to the type are not compared (they are not written either). */
static int equal_field(const struct field_def *x, const struct field_def *y, size_t i,
		       char *why, size_t len)
{
	if (!same_str(x->name, y->name))
		DIFF("field %zu name", i);
	if (!same_str(x->label, y->label))
		DIFF("field %s label", x->name);
	if (x->type != y->type)
		DIFF("field %s type %d vs %d", x->name, (int)x->type, (int)y->type);
	if (x->type == FIELD_ORDINAL && !same_strv(x->scale, x->nscale, y->scale, y->nscale))
		DIFF("field %s scale", x->name);
	if (x->type == FIELD_MULTI && (!same_str(x->separator, y->separator) ||
				       !same_strv(x->options, x->noptions, y->options, y->noptions)))
		DIFF("field %s separator or options", x->name);
	if (((profile_keys[PK_FIELD_WILDCARD].applies >> x->type) & 1u) &&
	    !same_strv(x->wildcards, x->nwildcards, y->wildcards, y->nwildcards))
		DIFF("field %s wildcards", x->name);
	if ((profile_keys[PK_FIELD_ALIASES].applies >> x->type) & 1u) {
		if (x->naliases != y->naliases)
			DIFF("field %s naliases %zu vs %zu", x->name, x->naliases, y->naliases);
		for (size_t k = 0; k < x->naliases; k++)
			if (!same_str(x->aliases[k].spelling, y->aliases[k].spelling) ||
			    !same_str(x->aliases[k].value, y->aliases[k].value))
				DIFF("field %s alias %zu", x->name, k);
	}
	return 1;
}

/* Rules a and b (rule i of profiles pa and pb) do the same: keys that do
 * not apply to the rule's kind and effect are not compared (they are not
 * written either). */
static int equal_rule(const struct profile *pa, size_t i, const struct rule *rb, char *why,
		      size_t len)
{
	const struct rule *ra = &pa->rules[i];
	if (!same_str(ra->id, rb->id) || !same_str(ra->label, rb->label))
		DIFF("rule %s id or label", ra->id ? ra->id : "?");
	if (ra->kind != rb->kind || ra->enabled != rb->enabled)
		DIFF("rule %s kind or enabled", ra->id);
	if (ra->kind != RULE_GAP && ra->effect != rb->effect)
		DIFF("rule %s effect", ra->id);
	if (ra->mentor_field != rb->mentor_field || ra->mentee_field != rb->mentee_field)
		DIFF("rule %s fields", ra->id);
	if (profile_key_applies(pa, PK_RULE_WEIGHT, i) && ra->weight != rb->weight)
		DIFF("rule %s weight %ld vs %ld", ra->id, ra->weight, rb->weight);
	if (ra->kind == RULE_OVERLAP && (ra->measure != rb->measure || ra->at_least != rb->at_least))
		DIFF("rule %s measure or at_least", ra->id);
	if (ra->kind == RULE_GAP) {
		if (ra->nbands != rb->nbands)
			DIFF("rule %s nbands %zu vs %zu", ra->id, ra->nbands, rb->nbands);
		for (size_t k = 0; k < ra->nbands; k++)
			if (ra->bands[k].lo != rb->bands[k].lo || ra->bands[k].hi != rb->bands[k].hi ||
			    ra->bands[k].weight != rb->bands[k].weight)
				DIFF("rule %s band %zu", ra->id, k);
		if (ra->otherwise_forbid != rb->otherwise_forbid ||
		    (!ra->otherwise_forbid && ra->otherwise_weight != rb->otherwise_weight) ||
		    ra->empty_forbid != rb->empty_forbid)
			DIFF("rule %s otherwise", ra->id);
	}
	if (ra->kind == RULE_TABLE) {
		if (ra->npairs != rb->npairs)
			DIFF("rule %s npairs %zu vs %zu", ra->id, ra->npairs, rb->npairs);
		for (size_t k = 0; k < ra->npairs; k++)
			if (!same_str(ra->pairs[k].mentee, rb->pairs[k].mentee) ||
			    !same_str(ra->pairs[k].mentor, rb->pairs[k].mentor))
				DIFF("rule %s pair %zu", ra->id, k);
	}
	if (profile_key_applies(pa, PK_RULE_WEIGHTS, i) &&
	    (ra->nweights != rb->nweights ||
	     (ra->nweights && memcmp(ra->weights, rb->weights, ra->nweights * sizeof *ra->weights))))
		DIFF("rule %s weights", ra->id);
	if (!same_cond(&ra->when, &rb->when) || !same_cond(&ra->unless, &rb->unless))
		DIFF("rule %s when or unless", ra->id);
	return 1;
}

static const char *col_or_null(const struct profile *p, int s, size_t f)
{
	return p->columns[s] ? p->columns[s][f] : NULL;
}

int profile_equal(const struct profile *a, const struct profile *b, char *why, size_t len)
{
	if (why && len)
		why[0] = '\0';
	if (!a || !b)
		DIFF("a profile is missing");
	if (!same_str(a->name ? a->name : "", b->name ? b->name : ""))
		DIFF("name");
	if (a->nfields != b->nfields)
		DIFF("nfields %zu vs %zu", a->nfields, b->nfields);
	for (size_t i = 0; i < a->nfields; i++)
		if (!equal_field(&a->fields[i], &b->fields[i], i, why, len))
			return 0;
	for (int s = 0; s < SIDE_COUNT; s++) {
		if (a->delimiter[s] != b->delimiter[s])
			DIFF("%s delimiter", profile_side_name((enum side)s));
		for (size_t f = 0; f < a->nfields; f++) {
			const struct column_list *ca = profile_numbered(a, (enum side)s, f);
			const struct column_list *cb = profile_numbered(b, (enum side)s, f);
			if (!same_str(col_or_null(a, s, f), col_or_null(b, s, f)) ||
			    profile_column_at(a, (enum side)s, f) != profile_column_at(b, (enum side)s, f))
				DIFF("%s column of %s", profile_side_name((enum side)s), a->fields[f].name);
			if (!ca != !cb || (ca && (!same_strv(ca->header, ca->n, cb->header, cb->n) ||
						  memcmp(ca->at, cb->at, ca->n * sizeof *ca->at))))
				DIFF("%s numbered columns of %s", profile_side_name((enum side)s),
				     a->fields[f].name);
		}
	}
	if (a->nrules != b->nrules)
		DIFF("nrules %zu vs %zu", a->nrules, b->nrules);
	for (size_t i = 0; i < a->nrules; i++)
		if (!equal_rule(a, i, &b->rules[i], why, len))
			return 0;
	{
		const struct solve_settings *x = &a->solve, *y = &b->solve;
		if (x->mode != y->mode || x->rounds != y->rounds ||
		    x->unmatched_bonus != y->unmatched_bonus || x->objective != y->objective ||
		    x->min_score != y->min_score || x->mentor_min != y->mentor_min ||
		    x->mentor_min_field != y->mentor_min_field)
			DIFF("solve settings");
		for (int s = 0; s < SIDE_COUNT; s++)
			if (x->capacity[s] != y->capacity[s] || x->capacity_field[s] != y->capacity_field[s])
				DIFF("solve capacities");
	}
	if (a->noutput != b->noutput ||
	    (a->noutput && memcmp(a->output_fields, b->output_fields,
				  a->noutput * sizeof *a->output_fields)))
		DIFF("output fields");
	if (a->group_by != b->group_by)
		DIFF("group_by %ld vs %ld", a->group_by, b->group_by);
	if (!same_str(a->signups.role_column, b->signups.role_column) ||
	    a->signups.delimiter != b->signups.delimiter)
		DIFF("signups");
	for (int s = 0; s < SIDE_COUNT; s++)
		if (!same_strv(a->signups.answers[s], a->signups.nanswers[s],
			       b->signups.answers[s], b->signups.nanswers[s]))
			DIFF("signups answers");
	if (a->history.forbid != b->history.forbid ||
	    (!a->history.forbid && a->history.weight != b->history.weight) ||
	    !same_str(a->history.column[0], b->history.column[0]) ||
	    !same_str(a->history.column[1], b->history.column[1]))
		DIFF("history");
	return 1;
}
