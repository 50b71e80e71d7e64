/*
 * fuzz_xlsx — an Excel workbook, as xlsx_read_sheet() and
 * xlsx_sheet_text() read a ledger or a returned fill-in sheet.
 *
 * An input starting with the zip signature "PK" is the .xlsx file itself.
 * Any other input is cut at its NUL bytes into a sheet part, the shared
 * strings and the styles, stored in a workbook made for them, so that the
 * XML is reached with the archive intact.
 *
 * A sheet read must be what its contract says: a grid within the limit,
 * cells whose text is UTF-8 without NUL ("" when empty), a number's text
 * reading back as its number (unless it is a date), merged ranges within
 * the sheet; its text one line a row, UTF-8; its name among the
 * workbook's sheets.
 */
#include <zip.h>

#include "fuzz.h"

#include "duban/mem.h"
#include "duban/text.h"
#include "duban/xlsx.h"

#define SML "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static void add(zip_t *za, const char *name, const void *data, size_t n)
{
	zip_source_t *src = zip_source_buffer(za, n ? data : "", n, 0);
	zip_int64_t idx;

	FUZZ_CHECK(src != NULL);
	idx = zip_file_add(za, name, src, ZIP_FL_OVERWRITE);
	FUZZ_CHECK(idx >= 0);
	FUZZ_CHECK(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE,
					    0) == 0);
}

/* Writes at path a workbook of one sheet "表" whose parts are the pieces
 * of data between NUL bytes: the sheet, the shared strings, the styles. */
static void make_xlsx(const char *path, const uint8_t *data, size_t n)
{
	static const char workbook[] =
		"<workbook xmlns=\"" SML "\" xmlns:r=\"" REL "\"><sheets>"
		"<sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
		"</workbook>";
	static const char rels[] =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/"
		"package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" "
		"Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL "/sharedStrings\" "
		"Target=\"sharedStrings.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"" REL "/styles\" "
		"Target=\"styles.xml\"/></Relationships>";
	static const char *const parts[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/styles.xml",
	};
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);

	FUZZ_CHECK(za != NULL);
	add(za, "xl/workbook.xml", workbook, strlen(workbook));
	add(za, "xl/_rels/workbook.xml.rels", rels, strlen(rels));
	for (size_t i = 0; i < 3; i++) {
		const uint8_t *end = memchr(data, '\0', n);
		size_t len = end && i < 2 ? (size_t)(end - data) : n;

		add(za, parts[i], data, len);
		data += len < n ? len + 1 : len;
		n -= len < n ? len + 1 : len;
	}
	FUZZ_CHECK(zip_close(za) == 0);
}

static void check_cell(const struct xlsx_cell *c)
{
	size_t len = strlen(c->text);

	FUZZ_CHECK(!text_invalid_utf8(c->text, len));
	FUZZ_CHECK(c->kind != XLSX_EMPTY || len == 0);
	FUZZ_CHECK(c->kind == XLSX_NUMBER || (!c->date && !c->percent));
	if (c->kind == XLSX_NUMBER && !c->date)
		FUZZ_CHECK(strtod(c->text, NULL) == c->number);
}

static void check_sheet(const char *path, const struct xlsx_sheet *s)
{
	struct strbuf text = STRBUF_INIT;
	struct duban_error err;
	size_t lines = 0, nnames;
	char **names;
	bool named = false;

	FUZZ_CHECK(s->nrows * s->ncols <= (size_t)XLSX_MAX_CELLS);
	for (size_t i = 0; i < s->nrows * s->ncols; i++)
		check_cell(&s->cells[i]);
	check_cell(xlsx_cell(s, s->nrows, 0));
	for (size_t i = 0; i < s->nmerged; i++) {
		FUZZ_CHECK(s->merged[i].first_row <= s->merged[i].last_row);
		FUZZ_CHECK(s->merged[i].first_col <= s->merged[i].last_col);
		FUZZ_CHECK(s->merged[i].last_row < 1048576);
		FUZZ_CHECK(s->merged[i].last_col < 16384);
	}
	if (xlsx_sheet_text(s, &text, &err) == 0) {
		for (size_t i = 0; i < text.len; i++)
			lines += text.s[i] == '\n';
		FUZZ_CHECK(lines == s->nrows);
		FUZZ_CHECK(!text_invalid_utf8(text.s ? text.s : "", text.len));
		FUZZ_CHECK(!text.len || !memchr(text.s, '\0', text.len));
	}
	sb_release(&text);
	FUZZ_CHECK(xlsx_sheet_names(path, &names, &nnames, &err) == 0);
	for (size_t i = 0; i < nnames; i++)
		named = named || strcmp(names[i], s->name) == 0;
	FUZZ_CHECK(named);
	mem_free(names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("ledger.xlsx");
	struct xlsx_sheet s = XLSX_SHEET_INIT;
	struct duban_error err;

	if (size >= 2 && memcmp(data, "PK", 2) == 0)
		fuzz_write(path, data, size);
	else
		make_xlsx(path, data, size);
	if (xlsx_read_sheet(path, NULL, &s, &err) == 0)
		check_sheet(path, &s);
	else
		FUZZ_CHECK(err.file[0] == '\0' ||
			   strncmp(err.file, path, strlen(path)) == 0);
	xlsx_sheet_release(&s);
	return 0;
}
