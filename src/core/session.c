/* session.c - one coordinator's job, shared by the terminal interface and batch mode. */
#include "mentormatch/session.h"

#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "mentormatch/output.h"

static void drop_unused(struct session *s);

/* Fills in column suggestions for one side and reports what changed. */
static int suggest_columns(struct session *s, enum side side, struct diag *d)
{
	struct profile *p = &s->prof;
	const struct table *t = &s->tab[side];
	size_t nf = p->nfields;
	char **before = calloc(nf ? nf : 1, sizeof *before);
	int rc;

	if (!before)
		return -1;
	if (s->strict_columns) {
		free(before);
		return 0;
	}
	for (size_t f = 0; f < nf; f++)
		before[f] = p->columns[side][f] ? strdup(p->columns[side][f]) : NULL;
	rc = mapping_suggest_all(p, side, t);
	for (size_t f = 0; f < nf && rc >= 0; f++) {
		const char *now = p->columns[side][f];
		if (before[f] && (!now || strcmp(before[f], now) != 0))
			diag_add(d, DIAG_WARNING, t->path, 1,
				 "the profile takes %s from a column \"%s\", which this file lacks; %s%s%s",
				 p->fields[f].name, before[f],
				 now ? "using \"" : "the field is not mapped (see the Columns step)",
				 now ? now : "", now ? "\" instead (check the Columns step)" : "");
	}
	for (size_t f = 0; f < nf; f++)
		free(before[f]);
	free(before);
	if (rc < 0)
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
	return rc < 0 ? -1 : 0;
}

void session_init(struct session *s)
{
	memset(s, 0, sizeof *s);
}

void session_invalidate(struct session *s)
{
	if (s->have_result)
		match_free(&s->res);
	if (s->have_dataset) {
		edges_free(&s->edges);
		dataset_free(&s->ds);
	}
	s->have_result = 0;
	s->have_dataset = 0;
}

int session_load_profile(struct session *s, const char *path, struct diag *d)
{
	struct profile p;
	if (profile_load(&p, path, d) != 0)
		return -1;
	session_invalidate(s);
	if (s->have_profile)
		profile_free(&s->prof);
	s->prof = p;
	s->have_profile = 1;
	if (s->have_sheet) {
		/* the tables of a combined sheet follow the new profile's [signups] */
		if (s->prof.signups.role_column) {
			session_split_signups(s, d);  /* its problems are in d */
			return 0;
		}
		for (int side = 0; side < SIDE_COUNT; side++)
			if (s->have_table[side]) {
				table_free(&s->tab[side]);
				s->have_table[side] = 0;
			}
		drop_unused(s);
		return 0;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side] && suggest_columns(s, (enum side)side, d) < 0)
			return -1;
	return 0;
}

static void drop_unused(struct session *s)
{
	for (size_t i = 0; i < s->nunused; i++)
		free(s->unused[i].answer);
	free(s->unused);
	s->unused = NULL;
	s->nunused = 0;
	s->signup_both = 0;
}

/* Drops the combined sheet and the tables derived from it. */
static void drop_sheet(struct session *s)
{
	if (!s->have_sheet)
		return;
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side]) {
			table_free(&s->tab[side]);
			s->have_table[side] = 0;
		}
	table_free(&s->sheet);
	s->have_sheet = 0;
	drop_unused(s);
}

int session_load_file(struct session *s, enum side side, const char *path, struct diag *d)
{
	struct table t;
	int delim = s->have_profile ? s->prof.delimiter[side] : TABLE_DELIM_AUTO;
	if (table_load(&t, path, delim, d) != 0)
		return -1;
	session_invalidate(s);
	drop_sheet(s);
	if (s->have_table[side])
		table_free(&s->tab[side]);
	s->tab[side] = t;
	s->have_table[side] = 1;
	if (s->have_profile && suggest_columns(s, side, d) < 0)
		return -1;
	return 0;
}

unsigned session_signup_role(const struct profile *p, const char *answer)
{
	size_t len = strlen(answer);
	char *key = malloc(len + 1), *k2 = NULL;
	unsigned role = 0;
	size_t klen;

	if (!key)
		return 0;
	klen = dataset_value_key(answer, len, key);
	for (int side = 0; side < SIDE_COUNT && klen; side++)
		for (size_t i = 0; i < p->signups.nanswers[side]; i++) {
			const char *a = p->signups.answers[side][i];
			size_t alen = strlen(a);
			char *n2 = realloc(k2, alen + 1);
			if (!n2)
				break;
			k2 = n2;
			if (dataset_value_key(a, alen, k2) == klen && memcmp(k2, key, klen) == 0) {
				role |= side == SIDE_MENTOR ? SIGNUP_MENTOR : SIGNUP_MENTEE;
				break;
			}
		}
	free(k2);
	free(key);
	return role;
}

