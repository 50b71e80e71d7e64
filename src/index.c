#include "duban/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "duban/csvread.h"
#include "duban/digest.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"

/* --- the file ---------------------------------------------------------- *
 *
 * A header, then arrays of fixed-size records and a pool of NUL-terminated
 * strings that the records name by offset.  Integers are in the writer's
 * byte order, which the header records; every section is 8-byte aligned.
 */

#define MAGIC "duban-ix"
#define VERSION 1u
#define BYTE_ORDER_MARK 0x01020304u
#define NONE UINT64_MAX		/* no string, no entry */
/* Most bytes of records appended since the index was written that a
 * reader folds on top of it, beyond which it parses everything again (and
 * writes a new index): a part of the journal indexed, at least a floor. */
#define TAIL_FLOOR (1 << 20)
#define TAIL_SHARE 8

struct ix_stat {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

struct ix_header {
	char magic[8];
	uint32_t version, byte_order;
	uint32_t record_sizes;	/* the sizes of the records below, packed */
	uint32_t has_keys;
	int64_t built;		/* when it was written, seconds */
	struct ix_stat items;
	char items_sum[DIGEST_SHORT_LEN + 1];
	char pad1[7];
	struct ix_stat journal;
	uint32_t journal_exists;
	uint32_t linear;	/* every record follows the one before it: no
				 * merged branches for the next one to join */
	int64_t last_start;	/* where the last line indexed starts */
	char last_hash[DIGEST_SHORT_LEN + 1];	/* of that line */
	char last_sum[DIGEST_SHORT_LEN + 1];	/* its sum field */
	char latest_id[ENTRY_ID_LEN + 1];
	char pad3[5];
	int64_t latest;		/* recorded time of the last record folded */
	int32_t max_date, pad4;
	uint64_t records;
	uint64_t nitems, nnames, ntargets, nentries, nids;
	uint64_t off_items, off_names, off_targets, off_actuals, off_entries,
		 off_ids, off_pool, pool_len;
	uint32_t crc;		/* zlib's CRC-32 of the header up to here and
				 * of everything after it: a damaged index
				 * is rebuilt, never believed */
	uint32_t pad5;
};

struct ix_item {
	int64_t id, line;
	uint64_t section_title, subsection_title, text, deadline_text, key;
	uint64_t names;		/* its leaders, lead units and participants,
				 * one after another from here */
	uint64_t targets;	/* its targets (and actuals) from here */
	uint32_t nleaders, nlead_units, nparticipants, ntargets;
	int32_t section, subsection, deadline;
	int32_t status, percent, last_date, done_date;
	uint32_t pad;
	uint64_t records;
	uint64_t last_note;	/* an entry, or NONE */
};

struct ix_target {
	uint64_t subject, figure, figure_max, unit, key;
	double value, value_max;
	int32_t op, by;
};

/* A record the state points to: the latest note, an actual. */
struct ix_entry {
	int64_t recorded, item, line;
	uint64_t recorded_text, item_key, by, note, figure, target_key;
	double value;
	int32_t date, kind, status, percent, target, pad;
	char id[ENTRY_ID_LEN + 1];
	char batch[DIGEST_SHORT_LEN + 1];
	char pad2[6];
};

#define RECORD_SIZES ((uint32_t)(sizeof(struct ix_header) << 20 ^ \
	sizeof(struct ix_item) << 12 ^ sizeof(struct ix_target) << 6 ^ \
	sizeof(struct ix_entry)))

_Static_assert(sizeof(struct ix_header) % 8 == 0, "header aligned");
_Static_assert(sizeof(struct ix_item) % 8 == 0, "items aligned");
_Static_assert(sizeof(struct ix_target) % 8 == 0, "targets aligned");
_Static_assert(sizeof(struct ix_entry) % 8 == 0, "entries aligned");

