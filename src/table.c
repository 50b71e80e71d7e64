#include "duban/table.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/strbuf.h"
#include "duban/text.h"

static const char *const column_names[COL_COUNT] = {
	[COL_ID] = "id",
	[COL_SECTION] = "section",
	[COL_SECTION_TITLE] = "section_title",
	[COL_SUBSECTION] = "subsection",
	[COL_SUBSECTION_TITLE] = "subsection_title",
	[COL_TEXT] = "text",
	[COL_LEADERS] = "leaders",
	[COL_LEAD_UNITS] = "lead_units",
	[COL_PARTICIPANTS] = "participants",
	[COL_DEADLINE] = "deadline",
	[COL_DEADLINE_TEXT] = "deadline_text",
	[COL_TARGETS] = "targets",
};

/* Largest id accepted: plans number items in the hundreds. */
#define ID_MAX 999999999L

const char *column_name(enum column c)
{
	return column_names[c];
}

/* State of one load: the table being filled and the header's layout. */
struct loader {
	struct table *t;
	const char *name;
	int pos[COL_COUNT];	/* field index of each column in the file */
	int key_pos;		/* of the optional key column; -1 if none */
	size_t ncolumns;	/* fields per record, from the header */
	bool have_header;
};

/* --- the id index ------------------------------------------------------ */

static size_t hash_id(long id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (size_t)(x ^ (x >> 29));
}

static int index_grow(struct table *t)
{
	size_t cap = t->index_cap ? t->index_cap * 2 : 64;
	struct table_slot *index = mem_calloc(cap, sizeof(*index));

	if (!index)
		return -1;
	for (size_t i = 0; i < t->index_cap; i++) {
		size_t h;

		if (!t->index[i].pos)
			continue;
		h = hash_id(t->index[i].id) & (cap - 1);
		while (index[h].pos)
			h = (h + 1) & (cap - 1);
		index[h] = t->index[i];
	}
	mem_free(t->index);
	t->index = index;
	t->index_cap = cap;
	return 0;
}

/* The slot that holds id, or the empty slot where it would go. */
static size_t index_slot(const struct table *t, long id)
{
	size_t h = hash_id(id) & (t->index_cap - 1);

	while (t->index[h].pos && t->index[h].id != id)
		h = (h + 1) & (t->index_cap - 1);
	return h;
}

const struct item *table_find(const struct table *t, long id)
{
	size_t h;

	if (!t->index_cap)
		return NULL;
	h = index_slot(t, id);
	return t->index[h].pos ? &t->items[t->index[h].pos - 1] : NULL;
}

/* --- fields ------------------------------------------------------------ */

/* Parses a whole number in [min, max] (full-width digits accepted). */
static int parse_whole(const char *s, long min, long max, long *out)
{
	char buf[32];
	long v = 0;
	const char *p;

	if (text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	for (p = buf; *p == ' '; p++)
		;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > max)
			return -1;
	}
	while (*p == ' ')
		p++;
	if (*p || v < min)
		return -1;
	*out = v;
	return 0;
}

static const char *trim(const char *s, size_t *len)
{
	while (*len && (*s == ' ' || *s == '\t')) {
		s++;
		(*len)--;
	}
	while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
		(*len)--;
	return s;
}

/* Splits "a;b;c" into names in the arena, skipping empty entries. */
static int split_names(struct arena *a, const char *s, struct names *out)
{
	size_t n = 0, i = 0;
	const char *p;

	out->v = NULL;
	out->n = 0;
	for (p = s; *p; p++)
		n += *p == ';';
	out->v = arena_alloc(a, (n + 1) * sizeof(char *));
	if (!out->v)
		return -1;
	for (p = s;; p++) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		const char *name = trim(p, &len);

		if (len) {
			out->v[i] = arena_strndup(a, name, len);
			if (!out->v[i++])
				return -1;
		}
		if (!semi)
			break;
		p = semi;
	}
	out->n = i;
	return 0;
}

/* --- records ----------------------------------------------------------- */