int session_split_signups(struct session *s, struct diag *d)
{
	const struct signup_settings *su = &s->prof.signups;
	const struct table *sh = &s->sheet;
	size_t *rows[SIDE_COUNT] = { NULL, NULL }, n[SIDE_COUNT] = { 0, 0 };
	struct table t[SIDE_COUNT];
	int col, rc = -1;

	session_invalidate(s);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side]) {
			table_free(&s->tab[side]);
			s->have_table[side] = 0;
		}
	drop_unused(s);
	if (!s->have_sheet || !s->have_profile) {
		diag_add(d, DIAG_ERROR, NULL, 0, "no sign-up sheet loaded; choose one on the Files step");
		return -1;
	}
	if (!su->role_column) {
		diag_add(d, DIAG_ERROR, sh->path, 0, "the profile names no role column for "
			 "this sign-up sheet; add [signups] role_column = the header of the "
			 "column that says mentor or mentee (see config/README.md)");
		return -1;
	}
	if ((col = mapping_find_column(sh, su->role_column)) < 0) {
		diag_add(d, DIAG_ERROR, sh->path, 1, "the sheet has no role column \"%s\" "
			 "([signups] role_column in the profile); check the header", su->role_column);
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (su->nanswers[side] == 0) {
			diag_add(d, DIAG_ERROR, NULL, 0, "the profile gives no %s answers "
				 "([signups] %s_answers), so nobody is a %s", side == SIDE_MENTOR ?
				 "mentor" : "mentee", side == SIDE_MENTOR ? "mentor" : "mentee",
				 side == SIDE_MENTOR ? "mentor" : "mentee");
			return -1;
		}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (!(rows[side] = malloc((sh->nrows ? sh->nrows : 1) * sizeof *rows[side])))
			goto oom;
	for (size_t r = 0; r < sh->nrows; r++) {
		const char *ans = table_cell(sh, r, (size_t)col);
		unsigned role = session_signup_role(&s->prof, ans);
		if (role & SIGNUP_MENTOR)
			rows[SIDE_MENTOR][n[SIDE_MENTOR]++] = r;
		if (role & SIGNUP_MENTEE)
			rows[SIDE_MENTEE][n[SIDE_MENTEE]++] = r;
		if (role == (SIGNUP_MENTOR | SIGNUP_MENTEE))
			s->signup_both++;
		if (role)
			continue;
		struct signup_unused *u = realloc(s->unused, (s->nunused + 1) * sizeof *u);
		if (!u)
			goto oom;
		s->unused = u;
		if (!(u[s->nunused].answer = strdup(ans)))
			goto oom;
		u[s->nunused++].line = sh->line[r];
		if (ans[strspn(ans, " \t")])
			diag_add(d, DIAG_WARNING, sh->path, sh->line[r], "the answer \"%s\" in "
				 "\"%s\" is neither a mentor nor a mentee answer ([signups] in the "
				 "profile); this row is not used", ans, sh->headers[col]);
		else
			diag_add(d, DIAG_WARNING, sh->path, sh->line[r], "the answer in \"%s\" is "
				 "blank; this row is not used", sh->headers[col]);
	}
	if (table_subset(&t[SIDE_MENTOR], sh, rows[SIDE_MENTOR], n[SIDE_MENTOR]) != 0)
		goto oom;
	if (table_subset(&t[SIDE_MENTEE], sh, rows[SIDE_MENTEE], n[SIDE_MENTEE]) != 0) {
		table_free(&t[SIDE_MENTOR]);
		goto oom;
	}
	for (int side = 0; side < SIDE_COUNT; side++) {
		s->tab[side] = t[side];
		s->have_table[side] = 1;
	}
	rc = 0;
	for (int side = 0; side < SIDE_COUNT && rc == 0; side++)
		if (suggest_columns(s, (enum side)side, d) < 0)
			rc = -1;
	free(rows[SIDE_MENTOR]);
	free(rows[SIDE_MENTEE]);
	return rc;
oom:
	free(rows[SIDE_MENTOR]);
	free(rows[SIDE_MENTEE]);
	drop_unused(s);
	diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the sign-up sheet");
	return -1;
}

int session_load_signups(struct session *s, const char *path, struct diag *d)
{
	struct table t;
	if (!s->have_profile) {
		diag_add(d, DIAG_ERROR, path, 0, "no profile loaded; a sign-up sheet is read "
			 "by the profile's [signups] section");
		return -1;
	}
	if (table_load(&t, path, s->prof.signups.delimiter, d) != 0)
		return -1;
	session_invalidate(s);
	drop_sheet(s);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side]) {
			table_free(&s->tab[side]);
			s->have_table[side] = 0;
		}
	s->sheet = t;
	s->have_sheet = 1;
	if (!s->prof.signups.role_column)
		return 0;
	return session_split_signups(s, d);
}

