/* scr_files.c - step 1: choose the mentors file and the mentees file, or
 * one combined sign-up sheet.
 *
 * Three lines (slots): the mentors file, the mentees file and the combined
 * sign-up sheet, with row and column counts (the sheet: how many are
 * mentors, mentees and on both sides), each followed by a line with the
 * first problem found while reading that file (when there is one); below
 * them a preview of the highlighted file: its headers and first rows as a
 * grid (scrolled sideways with < and >), and the problems found while
 * reading it, with their lines.  With a sheet, the mentors and mentees
 * lines show the two tables derived from it (session_split_signups): r
 * picks the role column from the sheet's headers, then the role of each
 * answer found in it (the answers dialog below), stored in the profile's
 * [signups].  d cycles the highlighted file's delimiter (auto, comma,
 * semicolon, tab), stored in the profile, and reloads the file.
 *
 * Anything that would drop an unsaved result (a new file, a sheet, a file
 * read again with another delimiter, the sheet split with other answers)
 * asks first, as q does; so does a sheet that would replace loaded files,
 * or a file that would replace the sheet.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentormatch/dataset.h"
#include "mentormatch/text.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/session.h"

#define SLOT_SHEET 2          /* the combined sign-up sheet */
#define SLOT_HISTORY 3        /* earlier cohorts' pairs files */
#define NSLOTS 4

/* This step's state, owned by the app (ui_step_state). */
struct files_state {
	int slot;                  /* SIDE_MENTOR, SIDE_MENTEE or SLOT_SHEET */
	size_t col0[NSLOTS];       /* first column shown in the preview */
	char tried[NSLOTS][4096];  /* last path the user picked */
	size_t diag_from[NSLOTS], diag_to[NSLOTS];  /* its messages */
	int have_diag[NSLOTS];
	int from_start[NSLOTS];    /* the range is the start-up messages */
	int started;
};
#define ST ((struct files_state *)ui_step_state(UI_STEP_FILES))

/* The table shown for a slot, or NULL. */
static const struct table *slot_table(const struct ui_app *app, int slot)
{
	const struct session *s = app->s;
	if (slot == SLOT_SHEET)
		return s->have_sheet ? &s->sheet : NULL;
	if (slot == SLOT_HISTORY)
		return NULL;
	return s->have_table[slot] ? &s->tab[slot] : NULL;
}

static void open_role_picker(struct ui_app *app);

/* A message about the file last tried on this side (notes left out). */
static int item_matches(const struct diag_item *it, int side)
{
	if (it->level == DIAG_NOTE || !it->file)
		return 0;
	return strcmp(it->file, ST->tried[side]) == 0;
}

/* "line 4: error: the message" (the file is named elsewhere). */
static void format_item(const struct diag_item *it, char *buf, size_t len)
{
	const char *lv = it->level == DIAG_ERROR ? "error" : "warning";
	if (it->line)
		snprintf(buf, len, "line %lu: %s: %s", it->line, lv, it->msg);
	else
		snprintf(buf, len, "%s: %s", lv, it->msg);
}

/* The first error about side's file, else its first warning, or NULL. */
static const struct diag_item *first_problem(const struct ui_app *app, int side)
{
	const struct diag_item *warning = NULL;
	if (!ST->have_diag[side])
		return NULL;
	for (size_t i = ST->diag_from[side]; i < ST->diag_to[side] && i < app->d->n; i++) {
		const struct diag_item *it = &app->d->items[i];
		if (!item_matches(it, side))
			continue;
		if (it->level == DIAG_ERROR)
			return it;
		if (!warning)
			warning = it;
	}
	return warning;
}

static const char *side_title(int side)
{
	return side == SIDE_MENTOR ? "Mentors" : side == SIDE_MENTEE ? "Mentees" : "Sign-up sheet";
}

/* "3 mentors, 4 mentees, 1 on both sides" of the sheet into buf. */
static void sheet_counts(const struct session *s, char *buf, size_t len)
{
	size_t m = s->tab[SIDE_MENTOR].nrows, e = s->tab[SIDE_MENTEE].nrows;
	snprintf(buf, len, "%zu mentor%s, %zu mentee%s, %zu on both sides", m, m == 1 ? "" : "s",
		 e, e == 1 ? "" : "s", s->signup_both);
}

/* Records the messages [from, d->n) as those of slot's file at path. */
static void record_load(struct ui_app *app, int slot, const char *path, size_t from)
{
	snprintf(ST->tried[slot], sizeof ST->tried[slot], "%s", path);
	ST->diag_from[slot] = from;
	ST->diag_to[slot] = app->d->n;
	ST->have_diag[slot] = 1;
	ST->from_start[slot] = 0;
	ST->col0[slot] = 0;
}

static int count_problems(const struct ui_app *app, int side);

/* ---- asking before the people change ------------------------------------------
 * A new mentors or mentees file, a sign-up sheet, or a file read again with
 * another delimiter drops the result (and a sheet replaces both files, a
 * file the sheet): when that loses something, ask first, as q does. */

static struct {
	int slot;                  /* the slot the file is for */
	char path[4096];
	int delim;                 /* cycle_delimiter: the new delimiter */
} pend;

static int unsaved(const struct ui_app *app)
{
	return app->s->have_result && !app->results_saved;
}

static void load_side_file(struct ui_app *app, int side, const char *path);
static void load_sheet(struct ui_app *app, const char *path);
static void apply_delimiter(struct ui_app *app, int slot, int delim);

static void pending_answer(struct ui_app *app, void *ctx, int yes)
{
	int what = *(int *)ctx;
	if (!yes) {
		ui_status(app, UI_ROLE_NOTE, "%s; %s", what == 2 ? "delimiter not changed" :
			  "nothing loaded", unsaved(app) ? "the results are kept (s saves them)" :
			  "the files are kept");
		return;
	}
	if (what == 0)
		load_side_file(app, pend.slot, pend.path);
	else if (what == 1)
		load_sheet(app, pend.path);
	else
		apply_delimiter(app, pend.slot, pend.delim);
}

static int what_file, what_sheet = 1, what_delim = 2;

