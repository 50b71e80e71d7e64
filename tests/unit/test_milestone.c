/*
 * test_milestone — milestones.csv (节点): read as Excel saves it, refused
 * with its line when it cannot be trusted, edited and written back whole,
 * and the line through the milestones that 序时进度 follows.
 *
 * The line worked out by hand, for a period starting 2024-01-01 (the
 * point (2023-12-31, 0)) and a deadline of 2024-12-31 (100):
 *
 *   milestones 2024-03-31 80%            2024-02-15: 80 × 46 / 91 = 40.4 → 40
 *                                        2024-04-01: 80 + 20 × 1 / 275 → 80
 *                                        2024-09-30: 80 + 20 × 183 / 275
 *                                                    = 93.3 → 93
 *   milestones 03-31 30%, 06-30 60%      2024-05-15: 30 + 30 × 45 / 91
 *                                                    = 44.8 → 44
 *   a milestone past the deadline,       2024-12-31: 50 + 40 × 184 / 215
 *   2025-01-31 90%, after 06-30 50%                  = 84.2 → 84
 *                                        2025-01-01: 50 + 40 × 185 / 215
 *                                                    = 84.4 → 84
 *                                        2025-02-01: 90
 */
#include "testutil.h"

#include "duban/date.h"
#include "duban/error.h"
#include "duban/mem.h"
#include "duban/milestone.h"

static date_t ymd(int y, int m, int d)
{
	date_t out;

	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

static int load(struct milestones *ms, const char *csv,
		struct duban_error *err)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "%s", write_temp(csv, strlen(csv)));
	error_clear(err);
	rc = milestones_load(ms, path, "milestones.csv", err);
	unlink(path);
	return rc;
}

static void expect_refused(const char *csv, long line, const char *msg)
{
	struct milestones ms = MILESTONES_INIT;
	struct duban_error err;

	if (load(&ms, csv, &err) != -1 || err.line != line ||
	    strcmp(err.msg, msg))
		fail_msg("\"%s\": line %ld \"%s\"", csv, err.line, err.msg);
	assert_int_equal(ms.n, 0);
	assert_null(ms.v);
}

static void test_load(void **state)
{
	struct milestones ms = MILESTONES_INIT;
	struct duban_error err;
	const struct milestone *m;
	size_t n;

	(void)state;
	/* as Excel saves it: a BOM, CRLF, other column order, 80% */
	assert_int_equal(load(&ms, "\xEF\xBB\xBFtext,item,percent,date\r\n"
			      "年底全面完成,12,100%,2024-12-31\r\n"
			      "一季度完成招引80%,12,80%,2024/3/31\r\n"
			      ",3,50,2024-06-30\r\n", &err), 0);
	assert_int_equal(ms.n, 3);
	m = milestones_of(&ms, 12, &n);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].date, ymd(2024, 3, 31));
	assert_int_equal(m[0].percent, 80);
	assert_string_equal(m[0].text, "一季度完成招引80%");
	assert_int_equal(m[0].line, 3);
	assert_int_equal(m[1].percent, 100);
	assert_int_equal(m[1].line, 2);
	m = milestones_of(&ms, 3, &n);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].text, "");
	assert_null(milestones_of(&ms, 4, &n));
	assert_int_equal(n, 0);
	assert_null(milestones_of(&ms, 1, &n));
	assert_null(milestones_of(NULL, 12, &n));
	milestones_release(&ms);

	/* no file is no milestones */
	assert_int_equal(milestones_load(&ms, "/nonexistent/milestones.csv",
					 "milestones.csv", &err), 0);
	assert_int_equal(ms.n, 0);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("item,date,percent\n", 1,
		       "the header has no \"text\" column");
	expect_refused("item,date,percent,text,who\n", 1, "unknown column "
		       "\"who\": milestones.csv has item, date, percent and text");
	expect_refused("item,date,percent,text\n1,2024-03-31,80\n", 2,
		       "3 fields where the header has 4");
	expect_refused("item,date,percent,text\n一,2024-03-31,80,\n", 2,
		       "\"一\" is not an item id");
	expect_refused("item,date,percent,text\n0,2024-03-31,80,\n", 2,
		       "\"0\" is not an item id");
	expect_refused("item,date,percent,text\n-3,2024-03-31,80,\n", 2,
		       "\"-3\" is not an item id");
	expect_refused("item,date,percent,text\n1,一季度,80,\n", 2,
		       "\"一季度\" is not a date (write 2024-03-31)");
	expect_refused("item,date,percent,text\n1,,80,\n", 2,
		       "\"\" is not a date (write 2024-03-31)");
	expect_refused("item,date,percent,text\n1,2024-03-31,120,\n", 2,
		       "\"120\" is not a percent from 0 to 100");
	expect_refused("item,date,percent,text\n1,2024-03-31,,\n", 2,
		       "\"\" is not a percent from 0 to 100");
	expect_refused("item,date,percent,text\n1,2024-03-31,80,\"a\nb\"\n", 2,
		       "the text holds a line break or another control "
		       "character");
	/* two on a day, or less asked later: the later line is named */
	expect_refused("item,date,percent,text\n1,2024-03-31,80,\n"
		       "2,2024-03-31,80,\n1,2024-03-31,90,\n", 4,
		       "item 1 has a milestone on 2024-03-31 already (line 2)");
	expect_refused("item,date,percent,text\n1,2024-06-30,60,\n"
		       "1,2024-03-31,70,\n", 2,
		       "item 1 is expected at 70% by 2024-03-31 (line 3), more "
		       "than the 60% of this later milestone");
}

