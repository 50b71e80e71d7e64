/*
 * lexicon — labels, verbs and name lists of plan documents; see lexicon.h.
 */
#include <string.h>

#include "duban/lexeme.h"
#include "duban/lexicon.h"
#include "duban/strbuf.h"
#include "duban/text.h"

/* The one table of labels: what each names.  Simplified and traditional
 * forms alike; the header-only kinds (those before LEX_LEADERS) name the
 * columns of tables. */
static const struct {
	const char *label;
	enum lex_kind kind;
} labels[] = {
	{ "序号", LEX_NUMBER }, { "编号", LEX_NUMBER }, { "序", LEX_NUMBER },
	{ "重点工作", LEX_TEXT }, { "重点工作任务", LEX_TEXT },
	{ "工作任务", LEX_TEXT }, { "任务内容", LEX_TEXT },
	{ "主要任务", LEX_TEXT }, { "目标任务", LEX_TEXT },
	{ "全年目标任务", LEX_TEXT }, { "目标与任务", LEX_TEXT },
	{ "工作内容", LEX_TEXT }, { "具体任务", LEX_TEXT },
	{ "重点任务", LEX_TEXT }, { "任务", LEX_TEXT }, { "工作事项", LEX_TEXT },
	{ "主要工作", LEX_TEXT }, { "任务名称", LEX_TEXT },
	{ "项目名称", LEX_TEXT }, { "工作措施", LEX_TEXT },
	{ "所属部分", LEX_SECTION }, { "所属板块", LEX_SECTION },
	{ "板块", LEX_SECTION }, { "所属领域", LEX_SECTION },
	{ "工作板块", LEX_SECTION }, { "类别", LEX_SECTION },
	{ "状态", LEX_STATUS }, { "当前状态", LEX_STATUS },
	{ "完成状态", LEX_STATUS }, { "推进状态", LEX_STATUS },
	{ "进度", LEX_PERCENT }, { "完成进度", LEX_PERCENT },
	{ "当前进度", LEX_PERCENT }, { "完成比例", LEX_PERCENT },
	{ "完成率", LEX_PERCENT }, { "推进进度", LEX_PERCENT },
	{ "最近进展", LEX_PROGRESS }, { "最新进展", LEX_PROGRESS },
	{ "进展情况", LEX_PROGRESS }, { "工作进展", LEX_PROGRESS },
	{ "推进情况", LEX_PROGRESS }, { "完成情况", LEX_PROGRESS },
	{ "工作进展情况", LEX_PROGRESS }, { "进展", LEX_PROGRESS },
	{ "牵头领导", LEX_LEADERS }, { "责任领导", LEX_LEADERS },
	{ "分管领导", LEX_LEADERS }, { "分管县领导", LEX_LEADERS },
	{ "分管区领导", LEX_LEADERS }, { "分管市领导", LEX_LEADERS },
	{ "牵头县领导", LEX_LEADERS }, { "牵头区领导", LEX_LEADERS },
	{ "牵头市领导", LEX_LEADERS }, { "联系领导", LEX_LEADERS },
	{ "包保领导", LEX_LEADERS }, { "牽頭領導", LEX_LEADERS },
	{ "县领导", LEX_LEADERS }, { "区领导", LEX_LEADERS },
	{ "市领导", LEX_LEADERS }, { "责任县领导", LEX_LEADERS },
	{ "责任区领导", LEX_LEADERS }, { "责任市领导", LEX_LEADERS },
	{ "包联领导", LEX_LEADERS },
	{ "責任領導", LEX_LEADERS }, { "分管領導", LEX_LEADERS },
	{ "牵头单位", LEX_LEAD }, { "牵头责任单位", LEX_LEAD },
	{ "主要责任单位", LEX_LEAD }, { "牵头部门", LEX_LEAD },
	{ "牵头负责部门", LEX_LEAD }, { "牵头负责单位", LEX_LEAD },
	{ "牵头科室", LEX_LEAD }, { "责任科室", LEX_LEAD },
	{ "主办单位", LEX_LEAD }, { "主责单位", LEX_LEAD },
	{ "责任主体", LEX_LEAD }, { "牽頭單位", LEX_LEAD },
	{ "牽頭部門", LEX_LEAD },
	{ "责任单位", LEX_UNITS }, { "责任部门", LEX_UNITS },
	{ "責任單位", LEX_UNITS }, { "責任部門", LEX_UNITS },
	{ "参加单位", LEX_PARTICIPANTS }, { "配合单位", LEX_PARTICIPANTS },
	{ "协办单位", LEX_PARTICIPANTS }, { "协作单位", LEX_PARTICIPANTS },
	{ "主要协作单位", LEX_PARTICIPANTS }, { "协同单位", LEX_PARTICIPANTS },
	{ "参与单位", LEX_PARTICIPANTS }, { "配合部门", LEX_PARTICIPANTS },
	{ "参加部门", LEX_PARTICIPANTS }, { "责任主体与协同单位", LEX_PARTICIPANTS },
	{ "參加單位", LEX_PARTICIPANTS }, { "配合單位", LEX_PARTICIPANTS },
	{ "協辦單位", LEX_PARTICIPANTS },
	{ "完成时限", LEX_DEADLINE }, { "完成时间", LEX_DEADLINE },
	{ "时限", LEX_DEADLINE }, { "时间节点", LEX_DEADLINE },
	{ "完成期限", LEX_DEADLINE }, { "时间要求", LEX_DEADLINE },
	{ "完成時限", LEX_DEADLINE }, { "完成時間", LEX_DEADLINE },
};

