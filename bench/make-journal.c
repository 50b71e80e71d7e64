/*
 * make-journal — writes a journal of N records over items 1..ITEMS to
 * stdout, for benchmarks: progress, notes and status changes in turn, with
 * distinct entry ids and rising times.
 *
 * usage: make-journal N ITEMS
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n, items;
	unsigned long long x = 88172645463325252ull;	/* xorshift state */

	if (argc != 3 || (n = atol(argv[1])) <= 0 || (items = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: make-journal N ITEMS\n");
		return 2;
	}
	puts("entry,recorded,date,item,kind,value,target,by,note");
	for (long i = 0; i < n; i++) {
		long item = (long)(x % (unsigned long long)items) + 1;
		long sec = i / 1000, us = i % 1000;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		printf("%016llx%016lx,2024-%02ld-%02ldT%02ld:%02ld:%02ld.%06ld+08:00,"
		       "2024-%02ld-%02ld,%ld,", x, i, 1 + sec / 2592000 % 12,
		       1 + sec / 86400 % 28, sec / 3600 % 24, sec / 60 % 60, sec % 60,
		       us, 1 + sec / 2592000 % 12, 1 + sec / 86400 % 28, item);
		switch (i % 3) {
		case 0: printf("progress,%ld,,bench,\n", i % 101); break;
		case 1: printf("note,,,bench,\"第%ld次调度，进展顺利\"\n", i); break;
		default: printf("status,in-progress,,bench,\n"); break;
		}
	}
	return ferror(stdout) ? 1 : 0;
}
