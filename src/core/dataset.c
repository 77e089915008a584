/* dataset.c - participants of both sides, parsed by field type. */
#include "mentormatch/dataset.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"

/* ---- value keys -------------------------------------------------------- */

/* Length of a white-space character (ASCII space, tab, CR, LF, U+00A0) at s, or 0. */
static size_t space_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
		return 1;
	if (c == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* Writes the comparison key of the len bytes at s into out (room for len+1):
 * surrounding white space removed, inner runs collapsed to one space, ASCII
 * and Latin-1 capitals folded to small letters.  Returns the key length. */
static size_t value_key(const char *s, size_t len, char *out)
{
	const char *end = s + len;
	size_t n = 0, k;
	int pending_space = 0;

	while (s < end) {
		if ((k = space_len(s)) != 0 && s + k <= end) {
			pending_space = n > 0;
			s += k;
			continue;
		}
		if (pending_space) {
			out[n++] = ' ';
			pending_space = 0;
		}
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z') {
			out[n++] = (char)(c + 32);
			s++;
		} else if (c == 0xC3 && s + 1 < end && (unsigned char)s[1] >= 0x80 &&
			   (unsigned char)s[1] <= 0x9E && (unsigned char)s[1] != 0x97) {
			out[n++] = (char)c;
			out[n++] = (char)((unsigned char)s[1] + 0x20);
			s += 2;
		} else {
			out[n++] = (char)c;
			s++;
		}
	}
	out[n] = '\0';
	return n;
}

/* ---- vocabulary (open addressing hash of keys) ---------------------------- */

struct vocab_builder {
	struct dataset *ds;
	size_t cap;       /* vocab arrays capacity */
	int32_t *slots;   /* hash slots: id + 1, 0 = empty */
	size_t nslots;
};

static uint64_t hash_key(const char *k)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ULL;
	}
	return h;
}

static int vocab_grow(struct vocab_builder *vb)
{
	size_t nslots = vb->nslots ? vb->nslots * 2 : 256;
	int32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < vb->ds->nvocab; i++) {
		size_t h = (size_t)hash_key(vb->ds->vocab_key[i]) & (nslots - 1);
		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = (int32_t)i + 1;
	}
	free(vb->slots);
	vb->slots = slots;
	vb->nslots = nslots;
	return 0;
}

/* Id of the value (raw bytes s, len), interning it; VALUE_NONE when empty;
 * -2 on out-of-memory. */
static int32_t vocab_intern(struct vocab_builder *vb, const char *s, size_t len, char *keybuf)
{
	struct dataset *ds = vb->ds;
	size_t klen = value_key(s, len, keybuf);
	if (klen == 0)
		return VALUE_NONE;
	if (ds->nvocab * 2 >= vb->nslots && vocab_grow(vb) < 0)
		return -2;
	size_t h = (size_t)hash_key(keybuf) & (vb->nslots - 1);
	while (vb->slots[h]) {
		int32_t id = vb->slots[h] - 1;
		if (strcmp(ds->vocab_key[id], keybuf) == 0)
			return id;
		h = (h + 1) & (vb->nslots - 1);
	}
	if (ds->nvocab == vb->cap) {
		size_t cap = vb->cap ? vb->cap * 2 : 64;
		char **v = realloc(ds->vocab, cap * sizeof *v);
		if (!v)
			return -2;
		ds->vocab = v;
		char **k = realloc(ds->vocab_key, cap * sizeof *k);
		if (!k)
			return -2;
		ds->vocab_key = k;
		vb->cap = cap;
	}
	/* display spelling: the value with surrounding white space removed */
	const char *b = s, *e = s + len;
	size_t sl;
	while (b < e && (sl = space_len(b)) != 0)
		b += sl;
	while (e > b) {
		if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')
			e--;
		else if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	char *disp = malloc((size_t)(e - b) + 1);
	char *key = strdup(keybuf);
	if (!disp || !key) {
		free(disp);
		free(key);
		return -2;
	}
	memcpy(disp, b, (size_t)(e - b));
	disp[e - b] = '\0';
	int32_t id = (int32_t)ds->nvocab++;
	ds->vocab[id] = disp;
	ds->vocab_key[id] = key;
	vb->slots[h] = id + 1;
	return id;
}

/* ---- building ------------------------------------------------------------ */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int parse_long(const char *s, long *out)
{
	char *end;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (errno || *end || v < INT32_MIN + 1 || v > INT32_MAX)
		return -1;
	*out = v;
	return 0;
}

struct pool {
	int32_t *v;
	size_t n, cap;
};

static int pool_push(struct pool *p, int32_t x)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		int32_t *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = x;
	return 0;
}

