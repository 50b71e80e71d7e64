/*
 * test_xlsx — the cells of Excel workbooks: the fixtures of
 * tests/fixtures/xlsx/ (openpyxl's, and LibreOffice's from a CSV file;
 * make.py makes them), workbooks libxlsxwriter writes here, parts written
 * by hand for what no tool at hand writes (phonetic readings, cells
 * without references, escapes), the sheet as text lines, and the errors:
 * not a zip, no workbook, malformed XML, a shared string or a cell beyond
 * what exists, overlapping merges, a DTD, limits, out of memory.  Run
 * from the top of the tree.
 */
#include <xlsxwriter.h>
#include <zip.h>

#include "testutil.h"
#include "scratch.h"

#include "duban/docx.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/xlsx.h"

#define LEDGER "tests/fixtures/xlsx/ledger.xlsx"
#define DATE1904 "tests/fixtures/xlsx/date1904.xlsx"
#define LIBREOFFICE "tests/fixtures/xlsx/libreoffice.xlsx"

#define SML "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define BREAK DOCX_CELL_BREAK

static struct xlsx_sheet S = XLSX_SHEET_INIT;
static struct strbuf SB;
static char PATH[128];

static int setup(void **state)
{
	(void)state;
	return scratch_begin("xlsx");
}

static int teardown_group(void **state)
{
	(void)state;
	scratch_end();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xlsx_sheet_release(&S);
	sb_release(&SB);
	mem_fail_after(0);
	clean_tmpdir();
	return 0;
}

static const char *scratch(const char *name)
{
	snprintf(PATH, sizeof(PATH), "%s/%s", tmpdir, name);
	return PATH;
}

static void read_ok(const char *path, const char *name)
{
	struct duban_error err;

	if (xlsx_read_sheet(path, name, &S, &err))
		fail_msg("xlsx_read_sheet(%s, %s): %s", path,
			 name ? name : "NULL", err.msg);
}

/* xlsx_read_sheet(path, name) fails with exactly msg, naming path. */
static void read_fails(const char *path, const char *name, const char *msg)
{
	struct duban_error err;

	assert_int_equal(xlsx_read_sheet(path, name, &S, &err), -1);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, msg);
	assert_int_equal(S.nrows, 0);
	assert_null(S.cells);
}

/* The cell at ref ("C7") of S. */
static const struct xlsx_cell *at(const char *ref)
{
	size_t col = 0, row = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		col = col * 26 + (size_t)(*ref - 'A' + 1);
	row = (size_t)strtoul(ref, NULL, 10);
	return xlsx_cell(&S, row - 1, col - 1);
}

static void is_text(const char *ref, const char *text)
{
	const struct xlsx_cell *c = at(ref);

	if (c->kind != XLSX_TEXT || strcmp(c->text, text) != 0)
		fail_msg("%s: kind %d \"%s\", not text \"%s\"", ref, c->kind,
			 c->text, text);
}

static void is_number(const char *ref, double x, const char *text,
		      bool date, bool percent)
{
	const struct xlsx_cell *c = at(ref);

	if (c->kind != XLSX_NUMBER || c->number != x ||
	    strcmp(c->text, text) != 0 || c->date != date ||
	    c->percent != percent)
		fail_msg("%s: kind %d %.17g \"%s\" date %d percent %d, not "
			 "%.17g \"%s\" %d %d", ref, c->kind, c->number, c->text,
			 c->date, c->percent, x, text, date, percent);
}

static void is_empty(const char *ref)
{
	const struct xlsx_cell *c = at(ref);

	if (c->kind != XLSX_EMPTY || strcmp(c->text, "") != 0)
		fail_msg("%s: kind %d \"%s\", not empty", ref, c->kind, c->text);
}

static void is_range(size_t i, size_t r1, size_t c1, size_t r2, size_t c2)
{
	assert_true(i < S.nmerged);
	assert_int_equal(S.merged[i].first_row, r1);
	assert_int_equal(S.merged[i].first_col, c1);
	assert_int_equal(S.merged[i].last_row, r2);
	assert_int_equal(S.merged[i].last_col, c2);
}

