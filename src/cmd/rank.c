/*
 * duban rank: the 红黑榜, each lead unit's score and its rank among the
 * units of its peer group (units.csv), as of --as-of, and how the rank
 * moved since --since.
 *
 * A unit's score is the sum, over the items it leads, of the points
 * store.conf gives (settings.h): for each open item red or yellow as of
 * the day, for each item done by its deadline, for each closure the office
 * returned; and for each month gone by before the day's month in which it
 * led open items and recorded nothing (the rules of missing).  Everything
 * is folded from the journal as of the day, so any day's ranking can be
 * made again exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/rank.h"
#include "cmd/reporting.h"
#include "duban/book.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/roster.h"
#include "duban/store.h"

static const struct option rank_options[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "output", required_argument, NULL, 'o' },
	COMMON_OPTIONS
};

static int cmd_rank(int argc, char **argv, struct context *ctx);

const struct command cmd_rank_entry = {
	.name = "rank",
	.fn = cmd_rank,
	.summary = N_("each lead unit's score and rank in its group (红黑榜)"),
	.usage = N_(
		"usage: duban rank [--since DATE] [--as-of DATE] [-o FILE.xlsx]\n"
		"\n"
		"Scores each lead unit as of --as-of by the rules of store.conf\n"
		"(duban rules): points for each open item it leads that is red\n"
		"or yellow, for each item done by its deadline, for each closure\n"
		"the office returned, for each month gone by in which it led\n"
		"open items and recorded nothing (or recorded after report_day),\n"
		"and for each item escalated (behind escalate_months month-ends\n"
		"in a row).  Units are ranked within their group of units.csv,\n"
		"highest score first; equal scores share a rank.  With --since,\n"
		"the rank each had on DATE and how far it moved (up is\n"
		"positive).\n"
		"\n"
		"  --since DATE        add the rank on DATE and the move since\n"
		"  -o, --output FILE   write the ranking to the workbook FILE\n"
		"                      (.xlsx) instead\n"),
	.options = rank_options,
	.flags = CMD_PAGES,
};

/* The lead units of the plan, each with its group, in v. */
static int gather_units(struct scores *sc, const struct table *t,
			const struct roster *ro)
{
	struct tally ty = TALLY_INIT;
	int rc = tally_units(&ty, t);
	size_t n = 0;

	if (rc == 0 && !(sc->v = mem_calloc(ty.n ? ty.n : 1, sizeof(*sc->v))))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ty.n; i++) {
		const struct unit_row *row;

		if (!ty.v[i].count[ROLE_LEAD])
			continue;
		row = roster_find(ro, ty.v[i].name);
		sc->v[n] = (struct score){ .unit = ty.v[i].name,
					   .group = row ? row->group : "" };
		if (tally_intern(&sc->index, sc->v[n].unit) != (long)n)
			rc = -1;
		n++;
	}
	sc->n = n;
	tally_release(&ty);
	return rc;
}

static struct score *score_of(struct scores *sc, const char *unit)
{
	long at = tally_intern(&sc->index, unit);

	return at >= 0 && (size_t)at < sc->n ? &sc->v[at] : NULL;
}

/* Counts each unit's red, yellow, done and returned items as of as_of. */
static void count_items(struct scores *sc, const struct table *t,
			const struct plan_state *ps, date_t as_of,
			const struct settings *s)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct item *it = &t->items[i];
		struct health h;

		health_of(it, &ps->items[i], as_of, s, &h);
		for (size_t k = 0; k < it->lead_units.n; k++) {
			struct score *u = score_of(sc, it->lead_units.v[k]);

			if (!u)
				continue;
			u->returned += ps->items[i].returns;
			if (h.standing == STANDING_DONE)
				u->done++;
			else if (ps->items[i].status == STATUS_DONE)
				continue;
			else if (h.light == LIGHT_RED)
				u->red++;
			else if (h.light == LIGHT_YELLOW)
				u->yellow++;
		}
	}
}

/* Adds to each unit, for month m, whether it led open items as of the
 * month's end (ps) and no one reported for it, or reported only after the
 * office's report_day.  Returns 0, or -1 when memory runs out. */
