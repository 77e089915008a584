/* dataset.c - participants of both sides, read through the column mapping
 * and parsed by field type (see dataset.h).  What the rules need from the
 * values and the pairs of earlier cohorts are in dataset_links.c. */
#include "mentormatch/dataset.h"
#include "mentormatch/text.h"
#include "mentormatch/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mentormatch/mapping.h"
#include "dataset_int.h"

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

/* ---- numbers ------------------------------------------------------------- */

struct num_builder {
	int32_t *slots;   /* id + 1, 0 = empty */
	size_t nslots, cap;
};

static uint64_t hash_num(long long v)
{
	uint64_t h = (uint64_t)v * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 31);
}

/* The id of number v, interning it; -2 on out-of-memory. */
static int32_t num_intern(struct dataset *ds, struct num_builder *nb, long long v)
{
	size_t h;
	if (ds->nnum * 2 >= nb->nslots) {
		size_t n = nb->nslots ? nb->nslots * 2 : 64;
		int32_t *sl = calloc(n, sizeof *sl);
		if (!sl)
			return -2;
		for (size_t i = 0; i < ds->nnum; i++) {
			h = (size_t)hash_num(ds->num[i]) & (n - 1);
			while (sl[h])
				h = (h + 1) & (n - 1);
			sl[h] = (int32_t)i + 1;
		}
		free(nb->slots);
		nb->slots = sl;
		nb->nslots = n;
	}
	h = (size_t)hash_num(v) & (nb->nslots - 1);
	while (nb->slots[h]) {
		int32_t at = nb->slots[h] - 1;
		if (ds->num[at] == v)
			return at;
		h = (h + 1) & (nb->nslots - 1);
	}
	if (ds->nnum == nb->cap) {
		size_t cap = nb->cap ? nb->cap * 2 : 64;
		long long *nn = realloc(ds->num, cap * sizeof *nn);
		if (!nn)
			return -2;
		ds->num = nn;
		nb->cap = cap;
	}
	ds->num[ds->nnum] = v;
	nb->slots[h] = (int32_t)ds->nnum + 1;
	return (int32_t)ds->nnum++;
}

/* ---- building ------------------------------------------------------------ */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
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

static const char *field_label(const struct field_def *fd)
{
	return fd->label ? fd->label : fd->name;
}

/* Comparison keys of a field's scale, options, aliases and wildcards. */
struct field_keys {
	char **key;       /* ordinal: the scale's keys; multi: the options' keys; n */
	size_t n;
	size_t maxlen;    /* the longest key */
	/* the keys of the aliases' spellings, and for an ordinal field the
	 * scale index of each alias's value (-1: none) */
	char **akey;
	long *ascale;
	size_t na;
	char **wkey;      /* the wildcards' keys, nw */
	size_t nw;
};

static char **keys_of(char *const *list, size_t n, size_t *maxlen)
{
	char **k = calloc(n ? n : 1, sizeof *k);
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!(k[i] = text_key_dup(list[i]))) {
			for (size_t j = 0; j < i; j++)
				free(k[j]);
			free(k);
			return NULL;
		}
		if (maxlen && strlen(k[i]) > *maxlen)
			*maxlen = strlen(k[i]);
	}
	return k;
}

/* Index of key among keys (n), or -1. */
static long key_index(char *const *keys, size_t n, const char *key)
{
	for (size_t k = 0; k < n; k++)
		if (*keys[k] && strcmp(keys[k], key) == 0)
			return (long)k;
	return -1;
}

static int make_field_keys(const struct field_def *fd, struct field_keys *fk)
{
	char *const *list = fd->type == FIELD_ORDINAL ? fd->scale :
		fd->type == FIELD_MULTI ? fd->options : NULL;
	size_t n = fd->type == FIELD_ORDINAL ? fd->nscale : fd->type == FIELD_MULTI ? fd->noptions : 0;

	if (list && n) {
		if (!(fk->key = keys_of(list, n, &fk->maxlen)))
			return -1;
		fk->n = n;
	}
	if (fd->naliases) {
		if (!(fk->akey = calloc(fd->naliases, sizeof *fk->akey)) ||
		    !(fk->ascale = malloc(fd->naliases * sizeof *fk->ascale)))
			return -1;
		fk->na = fd->naliases;
		for (size_t a = 0; a < fd->naliases; a++) {
			fk->ascale[a] = -1;
			if (!(fk->akey[a] = text_key_dup(fd->aliases[a].spelling)))
				return -1;
			if (fd->type == FIELD_ORDINAL) {
				char *vk = text_key_dup(fd->aliases[a].value);
				if (!vk)
					return -1;
				fk->ascale[a] = key_index(fk->key, fk->n, vk);
				free(vk);
			}
		}
	}
	if (fd->nwildcards && (fd->type == FIELD_CATEGORY || fd->type == FIELD_MULTI)) {
		if (!(fk->wkey = keys_of(fd->wildcards, fd->nwildcards, NULL)))
			return -1;
		fk->nw = fd->nwildcards;
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
		for (size_t w = 0; w < fk[f].nw; w++)
			free(fk[f].wkey[w]);
		free(fk[f].wkey);
	}
	free(fk);
}

