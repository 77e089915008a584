/* scr_rules.c - step 3: the profile's settings and rules with their weights.
 *
 * Lines: the profile's name and file, the rounds settings of [solve] that
 * belong here (rounds, the unmatched bonus: used in rounds mode only; the
 * mode and the other solve settings are on step 4), then each rule (on/off,
 * what it looks at in words, its points or "not allowed"); a gap rule has
 * one more line per band and one for any other gap, a preference rule one
 * per ranked choice.  Enter edits the number (or name) on the line, + and -
 * change it by one, Space switches the rule on or off.  l loads another
 * profile, w writes this one.  Every change goes through session_set_key
 * (checked as in a profile file; what depends on it is dropped) and, when
 * there was a result, the match runs again at once (ui_resolve) and the step
 * shows what changed.
 */
#include "tui.h"
#include "mentormatch/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/match.h"
#include "mentormatch/profile_find.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/rule_text.h"
#include "mentormatch/session.h"

enum row_kind { ROW_NAME, ROW_FILE, ROW_KEY, ROW_RULE, ROW_BAND, ROW_OTHERWISE, ROW_PWEIGHT };

/* The [solve] keys shown on this step (the rest are on step 4). */
static const enum profile_key step_keys[] = { PK_SOLVE_ROUNDS, PK_SOLVE_UNMATCHED_BONUS };

struct row {
	enum row_kind kind;
	size_t rule, band;       /* ROW_KEY: band is the index in step_keys */
};

/* This step's state, owned by the app (ui_step_state). */
struct rules_state {
	size_t sel, top;
	int page;
	struct row *rows;
	size_t nrows;
	struct row edit;         /* what the open number dialog edits */
	char write_path[4096];
};
#define ST ((struct rules_state *)ui_step_state(UI_STEP_RULES))

static void rows_build(const struct session *s)
{
	free(ST->rows);
	ST->rows = NULL;
	ST->nrows = 0;
	if (!s->have_profile)
		return;
	const struct profile *p = &s->prof;
	size_t n = 2 + sizeof step_keys / sizeof *step_keys;
	for (size_t r = 0; r < p->nrules; r++)
		n += 1 + (p->rules[r].kind == RULE_GAP ? p->rules[r].nbands + 1 : 0) +
			(p->rules[r].kind == RULE_PREFERENCE ? p->rules[r].nweights : 0);
	ST->rows = calloc(n, sizeof *ST->rows);
	if (!ST->rows)
		return;
	ST->rows[ST->nrows++] = (struct row){ ROW_NAME, 0, 0 };
	ST->rows[ST->nrows++] = (struct row){ ROW_FILE, 0, 0 };
	for (size_t k = 0; k < sizeof step_keys / sizeof *step_keys; k++)
		ST->rows[ST->nrows++] = (struct row){ ROW_KEY, 0, k };
	for (size_t r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		ST->rows[ST->nrows++] = (struct row){ ROW_RULE, r, 0 };
		if (ru->kind == RULE_PREFERENCE && ru->effect == EFFECT_SCORE)
			for (size_t k = 0; k < ru->nweights; k++)
				ST->rows[ST->nrows++] = (struct row){ ROW_PWEIGHT, r, k };
		if (ru->kind != RULE_GAP)
			continue;
		for (size_t b = 0; b < ru->nbands; b++)
			ST->rows[ST->nrows++] = (struct row){ ROW_BAND, r, b };
		ST->rows[ST->nrows++] = (struct row){ ROW_OTHERWISE, r, 0 };
	}
}

/* Width of the rule-label column: the longest label, within limits. */
static int label_width(const struct profile *p, int w)
{
	int lw = 8;
	for (size_t r = 0; r < p->nrules; r++) {
		int k = ui_text_width(p->rules[r].label);
		if (k > lw)
			lw = k;
	}
	if (lw > (w - 8) * 30 / 100)
		lw = (w - 8) * 30 / 100;
	return lw;
}

/* A band as shown: "+2" for one difference, "-3..3", "1..", "..-1". */
static void band_label(const struct gap_band *b, char *buf, size_t len)
{
	char t[72];
	profile_band_text(b, t, sizeof t);
	snprintf(buf, len, "%s%s", b->lo == b->hi && b->lo > 0 ? "+" : "", t);
}