static int count_reports(struct scores *sc, const struct session *ss,
			 const struct plan_state *ps, const struct period *m)
{
	struct tally open_by = TALLY_INIT, names = TALLY_INIT;
	struct tally units = TALLY_INIT, on_time = TALLY_INIT;
	struct tally on_time_units = TALLY_INIT;
	int day = ss->settings.report_day;
	int rc = tally_open_leads(&open_by, &ss->plan, ps) ||
		 reporters(&names, &units, &ss->journal, &ss->people, m,
			   DATE_NONE) ||
		 (day && reporters(&on_time, &on_time_units, &ss->journal,
				   &ss->people, m, m->first + day - 1)) ? -1 : 0;

	for (size_t i = 0; rc == 0 && i < open_by.n; i++) {
		struct score *u = score_of(sc, open_by.v[i].name);

		if (!u || !open_by.v[i].count[ROLE_LEAD])
			continue;
		if (!reported(&names, &units, u->unit))
			u->missing++;
		else if (day && !reported(&on_time, &on_time_units, u->unit))
			u->late++;
	}
	tally_release(&open_by);
	tally_release(&names);
	tally_release(&units);
	tally_release(&on_time);
	tally_release(&on_time_units);
	return rc;
}

/* Counts, per item, the months in a row up to month m's end that it was
 * behind or overdue (0 when it was not at m's end). */
static void count_lagging(int *run, const struct session *ss,
			  const struct plan_state *ps, const struct period *m)
{
	for (size_t i = 0; i < ss->plan.n; i++) {
		struct health h;

		health_of(&ss->plan.items[i], &ps->items[i], m->last,
			  &ss->settings, &h);
		run[i] = h.standing == STANDING_BEHIND ||
			 h.standing == STANDING_OVERDUE ? run[i] + 1 : 0;
	}
}

/* Adds to each unit the items it leads, still open (now), that lagged
 * escalate_months month-ends in a row up to the last (升级督办). */
static void count_escalated(struct scores *sc, const struct session *ss,
			    const struct plan_state *now, const int *run)
{
	int k = ss->settings.escalate_months;

	for (size_t i = 0; k && i < ss->plan.n; i++) {
		const struct names *lead = &ss->plan.items[i].lead_units;

		if (run[i] < k || now->items[i].status == STATUS_DONE)
			continue;
		for (size_t u = 0; u < lead->n; u++) {
			struct score *s = score_of(sc, lead->v[u]);

			if (s)
				s->escalated++;
		}
	}
}

/* Goes through the months from the plan's start up to as_of's month (not
 * counted: it is still going), each as of its last day: the reports
 * missing or late, and the items lagging month after month.  Returns 0,
 * or -1 (err). */
static int count_months(struct scores *sc, const struct session *ss,
			const struct plan_state *now, date_t as_of,
			struct duban_error *err)
{
	struct period m, this_month;
	int *run = mem_calloc(ss->plan.n ? ss->plan.n : 1, sizeof(*run));
	int rc = run ? 0 : error_nomem(err);

	period_of(as_of, &this_month);
	if (ss->settings.start != DATE_NONE)	/* a plan with dates */
		period_of(ss->settings.start, &m);
	while (rc == 0 && ss->settings.start != DATE_NONE &&
	       m.first < this_month.first) {
		struct plan_state ps = PLAN_STATE_INIT;

		rc = state_fold(&ps, &ss->plan, &ss->journal, m.last, err);
		if (rc == 0 && count_reports(sc, ss, &ps, &m))
			rc = error_nomem(err);
		if (rc == 0)
			count_lagging(run, ss, &ps, &m);
		state_release(&ps);
		period_of(m.last + 1, &m);
	}
	if (rc == 0)
		count_escalated(sc, ss, now, run);
	mem_free(run);
	return rc;
}

static void add_points(struct scores *sc, const struct settings *s)
{
	for (size_t i = 0; i < sc->n; i++) {
		struct score *u = &sc->v[i];

		u->points = (long)u->red * s->score_red +
			    (long)u->yellow * s->score_yellow +
			    (long)u->done * s->score_done +
			    (long)u->returned * s->score_returned +
			    (long)u->missing * s->score_missing_report +
			    (long)u->late * s->score_late_report +
			    (long)u->escalated * s->score_escalated;
	}
}

/* Groups in order (the ungrouped last), then the highest score first,
 * then by unit. */
static int by_standing(const void *pa, const void *pb)
{
	const struct score *a = *(const struct score *const *)pa;
	const struct score *b = *(const struct score *const *)pb;
	int c;

	if (!*a->group != !*b->group)
		return *a->group ? -1 : 1;
	if ((c = strcmp(a->group, b->group)))
		return c;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return strcmp(a->unit, b->unit);
}

/* Orders sc and numbers the ranks within each group: equal scores share
 * a rank, and the next rank counts them all (1, 2, 2, 4).  Returns 0, or
 * -1 when memory runs out. */
