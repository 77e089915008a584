/* dlg_guess.c - "new profile" (key ^N): every column of the loaded files
 * proposed as a field (profile_guess.h), to accept, change or skip.
 *
 * One line per proposal: on or off, the field's name, its type, what it is
 * for (the identity, a name, the capacity), the columns that feed it on
 * each side, and the evidence; below, the highlighted proposal in full (its
 * header, the most common values with counts, the separator seen, the
 * scale's order).  Space skips or keeps a field, T changes its type, R
 * renames it, Enter makes the profile (the old one can be had back with z)
 * and goes to step 2, Esc leaves everything as it was.
 */
#include "tui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/profile_guess.h"
#include "mentormatch/rule_text.h"
#include "mentormatch/session.h"

struct guess_dlg {
	struct ui_dialog base;
	struct profile_guess g;
	const struct table *tab[SIDE_COUNT];
	size_t sel, top;
	int page;
};

/* The dialog open now (one at a time), for the callbacks of its pickers. */
static struct guess_dlg *open_dlg;

static const char *type_word(enum field_type t)
{
	return field_type_name(t);
}

static const char *role_word(const struct field_guess *f)
{
	if (f->role & GUESS_ROLE)
		return "role";
	if (f->role & GUESS_ID)
		return "identity";
	if (f->type == FIELD_EMAIL)
		return "email";
	if (f->role & (GUESS_NAME | GUESS_FIRST_NAME | GUESS_LAST_NAME))
		return "name";
	if (f->role & GUESS_CAPACITY)
		return "capacity";
	if (f->role & GUESS_TIME)
		return "date";
	return "";
}

