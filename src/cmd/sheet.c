/*
 * duban sheet and duban missing: the monthly reporting round (月调度).
 *
 * sheet writes a fill-in sheet for one lead unit, as export --excel writes
 * (UTF-8 byte order mark, CRLF, Chinese headers, formulas neutralised):
 * first three lines that say whose sheet it is, for which month and from
 * which plan (an FNV-1a 64-bit checksum of items.csv, in hex), then one row
 * per item the unit leads (分工 牵头) and then per item it takes part in
 * (参加), with the item as it stands and empty columns to fill in.
 *
 * missing lists the lead units with open items and no record by that unit
 * dated in the period.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/reporting.h"
#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/match.h"
#include "duban/mem.h"
#include "duban/sheet.h"
#include "duban/store.h"
#include "duban/xlsx.h"
#include "duban/strbuf.h"
#include "duban/tally.h"

enum { OPT_OUTPUT = OPT_COMMAND_BASE, OPT_PERIOD, OPT_ALL, OPT_XLSX };

#define PLAN_FILE_MAX (1024L * 1024 * 1024)
#define SHEET_FILE_MAX (64L * 1024 * 1024)

/* The checksum a sheet carries of the store's items.csv. */
static int plan_checksum(const struct session *ss, char hex[17])
{
	struct duban_error err;
	char path[4096], *data;
	size_t n;

	if (store_file(ss->dir, STORE_ITEMS, path, sizeof(path), &err) ||
	    file_read_all(path, PLAN_FILE_MAX, &data, &n, &err)) {
		print_error(&err);
		return -1;
	}
	sheet_checksum(data, n, hex);
	mem_free(data);
	return 0;
}

/* The store's sheet key; made the first time a sheet is issued (create). */
static int load_sheet_key(const struct session *ss,
			  unsigned char key[SHEET_KEY_LEN], bool create)
{
	struct duban_error err;

	if (store_sheet_key(ss->dir, key, create, &err)) {
		print_error(&err);
		return -1;
	}
	return 0;
}

/* Whether path names a workbook, by its extension. */
static bool names_workbook(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Writes the sheet of o->unit, signed with key, to path: a workbook, or
 * CSV; whole or not at all. */
static int write_sheet(const struct session *ss, const struct plan_state *ps,
		       struct sheet_origin *o, const unsigned char *key,
		       const char *path, bool book)
{
	struct strbuf doc = STRBUF_INIT;
	struct duban_error err;
	int rc;

	sheet_token(o, key, SHEET_KEY_LEN, o->token);
	if (book)
		rc = sheet_build_book(path, &ss->plan, ps, o, &err);
	else
		rc = sheet_build(&doc, &ss->plan, ps, o, &err) ||
		     file_replace(path, doc.s, doc.len, &err);
	sb_release(&doc);
	if (rc) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

/* Writes the sheet of every lead unit into dir, as dir/UNIT.csv, or
 * dir/UNIT.xlsx as workbooks. */
static int write_all(const struct session *ss,
		     const struct plan_state *ps, const char *dir,
		     struct sheet_origin *o, const unsigned char *key, bool book)
{
	struct tally ty = TALLY_INIT;
	struct strbuf path = STRBUF_INIT;
	int status = EXIT_OK;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, _("duban: %s: %s\n"), dir, strerror(errno));
		return EXIT_FAILURE_DATA;
	}
	if (tally_units(&ty, &ss->plan)) {
		fprintf(stderr, _("duban: out of memory\n"));
		return EXIT_FAILURE_DATA;
	}
	for (size_t i = 0; i < ty.n && status == EXIT_OK; i++) {
		const char *u = ty.v[i].name;

		if (ty.v[i].count[ROLE_LEAD] == 0)
			continue;
		o->unit = u;
		if (sb_reset(&path) || sb_puts(&path, dir) || sb_puts(&path, "/")) {
			status = EXIT_FAILURE_DATA;
			break;
		}
		for (const char *c = u; *c && status == EXIT_OK; c++)
			if (sb_add(&path, *c == '/' ? "_" : c, 1))
				status = EXIT_FAILURE_DATA;
		if (status == EXIT_OK && sb_puts(&path, book ? ".xlsx" : ".csv"))
			status = EXIT_FAILURE_DATA;
		if (status == EXIT_OK)
			status = write_sheet(ss, ps, o, key, path.s, book);
	}
	sb_release(&path);
	tally_release(&ty);
	return status;
}

