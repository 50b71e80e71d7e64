/*
 * segment — a document's lines cut into items; see segment.h.
 */
#include <string.h>

#include "duban/docx.h"
#include "duban/fields.h"
#include "duban/i18n.h"
#include "duban/lexeme.h"
#include "duban/mem.h"
#include "duban/segment.h"
#include "duban/strbuf.h"
#include "duban/table.h"
#include "duban/text.h"

enum kind {
	K_OTHER, K_SECTION, K_SUBSECTION, K_ITEM, K_NUM_DUN, K_TOPIC, K_LABEL
};

/* Numbering styles, so that a sequence is followed within its style. */
enum style { S_CN_DUN, S_PAREN_CN, S_DOT, S_DUN, S_PAREN, S_CIRCLED,
	     S_SHI, S_COUNT };

/* A numbered line: its kind, style, value, and where its text starts. */
struct mark {
	enum kind kind;
	enum style style;
	long num;
	const char *rest;
	const char *end;	/* the end of the number as printed */
};

#define CELLS_MAX 64

/* The state of one pass over the lines. */
struct seg {
	struct segments *sg;
	struct problems *pr;
	struct plan_line *lines;
	size_t n;
	enum leader_mode lm;
	int section, subsection;
	const char *stitle, *subtitle;
	const char *sleader, *subleader;	/* named by the headings */
	const char *sdeadline, *pdeadline;	/* section's, plan's */
	long sdeadline_line, pdeadline_line;
	bool seen_item, heading_since_item;
	int year_any;				/* a year of a full date */
};

/* ---- numbered lines ---- */

static bool close_paren(const char **p)
{
	return lex_eat(p, "）") || lex_eat(p, ")");
}

/* "（一）", "(一)", "（1）", "(1)" at s. */
static bool paren_mark(const char *s, struct mark *m)
{
	const char *p = s;

	if (!lex_eat(&p, "（") && !lex_eat(&p, "("))
		return false;
	if (lex_read_cn_number(&p, &m->num) == 0 && close_paren(&p)) {
		m->kind = K_SUBSECTION;
		m->style = S_PAREN_CN;
	} else if (lex_read_number(&p, &m->num) == 0 && m->num > 0 &&
		   close_paren(&p)) {
		m->kind = K_ITEM;
		m->style = S_PAREN;
	} else {
		return false;
	}
	m->end = m->rest = p;
	return true;
}

/* "一、", "第一章", "第一部分" at s. */
static bool section_mark(const char *s, struct mark *m)
{
	const char *p = s;

	if (lex_read_cn_number(&p, &m->num) == 0) {
		if (!lex_eat(&p, "、") && !lex_eat(&p, "是"))
			return false;
		m->kind = lex_ends(s, p, "是") ? K_ITEM : K_SECTION;
		m->style = m->kind == K_ITEM ? S_SHI : S_CN_DUN;
		m->end = m->rest = p;
		return true;
	} else if (lex_eat(&p, "第") && lex_read_cn_number(&p, &m->num) == 0 &&
		   (lex_eat(&p, "章") || lex_eat(&p, "部分"))) {
		m->kind = K_SECTION;
	} else {
		return false;
	}
	m->style = S_CN_DUN;
	m->end = m->rest = p;
	return true;
}

/* "1.", "1．", "1、", "1)", "①" at s. */
static bool arabic_mark(const char *s, struct mark *m)
{
	const char *p = s;
	size_t n;

	if ((m->num = lex_circled(s, &n)) > 0) {
		m->kind = K_ITEM;
		m->style = S_CIRCLED;
		m->end = m->rest = s + n;
		return true;
	}
	if (lex_read_number(&p, &m->num) || m->num <= 0)
		return false;
	if (lex_eat(&p, "、")) {
		m->kind = K_NUM_DUN;
		m->style = S_DUN;
	} else if (*p == '.' || lex_starts(p, "．") || *p == ')' ||
		   lex_starts(p, "）")) {
		bool paren = *p == ')' || lex_starts(p, "）");
		const char *q = p + (*p == '.' || *p == ')' ? 1 : strlen("．"));
		const char *r = q;
		long month;

		/* a figure such as 2.0, but "3.6月底前…" is item 3 */
		if (lex_digit(q, &n) >= 0 &&
		    (lex_read_number(&r, &month) || month > 12 ||
		     !lex_starts(r, "月")))
			return false;
		m->kind = K_ITEM;
		m->style = paren ? S_PAREN : S_DOT;
		p = q;
	} else {
		return false;
	}
	m->end = m->rest = p;
	return true;
}

/* What line s is. */
static enum kind classify(const char *s, struct mark *m)
{
	size_t n;

	memset(m, 0, sizeof(*m));
	if (paren_mark(s, m) || section_mark(s, m) || arabic_mark(s, m)) {
		while ((n = lex_blank(m->rest)))
			m->rest += n;
		return m->kind;
	}
	if (lex_starts(s, "——") || lex_starts(s, "—"))
		return m->kind = K_TOPIC;
	if (lexicon_label_at(s, &n) != LEX_NONE)
		return m->kind = K_LABEL;
	return m->kind = K_OTHER;
}

