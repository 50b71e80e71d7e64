/*
 * ooxml — what the readers of Office Open XML files (docx, xlsx) share:
 * opening the zip archive with libzip, with errors that say whether the
 * file is no archive at all or a damaged one, and keeping the first error
 * libxml2 reports about a part instead of letting it print.
 *
 * The library never prints.
 */
#ifndef DUBAN_OOXML_H
#define DUBAN_OOXML_H

#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include "duban/error.h"

/* libxml2 2.12 made the error its handlers are given const */
#if LIBXML_VERSION >= 21200
#define OOXML_ERROR_CONST const
#else
#define OOXML_ERROR_CONST
#endif

/* Opens the zip archive at path for reading; kind (".docx", ".xlsx")
 * names what it should be in the messages.  Returns the archive, to be
 * closed with zip_discard(), or NULL with err filled: it cannot be opened
 * or read, it is not a zip archive ("not a .docx file: not a zip
 * archive"), it is one cut short or corrupt ("a damaged .docx file: …"),
 * out of memory. */
zip_t *ooxml_open(const char *path, const char *kind, struct duban_error *err);

/* The first error libxml2 reported about a part: its line, its code
 * (XML_ERR_…) and its message, without the line end; msg "" when none. */
struct ooxml_problem {
	int line, code;
	char msg[256];
};

/* Keeps e in p when it is an error (not a warning) and p holds none yet:
 * for a structured error handler to call. */
void ooxml_keep_problem(struct ooxml_problem *p, OOXML_ERROR_CONST xmlError *e);

#endif
