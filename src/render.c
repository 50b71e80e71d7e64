#include "duban/render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/strbuf.h"
#include "duban/text.h"

/* Columns between two table columns (one when space is short). */
#define GAP 2
/* The task is never narrowed below this many columns: 12 CJK characters. */
#define ELASTIC_MIN 24
/* Names are wrapped to this before the task goes below a third. */
#define NAMES_COMFORT 20
/* Nor below this, when space is short: names are broken, 4 characters a
 * line. */
#define NAMES_MIN 8
/* A bar is narrowed to this, then left out. */
#define BAR_MIN 10
/* A line of the task may end this many columns short, to end after
 * punctuation. */
#define TASK_SLACK 6
/* A record's values go beside their titles when they have this many
 * columns there, else under them. */
#define RECORD_MIN 10

int format_parse(const char *s, enum format *out)
{
	static const char *const names[] = { "table", "csv", "tsv", "json" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	return -1;
}

/* --- building the text of a cell ---------------------------------------- */


/* The text of c, lists joined by sep, into b (emptied first). */
static int cell_text(struct strbuf *b, const struct cell *c, const char *sep)
{
	char tmp[512];

	if (sb_reset(b))
		return -1;
	switch (c->kind) {
	case CELL_TEXT:
		return sb_puts(b, c->text ? c->text : "");
	case CELL_INT:
	case CELL_BAR:
		snprintf(tmp, sizeof(tmp), "%ld", c->num);
		return sb_puts(b, tmp);
	case CELL_DATE:
		return sb_puts(b, date_format(c->date, tmp));
	case CELL_NAMES:
		for (size_t i = 0; i < c->names->n; i++)
			if ((i && sb_puts(b, sep)) || sb_puts(b, c->names->v[i]))
				return -1;
		return 0;
	case CELL_TARGETS:
		for (size_t i = 0; i < c->ntargets; i++) {
			int n = target_format(&c->targets[i], tmp, sizeof(tmp));

			if ((i && sb_puts(b, sep)) ||
			    sb_add(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1))
				return -1;
		}
		return 0;
	}
	return 0;
}

/* --- CSV and TSV --------------------------------------------------------- */

static void tsv_put_field(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\\': fputs("\\\\", out); break;
		default: putc(*s, out);
		}
	}
}

static void put_delimited(struct render *r, const char *s)
{
	if (r->format == FORMAT_CSV)
		csv_put_field(r->out, s);
	else
		tsv_put_field(r->out, s);
}

static void delimited_header(struct render *r)
{
	bool first = true;

	for (size_t i = 0; i < r->nfields; i++) {
		if (!(r->fields[i].flags & FIELD_MACHINE))
			continue;
		if (!first)
			putc(r->format == FORMAT_CSV ? ',' : '\t', r->out);
		put_delimited(r, r->fields[i].key);
		first = false;
	}
	putc('\n', r->out);
}

static int delimited_row(struct render *r, const struct cell *cells,
			 struct strbuf *b)
{
	bool first = true;

	for (size_t i = 0; i < r->nfields; i++) {
		if (!(r->fields[i].flags & FIELD_MACHINE))
			continue;
		if (cell_text(b, &cells[i], ";"))
			return -1;
		if (!first)
			putc(r->format == FORMAT_CSV ? ',' : '\t', r->out);
		put_delimited(r, b->s);
		first = false;
	}
	putc('\n', r->out);
	return 0;
}

/* --- JSON ---------------------------------------------------------------- */

static void json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);
		}
	}
	putc('"', out);
}

static void json_date(FILE *out, date_t d)
{
	char buf[DATE_BUFSIZE];

	if (d == DATE_NONE)
		fputs("null", out);
	else
		json_string(out, date_format(d, buf));
}

