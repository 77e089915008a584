/* dataset_links.c - what the rules need from the participants' values,
 * resolved once (dataset_resolve_rules: conditions, table pairs, the people
 * a preference names), and the pairs of earlier cohorts (dataset_set_history).
 * See dataset.h. */
#include "dataset_int.h"
#include "mentormatch/mapping.h"
#include "mentormatch/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_FIRST 3   /* names or lines shown in a message, then "and N more" */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_pair(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;
	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

static int cmp_link(const void *a, const void *b)
{
	const struct pref_link *x = a, *y = b;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	return (x->mentee > y->mentee) - (x->mentee < y->mentee);
}

static int cmp_hist(const void *a, const void *b)
{
	const struct history_link *x = a, *y = b;
	if (x->mentor != y->mentor)
		return x->mentor < y->mentor ? -1 : 1;
	if (x->mentee != y->mentee)
		return x->mentee < y->mentee ? -1 : 1;
	return (x->file > y->file) - (x->file < y->file);
}

static void free_rd(struct dataset *ds)
{
	for (size_t r = 0; ds->rd && r < ds->nrd; r++) {
		free(ds->rd[r].cond[0]);
		free(ds->rd[r].cond[1]);
		free(ds->rd[r].tpair);
		free(ds->rd[r].link);
	}
	free(ds->rd);
	ds->rd = NULL;
	ds->nrd = 0;
}

void dataset_free_links(struct dataset *ds)
{
	free_rd(ds);
	free(ds->same);
	ds->same = NULL;
	ds->nsame = 0;
	free(ds->hist);
	for (size_t k = 0; k < ds->nhist_name; k++)
		free(ds->hist_name[k]);
	free(ds->hist_name);
	ds->hist = NULL;
	ds->nhist = 0;
	ds->hist_name = NULL;
	ds->nhist_name = 0;
}

/* ---- conditions and tables -------------------------------------------------- */

/* The id of a value of field f as the dataset keeps it (vocabulary id,
 * scale index, number id), or VALUE_NONE when no participant has it. */
static int32_t value_id(const struct dataset *ds, size_t f, const char *text)
{
	const struct field_def *fd = &ds->prof->fields[f];
	if (fd->type == FIELD_ORDINAL) {
		for (size_t k = 0; k < fd->nscale; k++)
			if (text_same(fd->scale[k], text) == 1)
				return (int32_t)k;
		for (size_t a = 0; a < fd->naliases; a++)
			if (text_same(fd->aliases[a].spelling, text) == 1)
				for (size_t k = 0; k < fd->nscale; k++)
					if (text_same(fd->scale[k], fd->aliases[a].value) == 1)
						return (int32_t)k;
		return VALUE_NONE;
	}
	if (fd->type == FIELD_NUMBER) {
		long long x;
		if (text_number(text, &x) != 0)
			return VALUE_NONE;
		for (size_t k = 0; k < ds->nnum; k++)
			if (ds->num[k] == x)
				return (int32_t)k;
		return VALUE_NONE;
	}
	/* a category's alias is read as its value, as in the cells */
	for (size_t a = 0; fd->type == FIELD_CATEGORY && a < fd->naliases; a++)
		if (text_same(fd->aliases[a].spelling, text) == 1)
			return dataset_lookup(ds, fd->aliases[a].value);
	return dataset_lookup(ds, text);
}

static int resolve_cond(const struct dataset *ds, const struct rule_cond *c, int32_t **ids,
			size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (!c->given || c->field >= ds->prof->nfields)
		return 0;
	if (!(*ids = malloc((c->nvalues ? c->nvalues : 1) * sizeof **ids)))
		return -1;
	for (size_t i = 0; i < c->nvalues; i++) {
		int32_t id = value_id(ds, c->field, c->values[i]);
		if (id != VALUE_NONE)
			(*ids)[(*n)++] = id;
	}
	qsort(*ids, *n, sizeof **ids, cmp_i32);
	return 0;
}

static int resolve_table(const struct dataset *ds, const struct rule *r, struct rule_data *rd)
{
	if (r->kind != RULE_TABLE || !r->npairs || r->mentor_field >= ds->prof->nfields ||
	    r->mentee_field >= ds->prof->nfields)
		return 0;
	if (!(rd->tpair = malloc(r->npairs * sizeof *rd->tpair)))
		return -1;
	for (size_t i = 0; i < r->npairs; i++) {
		int32_t a = value_id(ds, r->mentee_field, r->pairs[i].mentee);
		int32_t b = value_id(ds, r->mentor_field, r->pairs[i].mentor);
		if (a != VALUE_NONE && b != VALUE_NONE) {
			rd->tpair[rd->ntpair][0] = a;
			rd->tpair[rd->ntpair][1] = b;
			rd->ntpair++;
		}
	}
	qsort(rd->tpair, rd->ntpair, sizeof *rd->tpair, cmp_pair);
	return 0;
}

/* ---- people by identity and by name --------------------------------------------- */

struct keyed {
	char *key;      /* owned */
	uint32_t person;
};

struct people {
	struct keyed *id, *name;
	size_t nid, nname;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return (x->person > y->person) - (x->person < y->person);
}

