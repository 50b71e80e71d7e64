/*
 * duban import: a plan document read, shown for review, or written as
 * items.csv; the reading options init --from shares.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/import.h"
#include "duban/lexeme.h"
#include "duban/store.h"
#include "duban/strbuf.h"

int import_option(struct context *ctx, int opt, const char *arg,
		  struct import_request *q)
{
	char *end;
	long y;

	switch (opt) {
	case OPT_STRICT:
		q->strict = true;
		return -1;
	case OPT_FIRST_IS_LEAD:
		q->o.first_is_lead = true;
		return -1;
	case OPT_LEADER_HEADING:
		q->o.leaders = LEADER_ON;
		return -1;
	case OPT_NO_LEADER_HEADING:
		q->o.leaders = LEADER_OFF;
		return -1;
	case OPT_SHEET:
		q->o.sheet = arg;
		return -1;
	case OPT_ENCODING:
		if (strcasecmp(arg, "gbk") == 0 || strcasecmp(arg, "gb18030") == 0)
			q->o.enc = IMPORT_GBK;
		else if (strcasecmp(arg, "utf-8") == 0 || strcasecmp(arg, "utf8") == 0)
			q->o.enc = IMPORT_UTF8;
		else
			return usage_error(ctx, _("--encoding takes utf-8 or gbk, "
						  "not \"%s\""), arg);
		return -1;
	case OPT_DEADLINE:
		if (date_parse(arg, &q->o.deadline))
			return usage_error(ctx, _("--deadline takes a date such as "
						  "2024-12-31, not \"%s\""), arg);
		return -1;
	case OPT_YEAR:
		y = strtol(arg, &end, 10);
		if (*end || end == arg || y < 1900 || y > 9999)
			return usage_error(ctx, _("--year takes a year such as "
						  "2024, not \"%s\""), arg);
		q->o.year = (int)y;
		return -1;
	default:
		return common_option(ctx, opt, arg);
	}
}

/* Lists r's problems on stderr, then one line for the items given a
 * deadline they do not print. */
static void say_problems(const char *path, const struct import_result *r)
{
	size_t from_year = 0, open = 0;

	for (size_t i = 0; i < r->problems.n; i++)
		fprintf(stderr, "duban: %s:%ld: %s\n", path,
			r->problems.v[i].line, r->problems.v[i].msg);
	for (size_t i = 0; i < r->nrows; i++) {
		unsigned f = r->rows[i].flags;

		if (f & IMPORT_NOT_WRITTEN)
			continue;
		from_year += !!(f & IMPORT_DEADLINE_YEAR);
		open += !!(f & IMPORT_NO_DEADLINE);
	}
	if (from_year)
		fprintf(stderr, _("duban: %s: warning: %zu item(s) print no "
				  "deadline (完成时限); they are due %d-12-31, "
				  "the end of the plan year (--deadline DATE sets "
				  "another)\n"), path, from_year, r->year);
	if (open)
		fprintf(stderr, _("duban: %s: warning: %zu item(s) print no "
				  "deadline (完成时限) and the document names no "
				  "year; they are open-ended (--deadline DATE or "
				  "--year YYYY sets one)\n"), path, open);
}

/* Reads the document at path into r; prints why not and returns -1. */
static int read_document(const char *path, const struct import_request *q,
			 struct import_result *r)
{
	struct duban_error err;

	if (import_file(r, path, &q->o, &err) == 0)
		return 0;
	print_error(&err);
	return -1;
}

int import_plan(const char *path, const struct import_request *q,
		struct strbuf *csv, size_t *n, struct import_result *kept)
{
	struct import_result r = IMPORT_RESULT_INIT;
	struct duban_error err;
	int status;

	*n = 0;
	if (read_document(path, q, &r))
		return EXIT_FAILURE_DATA;
	say_problems(path, &r);
	status = r.problems.n ? EXIT_FAILURE_DATA : EXIT_OK;
	if (r.problems.n && q->strict)
		fprintf(stderr, _("duban: %s: %zu problem(s); nothing written "
				  "(--strict)\n"), path, r.problems.n);
	else if (r.n == 0)
		fprintf(stderr, _("duban: %s: no readable item; nothing "
				  "written\n"), path);
	else if (import_write_csv(&r, csv))
		status = (error_nomem(&err), print_error(&err), EXIT_FAILURE_DATA);
	else
		*n = r.n;
	if (r.problems.n && *n)
		fprintf(stderr, _("duban: %s: %zu problem(s); the other %zu items "
				  "were written\n"), path, r.problems.n, r.n);
	if (kept)
		*kept = r;
	else
		import_release(&r);
	return status;
}

