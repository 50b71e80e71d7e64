/*
 * import — a plan document (plain text) read into items, ready to be
 * written as items.csv.
 *
 * The document is UTF-8 (a byte order mark and CRLF line ends accepted) or
 * GBK, detected when the bytes are not UTF-8 but convert from GBK, or named
 * by the caller.  Word leftovers such as "[bookmark: _GoBack]" are removed;
 * a form feed or vertical tab (a page or line break) is a blank.
 *
 *   一、TITLE  /  1、 TITLE   a section (an "N、" line with no assignment
 *                            block is a heading, not an item)
 *   （一）TITLE               a subsection
 *   N. / N、 / （N） TEXT〔牵头领导：…；责任单位：…；参加单位：…。完成时限：…〕
 *                            an item; the block in 〔〕, （）, () or [],
 *                            or on the lines after the item's first line
 *
 * Labels: 牵头领导/责任领导/分管领导, 责任单位/牵头单位/主要责任单位,
 * 参加单位/配合单位/协办单位, 完成时限/完成时间/时限.  Lists are split on
 * "、" (and "，" between groups); a part starting with 各 keeps the rest of
 * its group whole ("各街道、镇、集聚区").  Deadlines: "2024年12月底(前)",
 * "2024年底", "2024年6月", "2024年第三季度", "三季度末", "全年" (the plan
 * year, the first "YYYY年" before the first heading), and open-ended ones
 * ("长期坚持", "持续推进", "长期": no date, the text kept).
 *
 * Targets are not read into the items: import_write_csv extracts them from
 * each item's text (extract.h) as it writes the targets column.
 *
 * A block that looks like an item but cannot be read (no task text, no
 * lead unit, no deadline, a deadline that is not a date, a number repeated
 * or out of order) is a problem with its line; the other items are still
 * read.
 * The library never prints.
 */
#ifndef DUBAN_IMPORT_H
#define DUBAN_IMPORT_H

#include <stddef.h>

#include "duban/arena.h"
#include "duban/error.h"
#include "duban/strbuf.h"
#include "duban/table.h"

enum import_encoding { IMPORT_AUTO, IMPORT_UTF8, IMPORT_GBK };

/* One block that could not be read, at line (1-based) of the document. */
struct import_problem {
	long line;
	char msg[512];
};

struct import_result {
	struct item *items;	/* the readable items, in document order */
	size_t n, cap;
	struct import_problem *problems;
	size_t nproblems, pcap;
	int year;		/* the plan year, 0 if the document gives none */
	struct arena arena;	/* every string and list of the items */
};

#define IMPORT_RESULT_INIT { NULL, 0, 0, NULL, 0, 0, 0, ARENA_INIT }

/* Reads the n bytes at buf, a plan document called name in errors, into r
 * (which must be empty).  Returns 0, with the items and problems in r; or
 * -1 with err filled when the document cannot be read at all (not UTF-8
 * nor GBK, a NUL byte or another control character, no item in it, out of
 * memory). */
int import_buffer(struct import_result *r, const char *buf, size_t n,
		  enum import_encoding enc, const char *name,
		  struct duban_error *err);

/* The same for the file at path.  A Word document (a name ending in
 * ".docx", or the zip signature) is read with docx_text (docx.h) as UTF-8,
 * a line a paragraph, whatever enc says. */
int import_file(struct import_result *r, const char *path,
		enum import_encoding enc, struct duban_error *err);

/* Appends r's items to out as items.csv: the header row, then one row per
 * item, LF line ends, the targets column extracted from the item's text
 * by targets_extract().  Returns 0, or -1 out of memory. */
int import_write_csv(const struct import_result *r, struct strbuf *out);

/* Frees everything r holds; r is empty afterwards. */
void import_release(struct import_result *r);

#endif
