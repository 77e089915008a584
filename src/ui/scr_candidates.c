/* scr_candidates.c - step 5: one person's ranked candidates, and why.
 *
 * Left: the people of one side (t switches mentors/mentees), filtered by a
 * search on name or email (/).  Right: every counterpart of the highlighted
 * person, best first (rank_candidates), with the score, '*' and the round
 * for assigned pairs, and for a pair that is not allowed the rule that
 * forbids it.  Bottom: the highlighted pair's score rule by rule
 * (score_pair + score_describe).  < and > (or Enter, Backspace) move between
 * the two lists.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/rank.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"

static struct {
	int side;                 /* whose list is on the left */
	int focus;                /* 0: people, 1: candidates */
	size_t sel, top;          /* in the filtered people list */
	size_t csel, ctop;        /* in the candidate list */
	int page, cpage;
	char filter[512], filter_before[512];
	/* filtered people, rebuilt when the key changes */
	size_t *people, npeople;
	unsigned long people_gen;
	int people_side;
	char people_filter[512];
	int people_valid;
	/* candidates of one person */
	struct candidate *cand;
	size_t ncand;
	unsigned long cand_gen;
	int cand_side;
	size_t cand_person;
	int cand_valid;
} st;

static void people_refresh(const struct ui_app *app)
{
	const struct dataset *ds = &app->s->ds;
	if (st.people_valid && st.people_gen == app->gen && st.people_side == st.side &&
	    strcmp(st.people_filter, st.filter) == 0)
		return;
	size_t n = ds->side[st.side].n;
	free(st.people);
	st.people = malloc((n ? n : 1) * sizeof *st.people);
	st.npeople = 0;
	st.people_valid = st.people != NULL;
	if (!st.people)
		return;
	for (size_t i = 0; i < n; i++) {
		char name[512];
		dataset_name(ds, (enum side)st.side, i, name, sizeof name);
		if (ui_icontains(name, st.filter) ||
		    ui_icontains(dataset_email(ds, (enum side)st.side, i), st.filter))
			st.people[st.npeople++] = i;
	}
	st.people_gen = app->gen;
	st.people_side = st.side;
	snprintf(st.people_filter, sizeof st.people_filter, "%s", st.filter);
	if (st.sel >= st.npeople)
		st.sel = st.npeople ? st.npeople - 1 : 0;
}

static void cand_refresh(const struct ui_app *app, size_t person)
{
	const struct session *s = app->s;
	if (st.cand_valid && st.cand_gen == app->gen && st.cand_side == st.side &&
	    st.cand_person == person)
		return;
	size_t n = s->ds.side[!st.side].n;
	free(st.cand);
	st.cand = malloc((n ? n : 1) * sizeof *st.cand);
	st.ncand = 0;
	st.cand_valid = st.cand != NULL;
	if (!st.cand)
		return;
	st.ncand = rank_candidates(&s->ds, s->have_result ? &s->res : NULL, NULL, &s->pins,
				   (enum side)st.side, person, st.cand);
	st.cand_gen = app->gen;
	st.cand_side = st.side;
	st.cand_person = person;
}

/* The first forbidding part's description without "not allowed: ". */
static void forbid_reason(const struct dataset *ds, size_t mentor, size_t mentee,
			  char *buf, size_t len)
{
	size_t np = 0;
	long score;
	buf[0] = '\0';
	struct score_part *parts = malloc(SCORE_MAX_PARTS(ds->prof) * sizeof *parts);
	if (!parts)
		return;
	score_pair(ds, mentor, mentee, &score, parts, &np);
	for (size_t i = 0; i < np; i++)
		if (parts[i].forbids) {
			char d[256];
			score_describe(ds, &parts[i], d, sizeof d);
			const char *p = strncmp(d, "not allowed: ", 13) == 0 ? d + 13 : d;
			snprintf(buf, len, "%s", p);
			break;
		}
	free(parts);
}

