/*
 * duban extend, approve, refuse and return: what the office settles, later
 * deadlines (延期) and closures (办结审核).
 *
 * The office grants an item a later deadline with extend; a unit asks for
 * one with extend --request, which the office then approves or refuses.
 * Where store.conf says review = yes, a unit's done awaits the office's
 * review (申请办结): approve closes the item (销号), return sends it back
 * (退回).  Each is a record in the journal (state.h), so that an item is
 * judged as of any day, and its plan deadline is kept.
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

static const struct option approve_options[] = {
	RECORD_OPTIONS,
	{ "closure", no_argument, NULL, OPT_CLOSURE },
	{ "extension", no_argument, NULL, OPT_EXTENSION },
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

/* refuse (and approve --extension) settles the deadline the item's unit
 * asked for. */
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

static int nothing_to_review(const struct change *c)
{
	fprintf(stderr, _("duban: item %ld awaits no review (a unit's done "
			  "awaits it where store.conf says review = yes)\n"),
		c->it->id);
	return EXIT_FAILURE_DATA;
}

/* A review is dated on or after the day the unit reported done. */
static int check_review_date(const struct change *c,
			     const struct item_state *st)
{
	char asked[DATE_BUFSIZE], on[DATE_BUFSIZE];

	if (c->on >= st->closing)
		return EXIT_OK;
	fprintf(stderr, _("duban: item %ld was reported done on %s: its review "
			  "cannot be dated %s, before it\n"), c->it->id,
		date_format(st->closing, asked), date_format(c->on, on));
	return EXIT_FAILURE_DATA;
}

/* approve settles what awaits the office: the closure a unit asked for,
 * which makes the item done, or the deadline it asked for; it must be told
 * which when both wait. */
static int check_approval(struct change *c, const struct item_state *st)
{
	bool closing = st->closing != DATE_NONE;
	bool asked = st->requested != DATE_NONE;

	if (c->settle == SETTLE_ANY && closing && asked) {
		fprintf(stderr, _("duban: item %ld awaits both a closure review "
				  "and an extension: say approve --closure or "
				  "--extension\n"), c->it->id);
		return EXIT_USAGE;
	}
	if (c->settle == SETTLE_ANY && !closing && !asked && c->review) {
		fprintf(stderr, _("duban: item %ld awaits nothing of the office: "
				  "no done to review, no extension asked for\n"),
			c->it->id);
		return EXIT_FAILURE_DATA;
	}
	if (c->settle == SETTLE_EXTENSION || (c->settle == SETTLE_ANY && !closing))
		return check_asked(c, st);
	if (!closing)
		return nothing_to_review(c);
	c->kind = ENTRY_STATUS;
	c->status = STATUS_DONE;
	return check_review_date(c, st);
}

/* return sends back a closure awaiting review. */
static int check_returnable(struct change *c, const struct item_state *st)
{
	return st->closing == DATE_NONE ? nothing_to_review(c)
					 : check_review_date(c, st);
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
			   enum entry_kind kind, bool need_message,
			   change_check check)
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
	proto.settle = o.settle;
	return apply_changes(ctx, argv + optind, argc - optind, &o, &proto,
			     check);
}

static int cmd_approve(int argc, char **argv, struct context *ctx);

const struct command cmd_approve_entry = {
	.name = "approve",
	.fn = cmd_approve,
	.summary = N_("close items a unit reported done (销号), or grant the "
		      "deadlines asked for"),
	.usage = N_(
		"usage: duban approve ID... [--closure | --extension] [-m NOTE]\n"
		"                     [--date DATE] [--by NAME]\n"
		"\n"
		"Settles what each item's unit asked of the office: a done that\n"
		"awaits review (申请办结, where store.conf says review = yes),\n"
		"which makes the item done as of the day the unit reported it, or\n"
		"the deadline asked for with duban extend --request, which the\n"
		"item is then judged by.  When both wait, say which: --closure or\n"
		"--extension.  Only the office (督查室 in people.csv) approves.\n"),
	.more = update_options_help,
	.options = approve_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_approve(int argc, char **argv, struct context *ctx)
{
	return settle_requests(argc, argv, ctx, ENTRY_EXTEND, false,
			       check_approval);
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
	return settle_requests(argc, argv, ctx, ENTRY_EXTEND_REFUSE, true,
			       check_asked);
}

static int cmd_return(int argc, char **argv, struct context *ctx);

const struct command cmd_return_entry = {
	.name = "return",
	.fn = cmd_return,
	.summary = N_("send back a done that awaits review (退回)"),
	.usage = N_(
		"usage: duban return ID... -m WHY [--date DATE] [--by NAME]\n"
		"\n"
		"Sends back each item a unit reported done, where store.conf says\n"
		"review = yes: the item is in progress (推进中) again, and the\n"
		"return counts against the unit.  Only the office (督查室 in\n"
		"people.csv) returns.\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_return(int argc, char **argv, struct context *ctx)
{
	return settle_requests(argc, argv, ctx, ENTRY_CLOSE_RETURN, true,
			       check_returnable);
}
