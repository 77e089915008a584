/* session.c - one coordinator's job, shared by the terminal interface and batch mode. */
#include "mentormatch/session.h"

#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "mentormatch/output.h"

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
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side] && suggest_columns(s, (enum side)side, d) < 0)
			return -1;
	return 0;
}

int session_load_file(struct session *s, enum side side, const char *path, struct diag *d)
{
	struct table t;
	int delim = s->have_profile ? s->prof.delimiter[side] : TABLE_DELIM_AUTO;
	if (table_load(&t, path, delim, d) != 0)
		return -1;
	session_invalidate(s);
	if (s->have_table[side])
		table_free(&s->tab[side]);
	s->tab[side] = t;
	s->have_table[side] = 1;
	if (s->have_profile && suggest_columns(s, side, d) < 0)
		return -1;
	return 0;
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

int session_match_ctl(struct session *s, struct diag *d, const struct match_control *ctl)
{
	if (session_prepare(s, d) != 0)
		return -1;
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
	if (rc == 0)
		rc = match_run(&s->edges, &s->prof.solve, (const long *const *)cap, ctl, &res);
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
	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side])
			table_free(&s->tab[side]);
	if (s->have_profile)
		profile_free(&s->prof);
	memset(s, 0, sizeof *s);
}
