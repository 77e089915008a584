/* session.c - one coordinator's job, shared by the terminal interface and batch mode. */
#include "mentormatch/session.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mentormatch/mapping.h"
#include "mentormatch/output.h"
#include "mentormatch/text.h"

static void drop_unused(struct session *s);

/* Reports the fields of one side that the profile leaves unmapped and the
 * file has a column for, and mapped headers the file lacks.  Nothing is
 * mapped here: the Columns step suggests (key s), the user decides, so that
 * the terminal interface and batch mode read a profile the same way. */
static int suggest_columns(struct session *s, enum side side, struct diag *d)
{
	struct profile *p = &s->prof;
	const struct table *t = &s->tab[side];
	size_t nf = p->nfields, nsugg = 0;
	int *col;

	if (s->strict_columns || nf == 0)
		return 0;
	if (!(col = malloc(nf * sizeof *col)) || mapping_suggest(p, side, t, col) < 0) {
		free(col);
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	char names[200] = "";
	size_t o = 0;
	for (size_t f = 0; f < nf; f++) {
		if (p->columns[side][f] && mapping_field_column(p, side, f, t) < 0)
			diag_add(d, DIAG_WARNING, t->path, 1,
				 "the profile takes %s from a column \"%s\", which this file lacks; "
				 "choose its column on the Columns step%s%s%s", p->fields[f].name,
				 p->columns[side][f], col[f] >= 0 ? " (it suggests \"" : "",
				 col[f] >= 0 ? t->headers[col[f]] : "", col[f] >= 0 ? "\")" : "");
		else if (col[f] >= 0 && nsugg++ < 3 && o < sizeof names)
			o += (size_t)snprintf(names + o, sizeof names - o, "%s%s (\"%.40s\")",
					      nsugg > 1 ? ", " : "", p->fields[f].name,
					      t->headers[col[f]]);
	}
	/* the side is named: a sign-up sheet is both sides' file */
	if (nsugg)
		diag_add(d, DIAG_NOTE, t->path, 1, "the profile leaves %zu field%s of the %s unmapped "
			 "that %s of this file could feed: %s%s; the Columns step suggests %s (key a "
			 "maps %s)", nsugg, nsugg == 1 ? "" : "s", profile_side_name(side),
			 nsugg == 1 ? "a column" : "columns", names, nsugg > 3 ? " and more" : "",
			 nsugg == 1 ? "it" : "them", nsugg == 1 ? "it" : "them");
	free(col);
	return 0;
}

void session_init(struct session *s)
{
	memset(s, 0, sizeof *s);
}

static void drop_prev(struct session *s)
{
	if (s->have_prev)
		match_free(&s->prev);
	for (int side = 0; side < SIDE_COUNT; side++) {
		free(s->prev_row[side]);
		s->prev_row[side] = NULL;
	}
	s->have_prev = 0;
}

/* Makes the current result s->prev (replacing any), with the table rows
 * of its people; without them (out of memory) there is no prev. */
static void result_to_prev(struct session *s)
{
	drop_prev(s);
	s->prev = s->res;
	memset(&s->res, 0, sizeof s->res);
	s->have_result = 0;
	s->have_prev = 1;
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = s->ds.side[side].n;
		if (!(s->prev_row[side] = malloc((n ? n : 1) * sizeof *s->prev_row[side]))) {
			drop_prev(s);
			return;
		}
		if (n)
			memcpy(s->prev_row[side], s->ds.side[side].row, n * sizeof *s->prev_row[side]);
	}
}

/* Drops s->prev unless its people are the rows of the current dataset. */
static void check_prev(struct session *s)
{
	if (!s->have_prev)
		return;
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t n = s->ds.side[side].n;
		size_t was = side == SIDE_MENTOR ? s->prev.nmentors : s->prev.nmentees;
		if (n != was || (n && memcmp(s->prev_row[side], s->ds.side[side].row,
					     n * sizeof *s->prev_row[side]) != 0)) {
			drop_prev(s);
			return;
		}
	}
}

/* The identity columns of pins.csv for the profile. */
static const char *const *identity_headers(const struct profile *p)
{
	static const char *h[2][2] = { { "mentor email", "mentee email" }, { "mentor id", "mentee id" } };
	return (const char *const *)h[profile_identity_field(p) >= 0 &&
				      p->fields[profile_identity_field(p)].type == FIELD_ID];
}

/* Drops the result (kept as prev for what-if) and, with edges, the scores. */
static void drop_result(struct session *s, int edges)
{
	/* the result stays as prev for what-if (dropped when the people change) */
	if (s->have_result && s->ds_valid)
		result_to_prev(s);
	else if (s->have_result)
		match_free(&s->res);
	s->have_result = 0;
	if (edges && s->have_dataset) {
		edges_free(&s->edges);
		s->have_dataset = 0;
	}
}

