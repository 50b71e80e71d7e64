/*
 * book — an Excel workbook (.xlsx) of tables, written with libxlsxwriter
 * whole or not at all.
 *
 * A caller describes each sheet as a table — its columns, each of a kind,
 * then rows of cells — and the book lays it out for the office: the header
 * row bold and frozen, an autofilter over the table, columns as wide as
 * their content by display width (a CJK character counts two), capped,
 * long text wrapped; A4 landscape, one page wide and as many tall as it
 * takes, the header row on every printed page, the page number and count
 * in the footer.  Every text is written as a string, never a formula, so
 * "=1+1" or "@SUM(A1)" stays text.
 *
 * What each kind writes (a cell given as text is written as text in any
 * column, e.g. an open-ended deadline "长期坚持" in a date column):
 *
 *   BOOK_TEXT       text, wrapped past 30 columns
 *   BOOK_LONG_TEXT  text in a wide column (up to 60), wrapped
 *   BOOK_DATE       a real Excel date, shown yyyy-mm-dd
 *   BOOK_PERCENT    a whole percent 45 written as the number 0.45, shown 45%
 *   BOOK_INTEGER    a number, shown without decimals
 *   BOOK_FIGURE     a number; the cell's unit (亿元, 家) is part of its
 *                   number format, so 38 shows "38亿元" and still adds up
 *   BOOK_LIGHT      a light's label (红 黄 蓝 绿) on a solid fill in Excel's
 *                   standard colours: red FF0000, yellow FFFF00, blue
 *                   00B0F0, green 00B050
 *   BOOK_STATUS     a status's label on a light tint of the same four:
 *                   red FFC7CE, yellow FFEB9C, blue DDEBF7, green C6EFCE
 *
 * A fill-in sheet is protected (book_protect()) so that only its input
 * columns can be typed into, each with its dropdown or check.
 *
 * Rows above the header (the identity rows a fill-in sheet carries) are
 * added with book_add_title_row() before the first table row; a total row
 * after the table stays outside the autofilter, so sorting the table
 * leaves it last.
 *
 * The book is written to a temporary file beside its path, synced and
 * renamed over it by book_commit(); until then, and after any failure,
 * the path is untouched.  The library never prints, except that
 * libxlsxwriter itself reports a failure of its own on stderr.
 */
#ifndef DUBAN_BOOK_H
#define DUBAN_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/date.h"
#include "duban/error.h"
#include "duban/health.h"
#include "duban/journal.h"

enum book_kind {
	BOOK_TEXT, BOOK_LONG_TEXT, BOOK_DATE, BOOK_PERCENT, BOOK_INTEGER,
	BOOK_FIGURE, BOOK_LIGHT, BOOK_STATUS, BOOK_KIND_COUNT
};

enum book_fill {
	BOOK_FILL_NONE, BOOK_FILL_RED, BOOK_FILL_YELLOW, BOOK_FILL_BLUE,
	BOOK_FILL_GREEN, BOOK_FILL_COUNT
};

/* What a person may type into a column's cells once its sheet is
 * protected (book_protect()): nothing (the default), any text, or what a
 * dropdown or a check admits; the check is Excel's data validation, so a
 * spreadsheet stops a wrong value as it is typed. */
enum book_input {
	BOOK_INPUT_NONE,	/* read-only */
	BOOK_INPUT_TEXT,	/* any text */
	BOOK_INPUT_STATUS,	/* a dropdown: 未启动 推进中 已完成 受阻 */
	BOOK_INPUT_PERCENT,	/* a number from 0 to 100 (or a % typed) */
	BOOK_INPUT_NUMBER,	/* a number */
};

struct book_column {
	const char *header;	/* the header row's text */
	enum book_kind kind;
	enum book_input input;	/* BOOK_INPUT_NONE unless a person fills it */
};

/* One cell: a date if date is not DATE_NONE, else a number if has_number,
 * else text (NULL or "" for an empty cell). */
