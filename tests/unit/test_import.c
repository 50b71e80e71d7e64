/*
 * test_import — plan documents in plain text read into items: headings,
 * labels and bracket styles, blocks on the following lines, GBK, CRLF and a
 * byte order mark, deadline phrasings, collective designations, and the
 * problems of unreadable blocks with their lines.
 */
#include <iconv.h>
#include <stdbool.h>

#include "testutil.h"

#include "duban/import.h"
#include "duban/strbuf.h"
#include "duban/text.h"

static struct import_result R;

/* Imports with the default options but the encoding. */
static int import_enc(struct import_result *r, const char *doc, size_t n,
		      enum import_encoding enc, const char *name,
		      struct duban_error *err)
{
	struct import_options o = IMPORT_OPTIONS_INIT;

	o.enc = enc;
	return import_buffer(r, doc, n, &o, name, err);
}

static int teardown(void **state)
{
	(void)state;
	import_release(&R);
	return 0;
}

/* Imports doc, which must give no problem. */
static void import_ok(const char *doc, size_t n, enum import_encoding enc)
{
	struct duban_error err;
	int rc = import_enc(&R, doc, n, enc, "t.txt", &err);

	if (rc)
		fail_msg("import failed: %s", err.msg);
	for (size_t i = 0; i < R.problems.n; i++)
		print_error("problem at %ld: %s\n", R.problems.v[i].line,
			    R.problems.v[i].msg);
	assert_int_equal(R.problems.n, 0);
}

static void assert_names(const struct names *nm, const char *want)
{
	char got[1024] = "";

	for (size_t i = 0; i < nm->n; i++) {
		if (i)
			strcat(got, "|");
		strcat(got, nm->v[i]);
	}
	assert_string_equal(got, want);
}

/* Item k: its id, text, names joined with "|", deadline and its text. */
static void assert_item(size_t k, long id, const char *text,
			const char *leaders, const char *lead,
			const char *participants, const char *deadline,
			const char *deadline_text)
{
	const struct item *it;
	char buf[DATE_BUFSIZE];

	assert_true(k < R.n);
	it = &R.items[k];
	assert_int_equal(it->id, id);
	assert_string_equal(it->text, text);
	assert_names(&it->leaders, leaders);
	assert_names(&it->lead_units, lead);
	assert_names(&it->participants, participants);
	assert_string_equal(date_format(it->deadline, buf), deadline);
	assert_string_equal(it->deadline_text, deadline_text);
	assert_int_equal(it->ntargets, 0);
}

static void assert_place(size_t k, int section, const char *stitle,
			 int subsection, const char *subtitle, long line)
{
	const struct item *it = &R.items[k];

	assert_int_equal(it->section, section);
	assert_string_equal(it->section_title, stitle);
	assert_int_equal(it->subsection, subsection);
	assert_string_equal(it->subsection_title, subtitle);
	assert_int_equal(it->line, line);
}

/* Other labels and bracket styles: 〔〕 is tested on the bundled plan. */
static const char labels_doc[] =
	"附件1\n"
	"2025年某区重点工作责任分工方案\n"
	"一、发展经济\n"
	"（一）工业\n"
	"1、推进项目建设（瞪羚）。（责任领导：张三、李四；牵头单位：区发改委、"
	"区住建局（旧改办）；配合单位：区财政局，各相关街道、镇、集聚区；"
	"完成时间：2025年6月底前）\n"
	"２．加快招商(分管领导: 王五; 主要责任单位: 区商务局; 协办单位: "
	"各街道、镇; 时限: 2025年第三季度)\n"
	"(二)服务\n"
	"（3）优化服务[牵头领导：赵六，责任单位：区政数局。完成时限：三季度末]\n";

static void check_labels_doc(void)
{
	assert_int_equal(R.year, 2025);
	assert_int_equal(R.n, 3);
	assert_item(0, 1, "推进项目建设（瞪羚）。", "张三|李四",
		    "区发改委|区住建局（旧改办）",
		    "区财政局|各相关街道、镇、集聚区", "2025-06-30",
		    "2025年6月底前");
	assert_place(0, 1, "发展经济", 1, "工业", 5);
	assert_item(1, 2, "加快招商", "王五", "区商务局", "各街道、镇",
		    "2025-09-30", "2025年第三季度");
	assert_place(1, 1, "发展经济", 1, "工业", 6);
	assert_item(2, 3, "优化服务", "赵六", "区政数局", "", "2025-09-30",
		    "三季度末");
	assert_place(2, 1, "发展经济", 2, "服务", 8);
}