static int number_ranks(struct scores *sc)
{
	size_t first = 0;	/* of the group */

	if (!(sc->order = mem_calloc(sc->n ? sc->n : 1, sizeof(*sc->order))))
		return -1;
	for (size_t i = 0; i < sc->n; i++)
		sc->order[i] = &sc->v[i];
	if (sc->n > 1)
		qsort(sc->order, sc->n, sizeof(*sc->order), by_standing);
	for (size_t i = 0; i < sc->n; i++) {
		struct score *u = sc->order[i];
		const struct score *prev = i ? sc->order[i - 1] : NULL;

		if (!prev || strcmp(prev->group, u->group)) {
			first = i;
			u->rank = 1;
		} else {
			u->rank = prev->points == u->points
				  ? prev->rank : (long)(i - first) + 1;
		}
	}
	return 0;
}

int score_units(struct scores *sc, const struct session *ss,
		       const struct roster *ro, const struct plan_state *ps,
		       date_t as_of, struct duban_error *err)
{
	*sc = (struct scores){ .index = TALLY_INIT };
	if (gather_units(sc, &ss->plan, ro))
		return error_nomem(err);
	count_items(sc, &ss->plan, ps, as_of, &ss->settings);
	if (count_months(sc, ss, ps, as_of, err))
		return -1;
	add_points(sc, &ss->settings);
	return number_ranks(sc) ? error_nomem(err) : 0;
}

void release_scores(struct scores *sc)
{
	mem_free(sc->v);
	mem_free(sc->order);
	tally_release(&sc->index);
	*sc = (struct scores){ .index = TALLY_INIT };
}

int parse_since_options(int argc, char **argv, struct context *ctx,
			date_t *since, const char **output)
{
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", ctx->options, NULL)) != -1) {
		if (opt == 'o' && output) {
			*output = optarg;
		} else if (opt == OPT_SINCE) {
			if (date_parse(optarg, since) || *since == DATE_NONE)
				return usage_error(ctx, _("--since \"%s\" is "
						   "not a date (write "
						   "2024-06-30)"), optarg);
		} else if ((status = common_option(ctx, opt, optarg)) >= 0) {
			return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	return -1;
}

static const struct field rank_fields[] = {
	{ "group", N_("Group"), FIELD_MACHINE },
	{ "group", N_("Group"), FIELD_TABLE },	/* "—" for none */
	{ "rank", N_("Rank"), FIELD_BOTH | FIELD_RIGHT },
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "score", N_("Score"), FIELD_BOTH | FIELD_RIGHT },
	{ "red", N_("Red"), FIELD_BOTH | FIELD_RIGHT },
	{ "yellow", N_("Yellow"), FIELD_BOTH | FIELD_RIGHT },
	{ "done_on_time", N_("Done on time"), FIELD_BOTH | FIELD_RIGHT },
	{ "returned", N_("Returned"), FIELD_BOTH | FIELD_RIGHT },
	{ "missing_reports", N_("Months unreported"), FIELD_BOTH | FIELD_RIGHT },
	{ "late_reports", N_("Months late"), FIELD_BOTH | FIELD_RIGHT },
	{ "escalated", N_("Escalated"), FIELD_BOTH | FIELD_RIGHT },
	/* with --since only */
	{ "rank_since", N_("Rank then"), FIELD_BOTH | FIELD_RIGHT },
	{ "change", N_("Change"), FIELD_BOTH | FIELD_RIGHT },
};

#define NRANK (sizeof(rank_fields) / sizeof(*rank_fields))

static int render_scores(struct context *ctx, const struct scores *now,
			 const struct scores *before)
{
	struct render r;
	int rc = 0;

	say_when_empty(N_("no lead units"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), rank_fields, before ? NRANK : NRANK - 2);
	for (size_t i = 0; i < now->n && rc == 0; i++) {
		const struct score *u = now->order[i];
		/* the same plan: the same units in the same places */
		const struct score *then = before ? &before->v[u - now->v] : NULL;

		rc = render_row(&r, (struct cell[NRANK]){
			CELL_TEXT_OF(u->group),
			CELL_TEXT_OF(*u->group ? u->group : "—"),
			CELL_INT_OF(u->rank), CELL_TEXT_OF(u->unit),
			CELL_INT_OF(u->points), CELL_INT_OF(u->red),
			CELL_INT_OF(u->yellow), CELL_INT_OF(u->done),
			CELL_INT_OF(u->returned), CELL_INT_OF(u->missing),
			CELL_INT_OF(u->late), CELL_INT_OF(u->escalated),
			CELL_INT_OF(then ? then->rank : 0),
			CELL_INT_OF(then ? then->rank - u->rank : 0),
		});
	}
	return finish_render(&r, rc);
}

