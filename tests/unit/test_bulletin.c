/*
 * test_bulletin — the 通报's document: the same blocks as Markdown, as an
 * HTML page (every text escaped, charts drawn to scale) and as a Word
 * document read back by duban's own .docx reader; the register of issued
 * bulletins; the office's 下步要求 text.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "duban/bulletin.h"
#include "duban/docx.h"
#include "duban/error.h"
#include "duban/mem.h"

#define HOSTILE "<script>alert(\"x\")&'</script>"

static struct strbuf SB;

/* A small bulletin holding every kind of block, and text that Markdown
 * and HTML would take for markup. */
static void sample(struct bulletin *b)
{
	struct duban_error err;

	assert_int_equal(bulletin_set_name(b, "第1期", "zh-CN", &err), 0);
	assert_int_equal(bulletin_add(b, DOC_TITLE, "督查通报", NULL, &err), 0);
	assert_int_equal(bulletin_add(b, DOC_ISSUE, "第1期", NULL, &err), 0);
	assert_int_equal(bulletin_add(b, DOC_MASTHEAD, "督查室",
				      "2024年6月30日", &err), 0);
	assert_int_equal(bulletin_add(b, DOC_SUBJECT, "关于重点工作推进情况的通报",
				      NULL, &err), 0);
	assert_int_equal(bulletin_add(b, DOC_HEADING, "一、总体情况", NULL,
				      &err), 0);
	assert_int_equal(bulletin_add(b, DOC_PARAGRAPH, "*a* _b_ # [c]|d "
				      HOSTILE, NULL, &err), 0);
	assert_int_equal(bulletin_add_chart(b, "各单位", (const char *[]){
		"完成", "序时", "滞后", "逾期" }, &err), 0);
	assert_int_equal(bulletin_add_bar(b, "区商务局",
					  (long[]){ 1, 2, 0, 1 }, &err), 0);
	assert_int_equal(bulletin_add_bar(b, "A<B", (long[]){ 0, 0, 0, 2 },
					  &err), 0);
	assert_int_equal(bulletin_add(b, DOC_HEADING, "二、分单位情况", NULL,
				      &err), 0);
	assert_int_equal(bulletin_add_table(b, 3, (const char *[]){
		"单位", "事项", "进展" }, 2u, 1u, &err), 0);
	assert_int_equal(bulletin_add_row(b, (const char *[]){
		"区商务局", "7", "一行\n两行|" }, &err), 0);
	assert_int_equal(bulletin_add_row(b, (const char *[]){
		"区住建局", "6", HOSTILE }, &err), 0);
	assert_int_equal(bulletin_add_row(b, (const char *[]){
		"2024-06-30", "2024-6-30", "" }, &err), 0);
	assert_int_equal(bulletin_add(b, DOC_PLACEHOLDER, "【此处填写】", NULL,
				      &err), 0);
}

static void test_markdown(void **state)
{
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;

	(void)state;
	sample(&b);
	assert_int_equal(sb_reset(&SB), 0);
	assert_int_equal(bulletin_markdown(&b, &SB, &err), 0);
	assert_string_equal(SB.s,
		"# 督查通报\n\n"
		"**第1期**\n\n"
		"督查室　　2024年6月30日\n\n---\n\n"
		"### 关于重点工作推进情况的通报\n\n"
		"## 一、总体情况\n\n"
		"\\*a\\* \\_b\\_ \\# \\[c\\]\\|d \\<script\\>alert(\"x\")\\&'"
		"\\</script\\>\n\n"
		"**各单位**\n\n"
		"|  | 完成 | 序时 | 滞后 | 逾期 |\n"
		"| --- | ---: | ---: | ---: | ---: |\n"
		"| 区商务局 | 1 | 2 | 0 | 1 |\n"
		"| A\\<B | 0 | 0 | 0 | 2 |\n\n"
		"## 二、分单位情况\n\n"
		"| 单位 | 事项 | 进展 |\n"
		"| --- | ---: | --- |\n"
		"| 区商务局 | 7 | 一行 两行\\| |\n"
		"| 区住建局 | 6 | \\<script\\>alert(\"x\")\\&'\\</script\\> |\n"
		"| 2024-06-30 | 2024-6-30 |  |\n\n"
		"> 【此处填写】\n\n");
	bulletin_release(&b);
	assert_int_equal(b.n, 0);
}

