/* Reading the index back: the whole plan (index_read), or the few items a
 * writer records on (index_read_items); then the journal's records
 * appended since, folded on top. */
#include "duban/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "duban/csvread.h"
#include "duban/digest.h"
#include "duban/mem.h"
#include "duban/sort.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "index_file.h"

/* Most bytes of records appended since the index was written that a
 * reader folds on top of it, beyond which it parses everything again (and
 * writes a new index): an eighth of the journal indexed, at least a floor
 * (in a small journal the whole is soon parsed) and at most a ceiling (the
 * records are parsed again by every command until then). */
#define TAIL_FLOOR (64 << 10)
#define TAIL_SHARE 8
#define TAIL_MOST (16 << 20)
/* How many bytes of records appended since make a reader of the whole
 * index write it anew from what it read (index_rewrite()): reading them
 * again at every command soon costs more than writing the index once.
 * With an index of L bytes rewritten every T bytes of records of r bytes
 * each, a command pays about L r / T for the writes and T / 2 for reading
 * the tail (each byte of those weighed alike): least at T = sqrt(2 r L).
 * REWRITE_SCALE is 2 r for a record of 160 bytes with writing a byte
 * costing a fifth of parsing one; never below a floor. */
#define REWRITE_FLOOR (16 << 10)
#define REWRITE_SCALE 64

static bool same_stat(const struct stat *st, const struct ix_stat *ix)
{
	struct ix_stat now;

	ix_stat_of(st, &now);
	return memcmp(&now, ix, sizeof(now)) == 0;
}

/* Whether the section of n records of size bytes at off lies in the map. */
static bool fits(const struct index *x, uint64_t off, uint64_t n, size_t size)
{
	return off % 8 == 0 && off <= x->map_len &&
	       n <= (x->map_len - off) / size;
}

/* The header, if x's map holds an index of this version, byte order and
 * build, its sections where the header says; with whole, its every byte
 * as written.  Else NULL. */
static const struct ix_header *check_header(const struct index *x, bool whole)
{
	const struct ix_header *h = x->map;
	const char *map = x->map;

	if (x->map_len < sizeof(*h) || memcmp(h->magic, IX_MAGIC, 8) ||
	    h->version != IX_VERSION || h->byte_order != IX_BYTE_ORDER ||
	    h->record_sizes != IX_RECORD_SIZES ||
	    h->hcrc != (uint32_t)ix_crc(0L, h, offsetof(struct ix_header, hcrc)) ||
	    h->nitems > TABLE_ITEMS_MAX || h->nslots < h->nitems * 2 ||
	    (h->nslots & (h->nslots - 1)) ||
	    !fits(x, h->off_items, h->nitems, sizeof(struct ix_item)) ||
	    !fits(x, h->off_names, h->nnames, sizeof(uint64_t)) ||
	    !fits(x, h->off_targets, h->ntargets, sizeof(struct ix_target)) ||
	    !fits(x, h->off_actuals, h->ntargets, sizeof(uint64_t)) ||
	    !fits(x, h->off_entries, h->nentries, sizeof(struct ix_entry)) ||
	    !fits(x, h->off_ids, h->nids, sizeof(uint64_t)) ||
	    !fits(x, h->off_slots, h->nslots, sizeof(uint64_t)) ||
	    (h->has_keys &&
	     !fits(x, h->off_key_slots, h->nslots, sizeof(uint64_t))) ||
	    !fits(x, h->off_units, h->nunits, sizeof(uint64_t)) ||
	    !fits(x, h->off_lines, h->nlines, sizeof(uint64_t)) ||
	    !fits(x, h->off_pool, h->pool_len, 1) || h->pool_len == 0 ||
	    map[h->off_pool + h->pool_len - 1] != '\0' ||
	    h->latest_id[ENTRY_ID_LEN] || h->last_sum[DIGEST_SHORT_LEN] ||
	    h->last_hash[DIGEST_SHORT_LEN] || h->items_sum[DIGEST_SHORT_LEN])
		return NULL;
	if (whole &&
	    h->crc != (uint32_t)ix_crc(ix_crc(0L, h, offsetof(struct ix_header,
							      crc)),
				       map + sizeof(*h), x->map_len - sizeof(*h)))
		return NULL;
	return h;
}

/* Whether items.csv was changed so close to the index's making that a
 * change after it may have left its times as they were (IX_RACY_NS). */
