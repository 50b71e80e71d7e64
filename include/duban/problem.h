/*
 * problem — one list type for the problems a reader finds and goes on
 * past: the lines of a document it imports, of a journal, of a returned
 * sheet, each at its line (and, in a sheet, its column).
 */
#ifndef DUBAN_PROBLEM_H
#define DUBAN_PROBLEM_H

#include <stddef.h>

#include "duban/arena.h"

struct problem {
	long line;		/* 1-based line of the file; 0 for none */
	int column;		/* 0-based column; -1 when about a line or file */
	const char *header;	/* that column's header; NULL if none */
	const char *msg;	/* one line, lowercase, no final full stop */
	size_t seq;		/* the order it was found in */
};

struct problems {
	struct problem *v;
	size_t n, cap;
	struct arena arena;	/* the messages and headers */
};

#define PROBLEMS_INIT { NULL, 0, 0, ARENA_INIT }

/* Most bytes of one message; a longer one is cut at a whole character. */
#define PROBLEM_MSG_MAX 1024

/* Adds a problem at line, its message formatted from fmt.  Returns 0, or
 * -1 out of memory. */
int problems_add(struct problems *p, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same at a column, with its header (copied; NULL for none). */
int problems_add_at(struct problems *p, long line, int column,
		    const char *header, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Sorts the list by line, keeping the order found among one line's. */
void problems_sort(struct problems *p);

/* Frees the list; it is empty afterwards. */
void problems_release(struct problems *p);

#endif
