#include "duban/settings.h"

#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/i18n.h"
#include "duban/store.h"
#include "duban/text.h"

/* A settings line longer than this is not a setting. */
#define LINE_MAX_BYTES 1024

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return s;
}

enum rule_type { RULE_FORMAT, RULE_DATE, RULE_WHOLE, RULE_OFF_OR_WHOLE,
		 RULE_YES_NO, RULE_TEXT };

struct rule {
	enum rule_type type;
	size_t offset;		/* of the int or date_t in settings */
	int min, max;		/* for the numbers; RULE_TEXT: max is the
				 * size of its char array */
	int fallback;		/* the default */
};

#define AT(field) offsetof(struct settings, field)

/* The rules, in the order of settings_rules[]; these two are checked
 * against each other. */
enum { RULE_AT_YELLOW = 3, RULE_AT_RED = 4 };

/* The rules, in the order of settings_rules[]. */
static const struct rule rules[] = {
	{ RULE_FORMAT, AT(format), 1, 1000, STORE_FORMAT },
	{ RULE_DATE, AT(start), 0, 0, 0 },
	{ RULE_WHOLE, AT(warn_days), 0, 3650, WARN_DAYS_DEFAULT },
	{ RULE_WHOLE, AT(yellow_behind), 0, 100, 0 },
	{ RULE_OFF_OR_WHOLE, AT(red_behind), 1, 100, 0 },
	{ RULE_YES_NO, AT(review), 0, 1, 0 },
	{ RULE_WHOLE, AT(score_red), -100, 100, -3 },
	{ RULE_WHOLE, AT(score_yellow), -100, 100, -1 },
	{ RULE_WHOLE, AT(score_done), -100, 100, 2 },
	{ RULE_WHOLE, AT(score_returned), -100, 100, -1 },
	{ RULE_WHOLE, AT(score_missing_report), -100, 100, -2 },
	{ RULE_OFF_OR_WHOLE, AT(report_day), 1, 28, 0 },
	{ RULE_WHOLE, AT(score_late_report), -100, 100, -1 },
	{ RULE_OFF_OR_WHOLE, AT(escalate_months), 1, 24, 0 },
	{ RULE_WHOLE, AT(score_escalated), -100, 100, -2 },
	{ RULE_TEXT, AT(office), 0, SETTINGS_TEXT_MAX, 0 },
	{ RULE_TEXT, AT(plan_title), 0, SETTINGS_TEXT_MAX, 0 },
};

const struct rule_info settings_rules[] = {
	{ "format", N_("the layout of the store: 1") },
	{ "start", N_("the first day of the plan's period, from which 序时进度 "
		      "is counted (default: 1 January of the year of the "
		      "earliest deadline)") },
	{ "warn_days", N_("an open item due within this many days is blue "
			  "(临近时限), 0 to 3650") },
	{ "yellow_behind", N_("an open item more than this many points behind "
			      "序时进度 is yellow (滞后), 0 to 100") },
	{ "red_behind", N_("an open item this many points or more behind "
			   "序时进度 is red, 1 to 100, or off (red is then "
			   "overdue alone)") },
	{ "review", N_("yes: a unit's done awaits the office's review "
		       "(申请办结) until duban approve; no: done is done "
		       "(default)") },
	{ "score_red", N_("rank: points for each open item a unit leads that "
			  "is red, -100 to 100") },
	{ "score_yellow", N_("rank: points for each open item a unit leads "
			     "that is yellow, -100 to 100") },
	{ "score_done", N_("rank: points for each item a unit leads that was "
			   "done by its deadline, -100 to 100") },
	{ "score_returned", N_("rank: points for each closure of a unit's "
			       "items the office returned, -100 to 100") },
	{ "score_missing_report", N_("rank: points for each month gone by in "
				     "which a unit with open items recorded "
				     "nothing, -100 to 100") },
	{ "report_day", N_("units report each month by this day, 1 to 28, "
			   "or off: a report recorded later is late") },
	{ "score_late_report", N_("rank: points for each month a unit "
				  "reported after report_day, -100 to 100") },
	{ "escalate_months", N_("an open item behind or overdue at this many "
				"month-ends in a row is escalated (升级督办), "
				"1 to 24, or off") },
	{ "score_escalated", N_("rank: points for each escalated item a unit "
				"leads, -100 to 100") },
	{ "office", N_("the office that issues the 通报, as its masthead names "
		       "it (default: 督查室)") },
	{ "plan_title", N_("the plan's title, as the 通报 names it (default: "
			   "重点工作)") },
};