/* ---- lines whose breaks were lost ---- */

/* Whether a numbered mark at p, after a blank, continues its style's
 * sequence: there the line is cut. */
static bool cut_here(const char *p, long *last)
{
	struct mark m;

	if (classify(p, &m) == K_OTHER || m.kind == K_TOPIC ||
	    m.kind == K_LABEL)
		return false;
	return m.num == last[m.style] + 1 || m.num == 1;
}

static void note_mark(const char *s, long *last)
{
	struct mark m;

	if (classify(s, &m) != K_OTHER && m.kind != K_TOPIC &&
	    m.kind != K_LABEL)
		last[m.style] = m.num;
}

/* Appends the line str, line no of the document, to s->lines. */
static int push_line(struct seg *s, size_t *cap, char *str, long no)
{
	if (mem_grow((void **)&s->lines, cap, s->n + 1, sizeof(*s->lines)))
		return -1;
	s->lines[s->n].s = str;
	s->lines[s->n++].no = no;
	return 0;
}

/* The length of what closes a clause at s (。；; or a closing bracket), or
 * 0: a number right after it may start the next item of a text whose line
 * breaks were lost. */
static size_t clause_end(const char *s)
{
	static const char *const ends[] = { "。", "；", ";", "）", ")", "〕", "】",
					    "]" };

	for (size_t i = 0; i < NELEM(ends); i++)
		if (lex_starts(s, ends[i]))
			return strlen(ends[i]);
	return 0;
}

/* Appends line (number no) to s->lines, cut where numbers continue: after
 * a blank (which goes), or after the end of a clause (which stays with
 * the part before, the rest copied to make room for its end). */
static int add_cut_line(struct seg *s, char *line, long no, size_t *cap,
			long *last)
{
	char *start = line;

	note_mark(line, last);
	for (char *p = line; *p; p += text_char_len(p)) {
		size_t b = lex_blank(p), c = b ? 0 : clause_end(p);
		char *q = p + b + c, *rest;

		if ((!b && !c) || p == start)
			continue;
		while (lex_blank(q))
			q += lex_blank(q);
		if (!*q || !cut_here(q, last))
			continue;
		if (!(rest = arena_strndup(s->sg->arena, q, strlen(q))))
			return -1;
		p[c] = '\0';
		if (push_line(s, cap, start, no))
			return -1;
		start = p = rest;
		note_mark(start, last);
	}
	return push_line(s, cap, start, no);
}

static int cut_lines(struct seg *s, struct plandoc *d)
{
	long last[S_COUNT] = { 0 };
	size_t cap = 0;

	for (size_t i = 0; i < d->n; i++) {
		/* a table row is never cut */
		if (strchr(d->lines[i].s, '\t') || strchr(d->lines[i].s, '|')) {
			if (push_line(s, &cap, d->lines[i].s, d->lines[i].no))
				return -1;
		} else if (add_cut_line(s, d->lines[i].s, d->lines[i].no, &cap,
					last)) {
			return -1;
		}
	}
	return 0;
}

/* ---- the plan year and its rules ---- */

/* The first "YYYY年" in s: a year alone in *alone, one of a full date
 * ("2021年5月12日") in *dated, each set only if still 0. */
static void find_year(const char *s, int *alone, int *dated)
{
	for (const char *p = s; *p; p += text_char_len(p)) {
		const char *q = p, *r;
		size_t n;
		long y, m;

		if ((p > s && lex_digit(lex_char_before(s, p), &n) >= 0) ||
		    lex_read_number(&q, &y) || y < 1900 ||
		    y > 9999 || !lex_starts(q, "年"))
			continue;
		r = q + strlen("年");
		if (lex_read_number(&r, &m) == 0 && lex_starts(r, "月")) {
			if (!*dated)
				*dated = (int)y;
		} else if (!*alone) {
			*alone = (int)y;
		}
	}
}

/* Whether s states that the first unit listed leads. */
static bool states_first_leads(const char *s)
{
	return lexicon_first_leads_rule(s, s + strlen(s));
}

/* ---- headings ---- */

static const char *const heading_verbs[] = {
	"牵头", "主抓", "负责", "分管", "联系",
};

static size_t verb_at(const char *s)
{
	for (size_t i = 0; i < NELEM(heading_verbs); i++)
		if (lex_starts(s, heading_verbs[i]))
			return strlen(heading_verbs[i]);
	return 0;
}

/* Moves p past a note in brackets ("（挂职）"), if one starts there. */
static const char *skip_note(const char *p)
{
	const char *q = p;

	if (!lex_eat(&q, "（") && !lex_eat(&q, "("))
		return p;
	while (*q && !lex_starts(q, "）") && *q != ')')
		q += text_char_len(q);
	return *q ? q + text_char_len(q) : p;
}

