/*
 * duban export: the status sheet, one row per item, for the office to send
 * up.  Plain CSV by default; with --excel what Excel and WPS open cleanly on
 * Chinese Windows: a UTF-8 byte order mark, CRLF, Chinese headers and
 * labels, and every field that a spreadsheet would run as a formula
 * neutralised.  --encoding gbk writes GBK for old versions of Excel.  With
 * --xlsx, or -o FILE.xlsx, a workbook: the ledger with the columns of
 * --excel, and the summary by unit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "duban/book.h"
#include "duban/csvwrite.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/summary.h"
#include "duban/text.h"

enum { OPT_OUTPUT = OPT_COMMAND_BASE, OPT_EXCEL, OPT_XLSX };

struct export_opts {
	const char *output;	/* -o FILE; NULL for stdout */
	bool excel;
	bool gbk;
	bool encoding;		/* --encoding given */
	bool xlsx;		/* --xlsx given */
};

/* The fixed columns: key (plain CSV), header (--excel and the workbook)
 * and what the workbook writes in them. */
static const struct {
	const char *key, *header;
	enum book_kind kind;
} columns[] = {
	{ "id", "序号", BOOK_INTEGER }, { "section", "所属部分", BOOK_TEXT },
	{ "text", "重点工作", BOOK_LONG_TEXT }, { "leaders", "牵头领导", BOOK_TEXT },
	{ "lead_units", "责任单位", BOOK_TEXT },
	{ "participants", "参加单位", BOOK_TEXT },
	{ "deadline", "完成时限", BOOK_DATE },
	{ "deadline_extended", "延期至", BOOK_DATE },
	{ "status", "状态", BOOK_STATUS },
	{ "percent", "完成进度(%)", BOOK_PERCENT },
	{ "health", "序时进度情况", BOOK_STATUS }, { "light", "灯号", BOOK_LIGHT },
	{ "days_overdue", "逾期天数", BOOK_INTEGER },
	{ "last_report", "最近报送日期", BOOK_DATE },
	{ "last_note", "最近进展", BOOK_TEXT },
};

#define NCOLUMNS (sizeof(columns) / sizeof(*columns))

/* One sheet being written: the options and the row at hand. */
struct sheet {
	const struct export_opts *o;
	struct strbuf row;
	bool first;		/* no field in the row yet */
};

/* Appends a field; for Excel, guarded against formula injection. */
static int field(struct sheet *sh, const char *s)
{
	int rc = 0;

	if (!sh->first)
		rc = sb_add(&sh->row, ",", 1);
	sh->first = false;
	if (rc)
		return -1;
	return sh->o->excel ? csv_append_guarded(&sh->row, s)
			    : csv_append_field(&sh->row, s);
}

static int number_field(struct sheet *sh, long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", n);
	return field(sh, buf);
}

/* Appends the names of l to sb joined as items.csv does (";"), or for
 * people as the document does: "、" between names, "，" around a
 * collective designation. */
static int join_names(const struct names *l, bool for_people, struct strbuf *sb)
{
	int rc = sb_reset(sb);

	for (size_t i = 0; i < l->n && rc == 0; i++) {
		const char *sep = !for_people ? ";"
				  : strstr(l->v[i], "、") || (i && strstr(l->v[i - 1], "、"))
				  ? "，" : "、";

		if (i)
			rc |= sb_puts(sb, sep);
		rc |= sb_puts(sb, l->v[i]);
	}
	return rc ? -1 : 0;
}

static int names_field(struct sheet *sh, const struct names *l)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = join_names(l, sh->o->excel, &sb);

	rc |= rc ? 0 : field(sh, sb.s);
	sb_release(&sb);
	return rc ? -1 : 0;
}

static int end_row(struct sheet *sh)
{
	return sb_puts(&sh->row, sh->o->excel ? "\r\n" : "\n");
}

