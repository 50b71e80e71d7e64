#include "duban/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "duban/csvread.h"
#include "duban/digest.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/sort.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/tally.h"
#include "index_file.h"

_Static_assert(sizeof(struct ix_header) % 8 == 0, "header aligned");
_Static_assert(sizeof(struct ix_item) % 8 == 0, "items aligned");
_Static_assert(sizeof(struct ix_target) % 8 == 0, "targets aligned");
_Static_assert(sizeof(struct ix_entry) % 8 == 0, "entries aligned");

/* --- shared with the readers ------------------------------------------------- */

unsigned long ix_crc(unsigned long crc, const void *p, size_t n)
{
	const Bytef *b = p;

	while (n) {	/* zlib takes a uInt at a time */
		uInt part = n > (1u << 30) ? 1u << 30 : (uInt)n;

		crc = crc32(crc, b, part);
		b += part;
		n -= part;
	}
	return crc;
}

uint64_t ix_hash_id(long id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return x ^ (x >> 29);
}

uint64_t ix_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

int64_t ix_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

int64_t ix_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ix_ns(&ts);
}

void ix_stat_of(const struct stat *st, struct ix_stat *out)
{
	*out = (struct ix_stat){
		.dev = (uint64_t)st->st_dev, .ino = (uint64_t)st->st_ino,
		.size = (uint64_t)st->st_size,
		.mtime_s = st->st_mtim.tv_sec, .mtime_ns = st->st_mtim.tv_nsec,
		.ctime_s = st->st_ctim.tv_sec, .ctime_ns = st->st_ctim.tv_nsec,
	};
}

/* The last line ending at end, reading back size bytes at most: 0 found,
 * 1 longer than that, -1 none. */
static int line_within(int fd, long long end, size_t size, int64_t *start,
		       char *hash)
{
	long long from = end > (long long)size ? end - (long long)size : 0;
	size_t n = (size_t)(end - from), i;
	char *buf = mem_alloc(n);
	int rc = -1;

	if (!buf)
		return -1;
	if (pread(fd, buf, n, from) == (ssize_t)n && buf[n - 1] == '\n') {
		for (i = n - 1; i > 0 && buf[i - 1] != '\n'; i--)
			;
		if (i > 0 || from == 0) {
			*start = from + (long long)i;
			digest_short(buf + i, n - 1 - i, hash);
			rc = 0;
		} else {
			rc = 1;
		}
	}
	mem_free(buf);
	return rc;
}

int ix_last_line(int fd, long long end, int64_t *start, char *hash)
{
	int rc;

	if (end <= 0)
		return -1;
	/* most records are a few hundred bytes; a note may make one long */
	rc = line_within(fd, end, 4096, start, hash);
	if (rc == 1)
		rc = line_within(fd, end, CSV_LINE_MAX + 2, start, hash);
	return rc ? -1 : 0;
}

struct ix_view ix_view_of(const void *base, const struct ix_header *h)
{
	const char *map = base;

	return (struct ix_view){
		.items = (const void *)(map + h->off_items),
		.names = (const void *)(map + h->off_names),
		.actuals = (const void *)(map + h->off_actuals),
		.ids = (const void *)(map + h->off_ids),
		.slots = (const void *)(map + h->off_slots),
		.key_slots = h->has_keys ? (const void *)(map + h->off_key_slots)
					 : NULL,
		.units = (const void *)(map + h->off_units),
		.lines = (const void *)(map + h->off_lines),
		.targets = (const void *)(map + h->off_targets),
		.entries = (const void *)(map + h->off_entries),
		.pool = map + h->off_pool,
		.nitems = h->nitems, .nnames = h->nnames,
		.ntargets = h->ntargets, .nentries = h->nentries,
		.nids = h->nids, .nslots = h->nslots, .nunits = h->nunits,
		.nlines = h->nlines,
		.pool_len = h->pool_len,
	};
}

/* The CRC of the string at off (its NUL too), continued from crc; false
 * when off is outside the pool. */
static bool crc_string(const struct ix_view *v, uint64_t off,
		       unsigned long *crc)
{
	if (off == IX_NONE)
		return true;
	if (off >= v->pool_len)
		return false;
	*crc = ix_crc(*crc, v->pool + off, strlen(v->pool + off) + 1);
	return true;
}