/* The end of a name of len Chinese characters at p, or NULL. */
static const char *name_end(const char *p, int len)
{
	for (int k = 0; k < len; k++) {
		if (!lex_is_han(p))
			return NULL;
		p += text_char_len(p);
	}
	return p;
}

/* The leader a heading's title names, or NULL: "于会游市长主抓重点工作",
 * "区长王磊牵头…", "由李明副区长（挂职）牵头的工作"; with LEADER_ON also
 * "张三牵头工作", a name without an office. */
static const char *heading_leader(struct seg *s, const char *title)
{
	const char *p = title, *o;
	size_t office;

	if (s->lm == LEADER_OFF)
		return NULL;
	lex_eat(&p, "由");
	office = lexicon_office_at(p);
	/* the shortest name first: "李明副区长" is 李明, 副区长 */
	for (int len = 2; len <= 4; len++) {
		const char *e = name_end(p + office, len), *v;

		if (!e)
			break;
		o = e + (office ? 0 : lexicon_office_at(e));
		if (!office && o == e && s->lm != LEADER_ON)
			continue;
		v = skip_note(o);
		if (verb_at(v))
			return arena_strndup(s->sg->arena, p + office,
					     (size_t)(e - p - office));
	}
	return NULL;
}

/* Whether the title of a heading is a heading, not a numbered sentence of
 * a notice ("一、各有关部门要高度重视…。…"). */
static bool heading_like(const char *title)
{
	const char *stop = strstr(title, "。");

	return text_length(title) <= 60 &&
	       (!stop || stop[strlen("。")] == '\0');
}

/* Starts the section (or subsection, sub) numbered num with this title
 * (heading_like(), so short enough for items.csv). */
static int heading(struct seg *s, bool sub, long num, const char *title,
		   long line)
{
	if (num > TABLE_SECTION_MAX)
		return problems_add(s->pr, line, sub
				    ? _("subsection %ld: a number over %d")
				    : _("section %ld: a number over %d"),
				    num, TABLE_SECTION_MAX);
	if (!(title = arena_strndup(s->sg->arena, title, strlen(title))))
		return -1;
	s->heading_since_item = true;
	s->sdeadline = NULL;
	if (sub) {
		s->subsection = (int)num;
		s->subtitle = title;
		s->subleader = heading_leader(s, title);
		return 0;
	}
	s->section = (int)num;
	s->stitle = title;
	s->sleader = heading_leader(s, title);
	s->subsection = 0;
	s->subtitle = "";
	s->subleader = NULL;
	return 0;
}

/* A line "完成时限：…" outside an item: the deadline of its section, or of
 * the plan before any item. */
static int stated_deadline(struct seg *s, const char *line, long no)
{
	size_t n;
	const char *b, *e;
	char *v;

	if (lexicon_label_at(line, &n) != LEX_DEADLINE)
		return 0;
	b = line + n;
	e = b + strlen(b);
	lex_trim(&b, &e, lex_separator);
	if (!(v = arena_strndup(s->sg->arena, b, (size_t)(e - b))))
		return -1;
	if (s->seen_item || s->section) {
		s->sdeadline = v;
		s->sdeadline_line = no;
	} else {
		s->pdeadline = v;
		s->pdeadline_line = no;
	}
	return 0;
}

/* ---- items ---- */

/* Adds an item with s's headings; returns it, or NULL out of memory. */
static struct seg_item *add_item(struct seg *s, const char *number, long num,
				 long line)
{
	struct segments *sg = s->sg;
	struct seg_item *it;

	if (mem_grow((void **)&sg->items, &sg->cap, sg->n + 1, sizeof(*sg->items)))
		return NULL;
	it = &sg->items[sg->n++];
	memset(it, 0, sizeof(*it));
	if (!(it->number = arena_strndup(sg->arena, number, strlen(number))))
		return NULL;
	it->num = num;
	it->line = line;
	it->section = s->section;
	it->section_title = s->stitle;
	it->subsection = s->subsection;
	it->subsection_title = s->subtitle;
	it->heading_leader = s->subleader ? s->subleader : s->sleader;
	it->deadline = s->sdeadline ? s->sdeadline : s->pdeadline;
	it->deadline_line = s->sdeadline ? s->sdeadline_line : s->pdeadline_line;
	it->after_heading = s->heading_since_item;
	s->heading_since_item = false;
	s->seen_item = true;
	return it;
}

/* The number of mark m as printed on line s: "1", "(一)", "①". */
static const char *printed(struct seg *s, const char *line, const struct mark *m)
{
	const char *b = line, *e = m->end;

	if (lex_ends(b, e, "、") || lex_ends(b, e, "．"))
		e -= strlen("、");
	else if (lex_ends(b, e, ".") || (m->style != S_PAREN_CN &&
					 m->style != S_PAREN && lex_ends(b, e, ")")))
		e--;
	else if (lex_ends(b, e, "是"))
		e -= strlen("是");
	return arena_strndup(s->sg->arena, b, (size_t)(e - b));
}

