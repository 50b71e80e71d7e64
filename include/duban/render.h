/*
 * render — rows of typed cells out as an aligned table, CSV, TSV or JSON.
 *
 * A command describes its fields once (key, title, flags), then hands over
 * one row of cells at a time.  The machine formats stream each row out at
 * once; the table keeps the rows, measures every column by display width
 * (a CJK character counts two) and prints them aligned within the width
 * given, nothing cut:
 *
 *   - numbers, dates and FIELD_WHOLE labels are never cut nor wrapped;
 *   - the elastic column (the task) takes the width left over and wraps
 *     over as many lines as it needs, the other cells of those lines blank;
 *     it is narrowed to a third of the width, then no further than
 *     ELASTIC_MIN columns;
 *   - other text (names) wraps too, between names while it can, and is
 *     narrowed to whole names before the task goes below a third;
 *   - titles wrap at their blanks when a column is narrower than its title;
 *   - a bar is drawn to the width its column gets, and left out when the
 *     table does not fit with it;
 *   - then the gaps between columns narrow to one, then names are broken
 *     (into lines of about equal width);
 *   - a column a filter asked for (render_ask) is left out when every row
 *     shows what was asked;
 *   - when even that is too wide, each row is printed as a record, one
 *     line a field, labelled with the titles.
 *
 *   CSV   RFC 4180, a header of keys, lists joined with ";" as in items.csv
 *   TSV   a header of keys; tab, newline, CR and backslash escaped as \t \n \r \\
 *   JSON  an array of objects keyed by field key; lists as arrays, targets as
 *         objects, dates as "YYYY-MM-DD" or null
 */
#ifndef DUBAN_RENDER_H
#define DUBAN_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "duban/arena.h"
#include "duban/strbuf.h"
#include "duban/table.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_TSV, FORMAT_JSON };

/* Parses "table", "csv", "tsv" or "json".  Returns 0, or -1 if s is none. */
int format_parse(const char *s, enum format *out);

enum cell_kind { CELL_TEXT, CELL_INT, CELL_NAMES, CELL_TARGETS, CELL_DATE,
		 CELL_BAR };

/* One value of a row.  Strings are borrowed until render_row() returns. */
struct cell {
	enum cell_kind kind;
	const char *text;		/* CELL_TEXT */
	long num;			/* CELL_INT; CELL_BAR: a percent */
	const struct names *names;	/* CELL_NAMES */
	const struct target *targets;	/* CELL_TARGETS */
	size_t ntargets;
	date_t date;			/* CELL_DATE; DATE_NONE for none */
	bool has_light;			/* table: colour the cell by light */
	int light;			/* an enum light (health.h) */
};

#define CELL_TEXT_OF(s) ((struct cell){ .kind = CELL_TEXT, .text = (s) })
#define CELL_INT_OF(n) ((struct cell){ .kind = CELL_INT, .num = (n) })
#define CELL_NAMES_OF(l) ((struct cell){ .kind = CELL_NAMES, .names = (l) })
#define CELL_DATE_OF(d) ((struct cell){ .kind = CELL_DATE, .date = (d) })
#define CELL_BAR_OF(p) ((struct cell){ .kind = CELL_BAR, .num = (p) })
#define CELL_TARGETS_OF(t, n) \
	((struct cell){ .kind = CELL_TARGETS, .targets = (t), .ntargets = (n) })

/* Where a field shows, and how. */
#define FIELD_TABLE 1u		/* a column of the terminal table */
#define FIELD_MACHINE 2u	/* a field of CSV, TSV and JSON */
#define FIELD_ELASTIC 4u	/* takes the width left over, wrapped */
#define FIELD_RIGHT 8u		/* right-aligned (counts) */
#define FIELD_WHOLE 16u		/* never cut nor wrapped (a short label) */
#define FIELD_BOTH (FIELD_TABLE | FIELD_MACHINE)

struct field {
	const char *key;	/* machine name, e.g. "lead_units" */
	const char *title;	/* table header, marked N_() for translation */
	unsigned flags;
};

/* The width of a bar (CELL_BAR) in columns, when there is room for it. */
#define RENDER_BAR_WIDTH 20

struct render {
	enum format format;
	FILE *out;
	size_t width;		/* table width in columns; 0 for no limit */
	bool color;		/* bold headers on the terminal */
	const struct field *fields;
	size_t nfields;
	size_t rows;		/* rows rendered so far */
	struct arena arena;	/* table: the display text of every cell */
	const char **cells;	/* table: rows × nfields, row-major */
	size_t cap;
	signed char *lights;	/* table: each cell's light, or -1 */
	size_t lights_cap;
	unsigned char *kinds;	/* table: each field's kind of column */
	size_t *pieces;		/* table: the width each field's names need */
	const char **asked;	/* table: what a filter asked of each field */
	bool has_total;		/* table: the last row is a total */
	struct strbuf scratch;	/* the text of the cell at hand */
	bool failed;		/* memory ran out: render_end() says so */
};

/* Starts a rendering of fields[0..n) to out.  Nothing to free until
 * render_end(). */
void render_begin(struct render *r, enum format format, FILE *out,
		  size_t width, bool color, const struct field *fields,
		  size_t n);

/* Adds one row: cells[i] is the value of fields[i].  Returns 0, or -1 when
 * memory runs out (render_end() then fails too). */
int render_row(struct render *r, const struct cell *cells);

/* Says that a filter asked for value in the field keyed key: the table
 * leaves its column out when every row shows exactly value (names joined
 * by "、").  The machine formats keep every field.  value NULL asks
 * nothing; value is borrowed until render_end(). */
void render_ask(struct render *r, const char *key, const char *value);

/* Adds the row that closes the table, such as a total: only the table
 * shows it, after every row.  Returns as render_row() does. */
int render_total(struct render *r, const struct cell *cells);

/* Finishes: prints the table, or closes the JSON array, and frees what r
 * holds.  Returns 0, or -1 if memory ran out or writing to out failed. */
int render_end(struct render *r);

#endif