static void test_labels_and_brackets(void **state)
{
	(void)state;
	import_ok(labels_doc, strlen(labels_doc), IMPORT_AUTO);
	check_labels_doc();
}

/* "1、 TITLE" with no block is a section heading; tabs and bookmarks go. */
static void test_numbered_heading_and_bookmark(void **state)
{
	static const char doc[] =
		"2024年区《政府工作报告》重点工作\n"
		"1、 坚持产业兴区，筑牢城南崛起支撑\n"
		"\t（一）激发产业活力\n"
		"1.壮大都市工业。〔牵头领导：杨峰；责任单位：区科工局；参加单位："
		"各街道、镇、集聚区。完成时限：2024年12月底〕\n"
		"二、丰富业态内涵\n"
		"[bookmark: _GoBack]2.保障水质。〔牵头领导：聂洪明；责任单位："
		"区住建局。完成时限：2024年12月底〕\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 2);
	assert_item(0, 1, "壮大都市工业。", "杨峰", "区科工局",
		    "各街道、镇、集聚区", "2024-12-31", "2024年12月底");
	assert_place(0, 1, "坚持产业兴区，筑牢城南崛起支撑", 1, "激发产业活力",
		     4);
	assert_item(1, 2, "保障水质。", "聂洪明", "区住建局", "", "2024-12-31",
		    "2024年12月底");
	assert_place(1, 2, "丰富业态内涵", 0, "", 6);
}

/* The block on the lines after the item, in brackets or bare. */
static void test_block_on_following_lines(void **state)
{
	static const char doc[] =
		"2024年工作方案\n"
		"一、民生\n"
		"1.推进就业，\n"
		"力争新增就业5100人。\n"
		"〔牵头领导：甲；责任单位：区人社局；\n"
		"参加单位：各街道、镇、集聚区。完成时限：全年〕\n"
		"\n"
		"2.开展“打通断头路”行动\n"
		"牵头领导：乙\n"
		"责任单位：区住建局\n"
		"完成时限：长期坚持\n"
		"3、建设公园\n"
		"（牵头领导：丙；责任单位：区城管局（园林处）；完成时限：2024年10月）\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 3);
	assert_item(0, 1, "推进就业，力争新增就业5100人。", "甲", "区人社局",
		    "各街道、镇、集聚区", "2024-12-31", "全年");
	assert_place(0, 1, "民生", 0, "", 3);
	assert_item(1, 2, "开展“打通断头路”行动", "乙", "区住建局", "", "",
		    "长期坚持");
	assert_place(1, 1, "民生", 0, "", 8);
	assert_item(2, 3, "建设公园", "丙", "区城管局（园林处）", "",
		    "2024-10-31", "2024年10月");
	assert_place(2, 1, "民生", 0, "", 12);
}

/* A task text wrapped over lines: the spaces at a break between Chinese
 * characters are the wrap's, not the text's; between ASCII words one stays. */
static void test_wrapped_text(void **state)
{
	static const char doc[] =
		"2024年工作方案\n"
		"一、民生\n"
		"1.推进就业，力争新增 \n"
		"  就业5100人，建设 smart\n"
		" city 平台。〔牵头领导：甲；责任单位：区人社局。完成时限：全年〕\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 1);
	assert_item(0, 1, "推进就业，力争新增就业5100人，建设 smart city 平台。",
		    "甲", "区人社局", "", "2024-12-31", "全年");
}

