#include "duban/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* Reads 1 to max digits at *p into *n, advancing *p.  -1 if none. */
static int read_number(const char **p, int max, int *n)
{
	int count = 0;

	*n = 0;
	while (count < max && isdigit((unsigned char)**p)) {
		*n = *n * 10 + (**p - '0');
		(*p)++;
		count++;
	}
	return count ? 0 : -1;
}

/* If s starts with word, advances past it and returns 1. */
static int skip_word(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n) != 0)
		return 0;
	*s += n;
	return 1;
}

static void skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/* The Chinese forms: 2024年底, 2024年12月, 2024年12月底, 2024年12月31日. */
static int parse_chinese(const char *p, int y, date_t *out)
{
	int m, d;

	if (skip_word(&p, "底")) {
		m = 12;
		d = 31;
	} else {
		if (read_number(&p, 2, &m) || !skip_word(&p, "月") || m < 1 || m > 12)
			return -1;
		if (skip_word(&p, "底") || *p == '\0' || *p == ' ' || *p == '\t') {
			d = date_days_in_month(y, m);
		} else if (read_number(&p, 2, &d) == 0 &&
			   (skip_word(&p, "日") || skip_word(&p, "号"))) {
			/* a full date */
		} else {
			return -1;
		}
	}
	skip_spaces(&p);
	if (*p)
		return -1;
	return date_from_ymd(y, m, d, out);
}

int date_parse(const char *s, date_t *out)
{
	char buf[128];
	const char *p = buf, *year;
	int y, m, d;
	char sep;

	if (text_fold_fullwidth(s, buf, sizeof(buf)) < 0)
		return -1;
	skip_spaces(&p);
	year = p;
	if (read_number(&p, 4, &y) || p - year != 4)
		return -1;
	if (skip_word(&p, "年"))
		return parse_chinese(p, y, out);
	sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	p++;
	if (read_number(&p, 2, &m) || *p++ != sep || read_number(&p, 2, &d))
		return -1;
	skip_spaces(&p);
	if (*p)
		return -1;
	return date_from_ymd(y, m, d, out);
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
