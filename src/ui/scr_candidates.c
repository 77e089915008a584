/* scr_candidates.c - step 5: review the match, person by person.
 *
 * Left: the people of one side (t switches mentors/mentees) with their
 * matches.  / searches both sides by name or email: the shown side's people
 * first, then, under a divider, the other side's; Esc clears it and keeps
 * the highlighted person (on their own side's list).  F lists only the
 * people without a match, or with a pair in the result scoring below a
 * number (Esc: everyone).  n and N go to the next and previous person whose
 * name or email holds the latest search text; in the candidates' list, /
 * finds a candidate and n and N go on from there.
 *
 * Right, for the highlighted person: who they are (name, email, the
 * profile's output fields, matches and capacity), then every counterpart
 * ranked best first (rank_candidates): the score, its share of the best
 * score this person could reach, '*' and the round for a pair in the
 * result, [pinned] / [banned], and for a pair that is not allowed the rule
 * that forbids it (a pair pinned against a rule: its score, which counts in
 * the total, and "despite:" the rule).  S sorts by score or by name, f
 * lists all or the allowed only.  < and > (or Enter, Backspace) move between the two lists; Enter on
 * a candidate opens that person's own list, and Backspace goes back to the
 * list it came from (one level).  Esc clears a search and keeps the
 * highlighted person when they are in the whole list.
 *
 * Bottom: the highlighted pair's score rule by rule (score_pair +
 * score_describe); for a person without a match, why (explain_unmatched).
 *
 * p pins the highlighted pair (it must be in the result), b bans it (it
 * must not be); the same key again clears it.  With a result the match runs
 * again at once (ui_resolve) and the bottom right shows what changed.
 * P loads a pins file.
 *
 * Speed: the folded names and emails (search, sort by name), the best
 * scores, the filtered people and one person's ranked candidates are each
 * built once per change (app->gen) or per person, never while drawing, so
 * that moving through 10000 people stays within a frame.
 */
#include "tui.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "mentormatch/explain.h"
#include "mentormatch/pins.h"
#include "mentormatch/rank.h"
#include "mentormatch/score.h"
#include "mentormatch/session.h"

#define WHY_MAX 6

enum { PF_ALL, PF_UNMATCHED, PF_BELOW };

/* One line of the people list. */
struct entry {
	uint32_t person;
	unsigned char side;
};

/* Folded (lower-case) names, identities (an id, else the email) and, when
 * the identity is an id, e-mail addresses of one side. */
struct fold_index {
	char **name, **email, **contact;
	size_t n;
};

/* This step's state, owned by the app (ui_step_state). */
struct candidates_state {
	int side;                 /* the side listed (first, when searching) */
	int focus;                /* 0: people, 1: candidates */
	size_t sel, top;          /* sel: in people[]; top: a display row */
	size_t csel, ctop;        /* in the candidate view */
	int page, cpage;
	int by_name;              /* candidates sorted by name */
	int allowed_only;         /* candidates: only the allowed (and assigned, pinned) */
	char filter[512], filter_before[512];
	struct entry before;      /* highlighted when the search opened */
	/* F: only the people without a match (PF_UNMATCHED) or with a pair in
	 * the result scoring below pf_below (PF_BELOW); PF_ALL: everyone */
	int pf;
	long pf_below;
	/* the latest search text (people or candidates), for n and N */
	char last_search[512];
	size_t csel_before;       /* candidate highlighted when / opened there */
	/* the people listed: people of ST->side first (nfirst of them), then,
	 * when searching, the other side's; rebuilt when the key changes */
	struct entry *people;
	size_t npeople, nfirst;
	unsigned long people_gen;
	int people_side;
	char people_filter[512];
	int people_pf;
	long people_pf_below;
	int people_valid;
	/* folded names and emails, per change */
	struct fold_index idx[SIDE_COUNT];
	unsigned long idx_gen;
	int idx_valid;
	/* each person's best score, per change */
	struct explain_best best;
	unsigned long best_gen;
	int best_valid;
	/* the candidates of one person, in rank order, and the view */
	struct candidate *cand;
	size_t ncand, nallowed;
	size_t *view, nview;
	unsigned long cand_gen;
	int cand_side, cand_by_name, cand_allowed_only;
	size_t cand_person;
	int cand_valid;
	/* why that person has no match */
	char why[WHY_MAX][EXPLAIN_LINE_MAX];
	size_t nwhy;
	/* Enter on a candidate opens their list; Backspace goes back to the
	 * list it came from (one level) */
	struct {
		int valid, side, focus;
		char filter[512];
		struct entry who;         /* the person whose list it was */
		size_t top;
		uint32_t cand;            /* the candidate Enter was pressed on */
	} back;
	/* the person the last pin or ban was set on: the what-if shows there */
	int wi_set, wi_side;
	size_t wi_person;
	unsigned long wi_gen;     /* app->gen after that match */
};
#define ST ((struct candidates_state *)ui_step_state(UI_STEP_CANDIDATES))

static const char *side_word(int side, int capital, int plural)
{
	static const char *const w[2][2][2] = {
		{ { "mentor", "mentors" }, { "Mentor", "Mentors" } },
		{ { "mentee", "mentees" }, { "Mentee", "Mentees" } },
	};
	return w[side][capital != 0][plural != 0];
}

/* ---- caches ------------------------------------------------------------------- */

static char *fold_dup(const char *s)
{
	wchar_t w[512];
	char out[2048];
	size_t n = ui_utf8_to_wcs(s, w, sizeof w / sizeof w[0]);
	for (size_t i = 0; i < n; i++) {
		if (w[i] < 0x80)
			w[i] = (w[i] >= 'A' && w[i] <= 'Z') ? w[i] + ('a' - 'A') : w[i];
		else if (ui_utf8_locale())
			w[i] = (wchar_t)towlower((wint_t)w[i]);
	}
	ui_wcs_to_utf8(w, n, out, sizeof out);
	return strdup(out);
}

static void index_free(void)
{
	for (int side = 0; side < SIDE_COUNT; side++) {
		struct fold_index *x = &ST->idx[side];
		for (size_t i = 0; i < x->n; i++) {
			free(x->name[i]);
			free(x->email[i]);
			if (x->contact)
				free(x->contact[i]);
		}
		free(x->name);
		free(x->email);
		free(x->contact);
		memset(x, 0, sizeof *x);
	}
	ST->idx_valid = 0;
}

/* Returns 1 when ST->idx is usable. */
static int index_ensure(const struct ui_app *app)
{
	if (ST->idx_valid && ST->idx_gen == app->gen)
		return 1;
	index_free();
	const struct dataset *ds = &app->s->ds;
	for (int side = 0; side < SIDE_COUNT; side++) {
		struct fold_index *x = &ST->idx[side];
		size_t n = ds->side[side].n;
		x->name = calloc(n ? n : 1, sizeof *x->name);
		x->email = calloc(n ? n : 1, sizeof *x->email);
		x->contact = calloc(n ? n : 1, sizeof *x->contact);
		if (!x->name || !x->email || !x->contact) {
			free(x->name);
			free(x->email);
			free(x->contact);
			x->name = x->email = x->contact = NULL;
			index_free();
			return 0;
		}
		x->n = n;
		for (size_t i = 0; i < n; i++) {
			char name[512];
			dataset_name(ds, (enum side)side, i, name, sizeof name);
			x->name[i] = fold_dup(name);
			x->email[i] = fold_dup(dataset_identity(ds, (enum side)side, i));
			x->contact[i] = fold_dup(dataset_contact_email(ds, (enum side)side, i));
			if (!x->name[i] || !x->email[i] || !x->contact[i]) {
				index_free();
				return 0;
			}
		}
	}
	ST->idx_valid = 1;
	ST->idx_gen = app->gen;
	return 1;
}