static void stat_to_ix(const struct stat *st, struct ix_stat *out)
{
	*out = (struct ix_stat){
		.dev = (uint64_t)st->st_dev, .ino = (uint64_t)st->st_ino,
		.size = (uint64_t)st->st_size,
		.mtime_s = st->st_mtim.tv_sec, .mtime_ns = st->st_mtim.tv_nsec,
		.ctime_s = st->st_ctim.tv_sec, .ctime_ns = st->st_ctim.tv_nsec,
	};
}

static bool same_stat(const struct stat *st, const struct ix_stat *ix)
{
	struct ix_stat now;

	stat_to_ix(st, &now);
	return memcmp(&now, ix, sizeof(now)) == 0;
}

static bool same_file(const struct stat *st, const struct ix_stat *ix)
{
	return (uint64_t)st->st_dev == ix->dev && (uint64_t)st->st_ino == ix->ino;
}

/* The first 64 bits of an entry id, to look ids up by. */
static uint64_t id_bits(const char *id)
{
	uint64_t v = 0;

	for (int i = 0; i < 16 && id[i]; i++)
		v = v << 4 | (uint64_t)(id[i] <= '9' ? id[i] - '0'
						      : (id[i] | 0x20) - 'a' + 10);
	return v;
}

static int by_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* Finds the line of the file fd that ends at end (with its newline): where
 * it starts into *start and the sum of its bytes into hash.  Returns 0, or
 * -1 when there is no such line or it cannot be read. */
static int last_line(int fd, long long end, int64_t *start, char *hash)
{
	size_t most = CSV_LINE_MAX + 2;
	long long from = end > (long long)most ? end - (long long)most : 0;
	size_t n = (size_t)(end - from);
	char *buf;
	size_t i;
	int rc = -1;

	if (end <= 0 || !(buf = mem_alloc(n)))
		return -1;
	if (pread(fd, buf, n, from) == (ssize_t)n && buf[n - 1] == '\n') {
		for (i = n - 1; i > 0 && buf[i - 1] != '\n'; i--)
			;
		if (i > 0 || from == 0) {
			*start = from + (long long)i;
			digest_short(buf + i, n - 1 - i, hash);
			rc = 0;
		}
	}
	mem_free(buf);
	return rc;
}

/* --- writing --------------------------------------------------------------- */

struct pool {
	struct strbuf sb;
	uint64_t *slots;	/* open-addressed: offset + 1 by string */
	size_t cap, n;
};

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

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
		h = hash_str(p->sb.s + p->slots[i] - 1) & (cap - 1);
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
 * NONE for NULL.  Sets *failed when memory runs out. */
static uint64_t pool_add(struct pool *p, const char *s, bool *failed)
{
	size_t h;

	if (!s)
		return NONE;
	if ((p->n + 1) * 2 > p->cap && pool_grow(p)) {
		*failed = true;
		return NONE;
	}
	h = hash_str(s) & (p->cap - 1);
	while (p->slots[h]) {
		if (strcmp(p->sb.s + p->slots[h] - 1, s) == 0)
			return p->slots[h] - 1;
		h = (h + 1) & (p->cap - 1);
	}
	p->slots[h] = p->sb.len + 1;
	p->n++;
	if (sb_add(&p->sb, s, strlen(s) + 1)) {
		*failed = true;
		return NONE;
	}
	return p->slots[h] - 1;
}

/* The sections being written. */
struct sections {
	struct strbuf items, names, targets, actuals, entries, ids;
	struct pool pool;
	uint64_t nnames, ntargets, nentries;
	bool failed;
};

static void add(struct strbuf *sb, const void *rec, size_t n, bool *failed)
{
	if (sb_add(sb, rec, n))
		*failed = true;
}

/* Adds the entry e to the entries; returns its number (NONE for NULL). */
static uint64_t add_entry(struct sections *s, const struct entry *e)
{
	struct ix_entry x = { 0 };

	if (!e)
		return NONE;
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
	x.records = st->records;
	x.last_note = add_entry(s, st->last_note);
	add(&s->items, &x, sizeof(x), &s->failed);
}