/* Asks question (with the result's fate added) and returns 1, or returns 0
 * when there is nothing to ask: no result to lose and no other reason
 * (other_reason: the question matters even without a result). */
static int ask_first(struct ui_app *app, int *what, int other_reason, const char *question)
{
	if (!unsaved(app) && !other_reason)
		return 0;
	char q[9000];
	if (unsaved(app))
		snprintf(q, sizeof q, "The results have not been saved. %s%sdrop them?",
			 question, other_reason ? ", and " : " ");
	else
		snprintf(q, sizeof q, "%s?", question);
	ui_confirm(app, "Change files", q, pending_answer, what);
	return 1;
}

static int file_picked(struct ui_app *app, void *ctx, const char *path)
{
	struct session *s = app->s;
	(void)ctx;
	int side = ST->slot;
	char q[8500];
	snprintf(pend.path, sizeof pend.path, "%s", path);
	pend.slot = side;
	if (s->have_sheet)
		snprintf(q, sizeof q, "Use %s as the %s file instead of the sign-up sheet %s "
			 "(its %s go too: choose a %s file next)", ui_basename(path),
			 side == SIDE_MENTOR ? "mentors" : "mentees", ui_basename(s->sheet.path),
			 side == SIDE_MENTOR ? "mentees" : "mentors",
			 side == SIDE_MENTOR ? "mentees" : "mentors");
	else
		snprintf(q, sizeof q, "Load %s as the %s file and", ui_basename(path),
			 side == SIDE_MENTOR ? "mentors" : "mentees");
	if (ask_first(app, &what_file, s->have_sheet, q))
		return 0;
	load_side_file(app, side, path);
	return 0;
}

static void load_side_file(struct ui_app *app, int side, const char *path)
{
	struct session *s = app->s;
	size_t from = app->d->n;
	int had_sheet = s->have_sheet;
	int rc = session_load_file(s, (enum side)side, path, app->d);
	record_load(app, side, path, from);
	ui_changed(app);
	if (rc == 0 && had_sheet) {
		/* back to two files: the sheet and its other table are gone */
		ST->tried[!side][0] = '\0';
		ST->have_diag[!side] = 0;
		ST->tried[SLOT_SHEET][0] = '\0';
		ST->have_diag[SLOT_SHEET] = 0;
	}
	if (rc == 0) {
		app->results_saved = 0;
		app->loaded_from[side] = from;
		app->loaded_to[side] = app->d->n;
		if (s->tab[side].nrows == 0)
			ui_status(app, UI_ROLE_WARNING, "%s: %s has no data rows, only a header "
				  "line", profile_side_name((enum side)side), path);
		else
			ui_status(app, UI_ROLE_NOTE, "%s: %zu row%s loaded from %s",
				  profile_side_name((enum side)side), s->tab[side].nrows,
				  s->tab[side].nrows == 1 ? "" : "s", path);
		/* on to the other file, unless this one needs a look */
		if (!s->have_table[!side] && count_problems(app, side) == 0) {
			ST->slot = !side;
			if (s->tab[side].nrows)
				ui_status(app, UI_ROLE_NOTE, "%s: %zu row%s loaded from %s; next: the "
					  "%s file (Enter)", profile_side_name((enum side)side),
					  s->tab[side].nrows, s->tab[side].nrows == 1 ? "" : "s",
					  ui_basename(path),
					  side == SIDE_MENTOR ? "mentees" : "mentors");
		}
	}
}

/* After the sheet was (re)loaded or split: where its messages are, the
 * status line, and the role column picker when the profile's does not fit. */
static void sheet_loaded(struct ui_app *app, const char *path, size_t from, int rc)
{
	struct session *s = app->s;
	record_load(app, SLOT_SHEET, path, from);
	for (int side = 0; side < SIDE_COUNT; side++) {
		ST->tried[side][0] = '\0';
		ST->have_diag[side] = 0;
		app->loaded_from[side] = from;
		app->loaded_to[side] = app->d->n;
	}
	ui_changed(app);
	if (!s->have_sheet)
		return;
	app->results_saved = 0;
	if (rc == 0 && s->have_table[SIDE_MENTOR]) {
		char counts[128];
		sheet_counts(s, counts, sizeof counts);
		ui_status(app, s->nunused ? UI_ROLE_WARNING : UI_ROLE_NOTE, "%s: %s%s",
			  ui_basename(path), counts, s->nunused ? "; some rows not used (e)" : "");
		return;
	}
	ui_status(app, UI_ROLE_NOTE, "%s: %zu row%s loaded; choose the column that says who "
		  "is a mentor", ui_basename(path), s->sheet.nrows, s->sheet.nrows == 1 ? "" : "s");
	open_role_picker(app);
}

static int sheet_picked(struct ui_app *app, void *ctx, const char *path)
{
	const struct session *s = app->s;
	(void)ctx;
	snprintf(pend.path, sizeof pend.path, "%s", path);
	pend.slot = SLOT_SHEET;
	int files = !s->have_sheet && (s->have_table[SIDE_MENTOR] || s->have_table[SIDE_MENTEE]);
	char q[8500];
	if (files)
		snprintf(q, sizeof q, "Use the sign-up sheet %s instead of the %s%s%s (%s%s%s)",
			 ui_basename(path), s->have_table[SIDE_MENTOR] ? "mentors file" : "",
			 s->have_table[SIDE_MENTOR] && s->have_table[SIDE_MENTEE] ? " and the " : "",
			 s->have_table[SIDE_MENTEE] ? "mentees file" : "",
			 s->have_table[SIDE_MENTOR] ? ui_basename(s->tab[SIDE_MENTOR].path) : "",
			 s->have_table[SIDE_MENTOR] && s->have_table[SIDE_MENTEE] ? ", " : "",
			 s->have_table[SIDE_MENTEE] ? ui_basename(s->tab[SIDE_MENTEE].path) : "");
	else
		snprintf(q, sizeof q, "Load the sign-up sheet %s and", ui_basename(path));
	if (ask_first(app, &what_sheet, files, q))
		return 0;
	load_sheet(app, path);
	return 0;
}

