/*
 * match — finding units and leaders by the names people type.
 *
 * A unit query matches an entry that
 *   - equals it;
 *   - has it as its name before a full-width parenthesis
 *     (区住建局 matches 区住建局（旧改办）);
 *   - is a collective designation listing it among its "、"-separated parts
 *     (集聚区 matches 各街道、镇、集聚区; 街道 matches it too, the leading
 *     各 or 各相关 being read as "each").
 * A leader query matches an entry equal to it.
 */
#ifndef DUBAN_MATCH_H
#define DUBAN_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/table.h"

/* True if the unit entry is named by query, by the rules above. */
bool unit_matches(const char *entry, const char *query);

/* True if any unit entry of list is named by query. */
bool units_match(const struct names *list, const char *query);

/* True if any entry of list equals query exactly. */
bool names_contain(const struct names *list, const char *query);

/* Up to max names from known[0..n) closest to query (containing it, or
 * within a small edit distance counted in characters), best first, into
 * out.  Returns how many; -1 when memory runs out. */
long names_closest(const char *query, const char *const *known, size_t n,
		   const char **out, size_t max);

#endif