static bool crc_entry(const struct ix_view *v, uint64_t i, unsigned long *crc)
{
	const struct ix_entry *e;

	if (i == IX_NONE)
		return true;
	if (i >= v->nentries)
		return false;
	e = &v->entries[i];
	*crc = ix_crc(*crc, e, sizeof(*e));
	return crc_string(v, e->recorded_text, crc) &&
	       crc_string(v, e->item_key, crc) && crc_string(v, e->by, crc) &&
	       crc_string(v, e->note, crc) && crc_string(v, e->figure, crc) &&
	       crc_string(v, e->target_key, crc);
}

bool ix_item_crc(const struct ix_view *v, uint64_t pos, uint32_t *out)
{
	struct ix_item it = v->items[pos];
	uint64_t names = (uint64_t)it.nleaders + it.nlead_units +
			 it.nparticipants;
	unsigned long crc;

	it.crc = 0;
	crc = ix_crc(0L, &it, sizeof(it));
	if (!crc_string(v, it.section_title, &crc) ||
	    !crc_string(v, it.subsection_title, &crc) ||
	    !crc_string(v, it.text, &crc) ||
	    !crc_string(v, it.deadline_text, &crc) ||
	    !crc_string(v, it.key, &crc) || !crc_entry(v, it.last_note, &crc) ||
	    it.names > v->nnames || names > v->nnames - it.names ||
	    it.targets > v->ntargets || it.ntargets > v->ntargets - it.targets)
		return false;
	for (uint64_t k = it.names; k < it.names + names; k++)
		if (!crc_string(v, v->names[k], &crc))
			return false;
	if (it.lines > v->nlines || it.nlines > v->nlines - it.lines)
		return false;
	crc = ix_crc(crc, v->lines + it.lines, it.nlines * sizeof(*v->lines));
	for (uint64_t k = it.targets; k < it.targets + it.ntargets; k++) {
		const struct ix_target *t = &v->targets[k];

		crc = ix_crc(crc, t, sizeof(*t));
		crc = ix_crc(crc, &v->actuals[k], sizeof(v->actuals[k]));
		if (!crc_string(v, t->subject, &crc) ||
		    !crc_string(v, t->figure, &crc) ||
		    !crc_string(v, t->figure_max, &crc) ||
		    !crc_string(v, t->unit, &crc) ||
		    !crc_string(v, t->key, &crc) ||
		    !crc_entry(v, v->actuals[k], &crc))
			return false;
	}
	*out = (uint32_t)crc;
	return true;
}

/* --- writing --------------------------------------------------------------- */

struct pool {
	struct strbuf sb;
	uint64_t *slots;	/* open-addressed: offset + 1 by string */
	size_t cap, n;
};

static int pool_grow(struct pool *p)
{
	size_t cap = p->cap ? p->cap * 2 : 4096;
	uint64_t *slots = mem_calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < p->cap; i++) {
		size_t h;

		if (!p->slots[i])
			continue;
		h = ix_hash_str(p->sb.s + p->slots[i] - 1) & (cap - 1);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = p->slots[i];
	}
	mem_free(p->slots);
	p->slots = slots;
	p->cap = cap;
	return 0;
}

/* The offset of s in the pool, added once however often it is asked for;
 * IX_NONE for NULL.  Sets *failed when memory runs out. */
static uint64_t pool_add(struct pool *p, const char *s, bool *failed)
{
	size_t h;

	if (!s)
		return IX_NONE;
	if ((p->n + 1) * 2 > p->cap && pool_grow(p)) {
		*failed = true;
		return IX_NONE;
	}
	h = ix_hash_str(s) & (p->cap - 1);
	while (p->slots[h]) {
		if (strcmp(p->sb.s + p->slots[h] - 1, s) == 0)
			return p->slots[h] - 1;
		h = (h + 1) & (p->cap - 1);
	}
	p->slots[h] = p->sb.len + 1;
	p->n++;
	if (sb_add(&p->sb, s, strlen(s) + 1)) {
		*failed = true;
		return IX_NONE;
	}
	return p->slots[h] - 1;
}

/* The sections being written. */
struct sections {
	struct strbuf items, names, targets, actuals, entries, ids, slots,
		      key_slots, units, lines;
	struct pool pool;
	uint64_t nnames, ntargets, nentries;
	bool failed;
};

