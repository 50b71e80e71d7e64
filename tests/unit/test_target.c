/*
 * test_target — the targets field of items.csv: parsing, errors, formatting.
 */
#include "testutil.h"

#include "duban/arena.h"
#include "duban/target.h"

/* 2026-12-31: 2026-01-01 is day 20454 from 1970-01-01, plus 364. */
#define D20261231 20818
/* 2024-12-31: 2024-01-01 is day 19723, plus 365 (a leap year). */
#define D20241231 20088

/* Stands in *out before a call, to see it set to NULL. */
static struct target sentinel;

struct fixture {
	struct arena arena;
	struct duban_error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->arena = (struct arena)ARENA_INIT;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_release(&f->arena);
	free(f);
	return 0;
}

/* Parses s, which must hold exactly n targets. */
static struct target *parse_ok(struct fixture *f, const char *s, size_t n)
{
	struct target *t = NULL;
	size_t count = 99;

	error_clear(&f->err);
	if (targets_parse(s, &f->arena, &t, &count, &f->err) != 0)
		fail_msg("targets_parse(\"%s\"): %s", s, f->err.msg);
	assert_int_equal(count, n);
	assert_non_null(t);
	return t;
}

/* Parses s, which must fail with exactly the message msg. */
static void parse_fails(struct fixture *f, const char *s, const char *msg)
{
	struct target *t = &sentinel;
	size_t count = 99;

	error_clear(&f->err);
	if (targets_parse(s, &f->arena, &t, &count, &f->err) != -1)
		fail_msg("targets_parse(\"%s\") accepted it", s);
	assert_string_equal(f->err.msg, msg);
	assert_null(t);
	assert_int_equal(count, 0);
}