static int header_row(struct sheet *sh, size_t ntargets)
{
	char key[32], zh[32];
	int rc = 0;

	sh->first = true;
	for (size_t i = 0; i < NCOLUMNS; i++)
		rc |= field(sh, sh->o->excel ? columns[i].header : columns[i].key);
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(key, sizeof(key), "target_%zu", k);
		snprintf(zh, sizeof(zh), "目标%zu", k);
		rc |= field(sh, sh->o->excel ? zh : key);
		snprintf(key, sizeof(key), "actual_%zu", k);
		snprintf(zh, sizeof(zh), "实际%zu", k);
		rc |= field(sh, sh->o->excel ? zh : key);
	}
	return rc | end_row(sh);
}

static int item_row(struct sheet *sh, const struct item *it,
		    const struct item_state *st, const struct health *h,
		    size_t ntargets)
{
	bool x = sh->o->excel;
	char date[DATE_BUFSIZE], goal[512];
	int rc = 0;

	sh->first = true;
	rc |= number_field(sh, it->id);
	if (x)
		rc |= field(sh, it->section_title);
	else
		rc |= number_field(sh, it->section);
	rc |= field(sh, it->text);
	rc |= names_field(sh, &it->leaders);
	rc |= names_field(sh, &it->lead_units);
	rc |= names_field(sh, &it->participants);
	/* an open-ended deadline: as items.csv has it, or as the document
	 * words it for people */
	rc |= field(sh, it->deadline != DATE_NONE ? date_format(it->deadline, date)
						  : x ? it->deadline_text : "");
	rc |= field(sh, date_format(st->extended, date));
	rc |= field(sh, x ? status_label(st->status) : status_key(st->status));
	rc |= number_field(sh, state_percent(st));
	rc |= field(sh, x ? standing_label(h->standing) : standing_key(h->standing));
	rc |= field(sh, x ? light_label(h->light) : light_key(h->light));
	rc |= number_field(sh, h->days_overdue);
	rc |= field(sh, date_format(st->last_date, date));
	rc |= field(sh, st->last_note ? st->last_note->note : "");
	for (size_t k = 0; k < ntargets; k++) {
		const struct entry *a = k < it->ntargets ? st->actuals[k] : NULL;

		goal[0] = '\0';
		if (k < it->ntargets)
			target_format(&it->targets[k], goal, sizeof(goal));
		rc |= field(sh, goal);
		rc |= field(sh, a ? a->figure : "");
	}
	return rc | end_row(sh);
}

/* Names a character with no GBK form, defused: a bidi override has none
 * either, and must not reach the terminal raw. */
static void say_no_gbk(long item, const char *ch)
{
	struct strbuf safe = STRBUF_INIT;

	if (sb_reset(&safe) == 0 && text_defuse(ch, &safe) == 0)
		fprintf(stderr, _("duban: warning: item %ld: \"%s\" has no GBK "
				  "form; written as \"?\"\n"), item, safe.s);
	sb_release(&safe);
}

/* Adds the finished row to the document, in GBK if asked.  A character
 * with no GBK form (a rare name, an emoji in a note) becomes "?" in its
 * cell, and is named, rather than costing the office the whole export. */
static int add_row(struct sheet *sh, struct strbuf *doc, long item)
{
	const char *s = sh->row.s;
	size_t n = sh->row.len, off = 0, bad;
	char ch[8];

	if (!sh->o->gbk)
		return sb_add(doc, s, n) ? EXIT_FAILURE_DATA : EXIT_OK;
	while (text_to_gbk(s + off, n - off, doc, &bad)) {
		size_t len;

		if (bad >= n - off || sb_add(doc, "?", 1)) {
			fprintf(stderr, _("duban: out of memory\n"));
			return EXIT_FAILURE_DATA;
		}
		len = text_char_len(s + off + bad);
		if (len >= sizeof(ch))
			len = sizeof(ch) - 1;
		memcpy(ch, s + off + bad, len);
		ch[len] = '\0';
		say_no_gbk(item, ch);
		off += bad + len;
	}
	return EXIT_OK;
}