static void draw_people(const struct ui_app *app, int y, int x, int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	char head[600];
	if (st.filter[0])
		snprintf(head, sizeof head, "%ss %zu of %zu, \"%s\"",
			 st.side == SIDE_MENTOR ? "Mentor" : "Mentee", st.npeople,
			 ds->side[st.side].n, st.filter);
	else
		snprintf(head, sizeof head, "%ss (%zu)", st.side == SIDE_MENTOR ?
			 "Mentor" : "Mentee", st.npeople);
	ui_text(y, x, w, ui_attr(UI_ROLE_HEADING), head, 0);
	y++;
	h--;
	st.page = h;
	ui_scroll_fix(st.npeople, h, &st.sel, &st.top);
	if (st.npeople == 0) {
		ui_text(y, x, w, ui_attr(UI_ROLE_DIM), st.filter[0] ?
			"nobody matches; Esc clears" : "(nobody)", 0);
		return;
	}
	for (int r = 0; r < h && st.top + (size_t)r < st.npeople; r++) {
		size_t k = st.top + (size_t)r, i = st.people[k];
		int cur = k == st.sel;
		attr_t a = ui_attr(!cur ? UI_ROLE_NORMAL :
				   st.focus == 0 ? UI_ROLE_SELECTED : UI_ROLE_CURSOR_DIM);
		char name[512];
		dataset_name(ds, (enum side)st.side, i, name, sizeof name);
		if (cur)
			ui_fill(y + r, x, w, a);
		int cw = s->have_result ? 3 : 0;
		ui_text(y + r, x + 1, w - 1 - cw, a, name, 0);
		if (cw) {
			unsigned c = s->res.count[st.side] ? s->res.count[st.side][i] : 0;
			ui_textf(y + r, x + w - cw, cw, cur ? a : ui_attr(c ? UI_ROLE_GOOD :
				 UI_ROLE_WARNING), UI_RIGHT, "%u", c);
		}
	}
}

static void draw_candidates(const struct ui_app *app, size_t person, int y, int x,
			    int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	char name[512];
	dataset_name(ds, (enum side)st.side, person, name, sizeof name);
	size_t allowed = 0;
	for (size_t i = 0; i < st.ncand; i++)
		allowed += st.cand[i].allowed != 0;
	ui_textf(y, x, w, ui_attr(UI_ROLE_HEADING), 0, "%ss for %s: %zu allowed of %zu",
		 st.side == SIDE_MENTOR ? "Mentee" : "Mentor", name, allowed, st.ncand);
	ui_text(y + 1, x, w, ui_attr(UI_ROLE_DIM), "  #  Rd Score  Name (* = matched in "
		"round Rd)", 0);
	y += 2;
	h -= 2;
	st.cpage = h;
	ui_scroll_fix(st.ncand, h, &st.csel, &st.ctop);
	for (int r = 0; r < h && st.ctop + (size_t)r < st.ncand; r++) {
		size_t k = st.ctop + (size_t)r;
		const struct candidate *c = &st.cand[k];
		int cur = k == st.csel;
		attr_t a = ui_attr(!cur ? UI_ROLE_NORMAL :
				   st.focus == 1 ? UI_ROLE_SELECTED : UI_ROLE_CURSOR_DIM);
		attr_t base = cur ? a : ui_attr(c->allowed ? UI_ROLE_NORMAL : UI_ROLE_DIM);
		if (cur)
			ui_fill(y + r, x, w, a);
		int cx = x;
		ui_textf(y + r, cx, 3, base, UI_RIGHT, "%zu", k + 1);
		cx += 4;
		if (c->round)
			ui_textf(y + r, cx, 2, cur ? a : ui_attr(UI_ROLE_GOOD), 0, "*%d", c->round);
		cx += 3;
		if (c->allowed)
			ui_textf(y + r, cx, 4, base, UI_RIGHT, "%+ld", c->score);
		else
			ui_text(y + r, cx, 4, base, "--", UI_RIGHT);
		cx += 6;
		dataset_name(ds, (enum side)!st.side, c->person, name, sizeof name);
		if (c->allowed) {
			ui_text(y + r, cx, x + w - cx, base, name, 0);
		} else {
			char why[300];
			size_t mentor = st.side == SIDE_MENTOR ? person : c->person;
			size_t mentee = st.side == SIDE_MENTOR ? c->person : person;
			forbid_reason(ds, mentor, mentee, why, sizeof why);
			int nw = (x + w - cx) / 2;
			int used = ui_text(y + r, cx, nw, base, name, 0);
			ui_textf(y + r, cx + used + 1, x + w - cx - used - 1,
				 cur ? a : ui_attr(UI_ROLE_BAD), 0, "no: %s", why);
		}
	}
}

