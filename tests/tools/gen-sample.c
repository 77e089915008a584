/* gen-sample.c - writes invented participants in the original Mentor
 * Matcher's format.
 *
 *   gen-sample --count N [--mentees M] --seed S --out DIR [--extended]
 *
 * writes DIR/mentors.csv (N rows) and DIR/mentees.csv (M rows, default N)
 * with the original's headers and CRLF line ends, values like the original's
 * own random sample (../data/original-sample in the shared reference):
 * mentors are EO to SCS4, mentees AA to SCS2; six departments; five
 * professions; about half the mentors list one to three identities; a
 * mentee's identity to match is one identity or empty.  Emails use
 * example.org.  The output depends only on the arguments (own PRNG);
 * mentors.csv does not depend on M.
 *
 * --extended adds, after the original's columns, answers for the newer rule
 * kinds (tests/data/bench/extended.ini): skills (1 to 4 of 12, joined by
 * ", "), a UTC offset (decimals, as labels like "UTC+5.5"), ten 0/1
 * availability columns, and for mentees a goal, whether the same
 * profession matters (Yes / No preference) and 0 to 3 preferred mentors by
 * e-mail (joined by "; "); for mentors the areas they mentor in.
 */
#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const grades[] = {
	"AA", "AO", "EO", "HEO", "SEO", "Grade 7", "Grade 6",
	"SCS1", "SCS2", "SCS3", "SCS4",
};
#define MENTOR_GRADE_MIN 2   /* EO */
#define MENTOR_GRADE_MAX 10  /* SCS4 */
#define MENTEE_GRADE_MIN 0   /* AA */
#define MENTEE_GRADE_MAX 8   /* SCS2 */

