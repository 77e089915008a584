/* scr_files.c - step 1: choose the mentors file and the mentees file.
 *
 * Two lines, one per file, with its row and column counts, each followed
 * by a line with the first problem found while reading that file (when
 * there is one); below them a preview of the highlighted file: its headers
 * and first rows as a grid (scrolled sideways with < and >), and the
 * problems found while reading it, with their lines.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/session.h"

static struct {
	int slot;                  /* SIDE_MENTOR or SIDE_MENTEE */
	size_t col0[SIDE_COUNT];   /* first column shown in the preview */
	char tried[SIDE_COUNT][4096];      /* last path the user picked */
	size_t diag_from[SIDE_COUNT], diag_to[SIDE_COUNT];  /* its messages */
	int have_diag[SIDE_COUNT];
	int from_start[SIDE_COUNT];        /* the range is the start-up messages */
	int started;
} st;

/* A message about the file last tried on this side (notes left out). */
static int item_matches(const struct diag_item *it, int side)
{
	if (it->level == DIAG_NOTE || !it->file)
		return 0;
	return strcmp(it->file, st.tried[side]) == 0;
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
	if (!st.have_diag[side])
		return NULL;
	for (size_t i = st.diag_from[side]; i < st.diag_to[side] && i < app->d->n; i++) {
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
	return side == SIDE_MENTOR ? "Mentors" : "Mentees";
}

static int count_problems(const struct ui_app *app, int side);

static int file_picked(struct ui_app *app, void *ctx, const char *path)
{
	(void)ctx;
	int side = st.slot;
	struct session *s = app->s;
	size_t from = app->d->n;
	int rc = session_load_file(s, (enum side)side, path, app->d);
	snprintf(st.tried[side], sizeof st.tried[side], "%s", path);
	st.diag_from[side] = from;
	st.diag_to[side] = app->d->n;
	st.have_diag[side] = 1;
	st.from_start[side] = 0;
	st.col0[side] = 0;
	ui_changed(app);
	if (rc == 0) {
		app->results_saved = 0;
		app->loaded_from[side] = from;
		app->loaded_to[side] = app->d->n;
		if (s->tab[side].nrows == 0)
			ui_status(app, UI_ROLE_WARNING, "%s: %s has no data rows, only a header "
				  "line", profile_side_name((enum side)side), path);
		else
			ui_status(app, UI_ROLE_NOTE, "%s: %zu rows loaded from %s",
				  profile_side_name((enum side)side), s->tab[side].nrows, path);
		/* on to the other file, unless this one needs a look */
		if (!s->have_table[!side] && count_problems(app, side) == 0)
			st.slot = !side;
	}
	return 0;
}

/* Where the browser starts: this side's file's folder, else the other
 * side's, else the current folder. */
static void start_folder(const struct ui_app *app, int side, char *buf, size_t len)
{
	const char *path = app->s->have_table[side] ? app->s->tab[side].path :
			   st.tried[side][0] ? st.tried[side] :
			   app->s->have_table[!side] ? app->s->tab[!side].path : NULL;
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
	int sel = st.slot == side;
	attr_t a = ui_attr(sel ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
	ui_fill(y, 0, w, a);
	int x = 1;
	x += ui_textf(y, x, 16, a, 0, "%s file", side_title(side));
	x = 16;
	if (s->have_table[side]) {
		const struct table *t = &s->tab[side];
		char info[96], rows[48];
		if (t->nrows == 0)
			snprintf(rows, sizeof rows, "no data rows");
		else
			snprintf(rows, sizeof rows, "%zu row%s", t->nrows, t->nrows == 1 ? "" : "s");
		if (t->skipped)
			snprintf(info, sizeof info, "%s (%zu not loaded), %zu columns",
				 rows, t->skipped, t->ncols);
		else
			snprintf(info, sizeof info, "%s, %zu columns", rows, t->ncols);
		int iw = ui_text_width(info);
		ui_text(y, x, w - x - iw - 2, a, t->path, UI_TAIL);
		ui_text(y, w - iw - 1, iw, sel ? a : ui_attr(t->nrows == 0 || t->skipped ?
			UI_ROLE_WARNING : UI_ROLE_NORMAL), info, 0);
	} else if (st.tried[side][0]) {
		ui_textf(y, x, w - x - 1, sel ? a : ui_attr(UI_ROLE_ERROR), 0,
			 "%s could not be read; Enter to choose again",
			 ui_basename(st.tried[side]));
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
		snprintf(msg, sizeof msg, "%s, line %lu: %s", ui_basename(st.tried[side]),
			 it->line, it->msg);
	else
		snprintf(msg, sizeof msg, "%s: %s", ui_basename(st.tried[side]), it->msg);
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
	for (size_t i = st.diag_from[side]; i < st.diag_to[side] && i < app->d->n; i++)
		total += item_matches(&app->d->items[i], side);
	for (size_t i = st.diag_from[side]; i < st.diag_to[side] && i < app->d->n; i++) {
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
	if (!st.have_diag[side])
		return 0;
	for (size_t i = st.diag_from[side]; i < st.diag_to[side] && i < app->d->n; i++)
		if (item_matches(&app->d->items[i], side))
			n++;
	return n;
}

static void files_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	int y = b.y, bottom = b.y + b.h;
	for (int sd = 0; sd < SIDE_COUNT; sd++) {
		draw_slot(app, y++, b.w, sd);
		if (first_problem(app, sd))
			draw_problem_line(app, y++, b.w, sd);
	}
	y++;

	int side = st.slot;
	int problems = count_problems(app, side);
	/* the list below repeats the first problem; more than that is needed */
	int msg_h = problems > 1 ? (problems > 4 ? 5 : problems) + 1 : 0;
	if (msg_h > (bottom - y) / 2)          /* keep room for the preview */
		msg_h = (bottom - y) / 2 >= 2 ? (bottom - y) / 2 : 0;

	if (!s->have_table[side]) {
		if (problems) {
			ui_textf(y, 1, b.w - 2, ui_attr(UI_ROLE_HEADING), 0,
				 "Problems reading %s", ui_basename(st.tried[side]));
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

	const struct table *t = &s->tab[side];
	const char *delim = t->delim == ';' ? "semicolon" : t->delim == '\t' ? "tab" : "comma";
	if (st.col0[side] >= t->ncols)
		st.col0[side] = t->ncols ? t->ncols - 1 : 0;

	/* preview grid: which columns fit from col0 on */
	int grid_h = bottom - msg_h - (y + 1);
	size_t rows = grid_h > 2 ? (size_t)grid_h - 2 : 0;   /* header, "more" */
	if (rows > t->nrows)
		rows = t->nrows;
	if (rows + 1 == t->nrows && grid_h > 1)
		rows = t->nrows;         /* the last row rather than "1 more row" */
	size_t c0 = st.col0[side], c1 = c0;
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
		 "%s preview (%s-separated): columns %zu-%zu of %zu",
		 side_title(side), delim, t->ncols ? c0 + 1 : 0, c1, t->ncols);
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
			 "%d problems reading %s (e: all messages)", problems,
			 ui_basename(st.tried[side]));
		draw_messages(app, side, my + 1, msg_h - 1, b.w);
	}
}

static int files_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	switch (act) {
	case UI_ACT_UP:
		st.slot = SIDE_MENTOR;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		st.slot = SIDE_MENTEE;
		return UI_HANDLED;
	case UI_ACT_LEFT:
		if (st.col0[st.slot] > 0)
			st.col0[st.slot]--;
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		if (app->s->have_table[st.slot] &&
		    st.col0[st.slot] + 1 < app->s->tab[st.slot].ncols)
			st.col0[st.slot]++;
		return UI_HANDLED;
	case UI_ACT_SELECT: {
		char start[4096];
		start_folder(app, st.slot, start, sizeof start);
		ui_browse(app, st.slot == SIDE_MENTOR ? "Choose the mentors file" :
			  "Choose the mentees file", ".csv .tsv .txt", start, file_picked, NULL);
		return UI_HANDLED;
	}
	default:
		return UI_IGNORED;
	}
}

static void files_enter(struct ui_app *app)
{
	if (!st.started) {
		/* files named on the command line: their messages are already in d */
		st.started = 1;
		for (int side = 0; side < SIDE_COUNT; side++) {
			const char *f = app->opts ? app->opts->files[side] : NULL;
			if (!f)
				continue;
			snprintf(st.tried[side], sizeof st.tried[side], "%s", f);
			st.diag_from[side] = 0;
			st.diag_to[side] = app->d->n;
			st.have_diag[side] = 1;
			st.from_start[side] = 1;
		}
		if (!app->s->have_table[SIDE_MENTOR])
			st.slot = SIDE_MENTOR;
	}
	/* start on the first file still missing */
	if (app->s->have_table[SIDE_MENTOR] && !app->s->have_table[SIDE_MENTEE])
		st.slot = SIDE_MENTEE;
}

static const struct ui_hint files_hints[] = {
	{ UI_ACT_UP, NULL },
	{ UI_ACT_SELECT, "choose file" },
	{ UI_ACT_LEFT, "scroll columns" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_files = {
	.name = "Files",
	.title = "Files: the mentors and mentees spreadsheets (.csv)",
	.enter = files_enter,
	.leave = NULL,
	.draw = files_draw,
	.handle = files_handle,
	.hints = files_hints,
};
