#include "duban/people.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "duban/csvread.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/tally.h"
#include "duban/text.h"

enum { C_NAME, C_UNIT, C_ROLE, C_COUNT };

static const char *const columns[C_COUNT] = { "name", "unit", "role" };
static const char *const role_keys[PERSON_ROLE_COUNT] = {
	"office", "clerk", "leader",
};
static const char *const role_labels[PERSON_ROLE_COUNT] = {
	"督查室", "联络员", "领导",
};

const char *person_role_key(enum person_role r)
{
	return role_keys[r];
}

struct loader {
	struct people *p;
	const char *name;
	const char *const *units;	/* the plan's units, sorted */
	size_t nunits;
};

static int parse_role(const char *s, enum person_role *out)
{
	for (int r = 0; r < PERSON_ROLE_COUNT; r++)
		if (strcmp(s, role_keys[r]) == 0 || strcmp(s, role_labels[r]) == 0) {
			*out = (enum person_role)r;
			return 0;
		}
	return -1;
}

static int by_string(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The plan's units (lead units and participants), sorted for lookups.
 * Returns 0, or -1 when memory runs out. */
static int list_units(const char ***units, size_t *n, const struct table *t)
{
	struct tally ty = TALLY_INIT;
	int rc = tally_units(&ty, t);

	*units = NULL;
	*n = 0;
	if (rc == 0 && ty.n && !(*units = mem_calloc(ty.n, sizeof(**units))))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ty.n; i++)
		(*units)[(*n)++] = ty.v[i].name;	/* the table's */
	tally_release(&ty);
	if (*n > 1)
		qsort(*units, *n, sizeof(**units), by_string);
	return rc;
}

static int read_person(struct loader *l, const char *const *f, long line,
		       struct person *ps, struct duban_error *err)
{
	const char *name = f[C_NAME];
	const char *unit = f[C_UNIT];
	const char *role = f[C_ROLE];

	if (!*name)
		return error_set(err, l->name, line, _("a person without a name"));
	if (text_breaks_line(name, false))
		return error_set(err, l->name, line, _("the name holds a "
				 "line break or another control character"));
	if (parse_role(role, &ps->role))
		return error_set(err, l->name, line, _("\"%s\" is not a role: "
				 "write office, clerk or leader (督查室, 联络员, 领导)"),
				 role);
	if (ps->role == PERSON_CLERK && !*unit)
		return error_set(err, l->name, line, _("%s is a clerk without a "
				 "unit"), name);
	if (*unit && (!l->nunits || !bsearch(&unit, l->units, l->nunits,
					     sizeof(*l->units), by_string)))
		return error_set(err, l->name, line, _("the plan has no unit "
				 "\"%s\" (write it exactly as items.csv does)"), unit);
	ps->name = arena_strndup(&l->p->arena, name, strlen(name));
	ps->unit = arena_strndup(&l->p->arena, unit, strlen(unit));
	ps->line = line;
	return ps->name && ps->unit ? 0 : error_nomem(err);
}

static int on_row(void *ctx, const char *const *fields, long line,
		  struct duban_error *err)
{
	struct loader *l = ctx;
	struct people *p = l->p;

	if (mem_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)))
		return error_nomem(err);
	if (read_person(l, fields, line, &p->v[p->n], err))
		return -1;
	p->n++;
	return 0;
}

static int by_name(const void *pa, const void *pb)
{
	const struct person *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

int people_load(struct people *p, const char *path, const char *name,
		const struct table *t, struct duban_error *err)
{
	const char **units;
	size_t n;
	struct stat st;
	int rc;

	if (lstat(path, &st) && errno == ENOENT)
		return 0;
	if (list_units(&units, &n, t)) {
		mem_free(units);
		return error_nomem(err);
	}
	rc = people_load_units(p, path, name, units, n, err);
	mem_free(units);
	return rc;
}

int people_load_units(struct people *p, const char *path, const char *name,
		      const char *const *units, size_t nunits,
		      struct duban_error *err)
{
	struct loader l = { .p = p, .name = name, .units = units,
			    .nunits = nunits };
	int rc = csv_read_table(path, name, columns, C_COUNT,
				_("people.csv has name, unit and role"),
				on_row, &l, err);

	if (rc == 0 && p->n > 1) {
		qsort(p->v, p->n, sizeof(*p->v), by_name);
		for (size_t i = 1; i < p->n && rc == 0; i++)
			if (strcmp(p->v[i - 1].name, p->v[i].name) == 0)
				rc = error_set(err, name, p->v[i].line, _("%s is already "
					       "on line %ld"), p->v[i].name,
					       p->v[i - 1].line);
	}
	if (rc)
		people_release(p);
	return rc;
}

const struct person *people_find(const struct people *p, const char *name)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, p->v[mid].name);

		if (c == 0)
			return &p->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void people_release(struct people *p)
{
	mem_free(p->v);
	arena_release(&p->arena);
	*p = (struct people)PEOPLE_INIT;
}
