#include "duban/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "duban/mem.h"

int sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (mem_grow((void **)&sb->s, &sb->cap, sb->len + n + 1, 1))
		return -1;
	if (n)
		memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return 0;
}

int sb_puts(struct strbuf *sb, const char *s)
{
	return sb_add(sb, s, strlen(s));
}

int sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || mem_grow((void **)&sb->s, &sb->cap, sb->len + (size_t)n + 1, 1))
		return -1;
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

int sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	return sb_add(sb, "", 0);
}

void sb_release(struct strbuf *sb)
{
	mem_free(sb->s);
	*sb = (struct strbuf)STRBUF_INIT;
}
