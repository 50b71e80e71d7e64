/*
 * settings — a store's store.conf: "key = value" lines, "#" comments.
 *
 *   format     the store layout (1)
 *   start      the day the plan's period starts, from which the elapsed
 *              share of each item's period (序时进度) is counted; default
 *              1 January of the year of the plan's earliest deadline
 *   warn_days  an open item due within this many days shows blue; 15
 */
#ifndef DUBAN_SETTINGS_H
#define DUBAN_SETTINGS_H

#include "duban/date.h"
#include "duban/error.h"
#include "duban/table.h"

#define WARN_DAYS_DEFAULT 15

struct settings {
	int format;
	date_t start;		/* DATE_NONE until settings_complete() */
	int warn_days;
};

/* Reads path (called name in errors) into s; a missing file gives the
 * defaults.  An unknown key, a bad value or a format newer than this duban
 * reads is an error with its line.  Returns 0, or -1 with err filled. */
int settings_load(struct settings *s, const char *path, const char *name,
		  struct duban_error *err);

/* Fills what the file left to the plan: the start of the period. */
void settings_complete(struct settings *s, const struct table *t);

/* The same from the plan's earliest deadline (DATE_NONE if none). */
void settings_complete_from(struct settings *s, date_t earliest);

#endif