void session_invalidate(struct session *s)
{
	drop_result(s, 1);
	if (s->ds_valid)
		dataset_free(&s->ds);
	s->ds_valid = 0;
	s->hist_resolved = 0;
}

void session_changed(struct session *s, enum profile_change c)
{
	switch (c) {
	case PCHANGE_NONE:
		break;
	case PCHANGE_SOLVE:
		drop_result(s, 0);
		break;
	case PCHANGE_SCORE:
		drop_result(s, 1);
		break;
	case PCHANGE_DATA:
		session_invalidate(s);
		break;
	}
}

/* Sets key k on a copy (so that a refused value changes nothing), then
 * commits it. */
static int set_key(struct session *s, enum profile_key k, size_t obj, const char *text,
		   const struct profile_value *v, char *err, size_t len)
{
	struct profile copy;
	if (!s->have_profile || (size_t)k >= PK_COUNT) {
		snprintf(err, len, "no profile loaded");
		return -1;
	}
	if (profile_copy(&copy, &s->prof) < 0) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if ((v ? profile_key_set(&copy, k, obj, v, err, len) :
	     profile_key_set_text(&copy, k, obj, text, err, len)) < 0) {
		profile_free(&copy);
		return -1;
	}
	if (session_commit_profile(s, &copy, profile_keys[k].change) < 0) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	return 0;
}

int session_set_key(struct session *s, enum profile_key k, size_t obj, const char *text,
		    char *err, size_t len)
{
	return set_key(s, k, obj, text, NULL, err, len);
}

int session_set_key_value(struct session *s, enum profile_key k, size_t obj,
			  const struct profile_value *v, char *err, size_t len)
{
	return set_key(s, k, obj, NULL, v, err, len);
}

int session_commit_profile(struct session *s, struct profile *edited, enum profile_change c)
{
	if (!s->have_profile) {
		/* the first profile: nothing to undo to */
		session_invalidate(s);
		s->prof = *edited;
		s->have_profile = 1;
		memset(edited, 0, sizeof *edited);
		return 0;
	}
	if (session_edit_begin(s) < 0) {
		profile_free(edited);
		return -1;
	}
	if (!edited->path) {
		edited->path = s->prof.path;
		s->prof.path = NULL;
	}
	session_changed(s, c);
	profile_free(&s->prof);
	s->prof = *edited;
	memset(edited, 0, sizeof *edited);
	if (s->ds_valid)
		s->ds.prof = &s->prof;
	return 0;
}

int session_set_band_weight(struct session *s, size_t r, size_t b, long points, char *err,
			    size_t len)
{
	const struct profile_key_info *ki = &profile_keys[PK_RULE_BAND];
	if (!s->have_profile || r >= s->prof.nrules || b >= s->prof.rules[r].nbands) {
		snprintf(err, len, "no such band");
		return -1;
	}
	if (points < ki->lo || points > ki->hi) {
		snprintf(err, len, "points must be a whole number from %ld to %ld", ki->lo, ki->hi);
		return -1;
	}
	if (session_edit_begin(s) < 0) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	s->prof.rules[r].bands[b].weight = points;
	session_changed(s, ki->change);
	return 0;
}

int session_load_history(struct session *s, const char *path, struct diag *d)
{
	struct table t, *nh;
	if (table_load(&t, path, 0, d) != 0)
		return -1;
	/* what the profile needs of it, at once (not at the next match) */
	if (s->have_profile && dataset_history_check(&s->prof, &t, d) != 0) {
		table_free(&t);
		return -1;
	}
	if (!(nh = realloc(s->hist, (s->nhist + 1) * sizeof *nh))) {
		table_free(&t);
		diag_add(d, DIAG_ERROR, path, 0, "out of memory");
		return -1;
	}
	s->hist = nh;
	s->hist[s->nhist++] = t;
	session_changed(s, PCHANGE_SCORE);
	s->hist_resolved = 0;
	return 0;
}

void session_clear_history(struct session *s)
{
	for (size_t i = 0; i < s->nhist; i++)
		table_free(&s->hist[i]);
	free(s->hist);
	s->hist = NULL;
	if (s->nhist)
		session_changed(s, PCHANGE_SCORE);
	s->nhist = 0;
	s->hist_resolved = 0;
}

static void drop_undo(struct session *s)
{
	for (size_t i = 0; i < s->nundo; i++)
		profile_free(&s->undo[i]);
	free(s->undo);
	s->undo = NULL;
	s->nundo = 0;
}

/* The profile as it is now is the one on disk. */
static void remember_saved(struct session *s)
{
	if (s->have_saved)
		profile_free(&s->saved);
	s->have_saved = profile_copy(&s->saved, &s->prof) == 0;
}

