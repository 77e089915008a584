/* output.c - pairs.csv and the mail-merge lists, written atomically with libcsv. */
#define _GNU_SOURCE 1   /* sync_file_range, where the C library has it */
#include "mentormatch/output.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each FILE here is used by one thread only: skip stdio's locking where
 * the C library offers it. */
#ifdef __GLIBC__
#define out_write(p, n, f) fwrite_unlocked(p, 1, n, f)
#else
#define out_write(p, n, f) fwrite(p, 1, n, f)
#endif

const char *const output_file_names[OUTPUT_NFILES] = {
	"pairs.csv", "mentors-list.csv", "mentees-list.csv"
};

static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	size_t n = a;
	if (n == 0 || p[n - 1] != '/')
		p[n++] = '/';
	memcpy(p + n, name, b + 1);
	return p;
}

int output_count_existing(const char *dir)
{
	int n = 0;
	for (int i = 0; i < OUTPUT_NFILES; i++) {
		char *p = join_path(dir, output_file_names[i]);
		struct stat st;
		if (p && lstat(p, &st) == 0)
			n++;
		free(p);
	}
	return n;
}

/* A CSV writer: one record at a time, built in memory with every field
 * quoted by libcsv's csv_write, then written with one fwrite (rather than
 * csv_fwrite's one fputc per byte). */
struct writer {
	FILE *f;
	int first;   /* no field written yet on this record */
	int err;
	char *buf;   /* the record so far */
	size_t cap;
	size_t len;
};

/* Makes room for more bytes in the record; 0 or -1 (w->err set). */
static int reserve(struct writer *w, size_t more)
{
	if (w->err)
		return -1;
	if (more > SIZE_MAX / 2 - w->len) {
		w->err = 1;
		return -1;
	}
	if (w->len + more <= w->cap)
		return 0;
	size_t c = w->cap ? w->cap : 4096;
	while (c < w->len + more)
		c *= 2;
	char *nb = realloc(w->buf, c);
	if (!nb) {
		w->err = 1;
		return -1;
	}
	w->buf = nb;
	w->cap = c;
	return 0;
}

static void put(struct writer *w, const char *s)
{
	size_t len = strlen(s);
	/* every byte a quote, plus the two quotes and a comma */
	if (len > SIZE_MAX / 4 || reserve(w, 2 * len + 3) != 0)
		return;
	if (!w->first)
		w->buf[w->len++] = ',';
	w->len += csv_write(w->buf + w->len, w->cap - w->len, s, len);
	w->first = 0;
}

/* Writes a field already quoted by csv_write (quoted_side). */
static void put_quoted(struct writer *w, const char *q, size_t len)
{
	if (reserve(w, len + 1) != 0)
		return;
	if (!w->first)
		w->buf[w->len++] = ',';
	memcpy(w->buf + w->len, q, len);
	w->len += len;
	w->first = 0;
}

/* Writes a whole number as a quoted field, "-12" (snprintf's locale and
 * format handling cost more than all the rest of a row). */
