/*
 * segment — the second stage of import: a document's lines (plandoc.h) cut
 * into items, under the sections and subsections that group them.
 *
 * Paragraphs.  A line starting with a number is a heading or an item:
 *   一、 第一章 第一部分              a section
 *   （一） (一)                        a subsection, or an item when it
 *                                      carries its own assignment
 *   1、                                a section heading, or an item when it
 *                                      carries its own assignment
 *   1. 1． (1) （1） 1) ①             an item
 * An item's body runs over the lines after its first until the next
 * numbered line, a topic line ("——推进教育高质量发展"), a table, or —
 * once its annotation is complete (a closing bracket group, or labelled
 * lines) — a line that is not a label.  A numbered line without any
 * assignment whose numbering style no assigned item shares is text, not
 * an item (an attachment list, a numbered paragraph of a notice).  A text
 * whose line breaks were lost is cut at the numbers that follow a blank
 * and continue their sequence.
 *
 * Tables.  A row of cells with a header of labels (lexicon.h): cells
 * separated by TAB (a Word table), by "|", one cell per line ending in
 * "|", one cell per line with nothing around it (a header starting with a
 * line "序号"), or by blanks after a header "序号 …" (the task text then
 * takes the blanks between its neighbours).  Columns are found by their
 * header in any order; a row with fewer cells than the header has lost a
 * merged cell, taken to be a column whose kind repeats an earlier one.  A
 * row holding one cell that reads as a heading is a heading.
 *
 * Headings.  A section heading naming a leader ("一、于会游市长主抓重点
 * 工作") gives that leader to its items (LEADER_AUTO: a name followed by
 * an office such as 市长 or 副区长 and 牵头/主抓/负责/分管; LEADER_ON: a
 * name followed by those verbs alone).  A line "完成时限：…" right after a
 * heading, or before the first item, gives the deadline of the section or
 * of the whole plan.
 *
 * The plan year is the first "YYYY年" before the first item, a year that
 * is not part of a full date preferred ("2024年《政府工作报告》").  A
 * document that says the first unit listed leads ("列第一位者为牵头单位")
 * sets first_leads.
 */
#ifndef DUBAN_SEGMENT_H
#define DUBAN_SEGMENT_H

#include <stdbool.h>

#include "duban/arena.h"
#include "duban/lexicon.h"
#include "duban/plandoc.h"
#include "duban/problem.h"

enum leader_mode { LEADER_OFF, LEADER_AUTO, LEADER_ON };

/* One item as the document lays it out. */
struct seg_item {
	const char *number;		/* as printed: "1", "(一)", "204" */
	long num;			/* its value, or 0 for a row without one */
	long line;			/* where it starts in the document */
	const char *body;		/* paragraphs: its text and annotation */
	const char *cell[LEX_KINDS];	/* a table row: the cell of each kind */
	bool row;			/* read from a table */
	int style;			/* its numbering style: the items of
					 * one style form one sequence */
	bool assigned;			/* it carries an assignment */
	bool after_heading;		/* a heading stands between it and the
					 * item before: numbering may restart */
	int section, subsection;
	const char *section_title, *subsection_title;
	const char *heading_leader;	/* named by its heading, or NULL */
	const char *deadline;		/* its section's or the plan's, or NULL */
	long deadline_line;
};

struct segments {
	struct seg_item *items;
	size_t n, cap;
	int year;			/* the plan year, 0 if none */
	bool first_leads;		/* "the first unit listed leads" */
	struct arena *arena;		/* the caller's: every string of the
					 * items, kept when sg is released */
};

#define SEGMENTS_INIT { NULL, 0, 0, 0, false, NULL }

/* Cuts the lines of d into items in sg (which must be empty but for its
 * arena); d's lines may be cut in place.  Headings that items.csv cannot hold are problems
 * added to pr.  Returns 0, or -1 out of memory. */
int segment_read(struct segments *sg, struct plandoc *d, enum leader_mode lm,
		 struct problems *pr);

/* Frees what sg holds but its arena's strings; sg is empty afterwards. */
void segment_release(struct segments *sg);

#endif
