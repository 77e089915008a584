/* main.c - command line: the terminal interface, or --batch without a terminal. */
#include <errno.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentormatch/match.h"
#include "mentormatch/output.h"
#include "mentormatch/profile_keys.h"
#include "mentormatch/report.h"
#include "mentormatch/session.h"
#include "mentormatch/ui.h"

#define MENTORMATCH_VERSION "0.1.0"

static const char *const usage_text =
	"Usage: mentormatch [--profile FILE] [MENTORS.csv MENTEES.csv | --signups FILE] [--pins FILE]\n"
	"                   [--history FILE]...\n"
	"       mentormatch --batch --profile FILE --mentors FILE --mentees FILE --out DIR [--overwrite]\n"
	"                   [--pins FILE] [--history FILE]...\n"
	"       mentormatch --batch --profile FILE --signups FILE --out DIR [--overwrite] [--pins FILE]\n"
	"                   [--history FILE]...\n"
	"\n"
	"Matches mentors with mentees from two spreadsheets (CSV), by the rules of a profile (INI).\n"
	"Without --batch it opens the terminal interface: Files, Columns, Rules, Match,\n"
	"Candidates, Save.  With --batch it runs the same steps without a terminal, writes\n"
	"pairs.csv, mentors-list.csv and mentees-list.csv into DIR (mode 0600) and prints an import\n"
	"report and a summary.  It stops without writing anything when the input cannot be trusted\n"
	"(a row not loaded, a mapped column missing, someone without an email address).\n"
	"\n"
	"Options:\n"
	"  --profile FILE   the matching profile (without it: the terminal interface offers\n"
	"                   the profiles it finds and a new one built from the files)\n"
	"  --mentors FILE   the mentors' spreadsheet\n"
	"  --mentees FILE   the mentees' spreadsheet\n"
	"  --signups FILE   instead of --mentors and --mentees: one combined sign-up sheet whose\n"
	"                   role column says mentor, mentee or both (the profile's [signups])\n"
	"  --out DIR        batch: folder for the result files (must exist)\n"
	"  --overwrite      batch: replace result files already in DIR\n"
	"  --history FILE   the pairs file of an earlier cohort (repeatable): those pairs are\n"
	"                   forbidden, or scored by the profile's [history]\n"
	"  --pins FILE      pairs to keep or keep out: a CSV with the columns mentor email,\n"
	"                   mentee email (or mentor id, mentee id when the profile has an id\n"
	"                   field) and action (pin: always in the result; ban: never);\n"
	"                   the pins and bans are saved again as pins.csv beside the results\n"
	"                   (batch and terminal interface)\n"
	"  --batch          run without the terminal interface\n"
	"  --help           show this help\n"
	"  --version        show the version\n";

static const char *const usage_tail =
	"\n"
	"Exit status: 0 success, 1 bad input or failure (messages name the file and line), 2 usage error.\n";

/* The usage text, with the profile's settings that options override (from
 * the key table). */
static void print_usage(FILE *out)
{
	fputs(usage_text, out);
	fputs("\nThese override the profile's [solve] settings:\n", out);
	for (size_t k = 0; k < PK_COUNT; k++) {
		const struct profile_key_info *ki = &profile_keys[k];
		char opt[64], text[512];
		const char *t = text;
		int col;
		if (!ki->cli)
			continue;
		snprintf(opt, sizeof opt, "--%s %s", ki->cli, ki->value == KV_WORD ? "WORD" : "N");
		if (ki->value == KV_INT)
			snprintf(text, sizeof text, "%s (%ld to %ld)", ki->help, ki->lo, ki->hi);
		else
			snprintf(text, sizeof text, "%s", ki->help);
		/* the help wrapped at 79 columns, under column 21 */
		col = fprintf(out, "  %-18s", opt);
		if (col > 20)
			fprintf(out, "\n%20s", "");
		while (*t) {
			size_t n = strlen(t), cut = n;
			if (col < 0)
				fprintf(out, "%20s", "");
			if (n > 58) {
				cut = 58;
				while (cut > 0 && t[cut] != ' ')
					cut--;
				if (!cut)
					cut = 58;
			}
			fprintf(out, " %.*s\n", (int)cut, t);
			t += cut;
			while (*t == ' ')
				t++;
			col = -1;
		}
	}
	fputs(usage_tail, out);
}