static bool racy(const struct ix_header *h)
{
	return h->items.mtime_s * 1000000000 + h->items.mtime_ns >=
	       h->built - IX_RACY_NS ||
	       h->items.ctime_s * 1000000000 + h->items.ctime_ns >=
	       h->built - IX_RACY_NS;
}

/* Whether items.csv is the file the index was made from: its times and
 * size, and when those cannot tell, its content. */
static bool items_unchanged(const char *dir, const struct ix_header *h)
{
	char path[4096], sum[DIGEST_SHORT_LEN + 1], *text;
	struct stat st;
	size_t n;

	if (store_file(dir, STORE_ITEMS, path, sizeof(path), NULL) ||
	    stat(path, &st) || !same_stat(&st, &h->items))
		return false;
	if (!racy(h))
		return true;
	if (file_read_all(path, SIZE_MAX / 2, &text, &n, NULL))
		return false;
	digest_short(text, n, sum);
	mem_free(text);
	return strcmp(sum, h->items_sum) == 0;
}

/* An index made racily (above) has items.csv's content read by every
 * reader; once that time has long passed, the index is written again as
 * it is, stamped now, so that its readers trust the times again.  Nothing
 * is said if it cannot be: the next reader tries again. */
static void refresh(const struct index *x, const struct ix_header *h,
		    const char *dir)
{
	struct ix_header fresh = *h;
	char path[4096], tmp[4096];
	const char *body = (const char *)x->map + sizeof(*h);
	size_t n = x->map_len - sizeof(*h);
	int fd;

	fresh.built = ix_now_ns();
	if (racy(&fresh) ||
	    store_file(dir, INDEX_FILE, path, sizeof(path), NULL) ||
	    (fd = file_temp_beside(path, tmp, sizeof(tmp), NULL)) < 0)
		return;
	fresh.hcrc = (uint32_t)ix_crc(0L, &fresh, offsetof(struct ix_header,
							   hcrc));
	fresh.crc = (uint32_t)ix_crc(ix_crc(0L, &fresh,
					    offsetof(struct ix_header, crc)),
				     body, n);
	if (file_write_all(fd, &fresh, sizeof(fresh)) ||
	    file_write_all(fd, body, n)) {
		close(fd);
		unlink(tmp);
		return;
	}
	file_commit(fd, tmp, path, NULL);
}

/* --- one item -------------------------------------------------------------- */

/* The string at off in the pool, NULL for IX_NONE; *bad set when off is
 * outside it. */
static const char *str_at(const struct ix_view *v, uint64_t off, bool *bad)
{
	if (off == IX_NONE)
		return NULL;
	if (off >= v->pool_len) {
		*bad = true;
		return "";
	}
	return v->pool + off;
}

/* Entry i of the index, made in x's arena; NULL for IX_NONE. */
static const struct entry *entry_at(struct index *x, const struct ix_view *v,
				    uint64_t i, bool *bad)
{
	const struct ix_entry *y;
	struct entry *e;

	if (i == IX_NONE)
		return NULL;
	if (i >= v->nentries || !(e = arena_alloc(&x->arena, sizeof(*e)))) {
		*bad = true;
		return NULL;
	}
	y = &v->entries[i];
	memset(e, 0, sizeof(*e));
	memcpy(e->id, y->id, sizeof(e->id));
	memcpy(e->batch, y->batch, sizeof(e->batch));
	e->id[ENTRY_ID_LEN] = e->batch[DIGEST_SHORT_LEN] = '\0';
	e->recorded = y->recorded;
	e->item = (long)y->item;
	e->line = (long)y->line;
	e->recorded_text = str_at(v, y->recorded_text, bad);
	e->item_key = str_at(v, y->item_key, bad);
	e->by = str_at(v, y->by, bad);
	e->note = str_at(v, y->note, bad);
	e->figure = str_at(v, y->figure, bad);
	e->target_key = str_at(v, y->target_key, bad);
	e->value = y->value;
	e->date = y->date;
	e->kind = (enum entry_kind)y->kind;
	e->status = (enum status)y->status;
	e->percent = y->percent;
	e->target = y->target;
	e->deadline = y->deadline;
	if (!e->by || !e->note || y->kind < 0 || y->kind >= ENTRY_KIND_COUNT ||
	    y->status < 0 || y->status >= STATUS_COUNT)
		*bad = true;
	return e;
}