static const struct explain_best *best_ensure(const struct ui_app *app)
{
	if (ST->best_valid && ST->best_gen == app->gen)
		return &ST->best;
	explain_best_free(&ST->best);
	ST->best_valid = explain_best_build(&app->s->edges, &ST->best) == 0;
	ST->best_gen = app->gen;
	return ST->best_valid ? &ST->best : NULL;
}

/* The lowest rule score (without the unmatched bonus) of each person's
 * pairs in the result, LONG_MAX for none: malloc'ed per side, NULL when
 * there is no result (or no memory). */
static long *lowest_pair_scores(const struct session *s, int side)
{
	size_t n = s->ds.side[side].n;
	long *low;
	if (!s->have_result || !(low = malloc((n ? n : 1) * sizeof *low)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		low[i] = LONG_MAX;
	for (size_t q = 0; q < s->res.npairs; q++) {
		const struct pair *p = &s->res.pairs[q];
		size_t who = side == SIDE_MENTOR ? p->mentor : p->mentee;
		if (who < n && p->score - p->bonus < low[who])
			low[who] = p->score - p->bonus;
	}
	return low;
}

/* Whether the people filter (F) lets person of side through. */
static int people_filter_passes(const struct session *s, int side, size_t person,
				const long *low)
{
	if (ST->pf == PF_UNMATCHED)
		return s->have_result && s->res.count[side] && s->res.count[side][person] == 0;
	if (ST->pf == PF_BELOW)
		return low && low[person] != LONG_MAX && low[person] < ST->pf_below;
	return 1;
}

static void people_refresh(const struct ui_app *app)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	if (ST->people_valid && ST->people_gen == app->gen && ST->people_side == ST->side &&
	    strcmp(ST->people_filter, ST->filter) == 0 && ST->people_pf == ST->pf &&
	    ST->people_pf_below == ST->pf_below)
		return;
	size_t n0 = ds->side[ST->side].n, n1 = ds->side[!ST->side].n;
	long *low[SIDE_COUNT] = { NULL, NULL };
	free(ST->people);
	ST->people = malloc((n0 + n1 + 1) * sizeof *ST->people);
	ST->npeople = ST->nfirst = 0;
	ST->people_valid = ST->people != NULL;
	if (!ST->people)
		return;
	if (ST->pf == PF_BELOW)
		for (int side = 0; side < SIDE_COUNT; side++)
			low[side] = lowest_pair_scores(s, side);
	if (!ST->filter[0]) {
		for (size_t i = 0; i < n0; i++)
			if (people_filter_passes(s, ST->side, i, low[ST->side]))
				ST->people[ST->npeople++] = (struct entry){ (uint32_t)i,
									  (unsigned char)ST->side };
		ST->nfirst = ST->npeople;
	} else {
		char *needle = fold_dup(ST->filter);
		int fast = needle && index_ensure(app);
		for (int pass = 0; pass < 2; pass++) {
			int side = pass == 0 ? ST->side : !ST->side;
			size_t n = ds->side[side].n;
			for (size_t i = 0; i < n; i++) {
				int hit;
				if (fast) {
					hit = strstr(ST->idx[side].name[i], needle) ||
					      strstr(ST->idx[side].email[i], needle) ||
					      strstr(ST->idx[side].contact[i], needle);
				} else {
					char name[512];
					dataset_name(ds, (enum side)side, i, name, sizeof name);
					hit = ui_icontains(name, ST->filter) ||
					      ui_icontains(dataset_identity(ds, (enum side)side, i), ST->filter) ||
					      ui_icontains(dataset_contact_email(ds, (enum side)side, i),
							   ST->filter);
				}
				if (hit && people_filter_passes(s, side, i, low[side]))
					ST->people[ST->npeople++] = (struct entry){ (uint32_t)i,
										  (unsigned char)side };
			}
			if (pass == 0)
				ST->nfirst = ST->npeople;
		}
		free(needle);
	}
	free(low[SIDE_MENTOR]);
	free(low[SIDE_MENTEE]);
	ST->people_gen = app->gen;
	ST->people_side = ST->side;
	ST->people_pf = ST->pf;
	ST->people_pf_below = ST->pf_below;
	snprintf(ST->people_filter, sizeof ST->people_filter, "%s", ST->filter);
	if (ST->sel >= ST->npeople)
		ST->sel = ST->npeople ? ST->npeople - 1 : 0;
}

static const char *const *sort_names;   /* for cmp_by_name */
static const struct candidate *sort_cand;

static int cmp_by_name(const void *a, const void *b)
{
	const struct candidate *x = &sort_cand[*(const size_t *)a];
	const struct candidate *y = &sort_cand[*(const size_t *)b];
	int c = strcmp(sort_names[x->person], sort_names[y->person]);
	if (c)
		return c;
	return (x->person > y->person) - (x->person < y->person);
}

static void view_build(const struct ui_app *app)
{
	ST->nview = 0;
	for (size_t k = 0; k < ST->ncand; k++) {
		const struct candidate *c = &ST->cand[k];
		if (!ST->allowed_only || c->allowed || c->round || c->pin == PIN_PIN)
			ST->view[ST->nview++] = k;
	}
	if (ST->by_name && index_ensure(app)) {
		sort_names = (const char *const *)ST->idx[!ST->cand_side].name;
		sort_cand = ST->cand;
		qsort(ST->view, ST->nview, sizeof *ST->view, cmp_by_name);
	}
}

/* The highlighted candidate when the step was left (candidates_leave). */
static struct {
	int valid, side;
	size_t person, cand;
} rem;

/* The ranked candidates of (side, person), the view by the sort and filter,
 * and why the person has no match.  The cursor stays on the same
 * counterpart when the list is built again for the same person. */
static void cand_refresh(const struct ui_app *app, int side, size_t person)
{
	const struct session *s = app->s;
	int same_person = ST->cand_valid && ST->cand_side == side && ST->cand_person == person;
	if (same_person && ST->cand_gen == app->gen && ST->cand_by_name == ST->by_name &&
	    ST->cand_allowed_only == ST->allowed_only)
		return;
	size_t keep = (size_t)-1;
	if (same_person && ST->csel < ST->nview)
		keep = ST->cand[ST->view[ST->csel]].person;
	/* back on this step for the person highlighted when it was left:
	 * the same candidate again (a key pressed next acts on what was seen) */
	int cached = same_person;
	if (!same_person && rem.valid && rem.side == side && rem.person == person) {
		same_person = 1;
		keep = rem.cand;
	}
	rem.valid = 0;
	if (!cached || ST->cand_gen != app->gen) {
		size_t n = s->ds.side[!side].n;
		free(ST->cand);
		free(ST->view);
		ST->cand = malloc((n ? n : 1) * sizeof *ST->cand);
		ST->view = malloc((n ? n : 1) * sizeof *ST->view);
		ST->ncand = ST->nview = ST->nallowed = 0;
		ST->nwhy = 0;
		ST->cand_valid = ST->cand && ST->view;
		if (!ST->cand_valid)
			return;
		ST->ncand = rank_candidates(&s->ds, s->have_result ? &s->res : NULL, best_ensure(app),
					   &s->pins, (enum side)side, person, ST->cand);
		for (size_t k = 0; k < ST->ncand; k++)
			ST->nallowed += ST->cand[k].allowed != 0;
		if (s->have_result && s->res.count[side] && person < (side == SIDE_MENTOR ?
		    s->res.nmentors : s->res.nmentees) && s->res.count[side][person] == 0) {
			struct unmatched_explanation ex;
			if (explain_unmatched(s, (enum side)side, person, &ex) == 0) {
				if (ex.reason != UNMATCHED_HAS_MATCH)
					ST->nwhy = explain_unmatched_text(s, &ex, ST->why, WHY_MAX);
				explain_unmatched_free(&ex);
			}
		}
	}
	ST->cand_gen = app->gen;
	ST->cand_side = side;
	ST->cand_person = person;
	ST->cand_by_name = ST->by_name;
	ST->cand_allowed_only = ST->allowed_only;
	view_build(app);
	if (!same_person) {
		ST->csel = ST->ctop = 0;
	} else if (keep != (size_t)-1) {
		for (size_t k = 0; k < ST->nview; k++)
			if (ST->cand[ST->view[k]].person == keep) {
				ST->csel = k;
				break;
			}
	}
	if (ST->csel >= ST->nview)
		ST->csel = ST->nview ? ST->nview - 1 : 0;
}

static void caches_free(void)
{
	free(ST->people);
	ST->people = NULL;
	ST->npeople = ST->nfirst = 0;
	ST->people_valid = 0;
	free(ST->cand);
	free(ST->view);
	ST->cand = NULL;
	ST->view = NULL;
	ST->ncand = ST->nview = 0;
	ST->cand_valid = 0;
	index_free();
	explain_best_free(&ST->best);
	ST->best_valid = 0;
}

/* ---- small helpers ------------------------------------------------------------ */

/* Emails equal without case and surrounding blanks. */
static int same_email(const char *a, const char *b)
{
	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	size_t na = strlen(a), nb = strlen(b);
	while (na && (a[na - 1] == ' ' || a[na - 1] == '\t'))
		na--;
	while (nb && (b[nb - 1] == ' ' || b[nb - 1] == '\t'))
		nb--;
	return na && na == nb && strncasecmp(a, b, na) == 0;
}

/* Whether the result reports a problem with the pin of (mentor, mentee);
 * describes the first into buf (may be NULL). */
static int pin_problem(const struct session *s, size_t mentor, size_t mentee, char *buf,
		       size_t len)
{
	if (!s->have_result || !s->res.nissues)
		return 0;
	const char *me = dataset_identity(&s->ds, SIDE_MENTOR, mentor);
	const char *ee = dataset_identity(&s->ds, SIDE_MENTEE, mentee);
	for (size_t i = 0; i < s->res.nissues; i++) {
		const struct pin_issue *is = &s->res.issues[i];
		if (is->pin >= s->pins.n)
			continue;
		const struct pin *p = &s->pins.items[is->pin];
		if (same_email(p->mentor_email, me) && same_email(p->mentee_email, ee)) {
			if (!buf)
				return 1;
			/* short, about this pair (the message line names both emails) */
			switch (is->kind) {
			case PIN_ISSUE_NOT_ALLOWED:
				buf[0] = '\0';    /* the score line says it */
				break;
			case PIN_ISSUE_MENTOR_CAPACITY:
				snprintf(buf, len, "pinned beyond the mentor's capacity (kept)");
				break;
			case PIN_ISSUE_MENTEE_CAPACITY:
				snprintf(buf, len, "pinned beyond the mentee's capacity (kept)");
				break;
			case PIN_ISSUE_ROUNDS:
				snprintf(buf, len, "more pins for one person than rounds: put in "
					 "the last round (kept)");
				break;
			default:
				session_describe_pin_issue(s, is, buf, len);
				break;
			}
			return 1;
		}
	}
	return 0;
}

/* The first forbidding part's description without "not allowed: ". */
static void forbid_reason(const struct dataset *ds, size_t mentor, size_t mentee,
			  char *buf, size_t len)
{
	size_t np = 0;
	long score;
	buf[0] = '\0';
	struct score_part *parts = malloc(SCORE_MAX_PARTS(ds->prof) * sizeof *parts);
	if (!parts)
		return;
	score_pair(ds, mentor, mentee, &score, parts, &np);
	for (size_t i = 0; i < np; i++)
		if (parts[i].forbids) {
			char d[256];
			score_describe(ds, &parts[i], d, sizeof d);
			const char *p = strncmp(d, "not allowed: ", 13) == 0 ? d + 13 : d;
			snprintf(buf, len, "%s", p);
			break;
		}
	free(parts);
}

/* What is shown in <> after a name: the e-mail address, else the identity
 * (an id), else nothing. */
static const char *contact_of(const struct dataset *ds, int side, size_t person)
{
	const char *e = dataset_contact_email(ds, (enum side)side, person);
	return *e ? e : dataset_identity(ds, (enum side)side, person);
}

static const struct candidate *current_cand(void)
{
	if (!ST->cand_valid || ST->csel >= ST->nview)
		return NULL;
	return &ST->cand[ST->view[ST->csel]];
}

/* ---- drawing ------------------------------------------------------------------ */

/* Display row of entry k (a divider line sits before the other side's). */
static int has_divider(void)
{
	return ST->filter[0] && ST->nfirst < ST->npeople;
}

static int wrapped(int y, int x, int w, int maxl, attr_t a, const char *text);
static int wrapped_lines(const char *text, int w);

static void draw_people(const struct ui_app *app, int y, int x, int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	char which[64] = "";
	if (ST->pf == PF_UNMATCHED)
		snprintf(which, sizeof which, ", no match");
	else if (ST->pf == PF_BELOW)
		snprintf(which, sizeof which, ", pair < %+ld", ST->pf_below);
	if (ST->filter[0])
		ui_textf(y, x, w, ui_attr(UI_ROLE_HEADING), 0, "\"%s\"%s: %zu found", ST->filter,
			 which, ST->npeople);
	else
		ui_textf(y, x, w, ui_attr(UI_ROLE_HEADING), 0, "%s%s (%zu)",
			 side_word(ST->side, 1, 1), which, ST->npeople);
	y++;
	h--;
	ST->page = h;
	if (ST->npeople == 0) {
		ST->top = 0;
		wrapped(y, x + 1, w - 1, h, ui_attr(UI_ROLE_DIM), ST->filter[0] ?
			"nobody found; Esc clears the search" : ST->pf != PF_ALL ?
			"nobody; Esc lists everyone" : "(nobody)");
		return;
	}
	int div = has_divider();
	size_t ndisp = ST->npeople + (div ? 1 : 0);
	size_t seld = ST->sel + (div && ST->sel >= ST->nfirst ? 1 : 0);
	ui_scroll_fix(ndisp, h, &seld, &ST->top);
	for (int r = 0; r < h && ST->top + (size_t)r < ndisp; r++) {
		size_t d = ST->top + (size_t)r;
		if (div && d == ST->nfirst) {
			attrset(ui_attr(UI_ROLE_DIM));
			mvhline_set(y + r, x, WACS_HLINE, w);
			attrset(A_NORMAL);
			ui_textf(y + r, x + 2, w - 2, ui_attr(UI_ROLE_DIM), 0, " %s ",
				 side_word(!ST->side, 0, 1));
			continue;
		}
		size_t k = div && d > ST->nfirst ? d - 1 : d;
		const struct entry *e = &ST->people[k];
		int cur = k == ST->sel;
		attr_t a = ui_attr(!cur ? UI_ROLE_NORMAL :
				   ST->focus == 0 ? UI_ROLE_SELECTED : UI_ROLE_CURSOR_DIM);
		char name[512];
		dataset_name(ds, (enum side)e->side, e->person, name, sizeof name);
		if (cur)
			ui_fill(y + r, x, w, a);
		int cw = s->have_result ? 3 : 0;
		ui_text(y + r, x + 1, w - 1 - cw, a, name, 0);
		if (cw) {
			unsigned c = s->res.count[e->side] ? s->res.count[e->side][e->person] : 0;
			ui_textf(y + r, x + w - cw, cw, cur ? a : ui_attr(c ? UI_ROLE_GOOD :
				 UI_ROLE_WARNING), UI_RIGHT, "%u", c);
		}
	}
}

/* Who the person is: two lines.  Returns the lines used. */
static int draw_person(const struct ui_app *app, const struct entry *e, int y, int x, int w)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	const struct profile *p = &s->prof;
	char name[512], right[80] = "";
	dataset_name(ds, (enum side)e->side, e->person, name, sizeof name);
	enum ui_role rr = UI_ROLE_GOOD;
	long cap = dataset_capacity(ds, (enum side)e->side, e->person);
	const char *email = contact_of(ds, e->side, e->person);
	if (s->have_result && s->res.count[e->side]) {
		unsigned c = s->res.count[e->side][e->person];
		if (c == 0) {
			snprintf(right, sizeof right, "no match");
			rr = UI_ROLE_WARNING;
		} else {
			snprintf(right, sizeof right, "%u match%s (max %ld)", c, c == 1 ? "" : "es", cap);
			/* the email first: the capacity only when both fit */
			if (ui_text_width(side_word(e->side, 1, 0)) + ui_text_width(name) +
			    ui_text_width(email) + ui_text_width(right) + 5 > w)
				snprintf(right, sizeof right, "%u match%s", c, c == 1 ? "" : "es");
		}
	}
	int rw = right[0] ? ui_text_width(right) + 1 : 0;
	int used = ui_textf(y, x, w - rw, ui_attr(UI_ROLE_HEADING), 0, "%s %s",
			    side_word(e->side, 1, 0), name);
	if (*email)
		ui_textf(y, x + used + 1, w - rw - used - 1, ui_attr(UI_ROLE_NORMAL), 0, "<%s>",
			 email);
	if (rw)
		ui_text(y, x + w - rw + 1, rw - 1, ui_attr(rr), right, 0);
	/* the output fields, short values only, but the name and the e-mail
	 * address shown above (an id is shown: <> has the address) */
	int fn = profile_field_index(p, "first_name"), ln = profile_field_index(p, "last_name");
	int nm = profile_field_index(p, "name");
	int cx = x, end = x + w;
	for (size_t i = 0; i < p->noutput && cx < end - 4; i++) {
		size_t f = p->output_fields[i];
		if (f >= p->nfields || (int)f == fn || (int)f == ln || (int)f == nm ||
		    p->fields[f].type == FIELD_EMAIL)
			continue;
		if (p->fields[f].type == FIELD_ID && !*dataset_contact_email(ds, (enum side)e->side,
									e->person))
			continue;       /* no address: the id is in <> already */
		const char *v = dataset_text(ds, (enum side)e->side, e->person, f);
		if (!v || !*v || ui_text_width(v) > 40)
			continue;
		if (cx > x)
			cx += 2;
		cx += ui_text(y + 1, cx, end - cx, ui_attr(UI_ROLE_DIM), p->fields[f].label, 0);
		cx += 1;
		if (cx < end)
			cx += ui_text(y + 1, cx, end - cx, ui_attr(UI_ROLE_NORMAL), v, 0);
	}
	if (cx == x)
		ui_text(y + 1, x, w, ui_attr(UI_ROLE_DIM), "(no other details)", 0);
	return 2;
}

