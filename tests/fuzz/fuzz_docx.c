/*
 * fuzz_docx — a Word document, as docx_text() reads it for `duban import`.
 *
 * An input starting with the zip signature "PK" is the .docx file itself;
 * any other input is taken as its word/document.xml and stored in a
 * .docx made for it, so that the XML walk is reached with the archive
 * intact.  The text of a document read must be UTF-8 with no NUL, and is
 * then read as a plan, as import_file() does.
 */
#include <zip.h>

#include "fuzz.h"

#include "duban/docx.h"
#include "duban/import.h"
#include "duban/text.h"

/* Writes a .docx at path whose word/document.xml is the n bytes at xml. */
static void make_docx(const char *path, const uint8_t *xml, size_t n)
{
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	zip_source_t *src;
	zip_int64_t idx;

	FUZZ_CHECK(za != NULL);
	src = zip_source_buffer(za, n ? xml : (const uint8_t *)"", n, 0);
	FUZZ_CHECK(src != NULL);
	idx = zip_file_add(za, "word/document.xml", src, ZIP_FL_OVERWRITE);
	FUZZ_CHECK(idx >= 0);
	FUZZ_CHECK(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE,
					    0) == 0);
	FUZZ_CHECK(zip_close(za) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path("plan.docx");
	struct strbuf text = STRBUF_INIT;
	struct import_result r = IMPORT_RESULT_INIT;
	struct import_options opts = IMPORT_OPTIONS_INIT;
	struct duban_error err;

	if (size >= 2 && memcmp(data, "PK", 2) == 0)
		fuzz_write(path, data, size);
	else
		make_docx(path, data, size);
	if (docx_text(path, &text, &err) == 0) {
		FUZZ_CHECK(!text_invalid_utf8(text.s ? text.s : "", text.len));
		FUZZ_CHECK(!text.len || !memchr(text.s, '\0', text.len));
		opts.enc = IMPORT_UTF8;
		if (import_buffer(&r, text.s ? text.s : "", text.len, &opts,
				  path, &err) == 0)
			import_release(&r);
	} else {
		FUZZ_CHECK(strncmp(err.file, path, strlen(path)) == 0);
	}
	sb_release(&text);
	return 0;
}
