/*
 * duban extend, approve and refuse: later deadlines (延期).
 *
 * The office grants an item a later deadline with extend; a unit asks for
 * one with extend --request, which the office then approves or refuses.
 * Each is a record in the journal (state.h), so that an item is judged by
 * the deadline granted as of any day, and its plan deadline is kept.
 */
#include <stdlib.h>

#include "cmd/cmd.h"
#include "cmd/record.h"
#include "duban/i18n.h"

static const struct option extend_options[] = {
	RECORD_OPTIONS,
	{ "request", no_argument, NULL, OPT_REQUEST },
	COMMON_OPTIONS
};

/* Says that item c->it cannot be given the deadline c->deadline. */
static int refuse_deadline(const struct change *c, const char *why,
			   date_t current)
{
	char want[DATE_BUFSIZE], now[DATE_BUFSIZE];

	fprintf(stderr, _("duban: item %ld cannot be given the deadline %s: %s "
			  "(it is due %s)\n"), c->it->id,
		date_format(c->deadline, want), why,
		current == DATE_NONE ? _("with no date") : date_format(current, now));
	return EXIT_FAILURE_DATA;
}

/* A deadline granted or asked for must come after the one the item is
 * judged by now, and a done item needs none. */
static int check_later(struct change *c, const struct item_state *st)
{
	date_t current = state_deadline(c->it, st);

	if (st->status == STATUS_DONE)
		return refuse_deadline(c, _("it is done already"), current);
	if (current != DATE_NONE && c->deadline <= current)
		return refuse_deadline(c, _("it is not later"), current);
	return EXIT_OK;
}

/* approve and refuse settle the deadline the item's unit asked for. */
static int check_asked(struct change *c, const struct item_state *st)
{
	if (st->requested == DATE_NONE) {
		fprintf(stderr, _("duban: item %ld has no extension asked for "
				  "(duban extend --request asks)\n"), c->it->id);
		return EXIT_FAILURE_DATA;
	}
	c->deadline = st->requested;
	return c->kind == ENTRY_EXTEND ? check_later(c, st) : EXIT_OK;
}

static int cmd_extend(int argc, char **argv, struct context *ctx);

const struct command cmd_extend_entry = {
	.name = "extend",
	.fn = cmd_extend,
	.summary = N_("grant items a later deadline (延期), or ask for one"),
	.usage = N_(
		"usage: duban extend ID... DATE -m REASON [--request] [--date DATE]\n"
		"                    [--by NAME]\n"
		"\n"
		"Grants the items the deadline DATE, which they are judged by from\n"
		"the day recorded on (--date) on; the plan's deadline is kept beside\n"
		"it.  Only the office (督查室 in people.csv) grants.  With --request,\n"
		"anyone asks for it instead, and the office then settles it with\n"
		"duban approve or duban refuse.  DATE must be later than the\n"
		"deadline the item has, and REASON says why.\n"),
	.more = update_options_help,
	.options = extend_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_extend(int argc, char **argv, struct context *ctx)
{
	struct update_opts o;
	struct change proto = { .kind = ENTRY_EXTEND };
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind < 2)
		return usage_error(ctx, _("extend needs item ids and a date"));
	if (date_parse(argv[argc - 1], &proto.deadline) ||
	    proto.deadline == DATE_NONE)
		return usage_error(ctx, _("\"%s\" is not a date (write "
				   "2024-09-30)"), argv[argc - 1]);
	if (!o.message || !*o.message)
		return usage_error(ctx, _("%s needs a reason: -m TEXT"),
				   ctx->command);
	if (o.request)
		proto.kind = ENTRY_EXTEND_REQUEST;
	else
		o.office_only = true;
	return apply_changes(ctx, argv + optind, argc - optind - 1, &o, &proto,
			     check_later);
}

/* The body of approve and refuse: a record of kind for each item's
 * pending request, made by the office. */
static int settle_requests(int argc, char **argv, struct context *ctx,
			   enum entry_kind kind, bool need_message)
{
	struct update_opts o;
	struct change proto = { .kind = kind };
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind < 1)
		return usage_error(ctx, _("%s needs at least one item id"),
				   ctx->command);
	if (need_message && (!o.message || !*o.message))
		return usage_error(ctx, _("%s needs a note saying why: -m TEXT"),
				   ctx->command);
	o.office_only = true;
	return apply_changes(ctx, argv + optind, argc - optind, &o, &proto,
			     check_asked);
}

static int cmd_approve(int argc, char **argv, struct context *ctx);

const struct command cmd_approve_entry = {
	.name = "approve",
	.fn = cmd_approve,
	.summary = N_("grant the later deadlines items' units asked for"),
	.usage = N_(
		"usage: duban approve ID... [-m NOTE] [--date DATE] [--by NAME]\n"
		"\n"
		"Grants each item the deadline its unit asked for with duban\n"
		"extend --request.  Only the office (督查室 in people.csv) approves.\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_approve(int argc, char **argv, struct context *ctx)
{
	return settle_requests(argc, argv, ctx, ENTRY_EXTEND, false);
}

static int cmd_refuse(int argc, char **argv, struct context *ctx);

const struct command cmd_refuse_entry = {
	.name = "refuse",
	.fn = cmd_refuse,
	.summary = N_("refuse the later deadlines items' units asked for"),
	.usage = N_(
		"usage: duban refuse ID... -m WHY [--date DATE] [--by NAME]\n"
		"\n"
		"Refuses the deadline each item's unit asked for with duban extend\n"
		"--request; the item keeps the deadline it has.  Only the office\n"
		"(督查室 in people.csv) refuses.\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_refuse(int argc, char **argv, struct context *ctx)
{
	return settle_requests(argc, argv, ctx, ENTRY_EXTEND_REFUSE, true);
}
