#include "duban/target.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duban/i18n.h"

static const char *const op_symbols[] = {
	[TARGET_GT] = ">", [TARGET_GE] = ">=", [TARGET_EQ] = "=",
	[TARGET_LE] = "<=", [TARGET_LT] = "<",
};

const char *target_op_symbol(enum target_op op)
{
	return op_symbols[op];
}

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end;
}

/* Reads a number ("40", "4.1") at *p; stores a copy of its text in *text
 * and its value in *value.  -1 if there is none. */
static int read_figure(const char **p, const char *end, struct arena *a,
		       const char **text, double *value)
{
	const char *s = *p, *q = s;
	char buf[TARGET_FIGURE_MAX + 1];

	while (q < end && isdigit((unsigned char)*q))
		q++;
	if (q == s)
		return -1;
	if (q + 1 < end && *q == '.' && isdigit((unsigned char)q[1])) {
		q++;
		while (q < end && isdigit((unsigned char)*q))
			q++;
	}
	if (q - s > TARGET_FIGURE_MAX)
		return -1;
	memcpy(buf, s, (size_t)(q - s));
	buf[q - s] = '\0';
	*value = strtod(buf, NULL);
	*text = arena_strndup(a, s, (size_t)(q - s));
	*p = q;
	return *text ? 0 : -2;
}

static int parse_op(const char **p, const char *end, enum target_op *op)
{
	const char *s = *p;
	int eq = s + 1 < end && s[1] == '=';

	switch (*s) {
	case '>': *op = eq ? TARGET_GE : TARGET_GT; break;
	case '<': *op = eq ? TARGET_LE : TARGET_LT; break;
	case '=': *op = TARGET_EQ; eq = 0; break;
	default: return -1;
	}
	*p = s + 1 + eq;
	return 0;
}

/* Parses one target in [s, end) into *t. */
static int parse_one(const char *s, const char *end, struct arena *a,
		     struct target *t, struct duban_error *err)
{
	const char *p, *subject_end, *unit, *unit_end, *at;
	int rc;

	s = skip_blanks(s, end);
	end = trim_end(s, end);
	p = s;
	while (p < end && !strchr("<>=@", *p))
		p++;
	if (p == end || *p == '@')
		return error_set(err, NULL, 0,
				 _("target \"%.*s\" has no "
				 "comparison (> >= = <= <)"),
				 (int)(end - s), s);
	subject_end = trim_end(s, p);
	if (subject_end == s)
		return error_set(err, NULL, 0,
				 _("target \"%.*s\" does "
				 "not say what is counted"),
				 (int)(end - s), s);
	parse_op(&p, end, &t->op);
	p = skip_blanks(p, end);
	rc = read_figure(&p, end, a, &t->figure, &t->value);
	if (rc == -2)
		return error_nomem(err);
	if (rc < 0)
		return error_set(err, NULL, 0,
				 _("target \"%.*s\" has no figure after \"%s\""),
				 (int)(end - s), s, target_op_symbol(t->op));
	t->figure_max = NULL;
	t->value_max = t->value;
	if (p < end && *p == '-') {
		p++;
		rc = read_figure(&p, end, a, &t->figure_max, &t->value_max);
		if (rc == -2)
			return error_nomem(err);
		if (rc < 0 || t->op != TARGET_EQ || t->value_max < t->value)
			return error_set(err, NULL, 0,
					 _("target \"%.*s\" has a malformed "
					 "range (write \"=1-2\", low to high)"),
					 (int)(end - s), s);
	}
	unit = skip_blanks(p, end);
	at = memchr(unit, '@', (size_t)(end - unit));
	unit_end = trim_end(unit, at ? at : end);
	/* a unit starting with "-" would read as a range once written
	 * without the blank before it */
	for (const char *q = unit; q < unit_end; q++)
		if (strchr("<>=", *q) || isdigit((unsigned char)*q) ||
		    (q == unit && *q == '-'))
			return error_set(err, NULL, 0,
					 _("target \"%.*s\" has \"%.*s\" after "
					 "its figure, which is not a unit"),
					 (int)(end - s), s, (int)(unit_end - unit), unit);
	t->subject = arena_strndup(a, s, (size_t)(subject_end - s));
	t->unit = arena_strndup(a, unit, (size_t)(unit_end - unit));
	if (!t->subject || !t->unit)
		return error_nomem(err);
	t->by = DATE_NONE;
	if (at) {
		char date[64];
		const char *d = skip_blanks(at + 1, end);

		if ((size_t)(end - d) >= sizeof(date))
			d = end - (sizeof(date) - 1);
		memcpy(date, d, (size_t)(end - d));
		date[end - d] = '\0';
		if (date_parse(date, &t->by))
			return error_set(err, NULL, 0,
					 _("target \"%.*s\" has \"%s\" "
					 "after \"@\", which is not a date"),
					 (int)(end - s), s, date);
	}
	return 0;
}

