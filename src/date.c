#include "duban/date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "duban/lexeme.h"
#include "duban/text.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the
 * well-known era computation: 400-year eras of 146097 days). */
static date_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (date_t)(era * 146097 + doe - 719468);
}

int date_from_ymd(int y, int m, int d, date_t *out)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

void date_to_ymd(date_t date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

char *date_format(date_t date, char *buf)
{
	int y, m, d;

	if (date == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, DATE_BUFSIZE, "%04d-%02d-%02d", y, m, d);
	return buf;
}

static void skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/* The Chinese forms: 2024年底, 2024年12月, 2024年12月底, 2024年12月31日. */
static int parse_chinese(const char *p, int y, date_t *out)
{
	long m, d;

	if (lex_eat(&p, "底")) {
		m = 12;
		d = 31;
	} else {
		if (lex_read_digits(&p, 2, &m) < 0 || !lex_eat(&p, "月") ||
		    m < 1 || m > 12)
			return -1;
		if (lex_eat(&p, "底") || *p == '\0' || *p == ' ' || *p == '\t') {
			d = date_days_in_month(y, (int)m);
		} else if (lex_read_digits(&p, 2, &d) > 0 &&
			   (lex_eat(&p, "日") || lex_eat(&p, "号"))) {
			/* a full date */
		} else {
			return -1;
		}
	}
	skip_spaces(&p);
	if (*p)
		return -1;
	return date_from_ymd(y, (int)m, (int)d, out);
}

/* Whether s is exactly YYYY-MM-DD in ASCII digits, the shape every date
 * duban writes has: those are read without the folding and the forms
 * the general reader allows, to the same result. */
static bool is_iso_shape(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return s[10] == '\0';
}

int date_parse(const char *s, date_t *out)
{
	char buf[128];
	const char *p = buf;
	long y, m, d;
	char sep;

	if (is_iso_shape(s))
		return date_from_ymd((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
				     (s[2] - '0') * 10 + (s[3] - '0'),
				     (s[5] - '0') * 10 + (s[6] - '0'),
				     (s[8] - '0') * 10 + (s[9] - '0'), out);
	if (text_fold_fullwidth(s, buf, sizeof(buf)) < 0)
		return -1;
	skip_spaces(&p);
	if (lex_read_digits(&p, 4, &y) != 4)
		return -1;
	if (lex_eat(&p, "年"))
		return parse_chinese(p, (int)y, out);
	sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	p++;
	if (lex_read_digits(&p, 2, &m) < 0 || *p++ != sep ||
	    lex_read_digits(&p, 2, &d) < 0)
		return -1;
	skip_spaces(&p);
	if (*p)
		return -1;
	return date_from_ymd((int)y, (int)m, (int)d, out);
}

date_t date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	date_t today;

	localtime_r(&now, &tm);
	if (date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &today))
		return DATE_NONE;
	return today;
}

/* ---- deadlines as plans write them ---- */

/* Words after a deadline that add nothing to it. */
static const char *const deadline_tails[] = {
	"全面完成", "完成", "全面完工", "完工", "竣工", "建成", "到位", "落实",
	"以前", "之前", "前", "推进", "实现", "为止", "止",
};

/* Phrases for the end of the year, and for 30 June. */
static const char *const year_end[] = {
	"", "底", "末", "年底", "年末", "全年", "年内", "本年", "本年度", "度",
	"年度", "年度内", "当年", "今年", "下半年",
};
static const char *const mid_year[] = { "上半年", "年中" };

