/*
 * import — a plan document read into items, ready to be written as
 * items.csv, in stages, each its own module:
 *
 *   read      plandoc.h   bytes to clean lines: encoding (UTF-8, GBK, a
 *                         BOM), .docx paragraphs and tables
 *   segment   segment.h   lines to items, sections and table rows
 *   fields    fields.h    an item's annotation to fields, through the one
 *                         lexicon of labels (lexicon.h)
 *   deadlines date.h      date_parse_deadline(): "2024年12月底", "6月底前",
 *                         "第三季度", "长期坚持" …
 *   targets   extract.h   the targets in the task text, as items.csv is
 *                         written (import_write_csv)
 *
 * This module joins them and decides what each item is:
 *   - lead units: 牵头单位 (or its synonyms); else 责任单位, whose units
 *     marked "（牵头）" lead, or whose first unit leads when the document
 *     says so ("列第一位者为牵头单位，下同") or first_is_lead is set, or
 *     which all lead; the units of 责任单位 beside a 牵头单位 take part;
 *   - leaders: the item's own, else those its section heading names;
 *   - deadline: the item's own; else one stated for its section or for
 *     the whole plan; else the caller's default; else the end of the plan
 *     year; else none (open-ended).  Only the first is printed in
 *     deadline_text;
 *   - id: the printed number, or — when numbering starts again under each
 *     heading — the item's place in the document.
 *
 * An item with no unit at all, or whose task text, deadline or number
 * cannot be read, is a problem at its line, and is not written; the other
 * items are.  Every item read, written or not, is a row of the review.
 * The library never prints.
 */
#ifndef DUBAN_IMPORT_H
#define DUBAN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/journal.h"
#include "duban/error.h"
#include "duban/plandoc.h"
#include "duban/problem.h"
#include "duban/segment.h"
#include "duban/strbuf.h"
#include "duban/table.h"

/* What the review says of an item: where a field came from, or that it
 * was not found. */
enum import_flag {
	IMPORT_LEADER_HEADING = 1u << 0,  /* leaders from the section heading */
	IMPORT_LEAD_FIRST = 1u << 1,	   /* the first unit listed taken to lead */
	IMPORT_LEAD_ALL = 1u << 2,	   /* units listed jointly, all lead */
	IMPORT_DEADLINE_SECTION = 1u << 3, /* the deadline stated for the section */
	IMPORT_DEADLINE_PLAN = 1u << 4,	   /* the deadline stated for the plan */
	IMPORT_DEADLINE_OPTION = 1u << 5,  /* the caller's default deadline */
	IMPORT_DEADLINE_YEAR = 1u << 6,	   /* the end of the plan year */
	IMPORT_NO_DEADLINE = 1u << 7,	   /* none: open-ended */
	IMPORT_NO_UNIT = 1u << 8,	   /* no unit at all: not written */
	IMPORT_RENUMBERED = 1u << 9,	   /* id is the place, not the number */
	IMPORT_NOT_WRITTEN = 1u << 10,	   /* a problem keeps it out */
};

#define IMPORT_FLAGS 11

/* The stable English key of flag bit i, e.g. "leader-from-heading". */
const char *import_flag_key(unsigned bit);

/* One row of the review: an item as read, written or not. */
struct import_row {
	struct item it;		/* its fields; it.line is the document's line */
	const char *number;	/* as printed: "1", "(一)", "204"; "" if none */
	unsigned flags;		/* enum import_flag */
	/* a ledger's state of the item, as its cells say; "" when it has
	 * none: its status (状态), percent (进度) and latest progress
	 * (最近进展) */
	const char *status, *percent, *progress;
};

struct import_options {
	enum import_encoding enc;
	int year;			/* the plan year; 0: the document's */
	date_t deadline;		/* default deadline, or DATE_NONE */
	bool first_is_lead;		/* the first unit listed leads */
	enum leader_mode leaders;	/* leaders from section headings */
	const char *sheet;		/* a workbook's sheet to read; NULL:
					 * the first that holds items */
};

#define IMPORT_OPTIONS_INIT \
	{ IMPORT_AUTO, 0, DATE_NONE, false, LEADER_AUTO, NULL }

struct import_result {
	struct item *items;	/* the items to write, in document order */
	size_t n, cap;
	struct import_row *rows; /* every item read, for the review */
	size_t nrows, rcap;
	struct problems problems;
	int year;		/* the plan year, 0 if none */
	struct arena arena;	/* every string and list of the items */
};

#define IMPORT_RESULT_INIT \
	{ NULL, 0, 0, NULL, 0, 0, PROBLEMS_INIT, 0, ARENA_INIT }

/* Reads the n bytes at buf, a plan document called name in errors, into r
 * (which must be empty).  Returns 0, with the items, rows and problems in
 * r; or -1 with err filled when the document cannot be read at all (not
 * text, not UTF-8 nor GBK, no item in it, out of memory), r then empty. */
int import_buffer(struct import_result *r, const char *buf, size_t n,
		  const struct import_options *o, const char *name,
		  struct duban_error *err);

/* The same for the file at path; a .docx, a .csv ledger and a workbook
 * are read as plandoc.h says.  Of a workbook, the sheet o->sheet names,
 * else the first sheet that holds items: an office's ledger may open
 * with a sheet of notes. */
int import_file(struct import_result *r, const char *path,
		const struct import_options *o, struct duban_error *err);

/* Appends r's items to out as items.csv (table_write_header and
 * table_write_row, table.h), the targets column extracted from each task
 * text by targets_extract().  Returns 0, or -1 out of memory. */
int import_write_csv(const struct import_result *r, struct strbuf *out);

/* The starting state a ledger gives its items (import --with-status): for
 * each item of r written and found by its id in t (the store made of r),
 * a record of its status when it is not 未启动, of its percent when it is
 * not 0, and a note of its latest progress, each dated date and by by,
 * unstamped (journal_stamp), into *out (*n of them; free it with
 * mem_free(); its notes live in r).  A status is a status key or label,
 * or what ledgers write instead (进行中, 正在推进, 已办结, 未开始 …); a
 * percent as percent_parse() reads it.  A cell that is neither is a
 * problem added to r at its row's line, and its record left out.
 * Returns 0, or -1 with err filled when memory runs out. */
int import_starting_state(struct import_result *r, const struct table *t,
			  date_t date, const char *by, struct entry **out,
			  size_t *n, struct duban_error *err);

/* Frees everything r holds; r is empty afterwards. */
void import_release(struct import_result *r);

#endif
