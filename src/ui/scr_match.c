/* scr_match.c - step 4: run the match and show its summary.
 *
 * m or Enter runs session_match.  The summary: each round's pairs and total
 * score, and how many mentors and mentees ended with 0, 1, 2 and 3 matches
 * (the original Mentor Matcher's summary table).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/match.h"
#include "mentormatch/session.h"

void ui_match_run(struct ui_app *app)
{
	struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile) {
		ui_status(app, UI_ROLE_ERROR, "no profile: load one on step 3 (Rules) first");
		return;
	}
	if (miss) {
		ui_status(app, UI_ROLE_ERROR, "choose %s on step 1 (Files) first", miss);
		return;
	}
	int rc = session_match(s, app->d);
	ui_changed(app);
	if (rc == 0 && s->have_result) {
		app->results_saved = 0;
		ui_status(app, UI_ROLE_NOTE, "match done: %zu pairs in %d round%s",
			  s->res.npairs, s->res.nrounds, s->res.nrounds == 1 ? "" : "s");
	}
}

static int rules_on(const struct profile *p)
{
	int n = 0;
	for (size_t r = 0; r < p->nrules; r++)
		n += p->rules[r].enabled != 0;
	return n;
}

/* People with no allowed partner at all; *mentees is (size_t)-1 when it
 * could not be counted (out of memory). */
static void lonely(const struct session *s, size_t *mentors, size_t *mentees)
{
	const struct edges *e = &s->edges;
	*mentors = *mentees = 0;
	for (size_t i = 0; i < e->nmentors; i++)
		if (e->start[i] == e->start[i + 1])
			(*mentors)++;
	unsigned char *seen = calloc(e->nmentees ? e->nmentees : 1, 1);
	if (!seen) {
		*mentees = (size_t)-1;
		return;
	}
	for (size_t k = 0; k < e->start[e->nmentors]; k++)
		seen[e->mentee[k]] = 1;
	for (size_t j = 0; j < e->nmentees; j++)
		*mentees += !seen[j];
	free(seen);
}

