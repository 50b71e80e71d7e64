/*
 * session — an open store: its settings, plan, journal and people, read
 * under the store's lock.  Every command opens the store this way, check
 * included, so that what one command reads another reads alike.
 *
 * A session prints nothing.  What a reader should be told about the journal
 * (lines that cannot be trusted, the records of an interrupted write, a torn
 * last line) comes back as data, for the front end to show.
 */
#ifndef DUBAN_SESSION_H
#define DUBAN_SESSION_H

#include <stdbool.h>

#include "duban/error.h"
#include "duban/index.h"
#include "duban/journal.h"
#include "duban/lock.h"
#include "duban/milestone.h"
#include "duban/people.h"
#include "duban/problem.h"
#include "duban/settings.h"
#include "duban/state.h"
#include "duban/table.h"

enum session_mode {
	SESSION_READ,	/* a shared lock; the per-user default store is made
			 * from the bundled plan the first time */
	SESSION_WRITE,	/* an exclusive lock, and a journal with damaged
			 * lines refused: a record added then could not be
			 * trusted to follow what is there */
	SESSION_STATE,	/* as SESSION_READ, for a reader of the plan and the
			 * state alone: both are read from the index when
			 * it is up to date (the journal is then not
			 * loaded: session_load_journal()), else parsed
			 * and folded, and the index written */
	SESSION_APPEND,	/* as SESSION_WRITE, for a writer that appends
			 * records on items it looks up (progress, done…):
			 * the plan and state come from the index when it
			 * is up to date, and s->journal then holds only
			 * the records appended since it was written, with
			 * what appending needs of the rest; else as
			 * SESSION_STATE */
	SESSION_CHECK,	/* a shared lock; no store is made, nothing is
			 * refused: check reports the journal itself */
	SESSION_REPAIR,	/* an exclusive lock, as check --repair rewrites */
};

struct session {
	char dir[4096];
	char journal_path[4096];
	struct table plan;
	struct journal journal;		/* its damaged lines in .problems */
	struct settings settings;	/* store.conf, completed from the plan */
	struct people people;		/* people.csv: no one when missing */
	struct milestones milestones;	/* milestones.csv, which
					 * settings.milestones points to */
	struct store_lock lock;
	struct plan_state state;	/* SESSION_STATE: the fold of every
					 * record, as of any day from
					 * state_date on (DATE_NONE: any) */
	date_t state_date;
	bool indexed;		/* plan and state came from the index, and
				 * the journal is not loaded */
	bool partial;		/* session_open_items(): the plan holds only
				 * the items asked for (and those the records
				 * appended since the index name) */
	struct index index;	/* what an indexed plan points into */
	bool created;		/* this open made the per-user default store */
	struct problems warnings;	/* for SESSION_READ and SESSION_WRITE:
					 * what a reader or writer is told of
					 * the journal, each at its line of
					 * journal_path (0: about the whole
					 * file) */
};

/* Opens the store chosen by store_arg (NULL: $DUBAN_STORE, else the
 * per-user default) as mode says: locks it and loads store.conf, items.csv,
 * journal.csv and people.csv.  Returns 0, or -1 with err filled when the
 * store is missing or a file cannot be read or trusted, or when a writer
 * meets damaged journal lines (listed in s->journal.problems, to be shown
 * before err).  Call session_close() afterwards, whatever it returns. */
int session_open(struct session *s, const char *store_arg,
		 enum session_mode mode, struct duban_error *err);

/* Opens the store as SESSION_APPEND for a writer that records on the n
 * items ids: when the index is up to date, s->plan and s->state hold only
 * those of them the plan has (with the items the records appended since
 * the index name), read alone, so that recording costs the same in a plan
 * of any size; else the whole plan, as session_open() reads it.  Returns
 * as session_open(). */
int session_open_items(struct session *s, const char *store_arg,
		       const long *ids, size_t n, struct duban_error *err);

/* Opens the store as SESSION_READ for a reader of the n items ids and
 * their records (show): when the index is up to date, s->plan holds only
 * those items (with the items the records appended since name) and
 * s->journal their records alone, read where the index lists them; else
 * the whole plan and journal, as session_open() reads them. */
int session_open_records(struct session *s, const char *store_arg,
			 const long *ids, size_t n, struct duban_error *err);

/* Loads the journal of a session whose plan came from the index (a
 * SESSION_STATE reader that needs records after all), with what a reader
 * is told of it in s->warnings; nothing when it is loaded already.
 * Not for session_open_items(), whose plan holds a few items only.
 * Returns 0, or -1 with err filled. */
int session_load_journal(struct session *s, struct duban_error *err);

/* The state as of as_of (DATE_NONE: of every record) into ps, to release
 * with state_release(): the session's own, handed over, when no record it
 * folded is dated after as_of; else folded from the journal, which is
 * loaded now if the plan came from the index (s->indexed turns false,
 * s->warnings says what a reader is told of it).  Once per session.
 * Returns 0, or -1 with err filled. */
int session_state_as_of(struct session *s, date_t as_of,
			struct plan_state *ps, struct duban_error *err);

/* After a session_open_items() writer appended its records: when the
 * records appended since the index were already so many that every
 * command parses them again (index_tail_is_long()), reads the whole
 * index, which writes it anew with them and the new ones.  Else, and for
 * any other session, nothing.  So a store only written to keeps its tail
 * short too.  Nothing here fails: an index not written anew is only
 * slower to read. */
void session_tidy_index(struct session *s);

/* Unlocks the store and frees what session_open() loaded. */
void session_close(struct session *s);

#endif
