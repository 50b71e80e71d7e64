/*
 * duban overdue, due, summary and targets: what the supervision office
 * asks every week — what is late, what is near, who is behind, which
 * targets are met.  Each takes the item filters of list and --as-of.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/milestone.h"
#include "duban/summary.h"

enum { OPT_INCLUDE_LATE = OPT_COMMAND_BASE, OPT_WITHIN, OPT_BY_GROUP };

/* One selected item with its health, for sorting. */
struct judged {
	size_t pos;
	struct health h;
	const struct milestone *milestone;	/* due: the next one in the
						 * window, or NULL */
	long due_in;		/* due: days to the milestone, else to the
				 * deadline */
};

/* Whether to keep the judged item j of sel, given the report's arg; it
 * may fill in j->milestone. */
typedef bool (*keep_fn)(struct judged *j, const struct selection *sel,
			const void *arg);

/* The health of every selected item as of ctx->as_of, kept if keep()
 * says so.  Returns the count, or -1 when memory runs out. */
static long judge(const struct context *ctx, const struct selection *sel,
		  keep_fn keep, const void *arg, struct judged **out)
{
	struct judged *v = mem_calloc(sel->n ? sel->n : 1, sizeof(*v));
	long n = 0;

	if (!v)
		return -1;
	for (size_t i = 0; i < sel->n; i++) {
		size_t pos = sel->positions[i];

		health_of(&sel->ss.plan.items[pos], &sel->ps.items[pos], ctx->as_of,
			  &sel->ss.settings, &v[n].h);
		v[n].pos = pos;
		v[n].milestone = NULL;
		if (keep(&v[n], sel, arg))
			n++;
	}
	*out = v;
	return n;
}

/* --- overdue and due ------------------------------------------------------ */

