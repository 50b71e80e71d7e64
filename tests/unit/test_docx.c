/*
 * test_docx — the text of .docx files: the fixtures LibreOffice made from
 * the bundled plan and from tests/fixtures/variants.txt, what a paragraph's
 * runs give (tabs, breaks, symbols, field codes, deleted text, text boxes,
 * tables), and the errors: not a zip, no word/document.xml, a cut-short
 * archive, malformed XML, out of memory.  Run from the top of the tree.
 */
#include <zip.h>

#include "testutil.h"

#include "duban/docx.h"
#include "duban/import.h"
#include "duban/mem.h"
#include "duban/store.h"

#define PLAN_DOCX "tests/fixtures/qingyunpu-2024-key-tasks.docx"
#define PLAN_TXT "data/qingyunpu-2024-key-tasks.txt"
#define VARIANTS_DOCX "tests/fixtures/variants.docx"
#define VARIANTS_TXT "tests/fixtures/variants.txt"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static struct strbuf SB;
static char ZIP_PATH[64];

static int teardown(void **state)
{
	(void)state;
	sb_release(&SB);
	if (ZIP_PATH[0])
		unlink(ZIP_PATH);
	ZIP_PATH[0] = '\0';
	mem_fail_after(0);
	return 0;
}

/* Line k (1-based) of s, into buf. */
static const char *line_at(const char *s, int k, char *buf, size_t size)
{
	const char *e;

	while (--k > 0) {
		s = strchr(s, '\n');
		assert_non_null(s);
		s++;
	}
	e = strchr(s, '\n');
	assert_non_null(e);
	assert_true((size_t)(e - s) < size);
	memcpy(buf, s, (size_t)(e - s));
	buf[e - s] = '\0';
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void text_ok(const char *path)
{
	struct duban_error err;

	if (docx_text(path, &SB, &err))
		fail_msg("docx_text(%s): %s", path, err.msg);
	assert_non_null(SB.s);
}

/* docx_text(path) fails with exactly msg. */
static void text_fails(const char *path, const char *msg)
{
	struct duban_error err;

	assert_int_equal(docx_text(path, &SB, &err), -1);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, msg);
}

/* Makes a zip at ZIP_PATH with the entry name holding text, with libzip. */
static const char *make_zip(const char *name, const char *text)
{
	zip_t *za;
	zip_source_t *src;
	int fd, code;

	snprintf(ZIP_PATH, sizeof(ZIP_PATH), "/tmp/duban-test-XXXXXX");
	fd = mkstemp(ZIP_PATH);
	assert_true(fd >= 0);
	close(fd);
	za = zip_open(ZIP_PATH, ZIP_TRUNCATE, &code);
	assert_non_null(za);
	src = zip_source_buffer(za, text, strlen(text), 0);
	assert_non_null(src);
	assert_true(zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) >= 0);
	assert_int_equal(zip_close(za), 0);
	return ZIP_PATH;
}

/* A document.xml whose body is body. */
static const char *make_docx(const char *body)
{
	static char xml[8192];

	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"http://schemas."
		 "openxmlformats.org/markup-compatibility/2006\" xmlns:wps="
		 "\"http://schemas.microsoft.com/office/word/2010/"
		 "wordprocessingShape\"><w:body>%s<w:sectPr/></w:body>"
		 "</w:document>", body);
	return make_zip("word/document.xml", xml);
}

/* What LibreOffice made of the bundled plan: its lines, paragraph by
 * paragraph, the text file's own. */