static void load_sheet(struct ui_app *app, const char *path)
{
	size_t from = app->d->n;
	int rc = session_load_signups(app->s, path, app->d);
	if (rc != 0 && !app->s->have_sheet) {
		record_load(app, SLOT_SHEET, path, from);
		ui_changed(app);
		ui_status(app, UI_ROLE_ERROR, "%s could not be read (e: messages)", ui_basename(path));
		return;
	}
	sheet_loaded(app, path, from, rc);
}

/* ---- the answers dialog: the role of each answer in the role column ------- */

struct answers {
	struct ui_dialog base;
	char *column;          /* the role column's header */
	size_t n, sel, top;
	char **text;           /* distinct answers, first spelling, in sheet order */
	size_t *count;         /* rows with it */
	unsigned *role;        /* SIGNUP_MENTOR | SIGNUP_MENTEE bits */
	int page;
};

static const char *role_word(unsigned r)
{
	return r == (SIGNUP_MENTOR | SIGNUP_MENTEE) ? "both" : r == SIGNUP_MENTOR ? "mentor" :
	       r == SIGNUP_MENTEE ? "mentee" : "not used";
}

static void answers_draw(struct ui_app *app, struct ui_dialog *dlg)
{
	struct answers *a = (struct answers *)dlg;
	size_t mr = 0, er = 0, br = 0;
	(void)app;
	for (size_t i = 0; i < a->n; i++) {
		mr += a->role[i] & SIGNUP_MENTOR ? a->count[i] : 0;
		er += a->role[i] & SIGNUP_MENTEE ? a->count[i] : 0;
		br += a->role[i] == (SIGNUP_MENTOR | SIGNUP_MENTEE) ? a->count[i] : 0;
	}
	int h = (int)a->n + 5;
	if (h > LINES - 2)
		h = LINES - 2 > 6 ? LINES - 2 : LINES;
	struct ui_rect in = ui_box(ui_centre(h, 70), "Who is a mentor? Answers in the role column");
	if (in.h < 3)
		return;
	ui_text(in.y, in.x, in.w, ui_attr(UI_ROLE_DIM), a->column, 0);
	int list_h = in.h - 3;
	a->page = list_h > 0 ? list_h : 1;
	ui_scroll_fix(a->n, a->page, &a->sel, &a->top);
	for (int r = 0; r < list_h && a->top + (size_t)r < a->n; r++) {
		size_t i = a->top + (size_t)r;
		int sel = i == a->sel;
		attr_t at = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		int y = in.y + 1 + r;
		ui_fill(y, in.x, in.w, at);
		ui_textf(y, in.x + 1, 11, sel ? at : ui_attr(a->role[i] ? UI_ROLE_GOOD : UI_ROLE_DIM),
			 0, "[%s]", role_word(a->role[i]));
		ui_text(y, in.x + 13, in.w - 13 - 10, at, a->text[i][0] ? a->text[i] : "(blank)", 0);
		ui_textf(y, in.x + in.w - 9, 9, sel ? at : ui_attr(UI_ROLE_DIM), UI_RIGHT,
			 "%zu row%s", a->count[i], a->count[i] == 1 ? "" : "s");
	}
	ui_textf(in.y + in.h - 2, in.x, in.w, ui_attr(UI_ROLE_NORMAL), 0,
		 "%zu mentor%s, %zu mentee%s, %zu on both sides", mr, mr == 1 ? "" : "s", er,
		 er == 1 ? "" : "s", br);
	ui_text(in.y + in.h - 1, in.x, in.w, ui_attr(UI_ROLE_DIM),
		"Space mentor/mentee/both/not used   Enter done   Esc cancel", 0);
}

static void answers_apply(struct ui_app *app, struct answers *a)
{
	struct session *s = app->s;
	const char **list[SIDE_COUNT];
	size_t n[SIDE_COUNT] = { 0, 0 };
	char *col = strdup(a->column);
	list[SIDE_MENTOR] = calloc(a->n ? a->n : 1, sizeof *list[0]);
	list[SIDE_MENTEE] = calloc(a->n ? a->n : 1, sizeof *list[0]);
	if (!list[SIDE_MENTOR] || !list[SIDE_MENTEE]) {
		free(col);
		col = NULL;
	}
	/* on a copy of the profile, committed with undo */
	struct profile p;
	int ok = col && profile_copy(&p, &s->prof) == 0;
	if (ok) {
		free(p.signups.role_column);
		p.signups.role_column = col;
		col = NULL;
		for (size_t i = 0; i < a->n; i++)
			for (int side = 0; side < SIDE_COUNT; side++)
				if (a->role[i] & (side == SIDE_MENTOR ? SIGNUP_MENTOR : SIGNUP_MENTEE))
					list[side][n[side]++] = a->text[i];
		for (int side = 0; side < SIDE_COUNT; side++)
			if (profile_set_signup_answers(&p, (enum side)side, list[side], n[side]) != 0)
				ok = 0;
		if (!ok)
			profile_free(&p);
		else if (session_commit_profile(s, &p, PCHANGE_DATA) != 0)
			ok = 0;
	}
	free(col);
	free(list[SIDE_MENTOR]);
	free(list[SIDE_MENTEE]);
	if (!ok) {
		ui_status(app, UI_ROLE_ERROR, "out of memory");
		return;
	}
	size_t from = app->d->n;
	ui_changed(app);
	int rc = session_split_signups(s, app->d);
	char path[4096];
	snprintf(path, sizeof path, "%s", s->sheet.path ? s->sheet.path : "");
	ST->slot = SLOT_SHEET;
	sheet_loaded(app, path, from, rc);
}

static void answers_confirmed(struct ui_app *app, void *ctx, int yes)
{
	struct answers *a = ctx;
	if (!yes) {
		ui_status(app, UI_ROLE_NOTE, "not changed; the results are kept");
		return;
	}
	answers_apply(app, a);
	ui_dialog_close(&a->base);
}

