/*
 * strbuf — a growable NUL-terminated string, for building output and lines.
 */
#ifndef DUBAN_STRBUF_H
#define DUBAN_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s;	/* NUL-terminated once anything is added; may be NULL */
	size_t len, cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

/* Appends the n bytes at s.  Returns 0, or -1 (unchanged) when memory runs
 * out. */
int sb_add(struct strbuf *sb, const char *s, size_t n);

/* Appends the NUL-terminated s. */
int sb_puts(struct strbuf *sb, const char *s);

/* Appends printf-style. */
int sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Empties sb, keeping its memory, and makes sb->s a valid "". */
int sb_reset(struct strbuf *sb);

/* Frees sb's memory; it is empty and usable again. */
void sb_release(struct strbuf *sb);

#endif
