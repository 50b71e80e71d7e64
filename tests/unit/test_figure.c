/*
 * test_figure — figures and percents as people write them: what is taken,
 * to exactly what, and what is refused.
 */
#include "testutil.h"

#include "duban/figure.h"

static void figure_is(const char *s, const char *unit, const char *want)
{
	char out[FIGURE_TEXT_MAX + 1] = "unset";
	int rc = figure_parse(s, unit, out, sizeof(out));

	if (want == NULL) {
		if (rc == 0)
			fail_msg("\"%s\" (unit \"%s\") read as \"%s\"", s, unit, out);
		return;
	}
	if (rc != 0)
		fail_msg("\"%s\" (unit \"%s\") refused", s, unit);
	assert_string_equal(out, want);
}

static void test_figures(void **state)
{
	(void)state;
	figure_is("38", "", "38");
	figure_is("4.5", "", "4.5");
	figure_is("３８", "家", "38");
	figure_is("３８．５", "", "38.5");
	figure_is("38家", "家", "38");
	figure_is(" 38 家 ", "家", "38");
	figure_is("96亿元", "亿元", "96");
	figure_is("1,234", "", "1234");
	figure_is("1,234,567.25", "亿元", "1234567.25");
	figure_is("12,345亿元", "亿元", "12345");
	figure_is("0", "", "0");
	figure_is("999999999999999999", "", "999999999999999999");
	figure_is("1.123456", "", "1.123456");
	/* refused */
	figure_is("38件", "家", NULL);		/* another unit */
	figure_is("38亿", "亿元", NULL);
	figure_is("1,00", "", NULL);		/* not grouped by threes */
	figure_is("1,2345", "", NULL);
	figure_is(",123", "", NULL);
	figure_is("123,", "", NULL);
	figure_is("1.234,5", "", NULL);	/* a comma after the point */
	figure_is("1000000000000000000", "", NULL);	/* 19 digits */
	figure_is("1.1234567", "", NULL);
	figure_is("-5", "", NULL);
	figure_is("+5", "", NULL);
	figure_is("1e3", "", NULL);
	figure_is("38.", "", NULL);
	figure_is(".5", "", NULL);
	figure_is("", "", NULL);
	figure_is("家", "家", NULL);
	figure_is("abc", "", NULL);
}

static void test_figure_too_long(void **state)
{
	char s[FIGURE_TEXT_MAX + 2], out[8];

	(void)state;
	memset(s, '1', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(figure_parse(s, "", out, sizeof(out)), -1);
	/* a figure that does not fit out is refused, not cut */
	assert_int_equal(figure_parse("12345678", "", out, sizeof(out)), -1);
	assert_int_equal(figure_parse("1234567", "", out, sizeof(out)), 0);
	assert_string_equal(out, "1234567");
}

static void percent_is(const char *s, int want)
{
	int got = -7;
	int rc = percent_parse(s, &got);

	if (want < 0) {
		if (rc == 0)
			fail_msg("\"%s\" read as %d%%", s, got);
		return;
	}
	if (rc != 0)
		fail_msg("\"%s\" refused", s);
	assert_int_equal(got, want);
}

static void test_percents(void **state)
{
	(void)state;
	percent_is("45", 45);
	percent_is("45%", 45);
	percent_is(" 45 % ", 45);
	percent_is("４５％", 45);
	percent_is("45.0", 45);
	percent_is("0", 0);
	percent_is("100", 100);
	percent_is("100%", 100);
	/* a cell formatted as percent, read as its value */
	percent_is("0.45", 45);
	percent_is("0.5", 50);
	percent_is("1.0", 100);
	percent_is("0.0", 0);
	percent_is("0.07", 7);
	/* refused */
	percent_is("101", -1);
	percent_is("1.01", -1);		/* 101% */
	percent_is("0.455", -1);	/* 45.5%: the journal keeps whole ones */
	percent_is("50.5", -1);
	percent_is("0.5%", -1);
	percent_is("-5", -1);
	percent_is("+5", -1);
	percent_is("", -1);
	percent_is("%", -1);
	percent_is("45%%", -1);
	percent_is("4 5", -1);
	percent_is("1e2", -1);
	percent_is("0.1234567", -1);
	percent_is("99999999999", -1);
}

/* A text shown in a sheet against what a spreadsheet wrote back. */
static void test_same_number(void **state)
{
	(void)state;
	assert_true(figure_same_number("3.10", "3.1"));
	assert_true(figure_same_number("50%", "50.00%"));
	assert_true(figure_same_number("50%", "0.5"));
	assert_true(figure_same_number("1,234", "1234"));
	assert_true(figure_same_number("007", "7"));
	assert_true(figure_same_number("-2.50", "-2.5"));
	assert_true(figure_same_number("１２", "12"));
	/* 18 digits come back to 15 significant ones */
	assert_true(figure_same_number("123456789012345678",
				       "1.23456789012346E+17"));
	/* other numbers, and texts that are not numbers */
	assert_false(figure_same_number("3.10", "3.2"));
	assert_false(figure_same_number("50%", "50"));
	assert_false(figure_same_number("123456789012345678",
					"1.23456789012347E+17"));
	assert_false(figure_same_number("3.10", "3.10 万"));
	assert_false(figure_same_number("已完成", "已完成"));
	assert_false(figure_same_number("", ""));
	assert_false(figure_same_number("1,23", "123"));
	assert_false(figure_same_number("1e400", "1e400"));
	assert_false(figure_same_number("nan", "nan"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_figure_too_long),
		cmocka_unit_test(test_percents),
		cmocka_unit_test(test_same_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