static int answers_key(struct ui_app *app, struct ui_dialog *dlg, int key)
{
	struct answers *a = (struct answers *)dlg;
	enum ui_action act = ui_action_for_key(key);
	if (ui_list_move(act, a->n, a->page, &a->sel))
		return UI_HANDLED;
	if ((act == UI_ACT_TOGGLE || act == UI_ACT_RIGHT) && a->n)
		a->role[a->sel] = (a->role[a->sel] + 1) & 3;
	else if (act == UI_ACT_LEFT && a->n)
		a->role[a->sel] = (a->role[a->sel] + 3) & 3;
	else if (act == UI_ACT_SELECT) {
		int m = 0, e = 0;
		for (size_t i = 0; i < a->n; i++) {
			m |= (a->role[i] & SIGNUP_MENTOR) != 0;
			e |= (a->role[i] & SIGNUP_MENTEE) != 0;
		}
		if (!m || !e) {
			ui_status(app, UI_ROLE_WARNING, "mark at least one answer as a %s answer "
				  "(Space changes the highlighted one)", !m ? "mentor" : "mentee");
			return UI_HANDLED;
		}
		if (unsaved(app)) {
			/* the dialog stays open under the question */
			ui_confirm(app, "Change files", "The results have not been saved. Split "
				   "the sheet again with these answers and drop them?",
				   answers_confirmed, a);
			return UI_HANDLED;
		}
		answers_apply(app, a);
		return UI_HANDLED | UI_CLOSE;
	} else if (act == UI_ACT_CANCEL || act == UI_ACT_BACK || act == UI_ACT_QUIT)
		return UI_HANDLED | UI_CLOSE;
	return UI_HANDLED;
}

static void answers_destroy(struct ui_dialog *dlg)
{
	struct answers *a = (struct answers *)dlg;
	for (size_t i = 0; a->text && i < a->n; i++)
		free(a->text[i]);
	free(a->text);
	free(a->count);
	free(a->role);
	free(a->column);
	free(a);
}

static const struct ui_dialog_ops answers_ops = {
	.draw = answers_draw,
	.key = answers_key,
	.destroy = answers_destroy,
};

/* A first guess at an answer's role from its words and the column's. */
static unsigned guess_role(const char *column, const char *answer)
{
	int mentor = ui_icontains(answer, "mentor"), mentee = ui_icontains(answer, "mentee");
	if (ui_icontains(answer, "both") || (mentor && mentee))
		return SIGNUP_MENTOR | SIGNUP_MENTEE;
	if (mentor)
		return SIGNUP_MENTOR;
	if (mentee)
		return SIGNUP_MENTEE;
	int yes = !strcasecmp(answer, "yes") || !strcasecmp(answer, "y");
	int no = !strcasecmp(answer, "no") || !strcasecmp(answer, "n");
	if (!yes && !no)
		return 0;
	if (ui_icontains(column, "mentee"))
		return yes ? SIGNUP_MENTEE : SIGNUP_MENTOR;
	if (ui_icontains(column, "mentor"))
		return yes ? SIGNUP_MENTOR : SIGNUP_MENTEE;
	return 0;
}

/* Opens the answers dialog for column col of the sheet. */
static void open_answers(struct ui_app *app, size_t col)
{
	const struct session *s = app->s;
	const struct table *t = &s->sheet;
	struct answers *a = calloc(1, sizeof *a);
	size_t cap = t->nrows ? t->nrows : 1;
	char **keys = calloc(cap, sizeof *keys);
	int same_col = s->prof.signups.role_column &&
		       strcmp(s->prof.signups.role_column, t->headers[col]) == 0;
	if (!a || !keys || !(a->text = calloc(cap, sizeof *a->text)) ||
	    !(a->count = calloc(cap, sizeof *a->count)) ||
	    !(a->role = calloc(cap, sizeof *a->role)) || !(a->column = strdup(t->headers[col])))
		goto oom;
	a->base.ops = &answers_ops;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *v = table_cell(t, r, col);
		size_t len = strlen(v), i;
		char *key = malloc(len + 1);
		if (!key)
			goto oom;
		if (text_key(v, len, key) == 0) {
			free(key);     /* a blank answer is never a role */
			continue;
		}
		for (i = 0; i < a->n && strcmp(keys[i], key) != 0; i++)
			;
		if (i < a->n) {
			free(key);
			a->count[i]++;
			continue;
		}
		keys[i] = key;
		a->count[i] = 1;
		a->n++;
		if (!(a->text[i] = malloc(len + 1)))
			goto oom;
		/* the first spelling, trimmed as the key is */
		{
			const char *b = v, *e = v + len;
			while (b < e && (*b == ' ' || *b == '\t'))
				b++;
			while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			memcpy(a->text[i], b, (size_t)(e - b));
			a->text[i][e - b] = '\0';
		}
		a->role[i] = same_col ? session_signup_role(&s->prof, v) :
			     guess_role(t->headers[col], a->text[i]);
	}
	for (size_t i = 0; i < a->n; i++)
		free(keys[i]);
	free(keys);
	if (a->n == 0) {
		ui_status(app, UI_ROLE_WARNING, "the column \"%s\" has no answers; choose "
			  "another (r)", t->headers[col]);
		answers_destroy(&a->base);
		return;
	}
	a->page = 10;
	ui_dialog_push(app, &a->base);
	return;
oom:
	for (size_t i = 0; keys && i < cap; i++)
		free(keys[i]);
	free(keys);
	if (a) {
		a->n = a->text ? cap : 0;
		answers_destroy(&a->base);
	}
	ui_status(app, UI_ROLE_ERROR, "out of memory");
}

static void role_column_picked(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	if (app->s->have_sheet && index < app->s->sheet.ncols)
		open_answers(app, index);
}

