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

/* Counts, for each of the 8 bytes of the keys (the first 8 bytes of each
 * element of size bytes), how many keys have each value there: one read
 * of the keys for all the passes. */
static void count_bytes(const unsigned char *v, size_t n, size_t size,
			size_t (*count)[256])
{
	memset(count, 0, 8 * sizeof(*count));
	for (size_t i = 0; i < n; i++) {
		uint64_t key;

		memcpy(&key, v + i * size, sizeof(key));
		for (int b = 0; b < 8; b++)
			count[b][(key >> (8 * b)) & 0xff]++;
	}
}

/* Moves the n elements (size bytes each, the key first) from from to to,
 * stably by byte b of their keys; count[d] is where the first with d
 * there goes, and is moved on. */
static void scatter(const unsigned char *from, unsigned char *to, size_t n,
		    size_t size, int b, size_t *count)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t key;

		memcpy(&key, from + i * size, sizeof(key));
		if (size == sizeof(uint64_t))	/* constant sizes: moves inline */
			memcpy(to + count[(key >> (8 * b)) & 0xff]++ * size,
			       from + i * size, sizeof(uint64_t));
		else
			memcpy(to + count[(key >> (8 * b)) & 0xff]++ * size,
			       from + i * size, sizeof(struct sort_pair));
	}
}

/* Sorts the n elements of size bytes at v by the uint64_t key each
 * starts with, stably, least significant byte first; tmp holds n more.
 * A byte all keys share needs no pass. */
static void radix_sort(void *v, void *tmp, size_t n, size_t size)
{
	size_t count[8][256];
	unsigned char *from = v, *to = tmp, *swap;
	uint64_t first;

	memcpy(&first, v, sizeof(first));
	count_bytes(v, n, size, count);
	for (int b = 0; b < 8; b++) {
		size_t at = 0;

		if (count[b][(first >> (8 * b)) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[b][d];

			count[b][d] = at;
			at += c;
		}
		scatter(from, to, n, size, b, count[b]);
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * size);
}

void sort_u64(uint64_t *v, size_t n)
{
	uint64_t *tmp;

	if (n < SORT_RADIX_MIN || !(tmp = mem_alloc(n * sizeof(*v)))) {
		qsort(v, n, sizeof(*v), sort_cmp_u64);
		return;
	}
	radix_sort(v, tmp, n, sizeof(*v));
	mem_free(tmp);
}

/* By key, then by value: the order a stable sort by key leaves pairs
 * whose values rose, for qsort(3), which is not stable. */
static int by_key_then_value(const void *pa, const void *pb)
{
	const struct sort_pair *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->value > b->value) - (a->value < b->value);
}

void sort_pairs(struct sort_pair *v, size_t n)
{
	struct sort_pair *tmp;

	if (n < SORT_RADIX_MIN || !(tmp = mem_alloc(n * sizeof(*v)))) {
		qsort(v, n, sizeof(*v), by_key_then_value);
		return;
	}
	radix_sort(v, tmp, n, sizeof(*v));	/* stable: values still rise */
	mem_free(tmp);
}