/* Every deadline phrasing, one item each. */
static void test_deadline_phrasings(void **state)
{
	static const char *const cases[][2] = {
		{ "2024年12月底", "2024-12-31" },
		{ "2024年6月底前", "2024-06-30" },
		{ "2024年底", "2024-12-31" },
		{ "2024年6月", "2024-06-30" },
		{ "2024年10月", "2024-10-31" },
		{ "2025年2月底", "2025-02-28" },
		{ "2024年第一季度", "2024-03-31" },
		{ "2024年第三季度", "2024-09-30" },
		{ "三季度末", "2024-09-30" },
		{ "第四季度", "2024-12-31" },
		{ "全年", "2024-12-31" },
		{ "12月底", "2024-12-31" },
		{ "２０２４年１２月底", "2024-12-31" },
		{ "长期坚持", "" },
		{ "持续推进", "" },
		{ "长期", "" },
	};
	struct strbuf doc = STRBUF_INIT;

	(void)state;
	sb_puts(&doc, "2024年计划\n一、总体\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		sb_printf(&doc, "%zu.任务%zu。〔责任单位：甲。完成时限：%s〕\n",
			  i + 1, i + 1, cases[i][0]);
	import_ok(doc.s, doc.len, IMPORT_AUTO);
	assert_int_equal(R.n, sizeof(cases) / sizeof(*cases));
	for (size_t i = 0; i < R.n; i++) {
		char text[64];

		snprintf(text, sizeof(text), "任务%zu。", i + 1);
		assert_item(i, (long)i + 1, text, "", "甲", "", cases[i][1],
			    cases[i][0]);
	}
	sb_release(&doc);
}

/* Full-width digits in the item number; the text keeps its own. */
static void test_full_width_numbers(void **state)
{
	static const char doc[] =
		"２０２４年计划\n"
		"一、总体\n"
		"１．新增就业５１００人。〔责任单位：甲。完成时限：２０２４年６月底〕\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.year, 2024);
	assert_item(0, 1, "新增就业５１００人。", "", "甲", "", "2024-06-30",
		    "２０２４年６月底");
}

/* Collective designations stay whole; other names split on 、 and ，. */
static void test_collective_designations(void **state)
{
	static const char doc[] =
		"2024年计划\n"
		"一、总体\n"
		"1.甲。〔责任单位：区科工局、各街道、镇；参加单位：区直相关单位，"
		"各街道、镇、集聚区。完成时限：2024年底〕\n"
		"2.乙。〔责任单位：区商务局；参加单位：区国投集团，各相关街道、镇、"
		"集聚区。完成时限：2024年底〕\n"
		"3.丙。〔责任单位：区科工局、区商务局；参加单位：各街道、镇、集聚区、"
		"区财政局。完成时限：2024年底〕\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 3);
	assert_names(&R.items[0].lead_units, "区科工局|各街道、镇");
	assert_names(&R.items[0].participants, "区直相关单位|各街道、镇、集聚区");
	assert_names(&R.items[1].participants, "区国投集团|各相关街道、镇、集聚区");
	/* 各 takes the bare kinds of place after it, not an organ */
	assert_names(&R.items[2].lead_units, "区科工局|区商务局");
	assert_names(&R.items[2].participants, "各街道、镇、集聚区|区财政局");
}

/* CRLF line ends and a UTF-8 byte order mark. */
static void test_crlf_and_bom(void **state)
{
	struct strbuf doc = STRBUF_INIT;

	(void)state;
	sb_puts(&doc, "\xef\xbb\xbf");
	for (const char *p = labels_doc; *p; p++) {
		if (*p == '\n')
			sb_add(&doc, "\r", 1);
		sb_add(&doc, p, 1);
	}
	import_ok(doc.s, doc.len, IMPORT_AUTO);
	check_labels_doc();
	sb_release(&doc);
}

static void to_gbk(const char *s, struct strbuf *out)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	char buf[8192], *in = (char *)s, *o = buf;
	size_t inleft = strlen(s), oleft = sizeof(buf);

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	iconv_close(cd);
	sb_add(out, buf, (size_t)(o - buf));
}

