/*
 * test_book — workbooks as written: opened as the zip they are, their
 * sheets' XML holding the cells typed (strings shared, numbers, dates as
 * serial days), the styles the kinds ask for, the layout of the table and
 * its pages; and a failed write leaving the target as it was with no
 * temporary file beside it.
 */
#include "testutil.h"
#include "scratch.h"

#include <dirent.h>
#include <sys/stat.h>
#include <zip.h>

#include "duban/book.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	return scratch_begin("book");
}

static int teardown(void **state)
{
	(void)state;
	scratch_end();
	return 0;
}

static int clear(void **state)
{
	(void)state;
	clean_tmpdir();
	snprintf(path, sizeof(path), "%s/台账.xlsx", tmpdir);
	return 0;
}

/* The member name of the zip at path, NUL-terminated; the caller frees
 * it.  Fails the test if it is missing. */
static char *member(const char *zpath, const char *name)
{
	int zerr;
	zip_t *z = zip_open(zpath, ZIP_RDONLY, &zerr);
	zip_stat_t st;
	zip_file_t *f;
	char *text;

	assert_non_null(z);
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	assert_non_null(text = calloc(1, st.size + 1));
	assert_non_null(f = zip_fopen(z, name, 0));
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	return text;
}

/* How many files tmpdir holds. */
static int files_in_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static const struct book_column cols[] = {
	{ "序号", BOOK_INTEGER, BOOK_INPUT_NONE },
	{ "重点工作", BOOK_LONG_TEXT, BOOK_INPUT_NONE },
	{ "完成时限", BOOK_DATE, BOOK_INPUT_NONE },
	{ "完成进度(%)", BOOK_PERCENT, BOOK_INPUT_NONE },
	{ "灯号", BOOK_LIGHT, BOOK_INPUT_NONE },
	{ "实际1", BOOK_FIGURE, BOOK_INPUT_NONE },
};

#define NCOLS (sizeof(cols) / sizeof(*cols))

/* A book of one sheet: two rows and a total, to path. */
static void write_small_book(void)
{
	struct duban_error err;
	struct book *b;
	date_t dec31;
	struct book_cell r1[NCOLS], r2[NCOLS], total[NCOLS];

	assert_int_equal(date_from_ymd(2024, 12, 31, &dec31), 0);
	r1[0] = BOOK_NUMBER_CELL(3);
	r1[1] = BOOK_TEXT_CELL("=1+1");
	r1[2] = BOOK_DATE_CELL(dec31);
	r1[3] = BOOK_NUMBER_CELL(45);
	r1[4] = BOOK_FILLED_CELL("红", BOOK_FILL_RED);
	r1[5] = BOOK_FIGURE_CELL(38, "亿元");
	r2[0] = BOOK_NUMBER_CELL(4);
	r2[1] = BOOK_TEXT_CELL("@SUM(A1)");
	r2[2] = BOOK_TEXT_CELL("长期坚持");
	r2[3] = BOOK_NUMBER_CELL(100);
	r2[4] = BOOK_FILLED_CELL("绿", BOOK_FILL_GREEN);
	r2[5] = BOOK_EMPTY_CELL;
	for (size_t i = 0; i < NCOLS; i++)
		total[i] = BOOK_EMPTY_CELL;
	total[0] = BOOK_TEXT_CELL("合计");
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "台账", cols, NCOLS, &err), 0);
	assert_int_equal(book_add_row(b, r1, &err), 0);
	assert_int_equal(book_add_row(b, r2, &err), 0);
	assert_int_equal(book_add_total_row(b, total, &err), 0);
	assert_int_equal(book_commit(b, &err), 0);
}

/* Fails the test unless the member name of the book at path holds every
 * string of the NULL-terminated list. */
static void expect_member_holds(const char *name, const char *const *want)
{
	char *text = member(path, name);

	for (size_t i = 0; want[i]; i++)
		if (!strstr(text, want[i]))
			fail_msg("%s lacks %s", name, want[i]);
	free(text);
}

static void test_cells_are_typed(void **state)
{
	/* numbers as numbers; 45% as 0.45; 2024-12-31 as Excel's day 45657 */
	static const char *const sheet[] = {
		"<c r=\"A2\" s=\"", "<v>3</v>", "<v>0.45</v>", "<v>45657</v>",
		"<v>38</v>", NULL,
	};
	/* text that looks like a formula is a shared string */
	static const char *const strings[] = {
		"<t>=1+1</t>", "<t>@SUM(A1)</t>", "<t>长期坚持</t>", NULL,
	};
	char *xml;

	(void)state;
	write_small_book();
	expect_member_holds("xl/worksheets/sheet1.xml", sheet);
	expect_member_holds("xl/sharedStrings.xml", strings);
	xml = member(path, "xl/worksheets/sheet1.xml");
	assert_null(strstr(xml, "<f>"));
	free(xml);
}

