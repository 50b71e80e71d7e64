#include "duban/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int error_set(struct duban_error *err, const char *file, long line,
	      const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int error_nomem(struct duban_error *err)
{
	return error_set(err, NULL, 0, "out of memory");
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
