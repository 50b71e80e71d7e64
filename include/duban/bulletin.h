/*
 * bulletin — the 通报 as a document: a list of blocks (title, masthead,
 * headings, paragraphs, tables, bar charts, places for the office to
 * write) that one builder fills with the bulletin's wording and figures,
 * and that each writer lays out its way: Markdown, a self-contained HTML
 * page, and (in the office module, office.h) a Word document.  The
 * wording lives in the builder alone, so the three say the same.
 *
 * Also the register of issued bulletins, bulletins.csv in the store
 * (issue, period, as_of), from which the next issue takes its number, and
 * the office's own 下步要求 text, bulletin-requirements.txt.
 */
#ifndef DUBAN_BULLETIN_H
#define DUBAN_BULLETIN_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/strbuf.h"

#define STORE_BULLETINS "bulletins.csv"
#define STORE_REQUIREMENTS "bulletin-requirements.txt"

enum doc_kind {
	DOC_TITLE,		/* the bulletin's name, centred */
	DOC_ISSUE,		/* 第N期, centred under the title */
	DOC_MASTHEAD,		/* the office (text) and the date (text2) */
	DOC_SUBJECT,		/* what the bulletin is about, centred */
	DOC_HEADING,		/* 一、总体情况 */
	DOC_ANNEX,		/* 附件: a heading whose part starts a page;
				 * Word sets it landscape, for its wide table */
	DOC_PARAGRAPH,
	DOC_PLACEHOLDER,	/* a place the office fills in, marked */
	DOC_TABLE,
	DOC_CHART,		/* stacked bars, one per row */
};

/* The segments of a bar of a chart, in the order they are drawn. */
enum { DOC_SEGMENTS = 4 };

/* One block.  Strings live in the bulletin's arena. */
struct doc_block {
	enum doc_kind kind;
	const char *text;	/* all but tables and charts; a chart's title */
	const char *text2;	/* DOC_MASTHEAD: the date */
	/* DOC_TABLE: rows of ncols cells, the first the header row;
	 * DOC_CHART: rows of 1 label, with values[] DOC_SEGMENTS a row */
	size_t ncols, nrows, cap;
	const char **cells;
	long *values;
	unsigned numeric;	/* DOC_TABLE: bit c set: column c is figures,
				 * set right */
	unsigned names;		/* DOC_TABLE: bit c set: column c lists names
				 * (units, leaders) joined by 、, and breaks
				 * between them, not inside one */
	const char *legend[DOC_SEGMENTS];	/* DOC_CHART */
};

struct bulletin {
	struct arena arena;
	const char *name;	/* what a page or a file is titled */
	const char *lang;	/* its language, as HTML names it: "zh-CN" */
	struct doc_block *v;
	size_t n, cap;
};

#define BULLETIN_INIT { ARENA_INIT, "", "en", NULL, 0, 0 }

/* Appends a block of kind (not a table or chart) holding a copy of text
 * (and for DOC_MASTHEAD of text2, else NULL).  Returns 0, or -1 (err)
 * when memory runs out. */
int bulletin_add(struct bulletin *b, enum doc_kind kind, const char *text,
		 const char *text2, struct duban_error *err);

/* Appends a table of ncols columns (1 to 32) whose header row is head;
 * numeric and names as in struct doc_block.  Rows follow with
 * bulletin_add_row(). */
int bulletin_add_table(struct bulletin *b, size_t ncols,
		       const char *const *head, unsigned numeric,
		       unsigned names, struct duban_error *err);

/* Appends a copy of the ncols cells of row to the last block, a table. */
int bulletin_add_row(struct bulletin *b, const char *const *row,
		     struct duban_error *err);

/* Appends a chart titled title whose segments are named by legend. */
int bulletin_add_chart(struct bulletin *b, const char *title,
		       const char *const legend[DOC_SEGMENTS],
		       struct duban_error *err);

/* Appends a bar to the last block, a chart: label and its segments'
 * values (each 0 or more). */