/* The picker of the sheet's role column: its headers, with a few answers. */
static void open_role_picker(struct ui_app *app)
{
	const struct session *s = app->s;
	const struct table *t = &s->sheet;
	if (!s->have_sheet) {
		ui_status(app, UI_ROLE_WARNING, "choose a combined sign-up sheet first (Enter "
			  "on the Sign-up sheet line)");
		return;
	}
	if (!s->have_profile) {
		ui_status(app, UI_ROLE_NOTE, "no profile yet: ^N builds one from the sheet's columns, "
			  "with its role column; l on step 3 loads one");
		return;
	}
	const char **items = calloc(t->ncols ? t->ncols : 1, sizeof *items);
	char **notes = calloc(t->ncols ? t->ncols : 1, sizeof *notes);
	size_t sel = 0;
	int guess = -1, best = 0;
	if (!items || !notes) {
		free(items);
		free(notes);
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		char buf[120] = "";
		size_t used = 0;
		items[c] = t->headers[c];
		/* the profile's role column, else the header most like a role question */
		const char *h = t->headers[c];
		int score = 3 * ui_icontains(h, "role") + 2 * (ui_icontains(h, "sign up") ||
			    ui_icontains(h, "take part") || ui_icontains(h, "participate")) +
			    ui_icontains(h, "mentor") + (strchr(h, '?') != NULL);
		if (s->prof.signups.role_column && strcmp(s->prof.signups.role_column, h) == 0)
			guess = -2, sel = c;
		else if (guess != -2 && score > best && score > 1)
			guess = (int)c, best = score;
		/* the first few different answers */
		for (size_t r = 0, k = 0; r < t->nrows && k < 3 && used + 4 < sizeof buf; r++) {
			const char *v = table_cell(t, r, c);
			if (!*v || strstr(buf, v))
				continue;
			int w = snprintf(buf + used, sizeof buf - used, "%s%s", k ? ", " : "", v);
			if (w < 0)
				break;
			used += (size_t)w < sizeof buf - used ? (size_t)w : sizeof buf - used - 1;
			k++;
		}
		notes[c] = strdup(buf);
	}
	if (guess >= 0)
		sel = (size_t)guess;
	ui_pick(app, "Which column says who is a mentor?", items,
		(const char *const *)notes, t->ncols, sel, role_column_picked, NULL);
	for (size_t c = 0; c < t->ncols; c++)
		free(notes[c]);
	free(notes);
	free(items);
}

/* ---- the delimiter -------------------------------------------------------- */

static const char *delim_name(int d)
{
	return d == ',' ? "comma" : d == ';' ? "semicolon" : d == '\t' ? "tab" : "auto";
}

/* Cycles the highlighted file's delimiter in the profile and reloads it. */
static void cycle_delimiter(struct ui_app *app)
{
	struct session *s = app->s;
	int slot = ST->slot;
	if (!s->have_profile) {
		ui_status(app, UI_ROLE_WARNING, "load a profile first (Rules step): the "
			  "delimiter is kept in it");
		return;
	}
	if (slot != SLOT_SHEET && s->have_sheet) {
		ui_status(app, UI_ROLE_WARNING, "these rows come from the sign-up sheet: set its "
			  "delimiter on the Sign-up sheet line");
		return;
	}
	int *dp = slot == SLOT_SHEET ? &s->prof.signups.delimiter : &s->prof.delimiter[slot];
	int next = *dp == 0 ? ',' : *dp == ',' ? ';' : *dp == ';' ? '\t' : 0;
	const struct table *t = slot_table(app, slot);
	const char *file = t && t->path ? t->path : ST->tried[slot];
	if (*file) {
		char q[4500];
		snprintf(q, sizeof q, "Read %s again with the delimiter %s and", ui_basename(file),
			 delim_name(next));
		pend.slot = slot;
		pend.delim = next;
		if (ask_first(app, &what_delim, 0, q))
			return;
	}
	apply_delimiter(app, slot, next);
}

/* Sets slot's delimiter and reads its file again. */
static void apply_delimiter(struct ui_app *app, int slot, int next)
{
	struct session *s = app->s;
	char err[300];
	const char *word = next == ',' ? "comma" : next == ';' ? "semicolon" : next == '\t' ? "tab" :
		"auto";
	if (session_set_key(s, slot == SLOT_SHEET ? PK_SIGNUPS_DELIMITER : PK_COLUMNS_DELIMITER,
			    slot == SLOT_SHEET ? 0 : (size_t)slot, word, err, sizeof err) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	const int *dp = slot == SLOT_SHEET ? &s->prof.signups.delimiter : &s->prof.delimiter[slot];
	ui_changed(app);
	char path[4096];
	const struct table *t = slot_table(app, slot);
	snprintf(path, sizeof path, "%s", t && t->path ? t->path : ST->tried[slot]);
	if (!path[0]) {
		ui_status(app, UI_ROLE_NOTE, "%s delimiter: %s (for the file you choose)",
			  slot == SLOT_SHEET ? "sign-up sheet" : profile_side_name((enum side)slot),
			  delim_name(*dp));
		return;
	}
	size_t from = app->d->n;
	if (slot == SLOT_SHEET) {
		int rc = session_load_signups(s, path, app->d);
		if (rc != 0 && !s->have_sheet)
			record_load(app, SLOT_SHEET, path, from);
		else
			sheet_loaded(app, path, from, rc);
	} else {
		load_side_file(app, slot, path);
		ST->slot = slot;
	}
	ui_status(app, UI_ROLE_NOTE, "%s delimiter: %s; %s read again (e: messages)",
		  slot == SLOT_SHEET ? "sign-up sheet" : profile_side_name((enum side)slot),
		  delim_name(*dp), ui_basename(path));
}

/* Where the browser starts: this slot's file's folder, else another
 * file's, else the current folder. */
static void start_folder(const struct ui_app *app, int side, char *buf, size_t len)
{
	const struct table *mine = slot_table(app, side);
	const char *path = mine ? mine->path : ST->tried[side][0] ? ST->tried[side] :
			   app->s->have_sheet ? app->s->sheet.path :
			   app->s->have_table[SIDE_MENTOR] ? app->s->tab[SIDE_MENTOR].path :
			   app->s->have_table[SIDE_MENTEE] ? app->s->tab[SIDE_MENTEE].path : NULL;
	buf[0] = '\0';
	if (!path)
		return;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return;                    /* a file in the current folder */
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= len)
		return;
	memcpy(buf, path, n);
	buf[n] = '\0';
}