int session_prepare(struct session *s, struct diag *d)
{
	if (s->have_dataset)
		return 0;
	if (!s->have_profile) {
		diag_add(d, DIAG_ERROR, NULL, 0, "no profile loaded; load one on the Rules step");
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (!s->have_table[side]) {
			diag_add(d, DIAG_ERROR, NULL, 0, "no %s file loaded; choose one on the Files step",
				 side == SIDE_MENTOR ? "mentors" : "mentees");
			return -1;
		}
	if (dataset_build(&s->ds, &s->prof, &s->tab[SIDE_MENTOR], &s->tab[SIDE_MENTEE], d) != 0)
		return -1;
	if (score_build_edges(&s->ds, &s->edges) != 0) {
		dataset_free(&s->ds);
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while scoring pairs");
		return -1;
	}
	s->have_dataset = 1;
	return 0;
}

struct keyed {
	const char *key;   /* normalised email, "" when none */
	size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* rank[i] = position of participant i when the side is sorted by email
 * (compared without case), then by row; NULL on out-of-memory. */
static uint32_t *email_rank(const struct dataset *ds, enum side side)
{
	const struct side_data *sd = &ds->side[side];
	size_t n = sd->n, nf = ds->prof->nfields;
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	if (!k || !rank) {
		free(k);
		free(rank);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t id = sd->email_field >= 0 ? sd->val[i * nf + (size_t)sd->email_field] : VALUE_NONE;
		k[i].key = id == VALUE_NONE ? "" : ds->vocab_key[id];
		k[i].index = i;
	}
	qsort(k, n, sizeof *k, cmp_keyed);
	for (size_t r = 0; r < n; r++)
		rank[k[r].index] = (uint32_t)r;
	free(k);
	return rank;
}

int session_match_ctl(struct session *s, struct diag *d, const struct match_control *ctl)
{
	if (session_prepare(s, d) != 0)
		return -1;
	/* a cancel asked for while the pairs were being scored */
	if (ctl && ctl->cancel && atomic_load(ctl->cancel)) {
		diag_add(d, DIAG_NOTE, NULL, 0, "match cancelled; the previous results are kept");
		return -2;
	}
	long *cap[SIDE_COUNT] = { NULL, NULL };
	struct match_result res;
	int rc = 0;
	for (int side = 0; side < SIDE_COUNT && rc == 0; side++) {
		size_t n = s->ds.side[side].n;
		if (!(cap[side] = malloc((n ? n : 1) * sizeof *cap[side])))
			rc = -1;
		for (size_t i = 0; i < n && rc == 0; i++)
			cap[side][i] = dataset_capacity(&s->ds, (enum side)side, i);
	}
	uint32_t *rank[SIDE_COUNT] = { NULL, NULL };
	if (rc == 0 && s->prof.solve.mode == MODE_ROUNDS) {
		/* later rounds depend on which of several equally good earlier
		 * rounds was chosen: solve in email order, so that the order of
		 * the rows in the files changes nothing */
		for (int side = 0; side < SIDE_COUNT && rc == 0; side++)
			if (!(rank[side] = email_rank(&s->ds, (enum side)side)))
				rc = -1;
		if (rc == 0)
			rc = match_run_ordered(&s->edges, &s->prof.solve, (const long *const *)cap,
					       (const uint32_t *const *)rank, ctl, &res);
	} else if (rc == 0) {
		rc = match_run(&s->edges, &s->prof.solve, (const long *const *)cap, ctl, &res);
	}
	free(rank[SIDE_MENTOR]);
	free(rank[SIDE_MENTEE]);
	free(cap[SIDE_MENTOR]);
	free(cap[SIDE_MENTEE]);
	if (rc == -2) {
		diag_add(d, DIAG_NOTE, NULL, 0, "match cancelled; the previous results are kept");
		return -2;
	}
	if (rc != 0) {
		diag_add(d, DIAG_ERROR, NULL, 0,
			 "the match could not be computed: out of memory, or the problem is too large");
		return -1;
	}
	if (s->have_result)
		match_free(&s->res);
	s->res = res;
	s->have_result = 1;
	return 0;
}

int session_match(struct session *s, struct diag *d)
{
	return session_match_ctl(s, d, NULL);
}

int session_save(struct session *s, const char *dir, int overwrite, struct diag *d)
{
	if (!s->have_result) {
		diag_add(d, DIAG_ERROR, NULL, 0, "nothing to save yet; run the match first");
		return -1;
	}
	return output_write_all(&s->ds, &s->res, dir, overwrite, d);
}

void session_free(struct session *s)
{
	session_invalidate(s);
	drop_sheet(s);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side])
			table_free(&s->tab[side]);
	if (s->have_profile)
		profile_free(&s->prof);
	memset(s, 0, sizeof *s);
}
