/*
 * import — the stages of reading a plan document joined; see import.h.
 */
#include <stdio.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/date.h"
#include "duban/docx.h"
#include "duban/extract.h"
#include "duban/figure.h"
#include "duban/fields.h"
#include "duban/i18n.h"
#include "duban/import.h"
#include "duban/lexeme.h"
#include "duban/lexicon.h"
#include "duban/mem.h"
#include "duban/text.h"
#include "duban/xlsx.h"

static const char *const flag_keys[IMPORT_FLAGS] = {
	"leader-from-heading", "first-unit-leads", "joint-lead",
	"deadline-from-section", "deadline-from-plan", "deadline-from-option",
	"deadline-from-year", "no-deadline", "no-unit", "renumbered",
	"not-written",
};

const char *import_flag_key(unsigned bit)
{
	return bit < IMPORT_FLAGS ? flag_keys[bit] : "";
}

/* What converting one item needs. */
struct conv {
	struct import_result *r;
	const struct import_options *o;
	const struct segments *sg;
	int year;
	size_t *first;		/* open-addressed: the first item of each
				 * number, position + 1 */
	size_t first_cap;	/* a power of two */
};

/* ---- ids ---- */

/* Whether every item's number is above the one before it. */
static bool increasing(const struct segments *sg)
{
	for (size_t i = 1; i < sg->n; i++)
		if (sg->items[i].num <= sg->items[i - 1].num)
			return false;
	return true;
}

/* Whether numbering starts again under headings, and only there. */
static bool restarts_per_heading(const struct segments *sg)
{
	bool restarted = false;

	for (size_t i = 1; i < sg->n; i++) {
		if (sg->items[i].num > sg->items[i - 1].num)
			continue;
		if (!sg->items[i].after_heading || sg->items[i].num != 1)
			return false;
		restarted = true;
	}
	return restarted;
}

/* The slot of number id in c->first. */
static size_t first_slot(const struct conv *c, long id)
{
	size_t mask = c->first_cap - 1, h = ((size_t)id * 0x9E3779B97F4A7C15u) & mask;

	while (c->first[h] && c->sg->items[c->first[h] - 1].num != id)
		h = (h + 1) & mask;
	return h;
}

/* The position of the first item numbered id (n if none). */
static size_t first_of(const struct conv *c, long id)
{
	size_t h = first_slot(c, id);

	return c->first[h] ? c->first[h] - 1 : c->sg->n;
}

/* Notes the first item of every number, so that a number repeated is
 * found at once however long the plan.  Returns 0, or -1 out of memory. */
static int index_numbers(struct conv *c)
{
	c->first_cap = 16;
	while (c->first_cap < 2 * c->sg->n)
		c->first_cap *= 2;
	if (!(c->first = mem_calloc(c->first_cap, sizeof(*c->first))))
		return -1;
	for (size_t i = 0; i < c->sg->n; i++) {
		size_t h = first_slot(c, c->sg->items[i].num);

		if (!c->first[h])
			c->first[h] = i + 1;
	}
	return 0;
}

/* The problem with item k's number when numbering neither rises nor
 * restarts per heading: repeated, or out of order.  Returns 1 if there
 * is one (the item is not written), 0 if not, -1 out of memory. */
static int number_problem(struct conv *c, size_t k, long *last)
{
	const struct seg_item *s = &c->sg->items[k];
	long id = s->num;

	if (id > *last) {
		if (*last && id != *last + 1 &&
		    problems_add(&c->r->problems, s->line, _("item %ld: "
				 "number out of order (after item %ld; item %ld "
				 "is missing)"),
				 id, *last, *last + 1))
			return -1;
		*last = id;
		return 0;
	}
	if (first_of(c, id) < k)
		return problems_add(&c->r->problems, s->line, _("item %ld: "
				    "number repeated (item %ld is at line %ld)"),
				    id, id,
				    c->sg->items[first_of(c, id)].line) ? -1 : 1;
	return problems_add(&c->r->problems, s->line, _("item %ld: number out "
			    "of order (after item %ld)"), id, *last) ? -1 : 1;
}