static void draw_slot(struct ui_app *app, int y, int w, int side)
{
	const struct session *s = app->s;
	int sel = ST->slot == side;
	attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	const struct table *t = slot_table(app, side);
	ui_fill(y, 0, w, a);
	int x = 1;
	if (side == SLOT_HISTORY) {
		ui_text(y, x, 15, a, "History", 0);
		if (s->nhist)
			ui_textf(y, 16, w - 17, a, 0, "%zu file%s of earlier pairs: %s%s",
				 s->nhist, s->nhist == 1 ? "" : "s", ui_basename(s->hist[0].path),
				 s->nhist > 1 ? ", ..." : "");
		else
			ui_text(y, 16, w - 17, sel ? a : ui_attr(UI_ROLE_DIM),
				"earlier cohorts' pairs, to keep apart: Enter adds a file", 0);
		return;
	}
	if (side == SLOT_SHEET)
		ui_text(y, x, 15, a, "or one sheet", 0);
	else
		ui_textf(y, x, 15, a, 0, "%s file", side_title(side));
	x = 16;
	if (side == SLOT_SHEET && t) {
		char info[128];
		if (s->have_table[SIDE_MENTOR])
			sheet_counts(s, info, sizeof info);
		else
			snprintf(info, sizeof info, "role column not chosen: press r");
		int iw = ui_text_width(info);
		ui_text(y, x, w - x - iw - 2, a, t->path, UI_TAIL);
		ui_text(y, w - iw - 1, iw, sel ? a : ui_attr(s->have_table[SIDE_MENTOR] ?
			UI_ROLE_NORMAL : UI_ROLE_WARNING), info, 0);
	} else if (side != SLOT_SHEET && !t && s->have_sheet) {
		ui_text(y, x, w - x - 1, sel ? a : ui_attr(UI_ROLE_DIM),
			"from the sign-up sheet once its role column is chosen (r)", 0);
	} else if (side == SLOT_SHEET && !ST->tried[side][0]) {
		ui_text(y, x, w - x - 1, sel ? a : ui_attr(UI_ROLE_DIM),
			"a combined sign-up sheet with a role column: Enter", 0);
	} else if (t) {
		char info[96], rows[48];
		if (t->nrows == 0)
			snprintf(rows, sizeof rows, "no data rows");
		else
			snprintf(rows, sizeof rows, "%zu row%s", t->nrows, t->nrows == 1 ? "" : "s");
		if (t->skipped)
			snprintf(info, sizeof info, "%s (%zu not loaded), %zu column%s",
				 rows, t->skipped, t->ncols, t->ncols == 1 ? "" : "s");
		else
			snprintf(info, sizeof info, "%s, %zu column%s", rows, t->ncols,
				 t->ncols == 1 ? "" : "s");
		int iw = ui_text_width(info);
		if (s->have_sheet)
			ui_text(y, x, w - x - iw - 2, sel ? a : ui_attr(UI_ROLE_DIM),
				"from the sign-up sheet", 0);
		else
			ui_text(y, x, w - x - iw - 2, a, t->path, UI_TAIL);
		ui_text(y, w - iw - 1, iw, sel ? a : ui_attr(t->nrows == 0 || t->skipped ?
			UI_ROLE_WARNING : UI_ROLE_NORMAL), info, 0);
	} else if (ST->tried[side][0]) {
		ui_textf(y, x, w - x - 1, sel ? a : ui_attr(UI_ROLE_ERROR), 0,
			 "%s could not be read; Enter to choose again",
			 ui_basename(ST->tried[side]));
	} else {
		ui_text(y, x, w - x - 1, sel ? a : ui_attr(UI_ROLE_DIM),
			"not chosen yet: press Enter to pick a .csv file", 0);
	}
}

/* Under a file's line: its first problem, with the file's base name, and
 * how many more there are. */
static void draw_problem_line(struct ui_app *app, int y, int w, int side)
{
	const struct diag_item *it = first_problem(app, side);
	int n = count_problems(app, side);
	if (!it)
		return;
	char more[64] = "", msg[600];
	if (n > 1)
		snprintf(more, sizeof more, " (+%d more: e)", n - 1);
	int mw = ui_text_width(more);
	attr_t a = ui_attr(it->level == DIAG_ERROR ? UI_ROLE_ERROR : UI_ROLE_WARNING);
	int x = 3;
	if (it->line)
		snprintf(msg, sizeof msg, "%s, line %lu: %s", ui_basename(ST->tried[side]),
			 it->line, it->msg);
	else
		snprintf(msg, sizeof msg, "%s: %s", ui_basename(ST->tried[side]), it->msg);
	x += ui_text(y, x, w - x - 1 - mw, a, msg, 0);
	if (mw)
		ui_text(y, x, w - x - 1, ui_attr(UI_ROLE_DIM), more, 0);
}

/* Display width of a column in the preview: the header or the widest of
 * the first rows, within limits. */
static int col_width(const struct table *t, size_t c, size_t rows)
{
	int w = ui_text_width(t->headers[c]);
	for (size_t r = 0; r < rows && r < t->nrows; r++) {
		int cw = ui_text_width(table_cell(t, r, c));
		if (cw > w)
			w = cw;
	}
	if (w < 4)
		w = 4;
	if (w > 24)
		w = 24;
	return w;
}

static void draw_messages(struct ui_app *app, int side, int y, int h, int w)
{
	int shown = 0, total = 0;
	for (size_t i = ST->diag_from[side]; i < ST->diag_to[side] && i < app->d->n; i++)
		total += item_matches(&app->d->items[i], side);
	for (size_t i = ST->diag_from[side]; i < ST->diag_to[side] && i < app->d->n; i++) {
		const struct diag_item *it = &app->d->items[i];
		if (!item_matches(it, side))
			continue;
		if (shown >= h)
			return;
		if (shown == h - 1 && total - shown > 1) {
			ui_textf(y + shown, 1, w - 2, ui_attr(UI_ROLE_DIM), 0,
				 "... %d more: press e for all messages", total - shown);
			return;
		}
		char buf[512];
		format_item(it, buf, sizeof buf);
		ui_text(y + shown, 1, w - 2, ui_attr(it->level == DIAG_ERROR ?
			UI_ROLE_ERROR : UI_ROLE_WARNING), buf, 0);
		shown++;
	}
}

static int count_problems(const struct ui_app *app, int side)
{
	int n = 0;
	if (!ST->have_diag[side])
		return 0;
	for (size_t i = ST->diag_from[side]; i < ST->diag_to[side] && i < app->d->n; i++)
		if (item_matches(&app->d->items[i], side))
			n++;
	return n;
}

