#include "duban/digest.h"
#include "duban/figure.h"
#include "duban/sheet.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/book.h"
#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/lexeme.h"
#include "duban/match.h"
#include "duban/mem.h"
#include "duban/target.h"
#include "duban/text.h"
#include "duban/xlsx.h"

/* The columns before the targets, and the fill-in columns after them. */
enum { COL_ID_, COL_ROLE, COL_TEXT_, COL_LEADERS_, COL_UNITS, COL_DEADLINE_,
       COL_STATUS, COL_PERCENT, COL_LAST_NOTE, FIXED_COLUMNS };
enum { FILL_STATUS, FILL_PERCENT, FILL_NOTE, FILL_COLUMNS };

static const char *const fixed_headers[FIXED_COLUMNS] = {
	"序号", "分工", "重点工作", "牵头领导", "责任单位", "完成时限",
	"当前状态", "当前进度(%)", "最近进展",
};
static const char *const fill_headers[FILL_COLUMNS] = {
	"本期状态", "本期进度(%)", "本期进展",
};

#define ROLE_LEAD "牵头"
#define ROLE_PART "参加"
#define LABEL_UNIT "填报单位"
#define LABEL_PERIOD "报送期间"
#define LABEL_CHECKSUM "方案校验码"
#define LABEL_AS_OF "数据截至"
#define LABEL_TOKEN "签发码"
#define OPENING_ROWS 5	/* the four labelled rows and the headers */

static int period_set(struct period *p, int y, int m)
{
	if (date_from_ymd(y, m, 1, &p->first) ||
	    date_from_ymd(y, m, date_days_in_month(y, m), &p->last))
		return -1;
	p->year = y;
	p->month = m;
	snprintf(p->text, sizeof(p->text), "%04d-%02d", y % 10000, m % 100);
	return 0;
}

/* Passes over the first day of the month where a spreadsheet made the
 * month a date ("2024/6/1", "2024-06-01", "2024年6月1日"), at *q.  False if a
 * day other than the first follows. */
static bool first_day(const char **q, bool chinese)
{
	const char *p = *q;
	long d;

	if (chinese ? !(*p >= '0' && *p <= '9')
		    : *p != '-' && *p != '/' && *p != '.')
		return true;	/* no day: a month as written */
	if (!chinese)
		p++;
	if (lex_read_digits(&p, 2, &d) < 0 || d != 1)
		return false;
	if (chinese)
		lex_eat(&p, "日");
	*q = p;
	return true;
}

int period_parse(const char *s, struct period *p)
{
	char buf[64];
	const char *q = buf;
	long y, m;
	bool chinese;

	if (text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	while (*q == ' ')
		q++;
	if (lex_read_digits(&q, 4, &y) != 4)
		return -1;
	chinese = lex_eat(&q, "年");
	if (!chinese && *q != '-' && *q != '/' && *q != '.')
		return -1;
	if (!chinese)
		q++;
	if (lex_read_digits(&q, 2, &m) < 0)
		return -1;
	if (chinese)
		lex_eat(&q, "月");
	if (!first_day(&q, chinese))
		return -1;
	while (*q == ' ')
		q++;
	return *q ? -1 : period_set(p, (int)y, (int)m);
}

void period_of(date_t date, struct period *p)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	period_set(p, y, m);
}

void sheet_token(const struct sheet_origin *o, const unsigned char *key,
		 size_t key_len, char token[SHEET_TOKEN_LEN + 1])
{
	char msg[4096], as_of[DATE_BUFSIZE];
	int n = snprintf(msg, sizeof(msg), "duban sheet 1\n%s\n%s\n%s\n%s\n%lld%s%s",
			 o->unit ? o->unit : "", o->period.text, o->checksum,
			 date_format(o->as_of, as_of), (long long)o->made,
			 *o->heads ? "\n" : "", o->heads);

	memcpy(token, "D1-", 3);
	digest_hmac(key, key_len, msg, n < 0 ? 0 : (size_t)n < sizeof(msg)
		    ? (size_t)n : sizeof(msg) - 1, token + 3);
}

void sheet_checksum(const char *data, size_t n, char hex[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(hex, 17, "%016" PRIx64, h);
}

static size_t plan_most_targets(const struct table *t)
{
	size_t most = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].ntargets > most)
			most = t->items[i].ntargets;
	return most;
}

/* Whether the unit leads item it, or takes part in it, as the sheet says. */
static bool leads(const struct item *it, const char *unit)
{
	return units_match(&it->lead_units, unit);
}

static bool takes_part(const struct item *it, const char *unit)
{
	return !leads(it, unit) && units_match(&it->participants, unit);
}

/* ---- writing ---- */

/* Where a sheet's rows go as they are built: CSV text (Excel style), or a
 * workbook (book.h), whose cells are typed and whose header row is its
 * columns' (book_add_sheet). */
struct row {
	struct strbuf *sb;		/* CSV; NULL for a workbook */
	bool first;
	struct book *book;		/* a workbook; NULL for CSV */
	struct book_cell *cells;	/* the row at hand */
	size_t n, ncols;
	bool table;			/* past the opening rows */
	struct arena arena;		/* the workbook's texts */
	int rc;
	struct duban_error *err;
};

static void add_cell(struct row *r, struct book_cell c)
{
	if (r->n < r->ncols)
		r->cells[r->n++] = c;
}

static void field(struct row *r, const char *s)
{
	if (r->book) {
		char *copy = arena_strndup(&r->arena, s, strlen(s));

		r->rc |= !copy;
		add_cell(r, BOOK_TEXT_CELL(copy ? copy : ""));
		return;
	}
	if (!r->first)
		r->rc |= sb_add(r->sb, ",", 1);
	r->first = false;
	r->rc |= csv_append_guarded(r->sb, s);
}

static void number_field(struct row *r, long n)
{
	char buf[32];

	if (r->book) {
		add_cell(r, BOOK_NUMBER_CELL((double)n));
		return;
	}
	snprintf(buf, sizeof(buf), "%ld", n);
	field(r, buf);
}

/* A fill-in cell; locked where the row's unit does not fill it in. */
static void fill_field(struct row *r, bool locked)
{
	struct book_cell c = BOOK_EMPTY_CELL;

	if (!r->book) {
		field(r, "");
		return;
	}
	c.locked = locked;
	add_cell(r, c);
}

