/*
 * Who reported when, for missing (sheet.c) and rank (rank.c): a unit has
 * reported in a month when a clerk of it (people.csv) recorded something
 * dated in the month, or a record names it by the list --unit rules.
 */
#ifndef DUBAN_CMD_REPORTING_H
#define DUBAN_CMD_REPORTING_H

#include <stdbool.h>

#include "duban/journal.h"
#include "duban/people.h"
#include "duban/session.h"
#include "duban/sheet.h"
#include "duban/state.h"
#include "duban/tally.h"

/* Counts, per lead unit, its items not done in ps (as count[ROLE_LEAD]).
 * Returns 0, or -1 when memory runs out. */
int tally_open_leads(struct tally *open_by, const struct table *t,
		     const struct plan_state *ps);

/* Who reported in the period: a clerk of people.csv for their unit,
 * exactly (into units), anyone else under the name they recorded with
 * (into names); only by records recorded on or before recorded_by (the
 * day of the writer's clock) unless it is DATE_NONE.  Returns 0, or -1
 * when memory runs out. */
int reporters(struct tally *names, struct tally *units,
	      const struct journal *j, const struct people *people,
	      const struct period *p, date_t recorded_by);

/* Whether unit reported, by what reporters() gathered. */
bool reported(const struct tally *names, const struct tally *units,
	      const char *unit);

/* The lead units with items open in ps that did not report in period p,
 * as duban missing lists them: into out (empty when called) in the order
 * of the plan's units, each with its open items as count[ROLE_LEAD].
 * The names are borrowed from ss's plan.  Returns 0, or -1 when memory
 * runs out (out to be released either way). */
int unreported_units(struct tally *out, const struct session *ss,
		     const struct plan_state *ps, const struct period *p);

#endif
