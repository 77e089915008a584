/* scr_match.c - step 4: the solve settings, running the match, its summary.
 *
 * Top: the profile's solve settings in two columns (mode; rounds and the
 * unmatched bonus in rounds mode, the objective in capacity mode; the
 * lowest score a pair may have; the default capacity of each side).  j/k
 * move, Enter edits the highlighted setting (Space or Enter switches a
 * choice), + and - change a number.  Every change goes through
 * session_set_key, which checks it against the key table and drops the
 * result itself.
 *
 * m runs the match (ui_match_run) in a worker thread; see ui_wait_job for
 * what the screen does meanwhile.  The summary: each round's pairs and total
 * score (rounds mode) or the one exact solve's (capacity mode), and how many
 * mentors and mentees ended with 0, 1, 2 and 3 or more matches (the
 * original Mentor Matcher's summary table).
 */
#include "tui.h"
#include "mentormatch/profile_keys.h"

#include <pthread.h>
#include <signal.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentormatch/match.h"
#include "mentormatch/session.h"

/* ---- running the match in a worker thread ---------------------------------- */

struct job {
	struct session *s;        /* the worker's alone until done */
	struct diag d;            /* the worker's messages, merged after the join */
	atomic_int cancel, done;
	int rc;
	pthread_mutex_t mu;       /* guards the progress fields below */
	char what[128];           /* "round 2 of 3", "phase 4, 1234 pairs so far" */
	int preparing;            /* scoring the pairs, before the solve */
	/* fixed before the start, for the progress box */
	size_t nmentors, nmentees;
	int capacity_mode;
	int had_result;           /* a previous result stays when cancelled */
};

static void job_progress(void *arg, double fraction, const char *what)
{
	struct job *j = arg;
	(void)fraction;           /* rough: the text says more */
	pthread_mutex_lock(&j->mu);
	snprintf(j->what, sizeof j->what, "%s", what);
	j->preparing = 0;
	pthread_mutex_unlock(&j->mu);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct match_control ctl = { .cancel = &j->cancel, .progress = job_progress, .arg = j };
	if (!j->s->have_dataset) {
		pthread_mutex_lock(&j->mu);
		j->preparing = 1;
		pthread_mutex_unlock(&j->mu);
		if (session_prepare(j->s, &j->d) != 0) {
			j->rc = -1;
			atomic_store(&j->done, 1);
			return NULL;
		}
		pthread_mutex_lock(&j->mu);
		j->preparing = 0;
		pthread_mutex_unlock(&j->mu);
	}
	j->rc = session_match_ctl(j->s, &j->d, &ctl);
	atomic_store(&j->done, 1);
	return NULL;
}

static void job_describe(void *arg, double elapsed, int cancelling, char *buf, size_t len)
{
	struct job *j = arg;
	const char *dots = ui_utf8_locale() ? "…" : "...";
	char what[128];
	int preparing;
	pthread_mutex_lock(&j->mu);
	snprintf(what, sizeof what, "%s", j->what);
	preparing = j->preparing;
	pthread_mutex_unlock(&j->mu);
	if (preparing)
		snprintf(what, sizeof what, "scoring every pair");
	else if (!what[0])
		snprintf(what, sizeof what, "%s", j->capacity_mode ? "starting the exact solve" :
			 "starting");
	if (cancelling)
		snprintf(buf, len, "Cancelling%s\n%s\nelapsed %.1f s\n%s", dots, what, elapsed,
			 j->had_result ? "the previous results are kept" :
			 "(there were no previous results)");
	else
		snprintf(buf, len, "Matching%s %s\n%zu mentor%s, %zu mentee%s, %s\nelapsed %.1f s\n"
			 "press c or Esc to cancel", dots, what, j->nmentors, ui_s(j->nmentors),
			 j->nmentees, ui_s(j->nmentees),
			 j->capacity_mode ? "capacity mode: one exact solve" : "rounds mode",
			 elapsed);
}

/* Runs the job in a thread with the signals blocked (they go to the main
 * thread, whose poll notices them).  Returns 0, or -1 when no thread could
 * be started. */