static void add(struct strbuf *sb, const void *rec, size_t n, bool *failed)
{
	if (sb_add(sb, rec, n))
		*failed = true;
}

/* Adds the entry e to the entries; returns its number (IX_NONE for NULL). */
static uint64_t add_entry(struct sections *s, const struct entry *e)
{
	struct ix_entry x = { 0 };

	if (!e)
		return IX_NONE;
	x.recorded = e->recorded;
	x.item = e->item;
	x.line = e->line;
	x.recorded_text = pool_add(&s->pool, e->recorded_text, &s->failed);
	x.item_key = pool_add(&s->pool, e->item_key, &s->failed);
	x.by = pool_add(&s->pool, e->by, &s->failed);
	x.note = pool_add(&s->pool, e->note, &s->failed);
	x.figure = pool_add(&s->pool, e->figure, &s->failed);
	x.target_key = pool_add(&s->pool, e->target_key, &s->failed);
	x.value = e->value;
	x.date = e->date;
	x.kind = (int32_t)e->kind;
	x.status = (int32_t)e->status;
	x.percent = e->percent;
	x.deadline = e->deadline;
	x.target = e->target;
	memcpy(x.id, e->id, sizeof(x.id));
	memcpy(x.batch, e->batch, sizeof(x.batch));
	add(&s->entries, &x, sizeof(x), &s->failed);
	return s->nentries++;
}

static void add_names(struct sections *s, const struct names *n)
{
	for (size_t i = 0; i < n->n; i++) {
		uint64_t off = pool_add(&s->pool, n->v[i], &s->failed);

		add(&s->names, &off, sizeof(off), &s->failed);
	}
	s->nnames += n->n;
}

static void add_item(struct sections *s, const struct item *it,
		     const struct item_state *st)
{
	struct ix_item x = { 0 };

	x.id = it->id;
	x.line = it->line;
	x.section_title = pool_add(&s->pool, it->section_title, &s->failed);
	x.subsection_title = pool_add(&s->pool, it->subsection_title, &s->failed);
	x.text = pool_add(&s->pool, it->text, &s->failed);
	x.deadline_text = pool_add(&s->pool, it->deadline_text, &s->failed);
	x.key = pool_add(&s->pool, it->key, &s->failed);
	x.names = s->nnames;
	x.nleaders = (uint32_t)it->leaders.n;
	x.nlead_units = (uint32_t)it->lead_units.n;
	x.nparticipants = (uint32_t)it->participants.n;
	add_names(s, &it->leaders);
	add_names(s, &it->lead_units);
	add_names(s, &it->participants);
	x.targets = s->ntargets;
	x.ntargets = (uint32_t)it->ntargets;
	for (size_t k = 0; k < it->ntargets; k++) {
		const struct target *t = &it->targets[k];
		struct ix_target y = {
			.subject = pool_add(&s->pool, t->subject, &s->failed),
			.figure = pool_add(&s->pool, t->figure, &s->failed),
			.figure_max = pool_add(&s->pool, t->figure_max, &s->failed),
			.unit = pool_add(&s->pool, t->unit, &s->failed),
			.key = pool_add(&s->pool, t->key, &s->failed),
			.value = t->value, .value_max = t->value_max,
			.op = (int32_t)t->op, .by = t->by,
		};
		uint64_t a = add_entry(s, st->actuals[k]);

		add(&s->targets, &y, sizeof(y), &s->failed);
		add(&s->actuals, &a, sizeof(a), &s->failed);
	}
	s->ntargets += it->ntargets;
	x.section = it->section;
	x.subsection = it->subsection;
	x.deadline = it->deadline;
	x.status = (int32_t)st->status;
	x.percent = st->percent;
	x.last_date = st->last_date;
	x.done_date = st->done_date;
	x.extended = st->extended;
	x.requested = st->requested;
	x.extensions = st->extensions;
	x.closing = st->closing;
	x.returns = st->returns;
	x.records = st->records;
	x.last_note = add_entry(s, st->last_note);
	add(&s->items, &x, sizeof(x), &s->failed);
}

/* The sorted first 64 bits of every entry id of j, which loading j
 * sorted. */
