/* duban log and duban check: the history of records, and the store's health. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/rank.h"
#include "duban/bulletin.h"
#include "duban/evidence.h"
#include "duban/i18n.h"
#include "duban/index.h"
#include "duban/mem.h"
#include "duban/milestone.h"
#include "duban/roster.h"
#include "duban/sheet.h"
#include "duban/store.h"

void describe_entry(const struct entry *e, const struct table *t, char *buf,
		    size_t size)
{
	const struct item *it = table_find(t, e->item);
	char date[DATE_BUFSIZE];
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
	case ENTRY_EXTEND:
		n = snprintf(buf, size, _("deadline extended to %s"),
			     date_format(e->deadline, date));
		break;
	case ENTRY_EXTEND_REQUEST:
		n = snprintf(buf, size, _("extension to %s asked for"),
			     date_format(e->deadline, date));
		break;
	case ENTRY_EXTEND_REFUSE:
		n = snprintf(buf, size, _("extension to %s refused"),
			     date_format(e->deadline, date));
		break;
	case ENTRY_CLOSE_REQUEST:
		n = snprintf(buf, size, "%s", _("done, awaiting review "
						"(申请办结)"));
		break;
	case ENTRY_CLOSE_RETURN:
		n = snprintf(buf, size, "%s", _("closure returned (退回)"));
		break;
	case ENTRY_EVIDENCE:
		n = snprintf(buf, size, _("evidence %.12s…"), e->figure);
		break;
	case ENTRY_KIND_COUNT:
		break;
	}
	if (e->undone && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " %s", _("(undone)"));
}

static const struct field log_fields[] = {
	{ "entry", N_("Entry"), FIELD_MACHINE },
	{ "entry", N_("Entry"), FIELD_TABLE | FIELD_WHOLE },
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
	case ENTRY_EXTEND: case ENTRY_EXTEND_REQUEST: case ENTRY_EXTEND_REFUSE:
		v = date_format(e->deadline, value);
		break;
	case ENTRY_EVIDENCE: v = e->figure; break;
	case ENTRY_NOTE: case ENTRY_CLOSE_REQUEST: case ENTRY_CLOSE_RETURN:
	case ENTRY_KIND_COUNT: break;
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

/* What log shows: records of an item, by someone, of a unit, in a month. */
struct log_filter {
	long item;		/* 0 for any */
	const char *by;		/* exactly; NULL for anyone */
	const char *unit;	/* reported for this unit (people.csv) */
	bool by_period;
	struct period period;
	bool by_date;		/* newest report date first */
};

enum { OPT_BY = OPT_COMMAND_BASE, OPT_UNIT_OF, OPT_PERIOD_OF, OPT_SORT };

/* The unit a record reports for: a clerk's unit, else its "by". */
static const char *reporting_unit(const struct entry *e,
				  const struct people *people)
{
	const struct person *p = people_find(people, e->by);

	return p && p->role == PERSON_CLERK ? p->unit : e->by;
}

static bool log_match(const struct log_filter *f, const struct entry *e,
		      const struct people *people)
{
	return (!f->item || e->item == f->item) &&
	       (!f->by || strcmp(e->by, f->by) == 0) &&
	       (!f->unit || strcmp(reporting_unit(e, people), f->unit) == 0) &&
	       (!f->by_period || (e->date >= f->period.first &&
				  e->date <= f->period.last));
}

static int by_report_date(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;

	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	if (a->recorded != b->recorded)
		return a->recorded > b->recorded ? -1 : 1;
	return strcmp(b->id, a->id);
}

/* The records f lets through, newest first (recorded, or reported on).
 * NULL with *n 0 when none; NULL with *n -1 when memory runs out. */
static const struct entry **log_select(const struct log_filter *f,
				       const struct journal *j,
				       const struct people *people, long *n)
{
	const struct entry **v = mem_calloc(j->n ? j->n : 1, sizeof(*v));

	*n = 0;
	if (!v) {
		*n = -1;
		return NULL;
	}
	for (size_t i = j->n; i-- > 0;)
		if (log_match(f, &j->v[i], people))
			v[(*n)++] = &j->v[i];
	if (f->by_date && *n > 1)
		qsort(v, (size_t)*n, sizeof(*v), by_report_date);
	return v;
}

/* Reads log's own options into f.  Returns -1 to go on, else the exit
 * status. */