struct book_cell {
	const char *text;
	double number;		/* a percent in whole percent (45) */
	bool has_number;
	date_t date;
	const char *unit;	/* a figure's unit, shown after it; NULL: none */
	enum book_fill fill;	/* a light or status cell's colour */
	bool locked;		/* in an input column, a cell not to be
				 * filled in (read-only once protected) */
};

#define BOOK_EMPTY_CELL ((struct book_cell){ .date = DATE_NONE })
#define BOOK_TEXT_CELL(s) ((struct book_cell){ .text = (s), .date = DATE_NONE })
#define BOOK_NUMBER_CELL(x) \
	((struct book_cell){ .number = (x), .has_number = true, .date = DATE_NONE })
#define BOOK_FIGURE_CELL(x, u) ((struct book_cell){ .number = (x), \
	.has_number = true, .date = DATE_NONE, .unit = (u) })
#define BOOK_DATE_CELL(d) ((struct book_cell){ .date = (d) })
#define BOOK_FILLED_CELL(s, f) \
	((struct book_cell){ .text = (s), .date = DATE_NONE, .fill = (f) })

struct book;

/* Starts a workbook to be written to path: creates its temporary file
 * beside path.  On success *out is a new book, which the caller ends with
 * book_commit() or book_discard().  Returns 0, or -1 with err filled (the
 * directory cannot be written in, the path is too long). */
int book_create(struct book **out, const char *path, struct duban_error *err);

/* Adds a sheet called name (at most 31 characters, none of []:*?/\) whose
 * table has the ncols columns cols; it becomes the sheet the next rows go
 * to.  cols is borrowed until the next book_add_sheet() or book_commit().
 * Returns 0, or -1 with err filled (a bad or repeated name, memory). */
int book_add_sheet(struct book *b, const char *name,
		   const struct book_column *cols, size_t ncols,
		   struct duban_error *err);

/* Adds a row of n texts above the table of the current sheet, before its
 * header: only before its first table row.  Returns 0, or -1 with err
 * filled. */
int book_add_title_row(struct book *b, const char *const *texts, size_t n,
		       struct duban_error *err);

/* Adds a row of the table: one cell per column of the current sheet (the
 * header row goes before the first).  Strings are copied.  Returns 0, or
 * -1 with err filled (a text longer than a cell holds, memory). */
int book_add_row(struct book *b, const struct book_cell *cells,
		 struct duban_error *err);

/* Adds a total row after the table, in bold, outside its autofilter: the
 * last row of the current sheet.  Returns 0, or -1 with err filled. */
int book_add_total_row(struct book *b, const struct book_cell *cells,
		       struct duban_error *err);

/* Protects the current sheet, without a password, when it is laid out:
 * only the cells of its input columns (book_column.input), not locked,
 * can be edited, and each input column's table cells get its dropdown or
 * check.  Filtering, sorting and resizing stay allowed.  A person can
 * still unprotect it: a reader must check what it reads anyway.
 * Returns 0, or -1 with err filled (no current sheet). */
int book_protect(struct book *b, struct duban_error *err);

/* Lays out the last sheet, writes the workbook to its temporary file,
 * syncs it and renames it over the path.  Frees b whatever happens.
 * Returns 0, or -1 with err filled, the path then untouched and the
 * temporary file removed. */
int book_commit(struct book *b, struct duban_error *err);

/* Frees b and removes its temporary file, leaving the path untouched.
 * NULL does nothing. */
void book_discard(struct book *b);

/* The fill of a light: its own colour. */
enum book_fill book_light_fill(enum light l);

/* The fill of a status: 受阻 red, 已完成 green, 推进中 blue, 未启动 none. */
enum book_fill book_status_fill(enum status s);

/* The fill of a health: 逾期 and 逾期完成 red, 滞后 yellow, 临近时限 blue,
 * 序时推进 and 按期完成 green, as the lights are. */
enum book_fill book_standing_fill(enum standing s);

#endif
