/* app.c - ui_run: the one loop that owns input, resize and redraw.
 *
 * Each turn: draw everything (step bar, title, the current step, message
 * line, key hints, the open dialogs), wait for a key, hand it to the top
 * dialog or else to the step and then to the global actions, and apply the
 * effects the handler returns.  KEY_RESIZE needs nothing more than the next
 * full redraw, which lays everything out from LINES and COLS again.
 *
 * Terminal hygiene: the locale is set before curses starts; newterm() rather
 * than initscr(); signals only set a flag that the loop reads; the terminal
 * is restored by the normal path, by an atexit handler, and after a signal;
 * stderr is collected in a temporary file while curses owns the screen and
 * printed after endwin.
 *
 * Signals: SIGINT (Ctrl-C) asks like q when there are unsaved results (a
 * second Ctrl-C while that question is open quits), and stops a running
 * match; SIGTERM, SIGHUP and SIGQUIT end the program at once.
 */
#include "tui.h"
#include "mentormatch/profile_find.h"

#include "mentormatch/report.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mentormatch/diag.h"
#include "mentormatch/session.h"

/* The app of the running interface, for ui_step_state. */
static struct ui_app *the_app;

void *ui_step_state(int step)
{
	return the_app->step_state[step];
}

static const struct ui_screen *const screens[UI_NSTEPS] = {
	[UI_STEP_FILES] = &ui_scr_files,
	[UI_STEP_COLUMNS] = &ui_scr_columns,
	[UI_STEP_RULES] = &ui_scr_rules,
	[UI_STEP_MATCH] = &ui_scr_match,
	[UI_STEP_CANDIDATES] = &ui_scr_candidates,
	[UI_STEP_SAVE] = &ui_scr_save,
};

/* Global actions shown on the right of the key-hint line, on every step. */
static const struct ui_hint global_hints[] = {
	{ UI_ACT_NEXT_STEP, NULL }, { UI_ACT_HELP, NULL }, { UI_ACT_QUIT, NULL },
	{ UI_ACT_NONE, NULL }
};

/* ---- process state that must survive a non-local exit ------------------------ */

static volatile sig_atomic_t got_signal;
static int curses_active;
static SCREEN *screen;
static int saved_stderr = -1;
static FILE *stderr_buf;
static int atexit_done;
static struct sigaction old_action[4];
static const int caught[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* The loop wakes up this often to notice a signal that arrived while it was
 * drawing (a signal during the blocking read ends the read at once). */
#define LOOP_TIMEOUT_MS 250

static void on_signal(int sig)
{
	got_signal = sig;     /* nothing else: no curses calls in a handler */
}

static void signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;      /* no SA_RESTART: a blocked read returns */
	for (int i = 0; i < 4; i++)
		sigaction(caught[i], &sa, &old_action[i]);
}

static void signals_restore(void)
{
	for (int i = 0; i < 4; i++)
		sigaction(caught[i], &old_action[i], NULL);
}

/* While curses draws, stderr goes to a temporary file (a library message
 * would otherwise land in the middle of the screen); it is printed after
 * the terminal is restored. */
static void stderr_capture(void)
{
	fflush(stderr);
	stderr_buf = tmpfile();
	if (!stderr_buf)
		return;
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fileno(stderr_buf), STDERR_FILENO) < 0) {
		if (saved_stderr >= 0)
			close(saved_stderr);
		saved_stderr = -1;
		fclose(stderr_buf);
		stderr_buf = NULL;
	}
}

static void stderr_release(void)
{
	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (stderr_buf) {
		char buf[4096];
		size_t n;
		rewind(stderr_buf);
		while ((n = fread(buf, 1, sizeof buf, stderr_buf)) > 0)
			fwrite(buf, 1, n, stderr);
		fclose(stderr_buf);
		stderr_buf = NULL;
	}
}

static void terminal_restore(void)
{
	if (curses_active) {
		/* a terminal without an alternate screen keeps what is drawn */
		erase();
		refresh();
		curs_set(1);
		endwin();
		curses_active = 0;
		if (screen) {
			delscreen(screen);
			screen = NULL;
		}
	}
	stderr_release();
}