static void draw_candidates(const struct ui_app *app, const struct entry *e, int y, int x,
			    int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	char name[512];
	dataset_name(ds, (enum side)e->side, e->person, name, sizeof name);
	ui_textf(y, x, w, ui_attr(UI_ROLE_HEADING), 0, "%s for %s: %zu allowed of %zu",
		 side_word(!e->side, 1, 1), name, ST->nallowed, ST->ncand);
	ui_text(y + 1, x, w, ui_attr(UI_ROLE_DIM), "  # Rd Score %best Name", 0);
	if (ST->by_name || ST->allowed_only) {
		char how[80];
		snprintf(how, sizeof how, "%s%s%s", ST->allowed_only ? "allowed only" : "",
			 ST->allowed_only && ST->by_name ? ", " : "", ST->by_name ? "by name" : "");
		int hw = ui_text_width(how);
		if (hw < w - 25)
			ui_text(y + 1, x + w - hw, hw, ui_attr(UI_ROLE_NOTE), how, 0);
	}
	y += 2;
	h -= 2;
	ST->cpage = h;
	if (h < 1)
		return;
	ui_scroll_fix(ST->nview, h, &ST->csel, &ST->ctop);
	if (ST->nview == 0) {
		ui_text(y, x + 2, w - 2, ui_attr(UI_ROLE_DIM), ST->allowed_only ?
			"nobody allowed (f lists all)" : "(nobody on the other side)", 0);
		return;
	}
	for (int r = 0; r < h && ST->ctop + (size_t)r < ST->nview; r++) {
		size_t k = ST->ctop + (size_t)r;
		const struct candidate *c = &ST->cand[ST->view[k]];
		int cur = k == ST->csel;
		attr_t a = ui_attr(!cur ? UI_ROLE_NORMAL :
				   ST->focus == 1 ? UI_ROLE_SELECTED : UI_ROLE_CURSOR_DIM);
		attr_t base = cur ? a : ui_attr(c->allowed ? UI_ROLE_NORMAL : UI_ROLE_DIM);
		size_t mentor = e->side == SIDE_MENTOR ? e->person : c->person;
		size_t mentee = e->side == SIDE_MENTOR ? c->person : e->person;
		if (cur)
			ui_fill(y + r, x, w, a);
		ui_textf(y + r, x, 3, base, UI_RIGHT, "%zu", k + 1);
		if (c->round)
			ui_textf(y + r, x + 4, 2, cur ? a : ui_attr(UI_ROLE_GOOD), 0, "*%d", c->round);
		/* a pair the rules forbid has no score, unless it is pinned:
		 * then it is in the result and its points count */
		if (c->allowed || c->pin == PIN_PIN)
			ui_textf(y + r, x + 7, 5, base, UI_RIGHT, "%+ld", c->score);
		else
			ui_text(y + r, x + 7, 5, base, "--", UI_RIGHT);
		if (c->share >= 0)
			ui_textf(y + r, x + 13, 5, base, UI_RIGHT, "%d%%", c->share);
		/* name, then [pinned] / [banned] and why not allowed */
		char tail[400] = "", why[300];
		enum ui_role tr = UI_ROLE_BAD;
		if (c->pin == PIN_PIN) {
			int bad = pin_problem(s, mentor, mentee, NULL, 0);
			snprintf(tail, sizeof tail, "%s", bad ? "[pinned!]" : "[pinned]");
			tr = bad ? UI_ROLE_WARNING : UI_ROLE_GOOD;
		} else if (c->pin == PIN_BAN) {
			snprintf(tail, sizeof tail, "[banned]");
		}
		if (!c->allowed) {
			size_t used = strlen(tail);
			forbid_reason(ds, mentor, mentee, why, sizeof why);
			snprintf(tail + used, sizeof tail - used, "%s%s: %s", used ? " " : "",
				 c->pin == PIN_PIN ? "despite" : "no", why);
		}
		int nx = x + 19, avail = x + w - nx;
		dataset_name(ds, (enum side)!e->side, c->person, name, sizeof name);
		int tw = tail[0] ? ui_text_width(tail) : 0;
		int nw = tw ? avail - tw - 1 : avail;
		if (tw && nw < avail / 2)
			nw = avail / 2;
		int used = ui_text(y + r, nx, nw, base, name, 0);
		if (tw && avail - used - 1 > 0)
			ui_text(y + r, nx + used + 1, avail - used - 1, cur ? a : ui_attr(tr), tail, 0);
	}
}