static void end_row(struct row *r)
{
	const char *texts[CSV_FIELDS_MAX];

	if (!r->book) {
		r->rc |= sb_puts(r->sb, "\r\n");
		r->first = true;
		return;
	}
	if (r->rc)
		return;
	if (r->table) {
		r->rc |= book_add_row(r->book, r->cells, r->err);
	} else {
		for (size_t k = 0; k < r->n; k++)
			texts[k] = r->cells[k].text;
		r->rc |= book_add_title_row(r->book, texts, r->n, r->err);
	}
	for (size_t k = 0; k < r->ncols; k++)
		r->cells[k] = BOOK_EMPTY_CELL;
	r->n = 0;
}

/* The names joined as the plan's document writes them: "张三、李四". */
static int join_names(struct strbuf *sb, const struct names *nm)
{
	int rc = sb_reset(sb);

	for (size_t i = 0; i < nm->n; i++)
		rc |= sb_puts(sb, i ? "、" : "") | sb_puts(sb, nm->v[i]);
	return rc;
}

static void names_field(struct row *r, struct strbuf *tmp,
			const struct names *nm)
{
	r->rc |= join_names(tmp, nm);
	field(r, tmp->s ? tmp->s : "");
}

/* The deadline as the sheet shows it: in a workbook a date is a date. */
static void deadline_field(struct row *r, const struct item *it)
{
	char buf[DATE_BUFSIZE];

	if (r->book && it->deadline != DATE_NONE)
		add_cell(r, BOOK_DATE_CELL(it->deadline));
	else if (it->deadline != DATE_NONE)
		field(r, date_format(it->deadline, buf));
	else
		field(r, it->deadline_text);
}

/* The status shown, in a workbook on its colour. */
static void status_field(struct row *r, enum status st)
{
	field(r, status_label(st));
	if (r->book && r->n)
		r->cells[r->n - 1].fill = book_status_fill(st);
}

static void item_row(struct row *r, struct strbuf *tmp, const struct item *it,
		     const struct item_state *st, bool lead, size_t ntargets)
{
	char goal[512];

	number_field(r, it->id);
	field(r, lead ? ROLE_LEAD : ROLE_PART);
	field(r, it->text);
	names_field(r, tmp, &it->leaders);
	names_field(r, tmp, &it->lead_units);
	deadline_field(r, it);
	status_field(r, st->status);
	number_field(r, state_percent(st));
	field(r, st->last_note ? st->last_note->note : "");
	for (size_t k = 0; k < ntargets; k++) {
		goal[0] = '\0';
		if (k < it->ntargets)
			target_format(&it->targets[k], goal, sizeof(goal));
		field(r, goal);
	}
	/* on a 参加 row only 本期进展 is read */
	for (size_t k = 0; k < FILL_COLUMNS + ntargets; k++)
		fill_field(r, !lead && k != FILL_NOTE);
	end_row(r);
}

/* The four labelled rows above the headers. */
static void opening_rows(struct row *r, const struct sheet_origin *o)
{
	char buf[64];

	field(r, LABEL_UNIT); field(r, o->unit); end_row(r);
	field(r, LABEL_PERIOD); field(r, o->period.text); end_row(r);
	field(r, LABEL_CHECKSUM); field(r, o->checksum);
	field(r, LABEL_TOKEN); field(r, o->token); end_row(r);
	field(r, LABEL_AS_OF); field(r, date_format(o->as_of, buf));
	buf[0] = '\0';		/* no time: a sheet merge refuses */
	if (o->made)
		entry_format_time(o->made, buf, sizeof(buf));
	field(r, buf);
	if (*o->heads)
		field(r, o->heads);
	end_row(r);
}

/* The item rows: those the unit leads, then those it takes part in. */
static void item_rows(struct row *r, const struct table *t,
		      const struct plan_state *ps, const char *unit,
		      size_t ntargets)
{
	struct strbuf tmp = STRBUF_INIT;

	r->table = true;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < t->n; i++) {
			const struct item *it = &t->items[i];

			if (pass == 0 ? leads(it, unit) : takes_part(it, unit))
				item_row(r, &tmp, it, &ps->items[i], pass == 0,
					 ntargets);
		}
	sb_release(&tmp);
}

/* The most targets of t, refused when the sheet's columns cannot hold
 * them. */
static int sheet_targets(const struct table *t, size_t *ntargets,
			 struct duban_error *err)
{
	*ntargets = plan_most_targets(t);
	if (FIXED_COLUMNS + FILL_COLUMNS + 2 * *ntargets > CSV_FIELDS_MAX)
		return error_set(err, NULL, 0, _("an item has %zu targets: too "
				 "many for the columns of a sheet"), *ntargets);
	return 0;
}

int sheet_build(struct strbuf *doc, const struct table *t,
		const struct plan_state *ps, const struct sheet_origin *o,
		struct duban_error *err)
{
	struct row r = { .sb = doc, .first = true, .err = err };
	size_t ntargets;
	char buf[64];

	if (sheet_targets(t, &ntargets, err))
		return -1;
	r.rc |= sb_reset(doc) | sb_puts(doc, "\xEF\xBB\xBF");
	opening_rows(&r, o);
	for (size_t k = 0; k < FIXED_COLUMNS; k++)
		field(&r, fixed_headers[k]);
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "目标%zu", k);
		field(&r, buf);
	}
	for (size_t k = 0; k < FILL_COLUMNS; k++)
		field(&r, fill_headers[k]);
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "本期实际%zu", k);
		field(&r, buf);
	}
	end_row(&r);
	item_rows(&r, t, ps, o->unit, ntargets);
	return r.rc ? error_nomem(err) : 0;
}

/* The kinds of the fixed columns in a workbook, and what may be typed
 * into the fill-in ones. */
static const enum book_kind fixed_kinds[FIXED_COLUMNS] = {
	BOOK_INTEGER, BOOK_TEXT, BOOK_LONG_TEXT, BOOK_TEXT, BOOK_TEXT,
	BOOK_DATE, BOOK_STATUS, BOOK_INTEGER, BOOK_TEXT,
};
static const enum book_input fill_inputs[FILL_COLUMNS] = {
	BOOK_INPUT_STATUS, BOOK_INPUT_PERCENT, BOOK_INPUT_TEXT,
};