/* "skills" or "Avail 1 +167" or "-" for one side. */
static void side_cols(const struct guess_dlg *gd, const struct field_guess *f, int side,
		      char *buf, size_t len)
{
	if (!gd->tab[side] || f->ncols[side] == 0) {
		snprintf(buf, len, "-");
		return;
	}
	const char *h = gd->tab[side]->headers[f->cols[side][0]];
	char first[80];
	snprintf(first, sizeof first, "%s", h && *h ? h : "(empty header)");
	for (char *c = first; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (f->ncols[side] > 1)
		snprintf(buf, len, "%s +%zu", first, f->ncols[side] - 1);
	else
		snprintf(buf, len, "%s", first);
}

static void guess_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct guess_dlg *gd = (struct guess_dlg *)dlg;
	(void)app;
	struct ui_rect in = ui_box((struct ui_rect){ 1, 0, LINES - 3, COLS },
				   "New profile: a field for each column");
	int detail_h = in.h >= 16 ? 6 : 4;
	int list_h = in.h - detail_h - 2;
	if (list_h < 2 || in.w < 40)
		return;
	ui_text(in.y, in.x, in.w, ui_attr(UI_ROLE_DIM),
		"Proposed from the values in the files. Space keeps or skips a field; T its "
		"type; R its name; Enter makes the profile.", 0);
	size_t used = 0;
	for (size_t i = 0; i < gd->g.n; i++)
		used += gd->g.f[i].use;
	int y0 = in.y + 1;
	gd->page = list_h - 1;
	ui_scroll_fix(gd->g.n, list_h - 1, &gd->sel, &gd->top);
	int nw = in.w * 22 / 100, tw = 9, rw = 9;
	int cw = (in.w - 4 - nw - tw - rw - 3) / 2;
	int ew = in.w - (4 + nw + 1 + tw + 1 + rw + 1 + cw + 1 + cw + 1);
	int show_ev = ew >= 12;
	if (!show_ev)
		cw = (in.w - 4 - nw - tw - rw - 3) / 2;
	int x = in.x;
	attr_t hd = ui_attr(UI_ROLE_HEADING);
	ui_text(y0, x, 3, hd, "Use", 0);
	ui_text(y0, x + 4, nw, hd, "Field", 0);
	ui_text(y0, x + 5 + nw, tw, hd, "Type", 0);
	ui_text(y0, x + 6 + nw + tw, rw, hd, "For", 0);
	ui_text(y0, x + 7 + nw + tw + rw, cw, hd, "Mentors", 0);
	ui_text(y0, x + 8 + nw + tw + rw + cw, cw, hd, "Mentees", 0);
	if (show_ev)
		ui_text(y0, x + 9 + nw + tw + rw + 2 * cw, ew, hd, "Why", 0);
	for (int r = 0; r < list_h - 1 && gd->top + (size_t)r < gd->g.n; r++) {
		size_t i = gd->top + (size_t)r;
		const struct field_guess *f = &gd->g.f[i];
		int cur = i == gd->sel, y = y0 + 1 + r;
		attr_t a = ui_attr(cur ? UI_ROLE_SELECTED : f->use ? UI_ROLE_NORMAL : UI_ROLE_DIM);
		char c[200];
		ui_fill(y, x, in.w, a);
		ui_text(y, x, 3, a, f->role & GUESS_ROLE ? "(r)" : f->use ? "[x]" : "[ ]", 0);
		ui_text(y, x + 4, nw, a, f->name, 0);
		ui_text(y, x + 5 + nw, tw, a, type_word(f->type), 0);
		ui_text(y, x + 6 + nw + tw, rw, a, role_word(f), 0);
		side_cols(gd, f, SIDE_MENTOR, c, sizeof c);
		ui_text(y, x + 7 + nw + tw + rw, cw, a, c, 0);
		side_cols(gd, f, SIDE_MENTEE, c, sizeof c);
		ui_text(y, x + 8 + nw + tw + rw + cw, cw, a, c, 0);
		if (show_ev)
			ui_text(y, x + 9 + nw + tw + rw + 2 * cw, ew, cur ? a : ui_attr(UI_ROLE_DIM),
				f->why, 0);
	}
	/* the highlighted proposal in full */
	int y = in.y + in.h - detail_h - 1;
	attrset(ui_attr(UI_ROLE_DIM));
	mvhline_set(y, in.x, WACS_HLINE, in.w);
	attrset(A_NORMAL);
	if (gd->g.n) {
		const struct field_guess *f = &gd->g.f[gd->sel];
		char buf[1200];
		size_t o = 0;
		ui_textf(++y, in.x, in.w, ui_attr(UI_ROLE_NORMAL), 0, "%s \"%s\": %s (%s)", f->name,
			 f->label, type_word(f->type), field_type_words(f->type));
		ui_text(++y, in.x, in.w, ui_attr(UI_ROLE_NORMAL), f->why, 0);
		buf[0] = '\0';
		for (size_t k = 0; k < f->nsample && o < sizeof buf; k++)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\"%s\" (%zu)", k ? ", " : "",
					      f->sample[k], f->sample_n[k]);
		ui_textf(++y, in.x, in.w, ui_attr(UI_ROLE_NORMAL), 0, "Most common: %s%s",
			 f->nsample ? buf : "(no values)", f->distinct > f->nsample ? ", ..." : "");
		if (detail_h >= 6) {
			o = 0;
			buf[0] = '\0';
			if (f->type == FIELD_ORDINAL)
				for (size_t k = 0; k < f->nscale && o < sizeof buf; k++)
					o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
							      k ? " < " : "Order: ", f->scale[k]);
			else if (f->type == FIELD_MULTI && f->separator)
				snprintf(buf, sizeof buf, "Answers joined by \"%s\"",
					 !strcmp(f->separator, "\n") ? "a line break" : f->separator);
			else if (f->type == FIELD_MULTI)
				snprintf(buf, sizeof buf, "A ticked column adds its header as an answer");
			else if (f->role & GUESS_ROLE)
				snprintf(buf, sizeof buf, "Not a field: it says who is a mentor and who "
					 "a mentee ([signups])");
			ui_text(++y, in.x, in.w, ui_attr(UI_ROLE_NORMAL), buf, 0);
		}
	}
	ui_textf(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM), 0,
		 "Enter make it  Space keep/skip  T type  R name  Esc cancel  (%zu of %zu kept)",
		 used, gd->g.n);
}

