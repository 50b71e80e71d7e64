/* The office module's one exported symbol: its functions, for office.c in
 * the duban binary to call (office.h). */
#include "duban/office.h"

__attribute__((visibility("default")))
const struct office duban_office = {
	.abi = OFFICE_ABI,
	.docx_text = docx_text,
	.docx_is_docx = docx_is_docx,
	.xlsx_sheet_names = xlsx_sheet_names,
	.xlsx_read_sheet = xlsx_read_sheet,
	.xlsx_cell = xlsx_cell,
	.xlsx_shown = xlsx_shown,
	.xlsx_sheet_release = xlsx_sheet_release,
	.xlsx_sheet_text = xlsx_sheet_text,
	.xlsx_is_xlsx = xlsx_is_xlsx,
	.book_create = book_create,
	.book_add_sheet = book_add_sheet,
	.book_add_title_row = book_add_title_row,
	.book_add_row = book_add_row,
	.book_add_total_row = book_add_total_row,
	.book_protect = book_protect,
	.book_commit = book_commit,
	.book_discard = book_discard,
	.book_light_fill = book_light_fill,
	.book_status_fill = book_status_fill,
	.book_standing_fill = book_standing_fill,
	.bulletin_docx = bulletin_docx,
};
