#include "duban/settings.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/i18n.h"
#include "duban/store.h"

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

static int set_whole(const char *value, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int apply(struct settings *s, const char *key, const char *value,
		 const char *name, long line, struct duban_error *err)
{
	if (strcmp(key, "format") == 0) {
		if (set_whole(value, 1, 1000, &s->format))
			return error_set(err, name, line, _("format \"%s\" "
					 "is not a number"), value);
		if (s->format > STORE_FORMAT)
			return error_set(err, name, line, _("the store has "
					 "format %d; this duban reads format "
					 "%d: upgrade duban"),
					 s->format, STORE_FORMAT);
		return 0;
	}
	if (strcmp(key, "start") == 0) {
		if (date_parse(value, &s->start))
			return error_set(err, name, line,
					 _("start \"%s\" is not a date"),
					 value);
		return 0;
	}
	if (strcmp(key, "warn_days") == 0) {
		if (set_whole(value, 0, 3650, &s->warn_days))
			return error_set(err, name, line, _("warn_days "
					 "\"%s\" is not a number of days from 0 "
					 "to 3650"), value);
		return 0;
	}
	return error_set(err, name, line, _("unknown setting \"%s\""), key);
}

int settings_load(struct settings *s, const char *path, const char *name,
		  struct duban_error *err)
{
	FILE *fp;
	char buf[LINE_MAX_BYTES];
	long line = 0;
	int rc = 0;

	*s = (struct settings){ STORE_FORMAT, DATE_NONE, WARN_DAYS_DEFAULT };
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
		rc = apply(s, trim(l), trim(eq + 1), name, line, err);
	}
	if (rc == 0 && ferror(fp))
		rc = error_set(err, name, 0, _("cannot read: %s"),
			       strerror(errno));
	fclose(fp);
	return rc;
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
