/*
 * book — an Excel workbook of tables, written whole or not at all.  See
 * book.h.
 *
 * libxlsxwriter writes the whole file at workbook_close(), by name: the
 * book is made on a temporary file beside the target, which the book
 * holds open, so that once libxlsxwriter has written it the descriptor
 * syncs and renames exactly what it wrote (store.h's file_commit()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "duban/book.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/text.h"

/* Column widths in Excel's units, about one per display column. */
enum {
	WIDTH_MIN = 6,
	WIDTH_TEXT_MAX = 30,
	WIDTH_LONG_MAX = 60,
	WIDTH_FILTER_BUTTON = 3,	/* the header's autofilter arrow */
	WIDTH_PADDING = 2,		/* beside the widest content */
	WIDTH_WRAP_SLACK = 4,		/* of a wrapped line, as fonts vary */
};

/* The height of a line of text at the default font, in points: rows of
 * wrapped text are given their height, as neither Excel nor LibreOffice
 * grows a row to its text when it opens a file. */
#define LINE_HEIGHT 15.0

/* Excel's standard colours for the lights, and their light tints for
 * statuses, by enum book_fill. */
static const lxw_color_t solid_colour[BOOK_FILL_COUNT] = {
	0, 0xFF0000, 0xFFFF00, 0x00B0F0, 0x00B050,
};
static const lxw_color_t tint_colour[BOOK_FILL_COUNT] = {
	0, 0xFFC7CE, 0xFFEB9C, 0xDDEBF7, 0xC6EFCE,
};

#define HEADER_COLOUR 0xD9D9D9

/* A cell format made once and shared, by what decides it. */
struct style {
	enum book_kind kind;
	enum book_fill fill;
	bool bold;
	bool unlocked;		/* editable on a protected sheet */
	char *unit;		/* a figure's unit; NULL for none */
	lxw_format *format;	/* owned by the workbook */
};

struct book {
	lxw_workbook *wb;
	int fd;			/* the temporary file, open until commit */
	char tmp[4096];
	char path[4096];
	struct style *styles;
	size_t nstyles, styles_cap;
	lxw_format *header_format, *title_format;

	/* the current sheet */
	lxw_worksheet *ws;
	const struct book_column *cols;
	size_t ncols;
	size_t *width;		/* widest content per column */
	size_t row_lines;	/* lines the row at hand needs */
	lxw_row_t row;		/* the next row to write */
	lxw_row_t header_row;
	lxw_row_t table_end;	/* the last row of the table */
	bool has_header, has_total;
	bool protect;		/* book_protect() */
};

static int lxw_failed(struct book *b, lxw_error e, struct duban_error *err)
{
	return error_set(err, b->path, 0, _("cannot make the workbook: %s"),
			 lxw_strerror(e));
}

int book_create(struct book **out, const char *path, struct duban_error *err)
{
	struct book *b = mem_calloc(1, sizeof(*b));

	if (!b)
		return error_nomem(err);
	if ((size_t)snprintf(b->path, sizeof(b->path), "%s", path) >= sizeof(b->path)) {
		mem_free(b);
		return error_set(err, path, 0, _("the path is too long"));
	}
	b->fd = file_temp_beside(path, b->tmp, sizeof(b->tmp), err);
	if (b->fd < 0) {
		mem_free(b);
		return -1;
	}
	b->wb = workbook_new(b->tmp);
	if (!b->wb) {
		book_discard(b);
		return error_nomem(err);
	}
	*out = b;
	return 0;
}

/* The number format of a kind; a figure's carries its unit as a literal,
 * which a unit holding a quote or backslash cannot be (it is then written
 * as text instead: see write_cell()). */
static void set_number_format(lxw_format *f, enum book_kind kind,
			      const char *unit)
{
	char nf[128];

	switch (kind) {
	case BOOK_DATE: format_set_num_format(f, "yyyy-mm-dd"); break;
	case BOOK_PERCENT: format_set_num_format(f, "0%"); break;
	case BOOK_INTEGER: format_set_num_format(f, "0"); break;
	case BOOK_FIGURE:
		if (unit && *unit &&
		    (size_t)snprintf(nf, sizeof(nf), "General\"%s\"", unit) < sizeof(nf))
			format_set_num_format(f, nf);
		break;
	default:
		/* text: "@" would make a number typed in later text too */
		break;
	}
}

