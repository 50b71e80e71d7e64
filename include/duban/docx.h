/*
 * docx — the text of a Word document (.docx, Office Open XML), for import.
 *
 * The zip archive is opened with libzip and word/document.xml parsed with
 * libxml2.  Every paragraph (w:p) of the document body becomes one line
 * of UTF-8 text ending in "\n": the text of its runs (w:t) in order, a tab
 * (w:tab) as "\t", a break (w:br, w:cr) as "\n".
 *
 * Every row of a table (w:tr) becomes one line, its cells separated by a
 * TAB: a cell's paragraphs and line breaks separated by DOCX_CELL_BREAK
 * (U+2028 LINE SEPARATOR: a list of units one a paragraph stays a list,
 * a task wrapped over paragraphs is joined again by the importer), its
 * tabs as blanks, its ends trimmed, and a table inside it flattened so,
 * so no TAB or line end comes from inside a cell.  A cell spanning N grid columns (w:gridSpan)
 * is followed by N-1 empty cells, and a row's skipped grid columns
 * (w:gridBefore, w:gridAfter) are empty cells, so each row has a cell per
 * grid column; a cell that continues a vertical merge (w:vMerge) repeats
 * the text of the cell above it.  Left out: symbols (w:sym), field codes (only the field's result is
 * text), deleted text of tracked changes, bookmarks, and the parts outside
 * the body (headers, footers, footnotes, comments).  The paragraphs of a
 * text box follow the paragraph that anchors it.
 *
 * The library never prints.
 */
#ifndef DUBAN_DOCX_H
#define DUBAN_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/error.h"
#include "duban/strbuf.h"

/* What separates the paragraphs of a table cell in its line: U+2028. */
#define DOCX_CELL_BREAK "\xe2\x80\xa8"

/* Appends the text of the .docx file at path to out.  Returns 0, or -1
 * with err filled (the file name, and what is wrong: it cannot be opened,
 * it is not a zip archive or a damaged one, it has no word/document.xml,
 * that part is not well-formed XML or not a document, out of memory);
 * out may then hold part of the text. */
int docx_text(const char *path, struct strbuf *out, struct duban_error *err);

/* Whether the file at path, whose first n bytes are data, is to be read as
 * a .docx: its name ends in ".docx" (in any case) or it starts with the
 * zip signature "PK\3\4". */
bool docx_is_docx(const char *path, const char *data, size_t n);

#endif