static void people_free(struct people *pp)
{
	for (size_t i = 0; i < pp->nid; i++)
		free(pp->id[i].key);
	for (size_t i = 0; i < pp->nname; i++)
		free(pp->name[i].key);
	free(pp->id);
	free(pp->name);
	memset(pp, 0, sizeof *pp);
}

/* The participants of side by identity key and (with names) by full name. */
static int people_index(const struct dataset *ds, enum side side, int with_names,
			struct people *pp)
{
	const struct side_data *sd = &ds->side[side];
	int nm = profile_field_index(ds->prof, "name");
	int fn = profile_field_index(ds->prof, "first_name");
	int ln = profile_field_index(ds->prof, "last_name");

	memset(pp, 0, sizeof *pp);
	if (!(pp->id = malloc((sd->n ? sd->n : 1) * sizeof *pp->id)) ||
	    !(pp->name = malloc((sd->n ? sd->n : 1) * sizeof *pp->name)))
		goto oom;
	for (size_t i = 0; i < sd->n; i++) {
		char *k = text_key_dup(dataset_identity(ds, side, i));
		if (!k)
			goto oom;
		if (!*k) {
			free(k);
		} else {
			pp->id[pp->nid].key = k;
			pp->id[pp->nid++].person = (uint32_t)i;
		}
		if (!with_names || (nm < 0 && fn < 0 && ln < 0))
			continue;
		{
			const char *n = nm >= 0 ? dataset_text(ds, side, i, (size_t)nm) : "";
			const char *a = fn >= 0 ? dataset_text(ds, side, i, (size_t)fn) : "";
			const char *b = ln >= 0 ? dataset_text(ds, side, i, (size_t)ln) : "";
			size_t len = strlen(n) + strlen(a) + strlen(b) + 2;
			char *full = malloc(len);
			if (!full)
				goto oom;
			if (*n)
				snprintf(full, len, "%s", n);
			else
				snprintf(full, len, "%s %s", a, b);
			k = text_key_dup(full);
			free(full);
			if (!k)
				goto oom;
			if (!*k) {
				free(k);
				continue;
			}
			pp->name[pp->nname].key = k;
			pp->name[pp->nname++].person = (uint32_t)i;
		}
	}
	qsort(pp->id, pp->nid, sizeof *pp->id, cmp_keyed);
	qsort(pp->name, pp->nname, sizeof *pp->name, cmp_keyed);
	return 0;
oom:
	people_free(pp);
	return -1;
}

/* The people whose key is key: *first of them, and how many (0: none). */
static size_t find_keyed(const struct keyed *k, size_t n, const char *key, size_t *first)
{
	size_t lo = 0, hi = n, c = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + c < n && strcmp(k[lo + c].key, key) == 0)
		c++;
	return c;
}

/* ---- preferences -------------------------------------------------------------------- */

struct unresolved {
	size_t nunknown, nambiguous;
	char shown[3 * 160];
	size_t nshown;
};

static void note_unresolved(struct unresolved *u, int ambiguous, unsigned long line,
			    const char *name)
{
	if (ambiguous)
		u->nambiguous++;
	else
		u->nunknown++;
	if (u->nshown < SHOW_FIRST) {
		size_t o = strlen(u->shown);
		snprintf(u->shown + o, sizeof u->shown - o, "%sline %lu: \"%.60s\"%s",
			 u->nshown ? ", " : "", line, name, ambiguous ? " (several)" : "");
		u->nshown++;
	}
}

struct link_list {
	struct pref_link *v;
	size_t n, cap;
};

static int link_add(struct link_list *l, uint32_t mentor, uint32_t mentee, enum side who,
		    unsigned rank)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct pref_link *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = (struct pref_link){ mentor, mentee,
		(uint16_t)(who == SIDE_MENTEE ? rank : 0), (uint16_t)(who == SIDE_MENTOR ? rank : 0) };
	return 0;
}