static void draw_detail(const struct ui_app *app, size_t person, int y, int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	attrset(ui_attr(UI_ROLE_DIM));
	mvhline_set(y, 0, WACS_HLINE, w);
	attrset(A_NORMAL);
	if (st.ncand == 0 || st.csel >= st.ncand)
		return;
	const struct candidate *c = &st.cand[st.csel];
	size_t mentor = st.side == SIDE_MENTOR ? person : c->person;
	size_t mentee = st.side == SIDE_MENTOR ? c->person : person;
	char mn[512], en[512];
	dataset_name(ds, SIDE_MENTOR, mentor, mn, sizeof mn);
	dataset_name(ds, SIDE_MENTEE, mentee, en, sizeof en);
	char title[1200];
	snprintf(title, sizeof title, " mentor %s <%s> and mentee %s <%s> ", mn,
		 dataset_email(ds, SIDE_MENTOR, mentor), en, dataset_email(ds, SIDE_MENTEE, mentee));
	ui_text(y, 2, w - 4, ui_attr(UI_ROLE_TITLE), title, 0);

	size_t np = 0;
	long score = 0;
	struct score_part *parts = malloc(SCORE_MAX_PARTS(ds->prof) * sizeof *parts);
	if (!parts)
		return;
	int allowed = score_pair(ds, mentor, mentee, &score, parts, &np);
	char line[600];
	if (!allowed)
		snprintf(line, sizeof line, "Not allowed: this pair is never matched");
	else if (c->round && ds->prof->solve.mode == MODE_CAPACITY)
		snprintf(line, sizeof line, "Score %+ld; matched (capacity mode: one exact "
			 "solve, no bonus)", score);
	else if (c->round)
		snprintf(line, sizeof line, "Score %+ld; matched in round %d (%+ld there, "
			 "with the unmatched bonus)", score, c->round, c->assigned_score);
	else
		snprintf(line, sizeof line, "Score %+ld; not matched%s", score,
			 s->have_result ? "" : " (no match run yet: press m)");
	ui_text(y + 1, 1, w - 2, ui_attr(allowed ? (c->round ? UI_ROLE_GOOD : UI_ROLE_NORMAL) :
					  UI_ROLE_BAD), line, 0);
	int rows = h - 2;
	if (rows < 1) {
		free(parts);
		return;
	}
	if (np == 0) {
		ui_text(y + 2, 3, w - 4, ui_attr(UI_ROLE_DIM),
			"no rule adds or takes points for this pair", 0);
		free(parts);
		return;
	}
	int cols = (int)((np + (size_t)rows - 1) / (size_t)rows);
	if (cols < 1)
		cols = 1;
	int colw = (w - 2) / cols;
	for (size_t i = 0; i < np; i++) {
		int col = (int)(i / (size_t)rows), row = (int)(i % (size_t)rows);
		if (col * colw + 3 >= w)
			break;
		char d[300];
		score_describe(ds, &parts[i], d, sizeof d);
		ui_text(y + 2 + row, 3 + col * colw, colw - 2, ui_attr(parts[i].forbids ?
			UI_ROLE_BAD : UI_ROLE_NORMAL), d, 0);
	}
	free(parts);
}

static void candidates_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile || miss) {
		char l1[200], l2[300];
		snprintf(l1, sizeof l1, "Missing: %s", miss ? miss : "a profile");
		snprintf(l2, sizeof l2, "Candidates need both files and a profile: %s.",
			 miss ? "choose them on step 1 (Files)" : "load one on step 3 (Rules)");
		ui_draw_empty(b, l1, l2);
		return;
	}
	if (!s->have_dataset) {
		ui_draw_empty(b, "The data could not be prepared",
			      "Check the columns on step 2 and the messages (press e), "
			      "then press Enter to try again.");
		return;
	}
	people_refresh(app);
	int detail_h = b.h >= 18 ? 7 : 5;
	int top_h = b.h - detail_h;
	int lw = b.w * 34 / 100;
	draw_people(app, b.y, 0, lw, top_h);
	attrset(ui_attr(UI_ROLE_DIM));
	mvvline_set(b.y, lw, WACS_VLINE, top_h);
	attrset(A_NORMAL);
	if (st.npeople == 0) {
		attrset(ui_attr(UI_ROLE_DIM));
		mvhline_set(b.y + top_h, 0, WACS_HLINE, b.w);
		attrset(A_NORMAL);
		return;
	}
	size_t person = st.people[st.sel];
	cand_refresh(app, person);
	draw_candidates(app, person, b.y, lw + 2, b.w - lw - 2, top_h);
	draw_detail(app, person, b.y + top_h, b.w, detail_h);
}