static int job_start(struct job *j, pthread_t *tid)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(tid, NULL, job_run, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc == 0 ? 0 : -1;
}

static long result_total(const struct match_result *r)
{
	long t = 0;
	for (int i = 0; i < r->nrounds; i++)
		t += r->round_total[i];
	return t;
}

int ui_match_run(struct ui_app *app)
{
	struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile) {
		ui_status(app, UI_ROLE_ERROR, "no profile: load one on step 3 (Rules) first");
		return -1;
	}
	if (miss) {
		ui_status(app, UI_ROLE_ERROR, "choose %s on step 1 (Files) first", miss);
		return -1;
	}
	struct job *j = calloc(1, sizeof *j);
	if (!j) {
		ui_status(app, UI_ROLE_ERROR, "out of memory");
		return -1;
	}
	j->s = s;
	atomic_init(&j->cancel, 0);
	atomic_init(&j->done, 0);
	j->nmentors = s->tab[SIDE_MENTOR].nrows;
	j->nmentees = s->tab[SIDE_MENTEE].nrows;
	j->capacity_mode = s->prof.solve.mode == MODE_CAPACITY;
	j->had_result = s->have_result;
	pthread_mutex_init(&j->mu, NULL);

	pthread_t tid;
	double took = 0;
	if (job_start(j, &tid) == 0) {
		struct ui_job view = {
			.title = "Match", .describe = job_describe, .arg = j,
			.done = &j->done, .cancel = &j->cancel,
		};
		took = ui_wait_job(app, &view);
		pthread_join(tid, NULL);
	} else {
		job_run(j);        /* no thread: run here, without the progress box */
	}
	pthread_mutex_destroy(&j->mu);
	app->match_diag_from = app->d->n;
	/* a pin's warning comes back with every match: said once */
	diag_append_new(app->d, &j->d);
	app->match_diag_to = app->d->n;
	size_t warnings = diag_count(&j->d, DIAG_WARNING);
	diag_free(&j->d);
	int rc = j->rc;
	/* a cancel that came after the solve had finished */
	int late_cancel = rc == 0 && atomic_load(&j->cancel);
	free(j);

	ui_changed(app);
	char secs[32] = "";
	if (took >= 1.0)
		snprintf(secs, sizeof secs, " (%.1f s)", took);
	if (rc == 0 && s->have_result) {
		app->results_saved = 0;
		char warn[160] = "";
		if (warnings)
			snprintf(warn, sizeof warn, "; %zu warning%s (e)", warnings,
				 warnings == 1 ? "" : "s");
		if (late_cancel) {
			size_t at = strlen(warn);
			snprintf(warn + at, sizeof warn - at, "; it finished before it could be "
				 "cancelled");
		}
		if (s->prof.solve.mode == MODE_CAPACITY)
			ui_status(app, warnings ? UI_ROLE_WARNING : UI_ROLE_NOTE, "match done: %zu "
				  "pair%s, total score %ld, in one exact solve%s%s", s->res.npairs,
				  ui_s(s->res.npairs),
				  result_total(&s->res), secs, warn);
		else
			ui_status(app, warnings ? UI_ROLE_WARNING : UI_ROLE_NOTE, "match done: %zu "
				  "pair%s in %d round%s%s%s", s->res.npairs, ui_s(s->res.npairs),
				  s->res.nrounds,
				  s->res.nrounds == 1 ? "" : "s", secs, warn);
		ui_whatif_after_match(app);
		return 0;
	} else if (rc == -2) {
		ui_status(app, UI_ROLE_NOTE, s->have_result ?
			  "match cancelled; the previous results are kept" :
			  "match cancelled; there is no result yet (press m to run it)");
		return -2;
	}
	/* rc == -1: the messages say why (announced after this event) */
	return -1;
}

/* ---- the settings ------------------------------------------------------------ */

