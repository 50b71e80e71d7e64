/*
 * duban — the command-line front end: global options, the command table,
 * and what every command shares (errors, the store, output settings).
 */
#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "duban/bundled.h"
#include "duban/i18n.h"
#include "duban/match.h"
#include "duban/store.h"
#include "duban/text.h"

#ifndef DUBAN_VERSION
#define DUBAN_VERSION "0.1.0"
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The options the recording commands share, after their usage. */
static const char update_options_help[] = N_(
	"\n"
	"  -m, --message TEXT  a note (any text; newlines are kept)\n"
	"  --date DATE         the day the record reports on (default today)\n"
	"  --by NAME           who records it (default $DUBAN_USER, else the\n"
	"                      login name)\n"
	"\n"
	"Several ids are recorded all together or not at all.\n");

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct context *ctx);
	const char *summary;	/* one line for the list of commands */
	const char *usage;	/* the synopsis and options, for --help */
	const char *more;	/* help that follows, shared; NULL for none */
};

static const struct command commands[] = {
	{ "init", cmd_init, N_("create a store from the bundled plan or a file"),
	  N_("usage: duban init [DIR] [--from FILE] [--strict] [--deadline DATE]\n"
	     "                  [--year YYYY] [--first-is-lead] [--encoding ENC]\n"
	     "                  [--leader-from-heading | --no-leader-from-heading]\n"
	     "\n"
	     "Creates a store in DIR (default: the store chosen by --store,\n"
	     "$DUBAN_STORE or the per-user default) holding items.csv, store.conf\n"
	     "and .gitattributes.  The plan is the one built into duban, or FILE:\n"
	     "an items.csv, or a plan document (.txt or .docx) read as duban\n"
	     "import reads it, with the same options.  FILE is checked in full\n"
	     "before anything is written.  From a document, the store holds every\n"
	     "item that could be read; the others are reported as FILE:LINE and the\n"
	     "exit status is 1.  With --strict, any problem makes no store.\n"),
	  NULL },
	{ "list", cmd_list, N_("list items, filtered by unit, leader, section or text"),
	  N_("usage: duban list [--unit U] [--participant U] [--involving U]\n"
	     "                  [--leader NAME] [--section N[.M]] [--grep TEXT]\n"
	     "                  [--status S] [--health L] [--mine]\n"
	     "\n"
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
	     "nowhere in the plan is an error naming the closest known names.\n"),
	  NULL },
	{ "show", cmd_show, N_("show whole items: text, units, deadline, targets"),
	  N_("usage: duban show ID...\n"
	     "\n"
	     "Shows each item in full, the task text wrapped to the terminal.\n"),
	  NULL },
	{ "units", cmd_units, N_("every unit, with the items it leads and takes part in"),
	  N_("usage: duban units\n"),
	  NULL },
	{ "leaders", cmd_leaders, N_("every leader, with the items each leads"),
	  N_("usage: duban leaders\n"),
	  NULL },
	{ "start", cmd_start, N_("record that items have started (推进中)"),
	  N_("usage: duban start ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "progress", cmd_progress, N_("record how far items have got, in percent"),
	  N_("usage: duban progress ID... PERCENT [-m NOTE] [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "done", cmd_done, N_("record that items are done (已完成)"),
	  N_("usage: duban done ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "block", cmd_block, N_("record that items are blocked (受阻), and why"),
	  N_("usage: duban block ID... -m WHY [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "reopen", cmd_reopen, N_("take a done or blocked item up again"),
	  N_("usage: duban reopen ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "note", cmd_note, N_("record a note on items"),
	  N_("usage: duban note ID... -m NOTE [--date DATE] [--by NAME]\n"),
	  update_options_help },
	{ "actual", cmd_actual, N_("record the figure reached for a target"),
	  N_("usage: duban actual ID TARGET VALUE [-m NOTE] [--date DATE] [--by NAME]\n"
	     "\n"
	     "TARGET is the target's number as duban show lists it.\n"),
	  update_options_help },
	{ "undo", cmd_undo, N_("cancel your own latest record, or a named one"),
	  N_("usage: duban undo [ENTRY] [-m NOTE] [--date DATE] [--by NAME]\n"
	     "       duban undo --batch ENTRY [-m NOTE] [--date DATE] [--by NAME]\n"
	     "\n"
	     "Appends a record that cancels ENTRY (an id or its first 4 or more\n"
	     "digits, as duban log shows them), or the latest record by the one\n"
	     "who undoes (--by, $DUBAN_USER, the login name) that is not\n"
	     "cancelled yet: never someone else's made since.  It says what it\n"
	     "cancels.  Undoing an undo brings its record back.  Nothing is\n"
	     "deleted.\n"
	     "\n"
	     "  --batch   cancel every record of the command (or merged sheet)\n"
	     "            that made ENTRY, together\n"),
	  update_options_help },
	{ "log", cmd_log, N_("the history of records, newest first"),
	  N_("usage: duban log [ID] [-n COUNT] [--by NAME] [--unit U]\n"
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
	  NULL },
	{ "overdue", cmd_overdue, N_("items past their deadline and not done, most overdue first"),
	  N_("usage: duban overdue [--include-late] [filters of list] [--as-of DATE]\n"
	     "\n"
	     "An item is overdue from the day after its deadline.  --include-late\n"
	     "adds the items done after their deadline (逾期完成).\n"),
	  NULL },
	{ "due", cmd_due, N_("open items whose deadline falls in the next days"),
	  N_("usage: duban due [--within DAYS] [filters of list] [--as-of DATE]\n"
	     "\n"
	     "Open items due from the --as-of day through DAYS days later\n"
	     "(default: warn_days of store.conf, 15 unless set), soonest first.\n"),
	  NULL },
	{ "summary", cmd_summary, N_("per unit, leader or section: done, behind, overdue"),
	  N_("usage: duban summary [--by unit|leader|section] [filters of list]\n"
	     "                     [--as-of DATE]\n"
	     "\n"
	     "Per group: items, done (and of those done late), on schedule,\n"
	     "behind, overdue, the average percent, targets and targets met; on a\n"
	     "terminal a bar of the average percent, red where any item is\n"
	     "overdue, yellow where any is behind.\n"),
	  NULL },
	{ "targets", cmd_targets, N_("every target with its latest figure, and whether it is met"),
	  N_("usage: duban targets [filters of list] [--as-of DATE]\n"),
	  NULL },
	{ "export", cmd_export, N_("the status sheet as CSV, for Excel and WPS too"),
	  N_("usage: duban export [-o FILE] [--excel] [--encoding utf-8|gbk]\n"
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
	  NULL },
	{ "sheet", cmd_sheet, N_("a fill-in sheet for a unit's monthly report, for Excel and WPS"),
	  N_("usage: duban sheet --unit U [--period YYYY-MM] -o FILE\n"
	     "       duban sheet --all [--period YYYY-MM] -o DIR\n"
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
	     "                    lead unit, DIR/UNIT.csv)\n"),
	  NULL },
	{ "merge", cmd_merge, N_("record the filled-in sheets units send back"),
	  N_("usage: duban merge FILE... [--dry-run]\n"
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
	  NULL },
	{ "missing", cmd_missing, N_("the lead units with open items that have not reported for a month"),
	  N_("usage: duban missing --period YYYY-MM [--as-of DATE]\n"
	     "\n"
	     "Lists each lead unit that leads items open as of --as-of and has no\n"
	     "record (by that unit) dated in the period, with how many items it\n"
	     "has open.\n"),
	  NULL },
	{ "import", cmd_import, N_("read a plan document (plain text or .docx): review it, or write items.csv"),
	  N_("usage: duban import FILE [-o OUT] [--format table|json|csv]\n"
	     "                    [--encoding utf-8|gbk] [--strict]\n"
	     "                    [--deadline DATE] [--year YYYY] [--first-is-lead]\n"
	     "                    [--leader-from-heading | --no-leader-from-heading]\n"
	     "\n"
	     "Reads a responsibility-division plan in plain text (UTF-8, a byte\n"
	     "order mark and CRLF accepted, or GBK) or a Word .docx file\n"
	     "(paragraphs and tables) and shows what it read, one row per item:\n"
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
	  NULL },
	{ "completion", cmd_completion, N_("print a shell's completion script"),
	  N_("usage: duban completion bash|zsh|fish\n"
	     "\n"
	     "Prints a script that completes duban's commands, options, unit and\n"
	     "leader names, item ids and statuses.  For bash, add to ~/.bashrc:\n"
	     "    eval \"$(duban completion bash)\"\n"
	     "(make install puts the bash one where bash-completion finds it).\n"),
	  NULL },
	{ "check", cmd_check, N_("check the whole store and report every problem"),
	  N_("usage: duban check [--repair]\n"
	     "\n"
	     "Checks items.csv and every line of journal.csv: each record's sum,\n"
	     "the link to the record written before it, whole batches, dates;\n"
	     "exits 1 if anything is wrong.\n"
	     "\n"
	     "  --repair   remove what interrupted writes left (a torn last line,\n"
	     "             the records of a command not all written); damaged\n"
	     "             lines are left for a person to mend\n"),
	  NULL },
};

#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

static const char global_usage[] = N_(
	"usage: duban [--store DIR] [--format FMT] [--color WHEN] [--as-of DATE]\n"
	"             COMMAND [ARGS]\n"
	"\n"
	"Tracks a government work plan (责任分工方案): who owns each task and how\n"
	"far it has got.\n"
	"\n"
	"Options (before or after the command):\n"
	"  --store DIR     the store to use (default: $DUBAN_STORE, else\n"
	"                  $XDG_DATA_HOME/duban, made from the bundled plan)\n"
	"  --format FMT    table (default), csv, tsv or json\n"
	"  --color WHEN    auto (default), always or never; NO_COLOR is honoured\n"
	"  --as-of DATE    the day to report as of (default: today)\n"
	"  --no-pager      never page: a listing longer than the terminal goes\n"
	"                  through $DUBAN_PAGER, $PAGER or less -FRX\n"
	"  --help          this help; 'duban COMMAND --help' for a command's\n"
	"  --version       the version\n"
	"\n"
	"Exit status: 0 success (an empty result too), 1 the data or the system\n"
	"failed, 2 the command line is wrong.\n"
	"\n"
	"Commands:\n");

static void print_global_help(FILE *out)
{
	fputs(_(global_usage), out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
}

/* Says that name is no command, suggesting the closest ones ("did you
 * mean"), and returns the exit status. */
static int unknown_command(const struct context *ctx, const char *name)
{
	const char *known[NCOMMANDS], *closest;

	for (size_t i = 0; i < NCOMMANDS; i++)
		known[i] = commands[i].name;
	if (names_closest(name, known, NCOMMANDS, &closest, 1) <= 0)
		return usage_error(ctx, _("\"%s\" is not a duban command"), name);
	return usage_error(ctx, _("\"%s\" is not a duban command; did you mean "
				  "%s?"), name, closest);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

const char *command_name(size_t i)
{
	return i < NCOMMANDS ? commands[i].name : NULL;
}

const char *command_usage(const char *name)
{
	const struct command *c = find_command(name);

	return c ? c->usage : NULL;
}

void print_command_help(const char *command)
{
	const struct command *c = find_command(command);

	if (c)
		fputs(_(c->usage), stdout);
	if (c && c->more)
		fputs(_(c->more), stdout);
}

void put_safe(FILE *out, const char *s)
{
	for (const char *p = s; *p;) {
		size_t n = text_unsafe_len(p);

		if (n) {
			fputs("\xef\xbf\xbd", out);
			p += n;
		} else {
			putc(*p++, out);
		}
	}
}

void print_error(const struct duban_error *err)
{
	char line[2048];

	error_format(err, line, sizeof(line));
	fputs("duban: ", stderr);
	put_safe(stderr, line);
	putc('\n', stderr);
}

int usage_error(const struct context *ctx, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fputs("duban: ", stderr);
	put_safe(stderr, msg);	/* it may quote what was typed */
	putc('\n', stderr);
	if (ctx->command)
		fprintf(stderr, _("Try 'duban %s --help'.\n"), ctx->command);
	else
		fputs(_("Try 'duban --help'.\n"), stderr);
	return EXIT_USAGE;
}

/* After getopt's complaint of an unknown long option, the closest known
 * one ("did you mean"): getopt leaves the word it refused just before
 * optind. */
static void suggest_option(const struct context *ctx)
{
	const char *word, *best;
	char bad[64];

	if (!ctx->argv || optind < 1 || optopt != 0)
		return;
	word = ctx->argv[optind - 1];
	if (strncmp(word, "--", 2) != 0)
		return;
	snprintf(bad, sizeof(bad), "%.*s", (int)strcspn(word, "="), word);
	if ((best = closest_option(ctx->command, bad)))
		fprintf(stderr, _("duban: did you mean %s?\n"), best);
}

int common_option(struct context *ctx, int opt, const char *arg)
{
	switch (opt) {
	case OPT_STORE:
		ctx->store_arg = arg;
		return -1;
	case OPT_FORMAT:
		if (format_parse(arg, &ctx->format))
			return usage_error(ctx, _("--format takes table, csv, "
					   "tsv or json, not \"%s\""), arg);
		return -1;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			ctx->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			ctx->color = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			ctx->color = COLOR_NEVER;
		else
			return usage_error(ctx, _("--color takes auto, always "
					   "or never, not \"%s\""), arg);
		return -1;
	case OPT_AS_OF:
		if (date_parse(arg, &ctx->as_of))
			return usage_error(ctx, _("--as-of \"%s\" is not a "
					   "date (write 2024-06-30)"), arg);
		return -1;
	case OPT_NO_PAGER:
		ctx->no_pager = true;
		return -1;
	case OPT_HELP:
		if (ctx->command)
			print_command_help(ctx->command);
		else
			print_global_help(stdout);
		return EXIT_OK;
	default:
		/* getopt has already said what is wrong */
		suggest_option(ctx);
		if (ctx->command)
			fprintf(stderr, _("Try 'duban %s --help'.\n"),
				ctx->command);
		return EXIT_USAGE;
	}
}

size_t output_width(const struct context *ctx)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long n;
	char *end;

	if (ctx->paged)
		return ctx->paged_width;
	if (isatty(fileno(ctx->out)) &&
	    ioctl(fileno(ctx->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (!env || !*env)
		return 0;
	n = strtol(env, &end, 10);
	return *end || n <= 0 || n > 10000 ? 0 : (size_t)n;
}

bool output_color(const struct context *ctx)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	switch (ctx->color) {
	case COLOR_ALWAYS:
		return true;
	case COLOR_NEVER:
		return false;
	case COLOR_AUTO:
		break;
	}
	if (no_color && *no_color)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return ctx->paged || isatty(fileno(ctx->out));	/* less -R shows it */
}

/* Whether stdout goes to a pager on a terminal. */
static bool to_pager;

/* What an empty report says on a terminal; commands whose rows are not
 * items name theirs with say_when_empty(). */
static const char *empty_note = N_("no matching items");

void say_when_empty(const char *note)
{
	empty_note = note;
}

int finish_render(struct render *r, int rc)
{
	bool empty = r->rows == 0 && r->format == FORMAT_TABLE;

	if (render_end(r) || rc) {
		fprintf(stderr, _("duban: cannot write the listing "
			"(out of memory or a write error)\n"));
		return EXIT_FAILURE_DATA;
	}
	/* an empty table is a header alone: on a terminal, say why */
	if (empty && (isatty(fileno(r->out)) || to_pager))
		fprintf(stderr, "duban: %s\n", _(empty_note));
	return EXIT_OK;
}

int parse_id_arg(const struct context *ctx, const char *s, long *id)
{
	char buf[64], *end;

	errno = 0;
	if (text_fold_fullwidth(s, buf, sizeof(buf)))
		buf[0] = '\0';	/* far too long to be an id */
	*id = strtol(buf, &end, 10);
	if (errno || end == buf || *end || *id <= 0 || buf[0] == '+' ||
	    buf[0] == '-' || buf[0] == ' ') {
		usage_error(ctx, _("\"%s\" is not an item id (a whole number)"),
			    s);
		return -1;
	}
	return 0;
}

const char *current_user(void)
{
	const char *env = getenv("DUBAN_USER");
	struct passwd *pw;

	if (env && *env)
		return env;
	pw = getpwuid(getuid());
	return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : NULL;
}

/* Creates the per-user default store the first time duban is run. */
static int create_default_store(const char *dir)
{
	struct duban_error err;
	size_t n;
	const char *plan = bundled_plan(&n);

	if (store_create(dir, plan, n, &err)) {
		print_error(&err);
		return -1;
	}
	fprintf(stderr, _("duban: created the default "
		"store %s from the bundled plan\n"), dir);
	return 0;
}

/* Says what is wrong with the journal: warnings for a reader, errors that
 * stop a writer.  Returns -1 if a writer must stop. */
static int report_journal(const struct store_session *s, bool write)
{
	const struct journal *j = &s->journal;
	const char *kind = write ? "" : _("warning: ");

	for (size_t i = 0; i < j->problems.n; i++)
		fprintf(stderr, "duban: %s%s:%ld: %s\n", kind, s->journal_path,
			j->problems.v[i].line, j->problems.v[i].msg);
	if (j->problems.n && write) {
		fprintf(stderr, _("duban: %s is damaged: nothing was recorded; "
			"mend the lines above (duban check lists them)\n"),
			s->journal_path);
		return -1;
	}
	if (j->problems.n)
		fprintf(stderr, _("duban: warning: lines that "
			"cannot be read are left out, and a record may be "
			"missing; run 'duban check'\n"));
	for (size_t g = 0; g < j->ngaps; g++)
		fprintf(stderr, write && j->gaps[g].at_end
			? _("duban: warning: %s:%ld: the records of an "
			    "interrupted write (batch %s, %zu of %zu) are left "
			    "out, and cut off when this records\n")
			: _("duban: warning: %s:%ld: the records of an "
			    "interrupted write (batch %s, %zu of %zu) are left "
			    "out\n"), s->journal_path,
			j->gaps[g].first_line, j->gaps[g].batch, j->gaps[g].have,
			j->gaps[g].want);
	if (j->torn_tail && !write)
		fprintf(stderr, _("duban: warning: %s:%ld: the last line is "
				  "incomplete (a write was interrupted); it is "
				  "ignored\n"), s->journal_path, j->torn_line);
	else if (j->torn_tail)
		fprintf(stderr, _("duban: warning: %s:%ld: the last line "
			"is incomplete (a write was interrupted); it is left "
			"out, and cut off when this records\n"),
			s->journal_path, j->torn_line);
	return 0;
}

int open_store(struct context *ctx, struct store_session *s, bool write)
{
	struct duban_error err;
	char path[4096], conf[4096], people[4096];
	bool is_default;

	s->plan = (struct table)TABLE_INIT;
	s->journal = (struct journal)JOURNAL_INIT;
	s->people = (struct people)PEOPLE_INIT;
	s->lock = (struct store_lock)STORE_LOCK_INIT;
	if (store_locate(ctx->store_arg, s->dir, sizeof(s->dir), &is_default, &err) ||
	    store_file(s->dir, STORE_ITEMS, path, sizeof(path), &err) ||
	    store_file(s->dir, JOURNAL_FILE, s->journal_path,
		       sizeof(s->journal_path), &err)) {
		print_error(&err);
		return -1;
	}
	if (!store_exists(s->dir)) {
		if (!is_default) {
			fprintf(stderr, _("duban: %s: no store here (no "
				"items.csv); create one with: duban init %s\n"),
				s->dir, s->dir);
			return -1;
		}
		if (create_default_store(s->dir))
			return -1;
	}
	if (store_lock(s->dir, write, &s->lock, &err) ||
	    store_file(s->dir, STORE_CONF, conf, sizeof(conf), &err) ||
	    settings_load(&s->settings, conf, conf, &err) ||
	    table_load_file(&s->plan, path, path, &err) ||
	    journal_load(&s->journal, s->journal_path, s->journal_path, &s->plan,
			 &err) ||
	    store_file(s->dir, PEOPLE_FILE, people, sizeof(people), &err) ||
	    people_load(&s->people, people, people, &s->plan, &err)) {
		print_error(&err);
		close_store(s);
		return -1;
	}
	if (report_journal(s, write)) {
		close_store(s);
		return -1;
	}
	settings_complete(&s->settings, &s->plan);
	return 0;
}

void close_store(struct store_session *s)
{
	people_release(&s->people);
	journal_release(&s->journal);
	table_release(&s->plan);
	store_unlock(&s->lock);
}

/* Where the message catalogues are: $DUBAN_LOCALEDIR when set; else
 * locale/ beside the binary when there is such a directory, as in an
 * uninstalled build (build/duban and build/locale); else LOCALEDIR, where
 * make install puts them. */
static const char *locale_dir(char *buf, size_t size)
{
	const char *env = getenv("DUBAN_LOCALEDIR");
	struct stat st;
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - sizeof("/locale"))
		return LOCALEDIR;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return LOCALEDIR;
	strcpy(slash, "/locale");
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : LOCALEDIR;
}

/* Runs the command and makes sure its output really reached stdout: a full
 * disk or a closed pipe must not look like success. */
/* Whether the command shows what may be longer than a screen. */
static bool pages(const char *command, int argc, char **argv)
{
	static const char *const viewers[] = {
		"list", "show", "units", "leaders", "log", "overdue", "due",
		"summary", "targets", "missing",
	};

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 ||	/* short, to stdout */
		    strcmp(argv[i], "--no-pager") == 0)
			return false;
	for (size_t i = 0; i < sizeof(viewers) / sizeof(*viewers); i++)
		if (strcmp(command, viewers[i]) == 0)
			return true;
	return false;
}

/* Whether an executable program is on $PATH: a default pager that is not
 * there would swallow the output. */
static bool on_path(const char *program)
{
	const char *path = getenv("PATH");
	char buf[4096];

	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");

		if (n && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p,
					  program) < sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* Sends stdout through a pager when it is a terminal: $DUBAN_PAGER, else
 * $PAGER, else less -FRX (which leaves at once what fits one screen);
 * none when it is empty or "cat", or with --no-pager.  Returns the
 * pager's pid, or 0 for none. */
static pid_t start_pager(struct context *ctx)
{
	const char *pager = getenv("DUBAN_PAGER");
	int fds[2];
	pid_t pid;

	if (ctx->no_pager || !isatty(STDOUT_FILENO))
		return 0;
	if (!pager)
		pager = getenv("PAGER");
	if (!pager && on_path("less"))
		pager = "less -FRX";
	if (!pager)
		return 0;
	if (!*pager || strcmp(pager, "cat") == 0)
		return 0;
	ctx->paged_width = output_width(ctx);	/* while still the terminal */
	if (pipe(fds))
		return 0;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	fflush(stdout);
	dup2(fds[1], STDOUT_FILENO);
	close(fds[0]);
	close(fds[1]);
	ctx->paged = to_pager = true;
	return pid;
}

/* Ends the pager: it gets the end of its input, and duban waits for the
 * reader to leave it. */
static void stop_pager(pid_t pid)
{
	int wstatus;

	if (!pid)
		return;
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
}

static int run_command(const struct command *c, int argc, char **argv,
		       struct context *ctx)
{
	char name[64];
	pid_t pager = 0;
	int status;

	ctx->command = c->name;
	/* getopt names argv[0] in its complaints: "duban list: …" */
	snprintf(name, sizeof(name), "duban %s", c->name);
	if (pages(c->name, argc, argv))
		pager = start_pager(ctx);
	argv[0] = name;
	ctx->argv = argv;
	optind = 0;	/* the command parses its own argv from the start */
	status = c->fn(argc, argv, ctx);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, _("duban: cannot write the output: %s\n"),
			strerror(errno));
		if (status == EXIT_OK)
			status = EXIT_FAILURE_DATA;
	}
	stop_pager(pager);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "version", no_argument, NULL, 'V' },
		COMMON_OPTIONS
	};
	struct context ctx = { .format = FORMAT_TABLE, .color = COLOR_AUTO,
			       .out = stdout };
	const struct command *c;
	char locale_buf[4096];
	int opt;

	/* A write past a file size limit must fail with EFBIG, not kill us
	 * half-way: the journal is then cut back to its last whole record. */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	/* Figures like "4.1" are read with strtod: keep the C decimal point. */
	setlocale(LC_NUMERIC, "C");
	/* Messages, tables and help follow LC_MESSAGES (LC_ALL, LANGUAGE);
	 * English when it is C, POSIX or en. */
	bindtextdomain("duban", locale_dir(locale_buf, sizeof(locale_buf)));
	textdomain("duban");
	ctx.as_of = date_today();

	ctx.argv = argv;
	/* "+": stop at the command name; what follows is the command's. */
	while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		int status;

		if (opt == 'V') {
			printf("duban %s\n", DUBAN_VERSION);
			return EXIT_OK;
		}
		status = common_option(&ctx, opt, optarg);
		if (status >= 0)
			return status;
	}
	if (optind >= argc) {
		print_global_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 < argc && find_command(argv[optind + 1])) {
			print_command_help(argv[optind + 1]);
			return EXIT_OK;
		}
		print_global_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[optind], "__complete") == 0)	/* for the scripts */
		return complete_words(&ctx, argc - optind - 1, argv + optind + 1);
	c = find_command(argv[optind]);
	if (!c)
		return unknown_command(&ctx, argv[optind]);
	return run_command(c, argc - optind, argv + optind, &ctx);
}
