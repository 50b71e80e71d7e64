#include "duban/csvwrite.h"

#include <csv.h>
#include <string.h>

#include "duban/mem.h"

static int needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL;
}

int csv_append_field(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s), need;

	if (!needs_quotes(s))
		return sb_add(sb, s, n);
	need = csv_write(NULL, 0, s, n);
	if (mem_grow((void **)&sb->s, &sb->cap, sb->len + need + 1, 1))
		return -1;
	csv_write(sb->s + sb->len, need, s, n);
	sb->len += need;
	sb->s[sb->len] = '\0';
	return 0;
}

bool csv_guard_needed(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]);
}

int csv_append_guarded(struct strbuf *sb, const char *s)
{
	struct strbuf guarded = STRBUF_INIT;
	int rc;

	if (!csv_guard_needed(s))
		return csv_append_field(sb, s);
	rc = sb_add(&guarded, "'", 1) || sb_puts(&guarded, s) ||
	     csv_append_field(sb, guarded.s) ? -1 : 0;
	sb_release(&guarded);
	return rc;
}

void csv_put_field(FILE *out, const char *s)
{
	if (needs_quotes(s))
		csv_fwrite(out, s, strlen(s));
	else
		fputs(s, out);
}
