/*
 * test_date — calendar days and the date forms of Chinese plans.
 *
 * Day numbers worked out by hand from 1970-01-01 = 0:
 *   1900-01-01  -25567  (70 years, 17 leap days: 1904..1968)
 *   2000-01-01   10957  (30 years, 7 leap days: 1972..1996)
 *   2023-01-01   19358
 *   2024-01-01   19723  (54 years, 13 leap days: 1972..2020)
 *   2024-02-29   19782  (+31 +28)
 *   2024-06-30   19904  (+31 +29 +31 +30 +31 +29)
 *   2024-12-31   20088  (+365)
 *   2026-12-31   20818  (2025-01-01 = 20089, 2026-01-01 = 20454)
 *   2100-12-31   47846  (2100-01-01 = 130 × 365 + 32 leap days = 47482)
 *   9999-12-31 2932896  (253402300799 s / 86400)
 */
#include <stdbool.h>

#include "testutil.h"

#include "duban/date.h"

enum {
	D19000101 = -25567,
	D20000101 = 10957,
	D20230101 = 19358,
	D20230228 = 19416,
	D20240101 = 19723,
	D20240229 = 19782,
	D20240630 = 19904,
	D20241231 = 20088,
	D20261231 = 20818,
	D21001231 = 47846,
	D99991231 = 2932896,
};

/* The test's own calendar, to walk days independently of date.c. */
static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static date_t ymd(int y, int m, int d)
{
	date_t day = DATE_NONE;

	assert_int_equal(date_from_ymd(y, m, d, &day), 0);
	return day;
}

static void expect_parse(const char *s, date_t want)
{
	date_t day = DATE_NONE;

	if (date_parse(s, &day) != 0)
		fail_msg("date_parse(\"%s\") failed", s);
	if (day != want)
		fail_msg("date_parse(\"%s\") gave %ld, want %ld", s, (long)day,
			 (long)want);
}

static void expect_reject(const char *s)
{
	date_t day = 12345;

	if (date_parse(s, &day) != -1)
		fail_msg("date_parse(\"%s\") accepted it as %ld", s, (long)day);
}

/* --- date_from_ymd --- */

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(1971, 1, 1), 365);
	assert_int_equal(ymd(1900, 1, 1), D19000101);
	assert_int_equal(ymd(2000, 1, 1), D20000101);
	assert_int_equal(ymd(2023, 1, 1), D20230101);
	assert_int_equal(ymd(2024, 1, 1), D20240101);
	assert_int_equal(ymd(2024, 2, 29), D20240229);
	assert_int_equal(ymd(2024, 6, 30), D20240630);
	assert_int_equal(ymd(2024, 12, 31), D20241231);
	assert_int_equal(ymd(2025, 1, 1), D20241231 + 1);
	assert_int_equal(ymd(2026, 12, 31), D20261231);
	assert_int_equal(ymd(2100, 12, 31), D21001231);
	assert_int_equal(ymd(9999, 12, 31), D99991231);
}

static void test_from_ymd_validity(void **state)
{
	date_t day = 777;

	(void)state;
	assert_int_equal(date_from_ymd(2024, 2, 29, &day), 0);
	assert_int_equal(day, D20240229);
	assert_int_equal(date_from_ymd(2000, 2, 29, &day), 0);
	assert_int_equal(day, D20000101 + 31 + 28);

	day = 777;
	assert_int_equal(date_from_ymd(2023, 2, 29, &day), -1);
	assert_int_equal(date_from_ymd(1900, 2, 29, &day), -1);
	assert_int_equal(date_from_ymd(2100, 2, 29, &day), -1);
	assert_int_equal(date_from_ymd(2024, 13, 1, &day), -1);
	assert_int_equal(date_from_ymd(2024, 0, 1, &day), -1);
	assert_int_equal(date_from_ymd(2024, 1, 0, &day), -1);
	assert_int_equal(date_from_ymd(2024, 1, -1, &day), -1);
	assert_int_equal(date_from_ymd(2024, 1, 32, &day), -1);
	assert_int_equal(date_from_ymd(2024, 4, 31, &day), -1);
	assert_int_equal(date_from_ymd(2024, 2, 30, &day), -1);
	assert_int_equal(date_from_ymd(1899, 12, 31, &day), -1);
	assert_int_equal(date_from_ymd(10000, 1, 1, &day), -1);
	assert_int_equal(day, 777);	/* untouched on failure */

	assert_int_equal(date_from_ymd(1900, 1, 1, &day), 0);
	assert_int_equal(date_from_ymd(2024, 4, 30, &day), 0);
	assert_int_equal(date_from_ymd(2024, 1, 31, &day), 0);
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 1), 31);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 4), 30);
	assert_int_equal(date_days_in_month(2024, 6), 30);
	assert_int_equal(date_days_in_month(2024, 9), 30);
	assert_int_equal(date_days_in_month(2024, 11), 30);
	assert_int_equal(date_days_in_month(2024, 12), 31);
}

/* --- date_to_ymd --- */

