/*
 * The layout of the index file (index.h), shared by its writer (index.c)
 * and its readers (index_read.c).
 *
 * A header, then arrays of fixed-size records and a pool of NUL-terminated
 * strings that the records name by offset.  Integers are in the writer's
 * byte order, which the header records; every section is 8-byte aligned.
 * Each item record carries a CRC-32 of everything that is its own (its
 * strings, names, targets and the records its state points to), so that a
 * reader of a few items checks those alone; a reader of all of them checks
 * the CRC-32 of the whole file.
 */
#ifndef DUBAN_INDEX_FILE_H
#define DUBAN_INDEX_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "duban/digest.h"
#include "duban/journal.h"

#define IX_MAGIC "duban-ix"
#define IX_VERSION 5u
#define IX_BYTE_ORDER 0x01020304u
#define IX_NONE UINT64_MAX	/* no string, no entry */

struct ix_stat {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

struct ix_header {
	char magic[8];
	uint32_t version, byte_order;
	uint32_t record_sizes;	/* the sizes of the records below, packed */
	uint32_t has_keys;
	int64_t built;		/* when items.csv was read for it, in
				 * nanoseconds since 1970 */
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
	char pad2[5];
	int64_t latest;		/* recorded time of the last record folded */
	int32_t max_date;	/* the latest day a folded record reports on */
	int32_t earliest_deadline;	/* of the plan (settings_complete) */
	uint64_t records;
	uint64_t nitems, nnames, ntargets, nentries, nids, nslots, nunits,
		 nlines;
	uint64_t off_items, off_names, off_targets, off_actuals, off_entries,
		 off_ids, off_slots, off_key_slots, off_units, off_lines,
		 off_pool, pool_len;
	uint32_t hcrc;		/* zlib's CRC-32 of the header up to here */
	uint32_t crc;		/* of the header up to here and everything
				 * after it */
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
	int32_t extended, requested, extensions;	/* of its deadline */
	int32_t closing, returns, pad;		/* of its closure review */
	uint32_t crc;		/* of what is the item's own (above) */
	uint64_t records;
	uint64_t last_note;	/* an entry, or IX_NONE */
	uint64_t lines;		/* where its lines in the journal are listed */
	uint64_t nlines;	/* how many: every record of the item, in the
				 * order of the fold */
};

/* A line of the journal: where it starts, and its length without the
 * newline (a line is at most CSV_LINE_MAX bytes). */
#define IX_LINE(start, length) ((uint64_t)(start) << 20 | (uint64_t)(length))
#define IX_LINE_START(x) ((x) >> 20)
#define IX_LINE_LENGTH(x) ((size_t)((x) & ((1u << 20) - 1)))

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
	int32_t date, kind, status, percent, target, deadline;
	char id[ENTRY_ID_LEN + 1];
	char batch[DIGEST_SHORT_LEN + 1];
	char pad2[6];
};

#define IX_RECORD_SIZES ((uint32_t)(sizeof(struct ix_header) << 20 ^ \
	sizeof(struct ix_item) << 12 ^ sizeof(struct ix_target) << 6 ^ \
	sizeof(struct ix_entry)))

/* How close to the index's making a change of items.csv may be and leave
 * its times as they were: file times advance by the kernel's tick, which
 * is coarser than the clock the index is stamped with. */
#define IX_RACY_NS (50LL * 1000 * 1000)

/* Nanoseconds since 1970 now, and in a file time. */
int64_t ix_now_ns(void);
int64_t ix_ns(const struct timespec *ts);

/* The sections of an index, wherever they are (a map, the writer's
 * buffers), with their lengths. */
struct ix_view {
	const struct ix_item *items;
	const uint64_t *names, *actuals, *ids, *slots, *key_slots, *units,
		       *lines;
	const struct ix_target *targets;
	const struct ix_entry *entries;
	const char *pool;
	uint64_t nitems, nnames, ntargets, nentries, nids, nslots, nunits,
		 nlines;
	uint64_t pool_len;
};

/* The sections of the index at base, as its header h places them (h
 * checked: they lie within it). */
struct ix_view ix_view_of(const void *base, const struct ix_header *h);

/* The CRC-32 of what item pos of v holds (its record with the crc field
 * as zero, and everything it points to) into *crc.  Returns false when it
 * points outside v. */
bool ix_item_crc(const struct ix_view *v, uint64_t pos, uint32_t *crc);

/* The CRC-32 crc continued over the n bytes at p. */
unsigned long ix_crc(unsigned long crc, const void *p, size_t n);

/* Slot hashes: of an item id, and of a key (or any string). */
uint64_t ix_hash_id(long id);
uint64_t ix_hash_str(const char *s);

void ix_stat_of(const struct stat *st, struct ix_stat *out);

struct index;
struct duban_error;

/* Reads the plan and the state from the index x->map holds (x->map_len
 * bytes; x otherwise as INDEX_INIT), every CRC checked, as index_read()
 * does but apart from any store: nothing appended since is folded in (for
 * the fuzzer).  Returns 0, 1 when it is no whole index, -1 (err) out of
 * memory; release x with index_release() after setting x->map to NULL if
 * the caller owns the bytes. */
int ix_parse(struct index *x, struct duban_error *err);

/* Finds the line of the file fd that ends at end (with its newline):
 * where it starts into *start and the sum of its bytes into hash.  Returns
 * 0, or -1 when there is no such line or it cannot be read. */
int ix_last_line(int fd, long long end, int64_t *start, char *hash);

#endif