static void scale_list(const struct field_def *f, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->nscale && n + 8 < len; i++) {
		int w = snprintf(buf + n, len - n, "%s%s", i ? ", " : "", f->scale[i]);
		if (w < 0 || (size_t)w >= len - n) {
			snprintf(buf + len - 5, 5, "...");
			return;
		}
		n += (size_t)w;
	}
}

/* Comparison keys of every ordinal field's scale: keys[f][k]. */
static int make_scale_keys(const struct profile *p, char ***keys)
{
	for (size_t f = 0; f < p->nfields; f++) {
		const struct field_def *fd = &p->fields[f];
		if (fd->type != FIELD_ORDINAL)
			continue;
		keys[f] = calloc(fd->nscale ? fd->nscale : 1, sizeof **keys);
		if (!keys[f])
			return -1;
		for (size_t k = 0; k < fd->nscale; k++) {
			size_t l = strlen(fd->scale[k]);
			if (!(keys[f][k] = malloc(l + 1)))
				return -1;
			value_key(fd->scale[k], l, keys[f][k]);
		}
	}
	return 0;
}

static void free_scale_keys(const struct profile *p, char ***keys)
{
	if (!keys)
		return;
	for (size_t f = 0; f < p->nfields; f++) {
		if (keys[f])
			for (size_t k = 0; k < p->fields[f].nscale; k++)
				free(keys[f][k]);
		free(keys[f]);
	}
	free(keys);
}

static int build_side(struct dataset *ds, struct vocab_builder *vb, enum side side,
		      const struct table *t, struct diag *d)
{
	const struct profile *p = ds->prof;
	struct side_data *sd = &ds->side[side];
	size_t nf = p->nfields;
	int missing = 0;

	sd->tab = t;
	sd->n = t->nrows;
	sd->email_field = -1;
	sd->col = malloc((nf ? nf : 1) * sizeof *sd->col);
	sd->row = malloc((sd->n ? sd->n : 1) * sizeof *sd->row);
	sd->val = malloc((sd->n * nf > 0 ? sd->n * nf : 1) * sizeof *sd->val);
	sd->set_start = malloc((sd->n * nf + 1) * sizeof *sd->set_start);
	if (!sd->col || !sd->row || !sd->val || !sd->set_start)
		return -1;

	for (size_t f = 0; f < nf; f++) {
		const char *h = p->columns[side] ? p->columns[side][f] : NULL;
		sd->col[f] = -1;
		if (p->fields[f].type == FIELD_EMAIL && sd->email_field < 0)
			sd->email_field = (int)f;
		if (!h)
			continue;
		sd->col[f] = mapping_find_column(t, h);
		if (sd->col[f] < 0) {
			diag_add(d, DIAG_ERROR, t->path, 1,
				 "no column \"%s\" for the field %s; map the field to another column "
				 "(on the Columns step, or in [columns.%s] of the profile)",
				 h, p->fields[f].name, profile_side_name(side));
			missing = 1;
		}
	}
	if (sd->email_field >= 0 && sd->col[sd->email_field] < 0) {
		diag_add(d, DIAG_ERROR, t->path, 1,
			 "no column is mapped to the field %s: every person needs an email address, "
			 "to tell people apart and never match anyone with themselves; map it "
			 "(on the Columns step, or in [columns.%s] of the profile)",
			 p->fields[sd->email_field].name, profile_side_name(side));
		missing = 1;
	}
	if (missing)
		return -2;

	size_t maxlen = 1;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t f = 0; f < nf; f++)
			if (sd->col[f] >= 0) {
				size_t l = strlen(table_cell(t, r, (size_t)sd->col[f]));
				if (l > maxlen)
					maxlen = l;
			}
	char *key = malloc(maxlen + 1);
	struct pool pool = {0};
	int32_t *tmp = NULL;
	size_t tmpcap = 0;
	char ***scale_keys = calloc(nf ? nf : 1, sizeof *scale_keys);
	if (!key || !scale_keys || make_scale_keys(p, scale_keys) < 0) {
		free(key);
		free_scale_keys(p, scale_keys);
		return -1;
	}

	for (size_t i = 0; i < sd->n; i++) {
		sd->row[i] = i;
		for (size_t f = 0; f < nf; f++) {
			const struct field_def *fd = &p->fields[f];
			int32_t *v = &sd->val[i * nf + f];
			sd->set_start[i * nf + f] = pool.n;
			*v = VALUE_NONE;
			if (sd->col[f] < 0)
				continue;
			const char *cell = table_cell(t, i, (size_t)sd->col[f]);
			switch (fd->type) {
			case FIELD_TEXT:
				break;
			case FIELD_EMAIL:
			case FIELD_CATEGORY:
				*v = vocab_intern(vb, cell, strlen(cell), key);
				if (*v == -2)
					goto oom;
				break;
			case FIELD_ORDINAL: {
				if (value_key(cell, strlen(cell), key) == 0)
					break;
				for (size_t k = 0; k < fd->nscale; k++)
					if (strcmp(scale_keys[f][k], key) == 0) {
						*v = (int32_t)k;
						break;
					}
				if (*v == VALUE_NONE) {
					char list[256];
					scale_list(fd, list, sizeof list);
					diag_add(d, DIAG_WARNING, t->path, t->line[i],
						 "%s \"%s\" is not on the scale (%s); it counts as missing",
						 fd->label ? fd->label : fd->name, cell, list);
				}
				break;
			}
			case FIELD_NUMBER: {
				long x;
				if (!*cell)
					break;
				if (parse_long(cell, &x) == 0)
					*v = (int32_t)x;
				else
					diag_add(d, DIAG_WARNING, t->path, t->line[i],
						 "%s \"%s\" is not a whole number; it counts as missing",
						 fd->label ? fd->label : fd->name, cell);
				break;
			}
			case FIELD_MULTI: {
				const char *sep = fd->separator && *fd->separator ? fd->separator : ",";
				size_t seplen = strlen(sep);
				size_t cnt = 0;
				const char *s = cell;
				for (;;) {
					const char *e = strstr(s, sep);
					size_t l = e ? (size_t)(e - s) : strlen(s);
					int32_t id = vocab_intern(vb, s, l, key);
					if (id == -2)
						goto oom;
					if (id != VALUE_NONE) {
						if (cnt == tmpcap) {
							size_t c2 = tmpcap ? tmpcap * 2 : 16;
							int32_t *t2 = realloc(tmp, c2 * sizeof *t2);
							if (!t2)
								goto oom;
							tmp = t2;
							tmpcap = c2;
						}
						tmp[cnt++] = id;
					}
					if (!e)
						break;
					s = e + seplen;
				}
				if (cnt > 1)
					qsort(tmp, cnt, sizeof *tmp, cmp_i32);
				for (size_t k = 0; k < cnt; k++)
					if ((k == 0 || tmp[k] != tmp[k - 1]) && pool_push(&pool, tmp[k]) < 0)
						goto oom;
				break;
			}
			}
		}
	}
	sd->set_start[sd->n * nf] = pool.n;
	sd->set_pool = pool.v ? pool.v : malloc(sizeof *sd->set_pool);
	free(key);
	free(tmp);
	free_scale_keys(p, scale_keys);
	return sd->set_pool ? 0 : -1;