/* ---- names ---- */

/* out = a followed by b, in the arena. */
static int names_concat(struct arena *ar, const struct names *a,
			const struct names *b, struct names *out)
{
	size_t n = a->n + b->n;
	const char **v;

	if (!b->n || !a->n) {
		*out = a->n ? *a : *b;
		return 0;
	}
	if (!(v = arena_alloc(ar, n * sizeof(*v))))
		return -1;
	memcpy(v, a->v, a->n * sizeof(*v));
	memcpy(v + a->n, b->v, b->n * sizeof(*v));
	out->v = v;
	out->n = n;
	return 0;
}

/* Splits the span f into names; leaders is for people, lead (if not
 * NULL) gets the names marked "（牵头）".  Returns 0, -1 out of memory,
 * -2 over 256 names. */
static int split_span(struct conv *c, struct span f, bool leaders,
		      struct names *out, struct names *lead)
{
	memset(out, 0, sizeof(*out));
	if (lead)
		memset(lead, 0, sizeof(*lead));
	if (!f.b || f.b == f.e)
		return 0;
	if (leaders)
		return lexicon_split_leaders(&c->r->arena, f.b, f.e, out);
	return lexicon_split_names(&c->r->arena, f.b, f.e, out, lead);
}

/* The units of an item from its fields: lead units and participants. */
static int assign_units(struct conv *c, const struct fields *f,
			struct import_row *row)
{
	struct item *it = &row->it;
	struct names units, marked, part;
	int rc;

	if ((rc = split_span(c, f->f[LEX_PARTICIPANTS], false, &part, NULL)) ||
	    (rc = split_span(c, f->f[LEX_UNITS], false, &units, &marked)))
		return rc;
	if (f->f[LEX_LEAD].b) {
		if ((rc = split_span(c, f->f[LEX_LEAD], false, &it->lead_units,
				     NULL)) ||
		    names_concat(&c->r->arena, &marked, &units, &units))
			return rc ? rc : -1;
		if (f->joint && it->lead_units.n > 1)
			row->flags |= IMPORT_LEAD_ALL;
		return names_concat(&c->r->arena, &units, &part,
				    &it->participants);
	}
	if (marked.n) {
		it->lead_units = marked;
	} else if (units.n > 1 && (c->sg->first_leads || c->o->first_is_lead)) {
		it->lead_units = (struct names){ units.v, 1 };
		units = (struct names){ units.v + 1, units.n - 1 };
		row->flags |= IMPORT_LEAD_FIRST;
	} else {
		it->lead_units = units;
		units.n = 0;
	}
	return names_concat(&c->r->arena, &units, &part, &it->participants);
}

static int name_problem(struct conv *c, const struct import_row *row,
			int rc, enum lex_kind k)
{
	if (rc == -1)
		return -1;
	return problems_add(&c->r->problems, row->it.line, _("item %ld: over "
			    "256 names in %s"),
			    row->it.id, lexicon_name(k)) ? -1 : 1;
}

/* Whether a name of the list holds what items.csv refuses in a name: a
 * control character (text_unsafe_len) or a line break. */
static bool has_control(const struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		for (const char *p = nm->v[i]; *p; p++)
			if (*p == '\n' || text_unsafe_len(p))
				return true;
	return false;
}

/* Whether a list holds more than items.csv takes in a field. */
static bool names_too_long(const struct names *nm)
{
	size_t len = nm->n ? nm->n - 1 : 0;

	for (size_t i = 0; i < nm->n; i++)
		len += strlen(nm->v[i]);
	return len > CSV_FIELD_MAX;
}