static void type_chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	struct guess_dlg *gd = open_dlg;
	if (!gd || index >= FIELD_TYPE_COUNT || gd->sel >= gd->g.n)
		return;
	struct field_guess *f = &gd->g.f[gd->sel];
	f->type = (enum field_type)index;
	f->use = 1;
	if (f->type == FIELD_MULTI && !f->separator && !(f->role & GUESS_TICKBOX) &&
	    !(f->separator = strdup(", ")))
		ui_status(app, UI_ROLE_ERROR, "out of memory");
	if (f->type == FIELD_ORDINAL && !f->nscale)
		ui_status(app, UI_ROLE_NOTE, "%s: its values become the scale in the order found; "
			  "v on step 2 puts them in order", f->name);
	if (f->type == FIELD_ID)
		f->role |= GUESS_ID;
	else
		f->role &= ~GUESS_ID;
}

static void name_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	struct guess_dlg *gd = open_dlg;
	if (!gd || !text || gd->sel >= gd->g.n)
		return;
	char name[48];
	profile_guess_name(text, name, sizeof name);
	for (size_t i = 0; i < gd->g.n; i++)
		if (i != gd->sel && !strcmp(gd->g.f[i].name, name)) {
			ui_status(app, UI_ROLE_ERROR, "there is already a field called %s", name);
			return;
		}
	char *dup = strdup(name);
	if (!dup)
		return;
	free(gd->g.f[gd->sel].name);
	gd->g.f[gd->sel].name = dup;
	if (strcmp(name, text))
		ui_status(app, UI_ROLE_NOTE, "named %s (a field's name has letters, digits and _)",
			  name);
}

/* The scale of an ordinal proposal that has none: its most common values. */
static int fill_scale(struct field_guess *f)
{
	if (f->type != FIELD_ORDINAL || f->nscale)
		return 0;
	if (!f->nsample)
		return -1;
	if (!(f->scale = calloc(f->nsample, sizeof *f->scale)))
		return -1;
	for (size_t k = 0; k < f->nsample; k++)
		if (!(f->scale[f->nscale++] = strdup(f->sample[k])))
			return -1;
	return 0;
}

static int make_profile(struct ui_app *app, struct guess_dlg *gd)
{
	struct profile p;
	char err[400];
	size_t kept = 0;
	for (size_t i = 0; i < gd->g.n; i++) {
		if (fill_scale(&gd->g.f[i]) < 0 && gd->g.f[i].use) {
			ui_status(app, UI_ROLE_ERROR, "%s: an ordered field needs values for its "
				  "scale; choose another type", gd->g.f[i].name);
			return -1;
		}
		kept += gd->g.f[i].use;
	}
	if (!kept) {
		ui_status(app, UI_ROLE_ERROR, "no field is kept: Space keeps a field");
		return -1;
	}
	/* named after the files' folder ("cohort-2027 mentoring"), which w
	 * also proposes as the file's name */
	char name[120] = "mentoring programme";
	const struct table *t = gd->tab[SIDE_MENTOR] ? gd->tab[SIDE_MENTOR] : gd->tab[SIDE_MENTEE];
	char real[4096];
	if (t && t->path && realpath(t->path, real)) {
		char *slash = strrchr(real, '/');
		if (slash && slash > real) {
			*slash = '\0';
			const char *dir = strrchr(real, '/');
			dir = dir ? dir + 1 : real;
			if (*dir)
				snprintf(name, sizeof name, "%.100s mentoring", dir);
		}
	}
	if (profile_guess_apply(&gd->g, gd->tab, name, &p, err, sizeof err) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return -1;
	}
	if (session_commit_profile(app->s, &p, PCHANGE_DATA) != 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory: no profile made");
		return -1;
	}
	app->gen++;
	/* a sign-up sheet: its rows go to the sides by the role column now known */
	if (app->s->have_sheet && app->s->prof.signups.role_column)
		session_split_signups(app->s, app->d);
	ui_status(app, UI_ROLE_NOTE, "new profile with %zu fields: check the columns here, then "
		  "add rules on step 3 (A); w writes it", kept);
	return 0;
}

