/* Where profiles are kept (profile_find.h): the profiles folder from
 * XDG_CONFIG_HOME or HOME, making it with mode 0700, and finding the *.ini
 * files of the current folder, that folder and the examples beside the
 * program, each place sorted, a file seen twice listed once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/profile_find.h"

static char root[] = "/tmp/mm-find-XXXXXX";
static char cwd[PATH_MAX];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char p[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd) || !mkdtemp(root))
		return -1;
	snprintf(p, sizeof p, "%s/here", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/home", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/prog", root);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/prog/config", root);
	mkdir(p, 0700);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	if (chdir(cwd) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_home_dir(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	setenv("HOME", "/home/coord", 1);
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(profile_home_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/home/coord/.config/mentormatch");
	setenv("XDG_CONFIG_HOME", "/srv/cfg", 1);
	assert_int_equal(profile_home_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/srv/cfg/mentormatch");
	/* a relative XDG_CONFIG_HOME is ignored, as the specification says */
	setenv("XDG_CONFIG_HOME", "cfg", 1);
	assert_int_equal(profile_home_dir(buf, sizeof buf), 0);
	assert_string_equal(buf, "/home/coord/.config/mentormatch");
	unsetenv("HOME");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(profile_home_dir(buf, sizeof buf), -1);
	assert_string_equal(buf, "");
	/* too long for the buffer */
	setenv("HOME", "/home/coord", 1);
	assert_int_equal(profile_home_dir(buf, 10), -1);
}

static void test_make_and_find(void **state)
{
	(void)state;
	char p[PATH_MAX + 64], home[PATH_MAX], exe[PATH_MAX + 64];
	struct stat sb;
	snprintf(home, sizeof home, "%s/home", root);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	/* the profiles folder is made, with the folders above it, mode 0700 */
	assert_int_equal(profile_home_make(), 0);
	snprintf(p, sizeof p, "%s/.config/mentormatch", home);
	assert_int_equal(stat(p, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(profile_home_make(), 0);  /* already there: fine */

	snprintf(p, sizeof p, "%s/.config/mentormatch/mine.ini", home);
	put(p, "[profile]\nformat = 1\nname = My cohort\n");
	snprintf(p, sizeof p, "%s/here/b.ini", root);
	put(p, "[profile]\nformat = 1\nname = Beta\n");
	snprintf(p, sizeof p, "%s/here/a.INI", root);
	put(p, "not a profile [\n");
	snprintf(p, sizeof p, "%s/here/notes.txt", root);
	put(p, "x");
	snprintf(p, sizeof p, "%s/here/.hidden.ini", root);
	put(p, "[profile]\nformat = 1\n");
	snprintf(p, sizeof p, "%s/prog/config/example.ini", root);
	put(p, "[profile]\nformat = 1\nname = Example\n");
	snprintf(exe, sizeof exe, "%s/prog/mentormatch", root);
	put(exe, "");
	/* the examples folder seen again through a link in the current folder */
	snprintf(p, sizeof p, "%s/here/linked.ini", root);
	char target[PATH_MAX];
	snprintf(target, sizeof target, "%s/prog/config/example.ini", root);
	assert_int_equal(symlink(target, p), 0);

	snprintf(p, sizeof p, "%s/here", root);
	assert_int_equal(chdir(p), 0);
	struct found_profile *f;
	size_t n = profile_find(exe, &f);
	assert_int_equal(n, 4);
	assert_string_equal(f[0].path, "a.INI");
	assert_null(f[0].name);              /* cannot be read: no name */
	assert_int_equal(f[0].where, PLACE_HERE);
	assert_string_equal(f[1].path, "b.ini");
	assert_string_equal(f[1].name, "Beta");
	assert_string_equal(f[2].path, "linked.ini");
	assert_string_equal(f[2].name, "Example");
	assert_int_equal(f[2].where, PLACE_HERE);
	assert_string_equal(f[3].name, "My cohort");
	assert_int_equal(f[3].where, PLACE_MINE);
	/* example.ini is the file linked.ini points to: listed once */
	profile_found_free(f, n);
	assert_string_equal(profile_place_name(PLACE_EXAMPLE), "example");
	assert_int_equal(chdir(cwd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_dir),
		cmocka_unit_test(test_make_and_find),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
