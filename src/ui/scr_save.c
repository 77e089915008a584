/* scr_save.c - step 6: write the result files into an output folder.
 *
 * Two lines: the output folder (Enter or o edits it) and the write command
 * (Enter or s).  When rows of the input files were not loaded (or reading
 * them gave errors) a warning says so and s asks before writing.  A folder
 * that does not exist is created, with the folders above it, after asking;
 * existing result files are overwritten only after asking.  What was
 * written (the notes session_save reports) is listed below, wrapped.
 */
#include "tui.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mentormatch/output.h"
#include "mentormatch/pins.h"
#include "mentormatch/session.h"

/* This step's state, owned by the app (ui_step_state). */
struct save_state {
	int sel;                  /* 0: folder, 1: write */
	int have_report;
	size_t from, to;          /* diag items of the last save */
	int ok;
	unsigned long gen;        /* result generation the report belongs to */
};
#define ST ((struct save_state *)ui_step_state(UI_STEP_SAVE))

/* dir/pins.csv exists (session_save replaces it with the current pins). */
static int pins_file_exists(const char *dir)
{
	char path[4200];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, PINS_FILE_NAME);
	return lstat(path, &sb) == 0;
}

static void do_save(struct ui_app *app, int overwrite)
{
	struct session *s = app->s;
	ST->from = app->d->n;
	int pins = s->pins.n > 0 || pins_file_exists(app->out_dir);
	ST->ok = session_save(s, app->out_dir, overwrite, app->d) == 0;
	ST->to = app->d->n;
	ST->have_report = 1;
	ST->gen = app->gen;
	if (ST->ok) {
		app->results_saved = 1;
		ui_status(app, UI_ROLE_NOTE, "%d files written to %s", OUTPUT_NFILES + (pins ? 1 : 0),
			  app->out_dir);
	}
}

static void overwrite_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (yes)
		do_save(app, 1);
	else
		ui_status(app, UI_ROLE_NOTE, "nothing written");
}

/* An error in full: a box with the whole text, and its start on the
 * message line. */
static void save_error(struct ui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void save_error(struct ui_app *app, const char *fmt, ...)
{
	char msg[4600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ui_status(app, UI_ROLE_ERROR, "%s", msg);
	ui_alert(app, "Not written", msg);
}

/* mkdir -p: creates dir and the folders above it that are missing, each
 * with mode 0700.  Returns 0, or -1 with errno set and the folder that
 * failed in failed. */
static int make_folders(const char *dir, char *failed, size_t len)
{
	char path[4096];
	struct stat sb;
	if ((size_t)snprintf(path, sizeof path, "%s", dir) >= sizeof path) {
		snprintf(failed, len, "%s", dir);
		errno = ENAMETOOLONG;
		return -1;
	}
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0700) != 0) {
			int e = errno;
			if (e != EEXIST || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
				snprintf(failed, len, "%s", path);
				errno = e == EEXIST ? ENOTDIR : e;
				return -1;
			}
		}
		*p = c;
		if (!c)
			break;
		while (p[1] == '/')
			p++;
	}
	return 0;
}

static void check_and_save(struct ui_app *app, int risky_ok);

static void create_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (!yes) {
		ui_status(app, UI_ROLE_NOTE, "nothing written");
		return;
	}
	char failed[4096];
	if (make_folders(app->out_dir, failed, sizeof failed) != 0) {
		int e = errno;
		if (strcmp(failed, app->out_dir) == 0)
			save_error(app, "Cannot create the folder %s: %s.", app->out_dir,
				   strerror(e));
		else
			save_error(app, "Cannot create the folder %s (for %s): %s.", failed,
				   app->out_dir, strerror(e));
		return;
	}
	check_and_save(app, 1);
}

static void risky_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (yes)
		check_and_save(app, 1);
	else
		ui_status(app, UI_ROLE_NOTE, "nothing written; step 1 shows the files' problems");
}

/* Is the folder above dir missing too (mkdir -p will create several)? */
static int missing_parents(const char *dir)
{
	char path[4096];
	struct stat sb;
	snprintf(path, sizeof path, "%s", dir);
	char *slash = strrchr(path, '/');
	while (slash && slash > path && slash[1] == '\0') {
		*slash = '\0';
		slash = strrchr(path, '/');
	}
	if (!slash || slash == path)
		return 0;
	*slash = '\0';
	return stat(path, &sb) != 0;
}