static void test_add_remove_write(void **state)
{
	struct milestones ms = MILESTONES_INIT, back = MILESTONES_INIT;
	struct duban_error err;
	char path[64];
	size_t n;
	char *data;

	(void)state;
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 6, 30), 60,
					"年中过半", &err), 0);
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 3, 31), 30,
					"逗号, \"引号\"", &err), 0);
	assert_int_equal(milestones_add(&ms, 2, ymd(2024, 9, 30), 90, "", &err), 0);
	error_clear(&err);
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 6, 30), 70, "",
					&err), -1);
	assert_string_equal(err.msg, "item 5 has a milestone on 2024-06-30 "
			    "already");
	error_clear(&err);
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 9, 30), 50, "",
					&err), -1);
	assert_string_equal(err.msg, "item 5 is expected at 60% by 2024-06-30 "
			    "already: a later milestone cannot ask for less");
	error_clear(&err);
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 1, 31), 40, "",
					&err), -1);
	assert_string_equal(err.msg, "item 5 is expected at 30% only by "
			    "2024-03-31: an earlier milestone cannot ask for "
			    "more");
	error_clear(&err);
	assert_int_equal(milestones_add(&ms, 5, ymd(2024, 1, 31), 10, "a\nb",
					&err), -1);
	assert_int_equal(ms.n, 3);

	snprintf(path, sizeof(path), "%s", write_temp("", 0));
	assert_int_equal(milestones_write(&ms, path, &err), 0);
	data = read_whole(path, &n);
	assert_string_equal(data, "item,date,percent,text\n"
			    "2,2024-09-30,90,\n"
			    "5,2024-03-31,30,\"逗号, \"\"引号\"\"\"\n"
			    "5,2024-06-30,60,年中过半\n");
	mem_free(data);
	assert_int_equal(milestones_load(&back, path, "milestones.csv", &err), 0);
	assert_int_equal(back.n, 3);
	assert_string_equal(back.v[1].text, "逗号, \"引号\"");

	assert_int_equal(milestones_remove(&ms, 5, ymd(2024, 3, 31)), 0);
	assert_int_equal(milestones_remove(&ms, 5, ymd(2024, 3, 31)), -1);
	assert_int_equal(milestones_remove(&ms, 7, ymd(2024, 3, 31)), -1);
	assert_int_equal(ms.n, 2);
	assert_int_equal(ms.v[1].date, ymd(2024, 6, 30));
	unlink(path);
	milestones_release(&ms);
	milestones_release(&back);
}