static const struct option sheet_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "xlsx", no_argument, NULL, OPT_XLSX },
	COMMON_OPTIONS
};

static int cmd_sheet(int argc, char **argv, struct context *ctx);

const struct command cmd_sheet_entry = {
	.name = "sheet",
	.fn = cmd_sheet,
	.summary = N_("a fill-in sheet for a unit's monthly report, for Excel and WPS"),
	.usage = N_(
		"usage: duban sheet --unit U [--period YYYY-MM] -o FILE [--xlsx]\n"
		"       duban sheet --all [--period YYYY-MM] -o DIR [--xlsx]\n"
		"\n"
		"Writes a sheet as export --excel does (UTF-8 byte order mark, CRLF,\n"
		"Chinese headers, formulas neutralised), whole or not at all: rows\n"
		"naming the unit, the period (default the month of --as-of), a\n"
		"checksum of the plan and when the state shown was taken, then one\n"
		"row per item the unit leads (牵头), then per item it takes part in\n"
		"(参加), with leaders, lead units, deadline, status, percent, last\n"
		"note and targets, and empty columns to fill in: status, percent,\n"
		"note and the actual figure of each target.  duban merge reads it\n"
		"back.\n"
		"  -o, --output FILE the sheet (with --all a directory: one sheet per\n"
		"                    lead unit, DIR/UNIT.csv)\n"
		"  --xlsx            an Excel workbook instead (so is a FILE named\n"
		"                    .xlsx; with --all, DIR/UNIT.xlsx): the same rows,\n"
		"                    protected so that only the 本期 cells can be typed\n"
		"                    into, 本期状态 a dropdown, 本期进度(%) a number from\n"
		"                    0 to 100 and 本期实际 a number, A4 landscape\n"),
	.options = sheet_options,
};

static int cmd_sheet(int argc, char **argv, struct context *ctx)
{
	const char *output = NULL, *unit = NULL, *period_arg = NULL;
	bool all = false, book = false;
	struct sheet_origin o = { 0 };
	unsigned char key[SHEET_KEY_LEN];
	struct filter f = { 0 };
	struct selection sel;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", sheet_options, NULL)) != -1) {
		switch (opt) {
		case 'o': output = optarg; break;
		case OPT_UNIT: unit = optarg; break;
		case OPT_PERIOD: period_arg = optarg; break;
		case OPT_ALL: all = true; break;
		case OPT_XLSX: book = true; break;
		default:
			if ((status = common_option(ctx, opt, optarg)) >= 0)
				return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (all == (unit != NULL))
		return usage_error(ctx, _("sheet takes --unit U or --all"));
	if (!output)
		return usage_error(ctx, all ? _("sheet --all needs -o DIR")
					    : _("sheet needs -o FILE"));
	if (ctx->format != FORMAT_TABLE && ctx->format != FORMAT_CSV)
		return usage_error(ctx, _("sheet writes CSV"));
	book = book || (!all && names_workbook(output));
	if (period_arg && period_parse(period_arg, &o.period))
		return usage_error(ctx, _("--period takes a month "
				   "such as 2024-06, not \"%s\""), period_arg);
	if (!period_arg)
		period_of(ctx->as_of, &o.period);
	f.unit = unit;
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	/* The state shown is the fold of every record so far: the time of
	 * the latest (or now, before any) tells merge which records the
	 * sheet saw. */
	o.as_of = ctx->as_of;
	journal_heads(&sel.ss.journal, o.heads, sizeof(o.heads));
	o.made = journal_latest_believable(&sel.ss.journal, entry_now());
	if (!o.made)	/* a record from a clock a year ahead is not "then" */
		o.made = entry_now();
	o.unit = unit;
	if (plan_checksum(&sel.ss, o.checksum) ||
	    load_sheet_key(&sel.ss, key, true))
		status = EXIT_FAILURE_DATA;
	else if (all)
		status = write_all(&sel.ss, &sel.ps, output, &o, key, book);
	else
		status = write_sheet(&sel.ss, &sel.ps, &o, key, output, book);
	release_selection(&sel);
	return status;
}

static const struct field missing_fields[] = {
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "open", N_("Open items"), FIELD_BOTH | FIELD_RIGHT },
};