/* GBK, detected or named; named UTF-8 it is refused at its line. */
static void test_gbk(void **state)
{
	struct strbuf gbk = STRBUF_INIT;
	struct duban_error err;

	(void)state;
	to_gbk(labels_doc, &gbk);
	import_ok(gbk.s, gbk.len, IMPORT_AUTO);
	check_labels_doc();
	import_release(&R);
	import_ok(gbk.s, gbk.len, IMPORT_GBK);
	check_labels_doc();
	import_release(&R);
	/* "附件1" is ASCII-free but valid in both: the first bad byte is on
	 * line 1 */
	assert_int_equal(import_enc(&R, gbk.s, gbk.len, IMPORT_UTF8, "g.txt",
				       &err), -1);
	assert_string_equal(err.file, "g.txt");
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "bytes that are not UTF-8");
	sb_release(&gbk);
}

static void test_unreadable_documents(void **state)
{
	static const char bad[] = "2024年\n一、甲\n\xff\xfe\xff\n";
	static const char none[] = "2024年计划\n一、总体\n没有任务\n";
	struct duban_error err;

	(void)state;
	assert_int_equal(import_enc(&R, bad, strlen(bad), IMPORT_AUTO, "b.txt",
				       &err), -1);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "bytes that are not UTF-8 (nor GBK); "
			    "convert it with iconv -f ENCODING -t UTF-8");
	assert_int_equal(import_enc(&R, none, strlen(none), IMPORT_AUTO,
				       "n.txt", &err), -1);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, "no items: no numbered task with its "
			    "责任单位");
	assert_int_equal(R.n, 0);
	assert_int_equal(import_enc(&R, "1.\0x", 4, IMPORT_AUTO, "z.txt",
				       &err), -1);
	assert_string_equal(err.msg, "a NUL byte: not a plain-text document");
	/* other control characters, at their line: no CSV field takes them */
	assert_int_equal(import_enc(&R, "2024年\n1.任务\x05〔责任单位：乙。",
				       strlen("2024年\n1.任务\x05〔责任单位：乙。"),
				       IMPORT_AUTO, "c.txt", &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "control character 0x05: not a plain-text "
			    "document");
	assert_int_equal(import_enc(&R, "\x1b[0m", 4, IMPORT_GBK, "c.txt",
				       &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "control character 0x1B: not a plain-text "
			    "document");
	assert_int_equal(import_enc(&R, "a\n\nb\x7f", 5, IMPORT_AUTO, "c.txt",
				       &err), -1);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "control character 0x7F: not a plain-text "
			    "document");
	assert_int_equal(R.n, 0);
}

/* A form feed (a page break, as pdftotext leaves) or a vertical tab (a
 * line break, as Word keeps one) is a blank. */
static void test_page_and_line_breaks(void **state)
{
	static const char doc[] =
		"2024年计划\n"
		"\f一、甲\n"
		"1.任务\v一〔责任单位：乙。\v完成时限：2024年底〕\f\n"
		"\f2.任务二〔责任单位：丙。完成时限：2024年底〕\n";

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 2);
	assert_item(0, 1, "任务 一", "", "乙", "", "2024-12-31", "2024年底");
	assert_place(0, 1, "甲", 0, "", 3);
	assert_item(1, 2, "任务二", "", "丙", "", "2024-12-31", "2024年底");
	assert_place(1, 1, "甲", 0, "", 4);
}

/* An item whose block is all there is: no row of items.csv takes it. */
static void test_no_task_text(void **state)
{
	static const char doc[] =
		"2025年\n"
		"1、责任单位:区商务局时限:2025年\n"
		"2.〔责任单位：乙。完成时限：2025年底〕\n"
		"3. \u3000（责任单位：丙。完成时限：2025年底）\n"
		"4.任务四〔责任单位：丁。完成时限：2025年底〕\n";
	struct duban_error err;

	(void)state;
	assert_int_equal(import_enc(&R, doc, strlen(doc), IMPORT_AUTO, "t.txt",
				       &err), 0);
	assert_int_equal(R.problems.n, 3);
	assert_int_equal(R.problems.v[0].line, 2);
	assert_string_equal(R.problems.v[0].msg, "item 1: no task text");
	assert_int_equal(R.problems.v[1].line, 3);
	assert_string_equal(R.problems.v[1].msg, "item 2: no task text");
	assert_int_equal(R.problems.v[2].line, 4);
	assert_string_equal(R.problems.v[2].msg, "item 3: no task text");
	assert_int_equal(R.n, 1);
	assert_item(0, 4, "任务四", "", "丁", "", "2025-12-31", "2025年底");
}

