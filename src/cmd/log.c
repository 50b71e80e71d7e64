/* duban log and duban check: the history of records, and the store's health. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/store.h"

void describe_entry(const struct entry *e, const struct table *t, char *buf,
		    size_t size)
{
	const struct item *it = table_find(t, e->item);
	int n = 0;

	switch (e->kind) {
	case ENTRY_STATUS:
		n = snprintf(buf, size, _("status %s"),
			     status_label(e->status));
		break;
	case ENTRY_PROGRESS:
		n = snprintf(buf, size, _("progress %d%%"), e->percent);
		break;
	case ENTRY_NOTE:
		n = snprintf(buf, size, "%s", _("note"));
		break;
	case ENTRY_ACTUAL:
		n = snprintf(buf, size, _("actual #%d = %s%s"),
			     e->target, e->figure,
			     it && (size_t)e->target <= it->ntargets
			     ? it->targets[e->target - 1].unit : "");
		break;
	case ENTRY_UNDO:
		n = snprintf(buf, size, _("undo %.10s"), e->cancels);
		break;
	case ENTRY_KIND_COUNT:
		break;
	}
	if (e->undone && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " %s", _("(undone)"));
}

static const struct field log_fields[] = {
	{ "entry", N_("Entry"), FIELD_MACHINE },
	{ "entry", N_("Entry"), FIELD_TABLE },
	{ "recorded", N_("Recorded"), FIELD_MACHINE },
	{ "date", N_("Date"), FIELD_BOTH },
	{ "item", N_("Item"), FIELD_BOTH | FIELD_RIGHT },
	{ "kind", N_("Kind"), FIELD_MACHINE },
	{ "value", N_("Value"), FIELD_MACHINE },
	{ "target", N_("Target"), FIELD_MACHINE },
	{ "what", N_("What"), FIELD_TABLE },
	{ "by", N_("By"), FIELD_BOTH },
	{ "undone", N_("Undone"), FIELD_MACHINE },
	{ "note", N_("Note"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NLOG (sizeof(log_fields) / sizeof(*log_fields))

static int render_entry(struct render *r, const struct entry *e,
			const struct table *t)
{
	char shortid[11], what[256], value[64] = "";
	const char *v = value;

	snprintf(shortid, sizeof(shortid), "%.10s", e->id);
	describe_entry(e, t, what, sizeof(what));
	switch (e->kind) {
	case ENTRY_STATUS: v = status_key(e->status); break;
	case ENTRY_PROGRESS: snprintf(value, sizeof(value), "%d", e->percent); break;
	case ENTRY_ACTUAL: v = e->figure; break;
	case ENTRY_UNDO: v = e->cancels; break;
	case ENTRY_NOTE: case ENTRY_KIND_COUNT: break;
	}
	{
		struct cell cells[NLOG] = {
			CELL_TEXT_OF(e->id), CELL_TEXT_OF(shortid),
			CELL_TEXT_OF(e->recorded_text), CELL_DATE_OF(e->date),
			CELL_INT_OF(e->item), CELL_TEXT_OF(entry_kind_name(e->kind)),
			CELL_TEXT_OF(v),
			e->kind == ENTRY_ACTUAL ? CELL_INT_OF(e->target) : CELL_TEXT_OF(""),
			CELL_TEXT_OF(what), CELL_TEXT_OF(e->by),
			CELL_INT_OF(e->undone), CELL_TEXT_OF(e->note),
		};

		return render_row(r, cells);
	}
}

int cmd_log(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = {
		{ "max-count", required_argument, NULL, 'n' },
		COMMON_OPTIONS
	};
	struct store_session ss;
	struct render r;
	long item = 0, max = -1, shown = 0;
	char *end;
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "n:", options, NULL)) != -1) {
		if (opt == 'n') {
			max = strtol(optarg, &end, 10);
			if (*end || end == optarg || max < 0)
				return usage_error(ctx, _("-n takes a "
						   "count, not \"%s\""),
						   optarg);
			continue;
		}
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (argc - optind > 1)
		return usage_error(ctx, _("log takes at most one item id"));
	if (argc > optind && parse_id_arg(ctx, argv[optind], &item))
		return EXIT_USAGE;
	if (open_store(ctx, &ss, false))
		return EXIT_FAILURE_DATA;
	if (item && !table_find(&ss.plan, item)) {
		fprintf(stderr, _("duban: no item %ld in the plan\n"), item);
		close_store(&ss);
		return EXIT_USAGE;
	}
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), log_fields, NLOG);
	for (size_t i = ss.journal.n; i-- > 0 && rc == 0 && shown != max;) {
		const struct entry *e = &ss.journal.v[i];

		if (item && e->item != item)
			continue;
		rc = render_entry(&r, e, &ss.plan);
		shown++;
	}
	status = finish_render(&r, rc);
	close_store(&ss);
	return status;
}

/* duban check: every problem of the plan and the journal, exit 1 if any. */
/* Names every record recorded later than now (a writer whose clock ran
 * ahead: its records sort after everything written since); returns how
 * many. */