static void at_exit(void)
{
	terminal_restore();
}

/* SIGTERM, SIGHUP or SIGQUIT while a job runs in another thread: the
 * session may be half rebuilt, so leave without touching it. */
static void fatal_signal_exit(int sig)
{
	terminal_restore();
	signals_restore();
	fprintf(stderr, "mentormatch: interrupted by signal %d while matching; "
		"the match results were not saved\n", sig);
	_exit(128 + sig);
}

/* ---- helpers for the screens ----------------------------------------------------- */

void ui_status(struct ui_app *app, enum ui_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->status_role = role;
	app->status_set = 1;
	app->status_ignored = 0;
}

void ui_dialog_push(struct ui_app *app, struct ui_dialog *dlg)
{
	if (app->ndlg == UI_MAX_DIALOGS) {
		dlg->ops->destroy(dlg);
		return;
	}
	app->dlg[app->ndlg++] = dlg;
}

void ui_dialog_close(struct ui_dialog *dlg)
{
	dlg->closing = 1;
}

static void dialog_remove(struct ui_app *app, struct ui_dialog *dlg)
{
	for (int i = 0; i < app->ndlg; i++)
		if (app->dlg[i] == dlg) {
			memmove(app->dlg + i, app->dlg + i + 1,
				(size_t)(app->ndlg - i - 1) * sizeof app->dlg[0]);
			app->ndlg--;
			dlg->ops->destroy(dlg);
			return;
		}
}

void ui_changed(struct ui_app *app)
{
	app->gen++;
}

int ui_ensure_people(struct ui_app *app)
{
	struct session *s = app->s;
	struct diag d = { 0 };
	if (s->ds_valid && s->hist_resolved)
		return 1;
	if (!s->have_profile || !s->have_table[SIDE_MENTOR] || !s->have_table[SIDE_MENTEE])
		return 0;
	int ok = session_prepare_people(s, &d) == 0;
	if (ok)
		diag_append_new(app->d, &d);
	diag_free(&d);
	if (ok)
		app->gen++;
	return ok;
}

int ui_ensure_dataset(struct ui_app *app)
{
	struct session *s = app->s;
	if (s->have_dataset)
		return 1;
	if (!s->have_table[SIDE_MENTOR] || !s->have_table[SIDE_MENTEE])
		return 0;
	if (app->prep_failed && app->prep_failed_gen == app->gen)
		return 0;       /* already reported; wait for a change */
	struct diag d = { 0 };
	int rc = session_prepare(s, &d);
	diag_append_new(app->d, &d);    /* the people's warnings once, however often read */
	diag_free(&d);
	if (rc == 0 && s->have_dataset) {
		app->gen++;
		app->prep_failed = 0;
		return 1;
	}
	app->prep_failed = 1;
	app->prep_failed_gen = app->gen;
	return 0;
}

const char *ui_missing_files(const struct ui_app *app)
{
	int m = app->s->have_table[SIDE_MENTOR], e = app->s->have_table[SIDE_MENTEE];
	if (!m && !e)
		return "the mentors file and the mentees file";
	if (!m)
		return "the mentors file";
	if (!e)
		return "the mentees file";
	return NULL;
}

const char *ui_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* Appends printf-style text to buf (always NUL-terminated). */
static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