/* The people that side's field f names, in order, as links. */
static int links_of_side(const struct dataset *ds, const struct rule *r, enum side who,
			 size_t f, struct link_list *l, struct diag *d)
{
	enum side other = who == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR;
	const struct side_data *sd = &ds->side[who];
	size_t nf = ds->prof->nfields;
	struct people pp;
	struct unresolved u = { 0 };

	if (f >= nf || (sd->col[f] < 0 && !sd->cols[f]))
		return 0;
	if (people_index(ds, other, 1, &pp) < 0)
		return -1;
	for (size_t i = 0; i < sd->n; i++) {
		size_t at = i * nf + f, a, b;
		uint32_t *seen = NULL;
		size_t nseen = 0;
		unsigned rank = 0;
		if (ds->prof->fields[f].type == FIELD_MULTI) {
			a = sd->set_start[at];
			b = sd->set_start[at + 1];
		} else {
			a = 0;
			b = sd->val[at] == VALUE_NONE ? 0 : 1;
		}
		if (b > a && !(seen = malloc((b - a) * sizeof *seen))) {
			people_free(&pp);
			return -1;
		}
		for (size_t k = a; k < b; k++) {
			int32_t id = ds->prof->fields[f].type == FIELD_MULTI ? sd->ord_pool[k] : sd->val[at];
			const char *key = ds->vocab_key[id];
			size_t first, c = find_keyed(pp.id, pp.nid, key, &first);
			const struct keyed *hit = c ? &pp.id[first] : NULL;
			int dup = 0;
			if (!c) {
				c = find_keyed(pp.name, pp.nname, key, &first);
				hit = c ? &pp.name[first] : NULL;
			}
			rank++;
			if (c != 1) {
				note_unresolved(&u, c > 1, dataset_line(ds, who, i), ds->vocab[id]);
				continue;
			}
			for (size_t s = 0; s < nseen; s++)
				dup |= seen[s] == hit->person;
			if (dup)
				continue;   /* named twice (by id and by name): the first place */
			seen[nseen++] = hit->person;
			if (rank > 65535)
				break;
			if (link_add(l, who == SIDE_MENTOR ? (uint32_t)i : hit->person,
				     who == SIDE_MENTOR ? hit->person : (uint32_t)i, who, rank) < 0) {
				free(seen);
				people_free(&pp);
				return -1;
			}
		}
		free(seen);
	}
	people_free(&pp);
	if (d && (u.nunknown || u.nambiguous)) {
		size_t n = u.nunknown + u.nambiguous;
		diag_add(d, DIAG_WARNING, sd->tab->path, 0,
			 "rule %s: %zu name%s in %s match%s no %s%s%s (%s%s); %s ignored",
			 r->id, n, n == 1 ? "" : "s", ds->prof->fields[f].label ? ds->prof->fields[f].label :
			 ds->prof->fields[f].name, n == 1 ? "es" : "", who == SIDE_MENTOR ? "mentee" : "mentor",
			 u.nambiguous ? " or more than one" : "", u.nambiguous ? " (by name)" : "",
			 u.shown, n > u.nshown ? ", ..." : "", n == 1 ? "it is" : "they are");
	}
	return 0;
}

static int resolve_preference(const struct dataset *ds, const struct rule *r,
			      struct rule_data *rd, struct diag *d)
{
	struct link_list l = { 0 };
	size_t n = 0;

	if (r->kind != RULE_PREFERENCE)
		return 0;
	if (links_of_side(ds, r, SIDE_MENTEE, r->mentee_field, &l, d) < 0 ||
	    links_of_side(ds, r, SIDE_MENTOR, r->mentor_field, &l, d) < 0) {
		free(l.v);
		return -1;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, cmp_link);   /* l.v is NULL when nobody is named */
	/* one link per pair, with both ranks */
	for (size_t i = 0; i < l.n; i++) {
		if (n && l.v[n - 1].mentor == l.v[i].mentor && l.v[n - 1].mentee == l.v[i].mentee) {
			if (l.v[i].mentee_rank)
				l.v[n - 1].mentee_rank = l.v[i].mentee_rank;
			if (l.v[i].mentor_rank)
				l.v[n - 1].mentor_rank = l.v[i].mentor_rank;
			continue;
		}
		l.v[n++] = l.v[i];
	}
	rd->link = l.v;
	rd->nlink = n;
	return 0;
}

int dataset_resolve_rules(struct dataset *ds, struct diag *d)
{
	const struct profile *p = ds->prof;

	free_rd(ds);
	if (!(ds->rd = calloc(p->nrules ? p->nrules : 1, sizeof *ds->rd)))
		return -1;
	ds->nrd = p->nrules;
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		struct rule_data *rd = &ds->rd[r];
		if (resolve_cond(ds, &ru->when, &rd->cond[0], &rd->ncond[0]) < 0 ||
		    resolve_cond(ds, &ru->unless, &rd->cond[1], &rd->ncond[1]) < 0 ||
		    resolve_table(ds, ru, rd) < 0 ||
		    resolve_preference(ds, ru, rd, ru->enabled ? d : NULL) < 0) {
			free_rd(ds);
			return -1;
		}
	}
	if (d) {
		/* values of the profile that nobody's answer has: said once each,
		 * so that a typo does not switch a rule off silently */
		struct dataset_unanswered *u;
		size_t n = dataset_unanswered(ds, &u);
		if (n == (size_t)-1) {
			free_rd(ds);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			const struct field_def *fd = &p->fields[u[k].field];
			const char *label = fd->label ? fd->label : fd->name;
			if (u[k].rule)
				diag_add(d, DIAG_WARNING, p->path, u[k].line, "rule %s, %s: nobody "
					 "answered \"%s\" to %s, so that value never matches (check its "
					 "spelling)", u[k].rule, u[k].key, u[k].value, label);
			else
				diag_add(d, DIAG_WARNING, p->path, u[k].line, "field %s, wildcard: "
					 "nobody answered \"%s\", so nobody is read as fitting anyone "
					 "by it (check its spelling)", fd->name, u[k].value);
		}
		free(u);
	}
	return 0;
}

/* Appends (rule, key, field, value) to the list unless it is there (the
 * same value of one key of one rule, compared as categories). */
