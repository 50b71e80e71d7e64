/*
 * What changed between two days (diff.c), for diff and for the 通报's
 * "since the last bulletin".
 */
#ifndef DUBAN_CMD_CHANGES_H
#define DUBAN_CMD_CHANGES_H

#include "cmd/rank.h"

enum change_kind { CH_DONE, CH_REOPENED, CH_OVERDUE, CH_LIGHT, CH_EXTENDED,
		   CH_RETURNED, CH_RANK, CH_COUNT };

/* One change: of item (0 for a unit's rank), led by unit ("、" between
 * several), from before to after (keys, for scripts: "behind", "red"),
 * which the reader's language says as before_label and after_label;
 * text is the task's.  The strings live while the callback runs. */
struct change {
	enum change_kind kind;
	long item;
	const char *unit, *before, *after, *text;
	const char *before_label, *after_label;
};

/* The two days compared, what each looked like, and who hears of each
 * change: fn(change, arg), which returns 0 to go on. */
struct change_sides {
	const struct session *ss;
	const struct plan_state *then, *now;
	date_t since, as_of;
	const struct scores *before, *after;
	int (*fn)(const struct change *c, void *arg);
	void *arg;
};

/* "done", "light", …: the key scripts read. */
const char *change_key(enum change_kind k);

/* The same in the reader's language. */
const char *change_label(enum change_kind k);

/* Hands sd->fn each change from sd->since to sd->as_of: per item in plan
 * order (done, reopened, newly overdue, light, extended, returned), then
 * the units whose rank moved, in the later ranking's order.  Returns 0,
 * or -1 when memory runs out or fn stops. */
int each_change(const struct change_sides *sd);

/* What each_change() compares for sel (state and scores as of as_of):
 * the state as of since into then, the scores of both days into before
 * and after, by the units of ro.  Returns 0, or -1 (err); the caller
 * releases all three either way. */
int load_changes_base(struct plan_state *then, struct scores *before,
		      struct scores *after, const struct selection *sel,
		      const struct roster *ro, date_t since, date_t as_of,
		      struct duban_error *err);

#endif