static void test_table_and_pages(void **state)
{
	static const char *const sheet[] = {
		"topLeftCell=\"A2\"",
		/* the table: header and two rows; the total (row 4) outside */
		"<autoFilter ref=\"A1:F3\"/>",
		"paperSize=\"9\"", "orientation=\"landscape\"", "fitToHeight=\"0\"",
		"<pageSetUpPr fitToPage=\"1\"/>",
		"<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>", NULL,
	};
	static const char *const book[] = {
		"_xlnm.Print_Titles", "'台账'!$1:$1", NULL,
	};

	(void)state;
	write_small_book();
	expect_member_holds("xl/worksheets/sheet1.xml", sheet);
	expect_member_holds("xl/workbook.xml", book);
}

static void test_styles(void **state)
{
	static const char *const styles[] = {
		"formatCode=\"yyyy-mm-dd\"", "formatCode=\"0%\"",
		"formatCode=\"General&quot;亿元&quot;\"",
		"<fgColor rgb=\"FFFF0000\"/>", "<fgColor rgb=\"FF00B050\"/>",
		"wrapText=\"1\"", NULL,
	};

	(void)state;
	write_small_book();
	expect_member_holds("xl/styles.xml", styles);
}

/* Column widths by display width: "重点工作" is 8 columns, not 12 bytes;
 * each header has room for its filter button (3) and padding (2). */
static void test_widths(void **state)
{
	static const char *const sheet[] = {
		"<col min=\"1\" max=\"1\" width=\"9.7109375\"",
		"<col min=\"2\" max=\"2\" width=\"13.7109375\"", NULL,
	};

	(void)state;
	write_small_book();
	expect_member_holds("xl/worksheets/sheet1.xml", sheet);
}

static void test_title_rows_above_the_header(void **state)
{
	struct duban_error err;
	struct book *b;
	const char *identity[] = { "填报单位", "区商务局" };
	static const char *const sheet[] = {
		"topLeftCell=\"A3\"", "<autoFilter ref=\"A2:F3\"/>", NULL,
	};
	struct book_cell row[NCOLS];

	(void)state;
	for (size_t i = 0; i < NCOLS; i++)
		row[i] = BOOK_EMPTY_CELL;
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "区商务局", cols, NCOLS, &err), 0);
	assert_int_equal(book_add_title_row(b, identity, 2, &err), 0);
	assert_int_equal(book_add_row(b, row, &err), 0);
	/* once the table has begun, nothing goes above it */
	assert_int_equal(book_add_title_row(b, identity, 2, &err), -1);
	assert_string_equal(err.msg, "a title row after the header");
	assert_int_equal(book_commit(b, &err), 0);
	expect_member_holds("xl/worksheets/sheet1.xml", sheet);
}

/* A fill-in sheet: protected, its input columns unlocked and checked, a
 * locked cell among them read-only. */
static void test_protected_inputs(void **state)
{
	static const struct book_column fill[] = {
		{ "序号", BOOK_INTEGER, BOOK_INPUT_NONE },
		{ "本期状态", BOOK_TEXT, BOOK_INPUT_STATUS },
		{ "本期进度(%)", BOOK_TEXT, BOOK_INPUT_PERCENT },
		{ "本期进展", BOOK_TEXT, BOOK_INPUT_TEXT },
		{ "本期实际1", BOOK_TEXT, BOOK_INPUT_NUMBER },
	};
	static const char *const sheet[] = {
		"<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" "
		"formatColumns=\"0\" formatRows=\"0\" sort=\"0\" "
		"autoFilter=\"0\"/>",
		"<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" "
		"showErrorMessage=\"1\" errorTitle=\"填写有误\" "
		"error=\"请从下拉列表中选择：未启动、推进中、已完成或受阻\" "
		"sqref=\"B2:B3\"><formula1>\"未启动,推进中,已完成,受阻\"</formula1>",
		"<dataValidation type=\"decimal\" allowBlank=\"1\" showInputMessage=\"1\" "
		"showErrorMessage=\"1\" errorTitle=\"填写有误\" "
		"error=\"请填写 0 到 100 之间的数\" sqref=\"C2:C3\">"
		"<formula1>0</formula1><formula2>100</formula2>",
		"sqref=\"E2:E3\"",
		NULL,
	};
	static const char *const styles[] = { "<protection locked=\"0\"/>", NULL };
	struct duban_error err;
	struct book *b;
	struct book_cell row[5];
	char *xml, *part;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		row[i] = BOOK_EMPTY_CELL;
	row[0] = BOOK_NUMBER_CELL(1);
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "区商务局", fill, 5, &err), 0);
	assert_int_equal(book_protect(b, &err), 0);
	assert_int_equal(book_add_row(b, row, &err), 0);
	/* a 参加 row: its status not to be filled in */
	row[0] = BOOK_NUMBER_CELL(2);
	row[1].locked = true;
	assert_int_equal(book_add_row(b, row, &err), 0);
	assert_int_equal(book_commit(b, &err), 0);
	expect_member_holds("xl/worksheets/sheet1.xml", sheet);
	expect_member_holds("xl/styles.xml", styles);
	/* no check on the text column, and B3 locked: its style is not B2's */
	xml = member(path, "xl/worksheets/sheet1.xml");
	assert_null(strstr(xml, "sqref=\"D2:D3\""));
	part = strstr(xml, "<c r=\"B2\" s=\"");
	assert_non_null(part);
	assert_non_null(strstr(xml, "<c r=\"B3\" s=\""));
	assert_memory_not_equal(part + 12, strstr(xml, "<c r=\"B3\" s=\"") + 12, 2);
	free(xml);
}