/* Leaders and units of row; 1 if a problem keeps it out. */
static int assign_names(struct conv *c, const struct seg_item *s,
			const struct fields *f, struct import_row *row)
{
	struct item *it = &row->it;
	const struct names *lists[] = { &it->leaders, &it->lead_units,
					&it->participants };
	int rc;

	if ((rc = split_span(c, f->f[LEX_LEADERS], true, &it->leaders, NULL)))
		return name_problem(c, row, rc, LEX_LEADERS);
	if (!it->leaders.n && s->heading_leader) {
		const char **v = arena_alloc(&c->r->arena, sizeof(*v));

		if (!v)
			return -1;
		v[0] = s->heading_leader;
		it->leaders = (struct names){ v, 1 };
		row->flags |= IMPORT_LEADER_HEADING;
	}
	if ((rc = assign_units(c, f, row)))
		return name_problem(c, row, rc, LEX_UNITS);
	for (size_t i = 0; i < NELEM(lists); i++) {
		const char *what = lexicon_name(i ? LEX_UNITS + i - 1 : LEX_LEADERS);

		if (has_control(lists[i]))
			return problems_add(&c->r->problems, it->line, _("item "
					    "%ld: a name in %s holds a control "
					    "character"),
					    it->id, what) ? -1 : 1;
		if (names_too_long(lists[i]))
			return problems_add(&c->r->problems, it->line, _("item "
					    "%ld: %s longer than the limit of "
					    "%d bytes"), it->id, what,
					    CSV_FIELD_MAX) ? -1 : 1;
	}
	if (it->lead_units.n)
		return 0;
	row->flags |= IMPORT_NO_UNIT;
	return problems_add(&c->r->problems, it->line, _("item %ld: no "
			    "lead unit (%s)"),
			    it->id, lexicon_name(LEX_UNITS)) ? -1 : 1;
}

/* ---- deadlines ---- */

/* Reads the deadline text t of row; 1 if it is a problem. */
static int read_deadline(struct conv *c, const char *t, long line,
			 struct import_row *row)
{
	struct item *it = &row->it;
	int rc = date_parse_deadline(t, c->year, &it->deadline);

	if (rc == -2)
		return problems_add(&c->r->problems, line, _("item %ld: "
				    "deadline \"%s\" needs the plan's year, "
				    "which the document does not give (--year "
				    "YYYY)"),
				    it->id, t) ? -1 : 1;
	if (rc)
		return problems_add(&c->r->problems, line, _("item %ld: "
				    "deadline \"%s\" is not a date"),
				    it->id, t) ? -1 : 1;
	return 0;
}

/* The deadline of row: its own, else inherited as import.h says. */
static int assign_deadline(struct conv *c, const struct seg_item *s,
			   const struct fields *f, struct import_row *row)
{
	struct item *it = &row->it;
	struct span d = f->f[LEX_DEADLINE];

	it->deadline = DATE_NONE;
	it->deadline_text = "";
	if (d.b && d.b < d.e) {
		if (!(it->deadline_text = arena_strndup(&c->r->arena, d.b,
							(size_t)(d.e - d.b))))
			return -1;
		return read_deadline(c, it->deadline_text, it->line, row);
	}
	if (s->deadline) {
		row->flags |= s->section ? IMPORT_DEADLINE_SECTION
					 : IMPORT_DEADLINE_PLAN;
		it->deadline_text = s->deadline;
		return read_deadline(c, s->deadline, s->deadline_line, row);
	}
	if (c->o->deadline != DATE_NONE) {
		row->flags |= IMPORT_DEADLINE_OPTION;
		it->deadline = c->o->deadline;
	} else if (c->year) {
		row->flags |= IMPORT_DEADLINE_YEAR;
		return date_from_ymd(c->year, 12, 31, &it->deadline) ? 1 : 0;
	} else {
		row->flags |= IMPORT_NO_DEADLINE;
	}
	return 0;
}

/* ---- items ---- */

/* The fields of a table row, from its cells. */
static void row_fields(const struct seg_item *s, struct fields *f)
{
	memset(f, 0, sizeof(*f));
	f->repeated = LEX_NONE;
	for (int k = 0; k < LEX_KINDS; k++) {
		const char *v = s->cell[k];

		if (v && *v) {
			f->f[k].b = v;
			f->f[k].e = v + strlen(v);
		}
	}
	f->text = f->f[LEX_TEXT];
	f->f[LEX_TEXT] = (struct span){ NULL, NULL };
	if (!f->text.b)
		f->text.b = f->text.e = "";
}

