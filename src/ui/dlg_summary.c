/* dlg_summary.c - the summary box (u, on every step).
 *
 * Over the whole screen: the pairs and the total score; the original Mentor
 * Matcher's table of people with 0, 1, 2 and 3 or more matches on each side;
 * a bar chart of the pair scores (summary_build bins; '#' bars, block
 * characters in a UTF-8 locale); and counts per value of the profile's
 * grouping field (the organisation): people, those with a match, pairs.
 * Side by side from 70 columns, one above the other below that.  j/k scroll
 * the groups; Esc closes.  The figures are built when the box opens (and
 * again only when the room for the chart changes), never per key.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/explain.h"
#include "mentormatch/session.h"

struct sumdlg {
	struct ui_dialog base;
	struct summary sm;
	size_t bins_asked;        /* max_bins of the current sm */
	int ok;
	size_t gtop;              /* first group shown */
	int gpage;                /* groups visible at the last draw */
};

static void rebuild(struct ui_app *app, struct sumdlg *d, size_t bins)
{
	if (d->ok && d->bins_asked == bins)
		return;
	summary_free(&d->sm);
	d->ok = summary_build(app->s, bins, &d->sm) == 0;
	d->bins_asked = bins;
}

/* The 0/1/2/3+ table: 3 lines. */
static void draw_table(const struct summary *sm, int y, int x, int w)
{
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);
	int lw = 12, pw = 9;
	int nw = (w - lw - pw) / 4;
	if (nw > 8)
		nw = 8;
	if (nw < 4)
		nw = 4;
	ui_text(y, x, lw, hd, "Matches", 0);
	for (int k = 0; k < SUMMARY_MATCH_COLUMNS; k++)
		ui_textf(y, x + lw + k * nw, nw, hd, UI_RIGHT, "%d%s", k,
			 k == SUMMARY_MATCH_COLUMNS - 1 ? "+" : "");
	ui_text(y, x + lw + 4 * nw, pw, hd, "People", UI_RIGHT);
	for (int side = 0; side < SIDE_COUNT; side++) {
		int yy = y + 1 + side;
		ui_text(yy, x, lw, n, side == SIDE_MENTOR ? "Mentors" : "Mentees", 0);
		for (int k = 0; k < SUMMARY_MATCH_COLUMNS; k++)
			ui_textf(yy, x + lw + k * nw, nw, k == 0 && sm->matches[side][0] ?
				 ui_attr(UI_ROLE_WARNING) : n, UI_RIGHT, "%zu",
				 sm->matches[side][k]);
		ui_textf(yy, x + lw + 4 * nw, pw, n, UI_RIGHT, "%zu", sm->people[side]);
	}
}

/* A bar of len eighths of a cell. */
static void draw_bar(int y, int x, long eighths, attr_t a)
{
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	char buf[1024];
	size_t o = 0;
	if (ui_utf8_locale()) {
		for (long i = 0; i < eighths / 8 && o + 4 < sizeof buf; i++) {
			memcpy(buf + o, "█", 3);
			o += 3;
		}
		if (eighths % 8 && o + 4 < sizeof buf) {
			size_t k = strlen(part[eighths % 8]);
			memcpy(buf + o, part[eighths % 8], k);
			o += k;
		}
	} else {
		long n = (eighths + 4) / 8 > 0 ? (eighths + 4) / 8 : 1;
		for (long i = 0; i < n && o + 1 < sizeof buf; i++)
			buf[o++] = '#';
	}
	buf[o] = '\0';
	ui_text(y, x, (int)(sizeof buf), a, buf, 0);
}

static void bin_label(const struct summary *sm, size_t k, char *buf, size_t len)
{
	long lo = sm->bin_start + (long)k * sm->bin_width;
	if (sm->bin_width == 1)
		snprintf(buf, len, "%ld", lo);
	else
		snprintf(buf, len, "%ld..%ld", lo, lo + sm->bin_width - 1);
}

