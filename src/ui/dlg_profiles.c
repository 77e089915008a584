/* dlg_profiles.c - choosing a profile (l on step 3): the profiles found in
 * this folder, the coordinator's profiles folder and the examples
 * (profile_find.h), then "browse for a file" and "a new profile from the
 * files' columns". */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/profile_find.h"
#include "mentormatch/session.h"

static struct found_profile *found;
static size_t nfound;

static int profile_chosen_path(struct ui_app *app, void *ctx, const char *path)
{
	(void)ctx;
	if (session_load_profile(app->s, path, app->d) == 0) {
		ui_changed(app);
		ui_status(app, UI_ROLE_NOTE, "profile \"%s\" loaded from %s",
			  app->s->prof.name ? app->s->prof.name : "", path);
		return 0;
	}
	ui_changed(app);
	return -1;
}

static void chosen(struct ui_app *app, void *ctx, size_t index)
{
	(void)ctx;
	if (index < nfound) {
		profile_chosen_path(app, NULL, found[index].path);
	} else if (index == nfound) {
		char start[4096] = "";
		const char *path = app->s->have_profile ? app->s->prof.path : NULL;
		const char *slash = path ? strrchr(path, '/') : NULL;
		if (slash && (size_t)(slash - path) < sizeof start) {
			memcpy(start, path, (size_t)(slash - path));
			start[slash - path] = '\0';
		}
		ui_browse(app, "Load a profile (.ini)", ".ini", start, profile_chosen_path, NULL);
	} else {
		ui_new_profile(app);
	}
	profile_found_free(found, nfound);
	found = NULL;
	nfound = 0;
}

void ui_choose_profile(struct ui_app *app)
{
	profile_found_free(found, nfound);
	nfound = profile_find(app->opts ? app->opts->exe : NULL, &found);
	const char **items = calloc(nfound + 2, sizeof *items);
	const char **notes = calloc(nfound + 2, sizeof *notes);
	char **owned = calloc(nfound + 2, sizeof *owned);
	if (!items || !notes || !owned)
		goto done;
	for (size_t i = 0; i < nfound; i++) {
		char buf[600];
		snprintf(buf, sizeof buf, "%s (%s)", found[i].name ? found[i].name :
			 ui_basename(found[i].path), profile_place_name(found[i].where));
		owned[i] = strdup(buf);
		items[i] = owned[i] ? owned[i] : "?";
		notes[i] = found[i].path;
	}
	items[nfound] = "Another file...";
	notes[nfound] = "browse the folders";
	items[nfound + 1] = "New profile";
	notes[nfound + 1] = "a field for each column of the files, proposed from their values";
	ui_pick(app, "Load a profile", items, notes, nfound + 2, 0, chosen, NULL);
done:
	for (size_t i = 0; owned && i < nfound + 2; i++)
		free(owned[i]);
	free(owned);
	free(items);
	free(notes);
}
