/*
 * csvwrite — fields out as RFC 4180 CSV, quoted by libcsv only when needed.
 */
#ifndef DUBAN_CSVWRITE_H
#define DUBAN_CSVWRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "duban/strbuf.h"

/* Appends s to sb as one CSV field: quoted (by libcsv) only when it holds
 * a comma, a double quote, CR or LF.  Returns 0, or -1 out of memory. */
int csv_append_field(struct strbuf *sb, const char *s);

/* As csv_append_field(), for a sheet opened in Excel or WPS: a field a
 * spreadsheet would run as a formula (starting with = + - @, a tab or CR)
 * gets a leading apostrophe, as OWASP advises against formula injection. */
int csv_append_guarded(struct strbuf *sb, const char *s);

/* Whether csv_append_guarded() puts an apostrophe before s. */
bool csv_guard_needed(const char *s);

/* Writes s to out as one CSV field, quoted the same way. */
void csv_put_field(FILE *out, const char *s);

#endif
