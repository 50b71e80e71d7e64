/*
 * fuzz_sheet — a returned fill-in sheet, as duban merge reads it with
 * sheet_read(), against the bundled plan and a small journal with records
 * by two units in June 2024.
 *
 * However malformed, a sheet is read or refused, never a failure (memory
 * aside).  A refused sheet asks for no records; a taken one asks only for
 * records the journal could hold: items of the plan, statuses, percents
 * from 0 to 100, figures figure_ok() takes for targets the item has,
 * notes within NOTE_MAX.
 */
#include "fuzz.h"

#include "duban/bundled.h"
#include "duban/figure.h"
#include "duban/journal.h"
#include "duban/sheet.h"

/* The key the seeds were signed with: the bytes 0 to 31. */
static unsigned char key[32];

/* The journal the seeds in tests/fuzz/corpus/sheet were made against. */
static const char journal_text[] =
	JOURNAL_HEADER_V1 "\n"
	"14ca90f3d084ca91c16e084bba8a3e57,2024-06-20T09:00:00.000001+08:00,"
	"2024-06-10,2,progress,40,,区商务局,新招引企业2家\n"
	"18671f99a8be826d2f1c893a8a457a6b,2024-06-20T09:00:00.000002+08:00,"
	"2024-06-11,5,note,,,督办室,=SUM(A1)\n"
	"3ac7860022ea0719d7c582cbd5e23319,2024-06-20T09:00:00.000003+08:00,"
	"2024-06-12,1,progress,20,,区科工局,\n";

struct world {
	struct table plan;
	struct journal journal;
	char checksum[17];
};

static const struct world *world(void)
{
	static struct world w = { TABLE_INIT, JOURNAL_INIT, "" };
	struct duban_error err;
	const char *buf, *path;
	size_t n;

	if (!w.plan.n) {
		for (size_t i = 0; i < sizeof(key); i++)
			key[i] = (unsigned char)i;
		buf = bundled_plan(&n);
		FUZZ_CHECK(table_load_buffer(&w.plan, buf, n, "items.csv", &err) == 0);
		sheet_checksum(buf, n, w.checksum);
		path = fuzz_path(JOURNAL_FILE);
		fuzz_write(path, (const uint8_t *)journal_text,
			   sizeof(journal_text) - 1);
		FUZZ_CHECK(journal_load(&w.journal, path, JOURNAL_FILE, &w.plan,
					&err) == 0);
		FUZZ_CHECK(w.journal.n == 3 && w.journal.problems.n == 0);
	}
	return &w;
}

static void check_record(const struct table *t, const struct sheet_record *c)
{
	const struct item *it = table_find(t, c->item);

	FUZZ_CHECK(it != NULL);
	FUZZ_CHECK(c->note != NULL && strlen(c->note) <= NOTE_MAX);
	switch (c->kind) {
	case ENTRY_STATUS:
		FUZZ_CHECK(c->status < STATUS_COUNT);
		break;
	case ENTRY_PROGRESS:
		FUZZ_CHECK(c->percent >= 0 && c->percent <= 100);
		break;
	case ENTRY_ACTUAL:
		FUZZ_CHECK(c->target >= 1 && (size_t)c->target <= it->ntargets);
		FUZZ_CHECK(figure_ok(c->figure));
		break;
	case ENTRY_NOTE:
		FUZZ_CHECK(*c->note);
		break;
	default:
		FUZZ_CHECK(!"a kind a sheet cannot ask for");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct world *w = world();
	struct sheet_reading r = SHEET_READING_INIT;
	struct duban_error err;
	date_t today;

	FUZZ_CHECK(date_from_ymd(2024, 7, 15, &today) == 0);
	FUZZ_CHECK(sheet_read(&r, (const char *)data, size, w->checksum, key,
			      sizeof(key), &w->plan, &w->journal, today, &err) == 0);
	if (r.problems.n) {
		FUZZ_CHECK(r.n == 0 && r.already == 0);
		for (size_t i = 0; i < r.problems.n; i++)
			FUZZ_CHECK(r.problems.v[i].msg && *r.problems.v[i].msg);
	} else {
		for (size_t i = 0; i < r.n; i++)
			check_record(&w->plan, &r.records[i]);
		FUZZ_CHECK(r.date <= today);
	}
	sheet_reading_release(&r);
	return 0;
}
