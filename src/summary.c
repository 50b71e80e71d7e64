/*
 * summary — items counted per group.  See summary.h.
 */
#include <stdlib.h>
#include <string.h>

#include "duban/health.h"
#include "duban/mem.h"
#include "duban/summary.h"

/* Counts one item into group g. */
static void count_item(struct group *g, const struct item *it,
		       const struct item_state *st, const struct health *h)
{
	g->items++;
	g->percent_sum += state_percent(st);
	switch (h->standing) {
	case STANDING_DONE: g->done++; break;
	case STANDING_DONE_LATE: g->done++; g->done_late++; break;
	case STANDING_ON_SCHEDULE: case STANDING_DUE_SOON: g->on_schedule++; break;
	case STANDING_BEHIND: g->behind++; break;
	case STANDING_OVERDUE: g->overdue++; break;
	case STANDING_COUNT: break;
	}
	for (size_t i = 0; i < it->ntargets; i++) {
		g->targets++;
		if (st->actuals[i] && target_met(&it->targets[i], st->actuals[i]->value))
			g->targets_met++;
	}
}

/* The groups of an item: its lead units, its leaders, or its section
 * (whose title the caller puts in section). */
static const struct names *item_groups(enum grouping by, const struct item *it,
				       struct names *section)
{
	if (by == BY_UNIT)
		return &it->lead_units;
	if (by == BY_LEADER)
		return &it->leaders;
	return section;
}

/* Counts an item into each of the groups in list, once each even when the
 * list names one twice. */
static int count_into_groups(struct summary *sum, const struct names *list,
			     const struct item *it, const struct item_state *st,
			     const struct health *h)
{
	for (size_t k = 0; k < list->n; k++) {
		size_t before = sum->names.n;
		bool repeated = false;
		long gi;

		for (size_t j = 0; j < k; j++)
			repeated |= strcmp(list->v[j], list->v[k]) == 0;
		if (repeated)
			continue;
		gi = tally_intern(&sum->names, list->v[k]);
		if (gi < 0 || mem_grow((void **)&sum->stats, &sum->cap,
				       sum->names.n, sizeof(*sum->stats)))
			return -1;
		if (sum->names.n > before)
			sum->stats[gi] = (struct group){ .name = list->v[k],
							 .first = (size_t)gi };
		count_item(&sum->stats[gi], it, st, h);
	}
	return 0;
}

/* Units and leaders: who leads most first, as duban units lists them. */
static int most_items_first(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (a->items != b->items)
		return a->items > b->items ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

int summary_count(struct summary *sum, enum grouping by, const struct table *t,
		  const struct plan_state *ps, const size_t *positions,
		  size_t n, date_t as_of, const struct settings *s,
		  struct duban_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &t->items[positions[i]];
		const struct item_state *st = &ps->items[positions[i]];
		const char *title = it->section_title;
		struct names section = { &title, 1 };
		struct health h;

		health_of(it, st, as_of, s, &h);
		count_item(&sum->total, it, st, &h);
		if (count_into_groups(sum, item_groups(by, it, &section), it, st, &h))
			return error_nomem(err);
	}
	/* sections stay in plan order */
	if (by != BY_SECTION && sum->names.n > 1)
		qsort(sum->stats, sum->names.n, sizeof(*sum->stats),
		      most_items_first);
	return 0;
}

long group_average(const struct group *g)
{
	/* rounded half up, in whole percent */
	return g->items ? (g->percent_sum * 2 + g->items) / (g->items * 2) : 0;
}

void summary_release(struct summary *sum)
{
	tally_release(&sum->names);
	mem_free(sum->stats);
	sum->stats = NULL;
	sum->cap = 0;
}
