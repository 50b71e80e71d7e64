/*
 * import — a plan document (plain text) read into items; see import.h.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/date.h"
#include "duban/docx.h"
#include "duban/extract.h"
#include "duban/import.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/text.h"

/* Largest document read: far beyond any plan. */
#define IMPORT_MAX_BYTES (64L * 1024 * 1024)

/* One line of the document, cleaned: bookmarks removed, ends trimmed. */
struct line {
	const char *s;
	long no;
};

enum field { F_LEADERS, F_LEAD, F_PARTICIPANTS, F_DEADLINE, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"牵头领导", "责任单位", "参加单位", "完成时限"
};

/* Longer labels before the ones they contain. */
static const struct {
	const char *label;
	enum field field;
} labels[] = {
	{ "主要责任单位", F_LEAD }, { "责任单位", F_LEAD }, { "牵头单位", F_LEAD },
	{ "牵头领导", F_LEADERS }, { "责任领导", F_LEADERS },
	{ "分管领导", F_LEADERS },
	{ "参加单位", F_PARTICIPANTS }, { "配合单位", F_PARTICIPANTS },
	{ "协办单位", F_PARTICIPANTS },
	{ "完成时限", F_DEADLINE }, { "完成时间", F_DEADLINE },
	{ "时限", F_DEADLINE },
};

static const char *const brackets[][2] = {
	{ "〔", "〕" }, { "（", "）" }, { "(", ")" }, { "[", "]" }, { "［", "］" },
	{ "【", "】" },
};

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

static bool starts(const char *s, const char *w)
{
	return strncmp(s, w, strlen(w)) == 0;
}


/* Length of the blank at s (space, tab, CR, ideographic space), or 0. */
static size_t blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r')
		return 1;
	if (starts(s, "\xe3\x80\x80"))
		return 3;
	return 0;
}

/* Length of the separator at s (a blank or ；;，,。.、:：), or 0. */
static size_t sep_len(const char *s)
{
	static const char *const seps[] = { "；", "，", "。", "、", "：" };
	size_t n = blank_len(s);

	if (n)
		return n;
	if (*s == ';' || *s == ',' || *s == '.' || *s == ':')
		return 1;
	for (size_t i = 0; i < NELEM(seps); i++)
		if (starts(s, seps[i]))
			return strlen(seps[i]);
	return 0;
}

/* The start of the UTF-8 character that ends at e (b < e). */
static const char *char_before(const char *b, const char *e)
{
	const char *p = e - 1;

	while (p > b && ((unsigned char)*p & 0xC0) == 0x80 && e - p < 4)
		p--;
	return p;
}

/* Trims what len() measures (blanks, separators) off both ends of
 * [*b, *e). */
static void trim_with(const char **b, const char **e, size_t (*len)(const char *))
{
	size_t n;

	while (*b < *e && (n = len(*b)) && *b + n <= *e)
		*b += n;
	while (*b < *e) {
		const char *last = char_before(*b, *e);

		if (!(n = len(last)) || last + n != *e)
			break;
		*e = last;
	}
}

/* A digit (ASCII or full-width) at s: its value, and its length in *n. */
static int digit_at(const char *s, size_t *n)
{
	if (*s >= '0' && *s <= '9') {
		*n = 1;
		return *s - '0';
	}
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
		*n = 3;
		return (unsigned char)s[2] - 0x90;
	}
	return -1;
}

/* Reads a whole number at *p (ASCII or full-width digits, at most 9). */
static int read_num(const char **p, long *v)
{
	size_t n;
	int d, count = 0;

	*v = 0;
	while (count < 9 && (d = digit_at(*p, &n)) >= 0) {
		*v = *v * 10 + d;
		*p += n;
		count++;
	}
	return count ? 0 : -1;
}

static int cn_digit(const char *s)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六",
					 "七", "八", "九" };

	for (int i = 0; i < 10; i++)
		if (starts(s, d[i]))
			return i;
	if (starts(s, "零"))
		return 0;
	if (starts(s, "两"))
		return 2;
	return -1;
}

/* A Chinese numeral 一 to 九十九 at *p. */
static int read_cn_num(const char **p, long *v)
{
	const char *s = *p;
	int a = cn_digit(s), b;

	if (a > 0) {
		s += 3;
		if (!starts(s, "十")) {
			*p = s;
			*v = a;
			return 0;
		}
		s += 3;
		a *= 10;
	} else if (starts(s, "十")) {
		s += 3;
		a = 10;
	} else {
		return -1;
	}
	if ((b = cn_digit(s)) > 0) {
		s += 3;
		a += b;
	}
	*p = s;
	*v = a;
	return 0;
}

