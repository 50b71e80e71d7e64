/*
 * What the recording commands share (update.c: start, progress, done…;
 * extend.c: extend, approve, refuse): their options, the changes they
 * make, and the one way those are checked and appended under the lock.
 */
#ifndef DUBAN_CMD_RECORD_H
#define DUBAN_CMD_RECORD_H

#include "cmd/cmd.h"
#include "duban/figure.h"
#include "duban/state.h"

enum { OPT_DATE = OPT_COMMAND_BASE, OPT_BY, OPT_BATCH, OPT_REQUEST,
       OPT_EVIDENCE, OPT_CLOSURE, OPT_EXTENSION };

/* How many --evidence files one command takes. */
#define EVIDENCE_FILES_MAX 16

/* What approve settles: whatever awaits the office, or one of the two. */
enum settle { SETTLE_ANY, SETTLE_CLOSURE, SETTLE_EXTENSION };

/* undo's: it backs nothing, so it takes no --evidence */
#define UNDO_OPTIONS \
	{ "message", required_argument, NULL, 'm' }, \
	{ "date", required_argument, NULL, OPT_DATE }, \
	{ "by", required_argument, NULL, OPT_BY }

#define RECORD_OPTIONS \
	UNDO_OPTIONS, \
	{ "evidence", required_argument, NULL, OPT_EVIDENCE }

/* -m, --date, --by and --evidence, and the common options. */
extern const struct option record_options[];

/* The help of those options, after a recording command's usage. */
extern const char update_options_help[];

/* What every recording command takes besides its arguments. */
struct update_opts {
	const char *message;	/* -m: the note; NULL when none */
	date_t date;		/* --date: the day reported on */
	const char *by;		/* --by, $DUBAN_USER or the login name */
	bool batch;		/* undo --batch */
	bool request;		/* extend --request: asked for, not granted */
	bool office_only;	/* only the office (people.csv) may record it */
	enum settle settle;	/* approve --closure or --extension */
	const char *evidence[EVIDENCE_FILES_MAX];	/* --evidence FILE */
	int nevidence;
};

/* One record to make. */
struct change {
	const struct item *it;
	enum entry_kind kind;
	enum status status;
	int percent;
	int target;
	const char *figure;	/* as typed, then as the journal keeps it */
	char figure_buf[FIGURE_TEXT_MAX + 1];
	const char *cancels;
	date_t deadline;	/* of a record of deadlines */
	bool reopen;	/* a status change that reopens a done or blocked item */
	enum settle settle;	/* of approve */
	date_t on;		/* the day the record reports on (--date) */
	bool review;		/* the store reviews closures (store.conf) */
};

/* Checks one change against its item's state (and may complete it from
 * there); says why it cannot be made and returns the exit status, or
 * EXIT_OK. */
typedef int (*change_check)(struct change *c, const struct item_state *st);

/* Parses the options of a recording command (ctx->options: undo's has
 * --batch too, extend's --request); the arguments left start at optind.
 * Returns -1 to go on, else the exit status. */
int parse_update_options(int argc, char **argv, struct context *ctx,
			 struct update_opts *o);

/* Whether by is of the office (督查室) in p: anyone when p names no one. */
bool is_office(const struct people *p, const char *by);

/* Whether by may do what only the office (督查室) does (ctx->command):
 * anyone when people.csv names no one, else only a person of the office.
 * Returns EXIT_OK, or the exit status after saying why not. */
int check_office(const struct context *ctx, const struct people *p,
		 const char *by, const char *dir);

/* Finds the items ids[0..n), checks every change (each proto for one
 * item) with check, and records them all under the store's exclusive
 * lock, or nothing.  Returns the exit status, having said what is wrong. */
int apply_changes(struct context *ctx, char **ids, int n,
		  const struct update_opts *o, const struct change *proto,
		  change_check check);

#endif
