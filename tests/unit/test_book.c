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
	{ "序号", BOOK_INTEGER }, { "重点工作", BOOK_LONG_TEXT },
	{ "完成时限", BOOK_DATE }, { "完成进度(%)", BOOK_PERCENT },
	{ "灯号", BOOK_LIGHT }, { "实际1", BOOK_FIGURE },
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

static void test_cells_are_typed(void **state)
{
	char *sheet, *strings;

	(void)state;
	write_small_book();
	sheet = member(path, "xl/worksheets/sheet1.xml");
	strings = member(path, "xl/sharedStrings.xml");
	/* numbers as numbers; 45% as 0.45; 2024-12-31 as Excel's day 45657 */
	assert_non_null(strstr(sheet, "<c r=\"A2\" s=\""));
	assert_non_null(strstr(sheet, "<v>3</v>"));
	assert_non_null(strstr(sheet, "<v>0.45</v>"));
	assert_non_null(strstr(sheet, "<v>45657</v>"));
	assert_non_null(strstr(sheet, "<v>38</v>"));
	/* text that looks like a formula is a shared string, never <f> */
	assert_null(strstr(sheet, "<f>"));
	assert_non_null(strstr(strings, "<t>=1+1</t>"));
	assert_non_null(strstr(strings, "<t>@SUM(A1)</t>"));
	assert_non_null(strstr(strings, "<t>长期坚持</t>"));
	free(sheet);
	free(strings);
}

static void test_table_and_pages(void **state)
{
	char *sheet, *book;

	(void)state;
	write_small_book();
	sheet = member(path, "xl/worksheets/sheet1.xml");
	book = member(path, "xl/workbook.xml");
	assert_non_null(strstr(sheet, "topLeftCell=\"A2\""));
	/* the table: header and two rows; the total (row 4) outside */
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:F3\"/>"));
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	assert_non_null(strstr(sheet, "<pageSetUpPr fitToPage=\"1\"/>"));
	assert_non_null(strstr(sheet, "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"));
	assert_non_null(strstr(book, "_xlnm.Print_Titles"));
	assert_non_null(strstr(book, "'台账'!$1:$1"));
	free(sheet);
	free(book);
}

static void test_styles(void **state)
{
	char *styles;

	(void)state;
	write_small_book();
	styles = member(path, "xl/styles.xml");
	assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
	assert_non_null(strstr(styles, "formatCode=\"0%\""));
	assert_non_null(strstr(styles, "formatCode=\"General&quot;亿元&quot;\""));
	assert_non_null(strstr(styles, "<fgColor rgb=\"FFFF0000\"/>"));
	assert_non_null(strstr(styles, "<fgColor rgb=\"FF00B050\"/>"));
	assert_non_null(strstr(styles, "wrapText=\"1\""));
	free(styles);
}

/* Column widths by display width: "重点工作" (8 columns) and the filter
 * button, not its 12 bytes. */
static void test_widths(void **state)
{
	char *sheet;

	(void)state;
	write_small_book();
	sheet = member(path, "xl/worksheets/sheet1.xml");
	/* 序号: header 4 + button 3 + 2 */
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"9.7109375\""));
	/* 重点工作: header 8 + 3 + 2 */
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"13.7109375\""));
	free(sheet);
}

static void test_title_rows_above_the_header(void **state)
{
	struct duban_error err;
	struct book *b;
	const char *identity[] = { "填报单位", "区商务局" };
	struct book_cell row[NCOLS];
	char *sheet;

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
	sheet = member(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(sheet, "topLeftCell=\"A3\""));
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A2:F3\"/>"));
	free(sheet);
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
		cmocka_unit_test_setup(test_bad_sheet_name, clear),
		cmocka_unit_test_setup(test_discard_keeps_the_target, clear),
		cmocka_unit_test_setup(test_commit_over_a_directory, clear),
		cmocka_unit_test_setup(test_no_directory, clear),
		cmocka_unit_test_setup(test_fills, clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