/* Appends line t to the body in sb: nothing between Chinese, a blank
 * between ASCII words and before a label line. */
static int join_line(struct strbuf *sb, const char *t, bool label)
{
	bool ascii = sb->len && (unsigned char)sb->s[sb->len - 1] < 0x80 &&
		     (unsigned char)t[0] < 0x80 && sb->s[sb->len - 1] != ' ';

	if ((ascii || (label && sb->len)) && sb_add(sb, " ", 1))
		return -1;
	return sb_puts(sb, t);
}

static bool table_start(struct seg *s, size_t i);

/* Whether line is a label whose value is on the next line: "责任单位：". */
static bool empty_label(const char *line)
{
	size_t n;
	const char *p;

	if (lexicon_label_at(line, &n) == LEX_NONE)
		return false;
	for (p = line + n; lex_blank(p); p += lex_blank(p))
		;
	return *p == '\0';
}

/* Gathers the body of the item whose text starts at rest on line i, over
 * the lines that continue it; the index of the first line after it in
 * *next.  Returns the body in s's arena, or NULL out of memory. */
static char *gather_body(struct seg *s, size_t i, const char *rest,
			 size_t *next)
{
	struct strbuf sb = STRBUF_INIT;
	bool labels = false, open;
	size_t j;
	char *body;

	if (sb_puts(&sb, rest))
		goto nomem;
	for (j = i + 1; j < s->n; j++) {
		struct mark m;
		enum kind k = classify(s->lines[j].s, &m);

		if (table_start(s, j))
			break;
		if (k == K_LABEL) {
			labels = true;
		} else if (k == K_OTHER && empty_label(s->lines[j - 1].s)) {
			/* "责任单位：" and its units on the next line */
		} else if (k != K_OTHER) {
			break;
		} else if (sb.s) {
			bool done = fields_closed(sb.s, &open);

			if (!open && (labels || done))
				break;
		}
		if (join_line(&sb, s->lines[j].s, k == K_LABEL))
			goto nomem;
	}
	*next = j;
	body = arena_strndup(s->sg->arena, sb.s ? sb.s : "", sb.len);
	sb_release(&sb);
	return body;
nomem:
	sb_release(&sb);
	return NULL;
}

/* Whether the numbered line i, with the lines that continue it, carries
 * an assignment of its own (a deadline alone is its section's).  Returns
 * 1 or 0, or -1 out of memory. */
static int assigned_here(struct seg *s, size_t i, const char *rest)
{
	struct fields f;
	size_t next;
	const char *body = gather_body(s, i, rest, &next);

	if (!body)
		return -1;
	if (!fields_read(body, &f))
		return 0;
	for (int k = LEX_LEADERS; k < LEX_DEADLINE; k++)
		if (f.f[k].b)
			return 1;
	return 0;
}

/* Reads the item numbered by m on line i; the next line to read in
 * *next.  Returns 0, or -1 out of memory. */
static int paragraph_item(struct seg *s, size_t i, const struct mark *m,
			  size_t *next)
{
	const char *number = printed(s, s->lines[i].s, m);
	struct seg_item *it;
	char *body;
	struct fields f;

	if (!number || !(body = gather_body(s, i, m->rest, next)))
		return -1;
	if (!(it = add_item(s, number, m->num, s->lines[i].no)))
		return -1;
	it->body = body;
	it->assigned = fields_read(body, &f);
	it->style = (int)m->style;
	return 0;
}

/* ---- tables ---- */

/* One cell of a row: a range of its line. */
struct cellspan {
	const char *b, *e;
};

enum layout { T_ROW_LINES, T_PIPE_CELLS, T_BARE_CELLS, T_BLANKS };

/* A table being read. */
struct tbl {
	enum layout how;
	char sep;			/* T_ROW_LINES: '\t' or '|' */
	enum lex_kind col[CELLS_MAX];	/* the kind of each column */
	size_t ncols;
	size_t text_col;		/* T_BLANKS: the column of the text */
	long last;			/* the number of the last row */
	long count;			/* rows read */
};

static struct cellspan span_trimmed(const char *b, const char *e)
{
	lex_trim(&b, &e, lex_blank);
	return (struct cellspan){ b, e };
}

/* Splits line at sep into at most CELLS_MAX cells; the border cells of
 * "| a | b |" are not cells. */
static size_t split_cells(const char *line, char sep, struct cellspan *v)
{
	size_t n = 0;
	const char *b = line, *end = line + strlen(line);

	for (const char *p = line;; p++) {
		if (*p != sep && *p)
			continue;
		if (n < CELLS_MAX)
			v[n++] = span_trimmed(b, p);
		if (!*p)
			break;
		b = p + 1;
	}
	if (sep == '|' && n && v[n - 1].b == v[n - 1].e && end > line &&
	    end[-1] == '|')
		n--;
	if (sep == '|' && n && v[0].b == v[0].e && *line == '|')
		memmove(v, v + 1, --n * sizeof(*v));
	return n;
}