static void json_target(FILE *out, const struct target *t)
{
	char text[512];

	target_format(t, text, sizeof(text));
	fputs("{\"text\":", out);
	json_string(out, text);
	fputs(",\"subject\":", out);
	json_string(out, t->subject);
	fputs(",\"op\":", out);
	json_string(out, target_op_symbol(t->op));
	fprintf(out, ",\"value\":%s,\"value_max\":%s,\"unit\":", t->figure,
		t->figure_max ? t->figure_max : t->figure);
	json_string(out, t->unit);
	fputs(",\"by\":", out);
	json_date(out, t->by);
	putc('}', out);
}

static void json_value(FILE *out, const struct cell *c)
{
	switch (c->kind) {
	case CELL_TEXT:
		json_string(out, c->text ? c->text : "");
		break;
	case CELL_INT:
	case CELL_BAR:
		fprintf(out, "%ld", c->num);
		break;
	case CELL_DATE:
		json_date(out, c->date);
		break;
	case CELL_NAMES:
		putc('[', out);
		for (size_t i = 0; i < c->names->n; i++) {
			if (i)
				putc(',', out);
			json_string(out, c->names->v[i]);
		}
		putc(']', out);
		break;
	case CELL_TARGETS:
		putc('[', out);
		for (size_t i = 0; i < c->ntargets; i++) {
			if (i)
				putc(',', out);
			json_target(out, &c->targets[i]);
		}
		putc(']', out);
		break;
	}
}

static void json_row(struct render *r, const struct cell *cells)
{
	bool first = true;

	fputs(r->rows ? ",\n{" : "[\n{", r->out);
	for (size_t i = 0; i < r->nfields; i++) {
		if (!(r->fields[i].flags & FIELD_MACHINE))
			continue;
		if (!first)
			putc(',', r->out);
		json_string(r->out, r->fields[i].key);
		putc(':', r->out);
		json_value(r->out, &cells[i]);
		first = false;
	}
	putc('}', r->out);
}

/* --- the terminal table --------------------------------------------------- */

/* How a column takes the width it is given. */
enum column_kind {
	COL_WRAP,	/* text and names: wrapped, between names while it can */
	COL_WHOLE,	/* numbers, dates and labels: never cut nor wrapped */
	COL_ELASTIC,	/* the task: the width left over, wrapped */
	COL_BAR,	/* a bar, drawn to the width of its column */
};

static enum column_kind column_kind(const struct field *f, const struct cell *c)
{
	if (f->flags & FIELD_ELASTIC)
		return COL_ELASTIC;
	if (c->kind == CELL_BAR)
		return COL_BAR;
	if ((f->flags & FIELD_WHOLE) || c->kind == CELL_INT || c->kind == CELL_DATE)
		return COL_WHOLE;
	return COL_WRAP;
}