static const char *ordinal(size_t n)
{
	static char buf[16];
	const char *suf = n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 == 1 ? "st" :
		n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
	snprintf(buf, sizeof buf, "%zu%s", n, suf);
	return buf;
}

/* The points shown on a rule's own line ("" when they are on lines below). */
static void rule_points(const struct rule *ru, char *buf, size_t len, int *bad)
{
	*bad = 0;
	buf[0] = '\0';
	if (ru->kind == RULE_GAP || (ru->kind == RULE_PREFERENCE && ru->effect == EFFECT_SCORE))
		return;
	if (ru->effect == EFFECT_FORBID || ru->effect == EFFECT_REQUIRE) {
		snprintf(buf, len, "%s", ru->effect == EFFECT_FORBID ? "not allowed" : "required");
		*bad = ru->effect == EFFECT_FORBID;
	} else if (ru->kind == RULE_OVERLAP && ru->measure == MEASURE_COUNT) {
		snprintf(buf, len, "%+ld each", ru->weight);
	} else if (ru->kind == RULE_OVERLAP && ru->measure == MEASURE_SHARE) {
		snprintf(buf, len, "%+ld x share", ru->weight);
	} else {
		snprintf(buf, len, "%+ld", ru->weight);
	}
}

static void draw_row(const struct session *s, const struct row *rw, int y,
		     int w, int cur)
{
	const struct profile *p = &s->prof;
	attr_t a = ui_attr(cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	attr_t dim = cur ? a : ui_attr(UI_ROLE_DIM);
	char buf[600], pts[64];
	int capacity = p->solve.mode == MODE_CAPACITY;
	int xl = 1, xc = 5, pw = 11;
	int xp = w - 1 - pw;               /* points column */
	int lw = label_width(p, w);
	int xd = xc + lw + 1;              /* description column */
	int bad;

	if (cur)
		ui_fill(y, 0, w, a);
	switch (rw->kind) {
	case ROW_NAME:
		ui_text(y, xl, 18, dim, "Profile", 0);
		ui_text(y, 20, w - 21, a, p->name && *p->name ? p->name : "(no name)", 0);
		return;
	case ROW_FILE:
		ui_text(y, xl, 18, dim, "Profile file", 0);
		ui_text(y, 20, w - 21, a, p->path ? p->path : "(not saved yet)", UI_TAIL);
		return;
	case ROW_KEY: {
		enum profile_key k = step_keys[rw->band];
		const struct profile_key_info *ki = &profile_keys[k];
		ui_text(y, xl, 18, dim, ki->label, 0);
		profile_key_get_text(p, k, 0, buf, sizeof buf);
		ui_text(y, 20, 6, capacity ? dim : a, buf, 0);
		ui_text(y, 27, w - 28, dim, k == PK_SOLVE_ROUNDS ? (capacity ?
			"not used: capacity mode solves once (mode: step 4)" :
			"a person gets at most one new match per round") : (capacity ?
			"not used in capacity mode (rounds mode only)" :
			"for a pair whose mentor or mentee has no match yet"), 0);
		return;
	}
	default:
		break;
	}

	const struct rule *ru = &p->rules[rw->rule];
	attr_t off = cur ? a : ui_attr(UI_ROLE_DIM);
	attr_t body = ru->enabled ? a : off;
	if (rw->kind == ROW_RULE) {
		ui_text(y, xl, 3, a, ru->enabled ? "[x]" : "[ ]", 0);
		ui_text(y, xc, lw, cur ? a : ui_attr(ru->enabled ? UI_ROLE_HEADING :
			UI_ROLE_DIM), ru->label, 0);
		rule_condition_text(p, rw->rule, buf, sizeof buf);
		ui_text(y, xd, xp - xd - 1, body, buf, 0);
		rule_points(ru, pts, sizeof pts, &bad);
		ui_text(y, xp, pw, cur ? a : bad ? ui_attr(ru->enabled ? UI_ROLE_BAD : UI_ROLE_DIM) :
			body, pts, UI_RIGHT);
		return;
	}
	if (rw->kind == ROW_PWEIGHT) {
		ui_textf(y, xd, xp - xd - 1, body, 0, "%s choice", ordinal(rw->band + 1));
		snprintf(pts, sizeof pts, "%+ld", ru->weights[rw->band]);
		ui_text(y, xp, pw, body, pts, UI_RIGHT);
		return;
	}
	if (rw->kind == ROW_BAND) {
		char t[80];
		band_label(&ru->bands[rw->band], t, sizeof t);
		ui_textf(y, xd, xp - xd - 1, body, 0, "gap %s", t);
		snprintf(pts, sizeof pts, "%+ld", ru->bands[rw->band].weight);
		ui_text(y, xp, pw, body, pts, UI_RIGHT);
		return;
	}
	/* ROW_OTHERWISE */
	ui_text(y, xd, xp - xd - 1, body, "any other gap (a missing value: not allowed)", 0);
	if (ru->otherwise_forbid) {
		ui_text(y, xp, pw, cur ? a : ui_attr(ru->enabled ? UI_ROLE_BAD : UI_ROLE_DIM),
			"not allowed", UI_RIGHT);
	} else {
		snprintf(pts, sizeof pts, "%+ld", ru->otherwise_weight);
		ui_text(y, xp, pw, body, pts, UI_RIGHT);
	}
}

static void rules_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	if (!s->have_profile) {
		ui_draw_empty(b, "No profile yet",
			      "A profile holds the fields, the column mapping, the rules and "
			      "their weights. ^N builds a new one from the files' columns; l "
			      "loads one (yours, this folder's, or an example).");
		return;
	}
	rows_build(s);
	/* after a change that ran the match again: what changed, above the
	 * two help lines */
	int wi = ui_whatif_current(app);
	/* the rules come first: at small heights the panel keeps its figures
	 * (3 lines) and drops the line that repeats the rule's condition */
	int small = b.h < 20;
	int ph = wi ? (small ? 3 : 6) : 0;
	int helph = wi && small ? 1 : 2;
	int list_y = b.y, list_h = wi ? b.h - helph - ph - 1 : b.h - 3;
	/* one line is kept for the heading above the first rule */
	ST->page = list_h - 1;
	ui_scroll_fix(ST->nrows, list_h - 1, &ST->sel, &ST->top);
	int heading_at = -1;
	for (int r = 0, y = list_y; y < list_y + list_h && ST->top + (size_t)r < ST->nrows; r++) {
		size_t i = ST->top + (size_t)r;
		if (ST->rows[i].kind == ROW_RULE && heading_at < 0 &&
		    (i == 0 || ST->rows[i - 1].kind == ROW_KEY)) {
			/* a heading line above the first rule */
			heading_at = y;
			if (y + 1 < list_y + list_h) {
				attr_t hd = ui_attr(UI_ROLE_HEADING);
				int lw = label_width(&s->prof, b.w);
				ui_text(y, 1, 3, hd, "On", 0);
				ui_text(y, 5, lw, hd, "Rule", 0);
				ui_text(y, 5 + lw + 1, b.w - 20 - lw, hd, "What it looks at", 0);
				ui_text(y, b.w - 12, 11, hd, "Points", UI_RIGHT);
				y++;
			}
		}
		draw_row(s, &ST->rows[i], y, b.w, i == ST->sel);
		y++;
	}
	if (s->prof.nrules == 0 && list_h > (int)ST->nrows + 2)
		ui_text(list_y + (int)ST->nrows + 1, 1, b.w - 2, ui_attr(UI_ROLE_NOTE),
			"No rules yet: A adds one (what it looks at, then the fields it reads).", 0);
	/* what the highlighted line means */
	const struct row *rw = ST->nrows ? &ST->rows[ST->sel] : NULL;
	const char *help = "";
	char full[700] = "";
	if (rw && rw->kind >= ROW_RULE) {
		const struct rule *ru = &s->prof.rules[rw->rule];
		char sent[600];
		rule_sentence(&s->prof, rw->rule, sent, sizeof sent);
		snprintf(full, sizeof full, "%s (rule %s%s)", sent, ru->enabled ? "on" : "off",
			 ru->enabled ? "" : ": ignored");
	}
	if (rw) {
		const struct rule *ru = rw->kind >= ROW_RULE ? &s->prof.rules[rw->rule] : NULL;
		switch (rw->kind) {
		case ROW_NAME: help = "Enter renames the profile; w writes it to a file."; break;
		case ROW_FILE: help = "Enter (or l) loads another profile; w writes this one."; break;
		case ROW_KEY:
			help = s->prof.solve.mode == MODE_CAPACITY ?
				"Rounds mode only; step 4 switches the mode. Enter, + or -." :
				"Enter types a number; + and - change it by 1.";
			break;
		case ROW_RULE:
			help = ru->kind == RULE_GAP || (ru->kind == RULE_PREFERENCE &&
							ru->effect == EFFECT_SCORE) ?
				"Enter opens the rule; Space on/off; its points are on the lines below." :
			       ru->effect != EFFECT_SCORE ? "Enter opens the rule; Space on/off. "
				"While on, it decides which pairs are allowed." :
				"Enter opens the rule; + and - change the points; Space on/off.";
			break;
		case ROW_PWEIGHT: help = "Points when the person named is this choice. "
			"Enter, + or -."; break;
		case ROW_BAND: help = "Points when mentor's minus mentee's value is in this "
			"band. Enter, + or -."; break;
		case ROW_OTHERWISE: help = "Enter: a number of points, or the word forbid "
			"(not allowed)."; break;
		}
	}
	if (wi) {
		attrset(ui_attr(UI_ROLE_DIM));
		mvhline_set(b.y + list_h, 0, WACS_HLINE, b.w);
		attrset(A_NORMAL);
		ui_draw_whatif(app, (struct ui_rect){ b.y + list_h + 1, 1, ph, b.w - 2 }, 0);
	}
	if (full[0] && helph == 2)
		ui_text(b.y + b.h - 2, 1, b.w - 2, ui_attr(UI_ROLE_NORMAL), full, 0);
	ui_text(b.y + b.h - 1, 1, b.w - 2, ui_attr(UI_ROLE_DIM), help, 0);
}