static int build_sheet(struct context *ctx, const struct export_opts *o,
		       const struct selection *sel, struct strbuf *doc)
{
	struct sheet sh = { o, STRBUF_INIT, true };
	size_t ntargets = 0;
	int status;

	for (size_t i = 0; i < sel->n; i++)
		if (sel->ss.plan.items[sel->positions[i]].ntargets > ntargets)
			ntargets = sel->ss.plan.items[sel->positions[i]].ntargets;
	if (sb_reset(doc) || (o->excel && !o->gbk && sb_puts(doc, "\xEF\xBB\xBF")) ||
	    sb_reset(&sh.row) || header_row(&sh, ntargets)) {
		sb_release(&sh.row);
		fprintf(stderr, _("duban: out of memory\n"));
		return EXIT_FAILURE_DATA;
	}
	status = add_row(&sh, doc, 0);
	for (size_t i = 0; i < sel->n && status == EXIT_OK; i++) {
		size_t pos = sel->positions[i];
		const struct item *it = &sel->ss.plan.items[pos];
		struct health h;

		health_of(it, &sel->ps.items[pos], ctx->as_of, &sel->ss.settings, &h);
		if (sb_reset(&sh.row) ||
		    item_row(&sh, it, &sel->ps.items[pos], &h, ntargets)) {
			fprintf(stderr, _("duban: out of memory\n"));
			status = EXIT_FAILURE_DATA;
		} else {
			status = add_row(&sh, doc, it->id);
		}
	}
	sb_release(&sh.row);
	return status;
}

/* --- the workbook ---------------------------------------------------------- */

/* The ledger as a sheet: its columns (the fixed ones, then 目标k and 实际k
 * for each target) and the room for one row's cells and texts. */
struct ledger {
	struct book_column *cols;
	size_t ncols, ntargets;
	char (*titles)[32];		/* 目标k, 实际k */
	char (*goals)[512];		/* a row's targets, as text */
	struct book_cell *cells;
	struct strbuf names[3];		/* leaders, lead units, participants */
};

static void ledger_release(struct ledger *l)
{
	mem_free(l->cols);
	mem_free(l->titles);
	mem_free(l->goals);
	mem_free(l->cells);
	for (size_t i = 0; i < 3; i++)
		sb_release(&l->names[i]);
}

/* Sets l up for ntargets targets.  Returns 0, or -1 out of memory. */
static int ledger_init(struct ledger *l, size_t ntargets)
{
	*l = (struct ledger){ .ntargets = ntargets,
			      .ncols = NCOLUMNS + 2 * ntargets };
	for (size_t i = 0; i < 3; i++)
		l->names[i] = (struct strbuf)STRBUF_INIT;
	l->cols = mem_calloc(l->ncols, sizeof(*l->cols));
	l->titles = mem_calloc(2 * ntargets + 1, sizeof(*l->titles));
	l->goals = mem_calloc(ntargets + 1, sizeof(*l->goals));
	l->cells = mem_calloc(l->ncols, sizeof(*l->cells));
	if (!l->cols || !l->titles || !l->goals || !l->cells)
		return -1;
	for (size_t i = 0; i < NCOLUMNS; i++)
		l->cols[i] = (struct book_column){ columns[i].header, columns[i].kind,
						   BOOK_INPUT_NONE };
	for (size_t k = 0; k < ntargets; k++) {
		snprintf(l->titles[2 * k], sizeof(*l->titles), "目标%zu", k + 1);
		snprintf(l->titles[2 * k + 1], sizeof(*l->titles), "实际%zu", k + 1);
		l->cols[NCOLUMNS + 2 * k] =
			(struct book_column){ l->titles[2 * k], BOOK_TEXT,
					       BOOK_INPUT_NONE };
		l->cols[NCOLUMNS + 2 * k + 1] =
			(struct book_column){ l->titles[2 * k + 1], BOOK_FIGURE,
					       BOOK_INPUT_NONE };
	}
	return 0;
}

/* The target cells of a row: each target as text, its latest figure as a
 * number with the target's unit. */
static void target_cells(struct ledger *l, const struct item *it,
			 const struct item_state *st)
{
	for (size_t k = 0; k < l->ntargets; k++) {
		const struct entry *a = k < it->ntargets ? st->actuals[k] : NULL;
		struct book_cell *c = &l->cells[NCOLUMNS + 2 * k];

		l->goals[k][0] = '\0';
		if (k < it->ntargets)
			target_format(&it->targets[k], l->goals[k], sizeof(*l->goals));
		c[0] = BOOK_TEXT_CELL(l->goals[k]);
		c[1] = a ? BOOK_FIGURE_CELL(a->value, it->targets[k].unit)
			 : BOOK_EMPTY_CELL;
	}
}

