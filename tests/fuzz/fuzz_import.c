/*
 * fuzz_import — a plan document in plain text (UTF-8 or GBK), as
 * import_enc() reads it for `duban import` and `duban init --from`.
 *
 * A document read without problems is written as items.csv by
 * import_write_csv(), and that file must load as a plan holding the same
 * items: what import accepts, init accepts.
 */
#include "fuzz.h"

#include "duban/import.h"
#include "duban/strbuf.h"
#include "duban/table.h"

static void same_names(const struct names *a, const struct names *b)
{
	FUZZ_CHECK(a->n == b->n);
	for (size_t i = 0; i < a->n; i++)
		FUZZ_CHECK(strcmp(a->v[i], b->v[i]) == 0);
}

static void same_item(const struct item *a, const struct item *b)
{
	FUZZ_CHECK(a->id == b->id);
	FUZZ_CHECK(a->section == b->section);
	FUZZ_CHECK(strcmp(a->section_title, b->section_title) == 0);
	FUZZ_CHECK(a->subsection == b->subsection);
	FUZZ_CHECK(strcmp(a->subsection_title, b->subsection_title) == 0);
	FUZZ_CHECK(strcmp(a->text, b->text) == 0);
	same_names(&a->leaders, &b->leaders);
	same_names(&a->lead_units, &b->lead_units);
	same_names(&a->participants, &b->participants);
	FUZZ_CHECK(a->deadline == b->deadline);
	FUZZ_CHECK(strcmp(a->deadline_text, b->deadline_text) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_result r = IMPORT_RESULT_INIT;
	struct strbuf csv = STRBUF_INIT;
	struct table t = TABLE_INIT;
	struct duban_error err;
	struct import_options opts = IMPORT_OPTIONS_INIT;

	if (import_buffer(&r, (const char *)data, size, &opts, "plan.txt",
			  &err)) {
		FUZZ_CHECK(r.n == 0 && r.items == NULL && r.arena.head == NULL);
		return 0;
	}
	FUZZ_CHECK(r.n > 0 || r.problems.n > 0);
	FUZZ_CHECK(import_write_csv(&r, &csv) == 0);
	if (r.problems.n == 0) {
		if (table_load_buffer(&t, csv.s, csv.len, "items.csv", &err)) {
			fprintf(stderr, "items.csv:%ld: %s\n", err.line, err.msg);
			FUZZ_CHECK(!"an imported plan loads");
		}
		FUZZ_CHECK(t.n == r.n);
		for (size_t i = 0; i < t.n; i++)
			same_item(&t.items[i], &r.items[i]);
		table_release(&t);
	}
	sb_release(&csv);
	import_release(&r);
	return 0;
}