static void test_bundled_plan(void **state)
{
	char buf[4096];
	char *txt;
	size_t n;

	(void)state;
	text_ok(PLAN_DOCX);
	assert_int_equal(count_lines(SB.s), 83);
	assert_string_equal(line_at(SB.s, 1, buf, sizeof(buf)), "附件2");
	assert_string_equal(line_at(SB.s, 2, buf, sizeof(buf)), "");
	assert_string_equal(line_at(SB.s, 3, buf, sizeof(buf)),
			    "2024年区《政府工作报告》重点工作");
	assert_string_equal(line_at(SB.s, 7, buf, sizeof(buf)),
			    "1、 坚持产业兴区，筑牢城南崛起支撑");
	assert_string_equal(line_at(SB.s, 8, buf, sizeof(buf)),
			    "\t（一）激发产业活力");
	assert_string_equal(line_at(SB.s, 17, buf, sizeof(buf)),
			    "（三）拼争项目量质");
	assert_string_equal(line_at(SB.s, 64, buf, sizeof(buf)),
			    "[bookmark: _GoBack]42.保障希圣桥省控断面水质长期"
			    "稳定，让青云谱的水更清。〔牵头领导：聂洪明、涂艳彬"
			    "；责任单位：青云谱生态环境局、区城管执法局、区住建"
			    "局；参加单位：各相关街道、镇、集聚区。完成时限："
			    "2024年12月底〕");
	assert_string_equal(line_at(SB.s, 83, buf, sizeof(buf)), " ");
	/* the whole: the text file, whose last line has no newline */
	txt = read_whole(PLAN_TXT, &n);
	assert_int_equal(SB.len, n + 1);
	assert_memory_equal(SB.s, txt, n);
	assert_int_equal(SB.s[n], '\n');
	mem_free(txt);
}

static void test_variants(void **state)
{
	struct import_result r = IMPORT_RESULT_INIT;
	struct import_options opts = IMPORT_OPTIONS_INIT;
	struct duban_error err;
	char buf[1024];
	char *txt;
	size_t n;

	(void)state;
	text_ok(VARIANTS_DOCX);
	assert_int_equal(count_lines(SB.s), 18);
	assert_string_equal(line_at(SB.s, 6, buf, sizeof(buf)),
			    "２．加快招商(分管领导: 王五; 主要责任单位: 区商务局; "
			    "协办单位: 各街道、镇; 时限: 2025年第三季度)");
	assert_string_equal(line_at(SB.s, 12, buf, sizeof(buf)),
			    "〔牵头领导：甲；责任单位：区人社局；");
	assert_string_equal(line_at(SB.s, 14, buf, sizeof(buf)), "");
	assert_string_equal(line_at(SB.s, 18, buf, sizeof(buf)),
			    "完成时限：长期坚持");
	txt = read_whole(VARIANTS_TXT, &n);
	assert_int_equal(SB.len, n);
	assert_memory_equal(SB.s, txt, n);
	mem_free(txt);

	/* imported, an item's line is its paragraph */
	if (import_file(&r, VARIANTS_DOCX, &opts, &err))
		fail_msg("import_file: %s", err.msg);
	assert_int_equal(r.problems.n, 0);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.items[0].line, 5);
	assert_int_equal(r.items[2].line, 8);
	assert_int_equal(r.items[3].line, 10);
	assert_int_equal(r.items[4].line, 15);
	assert_string_equal(r.items[3].text, "推进就业，力争新增就业5100人。");
	import_release(&r);
}

/* What the runs of a paragraph give, and what is left out. */
static void test_runs(void **state)
{
	(void)state;
	make_docx(
		/* tab stops and properties are not tabs */
		"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
		"</w:tabs><w:rPr><w:b/></w:rPr></w:pPr>"
		"<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>"
		"<w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r>"
		"<w:bookmarkEnd w:id=\"0\"/>"
		"<w:r><w:t xml:space=\"preserve\">发展 </w:t><w:tab/>"
		"<w:t>经济</w:t><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
		"</w:r></w:p>"
		/* a line break; a field: its code dropped, its result kept */
		"<w:p><w:r><w:t>1.甲</w:t><w:br/><w:t>乙</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText> PAGE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		"<w:r><w:t>7</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:fldSimple w:instr=\"NUMPAGES\"><w:r><w:t>/9</w:t></w:r>"
		"</w:fldSimple></w:p>"
		/* tracked changes: inserted kept, deleted dropped; hyperlinks */
		"<w:p><w:ins w:id=\"1\"><w:r><w:t>新</w:t></w:r></w:ins>"
		"<w:del w:id=\"2\"><w:r><w:delText>旧</w:delText></w:r></w:del>"
		"<w:hyperlink><w:r><w:t>链接&amp;&lt;</w:t></w:r></w:hyperlink>"
		"</w:p>"
		/* an empty paragraph */
		"<w:p/>"
		/* a table: a row a line, its cells separated by TAB */
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格1</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>格2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		/* a text box: after its anchor, without its VML duplicate */
		"<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent>"
		"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
		"<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
		"</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
		"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>重复</w:t>"
		"</w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
		"</mc:AlternateContent></w:r><w:r><w:t>框后</w:t></w:r></w:p>");
	text_ok(ZIP_PATH);
	assert_string_equal(SB.s, "一、发展 \t经济\n"
			    "1.甲\n乙7/9\n"
			    "新链接&<\n"
			    "\n"
			    "格1\t格2\n"
			    "框前框后\n框内\n");
}