/* The sorted first 64 bits of every entry id of j. */
static void add_ids(struct sections *s, const struct journal *j)
{
	uint64_t *ids = mem_calloc(j->n ? j->n : 1, sizeof(*ids));

	if (!ids) {
		s->failed = true;
		return;
	}
	for (size_t i = 0; i < j->n; i++)
		ids[i] = id_bits(j->v[i].id);
	qsort(ids, j->n, sizeof(*ids), by_u64);
	add(&s->ids, ids, j->n * sizeof(*ids), &s->failed);
	mem_free(ids);
}

static void release_sections(struct sections *s)
{
	sb_release(&s->items);
	sb_release(&s->names);
	sb_release(&s->targets);
	sb_release(&s->actuals);
	sb_release(&s->entries);
	sb_release(&s->ids);
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
	stat_to_ix(st, &h->items);
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
	    last_line(fd, j->bytes, &h->last_start, h->last_hash) == 0) {
		stat_to_ix(&st, &h->journal);
		h->journal_exists = 1;
		rc = 0;
	}
	close(fd);
	return rc;
}

/* The CRC-32 crc continued over the n bytes at p (zlib takes a uInt). */
static unsigned long crc_of(unsigned long crc, const void *p, size_t n)
{
	const Bytef *b = p;

	while (n) {
		uInt part = n > (1u << 30) ? 1u << 30 : (uInt)n;

		crc = crc32(crc, b, part);
		b += part;
		n -= part;
	}
	return crc;
}