static int unanswered_add(const struct dataset *ds, struct dataset_unanswered **v, size_t *n,
			  size_t *cap, const struct rule *r, const char *key, size_t field,
			  const char *value, unsigned long line)
{
	(void)ds;
	for (size_t k = 0; k < *n; k++)
		if ((*v)[k].rule == (r ? r->id : NULL) && !strcmp((*v)[k].key, key) &&
		    (*v)[k].field == field && text_same((*v)[k].value, value) == 1)
			return 0;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct dataset_unanswered *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = (struct dataset_unanswered){ r ? r->id : NULL, key, field, value, line };
	return 0;
}

size_t dataset_unanswered(const struct dataset *ds, struct dataset_unanswered **out)
{
	const struct profile *p = ds->prof;
	struct dataset_unanswered *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		const struct rule_cond *c[2] = { &ru->when, &ru->unless };
		static const char *const ckey[2] = { "when", "unless" };
		if (!ru->enabled)
			continue;
		for (int k = 0; k < 2; k++)
			for (size_t i = 0; c[k]->given && c[k]->field < p->nfields &&
			     i < c[k]->nvalues; i++)
				if (value_id(ds, c[k]->field, c[k]->values[i]) == VALUE_NONE &&
				    unanswered_add(ds, &v, &n, &cap, ru, ckey[k], c[k]->field,
						   c[k]->values[i], c[k]->line) < 0)
					goto oom;
		if (ru->kind != RULE_TABLE || ru->mentor_field >= p->nfields ||
		    ru->mentee_field >= p->nfields)
			continue;
		for (size_t i = 0; i < ru->npairs; i++) {
			if (value_id(ds, ru->mentee_field, ru->pairs[i].mentee) == VALUE_NONE &&
			    unanswered_add(ds, &v, &n, &cap, ru, "pairs", ru->mentee_field,
					   ru->pairs[i].mentee, ru->pairs_line) < 0)
				goto oom;
			if (value_id(ds, ru->mentor_field, ru->pairs[i].mentor) == VALUE_NONE &&
			    unanswered_add(ds, &v, &n, &cap, ru, "pairs", ru->mentor_field,
					   ru->pairs[i].mentor, ru->pairs_line) < 0)
				goto oom;
		}
	}
	/* wildcards of the fields some file feeds */
	for (size_t f = 0; f < p->nfields; f++) {
		const struct field_def *fd = &p->fields[f];
		int fed = 0;
		for (int s = 0; s < SIDE_COUNT; s++)
			fed |= ds->side[s].col[f] >= 0 || ds->side[s].cols[f] != NULL;
		for (size_t i = 0; fed && i < fd->nwildcards; i++)
			if (dataset_lookup(ds, fd->wildcards[i]) == VALUE_NONE &&
			    unanswered_add(ds, &v, &n, &cap, NULL, "wildcard", f, fd->wildcards[i],
					   fd->wildcards_line) < 0)
				goto oom;
	}
	*out = v;
	return n;
oom:
	free(v);
	return (size_t)-1;
}

/* ---- people named by text ------------------------------------------------------ */

/* The identity field and, when it is an id field, the email field (a
 * contact that also names people), of side; -1 when not mapped there. */
static void naming_fields(const struct dataset *ds, enum side side, int *idf, int *ef)
{
	const struct side_data *sd = &ds->side[side];
	*idf = sd->id_field >= 0 && sd->col[sd->id_field] >= 0 ? sd->id_field : -1;
	*ef = sd->email_field >= 0 && sd->email_field != sd->id_field &&
		sd->col[sd->email_field] >= 0 ? sd->email_field : -1;
}

long dataset_find_person(const struct dataset *ds, enum side side, const char *text)
{
	const struct side_data *sd = &ds->side[side];
	size_t nf = ds->prof->nfields;
	int idf, ef;
	long found = DATASET_NOBODY;
	int32_t v = dataset_lookup(ds, text ? text : "");

	if (v == VALUE_NONE)
		return DATASET_NOBODY;
	naming_fields(ds, side, &idf, &ef);
	for (size_t i = 0; idf >= 0 && i < sd->n; i++)
		if (sd->val[i * nf + (size_t)idf] == v)
			return (long)i;
	for (size_t i = 0; ef >= 0 && i < sd->n; i++)
		if (sd->val[i * nf + (size_t)ef] == v) {
			if (found != DATASET_NOBODY)
				return DATASET_SEVERAL;
			found = (long)i;
		}
	return found;
}

int32_t *dataset_person_map(const struct dataset *ds, enum side side)
{
	const struct side_data *sd = &ds->side[side];
	size_t nf = ds->prof->nfields;
	int32_t *map = malloc((ds->nvocab ? ds->nvocab : 1) * sizeof *map);
	unsigned char *by_id;
	int idf, ef;

	if (!map)
		return NULL;
	if (!(by_id = calloc(ds->nvocab ? ds->nvocab : 1, 1))) {
		free(map);
		return NULL;
	}
	for (size_t v = 0; v < ds->nvocab; v++)
		map[v] = DATASET_NOBODY;
	naming_fields(ds, side, &idf, &ef);
	/* identities first (the first participant wins, as in dataset_find_person),
	 * then the emails that are nobody's identity */
	for (size_t i = 0; idf >= 0 && i < sd->n; i++) {
		int32_t v = sd->val[i * nf + (size_t)idf];
		if (v != VALUE_NONE && !by_id[v]) {
			map[v] = (int32_t)i;
			by_id[v] = 1;
		}
	}
	for (size_t i = 0; ef >= 0 && i < sd->n; i++) {
		int32_t v = sd->val[i * nf + (size_t)ef];
		if (v == VALUE_NONE || by_id[v])
			continue;
		map[v] = map[v] == DATASET_NOBODY ? (int32_t)i : DATASET_SEVERAL;
	}
	free(by_id);
	return map;
}

