/*
 * cmd — what the command-line front end shares between its commands.
 *
 * To add a command: in src/cmd/FAMILY.c, write its option table (ending
 * with COMMON_OPTIONS), its handler "static int cmd_NAME(int argc, char
 * **argv, struct context *ctx)" and, beside them, "const struct command
 * cmd_NAME_entry" with its usage text; declare the entry here and add it to
 * the table in src/cmd/cmd.c.  argv[0] is the command's name; parse the
 * rest with getopt_long over the option table, passing what it does not
 * know to common_option().  Return the exit status: EXIT_OK,
 * EXIT_FAILURE_DATA or EXIT_USAGE.  Only the front end prints; the library
 * fills a struct duban_error, or returns problems as data, instead.
 */
#ifndef DUBAN_CMD_H
#define DUBAN_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "duban/date.h"
#include "duban/error.h"
#include "duban/import.h"
#include "duban/journal.h"
#include "duban/people.h"
#include "duban/query.h"
#include "duban/render.h"
#include "duban/session.h"
#include "duban/table.h"

/* Exit statuses, as documented in the README and --help. */
enum {
	EXIT_OK = 0,		/* success, an empty result included */
	EXIT_FAILURE_DATA = 1,	/* the data or the system failed */
	EXIT_USAGE = 2,		/* the command line is wrong */
};

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Settings of one run, from the global options and the environment. */
struct context {
	const char *store_arg;	/* --store, or NULL */
	enum format format;	/* --format; FORMAT_TABLE by default */
	enum color_mode color;	/* --color */
	date_t as_of;		/* --as-of; today by default */
	FILE *out;		/* where results go: stdout */
	const char *command;	/* the command being run */
	const struct option *options;	/* its long options */
	bool no_pager;		/* --no-pager */
	char **argv;		/* the command's arguments, for messages */
	bool paged;		/* stdout was a terminal, now a pager's pipe */
	size_t paged_width;	/* that terminal's width */
};

/* Options every command accepts (values above any short option). */
enum {
	OPT_STORE = 0x100, OPT_FORMAT, OPT_COLOR, OPT_AS_OF, OPT_HELP,
	OPT_NO_PAGER,
	/* the item filters (FILTER_OPTIONS) */
	OPT_UNIT = 0x180, OPT_PARTICIPANT, OPT_INVOLVING, OPT_LEADER,
	OPT_SECTION, OPT_GREP, OPT_STATUS, OPT_HEALTH, OPT_MINE,
	/* what a plan document leaves implicit (IMPORT_OPTIONS) */
	OPT_ENCODING = 0x1a0, OPT_STRICT, OPT_DEADLINE, OPT_YEAR,
	OPT_FIRST_IS_LEAD, OPT_LEADER_HEADING, OPT_NO_LEADER_HEADING,
	OPT_SHEET,
	OPT_COMMAND_BASE = 0x200	/* commands number theirs from here */
};

/* The filters of list and the reports; put before COMMON_OPTIONS. */
#define FILTER_OPTIONS \
	{ "unit", required_argument, NULL, OPT_UNIT }, \
	{ "participant", required_argument, NULL, OPT_PARTICIPANT }, \
	{ "involving", required_argument, NULL, OPT_INVOLVING }, \
	{ "leader", required_argument, NULL, OPT_LEADER }, \
	{ "section", required_argument, NULL, OPT_SECTION }, \
	{ "grep", required_argument, NULL, OPT_GREP }, \
	{ "status", required_argument, NULL, OPT_STATUS }, \
	{ "health", required_argument, NULL, OPT_HEALTH }, \
	{ "mine", no_argument, NULL, OPT_MINE }

/* The options of import and init --from; put before COMMON_OPTIONS. */
#define IMPORT_OPTIONS \
	{ "encoding", required_argument, NULL, OPT_ENCODING }, \
	{ "strict", no_argument, NULL, OPT_STRICT }, \
	{ "deadline", required_argument, NULL, OPT_DEADLINE }, \
	{ "year", required_argument, NULL, OPT_YEAR }, \
	{ "first-is-lead", no_argument, NULL, OPT_FIRST_IS_LEAD }, \
	{ "leader-from-heading", no_argument, NULL, OPT_LEADER_HEADING }, \
	{ "no-leader-from-heading", no_argument, NULL, OPT_NO_LEADER_HEADING }, \
	{ "sheet", required_argument, NULL, OPT_SHEET }

#define COMMON_OPTIONS \
	{ "store", required_argument, NULL, OPT_STORE }, \
	{ "format", required_argument, NULL, OPT_FORMAT }, \
	{ "color", required_argument, NULL, OPT_COLOR }, \
	{ "colour", required_argument, NULL, OPT_COLOR }, \
	{ "as-of", required_argument, NULL, OPT_AS_OF }, \
	{ "help", no_argument, NULL, OPT_HELP }, \
	{ "no-pager", no_argument, NULL, OPT_NO_PAGER }, \
	{ NULL, 0, NULL, 0 }

