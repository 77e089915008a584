/* scr_rules.c - step 3: the profile's settings and rules with their weights.
 *
 * Lines: the profile's name, the number of rounds, the unmatched bonus
 * (used in rounds mode only; the mode and the other solve settings are on
 * step 4), then each rule (on/off, what it looks at, its points or "not allowed");
 * a gap rule has one more line per band and one for any other gap.  Enter
 * edits the number (or name) on the line, + and - change it by one, Space
 * switches the rule on or off.  l loads another profile, w writes this one.
 * Every change drops the match result (ui_invalidate) and, when there was
 * one, runs the match again at once (ui_resolve) and shows what changed.
 */
#include "tui.h"
#include "mentormatch/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/match.h"
#include "mentormatch/session.h"

/* The same limit as the profile format's (see UI_NUM_LIMIT). */
#define WEIGHT_LIMIT UI_NUM_LIMIT

enum row_kind { ROW_NAME, ROW_FILE, ROW_ROUNDS, ROW_BONUS, ROW_RULE, ROW_BAND, ROW_OTHERWISE };

struct row {
	enum row_kind kind;
	size_t rule, band;
};

static struct {
	size_t sel, top;
	int page;
	struct row *rows;
	size_t nrows;
	size_t edit_rule, edit_band;   /* what the open number dialog edits */
	enum row_kind edit_kind;
	char write_path[4096];
} st;

static void rows_build(const struct session *s)
{
	free(st.rows);
	st.rows = NULL;
	st.nrows = 0;
	if (!s->have_profile)
		return;
	const struct profile *p = &s->prof;
	size_t n = 4;
	for (size_t r = 0; r < p->nrules; r++)
		n += 1 + (p->rules[r].kind == RULE_GAP ? p->rules[r].nbands + 1 : 0);
	st.rows = calloc(n, sizeof *st.rows);
	if (!st.rows)
		return;
	st.rows[st.nrows++] = (struct row){ ROW_NAME, 0, 0 };
	st.rows[st.nrows++] = (struct row){ ROW_FILE, 0, 0 };
	st.rows[st.nrows++] = (struct row){ ROW_ROUNDS, 0, 0 };
	st.rows[st.nrows++] = (struct row){ ROW_BONUS, 0, 0 };
	for (size_t r = 0; r < p->nrules; r++) {
		st.rows[st.nrows++] = (struct row){ ROW_RULE, r, 0 };
		if (p->rules[r].kind != RULE_GAP)
			continue;
		for (size_t b = 0; b < p->rules[r].nbands; b++)
			st.rows[st.nrows++] = (struct row){ ROW_BAND, r, b };
		st.rows[st.nrows++] = (struct row){ ROW_OTHERWISE, r, 0 };
	}
}

/* "same organisation", "grade: mentor minus mentee", ... */
static void rule_condition(const struct profile *p, const struct rule *ru,
			   char *buf, size_t len)
{
	const char *mf = p->fields[ru->mentor_field].label;
	const char *ef = p->fields[ru->mentee_field].label;
	int same = ru->mentor_field == ru->mentee_field;
	switch (ru->kind) {
	case RULE_SAME:
		if (same)
			snprintf(buf, len, "same %s", mf);
		else
			snprintf(buf, len, "mentor's %s = mentee's %s", mf, ef);
		break;
	case RULE_DIFFERENT:
		if (same)
			snprintf(buf, len, "different %s", mf);
		else
			snprintf(buf, len, "mentor's %s differs from mentee's %s", mf, ef);
		break;
	case RULE_CONTAINS:
		snprintf(buf, len, "mentee's %s is among mentor's %s", ef, mf);
		break;
	case RULE_GAP:
		if (same)
			snprintf(buf, len, "%s gap: mentor's minus mentee's", mf);
		else
			snprintf(buf, len, "mentor's %s minus mentee's %s", mf, ef);
		break;
	default:
		snprintf(buf, len, "%s", ru->label);
		break;
	}
}