static const struct field late_fields[] = {
	{ "id", N_("ID"), FIELD_BOTH | FIELD_RIGHT },
	{ "days_overdue", N_("Days late"), FIELD_BOTH | FIELD_RIGHT },
	{ "days_left", N_("Days left"), FIELD_BOTH | FIELD_RIGHT },
	{ "deadline", N_("Deadline"), FIELD_BOTH },
	{ "health", N_("Health"), FIELD_MACHINE },
	{ "health", N_("Health"), FIELD_TABLE | FIELD_WHOLE },
	{ "lead_units", N_("Lead units"), FIELD_BOTH },
	{ "leaders", N_("Leaders"), FIELD_BOTH },
	{ "status", N_("Status"), FIELD_MACHINE },
	{ "status", N_("Status"), FIELD_TABLE | FIELD_WHOLE },
	/* TRANSLATORS: the header of the percent done column */
	{ "percent", N_("%"), FIELD_BOTH | FIELD_RIGHT },
	{ "milestone", N_("Milestone"), FIELD_BOTH },
	{ "milestone_percent", N_("Expected %"), FIELD_BOTH | FIELD_RIGHT },
	{ "text", N_("Task"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NLATE (sizeof(late_fields) / sizeof(*late_fields))

/* Renders judged items, chosen by f; show_days picks "Days late" (1) or
 * "Days left" (2); health, when not NULL, is what every item's health is
 * asked to be. */
static int render_judged(struct context *ctx, const struct selection *sel,
			 const struct judged *v, long n, int show_days,
			 const struct filter *f, const char *health)
{
	struct field fields[NLATE];
	struct render r;
	int rc = 0;

	memcpy(fields, late_fields, sizeof(fields));
	fields[show_days == 1 ? 2 : 1].flags = 0;	/* the other one */
	if (show_days == 1)	/* milestones are due's */
		fields[NLATE - 3].flags = fields[NLATE - 2].flags = 0;
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), fields, NLATE);
	render_ask_filter(&r, f);
	render_ask(&r, "health", health);
	for (long i = 0; i < n && rc == 0; i++) {
		const struct item *it = &sel->ss.plan.items[v[i].pos];
		const struct item_state *st = &sel->ps.items[v[i].pos];
		struct cell cells[NLATE] = {
			CELL_INT_OF(it->id), CELL_INT_OF(v[i].h.days_overdue),
			CELL_INT_OF(v[i].h.days_left),
			CELL_DATE_OF(state_deadline(it, st)),
			CELL_TEXT_OF(standing_key(v[i].h.standing)),
			CELL_TEXT_OF(standing_label(v[i].h.standing)),
			CELL_NAMES_OF(&it->lead_units), CELL_NAMES_OF(&it->leaders),
			CELL_TEXT_OF(status_key(st->status)),
			CELL_TEXT_OF(status_label(st->status)),
			CELL_INT_OF(state_percent(st)),
			CELL_DATE_OF(v[i].milestone ? v[i].milestone->date
						    : DATE_NONE),
			v[i].milestone ? CELL_INT_OF(v[i].milestone->percent)
				       : CELL_TEXT_OF(""),
			CELL_TEXT_OF(it->text),
		};

		cells[5].has_light = true;
		cells[5].light = v[i].h.light;
		rc = render_row(&r, cells);
	}
	return finish_render(&r, rc);
}

static bool is_late(struct judged *j, const struct selection *sel,
		    const void *arg)
{
	bool include_late = *(const bool *)arg;
	const struct health *h = &j->h;

	(void)sel;
	return h->standing == STANDING_OVERDUE ||
	       (include_late && h->standing == STANDING_DONE_LATE);
}

static int most_overdue_first(const void *pa, const void *pb)
{
	const struct judged *a = pa, *b = pb;

	if (a->h.days_overdue != b->h.days_overdue)
		return a->h.days_overdue > b->h.days_overdue ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Parses the filters, the common options and the command's own (handled
 * by own(), which returns -2 for an option it does not know).  Returns -1
 * to go on, else the exit status. */
static int parse_report_options(int argc, char **argv, struct context *ctx,
				const struct option *options, struct filter *f,
				int (*own)(struct context *, int, const char *, void *),
				void *arg)
{
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		status = own ? own(ctx, opt, optarg, arg) : -2;
		if (status == -2)
			status = filter_option(ctx, opt, optarg, f);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	return -1;
}

static int overdue_option(struct context *ctx, int opt, const char *arg, void *p)
{
	(void)ctx;
	(void)arg;
	if (opt != OPT_INCLUDE_LATE)
		return -2;
	*(bool *)p = true;
	return -1;
}

/* Runs a report of judged items: select, judge, keep, sort, render. */
static int judged_report(struct context *ctx, struct filter *f, keep_fn keep,
			 const void *arg, int (*order)(const void *, const void *),
			 int show_days, const char *health)
{
	struct selection sel;
	struct judged *v = NULL;
	long n;
	int status = select_items(ctx, f, &sel);

	if (status != EXIT_OK)
		return status;
	n = judge(ctx, &sel, keep, arg, &v);
	if (n < 0) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
	} else {
		qsort(v, (size_t)n, sizeof(*v), order);
		status = render_judged(ctx, &sel, v, n, show_days, f, health);
	}
	mem_free(v);
	release_selection(&sel);
	return status;
}

static const struct option overdue_options[] = {
	{ "include-late", no_argument, NULL, OPT_INCLUDE_LATE },
	FILTER_OPTIONS, COMMON_OPTIONS
};

static int cmd_overdue(int argc, char **argv, struct context *ctx);

const struct command cmd_overdue_entry = {
	.name = "overdue",
	.fn = cmd_overdue,
	.summary = N_("items past their deadline and not done, most overdue first"),
	.usage = N_(
		"usage: duban overdue [--include-late] [filters of list] [--as-of DATE]\n"
		"\n"
		"An item is overdue from the day after its deadline.  --include-late\n"
		"adds the items done after their deadline (逾期完成).\n"),
	.more = filter_options_help,
	.options = overdue_options,
	.flags = CMD_PAGES,
};

static int cmd_overdue(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	bool include_late = false;
	int status = parse_report_options(argc, argv, ctx, overdue_options, &f,
					  overdue_option, &include_late);

	if (status >= 0)
		return status;
	/* without the late ones, every item is overdue: no column says so */
	return judged_report(ctx, &f, is_late, &include_late, most_overdue_first, 1,
			     include_late ? NULL : standing_label(STANDING_OVERDUE));
}