int session_edit_begin(struct session *s)
{
	struct profile copy;
	if (!s->have_profile || profile_copy(&copy, &s->prof) < 0)
		return -1;
	if (s->nundo == SESSION_UNDO_MAX) {
		profile_free(&s->undo[0]);
		memmove(&s->undo[0], &s->undo[1], (s->nundo - 1) * sizeof *s->undo);
		s->nundo--;
	} else {
		struct profile *nu = realloc(s->undo, (s->nundo + 1) * sizeof *nu);
		if (!nu) {
			profile_free(&copy);
			return -1;
		}
		s->undo = nu;
	}
	s->undo[s->nundo++] = copy;
	return 0;
}

void session_edit_done(struct session *s, enum profile_change c)
{
	session_changed(s, c);
	if (s->ds_valid)
		s->ds.prof = &s->prof;
}

void session_edit_cancel(struct session *s)
{
	if (s->nundo)
		profile_free(&s->undo[--s->nundo]);
}

int session_undo(struct session *s)
{
	char *path;
	if (!s->nundo)
		return -1;
	session_invalidate(s);
	path = s->prof.path;
	s->prof.path = NULL;
	profile_free(&s->prof);
	s->prof = s->undo[--s->nundo];
	free(s->prof.path);
	s->prof.path = path;
	return 0;
}

int session_new_profile(struct session *s, const char *name)
{
	struct profile p;
	if (profile_new(&p, name) < 0)
		return -1;
	if (s->have_profile && session_edit_begin(s) < 0) {
		profile_free(&p);
		return -1;
	}
	session_invalidate(s);
	if (s->have_profile)
		profile_free(&s->prof);
	s->prof = p;
	s->have_profile = 1;
	return 0;
}

int session_profile_unsaved(const struct session *s)
{
	if (!s->have_profile)
		return 0;
	return !s->have_saved || !profile_equal(&s->prof, &s->saved, NULL, 0);
}

int session_save_profile(struct session *s, const char *path, struct diag *d)
{
	char *copy;
	if (!s->have_profile || profile_save(&s->prof, path, d) != 0)
		return -1;
	if ((copy = strdup(path))) {
		free(s->prof.path);
		s->prof.path = copy;
	}
	remember_saved(s);
	return 0;
}

int session_load_profile(struct session *s, const char *path, struct diag *d)
{
	struct profile p;
	if (profile_load(&p, path, d) != 0)
		return -1;
	session_invalidate(s);
	drop_prev(s);
	if (s->have_profile)
		profile_free(&s->prof);
	s->prof = p;
	s->have_profile = 1;
	drop_undo(s);
	remember_saved(s);
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
	drop_prev(s);
	drop_sheet(s);
	if (s->have_table[side])
		table_free(&s->tab[side]);
	s->tab[side] = t;
	s->have_table[side] = 1;
	if (s->have_profile && suggest_columns(s, side, d) < 0)
		return -1;
	return 0;
}

/* One table_load for a thread of session_load_files. */
struct load_job {
	const char *path;
	int delim;
	struct table t;
	int rc;
	struct diag d;
};

static void *load_job_run(void *arg)
{
	struct load_job *j = arg;
	j->rc = table_load(&j->t, j->path, j->delim, &j->d);
	return NULL;
}

int session_load_files(struct session *s, const char *const path[SIDE_COUNT], struct diag *d)
{
	struct load_job job[SIDE_COUNT];
	for (int side = 0; side < SIDE_COUNT; side++)
		job[side] = (struct load_job){
			.path = path[side],
			.delim = s->have_profile ? s->prof.delimiter[side] : TABLE_DELIM_AUTO,
		};
	pthread_t th;
	int threaded = pthread_create(&th, NULL, load_job_run, &job[SIDE_MENTEE]) == 0;
	load_job_run(&job[SIDE_MENTOR]);
	if (threaded)
		pthread_join(th, NULL);
	else
		load_job_run(&job[SIDE_MENTEE]);
	if (job[SIDE_MENTOR].rc != 0 || job[SIDE_MENTEE].rc != 0) {
		for (int side = 0; side < SIDE_COUNT; side++) {
			diag_append(d, &job[side].d);
			diag_free(&job[side].d);
			if (job[side].rc == 0)
				table_free(&job[side].t);
		}
		return -1;
	}
	session_invalidate(s);
	drop_prev(s);
	drop_sheet(s);
	/* messages in the order two session_load_file calls give them */
	int rc = 0;
	for (int side = 0; side < SIDE_COUNT; side++) {
		diag_append(d, &job[side].d);
		diag_free(&job[side].d);
		if (s->have_table[side])
			table_free(&s->tab[side]);
		s->tab[side] = job[side].t;
		s->have_table[side] = 1;
		if (rc == 0 && s->have_profile && suggest_columns(s, (enum side)side, d) < 0)
			rc = -1;
	}
	return rc;
}