/* The task text of row; 1 if a problem keeps it out. */
static int assign_text(struct conv *c, const struct fields *f,
		       struct import_row *row)
{
	struct item *it = &row->it;
	size_t len = (size_t)(f->text.e - f->text.b);

	if (!(it->text = arena_strndup(&c->r->arena, f->text.b, len)))
		return -1;
	if (!len)
		return problems_add(&c->r->problems, it->line, _("item %ld: "
				    "no task text"), it->id) ? -1 : 1;
	if (len > CSV_FIELD_MAX)
		return problems_add(&c->r->problems, it->line, _("item %ld: a "
				    "task text longer than the limit of %d "
				    "bytes"),
				    it->id, CSV_FIELD_MAX) ? -1 : 1;
	return 0;
}

/* Adds row to the review and, unless bad, its item to the items. */
static int keep(struct import_result *r, struct import_row *row, bool bad)
{
	if (bad)
		row->flags |= IMPORT_NOT_WRITTEN;
	if (mem_grow((void **)&r->rows, &r->rcap, r->nrows + 1, sizeof(*r->rows)))
		return -1;
	r->rows[r->nrows++] = *row;
	if (bad)
		return 0;
	if (mem_grow((void **)&r->items, &r->cap, r->n + 1, sizeof(*r->items)))
		return -1;
	r->items[r->n++] = row->it;
	return 0;
}

/* Converts item k of the document, numbered id. */
static int convert(struct conv *c, size_t k, long id, bool bad)
{
	const struct seg_item *s = &c->sg->items[k];
	struct import_row row;
	struct fields f;
	int rc;

	memset(&row, 0, sizeof(row));
	row.number = s->number;
	row.it.id = id;
	row.it.line = s->line;
	row.it.section = s->section;
	row.it.section_title = s->section_title ? s->section_title : "";
	row.it.subsection = s->subsection;
	row.it.subsection_title = s->subsection_title ? s->subsection_title : "";
	row.status = s->cell[LEX_STATUS] ? s->cell[LEX_STATUS] : "";
	row.percent = s->cell[LEX_PERCENT] ? s->cell[LEX_PERCENT] : "";
	row.progress = s->cell[LEX_PROGRESS] ? s->cell[LEX_PROGRESS] : "";
	if (s->row)
		row_fields(s, &f);
	else
		fields_read(s->body, &f);
	if (f.repeated != LEX_NONE) {
		if (problems_add(&c->r->problems, s->line, _("item %ld: %s "
				 "given twice"), id, lexicon_name(f.repeated)))
			return -1;
		bad = true;
	}
	if ((rc = assign_text(c, &f, &row)) < 0)
		return -1;
	bad = bad || rc;
	if ((rc = assign_names(c, s, &f, &row)) < 0)
		return -1;
	bad = bad || rc;
	if ((rc = assign_deadline(c, s, &f, &row)) < 0)
		return -1;
	return keep(c->r, &row, bad || rc);
}

/* Converts every item, numbering them as import.h says. */
static int convert_all(struct conv *c)
{
	const struct segments *sg = c->sg;
	bool rises = increasing(sg), renumber = !rises && restarts_per_heading(sg);
	long last = 0;

	if (!renumber && index_numbers(c))
		return -1;

	for (size_t k = 0; k < sg->n; k++) {
		long id = renumber ? (long)k + 1 : sg->items[k].num;
		int bad = 0;

		if (!renumber && (bad = number_problem(c, k, &last)) < 0)
			return -1;
		if (id <= 0)
			id = k ? c->r->rows[c->r->nrows - 1].it.id + 1 : 1;
		if (convert(c, k, id, bad))
			return -1;
		if (renumber)
			c->r->rows[c->r->nrows - 1].flags |= IMPORT_RENUMBERED;
	}
	return 0;
}

/* ---- the document ---- */

/* Reads the document d (which it releases) into r. */
static int import_plandoc(struct import_result *r, struct plandoc *d,
			  const struct import_options *o, const char *name,
			  struct duban_error *err)
{
	struct segments sg = SEGMENTS_INIT;
	struct conv c = { r, o, &sg, 0, NULL, 0 };
	int rc;