static void put_long(struct writer *w, long v)
{
	char buf[32];
	size_t at = sizeof buf;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	buf[--at] = '"';
	do {
		buf[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--at] = '-';
	buf[--at] = '"';
	put_quoted(w, buf + at, sizeof buf - at);
}


/* The output fields of every person of one side, each quoted once by
 * csv_write: a person's fields appear in their own row and again in the row
 * of each of their matches, so quoting them once saves most of the work.
 * Field k of person i is buf[off[i*nf + k] .. off[i*nf + k + 1]). */
struct quoted {
	char *buf;
	size_t *off;
};

/* The text of an output field: the cell, or for a field fed by several
 * columns its values joined (into buf). */
static const char *output_text(const struct dataset *ds, enum side side, size_t i, size_t f,
			       char *buf, size_t len)
{
	if (ds->side[side].cols[f])
		return dataset_value_text(ds, side, i, f, buf, len);
	return dataset_text(ds, side, i, f);
}

static int quote_side(const struct dataset *ds, enum side side, struct quoted *q)
{
	const struct profile *p = ds->prof;
	size_t n = ds->side[side].n, nf = p->noutput, cells = n * nf, need = 0;
	char vb[4096];
	q->buf = NULL;
	q->off = malloc((cells + 1) * sizeof *q->off);
	if (!q->off)
		return -1;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nf; k++)
			need += 2 * strlen(output_text(ds, side, i, p->output_fields[k], vb,
						       sizeof vb)) + 2;
	q->buf = malloc(need ? need : 1);
	if (!q->buf) {
		free(q->off);
		q->off = NULL;
		return -1;
	}
	size_t at = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nf; k++) {
			const char *t = output_text(ds, side, i, p->output_fields[k], vb, sizeof vb);
			q->off[i * nf + k] = at;
			at += csv_write(q->buf + at, need - at, t, strlen(t));
		}
	q->off[cells] = at;
	return 0;
}

static void quoted_free(struct quoted *q)
{
	free(q->buf);
	free(q->off);
}

static void end_record(struct writer *w)
{
	if (reserve(w, 2) == 0) {
		w->buf[w->len++] = '\r';
		w->buf[w->len++] = '\n';
		if (out_write(w->buf, w->len, w->f) != w->len)
			w->err = 1;
	}
	w->len = 0;
	w->first = 1;
}