/* Points out at the n names from first on, made in x's arena. */
static void names_at(struct index *x, const struct ix_view *v, uint64_t first,
		     uint32_t n, struct names *out, bool *bad)
{
	const char **names;

	if (first > v->nnames || n > v->nnames - first ||
	    !(names = arena_alloc(&x->arena, (n ? n : 1) * sizeof(*names)))) {
		*bad = true;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		/* a list never holds an absent name: that is a damaged index */
		if (v->names[first + i] == IX_NONE)
			*bad = true;
		names[i] = str_at(v, v->names[first + i], bad);
		if (!names[i])
			names[i] = "";
	}
	out->v = names;
	out->n = n;
}

static void targets_at(struct index *x, const struct ix_view *v,
		       const struct ix_item *y, struct item *it,
		       struct item_state *st, bool *bad)
{
	struct target *t;
	const struct entry **actuals;

	if (y->targets > v->ntargets || y->ntargets > v->ntargets - y->targets ||
	    !(t = arena_alloc(&x->arena, (y->ntargets + 1) * sizeof(*t))) ||
	    !(actuals = arena_alloc(&x->arena,
				    (y->ntargets + 1) * sizeof(*actuals)))) {
		*bad = true;
		return;
	}
	for (uint32_t k = 0; k < y->ntargets; k++) {
		const struct ix_target *z = &v->targets[y->targets + k];

		t[k] = (struct target){
			.subject = str_at(v, z->subject, bad),
			.figure = str_at(v, z->figure, bad),
			.figure_max = str_at(v, z->figure_max, bad),
			.unit = str_at(v, z->unit, bad),
			.key = str_at(v, z->key, bad),
			.value = z->value, .value_max = z->value_max,
			.op = (enum target_op)z->op, .by = z->by,
		};
		if (!t[k].subject || !t[k].figure || !t[k].unit || !t[k].key ||
		    z->op < TARGET_GT || z->op > TARGET_LT)
			*bad = true;
		actuals[k] = entry_at(x, v, v->actuals[y->targets + k], bad);
	}
	it->targets = t;
	it->ntargets = y->ntargets;
	st->actuals = actuals;
}

/* Item pos of the index and its state, into it and st, their strings in
 * the map and their lists in x's arena.  *bad is set when the index does
 * not hold a whole item there. */
static void item_at(struct index *x, const struct ix_view *v, uint64_t pos,
		    struct item *it, struct item_state *st, bool *bad)
{
	const struct ix_item *y = &v->items[pos];

	it->id = (long)y->id;
	it->line = (long)y->line;
	it->section = y->section;
	it->subsection = y->subsection;
	it->section_title = str_at(v, y->section_title, bad);
	it->subsection_title = str_at(v, y->subsection_title, bad);
	it->text = str_at(v, y->text, bad);
	it->deadline_text = str_at(v, y->deadline_text, bad);
	it->key = str_at(v, y->key, bad);
	it->deadline = y->deadline;
	names_at(x, v, y->names, y->nleaders, &it->leaders, bad);
	names_at(x, v, y->names + y->nleaders, y->nlead_units,
		 &it->lead_units, bad);
	names_at(x, v, y->names + y->nleaders + y->nlead_units,
		 y->nparticipants, &it->participants, bad);
	targets_at(x, v, y, it, st, bad);
	st->status = (enum status)y->status;
	st->percent = y->percent;
	st->last_date = y->last_date;
	st->done_date = y->done_date;
	st->extended = y->extended;
	st->requested = y->requested;
	st->extensions = y->extensions;
	st->closing = y->closing;
	st->returns = y->returns;
	st->records = y->records;
	st->last_note = entry_at(x, v, y->last_note, bad);
	if (!it->text || y->status < 0 || y->status >= STATUS_COUNT ||
	    y->percent < 0 || y->percent > 100 || y->extensions < 0 ||
	    y->returns < 0)
		*bad = true;
}

/* Room for n items and their states in x's plan and state.  Returns 0,
 * or -1 (err) out of memory. */
static int make_room(struct index *x, size_t n, struct duban_error *err)
{
	x->plan.items = mem_calloc(n ? n : 1, sizeof(*x->plan.items));
	x->state.items = mem_calloc(n ? n : 1, sizeof(*x->state.items));
	if (!x->plan.items || !x->state.items)
		return error_nomem(err);
	x->plan.cap = n;
	return 0;
}

