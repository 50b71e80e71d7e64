/*
 * office — the .docx and .xlsx machinery, loaded only by the commands that
 * read or write those files.
 *
 * libzip, libxml2 and libxlsxwriter (with ICU, libstdc++ and libcrypto
 * behind them) take longer to load than most commands take to run, so
 * they are not linked into duban: ooxml.c, docx.c, xlsx.c and book.c are
 * built into a module of their own, duban-office.so, which the functions
 * of docx.h, xlsx.h and book.h load with dlopen() the first time one is
 * called.  The module is found beside the duban binary (an uninstalled
 * build) or in OFFICEDIR (installed).  The tests and the fuzzers link the
 * machinery in directly instead.
 */
#ifndef DUBAN_OFFICE_H
#define DUBAN_OFFICE_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/book.h"
#include "duban/bulletin.h"
#include "duban/docx.h"
#include "duban/error.h"
#include "duban/xlsx.h"

/* What the module offers: the functions of docx.h, xlsx.h and book.h,
 * and bulletin_docx(). */
struct office {
	unsigned abi;		/* OFFICE_ABI, as the module was built */
	int (*docx_text)(const char *, struct strbuf *, struct duban_error *);
	bool (*docx_is_docx)(const char *, const char *, size_t);
	int (*xlsx_sheet_names)(const char *, char ***, size_t *,
				struct duban_error *);
	int (*xlsx_read_sheet)(const char *, const char *, struct xlsx_sheet *,
			       struct duban_error *);
	const struct xlsx_cell *(*xlsx_cell)(const struct xlsx_sheet *, size_t,
					     size_t);
	const char *(*xlsx_shown)(const struct xlsx_cell *, char *, size_t);
	void (*xlsx_sheet_release)(struct xlsx_sheet *);
	int (*xlsx_sheet_text)(const struct xlsx_sheet *, struct strbuf *,
			       struct duban_error *);
	bool (*xlsx_is_xlsx)(const char *, const char *, size_t);
	int (*book_create)(struct book **, const char *, struct duban_error *);
	int (*book_add_sheet)(struct book *, const char *,
			      const struct book_column *, size_t,
			      struct duban_error *);
	int (*book_add_title_row)(struct book *, const char *const *, size_t,
				  struct duban_error *);
	int (*book_add_row)(struct book *, const struct book_cell *,
			    struct duban_error *);
	int (*book_add_total_row)(struct book *, const struct book_cell *,
				  struct duban_error *);
	int (*book_protect)(struct book *, struct duban_error *);
	int (*book_commit)(struct book *, struct duban_error *);
	void (*book_discard)(struct book *);
	enum book_fill (*book_light_fill)(enum light);
	enum book_fill (*book_status_fill)(enum status);
	enum book_fill (*book_standing_fill)(enum standing);
	int (*bulletin_docx)(const struct bulletin *, const char *,
			     struct duban_error *);
};

/* Changed whenever struct office, or a structure it passes, changes: a
 * module of another build is refused rather than called. */
#define OFFICE_ABI (1000u + (unsigned)sizeof(struct office) + \
		    (unsigned)sizeof(struct xlsx_sheet) * 7u + \
		    (unsigned)sizeof(struct book_column) * 13u + \
		    (unsigned)sizeof(struct book_cell) * 17u + \
		    (unsigned)sizeof(struct doc_block) * 19u)

/* The name of the symbol the module exports: a const struct office. */
#define OFFICE_SYMBOL "duban_office"
#define OFFICE_MODULE "duban-office.so"

/* The module, loaded the first time (and kept).  NULL, with err filled
 * (when not NULL) naming the module and why, if it cannot be loaded. */
const struct office *office_load(struct duban_error *err);

#endif