/* Verbs that close a list of units in prose, longer first. */
static const char *const lead_verbs[] = { "牵头负责", "牵头", "牽頭" };
static const char *const support_verbs[] = {
	"等相关部门按职责分工负责", "按职责分工负责", "按职责分工落实",
	"按职责负责", "分别负责", "共同负责", "配合实施", "配合", "协助",
	"参与", "协同", "负责", "負責",
};

/* Offices leaders hold, longer first: 副区长 before 区长. */
static const char *const offices[] = {
	"常务副市长", "常务副县长", "常务副区长", "常务副州长", "常务副省长",
	"副市长", "副县长", "副区长", "副州长", "副省长", "副镇长", "副乡长",
	"副主任", "副书记", "秘书长", "市长", "县长", "区长", "州长", "省长",
	"镇长", "乡长", "主任", "书记", "同志", "局长", "部长",
};

/* Endings of an organ's name: a part ending so is a unit of its own. */
static const char *const organ_ends[] = {
	"委", "局", "办", "厅", "部", "院", "会", "司", "所", "站", "队", "处",
	"行", "室", "中心", "公司", "集团", "组", "政府",
};

static const char *const open_brackets[] = { "（", "(", "〔", "[", "【", "［" };
static const char *const close_brackets[] = { "）", ")", "〕", "]", "】", "］" };

const char *lexicon_name(enum lex_kind k)
{
	static const char *const names[LEX_KINDS] = {
		"序号", "重点工作", "所属部分", "状态", "进度", "最近进展",
		"牵头领导", "牵头单位", "责任单位",
		"参加单位", "完成时限",
	};

	return k >= 0 && k < LEX_KINDS ? names[k] : "";
}

/* The longest label of an annotation kind at s, its length in *n. */
static enum lex_kind longest_label(const char *s, size_t *n, bool header)
{
	enum lex_kind k = LEX_NONE;

	*n = 0;
	for (size_t i = 0; i < NELEM(labels); i++) {
		const char *l = labels[i].label;
		size_t len;

		/* every label starts with a Chinese character: three bytes
		 * tell most positions apart at once */
		if (s[0] != l[0] || s[1] != l[1] || s[2] != l[2] ||
		    (!header && labels[i].kind < LEX_LEADERS))
			continue;
		len = strlen(l);
		if (len > *n && lex_starts(s, l)) {
			*n = len;
			k = labels[i].kind;
		}
	}
	return k;
}

enum lex_kind lexicon_label_at(const char *s, size_t *len)
{
	size_t n, b;
	enum lex_kind k = longest_label(s, &n, false);
	const char *p = s + n;

	if (k == LEX_NONE)
		return LEX_NONE;
	while ((b = lex_blank(p)))
		p += b;
	if (!lex_eat(&p, "：") && !lex_eat(&p, ":"))
		return LEX_NONE;
	*len = (size_t)(p - s);
	return k;
}

enum lex_kind lexicon_header(const char *cell)
{
	char buf[128];
	size_t len = 0, n;
	enum lex_kind k;

	/* blanks out, and a note in brackets ("责任单位（牵头单位列第一）") */
	for (const char *p = cell; *p && len + 4 < sizeof(buf);) {
		size_t b = lex_blank(p);

		if (b) {
			p += b;
			continue;
		}
		for (size_t i = 0; i < NELEM(open_brackets); i++)
			if (lex_starts(p, open_brackets[i]) && len)
				goto done;
		n = text_char_len(p);
		memcpy(buf + len, p, n);
		len += n;
		p += n;
	}
done:
	buf[len] = '\0';
	k = longest_label(buf, &n, true);
	return n == len ? k : LEX_NONE;
}