enum kind { K_OTHER, K_SECTION, K_SUBSECTION, K_ITEM, K_NUM_DUN };

/* What line s is; the number in *num and where the rest starts in *rest. */
static enum kind classify(const char *s, long *num, const char **rest)
{
	const char *p = s;
	size_t n;

	if (read_cn_num(&p, num) == 0 && starts(p, "、")) {
		*rest = p + strlen("、");
		return K_SECTION;
	}
	p = s;
	if (starts(p, "（") || *p == '(') {
		p += *p == '(' ? 1 : strlen("（");
		if (read_cn_num(&p, num) == 0 && (starts(p, "）") || *p == ')')) {
			*rest = p + (*p == ')' ? 1 : strlen("）"));
			return K_SUBSECTION;
		}
		if (read_num(&p, num) == 0 && (starts(p, "）") || *p == ')')) {
			*rest = p + (*p == ')' ? 1 : strlen("）"));
			return *num > 0 ? K_ITEM : K_OTHER;
		}
		return K_OTHER;
	}
	p = s;
	if (read_num(&p, num) || *num <= 0)
		return K_OTHER;
	if (starts(p, "、")) {
		*rest = p + strlen("、");
		return K_NUM_DUN;
	}
	if (*p == '.' || starts(p, "．")) {
		p += *p == '.' ? 1 : strlen("．");
		if (digit_at(p, &n) >= 0)
			return K_OTHER;	/* a figure such as 2.0 */
		*rest = p;
		return K_ITEM;
	}
	return K_OTHER;
}

/* The field whose label (and its colon) starts at s, its length in *n. */
static int label_at(const char *s, size_t *n)
{
	for (size_t i = 0; i < NELEM(labels); i++) {
		const char *p = s;
		size_t b;

		if (!starts(p, labels[i].label))
			continue;
		p += strlen(labels[i].label);
		while ((b = blank_len(p)))
			p += b;
		if (starts(p, "："))
			p += strlen("：");
		else if (*p == ':')
			p++;
		else
			continue;
		*n = (size_t)(p - s);
		return (int)labels[i].field;
	}
	return -1;
}

/* The first labelled field in [b, e), or NULL. */
static const char *find_label(const char *b, const char *e)
{
	size_t n;

	for (const char *p = b; p < e; p += text_char_len(p))
		if (label_at(p, &n) >= 0)
			return p;
	return NULL;
}

/* Finds the assignment block in body: the task text is [body, *text_end),
 * the block [*blk, *blk_end).  Returns false if there is none. */
static bool find_block(const char *body, const char **text_end,
		       const char **blk, const char **blk_end)
{
	const char *e = body + strlen(body), *b = body, *first;

	/* a block in brackets closing the body (a 。 after it allowed) */
	trim_with(&b, &e, sep_len);
	for (size_t k = 0; k < NELEM(brackets); k++) {
		const char *open = brackets[k][0], *close = brackets[k][1];
		size_t cl = strlen(close), ol = strlen(open);
		int depth = 0;

		if ((size_t)(e - body) < cl || strncmp(e - cl, close, cl) != 0)
			continue;
		for (size_t i = (size_t)(e - cl - body) + 1; i-- > 0;) {
			const char *p = body + i;

			if (strncmp(p, close, cl) == 0) {
				depth++;
			} else if (strncmp(p, open, ol) == 0 && --depth == 0) {
				if (find_label(p + ol, e - cl)) {
					*text_end = p;
					*blk = p + ol;
					*blk_end = e - cl;
					return true;
				}
				break;
			}
		}
	}
	/* else the block starts at the first label */
	e = body + strlen(body);
	first = find_label(body, e);
	if (!first)
		return false;
	*text_end = first;
	*blk = first;
	*blk_end = e;
	for (size_t k = 0; k < NELEM(brackets); k++) {
		const char *open = brackets[k][0], *close = brackets[k][1];
		const char *t = body, *te = first;
		size_t ol = strlen(open), cl = strlen(close);

		trim_with(&t, &te, blank_len);
		if ((size_t)(te - body) >= ol && strncmp(te - ol, open, ol) == 0) {
			const char *bb = first, *be = e;

			*text_end = te - ol;
			trim_with(&bb, &be, sep_len);
			if ((size_t)(be - bb) >= cl && strncmp(be - cl, close, cl) == 0)
				*blk_end = be - cl;
			break;
		}
	}
	return true;
}

