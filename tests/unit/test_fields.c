/*
 * test_fields — an item's body split into its text and the fields of its
 * annotation: brackets of every kind, labels on the following lines,
 * prose with verbs, a deadline as the last clause, and the brackets of
 * the task text left alone.
 */
#include <stdbool.h>

#include "testutil.h"

#include "duban/fields.h"

static char got[LEX_KINDS][256], text[1024];

/* Reads body; the text and each field in got/text ("-" for absent). */
static bool read_body(const char *body)
{
	struct fields f;
	bool found = fields_read(body, &f);

	snprintf(text, sizeof(text), "%.*s", (int)(f.text.e - f.text.b),
		 f.text.b);
	for (int k = 0; k < LEX_KINDS; k++) {
		if (!f.f[k].b)
			strcpy(got[k], "-");
		else
			snprintf(got[k], sizeof(got[k]), "%.*s",
				 (int)(f.f[k].e - f.f[k].b), f.f[k].b);
	}
	return found;
}

static void assert_fields(const char *leaders, const char *lead,
			  const char *units, const char *part,
			  const char *deadline)
{
	assert_string_equal(got[LEX_LEADERS], leaders);
	assert_string_equal(got[LEX_LEAD], lead);
	assert_string_equal(got[LEX_UNITS], units);
	assert_string_equal(got[LEX_PARTICIPANTS], part);
	assert_string_equal(got[LEX_DEADLINE], deadline);
}

static void test_brackets(void **state)
{
	(void)state;
	assert_true(read_body("壮大都市工业。〔牵头领导：杨峰；责任单位：区科工局；参加单位："
			 "各街道、镇、集聚区。完成时限：2024年12月底〕"));
	assert_string_equal(text, "壮大都市工业。");
	assert_fields("杨峰", "-", "区科工局", "各街道、镇、集聚区", "2024年12月底");
	assert_true(read_body("地区生产总值增长11%。[牵头单位:县发改局(粮食局);"
			 "责任单位:各镇人民政府,嘉鱼经济开发区]"));
	assert_string_equal(text, "地区生产总值增长11%。");
	assert_fields("-", "县发改局(粮食局)", "各镇人民政府,嘉鱼经济开发区",
		      "-", "-");
	/* a 。 after the closing bracket */
	assert_true(read_body("建设公园（牵头单位：区城管局（园林处））。"));
	assert_string_equal(text, "建设公园");
	assert_fields("-", "区城管局（园林处）", "-", "-", "-");
}

static void test_text_brackets_stay(void **state)
{
	(void)state;
	/* only the last group is the annotation */
	assert_true(read_body("提高土地审批效率。6亩以下(不含6亩)的手续。"
			 "(区国土分局牵头,区规划分局配合)"));
	assert_string_equal(text, "提高土地审批效率。6亩以下(不含6亩)的手续。");
	assert_fields("-", "区国土分局", "-", "区规划分局", "-");
	/* a closing group that assigns nothing is text */
	assert_false(read_body("推进项目建设（含续建项目）"));
	assert_string_equal(text, "推进项目建设（含续建项目）");
	assert_fields("-", "-", "-", "-", "-");
}

static void test_labels_on_lines(void **state)
{
	(void)state;
	assert_true(read_body("落实积极应对人口老龄化国家战略。 牵头责任单位:县卫健委、"
			 "县民政局 主要协作单位:各乡镇人民政府"));
	assert_string_equal(text, "落实积极应对人口老龄化国家战略。");
	assert_fields("-", "县卫健委、县民政局", "-", "各乡镇人民政府", "-");
	/* the rule in brackets belongs to the list, not the annotation */
	assert_true(read_body("制定政策。 责任单位:财政局、工商联(列第一位者为牵头或汇总"
			 "单位,下同)"));
	assert_string_equal(text, "制定政策。");
	assert_fields("-", "-", "财政局、工商联(列第一位者为牵头或汇总单位,下同)",
		      "-", "-");
}