static const char *const departments[] = {
	"Department of Fun", "Department of Joy", "Department of Love",
	"Department of Peace", "Department of Truth", "Department of Virtue",
};
static const char *const professions[] = {
	"HR", "Security", "Operations", "DDaT", "Policy",
};
static const char *const identities[] = {
	"Asexual or aromantic", "Bisexual or pansexual", "Non-binary",
	"Gay", "Lesbian", "Transgender",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NIDENT COUNT(identities)

static const char *const skills[] = {
	"Python", "SQL", "Excel", "Leadership", "Writing", "Negotiation",
	"Budgeting", "Coaching", "Statistics", "Design", "Law", "Procurement",
};
static const char *const zones[] = {
	"UTC-8", "UTC-5", "UTC+0", "UTC+1", "UTC+2", "UTC+5.5", "UTC+8", "UTC+10",
};
static const char *const goals[] = {
	"Promotion", "Leadership", "Data", "Policy", "Wellbeing", "Move",
};
static const char *const slots[] = {
	"Mon am", "Mon pm", "Tue am", "Tue pm", "Wed am", "Wed pm",
	"Thu am", "Thu pm", "Fri am", "Fri pm",
};
static int extended;          /* --extended */
static size_t mentor_count;   /* for the preferred mentors' e-mails */

static const char *const mentor_header[] = {
	"first name", "last name", "email address", "both mentor and mentee",
	"job title", "grade", "organisation", "profession", "characteristics",
	"biography",
};
static const char *const mentee_header[] = {
	"first name", "last name", "email address", "both mentor and mentee",
	"job title", "grade", "organisation", "profession",
	"match with similar identity", "identity to match", "biography",
};

/* ---- PRNG: splitmix64 ----------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* Uniform in 0 .. n-1 (n small; the bias of 2^-32 is irrelevant here). */
static size_t rng_below(size_t n)
{
	return (size_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* ---- CSV output ------------------------------------------------------------ */

struct out {
	FILE *fp;
	char path[4096];
	int nfield;       /* fields written on the current line */
	int err;
};

/* Writes one field, quoted (by libcsv) only when it needs to be, as the
 * original's files are. */
static void field(struct out *o, const char *s)
{
	if (o->nfield++ > 0 && fputc(',', o->fp) == EOF)
		o->err = 1;
	size_t len = strlen(s);
	if (strpbrk(s, ",\"\r\n")) {
		if (csv_fwrite(o->fp, s, len) != 0)
			o->err = 1;
	} else if (len > 0 && fwrite(s, 1, len, o->fp) != len) {
		o->err = 1;
	}
}

static void end_line(struct out *o)
{
	if (fputs("\r\n", o->fp) == EOF)
		o->err = 1;
	o->nfield = 0;
}

/* Files are written one after the other, so one buffer serves both. */
static char out_buf[1 << 16];

static int out_open(struct out *o, const char *dir, const char *name)
{
	int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof o->path) {
		fprintf(stderr, "gen-sample: path too long: %s/%s\n", dir, name);
		return -1;
	}
	o->nfield = 0;
	o->err = 0;
	o->fp = fopen(o->path, "wb");
	if (!o->fp) {
		fprintf(stderr, "gen-sample: %s: %s\n", o->path, strerror(errno));
		return -1;
	}
	setvbuf(o->fp, out_buf, _IOFBF, sizeof out_buf);
	return 0;
}

static int out_close(struct out *o)
{
	int bad = o->err || ferror(o->fp);
	if (fclose(o->fp) != 0)
		bad = 1;
	if (bad)
		fprintf(stderr, "gen-sample: %s: write failed\n", o->path);
	return bad ? -1 : 0;
}

/* ---- people ---------------------------------------------------------------- */

/* Digits in the zero-padded number: as many as the largest needs, at
 * least two (the original's 50-row sample has 00..49, 500-row 000..499). */
static int number_width(size_t count)
{
	int w = 1;
	for (size_t n = count > 0 ? count - 1 : 0; n >= 10; n /= 10)
		w++;
	return w < 2 ? 2 : w;
}

/* Fields common to both files, up to profession; fills num, grade, org,
 * prof for the biography. */
static void person_start(struct out *o, const char *role, size_t idx,
			 int width, int gmin, int gmax, char *num,
			 size_t numsz, const char **grade, const char **org,
			 const char **prof)
{
	char email[96];
	snprintf(num, numsz, "%0*zu", width, idx);
	snprintf(email, sizeof email, "%s.%s@example.org", role, num);
	field(o, role);
	field(o, num);
	field(o, email);
	field(o, rng_below(2) ? "yes" : "no");
	field(o, "Some role");
	*grade = grades[gmin + (int)rng_below((size_t)(gmax - gmin + 1))];
	*org = departments[rng_below(COUNT(departments))];
	*prof = professions[rng_below(COUNT(professions))];
	field(o, *grade);
	field(o, *org);
	field(o, *prof);
}

static void biography(struct out *o, const char *role, const char *num,
		      const char *grade, const char *org, const char *prof,
		      const char *chars)
{
	char bio[512];
	snprintf(bio, sizeof bio,
		 "My name is %s %s. I am a %s. I am in the %s, in the %s "
		 "profession. My characteristics is/are %s. ",
		 role, num, grade, org, prof, chars);
	field(o, bio);
}

/* k distinct items of list (n of them), joined by sep, into buf. */
static void pick_some(const char *const *list, size_t n, size_t k, const char *sep,
		      char *buf, size_t len)
{
	size_t pick[16];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		pick[i] = i;
	for (size_t i = 0; i < k && i < n; i++) {
		size_t r = i + rng_below(n - i), t = pick[i];
		pick[i] = pick[r];
		pick[r] = t;
		if (i)
			strncat(buf, sep, len - strlen(buf) - 1);
		strncat(buf, list[pick[i]], len - strlen(buf) - 1);
	}
}

/* The --extended columns of one person. */
static void extended_fields(struct out *o, int mentee)
{
	char buf[512];
	pick_some(skills, COUNT(skills), 1 + rng_below(4), ", ", buf, sizeof buf);
	field(o, buf);
	field(o, zones[rng_below(COUNT(zones))]);
	for (size_t k = 0; k < COUNT(slots); k++)
		field(o, rng_below(3) ? "0" : "1");
	if (!mentee) {
		pick_some(goals, COUNT(goals), 1 + rng_below(3), ", ", buf, sizeof buf);
		field(o, buf);
		return;
	}
	field(o, goals[rng_below(COUNT(goals))]);
	field(o, rng_below(3) ? "No preference" : "Yes");
	buf[0] = '\0';
	for (size_t k = rng_below(4); k > 0 && mentor_count; k--) {
		char e[96], num[32];
		snprintf(num, sizeof num, "%0*zu", number_width(mentor_count) & 31,
			 rng_below(mentor_count));
		snprintf(e, sizeof e, "%smentor.%.32s@example.org", buf[0] ? "; " : "", num);
		strncat(buf, e, sizeof buf - strlen(buf) - 1);
	}
	field(o, buf);
}

static void extended_header(struct out *o, int mentee)
{
	field(o, "skills");
	field(o, "utc offset");
	for (size_t k = 0; k < COUNT(slots); k++)
		field(o, slots[k]);
	if (mentee) {
		field(o, "goal");
		field(o, "same profession matters");
		field(o, "preferred mentors");
	} else {
		field(o, "mentors in");
	}
}

static void write_mentors(struct out *o, size_t count)
{
	for (size_t i = 0; i < COUNT(mentor_header); i++)
		field(o, mentor_header[i]);
	if (extended)
		extended_header(o, 0);
	end_line(o);
	int width = number_width(count);
	for (size_t i = 0; i < count; i++) {
		char num[32];
		const char *grade, *org, *prof;
		person_start(o, "mentor", i, width, MENTOR_GRADE_MIN,
			     MENTOR_GRADE_MAX, num, sizeof num, &grade, &org,
			     &prof);
		/* About half list nothing; the rest one to three distinct
		 * identities in random order. */
		char chars[256] = "";
		size_t n = rng_below(2) ? 1 + rng_below(3) : 0;
		size_t pick[NIDENT];
		for (size_t k = 0; k < NIDENT; k++)
			pick[k] = k;
		for (size_t k = 0; k < n; k++) {
			size_t r = k + rng_below(NIDENT - k);
			size_t t = pick[k];
			pick[k] = pick[r];
			pick[r] = t;
			if (k > 0)
				strcat(chars, ", ");
			strcat(chars, identities[pick[k]]);
		}
		field(o, chars);
		biography(o, "mentor", num, grade, org, prof, chars);
		if (extended)
			extended_fields(o, 0);
		end_line(o);
	}
}

static void write_mentees(struct out *o, size_t count)
{
	for (size_t i = 0; i < COUNT(mentee_header); i++)
		field(o, mentee_header[i]);
	if (extended)
		extended_header(o, 1);
	end_line(o);
	int width = number_width(count);
	for (size_t i = 0; i < count; i++) {
		char num[32];
		const char *grade, *org, *prof;
		person_start(o, "mentee", i, width, MENTEE_GRADE_MIN,
			     MENTEE_GRADE_MAX, num, sizeof num, &grade, &org,
			     &prof);
		field(o, rng_below(2) ? "yes" : "no");
		size_t id = rng_below(NIDENT + 1);   /* NIDENT: none */
		const char *ident = id < NIDENT ? identities[id] : "";
		field(o, ident);
		biography(o, "mentee", num, grade, org, prof, ident);
		if (extended)
			extended_fields(o, 1);
		end_line(o);
	}
}

/* ---- main ------------------------------------------------------------------ */

static void usage(void)
{
	fputs("usage: gen-sample --count N [--mentees M] --seed S --out DIR [--extended]\n"
	      "Writes DIR/mentors.csv (N rows) and DIR/mentees.csv (M rows,\n"
	      "default N) of invented participants; the same arguments give\n"
	      "the same files.\n", stderr);
}

static int parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	uintmax_t x = strtoumax(s, &end, 10);
	if (errno || *end || x > max)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

/* mkdir -p */
static int make_dir(const char *dir)
{
	char p[4096];
	size_t len = strlen(dir);
	if (len == 0 || len >= sizeof p)
		return -1;
	memcpy(p, dir, len + 1);
	for (size_t k = 1; k <= len; k++) {
		if (p[k] != '/' && p[k] != '\0')
			continue;
		char c = p[k];
		p[k] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "gen-sample: %s: %s\n", p, strerror(errno));
			return -1;
		}
		p[k] = c;
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gen-sample: %s: not a directory\n", dir);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t count = 0, mentees = 0, seed = 0;
	int have_count = 0, have_mentees = 0, have_seed = 0;
	const char *dir = NULL;
	const uint64_t max_count = 100000000;   /* fits the number widths */

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage();
			return 0;
		} else if (strcmp(a, "--extended") == 0) {
			extended = 1;
			continue;
		} else if (strcmp(a, "--count") == 0) {
			if (parse_u64(v, max_count, &count) < 0 || count == 0)
				goto bad;
			have_count = 1;
		} else if (strcmp(a, "--mentees") == 0) {
			if (parse_u64(v, max_count, &mentees) < 0)
				goto bad;
			have_mentees = 1;
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_u64(v, UINT64_MAX, &seed) < 0)
				goto bad;
			have_seed = 1;
		} else if (strcmp(a, "--out") == 0) {
			if (!v || !*v)
				goto bad;
			dir = v;
		} else {
			fprintf(stderr, "gen-sample: unknown argument: %s\n", a);
			usage();
			return 2;
		}
		i++;
		continue;
bad:
		fprintf(stderr, "gen-sample: %s needs a valid value\n", a);
		usage();
		return 2;
	}
	if (!have_count || !have_seed || !dir) {
		usage();
		return 2;
	}
	if (!have_mentees)
		mentees = count;

	if (make_dir(dir) < 0)
		return 1;
	rng_state = seed;
	mentor_count = (size_t)count;
	struct out o;
	if (out_open(&o, dir, "mentors.csv") < 0)
		return 1;
	write_mentors(&o, (size_t)count);
	if (out_close(&o) < 0)
		return 1;
	if (out_open(&o, dir, "mentees.csv") < 0)
		return 1;
	write_mentees(&o, (size_t)mentees);
	if (out_close(&o) < 0)
		return 1;
	return 0;
}