static void add_ids(struct sections *s, const struct journal *j)
{
	for (size_t i = 0; i < j->n; i++)
		add(&s->ids, &j->ids[i].key, sizeof(j->ids[i].key), &s->failed);
}

/* The open-addressed lookups of t's items, by id and (with keys) by key:
 * each slot the item's position + 1, 0 when empty. */
static uint64_t add_slots(struct sections *s, const struct table *t)
{
	uint64_t cap = 1024;
	uint64_t *ids, *keys = NULL;

	while (cap < (uint64_t)t->n * 2)
		cap *= 2;
	if (!(ids = mem_calloc(cap, sizeof(*ids))) ||
	    (t->by_key && !(keys = mem_calloc(cap, sizeof(*keys))))) {
		mem_free(ids);
		s->failed = true;
		return 0;
	}
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = ix_hash_id(t->items[i].id) & (cap - 1);

		while (ids[h])
			h = (h + 1) & (cap - 1);
		ids[h] = i + 1;
		if (!keys)
			continue;
		h = ix_hash_str(t->items[i].key) & (cap - 1);
		while (keys[h])
			h = (h + 1) & (cap - 1);
		keys[h] = i + 1;
	}
	add(&s->slots, ids, cap * sizeof(*ids), &s->failed);
	if (keys)
		add(&s->key_slots, keys, cap * sizeof(*keys), &s->failed);
	mem_free(ids);
	mem_free(keys);
	return cap;
}

static int by_string(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Where each item's records are in the journal: the lines of all of
 * them, item by item, each item's in the order of the fold (j's). */
static void add_lines(struct sections *s, const struct table *t,
		      const struct journal *j)
{
	uint64_t *first = mem_calloc(t->n + 1, sizeof(*first));
	uint64_t *lines = mem_calloc(j->n ? j->n : 1, sizeof(*lines));
	struct ix_item *items = (struct ix_item *)s->items.s;

	if (!first || !lines) {
		s->failed = true;
	} else {
		for (size_t i = 0; i < j->n; i++)
			first[table_find(t, j->v[i].item) - t->items + 1]++;
		for (size_t p = 0; p < t->n; p++) {
			items[p].lines = first[p];
			items[p].nlines = first[p + 1];
			first[p + 1] += first[p];
		}
		for (size_t i = 0; i < j->n; i++) {
			const struct entry *e = &j->v[i];

			lines[first[table_find(t, e->item) - t->items]++] =
				IX_LINE(e->offset, e->length);
		}
		add(&s->lines, lines, j->n * sizeof(*lines), &s->failed);
	}
	mem_free(first);
	mem_free(lines);
}

/* Every unit the plan names (as people.csv is checked against), sorted. */
static uint64_t add_units(struct sections *s, const struct table *t)
{
	struct tally ty = TALLY_INIT;
	uint64_t *units = NULL;
	const char **names = NULL;
	size_t n = 0;

	if (tally_units(&ty, t) ||
	    !(units = mem_calloc(ty.n ? ty.n : 1, sizeof(*units))) ||
	    !(names = mem_calloc(ty.n ? ty.n : 1, sizeof(*names)))) {
		s->failed = true;
	} else {
		for (; n < ty.n; n++)
			units[n] = pool_add(&s->pool, ty.v[n].name, &s->failed);
	}
	if (!s->failed) {
		/* by name: the pool moves no more now */
		for (size_t i = 0; i < n; i++)
			names[i] = s->pool.sb.s + units[i];
		qsort(names, n, sizeof(*names), by_string);
		for (size_t i = 0; i < n; i++)
			units[i] = (uint64_t)(names[i] - s->pool.sb.s);
		add(&s->units, units, n * sizeof(*units), &s->failed);
	}
	mem_free(names);
	mem_free(units);
	tally_release(&ty);
	return n;
}

