/*
 * problem — a list of problems found in a document, each at its line, for
 * the readers that go on past what they cannot read and report it all.
 */
#ifndef DUBAN_PROBLEM_H
#define DUBAN_PROBLEM_H

#include <stddef.h>

struct problem {
	long line;		/* 1-based line of the document; 0 for none */
	char msg[512];		/* one line, lowercase, no final full stop */
};

struct problems {
	struct problem *v;
	size_t n, cap;
};

#define PROBLEMS_INIT { NULL, 0, 0 }

/* Adds a problem at line, its message formatted from fmt.  Returns 0, or
 * -1 out of memory. */
int problems_add(struct problems *p, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Frees the list; it is empty afterwards. */
void problems_release(struct problems *p);

#endif
