/*
 * journal — every progress record of a store, appended, never rewritten.
 *
 * journal.csv is UTF-8 CSV, one record per line.  Format 2, under the header
 *
 *   entry,recorded,date,item,kind,value,target,by,note,batch,prev,sum
 *
 *   entry     32 random hex digits, unique across every copy of a store
 *   recorded  when it was recorded: ISO 8601 with microseconds and offset,
 *             from a hybrid logical clock (journal_stamp)
 *   date      the day it reports on (YYYY-MM-DD), never after recorded
 *   item      "#" and the item's key when items.csv has a key column
 *             (table.h), else its id
 *   kind      status | progress | note | actual | undo
 *   value     status: not-started, in-progress, done or blocked;
 *             progress: a percent 0-100; actual: the figure reached;
 *             undo: the entry it cancels; note: empty
 *   target    actual: the target's key (target.h); a number in stores
 *             written before keys, read as the target's position
 *   by        who recorded it
 *   note      free text; a newline is written \n, a CR \r, a backslash \\,
 *             so that every record stays one line
 *   batch     the command that made it: 16 hex digits shared by all its
 *             records, a slash and how many there are ("3fa2c1d07b9e4a11/3")
 *   prev      the sum of the record its writer saw last (the previous line
 *             when it wrote); empty for a journal's first record; after a
 *             merge, also the other records no record followed yet,
 *             "sum;sum;...", as a git merge commit names its parents
 *   sum       the first 16 hex digits of the SHA-256 of the line up to the
 *             comma before sum
 *
 * The state of an item is the fold of its records in (recorded, entry)
 * order, skipping cancelled ones and the records of a batch that is not
 * all there: the order of the lines does not matter, and two copies of a
 * journal concatenated (duplicate entries dropped) give one state.  sum
 * tells a whole last line from a torn one; prev links make a deleted or
 * altered record in the middle visible (a missing link), while copies
 * merged side by side still link up.
 *
 * Format 1 (the header without batch, prev and sum) is read as well; the
 * first write rewrites it in format 2.
 */
#ifndef DUBAN_JOURNAL_H
#define DUBAN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/digest.h"
#include "duban/error.h"
#include "duban/problem.h"
#include "duban/sort.h"
#include "duban/table.h"

#define JOURNAL_FILE "journal.csv"
#define JOURNAL_HEADER_V1 "entry,recorded,date,item,kind,value,target,by,note"
#define JOURNAL_HEADER JOURNAL_HEADER_V1 ",batch,prev,sum"

/* Longest note, in bytes, and longest name in "by". */
#define NOTE_MAX 8000
#define BY_MAX 200

/* Most records a journal may hold, damaged lines included: years of daily
 * reports on every item of a large plan, and above the million of make
 * bench.  A line has the limits of csvread.h (CSV_LINE_MAX). */
#define JOURNAL_RECORDS_MAX 10000000L

/* Most records one record names in prev: the branches a merge joins. */
#define JOURNAL_PARENTS_MAX 32

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

/* The kinds of record.  The three of deadlines carry a date as their
 * value: the deadline granted (extend, 延期), asked for (extend-request,
 * 申请延期) or refused (extend-refuse, 不予延期). */
enum entry_kind { ENTRY_STATUS, ENTRY_PROGRESS, ENTRY_NOTE, ENTRY_ACTUAL,
		  ENTRY_UNDO, ENTRY_EXTEND, ENTRY_EXTEND_REQUEST,
		  ENTRY_EXTEND_REFUSE, ENTRY_CLOSE_REQUEST, ENTRY_CLOSE_RETURN,
		  ENTRY_EVIDENCE, ENTRY_KIND_COUNT };

/* "status", "progress", "note", "actual", "undo", "extend",
 * "extend-request", "extend-refuse", "close-request" (a unit's done,
 * awaiting the office's review: 申请办结), "close-return" (the office sends
 * it back: 退回), "evidence". */
const char *entry_kind_name(enum entry_kind k);

#define ENTRY_ID_LEN 32