/* The settings are [solve] keys of the profile (profile_keys.def): their
 * labels, limits and help come from the key table, and a change goes
 * through session_set_key (checked as in a profile file; the result is
 * dropped until m runs the match again). */
typedef enum profile_key setting;

/* The settings shown, in the order j/k moves through them; the first
 * *left go in the left column.  Returns how many. */
static int settings_list(const struct profile *p, setting *out, int *left)
{
	int n = 0;
	out[n++] = PK_SOLVE_MODE;
	if (p->solve.mode == MODE_CAPACITY) {
		out[n++] = PK_SOLVE_OBJECTIVE;
		out[n++] = PK_SOLVE_MENTOR_MIN;
	} else {
		out[n++] = PK_SOLVE_ROUNDS;
		out[n++] = PK_SOLVE_UNMATCHED_BONUS;
	}
	*left = n;
	out[n++] = PK_SOLVE_MIN_SCORE;
	out[n++] = PK_SOLVE_MENTOR_CAPACITY;
	out[n++] = PK_SOLVE_MENTEE_CAPACITY;
	return n;
}

/* This step's state, owned by the app (ui_step_state). */
struct match_state {
	setting sel;
	setting editing;      /* what the open input edits */
	/* people with no allowed partner, counted once per session change */
	unsigned long lonely_gen;
	int lonely_valid;
	size_t lonely_m, lonely_e;
};
#define ST ((struct match_state *)ui_step_state(UI_STEP_MATCH))

static void match_state_init(void *state)
{
	struct match_state init = { PK_SOLVE_MODE, PK_SOLVE_MODE, 0, 0, 0, 0 };
	*(struct match_state *)state = init;
}

static const char *setting_label(setting k)
{
	return profile_keys[k].label;
}

static int is_capacity_key(setting k)
{
	return k == PK_SOLVE_MENTOR_CAPACITY || k == PK_SOLVE_MENTEE_CAPACITY;
}

/* The header of the column that gives each person of side their own
 * capacity (the profile's capacity field, mapped on that side), or NULL. */
static const char *capacity_column(const struct profile *p, enum side side)
{
	long f = p->solve.capacity_field[side];
	if (f < 0 || (size_t)f >= p->nfields || !p->columns[side] || !p->columns[side][f] ||
	    !*p->columns[side][f])
		return NULL;
	return p->columns[side][f];
}

/* The value of a setting as shown, in at most width cells when it can be
 * said shorter: a capacity taken from a column is "from column H; blank: D"
 * when that fits, else H (to be cut) in buf and ", else D" in tail (tlen
 * bytes; "" for every other value). */
static void setting_value(const struct profile *p, setting k, char *buf, size_t len,
			  char *tail, size_t tlen, int width)
{
	profile_key_get_text(p, k, 0, buf, len);
	tail[0] = '\0';
	if (!is_capacity_key(k))
		return;
	enum side side = k == PK_SOLVE_MENTOR_CAPACITY ? SIDE_MENTOR : SIDE_MENTEE;
	long def = solve_default_capacity(&p->solve, side);
	const char *col = capacity_column(p, side);
	if (!col) {
		if (p->solve.capacity[side] == CAPACITY_UNSET)
			snprintf(buf, len, "default (%ld)", def);
		return;
	}
	snprintf(buf, len, "from column %s; blank: %ld", col, def);
	if (ui_text_width(buf) <= width)
		return;
	snprintf(buf, len, "column %s, else %ld", col, def);
	if (ui_text_width(buf) <= width)
		return;
	snprintf(buf, len, "%s", col);
	snprintf(tail, tlen, ", else %ld", def);
}