static const struct field review_fields[] = {
	{ "number", N_("No."), FIELD_BOTH | FIELD_WHOLE },
	{ "id", N_("ID"), FIELD_MACHINE },
	{ "line", N_("Line"), FIELD_BOTH | FIELD_RIGHT },
	{ "section", N_("Section"), FIELD_MACHINE },
	{ "section_title", N_("Section title"), FIELD_MACHINE },
	{ "subsection", N_("Subsection"), FIELD_MACHINE },
	{ "subsection_title", N_("Subsection title"), FIELD_MACHINE },
	{ "text", N_("Task"), FIELD_BOTH | FIELD_ELASTIC },
	{ "leaders", N_("Leaders"), FIELD_BOTH },
	{ "lead_units", N_("Lead units"), FIELD_BOTH },
	{ "participants", N_("Participants"), FIELD_BOTH },
	{ "deadline", N_("Deadline"), FIELD_BOTH },
	{ "deadline_text", N_("Deadline as printed"), FIELD_MACHINE },
	{ "flags", N_("Flags"), FIELD_BOTH },
	{ "problems", N_("Problems"), FIELD_MACHINE },
};

/* The keys of flags, and the problems found at line, as lists. */
static void row_notes(const struct import_result *r, const struct import_row *row,
		      const char **keys, struct names *flags,
		      const char **msgs, size_t max, struct names *problems)
{
	flags->v = keys;
	flags->n = 0;
	for (unsigned b = 0; b < IMPORT_FLAGS; b++)
		if (row->flags & (1u << b))
			keys[flags->n++] = import_flag_key(b);
	problems->v = msgs;
	problems->n = 0;
	for (size_t i = 0; i < r->problems.n && problems->n < max; i++)
		if (r->problems.v[i].line == row->it.line)
			msgs[problems->n++] = r->problems.v[i].msg;
}

/* The review: one row per item read, written or not. */
static int render_review(struct context *ctx, const struct import_result *r)
{
	struct render rd;
	int rc = 0;

	render_begin(&rd, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), review_fields, NELEM(review_fields));
	for (size_t i = 0; i < r->nrows && rc == 0; i++) {
		const struct import_row *row = &r->rows[i];
		const struct item *it = &row->it;
		const char *keys[IMPORT_FLAGS], *msgs[16];
		struct names flags, problems;

		row_notes(r, row, keys, &flags, msgs, NELEM(msgs), &problems);
		rc = render_row(&rd, (struct cell[]){
			CELL_TEXT_OF(row->number), CELL_INT_OF(it->id),
			CELL_INT_OF(it->line), CELL_INT_OF(it->section),
			CELL_TEXT_OF(it->section_title),
			CELL_INT_OF(it->subsection),
			CELL_TEXT_OF(it->subsection_title),
			CELL_TEXT_OF(it->text), CELL_NAMES_OF(&it->leaders),
			CELL_NAMES_OF(&it->lead_units),
			CELL_NAMES_OF(&it->participants),
			CELL_DATE_OF(it->deadline),
			CELL_TEXT_OF(it->deadline_text), CELL_NAMES_OF(&flags),
			CELL_NAMES_OF(&problems),
		});
	}
	say_when_empty(N_("the document holds no items"));
	return finish_render(&rd, rc);
}

/* duban import FILE without -o, and not as CSV: the review. */
static int review(struct context *ctx, const char *path,
		  const struct import_request *q)
{
	struct import_result r = IMPORT_RESULT_INIT;
	int status;

	if (read_document(path, q, &r))
		return EXIT_FAILURE_DATA;
	status = render_review(ctx, &r);
	say_problems(path, &r);
	if (status == EXIT_OK && r.problems.n)
		status = EXIT_FAILURE_DATA;
	import_release(&r);
	return status;
}

static const struct option import_options[] = {
	{ "output", required_argument, NULL, 'o' },
	IMPORT_OPTIONS,
	COMMON_OPTIONS
};

static int cmd_import(int argc, char **argv, struct context *ctx);