unsigned session_signup_role(const struct profile *p, const char *answer)
{
	size_t len = strlen(answer);
	char *key = malloc(len + 1), *k2 = NULL;
	unsigned role = 0;
	size_t klen;

	if (!key)
		return 0;
	klen = text_key(answer, len, key);
	for (int side = 0; side < SIDE_COUNT && klen; side++)
		for (size_t i = 0; i < p->signups.nanswers[side]; i++) {
			const char *a = p->signups.answers[side][i];
			size_t alen = strlen(a);
			char *n2 = realloc(k2, alen + 1);
			if (!n2)
				break;
			k2 = n2;
			if (text_key(a, alen, k2) == klen && memcmp(k2, key, klen) == 0) {
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
	drop_prev(s);
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
	/* without a profile the sheet is kept until one says which column
	 * holds the role (a new profile proposes it from the sheet) */
	if (table_load(&t, path, s->have_profile ? s->prof.signups.delimiter : 0, d) != 0)
		return -1;
	session_invalidate(s);
	drop_prev(s);
	drop_sheet(s);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side]) {
			table_free(&s->tab[side]);
			s->have_table[side] = 0;
		}
	s->sheet = t;
	s->have_sheet = 1;
	if (!s->have_profile || !s->prof.signups.role_column)
		return 0;
	return session_split_signups(s, d);
}

int session_prepare_people(struct session *s, struct diag *d)
{
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
	if (!s->ds_valid) {
		if (dataset_build(&s->ds, &s->prof, &s->tab[SIDE_MENTOR], &s->tab[SIDE_MENTEE], d) != 0)
			return -1;
		s->ds_valid = 1;
		pins_rekey(&s->pins, &s->ds, s->pins_path, d);   /* pins by email, people by id */
		s->hist_resolved = 0;
	} else if (dataset_resolve_rules(&s->ds, NULL) != 0) {
		/* a rule changed: its conditions, tables and preferences again */
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the rules");
		return -1;
	}
	if (!s->hist_resolved) {
		const struct table **tabs = malloc((s->nhist ? s->nhist : 1) * sizeof *tabs);
		int rc = -1;
		if (tabs) {
			for (size_t i = 0; i < s->nhist; i++)
				tabs[i] = &s->hist[i];
			rc = dataset_set_history(&s->ds, tabs, s->nhist, d);
		} else {
			diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		}
		free(tabs);
		if (rc != 0)
			return -1;
		s->hist_resolved = 1;
	}
	return 0;
}

