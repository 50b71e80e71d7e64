/*
 * settings — a store's store.conf: "key = value" lines, "#" comments, the
 * office's own rules.  Every key, its default and what it means is in
 * settings_rules[] (duban rules prints them); a number rule written "off"
 * is 0, which turns it off.
 *
 *   format           the store layout (1)
 *   start            the day the plan's period starts, from which 序时进度
 *                    is counted; default 1 January of the year of the
 *                    plan's earliest deadline
 *   warn_days        an open item due within this many days shows blue; 15
 *   yellow_behind    yellow when more than this many points behind 序时; 0
 *   red_behind       red when this many points or more behind; off
 *   review           yes: a unit's done awaits the office's review; no
 *   score_red, score_yellow, score_done, score_returned,
 *   score_missing_report
 *                    what each counts for in a unit's rank; -3 -1 2 -1 -2
 *   report_day       units report each month by this day; off
 *   score_late_report    a month reported after report_day; -1
 *   escalate_months  month-ends in a row behind that escalate an item; off
 *   score_escalated  an escalated item; -2
 *   office           the office that issues the 通报; "" (督查室)
 *   plan_title       the plan's title in the 通报; "" (重点工作)
 */
#ifndef DUBAN_SETTINGS_H
#define DUBAN_SETTINGS_H

#include <stdbool.h>

#include "duban/date.h"
#include "duban/error.h"
#include "duban/table.h"

#define WARN_DAYS_DEFAULT 15

/* The size of a text rule's array: what it holds, and its NUL. */
#define SETTINGS_TEXT_MAX 301

struct milestones;

struct settings {
	int format;
	date_t start;		/* DATE_NONE until settings_complete() */
	int warn_days;
	int yellow_behind;	/* points behind 序时 that are still green */
	int red_behind;		/* points behind that make red; 0: off */
	int review;		/* 1: a unit's done awaits review (办结审核) */
	int score_red, score_yellow, score_done, score_returned;
	int score_missing_report;	/* points a unit gets for each */
	int report_day;		/* 1–28; 0: off */
	int score_late_report;
	int escalate_months;	/* 1–24; 0: off */
	int score_escalated;
	char office[SETTINGS_TEXT_MAX];		/* "": not set */
	char plan_title[SETTINGS_TEXT_MAX];
	const struct milestones *milestones;	/* the plan's stages, set by
						 * whoever loaded them; NULL:
						 * none */
};

/* One rule of store.conf, as duban rules shows it. */
struct rule_info {
	const char *key;
	const char *doc;	/* N_(): what it means, for _() */
};

extern const struct rule_info settings_rules[];
extern const size_t settings_rule_count;

/* The defaults, with start DATE_NONE and no milestones. */
void settings_defaults(struct settings *s);

/* Writes the value of rule number i of s as store.conf writes it ("15",
 * "off", "yes", "-3", "2024-01-01", "" for a start not set) into buf. */
void settings_value(const struct settings *s, size_t i, char *buf,
		    size_t size);

/* Reads path (called name in errors) into s; a missing file gives the
 * defaults.  An unknown key, a key given twice, a bad value or a format
 * newer than this duban reads is an error with its line.  Returns 0, or
 * -1 with err filled. */
int settings_load(struct settings *s, const char *path, const char *name,
		  struct duban_error *err);

/* Fills what the file left to the plan: the start of the period. */
void settings_complete(struct settings *s, const struct table *t);

/* The same from the plan's earliest deadline (DATE_NONE if none). */
void settings_complete_from(struct settings *s, date_t earliest);

#endif
