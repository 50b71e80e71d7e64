/*
 * test_segment — documents cut into items: paragraphs with their headings,
 * tables in each layout a flattened document shows, text whose line
 * breaks were lost, leaders named by headings, deadlines stated for a
 * section or the plan, the plan year, and numbered lines that are text.
 */
#include <stdbool.h>

#include "testutil.h"

#include "duban/segment.h"

static struct segments S = SEGMENTS_INIT;
static struct plandoc D = PLANDOC_INIT;
static struct problems P = PROBLEMS_INIT;
static struct arena A = ARENA_INIT;

static int teardown(void **state)
{
	(void)state;
	segment_release(&S);
	plandoc_release(&D);
	problems_release(&P);
	arena_release(&A);
	return 0;
}

static void cut(const char *doc, enum leader_mode lm)
{
	struct duban_error err;

	assert_int_equal(plandoc_read_buffer(&D, doc, strlen(doc), IMPORT_AUTO,
					     "t.txt", &err), 0);
	S.arena = &A;
	assert_int_equal(segment_read(&S, &D, lm, &P), 0);
}

static const char *cell(size_t i, enum lex_kind k)
{
	assert_true(i < S.n);
	return S.items[i].cell[k] ? S.items[i].cell[k] : "-";
}

static void test_paragraphs(void **state)
{
	(void)state;
	cut("2024年重点工作\n"
	    "一、发展经济\n"
	    "（一）工业\n"
	    "1.任务一〔责任单位：甲〕\n"
	    "任务的说明\n"
	    "——专题\n"
	    "2.任务二\n"
	    "续写的任务\n"
	    "（责任单位：乙）\n"
	    "（二）服务\n"
	    "3.任务三\n"
	    "牵头单位：丙\n"
	    "配合单位：丁\n"
	    "页脚的文字\n", LEADER_AUTO);
	assert_int_equal(S.year, 2024);
	assert_int_equal(S.n, 3);
	assert_string_equal(S.items[0].number, "1");
	assert_string_equal(S.items[0].body, "任务一〔责任单位：甲〕");
	assert_int_equal(S.items[0].line, 4);
	assert_int_equal(S.items[0].section, 1);
	assert_string_equal(S.items[0].section_title, "发展经济");
	assert_int_equal(S.items[0].subsection, 1);
	assert_string_equal(S.items[0].body, "任务一〔责任单位：甲〕");
	assert_string_equal(S.items[1].body, "任务二续写的任务（责任单位：乙）");
	assert_string_equal(S.items[2].body, "任务三 牵头单位：丙 配合单位：丁");
	assert_int_equal(S.items[2].subsection, 2);
	assert_string_equal(S.items[2].subsection_title, "服务");
	assert_int_equal(P.n, 0);
}