const size_t settings_rule_count =
	sizeof(settings_rules) / sizeof(*settings_rules);

static int *int_at(struct settings *s, size_t i)
{
	return (int *)((char *)s + rules[i].offset);
}

static const int *int_of(const struct settings *s, size_t i)
{
	return (const int *)((const char *)s + rules[i].offset);
}

void settings_defaults(struct settings *s)
{
	*s = (struct settings){ .start = DATE_NONE };
	for (size_t i = 0; i < settings_rule_count; i++) {
		if (rules[i].type == RULE_DATE)
			*(date_t *)((char *)s + rules[i].offset) = DATE_NONE;
		else if (rules[i].type == RULE_TEXT)
			*((char *)s + rules[i].offset) = '\0';
		else
			*int_at(s, i) = rules[i].fallback;
	}
}

void settings_value(const struct settings *s, size_t i, char *buf,
		    size_t size)
{
	const char *at = (const char *)s + rules[i].offset;
	char day[DATE_BUFSIZE];

	switch (rules[i].type) {
	case RULE_DATE:
		snprintf(buf, size, "%s", date_format(*(const date_t *)at, day));
		break;
	case RULE_YES_NO:
		snprintf(buf, size, "%s", *int_of(s, i) ? "yes" : "no");
		break;
	case RULE_TEXT:
		snprintf(buf, size, "%s", at);
		break;
	case RULE_OFF_OR_WHOLE:
		if (*int_of(s, i) == 0) {
			snprintf(buf, size, "off");
			break;
		}
		/* fall through */
	default:
		snprintf(buf, size, "%d", *int_of(s, i));
	}
}

/* A whole number from min to max, with an optional leading sign. */
static int parse_whole(const char *value, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max ||
	    !(*value == '-' || *value == '+' || (*value >= '0' && *value <= '9')))
		return -1;
	*out = (int)v;
	return 0;
}

/* Copies value into the text rule at (size bytes): UTF-8, without a
 * control character, and short enough. */
static int set_text(char *at, size_t size, const char *value, const char *key,
		    const char *name, long line, struct duban_error *err)
{
	size_t n = strlen(value);

	if (text_invalid_utf8(value, n))
		return error_set(err, name, line, _("%s is not UTF-8 text"),
				 key);
	if (text_breaks_line(value, false))
		return error_set(err, name, line, _("%s holds a control "
				 "character"), key);
	if (n >= size)
		return error_set(err, name, line, _("%s is longer than %zu "
				 "bytes"), key, size - 1);
	memcpy(at, value, n + 1);
	return 0;
}

/* Sets rule i of s from value; says what is wrong with it otherwise. */
static int set_rule(struct settings *s, size_t i, const char *value,
		    const char *name, long line, struct duban_error *err)
{
	const struct rule *r = &rules[i];
	const char *key = settings_rules[i].key;
	char *at = (char *)s + r->offset;

	switch (r->type) {
	case RULE_FORMAT:
		if (parse_whole(value, r->min, r->max, int_at(s, i)))
			return error_set(err, name, line, _("format \"%s\" "
					 "is not a number"), value);
		if (s->format > STORE_FORMAT)
			return error_set(err, name, line, _("the store has "
					 "format %d; this duban reads format "
					 "%d: upgrade duban"),
					 s->format, STORE_FORMAT);
		return 0;
	case RULE_DATE:
		if (date_parse(value, (date_t *)at))
			return error_set(err, name, line,
					 _("%s \"%s\" is not a date"), key,
					 value);
		return 0;
	case RULE_OFF_OR_WHOLE:
		if (strcmp(value, "off") == 0) {
			*int_at(s, i) = 0;
			return 0;
		}
		if (parse_whole(value, r->min, r->max, int_at(s, i)))
			return error_set(err, name, line, _("%s \"%s\" is not "
					 "a whole number from %d to %d, or "
					 "off"), key, value, r->min, r->max);
		return 0;
	case RULE_YES_NO:
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return error_set(err, name, line, _("%s \"%s\" is not "
					 "yes or no"), key, value);
		*int_at(s, i) = strcmp(value, "yes") == 0;
		return 0;
	case RULE_WHOLE:
		if (parse_whole(value, r->min, r->max, int_at(s, i)))
			return error_set(err, name, line, _("%s \"%s\" is not "
					 "a whole number from %d to %d"), key,
					 value, r->min, r->max);
		return 0;
	case RULE_TEXT:
		return set_text(at, (size_t)r->max, value, key, name, line,
				err);
	}
	return 0;
}