/* A cell's content, paragraph by paragraph. */
#define P(t) "<w:p><w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r></w:p>"
#define TC(x) "<w:tc>" x "</w:tc>"
#define TR(x) "<w:tr>" x "</w:tr>"

static void test_tables(void **state)
{
	(void)state;
	make_docx(
		"<w:tbl>"
		TR(TC(P("序号")) TC(P("重点工作")) TC(P("牵头领导")))
		/* a heading row spanning the grid */
		TR("<w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>"
		   P("一、发展经济") "</w:tc>")
		/* a leader merged down over two rows */
		TR(TC(P("1")) TC(P("繁荣") P("商贸")) "<w:tc><w:tcPr><w:vMerge "
		   "w:val=\"restart\"/></w:tcPr>" P("杨峰") "</w:tc>")
		TR(TC(P("2")) TC(P("smart") P("city")) "<w:tc><w:tcPr>"
		   "<w:vMerge/></w:tcPr><w:p/></w:tc>")
		/* a break and a tab in a cell; a blank cell */
		TR(TC(P("3")) TC("<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t>"
				 "<w:tab/><w:t>丙</w:t></w:r></w:p>") TC("<w:p/>"))
		/* a grid column skipped before the row's cells */
		TR("<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>"
		   TC(P("甲")) TC(P("乙")))
		/* a table inside a cell, flattened */
		TR(TC(P("4")) TC("<w:tbl>" TR(TC(P("内1")) TC(P("内2")))
				 TR(TC(P("内3"))) "</w:tbl>") TC(P(" 丁 ")))
		"</w:tbl>"
		P("表后"));
	text_ok(ZIP_PATH);
	assert_string_equal(SB.s, "序号\t重点工作\t牵头领导\n"
			    "一、发展经济\t\t\n"
			    "1\t繁荣" DOCX_CELL_BREAK "商贸\t杨峰\n"
			    "2\tsmart" DOCX_CELL_BREAK "city\t杨峰\n"
			    "3\t甲" DOCX_CELL_BREAK "乙 丙\t\n"
			    "\t甲\t乙\n"
			    "4\t内1 内2" DOCX_CELL_BREAK "内3\t丁\n"
			    "表后\n");
}

/* How many times ch occurs in s. */
static size_t count_of(const char *s, char ch)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == ch;
	return n;
}

/* Spans and skips past any real grid are a damaged table: each adds at
 * most 256 empty cells, so a number cannot make a row of a billion. */
static void test_huge_spans(void **state)
{
	(void)state;
	make_docx(
		"<w:tbl>"
		TR("<w:tc><w:tcPr><w:gridSpan w:val=\"900000000\"/></w:tcPr>"
		   P("甲") "</w:tc>" TC(P("乙")))
		TR("<w:trPr><w:gridBefore w:val=\"2147483647\"/><w:gridAfter "
		   "w:val=\"99999999999999999999\"/></w:trPr>" TC(P("丙")))
		TR("<w:tc><w:tcPr><w:gridSpan w:val=\"-5\"/></w:tcPr>"
		   P("丁") "</w:tc>" TC(P("戊")))
		"</w:tbl>");
	text_ok(ZIP_PATH);
	assert_int_equal(count_of(SB.s, '\n'), 3);
	assert_true(strncmp(SB.s, "甲\t", strlen("甲\t")) == 0);
	/* 甲, its 256 spanned cells, 乙 */
	assert_int_equal(strcspn(SB.s, "\n"), strlen("甲乙") + 257);
	assert_int_equal(count_of(strstr(SB.s, "\n") + 1, '\t'),
			 255 + 1 + 256 + 1);
	assert_non_null(strstr(SB.s, "\t丙\t"));
	assert_string_equal(strstr(SB.s, "丁"), "丁\t戊\n");
}