/* One line about the highlighted setting: its help, and how to change it. */
static void setting_help(const struct profile *p, setting k, char *buf, size_t len)
{
	const struct profile_key_info *ki = &profile_keys[k];
	if (ki->value == KV_WORD) {
		/* the help's part about the current word ("capacity: ...") */
		char now[64];
		const char *h = ki->help, *seg;
		int w = 0;
		profile_key_get_text(p, k, 0, now, sizeof now);
		while (ki->words[w] && strcasecmp(ki->words[w], now) != 0)
			w++;
		seg = strstr(h, now);
		if (seg && seg[strlen(now)] == ':') {
			const char *end = strchr(seg, ';');
			size_t n = end ? (size_t)(end - seg) : strlen(seg);
			snprintf(buf, len, "%c%.*s. Space: %s", toupper((unsigned char)seg[0]),
				 (int)n - 1, seg + 1, ki->words[w] && ki->words[w + 1] ?
				 ki->words[w + 1] : ki->words[0]);
		} else {
			snprintf(buf, len, "%s. Space: switch", h);
		}
		return;
	}
	if (is_capacity_key(k)) {
		enum side side = k == PK_SOLVE_MENTOR_CAPACITY ? SIDE_MENTOR : SIDE_MENTEE;
		long f = p->solve.capacity_field[side];
		const char *who = side == SIDE_MENTOR ? "mentees a mentor" : "mentors a mentee";
		const char *col = capacity_column(p, side);
		if (col)
			snprintf(buf, len, "%ld when blank, else the capacity in column %s. Enter, + "
				 "or - change the %ld.", solve_default_capacity(&p->solve, side), col,
				 solve_default_capacity(&p->solve, side));
		else if (f >= 0 && (size_t)f < p->nfields)
			snprintf(buf, len, "Most %s may have (%s is not mapped to a column of the "
				 "%s file), 0-%ld. Enter, + or -.", who, p->fields[f].label ?
				 p->fields[f].label : p->fields[f].name, profile_side_name(side), ki->hi);
		else
			snprintf(buf, len, "Most %s may have, 0-%ld (default: %s). Enter, + or -.",
				 who, ki->hi, p->solve.mode == MODE_CAPACITY ? "1" : "1 a round");
		return;
	}
	snprintf(buf, len, "%c%s. Enter, + or -.", toupper((unsigned char)ki->help[0]), ki->help + 1);
}

static void changed_note(struct ui_app *app, setting k)
{
	char v[300], tail[40];
	setting_value(&app->s->prof, k, v, sizeof v, tail, sizeof tail, COLS / 2);
	ui_changed(app);
	ui_status(app, UI_ROLE_NOTE, "%s: %s%s%s", setting_label(k), v, tail,
		  app->s->have_table[SIDE_MENTOR] && app->s->have_table[SIDE_MENTEE] ?
		  "; press m to run the match" : "");
}

static void set_setting(struct ui_app *app, setting k, const char *text)
{
	char err[400];
	if (session_set_key(app->s, k, 0, text, err, sizeof err) < 0) {
		ui_status(app, UI_ROLE_ERROR, "%s", err);
		return;
	}
	changed_note(app, k);
}

/* A word setting takes its next word. */
static void switch_choice(struct ui_app *app, setting k)
{
	const struct profile_key_info *ki = &profile_keys[k];
	char now[64];
	int w;
	if (ki->value != KV_WORD)
		return;
	profile_key_get_text(&app->s->prof, k, 0, now, sizeof now);
	for (w = 0; ki->words[w] && strcasecmp(ki->words[w], now) != 0; w++)
		;
	set_setting(app, k, ki->words[w] && ki->words[w + 1] ? ki->words[w + 1] : ki->words[0]);
}

static void number_entered(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text || !app->s->have_profile)
		return;
	/* empty: the setting's word (none, default) */
	while (*text == ' ')
		text++;
	if (!*text && profile_keys[ST->editing].value == KV_INT_WORD)
		text = profile_keys[ST->editing].words[0];
	set_setting(app, ST->editing, text);
}