static void points_text(long w, char *buf, size_t len)
{
	snprintf(buf, len, "%+ld", w);
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
	case ROW_ROUNDS:
		ui_text(y, xl, 18, dim, "Rounds", 0);
		ui_textf(y, 20, 6, capacity ? dim : a, 0, "%d", p->solve.rounds);
		ui_text(y, 27, w - 28, dim, capacity ?
			"not used: capacity mode solves once (mode: step 4)" :
			"a person gets at most one new match per round", 0);
		return;
	case ROW_BONUS:
		ui_text(y, xl, 18, dim, "Unmatched bonus", 0);
		ui_textf(y, 20, 6, capacity ? dim : a, 0, "%ld", p->solve.unmatched_bonus);
		ui_text(y, 27, w - 28, dim, capacity ?
			"not used in capacity mode (rounds mode only)" :
			"for a pair whose mentor or mentee has no match yet", 0);
		return;
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
		rule_condition(p, ru, buf, sizeof buf);
		ui_text(y, xd, xp - xd - 1, body, buf, 0);
		if (ru->kind == RULE_GAP)
			return;
		if (ru->effect == EFFECT_FORBID)
			ui_text(y, xp, pw, cur ? a : ui_attr(ru->enabled ? UI_ROLE_BAD :
				UI_ROLE_DIM), "not allowed", UI_RIGHT);
		else {
			points_text(ru->weight, pts, sizeof pts);
			ui_text(y, xp, pw, body, pts, UI_RIGHT);
		}
		return;
	}
	if (rw->kind == ROW_BAND) {
		const struct gap_band *gb = &ru->bands[rw->band];
		ui_textf(y, xd, xp - xd - 1, body, 0, "gap %+lld", gb->lo / NUMBER_SCALE);
		points_text(gb->weight, pts, sizeof pts);
		ui_text(y, xp, pw, body, pts, UI_RIGHT);
		return;
	}
	/* ROW_OTHERWISE */
	ui_text(y, xd, xp - xd - 1, body, "any other gap (or missing)", 0);
	if (ru->otherwise_forbid) {
		ui_text(y, xp, pw, cur ? a : ui_attr(ru->enabled ? UI_ROLE_BAD : UI_ROLE_DIM),
			"not allowed", UI_RIGHT);
	} else {
		points_text(ru->otherwise_weight, pts, sizeof pts);
		ui_text(y, xp, pw, body, pts, UI_RIGHT);
	}
}

