/* termcheck.c - ui_check_terminal: can the interface start here at all?
 *
 * Everything is checked with setupterm() and its error code, never with
 * initscr(), which prints "Error opening terminal" and exits the process
 * before the program can explain the problem (shared/cases C16).
 */
#define TUI_WANT_TERMINFO 1
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void say(const char *fmt, const char *term)
{
	fputs("mentormatch: ", stderr);
	fprintf(stderr, fmt, term);
	fputs("\n", stderr);
}

int ui_check_terminal(void)
{
	const char *term = getenv("TERM");
	int in_tty = isatty(STDIN_FILENO), out_tty = isatty(STDOUT_FILENO);

	if (!in_tty || !out_tty) {
		say("needs an interactive terminal, but standard %s not a terminal "
		    "(a pipe, a file or ssh without -t). Run it from a terminal "
		    "(ssh -t host ...), or use --batch to match and save without "
		    "the interface.",
		    !in_tty && !out_tty ? "input and output are" :
		    !in_tty ? "input is" : "output is");
		return -1;
	}
	if (!term || !*term) {
		say("%sthe terminal type is not known because TERM is not set "
		    "(this happens under cron, su and some ssh clients). Set it, "
		    "for example: TERM=xterm-256color mentormatch ..., or use "
		    "--batch to match without the interface.", "");
		return -1;
	}

	int err = 0;
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		if (err == -1)
			say("cannot find the terminfo database to look up TERM=%s. "
			    "Install the ncurses terminfo files (ncurses-base), or "
			    "use --batch to match without the interface.", term);
		else if (err == 1)
			say("TERM=%s is a hardcopy terminal, which cannot show the "
			    "interface. Use a screen terminal (TERM=xterm-256color) "
			    "or --batch.", term);
		else
			fprintf(stderr, "mentormatch: TERM=%s is not a terminal type "
				"known on this system (it has no terminfo entry, "
				"common when ssh passes on a new terminal's name). "
				"Start it with a known type, for example "
				"TERM=xterm-256color mentormatch ..., install the "
				"terminal's terminfo entry on this machine, or use "
				"--batch to match without the interface.\n", term);
		return -1;
	}

	const char *cup = tigetstr("cup");
	int can_address = cup && cup != (const char *)-1 && tigetflag("hc") <= 0;
	TERMINAL *t = cur_term;
	if (t)
		del_curterm(t);    /* cup pointed into it: not used below */
	if (!can_address) {
		say("TERM=%s cannot move the cursor (no cursor addressing), so "
		    "the full-screen interface cannot run on it. Use a terminal "
		    "emulator with TERM=xterm-256color, or --batch to match and "
		    "save without the interface.", term);
		return -1;
	}
	return 0;
}