/* ---- editing ---------------------------------------------------------------- */

/* The number on a line, as text, and what it is called in what-changed
 * ("same profession", "grade gap, gap 1", "unmatched bonus").  Returns 0,
 * or -1 when the line has no number (buf says why). */
static int line_number(const struct session *s, const struct row *rw, char *buf, size_t len,
		       char *name, size_t nlen)
{
	const struct profile *p = &s->prof;
	const struct rule *ru = rw->kind >= ROW_RULE ? &p->rules[rw->rule] : NULL;
	char t[80];
	switch (rw->kind) {
	case ROW_KEY:
		snprintf(name, nlen, "%s", profile_keys[step_keys[rw->band]].label);
		return profile_key_get_text(p, step_keys[rw->band], 0, buf, len);
	case ROW_RULE:
		snprintf(name, nlen, "%s", ru->label);
		if (ru->kind == RULE_GAP || (ru->kind == RULE_PREFERENCE && ru->effect == EFFECT_SCORE)) {
			snprintf(buf, len, "the points of %s are on the lines below it", ru->label);
			return -1;
		}
		if (ru->effect != EFFECT_SCORE) {
			snprintf(buf, len, "%s has no points: it decides which pairs are allowed "
				 "(Space switches it off)", ru->label);
			return -1;
		}
		snprintf(buf, len, "%+ld", ru->weight);
		return 0;
	case ROW_PWEIGHT:
		snprintf(name, nlen, "%s, %s choice", ru->label, ordinal(rw->band + 1));
		snprintf(buf, len, "%+ld", ru->weights[rw->band]);
		return 0;
	case ROW_BAND:
		band_label(&ru->bands[rw->band], t, sizeof t);
		snprintf(name, nlen, "%s, gap %s", ru->label, t);
		snprintf(buf, len, "%+ld", ru->bands[rw->band].weight);
		return 0;
	case ROW_OTHERWISE:
		snprintf(name, nlen, "%s, any other gap", ru->label);
		return profile_key_get_text(p, PK_RULE_OTHERWISE, rw->rule, buf, len);
	default:
		buf[0] = '\0';
		return -1;
	}
}