/* Adds item pos of the index to x's plan (and its state), checking its
 * CRC when check.  Returns 0, or 1 when the index is damaged there. */
static int add_item_at(struct index *x, const struct ix_view *v, uint64_t pos,
		       bool check)
{
	size_t i = x->plan.n;
	uint32_t crc;
	bool bad = false;

	if (pos >= v->nitems ||
	    (check && (!ix_item_crc(v, pos, &crc) || crc != v->items[pos].crc)))
		return 1;
	item_at(x, v, pos, &x->plan.items[i], &x->state.items[i], &bad);
	if (bad)
		return 1;
	x->plan.n = x->state.n = i + 1;
	return 0;
}

/* The units the plan names, from the index.  Returns 0, 1 if damaged, -1
 * (err) out of memory. */
static int read_units(struct index *x, const struct ix_view *v,
		      struct duban_error *err)
{
	bool bad = false;

	if (!(x->units = arena_alloc(&x->arena,
				     (v->nunits + 1) * sizeof(*x->units))))
		return error_nomem(err);
	for (uint64_t i = 0; i < v->nunits; i++)
		x->units[i] = str_at(v, v->units[i], &bad);
	x->nunits = (size_t)v->nunits;
	return bad ? 1 : 0;
}

/* --- lookups --------------------------------------------------------------- */

/* The position of the item whose id is id, or IX_NONE. */
static uint64_t position_of_id(const struct ix_view *v, long id)
{
	uint64_t mask = v->nslots - 1, h = ix_hash_id(id) & mask;

	for (uint64_t tries = 0; tries < v->nslots && v->slots[h]; tries++) {
		uint64_t pos = v->slots[h] - 1;

		if (pos < v->nitems && v->items[pos].id == id)
			return pos;
		h = (h + 1) & mask;
	}
	return IX_NONE;
}

/* The position of the item whose key is key, or IX_NONE. */
static uint64_t position_of_key(const struct ix_view *v, const char *key)
{
	uint64_t mask = v->nslots - 1, h = ix_hash_str(key) & mask;

	if (!v->key_slots)
		return IX_NONE;
	for (uint64_t tries = 0; tries < v->nslots && v->key_slots[h]; tries++) {
		uint64_t pos = v->key_slots[h] - 1;
		bool bad = false;
		const char *k = pos < v->nitems
				? str_at(v, v->items[pos].key, &bad) : NULL;

		if (k && !bad && strcmp(k, key) == 0)
			return pos;
		h = (h + 1) & mask;
	}
	return IX_NONE;
}

/* The position of the item a journal record names in its item field, as
 * the journal's loader finds it (journal.h): "#key"; a number by key when
 * the plan has keys, else by id. */
static uint64_t position_named(const struct ix_view *v, const char *field)
{
	char *end;
	long id;

	if (*field == '#')
		return position_of_key(v, field + 1);
	if (v->key_slots)
		return position_of_key(v, field);
	errno = 0;
	id = strtol(field, &end, 10);
	return errno || *end || end == field ? IX_NONE : position_of_id(v, id);
}

/* Whether id is among the ids the index holds. */
static bool known_id(const struct ix_view *v, const char *id)
{
	uint64_t bits = digest_hex64(id);

	return v->nids && bsearch(&bits, v->ids, (size_t)v->nids,
				  sizeof(uint64_t), sort_cmp_u64);
}

/* --- the records appended since ------------------------------------------- */

/* Reads the journal's bytes past the index into *buf (its header line
 * first, *n bytes; NULL when there are none), when the journal is the file
 * indexed, grown by appends alone.  Returns 0, 1 when the index does not
 * fit the journal, -1 (err) out of memory. */
static int tail_bytes(struct index *x, const struct ix_header *h,
		      const char *dir, char **buf, size_t *n,
		      struct duban_error *err)
{
	char path[4096], hash[DIGEST_SHORT_LEN + 1];
	size_t head = sizeof(JOURNAL_HEADER), more;
	int64_t start;
	struct stat st;
	int fd, rc = 1;

