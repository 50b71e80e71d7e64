/*
 * table — the plan: every item of items.csv, in memory.
 *
 * items.csv is UTF-8 CSV (RFC 4180) with a header row naming these columns,
 * in any order, each exactly once:
 *
 *   id section section_title subsection subsection_title text leaders
 *   lead_units participants deadline deadline_text targets
 *
 * Multi-valued fields (leaders, lead_units, participants) hold one name per
 * entry separated by ";".  The deadline is an ISO date or empty (no fixed
 * deadline); targets follow the syntax in target.h.  A loaded table owns all
 * its memory in one arena.
 */
#ifndef DUBAN_TABLE_H
#define DUBAN_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/target.h"

/* A list of names, e.g. the lead units of an item. */
struct names {
	const char **v;
	size_t n;
};

struct item {
	long id;			/* the number in the plan, unique, > 0 */
	int section;			/* 一、 → 1; 0 when the plan has none */
	const char *section_title;
	int subsection;			/* （一） → 1 within its section; 0 if none */
	const char *subsection_title;
	const char *text;		/* the task text, exactly as the document */
	struct names leaders;		/* 牵头领导 */
	struct names lead_units;	/* 责任单位 */
	struct names participants;	/* 参加单位 */
	date_t deadline;		/* last day; DATE_NONE when open-ended */
	const char *deadline_text;	/* as the document wrote it */
	struct target *targets;
	size_t ntargets;
	long line;			/* where the item starts in items.csv */
	const char *key;		/* the key column's value; NULL without */
};

/* The columns, in the order duban writes them. */
enum column {
	COL_ID, COL_SECTION, COL_SECTION_TITLE, COL_SUBSECTION,
	COL_SUBSECTION_TITLE, COL_TEXT, COL_LEADERS, COL_LEAD_UNITS,
	COL_PARTICIPANTS, COL_DEADLINE, COL_DEADLINE_TEXT, COL_TARGETS,
	COL_COUNT
};

/* The largest section (or subsection) number items.csv takes. */
#define TABLE_SECTION_MAX 999

/* The header name of column c, e.g. "lead_units". */
const char *column_name(enum column c);

/* Most items a plan may hold: far beyond any real plan and above the
 * million of make bench, and small enough that ids and counts never
 * overflow.  The fields and records of items.csv have the limits of
 * csvread.h. */
#define TABLE_ITEMS_MAX 10000000L

/* A slot of the id lookup: the id beside the item's position, so that a
 * probe need not reach into the items, which are large and far apart. */
struct table_slot {
	long id;
	size_t pos;		/* position + 1; 0 when empty */
};

struct table {
	struct item *items;	/* in file order */
	size_t n;
	size_t cap;
	struct table_slot *index;	/* open-addressed hash of the ids */
	size_t index_cap;	/* a power of two, or 0 */
	struct arena arena;	/* every string and list of the items */
	size_t max_items;	/* most items a load takes; 0 means
				 * TABLE_ITEMS_MAX (tests set a small one) */
	const struct item **by_key;	/* the items sorted by key, when
					 * items.csv has a key column */
};

/* An empty table. */
#define TABLE_INIT { NULL, 0, 0, NULL, 0, ARENA_INIT, 0, NULL }

/* Loads the items.csv file at path (called name in errors) into t, which
 * must be empty.  Returns 0, or -1 with err filled with the file, line and
 * what is wrong; t is then empty again.  A plan of more items than
 * t->max_items (TABLE_ITEMS_MAX) is refused at the first one too many. */
int table_load_file(struct table *t, const char *path, const char *name,
		    struct duban_error *err);

/* The same from the n bytes at buf (the copy of the plan built into duban). */
int table_load_buffer(struct table *t, const char *buf, size_t n,
		      const char *name, struct duban_error *err);

/* Makes table_find() and, when keys, table_find_key() work on the t->n
 * items a caller put in t->items (a plan read back from the index): builds
 * the lookups.  Returns 0; 1 when two items share an id or a key, an id is
 * not positive or an item lacks its key (then no plan: release t); -1
 * (err) when memory runs out. */
int table_index_items(struct table *t, bool keys, struct duban_error *err);

/* The item with this id, or NULL. */
const struct item *table_find(const struct table *t, long id);

/* items.csv may have a column "key": a name for each item that stays with
 * it when the plan is revised and items are renumbered, so that records,
 * which then name items by key, follow the item rather than the number.
 * Keys are unique, not empty, at most TABLE_KEY_MAX bytes, without control
 * characters.  The column starts as a copy of id. */
#define TABLE_KEY_COLUMN "key"
#define TABLE_KEY_MAX 64

/* The item whose key is key, or NULL (always NULL without a key column). */
const struct item *table_find_key(const struct table *t, const char *key);

struct strbuf;

/* Appends the header row of items.csv, the columns in enum column order,
 * LF-ended, to out.  Returns 0, or -1 out of memory. */
int table_write_header(struct strbuf *out);

/* Appends item it to out as one row of items.csv, LF-ended: lists joined
 * with ";", the deadline as YYYY-MM-DD or empty, and targets (the targets
 * column as target.h writes it; NULL for none) as given.  Returns 0, or -1
 * out of memory. */
int table_write_row(struct strbuf *out, const struct item *it,
		    const char *targets);

/* Frees everything t holds; t is empty afterwards (max_items is kept). */
void table_release(struct table *t);

#endif