size_t ui_load_problems(const struct ui_app *app, char *buf, size_t len, size_t *skipped)
{
	const struct session *s = app->s;
	const struct diag *d = app->d;
	size_t total = 0, all_skipped = 0;
	if (len)
		buf[0] = '\0';
	for (int side = 0; side < SIDE_COUNT; side++) {
		if (!s->have_table[side] || !s->tab[side].path)
			continue;
		const struct table *t = &s->tab[side];
		size_t errors = 0, nlines = 0;
		unsigned long lines[4];
		for (size_t i = app->loaded_from[side]; i < app->loaded_to[side] && i < d->n; i++) {
			const struct diag_item *it = &d->items[i];
			if (it->level != DIAG_ERROR || !it->file || strcmp(it->file, t->path) != 0)
				continue;
			errors++;
			if (it->line && nlines < 4)
				lines[nlines++] = it->line;
		}
		if (!errors && !t->skipped)
			continue;
		if (buf[0])
			append(buf, len, "; ");
		if (t->skipped)
			append(buf, len, "%zu row%s of %s %s not loaded", t->skipped,
			       t->skipped == 1 ? "" : "s", ui_basename(t->path),
			       t->skipped == 1 ? "was" : "were");
		else
			append(buf, len, "%s had %zu error%s when it was read", ui_basename(t->path),
			       errors, errors == 1 ? "" : "s");
		for (size_t k = 0; k < nlines; k++)
			append(buf, len, "%s%lu", k == 0 ? (nlines == 1 && errors == 1 ? " (line " :
			       " (lines ") : ", ", lines[k]);
		if (nlines)
			append(buf, len, "%s)", errors > nlines ? ui_utf8_locale() ? ", …" : ", ..." : "");
		all_skipped += t->skipped;
		total += t->skipped > errors ? t->skipped : errors;
	}
	if (skipped)
		*skipped = all_skipped;
	return total;
}

void ui_draw_empty(struct ui_rect body, const char *line1, const char *line2)
{
	if (body.h < 2)
		return;
	ui_text(body.y + 1, body.x + 2, body.w - 4, ui_attr(UI_ROLE_HEADING), line1, 0);
	if (line2 && body.h >= 4) {
		/* wrapped: the second line may be long */
		ui_text_wrapped(body.y + 3, body.x + 2, body.w - 4, body.h - 3, 0,
				ui_attr(UI_ROLE_NORMAL), line2);
	}
}

void ui_scroll_fix(size_t n, int h, size_t *sel, size_t *top)
{
	if (h < 1)
		h = 1;
	if (n == 0) {
		*sel = *top = 0;
		return;
	}
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + (size_t)h)
		*top = *sel - (size_t)h + 1;
	if (*top + (size_t)h > n)
		*top = n > (size_t)h ? n - (size_t)h : 0;
}

int ui_list_move(enum ui_action act, size_t n, int h, size_t *sel)
{
	size_t page = h > 1 ? (size_t)h - 1 : 1;
	switch (act) {
	case UI_ACT_UP:
		if (*sel > 0)
			(*sel)--;
		return 1;
	case UI_ACT_DOWN:
		if (*sel + 1 < n)
			(*sel)++;
		return 1;
	case UI_ACT_PAGE_UP:
		*sel = *sel > page ? *sel - page : 0;
		return 1;
	case UI_ACT_PAGE_DOWN:
		*sel = *sel + page < n ? *sel + page : (n ? n - 1 : 0);
		return 1;
	case UI_ACT_HOME:
		*sel = 0;
		return 1;
	case UI_ACT_END:
		*sel = n ? n - 1 : 0;
		return 1;
	default:
		return 0;
	}
}

/* ---- drawing the frame ------------------------------------------------------------- */

