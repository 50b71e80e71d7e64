/*
 * cmd — what the commands of the front end share: the command table and
 * help, errors and their hints, the common options, output settings and
 * the store as a command opens it.
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/match.h"
#include "duban/text.h"

/* The commands, in the order --help lists them. */
static const struct command *const commands[] = {
	&cmd_init_entry,
	&cmd_list_entry,
	&cmd_show_entry,
	&cmd_units_entry,
	&cmd_leaders_entry,
	&cmd_start_entry,
	&cmd_progress_entry,
	&cmd_done_entry,
	&cmd_block_entry,
	&cmd_reopen_entry,
	&cmd_note_entry,
	&cmd_actual_entry,
	&cmd_undo_entry,
	&cmd_extend_entry,
	&cmd_approve_entry,
	&cmd_refuse_entry,
	&cmd_return_entry,
	&cmd_milestone_entry,
	&cmd_log_entry,
	&cmd_overdue_entry,
	&cmd_due_entry,
	&cmd_summary_entry,
	&cmd_targets_entry,
	&cmd_export_entry,
	&cmd_sheet_entry,
	&cmd_merge_entry,
	&cmd_missing_entry,
	&cmd_rank_entry,
	&cmd_remind_entry,
	&cmd_diff_entry,
	&cmd_bulletin_entry,
	&cmd_import_entry,
	&cmd_completion_entry,
	&cmd_check_entry,
	&cmd_rules_entry,
};

#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

const struct option global_options[] = {
	{ "version", no_argument, NULL, 'V' },
	COMMON_OPTIONS
};

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
	"                  (--colour too)\n"
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

void print_global_help(FILE *out)
{
	fputs(_(global_usage), out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i]->name, _(commands[i]->summary));
}

int unknown_command(const struct context *ctx, const char *name)
{
	const char *known[NCOMMANDS], *closest;

	for (size_t i = 0; i < NCOMMANDS; i++)
		known[i] = commands[i]->name;
	if (names_closest(name, known, NCOMMANDS, &closest, 1) <= 0)
		return usage_error(ctx, _("\"%s\" is not a duban command"), name);
	return usage_error(ctx, _("\"%s\" is not a duban command; did you mean "
				  "%s?"), name, closest);
}

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

const struct command *command_at(size_t i)
{
	return i < NCOMMANDS ? commands[i] : NULL;
}

void print_command_help(const char *command)
{
	const struct command *c = command_find(command);

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
	char bad[64], owners[128];

	if (!ctx->argv || optind < 1 || optopt != 0)
		return;
	word = ctx->argv[optind - 1];
	if (strncmp(word, "--", 2) != 0)
		return;
	snprintf(bad, sizeof(bad), "%.*s", (int)strcspn(word, "="), word);
	/* another command's option: say whose, not a look-alike of ours */
	if (ctx->command && option_commands(bad, owners, sizeof(owners)))
		fprintf(stderr, _("duban: %s is an option of %s\n"), bad, owners);
	else if ((best = closest_option(ctx->command, bad)))
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
	if (empty && (isatty(fileno(r->out)) || pager_running()))
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

long *parse_id_args(const struct context *ctx, char **args, int n,
		    int *status)
{
	long *ids = mem_calloc(n > 0 ? (size_t)n : 1, sizeof(*ids));

	if (!ids) {
		fprintf(stderr, _("duban: out of memory\n"));
		*status = EXIT_FAILURE_DATA;
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (parse_id_arg(ctx, args[i], &ids[i])) {
			mem_free(ids);
			*status = EXIT_USAGE;
			return NULL;
		}
	return ids;
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

/* Says what the session found in the journal: its damaged lines (an error
 * to a writer, which refused, a warning to a reader), then the warnings. */
void say_journal(const struct session *s, bool refused)
{
	const struct problems *damaged = &s->journal.problems;
	const char *kind = refused ? "" : _("warning: ");

	for (size_t i = 0; i < damaged->n; i++)
		fprintf(stderr, "duban: %s%s:%ld: %s\n", kind, s->journal_path,
			damaged->v[i].line, damaged->v[i].msg);
	for (size_t i = 0; i < s->warnings.n; i++) {
		const struct problem *w = &s->warnings.v[i];

		if (w->line)
			fprintf(stderr, "duban: %s%s:%ld: %s\n", _("warning: "),
				s->journal_path, w->line, w->msg);
		else
			fprintf(stderr, "duban: %s%s\n", _("warning: "), w->msg);
	}
}

int open_store(struct context *ctx, struct session *s, bool write)
{
	return open_store_as(ctx, s, write ? SESSION_WRITE : SESSION_READ);
}

/* Says what opening s found (rc and err as session_open() gave them);
 * returns 0, or -1 with s closed. */
static int opened(struct session *s, int rc, const struct duban_error *err);

int open_store_as(struct context *ctx, struct session *s,
		  enum session_mode mode)
{
	struct duban_error err;

	return opened(s, session_open(s, ctx->store_arg, mode, &err), &err);
}

int open_store_items(struct context *ctx, struct session *s, const long *ids,
		     size_t n)
{
	struct duban_error err;

	return opened(s, session_open_items(s, ctx->store_arg, ids, n, &err),
		      &err);
}

int open_store_records(struct context *ctx, struct session *s,
		       const long *ids, size_t n)
{
	struct duban_error err;

	return opened(s, session_open_records(s, ctx->store_arg, ids, n, &err),
		      &err);
}

static int opened(struct session *s, int rc, const struct duban_error *err)
{
	if (s->created)
		fprintf(stderr, _("duban: created the default store %s from "
				  "the bundled plan\n"), s->dir);
	say_journal(s, rc != 0);
	if (rc) {
		print_error(err);
		session_close(s);
		return -1;
	}
	return 0;
}

void close_store(struct session *s)
{
	session_close(s);
}