static int read_header(struct loader *l, const struct csv_record *rec,
		       struct duban_error *err)
{
	for (int c = 0; c < COL_COUNT; c++)
		l->pos[c] = -1;
	l->key_pos = -1;
	for (size_t i = 0; i < rec->count; i++) {
		size_t len = rec->lens[i];
		const char *name = trim(rec->fields[i], &len);
		int c;

		if (len == strlen(TABLE_KEY_COLUMN) &&
		    memcmp(name, TABLE_KEY_COLUMN, len) == 0) {
			if (l->key_pos >= 0)
				return error_set(err, l->name, rec->line, _("column "
						 "\"%s\" appears twice in the "
						 "header"), TABLE_KEY_COLUMN);
			l->key_pos = (int)i;
			continue;
		}
		for (c = 0; c < COL_COUNT; c++)
			if (strlen(column_names[c]) == len &&
			    memcmp(column_names[c], name, len) == 0)
				break;
		if (c == COL_COUNT)
			return error_set(err, l->name, rec->line,
					 _("unknown column "
					 "\"%.*s\" in the header"),
					 (int)len, name);
		if (l->pos[c] >= 0)
			return error_set(err, l->name, rec->line,
					 _("column \"%s\" appears "
					 "twice in the header"),
					 column_names[c]);
		l->pos[c] = (int)i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (l->pos[c] < 0)
			return error_set(err, l->name, rec->line,
					 _("the header has no \"%s\" column"),
					 column_names[c]);
	l->ncolumns = rec->count;
	l->have_header = true;
	return 0;
}

static int read_id(struct loader *l, const char *s, long line, long *id,
		   struct duban_error *err)
{
	struct table *t = l->t;
	size_t h;

	if (parse_whole(s, 1, ID_MAX, id))
		return error_set(err, l->name, line,
				 _("id \"%s\" is not a whole "
				 "number from 1 to %ld"),
				 s, ID_MAX);
	if (t->n + 1 > t->index_cap / 2 && index_grow(t))
		return error_nomem(err);
	h = index_slot(t, *id);
	if (t->index[h].pos)
		return error_set(err, l->name, line,
				 _("id %ld is already used on line %ld"), *id,
				 t->items[t->index[h].pos - 1].line);
	return 0;
}

static int read_number_field(struct loader *l, const char *s, const char *what,
			     long line, int *out, struct duban_error *err)
{
	long v = 0;

	if (*s && parse_whole(s, 0, TABLE_SECTION_MAX, &v))
		return error_set(err, l->name, line,
				 _("%s \"%s\" is not a whole number"), what, s);
	*out = (int)v;
	return 0;
}

/* A name or a target with a line break (Excel's Alt+Enter) or another
 * control character would reach the journal ("by", a target's key) and
 * every line that names it: refused where the plan says it. */
static int check_names(struct loader *l, const struct csv_record *rec,
		       enum column c, struct duban_error *err)
{
	const char *s = rec->fields[l->pos[c]];

	for (const char *p = s; *p; p++)
		if (text_unsafe_len(p) || *p == '\n' || *p == '\t')
			return error_set(err, l->name, rec->line,
					 c == COL_TARGETS
					 ? _("%s holds a line break or another "
					     "control character inside a target")
					 : _("%s holds a line break or another "
					     "control character inside a name"),
					 column_names[c]);
	return 0;
}

/* Reads the item's key; duplicates are found once all are read. */
static int read_key(struct loader *l, const struct csv_record *rec,
		    struct item *it, struct duban_error *err)
{
	const char *s = rec->fields[l->key_pos];
	size_t n = rec->lens[l->key_pos];

	if (!n)
		return error_set(err, l->name, rec->line, _("item %ld has no "
				 "key: the key column names every item for good"),
				 it->id);
	if (n > TABLE_KEY_MAX)
		return error_set(err, l->name, rec->line, _("the key of item "
				 "%ld is longer than %d bytes"),
				 it->id, TABLE_KEY_MAX);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || text_unsafe_len(p))
			return error_set(err, l->name, rec->line, _("the key of "
					 "item %ld holds a control character"),
					 it->id);
	if (!(it->key = arena_strndup(&l->t->arena, s, n)))
		return error_nomem(err);
	return 0;
}

static int read_item(struct loader *l, const struct csv_record *rec,
		     struct item *it, struct duban_error *err)
{
	struct arena *a = &l->t->arena;
	char *const *f = rec->fields;
	const int *pos = l->pos;
	const char *deadline = f[pos[COL_DEADLINE]];
	struct duban_error terr;