/* The workbook's columns, as sheet_build() writes its header row. */
static struct book_column *book_columns(struct arena *a, size_t ntargets,
					size_t *ncols)
{
	struct book_column *c;
	size_t n = 0;
	char buf[32];

	*ncols = FIXED_COLUMNS + FILL_COLUMNS + 2 * ntargets;
	if (!(c = arena_alloc(a, *ncols * sizeof(*c))))
		return NULL;
	for (size_t k = 0; k < FIXED_COLUMNS; k++)
		c[n++] = (struct book_column){ fixed_headers[k], fixed_kinds[k],
					       BOOK_INPUT_NONE };
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "目标%zu", k);
		c[n++] = (struct book_column){ arena_strndup(a, buf, strlen(buf)),
					       BOOK_TEXT, BOOK_INPUT_NONE };
	}
	for (size_t k = 0; k < FILL_COLUMNS; k++)
		c[n++] = (struct book_column){ fill_headers[k], BOOK_TEXT,
					       fill_inputs[k] };
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "本期实际%zu", k);
		c[n++] = (struct book_column){ arena_strndup(a, buf, strlen(buf)),
					       BOOK_TEXT, BOOK_INPUT_NUMBER };
	}
	for (size_t k = 0; k < n; k++)
		if (!c[k].header)
			return NULL;
	return c;
}

int sheet_build_book(const char *path, const struct table *t,
		     const struct plan_state *ps, const struct sheet_origin *o,
		     struct duban_error *err)
{
	struct row r = { .err = err, .arena = ARENA_INIT };
	struct book_column *cols;
	size_t ntargets;
	int rc = -1;

	error_clear(err);
	if (sheet_targets(t, &ntargets, err))
		return -1;
	if (!(cols = book_columns(&r.arena, ntargets, &r.ncols)) ||
	    !(r.cells = arena_alloc(&r.arena, r.ncols * sizeof(*r.cells)))) {
		arena_release(&r.arena);
		return error_nomem(err);
	}
	for (size_t k = 0; k < r.ncols; k++)
		r.cells[k] = BOOK_EMPTY_CELL;
	if (book_create(&r.book, path, err))
		goto out;
	if (book_add_sheet(r.book, SHEET_BOOK_NAME, cols, r.ncols, err) ||
	    book_protect(r.book, err)) {
		book_discard(r.book);
		goto out;
	}
	opening_rows(&r, o);
	item_rows(&r, t, ps, o->unit, ntargets);
	if (r.rc) {
		if (!err->msg[0])
			error_nomem(err);
		book_discard(r.book);
		goto out;
	}
	rc = book_commit(r.book, err);
out:
	arena_release(&r.arena);
	return rc;
}

/* ---- reading ---- */

/* One row of the file as read. */
struct cells {
	char **v;
	size_t n;
	long line;
};

struct reader {
	struct sheet_reading *r;
	const struct table *t;
	const struct journal *j;
	date_t today;
	const unsigned char *key;	/* the store's sheet key */
	size_t key_len;
	struct cells *rows;
	size_t nrows, rows_cap;
	size_t ntargets, ncolumns;
	const char **headers;		/* of every column */
	struct plan_state now;		/* the state as it is */
	struct plan_state shown;	/* the state the sheet showed */
	long *row_of;			/* per item: the line of its row, or 0 */
	const struct entry **mine;	/* live entries by the unit in period */
	size_t nmine, mine_cap;
	bool in_items;			/* reading the item rows */
	bool nomem;
};

static const char *cell(const struct cells *row, size_t k)
{
	return k < row->n ? row->v[k] : "";
}

/* Records a problem; a failure to allocate is noted in rd->nomem. */
__attribute__((format(printf, 4, 5)))
static void problem(struct reader *rd, long line, int column,
		    const char *fmt, ...)
{
	struct sheet_reading *r = rd->r;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (problems_add_at(&r->problems, line, column,
			    column >= 0 && rd->in_items &&
			    (size_t)column < rd->ncolumns ? rd->headers[column] : NULL,
			    "%s", msg))
		rd->nomem = true;
}

static int collect_row(const struct csv_record *rec, void *ctx,
		       struct duban_error *err)
{
	struct reader *rd = ctx;
	struct cells *row;

	if (mem_grow((void **)&rd->rows, &rd->rows_cap, rd->nrows + 1,
		     sizeof(*rd->rows)))
		return error_nomem(err);
	row = &rd->rows[rd->nrows];
	row->n = rec->count;
	row->line = rec->line;
	row->v = arena_alloc(&rd->r->arena, (rec->count + 1) * sizeof(*row->v));
	if (!row->v)
		return error_nomem(err);
	for (size_t k = 0; k < rec->count; k++)
		if (!(row->v[k] = arena_strndup(&rd->r->arena, rec->fields[k],
						rec->lens[k])))
			return error_nomem(err);
	rd->nrows++;
	return 0;
}

/* The line a byte offset of buf is on. */
static long line_at(const char *buf, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* Reads the rows of the file: UTF-8 (a byte order mark dropped) or GBK.
 * Returns 0 (a file that cannot be read is a problem), -1 out of memory. */
static int read_rows(struct reader *rd, const char *data, size_t n,
		     struct duban_error *err)
{
	struct strbuf utf = STRBUF_INIT;
	struct duban_error cerr;
	const char *bad;
	size_t off;
	int rc = 0;

	if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		/* a workbook goes to sheet_read_book(): this one is not */
		problem(rd, 0, -1, _("a zip archive, but not a workbook "
			"(.xlsx) that can be read, nor CSV"));
		return rd->nomem ? error_nomem(err) : 0;
	}
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	} else if ((bad = text_invalid_utf8(data, n)) != NULL) {
		if (!text_looks_gbk(data, n)) {
			problem(rd, line_at(data, (size_t)(bad - data)), -1,
				_("bytes that are neither UTF-8 nor GBK text"));
			return rd->nomem ? error_nomem(err) : 0;
		}
		if (text_convert("UTF-8", "GBK", data, n, &utf, &off)) {
			sb_release(&utf);
			if (off == n)
				return error_nomem(err);
			problem(rd, line_at(data, off), -1,
				_("bytes that are not GBK text"));
			return rd->nomem ? error_nomem(err) : 0;
		}
		data = utf.s ? utf.s : "";
		n = utf.len;
	}
	error_clear(&cerr);
	if (csv_read_buffer(data, n, "", collect_row, rd, NULL, &cerr)) {
		if (cerr.line == 0)
			rc = error_nomem(err);
		else
			problem(rd, cerr.line, -1, "%s", cerr.msg);
	}
	sb_release(&utf);
	return rc ? rc : rd->nomem ? error_nomem(err) : 0;
}