/* The history files, and what they do to the match. */
static void draw_history(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	int y = b.y;
	char how[200];
	if (!s->have_profile)
		snprintf(how, sizeof how, "(no profile loaded)");
	else if (s->prof.history.forbid)
		snprintf(how, sizeof how, "their pairs are not allowed (the profile's [history])");
	else
		snprintf(how, sizeof how, "their pairs get %+ld points (the profile's [history])",
			 s->prof.history.weight);
	if (!s->nhist) {
		ui_draw_empty((struct ui_rect){ b.y - 1, 0, b.h + 1, b.w }, "No history files",
			      "The pairs file of an earlier cohort (such as its pairs.csv) keeps "
			      "those pairs from being matched again, or scores them, as the "
			      "profile's [history] says. Enter adds a file; Backspace forgets them. "
			      "Batch mode: --history FILE.");
		return;
	}
	ui_textf(y++, 1, b.w - 2, ui_attr(UI_ROLE_HEADING), 0, "History files: %s", how);
	for (size_t i = 0; i < s->nhist && y < b.y + b.h - 2; i++)
		ui_textf(y++, 3, b.w - 4, ui_attr(UI_ROLE_NORMAL), UI_TAIL, "%s (%zu row%s)",
			 s->hist[i].path, s->hist[i].nrows, s->hist[i].nrows == 1 ? "" : "s");
	if (s->ds_valid && y < b.y + b.h - 1)
		ui_textf(y++, 3, b.w - 4, ui_attr(UI_ROLE_DIM), 0, "%zu pair%s of today's people "
			 "%s in them", s->ds.nhist, s->ds.nhist == 1 ? "" : "s",
			 s->ds.nhist == 1 ? "is" : "are");
	if (y < b.y + b.h)
		ui_text(y + 1 < b.y + b.h ? y + 1 : y, 1, b.w - 2, ui_attr(UI_ROLE_DIM),
			"Enter adds another file; Backspace forgets them all.", 0);
}

static void files_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	int y = b.y, bottom = b.y + b.h;
	for (int sd = 0; sd < NSLOTS; sd++) {
		draw_slot(app, y++, b.w, sd);
		if (first_problem(app, sd))
			draw_problem_line(app, y++, b.w, sd);
	}
	y++;

	int side = ST->slot;
	if (side == SLOT_HISTORY) {
		draw_history(app, (struct ui_rect){ y, 0, bottom - y, b.w });
		return;
	}
	int problems = count_problems(app, side);
	/* the list below repeats the first problem; more than that is needed */
	int msg_h = problems > 1 ? (problems > 4 ? 5 : problems) + 1 : 0;
	if (msg_h > (bottom - y) / 2)          /* keep room for the preview */
		msg_h = (bottom - y) / 2 >= 2 ? (bottom - y) / 2 : 0;

	const struct table *t = slot_table(app, side);
	if (!t) {
		if (side == SLOT_SHEET && !problems) {
			ui_draw_empty((struct ui_rect){ y - 1, 0, bottom - y + 1, b.w },
				      "One combined sign-up sheet",
				      "Instead of two files: one sheet whose role column says "
				      "mentor, mentee or both (or a yes/no question such as \"Do "
				      "you want to sign up as a mentor?\"). Enter picks the sheet; "
				      "then choose the role column and what each answer means. "
				      "Batch mode: --signups FILE.");
			return;
		}
		if (side != SLOT_SHEET && s->have_sheet) {
			ui_draw_empty((struct ui_rect){ y - 1, 0, bottom - y + 1, b.w },
				      "From the sign-up sheet",
				      "Press r to choose the sheet's role column and which "
				      "answers make a mentor or a mentee.");
			return;
		}
		if (problems) {
			ui_textf(y, 1, b.w - 2, ui_attr(UI_ROLE_HEADING), 0,
				 "Problems reading %s", ui_basename(ST->tried[side]));
			draw_messages(app, side, y + 1, bottom - y - 1, b.w);
		} else {
			ui_draw_empty((struct ui_rect){ y - 1, 0, bottom - y + 1, b.w },
				      "No file chosen",
				      "Press Enter to open the file browser. It lists folders, "
				      "then .csv, .tsv and .txt files, then other files; Enter "
				      "opens a folder or picks a file, Backspace goes up, : types "
				      "a path. You can also give both files on the command line: "
				      "mentormatch [--profile P] MENTORS.csv MENTEES.csv");
		}
		return;
	}

	const char *delim = t->delim == ';' ? "semicolon" : t->delim == '\t' ? "tab" : "comma";
	int dset = !s->have_profile ? 0 : side == SLOT_SHEET ? s->prof.signups.delimiter :
		   s->prof.delimiter[side];
	if (ST->col0[side] >= t->ncols)
		ST->col0[side] = t->ncols ? t->ncols - 1 : 0;

	/* preview grid: which columns fit from col0 on */
	int grid_h = bottom - msg_h - (y + 1);
	size_t rows = grid_h > 2 ? (size_t)grid_h - 2 : 0;   /* header, "more" */
	if (rows > t->nrows)
		rows = t->nrows;
	if (rows + 1 == t->nrows && grid_h > 1)
		rows = t->nrows;         /* the last row rather than "1 more row" */
	size_t c0 = ST->col0[side], c1 = c0;
	int x = 1;
	while (c1 < t->ncols) {
		int cw = col_width(t, c1, rows);
		if (x + cw > b.w - 1) {
			if (c1 == c0)
				c1++;   /* a single wide column: shown cut */
			break;
		}
		x += cw + 2;
		c1++;
	}
	ui_textf(y, 1, b.w - 2, ui_attr(UI_ROLE_HEADING), 0,
		 "%s preview (%s-separated, %s): columns %zu-%zu of %zu",
		 side_title(side), delim, dset ? "set with d" : "auto", t->ncols ? c0 + 1 : 0,
		 c1, t->ncols);
	y++;
	x = 1;
	for (size_t c = c0; c < c1; c++) {
		int cw = col_width(t, c, rows);
		if (cw > b.w - 1 - x)
			cw = b.w - 1 - x;
		ui_text(y, x, cw, ui_attr(UI_ROLE_HEADING), t->headers[c], UI_PAD);
		for (size_t r = 0; r < rows; r++)
			ui_text(y + 1 + (int)r, x, cw, ui_attr(UI_ROLE_NORMAL),
				table_cell(t, r, c), 0);
		x += cw + 2;
	}
	if (t->nrows == 0 && y + 1 < bottom - msg_h)
		ui_text(y + 1, 1, b.w - 2, ui_attr(UI_ROLE_WARNING), "No data rows: the file "
			"has only the header line, so nobody from it can be matched.", 0);
	else if (rows < t->nrows && y + 1 + (int)rows < bottom - msg_h)
		ui_textf(y + 1 + (int)rows, 1, b.w - 2, ui_attr(UI_ROLE_DIM), 0,
			 "... and %zu more rows", t->nrows - rows);
	if (msg_h) {
		int my = bottom - msg_h;
		ui_textf(my, 1, b.w - 2, ui_attr(UI_ROLE_HEADING), 0,
			 "%d problem%s reading %s (e: all messages)", problems, problems == 1 ? "" : "s",
			 ui_basename(ST->tried[side]));
		draw_messages(app, side, my + 1, msg_h - 1, b.w);
	}
}

