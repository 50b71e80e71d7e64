/*
 * csvread — stream the records of a CSV file, with line numbers, via libcsv.
 *
 * Accepts what Excel and WPS write: a UTF-8 byte order mark, CRLF line ends,
 * quoted fields holding commas, quotes and newlines.  Fields are kept exactly
 * (no trimming).  Rejects, with FILE:LINE, what would make a record
 * untrustworthy: bytes that are not UTF-8 (saying when they look like GBK),
 * control characters, broken quoting, an unterminated quote, and fields or
 * records beyond the limits below.
 */
#ifndef DUBAN_CSVREAD_H
#define DUBAN_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "duban/error.h"

/* Limits: a field holds a task text or a note, a record one item, a line
 * of csv_read_lines() one journal record.  Each is refused one past the
 * limit, with the line it is on. */
#define CSV_FIELD_MAX (64 * 1024)	/* bytes of one field's text */
#define CSV_FIELDS_MAX 256		/* fields in one record */
#define CSV_RECORD_MAX (1024 * 1024)	/* bytes of one record's fields' text */
#define CSV_LINE_MAX (CSV_FIELD_MAX + 4096)	/* bytes of one line of
						 * csv_read_lines(), not
						 * counting its '\n' */

/* One record as handed to the callback.  The strings live until the
 * callback returns. */
struct csv_record {
	char **fields;	/* NUL-terminated UTF-8 fields */
	size_t *lens;	/* their lengths in bytes */
	size_t count;	/* number of fields */
	long line;	/* line the record starts on, 1-based */
	const char *problem;	/* csv_read_lines(): why this line could not
				 * be read (no fields then); else NULL */
	/* csv_read_lines() only (else zero): the line as it is in the file,
	 * without its line end, where it starts, and whether it is the last
	 * line of the file and lacks its newline */
	const char *raw;
	size_t raw_len;
	long long offset;
	bool torn;
};

/* Called once per record, in file order.  Returns 0 to go on, -1 to stop
 * (having filled err). */
typedef int (*csv_record_fn)(const struct csv_record *rec, void *ctx,
			     struct duban_error *err);

/* What a whole read saw, for callers that care about the end of the file. */
struct csv_summary {
	long records;		/* records handed to the callback */
	long lines;		/* lines in the file */
	bool torn_tail;		/* the last line has no newline */
	long long valid_bytes;	/* csv_read_lines(): bytes up to the end of
				 * the last whole line */
	long long bytes;	/* csv_read_lines(): every byte read */
};

/* Reads the CSV file at path (name is what errors call it) and calls fn for
 * each record.  summary may be NULL.  Returns 0, or -1 with err filled
 * (file, line, message) on the first problem or when fn stops. */
int csv_read_file(const char *path, const char *name, csv_record_fn fn,
		  void *ctx, struct csv_summary *summary,
		  struct duban_error *err);

/* Reads a file in which every record is one line, such as the journal.
 * A line that cannot be read (broken quoting, bad UTF-8, over the limits) is
 * handed to fn with rec->problem set and no fields, and reading goes on, so
 * one bad line does not hide the rest.  Blank lines are skipped.  A last
 * line without its newline may be a torn write: it is handed to fn with
 * rec->torn set, so that the caller can tell by its content whether it is
 * whole, and summary->torn_tail and summary->valid_bytes (where it starts)
 * say so.
 * Returns 0, or -1 with err filled if the file cannot be read or fn stops. */
int csv_read_lines(const char *path, const char *name, csv_record_fn fn,
		   void *ctx, struct csv_summary *summary,
		   struct duban_error *err);

/* csv_read_lines() over the n bytes at buf. */
int csv_read_lines_buffer(const char *buf, size_t n, const char *name,
			  csv_record_fn fn, void *ctx,
			  struct csv_summary *summary, struct duban_error *err);

/* csv_read_file() over the n bytes at buf. */
int csv_read_buffer(const char *buf, size_t n, const char *name,
		    csv_record_fn fn, void *ctx, struct csv_summary *summary,
		    struct duban_error *err);

/* Maps the header record rec of a file whose columns may come in any order
 * onto the n columns it must have: pos[c] becomes the field that holds
 * columns[c].  has says what the file holds, for the message about an
 * unknown column ("people.csv has name, unit and role").  Returns 0, or -1
 * with err set at rec's line for an unknown, repeated or missing column. */
int csv_map_header(const struct csv_record *rec, const char *const *columns,
		   int n, int *pos, const char *has, const char *name,
		   struct duban_error *err);

/* The most columns csv_read_table() reads. */
#define CSV_TABLE_COLUMNS_MAX 16

/* Called by csv_read_table() for each row, in file order, with fields[c]
 * the field of columns[c] (valid during the call) and the row's line.
 * Returns 0 to go on, -1 to stop with err filled. */
typedef int (*csv_row_fn)(void *ctx, const char *const *fields, long line,
			  struct duban_error *err);

/* Reads the CSV file at path (name in messages), a table the office keeps
 * in Excel: a header naming the n columns (at most CSV_TABLE_COLUMNS_MAX)
 * in any order (csv_map_header(), with has), then rows of as many fields,
 * each handed to fn.  A missing file is a table without rows.  Returns 0,
 * or -1 with err filled on the first problem or when fn stops. */
int csv_read_table(const char *path, const char *name,
		   const char *const *columns, int n, const char *has,
		   csv_row_fn fn, void *ctx, struct duban_error *err);

#endif