static int guess_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct guess_dlg *gd = (struct guess_dlg *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, gd->g.n, gd->page, &gd->sel))
		return UI_HANDLED;
	if (act == UI_ACT_CANCEL || act == UI_ACT_QUIT) {
		ui_status(app, UI_ROLE_NOTE, "no new profile made");
		return UI_HANDLED | UI_CLOSE;
	}
	if (gd->g.n == 0)
		return UI_HANDLED;
	struct field_guess *f = &gd->g.f[gd->sel];
	switch (act) {
	case UI_ACT_TOGGLE:
		if (f->role & GUESS_ROLE) {
			ui_status(app, UI_ROLE_NOTE, "the role column says who is a mentor and who a "
				  "mentee; it is not a field");
			return UI_HANDLED;
		}
		f->use = !f->use;
		return UI_HANDLED;
	case UI_ACT_RETYPE: {
		const char *items[FIELD_TYPE_COUNT], *notes[FIELD_TYPE_COUNT];
		for (int t = 0; t < FIELD_TYPE_COUNT; t++) {
			items[t] = type_word(t);
			notes[t] = field_type_words(t);
		}
		char title[120];
		snprintf(title, sizeof title, "Type of %s", f->name);
		ui_pick(app, title, items, notes, FIELD_TYPE_COUNT, f->type, type_chosen, NULL);
		return UI_HANDLED;
	}
	case UI_ACT_RENAME: {
		struct ui_input_spec in = { .title = "Field name", .prompt = "The field's name "
			"(letters, digits and _):", .initial = f->name, .done = name_entered };
		ui_input(app, &in);
		return UI_HANDLED;
	}
	case UI_ACT_SELECT:
		if (make_profile(app, gd) == 0) {
			app->want_step = UI_STEP_COLUMNS;
			return UI_HANDLED | UI_CLOSE | UI_SWITCH;
		}
		return UI_HANDLED;
	default:
		return UI_HANDLED;
	}
}

static void guess_destroy(struct ui_dialog *dlg)
{
	struct guess_dlg *gd = (struct guess_dlg *)dlg;
	if (open_dlg == gd)
		open_dlg = NULL;
	profile_guess_free(&gd->g);
	free(gd);
}

static const struct ui_dialog_ops guess_ops = {
	.draw = guess_draw,
	.key = guess_key,
	.destroy = guess_destroy,
};

void ui_new_profile(struct ui_app *app)
{
	struct session *s = app->s;
	struct guess_dlg *gd;
	const struct table *tab[SIDE_COUNT] = { NULL, NULL };

	for (int side = 0; side < SIDE_COUNT; side++)
		if (s->have_table[side])
			tab[side] = &s->tab[side];
	if (s->have_sheet && !tab[SIDE_MENTOR] && !tab[SIDE_MENTEE])
		tab[SIDE_MENTOR] = tab[SIDE_MENTEE] = &s->sheet;
	if (!tab[SIDE_MENTOR] && !tab[SIDE_MENTEE]) {
		ui_status(app, UI_ROLE_NOTE, "load the mentors and mentees files (or a sign-up "
			  "sheet) on step 1 first: the new profile is built from their columns");
		return;
	}
	if (!(gd = calloc(1, sizeof *gd)))
		return;
	gd->base.ops = &guess_ops;
	gd->tab[SIDE_MENTOR] = tab[SIDE_MENTOR];
	gd->tab[SIDE_MENTEE] = tab[SIDE_MENTEE];
	if (profile_guess(&gd->g, gd->tab) != 0) {
		free(gd);
		ui_status(app, UI_ROLE_ERROR, "out of memory");
		return;
	}
	gd->page = 10;
	open_dlg = gd;
	ui_dialog_push(app, &gd->base);
}
