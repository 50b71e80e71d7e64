/*
 * cmd — what the command-line front end shares between its commands.
 *
 * To add a command: write "int cmd_NAME(int argc, char **argv, struct
 * context *ctx)" in src/cmd/FAMILY.c, declare it here, and add a row to the
 * commands[] table in src/main.c.  argv[0] is the command's name; parse the
 * rest with getopt_long over an option table that ends with
 * COMMON_OPTIONS, passing what it does not know to common_option().  Return
 * the exit status: EXIT_OK, EXIT_FAILURE_DATA or EXIT_USAGE.  Only the front
 * end prints; the library fills a struct duban_error instead.
 */
#ifndef DUBAN_CMD_H
#define DUBAN_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "duban/date.h"
#include "duban/error.h"
#include "duban/import.h"
#include "duban/journal.h"
#include "duban/lock.h"
#include "duban/people.h"
#include "duban/query.h"
#include "duban/render.h"
#include "duban/settings.h"
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
	{ "no-leader-from-heading", no_argument, NULL, OPT_NO_LEADER_HEADING }

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

/* An open store: its plan and journal, loaded under its lock. */
struct store_session {
	char dir[4096];
	char journal_path[4096];
	struct table plan;
	struct journal journal;
	struct settings settings;	/* store.conf, completed from the plan */
	struct people people;		/* people.csv: no one when missing */
	struct store_lock lock;
};

/* The name of the i-th command of the table; NULL past the last. */
const char *command_name(size_t i);

/* The usage text (untranslated) of the command name; NULL if none. */
const char *command_usage(const char *name);

/* The option of command (NULL: before any command) closest to the
 * mistyped bad ("--uint": "--unit"), or NULL if none is close. */
const char *closest_option(const char *command, const char *bad);

/* duban __complete CWORD WORDS...: the candidates for words[cword], one a
 * line, for the completion scripts.  Returns the exit status. */
int complete_words(struct context *ctx, int n, char **words);

/* Who runs duban: $DUBAN_USER, else the login name; NULL if neither. */
const char *current_user(void);

/* Opens the chosen store, creating the per-user default store from the
 * bundled plan the first time (and saying so on stderr), and loads its
 * plan and journal under the store lock: shared to read, exclusive to
 * write, held until close_store().  A torn last journal line is warned
 * about; damaged journal lines are warnings when reading and make a writer
 * refuse.  Returns 0, or prints why and returns -1. */
int open_store(struct context *ctx, struct store_session *s, bool write);

/* Unlocks and frees what open_store() loaded. */
void close_store(struct store_session *s);

/* Handles a filter option into f, or a common one.  Returns -1 if the run
 * goes on, else the exit status to return now. */
int filter_option(struct context *ctx, int opt, const char *arg,
		  struct filter *f);

/* The items a listing or report is about. */
struct selection {
	struct store_session ss;
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

/* What finish_render() says of an empty table: an N_() string. */
void say_when_empty(const char *note);

/* Parses an item id argument; prints the error and returns -1 if bad. */
int parse_id_arg(const struct context *ctx, const char *s, long *id);

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
 * --strict or when none was readable: *n is their count). */
int import_plan(const char *path, const struct import_request *q,
		struct strbuf *csv, size_t *n);

int cmd_init(int argc, char **argv, struct context *ctx);
int cmd_list(int argc, char **argv, struct context *ctx);
int cmd_show(int argc, char **argv, struct context *ctx);
int cmd_units(int argc, char **argv, struct context *ctx);
int cmd_leaders(int argc, char **argv, struct context *ctx);
int cmd_start(int argc, char **argv, struct context *ctx);
int cmd_progress(int argc, char **argv, struct context *ctx);
int cmd_done(int argc, char **argv, struct context *ctx);
int cmd_block(int argc, char **argv, struct context *ctx);
int cmd_reopen(int argc, char **argv, struct context *ctx);
int cmd_note(int argc, char **argv, struct context *ctx);
int cmd_actual(int argc, char **argv, struct context *ctx);
int cmd_undo(int argc, char **argv, struct context *ctx);
int cmd_log(int argc, char **argv, struct context *ctx);
int cmd_check(int argc, char **argv, struct context *ctx);
int cmd_completion(int argc, char **argv, struct context *ctx);
int cmd_overdue(int argc, char **argv, struct context *ctx);
int cmd_due(int argc, char **argv, struct context *ctx);
int cmd_summary(int argc, char **argv, struct context *ctx);
int cmd_targets(int argc, char **argv, struct context *ctx);
int cmd_export(int argc, char **argv, struct context *ctx);
int cmd_import(int argc, char **argv, struct context *ctx);
int cmd_sheet(int argc, char **argv, struct context *ctx);
int cmd_missing(int argc, char **argv, struct context *ctx);
int cmd_merge(int argc, char **argv, struct context *ctx);

#endif