/* After a change to the rules or their points (session_set_key has dropped
 * what depends on it): when there was a result, the match runs again at
 * once and the step shows what changed (ui_resolve). */
static void rules_changed(struct ui_app *app, int had, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void rules_changed(struct ui_app *app, int had, const char *fmt, ...)
{
	char cause[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cause, sizeof cause, fmt, ap);
	va_end(ap);
	ui_changed(app);
	ui_resolve(app, had, cause);
}

static const char *arrow(void)
{
	return ui_utf8_locale() ? "→" : "->";
}

/* Sets the number of a line from text through the core (checked as in a
 * profile file); then the match runs again.  Returns 0, or -1 (said). */
static int set_line(struct ui_app *app, const struct row *rw, const char *text)
{
	struct session *s = app->s;
	struct profile *p = &s->prof;
	char was[400], name[300], err[600], now[400];
	int had = s->have_result, rc;

	if (line_number(s, rw, was, sizeof was, name, sizeof name) < 0) {
		ui_status(app, UI_ROLE_NOTE, "%s", was);
		return -1;
	}
	switch (rw->kind) {
	case ROW_KEY:
		rc = session_set_key(s, step_keys[rw->band], 0, text, err, sizeof err);
		break;
	case ROW_RULE:
		rc = session_set_key(s, PK_RULE_WEIGHT, rw->rule, text, err, sizeof err);
		break;
	case ROW_OTHERWISE:
		rc = session_set_key(s, PK_RULE_OTHERWISE, rw->rule, text, err, sizeof err);
		break;
	case ROW_BAND: {
		long v;
		if (ui_parse_long(text, -UI_NUM_LIMIT, UI_NUM_LIMIT, &v) != 0) {
			snprintf(err, sizeof err, "points must be a whole number from %ld to %ld",
				 -UI_NUM_LIMIT, UI_NUM_LIMIT);
			rc = -1;
		} else {
			rc = session_set_band_weight(s, rw->rule, rw->band, v, err, sizeof err);
		}
		break;
	}
	case ROW_PWEIGHT: {
		/* the whole list again, with this one changed */
		const struct rule *ru = &p->rules[rw->rule];
		char list[1200];
		size_t o = 0;
		for (size_t k = 0; k < ru->nweights && o < sizeof list; k++) {
			char n[32];
			snprintf(n, sizeof n, "%ld", ru->weights[k]);
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? " | " : "",
					      k == rw->band ? text : n);
		}
		rc = strchr(text, '|') ? (snprintf(err, sizeof err, "type one number"), -1) :
			session_set_key(s, PK_RULE_WEIGHTS, rw->rule, list, err, sizeof err);
		break;
	}
	default:
		return -1;
	}
	if (rc < 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return -1;
	}
	line_number(s, rw, now, sizeof now, name, sizeof name);
	rules_changed(app, had, "%s %s %s %s", name, was, arrow(), now);
	return 0;
}

