/*
 * roster — the units of the plan and their peer groups: units.csv in the
 * store, kept in Excel by the office, so that a ranking compares like with
 * like (街道 with 街道, 区直部门 with 区直部门).
 *
 *   unit,group,contact
 *   区商务局,区直部门,张科长 13800000000
 *   城南街道,街道,
 *
 * A unit is written exactly as the plan writes it.  A unit the file does
 * not name is in no group ("").
 */
#ifndef DUBAN_ROSTER_H
#define DUBAN_ROSTER_H

#include <stddef.h>

#include "duban/arena.h"
#include "duban/error.h"
#include "duban/table.h"

#define ROSTER_FILE "units.csv"

struct unit_row {
	const char *unit;
	const char *group;	/* "" for none */
	const char *contact;	/* "" for none */
	long line;
};

struct roster {
	struct unit_row *v;	/* sorted by unit */
	size_t n, cap;
	struct arena arena;
};

#define ROSTER_INIT { NULL, 0, 0, ARENA_INIT }

/* Loads path (called name in messages) for the plan t; a missing file
 * names no one.  Refused, with its line: a missing or unknown column, an
 * empty or repeated unit, a unit the plan does not name, a control
 * character.  Returns 0, or -1 with err filled. */
int roster_load(struct roster *r, const char *path, const char *name,
		const struct table *t, struct duban_error *err);

/* The row of unit, or NULL. */
const struct unit_row *roster_find(const struct roster *r, const char *unit);

/* Frees r; it is empty afterwards. */
void roster_release(struct roster *r);

#endif
