/*
 * figure — figures and percents as people write them, read one way
 * wherever they are typed: on the command line and in a returned sheet.
 *
 *   figure   38  ３８  4.5  1,234  38家  96亿元   (the target's unit may
 *            follow; full-width digits and grouping commas are folded)
 *   percent  45  45%  ４５％  0.45 (a cell formatted as percent, read as
 *            its value)  45.0
 */
#ifndef DUBAN_FIGURE_H
#define DUBAN_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest figure read, in bytes as written. */
#define FIGURE_TEXT_MAX 64

/* Whether s is a figure as the journal keeps it: up to 18 digits,
 * optionally a point and 1 to 6 more ("38", "4.5"). */
bool figure_ok(const char *s);

/* Reads the figure s, with unit (the target's, "" for none) allowed after
 * it, into out (size bytes) as figure_ok() takes it: "1,234" is "1234",
 * "３８家" is "38".  Returns 0, or -1 if s is no figure. */
int figure_parse(const char *s, const char *unit, char *out, size_t size);

/* Reads a percent from 0 to 100: "45", "45%", "４５％", "45.0", or a
 * fraction from 0 to 1 with a point ("0.45", "1.0"), which is what a cell
 * formatted as percent holds.  A percent with a fraction of a point is
 * refused, as the journal keeps whole ones.  Returns 0, or -1. */
int percent_parse(const char *s, int *out);

/* Whether got is what a spreadsheet made of the text shown when it took
 * it for a number and wrote it back its own way: the same number to 15
 * significant digits ("3.10" and "3.1", "50%" and "50.00%" or "0.5",
 * "1,234" and "1234", "007" and "7").  False when either is not a number. */
bool figure_same_number(const char *shown, const char *got);

#endif