/* Problems: each with its line; readable items are still read. */
static void test_problems(void **state)
{
	static const char doc[] =
		"2024年计划\n"					/* 1 */
		"一、甲\n"					/* 2 */
		"1.任务一〔牵头领导：甲；完成时限：2024年底〕\n"	/* 3 */
		"2.任务二〔责任单位：乙〕\n"			/* 4 */
		"3.任务三〔责任单位：乙。完成时限：明年春天〕\n"	/* 5 */
		"\n"						/* 6 */
		"3.任务三〔责任单位：乙。完成时限：2024年底〕\n"	/* 7 */
		"5.任务五〔责任单位：丙。完成时限：2024年底〕\n"	/* 8 */
		"2.任务二〔责任单位：丙。完成时限：2024年底〕\n"	/* 9 */
		"6.任务六\n"					/* 10 */
		"补充说明\n"					/* 11 */
		"7.任务七〔责任单位：丙；责任单位：丁。完成时限：2024年底〕\n"
		"8.任务八〔责任单位：丙。完成时限：2024年底〕\n"	/* 13 */
		"8、任务八〔责任单位：丙。完成时限：2024年底〕\n";	/* 14 */
	static const struct {
		long line;
		const char *msg;
	} want[] = {
		{ 3, "item 1: no lead unit (责任单位)" },
		{ 5, "item 3: deadline \"明年春天\" is not a date" },
		{ 7, "item 3: number repeated (item 3 is at line 5)" },
		{ 8, "item 5: number out of order (after item 3; item 4 is "
		     "missing)" },
		{ 9, "item 2: number repeated (item 2 is at line 4)" },
		/* 6 is there, unreadable: 7 follows it in order */
		{ 10, "item 6: no lead unit (责任单位)" },
		{ 12, "item 7: 责任单位 given twice" },
		{ 14, "item 8: number repeated (item 8 is at line 13)" },
	};
	struct duban_error err;

	(void)state;
	assert_int_equal(import_enc(&R, doc, strlen(doc), IMPORT_AUTO, "p.txt",
				       &err), 0);
	for (size_t i = 0; i < R.problems.n && i < sizeof(want) / sizeof(*want);
	     i++) {
		assert_int_equal(R.problems.v[i].line, want[i].line);
		assert_string_equal(R.problems.v[i].msg, want[i].msg);
	}
	assert_int_equal(R.problems.n, sizeof(want) / sizeof(*want));
	/* the readable items: 2 (no deadline printed: the plan year's end),
	 * 5 (after a gap, still read) and 8 */
	assert_int_equal(R.n, 3);
	assert_item(0, 2, "任务二", "", "乙", "", "2024-12-31", "");
	assert_int_equal(R.rows[1].flags, IMPORT_DEADLINE_YEAR);
	assert_item(1, 5, "任务五", "", "丙", "", "2024-12-31", "2024年底");
	assert_item(2, 8, "任务八", "", "丙", "", "2024-12-31", "2024年底");
	/* every item read is a row of the review, written or not */
	assert_int_equal(R.nrows, 10);
	assert_int_equal(R.rows[6].flags, IMPORT_DEADLINE_YEAR | IMPORT_NO_UNIT |
			 IMPORT_NOT_WRITTEN);
	assert_string_equal(R.rows[6].it.text, "任务六补充说明");
}

/* A deadline that needs the plan year, in a document without one. */
static void test_deadline_needs_year(void **state)
{
	static const char doc[] =
		"计划\n一、甲\n1.任务〔责任单位：乙。完成时限：全年〕\n"
		"2.任务〔责任单位：乙。完成时限：2024年底〕\n";
	struct duban_error err;

	(void)state;
	assert_int_equal(import_enc(&R, doc, strlen(doc), IMPORT_AUTO, "y.txt",
				       &err), 0);
	assert_int_equal(R.year, 0);
	assert_int_equal(R.problems.n, 1);
	assert_int_equal(R.problems.v[0].line, 3);
	assert_string_equal(R.problems.v[0].msg, "item 1: deadline \"全年\" needs "
			    "the plan's year, which the document does not give "
			    "(--year YYYY)");
	assert_int_equal(R.n, 1);
}