struct args {
	int batch, overwrite;
	const char *profile, *files[SIDE_COUNT], *out, *signups, *pins;
	/* settings that override the profile's (keys with a command-line
	 * option in the key table), or NULL */
	const char *set[PK_COUNT];
	const char **history;   /* --history FILE, nhistory of them */
	size_t nhistory;
	const char *exe;        /* argv[0] */
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "mentormatch: %s%s%s\nTry 'mentormatch --help'.\n", msg, arg ? " " : "", arg ? arg : "");
	return 2;
}

/* The key whose command-line option is name (without "--"), or PK_COUNT. */
static enum profile_key cli_key(const char *name)
{
	for (size_t k = 0; k < PK_COUNT; k++)
		if (profile_keys[k].cli && !strcmp(profile_keys[k].cli, name))
			return (enum profile_key)k;
	return PK_COUNT;
}

/* Returns -1 to continue, or an exit status. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = NULL;
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			print_usage(stdout);
			return 0;
		} else if (!strcmp(o, "--version")) {
			printf("mentormatch %s\n", MENTORMATCH_VERSION);
			return 0;
		} else if (!strcmp(o, "--batch")) {
			a->batch = 1;
		} else if (!strcmp(o, "--overwrite")) {
			a->overwrite = 1;
		} else if (!strcmp(o, "--profile")) {
			slot = &a->profile;
		} else if (!strcmp(o, "--mentors")) {
			slot = &a->files[SIDE_MENTOR];
		} else if (!strcmp(o, "--mentees")) {
			slot = &a->files[SIDE_MENTEE];
		} else if (!strcmp(o, "--signups")) {
			slot = &a->signups;
		} else if (!strcmp(o, "--pins")) {
			slot = &a->pins;
		} else if (!strcmp(o, "--out")) {
			slot = &a->out;
		} else if (!strcmp(o, "--history")) {
			const char **h = realloc(a->history, (a->nhistory + 1) * sizeof *h);
			if (!h)
				return usage_error("out of memory", NULL);
			a->history = h;
			if (i + 1 >= argc)
				return usage_error("missing value after", o);
			a->history[a->nhistory++] = argv[++i];
		} else if (o[0] == '-' && o[1] == '-' && cli_key(o + 2) < PK_COUNT) {
			slot = &a->set[cli_key(o + 2)];
		} else if (o[0] == '-' && o[1]) {
			return usage_error("unknown option", o);
		} else {
			/* MENTORS.csv MENTEES.csv, in that order, unless an option
			 * named the file that place stands for */
			char msg[1024];
			if (npos >= SIDE_COUNT) {
				snprintf(msg, sizeof msg, "one file name too many: %s (the mentors file is "
					 "%s, the mentees file %s)", o, a->files[SIDE_MENTOR],
					 a->files[SIDE_MENTEE]);
				return usage_error(msg, NULL);
			}
			if (a->files[npos]) {
				snprintf(msg, sizeof msg, "%s: a file name without an option stands for the "
					 "%s file, which --%s already gives (%s); name it with --%s", o,
					 npos == SIDE_MENTOR ? "mentors" : "mentees",
					 npos == SIDE_MENTOR ? "mentors" : "mentees", a->files[npos],
					 npos == SIDE_MENTOR ? "mentees" : "mentors");
				return usage_error(msg, NULL);
			}
			a->files[npos++] = o;
		}
		if (slot) {
			if (i + 1 >= argc)
				return usage_error("missing value after", o);
			if (*slot) {
				/* the first would be dropped silently */
				char msg[1024];
				snprintf(msg, sizeof msg, "%s given twice: %s and %s; give it once", o, *slot,
					 argv[i + 1]);
				return usage_error(msg, NULL);
			}
			*slot = argv[++i];
		}
	}
	if (a->signups && (a->files[SIDE_MENTOR] || a->files[SIDE_MENTEE]))
		return usage_error("--signups replaces the mentors and mentees files; give one or "
				   "the other", NULL);
	return -1;
}

