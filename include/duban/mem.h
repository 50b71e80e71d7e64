/*
 * mem — the one door every allocation in duban goes through.
 *
 * The library never aborts on a failed allocation: callers get NULL and turn it
 * into an error value.  Tests use mem_fail_after() to make the Nth allocation
 * fail, so every out-of-memory path can be walked.
 */
#ifndef DUBAN_MEM_H
#define DUBAN_MEM_H

#include <stddef.h>

/* malloc(3) through the seam; NULL on failure (or injected failure). */
void *mem_alloc(size_t size);

/* calloc(3) through the seam, with overflow check; NULL on failure. */
void *mem_calloc(size_t count, size_t size);

/* realloc(3) through the seam; on failure the old block is left untouched. */
void *mem_realloc(void *ptr, size_t size);

/* Grows *ptr to hold at least need elements of elem bytes, doubling, so that
 * appending one element at a time stays linear.  *cap is updated.  Returns 0,
 * or -1 (nothing changed) if memory runs out or the size would overflow. */
int mem_grow(void **ptr, size_t *cap, size_t need, size_t elem);

/* free(3); NULL is fine. */
void mem_free(void *ptr);

/* Copies n bytes of s into a new NUL-terminated string; NULL on failure. */
char *mem_strndup(const char *s, size_t n);

/* Test hook: the nth allocation from now (1 = the next) and all after it fail;
 * 0 turns failure injection off.  Not for production code. */
void mem_fail_after(long nth);

#endif