	memset(it, 0, sizeof(*it));
	it->line = rec->line;
	if (read_id(l, f[pos[COL_ID]], rec->line, &it->id, err) ||
	    read_number_field(l, f[pos[COL_SECTION]], "section", rec->line,
			      &it->section, err) ||
	    read_number_field(l, f[pos[COL_SUBSECTION]], "subsection",
			      rec->line, &it->subsection, err))
		return -1;
	if (!*f[pos[COL_TEXT]])
		return error_set(err, l->name, rec->line,
				 _("item %ld has no text"), it->id);
	if (check_names(l, rec, COL_LEADERS, err) ||
	    check_names(l, rec, COL_LEAD_UNITS, err) ||
	    check_names(l, rec, COL_PARTICIPANTS, err) ||
	    check_names(l, rec, COL_TARGETS, err))
		return -1;
	it->deadline = DATE_NONE;
	if (*deadline && date_parse(deadline, &it->deadline))
		return error_set(err, l->name, rec->line,
				 _("deadline \"%s\" is not a date"), deadline);
	if (targets_parse(f[pos[COL_TARGETS]], a, &it->targets, &it->ntargets,
			  &terr))
		return error_set(err, l->name, rec->line, "%s", terr.msg);
	it->section_title = arena_strndup(a, f[pos[COL_SECTION_TITLE]],
					  rec->lens[pos[COL_SECTION_TITLE]]);
	it->subsection_title = arena_strndup(a, f[pos[COL_SUBSECTION_TITLE]],
					     rec->lens[pos[COL_SUBSECTION_TITLE]]);
	it->text = arena_strndup(a, f[pos[COL_TEXT]], rec->lens[pos[COL_TEXT]]);
	it->deadline_text = arena_strndup(a, f[pos[COL_DEADLINE_TEXT]],
					  rec->lens[pos[COL_DEADLINE_TEXT]]);
	if (l->key_pos >= 0 && read_key(l, rec, it, err))
		return -1;
	if (!it->section_title || !it->subsection_title || !it->text ||
	    !it->deadline_text ||
	    split_names(a, f[pos[COL_LEADERS]], &it->leaders) ||
	    split_names(a, f[pos[COL_LEAD_UNITS]], &it->lead_units) ||
	    split_names(a, f[pos[COL_PARTICIPANTS]], &it->participants))
		return error_nomem(err);
	return 0;
}

static int on_record(const struct csv_record *rec, void *ctx,
		     struct duban_error *err)
{
	struct loader *l = ctx;
	struct table *t = l->t;
	size_t max = t->max_items ? t->max_items : (size_t)TABLE_ITEMS_MAX;
	size_t h;

	if (!l->have_header)
		return read_header(l, rec, err);
	if (rec->count != l->ncolumns)
		return error_set(err, l->name, rec->line,
				 _("%zu fields where the header has %zu"),
				 rec->count, l->ncolumns);
	if (t->n >= max)
		return error_set(err, l->name, rec->line,
				 _("more items than the limit of %zu"), max);
	if (mem_grow((void **)&t->items, &t->cap, t->n + 1, sizeof(*t->items)))
		return error_nomem(err);
	if (read_item(l, rec, &t->items[t->n], err))
		return -1;
	h = index_slot(t, t->items[t->n].id);
	t->index[h] = (struct table_slot){ t->items[t->n].id, t->n + 1 };
	t->n++;
	return 0;
}