static enum lex_kind span_kind(struct cellspan c)
{
	char buf[128];
	size_t n = (size_t)(c.e - c.b);

	if (n >= sizeof(buf))
		return LEX_NONE;
	memcpy(buf, c.b, n);
	buf[n] = '\0';
	return lexicon_header(buf);
}

/* Takes cells v[0..n) as the header of t if they are one: two labels or
 * more, one of them the task or a unit. */
static bool header_of(struct tbl *t, const struct cellspan *v, size_t n)
{
	size_t known = 0;
	bool key = false;

	for (size_t i = 0; i < n; i++) {
		t->col[i] = span_kind(v[i]);
		known += t->col[i] != LEX_NONE;
		key = key || t->col[i] == LEX_TEXT || t->col[i] == LEX_LEAD ||
		      t->col[i] == LEX_UNITS || t->col[i] == LEX_PARTICIPANTS;
	}
	t->ncols = n;
	return known >= 2 && key;
}

/* Header cells "序号 工 作 任 务 牵头负责部门": blank-separated, a run of
 * single characters one cell. */
static size_t blank_header(const char *line, struct cellspan *v)
{
	size_t n = 0;
	bool run = false;

	for (const char *p = line; *p && n < CELLS_MAX;) {
		const char *q = p;
		bool single;

		while (*q && !lex_blank(q))
			q += text_char_len(q);
		single = text_char_len(p) == (size_t)(q - p);
		if (single && run)
			v[n - 1].e = q;
		else
			v[n++] = (struct cellspan){ p, q };
		run = single;
		while (*q && lex_blank(q))
			q += lex_blank(q);
		p = q;
	}
	return n;
}

/* The value of a cell that is a number alone ("12", "（一）", "3."), or
 * 0. */
static long cell_number(struct cellspan c)
{
	char buf[64];
	struct mark m;
	const char *p = buf;
	long v;
	size_t n = (size_t)(c.e - c.b);

	if (!n || n >= sizeof(buf))
		return 0;
	memcpy(buf, c.b, n);
	buf[n] = '\0';
	if (lex_read_number(&p, &v) == 0 && *p == '\0')
		return v;
	if (classify(buf, &m) != K_OTHER && m.num > 0 && *m.rest == '\0')
		return m.num;
	return 0;
}

static char *span_dup(struct seg *s, struct cellspan c)
{
	return arena_strndup(s->sg->arena, c.b, (size_t)(c.e - c.b));
}

/* A cell of kind k, its paragraphs (DOCX_CELL_BREAK) made what they are
 * in that kind: a task wrapped over paragraphs is one text again (a blank
 * between ASCII words), names one a paragraph are a list. */
static char *cell_dup(struct seg *s, struct cellspan c, enum lex_kind k)
{
	const char *sep = k == LEX_TEXT ? "" : k == LEX_DEADLINE ? "，" : "；";
	struct strbuf sb = STRBUF_INIT;
	char *out;
	int rc = 0;

	for (const char *p = c.b; p < c.e && !rc;) {
		const char *q = p;

		while (q < c.e && !lex_starts(q, DOCX_CELL_BREAK))
			q += text_char_len(q);
		if (p != c.b && k != LEX_TEXT)
			rc = sb_puts(&sb, sep);
		else if (p != c.b && sb.len && (unsigned char)*p < 0x80 &&
			 (unsigned char)sb.s[sb.len - 1] < 0x80)
			rc = sb_add(&sb, " ", 1);
		rc = rc || sb_add(&sb, p, (size_t)(q - p));
		p = q < c.e ? q + strlen(DOCX_CELL_BREAK) : c.e;
	}
	out = rc ? NULL : arena_strndup(s->sg->arena, sb.s ? sb.s : "", sb.len);
	sb_release(&sb);
	return out;
}

/* The columns of t for a row of n cells: when the row is short of cells,
 * the columns whose kind repeats an earlier one are taken as merged away. */
static size_t row_columns(const struct tbl *t, size_t n, enum lex_kind *col)
{
	size_t drop = n < t->ncols ? t->ncols - n : 0, k = 0;
	bool seen[LEX_KINDS] = { false };

	for (size_t i = 0; i < t->ncols; i++) {
		enum lex_kind c = t->col[i];

		if (c != LEX_NONE && seen[c] && drop) {
			drop--;
			continue;
		}
		if (c != LEX_NONE)
			seen[c] = true;
		col[k++] = c;
	}
	return k;
}

/* A row that is a heading: one cell, read as a numbered heading. */
static int row_heading(struct seg *s, struct cellspan c, long line, bool *done)
{
	char *text = span_dup(s, c);
	struct mark m;
	enum kind k;

	if (!text)
		return -1;
	k = classify(text, &m);
	*done = (k == K_SECTION || k == K_SUBSECTION || k == K_NUM_DUN) &&
		heading_like(m.rest);
	if (!*done)
		return 0;
	return heading(s, k == K_SUBSECTION, m.num, m.rest, line);
}