static int expected(const struct milestones *ms, long item, date_t start,
		    date_t deadline, date_t day)
{
	size_t n;
	const struct milestone *v = milestones_of(ms, item, &n);

	return milestone_expected(v, n, start, deadline, day);
}

static void test_expected(void **state)
{
	struct milestones ms = MILESTONES_INIT;
	struct duban_error err;
	date_t start = ymd(2024, 1, 1), dl = ymd(2024, 12, 31);

	(void)state;
	assert_int_equal(milestones_add(&ms, 1, ymd(2024, 3, 31), 80, "", &err), 0);
	assert_int_equal(milestones_add(&ms, 2, ymd(2024, 3, 31), 30, "", &err), 0);
	assert_int_equal(milestones_add(&ms, 2, ymd(2024, 6, 30), 60, "", &err), 0);
	assert_int_equal(milestones_add(&ms, 3, ymd(2024, 6, 30), 50, "", &err), 0);
	assert_int_equal(milestones_add(&ms, 3, ymd(2025, 1, 31), 90, "", &err), 0);

	/* none: the share of the period, as health has it */
	assert_int_equal(expected(&ms, 9, start, dl, ymd(2023, 12, 1)), 0);
	assert_int_equal(expected(&ms, 9, start, dl, ymd(2024, 1, 1)), 0);
	assert_int_equal(expected(&ms, 9, start, dl, ymd(2024, 7, 1)), 50);
	assert_int_equal(expected(&ms, 9, start, dl, ymd(2024, 12, 31)), 100);
	assert_int_equal(expected(&ms, 9, start, dl, ymd(2025, 6, 1)), 100);

	assert_int_equal(expected(&ms, 1, start, dl, ymd(2023, 12, 31)), 0);
	assert_int_equal(expected(&ms, 1, start, dl, ymd(2024, 2, 15)), 40);
	assert_int_equal(expected(&ms, 1, start, dl, ymd(2024, 3, 31)), 80);
	assert_int_equal(expected(&ms, 1, start, dl, ymd(2024, 4, 1)), 80);
	assert_int_equal(expected(&ms, 1, start, dl, ymd(2024, 9, 30)), 93);
	assert_int_equal(expected(&ms, 1, start, dl, ymd(2024, 12, 31)), 100);

	assert_int_equal(expected(&ms, 2, start, dl, ymd(2024, 5, 15)), 44);
	assert_int_equal(expected(&ms, 2, start, dl, ymd(2024, 6, 30)), 60);

	assert_int_equal(expected(&ms, 3, start, dl, ymd(2024, 12, 31)), 84);
	assert_int_equal(expected(&ms, 3, start, dl, ymd(2025, 1, 1)), 84);
	assert_int_equal(expected(&ms, 3, start, dl, ymd(2025, 1, 31)), 90);
	assert_int_equal(expected(&ms, 3, start, dl, ymd(2025, 2, 1)), 90);

	/* no start: nothing expected before the first milestone */
	assert_int_equal(expected(&ms, 1, DATE_NONE, dl, ymd(2024, 3, 30)), 0);
	assert_int_equal(expected(&ms, 1, DATE_NONE, dl, ymd(2024, 3, 31)), 80);
	assert_int_equal(expected(&ms, 9, DATE_NONE, dl, ymd(2024, 12, 30)), 0);
	assert_int_equal(expected(&ms, 9, DATE_NONE, dl, ymd(2024, 12, 31)), 100);
	milestones_release(&ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_add_remove_write),
		cmocka_unit_test(test_expected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