static void match_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile) {
		ui_draw_empty(b, "No profile loaded",
			      "Load a profile on step 3 (Rules) with l.");
		return;
	}
	if (miss) {
		char l1[200], l2[300];
		snprintf(l1, sizeof l1, "Missing: %s", miss);
		snprintf(l2, sizeof l2, "The match needs both files: choose %s on step 1 "
			 "(Files), check the columns on step 2, then come back and press m.",
			 miss);
		ui_draw_empty(b, l1, l2);
		return;
	}
	const struct profile *p = &s->prof;
	int y = b.y, w = b.w - 2;
	/* blank lines between the parts only when everything fits with them */
	int rounds = s->have_result ? s->res.nrounds : 0;
	int compact = b.h < 2 + 1 + (rounds + 2) + 1 + 3 + 1 + 1;
	int gap = compact ? 0 : 1;
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);

	ui_textf(y++, 1, w, n, 0, "%zu mentors, %zu mentees.  Rounds: %d.  Unmatched bonus: %ld.  "
		 "Rules on: %d of %zu.", s->tab[SIDE_MENTOR].nrows, s->tab[SIDE_MENTEE].nrows,
		 p->solve.rounds, p->solve.unmatched_bonus, rules_on(p), p->nrules);
	if (s->have_dataset && !compact) {
		size_t lm, le;
		lonely(s, &lm, &le);
		if (le == (size_t)-1)
			ui_textf(y++, 1, w, n, 0, "Allowed pairs: %zu.  Mentors with no allowed "
				 "mentee: %zu.", s->edges.start[s->edges.nmentors], lm);
		else
			ui_textf(y++, 1, w, n, 0, "Allowed pairs: %zu.  With no allowed partner: "
				 "%zu mentors, %zu mentees.", s->edges.start[s->edges.nmentors],
				 lm, le);
	}
	y += gap;
	if (!s->have_result) {
		ui_text(y++, 1, w, hd, "No match yet", 0);
		y++;
		ui_text(y++, 1, w, n, "Press m or Enter to run the match with the current "
			"columns and rules.", 0);
		ui_text(y++, 1, w, ui_attr(UI_ROLE_DIM), "Changing a column, rule or weight "
			"clears the result; then run the match again.", 0);
		return;
	}

	const struct match_result *r = &s->res;
	int c0 = 2, cw = 10;
	ui_text(y, c0, 8, hd, "Round", 0);
	ui_text(y, c0 + 8, cw, hd, "Pairs", UI_RIGHT);
	ui_text(y, c0 + 8 + cw, cw + 4, hd, "Total score", UI_RIGHT);
	y++;
	size_t all_pairs = 0;
	long all_total = 0;
	for (int i = 0; i < r->nrounds; i++) {
		all_pairs += r->round_pairs[i];
		all_total += r->round_total[i];
	}
	/* room for the rounds: keep the total and the 0/1/2/3 table visible */
	int room = b.y + b.h - y - (1 + gap + 3);
	if (room < 1)
		room = 1;
	for (int i = 0; i < r->nrounds; i++) {
		if (i == room - 1 && i + 1 < r->nrounds) {
			ui_textf(y++, c0, w - c0, ui_attr(UI_ROLE_DIM), 0,
				 "... rounds %d-%d: enlarge the window", i + 1, r->nrounds);
			break;
		}
		ui_textf(y, c0, 8, n, 0, "%d", i + 1);
		ui_textf(y, c0 + 8, cw, n, UI_RIGHT, "%zu", r->round_pairs[i]);
		ui_textf(y, c0 + 8 + cw, cw + 4, n, UI_RIGHT, "%ld", r->round_total[i]);
		y++;
	}
	ui_text(y, c0, 8, hd, "All", 0);
	ui_textf(y, c0 + 8, cw, hd, UI_RIGHT, "%zu", all_pairs);
	ui_textf(y, c0 + 8 + cw, cw + 4, hd, UI_RIGHT, "%ld", all_total);
	y += 1 + gap;

	/* the 0/1/2/3 table */
	size_t hist[SIDE_COUNT][4];
	for (int side = 0; side < SIDE_COUNT; side++)
		match_histogram(r, (enum side)side, hist[side], 4);
	int lw = 16, nw = 8;
	ui_text(y, c0, lw, hd, "Matches", 0);
	for (int k = 0; k < 4; k++)
		ui_textf(y, c0 + lw + k * nw, nw, hd, UI_RIGHT, "%d%s", k,
			 k == 3 && r->nrounds > 3 ? "+" : "");
	ui_text(y, c0 + lw + 4 * nw, nw + 2, hd, "People", UI_RIGHT);
	y++;
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t total = 0;
		ui_text(y, c0, lw, n, side == SIDE_MENTOR ? "Mentors" : "Mentees", 0);
		for (int k = 0; k < 4; k++) {
			ui_textf(y, c0 + lw + k * nw, nw, k == 0 && hist[side][0] ?
				 ui_attr(UI_ROLE_WARNING) : n, UI_RIGHT, "%zu", hist[side][k]);
			total += hist[side][k];
		}
		ui_textf(y, c0 + lw + 4 * nw, nw + 2, n, UI_RIGHT, "%zu", total);
		y++;
	}
	y += gap;
	if (y < b.y + b.h)
		ui_textf(y, 1, w, ui_attr(UI_ROLE_DIM), 0, "%zu pairs. Step 5 shows why "
			 "each pair was made; step 6 writes the files.", r->npairs);
}

static int match_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	if (act == UI_ACT_SELECT || act == UI_ACT_RUN_MATCH) {
		ui_match_run(app);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static const struct ui_hint match_hints[] = {
	{ UI_ACT_RUN_MATCH, "run the match" },
	{ UI_ACT_SAVE_RESULTS, "go to save" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_match = {
	.name = "Match",
	.title = "Match: pair everyone in rounds, best total score first",
	.enter = NULL,
	.leave = NULL,
	.draw = match_draw,
	.handle = match_handle,
	.hints = match_hints,
};