	*buf = NULL;
	*n = 0;
	if (store_file(dir, JOURNAL_FILE, path, sizeof(path), NULL))
		return 1;
	if (!h->journal_exists)
		return lstat(path, &st) && errno == ENOENT ? 0 : 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_dev != h->journal.dev ||
	    (uint64_t)st.st_ino != h->journal.ino ||
	    (uint64_t)st.st_size < h->journal.size)
		goto out;
	x->journal_st = st;
	if (same_stat(&st, &h->journal)) {
		rc = 0;
		goto out;
	}
	/* grown: appended to, if the last line indexed is still there as it
	 * was; changed but as long: edited in place */
	more = (size_t)((uint64_t)st.st_size - h->journal.size);
	if (more == 0 || more > TAIL_MOST ||
	    (more > TAIL_FLOOR && more > h->journal.size / TAIL_SHARE) ||
	    ix_last_line(fd, (long long)h->journal.size, &start, hash) ||
	    start != h->last_start || strcmp(hash, h->last_hash))
		goto out;
	if (!(*buf = mem_alloc(head + more))) {
		rc = error_nomem(err);
		goto out;
	}
	memcpy(*buf, JOURNAL_HEADER "\n", head);
	if (pread(fd, *buf + head, more, (off_t)h->journal.size) != (ssize_t)more)
		goto out;
	*n = head + more;
	x->tail_len = *n;
	rc = 0;
out:
	if (rc) {
		mem_free(*buf);
		*buf = NULL;
	}
	close(fd);
	return rc;
}

/* Whether the records of the tail follow those indexed: newer than the
 * latest, their ids new, nothing damaged, interrupted or cancelling an
 * indexed record (the journal's loader makes that a problem). */
static bool tail_follows(const struct index *x, const struct ix_view *v,
			 const struct ix_header *h)
{
	const struct journal *t = &x->tail;

	if (t->problems.n || t->ngaps || t->torn_tail || t->unterminated)
		return false;
	if (t->n && (t->v[0].recorded < h->latest ||
		     (t->v[0].recorded == h->latest &&
		      strcmp(t->v[0].id, h->latest_id) <= 0)))
		return false;
	for (size_t i = 0; i < t->n; i++)
		if (known_id(v, t->v[i].id))
			return false;
	return true;
}

/* Loads the tail bytes into x->tail against x's plan, and folds them on
 * top of its state.  Returns 0, 1 when they do not follow the index, -1
 * (err) out of memory. */
static int fold_tail(struct index *x, const struct ix_view *v,
		     const struct ix_header *h, const char *buf, size_t n,
		     struct duban_error *err)
{
	int rc = table_index_items(&x->plan, h->has_keys, err);

	if (rc)
		return rc;	/* 1: two items of one id or key, no plan */
	if (buf && journal_load_buffer(&x->tail, buf, n, JOURNAL_FILE, &x->plan,
				       h->last_sum, err))
		return -1;
	if (!tail_follows(x, v, h))
		return 1;
	state_fold_onto(&x->state, &x->plan, &x->tail);
	x->max_date = h->max_date;
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
	x->latest = h->latest > x->tail.latest ? h->latest : x->tail.latest;
	x->latest_indexed = h->latest;
	x->linear = h->linear && !x->tail.heads_more;
	x->journal_exists = h->journal_exists;
	x->earliest_deadline = h->earliest_deadline;
	memcpy(x->last_sum, h->last_sum, sizeof(x->last_sum));
	return 0;
}

/* The item fields of the tail's records, to find their items by. */
struct named {
	uint64_t *pos;
	size_t n, cap;
	const struct ix_view *v;
	bool unknown;		/* a record names no item of the index */
};

static int on_tail_record(const struct csv_record *rec, void *ctx,
			  struct duban_error *err)
{
	struct named *nd = ctx;
	uint64_t pos;

	if (rec->line == 1 || rec->problem || rec->count < 4)
		return 0;	/* the header; the loader judges the rest */
	if ((pos = position_named(nd->v, rec->fields[3])) == IX_NONE) {
		nd->unknown = true;
		return 0;
	}
	if (mem_grow((void **)&nd->pos, &nd->cap, nd->n + 1, sizeof(*nd->pos)))
		return error_nomem(err);
	nd->pos[nd->n++] = pos;
	return 0;
}

/* --- opening --------------------------------------------------------------- */

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

/* Opens the index of dir: mapped, its header (and with whole, every byte)
 * checked, items.csv unchanged.  Returns the header, or NULL (x empty
 * again) when there is no index that fits. */