/* Working memory for reading multi-select cells. */
struct multi_scratch {
	int32_t *ids;             /* the cell's value ids, in order */
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

static int push_id(struct multi_scratch *sc, int32_t id)
{
	int32_t *v;
	if (id == VALUE_NONE)
		return 0;
	for (size_t k = 0; k < sc->nids; k++)
		if (sc->ids[k] == id)
			return 0;     /* each value once, where first given */
	if (!(v = grow_array(sc->ids, &sc->idcap, sc->nids + 1, sizeof *v)))
		return -1;
	sc->ids = v;
	sc->ids[sc->nids++] = id;
	return 0;
}

/* Reads a multi-select cell: its value ids, in order and distinct, are
 * appended to sc->ids, and the text that is none of the known options (fk,
 * when the field has options) to sc->other.  Returns 0 or -1 (OOM). */
static int read_multi(struct vocab_builder *vb, const struct field_def *fd,
		      const struct field_keys *fk, const char *cell, char *key,
		      struct multi_scratch *sc)
{
	const char *sep = fd->separator && *fd->separator ? fd->separator : NULL;
	size_t seplen = sep ? strlen(sep) : 0;
	const char *s = cell;

	sc->npc = 0;
	for (;;) {
		const char *e = sep ? strstr(s, sep) : NULL;
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
				if (kl && key_index(fk->key, fk->n, key) >= 0)
					take = j - i + 1;
			}
		}
		if (take == 0) {
			const char *b = cell + from, *e = cell + sc->pc[i].e;
			text_trim_span(&b, &e);
			if (b < e && other_append(sc, sep ? sep : "", b, e) < 0)
				return -1;
			i++;
			continue;
		}
		int32_t id = vocab_intern(vb, cell + from, sc->pc[i + take - 1].e - from, key, 1);
		if (id == -2 || push_id(sc, id) < 0)
			return -1;
		i += take;
	}
	return 0;
}

/* Chooses the participants of a side: every row, except that of rows with the
 * same identity only the last is kept (the others go to sd->dup).  Fills
 * sd->row, sd->n, sd->dup and sd->ndup.  Returns 0 or -1 (OOM). */