/* Draws text on up to maxl lines of w cells, broken at spaces; the last
 * line is cut with a marker.  Returns the lines used. */
/* Where the wrapped rest of text starts: under its first character after
 * the leading spaces (kept small). */
static int hang(const char *text, int w)
{
	int k = 0;
	while (text[k] == ' ')
		k++;
	return k <= 4 && k < w / 2 ? k : 0;
}

static int wrapped(int y, int x, int w, int maxl, attr_t a, const char *text)
{
	int n = ui_text_wrapped(y, x, w, maxl, hang(text, w), a, text);
	return n ? n : 1;
}

static int part_cmp_width(const char *s)
{
	return ui_text_width(s);
}

/* The what-if shows with the person the last pin or ban was set on. */
static int whatif_here(const struct ui_app *app, const struct entry *e)
{
	return ST->wi_set && ST->wi_side == e->side && ST->wi_person == e->person &&
	       ST->wi_gen == app->gen && ui_whatif_current(app);
}

/* The bottom: the highlighted pair rule by rule, why the person has no
 * match, and (after a pin or ban on this person) what changed. */
static void draw_detail(const struct ui_app *app, const struct entry *e, int y, int w, int h)
{
	const struct session *s = app->s;
	const struct dataset *ds = &s->ds;
	attrset(ui_attr(UI_ROLE_DIM));
	mvhline_set(y, 0, WACS_HLINE, w);
	attrset(A_NORMAL);
	int wi = whatif_here(app, e) && w >= 60;
	int rightw = wi ? 30 : 0;
	int lw = w - 2 - (wi ? rightw + 2 : 0);
	int row = y + 1, end = y + h;
	if (wi) {
		attrset(ui_attr(UI_ROLE_DIM));
		mvvline_set(y + 1, w - rightw - 2, WACS_VLINE, h - 1);
		attrset(A_NORMAL);
		ui_draw_whatif(app, (struct ui_rect){ y + 1, w - rightw, h - 1, rightw }, 1);
	}
	const struct candidate *c = current_cand();
	if (c) {
		size_t mentor = e->side == SIDE_MENTOR ? e->person : c->person;
		size_t mentee = e->side == SIDE_MENTOR ? c->person : e->person;
		char mn[512], en[512], title[1200];
		dataset_name(ds, SIDE_MENTOR, mentor, mn, sizeof mn);
		dataset_name(ds, SIDE_MENTEE, mentee, en, sizeof en);
		snprintf(title, sizeof title, " mentor %s <%s> and mentee %s <%s> ", mn,
			 contact_of(ds, SIDE_MENTOR, mentor), en, contact_of(ds, SIDE_MENTEE, mentee));
		ui_text(y, 2, w - 4, ui_attr(UI_ROLE_TITLE), title, 0);

		size_t np = 0;
		long score = 0;
		struct score_part *parts = malloc(SCORE_MAX_PARTS(ds->prof) * sizeof *parts);
		if (!parts)
			return;
		int allowed = score_pair(ds, mentor, mentee, &score, parts, &np);
		char line[800], share[200] = "", pin[80] = "";
		if (c->share >= 0 && ST->best_valid && e->person < ST->best.n[e->side])
			snprintf(share, sizeof share, " (%d%% of the best, %+ld)", c->share,
				 ST->best.best[e->side][e->person]);
		if (c->pin == PIN_PIN)
			snprintf(pin, sizeof pin, "; pinned");
		else if (c->pin == PIN_BAN)
			snprintf(pin, sizeof pin, "; banned");
		char bonus[80] = "";
		if (c->round && c->assigned_score != score)
			snprintf(bonus, sizeof bonus, " (%+ld with the unmatched bonus)",
				 c->assigned_score);
		if (!allowed && c->pin == PIN_PIN)
			snprintf(line, sizeof line, "Score %+ld%s, counted in the total: pinned against "
				 "the rules, so kept in the result", score, bonus);
		else if (!allowed)
			snprintf(line, sizeof line, "Not allowed: the rules never match this pair%s",
				 pin);
		else if (c->round && ds->prof->solve.mode == MODE_CAPACITY)
			snprintf(line, sizeof line, "Score %+ld%s; matched (one exact solve)%s",
				 score, share, pin);
		else if (c->round && c->assigned_score != score)
			snprintf(line, sizeof line, "Score %+ld%s; matched in round %d (%+ld with "
				 "the unmatched bonus)%s", score, share, c->round, c->assigned_score, pin);
		else if (c->round)
			snprintf(line, sizeof line, "Score %+ld%s; matched in round %d%s", score,
				 share, c->round, pin);
		else
			snprintf(line, sizeof line, "Score %+ld%s; not matched%s%s", score, share,
				 s->have_result ? "" : " (no match run yet: press m)", pin);
		int score_l = wi ? end - row - 1 : 1;   /* narrow beside the what-if */
		if (score_l > 3)
			score_l = 3;
		row += wrapped(row, 1, lw, score_l < 1 ? 1 : score_l,
			       ui_attr(allowed ? (c->round ? UI_ROLE_GOOD : UI_ROLE_NORMAL) :
				       UI_ROLE_BAD), line);
		char problem[1024];
		if (row < end && c->pin == PIN_PIN &&
		    pin_problem(s, mentor, mentee, problem, sizeof problem) && problem[0])
			ui_textf(row++, 1, lw, ui_attr(UI_ROLE_WARNING), 0, "! %s", problem);
		/* the parts, packed in columns, leaving room for why there is no
		 * match */
		int whyl = 0;
		for (size_t i = 0; i < ST->nwhy; i++)
			whyl += wrapped_lines(ST->why[i], lw);
		int room = end - row - whyl;
		if (room < 1 && row < end)
			room = 1;
		if (np == 0 && row < end && room > 0) {
			ui_text(row++, 3, lw - 2, ui_attr(UI_ROLE_DIM),
				"no rule adds or takes points for this pair", 0);
		} else if (np > 0 && room > 0) {
			char (*desc)[256] = malloc(np * sizeof *desc);
			if (desc) {
				int widest = 1;
				for (size_t i = 0; i < np; i++) {
					score_describe(ds, &parts[i], desc[i], sizeof desc[i]);
					if (part_cmp_width(desc[i]) > widest)
						widest = part_cmp_width(desc[i]);
				}
				int colw = widest + 3;
				int cols = (lw - 2) / colw;
				if (cols < 1)
					cols = 1;
				if (colw > lw - 2)   /* one column: no wider than the pane */
					colw = lw - 2;
				int need = (int)((np + (size_t)cols - 1) / (size_t)cols);
				if (need > room) {      /* more parts than fit: narrower columns */
					need = room;
					cols = (int)((np + (size_t)room - 1) / (size_t)room);
					colw = (lw - 2) / cols;
				}
				/* never so narrow that only the points show: fewer
				 * columns, and the last place says how many are left */
				const int min_colw = 18;
				if (colw < min_colw && cols > 1) {
					cols = (lw - 2) / min_colw > 0 ? (lw - 2) / min_colw : 1;
					colw = (lw - 2) / cols;
				}
				size_t shown = (size_t)cols * (size_t)need;
				for (size_t i = 0; i < np; i++) {
					int col = (int)(i / (size_t)need), rr = (int)(i % (size_t)need);
					if (col >= cols || 3 + col * colw >= lw)
						break;
					if (np > shown && i + 1 == shown) {
						ui_textf(row + rr, 3 + col * colw, colw - 2,
							 ui_attr(UI_ROLE_DIM), 0, "... %zu more (wider: all)",
							 np - i);
						break;
					}
					ui_text(row + rr, 3 + col * colw, colw - 2, ui_attr(parts[i].forbids ?
						UI_ROLE_BAD : parts[i].not_applied ? UI_ROLE_DIM :
						UI_ROLE_NORMAL), desc[i], 0);
				}
				row += need;
				free(desc);
			}
		}
		free(parts);
	}
	/* why this person has no match, wrapped like the score line */
	for (size_t i = 0; i < ST->nwhy && row < end; i++)
		row += wrapped(row, 1, lw, end - row, ui_attr(UI_ROLE_WARNING), ST->why[i]);
}