/* ---- one person on both sides --------------------------------------------------- */

static int cmp_same(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The full name of a participant as a key ("" when there is none): the
 * field name, else first_name and last_name. */
static char *name_key(const struct dataset *ds, enum side side, size_t i)
{
	int nm = profile_field_index(ds->prof, "name");
	int fn = profile_field_index(ds->prof, "first_name");
	int ln = profile_field_index(ds->prof, "last_name");
	const char *n = nm >= 0 ? dataset_text(ds, side, i, (size_t)nm) : "";
	const char *a = fn >= 0 ? dataset_text(ds, side, i, (size_t)fn) : "";
	const char *b = ln >= 0 ? dataset_text(ds, side, i, (size_t)ln) : "";
	size_t len = strlen(n) + strlen(a) + strlen(b) + 2;
	char *full = malloc(len), *k;
	if (!full)
		return NULL;
	if (*n)
		snprintf(full, len, "%s", n);
	else
		snprintf(full, len, "%s %s", a, b);
	k = text_key_dup(full);
	free(full);
	return k;
}

/* Whether the names of both sides can be compared: the name field, or
 * first_name or last_name, mapped on both sides. */
static int names_mapped(const struct dataset *ds)
{
	static const char *const f[] = { "name", "first_name", "last_name" };
	for (size_t k = 0; k < 3; k++) {
		int i = profile_field_index(ds->prof, f[k]);
		if (i >= 0 && ds->side[SIDE_MENTOR].col[i] >= 0 && ds->side[SIDE_MENTEE].col[i] >= 0)
			return 1;
	}
	return 0;
}

enum contact { CONTACT_UNKNOWN, CONTACT_AGREES, CONTACT_EMAIL_DIFFERS, CONTACT_NAME_DIFFERS };

/* Whether mentor i and mentee j, of the same id, agree on what else tells
 * people apart: their emails when both have one, else their names when both
 * have one.  -1 on out-of-memory. */
static int contact_of(const struct dataset *ds, size_t i, size_t j, int ef, int names)
{
	size_t nf = ds->prof->nfields;
	if (ef >= 0) {
		int32_t a = ds->side[SIDE_MENTOR].val[i * nf + (size_t)ef];
		int32_t b = ds->side[SIDE_MENTEE].val[j * nf + (size_t)ef];
		if (a != VALUE_NONE && b != VALUE_NONE)
			return a == b ? CONTACT_AGREES : CONTACT_EMAIL_DIFFERS;
	}
	if (names) {
		char *a = name_key(ds, SIDE_MENTOR, i), *b = name_key(ds, SIDE_MENTEE, j);
		int c = CONTACT_UNKNOWN;
		if (!a || !b)
			c = -1;
		else if (*a && *b)
			c = strcmp(a, b) == 0 ? CONTACT_AGREES : CONTACT_NAME_DIFFERS;
		free(a);
		free(b);
		return c;
	}
	return CONTACT_UNKNOWN;
}

/* "id 1 is Ann (m.csv line 2) and Bob (e.csv line 2)" for a message. */
static void describe_clash(const struct dataset *ds, size_t i, size_t j, char *buf, size_t len)
{
	char a[64], b[64];
	dataset_name(ds, SIDE_MENTOR, i, a, sizeof a);
	dataset_name(ds, SIDE_MENTEE, j, b, sizeof b);
	snprintf(buf, len, "%s %s is %s (mentors line %lu) and %s (mentees line %lu)",
		 ds->prof->fields[ds->side[SIDE_MENTOR].id_field].name,
		 dataset_identity(ds, SIDE_MENTOR, i), a, dataset_line(ds, SIDE_MENTOR, i), b,
		 dataset_line(ds, SIDE_MENTEE, j));
}

int dataset_find_same_people(struct dataset *ds, struct diag *d)
{
	const struct profile *p = ds->prof;
	struct side_data *m = &ds->side[SIDE_MENTOR], *e = &ds->side[SIDE_MENTEE];
	size_t nf = p->nfields, nagree = 0, nclash = 0, nsame = 0, kinds = 0;
	size_t clash_at = 0;
	long *at = NULL;
	uint32_t (*cand)[2] = NULL;
	unsigned char *contact = NULL;
	size_t ncand = 0;
	int idf = m->id_field, ef = -1, names = 0, per_side;
	int rc = -1;
	char shown[SHOW_FIRST][200];

	free(ds->same);
	ds->same = NULL;
	ds->nsame = 0;
	if (idf < 0 || m->col[idf] < 0 || e->col[idf] < 0)
		return 0;
	/* an email identity is the contact itself; an id is checked against
	 * the email (or the name) of the two rows */
	if (p->fields[idf].type != FIELD_EMAIL) {
		int f = m->email_field;
		ef = f >= 0 && m->col[f] >= 0 && e->col[f] >= 0 ? f : -1;
		names = names_mapped(ds);
	}
	if (!(at = malloc((ds->nvocab > e->n ? ds->nvocab : e->n ? e->n : 1) * sizeof *at)) ||
	    !(cand = malloc((m->n ? m->n : 1) * sizeof *cand)) ||
	    !(contact = malloc(m->n ? m->n : 1)))
		goto out;
	for (size_t k = 0; k < ds->nvocab; k++)
		at[k] = -1;
	for (size_t j = 0; j < e->n; j++) {
		int32_t id = e->val[j * nf + (size_t)idf];
		if (id != VALUE_NONE && at[id] < 0)
			at[id] = (long)j;
	}
	/* the mentors whose id a mentee has, and whether the two agree */
	for (size_t i = 0; i < m->n; i++) {
		int32_t id = m->val[i * nf + (size_t)idf];
		int c;
		if (id == VALUE_NONE || at[id] < 0)
			continue;
		c = contact_of(ds, i, (size_t)at[id], ef, names);
		if (c < 0)
			goto out;
		cand[ncand][0] = (uint32_t)i;
		cand[ncand][1] = (uint32_t)at[id];
		contact[ncand++] = (unsigned char)c;
		if (c == CONTACT_AGREES)
			nagree++;
		if (c == CONTACT_EMAIL_DIFFERS || c == CONTACT_NAME_DIFFERS) {
			if (nclash < SHOW_FIRST)
				describe_clash(ds, i, (size_t)at[id], shown[nclash], sizeof shown[nclash]);
			if (!nclash)
				clash_at = (size_t)at[id];
			nclash++;
			kinds |= c == CONTACT_EMAIL_DIFFERS ? 1u : 2u;
		}
	}
	/* ids that disagree at least as often as they agree are numbers each
	 * form gave its own rows: then the ids alone find nobody on both sides */
	per_side = nclash > 0 && nclash >= nagree;
	for (size_t k = 0; k < ncand; k++) {
		if (contact[k] == CONTACT_AGREES || (contact[k] == CONTACT_UNKNOWN && !per_side)) {
			cand[nsame][0] = cand[k][0];
			cand[nsame][1] = cand[k][1];
			nsame++;
		}
	}
	if (nclash && d) {
		char list[SHOW_FIRST * 200 + 32] = "";
		size_t o = 0;
		const char *what = kinds == 3u ? "emails or names" : kinds == 1u ? "emails" : "names";
		for (size_t k = 0; k < nclash && k < SHOW_FIRST; k++)
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? "; " : "", shown[k]);
		if (nclash > SHOW_FIRST)
			snprintf(list + o, sizeof list - o, "; and %zu more", nclash - SHOW_FIRST);
		if (per_side)
			diag_add(d, DIAG_WARNING, e->tab->path, dataset_line(ds, SIDE_MENTEE, clash_at),
				 "%zu %s on both sides belong%s to people with different %s (%s): the "
				 "ids look like numbers each form gave its own rows, so they are not "
				 "used to find people on both sides; a mentor and a mentee are one "
				 "person only when their %s agree too", nclash,
				 nclash == 1 ? "id" : "ids", nclash == 1 ? "s" : "", what, list, what);
		else
			diag_add(d, DIAG_WARNING, e->tab->path, dataset_line(ds, SIDE_MENTEE, clash_at),
				 "%zu %s on both sides belong%s to people with different %s (%s); they "
				 "are taken as different people (check the ids)", nclash,
				 nclash == 1 ? "id" : "ids", nclash == 1 ? "s" : "", what, list);
	}
	/* a note for each, in the mentees file's order (at[] is free again) */
	for (size_t j = 0; j < e->n && d; j++)
		at[j] = -1;
	for (size_t k = 0; k < nsame && d; k++)
		at[cand[k][1]] = (long)cand[k][0];
	for (size_t j = 0; j < e->n && d; j++) {
		size_t i = (size_t)at[j];
		if (at[j] < 0)
			continue;
		char who[160];
		/* an email says who it is; an id is said with the person's name */
		if (p->fields[idf].type == FIELD_EMAIL) {
			snprintf(who, sizeof who, "%s", ds->vocab[m->val[i * nf + (size_t)idf]]);
		} else {
			char nm[100];
			dataset_name(ds, SIDE_MENTOR, i, nm, sizeof nm);
			snprintf(who, sizeof who, "%s (%s %s)", nm, p->fields[idf].name,
				 ds->vocab[m->val[i * nf + (size_t)idf]]);
		}
		diag_add(d, DIAG_NOTE, e->tab->path, dataset_line(ds, SIDE_MENTEE, j),
			 "%s is both a mentor (%s line %lu) and a mentee; they are never matched with "
			 "themselves", who, m->tab->path, dataset_line(ds, SIDE_MENTOR, i));
	}
	if (nsame > 1)
		qsort(cand, nsame, sizeof *cand, cmp_same);
	if (nsame) {
		ds->same = cand;
		ds->nsame = nsame;
		cand = NULL;
	}
	rc = 0;
out:
	free(at);
	free(cand);
	free(contact);
	return rc;
}