/* Writes the header and sections into a new index file replacing path. */
static int write_file(const char *path, struct ix_header *h,
		      const struct sections *s, struct duban_error *err)
{
	const struct strbuf *part[] = { &s->items, &s->names, &s->targets,
					&s->actuals, &s->entries, &s->ids,
					&s->pool.sb };
	uint64_t *off[] = { &h->off_items, &h->off_names, &h->off_targets,
			    &h->off_actuals, &h->off_entries, &h->off_ids,
			    &h->off_pool };
	static const char zeros[8];
	char tmp[4096];
	uint64_t at = sizeof(*h);
	unsigned long crc;
	int fd;

	for (size_t i = 0; i < sizeof(part) / sizeof(*part); i++) {
		*off[i] = at;
		at += (part[i]->len + 7) / 8 * 8;
	}
	h->pool_len = s->pool.sb.len;
	crc = crc32(0L, (const Bytef *)h, offsetof(struct ix_header, crc));
	for (size_t i = 0; i < sizeof(part) / sizeof(*part); i++) {
		crc = crc_of(crc, part[i]->s, part[i]->len);
		crc = crc_of(crc, zeros, (8 - part[i]->len % 8) % 8);
	}
	h->crc = (uint32_t)crc;
	if ((fd = file_temp_beside(path, tmp, sizeof(tmp), err)) < 0)
		return -1;
	if (file_write_all(fd, h, sizeof(*h)))
		goto fail;
	for (size_t i = 0; i < sizeof(part) / sizeof(*part); i++)
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

int index_write(const char *dir, const struct table *t,
		const struct plan_state *ps, const struct journal *j,
		const struct stat *items_st, struct duban_error *err)
{
	struct ix_header h = { .version = VERSION,
			       .byte_order = BYTE_ORDER_MARK,
			       .record_sizes = RECORD_SIZES };
	struct sections s = { 0 };
	char path[4096];
	int rc;

	if (j->problems.n || j->ngaps || j->torn_tail || j->unterminated ||
	    j->version != 2 || ps->n != t->n || !ignored_by_git(dir))
		return 0;
	memcpy(h.magic, MAGIC, sizeof(h.magic));
	h.built = time(NULL);
	h.has_keys = t->by_key != NULL;
	if ((rc = describe_items(dir, items_st, &h)) ||
	    (rc = describe_journal(dir, j, &h)))
		return 0;	/* changed or unreadable: not now */
	snprintf(h.last_sum, sizeof(h.last_sum), "%s", j->last_sum);
	h.linear = j->heads_more == NULL;
	if (j->n) {
		snprintf(h.latest_id, sizeof(h.latest_id), "%s",
			 j->v[j->n - 1].id);
		h.latest = j->v[j->n - 1].recorded;
	}
	h.max_date = index_max_date(j);
	h.records = 0;
	for (size_t i = 0; i < t->n; i++) {
		add_item(&s, &t->items[i], &ps->items[i]);
		h.records += ps->items[i].records;
	}
	add_ids(&s, j);
	h.nitems = t->n;
	h.nnames = s.nnames;
	h.ntargets = s.ntargets;
	h.nentries = s.nentries;
	h.nids = j->n;
	if (s.failed)
		rc = error_nomem(err);
	else
		rc = store_file(dir, INDEX_FILE, path, sizeof(path), err) ||
		     write_file(path, &h, &s, err) ? -1 : 0;
	release_sections(&s);
	return rc;
}

/* --- reading --------------------------------------------------------------- */

/* The string at off in the pool, NULL for NONE; *bad set when off is
 * outside it. */
static const char *str_at(const struct index *x, const struct ix_header *h,
			  uint64_t off, bool *bad)
{
	if (off == NONE)
		return NULL;
	if (off >= h->pool_len) {
		*bad = true;
		return "";
	}
	return (const char *)x->map + h->off_pool + off;
}

/* Whether the section of n records of size bytes at off lies in the map. */
static bool fits(const struct index *x, uint64_t off, uint64_t n, size_t size)
{
	return off % 8 == 0 && off <= x->map_len &&
	       n <= (x->map_len - off) / size;
}

/* The header, if x's map holds a whole index of this version, byte order
 * and build; else NULL. */
static const struct ix_header *check_header(const struct index *x)
{
	const struct ix_header *h = x->map;
	unsigned long crc;

	if (x->map_len < sizeof(*h) || memcmp(h->magic, MAGIC, 8) ||
	    h->version != VERSION || h->byte_order != BYTE_ORDER_MARK ||
	    h->record_sizes != RECORD_SIZES || h->nitems > TABLE_ITEMS_MAX ||
	    !fits(x, h->off_items, h->nitems, sizeof(struct ix_item)) ||
	    !fits(x, h->off_names, h->nnames, sizeof(uint64_t)) ||
	    !fits(x, h->off_targets, h->ntargets, sizeof(struct ix_target)) ||
	    !fits(x, h->off_actuals, h->ntargets, sizeof(uint64_t)) ||
	    !fits(x, h->off_entries, h->nentries, sizeof(struct ix_entry)) ||
	    !fits(x, h->off_ids, h->nids, sizeof(uint64_t)) ||
	    !fits(x, h->off_pool, h->pool_len, 1) || h->pool_len == 0 ||
	    ((const char *)x->map)[h->off_pool + h->pool_len - 1] != '\0' ||
	    h->latest_id[ENTRY_ID_LEN] || h->last_sum[DIGEST_SHORT_LEN] ||
	    h->last_hash[DIGEST_SHORT_LEN] || h->items_sum[DIGEST_SHORT_LEN])
		return NULL;
	crc = crc32(0L, (const Bytef *)h, offsetof(struct ix_header, crc));
	crc = crc_of(crc, (const char *)x->map + sizeof(*h),
		     x->map_len - sizeof(*h));
	return crc == h->crc ? h : NULL;
}

/* Whether items.csv is the file the index was made from. */
static bool items_unchanged(const char *dir, const struct ix_header *h)
{
	char path[4096], sum[DIGEST_SHORT_LEN + 1], *text;
	struct stat st;
	size_t n;

	if (store_file(dir, STORE_ITEMS, path, sizeof(path), NULL) ||
	    stat(path, &st) || !same_stat(&st, &h->items))
		return false;
	/* changed within a second of the index: an edit in the same tick
	 * may have kept the times; the content tells */
	if (st.st_mtim.tv_sec < h->built - 1 && st.st_ctim.tv_sec < h->built - 1)
		return true;
	if (file_read_all(path, SIZE_MAX / 2, &text, &n, NULL))
		return false;
	digest_short(text, n, sum);
	mem_free(text);
	return strcmp(sum, h->items_sum) == 0;
}

static const struct entry *entry_at(struct index *x, const struct ix_header *h,
				    uint64_t i, bool *bad)
{
	if (i == NONE)
		return NULL;
	if (i >= h->nentries) {
		*bad = true;
		return NULL;
	}
	return &x->entries[i];
}

static void read_entries(struct index *x, const struct ix_header *h,
			 bool *bad)
{
	const struct ix_entry *v = (const void *)((const char *)x->map +
						  h->off_entries);

	for (uint64_t i = 0; i < h->nentries; i++) {
		struct entry *e = &x->entries[i];

		memcpy(e->id, v[i].id, sizeof(e->id));
		memcpy(e->batch, v[i].batch, sizeof(e->batch));
		e->id[ENTRY_ID_LEN] = e->batch[DIGEST_SHORT_LEN] = '\0';
		e->recorded = v[i].recorded;
		e->item = (long)v[i].item;
		e->line = (long)v[i].line;
		e->recorded_text = str_at(x, h, v[i].recorded_text, bad);
		e->item_key = str_at(x, h, v[i].item_key, bad);
		e->by = str_at(x, h, v[i].by, bad);
		e->note = str_at(x, h, v[i].note, bad);
		e->figure = str_at(x, h, v[i].figure, bad);
		e->target_key = str_at(x, h, v[i].target_key, bad);
		e->value = v[i].value;
		e->date = v[i].date;
		e->kind = (enum entry_kind)v[i].kind;
		e->status = (enum status)v[i].status;
		e->percent = v[i].percent;
		e->target = v[i].target;
		if (!e->by || !e->note || v[i].kind < 0 ||
		    v[i].kind >= ENTRY_KIND_COUNT || v[i].status < 0 ||
		    v[i].status >= STATUS_COUNT)
			*bad = true;
	}
}

static void read_targets(struct index *x, const struct ix_header *h,
			 bool *bad)
{
	const struct ix_target *v = (const void *)((const char *)x->map +
						   h->off_targets);

	for (uint64_t i = 0; i < h->ntargets; i++) {
		struct target *t = &x->targets[i];

		t->subject = str_at(x, h, v[i].subject, bad);
		t->figure = str_at(x, h, v[i].figure, bad);
		t->figure_max = str_at(x, h, v[i].figure_max, bad);
		t->unit = str_at(x, h, v[i].unit, bad);
		t->key = str_at(x, h, v[i].key, bad);
		t->value = v[i].value;
		t->value_max = v[i].value_max;
		t->op = (enum target_op)v[i].op;
		t->by = v[i].by;
		if (!t->subject || !t->figure || !t->unit || !t->key ||
		    v[i].op < TARGET_GT || v[i].op > TARGET_LT)
			*bad = true;
	}
}

/* Points names at the n names of the index from first on. */
static void names_at(struct index *x, const struct ix_header *h,
		     uint64_t first, uint32_t n, struct names *out, bool *bad)
{
	if (first > h->nnames || n > h->nnames - first) {
		*bad = true;
		return;
	}
	out->v = x->names + first;
	out->n = n;
}

static void read_item(struct index *x, const struct ix_header *h,
		      const struct ix_item *v, struct item *it,
		      struct item_state *st, bool *bad)
{
	const struct entry **actuals;
	const uint64_t *refs = (const void *)((const char *)x->map +
					      h->off_actuals);

	it->id = (long)v->id;
	it->line = (long)v->line;
	it->section = v->section;
	it->subsection = v->subsection;
	it->section_title = str_at(x, h, v->section_title, bad);
	it->subsection_title = str_at(x, h, v->subsection_title, bad);
	it->text = str_at(x, h, v->text, bad);
	it->deadline_text = str_at(x, h, v->deadline_text, bad);
	it->key = str_at(x, h, v->key, bad);
	it->deadline = v->deadline;
	names_at(x, h, v->names, v->nleaders, &it->leaders, bad);
	names_at(x, h, v->names + v->nleaders, v->nlead_units,
		 &it->lead_units, bad);
	names_at(x, h, v->names + v->nleaders + v->nlead_units,
		 v->nparticipants, &it->participants, bad);
	if (v->targets > h->ntargets || v->ntargets > h->ntargets - v->targets) {
		*bad = true;
		return;
	}
	it->targets = x->targets + v->targets;
	it->ntargets = v->ntargets;
	actuals = x->state.actuals + v->targets;
	st->status = (enum status)v->status;
	st->percent = v->percent;
	st->last_date = v->last_date;
	st->done_date = v->done_date;
	st->records = v->records;
	st->last_note = entry_at(x, h, v->last_note, bad);
	st->actuals = actuals;
	for (uint32_t k = 0; k < v->ntargets; k++)
		actuals[k] = entry_at(x, h, refs[v->targets + k], bad);
	if (!it->text || v->status < 0 || v->status >= STATUS_COUNT ||
	    v->percent < 0 || v->percent > 100)
		*bad = true;
}

/* Builds x's plan and state from the map.  Returns 0, 1 when the index is
 * damaged, -1 (err) when memory runs out. */
static int read_plan(struct index *x, const struct ix_header *h,
		     struct duban_error *err)
{
	const struct ix_item *v = (const void *)((const char *)x->map +
						 h->off_items);
	const uint64_t *names = (const void *)((const char *)x->map +
					       h->off_names);
	bool bad = false;
	size_t n = (size_t)h->nitems;

	x->names = mem_calloc(h->nnames ? h->nnames : 1, sizeof(*x->names));
	x->targets = mem_calloc(h->ntargets ? h->ntargets : 1,
				sizeof(*x->targets));
	x->entries = mem_calloc(h->nentries ? h->nentries : 1,
				sizeof(*x->entries));
	x->plan.items = mem_calloc(n ? n : 1, sizeof(*x->plan.items));
	x->state.items = mem_calloc(n ? n : 1, sizeof(*x->state.items));
	x->state.actuals = mem_calloc(h->ntargets ? h->ntargets : 1,
				      sizeof(*x->state.actuals));
	if (!x->names || !x->targets || !x->entries || !x->plan.items ||
	    !x->state.items || !x->state.actuals)
		return error_nomem(err);
	x->plan.n = x->plan.cap = x->state.n = n;
	for (uint64_t i = 0; i < h->nnames; i++)
		x->names[i] = str_at(x, h, names[i], &bad);
	read_targets(x, h, &bad);
	read_entries(x, h, &bad);
	for (size_t i = 0; i < n && !bad; i++)
		read_item(x, h, &v[i], &x->plan.items[i], &x->state.items[i],
			  &bad);
	if (bad)
		return 1;
	return table_index_items(&x->plan, h->has_keys, err);
}

/* Whether id is among the ids the index holds. */
static bool known_id(const struct index *x, const struct ix_header *h,
		     const char *id)
{
	uint64_t v = id_bits(id);

	return h->nids && bsearch(&v, (const char *)x->map + h->off_ids,
				  (size_t)h->nids, sizeof(uint64_t), by_u64);
}

/* Whether the records of the tail follow those indexed: newer than the
 * latest, their ids new, nothing damaged, interrupted or cancelling an
 * indexed record (the journal's loader makes that a problem). */
static bool tail_follows(const struct index *x, const struct ix_header *h)
{
	const struct journal *t = &x->tail;

	if (t->problems.n || t->ngaps || t->torn_tail || t->unterminated)
		return false;
	if (t->n && (t->v[0].recorded < h->latest ||
		     (t->v[0].recorded == h->latest &&
		      strcmp(t->v[0].id, h->latest_id) <= 0)))
		return false;
	for (size_t i = 0; i < t->n; i++)
		if (known_id(x, h, t->v[i].id))
			return false;
	return true;
}

/* Reads the journal's records past the index into x->tail, when the
 * journal is the file indexed, grown by appends alone.  Returns 0, 1 when
 * the index does not fit the journal, -1 (err) out of memory. */
static int read_tail(struct index *x, const struct ix_header *h,
		     const char *dir, struct duban_error *err)
{
	char path[4096], hash[DIGEST_SHORT_LEN + 1], *buf = NULL;
	size_t head = sizeof(JOURNAL_HEADER), n;
	int64_t start;
	struct stat st;
	int fd, rc = 1;

	if (store_file(dir, JOURNAL_FILE, path, sizeof(path), NULL))
		return 1;
	if (!h->journal_exists)
		return lstat(path, &st) && errno == ENOENT ? 0 : 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !same_file(&st, &h->journal) ||
	    (uint64_t)st.st_size < h->journal.size)
		goto out;
	x->journal_st = st;
	if (same_stat(&st, &h->journal)) {
		rc = 0;
		goto out;
	}
	/* grown: appended to, if the last line indexed is still there as it
	 * was; changed but as long: edited in place */
	n = (size_t)((uint64_t)st.st_size - h->journal.size);
	if (n == 0 || (n > TAIL_FLOOR && n > h->journal.size / TAIL_SHARE) ||
	    last_line(fd, (long long)h->journal.size, &start, hash) ||
	    start != h->last_start || strcmp(hash, h->last_hash))
		goto out;
	if (!(buf = mem_alloc(head + n))) {
		rc = error_nomem(err);
		goto out;
	}
	memcpy(buf, JOURNAL_HEADER "\n", head);
	if (pread(fd, buf + head, n, (off_t)h->journal.size) != (ssize_t)n)
		goto out;
	rc = journal_load_buffer(&x->tail, buf, head + n, JOURNAL_FILE,
				 &x->plan, h->last_sum, err);
	if (rc == 0 && !tail_follows(x, h))
		rc = 1;
out:
	mem_free(buf);
	close(fd);
	return rc;
}