static void edit_setting(struct ui_app *app, setting k)
{
	const struct profile *p = &app->s->prof;
	const struct profile_key_info *ki = &profile_keys[k];
	char initial[64], prompt[300];
	struct ui_input_spec in = { .title = "Change", .done = number_entered,
				    .prompt = prompt, .initial = initial,
				    .select_initial = 1 };
	if (ki->value == KV_WORD) {
		switch_choice(app, k);
		return;
	}
	ST->editing = k;
	profile_key_get_text(p, k, 0, initial, sizeof initial);
	if (ki->value == KV_INT_WORD)
		snprintf(prompt, sizeof prompt, "%s (%ld to %ld, or %s):", ki->label, ki->lo, ki->hi,
			 ki->words[0]);
	else
		snprintf(prompt, sizeof prompt, "%s (%ld to %ld):", ki->label, ki->lo, ki->hi);
	in.help = ki->help;
	ui_input(app, &in);
}

static void step_setting(struct ui_app *app, setting k, int delta)
{
	const struct profile_key_info *ki = &profile_keys[k];
	const struct solve_settings *sv = &app->s->prof.solve;
	char now[64], next[64];
	long v;
	if (ki->value == KV_WORD) {
		switch_choice(app, k);
		return;
	}
	profile_key_get_text(&app->s->prof, k, 0, now, sizeof now);
	if (ui_parse_long(now, LONG_MIN / 2, LONG_MAX / 2, &v) != 0) {
		/* from the word: none steps to 0, default to its value */
		v = is_capacity_key(k) ? solve_default_capacity(sv, k == PK_SOLVE_MENTOR_CAPACITY ?
								 SIDE_MENTOR : SIDE_MENTEE) : 0;
		delta = is_capacity_key(k) ? delta : 0;
	}
	if (v + delta < ki->lo || v + delta > ki->hi) {
		ui_status(app, UI_ROLE_WARNING, "%s goes from %ld to %ld%s%s", ki->label, ki->lo,
			  ki->hi, ki->value == KV_INT_WORD ? " (or " : "",
			  ki->value == KV_INT_WORD ? ki->words[0] : "");
		return;
	}
	snprintf(next, sizeof next, "%ld", v + delta);
	set_setting(app, k, next);
}

/* ---- drawing ------------------------------------------------------------------ */


static int rules_on(const struct profile *p)
{
	int n = 0;
	for (size_t r = 0; r < p->nrules; r++)
		n += p->rules[r].enabled != 0;
	return n;
}

/* People with no allowed partner at all; *mentees is (size_t)-1 when it
 * could not be counted (out of memory).  Counted once per change. */
static void lonely(const struct ui_app *app, size_t *mentors, size_t *mentees)
{
	const struct edges *e = &app->s->edges;
	if (ST->lonely_valid && ST->lonely_gen == app->gen) {
		*mentors = ST->lonely_m;
		*mentees = ST->lonely_e;
		return;
	}
	*mentors = *mentees = 0;
	for (size_t i = 0; i < e->nmentors; i++)
		if (e->start[i] == e->start[i + 1])
			(*mentors)++;
	unsigned char *seen = calloc(e->nmentees ? e->nmentees : 1, 1);
	if (!seen) {
		*mentees = (size_t)-1;
		return;
	}
	for (size_t k = 0; k < e->start[e->nmentors]; k++)
		seen[e->mentee[k]] = 1;
	for (size_t j = 0; j < e->nmentees; j++)
		*mentees += !seen[j];
	free(seen);
	ST->lonely_valid = 1;
	ST->lonely_gen = app->gen;
	ST->lonely_m = *mentors;
	ST->lonely_e = *mentees;
}

/* The settings block: 3 lines in two columns. */
static void draw_settings(const struct profile *p, int y, int w)
{
	setting list[8];
	int left, n = settings_list(p, list, &left);
	int colw = (w - 2) / 2, lw = colw - 12 < 16 ? colw - 12 : 16;
	if (lw < 6)
		lw = 6;
	for (int i = 0; i < n; i++) {
		int col = i < left ? 0 : 1, row = i < left ? i : i - left;
		int x = 1 + col * (colw + 1);
		int cur = list[i] == ST->sel;
		attr_t a = ui_attr(cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL);
		char v[300], tail[40];
		int vw = colw - lw - 2;
		setting_value(p, list[i], v, sizeof v, tail, sizeof tail, vw);
		if (cur)
			ui_fill(y + row, x - 1, colw + 1, a);
		ui_text(y + row, x, lw, cur ? a : ui_attr(UI_ROLE_DIM), setting_label(list[i]), 0);
		int tw = ui_text_width(tail);     /* the default stays; the column is cut */
		int used = ui_text(y + row, x + lw + 1, vw - tw > 4 ? vw - tw : vw, a, v, 0);
		if (tw && vw - used >= tw)
			ui_text(y + row, x + lw + 1 + used, tw, a, tail, 0);
	}
}