int dataset_same_person(const struct dataset *ds, size_t mentor, size_t mentee)
{
	size_t lo = 0, hi = ds->nsame;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint32_t *x = ds->same[mid];
		if (x[0] < mentor || (x[0] == mentor && x[1] < mentee))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->nsame && ds->same[lo][0] == mentor && ds->same[lo][1] == mentee;
}

/* ---- history ----------------------------------------------------------------------------- */

/* The header a history file's column of side has: [history] X_column, else
 * the one pairs.csv writes (profile_identity_column). */
static const char *history_header(const struct profile *p, enum side s)
{
	return p->history.column[s] ? p->history.column[s] : profile_identity_column(p, s);
}

int dataset_history_columns(const struct profile *p, const struct table *t, int col[SIDE_COUNT],
			    struct diag *d)
{
	int rc = 0;
	for (int s = 0; s < SIDE_COUNT; s++) {
		const char *hdr = history_header(p, (enum side)s);
		col[s] = mapping_find_column(t, hdr);
		/* with an id field, a pairs file of a profile without one (its
		 * people named by email) names them too */
		if (col[s] < 0 && !p->history.column[s] && profile_email_field(p) >= 0 &&
		    profile_identity_field(p) != profile_email_field(p))
			col[s] = mapping_find_column(t, s == SIDE_MENTOR ? "mentor email" : "mentee email");
		if (col[s] < 0) {
			diag_add(d, DIAG_ERROR, t->path, 1, "no column \"%s\" in this history file; "
				 "name the columns of the %s' identities with [history] %s_column "
				 "in the profile", hdr, profile_side_name((enum side)s),
				 s == SIDE_MENTOR ? "mentor" : "mentee");
			rc = -1;
		}
	}
	return rc;
}

