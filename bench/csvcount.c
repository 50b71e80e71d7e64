/*
 * csvcount — reads CSV files through libcsv and prints how many records
 * and fields they hold, and nothing else: the floor of parsing a store,
 * what any command reading items.csv and journal.csv pays at least.
 *
 * usage: csvcount FILE...
 */
#include <csv.h>
#include <stdio.h>

struct count {
	unsigned long records, fields;
};

static void on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct count *)data)->fields++;
}

static void on_record(int c, void *data)
{
	(void)c;
	((struct count *)data)->records++;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct count total = { 0, 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: csvcount FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct csv_parser p;
		FILE *f = fopen(argv[i], "rb");
		size_t got;

		if (!f || csv_init(&p, 0) != 0) {
			perror(argv[i]);
			return 1;
		}
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
			if (csv_parse(&p, buf, got, on_field, on_record, &total) != got) {
				fprintf(stderr, "csvcount: %s: %s\n", argv[i],
					csv_strerror(csv_error(&p)));
				return 1;
			}
		csv_fini(&p, on_field, on_record, &total);
		csv_free(&p);
		fclose(f);
	}
	printf("%lu records, %lu fields\n", total.records, total.fields);
	return 0;
}