/* Fills l->cells with the row of item it, as --excel writes it, values
 * typed.  Returns 0, or -1 out of memory. */
static int ledger_cells(struct ledger *l, const struct item *it,
			const struct item_state *st, const struct health *h)
{
	struct book_cell *c = l->cells;

	if (join_names(&it->leaders, true, &l->names[0]) ||
	    join_names(&it->lead_units, true, &l->names[1]) ||
	    join_names(&it->participants, true, &l->names[2]))
		return -1;
	c[0] = BOOK_NUMBER_CELL(it->id);
	c[1] = BOOK_TEXT_CELL(it->section_title);
	c[2] = BOOK_TEXT_CELL(it->text);
	c[3] = BOOK_TEXT_CELL(l->names[0].s);
	c[4] = BOOK_TEXT_CELL(l->names[1].s);
	c[5] = BOOK_TEXT_CELL(l->names[2].s);
	/* an open-ended deadline as the document words it */
	c[6] = it->deadline != DATE_NONE ? BOOK_DATE_CELL(it->deadline)
					 : BOOK_TEXT_CELL(it->deadline_text);
	c[7] = st->extended != DATE_NONE ? BOOK_DATE_CELL(st->extended)
					 : BOOK_EMPTY_CELL;
	c[8] = BOOK_FILLED_CELL(status_label(st->status),
				book_status_fill(st->status));
	c[9] = BOOK_NUMBER_CELL(state_percent(st));
	c[10] = BOOK_FILLED_CELL(standing_label(h->standing),
				 book_standing_fill(h->standing));
	c[11] = BOOK_FILLED_CELL(light_label(h->light), book_light_fill(h->light));
	c[12] = BOOK_NUMBER_CELL(h->days_overdue);
	c[13] = st->last_date != DATE_NONE ? BOOK_DATE_CELL(st->last_date)
					   : BOOK_EMPTY_CELL;
	c[14] = BOOK_TEXT_CELL(st->last_note ? st->last_note->note : "");
	target_cells(l, it, st);
	return 0;
}

static size_t most_targets(const struct selection *sel)
{
	size_t n = 0;

	for (size_t i = 0; i < sel->n; i++)
		if (sel->ss.plan.items[sel->positions[i]].ntargets > n)
			n = sel->ss.plan.items[sel->positions[i]].ntargets;
	return n;
}

/* Adds the ledger sheet, one row per selected item. */
static int ledger_sheet(struct context *ctx, const struct selection *sel,
			struct book *b, struct ledger *l, struct duban_error *err)
{
	if (ledger_init(l, most_targets(sel)))
		return error_nomem(err);
	if (book_add_sheet(b, "台账", l->cols, l->ncols, err))
		return -1;
	for (size_t i = 0; i < sel->n; i++) {
		size_t pos = sel->positions[i];
		const struct item *it = &sel->ss.plan.items[pos];
		struct health h;

		health_of(it, &sel->ps.items[pos], ctx->as_of, &sel->ss.settings, &h);
		if (ledger_cells(l, it, &sel->ps.items[pos], &h))
			return error_nomem(err);
		if (book_add_row(b, l->cells, err))
			return -1;
	}
	return 0;
}

/* The summary sheet: duban summary --by unit's columns, in the office's
 * words. */
static const struct book_column summary_columns[] = {
	{ "责任单位", BOOK_TEXT, BOOK_INPUT_NONE },
	{ "事项数", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "已完成", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "逾期完成", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "序时推进", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "滞后", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "逾期", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "平均进度", BOOK_PERCENT, BOOK_INPUT_NONE },
	{ "目标数", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "已达成", BOOK_INTEGER, BOOK_INPUT_NONE },
};

#define NSUMMARY_COLUMNS (sizeof(summary_columns) / sizeof(*summary_columns))

