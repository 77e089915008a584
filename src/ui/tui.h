/* tui.h - private interface of the terminal interface (src/ui/ only).
 *
 * Structure (see shared/design/style.md):
 *   app.c       the one loop: input, resize, redraw; the step bar, the
 *               message line and the key-hint line; signals, stderr buffer
 *   actions.c   the action table (UI_ACTIONS below): key dispatch, hint
 *               line and help screen all read it
 *   draw.c      colour roles and the one text-drawing helper (ui_text)
 *   dialog.c    modal dialogs: confirm, text input, picker, messages, help
 *   browser.c   the file browser dialog
 *   dlg_summary.c  the summary box (u): 0/1/2/3 table, score chart, groups
 *   resolve.c   what-if: the match run again after a change, what changed,
 *               loading a pins file
 *   scr_*.c     the six steps, one file each, as a struct ui_screen
 *   termcheck.c ui_check_terminal
 *
 * Threads: only the main thread calls curses or touches app.  The one
 * exception is the match (scr_match.c; also run by ui_resolve after a change
 * on steps 3 and 5): it runs in a worker thread while
 * ui_wait_job (app.c) polls the keyboard and draws nothing but the step bar
 * and a progress box, so that no step reads the session being rebuilt.
 *
 * Every event ends with a full redraw of the current step and the dialogs on
 * top of it, so layout is always computed from the current terminal size.
 *
 * How to add a key: add a line to UI_ACTIONS, handle the action in a
 * screen's handle() (or in app.c for an action every step has), and list it
 * in that screen's hints if it belongs on the bottom line (its rank there:
 * hint_rank in actions.c).
 */
#ifndef MENTORMATCH_UI_TUI_H
#define MENTORMATCH_UI_TUI_H

#include <stdatomic.h>
#include <stddef.h>
#include "mentormatch/ui.h"
#include "mentormatch/profile_keys.h"
#include "tui_curses.h"

/* Smallest terminal the interface draws in; below it a notice is shown. */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 16

#define UI_NSTEPS 6
#define UI_MAX_DIALOGS 8

/* ---- keys ------------------------------------------------------------------
 * A key is an int: a character is its code point; a curses function key
 * (KEY_UP, KEY_F(1), ...) is UI_FN(code), so the two never collide. */
#define UI_FN(k) (0x1000000 + (k))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27

/* ---- actions ---------------------------------------------------------------
 * X(id, global, hint keys, hint label, help text, key codes...)
 * global: 1 when the loop handles it on every step (unless the step does). */
