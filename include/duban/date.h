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

/* Today in local time. */
date_t date_today(void);

/* The last day of month m of year y (m in 1-12). */
int date_days_in_month(int y, int m);

#endif