/* The 0/1/2/3+ table: 3 lines. */
static void draw_histogram(const struct match_result *r, int y, int c0)
{
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING);
	size_t hist[SIDE_COUNT][4];
	unsigned most = 0;
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t np = side == SIDE_MENTOR ? r->nmentors : r->nmentees;
		match_histogram(r, (enum side)side, hist[side], 4);
		for (size_t i = 0; r->count[side] && i < np; i++)
			if (r->count[side][i] > most)
				most = r->count[side][i];
	}
	int lw = 16, nw = 8;
	ui_text(y, c0, lw, hd, "Matches", 0);
	for (int k = 0; k < 4; k++)
		ui_textf(y, c0 + lw + k * nw, nw, hd, UI_RIGHT, "%d%s", k,
			 k == 3 && (r->nrounds > 3 || most > 3) ? "+" : "");
	ui_text(y, c0 + lw + 4 * nw, nw + 2, hd, "People", UI_RIGHT);
	y++;
	for (int side = 0; side < SIDE_COUNT; side++) {
		size_t total = 0;
		ui_text(y, c0, lw, n, side == SIDE_MENTOR ? "Mentors" : "Mentees", 0);
		for (int k = 0; k < 4; k++) {
			ui_textf(y, c0 + lw + k * nw, nw, k == 0 && hist[side][0] ?
				 ui_attr(UI_ROLE_WARNING) : n, UI_RIGHT, "%zu", hist[side][k]);
			total += hist[side][k];
		}
		ui_textf(y, c0 + lw + 4 * nw, nw + 2, n, UI_RIGHT, "%zu", total);
		y++;
	}
}