#define UI_ACTIONS(X) \
	X(NEXT_STEP, 1, "Tab", "next", "go to the next step", \
	  '\t', ']') \
	X(PREV_STEP, 1, "[", "back", "go back to the previous step", \
	  UI_FN(KEY_BTAB), '[') \
	X(GOTO_STEP, 1, "1-6", "step", "jump to step 1 to 6", \
	  '1', '2', '3', '4', '5', '6') \
	X(UP, 0, "j/k", "move", "move up", UI_FN(KEY_UP), 'k') \
	X(DOWN, 0, "j", "down", "move down", UI_FN(KEY_DOWN), 'j') \
	X(LEFT, 0, "< >", "left/right", "move left: previous column, side or pane", \
	  UI_FN(KEY_LEFT), '<') \
	X(RIGHT, 0, ">", "right", "move right: next column, side or pane", \
	  UI_FN(KEY_RIGHT), '>') \
	X(PAGE_UP, 0, "PgUp", "page up", "one page up", \
	  UI_FN(KEY_PPAGE), UI_CTRL('b')) \
	X(PAGE_DOWN, 0, "PgDn", "page down", "one page down", \
	  UI_FN(KEY_NPAGE), UI_CTRL('f')) \
	X(HOME, 0, "g", "first", "go to the first line", UI_FN(KEY_HOME), 'g') \
	X(END, 0, "G", "last", "go to the last line", UI_FN(KEY_END), 'G') \
	X(SELECT, 0, "Enter", "select", "choose, open or edit the highlighted line", \
	  '\n', '\r', UI_FN(KEY_ENTER)) \
	X(BACK, 0, "Bksp", "back", "go up a folder; step 5: back to the people list, or " \
	  "after Enter on a candidate back to the person you came from", \
	  UI_FN(KEY_BACKSPACE), 127, 8) \
	X(CANCEL, 0, "Esc", "close", "close a dialog, clear a search, stop a match", UI_KEY_ESC) \
	X(SEARCH, 0, "/", "search", "step 5: search people of both sides by name or email " \
	  "(in the candidates' list: find a candidate in it); file browser: type a path " \
	  "from /", '/') \
	X(TYPE_PATH, 0, ":", "type path", "file browser: type a path (~ is your home)", ':') \
	X(INCREASE, 0, "+/-", "change", "raise the highlighted number by 1 (step 3: with a " \
	  "result, the match runs again and shows what changed)", '+', '=') \
	X(DECREASE, 0, "-", "lower", "lower the highlighted number by 1", '-', '_') \
	X(TOGGLE, 0, "Space", "on/off", "rule on/off; step 4: switch mode or objective", ' ') \
	X(SWITCH_SIDE, 0, "t", "mentors/mentees", "switch between mentors and mentees", 't') \
	X(SUGGEST, 0, "a", "suggest", "fill unmapped fields with suggested columns", 'a') \
	X(DELIMITER, 0, "d", "delimiter", \
	  "step 1: delimiter auto, comma, semicolon, tab (reloads)", 'd') \
	X(ROLES, 0, "r", "role column", \
	  "step 1: the sign-up sheet's role column and answers", 'r') \
	X(VALUES, 0, "v", "values", "step 2: the values of an ordered or category field: " \
	  "reorder the scale (K/J), map misspellings (Enter), add to the scale (a), " \
	  "remove an alias (x)", 'v') \
	X(LOAD_PROFILE, 0, "l", "load profile", "load another profile (.ini)", 'l') \
	X(NEW_PROFILE, 1, "^N", "new profile", "a new profile, its fields proposed from the " \
	  "files' columns", UI_CTRL('n')) \
	X(ADD, 0, "A", "add", "step 2: add a field; step 3: add a rule", 'A') \
	X(DELETE, 0, "D", "delete", "step 2: delete the highlighted field; step 3: the " \
	  "highlighted rule", 'D') \
	X(RENAME, 0, "R", "rename", "step 2: rename the highlighted field; step 3: the rule", \
	  'R') \
	X(RETYPE, 0, "T", "type", "step 2: change the highlighted field's type", 'T') \
	X(MOVE_UP, 0, "K", "move up", "step 3: move the highlighted rule up", 'K') \
	X(MOVE_DOWN, 0, "J", "move down", "step 3: move the highlighted rule down", 'J') \
	X(UNDO, 1, "z", "undo", "take back the last change to the profile (fields, " \
	  "columns, rules, settings)", 'z') \
	X(WRITE_PROFILE, 0, "w", "write profile", "write the profile under a file name", 'w') \
	X(PIN, 0, "p", "pin", "step 5: pin the highlighted pair, so that it is always matched " \
	  "(p again: unpin); the match runs again", 'p') \
	X(BAN, 0, "b", "ban", "step 5: ban the highlighted pair, so that it is never matched " \
	  "(b again: unban); the match runs again", 'b') \
	X(FILTER, 0, "f", "allowed/all", "step 5: list only the allowed candidates, or all", 'f') \
	X(SORT, 0, "S", "by name/score", "step 5: sort the candidates by score or by name", 'S') \
	X(NEXT_HIT, 0, "n", "next hit", "step 5: after a search (/), the next person found; " \
	  "in the candidates' list, the next candidate whose name or email holds the " \
	  "search text", 'n') \
	X(PREV_HIT, 0, "N", "previous hit", "step 5: the previous search hit (see n)", 'N') \
	X(PEOPLE_FILTER, 0, "F", "filter people", "step 5: list only the people without a " \
	  "match, or those whose best pair in the result scores below a number " \
	  "(Esc or F and an empty answer: everyone again)", 'F') \
	X(LOAD_PINS, 0, "P", "load pins", "steps 1 and 5: load pins and bans from a file " \
	  "(columns mentor email, mentee email, action: pin or ban)", 'P') \
	X(RUN_MATCH, 1, "m", "match", "run the match (goes to step 4)", 'm') \
	X(STOP_MATCH, 0, "c/Esc", "cancel", "stop a running match (earlier results stay)", 'c') \
	X(EDIT_FOLDER, 0, "o", "folder", "change the output folder", 'o') \
	X(SAVE_RESULTS, 1, "s", "save", "write the result files (step 6)", 's') \
	X(SUMMARY, 1, "u", "summary", "the summary: people with 0, 1, 2, 3 matches, a chart of " \
	  "the pair scores, counts per organisation", 'u') \
	X(WHAT_CHANGED, 1, "x", "what changed", "what the last match changed: pairs added and " \
	  "removed, the total score and who has a match, before and after", 'x') \
	X(MESSAGES, 1, "e", "messages", "show all messages about files and settings", 'e') \
	X(IMPORT_REPORT, 1, "i", "report", "the import report: rows loaded and skipped, duplicates, empty values", 'i') \
	X(HELP, 1, "?", "help", "this help", '?', UI_FN(KEY_F(1))) \
	X(REDRAW, 1, "^L", "redraw", "redraw the screen", UI_CTRL('l')) \
	X(QUIT, 1, "q", "quit", "quit (asks first when results are not saved)", \
	  'q', UI_FN(KEY_F(10)))

