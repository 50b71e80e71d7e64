#include "duban/milestone.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/figure.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"

enum { C_ITEM, C_DATE, C_PERCENT, C_TEXT, C_COUNT };

static const char *const columns[C_COUNT] = {
	"item", "date", "percent", "text",
};

struct loader {
	struct milestones *ms;
	const char *name;
};

static int parse_item(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || end == s || *end || *s < '0' || *s > '9' || *out <= 0
	       ? -1 : 0;
}

/* Why text cannot be a milestone's text, or NULL. */
static const char *text_problem(const char *text)
{
	size_t n = strlen(text);

	if (text_invalid_utf8(text, n))
		return _("the text is not UTF-8");
	if (n > MILESTONE_TEXT_MAX)
		return _("the text is longer than 8000 bytes");
	if (text_breaks_line(text, true))
		return _("the text holds a line break or another control "
			 "character");
	return NULL;
}

static int read_row(struct loader *l, const char *const *f, long line,
		    struct milestone *m, struct duban_error *err)
{
	const char *item = f[C_ITEM];
	const char *date = f[C_DATE];
	const char *percent = f[C_PERCENT];
	const char *text = f[C_TEXT];
	const char *why;

	if (parse_item(item, &m->item))
		return error_set(err, l->name, line, _("\"%s\" is not an "
				 "item id"), item);
	if (date_parse(date, &m->date) || m->date == DATE_NONE)
		return error_set(err, l->name, line, _("\"%s\" is not a "
				 "date (write 2024-03-31)"), date);
	if (percent_parse(percent, &m->percent))
		return error_set(err, l->name, line, _("\"%s\" is not a "
				 "percent from 0 to 100"), percent);
	if ((why = text_problem(text)))
		return error_set(err, l->name, line, "%s", why);
	m->text = arena_strndup(&l->ms->arena, text, strlen(text));
	m->line = line;
	return m->text ? 0 : error_nomem(err);
}

static int on_row(void *ctx, const char *const *fields, long line,
		  struct duban_error *err)
{
	struct loader *l = ctx;
	struct milestones *ms = l->ms;

	if (mem_grow((void **)&ms->v, &ms->cap, ms->n + 1, sizeof(*ms->v)))
		return error_nomem(err);
	if (read_row(l, fields, line, &ms->v[ms->n], err))
		return -1;
	ms->n++;
	return 0;
}

