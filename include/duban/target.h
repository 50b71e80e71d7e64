/*
 * target — the quantified targets of an item, in items.csv's syntax.
 *
 *   targets := target { ";" target }
 *   target  := subject op figure [unit] ["@" date]
 *   op      := ">" | ">=" | "<" | "<=" | "="
 *   figure  := number | number "-" number        (a range, with "=" only)
 *
 * "规上工业企业数量>40家" reads: more than 40 (突破/超 → >; 以上/不少于 →
 * >=; a plain figure → =).  "“亿元楼”>13幢@2026-12-31" carries its own date.
 * The subject holds no ; @ < > =, the unit no ; @.
 */
#ifndef DUBAN_TARGET_H
#define DUBAN_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"

enum target_op {
	TARGET_GT,	/* >  突破, 超 */
	TARGET_GE,	/* >= 以上, 不少于, 达…以上 */
	TARGET_EQ,	/* =  a plain figure, or a range */
	TARGET_LE,	/* <= 以内, 不超过 */
	TARGET_LT,	/* <  低于 */
};

struct target {
	const char *subject;	/* what is counted, e.g. "规上工业企业数量" */
	enum target_op op;
	const char *figure;	/* the number as written, e.g. "4.1" */
	const char *figure_max;	/* upper end of a range "1-2", else NULL */
	double value;		/* figure as a number */
	double value_max;	/* figure_max as a number; = value if no range */
	const char *unit;	/* "家", "亿元", "%"; "" when none */
	date_t by;		/* its own date, or DATE_NONE: the item's */
	const char *key;	/* what records name it by (see below) */
};

/* The longest figure read, in characters ("4.1" is 3): a figure is a count
 * or an amount, and anything longer is a mistake in the field. */
#define TARGET_FIGURE_MAX 24

/* The operator as written in the syntax: ">", ">=", "=", "<=", "<". */
const char *target_op_symbol(enum target_op op);

/* Parses the targets field s into an array allocated in arena a: *out and
 * *count (NULL and 0 for an empty field).  Each target gets its key: the
 * subject, which stays when targets are added, removed or reordered and
 * when a figure is revised.  When an item counts one subject twice, the
 * first keeps the bare subject and a later one is "subject@date" or
 * "subject@N", its place among the alike (a subject holds no "@").  On a
 * malformed target returns -1
 * and fills err's message (the caller adds file and line). */
int targets_parse(const char *s, struct arena *a, struct target **out,
		  size_t *count, struct duban_error *err);

/* The index in v[0..n) of the target whose key is key, or -1. */
long target_find_key(const struct target *v, size_t n, const char *key);

/* Whether actual meets t: above the figure for >, at least it for >= and
 * = (a plain figure is a floor to reach; a range is met from its low end),
 * at most or below it for <= and <. */
bool target_met(const struct target *t, double actual);

/* Writes t in the syntax above into buf (size bytes, truncated if short).
 * Returns the length it needed, like snprintf. */
int target_format(const struct target *t, char *buf, size_t size);

#endif