enum ui_action {
	UI_ACT_NONE = 0,
#define UI_X_ENUM(id, ...) UI_ACT_##id,
	UI_ACTIONS(UI_X_ENUM)
#undef UI_X_ENUM
	UI_ACT_COUNT
};

struct ui_action_info {
	int global;
	const char *hint_keys;
	const char *hint_label;
	const char *help;
	const int *keys;          /* ended by -1 */
};

extern const struct ui_action_info ui_actions[UI_ACT_COUNT];

/* ---- the key-hint line (actions.c) ------------------------------------------
 * Each action has a rank on the hint line (actions.c, hint_rank): when the
 * line is too short for every hint, the hints are taken in rank order (then
 * in their order on the line) while they fit, so that a step's main keys and
 * ? help stay and the moves (j/k, < >) go first.  The chosen hints keep
 * their places: the step's own on the left, the global ones on the right. */

struct ui_hint;

/* Draws the hint line on row y: own (the step's, may be NULL) and global,
 * each ended by UI_ACT_NONE. */
void ui_draw_hint_line(int y, const struct ui_hint *own, const struct ui_hint *global);

/* The action's rank on the hint line: 1 (always shown) to 5 (shown last). */
int ui_hint_rank(enum ui_action act);

/* The action bound to key, or UI_ACT_NONE. */
enum ui_action ui_action_for_key(int key);

/* A key's name for the help screen: "Tab", "Shift-Tab", "F1", "^B", "q". */
void ui_key_name(int key, char *buf, size_t len);

/* ---- colour roles ----------------------------------------------------------
 * X(id, foreground, background, attributes with colour, attributes without)
 * -1 is the terminal's default colour (use_default_colors). */