/* Formats t and checks it reads want. */
static void expect_format(const struct target *t, const char *want)
{
	char buf[512];

	assert_int_equal(target_format(t, buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void expect_target(const struct target *t, const char *subject,
			  enum target_op op, const char *figure,
			  const char *figure_max, double value, double value_max,
			  const char *unit, date_t by)
{
	assert_string_equal(t->subject, subject);
	assert_int_equal(t->op, op);
	assert_string_equal(t->figure, figure);
	if (figure_max)
		assert_string_equal(t->figure_max, figure_max);
	else
		assert_null(t->figure_max);
	assert_true(t->value == value);
	assert_true(t->value_max == value_max);
	assert_string_equal(t->unit, unit);
	assert_int_equal(t->by, by);
}

/* --- target_op_symbol --- */

static void test_op_symbol(void **state)
{
	(void)state;
	assert_string_equal(target_op_symbol(TARGET_GT), ">");
	assert_string_equal(target_op_symbol(TARGET_GE), ">=");
	assert_string_equal(target_op_symbol(TARGET_EQ), "=");
	assert_string_equal(target_op_symbol(TARGET_LE), "<=");
	assert_string_equal(target_op_symbol(TARGET_LT), "<");
}

/* --- targets_parse: what it accepts --- */

static void test_parse_each_op(void **state)
{
	struct fixture *f = *state;

	expect_target(parse_ok(f, "规上工业企业数量>40家", 1), "规上工业企业数量",
		      TARGET_GT, "40", NULL, 40, 40, "家", DATE_NONE);
	expect_target(parse_ok(f, "大型节假日促消费活动>=6场", 1),
		      "大型节假日促消费活动", TARGET_GE, "6", NULL, 6, 6, "场",
		      DATE_NONE);
	expect_target(parse_ok(f, "盘活低效用地=140亩", 1), "盘活低效用地",
		      TARGET_EQ, "140", NULL, 140, 140, "亩", DATE_NONE);
	expect_target(parse_ok(f, "单位能耗<=0.5吨", 1), "单位能耗", TARGET_LE,
		      "0.5", NULL, 0.5, 0.5, "吨", DATE_NONE);
	expect_target(parse_ok(f, "安全事故<3起", 1), "安全事故", TARGET_LT, "3",
		      NULL, 3, 3, "起", DATE_NONE);
}

static void test_parse_range(void **state)
{
	struct fixture *f = *state;

	expect_target(parse_ok(f, "市级以上科技创新平台=1-2家", 1),
		      "市级以上科技创新平台", TARGET_EQ, "1", "2", 1, 2, "家",
		      DATE_NONE);
	expect_target(parse_ok(f, "x=1.5-2.25亿元", 1), "x", TARGET_EQ, "1.5",
		      "2.25", 1.5, 2.25, "亿元", DATE_NONE);
	/* a range of one figure is still low to high */
	expect_target(parse_ok(f, "x=2-2个", 1), "x", TARGET_EQ, "2", "2", 2, 2,
		      "个", DATE_NONE);
}

static void test_parse_decimal_percent_and_no_unit(void **state)
{
	struct fixture *f = *state;

	expect_target(parse_ok(f, "每千人口托位=4.1个", 1), "每千人口托位",
		      TARGET_EQ, "4.1", NULL, 4.1, 4.1, "个", DATE_NONE);
	expect_target(parse_ok(f, "旧改覆盖率>90%", 1), "旧改覆盖率", TARGET_GT,
		      "90", NULL, 90, 90, "%", DATE_NONE);
	expect_target(parse_ok(f, "充分就业社区比例>=60%", 1),
		      "充分就业社区比例", TARGET_GE, "60", NULL, 60, 60, "%",
		      DATE_NONE);
	expect_target(parse_ok(f, "城镇新增就业=5100", 1), "城镇新增就业",
		      TARGET_EQ, "5100", NULL, 5100, 5100, "", DATE_NONE);
	/* the figure keeps its text as written */
	expect_target(parse_ok(f, "x=007", 1), "x", TARGET_EQ, "007", NULL, 7, 7,
		      "", DATE_NONE);
}

static void test_parse_date(void **state)
{
	struct fixture *f = *state;

	expect_target(parse_ok(f, "“亿元楼”>13幢@2026-12-31", 1), "“亿元楼”",
		      TARGET_GT, "13", NULL, 13, 13, "幢", D20261231);
	/* any date form date_parse reads */
	expect_target(parse_ok(f, "“亿元楼”>13幢@2026年底", 1), "“亿元楼”",
		      TARGET_GT, "13", NULL, 13, 13, "幢", D20261231);
	/* no unit, straight to the date */
	expect_target(parse_ok(f, "项目=5@2024年12月底", 1), "项目", TARGET_EQ,
		      "5", NULL, 5, 5, "", D20241231);
}

/* Keys: the subject; for a later target counting the same subject, its
 * date or its place among the alike, after "@", which no subject holds. */
static void test_keys(void **state)
{
	struct fixture *f = *state;
	struct target *t;

	(void)f;
	t = parse_ok(f, "企业=1家;收入>2亿元", 2);
	assert_string_equal(t[0].key, "企业");
	assert_string_equal(t[1].key, "收入");
	/* a second with the same subject leaves the first's key as it was */
	t = parse_ok(f, "企业=1家;收入>2亿元;企业=2家", 3);
	assert_string_equal(t[0].key, "企业");
	assert_string_equal(t[1].key, "收入");
	assert_string_equal(t[2].key, "企业@2");
	t = parse_ok(f, "企业=1家;企业=2家;企业=3家", 3);
	assert_string_equal(t[2].key, "企业@3");
	/* by date when that tells them apart */
	t = parse_ok(f, "“亿元楼”>10幢@2025-12-31;“亿元楼”>13幢@2026-12-31;"
		     "“亿元楼”>15幢@2026-12-31", 3);
	assert_string_equal(t[0].key, "“亿元楼”");
	assert_string_equal(t[1].key, "“亿元楼”@2026-12-31");
	assert_string_equal(t[2].key, "“亿元楼”@3");
	/* a subject like a generated key is no other target's key */
	t = parse_ok(f, "A#1=3个;A=1个;A=2个", 3);
	assert_string_equal(t[0].key, "A#1");
	assert_string_equal(t[1].key, "A");
	assert_string_equal(t[2].key, "A@2");
	assert_int_equal(target_find_key(t, 3, "A#1"), 0);
	assert_int_equal(target_find_key(t, 3, "A@2"), 2);
	assert_int_equal(target_find_key(t, 3, "A@1"), -1);
}

static void test_parse_several_and_quotes(void **state)
{
	struct fixture *f = *state;
	struct target *t;

	t = parse_ok(f, "每年新增“亿元楼”=2幢;“亿元楼”>13幢@2026-12-31", 2);
	expect_target(&t[0], "每年新增“亿元楼”", TARGET_EQ, "2", NULL, 2, 2, "幢",
		      DATE_NONE);
	expect_target(&t[1], "“亿元楼”", TARGET_GT, "13", NULL, 13, 13, "幢",
		      D20261231);

	t = parse_ok(f, "入选独角兽（瞪羚）企业=2家;培育专精特新企业=2家;"
		     "科技型中小企业认定数>180家;技术合同登记交易额>20亿元", 4);
	expect_target(&t[0], "入选独角兽（瞪羚）企业", TARGET_EQ, "2", NULL, 2, 2,
		      "家", DATE_NONE);
	expect_target(&t[1], "培育专精特新企业", TARGET_EQ, "2", NULL, 2, 2, "家",
		      DATE_NONE);
	expect_target(&t[2], "科技型中小企业认定数", TARGET_GT, "180", NULL, 180,
		      180, "家", DATE_NONE);
	expect_target(&t[3], "技术合同登记交易额", TARGET_GT, "20", NULL, 20, 20,
		      "亿元", DATE_NONE);
}

static void test_parse_spaces(void **state)
{
	struct fixture *f = *state;
	struct target *t;

	t = parse_ok(f, " 规上工业企业数量 > 40家 ; 总产值 >= 60 亿元 @ 2026-12-31 ", 2);
	expect_target(&t[0], "规上工业企业数量", TARGET_GT, "40", NULL, 40, 40,
		      "家", DATE_NONE);
	expect_target(&t[1], "总产值", TARGET_GE, "60", NULL, 60, 60, "亿元",
		      D20261231);
	expect_format(&t[0], "规上工业企业数量>40家");
	expect_format(&t[1], "总产值>=60亿元@2026-12-31");

	t = parse_ok(f, "\t平台\t=\t1-2\t家\t", 1);
	expect_target(&t[0], "平台", TARGET_EQ, "1", "2", 1, 2, "家", DATE_NONE);
	/* spaces inside the subject and unit stay */
	t = parse_ok(f, "GDP growth > 5 per cent", 1);
	expect_target(&t[0], "GDP growth", TARGET_GT, "5", NULL, 5, 5, "per cent",
		      DATE_NONE);
}

static void test_parse_empty_field(void **state)
{
	struct fixture *f = *state;
	const char *const blanks[] = { "", " ", "\t", "  \t  " };

	for (size_t i = 0; i < sizeof(blanks) / sizeof(*blanks); i++) {
		struct target *t = &sentinel;
		size_t count = 99;

		assert_int_equal(targets_parse(blanks[i], &f->arena, &t, &count,
					       &f->err), 0);
		assert_null(t);
		assert_int_equal(count, 0);
	}
}

/* --- targets_parse: the errors --- */

static void test_error_no_comparison(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "规上工业企业数量40家",
		    "target \"规上工业企业数量40家\" has no comparison (> >= = <= <)");
	parse_fails(f, " 总产值@2026-12-31 ",
		    "target \"总产值@2026-12-31\" has no comparison (> >= = <= <)");
	/* the second target is the bad one */
	parse_fails(f, "a>1;b",
		    "target \"b\" has no comparison (> >= = <= <)");
}

static void test_error_empty_subject(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "=3个", "target \"=3个\" does not say what is counted");
	parse_fails(f, "  >= 3个 ", "target \">= 3个\" does not say what is counted");
	parse_fails(f, "a=1; <2", "target \"<2\" does not say what is counted");
}

static void test_error_no_figure(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "企业数>家", "target \"企业数>家\" has no figure after \">\"");
	parse_fails(f, "企业数>=", "target \"企业数>=\" has no figure after \">=\"");
	parse_fails(f, "企业数<= 家", "target \"企业数<= 家\" has no figure after \"<=\"");
	parse_fails(f, "企业数=-3家", "target \"企业数=-3家\" has no figure after \"=\"");
	parse_fails(f, "企业数<.5", "target \"企业数<.5\" has no figure after \"<\"");
}