int session_prepare(struct session *s, struct diag *d)
{
	if (s->have_dataset)
		return 0;
	if (session_prepare_people(s, d) != 0)
		return -1;
	if (score_build_edges(&s->ds, &s->edges) != 0) {
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

/* Participants of one side sorted by email key (compared without case),
 * then by row, for lookups and for email_rank; NULL on out-of-memory. */
static struct keyed *email_index(const struct dataset *ds, enum side side)
{
	const struct side_data *sd = &ds->side[side];
	size_t n = sd->n, nf = ds->prof->nfields;
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int32_t id = sd->id_field >= 0 ? sd->val[i * nf + (size_t)sd->id_field] : VALUE_NONE;
		k[i].key = id == VALUE_NONE ? "" : ds->vocab_key[id];
		k[i].index = i;
	}
	qsort(k, n, sizeof *k, cmp_keyed);
	return k;
}

/* rank[i] = position of participant i in email_index's order; NULL on
 * out-of-memory. */
static uint32_t *email_rank(const struct dataset *ds, enum side side)
{
	size_t n = ds->side[side].n;
	struct keyed *k = email_index(ds, side);
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	if (!k || !rank) {
		free(k);
		free(rank);
		return NULL;
	}
	for (size_t r = 0; r < n; r++)
		rank[k[r].index] = (uint32_t)r;
	free(k);
	return rank;
}

/* The participant with this email (any spelling), or -1. */
static long find_email(const struct keyed *k, size_t n, const char *email)
{
	size_t len = strlen(email);
	char *key = malloc(len + 1);
	long found = -1;
	if (!key)
		return -1;
	if (text_key(email, len, key) > 0) {
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(k[mid].key, key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && strcmp(k[lo].key, key) == 0)
			found = (long)k[lo].index;
	}
	free(key);
	return found;
}

static long person_by_email(const struct session *s, enum side side, const char *email);

/* 1 when a pin names one person on both sides (dataset_same_person): such a
 * pin is never solved (nobody is matched with themselves).  m and e are the
 * pin's people, or -1 when unknown (then 0). */
static int pin_is_self(const struct session *s, long m, long e)
{
	return m >= 0 && e >= 0 && dataset_same_person(&s->ds, (size_t)m, (size_t)e);
}

size_t session_resolve_pins(const struct session *s, struct match_pin **out, size_t **item)
{
	struct keyed *k[SIDE_COUNT] = { NULL, NULL };
	struct match_pin *mp = NULL;
	size_t *it = NULL, n = 0, np = s->pins.n;

	*out = NULL;
	if (item)
		*item = NULL;
	if (!s->have_dataset)
		return (size_t)-1;
	if (np == 0)
		return 0;
	k[SIDE_MENTOR] = email_index(&s->ds, SIDE_MENTOR);
	k[SIDE_MENTEE] = email_index(&s->ds, SIDE_MENTEE);
	mp = malloc(np * sizeof *mp);
	it = malloc(np * sizeof *it);
	if (!k[SIDE_MENTOR] || !k[SIDE_MENTEE] || !mp || !it) {
		free(k[SIDE_MENTOR]);
		free(k[SIDE_MENTEE]);
		free(mp);
		free(it);
		return (size_t)-1;
	}
	for (size_t q = 0; q < np; q++) {
		const struct pin *p = &s->pins.items[q];
		long m = find_email(k[SIDE_MENTOR], s->ds.side[SIDE_MENTOR].n, p->mentor_email);
		long e = find_email(k[SIDE_MENTEE], s->ds.side[SIDE_MENTEE].n, p->mentee_email);
		if (m < 0 || e < 0 || p->action == PIN_NONE || pin_is_self(s, m, e))
			continue;
		mp[n].mentor = (uint32_t)m;
		mp[n].mentee = (uint32_t)e;
		mp[n].action = p->action;
		mp[n].allowed = score_pair(&s->ds, (size_t)m, (size_t)e, &mp[n].score, NULL, NULL);
		it[n++] = q;
	}
	free(k[SIDE_MENTOR]);
	free(k[SIDE_MENTEE]);
	if (n == 0) {
		free(mp);
		free(it);
		return 0;
	}
	*out = mp;
	if (item)
		*item = it;
	else
		free(it);
	return n;
}

static int cmp_issue(const void *a, const void *b)
{
	const struct pin_issue *x = a, *y = b;
	if (x->pin != y->pin)
		return x->pin < y->pin ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Renumbers the solver's pin issues to s->pins indices and adds one
 * PIN_ISSUE_UNKNOWN_PERSON for each pin left out of the solve. */
static int session_pin_issues(const struct session *s, struct match_result *r,
			      const size_t *item, size_t nresolved)
{
	size_t nunknown = s->pins.n - nresolved, n = r->nissues;
	unsigned char *known;

	for (size_t q = 0; q < r->nissues; q++)
		r->issues[q].pin = item[r->issues[q].pin];
	if (nunknown == 0)
		return 0;
	if (!(known = calloc(s->pins.n, 1)))
		return -1;
	struct pin_issue *is = realloc(r->issues, (n + nunknown) * sizeof *is);
	if (!is) {
		free(known);
		return -1;
	}
	r->issues = is;
	for (size_t q = 0; q < nresolved; q++)
		known[item[q]] = 1;
	for (size_t q = 0; q < s->pins.n; q++)
		if (!known[q] && s->pins.items[q].action != PIN_NONE)
			is[n++] = (struct pin_issue){ pin_is_self(s,
				person_by_email(s, SIDE_MENTOR, s->pins.items[q].mentor_email),
				person_by_email(s, SIDE_MENTEE, s->pins.items[q].mentee_email)) ?
				PIN_ISSUE_SAME_PERSON : PIN_ISSUE_UNKNOWN_PERSON, q };
	r->nissues = n;
	free(known);
	if (n > 1)
		qsort(r->issues, n, sizeof *r->issues, cmp_issue);
	return 0;
}

/* The sort key of an issue's warning: its pin's line in the pins file, or
 * after every line when it has none (set by hand, or no file). */
static unsigned long issue_line(const struct session *s, const struct pin_issue *is)
{
	const struct pin *p = &s->pins.items[is->pin];
	return s->pins_path && p->line ? p->line : ULONG_MAX;
}

struct issue_key { unsigned long line; size_t issue; };

static int cmp_issue_key(const void *a, const void *b)
{
	const struct issue_key *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->issue > y->issue) - (x->issue < y->issue);
}

/* Mentors left below their minimum (capacity mode), or a minimum that
 * rounds mode does not use: one message. */
static void report_minimums(const struct session *s, struct diag *d)
{
	const struct match_result *r = &s->res;
	const struct profile *p = &s->prof;
	if (p->solve.mode == MODE_ROUNDS) {
		if (p->solve.mentor_min > 0 || p->solve.mentor_min_field >= 0)
			diag_add(d, DIAG_NOTE, p->path, 0, "mentor_min applies in capacity mode; "
				 "rounds mode gives each mentor at most one new mentee per round");
		return;
	}
	if (!r->nshort)
		return;
	{
		char names[200] = "";
		size_t o = 0, shown = 0, missing = 0;
		for (size_t i = 0; i < r->nmentors; i++) {
			if (!r->shortfall[i])
				continue;
			missing += r->shortfall[i];
			if (shown < 3 && o < sizeof names) {
				char nm[64];
				dataset_name(&s->ds, SIDE_MENTOR, i, nm, sizeof nm);
				o += (size_t)snprintf(names + o, sizeof names - o, "%s%s (%u short)",
						      shown ? ", " : "", nm, r->shortfall[i]);
				shown++;
			}
		}
		diag_add(d, DIAG_WARNING, NULL, 0, "%zu mentor%s got fewer mentees than the minimum "
			 "(%zu missing in all): %s%s; there are not enough allowed mentees with room "
			 "for every minimum (Candidates shows each mentor's allowed mentees)",
			 r->nshort, r->nshort == 1 ? "" : "s", missing, names,
			 r->nshort > shown ? ", ..." : "");
	}
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
	long *cap[SIDE_COUNT] = { NULL, NULL }, *mins = NULL;
	struct match_result res;
	struct match_pin *mp = NULL;
	size_t *item = NULL, nmp = 0;
	int rc = 0, any_min = 0;
	for (int side = 0; side < SIDE_COUNT && rc == 0; side++) {
		size_t n = s->ds.side[side].n;
		if (!(cap[side] = malloc((n ? n : 1) * sizeof *cap[side])))
			rc = -1;
		for (size_t i = 0; i < n && rc == 0; i++)
			cap[side][i] = dataset_capacity(&s->ds, (enum side)side, i);
	}
	/* mentor minimums (capacity mode) */
	if (rc == 0 && s->prof.solve.mode == MODE_CAPACITY) {
		size_t n = s->ds.side[SIDE_MENTOR].n;
		if (!(mins = malloc((n ? n : 1) * sizeof *mins)))
			rc = -1;
		for (size_t i = 0; i < n && rc == 0; i++)
			any_min |= (mins[i] = dataset_mentor_min(&s->ds, i)) > 0;
		if (!any_min) {
			free(mins);
			mins = NULL;
		}
	}
	if (rc == 0 && (nmp = session_resolve_pins(s, &mp, &item)) == (size_t)-1) {
		nmp = 0;
		rc = -1;
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
					       NULL, (const uint32_t *const *)rank, mp, nmp, ctl, &res);
	} else if (rc == 0) {
		rc = match_run(&s->edges, &s->prof.solve, (const long *const *)cap, mins, mp, nmp,
			       ctl, &res);
	}
	free(mins);
	if (rc == 0 && session_pin_issues(s, &res, item, nmp) != 0) {
		match_free(&res);
		rc = -1;
	}
	free(mp);
	free(item);
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
		result_to_prev(s);
	else
		check_prev(s);
	s->res = res;
	s->have_result = 1;
	report_minimums(s, d);
	/* the warnings in the pins file's line order (a row that replaced an
	 * earlier one keeps that one's place in s->pins); pins set by hand
	 * (line 0) after, in s->pins order */
	struct issue_key *order = res.nissues ? malloc(res.nissues * sizeof *order) : NULL;
	if (order) {
		for (size_t q = 0; q < res.nissues; q++)
			order[q] = (struct issue_key){ issue_line(s, &res.issues[q]), q };
		qsort(order, res.nissues, sizeof *order, cmp_issue_key);
	}
	for (size_t o = 0; o < res.nissues; o++) {
		const struct pin_issue *is = &res.issues[order ? order[o].issue : o];
		const struct pin *p = &s->pins.items[is->pin];
		char buf[512];
		session_describe_pin_issue(s, is, buf, sizeof buf);
		diag_add(d, DIAG_WARNING, s->pins_path && p->line ? s->pins_path : NULL,
			 s->pins_path ? p->line : 0, "%s", buf);
	}
	free(order);
	return 0;
}