/* How many of v[0..i) have v[i]'s subject, and, with same_date, its date
 * too. */
static size_t alike_before(const struct target *v, size_t i, bool same_date)
{
	size_t count = 0;

	for (size_t k = 0; k < i; k++)
		count += strcmp(v[k].subject, v[i].subject) == 0 &&
			 (!same_date || v[k].by == v[i].by);
	return count;
}

/* Gives every target its key: the subject for the first target counting
 * it, so that adding a target never changes an earlier one's key; for a
 * later one "@" and its date, or "@" and its place among the alike (2,
 * 3, ...).  A subject holds no "@", so no key is another's subject.  An
 * item has a handful of targets, so the pairwise look is cheap.  Returns
 * -1 when memory runs out. */
static int assign_keys(struct target *v, size_t n, struct arena *a)
{
	for (size_t i = 0; i < n; i++) {
		size_t before = alike_before(v, i, false);
		size_t size = strlen(v[i].subject) + DATE_BUFSIZE + 32;
		char date[DATE_BUFSIZE], *key;

		if (before == 0) {
			v[i].key = v[i].subject;
			continue;
		}
		if (!(key = arena_alloc(a, size)))
			return -1;
		if (v[i].by != DATE_NONE && alike_before(v, i, true) == 0)
			snprintf(key, size, "%s@%s", v[i].subject,
				 date_format(v[i].by, date));
		else
			snprintf(key, size, "%s@%zu", v[i].subject, before + 1);
		v[i].key = key;
	}
	return 0;
}

int targets_parse(const char *s, struct arena *a, struct target **out,
		  size_t *count, struct duban_error *err)
{
	const char *end = s + strlen(s), *p;
	size_t n = 1, i = 0;
	struct target *t;

	*out = NULL;
	*count = 0;
	if (skip_blanks(s, end) == end)
		return 0;
	for (p = s; *p; p++)
		n += *p == ';';
	t = arena_alloc(a, n * sizeof(*t));
	if (!t)
		return error_nomem(err);
	for (p = s; i < n; i++) {
		const char *semi = strchr(p, ';');
		const char *stop = semi ? semi : end;

		if (skip_blanks(p, stop) == stop)
			return error_set(err, NULL, 0,
					 _("targets \"%s\" has an empty entry"),
					 s);
		if (parse_one(p, stop, a, &t[i], err))
			return -1;
		p = stop + 1;
	}
	*out = t;
	*count = n;
	return assign_keys(t, n, a) ? error_set(err, NULL, 0, _("out of memory"))
						: 0;
}

long target_find_key(const struct target *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return (long)i;
	return -1;
}

int target_format(const struct target *t, char *buf, size_t size)
{
	char date[DATE_BUFSIZE];

	return snprintf(buf, size, "%s%s%s%s%s%s%s%s", t->subject,
			target_op_symbol(t->op), t->figure,
			t->figure_max ? "-" : "", t->figure_max ? t->figure_max : "",
			t->unit, t->by != DATE_NONE ? "@" : "",
			t->by != DATE_NONE ? date_format(t->by, date) : "");
}

bool target_met(const struct target *t, double actual)
{
	switch (t->op) {
	case TARGET_GT: return actual > t->value;
	case TARGET_GE: return actual >= t->value;
	case TARGET_EQ: return actual >= t->value;
	case TARGET_LE: return actual <= t->value;
	case TARGET_LT: return actual < t->value;
	}
	return false;
}
