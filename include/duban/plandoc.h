/*
 * plandoc — the first stage of import: a plan document's bytes read into
 * clean lines of UTF-8 text.
 *
 * Plain text is UTF-8 (a byte order mark and CRLF line ends accepted) or
 * GBK/GB18030, detected when the bytes are not UTF-8 but convert from GBK,
 * or named by the caller.  A Word document (.docx, or any file that starts
 * with the zip signature) is read with docx_text() (docx.h): a paragraph a
 * line, a table row a line with its cells separated by TAB.
 *
 * Each line is cleaned: Word leftovers such as "[bookmark: _GoBack]" and
 * pinyin glosses a converter inserted after characters ("發(fā)") are
 * removed, a form feed or vertical tab is a blank, and blanks at either
 * end are trimmed.  Empty lines are dropped; every line keeps its number
 * in the document.
 *
 * The library never prints.
 */
#ifndef DUBAN_PLANDOC_H
#define DUBAN_PLANDOC_H

#include <stddef.h>

#include "duban/error.h"

enum import_encoding { IMPORT_AUTO, IMPORT_UTF8, IMPORT_GBK };

/* One non-empty line, cleaned, NUL-terminated. */
struct plan_line {
	char *s;
	long no;	/* 1-based line (paragraph, table row) in the document */
};

struct plandoc {
	char *text;			/* the whole text; the lines point in it */
	struct plan_line *lines;
	size_t n, cap;
};

#define PLANDOC_INIT { NULL, NULL, 0, 0 }

/* Reads the n bytes at buf, a document called name in errors, into d
 * (which must be empty).  Returns 0; or -1 with err filled when the bytes
 * are not text (a NUL byte or another control character), not UTF-8 nor
 * GBK, or memory runs out.  d is empty again on failure. */
int plandoc_read_buffer(struct plandoc *d, const char *buf, size_t n,
			enum import_encoding enc, const char *name,
			struct duban_error *err);

/* Reads the n bytes at buf, a ledger saved as CSV (UTF-8 with or without
 * a byte order mark, or GBK, as enc says or as detected; CRLF or LF), into
 * d: each record a line of TAB-separated cells, as a Word table's row, on
 * the line of the file the record starts on; a line break inside a cell is
 * DOCX_CELL_BREAK, a tab a blank, and the apostrophe a spreadsheet puts
 * before "=…", "+…", "-…" or "@…" is dropped.  Returns 0; or -1 with err
 * filled (FILE:LINE) when the bytes are not text, not UTF-8 nor GBK, not
 * CSV (broken quoting), or memory runs out. */
int plandoc_read_csv(struct plandoc *d, const char *buf, size_t n,
		     enum import_encoding enc, const char *name,
		     struct duban_error *err);

/* Reads the sheet called sheet (NULL: the first) of the workbook at path,
 * a ledger, into d: each row a line of TAB-separated cells, line N being
 * row N, as xlsx_sheet_text() (xlsx.h) gives them.  Returns 0, or -1 with
 * err filled (not a workbook, no such sheet, out of memory). */
int plandoc_read_sheet(struct plandoc *d, const char *path, const char *sheet,
		       struct duban_error *err);

/* The same for the file at path: a .csv is read as a ledger, a .docx as
 * docx.h says (whatever enc says), anything else as plain text.  A
 * workbook is read a sheet at a time, with plandoc_read_sheet(). */
int plandoc_read_file(struct plandoc *d, const char *path,
		      enum import_encoding enc, struct duban_error *err);

/* Frees what d holds; d is empty afterwards. */
void plandoc_release(struct plandoc *d);

#endif
