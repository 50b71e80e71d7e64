/*
 * extract — the quantified targets of a task's text; see extract.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/date.h"
#include "duban/extract.h"
#include "duban/lexeme.h"
#include "duban/mem.h"
#include "duban/target.h"
#include "duban/text.h"


/* Most targets kept from one text, and the longest subject. */
#define MAX_FOUND 256
#define SUBJECT_MAX 512

/* Longer units before the ones they start with. */
static const char *const units[] = {
	"万平方米", "平方米", "平方公里", "亿元", "万元", "万人", "万户", "公里",
	"公顷", "千米", "家", "个", "场", "亩", "幢", "栋", "处", "条", "所",
	"人", "位", "名", "项", "座", "套", "户", "间", "台", "辆", "次", "吨",
	"元", "米", "倍", "%", "％",
};

/* Clause separators; "、" is not one: it joins parts of a clause. */
static const char *const clause_seps[] = {
	"，", "。", "；", "：", "！", "？", ",", ";", "!", "?", "\n",
};

static const char *const adverbs[] = {
	"力争", "全力", "大力", "努力", "积极", "加快", "确保", "争取", "进一步",
};

/* Verbs dropped from the start of a subject, and verbs kept there. */
static const char *const generic_verbs[] = {
	"推动", "推进", "实施", "建设", "举办", "打造", "开展",
};
static const char *const kept_verbs[] = {
	"新增", "打通", "启动", "完成", "引进",
};

/* Action words a list of targets can share at its end. */
static const char *const tail_words[] = {
	"改造", "整治", "建设", "提升", "治理",
};

struct found {
	char subject[SUBJECT_MAX];
	char figure[64];
	enum target_op op;
	const char *unit;
	date_t by;
	const char *noun, *noun_end;	/* the words after the unit */
	bool share_tail;		/* noun stopped at 、 before a figure */
};

struct span {
	const char *b, *e;
};

/* Whether [s, e) starts with w. */
static bool starts(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - s) >= n && memcmp(s, w, n) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_latin(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The length of the clause separator at s, or 0. */
static size_t clause_sep(const char *s)
{
	for (size_t i = 0; i < NELEM(clause_seps); i++)
		if (lex_starts(s, clause_seps[i]))
			return strlen(clause_seps[i]);
	return 0;
}

/* Eats the first word of list that starts [*b, e); returns it or NULL. */
static const char *eat_word(const char **b, const char *e,
			    const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (starts(*b, e, list[i])) {
			*b += strlen(list[i]);
			return list[i];
		}
	return NULL;
}

/* Cuts the last word of list that ends [b, *e); returns it or NULL. */
static const char *cut_word(const char *b, const char **e,
			    const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lex_ends(b, *e, list[i])) {
			*e -= strlen(list[i]);
			return list[i];
		}
	return NULL;
}

/* A date "YYYY年底", "YYYY年末", "YYYY年M月底", "YYYY年M月" at *b: eaten,
 * its day in *by.  Returns whether there was one. */
static bool eat_date(const char **b, const char *e, date_t *by)
{
	const char *p = *b, *q;
	char buf[64];

	for (q = p; q < e && is_digit(*q); q++)
		;
	if (q - p != 4 || !starts(q, e, "年"))
		return false;
	q += strlen("年");
	if (starts(q, e, "底") || starts(q, e, "末")) {
		q += strlen("底");
	} else {
		const char *m = q;

		while (q < e && is_digit(*q))
			q++;
		if (q == m || q - m > 2 || !starts(q, e, "月"))
			return false;
		q += strlen("月");
		if (starts(q, e, "底") || starts(q, e, "末"))
			q += strlen("底");
	}
	if ((size_t)(q - p) >= sizeof(buf))
		return false;
	memcpy(buf, p, (size_t)(q - p));
	buf[q - p] = '\0';
	if (lex_ends(buf, buf + strlen(buf), "末"))
		memcpy(buf + strlen(buf) - strlen("末"), "底", strlen("底"));
	if (date_parse(buf, by))
		return false;
	*b = q;
	return true;
}

static size_t blank_or_dun(const char *s)
{
	return lex_starts(s, "、") ? strlen("、") : lex_blank(s);
}

/* Trims blanks and "、" off both ends of s. */
static void trim(struct span *s)
{
	lex_trim(&s->b, &s->e, blank_or_dun);
}

/* Whether [b, e) holds a character the syntax reserves. */
static bool reserved(const char *b, const char *e)
{
	for (const char *p = b; p < e; p++)
		if (strchr(";@<>=", *p) && *p)
			return true;
	return false;
}

/* Sets f->subject to verb + [b, e) + the noun, without blanks at its
 * ends (the targets syntax drops them); false if it is empty or does not
 * fit. */
static bool set_subject(struct found *f, const char *verb, const char *b,
			const char *e)
{
	char *s = f->subject;
	int n = snprintf(s, sizeof(f->subject), "%s%.*s%.*s",
			 verb ? verb : "", (int)(e - b), b,
			 (int)(f->noun_end - f->noun), f->noun);
	size_t lead;

	if (n <= 0 || (size_t)n >= sizeof(f->subject))
		return false;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	lead = strspn(s, " \t");
	memmove(s, s + lead, (size_t)n - lead + 1);
	n -= (int)lead;
	return n > 0 && !reserved(s, s + n);
}