/* Whether a and b are the same text, a line break written CR LF in
 * either the same as LF: how a spreadsheet may save a cell holding one. */
static bool same_text(const char *a, const char *b)
{
	for (;;) {
		if (a[0] == '\r' && a[1] == '\n')
			a++;
		if (b[0] == '\r' && b[1] == '\n')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* A value to quote in a message: its first characters, "…" if cut, in
 * the arena. */
static const char *excerpt(struct reader *rd, const char *s)
{
	enum { QUOTED_CHARS = 24 };
	const char *end = s;
	char *out;
	size_t n;

	for (int k = 0; k < QUOTED_CHARS && *end; k++)
		end += text_char_len(end);
	n = (size_t)(end - s);
	if (!(out = arena_alloc(&rd->r->arena, n + sizeof("…")))) {
		rd->nomem = true;
		return "";
	}
	memcpy(out, s, n);
	strcpy(out + n, *end ? "…" : "");
	return out;
}

static size_t blank_or_newline(const char *s)
{
	return *s == '\n' ? 1 : lex_blank(s);
}

/* A filled-in value: spaces (and ideographic ones) trimmed off both ends,
 * CRLF made LF; in the arena. */
static const char *filled(struct reader *rd, const char *s)
{
	const char *e;
	char *out;
	size_t n = 0;

	e = s + strlen(s);
	lex_trim(&s, &e, blank_or_newline);
	if (!(out = arena_alloc(&rd->r->arena, (size_t)(e - s) + 1))) {
		rd->nomem = true;
		return "";
	}
	for (const char *p = s; p < e; p++)
		if (!(p[0] == '\r' && p + 1 < e && p[1] == '\n'))
			out[n++] = *p;
	out[n] = '\0';
	return out;
}

static int column_headers(struct reader *rd)
{
	char buf[64];

	rd->ntargets = plan_most_targets(rd->t);
	rd->ncolumns = FIXED_COLUMNS + FILL_COLUMNS + 2 * rd->ntargets;
	rd->headers = arena_alloc(&rd->r->arena,
				  rd->ncolumns * sizeof(*rd->headers));
	if (!rd->headers)
		return -1;
	for (size_t k = 0; k < rd->ncolumns; k++) {
		size_t fill = FIXED_COLUMNS + rd->ntargets;

		if (k < FIXED_COLUMNS)
			snprintf(buf, sizeof(buf), "%s", fixed_headers[k]);
		else if (k < fill)
			snprintf(buf, sizeof(buf), "目标%zu", k - FIXED_COLUMNS + 1);
		else if (k < fill + FILL_COLUMNS)
			snprintf(buf, sizeof(buf), "%s", fill_headers[k - fill]);
		else
			snprintf(buf, sizeof(buf), "本期实际%zu",
				 k - fill - FILL_COLUMNS + 1);
		if (!(rd->headers[k] = arena_strndup(&rd->r->arena, buf, strlen(buf))))
			return -1;
	}
	return 0;
}

/* Whether unit leads or takes part in an item of the plan. */
static bool involved_in_any(const struct table *t, const char *unit)
{
	for (size_t i = 0; i < t->n; i++)
		if (leads(&t->items[i], unit) || takes_part(&t->items[i], unit))
			return true;
	return false;
}

/* Checks that row k is "label,value" and returns the value, or NULL after
 * recording the problem. */
static const char *labelled(struct reader *rd, size_t k, const char *label)
{
	const struct cells *row = &rd->rows[k];

	if (strcmp(cell(row, 0), label) != 0) {
		problem(rd, row->line, 0, _("expected \"%s\" "
			"here: this is not a duban fill-in sheet, or its "
			"opening rows were changed"),
			label);
		return NULL;
	}
	return cell(row, 1);
}

/* The 签发码 as the store wrote it, whatever a spreadsheet did to the cell:
 * blanks around it, a leading apostrophe (a cell forced to text), upper
 * case.  Into out (size bytes); longer than any token, it is cut, and
 * does not match. */
static void as_written_token(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (*s == ' ')
		s++;
	if (*s == '\'')
		s++;
	for (; *s && n + 1 < size; s++, n++) {
		unsigned char c = (unsigned char)*s;

		/* "D1-" then hex digits */
		out[n] = (char)(n < 2 ? toupper(c) : tolower(c));
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Checks the 签发码 against the opening rows as read. */
static void check_token(struct reader *rd)
{
	struct sheet_origin *o = &rd->r->origin;
	char token[SHEET_TOKEN_LEN + 2], want[SHEET_TOKEN_LEN + 1];

	as_written_token(cell(&rd->rows[2], 3), token, sizeof(token));
	if (strcmp(cell(&rd->rows[2], 2), LABEL_TOKEN) != 0 || !*token) {
		problem(rd, rd->rows[2].line, 2, _("the sheet has "
			"no 签发码: it was not issued by this store; make one "
			"with duban sheet"));
		return;
	}
	sheet_token(o, rd->key, rd->key_len, want);
	if (strlen(token) != SHEET_TOKEN_LEN ||
	    !digest_equal(token, want, SHEET_TOKEN_LEN))
		problem(rd, rd->rows[2].line, 3, _("the 签发码 does not match: "
			"this store did not issue the sheet, or its 填报单位, "
			"报送期间, 方案校验码 or 数据截至 was changed"));
	else	/* SHEET_TOKEN_LEN characters and the NUL, checked above */
		memcpy(o->token, token, SHEET_TOKEN_LEN + 1);
}

/* Reads and checks the opening rows.  Returns true if the item rows can be
 * read against them. */
static bool read_opening(struct reader *rd, const char *checksum)
{
	struct sheet_origin *o = &rd->r->origin;
	const char *unit, *period, *sum, *as_of;
	size_t before = rd->r->problems.n;

	if (rd->nrows < OPENING_ROWS) {
		problem(rd, rd->nrows ? rd->rows[rd->nrows - 1].line : 1, -1,
			_("not a duban fill-in sheet: it lacks "
			"the opening rows (填报单位, 报送期间, 方案校验码, "
			"数据截至 and the column headers)"));
		return false;
	}
	if ((unit = labelled(rd, 0, LABEL_UNIT))) {
		o->unit = unit;
		if (!involved_in_any(rd->t, unit))
			problem(rd, rd->rows[0].line, 1, _("\"%s\" neither "
				"leads nor takes part in any item of this plan"),
				excerpt(rd, unit));
	}
	if ((period = labelled(rd, 1, LABEL_PERIOD))) {
		if (period_parse(period, &o->period))
			problem(rd, rd->rows[1].line, 1, _("\"%s\" is not a "
				"month such as 2024-06"), excerpt(rd, period));
		else if (o->period.first > rd->today)
			problem(rd, rd->rows[1].line, 1, _("the period %s "
				"has not begun"), o->period.text);
	}
	if ((sum = labelled(rd, 2, LABEL_CHECKSUM))) {
		snprintf(o->checksum, sizeof(o->checksum), "%s", sum);
		for (char *c = o->checksum; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strlen(sum) != 16 || strcasecmp(sum, checksum) != 0)
			problem(rd, rd->rows[2].line, 1, _("the sheet was made "
				"from another plan (checksum %s; this store's "
				"plan is %s): make a new sheet with duban sheet"),
				excerpt(rd, sum), checksum);
	}
	if ((as_of = labelled(rd, 3, LABEL_AS_OF))) {
		if (date_parse(as_of, &o->as_of))
			problem(rd, rd->rows[3].line, 1,
				_("\"%s\" is not a date"),
				excerpt(rd, as_of));
		snprintf(o->heads, sizeof(o->heads), "%s", cell(&rd->rows[3], 3));
		o->made = 0;
		if (entry_parse_time(cell(&rd->rows[3], 2), &o->made))
			problem(rd, rd->rows[3].line, 2, _("\"%s\" is not the "
				"time the sheet was made"),
				excerpt(rd, cell(&rd->rows[3], 2)));
	}
	if (rd->r->problems.n == before)
		check_token(rd);
	for (size_t k = 0; k < rd->ncolumns || k < rd->rows[4].n; k++) {
		const char *want = k < rd->ncolumns ? rd->headers[k] : "";

		if (strcmp(cell(&rd->rows[4], k), want) != 0)
			problem(rd, rd->rows[4].line, (int)k, _("the header "
				"\"%s\" should be \"%s\": the plan's columns "
				"cannot be changed"),
				excerpt(rd, cell(&rd->rows[4], k)), want);
	}
	return rd->r->problems.n == before;
}

/* The live entries by the unit reporting in the period. */
static int collect_mine(struct reader *rd)
{
	const struct sheet_origin *o = &rd->r->origin;

	for (size_t i = 0; i < rd->j->n; i++) {
		const struct entry *e = &rd->j->v[i];

		if (e->undone || e->kind == ENTRY_UNDO || e->date < o->period.first ||
		    e->date > o->period.last || !e->by || strcmp(e->by, o->unit))
			continue;
		if (mem_grow((void **)&rd->mine, &rd->mine_cap, rd->nmine + 1,
			     sizeof(*rd->mine)))
			return -1;
		rd->mine[rd->nmine++] = e;
		if (e->recorded > o->made && e->recorded > rd->r->unit_since)
			rd->r->unit_since = e->recorded;
	}
	return 0;
}

/* Whether e is a record of the same thing as c asks for: the same item,
 * kind and (for an actual) target. */
static bool same_slot(const struct entry *e, const struct sheet_record *c)
{
	return e->item == c->item && e->kind == c->kind &&
	       (c->kind != ENTRY_ACTUAL || e->target == c->target);
}

static bool same_value(const struct entry *e, const struct sheet_record *c)
{
	if (strcmp(e->note, c->note))
		return false;
	switch (c->kind) {
	case ENTRY_STATUS: return e->status == c->status;
	case ENTRY_PROGRESS: return e->percent == c->percent;
	case ENTRY_ACTUAL: return strcmp(e->figure, c->figure) == 0;
	default: return true;
	}
}

/* Whether the journal has c already: the unit's latest record of the same
 * thing in the period says the same (a sheet sent twice), or, for a note,
 * the unit wrote that note on the item in the period.  A value the unit
 * sent before and then changed is a correction when sent again. */
static bool recorded_already(const struct reader *rd,
			     const struct sheet_record *c)
{
	for (size_t i = rd->nmine; i-- > 0;) {
		if (c->kind == ENTRY_NOTE) {
			if (same_slot(rd->mine[i], c) && same_value(rd->mine[i], c))
				return true;
			continue;
		}
		if (same_slot(rd->mine[i], c))
			return same_value(rd->mine[i], c);	/* the latest */
	}
	return false;
}

/* Checks a cell the unit may not change against what the sheet showed.
 * A field a spreadsheet would run as a formula was written with an
 * apostrophe before it, which a spreadsheet may keep or drop on saving;
 * a text that reads as a number may come back as the spreadsheet writes
 * that number: it is compared by value, not blamed on the unit. */
static void keep(struct reader *rd, const struct cells *row, int column,
		 const char *want)
{
	const char *got = cell(row, (size_t)column);

	if (same_text(got, want) ||
	    (csv_guard_needed(want) && got[0] == '\'' && same_text(got + 1, want)) ||
	    figure_same_number(want, got))
		return;
	problem(rd, row->line, column, _("changed: only the 本期 columns are "
		"filled in (it was \"%s\")"), excerpt(rd, want));
}

static void keep_names(struct reader *rd, const struct cells *row, int column,
		       const struct names *nm)
{
	struct strbuf joined = STRBUF_INIT;

	if (join_names(&joined, nm))
		rd->nomem = true;
	else
		keep(rd, row, column, joined.s ? joined.s : "");
	sb_release(&joined);
}

/* The cells that show the plan and the state: as the sheet was made. */
static void check_shown(struct reader *rd, const struct cells *row,
			const struct item *it, bool lead)
{
	const struct item_state *st = &rd->shown.items[it - rd->t->items];
	char buf[512];
	date_t d;

	keep(rd, row, COL_ROLE, lead ? ROLE_LEAD : ROLE_PART);
	keep(rd, row, COL_TEXT_, it->text);
	keep_names(rd, row, COL_LEADERS_, &it->leaders);
	keep_names(rd, row, COL_UNITS, &it->lead_units);
	if (it->deadline == DATE_NONE)
		keep(rd, row, COL_DEADLINE_, it->deadline_text);
	else if (date_parse(cell(row, COL_DEADLINE_), &d) || d != it->deadline)
		keep(rd, row, COL_DEADLINE_, date_format(it->deadline, buf));
	keep(rd, row, COL_STATUS, status_label(st->status));
	snprintf(buf, sizeof(buf), "%d", state_percent(st));
	keep(rd, row, COL_PERCENT, buf);
	keep(rd, row, COL_LAST_NOTE, st->last_note ? st->last_note->note : "");
	for (size_t k = 0; k < rd->ntargets; k++) {
		buf[0] = '\0';
		if (k < it->ntargets)
			target_format(&it->targets[k], buf, sizeof(buf));
		keep(rd, row, (int)(FIXED_COLUMNS + k), buf);
	}
	for (size_t k = rd->ncolumns; k < row->n; k++)
		if (*row->v[k])
			problem(rd, row->line, (int)k, _("a cell beyond the "
				"sheet's columns: only the 本期 columns are "
				"filled in"));
}

/* What one row asks for, before it is checked against the state. */
struct request {
	const struct item *it;
	const struct cells *row;
	bool has_status, has_percent;
	enum status status;
	int percent;
	const char *note;
	const char *figures[CSV_FIELDS_MAX];	/* per target; NULL if empty */
};

/* A figure as filled in (figure.h: the target's unit allowed after it).
 * NULL if it is not a figure. */
static const char *read_figure(struct reader *rd, const char *s,
			       const struct target *tg)
{
	char buf[FIGURE_TEXT_MAX + 1];

	if (figure_parse(s, tg->unit, buf, sizeof(buf)))
		return NULL;
	s = arena_strndup(&rd->r->arena, buf, strlen(buf));
	if (!s)
		rd->nomem = true;
	return s;
}

/* Reads the fill-in cells of a row into q; records what is wrong. */
static void read_fill_ins(struct reader *rd, struct request *q, bool lead)
{
	const struct cells *row = q->row;
	size_t base = FIXED_COLUMNS + rd->ntargets;
	const char *status = filled(rd, cell(row, base + FILL_STATUS));
	const char *percent = filled(rd, cell(row, base + FILL_PERCENT));

	q->note = filled(rd, cell(row, base + FILL_NOTE));
	if (strlen(q->note) > NOTE_MAX)
		problem(rd, row->line, (int)(base + FILL_NOTE), _("a note of "
			"%zu bytes; the limit is %d"),
			strlen(q->note), NOTE_MAX);
	if (!lead) {
		if (*status || *percent)
			problem(rd, row->line, (int)(base + (*status ? FILL_STATUS
								    : FILL_PERCENT)),
				_("item %ld is led by another unit: on "
				"a 参加 row only 本期进展 is filled in"),
				q->it->id);
	} else {
		if ((q->has_status = *status != '\0') &&
		    status_parse(status, &q->status))
			problem(rd, row->line, (int)(base + FILL_STATUS), _("\"%s\" "
				"is not a status: write 未启动, 推进中, 已完成 "
				"or 受阻"),
				excerpt(rd, status));
		if ((q->has_percent = *percent != '\0') &&
		    percent_parse(percent, &q->percent))
			problem(rd, row->line, (int)(base + FILL_PERCENT), _("\"%s\" "
				"is not a percent from 0 to 100"),
				excerpt(rd, percent));
		if (q->has_status && q->status == STATUS_BLOCKED && !*q->note)
			problem(rd, row->line, (int)(base + FILL_NOTE),
				_("受阻 needs a note in 本期进展 saying why"));
	}
	for (size_t k = 0; k < rd->ntargets; k++) {
		size_t col = base + FILL_COLUMNS + k;
		const char *s = filled(rd, cell(row, col));

		q->figures[k] = NULL;
		if (!*s)
			continue;
		if (!lead)
			problem(rd, row->line, (int)col, _("item %ld is led "
				"by another unit: on a 参加 row only 本期进展 "
				"is filled in"),
				q->it->id);
		else if (q->it->ntargets == 0)
			problem(rd, row->line, (int)col, _("item %ld has no "
				"targets to report on"), q->it->id);
		else if (k >= q->it->ntargets)
			problem(rd, row->line, (int)col,
				ngettext("item %ld has %zu target: there is no "
					 "target %zu to report on",
					 "item %ld has %zu targets: there is no "
					 "target %zu to report on",
					 q->it->ntargets),
				q->it->id, q->it->ntargets, k + 1);
		else if (!(q->figures[k] = read_figure(rd, s, &q->it->targets[k])))
			problem(rd, row->line, (int)col, _("\"%s\" is not a "
				"figure (write 38, 4.5, 1,234 or 38%s)"),
				excerpt(rd, s), q->it->targets[k].unit);
	}
}

/* The records a row asks for, in the order that lets each be taken: a
 * start or reopen before progress, progress before done or blocked.  The
 * note rides on the first. */
static size_t row_records(struct reader *rd, const struct request *q,
			  struct sheet_record *out)
{
	struct sheet_record base = { .line = q->row->line, .item = q->it->id,
				     .kind = ENTRY_NOTE, .note = "" };
	bool status_last = q->has_status &&
		(q->status == STATUS_DONE || q->status == STATUS_BLOCKED);
	size_t n = 0;

	if (q->has_status && !status_last) {
		out[n] = base;
		out[n].kind = ENTRY_STATUS;
		out[n++].status = q->status;
	}
	if (q->has_percent) {
		out[n] = base;
		out[n].kind = ENTRY_PROGRESS;
		out[n++].percent = q->percent;
	}
	for (size_t k = 0; k < rd->ntargets; k++)
		if (q->figures[k]) {
			out[n] = base;
			out[n].kind = ENTRY_ACTUAL;
			out[n].target = (int)k + 1;
			out[n].target_key = q->it->targets[k].key;
			out[n++].figure = q->figures[k];
		}
	if (status_last) {
		out[n] = base;
		out[n].kind = ENTRY_STATUS;
		out[n++].status = q->status;
	}
	if (n == 0 && *q->note)
		out[n++] = base;
	if (n)
		out[0].note = q->note;
	return n;
}

static void add_record(struct reader *rd, const struct sheet_record *c)
{
	struct sheet_reading *r = rd->r;

	if (mem_grow((void **)&r->records, &r->cap, r->n + 1, sizeof(*r->records)))
		rd->nomem = true;
	else
		r->records[r->n++] = *c;
}

/* Whether c changes nothing for an item in status cur: the status it has
 * already, or 100% for a done item.  Such a record is kept only for its
 * note, which goes on the next record of the row, or else in a note. */
static bool changes_nothing(const struct sheet_record *c, enum status cur)
{
	return (c->kind == ENTRY_STATUS && c->status == cur) ||
	       (c->kind == ENTRY_PROGRESS && cur == STATUS_DONE && c->percent == 100);
}

/* Checks the records of a row against the item's state as it is, in order,
 * leaving out those the journal has, and adds the rest. */
static void take_records(struct reader *rd, const struct request *q)
{
	struct sheet_record recs[3 + CSV_FIELDS_MAX];
	enum status cur = rd->now.items[q->it - rd->t->items].status;
	enum status shown = rd->shown.items[q->it - rd->t->items].status;
	size_t n = row_records(rd, q, recs);
	size_t base = FIXED_COLUMNS + rd->ntargets;

	for (size_t i = 0; i < n; i++) {
		struct sheet_record c = recs[i];
		const char *why;

		if (recorded_already(rd, &c)) {
			rd->r->already++;
			continue;
		}
		if (changes_nothing(&c, cur)) {
			if (!*c.note)
				continue;
			if (i + 1 < n) {
				recs[i + 1].note = c.note;	/* rides on the next */
				continue;
			}
			c.kind = ENTRY_NOTE;
			if (recorded_already(rd, &c)) {
				rd->r->already++;
				continue;
			}
		}
		if (c.kind == ENTRY_STATUS && c.status == shown && c.status != cur) {
			/* the status the sheet showed, changed by another since:
			 * restating it is no request to change it back */
			problem(rd, c.line, (int)(base + FILL_STATUS), _("item %ld "
				"is %s since the sheet was made (it showed %s): "
				"to change it, fill in a new sheet"), c.item,
				status_label(cur), status_label(shown));
			continue;
		}
		if (c.kind == ENTRY_STATUS) {
			bool reopen = c.status == STATUS_IN_PROGRESS &&
				(cur == STATUS_DONE || cur == STATUS_BLOCKED);

			if ((why = status_change_refusal(cur, c.status, reopen))) {
				problem(rd, c.line, (int)(base + FILL_STATUS), _("item "
					"%ld is %s: %s"),
					c.item, status_label(cur), why);
				continue;
			}
			cur = c.status;
		} else if (c.kind == ENTRY_PROGRESS) {
			if (cur == STATUS_DONE) {
				problem(rd, c.line, (int)(base + FILL_PERCENT), _("item "
					"%ld is 已完成: write 推进中 in "
					"本期状态 to reopen it"), c.item);
				continue;
			}
			if (cur == STATUS_NOT_STARTED)
				cur = STATUS_IN_PROGRESS;
		}
		add_record(rd, &c);
	}
}

/* Reads one item row. */
static void read_item_row(struct reader *rd, const struct cells *row)
{
	const char *unit = rd->r->origin.unit;
	struct request q = { .row = row };
	size_t before = rd->r->problems.n;
	char *end;
	long id;
	bool lead;

	for (size_t k = 0;; k++) {
		if (k == row->n)
			return;		/* an empty row */
		if (*row->v[k])
			break;
	}
	rd->r->rows++;
	id = strtol(cell(row, COL_ID_), &end, 10);
	if (!*cell(row, COL_ID_) || *end || id <= 0) {
		problem(rd, row->line, COL_ID_, _("\"%s\" is not an item "
			"number: a row added or its 序号 changed"),
			excerpt(rd, cell(row, COL_ID_)));
		return;
	}
	if (!(q.it = table_find(rd->t, id))) {
		problem(rd, row->line, COL_ID_, _("no item %ld in the plan: a "
			"row added or its 序号 changed"), id);
		return;
	}
	if (rd->row_of[q.it - rd->t->items]) {
		problem(rd, row->line, COL_ID_, _("item %ld has a row "
			"already, on line %ld"),
			id, rd->row_of[q.it - rd->t->items]);
		return;
	}
	rd->row_of[q.it - rd->t->items] = row->line;
	lead = leads(q.it, unit);
	if (!lead && !takes_part(q.it, unit)) {
		problem(rd, row->line, COL_ID_, _("%s neither leads nor takes "
			"part in item %ld: a row added or its 序号 changed"),
			unit, id);
		return;
	}
	check_shown(rd, row, q.it, lead);
	read_fill_ins(rd, &q, lead);
	if (rd->r->problems.n == before)
		take_records(rd, &q);
}

static void reader_release(struct reader *rd)
{
	mem_free(rd->rows);
	mem_free(rd->row_of);
	mem_free(rd->mine);
	state_release(&rd->now);
	state_release(&rd->shown);
}

/* The state the sheet showed: from the records its heads name and those
 * they follow, exactly what the issuing store held, whatever was merged
 * in since; without heads (a journal then empty or of format 1), from
 * the records recorded by its time.  Returns 0, or -1 with err filled. */
static int fold_shown(struct reader *rd, struct duban_error *err)
{
	const struct sheet_origin *o = &rd->r->origin;
	bool *among;
	int rc;

	if (!*o->heads)
		return state_fold_until(&rd->shown, rd->t, rd->j, o->as_of, o->made,
					err);
	if (!(among = mem_calloc(rd->j->n ? rd->j->n : 1, sizeof(*among))))
		return error_nomem(err);
	rc = journal_ancestors(rd->j, o->heads, among, err);
	if (rc == 1) {
		/* the token vouches for heads: the records went since */
		problem(rd, rd->rows[3].line, 3, _("the sheet was made from records "
			"this store no longer holds: make a new sheet with duban "
			"sheet"));
		memset(among, 0, rd->j->n * sizeof(*among));
		rc = 0;
	}
	if (rc == 0)
		rc = state_fold_among(&rd->shown, rd->t, rd->j, o->as_of, among,
				      err);
	mem_free(among);
	return rc;
}

/* The rows a spreadsheet gave, copied as the CSV reader keeps its own. */
static int copy_rows(struct reader *rd, const struct sheet_row *rows,
		     size_t nrows, struct duban_error *err)
{
	if (!(rd->rows = mem_calloc(nrows ? nrows : 1, sizeof(*rd->rows))))
		return error_nomem(err);
	rd->rows_cap = nrows;
	for (size_t i = 0; i < nrows; i++) {
		struct cells *row = &rd->rows[rd->nrows++];

		row->n = rows[i].n;
		row->line = rows[i].line;
		row->v = arena_alloc(&rd->r->arena,
				     (rows[i].n + 1) * sizeof(*row->v));
		if (!row->v)
			return error_nomem(err);
		for (size_t k = 0; k < rows[i].n; k++)
			if (!(row->v[k] = arena_strndup(&rd->r->arena,
							rows[i].cells[k],
							strlen(rows[i].cells[k]))))
				return error_nomem(err);
	}
	return 0;
}

/* The sheet's rows, from CSV bytes (data) or a spreadsheet's (rows). */
struct sheet_source {
	const char *data;
	size_t n;
	const struct sheet_row *rows;
	size_t nrows;
};

static int read_sheet(struct sheet_reading *r, const struct sheet_source *src,
		      const char *checksum, const unsigned char *key,
		      size_t key_len, const struct table *t,
		      const struct journal *j, date_t today,
		      struct duban_error *err)
{
	struct reader rd = { .r = r, .t = t, .j = j, .today = today,
			     .key = key, .key_len = key_len,
			     .now = PLAN_STATE_INIT, .shown = PLAN_STATE_INIT };
	int rc = -1;

	if (column_headers(&rd)) {
		error_nomem(err);
		goto out;
	}
	rc = 0;
	if (rd.ncolumns > CSV_FIELDS_MAX) {
		problem(&rd, 0, -1, _("an item has %zu targets: too "
			"many for the columns of a sheet"), rd.ntargets);
		goto out;
	}
	if (src->rows)
		rc = copy_rows(&rd, src->rows, src->nrows, err);
	else
		rc = read_rows(&rd, src->data, src->n, err);
	if (rc)
		goto out;
	if (r->problems.n || !read_opening(&rd, checksum))
		goto out;
	r->date = r->origin.period.last < today ? r->origin.period.last : today;
	rc = -1;
	if (!(rd.row_of = mem_calloc(t->n ? t->n : 1, sizeof(*rd.row_of))) ||
	    state_fold(&rd.now, t, j, DATE_NONE, err) ||
	    fold_shown(&rd, err) ||
	    collect_mine(&rd)) {
		error_nomem(err);
		goto out;
	}
	rd.in_items = true;
	for (size_t k = OPENING_ROWS; k < rd.nrows && !rd.nomem; k++)
		read_item_row(&rd, &rd.rows[k]);
	if (rd.nomem) {
		error_nomem(err);
		goto out;
	}
	rc = 0;
out:
	if (rc || r->problems.n) {
		r->n = 0;
		r->already = 0;
	}
	reader_release(&rd);
	return rc;
}

int sheet_read(struct sheet_reading *r, const char *data, size_t n,
	       const char *checksum, const unsigned char *key, size_t key_len,
	       const struct table *t,
	       const struct journal *j, date_t today, struct duban_error *err)
{
	struct sheet_source src = { data, n, NULL, 0 };

	return read_sheet(r, &src, checksum, key, key_len, t, j, today, err);
}

int sheet_read_rows(struct sheet_reading *r, const struct sheet_row *rows,
		    size_t nrows, const char *checksum,
		    const unsigned char *key, size_t key_len,
		    const struct table *t, const struct journal *j,
		    date_t today, struct duban_error *err)
{
	struct sheet_source src = { NULL, 0, rows, nrows };

	return read_sheet(r, &src, checksum, key, key_len, t, j, today, err);
}

/* The sheet of a returned workbook: the one duban wrote, else the first
 * (a unit may have added or renamed sheets). */
static int read_book_sheet(const char *path, struct xlsx_sheet *s,
			   struct duban_error *err)
{
	char **names;
	size_t n;
	const char *pick = NULL;
	int rc;

	if (xlsx_sheet_names(path, &names, &n, err))
		return -1;
	for (size_t i = 0; i < n && !pick; i++)
		if (strcmp(names[i], SHEET_BOOK_NAME) == 0)
			pick = SHEET_BOOK_NAME;
	rc = xlsx_read_sheet(path, pick, s, err);
	mem_free(names);
	return rc;
}

/* The rows of s as sheet_read_rows() takes them, their texts in a. */
static struct sheet_row *book_rows(const struct xlsx_sheet *s, struct arena *a)
{
	struct sheet_row *rows = arena_alloc(a, (s->nrows + 1) * sizeof(*rows));
	char buf[XLSX_SHOWN_MAX];

	if (!rows)
		return NULL;
	for (size_t i = 0; i < s->nrows; i++) {
		const char **cells = arena_alloc(a, (s->ncols + 1) * sizeof(*cells));

		if (!cells)
			return NULL;
		for (size_t k = 0; k < s->ncols; k++) {
			const char *t = xlsx_shown(xlsx_cell(s, i, k), buf, sizeof(buf));

			if (!(cells[k] = arena_strndup(a, t, strlen(t))))
				return NULL;
		}
		rows[i] = (struct sheet_row){ cells, s->ncols, (long)i + 1 };
	}
	return rows;
}

int sheet_read_book(struct sheet_reading *r, const char *path,
		    const char *checksum, const unsigned char *key,
		    size_t key_len, const struct table *t,
		    const struct journal *j, date_t today,
		    struct duban_error *err)
{
	struct xlsx_sheet s = XLSX_SHEET_INIT;
	struct arena a = ARENA_INIT;
	struct duban_error rerr;
	struct sheet_row *rows;
	int rc;

	if (read_book_sheet(path, &s, &rerr)) {
		if (error_is_nomem(&rerr))
			return error_nomem(err);
		/* a workbook that cannot be read is refused, as bad CSV is */
		return problems_add(&r->problems, 0, "%s", rerr.msg)
		       ? error_nomem(err) : 0;
	}
	if (!(rows = book_rows(&s, &a)))
		rc = error_nomem(err);
	else
		rc = sheet_read_rows(r, rows, s.nrows, checksum, key, key_len,
				     t, j, today, err);
	arena_release(&a);
	xlsx_sheet_release(&s);
	return rc;
}

void sheet_reading_release(struct sheet_reading *r)
{
	mem_free(r->records);
	problems_release(&r->problems);
	arena_release(&r->arena);
	*r = (struct sheet_reading)SHEET_READING_INIT;
}
