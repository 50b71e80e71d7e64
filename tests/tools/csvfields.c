/*
 * csvfields — reads a CSV file as a spreadsheet would and prints each
 * record's fields as one TSV line, so that the end-to-end tests can check
 * what Excel would see in every cell.  A field is printed exactly as
 * parsed: spaces kept, "" unquoted, and tab, newline, CR and backslash
 * written \t \n \r \\ (the escapes of duban's --format tsv).  Blank lines
 * are not records and print nothing.
 *
 * The file goes through libcsv in strict mode, fed in chunks: a quote in
 * an unquoted field, text after a closing quote or an unterminated quoted
 * field is an error.
 *
 *   --bom    the file must start with a UTF-8 byte order mark, which is
 *            stripped; without --bom a mark is left in the first field
 *   --crlf   every record (the last included) must end in CR LF; newlines
 *            inside quoted fields are the field's own and may be anything
 *
 * usage: csvfields [--bom] [--crlf] [FILE]   (standard input without FILE)
 *
 * Exit status: 0 the file is well formed, 1 it is not (one line on stderr
 * naming the line), or it cannot be read; 2 the command line is wrong.
 */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CHUNK 1000	/* small and odd: records and characters span chunks */

struct reader {
	const char *name;
	bool crlf;		/* --crlf */
	unsigned long line;	/* the line being read, from 1 */
	size_t fields;		/* fields of the record at hand */
	bool pending_cr;	/* a record ended in CR: an LF must follow */
	unsigned long cr_line;	/* the line of that CR */
	bool failed;
};

static void fail_at(struct reader *r, unsigned long line, const char *msg)
{
	if (!r->failed)
		fprintf(stderr, "csvfields: %s: line %lu: %s\n", r->name, line, msg);
	r->failed = true;
}

/* Anything but the LF of a CR LF after a record's CR breaks --crlf. */
static void check_pending_cr(struct reader *r)
{
	if (r->crlf && r->pending_cr)
		fail_at(r, r->cr_line, "the record ends in CR without LF, not CRLF");
	r->pending_cr = false;
}

static void put_escaped(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default: putchar(s[i]); break;
		}
	}
}

static void on_field(void *data, size_t n, void *arg)
{
	struct reader *r = arg;
	const unsigned char *s = data;

	check_pending_cr(r);
	if (r->fields++)
		putchar('\t');
	put_escaped(s, n);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			r->line++;
}

/* c is the byte that ended the record (CR or LF), or -1 at the end of the
 * file.  With CSV_REPALL_NL a line end outside any record comes here too,
 * with no fields: the LF of a CR LF, or a blank line. */
static void on_record(int c, void *arg)
{
	struct reader *r = arg;
	size_t fields = r->fields;

	r->fields = 0;
	if (c == '\n' && fields == 0 && r->pending_cr) {
		r->pending_cr = false;
		r->line++;
		return;
	}
	check_pending_cr(r);
	if (fields)
		putchar('\n');
	if (c == '\r') {
		r->pending_cr = true;
		r->cr_line = r->line;
	} else if (c == '\n') {
		if (r->crlf)
			fail_at(r, r->line, "the record ends in LF, not CRLF");
		r->line++;
	} else if (fields && r->crlf) {
		fail_at(r, r->line, "the last record has no line end, not CRLF");
	}
}

/* Keep spaces and tabs around fields: a spreadsheet keeps them. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The line of byte at in s, counting from line at the start of s. */
static unsigned long line_of(const char *s, size_t at, unsigned long line)
{
	for (size_t i = 0; i < at; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

static int usage(void)
{
	fprintf(stderr, "usage: csvfields [--bom] [--crlf] [FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct reader r = { "standard input", false, 1, 0, false, 0, false };
	struct csv_parser p;
	unsigned long chunk_line = 1;	/* the line at the start of the chunk */
	bool bom = false, first = true;
	char buf[CHUNK];
	FILE *in = stdin;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--bom") == 0)
			bom = true;
		else if (strcmp(argv[i], "--crlf") == 0)
			r.crlf = true;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			return usage();
	}
	if (argc - i > 1)
		return usage();
	if (i < argc && strcmp(argv[i], "-") != 0) {
		r.name = argv[i];
		if (!(in = fopen(r.name, "rb"))) {
			fprintf(stderr, "csvfields: %s: %s\n", r.name, strerror(errno));
			return 1;
		}
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) {
		fprintf(stderr, "csvfields: out of memory\n");
		return 1;
	}
	csv_set_space_func(&p, no_space);
	while (!r.failed) {
		size_t n = fread(buf, 1, sizeof(buf), in), skip = 0, done;

		if (n == 0)
			break;
		if (first && bom) {
			if (n < 3 || memcmp(buf, "\xEF\xBB\xBF", 3) != 0) {
				fprintf(stderr, "csvfields: %s: no UTF-8 byte order mark\n",
					r.name);
				r.failed = true;
				break;
			}
			skip = 3;
		}
		first = false;
		done = csv_parse(&p, buf + skip, n - skip, on_field, on_record, &r);
		if (done != n - skip) {
			fail_at(&r, line_of(buf + skip, done, chunk_line),
				csv_strerror(csv_error(&p)));
			break;
		}
		chunk_line = line_of(buf + skip, n - skip, chunk_line);
	}
	if (ferror(in)) {
		fprintf(stderr, "csvfields: %s: %s\n", r.name, strerror(errno));
		r.failed = true;
	}
	if (first && bom && !r.failed) {
		fprintf(stderr, "csvfields: %s: no UTF-8 byte order mark\n", r.name);
		r.failed = true;
	}
	if (!r.failed && csv_fini(&p, on_field, on_record, &r))
		fail_at(&r, r.line, csv_strerror(csv_error(&p)));
	if (!r.failed)
		check_pending_cr(&r);
	if (r.fields)		/* a record cut short by an error */
		putchar('\n');
	csv_free(&p);
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "csvfields: standard output: %s\n", strerror(errno));
		return 1;
	}
	return r.failed ? 1 : 0;
}
