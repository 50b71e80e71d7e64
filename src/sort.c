#include "duban/sort.h"

#include <stdlib.h>
#include <string.h>

#include "duban/mem.h"

/* Below this many keys the comparator's cost does not matter. */
#define SORT_RADIX_MIN 256

int sort_cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* Counts, for each of the 8 bytes of the keys, how many keys have each
 * value there: one read of the keys for all the passes. */
static void count_bytes(const uint64_t *v, size_t n, size_t (*count)[256])
{
	memset(count, 0, 8 * sizeof(*count));
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			count[b][(v[i] >> (8 * b)) & 0xff]++;
}

void sort_u64(uint64_t *v, size_t n)
{
	size_t count[8][256];
	uint64_t *tmp, *from = v, *to;

	if (n < SORT_RADIX_MIN || !(tmp = mem_alloc(n * sizeof(*v)))) {
		qsort(v, n, sizeof(*v), sort_cmp_u64);
		return;
	}
	to = tmp;
	count_bytes(v, n, count);
	/* least significant byte first: each pass is stable, so the keys end
	 * sorted by all the bytes passed; a byte all keys share needs none */
	for (int b = 0; b < 8; b++) {
		uint64_t *swap;
		size_t at = 0;

		if (count[b][(v[0] >> (8 * b)) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[b][d];

			count[b][d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[b][(from[i] >> (8 * b)) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	mem_free(tmp);
}