static void match_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile) {
		ui_draw_empty(b, "No profile loaded",
			      "Load a profile on step 3 (Rules) with l.");
		return;
	}
	const struct profile *p = &s->prof;
	int capacity = p->solve.mode == MODE_CAPACITY;
	int y = b.y, w = b.w - 2, bottom = b.y + b.h;
	attr_t n = ui_attr(UI_ROLE_NORMAL), hd = ui_attr(UI_ROLE_HEADING),
	       dim = ui_attr(UI_ROLE_DIM);
	char problems[600];
	size_t skipped = 0;
	ui_load_problems(app, problems, sizeof problems, &skipped);

	/* what must show, and what is added while there is room */
	int rounds = s->have_result ? s->res.nrounds : 0;
	int table_h = !s->have_result ? 4 : capacity ? 1 : rounds + 2;
	int hist_h = s->have_result ? 3 : 0;
	int need = 3 + 1 + (skipped ? 1 : 0) + table_h + hist_h;
	int spare = b.h - need;
	int show_help = spare-- > 0;
	int show_pairs = s->have_dataset && spare-- > 0;
	int gap1 = spare-- > 0, gap2 = spare-- > 0;
	int show_last = s->have_result && spare-- > 0;
	int gap3 = s->have_result && spare-- > 0;

	draw_settings(p, y, b.w);
	y += 3;
	if (show_help) {
		char help[400];
		setting_help(p, ST->sel, help, sizeof help);
		ui_text(y++, 1, w, dim, help, 0);
	}
	y += gap1;
	if (miss) {
		char l1[200], l2[300];
		snprintf(l1, sizeof l1, "Missing: %s", miss);
		snprintf(l2, sizeof l2, "The match needs both files: choose %s on step 1 "
			 "(Files), check the columns on step 2, then come back and press m.",
			 miss);
		ui_draw_empty((struct ui_rect){ y - 1, b.x, bottom - y + 1, b.w }, l1, l2);
		return;
	}

	{
		/* the people the match sees: once the data is read, a sign-up
		 * repeated later in a file is one person (as in the table below) */
		size_t np[SIDE_COUNT], dups = 0;
		char left[80] = "";
		for (int side = 0; side < SIDE_COUNT; side++) {
			np[side] = s->ds_valid ? s->ds.side[side].n : s->tab[side].nrows;
			dups += s->ds_valid ? s->ds.side[side].ndup : 0;
		}
		if (dups)
			snprintf(left, sizeof left, " (%zu repeated sign-up%s left out)", dups,
				 ui_s(dups));
		if (s->ds_valid)
			ui_textf(y++, 1, w, n, 0, "%zu mentor%s, %zu mentee%s%s.  Rules on: %d of "
				 "%zu.", np[SIDE_MENTOR], ui_s(np[SIDE_MENTOR]), np[SIDE_MENTEE],
				 ui_s(np[SIDE_MENTEE]), left, rules_on(p), p->nrules);
		else    /* not read yet: rows, which may hold a sign-up twice */
			ui_textf(y++, 1, w, n, 0, "%zu mentor row%s, %zu mentee row%s.  Rules on: "
				 "%d of %zu.", np[SIDE_MENTOR], ui_s(np[SIDE_MENTOR]), np[SIDE_MENTEE],
				 ui_s(np[SIDE_MENTEE]), rules_on(p), p->nrules);
	}
	if (show_pairs) {
		size_t lm, le;
		lonely(app, &lm, &le);
		if (le == (size_t)-1)
			ui_textf(y++, 1, w, n, 0, "Allowed pairs: %zu.  Mentors with no allowed "
				 "mentee: %zu.", s->edges.start[s->edges.nmentors], lm);
		else
			ui_textf(y++, 1, w, n, 0, "Allowed pairs: %zu.  With no allowed partner: "
				 "%zu mentor%s, %zu mentee%s.", s->edges.start[s->edges.nmentors],
				 lm, ui_s(lm), le, ui_s(le));
	}
	if (skipped)
		ui_textf(y++, 1, w, ui_attr(UI_ROLE_WARNING), 0, "%s: missing from the match",
			 problems);
	y += gap2;
	if (!s->have_result) {
		ui_text(y++, 1, w, hd, "No match yet", 0);
		y++;
		y += ui_text_wrapped(y, 1, w, bottom - y, 0, n, "Press m to run the match with the "
			       "current columns, rules and settings.");
		ui_text_wrapped(y, 1, w, bottom - y, 0, dim, "With a result, a rule changed on step 3 "
			  "runs the match again at once; a column (step 2) or a setting changed "
			  "here clears the result until m runs it again.");
		return;
	}

	const struct match_result *r = &s->res;
	int c0 = 2, cw = 10;
	size_t all_pairs = 0;
	long all_total = result_total(r);
	for (int i = 0; i < r->nrounds; i++)
		all_pairs += r->round_pairs[i];
	if (capacity) {
		const char *obj = p->solve.objective == OBJECTIVE_COVERAGE ? "coverage" : "quality";
		char line[200];
		snprintf(line, sizeof line, "1 exact solve (objective %s): %zu pair%s, total "
			 "score %ld", obj, all_pairs, ui_s(all_pairs), all_total);
		if (ui_text_width(line) > w)    /* narrow: the numbers matter most */
			snprintf(line, sizeof line, "1 solve (%s): %zu pair%s, score %ld", obj,
				 all_pairs, ui_s(all_pairs), all_total);
		ui_text(y++, 1, w, hd, line, 0);
	} else {
		ui_text(y, c0, 8, hd, "Round", 0);
		ui_text(y, c0 + 8, cw, hd, "Pairs", UI_RIGHT);
		ui_text(y, c0 + 8 + cw, cw + 4, hd, "Total score", UI_RIGHT);
		y++;
		/* room for the rounds: keep the total and the 0/1/2/3 table visible */
		int room = bottom - y - (1 + gap3 + hist_h);
		if (room < 1)
			room = 1;
		for (int i = 0; i < r->nrounds; i++) {
			if (i == room - 1 && i + 1 < r->nrounds) {
				ui_textf(y++, c0, w - c0, dim, 0,
					 "... rounds %d-%d: enlarge the window", i + 1, r->nrounds);
				break;
			}
			ui_textf(y, c0, 8, n, 0, "%d", i + 1);
			ui_textf(y, c0 + 8, cw, n, UI_RIGHT, "%zu", r->round_pairs[i]);
			ui_textf(y, c0 + 8 + cw, cw + 4, n, UI_RIGHT, "%ld", r->round_total[i]);
			y++;
		}
		ui_text(y, c0, 8, hd, "All", 0);
		ui_textf(y, c0 + 8, cw, hd, UI_RIGHT, "%zu", all_pairs);
		ui_textf(y, c0 + 8 + cw, cw + 4, hd, UI_RIGHT, "%ld", all_total);
		y++;
	}
	y += gap3;
	if (y + 3 <= bottom)
		draw_histogram(r, y, c0);
	y += 3;
	if (show_last && y < bottom) {
		char last[200];
		snprintf(last, sizeof last, "%zu pair%s. u: summary; step 5: why each pair; "
			 "step 6: save.", r->npairs, ui_s(r->npairs));
		ui_text_wrapped(y, 1, w, bottom - y, 0, dim, last);
	}
}