/* Control characters would break the layout: show them as spaces. */
static void flatten(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* s, or a copy of it in r's arena with what must not reach a terminal
 * raw (text_unsafe_len) replaced; NULL out of memory. */
static char *defused(struct render *r, char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;
	bool unsafe = false;

	for (const char *p = s; *p && !unsafe; p++)
		unsafe = text_unsafe_len(p) > 0;
	if (!unsafe)
		return s;
	out = text_defuse(s, &sb) ? NULL
	      : arena_strndup(&r->arena, sb.s ? sb.s : "", sb.len);
	sb_release(&sb);
	return out;
}

static const char name_sep[] = "、";

/* The width a column of names needs for no name of s to be broken, or, a
 * name being wider than NAMES_COMFORT, to be broken into no more lines
 * than at NAMES_COMFORT, of about equal width (text_fill). */
static size_t names_need(const char *s)
{
	size_t piece = text_widest_piece(s), lines;

	if (piece <= NAMES_COMFORT)
		return piece;
	lines = (piece + NAMES_COMFORT - 1) / NAMES_COMFORT;
	return (piece + lines - 1) / lines;
}

static int table_row(struct render *r, const struct cell *cells,
		     struct strbuf *b)
{
	size_t base = r->rows * r->nfields;

	if (!r->kinds) {
		if (!(r->kinds = mem_calloc(r->nfields, 1)) ||
		    !(r->pieces = mem_calloc(r->nfields, sizeof(size_t))))
			return -1;
		for (size_t i = 0; i < r->nfields; i++)
			r->kinds[i] = (unsigned char)column_kind(&r->fields[i],
								 &cells[i]);
	}
	if (mem_grow((void **)&r->cells, &r->cap, base + r->nfields,
		     sizeof(char *)) ||
	    mem_grow((void **)&r->lights, &r->lights_cap, base + r->nfields, 1))
		return -1;
	for (size_t i = 0; i < r->nfields; i++) {
		char *s = NULL;

		if ((r->fields[i].flags & FIELD_TABLE)) {
			size_t piece;

			if (cell_text(b, &cells[i], name_sep) ||
			    !(s = arena_strndup(&r->arena, b->s, b->len)))
				return -1;
			flatten(s);
			if (!(s = defused(r, s)))
				return -1;
			piece = r->kinds[i] == COL_WRAP ? names_need(s) : 0;
			if (piece > r->pieces[i])
				r->pieces[i] = piece;
		}
		r->cells[base + i] = s;
		r->lights[base + i] = cells[i].has_light ? (signed char)cells[i].light : -1;
	}
	return 0;
}

/* A column of the table as laid out. */
struct col {
	const char *title;	/* translated */
	size_t w;		/* the width it is given */
	size_t content;		/* its widest cell */
	size_t piece;		/* what its names need (COL_WRAP: names_need) */
	size_t title_w;		/* its title's width */
	size_t title_floor;	/* its title's widest word */
	enum column_kind kind;
	bool right;		/* right-aligned */
	bool shown;
};

struct layout {
	struct col *c;	/* one a field */
	size_t n;
	size_t width;		/* of the terminal; 0 for no limit */
	size_t gap;		/* columns between two columns */
};

/* The widest word of a title, its words separated by blanks. */
static size_t widest_word(const char *s)
{
	size_t widest = 0;

	while (*s) {
		size_t len = strcspn(s, " "), w = text_nwidth(s, len);

		if (w > widest)
			widest = w;
		s += len;
		s += strspn(s, " ");
	}
	return widest;
}

static size_t layout_total(const struct layout *l)
{
	size_t total = 0, shown = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->c[i].shown) {
			total += l->c[i].w;
			shown++;
		}
	return total + (shown ? l->gap * (shown - 1) : 0);
}

/* The steps of fitting a table that is too wide, in order: each narrows
 * some columns, as far as needed and no further than its floor. */
enum step {
	STEP_TASK_THIRD,	/* the task, to a third of the width */
	STEP_TITLES,		/* titles wrap at their blanks */
	STEP_BAR,		/* a bar, to BAR_MIN */
	STEP_NAMES_COMFORT,	/* names, to NAMES_COMFORT */
	STEP_NAMES_WHOLE,	/* names, as far as none is broken (names_need) */
	STEP_TASK_MIN,		/* the task, to ELASTIC_MIN */
	STEP_NAMES_MIN,		/* names, to NAMES_MIN: names broken */
};