struct entry {
	char id[ENTRY_ID_LEN + 1];	/* lowercase hex */
	int64_t recorded;		/* microseconds since 1970, UTC */
	const char *recorded_text;	/* as written, with its offset */
	date_t date;			/* the day it reports on */
	long item;
	const char *item_key;		/* the item's key, when items.csv has
					 * a key column: written for item */
	enum entry_kind kind;
	enum status status;		/* ENTRY_STATUS */
	int percent;			/* ENTRY_PROGRESS */
	int target;			/* ENTRY_ACTUAL: 1-based */
	const char *target_key;		/* ENTRY_ACTUAL: the target's key */
	const char *figure;		/* ENTRY_ACTUAL: as written;
					 * ENTRY_EVIDENCE: the file's name in
					 * evidence/, its SHA-256 in hex and
					 * its extension */
	double value;			/* ENTRY_ACTUAL: figure as a number */
	const char *cancels;		/* ENTRY_UNDO: the cancelled entry */
	date_t deadline;		/* ENTRY_EXTEND…: the deadline */
	const char *by;
	const char *note;		/* "" when none */
	long line;			/* line in journal.csv; 0 if new */
	bool undone;			/* cancelled by an undo entry */
	char batch[DIGEST_SHORT_LEN + 1];	/* the command that made it */
	size_t batch_size;		/* how many records that command made */
	char prev[DIGEST_SHORT_LEN + 1];	/* "" for none */
	const char *prev_more;		/* after a merge: the other records
					 * it follows, "sum;sum"; NULL if none */
	char sum[DIGEST_SHORT_LEN + 1];	/* "" in a format 1 journal */
	long long offset;		/* where its line starts in the file */
	size_t length;			/* its bytes, without the newline */
};

/* Records of a command that are not all there: a write cut short by a
 * crash, or a damaged line.  They are left out of the fold. */
struct journal_gap {
	char batch[DIGEST_SHORT_LEN + 1];
	size_t have, want;		/* records found, records it made */
	long first_line, last_line;
	long long start;		/* where its first line starts */
	bool at_end;			/* nothing whole comes after it */
};

struct journal {
	struct entry *v;	/* sorted by (recorded, id) */
	size_t n, cap;
	struct problems problems;	/* damaged lines, in file order */
	bool torn_tail;		/* the last line is cut short */
	long torn_line;		/* which line that is */
	long long valid_bytes;	/* where the torn line starts */
	bool unterminated;	/* the last line is whole, only lacks its
				 * newline: it is kept */
	struct journal_gap *gaps;	/* incomplete batches, in file order */
	size_t ngaps, gaps_cap;
	long *gap_lines;	/* their lines, sorted */
	size_t ngap_lines;
	int version;		/* 1 or 2, as its header says; 2 if new */
	bool exists;		/* the file, as it was read: a writer */
	dev_t dev;		/* appends to that file alone, never to */
	ino_t ino;		/* one put in its place since (a git */
	long long bytes;	/* pull) */
	char last_sum[DIGEST_SHORT_LEN + 1];	/* of the last whole line */
	const char *heads_more;	/* after a merge, the other records no
				 * record follows yet, "sum;sum": the next
				 * record names them too; NULL if none */
	int64_t latest;		/* the latest recorded time; 0 if none */
	int64_t latest_before;	/* when v holds only the records appended
				 * since an index (index.h), the latest time
				 * among those before them, all believable;
				 * else 0 */
	struct sort_pair *ids;	/* the first 64 bits of each id of v and its
				 * position, sorted (n of them); NULL if none */
	struct arena arena;
	size_t max_records;	/* most records a load takes; 0 means
				 * JOURNAL_RECORDS_MAX (tests set a small one) */
};

#define JOURNAL_INIT { .problems = PROBLEMS_INIT, .arena = ARENA_INIT }

/* Loads the journal at path (called name in messages) for the plan t.  A
 * missing file is an empty journal.  Lines that cannot be trusted (broken
 * CSV, unknown item, impossible values, an entry id used twice with
 * different content, a sum that does not match, a prev that names no
 * record) are collected in j->problems, not loaded; identical duplicate
 * lines (from merging two copies) are loaded once; the records of an
 * incomplete batch are listed in j->gaps, not loaded.  Returns 0,
 * or -1 with err filled only if the file cannot be read, memory runs out,
 * or it holds more records than j->max_records (JOURNAL_RECORDS_MAX): the
 * error names the first one too many. */
int journal_load(struct journal *j, const char *path, const char *name,
		 const struct table *t, struct duban_error *err);

/* Loads journal lines from the n bytes at buf (its header line first) as
 * journal_load() loads a file, for records that follow others: follows
 * ("sum;sum", or NULL) names the records before buf that the first of
 * them may name in prev.  Returns 0 or -1 as journal_load() does. */
int journal_load_buffer(struct journal *j, const char *buf, size_t n,
			const char *name, const struct table *t,
			const char *follows, struct duban_error *err);

/* Loads lines read out of a journal in part (the lines of a few items, as
 * the index finds them), with the header line first, as
 * journal_load_buffer() does: but the records their lines link to, and the
 * other records of their batches, are elsewhere, and are not looked for
 * (they were when the journal was indexed). */
int journal_load_part(struct journal *j, const char *buf, size_t n,
		      const char *name, const struct table *t,
		      struct duban_error *err);

/* The entry with exactly that id (32 hex digits), or NULL. */
const struct entry *journal_get(const struct journal *j, const char *id);

