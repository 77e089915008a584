/* fuzz_profile.c - libFuzzer harness for the profile reader and writer.
 *
 * The bytes (made a NUL-terminated string) are read with profile_load_string.
 * A failed load must report an error and leave the profile empty.  A profile
 * that loads must be well formed, copy (profile_copy) to an equal profile,
 * and round-trip: profile_write to memory, the text loads back without
 * errors, compares equal field by field, and writing it again gives the
 * same bytes.  Every written line stays within inih's limit, and every
 * diagnostic is valid one-line UTF-8.  The bytes are also written to a
 * scratch file ($TMPDIR or /tmp) and read with profile_load, which must give
 * the same result and messages as profile_load_string.
 *
 * Build and run: make fuzz (see the Makefile).
 */
#include "fuzz_common.h"

#include <ini.h>
#include <unistd.h>

#include "mentormatch/diag.h"
#include "mentormatch/profile.h"

#define INI_NAME "fuzz.ini"
#define INI_REWRITTEN "fuzz-written.ini"

static int prof_same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Compares two profiles (profile_equal: every setting, not the path). */
static int prof_equal(const struct profile *a, const struct profile *b, char *why, size_t len)
{
	return profile_equal(a, b, why, len);
}

/* What a profile that loaded must look like (config/README.md). */
static void prof_check_valid(const struct profile *p)
{
	size_t emails = 0, ids = 0;
	struct diag cd = { 0 };

	FUZZ_CHECK(p->name != NULL, "no name");
	FUZZ_CHECK(p->nfields > 0 && p->fields, "no fields");
	FUZZ_CHECK(p->columns[0] && p->columns[1], "no column arrays");
	FUZZ_CHECK(p->nrules <= 1000, "%zu rules", p->nrules);
	for (size_t i = 0; i < p->nfields; i++) {
		const struct field_def *f = &p->fields[i];
		FUZZ_CHECK(f->name && *f->name && f->label, "field %zu name/label", i);
		FUZZ_CHECK(strlen(f->name) <= 49 - 6, "field name '%s' too long", f->name);
		for (const char *c = f->name; *c; c++)
			FUZZ_CHECK((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				   (*c >= '0' && *c <= '9') || *c == '_', "field name '%s'", f->name);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(f->name, p->fields[j].name) != 0, "field %s twice", f->name);
		FUZZ_CHECK(f->type >= FIELD_TEXT && f->type < FIELD_TYPE_COUNT, "field type %d",
			   (int)f->type);
		emails += f->type == FIELD_EMAIL;
		ids += f->type == FIELD_ID;
		FUZZ_CHECK(f->type != FIELD_ORDINAL || f->nscale > 0, "ordinal %s without scale", f->name);
		FUZZ_CHECK(f->type == FIELD_ORDINAL || f->nscale == 0, "scale on non-ordinal %s", f->name);
		FUZZ_CHECK(f->type != FIELD_MULTI || (f->separator && *f->separator) ||
			   profile_numbered(p, SIDE_MENTOR, i) || profile_numbered(p, SIDE_MENTEE, i),
			   "multi %s without separator", f->name);
		for (size_t k = 0; k < f->nscale; k++)
			FUZZ_CHECK(f->scale[k] && *f->scale[k], "field %s empty scale value", f->name);
		FUZZ_CHECK(f->type == FIELD_MULTI || f->noptions == 0, "options on non-multi %s", f->name);
		FUZZ_CHECK((f->noptions == 0) == (f->options == NULL), "field %s options array", f->name);
		for (size_t k = 0; k < f->noptions; k++)
			FUZZ_CHECK(f->options[k] && *f->options[k], "field %s empty option", f->name);
		FUZZ_CHECK(f->naliases == 0 || f->type == FIELD_CATEGORY || f->type == FIELD_ORDINAL ||
			   f->type == FIELD_NUMBER, "aliases on field %s of type %d", f->name, (int)f->type);
		FUZZ_CHECK(f->nwildcards == 0 || f->type == FIELD_CATEGORY || f->type == FIELD_MULTI,
			   "wildcards on field %s of type %d", f->name, (int)f->type);
		FUZZ_CHECK((f->naliases == 0) == (f->aliases == NULL), "field %s aliases array", f->name);
		for (size_t k = 0; k < f->naliases; k++)
			FUZZ_CHECK(f->aliases[k].spelling && *f->aliases[k].spelling &&
				   f->aliases[k].value && *f->aliases[k].value,
				   "field %s alias %zu is empty", f->name, k);
		for (int s = 0; s < SIDE_COUNT; s++)
			FUZZ_CHECK(!p->columns[s][i] || *p->columns[s][i] ||
				   profile_column_at(p, (enum side)s, i) > 0,
				   "empty column header without a position");
	}
	FUZZ_CHECK(emails <= 1 && ids <= 1 && emails + ids >= 1, "%zu email and %zu id fields",
		   emails, ids);
	for (int s = 0; s < SIDE_COUNT; s++) {
		FUZZ_CHECK(p->delimiter[s] == 0 || p->delimiter[s] == ',' || p->delimiter[s] == ';' ||
			   p->delimiter[s] == '\t', "delimiter %d", p->delimiter[s]);
		FUZZ_CHECK(p->solve.capacity_field[s] < (long)p->nfields, "capacity field");
		FUZZ_CHECK(p->solve.capacity_field[s] < 0 ||
			   p->fields[p->solve.capacity_field[s]].type == FIELD_NUMBER,
			   "capacity field is not a number");
		FUZZ_CHECK(p->solve.capacity[s] == CAPACITY_UNSET ||
			   (p->solve.capacity[s] >= 0 && p->solve.capacity[s] <= 1000), "capacity");
	}
	FUZZ_CHECK(p->solve.rounds >= 1 && p->solve.rounds <= 9, "rounds %d", p->solve.rounds);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		FUZZ_CHECK(r->id && *r->id && r->label, "rule %zu id/label", i);
		if (r->kind == RULE_PREFERENCE)
			FUZZ_CHECK((r->mentor_field < p->nfields || r->mentor_field == RULE_NO_FIELD) &&
				   (r->mentee_field < p->nfields || r->mentee_field == RULE_NO_FIELD) &&
				   (r->mentor_field != RULE_NO_FIELD || r->mentee_field != RULE_NO_FIELD),
				   "preference rule %s fields", r->id);
		else
			FUZZ_CHECK(r->mentor_field < p->nfields && r->mentee_field < p->nfields,
				   "rule %s fields", r->id);
		FUZZ_CHECK(r->kind != RULE_GAP || r->nbands > 0, "gap rule %s without bands", r->id);
	}
	/* the checks of a profile in memory agree with the reader's */
	FUZZ_CHECK(profile_check(p, &cd) == 0, "profile_check finds %zu errors in a profile that "
		   "loaded: %s", diag_count(&cd, DIAG_ERROR), cd.n ? cd.items[0].msg : "");
	diag_free(&cd);
	for (size_t i = 0; i < p->noutput; i++) {
		FUZZ_CHECK(p->output_fields[i] < p->nfields, "output field %zu", i);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(p->output_fields[i] != p->output_fields[j], "output field twice");
	}
}