/* The words after the unit at p, up to the next punctuation: into f. */
static const char *read_noun(struct found *f, const char *p)
{
	const char *q = p;

	while (*q && !clause_sep(q) && !lex_starts(q, "、"))
		q += text_char_len(q);
	f->noun = p;
	f->noun_end = q;
	f->share_tail = false;
	if (lex_starts(q, "、")) {
		const char *next = q + strlen("、"), *ne = next;

		if (is_digit(*next)) {
			f->share_tail = true;
		} else if (q > p) {
			/* "项目早开工、早建设": cut before the parallel list */
			size_t cl = text_char_len(next);

			while (*ne && !clause_sep(ne) &&
			       !lex_starts(ne, "、"))
				ne += text_char_len(ne);
			if (ne - next <= 12)
				for (const char *s = q - cl; s > p; s--)
					if (memcmp(s, next, cl) == 0) {
						f->noun_end = s;
						break;
					}
		}
	}
	cut_word(f->noun, &f->noun_end, (const char *const[]){ "工作" }, 1);
	return q;
}

/* Reads the figure at p (digits, a decimal part, a range): its text into
 * fig, and the end.  NULL if it is part of a name, or not a figure the
 * targets syntax takes: longer than TARGET_FIGURE_MAX, or a range from
 * high to low. */
static const char *read_figure(const char *text, const char *p, char *fig,
			       size_t size)
{
	const char *q = p, *b;
	size_t n = 0;

	if (p > text && (is_latin(p[-1]) || p[-1] == '+' || p[-1] == '.' ||
			 p[-1] == '-' || p[-1] == '_'))
		return NULL;
	/* after 第, or the high end of a range not taken (after ～ or —) */
	if (p - text >= 3 && (memcmp(p - 3, "第", 3) == 0 ||
			      memcmp(p - 3, "～", 3) == 0 ||
			      memcmp(p - 3, "—", 3) == 0))
		return NULL;
	for (int part = 0; part < 2; part++) {
		b = q;
		while (is_digit(*q))
			q++;
		if (*q == '.' && is_digit(q[1])) {
			q++;
			while (is_digit(*q))
				q++;
		}
		if (q - b > TARGET_FIGURE_MAX || n + (size_t)(q - b) + 2 > size)
			return NULL;
		if (part)
			fig[n++] = '-';
		memcpy(fig + n, b, (size_t)(q - b));
		fig[n + (size_t)(q - b)] = '\0';
		if (part && strtod(fig + n, NULL) < strtod(fig, NULL))
			return NULL;
		n += (size_t)(q - b);
		if (part)
			break;
		if ((*q == '-' || *q == '~') && is_digit(q[1]))
			q++;
		else if ((lex_starts(q, "～") ||
			  lex_starts(q, "—")) && is_digit(q[3]))
			q += 3;
		else
			break;
	}
	if (*q == '+' || is_latin(*q) || *q == '.')
		return NULL;
	return q;
}

/* Builds the targets of the figure at [prefix_e, ...) whose clause starts
 * at prefix_b, into found[*n...].  Returns the end of what was read, or
 * NULL if the figure is no target. */
