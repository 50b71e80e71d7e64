/*
 * screencol — reads a table as a terminal shows it and prints, for each of
 * its rows, the text of one column: what the row's lines hold from where
 * that column's title starts to the end of the line, the lines of a
 * wrapped cell joined.  A row starts at a line with something under the
 * first title of the header (the ids); the header ends at the line where
 * TITLE is, and its first title is the first word of that line.  Widths are
 * glibc's (wcwidth in C.UTF-8), not duban's: a CJK character is two
 * columns.
 *
 *   usage: screencol TITLE [FILE]   (standard input without FILE)
 *
 * Exit status: 0, or 1 if the title is in no line or the input is not
 * UTF-8; 2 if the command line is wrong.
 */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The byte offset in line of display column col, or -1 if the line ends
 * before it (or is not UTF-8: *bad is then set). */
static long offset_of_column(const char *line, size_t col, bool *bad)
{
	mbstate_t st;
	size_t at = 0, len = strlen(line), w = 0;

	memset(&st, 0, sizeof(st));
	while (w < col && at < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, line + at, len - at, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			*bad = true;
			return -1;
		}
		cw = wcwidth(wc);
		w += cw < 0 ? 1 : (size_t)cw;
		at += n;
	}
	return w >= col ? (long)at : -1;
}

/* The display column where title starts in line, or -1. */
static long column_of(const char *line, const char *title, bool *bad)
{
	const char *p = strstr(line, title);
	char *head;
	long w;

	if (!p)
		return -1;
	head = strndup(line, (size_t)(p - line));
	if (!head)
		return -1;
	{
		size_t n = mbstowcs(NULL, head, 0);
		wchar_t *ws = n == (size_t)-1 ? NULL : calloc(n + 1, sizeof(*ws));

		if (!ws) {
			*bad = true;
			free(head);
			return -1;
		}
		mbstowcs(ws, head, n + 1);
		w = wcswidth(ws, n);
		free(ws);
	}
	free(head);
	return w;
}

int main(int argc, char **argv)
{
	FILE *in = stdin;
	char *line = NULL;
	size_t cap = 0;
	long col = -1;
	size_t first = 0;	/* where the first title ends, in bytes */
	bool bad = false, open = false;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: screencol TITLE [FILE]\n");
		return 2;
	}
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "screencol: no C.UTF-8 locale\n");
		return 1;
	}
	if (argc == 3 && !(in = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 1;
	}
	while (getline(&line, &cap, in) >= 0) {
		long at;

		line[strcspn(line, "\n")] = '\0';
		if (col < 0) {
			col = column_of(line, argv[1], &bad);
			first = strspn(line, " ");
			first += strcspn(line + first, " ");
			continue;
		}
		at = offset_of_column(line, (size_t)col, &bad);
		if (strspn(line, " ") < first && line[strspn(line, " ")]) {
			if (open)
				putchar('\n');
			open = true;
		}
		if (open && at >= 0)
			fputs(line + at, stdout);
	}
	if (open)
		putchar('\n');
	free(line);
	if (in != stdin)
		fclose(in);
	if (col < 0 || bad) {
		fprintf(stderr, "screencol: %s\n", bad ? "input is not UTF-8"
					      : "no such title");
		return 1;
	}
	return 0;
}