/* The entry whose id starts with prefix (at least 4 hex digits).  NULL if
 * none; *ambiguous is set when several match. */
const struct entry *journal_find(const struct journal *j, const char *prefix,
				 bool *ambiguous);

/* The records a writer would name in prev now: j->last_sum and, after a
 * merge, j->heads_more, "sum;sum", into out (size bytes; at least
 * JOURNAL_PARENTS_MAX * (DIGEST_SHORT_LEN + 1)).  "" for an empty journal
 * or one of format 1. */
void journal_heads(const struct journal *j, char *out, size_t size);

/* Marks in among[i] whether j->v[i] is one of the records heads names
 * (as journal_heads() writes them) or a record they follow, link by link:
 * what a copy of the journal held when those were its heads, whatever was
 * merged in since.  Returns 0; 1 if a head is no record of j (among is
 * then undefined); -1 with err filled when memory runs out. */
int journal_ancestors(const struct journal *j, const char *heads, bool *among,
		      struct duban_error *err);

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

/* How far ahead of a writer's clock a record may be and still order the
 * writer's records after it: a clock hours slow (or set to the wrong time
 * zone) still records after what it has seen, while one a year ahead
 * does not drag every later record into the next year. */
#define JOURNAL_CLOCK_BOUND_US (24LL * 3600 * 1000000)

/* Stamps the n new entries v for appending to j as one batch: a fresh id
 * each, the batch of the first, and recorded times from a hybrid logical
 * clock: now, but never before the latest record j holds, so that a writer
 * whose clock is slow still records after what it has seen.  Records more
 * than JOURNAL_CLOCK_BOUND_US ahead of now were stamped by a wrong clock:
 * they do not drag later records with them (check names them).  Every
 * writer stamps through here.  Returns 0, or -1 with err filled (no random
 * numbers). */
int journal_stamp(const struct journal *j, struct entry *v, size_t n,
		  struct duban_error *err);

/* The same, every time also after floor: an undo after the record it
 * cancels, a sheet's records after the sheet was made, whatever this
 * clock says. */
int journal_stamp_after(const struct journal *j, struct entry *v, size_t n,
			int64_t floor, struct duban_error *err);

/* The latest recorded time of j not more than JOURNAL_CLOCK_BOUND_US ahead
 * of now (0 if none): what a writer's clock follows. */
int64_t journal_latest_believable(const struct journal *j, int64_t now);
void entry_format_time(int64_t us, char *buf, size_t size);

/* The day a record was recorded on where its writer was: the date its
 * recorded time is written with ("2024-06-30T14:05:09…+08:00"), or
 * DATE_NONE when recorded does not start with one. */
date_t entry_recorded_day(const char *recorded);

/* Parses such a time.  Returns 0, or -1 if s is not one. */
int entry_parse_time(const char *s, int64_t *us);

/* Makes e a record of the item it: its id, and its key if it has one. */
void entry_set_item(struct entry *e, const struct item *it);

/* Appends e to out as one format 2 journal line (with its newline), its
 * prev field e->prev, and sets e->sum to the line's sum.  Returns 0, or -1
 * when memory runs out. */
struct strbuf;
int entry_format_line(struct entry *e, struct strbuf *out);

/* Marks in undone[i] whether j->v[i] is cancelled by the undos recorded by
 * until (INT64_MAX: all): an undo cancels its entry unless it is itself
 * cancelled, so undoing an undo brings the entry back. */
void journal_cancellations(const struct journal *j, int64_t until,
			   bool *undone);

/* The same among the records marked in among (journal_ancestors()): an undo
 * outside them cancels nothing. */
void journal_cancellations_among(const struct journal *j, const bool *among,
				 bool *undone);

/* Rewrites the journal at path without the lines of the incomplete batches
 * j holds, a torn last line, and with a newline after an unterminated one
 * (write-temp-then-rename).  The caller holds the store lock and loaded j
 * from path under it.  Returns 0, or -1 with err filled. */
int journal_repair(const char *path, const struct journal *j,
		   struct duban_error *err);

/* Appends the n entries (stamped by journal_stamp) to the journal at path
 * as whole lines in one write, then fsyncs, filling each one's prev and
 * sum.  The caller holds the store lock and has loaded j from path under
 * it: a torn last line and an incomplete batch at the end are cut off
 * first, an unterminated whole line gets its newline, a new journal gets
 * its header, and a format 1 journal is rewritten in format 2 (with the
 * new records, write-temp-then-rename).  If the write fails part-way the
 * file is cut back to where it was.  Returns 0, or -1 with err filled. */
int journal_append(const char *path, const struct journal *j,
		   struct entry *entries, size_t n, struct duban_error *err);

#endif