/* Handles a common option (or getopt's '?' and ':').  Returns -1 if opt
 * was handled and the run goes on, else the exit status to return now
 * (EXIT_OK after --help, EXIT_USAGE after a bad value). */
int common_option(struct context *ctx, int opt, const char *arg);

/* Prints the command's usage (for --help, to stdout). */
void print_command_help(const char *command);

/* Prints "duban: MESSAGE" and a hint to try --help; returns EXIT_USAGE. */
int usage_error(const struct context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints err as one line on stderr: "duban: FILE:LINE: message", with
 * what must not reach a terminal raw replaced (text_unsafe_len). */
void print_error(const struct duban_error *err);

/* Prints s to out with what must not reach a terminal raw (escape
 * sequences, bidirectional overrides: text_unsafe_len) as U+FFFD. */
void put_safe(FILE *out, const char *s);

/* A command as the table in src/cmd/cmd.c lists it; each is defined in its
 * family's file, beside its option table and handler. */
struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct context *ctx);
	const char *summary;	/* N_(): one line for the list of commands */
	const char *usage;	/* N_(): the synopsis and options, for --help */
	const char *more;	/* N_(): help several commands share, after the
				 * usage; NULL for none */
	const struct option *options;	/* every long option it takes */
	unsigned flags;		/* CMD_PAGES, CMD_TAKES_IDS */
};

enum {
	CMD_PAGES = 1,		/* shows what may be longer than a screen */
	CMD_TAKES_IDS = 2,	/* its arguments are item ids */
};

/* The i-th command of the table; NULL past the last. */
const struct command *command_at(size_t i);

/* The command called name; NULL if none is. */
const struct command *command_find(const char *name);

/* The options before any command (--version and COMMON_OPTIONS). */
extern const struct option global_options[];

/* Prints the list of commands with their summaries, after the global usage. */
void print_global_help(FILE *out);

/* Says that name is no command, suggesting the closest ones ("did you
 * mean"); returns EXIT_USAGE. */
int unknown_command(const struct context *ctx, const char *name);

/* Sends stdout through a pager when it is a terminal ($DUBAN_PAGER, else
 * $PAGER, else less -FRX; none when empty or "cat", or with --no-pager),
 * setting ctx->paged.  Returns the pager's pid, or 0 for none. */
pid_t start_pager(struct context *ctx);

/* Whether start_pager() sent stdout to a pager. */
bool pager_running(void);

/* Ends the pager started by start_pager(): it reads the end of its input,
 * and duban waits for the reader to leave it.  pid 0 does nothing. */
void stop_pager(pid_t pid);

/* The option of command (NULL: before any command) closest to the
 * mistyped bad ("--uint": "--unit"), or NULL if none is close. */
const char *closest_option(const char *command, const char *bad);

/* The commands that take the long option ("--batch"), named in buf
 * (size bytes) as "undo" or "list, overdue, due", as many as fit whole.
 * Returns how many take it. */
size_t option_commands(const char *option, char *buf, size_t size);

/* duban __complete CWORD WORDS...: the candidates for words[cword], one a
 * line, for the completion scripts.  Returns the exit status. */
int complete_words(struct context *ctx, int n, char **words);

/* Who runs duban: $DUBAN_USER, else the login name; NULL if neither. */
const char *current_user(void);

/* Opens the chosen store (session_open(): shared to read, exclusive to
 * write, held until close_store()) and says on stderr what the session
 * found: the default store made, the journal's damaged lines (warnings to
 * a reader; a writer refuses), interrupted writes, a torn last line.
 * Returns 0, or prints why and returns -1 (the store then closed). */
int open_store(struct context *ctx, struct session *s, bool write);

/* The same in a mode of session.h (SESSION_STATE for a reader of the plan
 * and the state alone). */
int open_store_as(struct context *ctx, struct session *s,
		  enum session_mode mode);

/* The same for a writer that records on the n items ids
 * (session_open_items()). */
int open_store_items(struct context *ctx, struct session *s, const long *ids,
		     size_t n);

/* The same for a reader of the n items ids and their records
 * (session_open_records()). */
int open_store_records(struct context *ctx, struct session *s,
		       const long *ids, size_t n);

/* Says on stderr what the session found of the journal: its damaged lines
 * (warnings, or when refused the reason a writer stops) and s->warnings. */
void say_journal(const struct session *s, bool refused);

/* Unlocks and frees what open_store() loaded. */
void close_store(struct session *s);

/* The help of FILTER_OPTIONS (an N_() text), after a command's usage. */
extern const char filter_options_help[];

/* Handles a filter option into f, or a common one.  Returns -1 if the run
 * goes on, else the exit status to return now. */
int filter_option(struct context *ctx, int opt, const char *arg,
		  struct filter *f);

