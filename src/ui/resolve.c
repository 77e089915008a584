/* resolve.c - what-if: the match run again after a change, and what changed.
 *
 * A weight changed on step 3, a pair pinned or banned on step 5, a pins file
 * loaded: when there was a result, ui_resolve runs the match again at once
 * (ui_match_run: the worker thread, its progress box and cancel) and
 * ui_whatif_after_match compares the result before (s->prev) with the new
 * one (match_diff) once.  The steps draw the figures with ui_draw_whatif
 * for as long as nothing else has changed (app->gen); x shows them in full.
 */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/explain.h"
#include "mentormatch/pins.h"
#include "mentormatch/session.h"

static struct {
	int valid;
	unsigned long gen;        /* app->gen of the result it describes */
	char cause[320];
	struct match_diff diff;
	char pending[320];        /* the cause of the match being run */
	int have_pending;
	size_t nissues;           /* pin problems of the new result */
} wf;

static const char *arrow(void)
{
	return ui_utf8_locale() ? "→" : "->";
}

void ui_whatif_reset(void)
{
	match_diff_free(&wf.diff);
	wf.valid = 0;
	wf.have_pending = 0;
}

void ui_whatif_after_match(struct ui_app *app)
{
	struct session *s = app->s;
	match_diff_free(&wf.diff);
	wf.valid = 0;
	snprintf(wf.cause, sizeof wf.cause, "%s", wf.have_pending ? wf.pending :
		 "the match was run again");
	wf.have_pending = 0;
	if (!s->have_result || !s->have_prev)
		return;
	if (match_diff(&s->prev, &s->res, &wf.diff) != 0)
		return;
	wf.valid = 1;
	wf.gen = app->gen;
	wf.nissues = s->res.nissues;
}

int ui_whatif_current(const struct ui_app *app)
{
	return wf.valid && wf.gen == app->gen && app->s->have_result && app->s->have_dataset;
}

/* "+3" / "-2" / "0" */
static void signed_text(long v, char *buf, size_t len)
{
	if (v == 0)
		snprintf(buf, len, "no change");
	else
		snprintf(buf, len, "%+ld", v);
}

int ui_resolve(struct ui_app *app, int had_result, const char *cause)
{
	struct session *s = app->s;
	if (!had_result) {
		ui_status(app, UI_ROLE_NOTE, "%s%s", cause, s->have_profile && !ui_missing_files(app) ?
			  "; press m to run the match" : "");
		return 1;
	}
	snprintf(wf.pending, sizeof wf.pending, "%s", cause);
	wf.have_pending = 1;
	int rc = ui_match_run(app);
	wf.have_pending = 0;
	if (rc == 0 && ui_whatif_current(app)) {
		const struct match_diff *d = &wf.diff;
		ui_status(app, UI_ROLE_NOTE, "%s: pairs +%zu -%zu, total %ld %s %ld; x: all",
			  cause, d->nadded, d->nremoved, d->total[0], arrow(), d->total[1]);
	} else if (rc == 0 && s->have_result) {
		ui_status(app, UI_ROLE_NOTE, "%s: matched again (%zu pairs)", cause,
			  s->res.npairs);
	}
	return rc;
}

/* "mentor 03 & mentee 17" */
static void pair_names(const struct session *s, const struct pair *p, char *buf, size_t len)
{
	char mn[256], en[256];
	dataset_name(&s->ds, SIDE_MENTOR, p->mentor, mn, sizeof mn);
	dataset_name(&s->ds, SIDE_MENTEE, p->mentee, en, sizeof en);
	snprintf(buf, len, "%s & %s", mn, en);
}

int ui_whatif_height(const struct ui_app *app)
{
	if (!ui_whatif_current(app))
		return 0;
	return 6 + (wf.diff.nchanged ? 1 : 0);
}