static lxw_format *make_format(struct book *b, enum book_kind kind,
			       enum book_fill fill, bool bold, bool unlocked,
			       const char *unit)
{
	lxw_format *f = workbook_add_format(b->wb);

	if (!f)
		return NULL;
	if (unlocked)
		format_set_unlocked(f);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (kind == BOOK_TEXT || kind == BOOK_LONG_TEXT)
		format_set_text_wrap(f);
	if (kind == BOOK_LIGHT)
		format_set_align(f, LXW_ALIGN_CENTER);
	if (bold)
		format_set_bold(f);
	if (fill != BOOK_FILL_NONE) {
		format_set_pattern(f, LXW_PATTERN_SOLID);
		format_set_bg_color(f, kind == BOOK_LIGHT ? solid_colour[fill]
							  : tint_colour[fill]);
	}
	set_number_format(f, kind, unit);
	return f;
}

/* The shared format for a cell of kind with fill, bold in a total row,
 * with a figure's unit; NULL when memory runs out. */
static lxw_format *style_of(struct book *b, enum book_kind kind,
			    enum book_fill fill, bool bold, bool unlocked,
			    const char *unit)
{
	struct style *s;

	if (kind != BOOK_LIGHT && kind != BOOK_STATUS)
		fill = BOOK_FILL_NONE;
	if (kind != BOOK_FIGURE || (unit && !*unit))
		unit = NULL;
	for (size_t i = 0; i < b->nstyles; i++) {
		s = &b->styles[i];
		if (s->kind == kind && s->fill == fill && s->bold == bold &&
		    s->unlocked == unlocked &&
		    (s->unit == unit || (s->unit && unit && strcmp(s->unit, unit) == 0)))
			return s->format;
	}
	if (mem_grow((void **)&b->styles, &b->styles_cap, b->nstyles + 1,
		     sizeof(*b->styles)))
		return NULL;
	s = &b->styles[b->nstyles];
	*s = (struct style){ kind, fill, bold, unlocked, NULL, NULL };
	if ((unit && !(s->unit = mem_strndup(unit, strlen(unit)))) ||
	    !(s->format = make_format(b, kind, fill, bold, unlocked, unit))) {
		mem_free(s->unit);
		return NULL;
	}
	b->nstyles++;
	return s->format;
}

/* The lines text takes wrapped in a column capped at cap: each line of it
 * that is wider than the column is cut into lines a little narrower than
 * the column, as the fonts of the spreadsheet may be wider than ours. */
static size_t wrapped_lines(const char *s, size_t cap)
{
	size_t lines = 0;

	do {
		size_t n = strcspn(s, "\n"), w = text_nwidth(s, n);

		lines += w + WIDTH_PADDING <= cap ? 1
			 : (w + cap - WIDTH_WRAP_SLACK - 1) / (cap - WIDTH_WRAP_SLACK);
		s += n + (s[n] == '\n');
	} while (*s);
	return lines;
}

static size_t width_cap(enum book_kind kind)
{
	return kind == BOOK_LONG_TEXT ? WIDTH_LONG_MAX : WIDTH_TEXT_MAX;
}

/* What the cell shows, in display columns, as its column is sized. */
static size_t shown_width(const struct book_cell *c, enum book_kind kind)
{
	char buf[64];

	if (c->date != DATE_NONE)
		return 10;
	if (!c->has_number)
		return c->text ? text_widest_line(c->text) : 0;
	if (kind == BOOK_PERCENT)
		snprintf(buf, sizeof(buf), "%.0f%%", c->number);
	else
		snprintf(buf, sizeof(buf), "%.10g", c->number);
	return strlen(buf) + (c->unit ? text_width(c->unit) : 0);
}

static void note_width(struct book *b, size_t col, size_t w)
{
	if (w > b->width[col])
		b->width[col] = w;
}

/* Whether a figure's unit can go into its number format (see
 * set_number_format()). */
static bool unit_fits_format(const char *unit)
{
	return !unit || (strlen(unit) < 64 && !strpbrk(unit, "\"\\"));
}

static lxw_error write_number(struct book *b, lxw_col_t col,
			      const struct book_cell *c, enum book_kind kind,
			      lxw_format *f)
{
	double x = kind == BOOK_PERCENT ? c->number / 100 : c->number;

	return worksheet_write_number(b->ws, b->row, col, x, f);
}