/* Fills in each item's CRC, now that everything it points to is there. */
static void seal_items(struct sections *s, const struct ix_header *h)
{
	struct ix_view v = {
		.items = (const struct ix_item *)s->items.s,
		.names = (const uint64_t *)s->names.s,
		.actuals = (const uint64_t *)s->actuals.s,
		.targets = (const struct ix_target *)s->targets.s,
		.entries = (const struct ix_entry *)s->entries.s,
		.lines = (const uint64_t *)s->lines.s,
		.pool = s->pool.sb.s,
		.nitems = h->nitems, .nnames = h->nnames,
		.ntargets = h->ntargets, .nentries = h->nentries,
		.nlines = h->nlines, .pool_len = s->pool.sb.len,
	};

	for (uint64_t i = 0; i < h->nitems; i++) {
		uint32_t crc = 0;

		ix_item_crc(&v, i, &crc);
		((struct ix_item *)s->items.s)[i].crc = crc;
	}
}

static void release_sections(struct sections *s)
{
	sb_release(&s->items);
	sb_release(&s->names);
	sb_release(&s->targets);
	sb_release(&s->actuals);
	sb_release(&s->entries);
	sb_release(&s->ids);
	sb_release(&s->slots);
	sb_release(&s->key_slots);
	sb_release(&s->units);
	sb_release(&s->lines);
	sb_release(&s->pool.sb);
	mem_free(s->pool.slots);
}

date_t index_max_date(const struct journal *j)
{
	date_t max = DATE_NONE;

	for (size_t i = 0; i < j->n; i++)
		if (!j->v[i].undone && j->v[i].kind != ENTRY_UNDO &&
		    (max == DATE_NONE || j->v[i].date > max))
			max = j->v[i].date;
	return max;
}

static date_t earliest_deadline(const struct table *t)
{
	date_t earliest = DATE_NONE;

	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].deadline != DATE_NONE &&
		    (earliest == DATE_NONE || t->items[i].deadline < earliest))
			earliest = t->items[i].deadline;
	return earliest;
}

/* Whether the store's .gitignore keeps the index out of git, or there is
 * no .gitignore to keep anything out. */
static bool ignored_by_git(const char *dir)
{
	char path[4096], *text;
	size_t n;
	bool yes;

	if (store_file(dir, ".gitignore", path, sizeof(path), NULL))
		return false;
	if (access(path, F_OK) && errno == ENOENT)
		return true;
	if (file_read_all(path, 1 << 20, &text, &n, NULL))
		return false;
	yes = strstr(text, "\n/" INDEX_FILE "\n") ||
	      strncmp(text, "/" INDEX_FILE "\n", sizeof(INDEX_FILE) + 1) == 0;
	mem_free(text);
	return yes;
}

/* Fills what h says of items.csv: its stat (unchanged since st, else
 * returns 1) and its sum.  Returns 0, 1, or -1 when it cannot be read. */
static int describe_items(const char *dir, const struct stat *st,
			  struct ix_header *h)
{
	char path[4096], *text;
	size_t n;
	struct stat now;

	if (store_file(dir, STORE_ITEMS, path, sizeof(path), NULL) ||
	    file_read_all(path, SIZE_MAX / 2, &text, &n, NULL))
		return -1;
	digest_short(text, n, h->items_sum);
	mem_free(text);
	if (stat(path, &now) || memcmp(&now.st_mtim, &st->st_mtim,
				       sizeof(st->st_mtim)) ||
	    now.st_ino != st->st_ino || now.st_size != st->st_size ||
	    memcmp(&now.st_ctim, &st->st_ctim, sizeof(st->st_ctim)))
		return 1;
	ix_stat_of(st, &h->items);
	/* a change after this leaves other times, unless racy (index_file.h) */
	h->built = ix_now_ns();
	return 0;
}

/* Fills what h says of the journal j was loaded from.  Returns 0, or 1
 * when it is not the file j was read from, as it was. */
static int describe_journal(const char *dir, const struct journal *j,
			    struct ix_header *h)
{
	char path[4096];
	struct stat st;
	int fd, rc = 1;

	if (store_file(dir, JOURNAL_FILE, path, sizeof(path), NULL))
		return 1;
	if (!j->exists)
		return lstat(path, &st) && errno == ENOENT ? 0 : 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 1;
	if (fstat(fd, &st) == 0 && st.st_dev == j->dev && st.st_ino == j->ino &&
	    st.st_size == j->bytes &&
	    ix_last_line(fd, j->bytes, &h->last_start, h->last_hash) == 0) {
		ix_stat_of(&st, &h->journal);
		h->journal_exists = 1;
		rc = 0;
	}
	close(fd);
	return rc;
}

