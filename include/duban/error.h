/*
 * error — the error value the library fills instead of printing.
 *
 * Library functions return 0 on success and -1 on failure, filling a
 * struct duban_error with the file, the line (0 when no line applies) and one
 * line of message.  Only the front end prints it, as
 * "duban: FILE:LINE: message".
 */
#ifndef DUBAN_ERROR_H
#define DUBAN_ERROR_H

#include <stdbool.h>
#include <stddef.h>

struct duban_error {
	char file[512];  /* the file the problem is in; "" when none */
	long line;       /* 1-based line in that file; 0 when none */
	char msg[768];   /* lowercase, no final full stop, subject in quotes */
};

/* Fills err (if not NULL) and returns -1, so callers can write
 * "return error_set(err, ...)".  file may be NULL. */
int error_set(struct duban_error *err, const char *file, long line,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The usual "out of memory" error; returns -1. */
int error_nomem(struct duban_error *err);

/* Whether err is the one error_nomem() fills. */
bool error_is_nomem(const struct duban_error *err);

/* Clears err to "no error". */
void error_clear(struct duban_error *err);

/* Formats err as "FILE:LINE: msg" (or "FILE: msg", or "msg") into buf. */
void error_format(const struct duban_error *err, char *buf, size_t size);

#endif