static const struct ix_header *open_index(struct index *x, const char *dir,
					  bool whole)
{
	const struct ix_header *h;

	*x = (struct index)INDEX_INIT;
	if (map_index(x, dir))
		return NULL;
	if (!(h = check_header(x, whole)) || !items_unchanged(dir, h)) {
		index_release(x);
		return NULL;
	}
	return h;
}

/* Every item of the index x maps, with its state, and the units. */
static int read_all(struct index *x, const struct ix_view *v,
		    struct duban_error *err)
{
	int rc = make_room(x, (size_t)v->nitems, err);

	for (uint64_t i = 0; rc == 0 && i < v->nitems; i++)
		rc = add_item_at(x, v, i, false);
	return rc ? rc : read_units(x, v, err);
}

int ix_parse(struct index *x, struct duban_error *err)
{
	const struct ix_header *h = check_header(x, true);
	struct ix_view v;
	int rc;

	if (!h)
		return 1;
	v = ix_view_of(x->map, h);
	rc = read_all(x, &v, err);
	return rc ? rc : table_index_items(&x->plan, h->has_keys, err);
}

bool index_tail_is_long(const struct index *x, size_t n)
{
	return n > REWRITE_FLOOR &&
	       (uint64_t)n * n > (uint64_t)x->map_len * REWRITE_SCALE;
}

int index_read(struct index *x, const char *dir, struct duban_error *err)
{
	const struct ix_header *h = open_index(x, dir, true);
	struct ix_view v;
	char *buf = NULL;
	size_t n = 0;
	int rc;

	if (!h)
		return 1;
	v = ix_view_of(x->map, h);
	rc = read_all(x, &v, err);
	if (rc == 0)
		rc = tail_bytes(x, h, dir, &buf, &n, err);
	if (rc == 0)
		rc = fold_tail(x, &v, h, buf, n, err);
	if (rc == 0 && index_tail_is_long(x, n))
		index_rewrite(x, dir, NULL);
	else if (rc == 0 && racy(h))
		refresh(x, h, dir);
	mem_free(buf);
	if (rc)
		index_release(x);
	return rc;
}

/* Adds to nd the positions of the items of ids[0..n). */
static int name_items(struct named *nd, const long *ids, size_t n,
		      struct duban_error *err)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t pos = position_of_id(nd->v, ids[i]);

		if (pos == IX_NONE)
			continue;	/* the command says it is not in the plan */
		if (mem_grow((void **)&nd->pos, &nd->cap, nd->n + 1,
			     sizeof(*nd->pos)))
			return error_nomem(err);
		nd->pos[nd->n++] = pos;
	}
	return 0;
}

/* index_read_items(), keeping the bytes of the records appended since
 * (their header line first) in *tail and *tail_len for the caller to free
 * (NULL when there are none) when it returns 0. */
static int read_items(struct index *x, const char *dir, const long *ids,
		      size_t n, char **tail, size_t *tail_len,
		      struct duban_error *err)
{
	const struct ix_header *h = open_index(x, dir, false);
	struct ix_view v;
	struct named nd = { 0 };
	char *buf = NULL;
	size_t len = 0, kept = 0;
	int rc;

	*tail = NULL;
	*tail_len = 0;
	if (!h)
		return 1;
	v = ix_view_of(x->map, h);
	nd.v = &v;
	rc = tail_bytes(x, h, dir, &buf, &len, err);
	if (rc == 0 && buf &&
	    csv_read_lines_buffer(buf, len, JOURNAL_FILE, on_tail_record, &nd,
				  NULL, err))
		rc = -1;
	if (rc == 0 && nd.unknown)
		rc = 1;		/* a record on an item not in the plan */
	if (rc == 0)
		rc = name_items(&nd, ids, n, err);
	if (rc == 0 && nd.n > 1)
		sort_u64(nd.pos, nd.n);
	for (size_t i = 0; i < nd.n; i++)	/* each once, in plan order */
		if (!kept || nd.pos[i] != nd.pos[kept - 1])
			nd.pos[kept++] = nd.pos[i];
	if (rc == 0)
		rc = make_room(x, kept, err);
	for (size_t i = 0; rc == 0 && i < kept; i++)
		rc = add_item_at(x, &v, nd.pos[i], true);
	if (rc == 0)
		rc = read_units(x, &v, err);
	if (rc == 0)
		rc = fold_tail(x, &v, h, buf, len, err);
	mem_free(nd.pos);
	if (rc) {
		mem_free(buf);
		index_release(x);
		return rc;
	}
	*tail = buf;
	*tail_len = len;
	return 0;
}