/* Adds n copies of the character c to sb. */
static void add_times(struct strbuf *sb, const char *c, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(sb_puts(sb, c), 0);
}

/* What a row of items.csv cannot hold is a problem at its line, so that
 * what import writes always loads.  A "heading" as long as a paragraph is
 * text, not a heading: its items stay outside any subsection. */
static void test_items_csv_limits(void **state)
{
	static const struct {
		long line;
		const char *msg;
	} want[] = {
		{ 2, "section 1234: a number over 999" },
		{ 4, "item 2: a task text longer than the limit of 65536 bytes" },
		{ 5, "item 3: 责任单位 longer than the limit of 65536 bytes" },
	};
	struct strbuf doc = STRBUF_INIT, csv = STRBUF_INIT;
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	sb_puts(&doc, "2024年\n1234、标题\n"
		"1.任务一〔责任单位：甲。完成时限：2024年底〕\n2.");
	add_times(&doc, "任", 21846);		/* 65538 bytes */
	sb_puts(&doc, "〔责任单位：乙。完成时限：2024年底〕\n"
		"3.任务三〔责任单位：");
	add_times(&doc, "乙", 21846);
	sb_puts(&doc, "。完成时限：2024年底〕\n（一）");
	add_times(&doc, "题", 21846);
	sb_puts(&doc, "\n4.任务四〔责任单位：丙。完成时限：2024年底〕\n");
	assert_int_equal(import_enc(&R, doc.s, doc.len, IMPORT_AUTO, "l.txt",
				       &err), 0);
	for (size_t i = 0; i < R.problems.n && i < sizeof(want) / sizeof(*want);
	     i++) {
		assert_int_equal(R.problems.v[i].line, want[i].line);
		assert_string_equal(R.problems.v[i].msg, want[i].msg);
	}
	assert_int_equal(R.problems.n, sizeof(want) / sizeof(*want));
	assert_int_equal(R.n, 2);
	assert_item(0, 1, "任务一", "", "甲", "", "2024-12-31", "2024年底");
	assert_place(0, 0, "", 0, "", 3);
	assert_item(1, 4, "任务四", "", "丙", "", "2024-12-31", "2024年底");
	assert_place(1, 0, "", 0, "", 7);
	assert_int_equal(import_write_csv(&R, &csv), 0);
	assert_int_equal(table_load_buffer(&t, csv.s, csv.len, "items.csv", &err),
			 0);
	assert_int_equal(t.n, 2);
	table_release(&t);
	sb_release(&csv);
	sb_release(&doc);
}

/* items.csv as duban writes it: header, fields quoted only when needed. */
static void test_write_csv(void **state)
{
	static const char doc[] =
		"2024年计划\n"
		"一、总体\n"
		"（一）分项\n"
		"1.甲,乙 \"丙\"。〔牵头领导：张三、李四；责任单位：区商务局；参加单位："
		"各街道、镇、集聚区。完成时限：2024年12月底〕\n"
		"2.丁。〔责任单位：区科工局。完成时限：长期坚持〕\n";
	struct strbuf out = STRBUF_INIT;

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(import_write_csv(&R, &out), 0);
	assert_string_equal(out.s,
		"id,section,section_title,subsection,subsection_title,text,"
		"leaders,lead_units,participants,deadline,deadline_text,targets\n"
		"1,1,总体,1,分项,\"甲,乙 \"\"丙\"\"。\",张三;李四,区商务局,"
		"各街道、镇、集聚区,2024-12-31,2024年12月底,\n"
		"2,1,总体,1,分项,丁。,,区科工局,,,长期坚持,\n");
	sb_release(&out);
}

/* Imports doc with options o; no problem expected. */
static void import_with(const char *doc, const struct import_options *o)
{
	struct duban_error err;

	if (import_buffer(&R, doc, strlen(doc), o, "o.txt", &err))
		fail_msg("import failed: %s", err.msg);
	assert_int_equal(R.problems.n, 0);
}

