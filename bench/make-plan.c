/*
 * make-plan — writes a plan of N items to stdout for benchmarks: the rows of
 * an items.csv over and over, renumbered, with the lead unit 区商务局 of
 * every 7th item renamed to one of a thousand units, so that names are many.
 *
 * usage: make-plan N < data/items.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_MAX 4096
#define LINE_MAX_BYTES 65536

int main(int argc, char **argv)
{
	static char *rows[ROWS_MAX];
	char line[LINE_MAX_BYTES];
	size_t count = 0;
	long n;

	if (argc != 2 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: make-plan N < items.csv\n");
		return 2;
	}
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	fputs(line, stdout);
	while (count < ROWS_MAX && fgets(line, sizeof(line), stdin))
		rows[count++] = strdup(strchr(line, ',') ? strchr(line, ',') : line);
	if (count == 0)
		return 1;
	for (long i = 1; i <= n; i++) {
		const char *rest = rows[(size_t)(i - 1) % count];
		const char *unit = strstr(rest, "区商务局");

		if (i % 7 == 0 && unit)
			printf("%ld%.*s区商务局%ld%s", i, (int)(unit - rest), rest,
			       i / 7 % 1000, unit + strlen("区商务局"));
		else
			printf("%ld%s", i, rest);
	}
	return ferror(stdout) ? 1 : 0;
}