/* Appends text to the cell of kind k of the last item, which is a row of
 * t: a task wrapped onto a row of its own.  Returns 0, or -1 out of
 * memory. */
static int continue_cell(struct seg *s, const struct tbl *t, enum lex_kind k,
			 struct cellspan text)
{
	struct segments *sg = s->sg;
	struct seg_item *it = sg->n ? &sg->items[sg->n - 1] : NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *add;
	int rc;

	if (!it || !it->row || !t->count || text.b == text.e)
		return 0;	/* nothing to continue: a note */
	if (!(add = cell_dup(s, text, k)))
		return -1;
	rc = sb_puts(&sb, it->cell[k] ? it->cell[k] : "") ||
	     join_line(&sb, add, false);
	if (!rc && !(it->cell[k] = arena_strndup(sg->arena, sb.s, sb.len)))
		rc = -1;
	sb_release(&sb);
	return rc ? -1 : 0;
}

/* A row without a number under a row that has one: what its cells hold
 * continues that row's task ("\t完成投资100亿元"). */
static int continued_row(struct seg *s, const struct tbl *t,
			 const struct cellspan *v, size_t n,
			 const enum lex_kind *col, size_t nc)
{
	for (size_t i = 0; i < nc && i < n; i++)
		if (col[i] == LEX_TEXT && continue_cell(s, t, LEX_TEXT, v[i]))
			return -1;
	return 0;
}

/* A ledger names each row's section in a column of its own (所属部分):
 * a title other than the current section's starts the next section, or
 * the one its mark numbers ("三、深化改革创新"). */
static int section_column(struct seg *s, const struct cellspan *v, size_t n,
			  const enum lex_kind *col, size_t nc, long line)
{
	struct mark m;
	char *title;
	long num;

	for (size_t i = 0; i < nc && i < n; i++) {
		if (col[i] != LEX_SECTION || v[i].b == v[i].e)
			continue;
		if (!(title = span_dup(s, v[i])))
			return -1;
		num = s->section + 1;
		if (section_mark(title, &m) && m.kind == K_SECTION && *m.rest) {
			num = m.num;
			title = (char *)m.rest;
		}
		if (s->stitle && strcmp(s->stitle, title) == 0)
			return 0;
		return heading(s, false, num, title, line);
	}
	return 0;
}

/* Reads one row of n cells of t, at line. */
static int table_row(struct seg *s, struct tbl *t, struct cellspan *v,
		     size_t n, long line)
{
	enum lex_kind col[CELLS_MAX];
	struct seg_item *it;
	size_t nc, numcol = CELLS_MAX;
	long num = 0;
	bool done = false;

	while (n && v[n - 1].b == v[n - 1].e)
		n--;
	if (!n)
		return 0;
	if (n == 1 && (row_heading(s, v[0], line, &done) || done))
		return done ? 0 : -1;
	nc = row_columns(t, n, col);
	for (size_t i = 0; i < nc && i < n; i++)
		if (col[i] == LEX_NUMBER && numcol == CELLS_MAX)
			numcol = i;
	if (numcol < n && !(num = cell_number(v[numcol])))
		return continued_row(s, t, v, n, col, nc);
	if (numcol == CELLS_MAX)
		num = t->count + 1;
	if (section_column(s, v, n, col, nc, line))
		return -1;
	if (!(it = add_item(s, "", num, line)))
		return -1;
	if (numcol < n && !(it->number = span_dup(s, v[numcol])))
		return -1;
	it->row = true;
	it->style = S_COUNT;
	for (size_t i = 0; i < nc && i < n; i++) {
		if (col[i] == LEX_NONE || col[i] == LEX_NUMBER ||
		    col[i] == LEX_SECTION || it->cell[col[i]])
			continue;
		if (!(it->cell[col[i]] = cell_dup(s, v[i], col[i])))
			return -1;
		if (col[i] >= LEX_LEAD && col[i] <= LEX_PARTICIPANTS &&
		    v[i].b < v[i].e)
			it->assigned = true;
	}
	t->count++;
	t->last = num;
	return 0;
}

/* Rows of cells on one line each, TAB- or "|"-separated. */
static int read_row_lines(struct seg *s, struct tbl *t, size_t i, size_t *next)
{
	struct cellspan v[CELLS_MAX];

	for (i++; i < s->n; i++) {
		const char *line = s->lines[i].s;
		size_t n;
		bool done;

		/* a row of one cell lost its empty ones with its blanks: a
		 * heading, or the task of the row before wrapped */
		if (!strchr(line, t->sep)) {
			struct cellspan c = span_trimmed(line, line + strlen(line));

			if (row_heading(s, c, s->lines[i].no, &done))
				return -1;
			if (done)
				continue;
			if (i + 1 >= s->n || !strchr(s->lines[i + 1].s, t->sep))
				break;
			if (continue_cell(s, t, LEX_TEXT, c))
				return -1;
			continue;
		}
		n = split_cells(line, t->sep, v);
		if (table_row(s, t, v, n, s->lines[i].no))
			return -1;
	}
	*next = i;
	return 0;
}

