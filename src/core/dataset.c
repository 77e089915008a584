/* dataset.c - participants of both sides, parsed by field type. */
#include "mentormatch/dataset.h"
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"

/* ---- vocabulary (open addressing hash of keys) ---------------------------- */

/* One spelling of a value (its bytes in the builder's arena, surrounding
 * white space removed) and the number of participants' cells that use it.
 * The spellings of a value are chained in the order first seen. */
struct spelling {
	size_t ofs, len;
	size_t count;
	int32_t next;     /* the next spelling of the same value, or -1 */
};

struct vocab_builder {
	struct dataset *ds;
	size_t cap;       /* vocab arrays capacity */
	int32_t *slots;   /* hash slots: id + 1, 0 = empty */
	size_t nslots;
	int32_t *first;   /* cap: the first spelling of each value */
	struct spelling *sp;
	size_t nsp, spcap;
	char *arena;      /* the bytes of every spelling */
	size_t alen, acap;
};

static void vocab_builder_free(struct vocab_builder *vb)
{
	free(vb->slots);
	free(vb->first);
	free(vb->sp);
	free(vb->arena);
}

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

/* Adds count uses of the spelling (b, len) to value id.  Returns 0 or -1 (OOM). */
static int spelling_note(struct vocab_builder *vb, int32_t id, const char *b, size_t len,
			 size_t count)
{
	int32_t k = vb->first[id], last = -1;
	for (; k >= 0; last = k, k = vb->sp[k].next)
		if (vb->sp[k].len == len && memcmp(vb->arena + vb->sp[k].ofs, b, len) == 0) {
			vb->sp[k].count += count;
			return 0;
		}
	if (vb->nsp == vb->spcap) {
		size_t cap = vb->spcap ? vb->spcap * 2 : 64;
		struct spelling *sp = realloc(vb->sp, cap * sizeof *sp);
		if (!sp)
			return -1;
		vb->sp = sp;
		vb->spcap = cap;
	}
	if (vb->alen + len > vb->acap) {
		size_t cap = vb->acap ? vb->acap * 2 : 4096;
		while (cap < vb->alen + len)
			cap *= 2;
		char *a = realloc(vb->arena, cap);
		if (!a)
			return -1;
		vb->arena = a;
		vb->acap = cap;
	}
	if (len)
		memcpy(vb->arena + vb->alen, b, len);
	k = (int32_t)vb->nsp++;
	vb->sp[k] = (struct spelling){ vb->alen, len, count, -1 };
	vb->alen += len;
	if (last < 0)
		vb->first[id] = k;
	else
		vb->sp[last].next = k;
	return 0;
}

/* Id of the value (raw bytes s, len), interning it, and counts one use of its
 * spelling when count is 1 (0: a look-up that counts nothing); VALUE_NONE
 * when empty; -2 on out-of-memory. */
static int32_t vocab_intern(struct vocab_builder *vb, const char *s, size_t len, char *keybuf,
			    size_t count)
{
	struct dataset *ds = vb->ds;
	size_t klen = text_key(s, len, keybuf);
	const char *b = s, *e = s + len;
	int32_t id = -1;

	if (klen == 0)
		return VALUE_NONE;
	if (ds->nvocab * 2 >= vb->nslots && vocab_grow(vb) < 0)
		return -2;
	text_trim_span(&b, &e);
	size_t h = (size_t)hash_key(keybuf) & (vb->nslots - 1);
	while (vb->slots[h]) {
		int32_t at = vb->slots[h] - 1;
		if (strcmp(ds->vocab_key[at], keybuf) == 0) {
			id = at;
			break;
		}
		h = (h + 1) & (vb->nslots - 1);
	}
	if (id < 0) {
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
			int32_t *f = realloc(vb->first, cap * sizeof *f);
			if (!f)
				return -2;
			vb->first = f;
			vb->cap = cap;
		}
		/* display spelling for now: the first seen (see vocab_finish) */
		char *disp = malloc((size_t)(e - b) + 1);
		char *key = strdup(keybuf);
		if (!disp || !key) {
			free(disp);
			free(key);
			return -2;
		}
		memcpy(disp, b, (size_t)(e - b));
		disp[e - b] = '\0';
		id = (int32_t)ds->nvocab++;
		ds->vocab[id] = disp;
		ds->vocab_key[id] = key;
		vb->first[id] = -1;
		vb->slots[h] = id + 1;
	}
	if (spelling_note(vb, id, b, (size_t)(e - b), count) < 0)
		return -2;
	return id;
}