	sg.arena = &r->arena;
	rc = segment_read(&sg, d, o->leaders, &r->problems);

	c.year = o->year ? o->year : sg.year;
	if (!c.year && o->deadline != DATE_NONE) {
		int m, day;

		date_to_ymd(o->deadline, &c.year, &m, &day);	/* --deadline's */
	}
	r->year = c.year;
	if (!rc)
		rc = convert_all(&c);
	mem_free(c.first);
	segment_release(&sg);
	plandoc_release(d);
	if (rc) {
		import_release(r);
		return error_nomem(err);
	}
	if (r->nrows == 0 && r->problems.n == 0) {
		import_release(r);
		return error_set(err, name, 0, _("no items: no numbered "
				 "task with its 责任单位"));
	}
	return 0;
}

int import_buffer(struct import_result *r, const char *buf, size_t n,
		  const struct import_options *o, const char *name,
		  struct duban_error *err)
{
	struct plandoc d = PLANDOC_INIT;

	if (plandoc_read_buffer(&d, buf, n, o->enc, name, err))
		return -1;
	return import_plandoc(r, &d, o, name, err);
}

/* Whether the file at path is a workbook (xlsx_is_xlsx(), by its name or
 * its first bytes). */
static bool is_workbook(const char *path)
{
	char head[4];
	size_t n = 0;
	FILE *f = fopen(path, "rb");

	if (f) {
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	return xlsx_is_xlsx(path, head, n);
}

/* Reads the sheet called sheet of the workbook at path into r. */
static int import_sheet(struct import_result *r, const char *path,
			const char *sheet, const struct import_options *o,
			struct duban_error *err)
{
	struct plandoc d = PLANDOC_INIT;

	if (plandoc_read_sheet(&d, path, sheet, err))
		return -1;
	return import_plandoc(r, &d, o, path, err);
}

/* A workbook: the sheet named, else the first that holds items. */
static int import_workbook(struct import_result *r, const char *path,
			   const struct import_options *o,
			   struct duban_error *err)
{
	char **names;
	size_t n;
	int rc = -1;

	if (o->sheet)
		return import_sheet(r, path, o->sheet, o, err);
	if (xlsx_sheet_names(path, &names, &n, err))
		return -1;
	for (size_t i = 0; i < n && rc; i++) {
		struct duban_error sheet_err;

		rc = import_sheet(r, path, names[i], o, &sheet_err);
		if (rc && (i == 0 || error_is_nomem(&sheet_err)))
			*err = sheet_err;	/* the first sheet's says most */
		if (rc && error_is_nomem(&sheet_err))
			break;
	}
	if (rc && n > 1 && !error_is_nomem(err))
		error_set(err, path, 0, _("no sheet holds items: no numbered "
			  "task with its 责任单位 (--sheet NAME picks one)"));
	mem_free(names);
	return rc;
}

int import_file(struct import_result *r, const char *path,
		const struct import_options *o, struct duban_error *err)
{
	struct plandoc d = PLANDOC_INIT;

	if (is_workbook(path))
		return import_workbook(r, path, o, err);
	if (plandoc_read_file(&d, path, o->enc, err))
		return -1;
	return import_plandoc(r, &d, o, path, err);
}

int import_write_csv(const struct import_result *r, struct strbuf *out)
{
	struct strbuf targets = STRBUF_INIT;
	struct duban_error err;
	int rc = table_write_header(out);

	for (size_t i = 0; i < r->n && !rc; i++)
		rc = sb_reset(&targets) ||
		     targets_extract(r->items[i].text, &targets, &err) ||
		     table_write_row(out, &r->items[i], targets.s);
	sb_release(&targets);
	return rc ? -1 : 0;
}

void import_release(struct import_result *r)
{
	mem_free(r->items);
	mem_free(r->rows);
	problems_release(&r->problems);
	arena_release(&r->arena);
	*r = (struct import_result)IMPORT_RESULT_INIT;
}

/* ---- a ledger's state ---- */

/* What ledgers write in a status column besides duban's keys and labels. */
static const struct {
	const char *word;
	enum status status;
} status_words[] = {
	{ "未开始", STATUS_NOT_STARTED }, { "尚未启动", STATUS_NOT_STARTED },
	{ "进行中", STATUS_IN_PROGRESS }, { "正在推进", STATUS_IN_PROGRESS },
	{ "正在实施", STATUS_IN_PROGRESS }, { "推进", STATUS_IN_PROGRESS },
	{ "序时推进", STATUS_IN_PROGRESS }, { "滞后", STATUS_IN_PROGRESS },
	{ "完成", STATUS_DONE }, { "已办结", STATUS_DONE },
	{ "办结", STATUS_DONE }, { "逾期完成", STATUS_DONE },
	{ "暂缓", STATUS_BLOCKED }, { "停滞", STATUS_BLOCKED },
};

static int ledger_status(const char *s, enum status *st)
{
	if (status_parse(s, st) == 0)
		return 0;
	for (size_t i = 0; i < sizeof(status_words) / sizeof(*status_words); i++)
		if (strcmp(s, status_words[i].word) == 0) {
			*st = status_words[i].status;
			return 0;
		}
	return -1;
}

/* The progress cell as a note: its paragraphs on lines again. */
static const char *progress_note(struct import_result *r, const char *cell)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = cell, *brk;
	char *note;

	while ((brk = strstr(p, DOCX_CELL_BREAK))) {
		if (sb_add(&sb, p, (size_t)(brk - p)) || sb_add(&sb, "\n", 1))
			goto nomem;
		p = brk + strlen(DOCX_CELL_BREAK);
	}
	if (sb_puts(&sb, p))
		goto nomem;
	note = arena_strndup(&r->arena, sb.s ? sb.s : "", sb.len);
	sb_release(&sb);
	return note;
nomem:
	sb_release(&sb);
	return NULL;
}