/* Applies the command-line overrides to the profile through the key table
 * (the same check as the profile's own value); an option the mode in force
 * does not use is said as a note in d (--mentor-min's is the match's).
 * Returns -1 to continue, or an exit status: 2 on a bad value. */
static int apply_overrides(const struct args *a, struct profile *p, struct diag *d)
{
	for (size_t k = 0; k < PK_COUNT; k++) {
		char err[512], opt[80];
		if (!a->set[k])
			continue;
		if (profile_key_set_text(p, (enum profile_key)k, 0, a->set[k], err, sizeof err) < 0) {
			snprintf(opt, sizeof opt, "--%s:", profile_keys[k].cli);
			return usage_error(opt, err);
		}
	}
	if (a->set[PK_SOLVE_OBJECTIVE] && p->solve.mode == MODE_ROUNDS)
		diag_add(d, DIAG_NOTE, NULL, 0, "--objective %s applies in capacity mode (--mode "
			 "capacity); rounds mode does not use it", a->set[PK_SOLVE_OBJECTIVE]);
	for (int k = 0; k < 2; k++) {
		enum profile_key key = k ? PK_SOLVE_UNMATCHED_BONUS : PK_SOLVE_ROUNDS;
		if (a->set[key] && p->solve.mode == MODE_CAPACITY)
			diag_add(d, DIAG_NOTE, NULL, 0, "--%s %s applies in rounds mode (--mode rounds); "
				 "capacity mode does not use it", profile_keys[key].cli, a->set[key]);
	}
	return -1;
}

/* Appends text to buf (n bytes used of len), keeping room for the NUL. */
static void put_text(char *buf, size_t len, size_t *n, const char *text)
{
	for (; *text && *n + 1 < len; text++)
		buf[(*n)++] = *text;
}

/* path as one shell word for a message: as it is when it holds only
 * characters a shell leaves alone, else in single quotes (a quote inside
 * closed, escaped and opened again: 'it'\''s'). */
static void shell_word(const char *path, char *buf, size_t len)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789_./-+,:@%=";
	size_t n = 0;
	if (!len)
		return;
	if (*path && strspn(path, plain) == strlen(path)) {
		snprintf(buf, len, "%s", path);
		return;
	}
	put_text(buf, len, &n, "'");
	for (const char *c = path; *c; c++) {
		char one[2] = { *c, '\0' };
		put_text(buf, len, &n, *c == '\'' ? "'\\''" : one);
	}
	put_text(buf, len, &n, "'");
	buf[n] = '\0';
}

/* Batch: the output folder must exist and be writable, and (without
 * --overwrite) hold no result files and no pins.csv but the one given with
 * --pins (pins, may be NULL), before anything is read or matched (as
 * session_save would find at the end).  Returns 0, or -1 with an error in d. */