/* Writes one cell at (b->row, col).  Returns 0, or -1 with err filled. */
static int write_cell(struct book *b, lxw_col_t col, const struct book_cell *c,
		      bool bold, struct duban_error *err)
{
	enum book_kind kind = b->cols[col].kind;
	lxw_format *f;
	lxw_error e;

	if (c->date == DATE_NONE && c->has_number && !unit_fits_format(c->unit)) {
		/* a unit no number format can quote: the figure as text */
		char text[192];

		snprintf(text, sizeof(text), "%.10g%s", c->number, c->unit);
		return write_cell(b, col, &BOOK_TEXT_CELL(text), bold, err);
	}
	f = style_of(b, c->date != DATE_NONE ? BOOK_DATE
			: c->has_number ? kind
			: kind == BOOK_DATE || kind == BOOK_PERCENT ||
			  kind == BOOK_INTEGER || kind == BOOK_FIGURE ? BOOK_TEXT
			: kind, c->fill, bold,
		     b->cols[col].input != BOOK_INPUT_NONE && !c->locked,
		     c->unit);
	if (!f)
		return error_nomem(err);
	if (c->date != DATE_NONE) {
		lxw_datetime dt = { 0 };

		date_to_ymd(c->date, &dt.year, &dt.month, &dt.day);
		e = worksheet_write_datetime(b->ws, b->row, col, &dt, f);
	} else if (c->has_number) {
		e = write_number(b, col, c, kind, f);
	} else if (c->text && *c->text) {
		/* a string, never a formula, whatever it starts with */
		e = worksheet_write_string(b->ws, b->row, col, c->text, f);
		if ((kind == BOOK_TEXT || kind == BOOK_LONG_TEXT) &&
		    wrapped_lines(c->text, width_cap(kind)) > b->row_lines)
			b->row_lines = wrapped_lines(c->text, width_cap(kind));
	} else {
		e = worksheet_write_blank(b->ws, b->row, col, f);
	}
	if (e != LXW_NO_ERROR)
		return lxw_failed(b, e, err);
	note_width(b, col, shown_width(c, kind));
	return 0;
}

/* Sizes the columns of the current sheet to their content, capped. */
static int size_columns(struct book *b, struct duban_error *err)
{
	for (size_t i = 0; i < b->ncols; i++) {
		size_t cap = width_cap(b->cols[i].kind);
		size_t w = b->width[i] + WIDTH_PADDING;
		lxw_error e;

		if (w > cap)
			w = cap;
		if (w < WIDTH_MIN)
			w = WIDTH_MIN;
		e = worksheet_set_column(b->ws, (lxw_col_t)i, (lxw_col_t)i,
					 (double)w, NULL);
		if (e != LXW_NO_ERROR)
			return lxw_failed(b, e, err);
	}
	return 0;
}

/* Sets the current sheet up for printing: A4 landscape, one page wide,
 * the header row on every page, the page number in the footer. */
static int set_up_pages(struct book *b, struct duban_error *err)
{
	lxw_error e;

	worksheet_set_landscape(b->ws);
	worksheet_set_paper(b->ws, 9);		/* A4 */
	worksheet_fit_to_pages(b->ws, 1, 0);	/* 0: as many tall as it takes */
	worksheet_set_margins(b->ws, 0.4, 0.4, 0.6, 0.6);
	e = worksheet_repeat_rows(b->ws, b->header_row, b->header_row);
	if (e == LXW_NO_ERROR)
		e = worksheet_set_footer(b->ws, "&C&P / &N");
	return e == LXW_NO_ERROR ? 0 : lxw_failed(b, e, err);
}

/* Writes the header row, wide enough for each column's header. */
static int write_header(struct book *b, struct duban_error *err)
{
	if (!b->header_format) {
		b->header_format = workbook_add_format(b->wb);
		if (!b->header_format)
			return error_nomem(err);
		format_set_bold(b->header_format);
		format_set_border(b->header_format, LXW_BORDER_THIN);
		format_set_text_wrap(b->header_format);
		format_set_align(b->header_format, LXW_ALIGN_CENTER);
		format_set_align(b->header_format, LXW_ALIGN_VERTICAL_CENTER);
		format_set_pattern(b->header_format, LXW_PATTERN_SOLID);
		format_set_bg_color(b->header_format, HEADER_COLOUR);
	}
	for (size_t i = 0; i < b->ncols; i++) {
		lxw_error e = worksheet_write_string(b->ws, b->row, (lxw_col_t)i,
						     b->cols[i].header,
						     b->header_format);

		if (e != LXW_NO_ERROR)
			return lxw_failed(b, e, err);
		note_width(b, i, text_width(b->cols[i].header) + WIDTH_FILTER_BUTTON);
	}
	b->header_row = b->table_end = b->row++;
	b->has_header = true;
	return 0;
}