static const char *const open_words[] = {
	"长期", "持续", "常态", "每月", "每季度", "每年", "定期", "逐年",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Cuts the words of deadline_tails off the end of buf, as often as they
 * come. */
static void cut_tails(char *buf)
{
	for (bool again = true; again;) {
		char *end = buf + strlen(buf);

		again = false;
		while (end > buf && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		for (size_t i = 0; i < NELEM(deadline_tails); i++) {
			size_t n = strlen(deadline_tails[i]);

			if ((size_t)(end - buf) > n &&
			    strcmp(end - n, deadline_tails[i]) == 0) {
				end[-(long)n] = '\0';
				again = true;
				break;
			}
		}
	}
}

/* A month (digits or 一 to 十二) at *p, or -1. */
static int read_month(const char **p)
{
	long m;

	if (lex_read_number(p, &m) && lex_read_cn_number(p, &m))
		return -1;
	return m >= 1 && m <= 12 ? (int)m : -1;
}

/* "6月", "6月底", "6月30日", "6月上旬" … of year y at p. */
static int month_phrase(const char *p, int y, date_t *out)
{
	int m = read_month(&p), d;
	long day;

	if (m < 0 || !lex_eat(&p, "月"))
		return -1;
	d = date_days_in_month(y, m);
	if (lex_eat(&p, "上旬"))
		d = 10;
	else if (lex_eat(&p, "中旬"))
		d = 20;
	else if (lex_read_number(&p, &day) == 0 &&
		 (lex_eat(&p, "日") || lex_eat(&p, "号")))
		d = (int)day;
	else if (!lex_eat(&p, "底") && !lex_eat(&p, "末") && !lex_eat(&p, "下旬"))
		lex_eat(&p, "份");
	return *p ? -1 : date_from_ymd(y, m, d, out);
}

/* "第三季度", "三季度末", "3季度" of year y at p. */
static int quarter_phrase(const char *p, int y, date_t *out)
{
	long q;

	lex_eat(&p, "第");
	if ((lex_read_cn_number(&p, &q) && lex_read_number(&p, &q)) ||
	    q < 1 || q > 4 || !lex_eat(&p, "季度"))
		return -1;
	if (!lex_eat(&p, "末"))
		lex_eat(&p, "底");
	if (*p)
		return -1;
	return date_from_ymd(y, (int)q * 3, date_days_in_month(y, (int)q * 3),
			     out);
}

/* "2024年" or "2024—2025年" at *p: the (later) year, or 0. */
static int read_year(const char **p)
{
	const char *s = *p;
	long y, y2;

	if (lex_read_number(&s, &y) || y < 1900 || y > 9999)
		return 0;
	if ((lex_eat(&s, "—") || lex_eat(&s, "-") || lex_eat(&s, "–") ||
	     lex_eat(&s, "至")) && lex_read_number(&s, &y2) == 0 && y2 >= y &&
	    y2 <= 9999)
		y = y2;
	if (!lex_eat(&s, "年"))
		return 0;
	*p = s;
	return (int)y;
}

/* One deadline phrase, without a list; *year the year it names, if any. */
static int deadline_part(char *buf, int plan_year, int *year, date_t *out)
{
	const char *p = buf;
	int y;

	cut_tails(buf);
	if ((y = read_year(&p)))
		*year = y;
	else
		y = plan_year;
	if (isdigit((unsigned char)buf[0]) && date_parse(buf, out) == 0)
		return 0;
	if (!y)
		return -2;
	if (in_list(p, year_end, NELEM(year_end)))
		return *p || p != buf ? date_from_ymd(y, 12, 31, out) : -1;
	if (in_list(p, mid_year, NELEM(mid_year)))
		return date_from_ymd(y, 6, 30, out);
	if (quarter_phrase(p, y, out) == 0 || month_phrase(p, y, out) == 0)
		return 0;
	return -1;
}

/* Removes the blanks a line wrap or a table left inside a phrase ("2024
 * 年 10 月底"), in place. */
static void drop_blanks(char *buf)
{
	char *w = buf;

	for (const char *r = buf; *r; r++)
		if (*r != ' ' && *r != '\t')
			*w++ = *r;
	*w = '\0';
}

int date_parse_deadline(const char *s, int plan_year, date_t *out)
{
	char buf[256];
	int year = plan_year, rc = -1, got = 0;
	date_t d;

	if (text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	drop_blanks(buf);
	for (size_t i = 0; i < NELEM(open_words); i++)
		if (strstr(buf, open_words[i])) {
			*out = DATE_NONE;
			return 0;
		}
	for (char *part = buf, *next; part; part = next) {
		const char *sep = NULL;
		size_t n = strcspn(part, ",;");

		next = NULL;
		for (const char *w = part; *w && w < part + n; w += text_char_len(w))
			if (lex_starts(w, "、") || lex_starts(w, "。")) {
				sep = w;
				break;
			}
		if (sep)
			n = (size_t)(sep - part);
		if (part[n]) {
			next = part + n + (sep ? strlen("、") : 1);
			part[n] = '\0';
		}
		while (*part == ' ')
			part++;
		if (!*part)
			continue;
		rc = deadline_part(part, year, &year, &d);
		if (rc == 0) {
			*out = d;
			got = 1;
		}
	}
	return got ? 0 : rc;
}