int session_match(struct session *s, struct diag *d)
{
	return session_match_ctl(s, d, NULL);
}

int session_set_pin(struct session *s, size_t mentor, size_t mentee, enum pin_action a)
{
	if (!s->have_dataset || mentor >= s->ds.side[SIDE_MENTOR].n || mentee >= s->ds.side[SIDE_MENTEE].n)
		return -1;
	const char *m = dataset_identity(&s->ds, SIDE_MENTOR, mentor);
	const char *e = dataset_identity(&s->ds, SIDE_MENTEE, mentee);
	if (!m[strspn(m, " \t")] || !e[strspn(e, " \t")])
		return -2;
	if (a == PIN_PIN && dataset_same_person(&s->ds, mentor, mentee))
		return -3;
	int rc = pins_set(&s->pins, m, e, a);
	if (rc == 0)
		s->pins_unsaved = 1;
	return rc;
}

enum pin_action session_pin_of(const struct session *s, size_t mentor, size_t mentee)
{
	if (!s->have_dataset || s->pins.n == 0 || mentor >= s->ds.side[SIDE_MENTOR].n ||
	    mentee >= s->ds.side[SIDE_MENTEE].n)
		return PIN_NONE;
	return pins_get(&s->pins, dataset_identity(&s->ds, SIDE_MENTOR, mentor),
			dataset_identity(&s->ds, SIDE_MENTEE, mentee));
}