static int choose_rows(struct dataset *ds, struct vocab_builder *vb, struct side_data *sd,
		       char *key)
{
	const struct table *t = sd->tab;
	size_t nr = t->nrows, n = 0;
	int ef = sd->id_field;
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

/* A header for a message (100 bytes): on one line (a form's question may
 * hold line breaks), cut after 80 bytes with "...". */
static void header_shown(const char *h, char *out)
{
	size_t o = 0;

	for (; *h && o < 84; h++) {
		if (o >= 80 && ((unsigned char)*h & 0xC0) != 0x80) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		out[o++] = (unsigned char)*h < 0x20 ? ' ' : *h;
	}
	out[o] = '\0';
}

/* " (did you mean \"Header\"?)" when t has a header close to the one it
 * lacks, else "". */
static void did_you_mean(const struct table *t, const char *header, char *buf, size_t len)
{
	int c = mapping_closest_column(t, header);
	char shown[100];

	buf[0] = '\0';
	if (c < 0)
		return;
	header_shown(t->headers[c], shown);
	snprintf(buf, len, " (did you mean \"%s\"?)", shown);
}

/* A warning when the header that feeds a field (key: the profile's key,
 * FIELD or FIELD.N) names more than one column of t and its position did
 * not choose one: which columns, and which is used. */
static void check_same_header(const struct table *t, const char *key, const char *header,
			      long at, int used, enum side side, struct diag *d)
{
	size_t cols[4], n = mapping_matching_columns(t, header, cols, 4);
	char list[64] = "", shown[100], other[100];
	size_t o = 0, alt = cols[0] == (size_t)used && n > 1 ? cols[1] : cols[0];

	if (n < 2 || (at > 0 && used == at - 1))
		return;
	for (size_t i = 0; i < n && i < 4; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%zu",
				      i == 0 ? "" : i + 1 == n ? " and " : ", ", cols[i] + 1);
	if (n > 4)
		snprintf(list + o, sizeof list - o, " and %zu more", n - 4);
	header_shown(header, shown);
	header_shown(t->headers[alt] ? t->headers[alt] : "", other);
	diag_add(d, DIAG_WARNING, t->path, 1,
		 "%zu columns have the header \"%s\" (columns %s); column %d is used for %s; "
		 "to use another, give its position in [columns.%s] of the profile "
		 "(%s = %s @%zu) or choose it on the Columns step",
		 n, shown, list, used + 1, key, profile_side_name(side), key, other, alt + 1);
}

/* Finds the columns of every mapped field.  Returns 0, -2 when a mapped
 * column is missing (reported), -1 on out-of-memory. */
static int find_columns(struct dataset *ds, enum side side, struct diag *d)
{
	const struct profile *p = ds->prof;
	struct side_data *sd = &ds->side[side];
	const struct table *t = sd->tab;
	size_t nf = p->nfields;
	int missing = 0;
	char hint[300];

	for (size_t f = 0; f < nf; f++) {
		const struct column_list *cl = profile_numbered(p, side, f);
		sd->col[f] = -1;
		if (cl) {
			if (!(sd->cols[f] = malloc(cl->n * sizeof *sd->cols[f])))
				return -1;
			sd->ncols[f] = cl->n;
			for (size_t k = 0; k < cl->n; k++) {
				sd->cols[f][k] = mapping_find_column_at(t, cl->header[k], cl->at[k]);
				if (sd->cols[f][k] >= 0) {
					char key[80];
					snprintf(key, sizeof key, "%s.%zu", p->fields[f].name, k + 1);
					check_same_header(t, key, cl->header[k], cl->at[k],
							  sd->cols[f][k], side, d);
				} else {
					did_you_mean(t, cl->header[k], hint, sizeof hint);
					diag_add(d, DIAG_ERROR, t->path, 1,
						 "no column \"%s\" for the field %s (%s.%zu)%s; map the field "
						 "to another column (on the Columns step, or in [columns.%s] "
						 "of the profile)", cl->header[k], p->fields[f].name,
						 p->fields[f].name, k + 1, hint, profile_side_name(side));
					missing = 1;
				}
			}
			continue;
		}
		if (!p->columns[side] || !p->columns[side][f])
			continue;
		sd->col[f] = mapping_field_column(p, side, f, t);
		if (sd->col[f] >= 0) {
			check_same_header(t, p->fields[f].name, p->columns[side][f],
					  profile_column_at(p, side, f), sd->col[f], side, d);
		} else {
			did_you_mean(t, p->columns[side][f], hint, sizeof hint);
			diag_add(d, DIAG_ERROR, t->path, 1,
				 "no column \"%s\" for the field %s%s; map the field to another column "
				 "(on the Columns step, or in [columns.%s] of the profile)",
				 p->columns[side][f], p->fields[f].name, hint, profile_side_name(side));
			missing = 1;
		}
	}
	return missing ? -2 : 0;
}

/* Reads one number cell (aliases first) into *v.  Problems are warnings;
 * quiet: none (a capacity or minimum, which check_counts reports). */
static int read_number(struct dataset *ds, struct num_builder *nb, const struct field_def *fd,
		       const struct field_keys *fk, const char *cell, char *key,
		       const struct table *t, size_t r, int32_t *v, int quiet, struct diag *d)
{
	const char *c = cell;
	long long x;
	long a;
	int rc;

	if (text_key(cell, strlen(cell), key) == 0)
		return 0;
	if (fk->na && (a = key_index(fk->akey, fk->na, key)) >= 0)
		c = fd->aliases[a].value;   /* read as the alias's value */
	rc = text_number(c, &x);
	if (rc == 0) {
		if ((*v = num_intern(ds, nb, x)) == -2)
			return -1;
	} else if (quiet) {
		/* reported by check_counts */
	} else if (rc == -2) {
		diag_add(d, DIAG_WARNING, t->path, t->line[r], "%s \"%s\" has more than %d decimals "
			 "or is too large; it counts as missing", field_label(fd), cell, NUMBER_DECIMALS);
	} else {
		diag_add(d, DIAG_WARNING, t->path, t->line[r], "%s \"%s\" is not a number; it counts "
			 "as missing (an alias can read a word as a number: aliases = %s => 1)",
			 field_label(fd), cell, cell);
	}
	return 0;
}

static int note_other(struct side_data *sd, size_t *othercap, size_t i, size_t f,
		      const char *text)
{
	struct dataset_other *o = grow_array(sd->other, othercap, sd->nother + 1, sizeof *o);
	char *copy = strdup(text);
	if (!o || !copy) {
		if (o)
			sd->other = o;
		free(copy);
		return -1;
	}
	sd->other = o;
	sd->other[sd->nother++] = (struct dataset_other){ i, f, copy };
	return 0;
}

/* The cells of one tick-box column (a field fed by several columns) that
 * hold a number other than 1 or 0: how many, and the table row of the
 * first. */
struct odd_ticks {
	size_t count, first;
};

/* One warning for a tick-box column with such numbers (k: the column's place
 * in the field's list, col: its index in the table). */
static void warn_odd_ticks(const struct table *t, const struct field_def *fd, size_t k,
			   size_t col, const struct odd_ticks *o, struct diag *d)
{
	const char *cell = table_cell(t, o->first, col);
	const char *b = cell, *e = cell + strlen(cell);

	text_trim_span(&b, &e);
	diag_add(d, DIAG_WARNING, t->path, t->line[o->first],
		 "the tick-box column \"%s\" (%s.%zu) holds %zu %s neither 1 (yes) nor 0 (no), "
		 "the first \"%.*s\" on this line; %s read as the answer \"%.*s\" itself, not as "
		 "a tick (write 1 or 0, or map another column)",
		 t->headers[col] ? t->headers[col] : "", fd->name, k + 1, o->count,
		 o->count == 1 ? "number that is" : "numbers that are", (int)(e - b), b,
		 o->count == 1 ? "it is" : "each is", (int)(e - b), b);
}

/* Is field f a capacity (or, for mentors, a minimum) on side? */
static int is_count_field(const struct profile *p, enum side side, size_t f)
{
	return p->solve.capacity_field[side] == (long)f ||
	       (side == SIDE_MENTOR && p->solve.mentor_min_field == (long)f);
}

static void free_odd_ticks(struct odd_ticks **odd, size_t nf)
{
	for (size_t f = 0; odd && f < nf; f++)
		free(odd[f]);
	free(odd);
}

static int build_side(struct dataset *ds, struct vocab_builder *vb, struct num_builder *nb,
		      enum side side, const struct table *t, struct diag *d)
{
	const struct profile *p = ds->prof;
	struct side_data *sd = &ds->side[side];
	size_t nf = p->nfields;
	int rc;

	sd->tab = t;
	sd->id_field = profile_identity_field(p);
	sd->email_field = profile_email_field(p);
	sd->col = malloc((nf ? nf : 1) * sizeof *sd->col);
	sd->cols = calloc(nf ? nf : 1, sizeof *sd->cols);
	sd->ncols = calloc(nf ? nf : 1, sizeof *sd->ncols);
	sd->row = malloc((t->nrows ? t->nrows : 1) * sizeof *sd->row);
	if (!sd->col || !sd->cols || !sd->ncols || !sd->row)
		return -1;
	if ((rc = find_columns(ds, side, d)) != 0)
		return rc;
	/* an email identity must be mapped; an id field may be left unmapped
	 * on a side whose rows are all different people (check_identity) */
	if (sd->id_field >= 0 && sd->col[sd->id_field] < 0 &&
	    p->fields[sd->id_field].type == FIELD_EMAIL) {
		diag_add(d, DIAG_ERROR, t->path, 1,
			 "no column is mapped to the field %s: every person needs an email address, "
			 "to tell people apart and never match anyone with themselves; map it "
			 "(on the Columns step, or in [columns.%s] of the profile)",
			 p->fields[sd->id_field].name, profile_side_name(side));
		return -2;
	}

	size_t maxlen = 1;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t l = strlen(table_cell(t, r, c));
			if (l > maxlen)
				maxlen = l;
		}
	for (size_t c = 0; c < t->ncols; c++)
		if (t->headers[c] && strlen(t->headers[c]) > maxlen)
			maxlen = strlen(t->headers[c]);
	for (size_t f = 0; f < nf; f++)
		for (size_t a = 0; a < p->fields[f].naliases; a++) {
			size_t l = strlen(p->fields[f].aliases[a].value);
			if (l > maxlen)
				maxlen = l;
		}
	char *key = malloc(maxlen + 1);
	struct pool pool = {0}, ord = {0};
	struct multi_scratch sc = {0};
	size_t othercap = 0;
	struct field_keys *fk = calloc(nf ? nf : 1, sizeof *fk);
	struct odd_ticks **odd = calloc(nf ? nf : 1, sizeof *odd);
	if (!key || !fk || !odd)
		goto oom;
	for (size_t f = 0; f < nf; f++)
		if (sd->cols[f] && !(odd[f] = calloc(sd->ncols[f], sizeof **odd)))
			goto oom;
	for (size_t f = 0; f < nf; f++)
		if (make_field_keys(&p->fields[f], &fk[f]) < 0)
			goto oom;
	if (choose_rows(ds, vb, sd, key) < 0)
		goto oom;
	sd->val = malloc((sd->n * nf > 0 ? sd->n * nf : 1) * sizeof *sd->val);
	sd->set_start = malloc((sd->n * nf + 1) * sizeof *sd->set_start);
	sd->wild = calloc(sd->n * nf > 0 ? sd->n * nf : 1, 1);
	if (!sd->val || !sd->set_start || !sd->wild)
		goto oom;

	for (size_t i = 0; i < sd->n; i++) {
		size_t r = sd->row[i];
		for (size_t f = 0; f < nf; f++) {
			const struct field_def *fd = &p->fields[f];
			int32_t *v = &sd->val[i * nf + f];
			sd->set_start[i * nf + f] = pool.n;
			*v = VALUE_NONE;
			if (sd->col[f] < 0 && !sd->cols[f])
				continue;
			const char *cell = sd->col[f] >= 0 ? table_cell(t, r, (size_t)sd->col[f]) : "";
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
				    (a = key_index(fk[f].akey, fk[f].na, key)) >= 0)
					c = fd->aliases[a].value;   /* read as the alias's value */
				*v = vocab_intern(vb, c, strlen(c), key, 1);
				if (*v == -2)
					goto oom;
				if (*v != VALUE_NONE && fk[f].nw &&
				    key_index(fk[f].wkey, fk[f].nw, ds->vocab_key[*v]) >= 0)
					sd->wild[i * nf + f] = 1;
				break;
			}
			case FIELD_ORDINAL: {
				if (text_key(cell, strlen(cell), key) == 0)
					break;
				long k = key_index(fk[f].key, fk[f].n, key), a;
				if (k < 0 && (a = key_index(fk[f].akey, fk[f].na, key)) >= 0)
					k = fk[f].ascale[a];     /* an alias of a scale value */
				if (k >= 0) {
					*v = (int32_t)k;
				} else {
					char list[256];
					scale_list(fd, list, sizeof list);
					diag_add(d, DIAG_WARNING, t->path, t->line[r],
						 "%s \"%s\" is not on the scale (%s); it counts as missing",
						 field_label(fd), cell, list);
				}
				break;
			}
			case FIELD_NUMBER:
				if (read_number(ds, nb, fd, &fk[f], cell, key, t, r, v,
						is_count_field(p, side, f), d) < 0)
					goto oom;
				break;
			case FIELD_MULTI:
				sc.nids = sc.olen = 0;
				if (sd->cols[f]) {
					/* several columns: a yes-word is the column's header */
					for (size_t k = 0; k < sd->ncols[f]; k++) {
						size_t c = (size_t)sd->cols[f][k];
						const char *x = table_cell(t, r, c);
						int yn = text_yes_no(x);
						long long num;
						if (yn == 0 || text_key(x, strlen(x), key) == 0)
							continue;
						if (yn == 1)
							x = t->headers[c] ? t->headers[c] : "";
						else if (text_number(x, &num) != -1 && odd[f][k].count++ == 0)
							odd[f][k].first = r;   /* reported below */
						int32_t id = vocab_intern(vb, x, strlen(x), key, 1);
						if (id == -2 || push_id(&sc, id) < 0)
							goto oom;
					}
				} else if (read_multi(vb, fd, &fk[f], cell, key, &sc) < 0) {
					goto oom;
				}
				for (size_t k = 0; k < sc.nids; k++) {
					if (pool_push(&ord, sc.ids[k]) < 0)
						goto oom;
					if (fk[f].nw && key_index(fk[f].wkey, fk[f].nw,
								  ds->vocab_key[sc.ids[k]]) >= 0)
						sd->wild[i * nf + f] = 1;
				}
				if (sc.nids > 1)
					qsort(sc.ids, sc.nids, sizeof *sc.ids, cmp_i32);
				for (size_t k = 0; k < sc.nids; k++)
					if (pool_push(&pool, sc.ids[k]) < 0)
						goto oom;
				if (sc.olen) {
					if (note_other(sd, &othercap, i, f, sc.other) < 0)
						goto oom;
					diag_add(d, DIAG_NOTE, t->path, t->line[r],
						 "\"%s\" is not one of the known options of %s; it is kept "
						 "as other text and not used in rules",
						 sc.other, field_label(fd));
				}
				break;
			}
		}
	}
	for (size_t f = 0; f < nf; f++)
		for (size_t k = 0; sd->cols[f] && k < sd->ncols[f]; k++)
			if (odd[f][k].count)
				warn_odd_ticks(t, &p->fields[f], k, (size_t)sd->cols[f][k], &odd[f][k], d);
	sd->set_start[sd->n * nf] = pool.n;
	sd->set_pool = pool.v ? pool.v : malloc(sizeof *sd->set_pool);
	sd->ord_pool = ord.v ? ord.v : malloc(sizeof *sd->ord_pool);
	free(key);
	free(sc.ids);
	free(sc.pc);
	free(sc.other);
	free_field_keys(p, fk);
	free_odd_ticks(odd, nf);
	return sd->set_pool && sd->ord_pool ? 0 : -1;