/* ---- the result ---- */

static int add_problem(struct import_result *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_problem(struct import_result *r, long line, const char *fmt, ...)
{
	va_list ap;
	struct import_problem *p;

	if (mem_grow((void **)&r->problems, &r->pcap, r->nproblems + 1,
		     sizeof(*r->problems)))
		return -1;
	p = &r->problems[r->nproblems++];
	p->line = line;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	return 0;
}

static char *dup_range(struct import_result *r, const char *b, const char *e)
{
	return arena_strndup(&r->arena, b, (size_t)(e - b));
}

/* Splits a list value into names: groups on ，/,/；/;, parts on 、, and a
 * part starting with 各 takes the rest of its group. */
static int split_names(struct import_result *r, const char *b, const char *e,
		       struct names *out)
{
	const char *v[256];
	size_t n = 0;
	const char *g = b;

	while (g < e) {
		const char *ge = g, *p;

		while (ge < e && !starts(ge, "，") && !starts(ge, "；") &&
		       *ge != ',' && *ge != ';')
			ge += text_char_len(ge);
		p = g;
		while (p < ge) {
			const char *pe = p, *tb, *te;

			while (pe < ge && !starts(pe, "、"))
				pe += text_char_len(pe);
			tb = p;
			te = pe;
			trim_with(&tb, &te, blank_len);
			if (starts(tb, "各") && te > tb) {
				te = ge;
				trim_with(&tb, &te, sep_len);
				pe = ge;
			}
			if (te > tb) {
				if (n == NELEM(v))
					return -2;
				if (!(v[n++] = dup_range(r, tb, te)))
					return -1;
			}
			p = pe < ge ? pe + strlen("、") : ge;
		}
		g = ge < e ? ge + text_char_len(ge) : e;
	}
	out->n = n;
	out->v = NULL;
	if (n) {
		out->v = arena_alloc(&r->arena, n * sizeof(*out->v));
		if (!out->v)
			return -1;
		memcpy(out->v, v, n * sizeof(*v));
	}
	return 0;
}

/* The length of nm written as a field of items.csv: "a;b;c". */
static size_t names_len(const struct names *nm)
{
	size_t len = nm->n ? nm->n - 1 : 0;

	for (size_t i = 0; i < nm->n; i++)
		len += strlen(nm->v[i]);
	return len;
}

static bool eat(const char **p, const char *w)
{
	if (!starts(*p, w))
		return false;
	*p += strlen(w);
	return true;
}

/* Reads a deadline as plans write it.  Returns 0 (DATE_NONE for an
 * open-ended one), -1 if it is not a date, -2 if it needs the plan year
 * and the document gives none. */
static int parse_deadline(const char *s, int plan_year, date_t *out)
{
	char buf[256], full[300];
	const char *p;
	char *end;
	long y = plan_year, q;
	size_t len;
	bool has_year = false;

	if (text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	end = buf + strlen(buf);
	while (end > buf && end[-1] == ' ')
		*--end = '\0';
	len = strlen("前");
	if ((size_t)(end - buf) > len && strcmp(end - len, "前") == 0) {
		end -= len;
		*end = '\0';
		if ((size_t)(end - buf) > len &&
		    (strcmp(end - len, "以") == 0 || strcmp(end - len, "之") == 0))
			*(end -= len) = '\0';
	}
	if (strstr(buf, "长期") || strstr(buf, "持续") || strstr(buf, "常态")) {
		*out = DATE_NONE;
		return 0;
	}
	p = buf;
	while (*p == ' ')
		p++;
	if (read_num(&p, &q) == 0) {
		y = q;
		if (!eat(&p, "年") || y < 1900 || y > 9999) {
			/* "12月底": a month of the plan year */
			if (!plan_year)
				return -2;
			snprintf(full, sizeof(full), "%d年%s", plan_year, buf);
			return date_parse(full, out);
		}
		has_year = true;
	}
	if (!has_year && !plan_year)
		return -2;
	if (*p == '\0' || strcmp(p, "全年") == 0 || strcmp(p, "年内") == 0 ||
	    strcmp(p, "年底") == 0 || strcmp(p, "底") == 0 ||
	    strcmp(p, "年末") == 0 || strcmp(p, "末") == 0 ||
	    strcmp(p, "下半年") == 0)
		return (*p == '\0' && !has_year) ? -1
			: date_from_ymd((int)y, 12, 31, out);
	if (strcmp(p, "上半年") == 0 || strcmp(p, "年中") == 0)
		return date_from_ymd((int)y, 6, 30, out);
	{
		const char *qp = p;

		eat(&qp, "第");
		if ((read_cn_num(&qp, &q) == 0 || read_num(&qp, &q) == 0) &&
		    q >= 1 && q <= 4 && eat(&qp, "季度")) {
			if (!eat(&qp, "末"))
				eat(&qp, "底");
			if (*qp == '\0')
				return date_from_ymd((int)y, (int)q * 3,
						     date_days_in_month((int)y,
									(int)q * 3),
						     out);
			return -1;
		}
	}
	if (has_year)
		return date_parse(buf, out);
	return -1;
}

/* ---- reading the document ---- */

struct parser {
	struct import_result *r;
	struct line *lines;
	size_t nlines;
	int section, subsection;
	const char *section_title, *subsection_title;
	long last_id;		/* the last item read, 0 for none */
	long last_line;
};

/* Joins the rest of line i and the continuation lines i+1..j-1. */
static char *join_body(struct parser *ps, const char *rest, size_t i, size_t j)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (sb_puts(&sb, rest))
		return NULL;
	for (size_t k = i + 1; k < j; k++) {
		const char *t = ps->lines[k].s;
		bool ascii_join = sb.len && (unsigned char)sb.s[sb.len - 1] < 0x80 &&
				  (unsigned char)t[0] < 0x80 &&
				  sb.s[sb.len - 1] != ' ';

		if ((ascii_join && sb_add(&sb, " ", 1)) || sb_puts(&sb, t)) {
			sb_release(&sb);
			return NULL;
		}
	}
	s = arena_strndup(&ps->r->arena, sb.s ? sb.s : "", sb.len);
	sb_release(&sb);
	return s;
}

static int problem_field(struct parser *ps, long line, long id, enum field f)
{
	return add_problem(ps->r, line, "item %ld: no %s (%s)", id,
			   f == F_LEAD ? "lead unit" : "deadline",
			   field_names[f]);
}

/* Reads the item numbered id at line `line` from body.  Returns 0 (the
 * item added, or a problem noted), -1 out of memory. */
static int read_item(struct parser *ps, long id, long line, const char *body)
{
	struct import_result *r = ps->r;
	const char *text_end, *blk, *blk_end, *fb[F_COUNT] = { 0 },
		   *fe[F_COUNT] = { 0 };
	struct item it = { 0 };
	const char *tb = body, *te;
	int f = -1, rc;
	size_t n;
	bool bad = false;

	if (id <= ps->last_id) {
		for (size_t k = 0; k < r->n; k++)
			if (r->items[k].id == id)
				return add_problem(r, line, "item %ld: number "
						   "repeated (item %ld is at "
						   "line %ld)", id, id,
						   r->items[k].line);
		if (id == ps->last_id)
			return add_problem(r, line, "item %ld: number repeated",
					   id);
		return add_problem(r, line, "item %ld: number out of order "
				   "(after item %ld)", id, ps->last_id);
	}
	/* a skipped number: said, and the item still read */
	if (id != ps->last_id + 1 && ps->last_id &&
	    add_problem(r, line, "item %ld: number out of order (after item "
			"%ld; item %ld is missing)", id, ps->last_id,
			ps->last_id + 1))
		return -1;
	if (id != 1 && !ps->last_id &&
	    add_problem(r, line, "item %ld: number out of order (the first "
			"item is numbered 1)", id))
		return -1;
	if (!find_block(body, &text_end, &blk, &blk_end))
		return add_problem(r, line, "item %ld: no assignment block "
				   "(牵头领导, 责任单位, 完成时限)", id);
	for (const char *p = blk; p < blk_end;) {
		int g = label_at(p, &n);

		if (g < 0) {
			p += text_char_len(p);
			continue;
		}
		if (f >= 0)
			fe[f] = p;
		if (fb[g]) {
			if (add_problem(r, line, "item %ld: %s given twice", id,
					field_names[g]))
				return -1;
			bad = true;
		}
		f = g;
		fb[f] = p + n;
		p += n;
	}
	if (f >= 0)
		fe[f] = blk_end;
	for (int k = 0; k < F_COUNT; k++)
		if (fb[k])
			trim_with(&fb[k], &fe[k], sep_len);
	if (!fb[F_LEAD] || fb[F_LEAD] == fe[F_LEAD]) {
		if (problem_field(ps, line, id, F_LEAD))
			return -1;
		bad = true;
	}
	if (!fb[F_DEADLINE] || fb[F_DEADLINE] == fe[F_DEADLINE]) {
		if (problem_field(ps, line, id, F_DEADLINE))
			return -1;
		bad = true;
	} else {
		if (!(it.deadline_text = dup_range(r, fb[F_DEADLINE],
						   fe[F_DEADLINE])))
			return -1;
		rc = parse_deadline(it.deadline_text, r->year, &it.deadline);
		if (rc == -2 && add_problem(r, line, "item %ld: deadline \"%s\" "
					    "needs the plan's year, which the "
					    "document does not give", id,
					    it.deadline_text))
			return -1;
		if (rc == -1 && add_problem(r, line, "item %ld: deadline \"%s\" "
					    "is not a date", id,
					    it.deadline_text))
			return -1;
		bad = bad || rc;
	}
	te = text_end;
	trim_with(&tb, &te, blank_len);
	if (tb == te) {
		if (add_problem(r, line, "item %ld: no task text", id))
			return -1;
		bad = true;
	} else if (te - tb > CSV_FIELD_MAX) {
		if (add_problem(r, line, "item %ld: a task text longer than the "
				"limit of %d bytes", id, CSV_FIELD_MAX))
			return -1;
		bad = true;
	}
	/* the number counts as read, so later items are judged after it */
	ps->last_id = id;
	if (bad)
		return 0;
	if (!(it.text = dup_range(r, tb, te)))
		return -1;
	for (int k = F_LEADERS; k <= F_PARTICIPANTS; k++) {
		struct names *nm = k == F_LEADERS ? &it.leaders :
				   k == F_LEAD ? &it.lead_units : &it.participants;

		if (!fb[k])
			continue;
		rc = split_names(r, fb[k], fe[k], nm);
		if (rc == -1)
			return -1;
		if (rc == -2)
			return add_problem(r, line, "item %ld: over 256 names in "
					   "%s", id, field_names[k]);
		if (names_len(nm) > CSV_FIELD_MAX)
			return add_problem(r, line, "item %ld: %s longer than the "
					   "limit of %d bytes", id, field_names[k],
					   CSV_FIELD_MAX);
	}
	it.id = id;
	it.line = line;
	it.section = ps->section;
	it.section_title = ps->section_title;
	it.subsection = ps->subsection;
	it.subsection_title = ps->subsection_title;
	if (mem_grow((void **)&r->items, &r->cap, r->n + 1, sizeof(*r->items)))
		return -1;
	r->items[r->n++] = it;
	return 0;
}

/* Removes "[bookmark: …]" from s (in place) and trims its ends. */
static const char *clean_line(char *s)
{
	char *p;
	const char *b = s, *e;

	while ((p = strstr(s, "[bookmark:"))) {
		char *close = strchr(p, ']');

		if (!close)
			break;
		memmove(p, close + 1, strlen(close + 1) + 1);
	}
	e = s + strlen(s);
	trim_with(&b, &e, blank_len);
	s[e - s] = '\0';
	return b;
}

/* The first "YYYY年" in s, or 0. */
static int find_year(const char *s)
{
	for (const char *p = s; *p; p += text_char_len(p)) {
		const char *q = p;
		long y;

		if (read_num(&q, &y) == 0 && q - p >= 4 && starts(q, "年") &&
		    y >= 1900 && y <= 9999 && (q - p == 4 || q - p == 12)) {
			size_t n;

			if (p > s && digit_at(p - 1, &n) >= 0)
				continue;
			return (int)y;
		}
	}
	return 0;
}

/* Starts the section (or subsection, sub) numbered num whose title is
 * rest, the heading at line.  A number or a title that items.csv cannot
 * hold is a problem, and the heading is left out.  Returns 0, or -1 out of
 * memory. */
static int heading(struct parser *ps, bool sub, long num, const char *rest,
		   long line)
{
	struct import_result *r = ps->r;
	const char *what = sub ? "subsection" : "section";
	const char *title = rest;

	while (blank_len(title))
		title += blank_len(title);
	if (num > TABLE_SECTION_MAX)
		return add_problem(r, line, "%s %ld: a number over %d", what, num,
				   TABLE_SECTION_MAX);
	if (strlen(title) > CSV_FIELD_MAX)
		return add_problem(r, line, "%s %ld: a title longer than the "
				   "limit of %d bytes", what, num, CSV_FIELD_MAX);
	if (!(title = arena_strndup(&r->arena, title, strlen(title))))
		return -1;
	if (sub) {
		ps->subsection = (int)num;
		ps->subsection_title = title;
	} else {
		ps->section = (int)num;
		ps->section_title = title;
		ps->subsection = 0;
		ps->subsection_title = "";
	}
	return 0;
}

static int parse_lines(struct parser *ps)
{
	struct import_result *r = ps->r;
	bool seen_heading = false;

	for (size_t i = 0; i < ps->nlines; i++) {
		const char *s = ps->lines[i].s, *rest;
		long num;
		enum kind k = classify(s, &num, &rest);
		size_t j;
		char *body;
		const char *te, *bb, *be;

		if (k == K_OTHER) {
			if (!seen_heading && !r->year)
				r->year = find_year(s);
			continue;
		}
		seen_heading = true;
		if (k == K_SECTION || k == K_SUBSECTION) {
			if (heading(ps, k == K_SUBSECTION, num, rest,
				    ps->lines[i].no))
				return -1;
			continue;
		}
		for (j = i + 1; j < ps->nlines; j++) {
			long dummy;
			const char *dr;

			if (classify(ps->lines[j].s, &dummy, &dr) != K_OTHER)
				break;
		}
		if (!(body = join_body(ps, rest, i, j)))
			return -1;
		if (k == K_NUM_DUN && !find_block(body, &te, &bb, &be)) {
			/* "1、 TITLE": a section heading */
			if (heading(ps, false, num, rest, ps->lines[i].no))
				return -1;
			continue;	/* the lines after it are not the item's */
		}
		if (read_item(ps, num, ps->lines[i].no, body))
			return -1;
		i = j - 1;
	}
	return 0;
}

static long line_of(const char *s, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

int import_buffer(struct import_result *r, const char *buf, size_t n,
		  enum import_encoding enc, const char *name,
		  struct duban_error *err)
{
	struct strbuf utf = STRBUF_INIT;
	struct parser ps = { 0 };
	const char *bad;
	char *text = NULL, *p;
	size_t off, lcap = 0;
	int rc = -1;

	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 && enc != IMPORT_GBK) {
		buf += 3;
		n -= 3;
	}
	/* A plain-text document holds no control characters (bytes below
	 * 0x20, the same in UTF-8 and GBK) but tab and the line ends; the form
	 * feed and vertical tab that converters leave for page and line breaks
	 * are read as blanks. */
	for (off = 0; off < n; off++) {
		unsigned char c = (unsigned char)buf[off];

		if (c == '\0')
			return error_set(err, name, line_of(buf, off), "a NUL byte: "
					 "not a plain-text document");
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		     c != '\f' && c != '\v') || c == 0x7f)
			return error_set(err, name, line_of(buf, off), "control "
					 "character 0x%02X: not a plain-text "
					 "document", c);
	}
	bad = text_invalid_utf8(buf, n);
	if (enc == IMPORT_GBK || (enc == IMPORT_AUTO && bad && text_looks_gbk(buf, n))) {
		if (text_convert("UTF-8", "GBK", buf, n, &utf, &off)) {
			sb_release(&utf);
			if (off == n)
				return error_nomem(err);
			return error_set(err, name, line_of(buf, off),
					 "bytes that are not GBK");
		}
		text = utf.s;
		n = utf.len;
		if (!text) {
			text = mem_strndup("", 0);
			if (!text)
				return error_nomem(err);
		}
	} else if (bad) {
		return error_set(err, name, line_of(buf, (size_t)(bad - buf)),
				 "bytes that are not UTF-8%s",
				 enc == IMPORT_AUTO ? " (nor GBK); convert it "
				 "with iconv -f ENCODING -t UTF-8" : "");
	} else {
		if (!(text = mem_strndup(buf, n)))
			return error_nomem(err);
	}
	for (p = text; (p = strpbrk(p, "\f\v"));)
		*p = ' ';
	/* split into lines, in place */
	ps.r = r;
	ps.subsection_title = ps.section_title = "";
	p = text;
	for (long no = 1;; no++) {
		char *nl = memchr(p, '\n', (size_t)(text + n - p));
		const char *s;

		if (nl)
			*nl = '\0';
		s = clean_line(p);
		if (*s) {
			if (mem_grow((void **)&ps.lines, &lcap, ps.nlines + 1,
				     sizeof(*ps.lines)))
				goto nomem;
			ps.lines[ps.nlines].s = s;
			ps.lines[ps.nlines++].no = no;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (parse_lines(&ps))
		goto nomem;
	if (r->n == 0 && r->nproblems == 0) {
		error_set(err, name, 0, "no items: no numbered task with its "
			  "责任单位 and 完成时限");
		import_release(r);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	import_release(r);
	error_nomem(err);
out:
	mem_free(ps.lines);
	/* the items point into the arena, never into text */
	if (text == utf.s)
		sb_release(&utf);
	else
		mem_free(text);
	return rc;
}

int import_file(struct import_result *r, const char *path,
		enum import_encoding enc, struct duban_error *err)
{
	char *data;
	size_t n;
	int rc;

	if (file_read_all(path, IMPORT_MAX_BYTES, &data, &n, err))
		return -1;
	if (docx_is_docx(path, data, n)) {	/* a .docx: a line a paragraph */
		struct strbuf sb = STRBUF_INIT;

		mem_free(data);
		rc = docx_text(path, &sb, err);
		if (!rc)
			rc = import_buffer(r, sb.s ? sb.s : "", sb.len,
					   IMPORT_UTF8, path, err);
		sb_release(&sb);
		return rc;
	}
	rc = import_buffer(r, data, n, enc, path, err);
	mem_free(data);
	return rc;
}

static int append_names(struct strbuf *row, const struct names *nm)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	if (sb_reset(&sb))
		return -1;
	for (size_t i = 0; i < nm->n && !rc; i++)
		rc = (i && sb_add(&sb, ";", 1)) || sb_puts(&sb, nm->v[i]);
	rc = rc || csv_append_field(row, sb.s);
	sb_release(&sb);
	return rc ? -1 : 0;
}

int import_write_csv(const struct import_result *r, struct strbuf *out)
{
	char num[32], date[DATE_BUFSIZE];
	struct strbuf targets = STRBUF_INIT;
	struct duban_error err;

	for (int c = 0; c < COL_COUNT; c++)
		if ((c && sb_add(out, ",", 1)) || sb_puts(out, column_name(c)))
			return -1;
	if (sb_add(out, "\n", 1))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct item *it = &r->items[i];
		int rc;

		snprintf(num, sizeof(num), "%ld", it->id);
		rc = sb_puts(out, num) || sb_add(out, ",", 1);
		snprintf(num, sizeof(num), "%d", it->section);
		rc = rc || sb_puts(out, num) || sb_add(out, ",", 1) ||
		     csv_append_field(out, it->section_title) ||
		     sb_add(out, ",", 1);
		snprintf(num, sizeof(num), "%d", it->subsection);
		rc = rc || sb_puts(out, num) || sb_add(out, ",", 1) ||
		     csv_append_field(out, it->subsection_title) ||
		     sb_add(out, ",", 1) || csv_append_field(out, it->text) ||
		     sb_add(out, ",", 1) || append_names(out, &it->leaders) ||
		     sb_add(out, ",", 1) || append_names(out, &it->lead_units) ||
		     sb_add(out, ",", 1) ||
		     append_names(out, &it->participants) ||
		     sb_add(out, ",", 1) ||
		     sb_puts(out, date_format(it->deadline, date)) ||
		     sb_add(out, ",", 1) ||
		     csv_append_field(out, it->deadline_text ? it->deadline_text : "") ||
		     sb_add(out, ",", 1) || sb_reset(&targets) ||
		     targets_extract(it->text, &targets, &err) ||
		     csv_append_field(out, targets.s) || sb_add(out, "\n", 1);
		if (rc) {
			sb_release(&targets);
			return -1;
		}
	}
	sb_release(&targets);
	return 0;
}

void import_release(struct import_result *r)
{
	mem_free(r->items);
	mem_free(r->problems);
	arena_release(&r->arena);
	*r = (struct import_result)IMPORT_RESULT_INIT;
}
