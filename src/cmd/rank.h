/*
 * The scores and ranks of lead units (rank.c), for rank and for diff.
 */
#ifndef DUBAN_CMD_RANK_H
#define DUBAN_CMD_RANK_H

#include "cmd/cmd.h"
#include "duban/roster.h"
#include "duban/session.h"
#include "duban/state.h"
#include "duban/tally.h"

/* One lead unit's tally. */
struct score {
	const char *unit;
	const char *group;	/* "" for none */
	int red, yellow, done, returned, missing, late, escalated;
	long points;
	long rank;		/* within its group, 1 first */
};

struct scores {
	struct score *v;	/* in the order of the plan's units: two
				 * scorings of one plan match place by
				 * place */
	struct score **order;	/* by group, then rank */
	size_t n;
	struct tally index;	/* unit → position in v */
};

/* Scores every lead unit of ss's plan as of as_of, with ps the state as
 * of that day, by ss's rules, and ranks them within their groups of ro.
 * Returns 0, or -1 (err); release_scores() either way. */
int score_units(struct scores *sc, const struct session *ss,
		const struct roster *ro, const struct plan_state *ps,
		date_t as_of, struct duban_error *err);

void release_scores(struct scores *sc);

enum { OPT_SINCE = OPT_COMMAND_BASE };

/* Parses the options of rank and diff (ctx->options): --since DATE into
 * *since (left alone when not given), -o FILE into *output where the
 * command takes it, and the common ones; they take no arguments.
 * Returns -1 to go on, else the exit status. */
int parse_since_options(int argc, char **argv, struct context *ctx,
			date_t *since, const char **output);

/* Loads the store's units.csv into ro, saying what is wrong with it.
 * Returns the exit status. */
int load_roster(const struct session *ss, struct roster *ro);

#endif