static size_t max_of(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* How far step narrows c on a terminal width columns wide: SIZE_MAX when
 * it leaves c alone; never below the widest word of its title. */
static size_t step_floor(const struct col *c, enum step step, size_t width)
{
	size_t f = SIZE_MAX;

	switch (step) {
	case STEP_TASK_THIRD:
		if (c->kind == COL_ELASTIC)
			f = max_of(width / 3, ELASTIC_MIN);
		break;
	case STEP_TITLES:
		f = c->content;
		break;
	case STEP_BAR:
		if (c->kind == COL_BAR)
			f = BAR_MIN;
		break;
	case STEP_NAMES_COMFORT:
		if (c->kind == COL_WRAP)
			f = NAMES_COMFORT;
		break;
	case STEP_TASK_MIN:
		if (c->kind == COL_ELASTIC)
			f = ELASTIC_MIN;
		break;
	case STEP_NAMES_WHOLE:
		if (c->kind == COL_WRAP)
			f = c->piece;
		break;
	case STEP_NAMES_MIN:
		if (c->kind == COL_WRAP)
			f = NAMES_MIN;
		break;
	}
	return max_of(f, c->title_floor);
}

/* Narrows the columns step narrows, the widest first, one column at a
 * time, until the table fits or none can go further.  Returns the new
 * total width. */
static size_t narrow(struct layout *l, enum step step, size_t total)
{
	while (total > l->width) {
		size_t widest = l->n;

		for (size_t i = 0; i < l->n; i++)
			if (l->c[i].shown &&
			    l->c[i].w > step_floor(&l->c[i], step, l->width) &&
			    (widest == l->n || l->c[i].w > l->c[widest].w))
				widest = i;
		if (widest == l->n)
			break;
		l->c[widest].w--;
		total--;
	}
	return total;
}

/* Gives every shown column its natural width; returns the total. */
static size_t natural_widths(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->c[i].w = max_of(l->c[i].title_w, l->c[i].content);
	return layout_total(l);
}

/* Lays the table out in l->width: true, or false when even its narrowest
 * layout is wider (then it is printed as records).  The steps in order
 * (enum step) up to the task at its narrowest; if that is not enough, a
 * bar is left out and the steps taken again; then again with gaps of one
 * column; then names are broken. */
static bool fit(struct layout *l)
{
	size_t total = 0;

	for (l->gap = GAP; l->gap > 0; l->gap--) {
		for (;;) {
			size_t bar = l->n;

			total = natural_widths(l);
			if (!l->width || total <= l->width)
				return true;
			for (int s = STEP_TASK_THIRD; s <= STEP_TASK_MIN; s++)
				total = narrow(l, (enum step)s, total);
			if (total <= l->width)
				return true;
			for (size_t i = 0; i < l->n; i++)
				if (l->c[i].shown && l->c[i].kind == COL_BAR)
					bar = i;
			if (bar == l->n)
				break;
			l->c[bar].shown = false;
		}
	}
	l->gap = 1;
	return narrow(l, STEP_NAMES_MIN, total) <= l->width;
}

/* How many columns a wrapped line of a column of kind may leave empty to
 * break after punctuation instead (text_fill). */
static size_t slack_of(enum column_kind kind, size_t w)
{
	if (kind == COL_WRAP)
		return SIZE_MAX;	/* names stay whole while they can */
	return w / 4 < TASK_SLACK ? w / 4 : TASK_SLACK;
}

/* The text of one cell as printed, in lines. */
struct wrapped {
	const char *s;
	struct text_line *v;
	size_t cap;
	long n;
	const struct text_line *seg;	/* the line being printed, or NULL */
	struct strbuf bar;	/* a bar's blocks */
};

/* A bar of percent out of 100 in block characters, width columns for
 * 100%, eighths at its end. */
static int draw_bar(const char *percent, size_t width, struct strbuf *b)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	long p = strtol(percent, NULL, 10);
	size_t units;

	p = p < 0 ? 0 : p > 100 ? 100 : p;
	units = (size_t)p * width * 8 / 100;
	if (sb_reset(b))
		return -1;
	for (size_t i = 0; i < units / 8; i++)
		if (sb_puts(b, "█"))
			return -1;
	return sb_puts(b, eighths[units % 8]);
}