int ui_draw_whatif(const struct ui_app *app, struct ui_rect r, int compact)
{
	if (!ui_whatif_current(app) || r.h < 1 || r.w < 10)
		return 0;
	const struct session *s = app->s;
	const struct match_diff *d = &wf.diff;
	const char *ar = arrow();
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);
	char lines[10][400];
	int nl = 0;
	char dt[32];
	signed_text(d->total[1] - d->total[0], dt, sizeof dt);
	if (compact) {
		snprintf(lines[nl++], sizeof lines[0], "What changed (x: all)");
		snprintf(lines[nl++], sizeof lines[0], "pairs %zu %s %zu: +%zu -%zu", d->pairs[0],
			 ar, d->pairs[1], d->nadded, d->nremoved);
		if (d->nchanged)
			snprintf(lines[nl++], sizeof lines[0], "%zu kept changed score: %+ld",
				 d->nchanged, d->changed_delta);
		snprintf(lines[nl++], sizeof lines[0], "total score %ld %s %ld", d->total[0], ar,
			 d->total[1]);
		snprintf(lines[nl++], sizeof lines[0], "mentees matched %zu %s %zu",
			 d->mentees_matched[0], ar, d->mentees_matched[1]);
		snprintf(lines[nl++], sizeof lines[0], "mentees unmatched %zu %s %zu",
			 d->mentees_unmatched[0], ar, d->mentees_unmatched[1]);
		snprintf(lines[nl++], sizeof lines[0], "mentors matched %zu %s %zu",
			 d->mentors_matched[0], ar, d->mentors_matched[1]);
	} else {
		snprintf(lines[nl++], sizeof lines[0], "What changed: %s (x: all)", wf.cause);
		snprintf(lines[nl], sizeof lines[0], "Pairs %zu %s %zu (%zu added, %zu removed)"
			 "   Total score %ld %s %ld (%s)", d->pairs[0], ar, d->pairs[1], d->nadded,
			 d->nremoved, d->total[0], ar, d->total[1], dt);
		if (ui_text_width(lines[nl]) > r.w)
			snprintf(lines[nl], sizeof lines[0], "Pairs %zu %s %zu (+%zu -%zu)  Total "
				 "score %ld %s %ld", d->pairs[0], ar, d->pairs[1], d->nadded,
				 d->nremoved, d->total[0], ar, d->total[1]);
		nl++;
		if (d->nchanged)
			snprintf(lines[nl++], sizeof lines[0], "%zu kept pair%s changed score (round, "
				 "bonus or weight): %+ld", d->nchanged, d->nchanged == 1 ? "" : "s",
				 d->changed_delta);
		snprintf(lines[nl++], sizeof lines[0], "Mentees with a match %zu %s %zu, without "
			 "%zu %s %zu", d->mentees_matched[0], ar, d->mentees_matched[1],
			 d->mentees_unmatched[0], ar, d->mentees_unmatched[1]);
		snprintf(lines[nl++], sizeof lines[0], "Mentors with a match %zu %s %zu, without "
			 "%zu %s %zu", d->mentors_matched[0], ar, d->mentors_matched[1],
			 d->mentors_unmatched[0], ar, d->mentors_unmatched[1]);
	}
	int y = r.y;
	for (int i = 0; i < nl && y < r.y + r.h; i++, y++)
		ui_text(y, r.x, r.w, i == 0 ? hd : n, lines[i], 0);
	if (compact)
		return y - r.y;
	/* the pairs changed, added first, as many as fit two to a line */
	size_t k = 0, total = d->nadded + d->nremoved;
	int colw = r.w / 2;
	while (y < r.y + r.h && k < total) {
		for (int c = 0; c < 2 && k < total; c++, k++) {
			int add = k < d->nadded;
			const struct pair *p = add ? &d->added[k] : &d->removed[k - d->nadded];
			char names[600];
			pair_names(s, p, names, sizeof names);
			if (y == r.y + r.h - 1 && c == 1 && k + 1 < total) {
				ui_textf(y, r.x + colw, r.w - colw, ui_attr(UI_ROLE_DIM), 0,
					 "... %zu more (x)", total - k);
				k = total;
				break;
			}
			ui_textf(y, r.x + c * colw, colw - 1, ui_attr(add ? UI_ROLE_GOOD :
				 UI_ROLE_BAD), 0, "%s %s (%+ld)", add ? "+" : "-", names, p->score);
		}
		y++;
	}
	return y - r.y;
}

/* ---- the what-if in full ---------------------------------------------------- */

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			return;
		if (*buf && *len + (size_t)k < *cap) {
			*len += (size_t)k;
			return;
		}
		size_t want = (*cap ? *cap * 2 : 4096) + (size_t)k;
		char *p = realloc(*buf, want);
		if (!p)
			return;
		*buf = p;
		*cap = want;
	}
}

