/*
 * milestone — the stages of big tasks (节点): milestones.csv in the store,
 * plan data the office keeps in Excel as it keeps items.csv.
 *
 *   item,date,percent,text
 *   12,2024-03-31,80,一季度完成招引80%
 *
 * An item with milestones is expected, at a day, to be as far as the line
 * through them says (milestone_expected): from 0 the day before the plan's
 * period starts, through each milestone, to 100 on its deadline.  The
 * milestones of an item have distinct dates and percents that never fall.
 */
#ifndef DUBAN_MILESTONE_H
#define DUBAN_MILESTONE_H

#include <stddef.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"

#define MILESTONES_FILE "milestones.csv"

/* The longest text of a milestone, in bytes: a note's. */
#define MILESTONE_TEXT_MAX 8000

struct milestone {
	long item;
	date_t date;
	int percent;		/* 0–100: how far the item should be by then */
	const char *text;	/* what the stage is; "" for nothing said */
	long line;		/* in milestones.csv; 0 for one added since */
};

struct milestones {
	struct milestone *v;	/* by item, then date */
	size_t n, cap;
	struct arena arena;
};

#define MILESTONES_INIT { NULL, 0, 0, ARENA_INIT }

/* Loads path (called name in messages); a missing file is none.  Refused,
 * with its line: a missing or unknown column, an item that is not a whole
 * number above 0, a date or percent that is not one (80 and 80% are read
 * alike), two milestones of an item on one day, a percent lower than an
 * earlier milestone's of the item.  Whether the items are in the plan is
 * check's to say.  Returns 0, or -1 with err filled. */
int milestones_load(struct milestones *ms, const char *path, const char *name,
		    struct duban_error *err);

/* The milestones of item, in date order, and how many into *n; NULL (and
 * 0) when it has none.  ms may be NULL. */
const struct milestone *milestones_of(const struct milestones *ms, long item,
				      size_t *n);

/* Adds a milestone, text copied.  Refused as milestones_load() refuses a
 * row (message without a line).  Returns 0, or -1 with err filled. */
int milestones_add(struct milestones *ms, long item, date_t date, int percent,
		   const char *text, struct duban_error *err);

/* Removes item's milestone on date; returns 0, or -1 when it has none. */
int milestones_remove(struct milestones *ms, long item, date_t date);

/* Writes ms as milestones.csv to path: a temporary file beside it, synced,
 * then renamed over it.  Returns 0, or -1 with err filled. */
int milestones_write(const struct milestones *ms, const char *path,
		     struct duban_error *err);

/* The percent expected at as_of of an item due deadline whose n milestones
 * are v (date order), in a period starting start (DATE_NONE, or a start
 * after the deadline: none, so nothing is expected before the first
 * point), rounded down: linear between the points (start − 1, 0), the
 * milestones and (deadline, 100), 0 before the first, the last one's after
 * it.  With no milestones, the elapsed share of the period (序时进度). */
int milestone_expected(const struct milestone *v, size_t n, date_t start,
		       date_t deadline, date_t as_of);

void milestones_release(struct milestones *ms);

#endif
