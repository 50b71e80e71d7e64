/*
 * summary — the items of a selection counted per unit, leader or section:
 * how many, done (and done late), on schedule, behind, overdue, their
 * average percent, targets and targets met.  What duban summary shows, and
 * the second sheet of an exported workbook.
 */
#ifndef DUBAN_SUMMARY_H
#define DUBAN_SUMMARY_H

#include <stddef.h>

#include "duban/date.h"
#include "duban/error.h"
#include "duban/settings.h"
#include "duban/state.h"
#include "duban/table.h"
#include "duban/tally.h"

enum grouping { BY_UNIT, BY_LEADER, BY_SECTION };

struct group {
	const char *name;	/* a unit, a leader or a section's title,
				 * borrowed from the table */
	size_t first;		/* order of first appearance in the plan */
	long items, done, done_late, on_schedule, behind, overdue;
	long percent_sum, targets, targets_met;
};

struct summary {
	struct tally names;	/* the groups by name */
	struct group *stats;	/* names.n groups, in the order to show */
	size_t cap;
	struct group total;	/* every item once, whatever its groups */
};

#define SUMMARY_INIT { TALLY_INIT, NULL, 0, { 0 } }

/* Counts the n items of plan t at positions[] (state ps, health as of
 * as_of under settings s) into s->stats, each into every group it has
 * (once each), and into s->total once; then orders the groups as duban
 * summary shows them: units and leaders by items led (most first, then
 * first appearance), sections in plan order.  The group names are
 * borrowed from t, which must outlive sum.  Returns 0, or -1 with err
 * filled when memory runs out (summary_release() frees what was made). */
int summary_count(struct summary *sum, enum grouping by, const struct table *t,
		  const struct plan_state *ps, const size_t *positions,
		  size_t n, date_t as_of, const struct settings *s,
		  struct duban_error *err);

/* The average percent of g, in whole percent rounded half up; 0 for a
 * group of no items. */
long group_average(const struct group *g);

/* Frees what sum holds (not the names, which the table owns). */
void summary_release(struct summary *sum);

#endif
