/*
 * tally — every distinct name of a plan, with how many items it appears in
 * under each role (leading, taking part).
 *
 * Built in one pass over the items with a hash of the names, so a plan of a
 * million items is tallied in linear time.
 */
#ifndef DUBAN_TALLY_H
#define DUBAN_TALLY_H

#include <stddef.h>

#include "duban/table.h"

enum role { ROLE_LEAD, ROLE_PARTICIPANT, ROLE_COUNT };

struct tally_entry {
	const char *name;	/* borrowed from the table */
	long count[ROLE_COUNT];	/* items in which it has each role */
	size_t first;		/* order of first appearance in the plan */
};

struct tally {
	struct tally_entry *v;
	size_t n, cap;
	size_t *index;		/* open-addressed hash: position + 1 */
	size_t index_cap;
};

#define TALLY_INIT { NULL, 0, 0, NULL, 0 }

/* The position of name in ty->v, added with no counts if new; -1 when
 * memory runs out.  name is borrowed: it must outlive ty. */
long tally_intern(struct tally *ty, const char *name);

/* Tallies the units of t (lead units and participants). */
int tally_units(struct tally *ty, const struct table *t);

/* Tallies the leaders of t (every leader leads). */
int tally_leaders(struct tally *ty, const struct table *t);

/* Sorts the entries by items led (most first), then items taken part in,
 * then first appearance in the plan. */
void tally_sort(struct tally *ty);

/* Frees what ty holds (not the names, which the table owns). */
void tally_release(struct tally *ty);

#endif