/* Maps the index file of dir into x.  Returns 0, or 1 if there is none. */
static int map_index(struct index *x, const char *dir)
{
	char path[4096];
	struct stat st;
	int fd;

	if (store_file(dir, INDEX_FILE, path, sizeof(path), NULL) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(struct ix_header)) {
		close(fd);
		return 1;
	}
	x->map_len = (size_t)st.st_size;
	x->map = mmap(NULL, x->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (x->map == MAP_FAILED) {
		x->map = NULL;
		return 1;
	}
	return 0;
}

int index_read(struct index *x, const char *dir, struct duban_error *err)
{
	const struct ix_header *h;
	int rc;

	*x = (struct index)INDEX_INIT;
	if (map_index(x, dir))
		return 1;
	if (!(h = check_header(x)) || !items_unchanged(dir, h))
		rc = 1;
	else if ((rc = read_plan(x, h, err)) == 0 &&
		 (rc = read_tail(x, h, dir, err)) == 0) {
		state_fold_onto(&x->state, &x->plan, &x->tail);
		x->max_date = h->max_date;
		x->latest = h->latest > x->tail.latest ? h->latest
						       : x->tail.latest;
		x->latest_indexed = h->latest;
		x->linear = h->linear && !x->tail.heads_more;
		x->journal_exists = h->journal_exists;
		memcpy(x->last_sum, h->last_sum, sizeof(x->last_sum));
		x->records = (size_t)h->records;
		x->appended = x->tail.n;
		for (size_t i = 0; i < x->tail.n; i++) {
			const struct entry *e = &x->tail.v[i];

			if (e->undone || e->kind == ENTRY_UNDO)
				continue;
			x->records++;
			if (x->max_date == DATE_NONE || e->date > x->max_date)
				x->max_date = e->date;
		}
	}
	if (rc)
		index_release(x);
	return rc;
}

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
	       same_str(a->figure, b->figure) && a->value == b->value;
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

void index_release(struct index *x)
{
	table_release(&x->plan);
	state_release(&x->state);
	journal_release(&x->tail);
	mem_free(x->names);
	mem_free(x->targets);
	mem_free(x->entries);
	if (x->map)
		munmap(x->map, x->map_len);
	*x = (struct index)INDEX_INIT;
}