/* The window of due: items due from as_of through as_of + days; by
 * default the store's warn_days, the window that turns items blue. */
struct window {
	long days;
	bool given;
	date_t as_of;
};

/* The first milestone of item it dated from as_of through as_of + days,
 * or NULL. */
static const struct milestone *milestone_within(const struct settings *s,
						const struct item *it,
						date_t as_of, long days)
{
	size_t n;
	const struct milestone *v = milestones_of(s->milestones, it->id, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].date >= as_of)
			return v[i].date - as_of <= days ? &v[i] : NULL;
	return NULL;
}

/* An open item is due when its deadline or a milestone is in the window. */
static bool is_due(struct judged *j, const struct selection *sel,
		   const void *arg)
{
	const struct window *w = arg;
	const struct health *h = &j->h;
	long days = w->given ? w->days : sel->ss.settings.warn_days;

	if (h->standing == STANDING_DONE || h->standing == STANDING_DONE_LATE ||
	    h->standing == STANDING_OVERDUE)
		return false;
	j->milestone = milestone_within(&sel->ss.settings,
					&sel->ss.plan.items[j->pos], w->as_of,
					days);
	j->due_in = j->milestone ? (long)j->milestone->date - w->as_of
				 : h->days_left;
	return (h->days_left >= 0 && h->days_left <= days) || j->milestone;
}

static int soonest_first(const void *pa, const void *pb)
{
	const struct judged *a = pa, *b = pb;

	if (a->due_in != b->due_in)
		return a->due_in < b->due_in ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int due_option(struct context *ctx, int opt, const char *arg, void *p)
{
	struct window *w = p;
	char *end;

	if (opt != OPT_WITHIN)
		return -2;
	w->days = strtol(arg, &end, 10);
	if (*end || end == arg || w->days < 0 || w->days > 36500)
		return usage_error(ctx, _("--within takes a number "
				   "of days, not \"%s\""), arg);
	w->given = true;
	return -1;
}

static const struct option due_options[] = {
	{ "within", required_argument, NULL, OPT_WITHIN },
	FILTER_OPTIONS, COMMON_OPTIONS
};

static int cmd_due(int argc, char **argv, struct context *ctx);

const struct command cmd_due_entry = {
	.name = "due",
	.fn = cmd_due,
	.summary = N_("open items whose deadline falls in the next days"),
	.usage = N_(
		"usage: duban due [--within DAYS] [filters of list] [--as-of DATE]\n"
		"\n"
		"Open items due from the --as-of day through DAYS days later\n"
		"(default: warn_days of store.conf, 15 unless set), or with a\n"
		"milestone (milestones.csv) in those days, soonest first.\n"),
	.more = filter_options_help,
	.options = due_options,
	.flags = CMD_PAGES,
};

static int cmd_due(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct window w = { 0, false, DATE_NONE };
	int status = parse_report_options(argc, argv, ctx, due_options, &f,
					  due_option, &w);

	if (status >= 0)
		return status;
	w.as_of = ctx->as_of;
	return judged_report(ctx, &f, is_due, &w, soonest_first, 2, NULL);
}

/* --- summary --------------------------------------------------------------- */

static const struct field summary_fields[] = {
	{ "group", NULL, FIELD_BOTH },		/* group_title() */
	{ "items", N_("Items"), FIELD_BOTH | FIELD_RIGHT },
	{ "done", N_("Done"), FIELD_BOTH | FIELD_RIGHT },
	{ "done_late", N_("Late"), FIELD_BOTH | FIELD_RIGHT },
	{ "on_schedule", N_("On schedule"), FIELD_BOTH | FIELD_RIGHT },
	{ "behind", N_("Behind"), FIELD_BOTH | FIELD_RIGHT },
	{ "overdue", N_("Overdue"), FIELD_BOTH | FIELD_RIGHT },
	{ "average_percent", N_("Avg %"), FIELD_BOTH | FIELD_RIGHT },
	{ "targets", N_("Targets"), FIELD_BOTH | FIELD_RIGHT },
	{ "targets_met", N_("Met"), FIELD_BOTH | FIELD_RIGHT },
	{ "bar", N_("Progress"), FIELD_TABLE },
};

#define NSUMMARY (sizeof(summary_fields) / sizeof(*summary_fields))

/* The cells of a row of the summary: the group's name, its counts and a
 * bar of its average percent, coloured by the worst of its items. */
static void summary_cells(const struct group *s, const char *name,
			  struct cell *cells)
{
	cells[0] = CELL_TEXT_OF(name);
	cells[1] = CELL_INT_OF(s->items);
	cells[2] = CELL_INT_OF(s->done);
	cells[3] = CELL_INT_OF(s->done_late);
	cells[4] = CELL_INT_OF(s->on_schedule);
	cells[5] = CELL_INT_OF(s->behind);
	cells[6] = CELL_INT_OF(s->overdue);
	cells[7] = CELL_INT_OF(group_average(s));
	cells[8] = CELL_INT_OF(s->targets);
	cells[9] = CELL_INT_OF(s->targets_met);
	cells[10] = CELL_BAR_OF(group_average(s));
	cells[10].has_light = true;
	cells[10].light = s->overdue ? LIGHT_RED : s->behind ? LIGHT_YELLOW
						 : LIGHT_GREEN;
}

/* The header of the group column: "Group" in English, what the groups
 * are in a language that says so. */
static const char *group_title(enum grouping by)
{
	switch (by) {
	case BY_LEADER:
		return C_("summary --by leader", "Group");
	case BY_SECTION:
		return C_("summary --by section", "Group");
	case BY_UNIT:
		break;
	}
	return C_("summary --by unit", "Group");
}

/* Renders the groups, then on the terminal a total of the items (each
 * once, so less than the sum of the rows when items have several). */
static int render_summary(struct context *ctx, const struct summary *g,
			  enum grouping by)
{
	struct field fields[NSUMMARY];
	struct render r;
	struct cell cells[NSUMMARY];
	int rc = 0;

	memcpy(fields, summary_fields, sizeof(fields));
	fields[0].title = group_title(by);
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), fields, NSUMMARY);
	for (size_t i = 0; i < g->names.n && rc == 0; i++) {
		summary_cells(&g->stats[i], g->stats[i].name, cells);
		rc = render_row(&r, cells);
	}
	if (g->names.n && rc == 0) {
		summary_cells(&g->total, _("Total"), cells);
		rc = render_total(&r, cells);
	}
	return finish_render(&r, rc);
}