static void number_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text || !app->s->have_profile)
		return;
	set_line(app, &ST->edit, text);
}

static void name_entered(struct ui_app *app, void *ctx, const char *text)
{
	char err[300];
	(void)ctx;
	if (!text || !app->s->have_profile)
		return;
	if (session_set_key(app->s, PK_PROFILE_NAME, 0, text, err, sizeof err) < 0)
		ui_status(app, UI_ROLE_ERROR, "%s", err);
	else
		ui_status(app, UI_ROLE_NOTE, "profile renamed; w writes it to a file");
}

static int profile_loaded(struct ui_app *app, void *ctx, const char *path);
static void browse_profiles(struct ui_app *app);

static void edit_row(struct ui_app *app, const struct row *rw)
{
	struct session *s = app->s;
	struct profile *p = &s->prof;
	char initial[400], prompt[400], name[300];
	struct ui_input_spec in = { .title = "Change", .done = number_entered,
				    .select_initial = 1 };

	ST->edit = *rw;
	switch (rw->kind) {
	case ROW_FILE:
		browse_profiles(app);
		return;
	case ROW_NAME:
		in.title = "Profile name";
		in.prompt = "The profile's name (shown here; saved in the file):";
		in.initial = p->name ? p->name : "";
		in.done = name_entered;
		in.select_initial = 0;
		ui_input(app, &in);
		return;
	default:
		break;
	}
	if (line_number(s, rw, initial, sizeof initial, name, sizeof name) < 0) {
		ui_status(app, UI_ROLE_NOTE, "%s", initial);
		return;
	}
	if (rw->kind == ROW_KEY) {
		const struct profile_key_info *ki = &profile_keys[step_keys[rw->band]];
		snprintf(prompt, sizeof prompt, "%s (%ld to %ld): %s", ki->label, ki->lo, ki->hi,
			 ki->help);
	} else if (rw->kind == ROW_OTHERWISE) {
		snprintf(prompt, sizeof prompt, "%s: points, or forbid", name);
		in.help = "forbid: such pairs are not allowed";
	} else {
		snprintf(prompt, sizeof prompt, "%s: points", name);
	}
	in.prompt = prompt;
	in.initial = initial;
	ui_input(app, &in);
}