static void check_and_save(struct ui_app *app, int risky_ok)
{
	struct session *s = app->s;
	struct stat sb;
	if (!s->have_result) {
		ui_status(app, UI_ROLE_ERROR, "nothing to save yet: run the match first "
			  "(step 4, key m)");
		return;
	}
	char problems[600];
	size_t skipped = 0;
	if (!risky_ok && ui_load_problems(app, problems, sizeof problems, &skipped) > 0) {
		ui_confirm(app, "Save", skipped ?
			   "Some rows were not loaded, so some people are missing from the "
			   "results. Save anyway?" :
			   "Reading the input files gave errors, so the results may be wrong "
			   "(e shows the messages). Save anyway?", risky_answer, NULL);
		return;
	}
	if (stat(app->out_dir, &sb) != 0) {
		if (errno == ENOENT) {
			char q[4300];
			snprintf(q, sizeof q, "The folder %s does not exist. Create it%s?",
				 app->out_dir, missing_parents(app->out_dir) ?
				 ", with the folders above it that are missing" : "");
			ui_confirm(app, "Output folder", q, create_answer, NULL);
		} else {
			save_error(app, "Cannot use the folder %s: %s.", app->out_dir,
				   strerror(errno));
		}
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		save_error(app, "%s is not a folder. Change the folder with o.", app->out_dir);
		return;
	}
	int existing = output_count_existing(app->out_dir) + pins_file_exists(app->out_dir);
	if (existing > 0) {
		char q[4300];
		snprintf(q, sizeof q, "Overwrite %d existing file%s in %s?", existing,
			 existing == 1 ? "" : "s", app->out_dir);
		ui_confirm(app, "Overwrite", q, overwrite_answer, NULL);
		return;
	}
	do_save(app, 0);
}

static void folder_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text)
		return;
	while (*text == ' ')
		text++;
	if (!*text) {
		ui_status(app, UI_ROLE_WARNING, "the folder cannot be empty; kept %s",
			  app->out_dir);
		return;
	}
	char dir[4096];
	if (ui_expand_home(text, dir, sizeof dir) != 0) {
		ui_status(app, UI_ROLE_ERROR, "%s: no such user, or the name is too long; "
			  "kept %s", text, app->out_dir);
		return;
	}
	snprintf(app->out_dir, sizeof app->out_dir, "%s", dir);
	ST->sel = 1;
}

static void edit_folder(struct ui_app *app)
{
	struct ui_input_spec in = {
		.title = "Output folder",
		.prompt = "Folder for pairs.csv, the two lists and pins.csv:",
		.initial = app->out_dir,
		.help = "A missing folder is created (after asking); ~ is your home.",
		.done = folder_entered,
	};
	ui_input(app, &in);
}

/* Draws text wrapped from (y, x) in width w, on lines before end (at least
 * one); returns the line after it. */
static int wrapped(int y, int x, int w, int end, attr_t a, const char *text)
{
	const char *s = text;
	if (end <= y)
		end = y + 1;
	while (*s && y < end) {
		if (s != text && *s == ' ')
			s++;
		size_t len = ui_wrap_next(s, w, NULL);
		char piece[1024];
		if (len == 0)
			break;
		if (len >= sizeof piece)
			len = sizeof piece - 1;
		/* the last line available: the rest, cut with a marker */
		if (y + 1 == end)
			len = strlen(s) < sizeof piece ? strlen(s) : sizeof piece - 1;
		memcpy(piece, s, len);
		piece[len] = '\0';
		ui_text(y++, x, w, a, piece, 0);
		s += len;
	}
	return y;
}