/* Lines text takes wrapped in w cells. */
static int wrapped_lines(const char *text, int w)
{
	const char *s = text;
	int n = 0, ind = hang(text, w);
	while (*s) {
		if (n && *s == ' ')
			s++;
		size_t len = ui_wrap_next(s, w - (n ? ind : 0), NULL);
		if (len == 0)
			break;
		s += len;
		n++;
	}
	return n ? n : 1;
}

static void candidates_draw(struct ui_app *app, struct ui_rect b)
{
	const struct session *s = app->s;
	const char *miss = ui_missing_files(app);
	if (!s->have_profile || miss) {
		char l1[200], l2[300];
		snprintf(l1, sizeof l1, "Missing: %s", miss ? miss : "a profile");
		snprintf(l2, sizeof l2, "Candidates need both files and a profile: %s.",
			 miss ? "choose them on step 1 (Files)" : "load one on step 3 (Rules)");
		ui_draw_empty(b, l1, l2);
		return;
	}
	if (!s->have_dataset) {
		ui_draw_empty(b, "The data could not be prepared",
			      "Check the columns on step 2 and the messages (press e), "
			      "then press Enter to try again.");
		return;
	}
	people_refresh(app);
	if (ST->npeople)
		cand_refresh(app, ST->people[ST->sel].side, ST->people[ST->sel].person);
	/* the bottom: a rule, the score, two lines of parts, the reasons for no
	 * match; the what-if needs 6 lines beside them */
	int wi = ST->npeople && whatif_here(app, &ST->people[ST->sel]);
	int whyl = 0;
	for (size_t i = 0; i < ST->nwhy; i++)
		whyl += wrapped_lines(ST->why[i], b.w - 2 - (wi && b.w >= 60 ? 32 : 0));
	/* the rule above, the score (two lines beside the what-if), about two
	 * lines of parts, the reasons */
	int detail_h = 1 + (wi ? 2 : 1) + 2 + (whyl < 5 ? whyl : 5);
	if (detail_h < 4)
		detail_h = 4;
	if (wi && detail_h < 1 + ui_whatif_height(app))
		detail_h = 1 + ui_whatif_height(app);
	if (detail_h > b.h / 2)
		detail_h = b.h / 2;
	int top_h = b.h - detail_h;
	int lw = b.w * 32 / 100;
	draw_people(app, b.y, 0, lw, top_h);
	attrset(ui_attr(UI_ROLE_DIM));
	mvvline_set(b.y, lw, WACS_VLINE, top_h);
	attrset(A_NORMAL);
	if (ST->npeople == 0) {
		attrset(ui_attr(UI_ROLE_DIM));
		mvhline_set(b.y + top_h, 0, WACS_HLINE, b.w);
		attrset(A_NORMAL);
		return;
	}
	struct entry e = ST->people[ST->sel];
	cand_refresh(app, e.side, e.person);
	int x0 = lw + 2, rw = b.w - x0;
	int used = draw_person(app, &e, b.y, x0, rw);
	draw_candidates(app, &e, b.y + used, x0, rw, top_h - used);
	draw_detail(app, &e, b.y + top_h, b.w, detail_h);
}