/* Who leads: 牵头单位 over 责任单位, a unit marked （牵头）, the first
 * unit when the document says so, units named jointly. */
static void test_who_leads(void **state)
{
	struct import_options o = IMPORT_OPTIONS_INIT;

	(void)state;
	import_with("2024年\n"
		    "1.甲〔牵头单位：区发改委；责任单位：区财政局；参加单位：各街道〕\n"
		    "2.乙〔责任单位：区财政局、区税务局〕\n"
		    "3.丙〔责任单位：区税务局、区发改委（牵头）、区财政局〕\n"
		    "4.丁（区住建局、各街道按职责分工负责）\n"
		    "5.戊（区住建局牵头，区城管局等配合）\n", &o);
	assert_int_equal(R.n, 5);
	assert_names(&R.items[0].lead_units, "区发改委");
	assert_names(&R.items[0].participants, "区财政局|各街道");
	assert_names(&R.items[1].lead_units, "区财政局|区税务局");
	assert_names(&R.items[1].participants, "");
	assert_names(&R.items[2].lead_units, "区发改委");
	assert_names(&R.items[2].participants, "区税务局|区财政局");
	assert_names(&R.items[3].lead_units, "区住建局|各街道");
	assert_int_equal(R.rows[3].flags, IMPORT_LEAD_ALL | IMPORT_DEADLINE_YEAR);
	assert_names(&R.items[4].lead_units, "区住建局");
	assert_names(&R.items[4].participants, "区城管局");
	assert_int_equal(R.rows[4].flags, IMPORT_DEADLINE_YEAR);
	import_release(&R);
	/* --first-is-lead: the first of a 责任单位 list leads */
	o.first_is_lead = true;
	import_with("2024年\n1.甲〔责任单位：区财政局、区税务局〕\n"
		    "2.乙〔牵头单位：区发改委；责任单位：区财政局〕\n", &o);
	assert_names(&R.items[0].lead_units, "区财政局");
	assert_names(&R.items[0].participants, "区税务局");
	assert_int_equal(R.rows[0].flags, IMPORT_LEAD_FIRST | IMPORT_DEADLINE_YEAR);
	assert_names(&R.items[1].lead_units, "区发改委");
	assert_names(&R.items[1].participants, "区财政局");
}

/* Leaders from section headings, and where deadlines come from. */
static void test_inherited_fields(void **state)
{
	struct import_options o = IMPORT_OPTIONS_INIT;

	(void)state;
	import_with("2025年重点工作\n"
		    "一、李明副区长牵头重点工作\n"
		    "完成时限：2025年6月底\n"
		    "1.甲（区发改委负责）\n"
		    "2.乙〔牵头领导：王五；责任单位：区财政局；完成时限：9月底〕\n"
		    "二、其他工作\n"
		    "3.丙（区商务局负责）\n", &o);
	assert_int_equal(R.year, 2025);
	assert_item(0, 1, "甲", "李明", "区发改委", "", "2025-06-30",
		    "2025年6月底");
	assert_int_equal(R.rows[0].flags, IMPORT_LEADER_HEADING |
			 IMPORT_DEADLINE_SECTION);
	assert_item(1, 2, "乙", "王五", "区财政局", "", "2025-09-30", "9月底");
	assert_int_equal(R.rows[1].flags, 0);
	assert_item(2, 3, "丙", "", "区商务局", "", "2025-12-31", "");
	assert_int_equal(R.rows[2].flags, IMPORT_DEADLINE_YEAR);
	import_release(&R);
	/* --deadline for what prints none; --year for what needs one */
	o.deadline = 20088;	/* 2024-12-31 */
	o.year = 2024;
	o.leaders = LEADER_OFF;
	import_with("通知\n一、李明副区长牵头重点工作\n"
		    "1.甲（区发改委负责）\n2.乙〔责任单位：区财政局；完成时限：6月底〕\n",
		    &o);
	assert_item(0, 1, "甲", "", "区发改委", "", "2024-12-31", "");
	assert_int_equal(R.rows[0].flags, IMPORT_DEADLINE_OPTION);
	assert_item(1, 2, "乙", "", "区财政局", "", "2024-06-30", "6月底");
	import_release(&R);
	/* no year at all: open-ended, flagged */
	o = (struct import_options)IMPORT_OPTIONS_INIT;
	import_with("通知\n1.甲（区发改委负责）\n", &o);
	assert_item(0, 1, "甲", "", "区发改委", "", "", "");
	assert_int_equal(R.rows[0].flags, IMPORT_NO_DEADLINE);
}