static void draw_too_small(void)
{
	char need[64];
	const char *msg = COLS >= 18 ? "terminal too small" : "too small";
	snprintf(need, sizeof need, "need %dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	attr_t a = ui_attr(UI_ROLE_NOTICE);
	int y = LINES >= 3 ? LINES / 2 - 1 : 0;
	int w = ui_text_width(msg);
	int x = COLS > w ? (COLS - w) / 2 : 0;
	ui_text(y, x, COLS - x, a, msg, 0);
	if (y + 1 < LINES) {
		char have[96];
		snprintf(have, sizeof have, "%s, have %dx%d", need, COLS, LINES);
		const char *t = ui_text_width(have) <= COLS ? have : need;
		w = ui_text_width(t);
		x = COLS > w ? (COLS - w) / 2 : 0;
		ui_text(y + 1, x, COLS - x, ui_attr(UI_ROLE_NORMAL), t, 0);
	}
}

static void draw_step_bar(const struct ui_app *app)
{
	attr_t bar = ui_attr(UI_ROLE_BAR);
	ui_fill(0, 0, COLS, bar);
	int x = 0;
	for (int i = 0; i < UI_NSTEPS && x < COLS; i++) {
		char seg[64];
		snprintf(seg, sizeof seg, " %d %s ", i + 1, screens[i]->name);
		x += ui_text(0, x, COLS - x, i == app->step ?
			     ui_attr(UI_ROLE_BAR_CURRENT) : bar, seg, 0);
	}
	const char *name = " mentormatch ";
	int w = ui_text_width(name);
	if (COLS - x >= w + 1)
		ui_text(0, COLS - w, w, bar, name, 0);
}

/* The step's own keys on the left, the global ones on the right; when the
 * line is too narrow, the hints of the lowest rank go (ui_draw_hint_line). */
static void draw_hints(const struct ui_app *app)
{
	ui_draw_hint_line(LINES - 1, screens[app->step]->hints, global_hints);
}

/* The message line; after a match during which keys were typed, a note
 * that they were ignored, shortened (and the message cut) when the line
 * is too narrow for both. */
static void draw_status(const struct ui_app *app)
{
	int w = COLS - 2;
	const char *tail = "";
	if (app->status_ignored) {
		static const char *const notes[] = {
			"; keys typed during the match were ignored",
			"; keys typed meanwhile ignored",
			" (typing ignored)",
		};
		int sw = ui_text_width(app->status);
		for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
			tail = notes[i];
			if (sw + ui_text_width(tail) <= w)
				break;
		}
		if (!app->status[0])
			tail = "keys typed during the match were ignored";
	}
	int tw = ui_text_width(tail);
	int x = 1;
	if (app->status[0])
		x += ui_text(LINES - 2, x, w - tw, ui_attr(app->status_role), app->status, 0);
	if (*tail)
		ui_text(LINES - 2, x, COLS - 1 - x, ui_attr(UI_ROLE_WARNING), tail, 0);
}

static void draw_all(struct ui_app *app)
{
	erase();
	app->cursor_on = 0;
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
		draw_too_small();
	} else {
		const struct ui_screen *scr = screens[app->step];
		draw_step_bar(app);
		ui_text(1, 1, COLS - 2, ui_attr(UI_ROLE_TITLE), scr->title, 0);
		struct ui_rect body = { 2, 0, LINES - 4, COLS };
		scr->draw(app, body);
		draw_status(app);
		draw_hints(app);
		for (int i = 0; i < app->ndlg; i++)
			app->dlg[i]->ops->draw(app, app->dlg[i]);
	}
	if (app->cursor_on) {
		curs_set(1);
		move(app->cursor_y, app->cursor_x);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	refresh();
}

/* ---- a job in another thread ------------------------------------------------------ */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Only the step bar, the step's title, a box and the hint line: nothing
 * that reads the session. */
static void draw_job(struct ui_app *app, const struct ui_job *job, double elapsed,
		     int cancelling)
{
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
		draw_too_small();
	} else {
		char text[1024];
		const char *lines[12];
		int n = 0, w = 0;
		job->describe(job->arg, elapsed, cancelling, text, sizeof text);
		for (char *p = text; p && n < 12; ) {
			lines[n++] = p;
			char *nl = strchr(p, '\n');
			if (nl)
				*nl++ = '\0';
			p = nl;
		}
		for (int i = 0; i < n; i++)
			if (ui_text_width(lines[i]) > w)
				w = ui_text_width(lines[i]);
		draw_step_bar(app);
		ui_text(1, 1, COLS - 2, ui_attr(UI_ROLE_TITLE), screens[app->step]->title, 0);
		struct ui_rect in = ui_box(ui_centre(n + 2, w + 6 > 56 ? w + 6 : 56), job->title);
		for (int i = 0; i < n && i < in.h; i++)
			ui_text(in.y + i, in.x + 1, in.w - 1, ui_attr(i == 0 ? UI_ROLE_HEADING :
				UI_ROLE_NORMAL), lines[i], 0);
		struct ui_hint stop[] = { { UI_ACT_STOP_MATCH, NULL }, { UI_ACT_NONE, NULL } };
		ui_draw_hint_line(LINES - 1, stop, NULL);
	}
	curs_set(0);
	move(LINES - 1, COLS - 1);
	refresh();
}