/* profile_write into a new string (NUL-terminated), length in *len. */
static char *prof_write_mem(const struct profile *p, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	FUZZ_CHECK(f != NULL, "open_memstream failed");
	FUZZ_CHECK(profile_write(p, f) == 0, "profile_write failed");
	fclose(f);
	FUZZ_CHECK(text != NULL, "no text written");
	return text;
}

/* Every line within inih's INI_MAX_LINE (newline included), no NUL byte. */
static void prof_check_text(const char *text, size_t len)
{
	size_t start = 0, lineno = 1;

	FUZZ_CHECK(strlen(text) == len, "the written profile contains a NUL byte");
	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			FUZZ_CHECK(i - start + 1 <= INI_MAX_LINE - 1,
				   "written line %zu is %zu bytes long", lineno, i - start + 1);
			start = i + 1;
			lineno++;
		}
	}
	FUZZ_CHECK(len == 0 || text[len - 1] == '\n', "the written profile does not end a line");
}

/* A scratch file for reading the bytes with profile_load too, removed at exit. */
static char prof_tmp[64];

static void prof_tmp_remove(void)
{
	if (prof_tmp[0])
		unlink(prof_tmp);
	prof_tmp[0] = '\0';
}

static const char *prof_tmp_path(void)
{
	if (!prof_tmp[0]) {
		const char *dir = getenv("TMPDIR");
		int fd;
		snprintf(prof_tmp, sizeof prof_tmp, "%s/mm-fuzz-XXXXXX.ini",
			 dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
		fd = mkstemps(prof_tmp, 4);
		FUZZ_CHECK(fd >= 0, "cannot create %s", prof_tmp);
		close(fd);
		atexit(prof_tmp_remove);
	}
	return prof_tmp;
}


/* The same diagnostics, message by message. */
static int prof_same_diag(const struct diag *a, const struct diag *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->items[i].level != b->items[i].level || a->items[i].line != b->items[i].line ||
		    !prof_same_str(a->items[i].msg, b->items[i].msg) ||
		    !prof_same_str(a->items[i].file, b->items[i].file))
			return 0;
	return 1;
}