/* Writes the header and sections into a new index file replacing path. */
static int write_file(const char *path, struct ix_header *h,
		      const struct sections *s, struct duban_error *err)
{
	const struct strbuf *part[] = { &s->items, &s->names, &s->targets,
					&s->actuals, &s->entries, &s->ids,
					&s->slots, &s->key_slots, &s->units,
					&s->lines, &s->pool.sb };
	uint64_t *off[] = { &h->off_items, &h->off_names, &h->off_targets,
			    &h->off_actuals, &h->off_entries, &h->off_ids,
			    &h->off_slots, &h->off_key_slots, &h->off_units,
			    &h->off_lines, &h->off_pool };
	static const char zeros[8];
	size_t nparts = sizeof(part) / sizeof(*part);
	char tmp[4096];
	uint64_t at = sizeof(*h);
	unsigned long crc;
	int fd;

	for (size_t i = 0; i < nparts; i++) {
		*off[i] = at;
		at += (part[i]->len + 7) / 8 * 8;
	}
	h->pool_len = s->pool.sb.len;
	h->hcrc = (uint32_t)ix_crc(0L, h, offsetof(struct ix_header, hcrc));
	crc = ix_crc(0L, h, offsetof(struct ix_header, crc));
	for (size_t i = 0; i < nparts; i++) {
		crc = ix_crc(crc, part[i]->s, part[i]->len);
		crc = ix_crc(crc, zeros, (8 - part[i]->len % 8) % 8);
	}
	h->crc = (uint32_t)crc;
	if ((fd = file_temp_beside(path, tmp, sizeof(tmp), err)) < 0)
		return -1;
	if (file_write_all(fd, h, sizeof(*h)))
		goto fail;
	for (size_t i = 0; i < nparts; i++)
		if ((part[i]->len && file_write_all(fd, part[i]->s, part[i]->len)) ||
		    file_write_all(fd, zeros, (8 - part[i]->len % 8) % 8))
			goto fail;
	return file_commit(fd, tmp, path, err);
fail:
	error_set(err, path, 0, _("cannot write: %s"), strerror(errno));
	close(fd);
	unlink(tmp);
	return -1;
}

/* Adds to s what follows from the plan t (the lookups, the units), fills
 * in h's counts, seals the items and writes the index of dir; frees s.
 * Returns 0, or -1 with err filled. */
static int finish_index(const char *dir, const struct table *t,
			struct ix_header *h, struct sections *s,
			struct duban_error *err)
{
	char path[4096];
	int rc;

	h->nslots = add_slots(s, t);
	h->nunits = add_units(s, t);
	h->nitems = t->n;
	h->nnames = s->nnames;
	h->ntargets = s->ntargets;
	h->nentries = s->nentries;
	if (s->failed) {
		rc = error_nomem(err);
	} else {
		seal_items(s, h);
		rc = store_file(dir, INDEX_FILE, path, sizeof(path), err) ||
		     write_file(path, h, s, err) ? -1 : 0;
	}
	release_sections(s);
	return rc;
}

int index_write(const char *dir, const struct table *t,
		const struct plan_state *ps, const struct journal *j,
		const struct stat *items_st, struct duban_error *err)
{
	struct ix_header h = { .version = IX_VERSION,
			       .byte_order = IX_BYTE_ORDER,
			       .record_sizes = IX_RECORD_SIZES };
	struct sections s = { 0 };

	if (j->problems.n || j->ngaps || j->torn_tail || j->unterminated ||
	    j->version != 2 || ps->n != t->n || !ignored_by_git(dir))
		return 0;
	memcpy(h.magic, IX_MAGIC, sizeof(h.magic));
	h.has_keys = t->by_key != NULL;
	if (describe_items(dir, items_st, &h) || describe_journal(dir, j, &h))
		return 0;	/* changed or unreadable: not now */
	snprintf(h.last_sum, sizeof(h.last_sum), "%s", j->last_sum);
	h.linear = j->heads_more == NULL;
	if (j->n) {
		snprintf(h.latest_id, sizeof(h.latest_id), "%s",
			 j->v[j->n - 1].id);
		h.latest = j->v[j->n - 1].recorded;
	}
	h.max_date = index_max_date(j);
	h.earliest_deadline = earliest_deadline(t);
	for (size_t i = 0; i < t->n; i++) {
		add_item(&s, &t->items[i], &ps->items[i]);
		h.records += ps->items[i].records;
	}
	add_ids(&s, j);
	if (!s.failed)
		add_lines(&s, t, j);
	h.nlines = j->n;
	h.nids = j->n;
	return finish_index(dir, t, &h, &s, err);
}