static void text_is(const char *expected)
{
	struct duban_error err;

	if (xlsx_sheet_text(&S, &SB, &err))
		fail_msg("xlsx_sheet_text: %s", err.msg);
	assert_string_equal(SB.s ? SB.s : "", expected);
}

/* ---- the fixtures ---- */

static void test_sheet_names(void **state)
{
	struct duban_error err;
	char **names;
	size_t n;

	(void)state;
	assert_int_equal(xlsx_sheet_names(LEDGER, &names, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "说明");
	assert_string_equal(names[1], "台账");
	assert_null(names[2]);
	mem_free(names);

	assert_int_equal(xlsx_sheet_names("/nonexistent/台账.xlsx", &names, &n,
					  &err), -1);
	assert_null(names);
	assert_int_equal(n, 0);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
}

/* openpyxl's ledger, its second sheet by name: a merged title, headers,
 * a leader merged down three rows, numbers in their formats. */
static void test_ledger(void **state)
{
	(void)state;
	read_ok(LEDGER, "台账");
	assert_string_equal(S.name, "台账");
	assert_int_equal(S.nrows, 7);
	assert_int_equal(S.ncols, 8);
	assert_int_equal(S.nmerged, 2);
	is_range(0, 0, 0, 0, 7);
	is_range(1, 2, 3, 4, 3);

	is_text("A1", "2024年区《政府工作报告》重点工作台账");
	is_empty("B1");
	is_text("C2", "重点工作");
	is_text("H2", "已落实");
	is_number("A3", 1, "1", false, false);
	is_text("B3", "区商务局\n区发改委");
	is_text("D3", "杨峰");
	is_empty("D4");
	is_number("E3", 45657, "2024-12-31", true, false);
	/* as openpyxl rounds them */
	is_number("E4", 45473.60416666666, "2024-06-30 14:30", true, false);
	is_number("E5", 45565.33690972222, "2024-09-30 08:05:09", true, false);
	is_number("F3", 0.45, "0.45", false, true);
	is_number("F4", 0.6, "0.6", false, true);
	is_number("F5", 1, "1", false, true);
	is_number("G3", 3.1, "3.1", false, false);	/* shown "3.10" */
	is_number("G4", 1234, "1234", false, false);	/* shown "1,234" */
	is_number("G5", -5.25, "-5.25", false, false);
	assert_int_equal(at("H3")->kind, XLSX_BOOL);
	assert_string_equal(at("H3")->text, "TRUE");
	assert_true(at("H3")->number == 1);
	assert_string_equal(at("H4")->text, "FALSE");
	is_empty("H5");
	is_empty("A6");
	is_text("A7", "合计");
	is_empty("G7");		/* a formula openpyxl wrote without a value */
	is_empty("Z99");	/* past the grid */

	text_is("2024年区《政府工作报告》重点工作台账\t\t\t\t\t\t\t\n"
		"序号\t责任单位\t重点工作\t牵头领导\t完成时限\t进度\t目标值\t已落实\n"
		"1\t区商务局" BREAK "区发改委\t繁荣商贸，力争限上企业突破40家。\t杨峰\t"
		"2024-12-31\t45%\t3.1\tTRUE\n"
		"2\t区住建局\t推进城市更新 （老旧小区改造）\t杨峰\t"
		"2024-06-30 14:30\t60%\t1234\tFALSE\n"
		"3\t区财政局\t盘活存量资产\t杨峰\t2024-09-30 08:05:09\t100%\t-5.25\t\n"
		"\n"
		"合计\t\t\t\t\t\t\t\n");
}

static void test_first_sheet(void **state)
{
	(void)state;
	read_ok(LEDGER, NULL);
	assert_string_equal(S.name, "说明");
	assert_int_equal(S.nrows, 2);
	assert_int_equal(S.ncols, 1);
	assert_int_equal(S.nmerged, 0);
	text_is("本表为2024年重点工作台账\n进度按月填报\n");
}

/* The 1904 date system: day 0 is 1904-01-01. */
static void test_date1904(void **state)
{
	(void)state;
	read_ok(DATE1904, "日期");
	is_number("A1", 45657 - 1462, "2024-12-31", true, false);
	is_number("A2", 0.5, "12:00", true, false);
	is_number("A3", 45000, "45000", false, false);
}

/* LibreOffice's workbook from a CSV file: shared strings, its own styles
 * (a General of its own, an escaped date format), formulas' results. */
static void test_libreoffice(void **state)
{
	(void)state;
	read_ok(LIBREOFFICE, NULL);
	assert_int_equal(S.nrows, 4);
	assert_int_equal(S.ncols, 7);
	is_text("B1", "重点工作");
	is_text("B3", "推进\n城市更新");
	is_number("A2", 1, "1", false, false);
	is_number("C2", 45657, "2024-12-31", true, false);
	is_number("C3", 45473, "2024-06-30", true, false);
	is_number("D2", 0.45, "0.45", false, true);
	is_number("E2", 3.1, "3.1", false, false);
	is_number("F2", 6.2, "6.2", false, false);	/* =E2*2 */
	is_number("F3", 1235, "1235", false, false);	/* =E3+1 */
	is_text("G2", "合计");				/* ="合"&"计" */
	assert_int_equal(at("F4")->kind, XLSX_ERROR);	/* =NA() */
	assert_string_equal(at("F4")->text, "#N/A");
	text_is("序号\t重点工作\t完成时限\t进度\t目标\t公式\t文字\n"
		"1\t繁荣商贸\t2024-12-31\t45%\t3.1\t6.2\t合计\n"
		"2\t推进" BREAK "城市更新\t2024-06-30\t60%\t1234\t1235\t\n"
		"3\t盘活资产\t\t\t\t#N/A\t\n");
}

/* ---- workbooks libxlsxwriter writes ---- */

/* Writes the workbook of test_xlsxwriter at path; constant_memory writes
 * strings inline rather than shared, and needs the cells row by row. */
static void write_workbook(const char *path, bool constant_memory)
{
	lxw_workbook_options opts = { .constant_memory = constant_memory };
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	lxw_worksheet *first = workbook_add_worksheet(wb, "封面");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "进度表");
	lxw_format *date = workbook_add_format(wb);
	lxw_format *two = workbook_add_format(wb);
	lxw_format *red = workbook_add_format(wb);
	lxw_format *bold = workbook_add_format(wb);
	lxw_rich_string_tuple f1 = { .format = bold, .string = "牵头" };
	lxw_rich_string_tuple f2 = { .format = NULL, .string = "：区商务局" };
	lxw_rich_string_tuple *rich[] = { &f1, &f2, NULL };

	assert_non_null(wb);
	format_set_num_format(date, "yyyy/m/d");
	format_set_num_format(two, "0.00");
	format_set_bold(bold);
	format_set_font_color(red, LXW_COLOR_RED);
	worksheet_write_string(first, 0, 0, "封面", NULL);
	worksheet_write_string(ws, 0, 0, "单位", NULL);
	worksheet_write_string(ws, 0, 1, "进度", NULL);
	worksheet_write_string(ws, 0, 2, "日期", NULL);
	worksheet_write_rich_string(ws, 1, 0, rich, NULL);
	worksheet_write_number(ws, 1, 1, 3.1, two);
	worksheet_write_number(ws, 1, 2, 59, date);
	worksheet_write_formula_num(ws, 2, 1, "=B2*2", NULL, 6.2);
	worksheet_write_number(ws, 2, 2, 60, date);
	worksheet_write_formula_str(ws, 3, 1, "=\"完\"&\"成\"", NULL,
				    "完成");
	worksheet_write_number(ws, 3, 2, 61, date);
	worksheet_write_boolean(ws, 4, 0, 1, NULL);
	worksheet_write_number(ws, 4, 1, 1.0 / 3, NULL);
	worksheet_write_number(ws, 4, 2, 1e20, NULL);
	if (!constant_memory) {
		/* rows before the merged range's last are written already */
		worksheet_write_string(ws, 5, 1, "甲", NULL);
		worksheet_write_string(ws, 6, 1, "乙", NULL);
	}
	worksheet_merge_range(ws, 5, 0, 7, 0, "杨峰", red);
	worksheet_write_string(ws, 7, 1, "丙", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_xlsxwriter_sheet(bool constant_memory)
{
	char text[1024];

	assert_string_equal(S.name, "进度表");
	assert_int_equal(S.nrows, 8);
	assert_int_equal(S.ncols, 3);
	is_text("A2", "牵头：区商务局");
	is_number("B2", 3.1, "3.1", false, false);
	is_number("C2", 59, "1900-02-28", true, false);
	is_number("C3", 60, "1900-02-29", true, false);	/* Excel's own day */
	is_number("C4", 61, "1900-03-01", true, false);
	is_number("B3", 6.2, "6.2", false, false);
	is_text("B4", "完成");
	assert_int_equal(at("A5")->kind, XLSX_BOOL);
	is_number("B5", 1.0 / 3, "0.3333333333333333", false, false);
	is_number("C5", 1e20, "1e+20", false, false);
	assert_int_equal(S.nmerged, 1);
	is_range(0, 5, 0, 7, 0);
	is_text("A6", "杨峰");
	is_empty("A7");
	snprintf(text, sizeof(text), "单位\t进度\t日期\n"
		 "牵头：区商务局\t3.1\t1900-02-28\n"
		 "\t6.2\t1900-02-29\n"
		 "\t完成\t1900-03-01\n"
		 "TRUE\t0.3333333333333333\t1e+20\n"
		 "杨峰\t%s\t\n"
		 "杨峰\t%s\t\n"
		 "杨峰\t丙\t\n", constant_memory ? "" : "甲",
		 constant_memory ? "" : "乙");
	text_is(text);
}

static void test_xlsxwriter(void **state)
{
	const char *path = scratch("shared.xlsx");

	(void)state;
	write_workbook(path, false);
	read_ok(path, "进度表");
	check_xlsxwriter_sheet(false);
	xlsx_sheet_release(&S);
	sb_release(&SB);

	/* the same with inline strings */
	path = scratch("inline.xlsx");
	write_workbook(path, true);
	read_ok(path, "进度表");
	check_xlsxwriter_sheet(true);
}

/* ---- parts written by hand ---- */

/* Adds the entry name holding text to za. */
static void add_entry(zip_t *za, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(za, text, strlen(text), 0);

	assert_non_null(src);
	assert_true(zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) >= 0);
}

/* A workbook whose sheet "表" holds sheet_data (the inside of <worksheet>,
 * or the whole part when it starts so) and, when not NULL, those shared
 * strings and styles; its sheet "图" is a chart. */
static const char *make_book(const char *sheet_data, const char *sst,
			     const char *styles)
{
	static char sheet[65536], strings[8192], style[8192], rels[2048];
	const char *path = scratch("hand.xlsx");
	zip_t *za;
	int code;

	unlink(path);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	assert_non_null(za);
	add_entry(za, "xl/workbook.xml",
		  "<workbook xmlns=\"" SML "\" xmlns:r=\"" REL "\"><sheets>"
		  "<sheet name=\"表\" sheetId=\"1\" r:id=\"rId7\"/>"
		  "<sheet name=\"图\" sheetId=\"2\" r:id=\"rId8\"/>"
		  "</sheets></workbook>");
	snprintf(rels, sizeof(rels), "<Relationships xmlns=\"http://schemas."
		 "openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId7\" Type=\"" REL "/worksheet\" "
		 "Target=\"sheets/./../sheets/data.xml\"/>"
		 "<Relationship Id=\"rId8\" Type=\"" REL "/chartsheet\" "
		 "Target=\"chartsheets/sheet1.xml\"/>%s%s</Relationships>",
		 sst ? "<Relationship Id=\"rId9\" Type=\"" REL "/sharedStrings\""
		 " Target=\"strings.xml\"/>" : "",
		 styles ? "<Relationship Id=\"rId10\" Type=\"" REL "/styles\" "
		 "Target=\"/xl/styles.xml\"/>" : "");
	add_entry(za, "xl/_rels/workbook.xml.rels", rels);
	if (strncmp(sheet_data, "<worksheet", 10) == 0)
		snprintf(sheet, sizeof(sheet), "%s", sheet_data);
	else
		snprintf(sheet, sizeof(sheet), "<worksheet xmlns=\"" SML "\">%s"
			 "</worksheet>", sheet_data);
	add_entry(za, "xl/sheets/data.xml", sheet);
	if (sst) {
		snprintf(strings, sizeof(strings), "<sst xmlns=\"" SML "\">%s"
			 "</sst>", sst);
		add_entry(za, "xl/strings.xml", strings);
	}
	if (styles) {
		snprintf(style, sizeof(style), "<styleSheet xmlns=\"" SML "\">%s"
			 "</styleSheet>", styles);
		add_entry(za, "xl/styles.xml", style);
	}
	assert_int_equal(zip_close(za), 0);
	return path;
}

/* Rows and cells without references follow the one before; phonetic
 * readings are left out, escapes decoded, line ends made "\n". */
static void test_hand_written(void **state)
{
	const char *path;

	(void)state;
	path = make_book("<sheetData>"
		"<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
		"<row r=\"3\"><c r=\"B3\" t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v>"
		"</c><c/><c t=\"inlineStr\"><is><r><t>行</t></r><r><rPr><b/>"
		"</rPr><t xml:space=\"preserve\"> 内</t></r><rPh sb=\"0\" eb=\"1\">"
		"<t>xing</t></rPh></is></c></row>"
		"<row><c t=\"d\"><v>2024-12-31T00:00:00</v></c>"
		"<c t=\"str\"><f>A1</f><v></v></c><c s=\"1\"><v>0.25</v></c>"
		"<c s=\"2\"><v>45657.75</v></c><c s=\"3\"><v>7</v></c>"
		"<c s=\"99\"><v>8</v></c><c s=\"4\"><v>45657</v></c>"
		"<c s=\"5\"><v>1.5</v></c></row>"
		"</sheetData>",
		"<si><t>重庆</t><rPh sb=\"0\" eb=\"2\"><t>chongqing</t></rPh>"
		"<phoneticPr fontId=\"1\"/></si>"
		"<si><r><t>一</t></r><r><t>二</t></r></si>"
		"<si><t>甲_x000D_\n乙_x0009_丙\r\n丁_x4E01_ _xZZZZ_ _x0000_</t></si>"
		"<si/>",
		"<numFmts><numFmt numFmtId=\"200\" formatCode=\"0.0&quot;%&quot;"
		"\"/><numFmt numFmtId=\"201\" formatCode=\"[$-804]yyyy&quot;年"
		"&quot;m&quot;月&quot;\"/><numFmt numFmtId=\"202\" formatCode=\""
		"[Red]0_m;\\d0\"/></numFmts>"
		"<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
		"<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"200\"/>"
		"<xf numFmtId=\"201\"/><xf numFmtId=\"202\"/><xf numFmtId=\"31\"/>"
		"<xf numFmtId=\"203\"/></cellXfs>"
		"<numFmts><numFmt numFmtId=\"203\" formatCode=\"[h]:mm\"/>"
		"</numFmts>");
	read_ok(path, NULL);
	assert_int_equal(S.nrows, 4);
	assert_int_equal(S.ncols, 8);
	is_text("A1", "重庆");
	is_text("B1", "一二");
	is_text("B3", "甲\n乙\t丙\n丁丁 _xZZZZ_ _x0000_");
	is_text("C3", "");	/* an empty shared string */
	is_empty("D3");		/* a cell with no value */
	is_text("E3", "行 内");
	is_text("A4", "2024-12-31T00:00:00");
	is_text("B4", "");	/* a formula whose string is empty */
	assert_int_equal(at("B4")->kind, XLSX_TEXT);
	is_number("C4", 0.25, "0.25", false, false);	/* a quoted % */
	is_number("D4", 45657.75, "2024-12-31 18:00", true, false);
	is_number("E4", 7, "7", false, false);	/* escaped, padding: no date */
	is_number("F4", 8, "8", false, false);	/* no such format */
	/* Chinese Excel's built-in 31, yyyy"年"m"月"d"日" */
	is_number("G4", 45657, "2024-12-31", true, false);
	/* elapsed time, its format given after the cell formats: 36 hours,
	 * no date */
	is_number("H4", 1.5, "1.5", false, false);
	text_is("重庆\t一二\t\t\t\t\t\t\n"
		"\n"
		"\t甲" BREAK "乙 丙" BREAK "丁丁 _xZZZZ_ _x0000_\t\t\t行 内\t\t\t\n"
		"2024-12-31T00:00:00\t\t0.25\t2024-12-31 18:00\t7\t8\t"
		"2024-12-31\t1.5\n");
	xlsx_sheet_release(&S);

	read_fails(path, "图", "sheet \"图\" is a chart or a dialog, not a "
		   "worksheet");
	read_fails(path, "Sheet1", "no sheet \"Sheet1\" (the sheets are: 表, 图)");
}

/* Merged ranges in the text: a block repeats its top-left cell in its
 * first column; ranges past the grid are clipped. */
static void test_merged_text(void **state)
{
	(void)state;
	make_book("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
		  "  一\t二  </t></is></c><c r=\"C1\"><v>1</v></c></row>"
		  "<row r=\"2\"><c r=\"C2\"><v>2</v></c></row>"
		  "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>\n\n三\n\n四 "
		  "\n</t></is></c><c r=\"C3\"><v>3</v></c></row></sheetData>"
		  "<mergeCells><mergeCell ref=\"A1:B2\"/><mergeCell ref=\"C3:E9\"/>"
		  "<mergeCell ref=\"A3:A3\"/></mergeCells>", NULL, NULL);
	read_ok(PATH, "表");
	assert_int_equal(S.nmerged, 3);
	is_range(1, 2, 2, 8, 4);
	text_is("一 二\t\t1\n"
		"一 二\t\t2\n"
		"三" BREAK "四\t\t3\n");
}

/* ---- errors ---- */

static void test_not_a_workbook(void **state)
{
	static const char txt[] = "序号,重点工作\n";
	struct duban_error err;
	const char *path;
	char **names;
	size_t n;
	zip_t *za;
	int code;

	(void)state;
	path = write_temp(txt, strlen(txt));
	read_fails(path, NULL, "not a .xlsx file: not a zip archive");
	unlink(path);
	path = write_temp("", 0);
	read_fails(path, NULL, "not a .xlsx file: not a zip archive");
	unlink(path);
	read_fails("/nonexistent/台账.xlsx", NULL,
		   "cannot open: No such file or directory");

	path = scratch("word.xlsx");
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	assert_non_null(za);
	add_entry(za, "word/document.xml", "<w:document/>");
	assert_int_equal(zip_close(za), 0);
	read_fails(path, NULL, "not a .xlsx file: no xl/workbook.xml in the "
		   "zip archive");
	assert_int_equal(xlsx_sheet_names(path, &names, &n, &err), -1);
	assert_string_equal(err.msg, "not a .xlsx file: no xl/workbook.xml in "
			    "the zip archive");
}

static void test_damaged(void **state)
{
	struct duban_error err;
	char *data;
	size_t n;
	const char *path;

	(void)state;
	data = read_whole(LEDGER, &n);
	path = write_temp(data, n / 2);
	read_fails(path, NULL, "a damaged .xlsx file: the zip archive is cut "
		   "short or corrupt");
	unlink(path);
	mem_free(data);

	make_book("<sheetData><row><c><v>1</v></c></row>", NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml is not "
		   "well-formed XML (line 1: Opening and ending tag mismatch: "
		   "sheetData line 1 and worksheet)");
	make_book("<sheetData><row><c t=\"s\"><v>2</v></c></row></sheetData>",
		  "<si><t>甲</t></si><si><t>乙</t></si>", NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: cell "
		   "A1 refers to shared string \"2\", and there are 2");
	make_book("<sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData>",
		  NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: cell "
		   "A1 refers to shared string \"0\", and there are 0");
	make_book("<sheetData><row><c r=\"XFE1\"><v>1</v></c></row></sheetData>",
		  NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: cell "
		   "\"XFE1\" is outside the sheet (columns A to XFD, rows 1 to "
		   "1048576)");
	make_book("<sheetData><row r=\"1048577\"><c><v>1</v></c></row>"
		  "</sheetData>", NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: cell "
		   "\"A1048577\" is outside the sheet (columns A to XFD, rows 1 "
		   "to 1048576)");
	make_book("<sheetData><row><c r=\"7C\"><v>1</v></c></row></sheetData>",
		  NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: \"7C\" "
		   "is not a cell reference");
	make_book("<sheetData><row><c r=\"B2\"><v>1,5</v></c></row></sheetData>",
		  NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: cell "
		   "B2 holds \"1,5\", not a number");
	make_book("<sheetData/><mergeCells><mergeCell ref=\"A1:B2\"/>"
		  "<mergeCell ref=\"C1:D1\"/><mergeCell ref=\"B2:C3\"/>"
		  "</mergeCells>", NULL, NULL);
	read_ok(PATH, NULL);	/* no cells: nothing to overlap in */
	xlsx_sheet_release(&S);
	make_book("<sheetData><row r=\"3\"><c r=\"D3\"><v>1</v></c></row>"
		  "</sheetData><mergeCells><mergeCell ref=\"A1:B2\"/>"
		  "<mergeCell ref=\"C1:D1\"/><mergeCell ref=\"B2:C3\"/>"
		  "</mergeCells>", NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml: "
		   "merged cells A1:B2 and B2:C3 overlap");
	make_book("<sheetData><row><c r=\"XFD1048576\"><v>1</v></c></row>"
		  "</sheetData>", NULL, NULL);
	read_fails(PATH, NULL, "xl/sheets/data.xml is larger than the limit of "
		   "4194304 cells (1048576 rows, 16384 columns)");

	/* a sheet cut short, as a write interrupted leaves it */
	make_book("<worksheet xmlns=\"" SML "\"><sheetData><row><c><v>1</v>"
		  "</c></row>\n<row><c><v>2", NULL, NULL);
	read_fails(PATH, NULL, "a damaged .xlsx file: xl/sheets/data.xml is cut "
		   "short");

	/* an entity never declared */
	make_book("", "<si><t>&a;</t></si>", NULL);
	assert_int_equal(xlsx_read_sheet(PATH, NULL, &S, &err), -1);
	assert_string_equal(err.msg, "a damaged .xlsx file: xl/strings.xml is not "
			    "well-formed XML (line 1: Entity 'a' not defined)");
}

/* A DTD, as the billion laughs attack brings its entities in. */
static void test_dtd(void **state)
{
	const char *path = scratch("laughs.xlsx");
	zip_t *za;
	int code;

	(void)state;
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	assert_non_null(za);
	add_entry(za, "xl/workbook.xml",
		  "<?xml version=\"1.0\"?><!DOCTYPE workbook [<!ENTITY a "
		  "\"haha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		  "<workbook xmlns=\"" SML "\"><sheets><sheet name=\"&b;\"/>"
		  "</sheets></workbook>");
	assert_int_equal(zip_close(za), 0);
	read_fails(path, NULL, "a damaged .xlsx file: xl/workbook.xml has a "
		   "document type declaration");
}

/* A part that inflates past its limit is refused as it is read: a few
 * kilobytes of zip must not make duban read megabytes. */
static void test_too_large(void **state)
{
	static const char head[] = "<workbook xmlns=\"" SML "\">";
	static const char filler[] = "<bookViews/>";
	size_t n = 17L * 1024 * 1024, len = strlen(filler);
	char *xml = malloc(n + 1);
	const char *path = scratch("bomb.xlsx");
	zip_t *za;
	zip_source_t *src;
	int code;

	(void)state;
	assert_non_null(xml);
	memset(xml, ' ', n);
	memcpy(xml, head, strlen(head));
	for (size_t i = strlen(head); i + len < n - 16; i += len)
		memcpy(xml + i, filler, len);
	strcpy(xml + n - strlen("</workbook>"), "</workbook>");
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	assert_non_null(za);
	src = zip_source_buffer(za, xml, n, 0);
	assert_non_null(src);
	assert_true(zip_file_add(za, "xl/workbook.xml", src, 0) >= 0);
	assert_int_equal(zip_close(za), 0);
	free(xml);
	read_fails(path, NULL, "xl/workbook.xml is larger than the limit of "
		   "16777216 bytes");
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
		rc = xlsx_read_sheet(LEDGER, "台账", &S, &err);
		if (rc == 0)
			rc = xlsx_sheet_text(&S, &SB, &err);
		mem_fail_after(0);
		xlsx_sheet_release(&S);
		sb_release(&SB);
		if (rc == 0)
			break;
		assert_string_equal(err.msg, "out of memory");
	}
	assert_true(nth > 3);
}

