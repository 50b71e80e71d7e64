/*
 * fuzz_index — the index file (index.h), as a reader maps it: a file in
 * the store's directory that anyone who may write there can replace.
 *
 * Every input is first sealed as a writer would have made it (each item's
 * CRC, the header's and the whole file's computed anew, wherever the
 * header's sections lie within the input), so that the reader's checks of
 * the layout, not its CRCs, are what is tried.  Whatever the bytes, the
 * reader returns 0 or 1 and reads nothing outside them; when it returns 0,
 * the plan holds the header's count of items, each found by its id, each
 * with its text, names and state in range.
 */
#include "fuzz.h"

#include <stddef.h>

#include "duban/index.h"
#include "index_file.h"

/* Whether n records of size bytes at off lie within len bytes. */
static bool within(uint64_t off, uint64_t n, size_t size, size_t len)
{
	return off % 8 == 0 && off <= len && n <= (len - off) / size;
}

/* Makes the CRCs of the index in data right, as far as its header's
 * sections lie within it. */
static void seal(uint8_t *data, size_t n)
{
	struct ix_header *h = (struct ix_header *)data;
	struct ix_view v;

	if (n < sizeof(*h))
		return;
	if (within(h->off_items, h->nitems, sizeof(struct ix_item), n) &&
	    within(h->off_names, h->nnames, sizeof(uint64_t), n) &&
	    within(h->off_targets, h->ntargets, sizeof(struct ix_target), n) &&
	    within(h->off_actuals, h->ntargets, sizeof(uint64_t), n) &&
	    within(h->off_entries, h->nentries, sizeof(struct ix_entry), n) &&
	    within(h->off_lines, h->nlines, sizeof(uint64_t), n) &&
	    within(h->off_pool, h->pool_len, 1, n) && h->pool_len &&
	    data[h->off_pool + h->pool_len - 1] == '\0') {
		v = (struct ix_view){
			.items = (const void *)(data + h->off_items),
			.names = (const void *)(data + h->off_names),
			.actuals = (const void *)(data + h->off_actuals),
			.targets = (const void *)(data + h->off_targets),
			.entries = (const void *)(data + h->off_entries),
			.lines = (const void *)(data + h->off_lines),
			.pool = (const char *)data + h->off_pool,
			.nitems = h->nitems, .nnames = h->nnames,
			.ntargets = h->ntargets, .nentries = h->nentries,
			.nlines = h->nlines, .pool_len = h->pool_len,
		};
		for (uint64_t i = 0; i < h->nitems; i++) {
			uint32_t crc;

			if (ix_item_crc(&v, i, &crc))
				((struct ix_item *)(data + h->off_items))[i].crc = crc;
		}
	}
	h->hcrc = (uint32_t)ix_crc(0L, h, offsetof(struct ix_header, hcrc));
	h->crc = (uint32_t)ix_crc(ix_crc(0L, h, offsetof(struct ix_header, crc)),
				  data + sizeof(*h), n - sizeof(*h));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct index x = INDEX_INIT;
	struct duban_error err;
	uint8_t *copy = malloc(size ? size : 1);
	int rc;

	FUZZ_CHECK(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	seal(copy, size);
	x.map = copy;
	x.map_len = size;
	rc = ix_parse(&x, &err);
	FUZZ_CHECK(rc == 0 || rc == 1);
	if (rc == 0) {
		const struct ix_header *h = (const void *)copy;

		FUZZ_CHECK(x.plan.n == h->nitems && x.state.n == x.plan.n);
		for (size_t i = 0; i < x.plan.n; i++) {
			const struct item *it = &x.plan.items[i];
			const struct item_state *st = &x.state.items[i];

			FUZZ_CHECK(table_find(&x.plan, it->id) == it);
			FUZZ_CHECK(it->text != NULL);
			for (size_t k = 0; k < it->lead_units.n; k++)
				FUZZ_CHECK(strlen(it->lead_units.v[k]) < size);
			for (size_t k = 0; k < it->ntargets; k++)
				FUZZ_CHECK(it->targets[k].key != NULL);
			FUZZ_CHECK(st->status < STATUS_COUNT);
			FUZZ_CHECK(st->percent >= 0 && st->percent <= 100);
			FUZZ_CHECK(!st->last_note || st->last_note->note);
		}
	}
	x.map = NULL;	/* the copy is this harness's */
	index_release(&x);
	free(copy);
	return 0;
}
