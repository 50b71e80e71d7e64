#include "duban/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "duban/i18n.h"
#include "duban/text.h"

/* Cuts off the UTF-8 character that a truncation to size bytes left
 * incomplete at the end of s, so that a message never ends in half a
 * character. */
static void whole_characters(char *s, size_t size, int wanted)
{
	if (wanted < 0 || (size_t)wanted < size)
		return;		/* not truncated */
	s[text_whole_prefix(s, strlen(s))] = '\0';
}

int error_set(struct duban_error *err, const char *file, long line,
	      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -1;
	n = snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	whole_characters(err->file, sizeof(err->file), n);
	err->line = line;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	whole_characters(err->msg, sizeof(err->msg), n);
	return -1;
}

int error_nomem(struct duban_error *err)
{
	return error_set(err, NULL, 0, _("out of memory"));
}

bool error_is_nomem(const struct duban_error *err)
{
	return strcmp(err->msg, _("out of memory")) == 0;
}

void error_clear(struct duban_error *err)
{
	memset(err, 0, sizeof(*err));
}

void error_format(const struct duban_error *err, char *buf, size_t size)
{
	if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}