static void search_changed(struct ui_app *app, void *ctx, const char *text)
{
	(void)app;
	(void)ctx;
	snprintf(st.filter, sizeof st.filter, "%s", text);
	st.sel = st.top = 0;
	st.csel = st.ctop = 0;
}

static void search_done(struct ui_app *app, void *ctx, const char *text)
{
	(void)app;
	(void)ctx;
	if (!text)    /* Esc: back to the filter from before */
		snprintf(st.filter, sizeof st.filter, "%s", st.filter_before);
	st.focus = 0;
}

static int candidates_handle(struct ui_app *app, enum ui_action act, int key)
{
	struct session *s = app->s;
	(void)key;
	if (!s->have_profile || ui_missing_files(app))
		return UI_IGNORED;
	if (!s->have_dataset) {
		if (act == UI_ACT_SELECT) {
			app->prep_failed = 0;
			ui_ensure_dataset(app);
			return UI_HANDLED;
		}
		return UI_IGNORED;
	}
	people_refresh(app);
	switch (act) {
	case UI_ACT_SEARCH: {
		snprintf(st.filter_before, sizeof st.filter_before, "%s", st.filter);
		struct ui_input_spec in = {
			.title = "Search",
			.prompt = st.side == SIDE_MENTOR ? "Mentors whose name or email contains:" :
				  "Mentees whose name or email contains:",
			.initial = st.filter,
			.help = "The list follows as you type. Enter keeps it, Esc goes back.",
			.done = search_done,
			.changed = search_changed,
			.bottom = 1,
		};
		ui_input(app, &in);
		return UI_HANDLED;
	}
	case UI_ACT_SWITCH_SIDE:
		st.side = !st.side;
		st.filter[0] = '\0';
		st.sel = st.top = st.csel = st.ctop = 0;
		st.focus = 0;
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		if (st.npeople)
			st.focus = 1;
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (st.npeople && st.focus == 0) {
			st.focus = 1;
		} else if (st.focus == 1 && st.ncand && st.csel < st.ncand) {
			/* Enter on a candidate: show that person's own list */
			size_t other = st.cand[st.csel].person;
			st.side = !st.side;
			snprintf(st.filter, sizeof st.filter, "%s", "");
			people_refresh(app);
			for (size_t k = 0; k < st.npeople; k++)
				if (st.people[k] == other)
					st.sel = k;
			st.csel = st.ctop = 0;
			st.focus = 0;
		}
		return UI_HANDLED;
	case UI_ACT_LEFT:
	case UI_ACT_BACK:
		st.focus = 0;
		return UI_HANDLED;
	case UI_ACT_CANCEL:
		if (st.focus == 1)
			st.focus = 0;
		else if (st.filter[0]) {
			st.filter[0] = '\0';
			st.sel = st.top = 0;
		}
		return UI_HANDLED;
	default:
		break;
	}
	if (st.focus == 0) {
		size_t before = st.sel;
		if (ui_list_move(act, st.npeople, st.page, &st.sel)) {
			if (st.sel != before)
				st.csel = st.ctop = 0;
			return UI_HANDLED;
		}
	} else if (ui_list_move(act, st.ncand, st.cpage, &st.csel)) {
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void candidates_enter(struct ui_app *app)
{
	ui_ensure_dataset(app);
}

static void candidates_leave(struct ui_app *app)
{
	(void)app;
	free(st.people);
	st.people = NULL;
	st.npeople = 0;
	st.people_valid = 0;
	free(st.cand);
	st.cand = NULL;
	st.ncand = 0;
	st.cand_valid = 0;
}

static const struct ui_hint candidates_hints[] = {
	{ UI_ACT_UP, NULL },
	{ UI_ACT_LEFT, "lists" },
	{ UI_ACT_SEARCH, NULL },
	{ UI_ACT_SWITCH_SIDE, NULL },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_candidates = {
	.name = "Candidates",
	.title = "Candidates: anyone's ranked list of partners, and why",
	.enter = candidates_enter,
	.leave = candidates_leave,
	.draw = candidates_draw,
	.handle = candidates_handle,
	.hints = candidates_hints,
};