static int log_option(struct context *ctx, int opt, const char *arg,
		      struct log_filter *f, long *max)
{
	char *end;

	switch (opt) {
	case 'n':
		*max = strtol(arg, &end, 10);
		if (*end || end == arg || *max < 0)
			return usage_error(ctx, _("-n takes a count, not \"%s\""), arg);
		return -1;
	case OPT_BY: f->by = arg; return -1;
	case OPT_UNIT_OF: f->unit = arg; return -1;
	case OPT_PERIOD_OF:
		if (period_parse(arg, &f->period))
			return usage_error(ctx, _("--period takes a month such as "
						  "2024-06, not \"%s\""), arg);
		f->by_period = true;
		return -1;
	case OPT_SORT:
		if (strcmp(arg, "date") && strcmp(arg, "recorded"))
			return usage_error(ctx, _("--sort takes recorded or date, "
						  "not \"%s\""), arg);
		f->by_date = strcmp(arg, "date") == 0;
		return -1;
	default:
		return common_option(ctx, opt, arg);
	}
}

static const struct option log_options[] = {
	{ "max-count", required_argument, NULL, 'n' },
	{ "by", required_argument, NULL, OPT_BY },
	{ "unit", required_argument, NULL, OPT_UNIT_OF },
	{ "period", required_argument, NULL, OPT_PERIOD_OF },
	{ "sort", required_argument, NULL, OPT_SORT },
	COMMON_OPTIONS
};

static int cmd_log(int argc, char **argv, struct context *ctx);

const struct command cmd_log_entry = {
	.name = "log",
	.fn = cmd_log,
	.summary = N_("the history of records, newest first"),
	.usage = N_(
		"usage: duban log [ID] [-n COUNT] [--by NAME] [--unit U]\n"
		"                 [--period YYYY-MM] [--sort recorded|date]\n"
		"\n"
		"  -n, --max-count COUNT\n"
		"                    the newest COUNT records\n"
		"  --by NAME         records NAME made\n"
		"  --unit U          records reported for U: by U, or by a clerk of U\n"
		"                    (people.csv)\n"
		"  --period YYYY-MM  records reporting on a day of that month\n"
		"  --sort date       newest report date first, instead of newest\n"
		"                    recorded\n"),
	.options = log_options,
	.flags = CMD_PAGES | CMD_TAKES_IDS,
};

static int cmd_log(int argc, char **argv, struct context *ctx)
{
	struct log_filter f = { 0 };
	struct session ss;
	const struct entry **v;
	struct render r;
	long max = -1, n;
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "n:", log_options, NULL)) != -1)
		if ((status = log_option(ctx, opt, optarg, &f, &max)) >= 0)
			return status;
	if (argc - optind > 1)
		return usage_error(ctx, _("log takes at most one item id"));
	if (argc > optind && parse_id_arg(ctx, argv[optind], &f.item))
		return EXIT_USAGE;
	if (open_store(ctx, &ss, false))
		return EXIT_FAILURE_DATA;
	if (f.item && !table_find(&ss.plan, f.item)) {
		fprintf(stderr, _("duban: no item %ld in the plan\n"), f.item);
		close_store(&ss);
		return EXIT_USAGE;
	}
	if (!(v = log_select(&f, &ss.journal, &ss.people, &n)) && n < 0) {
		fprintf(stderr, _("duban: out of memory\n"));
		close_store(&ss);
		return EXIT_FAILURE_DATA;
	}
	say_when_empty(N_("no matching records"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), log_fields, NLOG);
	for (long i = 0; i < n && i != max && rc == 0; i++)
		rc = render_entry(&r, v[i], &ss.plan);
	status = finish_render(&r, rc);
	mem_free(v);
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
	size_t n = 0, followers = 0;

	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];

		if (e->recorded <= now + JOURNAL_CLOCK_SLACK_US)
			continue;
		n++;
		/* stamped just after the record before it: a writer that
		 * followed a clock ahead, not one itself */
		if (i > 0 && j->v[i - 1].recorded > now + JOURNAL_CLOCK_SLACK_US &&
		    e->recorded - j->v[i - 1].recorded < 1000000) {
			followers++;
			continue;
		}
		fprintf(stderr, _("duban: %s:%ld: entry %.10s is recorded at %s, "
				  "%lld days ahead of this machine's clock: was "
				  "its writer's clock wrong?\n"), journal, e->line,
			e->id, e->recorded_text,
			(long long)((e->recorded - now) / 86400000000LL));
	}
	if (followers)
		fprintf(stderr, _("duban: %s: %zu more records are stamped just "
				  "after those, by writers that kept to them\n"),
			journal, followers);
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
	if (j->ngaps == 1)
		printf(_("%s: removed the records of an interrupted write\n"),
		       journal);
	else if (j->ngaps)
		printf(_("%s: removed the records of %zu interrupted writes\n"),
		       journal, j->ngaps);
	if (j->torn_tail)
		printf(_("%s: removed a torn last line\n"), journal);
	if (j->unterminated)
		printf(_("%s: ended the last line with its newline\n"), journal);
	return EXIT_OK;
}