static int by_item_key(const void *pa, const void *pb)
{
	const struct item *a = *(const struct item *const *)pa;
	const struct item *b = *(const struct item *const *)pb;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* Sorts the items by key, refusing a key used twice. */
static int index_keys(struct loader *l, struct duban_error *err)
{
	struct table *t = l->t;

	if (!(t->by_key = mem_calloc(t->n ? t->n : 1, sizeof(*t->by_key))))
		return error_nomem(err);
	for (size_t i = 0; i < t->n; i++)
		t->by_key[i] = &t->items[i];
	qsort(t->by_key, t->n, sizeof(*t->by_key), by_item_key);
	for (size_t i = 1; i < t->n; i++) {
		const struct item *a = t->by_key[i - 1], *b = t->by_key[i];

		if (strcmp(a->key, b->key) == 0)
			return error_set(err, l->name, b->line, _("key \"%s\" "
					 "is already used on line %ld: give the "
					 "item a key of its own"),
					 b->key, a->line);
	}
	return 0;
}

int table_index_items(struct table *t, bool keys, struct duban_error *err)
{
	size_t cap = 1024;

	while (cap < t->n * 2)
		cap *= 2;
	mem_free(t->index);
	if (!(t->index = mem_calloc(cap, sizeof(*t->index))))
		return error_nomem(err);
	t->index_cap = cap;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = index_slot(t, t->items[i].id);

		if (t->index[h].pos || t->items[i].id <= 0)
			return 1;
		t->index[h] = (struct table_slot){ t->items[i].id, i + 1 };
	}
	if (!keys)
		return 0;
	if (!(t->by_key = mem_calloc(t->n ? t->n : 1, sizeof(*t->by_key))))
		return error_nomem(err);
	for (size_t i = 0; i < t->n; i++) {
		if (!t->items[i].key)
			return 1;
		t->by_key[i] = &t->items[i];
	}
	qsort(t->by_key, t->n, sizeof(*t->by_key), by_item_key);
	for (size_t i = 1; i < t->n; i++)
		if (strcmp(t->by_key[i - 1]->key, t->by_key[i]->key) == 0)
			return 1;
	return 0;
}

const struct item *table_find_key(const struct table *t, const char *key)
{
	size_t lo = 0, hi = t->by_key ? t->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct item *it = t->by_key[mid];
		int c = strcmp(key, it->key);

		if (c == 0)
			return it;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int finish_load(struct loader *l, int rc, struct duban_error *err)
{
	if (rc == 0 && !l->have_header)
		rc = error_set(err, l->name, 1, _("the file has no header row"));
	if (rc == 0 && l->key_pos >= 0)
		rc = index_keys(l, err);
	if (rc)
		table_release(l->t);
	return rc;
}

int table_load_file(struct table *t, const char *path, const char *name,
		    struct duban_error *err)
{
	struct loader l = { .t = t, .name = name };

	return finish_load(&l, csv_read_file(path, name, on_record, &l, NULL, err),
			   err);
}

int table_load_buffer(struct table *t, const char *buf, size_t n,
		      const char *name, struct duban_error *err)
{
	struct loader l = { .t = t, .name = name };

	return finish_load(&l, csv_read_buffer(buf, n, name, on_record, &l, NULL,
					       err), err);
}

void table_release(struct table *t)
{
	size_t max_items = t->max_items;

	mem_free(t->items);
	mem_free(t->index);
	mem_free((void *)t->by_key);
	arena_release(&t->arena);
	*t = (struct table)TABLE_INIT;
	t->max_items = max_items;
}

int table_write_header(struct strbuf *out)
{
	for (int c = 0; c < COL_COUNT; c++)
		if ((c && sb_add(out, ",", 1)) || sb_puts(out, column_name(c)))
			return -1;
	return sb_add(out, "\n", 1);
}

/* Appends the list nm as one field: "a;b;c". */
static int write_names(struct strbuf *out, const struct names *nm)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = sb_reset(&sb);

	for (size_t i = 0; i < nm->n && !rc; i++)
		rc = (i && sb_add(&sb, ";", 1)) || sb_puts(&sb, nm->v[i]);
	rc = rc || csv_append_field(out, sb.s);
	sb_release(&sb);
	return rc ? -1 : 0;
}

int table_write_row(struct strbuf *out, const struct item *it,
		    const char *targets)
{
	char date[DATE_BUFSIZE];
	int rc = sb_printf(out, "%ld,%d,", it->id, it->section) ||
		 csv_append_field(out, it->section_title) ||
		 sb_printf(out, ",%d,", it->subsection) ||
		 csv_append_field(out, it->subsection_title) ||
		 sb_add(out, ",", 1) || csv_append_field(out, it->text) ||
		 sb_add(out, ",", 1) || write_names(out, &it->leaders) ||
		 sb_add(out, ",", 1) || write_names(out, &it->lead_units) ||
		 sb_add(out, ",", 1) || write_names(out, &it->participants) ||
		 sb_add(out, ",", 1) ||
		 sb_puts(out, date_format(it->deadline, date)) ||
		 sb_add(out, ",", 1) ||
		 csv_append_field(out, it->deadline_text ? it->deadline_text : "") ||
		 sb_add(out, ",", 1) || csv_append_field(out, targets ? targets : "") ||
		 sb_add(out, "\n", 1);

	return rc ? -1 : 0;
}
