/*
 * sheet — the monthly fill-in sheet (月调度表) of one unit: written for
 * Excel and WPS, read back when the unit returns it filled in.
 *
 * A sheet is CSV with a UTF-8 byte order mark and CRLF line ends, fields a
 * spreadsheet would run as formulas guarded by an apostrophe:
 *
 *   row 1  填报单位,UNIT
 *   row 2  报送期间,YYYY-MM
 *   row 3  方案校验码,HEX,签发码,TOKEN
 *                                 HEX: the FNV-1a 64-bit hash of items.csv;
 *                                 TOKEN: sheet_token(), which only the store
 *                                 that issued the sheet can make
 *   row 4  数据截至,DATE,TIME,HEADS
 *                                 the state shown: as of DATE, from the
 *                                 records up to TIME, the latest then (or
 *                                 when the sheet was made, if there were
 *                                 none); HEADS, the journal's last records
 *                                 (journal_heads()), names exactly which:
 *                                 those and the ones they follow
 *   row 5  the column headers below
 *   then   one row per item the unit leads (分工 牵头), then per item it
 *          takes part in (参加)
 *
 *   序号 分工 重点工作 牵头领导 责任单位 完成时限 当前状态 当前进度(%) 最近进展
 *   目标1..N | 本期状态 本期进度(%) 本期进展 本期实际1..N
 *
 * N is the most targets any item of the plan has.  The columns before the
 * bar are the plan and the state when the sheet was made; only the columns
 * after it are filled in, and on a 参加 row only 本期进展.
 */
#ifndef DUBAN_SHEET_H
#define DUBAN_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/journal.h"
#include "duban/problem.h"
#include "duban/state.h"
#include "duban/strbuf.h"
#include "duban/table.h"

/* A reporting period: one calendar month. */
struct period {
	int year, month;
	date_t first, last;
	char text[16];		/* "2024-06" */
};

/* Reads a month: "2024-06", also "2024-6", "2024/06" and "2024年6月", as a
 * spreadsheet may rewrite it.  Returns 0, or -1 if s is not one. */
int period_parse(const char *s, struct period *p);

/* The month date falls in. */
void period_of(date_t date, struct period *p);

/* The checksum a sheet carries of the plan it was made from: the FNV-1a
 * 64-bit hash of the n bytes of items.csv, as 16 lowercase hex digits. */
void sheet_checksum(const char *data, size_t n, char hex[17]);

#define SHEET_TOKEN_LEN 67
#define SHEET_HEADS_MAX (JOURNAL_PARENTS_MAX * (DIGEST_SHORT_LEN + 1) + 1)

/* What a sheet is made of besides the plan. */
struct sheet_origin {
	const char *unit;		/* 填报单位: a unit with items in the plan */
	struct period period;		/* 报送期间 */
	char checksum[17];		/* of the plan's items.csv */
	date_t as_of;			/* the state shown is as of this day */
	int64_t made;			/* ...from the records recorded by then
					 * (us since 1970) */
	char token[SHEET_TOKEN_LEN + 1];	/* 签发码 */
	char heads[SHEET_HEADS_MAX];	/* the journal's heads then
					 * (journal_heads()); "" for none */
};

/* "D1-" and the 64 hex digits of HMAC-SHA-256, under the store's sheet
 * key, of the unit, period, checksum, as_of, made and heads of o: what binds a
 * sheet to the store that issued it, so that no one can make one for
 * another unit or period, or move its 数据截至.  The prefix keeps a
 * spreadsheet from reading it as a number. */
void sheet_token(const struct sheet_origin *o, const unsigned char *key,
		 size_t key_len, char token[SHEET_TOKEN_LEN + 1]);

/* Writes the sheet of o->unit into doc (emptied first): every item of t
 * o->unit leads or takes part in (by the rules of list --unit and
 * --participant), with its state in ps (which must be the fold of the
 * journal as of o->as_of, recorded by o->made).  Returns 0, or -1 with err
 * filled when the plan has too many targets for a sheet's columns or
 * memory runs out. */
int sheet_build(struct strbuf *doc, const struct table *t,
		const struct plan_state *ps, const struct sheet_origin *o,
		struct duban_error *err);


/* The name of a sheet's worksheet in a workbook. */
#define SHEET_BOOK_NAME "月调度表"

