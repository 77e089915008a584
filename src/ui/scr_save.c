/* scr_save.c - step 6: write the result files into an output folder.
 *
 * Two lines: the output folder (Enter or o edits it) and the write command
 * (Enter or s).  A folder that does not exist is created after asking;
 * existing result files are overwritten only after asking.  What was
 * written (the notes session_save reports) is listed below.
 */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mentormatch/output.h"
#include "mentormatch/session.h"

static struct {
	int sel;                  /* 0: folder, 1: write */
	int have_report;
	size_t from, to;          /* diag items of the last save */
	int ok;
	unsigned long gen;        /* result generation the report belongs to */
} st;

static void do_save(struct ui_app *app, int overwrite)
{
	struct session *s = app->s;
	st.from = app->d->n;
	st.ok = session_save(s, app->out_dir, overwrite, app->d) == 0;
	st.to = app->d->n;
	st.have_report = 1;
	st.gen = app->gen;
	if (st.ok) {
		app->results_saved = 1;
		ui_status(app, UI_ROLE_NOTE, "%d files written to %s", OUTPUT_NFILES,
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

static void check_and_save(struct ui_app *app);

static void create_answer(struct ui_app *app, void *ctx, int yes)
{
	(void)ctx;
	if (!yes) {
		ui_status(app, UI_ROLE_NOTE, "nothing written");
		return;
	}
	if (mkdir(app->out_dir, 0700) != 0) {
		ui_status(app, UI_ROLE_ERROR, "cannot create folder %s: %s", app->out_dir,
			  strerror(errno));
		return;
	}
	check_and_save(app);
}

static void check_and_save(struct ui_app *app)
{
	struct session *s = app->s;
	struct stat sb;
	if (!s->have_result) {
		ui_status(app, UI_ROLE_ERROR, "nothing to save yet: run the match first "
			  "(step 4, key m)");
		return;
	}
	if (stat(app->out_dir, &sb) != 0) {
		if (errno == ENOENT) {
			char q[4300];
			snprintf(q, sizeof q, "The folder %s does not exist. Create it?",
				 app->out_dir);
			ui_confirm(app, "Output folder", q, create_answer, NULL);
		} else {
			ui_status(app, UI_ROLE_ERROR, "cannot use folder %s: %s", app->out_dir,
				  strerror(errno));
		}
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		ui_status(app, UI_ROLE_ERROR, "%s is not a folder", app->out_dir);
		return;
	}
	int existing = output_count_existing(app->out_dir);
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
	snprintf(app->out_dir, sizeof app->out_dir, "%s", text);
	st.sel = 1;
}

static void edit_folder(struct ui_app *app)
{
	struct ui_input_spec in = {
		.title = "Output folder",
		.prompt = "Folder for pairs.csv, mentors-list.csv and mentees-list.csv:",
		.initial = app->out_dir,
		.help = "A folder that does not exist is created (after asking).",
		.done = folder_entered,
	};
	ui_input(app, &in);
}

static void save_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	int y = b.y, w = b.w;
	attr_t n = ui_attr(UI_ROLE_NORMAL), dim = ui_attr(UI_ROLE_DIM);

	if (s->have_result)
		ui_textf(y, 1, w - 2, n, 0, "Result: %zu pairs in %d round%s%s", s->res.npairs,
			 s->res.nrounds, s->res.nrounds == 1 ? "" : "s",
			 app->results_saved ? ", saved" : ", not saved yet");
	else
		ui_text(y, 1, w - 2, ui_attr(UI_ROLE_WARNING), ui_missing_files(app) ?
			"No result: choose the files (step 1) and run the match (step 4)." :
			"No result yet: run the match first (step 4, or press m).", 0);
	y += 2;

	for (int i = 0; i < 2; i++) {
		int cur = st.sel == i;
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
					      f + 1 < OUTPUT_NFILES ? ", " : "");
		}
		y++;
	}
	y++;
	ui_text(y++, 2, w - 3, dim, "pairs.csv: a line per pair. The lists: a line per "
		"person, for a mail merge.", 0);
	ui_text(y++, 2, w - 3, dim, "The files hold personal data, so only you can read "
		"them (mode 600).", 0);
	y++;
	if (!st.have_report || y >= b.y + b.h)
		return;
	ui_text(y++, 1, w - 2, ui_attr(UI_ROLE_HEADING), st.ok ? "Written" :
		"Not written", 0);
	for (size_t i = st.from; i < st.to && i < app->d->n && y < b.y + b.h; i++) {
		const struct diag_item *it = &app->d->items[i];
		char line[1024];
		diag_format(it, line, sizeof line);
		ui_text(y++, 2, w - 3, ui_attr(it->level == DIAG_ERROR ? UI_ROLE_ERROR :
			it->level == DIAG_WARNING ? UI_ROLE_WARNING : UI_ROLE_NORMAL), line, 0);
	}
}

static int save_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	switch (act) {
	case UI_ACT_UP:
		st.sel = 0;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		st.sel = 1;
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (st.sel == 0)
			edit_folder(app);
		else
			check_and_save(app);
		return UI_HANDLED;
	case UI_ACT_EDIT_FOLDER:
		edit_folder(app);
		return UI_HANDLED;
	case UI_ACT_SAVE_RESULTS:
		check_and_save(app);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void save_enter(struct ui_app *app)
{
	st.sel = app->s->have_result ? 1 : 0;
	if (st.have_report && st.gen != app->gen && !app->results_saved)
		st.have_report = 0;       /* the report was about an older result */
}

static const struct ui_hint save_hints[] = {
	{ UI_ACT_UP, NULL },
	{ UI_ACT_EDIT_FOLDER, "change folder" },
	{ UI_ACT_SAVE_RESULTS, "write files" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_save = {
	.name = "Save",
	.title = "Save: write the pairs and the mail-merge lists",
	.enter = save_enter,
	.leave = NULL,
	.draw = save_draw,
	.handle = save_handle,
	.hints = save_hints,
};