static void save_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	int y = b.y, w = b.w;
	attr_t n = ui_attr(UI_ROLE_NORMAL), dim = ui_attr(UI_ROLE_DIM);
	/* pins.csv is written when there are pins or bans, and replaced when
	 * the folder holds one (session_save) */
	int pins = s->pins.n > 0 || pins_file_exists(app->out_dir);

	if (s->have_result && s->prof.solve.mode == MODE_CAPACITY)
		ui_textf(y, 1, w - 2, n, 0, "Result: %zu pair%s from one exact solve%s",
			 s->res.npairs, ui_s(s->res.npairs), app->results_saved ? ", saved" : ", not saved yet");
	else if (s->have_result)
		ui_textf(y, 1, w - 2, n, 0, "Result: %zu pair%s in %d round%s%s", s->res.npairs,
			 ui_s(s->res.npairs),
			 s->res.nrounds, s->res.nrounds == 1 ? "" : "s",
			 app->results_saved ? ", saved" : ", not saved yet");
	else
		ui_text(y, 1, w - 2, ui_attr(UI_ROLE_WARNING), ui_missing_files(app) ?
			"No result: choose the files (step 1) and run the match (step 4)." :
			"No result yet: run the match first (step 4, or press m).", 0);
	y++;
	char problems[600];
	if (ui_load_problems(app, problems, sizeof problems, NULL) > 0) {
		char line[700];
		snprintf(line, sizeof line, "%s; see e for messages", problems);
		y = wrapped(y, 1, w - 2, b.y + b.h - 8, ui_attr(UI_ROLE_WARNING), line);
	}
	y++;

	for (int i = 0; i < 2; i++) {
		int cur = ST->sel == i;
		attr_t a = ui_attr(cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		if (cur)
			ui_fill(y, 0, w, a);
		if (i == 0) {
			ui_text(y, 2, 16, cur ? a : dim, "Output folder", 0);
			ui_text(y, 18, w - 19, a, app->out_dir, UI_TAIL);
		} else {
			ui_text(y, 2, 16, cur ? a : dim, "Write", 0);
			int x = 18;
			for (int f = 0; f < OUTPUT_NFILES; f++)
				x += ui_textf(y, x, w - 1 - x, a, 0, "%s%s", output_file_names[f],
					      f + 1 < OUTPUT_NFILES || pins ? ", " : "");
			if (pins)
				ui_text(y, x, w - 1 - x, a, PINS_FILE_NAME, 0);
		}
		y++;
	}
	y++;
	int room = b.y + b.h - y;
	y += ui_text_wrapped(y, 2, w - 3, room > 2 ? 2 : room, 0, dim, "pairs.csv: a line per "
			     "pair. The lists: a line per person, for a mail merge.");
	size_t np = pins_count(&s->pins, PIN_PIN), nb = pins_count(&s->pins, PIN_BAN);
	char pinl[256];
	if (np && nb)
		snprintf(pinl, sizeof pinl, "pins.csv: your %zu pin%s and %zu ban%s (P on step 5 "
			 "loads them again).", np, np == 1 ? "" : "s", nb, nb == 1 ? "" : "s");
	else if (np + nb)
		snprintf(pinl, sizeof pinl, "pins.csv: your %zu %s%s (P on step 5 loads them "
			 "again).", np + nb, np ? "pin" : "ban", np + nb == 1 ? "" : "s");
	else if (pins)
		snprintf(pinl, sizeof pinl, "pins.csv: no pins or bans; the one there is emptied "
			 "(header only).");
	else
		pinl[0] = '\0';
	room = b.y + b.h - y;
	if (pinl[0])
		y += ui_text_wrapped(y, 2, w - 3, room > 2 ? 2 : room, 0, dim, pinl);
	room = b.y + b.h - y;
	y += ui_text_wrapped(y, 2, w - 3, room > 2 ? 2 : room, 0, dim, "The files hold personal "
			     "data, so only you can read them (mode 600).");
	y++;
	if (!ST->have_report || y >= b.y + b.h)
		return;
	ui_text(y++, 1, w - 2, ui_attr(UI_ROLE_HEADING), ST->ok ? "Written" :
		"Not written", 0);
	for (size_t i = ST->from; i < ST->to && i < app->d->n && y < b.y + b.h; i++) {
		const struct diag_item *it = &app->d->items[i];
		char line[1024];
		if (it->level == DIAG_NOTE && it->file)   /* "pairs.csv: 34 rows written" */
			snprintf(line, sizeof line, "%s: %s", it->file, it->msg);
		else if (it->level == DIAG_NOTE)
			snprintf(line, sizeof line, "%s", it->msg);
		else
			diag_format(it, line, sizeof line);
		y = wrapped(y, 2, w - 3, b.y + b.h, ui_attr(it->level == DIAG_ERROR ?
			UI_ROLE_ERROR : it->level == DIAG_WARNING ? UI_ROLE_WARNING :
			UI_ROLE_NORMAL), line);
	}
}

static int save_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	switch (act) {
	case UI_ACT_UP:
		ST->sel = 0;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		ST->sel = 1;
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (ST->sel == 0)
			edit_folder(app);
		else
			check_and_save(app, 0);
		return UI_HANDLED;
	case UI_ACT_EDIT_FOLDER:
		edit_folder(app);
		return UI_HANDLED;
	case UI_ACT_SAVE_RESULTS:
		check_and_save(app, 0);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void save_enter(struct ui_app *app)
{
	ST->sel = app->s->have_result ? 1 : 0;
	if (ST->have_report && ST->gen != app->gen && !app->results_saved)
		ST->have_report = 0;       /* the report was about an older result */
}

static const struct ui_hint save_hints[] = {
	{ UI_ACT_UP, NULL },
	{ UI_ACT_EDIT_FOLDER, "change folder" },
	{ UI_ACT_SAVE_RESULTS, "write files" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_save = {
	.state_size = sizeof(struct save_state),
	.name = "Save",
	.title = "Save: write the pairs and the mail-merge lists",
	.enter = save_enter,
	.leave = NULL,
	.draw = save_draw,
	.handle = save_handle,
	.hints = save_hints,
};