oom:
	free(key);
	free(sc.ids);
	free(sc.pc);
	free(sc.other);
	free(pool.v);
	free(ord.v);
	free_field_keys(p, fk);
	free_odd_ticks(odd, nf);
	return -1;
}

/* Line numbers "4, 9, 12 and 5 more" into buf. */
static void line_list(const unsigned long *lines, size_t n, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < n && k < 3 && o < len; k++) {
		int w = snprintf(buf + o, len - o, "%s%lu", k == 0 ? "" : k + 1 == n ? " and " : ", ",
				 lines[k]);
		if (w < 0)
			return;
		o += (size_t)w;
	}
	if (n > 3 && o < len)
		snprintf(buf + o, len - o, " and %zu more", n - 3);
}

static int looks_like_email(const char *email)
{
	const char *at = strchr(email, '@');
	return at && at != email && at[1] && !strchr(at + 1, '@');
}

/* Rows without an identity (warning, kept) and sign-ups left out as
 * duplicates (warning naming the line used), in file order; with an id
 * field, e-mails that are missing or malformed, once per file. */
static void check_identity(struct dataset *ds, enum side side, struct diag *d)
{
	const struct side_data *sd = &ds->side[side];
	const struct profile *p = ds->prof;
	size_t nf = p->nfields, k = 0;
	int idf = sd->id_field, ef = sd->email_field;
	int is_email = idf >= 0 && p->fields[idf].type == FIELD_EMAIL;

	if (idf >= 0 && sd->col[idf] < 0) {
		if (sd->n)
			diag_add(d, DIAG_WARNING, sd->tab->path, 0, "the field %s (which tells people "
				 "apart) is not mapped for the %s: every row is a person of its own, "
				 "and pins and history files cannot name them", p->fields[idf].name,
				 profile_side_name(side));
	} else if (idf >= 0) {
		for (size_t i = 0; i <= sd->n; i++) {
			/* the duplicates before this participant's row */
			for (; k < sd->ndup && (i == sd->n || sd->dup[k].row < sd->row[i]); k++) {
				const struct dataset_dup *u = &sd->dup[k];
				int32_t id = sd->val[u->kept * nf + (size_t)idf];
				unsigned long kept = dataset_line(ds, side, u->kept);
				diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[u->row],
					 "%s signed up again on line %lu; this earlier sign-up is left out "
					 "and line %lu is used", id >= 0 ? ds->vocab[id] : "", kept, kept);
			}
			if (i == sd->n)
				break;
			if (sd->val[i * nf + (size_t)idf] == VALUE_NONE)
				diag_add(d, DIAG_WARNING, sd->tab->path, dataset_line(ds, side, i),
					 is_email ? "no email address; this person cannot be told apart in "
					 "the results" : "no %s; this person cannot be told apart in the "
					 "results", field_label(&p->fields[idf]));
			else if (is_email && !looks_like_email(dataset_identity(ds, side, i)))
				/* a placeholder such as "anonymous" (Microsoft Forms'
				 * metadata column) is not an address */
				diag_add(d, DIAG_WARNING, sd->tab->path, dataset_line(ds, side, i),
					 "\"%s\" is not an e-mail address; check which column is mapped "
					 "to the email field", dataset_identity(ds, side, i));
		}
	}
	/* with an id, the e-mail is only a contact: its problems once per file */
	if (!is_email && ef >= 0 && sd->col[ef] >= 0 && sd->n) {
		unsigned long *missing = malloc(sd->n * sizeof *missing);
		unsigned long *bad = malloc(sd->n * sizeof *bad);
		size_t nm = 0, nb = 0;
		char list[128];
		if (missing && bad) {
			for (size_t i = 0; i < sd->n; i++) {
				const char *e = dataset_contact_email(ds, side, i);
				char buf[8], *heap;
				const char *key = text_key_in(e, buf, sizeof buf, &heap);
				if (key && !*key)
					missing[nm++] = dataset_line(ds, side, i);
				else if (!looks_like_email(e))
					bad[nb++] = dataset_line(ds, side, i);
				free(heap);
			}
			if (nm) {
				line_list(missing, nm, list, sizeof list);
				diag_add(d, DIAG_WARNING, sd->tab->path, missing[0], "%zu %s no e-mail "
					 "address (line%s %s); they are told apart by %s, but cannot be "
					 "mailed", nm, nm == 1 ? "person has" : "people have", nm == 1 ? "" : "s",
					 list, field_label(&p->fields[idf]));
			}
			if (nb) {
				line_list(bad, nb, list, sizeof list);
				diag_add(d, DIAG_WARNING, sd->tab->path, bad[0], "%zu e-mail address%s %s "
					 "not look like one (line%s %s); check which column is mapped to %s",
					 nb, nb == 1 ? "" : "es", nb == 1 ? "does" : "do", nb == 1 ? "" : "s",
					 list, field_label(&p->fields[ef]));
			}
		}
		free(missing);
		free(bad);
	}
}