static void fatal_signal_exit(int sig);

double ui_wait_job(struct ui_app *app, const struct ui_job *job)
{
	struct timespec t0;
	int cancelling = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Keys typed while the job runs: c, Esc and Ctrl-C cancel it, ^L
	 * redraws; every other key is thrown away (counted in
	 * app->keys_dropped), and so is whatever is still waiting when the job
	 * ends: a key meant for the screen before the match (b for a ban, t,
	 * /) must not act on the result after it. */
	timeout(10);
	while (!atomic_load(job->done)) {
		double elapsed = seconds_since(&t0);
		int early = elapsed < 0.5;
		if (!early)
			timeout(100);
		if (!early)
			draw_job(app, job, elapsed, cancelling);
		wint_t ch;
		int r = get_wch(&ch);
		if (got_signal) {
			int sig = got_signal;
			if (sig != SIGINT)
				fatal_signal_exit(sig);
			got_signal = 0;
			atomic_store(job->cancel, 1);
			cancelling = 1;
			continue;
		}
		if (r == ERR)
			continue;
		int key = r == KEY_CODE_YES ? UI_FN((int)ch) : (int)ch;
		enum ui_action act = ui_action_for_key(key);
		if (act == UI_ACT_STOP_MATCH || act == UI_ACT_CANCEL || key == UI_CTRL('c')) {
			atomic_store(job->cancel, 1);
			cancelling = 1;
		} else if (act == UI_ACT_REDRAW) {
			clearok(curscr, TRUE);
		} else if (key != UI_FN(KEY_RESIZE)) {
			app->keys_dropped++;
		}
	}
	/* what was typed in the last moments goes too */
	timeout(0);
	for (;;) {
		wint_t ch;
		int r = get_wch(&ch);
		if (r == ERR)
			break;
		if (!(r == KEY_CODE_YES && ch == KEY_RESIZE))
			app->keys_dropped++;
	}
	flushinp();
	timeout(LOOP_TIMEOUT_MS);
	return seconds_since(&t0);
}

/* ---- events ---------------------------------------------------------------------- */

/* New diagnostics since the last event: the first error (or the newest
 * message) goes to the message line; errors also open the message list. */
static void announce_diag(struct ui_app *app)
{
	const struct diag *d = app->d;
	size_t from = app->diag_seen, n = d->n;
	if (n <= from)
		return;
	app->diag_seen = n;
	size_t errors = 0, warnings = 0, pick = n - 1;
	for (size_t i = from; i < n; i++) {
		/* the warnings of a match (pins the rules do not allow, again
		 * after every match) give way to what the step said */
		int quiet = app->status_set && i >= app->match_diag_from &&
			    i < app->match_diag_to;
		if (d->items[i].level == DIAG_ERROR) {
			if (errors == 0)
				pick = i;
			errors++;
		} else if (d->items[i].level == DIAG_WARNING && !quiet) {
			if (errors == 0 && warnings == 0)
				pick = i;
			warnings++;
		}
	}
	/* only notes, and the step said what happened: keep its words */
	if (app->status_set && !errors && !warnings)
		return;
	char line[400];
	const struct diag_item *it = &d->items[pick];
	/* the file's base name: the message, not the path, must fit the line */
	struct diag_item shown = *it;
	char base[256];
	if (shown.file) {
		snprintf(base, sizeof base, "%s", ui_basename(it->file));
		shown.file = base;
	}
	diag_format(&shown, line, sizeof line);
	enum ui_role role = it->level == DIAG_ERROR ? UI_ROLE_ERROR :
			    it->level == DIAG_WARNING ? UI_ROLE_WARNING : UI_ROLE_NOTE;
	if (n - from > 1)
		ui_status(app, role, "%s  (+%zu more: e shows all)", line, n - from - 1);
	else
		ui_status(app, role, "%s", line);
	if (errors)
		ui_show_messages(app, from, errors == 1 ? "Problem" : "Problems");
}

