/*
 * sort — sorting the large arrays of 64-bit keys that loading a journal and
 * writing its index make (entry ids, line sums), in time linear in their
 * number rather than qsort's n log n calls through a comparator.
 */
#ifndef DUBAN_SORT_H
#define DUBAN_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts the n keys at v into ascending order.  Needs n keys of scratch
 * memory; when that cannot be had it sorts with qsort(3) instead, so it
 * cannot fail. */
void sort_u64(uint64_t *v, size_t n);

/* A key and what it belongs to (a position, say). */
struct sort_pair {
	uint64_t key;
	uint64_t value;
};

/* Sorts the n pairs at v, whose values rise (positions, say), by key and
 * pairs of one key by value.  Cannot fail, as sort_u64(). */
void sort_pairs(struct sort_pair *v, size_t n);

/* qsort(3)'s comparator for uint64_t keys, for bsearch(3) over what
 * sort_u64() sorted. */
int sort_cmp_u64(const void *a, const void *b);

#endif