int tally_open_leads(struct tally *open_by, const struct table *t,
		     const struct plan_state *ps)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct names *lead = &t->items[i].lead_units;

		if (ps->items[i].status == STATUS_DONE)
			continue;
		for (size_t k = 0; k < lead->n; k++) {
			long u = tally_intern(open_by, lead->v[k]);

			if (u < 0)
				return -1;
			open_by->v[u].count[ROLE_LEAD]++;
		}
	}
	return 0;
}

int reporters(struct tally *names, struct tally *units,
	      const struct journal *j, const struct people *people,
	      const struct period *p, date_t recorded_by)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];
		const struct person *who;

		if (e->kind == ENTRY_UNDO || e->undone || e->date < p->first ||
		    e->date > p->last || !e->by)
			continue;
		if (recorded_by != DATE_NONE && entry_recorded_day(e->recorded_text) > recorded_by)
			continue;
		who = people_find(people, e->by);
		if (who && who->role == PERSON_CLERK
		    ? tally_intern(units, who->unit) < 0
		    : tally_intern(names, e->by) < 0)
			return -1;
	}
	return 0;
}

bool reported(const struct tally *names, const struct tally *units,
	      const char *unit)
{
	for (size_t i = 0; i < units->n; i++)
		if (strcmp(units->v[i].name, unit) == 0)
			return true;
	for (size_t i = 0; i < names->n; i++)
		if (strcmp(names->v[i].name, unit) == 0 ||
		    unit_matches(unit, names->v[i].name))
			return true;
	return false;
}

int unreported_units(struct tally *out, const struct session *ss,
		     const struct plan_state *ps, const struct period *p)
{
	struct tally ty = TALLY_INIT, open_by = TALLY_INIT, by = TALLY_INIT;
	struct tally clerks = TALLY_INIT;
	int rc = tally_units(&ty, &ss->plan) ||
		 tally_open_leads(&open_by, &ss->plan, ps) ||
		 reporters(&by, &clerks, &ss->journal, &ss->people, p,
			   DATE_NONE) ? -1 : 0;

	for (size_t u = 0; u < ty.n && rc == 0; u++) {
		const char *unit = ty.v[u].name;
		long open, at;

		if (ty.v[u].count[ROLE_LEAD] == 0)
			continue;
		if ((open = tally_intern(&open_by, unit)) < 0) {
			rc = -1;
			break;
		}
		open = open_by.v[open].count[ROLE_LEAD];
		if (open == 0 || reported(&by, &clerks, unit))
			continue;
		if ((at = tally_intern(out, unit)) < 0)
			rc = -1;
		else
			out->v[at].count[ROLE_LEAD] = open;
	}
	tally_release(&ty);
	tally_release(&open_by);
	tally_release(&by);
	tally_release(&clerks);
	return rc;
}

static const struct option missing_options[] = {
	{ "period", required_argument, NULL, OPT_PERIOD },
	COMMON_OPTIONS
};

static int cmd_missing(int argc, char **argv, struct context *ctx);