static void switch_step(struct ui_app *app, int step)
{
	if (step < 0 || step >= UI_NSTEPS || step == app->step)
		return;
	if (screens[app->step]->leave)
		screens[app->step]->leave(app);
	app->step = step;
	if (screens[step]->enter)
		screens[step]->enter(app);
}

static int quit_flag;
static int quit_asking;      /* the "Quit anyway?" question is open */

static void quit_answer(struct ui_app *app, void *ctx, int yes)
{
	int *quit = ctx;
	(void)app;
	quit_asking = 0;
	if (yes)
		*quit = 1;
}

/* What quitting would lose: unsaved results and/or an unsaved profile;
 * NULL when nothing. */
static const char *unsaved_work(const struct ui_app *app)
{
	int res = app->s->have_result && !app->results_saved;
	int prof = session_profile_unsaved(app->s);
	int pins = app->s->pins_unsaved;
	if (res && prof)
		return "The match results and the changes to the profile have not been saved";
	if (res)
		return "The match results have not been saved";
	if (prof && pins)
		return "The changes to the profile and the pins and bans have not been saved";
	if (prof)
		return "The changes to the profile have not been saved (w on step 3 writes it)";
	if (pins)
		return "The pins and bans have not been saved (s on step 6 writes them with the "
			"results)";
	return NULL;
}

static void ask_quit(struct ui_app *app, int by_interrupt)
{
	char q[300];
	quit_asking = 1;
	snprintf(q, sizeof q, "%s. Quit anyway?%s", unsaved_work(app),
		 by_interrupt ? " (Ctrl-C again quits.)" : "");
	ui_confirm(app, "Quit", q, quit_answer, &quit_flag);
}

/* Ctrl-C: returns 1 to end the program now. */
static int interrupted(struct ui_app *app)
{
	if (quit_asking || !unsaved_work(app))
		return 1;
	ask_quit(app, 1);
	return 0;
}

/* The import report (report.h) in a scrollable box: what was read from
 * each file, what was left out and why, before the coordinator matches. */
static void show_import_report(struct ui_app *app)
{
	struct import_report rep;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!app->s->have_profile || ui_missing_files(app)) {
		ui_status(app, UI_ROLE_ERROR, "the import report needs a profile and both files (step 1)");
		return;
	}
	ui_ensure_dataset(app);
	if (report_build(app->s, &rep) != 0) {
		ui_status(app, UI_ROLE_ERROR, "the import report could not be made (out of memory?)");
		return;
	}
	f = open_memstream(&text, &len);
	if (f) {
		report_print(&rep, f);
		if (report_untrustworthy(&rep))
			fputs("\nSome people are missing or cannot be told apart: fix the files or the\n"
			      "columns (steps 1 and 2) before trusting the match.\n", f);
		fclose(f);
		ui_alert(app, "Import report", text ? text : "");
	}
	free(text);
	report_free(&rep);
}

