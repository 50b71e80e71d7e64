/*
 * query — which items a listing shows.
 *
 * Filters combine with AND; a filter left NULL (or 0) lets every item
 * through.
 */
#ifndef DUBAN_QUERY_H
#define DUBAN_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/error.h"
#include "duban/health.h"
#include "duban/state.h"
#include "duban/table.h"

struct filter {
	const char *unit;		/* a lead unit (match.h rules) */
	const char *participant;	/* a participating unit */
	const char *involving;		/* a lead or participating unit */
	const char *leader;		/* a lead leader, exactly */
	bool mine;			/* the user's own items: the front end
					 * makes it unit or leader (people.h) */
	const char *grep;		/* a piece of the task text */
	int section;			/* 1-based; 0 for any */
	int subsection;			/* 1-based within section; 0 for any */
	bool by_status;			/* whether to filter on status */
	enum status status;		/* the status wanted */
	bool by_light;			/* whether to filter on the light */
	enum light light;		/* the light wanted, as of as_of */
	date_t as_of;
	const struct settings *settings;
};

/* Parses a --section value: "2", "二", "2.1" or "二.1" (section 2,
 * subsection 1).  Returns 0, or -1 if it is none of these. */
int filter_parse_section(const char *s, int *section, int *subsection);

/* True if it, whose state is st, passes every filter of f. */
bool filter_match(const struct filter *f, const struct item *it,
		  const struct item_state *st);

/* Checks that every unit and leader f names occurs somewhere in t, so a
 * typo is an error rather than an empty result.  Returns 0, or -1 with
 * err saying which name is unknown and suggesting the closest known ones. */
int filter_check_names(const struct filter *f, const struct table *t,
		       struct duban_error *err);

/* Fills *positions with the positions (in t->items) of the items of t
 * (whose states are ps) passing f, in
 * plan order; *count is their number.  The array is the caller's to
 * mem_free().  Returns 0, or -1 when memory runs out. */
int filter_select(const struct filter *f, const struct table *t,
		  const struct plan_state *ps, size_t **positions,
		  size_t *count, struct duban_error *err);

#endif
