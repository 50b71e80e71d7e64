#include "duban/state.h"

#include <stdlib.h>

#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/text.h"

static void fold_entry(struct item_state *s, const struct entry *e)
{
	switch (e->kind) {
	case ENTRY_STATUS:
		s->status = e->status;
		/* an approved closure is done as of the day the unit said */
		if (e->status == STATUS_DONE)
			s->done_date = s->closing != DATE_NONE ? s->closing
							       : e->date;
		s->closing = DATE_NONE;	/* settled by the office, or moot */
		break;
	case ENTRY_CLOSE_REQUEST:
		s->closing = e->date;
		break;
	case ENTRY_CLOSE_RETURN:
		s->closing = DATE_NONE;
		s->status = STATUS_IN_PROGRESS;
		s->returns++;
		break;
	case ENTRY_PROGRESS:
		s->percent = e->percent;
		if (s->status == STATUS_NOT_STARTED)
			s->status = STATUS_IN_PROGRESS;
		break;
	case ENTRY_ACTUAL:
		s->actuals[e->target - 1] = e;
		break;
	case ENTRY_EXTEND:
		s->extended = e->deadline;
		s->extensions++;
		s->requested = DATE_NONE;
		break;
	case ENTRY_EXTEND_REQUEST:
		s->requested = e->deadline;
		break;
	case ENTRY_EXTEND_REFUSE:
		s->requested = DATE_NONE;
		break;
	case ENTRY_NOTE:
	case ENTRY_UNDO:
	case ENTRY_EVIDENCE:
	case ENTRY_KIND_COUNT:
		break;
	}
	if (*e->note && e->kind != ENTRY_EVIDENCE)	/* its note: a file name */
		s->last_note = e;
	if (s->last_date == DATE_NONE || e->date > s->last_date)
		s->last_date = e->date;
	s->last = e;
	s->records++;
}

int state_fold(struct plan_state *ps, const struct table *t,
	       const struct journal *j, date_t as_of, struct duban_error *err)
{
	return state_fold_until(ps, t, j, as_of, INT64_MAX, err);
}

/* Which entries of j were cancelled by undos recorded by until: a flag per
 * entry, to free.  NULL when memory runs out. */
static bool *cancelled_by(const struct journal *j, int64_t until,
			  const bool *among)
{
	bool *cancelled = mem_calloc(j->n, sizeof(*cancelled));

	if (cancelled && among)
		journal_cancellations_among(j, among, cancelled);
	else if (cancelled)
		journal_cancellations(j, until, cancelled);
	return cancelled;
}

/* The fold of state_fold_until() and state_fold_among(): the records
 * recorded by until, and only those among marks when it is not NULL. */
static int fold(struct plan_state *ps, const struct table *t,
		const struct journal *j, date_t as_of, int64_t until,
		const bool *among, struct duban_error *err)
{
	size_t ntargets = 0, used = 0;
	bool *cancelled = NULL;

	for (size_t i = 0; i < t->n; i++)
		ntargets += t->items[i].ntargets;
	ps->items = mem_calloc(t->n, sizeof(*ps->items));
	ps->actuals = mem_calloc(ntargets, sizeof(*ps->actuals));
	ps->n = t->n;
	if (!ps->items || !ps->actuals) {
		state_release(ps);
		return error_nomem(err);
	}
	for (size_t i = 0; i < t->n; i++) {
		struct item_state *s = &ps->items[i];

		s->status = STATUS_NOT_STARTED;
		s->last_date = s->done_date = DATE_NONE;
		s->extended = s->requested = s->closing = DATE_NONE;
		s->actuals = ps->actuals + used;
		used += t->items[i].ntargets;
	}
	if ((until != INT64_MAX || among) && j->n &&
	    !(cancelled = cancelled_by(j, until, among))) {
		state_release(ps);
		return error_nomem(err);
	}
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];
		const struct item *it;

		if (e->recorded > until)
			break;	/* j is in recorded order */
		if ((among && !among[i]) ||
		    (cancelled ? cancelled[i] : e->undone) || e->kind == ENTRY_UNDO ||
		    (as_of != DATE_NONE && e->date > as_of))
			continue;
		it = table_find(t, e->item);
		if (it)
			fold_entry(&ps->items[it - t->items], e);
	}
	mem_free(cancelled);
	return 0;
}

int state_fold_until(struct plan_state *ps, const struct table *t,
		     const struct journal *j, date_t as_of, int64_t until,
		     struct duban_error *err)
{
	return fold(ps, t, j, as_of, until, NULL, err);
}

int state_fold_among(struct plan_state *ps, const struct table *t,
		     const struct journal *j, date_t as_of, const bool *among,
		     struct duban_error *err)
{
	return fold(ps, t, j, as_of, INT64_MAX, among, err);
}

void state_fold_onto(struct plan_state *ps, const struct table *t,
		     const struct journal *j)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];
		const struct item *it;

		if (e->undone || e->kind == ENTRY_UNDO)
			continue;
		it = table_find(t, e->item);
		if (it)
			fold_entry(&ps->items[it - t->items], e);
	}
}

date_t state_deadline(const struct item *it, const struct item_state *s)
{
	return s->extended != DATE_NONE ? s->extended : it->deadline;
}

int state_percent(const struct item_state *s)
{
	return s->status == STATUS_DONE ? 100 : s->percent;
}

void state_release(struct plan_state *ps)
{
	mem_free(ps->items);
	mem_free(ps->actuals);
	*ps = (struct plan_state)PLAN_STATE_INIT;
}

const char *status_change_refusal(enum status from, enum status to,
				  bool reopen)
{
	if (reopen)
		return from == STATUS_DONE || from == STATUS_BLOCKED ? NULL
			: _("only a done or blocked item can be reopened");
	switch (to) {
	case STATUS_NOT_STARTED:
		return _("a started item cannot go back to not started; "
			 "block or reopen it instead");
	case STATUS_IN_PROGRESS:
		return from == STATUS_NOT_STARTED ? NULL
			: _("only an item not started yet can be started; "
			    "a blocked or done one is reopened");
	case STATUS_DONE:
		return from == STATUS_DONE ? _("it is done already") : NULL;
	case STATUS_BLOCKED:
		return from == STATUS_DONE ? _("it is done; reopen it first")
			: from == STATUS_BLOCKED ? _("it is blocked already")
						   : NULL;
	case STATUS_COUNT:
		break;
	}
	return _("no such status");
}