/* The statuses a fill-in cell offers, as the sheet's readers take them. */
static char *status_choices[] = {
	"未启动", "推进中", "已完成", "受阻", NULL,
};

/* The dropdown or check of an input column over the table's rows.  Its
 * words are the sheet's, Chinese as its headers are. */
static int validate_column(struct book *b, lxw_col_t col,
			   struct duban_error *err)
{
	lxw_data_validation dv;
	lxw_error e;

	memset(&dv, 0, sizeof(dv));
	dv.ignore_blank = LXW_VALIDATION_ON;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	dv.error_title = (char *)"填写有误";
	switch (b->cols[col].input) {
	case BOOK_INPUT_STATUS:
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = status_choices;
		dv.error_message = (char *)"请从下拉列表中选择：未启动、推进中、"
			"已完成或受阻";
		break;
	case BOOK_INPUT_PERCENT:
		dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = 0;
		dv.maximum_number = 100;
		dv.error_message = (char *)"请填写 0 到 100 之间的数";
		break;
	case BOOK_INPUT_NUMBER:
		dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = -1e15;
		dv.maximum_number = 1e15;
		dv.error_message = (char *)"请填写数字";
		break;
	default:
		return 0;
	}
	e = worksheet_data_validation_range(b->ws, b->header_row + 1, col,
					    b->table_end, col, &dv);
	return e == LXW_NO_ERROR ? 0 : lxw_failed(b, e, err);
}

/* Protects the current sheet, checks its input columns. */
static int protect_sheet(struct book *b, struct duban_error *err)
{
	lxw_protection opt;

	if (b->table_end > b->header_row)
		for (size_t i = 0; i < b->ncols; i++)
			if (validate_column(b, (lxw_col_t)i, err))
				return -1;
	memset(&opt, 0, sizeof(opt));
	opt.format_columns = opt.format_rows = 1;
	opt.autofilter = opt.sort = 1;
	worksheet_protect(b->ws, NULL, &opt);
	return 0;
}

int book_protect(struct book *b, struct duban_error *err)
{
	if (!b->ws)
		return error_set(err, b->path, 0, _("no sheet to protect"));
	b->protect = true;
	return 0;
}

/* Finishes the current sheet: its header if no row came, the frozen
 * header, the autofilter over the table, the protection, widths and
 * pages. */
static int finish_sheet(struct book *b, struct duban_error *err)
{
	lxw_error e;

	if (!b->ws)
		return 0;
	if (!b->has_header && write_header(b, err))
		return -1;
	worksheet_freeze_panes(b->ws, b->header_row + 1, 0);
	e = worksheet_autofilter(b->ws, b->header_row, 0, b->table_end,
				 (lxw_col_t)(b->ncols - 1));
	if (e != LXW_NO_ERROR)
		return lxw_failed(b, e, err);
	if ((b->protect && protect_sheet(b, err)) ||
	    size_columns(b, err) || set_up_pages(b, err))
		return -1;
	mem_free(b->width);
	b->width = NULL;
	b->ws = NULL;
	return 0;
}

int book_add_sheet(struct book *b, const char *name,
		   const struct book_column *cols, size_t ncols,
		   struct duban_error *err)
{
	lxw_error e;

	if (finish_sheet(b, err))
		return -1;
	if (ncols == 0 || ncols > LXW_COL_MAX)
		return error_set(err, b->path, 0, _("a sheet of %zu columns"), ncols);
	e = workbook_validate_sheet_name(b->wb, name);
	if (e != LXW_NO_ERROR)
		return error_set(err, b->path, 0, _("no sheet can be called \"%s\": %s"),
				 name, lxw_strerror(e));
	if (!(b->width = mem_calloc(ncols, sizeof(*b->width))) ||
	    !(b->ws = workbook_add_worksheet(b->wb, name)))
		return error_nomem(err);
	b->cols = cols;
	b->ncols = ncols;
	b->row = 0;
	b->has_header = b->has_total = b->protect = false;
	return 0;
}

/* Refuses a row where the current sheet cannot take it. */
static int check_sheet(struct book *b, bool table_row, struct duban_error *err)
{
	if (!b->ws)
		return error_set(err, b->path, 0, _("a row before any sheet"));
	if (b->has_total)
		return error_set(err, b->path, 0, _("a row after the total row"));
	if (!table_row && b->has_header)
		return error_set(err, b->path, 0, _("a title row after the header"));
	if (b->row >= LXW_ROW_MAX - 1)
		return error_set(err, b->path, 0, _("more rows than a sheet holds"));
	return 0;
}

