/*
 * xlsx — the cells of an Excel workbook (.xlsx, Office Open XML), for
 * importing an office's ledger (台账) and the fill-in sheets units return.
 *
 * The zip archive is opened with libzip and its parts streamed through
 * libxml2's SAX2 parser: xl/workbook.xml names the sheets in order (and the
 * 1904 date system), xl/_rels/workbook.xml.rels says which part holds
 * each, xl/sharedStrings.xml and xl/styles.xml give the strings and the
 * number formats the cells refer to.  A sheet is read into a grid of
 * cells from A1 to its last cell with a value, each placed by its
 * reference (r="C7"), or after the one before it when it has none.
 *
 * A cell is read as a person sees it in Excel, less the formatting: a
 * string (shared, inline, or a formula's string result; rich-text runs
 * joined, phonetic readings left out, "_x000D_" escapes decoded, CRLF as
 * "\n"; a date cell, t="d", as its ISO 8601 text), a number (a formula's
 * cached result too: a formula saved without one, as openpyxl saves them,
 * is an empty cell), TRUE or FALSE, or an error such as "#N/A".  A number
 * whose format is a date or a time (the built-in formats 14–22, 27–36,
 * 45–47 and 50–58, as Chinese Excel numbers them, or a custom format with
 * y, m, d, h or s outside quotes, but not an elapsed time such as
 * "[h]:mm", which counts days) is a date; one whose format has a % is a
 * percent.
 *
 * Parts are read up to a size limit and a sheet up to a number of cells,
 * so that a small archive cannot make duban allocate without bound; XML
 * with a document type declaration is refused, and nothing is fetched
 * from the network.  The library never prints.
 */
#ifndef DUBAN_XLSX_H
#define DUBAN_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/error.h"
#include "duban/strbuf.h"

enum xlsx_kind {
	XLSX_EMPTY,	/* no value */
	XLSX_TEXT,	/* a string */
	XLSX_NUMBER,	/* a number, a date or a percent */
	XLSX_BOOL,	/* TRUE (number 1) or FALSE (number 0) */
	XLSX_ERROR	/* a formula's error: "#N/A", "#DIV/0!", … */
};

struct xlsx_cell {
	enum xlsx_kind kind;
	bool date;	  /* a number formatted as a date or time, in range */
	bool percent;	  /* a number formatted with a % */
	/* UTF-8 as a person reads it, never NULL: the string; a number as the
	 * shortest text that reads back exactly ("3.1", "1234", "0.45" for
	 * 45%); a date "2024-12-31", with " HH:MM" (and ":SS") when not
	 * midnight, or "HH:MM" alone for a time below one day; "TRUE" or
	 * "FALSE"; the error's text; "" when empty */
	const char *text;
	double number;	  /* a number's value; a date's serial (days since
			   * 1899-12-30, or in the 1904 system as stored) */
};

/* A merged range, 0-based and inclusive: A1:F1 is rows 0–0, columns 0–5. */
struct xlsx_range {
	size_t first_row, first_col, last_row, last_col;
};

struct xlsx_sheet {
	char *name;		  /* the sheet's name (in arena) */
	size_t nrows, ncols;	  /* the grid: A1 to the last row and column
				   * holding a value */
	struct xlsx_cell *cells;  /* nrows * ncols cells, row by row */
	struct xlsx_range *merged; /* the merged ranges, as the sheet lists
				    * them, inside the sheet's bounds but not
				    * necessarily the grid's */
	size_t nmerged;
	struct arena arena;	  /* owns name and every cell's text */
};

#define XLSX_SHEET_INIT { NULL, 0, 0, NULL, NULL, 0, ARENA_INIT }

/* Most cells in a sheet's grid (nrows * ncols), and most strings in a
 * workbook's shared strings. */
#define XLSX_MAX_CELLS (1L << 22)

/* The names of the sheets of the workbook at path, in the workbook's
 * order, into *names (*n of them).  *names is one allocation holding the
 * pointers and the strings: free it with mem_free().  Returns 0, or -1
 * with err filled (the file name and what is wrong: it cannot be opened,
 * it is not a zip archive or a damaged one, it has no xl/workbook.xml,
 * a part is not well-formed XML or too large, out of memory), *names
 * then NULL. */
int xlsx_sheet_names(const char *path, char ***names, size_t *n,
		     struct duban_error *err);

/* Reads the sheet called name (exactly; NULL: the first sheet) of the
 * workbook at path into *s, which must be XLSX_SHEET_INIT or released.
 * Returns 0, or -1 with err filled and *s left empty: besides the errors
 * of xlsx_sheet_names(), there is no such sheet (the message lists
 * those there are), it is a chart rather than a worksheet, a cell's
 * reference is malformed or beyond XFD1048576, a cell refers to a
 * shared string that does not exist or holds no number where it should,
 * merged ranges overlap within the grid, or the grid would pass
 * XLSX_MAX_CELLS. */
int xlsx_read_sheet(const char *path, const char *name, struct xlsx_sheet *s,
		    struct duban_error *err);

/* The cell at row, col (0-based) of s: an empty cell (text "") past the
 * grid.  The pointer lives as long as s. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *s, size_t row,
				  size_t col);

/* Room for a percent as xlsx_shown() writes it. */
#define XLSX_SHOWN_MAX 40

/* The text of c as the spreadsheet shows it, less other formatting: a
 * number in a % cell as a percent ("45%" for 0.45) in buf (size bytes,
 * XLSX_SHOWN_MAX), else c->text. */
const char *xlsx_shown(const struct xlsx_cell *c, char *buf, size_t size);

/* Frees everything s holds; it is XLSX_SHEET_INIT again. */
void xlsx_sheet_release(struct xlsx_sheet *s);

/* Appends s to out as lines for the plan importer, as docx_text() gives a
 * Word table: one line per row of the grid, "\n"-ended, so that line N is
 * row N (an empty line for a row without text); a row's cells separated
 * by TAB, each trimmed, its blanks and tabs collapsed into one blank, a
 * line break inside it written DOCX_CELL_BREAK (U+2028, see docx.h) and
 * empty lines left out.  A merged range repeats its top-left cell's text
 * in the first column of every row it covers (a leader merged down over
 * several items belongs to each) and leaves its other cells empty; a
 * percent is written as xlsx_shown() writes it.
 * Returns 0, or -1 with err filled (out of memory; the text would pass
 * 256 MiB; merged ranges overlap, which xlsx_read_sheet() never gives);
 * out may then hold part of the text. */
int xlsx_sheet_text(const struct xlsx_sheet *s, struct strbuf *out,
		    struct duban_error *err);

/* Whether the file at path, whose first n bytes are data, is to be read as
 * a workbook: its name ends in ".xlsx" (in any case), or it is a zip
 * archive holding xl/workbook.xml.  Check it before docx_is_docx(), which
 * takes any zip archive. */
bool xlsx_is_xlsx(const char *path, const char *data, size_t n);

#endif
