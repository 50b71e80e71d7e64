#include "duban/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "duban/mem.h"

/* Large enough that a plan's strings need few blocks, small enough that an
 * empty store costs little. */
#define ARENA_BLOCK_SIZE (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

static size_t align_up(size_t n)
{
	size_t a = alignof(max_align_t);

	return (n + a - 1) & ~(a - 1);
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t need = align_up(size ? size : 1);
	void *p;

	if (need < size)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t bsize = need > ARENA_BLOCK_SIZE ? need : ARENA_BLOCK_SIZE;

		if (bsize > SIZE_MAX - sizeof(*b))
			return NULL;
		b = mem_alloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = bsize;
		/* An oversized block goes behind the current one, so the
		 * current block's free space is still used afterwards. */
		if (a->head && bsize > ARENA_BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		mem_free(b);
		b = next;
	}
	a->head = NULL;
}
