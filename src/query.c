#include "duban/query.h"

#include <stdio.h>
#include <string.h>

#include "duban/i18n.h"
#include "duban/lexeme.h"
#include "duban/match.h"
#include "duban/mem.h"
#include "duban/tally.h"
#include "duban/text.h"

/* Reads a section number, "2", "二" or "十二", at *s: 1 to 999. */
static int read_section_number(const char **s, int *n)
{
	long v;

	if (lex_read_cn_number(s, &v) && lex_read_number(s, &v))
		return -1;
	if (v < 1 || v > 999)
		return -1;
	*n = (int)v;
	return 0;
}

int filter_parse_section(const char *s, int *section, int *subsection)
{
	char buf[64];
	const char *p = buf;

	if (text_fold_fullwidth(s, buf, sizeof(buf)) || read_section_number(&p, section))
		return -1;
	*subsection = 0;
	if (*p == '.' && (p++, read_section_number(&p, subsection)))
		return -1;
	return *p ? -1 : 0;
}

bool filter_match(const struct filter *f, const struct item *it,
		  const struct item_state *st)
{
	if (f->by_status && st->status != f->status)
		return false;
	if (f->by_light) {
		struct health h;

		health_of(it, st, f->as_of, f->settings, &h);
		if (h.light != f->light)
			return false;
	}
	if (f->section && it->section != f->section)
		return false;
	if (f->subsection && it->subsection != f->subsection)
		return false;
	if (f->unit && !units_match(&it->lead_units, f->unit))
		return false;
	if (f->participant && !units_match(&it->participants, f->participant))
		return false;
	if (f->involving && !units_match(&it->lead_units, f->involving) &&
	    !units_match(&it->participants, f->involving))
		return false;
	if (f->leader && !names_contain(&it->leaders, f->leader))
		return false;
	if (f->grep && !strstr(it->text, f->grep))
		return false;
	return true;
}

/* Suggestions are the known names closest to the unknown one. */
#define SUGGESTIONS_MAX 3

/* The error for name, no unit (or, if leader, no leader) of the plan,
 * with the closest of the names ty holds as suggestions. */
static int unknown_name(bool leader, const char *name,
			const struct tally *ty, struct duban_error *err)
{
	const char **known = mem_calloc(ty->n, sizeof(char *));
	const char *close[SUGGESTIONS_MAX];
	char hint[512] = "";
	long n;

	if (!known)
		return error_nomem(err);
	for (size_t i = 0; i < ty->n; i++)
		known[i] = ty->v[i].name;
	n = names_closest(name, known, ty->n, close, SUGGESTIONS_MAX);
	mem_free(known);
	if (n < 0)
		return error_nomem(err);
	for (long i = 0; i < n; i++) {
		size_t len = strlen(hint);

		/* TRANSLATORS: ", " and " or " join the names suggested:
		 * "A, B or C". */
		snprintf(hint + len, sizeof(hint) - len, "%s%s",
			 i == 0 ? "" : i == n - 1 ? _(" or ")
						    : _(", "), close[i]);
	}
	if (n == 0)
		return error_set(err, NULL, 0, leader
				 ? _("no leader \"%s\" in the plan")
				 : _("no unit \"%s\" in the plan"), name);
	return error_set(err, NULL, 0, leader
			 ? _("no leader \"%s\" in the plan; did you mean %s?")
			 : _("no unit \"%s\" in the plan; did you mean %s?"),
			 name, hint);
}

/* A unit is known if it names an entry in any role: a lead unit that
 * takes part in nothing is still a unit, and its empty result is an answer. */
static bool unit_known(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (units_match(&t->items[i].lead_units, name) ||
		    units_match(&t->items[i].participants, name))
			return true;
	return false;
}

/* The error for a name that is nowhere in t, with the closest names that
 * count() finds there as suggestions. */
static int no_such_name(const struct table *t, bool leader, const char *name,
			int (*count)(struct tally *, const struct table *),
			struct duban_error *err)
{
	struct tally ty = TALLY_INIT;
	int rc;

	if (count(&ty, t))
		rc = error_nomem(err);
	else
		rc = unknown_name(leader, name, &ty, err);
	tally_release(&ty);
	return rc;
}

static bool leader_known(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (names_contain(&t->items[i].leaders, name))
			return true;
	return false;
}

static int check_unit(const struct table *t, const char *name,
		      struct duban_error *err)
{
	if (!name || unit_known(t, name))
		return 0;
	return no_such_name(t, false, name, tally_units, err);
}

static int check_leader(const struct table *t, const char *name,
			struct duban_error *err)
{
	if (!name || leader_known(t, name))
		return 0;
	return no_such_name(t, true, name, tally_leaders, err);
}

int filter_check_names(const struct filter *f, const struct table *t,
		       struct duban_error *err)
{
	if (check_unit(t, f->unit, err) || check_unit(t, f->participant, err) ||
	    check_unit(t, f->involving, err) ||
	    check_leader(t, f->leader, err))
		return -1;
	return 0;
}

int filter_select(const struct filter *f, const struct table *t,
		  const struct plan_state *ps, size_t **positions,
		  size_t *count, struct duban_error *err)
{
	size_t *v = NULL, cap = 0, n = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (!filter_match(f, &t->items[i], &ps->items[i]))
			continue;
		if (mem_grow((void **)&v, &cap, n + 1, sizeof(*v))) {
			mem_free(v);
			return error_nomem(err);
		}
		v[n++] = i;
	}
	*positions = v;
	*count = n;
	return 0;
}
