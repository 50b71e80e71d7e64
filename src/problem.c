/*
 * problem — a list of problems with their lines; see problem.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/mem.h"
#include "duban/problem.h"
#include "duban/text.h"

static int add(struct problems *p, long line, int column, const char *header,
	       const char *fmt, va_list ap)
{
	char msg[PROBLEM_MSG_MAX];
	struct problem *pr;
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(msg) ? (size_t)n
							 : sizeof(msg) - 1;

	if (mem_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)))
		return -1;
	pr = &p->v[p->n];
	pr->line = line;
	pr->column = column;
	pr->seq = p->n;
	pr->header = header ? arena_strndup(&p->arena, header, strlen(header))
			    : NULL;
	/* a message cut short ends on a whole character */
	pr->msg = arena_strndup(&p->arena, msg, text_whole_prefix(msg, len));
	if (!pr->msg || (header && !pr->header))
		return -1;
	p->n++;
	return 0;
}

int problems_add(struct problems *p, long line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add(p, line, -1, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int problems_add_at(struct problems *p, long line, int column,
		    const char *header, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add(p, line, column, header, fmt, ap);
	va_end(ap);
	return rc;
}

static int by_line(const void *pa, const void *pb)
{
	const struct problem *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

void problems_sort(struct problems *p)
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), by_line);
}

void problems_release(struct problems *p)
{
	mem_free(p->v);
	arena_release(&p->arena);
	*p = (struct problems)PROBLEMS_INIT;
}
