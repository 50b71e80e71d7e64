/*
 * make-journal — writes a journal.csv of RECORDS records over items 1 to
 * ITEMS to stdout, for the benchmarks: a journal of format 2 that
 * `duban check` accepts, written as duban writes one.
 *
 * The records come in rounds, one record per item each: the first round
 * starts every item (status in-progress, in batches of up to four items,
 * as `duban start 1 2 3 4` records them), then progress and notes take
 * turns, the percent rising round by round; in the last of three or more
 * rounds every fourth item is done.  Recorded times rise from 2024-01-02
 * through the year (+08:00), each record reporting on its own day.
 * Every line carries its batch, the sum of the line before it (prev) and
 * its own sum, the first 16 hex digits of the SHA-256 of the line up to
 * the comma before the sum.  Entry ids come from a generator with a fixed
 * seed: the same arguments give the same file.
 *
 * usage: make-journal ITEMS RECORDS
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HEADER "entry,recorded,date,item,kind,value,target,by,note,batch,prev,sum"
#define SUM_LEN 16
#define START_BATCH 4
#define FIRST_US 1704157200000000LL	/* 2024-01-02T09:00:00+08:00 */
#define SPAN_US (340LL * 86400 * 1000000)
#define OFFSET_S (8 * 3600)

static unsigned long long rng_state = 0x2545f4914f6cdd1dull;

/* xorshift64: the same ids on every run */
static unsigned long long next_random(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void to_hex(const unsigned char *raw, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

static void line_sum(const char *line, size_t n, char *out)
{
	struct sha256_ctx ctx;
	unsigned char raw[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, (const unsigned char *)line);
	sha256_digest(&ctx, sizeof(raw), raw);
	to_hex(raw, SUM_LEN / 2, out);
}

int main(int argc, char **argv)
{
	static const char *const by[] = { "督办室", "区商务局联络员", "区科工局联络员",
					  "区住建局联络员", "区发改委联络员" };
	long items, records, rounds;
	long long step;
	char prev[SUM_LEN + 1] = "", sum[SUM_LEN + 1], batch[SUM_LEN + 1] = "";
	char line[1024];
	long batch_size = 0, batch_left = 0;

	if (argc != 3 || (items = atol(argv[1])) <= 0 ||
	    (records = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: make-journal ITEMS RECORDS\n");
		return 2;
	}
	rounds = (records + items - 1) / items;
	step = SPAN_US / records > 0 ? SPAN_US / records : 1;
	puts(HEADER);
	for (long k = 0; k < records; k++) {
		long item = k % items + 1, round = k / items;
		long long us = FIRST_US + k * step;
		time_t secs = (time_t)(us / 1000000) + OFFSET_S;
		struct tm tm;
		char id[33], when[64], day[16], value[24] = "", note[64] = "";
		const char *kind;
		unsigned long long a = next_random(), b = next_random();
		int n;

		snprintf(id, sizeof(id), "%016llx%016llx", a, b);
		gmtime_r(&secs, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(when + strlen(when), sizeof(when) - strlen(when),
			 ".%06lld+08:00", us % 1000000);

		if (batch_left == 0) {	/* a new batch starts here */
			batch_size = 1;
			if (round == 0) {
				long group_end = ((item - 1) / START_BATCH + 1) * START_BATCH;

				if (group_end > items)
					group_end = items;
				batch_size = group_end - item + 1;
				if (batch_size > records - k)
					batch_size = records - k;
			}
			batch_left = batch_size;
			memcpy(batch, id, SUM_LEN);
		}
		batch_left--;

		if (round == 0) {
			kind = "status";
			strcpy(value, "in-progress");
		} else if (round == rounds - 1 && rounds >= 3 && item % 4 == 0) {
			kind = "status";
			strcpy(value, "done");
		} else if (round % 2 == 1) {
			long pct = 5 * round + item % 5;

			kind = "progress";
			snprintf(value, sizeof(value), "%ld", pct > 99 ? 99 : pct);
		} else {
			kind = "note";
			snprintf(note, sizeof(note), "第%ld轮调度：按计划推进", round / 2);
		}

		n = snprintf(line, sizeof(line), "%s,%s,%s,%ld,%s,%s,,%s,%s,%.*s/%ld,%s",
			     id, when, day, item, kind, value,
			     by[(size_t)(item + round) % (sizeof(by) / sizeof(by[0]))],
			     note, SUM_LEN, batch, batch_size, prev);
		line_sum(line, (size_t)n, sum);
		printf("%s,%s\n", line, sum);
		memcpy(prev, sum, sizeof(prev));
	}
	return ferror(stdout) ? 1 : 0;
}