static void test_error_bad_range(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "平台=2-1家",
		    "target \"平台=2-1家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	parse_fails(f, "平台>1-2家",
		    "target \"平台>1-2家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	parse_fails(f, "平台<=1-2家",
		    "target \"平台<=1-2家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	parse_fails(f, "平台=1-家",
		    "target \"平台=1-家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
}

static void test_error_junk_after_figure(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "项目=3个5",
		    "target \"项目=3个5\" has \"个5\" after its figure, which is not a unit");
	parse_fails(f, "项目>3<5",
		    "target \"项目>3<5\" has \"<5\" after its figure, which is not a unit");
	parse_fails(f, "项目>3个>",
		    "target \"项目>3个>\" has \"个>\" after its figure, which is not a unit");
	parse_fails(f, "项目=3=",
		    "target \"项目=3=\" has \"=\" after its figure, which is not a unit");
	parse_fails(f, "项目=3 4个",
		    "target \"项目=3 4个\" has \"4个\" after its figure, which is not a unit");
	/* the date is not part of the unit */
	parse_fails(f, "项目=3个5@2024-12-31",
		    "target \"项目=3个5@2024-12-31\" has \"个5\" after its figure, "
		    "which is not a unit");
	/* a unit starting with "-": written back as "项目>1-" it would read
	 * as a range */
	parse_fails(f, "项目>1 -",
		    "target \"项目>1 -\" has \"-\" after its figure, which is not a unit");
	parse_fails(f, "项目=1-2 -个",
		    "target \"项目=1-2 -个\" has \"-个\" after its figure, "
		    "which is not a unit");
	/* elsewhere in the unit it is only a character */
	expect_format(parse_ok(f, "项目=1 个-次", 1), "项目=1个-次");
}

