/*
 * lexeme — the small pieces of Chinese plan text, read one way everywhere:
 * digits (ASCII and full-width), Chinese numerals (一 to 九百九十九, with
 * 〇/零 and 两), circled numbers (① to ⑳), blanks (space, tab, CR, the
 * ideographic space U+3000 and the no-break space U+00A0) and the
 * separators of lists and clauses (、，,；;。.：:), in full-width and
 * half-width forms alike.
 *
 * Every function reads NUL-terminated UTF-8 and never reads past the NUL;
 * none allocates, none fails but by returning "not here".
 */
#ifndef DUBAN_LEXEME_H
#define DUBAN_LEXEME_H

#include <stdbool.h>
#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

/* Whether s starts with w. */
bool lex_starts(const char *s, const char *w);

/* Whether [b, e) ends with w. */
bool lex_ends(const char *b, const char *e, const char *w);

/* If *p starts with w, moves *p past it and returns true. */
bool lex_eat(const char **p, const char *w);

/* The length in bytes of the blank at s, or 0. */
size_t lex_blank(const char *s);

/* The length of the separator at s (a blank, or one of 、，,；;。.：:), or
 * 0. */
size_t lex_separator(const char *s);

/* The start of the UTF-8 character that ends at e (b < e). */
const char *lex_char_before(const char *b, const char *e);

/* Moves *b forward and *e back over what len() measures (blank or
 * lex_separator) at either end of [*b, *e). */
void lex_trim(const char **b, const char **e, size_t (*len)(const char *));

/* The value of the digit at s (0-9, ASCII or full-width), its length in
 * *n; -1 if s holds no digit. */
int lex_digit(const char *s, size_t *n);

/* Reads 1 to max digits (ASCII or full-width; max at most 9) at *p into
 * *v, moving *p past them.  Returns the count read, or -1 (and *p
 * unmoved) if there is no digit. */
int lex_read_digits(const char **p, int max, long *v);

/* Reads a whole number of 1 to 9 digits (ASCII or full-width) at *p into
 * *v, moving *p past it.  Returns 0, or -1 (and *p unmoved) if there is no
 * digit. */
int lex_read_number(const char **p, long *v);

/* Reads a Chinese numeral from 一 to 九百九十九 at *p ("十二", "二十",
 * "一百零五"), moving *p past it.  Returns 0, or -1 (and *p unmoved) if
 * there is none.  "〇" or "零" alone is not read. */
int lex_read_cn_number(const char **p, long *v);

/* The value of the circled number at s (① to ⑳), its length in *n; -1 if
 * s holds none. */
int lex_circled(const char *s, size_t *n);

/* Whether the character at s is a CJK ideograph (U+3400 to U+9FFF, or
 * U+F900 to U+FAFF). */
bool lex_is_han(const char *s);

#endif
