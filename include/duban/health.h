/*
 * health — where an item stands against its deadline at a date.
 *
 * 序时进度, the share of an item's work expected done at a date: the days
 * from the plan's start through that date over the days from the start
 * through the deadline, as a whole percent (rounded down); for an item
 * with milestones (节点, milestone.h), the line through them instead.  An
 * open item more than yellow_behind points below it (store.conf, 0 by
 * default) is behind (滞后), else on schedule (序时推进).  A deadline counts
 * whole: an item due 2024-12-31 is overdue from 2025-01-01.  An item
 * granted a later deadline (延期) is judged by that one, its period and
 * 序时 stretched to it.  The light, most urgent first:
 *
 *   red     overdue (open past its deadline), done after it (逾期完成), or
 *           behind by red_behind points or more when that rule is set
 *   yellow  behind schedule
 *   blue    on schedule, and due within warn_days
 *   green   on schedule, or done on time (按期完成)
 */
#ifndef DUBAN_HEALTH_H
#define DUBAN_HEALTH_H

#include <stdbool.h>

#include "duban/settings.h"
#include "duban/state.h"
#include "duban/table.h"

enum light { LIGHT_GREEN, LIGHT_BLUE, LIGHT_YELLOW, LIGHT_RED, LIGHT_COUNT };

enum standing {
	STANDING_ON_SCHEDULE,	/* 序时推进 */
	STANDING_DUE_SOON,	/* on schedule, deadline near */
	STANDING_BEHIND,	/* 滞后 */
	STANDING_OVERDUE,	/* 逾期 */
	STANDING_DONE,		/* 按期完成 */
	STANDING_DONE_LATE,	/* 逾期完成 */
	STANDING_COUNT
};

struct health {
	enum standing standing;
	enum light light;
	int elapsed;		/* 序时进度 in whole percent; -1 if no deadline */
	long days_overdue;	/* open: days past the deadline; done late: days
				 * late; else 0 */
	long days_left;		/* open: days until the deadline (0 on the
				 * day); -1 if overdue or no deadline */
};

/* "green", "blue", "yellow", "red" and their labels 绿, 蓝, 黄, 红. */
const char *light_key(enum light l);
const char *light_label(enum light l);

/* Reads a light by key or label.  Returns 0, or -1. */
int light_parse(const char *s, enum light *out);

/* "on-schedule", "due-soon", "behind", "overdue", "done", "done-late" and
 * the office's words for them. */
const char *standing_key(enum standing s);
const char *standing_label(enum standing s);

/* The health of item it, whose state is st, as of the day as_of. */
void health_of(const struct item *it, const struct item_state *st,
	       date_t as_of, const struct settings *s, struct health *out);

#endif