static void test_is_xlsx(void **state)
{
	char *data;
	size_t n;

	(void)state;
	assert_true(xlsx_is_xlsx("台账.xlsx", "", 0));
	assert_true(xlsx_is_xlsx("LEDGER.XLSX", "x", 1));
	assert_false(xlsx_is_xlsx("plan.docx", "PK\3\4", 4));
	assert_false(xlsx_is_xlsx("ledger.csv", "序号,", 7));
	assert_false(xlsx_is_xlsx("xlsx", "", 0));
	/* a zip by its content: with xl/workbook.xml, or not */
	data = read_whole(LEDGER, &n);
	assert_true(xlsx_is_xlsx(LEDGER, data, n));
	mem_free(data);
	make_book("<sheetData/>", NULL, NULL);
	assert_true(xlsx_is_xlsx(PATH, "PK\3\4", 4));
	assert_false(xlsx_is_xlsx("tests/fixtures/variants.docx", "PK\3\4", 4));
	assert_false(xlsx_is_xlsx("/nonexistent/book", "PK\3\4", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sheet_names, teardown),
		cmocka_unit_test_teardown(test_ledger, teardown),
		cmocka_unit_test_teardown(test_first_sheet, teardown),
		cmocka_unit_test_teardown(test_date1904, teardown),
		cmocka_unit_test_teardown(test_libreoffice, teardown),
		cmocka_unit_test_teardown(test_xlsxwriter, teardown),
		cmocka_unit_test_teardown(test_hand_written, teardown),
		cmocka_unit_test_teardown(test_merged_text, teardown),
		cmocka_unit_test_teardown(test_not_a_workbook, teardown),
		cmocka_unit_test_teardown(test_damaged, teardown),
		cmocka_unit_test_teardown(test_dtd, teardown),
		cmocka_unit_test_teardown(test_too_large, teardown),
		cmocka_unit_test_teardown(test_out_of_memory, teardown),
		cmocka_unit_test_teardown(test_is_xlsx, teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown_group);
}