static int global_action(struct ui_app *app, enum ui_action act, int key)
{
	switch (act) {
	case UI_ACT_NEXT_STEP:
		app->want_step = app->step + 1 < UI_NSTEPS ? app->step + 1 : app->step;
		return UI_HANDLED | UI_SWITCH;
	case UI_ACT_PREV_STEP:
		app->want_step = app->step > 0 ? app->step - 1 : 0;
		return UI_HANDLED | UI_SWITCH;
	case UI_ACT_GOTO_STEP:
		app->want_step = key - '1';
		return UI_HANDLED | UI_SWITCH;
	case UI_ACT_RUN_MATCH:
		app->want_step = UI_STEP_MATCH;
		switch_step(app, UI_STEP_MATCH);
		ui_match_run(app);
		return UI_HANDLED;
	case UI_ACT_SAVE_RESULTS:
		app->want_step = UI_STEP_SAVE;
		return UI_HANDLED | UI_SWITCH;
	case UI_ACT_SUMMARY:
		ui_show_summary(app);
		return UI_HANDLED;
	case UI_ACT_UNDO:
		ui_undo(app);
		return UI_HANDLED;
	case UI_ACT_NEW_PROFILE:
		ui_new_profile(app);
		return UI_HANDLED;
	case UI_ACT_WHAT_CHANGED:
		ui_show_whatif(app);
		return UI_HANDLED;
	case UI_ACT_MESSAGES:
		ui_ensure_people(app);
		ui_show_messages(app, 0, "Messages");
		return UI_HANDLED;
	case UI_ACT_IMPORT_REPORT:
		show_import_report(app);
		return UI_HANDLED;
	case UI_ACT_HELP:
		ui_show_help(app);
		return UI_HANDLED;
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		return UI_HANDLED;
	case UI_ACT_QUIT:
		if (unsaved_work(app)) {
			ask_quit(app, 0);
			return UI_HANDLED;
		}
		return UI_HANDLED | UI_QUIT;
	default:
		return UI_IGNORED;
	}
}

static void handle_key(struct ui_app *app, int key)
{
	int fx;
	unsigned long gen = app->gen;
	int step = app->step;
	app->status_set = 0;
	app->match_diag_from = app->match_diag_to = 0;
	if (app->ndlg > 0) {
		struct ui_dialog *top = app->dlg[app->ndlg - 1];
		fx = top->ops->key(app, top, key);
		if (fx & UI_CLOSE)
			dialog_remove(app, top);
		for (int i = app->ndlg - 1; i >= 0; i--)
			if (i < app->ndlg && app->dlg[i]->closing)
				dialog_remove(app, app->dlg[i]);
	} else {
		enum ui_action act = ui_action_for_key(key);
		fx = screens[app->step]->handle(app, act, key);
		if (!(fx & UI_HANDLED))
			fx = global_action(app, act, key);
	}
	if (fx & UI_SWITCH)
		switch_step(app, app->want_step);
	/* a file chosen on step 1: what reading its people says, at once */
	if (app->step == UI_STEP_FILES && app->gen != gen)
		ui_ensure_people(app);
	if ((fx & UI_QUIT) || quit_flag)
		quit_flag = 1;
	/* a change went through and said nothing, or another step is shown:
	 * an older message (an error about a value since corrected, a note
	 * about the step left) would now mislead */
	if (!app->status_set && (app->gen != gen || app->step != step)) {
		app->status[0] = '\0';
		app->status_ignored = 0;
	}
	announce_diag(app);
	if (app->keys_dropped) {
		app->status_ignored = 1;
		app->keys_dropped = 0;
	}
}