/* ---- actions ------------------------------------------------------------------ */

static void search_changed(struct ui_app *app, void *ctx, const char *text)
{
	(void)app;
	(void)ctx;
	snprintf(ST->filter, sizeof ST->filter, "%s", text);
	snprintf(ST->last_search, sizeof ST->last_search, "%s", text);
	ST->sel = ST->top = 0;
}

/* Whether person of side has needle (folded) in their name or email. */
static int is_hit(const struct ui_app *app, int side, size_t person, const char *needle)
{
	if (!index_ensure(app) || person >= ST->idx[side].n)
		return 0;
	return strstr(ST->idx[side].name[person], needle) ||
	       strstr(ST->idx[side].email[person], needle) ||
	       strstr(ST->idx[side].contact[person], needle);
}

/* Moves the highlight of the list with focus to the next (dir 1) or
 * previous (-1) line whose person has the latest search text, starting at
 * from (its own line counts when inclusive), around the end.  Returns 1
 * when one was found. */
static int goto_hit(const struct ui_app *app, int dir, size_t from, int inclusive)
{
	char *needle = fold_dup(ST->last_search);
	size_t n = ST->focus ? ST->nview : ST->npeople, *sel = ST->focus ? &ST->csel : &ST->sel;
	int found = 0;
	if (!needle || n == 0) {
		free(needle);
		return 0;
	}
	for (size_t step = inclusive ? 0 : 1; step <= n && !found; step++) {
		size_t k = dir > 0 ? (from + step) % n : (from + n - step % n) % n;
		int side = ST->focus ? !ST->cand_side : ST->people[k].side;
		size_t person = ST->focus ? ST->cand[ST->view[k]].person : ST->people[k].person;
		if (is_hit(app, side, person, needle)) {
			*sel = k;
			found = 1;
		}
	}
	free(needle);
	return found;
}

/* / in the candidates' list: the highlight follows the typed text. */
static void cand_search_changed(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	snprintf(ST->last_search, sizeof ST->last_search, "%s", text);
	if (*text && !goto_hit(app, 1, ST->csel_before, 1))
		ST->csel = ST->csel_before;
}

static void cand_search_done(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text) {      /* Esc: back to where it was */
		ST->csel = ST->csel_before;
		return;
	}
	snprintf(ST->last_search, sizeof ST->last_search, "%s", text);
	if (*text && !goto_hit(app, 1, ST->csel_before, 1))
		ui_status(app, UI_ROLE_NOTE, "nobody in this list has \"%s\" in their name or "
			  "email", text);
}