int bulletin_add_bar(struct bulletin *b, const char *label,
		     const long values[DOC_SEGMENTS], struct duban_error *err);

/* Sets what the bulletin is titled, and the language it is in ("zh-CN",
 * "en"), both copied. */
int bulletin_set_name(struct bulletin *b, const char *name, const char *lang,
		      struct duban_error *err);

void bulletin_release(struct bulletin *b);

/* The bulletin as Markdown, appended to out: headings, paragraphs,
 * pipe tables (a "|" in a cell escaped), a chart as a table of its
 * figures.  Returns 0, or -1 (err) when memory runs out. */
int bulletin_markdown(const struct bulletin *b, struct strbuf *out,
		      struct duban_error *err);

/* The bulletin as one HTML page, appended to out: inline CSS with a print
 * stylesheet (A4, each section from a new page), charts as inline SVG,
 * every text escaped; nothing it refers to outside the page. */
int bulletin_html(const struct bulletin *b, struct strbuf *out,
		  struct duban_error *err);

/* The bulletin as a Word document at path, written whole or not at all
 * (file_replace()): styles for the title, headings, text and tables
 * after GB/T 9704, a header row on each table, page numbers; a chart is
 * left to the table of its figures.  In the office module: call it
 * through office_load().  Returns 0, or -1 with err filled. */
int bulletin_docx(const struct bulletin *b, const char *path,
		  struct duban_error *err);

/* --- the register of issued bulletins -------------------------------------- */

/* The highest issue number: six digits, as a 第N期 has room for. */
#define BULLETIN_ISSUE_MAX 999999

struct bulletin_issue {
	long number;		/* 1 to BULLETIN_ISSUE_MAX */
	char period[16];	/* "2024-06" */
	date_t as_of;
	long line;		/* in bulletins.csv */
};

struct bulletin_register {
	struct bulletin_issue *v;	/* in file order */
	size_t n, cap;
};

#define BULLETIN_REGISTER_INIT { NULL, 0, 0 }

/* Reads bulletins.csv at path (name in messages); a missing file is an
 * empty register.  A number that is not a whole number from 1, a period
 * that is not a month, a day that is not a date is an error at its line.
 * Returns 0, or -1 with err filled. */
int bulletin_register_load(struct bulletin_register *r, const char *path,
			   const char *name, struct duban_error *err);

/* The number the next bulletin takes: one more than the highest issued,
 * 1 for the first. */
long bulletin_register_next(const struct bulletin_register *r);

/* The last entry for issue number, or NULL. */
const struct bulletin_issue *
bulletin_register_find(const struct bulletin_register *r, long number);

/* The last entry for the bulletin of period as of day, or NULL: the
 * same bulletin written again (in another format, say) keeps its
 * number. */
const struct bulletin_issue *
bulletin_register_same(const struct bulletin_register *r, const char *period,
		       date_t day);

/* The latest issue (by as_of, then number) before day, or NULL. */
const struct bulletin_issue *
bulletin_register_before(const struct bulletin_register *r, date_t day);

/* Writes r with is added (NULL: r as it is) to path, atomically
 * (file_replace()); the caller holds the store's lock.  Returns 0, or -1
 * with err filled. */
int bulletin_register_add(const struct bulletin_register *r,
			  const struct bulletin_issue *is, const char *path,
			  struct duban_error *err);

void bulletin_register_release(struct bulletin_register *r);

/* --- the office's 下步要求 --------------------------------------------------- */

/* Reads the office's text at path (name in messages) into out: its lines,
 * each a paragraph, blank ones dropped, a BOM and CRs left out; *found
 * false and out empty when there is no such file.  Text that is not
 * UTF-8, holds a control character or is over 64 KiB is an error at its
 * line.  Returns 0, or -1 with err filled. */
int bulletin_requirements_load(struct strbuf *out, bool *found,
			       const char *path, const char *name,
			       struct duban_error *err);

#endif