const struct command cmd_missing_entry = {
	.name = "missing",
	.fn = cmd_missing,
	.summary = N_("the lead units with open items that have not reported for a month"),
	.usage = N_(
		"usage: duban missing --period YYYY-MM [--as-of DATE]\n"
		"\n"
		"Lists each lead unit that leads items open as of --as-of and has no\n"
		"record (by that unit) dated in the period, with how many items it\n"
		"has open.\n"),
	.options = missing_options,
	.flags = CMD_PAGES,
};

static int cmd_missing(int argc, char **argv, struct context *ctx)
{
	const char *period_arg = NULL;
	struct period p;
	struct filter f = { 0 };
	struct selection sel;
	struct tally unreported = TALLY_INIT;
	struct render r;
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "", missing_options, NULL)) != -1) {
		if (opt == OPT_PERIOD)
			period_arg = optarg;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (!period_arg)
		return usage_error(ctx, _("missing needs --period YYYY-MM"));
	if (period_parse(period_arg, &p))
		return usage_error(ctx, _("--period takes a month "
				   "such as 2024-06, not \"%s\""), period_arg);
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (unreported_units(&unreported, &sel.ss, &sel.ps, &p)) {
		fprintf(stderr, _("duban: out of memory\n"));
		release_selection(&sel);
		return EXIT_FAILURE_DATA;
	}
	say_when_empty(N_("every lead unit with open items has reported"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), missing_fields,
		     sizeof(missing_fields) / sizeof(*missing_fields));
	for (size_t u = 0; u < unreported.n && rc == 0; u++) {
		struct cell cells[] = {
			CELL_TEXT_OF(unreported.v[u].name),
			CELL_INT_OF(unreported.v[u].count[ROLE_LEAD]),
		};

		rc = render_row(&r, cells);
	}
	status = finish_render(&r, rc);
	tally_release(&unreported);
	release_selection(&sel);
	return status;
}

/* The spreadsheet's name of a 0-based column: A, B, ..., Z, AA, ... */
static void column_letters(int column, char buf[8])
{
	char rev[8];
	int n = 0, k = 0;

	for (column++; column > 0 && n < 7; column = (column - 1) / 26)
		rev[n++] = (char)('A' + (column - 1) % 26);
	while (n > 0)
		buf[k++] = rev[--n];
	buf[k] = '\0';
}

/* Prints every problem of a refused sheet, then that nothing was taken. */
static void print_problems(const char *file, const struct sheet_reading *r)
{
	char col[8];

	for (size_t i = 0; i < r->problems.n; i++) {
		const struct problem *p = &r->problems.v[i];

		fprintf(stderr, "duban: %s:", file);
		if (p->line > 0)
			fprintf(stderr, "%ld:", p->line);
		if (p->column >= 0) {
			column_letters(p->column, col);
			if (p->header)
				fprintf(stderr, _(" column %s (%s):"),
					col, p->header);
			else
				fprintf(stderr, _(" column %s:"), col);
		}
		fprintf(stderr, " %s\n", p->msg);
	}
	fprintf(stderr, ngettext("duban: %s: nothing merged: %zu problem\n",
				 "duban: %s: nothing merged: %zu problems\n",
				 r->problems.n), file, r->problems.n);
}

/* The journal entries for the records of r, recorded from now on. */
static struct entry *entries_of(const struct sheet_reading *r,
				const struct table *t, const struct journal *j,
				bool review, struct duban_error *err)
{
	struct entry *v = mem_calloc(r->n, sizeof(*v));

	if (!v) {
		error_nomem(err);
		return NULL;
	}
	/* never recorded before the sheet was made, whatever this clock says */
	if (journal_stamp_after(j, v, r->n, r->origin.made, err)) {
		mem_free(v);
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct sheet_record *c = &r->records[i];

		v[i].date = r->date;
		entry_set_item(&v[i], table_find(t, c->item));
		v[i].kind = c->kind;
		/* a unit's done awaits the office's review, where it has one */
		if (review && c->kind == ENTRY_STATUS &&
		    c->status == STATUS_DONE)
			v[i].kind = ENTRY_CLOSE_REQUEST;
		v[i].status = c->status;
		v[i].percent = c->percent;
		v[i].target = c->target;
		v[i].target_key = c->target_key;
		v[i].figure = c->figure;
		v[i].by = r->origin.unit;
		v[i].note = c->note;
	}
	return v;
}

