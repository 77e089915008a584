/* profile_find.h - where profiles are kept, and finding them.
 *
 * A coordinator keeps profiles in the current folder, in their own
 * profiles folder ($XDG_CONFIG_HOME/mentormatch/, by default
 * ~/.config/mentormatch/), or uses the examples that come with the program
 * (the config/ folder beside the program, ../share/mentormatch/ from it,
 * or ../config/ for a program built in a folder of the checkout).  The terminal interface lists them all when no profile was given and
 * writes new profiles to the profiles folder by default.
 */
#ifndef MENTORMATCH_PROFILE_FIND_H
#define MENTORMATCH_PROFILE_FIND_H

#include <stddef.h>

/* Where a found profile is. */
enum profile_place { PLACE_HERE, PLACE_MINE, PLACE_EXAMPLE };

struct found_profile {
	char *path;     /* as it can be opened (owned) */
	char *name;     /* its [profile] name, or NULL when it has none or
			   cannot be read (owned) */
	enum profile_place where;
};

/* The profiles folder into buf (len bytes): $XDG_CONFIG_HOME/mentormatch
 * when XDG_CONFIG_HOME is set to an absolute path, else
 * $HOME/.config/mentormatch.  Returns 0, or -1 when neither variable is
 * usable or it does not fit (buf ""). */
int profile_home_dir(char *buf, size_t len);

/* Creates the profiles folder (and the folders above it that are missing)
 * with mode 0700.  Returns 0, or -1 with errno set. */
int profile_home_make(void);

/* Every *.ini file in the current folder, the profiles folder and the
 * examples folder (each place's files sorted by name; a file found twice is
 * listed once), into *out (malloc'ed, free with profile_found_free).
 * exe is the program's path (argv[0] or /proc/self/exe; NULL: no
 * examples).  Returns how many (0 with *out NULL when none or out of
 * memory). */
size_t profile_find(const char *exe, struct found_profile **out);

void profile_found_free(struct found_profile *f, size_t n);

/* "this folder", "your profiles" or "example" */
const char *profile_place_name(enum profile_place w);

#endif