/* Sets each value's display spelling to its most frequent one (ties: the
 * first seen, which is the one it has).  Returns 0 or -1 (OOM). */
static int vocab_finish(struct vocab_builder *vb)
{
	struct dataset *ds = vb->ds;
	for (size_t id = 0; id < ds->nvocab; id++) {
		int32_t best = vb->first[id];
		for (int32_t k = best; k >= 0; k = vb->sp[k].next)
			if (vb->sp[k].count > vb->sp[best].count)
				best = k;
		if (best == vb->first[id])
			continue;
		const struct spelling *sp = &vb->sp[best];
		char *t = malloc(sp->len + 1);
		if (!t)
			return -1;
		memcpy(t, vb->arena + sp->ofs, sp->len);
		t[sp->len] = '\0';
		free(ds->vocab[id]);
		ds->vocab[id] = t;
	}
	return 0;
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

/* Comparison keys of an ordinal field's scale or a multi field's options. */
struct field_keys {
	char **key;       /* n keys */
	size_t n;
	size_t maxlen;    /* the longest key */
	/* category and ordinal: the keys of the aliases' spellings, and for an
	 * ordinal field the scale index of each alias's value (-1: none) */
	char **akey;
	long *ascale;
	size_t na;
};


/* The alias keys of a category or ordinal field (see struct field_keys). */
static int make_alias_keys(const struct field_def *fd, struct field_keys *fk)
{
	if ((fd->type != FIELD_CATEGORY && fd->type != FIELD_ORDINAL) || !fd->naliases)
		return 0;
	if (!(fk->akey = calloc(fd->naliases, sizeof *fk->akey)) ||
	    !(fk->ascale = malloc(fd->naliases * sizeof *fk->ascale)))
		return -1;
	fk->na = fd->naliases;
	for (size_t a = 0; a < fd->naliases; a++) {
		fk->ascale[a] = -1;
		if (!(fk->akey[a] = text_key_dup(fd->aliases[a].spelling)))
			return -1;
		if (fd->type != FIELD_ORDINAL)
			continue;
		char *vk = text_key_dup(fd->aliases[a].value);
		if (!vk)
			return -1;
		for (size_t k = 0; k < fd->nscale && fk->ascale[a] < 0; k++) {
			char *sk = text_key_dup(fd->scale[k]);
			if (!sk) {
				free(vk);
				return -1;
			}
			if (strcmp(sk, vk) == 0)
				fk->ascale[a] = (long)k;
			free(sk);
		}
		free(vk);
	}
	return 0;
}

/* Index of the alias whose spelling has this key, or -1. */
static long alias_index(const struct field_keys *fk, const char *key)
{
	for (size_t a = 0; a < fk->na; a++)
		if (*fk->akey[a] && strcmp(fk->akey[a], key) == 0)
			return (long)a;
	return -1;
}

static int make_field_keys(const struct profile *p, struct field_keys *fk)
{
	for (size_t f = 0; f < p->nfields; f++) {
		const struct field_def *fd = &p->fields[f];
		if (make_alias_keys(fd, &fk[f]) < 0)
			return -1;
	}
	for (size_t f = 0; f < p->nfields; f++) {
		const struct field_def *fd = &p->fields[f];
		char *const *list = fd->type == FIELD_ORDINAL ? fd->scale :
			fd->type == FIELD_MULTI ? fd->options : NULL;
		size_t n = fd->type == FIELD_ORDINAL ? fd->nscale :
			fd->type == FIELD_MULTI ? fd->noptions : 0;
		if (!list || !n)
			continue;
		if (!(fk[f].key = calloc(n, sizeof *fk[f].key)))
			return -1;
		fk[f].n = n;
		for (size_t k = 0; k < n; k++) {
			size_t l = strlen(list[k]);
			if (!(fk[f].key[k] = malloc(l + 1)))
				return -1;
			l = text_key(list[k], l, fk[f].key[k]);
			if (l > fk[f].maxlen)
				fk[f].maxlen = l;
		}
	}
	return 0;
}

static void free_field_keys(const struct profile *p, struct field_keys *fk)
{
	if (!fk)
		return;
	for (size_t f = 0; f < p->nfields; f++) {
		for (size_t k = 0; k < fk[f].n; k++)
			free(fk[f].key[k]);
		free(fk[f].key);
		for (size_t a = 0; fk[f].akey && a < fk[f].na; a++)
			free(fk[f].akey[a]);
		free(fk[f].akey);
		free(fk[f].ascale);
	}
	free(fk);
}

/* Index of key among the field's keys, or -1. */
static long key_index(const struct field_keys *fk, const char *key)
{
	for (size_t k = 0; k < fk->n; k++)
		if (strcmp(fk->key[k], key) == 0)
			return (long)k;
	return -1;
}

/* Working memory for reading multi-select cells. */
struct multi_scratch {
	int32_t *ids;             /* the cell's value ids */
	size_t nids, idcap;
	struct { size_t b, e; } *pc;  /* the cell's pieces between separators */
	size_t npc, pccap;
	char *other;              /* the cell's other text */
	size_t olen, ocap;
};

static void *grow_array(void *a, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;
	void *r;
	if (need <= *cap)
		return a;
	while (c < need)
		c *= 2;
	if (!(r = realloc(a, c * elem)))
		return NULL;
	*cap = c;
	return r;
}

static int other_append(struct multi_scratch *sc, const char *sep, const char *b, const char *e)
{
	size_t seplen = sc->olen ? strlen(sep) : 0, len = (size_t)(e - b);
	char *o = grow_array(sc->other, &sc->ocap, sc->olen + seplen + len + 1, 1);
	if (!o)
		return -1;
	sc->other = o;
	memcpy(o + sc->olen, sep, seplen);
	memcpy(o + sc->olen + seplen, b, len);
	sc->olen += seplen + len;
	o[sc->olen] = '\0';
	return 0;
}

/* Reads a multi-select cell: its value ids, sorted and distinct, into
 * sc->ids, and the text that is none of the known options (fk, when the
 * field has options) into sc->other (sc->olen 0 when none).  Returns 0 or
 * -1 (OOM). */
static int read_multi(struct vocab_builder *vb, const struct field_def *fd,
		      const struct field_keys *fk, const char *cell, char *key,
		      struct multi_scratch *sc)
{
	const char *sep = fd->separator && *fd->separator ? fd->separator : ",";
	size_t seplen = strlen(sep);
	const char *s = cell;

	sc->nids = sc->npc = sc->olen = 0;
	for (;;) {
		const char *e = strstr(s, sep);
		size_t l = e ? (size_t)(e - s) : strlen(s);
		void *pc = grow_array(sc->pc, &sc->pccap, sc->npc + 1, sizeof *sc->pc);
		if (!pc)
			return -1;
		sc->pc = pc;
		sc->pc[sc->npc].b = (size_t)(s - cell);
		sc->pc[sc->npc].e = (size_t)(s - cell) + l;
		sc->npc++;
		if (!e)
			break;
		s = e + seplen;
	}
	for (size_t i = 0; i < sc->npc;) {
		size_t from = sc->pc[i].b, take = 1;
		if (fk->n) {
			/* the longest run of pieces that is a known option */
			take = 0;
			for (size_t j = i; j < sc->npc; j++) {
				size_t kl = text_key(cell + from, sc->pc[j].e - from, key);
				if (kl > fk->maxlen)
					break;   /* longer runs only add characters */
				if (kl && key_index(fk, key) >= 0)
					take = j - i + 1;
			}
		}
		if (take == 0) {
			const char *b = cell + from, *e = cell + sc->pc[i].e;
			text_trim_span(&b, &e);
			if (b < e && other_append(sc, sep, b, e) < 0)
				return -1;
			i++;
			continue;
		}
		int32_t id = vocab_intern(vb, cell + from, sc->pc[i + take - 1].e - from, key, 1);
		if (id == -2)
			return -1;
		if (id != VALUE_NONE) {
			int32_t *v = grow_array(sc->ids, &sc->idcap, sc->nids + 1, sizeof *v);
			if (!v)
				return -1;
			sc->ids = v;
			sc->ids[sc->nids++] = id;
		}
		i += take;
	}
	if (sc->nids > 1)
		qsort(sc->ids, sc->nids, sizeof *sc->ids, cmp_i32);
	size_t n = 0;
	for (size_t k = 0; k < sc->nids; k++)
		if (k == 0 || sc->ids[k] != sc->ids[k - 1])
			sc->ids[n++] = sc->ids[k];
	sc->nids = n;
	return 0;
}

/* Chooses the participants of a side: every row, except that of rows with the
 * same email only the last is kept (the others go to sd->dup).  Fills sd->row,
 * sd->n, sd->dup and sd->ndup.  Returns 0 or -1 (OOM). */
static int choose_rows(struct dataset *ds, struct vocab_builder *vb, struct side_data *sd,
		       char *key)
{
	const struct table *t = sd->tab;
	size_t nr = t->nrows, n = 0;
	int ef = sd->email_field;
	int32_t *eid = NULL;
	long *last = NULL, *pidx = NULL;
	int rc = -1;

	sd->ndup = 0;
	if (ef < 0 || sd->col[ef] < 0 || nr == 0) {
		for (size_t r = 0; r < nr; r++)
			sd->row[r] = r;
		sd->n = nr;
		return 0;
	}
	eid = malloc(nr * sizeof *eid);
	pidx = malloc(nr * sizeof *pidx);
	if (!eid || !pidx)
		goto out;
	for (size_t r = 0; r < nr; r++) {
		const char *cell = table_cell(t, r, (size_t)sd->col[ef]);
		if ((eid[r] = vocab_intern(vb, cell, strlen(cell), key, 0)) == -2)
			goto out;
	}
	if (!(last = malloc((ds->nvocab ? ds->nvocab : 1) * sizeof *last)))
		goto out;
	for (size_t k = 0; k < ds->nvocab; k++)
		last[k] = -1;
	for (size_t r = 0; r < nr; r++)
		if (eid[r] != VALUE_NONE)
			last[eid[r]] = (long)r;
	for (size_t r = 0; r < nr; r++) {
		if (eid[r] == VALUE_NONE || last[eid[r]] == (long)r) {
			pidx[r] = (long)n;
			sd->row[n++] = r;
		} else {
			sd->ndup++;
		}
	}
	sd->n = n;
	if (sd->ndup) {
		size_t k = 0;
		if (!(sd->dup = malloc(sd->ndup * sizeof *sd->dup)))
			goto out;
		for (size_t r = 0; r < nr; r++)
			if (eid[r] != VALUE_NONE && last[eid[r]] != (long)r)
				sd->dup[k++] = (struct dataset_dup){ r, (size_t)pidx[last[eid[r]]] };
	}
	rc = 0;
out:
	free(eid);
	free(last);
	free(pidx);
	return rc;
}

static int build_side(struct dataset *ds, struct vocab_builder *vb, enum side side,
		      const struct table *t, struct diag *d)
{
	const struct profile *p = ds->prof;
	struct side_data *sd = &ds->side[side];
	size_t nf = p->nfields;
	int missing = 0;

	sd->tab = t;
	sd->email_field = -1;
	sd->col = malloc((nf ? nf : 1) * sizeof *sd->col);
	sd->row = malloc((t->nrows ? t->nrows : 1) * sizeof *sd->row);
	if (!sd->col || !sd->row)
		return -1;

	for (size_t f = 0; f < nf; f++) {
		const char *h = p->columns[side] ? p->columns[side][f] : NULL;
		sd->col[f] = -1;
		if (p->fields[f].type == FIELD_EMAIL && sd->email_field < 0)
			sd->email_field = (int)f;
		if (!h)
			continue;
		sd->col[f] = mapping_field_column(p, side, f, t);
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
	for (size_t f = 0; f < nf; f++)
		for (size_t a = 0; a < p->fields[f].naliases; a++) {
			size_t l = strlen(p->fields[f].aliases[a].value);
			if (l > maxlen)
				maxlen = l;
		}
	char *key = malloc(maxlen + 1);
	struct pool pool = {0};
	struct multi_scratch sc = {0};
	size_t othercap = 0;
	struct field_keys *fk = calloc(nf ? nf : 1, sizeof *fk);
	if (!key || !fk || make_field_keys(p, fk) < 0 || choose_rows(ds, vb, sd, key) < 0)
		goto oom;
	sd->val = malloc((sd->n * nf > 0 ? sd->n * nf : 1) * sizeof *sd->val);
	sd->set_start = malloc((sd->n * nf + 1) * sizeof *sd->set_start);
	if (!sd->val || !sd->set_start)
		goto oom;

	for (size_t i = 0; i < sd->n; i++) {
		size_t r = sd->row[i];
		for (size_t f = 0; f < nf; f++) {
			const struct field_def *fd = &p->fields[f];
			int32_t *v = &sd->val[i * nf + f];
			sd->set_start[i * nf + f] = pool.n;
			*v = VALUE_NONE;
			if (sd->col[f] < 0)
				continue;
			const char *cell = table_cell(t, r, (size_t)sd->col[f]);
			switch (fd->type) {
			case FIELD_TEXT:
			case FIELD_TYPE_COUNT:
				break;
			case FIELD_EMAIL:
			case FIELD_ID:
			case FIELD_CATEGORY: {
				const char *c = cell;
				long a;
				if (fk[f].na && text_key(cell, strlen(cell), key) > 0 &&
				    (a = alias_index(&fk[f], key)) >= 0)
					c = fd->aliases[a].value;   /* read as the alias's value */
				*v = vocab_intern(vb, c, strlen(c), key, 1);
				if (*v == -2)
					goto oom;
				break;
			}
			case FIELD_ORDINAL: {
				if (text_key(cell, strlen(cell), key) == 0)
					break;
				long k = key_index(&fk[f], key), a;
				if (k < 0 && (a = alias_index(&fk[f], key)) >= 0)
					k = fk[f].ascale[a];     /* an alias of a scale value */
				if (k >= 0) {
					*v = (int32_t)k;
				} else {
					char list[256];
					scale_list(fd, list, sizeof list);
					diag_add(d, DIAG_WARNING, t->path, t->line[r],
						 "%s \"%s\" is not on the scale (%s); it counts as missing",
						 fd->label ? fd->label : fd->name, cell, list);
				}
				break;
			}
			case FIELD_NUMBER: {
				long x;
				if (!*cell)
					break;
				if (parse_long(cell, &x) == 0 && x == VALUE_NONE) {
					/* -1 is the mark of a missing value; a
					 * capacity field's own check reports it */
					if ((long)f != p->solve.capacity_field[SIDE_MENTOR] &&
					    (long)f != p->solve.capacity_field[SIDE_MENTEE])
						diag_add(d, DIAG_WARNING, t->path, t->line[r],
							 "%s \"%s\": -1 cannot be told apart from a "
							 "missing value; it counts as missing",
							 fd->label ? fd->label : fd->name, cell);
				} else if (parse_long(cell, &x) == 0)
					*v = (int32_t)x;
				else
					diag_add(d, DIAG_WARNING, t->path, t->line[r],
						 "%s \"%s\" is not a whole number; it counts as missing",
						 fd->label ? fd->label : fd->name, cell);
				break;
			}
			case FIELD_MULTI:
				if (read_multi(vb, fd, &fk[f], cell, key, &sc) < 0)
					goto oom;
				for (size_t k = 0; k < sc.nids; k++)
					if (pool_push(&pool, sc.ids[k]) < 0)
						goto oom;
				if (sc.olen) {
					struct dataset_other *o = grow_array(sd->other, &othercap,
									     sd->nother + 1, sizeof *o);
					char *text = strdup(sc.other);
					if (!o || !text) {
						if (o)
							sd->other = o;
						free(text);
						goto oom;
					}
					sd->other = o;
					sd->other[sd->nother++] = (struct dataset_other){ i, f, text };
					diag_add(d, DIAG_NOTE, t->path, t->line[r],
						 "\"%s\" is not one of the known options of %s; it is kept "
						 "as other text and not used in rules",
						 sc.other, fd->label ? fd->label : fd->name);
				}
				break;
			}
		}
	}
	sd->set_start[sd->n * nf] = pool.n;
	sd->set_pool = pool.v ? pool.v : malloc(sizeof *sd->set_pool);
	free(key);
	free(sc.ids);
	free(sc.pc);
	free(sc.other);
	free_field_keys(p, fk);
	return sd->set_pool ? 0 : -1;
oom:
	free(key);
	free(sc.ids);
	free(sc.pc);
	free(sc.other);
	free(pool.v);
	free_field_keys(p, fk);
	return -1;
}

/* Rows without an email (warning, kept) and sign-ups left out as duplicates
 * (warning naming the line used), in file order. */
static void check_emails(struct dataset *ds, enum side side, struct diag *d)
{
	const struct side_data *sd = &ds->side[side];
	size_t nf = ds->prof->nfields, k = 0;
	if (sd->email_field < 0 || sd->col[sd->email_field] < 0)
		return;
	for (size_t i = 0; i <= sd->n; i++) {
		/* the duplicates before this participant's row */
		for (; k < sd->ndup && (i == sd->n || sd->dup[k].row < sd->row[i]); k++) {
			const struct dataset_dup *u = &sd->dup[k];
			int32_t id = sd->val[u->kept * nf + (size_t)sd->email_field];
			unsigned long kept = dataset_line(ds, side, u->kept);
			diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[u->row],
				 "%s signed up again on line %lu; this earlier sign-up is left out "
				 "and line %lu is used", id >= 0 ? ds->vocab[id] : "", kept, kept);
		}
		if (i < sd->n && sd->val[i * nf + (size_t)sd->email_field] == VALUE_NONE)
			diag_add(d, DIAG_WARNING, sd->tab->path, dataset_line(ds, side, i),
				 "no email address; this person cannot be told apart in the results");
		else if (i < sd->n) {
			/* a placeholder such as "anonymous" (Microsoft Forms'
			 * metadata column) is not an address */
			const char *email = dataset_email(ds, side, i);
			const char *at = strchr(email, '@');
			if (!at || at == email || !at[1] || strchr(at + 1, '@'))
				diag_add(d, DIAG_WARNING, sd->tab->path, dataset_line(ds, side, i),
					 "\"%s\" is not an e-mail address; check which column is mapped "
					 "to the email field", email);
		}
	}
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
		diag_add(d, DIAG_NOTE, e->tab->path, dataset_line(ds, SIDE_MENTEE, j),
			 "%s is both a mentor (%s line %lu) and a mentee; they are never matched with themselves",
			 ds->vocab[id], m->tab->path, dataset_line(ds, SIDE_MENTOR, (size_t)at[id]));
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
		while ((k = utf8_space_len(c)) != 0)
			c += k;
		long x;
		if (!*c)
			what = "is blank";
		else if (v != VALUE_NONE && (v < 0 || v > 1000))
			what = "is not from 0 to 1000";
		else if (v == VALUE_NONE && parse_long(cell, &x) == 0)
			what = "is not from 0 to 1000";   /* -1: stored as missing */
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
	if (rc == 0 && vocab_finish(&vb) < 0)
		rc = -1;
	vocab_builder_free(&vb);
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
	check_emails(ds, SIDE_MENTOR, d);
	check_emails(ds, SIDE_MENTEE, d);
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

const char *dataset_other_text(const struct dataset *ds, enum side side, size_t person,
			       size_t field)
{
	const struct side_data *sd = &ds->side[side];
	size_t lo = 0, hi = sd->nother;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct dataset_other *o = &sd->other[mid];
		if (o->person == person && o->field == field)
			return o->text;
		if (o->person < person || (o->person == person && o->field < field))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_value_count(const void *a, const void *b)
{
	const struct value_count *x = a, *y = b;
	size_t tx = x->count[0] + x->count[1], ty = y->count[0] + y->count[1];
	if (tx != ty)
		return tx > ty ? -1 : 1;
	return (x->value > y->value) - (x->value < y->value);
}

size_t dataset_value_counts(const struct dataset *ds, size_t field, struct value_count **out)
{
	const struct profile *p = ds->prof;
	size_t nf = p ? p->nfields : 0, nvals, n = 0;
	size_t *cnt;
	enum field_type type;

	*out = NULL;
	if (field >= nf)
		return 0;
	type = p->fields[field].type;
	if (type == FIELD_ORDINAL)
		nvals = p->fields[field].nscale;
	else if (type == FIELD_CATEGORY || type == FIELD_MULTI)
		nvals = ds->nvocab;
	else
		return 0;
	if (nvals == 0)
		return 0;
	if (!(cnt = calloc(nvals * SIDE_COUNT, sizeof *cnt)))
		return (size_t)-1;
	for (int s = 0; s < SIDE_COUNT; s++) {
		const struct side_data *sd = &ds->side[s];
		if (!sd->col || sd->col[field] < 0)
			continue;
		for (size_t i = 0; i < sd->n; i++) {
			size_t at = i * nf + field;
			if (type == FIELD_MULTI) {
				for (size_t k = sd->set_start[at]; k < sd->set_start[at + 1]; k++)
					cnt[(size_t)sd->set_pool[k] * SIDE_COUNT + (size_t)s]++;
			} else if (sd->val[at] != VALUE_NONE && (size_t)sd->val[at] < nvals) {
				cnt[(size_t)sd->val[at] * SIDE_COUNT + (size_t)s]++;
			}
		}
	}
	for (size_t v = 0; v < nvals; v++)
		if (type == FIELD_ORDINAL || cnt[v * SIDE_COUNT] || cnt[v * SIDE_COUNT + 1])
			n++;
	if (n == 0) {
		free(cnt);
		return 0;
	}
	if (!(*out = malloc(n * sizeof **out))) {
		free(cnt);
		return (size_t)-1;
	}
	n = 0;
	for (size_t v = 0; v < nvals; v++) {
		if (type != FIELD_ORDINAL && !cnt[v * SIDE_COUNT] && !cnt[v * SIDE_COUNT + 1])
			continue;
		struct value_count *c = &(*out)[n++];
		c->value = (int32_t)v;
		c->text = type == FIELD_ORDINAL ? p->fields[field].scale[v] : ds->vocab[v];
		c->count[SIDE_MENTOR] = cnt[v * SIDE_COUNT + SIDE_MENTOR];
		c->count[SIDE_MENTEE] = cnt[v * SIDE_COUNT + SIDE_MENTEE];
	}
	free(cnt);
	if (type != FIELD_ORDINAL && n > 1)
		qsort(*out, n, sizeof **out, cmp_value_count);
	return n;
}

void dataset_free(struct dataset *ds)
{
	for (int s = 0; s < SIDE_COUNT; s++) {
		free(ds->side[s].row);
		free(ds->side[s].col);
		free(ds->side[s].val);
		free(ds->side[s].set_start);
		free(ds->side[s].set_pool);
		free(ds->side[s].dup);
		for (size_t k = 0; k < ds->side[s].nother; k++)
			free(ds->side[s].other[k].text);
		free(ds->side[s].other);
	}
	for (size_t k = 0; k < ds->nvocab; k++) {
		free(ds->vocab[k]);
		free(ds->vocab_key[k]);
	}
	free(ds->vocab);
	free(ds->vocab_key);
	memset(ds, 0, sizeof *ds);
}