/* Rows "1 TEXT UNIT": the first and last cells by blanks, the task text
 * what is between. */
static int read_blank_rows(struct seg *s, struct tbl *t, size_t i, size_t *next)
{
	for (i++; i < s->n; i++) {
		struct cellspan tok[CELLS_MAX], v[CELLS_MAX];
		size_t n = 0, tail, k = 0;

		for (const char *p = s->lines[i].s; *p && n < CELLS_MAX;) {
			const char *q = p;

			while (*q && !lex_blank(q))
				q += text_char_len(q);
			tok[n++] = (struct cellspan){ p, q };
			while (*q && lex_blank(q))
				q += lex_blank(q);
			p = q;
		}
		if (n < 2 || !cell_number(tok[0]))
			break;
		if (n <= t->text_col)
			continue;	/* too few cells to hold the task */
		tail = t->ncols - t->text_col - 1;
		if (n < t->text_col + 1 + tail)
			tail = n > t->text_col + 1 ? n - t->text_col - 1 : 0;
		for (; k < t->text_col && k < n; k++)
			v[k] = tok[k];
		v[k].b = tok[k].b;
		v[k].e = tok[n - tail - 1].e;
		for (size_t j = 0; j < tail; j++)
			v[k + 1 + j] = tok[n - tail + j];
		if (table_row(s, t, v, k + 1 + tail, s->lines[i].no))
			return -1;
	}
	*next = i;
	return 0;
}

/* The cell of a line in a table of a cell a line: "text |" or "text". */
static struct cellspan line_cell(const char *line, bool pipe)
{
	const char *b = line, *e = line + strlen(line);

	if (pipe)
		while (e > b && (e[-1] == '|' || lex_blank(lex_char_before(b, e))))
			e = lex_char_before(b, e);
	return span_trimmed(b, e);
}

/* Whether line belongs to a table of a cell a line. */
static bool cell_line(const char *line, bool pipe)
{
	size_t len = strlen(line);
	struct mark m;
	enum kind k;

	if (pipe)
		return len && line[len - 1] == '|';
	k = classify(line, &m);
	return k != K_SECTION && k != K_SUBSECTION && k != K_LABEL;
}

/* The cells a and b, on lines of their own, as one string in the arena. */
static struct cellspan joined(struct seg *s, struct cellspan a,
			      struct cellspan b)
{
	size_t na = (size_t)(a.e - a.b), nb = (size_t)(b.e - b.b);
	char *j = arena_alloc(s->sg->arena, na + nb + 1);

	if (!j)
		return (struct cellspan){ NULL, NULL };
	memcpy(j, a.b, na);
	memcpy(j + na, b.b, nb);
	j[na + nb] = '\0';
	return (struct cellspan){ j, j + na + nb };
}

/* Joins header fragments that make a label only together ("责任" "领导"),
 * in place; returns the count left, or -1 out of memory. */
static long join_fragments(struct seg *s, struct cellspan *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		struct cellspan j;

		if (i + 1 < n && span_kind(v[i]) == LEX_NONE &&
		    span_kind(v[i + 1]) == LEX_NONE) {
			if (!(j = joined(s, v[i], v[i + 1])).b)
				return -1;
			if (span_kind(j) != LEX_NONE) {
				v[k++] = j;
				i++;
				continue;
			}
		}
		v[k++] = v[i];
	}
	return (long)k;
}

/* A table of a cell a line ("序号 |" … or "序号" …): the header cells up to
 * the first number, then rows, each starting at its number. */
static int read_cell_lines(struct seg *s, struct tbl *t, size_t i,
			   size_t *next)
{
	struct cellspan v[CELLS_MAX];
	bool pipe = t->how == T_PIPE_CELLS;
	size_t n = 0, start = i;
	long row_line = 0;

	for (; i < s->n && cell_line(s->lines[i].s, pipe); i++) {
		struct cellspan c = line_cell(s->lines[i].s, pipe);

		if (cell_number(c) && (!t->ncols || !row_line ||
				       (cell_number(c) == t->last + 1 && n >= 2))) {
			if (!t->ncols) {
				long k = pipe ? (long)n : join_fragments(s, v, n);

				if (k < 0)
					return -1;
				if (!header_of(t, v, (size_t)k))
					break;
			} else if (table_row(s, t, v, n, row_line)) {
				return -1;
			}
			n = 0;
			row_line = s->lines[i].no;
			t->last = cell_number(c);
		} else if (!pipe && row_line && n >= t->ncols) {
			break;
		}
		if (n < CELLS_MAX)
			v[n++] = c;
	}
	if (row_line && n && t->ncols && table_row(s, t, v, n, row_line))
		return -1;
	*next = t->ncols ? i : start + 1;	/* no header: not a table */
	return 0;
}

