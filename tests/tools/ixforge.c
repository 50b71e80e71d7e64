/*
 * ixforge — writes a store's index as if one item's progress were another
 * figure, every CRC whole: an index that reads as sound yet disagrees with
 * items.csv and journal.csv, which only duban check can notice.  For the
 * end-to-end tests of check and check --repair.
 *
 * usage: ixforge STORE ITEM PERCENT
 *
 * Exit status: 0 written, 1 the store cannot be read or the index not
 * written, 2 the command line is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "duban/index.h"
#include "duban/session.h"
#include "duban/state.h"
#include "duban/store.h"

int main(int argc, char **argv)
{
	struct session s;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	char path[4096];
	struct stat st;
	const struct item *it;
	int rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: ixforge STORE ITEM PERCENT\n");
		return 2;
	}
	if (session_open(&s, argv[1], SESSION_READ, &err) ||
	    store_file(s.dir, STORE_ITEMS, path, sizeof(path), &err) ||
	    state_fold(&ps, &s.plan, &s.journal, DATE_NONE, &err)) {
		fprintf(stderr, "ixforge: %s\n", err.msg);
		goto out;
	}
	if (stat(path, &st)) {
		perror(path);
		goto out;
	}
	if (!(it = table_find(&s.plan, atol(argv[2])))) {
		fprintf(stderr, "ixforge: no item %s\n", argv[2]);
		goto out;
	}
	ps.items[it - s.plan.items].percent = atoi(argv[3]);
	if (index_write(s.dir, &s.plan, &ps, &s.journal, &st, &err))
		fprintf(stderr, "ixforge: %s\n", err.msg);
	else
		rc = 0;
out:
	state_release(&ps);
	session_close(&s);
	return rc;
}