static int match_handle(struct ui_app *app, enum ui_action act, int key)
{
	(void)key;
	if (act == UI_ACT_RUN_MATCH) {
		ui_match_run(app);
		return UI_HANDLED;
	}
	if (!app->s->have_profile)
		return UI_IGNORED;
	setting list[8];
	int left, n = settings_list(&app->s->prof, list, &left), at = 0;
	for (int i = 0; i < n; i++)
		if (list[i] == ST->sel)
			at = i;
	ST->sel = list[at];
	switch (act) {
	case UI_ACT_UP:
		if (at > 0)
			ST->sel = list[at - 1];
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (at + 1 < n)
			ST->sel = list[at + 1];
		return UI_HANDLED;
	case UI_ACT_HOME:
		ST->sel = list[0];
		return UI_HANDLED;
	case UI_ACT_END:
		ST->sel = list[n - 1];
		return UI_HANDLED;
	case UI_ACT_LEFT:
		if (at >= left)
			ST->sel = list[at - left < left ? at - left : left - 1];
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		if (at < left)
			ST->sel = list[left + at < n ? left + at : n - 1];
		return UI_HANDLED;
	case UI_ACT_SELECT:
		edit_setting(app, ST->sel);
		return UI_HANDLED;
	case UI_ACT_TOGGLE:
		if (profile_keys[ST->sel].value == KV_WORD)
			switch_choice(app, ST->sel);
		else
			ui_status(app, UI_ROLE_NOTE, "Space switches the mode or the objective; "
				  "Enter, + or - change a number");
		return UI_HANDLED;
	case UI_ACT_INCREASE:
	case UI_ACT_DECREASE:
		step_setting(app, ST->sel, act == UI_ACT_INCREASE ? 1 : -1);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void match_enter(struct ui_app *app)
{
	(void)app;
	ST->lonely_valid = 0;
}

static const struct ui_hint match_hints[] = {
	{ UI_ACT_RUN_MATCH, "run the match" },
	{ UI_ACT_SELECT, "edit" },
	{ UI_ACT_INCREASE, NULL },
	{ UI_ACT_SUMMARY, NULL },
	{ UI_ACT_UP, NULL },
	{ UI_ACT_SAVE_RESULTS, "go to save" },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_match = {
	.state_size = sizeof(struct match_state),
	.state_init = match_state_init,
	.name = "Match",
	.title = "Match: how to pair people, and the result",
	.enter = match_enter,
	.leave = NULL,
	.draw = match_draw,
	.handle = match_handle,
	.hints = match_hints,
};