oom:
	free(key);
	free(tmp);
	free(pool.v);
	free_scale_keys(p, scale_keys);
	return -1;
}

/* Duplicate emails within a side (warning, both rows kept). */
static void check_duplicates(struct dataset *ds, enum side side, struct diag *d)
{
	struct side_data *sd = &ds->side[side];
	size_t nf = ds->prof->nfields;
	if (sd->email_field < 0 || sd->col[sd->email_field] < 0)
		return;
	long *first = malloc((ds->nvocab ? ds->nvocab : 1) * sizeof *first);
	if (!first)
		return;
	for (size_t k = 0; k < ds->nvocab; k++)
		first[k] = -1;
	for (size_t i = 0; i < sd->n; i++) {
		int32_t id = sd->val[i * nf + (size_t)sd->email_field];
		if (id == VALUE_NONE) {
			diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[i],
				 "no email address; this person cannot be told apart in the results");
			continue;
		}
		if (first[id] >= 0)
			diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[i],
				 "%s signed up twice (also line %lu); both rows are kept",
				 ds->vocab[id], sd->tab->line[first[id]]);
		else
			first[id] = (long)i;
	}
	free(first);
}

/* People who are on both sides (same email): a note for each. */
static void check_both_sides(struct dataset *ds, struct diag *d)
{
	struct side_data *m = &ds->side[SIDE_MENTOR], *e = &ds->side[SIDE_MENTEE];
	size_t nf = ds->prof->nfields;
	if (m->email_field < 0 || m->col[m->email_field] < 0 || e->col[e->email_field] < 0)
		return;
	long *at = malloc((ds->nvocab ? ds->nvocab : 1) * sizeof *at);
	if (!at)
		return;
	for (size_t k = 0; k < ds->nvocab; k++)
		at[k] = -1;
	for (size_t i = 0; i < m->n; i++) {
		int32_t id = m->val[i * nf + (size_t)m->email_field];
		if (id != VALUE_NONE && at[id] < 0)
			at[id] = (long)i;
	}
	for (size_t j = 0; j < e->n; j++) {
		int32_t id = e->val[j * nf + (size_t)e->email_field];
		if (id == VALUE_NONE || at[id] < 0)
			continue;
		diag_add(d, DIAG_NOTE, e->tab->path, e->tab->line[j],
			 "%s is both a mentor (%s line %lu) and a mentee; they are never matched with themselves",
			 ds->vocab[id], m->tab->path, m->tab->line[at[id]]);
	}
	free(at);
}