int book_add_title_row(struct book *b, const char *const *texts, size_t n,
		       struct duban_error *err)
{
	if (check_sheet(b, false, err))
		return -1;
	if (!b->title_format && !(b->title_format = workbook_add_format(b->wb)))
		return error_nomem(err);
	for (size_t i = 0; i < n && i <= LXW_COL_MAX; i++) {
		lxw_error e = worksheet_write_string(b->ws, b->row, (lxw_col_t)i,
						     texts[i], b->title_format);

		if (e != LXW_NO_ERROR)
			return lxw_failed(b, e, err);
	}
	b->row++;
	return 0;
}

/* Writes a row of cells, after the header. */
static int write_row(struct book *b, const struct book_cell *cells, bool bold,
		     struct duban_error *err)
{
	lxw_error e = LXW_NO_ERROR;

	if (!b->has_header && write_header(b, err))
		return -1;
	b->row_lines = 1;
	for (size_t i = 0; i < b->ncols; i++)
		if (write_cell(b, (lxw_col_t)i, &cells[i], bold, err))
			return -1;
	if (b->row_lines > 1)
		e = worksheet_set_row(b->ws, b->row, LINE_HEIGHT * (double)b->row_lines,
				      NULL);
	if (e != LXW_NO_ERROR)
		return lxw_failed(b, e, err);
	b->row++;
	return 0;
}

int book_add_row(struct book *b, const struct book_cell *cells,
		 struct duban_error *err)
{
	if (check_sheet(b, true, err) || write_row(b, cells, false, err))
		return -1;
	b->table_end = b->row - 1;
	return 0;
}

int book_add_total_row(struct book *b, const struct book_cell *cells,
		       struct duban_error *err)
{
	if (check_sheet(b, true, err) || write_row(b, cells, true, err))
		return -1;
	b->has_total = true;
	return 0;
}

/* Frees what b holds but the workbook and the temporary file. */
static void free_book(struct book *b)
{
	for (size_t i = 0; i < b->nstyles; i++)
		mem_free(b->styles[i].unit);
	mem_free(b->styles);
	mem_free(b->width);
	mem_free(b);
}

int book_commit(struct book *b, struct duban_error *err)
{
	lxw_error e;
	int fd = b->fd;
	char tmp[sizeof(b->tmp)], path[sizeof(b->path)];

	if (finish_sheet(b, err)) {
		book_discard(b);
		return -1;
	}
	memcpy(tmp, b->tmp, sizeof(tmp));
	memcpy(path, b->path, sizeof(path));
	e = workbook_close(b->wb);	/* frees the workbook whatever happens */
	if (e != LXW_NO_ERROR)
		lxw_failed(b, e, err);
	free_book(b);
	if (e != LXW_NO_ERROR) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	return file_commit(fd, tmp, path, err);
}

void book_discard(struct book *b)
{
	if (!b)
		return;
	lxw_workbook_free(b->wb);	/* unwritten: nothing of it is wanted */
	close(b->fd);
	unlink(b->tmp);
	free_book(b);
}

enum book_fill book_light_fill(enum light l)
{
	switch (l) {
	case LIGHT_RED: return BOOK_FILL_RED;
	case LIGHT_YELLOW: return BOOK_FILL_YELLOW;
	case LIGHT_BLUE: return BOOK_FILL_BLUE;
	case LIGHT_GREEN: return BOOK_FILL_GREEN;
	case LIGHT_COUNT: break;
	}
	return BOOK_FILL_NONE;
}

enum book_fill book_status_fill(enum status s)
{
	switch (s) {
	case STATUS_BLOCKED: return BOOK_FILL_RED;
	case STATUS_DONE: return BOOK_FILL_GREEN;
	case STATUS_IN_PROGRESS: return BOOK_FILL_BLUE;
	default: return BOOK_FILL_NONE;
	}
}

enum book_fill book_standing_fill(enum standing s)
{
	switch (s) {
	case STANDING_OVERDUE: case STANDING_DONE_LATE: return BOOK_FILL_RED;
	case STANDING_BEHIND: return BOOK_FILL_YELLOW;
	case STANDING_DUE_SOON: return BOOK_FILL_BLUE;
	case STANDING_ON_SCHEDULE: case STANDING_DONE: return BOOK_FILL_GREEN;
	case STANDING_COUNT: break;
	}
	return BOOK_FILL_NONE;
}