int ui_run(struct session *s, const struct ui_options *o, struct diag *d)
{
	struct ui_app *app = calloc(1, sizeof *app);
	if (!app) {
		fprintf(stderr, "mentormatch: out of memory\n");
		return 1;
	}
	app->s = s;
	app->opts = o;
	app->d = d;
	app->step = UI_STEP_FILES;
	for (int i = 0; i < UI_NSTEPS; i++) {
		app->step_state[i] = calloc(1, screens[i]->state_size ? screens[i]->state_size : 1);
		if (!app->step_state[i]) {
			for (int k = 0; k < i; k++)
				free(app->step_state[k]);
			free(app);
			fprintf(stderr, "mentormatch: out of memory\n");
			return 1;
		}
		if (screens[i]->state_init)
			screens[i]->state_init(app->step_state[i]);
	}
	the_app = app;
	snprintf(app->out_dir, sizeof app->out_dir, "%s",
		 o && o->out_dir && *o->out_dir ? o->out_dir : ".");

	setlocale(LC_ALL, "");
	ui_locale_init();
	for (int side = 0; side < SIDE_COUNT; side++) {
		app->loaded_from[side] = 0;       /* loaded by the caller */
		app->loaded_to[side] = d->n;
	}
	got_signal = 0;
	quit_flag = 0;
	quit_asking = 0;
	signals_install();
	if (!atexit_done) {
		atexit(at_exit);
		atexit_done = 1;
	}
	stderr_capture();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		stderr_release();
		signals_restore();
		const char *term = getenv("TERM");
		fprintf(stderr, "mentormatch: cannot start the terminal interface on "
			"TERM=%s. Try TERM=xterm-256color, or use --batch.\n",
			term ? term : "(not set)");
		free(app);
		return 1;
	}
	set_term(screen);
	curses_active = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	ui_colors_init();
	curs_set(0);
	timeout(LOOP_TIMEOUT_MS);

	if (screens[app->step]->enter)
		screens[app->step]->enter(app);
	ui_ensure_people(app);
	announce_diag(app);
	if (!app->s->have_profile && !app->status[0]) {
		struct found_profile *fp;
		size_t nf = profile_find(o ? o->exe : NULL, &fp), mine = 0;
		for (size_t i = 0; i < nf; i++)
			mine += fp[i].where != PLACE_EXAMPLE;
		profile_found_free(fp, nf);
		if (mine)
			ui_status(app, UI_ROLE_NOTE, "No profile given: l on step 3 lists the %zu found "
				  "(%zu yours or here); ^N builds a new one from the files' columns",
				  nf, mine);
		else
			ui_status(app, UI_ROLE_NOTE, "No profile given: ^N builds a new one from the "
				  "files' columns; l on step 3 loads one (the examples, or a file)");
	}

	/* MENTORMATCH_FRAME_LOG=FILE: each key's handling and the redraw after
	 * it, in milliseconds, one line per key (for make bench and tuning) */
	const char *frame_log_path = getenv("MENTORMATCH_FRAME_LOG");
	FILE *frame_log = frame_log_path && *frame_log_path ? fopen(frame_log_path, "a") : NULL;
	struct timespec key_t0;
	int key_pending = 0, key_logged = 0;

	int need_draw = 1;
	while (!quit_flag) {
		if (got_signal) {
			if (got_signal != SIGINT)
				break;
			got_signal = 0;
			if (interrupted(app)) {
				got_signal = SIGINT;
				break;
			}
			need_draw = 1;
		}
		if (need_draw)
			draw_all(app);
		need_draw = 0;
		if (frame_log && key_pending) {
			fprintf(frame_log, "key %d step %d %.3f ms\n", key_logged, app->step + 1,
				seconds_since(&key_t0) * 1000.0);
			fflush(frame_log);
			key_pending = 0;
		}
		wint_t ch;
		int r = get_wch(&ch);
		if (got_signal)
			continue;          /* handled at the top */
		if (r == ERR)
			continue;
		need_draw = 1;
		int key = r == KEY_CODE_YES ? UI_FN((int)ch) : (int)ch;
		if (key == UI_FN(KEY_RESIZE))
			continue;          /* the next draw lays out again */
		if (COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS) {
			/* nothing is visible to act on; q still quits when safe */
			if (key == 'q' && !unsaved_work(app))
				break;
			continue;
		}
		if (frame_log) {
			clock_gettime(CLOCK_MONOTONIC, &key_t0);
			key_pending = 1;
			key_logged = key;
		}
		handle_key(app, key);
	}
	if (frame_log)
		fclose(frame_log);
	ui_whatif_reset();

	int sig = got_signal;
	int results_saved = app->results_saved;
	if (screens[app->step]->leave)
		screens[app->step]->leave(app);
	while (app->ndlg > 0)
		dialog_remove(app, app->dlg[app->ndlg - 1]);
	terminal_restore();
	signals_restore();
	the_app = NULL;
	for (int i = 0; i < UI_NSTEPS; i++)
		free(app->step_state[i]);
	free(app);
	if (sig) {
		fprintf(stderr, "mentormatch: interrupted by signal %d%s%s\n", sig,
			s->have_result && !results_saved ? "; the match results were not saved" : "",
			session_profile_unsaved(s) ? "; the changes to the profile were not saved" : "");
		return 128 + sig;
	}
	return 0;
}
