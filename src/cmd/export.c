/*
 * duban export: the status sheet, one row per item, for the office to send
 * up.  Plain CSV by default; with --excel what Excel and WPS open cleanly on
 * Chinese Windows: a UTF-8 byte order mark, CRLF, Chinese headers and
 * labels, and every field that a spreadsheet would run as a formula
 * neutralised.  --encoding gbk writes GBK for old versions of Excel.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/csvwrite.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"

enum { OPT_OUTPUT = OPT_COMMAND_BASE, OPT_EXCEL };

struct export_opts {
	const char *output;	/* -o FILE; NULL for stdout */
	bool excel;
	bool gbk;
};

/* The fixed columns: key (plain CSV) and header (--excel). */
static const char *const columns[][2] = {
	{ "id", "序号" }, { "section", "所属部分" }, { "text", "重点工作" },
	{ "leaders", "牵头领导" }, { "lead_units", "责任单位" },
	{ "participants", "参加单位" }, { "deadline", "完成时限" },
	{ "status", "状态" }, { "percent", "完成进度(%)" },
	{ "health", "序时进度情况" }, { "light", "灯号" },
	{ "days_overdue", "逾期天数" }, { "last_report", "最近报送日期" },
	{ "last_note", "最近进展" },
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

/* Names joined as items.csv does (";"), or for people as the document
 * does: "、" between names, "，" around a collective designation. */
static int names_field(struct sheet *sh, const struct names *l)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = sb_reset(&sb);

	for (size_t i = 0; i < l->n && rc == 0; i++) {
		const char *sep = !sh->o->excel ? ";"
				  : strstr(l->v[i], "、") || (i && strstr(l->v[i - 1], "、"))
				  ? "，" : "、";

		if (i)
			rc |= sb_puts(&sb, sep);
		rc |= sb_puts(&sb, l->v[i]);
	}
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
		rc |= field(sh, columns[i][sh->o->excel]);
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

static int export_option(struct context *ctx, int opt, const char *arg,
			 struct export_opts *o)
{
	switch (opt) {
	case 'o': o->output = arg; return -1;
	case OPT_EXCEL: o->excel = true; return -1;
	case OPT_ENCODING:
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
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	FILTER_OPTIONS, COMMON_OPTIONS
};

static int cmd_export(int argc, char **argv, struct context *ctx);

const struct command cmd_export_entry = {
	.name = "export",
	.fn = cmd_export,
	.summary = N_("the status sheet as CSV, for Excel and WPS too"),
	.usage = N_(
		"usage: duban export [-o FILE] [--excel] [--encoding utf-8|gbk]\n"
		"                    [filters of list] [--as-of DATE]\n"
		"\n"
		"One row per item: its fields, status, percent, health, days overdue,\n"
		"last report and note, and each target with its latest figure.\n"
		"  -o, --output FILE write FILE whole or not at all (temporary file,\n"
		"                    fsync, rename); default standard output\n"
		"  --excel           a UTF-8 byte order mark, CRLF, Chinese headers and\n"
		"                    labels, and formulas neutralised with a leading '\n"
		"  --encoding gbk    GBK for old versions of Excel; a character GBK\n"
		"                    cannot hold is written ? and named\n"),
	.more = filter_options_help,
	.options = export_options,
};

static int cmd_export(int argc, char **argv, struct context *ctx)
{
	struct export_opts o = { NULL, false, false };
	struct filter f = { 0 };
	struct selection sel;
	struct strbuf doc = STRBUF_INIT;
	struct duban_error err;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", export_options, NULL)) != -1) {
		status = export_option(ctx, opt, optarg, &o);
		if (status == -2)
			status = filter_option(ctx, opt, optarg, &f);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	if (ctx->format != FORMAT_TABLE && ctx->format != FORMAT_CSV)
		return usage_error(ctx, _("export writes CSV; for TSV or JSON use "
					  "duban list --format"));
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
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