static void group_cells(const struct group *g, const char *name,
			struct book_cell *c)
{
	c[0] = BOOK_TEXT_CELL(name);
	c[1] = BOOK_NUMBER_CELL(g->items);
	c[2] = BOOK_NUMBER_CELL(g->done);
	c[3] = BOOK_NUMBER_CELL(g->done_late);
	c[4] = BOOK_NUMBER_CELL(g->on_schedule);
	c[5] = BOOK_NUMBER_CELL(g->behind);
	c[6] = BOOK_NUMBER_CELL(g->overdue);
	c[7] = BOOK_NUMBER_CELL(group_average(g));
	c[8] = BOOK_NUMBER_CELL(g->targets);
	c[9] = BOOK_NUMBER_CELL(g->targets_met);
}

/* Adds the summary by unit, with its total (合计: each item once). */
static int summary_sheet(struct context *ctx, const struct selection *sel,
			 struct book *b, struct summary *sum,
			 struct duban_error *err)
{
	struct book_cell c[NSUMMARY_COLUMNS];

	if (summary_count(sum, BY_UNIT, &sel->ss.plan, &sel->ps, sel->positions,
			  sel->n, ctx->as_of, &sel->ss.settings, err) ||
	    book_add_sheet(b, "按单位汇总", summary_columns, NSUMMARY_COLUMNS, err))
		return -1;
	for (size_t i = 0; i < sum->names.n; i++) {
		group_cells(&sum->stats[i], sum->stats[i].name, c);
		if (book_add_row(b, c, err))
			return -1;
	}
	group_cells(&sum->total, "合计", c);
	return book_add_total_row(b, c, err);
}

/* Writes the workbook of sel to path, whole or not at all. */
static int write_book(struct context *ctx, const struct selection *sel,
		      const char *path, struct duban_error *err)
{
	struct book *b;
	struct ledger l = { 0 };
	struct summary sum = SUMMARY_INIT;
	int rc;

	if (book_create(&b, path, err))
		return -1;
	rc = ledger_sheet(ctx, sel, b, &l, err) ||
	     summary_sheet(ctx, sel, b, &sum, err) ? -1 : 0;
	if (rc == 0)
		rc = book_commit(b, err);
	else
		book_discard(b);
	ledger_release(&l);
	summary_release(&sum);
	return rc;
}

/* Writes the workbook to standard output, through a file of its own in
 * $TMPDIR: libxlsxwriter writes only files. */
static int book_to_stdout(struct context *ctx, const struct selection *sel,
			  struct duban_error *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char dir[4096], path[4200];
	char *data = NULL;
	size_t n = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/duban-xlsx-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir))
		return error_set(err, dir, 0, _("cannot create a temporary "
						"directory: %s"), strerror(errno));
	snprintf(path, sizeof(path), "%s/export.xlsx", dir);
	rc = write_book(ctx, sel, path, err);
	if (rc == 0)
		rc = file_read_all(path, SIZE_MAX / 2, &data, &n, err);
	if (rc == 0 && fwrite(data, 1, n, ctx->out) != n)
		rc = error_set(err, NULL, 0, _("cannot write the output: %s"),
			       strerror(errno));
	mem_free(data);
	unlink(path);
	rmdir(dir);
	return rc;
}