/* Where the office reviews closures, a done on the sheet of an item that
 * awaits review already is recorded already: a sheet sent twice asks
 * once.  Drops those from r.  Returns 0, or -1 (err). */
static int drop_pending_closures(struct sheet_reading *r, struct session *ss,
				 struct duban_error *err)
{
	struct plan_state ps = PLAN_STATE_INIT;
	size_t kept = 0;

	if (session_state_as_of(ss, date_today(), &ps, err))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct sheet_record *c = &r->records[i];
		const struct item *it = table_find(&ss->plan, c->item);

		if (it && c->kind == ENTRY_STATUS && c->status == STATUS_DONE &&
		    ps.items[it - ss->plan.items].closing != DATE_NONE)
			r->already++;
		else
			r->records[kept++] = *c;
	}
	r->n = kept;
	state_release(&ps);
	return 0;
}

static void say_records(const struct entry *v, size_t n, const struct table *t,
			bool dry_run)
{
	char what[256];

	for (size_t i = 0; i < n; i++) {
		describe_entry(&v[i], t, what, sizeof(what));
		if (dry_run)
			printf(_("would record item %ld: %s\n"),
			       v[i].item, what);
		else
			printf(_("recorded item %ld: %s (entry %.10s)\n"),
			       v[i].item,
			       what, v[i].id);
	}
}

/* What a sheet came to, in one line. */
static void say_outcome(const char *file, const struct sheet_reading *r,
			bool dry_run)
{
	const char *unit = r->origin.unit, *period = r->origin.period.text;

	if (r->n == 0 && r->already == 0)
		printf(_("%s: nothing to record for %s, %s: no 本期 cell is "
			 "filled in\n"), file, unit, period);
	else if (r->n == 0)
		printf(ngettext("%s: nothing new for %s, %s: the journal has "
				"its %zu record already\n",
				"%s: nothing new for %s, %s: the journal has "
				"its %zu records already\n", r->already),
		       file, unit, period, r->already);
	else if (dry_run)
		printf(ngettext("%s: would record %zu record for %s, %s "
				"(--dry-run: nothing written)",
				"%s: would record %zu records for %s, %s "
				"(--dry-run: nothing written)", r->n),
		       file, r->n, unit, period);
	else
		printf(ngettext("%s: %zu record for %s, %s",
				"%s: %zu records for %s, %s", r->n),
		       file, r->n, unit, period);
	if (r->n && r->already)
		printf(_("; %zu more in the journal already"), r->already);
	if (r->n)
		putchar('\n');
}

/* A sheet made before the unit's latest report for its period may be an
 * earlier one sent again, whose values are older than those merged: the
 * office is told, and how to take it back. */
static void say_sent_again(const char *file, const struct sheet_reading *r,
			   const struct entry *entries, bool dry_run)
{
	char made[64], since[64];

	entry_format_time(r->origin.made, made, sizeof(made));
	entry_format_time(r->unit_since, since, sizeof(since));
	fprintf(stderr, _("duban: warning: %s: the sheet was made at %s, and %s "
		"has reported on %s since (at %s): if it is an earlier sheet "
		"sent again, its values are older than those merged"),
		file, made, r->origin.unit,
		r->origin.period.text, since);
	if (dry_run)
		fputs("\n", stderr);
	else
		fprintf(stderr,
			_("; take it back with duban undo --batch %.10s\n"),
			entries[0].id);
}