static int summary_option(struct context *ctx, int opt, const char *arg, void *p)
{
	enum grouping *by = p;

	if (opt != OPT_BY_GROUP)
		return -2;
	if (strcmp(arg, "unit") == 0)
		*by = BY_UNIT;
	else if (strcmp(arg, "leader") == 0)
		*by = BY_LEADER;
	else if (strcmp(arg, "section") == 0)
		*by = BY_SECTION;
	else
		return usage_error(ctx, _("--by takes unit, leader "
				   "or section, not \"%s\""), arg);
	return -1;
}

static const struct option summary_options[] = {
	{ "by", required_argument, NULL, OPT_BY_GROUP },
	FILTER_OPTIONS, COMMON_OPTIONS
};

static int cmd_summary(int argc, char **argv, struct context *ctx);

const struct command cmd_summary_entry = {
	.name = "summary",
	.fn = cmd_summary,
	.summary = N_("per unit, leader or section: done, behind, overdue"),
	.usage = N_(
		"usage: duban summary [--by unit|leader|section] [filters of list]\n"
		"                     [--as-of DATE]\n"
		"\n"
		"Per group: items, done (and of those done late), on schedule,\n"
		"behind, overdue, the average percent, targets and targets met; on a\n"
		"terminal a bar of the average percent, red where any item is\n"
		"overdue, yellow where any is behind.\n"),
	.more = filter_options_help,
	.options = summary_options,
	.flags = CMD_PAGES,
};