/* Without book_protect() a sheet is neither protected nor checked. */
static void test_unprotected_by_default(void **state)
{
	char *xml;

	(void)state;
	write_small_book();
	xml = member(path, "xl/worksheets/sheet1.xml");
	assert_null(strstr(xml, "<sheetProtection"));
	assert_null(strstr(xml, "<dataValidation"));
	free(xml);
}

static void test_bad_sheet_name(void **state)
{
	struct duban_error err;
	struct book *b;

	(void)state;
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "a/b", cols, NCOLS, &err), -1);
	assert_non_null(strstr(err.msg, "no sheet can be called \"a/b\""));
	book_discard(b);
	assert_int_equal(files_in_tmpdir(), 0);
}

/* A discarded book leaves the old file as it was, and nothing beside it. */
static void test_discard_keeps_the_target(void **state)
{
	struct duban_error err;
	struct book *b;
	FILE *f;
	char old[16] = "";

	(void)state;
	assert_non_null(f = fopen(path, "w"));
	fputs("old sheet", f);
	fclose(f);
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "台账", cols, NCOLS, &err), 0);
	assert_int_equal(files_in_tmpdir(), 2);
	book_discard(b);
	assert_int_equal(files_in_tmpdir(), 1);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(old, sizeof(old), f));
	fclose(f);
	assert_string_equal(old, "old sheet");
}

/* A target that is a directory: the rename fails, the temporary file goes. */
static void test_commit_over_a_directory(void **state)
{
	struct duban_error err;
	struct book *b;
	char inner[300];

	(void)state;
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	assert_int_equal(mkdir(inner, 0755), 0);
	assert_int_equal(book_create(&b, path, &err), 0);
	assert_int_equal(book_add_sheet(b, "台账", cols, NCOLS, &err), 0);
	assert_int_equal(book_commit(b, &err), -1);
	assert_non_null(strstr(err.msg, "cannot replace"));
	assert_int_equal(files_in_tmpdir(), 1);
	assert_int_equal(rmdir(inner), 0);
	assert_int_equal(rmdir(path), 0);
}

static void test_no_directory(void **state)
{
	struct duban_error err;
	struct book *b = NULL;
	char missing[300];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/nowhere/x.xlsx", tmpdir);
	assert_int_equal(book_create(&b, missing, &err), -1);
	assert_null(b);
	assert_non_null(strstr(err.msg, "cannot create a temporary file"));
}

static void test_fills(void **state)
{
	(void)state;
	assert_int_equal(book_light_fill(LIGHT_RED), BOOK_FILL_RED);
	assert_int_equal(book_light_fill(LIGHT_BLUE), BOOK_FILL_BLUE);
	assert_int_equal(book_status_fill(STATUS_BLOCKED), BOOK_FILL_RED);
	assert_int_equal(book_status_fill(STATUS_DONE), BOOK_FILL_GREEN);
	assert_int_equal(book_status_fill(STATUS_NOT_STARTED), BOOK_FILL_NONE);
	assert_int_equal(book_standing_fill(STANDING_OVERDUE), BOOK_FILL_RED);
	assert_int_equal(book_standing_fill(STANDING_DONE_LATE), BOOK_FILL_RED);
	assert_int_equal(book_standing_fill(STANDING_BEHIND), BOOK_FILL_YELLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cells_are_typed, clear),
		cmocka_unit_test_setup(test_table_and_pages, clear),
		cmocka_unit_test_setup(test_styles, clear),
		cmocka_unit_test_setup(test_widths, clear),
		cmocka_unit_test_setup(test_title_rows_above_the_header, clear),
		cmocka_unit_test_setup(test_protected_inputs, clear),
		cmocka_unit_test_setup(test_unprotected_by_default, clear),
		cmocka_unit_test_setup(test_bad_sheet_name, clear),
		cmocka_unit_test_setup(test_discard_keeps_the_target, clear),
		cmocka_unit_test_setup(test_commit_over_a_directory, clear),
		cmocka_unit_test_setup(test_no_directory, clear),
		cmocka_unit_test_setup(test_fills, clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