/* A whole number 0..1000 held by number id v, or -1. */
static long small_count(const struct dataset *ds, int32_t v)
{
	long long x;
	if (v == VALUE_NONE || v < 0 || (size_t)v >= ds->nnum)
		return -1;
	x = ds->num[v];
	if (x % NUMBER_SCALE || x < 0 || x > 1000 * NUMBER_SCALE)
		return -1;
	return (long)(x / NUMBER_SCALE);
}

/* Blank or unusable capacity (or minimum) values: a warning each, naming
 * the default that is used instead (and, when a rule reads the field too,
 * that the rule counts the value as missing). */
static void check_counts(struct dataset *ds, enum side side, long f, long def,
			 const char *what_default, struct diag *d)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	if (f < 0 || (size_t)f >= p->nfields || sd->col[f] < 0)
		return;
	int ruled = profile_field_used(p, side, (size_t)f);
	for (size_t i = 0; i < sd->n; i++) {
		const char *cell = table_cell(sd->tab, sd->row[i], (size_t)sd->col[f]);
		int32_t v = sd->val[i * p->nfields + (size_t)f];
		const char *what = NULL;
		char buf[8], *heap;
		const char *key = text_key_in(cell, buf, sizeof buf, &heap);
		long long x;
		if (key && !*key)
			what = "is blank";
		else if (v == VALUE_NONE && text_number(cell, &x) == -2)
			what = "has more than 6 decimals or is too large";
		else if (v == VALUE_NONE)
			what = "is not a number";
		else if (small_count(ds, v) < 0)
			what = "is not a whole number from 0 to 1000";
		free(heap);
		if (what)
			diag_add(d, DIAG_WARNING, sd->tab->path, sd->tab->line[sd->row[i]],
				 "%s \"%s\" %s; %s %ld is used%s", field_label(&p->fields[f]), cell,
				 what, what_default, def, ruled && v == VALUE_NONE && key && *key ?
				 " (and the rules that read it count it as missing)" : "");
	}
}