static void rules_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	if (!s->have_profile) {
		ui_draw_empty(b, "No profile loaded",
			      "A profile holds the fields, the column mapping, the rules and "
			      "their weights. Press l to load one (config/civil-service.ini "
			      "reproduces the original Mentor Matcher).");
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
	st.page = list_h - 1;
	ui_scroll_fix(st.nrows, list_h - 1, &st.sel, &st.top);
	int heading_at = -1;
	for (int r = 0, y = list_y; y < list_y + list_h && st.top + (size_t)r < st.nrows; r++) {
		size_t i = st.top + (size_t)r;
		if (st.rows[i].kind == ROW_RULE && heading_at < 0 &&
		    (i == 0 || st.rows[i - 1].kind == ROW_BONUS)) {
			/* a heading line above the first rule */
			heading_at = y;
			if (y + 1 < list_y + list_h) {
				attr_t hd = ui_attr(UI_ROLE_HEADING);
				int lw = label_width(&s->prof, b.w);
				ui_text(y, 1, 3, hd, "On", 0);
				ui_text(y, 5, lw, hd, "Rule", 0);
				ui_text(y, 5 + lw + 1, b.w - 20 - lw, hd, "When", 0);
				ui_text(y, b.w - 12, 11, hd, "Points", UI_RIGHT);
				y++;
			}
		}
		draw_row(s, &st.rows[i], y, b.w, i == st.sel);
		y++;
	}
	/* what the highlighted line means */
	const struct row *rw = st.nrows ? &st.rows[st.sel] : NULL;
	const char *help = "";
	char full[700] = "";
	if (rw && rw->kind >= ROW_RULE) {
		const struct rule *ru = &s->prof.rules[rw->rule];
		char cond[600];
		rule_condition(&s->prof, ru, cond, sizeof cond);
		snprintf(full, sizeof full, "When: %s (rule %s)", cond,
			 ru->enabled ? "on" : "off");
	}
	if (rw) {
		const struct rule *ru = rw->kind >= ROW_RULE ? &s->prof.rules[rw->rule] : NULL;
		switch (rw->kind) {
		case ROW_NAME: help = "Enter renames the profile; w writes it to a file."; break;
		case ROW_FILE: help = "Enter (or l) loads another profile; w writes this one."; break;
		case ROW_ROUNDS:
			help = s->prof.solve.mode == MODE_CAPACITY ?
				"Rounds mode only; step 4 switches the mode. Enter, + or -." :
				"Enter types a number (1-9); + and - change it.";
			break;
		case ROW_BONUS:
			help = s->prof.solve.mode == MODE_CAPACITY ?
				"Rounds mode only; step 4 switches the mode. Enter, + or -." :
				"Enter types a number; + and - change it by 1.";
			break;
		case ROW_RULE:
			help = ru->kind == RULE_GAP ? "Space switches the rule on/off; "
				"its points are on the lines below." :
			       ru->effect == EFFECT_FORBID ? "Space switches the rule on/off. "
				"While on, such pairs are never matched." :
				"Enter types the points; + and - change them; Space on/off.";
			break;
		case ROW_BAND: help = "Points when mentor's minus mentee's position is this "
			"gap. Enter, + or -."; break;
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

static long *edited_number(struct session *s, enum row_kind kind, size_t rule,
			   size_t band)
{
	struct profile *p = &s->prof;
	switch (kind) {
	case ROW_BONUS:
		return &p->solve.unmatched_bonus;
	case ROW_RULE:
		if (p->rules[rule].kind == RULE_GAP || p->rules[rule].effect == EFFECT_FORBID)
			return NULL;
		return &p->rules[rule].weight;
	case ROW_BAND:
		return &p->rules[rule].bands[band].weight;
	case ROW_OTHERWISE:
		return p->rules[rule].otherwise_forbid ? NULL : &p->rules[rule].otherwise_weight;
	default:
		return NULL;
	}
}

/* What a number is, for the what-if: "same profession", "grade gap, gap +1",
 * "unmatched bonus". */
static void change_name(const struct session *s, enum row_kind kind, size_t rule,
			size_t band, char *buf, size_t len)
{
	const struct profile *p = &s->prof;
	switch (kind) {
	case ROW_BONUS:
		snprintf(buf, len, "unmatched bonus");
		break;
	case ROW_BAND:
		snprintf(buf, len, "%s, gap %+lld", p->rules[rule].label, p->rules[rule].bands[band].lo / NUMBER_SCALE);
		break;
	case ROW_OTHERWISE:
		snprintf(buf, len, "%s, any other gap", p->rules[rule].label);
		break;
	default:
		snprintf(buf, len, "%s", kind >= ROW_RULE ? p->rules[rule].label : "");
		break;
	}
}

/* After a change to the rules or their points: the result is dropped and,
 * when there was one, the match runs again at once and the step shows what
 * changed (ui_resolve). */
static void rules_changed(struct ui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void rules_changed(struct ui_app *app, const char *fmt, ...)
{
	char cause[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cause, sizeof cause, fmt, ap);
	va_end(ap);
	int had = app->s->have_result;
	ui_invalidate(app);
	ui_resolve(app, had, cause);
}

static const char *arrow(void)
{
	return ui_utf8_locale() ? "→" : "->";
}

static void number_entered(struct ui_app *app, void *ctx, const char *text)
{
	struct session *s = app->s;
	struct profile *p = &s->prof;
	long v;
	(void)ctx;
	if (!text || !s->have_profile)
		return;
	if (st.edit_kind == ROW_ROUNDS) {
		if (ui_parse_long(text, 1, MATCH_MAX_ROUNDS, &v) != 0) {
			ui_status(app, UI_ROLE_ERROR, "rounds must be a whole number from 1 to %d",
				  MATCH_MAX_ROUNDS);
			return;
		}
		int was = p->solve.rounds;
		p->solve.rounds = (int)v;
		rules_changed(app, "rounds %d %s %d", was, arrow(), p->solve.rounds);
		return;
	}
	if (st.edit_kind == ROW_OTHERWISE) {
		struct rule *ru = &p->rules[st.edit_rule];
		const char *t = text;
		while (*t == ' ')
			t++;
		if (strncmp(t, "forbid", 6) == 0 || strncmp(t, "not", 3) == 0) {
			ru->otherwise_forbid = 1;
			rules_changed(app, "%s, any other gap: not allowed", ru->label);
			return;
		}
		if (ui_parse_long(text, -WEIGHT_LIMIT, WEIGHT_LIMIT, &v) != 0) {
			ui_status(app, UI_ROLE_ERROR, "type a whole number from %ld to %ld, "
				  "or forbid", -WEIGHT_LIMIT, WEIGHT_LIMIT);
			return;
		}
		ru->otherwise_forbid = 0;
		ru->otherwise_weight = v;
		rules_changed(app, "%s, any other gap: %+ld", ru->label, v);
		return;
	}
	long *target = edited_number(s, st.edit_kind, st.edit_rule, st.edit_band);
	if (!target)
		return;
	if (ui_parse_long(text, -WEIGHT_LIMIT, WEIGHT_LIMIT, &v) != 0) {
		ui_status(app, UI_ROLE_ERROR, "points must be a whole number from %ld to %ld",
			  -WEIGHT_LIMIT, WEIGHT_LIMIT);
		return;
	}
	long was = *target;
	*target = v;
	char what[300];
	change_name(s, st.edit_kind, st.edit_rule, st.edit_band, what, sizeof what);
	rules_changed(app, "%s %+ld %s %+ld", what, was, arrow(), v);
}

static void name_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text || !app->s->have_profile)
		return;
	char *copy = strdup(text);
	if (!copy)
		return;
	free(app->s->prof.name);
	app->s->prof.name = copy;
	ui_status(app, UI_ROLE_NOTE, "profile renamed; w writes it to a file");
}

static int profile_loaded(struct ui_app *app, void *ctx, const char *path);
static void browse_profiles(struct ui_app *app);

static void edit_row(struct ui_app *app, const struct row *rw)
{
	struct session *s = app->s;
	struct profile *p = &s->prof;
	char initial[64], prompt[300];
	struct ui_input_spec in = { .title = "Change", .done = number_entered,
				    .select_initial = 1 };

	st.edit_kind = rw->kind;
	st.edit_rule = rw->rule;
	st.edit_band = rw->band;
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
	case ROW_ROUNDS:
		snprintf(initial, sizeof initial, "%d", p->solve.rounds);
		in.prompt = "Number of rounds (1 to 9):";
		break;
	case ROW_BONUS:
		snprintf(initial, sizeof initial, "%ld", p->solve.unmatched_bonus);
		in.prompt = "Unmatched bonus (points):";
		break;
	case ROW_OTHERWISE: {
		const struct rule *ru = &p->rules[rw->rule];
		if (ru->otherwise_forbid)
			snprintf(initial, sizeof initial, "forbid");
		else
			snprintf(initial, sizeof initial, "%ld", ru->otherwise_weight);
		snprintf(prompt, sizeof prompt, "%s, any other gap: points, or forbid",
			 ru->label);
		in.prompt = prompt;
		in.help = "forbid: such pairs are not allowed";
		break;
	}
	default: {
		long *target = edited_number(s, rw->kind, rw->rule, rw->band);
		const struct rule *ru = &p->rules[rw->rule];
		if (!target) {
			ui_status(app, UI_ROLE_NOTE, ru->kind == RULE_GAP ?
				  "the points of %s are on the lines below it" :
				  "%s has no points: it makes pairs not allowed (Space switches it off)",
				  ru->label);
			return;
		}
		snprintf(initial, sizeof initial, "%ld", *target);
		if (rw->kind == ROW_BAND)
			snprintf(prompt, sizeof prompt, "%s, gap %+lld: points",
				 ru->label, ru->bands[rw->band].lo / NUMBER_SCALE);
		else
			snprintf(prompt, sizeof prompt, "%s: points", ru->label);
		in.prompt = prompt;
		break;
	}
	}
	in.initial = initial;
	ui_input(app, &in);
}

static void step_row(struct ui_app *app, const struct row *rw, int delta)
{
	struct profile *p = &app->s->prof;
	if (rw->kind == ROW_ROUNDS) {
		int r = p->solve.rounds + delta;
		if (r < 1 || r > MATCH_MAX_ROUNDS) {
			ui_status(app, UI_ROLE_WARNING, "rounds go from 1 to %d", MATCH_MAX_ROUNDS);
			return;
		}
		int was = p->solve.rounds;
		p->solve.rounds = r;
		rules_changed(app, "rounds %d %s %d", was, arrow(), r);
		return;
	}
	long *target = edited_number(app->s, rw->kind, rw->rule, rw->band);
	if (!target) {
		if (rw->kind == ROW_OTHERWISE)
			ui_status(app, UI_ROLE_NOTE, "any other gap is not allowed; press "
				  "Enter and type a number to give it points instead");
		else if (rw->kind == ROW_RULE)
			ui_status(app, UI_ROLE_NOTE, "this line has no points: %s",
				  p->rules[rw->rule].kind == RULE_GAP ? "they are on the lines below" :
				  "the rule makes pairs not allowed");
		return;
	}
	long v = *target + delta;
	if (v < -WEIGHT_LIMIT || v > WEIGHT_LIMIT) {
		ui_status(app, UI_ROLE_WARNING, "points go from %ld to %ld", -WEIGHT_LIMIT,
			  WEIGHT_LIMIT);
		return;
	}
	long was = *target;
	*target = v;
	char what[300];
	change_name(app->s, rw->kind, rw->rule, rw->band, what, sizeof what);
	rules_changed(app, "%s %+ld %s %+ld", what, was, arrow(), v);
}

/* Returns -1 when the profile could not be loaded: the browser stays open
 * in its folder, under the messages saying why. */
static int profile_loaded(struct ui_app *app, void *ctx, const char *path)
{
	(void)ctx;
	if (session_load_profile(app->s, path, app->d) == 0) {
		ui_invalidate(app);
		st.sel = st.top = 0;
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
		browse_profiles(app);
	else
		ui_status(app, UI_ROLE_NOTE, "no profile loaded; the results are kept (s saves them)");
}

static int ini_added;     /* write_path got ".ini" appended */

static void write_now(struct ui_app *app)
{
	struct profile *p = &app->s->prof;
	if (profile_save(p, st.write_path, app->d) != 0)
		return;
	char *copy = strdup(st.write_path);
	if (copy) {
		free(p->path);
		p->path = copy;
	}
	ui_status(app, UI_ROLE_NOTE, "profile written to %s%s", st.write_path,
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
	if ((size_t)snprintf(st.write_path, sizeof st.write_path, "%s%s", name,
			     ini_added ? ".ini" : "") >= sizeof st.write_path) {
		ui_status(app, UI_ROLE_ERROR, "file name too long; profile not written");
		return;
	}
	if (is_folder(st.write_path)) {
		char msg[3 * 4096 + 200];
		snprintf(msg, sizeof msg, "%s is a folder, not a file. Type another name. "
			 "Profile not written.", st.write_path);
		ui_status(app, UI_ROLE_ERROR, "%s is a folder: profile not written", st.write_path);
		ui_alert(app, "Write profile", msg);
		return;
	}
	if (access(st.write_path, F_OK) == 0) {
		char q[4200];
		snprintf(q, sizeof q, "%s already exists. Replace it?%s", st.write_path,
			 ini_added ? " (.ini was added to the name.)" : "");
		ui_confirm(app, "Write profile", q, overwrite_answer, NULL);
		return;
	}
	write_now(app);
}

static int rules_handle(struct ui_app *app, enum ui_action act, int key)
{
	struct session *s = app->s;
	(void)key;
	if (act == UI_ACT_LOAD_PROFILE) {
		/* another profile drops the result: ask first when unsaved,
		 * as q and the Files step do */
		if (s->have_result && !app->results_saved)
			ui_confirm(app, "Load profile", "The results have not been saved. Load "
				   "another profile and drop them?", load_profile_answer, NULL);
		else
			browse_profiles(app);
		return UI_HANDLED;
	}
	if (!s->have_profile)
		return UI_IGNORED;
	rows_build(s);
	if (st.nrows == 0)
		return UI_IGNORED;
	if (ui_list_move(act, st.nrows, st.page, &st.sel))
		return UI_HANDLED;
	if (st.sel >= st.nrows)
		st.sel = st.nrows - 1;
	struct row rw = st.rows[st.sel];
	switch (act) {
	case UI_ACT_SELECT:
		edit_row(app, &rw);
		return UI_HANDLED;
	case UI_ACT_INCREASE:
	case UI_ACT_DECREASE:
		step_row(app, &rw, act == UI_ACT_INCREASE ? 1 : -1);
		return UI_HANDLED;
	case UI_ACT_TOGGLE:
		if (rw.kind >= ROW_RULE) {
			struct rule *ru = &s->prof.rules[rw.rule];
			ru->enabled = !ru->enabled;
			rules_changed(app, "rule %s %s", ru->label, ru->enabled ? "on" : "off");
		} else {
			ui_status(app, UI_ROLE_NOTE, "Space switches a rule on or off; "
				  "move to a rule line first");
		}
		return UI_HANDLED;
	case UI_ACT_WRITE_PROFILE: {
		struct ui_input_spec in = {
			.title = "Write profile",
			.prompt = "File name for the profile (.ini is added):",
			.initial = s->prof.path ? s->prof.path : "profile.ini",
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
	free(st.rows);
	st.rows = NULL;
	st.nrows = 0;
}

static const struct ui_hint rules_hints[] = {
	{ UI_ACT_SELECT, "edit" },
	{ UI_ACT_INCREASE, NULL },
	{ UI_ACT_TOGGLE, NULL },
	{ UI_ACT_LOAD_PROFILE, "load" },
	{ UI_ACT_WRITE_PROFILE, "write" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_rules = {
	.name = "Rules",
	.title = "Rules: how a pair scores, and which pairs are not allowed",
	.enter = NULL,
	.leave = rules_leave,
	.draw = rules_draw,
	.handle = rules_handle,
	.hints = rules_hints,
};