/* Sets wr to s in a column of kind, w columns wide (0: on one line). */
static int wrap_cell(struct wrapped *wr, const char *s, enum column_kind kind,
		     size_t w)
{
	size_t len = strlen(s);

	wr->s = s;
	if (kind == COL_BAR) {
		if (draw_bar(s, w && w < RENDER_BAR_WIDTH ? w : RENDER_BAR_WIDTH,
			     &wr->bar))
			return -1;
		wr->s = wr->bar.s ? wr->bar.s : "";
		len = wr->bar.len;
	}
	if (mem_grow((void **)&wr->v, &wr->cap, len + 1, sizeof(*wr->v)))
		return -1;
	if (kind == COL_WHOLE || kind == COL_BAR || w == 0) {
		wr->v[0] = (struct text_line){ 0, len };
		wr->n = len > 0;
		return 0;
	}
	wr->n = text_fill(wr->s, w, slack_of(kind, w), wr->v, wr->cap);
	return wr->n < 0 ? -1 : 0;
}

/* The widest line of wr. */
static size_t wrapped_width(const struct wrapped *wr)
{
	size_t widest = 0;

	for (long k = 0; k < wr->n; k++) {
		size_t w = text_nwidth(wr->s + wr->v[k].start, wr->v[k].len);

		if (w > widest)
			widest = w;
	}
	return widest;
}

/* After fit(): a wrapped column takes only the width its lines need, and
 * the task what is left, up to its natural width. */
static int settle(const struct render *r, struct layout *l,
		  struct wrapped *wr)
{
	size_t total = layout_total(l);

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < l->n; i++) {
			struct col *c = &l->c[i];
			size_t used;

			if (!c->shown || c->w >= c->content ||
			    c->kind != (pass ? COL_ELASTIC : COL_WRAP))
				continue;
			if (pass && l->width > total) {
				size_t more = l->width - total;

				if (more > c->content - c->w)
					more = c->content - c->w;
				c->w += more;
				total += more;
				if (c->w >= c->content)
					continue;
			}
			if (wrap_cell(wr, c->title, COL_WRAP, c->w))
				return -1;
			used = wrapped_width(wr);
			for (size_t row = 0; row < r->rows; row++) {
				if (wrap_cell(wr, r->cells[row * r->nfields + i],
					      c->kind, c->w))
					return -1;
				used = max_of(used, wrapped_width(wr));
			}
			total -= c->w - used;
			c->w = used;
		}
	}
	return 0;
}

static void put_spaces(FILE *out, size_t n)
{
	while (n--)
		putc(' ', out);
}

/* ANSI colours of the lights: green, blue, yellow, red (health.h). */
static const char *const light_colors[] = { "\033[32m", "\033[34m",
					    "\033[33m", "\033[31m" };

static bool has_color(const struct render *r, const signed char *lights,
		      size_t i)
{
	return r->color && lights && lights[i] >= 0 && lights[i] < 4;
}

/* Prints line k of a row whose cells are wrapped in wr[]; a header is
 * aligned on its last line, height lines high.  The last column with
 * something on the line ends it: no trailing blanks. */
static void table_line(struct render *r, const struct layout *l,
		       struct wrapped *wr, const signed char *lights,
		       long k, long height, bool header)
{
	size_t last = l->n;
	bool first = true;

	for (size_t i = 0; i < l->n; i++) {
		long at = header ? k - (height - wr[i].n) : k;

		wr[i].seg = l->c[i].shown && at >= 0 && at < wr[i].n ? &wr[i].v[at]
								    : NULL;
		if (wr[i].seg && wr[i].seg->len)
			last = i;
	}
	if (header && r->color)
		fputs("\033[1m", r->out);
	for (size_t i = 0; last < l->n && i <= last; i++) {
		const struct col *c = &l->c[i];
		const struct text_line *seg = wr[i].seg;
		size_t w = seg ? text_nwidth(wr[i].s + seg->start, seg->len) : 0;

		if (!c->shown)
			continue;
		if (!first)
			put_spaces(r->out, l->gap);
		first = false;
		if (c->right)
			put_spaces(r->out, c->w > w ? c->w - w : 0);
		if (seg && seg->len) {
			if (has_color(r, lights, i))
				fputs(light_colors[lights[i]], r->out);
			fwrite(wr[i].s + seg->start, 1, seg->len, r->out);
			if (has_color(r, lights, i))
				fputs("\033[0m", r->out);
		}
		if (!c->right && i != last)
			put_spaces(r->out, c->w > w ? c->w - w : 0);
	}
	if (header && r->color)
		fputs("\033[0m", r->out);
	putc('\n', r->out);
}

