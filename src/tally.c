#include "duban/tally.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duban/mem.h"

static size_t hash_name(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (size_t)h;
}

static size_t slot_of(const struct tally *ty, const char *name)
{
	size_t h = hash_name(name) & (ty->index_cap - 1);

	while (ty->index[h] && strcmp(ty->v[ty->index[h] - 1].name, name) != 0)
		h = (h + 1) & (ty->index_cap - 1);
	return h;
}

static int rehash(struct tally *ty)
{
	size_t cap = ty->index_cap ? ty->index_cap * 2 : 64;
	size_t *old = ty->index, oldcap = ty->index_cap;

	ty->index = mem_calloc(cap, sizeof(size_t));
	if (!ty->index) {
		ty->index = old;
		return -1;
	}
	ty->index_cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			ty->index[slot_of(ty, ty->v[old[i] - 1].name)] = old[i];
	mem_free(old);
	return 0;
}

long tally_intern(struct tally *ty, const char *name)
{
	size_t h;

	if ((ty->n + 1) * 2 > ty->index_cap && rehash(ty))
		return -1;
	h = slot_of(ty, name);
	if (!ty->index[h]) {
		if (mem_grow((void **)&ty->v, &ty->cap, ty->n + 1, sizeof(*ty->v)))
			return -1;
		ty->v[ty->n] = (struct tally_entry){ name, { 0, 0 }, ty->n };
		ty->index[h] = ++ty->n;
	}
	return (long)ty->index[h] - 1;
}

/* Counts one more item for name in role. */
static int tally_add(struct tally *ty, const char *name, enum role role)
{
	long i = tally_intern(ty, name);

	if (i < 0)
		return -1;
	ty->v[i].count[role]++;
	return 0;
}

/* Adds each distinct name of list once for this item. */
static int add_list(struct tally *ty, const struct names *list, enum role role)
{
	for (size_t i = 0; i < list->n; i++) {
		bool seen = false;

		/* lists are a handful of names: a scan beats a set */
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(list->v[i], list->v[j]) == 0;
		if (!seen && tally_add(ty, list->v[i], role))
			return -1;
	}
	return 0;
}

int tally_units(struct tally *ty, const struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (add_list(ty, &t->items[i].lead_units, ROLE_LEAD) ||
		    add_list(ty, &t->items[i].participants, ROLE_PARTICIPANT))
			return -1;
	return 0;
}

int tally_leaders(struct tally *ty, const struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (add_list(ty, &t->items[i].leaders, ROLE_LEAD))
			return -1;
	return 0;
}

static int by_weight(const void *pa, const void *pb)
{
	const struct tally_entry *a = pa, *b = pb;

	if (a->count[ROLE_LEAD] != b->count[ROLE_LEAD])
		return a->count[ROLE_LEAD] > b->count[ROLE_LEAD] ? -1 : 1;
	if (a->count[ROLE_PARTICIPANT] != b->count[ROLE_PARTICIPANT])
		return a->count[ROLE_PARTICIPANT] > b->count[ROLE_PARTICIPANT] ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

void tally_sort(struct tally *ty)
{
	if (ty->n > 1)
		qsort(ty->v, ty->n, sizeof(*ty->v), by_weight);
	/* the index no longer points at the right entries */
	mem_free(ty->index);
	ty->index = NULL;
	ty->index_cap = 0;
}

void tally_release(struct tally *ty)
{
	mem_free(ty->v);
	mem_free(ty->index);
	*ty = (struct tally)TALLY_INIT;
}