static void step_row(struct ui_app *app, const struct row *rw, int delta)
{
	char now[400], name[300], next[64];
	long v;
	if (line_number(app->s, rw, now, sizeof now, name, sizeof name) < 0) {
		ui_status(app, UI_ROLE_NOTE, "%s", now);
		return;
	}
	if (ui_parse_long(now, LONG_MIN / 2, LONG_MAX / 2, &v) != 0) {
		/* any other gap that is not allowed */
		ui_status(app, UI_ROLE_NOTE, "any other gap is not allowed; press Enter and "
			  "type a number to give it points instead");
		return;
	}
	snprintf(next, sizeof next, "%ld", v + delta);
	set_line(app, rw, next);
}

/* Returns -1 when the profile could not be loaded: the browser stays open
 * in its folder, under the messages saying why. */
static int profile_loaded(struct ui_app *app, void *ctx, const char *path)
{
	(void)ctx;
	if (session_load_profile(app->s, path, app->d) == 0) {
		ui_changed(app);
		ST->sel = ST->top = 0;
		ui_status(app, UI_ROLE_NOTE, "profile \"%s\" loaded from %s",
			  app->s->prof.name ? app->s->prof.name : "", path);
		return 0;
	}
	ui_changed(app);
	return -1;
}

/* The browser starts in the current profile's folder. */
static void browse_profiles(struct ui_app *app)
{
	char start[4096] = "";
	const char *path = app->s->have_profile ? app->s->prof.path : NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (slash) {
		size_t n = slash == path ? 1 : (size_t)(slash - path);
		if (n < sizeof start) {
			memcpy(start, path, n);
			start[n] = '\0';
		}
	}
	ui_browse(app, "Load a profile (.ini)", ".ini", start, profile_loaded, NULL);
}

static void load_profile_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (yes)
		ui_choose_profile(app);
	else
		ui_status(app, UI_ROLE_NOTE, "no profile loaded; the results are kept (s saves them)");
}

static int ini_added;     /* write_path got ".ini" appended */

static void write_now(struct ui_app *app)
{
	char home[4096];
	size_t hl;
	/* the profiles folder is made the first time a profile goes there */
	if (profile_home_dir(home, sizeof home) == 0 && (hl = strlen(home)) > 0 &&
	    !strncmp(ST->write_path, home, hl) && ST->write_path[hl] == '/' &&
	    profile_home_make() != 0) {
		ui_status(app, UI_ROLE_ERROR, "cannot make the folder %s: %s; profile not written",
			  home, strerror(errno));
		return;
	}
	if (session_save_profile(app->s, ST->write_path, app->d) != 0)
		return;
	ui_status(app, UI_ROLE_NOTE, "profile written to %s%s", ST->write_path,
		  ini_added ? " (.ini was added to the name)" : "");
}

static void overwrite_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (yes)
		write_now(app);
	else
		ui_status(app, UI_ROLE_NOTE, "profile not written");
}