size_t lexicon_verb_at(const char *s, bool lead)
{
	const char *const *v = lead ? lead_verbs : support_verbs;
	size_t nv = lead ? NELEM(lead_verbs) : NELEM(support_verbs);

	for (size_t i = 0; i < nv; i++)
		if (lex_starts(s, v[i]))
			return strlen(v[i]);
	return 0;
}

/* The bracket depth change at s: +1 an opening, -1 a closing, its length
 * in *n. */
static int bracket_at(const char *s, size_t *n)
{
	for (size_t i = 0; i < NELEM(open_brackets); i++) {
		if (lex_starts(s, open_brackets[i])) {
			*n = strlen(open_brackets[i]);
			return 1;
		}
		if (lex_starts(s, close_brackets[i])) {
			*n = strlen(close_brackets[i]);
			return -1;
		}
	}
	*n = text_char_len(s);
	return 0;
}

/* The length of a list separator at s: 、 (*dun set) or ，,；;. */
static size_t list_sep(const char *s, bool *dun)
{
	static const char *const seps[] = { "，", "；", ",", ";" };

	*dun = lex_starts(s, "、");
	if (*dun)
		return strlen("、");
	for (size_t i = 0; i < NELEM(seps); i++)
		if (lex_starts(s, seps[i]))
			return strlen(seps[i]);
	return 0;
}

/* The first w in [b, e), or NULL. */
static const char *find_in(const char *b, const char *e, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = b; (size_t)(e - p) >= n; p++)
		if (memcmp(p, w, n) == 0)
			return p;
	return NULL;
}

bool lexicon_first_leads_rule(const char *b, const char *e)
{
	static const char *const first[] = { "第一", "第1", "首位", "排首" };
	/* 牵头 this close to the first place: 列第一位者为牵头单位, 牵头
	 *单位排第一 */
	const size_t near = 8 * 3;

	for (size_t i = 0; i < NELEM(first); i++) {
		size_t n = strlen(first[i]);

		for (const char *p = b; p < e;) {
			const char *f = find_in(p, e, first[i]);
			const char *lo, *hi;

			if (!f)
				break;
			lo = f - b > (long)near ? f - near : b;
			hi = e - f > (long)(n + near) ? f + n + near : e;
			if (find_in(lo, hi, "牵头"))
				return true;
			p = f + n;
		}
	}
	return false;
}

/* Cuts a closing bracket group off [b, *e) when pred says it is a note
 * and not part of the name; returns whether it did. */
static bool cut_bracket_note(const char *b, const char **e,
			     bool (*pred)(const char *, const char *))
{
	for (size_t i = 0; i < NELEM(close_brackets); i++) {
		const char *c = close_brackets[i], *o = open_brackets[i];

		if (!lex_ends(b, *e, c))
			continue;
		for (const char *p = *e - strlen(c); p > b;) {
			p = lex_char_before(b, p);
			if (lex_starts(p, o)) {
				if (!pred(p + strlen(o), *e - strlen(c)))
					return false;
				*e = p;
				return true;
			}
		}
	}
	return false;
}

static bool any_note(const char *b, const char *e)
{
	(void)b;
	(void)e;
	return true;
}

static bool is_lead_mark(const char *b, const char *e)
{
	size_t n = (size_t)(e - b);

	return (n == strlen("牵头") && memcmp(b, "牵头", n) == 0) ||
	       (n == strlen("牵头单位") && memcmp(b, "牵头单位", n) == 0);
}

/* Drops a trailing "等", "等部门", "等相关单位" … off [b, *e). */
static void cut_etc(const char *b, const char **e)
{
	static const char *const what[] = { "部门", "单位", "机构" };
	static const char *const which[] = { "相关", "有关", "其他", "其它" };
	const char *p = *e;

	for (size_t i = 0; i < NELEM(what); i++)
		if (lex_ends(b, p, what[i])) {
			p -= strlen(what[i]);
			break;
		}
	for (size_t i = 0; i < NELEM(which); i++)
		if (lex_ends(b, p, which[i])) {
			p -= strlen(which[i]);
			break;
		}
	if (lex_ends(b, p, "等") && p - strlen("等") > b)
		*e = p - strlen("等");
}