/* Numbering that starts again under each heading: ids by place. */
static void test_renumbering(void **state)
{
	struct import_options o = IMPORT_OPTIONS_INIT;

	(void)state;
	import_with("2024年\n一、甲\n1.任务一（区甲局负责）\n2.任务二（区乙局负责）\n"
		    "二、乙\n1.任务三（区丙局负责）\n", &o);
	assert_int_equal(R.n, 3);
	assert_int_equal(R.items[2].id, 3);
	assert_string_equal(R.rows[2].number, "1");
	assert_true(R.rows[2].flags & IMPORT_RENUMBERED);
	assert_int_equal(R.items[2].section, 2);
}

/* "部门分工：…" prose ends its item: page chrome after it is not kept. */
static void test_division_prose_ends_item(void **state)
{
	struct import_options o = IMPORT_OPTIONS_INIT;

	(void)state;
	import_with("2024年\n一是做好民生实事。部门分工：区民政局牵头，区卫健委配合\n"
		    "扫一扫在手机打开当前页\n", &o);
	assert_item(0, 1, "做好民生实事。", "", "区民政局", "区卫健委",
		    "2024-12-31", "");
	assert_string_equal(R.rows[0].number, "一");
}

/* UTF-16 as Notepad saves it, and line ends of a lone CR. */
static void test_utf16_and_cr(void **state)
{
	static const char doc[] = "2024年\r1.任务一（区甲局负责）\r2.任务二（区乙局负责）\r";
	struct strbuf utf16 = STRBUF_INIT;
	size_t bad;

	(void)state;
	import_ok(doc, strlen(doc), IMPORT_AUTO);
	assert_int_equal(R.n, 2);
	assert_int_equal(R.items[1].line, 3);
	import_release(&R);
	assert_int_equal(sb_add(&utf16, "\xff\xfe", 2), 0);
	assert_int_equal(text_convert("UTF-16LE", "UTF-8", doc, strlen(doc), &utf16,
				      &bad), 0);
	import_ok(utf16.s, utf16.len, IMPORT_AUTO);
	assert_int_equal(R.n, 2);
	assert_item(1, 2, "任务二", "", "区乙局", "", "2024-12-31", "");
	sb_release(&utf16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_labels_and_brackets, teardown),
		cmocka_unit_test_teardown(test_numbered_heading_and_bookmark,
					  teardown),
		cmocka_unit_test_teardown(test_block_on_following_lines, teardown),
		cmocka_unit_test_teardown(test_wrapped_text, teardown),
		cmocka_unit_test_teardown(test_deadline_phrasings, teardown),
		cmocka_unit_test_teardown(test_full_width_numbers, teardown),
		cmocka_unit_test_teardown(test_collective_designations, teardown),
		cmocka_unit_test_teardown(test_crlf_and_bom, teardown),
		cmocka_unit_test_teardown(test_gbk, teardown),
		cmocka_unit_test_teardown(test_unreadable_documents, teardown),
		cmocka_unit_test_teardown(test_page_and_line_breaks, teardown),
		cmocka_unit_test_teardown(test_no_task_text, teardown),
		cmocka_unit_test_teardown(test_problems, teardown),
		cmocka_unit_test_teardown(test_deadline_needs_year, teardown),
		cmocka_unit_test_teardown(test_items_csv_limits, teardown),
		cmocka_unit_test_teardown(test_write_csv, teardown),
		cmocka_unit_test_teardown(test_who_leads, teardown),
		cmocka_unit_test_teardown(test_inherited_fields, teardown),
		cmocka_unit_test_teardown(test_renumbering, teardown),
		cmocka_unit_test_teardown(test_division_prose_ends_item, teardown),
		cmocka_unit_test_teardown(test_utf16_and_cr, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
