/*
 * duban milestone add, list and remove: the stages of big tasks (节点),
 * kept in milestones.csv beside items.csv.
 *
 * milestones.csv is plan data, as items.csv is: Excel may edit it, and
 * these commands rewrite it whole (a temporary file, synced, renamed over
 * it) under the store's exclusive lock, the office alone when people.csv
 * names people.  序时进度 follows an item's milestones (health.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/record.h"
#include "duban/figure.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/milestone.h"
#include "duban/store.h"

enum { OPT_MS_BY = OPT_COMMAND_BASE };

static const struct option milestone_options[] = {
	{ "message", required_argument, NULL, 'm' },
	{ "by", required_argument, NULL, OPT_MS_BY },
	COMMON_OPTIONS
};

static int cmd_milestone(int argc, char **argv, struct context *ctx);

const struct command cmd_milestone_entry = {
	.name = "milestone",
	.fn = cmd_milestone,
	.summary = N_("the stages of big tasks (节点): add, list, remove"),
	.usage = N_(
		"usage: duban milestone add ID DATE PERCENT [-m TEXT] [--by NAME]\n"
		"       duban milestone list [ID...] [--as-of DATE]\n"
		"       duban milestone remove ID DATE [--by NAME]\n"
		"\n"
		"A milestone says how far an item should be by a day (\"一季度完成\n"
		"招引80%\": 2024-03-31, 80).  序时进度 then follows the line through\n"
		"the item's milestones instead of the share of time gone, so a\n"
		"milestone passed below its percent makes the item behind.  They\n"
		"are kept in milestones.csv in the store (item, date, percent,\n"
		"text), which Excel may edit; add and remove rewrite it whole, and\n"
		"only the office (督查室 in people.csv) may.  A later milestone of\n"
		"an item may not ask for less than an earlier one.  list shows\n"
		"each with whether the item was as far by then (met, missed, or\n"
		"still to come as of --as-of).\n"
		"\n"
		"  -m, --message TEXT  what the stage is\n"
		"  --by NAME           who edits (default $DUBAN_USER, else the\n"
		"                      login name)\n"),
	.options = milestone_options,
	.flags = CMD_TAKES_IDS,
};

/* The options of a milestone subcommand: -m and --by. */
struct ms_opts {
	const char *text;
	const char *by;
};

static int parse_ms_options(int argc, char **argv, struct context *ctx,
			    struct ms_opts *o)
{
	int opt, status;