static void test_error_bad_date(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "“亿元楼”>13幢@2026-13-01",
		    "target \"“亿元楼”>13幢@2026-13-01\" has \"2026-13-01\" after \"@\", "
		    "which is not a date");
	parse_fails(f, "a>1@ 明年 ",
		    "target \"a>1@ 明年\" has \"明年\" after \"@\", which is not a date");
	parse_fails(f, "a>1@",
		    "target \"a>1@\" has \"\" after \"@\", which is not a date");
}

static void test_error_empty_entry(void **state)
{
	struct fixture *f = *state;

	parse_fails(f, "a>1;;b>2", "targets \"a>1;;b>2\" has an empty entry");
	parse_fails(f, "a>1;", "targets \"a>1;\" has an empty entry");
	parse_fails(f, "a>1; ", "targets \"a>1; \" has an empty entry");
	parse_fails(f, ";a>1", "targets \";a>1\" has an empty entry");
	parse_fails(f, ";", "targets \";\" has an empty entry");
	parse_fails(f, "a>1; \t;b>2", "targets \"a>1; \t;b>2\" has an empty entry");
}

/* --- target_format --- */

static void test_format_round_trip(void **state)
{
	static const char *const fields[] = {
		"规上工业企业数量>40家",
		"总产值>60亿元",
		"大型节假日促消费活动>=6场",
		"盘活低效用地=140亩",
		"每年新增“亿元楼”=2幢",
		"“亿元楼”>13幢@2026-12-31",
		"市级以上科技创新平台=1-2家",
		"亿元以上企业研发机构覆盖率>70%",
		"每千人口托位=4.1个",
		"入选独角兽（瞪羚）企业=2家",
		"单位能耗<=0.5吨",
		"安全事故<3起",
		"城镇新增就业=5100",
		"x=1.5-2.25亿元@2024-12-31",
		"项目=5@2024-12-31",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		expect_format(parse_ok(f, fields[i], 1), fields[i]);
}

static void test_format_normalises_spaces(void **state)
{
	struct fixture *f = *state;

	expect_format(parse_ok(f, "  平台 = 1-2 家 ", 1), "平台=1-2家");
	expect_format(parse_ok(f, "“亿元楼” > 13 幢 @ 2026-12-31", 1),
		      "“亿元楼”>13幢@2026-12-31");
	/* a date in another form comes back as YYYY-MM-DD */
	expect_format(parse_ok(f, "“亿元楼”>13幢@2026年底", 1),
		      "“亿元楼”>13幢@2026-12-31");
}

static void test_format_by_hand_and_truncated(void **state)
{
	const struct target t = {
		.subject = "企业", .op = TARGET_LE, .figure = "3",
		.figure_max = NULL, .value = 3, .value_max = 3, .unit = "",
		.by = DATE_NONE,
	};
	const struct target r = {
		.subject = "a", .op = TARGET_EQ, .figure = "1",
		.figure_max = "2", .value = 1, .value_max = 2, .unit = "家",
		.by = 0,
	};
	char buf[8];

	(void)state;
	expect_format(&t, "企业<=3");
	expect_format(&r, "a=1-2家@1970-01-01");
	/* "a=1-2家@1970-01-01" is 5 + 3 + 11 = 19 bytes; 7 of them fit */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(target_format(&r, buf, sizeof(buf)), 19);
	assert_string_equal(buf, "a=1-2\xe5\xae");
	assert_int_equal(target_format(&r, NULL, 0), 19);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_op_symbol),
		TEST(test_keys),
		TEST(test_parse_each_op),
		TEST(test_parse_range),
		TEST(test_parse_decimal_percent_and_no_unit),
		TEST(test_parse_date),
		TEST(test_parse_several_and_quotes),
		TEST(test_parse_spaces),
		TEST(test_parse_empty_field),
		TEST(test_error_no_comparison),
		TEST(test_error_empty_subject),
		TEST(test_error_no_figure),
		TEST(test_error_bad_range),
		TEST(test_error_junk_after_figure),
		TEST(test_error_bad_date),
		TEST(test_error_empty_entry),
		TEST(test_format_round_trip),
		TEST(test_format_normalises_spaces),
		cmocka_unit_test(test_format_by_hand_and_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