void ui_show_whatif(struct ui_app *app)
{
	const struct session *s = app->s;
	if (!wf.valid) {
		ui_status(app, UI_ROLE_NOTE, "nothing to compare yet: x shows what the next "
			  "match changes");
		return;
	}
	if (!ui_whatif_current(app)) {
		ui_status(app, UI_ROLE_NOTE, "things changed since the last match: m runs it "
			  "again, then x shows what changed");
		return;
	}
	const struct match_diff *d = &wf.diff;
	char *t = NULL;
	size_t len = 0, cap = 0;
	append(&t, &len, &cap, "After: %s\n\n", wf.cause);
	append(&t, &len, &cap, "%-24s %8s %8s\n", "", "Before", "After");
	append(&t, &len, &cap, "%-24s %8zu %8zu\n", "Pairs", d->pairs[0], d->pairs[1]);
	append(&t, &len, &cap, "%-24s %8ld %8ld\n", "Total score", d->total[0], d->total[1]);
	append(&t, &len, &cap, "%-24s %8zu %8zu\n", "Mentees with a match",
	       d->mentees_matched[0], d->mentees_matched[1]);
	append(&t, &len, &cap, "%-24s %8zu %8zu\n", "Mentees without a match",
	       d->mentees_unmatched[0], d->mentees_unmatched[1]);
	append(&t, &len, &cap, "%-24s %8zu %8zu\n", "Mentors with a match",
	       d->mentors_matched[0], d->mentors_matched[1]);
	append(&t, &len, &cap, "%-24s %8zu %8zu\n", "Mentors without a match",
	       d->mentors_unmatched[0], d->mentors_unmatched[1]);
	append(&t, &len, &cap, "\n%zu pair%s kept, %zu added, %zu removed.\n", d->nkept,
	       d->nkept == 1 ? "" : "s", d->nadded, d->nremoved);
	if (d->nchanged)
		append(&t, &len, &cap, "%zu kept pair%s changed score (round, bonus or weight): "
		       "%+ld.\n", d->nchanged, d->nchanged == 1 ? "" : "s", d->changed_delta);
	{
		/* the total's change, part by part */
		long add = 0, rem = 0;
		for (size_t i = 0; i < d->nadded; i++)
			add += d->added[i].score;
		for (size_t i = 0; i < d->nremoved; i++)
			rem += d->removed[i].score;
		append(&t, &len, &cap, "Total score: %ld before, %+ld from the pairs added, %+ld "
		       "from those removed, %+ld from those kept = %ld after.\n", d->total[0],
		       add, -rem, d->changed_delta, d->total[0] + add - rem + d->changed_delta);
	}
	for (int part = 0; part < 2; part++) {
		size_t np = part == 0 ? d->nadded : d->nremoved;
		const struct pair *pp = part == 0 ? d->added : d->removed;
		if (!np)
			continue;
		append(&t, &len, &cap, "\n%s:\n", part == 0 ? "Added" : "Removed");
		for (size_t i = 0; i < np; i++) {
			char names[600];
			pair_names(s, &pp[i], names, sizeof names);
			append(&t, &len, &cap, "  %s %s, score %+ld%s\n", part == 0 ? "+" : "-",
			       names, pp[i].score, pp[i].pinned ? ", pinned" : "");
		}
	}
	if (s->res.nissues) {
		append(&t, &len, &cap, "\nPins the rules or capacities do not allow (kept):\n");
		for (size_t i = 0; i < s->res.nissues; i++) {
			char line[1024];
			session_describe_pin_issue(s, &s->res.issues[i], line, sizeof line);
			append(&t, &len, &cap, "  ! %s\n", line);
		}
	}
	ui_alert(app, "What changed", t ? t : "");
	free(t);
}

/* ---- loading a pins file -------------------------------------------------------- */

static char pins_pending[4096];

/* Loads the pins file at path (replacing the pins and bans there were) and
 * runs the match again when there was a result. */
static int pins_load_now(struct ui_app *app, const char *path)
{
	struct session *s = app->s;
	int had = s->have_result;
	size_t before = pins_count(&s->pins, PIN_PIN) + pins_count(&s->pins, PIN_BAN);
	if (session_load_pins(s, path, app->d) != 0) {
		ui_changed(app);
		ui_status(app, UI_ROLE_ERROR, "%s was not loaded (e: messages); %s",
			  ui_basename(path), before ? "your pins and bans are kept" :
			  "no pins or bans");
		return -1;
	}
	ui_changed(app);
	char cause[700], replacing[64] = "";
	size_t np = pins_count(&s->pins, PIN_PIN), nb = pins_count(&s->pins, PIN_BAN);
	if (before)
		snprintf(replacing, sizeof replacing, ", replacing %zu", before);
	snprintf(cause, sizeof cause, "%zu pin%s and %zu ban%s loaded from %s%s", np,
		 np == 1 ? "" : "s", nb, nb == 1 ? "" : "s", ui_basename(path), replacing);
	ui_resolve(app, had, cause);
	return 0;
}

static void pins_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (yes)
		pins_load_now(app, pins_pending);
	else
		ui_status(app, UI_ROLE_NOTE, "pins file not loaded; your pins and bans are kept");
}

static int pins_chosen(struct ui_app *app, void *ctx, const char *path)
{
	struct session *s = app->s;
	(void)ctx;
	size_t np = pins_count(&s->pins, PIN_PIN), nb = pins_count(&s->pins, PIN_BAN);
	if (np + nb == 0) {
		/* a file that could not be read: the browser stays open */
		return pins_load_now(app, path);
	}
	char q[4600], what[96];
	if (np && nb)
		snprintf(what, sizeof what, "%zu pin%s and %zu ban%s", np, np == 1 ? "" : "s", nb,
			 nb == 1 ? "" : "s");
	else
		snprintf(what, sizeof what, "%zu %s%s", np + nb, np ? "pin" : "ban",
			 np + nb == 1 ? "" : "s");
	snprintf(pins_pending, sizeof pins_pending, "%s", path);
	snprintf(q, sizeof q, "Replace your %s with those in %s?", what, ui_basename(path));
	ui_confirm(app, "Load pins", q, pins_answer, NULL);
	return 0;
}

void ui_load_pins(struct ui_app *app)
{
	ui_browse(app, "Load pins and bans (pins.csv)", ".csv .tsv .txt", app->out_dir,
		  pins_chosen, NULL);
}