	*o = (struct ms_opts){ "", current_user() };
	while ((opt = getopt_long(argc, argv, "m:", milestone_options,
				  NULL)) != -1) {
		if (opt == 'm')
			o->text = optarg;
		else if (opt == OPT_MS_BY)
			o->by = optarg;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	return -1;
}

/* Opens the store to edit item id's milestones: the office only, the item
 * in the plan unless it is NULL (a milestone of an item gone from the
 * plan can still be removed).  Returns EXIT_OK with *it set (close_store()
 * afterwards), else the exit status after saying why, the store closed. */
static int open_for_edit(struct context *ctx, struct session *ss, long id,
			 const char *by, const struct item **it)
{
	int status;

	if (!by || !*by)
		return usage_error(ctx, _("say who edits, with --by NAME or "
				   "$DUBAN_USER"));
	if (open_store_items(ctx, ss, &id, 1))
		return EXIT_FAILURE_DATA;
	status = check_office(ctx, &ss->people, by, ss->dir);
	if (status == EXIT_OK && it && !(*it = table_find(&ss->plan, id))) {
		fprintf(stderr, _("duban: no item %ld in the plan\n"), id);
		status = EXIT_USAGE;
	}
	if (status != EXIT_OK)
		close_store(ss);
	return status;
}

/* Writes the session's milestones back to the store. */
static int write_milestones(struct session *ss)
{
	char path[4096];
	struct duban_error err;

	if (store_file(ss->dir, MILESTONES_FILE, path, sizeof(path), &err) ||
	    milestones_write(&ss->milestones, path, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

/* Reads the ID and DATE arguments of add and remove. */
static int parse_id_date(struct context *ctx, char **args, long *id,
			 date_t *date)
{
	if (parse_id_arg(ctx, args[0], id))
		return EXIT_USAGE;
	if (date_parse(args[1], date) || *date == DATE_NONE)
		return usage_error(ctx, _("\"%s\" is not a date (write "
				   "2024-09-30)"), args[1]);
	return -1;
}

static int milestone_add(struct context *ctx, int argc, char **argv,
			 const struct ms_opts *o)
{
	struct session ss;
	const struct item *it;
	struct duban_error err;
	char day[DATE_BUFSIZE];
	long id;
	date_t date;
	int percent, status;

	if (argc != 3)
		return usage_error(ctx, _("milestone add needs ID DATE PERCENT"));
	if ((status = parse_id_date(ctx, argv, &id, &date)) >= 0)
		return status;
	if (percent_parse(argv[2], &percent))
		return usage_error(ctx, _("\"%s\" is not a percent from 0 to "
				   "100"), argv[2]);
	if ((status = open_for_edit(ctx, &ss, id, o->by, &it)) != EXIT_OK)
		return status;
	if (it->deadline != DATE_NONE && date > it->deadline) {
		fprintf(stderr, _("duban: item %ld is due %s: a milestone comes "
				  "on or before it\n"), id,
			date_format(it->deadline, day));
		status = EXIT_FAILURE_DATA;
	} else if (milestones_add(&ss.milestones, id, date, percent, o->text,
				  &err)) {
		fprintf(stderr, "duban: %s\n", err.msg);
		status = EXIT_FAILURE_DATA;
	} else {
		status = write_milestones(&ss);
	}
	close_store(&ss);
	return status;
}

static int milestone_remove(struct context *ctx, int argc, char **argv,
			    const struct ms_opts *o)
{
	struct session ss;
	char day[DATE_BUFSIZE];
	long id;
	date_t date;
	int status;

	if (argc != 2)
		return usage_error(ctx, _("milestone remove needs ID DATE"));
	if ((status = parse_id_date(ctx, argv, &id, &date)) >= 0)
		return status;
	if ((status = open_for_edit(ctx, &ss, id, o->by, NULL)) != EXIT_OK)
		return status;
	if (milestones_remove(&ss.milestones, id, date)) {
		fprintf(stderr, _("duban: item %ld has no milestone on %s\n"),
			id, date_format(date, day));
		status = EXIT_FAILURE_DATA;
	} else {
		status = write_milestones(&ss);
	}
	close_store(&ss);
	return status;
}

static const struct field milestone_fields[] = {
	{ "id", N_("ID"), FIELD_BOTH | FIELD_RIGHT },
	{ "date", N_("Date"), FIELD_BOTH },
	{ "percent", N_("Expected %"), FIELD_BOTH | FIELD_RIGHT },
	{ "reached", N_("Now %"), FIELD_BOTH | FIELD_RIGHT },
	{ "standing", N_("Standing"), FIELD_MACHINE },
	{ "standing", N_("Standing"), FIELD_TABLE | FIELD_WHOLE },
	{ "text", N_("Milestone"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NMILESTONE (sizeof(milestone_fields) / sizeof(*milestone_fields))

/* Whether the item, at percent now, met milestone m as of as_of: "met"
 * once as far, "missed" when its day has gone by below it, else
 * "upcoming". */
static const char *milestone_standing(const struct milestone *m, int percent,
				      date_t as_of)
{
	if (percent >= m->percent)
		return "met";
	return as_of > m->date ? "missed" : "upcoming";
}

static const char *milestone_standing_label(const char *key)
{
	if (strcmp(key, "met") == 0)
		return _("met");
	return strcmp(key, "missed") == 0 ? _("missed") : _("upcoming");
}

/* Renders item m->item's milestone m, as far as the item is now. */
static int render_milestone(struct render *r, const struct selection *sel,
			    const struct milestone *m, date_t as_of)
{
	const struct item *it = table_find(&sel->ss.plan, m->item);
	const char *key;
	int percent;

	if (!it)	/* check reports milestones of items not in the plan */
		return 0;
	percent = state_percent(&sel->ps.items[it - sel->ss.plan.items]);
	key = milestone_standing(m, percent, as_of);
	return render_row(r, (struct cell[NMILESTONE]){
		CELL_INT_OF(m->item), CELL_DATE_OF(m->date),
		CELL_INT_OF(m->percent), CELL_INT_OF(percent),
		CELL_TEXT_OF(key), CELL_TEXT_OF(milestone_standing_label(key)),
		CELL_TEXT_OF(m->text),
	});
}

/* Renders the milestones of the items ids[0..n) in that order, or every
 * milestone when n is 0. */
static int render_milestones(struct render *r, const struct selection *sel,
			     const long *ids, size_t n, date_t as_of)
{
	const struct milestones *ms = &sel->ss.milestones;
	int rc = 0;

	for (size_t i = 0; i < ms->n && !n && rc == 0; i++)
		rc = render_milestone(r, sel, &ms->v[i], as_of);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t k, count;
		const struct milestone *m = milestones_of(ms, ids[i], &count);

		for (k = 0; k < count && rc == 0; k++)
			rc = render_milestone(r, sel, &m[k], as_of);
	}
	return rc;
}

static int milestone_list(struct context *ctx, int argc, char **argv)
{
	struct filter f = { 0 };
	struct selection sel;
	struct render r;
	long *ids = NULL;
	int rc, status = EXIT_OK;

	if (argc && !(ids = parse_id_args(ctx, argv, argc, &status)))
		return status;
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK) {
		mem_free(ids);
		return status;
	}
	say_when_empty(N_("no milestones"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), milestone_fields, NMILESTONE);
	rc = render_milestones(&r, &sel, ids, (size_t)argc, ctx->as_of);
	status = finish_render(&r, rc);
	release_selection(&sel);
	mem_free(ids);
	return status;
}

static int cmd_milestone(int argc, char **argv, struct context *ctx)
{
	struct ms_opts o;
	int status = parse_ms_options(argc, argv, ctx, &o);
	const char *sub;

	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(ctx, _("milestone needs add, list or remove"));
	sub = argv[optind++];
	argc -= optind;
	argv += optind;
	if (strcmp(sub, "add") == 0)
		return milestone_add(ctx, argc, argv, &o);
	if (strcmp(sub, "remove") == 0)
		return milestone_remove(ctx, argc, argv, &o);
	if (strcmp(sub, "list") == 0)
		return milestone_list(ctx, argc, argv);
	return usage_error(ctx, _("milestone takes add, list or remove, not "
			   "\"%s\""), sub);
}