size_t lexicon_office_at(const char *s)
{
	for (size_t i = 0; i < NELEM(offices); i++)
		if (lex_starts(s, offices[i]))
			return strlen(offices[i]);
	return 0;
}

bool lexicon_organ_like(const char *b, const char *e)
{
	for (size_t i = 0; i < NELEM(organ_ends); i++)
		if (lex_ends(b, e, organ_ends[i]))
			return true;
	return false;
}

static size_t chars(const char *b, const char *e)
{
	size_t n = 0;

	for (const char *p = b; p < e; p += text_char_len(p))
		n++;
	return n;
}

static bool has_generic(const char *b, const char *e)
{
	for (const char *p = b; p < e; p += text_char_len(p))
		if (lex_starts(p, "有关") || lex_starts(p, "相关"))
			return true;
	return false;
}

/* Whether the part [b, e), after 、, belongs to the name before it,
 * [pb, pe): the rest of 各街道、镇、集聚区 or of 有关部门、有关直属单位. */
static bool continues(const char *pb, const char *pe, const char *b,
		      const char *e)
{
	if (lex_starts(pb, "各") && chars(b, e) <= 3 &&
	    !lexicon_organ_like(b, e))
		return true;
	return (lex_starts(b, "有关") || lex_starts(b, "相关")) &&
	       has_generic(pb, pe);
}

/* One name of a list, as a range of the text. */
struct part {
	const char *b, *e;
	bool lead;		/* marked "（牵头）" */
};

#define NAMES_MAX LEXICON_NAMES_MAX

/* Cleans the part [b, e) of a list: blanks, a rule or a lead mark in
 * brackets, a trailing 等…. */
static struct part clean_part(const char *b, const char *e)
{
	struct part pt;

	lex_trim(&b, &e, lex_separator);
	pt.lead = cut_bracket_note(b, &e, is_lead_mark);
	cut_bracket_note(b, &e, lexicon_first_leads_rule);
	lex_trim(&b, &e, lex_separator);
	cut_etc(b, &e);
	pt.b = b;
	pt.e = e;
	return pt;
}

/* The length of the blanks at p, in [start, e), that separate two units
 * ("区财政局 区自然资源局"): after an organ's name, before a character of
 * a name; else 0. */
static size_t organ_blank(const char *start, const char *p, const char *e)
{
	const char *q = p;

	while (q < e && lex_blank(q))
		q += lex_blank(q);
	if (q == p || q >= e || !lex_is_han(q) || !lexicon_organ_like(start, p))
		return 0;
	return (size_t)(q - p);
}

/* Splits [b, e) into parts at the separators outside brackets, joining
 * the parts that continue the one before.  Returns the count, or -2. */
static long split_parts(const char *b, const char *e, struct part *v)
{
	long n = 0;
	int depth = 0;
	bool after_dun = false, dun = false;
	const char *start = b;

	for (const char *p = b;; ) {
		size_t len = 0, sl = 0;

		if (p < e && (depth += bracket_at(p, &len)) < 0)
			depth = 0;
		if (p < e && !depth && !(sl = list_sep(p, &dun)))
			sl = organ_blank(start, p, e);
		if (p < e && (depth || !sl)) {
			p += len;
			continue;
		}
		struct part pt = clean_part(start, p);

		if (pt.b < pt.e) {
			if (after_dun && n && continues(v[n - 1].b, v[n - 1].e,
							pt.b, pt.e))
				v[n - 1].e = pt.e;
			else if (n == NAMES_MAX)
				return -2;
			else
				v[n++] = pt;
		}
		if (p >= e)
			return n;
		after_dun = dun;
		p += sl;
		start = p;
	}
}

/* A name in the arena as items.csv can hold it: a tab inside it a blank,
 * and a ";" (which separates names there; one can stand inside brackets)
 * the full-width "；". */
static const char *name_dup(struct arena *a, const char *b, const char *e)
{
	size_t semis = 0, n = (size_t)(e - b);
	char *s, *w;

	for (const char *p = b; p < e; p++)
		semis += *p == ';';
	if (!(s = arena_alloc(a, n + 2 * semis + 1)))
		return NULL;
	for (w = s; b < e; b++) {
		if (*b == ';') {
			memcpy(w, "；", strlen("；"));
			w += strlen("；");
		} else {
			*w++ = *b == '\t' ? ' ' : *b;
		}
	}
	*w = '\0';
	return s;
}

