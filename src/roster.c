#include "duban/roster.h"

#include <stdlib.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/tally.h"
#include "duban/text.h"

enum { C_UNIT, C_GROUP, C_CONTACT, C_COUNT };

static const char *const columns[C_COUNT] = { "unit", "group", "contact" };

struct loader {
	struct roster *r;
	const char *name;
	struct tally plan_units;	/* every unit the plan names */
};

static int read_row(struct loader *l, const char *const *f, long line,
		    struct unit_row *u, struct duban_error *err)
{
	struct arena *a = &l->r->arena;
	size_t known = l->plan_units.n;

	if (!*f[C_UNIT])
		return error_set(err, l->name, line, _("a row without a unit"));
	if (text_breaks_line(f[C_UNIT], false) ||
	    text_breaks_line(f[C_GROUP], false) ||
	    text_breaks_line(f[C_CONTACT], false))
		return error_set(err, l->name, line, _("a line break or another "
				 "control character in a field"));
	if (tally_intern(&l->plan_units, f[C_UNIT]) < 0)
		return error_nomem(err);
	if (l->plan_units.n > known)	/* new to the plan's units */
		return error_set(err, l->name, line, _("the plan has no unit "
				 "\"%s\" (write it exactly as items.csv does)"),
				 f[C_UNIT]);
	u->unit = arena_strndup(a, f[C_UNIT], strlen(f[C_UNIT]));
	u->group = arena_strndup(a, f[C_GROUP], strlen(f[C_GROUP]));
	u->contact = arena_strndup(a, f[C_CONTACT], strlen(f[C_CONTACT]));
	u->line = line;
	return u->unit && u->group && u->contact ? 0 : error_nomem(err);
}

static int on_row(void *ctx, const char *const *fields, long line,
		  struct duban_error *err)
{
	struct loader *l = ctx;
	struct roster *r = l->r;

	if (mem_grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return error_nomem(err);
	if (read_row(l, fields, line, &r->v[r->n], err))
		return -1;
	r->n++;
	return 0;
}

static int by_unit_only(const void *pa, const void *pb)
{
	return strcmp(((const struct unit_row *)pa)->unit,
		      ((const struct unit_row *)pb)->unit);
}

static int by_unit(const void *pa, const void *pb)
{
	const struct unit_row *a = pa, *b = pb;
	int c = by_unit_only(pa, pb);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

int roster_load(struct roster *r, const char *path, const char *name,
		const struct table *t, struct duban_error *err)
{
	struct loader l = { .r = r, .name = name, .plan_units = TALLY_INIT };
	int rc;

	if (tally_units(&l.plan_units, t)) {
		tally_release(&l.plan_units);
		return error_nomem(err);
	}
	rc = csv_read_table(path, name, columns, C_COUNT,
			   _("units.csv has unit, group and contact"), on_row,
			   &l, err);
	tally_release(&l.plan_units);
	if (rc == 0 && r->n > 1) {
		qsort(r->v, r->n, sizeof(*r->v), by_unit);
		for (size_t i = 1; i < r->n && rc == 0; i++)
			if (strcmp(r->v[i - 1].unit, r->v[i].unit) == 0)
				rc = error_set(err, name, r->v[i].line,
					       _("%s is already on line %ld"),
					       r->v[i].unit, r->v[i - 1].line);
	}
	if (rc)
		roster_release(r);
	return rc;
}

const struct unit_row *roster_find(const struct roster *r, const char *unit)
{
	struct unit_row key = { .unit = unit };

	return r->n ? bsearch(&key, r->v, r->n, sizeof(*r->v), by_unit_only)
		    : NULL;
}

void roster_release(struct roster *r)
{
	mem_free(r->v);
	arena_release(&r->arena);
	*r = (struct roster)ROSTER_INIT;
}
