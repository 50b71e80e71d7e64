#include "duban/state.h"

#include "duban/mem.h"

static void fold_entry(struct item_state *s, const struct entry *e)
{
	switch (e->kind) {
	case ENTRY_STATUS:
		s->status = e->status;
		if (e->status == STATUS_DONE)
			s->done_date = e->date;
		break;
	case ENTRY_PROGRESS:
		s->percent = e->percent;
		if (s->status == STATUS_NOT_STARTED)
			s->status = STATUS_IN_PROGRESS;
		break;
	case ENTRY_ACTUAL:
		s->actuals[e->target - 1] = e;
		break;
	case ENTRY_NOTE:
	case ENTRY_UNDO:
	case ENTRY_KIND_COUNT:
		break;
	}
	if (*e->note)
		s->last_note = e;
	if (s->last_date == DATE_NONE || e->date > s->last_date)
		s->last_date = e->date;
	s->last = e;
	s->records++;
}

int state_fold(struct plan_state *ps, const struct table *t,
	       const struct journal *j, date_t as_of, struct duban_error *err)
{
	size_t ntargets = 0, used = 0;

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
		s->actuals = ps->actuals + used;
		used += t->items[i].ntargets;
	}
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];
		const struct item *it;

		if (e->undone || e->kind == ENTRY_UNDO ||
		    (as_of != DATE_NONE && e->date > as_of))
			continue;
		it = table_find(t, e->item);
		if (it)
			fold_entry(&ps->items[it - t->items], e);
	}
	return 0;
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