static int names_from(struct arena *a, const struct part *v, long n,
		      bool lead, struct names *out)
{
	size_t k = 0;

	out->n = 0;
	out->v = NULL;
	for (long i = 0; i < n; i++)
		k += v[i].lead == lead;
	if (!k)
		return 0;
	if (!(out->v = arena_alloc(a, k * sizeof(*out->v))))
		return -1;
	for (long i = 0; i < n; i++) {
		if (v[i].lead != lead)
			continue;
		if (!(out->v[out->n++] = name_dup(a, v[i].b, v[i].e)))
			return -1;
	}
	return 0;
}

int lexicon_split_names(struct arena *a, const char *b, const char *e,
			struct names *out, struct names *lead)
{
	struct part v[NAMES_MAX];
	long n = split_parts(b, e, v);

	if (n < 0)
		return (int)n;
	if (!lead)
		for (long i = 0; i < n; i++)
			v[i].lead = false;
	if (names_from(a, v, n, false, out))
		return -1;
	return lead ? names_from(a, v, n, true, lead) : 0;
}

/* Adds the name [b, e) without its blanks to the list v (n of them). */
static int add_unpadded(struct arena *a, const char *b, const char *e,
			const char **v, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	for (const char *p = b; p < e && !rc;) {
		size_t bl = lex_blank(p), cl = text_char_len(p);

		if (bl) {
			p += bl;
			continue;
		}
		rc = sb_add(&sb, p, cl);
		p += cl;
	}
	if (!rc && sb.len && *n == NAMES_MAX)
		rc = -2;
	else if (!rc && sb.len && !(v[(*n)++] = name_dup(a, sb.s, sb.s + sb.len)))
		rc = -1;
	sb_release(&sb);
	return rc;
}

/* Splits one padded part: blank-separated names of two characters or
 * more, else three-character chunks of a table that pads two-character
 * names ("陆 明俞 悦"), else one name. */
static int split_padded(struct arena *a, const char *b, const char *e,
			const char **v, size_t *n)
{
	bool all_long = true;
	size_t total = chars(b, e);
	int rc = 0;

	for (const char *p = b; p < e;) {
		const char *q = p;

		while (q < e && !lex_blank(q))
			q += text_char_len(q);
		if (q > p && chars(p, q) < 2)
			all_long = false;
		p = q < e ? q + lex_blank(q) : e;
	}
	if (all_long || total % 3) {
		for (const char *p = b; p < e && !rc;) {
			const char *q = p;

			while (q < e && !lex_blank(q))
				q += text_char_len(q);
			rc = all_long ? add_unpadded(a, p, q, v, n) : 0;
			p = q < e ? q + lex_blank(q) : e;
		}
		return all_long ? rc : add_unpadded(a, b, e, v, n);
	}
	for (const char *p = b; p < e && !rc;) {
		const char *q = p;

		for (int k = 0; k < 3 && q < e; k++)
			q += text_char_len(q);
		rc = add_unpadded(a, p, q, v, n);
		p = q;
	}
	return rc;
}

/* A leader's name without the office and notes around it: "王磊副县长",
 * "县长朱伟", "李明（县委常委、常务副县长）" are 王磊, 朱伟, 李明.  What is
 * left must still be a name of two characters or more. */
static void bare_name(const char **b, const char **e)
{
	const char *nb = *b, *ne = *e;
	size_t n;

	while (cut_bracket_note(nb, &ne, any_note))
		lex_trim(&nb, &ne, lex_blank);
	if ((n = lexicon_office_at(nb)) && chars(nb + n, ne) >= 2)
		nb += n;
	for (size_t i = 0; i < NELEM(offices); i++)
		if (lex_ends(nb, ne, offices[i]) &&
		    chars(nb, ne - strlen(offices[i])) >= 2) {
			ne -= strlen(offices[i]);
			break;
		}
	*b = nb;
	*e = ne;
}

int lexicon_split_leaders(struct arena *a, const char *b, const char *e,
			  struct names *out)
{
	struct part parts[NAMES_MAX];
	const char *v[NAMES_MAX];
	size_t n = 0;
	long np = split_parts(b, e, parts);
	int rc = 0;

	if (np < 0)
		return (int)np;
	for (long i = 0; i < np && !rc; i++) {
		bare_name(&parts[i].b, &parts[i].e);
		rc = split_padded(a, parts[i].b, parts[i].e, v, &n);
	}
	if (rc)
		return rc;
	out->n = n;
	out->v = NULL;
	if (n && !(out->v = arena_alloc(a, n * sizeof(*v))))
		return -1;
	if (n)
		memcpy(out->v, v, n * sizeof(*v));
	return 0;
}
