/* edit.c - changing the profile from the steps: on a copy, committed
 * through the session with undo (see tui.h). */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>

#include "mentormatch/session.h"

int ui_edit_begin(struct ui_app *app, struct profile *p)
{
	if (!app->s->have_profile) {
		ui_status(app, UI_ROLE_NOTE, "no profile yet: ^N builds one from the files' columns, "
			  "l loads one");
		return -1;
	}
	if (profile_copy(p, &app->s->prof) < 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory");
		return -1;
	}
	return 0;
}

void ui_edit_cancel(struct profile *p)
{
	profile_free(p);
}

int ui_edit_commit(struct ui_app *app, struct profile *p, enum profile_change c,
		   const char *fmt, ...)
{
	char what[600];
	va_list ap;
	int had = app->s->have_result;
	if (session_commit_profile(app->s, p, c) < 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory: the change was not made");
		return -1;
	}
	app->gen++;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (had && !app->s->have_result)
		ui_status(app, UI_ROLE_NOTE, "%s; the result no longer fits the profile: m runs "
			  "the match again (z undoes the change)", what);
	else
		ui_status(app, UI_ROLE_NOTE, "%s (z undoes it)", what);
	return 0;
}

int ui_undo(struct ui_app *app)
{
	struct session *s = app->s;
	int had = s->have_result;
	if (session_undo(s) != 0) {
		ui_status(app, UI_ROLE_NOTE, "nothing to undo: no change to the profile since it "
			  "was loaded or made");
		return 0;
	}
	app->gen++;
	ui_status(app, UI_ROLE_NOTE, "the last change to the profile was taken back%s%s",
		  s->nundo ? "" : " (nothing more to undo)",
		  had ? "; m runs the match again for it" : "");
	return 1;
}