static size_t say_future_records(const struct journal *j, const char *journal)
{
	int64_t now = entry_now();
	size_t n = 0;

	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];

		if (e->recorded <= now + JOURNAL_CLOCK_SLACK_US)
			continue;
		fprintf(stderr, _("duban: %s:%ld: entry %.10s is "
			"recorded at %s, %lld days ahead of this machine's "
			"clock: was its writer's clock wrong?\n"),
			journal, e->line,
			e->id, e->recorded_text,
			(long long)((e->recorded - now) / 86400000000LL));
		n++;
	}
	return n;
}

/* Names the batches of records not all there; returns how many. */
static size_t say_gaps(const struct journal *j, const char *journal)
{
	for (size_t g = 0; g < j->ngaps; g++) {
		const struct journal_gap *gap = &j->gaps[g];

		fprintf(stderr, _("duban: %s:%ld: batch %s has %zu of its %zu "
			"records (lines %ld to %ld; a write was interrupted, or "
			"a line deleted): they are left out; %s\n"),
			journal, gap->first_line, gap->batch, gap->have, gap->want,
			gap->first_line, gap->last_line,
			j->problems.n ? _("mend the damaged lines first")
			: gap->at_end ? _("the next update cuts them off")
				      : _("duban check --repair removes them"));
	}
	return j->ngaps;
}

/* Says what is wrong with the journal j; returns whether anything is. */
static bool say_journal_problems(const struct journal *j, const char *journal)
{
	size_t future;

	for (size_t i = 0; i < j->problems.n; i++)
		fprintf(stderr, "duban: %s:%ld: %s\n", journal, j->problems.v[i].line,
			j->problems.v[i].msg);
	if (j->torn_tail)
		fprintf(stderr, _("duban: %s:%ld: the last line "
			"is incomplete (a write was interrupted); the next "
			"update cuts it off\n"), journal, j->torn_line);
	if (j->unterminated)
		fprintf(stderr, _("duban: %s:%ld: note: the last line lacks its "
			"newline but is whole (its sum matches); it is kept\n"),
			journal, j->torn_line);
	future = say_future_records(j, journal);
	say_gaps(j, journal);
	if (j->problems.n)
		fprintf(stderr, _("duban: %zu damaged journal lines\n"),
			j->problems.n);
	return j->problems.n || j->torn_tail || future || j->ngaps;
}

/* check --repair: what a write cut short left goes; damage stays for a
 * person to mend, since only they can tell which copy is right. */
static int repair_journal(const struct journal *j, const char *journal)
{
	struct duban_error err;

	if (j->problems.n) {
		fprintf(stderr, _("duban: %s: damaged lines are "
			"mended by hand (or from a copy kept in git); --repair "
			"removes only interrupted writes\n"), journal);
		return EXIT_FAILURE_DATA;
	}
	if (!j->torn_tail && !j->ngaps && !j->unterminated) {
		printf(_("%s: nothing to repair\n"), journal);
		return EXIT_OK;
	}
	if (journal_repair(journal, j, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	printf(j->torn_tail ? _("%s: removed %zu incomplete batches and a torn "
				"last line\n")
			    : _("%s: removed %zu incomplete batches\n"),
	       journal, j->ngaps);
	return EXIT_OK;
}

int cmd_check(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = {
		{ "repair", no_argument, NULL, 'r' },
		COMMON_OPTIONS
	};
	struct table t = TABLE_INIT;
	struct journal j = JOURNAL_INIT;
	struct store_lock lock = STORE_LOCK_INIT;
	struct duban_error err;
	char dir[4096], items[4096], journal[4096];
	bool is_default, repair = false;
	int opt, status = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 'r')
			repair = true;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (store_locate(ctx->store_arg, dir, sizeof(dir), &is_default, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	if (!store_exists(dir)) {
		fprintf(stderr, _("duban: %s: no store here (no items.csv)\n"),
			dir);
		return EXIT_FAILURE_DATA;
	}
	if (store_file(dir, STORE_ITEMS, items, sizeof(items), &err) ||
	    store_file(dir, JOURNAL_FILE, journal, sizeof(journal), &err) ||
	    store_lock(dir, repair, &lock, &err) ||
	    table_load_file(&t, items, items, &err) ||
	    journal_load(&j, journal, journal, &t, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
		goto out;
	}
	if (repair)
		status = repair_journal(&j, journal);
	else if (say_journal_problems(&j, journal))
		status = EXIT_FAILURE_DATA;
	else
		printf(_("%s: %zu items, %zu records: no problems\n"),
		       dir, t.n, j.n);
out:
	journal_release(&j);
	table_release(&t);
	store_unlock(&lock);
	return status;
}