static void fuzz_profile_one(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct profile p, q, c;
	struct diag d = { 0 };
	char why[256];
	const char *name = prof_tmp_path();
	int rc;

	FUZZ_CHECK(text != NULL, "out of memory");
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	rc = profile_load_string(&p, name, text, &d);
	fuzz_check_diag(&d, name);
	/* the file reader agrees with the string reader (for text without NUL
	 * bytes, which ends a string) */
	if (!memchr(data, '\0', size)) {
		struct profile pf;
		struct diag df = { 0 };
		FILE *f = fopen(name, "wb");
		int rcf;
		FUZZ_CHECK(f && fwrite(data, 1, size, f) == size && fclose(f) == 0,
			   "cannot write %s", name);
		rcf = profile_load(&pf, name, &df);
		fuzz_check_diag(&df, name);
		FUZZ_CHECK(rcf == rc, "profile_load gives %d, profile_load_string %d", rcf, rc);
		FUZZ_CHECK(prof_same_diag(&d, &df), "profile_load and profile_load_string report "
			   "differently (%zu and %zu messages)", df.n, d.n);
		if (rc == 0) {
			FUZZ_CHECK(pf.path && !strcmp(pf.path, name), "profile_load path");
			FUZZ_CHECK(prof_equal(&p, &pf, why, sizeof why),
				   "profile_load and profile_load_string differ: %s", why);
		}
		profile_free(&pf);
		diag_free(&df);
	}
	if (rc != 0) {
		static const struct profile empty;
		FUZZ_CHECK(diag_count(&d, DIAG_ERROR) > 0, "profile load failed without an error");
		FUZZ_CHECK(!memcmp(&p, &empty, sizeof p), "a failed load left data in the profile");
		diag_free(&d);
		free(text);
		return;
	}
	FUZZ_CHECK(diag_count(&d, DIAG_ERROR) == 0, "profile loaded but errors were reported");
	diag_free(&d);
	prof_check_valid(&p);

	FUZZ_CHECK(profile_copy(&c, &p) == 0, "profile_copy failed");
	FUZZ_CHECK(prof_equal(&p, &c, why, sizeof why), "copy differs: %s", why);
	profile_free(&c);

	{
		size_t len1, len2;
		char *w1 = prof_write_mem(&p, &len1), *w2;
		prof_check_text(w1, len1);
		rc = profile_load_string(&q, INI_REWRITTEN, w1, &d);
		fuzz_check_diag(&d, INI_REWRITTEN);
		if (rc != 0 || diag_count(&d, DIAG_ERROR) != 0) {
			char first[300] = "";
			if (d.n)
				diag_format(&d.items[0], first, sizeof first);
			FUZZ_CHECK(0, "the written profile does not load back: %s", first);
		}
		diag_free(&d);
		FUZZ_CHECK(prof_equal(&p, &q, why, sizeof why), "written and read back differs: %s", why);
		w2 = prof_write_mem(&q, &len2);
		FUZZ_CHECK(len1 == len2 && !memcmp(w1, w2, len1),
			   "writing the profile again gives different text");
		free(w1);
		free(w2);
		profile_free(&q);
	}
	profile_free(&p);
	free(text);
}

#ifndef FUZZ_REGRESSION_TEST
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_profile_one(data, size);
	return 0;
}
#endif