/* The items a listing or report is about. */
struct selection {
	struct session ss;
	struct plan_state ps;	/* every item's state as of ctx->as_of */
	size_t *positions;	/* of the items passing the filter, plan order */
	size_t n;
	bool open;
};

/* Opens the store for reading, checks the names f gives, folds the state as
 * of ctx->as_of and selects the items passing f.  Returns EXIT_OK (then
 * release_selection() afterwards), or says what is wrong and returns the
 * exit status. */
int select_items(struct context *ctx, struct filter *f, struct selection *sel);

/* The same for a command that reads the journal's records too: the
 * journal is loaded (sel->ss.journal). */
int select_items_with_records(struct context *ctx, struct filter *f,
			      struct selection *sel);

void release_selection(struct selection *sel);

/* Tells r what f asked for, so that the table leaves out a column every
 * row of which shows it: the leader of --leader, the unit of --unit and
 * --participant, the status of --status (render_ask). */
void render_ask_filter(struct render *r, const struct filter *f);

/* The width to fit tables in: the terminal's when out is one, else
 * $COLUMNS, else 0 (no limit). */
size_t output_width(const struct context *ctx);

/* Whether to colour, from --color, NO_COLOR and whether out is a terminal. */
bool output_color(const struct context *ctx);

/* Ends a rendering begun with render_begin(); rc is what the rows returned.
 * An empty table on a terminal gets a line on stderr ("no matching items",
 * or what say_when_empty() set).  Returns EXIT_OK, or says that the output
 * failed and returns EXIT_FAILURE_DATA. */
int finish_render(struct render *r, int rc);

/* Whether path names a workbook, by its extension in any case. */
bool is_xlsx_name(const char *path);

/* What finish_render() says of an empty table: an N_() string. */
void say_when_empty(const char *note);

/* Parses an item id argument; prints the error and returns -1 if bad. */
int parse_id_arg(const struct context *ctx, const char *s, long *id);

/* The n item ids args[0..n), parsed into a new array (mem_free() it); or
 * NULL after saying why, with the exit status in *status. */
long *parse_id_args(const struct context *ctx, char **args, int n,
		    int *status);

/* Says what entry e records, e.g. "progress 60%", "status 推进中" or
 * "actual #2 = 38亿元" (the unit from plan t), with "(undone)" when it
 * was cancelled. */
void describe_entry(const struct entry *e, const struct table *t, char *buf,
		    size_t size);

/* How to read a plan document: the library's options and --strict. */
struct import_request {
	struct import_options o;
	bool strict;		/* nothing written if anything is wrong */
};

/* Handles an option of IMPORT_OPTIONS into q, or a common one.  Returns -1
 * if the run goes on, else the exit status to return now. */
int import_option(struct context *ctx, int opt, const char *arg,
		  struct import_request *q);

/* Reads the plan document at path as q says and appends it to csv as
 * items.csv, every readable item (none with --strict if any problem),
 * listing the problems on stderr as "duban: FILE:LINE: item N: …" and the
 * warnings after them.  Returns EXIT_OK, or EXIT_FAILURE_DATA when there
 * were problems (csv then holds the readable items, or nothing after
 * --strict or when none was readable: *n is their count).  With kept,
 * what was read is handed over there (import_release() it), else freed. */
int import_plan(const char *path, const struct import_request *q,
		struct strbuf *csv, size_t *n, struct import_result *kept);

extern const struct command cmd_init_entry;
extern const struct command cmd_list_entry;
extern const struct command cmd_show_entry;
extern const struct command cmd_units_entry;
extern const struct command cmd_leaders_entry;
extern const struct command cmd_start_entry;
extern const struct command cmd_progress_entry;
extern const struct command cmd_done_entry;
extern const struct command cmd_block_entry;
extern const struct command cmd_reopen_entry;
extern const struct command cmd_note_entry;
extern const struct command cmd_actual_entry;
extern const struct command cmd_undo_entry;
extern const struct command cmd_extend_entry;
extern const struct command cmd_approve_entry;
extern const struct command cmd_refuse_entry;
extern const struct command cmd_return_entry;
extern const struct command cmd_rank_entry;
extern const struct command cmd_remind_entry;
extern const struct command cmd_diff_entry;
extern const struct command cmd_bulletin_entry;
extern const struct command cmd_milestone_entry;
extern const struct command cmd_log_entry;
extern const struct command cmd_check_entry;
extern const struct command cmd_rules_entry;
extern const struct command cmd_completion_entry;
extern const struct command cmd_overdue_entry;
extern const struct command cmd_due_entry;
extern const struct command cmd_summary_entry;
extern const struct command cmd_targets_entry;
extern const struct command cmd_export_entry;
extern const struct command cmd_import_entry;
extern const struct command cmd_sheet_entry;
extern const struct command cmd_missing_entry;
extern const struct command cmd_merge_entry;

#endif
