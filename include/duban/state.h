/*
 * state — where each item stands: the fold of its journal records.
 *
 * Records are taken in (recorded, entry) order, cancelled ones skipped:
 *   status    sets the status; done also marks the day it was done
 *   progress  sets the percent; a not-started item becomes in-progress
 *   actual    sets the figure reached for one target
 *   extend    grants a new deadline (延期), which the item is then judged
 *             by; a request pending is settled
 *   extend-request   asks for one: pending until granted or refused
 *   extend-refuse    refuses the request pending
 *   any       a note becomes the latest note; the date the latest report
 */
#ifndef DUBAN_STATE_H
#define DUBAN_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "duban/journal.h"
#include "duban/table.h"

struct item_state {
	enum status status;
	int percent;			/* latest progress; see state_percent() */
	date_t last_date;		/* latest day reported on; DATE_NONE */
	date_t done_date;		/* the day it was done, if done */
	const struct entry *last;	/* latest record, or NULL */
	const struct entry *last_note;	/* latest record with a note */
	const struct entry **actuals;	/* per target: latest actual, or NULL */
	size_t records;			/* records folded in */
	date_t extended;		/* the deadline last granted, or
					 * DATE_NONE: the plan's holds */
	date_t requested;		/* a deadline asked for and not yet
					 * granted or refused, or DATE_NONE */
	int extensions;			/* how many were granted */
	date_t closing;			/* the day a unit reported it done,
					 * awaiting the office's review
					 * (申请办结), or DATE_NONE */
	int returns;			/* closures the office sent back */
};

struct plan_state {
	struct item_state *items;	/* parallel to the table's items */
	const struct entry **actuals;	/* storage behind items[].actuals */
	size_t n;
};

#define PLAN_STATE_INIT { NULL, NULL, 0 }

/* Folds the entries of j reporting on as_of or earlier (every entry when
 * as_of is DATE_NONE) into ps, one state per item of t.  The states point
 * into j, which must outlive them.  Returns 0, or -1 (err) out of memory. */
int state_fold(struct plan_state *ps, const struct table *t,
	       const struct journal *j, date_t as_of, struct duban_error *err);

/* As state_fold(), counting only the entries recorded at or before until
 * (microseconds since 1970), and cancelled only by undos recorded by then:
 * the state as it was shown at that moment. */
int state_fold_until(struct plan_state *ps, const struct table *t,
		     const struct journal *j, date_t as_of, int64_t until,
		     struct duban_error *err);

/* The state as of as_of from the records marked in among alone (with
 * journal_ancestors(): what a copy held when a sheet was made from it).
 * Returns 0, or -1 with err filled. */
int state_fold_among(struct plan_state *ps, const struct table *t,
		     const struct journal *j, date_t as_of, const bool *among,
		     struct duban_error *err);

/* Folds every record of j not cancelled onto ps, the state of t so far:
 * the records that follow those ps was folded from, in j's order. */
void state_fold_onto(struct plan_state *ps, const struct table *t,
		     const struct journal *j);

/* The deadline item it, whose state is s, is judged by: the one last
 * granted by an extension, else the plan's (DATE_NONE when open-ended). */
date_t state_deadline(const struct item *it, const struct item_state *s);

/* The percent to show: 100 when done, else the latest progress. */
int state_percent(const struct item_state *s);

void state_release(struct plan_state *ps);

/* Why an item whose status is from cannot be given status to, as one
 * lowercase clause ("it is done already"), or NULL if it can.  reopen is
 * set when the change reopens a done or blocked item (to is then
 * in-progress).  Going back to not-started is never allowed: a started item
 * is reopened or blocked instead. */
const char *status_change_refusal(enum status from, enum status to,
				  bool reopen);

#endif