static int is_folder(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void write_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text)
		return;
	while (*text == ' ')
		text++;
	if (!*text) {
		ui_status(app, UI_ROLE_WARNING, "no file name given; profile not written");
		return;
	}
	char name[4096];
	if (ui_expand_home(text, name, sizeof name) != 0) {
		ui_alert(app, "Write profile", "That name starts with ~ but names no known "
			 "user (or is too long). Profile not written.");
		return;
	}
	size_t n = strlen(name);
	if (name[n - 1] == '/' || is_folder(name)) {
		char msg[3 * 4096 + 200];
		snprintf(msg, sizeof msg, "%s %s, not a file name. Type a file name, "
			 "e.g. %s%sprofile.ini. Profile not written.", name,
			 is_folder(name) ? "is a folder" : "names a folder (it ends with /)",
			 name, name[n - 1] == '/' ? "" : "/");
		ui_status(app, UI_ROLE_ERROR, "%s is a folder: profile not written", name);
		ui_alert(app, "Write profile", msg);
		return;
	}
	ini_added = !(n > 4 && strcasecmp(name + n - 4, ".ini") == 0);
	if ((size_t)snprintf(ST->write_path, sizeof ST->write_path, "%s%s", name,
			     ini_added ? ".ini" : "") >= sizeof ST->write_path) {
		ui_status(app, UI_ROLE_ERROR, "file name too long; profile not written");
		return;
	}
	if (is_folder(ST->write_path)) {
		char msg[3 * 4096 + 200];
		snprintf(msg, sizeof msg, "%s is a folder, not a file. Type another name. "
			 "Profile not written.", ST->write_path);
		ui_status(app, UI_ROLE_ERROR, "%s is a folder: profile not written", ST->write_path);
		ui_alert(app, "Write profile", msg);
		return;
	}
	if (access(ST->write_path, F_OK) == 0) {
		char q[4200];
		snprintf(q, sizeof q, "%s already exists. Replace it?%s", ST->write_path,
			 ini_added ? " (.ini was added to the name.)" : "");
		ui_confirm(app, "Write profile", q, overwrite_answer, NULL);
		return;
	}
	write_now(app);
}

static void delete_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	struct profile p;
	char label[200];
	int had = app->s->have_result;
	if (!yes || ui_edit_begin(app, &p) != 0)
		return;
	if (ST->edit.rule >= p.nrules) {
		ui_edit_cancel(&p);
		return;
	}
	snprintf(label, sizeof label, "%s", p.rules[ST->edit.rule].label);
	profile_remove_rule(&p, ST->edit.rule);
	if (ui_edit_commit(app, &p, PCHANGE_SCORE, "rule %s deleted", label) == 0)
		ui_resolve(app, had, "a rule deleted");
}

/* Moves rule r one place up (-1) or down (+1); the order is the order of
 * the explanations and of the file. */
static void move_rule(struct ui_app *app, size_t r, int dir)
{
	struct profile p;
	size_t to = (size_t)((long)r + dir);
	if (ui_edit_begin(app, &p) != 0)
		return;
	if ((dir < 0 && r == 0) || to >= p.nrules || profile_move_rule(&p, r, to) != 0) {
		ui_edit_cancel(&p);
		ui_status(app, UI_ROLE_NOTE, "the rule is already %s", dir < 0 ? "first" : "last");
		return;
	}
	if (ui_edit_commit(app, &p, PCHANGE_NONE, "rule %s moved %s", p.rules[to].label,
			   dir < 0 ? "up" : "down") == 0) {
		/* the cursor follows the rule */
		rows_build(app->s);
		for (size_t i = 0; i < ST->nrows; i++)
			if (ST->rows[i].kind == ROW_RULE && ST->rows[i].rule == to)
				ST->sel = i;
	}
}

