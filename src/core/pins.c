/* pins.c - pinned and banned pairs by email, and pins.csv (read with
 * table_load, written with libcsv's csv_fwrite).
 *
 * The file is written as output.c writes the result files: a temporary file
 * in the same folder (mkstemp, mode 0600), flushed, synced and renamed into
 * place; that small pattern is repeated here rather than shared.
 */
#include "mentormatch/pins.h"
#include "mentormatch/text.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/dataset.h"
#include "mentormatch/table.h"

void pins_init(struct pin_set *p)
{
	memset(p, 0, sizeof *p);
}

void pins_free(struct pin_set *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].mentor_email);
		free(p->items[i].mentee_email);
	}
	free(p->items);
	memset(p, 0, sizeof *p);
}



/* Index of the item with these keys, or -1.  No allocation for emails of
 * usual length: the candidate lists ask for many pairs. */
static long find_keyed(const struct pin_set *p, const char *km, const char *ke)
{
	long found = -1;
	for (size_t i = 0; i < p->n && found < 0; i++) {
		char ba[256], bb[256], *ha, *hb = NULL;
		const char *a = text_key_in(p->items[i].mentor_email, ba, sizeof ba, &ha);
		if (a && strcmp(a, km) == 0) {
			const char *b = text_key_in(p->items[i].mentee_email, bb, sizeof bb, &hb);
			if (b && strcmp(b, ke) == 0)
				found = (long)i;
		}
		free(ha);
		free(hb);
	}
	return found;
}

long pins_find(const struct pin_set *p, const char *mentor_email, const char *mentee_email)
{
	char ba[256], bb[256], *ha, *hb = NULL;
	const char *km = text_key_in(mentor_email, ba, sizeof ba, &ha);
	const char *ke = km ? text_key_in(mentee_email, bb, sizeof bb, &hb) : NULL;
	long found = km && ke ? find_keyed(p, km, ke) : -1;
	free(ha);
	free(hb);
	return found;
}

enum pin_action pins_get(const struct pin_set *p, const char *mentor_email, const char *mentee_email)
{
	long i = pins_find(p, mentor_email, mentee_email);
	return i < 0 ? PIN_NONE : p->items[i].action;
}

size_t pins_count(const struct pin_set *p, enum pin_action a)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].action == a;
	return n;
}

const char *pins_action_name(enum pin_action a)
{
	return a == PIN_PIN ? "pin" : a == PIN_BAN ? "ban" : "none";
}

/* Sets the pair's action; *index receives its item (or -1 when removed). */
static int set_at(struct pin_set *p, const char *mentor_email, const char *mentee_email,
		  enum pin_action a, long *index)
{
	char *km = text_key_dup(mentor_email), *ke = text_key_dup(mentee_email);
	char *cm = NULL, *ce = NULL;
	long i;
	int rc = -1;

	*index = -1;
	if (!km || !ke || !*km || !*ke)
		goto done;
	i = find_keyed(p, km, ke);
	if (a == PIN_NONE) {
		if (i >= 0) {
			free(p->items[i].mentor_email);
			free(p->items[i].mentee_email);
			memmove(&p->items[i], &p->items[i + 1], (p->n - (size_t)i - 1) * sizeof *p->items);
			p->n--;
		}
		rc = 0;
		goto done;
	}
	if (!(cm = strdup(mentor_email)) || !(ce = strdup(mentee_email)))
		goto done;
	if (i < 0) {
		if (p->n == p->cap) {
			size_t c2 = p->cap ? p->cap * 2 : 16;
			struct pin *n2 = realloc(p->items, c2 * sizeof *n2);
			if (!n2)
				goto done;
			p->items = n2;
			p->cap = c2;
		}
		i = (long)p->n++;
	} else {
		free(p->items[i].mentor_email);
		free(p->items[i].mentee_email);
	}
	p->items[i].mentor_email = cm;
	p->items[i].mentee_email = ce;
	p->items[i].action = a;
	p->items[i].line = 0;
	cm = ce = NULL;
	*index = i;
	rc = 0;
done:
	free(cm);
	free(ce);
	free(km);
	free(ke);
	return rc;
}

int pins_set(struct pin_set *p, const char *mentor_email, const char *mentee_email, enum pin_action a)
{
	long i;
	return set_at(p, mentor_email, mentee_email, a, &i);
}

/* ---- reading ------------------------------------------------------------ */