/* The people filter (F): "u" (or "unmatched", "no match", "none"): the
 * people without a match; a whole number: those with a pair scoring below
 * it; empty: everyone. */
static void people_filter_done(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text)
		return;
	while (*text == ' ')
		text++;
	long v;
	if (!*text) {
		ST->pf = PF_ALL;
		ui_status(app, UI_ROLE_NOTE, "everyone is listed");
	} else if (!strcasecmp(text, "u") || !strcasecmp(text, "unmatched") ||
		   !strcasecmp(text, "no match") || !strcasecmp(text, "none")) {
		ST->pf = PF_UNMATCHED;
		ui_status(app, UI_ROLE_NOTE, "only the people without a match are listed; Esc "
			  "lists everyone");
	} else if (ui_parse_long(text[0] == '<' ? text + 1 : text, -UI_NUM_LIMIT, UI_NUM_LIMIT,
				 &v) == 0) {
		ST->pf = PF_BELOW;
		ST->pf_below = v;
		ui_status(app, UI_ROLE_NOTE, "only the people with a pair scoring below %+ld are "
			  "listed; Esc lists everyone", v);
	} else {
		ui_status(app, UI_ROLE_ERROR, "\"%s\": type u for the people without a match, or "
			  "a whole number for those with a pair scoring below it", text);
		return;
	}
	struct entry who = (struct entry){ 0, 2 };
	if (ST->people_valid && ST->sel < ST->npeople)
		who = ST->people[ST->sel];
	ST->focus = 0;
	ST->back.valid = 0;
	people_refresh(app);
	ST->sel = 0;
	for (size_t k = 0; k < ST->npeople; k++)
		if (ST->people[k].side == who.side && ST->people[k].person == who.person)
			ST->sel = k;
	if (!app->s->have_result && ST->pf != PF_ALL)
		ui_status(app, UI_ROLE_WARNING, "there is no match yet, so nobody is listed: "
			  "press m to run it");
}

/* Puts the cursor on person who of the list, when they are in it; else
 * on the first line. */
static void select_entry(const struct ui_app *app, struct entry who)
{
	people_refresh(app);
	ST->sel = 0;
	for (size_t k = 0; k < ST->npeople; k++)
		if (ST->people[k].side == who.side && ST->people[k].person == who.person) {
			ST->sel = k;
			break;
		}
}

/* The entry under the cursor, or one with side 2 when there is none. */
static struct entry current_entry(void)
{
	if (ST->people_valid && ST->sel < ST->npeople)
		return ST->people[ST->sel];
	return (struct entry){ 0, 2 };
}

static void search_done(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	if (!text) {  /* Esc: back to the list and the person from before */
		snprintf(ST->filter, sizeof ST->filter, "%s", ST->filter_before);
		select_entry(app, ST->before);
	}
	ST->focus = 0;
}

/* p or b on the highlighted candidate: set, or clear when already so. */
static void pin_or_ban(struct ui_app *app, enum pin_action want)
{
	struct session *s = app->s;
	const struct candidate *c = current_cand();
	if (ST->focus != 1 || !c || ST->npeople == 0) {
		ui_status(app, UI_ROLE_NOTE, "move to a candidate first: > or Enter goes to the "
			  "list on the right");
		return;
	}
	struct entry e = ST->people[ST->sel];
	size_t mentor = e.side == SIDE_MENTOR ? e.person : c->person;
	size_t mentee = e.side == SIDE_MENTOR ? c->person : e.person;
	enum pin_action now = session_pin_of(s, mentor, mentee);
	enum pin_action a = now == want ? PIN_NONE : want;
	int rc = session_set_pin(s, mentor, mentee, a);
	char mn[512], en[512];
	dataset_name(&s->ds, SIDE_MENTOR, mentor, mn, sizeof mn);
	dataset_name(&s->ds, SIDE_MENTEE, mentee, en, sizeof en);
	if (rc == -2) {
		int idf = profile_identity_field(&s->prof);
		const char *what = idf < 0 ? "email" : s->prof.fields[idf].type == FIELD_EMAIL ?
			"email" : s->prof.fields[idf].label ? s->prof.fields[idf].label :
			s->prof.fields[idf].name;
		ui_status(app, UI_ROLE_ERROR, "%s has no %s, and pins are kept by %s: not %s",
			  !*dataset_identity(&s->ds, SIDE_MENTOR, mentor) ? mn : en, what, what,
			  want == PIN_PIN ? "pinned" : "banned");
		return;
	}
	if (rc == -3) {
		ui_status(app, UI_ROLE_WARNING, "%s is on both sides; nobody is matched with "
			  "themselves: not pinned", mn);
		return;
	}
	if (rc != 0) {
		ui_status(app, UI_ROLE_ERROR, "out of memory: the pair was not %s",
			  want == PIN_PIN ? "pinned" : "banned");
		return;
	}
	ui_changed(app);
	char cause[1200];
	snprintf(cause, sizeof cause, "%s %s & %s%s", a == PIN_PIN ? "pinned" : a == PIN_BAN ?
		 "banned" : now == PIN_PIN ? "unpinned" : "ban lifted:", mn, en,
		 a == PIN_PIN && !c->allowed ? ", which the rules do not allow (kept)" : "");
	ST->wi_set = 1;
	ST->wi_side = e.side;
	ST->wi_person = e.person;
	ui_resolve(app, s->have_result, cause);
	ST->wi_gen = app->gen;
	/* a pin the rules or the capacities do not allow: said in the colour
	 * of a warning (the details: e, x and the line below the list) */
	if (a == PIN_PIN && s->have_result && pin_problem(s, mentor, mentee, NULL, 0))
		app->status_role = UI_ROLE_WARNING;
}