/* Prints the header and every row as laid out in l. */
static int print_table(struct render *r, const struct layout *l,
		       struct wrapped *wr)
{
	long height = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->c[i].shown &&
		    wrap_cell(&wr[i], l->c[i].title, COL_WRAP, r->width ? l->c[i].w : 0))
			return -1;
		if (wr[i].n > height)
			height = wr[i].n;
	}
	for (long k = 0; k < height; k++)
		table_line(r, l, wr, NULL, k, height, true);
	for (size_t row = 0; row < r->rows; row++) {
		const char *const *cells = r->cells + row * r->nfields;

		height = 1;
		for (size_t i = 0; i < l->n; i++) {
			if (l->c[i].shown &&
			    wrap_cell(&wr[i], cells[i], l->c[i].kind,
				      r->width ? l->c[i].w : 0))
				return -1;
			if (wr[i].n > height)
				height = wr[i].n;
		}
		for (long k = 0; k < height; k++)
			table_line(r, l, wr, r->lights + row * r->nfields, k,
				   height, false);
	}
	return 0;
}

/* Prints every row as a record: a line a field, its title first, the
 * value wrapped beside it; a blank line between two rows.  On a terminal
 * too narrow for a value of RECORD_MIN columns beside the titles, each
 * value goes under its title, indented by GAP. */
static int print_records(struct render *r, const struct layout *l,
			 struct wrapped *wr)
{
	size_t label = 0, indent, vw;
	bool under;

	for (size_t i = 0; i < l->n; i++)
		if (l->c[i].shown && l->c[i].title_w > label)
			label = l->c[i].title_w;
	under = r->width < label + GAP + RECORD_MIN;
	indent = under ? GAP : label + GAP;
	vw = r->width > indent ? r->width - indent : 1;
	for (size_t row = 0; row < r->rows; row++) {
		const char *const *cells = r->cells + row * r->nfields;
		const signed char *lights = r->lights + row * r->nfields;

		if (row)
			putc('\n', r->out);
		for (size_t i = 0; i < l->n; i++) {
			const struct col *c = &l->c[i];

			if (!c->shown)
				continue;
			if (wrap_cell(&wr[i], cells[i], c->kind, vw))
				return -1;
			fprintf(r->out, r->color ? "\033[1m%s\033[0m" : "%s", c->title);
			for (long k = 0; k < wr[i].n; k++) {
				if (k || under) {
					putc('\n', r->out);
					put_spaces(r->out, indent);
				} else {
					put_spaces(r->out, indent - c->title_w);
				}
				if (has_color(r, lights, i))
					fputs(light_colors[lights[i]], r->out);
				fwrite(wr[i].s + wr[i].v[k].start, 1, wr[i].v[k].len, r->out);
				if (has_color(r, lights, i))
					fputs("\033[0m", r->out);
			}
			putc('\n', r->out);
		}
	}
	return 0;
}

/* Whether a filter asked for what field i shows in every row. */
static bool asked_everywhere(const struct render *r, size_t i)
{
	size_t rows = r->rows - (r->has_total ? 1 : 0);

	if (!r->asked || !r->asked[i] || rows == 0)
		return false;
	for (size_t row = 0; row < rows; row++)
		if (strcmp(r->cells[row * r->nfields + i], r->asked[i]) != 0)
			return false;
	return true;
}