static int rules_handle(struct ui_app *app, enum ui_action act, int key)
{
	struct session *s = app->s;
	(void)key;
	if (act == UI_ACT_NEW_PROFILE) {
		ui_new_profile(app);
		return UI_HANDLED;
	}
	if (act == UI_ACT_ADD && !s->have_profile) {
		ui_status(app, UI_ROLE_NOTE, "no profile yet: ^N builds one from the files' columns, "
			  "l loads one");
		return UI_HANDLED;
	}
	if (act == UI_ACT_LOAD_PROFILE) {
		/* another profile drops the result: ask first when unsaved,
		 * as q and the Files step do */
		if (s->have_result && !app->results_saved)
			ui_confirm(app, "Load profile", "The results have not been saved. Load "
				   "another profile and drop them?", load_profile_answer, NULL);
		else
			ui_choose_profile(app);
		return UI_HANDLED;
	}
	if (!s->have_profile)
		return UI_IGNORED;
	rows_build(s);
	if (ST->nrows == 0)
		return UI_IGNORED;
	if (ui_list_move(act, ST->nrows, ST->page, &ST->sel))
		return UI_HANDLED;
	if (ST->sel >= ST->nrows)
		ST->sel = ST->nrows - 1;
	struct row rw = ST->rows[ST->sel];
	switch (act) {
	case UI_ACT_SELECT:
		if (rw.kind == ROW_RULE)
			ui_rule_editor(app, rw.rule);
		else
			edit_row(app, &rw);
		return UI_HANDLED;
	case UI_ACT_ADD:
		ui_add_rule(app);
		return UI_HANDLED;
	case UI_ACT_DELETE:
		if (rw.kind >= ROW_RULE) {
			char q[400];
			ST->edit = rw;
			snprintf(q, sizeof q, "Delete the rule %s? z takes it back.",
				 s->prof.rules[rw.rule].label);
			ui_confirm(app, "Delete rule", q, delete_answer, NULL);
		} else {
			ui_status(app, UI_ROLE_NOTE, "D deletes a rule; move to a rule line first");
		}
		return UI_HANDLED;
	case UI_ACT_MOVE_UP:
	case UI_ACT_MOVE_DOWN:
		if (rw.kind >= ROW_RULE)
			move_rule(app, rw.rule, act == UI_ACT_MOVE_UP ? -1 : 1);
		return UI_HANDLED;
	case UI_ACT_INCREASE:
	case UI_ACT_DECREASE:
		step_row(app, &rw, act == UI_ACT_INCREASE ? 1 : -1);
		return UI_HANDLED;
	case UI_ACT_TOGGLE:
		if (rw.kind >= ROW_RULE) {
			char err[300];
			int had = s->have_result, on = !s->prof.rules[rw.rule].enabled;
			if (session_set_key(s, PK_RULE_ENABLED, rw.rule, on ? "yes" : "no", err,
					    sizeof err) < 0) {
				ui_status(app, UI_ROLE_ERROR, "%s", err);
				return UI_HANDLED;
			}
			rules_changed(app, had, "rule %s %s", s->prof.rules[rw.rule].label,
				      on ? "on" : "off");
		} else {
			ui_status(app, UI_ROLE_NOTE, "Space switches a rule on or off; "
				  "move to a rule line first");
		}
		return UI_HANDLED;
	case UI_ACT_WRITE_PROFILE: {
		/* a new profile goes to the profiles folder by default, named
		 * after the profile */
		char initial[4096], home[4000], slug[64];
		const char *nm = s->prof.name && *s->prof.name ? s->prof.name : "profile";
		size_t k = 0;
		for (const char *c = nm; *c && k + 1 < sizeof slug; c++) {
			unsigned char ch = (unsigned char)*c;
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')
				slug[k++] = (char)ch;
			else if (ch >= 'A' && ch <= 'Z')
				slug[k++] = (char)(ch - 'A' + 'a');
			else if (k && slug[k - 1] != '-')
				slug[k++] = '-';
		}
		while (k && slug[k - 1] == '-')
			k--;
		slug[k] = '\0';
		if (s->prof.path)
			snprintf(initial, sizeof initial, "%s", s->prof.path);
		else if (profile_home_dir(home, sizeof home) == 0)
			snprintf(initial, sizeof initial, "%s/%s.ini", home, k ? slug : "profile");
		else
			snprintf(initial, sizeof initial, "%s.ini", k ? slug : "profile");
		struct ui_input_spec in = {
			.title = "Write profile",
			.prompt = "File name for the profile (.ini is added):",
			.initial = initial,
			.help = "A profile holds no personal data; it can be shared.",
			.done = write_entered,
		};
		ui_input(app, &in);
		return UI_HANDLED;
	}
	default:
		return UI_IGNORED;
	}
}

static void rules_leave(struct ui_app *app)
{
	(void)app;
	free(ST->rows);
	ST->rows = NULL;
	ST->nrows = 0;
}

static const struct ui_hint rules_hints[] = {
	{ UI_ACT_SELECT, "edit" },
	{ UI_ACT_INCREASE, NULL },
	{ UI_ACT_TOGGLE, NULL },
	{ UI_ACT_ADD, "add" },
	{ UI_ACT_DELETE, "delete" },
	{ UI_ACT_MOVE_UP, "move" },
	{ UI_ACT_LOAD_PROFILE, "load" },
	{ UI_ACT_WRITE_PROFILE, "write" },
	{ UI_ACT_NEW_PROFILE, "new" },
	{ UI_ACT_UNDO, NULL },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_rules = {
	.state_size = sizeof(struct rules_state),
	.name = "Rules",
	.title = "Rules: how a pair scores, and which pairs are not allowed",
	.enter = NULL,
	.leave = rules_leave,
	.draw = rules_draw,
	.handle = rules_handle,
	.hints = rules_hints,
};