static void test_subsection_items(void **state)
{
	(void)state;
	/* （一） with its own assignment is an item; 1、 without is a heading */
	cut("1、 总体目标\n"
	    "(一)地区生产总值增长11%。[牵头单位:县发改局(粮食局);责任单位:各镇]\n"
	    "(二)投资增长12%。(牵头单位:县财政局)\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(S.items[0].number, "(一)");
	assert_int_equal(S.items[0].num, 1);
	assert_int_equal(S.items[0].section, 1);
	assert_string_equal(S.items[0].section_title, "总体目标");
	assert_string_equal(S.items[1].number, "(二)");
	assert_int_equal(S.items[1].num, 2);
}

static void test_numbering_styles(void **state)
{
	(void)state;
	cut("一、甲\n"
	    "（1）任务（区甲局牵头）\n"
	    "2)任务（区乙局负责）\n"
	    "③任务（区丙局负责）\n"
	    "二是任务（区丁局负责）\n"
	    "４．任务（区戊局负责）\n", LEADER_AUTO);
	assert_int_equal(S.n, 5);
	assert_string_equal(S.items[0].number, "（1）");
	assert_string_equal(S.items[1].number, "2)");
	assert_string_equal(S.items[2].number, "③");
	assert_int_equal(S.items[2].num, 3);
	assert_string_equal(S.items[3].number, "二");
	assert_int_equal(S.items[3].num, 2);
	assert_string_equal(S.items[4].number, "４");
	assert_int_equal(S.items[4].num, 4);
}

static void test_lost_line_breaks(void **state)
{
	(void)state;
	cut("关于2023年重点工作的通知 现将任务分解如下。 一、加快提振市场信心 "
	    "(一)全面促进消费增长。 1.扩大消费,增长3.5%。(省商务厅牵头) "
	    "2.落实措施。(省发展改革委负责) 3.激活", LEADER_AUTO);
	assert_int_equal(S.year, 2023);
	assert_int_equal(S.n, 3);
	assert_string_equal(S.items[0].body, "扩大消费,增长3.5%。(省商务厅牵头)");
	assert_int_equal(S.items[0].section, 1);
	assert_string_equal(S.items[0].section_title, "加快提振市场信心");
	assert_int_equal(S.items[0].subsection, 1);
	assert_string_equal(S.items[0].subsection_title, "全面促进消费增长。");
	assert_string_equal(S.items[1].body, "落实措施。(省发展改革委负责)");
	assert_string_equal(S.items[2].body, "激活");
	assert_false(S.items[2].assigned);
}

static void test_numbered_text_is_not_item(void **state)
{
	(void)state;
	/* an attachment list numbered 1. and 2., the items (一) (二) */
	cut("附件:1.县重点工作责任分解\n"
	    "2.市重点事项责任分解\n"
	    "一、主要目标\n"
	    "(一)增长11%。(牵头单位:县发改局)\n"
	    "一、各有关部门要高度重视。层层落实责任，抓好督促检查。\n", LEADER_AUTO);
	assert_int_equal(S.n, 1);
	assert_string_equal(S.items[0].number, "(一)");
	/* a numbered sentence of a notice is no heading */
	assert_int_equal(S.items[0].section, 1);
}

static void test_leader_headings(void **state)
{
	(void)state;
	cut("一、于会游市长主抓重点工作\n"
	    "1.任务一\n责任单位:财政局\n"
	    "二、张三牵头工作\n"
	    "2.任务二\n责任单位:发改局\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(S.items[0].heading_leader, "于会游");
	/* no office named: only when asked */
	assert_null(S.items[1].heading_leader);
	teardown(NULL);
	cut("一、张三牵头工作\n1.任务\n责任单位:发改局\n", LEADER_ON);
	assert_string_equal(S.items[0].heading_leader, "张三");
	teardown(NULL);
	cut("一、于会游市长主抓重点工作\n1.任务\n责任单位:发改局\n", LEADER_OFF);
	assert_null(S.items[0].heading_leader);
}

static void test_stated_deadlines(void **state)
{
	(void)state;
	cut("完成时限：2024年12月底\n"
	    "一、甲\n"
	    "完成时限：2024年6月底\n"
	    "1.任务〔责任单位：甲〕\n"
	    "二、乙\n"
	    "2.任务〔责任单位：乙〕\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(S.items[0].deadline, "2024年6月底");
	assert_int_equal(S.items[0].deadline_line, 3);
	assert_string_equal(S.items[1].deadline, "2024年12月底");
	assert_int_equal(S.items[1].deadline_line, 1);
}

static void test_tab_table(void **state)
{
	(void)state;
	cut("重点工作台账\n"
	    "完成时限\t责任单位\t序号\t重点工作\t牵头领导\n"
	    "一、发展经济\t\t\t\t\n"
	    "2024年底\t区商务局、区财政局\t1\t繁荣商贸\t杨峰\n"
	    "\t\t说明\t\t\n"
	    "6月底\t区科工局\t2\t壮大工业\t\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_true(S.items[0].row);
	assert_string_equal(S.items[0].number, "1");
	assert_string_equal(cell(0, LEX_TEXT), "繁荣商贸");
	assert_string_equal(cell(0, LEX_UNITS), "区商务局、区财政局");
	assert_string_equal(cell(0, LEX_LEADERS), "杨峰");
	assert_string_equal(cell(0, LEX_DEADLINE), "2024年底");
	assert_int_equal(S.items[0].section, 1);
	assert_string_equal(S.items[0].section_title, "发展经济");
	assert_string_equal(cell(1, LEX_DEADLINE), "6月底");
	assert_string_equal(cell(1, LEX_LEADERS), "-");
	assert_int_equal(S.items[1].line, 6);
}

static void test_pipe_tables(void **state)
{
	(void)state;
	cut("| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n"
	    "| 1 | 任务一 | 区甲局 | 区乙局 |\n", LEADER_AUTO);
	assert_int_equal(S.n, 1);
	assert_string_equal(cell(0, LEX_TEXT), "任务一");
	assert_string_equal(cell(0, LEX_LEAD), "区甲局");
	assert_string_equal(cell(0, LEX_PARTICIPANTS), "区乙局");
	teardown(NULL);
	/* a cell a line; a merged cell missing from the rows */
	cut("序号 |\n主要任务 |\n全年目标任务 |\n分管 领导 |\n牵头 单位 |\n"
	    "协同单位 |\n说明 |\n"
	    "24 |\n优化交通组织。 |\n徐国江 |\n城管局 |\n市政局、相关街道 |\n||\n"
	    "25 |\n新增达标小区210个。 |\n徐国江 |\n城管局 |\n各街道 |\n备注 |\n|\n",
	    LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(S.items[0].number, "24");
	assert_string_equal(cell(0, LEX_TEXT), "优化交通组织。");
	assert_string_equal(cell(0, LEX_LEADERS), "徐国江");
	assert_string_equal(cell(0, LEX_LEAD), "城管局");
	assert_string_equal(cell(0, LEX_PARTICIPANTS), "市政局、相关街道");
	assert_string_equal(cell(1, LEX_PARTICIPANTS), "各街道");
	assert_int_equal(S.items[1].line, 14);
}

static void test_bare_and_blank_tables(void **state)
{
	(void)state;
	/* a cell a paragraph, header cells split over two */
	cut("序号\n重点工作\n责任\n领导\n责任\n科室\n目标\n"
	    "1\n水库工程\n欧乾震\n工作领导小组\n完成建设。\n"
	    "2\n美丽城镇\n吴宇凡\n乡村振兴办\n创建城镇。\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(cell(0, LEX_TEXT), "水库工程");
	assert_string_equal(cell(0, LEX_LEADERS), "欧乾震");
	assert_string_equal(cell(0, LEX_LEAD), "工作领导小组");
	assert_string_equal(cell(1, LEX_LEAD), "乡村振兴办");
	teardown(NULL);
	/* blanks between cells; the text takes what is between */
	cut("序号 工 作 任 务 牵头负责部门\n"
	    "1 居民消费价格涨幅3%左右 发展改革委\n"
	    "2 安排财政赤字 2.18万亿元 财政部\n"
	    "国务院办公厅\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(cell(0, LEX_TEXT), "居民消费价格涨幅3%左右");
	assert_string_equal(cell(0, LEX_LEAD), "发展改革委");
	assert_string_equal(cell(1, LEX_TEXT), "安排财政赤字 2.18万亿元");
	assert_string_equal(cell(1, LEX_LEAD), "财政部");
	teardown(NULL);
	/* a row too short to reach the task's column is no item */
	cut("序号 类别 任 务 牵头负责部门\n"
	    "1 甲 任务一 发展改革委\n"
	    "2 任务二\n"
	    "3 乙 任务三 财政部\n", LEADER_AUTO);
	assert_int_equal(S.n, 2);
	assert_string_equal(cell(0, LEX_TEXT), "任务一");
	assert_string_equal(cell(1, LEX_TEXT), "任务三");
}

static void test_first_leads(void **state)
{
	(void)state;
	cut("1.任务\n责任单位:财政局、发改局(列第一位者为牵头或汇总单位,下同)\n",
	    LEADER_AUTO);
	assert_true(S.first_leads);
	teardown(NULL);
	cut("各牵头单位要承担起牵头职责。\n1.任务（区甲局牵头）\n", LEADER_AUTO);
	assert_false(S.first_leads);
}

static void test_year(void **state)
{
	(void)state;
	/* a year of its own wins over one in a full date */
	cut("2023年12月28日\n2024年《政府工作报告》重点工作\n1.任务（甲局负责）\n"
	    "2025年底前完成\n", LEADER_AUTO);
	assert_int_equal(S.year, 2024);
	teardown(NULL);
	cut("印发日期：2020年2月22日\n1.任务（甲局负责）\n", LEADER_AUTO);
	assert_int_equal(S.year, 2020);
	teardown(NULL);
	cut("通知\n1.任务（甲局负责）\n", LEADER_AUTO);
	assert_int_equal(S.year, 0);
}

static void test_big_section_number(void **state)
{
	(void)state;
	cut("1234、标题\n1.任务（甲局负责）\n", LEADER_AUTO);
	assert_int_equal(P.n, 1);
	assert_int_equal(P.v[0].line, 1);
	assert_string_equal(P.v[0].msg, "section 1234: a number over 999");
}

static void test_lost_breaks_after_clauses(void **state)
{
	(void)state;
	/* no blank before the next number: cut after the closing bracket */
	cut("2024年 1.投资增长8%。（牵头单位：区发改委）2.消费增长6%。"
	    "（牵头单位：区商务局）\n"
	    "（一）强化安全。一是健全责任体系（责任单位：区应急局）；"
	    "二是开展巡查（责任单位：区安委办）。\n", LEADER_AUTO);
	assert_int_equal(S.n, 4);
	assert_string_equal(S.items[0].body, "投资增长8%。（牵头单位：区发改委）");
	assert_string_equal(S.items[1].body, "消费增长6%。（牵头单位：区商务局）");
	assert_string_equal(S.items[2].number, "一");
	assert_string_equal(S.items[2].body, "健全责任体系（责任单位：区应急局）；");
	assert_int_equal(S.items[2].subsection, 1);
	assert_string_equal(S.items[2].subsection_title, "强化安全。");
	assert_string_equal(S.items[3].body, "开展巡查（责任单位：区安委办）。");
	/* "3.6月底前…" is item 3, "增长3.5%" is a figure */
	teardown(NULL);
	cut("2024年\n3.6月底前完成排查。（牵头单位：区住建局）\n", LEADER_AUTO);
	assert_int_equal(S.n, 1);
	assert_int_equal(S.items[0].num, 3);
	assert_string_equal(S.items[0].body, "6月底前完成排查。（牵头单位：区住建局）");
}

static void test_table_continuations(void **state)
{
	(void)state;
	/* a task wrapped onto a row without a number, with and without its
	 * empty cells; a Word cell of several paragraphs */
	cut("序号\t重点工作\t牵头单位\t配合单位\n"
	    "1\t新开工项目40个\t区发改委\t\n"
	    "\t完成投资100亿元\n"
	    "2\t改造棚户区\t区住建局\t区财政局\n"
	    "\t\t完成1200户\t\n"
	    "3\t建设\xe2\x80\xa8公园\t区城管局\t区住建局\xe2\x80\xa8区财政局\n",
	    LEADER_AUTO);
	assert_int_equal(S.n, 3);
	assert_string_equal(cell(0, LEX_TEXT), "新开工项目40个完成投资100亿元");
	assert_string_equal(cell(1, LEX_TEXT), "改造棚户区");
	assert_string_equal(cell(2, LEX_TEXT), "建设公园");
	assert_string_equal(cell(2, LEX_PARTICIPANTS), "区住建局；区财政局");
}

static void test_heading_leader_forms(void **state)
{
	(void)state;
	cut("一、区长王磊牵头重点工作\n1.甲（区甲局负责）\n"
	    "二、由李明副区长牵头的工作\n2.乙（区乙局负责）\n"
	    "三、陈静副区长（挂职）牵头重点工作\n3.丙（区丙局负责）\n"
	    "四、刘洋常务副区长牵头重点工作\n4.丁（区丁局负责）\n"
	    "五、区发改委牵头重点工作\n5.戊（区戊局负责）\n", LEADER_AUTO);
	assert_int_equal(S.n, 5);
	assert_string_equal(S.items[0].heading_leader, "王磊");
	assert_string_equal(S.items[1].heading_leader, "李明");
	assert_string_equal(S.items[2].heading_leader, "陈静");
	assert_string_equal(S.items[3].heading_leader, "刘洋");
	assert_null(S.items[4].heading_leader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_paragraphs, teardown),
		cmocka_unit_test_teardown(test_subsection_items, teardown),
		cmocka_unit_test_teardown(test_numbering_styles, teardown),
		cmocka_unit_test_teardown(test_lost_line_breaks, teardown),
		cmocka_unit_test_teardown(test_numbered_text_is_not_item, teardown),
		cmocka_unit_test_teardown(test_leader_headings, teardown),
		cmocka_unit_test_teardown(test_stated_deadlines, teardown),
		cmocka_unit_test_teardown(test_tab_table, teardown),
		cmocka_unit_test_teardown(test_pipe_tables, teardown),
		cmocka_unit_test_teardown(test_bare_and_blank_tables, teardown),
		cmocka_unit_test_teardown(test_first_leads, teardown),
		cmocka_unit_test_teardown(test_year, teardown),
		cmocka_unit_test_teardown(test_big_section_number, teardown),
		cmocka_unit_test_teardown(test_lost_breaks_after_clauses, teardown),
		cmocka_unit_test_teardown(test_table_continuations, teardown),
		cmocka_unit_test_teardown(test_heading_leader_forms, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