/* The ids of the index v and of the records appended since, sorted. */
static void merge_ids(struct sections *s, const struct ix_view *v,
		      const struct journal *tail)
{
	uint64_t *more = mem_calloc(tail->n + 1, sizeof(*more));
	size_t a = 0, b = 0;

	if (!more) {
		s->failed = true;
		return;
	}
	for (size_t i = 0; i < tail->n; i++)
		more[i] = digest_hex64(tail->v[i].id);
	sort_u64(more, tail->n);
	while (a < v->nids || b < tail->n) {
		uint64_t next = b == tail->n || (a < v->nids && v->ids[a] <= more[b])
				? v->ids[a++] : more[b++];

		add(&s->ids, &next, sizeof(next), &s->failed);
	}
	mem_free(more);
}

/* Each item's lines: those the index v lists, then those of the records
 * appended since, which follow them in the fold; a record of the tail
 * starts where the index ended plus where it starts in the tail, whose
 * header line is not in the file. */
static void merge_lines(struct sections *s, const struct ix_view *v,
			const struct index *x, uint64_t indexed)
{
	const struct journal *tail = &x->tail;
	size_t n = x->plan.n, head = sizeof(JOURNAL_HEADER);
	uint64_t *first = mem_calloc(n + 1, sizeof(*first));
	uint64_t *lines = mem_calloc(tail->n + 1, sizeof(*lines));
	struct ix_item *items = (struct ix_item *)s->items.s;
	uint64_t at = 0;

	if (!first || !lines) {
		s->failed = true;
		goto out;
	}
	/* the tail's lines, item by item (first: where each item's start) */
	for (size_t i = 0; i < tail->n; i++)
		first[table_find(&x->plan, tail->v[i].item) - x->plan.items + 1]++;
	for (size_t p = 0; p < n; p++)
		first[p + 1] += first[p];
	for (size_t i = 0; i < tail->n; i++) {
		const struct entry *e = &tail->v[i];
		size_t p = (size_t)(table_find(&x->plan, e->item) - x->plan.items);

		lines[first[p]++] = IX_LINE(indexed + (uint64_t)e->offset - head,
					    e->length);
	}
	for (size_t p = n; p > 0; p--)	/* back to where each starts */
		first[p] = first[p - 1];
	first[0] = 0;
	for (size_t p = 0; p < n; p++) {
		uint64_t own = v->items[p].nlines, more = first[p + 1] - first[p];

		add(&s->lines, v->lines + v->items[p].lines, own * sizeof(*lines),
		    &s->failed);
		add(&s->lines, lines + first[p], more * sizeof(*lines),
		    &s->failed);
		items[p].lines = at;
		items[p].nlines = own + more;
		at += own + more;
	}
out:
	mem_free(first);
	mem_free(lines);
}

int index_rewrite(const struct index *x, const char *dir,
		  struct duban_error *err)
{
	const struct ix_header *old = x->map;
	struct ix_view v;
	struct ix_header h;
	struct sections s = { 0 };
	const struct journal *tail = &x->tail;
	char path[4096];
	struct stat st;
	int fd, rc;

	if (!old || !tail->n || !x->journal_exists || x->plan.n != old->nitems ||
	    store_file(dir, JOURNAL_FILE, path, sizeof(path), err))
		return 0;
	v = ix_view_of(x->map, old);
	h = *old;	/* the plan's part: items.csv is as it was */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	rc = fstat(fd, &st) || st.st_ino != x->journal_st.st_ino ||
	     st.st_dev != x->journal_st.st_dev ||
	     st.st_size != x->journal_st.st_size ||
	     ix_last_line(fd, st.st_size, &h.last_start, h.last_hash);
	close(fd);
	if (rc)
		return 0;	/* not the journal read: not now */
	ix_stat_of(&st, &h.journal);
	memcpy(h.last_sum, tail->last_sum, sizeof(h.last_sum));
	snprintf(h.latest_id, sizeof(h.latest_id), "%s", tail->v[tail->n - 1].id);
	h.latest = tail->v[tail->n - 1].recorded;
	h.linear = x->linear;
	h.max_date = x->max_date;
	h.records = x->records;
	for (size_t i = 0; i < x->plan.n; i++)
		add_item(&s, &x->plan.items[i], &x->state.items[i]);
	merge_ids(&s, &v, tail);
	if (!s.failed)
		merge_lines(&s, &v, x, old->journal.size);
	h.nids = old->nids + tail->n;
	h.nlines = old->nlines + tail->n;
	return finish_index(dir, &x->plan, &h, &s, err);
}

