/*
 * fuzz_extract — the targets targets_extract() finds in a task's text, as
 * `duban import` writes them into items.csv.
 *
 * Whatever the text (UTF-8, as import and items.csv give it), the
 * extracted field must be in the targets syntax: targets_parse() reads it,
 * within a field's limit, so an imported plan always loads.  Other bytes
 * must do no harm.
 */
#include "fuzz.h"

#include "duban/csvread.h"
#include "duban/extract.h"
#include "duban/strbuf.h"
#include "duban/target.h"
#include "duban/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct strbuf out = STRBUF_INIT;
	struct arena a = ARENA_INIT;
	struct duban_error err;
	struct target *t;
	size_t n;

	FUZZ_CHECK(targets_extract(text, &out, &err) == 0);
	FUZZ_CHECK(out.len <= CSV_FIELD_MAX);
	if (!text_invalid_utf8(text, strlen(text)) &&
	    targets_parse(out.s ? out.s : "", &a, &t, &n, &err)) {
		fprintf(stderr, "extracted \"%s\": %s\n", out.s, err.msg);
		FUZZ_CHECK(!"extracted targets parse");
	}
	arena_release(&a);
	sb_release(&out);
	free(text);
	return 0;
}