#define UI_ROLES(X) \
	X(NORMAL,      -1,           -1,           A_NORMAL, A_NORMAL) \
	X(BAR,         COLOR_WHITE,  COLOR_BLUE,   A_NORMAL, A_REVERSE) \
	X(BAR_CURRENT, COLOR_BLACK,  COLOR_YELLOW, A_BOLD,   A_BOLD) \
	X(TITLE,       COLOR_CYAN,   -1,           A_BOLD,   A_BOLD) \
	X(HEADING,     -1,           -1,           A_BOLD,   A_BOLD | A_UNDERLINE) \
	X(SELECTED,    COLOR_BLACK,  COLOR_CYAN,   A_NORMAL, A_REVERSE) \
	X(CURSOR_DIM,  COLOR_BLACK,  COLOR_WHITE,  A_NORMAL, A_UNDERLINE) \
	X(KEY,         COLOR_YELLOW, -1,           A_BOLD,   A_BOLD) \
	X(DIM,         -1,           -1,           A_DIM,    A_DIM) \
	X(ERROR,       COLOR_RED,    -1,           A_BOLD,   A_BOLD) \
	X(WARNING,     COLOR_YELLOW, -1,           A_NORMAL, A_BOLD) \
	X(NOTE,        COLOR_GREEN,  -1,           A_NORMAL, A_NORMAL) \
	X(GOOD,        COLOR_GREEN,  -1,           A_BOLD,   A_BOLD) \
	X(BAD,         COLOR_RED,    -1,           A_NORMAL, A_DIM) \
	X(INPUT,       COLOR_BLACK,  COLOR_WHITE,  A_NORMAL, A_UNDERLINE) \
	X(NOTICE,      COLOR_WHITE,  COLOR_RED,    A_BOLD,   A_REVERSE | A_BOLD)

enum ui_role {
#define UI_X_ROLE(id, ...) UI_ROLE_##id,
	UI_ROLES(UI_X_ROLE)
#undef UI_X_ROLE
	UI_ROLE_COUNT
};

/* Sets up colour pairs, or the attributes-only theme when the terminal has
 * no colours or NO_COLOR is set (and not empty).  Call once after newterm. */
void ui_colors_init(void);
attr_t ui_attr(enum ui_role role);

/* ---- text ------------------------------------------------------------------ */

/* Reads the locale (call after setlocale): UTF-8 or not, markers. */
void ui_locale_init(void);
int ui_utf8_locale(void);

#define UI_PAD   1u  /* fill the rest of the width with spaces */
#define UI_TAIL  2u  /* when too long keep the end, not the start (paths) */
#define UI_RIGHT 4u  /* align right within the width */

/* Draws UTF-8 text s at (y, x) in at most w display cells with attr.  Wide
 * characters take two cells and are never split; combining marks stay with
 * their letter; invalid bytes, unprintable characters and (outside a UTF-8
 * locale) every non-ASCII character are shown as '?'; newlines as a marker,
 * other control characters as a space.  Text that does not fit is cut at a
 * character boundary and ends with '…' (or '~').  Returns the cells used. */
