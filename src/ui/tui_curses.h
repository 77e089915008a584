/* tui_curses.h - the one place the terminal interface includes curses.
 *
 * Always the wide-character ncursesw API (NCURSES_WIDECHAR), so that UTF-8
 * names are measured and drawn in display cells.  Only src/ui/ includes this
 * file; the core never sees curses (make check-layering).
 *
 * A file that needs the low-level terminfo calls (setupterm, tigetstr)
 * defines TUI_WANT_TERMINFO before including this header.  term.h defines
 * macros named after every terminfo capability (lines, columns, tab, ...),
 * so it is kept out of the other files.
 */
#ifndef MENTORMATCH_UI_TUI_CURSES_H
#define MENTORMATCH_UI_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <curses.h>

#ifdef TUI_WANT_TERMINFO
#include <term.h>
#endif

#endif
