/*
 * fuzz_journal — journal.csv, as journal_load() reads it against the
 * bundled plan (so item ids and target numbers mean something).
 *
 * A damaged line is a problem, never a failure of the load.  Every entry
 * loaded, written again with entry_format_line(), must load again as the
 * same entry (when its time is far enough from the ends of the calendar
 * to be written as a day of it in any time zone).
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

/* Writes j's entries as a journal of their own and loads it again. */
static void reload(const struct journal *j, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal k = JOURNAL_INIT;
	struct duban_error err;

	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].recorded < US_MIN || j->v[i].recorded > US_MAX)
			return;
	FUZZ_CHECK(sb_puts(&sb, JOURNAL_HEADER "\n") == 0);
	for (size_t i = 0; i < j->n; i++)
		FUZZ_CHECK(entry_format_line(&j->v[i], &sb) == 0);
	fuzz_write(path, (const uint8_t *)sb.s, sb.len);
	FUZZ_CHECK(journal_load(&k, path, JOURNAL_FILE, plan(), &err) == 0);
	FUZZ_CHECK(k.n == j->n && !k.torn_tail);
	for (size_t i = 0; i < k.n; i++)
		FUZZ_CHECK(same_entry(&j->v[i], &k.v[i]));
	/* only what the entries say among themselves: a cancelled entry
	 * that is missing */
	for (size_t i = 0; i < k.nproblems; i++)
		FUZZ_CHECK(strncmp(k.problems[i].msg, "undo of", 7) == 0);
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
	for (size_t i = 1; i < j.nproblems; i++)
		FUZZ_CHECK(j.problems[i - 1].line <= j.problems[i].line);
	reload(&j, fuzz_path("again.csv"));
	journal_release(&j);
	return 0;
}
