/* profile_find.c - where profiles are kept (see profile_find.h). */
#include "mentormatch/profile_find.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <ini.h>

int profile_home_dir(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
	int n;
	if (len)
		buf[0] = '\0';
	if (x && x[0] == '/')
		n = snprintf(buf, len, "%s/mentormatch", x);
	else if (h && h[0] == '/')
		n = snprintf(buf, len, "%s/.config/mentormatch", h);
	else
		return -1;
	if (n < 0 || (size_t)n >= len) {
		if (len)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

int profile_home_make(void)
{
	char dir[PATH_MAX];
	if (profile_home_dir(dir, sizeof dir) != 0) {
		errno = ENOENT;
		return -1;
	}
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

const char *profile_place_name(enum profile_place w)
{
	return w == PLACE_HERE ? "this folder" : w == PLACE_MINE ? "your profiles" : "example";
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct list {
	struct found_profile *v;
	size_t n;
	int oom;
};

static int name_cb(void *user, const char *section, const char *key, const char *value)
{
	char **name = user;
	if (!*name && !strcmp(section, "profile") && !strcmp(key, "name") && *value)
		*name = strdup(value);
	return 1;
}

/* The [profile] name of the file, or NULL: read with inih alone, so that a
 * profile with problems still shows its name (loading it reports them). */
static char *name_of(const char *path)
{
	char *name = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0 || sb.st_size > 4 * 1024 * 1024)
		return NULL;
	ini_parse(path, name_cb, &name);
	return name;
}

static void add_folder(struct list *l, const char *dir, enum profile_place where)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || de->d_name[0] == '.' || strcasecmp(de->d_name + len - 4, ".ini"))
			continue;
		char **nn = realloc(names, (n + 1) * sizeof *nn);
		if (!nn || !(nn[n] = strdup(de->d_name))) {
			names = nn ? nn : names;
			l->oom = 1;
			break;
		}
		names = nn;
		n++;
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], real[PATH_MAX];
		struct stat sb;
		int dup = 0;
		if (snprintf(path, sizeof path, "%s%s%s", strcmp(dir, ".") ? dir : "",
			     strcmp(dir, ".") ? "/" : "", names[i]) >= (int)sizeof path ||
		    stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		/* the same file seen from two places is listed once */
		if (realpath(path, real))
			for (size_t k = 0; k < l->n; k++) {
				char other[PATH_MAX];
				if (realpath(l->v[k].path, other) && !strcmp(other, real))
					dup = 1;
			}
		if (dup || l->oom)
			continue;
		struct found_profile *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
		if (!nv) {
			l->oom = 1;
			continue;
		}
		l->v = nv;
		nv[l->n] = (struct found_profile){ strdup(path), name_of(path), where };
		if (!nv[l->n].path) {
			free(nv[l->n].name);
			l->oom = 1;
			continue;
		}
		l->n++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

size_t profile_find(const char *exe, struct found_profile **out)
{
	struct list l = {0};
	char dir[PATH_MAX];

	*out = NULL;
	add_folder(&l, ".", PLACE_HERE);
	if (profile_home_dir(dir, sizeof dir) == 0)
		add_folder(&l, dir, PLACE_MINE);
	if (exe) {
		char real[PATH_MAX], ex[PATH_MAX];
		if (realpath(exe, real)) {
			char *slash = strrchr(real, '/');
			if (slash) {
				*slash = '\0';
				if (snprintf(ex, sizeof ex, "%s/config", real) < (int)sizeof ex)
					add_folder(&l, ex, PLACE_EXAMPLE);
				if (snprintf(ex, sizeof ex, "%s/../share/mentormatch", real) <
				    (int)sizeof ex)
					add_folder(&l, ex, PLACE_EXAMPLE);
				/* a program built in a folder of the checkout (build-asan/) */
				if (snprintf(ex, sizeof ex, "%s/../config", real) < (int)sizeof ex)
					add_folder(&l, ex, PLACE_EXAMPLE);
			}
		}
	}
	if (l.oom) {
		profile_found_free(l.v, l.n);
		return 0;
	}
	*out = l.v;
	return l.n;
}

void profile_found_free(struct found_profile *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].path);
		free(f[i].name);
	}
	free(f);
}
