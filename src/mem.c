#include "duban/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Countdown to the injected failure; 0 means "never fail". */
static long fail_countdown;

void mem_fail_after(long nth)
{
	fail_countdown = nth > 0 ? nth : 0;
}

static int injected_failure(void)
{
	if (fail_countdown == 0)
		return 0;
	if (fail_countdown == 1)
		return 1; /* stays at 1: every later allocation fails too */
	fail_countdown--;
	return 0;
}

void *mem_alloc(size_t size)
{
	if (injected_failure())
		return NULL;
	return malloc(size ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	if (injected_failure())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *ptr, size_t size)
{
	if (injected_failure())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

int mem_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		return -1;
	p = mem_realloc(*ptr, ncap * elem);
	if (!p)
		return -1;
	*ptr = p;
	*cap = ncap;
	return 0;
}

void mem_free(void *ptr)
{
	free(ptr);
}

char *mem_strndup(const char *s, size_t n)
{
	char *p = mem_alloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