static void test_prose(void **state)
{
	(void)state;
	assert_true(read_body("精简审批。(区政务服务局牵头,区发改局、区级相关部门配合)"));
	assert_fields("-", "区政务服务局", "-", "区发改局、区级相关部门", "-");
	assert_true(read_body("落实措施。(省发展改革委牵头,省商务厅、财政厅等相关部门按"
			 "职责分工负责)"));
	assert_fields("-", "省发展改革委", "-", "省商务厅、财政厅", "-");
	assert_true(read_body("扩大消费。(省商务厅、财政厅等相关部门按职责分工负责)"));
	assert_fields("-", "省商务厅、财政厅", "-", "-", "-");
	assert_true(read_body("打造物流体系。(省发改委、省文化厅等负责)"));
	assert_fields("-", "省发改委、省文化厅等", "-", "-", "-");
	assert_true(read_body("实施工程。(省农业厅牵头)"));
	assert_fields("-", "省农业厅", "-", "-", "-");
	/* units and deadline in one group */
	assert_true(read_body("坚持稳中求进。(国务院各部门分别负责,年内持续推进)"));
	assert_fields("-", "国务院各部门", "-", "-", "年内持续推进");
	/* without brackets */
	assert_true(read_body("推进改革。部门分工：区发改委牵头，区财政局、区商务局配合"));
	assert_string_equal(text, "推进改革。");
	assert_fields("-", "区发改委", "-", "区财政局、区商务局", "-");
	/* 牵头 naming no one is no assignment */
	assert_false(read_body("做好工作（牵头抓总）"));
}

static void test_trailing_deadline(void **state)
{
	(void)state;
	assert_true(read_body("加大放权力度。(牽頭單位:州行政審批服務局;責任單位:州司法局,"
			 "各縣市人民政府,6月底完成)"));
	assert_fields("-", "州行政審批服務局", "州司法局,各縣市人民政府", "-",
		      "6月底完成");
	/* its own label wins */
	assert_true(read_body("任务。〔责任单位：甲，2024年底。完成时限：2024年6月〕"));
	assert_fields("-", "-", "甲，2024年底", "-", "2024年6月");
}

static void test_repeated_and_open(void **state)
{
	struct fields f;
	bool open;

	(void)state;
	assert_true(fields_read("任务〔责任单位：丙；责任单位：丁〕", &f));
	assert_int_equal(f.repeated, LEX_UNITS);
	assert_false(fields_closed("任务〔牵头领导：甲；责任单位：区人社局；", &open));
	assert_true(open);
	assert_true(fields_closed("任务〔牵头领导：甲；责任单位：区人社局〕", &open));
	assert_false(open);
	assert_false(fields_closed("任务（含续建）", &open));
	assert_false(open);
}

static void test_prose_in_labels(void **state)
{
	struct fields f;

	(void)state;
	assert_true(read_body("推进改造。（责任单位：区商务局牵头，区市场监管局、各街道"
			      "配合；完成时限：2024年10月底）"));
	assert_fields("-", "区商务局", "-", "区市场监管局、各街道", "2024年10月底");
	assert_true(fields_read("推进D。（责任单位：区发改委、区财政局按职责分工负责）",
				&f));
	assert_true(f.joint);
	assert_true(read_body("推进D。（责任单位：区发改委、区财政局按职责分工负责）"));
	assert_fields("-", "-", "区发改委、区财政局", "-", "-");
	/* prose, then a labelled deadline */
	assert_true(read_body("推进河湖长制落实。部门分工：区水利局牵头，区农业农村局配合 "
			      "完成时限：2024年6月底"));
	assert_string_equal(text, "推进河湖长制落实。");
	assert_fields("-", "区水利局", "-", "区农业农村局", "2024年6月底");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brackets),
		cmocka_unit_test(test_text_brackets_stay),
		cmocka_unit_test(test_labels_on_lines),
		cmocka_unit_test(test_prose),
		cmocka_unit_test(test_trailing_deadline),
		cmocka_unit_test(test_repeated_and_open),
		cmocka_unit_test(test_prose_in_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