static int by_item_date(const void *pa, const void *pb)
{
	const struct milestone *a = pa, *b = pb;

	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* Refuses b following a when both are of one item (in date order) on one
 * day, or b asks for less than a.  Returns 0, or -1 with err filled. */
static int check_pair(const struct milestone *a, const struct milestone *b,
		      const char *name, struct duban_error *err)
{
	char day[DATE_BUFSIZE];

	if (a->item != b->item)
		return 0;
	if (a->date == b->date)
		return error_set(err, name, b->line, _("item %ld has a "
				 "milestone on %s already (line %ld)"),
				 b->item, date_format(b->date, day), a->line);
	if (a->percent > b->percent)
		return error_set(err, name, b->line, _("item %ld is expected "
				 "at %d%% by %s (line %ld), more than the %d%% "
				 "of this later milestone"), b->item,
				 a->percent, date_format(a->date, day),
				 a->line, b->percent);
	return 0;
}

int milestones_load(struct milestones *ms, const char *path, const char *name,
		    struct duban_error *err)
{
	struct loader l = { .ms = ms, .name = name };
	int rc = csv_read_table(path, name, columns, C_COUNT,
				_("milestones.csv has item, date, percent and "
				  "text"), on_row, &l, err);

	if (rc == 0 && ms->n > 1) {
		qsort(ms->v, ms->n, sizeof(*ms->v), by_item_date);
		for (size_t i = 1; i < ms->n && rc == 0; i++)
			rc = check_pair(&ms->v[i - 1], &ms->v[i], name, err);
	}
	if (rc)
		milestones_release(ms);
	return rc;
}

/* The position of item's first milestone, or of where it would go. */
static size_t first_of(const struct milestones *ms, long item)
{
	size_t lo = 0, hi = ms->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ms->v[mid].item < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct milestone *milestones_of(const struct milestones *ms, long item,
				      size_t *n)
{
	size_t first, end;

	*n = 0;
	if (!ms || !ms->n)
		return NULL;
	first = first_of(ms, item);
	for (end = first; end < ms->n && ms->v[end].item == item; end++)
		;
	*n = end - first;
	return *n ? &ms->v[first] : NULL;
}

/* Why a milestone of percent on date cannot go at position at, between
 * the milestones of its item around it; 0 when it can. */
static int check_place(const struct milestones *ms, size_t at, long item,
		       date_t date, int percent, struct duban_error *err)
{
	const struct milestone *before = at > 0 && ms->v[at - 1].item == item
					 ? &ms->v[at - 1] : NULL;
	const struct milestone *after = at < ms->n && ms->v[at].item == item
					? &ms->v[at] : NULL;
	char day[DATE_BUFSIZE];

	if (after && after->date == date)
		return error_set(err, NULL, 0, _("item %ld has a milestone on "
				 "%s already"), item, date_format(date, day));
	if (before && before->percent > percent)
		return error_set(err, NULL, 0, _("item %ld is expected at %d%% "
				 "by %s already: a later milestone cannot ask "
				 "for less"), item, before->percent,
				 date_format(before->date, day));
	if (after && after->percent < percent)
		return error_set(err, NULL, 0, _("item %ld is expected at %d%% "
				 "only by %s: an earlier milestone cannot ask "
				 "for more"), item, after->percent,
				 date_format(after->date, day));
	return 0;
}

int milestones_add(struct milestones *ms, long item, date_t date, int percent,
		   const char *text, struct duban_error *err)
{
	struct milestone m = { item, date, percent, NULL, 0 };
	const char *why = text_problem(text);
	size_t at = first_of(ms, item);

	if (why)
		return error_set(err, NULL, 0, "%s", why);
	if (percent < 0 || percent > 100)
		return error_set(err, NULL, 0, _("\"%d\" is not a percent from "
				 "0 to 100"), percent);
	while (at < ms->n && ms->v[at].item == item && ms->v[at].date < date)
		at++;
	if (check_place(ms, at, item, date, percent, err))
		return -1;
	if (!(m.text = arena_strndup(&ms->arena, text, strlen(text))) ||
	    mem_grow((void **)&ms->v, &ms->cap, ms->n + 1, sizeof(*ms->v)))
		return error_nomem(err);
	memmove(&ms->v[at + 1], &ms->v[at], (ms->n - at) * sizeof(*ms->v));
	ms->v[at] = m;
	ms->n++;
	return 0;
}

int milestones_remove(struct milestones *ms, long item, date_t date)
{
	for (size_t at = first_of(ms, item);
	     at < ms->n && ms->v[at].item == item; at++)
		if (ms->v[at].date == date) {
			memmove(&ms->v[at], &ms->v[at + 1],
				(ms->n - at - 1) * sizeof(*ms->v));
			ms->n--;
			return 0;
		}
	return -1;
}

int milestones_write(const struct milestones *ms, const char *path,
		     struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char day[DATE_BUFSIZE];
	int rc = sb_puts(&sb, "item,date,percent,text\n");

	for (size_t i = 0; rc == 0 && i < ms->n; i++) {
		const struct milestone *m = &ms->v[i];

		rc = sb_printf(&sb, "%ld,%s,%d,", m->item,
			       date_format(m->date, day), m->percent) ||
		     csv_append_field(&sb, m->text) || sb_puts(&sb, "\n");
	}
	if (rc)
		rc = error_nomem(err);
	else
		rc = file_replace(path, sb.s, sb.len, err);
	sb_release(&sb);
	return rc;
}

/* The point on the line from (d0, p0) to (d1, p1) at day, d0 < day < d1,
 * rounded down. */
static int between(date_t d0, int p0, date_t d1, int p1, date_t day)
{
	return p0 + (int)((long)(p1 - p0) * ((long)day - d0) /
			  ((long)d1 - d0));
}

int milestone_expected(const struct milestone *v, size_t n, date_t start,
		       date_t deadline, date_t as_of)
{
	/* the points in date order: the start, the milestones, the deadline;
	 * the start only if it comes first, the deadline if it comes last */
	date_t prev_d = DATE_NONE;
	int prev_p = 0;
	size_t i = 0;

	if (start != DATE_NONE && start <= deadline &&
	    (n == 0 || start - 1 < v[0].date))
		prev_d = start - 1;
	if (prev_d != DATE_NONE && as_of <= prev_d)
		return 0;
	for (;; i++) {
		date_t d = i < n ? v[i].date : deadline;
		int p = i < n ? v[i].percent : 100;

		if (i == n && n && v[n - 1].date >= deadline)
			return v[n - 1].percent;
		if (as_of < d)
			return prev_d == DATE_NONE ? 0
			       : between(prev_d, prev_p, d, p, as_of);
		if (i == n || as_of == d)
			return p;
		prev_d = d;
		prev_p = p;
	}
}

void milestones_release(struct milestones *ms)
{
	mem_free(ms->v);
	arena_release(&ms->arena);
	*ms = (struct milestones)MILESTONES_INIT;
}