const struct command cmd_import_entry = {
	.name = "import",
	.fn = cmd_import,
	.summary = N_("read a plan document or a ledger (text, .docx, .xlsx, .csv): review it, or write items.csv"),
	.usage = N_(
		"usage: duban import FILE [-o OUT] [--format table|json|csv]\n"
		"                    [--encoding utf-8|gbk] [--strict] [--sheet NAME]\n"
		"                    [--deadline DATE] [--year YYYY] [--first-is-lead]\n"
		"                    [--leader-from-heading | --no-leader-from-heading]\n"
		"\n"
		"Reads a responsibility-division plan in plain text (UTF-8, a byte\n"
		"order mark and CRLF accepted, or GBK) or a Word .docx file\n"
		"(paragraphs and tables), or an office's ledger (台账) kept in Excel:\n"
		"a workbook (.xlsx) or a .csv file (UTF-8 or GBK), whose header row\n"
		"may sit below title rows and name its columns in any order; and\n"
		"shows what it read, one row per item:\n"
		"the number as printed, its line, the task, leaders, lead units,\n"
		"participants, the deadline, and flags where it guessed or found\n"
		"nothing.  --format json gives the same for scripts; -o, or --format\n"
		"csv, writes the items as items.csv.\n"
		"\n"
		"Items are numbered 1. 1、 （1） ① 一是 or （一）, under sections 一、\n"
		"and subsections （一）, or are rows of a table whose header names the\n"
		"columns (序号 重点工作 牵头单位 责任单位 完成时限 …).  The assignment is a\n"
		"bracket group closing the item, 〔牵头领导：…；责任单位：…〕, labelled\n"
		"lines after it, or prose: （X牵头，Y、Z配合）, （A、B等负责）.\n"
		"责任单位 beside 牵头单位 names the supporting units; alone, the lead\n"
		"units.  Targets are extracted from each item's text: \"力争规上工业企业\n"
		"数量突破40家\" gives 规上工业企业数量>40家.\n"
		"\n"
		"  -o, --output FILE write items.csv whole or not at all (temporary\n"
		"                    file, fsync, rename)\n"
		"  --encoding ENC    utf-8 or gbk (default: detected)\n"
		"  --sheet NAME      the workbook's sheet to read (default: the first\n"
		"                    that holds items)\n"
		"  --strict          write nothing if any item cannot be read\n"
		"  --deadline DATE   the deadline of items that print none\n"
		"                    (default: the end of the plan year)\n"
		"  --year YYYY       the plan year, for 全年, 6月底 and items without\n"
		"                    a deadline (default: the document's)\n"
		"  --first-is-lead   the first unit of a 责任单位 list leads, the\n"
		"                    others take part\n"
		"  --leader-from-heading     a section heading \"一、张三牵头…\" names\n"
		"                    the leader of its items (by default only with an\n"
		"                    office: \"一、张三副区长牵头…\")\n"
		"  --no-leader-from-heading  never take leaders from headings\n"
		"\n"
		"An item that cannot be kept (no lead unit, no task text, a deadline\n"
		"that is not a date, a number repeated or out of order) is reported\n"
		"as FILE:LINE: item N: …; the other items are still written, and the\n"
		"exit status is 1.  A missing deadline is a warning, not a problem.\n"),
	.options = import_options,
};

static int cmd_import(int argc, char **argv, struct context *ctx)
{
	struct import_request q = { IMPORT_OPTIONS_INIT, false };
	struct strbuf doc = STRBUF_INIT;
	struct duban_error err;
	const char *output = NULL, *path;
	size_t n;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", import_options, NULL)) != -1) {
		if (opt == 'o')
			output = optarg;
		else if ((status = import_option(ctx, opt, optarg, &q)) >= 0)
			return status;
	}
	if (optind >= argc)
		return usage_error(ctx, _("import needs the FILE to read"));
	if (optind + 1 < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind + 1]);
	if (ctx->format == FORMAT_TSV || (output && ctx->format != FORMAT_TABLE &&
					  ctx->format != FORMAT_CSV))
		return usage_error(ctx, _("import shows its review as a table or "
					  "JSON, and writes items.csv as CSV; "
					  "--format takes table, json or csv"));
	path = argv[optind];
	if (!output && ctx->format != FORMAT_CSV)
		return review(ctx, path, &q);
	status = import_plan(path, &q, &doc, &n, NULL);
	if (n && output && file_replace(output, doc.s, doc.len, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else if (n && !output) {
		fwrite(doc.s, 1, doc.len, ctx->out);
	}
	sb_release(&doc);
	return status;
}