long dataset_capacity(const struct dataset *ds, enum side side, size_t person)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[side];
	long f = p->solve.capacity_field[side];
	if (f >= 0 && (size_t)f < p->nfields && person < sd->n && sd->col[f] >= 0) {
		long c = small_count(ds, sd->val[person * p->nfields + (size_t)f]);
		if (c >= 0)
			return c;
	}
	return solve_default_capacity(&p->solve, side);
}

long dataset_mentor_min(const struct dataset *ds, size_t mentor)
{
	const struct profile *p = ds->prof;
	const struct side_data *sd = &ds->side[SIDE_MENTOR];
	long f = p->solve.mentor_min_field;
	if (f >= 0 && (size_t)f < p->nfields && mentor < sd->n && sd->col[f] >= 0) {
		long c = small_count(ds, sd->val[mentor * p->nfields + (size_t)f]);
		if (c >= 0)
			return c;
	}
	return p->solve.mentor_min;
}

/* One message while the messages of a build are put in order. */
struct msg_order {
	int file;               /* 0: the mentors' file, 1: the mentees', 2: other */
	unsigned long line;
	size_t at;              /* its place before, which breaks ties */
	struct diag_item item;
};

static int cmp_msg_order(const void *a, const void *b)
{
	const struct msg_order *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Puts the messages d->items[from..) in line order within each file: the
 * mentors' file first, then the mentees' (a file-wide message, line 0,
 * before those with a line), then any others as they were. */
static void order_messages(struct diag *d, size_t from, const struct table *mentors,
			   const struct table *mentees)
{
	size_t n = d->n > from ? d->n - from : 0;
	struct msg_order *o;

	if (n < 2 || !(o = malloc(n * sizeof *o)))
		return;   /* out of memory: they stay as they are */
	for (size_t i = 0; i < n; i++) {
		const struct diag_item *it = &d->items[from + i];
		int file = 2;
		if (it->file && mentors->path && strcmp(it->file, mentors->path) == 0)
			file = 0;
		else if (it->file && mentees->path && strcmp(it->file, mentees->path) == 0)
			file = 1;
		o[i] = (struct msg_order){ file, file == 2 ? 0 : it->line, i, *it };
	}
	qsort(o, n, sizeof *o, cmp_msg_order);
	for (size_t i = 0; i < n; i++)
		d->items[from + i] = o[i].item;
	free(o);
}

int dataset_build(struct dataset *ds, const struct profile *p,
		  const struct table *mentors, const struct table *mentees,
		  struct diag *d)
{
	struct vocab_builder vb = {0};
	struct num_builder nb = {0};
	size_t first_msg = d->n;
	int rc;

	memset(ds, 0, sizeof *ds);
	ds->prof = p;
	ds->nfields = p->nfields;
	vb.ds = ds;
	rc = build_side(ds, &vb, &nb, SIDE_MENTOR, mentors, d);
	if (rc == 0)
		rc = build_side(ds, &vb, &nb, SIDE_MENTEE, mentees, d);
	if (rc == 0 && vocab_finish(&vb) < 0)
		rc = -1;
	if (rc == 0 && !vb.slots && vocab_grow(&vb) < 0)
		rc = -1;
	if (rc == 0) {
		ds->vslot = vb.slots;
		ds->nvslot = vb.nslots;
		vb.slots = NULL;
	}
	vocab_builder_free(&vb);
	free(nb.slots);
	if (rc == 0 && dataset_resolve_rules(ds, d) < 0)
		rc = -1;
	if (rc == -1)
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the participants");
	if (rc != 0) {
		dataset_free(ds);
		order_messages(d, first_msg, mentors, mentees);
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		if (ds->side[side].n == 0)
			diag_add(d, DIAG_WARNING, ds->side[side].tab->path, 0,
				 "no data rows, only a header; nobody from this file can be matched");
	check_identity(ds, SIDE_MENTOR, d);
	check_identity(ds, SIDE_MENTEE, d);
	if (dataset_find_same_people(ds, d) < 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory while reading the participants");
		dataset_free(ds);
		return -1;
	}
	for (int side = 0; side < SIDE_COUNT; side++)
		check_counts(ds, (enum side)side, p->solve.capacity_field[side],
			     solve_default_capacity(&p->solve, (enum side)side), "the default", d);
	check_counts(ds, SIDE_MENTOR, p->solve.mentor_min_field, p->solve.mentor_min,
		     "mentor_min", d);
	order_messages(d, first_msg, mentors, mentees);
	return 0;
}

int32_t dataset_lookup(const struct dataset *ds, const char *text)
{
	char buf[128], *heap;
	const char *key = text_key_in(text, buf, sizeof buf, &heap);
	int32_t id = VALUE_NONE;
	if (key && *key && ds->nvslot) {
		size_t h = (size_t)hash_key(key) & (ds->nvslot - 1);
		while (ds->vslot[h]) {
			int32_t at = ds->vslot[h] - 1;
			if (strcmp(ds->vocab_key[at], key) == 0) {
				id = at;
				break;
			}
			h = (h + 1) & (ds->nvslot - 1);
		}
	}
	free(heap);
	return id;
}

long long dataset_number(const struct dataset *ds, int32_t v)
{
	return v >= 0 && (size_t)v < ds->nnum ? ds->num[v] : 0;
}

int dataset_wild(const struct dataset *ds, enum side side, size_t person, size_t field)
{
	const struct side_data *sd = &ds->side[side];
	return person < sd->n && field < ds->prof->nfields &&
		sd->wild[person * ds->prof->nfields + field];
}

const char *dataset_text(const struct dataset *ds, enum side side, size_t person, size_t field)
{
	const struct side_data *sd = &ds->side[side];
	if (field >= ds->prof->nfields || person >= sd->n || sd->col[field] < 0)
		return "";
	return table_cell(sd->tab, sd->row[person], (size_t)sd->col[field]);
}

const char *dataset_value_text(const struct dataset *ds, enum side side, size_t person,
			       size_t field, char *buf, size_t len)
{
	const struct side_data *sd = &ds->side[side];
	size_t o = 0, at;
	if (!len)
		return buf;
	buf[0] = '\0';
	if (field >= ds->prof->nfields || person >= sd->n)
		return buf;
	if (!sd->cols[field]) {
		snprintf(buf, len, "%s", dataset_text(ds, side, person, field));
		return buf;
	}
	at = person * ds->prof->nfields + field;
	for (size_t k = sd->set_start[at]; k < sd->set_start[at + 1] && o < len; k++) {
		int w = snprintf(buf + o, len - o, "%s%s", o ? ", " : "", ds->vocab[sd->ord_pool[k]]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}

const char *dataset_identity(const struct dataset *ds, enum side side, size_t person)
{
	int f = ds->side[side].id_field;
	return f < 0 ? "" : dataset_text(ds, side, person, (size_t)f);
}

const char *dataset_contact_email(const struct dataset *ds, enum side side, size_t person)
{
	int f = ds->side[side].email_field;
	return f < 0 ? "" : dataset_text(ds, side, person, (size_t)f);
}

void dataset_name(const struct dataset *ds, enum side side, size_t person, char *buf, size_t len)
{
	int nm = profile_field_index(ds->prof, "name");
	int fn = profile_field_index(ds->prof, "first_name");
	int ln = profile_field_index(ds->prof, "last_name");
	const char *n = nm >= 0 ? dataset_text(ds, side, person, (size_t)nm) : "";
	const char *a = fn >= 0 ? dataset_text(ds, side, person, (size_t)fn) : "";
	const char *b = ln >= 0 ? dataset_text(ds, side, person, (size_t)ln) : "";
	if (!len)
		return;
	if (*n)
		snprintf(buf, len, "%s", n);
	else if (*a || *b)
		snprintf(buf, len, "%s%s%s", a, *a && *b ? " " : "", b);
	else if (*dataset_identity(ds, side, person))
		snprintf(buf, len, "%s", dataset_identity(ds, side, person));
	else
		snprintf(buf, len, "line %lu", dataset_line(ds, side, person));
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
		if (!sd->col || (sd->col[field] < 0 && !sd->cols[field]))
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
	size_t nf = ds->nfields;
	for (int s = 0; s < SIDE_COUNT; s++) {
		struct side_data *sd = &ds->side[s];
		free(sd->row);
		free(sd->col);
		for (size_t f = 0; sd->cols && f < nf; f++)
			free(sd->cols[f]);
		free(sd->cols);
		free(sd->ncols);
		free(sd->val);
		free(sd->set_start);
		free(sd->set_pool);
		free(sd->ord_pool);
		free(sd->wild);
		free(sd->dup);
		for (size_t k = 0; k < sd->nother; k++)
			free(sd->other[k].text);
		free(sd->other);
	}
	for (size_t k = 0; k < ds->nvocab; k++) {
		free(ds->vocab[k]);
		free(ds->vocab_key[k]);
	}
	free(ds->vocab);
	free(ds->vocab_key);
	free(ds->vslot);
	free(ds->num);
	dataset_free_links(ds);
	memset(ds, 0, sizeof *ds);
}