/* Header key: as text_key, with '_' read as a space. */
static int header_is(const char *h, const char *want)
{
	char *k = text_key_dup(h);
	int eq;
	if (!k)
		return 0;
	for (char *c = k; *c; c++)
		if (*c == '_')
			*c = ' ';
	eq = strcmp(k, want) == 0;
	free(k);
	return eq;
}

/* The text without surrounding white space, malloc'ed. */
static char *trimmed(const char *s)
{
	size_t a = 0, b = strlen(s);
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	char *t = malloc(b - a + 1);
	if (t) {
		memcpy(t, s + a, b - a);
		t[b - a] = '\0';
	}
	return t;
}

static enum pin_action parse_action(const char *s)
{
	char *k = text_key_dup(s);
	enum pin_action a = PIN_NONE;
	if (k && strcmp(k, "pin") == 0)
		a = PIN_PIN;
	else if (k && strcmp(k, "ban") == 0)
		a = PIN_BAN;
	free(k);
	return a;
}

int pins_load(struct pin_set *p, const char *path, struct diag *d)
{
	/* the identity columns: ids when there are, else emails */
	static const char *const names[2][3] = {
		{ "mentor id", "mentee id", "action" },
		{ "mentor email", "mentee email", "action" },
	};
	struct table t;
	struct pin_set out;
	int col[3] = { -1, -1, -1 }, set = 1;
	int rc = -1;

	if (table_load(&t, path, TABLE_DELIM_AUTO, d) != 0)
		return -1;
	pins_init(&out);
	for (size_t c = 0; c < t.ncols; c++)
		if (header_is(t.headers[c], names[0][0]))
			set = 0;
	for (size_t c = 0; c < t.ncols; c++)
		for (int k = 0; k < 3; k++)
			if (col[k] < 0 && header_is(t.headers[c], names[set][k]))
				col[k] = (int)c;
	for (int k = 0; k < 3; k++)
		if (col[k] < 0) {
			diag_add(d, DIAG_ERROR, path, 1, "a pins file needs the columns \"%s\", "
				 "\"%s\" and \"action\" (pin or ban); this header has no \"%s\"",
				 names[set][0], names[set][1], names[set][k]);
			goto done;
		}
	for (size_t r = 0; r < t.nrows; r++) {
		const char *me = table_cell(&t, r, (size_t)col[0]);
		const char *ee = table_cell(&t, r, (size_t)col[1]);
		const char *as = table_cell(&t, r, (size_t)col[2]);
		enum pin_action a = parse_action(as);
		unsigned long line = t.line[r];
		char *m = trimmed(me), *e = trimmed(ee);
		long at;

		if (!m || !e) {
			free(m);
			free(e);
			goto oom;
		}
		if (!*m || !*e) {
			diag_add(d, DIAG_WARNING, path, line, "the %s is blank; this row is not "
				 "used (give both)", names[set][!*m ? 0 : 1]);
		} else if (a == PIN_NONE) {
			diag_add(d, DIAG_WARNING, path, line, "the action \"%s\" is neither pin nor ban; "
				 "this row is not used (write pin to keep the pair, ban to keep it out)", as);
		} else {
			long before = pins_find(&out, m, e);
			if (before >= 0)
				diag_add(d, DIAG_WARNING, path, line, "the pair %s with %s is also on line "
					 "%lu; this row (%s) replaces it", m, e, out.items[before].line,
					 pins_action_name(a));
			if (set_at(&out, m, e, a, &at) != 0) {
				free(m);
				free(e);
				goto oom;
			}
			out.items[at].line = line;
		}
		free(m);
		free(e);
	}
	pins_free(p);
	*p = out;
	pins_init(&out);
	rc = 0;
	goto done;
oom:
	diag_add(d, DIAG_ERROR, path, 0, "out of memory while reading the pins");
done:
	pins_free(&out);
	table_free(&t);
	return rc;
}

/* ---- naming people by identity ------------------------------------------------ */

/* The name of person i of side that pins use (their identity), or NULL
 * when text already is it or names nobody (reported when several). */
static const char *rekeyed(const struct dataset *ds, enum side side, const char *text,
			   const char *path, unsigned long line, struct diag *d)
{
	long who = dataset_find_person(ds, side, text);
	const char *id;
	if (who == DATASET_SEVERAL) {
		int idf = ds->side[side].id_field;
		diag_add(d, DIAG_WARNING, path, line, "the %s email %s belongs to several %s, so it "
			 "cannot say which one; this profile names people by %s %s: write that "
			 "instead", side == SIDE_MENTOR ? "mentor" : "mentee", text,
			 profile_side_name(side), side == SIDE_MENTOR ? "mentor" : "mentee",
			 idf >= 0 ? ds->prof->fields[idf].name : "id");
		return NULL;
	}
	if (who < 0)
		return NULL;
	id = dataset_identity(ds, side, (size_t)who);
	return text_same(id, text) == 1 ? NULL : id;
}

