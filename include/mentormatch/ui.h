/* ui.h - the terminal interface (ncursesw), on top of the core session.
 *
 * The only entry point main() needs.  Everything curses lives in src/ui/.
 */
#ifndef MENTORMATCH_UI_H
#define MENTORMATCH_UI_H

#include "mentormatch/session.h"

struct ui_options {
	const char *profile_path;   /* profile given with --profile, or NULL */
	const char *files[SIDE_COUNT]; /* mentors and mentees files from the command line, or NULL */
	const char *signups;        /* one combined sign-up sheet (--signups), or NULL */
	const char *out_dir;        /* default output folder for the Save step, or NULL (current folder) */
	const char *exe;            /* the program's path (argv[0]), to find the example profiles */
};

/* Checks that stdin and stdout are a usable terminal (a tty, TERM set and
 * known to terminfo, cursor addressing available).  Returns 0, or -1 after
 * printing to stderr a one-paragraph message naming the problem and a fix
 * (e.g. "TERM=xterm-ghostty is not known here; try TERM=xterm-256color",
 * or "needs an interactive terminal; use --batch"). */
int ui_check_terminal(void);

/* Runs the interactive interface until the user quits.  s has been
 * session_init'ed and, where the options give them, the profile and files
 * have been loaded by the caller (messages from that in d are shown on the
 * first screen).  Restores the terminal on every exit path.  Returns the
 * process exit status (0 on a normal quit). */
int ui_run(struct session *s, const struct ui_options *o, struct diag *d);

#endif