/* A paragraph that starts as a list item or a rule would stays text. */
static void test_markdown_lines(void **state)
{
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(bulletin_add(&b, DOC_PARAGRAPH, "1. 压实责任", NULL,
				      &err), 0);
	assert_int_equal(bulletin_add(&b, DOC_PARAGRAPH, "- 按月报送", NULL,
				      &err), 0);
	assert_int_equal(bulletin_add(&b, DOC_PARAGRAPH, "2)+=", NULL, &err),
			 0);
	assert_int_equal(bulletin_add(&b, DOC_PARAGRAPH, "2024年", NULL, &err),
			 0);
	assert_int_equal(bulletin_add(&b, DOC_MASTHEAD, "===", "1.", &err), 0);
	assert_int_equal(sb_reset(&SB), 0);
	assert_int_equal(bulletin_markdown(&b, &SB, &err), 0);
	assert_string_equal(SB.s, "1\\. 压实责任\n\n"
				  "\\- 按月报送\n\n"
				  "2\\)+=\n\n"
				  "2024年\n\n"
				  "\\===　　1.\n\n---\n\n");
	bulletin_release(&b);
}

/* Whether s holds needle. */
static bool holds(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

static void test_html(void **state)
{
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;
	const char *escaped = "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;"
			      "&lt;/script&gt;";

	(void)state;
	sample(&b);
	assert_int_equal(sb_reset(&SB), 0);
	assert_int_equal(bulletin_html(&b, &SB, &err), 0);
	/* no markup from the store: the text twice, escaped, no script */
	assert_false(holds(SB.s, "<script"));
	assert_int_equal(count(SB.s, escaped), 2);
	assert_true(holds(SB.s, "<p>*a* _b_ # [c]|d "));
	assert_true(holds(SB.s, "<td>一行\n两行|</td>"));
	/* the head, the masthead, one section per heading */
	assert_true(holds(SB.s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
	assert_true(holds(SB.s, "<td class=\"d\">2024-06-30</td>"));
	assert_true(holds(SB.s, "<td class=\"names\">区商务局</td>"));
	assert_true(holds(SB.s, "<title>第1期</title>"));
	assert_true(holds(SB.s, "<p class=\"masthead\"><span>督查室</span>"
			  "<span>2024年6月30日</span></p>"));
	assert_int_equal(count(SB.s, "<section>"), 2);
	assert_int_equal(count(SB.s, "</section>"), 2);
	assert_int_equal(count(SB.s, "</header>"), 1);
	assert_true(holds(SB.s, "<td class=\"n\">7</td>"));
	assert_true(holds(SB.s, "<th>事项</th>"));
	assert_true(holds(SB.s, "section+section{break-before:page}"));
	assert_true(holds(SB.s, "@page{size:A4;"));
	/* the bars to scale: 4 items the longest, 400 units wide, after
	 * labels as wide as the widest needs (区商务局: 8 columns of 6, and
	 * 12) */
	assert_true(holds(SB.s, "viewBox=\"0 0 510 80\""));
	assert_true(holds(SB.s, "<rect x=\"60\" y=\"30\" width=\"100\" "
			  "height=\"16\" fill=\"#2e7d32\"><title>完成 1</title>"));
	assert_true(holds(SB.s, "<rect x=\"160\" y=\"30\" width=\"200\" "
			  "height=\"16\" fill=\"#1565c0\"><title>序时 2</title>"));
	assert_true(holds(SB.s, "<rect x=\"360\" y=\"30\" width=\"100\" "
			  "height=\"16\" fill=\"#c62828\"><title>逾期 1</title>"));
	assert_true(holds(SB.s, "<text x=\"466\" y=\"41\">4</text>"));
	assert_true(holds(SB.s, "<text x=\"54\" y=\"65\" text-anchor=\"end\">"
			  "A&lt;B</text>"));
	assert_true(holds(SB.s, "<rect x=\"60\" y=\"54\" width=\"200\" "));
	/* a day kept whole, a long text broken anywhere */
	assert_true(holds(SB.s, "td.d{white-space:nowrap}"));
	assert_true(holds(SB.s, "overflow-wrap:anywhere"));
	/* nothing fetched from elsewhere */
	assert_false(holds(SB.s, "src="));
	assert_false(holds(SB.s, "href="));
	assert_false(holds(SB.s, "url("));
	bulletin_release(&b);
}

static void test_docx(void **state)
{
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;
	char path[] = "/tmp/duban-bulletin-XXXXXX.docx";
	char *first, *second;
	size_t n1, n2;
	int fd = mkstemps(path, 5);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	sample(&b);
	assert_int_equal(bulletin_docx(&b, path, &err), 0);
	assert_int_equal(sb_reset(&SB), 0);
	if (docx_text(path, &SB, &err))
		fail_msg("docx_text: %s", err.msg);
	/* the chart is left to the tables; a line break stays one */
	assert_string_equal(SB.s,
		"督查通报\n"
		"第1期\n"
		"督查室\t2024年6月30日\n"
		"关于重点工作推进情况的通报\n"
		"一、总体情况\n"
		"*a* _b_ # [c]|d " HOSTILE "\n"
		"二、分单位情况\n"
		"单位\t事项\t进展\n"
		"区商务局\t7\t一行" DOCX_CELL_BREAK "两行|\n"
		"区住建局\t6\t" HOSTILE "\n"
		"2024-06-30\t2024-6-30\t\n"
		"\n"
		"【此处填写】\n");
	/* the same bulletin, the same bytes */
	first = read_whole(path, &n1);
	assert_int_equal(bulletin_docx(&b, path, &err), 0);
	second = read_whole(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(first, second, n1);
	mem_free(first);
	mem_free(second);
	/* a directory that is not there: refused, nothing left behind */
	assert_int_equal(bulletin_docx(&b, "/nonexistent/dir/b.docx", &err), -1);
	unlink(path);
	bulletin_release(&b);
}

/* A column of names beside a long text: its cells break between names,
 * never inside one, as wide as the column leaves room for. */
static void test_docx_names(void **state)
{
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;
	char path[] = "/tmp/duban-bulletin-XXXXXX.docx";
	char text[4096] = "";
	int fd = mkstemps(path, 5);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (int i = 0; i < 60; i++)
		strcat(text, "推进重点工作。");
	assert_int_equal(bulletin_add_table(&b, 3, (const char *[]){
		"事项", "责任单位", "重点工作" }, 1u, 2u, &err), 0);
	assert_int_equal(bulletin_add_row(&b, (const char *[]){ "13",
		"区商务局、洪都街道、区文广新旅局、区重点公共建设项目管理中心",
		text }, &err), 0);
	assert_int_equal(bulletin_docx(&b, path, &err), 0);
	assert_int_equal(sb_reset(&SB), 0);
	if (docx_text(path, &SB, &err))
		fail_msg("docx_text: %s", err.msg);
	assert_true(holds(SB.s, "\n13\t区商务局、洪都街道、" DOCX_CELL_BREAK
			  "区文广新旅局、" DOCX_CELL_BREAK
			  "区重点公共建设项目管理中心\t推进"));
	unlink(path);
	bulletin_release(&b);
}

static int load_register(struct bulletin_register *r, const char *csv,
			 struct duban_error *err)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "%s", write_temp(csv, strlen(csv)));
	rc = bulletin_register_load(r, path, "bulletins.csv", err);
	unlink(path);
	return rc;
}

static void expect_register_refused(const char *csv, long line,
				    const char *msg)
{
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	struct duban_error err;

	if (load_register(&r, csv, &err) != -1 || err.line != line ||
	    strcmp(err.msg, msg))
		fail_msg("\"%s\": line %ld \"%s\"", csv, err.line, err.msg);
	bulletin_register_release(&r);
}

static date_t day(const char *s)
{
	date_t d;

	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void test_register(void **state)
{
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	struct bulletin_issue is = { .number = 4, .period = "2024-07" };
	struct duban_error err;
	char path[] = "/tmp/duban-bulletins-XXXXXX";
	char *data;
	size_t n;

	(void)state;
	/* none yet: the first is 1 */
	assert_int_equal(bulletin_register_load(&r, "/nonexistent/b.csv",
						"bulletins.csv", &err), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(bulletin_register_next(&r), 1);
	/* as Excel saves it, columns in another order, a month as 2024/5 */
	assert_int_equal(load_register(&r, "\xEF\xBB\xBFperiod,issue,as_of\r\n"
				       "2024/5,1,2024-06-03\r\n"
				       "2024-06,3,2024-07-02\r\n"
				       "2024-06,2,2024-07-01\r\n", &err), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].period, "2024-05");
	assert_int_equal(r.v[1].line, 3);
	assert_int_equal(bulletin_register_next(&r), 4);
	assert_int_equal(bulletin_register_find(&r, 2)->as_of,
			 day("2024-07-01"));
	assert_null(bulletin_register_find(&r, 5));
	assert_int_equal(bulletin_register_same(&r, "2024-06",
						day("2024-07-01"))->number, 2);
	assert_null(bulletin_register_same(&r, "2024-05", day("2024-07-01")));
	/* the latest before a day, by its day and not its number */
	assert_int_equal(bulletin_register_before(&r, day("2024-07-02"))
			 ->number, 2);
	assert_int_equal(bulletin_register_before(&r, day("2024-08-01"))
			 ->number, 3);
	assert_null(bulletin_register_before(&r, day("2024-06-03")));
	/* written back whole, the new one last */
	is.as_of = day("2024-08-01");
	assert_true(mkstemp(path) >= 0);
	assert_int_equal(bulletin_register_add(&r, &is, path, &err), 0);
	data = read_whole(path, &n);
	assert_string_equal(data, "issue,period,as_of\n"
			    "1,2024-05,2024-06-03\n"
			    "3,2024-06,2024-07-02\n"
			    "2,2024-06,2024-07-01\n"
			    "4,2024-07,2024-08-01\n");
	mem_free(data);
	unlink(path);
	bulletin_register_release(&r);
	assert_null(r.v);

	expect_register_refused("issue,period,as_of\n0,2024-06,2024-07-01\n",
				2, "\"0\" is not an issue number from 1 to "
				"999999");
	expect_register_refused("issue,period,as_of\n1,2024-06,2024-07-01\n"
				"第二期,2024-06,2024-07-01\n", 3,
				"\"第二期\" is not an issue number from 1 to "
				"999999");
	expect_register_refused("issue,period,as_of\n1000000,2024-06,"
				"2024-07-01\n", 2, "\"1000000\" is not an issue "
				"number from 1 to 999999");
	expect_register_refused("issue,period,as_of\n1,6月,2024-07-01\n", 2,
				"\"6月\" is not a month such as 2024-06");
	expect_register_refused("issue,period,as_of\n1,2024-06,7月1日\n", 2,
				"\"7月1日\" is not a date (write 2024-03-31)");
	expect_register_refused("issue,period,as_of\n1,2024-06,2024-07-01\n"
				"2,2024-07,2024-08-01\n1,2024-08,2024-09-01\n",
				4, "issue 1 is the bulletin for 2024-06 on "
				"line 2");
	expect_register_refused("issue,period\n1,2024-06\n", 1,
				"the header has no \"as_of\" column");
}

static int load_requirements(const char *text, size_t n, bool *found,
			     struct duban_error *err)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "%s", write_temp(text, n));
	rc = bulletin_requirements_load(&SB, found, path,
					"bulletin-requirements.txt", err);
	unlink(path);
	return rc;
}

static void expect_requirements_refused(const char *text, size_t n, long line,
					const char *msg)
{
	struct duban_error err;
	bool found = true;

	if (load_requirements(text, n, &found, &err) != -1 ||
	    err.line != line || strcmp(err.msg, msg))
		fail_msg("line %ld \"%s\"", err.line, err.msg);
	assert_string_equal(err.file, "bulletin-requirements.txt");
	assert_false(found);
}

static void test_requirements(void **state)
{
	static char big[64 * 1024 + 2];
	static const char notepad[] = "\xEF\xBB\xBF  一、压实责任。\r\n"
				      "\r\n\t二、按月报送。  \r\n\r\n";
	static const char gbk[] = "1.\n2.\n\xB6\xBD\xB2\xE9\xCA\xD2\n";
	static const char escape[] = "一、\n\n三、\x1b[2J\n";
	static const char lone_cr[] = "一、\r\n二、\r三、\r\n";
	struct duban_error err;
	char fifo[] = "/tmp/duban-fifo-XXXXXX";
	bool found = true;

	(void)state;
	assert_int_equal(bulletin_requirements_load(&SB, &found,
						    "/nonexistent/r.txt", "r",
						    &err), 0);
	assert_false(found);
	assert_string_equal(SB.s, "");
	/* as Notepad saves it: a BOM, CRLF, blank lines, indents */
	assert_int_equal(load_requirements(notepad, strlen(notepad), &found,
					   &err), 0);
	assert_true(found);
	assert_string_equal(SB.s, "一、压实责任。\n二、按月报送。\n");
	expect_requirements_refused(gbk, strlen(gbk), 3, "the file is not UTF-8 but looks "
				    "like GBK; convert it with: iconv -f GBK "
				    "-t UTF-8 bulletin-requirements.txt");
	expect_requirements_refused(escape, strlen(escape), 3,
				    "the text holds a control character");
	expect_requirements_refused(lone_cr, strlen(lone_cr), 2,
				    "the text holds a control character");
	memset(big, 'a', sizeof(big));
	expect_requirements_refused(big, 64 * 1024 + 1, 0,
				    "the file is larger than 64 KiB");
	/* exactly the most it takes */
	big[64 * 1024 - 1] = '\n';
	if (load_requirements(big, 64 * 1024, &found, &err))
		fail_msg("%ld %s", err.line, err.msg);
	assert_int_equal(SB.len, 64 * 1024);
	/* a FIFO in its place is refused, not waited on */
	assert_true(mkdtemp(fifo) != NULL);
	assert_int_equal(rmdir(fifo), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(bulletin_requirements_load(&SB, &found, fifo,
						    "bulletin-requirements.txt",
						    &err), -1);
	assert_string_equal(err.file, "bulletin-requirements.txt");
	assert_false(found);
	unlink(fifo);
}

static int teardown(void **state)
{
	(void)state;
	sb_release(&SB);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_lines),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_docx),
		cmocka_unit_test(test_docx_names),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_requirements),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