static int candidates_handle(struct ui_app *app, enum ui_action act, int key)
{
	struct session *s = app->s;
	(void)key;
	if (act == UI_ACT_LOAD_PINS) {
		ui_load_pins(app);
		return UI_HANDLED;
	}
	if (!s->have_profile || ui_missing_files(app))
		return UI_IGNORED;
	if (!s->have_dataset) {
		if (act == UI_ACT_SELECT) {
			app->prep_failed = 0;
			ui_ensure_dataset(app);
			return UI_HANDLED;
		}
		return UI_IGNORED;
	}
	people_refresh(app);
	if (ST->npeople)
		cand_refresh(app, ST->people[ST->sel].side, ST->people[ST->sel].person);
	switch (act) {
	case UI_ACT_SEARCH:
		if (ST->focus == 1 && ST->npeople && ST->nview) {
			/* in the candidates' list: find someone in it */
			static char prompt[700];
			char name[512];
			dataset_name(&s->ds, (enum side)ST->cand_side, ST->cand_person, name, sizeof name);
			snprintf(prompt, sizeof prompt, "In %s's list, the first whose name or email "
				 "contains:", name);
			ST->csel_before = ST->csel;
			struct ui_input_spec in = {
				.title = "Find a candidate",
				.prompt = prompt,
				.initial = "",
				.help = "Enter keeps the highlight there, Esc goes back; n and N: the "
					"next and the previous.",
				.done = cand_search_done,
				.changed = cand_search_changed,
				.bottom = 1,
			};
			ui_input(app, &in);
			return UI_HANDLED;
		} else {
		snprintf(ST->filter_before, sizeof ST->filter_before, "%s", ST->filter);
		ST->before = current_entry();
		ST->back.valid = 0;
		struct ui_input_spec in = {
			.title = "Search",
			.prompt = "Mentors and mentees whose name or email contains:",
			.initial = ST->filter,
			.help = "The list follows as you type. Enter keeps it, Esc goes back.",
			.done = search_done,
			.changed = search_changed,
			.bottom = 1,
		};
		ui_input(app, &in);
		return UI_HANDLED;
		}
	case UI_ACT_NEXT_HIT:
	case UI_ACT_PREV_HIT: {
		int dir = act == UI_ACT_NEXT_HIT ? 1 : -1;
		if (!ST->last_search[0])
			ui_status(app, UI_ROLE_NOTE, "nothing searched yet: / searches by name or email");
		else if (!goto_hit(app, dir, ST->focus ? ST->csel : ST->sel, 0))
			ui_status(app, UI_ROLE_NOTE, "nobody %s has \"%s\" in their name or email",
				  ST->focus ? "in this list" : "listed", ST->last_search);
		return UI_HANDLED;
	}
	case UI_ACT_PEOPLE_FILTER: {
		static char initial[32];
		if (ST->pf == PF_UNMATCHED)
			snprintf(initial, sizeof initial, "u");
		else if (ST->pf == PF_BELOW)
			snprintf(initial, sizeof initial, "%ld", ST->pf_below);
		else
			initial[0] = '\0';
		struct ui_input_spec in = {
			.title = "Filter people",
			.prompt = "List only: u = without a match; a number = with a pair below it:",
			.initial = initial,
			.help = "Empty (or Esc on the list): everyone. The search (/) still applies.",
			.done = people_filter_done,
			.select_initial = 1,
		};
		ui_input(app, &in);
		return UI_HANDLED;
	}
	case UI_ACT_SWITCH_SIDE:
		ST->back.valid = 0;
		ST->side = !ST->side;
		ST->filter[0] = '\0';
		ST->sel = ST->top = 0;
		ST->focus = 0;
		return UI_HANDLED;
	case UI_ACT_RIGHT:
		if (ST->npeople)
			ST->focus = 1;
		return UI_HANDLED;
	case UI_ACT_SELECT:
		if (ST->npeople && ST->focus == 0) {
			ST->focus = 1;
		} else if (ST->focus == 1 && current_cand()) {
			/* Enter on a candidate: show that person's own list;
			 * Backspace comes back here */
			struct entry from = ST->people[ST->sel];
			size_t them = current_cand()->person;
			ST->back.valid = 1;
			ST->back.side = ST->side;
			ST->back.focus = 1;
			snprintf(ST->back.filter, sizeof ST->back.filter, "%s", ST->filter);
			ST->back.who = from;
			ST->back.top = ST->top;
			ST->back.cand = (uint32_t)them;
			ST->side = !from.side;
			ST->filter[0] = '\0';
			people_refresh(app);
			ST->sel = them < ST->npeople ? them : 0;
			ST->focus = 0;
			char was[512];
			dataset_name(&s->ds, (enum side)from.side, from.person, was, sizeof was);
			ui_status(app, UI_ROLE_NOTE, "Backspace: back to %s %s", side_word(from.side,
				  0, 0), was);
		}
		return UI_HANDLED;
	case UI_ACT_BACK:
		if (ST->back.valid) {
			/* back to the list Enter on a candidate came from */
			ST->back.valid = 0;
			ST->side = ST->back.side;
			snprintf(ST->filter, sizeof ST->filter, "%s", ST->back.filter);
			select_entry(app, ST->back.who);
			ST->top = ST->back.top;
			ST->focus = ST->back.focus;
			if (ST->npeople) {
				const struct entry e = ST->people[ST->sel];
				cand_refresh(app, e.side, e.person);
				for (size_t k = 0; k < ST->nview; k++)
					if (ST->cand[ST->view[k]].person == ST->back.cand) {
						ST->csel = k;
						break;
					}
			}
			ui_status(app, UI_ROLE_NOTE, "%s", "");   /* "Backspace: back to" is done */
			return UI_HANDLED;
		}
		ST->focus = 0;
		return UI_HANDLED;
	case UI_ACT_LEFT:
		ST->focus = 0;
		return UI_HANDLED;
	case UI_ACT_CANCEL:
		if (ST->focus == 1) {
			ST->focus = 0;
		} else if (ST->filter[0] || ST->pf != PF_ALL) {
			/* the search cleared (then the people filter): the same
			 * person stays highlighted, on their own side's list when
			 * the search found them on the other side */
			struct entry who = current_entry();
			if (ST->filter[0])
				ST->filter[0] = '\0';
			else
				ST->pf = PF_ALL;
			if (who.side < SIDE_COUNT && who.side != ST->side) {
				ST->side = who.side;
				ST->back.valid = 0;
			}
			select_entry(app, who);
		}
		return UI_HANDLED;
	case UI_ACT_PIN:
		pin_or_ban(app, PIN_PIN);
		return UI_HANDLED;
	case UI_ACT_BAN:
		pin_or_ban(app, PIN_BAN);
		return UI_HANDLED;
	case UI_ACT_SORT:
		ST->by_name = !ST->by_name;
		ui_status(app, UI_ROLE_NOTE, "candidates sorted by %s", ST->by_name ? "name" :
			  "score, best first");
		return UI_HANDLED;
	case UI_ACT_FILTER:
		ST->allowed_only = !ST->allowed_only;
		ui_status(app, UI_ROLE_NOTE, "%s", ST->allowed_only ? "only the allowed candidates "
			  "(and pinned ones) are listed" : "every candidate is listed");
		return UI_HANDLED;
	default:
		break;
	}
	if (ST->focus == 0) {
		if (ui_list_move(act, ST->npeople, ST->page, &ST->sel))
			return UI_HANDLED;
	} else if (ui_list_move(act, ST->nview, ST->cpage, &ST->csel)) {
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void candidates_enter(struct ui_app *app)
{
	ui_ensure_dataset(app);
}

static void candidates_leave(struct ui_app *app)
{
	(void)app;
	ST->back.valid = 0;
	rem.valid = ST->cand_valid && ST->csel < ST->nview;
	if (rem.valid) {
		rem.side = ST->cand_side;
		rem.person = ST->cand_person;
		rem.cand = ST->cand[ST->view[ST->csel]].person;
	}
	caches_free();
}

static const struct ui_hint candidates_hints[] = {
	{ UI_ACT_PIN, NULL },
	{ UI_ACT_BAN, NULL },
	{ UI_ACT_SEARCH, NULL },
	{ UI_ACT_SWITCH_SIDE, "side" },
	{ UI_ACT_FILTER, "allowed" },
	{ UI_ACT_PEOPLE_FILTER, "filter" },
	{ UI_ACT_SORT, "sort" },
	{ UI_ACT_LEFT, "lists" },
	{ UI_ACT_UP, NULL },
	{ UI_ACT_NONE, NULL },
};

const struct ui_screen ui_scr_candidates = {
	.state_size = sizeof(struct candidates_state),
	.name = "Candidates",
	.title = "Candidates: anyone's ranked list of partners, and why",
	.enter = candidates_enter,
	.leave = candidates_leave,
	.draw = candidates_draw,
	.handle = candidates_handle,
	.hints = candidates_hints,
};