/* Blank or unusable capacity values: a warning each, naming the default. */
static void check_capacities(struct dataset *ds, enum side side, struct diag *d)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	long f = p->solve.capacity_field[side];
	if (f < 0 || (size_t)f >= p->nfields || sd->col[f] < 0)
		return;
	long def = solve_default_capacity(&p->solve, side);
	for (size_t i = 0; i < sd->n; i++) {
		const char *cell = table_cell(sd->tab, sd->row[i], (size_t)sd->col[f]);
		int32_t v = sd->val[i * p->nfields + (size_t)f];
		const char *what = NULL;
		const char *c = cell;
		size_t k;
		while ((k = space_len(c)) != 0)
			c += k;
		if (!*c)
			what = "is blank";
		else if (v != VALUE_NONE && (v < 0 || v > 1000))
			what = "is not from 0 to 1000";
		/* not a number at all: already reported while reading */
		if (what)
			diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[sd->row[i]],
				 "%s \"%s\" %s; the default %ld is used", p->fields[f].label ? p->fields[f].label : p->fields[f].name,
				 cell, what, def);
	}
}

long dataset_capacity(const struct dataset *ds, enum side side, size_t person)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	long f = p->solve.capacity_field[side];
	if (f >= 0 && (size_t)f < p->nfields && person < sd->n && sd->col[f] >= 0) {
		int32_t v = sd->val[person * p->nfields + (size_t)f];
		if (v != VALUE_NONE && v >= 0 && v <= 1000)
			return v;
	}
	return solve_default_capacity(&p->solve, side);
}

int dataset_build(struct dataset *ds, const struct profile *p,
		  const struct table *mentors, const struct table *mentees,
		  struct diag *d)
{
	struct vocab_builder vb = {0};
	int rc;

	memset(ds, 0, sizeof *ds);
	ds->prof = p;
	vb.ds = ds;
	rc = build_side(ds, &vb, SIDE_MENTOR, mentors, d);
	if (rc == 0)
		rc = build_side(ds, &vb, SIDE_MENTEE, mentees, d);
	free(vb.slots);
	if (rc == -1)
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the participants");
	if (rc != 0) {
		dataset_free(ds);
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (ds->side[side].n == 0)
			diag_add(d, DIAG_WARNING, ds->side[side].tab->path, 0,
				 "no data rows, only a header; nobody from this file can be matched");
	check_duplicates(ds, SIDE_MENTOR, d);
	check_duplicates(ds, SIDE_MENTEE, d);
	check_both_sides(ds, d);
	check_capacities(ds, SIDE_MENTOR, d);
	check_capacities(ds, SIDE_MENTEE, d);
	return 0;
}

const char *dataset_text(const struct dataset *ds, enum side side, size_t person, size_t field)
{
	const struct side_data *sd = &ds->side[side];
	if (field >= ds->prof->nfields || person >= sd->n || sd->col[field] < 0)
		return "";
	return table_cell(sd->tab, sd->row[person], (size_t)sd->col[field]);
}

const char *dataset_email(const struct dataset *ds, enum side side, size_t person)
{
	int f = ds->side[side].email_field;
	return f < 0 ? "" : dataset_text(ds, side, person, (size_t)f);
}

void dataset_name(const struct dataset *ds, enum side side, size_t person, char *buf, size_t len)
{
	int fn = profile_field_index(ds->prof, "first_name");
	int ln = profile_field_index(ds->prof, "last_name");
	const char *a = fn >= 0 ? dataset_text(ds, side, person, (size_t)fn) : "";
	const char *b = ln >= 0 ? dataset_text(ds, side, person, (size_t)ln) : "";
	if (!len)
		return;
	if (!*a && !*b)
		snprintf(buf, len, "%s", dataset_email(ds, side, person));
	else
		snprintf(buf, len, "%s%s%s", a, *a && *b ? " " : "", b);
}

unsigned long dataset_line(const struct dataset *ds, enum side side, size_t person)
{
	const struct side_data *sd = &ds->side[side];
	return person < sd->n ? sd->tab->line[sd->row[person]] : 0;
}

void dataset_free(struct dataset *ds)
{
	for (int s = 0; s < SIDE_COUNT; s++) {
		free(ds->side[s].row);
		free(ds->side[s].col);
		free(ds->side[s].val);
		free(ds->side[s].set_start);
		free(ds->side[s].set_pool);
	}
	for (size_t k = 0; k < ds->nvocab; k++) {
		free(ds->vocab[k]);
		free(ds->vocab_key[k]);
	}
	free(ds->vocab);
	free(ds->vocab_key);
	memset(ds, 0, sizeof *ds);
}
