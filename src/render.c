#include "duban/render.h"

#include <string.h>

#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/strbuf.h"
#include "duban/text.h"

/* Columns between two table columns. */
#define GAP 2
/* The elastic column is never cut below this many columns. */
#define ELASTIC_MIN 12
/* Other columns are cut to this before the text goes below a third. */
#define NAMES_COMFORT 20
/* Nor any other column below this, when space is short. */
#define COLUMN_MIN 6

static const char ellipsis[] = "…";

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

static int table_row(struct render *r, const struct cell *cells,
		     struct strbuf *b)
{
	size_t base = r->rows * r->nfields;

	if (mem_grow((void **)&r->cells, &r->cap, base + r->nfields,
		     sizeof(char *)) ||
	    mem_grow((void **)&r->lights, &r->lights_cap, base + r->nfields, 1))
		return -1;
	for (size_t i = 0; i < r->nfields; i++) {
		char *s = NULL;

		if ((r->fields[i].flags & FIELD_TABLE)) {
			if (cell_text(b, &cells[i], "、") ||
			    !(s = arena_strndup(&r->arena, b->s, b->len)))
				return -1;
			flatten(s);
			if (!(s = defused(r, s)))
				return -1;
		}
		r->cells[base + i] = s;
		r->lights[base + i] = cells[i].has_light ? (signed char)cells[i].light : -1;
	}
	return 0;
}

/* Narrows the elastic column down to floor; returns the new total. */
static size_t narrow_elastic(const struct render *r, size_t *w, size_t total,
			     size_t floor)
{
	for (size_t i = 0; i < r->nfields && total > r->width; i++) {
		size_t cut;

		if ((r->fields[i].flags & (FIELD_TABLE | FIELD_ELASTIC)) !=
		    (FIELD_TABLE | FIELD_ELASTIC) || w[i] <= floor)
			continue;
		cut = total - r->width;
		if (cut > w[i] - floor)
			cut = w[i] - floor;
		w[i] -= cut;
		total -= cut;
	}
	return total;
}

/* Narrows the widest other column, one column at a time, down to floor. */
static size_t narrow_others(const struct render *r, size_t *w, size_t total,
			    size_t floor)
{
	while (total > r->width) {
		size_t widest = r->nfields;

		for (size_t i = 0; i < r->nfields; i++)
			if ((r->fields[i].flags & FIELD_TABLE) &&
			    !(r->fields[i].flags & FIELD_ELASTIC) && w[i] > floor &&
			    (widest == r->nfields || w[i] > w[widest]))
				widest = i;
		if (widest == r->nfields)
			break;
		w[widest]--;
		total--;
	}
	return total;
}

/* Makes the table fit r->width, sharing the cuts out: the elastic column
 * (the task text) gives way first, down to a third of the width; then long
 * names, down to NAMES_COMFORT; then the text down to ELASTIC_MIN; then the
 * rest down to COLUMN_MIN.  Past that the table overflows. */
static void fit_widths(const struct render *r, size_t *w)
{
	size_t total = 0, shown = 0;

	for (size_t i = 0; i < r->nfields; i++)
		if (r->fields[i].flags & FIELD_TABLE) {
			total += w[i];
			shown++;
		}
	if (shown)
		total += GAP * (shown - 1);
	if (!r->width || total <= r->width)
		return;
	total = narrow_elastic(r, w, total,
			       r->width / 3 > ELASTIC_MIN ? r->width / 3 : ELASTIC_MIN);
	total = narrow_others(r, w, total, NAMES_COMFORT);
	total = narrow_elastic(r, w, total, ELASTIC_MIN);
	narrow_others(r, w, total, COLUMN_MIN);
}

static void put_spaces(FILE *out, size_t n)
{
	while (n--)
		putc(' ', out);
}

/* Prints s in a column of width w: cut with "…" if too wide, never
 * splitting a character; padded unless it is the last column. */
static void put_cell(FILE *out, const char *s, size_t w, bool right, bool last)
{
	size_t width = text_width(s), shown, len;

	if (width <= w) {
		if (right)
			put_spaces(out, w - width);
		fputs(s, out);
		if (!right && !last)
			put_spaces(out, w - width);
		return;
	}
	len = text_prefix_fitting(s, w ? w - 1 : 0, &shown);
	fwrite(s, 1, len, out);
	if (w) {
		fputs(ellipsis, out);
		shown++;
	}
	if (!last || right)
		put_spaces(out, w - shown);
}

/* ANSI colours of the lights: green, blue, yellow, red (health.h). */
static const char *const light_colors[] = { "\033[32m", "\033[34m",
					    "\033[33m", "\033[31m" };

static void table_line(struct render *r, const char *const *cells,
		       const signed char *lights, const size_t *w, bool header)
{
	size_t last = 0;
	bool first = true;

	/* The last column with something in it ends the line: no trailing
	 * blanks for empty cells. */
	for (size_t i = 0; i < r->nfields; i++)
		if ((r->fields[i].flags & FIELD_TABLE) && (*cells[i] || !last))
			last = i;
	if (header && r->color)
		fputs("\033[1m", r->out);
	for (size_t i = 0; i <= last; i++) {
		if (!(r->fields[i].flags & FIELD_TABLE))
			continue;
		if (!first)
			put_spaces(r->out, GAP);
		if (r->color && lights && lights[i] >= 0 && lights[i] < 4)
			fputs(light_colors[lights[i]], r->out);
		put_cell(r->out, cells[i], w[i], r->fields[i].flags & FIELD_RIGHT,
			 i == last);
		if (r->color && lights && lights[i] >= 0 && lights[i] < 4)
			fputs("\033[0m", r->out);
		first = false;
	}
	if (header && r->color)
		fputs("\033[0m", r->out);
	putc('\n', r->out);
}

static int table_print(struct render *r)
{
	size_t *w = mem_calloc(r->nfields, sizeof(size_t));
	const char **titles = mem_calloc(r->nfields, sizeof(char *));

	if (!w || !titles) {
		mem_free(w);
		mem_free(titles);
		return -1;
	}
	for (size_t i = 0; i < r->nfields; i++) {
		titles[i] = _(r->fields[i].title);
		w[i] = text_width(titles[i]);
	}
	for (size_t row = 0; row < r->rows; row++)
		for (size_t i = 0; i < r->nfields; i++) {
			const char *s = r->cells[row * r->nfields + i];
			size_t cw = s ? text_width(s) : 0;

			if (cw > w[i])
				w[i] = cw;
		}
	fit_widths(r, w);
	table_line(r, titles, NULL, w, true);
	for (size_t row = 0; row < r->rows; row++)
		table_line(r, r->cells + row * r->nfields,
			   r->lights + row * r->nfields, w, false);
	mem_free(w);
	mem_free(titles);
	return 0;
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
	sb_release(&r->scratch);
	r->cells = NULL;
	if (ferror(r->out))
		rc = -1;
	return rc;
}