static const struct option check_options[] = {
	{ "repair", no_argument, NULL, 'r' },
	COMMON_OPTIONS
};

/* Whether the store's index, when it is up to date by its own rules,
 * holds what the CSV files give: a forged index, or one whose journal was
 * edited in place, would show other figures.  With repair such an index is
 * removed (the next read writes it anew).  Returns the exit status. */
static int check_index(struct session *ss, bool repair)
{
	struct plan_state ps = PLAN_STATE_INIT;
	struct index x;
	struct duban_error err;
	char path[4096];
	long line = 0;
	int rc;

	if (store_file(ss->dir, INDEX_FILE, path, sizeof(path), &err) ||
	    (rc = index_read(&x, ss->dir, &err)) < 0) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	if (rc > 0)
		return EXIT_OK;
	if (state_fold(&ps, &ss->plan, &ss->journal, DATE_NONE, &err) == 0)
		line = index_differs(&x, &ss->plan, &ps);
	else
		rc = -1;
	state_release(&ps);
	index_release(&x);
	if (rc < 0) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	if (!line)
		return EXIT_OK;
	if (repair && unlink(path) == 0) {
		printf(_("%s: removed, as it does not match items.csv and "
			 "journal.csv\n"), path);
		return EXIT_OK;
	}
	fprintf(stderr, _("duban: %s: does not match items.csv and journal.csv "
			  "(the item on line %ld of items.csv); duban check "
			  "--repair removes it\n"), path, line);
	return EXIT_FAILURE_DATA;
}

static int by_evidence_name(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c = strcmp(a->figure, b->figure);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* Whether every evidence file a record names is in the store with the
 * bytes it was recorded with; says what is wrong with each that is not,
 * once per file, at the first record that names it.  Returns the exit
 * status. */
static int check_evidence(const struct session *ss)
{
	const struct journal *j = &ss->journal;
	const struct entry **v = NULL;
	struct duban_error err;
	size_t n = 0, cap = 0;
	int status = EXIT_OK;

	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].kind == ENTRY_EVIDENCE) {
			if (mem_grow((void **)&v, &cap, n + 1, sizeof(*v))) {
				fprintf(stderr, _("duban: out of memory\n"));
				mem_free(v);
				return EXIT_FAILURE_DATA;
			}
			v[n++] = &j->v[i];
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_evidence_name);
	for (size_t i = 0; i < n; i++) {
		if ((i > 0 && strcmp(v[i - 1]->figure, v[i]->figure) == 0) ||
		    evidence_verify(ss->dir, v[i]->figure, &err) == 0)
			continue;
		fprintf(stderr, _("duban: %s:%ld: item %ld: %s: %s\n"),
			ss->journal_path, v[i]->line, v[i]->item, err.file,
			err.msg);
		status = EXIT_FAILURE_DATA;
	}
	mem_free(v);
	return status;
}

/* Whether units.csv, which only rank and remind read, holds what the
 * plan names.  Returns the exit status, having said what is wrong. */
static int check_roster(const struct session *ss)
{
	struct roster ro = ROSTER_INIT;
	int status = load_roster(ss, &ro);

	roster_release(&ro);
	return status;
}

/* Whether bulletins.csv (the bulletins issued) and the office's
 * bulletin-requirements.txt can be read, as the next bulletin will read
 * them.  Returns the exit status, having said what is wrong. */