/* The chart: a title, a header and up to rows bins.  Returns lines used. */
static int draw_chart(const struct summary *sm, int y, int x, int w, int rows)
{
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);
	ui_text(y, x, w, ui_attr(UI_ROLE_TITLE), "Pair scores", 0);
	if (sm->nbins == 0) {
		ui_text(y + 1, x, w, ui_attr(UI_ROLE_DIM), "no pairs", 0);
		return 2;
	}
	int labw = 5, cntw = 5;
	size_t most = 1;
	for (size_t k = 0; k < sm->nbins; k++) {
		char l[64];
		bin_label(sm, k, l, sizeof l);
		if (ui_text_width(l) > labw)
			labw = ui_text_width(l);
		if (sm->bins[k] > most)
			most = sm->bins[k];
	}
	ui_text(y + 1, x, labw, hd, "Score", UI_RIGHT);
	ui_text(y + 1, x + labw + 1, cntw, hd, "Pairs", UI_RIGHT);
	int barx = x + labw + 1 + cntw + 1, barw = x + w - barx;
	int shown = 0;
	for (size_t k = 0; k < sm->nbins && shown < rows; k++, shown++) {
		char l[64];
		int yy = y + 2 + shown;
		bin_label(sm, k, l, sizeof l);
		ui_text(yy, x, labw, n, l, UI_RIGHT);
		ui_textf(yy, x + labw + 1, cntw, n, UI_RIGHT, "%zu", sm->bins[k]);
		if (barw > 0 && sm->bins[k]) {
			long e = (long)((double)sm->bins[k] * barw * 8 / (double)most);
			if (e < 1)
				e = 1;
			draw_bar(yy, barx, e, n);
		}
	}
	return 2 + shown;
}

/* The groups: a title, a header and up to rows groups from d->gtop. */
static void draw_groups(const struct ui_app *app, struct sumdlg *d, int y, int x, int w,
			int rows)
{
	const struct summary *sm = &d->sm;
	const struct profile *p = &app->s->prof;
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);
	const char *label = sm->group_field >= 0 && (size_t)sm->group_field < p->nfields ?
			    p->fields[sm->group_field].label : "group";
	ui_textf(y, x, w, ui_attr(UI_ROLE_TITLE), 0, "Per %s: matched / people", label);
	if (sm->group_field < 0) {
		ui_text(y + 1, x, w, ui_attr(UI_ROLE_DIM), "no grouping field: [output] "
			"group_by in the profile names one", 0);
		d->gpage = 0;
		return;
	}
	int cw = 9, pw = 6;
	int nw = w - 2 * cw - pw;
	ui_text(y + 1, x, nw, hd, label, 0);
	ui_text(y + 1, x + nw, cw, hd, "Mentors", UI_RIGHT);
	ui_text(y + 1, x + nw + cw, cw, hd, "Mentees", UI_RIGHT);
	ui_text(y + 1, x + nw + 2 * cw, pw, hd, "Pairs", UI_RIGHT);
	d->gpage = rows;
	size_t max = sm->ngroups > (size_t)rows ? sm->ngroups - (size_t)rows : 0;
	if (d->gtop > max)
		d->gtop = max;
	for (int r = 0; r < rows && d->gtop + (size_t)r < sm->ngroups; r++) {
		const struct summary_group *g = &sm->groups[d->gtop + (size_t)r];
		int yy = y + 2 + r;
		ui_text(yy, x, nw - 1, n, g->name, 0);
		ui_textf(yy, x + nw, cw, n, UI_RIGHT, "%zu/%zu", g->matched[SIDE_MENTOR],
			 g->people[SIDE_MENTOR]);
		ui_textf(yy, x + nw + cw, cw, n, UI_RIGHT, "%zu/%zu", g->matched[SIDE_MENTEE],
			 g->people[SIDE_MENTEE]);
		ui_textf(yy, x + nw + 2 * cw, pw, n, UI_RIGHT, "%zu", g->pairs);
	}
	/* below the groups when there is room: what the Pairs column counts */
	size_t shown = sm->ngroups - d->gtop < (size_t)rows ? sm->ngroups - d->gtop : (size_t)rows;
	if ((size_t)rows > shown + 1)
		ui_text(y + 2 + (int)shown + 1, x, w, ui_attr(UI_ROLE_DIM), "Pairs: a pair counts for "
			"both its people", 0);
}