/* An empty first cell, merged down: the row has no text yet when the
 * cell is remembered for the row below. */
static void test_empty_first_cell(void **state)
{
	(void)state;
	make_docx(
		"<w:tbl>"
		TR("<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p/>"
		   "</w:tc>" TC(P("甲")))
		TR("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" TC(P("乙")))
		"</w:tbl>");
	text_ok(ZIP_PATH);
	assert_string_equal(SB.s, "\t甲\n\t乙\n");
}

static void test_not_a_docx(void **state)
{
	static const char txt[] = "一、发展经济\n";
	const char *path;

	(void)state;
	path = write_temp(txt, strlen(txt));
	text_fails(path, "not a .docx file: not a zip archive");
	unlink(path);
	path = write_temp("", 0);
	text_fails(path, "not a .docx file: not a zip archive");
	unlink(path);
	text_fails("/nonexistent/plan.docx",
		   "cannot open: No such file or directory");
	make_zip("word/styles.xml", "<w:styles/>");
	text_fails(ZIP_PATH, "not a .docx file: no word/document.xml in the zip "
		   "archive");
}

static void test_damaged(void **state)
{
	char *data;
	size_t n;
	const char *path;

	(void)state;
	data = read_whole(VARIANTS_DOCX, &n);
	path = write_temp(data, n / 2);
	text_fails(path, "a damaged .docx file: the zip archive is cut short "
		   "or corrupt");
	unlink(path);
	path = write_temp(data, n - 1);
	text_fails(path, "a damaged .docx file: the zip archive is cut short "
		   "or corrupt");
	unlink(path);
	mem_free(data);

	make_zip("word/document.xml", "<w:document xmlns:w=\"" W_NS "\">\n"
		 "<w:body><w:p><w:r><w:t>甲</w:r></w:p></w:body></w:document>");
	text_fails(ZIP_PATH, "a damaged .docx file: word/document.xml is not "
		   "well-formed XML (line 2: Opening and ending tag mismatch: "
		   "t line 2 and r)");
	teardown(NULL);
	make_zip("word/document.xml", "<w:document xmlns:w=\"" W_NS "\">"
		 "<w:body><w:p>");
	text_fails(ZIP_PATH, "a damaged .docx file: word/document.xml is not "
		   "well-formed XML (line 1: Premature end of data in tag p "
		   "line 1)");
	teardown(NULL);
	make_zip("word/document.xml", "<html><body/></html>");
	text_fails(ZIP_PATH, "not a .docx file: word/document.xml has no "
		   "document body (w:document, w:body)");
}

/* Every allocation of ours that can fail is an error, never a leak. */
static void test_out_of_memory(void **state)
{
	struct duban_error err;
	long nth;

	(void)state;
	for (nth = 1; nth < 100000; nth++) {
		int rc;

		mem_fail_after(nth);
		rc = docx_text(VARIANTS_DOCX, &SB, &err);
		mem_fail_after(0);
		sb_release(&SB);
		if (rc == 0)
			break;
		assert_string_equal(err.msg, "out of memory");
	}
	assert_true(nth > 1);
}

static void test_is_docx(void **state)
{
	(void)state;
	assert_true(docx_is_docx("plan.docx", "", 0));
	assert_true(docx_is_docx("PLAN.DocX", "x", 1));
	assert_true(docx_is_docx("plan", "PK\3\4rest", 8));
	assert_false(docx_is_docx("plan.txt", "PK\3", 3));
	assert_false(docx_is_docx("docx", "一、", 6));
	assert_false(docx_is_docx("plan.doc", "\xd0\xcf\x11\xe0", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_bundled_plan, teardown),
		cmocka_unit_test_teardown(test_variants, teardown),
		cmocka_unit_test_teardown(test_runs, teardown),
		cmocka_unit_test_teardown(test_tables, teardown),
		cmocka_unit_test_teardown(test_huge_spans, teardown),
		cmocka_unit_test_teardown(test_empty_first_cell, teardown),
		cmocka_unit_test_teardown(test_not_a_docx, teardown),
		cmocka_unit_test_teardown(test_damaged, teardown),
		cmocka_unit_test_teardown(test_out_of_memory, teardown),
		cmocka_unit_test_teardown(test_is_docx, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