static int cmd_summary(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	enum grouping by = BY_UNIT;
	struct summary g = SUMMARY_INIT;
	struct selection sel;
	struct duban_error err;
	int status = parse_report_options(argc, argv, ctx, summary_options, &f,
					  summary_option, &by);

	if (status >= 0)
		return status;
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (summary_count(&g, by, &sel.ss.plan, &sel.ps, sel.positions, sel.n,
			  ctx->as_of, &sel.ss.settings, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else {
		status = render_summary(ctx, &g, by);
	}
	summary_release(&g);
	release_selection(&sel);
	return status;
}

/* --- targets --------------------------------------------------------------- */

static const struct field target_fields[] = {
	{ "id", N_("ID"), FIELD_BOTH | FIELD_RIGHT },
	/* TRANSLATORS: the header of the column of target numbers */
	{ "target", N_("#"), FIELD_BOTH | FIELD_RIGHT },
	{ "goal", N_("Target"), FIELD_BOTH },
	{ "subject", N_("Subject"), FIELD_MACHINE },
	{ "op", N_("Op"), FIELD_MACHINE },
	{ "figure", N_("Figure"), FIELD_MACHINE },
	{ "unit", N_("Unit"), FIELD_MACHINE },
	{ "by", N_("By"), FIELD_MACHINE },
	{ "actual", N_("Actual"), FIELD_BOTH | FIELD_RIGHT },
	{ "actual_date", N_("Reported"), FIELD_BOTH },
	{ "met", N_("Met"), FIELD_MACHINE },
	{ "met", N_("Met"), FIELD_TABLE | FIELD_WHOLE },
	{ "lead_units", N_("Lead units"), FIELD_BOTH | FIELD_ELASTIC },
	{ "leaders", N_("Leaders"), FIELD_MACHINE },
};

#define NTARGET (sizeof(target_fields) / sizeof(*target_fields))

static int render_target(struct render *r, const struct item *it, size_t k,
			 const struct item_state *st)
{
	const struct target *t = &it->targets[k];
	const struct entry *a = st->actuals[k];
	bool met = a && target_met(t, a->value);
	char goal[512], figure[64];
	struct cell cells[NTARGET] = {
		CELL_INT_OF(it->id), CELL_INT_OF((long)k + 1), CELL_TEXT_OF(goal),
		CELL_TEXT_OF(t->subject), CELL_TEXT_OF(target_op_symbol(t->op)),
		CELL_TEXT_OF(figure), CELL_TEXT_OF(t->unit), CELL_DATE_OF(t->by),
		CELL_TEXT_OF(a ? a->figure : ""),
		CELL_DATE_OF(a ? a->date : DATE_NONE),
		CELL_TEXT_OF(!a ? "" : met ? "yes" : "no"),
		CELL_TEXT_OF(!a ? "—" : met ? "达标" : "未达标"),
		CELL_NAMES_OF(&it->lead_units), CELL_NAMES_OF(&it->leaders),
	};

	target_format(t, goal, sizeof(goal));
	snprintf(figure, sizeof(figure), "%s%s%s", t->figure,
		 t->figure_max ? "-" : "", t->figure_max ? t->figure_max : "");
	if (a) {
		cells[11].has_light = true;
		cells[11].light = met ? LIGHT_GREEN : LIGHT_YELLOW;
	}
	return render_row(r, cells);
}

static const struct option targets_options[] = { FILTER_OPTIONS, COMMON_OPTIONS };

static int cmd_targets(int argc, char **argv, struct context *ctx);

const struct command cmd_targets_entry = {
	.name = "targets",
	.fn = cmd_targets,
	.summary = N_("every target with its latest figure, and whether it is met"),
	.usage = N_(
		"usage: duban targets [filters of list] [--as-of DATE]\n"),
	.more = filter_options_help,
	.options = targets_options,
	.flags = CMD_PAGES,
};

static int cmd_targets(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct selection sel;
	struct render r;
	int rc = 0;
	int status = parse_report_options(argc, argv, ctx, targets_options, &f, NULL, NULL);

	if (status >= 0)
		return status;
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), target_fields, NTARGET);
	render_ask_filter(&r, &f);
	for (size_t i = 0; i < sel.n && rc == 0; i++) {
		size_t pos = sel.positions[i];
		const struct item *it = &sel.ss.plan.items[pos];

		for (size_t k = 0; k < it->ntargets && rc == 0; k++)
			rc = render_target(&r, it, k, &sel.ps.items[pos]);
	}
	status = finish_render(&r, rc);
	release_selection(&sel);
	return status;
}
