/*
 * journal — every progress record of a store, appended, never rewritten.
 *
 * journal.csv is UTF-8 CSV, one record per line, under the header
 *
 *   entry,recorded,date,item,kind,value,target,by,note
 *
 *   entry     32 random hex digits, unique across every copy of a store
 *   recorded  when it was recorded: ISO 8601 with microseconds and offset
 *   date      the day it reports on (YYYY-MM-DD)
 *   item      the item's id
 *   kind      status | progress | note | actual | undo
 *   value     status: not-started, in-progress, done or blocked;
 *             progress: a percent 0-100; actual: the figure reached;
 *             undo: the entry it cancels; note: empty
 *   target    actual: the target's number (as `duban show` lists them)
 *   by        who recorded it
 *   note      free text; a newline is written \n, a CR \r, a backslash \\,
 *             so that every record stays one line
 *
 * The state of an item is the fold of its records in (recorded, entry)
 * order, skipping cancelled ones: the order of the lines does not matter,
 * and two copies of a journal concatenated (duplicate entries dropped)
 * give one state.
 */
#ifndef DUBAN_JOURNAL_H
#define DUBAN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/table.h"

#define JOURNAL_FILE "journal.csv"
#define JOURNAL_HEADER "entry,recorded,date,item,kind,value,target,by,note"

/* Longest note, in bytes, and longest name in "by". */
#define NOTE_MAX 8000
#define BY_MAX 200

/* Most records a journal may hold, damaged lines included: years of daily
 * reports on every item of a large plan, and above the million of make
 * bench.  A line has the limits of csvread.h (CSV_LINE_MAX). */
#define JOURNAL_RECORDS_MAX 10000000L

enum status {
	STATUS_NOT_STARTED,	/* not-started 未启动 */
	STATUS_IN_PROGRESS,	/* in-progress 推进中 */
	STATUS_DONE,		/* done        已完成 */
	STATUS_BLOCKED,		/* blocked     受阻 */
	STATUS_COUNT
};

/* The stable key ("in-progress") and the office's label ("推进中"). */
const char *status_key(enum status s);
const char *status_label(enum status s);

/* Reads a status by key or label.  Returns 0, or -1 if s is neither. */
int status_parse(const char *s, enum status *out);

enum entry_kind { ENTRY_STATUS, ENTRY_PROGRESS, ENTRY_NOTE, ENTRY_ACTUAL,
		  ENTRY_UNDO, ENTRY_KIND_COUNT };

/* "status", "progress", "note", "actual", "undo". */
const char *entry_kind_name(enum entry_kind k);

#define ENTRY_ID_LEN 32

struct entry {
	char id[ENTRY_ID_LEN + 1];	/* lowercase hex */
	int64_t recorded;		/* microseconds since 1970, UTC */
	const char *recorded_text;	/* as written, with its offset */
	date_t date;			/* the day it reports on */
	long item;
	enum entry_kind kind;
	enum status status;		/* ENTRY_STATUS */
	int percent;			/* ENTRY_PROGRESS */
	int target;			/* ENTRY_ACTUAL: 1-based */
	const char *figure;		/* ENTRY_ACTUAL: as written */
	double value;			/* ENTRY_ACTUAL: figure as a number */
	const char *cancels;		/* ENTRY_UNDO: the cancelled entry */
	const char *by;
	const char *note;		/* "" when none */
	long line;			/* line in journal.csv; 0 if new */
	bool undone;			/* cancelled by an undo entry */
};

/* A line of the journal that cannot be trusted. */
struct journal_problem {
	long line;
	const char *msg;
};

struct journal {
	struct entry *v;	/* sorted by (recorded, id) */
	size_t n, cap;
	struct journal_problem *problems;	/* damaged lines, in file order */
	size_t nproblems, problems_cap;
	bool torn_tail;		/* the last line lacks its newline */
	long torn_line;		/* which line that is */
	long long valid_bytes;	/* where the torn line starts */
	int64_t latest;		/* the latest recorded time; 0 if none */
	size_t *index;		/* open-addressed hash: position + 1 by id */
	size_t index_cap;
	struct arena arena;
	size_t max_records;	/* most records a load takes; 0 means
				 * JOURNAL_RECORDS_MAX (tests set a small one) */
};

#define JOURNAL_INIT { .arena = ARENA_INIT }

/* Loads the journal at path (called name in messages) for the plan t.  A
 * missing file is an empty journal.  Lines that cannot be trusted (broken
 * CSV, unknown item, impossible values, an entry id used twice with
 * different content) are collected in j->problems, not loaded; identical
 * duplicate lines (from merging two copies) are loaded once.  Returns 0,
 * or -1 with err filled only if the file cannot be read, memory runs out,
 * or it holds more records than j->max_records (JOURNAL_RECORDS_MAX): the
 * error names the first one too many. */
int journal_load(struct journal *j, const char *path, const char *name,
		 const struct table *t, struct duban_error *err);

/* The entry with exactly that id (32 hex digits), or NULL. */
const struct entry *journal_get(const struct journal *j, const char *id);

/* The entry whose id starts with prefix (at least 4 hex digits).  NULL if
 * none; *ambiguous is set when several match. */
const struct entry *journal_find(const struct journal *j, const char *prefix,
				 bool *ambiguous);

/* Frees everything j holds (max_records is kept). */
void journal_release(struct journal *j);

/* Fills id with a fresh random entry id (ENTRY_ID_LEN hex digits and NUL)
 * from the system's random source.  Returns 0, or -1 with err filled. */
int entry_new_id(char *id, struct duban_error *err);

/* Microseconds since 1970 now, and that time written as ISO 8601 in local
 * time with its offset ("2024-06-30T14:05:09.123456+08:00") into buf. */
int64_t entry_now(void);

/* How far ahead of this machine's clock a record may be before check
 * calls it dated in the future: clocks of two machines drift apart, but
 * one further ahead was stamped by a wrong clock. */
#define JOURNAL_CLOCK_SLACK_US (5LL * 60 * 1000000)

/* Stamps the n new entries v for appending to j: a fresh id each, and
 * recorded times that follow one another, from now on but never before
 * the latest record j holds, so that a writer whose clock is slow still
 * records after what it has seen.  Every writer stamps through here.
 * Returns 0, or -1 with err filled (no random numbers). */
int journal_stamp(const struct journal *j, struct entry *v, size_t n,
		  struct duban_error *err);
void entry_format_time(int64_t us, char *buf, size_t size);

/* Parses such a time.  Returns 0, or -1 if s is not one. */
int entry_parse_time(const char *s, int64_t *us);

/* Whether s is a figure the journal keeps for an actual: up to 18 digits,
 * optionally a point and 1 to 6 more ("38", "4.5"). */
bool entry_figure_ok(const char *s);

/* Appends e to out as one journal line (with its newline).  Returns 0, or
 * -1 when memory runs out. */
struct strbuf;
int entry_format_line(const struct entry *e, struct strbuf *out);

/* Appends the n entries to the journal at path as whole lines in one
 * write, then fsyncs.  The caller holds the store lock and has loaded j
 * from path under it: a torn last line is cut off first, and a new journal
 * gets its header.  If the write fails part-way the file is cut back to
 * where it was.  Returns 0, or -1 with err filled. */
int journal_append(const char *path, const struct journal *j,
		   const struct entry *entries, size_t n,
		   struct duban_error *err);

#endif