static int history_picked(struct ui_app *app, void *ctx, const char *path)
{
	(void)ctx;
	if (session_load_history(app->s, path, app->d) != 0) {
		ui_changed(app);
		return -1;
	}
	ui_changed(app);
	ui_status(app, UI_ROLE_NOTE, "history file %s added: %zu row%s", ui_basename(path),
		  app->s->hist[app->s->nhist - 1].nrows,
		  app->s->hist[app->s->nhist - 1].nrows == 1 ? "" : "s");
	return 0;
}

static int files_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	switch (act) {
	case UI_ACT_LOAD_PINS:
		ui_load_pins(app);
		return UI_HANDLED;
	case UI_ACT_UP:
		if (ST->slot > 0)
			ST->slot--;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (ST->slot + 1 < NSLOTS)
			ST->slot++;
		return UI_HANDLED;
	case UI_ACT_HOME:
		ST->slot = SIDE_MENTOR;
		return UI_HANDLED;
	case UI_ACT_END:
		ST->slot = SLOT_SHEET;
		return UI_HANDLED;
	case UI_ACT_LEFT:
		if (ST->col0[ST->slot] > 0)
			ST->col0[ST->slot]--;
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		if (slot_table(app, ST->slot) && ST->col0[ST->slot] + 1 < slot_table(app, ST->slot)->ncols)
			ST->col0[ST->slot]++;
		return UI_HANDLED;
	case UI_ACT_BACK:
		if (ST->slot == SLOT_HISTORY && app->s->nhist) {
			session_clear_history(app->s);
			ui_changed(app);
			ui_status(app, UI_ROLE_NOTE, "history files forgotten");
			return UI_HANDLED;
		}
		return UI_IGNORED;
	case UI_ACT_SELECT: {
		char start[4096];
		if (ST->slot == SLOT_HISTORY) {
			start_folder(app, SIDE_MENTOR, start, sizeof start);
			ui_browse(app, "Add a history file (an earlier cohort's pairs)",
				  ".csv .tsv .txt", start, history_picked, NULL);
			return UI_HANDLED;
		}
		start_folder(app, ST->slot, start, sizeof start);
		if (ST->slot == SLOT_SHEET)
			ui_browse(app, "Choose the combined sign-up sheet", ".csv .tsv .txt", start,
				  sheet_picked, NULL);
		else
			ui_browse(app, ST->slot == SIDE_MENTOR ? "Choose the mentors file" :
				  "Choose the mentees file", ".csv .tsv .txt", start, file_picked, NULL);
		return UI_HANDLED;
	}
	case UI_ACT_DELIMITER:
		cycle_delimiter(app);
		return UI_HANDLED;
	case UI_ACT_ROLES:
		ST->slot = SLOT_SHEET;
		open_role_picker(app);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void files_enter(struct ui_app *app)
{
	if (!ST->started) {
		/* files named on the command line: their messages are already in d */
		ST->started = 1;
		for (int side = 0; side < SIDE_COUNT; side++) {
			const char *f = app->opts ? app->opts->files[side] : NULL;
			if (!f)
				continue;
			snprintf(ST->tried[side], sizeof ST->tried[side], "%s", f);
			ST->diag_from[side] = 0;
			ST->diag_to[side] = app->d->n;
			ST->have_diag[side] = 1;
			ST->from_start[side] = 1;
		}
		if (!app->s->have_table[SIDE_MENTOR])
			ST->slot = SIDE_MENTOR;
		if (app->opts && app->opts->signups) {
			snprintf(ST->tried[SLOT_SHEET], sizeof ST->tried[SLOT_SHEET], "%s",
				 app->opts->signups);
			ST->diag_from[SLOT_SHEET] = 0;
			ST->diag_to[SLOT_SHEET] = app->d->n;
			ST->have_diag[SLOT_SHEET] = 1;
			ST->from_start[SLOT_SHEET] = 1;
			ST->slot = SLOT_SHEET;
			for (int side = 0; side < SIDE_COUNT; side++) {
				app->loaded_from[side] = 0;
				app->loaded_to[side] = app->d->n;
			}
			return;
		}
	}
	if (app->s->have_sheet)
		return;
	/* start on the first file still missing */
	if (app->s->have_table[SIDE_MENTOR] && !app->s->have_table[SIDE_MENTEE])
		ST->slot = SIDE_MENTEE;
}

static const struct ui_hint files_hints[] = {
	{ UI_ACT_UP, NULL },
	{ UI_ACT_SELECT, "choose file" },
	{ UI_ACT_DELIMITER, NULL },
	{ UI_ACT_ROLES, "role" },
	{ UI_ACT_LEFT, "columns" },
	{ UI_ACT_IMPORT_REPORT, NULL },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_files = {
	.state_size = sizeof(struct files_state),
	.name = "Files",
	.title = "Files: the mentors and mentees spreadsheets (.csv), or one sign-up sheet",
	.enter = files_enter,
	.leave = NULL,
	.draw = files_draw,
	.handle = files_handle,
	.hints = files_hints,
};