/* Whether a table starts at line i; its layout and header in t. */
static bool table_at(struct seg *s, size_t i, struct tbl *t)
{
	const char *line = s->lines[i].s;
	struct cellspan v[CELLS_MAX];
	size_t n, len = strlen(line);
	enum lex_kind first;

	memset(t, 0, sizeof(*t));
	for (const char *sep = "\t|"; *sep; sep++) {
		if (!strchr(line, *sep))
			continue;
		n = split_cells(line, *sep, v);
		if (n >= 3 && header_of(t, v, n)) {
			t->how = T_ROW_LINES;
			t->sep = *sep;
			return true;
		}
	}
	first = span_kind(line_cell(line, len && line[len - 1] == '|'));
	if (first == LEX_NUMBER && i + 1 < s->n) {
		t->how = len && line[len - 1] == '|' ? T_PIPE_CELLS : T_BARE_CELLS;
		memset(t->col, 0, sizeof(t->col));
		t->ncols = 0;
		return true;
	}
	n = blank_header(line, v);
	if (n >= 3 && span_kind(v[0]) == LEX_NUMBER && header_of(t, v, n)) {
		t->how = T_BLANKS;
		for (t->text_col = 0; t->text_col < n; t->text_col++)
			if (t->col[t->text_col] == LEX_TEXT)
				break;
		return t->text_col < n;
	}
	return false;
}

static bool table_start(struct seg *s, size_t i)
{
	struct tbl t;

	return table_at(s, i, &t);
}

/* Reads the table at line i; the line after it in *next. */
static int read_table(struct seg *s, size_t i, size_t *next)
{
	struct tbl t;

	table_at(s, i, &t);
	s->heading_since_item = true;
	switch (t.how) {
	case T_ROW_LINES:
		return read_row_lines(s, &t, i, next);
	case T_BLANKS:
		return read_blank_rows(s, &t, i, next);
	default:
		return read_cell_lines(s, &t, i, next);
	}
}

/* ---- the pass ---- */

/* Reads the numbered line i, of kind k; the next line in *next. */
static int numbered_line(struct seg *s, size_t i, const struct mark *m,
			 size_t *next)
{
	bool sub = m->kind == K_SUBSECTION;

	switch (m->kind) {
	case K_ITEM:
		return paragraph_item(s, i, m, next);
	case K_SUBSECTION:
	case K_NUM_DUN:
		switch (assigned_here(s, i, m->rest)) {
		case 1:
			return paragraph_item(s, i, m, next);
		case -1:
			return -1;
		}
		/* fall through */
	case K_SECTION:
		if (!heading_like(m->rest))
			return 0;
		return heading(s, sub, m->num, m->rest, s->lines[i].no);
	default:
		return 0;
	}
}

static int read_lines(struct seg *s)
{
	int alone = 0, dated = 0;

	for (size_t i = 0; i < s->n && !s->sg->first_leads; i++)
		s->sg->first_leads = states_first_leads(s->lines[i].s);
	for (size_t i = 0, next; i < s->n; i = next) {
		const char *line = s->lines[i].s;
		struct mark m;
		enum kind k;

		next = i + 1;
		if (!s->seen_item)
			find_year(line, &alone, &dated);
		if (table_start(s, i)) {
			if (read_table(s, i, &next))
				return -1;
			continue;
		}
		k = classify(line, &m);
		if (k == K_LABEL && stated_deadline(s, line, s->lines[i].no))
			return -1;
		if (k != K_LABEL && numbered_line(s, i, &m, &next))
			return -1;
	}
	s->sg->year = alone ? alone : dated;
	return 0;
}

/* Drops the numbered paragraphs without an assignment whose numbering
 * style no assigned item shares: text, not items. */
static void drop_unassigned(struct segments *sg)
{
	bool styled[S_COUNT + 1] = { false };
	size_t k = 0;

	for (size_t i = 0; i < sg->n; i++)
		if (sg->items[i].assigned)
			styled[sg->items[i].style] = true;
	for (size_t i = 0; i < sg->n; i++)
		if (sg->items[i].assigned || sg->items[i].row ||
		    styled[sg->items[i].style])
			sg->items[k++] = sg->items[i];
	sg->n = k;
}

int segment_read(struct segments *sg, struct plandoc *d, enum leader_mode lm,
		 struct problems *pr)
{
	struct seg s = { 0 };
	int rc;

	s.sg = sg;
	s.pr = pr;
	s.lm = lm;
	s.stitle = s.subtitle = "";
	rc = cut_lines(&s, d);
	if (!rc)
		rc = read_lines(&s);
	mem_free(s.lines);
	if (!rc)
		drop_unassigned(sg);
	return rc;
}

void segment_release(struct segments *sg)
{
	mem_free(sg->items);
	*sg = (struct segments)SEGMENTS_INIT;
}
