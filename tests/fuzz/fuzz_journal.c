/*
 * fuzz_journal — journal.csv, as journal_load() reads it against the
 * bundled plan (so item ids and target numbers mean something).
 *
 * A damaged line is a problem, never a failure of the load.  Every entry
 * loaded (from a format 1 or a format 2 journal), written again with
 * entry_format_line() into a format 2 journal of its own, each line linked
 * to the one before, must load again as the same entry (when its time is
 * far enough from the ends of the calendar to be written as a day of it in
 * any time zone).  The lines are not the same bytes: their links are new.
 */
#include "fuzz.h"

#include "duban/bundled.h"
#include "duban/journal.h"
#include "duban/strbuf.h"

static const struct table *plan(void)
{
	static struct table t = TABLE_INIT;
	struct duban_error err;
	const char *buf;
	size_t n;

	if (!t.n) {
		buf = bundled_plan(&n);
		FUZZ_CHECK(table_load_buffer(&t, buf, n, "items.csv", &err) == 0);
	}
	return &t;
}

static bool same_entry(const struct entry *a, const struct entry *b)
{
	return strcmp(a->id, b->id) == 0 && a->recorded == b->recorded &&
	       a->date == b->date && a->item == b->item && a->kind == b->kind &&
	       a->status == b->status && a->percent == b->percent &&
	       a->target == b->target && a->value == b->value &&
	       strcmp(a->target_key ? a->target_key : "",
		      b->target_key ? b->target_key : "") == 0 &&
	       strcmp(a->figure ? a->figure : "", b->figure ? b->figure : "") == 0 &&
	       strcmp(a->cancels ? a->cancels : "", b->cancels ? b->cancels : "") == 0 &&
	       strcmp(a->by, b->by) == 0 && strcmp(a->note, b->note) == 0 &&
	       a->undone == b->undone;
}

/* 1900-01-02 and 9999-12-30 as microseconds since 1970: a time this far
 * inside the calendar's range is written in any time zone as a day the
 * journal reads. */
#define US_MIN (-2208902400LL * 1000000)
#define US_MAX (253402128000LL * 1000000)

/* Writes j's entries as a format 2 journal of their own, in fold order,
 * each linked to the one written before, and loads it again.  A record of
 * format 2 keeps its batch; one of format 1 had none, and gets one of its
 * own (not one named by its id: two ids may start alike). */
static void reload(const struct journal *j, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal k = JOURNAL_INIT;
	struct duban_error err;
	char prev[DIGEST_SHORT_LEN + 1] = "";

	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].recorded < US_MIN || j->v[i].recorded > US_MAX)
			return;
	FUZZ_CHECK(sb_puts(&sb, JOURNAL_HEADER "\n") == 0);
	for (size_t i = 0; i < j->n; i++) {
		struct entry e = j->v[i];

		if (j->version == 1) {
			FUZZ_CHECK(!*e.batch);
			snprintf(e.batch, sizeof(e.batch), "%016zx", i + 1);
			e.batch_size = 1;
		}
		memcpy(e.prev, prev, sizeof(e.prev));
		e.prev_more = NULL;	/* a chain of its own: no merge */
		FUZZ_CHECK(entry_format_line(&e, &sb) == 0);
		memcpy(prev, e.sum, sizeof(prev));
	}
	fuzz_write(path, (const uint8_t *)sb.s, sb.len);
	FUZZ_CHECK(journal_load(&k, path, JOURNAL_FILE, plan(), &err) == 0);
	FUZZ_CHECK(k.n == j->n && !k.torn_tail && !k.unterminated);
	FUZZ_CHECK(k.version == 2 && k.ngaps == 0);
	FUZZ_CHECK(strcmp(k.last_sum, prev) == 0);
	for (size_t i = 0; i < k.n; i++) {
		FUZZ_CHECK(same_entry(&j->v[i], &k.v[i]));
		if (j->version == 2)
			FUZZ_CHECK(strcmp(j->v[i].batch, k.v[i].batch) == 0 &&
				   j->v[i].batch_size == k.v[i].batch_size);
	}
	/* only what the entries say among themselves: an undo of an entry
	 * that is missing or recorded after it, a batch with more records
	 * than it says (it is kept) */
	for (size_t i = 0; i < k.problems.n; i++)
		FUZZ_CHECK(strncmp(k.problems.v[i].msg, "undo of", 7) == 0 ||
			   strncmp(k.problems.v[i].msg, "batch ", 6) == 0);
	journal_release(&k);
	sb_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	const char *path = fuzz_path(JOURNAL_FILE);
	bool ambiguous;

	fuzz_write(path, data, size);
	if (journal_load(&j, path, JOURNAL_FILE, plan(), &err)) {
		FUZZ_CHECK(!"a journal that can be read always loads");
		return 0;
	}
	for (size_t i = 0; i < j.n; i++)
		FUZZ_CHECK(journal_find(&j, j.v[i].id, &ambiguous) == &j.v[i]);
	for (size_t i = 1; i < j.problems.n; i++)
		FUZZ_CHECK(j.problems.v[i - 1].line <= j.problems.v[i].line);
	/* an unterminated last line is kept whole, or cut as torn: not both */
	FUZZ_CHECK(!(j.torn_tail && j.unterminated));
	/* the records of an incomplete batch are left out of the fold */
	for (size_t g = 0; g < j.ngaps; g++) {
		FUZZ_CHECK(j.gaps[g].have < j.gaps[g].want);
		for (size_t i = 0; i < j.n; i++)
			FUZZ_CHECK(strcmp(j.v[i].batch, j.gaps[g].batch) != 0);
	}
	reload(&j, fuzz_path("again.csv"));
	journal_release(&j);
	return 0;
}