static int table_print(struct render *r)
{
	struct layout l = { mem_calloc(r->nfields, sizeof(struct col)),
			    r->nfields, r->width, GAP };
	struct wrapped *wr = mem_calloc(r->nfields, sizeof(*wr));
	int rc = -1;

	if (!l.c || !wr)
		goto out;
	for (size_t i = 0; i < r->nfields; i++) {
		struct col *c = &l.c[i];

		c->shown = (r->fields[i].flags & FIELD_TABLE) &&
			   !asked_everywhere(r, i);
		if (!c->shown)
			continue;
		c->title = _(r->fields[i].title);
		c->title_w = text_width(c->title);
		c->title_floor = widest_word(c->title);
		c->kind = (enum column_kind)r->kinds[i];
		c->right = r->fields[i].flags & FIELD_RIGHT;
		c->piece = r->pieces[i];
		c->content = c->kind == COL_BAR ? RENDER_BAR_WIDTH : 0;
		for (size_t row = 0; row < r->rows && c->kind != COL_BAR; row++)
			c->content = max_of(c->content,
					    text_width(r->cells[row * r->nfields + i]));
	}
	if (!fit(&l))
		rc = print_records(r, &l, wr);
	else if (!settle(r, &l, wr))
		rc = print_table(r, &l, wr);
out:
	for (size_t i = 0; wr && i < r->nfields; i++) {
		mem_free(wr[i].v);
		sb_release(&wr[i].bar);
	}
	mem_free(wr);
	mem_free(l.c);
	return rc;
}

/* --- the interface -------------------------------------------------------- */

void render_begin(struct render *r, enum format format, FILE *out,
		  size_t width, bool color, const struct field *fields,
		  size_t n)
{
	*r = (struct render){ .format = format, .out = out, .width = width,
			      .color = color, .fields = fields, .nfields = n,
			      .arena = ARENA_INIT };
	if (format == FORMAT_CSV || format == FORMAT_TSV)
		delimited_header(r);
}

int render_row(struct render *r, const struct cell *cells)
{
	int rc = 0;

	if (r->failed)
		return -1;
	switch (r->format) {
	case FORMAT_TABLE:
		rc = table_row(r, cells, &r->scratch);
		break;
	case FORMAT_CSV:
	case FORMAT_TSV:
		rc = delimited_row(r, cells, &r->scratch);
		break;
	case FORMAT_JSON:
		json_row(r, cells);
		break;
	}
	if (rc) {
		r->failed = true;
		return -1;
	}
	r->rows++;
	return 0;
}

void render_ask(struct render *r, const char *key, const char *value)
{
	if (!value || r->format != FORMAT_TABLE || r->failed)
		return;
	if (!r->asked &&
	    !(r->asked = mem_calloc(r->nfields ? r->nfields : 1, sizeof(char *)))) {
		r->failed = true;
		return;
	}
	for (size_t i = 0; i < r->nfields; i++)
		if ((r->fields[i].flags & FIELD_TABLE) &&
		    strcmp(r->fields[i].key, key) == 0)
			r->asked[i] = value;
}

int render_total(struct render *r, const struct cell *cells)
{
	if (r->format != FORMAT_TABLE)
		return r->failed ? -1 : 0;
	if (render_row(r, cells))
		return -1;
	r->has_total = true;
	return 0;
}

int render_end(struct render *r)
{
	int rc = r->failed ? -1 : 0;

	if (!r->failed && r->format == FORMAT_TABLE && r->rows)
		rc = table_print(r);
	if (r->format == FORMAT_JSON)
		fputs(r->rows ? "\n]\n" : "[]\n", r->out);
	arena_release(&r->arena);
	mem_free(r->cells);
	mem_free(r->lights);
	r->lights = NULL;
	mem_free(r->kinds);
	mem_free(r->pieces);
	mem_free(r->asked);
	r->kinds = NULL;
	r->pieces = NULL;
	r->asked = NULL;
	sb_release(&r->scratch);
	r->cells = NULL;
	if (ferror(r->out))
		rc = -1;
	return rc;
}