/* Writes the same sheet as sheet_build() as an Excel workbook at path,
 * whole or not at all (book.h): the same rows and cells, the deadline a
 * date, the status on its colour, the sheet protected without a password
 * so that only the 本期 cells of the unit's rows (on a 参加 row only
 * 本期进展) can be typed into, 本期状态 a dropdown, 本期进度(%) a number
 * from 0 to 100 and 本期实际 a number, checked as they are typed; A4
 * landscape, one page wide, the header row on every page.  Returns 0, or
 * -1 with err filled, path then untouched. */
int sheet_build_book(const char *path, const struct table *t,
		     const struct plan_state *ps, const struct sheet_origin *o,
		     struct duban_error *err);

/* One record a sheet asks for, by its unit, for its period. */
struct sheet_record {
	long line;		/* the row it comes from */
	long item;
	enum entry_kind kind;	/* status, progress, actual or note */
	enum status status;
	int percent;
	int target;		/* actual: 1-based */
	const char *target_key;	/* actual: the target's key (target.h) */
	const char *figure;	/* actual: a figure figure_ok() takes */
	const char *note;	/* "" when none */
};

/* A returned sheet, read and checked. */
struct sheet_reading {
	struct sheet_origin origin;
	date_t date;		/* the day its records report on */
	struct sheet_record *records;	/* new records, in the order to append */
	size_t n, cap;
	size_t already;		/* records left out: the journal has them */
	int64_t unit_since;	/* the latest record the unit made for the
				 * period after the sheet was made, 0 if
				 * none: then it may be an earlier sheet
				 * sent again, which merge says */
	size_t rows;		/* item rows read */
	struct problems problems;	/* every problem, in file order: the
					 * line the row starts on, its column
					 * and header when it is about a cell */
	struct arena arena;
};

#define SHEET_READING_INIT { .problems = PROBLEMS_INIT, .arena = ARENA_INIT }

/* Reads a returned sheet, the n bytes at data (UTF-8 with or without a
 * byte order mark, or GBK; CRLF or LF), against the plan t whose items.csv
 * checksum is checksum and the journal j, and fills r.  A sheet is refused
 * (r->problems.n > 0, no records) when it cannot be read, was made from
 * another plan or for a unit that has no part in it, its 签发码 is not
 * sheet_token() under key (the store did not issue it, or its unit,
 * period or 数据截至 were changed), has a cell outside the
 * fill-in columns changed, a row added or an id changed, or a value that is
 * not a status, a percent from 0 to 100 or a figure, or a change of status
 * the item cannot take; every problem found is listed.  Otherwise r->records
 * are the records to append, by the unit, reporting on the last day of the
 * period (today while the period runs): records the journal already has by
 * that unit in that period are left out and counted in r->already, so that
 * a sheet merged twice records once.  Returns 0 (whether refused or not),
 * or -1 with err filled when memory runs out.  Release r with
 * sheet_reading_release(). */
int sheet_read(struct sheet_reading *r, const char *data, size_t n,
	       const char *checksum, const unsigned char *key, size_t key_len,
	       const struct table *t,
	       const struct journal *j, date_t today, struct duban_error *err);

/* One row of a returned sheet as a spreadsheet holds it: the text of its
 * cells as a person reads them (a number as its shortest text, a date as
 * YYYY-MM-DD, a percent cell as its fraction) and its row number. */
struct sheet_row {
	const char *const *cells;
	size_t n;
	long line;
};

/* The same as sheet_read(), for a sheet read from a workbook: rows[0..nrows)
 * in order (the strings are copied into r).  A cell a spreadsheet re-typed
 * as a number is read as sheet_read() reads it. */
int sheet_read_rows(struct sheet_reading *r, const struct sheet_row *rows,
		    size_t nrows, const char *checksum,
		    const unsigned char *key, size_t key_len,
		    const struct table *t, const struct journal *j,
		    date_t today, struct duban_error *err);

/* The same for a sheet returned as a workbook, the file at path: the sheet
 * sheet_build_book() wrote (SHEET_BOOK_NAME), else the first, each cell
 * as the spreadsheet shows it less formatting (xlsx_shown(): a number in
 * a %-formatted cell as a percent, a date as YYYY-MM-DD).  A workbook
 * that cannot be read is refused with its reason as the problem. */
int sheet_read_book(struct sheet_reading *r, const char *path,
		    const char *checksum, const unsigned char *key,
		    size_t key_len, const struct table *t,
		    const struct journal *j, date_t today,
		    struct duban_error *err);

void sheet_reading_release(struct sheet_reading *r);

#endif