/* --- appending and comparing -------------------------------------------------- */

int index_journal_for_append(struct index *x)
{
	struct journal *t = &x->tail;

	if (!x->linear)
		return 1;
	t->version = 2;
	t->exists = x->journal_exists;
	if (t->exists) {
		t->dev = x->journal_st.st_dev;
		t->ino = x->journal_st.st_ino;
		t->bytes = t->valid_bytes = x->journal_st.st_size;
	} else {
		t->bytes = t->valid_bytes = 0;
	}
	t->torn_tail = t->unterminated = false;
	if (!t->n)
		memcpy(t->last_sum, x->last_sum, sizeof(t->last_sum));
	t->latest = x->latest;
	t->latest_before = x->latest_indexed;
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_names(const struct names *a, const struct names *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

/* Whether two records the state points to are the same record. */
static bool same_record(const struct entry *a, const struct entry *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a->id, b->id) == 0 && a->recorded == b->recorded &&
	       a->date == b->date && a->kind == b->kind &&
	       same_str(a->by, b->by) && same_str(a->note, b->note) &&
	       same_str(a->figure, b->figure) && a->value == b->value &&
	       a->deadline == b->deadline;
}

static bool same_targets(const struct item *a, const struct item *b,
			 const struct item_state *sa,
			 const struct item_state *sb)
{
	if (a->ntargets != b->ntargets)
		return false;
	for (size_t k = 0; k < a->ntargets; k++) {
		const struct target *x = &a->targets[k], *y = &b->targets[k];

		if (!same_str(x->subject, y->subject) || x->op != y->op ||
		    !same_str(x->figure, y->figure) ||
		    !same_str(x->figure_max, y->figure_max) ||
		    x->value != y->value || x->value_max != y->value_max ||
		    !same_str(x->unit, y->unit) || x->by != y->by ||
		    !same_str(x->key, y->key) ||
		    !same_record(sa->actuals[k], sb->actuals[k]))
			return false;
	}
	return true;
}

static bool same_item(const struct item *a, const struct item *b,
		      const struct item_state *sa, const struct item_state *sb)
{
	return a->id == b->id && a->section == b->section &&
	       a->subsection == b->subsection &&
	       same_str(a->section_title, b->section_title) &&
	       same_str(a->subsection_title, b->subsection_title) &&
	       same_str(a->text, b->text) &&
	       same_names(&a->leaders, &b->leaders) &&
	       same_names(&a->lead_units, &b->lead_units) &&
	       same_names(&a->participants, &b->participants) &&
	       a->deadline == b->deadline &&
	       same_str(a->deadline_text, b->deadline_text) &&
	       same_str(a->key, b->key) && a->line == b->line &&
	       same_targets(a, b, sa, sb) && sa->status == sb->status &&
	       sa->percent == sb->percent && sa->last_date == sb->last_date &&
	       sa->done_date == sb->done_date && sa->records == sb->records &&
	       sa->extended == sb->extended && sa->requested == sb->requested &&
	       sa->extensions == sb->extensions &&
	       sa->closing == sb->closing && sa->returns == sb->returns &&
	       same_record(sa->last_note, sb->last_note);
}

long index_differs(const struct index *x, const struct table *t,
		   const struct plan_state *ps)
{
	if (x->plan.n != t->n || x->state.n != ps->n || ps->n != t->n)
		return 1;
	for (size_t i = 0; i < t->n; i++)
		if (!same_item(&x->plan.items[i], &t->items[i],
			       &x->state.items[i], &ps->items[i]))
			return t->items[i].line;
	return 0;
}

