/*
 * people — who is who: people.csv in the store, kept in Excel by the office.
 *
 *   name,unit,role
 *   王芳,区住建局,clerk
 *   杨峰,,leader
 *
 * role is office (督查室), clerk (a unit's 联络员) or leader (领导), by key
 * or by that label.  A clerk's unit is a unit of the plan, written exactly
 * as the plan writes it: 区住建局 and 区住建局（旧改办） are two units.  What
 * a clerk records under their own name is their unit's report.
 */
#ifndef DUBAN_PEOPLE_H
#define DUBAN_PEOPLE_H

#include <stddef.h>

#include "duban/arena.h"
#include "duban/error.h"
#include "duban/table.h"

#define PEOPLE_FILE "people.csv"

enum person_role { PERSON_OFFICE, PERSON_CLERK, PERSON_LEADER,
		   PERSON_ROLE_COUNT };

struct person {
	const char *name;
	const char *unit;	/* "" for none */
	enum person_role role;
	long line;
};

struct people {
	struct person *v;	/* sorted by name */
	size_t n, cap;
	struct arena arena;
};

#define PEOPLE_INIT { NULL, 0, 0, ARENA_INIT }

/* "office", "clerk", "leader". */
const char *person_role_key(enum person_role r);

/* Loads path (called name in messages) for the plan t.  A missing file is
 * no one.  Refused, with its line: a missing or unknown column, an empty
 * or repeated name, an unknown role, a clerk without a unit, a unit the
 * plan does not name.  Returns 0, or -1 with err filled. */
int people_load(struct people *p, const char *path, const char *name,
		const struct table *t, struct duban_error *err);

/* The same against units, the n units the plan names, sorted by strcmp()
 * (a plan read in part from the index knows them all). */
int people_load_units(struct people *p, const char *path, const char *name,
		      const char *const *units, size_t n,
		      struct duban_error *err);

/* The person named name exactly, or NULL. */
const struct person *people_find(const struct people *p, const char *name);

/* Frees p; it is empty afterwards. */
void people_release(struct people *p);

#endif
