#include "duban/bundled.h"

/* Defined in bundled_data.S, around the bytes of data/items.csv. */
extern const char duban_bundled_plan_start[];
extern const char duban_bundled_plan_end[];

const char *bundled_plan(size_t *size)
{
	*size = (size_t)(duban_bundled_plan_end - duban_bundled_plan_start);
	return duban_bundled_plan_start;
}