static int check_out_dir(const char *dir, int overwrite, const char *pins, struct diag *d)
{
	struct stat st, pst;
	char word[512], pp[4096];
	int err;
	shell_word(dir, word, sizeof word);
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			diag_add(d, DIAG_ERROR, dir, 0, "the output folder does not exist; create it "
				 "first (mkdir -p %s) or choose another with --out", word);
		else
			diag_add(d, DIAG_ERROR, dir, 0, "the output folder cannot be used: %s; create "
				 "it first (mkdir -p %s) or choose another with --out",
				 strerror(errno), word);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_ERROR, dir, 0, "is not a folder; choose a folder for the results "
			 "with --out");
		return -1;
	}
	/* a file made and removed again: access() says yes to root where no
	 * file can be made (a read-only file system, /sys) */
	if ((err = output_try_dir(dir)) != 0) {
		/* chmod helps only with the folder's own permissions */
		if (err == EACCES && geteuid() != 0)
			diag_add(d, DIAG_ERROR, dir, 0, "the output folder is not writable (%s); make "
				 "it writable (chmod u+w %s) or choose another with --out",
				 strerror(err), word);
		else
			diag_add(d, DIAG_ERROR, dir, 0, "no file can be created in the output folder "
				 "(%s); choose another with --out", strerror(err));
		return -1;
	}
	if (!overwrite && output_count_existing(dir) > 0) {
		diag_add(d, DIAG_ERROR, dir, 0,
			 "already holds result files (pairs.csv, mentors-list.csv or mentees-list.csv); "
			 "choose another folder, or allow overwriting (--overwrite in batch mode)");
		return -1;
	}
	snprintf(pp, sizeof pp, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/",
		 PINS_FILE_NAME);
	if (!overwrite && lstat(pp, &st) == 0 &&
	    !(pins && stat(pp, &st) == 0 && stat(pins, &pst) == 0 && st.st_dev == pst.st_dev &&
	      st.st_ino == pst.st_ino)) {
		diag_add(d, DIAG_ERROR, dir, 0, "already holds a %s from another match; choose "
			 "another folder, or allow overwriting (--overwrite in batch mode)",
			 PINS_FILE_NAME);
		return -1;
	}
	return 0;
}

/* Bans in s->pins that took part in the solve (both people known), and
 * those ignored because an email is in neither file (from the result's
 * PIN_ISSUE_UNKNOWN_PERSON issues). */
static void count_bans(const struct session *s, size_t *applied, size_t *ignored)
{
	size_t all = pins_count(&s->pins, PIN_BAN), unknown = 0;
	for (size_t q = 0; q < s->res.nissues; q++) {
		const struct pin_issue *is = &s->res.issues[q];
		unknown += is->kind == PIN_ISSUE_UNKNOWN_PERSON && is->pin < s->pins.n &&
			s->pins.items[is->pin].action == PIN_BAN;
	}
	*ignored = unknown;
	*applied = all - unknown;
}

static void print_summary(const struct session *s, FILE *out)
{
	const struct match_result *r = &s->res;
	size_t h[SIDE_COUNT][4];
	for (int side = 0; side < SIDE_COUNT; side++)
		fprintf(out, "%s: %s, %zu %s\n", side == SIDE_MENTOR ? "mentors" : "mentees",
			s->tab[side].path, s->ds.side[side].n,
			s->ds.side[side].n == 1 ? "person" : "people");
	fprintf(out, "allowed pairs: %zu\n", s->edges.start[s->edges.nmentors]);
	for (size_t i = 0; i < s->nhist; i++) {
		size_t rows = s->hist[i].nrows, pairs = 0;
		for (size_t k = 0; k < s->ds.nhist; k++)
			pairs += s->ds.hist[k].file == i;
		fprintf(out, "history: %s, %zu row%s; %zu pair%s of people signed up now", s->hist[i].path,
			rows, rows == 1 ? "" : "s", pairs, pairs == 1 ? "" : "s");
		if (s->prof.history.forbid)
			fprintf(out, ", not allowed again\n");
		else
			fprintf(out, ", %+ld points each\n", s->prof.history.weight);
	}
	if (s->prof.solve.mode == MODE_CAPACITY)
		fprintf(out, "1 exact solve (capacity mode, objective %s): %zu pair%s, total score %ld\n",
			s->prof.solve.objective == OBJECTIVE_COVERAGE ? "coverage" : "quality",
			r->round_pairs[0], r->round_pairs[0] == 1 ? "" : "s", r->round_total[0]);
	else
		for (int k = 0; k < r->nrounds; k++)
			fprintf(out, "round %d: %zu pair%s, total score %ld\n", k + 1, r->round_pairs[k],
				r->round_pairs[k] == 1 ? "" : "s", r->round_total[k]);
	if (s->pins.n) {
		size_t pinned = 0, bans, ignored;
		for (size_t q = 0; q < r->npairs; q++)
			pinned += r->pairs[q].pinned != 0;
		count_bans(s, &bans, &ignored);
		fprintf(out, "pinned pairs in the result: %zu; bans applied: %zu", pinned, bans);
		if (ignored)
			fprintf(out, " (%zu more ignored: an email in neither file)", ignored);
		fprintf(out, "; pin problems: %zu%s\n", r->nissues,
			r->nissues ? " (listed on stderr)" : "");
	}
	match_histogram(r, SIDE_MENTOR, h[SIDE_MENTOR], 4);
	match_histogram(r, SIDE_MENTEE, h[SIDE_MENTEE], 4);
	fprintf(out, "matches       0     1     2    3+\n");
	fprintf(out, "mentors   %5zu %5zu %5zu %5zu\n", h[0][0], h[0][1], h[0][2], h[0][3]);
	fprintf(out, "mentees   %5zu %5zu %5zu %5zu\n", h[1][0], h[1][1], h[1][2], h[1][3]);
}

