/*
 * fuzz_table — items.csv, the plan, as table_load_buffer() reads it.
 *
 * A loaded table must find every item by its id and keep each item's
 * fields as the contract says; a refused one must be left empty.
 */
#include "fuzz.h"

#include "duban/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table t = TABLE_INIT;
	struct duban_error err;

	if (table_load_buffer(&t, (const char *)data, size, "items.csv", &err)) {
		FUZZ_CHECK(t.n == 0 && t.items == NULL && t.arena.head == NULL);
		FUZZ_CHECK(err.msg[0] != '\0' && strlen(err.msg) < sizeof(err.msg));
		return 0;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct item *it = &t.items[i];

		FUZZ_CHECK(table_find(&t, it->id) == it);
		FUZZ_CHECK(it->id > 0 && it->text[0] != '\0');
		for (size_t k = 0; k < it->ntargets; k++) {
			char buf[64];

			target_format(&it->targets[k], buf, sizeof(buf));
		}
	}
	table_release(&t);
	return 0;
}