static void sum_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct sumdlg *d = (struct sumdlg *)dlg;
	const struct session *s = app->s;
	struct ui_rect r = { 1, 0, LINES - 1, COLS };
	struct ui_rect in = ui_box(r, "Summary");
	if (in.h < 6 || in.w < 20)
		return;
	int wide = in.w >= 70;
	int blank = in.h >= 18;            /* room for blank lines between the parts */
	int top = 1 + blank + 3 + blank;   /* head line, table */
	int rows = in.h - top - 1;         /* for the chart and the groups, above the footer */
	/* bins: side by side, every row less the two header lines; stacked,
	 * about half of them */
	int chart_rows = wide ? rows - 2 : (rows - 4) / 2;
	if (chart_rows < 1)
		chart_rows = 1;
	rebuild(app, d, (size_t)(chart_rows > 12 ? 12 : chart_rows));
	if (!d->ok) {
		ui_text(in.y, in.x, in.w, ui_attr(UI_ROLE_ERROR), "The summary could not be "
			"made (no data, or out of memory).", 0);
		return;
	}
	const struct summary *sm = &d->sm;
	const struct profile *p = &s->prof;
	int y = in.y;
	if (s->have_result) {
		char mode[100];
		if (p->solve.mode == MODE_CAPACITY)
			snprintf(mode, sizeof mode, "capacity mode, %s", p->solve.objective ==
				 OBJECTIVE_COVERAGE ? "coverage" : "quality");
		else
			snprintf(mode, sizeof mode, "rounds mode, %d round%s", s->res.nrounds,
				 s->res.nrounds == 1 ? "" : "s");
		ui_textf(y, in.x, in.w, ui_attr(UI_ROLE_HEADING), 0, "%zu pair%s, total score "
			 "%ld (%s)", sm->npairs, ui_s(sm->npairs), sm->total, mode);
	} else {
		ui_text(y, in.x, in.w, ui_attr(UI_ROLE_WARNING), "No match yet: everyone has 0 "
			"matches (m runs the match)", 0);
	}
	y += 1 + blank;
	draw_table(sm, y, in.x, in.w > 60 ? 60 : in.w);
	y += 3 + blank;
	if (wide) {
		/* the groups get the room their names need, the chart the rest */
		int namew = 12;
		for (size_t g = 0; g < sm->ngroups; g++)
			if (ui_text_width(sm->groups[g].name) > namew)
				namew = ui_text_width(sm->groups[g].name);
		if (namew > 30)
			namew = 30;
		int lw = in.w - (namew + 25) - 3;
		if (lw < 26)
			lw = 26;
		draw_chart(sm, y, in.x, lw, rows - 2);
		attrset(ui_attr(UI_ROLE_DIM));
		mvvline_set(y, in.x + lw + 1, WACS_VLINE, rows);
		attrset(A_NORMAL);
		draw_groups(app, d, y, in.x + lw + 3, in.w - lw - 3, rows - 2);
	} else {
		int used = draw_chart(sm, y, in.x, in.w, chart_rows);
		int grows = rows - used - 2;
		if (grows >= 1)
			draw_groups(app, d, y + used, in.x, in.w, grows);
		else
			d->gpage = 0;
	}
	char foot[160];
	if (d->gpage > 0 && sm->ngroups > (size_t)d->gpage)
		snprintf(foot, sizeof foot, "j/k scroll (groups %zu-%zu of %zu)   Esc close",
			 d->gtop + 1, d->gtop + (size_t)d->gpage, sm->ngroups);
	else
		snprintf(foot, sizeof foot, "Esc close");
	ui_text(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM), foot, 0);
}

static int sum_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct sumdlg *d = (struct sumdlg *)dlg;
	enum ui_action act = ui_action_for_key(key);
	(void)app;
	size_t n = d->sm.ngroups, page = d->gpage > 0 ? (size_t)d->gpage : 1;
	size_t max = n > page ? n - page : 0;
	switch (act) {
	case UI_ACT_UP:
		if (d->gtop > 0)
			d->gtop--;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (d->gtop < max)
			d->gtop++;
		return UI_HANDLED;
	case UI_ACT_PAGE_UP:
		d->gtop = d->gtop > page ? d->gtop - page : 0;
		return UI_HANDLED;
	case UI_ACT_PAGE_DOWN:
	case UI_ACT_TOGGLE:
		d->gtop = d->gtop + page < max ? d->gtop + page : max;
		return UI_HANDLED;
	case UI_ACT_HOME:
		d->gtop = 0;
		return UI_HANDLED;
	case UI_ACT_END:
		d->gtop = max;
		return UI_HANDLED;
	case UI_ACT_CANCEL:
	case UI_ACT_SELECT:
	case UI_ACT_QUIT:
	case UI_ACT_BACK:
	case UI_ACT_SUMMARY:
		return UI_HANDLED | UI_CLOSE;
	default:
		return UI_HANDLED;
	}
}

static void sum_destroy(struct ui_dialog *dlg)
{
	struct sumdlg *d = (struct sumdlg *)dlg;
	summary_free(&d->sm);
	free(d);
}

static const struct ui_dialog_ops sum_ops = {
	.draw = sum_draw,
	.key = sum_key,
	.destroy = sum_destroy,
};

void ui_show_summary(struct ui_app *app)
{
	struct session *s = app->s;
	if (!s->have_profile || ui_missing_files(app)) {
		ui_status(app, UI_ROLE_ERROR, "the summary needs a profile and both files "
			  "(step 1), and a match (m)");
		return;
	}
	if (!ui_ensure_dataset(app)) {
		ui_status(app, UI_ROLE_ERROR, "the data could not be prepared: see the messages (e)");
		return;
	}
	struct sumdlg *d = calloc(1, sizeof *d);
	if (!d)
		return;
	d->base.ops = &sum_ops;
	ui_dialog_push(app, &d->base);
}