size_t pins_rekey(struct pin_set *p, const struct dataset *ds, const char *path, struct diag *d)
{
	struct pin_set out;
	size_t changed = 0;
	int oom = 0;

	if (p->n == 0)
		return 0;
	pins_init(&out);
	for (size_t i = 0; i < p->n && !oom; i++) {
		const struct pin *it = &p->items[i];
		const char *m = rekeyed(ds, SIDE_MENTOR, it->mentor_email, path, it->line, d);
		const char *e = rekeyed(ds, SIDE_MENTEE, it->mentee_email, path, it->line, d);
		const char *mm = m ? m : it->mentor_email, *ee = e ? e : it->mentee_email;
		long before = pins_find(&out, mm, ee), at;
		changed += (m != NULL) + (e != NULL);
		if (before >= 0 && it->action != PIN_NONE)
			diag_add(d, DIAG_WARNING, path, it->line, "the pair %s with %s is also on line "
				 "%lu (by email or by %s); this row (%s) replaces it", mm, ee,
				 out.items[before].line, ds->side[SIDE_MENTOR].id_field >= 0 ?
				 ds->prof->fields[ds->side[SIDE_MENTOR].id_field].name : "id",
				 pins_action_name(it->action));
		if (it->action == PIN_NONE)
			continue;
		if (set_at(&out, mm, ee, it->action, &at) != 0)
			oom = 1;
		else
			out.items[at].line = it->line;
	}
	if (oom) {
		pins_free(&out);
		diag_add(d, DIAG_ERROR, path, 0, "out of memory while reading the pins");
		return 0;
	}
	pins_free(p);
	*p = out;
	if (changed)
		diag_add(d, DIAG_NOTE, path, 0, "the pins name %zu %s by email: read as their %s, the "
			 "field this profile tells people apart by (pins.csv is saved so)", changed,
			 changed == 1 ? "person" : "people",
			 ds->prof->fields[ds->side[SIDE_MENTOR].id_field].name);
	return changed;
}

/* ---- writing ------------------------------------------------------------ */

static int put_field(FILE *f, int first, const char *s)
{
	if (!first && fputc(',', f) == EOF)
		return -1;
	return csv_fwrite(f, s, strlen(s)) == 0 ? 0 : -1;
}

int pins_save(const struct pin_set *p, const char *path, const char *const header[2],
	      struct diag *d)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path) + 16;
	char *tmp = malloc(len);
	FILE *f = NULL;
	int fd, err = 0;

	if (!tmp) {
		diag_add(d, DIAG_ERROR, path, 0, "out of memory");
		return -1;
	}
	/* dir/.name.XXXXXX: in the same folder, so that rename replaces atomically */
	snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)dlen, path, path + dlen);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot create the file: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w"))) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot write the file: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	/* a UTF-8 byte-order mark and CR LF, as the result files */
	if (fputs("\xEF\xBB\xBF", f) == EOF || put_field(f, 1, header[0]) ||
	    put_field(f, 0, header[1]) || put_field(f, 0, "action") || fputs("\r\n", f) == EOF)
		err = 1;
	for (size_t i = 0; i < p->n && !err; i++) {
		const struct pin *it = &p->items[i];
		if (it->action == PIN_NONE)
			continue;
		if (put_field(f, 1, it->mentor_email) || put_field(f, 0, it->mentee_email) ||
		    put_field(f, 0, pins_action_name(it->action)) || fputs("\r\n", f) == EOF)
			err = 1;
	}
	errno = 0;
	if (err || fflush(f) != 0 || fsync(fileno(f)) != 0)
		err = 1;
	if (fclose(f) != 0)
		err = 1;
	if (!err && rename(tmp, path) != 0)
		err = 1;
	if (err) {
		diag_add(d, DIAG_ERROR, path, 0, "could not be written: %s", strerror(errno ? errno : EIO));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	diag_add(d, DIAG_NOTE, path, 0, "pins and bans written: %zu",
		 p->n - pins_count(p, PIN_NONE));
	return 0;
}