static int apply(struct settings *s, const char *key, const char *value,
		 long *seen, const char *name, long line,
		 struct duban_error *err)
{
	for (size_t i = 0; i < settings_rule_count; i++) {
		if (strcmp(key, settings_rules[i].key))
			continue;
		if (seen[i])
			return error_set(err, name, line, _("%s is set on line "
					 "%ld already"), key, seen[i]);
		seen[i] = line;
		return set_rule(s, i, value, name, line, err);
	}
	return error_set(err, name, line, _("unknown setting \"%s\" (duban "
			 "rules lists them)"), key);
}

/* Red is further behind than yellow: a red_behind at or under
 * yellow_behind would never show.  Refused at the line of the later of
 * the two. */
static int check_lights(const struct settings *s, const long *seen,
			const char *name, struct duban_error *err)
{
	long yellow = seen[RULE_AT_YELLOW], red = seen[RULE_AT_RED];

	if (!s->red_behind || s->red_behind > s->yellow_behind)
		return 0;
	return error_set(err, name, red > yellow ? red : yellow,
			 _("red_behind %d is not more than yellow_behind %d"),
			 s->red_behind, s->yellow_behind);
}

int settings_load(struct settings *s, const char *path, const char *name,
		  struct duban_error *err)
{
	FILE *fp;
	char buf[LINE_MAX_BYTES];
	long line = 0;
	long seen[sizeof(rules) / sizeof(*rules)] = { 0 };
	int rc = 0;

	settings_defaults(s);
	fp = fopen(path, "r");
	if (!fp)
		return errno == ENOENT ? 0 : error_set(err, name, 0,
						       _("cannot open: %s"),
							strerror(errno));
	while (rc == 0 && fgets(buf, sizeof(buf), fp)) {
		bool whole = strchr(buf, '\n') || feof(fp);
		char *l = trim(buf), *eq;
		int c;

		line++;
		/* a BOM, as Windows Notepad saves */
		if (line == 1 && strncmp(l, "\xEF\xBB\xBF", 3) == 0)
			l = trim(l + 3);
		if (!whole)	/* the rest of an overlong line */
			while ((c = getc(fp)) != EOF && c != '\n')
				;
		if (!*l || *l == '#')
			continue;
		if (!whole) {
			rc = error_set(err, name, line, _("the line is longer "
				       "than %d bytes"), LINE_MAX_BYTES - 2);
			break;
		}
		eq = strchr(l, '=');
		if (!eq) {
			rc = error_set(err, name, line,
				       _("expected \"key = value\""));
			break;
		}
		*eq = '\0';
		rc = apply(s, trim(l), trim(eq + 1), seen, name, line, err);
	}
	if (rc == 0 && ferror(fp))
		rc = error_set(err, name, 0, _("cannot read: %s"),
			       strerror(errno));
	fclose(fp);
	return rc ? rc : check_lights(s, seen, name, err);
}

void settings_complete(struct settings *s, const struct table *t)
{
	date_t earliest = DATE_NONE;

	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].deadline != DATE_NONE &&
		    (earliest == DATE_NONE || t->items[i].deadline < earliest))
			earliest = t->items[i].deadline;
	settings_complete_from(s, earliest);
}

void settings_complete_from(struct settings *s, date_t earliest)
{
	int y, m, d;

	if (s->start != DATE_NONE)
		return;
	if (earliest == DATE_NONE) {
		s->start = DATE_NONE;
		return;
	}
	date_to_ymd(earliest, &y, &m, &d);
	date_from_ymd(y, 1, 1, &s->start);
}
