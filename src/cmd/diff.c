/*
 * duban diff: what changed between two days, for the next 通报: items
 * newly done or reopened, newly overdue, lights that changed, deadlines
 * extended, closures returned, and units whose rank moved.
 *
 * Both days are folded from the journal (the records dated by each), so
 * "what changed since the last 通报" comes out the same whenever it is
 * asked.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/changes.h"
#include "cmd/rank.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/strbuf.h"

static const struct option diff_options[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	COMMON_OPTIONS
};

static int cmd_diff(int argc, char **argv, struct context *ctx);

const struct command cmd_diff_entry = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = N_("what changed between two days: done, overdue, lights, "
		      "extensions, ranks"),
	.usage = N_(
		"usage: duban diff --since DATE [--as-of DATE]\n"
		"\n"
		"Lists what changed from DATE to the --as-of day (today by\n"
		"default), each day as the records dated by it give it: items\n"
		"newly done or reopened, newly overdue, whose light changed,\n"
		"whose deadline was extended or whose closure was returned, and\n"
		"lead units whose rank in their group (duban rank) moved.\n"),
	.options = diff_options,
	.flags = CMD_PAGES,
};

static const char *const change_keys[CH_COUNT] = {
	"done", "reopened", "overdue", "light", "extended", "returned", "rank",
};

static const char *const change_labels[CH_COUNT] = {
	N_("done"), N_("reopened"), N_("overdue"), N_("light"),
	N_("extended"), N_("returned"), N_("rank"),
};

const char *change_key(enum change_kind k)
{
	return change_keys[k];
}

const char *change_label(enum change_kind k)
{
	return _(change_labels[k]);
}

static const struct field diff_fields[] = {
	{ "change", N_("What changed"), FIELD_MACHINE },
	{ "change", N_("What changed"), FIELD_TABLE | FIELD_WHOLE },
	{ "item", N_("Item"), FIELD_BOTH | FIELD_RIGHT },
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "before", N_("Before"), FIELD_BOTH },
	{ "after", N_("After"), FIELD_BOTH },
	{ "text", N_("Task"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NDIFF (sizeof(diff_fields) / sizeof(*diff_fields))

/* Hands sd's callback one change; a NULL label is its key. */
static int put_change(const struct change_sides *sd, enum change_kind k,
		      long item, const char *unit, const char *const key[2],
		      const char *const label[2], const char *text)
{
	struct change c = {
		k, item, unit, key[0], key[1], text,
		label && label[0] ? label[0] : key[0],
		label && label[1] ? label[1] : key[1],
	};

	return sd->fn(&c, sd->arg);
}

/* The changes of item i, in the order of change_keys. */
static int item_changes(const struct change_sides *sd, size_t i,
			struct strbuf *units)
{
	const struct item *it = &sd->ss->plan.items[i];
	const struct item_state *a = &sd->then->items[i], *b = &sd->now->items[i];
	const struct settings *s = &sd->ss->settings;
	char d1[DATE_BUFSIZE], d2[DATE_BUFSIZE], n1[16], n2[16];
	struct health ha, hb;
	int rc = 0;

	health_of(it, a, sd->since, s, &ha);
	health_of(it, b, sd->as_of, s, &hb);
	sb_reset(units);
	for (size_t k = 0; k < it->lead_units.n; k++)
		if (sb_puts(units, k ? "、" : "") ||
		    sb_puts(units, it->lead_units.v[k]))
			return -1;
	if (a->status != STATUS_DONE && b->status == STATUS_DONE)
		rc = put_change(sd, CH_DONE, it->id, units->s,
				(const char *[]){ status_key(a->status),
						  date_format(b->done_date, d2) },
				(const char *[]){ status_label(a->status), NULL },
				it->text);
	if (!rc && a->status == STATUS_DONE && b->status != STATUS_DONE)
		rc = put_change(sd, CH_REOPENED, it->id, units->s,
				(const char *[]){ date_format(a->done_date, d1),
						  status_key(b->status) },
				(const char *[]){ NULL, status_label(b->status) },
				it->text);
	if (!rc && ha.standing != STANDING_OVERDUE &&
	    hb.standing == STANDING_OVERDUE)
		rc = put_change(sd, CH_OVERDUE, it->id, units->s,
				(const char *[]){ standing_key(ha.standing),
						  date_format(state_deadline(it, b),
							      d2) },
				(const char *[]){ standing_label(ha.standing),
						  NULL },
				it->text);
	if (!rc && ha.light != hb.light)
		rc = put_change(sd, CH_LIGHT, it->id, units->s,
				(const char *[]){ light_key(ha.light),
						  light_key(hb.light) },
				(const char *[]){ light_label(ha.light),
						  light_label(hb.light) },
				it->text);
	if (!rc && b->extensions > a->extensions)
		rc = put_change(sd, CH_EXTENDED, it->id, units->s,
				(const char *[]){
					date_format(state_deadline(it, a), d1),
					date_format(state_deadline(it, b), d2) },
				NULL, it->text);
	if (!rc && b->returns > a->returns) {
		snprintf(n1, sizeof(n1), "%d", a->returns);
		snprintf(n2, sizeof(n2), "%d", b->returns);
		rc = put_change(sd, CH_RETURNED, it->id, units->s,
				(const char *[]){ n1, n2 }, NULL, it->text);
	}
	return rc;
}