/* The sides whose identity is not mapped (bit 1 << side), by the profile's
 * mapping (ds NULL) or the dataset's columns. */
static unsigned unnamed_sides(const struct profile *p, const struct dataset *ds)
{
	int idf = profile_identity_field(p);
	unsigned bits = 0;
	for (int s = 0; s < SIDE_COUNT; s++)
		if (idf < 0 || (ds ? ds->side[s].col[idf] < 0 :
				!profile_field_mapped(p, (enum side)s, (size_t)idf)))
			bits |= 1u << s;
	return bits;
}

/* The error of history files that cannot name anyone, because a side has
 * no identity column: once, naming the files (what: "this history file"). */
static void unnamed_error(const struct profile *p, unsigned bits, const char *path,
			  const char *what, struct diag *d)
{
	int idf = profile_identity_field(p);
	const char *label = idf < 0 ? "id" : p->fields[idf].label ? p->fields[idf].label :
		p->fields[idf].name;
	const char *name = idf < 0 ? "id" : p->fields[idf].name;
	const char *who = bits == 3u ? "the mentors and the mentees have" :
		bits == 1u << SIDE_MENTOR ? "the mentors have" : "the mentees have";
	const char *sec = bits == 3u ? "[columns.mentors] and [columns.mentees]" :
		bits == 1u << SIDE_MENTOR ? "[columns.mentors]" : "[columns.mentees]";
	diag_add(d, DIAG_ERROR, path, 0, "%s no column mapped to the field %s (which tells people "
		 "apart), so %s cannot be matched to the people signed up now; map %s on the "
		 "Columns step (2) or in %s of the profile, or match without it", who, label, what,
		 name, sec);
}

int dataset_history_check(const struct profile *p, const struct table *t, struct diag *d)
{
	int col[SIDE_COUNT];
	unsigned bits = unnamed_sides(p, NULL);
	if (bits) {
		unnamed_error(p, bits, t->path, "this history file", d);
		return -1;
	}
	return dataset_history_columns(p, t, col, d);
}

/* A history file none of whose rows names someone of side signed up now:
 * its column and the participants' identities, side by side, so that a
 * column of something else (names, another cohort's ids) shows. */
static void history_unfit(const struct dataset *ds, const struct table *t, int col, enum side s,
			  struct diag *d)
{
	const struct side_data *sd = &ds->side[s];
	const struct profile *p = ds->prof;
	const char *theirs = "", *ours = "";
	int idf = sd->id_field;
	for (size_t r = 0; r < t->nrows && !*theirs; r++)
		theirs = table_cell(t, r, (size_t)col);
	for (size_t i = 0; i < sd->n && !*ours; i++)
		ours = dataset_identity(ds, s, i);
	diag_add(d, DIAG_WARNING, t->path, t->nrows ? t->line[0] : 0, "none of the %zu row%s names "
		 "one of the %s signed up now: its column \"%s\" holds values such as \"%.40s\", "
		 "and the %s are told apart by the field %s (such as \"%.40s\"); if the files are "
		 "right, name the column of that field with [history] %s_column in the profile",
		 t->nrows, t->nrows == 1 ? "" : "s", profile_side_name(s), t->headers[col], theirs,
		 profile_side_name(s), p->fields[idf].label ? p->fields[idf].label :
		 p->fields[idf].name, ours, s == SIDE_MENTOR ? "mentor" : "mentee");
}

