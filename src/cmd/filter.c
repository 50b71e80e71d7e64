/* The item filters that list, overdue, due, summary, targets and export
 * share, and the selection they make. */
#include <string.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/mem.h"

const char filter_options_help[] = N_(
	"\n"
	"Filters:\n"
	"  --unit U         items U leads (责任单位)\n"
	"  --participant U  items U takes part in (参加单位)\n"
	"  --involving U    items U leads or takes part in\n"
	"  --leader NAME    items NAME leads (牵头领导)\n"
	"  --section N      items of section N (2 or 二); N.M for a subsection\n"
	"  --grep TEXT      items whose task text contains TEXT\n"
	"  --status S       items in status S (not-started, in-progress, done,\n"
	"                   blocked; 未启动, 推进中, 已完成, 受阻)\n"
	"  --health L       items whose light is L (green, blue, yellow, red)\n"
	"  --mine           the items of your unit, or that you lead, as\n"
	"                   people.csv says ($DUBAN_USER or the login name)\n"
	"\n"
	"Filters combine: an item must pass all of them.  A unit matches an\n"
	"entry equal to it, the name before a full-width parenthesis\n"
	"(区住建局 matches 区住建局（旧改办）), and a part of a collective\n"
	"entry (集聚区 matches 各街道、镇、集聚区).  A unit or leader that is\n"
	"nowhere in the plan is an error naming the closest known names.\n");

int filter_option(struct context *ctx, int opt, const char *arg,
		  struct filter *f)
{
	switch (opt) {
	case OPT_UNIT: f->unit = arg; return -1;
	case OPT_PARTICIPANT: f->participant = arg; return -1;
	case OPT_INVOLVING: f->involving = arg; return -1;
	case OPT_LEADER: f->leader = arg; return -1;
	case OPT_GREP: f->grep = arg; return -1;
	case OPT_MINE: f->mine = true; return -1;
	case OPT_STATUS:
		if (status_parse(arg, &f->status))
			return usage_error(ctx, _("--status takes not-started, "
						  "in-progress, done or blocked "
						  "(未启动, 推进中, 已完成, 受阻), "
						  "not \"%s\""), arg);
		f->by_status = true;
		return -1;
	case OPT_HEALTH:
		if (light_parse(arg, &f->light))
			return usage_error(ctx, _("--health takes green, blue, yellow "
						  "or red (绿, 蓝, 黄, 红), not \"%s\""),
					   arg);
		f->by_light = true;
		return -1;
	case OPT_SECTION:
		if (filter_parse_section(arg, &f->section, &f->subsection))
			return usage_error(ctx, _("--section takes a section number "
						  "such as 2, 二 or 2.1, not \"%s\""),
					   arg);
		return -1;
	default:
		return common_option(ctx, opt, arg);
	}
}

/* --mine: the items of the user's unit, or for a leader the items they
 * lead, as people.csv says.  Returns 0, or -1 after saying why not. */
static int resolve_mine(struct filter *f, const struct people *people)
{
	const char *me = current_user();
	const struct person *p = me ? people_find(people, me) : NULL;

	if (!p) {
		fprintf(stderr, _("duban: --mine: %s is not in people.csv, so whose "
				  "items are yours is not known (add a line: "
				  "name,unit,role)\n"), me ? me : "?");
		return -1;
	}
	if (p->role == PERSON_LEADER) {
		f->leader = p->name;
	} else if (*p->unit) {
		f->unit = p->unit;
	} else {
		fprintf(stderr, _("duban: --mine: people.csv gives %s no unit\n"),
			p->name);
		return -1;
	}
	return 0;
}

/* The state as of ctx->as_of into sel->ps, saying what the journal holds
 * when it was read only now. */
static int state_as_of(struct context *ctx, struct selection *sel,
		       struct duban_error *err)
{
	bool indexed = sel->ss.indexed;
	int rc = session_state_as_of(&sel->ss, ctx->as_of, &sel->ps, err);

	if (indexed && !sel->ss.indexed)
		say_journal(&sel->ss, false);
	return rc;
}

/* select_items() with the store opened in mode. */
static int select_in(struct context *ctx, struct filter *f,
		     struct selection *sel, enum session_mode mode)
{
	struct duban_error err;
	int status = EXIT_OK;

	memset(sel, 0, sizeof(*sel));
	sel->ps = (struct plan_state)PLAN_STATE_INIT;
	if (open_store_as(ctx, &sel->ss, mode))
		return EXIT_FAILURE_DATA;
	sel->open = true;
	f->as_of = ctx->as_of;
	f->settings = &sel->ss.settings;
	if (f->mine && resolve_mine(f, &sel->ss.people)) {
		status = EXIT_USAGE;
	} else if (filter_check_names(f, &sel->ss.plan, &err)) {
		print_error(&err);
		status = EXIT_USAGE;
	} else if (state_as_of(ctx, sel, &err) ||
		   filter_select(f, &sel->ss.plan, &sel->ps, &sel->positions,
				 &sel->n, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	if (status != EXIT_OK)
		release_selection(sel);
	return status;
}

int select_items(struct context *ctx, struct filter *f, struct selection *sel)
{
	return select_in(ctx, f, sel, SESSION_STATE);
}

int select_items_with_records(struct context *ctx, struct filter *f,
			      struct selection *sel)
{
	return select_in(ctx, f, sel, SESSION_READ);
}

void release_selection(struct selection *sel)
{
	mem_free(sel->positions);
	sel->positions = NULL;
	state_release(&sel->ps);
	if (sel->open)
		close_store(&sel->ss);
	sel->open = false;
}

void render_ask_filter(struct render *r, const struct filter *f)
{
	render_ask(r, "leaders", f->leader);
	render_ask(r, "lead_units", f->unit);
	render_ask(r, "participants", f->participant);
	if (f->by_status)
		render_ask(r, "status", status_label(f->status));
}