/* The units whose rank in their group moved, in the order of the ranking
 * on the later day. */
static int rank_changes(const struct change_sides *sd)
{
	char r1[24], r2[24];
	int rc = 0;

	for (size_t i = 0; i < sd->after->n && rc == 0; i++) {
		const struct score *u = sd->after->order[i];
		const struct score *was = &sd->before->v[u - sd->after->v];

		if (was->rank == u->rank)
			continue;
		snprintf(r1, sizeof(r1), "%ld", was->rank);
		snprintf(r2, sizeof(r2), "%ld", u->rank);
		rc = put_change(sd, CH_RANK, 0, u->unit,
				(const char *[]){ r1, r2 }, NULL, "");
	}
	return rc;
}

int each_change(const struct change_sides *sd)
{
	struct strbuf units = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < sd->ss->plan.n && rc == 0; i++)
		rc = item_changes(sd, i, &units);
	if (rc == 0)
		rc = rank_changes(sd);
	sb_release(&units);
	return rc;
}

static int render_change(const struct change *c, void *arg)
{
	return render_row(arg, (struct cell[NDIFF]){
		CELL_TEXT_OF(change_key(c->kind)),
		CELL_TEXT_OF(change_label(c->kind)),
		c->item ? CELL_INT_OF(c->item) : CELL_TEXT_OF(""),
		CELL_TEXT_OF(c->unit), CELL_TEXT_OF(c->before),
		CELL_TEXT_OF(c->after), CELL_TEXT_OF(c->text),
	});
}

static int render_changes(struct context *ctx, struct change_sides *sd)
{
	struct render r;

	say_when_empty(N_("nothing changed"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), diff_fields, NDIFF);
	sd->fn = render_change;
	sd->arg = &r;
	return finish_render(&r, each_change(sd));
}

int load_changes_base(struct plan_state *then, struct scores *before,
		      struct scores *after, const struct selection *sel,
		      const struct roster *ro, date_t since, date_t as_of,
		      struct duban_error *err)
{
	return state_fold(then, &sel->ss.plan, &sel->ss.journal, since, err) ||
	       score_units(before, &sel->ss, ro, then, since, err) ||
	       score_units(after, &sel->ss, ro, &sel->ps, as_of, err) ? -1 : 0;
}

static int cmd_diff(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct selection sel;
	struct roster ro = ROSTER_INIT;
	struct plan_state then = PLAN_STATE_INIT;
	struct scores before, after;
	struct duban_error err;
	date_t since = DATE_NONE;
	int status;

	if ((status = parse_since_options(argc, argv, ctx, &since, NULL)) >= 0)
		return status;
	if (since == DATE_NONE)
		return usage_error(ctx, _("diff needs --since DATE"));
	if (since >= ctx->as_of)
		return usage_error(ctx, _("--since must come before --as-of"));
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	before = after = (struct scores){ .index = TALLY_INIT };
	if ((status = load_roster(&sel.ss, &ro)) == EXIT_OK &&
	    load_changes_base(&then, &before, &after, &sel, &ro, since,
			      ctx->as_of, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	if (status == EXIT_OK) {
		struct change_sides sd = {
			.ss = &sel.ss, .then = &then, .now = &sel.ps,
			.since = since, .as_of = ctx->as_of,
			.before = &before, .after = &after,
		};

		status = render_changes(ctx, &sd);
	}
	release_scores(&before);
	release_scores(&after);
	state_release(&then);
	roster_release(&ro);
	release_selection(&sel);
	return status;
}