/* Adds the records of one row's state to v (room for 3 more). */
static int state_records(struct import_result *r, const struct import_row *row,
			 const struct item *it, struct entry *v, size_t *n)
{
	enum status st = STATUS_NOT_STARTED;
	bool done;
	int pct;

	if (*row->status && ledger_status(row->status, &st)) {
		if (problems_add(&r->problems, it->line, _("item %ld: \"%s\" is "
				 "not a status (未启动, 推进中, 已完成, 受阻)"),
				 it->id, row->status))
			return -1;
	} else if (*row->status && st != STATUS_NOT_STARTED) {
		v[*n].kind = ENTRY_STATUS;
		v[(*n)++].status = st;
	}
	done = *row->status && st == STATUS_DONE;
	if (*row->percent && percent_parse(row->percent, &pct)) {
		if (problems_add(&r->problems, it->line, _("item %ld: \"%s\" is "
				 "not a percent from 0 to 100"), it->id,
				 row->percent))
			return -1;
	} else if (*row->percent && pct > 0 &&
		   !(pct == 100 && done)) {	/* done says 100% */
		v[*n].kind = ENTRY_PROGRESS;
		v[(*n)++].percent = pct;
	}
	if (*row->progress) {
		v[*n].kind = ENTRY_NOTE;
		if (!(v[(*n)++].note = progress_note(r, row->progress)))
			return -1;
	}
	return 0;
}

int import_starting_state(struct import_result *r, const struct table *t,
			  date_t date, const char *by, struct entry **out,
			  size_t *n, struct duban_error *err)
{
	struct entry *v = mem_calloc(r->nrows * 3 + 1, sizeof(*v));
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (!v)
		return error_nomem(err);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct import_row *row = &r->rows[i];
		const struct item *it = table_find(t, row->it.id);
		size_t from = count;

		if ((row->flags & IMPORT_NOT_WRITTEN) || !it)
			continue;
		if (state_records(r, row, &row->it, v, &count)) {
			mem_free(v);
			return error_nomem(err);
		}
		for (size_t k = from; k < count; k++) {
			entry_set_item(&v[k], it);
			v[k].date = date;
			v[k].by = by;
			if (!v[k].note)
				v[k].note = "";
		}
	}
	*out = v;
	*n = count;
	return 0;
}