int index_read_items(struct index *x, const char *dir, const long *ids,
		     size_t n, struct duban_error *err)
{
	char *tail;
	size_t len;
	int rc = read_items(x, dir, ids, n, &tail, &len, err);

	mem_free(tail);
	return rc;
}

/* Appends to sb the journal lines of item pos of v, each with its
 * newline, read from fd.  Returns 0, 1 when they are not there, -1 (err)
 * out of memory. */
static int item_lines(const struct ix_view *v, uint64_t pos, int fd,
		      struct strbuf *sb, struct duban_error *err)
{
	const struct ix_item *y = &v->items[pos];

	if (y->lines > v->nlines || y->nlines > v->nlines - y->lines)
		return 1;
	for (uint64_t k = y->lines; k < y->lines + y->nlines; k++) {
		uint64_t line = v->lines[k];
		size_t len = IX_LINE_LENGTH(line), at = sb->len;

		if (len > CSV_LINE_MAX ||
		    mem_grow((void **)&sb->s, &sb->cap, sb->len + len + 2, 1))
			return len > CSV_LINE_MAX ? 1 : error_nomem(err);
		if (pread(fd, sb->s + at, len, (off_t)IX_LINE_START(line)) !=
		    (ssize_t)len)
			return 1;
		sb->s[at + len] = '\n';
		sb->len = at + len + 1;
		sb->s[sb->len] = '\0';
	}
	return 0;
}

/* Whether j holds every record the index lists of the items ids, and the
 * tail's of them: a list pointing elsewhere is no list of theirs. */
static bool holds_all(const struct journal *j, const struct ix_view *v,
		      const struct journal *tail, const long *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t pos = position_of_id(v, ids[i]);
		size_t want = 0, have = 0;

		if (pos == IX_NONE)
			continue;
		want = (size_t)v->items[pos].nlines;
		for (size_t k = 0; k < tail->n; k++)
			want += tail->v[k].item == ids[i];
		for (size_t k = 0; k < j->n; k++)
			have += j->v[k].item == ids[i];
		if (have != want)
			return false;
	}
	return true;
}

int index_read_records(struct index *x, const char *dir, const long *ids,
		       size_t n, struct journal *j, struct duban_error *err)
{
	const struct ix_header *h;
	struct ix_view v;
	struct strbuf sb = STRBUF_INIT;
	char path[4096], *tail;
	size_t len, head = sizeof(JOURNAL_HEADER);
	int fd = -1, rc = read_items(x, dir, ids, n, &tail, &len, err);

	if (rc)
		return rc;
	h = x->map;
	v = ix_view_of(x->map, h);
	rc = store_file(dir, JOURNAL_FILE, path, sizeof(path), err) ? -1 : 0;
	if (rc == 0 && (sb_add(&sb, JOURNAL_HEADER "\n", head) ||
			(h->journal_exists &&
			 (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)))
		rc = fd < 0 && h->journal_exists ? 1 : error_nomem(err);
	for (size_t i = 0; rc == 0 && fd >= 0 && i < n; i++) {
		uint64_t pos = position_of_id(&v, ids[i]);

		if (pos != IX_NONE)
			rc = item_lines(&v, pos, fd, &sb, err);
	}
	if (rc == 0 && tail && sb_add(&sb, tail + head, len - head))
		rc = error_nomem(err);
	if (rc == 0)
		rc = journal_load_part(j, sb.s, sb.len, JOURNAL_FILE, &x->plan,
				       err);
	if (rc == 0 && (j->problems.n || j->torn_tail || j->unterminated ||
			!holds_all(j, &v, &x->tail, ids, n))) {
		journal_release(j);
		rc = 1;
	}
	if (fd >= 0)
		close(fd);
	mem_free(tail);
	sb_release(&sb);
	if (rc)
		index_release(x);
	return rc;
}

void index_release(struct index *x)
{
	table_release(&x->plan);
	state_release(&x->state);
	journal_release(&x->tail);
	arena_release(&x->arena);
	if (x->map)
		munmap(x->map, x->map_len);
	*x = (struct index)INDEX_INIT;
}