static int set_pins_path(struct session *s, const char *path)
{
	char *c = strdup(path);
	if (!c)
		return -1;
	free(s->pins_path);
	s->pins_path = c;
	return 0;
}

int session_load_pins(struct session *s, const char *path, struct diag *d)
{
	if (pins_load(&s->pins, path, d) != 0)
		return -1;
	s->pins_unsaved = 0;
	if (set_pins_path(s, path) != 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	diag_add(d, DIAG_NOTE, path, 0, "pins and bans loaded: %zu (pins: %zu, bans: %zu)",
		 s->pins.n, pins_count(&s->pins, PIN_PIN), pins_count(&s->pins, PIN_BAN));
	if (s->ds_valid)
		pins_rekey(&s->pins, &s->ds, path, d);
	return 0;
}

int session_save_pins(struct session *s, const char *path, struct diag *d)
{
	int rc = pins_save(&s->pins, path, identity_headers(&s->prof), d);
	if (rc == 0)
		s->pins_unsaved = 0;
	return rc;
}

/* Participant of side with this email, or -1 (a linear scan: for messages). */
static long person_by_email(const struct session *s, enum side side, const char *email)
{
	size_t len = strlen(email);
	char *key = malloc(len + 1);
	long found = -1;
	const struct side_data *sd = &s->ds.side[side];
	size_t nf = s->ds.prof->nfields;
	if (!key)
		return -1;
	if (text_key(email, len, key) > 0 && sd->id_field >= 0)
		for (size_t i = 0; i < sd->n && found < 0; i++) {
			int32_t id = sd->val[i * nf + (size_t)sd->id_field];
			if (id != VALUE_NONE && strcmp(s->ds.vocab_key[id], key) == 0)
				found = (long)i;
		}
	free(key);
	return found;
}

/* Pins of person i of side in the current result. */
static size_t pins_in_result(const struct session *s, enum side side, size_t i)
{
	size_t n = 0;
	for (size_t q = 0; q < s->res.npairs; q++) {
		const struct pair *p = &s->res.pairs[q];
		n += p->pinned && (side == SIDE_MENTOR ? p->mentor : p->mentee) == i;
	}
	return n;
}

void session_describe_pin_issue(const struct session *s, const struct pin_issue *is, char *buf, size_t len)
{
	const struct pin *p;
	size_t at;
	long m = -1, e = -1;

	if (!len)
		return;
	buf[0] = '\0';
	if (is->pin >= s->pins.n) {
		snprintf(buf, len, "a pin that is no longer set");
		return;
	}
	p = &s->pins.items[is->pin];
	snprintf(buf, len, "%s of %s with %s: ", p->action == PIN_BAN ? "ban" : "pin",
		 p->mentor_email, p->mentee_email);
	at = strlen(buf);
	if (s->have_dataset) {
		m = person_by_email(s, SIDE_MENTOR, p->mentor_email);
		e = person_by_email(s, SIDE_MENTEE, p->mentee_email);
	}
	switch (is->kind) {
	case PIN_ISSUE_NOT_ALLOWED: {
		snprintf(buf + at, len - at, "the rules do not allow this pair");
		if (m >= 0 && e >= 0) {
			size_t room = SCORE_MAX_PARTS(s->ds.prof), np = 0;
			struct score_part *parts = malloc(room * sizeof *parts);
			long score;
			const char *sep = " (";
			if (parts) {
				score_pair(&s->ds, (size_t)m, (size_t)e, &score, parts, &np);
				for (size_t k = 0; k < np; k++) {
					char why[160];
					if (!parts[k].forbids)
						continue;
					score_describe(&s->ds, &parts[k], why, sizeof why);
					const char *w = why;
					if (!strncmp(w, "not allowed: ", 13))
						w += 13;
					at = strlen(buf);
					snprintf(buf + at, len - at, "%s%s", sep, w);
					sep = "; ";
				}
				free(parts);
				at = strlen(buf);
				if (sep[0] == ';')
					snprintf(buf + at, len - at, ")");
			}
		}
		at = strlen(buf);
		snprintf(buf + at, len - at, "; it is kept in the result as pinned");
		break;
	}
	case PIN_ISSUE_MENTOR_CAPACITY:
	case PIN_ISSUE_MENTEE_CAPACITY: {
		enum side side = is->kind == PIN_ISSUE_MENTOR_CAPACITY ? SIDE_MENTOR : SIDE_MENTEE;
		long who = side == SIDE_MENTOR ? m : e;
		if (who >= 0)
			snprintf(buf + at, len - at, "the %s has %zu pins, more than their capacity "
				 "of %ld; every pin is kept", side == SIDE_MENTOR ? "mentor" : "mentee",
				 pins_in_result(s, side, (size_t)who),
				 dataset_capacity(&s->ds, side, (size_t)who));
		else
			snprintf(buf + at, len - at, "the %s has more pins than their capacity; every "
				 "pin is kept", side == SIDE_MENTOR ? "mentor" : "mentee");
		break;
	}
	case PIN_ISSUE_UNKNOWN_PERSON: {
		/* the word for what names people: email, or the id field's name */
		int idf = s->have_dataset ? s->ds.side[SIDE_MENTOR].id_field : -1;
		const char *w = idf >= 0 && s->ds.prof->fields[idf].type == FIELD_ID ?
			s->ds.prof->fields[idf].name : "email";
		int by_id = strcmp(w, "email") != 0;
		char who[96];
		if (m < 0 && e < 0)
			snprintf(who, sizeof who, "neither%s is in the files", by_id ? "" : " email");
		else
			snprintf(who, sizeof who, "the %s%s is not among the %s", m < 0 ? "mentor" :
				 "mentee", by_id ? "" : " email", m < 0 ? "mentors" : "mentees");
		snprintf(buf + at, len - at, "%s; ignored (check the %s%s, or load the file with "
			 "that person)", who, w, by_id ? " or the email" : "");
		break;
	}
	case PIN_ISSUE_SAME_PERSON:
		snprintf(buf + at, len - at, "the same person on both sides; nobody is matched "
			 "with themselves, so it is ignored");
		break;
	case PIN_ISSUE_ROUNDS:
		snprintf(buf + at, len - at, "the mentor or the mentee has more pins than there are "
			 "rounds (%d); put in the last round beside another of their pins",
			 s->prof.solve.rounds);
		break;
	}
}

/* dir/name, malloc'ed. */
static char *path_in(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p)
		snprintf(p, a + b + 2, "%s%s%s", dir, a && dir[a - 1] == '/' ? "" : "/", name);
	return p;
}