/* Merges one sheet under the store's lock: all of it, or nothing. */
static int merge_file(struct context *ctx, const char *file, bool dry_run)
{
	struct session ss;
	struct sheet_reading r = SHEET_READING_INIT;
	struct duban_error err;
	struct entry *entries = NULL;
	char sum[17], *data;
	unsigned char key[SHEET_KEY_LEN];
	size_t n;
	int status = EXIT_FAILURE_DATA;

	if (file_read_all(file, SHEET_FILE_MAX, &data, &n, &err)) {
		print_error(&err);
		return status;
	}
	if (open_store(ctx, &ss, !dry_run)) {
		mem_free(data);
		return status;
	}
	if (plan_checksum(&ss, sum) || load_sheet_key(&ss, key, false))
		goto out;
	if (xlsx_is_xlsx(file, data, n)
	    ? sheet_read_book(&r, file, sum, key, sizeof(key), &ss.plan,
			      &ss.journal, date_today(), &err)
	    : sheet_read(&r, data, n, sum, key, sizeof(key), &ss.plan,
			 &ss.journal, date_today(), &err)) {
		print_error(&err);
		goto out;
	}
	if (r.problems.n) {
		print_problems(file, &r);
		goto out;
	}
	if (ss.settings.review && r.n && drop_pending_closures(&r, &ss, &err)) {
		print_error(&err);
		goto out;
	}
	if (r.n && !(entries = entries_of(&r, &ss.plan, &ss.journal,
					  ss.settings.review, &err))) {
		print_error(&err);
		goto out;
	}
	if (r.n && !dry_run &&
	    journal_append(ss.journal_path, &ss.journal, entries, r.n, &err)) {
		print_error(&err);
		goto out;
	}
	say_records(entries, r.n, &ss.plan, dry_run);
	say_outcome(file, &r, dry_run);
	if (r.n && r.unit_since)
		say_sent_again(file, &r, entries, dry_run);
	status = EXIT_OK;
out:
	mem_free(entries);
	sheet_reading_release(&r);
	close_store(&ss);
	mem_free(data);
	return status;
}

static const struct option merge_options[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	COMMON_OPTIONS
};

static int cmd_merge(int argc, char **argv, struct context *ctx);

const struct command cmd_merge_entry = {
	.name = "merge",
	.fn = cmd_merge,
	.summary = N_("record the filled-in sheets units send back"),
	.usage = N_(
		"usage: duban merge FILE... [--dry-run]\n"
		"\n"
		"Reads sheets made by duban sheet and filled in (UTF-8 with or\n"
		"without a byte order mark, or GBK; CRLF or LF) and records what the\n"
		"本期 columns say, by the sheet's unit, reporting on the last day of\n"
		"its period (today while the period runs).  A sheet is taken whole or\n"
		"not at all: a changed cell outside the 本期 columns, a row added, an\n"
		"id changed, a value that is not a status, a percent or a figure, or\n"
		"a change of status the item cannot take refuses it, and every\n"
		"problem is listed with its line and column.  Records the journal\n"
		"has already (by the unit, in the period) are left out, so a sheet\n"
		"merged twice records once.  On a 参加 row only 本期进展 is read.\n"
		"  -n, --dry-run     say what would be recorded; write nothing\n"),
	.options = merge_options,
};

static int cmd_merge(int argc, char **argv, struct context *ctx)
{
	bool dry_run = false;
	int opt, status = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "n", merge_options, NULL)) != -1) {
		if (opt == 'n')
			dry_run = true;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (optind >= argc)
		return usage_error(ctx, _("merge needs at least "
				   "one filled-in sheet"));
	status = EXIT_OK;
	for (int i = optind; i < argc; i++)
		if (merge_file(ctx, argv[i], dry_run) != EXIT_OK)
			status = EXIT_FAILURE_DATA;
	return status;
}