/* Opens a temporary file in dir for name; *tmp receives its path. */
static FILE *open_temp(const char *dir, const char *name, char **tmp, struct diag *d)
{
	size_t len = strlen(dir) + strlen(name) + 16;
	*tmp = malloc(len);
	if (!*tmp)
		return NULL;
	snprintf(*tmp, len, "%s%s.%s.XXXXXX", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, dir, 0, "cannot create a file in this folder: %s", strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	if (fchmod(fd, 0600) != 0) {
		diag_add(d, DIAG_ERROR, *tmp, 0, "cannot set mode 0600: %s", strerror(errno));
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

/* A result file written to its temporary name, not yet in place. */
struct pending {
	FILE *f;
	char *tmp;          /* its temporary path (owned) */
	const char *name;   /* the final file name */
	size_t rows;
	int werr;
};

/* Flushes a written temporary file and asks the kernel to start writing it
 * to disk at once, without waiting for it.  The result files are not
 * fsync'ed: they are reproducible (the same inputs and profile give the same
 * files, byte for byte), and waiting for the disk cost about 4.5 ms of a
 * 30 ms batch run at 500 a side; the rename still means a failure or a crash
 * of the program never leaves a half-written file under the final name.
 * pins.csv and profiles, which hold decisions only the user can redo, are
 * synced (pins.c, profile.c).  Returns 0 or -1. */
static int start_sync(struct pending *pf)
{
	if (pf->werr || fflush(pf->f) != 0)
		return -1;
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fileno(pf->f), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	return 0;
}

/* Flushes and closes the temporary file; on failure reports it (naming the
 * final file) unless an earlier file failed (ok == 0).  Returns 0 or -1. */
static int sync_close(struct pending *pf, const char *dir, int ok, struct diag *d)
{
	int rc = ok ? 0 : -1;
	if (rc == 0 && (pf->werr || fflush(pf->f) != 0))
		rc = -1;
	int saved = errno;
	if (fclose(pf->f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	pf->f = NULL;
	if (rc != 0 && ok) {
		char *final = join_path(dir, pf->name);
		diag_add(d, DIAG_ERROR, final ? final : pf->name, 0, "could not be written: %s",
			 strerror(saved ? saved : EIO));
		free(final);
	}
	return rc;
}

/* Renames the closed temporary file into place (ok != 0), or removes it.
 * Returns 0 or -1 (reported in d). */
static int place(struct pending *pf, const char *dir, int ok, struct diag *d)
{
	char *final = join_path(dir, pf->name);
	int rc = ok ? 0 : -1;
	if (rc == 0 && (!final || rename(pf->tmp, final) != 0)) {
		rc = -1;
		diag_add(d, DIAG_ERROR, final ? final : pf->name, 0, "could not be written: %s",
			 strerror(errno ? errno : EIO));
	}
	if (rc != 0)
		unlink(pf->tmp);
	else
		diag_add(d, DIAG_NOTE, final, 0, "%zu row%s written", pf->rows,
			 pf->rows == 1 ? "" : "s");
	free(final);
	free(pf->tmp);
	pf->tmp = NULL;
	return rc;
}

static const char *UTF8_BOM = "\xEF\xBB\xBF";

static int write_pairs(const struct dataset *ds, const struct match_result *r,
		       const char *dir, struct pending *pf, struct diag *d)
{
	char *tmp;
	const char *name = output_file_names[0];
	FILE *f = open_temp(dir, name, &tmp, d);
	if (!f)
		return -1;
	struct writer w = { f, 1, 0, NULL, 0, 0 };
	const struct profile *p = ds->prof;
	/* per side: the identity, the e-mail when the identity is an id, then
	 * the names (first and last, or the name field) */
	int fn = profile_field_index(p, "first_name");
	int ln = profile_field_index(p, "last_name");
	int nm = fn < 0 && ln < 0 ? profile_field_index(p, "name") : -1;
	int names = fn >= 0 || ln >= 0 || nm >= 0;
	int idf = profile_identity_field(p), ef = profile_email_field(p);
	int contact = idf >= 0 && idf != ef && ef >= 0;
	/* rows are people when a side's identity is not mapped: their lines */
	int lines = idf >= 0 && (ds->side[SIDE_MENTOR].col[idf] < 0 ||
				 ds->side[SIDE_MENTEE].col[idf] < 0);

	if (fputs(UTF8_BOM, f) == EOF)
		w.err = 1;
	for (int side = 0; side < SIDE_COUNT; side++) {
		const char *who = side == SIDE_MENTOR ? "mentor" : "mentee";
		char h[32];
		put(&w, profile_identity_column(p, (enum side)side));
		if (lines) {
			snprintf(h, sizeof h, "%s line", who);
			put(&w, h);
		}
		if (contact) {
			snprintf(h, sizeof h, "%s email", who);
			put(&w, h);
		}
		if (nm >= 0) {
			snprintf(h, sizeof h, "%s name", who);
			put(&w, h);
		} else if (names) {
			snprintf(h, sizeof h, "%s first name", who);
			put(&w, h);
			snprintf(h, sizeof h, "%s last name", who);
			put(&w, h);
		}
	}
	put(&w, "round");
	put(&w, "score");
	end_record(&w);
	for (size_t q = 0; q < r->npairs; q++) {
		const struct pair *pr = &r->pairs[q];
		for (int side = 0; side < SIDE_COUNT; side++) {
			size_t i = side == SIDE_MENTOR ? pr->mentor : pr->mentee;
			put(&w, dataset_identity(ds, (enum side)side, i));
			if (lines)
				put_long(&w, (long)dataset_line(ds, (enum side)side, i));
			if (contact)
				put(&w, dataset_contact_email(ds, (enum side)side, i));
			if (nm >= 0) {
				put(&w, dataset_text(ds, (enum side)side, i, (size_t)nm));
			} else if (names) {
				put(&w, fn >= 0 ? dataset_text(ds, (enum side)side, i, (size_t)fn) : "");
				put(&w, ln >= 0 ? dataset_text(ds, (enum side)side, i, (size_t)ln) : "");
			}
		}
		put_long(&w, pr->round);
		put_long(&w, pr->score);
		end_record(&w);
	}
	free(w.buf);
	*pf = (struct pending){ f, tmp, name, r->npairs, w.err };
	return 0;
}

static const char *field_label(const struct profile *p, size_t f)
{
	return p->fields[f].label && *p->fields[f].label ? p->fields[f].label : p->fields[f].name;
}

static int write_list(const struct dataset *ds, const struct match_result *r,
		      enum side side, const struct quoted qs[SIDE_COUNT], const char *dir,
		      struct pending *pf, struct diag *d)
{
	const struct profile *p = ds->prof;
	enum side other = side == SIDE_MENTOR ? SIDE_MENTEE : SIDE_MENTOR;
	const char *name = output_file_names[side == SIDE_MENTOR ? 1 : 2];
	size_t n = ds->side[side].n;
	unsigned maxm = 0;
	char *tmp;
	char buf[64];

	for (size_t i = 0; i < n; i++)
		if (r->count[side][i] > maxm)
			maxm = r->count[side][i];
	/* the matches of each person, in pair order (round, then mentor) */
	size_t *first = calloc(n + 1, sizeof *first);
	size_t *list = malloc((r->npairs ? r->npairs : 1) * sizeof *list);
	size_t *fill = calloc(n + 1, sizeof *fill);
	if (!first || !list || !fill) {
		free(first);
		free(list);
		free(fill);
		diag_add(d, DIAG_ERROR, name, 0, "out of memory");
		return -1;
	}
	for (size_t q = 0; q < r->npairs; q++)
		first[(side == SIDE_MENTOR ? r->pairs[q].mentor : r->pairs[q].mentee) + 1]++;
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	for (size_t q = 0; q < r->npairs; q++) {
		size_t who = side == SIDE_MENTOR ? r->pairs[q].mentor : r->pairs[q].mentee;
		list[first[who] + fill[who]++] = q;
	}

	FILE *f = open_temp(dir, name, &tmp, d);
	if (!f) {
		free(first);
		free(list);
		free(fill);
		return -1;
	}
	struct writer w = { f, 1, 0, NULL, 0, 0 };
	if (fputs(UTF8_BOM, f) == EOF)
		w.err = 1;
	for (size_t k = 0; k < p->noutput; k++)
		put(&w, field_label(p, p->output_fields[k]));
	put(&w, "number of matches");
	for (unsigned m = 1; m <= maxm; m++) {
		for (size_t k = 0; k < p->noutput; k++) {
			snprintf(buf, sizeof buf, "match %u ", m);
			size_t bl = strlen(buf);
			const char *lab = field_label(p, p->output_fields[k]);
			char *h = malloc(bl + strlen(lab) + 1);
			if (!h) {
				w.err = 1;
				continue;
			}
			memcpy(h, buf, bl);
			strcpy(h + bl, lab);
			put(&w, h);
			free(h);
		}
		snprintf(buf, sizeof buf, "match %u score", m);
		put(&w, buf);
	}
	end_record(&w);
	size_t nf = p->noutput;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < nf; k++) {
			const size_t *o = &qs[side].off[i * nf + k];
			put_quoted(&w, qs[side].buf + o[0], o[1] - o[0]);
		}
		put_long(&w, (long)r->count[side][i]);
		for (unsigned m = 0; m < maxm; m++) {
			if (m < first[i + 1] - first[i]) {
				const struct pair *pr = &r->pairs[list[first[i] + m]];
				size_t them = side == SIDE_MENTOR ? pr->mentee : pr->mentor;
				for (size_t k = 0; k < nf; k++) {
					const size_t *o = &qs[other].off[them * nf + k];
					put_quoted(&w, qs[other].buf + o[0], o[1] - o[0]);
				}
				put_long(&w, pr->score);
			} else {
				for (size_t k = 0; k <= p->noutput; k++)
					put(&w, "");
			}
		}
		end_record(&w);
	}
	free(first);
	free(list);
	free(fill);
	free(w.buf);
	*pf = (struct pending){ f, tmp, name, n, w.err };
	return 0;
}

/* One result file's work, for one thread: quoting a side's fields
 * (quote_job), then writing, starting the writeback and closing the file
 * (write_job).  Messages go to the job's own d. */
struct out_job {
	const struct dataset *ds;
	const struct match_result *r;
	const char *dir;
	int file;                    /* index in output_file_names */
	enum side side;              /* quote_job: the side to quote */
	struct quoted q;             /* quote_job's result */
	const struct quoted *qs;     /* both sides, for write_list */
	struct pending pf;
	int written;                 /* pf holds a temporary file */
	int ok;
	struct diag d;
};

static void *quote_job(void *arg)
{
	struct out_job *j = arg;
	j->ok = quote_side(j->ds, j->side, &j->q) == 0;
	return NULL;
}

static void *write_job(void *arg)
{
	struct out_job *j = arg;
	int w = j->file == 0 ? write_pairs(j->ds, j->r, j->dir, &j->pf, &j->d)
		: write_list(j->ds, j->r, j->file == 1 ? SIDE_MENTOR : SIDE_MENTEE, j->qs,
			     j->dir, &j->pf, &j->d);
	j->ok = w == 0;
	if (!j->ok)
		return NULL;        /* reported in j->d */
	j->written = 1;
	if (start_sync(&j->pf) != 0)
		j->pf.werr = 1;     /* reported by sync_close */
	if (sync_close(&j->pf, j->dir, 1, &j->d) != 0)
		j->ok = 0;
	return NULL;
}

int output_write_all(const struct dataset *ds, const struct match_result *r,
		     const char *dir, int overwrite, struct diag *d)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		diag_add(d, DIAG_ERROR, dir, 0, "the output folder cannot be used: %s; create it first or choose another",
			 strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_ERROR, dir, 0, "is not a folder; choose a folder for the results");
		return -1;
	}
	if (!overwrite && output_count_existing(dir) > 0) {
		diag_add(d, DIAG_ERROR, dir, 0,
			 "already holds result files (pairs.csv, mentors-list.csv or mentees-list.csv); "
			 "choose another folder, or allow overwriting (--overwrite in batch mode)");
		return -1;
	}
	/* All three are written and closed before any is put in place, so
	 * that a failure while writing leaves the folder as it was.  Each
	 * file's writeback starts as soon as it is written (start_sync).  The
	 * mentees' side (quoting, then mentees-list.csv) runs in a second
	 * thread with its own messages, added after the main thread's. */
	struct out_job job[OUTPUT_NFILES];
	for (int i = 0; i < OUTPUT_NFILES; i++)
		job[i] = (struct out_job){ .ds = ds, .r = r, .dir = dir, .file = i };
	job[2].side = SIDE_MENTEE;
	pthread_t th;
	int threaded = pthread_create(&th, NULL, quote_job, &job[2]) == 0;
	quote_job(&job[1]);
	if (!threaded)
		quote_job(&job[2]);
	else
		pthread_join(th, NULL);
	struct quoted q[SIDE_COUNT] = { job[1].q, job[2].q };
	int ok = job[1].ok && job[2].ok;
	if (!ok)
		diag_add(d, DIAG_ERROR, dir, 0, "out of memory while writing the results");
	for (int i = 0; i < OUTPUT_NFILES && ok; i++)
		job[i].qs = q;
	threaded = ok && pthread_create(&th, NULL, write_job, &job[2]) == 0;
	for (int i = 0; i < OUTPUT_NFILES && ok; i++)
		if (i < 2 || !threaded)
			write_job(&job[i]);
	if (threaded)
		pthread_join(th, NULL);
	for (int i = 0; i < OUTPUT_NFILES; i++) {
		diag_append(d, &job[i].d);
		if (!job[i].ok)
			ok = 0;
	}
	int rc = ok ? 0 : -1;
	for (int i = 0; i < OUTPUT_NFILES; i++) {
		if (job[i].written && place(&job[i].pf, dir, ok, d) != 0)
			rc = -1;
		diag_free(&job[i].d);
	}
	quoted_free(&q[SIDE_MENTOR]);
	quoted_free(&q[SIDE_MENTEE]);
	return rc;
}
