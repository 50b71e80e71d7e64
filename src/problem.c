/*
 * problem — a list of problems with their lines; see problem.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "duban/mem.h"
#include "duban/problem.h"

int problems_add(struct problems *p, long line, const char *fmt, ...)
{
	va_list ap;
	struct problem *pr;

	if (mem_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)))
		return -1;
	pr = &p->v[p->n++];
	pr->line = line;
	va_start(ap, fmt);
	vsnprintf(pr->msg, sizeof(pr->msg), fmt, ap);
	va_end(ap);
	return 0;
}

void problems_release(struct problems *p)
{
	mem_free(p->v);
	*p = (struct problems)PROBLEMS_INIT;
}
