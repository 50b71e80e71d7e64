/*
 * csvedit — changes cells of a CSV file as someone in a spreadsheet would,
 * for the end-to-end tests of duban merge.  The file is read with libcsv
 * (a UTF-8 byte order mark dropped, CRLF or LF) and written to standard
 * output, fields quoted only when they must be.
 *
 *   KEY:COL=VALUE   sets column COL (A, B, ... as a spreadsheet names them)
 *                   of the row whose first cell is KEY; the row grows if
 *                   needed
 *   KEY+NEWKEY      appends a copy of row KEY with NEWKEY as its first cell
 *   --bom           start the output with a UTF-8 byte order mark
 *   --crlf          end records with CR LF instead of LF
 *
 * usage: csvedit [--bom] [--crlf] FILE EDIT...
 *
 * Exit status: 0 done, 1 the file cannot be read or a KEY is not found,
 * 2 the command line is wrong.
 */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	char **cells;
	size_t n;
};

struct sheet {
	struct row *rows;
	size_t n;
	struct row cur;
};

static void *grow(void *p, size_t count, size_t size)
{
	p = realloc(p, count * size);
	if (!p) {
		fprintf(stderr, "csvedit: out of memory\n");
		exit(1);
	}
	return p;
}

static char *copy(const char *s, size_t n)
{
	char *c = grow(NULL, n + 1, 1);

	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static void on_field(void *data, size_t n, void *arg)
{
	struct sheet *s = arg;

	s->cur.cells = grow(s->cur.cells, s->cur.n + 1, sizeof(char *));
	s->cur.cells[s->cur.n++] = copy(data, n);
}

static void on_record(int c, void *arg)
{
	struct sheet *s = arg;

	(void)c;
	s->rows = grow(s->rows, s->n + 1, sizeof(struct row));
	s->rows[s->n++] = s->cur;
	s->cur = (struct row){ NULL, 0 };
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static struct row *find(struct sheet *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->rows[i].n && strcmp(s->rows[i].cells[0], key) == 0)
			return &s->rows[i];
	fprintf(stderr, "csvedit: no row %s\n", key);
	exit(1);
}

/* Column letters to a 0-based index; -1 if s is not letters. */
static long column(const char *s, size_t n)
{
	long c = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return -1;
		c = c * 26 + (s[i] - 'A' + 1);
	}
	return c - 1;
}

static int edit(struct sheet *s, const char *e)
{
	const char *colon = strchr(e, ':'), *eq, *plus = strchr(e, '+');

	if (colon && (eq = strchr(colon, '='))) {
		char *key = copy(e, (size_t)(colon - e));
		long c = column(colon + 1, (size_t)(eq - colon - 1));
		struct row *r;

		if (c < 0)
			return -1;
		r = find(s, key);
		free(key);
		while (r->n <= (size_t)c) {
			r->cells = grow(r->cells, r->n + 1, sizeof(char *));
			r->cells[r->n++] = copy("", 0);
		}
		free(r->cells[c]);
		r->cells[c] = copy(eq + 1, strlen(eq + 1));
		return 0;
	}
	if (plus) {
		char *key = copy(e, (size_t)(plus - e));
		struct row copy_of = *find(s, key), added;

		free(key);
		added.n = copy_of.n;
		added.cells = grow(NULL, added.n ? added.n : 1, sizeof(char *));
		for (size_t k = 0; k < added.n; k++)
			added.cells[k] = copy(copy_of.cells[k], strlen(copy_of.cells[k]));
		free(added.cells[0]);
		added.cells[0] = copy(plus + 1, strlen(plus + 1));
		s->rows = grow(s->rows, s->n + 1, sizeof(struct row));
		s->rows[s->n++] = added;
		return 0;
	}
	return -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: csvedit [--bom] [--crlf] FILE EDIT...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sheet s = { NULL, 0, { NULL, 0 } };
	struct csv_parser p;
	bool bom = false, crlf = false;
	char buf[4096];
	size_t n, skip;
	FILE *in;
	int i;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--bom") == 0)
			bom = true;
		else if (strcmp(argv[i], "--crlf") == 0)
			crlf = true;
		else
			return usage();
	}
	if (i >= argc)
		return usage();
	if (!(in = fopen(argv[i], "rb"))) {
		fprintf(stderr, "csvedit: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI))
		return 1;
	csv_set_space_func(&p, no_space);
	for (bool first = true; (n = fread(buf, 1, sizeof(buf), in)) > 0; first = false) {
		skip = first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		if (csv_parse(&p, buf + skip, n - skip, on_field, on_record, &s) != n - skip) {
			fprintf(stderr, "csvedit: %s: %s\n", argv[i],
				csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	csv_fini(&p, on_field, on_record, &s);
	csv_free(&p);
	fclose(in);
	for (i++; i < argc; i++)
		if (edit(&s, argv[i]))
			return usage();
	if (bom)
		fputs("\xEF\xBB\xBF", stdout);
	for (size_t r = 0; r < s.n; r++) {
		for (size_t k = 0; k < s.rows[r].n; k++) {
			const char *c = s.rows[r].cells[k];

			if (k)
				putchar(',');
			if (strpbrk(c, ",\"\r\n"))
				csv_fwrite(stdout, c, strlen(c));
			else
				fputs(c, stdout);
		}
		fputs(crlf ? "\r\n" : "\n", stdout);
	}
	for (size_t r = 0; r < s.n; r++) {
		for (size_t k = 0; k < s.rows[r].n; k++)
			free(s.rows[r].cells[k]);
		free(s.rows[r].cells);
	}
	free(s.rows);
	return fflush(stdout) ? 1 : 0;
}