static void test_to_ymd_known(void **state)
{
	int y = 0, m = 0, d = 0;

	(void)state;
	date_to_ymd(0, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	date_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	date_to_ymd(D20240229, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	date_to_ymd(D20240229 + 1, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	date_to_ymd(D19000101, &y, &m, &d);
	assert_int_equal(y, 1900);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	date_to_ymd(D99991231, &y, &m, &d);
	assert_int_equal(y, 9999);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

/* Every day from 1900-01-01 to 2100-12-31, walked with the test's own
 * calendar: each is one more than the day before and splits back. */
static void test_round_trip_every_day(void **state)
{
	date_t prev = D19000101 - 1;
	long days = 0;

	(void)state;
	for (int y = 1900; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			int dim = month_days(y, m);
			date_t day;

			for (int d = 1; d <= dim; d++) {
				int yy, mm, dd;

				if (date_from_ymd(y, m, d, &day) != 0)
					fail_msg("%04d-%02d-%02d rejected", y, m, d);
				if (day != prev + 1)
					fail_msg("%04d-%02d-%02d is %ld, the day before %ld",
						 y, m, d, (long)day, (long)prev);
				date_to_ymd(day, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%04d-%02d-%02d came back as %04d-%02d-%02d",
						 y, m, d, yy, mm, dd);
				prev = day;
				days++;
			}
			if (date_from_ymd(y, m, dim + 1, &day) != -1)
				fail_msg("%04d-%02d-%02d accepted", y, m, dim + 1);
		}
	}
	assert_int_equal(prev, D21001231);
	/* 201 years, 49 leap days (1904..2096 without 1900 and 2100, with 2000) */
	assert_int_equal(days, 201L * 365 + 49);
}

/* --- date_format --- */

static void test_format(void **state)
{
	char buf[DATE_BUFSIZE];
	char big[32];

	(void)state;
	assert_int_equal(DATE_BUFSIZE, 11);
	assert_ptr_equal(date_format(0, buf), buf);
	assert_string_equal(buf, "1970-01-01");
	assert_string_equal(date_format(D20241231, buf), "2024-12-31");
	assert_string_equal(date_format(D20240229, buf), "2024-02-29");
	assert_string_equal(date_format(D20240630, buf), "2024-06-30");
	assert_string_equal(date_format(D19000101, buf), "1900-01-01");
	assert_string_equal(date_format(D99991231, buf), "9999-12-31");
	memset(big, 'x', sizeof(big));
	assert_string_equal(date_format(DATE_NONE, big), "");
	assert_int_equal(big[0], '\0');
}

/* --- date_parse --- */

static void test_parse_numeric_forms(void **state)
{
	(void)state;
	expect_parse("2024-12-31", D20241231);
	expect_parse("2024/12/31", D20241231);
	expect_parse("2024/6/30", D20240630);
	expect_parse("2024.06.30", D20240630);
	expect_parse("2024-6-30", D20240630);
	expect_parse("2024-02-29", D20240229);
	expect_parse("1970-01-01", 0);
}

static void test_parse_chinese_forms(void **state)
{
	(void)state;
	expect_parse("2024年12月31日", D20241231);
	expect_parse("2024年6月30日", D20240630);
	expect_parse("2024年6月30号", D20240630);
	expect_parse("2024年12月底", D20241231);
	expect_parse("2024年2月底", D20240229);
	expect_parse("2023年2月底", D20230228);
	expect_parse("2024年6月底", D20240630);
	expect_parse("2024年6月", D20240630);
	expect_parse("2024年2月", D20240229);
	expect_parse("2024年底", D20241231);
	expect_parse("2026年底", D20261231);
}

static void test_parse_full_width_and_spaces(void **state)
{
	(void)state;
	expect_parse("２０２４年１２月底", D20241231);
	expect_parse("２０２４－１２－３１", D20241231);
	expect_parse("２０２４／６／３０", D20240630);
	expect_parse("  2024-12-31", D20241231);
	expect_parse("2024-12-31  ", D20241231);
	expect_parse(" \t2024年12月底\t ", D20241231);
	expect_parse(" 2024年底 ", D20241231);
	expect_parse("2024年6月 ", D20240630);
	expect_parse("2024年6月\t", D20240630);
	/* the ideographic space U+3000 around it */
	expect_parse("\xe3\x80\x80" "2024年6月底" "\xe3\x80\x80", D20240630);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	expect_reject("2024-13-01");
	expect_reject("2024-00-10");
	expect_reject("2024-02-30");
	expect_reject("2023-02-29");
	expect_reject("2024-04-31");
	expect_reject("1899-12-31");
	expect_reject("24-1-1");
	expect_reject("202-01-01");
	expect_reject("20241231");
	expect_reject("2024-12");
	expect_reject("2024-12-");
	expect_reject("2024/12-31");
	expect_reject("2024-1-123");
	expect_reject("2024年13月底");
	expect_reject("2024年0月底");
	expect_reject("2024年2月30日");
	expect_reject("2024年12月32日");
	expect_reject("2024年12月31");
	expect_reject("2024年12月底x");
	expect_reject("2024年");
	expect_reject("abc");
	expect_reject("");
	expect_reject("   ");
	expect_reject("2024-12-31x");
	expect_reject("2024-12-31 x");
	expect_reject("x2024-12-31");
}

static void test_parse_too_long(void **state)
{
	char s[300];

	(void)state;
	/* a valid date followed by 289 bytes of junk: rejected, and read
	 * without overrunning anything (run under ASan) */
	memset(s, 'x', sizeof(s));
	memcpy(s, "2024-12-31", 10);
	s[sizeof(s) - 1] = '\0';
	expect_reject(s);
}

/* Deadline phrases, each with the plan year 2024 unless it names one;
 * the expected day written out as YYYY-MM-DD, "" for open-ended. */
static void test_deadline_phrases(void **state)
{
	static const char *const cases[][2] = {
		{ "2024年12月底", "2024-12-31" },
		{ "2024年12月31日", "2024-12-31" },
		{ "2024-12-31", "2024-12-31" },
		{ "2024/6/30", "2024-06-30" },
		{ "2024年6月底前", "2024-06-30" },
		{ "2024年6月30日前", "2024-06-30" },
		{ "2024年底", "2024-12-31" },
		{ "2024年末", "2024-12-31" },
		{ "2024年年底", "2024-12-31" },
		{ "2025年", "2025-12-31" },
		{ "2025年度", "2025-12-31" },
		{ "2024—2025年", "2025-12-31" },
		{ "2024-2026年", "2026-12-31" },
		{ "6月底完成", "2024-06-30" },
		{ "6月底前", "2024-06-30" },
		{ "年底前完成", "2024-12-31" },
		{ "年底前全面完成", "2024-12-31" },
		{ "年底", "2024-12-31" },
		{ "年末", "2024-12-31" },
		{ "全年", "2024-12-31" },
		{ "年内", "2024-12-31" },
		{ "本年度", "2024-12-31" },
		{ "年度内", "2024-12-31" },
		{ "今年", "2024-12-31" },
		{ "下半年", "2024-12-31" },
		{ "上半年", "2024-06-30" },
		{ "年中", "2024-06-30" },
		{ "第三季度", "2024-09-30" },
		{ "三季度末", "2024-09-30" },
		{ "一季度", "2024-03-31" },
		{ "第1季度", "2024-03-31" },
		{ "2025年第二季度底", "2025-06-30" },
		{ "四季度", "2024-12-31" },
		{ "6月", "2024-06-30" },
		{ "2月底", "2024-02-29" },
		{ "六月底", "2024-06-30" },
		{ "十二月", "2024-12-31" },
		{ "9月30日", "2024-09-30" },
		{ "6月上旬", "2024-06-10" },
		{ "6月中旬", "2024-06-20" },
		{ "6月下旬", "2024-06-30" },
		{ "8月份", "2024-08-31" },
		{ "2024年6月、12月", "2024-12-31" },
		{ "2025年6月、9月", "2025-09-30" },
		{ "6月底前启动，年底前全面完成", "2024-12-31" },
		{ "２０２４年１２月底", "2024-12-31" },
		{ "2024年12月底。", "2024-12-31" },
		{ " 2024年10月 ", "2024-10-31" },
		{ "长期坚持", "" },
		{ "持续推进", "" },
		{ "年内持续推进", "" },
		{ "常态化开展", "" },
		{ "每月", "" },
		{ "每季度报送", "" },
		{ "定期", "" },
	};
	char buf[DATE_BUFSIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		date_t d = 0;

		if (date_parse_deadline(cases[i][0], 2024, &d) != 0)
			fail_msg("\"%s\" is not read", cases[i][0]);
		if (strcmp(date_format(d, buf), cases[i][1]) != 0)
			fail_msg("\"%s\" gives %s, not %s", cases[i][0], buf,
				 cases[i][1]);
	}
}

static void test_deadline_rejects(void **state)
{
	static const char *const bad[] = {
		"明年春天", "2024年13月底", "", "尽快", "6月32日", "第五季度",
		"2024年2月30日", "区财政局",
	};
	date_t d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (date_parse_deadline(bad[i], 2024, &d) != -1)
			fail_msg("\"%s\" is read", bad[i]);
	/* without a plan year, what names none needs one */
	assert_int_equal(date_parse_deadline("全年", 0, &d), -2);
	assert_int_equal(date_parse_deadline("6月底", 0, &d), -2);
	assert_int_equal(date_parse_deadline("三季度末", 0, &d), -2);
	assert_int_equal(date_parse_deadline("2024年6月", 0, &d), 0);
	assert_int_equal(d, D20240630);
	assert_int_equal(date_parse_deadline("长期坚持", 0, &d), 0);
	assert_int_equal(d, DATE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_from_ymd_validity),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_to_ymd_known),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_numeric_forms),
		cmocka_unit_test(test_parse_chinese_forms),
		cmocka_unit_test(test_parse_full_width_and_spaces),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_too_long),
		cmocka_unit_test(test_deadline_phrases),
		cmocka_unit_test(test_deadline_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