int dataset_set_history(struct dataset *ds, const struct table *const *tabs, size_t n,
			struct diag *d)
{
	const struct profile *p = ds->prof;
	int32_t *map[SIDE_COUNT] = { NULL, NULL };
	struct history_link *h = NULL;
	size_t nh = 0, cap = 0;
	char **names = calloc(n ? n : 1, sizeof *names);
	int rc = -1, missing = 0;
	unsigned bits = n ? unnamed_sides(p, ds) : 0;

	if (!names)
		goto out;
	if (bits) {
		char what[64];
		snprintf(what, sizeof what, n == 1 ? "this history file" : "these %zu history files", n);
		unnamed_error(p, bits, tabs[0]->path, what, d);
		missing = 1;
		goto out;
	}
	for (int s = 0; s < SIDE_COUNT; s++)
		if (!(map[s] = dataset_person_map(ds, (enum side)s)))
			goto out;
	for (size_t fi = 0; fi < n; fi++) {
		const struct table *t = tabs[fi];
		int col[SIDE_COUNT];
		unsigned long first[SHOW_FIRST];
		size_t unknown = 0, miss[SIDE_COUNT] = { 0, 0 };
		if (!(names[fi] = strdup(t->path ? t->path : "")))
			goto out;
		if (dataset_history_columns(p, t, col, d) != 0) {
			missing = 1;
			continue;
		}
		for (size_t r = 0; r < t->nrows; r++) {
			int32_t who[SIDE_COUNT];
			for (int s = 0; s < SIDE_COUNT; s++) {
				int32_t v = dataset_lookup(ds, table_cell(t, r, (size_t)col[s]));
				who[s] = v == VALUE_NONE ? DATASET_NOBODY : map[s][v];
				miss[s] += who[s] < 0;
			}
			if (who[0] < 0 || who[1] < 0) {
				if (unknown < SHOW_FIRST)
					first[unknown] = t->line[r];
				unknown++;
				continue;
			}
			if (nh == cap) {
				size_t ncap = cap ? cap * 2 : 256;
				struct history_link *nv = realloc(h, ncap * sizeof *nv);
				if (!nv)
					goto out;
				h = nv;
				cap = ncap;
			}
			h[nh++] = (struct history_link){ (uint32_t)who[0], (uint32_t)who[1], (uint32_t)fi };
		}
		if (t->nrows && (miss[0] == t->nrows || miss[1] == t->nrows)) {
			history_unfit(ds, t, col[miss[0] == t->nrows ? 0 : 1],
				      miss[0] == t->nrows ? SIDE_MENTOR : SIDE_MENTEE, d);
		} else if (unknown) {
			char lines[96] = "";
			size_t o = 0;
			for (size_t k = 0; k < unknown && k < SHOW_FIRST; k++)
				o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%lu", k ? ", " : "",
						      first[k]);
			diag_add(d, DIAG_NOTE, t->path, first[0], "%zu row%s name%s a mentor or mentee "
				 "who is not signed up now (line%s %s%s); %s ignored", unknown,
				 unknown == 1 ? "" : "s", unknown == 1 ? "s" : "", unknown == 1 ? "" : "s",
				 lines, unknown > SHOW_FIRST ? " and more" : "",
				 unknown == 1 ? "it is" : "they are");
		}
	}
	if (missing)
		goto out;
	if (nh)
		qsort(h, nh, sizeof *h, cmp_hist);   /* h is NULL when no pair was found */
	{
		/* one link per (pair, file) */
		size_t m = 0;
		for (size_t i = 0; i < nh; i++)
			if (!m || cmp_hist(&h[m - 1], &h[i]) != 0)
				h[m++] = h[i];
		nh = m;
	}
	free(ds->hist);
	for (size_t k = 0; k < ds->nhist_name; k++)
		free(ds->hist_name[k]);
	free(ds->hist_name);
	ds->hist = h;
	ds->nhist = nh;
	ds->hist_name = names;
	ds->nhist_name = n;
	h = NULL;
	names = NULL;
	rc = 0;
out:
	if (rc != 0 && names)
		for (size_t k = 0; k < n; k++)
			free(names[k]);
	free(names);
	free(h);
	for (int s = 0; s < SIDE_COUNT; s++)
		free(map[s]);
	if (rc != 0 && !missing)
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the history files");
	return rc;
}

size_t dataset_history_of(const struct dataset *ds, size_t mentor, size_t mentee,
			  uint32_t *files, size_t max)
{
	size_t lo = 0, hi = ds->nhist, n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct history_link *x = &ds->hist[mid];
		if (x->mentor < mentor || (x->mentor == mentor && x->mentee < mentee))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ds->nhist && ds->hist[lo].mentor == mentor && ds->hist[lo].mentee == mentee; lo++) {
		if (n < max)
			files[n] = ds->hist[lo].file;
		n++;
	}
	return n;
}