static const char *one_figure(const char *text, const char *prefix_b,
			      const char *fp, struct found *found, size_t *n)
{
	char fig[64];
	const char *q = read_figure(text, fp, fig, sizeof(fig)), *unit = NULL,
		   *verb = NULL, *end;
	enum target_op op = TARGET_EQ;
	struct span pre = { prefix_b, fp };
	date_t by = DATE_NONE;
	struct found f;
	bool cont;

	if (!q)
		return NULL;
	for (size_t i = 0; i < NELEM(units) && !unit; i++)
		if (lex_starts(q, units[i]))
			unit = units[i];
	if (!unit)
		return NULL;
	q += strlen(unit);
	if (strcmp(unit, "个") == 0 && lex_starts(q, "月"))
		return NULL;
	if (lex_starts(q, "以上")) {
		op = TARGET_GE;
		q += strlen("以上");
	} else if (lex_starts(q, "以内") ||
		   lex_starts(q, "以下")) {
		op = TARGET_LE;
		q += strlen("以内");
	}
	memset(&f, 0, sizeof(f));
	end = read_noun(&f, q);

	/* the comparison before the figure */
	trim(&pre);
	if (cut_word(pre.b, &pre.e, (const char *const[]){ "不超过" }, 1))
		op = TARGET_LE;
	else if (cut_word(pre.b, &pre.e,
			  (const char *const[]){ "不少于", "不低于" }, 2))
		op = TARGET_GE;
	else if (cut_word(pre.b, &pre.e,
			  (const char *const[]){ "超过", "突破", "超" }, 3))
		op = TARGET_GT;
	else if (cut_word(pre.b, &pre.e, (const char *const[]){ "低于" }, 1))
		op = TARGET_LT;
	cut_word(pre.b, &pre.e, (const char *const[]){ "达到", "达", "拥有" }, 3);

	/* adverbs and a date at the start, in any order */
	do {
		trim(&pre);
		cont = eat_word(&pre.b, pre.e, adverbs, NELEM(adverbs)) ||
		       eat_date(&pre.b, pre.e, &by);
	} while (cont);
	if (!eat_word(&pre.b, pre.e, generic_verbs, NELEM(generic_verbs)))
		verb = eat_word(&pre.b, pre.e, kept_verbs, NELEM(kept_verbs));
	trim(&pre);

	f.op = strchr(fig, '-') ? TARGET_EQ : op;	/* a range is "=" */
	f.unit = unit;
	f.by = by;
	snprintf(f.figure, sizeof(f.figure), "%s", fig);
	if (lex_ends(pre.b, pre.e, "各")) {
		/* "A、B各2个": one target each */
		const char *p = pre.b;

		pre.e -= strlen("各");
		while (p < pre.e) {
			const char *pe = p;
			struct found g = f;

			while (pe < pre.e && !starts(pe, pre.e, "、"))
				pe += text_char_len(pe);
			if (pe > p && *n < MAX_FOUND &&
			    set_subject(&g, verb, p, pe)) {
				g.share_tail = false;
				found[(*n)++] = g;
			}
			p = pe < pre.e ? pe + strlen("、") : pre.e;
		}
		return end;
	}
	if (lex_ends(pre.b, pre.e, "等"))
		pre.b = pre.e;	/* examples: "江联南路、航空东路等" */
	if (*n < MAX_FOUND && set_subject(&f, verb, pre.b, pre.e))
		found[(*n)++] = f;
	return end;
}

/* The action words that close [b, e): their start, or e. */
static const char *tail_of(const char *b, const char *e)
{
	const char *t = e;

	while (cut_word(b, &t, tail_words, NELEM(tail_words)))
		;
	return t;
}

/* Whether s holds a line break, a tab or another character that must not
 * reach a terminal or a journal line raw. */
static bool holds_control(const char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r' || text_unsafe_len(s))
			return true;
	return false;
}

int targets_extract(const char *text, struct strbuf *out,
		    struct duban_error *err)
{
	struct found *found = mem_alloc(MAX_FOUND * sizeof(*found));
	const char *p = text, *clause = text;
	size_t n = 0;
	int quotes = 0, rc = 0;

	if (!found)
		return error_nomem(err);

	while (*p) {
		size_t k = clause_sep(p);
		const char *end;

		if (k) {
			p += k;
			clause = p;
			continue;
		}
		if (lex_starts(p, "“") || lex_starts(p, "「")) {
			quotes++;
			p += 3;
			continue;
		}
		if ((lex_starts(p, "”") || lex_starts(p, "」")) &&
		    quotes > 0) {
			quotes--;
			p += 3;
			continue;
		}
		if (!is_digit(*p)) {
			p += text_char_len(p);
			continue;
		}
		end = quotes ? NULL : one_figure(text, clause, p, found, &n);
		if (end) {
			p = end;
			clause = end;
			continue;
		}
		/* not a target: past the whole figure */
		while (is_digit(*p) || *p == '.')
			p++;
	}
	/* "171个排水单元、25条市政道路地下管网改造整治": the shared tail */
	for (size_t i = 0; i + 1 < n; i++) {
		const struct found *g = &found[i + 1];
		const char *t;
		size_t len = strlen(found[i].subject);

		if (!found[i].share_tail || g->noun == g->noun_end)
			continue;
		t = tail_of(g->noun, g->noun_end);
		if (t > g->noun && t < g->noun_end &&
		    len + (size_t)(g->noun_end - t) < SUBJECT_MAX) {
			memcpy(found[i].subject + len, t, (size_t)(g->noun_end - t));
			found[i].subject[len + (size_t)(g->noun_end - t)] = '\0';
		}
	}
	for (size_t i = 0, len = 0, written = 0; i < n && !rc; i++) {
		const struct found *f = &found[i];
		/* subject, comparison, figure, unit, date: they fit */
		char one[SUBJECT_MAX + 128], date[DATE_BUFSIZE];
		int k = snprintf(one, sizeof(one), "%s%s%s%s%s%s", f->subject,
				 target_op_symbol(f->op), f->figure, f->unit,
				 f->by != DATE_NONE ? "@" : "",
				 f->by != DATE_NONE ? date_format(f->by, date) : "");

		/* a subject is a key of the journal, one line: a target across
		 * a line break or a control character is no target */
		if (holds_control(one))
			continue;
		/* what a field of items.csv holds; the rest is left out */
		len += (written > 0) + (size_t)k;
		if (len > CSV_FIELD_MAX)
			break;
		rc = (written++ && sb_add(out, ";", 1)) || sb_add(out, one, (size_t)k);
	}
	mem_free(found);
	return rc ? error_nomem(err) : 0;
}
