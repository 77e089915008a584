/* rule_figures.c - one rule's effect on the pairs (see rule_figures.h). */
#include "mentormatch/rule_figures.h"

#include <stdlib.h>
#include <string.h>

#include "mentormatch/score.h"

int rule_figures(const struct dataset *ds, size_t r, size_t max_pairs, struct rule_figures *f)
{
	size_t nm = ds->side[SIDE_MENTOR].n, ne = ds->side[SIDE_MENTEE].n;
	const struct profile *p = ds->prof;
	struct score_part *parts;
	unsigned char *mentee_ok;

	memset(f, 0, sizeof *f);
	f->pairs = nm * ne;
	if (nm && f->pairs / nm != ne)
		f->pairs = (size_t)-1;
	if (f->pairs > max_pairs)
		return -1;
	parts = malloc(SCORE_MAX_PARTS(p) * sizeof *parts);
	mentee_ok = calloc(ne ? ne : 1, 1);
	if (!parts || !mentee_ok) {
		free(parts);
		free(mentee_ok);
		return -1;
	}
	for (size_t i = 0; i < nm; i++) {
		int any = 0;
		for (size_t j = 0; j < ne; j++) {
			size_t np = 0, forbidders = 0;
			long score;
			int ok = score_pair(ds, i, j, &score, parts, &np);
			const struct score_part *mine = NULL;
			for (size_t k = 0; k < np; k++) {
				forbidders += parts[k].forbids != 0;
				if (parts[k].rule == r)
					mine = &parts[k];
			}
			if (ok) {
				f->allowed++;
				any = 1;
				mentee_ok[j] = 1;
			}
			if (!mine)
				continue;
			if (mine->not_applied) {
				f->not_applied++;
			} else if (mine->forbids) {
				f->forbids++;
				f->only_by += forbidders == 1;
			} else if (mine->points) {
				if (f->scores == 0 || mine->points < f->min_points)
					f->min_points = mine->points;
				if (f->scores == 0 || mine->points > f->max_points)
					f->max_points = mine->points;
				f->scores++;
			}
		}
		f->alone[SIDE_MENTOR] += !any;
	}
	for (size_t j = 0; j < ne; j++)
		f->alone[SIDE_MENTEE] += !mentee_ok[j];
	free(parts);
	free(mentee_ok);
	return 0;
}