int ui_text(int y, int x, int w, attr_t attr, const char *s, unsigned flags);
int ui_textf(int y, int x, int w, attr_t attr, unsigned flags, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Display width of s as ui_text would draw it (no limit). */
int ui_text_width(const char *s);

/* Bytes of s that fill one line of at most w cells, broken after a space
 * when possible; the line's width goes to *width (may be NULL).  The caller
 * skips one space at the start of the next line. */
size_t ui_wrap_next(const char *s, int w, int *width);

/* s broken at spaces into lines of w cells from (y, x), at most maxlines of
 * them (the last one cut with a marker when s goes on); lines after the
 * first start indent cells further right.  Returns the lines drawn. */
int ui_text_wrapped(int y, int x, int w, int maxlines, int indent, attr_t attr,
		    const char *s);

/* A whole number typed in a field: optional spaces and '+', digits, in
 * lo..hi, into *out.  Returns 0, or -1 (nothing stored) otherwise. */
int ui_parse_long(const char *text, long lo, long hi, long *out);

/* "s" after a count other than 1 ("1 pair", "2 pairs"), else "". */
static inline const char *ui_s(size_t n)
{
	return n == 1 ? "" : "s";
}

/* Spaces in attr from (y, x), w cells. */
void ui_fill(int y, int x, int w, attr_t attr);

/* A rectangle on the screen. */
struct ui_rect {
	int y, x, h, w;
};

/* Clears the rows of r from edge to edge (nothing the screen drew beside a
 * dialog stays next to it) and draws a border with a title in r; returns
 * the inside. */
struct ui_rect ui_box(struct ui_rect r, const char *title);

/* A centred rectangle of at most h x w, kept inside the screen. */
struct ui_rect ui_centre(int h, int w);

/* Case-insensitive substring test on UTF-8 text. */
int ui_icontains(const char *hay, const char *needle);

/* Encodes the wide string as UTF-8 into out (len bytes, NUL-terminated). */
void ui_wcs_to_utf8(const wchar_t *ws, size_t n, char *out, size_t len);

/* Decodes UTF-8 into wide characters; returns the number written. */
size_t ui_utf8_to_wcs(const char *s, wchar_t *out, size_t max);

/* ---- the application ------------------------------------------------------- */

/* Effects a handler returns to the loop (or-ed together). */
enum ui_effect {
	UI_IGNORED = 0,
	UI_HANDLED = 1 << 0,
	UI_CLOSE   = 1 << 1,  /* a dialog: remove me */
	UI_SWITCH  = 1 << 2,  /* go to app->want_step */
	UI_QUIT    = 1 << 3
};

struct ui_app;
struct ui_dialog;

struct ui_dialog_ops {
	void (*draw)(struct ui_app *app, struct ui_dialog *dlg);
	int (*key)(struct ui_app *app, struct ui_dialog *dlg, int key);
	void (*destroy)(struct ui_dialog *dlg);
};

/* Every dialog type embeds this as its first member. */
struct ui_dialog {
	const struct ui_dialog_ops *ops;
	int closing;     /* set by ui_dialog_close: removed after this event */
};

/* An entry of a step's key-hint line: the keys come from the action table,
 * the label is the table's unless given here. */
struct ui_hint {
	enum ui_action act;
	const char *label;
};

/* One step of the interface. */
struct ui_screen {
	const char *name;      /* in the step bar */
	const char *title;     /* the line under the step bar */
	void (*enter)(struct ui_app *app);
	void (*leave)(struct ui_app *app);
	void (*draw)(struct ui_app *app, struct ui_rect body);
	int (*handle)(struct ui_app *app, enum ui_action act, int key);
	const struct ui_hint *hints;   /* bottom line, ended by UI_ACT_NONE */
	/* The step's own state (cursor, scroll, caches): a block of
	 * state_size bytes the app allocates zeroed (then state_init, when
	 * given) when it starts and frees when it ends; the step reaches it with
	 * ui_step_state.  Memory the state points to is freed by leave. */
	size_t state_size;
	void (*state_init)(void *state);
};

enum ui_step {
	UI_STEP_FILES, UI_STEP_COLUMNS, UI_STEP_RULES,
	UI_STEP_MATCH, UI_STEP_CANDIDATES, UI_STEP_SAVE
};

/* The state block of a step (see struct ui_screen), owned by the app. */
void *ui_step_state(int step);

extern const struct ui_screen ui_scr_files, ui_scr_columns, ui_scr_rules,
	ui_scr_match, ui_scr_candidates, ui_scr_save;

struct ui_app {
	struct session *s;
	const struct ui_options *opts;
	struct diag *d;
	int step;                  /* enum ui_step */
	int want_step;             /* with UI_SWITCH */
	unsigned long gen;         /* bumped on every change to the session */
	int results_saved;         /* the current result has been written */
	size_t diag_seen;          /* diag items already announced */
	char status[512];          /* message line */
	enum ui_role status_role;
	int status_set;            /* set by ui_status during this event */
	int status_ignored;        /* the message line adds "keys typed during
				      the match were ignored" (cleared by ui_status) */
	unsigned keys_dropped;     /* keys thrown away by ui_wait_job */
	size_t match_diag_from, match_diag_to;  /* the last match's messages in
						   this event (ui_match_run) */
	struct ui_dialog *dlg[UI_MAX_DIALOGS];
	int ndlg;
	void *step_state[UI_NSTEPS];   /* each step's state (struct ui_screen) */
	int cursor_on, cursor_y, cursor_x;  /* set by a text field while drawing */
	unsigned long prep_failed_gen;  /* gen at which session_prepare failed */
	int prep_failed;
	char out_dir[4096];
	/* diag items [loaded_from, loaded_to) were reported while loading the
	 * current mentors / mentees file (see ui_load_problems) */
	size_t loaded_from[SIDE_COUNT], loaded_to[SIDE_COUNT];
};

/* Limits of the numbers the editors accept: the same as the profile format
 * (profile.c NUM_LIMIT for weights, bands, bonus and min_score; capacities
 * 0..1000). */
#define UI_NUM_LIMIT 1000000L
#define UI_CAPACITY_MAX 1000L

/* Sets the message line (one line; the latest message wins). */
void ui_status(struct ui_app *app, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Opens a dialog on top of the others (it is owned by the app from now on). */
void ui_dialog_push(struct ui_app *app, struct ui_dialog *dlg);

/* Closes a dialog that is not the one handling the key (e.g. the browser
 * under a text input): it is removed when the current event ends. */
void ui_dialog_close(struct ui_dialog *dlg);

/* Call after a change to the session (a profile change through the
 * session, load, prepare, match, save): the steps redraw from it.  What a
 * change makes stale the session drops itself (session_changed). */
void ui_changed(struct ui_app *app);

/* Runs the match now (used by step 4 and the global 'm' key, and by
 * ui_resolve).  Returns 0 when a new result replaced the old one, -2 when
 * cancelled, -1 otherwise.  After a success with an earlier result
 * (s->have_prev) what changed is worked out (ui_whatif_current). */
int ui_match_run(struct ui_app *app);

/* ---- changing the profile (edit.c) ------------------------------------------
 * A change of the profile's structure (fields, columns, rules) is made on a
 * copy and committed through the session (session_commit_profile), which
 * keeps the old profile for undo (z) and drops what the change makes stale:
 *     struct profile p;
 *     if (ui_edit_begin(app, &p) == 0) {
 *             ... change p, on failure ui_edit_cancel(&p) and say why ...
 *             ui_edit_commit(app, &p, PCHANGE_DATA, "field x added");
 *     }
 * A key's value changes through session_set_key (the same undo). */

/* A copy of the profile into *p.  Returns 0, or -1 (said on the message line). */
int ui_edit_begin(struct ui_app *app, struct profile *p);
/* Drops the copy. */
void ui_edit_cancel(struct profile *p);
/* Commits p (taken over) with undo, makes stale what c affects and says
 * what (printf format) on the message line.  Returns 0 or -1 (said). */
int ui_edit_commit(struct ui_app *app, struct profile *p, enum profile_change c,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* z: takes back the last change.  Returns 1 when something was undone. */
int ui_undo(struct ui_app *app);

/* The "new profile" proposals (dlg_guess.c): every column of the loaded
 * files proposed as a field, to accept, change or skip; Enter makes the
 * profile (with undo) and goes to step 2. */
void ui_new_profile(struct ui_app *app);

/* The rule editor (dlg_rule.c) for rule r: every key of the rule as a line,
 * edited in place (lists, pickers of fitting fields and values, numbers),
 * its sentence, problems, and live figures (pairs it allows, forbids,
 * scores; people left with no allowed partner). */
void ui_rule_editor(struct ui_app *app, size_t r);
/* A: chooses a kind of rule (each said in words) and its fields, adds the
 * rule with working defaults and opens the editor on it. */
void ui_add_rule(struct ui_app *app);

/* Field editing on step 2 (dlg_field.c): add (A), rename (R), type (T),
 * delete (D) field f, and the column picker that maps one or several
 * columns (Space marks, for a multi field). */
void ui_field_add(struct ui_app *app);
void ui_field_rename(struct ui_app *app, size_t f);
void ui_field_retype(struct ui_app *app, size_t f);
void ui_field_delete(struct ui_app *app, size_t f);
void ui_field_pick_columns(struct ui_app *app, size_t f, int side);
/* Where ui_field_add puts the index of the field it adds (the step's
 * selection; static storage). */
void ui_field_set_selection(size_t *sel);

/* The profiles found where people keep them (profile_find.h) to choose
 * from, with "browse..." and "new profile from the files' columns". */
void ui_choose_profile(struct ui_app *app);

/* ---- what-if: re-solving after a change (resolve.c) --------------------------
 * A change on step 3 (a weight, a rule on or off) or on step 5 (a pin or a
 * ban) runs the match again at once when there was a result, and the steps
 * show what changed (match_diff of s->prev and s->res): pairs added and
 * removed, the total score, mentees and mentors with and without a match,
 * before and after.  The figures are worked out once per match, never while
 * drawing. */

/* Call after a change: when a result existed before it (had_result), runs
 * the match again (ui_match_run) and remembers cause ("same profession +10
 * -> +11") for the what-if panel; otherwise only says to press m.  Returns
 * ui_match_run's value, or 1 when nothing was run. */
int ui_resolve(struct ui_app *app, int had_result, const char *cause);

/* 1 while the current result is the one the last what-if describes (no
 * change since). */
int ui_whatif_current(const struct ui_app *app);

/* Draws the what-if figures in the rectangle r (compact: a narrow column of
 * short lines; otherwise whole sentences and the first pairs changed).
 * Draws nothing unless ui_whatif_current.  Returns the lines used. */
int ui_draw_whatif(const struct ui_app *app, struct ui_rect r, int compact);

/* Lines the compact what-if takes (0 unless ui_whatif_current). */
int ui_whatif_height(const struct ui_app *app);

/* The what-if in full in a scrollable box: the cause, the figures before
 * and after, every pair added and removed, the pin problems. */
void ui_show_whatif(struct ui_app *app);

/* Drops the what-if (the people changed, the session was freed). */
void ui_whatif_reset(void);

/* Called by ui_match_run after a successful match: works out what changed
 * (when s->have_prev) with the cause given to ui_resolve, or "the match was
 * run again". */
void ui_whatif_after_match(struct ui_app *app);

/* The file browser for a pins file (steps 1 and 5); after loading, runs the
 * match again when there was a result. */
void ui_load_pins(struct ui_app *app);

/* ---- the summary (dlg_summary.c) ----------------------------------------------
 * A box over the whole screen: the 0/1/2/3 table of each side, a bar chart
 * of the pair scores (summary_build bins; '#' bars, block characters in a
 * UTF-8 locale), counts per organisation (the profile's group field). */
void ui_show_summary(struct ui_app *app);

/* Reads the people of both files (session_prepare_people) when the profile
 * and files allow and it is not done, so that the messages about them are
 * in the list from the start; its messages are kept only when it succeeds
 * (an error is reported by the step that needs the data: ui_ensure_dataset).
 * Returns 1 when the people are read. */
int ui_ensure_people(struct ui_app *app);

/* Builds the dataset if the files and mapping allow; returns 1 when
 * s->have_dataset afterwards (its messages are added once: a message held
 * already is not added again). */
int ui_ensure_dataset(struct ui_app *app);

/* What is missing before a step can work, or NULL: "the mentors file". */
const char *ui_missing_files(const struct ui_app *app);

/* Rows not loaded and errors reported while loading the current mentors and
 * mentees files.  Returns the number of such problems (0: none) and writes
 * a summary for one line into buf, e.g. "1 row of C07_ragged_rows.csv was
 * not loaded (line 4)"; *skipped (may be NULL) gets the rows not loaded. */
size_t ui_load_problems(const struct ui_app *app, char *buf, size_t len, size_t *skipped);

/* The part of path after the last '/'. */
const char *ui_basename(const char *path);

/* Copies path into out with a leading "~" or "~user" replaced by that home
 * folder.  Returns 0, or -1 when it does not fit or the user is unknown. */
int ui_expand_home(const char *path, char *out, size_t len);

/* A job running in another thread (see ui_match_run).  ui_wait_job returns
 * when *done becomes non-zero.  Meanwhile it polls the keyboard every 100 ms
 * and, once the job has run for half a second, draws only the step bar and
 * a box with title and the text describe() writes (lines split at '\n');
 * it never calls the step's draw.  c, Esc and Ctrl-C set *cancel; resizes
 * redraw the box; SIGTERM, SIGHUP and SIGQUIT end the program at once.
 * Every other key, and whatever is left in the input when the job ends, is
 * thrown away (counted in app->keys_dropped; the loop then says so on the
 * message line). */
struct ui_job {
	const char *title;
	void (*describe)(void *arg, double elapsed, int cancelling, char *buf, size_t len);
	void *arg;
	const atomic_int *done;
	atomic_int *cancel;
};
/* Returns the seconds the job took. */
double ui_wait_job(struct ui_app *app, const struct ui_job *job);

/* Draws "nothing to show" text centred-ish in the body. */
void ui_draw_empty(struct ui_rect body, const char *line1, const char *line2);

/* Scroll helper: keeps *sel inside [0, n) and *top so that sel is visible
 * in a window of h lines. */
void ui_scroll_fix(size_t n, int h, size_t *sel, size_t *top);

/* Moves *sel for a movement action in a list of n lines, h visible.
 * Returns 1 when act was a movement. */
int ui_list_move(enum ui_action act, size_t n, int h, size_t *sel);

/* ---- dialogs (dialog.c, browser.c) ----------------------------------------- */

typedef void ui_confirm_fn(struct ui_app *app, void *ctx, int yes);
/* Asks a yes/no question: y answers yes; n or Esc answer no. */
void ui_confirm(struct ui_app *app, const char *title, const char *question,
		ui_confirm_fn *fn, void *ctx);

/* text is the entered UTF-8 text, or NULL when the user pressed Esc. */
typedef void ui_input_fn(struct ui_app *app, void *ctx, const char *text);
struct ui_input_spec {
	const char *title;
	const char *prompt;      /* one line above the field */
	const char *initial;     /* may be NULL */
	const char *help;        /* one line below the field, may be NULL */
	ui_input_fn *done;       /* on Enter (text) and Esc (NULL) */
	ui_input_fn *changed;    /* after every edit, may be NULL (live search) */
	void *ctx;
	int bottom;              /* at the bottom of the screen, not centred */
	int select_initial;      /* initial shown selected: the first character
				    typed (or Backspace) replaces it */
};
void ui_input(struct ui_app *app, const struct ui_input_spec *spec);

typedef void ui_pick_fn(struct ui_app *app, void *ctx, size_t index);
/* A list to choose one line from; notes[i] (may be NULL) is shown dimmed
 * after items[i].  The strings are copied. */
void ui_pick(struct ui_app *app, const char *title, const char *const *items,
	     const char *const *notes, size_t n, size_t selected,
	     ui_pick_fn *fn, void *ctx);

/* The Values dialog of step 2 (dlg_values.c) for an ordinal or category
 * field: values found in both files with counts, scale order, aliases. */
void ui_values_dialog(struct ui_app *app, size_t field);

/* The diagnostics from index from on (0: all), a line per group of
 * repeated messages of one kind (diag_group); Enter on a group lists every
 * one of them under it. */
void ui_show_messages(struct ui_app *app, size_t from, const char *title);

/* A message box with a few lines of text (split at '\n'). */
void ui_alert(struct ui_app *app, const char *title, const char *text);

/* The help screen, built from the action table. */
void ui_show_help(struct ui_app *app);

/* Called with the chosen file; returns 0 to close the browser, or -1 to
 * keep it open in the same folder (e.g. the file could not be loaded). */
typedef int ui_browse_fn(struct ui_app *app, void *ctx, const char *path);
/* The file browser: starts in folder start (NULL or "": the current
 * folder), lists folders and every regular file, those whose name ends with
 * one of exts (space-separated, e.g. ".csv .tsv .txt", compared without
 * case) first, the others dimmed.  : (or /) types a path.  The chosen path
 * is relative to the current folder when it lies inside it. */
void ui_browse(struct ui_app *app, const char *title, const char *exts,
	       const char *start, ui_browse_fn *fn, void *ctx);

#endif