/* The workbook's columns, in the office's words; the last two with
 * --since only. */
static const struct book_column book_columns[] = {
	{ "分组", BOOK_TEXT, BOOK_INPUT_NONE },
	{ "名次", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "责任单位", BOOK_TEXT, BOOK_INPUT_NONE },
	{ "得分", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "红灯", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "黄灯", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "按期完成", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "被退回", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "未报送月数", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "迟报月数", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "升级督办", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "原名次", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "升降", BOOK_INTEGER, BOOK_INPUT_NONE },
};

#define NBOOK (sizeof(book_columns) / sizeof(*book_columns))

/* Writes the ranking to the workbook path, whole or not at all.  Returns
 * the exit status. */
static int write_scores(const char *path, const struct scores *now,
			const struct scores *before)
{
	struct duban_error err;
	struct book *b = NULL;
	int rc = book_create(&b, path, &err) ? -1 : 0;

	if (rc == 0)
		rc = book_add_sheet(b, "红黑榜", book_columns,
				    before ? NBOOK : NBOOK - 2, &err);
	for (size_t i = 0; i < now->n && rc == 0; i++) {
		const struct score *u = now->order[i];
		const struct score *then = before ? &before->v[u - now->v] : NULL;

		rc = book_add_row(b, (struct book_cell[NBOOK]){
			BOOK_TEXT_CELL(u->group), BOOK_NUMBER_CELL(u->rank),
			BOOK_TEXT_CELL(u->unit), BOOK_NUMBER_CELL(u->points),
			BOOK_NUMBER_CELL(u->red), BOOK_NUMBER_CELL(u->yellow),
			BOOK_NUMBER_CELL(u->done), BOOK_NUMBER_CELL(u->returned),
			BOOK_NUMBER_CELL(u->missing), BOOK_NUMBER_CELL(u->late),
			BOOK_NUMBER_CELL(u->escalated),
			BOOK_NUMBER_CELL(then ? then->rank : 0),
			BOOK_NUMBER_CELL(then ? then->rank - u->rank : 0),
		}, &err);
	}
	if (rc == 0) {
		rc = book_commit(b, &err);	/* frees b */
		b = NULL;
	}
	book_discard(b);
	if (rc == 0)
		return EXIT_OK;
	print_error(&err);
	return EXIT_FAILURE_DATA;
}

int load_roster(const struct session *ss, struct roster *ro)
{
	char path[4096];
	struct duban_error err;

	if (store_file(ss->dir, ROSTER_FILE, path, sizeof(path), &err) ||
	    roster_load(ro, path, path, &ss->plan, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

static int cmd_rank(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct selection sel;
	struct roster ro = ROSTER_INIT;
	struct scores now, before;
	struct plan_state then = PLAN_STATE_INIT;
	struct duban_error err;
	date_t since = DATE_NONE;
	const char *output = NULL;
	int status;

	if ((status = parse_since_options(argc, argv, ctx, &since,
					  &output)) >= 0)
		return status;
	if (output && !is_xlsx_name(output))
		return usage_error(ctx, _("rank -o writes a workbook: name it "
				   "FILE.xlsx, not \"%s\" (--format gives "
				   "text)"), output);
	if (since != DATE_NONE && since >= ctx->as_of)
		return usage_error(ctx, _("--since must come before the day "
				   "ranked (--as-of)"));
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	now = before = (struct scores){ .index = TALLY_INIT };
	if ((status = load_roster(&sel.ss, &ro)) == EXIT_OK &&
	    (score_units(&now, &sel.ss, &ro, &sel.ps, ctx->as_of, &err) ||
	     (since != DATE_NONE &&
	      (state_fold(&then, &sel.ss.plan, &sel.ss.journal, since, &err) ||
	       score_units(&before, &sel.ss, &ro, &then, since, &err))))) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	if (status == EXIT_OK && output)
		status = write_scores(output, &now, since != DATE_NONE ? &before
							       : NULL);
	else if (status == EXIT_OK)
		status = render_scores(ctx, &now, since != DATE_NONE ? &before
							       : NULL);
	release_scores(&now);
	release_scores(&before);
	state_release(&then);
	roster_release(&ro);
	release_selection(&sel);
	return status;
}