struct message_key { unsigned long line; size_t item; };

static int cmp_message_key(const void *a, const void *b)
{
	const struct message_key *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Prints the messages of a batch run: with notes_out, the notes on stdout
 * (files written, people on both sides: part of the report), the rest on
 * stderr.  The pins file's messages (those read from it and the problems
 * the solve found with its pins, found at different times) are put in the
 * file's line order among themselves. */
static void print_messages(const struct diag *d, int notes_out, const char *pins_path)
{
	size_t *order = malloc((d->n ? d->n : 1) * sizeof *order);
	struct message_key *key = malloc((d->n ? d->n : 1) * sizeof *key);
	size_t *slot = malloc((d->n ? d->n : 1) * sizeof *slot);
	size_t n = 0, npins = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		if (it->level == DIAG_NOTE && notes_out) {
			if (it->file && it->line)
				printf("%s:%lu: %s\n", it->file, it->line, it->msg);
			else if (it->file)
				printf("%s: %s\n", it->file, it->msg);
			else
				printf("%s\n", it->msg);
			continue;
		}
		if (!order || !key || !slot) {
			/* out of memory: as they came */
			char line[1024];
			diag_format(it, line, sizeof line);
			fprintf(stderr, "%s\n", line);
			continue;
		}
		if (pins_path && it->file && !strcmp(it->file, pins_path)) {
			key[npins] = (struct message_key){ it->line, i };
			slot[npins++] = n;
		}
		order[n++] = i;
	}
	/* the pins file's messages take the places they had, in line order */
	if (npins > 1)
		qsort(key, npins, sizeof *key, cmp_message_key);
	for (size_t k = 0; k < npins; k++)
		order[slot[k]] = key[k].item;
	for (size_t k = 0; k < n; k++) {
		char line[1024];
		diag_format(&d->items[order[k]], line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	free(order);
	free(key);
	free(slot);
}

/* Every --history FILE.  Returns 0, or -1 with messages in d. */
static int load_history(struct session *s, const struct args *a, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < a->nhistory; i++)
		if (session_load_history(s, a->history[i], d) != 0)
			rc = -1;
	return rc;
}