bool is_xlsx_name(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Refuses what a workbook cannot be asked for.  Returns -1 to go on, else
 * the exit status. */
static int check_book_options(struct context *ctx, const struct export_opts *o)
{
	if (o->encoding)
		return usage_error(ctx, _("--encoding is for CSV: a workbook "
					  "holds every character"));
	if (ctx->format != FORMAT_TABLE)
		return usage_error(ctx, _("--format is for CSV: a workbook has "
					  "a format of its own"));
	if (o->excel)
		return usage_error(ctx, _("--excel writes CSV, not a workbook: "
					  "name the file .csv, or leave --excel out"));
	if (!o->output && isatty(fileno(ctx->out)))
		return usage_error(ctx, _("a workbook is not for a terminal: "
					  "give -o FILE.xlsx, or redirect the output"));
	return -1;
}

/* Exports sel as a workbook, to o->output or standard output. */
static int export_book(struct context *ctx, const struct export_opts *o,
		       const struct selection *sel)
{
	struct duban_error err;
	int rc = o->output ? write_book(ctx, sel, o->output, &err)
			   : book_to_stdout(ctx, sel, &err);

	if (rc) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

static int export_option(struct context *ctx, int opt, const char *arg,
			 struct export_opts *o)
{
	switch (opt) {
	case 'o': o->output = arg; return -1;
	case OPT_EXCEL: o->excel = true; return -1;
	case OPT_XLSX: o->xlsx = true; return -1;
	case OPT_ENCODING:
		o->encoding = true;
		if (strcmp(arg, "gbk") == 0 || strcmp(arg, "GBK") == 0)
			o->gbk = true;
		else if (strcmp(arg, "utf-8") == 0 || strcmp(arg, "UTF-8") == 0)
			o->gbk = false;
		else
			return usage_error(ctx, _("--encoding takes utf-8 or gbk, not "
						  "\"%s\""), arg);
		return -1;
	default:
		return -2;
	}
}

static const struct option export_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "xlsx", no_argument, NULL, OPT_XLSX },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	FILTER_OPTIONS, COMMON_OPTIONS
};

static int cmd_export(int argc, char **argv, struct context *ctx);

const struct command cmd_export_entry = {
	.name = "export",
	.fn = cmd_export,
	.summary = N_("the status sheet as CSV or an Excel workbook"),
	.usage = N_(
		"usage: duban export [-o FILE] [--excel] [--encoding utf-8|gbk]\n"
		"                    [filters of list] [--as-of DATE]\n"
		"       duban export --xlsx [-o FILE.xlsx] [filters of list] [--as-of DATE]\n"
		"\n"
		"One row per item: its fields, status, percent, health, days overdue,\n"
		"last report and note, and each target with its latest figure.\n"
		"  -o, --output FILE write FILE whole or not at all (temporary file,\n"
		"                    fsync, rename); default standard output; a FILE\n"
		"                    ending in .xlsx gets a workbook\n"
		"  --excel           a UTF-8 byte order mark, CRLF, Chinese headers and\n"
		"                    labels, and formulas neutralised with a leading '\n"
		"  --encoding gbk    GBK for old versions of Excel; a character GBK\n"
		"                    cannot hold is written ? and named\n"
		"  --xlsx            an Excel workbook: the ledger (the columns of\n"
		"                    --excel, dates, percents and figures as numbers,\n"
		"                    lights and statuses coloured) and the summary by\n"
		"                    unit; not to a terminal, nor with --encoding or\n"
		"                    --format\n"),
	.more = filter_options_help,
	.options = export_options,
};

static int cmd_export(int argc, char **argv, struct context *ctx)
{
	struct export_opts o = { 0 };
	struct filter f = { 0 };
	struct selection sel;
	struct strbuf doc = STRBUF_INIT;
	struct duban_error err;
	int opt, status;
	bool book;

	while ((opt = getopt_long(argc, argv, "o:", export_options, NULL)) != -1) {
		status = export_option(ctx, opt, optarg, &o);
		if (status == -2)
			status = filter_option(ctx, opt, optarg, &f);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	book = o.xlsx || is_xlsx_name(o.output);
	if (book && (status = check_book_options(ctx, &o)) >= 0)
		return status;
	if (ctx->format != FORMAT_TABLE && ctx->format != FORMAT_CSV)
		return usage_error(ctx, _("export writes CSV; for TSV or JSON use "
					  "duban list --format"));
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (book) {
		status = export_book(ctx, &o, &sel);
		release_selection(&sel);
		return status;
	}
	status = build_sheet(ctx, &o, &sel, &doc);
	release_selection(&sel);
	if (status == EXIT_OK && o.output) {
		if (file_replace(o.output, doc.s, doc.len, &err)) {
			print_error(&err);
			status = EXIT_FAILURE_DATA;
		}
	} else if (status == EXIT_OK) {
		fwrite(doc.s, 1, doc.len, ctx->out);
	}
	sb_release(&doc);
	return status;
}
