/*
 * make-plan — writes a plan of N items (an items.csv) to stdout for the
 * benchmarks, made from the rows of a plan read on stdin (the bundled one,
 * data/items.csv).
 *
 * Items 1 to the number of rows read are those rows unchanged, so that a
 * plan of 56 items is the bundled plan itself.  Every later item is a copy
 * of a row, numbered anew, in which most lead units and some leaders get a
 * number (区商务局 becomes 区商务局17), so that names are many and a query
 * for one unit picks out a share of the items, and whose deadline is the
 * end of a month from June to December 2024.  A collective designation
 * (各街道、镇、集聚区) stays whole.  The same N gives the same file: the
 * variation comes from a generator with a fixed seed.
 *
 * usage: make-plan N < data/items.csv
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_MAX 4096
#define FIELDS_MAX 64
#define UNIT_VARIANTS 200
#define LEADER_VARIANTS 40

struct row {
	char *field[FIELDS_MAX];
	int n;
};

struct reader {
	struct row *rows;	/* rows[0] is the header */
	size_t count;
	int overflow;
};

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64: the same numbers on every run */
static unsigned long long next_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	struct row *row = &r->rows[r->count];
	char *copy;

	if (r->count >= ROWS_MAX || row->n >= FIELDS_MAX) {
		r->overflow = 1;
		return;
	}
	copy = malloc(len + 1);
	if (!copy) {
		r->overflow = 1;
		return;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	row->field[row->n++] = copy;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	if (r->count < ROWS_MAX)
		r->count++;
	else
		r->overflow = 1;
}

static int column(const struct row *header, const char *name)
{
	for (int i = 0; i < header->n; i++)
		if (strcmp(header->field[i], name) == 0)
			return i;
	return -1;
}

static void put_field(const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n"))
		csv_fwrite(stdout, s, strlen(s));
	else
		fputs(s, stdout);
	putchar(last ? '\n' : ',');
}

/* Writes the ";"-separated names of s, each but a collective designation
 * given a number in [0, variants) one time in `odds`. */
static void put_names(const char *s, int variants, int odds, int last)
{
	size_t cap = strlen(s) * 2 + 64, len = 0;
	char *out = malloc(cap), *copy = strdup(s), *save = NULL;

	if (!out || !copy)
		exit(1);
	out[0] = '\0';
	for (char *name = strtok_r(copy, ";", &save); name;
	     name = strtok_r(NULL, ";", &save)) {
		unsigned long long r = next_random();
		int numbered = !strstr(name, "、") && r % 100 < (unsigned)odds;

		len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? ";" : "",
					name);
		if (numbered)
			len += (size_t)snprintf(out + len, cap - len, "%llu",
						r / 100 % (unsigned)variants);
	}
	put_field(out, last);
	free(out);
	free(copy);
}

int main(int argc, char **argv)
{
	static struct row rows[ROWS_MAX];
	struct reader r = { rows, 0, 0 };
	struct csv_parser p;
	char buf[65536];
	size_t got;
	long n;
	int c_id, c_leaders, c_units, c_deadline, c_deadline_text;

	if (argc != 2 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: make-plan N < items.csv\n");
		return 2;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return 1;
	while ((got = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_record, &r) != got) {
			fprintf(stderr, "make-plan: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_record, &r);
	csv_free(&p);
	if (r.overflow || r.count < 2) {
		fprintf(stderr, "make-plan: expected an items.csv of at most %d rows\n",
			ROWS_MAX);
		return 1;
	}
	c_id = column(&rows[0], "id");
	c_leaders = column(&rows[0], "leaders");
	c_units = column(&rows[0], "lead_units");
	c_deadline = column(&rows[0], "deadline");
	c_deadline_text = column(&rows[0], "deadline_text");
	if (c_id < 0 || c_leaders < 0 || c_units < 0 || c_deadline < 0 ||
	    c_deadline_text < 0) {
		fprintf(stderr, "make-plan: the header lacks a column of items.csv\n");
		return 1;
	}

	for (int f = 0; f < rows[0].n; f++)
		put_field(rows[0].field[f], f == rows[0].n - 1);
	for (long i = 1; i <= n; i++) {
		const struct row *row = &rows[1 + (size_t)(i - 1) % (r.count - 1)];
		int copy = (size_t)i >= r.count;
		int month = 6 + (int)(next_random() % 7);
		static const int month_end[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31,
						   30, 31, 30, 31 };
		char text[64];

		for (int f = 0; f < row->n; f++) {
			int last = f == row->n - 1;

			if (f == c_id) {
				printf("%ld", i);
				putchar(last ? '\n' : ',');
			} else if (copy && f == c_units) {
				put_names(row->field[f], UNIT_VARIANTS, 75, last);
			} else if (copy && f == c_leaders) {
				put_names(row->field[f], LEADER_VARIANTS, 30, last);
			} else if (copy && f == c_deadline) {
				printf("2024-%02d-%02d", month, month_end[month]);
				putchar(last ? '\n' : ',');
			} else if (copy && f == c_deadline_text) {
				snprintf(text, sizeof(text), "2024年%d月底", month);
				put_field(text, last);
			} else {
				put_field(row->field[f], last);
			}
		}
	}
	return ferror(stdout) ? 1 : 0;
}