static int run_batch(const struct args *a)
{
	struct session s;
	struct diag d = {0};
	struct import_report report;
	int rc, have_report = 0, report_shown = 0, untrusted = 0;

	if (!a->profile || (!a->signups && (!a->files[SIDE_MENTOR] || !a->files[SIDE_MENTEE])) ||
	    !a->out)
		return usage_error("--batch needs --profile, --mentors and --mentees (or --signups), "
				   "and --out", NULL);
	session_init(&s);
	s.strict_columns = 1;
	if (session_load_profile(&s, a->profile, &d) == 0 &&
	    (rc = apply_overrides(a, &s.prof, &d)) >= 0) {
		diag_free(&d);
		session_free(&s);
		return rc;
	}
	rc = 1;
	if (s.have_profile && check_out_dir(a->out, a->overwrite, a->pins, &d) != 0)
		;  /* checked before reading the files and matching: nothing is done */
	else if (s.have_profile && a->signups && !s.prof.signups.role_column)
		diag_add(&d, DIAG_ERROR, a->profile, 0, "--signups needs a [signups] section with "
			 "role_column, mentor_answers and mentee_answers in the profile (see "
			 "config/README.md)");
	else if (s.have_profile &&
	    (a->signups ? session_load_signups(&s, a->signups, &d) == 0 :
	     session_load_files(&s, (const char *const *)a->files, &d) == 0) &&
	    (!a->pins || session_load_pins(&s, a->pins, &d) == 0) &&
	    load_history(&s, a, &d) == 0) {
		/* the import report first: it says what was read, and whether the
		 * match can be trusted (report_untrustworthy); an error in the
		 * input (a row not loaded, a missing column) stops before the
		 * match, so that nothing is written */
		session_prepare(&s, &d);
		if (report_build(&s, &report) == 0)
			have_report = 1;
		else
			diag_add(&d, DIAG_ERROR, NULL, 0, "out of memory while writing the import report");
		untrusted = have_report && report_untrustworthy(&report);
		if (have_report && !untrusted && diag_count(&d, DIAG_ERROR) == 0) {
			report_print(&report, stdout);
			putchar('\n');
			report_shown = 1;
			if (session_match(&s, &d) == 0) {
				print_summary(&s, stdout);
				if (diag_count(&d, DIAG_ERROR) == 0 &&
				    session_save(&s, a->out, a->overwrite, &d) == 0)
					rc = 0;
			}
		}
	}
	print_messages(&d, rc == 0, a->pins);
	if (have_report && !report_shown)
		report_print(&report, stderr);
	if (untrusted) {
		fprintf(stderr, "mentormatch: stopped: the input cannot be trusted (see the import "
			"report above); no files were written\n");
		rc = 1;
	} else if (rc != 0 || diag_count(&d, DIAG_ERROR) > 0) {
		fprintf(stderr, "mentormatch: stopped because of the errors above\n");
		rc = 1;
	}
	if (have_report)
		report_free(&report);
	diag_free(&d);
	session_free(&s);
	return rc;
}

static int run_ui(const struct args *a)
{
	struct session s;
	struct diag d = {0};
	struct ui_options o = {0};
	int rc;

	if (ui_check_terminal() != 0)
		return 1;
	/* without --profile the interface starts with none: step 3 lists the
	 * profiles found (this folder, ~/.config/mentormatch, the examples)
	 * and N builds a new one from the files' columns */
	o.profile_path = a->profile;
	o.exe = a->exe;
	o.files[SIDE_MENTOR] = a->files[SIDE_MENTOR];
	o.files[SIDE_MENTEE] = a->files[SIDE_MENTEE];
	o.signups = a->signups;
	o.out_dir = a->out;
	session_init(&s);
	if (o.profile_path)
		session_load_profile(&s, o.profile_path, &d);
	for (int side = 0; side < SIDE_COUNT; side++)
		if (o.files[side])
			session_load_file(&s, (enum side)side, o.files[side], &d);
	if (o.signups)
		session_load_signups(&s, o.signups, &d);
	if (a->pins)
		session_load_pins(&s, a->pins, &d);
	load_history(&s, a, &d);
	if (s.have_profile && (rc = apply_overrides(a, &s.prof, &d)) >= 0) {
		diag_free(&d);
		session_free(&s);
		return rc;
	}
	rc = ui_run(&s, &o, &d);
	diag_free(&d);
	session_free(&s);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	int rc;

	setlocale(LC_ALL, "");
	/* Large arrays (edges, scores) are allocated and freed for every
	 * match; keeping them in the heap instead of fresh mmaps saves the
	 * page faults of touching new memory again each time. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	/* One heap for every thread (the loaders, scoring, the writers, the
	 * terminal's match worker): what one thread frees another reuses,
	 * instead of each touching fresh pages of an arena of its own. */
	mallopt(M_ARENA_MAX, 1);
	a.exe = argc > 0 ? argv[0] : NULL;
	rc = parse_args(argc, argv, &a);
	if (rc >= 0) {
		free(a.history);
		return rc;
	}
	rc = a.batch ? run_batch(&a) : run_ui(&a);
	free(a.history);
	return rc;
}
