/*
 * index — a derived copy of a store's plan and of the state its journal
 * folds to, in binary, so that a read maps it instead of parsing CSV.
 *
 * The file "index" in the store is written by a reader (or a writer) that
 * parsed items.csv and journal.csv, and read back by the next ones while
 * it is up to date, in whole (reports) or an item at a time (recording
 * commands, show):
 *
 *   items.csv    the same file (device, inode), size, modification and
 *                change times; when it changed within 50 ms of the index
 *                being made, also the same content (a sum), as an edit in
 *                the same tick of the kernel's clock may keep both times
 *                (the next reader well after writes the index again)
 *   journal.csv  the same file, untouched, or grown with the last line
 *                the index folded still there byte for byte where it
 *                was: the records appended since are folded on top, when they
 *                follow the ones indexed (each names the one before in
 *                prev, none is older, reuses an entry id or cancels an
 *                indexed record) and there are not too many of them (an
 *                eighth of the journal, at least 64 KiB, at most 16 MiB)
 *
 * Anything else (a missing, truncated, foreign, damaged or older index, an
 * index of another machine's byte order, a plan or journal replaced by git)
 * makes it stale: the reader parses the CSV files and writes it anew.  It
 * is never the source of truth: deleting it loses nothing, check compares
 * it with the CSV files, and a journal with damaged lines or interrupted
 * writes is never indexed (its readers must be told).  A journal edited
 * in place in the middle and then appended to by something other than
 * duban (whose writers refuse a damaged journal) is not noticed here;
 * check notices it.
 *
 * The file is written by temp-then-rename, so readers see a whole one;
 * two readers rebuilding at once each write a whole one.  Stores made by
 * duban init keep it out of git (.gitignore: /index); the index is not
 * written in a store whose .gitignore does not name it.
 */
#ifndef DUBAN_INDEX_H
#define DUBAN_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "duban/arena.h"
#include "duban/error.h"
#include "duban/journal.h"
#include "duban/state.h"
#include "duban/table.h"

#define INDEX_FILE "index"

/* A plan and its state read back from an index. */
struct index {
	struct table plan;	/* its strings and lists live in the index */
	struct plan_state state;	/* the fold of every record */
	date_t max_date;	/* the latest day a folded record reports on:
				 * the state is the one as of any day from
				 * it on; DATE_NONE if no record */
	size_t records;		/* records folded, those appended since the
				 * index was written included */
	size_t appended;	/* of them, appended since */
	int64_t latest;		/* the latest recorded time of them all */
	int64_t latest_indexed;	/* of the records in the index */
	bool linear;		/* each record follows the one before it */
	bool journal_exists;	/* journal.csv, and its stat when read: */
	struct stat journal_st;
	char last_sum[DIGEST_SHORT_LEN + 1];	/* of the last line indexed */
	date_t earliest_deadline;	/* of the whole plan (settings.h) */
	const char **units;	/* every unit the whole plan names, sorted */
	size_t nunits;
	/* what plan and state point into */
	void *map;
	size_t map_len;
	struct arena arena;
	struct journal tail;	/* the records appended since */
	size_t tail_len;	/* their bytes (and a header line); 0 if none */
};

#define INDEX_INIT { .plan = TABLE_INIT, .state = PLAN_STATE_INIT, \
		     .arena = ARENA_INIT, .tail = JOURNAL_INIT }

/* Reads the index of the store in dir if it is up to date with the store's
 * items.csv and journal.csv (as above), folding in the records appended
 * since it was written.  Returns 0 (x filled: release it with
 * index_release()), 1 when there is no usable index (x empty), or -1 with
 * err filled when memory runs out.  The caller holds the store's lock. */
int index_read(struct index *x, const char *dir, struct duban_error *err);

/* Whether n bytes of records appended since the index x (read by any of
 * the functions here) are so many that reading them again at every
 * command costs more than writing the index anew once: index_read() then
 * writes it anew from what it read. */
bool index_tail_is_long(const struct index *x, size_t n);

/* The same for a writer that records on the n items ids: x->plan holds
 * only those of them the plan has, and the items the records appended
 * since name (each once, in plan order), read and checked alone, so that
 * its cost does not grow with the plan.  Returns as index_read(). */
int index_read_items(struct index *x, const char *dir, const long *ids,
		     size_t n, struct duban_error *err);

/* The same for a reader of the n items ids and their records (show):
 * also every record of those items, read from the journal where the index
 * lists them, and the records appended since, into j (a journal of those
 * lines alone: the state of the other items is not in it).  Returns as
 * index_read(); j is loaded only when it returns 0. */
int index_read_records(struct index *x, const char *dir, const long *ids,
		       size_t n, struct journal *j, struct duban_error *err);

/* Writes the index of the store in dir from plan t (loaded from its
 * items.csv, whose stat before the load was items_st), journal j (loaded
 * from its journal.csv under the same lock) and ps, the fold of all of j's
 * records.  Writes nothing, and returns 0, when the journal is damaged or
 * interrupted, of format 1, or changed since it was read, when items.csv
 * changed since items_st, or when the store's .gitignore does not name the
 * index.  Returns 0, or -1 with err filled when the file cannot be written
 * (a reader goes on without it). */
int index_write(const char *dir, const struct table *t,
		const struct plan_state *ps, const struct journal *j,
		const struct stat *items_st, struct duban_error *err);

/* Writes the index anew from x, read in whole with index_read() under
 * the store's lock: what it held and the records appended since, without
 * parsing the CSV files again.  Writes nothing, and returns 0, when
 * nothing was appended or the journal is no longer the one read.  Returns
 * 0, or -1 with err filled when the file cannot be written. */
int index_rewrite(const struct index *x, const char *dir,
		  struct duban_error *err);

/* The latest day a folded record of j reports on (DATE_NONE if none):
 * ps's state as of any day from it on is the fold of all of j. */
date_t index_max_date(const struct journal *j);

/* Makes x->tail describe journal.csv as a writer appending to it needs
 * (journal_stamp(), journal_append()): the file as it is now, the sum of
 * its last record, and in latest_before the latest time of the records
 * indexed.  Returns 0, or 1 when the journal holds branches merged side by
 * side, which the next record is to join (journal_heads()): then a writer
 * needs the whole journal. */
int index_journal_for_append(struct index *x);

/* Compares the plan and state x read back with t and ps, the CSV files
 * parsed and every record folded (check's test of the index).  Returns 0
 * when they agree, else the line of items.csv of the first item that
 * differs (1 when the plans differ in length). */
long index_differs(const struct index *x, const struct table *t,
		   const struct plan_state *ps);

/* Frees what x holds: its plan and state too, unless the caller took them
 * (then x->plan and x->state were reset, and x outlives them). */
void index_release(struct index *x);

#endif
