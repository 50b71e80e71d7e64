/*
 * arena — many small allocations freed at once.
 *
 * A loaded plan keeps all its strings and arrays in one arena, so loading a
 * million items costs a few hundred large allocations, and freeing the plan
 * is one call.  Memory handed out is aligned for any type.
 */
#ifndef DUBAN_ARENA_H
#define DUBAN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first; NULL when empty */
};

/* An empty arena; nothing to free until something is allocated. */
#define ARENA_INIT { NULL }

/* size bytes from the arena, aligned; NULL when memory runs out.  The memory
 * lives until arena_release(). */
void *arena_alloc(struct arena *a, size_t size);

/* A NUL-terminated copy of the n bytes at s, in the arena; NULL on failure. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Frees every block; the arena is empty and usable again afterwards. */
void arena_release(struct arena *a);

#endif
