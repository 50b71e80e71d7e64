/*
 * date — calendar days, and the ways Chinese plans write them.
 *
 * A date is a whole day, counted from 1970-01-01.  A deadline date counts
 * whole: an item due on 2024-12-31 is overdue from 2025-01-01 on.
 */
#ifndef DUBAN_DATE_H
#define DUBAN_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;

/* "No date": an open-ended deadline, or a target without its own date. */
#define DATE_NONE INT32_MIN

/* Size of a buffer for date_format(): "YYYY-MM-DD" and its NUL. */
#define DATE_BUFSIZE 11

/* The day y-m-d, in *out.  Returns 0, or -1 if there is no such day (month
 * 13, 30 February, years outside 1900-9999). */
int date_from_ymd(int y, int m, int d, date_t *out);

/* Splits a date into year, month and day. */
void date_to_ymd(date_t date, int *y, int *m, int *d);

/* Writes date as "YYYY-MM-DD" into buf (at least DATE_BUFSIZE bytes); an
 * empty string for DATE_NONE.  Returns buf. */
char *date_format(date_t date, char *buf);

/* Parses a date as offices write it: "2024-12-31", "2024/12/31",
 * "2024年12月31日", and the end-of-period forms "2024年12月底",
 * "2024年12月" (the last day of that month) and "2024年底" (31 December);
 * full-width digits are accepted, surrounding spaces ignored.  Returns 0
 * with the day in *out, or -1 if s is not such a date or names an
 * impossible day. */
int date_parse(const char *s, date_t *out);

/* Reads a deadline as plans write it (完成时限): everything date_parse()
 * takes, with words that add nothing after it (前, 以前, 之前, 完成, 全面
 * 完成, 完工, 竣工, 建成, 到位, 落实, 推进, 实现, 止, 为止: "2024年6月底
 * 前", "6月底完成"), and blanks inside it ("2024 年 10 月底"); a year
 * alone, "2024年度", and ranges ("2024—2025年": the later); 年底, 年末,
 * 全年, 年内, 本年(度), 年度内, 当年, 今年, 下半年 (31 December of the
 * plan year), 上半年 and 年中 (30 June); quarters (第三季度, 三季度末, 3
 * 季度); months and days without a year (6月底, 六月, 6月30日, 6月上旬,
 * 中旬, 下旬); lists ("2024年6月、12月", "6月底…，年底前全面完成": the last
 * date named, a year carried to the parts after it).  A phrase with 长期,
 * 持续, 常态, 每月, 每季度, 每年, 定期 or 逐年 is open-ended.  Full-width
 * forms are folded first.  Returns 0 with the last day in *out (DATE_NONE
 * when open-ended), -1 if s is no deadline, -2 if it names no year and
 * plan_year is 0. */
int date_parse_deadline(const char *s, int plan_year, date_t *out);

/* Today in local time. */
date_t date_today(void);

/* The last day of month m of year y (m in 1-12). */
int date_days_in_month(int y, int m);

#endif