static int check_bulletin_files(const struct session *ss)
{
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	struct strbuf text = STRBUF_INIT;
	struct duban_error err;
	char path[4096];
	bool found;
	int status = EXIT_OK;

	if (store_file(ss->dir, STORE_BULLETINS, path, sizeof(path), &err) ||
	    bulletin_register_load(&r, path, path, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	if (store_file(ss->dir, STORE_REQUIREMENTS, path, sizeof(path), &err) ||
	    bulletin_requirements_load(&text, &found, path, path, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	bulletin_register_release(&r);
	sb_release(&text);
	return status;
}

/* Whether every milestone is of an item of the plan, on or before its
 * deadline: milestones.csv is edited in Excel, and the plan can change
 * under it.  Says what is wrong with each that is not.  Returns the exit
 * status. */
static int check_milestones(const struct session *ss)
{
	const struct milestones *ms = &ss->milestones;
	char path[4096], day[DATE_BUFSIZE];
	struct duban_error err;
	int status = EXIT_OK;

	if (store_file(ss->dir, MILESTONES_FILE, path, sizeof(path), &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	for (size_t i = 0; i < ms->n; i++) {
		const struct milestone *m = &ms->v[i];
		const struct item *it = table_find(&ss->plan, m->item);

		if (!it)
			fprintf(stderr, _("duban: %s:%ld: item %ld is not in "
					  "the plan\n"), path, m->line, m->item);
		else if (it->deadline != DATE_NONE && m->date > it->deadline)
			fprintf(stderr, _("duban: %s:%ld: the milestone comes "
					  "after item %ld's deadline, %s\n"),
				path, m->line, m->item,
				date_format(it->deadline, day));
		else
			continue;
		status = EXIT_FAILURE_DATA;
	}
	return status;
}

/* Every check of the store, each run whatever the others found, so that
 * one run names every problem.  Returns the exit status. */
static int check_all(struct session *ss)
{
	int status = EXIT_OK;

	if (say_journal_problems(&ss->journal, ss->journal_path))
		status = EXIT_FAILURE_DATA;
	if (check_index(ss, false) != EXIT_OK)
		status = EXIT_FAILURE_DATA;
	if (check_evidence(ss) != EXIT_OK)
		status = EXIT_FAILURE_DATA;
	if (check_roster(ss) != EXIT_OK)
		status = EXIT_FAILURE_DATA;
	if (check_milestones(ss) != EXIT_OK)
		status = EXIT_FAILURE_DATA;
	if (check_bulletin_files(ss) != EXIT_OK)
		status = EXIT_FAILURE_DATA;
	return status;
}

static int cmd_check(int argc, char **argv, struct context *ctx);

const struct command cmd_check_entry = {
	.name = "check",
	.fn = cmd_check,
	.summary = N_("check the whole store and report every problem"),
	.usage = N_(
		"usage: duban check [--repair]\n"
		"\n"
		"Checks items.csv and every line of journal.csv: each record's sum,\n"
		"the link to the record written before it, whole batches, dates;\n"
		"that the index (the copy reads are made from) matches them;\n"
		"that every evidence file is there, with the SHA-256 it was\n"
		"recorded with; that units.csv and milestones.csv name the\n"
		"plan's units and items, each milestone on or before its item's\n"
		"deadline; and that bulletins.csv and bulletin-requirements.txt\n"
		"can be read; exits 1 if anything is wrong.\n"
		"\n"
		"  --repair   remove what interrupted writes left (a torn last line,\n"
		"             the records of a command not all written) and an\n"
		"             index that does not match; damaged lines are left\n"
		"             for a person to mend\n"),
	.options = check_options,
};

static int cmd_check(int argc, char **argv, struct context *ctx)
{
	struct session ss;
	struct duban_error err;
	bool repair = false;
	int opt, status = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "", check_options, NULL)) != -1) {
		if (opt == 'r')
			repair = true;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (session_open(&ss, ctx->store_arg,
			 repair ? SESSION_REPAIR : SESSION_CHECK, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else if (repair) {
		status = check_index(&ss, true);
		if (status == EXIT_OK)
			status = repair_journal(&ss.journal, ss.journal_path);
	} else if (check_all(&ss) != EXIT_OK) {
		status = EXIT_FAILURE_DATA;
	} else {
		printf(_("%s: %zu items, %zu records: no problems\n"),
		       ss.dir, ss.plan.n, ss.journal.n);
	}
	session_close(&ss);
	return status;
}