/* 1 when a and b name the same file. */
static int same_file(const char *a, const char *b)
{
	struct stat x, y;
	return a && b && stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
		x.st_ino == y.st_ino;
}

int session_save(struct session *s, const char *dir, int overwrite, struct diag *d)
{
	struct stat st;
	char *pp;
	int rc, have_file;

	if (!s->have_result) {
		diag_add(d, DIAG_ERROR, NULL, 0, "nothing to save yet; run the match first");
		return -1;
	}
	if (!(pp = path_in(dir, PINS_FILE_NAME))) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	/* pins.csv goes with the results: written when there is a pin or ban,
	 * or replaced (emptied) when one is there, so that it matches them */
	have_file = lstat(pp, &st) == 0;
	if (have_file && !overwrite && !same_file(pp, s->pins_path)) {
		diag_add(d, DIAG_ERROR, dir, 0, "already holds a %s from another match; choose "
			 "another folder, or allow overwriting (--overwrite in batch mode)",
			 PINS_FILE_NAME);
		free(pp);
		return -1;
	}
	rc = output_write_all(&s->ds, &s->res, dir, overwrite, d);
	if (rc == 0 && (s->pins.n > 0 || have_file)) {
		rc = pins_save(&s->pins, pp, identity_headers(&s->prof), d);
		if (rc == 0) {
			s->pins_unsaved = 0;
			/* later messages name the lines of the file just written */
			unsigned long line = 2;
			for (size_t q = 0; q < s->pins.n; q++)
				s->pins.items[q].line = s->pins.items[q].action == PIN_NONE ? 0 : line++;
			if (set_pins_path(s, pp) != 0)
				diag_add(d, DIAG_WARNING, NULL, 0, "out of memory");
		}
	}
	free(pp);
	return rc;
}

void session_free(struct session *s)
{
	drop_undo(s);
	if (s->have_saved)
		profile_free(&s->saved);
	session_clear_history(s);
	session_invalidate(s);
	drop_prev(s);
	pins_free(&s->pins);
	free(s->pins_path);
	drop_sheet(s);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side])
			table_free(&s->tab[side]);
	if (s->have_profile)
		profile_free(&s->prof);
	memset(s, 0, sizeof *s);
}
