/*
 * test_journal — the progress journal: recorded times (entry_parse_time /
 * entry_format_time), format 2 journal lines (entry_format_line, exact
 * bytes and sums) read back by journal_load, every kind of damaged line
 * (exact line and message; the hand-written fixtures are format 1 lines,
 * which duban still reads), torn tails, the fold into item states
 * (state_fold), a seeded merge property test (two copies concatenated in
 * either order fold to one state, their links intact), journal_append
 * (header, torn tail, a write failing part-way), format 2 itself (a whole
 * unterminated last line, incomplete batches, broken links, union merges,
 * the rewrite of a format 1 journal, undos of undos, targets by key,
 * journal_repair, journal_stamp), one regression test for each bug found
 * in review (test_reg_*), and every allocation failing in turn.
 */
#include "scratch.h"
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "duban/csvread.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/journal.h"
#include "duban/mem.h"
#include "duban/state.h"
#include "duban/strbuf.h"
#include "duban/table.h"

/* --- the plan and the scratch directory ------------------------------------ */

/* Items 1, 2, 7 and 9 with 2, 0, 1 and 3 targets. */
static const char plan_csv[] =
	"id,section,section_title,subsection,subsection_title,text,"
	"leaders,lead_units,participants,deadline,deadline_text,targets\n"
	"1,1,节,1,小节,第一项,张三,区科工局,,2024-12-31,,"
	"规上工业企业数量>40家;总产值>60亿元\n"
	"2,1,节,1,小节,第二项,李四,区商务局,,,,\n"
	"7,1,节,1,小节,第三项,王五,区卫健委,,,,每千人口托位=4.1个\n"
	"9,2,节二,1,小节,第四项,赵六,区民政局,,,,甲>1个;乙>2个;丙=3个\n";

#define NITEMS 4
static const long item_ids[NITEMS] = { 1, 2, 7, 9 };
static const int item_targets[NITEMS] = { 2, 0, 1, 3 };

static struct table plan = TABLE_INIT;
static struct table plan_b = TABLE_INIT;	/* a test's own; reset() frees */

/* Owned by the test that runs and released after it by reset(), so that a
 * failed assertion leaks nothing either. */
static struct journal scratch_j[4];
static struct strbuf scratch_sb[8];
static struct plan_state scratch_ps[4];
static void release_gens(void);

#define PATH_SIZE 256
/* Format 1, the header of the hand-written fixtures (9 fields, a target by
 * its position): journals written before format 2 are read still. */
#define HDR JOURNAL_HEADER_V1 "\n"
/* Format 2, the header of every journal built from entry_format_line(). */
#define HDR2 JOURNAL_HEADER "\n"

/* 32 times the one-character string literal c: an entry id. */
#define ID(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
/* One journal line without / with its newline. */
#define LINE(id, rec, date, item, kind, value, target, by, note) \
	id "," rec "," date "," item "," kind "," value "," target "," by "," note
#define REC(id, rec, date, item, kind, value, target, by, note) \
	LINE(id, rec, date, item, kind, value, target, by, note) "\n"

static void set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static void tpath(char *buf, const char *name)
{
	snprintf(buf, PATH_SIZE, "%s/%.150s", tmpdir, name);
}

static void put_file(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* The whole file, NUL-terminated, in malloc'd memory. */
static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	assert_non_null(fp);
	do {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + len, 1, 4096, fp);
		len += got;
	} while (got > 0);
	assert_int_equal(ferror(fp), 0);
	fclose(fp);
	buf[len] = '\0';
	*n = len;
	return buf;
}

static void assert_file(const char *path, const char *want, size_t want_n)
{
	size_t n;
	char *got = slurp(path, &n);

	if (n != want_n || memcmp(got, want, n) != 0)
		print_error("file %s:\n--- got (%zu bytes)\n%s\n--- want (%zu "
			    "bytes)\n%.*s\n", path, n, got, want_n, (int)want_n,
			    want);
	assert_int_equal(n, want_n);
	assert_memory_equal(got, want, n);
	free(got);
}

static int group_setup(void **state)
{
	struct duban_error err;

	(void)state;
	if (scratch_begin("journal"))
		return -1;
	if (table_load_buffer(&plan, plan_csv, strlen(plan_csv), "plan.csv",
			      &err)) {
		fprintf(stderr, "plan: %ld: %s\n", err.line, err.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	table_release(&plan);
	scratch_end();
	return 0;
}

/* After every test: no injected failures, the usual zone, no files. */
static int reset(void **state)
{
	(void)state;
	mem_fail_after(0);
	for (size_t i = 0; i < 4; i++) {
		journal_release(&scratch_j[i]);
		scratch_j[i].max_records = 0;
		state_release(&scratch_ps[i]);
	}
	for (size_t i = 0; i < 8; i++)
		sb_release(&scratch_sb[i]);
	release_gens();
	table_release(&plan_b);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	clean_tmpdir();
	return 0;
}

/* Loads the n bytes of text as journal.csv. */
static int load_text(struct journal *j, const char *text, size_t n,
		     struct duban_error *err)
{
	char path[PATH_SIZE];
	int rc;

	tpath(path, "journal.csv");
	put_file(path, text, n);
	error_clear(err);
	rc = journal_load(j, path, "journal.csv", &plan, err);
	unlink(path);
	return rc;
}

static int load_str(struct journal *j, const char *text,
		    struct duban_error *err)
{
	return load_text(j, text, strlen(text), err);
}

static void assert_date(date_t d, const char *want)
{
	char buf[DATE_BUFSIZE];

	assert_string_equal(date_format(d, buf), want);
}

static date_t ymd(int y, int m, int d)
{
	date_t out;

	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

/* The entry with exactly this id. */
static const struct entry *find(const struct journal *j, const char *id)
{
	bool ambiguous;
	const struct entry *e = journal_find(j, id, &ambiguous);

	assert_false(ambiguous);
	if (!e)
		fail_msg("entry %s not loaded", id);
	assert_string_equal(e->id, id);
	return e;
}

/* e is the entry with exactly this id. */
static void assert_entry_id(const struct entry *e, const char *id)
{
	if (!e || strcmp(e->id, id))
		fail_msg("entry %s where %s was expected", e ? e->id : "(none)",
			 id);
}

static void assert_empty_journal(const struct journal *j)
{
	assert_null(j->v);
	assert_int_equal(j->n, 0);
	assert_null(j->problems.v);
	assert_null(j->problems.arena.head);
	assert_int_equal(j->problems.n, 0);
	assert_null(j->ids);
	assert_null(j->arena.head);
}

/* An id from a number: "%032x". */
static const char *idn(unsigned n)
{
	static char buf[8][ENTRY_ID_LEN + 1];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, ENTRY_ID_LEN + 1, "%032x", n);
	return b;
}

/* An id whose first 16 digits are n's too: so that a record with no batch
 * set (a batch of its own, named by those digits) is alone in it. */
static const char *idb(unsigned n)
{
	static char buf[8][ENTRY_ID_LEN + 1];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, ENTRY_ID_LEN + 1, "%016x%016x", n, n);
	return b;
}

/* The key of target k (1-based) of item in the plan. */
static const char *tkey(long item, int k)
{
	const struct item *it = table_find(&plan, item);

	assert_non_null(it);
	assert_true(k >= 1 && (size_t)k <= it->ntargets);
	return it->targets[k - 1].key;
}

/* --- statuses, kinds, ids --------------------------------------------------- */

static void test_status_names(void **state)
{
	static const char *const keys[] = { "not-started", "in-progress", "done",
					     "blocked" };
	static const char *const labels[] = { "未启动", "推进中", "已完成",
					       "受阻" };
	enum status s;

	(void)state;
	for (int i = 0; i < STATUS_COUNT; i++) {
		assert_string_equal(status_key((enum status)i), keys[i]);
		assert_string_equal(status_label((enum status)i), labels[i]);
		s = STATUS_COUNT;
		assert_int_equal(status_parse(keys[i], &s), 0);
		assert_int_equal(s, i);
		s = STATUS_COUNT;
		assert_int_equal(status_parse(labels[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(status_parse("Done", &s), -1);
	assert_int_equal(status_parse("", &s), -1);
	assert_int_equal(status_parse("done ", &s), -1);
	assert_string_equal(entry_kind_name(ENTRY_STATUS), "status");
	assert_string_equal(entry_kind_name(ENTRY_PROGRESS), "progress");
	assert_string_equal(entry_kind_name(ENTRY_NOTE), "note");
	assert_string_equal(entry_kind_name(ENTRY_ACTUAL), "actual");
	assert_string_equal(entry_kind_name(ENTRY_UNDO), "undo");
}

static void test_new_id(void **state)
{
	char a[ENTRY_ID_LEN + 1], b[ENTRY_ID_LEN + 1];
	struct duban_error err;

	(void)state;
	assert_int_equal(entry_new_id(a, &err), 0);
	assert_int_equal(entry_new_id(b, &err), 0);
	assert_int_equal(strlen(a), ENTRY_ID_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), ENTRY_ID_LEN);
	assert_int_equal(strspn(b, "0123456789abcdef"), ENTRY_ID_LEN);
	assert_string_not_equal(a, b);
}

/* --- times -------------------------------------------------------------------- */

static int64_t parse_ok(const char *s)
{
	int64_t us = 12345;

	if (entry_parse_time(s, &us) != 0)
		fail_msg("\"%s\" was refused", s);
	return us;
}

static void test_parse_time(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse_ok("1970-01-01T00:00:00.000000Z"), 0);
	assert_int_equal(parse_ok("1970-01-01T00:00:00+00:00"), 0);
	assert_int_equal(parse_ok("1970-01-01T00:00:00-00:00"), 0);
	assert_int_equal(parse_ok("1970-01-01T08:00:00+08:00"), 0);
	/* 2024-06-30 is day 19904: 19904 * 86400 + 14:05:09 - 8 h
	 * = 1719727509 s */
	assert_int_equal(parse_ok("2024-06-30T14:05:09.123456+08:00"),
			 1719727509123456LL);
	assert_int_equal(parse_ok("2024-06-30T06:05:09.123456Z"),
			 1719727509123456LL);
	assert_int_equal(parse_ok("2024-06-30T06:05:09.123456+00:00"),
			 1719727509123456LL);
	/* negative offsets: 2024-01-15 is day 19737 */
	assert_int_equal(parse_ok("2024-01-15T09:30:00-03:30"),
			 1705323600000000LL);
	assert_int_equal(parse_ok("1999-12-31T23:59:59.999999-05:00"),
			 946702799999999LL);
	assert_int_equal(parse_ok("1970-01-01T00:00:00-00:30"), 1800000000LL);
	assert_int_equal(parse_ok("2024-07-02T00:45:00+12:45"),
			 1719835200000000LL);
	/* fewer fraction digits are tenths, hundredths... */
	assert_int_equal(parse_ok("1970-01-01T00:00:00.5Z"), 500000);
	assert_int_equal(parse_ok("1970-01-01T00:00:00.05Z"), 50000);
	assert_int_equal(parse_ok("1970-01-01T00:00:00.123Z"), 123000);
	assert_int_equal(parse_ok("1970-01-01T00:00:01.000001Z"), 1000001);
	assert_int_equal(parse_ok("2024-02-29T23:59:59.9+08:00"),
			 1709222399900000LL);
	/* before 1970 */
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1000000);
	assert_int_equal(parse_ok("1969-12-31T23:59:59.5Z"), -500000);
}

static void parse_bad(const char *s)
{
	int64_t us = 0;

	if (entry_parse_time(s, &us) != -1)
		fail_msg("\"%s\" was accepted as %lld", s, (long long)us);
}

static void test_parse_time_rejects(void **state)
{
	(void)state;
	parse_bad("");
	parse_bad("2024-06-30T14:05:09");		/* no offset */
	parse_bad("2024-06-30T14:05:09.123456");
	parse_bad("2024-13-01T00:00:00Z");		/* bad month */
	parse_bad("2024-00-01T00:00:00Z");
	parse_bad("2024-02-30T00:00:00Z");		/* no such day */
	parse_bad("2023-02-29T00:00:00Z");
	parse_bad("2024-06-31T00:00:00Z");
	parse_bad("2024-06-30T25:00:00Z");		/* bad hour */
	parse_bad("2024-06-30T24:00:00Z");
	parse_bad("2024-06-30T12:60:00Z");
	parse_bad("2024-06-30T12:00:61Z");
	parse_bad("2024-06-30T25:00Z");
	parse_bad("2024-06-30T14:05Z");		/* no seconds */
	parse_bad("2024-06-30T14:05:09Zjunk");		/* trailing junk */
	parse_bad("2024-06-30T14:05:09+08:00 ");
	parse_bad("2024-06-30T14:05:09+08:00Z");
	parse_bad(" 2024-06-30T14:05:09Z");
	parse_bad("2024-06-30T14:05:09.Z");		/* a point, no digits */
	parse_bad("2024-06-30T14:05:09.+08:00");
	parse_bad("2024-06-30T14:05:09+0800");		/* offset forms */
	parse_bad("2024-06-30T14:05:09+08");
	parse_bad("2024-06-30T14:05:09+8:00");
	parse_bad("2024-06-30T14:05:09+24:00");
	parse_bad("2024-06-30T14:05:09+08:60");
	parse_bad("2024-06-30T14:05:09z");
	parse_bad("2024-06-30 14:05:09Z");		/* separators */
	parse_bad("2024-06-30t14:05:09Z");
	parse_bad("2024/06/30T14:05:09Z");
	parse_bad("2024-6-30T14:05:09Z");
	parse_bad("24-06-30T14:05:09Z");
	parse_bad("2024-06-30T14:5:09Z");
	parse_bad("1899-12-31T23:59:59Z");		/* outside 1900-9999 */
	parse_bad("２０２４-06-30T14:05:09Z");
}

static void format_is(int64_t us, const char *want)
{
	char buf[64];

	entry_format_time(us, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format_time(void **state)
{
	(void)state;
	set_tz("UTC");
	format_is(0, "1970-01-01T00:00:00.000000+00:00");
	format_is(500000, "1970-01-01T00:00:00.500000+00:00");
	format_is(1719727509123456LL, "2024-06-30T06:05:09.123456+00:00");
	set_tz("Asia/Shanghai");
	format_is(0, "1970-01-01T08:00:00.000000+08:00");
	format_is(1719727509123456LL, "2024-06-30T14:05:09.123456+08:00");
	format_is(1719727509000001LL, "2024-06-30T14:05:09.000001+08:00");
	set_tz("America/St_Johns");
	format_is(1705323600000000LL, "2024-01-15T09:30:00.000000-03:30");
	format_is(1719835200000000LL, "2024-07-01T09:30:00.000000-02:30");
	set_tz("America/New_York");
	format_is(946702799999999LL, "1999-12-31T23:59:59.999999-05:00");
	set_tz("Pacific/Chatham");
	format_is(1719835200000000LL, "2024-07-02T00:45:00.000000+12:45");
}

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void roundtrip(int64_t us, const char *tz)
{
	char buf[64];
	int64_t back = -1;

	entry_format_time(us, buf, sizeof(buf));
	if (entry_parse_time(buf, &back) != 0 || back != us)
		fail_msg("TZ %s: %lld formats as \"%s\", which reads back as "
			 "%lld", tz, (long long)us, buf, (long long)back);
}

static void test_time_roundtrip(void **state)
{
	static const char *const zones[] = {
		"UTC", "Asia/Shanghai", "America/St_Johns", "America/New_York",
		"Asia/Kolkata", "Pacific/Chatham",
	};
	/* 2100-01-01 */
	const int64_t end = 4102444800LL * 1000000;

	(void)state;
	rng = 0x9e3779b97f4a7c15ULL;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		set_tz(zones[z]);
		roundtrip(0, zones[z]);
		roundtrip(1, zones[z]);
		roundtrip(999999, zones[z]);
		roundtrip(1719727509123456LL, zones[z]);
		for (int i = 0; i < 3000; i++)
			roundtrip((int64_t)(rnd() % (uint64_t)end), zones[z]);
		/* across the 2024 changes to and from summer time */
		for (int64_t s = 1710050400LL - 7200; s < 1710050400LL + 7200;
		     s += 97)
			roundtrip(s * 1000000 + s % 1000000, zones[z]);
		for (int64_t s = 1730613600LL - 7200; s < 1730613600LL + 7200;
		     s += 97)
			roundtrip(s * 1000000 + 999999, zones[z]);
	}
}

/* Times before 1970 read back (entry_parse_time accepts them from 1900 on)
 * and must write back the same. */
static void test_time_roundtrip_before_1970(void **state)
{
	(void)state;
	set_tz("UTC");
	roundtrip(-1000000, "UTC");
	roundtrip(-86400LL * 1000000, "UTC");
	roundtrip(-500000, "UTC");
	roundtrip(-1, "UTC");
	roundtrip(-315619199999999LL, "UTC");	/* 1960-01-01T00:00:00.000001 */
}

/* --- lines ----------------------------------------------------------------- */

static const char *const nasty_notes[] = {
	"",
	"逗号,和\"引号\"",
	"第一行\n第二行\r\n第三行\r",
	"反斜杠\\，字面的\\n不是换行",
	"制表\t符",
	"  前后空格  ",
	"\t",
	"末尾反斜杠\\",
	"\"",
	",",
	"\\\\\n\\r\\",
	"a,\n,b\"\"c",
	"中文备注：已完成招商引资签约，金额超过5亿元。",
	"\n",
	"\r\n\r\n",
	"emoji 🎉 ok；全角，标点“”",
	"\\n",
	"\"quoted\"",
};

static const char *const nasty_bys[] = {
	"张三", "王,五", "李\"四\"", " 赵 六 ", "区科工局 办公室",
};

#define NNOTES (sizeof(nasty_notes) / sizeof(nasty_notes[0]))
#define NBYS (sizeof(nasty_bys) / sizeof(nasty_bys[0]))

/* Entry i of the round-trip set: every kind, nasty notes and names.  Its
 * figure or cancelled id is kept in buf (40 bytes).  Each is a batch of its
 * own, named by the last 16 digits of its id (its first 16 are zeros in
 * every one of them); prev is left empty. */
static void make_entry(struct entry *e, unsigned i, char *figure)
{
	static const char *const figures[] = { "42", "60.5", "0.000001",
					       "123456789012345678", "0" };

	memset(e, 0, sizeof(*e));
	snprintf(e->id, sizeof(e->id), "%s", idn(0xabc00 + i));
	memcpy(e->batch, e->id + 16, 16);
	e->batch_size = 1;
	e->recorded = 1719727509123456LL + (int64_t)i * 86400123457LL;
	e->date = ymd(2024, 6, 1) + (date_t)i;
	e->by = nasty_bys[i % NBYS];
	e->note = nasty_notes[i % NNOTES];
	switch (i % 5) {
	case 0:
		e->kind = ENTRY_STATUS;
		e->item = 7;
		e->status = (enum status)(i / 5 % STATUS_COUNT);
		break;
	case 1:
		e->kind = ENTRY_PROGRESS;
		e->item = 1;
		e->percent = (int)(i * 37 % 101);
		break;
	case 2:
		e->kind = ENTRY_NOTE;
		e->item = 2;
		break;
	case 3:
		e->kind = ENTRY_ACTUAL;
		e->item = 9;
		e->target = (int)(i % 3) + 1;
		e->target_key = tkey(9, e->target);
		snprintf(figure, 32, "%s", figures[i / 5 % 5]);
		e->figure = figure;
		e->value = strtod(figure, NULL);
		break;
	default:
		e->kind = ENTRY_UNDO;
		e->item = 1;
		/* cancels the progress record three before it */
		snprintf(figure, 40, "%s", idn(0xabc00 + i - 3));
		e->cancels = figure;
		break;
	}
}

/* The five lines below, and their sums.  Each sum is the first 16 hex
 * digits of the SHA-256 of its line up to (not including) the comma before
 * it, worked out apart from duban, e.g.
 *   printf '%s' 'aaa…a,2024-06-30T14:05:09.123456+08:00,…,aaaaaaaaaaaaaaaa/1,' |
 *   sha256sum | cut -c1-16
 * (and with Python's hashlib for the others). */
#define FMT_REC ID("a") ",2024-06-30T14:05:09.123456+08:00,2024-06-30,"
#define FMT_SUM1 "c551adbd96bba8d4"
#define FMT_SUM2 "30840f24779dddce"
#define FMT_SUM3 "14e8922f2994bdc2"
#define FMT_SUM4 "6486cd6454f78a94"
#define FMT_SUM5 "32ec427011019630"

static void test_format_line_exact(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct entry e;

	(void)state;
	memset(&e, 0, sizeof(e));
	memcpy(e.id, ID("a"), ENTRY_ID_LEN + 1);
	e.recorded = 1719727509123456LL;
	e.date = ymd(2024, 6, 30);
	e.item = 1;
	e.kind = ENTRY_PROGRESS;
	e.percent = 50;
	e.by = "张三";
	e.note = "说明,含逗号\n第二行\\";
	/* no batch: one of its own, named by the id; no prev: the first */
	assert_int_equal(entry_format_line(&e, &sb), 0);
	assert_string_equal(sb.s, FMT_REC "1,progress,50,,张三,"
			    "\"说明,含逗号\\n第二行\\\\\",aaaaaaaaaaaaaaaa/1,,"
			    FMT_SUM1 "\n");
	assert_string_equal(e.sum, FMT_SUM1);
	assert_string_equal(e.prev, "");

	/* appends; a batch of four, each linked to the one before; an actual
	 * names its target by key: target 3 of item 9 is 丙 (its position
	 * is not written) */
	memcpy(e.batch, "0123456789abcdef", 17);
	e.batch_size = 4;
	memcpy(e.prev, e.sum, sizeof(e.prev));
	e.kind = ENTRY_ACTUAL;
	e.item = 9;
	e.target = 3;
	e.target_key = tkey(9, 3);
	assert_string_equal(e.target_key, "丙");
	e.figure = "12.5";
	e.by = "王,\"五\"";
	e.note = "";
	assert_int_equal(entry_format_line(&e, &sb), 0);
	assert_string_equal(e.sum, FMT_SUM2);
	memcpy(e.prev, e.sum, sizeof(e.prev));
	e.kind = ENTRY_STATUS;
	e.status = STATUS_DONE;
	e.by = "李四";
	e.note = "tab\there\r";
	assert_int_equal(entry_format_line(&e, &sb), 0);
	assert_string_equal(e.sum, FMT_SUM3);
	memcpy(e.prev, e.sum, sizeof(e.prev));
	e.kind = ENTRY_NOTE;
	e.note = "纯备注";
	assert_int_equal(entry_format_line(&e, &sb), 0);
	assert_string_equal(e.sum, FMT_SUM4);
	memcpy(e.prev, e.sum, sizeof(e.prev));
	e.kind = ENTRY_UNDO;
	e.cancels = ID("b");
	e.note = "";
	assert_int_equal(entry_format_line(&e, &sb), 0);
	assert_string_equal(e.sum, FMT_SUM5);
	assert_string_equal(sb.s,
		FMT_REC "1,progress,50,,张三,\"说明,含逗号\\n第二行\\\\\","
		"aaaaaaaaaaaaaaaa/1,," FMT_SUM1 "\n"
		FMT_REC "9,actual,12.5,丙,\"王,\"\"五\"\"\",,"
		"0123456789abcdef/4," FMT_SUM1 "," FMT_SUM2 "\n"
		FMT_REC "9,status,done,,李四,tab\there\\r,"
		"0123456789abcdef/4," FMT_SUM2 "," FMT_SUM3 "\n"
		FMT_REC "9,note,,,李四,纯备注,"
		"0123456789abcdef/4," FMT_SUM3 "," FMT_SUM4 "\n"
		FMT_REC "9,undo," ID("b") ",,李四,,"
		"0123456789abcdef/4," FMT_SUM4 "," FMT_SUM5 "\n");
	sb_release(&sb);
}

/* Writes the round-trip set (after an optional damaged line) under the
 * format 2 header, in batches of three, each line linked to the one before,
 * and checks that every field reads back exactly. */
static void roundtrip_lines(const char *damaged)
{
	enum { N = 60 };
	struct entry e[N];
	char figures[N][40];
	/* released by reset() should an assertion fail */
	struct strbuf *all = &scratch_sb[0], *one = &scratch_sb[1];
	struct journal *j = &scratch_j[0];
	struct duban_error err;
	long first = damaged ? 3 : 2;
	int wrong = 0;

	assert_int_equal(sb_puts(all, HDR2), 0);
	if (damaged) {
		assert_int_equal(sb_puts(all, damaged), 0);
		assert_int_equal(sb_puts(all, "\n"), 0);
	}
	for (unsigned i = 0; i < N; i++) {
		make_entry(&e[i], i, figures[i]);
		memcpy(e[i].batch, e[i - i % 3].batch, sizeof(e[i].batch));
		e[i].batch_size = 3;
		if (i > 0)
			memcpy(e[i].prev, e[i - 1].sum, sizeof(e[i].prev));
		assert_int_equal(sb_reset(one), 0);
		assert_int_equal(entry_format_line(&e[i], one), 0);
		/* exactly one line: a newline at the end and nowhere else,
		 * and no raw CR */
		assert_true(one->len > 0);
		assert_int_equal(one->s[one->len - 1], '\n');
		assert_ptr_equal(memchr(one->s, '\n', one->len),
				 one->s + one->len - 1);
		assert_null(memchr(one->s, '\r', one->len));
		assert_int_equal(strlen(one->s), one->len);
		assert_int_equal(sb_add(all, one->s, one->len), 0);
	}
	assert_int_equal(load_text(j, all->s, all->len, &err), 0);
	if (j->problems.n != (damaged ? 1u : 0u))
		print_error("first problem: line %ld: %s\n", j->problems.v[0].line,
			    j->problems.v[0].msg);
	assert_int_equal(j->problems.n, damaged ? 1 : 0);
	assert_int_equal(j->n, N);
	assert_int_equal(j->version, 2);
	assert_int_equal(j->ngaps, 0);
	assert_false(j->torn_tail);
	assert_false(j->unterminated);
	assert_string_equal(j->last_sum, e[N - 1].sum);
	for (unsigned i = 0; i < N; i++) {
		const struct entry *g = find(j, e[i].id);
		char rec[64];

		entry_format_time(e[i].recorded, rec, sizeof(rec));
		assert_string_equal(g->batch, e[i - i % 3].id + 16);
		assert_int_equal(g->batch_size, 3);
		assert_string_equal(g->prev, i ? e[i - 1].sum : "");
		assert_string_equal(g->sum, e[i].sum);
		assert_int_equal(g->recorded, e[i].recorded);
		assert_string_equal(g->recorded_text, rec);
		assert_int_equal(g->date, e[i].date);
		assert_int_equal(g->item, e[i].item);
		assert_int_equal(g->kind, e[i].kind);
		assert_int_equal(g->line, first + (long)i);
		if (strcmp(g->by, e[i].by) && ++wrong)
			print_error("entry %u: by \"%s\" read back as \"%s\"\n",
				    i, e[i].by, g->by);
		if (strcmp(g->note, e[i].note) && ++wrong)
			print_error("entry %u: note \"%s\" read back as \"%s\"\n",
				    i, e[i].note, g->note);
		switch (e[i].kind) {
		case ENTRY_STATUS:
			assert_int_equal(g->status, e[i].status);
			break;
		case ENTRY_PROGRESS:
			assert_int_equal(g->percent, e[i].percent);
			/* every progress record is cancelled by the undo
			 * three after it, if there is one */
			assert_int_equal(g->undone, i + 3 < N);
			break;
		case ENTRY_ACTUAL:
			assert_int_equal(g->target, e[i].target);
			assert_string_equal(g->target_key, e[i].target_key);
			assert_string_equal(g->figure, e[i].figure);
			assert_true(g->value == e[i].value);
			break;
		case ENTRY_UNDO:
			assert_string_equal(g->cancels, e[i].cancels);
			break;
		default:
			break;
		}
		if (e[i].kind != ENTRY_PROGRESS)
			assert_false(g->undone);
	}
	if (wrong)
		fail_msg("%d fields read back differently", wrong);
	/* sorted by recorded time (here the order written) */
	for (size_t i = 0; i < j->n; i++)
		assert_string_equal(j->v[i].id, e[i].id);
	assert_int_equal(j->latest, e[N - 1].recorded);
	journal_release(j);
	assert_empty_journal(j);
	sb_release(all);
	sb_release(one);
}

static void test_line_roundtrip(void **state)
{
	(void)state;
	roundtrip_lines(NULL);
	set_tz("America/St_Johns");
	roundtrip_lines(NULL);
	set_tz("UTC");
	roundtrip_lines(NULL);
}

/* A damaged line must not change how the lines after it are read. */
static void test_line_roundtrip_after_damaged_line(void **state)
{
	(void)state;
	roundtrip_lines(LINE(ID("0"), "2024-06-01T09:00:00+08:00", "2024-06-01",
			     "1", "note", "", "", "张三", "a\"b"));
}

/* --- damaged lines ------------------------------------------------------------ */

#define GOOD_A REC(ID("a"), "2024-06-01T09:00:00.000000+08:00", "2024-06-01", \
		   "1", "progress", "30", "", "张三", "开始")
#define GOOD_B REC(ID("b"), "2024-06-02T09:00:00.000000+08:00", "2024-06-02", \
		   "7", "note", "", "", "李四", "备注")
#define T "2024-06-01T10:00:00+08:00"
#define D "2024-06-01"
#define IDC ID("c")

static void check_good_ab(const struct journal *j, long line_a, long line_b)
{
	const struct entry *a = find(j, ID("a")), *b = find(j, ID("b"));

	assert_int_equal(a->line, line_a);
	assert_int_equal(a->kind, ENTRY_PROGRESS);
	assert_int_equal(a->percent, 30);
	assert_string_equal(a->note, "开始");
	assert_int_equal(b->line, line_b);
	assert_int_equal(b->kind, ENTRY_NOTE);
	assert_string_equal(b->note, "备注");
}

/* The bad line between two good ones: one problem at line 3 with exactly
 * msg, both good lines loaded. */
static void expect_problem(const char *bad, const char *msg)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	char text[4096];
	int len = snprintf(text, sizeof(text), "%s%s%s\n%s", HDR, GOOD_A, bad,
			   GOOD_B);
	int rc;

	assert_true(len > 0 && (size_t)len < sizeof(text));
	rc = load_text(&j, text, (size_t)len, &err);
	if (rc != 0 || j.problems.n != 1 || j.problems.v[0].line != 3 ||
	    strcmp(j.problems.v[0].msg, msg) != 0)
		print_error("line \"%s\": rc %d (%s), %zu problems, first at "
			    "%ld: \"%s\"\n", bad, rc, err.msg, j.problems.n,
			    j.problems.n ? j.problems.v[0].line : 0,
			    j.problems.n ? j.problems.v[0].msg : "");
	assert_int_equal(rc, 0);
	assert_int_equal(j.problems.n, 1);
	assert_int_equal(j.problems.v[0].line, 3);
	assert_string_equal(j.problems.v[0].msg, msg);
	assert_int_equal(j.n, 2);
	check_good_ab(&j, 2, 4);
	assert_false(j.torn_tail);
	journal_release(&j);
}

#define M_ID "the entry id is not 32 hex digits"
#define M_TIME "the recorded time is not an ISO 8601 time with an offset"
#define M_DATE "the date is not a date"
#define M_AFTER "the date reported on is after the day it was recorded"
#define M_ITEM "the item is not an id"
#define M_PLAN "the item is not in the plan"
#define M_KIND "the kind is not status, progress, note, actual, undo, extend, extend-request, extend-refuse, close-request, close-return or evidence"
#define M_STATUS "the value is not a status key"
#define M_PERCENT "the value is not a percent from 0 to 100"
#define M_TARGET "the target is not one of the item's targets"
#define M_FIGURE "the figure is not a number"
#define M_NOTEVAL "a value on a note"
#define M_EVIDENCE "the value is not an evidence file's name (its SHA-256 " \
	"in hex, then its extension)"
#define SHA64 "e5ef6824b5f59be9873e801f7c57e7d5553885939d9f403a09632daf3c29660e"
#define M_TARGET_ELSEWHERE "a target on a record that is not an actual figure"
#define M_ESCAPE "the note has a backslash that is not \\n, \\r or \\\\"
#define M_BY "no one is named in \"by\""
#define M_UNDO "the value is not an entry id"
#define M_QUOTING "malformed quoting: a '\"' inside an unquoted field, or " \
	"text after a closing quote"
#define M_UNCLOSED "a quoted field never closes on its line"
#define M_UTF8 "bytes that are not UTF-8 text"
#define M_HEADER "the first line is not the journal header \"" \
	JOURNAL_HEADER "\""

static void test_bad_fields(void **state)
{
	(void)state;
	/* entry ids */
	expect_problem(LINE("abc", T, D, "1", "note", "", "", "张三", ""), M_ID);
	expect_problem(LINE(ID("A"), T, D, "1", "note", "", "", "张三", ""), M_ID);
	expect_problem(LINE("0123456789abcdef0123456789abcde", T, D, "1", "note",
			    "", "", "张三", ""), M_ID);
	expect_problem(LINE("0" ID("c"), T, D, "1", "note", "", "", "张三", ""),
		       M_ID);
	expect_problem(LINE("", T, D, "1", "note", "", "", "张三", ""), M_ID);
	expect_problem(LINE(ID("g"), T, D, "1", "note", "", "", "张三", ""), M_ID);
	/* times */
	expect_problem(LINE(IDC, "2024-06-01 10:00:00+08:00", D, "1", "note", "",
			    "", "张三", ""), M_TIME);
	expect_problem(LINE(IDC, "2024-06-01T10:00:00", D, "1", "note", "", "",
			    "张三", ""), M_TIME);
	expect_problem(LINE(IDC, "", D, "1", "note", "", "", "张三", ""), M_TIME);
	expect_problem(LINE(IDC, "2024-06-01T25:00:00+08:00", D, "1", "note", "",
			    "", "张三", ""), M_TIME);
	/* dates */
	expect_problem(LINE(IDC, T, "2024-02-30", "1", "note", "", "", "张三", ""),
		       M_DATE);
	expect_problem(LINE(IDC, T, "", "1", "note", "", "", "张三", ""), M_DATE);
	expect_problem(LINE(IDC, T, "tomorrow", "1", "note", "", "", "张三", ""),
		       M_DATE);
	/* a day after the one recorded on, as the record's own clock and
	 * offset wrote it: 23:00 at -05:00 is the next day in UTC, but still
	 * 06-01 where it was recorded */
	expect_problem(LINE(IDC, T, "2024-06-02", "1", "note", "", "", "张三",
			    ""), M_AFTER);
	expect_problem(LINE(IDC, "2024-06-01T23:00:00-05:00", "2024-06-02", "1",
			    "note", "", "", "张三", ""), M_AFTER);
	expect_problem(LINE(IDC, T, "2025-06-01", "1", "note", "", "", "张三",
			    ""), M_AFTER);
	/* items */
	expect_problem(LINE(IDC, T, D, "99", "note", "", "", "张三", ""), M_PLAN);
	expect_problem(LINE(IDC, T, D, "3", "note", "", "", "张三", ""), M_PLAN);
	expect_problem(LINE(IDC, T, D, "x", "note", "", "", "张三", ""), M_ITEM);
	expect_problem(LINE(IDC, T, D, "0", "note", "", "", "张三", ""), M_ITEM);
	expect_problem(LINE(IDC, T, D, "-1", "note", "", "", "张三", ""), M_ITEM);
	expect_problem(LINE(IDC, T, D, "1.0", "note", "", "", "张三", ""), M_ITEM);
	expect_problem(LINE(IDC, T, D, "", "note", "", "", "张三", ""), M_ITEM);
	/* kinds */
	expect_problem(LINE(IDC, T, D, "1", "remark", "", "", "张三", ""), M_KIND);
	expect_problem(LINE(IDC, T, D, "1", "Status", "done", "", "张三", ""),
		       M_KIND);
	expect_problem(LINE(IDC, T, D, "1", "", "", "", "张三", ""), M_KIND);
	/* statuses: keys only, not labels */
	expect_problem(LINE(IDC, T, D, "1", "status", "finished", "", "张三", ""),
		       M_STATUS);
	expect_problem(LINE(IDC, T, D, "1", "status", "已完成", "", "张三", ""),
		       M_STATUS);
	expect_problem(LINE(IDC, T, D, "1", "status", "Done", "", "张三", ""),
		       M_STATUS);
	expect_problem(LINE(IDC, T, D, "1", "status", "", "", "张三", ""),
		       M_STATUS);
	/* percents */
	expect_problem(LINE(IDC, T, D, "1", "progress", "101", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", "-1", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", "+5", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", " 50", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", "50%", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", "", "", "张三", ""),
		       M_PERCENT);
	expect_problem(LINE(IDC, T, D, "1", "progress", "12.5", "", "张三", ""),
		       M_PERCENT);
	/* actuals: target out of range, figure not a number */
	expect_problem(LINE(IDC, T, D, "1", "actual", "45", "3", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "1", "actual", "45", "0", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "1", "actual", "45", "", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "1", "actual", "45", "-1", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "2", "actual", "45", "1", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "7", "actual", "45", "2", "张三", ""),
		       M_TARGET);
	expect_problem(LINE(IDC, T, D, "1", "actual", "abc", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "1e5", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "-3", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "1.", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", ".5", "1", "张三", ""),
		       M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "\"1,000\"", "1", "张三",
			    ""), M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "1234567890123456789", "1",
			    "张三", ""), M_FIGURE);
	expect_problem(LINE(IDC, T, D, "1", "actual", "1.1234567", "1", "张三",
			    ""), M_FIGURE);
	/* values and targets where they do not belong */
	expect_problem(LINE(IDC, T, D, "1", "note", "x", "", "张三", ""),
		       M_NOTEVAL);
	expect_problem(LINE(IDC, T, D, "1", "progress", "50", "1", "张三", ""),
		       M_TARGET_ELSEWHERE);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "1", "张三", ""),
		       M_TARGET_ELSEWHERE);
	expect_problem(LINE(IDC, T, D, "1", "close-request", "done", "", "张三",
			    ""), "a value on a record that takes none");
	expect_problem(LINE(IDC, T, D, "1", "close-return", "x", "", "张三",
			    ""), "a value on a record that takes none");
	/* evidence: a SHA-256 and an extension of letters and digits */
	expect_problem(LINE(IDC, T, D, "1", "evidence", "abc.pdf", "", "张三",
			    ""), M_EVIDENCE);
	expect_problem(LINE(IDC, T, D, "1", "evidence", SHA64 ".PDF", "",
			    "张三", ""), M_EVIDENCE);
	expect_problem(LINE(IDC, T, D, "1", "evidence", SHA64 ".", "", "张三",
			    ""), M_EVIDENCE);
	expect_problem(LINE(IDC, T, D, "1", "evidence", SHA64 ".abcdefghijk",
			    "", "张三", ""), M_EVIDENCE);
	expect_problem(LINE(IDC, T, D, "1", "evidence", SHA64 "/x", "", "张三",
			    ""), M_EVIDENCE);
	/* undo */
	expect_problem(LINE(IDC, T, D, "1", "undo", "xyz", "", "张三", ""),
		       M_UNDO);
	expect_problem(LINE(IDC, T, D, "1", "undo", ID("A"), "", "张三", ""),
		       M_UNDO);
	expect_problem(LINE(IDC, T, D, "1", "undo", "", "", "张三", ""), M_UNDO);
	/* by */
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "", "x"), M_BY);
	/* escapes in the note */
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "a\\tb"),
		       M_ESCAPE);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "end\\"),
		       M_ESCAPE);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "\\x41"),
		       M_ESCAPE);
}

static void test_bad_lines(void **state)
{
	(void)state;
	/* field counts */
	expect_problem(ID("c") "," T "," D ",1,note,,,张三",
		       "8 fields where a record has 9");
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "") ",extra",
		       "10 fields where a record has 9");
	expect_problem("justtext", "1 fields where a record has 9");
	expect_problem(",", "2 fields where a record has 9");
	/* quoting */
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "ab\"c"),
		       M_QUOTING);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "\"x\"y"),
		       M_QUOTING);
	expect_problem(LINE(IDC, "\"" T "\"junk", D, "1", "note", "", "", "张三",
			    ""), M_QUOTING);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "\"abc"),
		       M_UNCLOSED);
	/* encoding and control characters */
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "\xff\xfe"),
		       M_UTF8);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张\xff", ""),
		       M_UTF8);
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三",
			    "\xd6\xd0\xce\xc4"),
		       "the file is not UTF-8 but looks like GBK; convert it "
		       "with: iconv -f GBK -t UTF-8 journal.csv");
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张三", "a\x01" "b"),
		       "control character 0x01 in field 9");
	expect_problem(LINE(IDC, T, D, "1", "note", "", "", "张\x7f", ""),
		       "control character 0x7F in field 8");
}

/* Many damaged lines in one file, among good ones and blank lines: each
 * problem at its own line, in file order, and every good line loaded. */
static void test_many_problems(void **state)
{
	static const char text[] =
		HDR
		GOOD_A						/* 2 */
		LINE("abc", T, D, "1", "note", "", "", "张三", "") "\n"	/* 3 */
		"\n"						/* 4 */
		LINE(ID("d"), T, D, "99", "note", "", "", "张三", "") "\n" /* 5 */
		LINE(ID("e"), T, D, "1", "note", "", "", "张三", "ok") "\n" /* 6 */
		"\r\n"						/* 7 */
		LINE(ID("f"), T, D, "1", "note", "", "", "张三", "ab\"c") "\n" /* 8 */
		LINE(ID("1"), T, D, "1", "progress", "101", "", "张三", "") "\n"
		GOOD_B						/* 10 */
		LINE(ID("2"), T, D, "1", "note", "", "", "张三", "\xff") "\n"
		"a,b\n"						/* 12 */
		LINE(ID("3"), T, D, "1", "note", "", "", "张三", "tail") "\n";
	struct journal j = JOURNAL_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_int_equal(j.problems.n, 6);
	assert_int_equal(j.problems.v[0].line, 3);
	assert_string_equal(j.problems.v[0].msg, M_ID);
	assert_int_equal(j.problems.v[1].line, 5);
	assert_string_equal(j.problems.v[1].msg, M_PLAN);
	assert_int_equal(j.problems.v[2].line, 8);
	assert_string_equal(j.problems.v[2].msg, M_QUOTING);
	assert_int_equal(j.problems.v[3].line, 9);
	assert_string_equal(j.problems.v[3].msg, M_PERCENT);
	assert_int_equal(j.problems.v[4].line, 11);
	assert_string_equal(j.problems.v[4].msg, M_UTF8);
	assert_int_equal(j.problems.v[5].line, 12);
	assert_string_equal(j.problems.v[5].msg, "2 fields where a record has 9");
	assert_int_equal(j.n, 4);
	check_good_ab(&j, 2, 10);
	assert_int_equal(find(&j, ID("e"))->line, 6);
	assert_string_equal(find(&j, ID("e"))->note, "ok");
	assert_int_equal(find(&j, ID("3"))->line, 13);
	assert_string_equal(find(&j, ID("3"))->note, "tail");
	assert_false(j.torn_tail);
	journal_release(&j);
}

/* --- limits ------------------------------------------------------------------- */

/* A note record of exactly len bytes before its newline, by a long name
 * and with a long note, each within the field limit. */
static void long_line(struct strbuf *sb, const char *id, size_t len)
{
	static const char head[] = "," T "," D ",1,note,,,";
	size_t by = 40000, fixed = ENTRY_ID_LEN + strlen(head) + by + 1;

	assert_true(len > fixed && len - fixed <= CSV_FIELD_MAX);
	assert_int_equal(sb_puts(sb, id), 0);
	assert_int_equal(sb_puts(sb, head), 0);
	for (size_t i = 0; i < by; i++)
		assert_int_equal(sb_add(sb, "b", 1), 0);
	assert_int_equal(sb_add(sb, ",", 1), 0);
	for (size_t i = fixed; i < len; i++)
		assert_int_equal(sb_add(sb, "n", 1), 0);
	assert_int_equal(sb_add(sb, "\n", 1), 0);
}

/* A line of CSV_LINE_MAX bytes is a record; one byte more is a damaged
 * line, named with the limit, and the lines after it still load. */
static void test_line_limit(void **state)
{
	struct strbuf *sb = &scratch_sb[0];
	struct journal *j = &scratch_j[0];
	struct duban_error err;
	char msg[128];

	(void)state;
	assert_int_equal(sb_reset(sb), 0);
	assert_int_equal(sb_puts(sb, HDR GOOD_A), 0);
	long_line(sb, ID("c"), CSV_LINE_MAX);
	assert_int_equal(sb_puts(sb, GOOD_B), 0);
	assert_int_equal(load_text(j, sb->s, sb->len, &err), 0);
	assert_int_equal(j->problems.n, 0);
	assert_int_equal(j->n, 3);
	assert_int_equal(strlen(find(j, ID("c"))->by), 40000);
	assert_int_equal(find(j, ID("c"))->line, 3);
	check_good_ab(j, 2, 4);
	journal_release(j);

	assert_int_equal(sb_reset(sb), 0);
	assert_int_equal(sb_puts(sb, HDR GOOD_A), 0);
	long_line(sb, ID("c"), CSV_LINE_MAX + 1);
	assert_int_equal(sb_puts(sb, GOOD_B), 0);
	assert_int_equal(load_text(j, sb->s, sb->len, &err), 0);
	snprintf(msg, sizeof(msg), "a line longer than the limit of %d bytes",
		 CSV_LINE_MAX);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, msg);
	assert_string_equal(msg, "a line longer than the limit of 69632 bytes");
	assert_int_equal(j->n, 2);
	check_good_ab(j, 2, 4);
	journal_release(j);
}

/* Records up to max_records load, damaged lines counting as records; the
 * first one past it stops the load with its line.  The real limit is far
 * above the million records a large store reaches. */
static void test_records_limit(void **state)
{
	static const char three[] = HDR GOOD_A
		LINE(ID("c"), T, D, "1", "note", "", "", "张三", "") "\n"
		GOOD_B;
	static const char three_damaged[] = HDR GOOD_A "a,b\n" GOOD_B;
	static const char four[] = HDR GOOD_A
		LINE(ID("c"), T, D, "1", "note", "", "", "张三", "") "\n"
		GOOD_B "\n"	/* a blank line is no record */
		LINE(ID("d"), T, D, "1", "note", "", "", "张三", "") "\n";
	static const char four_damaged[] = HDR GOOD_A "a,b\n" GOOD_B
		"justtext\n";
	struct journal *j = &scratch_j[0];
	struct duban_error err;

	(void)state;
	assert_true(JOURNAL_RECORDS_MAX > 1000000);
	j->max_records = 3;
	assert_int_equal(load_str(j, three, &err), 0);
	assert_int_equal(j->n, 3);
	assert_int_equal(j->problems.n, 0);
	journal_release(j);
	assert_int_equal(j->max_records, 3);
	assert_int_equal(load_str(j, three_damaged, &err), 0);
	assert_int_equal(j->n, 2);
	assert_int_equal(j->problems.n, 1);
	journal_release(j);

	assert_int_equal(load_str(j, four, &err), -1);
	assert_string_equal(err.file, "journal.csv");
	assert_int_equal(err.line, 6);
	assert_string_equal(err.msg, "more records than the limit of 3");
	assert_empty_journal(j);
	assert_int_equal(j->max_records, 3);
	assert_int_equal(load_str(j, four_damaged, &err), -1);
	assert_int_equal(err.line, 5);
	assert_string_equal(err.msg, "more records than the limit of 3");
	assert_empty_journal(j);

	j->max_records = 4;
	assert_int_equal(load_str(j, four, &err), 0);
	assert_int_equal(j->n, 4);
	journal_release(j);
}

static void test_header(void **state)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;

	(void)state;
	/* missing or wrong: the first line is refused as the header (what
	 * becomes of the lines after it: test_reg_no_header) */
	assert_int_equal(load_str(&j, GOOD_A GOOD_B, &err), 0);
	assert_true(j.problems.n >= 1);
	assert_int_equal(j.problems.v[0].line, 1);
	assert_string_equal(j.problems.v[0].msg, M_HEADER);
	assert_null(journal_get(&j, ID("a")));
	journal_release(&j);
	assert_int_equal(load_str(&j, "entry,recorded,date\n" GOOD_A GOOD_B,
				  &err), 0);
	assert_true(j.problems.n >= 1);
	assert_int_equal(j.problems.v[0].line, 1);
	assert_string_equal(j.problems.v[0].msg, M_HEADER);
	journal_release(&j);
	assert_int_equal(load_str(&j, "recorded,entry,date,item,kind,value,"
				  "target,by,note\n" GOOD_A GOOD_B, &err), 0);
	assert_true(j.problems.n >= 1);
	assert_int_equal(j.problems.v[0].line, 1);
	assert_string_equal(j.problems.v[0].msg, M_HEADER);
	journal_release(&j);
	/* format 2's header with a field short */
	assert_int_equal(load_str(&j, JOURNAL_HEADER_V1 ",batch,prev\n", &err),
			 0);
	assert_int_equal(j.problems.n, 1);
	assert_int_equal(j.problems.v[0].line, 1);
	assert_string_equal(j.problems.v[0].msg, M_HEADER);
	journal_release(&j);

	/* which format: as the header says; a journal with no header yet
	 * is written in format 2 */
	assert_int_equal(load_str(&j, HDR, &err), 0);
	assert_int_equal(j.version, 1);
	journal_release(&j);
	assert_int_equal(load_str(&j, HDR2, &err), 0);
	assert_int_equal(j.version, 2);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);
	assert_int_equal(load_str(&j, "\xEF\xBB\xBF" JOURNAL_HEADER "\r\n", &err),
			 0);
	assert_int_equal(j.version, 2);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);
	assert_int_equal(load_str(&j, "", &err), 0);
	assert_int_equal(j.version, 2);
	journal_release(&j);
	/* format 1 lines under the format 2 header: short of fields */
	assert_int_equal(load_str(&j, HDR2 GOOD_A, &err), 0);
	assert_int_equal(j.problems.n, 1);
	assert_int_equal(j.problems.v[0].line, 2);
	assert_string_equal(j.problems.v[0].msg, "9 fields where a record has 12");
	assert_int_equal(j.n, 0);
	journal_release(&j);

	/* a byte order mark, CRLF, blank lines before it: fine */
	assert_int_equal(load_str(&j, "\xEF\xBB\xBF" HDR GOOD_A GOOD_B, &err), 0);
	assert_int_equal(j.problems.n, 0);
	check_good_ab(&j, 2, 3);
	journal_release(&j);
	assert_int_equal(load_str(&j, "\xEF\xBB\xBF" JOURNAL_HEADER_V1 "\r\n"
				  GOOD_A GOOD_B, &err), 0);
	assert_int_equal(j.problems.n, 0);
	check_good_ab(&j, 2, 3);
	journal_release(&j);
	assert_int_equal(load_str(&j, "\n\n" HDR "\n" GOOD_A "\n" GOOD_B "\n",
				  &err), 0);
	assert_int_equal(j.problems.n, 0);
	check_good_ab(&j, 5, 7);
	journal_release(&j);

	/* only the header, or nothing at all */
	assert_int_equal(load_str(&j, HDR, &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 0);
	assert_false(j.torn_tail);
	journal_release(&j);
	assert_int_equal(load_str(&j, "", &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 0);
	assert_false(j.torn_tail);
	journal_release(&j);
}

static void test_crlf_lines(void **state)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_str(&j, JOURNAL_HEADER_V1 "\r\n"
				  LINE(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				       "2024-06-01", "1", "progress", "30", "",
				       "张三", "开始") "\r\n"
				  LINE(ID("b"), "2024-06-02T09:00:00.000000+08:00",
				       "2024-06-02", "7", "note", "", "", "李四",
				       "备注") "\r\n", &err), 0);
	assert_int_equal(j.problems.n, 0);
	check_good_ab(&j, 2, 3);
	journal_release(&j);
}

/* Ids alike in their first 64 bits and unlike after: each is its own
 * record, found by its whole id, and a line repeated among them is still
 * loaded once. */
static void test_ids_alike_in_their_first_half(void **state)
{
#define HALF "0123456789abcdef"
#define HALF_REC(tail, at, pct) \
	REC(HALF tail, "2024-06-01T09:00:0" at ".000000+08:00", "2024-06-01", \
	    "1", "progress", pct, "", "张三", "")
	struct journal j = JOURNAL_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_str(&j, HDR HALF_REC("0000000000000003", "3", "30")
				  HALF_REC("0000000000000001", "1", "10")
				  HALF_REC("0000000000000002", "2", "20")
				  HALF_REC("0000000000000001", "1", "10"), &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 3);
	assert_int_equal(journal_get(&j, HALF "0000000000000001")->percent, 10);
	assert_int_equal(journal_get(&j, HALF "0000000000000002")->percent, 20);
	assert_int_equal(journal_get(&j, HALF "0000000000000003")->percent, 30);
	assert_int_equal(journal_get(&j, HALF "0000000000000003")->line, 2);
	assert_null(journal_get(&j, HALF "0000000000000004"));
	assert_null(journal_get(&j, HALF));
	journal_release(&j);
#undef HALF_REC
#undef HALF
}

static void test_duplicates(void **state)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;

	(void)state;
	/* the same line twice: loaded once, where it was first */
	assert_int_equal(load_str(&j, HDR GOOD_A GOOD_B GOOD_A GOOD_A, &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 2);
	check_good_ab(&j, 2, 3);
	journal_release(&j);

	/* the same id for another record: a problem; the first one stays */
	assert_int_equal(load_str(&j, HDR GOOD_A
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-06-01", "1", "progress", "31", "",
				      "张三", "开始")
				  GOOD_B
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-06-01", "1", "progress", "30", "",
				      "张三", "开始了")
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-06-01", "1", "progress", "30", "",
				      "张四", "开始")
				  REC(ID("a"), "2024-06-01T09:00:00.000001+08:00",
				      "2024-06-01", "1", "progress", "30", "",
				      "张三", "开始")
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-05-31", "1", "progress", "30", "",
				      "张三", "开始")
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-06-01", "7", "progress", "30", "",
				      "张三", "开始")
				  REC(ID("a"), "2024-06-01T09:00:00.000000+08:00",
				      "2024-06-01", "1", "note", "", "",
				      "张三", "开始"), &err), 0);
	assert_int_equal(j.problems.n, 7);
	{
		static const long lines[] = { 3, 5, 6, 7, 8, 9, 10 };

		for (size_t i = 0; i < 7; i++) {
			assert_int_equal(j.problems.v[i].line, lines[i]);
			assert_string_equal(j.problems.v[i].msg,
					    "entry aaaaaaaaaa is already used on "
					    "line 2 for another record");
		}
	}
	assert_int_equal(j.n, 2);
	check_good_ab(&j, 2, 4);
	journal_release(&j);

	/* actual figures compared as written */
	assert_int_equal(load_str(&j, HDR
				  REC(ID("a"), T, D, "1", "actual", "45", "1",
				      "张三", "")
				  REC(ID("a"), T, D, "1", "actual", "45.0", "1",
				      "张三", "")
				  REC(ID("a"), T, D, "1", "actual", "45", "2",
				      "张三", "")
				  REC(ID("a"), T, D, "1", "actual", "45", "1",
				      "张三", ""), &err), 0);
	assert_int_equal(j.problems.n, 2);
	assert_int_equal(j.problems.v[0].line, 3);
	assert_int_equal(j.problems.v[1].line, 4);
	assert_int_equal(j.n, 1);
	assert_string_equal(j.v[0].figure, "45");
	journal_release(&j);
}

/* Undos that name no record, or one recorded after them, are problems (and
 * cancel nothing); an undo of an undo is none: it brings the record back. */
static void test_undo_problems(void **state)
{
	static const char text[] =
		HDR
		GOOD_A						/* 2 */
		REC(ID("c"), "2024-06-01T09:00:01+08:00", D, "1", "undo",
		    ID("a"), "", "张三", "")			/* 3 */
		REC(ID("d"), "2024-06-01T09:00:02+08:00", D, "1", "undo",
		    ID("9"), "", "张三", "")			/* 4 */
		REC(ID("e"), "2024-06-01T09:00:03+08:00", D, "1", "undo",
		    ID("c"), "", "张三", "")			/* 5 */
		REC(ID("f"), "2024-06-01T09:00:04+08:00", D, "7", "undo",
		    ID("8"), "", "张三", "")			/* 6 */
		REC(ID("8"), "2024-06-01T09:00:05+08:00", D, "7", "progress",
		    "60", "", "张三", "")			/* 7 */
		GOOD_B;						/* 8 */
	struct journal j = JOURNAL_INIT;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_int_equal(j.problems.n, 2);
	assert_int_equal(j.problems.v[0].line, 4);
	assert_string_equal(j.problems.v[0].msg, "undo of entry 9999999999, which "
			    "is not in the journal");
	assert_int_equal(j.problems.v[1].line, 6);
	assert_string_equal(j.problems.v[1].msg, "undo of entry 8888888888, "
			    "which is recorded after the undo");
	assert_int_equal(j.n, 7);
	check_good_ab(&j, 2, 8);
	/* e cancels c, so a stands again */
	assert_false(find(&j, ID("a"))->undone);
	assert_false(find(&j, ID("b"))->undone);
	assert_true(find(&j, ID("c"))->undone);
	assert_false(find(&j, ID("e"))->undone);
	assert_string_equal(find(&j, ID("c"))->cancels, ID("a"));
	assert_string_equal(find(&j, ID("e"))->cancels, ID("c"));
	/* an undo recorded before its record cancels nothing */
	assert_false(find(&j, ID("8"))->undone);
	assert_int_equal(state_fold(&ps, &plan, &j, DATE_NONE, &err), 0);
	assert_int_equal(ps.items[0].status, STATUS_IN_PROGRESS);
	assert_int_equal(ps.items[0].percent, 30);
	assert_int_equal(ps.items[0].records, 1);
	assert_entry_id(ps.items[0].last, ID("a"));
	assert_int_equal(ps.items[2].percent, 60);
	assert_int_equal(ps.items[2].records, 2);
	state_release(&ps);
	journal_release(&j);
}

/* journal.h: "problems: damaged lines, in file order" — also when an undo
 * is found wrong only once the whole file is read. */
static void test_problems_in_file_order(void **state)
{
	static const char text[] =
		HDR
		GOOD_A						/* 2 */
		REC(ID("d"), "2024-06-01T09:00:02+08:00", D, "1", "undo",
		    ID("9"), "", "张三", "")			/* 3 */
		REC(ID("e"), T, D, "1", "remark", "", "", "张三", "")	/* 4 */
		GOOD_B;						/* 5 */
	struct journal *j = &scratch_j[0];
	struct duban_error err;

	(void)state;
	assert_int_equal(load_str(j, text, &err), 0);
	assert_int_equal(j->problems.n, 2);
	if (j->problems.v[0].line != 3)
		print_error("problems in the order: line %ld \"%s\", line %ld "
			    "\"%s\"\n", j->problems.v[0].line, j->problems.v[0].msg,
			    j->problems.v[1].line, j->problems.v[1].msg);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_int_equal(j->problems.v[1].line, 4);
	journal_release(j);
}

static void test_missing_file(void **state)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	char path[PATH_SIZE];

	(void)state;
	tpath(path, "no-such-journal.csv");
	error_clear(&err);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.n, 0);
	assert_int_equal(j.problems.n, 0);
	assert_false(j.torn_tail);
	assert_int_equal(j.latest, 0);
	journal_release(&j);

	/* a directory is no journal */
	assert_int_equal(journal_load(&j, tmpdir, "journal.csv", &plan, &err), -1);
	assert_string_equal(err.file, "journal.csv");
	assert_string_equal(err.msg, "a directory, not a regular file: duban "
			    "does not use it");
	assert_empty_journal(&j);
}

static void test_torn_tail(void **state)
{
	static const char whole[] = HDR GOOD_A GOOD_B;
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	char text[2048];

	(void)state;
	/* a partial record */
	snprintf(text, sizeof(text), "%s%s", whole, ID("c") ",2024-06-0");
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.torn_line, 4);
	assert_int_equal(j.valid_bytes, (long long)strlen(whole));
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 2);
	check_good_ab(&j, 2, 3);
	journal_release(&j);

	/* a complete-looking record without its newline is not loaded either */
	snprintf(text, sizeof(text), "%s%s", whole,
		 LINE(ID("c"), T, D, "1", "note", "", "", "张三", "x"));
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.torn_line, 4);
	assert_int_equal(j.valid_bytes, (long long)strlen(whole));
	assert_int_equal(j.n, 2);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);

	/* after blank lines and CRLF */
	snprintf(text, sizeof(text), "%s\n\r\n%s", whole, "\"broken");
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.torn_line, 6);
	assert_int_equal(j.valid_bytes, (long long)strlen(whole) + 3);
	assert_int_equal(j.n, 2);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);

	/* with a BOM: valid_bytes counts it */
	snprintf(text, sizeof(text), "\xEF\xBB\xBF%s%s", whole, "x");
	assert_int_equal(load_str(&j, text, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.torn_line, 4);
	assert_int_equal(j.valid_bytes, (long long)strlen(whole) + 3);
	assert_int_equal(j.n, 2);
	journal_release(&j);

	/* only a partial header */
	assert_int_equal(load_str(&j, "entry,rec", &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.torn_line, 1);
	assert_int_equal(j.valid_bytes, 0);
	assert_int_equal(j.n, 0);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);

	/* whole */
	assert_int_equal(load_str(&j, whole, &err), 0);
	assert_false(j.torn_tail);
	assert_int_equal(j.valid_bytes, (long long)strlen(whole));
	assert_int_equal(j.n, 2);
	journal_release(&j);
}

static void test_find(void **state)
{
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	bool amb;

	(void)state;
	assert_int_equal(load_str(&j, HDR GOOD_A GOOD_B
				  REC("aaab" "0000000000000000000000000000", T,
				      D, "1", "note", "", "", "张三", ""), &err), 0);
	assert_int_equal(j.n, 3);
	assert_string_equal(journal_find(&j, "bbbb", &amb)->id, ID("b"));
	assert_false(amb);
	assert_string_equal(journal_find(&j, "aaaaa", &amb)->id, ID("a"));
	assert_false(amb);
	assert_null(journal_find(&j, "aaa", &amb));	/* too short */
	assert_false(amb);
	assert_null(journal_find(&j, "aaab1", &amb));
	assert_false(amb);
	assert_null(journal_find(&j, "cccc", &amb));
	assert_false(amb);
	/* "aaaa" is the start of one id only; "aaa" a prefix of two */
	assert_string_equal(journal_find(&j, "aaaa", &amb)->id, ID("a"));
	assert_null(journal_find(&j, ID("b") "b", &amb));	/* too long */
	journal_release(&j);
	assert_int_equal(load_str(&j, HDR GOOD_A
				  REC("aaaa" "0000000000000000000000000000", T,
				      D, "1", "note", "", "", "张三", ""), &err), 0);
	assert_null(journal_find(&j, "aaaa", &amb));
	assert_true(amb);
	journal_release(&j);
}

/* --- the fold ------------------------------------------------------------------- */

/* A raw line with a numbered id. */
static void add_rec(struct strbuf *sb, unsigned id, const char *rec,
		    const char *date, const char *item, const char *kind,
		    const char *value, const char *target, const char *note)
{
	assert_int_equal(sb_printf(sb, "%s,%s,%s,%s,%s,%s,%s,张三,%s\n", idn(id),
				   rec, date, item, kind, value, target, note), 0);
}

static const char *eid(const struct entry *e)
{
	return e ? e->id : "(none)";
}

static void assert_entry(const struct entry *e, unsigned id)
{
	if (!e || strcmp(e->id, idn(id)))
		fail_msg("entry %s where %s was expected", eid(e), idn(id));
}

static void assert_default_state(const struct item_state *s, size_t ntargets)
{
	assert_int_equal(s->status, STATUS_NOT_STARTED);
	assert_int_equal(s->percent, 0);
	assert_int_equal(state_percent(s), 0);
	assert_int_equal(s->last_date, DATE_NONE);
	assert_int_equal(s->done_date, DATE_NONE);
	assert_null(s->last);
	assert_null(s->last_note);
	assert_int_equal(s->records, 0);
	for (size_t k = 0; k < ntargets; k++)
		assert_null(s->actuals[k]);
}

static void build_state_journal(struct strbuf *sb)
{
	assert_int_equal(sb_puts(sb, HDR), 0);
	/* item 1, in no particular order */
	add_rec(sb, 0x13, "2024-06-05T09:00:00+08:00", "2024-06-05", "1",
		"status", "done", "", "已完成");
	add_rec(sb, 0x17, "2024-06-04T11:00:00+08:00", "2024-06-04", "1",
		"actual", "44", "1", "");
	add_rec(sb, 0x1d, "2024-06-06T10:00:00+08:00", "2024-06-06", "1",
		"undo", idn(0x1c), "", "");
	add_rec(sb, 0x15, "2024-06-04T03:00:00Z", "2024-06-04", "1",
		"actual", "42", "1", "");
	add_rec(sb, 0x11, "2024-06-01T09:00:00+08:00", "2024-06-01", "1",
		"progress", "30", "", "开始推进");
	add_rec(sb, 0x1a, "2024-06-04T12:00:00+08:00", "2024-06-04", "1",
		"actual", "61", "2", "");
	add_rec(sb, 0x19, "2024-06-04T10:00:00+08:00", "2024-06-04", "1",
		"actual", "38", "1", "");
	add_rec(sb, 0x1c, "2024-06-06T09:00:00+08:00", "2024-06-06", "1",
		"progress", "80", "", "误报");
	add_rec(sb, 0x12, "2024-06-03T09:00:00+08:00", "2024-06-03", "1",
		"progress", "50", "", "");
	add_rec(sb, 0x1b, "2024-06-04T12:30:00+08:00", "2024-06-04", "1",
		"undo", idn(0x1a), "", "");
	add_rec(sb, 0x18, "2024-06-01T09:30:00+08:00", "2024-06-01", "1",
		"actual", "50", "1", "");
	/* item 2: blocked, then a note and progress reporting on earlier days
	 * (a record never reports on a day after it was made) */
	add_rec(sb, 0x23, "2024-06-22T10:00:00+08:00", "2024-06-16", "2",
		"progress", "10", "", "");
	add_rec(sb, 0x21, "2024-06-20T10:00:00+08:00", "2024-06-20", "2",
		"status", "blocked", "", "资金未到位");
	add_rec(sb, 0x22, "2024-06-21T10:00:00+08:00", "2024-06-15", "2",
		"note", "", "", "协调中");
	/* item 7: progress, done, reopened */
	add_rec(sb, 0x73, "2024-06-12T10:00:00+08:00", "2024-06-12", "7",
		"status", "in-progress", "", "重新打开");
	add_rec(sb, 0x71, "2024-06-01T10:00:00+08:00", "2024-06-01", "7",
		"progress", "20", "", "");
	add_rec(sb, 0x74, "2024-06-11T10:00:00+08:00", "2024-06-11", "7",
		"actual", "3.9", "1", "");
	add_rec(sb, 0x72, "2024-06-10T10:00:00+08:00", "2024-06-10", "7",
		"status", "done", "", "");
	/* item 9: nothing */
}

static void test_fold(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal j = JOURNAL_INIT;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	const struct item_state *s;

	(void)state;
	build_state_journal(&sb);
	assert_int_equal(load_text(&j, sb.s, sb.len, &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.n, 18);
	assert_int_equal(state_fold(&ps, &plan, &j, DATE_NONE, &err), 0);
	assert_int_equal(ps.n, NITEMS);

	s = &ps.items[0];	/* item 1 */
	assert_int_equal(s->status, STATUS_DONE);
	assert_int_equal(s->percent, 50);	/* 80 was undone */
	assert_int_equal(state_percent(s), 100);
	assert_date(s->done_date, "2024-06-05");
	assert_date(s->last_date, "2024-06-05");	/* 06-06 was undone */
	assert_entry(s->last, 0x13);
	assert_entry(s->last_note, 0x13);
	assert_string_equal(s->last_note->note, "已完成");
	/* latest by (recorded, id): 0x15 and 0x17 share 11:00 (0x15 written
	 * in UTC), 0x17 has the greater id; 0x18 is last in the file */
	assert_entry(s->actuals[0], 0x17);
	assert_string_equal(s->actuals[0]->figure, "44");
	assert_null(s->actuals[1]);		/* undone */
	assert_int_equal(s->records, 7);

	s = &ps.items[1];	/* item 2 */
	assert_int_equal(s->status, STATUS_BLOCKED);	/* progress keeps it */
	assert_int_equal(s->percent, 10);
	assert_int_equal(state_percent(s), 10);
	assert_date(s->last_date, "2024-06-20");	/* latest date, not last */
	assert_int_equal(s->done_date, DATE_NONE);
	assert_entry(s->last, 0x23);
	assert_entry(s->last_note, 0x22);
	assert_string_equal(s->last_note->note, "协调中");
	assert_int_equal(s->records, 3);

	s = &ps.items[2];	/* item 7 */
	assert_int_equal(s->status, STATUS_IN_PROGRESS);
	assert_int_equal(s->percent, 20);
	assert_int_equal(state_percent(s), 20);
	assert_date(s->last_date, "2024-06-12");
	assert_entry(s->last, 0x73);
	assert_entry(s->last_note, 0x73);
	assert_entry(s->actuals[0], 0x74);
	assert_true(s->actuals[0]->value == 3.9);
	assert_int_equal(s->records, 4);

	assert_default_state(&ps.items[3], 3);	/* item 9 */
	state_release(&ps);
	assert_null(ps.items);
	assert_null(ps.actuals);
	assert_int_equal(ps.n, 0);

	/* as of 06-04: the done record and later ones left out */
	assert_int_equal(state_fold(&ps, &plan, &j, ymd(2024, 6, 4), &err), 0);
	s = &ps.items[0];
	assert_int_equal(s->status, STATUS_IN_PROGRESS);
	assert_int_equal(s->percent, 50);
	assert_int_equal(state_percent(s), 50);
	assert_int_equal(s->done_date, DATE_NONE);
	assert_date(s->last_date, "2024-06-04");
	assert_entry(s->last, 0x17);
	assert_entry(s->last_note, 0x11);
	assert_entry(s->actuals[0], 0x17);
	assert_null(s->actuals[1]);
	assert_int_equal(s->records, 6);
	assert_default_state(&ps.items[1], 0);	/* all its days are later */
	s = &ps.items[2];
	assert_int_equal(s->status, STATUS_IN_PROGRESS);
	assert_int_equal(s->percent, 20);
	assert_int_equal(s->records, 1);
	assert_null(s->last_note);
	assert_null(s->actuals[0]);
	state_release(&ps);

	/* as of 06-05: that day counts */
	assert_int_equal(state_fold(&ps, &plan, &j, ymd(2024, 6, 5), &err), 0);
	assert_int_equal(ps.items[0].status, STATUS_DONE);
	assert_date(ps.items[0].done_date, "2024-06-05");
	assert_int_equal(state_percent(&ps.items[0]), 100);
	state_release(&ps);

	/* as of a day before everything */
	assert_int_equal(state_fold(&ps, &plan, &j, ymd(2024, 5, 31), &err), 0);
	for (size_t i = 0; i < NITEMS; i++)
		assert_default_state(&ps.items[i], (size_t)item_targets[i]);
	state_release(&ps);
	journal_release(&j);

	/* an empty journal */
	assert_int_equal(state_fold(&ps, &plan, &j, DATE_NONE, &err), 0);
	for (size_t i = 0; i < NITEMS; i++)
		assert_default_state(&ps.items[i], (size_t)item_targets[i]);
	state_release(&ps);
	sb_release(&sb);
}

/* Statuses one after another on one item. */
static void test_fold_status_sequence(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal j = JOURNAL_INIT;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	const struct item_state *s = NULL;

	(void)state;
	assert_int_equal(sb_puts(&sb, HDR), 0);
	add_rec(&sb, 1, "2024-06-01T10:00:00+08:00", "2024-06-01", "2",
		"progress", "40", "", "");
	add_rec(&sb, 2, "2024-06-02T10:00:00+08:00", "2024-06-02", "2",
		"status", "done", "", "");
	add_rec(&sb, 3, "2024-06-03T10:00:00+08:00", "2024-06-03", "2",
		"status", "done", "", "");
	add_rec(&sb, 4, "2024-06-04T10:00:00+08:00", "2024-06-04", "2",
		"status", "blocked", "", "");
	add_rec(&sb, 5, "2024-06-05T10:00:00+08:00", "2024-06-05", "2",
		"status", "in-progress", "", "");
	add_rec(&sb, 6, "2024-06-06T10:00:00+08:00", "2024-06-06", "2",
		"status", "not-started", "", "");
	add_rec(&sb, 7, "2024-06-07T10:00:00+08:00", "2024-06-07", "2",
		"progress", "0", "", "");
	assert_int_equal(load_text(&j, sb.s, sb.len, &err), 0);
	assert_int_equal(j.problems.n, 0);

	struct { int as_of_day; enum status st; int pct; } want[] = {
		{ 1, STATUS_IN_PROGRESS, 40 }, { 2, STATUS_DONE, 100 },
		{ 3, STATUS_DONE, 100 }, { 4, STATUS_BLOCKED, 40 },
		{ 5, STATUS_IN_PROGRESS, 40 }, { 6, STATUS_NOT_STARTED, 40 },
		{ 7, STATUS_IN_PROGRESS, 0 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(state_fold(&ps, &plan, &j,
					    ymd(2024, 6, want[i].as_of_day), &err),
				 0);
		s = &ps.items[1];
		assert_int_equal(s->status, want[i].st);
		assert_int_equal(state_percent(s), want[i].pct);
		assert_int_equal(s->records, i + 1);
		if (want[i].as_of_day == 2)
			assert_date(s->done_date, "2024-06-02");
		if (want[i].as_of_day == 3)	/* the latest done */
			assert_date(s->done_date, "2024-06-03");
		state_release(&ps);
	}
	journal_release(&j);
	sb_release(&sb);
}

/* A unit's done awaits review; the office returns it, then approves the
 * next: done as of the day the unit reported, one return counted, and
 * evidence neither a note nor a change of status. */
static void test_fold_closure_review(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal j = JOURNAL_INIT;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	const struct item_state *s;

	(void)state;
	assert_int_equal(sb_puts(&sb, HDR), 0);
	add_rec(&sb, 1, "2024-06-01T10:00:00+08:00", "2024-06-01", "2",
		"progress", "40", "", "");
	add_rec(&sb, 2, "2024-06-02T10:00:00+08:00", "2024-06-02", "2",
		"close-request", "", "", "完成");
	add_rec(&sb, 3, "2024-06-02T10:00:01+08:00", "2024-06-02", "2",
		"evidence", SHA64 ".pdf", "", "验收单.pdf");
	add_rec(&sb, 4, "2024-06-03T10:00:00+08:00", "2024-06-03", "2",
		"close-return", "", "", "缺材料");
	add_rec(&sb, 5, "2024-06-04T10:00:00+08:00", "2024-06-04", "2",
		"close-request", "", "", "");
	add_rec(&sb, 6, "2024-06-09T10:00:00+08:00", "2024-06-09", "2",
		"status", "done", "", "");
	assert_int_equal(load_text(&j, sb.s, sb.len, &err), 0);
	assert_int_equal(j.problems.n, 0);
	assert_string_equal(j.v[2].figure, SHA64 ".pdf");

	struct { int day; enum status st; int pct; int closing; int returns; }
	want[] = {
		{ 1, STATUS_IN_PROGRESS, 40, 0, 0 },
		{ 2, STATUS_IN_PROGRESS, 40, 2, 0 },
		{ 3, STATUS_IN_PROGRESS, 40, 0, 1 },
		{ 4, STATUS_IN_PROGRESS, 40, 4, 1 },
		{ 9, STATUS_DONE, 100, 0, 1 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(state_fold(&ps, &plan, &j,
					    ymd(2024, 6, want[i].day), &err), 0);
		s = &ps.items[1];
		assert_int_equal(s->status, want[i].st);
		assert_int_equal(state_percent(s), want[i].pct);
		assert_int_equal(s->closing, want[i].closing
				 ? ymd(2024, 6, want[i].closing) : DATE_NONE);
		assert_int_equal(s->returns, want[i].returns);
		/* the evidence's file name is no note */
		if (want[i].day == 1)
			assert_null(s->last_note);
		else
			assert_entry(s->last_note, want[i].day >= 3 ? 4 : 2);
		state_release(&ps);
	}
	/* approved on the 9th, done as of the 4th, when the unit said so */
	assert_int_equal(state_fold(&ps, &plan, &j, DATE_NONE, &err), 0);
	assert_date(ps.items[1].done_date, "2024-06-04");
	state_release(&ps);
	journal_release(&j);
	sb_release(&sb);
}

/* --- merging two copies -------------------------------------------------------- */

struct gen {
	char id[ENTRY_ID_LEN + 1];
	int64_t rec;
	date_t date;
	long item;
	int idx;		/* the item's place in the plan */
	enum entry_kind kind;
	enum status st;
	int pct;
	int target;
	char figure[40];
	char cancels[ENTRY_ID_LEN + 1];
	const char *by;
	const char *note;
	char *line;
	char sum[DIGEST_SHORT_LEN + 1];	/* of line */
};

#define GEN_MAX 64
static struct gen gens[GEN_MAX];
static size_t ngens;
static uint64_t merge_seed;
static int merge_round;
/* How much the histories exercise: undos, undos of undos, and recorded
 * times that tie. */
static size_t merge_undos, merge_undo_undos, merge_ties;

static void release_gens(void)
{
	for (size_t i = 0; i < ngens; i++) {
		free(gens[i].line);
		gens[i].line = NULL;
	}
	ngens = 0;
}

static void merge_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void merge_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("merge history %d (seed %#llx; DUBAN_MERGE_SEED=%#llx "
		 "reruns it): %s", merge_round, (unsigned long long)merge_seed,
		 (unsigned long long)merge_seed, msg);
}

/* A new valid entry; pool[0..npool) are the entries its copy already
 * holds, in the order written: an undo may cancel any of them (an undo
 * too), and the new line links to the last of them. */
static void gen_entry(struct gen *g, struct gen *const *pool, size_t npool,
		      unsigned serial)
{
	static const char *const zones[] = { "Asia/Shanghai", "UTC",
					     "America/St_Johns" };
	static const char *const bys[] = { "张三", "李四", "王,五", "赵\"六\"" };
	struct entry e;
	struct strbuf sb = STRBUF_INIT;
	unsigned r;

	memset(g, 0, sizeof(*g));
	/* random high digits, so the id order is not the writing order */
	snprintf(g->id, sizeof(g->id), "%08x%08x%08x%08x", (unsigned)rnd(),
		 (unsigned)rnd(), (unsigned)rnd(), serial);
	/* few distinct seconds, often whole: recorded times tie */
	g->rec = 1719727509000000LL + (int64_t)rn(40) * 1000000 +
		 (rn(3) ? 0 : (int64_t)rn(1000000));
	g->date = ymd(2024, 6, 1) + (date_t)rn(20);
	g->idx = (int)rn(NITEMS);
	g->by = bys[rn(4)];
	g->note = rn(3) ? "" : nasty_notes[rn(NNOTES)];
	r = rn(10);
	if (r < 3) {
		g->kind = ENTRY_STATUS;
		g->st = (enum status)rn(STATUS_COUNT);
	} else if (r < 6) {
		g->kind = ENTRY_PROGRESS;
		g->pct = (int)rn(101);
	} else if (r < 7) {
		g->kind = ENTRY_NOTE;
	} else if (r < 9 || npool == 0) {
		g->kind = ENTRY_ACTUAL;
		if (item_targets[g->idx] == 0)
			g->idx = 0;
		g->target = 1 + (int)rn((unsigned)item_targets[g->idx]);
		if (rn(2))
			snprintf(g->figure, sizeof(g->figure), "%u", rn(1000));
		else
			snprintf(g->figure, sizeof(g->figure), "%u.%u", rn(100),
				 rn(100));
	} else {
		const struct gen *t = pool[rn((unsigned)npool)];

		g->kind = ENTRY_UNDO;
		memcpy(g->cancels, t->id, sizeof(g->cancels));
		merge_undo_undos += t->kind == ENTRY_UNDO;
		/* recorded after what it cancels, as journal_stamp does */
		if (g->rec <= t->rec)
			g->rec = t->rec + 1 + (int64_t)rn(3000000);
	}
	g->item = item_ids[g->idx];

	memset(&e, 0, sizeof(e));
	memcpy(e.id, g->id, sizeof(e.id));
	e.recorded = g->rec;
	e.date = g->date;
	e.item = g->item;
	e.kind = g->kind;
	e.status = g->st;
	e.percent = g->pct;
	e.target = g->target;
	if (g->kind == ENTRY_ACTUAL)
		e.target_key = tkey(g->item, g->target);
	e.figure = g->figure;
	e.cancels = g->cancels;
	e.by = g->by;
	e.note = g->note;
	if (npool)
		memcpy(e.prev, pool[npool - 1]->sum, sizeof(e.prev));
	set_tz(zones[rn(3)]);
	assert_int_equal(entry_format_line(&e, &sb), 0);
	g->line = sb.s;		/* handed over: freed by free() */
	memcpy(g->sum, e.sum, sizeof(g->sum));
}

static void shuffle(struct gen **v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t k = rn((unsigned)i);
		struct gen *t = v[i - 1];

		v[i - 1] = v[k];
		v[k] = t;
	}
}

/* A journal file: the header, then the lines of v in a random order. */
static void journal_text(struct strbuf *sb, struct gen **v, size_t n,
			 bool header)
{
	struct gen *order[GEN_MAX];

	memcpy(order, v, n * sizeof(*v));
	shuffle(order, n);
	if (header)
		assert_int_equal(sb_puts(sb, HDR2), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sb_puts(sb, order[i]->line), 0);
}

/* What an item's state should be, worked out from the generated entries. */
struct model {
	enum status status;
	int percent;
	date_t last_date, done_date;
	const struct gen *last, *last_note, *actuals[3];
	size_t records;
};

static int gen_order(const void *pa, const void *pb)
{
	const struct gen *a = *(const struct gen *const *)pa;
	const struct gen *b = *(const struct gen *const *)pb;

	if (a->rec != b->rec)
		return a->rec < b->rec ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Whether g is cancelled among v[0..n): by an undo that is not cancelled
 * itself.  An undo is recorded after what it cancels, so this ends. */
static bool model_cancelled(struct gen *const *v, size_t n,
			    const struct gen *g)
{
	for (size_t k = 0; k < n; k++)
		if (v[k]->kind == ENTRY_UNDO && strcmp(v[k]->cancels, g->id) == 0 &&
		    !model_cancelled(v, n, v[k]))
			return true;
	return false;
}

static void model_fold(struct gen **v, size_t n, date_t as_of,
		       struct model m[NITEMS])
{
	struct gen *order[GEN_MAX];

	memcpy(order, v, n * sizeof(*v));
	qsort(order, n, sizeof(*order), gen_order);
	for (size_t i = 1; i < n; i++)
		merge_ties += order[i]->rec == order[i - 1]->rec;
	for (size_t i = 0; i < n; i++)
		merge_undos += order[i]->kind == ENTRY_UNDO;
	for (int i = 0; i < NITEMS; i++)
		m[i] = (struct model){ STATUS_NOT_STARTED, 0, DATE_NONE,
				       DATE_NONE, NULL, NULL, { NULL }, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct gen *g = order[i];
		struct model *s = &m[g->idx];
		bool cancelled = model_cancelled(v, n, g);

		if (cancelled || g->kind == ENTRY_UNDO ||
		    (as_of != DATE_NONE && g->date > as_of))
			continue;
		switch (g->kind) {
		case ENTRY_STATUS:
			s->status = g->st;
			if (g->st == STATUS_DONE)
				s->done_date = g->date;
			break;
		case ENTRY_PROGRESS:
			s->percent = g->pct;
			if (s->status == STATUS_NOT_STARTED)
				s->status = STATUS_IN_PROGRESS;
			break;
		case ENTRY_ACTUAL:
			s->actuals[g->target - 1] = g;
			break;
		default:
			break;
		}
		if (*g->note)
			s->last_note = g;
		if (s->last_date == DATE_NONE || g->date > s->last_date)
			s->last_date = g->date;
		s->last = g;
		s->records++;
	}
}

static const char *gid(const struct gen *g)
{
	return g ? g->id : "(none)";
}

/* Two folds of the same records, field by field. */
static void compare_states(const struct plan_state *x, const struct plan_state *y,
			   const char *what)
{
	for (int i = 0; i < NITEMS; i++) {
		const struct item_state *a = &x->items[i], *b = &y->items[i];

		if (a->status != b->status || a->percent != b->percent ||
		    state_percent(a) != state_percent(b) ||
		    a->last_date != b->last_date ||
		    a->done_date != b->done_date || a->records != b->records)
			merge_fail("%s: item %ld: status %d/%d, percent %d/%d, "
				   "last_date %d/%d, done_date %d/%d, records "
				   "%zu/%zu", what, item_ids[i], a->status,
				   b->status, a->percent, b->percent,
				   a->last_date, b->last_date, a->done_date,
				   b->done_date, a->records, b->records);
		if (strcmp(eid(a->last), eid(b->last)) ||
		    strcmp(eid(a->last_note), eid(b->last_note)) ||
		    (a->last_note && strcmp(a->last_note->note,
					    b->last_note->note)))
			merge_fail("%s: item %ld: last %s/%s, last note %s/%s",
				   what, item_ids[i], eid(a->last), eid(b->last),
				   eid(a->last_note), eid(b->last_note));
		for (int k = 0; k < item_targets[i]; k++)
			if (strcmp(eid(a->actuals[k]), eid(b->actuals[k])) ||
			    (a->actuals[k] &&
			     strcmp(a->actuals[k]->figure, b->actuals[k]->figure)))
				merge_fail("%s: item %ld target %d: %s/%s", what,
					   item_ids[i], k + 1, eid(a->actuals[k]),
					   eid(b->actuals[k]));
	}
}

static void compare_model(const struct plan_state *x, const struct model *m,
			  const char *what)
{
	for (int i = 0; i < NITEMS; i++) {
		const struct item_state *a = &x->items[i];
		const struct model *b = &m[i];

		if (a->status != b->status || a->percent != b->percent ||
		    a->last_date != b->last_date ||
		    a->done_date != b->done_date || a->records != b->records)
			merge_fail("%s: item %ld: status %d, model %d; percent %d, "
				   "model %d; last_date %d, model %d; done_date "
				   "%d, model %d; records %zu, model %zu", what,
				   item_ids[i], a->status, b->status, a->percent,
				   b->percent, a->last_date, b->last_date,
				   a->done_date, b->done_date, a->records,
				   b->records);
		if (strcmp(eid(a->last), gid(b->last)) ||
		    strcmp(eid(a->last_note), gid(b->last_note)) ||
		    (a->last_note && strcmp(a->last_note->note,
					    b->last_note->note)))
			merge_fail("%s: item %ld: last %s, model %s; last note "
				   "%s, model %s", what, item_ids[i], eid(a->last),
				   gid(b->last), eid(a->last_note),
				   gid(b->last_note));
		for (int k = 0; k < item_targets[i]; k++)
			if (strcmp(eid(a->actuals[k]), gid(b->actuals[k])) ||
			    (a->actuals[k] &&
			     strcmp(a->actuals[k]->figure, b->actuals[k]->figure)))
				merge_fail("%s: item %ld target %d: %s, model %s",
					   what, item_ids[i], k + 1,
					   eid(a->actuals[k]), gid(b->actuals[k]));
	}
}

static void load_merged(struct journal *j, const struct strbuf *sb,
			size_t want_n, const char *what)
{
	struct duban_error err;

	if (load_text(j, sb->s, sb->len, &err) != 0)
		merge_fail("%s: load failed: %s", what, err.msg);
	if (j->problems.n)
		merge_fail("%s: line %ld: %s", what, j->problems.v[0].line,
			   j->problems.v[0].msg);
	if (j->n != want_n)
		merge_fail("%s: %zu entries, %zu written", what, j->n, want_n);
	if (j->torn_tail)
		merge_fail("%s: torn", what);
}

static void merge_history(void)
{
	struct gen *prefix[GEN_MAX], *copy_a[GEN_MAX], *copy_b[GEN_MAX],
		*all[GEN_MAX];
	size_t np = rn(16), na = rn(13), nb = rn(13), ia, ib, n;
	/* all released by reset() should a check fail */
	struct strbuf *a = &scratch_sb[0], *b = &scratch_sb[1],
		*ab = &scratch_sb[2], *ba = &scratch_sb[3], *c = &scratch_sb[4];
	struct journal *jab = &scratch_j[0], *jba = &scratch_j[1],
		*jc = &scratch_j[2];
	struct duban_error err;
	date_t as_of_days[2] = { DATE_NONE, ymd(2024, 6, 1) + (date_t)rn(20) };

	ngens = 0;
	for (size_t i = 0; i < np; i++) {
		prefix[i] = &gens[ngens];
		gen_entry(&gens[ngens], prefix, i, (unsigned)ngens);
		ngens++;
	}
	memcpy(copy_a, prefix, np * sizeof(*prefix));
	memcpy(copy_b, prefix, np * sizeof(*prefix));
	ia = ib = np;
	/* the two suffixes interleaved in time of writing, each undoing only
	 * what its own copy holds */
	while (ia < np + na || ib < np + nb) {
		bool to_a = ib == np + nb || (ia < np + na && rn(2));
		struct gen **copy = to_a ? copy_a : copy_b;
		size_t *ic = to_a ? &ia : &ib;

		copy[*ic] = &gens[ngens];
		gen_entry(&gens[ngens], copy, *ic, (unsigned)ngens);
		ngens++;
		(*ic)++;
	}
	n = ngens;
	for (size_t i = 0; i < n; i++)
		all[i] = &gens[i];

	journal_text(a, copy_a, ia, true);
	journal_text(b, copy_b, ib, true);
	journal_text(c, all, n, true);
	/* A+B and B+A, the second header dropped */
	assert_int_equal(sb_reset(ab), 0);
	assert_int_equal(sb_reset(ba), 0);
	assert_int_equal(sb_add(ab, a->s, a->len), 0);
	assert_int_equal(sb_puts(ab, b->s + strlen(HDR2)), 0);
	assert_int_equal(sb_add(ba, b->s, b->len), 0);
	assert_int_equal(sb_puts(ba, a->s + strlen(HDR2)), 0);

	load_merged(jab, ab, n, "A+B");
	load_merged(jba, ba, n, "B+A");
	load_merged(jc, c, n, "all lines");
	/* one order of entries, one set of cancelled ones */
	for (size_t i = 0; i < n; i++)
		if (strcmp(jab->v[i].id, jba->v[i].id) ||
		    strcmp(jab->v[i].id, jc->v[i].id) ||
		    jab->v[i].undone != jba->v[i].undone ||
		    jab->v[i].undone != jc->v[i].undone)
			merge_fail("entry %zu: %s/%s/%s", i, jab->v[i].id,
				   jba->v[i].id, jc->v[i].id);
	for (int k = 0; k < 2; k++) {
		struct plan_state *sab = &scratch_ps[0], *sba = &scratch_ps[1],
			*sc = &scratch_ps[2];
		struct model m[NITEMS];

		assert_int_equal(state_fold(sab, &plan, jab, as_of_days[k],
					    &err), 0);
		assert_int_equal(state_fold(sba, &plan, jba, as_of_days[k],
					    &err), 0);
		assert_int_equal(state_fold(sc, &plan, jc, as_of_days[k],
					    &err), 0);
		model_fold(all, n, as_of_days[k], m);
		compare_states(sab, sba, k ? "A+B vs B+A, as of" : "A+B vs B+A");
		compare_states(sab, sc, k ? "A+B vs all, as of" : "A+B vs all");
		compare_model(sab, m, k ? "A+B vs model, as of"
					 : "A+B vs model");
		state_release(sab);
		state_release(sba);
		state_release(sc);
	}
	journal_release(jab);
	journal_release(jba);
	journal_release(jc);
	sb_release(a);
	sb_release(b);
	sb_release(ab);
	sb_release(ba);
	sb_release(c);
	release_gens();
}

static void test_merge_property(void **state)
{
	const char *env = getenv("DUBAN_MERGE_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x6475626172ULL;

	(void)state;
	merge_undos = merge_undo_undos = merge_ties = 0;
	for (merge_round = 0; merge_round < 250; merge_round++) {
		/* each history from a seed of its own, so one can be rerun */
		merge_seed = env && merge_round == 0 ? seed
			     : seed * 0x9E3779B97F4A7C15ULL + (uint64_t)merge_round;
		rng = merge_seed ? merge_seed : 1;
		merge_history();
		if (env)
			return;
	}
	/* the generator does make undos, undos of undos and ties (undos and
	 * ties counted twice: two folds) */
	if (merge_undos < 400 || merge_undo_undos < 20 || merge_ties < 400)
		fail_msg("only %zu undos, %zu undos of undos and %zu ties",
			 merge_undos, merge_undo_undos, merge_ties);
}

/* --- appending ------------------------------------------------------------------- */

static void append_entries(struct entry *e, char figures[][40], size_t n)
{
	for (size_t i = 0; i < n; i++)
		make_entry(&e[i], (unsigned)i, figures[i]);
}

/* Makes e[0..n) one batch, as one command's: the batch of the first. */
static void one_batch(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memcpy(e[i].batch, e[0].batch, sizeof(e[i].batch));
		e[i].batch_size = n;
	}
}

/* The lines of e[0..n) as they are to be appended after the record whose
 * sum is prev ("" for none), each linked to the one before: into l[]
 * (malloc'd), and the last one's sum into last when it is not NULL.  The
 * entries themselves are left as they are. */
static void lines_after(const struct entry *e, size_t n, const char *prev,
			char **l, char *last)
{
	char p[DIGEST_SHORT_LEN + 1];

	snprintf(p, sizeof(p), "%s", prev);
	for (size_t i = 0; i < n; i++) {
		struct entry c = e[i];
		struct strbuf sb = STRBUF_INIT;

		memcpy(c.prev, p, sizeof(c.prev));
		assert_int_equal(entry_format_line(&c, &sb), 0);
		l[i] = sb.s;
		memcpy(p, c.sum, sizeof(p));
	}
	if (last)
		memcpy(last, p, sizeof(p));
}

static void test_append_new_file(void **state)
{
	struct entry e[5];
	char figures[5][40], path[PATH_SIZE], *l[5], *single;
	char sum1[DIGEST_SHORT_LEN + 1], sum4[DIGEST_SHORT_LEN + 1];
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	struct strbuf want = STRBUF_INIT;

	(void)state;
	append_entries(e, figures, 5);
	/* two commands: e[0..2) and e[2..5), a batch each */
	one_batch(e, 2);
	one_batch(e + 2, 3);
	lines_after(e, 2, "", l, sum1);
	lines_after(e + 2, 3, sum1, l + 2, sum4);
	tpath(path, "journal.csv");
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.version, 2);
	assert_int_equal(journal_append(path, &j, e, 2, &err), 0);
	journal_release(&j);
	assert_int_equal(sb_printf(&want, "%s%s%s", HDR2, l[0], l[1]), 0);
	assert_file(path, want.s, want.len);
	/* the entries were given their links */
	assert_string_equal(e[0].prev, "");
	assert_string_equal(e[1].prev, e[0].sum);
	assert_string_equal(e[1].sum, sum1);

	/* again: the new lines after the old, no second header, the first
	 * linked to the last line there */
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.n, 2);
	assert_string_equal(j.last_sum, sum1);
	assert_int_equal(journal_append(path, &j, e + 2, 3, &err), 0);
	journal_release(&j);
	assert_string_equal(e[2].prev, sum1);
	assert_int_equal(sb_printf(&want, "%s%s%s", l[2], l[3], l[4]), 0);
	assert_file(path, want.s, want.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.n, 5);
	assert_int_equal(j.problems.n, 0);
	assert_int_equal(j.ngaps, 0);
	assert_string_equal(j.last_sum, sum4);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(find(&j, e[i].id)->note, e[i].note);
		assert_string_equal(find(&j, e[i].id)->batch, e[i < 2 ? 0 : 2].batch);
		assert_int_equal(find(&j, e[i].id)->batch_size, i < 2 ? 2 : 3);
	}
	journal_release(&j);

	/* an empty file gets the header too */
	e[0].batch_size = 1;
	lines_after(e, 1, "", &single, NULL);
	put_file(path, "", 0);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(journal_append(path, &j, e, 1, &err), 0);
	journal_release(&j);
	assert_int_equal(sb_reset(&want), 0);
	assert_int_equal(sb_printf(&want, "%s%s", HDR2, single), 0);
	assert_file(path, want.s, want.len);

	/* nothing to append to a new file: just the header */
	unlink(path);
	assert_int_equal(journal_append(path, &j, e, 0, &err), 0);
	assert_file(path, HDR2, strlen(HDR2));

	/* a file that cannot be opened */
	tpath(path, "no-such-dir/journal.csv");
	assert_int_equal(journal_append(path, &j, e, 1, &err), -1);
	assert_string_equal(err.file, path);
	assert_string_equal(err.msg, "cannot open for writing: No such file or "
			    "directory");
	for (int i = 0; i < 5; i++)
		free(l[i]);
	free(single);
	sb_release(&want);
}

static void test_append_torn(void **state)
{
	struct entry e[3];
	char figures[3][40], path[PATH_SIZE], *l[3], *after0;
	char sum0[DIGEST_SHORT_LEN + 1];
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT;

	(void)state;
	append_entries(e, figures, 3);
	lines_after(e, 1, "", l, sum0);
	lines_after(e + 1, 2, sum0, l + 1, NULL);
	/* e[2] written right after e[0] */
	lines_after(e + 2, 1, sum0, &after0, NULL);
	tpath(path, "journal.csv");

	/* a torn last line is cut off before the new lines, which link to
	 * the last whole one */
	assert_int_equal(sb_printf(&text, "%s%s%.20s", HDR2, l[0], l[1]), 0);
	put_file(path, text.s, text.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_true(j.torn_tail);
	assert_false(j.unterminated);
	assert_int_equal(j.torn_line, 3);
	assert_int_equal(j.n, 1);
	assert_int_equal(journal_append(path, &j, e + 2, 1, &err), 0);
	journal_release(&j);
	assert_int_equal(sb_printf(&want, "%s%s%s", HDR2, l[0], after0), 0);
	assert_file(path, want.s, want.len);

	/* a torn header: the file starts again */
	put_file(path, "entry,recor", 11);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(j.valid_bytes, 0);
	assert_int_equal(journal_append(path, &j, e, 1, &err), 0);
	journal_release(&j);
	assert_int_equal(sb_reset(&want), 0);
	assert_int_equal(sb_printf(&want, "%s%s", HDR2, l[0]), 0);
	assert_file(path, want.s, want.len);

	/* a torn line after a BOM'd header */
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_printf(&text, "\xEF\xBB\xBF%s%sxyz", HDR2, l[0]), 0);
	put_file(path, text.s, text.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_true(j.torn_tail);
	assert_int_equal(journal_append(path, &j, e + 1, 1, &err), 0);
	journal_release(&j);
	assert_int_equal(sb_reset(&want), 0);
	assert_int_equal(sb_printf(&want, "\xEF\xBB\xBF%s%s%s", HDR2, l[0], l[1]),
			 0);
	assert_file(path, want.s, want.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.n, 2);
	assert_int_equal(j.problems.n, 0);
	assert_false(j.torn_tail);
	journal_release(&j);

	for (int i = 0; i < 3; i++)
		free(l[i]);
	free(after0);
	sb_release(&text);
	sb_release(&want);
}

/* The names in tmpdir other than journal.csv: none, or the first. */
static const char *stray_file(void)
{
	static char name[256];
	DIR *d = opendir(tmpdir);
	struct dirent *de;

	assert_non_null(d);
	*name = '\0';
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, "journal.csv") && !*name)
			snprintf(name, sizeof(name), "%s", de->d_name);
	closedir(d);
	return *name ? name : NULL;
}

/* A write cut short by the file size limit leaves the file as it was (a
 * torn line may be cut off, as it would be anyway), with err saying msg,
 * and no other file behind. */
static void append_fails_part_way(const char *before, size_t before_n,
				  bool torn, const char *msg)
{
	struct entry e[12];
	char figures[12][40], path[PATH_SIZE];
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	size_t keep = before_n;
	pid_t pid;
	int status;

	append_entries(e, figures, 12);
	tpath(path, "journal.csv");
	put_file(path, before, before_n);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.torn_tail, torn);
	if (torn && j.version == 2)
		keep = (size_t)j.valid_bytes;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl;
		int code;

		/* a crash here ends the child, not runs the other tests in it
		 * under cmocka's handlers */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		rl.rlim_cur = rl.rlim_max = (rlim_t)before_n + 10;
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl))
			_exit(10);
		if (journal_append(path, &j, e, 12, &err) == 0)
			code = 1;
		else if (strcmp(err.msg, msg))
			code = 2;
		else if (strcmp(err.file, path))
			code = 3;
		else
			code = 0;
		_exit(code);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("the child died of signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("the child says %d (1: the append succeeded, 2: another "
			 "message, 3: another file, 10: no limit)",
			 WEXITSTATUS(status));
	journal_release(&j);
	assert_file(path, before, keep);
	assert_null(stray_file());
}

#define M_WRITE_FAILED "cannot write: File too large; nothing was recorded"

static void test_append_fails(void **state)
{
	struct entry e[2];
	char figures[2][40];
	char *l[2];
	struct strbuf text = STRBUF_INIT;

	(void)state;
	append_entries(e, figures, 2);
	lines_after(e, 2, "", l, NULL);
	assert_int_equal(sb_printf(&text, "%s%s%s", HDR2, l[0], l[1]), 0);
	append_fails_part_way(text.s, text.len, false, M_WRITE_FAILED);
	/* the same with a torn line: it is cut off, as it would be anyway */
	assert_int_equal(sb_puts(&text, "0123456789abcdef0123456789"), 0);
	append_fails_part_way(text.s, text.len, true, M_WRITE_FAILED);
	/* a format 1 journal is rewritten through a temporary file: when
	 * that cannot be written the journal is left whole, torn line and
	 * all, and the temporary file is gone */
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_puts(&text, HDR GOOD_A GOOD_B), 0);
	append_fails_part_way(text.s, text.len, false, "cannot write: File too "
			      "large");
	assert_int_equal(sb_puts(&text, "0123456789abcdef0123456789"), 0);
	append_fails_part_way(text.s, text.len, true, "cannot write: File too "
			      "large");
	free(l[0]);
	free(l[1]);
	sb_release(&text);
}

/* --- format 2: sums, links and batches ---------------------------------------- */

/* Record n of a format 2 test: entry idb(n), by 张三 with no note, recorded
 * at rec (kept as written) on date, of kind with value as a line has it
 * ("50", "done", a figure, the cancelled id); an actual's target by its
 * place among the item's targets.  A batch of its own (named by its id, as
 * entry_format_line() names one left empty); no prev yet. */
static void rec2(struct entry *e, unsigned n, const char *rec,
		 const char *date, long item, enum entry_kind kind,
		 const char *value, int target)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->id, idb(n), sizeof(e->id));
	memcpy(e->batch, e->id, 16);
	e->batch_size = 1;
	assert_int_equal(entry_parse_time(rec, &e->recorded), 0);
	e->recorded_text = rec;
	assert_int_equal(date_parse(date, &e->date), 0);
	e->item = item;
	e->kind = kind;
	e->by = "张三";
	e->note = "";
	switch (kind) {
	case ENTRY_STATUS:
		assert_int_equal(status_parse(value, &e->status), 0);
		break;
	case ENTRY_PROGRESS:
		e->percent = atoi(value);
		break;
	case ENTRY_ACTUAL:
		e->figure = value;
		e->value = strtod(value, NULL);
		e->target = target;
		e->target_key = tkey(item, target);
		break;
	case ENTRY_UNDO:
		e->cancels = value;
		break;
	default:
		break;
	}
}

/* Appends the lines of e[0..n) to sb, each linked to the one before and the
 * first to the record whose sum is in prev, which is left the last one's. */
static void put2(struct strbuf *sb, struct entry *e, size_t n, char *prev)
{
	for (size_t i = 0; i < n; i++) {
		memcpy(e[i].prev, prev, DIGEST_SHORT_LEN + 1);
		assert_int_equal(entry_format_line(&e[i], sb), 0);
		memcpy(prev, e[i].sum, DIGEST_SHORT_LEN + 1);
	}
}

/* The line of e alone, linked to prev: malloc'd. */
static char *line2(const struct entry *e, const char *prev)
{
	char *l;

	lines_after(e, 1, prev, &l, NULL);
	return l;
}

static void assert_no_problems(const struct journal *j)
{
	if (j->problems.n)
		fail_msg("%zu problems, the first at line %ld: %s", j->problems.n,
			 j->problems.v[0].line, j->problems.v[0].msg);
}

#define R(hms) "2024-06-01T" hms ".000000+08:00"

/* A whole last record that only lost its newline is kept, and the next
 * append gives it its newline first. */
static void test_unterminated_whole_line(void **state)
{
	struct entry e[3];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], *l3;
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0x11, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], 0x12, R("09:00:01"), D, 2, ENTRY_NOTE, "", 0);
	rec2(&e[2], 0x13, R("09:00:02"), D, 7, ENTRY_STATUS, "done", 0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 2, prev);
	text->s[--text->len] = '\0';	/* the newline lost */
	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_true(j->unterminated);
	assert_false(j->torn_tail);
	assert_int_equal(j->n, 2);
	assert_int_equal(find(j, e[1].id)->line, 3);
	assert_string_equal(j->last_sum, e[1].sum);

	l3 = line2(&e[2], e[1].sum);
	assert_int_equal(journal_append(path, j, &e[2], 1, &err), 0);
	assert_string_equal(e[2].prev, e[1].sum);
	assert_int_equal(sb_printf(want, "%s\n%s", text->s, l3), 0);
	assert_file(path, want->s, want->len);
	free(l3);
	journal_release(j);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_false(j->unterminated);
	assert_false(j->torn_tail);
	assert_int_equal(j->n, 3);
	assert_int_equal(find(j, e[2].id)->line, 4);
}

/* A last line cut short is torn, whatever part of it is left: it is no
 * record and no problem, and the next append cuts it off. */
static void test_torn_line_v2(void **state)
{
	struct entry e[3];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], *l3;
	struct duban_error err;
	size_t whole, len2;

	(void)state;
	rec2(&e[0], 0x21, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], 0x22, R("09:00:01"), D, 9, ENTRY_ACTUAL, "3", 2);
	rec2(&e[2], 0x23, R("09:00:02"), D, 7, ENTRY_STATUS, "done", 0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 1, prev);
	whole = text->len;
	put2(text, e + 1, 1, prev);
	len2 = text->len - whole;
	l3 = line2(&e[2], e[0].sum);
	tpath(path, "journal.csv");
	/* cut in the middle; then all but the last digit of its sum */
	for (int cut = 0; cut < 2; cut++) {
		size_t keep = cut == 0 ? whole + len2 / 2 : whole + len2 - 1;

		assert_int_equal(sb_reset(want), 0);
		assert_int_equal(sb_add(want, text->s, keep), 0);
		if (cut == 1)
			want->s[--want->len] = '\0';
		put_file(path, want->s, want->len);
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_true(j->torn_tail);
		assert_false(j->unterminated);
		assert_int_equal(j->torn_line, 3);
		assert_int_equal(j->valid_bytes, (long long)whole);
		assert_int_equal(j->problems.n, 0);
		assert_int_equal(j->n, 1);
		assert_null(journal_get(j, e[1].id));
		assert_string_equal(j->last_sum, e[0].sum);
		assert_int_equal(journal_append(path, j, &e[2], 1, &err), 0);
		journal_release(j);
		assert_int_equal(sb_reset(want), 0);
		assert_int_equal(sb_add(want, text->s, whole), 0);
		assert_int_equal(sb_puts(want, l3), 0);
		assert_file(path, want->s, want->len);
	}
	free(l3);

	/* whole but for one changed digit of its sum, without a newline: no
	 * write is cut there, so it was changed, and that is damage */
	assert_int_equal(sb_reset(want), 0);
	assert_int_equal(sb_add(want, text->s, whole + len2 - 1), 0);
	want->s[want->len - 1] = want->s[want->len - 1] == '0' ? '1' : '0';
	put_file(path, want->s, want->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_false(j->torn_tail);
	assert_true(j->unterminated);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "the line does not match its "
			    "sum: it was changed after it was written");
	assert_int_equal(j->n, 1);
	journal_release(j);
}

/* e[0], a record of its own, then e[1..3], one batch of three, their ids
 * from base (0x31: ...31 to ...34), all on item 1. */
static void record_then_batch_of_three(struct entry *e, unsigned base)
{
	rec2(&e[0], base, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], base + 1, R("09:00:01"), D, 1, ENTRY_PROGRESS, "60", 0);
	rec2(&e[2], base + 2, R("09:00:01"), D, 1, ENTRY_ACTUAL, "45", 1);
	rec2(&e[3], base + 3, R("09:00:01"), D, 1, ENTRY_STATUS, "done", 0);
	one_batch(e + 1, 3);
}

/* A batch of three cut after its second line is left out entirely, and the
 * next append cuts it off; the same when its third line is torn. */
static void test_incomplete_batch_at_end(void **state)
{
	struct entry e[5];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], *l5;
	struct duban_error err;
	size_t whole, two;

	(void)state;
	record_then_batch_of_three(e, 0x31);
	rec2(&e[4], 0x35, R("09:00:02"), D, 7, ENTRY_NOTE, "", 0);
	assert_string_equal(e[3].batch, "0000000000000032");
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 1, prev);
	whole = text->len;
	put2(text, e + 1, 2, prev);
	two = text->len;
	put2(text, e + 3, 1, prev);
	l5 = line2(&e[4], e[0].sum);
	tpath(path, "journal.csv");
	for (int torn = 0; torn < 2; torn++) {
		put_file(path, text->s, torn ? text->len - 10 : two);
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_int_equal(j->problems.n, 0);
		assert_int_equal(j->torn_tail, torn);
		assert_int_equal(j->n, 1);
		assert_non_null(journal_get(j, e[0].id));
		assert_null(journal_get(j, e[1].id));
		assert_null(journal_get(j, e[2].id));
		assert_int_equal(j->ngaps, 1);
		assert_string_equal(j->gaps[0].batch, "0000000000000032");
		assert_int_equal(j->gaps[0].have, 2);
		assert_int_equal(j->gaps[0].want, 3);
		assert_int_equal(j->gaps[0].first_line, 3);
		assert_int_equal(j->gaps[0].last_line, 4);
		assert_int_equal(j->gaps[0].start, (long long)whole);
		assert_true(j->gaps[0].at_end);
		assert_int_equal(j->ngap_lines, 2);
		assert_int_equal(j->gap_lines[0], 3);
		assert_int_equal(j->gap_lines[1], 4);
		assert_string_equal(j->last_sum, e[0].sum);
		/* the fold has none of it: item 1 is at 40% */
		assert_int_equal(state_fold(&scratch_ps[0], &plan, j, DATE_NONE,
					    &err), 0);
		assert_int_equal(scratch_ps[0].items[0].percent, 40);
		assert_int_equal(scratch_ps[0].items[0].status,
				 STATUS_IN_PROGRESS);
		state_release(&scratch_ps[0]);

		assert_int_equal(journal_append(path, j, &e[4], 1, &err), 0);
		journal_release(j);
		assert_int_equal(sb_reset(want), 0);
		assert_int_equal(sb_add(want, text->s, whole), 0);
		assert_int_equal(sb_puts(want, l5), 0);
		assert_file(path, want->s, want->len);
	}
	free(l5);
}

#define M_SUM "the line does not match its sum: it was changed after it was " \
	"written"

/* A line deleted or changed in the middle breaks the link of the line after
 * it. */
static void test_broken_links(void **state)
{
	struct entry e[4];
	struct journal *j = &scratch_j[0];
	struct strbuf *full = &scratch_sb[0], *text = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", msg[256], *at;
	size_t start[5];
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0x41, "2024-06-01T09:00:00+08:00", "2024-06-01", 1,
	     ENTRY_PROGRESS, "10", 0);
	rec2(&e[1], 0x42, "2024-06-02T09:00:00+08:00", "2024-06-02", 1,
	     ENTRY_PROGRESS, "50", 0);
	rec2(&e[2], 0x43, "2024-06-03T09:00:00+08:00", "2024-06-03", 7,
	     ENTRY_NOTE, "", 0);
	rec2(&e[3], 0x44, "2024-06-04T09:00:00+08:00", "2024-06-04", 2,
	     ENTRY_STATUS, "done", 0);
	assert_int_equal(sb_puts(full, HDR2), 0);
	for (int i = 0; i < 4; i++) {
		start[i] = full->len;
		put2(full, e + i, 1, prev);
	}
	start[4] = full->len;
	/* all there */
	assert_int_equal(load_text(j, full->s, full->len, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->n, 4);
	journal_release(j);

	/* the second line deleted: the third names it */
	assert_int_equal(sb_add(text, full->s, start[1]), 0);
	assert_int_equal(sb_add(text, full->s + start[2], start[4] - start[2]),
			 0);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	snprintf(msg, sizeof(msg), "the record written before this one (sum %s) "
		 "is not in the journal: was a line deleted or changed?",
		 e[1].sum);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, msg);
	assert_int_equal(j->n, 3);	/* the record itself is sound */
	journal_release(j);

	/* the first deleted: the second names it */
	assert_int_equal(sb_reset(text), 0);
	assert_int_equal(sb_add(text, full->s, start[0]), 0);
	assert_int_equal(sb_add(text, full->s + start[1], start[4] - start[1]),
			 0);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	snprintf(msg, sizeof(msg), "the record written before this one (sum %s) "
		 "is not in the journal: was a line deleted or changed?",
		 e[0].sum);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 2);
	assert_string_equal(j->problems.v[0].msg, msg);
	journal_release(j);

	/* 50 changed to 05 in the second: still a percent, but not its sum;
	 * it is not loaded, so the third's link is broken too */
	assert_int_equal(sb_reset(text), 0);
	assert_int_equal(sb_add(text, full->s, full->len), 0);
	at = strstr(text->s + start[1], ",progress,50,");
	assert_non_null(at);
	assert_true(at < text->s + start[2]);
	memcpy(at, ",progress,05,", 13);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 2);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, M_SUM);
	assert_int_equal(j->problems.v[1].line, 4);
	snprintf(msg, sizeof(msg), "the record written before this one (sum %s) "
		 "is not in the journal: was a line deleted or changed?",
		 e[1].sum);
	assert_string_equal(j->problems.v[1].msg, msg);
	assert_int_equal(j->n, 3);
	assert_null(journal_get(j, e[1].id));
	journal_release(j);
}

/* Reads path into sb. */
static void read_into(struct strbuf *sb, const char *path)
{
	size_t n;
	char *data = slurp(path, &n);

	assert_int_equal(sb_reset(sb), 0);
	assert_int_equal(sb_add(sb, data, n), 0);
	free(data);
}

/* Two copies of a journal that share a prefix, each appended to on its
 * own, joined as a union merge does (the prefix, then A's new lines, then
 * B's) load with no problem: both link to the prefix. */
static void test_union_merge(void **state)
{
	struct entry p[2], a[2], b[1], c[1];
	struct journal *j = &scratch_j[0];
	struct strbuf *base = &scratch_sb[0], *ta = &scratch_sb[1],
		*tb = &scratch_sb[2], *merged = &scratch_sb[3];
	char prev[DIGEST_SHORT_LEN + 1] = "", path_a[PATH_SIZE],
		path_b[PATH_SIZE], path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	rec2(&p[0], 0x51, R("09:00:00"), D, 1, ENTRY_PROGRESS, "10", 0);
	rec2(&p[1], 0x52, R("09:00:01"), D, 2, ENTRY_STATUS, "in-progress", 0);
	rec2(&a[0], 0x53, R("10:00:00"), D, 1, ENTRY_PROGRESS, "30", 0);
	rec2(&a[1], 0x54, R("10:00:00"), D, 1, ENTRY_ACTUAL, "41", 1);
	one_batch(a, 2);
	rec2(&b[0], 0x55, R("10:30:00"), D, 7, ENTRY_NOTE, "", 0);
	rec2(&c[0], 0x56, R("11:00:00"), D, 9, ENTRY_NOTE, "", 0);
	assert_int_equal(sb_puts(base, HDR2), 0);
	put2(base, p, 2, prev);
	tpath(path_a, "a.csv");
	tpath(path_b, "b.csv");
	tpath(path, "journal.csv");
	put_file(path_a, base->s, base->len);
	put_file(path_b, base->s, base->len);
	assert_int_equal(journal_load(j, path_a, "a.csv", &plan, &err), 0);
	assert_int_equal(journal_append(path_a, j, a, 2, &err), 0);
	journal_release(j);
	assert_int_equal(journal_load(j, path_b, "b.csv", &plan, &err), 0);
	assert_int_equal(journal_append(path_b, j, b, 1, &err), 0);
	journal_release(j);
	assert_string_equal(a[0].prev, p[1].sum);
	assert_string_equal(b[0].prev, p[1].sum);
	read_into(ta, path_a);
	read_into(tb, path_b);
	assert_true(ta->len > base->len && tb->len > base->len);
	assert_memory_equal(ta->s, base->s, base->len);
	assert_memory_equal(tb->s, base->s, base->len);

	/* A's new lines then B's, and B's then A's */
	for (int order = 0; order < 2; order++) {
		const struct strbuf *first = order ? tb : ta,
			*second = order ? ta : tb;

		assert_int_equal(sb_reset(merged), 0);
		assert_int_equal(sb_add(merged, first->s, first->len), 0);
		assert_int_equal(sb_add(merged, second->s + base->len,
					second->len - base->len), 0);
		put_file(path, merged->s, merged->len);
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_no_problems(j);
		assert_int_equal(j->ngaps, 0);
		assert_false(j->torn_tail);
		assert_int_equal(j->n, 5);
		assert_non_null(journal_get(j, a[1].id));
		assert_non_null(journal_get(j, b[0].id));
		/* the next record links to the last line of the file */
		assert_string_equal(j->last_sum, order ? a[1].sum : b[0].sum);
		assert_int_equal(journal_append(path, j, c, 1, &err), 0);
		assert_string_equal(c[0].prev, order ? a[1].sum : b[0].sum);
		journal_release(j);
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_no_problems(j);
		assert_int_equal(j->n, 6);
		journal_release(j);
	}

	/* the two files one after the other (the second header left out):
	 * the prefix twice, loaded once */
	assert_int_equal(sb_reset(merged), 0);
	assert_int_equal(sb_add(merged, ta->s, ta->len), 0);
	assert_int_equal(sb_add(merged, tb->s + strlen(HDR2),
				tb->len - strlen(HDR2)), 0);
	assert_int_equal(load_text(j, merged->s, merged->len, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->n, 5);
	journal_release(j);
}

/* A format 1 journal appended to is rewritten in format 2: every record
 * kept as it was read, in the order of the file, each a batch of its own,
 * linked one to the next, an actual's target by key; the new one after
 * them.  The sums below were worked out apart from duban (Python's
 * hashlib.sha256 of each line up to the comma before its sum). */
#define UP_A ID("a") ",2024-06-01T09:00:00.000000+08:00,2024-06-01,1," \
	"progress,30,,张三,开始,3ba3f5f43b926026/1,,5061e554686e7ce5\n"
#define UP_C ID("c") ",2024-06-01T10:00:00+08:00,2024-06-01,1,actual,45," \
	"总产值,张三,,cd93782b7fb95559/1,5061e554686e7ce5,451a252e57508cf8\n"
#define UP_D ID("d") ",2024-06-01T11:00:00+08:00,2024-06-01,1,undo," ID("c") \
	",,李四,撤销,fbbbb6de2aa74c3c/1,451a252e57508cf8,427b53a1574a6c4d\n"
#define UP_B ID("b") ",2024-06-02T09:00:00.000000+08:00,2024-06-02,7,note,,," \
	"李四,备注,bdb339768bc5e4fe/1,427b53a1574a6c4d,a940659afcede7ff\n"
#define UP_E ID("e") ",2024-05-31T08:00:00+08:00,2024-05-31,9,status,done,," \
	"王五,,dfb417454d743271/1,a940659afcede7ff,dd239f6464c21b25\n"
#define UP_NEW "00000000000000510000000000000051,2024-06-03T09:00:00.000000" \
	"+08:00,2024-06-03,9,actual,3,甲,张三,,0000000000000051/1," \
	"dd239f6464c21b25,587746445c48dc20\n"

static void test_upgrade_format_1(void **state)
{
	static const char v1[] =
		HDR
		GOOD_A
		REC(ID("c"), "2024-06-01T10:00:00+08:00", "2024-06-01", "1",
		    "actual", "45", "2", "张三", "")
		REC(ID("d"), "2024-06-01T11:00:00+08:00", "2024-06-01", "1",
		    "undo", ID("c"), "", "李四", "撤销")
		GOOD_B
		/* recorded before the others, written after them */
		REC(ID("e"), "2024-05-31T08:00:00+08:00", "2024-05-31", "9",
		    "status", "done", "", "王五", "");
	static const char v2[] = HDR2 UP_A UP_C UP_D UP_B UP_E UP_NEW;
	struct journal *old = &scratch_j[0], *j = &scratch_j[1];
	struct plan_state *before = &scratch_ps[0], *after = &scratch_ps[1];
	struct entry e;
	char path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	tpath(path, "journal.csv");
	put_file(path, v1, strlen(v1));
	assert_int_equal(journal_load(old, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(old);
	assert_int_equal(old->version, 1);
	assert_int_equal(old->n, 5);
	assert_string_equal(find(old, ID("c"))->target_key, "总产值");
	assert_true(find(old, ID("c"))->undone);
	assert_int_equal(state_fold(before, &plan, old, DATE_NONE, &err), 0);

	rec2(&e, 0x51, "2024-06-03T09:00:00.000000+08:00", "2024-06-03", 9,
	     ENTRY_ACTUAL, "3", 1);
	assert_int_equal(journal_append(path, old, &e, 1, &err), 0);
	assert_file(path, v2, strlen(v2));
	assert_string_equal(e.prev, "dd239f6464c21b25");
	assert_string_equal(e.sum, "587746445c48dc20");
	assert_null(stray_file());

	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->version, 2);
	assert_int_equal(j->n, 6);
	assert_string_equal(j->last_sum, "587746445c48dc20");
	/* the same records in the same fold order, the same ones undone */
	for (size_t i = 0; i < old->n; i++) {
		const struct entry *a = &old->v[i], *b = &j->v[i];

		assert_string_equal(a->id, b->id);
		assert_int_equal(a->recorded, b->recorded);
		assert_string_equal(a->recorded_text, b->recorded_text);
		assert_int_equal(a->date, b->date);
		assert_int_equal(a->item, b->item);
		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->target, b->target);
		assert_string_equal(a->by, b->by);
		assert_string_equal(a->note, b->note);
		assert_int_equal(a->undone, b->undone);
		assert_int_equal(a->line, b->line);
	}
	assert_string_equal(j->v[5].id, e.id);
	assert_string_equal(j->v[5].target_key, "甲");
	/* as it was before the new record */
	assert_int_equal(state_fold_until(after, &plan, j, DATE_NONE,
					  e.recorded - 1, &err), 0);
	compare_states(before, after, "format 1 and the rewrite");
	journal_release(j);

	/* a torn last line of a format 1 journal is left out of the rewrite */
	journal_release(old);
	put_file(path, v1, strlen(v1));
	{
		FILE *fp = fopen(path, "ab");

		assert_non_null(fp);
		assert_int_equal(fputs(ID("f") ",2024-06-0", fp) >= 0, 1);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(journal_load(old, path, "journal.csv", &plan, &err), 0);
	assert_true(old->torn_tail);
	assert_int_equal(journal_append(path, old, &e, 1, &err), 0);
	assert_file(path, v2, strlen(v2));
}

/* An undo of an undo brings the record back; an undo of that cancels it
 * again. */
static void test_undo_of_undo(void **state)
{
	struct entry e[4];
	struct journal *j = &scratch_j[0];
	struct plan_state *ps = &scratch_ps[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1] = "";
	bool undone[4];
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0x71, R("09:00:00"), D, 1, ENTRY_PROGRESS, "30", 0);
	rec2(&e[1], 0x72, R("09:01:00"), D, 1, ENTRY_UNDO, e[0].id, 0);
	rec2(&e[2], 0x73, R("09:02:00"), D, 1, ENTRY_UNDO, e[1].id, 0);
	rec2(&e[3], 0x74, R("09:03:00"), D, 1, ENTRY_UNDO, e[2].id, 0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 3, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->n, 3);
	assert_false(find(j, e[0].id)->undone);
	assert_true(find(j, e[1].id)->undone);
	assert_false(find(j, e[2].id)->undone);
	assert_int_equal(state_fold(ps, &plan, j, DATE_NONE, &err), 0);
	assert_int_equal(ps->items[0].status, STATUS_IN_PROGRESS);
	assert_int_equal(ps->items[0].percent, 30);
	assert_int_equal(ps->items[0].records, 1);
	assert_entry_id(ps->items[0].last, e[0].id);
	state_release(ps);
	/* as it stood before the second undo: cancelled */
	journal_cancellations(j, e[2].recorded - 1, undone);
	assert_true(undone[0]);
	assert_false(undone[1]);
	assert_false(undone[2]);
	assert_int_equal(state_fold_until(ps, &plan, j, DATE_NONE,
					  e[2].recorded - 1, &err), 0);
	assert_int_equal(ps->items[0].status, STATUS_NOT_STARTED);
	assert_int_equal(ps->items[0].records, 0);
	state_release(ps);
	journal_release(j);

	/* and undone once more */
	put2(text, e + 3, 1, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->n, 4);
	assert_true(find(j, e[0].id)->undone);
	assert_false(find(j, e[1].id)->undone);
	assert_true(find(j, e[2].id)->undone);
	assert_false(find(j, e[3].id)->undone);
	assert_int_equal(state_fold(ps, &plan, j, DATE_NONE, &err), 0);
	assert_int_equal(ps->items[0].status, STATUS_NOT_STARTED);
	assert_int_equal(ps->items[0].percent, 0);
	assert_int_equal(ps->items[0].records, 0);
	assert_null(ps->items[0].last);
	state_release(ps);
}

/* Item 1 with a new target in front of its two, and with its second
 * renamed. */
static const char plan_front_csv[] =
	"id,section,section_title,subsection,subsection_title,text,"
	"leaders,lead_units,participants,deadline,deadline_text,targets\n"
	"1,1,节,1,小节,第一项,张三,区科工局,,2024-12-31,,"
	"新增专精特新企业>5家;规上工业企业数量>40家;总产值>60亿元\n";
static const char plan_renamed_csv[] =
	"id,section,section_title,subsection,subsection_title,text,"
	"leaders,lead_units,participants,deadline,deadline_text,targets\n"
	"1,1,节,1,小节,第一项,张三,区科工局,,2024-12-31,,"
	"规上工业企业数量>40家;工业总产值>60亿元\n";

static void load_plan(struct table *t, const char *csv)
{
	struct duban_error err;

	if (table_load_buffer(t, csv, strlen(csv), "plan.csv", &err))
		fail_msg("plan: %ld: %s", err.line, err.msg);
}

/* A format 2 actual names its target by key: a target put in front of it
 * in the plan leaves its figure against the right one; a key that names no
 * target is a problem. */
static void test_target_by_key(void **state)
{
	struct entry e[2];
	struct journal *j = &scratch_j[0];
	struct plan_state *ps = &scratch_ps[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1] = "";
	struct duban_error err;
	char path[PATH_SIZE];

	(void)state;
	rec2(&e[0], 0x81, R("09:00:00"), D, 1, ENTRY_ACTUAL, "65", 2);
	rec2(&e[1], 0x82, R("08:59:59"), D, 1, ENTRY_ACTUAL, "38", 1);
	assert_string_equal(e[0].target_key, "总产值");
	assert_string_equal(e[1].target_key, "规上工业企业数量");
	/* 38 first, on line 2; 65 on line 3 */
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e + 1, 1, prev);
	put2(text, e, 1, prev);
	assert_non_null(strstr(text->s, ",actual,65,总产值,"));
	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);

	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(find(j, e[0].id)->target, 2);
	assert_int_equal(find(j, e[1].id)->target, 1);
	journal_release(j);

	load_plan(&plan_b, plan_front_csv);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan_b, &err), 0);
	assert_no_problems(j);
	assert_int_equal(find(j, e[0].id)->target, 3);
	assert_string_equal(find(j, e[0].id)->target_key, "总产值");
	assert_int_equal(find(j, e[1].id)->target, 2);
	assert_int_equal(state_fold(ps, &plan_b, j, DATE_NONE, &err), 0);
	assert_null(ps->items[0].actuals[0]);
	assert_entry_id(ps->items[0].actuals[1], e[1].id);
	assert_entry_id(ps->items[0].actuals[2], e[0].id);
	assert_string_equal(ps->items[0].actuals[2]->figure, "65");
	state_release(ps);
	journal_release(j);
	/* format 1 names a target by its place: the same place is now
	 * another target (which is why format 2 names it by key) */
	{
		static const char v1[] = HDR REC(ID("c"), T, D, "1", "actual",
						 "65", "2", "张三", "");
		char p1[PATH_SIZE];

		tpath(p1, "v1.csv");
		put_file(p1, v1, strlen(v1));
		assert_int_equal(journal_load(j, p1, "journal.csv", &plan_b,
					      &err), 0);
		assert_no_problems(j);
		assert_int_equal(find(j, ID("c"))->target, 2);
		assert_string_equal(find(j, ID("c"))->target_key,
				    "规上工业企业数量");
		journal_release(j);
	}
	table_release(&plan_b);

	/* renamed: the record naming it is a problem, the other loads */
	load_plan(&plan_b, plan_renamed_csv);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan_b, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "item 1 has no target \"总产值\": "
			    "was the target renamed or removed in "
			    "items.csv? (restore it there)");
	assert_int_equal(j->n, 1);
	assert_int_equal(find(j, e[1].id)->target, 1);
	journal_release(j);
	table_release(&plan_b);
}

/* journal_repair takes out the lines of an incomplete batch in the middle
 * of the file and leaves every other byte as it was. */
static void test_repair_gap_in_middle(void **state)
{
	struct entry e[6];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE];
	size_t b1, b2, b2_end;
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0x91, R("09:00:00"), D, 1, ENTRY_PROGRESS, "20", 0);
	rec2(&e[1], 0x92, R("09:00:01"), D, 1, ENTRY_PROGRESS, "60", 0);
	rec2(&e[2], 0x93, R("09:00:01"), D, 1, ENTRY_ACTUAL, "45", 1);
	rec2(&e[3], 0x94, R("09:00:01"), D, 1, ENTRY_STATUS, "done", 0);
	one_batch(e + 1, 3);
	rec2(&e[4], 0x95, R("09:00:02"), D, 7, ENTRY_NOTE, "", 0);
	rec2(&e[5], 0x96, R("09:00:03"), D, 2, ENTRY_STATUS, "blocked", 0);
	/* a byte order mark; the batch's first two lines, a blank line
	 * between them; e[4] written by another copy after e[0] (so it links
	 * there), with CRLF; a damaged line; e[5] after e[4] */
	assert_int_equal(sb_puts(text, "\xEF\xBB\xBF" HDR2), 0);
	put2(text, e, 1, prev);
	b1 = text->len;
	put2(text, e + 1, 1, prev);
	assert_int_equal(sb_puts(text, "\n"), 0);
	b2 = text->len;
	put2(text, e + 2, 1, prev);
	b2_end = text->len;
	memcpy(prev, e[0].sum, sizeof(prev));
	put2(text, e + 4, 1, prev);
	text->s[text->len - 1] = '\r';
	assert_int_equal(sb_puts(text, "\n" "justtext\n"), 0);
	put2(text, e + 5, 1, prev);

	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 7);
	assert_string_equal(j->problems.v[0].msg, "1 fields where a record has 12");
	assert_int_equal(j->n, 3);
	assert_int_equal(j->ngaps, 1);
	assert_int_equal(j->gaps[0].have, 2);
	assert_int_equal(j->gaps[0].want, 3);
	assert_int_equal(j->gaps[0].first_line, 3);
	assert_int_equal(j->gaps[0].last_line, 5);
	assert_int_equal(j->gaps[0].start, (long long)b1);
	assert_false(j->gaps[0].at_end);
	assert_int_equal(journal_repair(path, j, &err), 0);
	assert_null(stray_file());
	journal_release(j);

	assert_int_equal(sb_add(want, text->s, b1), 0);
	assert_int_equal(sb_puts(want, "\n"), 0);	/* the blank line */
	assert_int_equal(sb_add(want, text->s + b2_end, text->len - b2_end), 0);
	assert_file(path, want->s, want->len);
	assert_true(b2 > b1);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 5);
	assert_int_equal(j->n, 3);
	assert_int_equal(j->ngaps, 0);
	journal_release(j);

	/* a whole last line without its newline gets it; nothing else
	 * changes */
	want->s[--want->len] = '\0';
	put_file(path, want->s, want->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_true(j->unterminated);
	assert_int_equal(journal_repair(path, j, &err), 0);
	journal_release(j);
	assert_int_equal(sb_puts(want, "\n"), 0);
	assert_file(path, want->s, want->len);
}

/* What else a format 2 line can get wrong, each a problem of its line. */
static void test_v2_problems(void **state)
{
	struct entry e[4];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1] = "";
	struct duban_error err;

	(void)state;
	/* two records that say they are a batch of one */
	rec2(&e[0], 0xa1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "20", 0);
	rec2(&e[1], 0xa2, R("09:00:01"), D, 2, ENTRY_NOTE, "", 0);
	rec2(&e[2], 0xa3, R("09:00:02"), D, 7, ENTRY_NOTE, "", 0);
	memcpy(e[2].batch, e[1].id, 16);
	e[2].batch_size = 1;
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 3, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "batch 00000000000000a2 has 2 "
			    "records where it says 1");
	assert_int_equal(j->n, 3);
	journal_release(j);

	/* reported on a day after the one it was recorded on; at 01:00 of
	 * 06-02 at +08:00 (still 06-01 in UTC) 06-02 is fine */
	assert_int_equal(sb_reset(text), 0);
	*prev = '\0';
	rec2(&e[0], 0xb1, "2024-06-02T01:00:00.000000+08:00", "2024-06-02", 1,
	     ENTRY_PROGRESS, "30", 0);
	rec2(&e[1], 0xb2, R("09:00:00"), "2024-06-02", 1, ENTRY_PROGRESS, "20",
	     0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 2, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, M_AFTER);
	assert_int_equal(j->n, 1);
	assert_non_null(journal_get(j, e[0].id));
	journal_release(j);

	/* batch and prev fields that are not what they must be, with sums
	 * that match */
	assert_int_equal(sb_reset(text), 0);
	*prev = '\0';
	rec2(&e[0], 0xc1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "20", 0);
	rec2(&e[1], 0xc2, R("09:00:01"), D, 1, ENTRY_PROGRESS, "30", 0);
	rec2(&e[2], 0xc3, R("09:00:02"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[3], 0xc4, R("09:00:03"), D, 1, ENTRY_PROGRESS, "50", 0);
	memcpy(e[1].batch, "0123456789ABCDEF", 17);	/* upper case */
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 2, prev);
	memcpy(prev, "not-a-sum", 10);
	put2(text, e + 2, 1, prev);
	/* linked to e[0], as a copy merged in would be */
	memcpy(prev, e[0].sum, sizeof(prev));
	put2(text, e + 3, 1, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 2);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "the batch is not 16 hex digits, "
			    "'/' and a count");
	assert_int_equal(j->problems.v[1].line, 4);
	assert_string_equal(j->problems.v[1].msg, "prev is not empty, or 16 hex "
			    "digits, or up to 32 of them separated by \";\"");
	assert_int_equal(j->n, 2);
	assert_non_null(journal_get(j, e[3].id));
	journal_release(j);

	/* a sum that is not 16 hex digits */
	assert_int_equal(load_str(j, HDR2 LINE(ID("c"), T, D, "1", "note", "", "",
					      "张三", "") ",cccccccccccccccc/1,,"
				  "XYZ\n", &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_string_equal(j->problems.v[0].msg, "the sum is not 16 hex digits at "
			    "the end of the line");
	journal_release(j);
}

/* journal_stamp: a fresh id each, one batch named by the first, times
 * after the latest record, unless that one is more than
 * JOURNAL_CLOCK_BOUND_US ahead of now. */
static void test_stamp(void **state)
{
	/* a record a minute ahead of this clock, an hour ahead (past the
	 * slack check allows, but a clock hours slow is still followed), and
	 * twice the bound ahead */
	static const int64_t ahead_by[] = { 60LL * 1000000, 3600LL * 1000000,
					    2 * JOURNAL_CLOCK_BOUND_US };
	struct entry e[3], old;
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1] = "", rec[64];
	struct duban_error err;
	int64_t now;

	(void)state;
	assert_true(ahead_by[0] < JOURNAL_CLOCK_SLACK_US / 2);
	assert_true(ahead_by[1] > JOURNAL_CLOCK_SLACK_US &&
		    ahead_by[1] < JOURNAL_CLOCK_BOUND_US / 2);
	for (int ahead = 0; ahead < 3; ahead++) {
		int64_t by = ahead_by[ahead];

		now = entry_now();
		entry_format_time(now + by, rec, sizeof(rec));
		rec2(&old, 0xd1, rec, "2024-01-01", 1, ENTRY_NOTE, "", 0);
		assert_int_equal(sb_reset(text), 0);
		*prev = '\0';
		assert_int_equal(sb_puts(text, HDR2), 0);
		put2(text, &old, 1, prev);
		assert_int_equal(load_text(j, text->s, text->len, &err), 0);
		assert_no_problems(j);
		assert_int_equal(j->latest, now + by);
		memset(e, 0, sizeof(e));
		assert_int_equal(journal_stamp(j, e, 3, &err), 0);
		if (ahead == 2) {	/* that clock was wrong: not followed */
			assert_true(e[0].recorded >= now);
			assert_true(e[0].recorded < now + by);
		} else {
			assert_int_equal(e[0].recorded, now + by + 1);
		}
		for (int i = 0; i < 3; i++) {
			assert_int_equal(strspn(e[i].id, "0123456789abcdef"),
					 ENTRY_ID_LEN);
			assert_int_equal(e[i].recorded, e[0].recorded + i);
			assert_memory_equal(e[i].batch, e[0].id, 16);
			assert_int_equal(strlen(e[i].batch), 16);
			assert_int_equal(e[i].batch_size, 3);
		}
		assert_string_not_equal(e[0].id, e[1].id);
		assert_string_not_equal(e[1].id, e[2].id);
		journal_release(j);
	}
}

/* --- regressions ---------------------------------------------------------------- */

/* Each test below is one bug found in review and fixed: it fails if the fix
 * is taken back. */

/* A first line that is not the header: it is no record, and the lines
 * after it are read in the format it looks like (9 fields: format 1; any
 * other count: format 2), not each refused as "N fields where a record has
 * 0". */
static void test_reg_no_header(void **state)
{
	struct entry e[2];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1] = "";
	struct duban_error err;

	(void)state;
	/* a format 1 record where the header should be */
	assert_int_equal(load_str(j, GOOD_A GOOD_B, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 1);
	assert_string_equal(j->problems.v[0].msg, M_HEADER);
	assert_int_equal(j->version, 1);
	assert_int_equal(j->n, 1);
	assert_null(journal_get(j, ID("a")));
	assert_int_equal(find(j, ID("b"))->line, 2);
	assert_int_equal(find(j, ID("b"))->kind, ENTRY_NOTE);
	assert_string_equal(find(j, ID("b"))->note, "备注");
	journal_release(j);

	/* format 1's columns in another order */
	assert_int_equal(load_str(j, "recorded,entry,date,item,kind,value,"
				  "target,by,note\n" GOOD_A GOOD_B, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 1);
	assert_string_equal(j->problems.v[0].msg, M_HEADER);
	assert_int_equal(j->version, 1);
	assert_int_equal(j->n, 2);
	check_good_ab(j, 2, 3);
	journal_release(j);

	/* 3 fields, neither format: the lines are held to format 2 */
	assert_int_equal(load_str(j, "entry,recorded,date\n" GOOD_A GOOD_B, &err),
			 0);
	assert_int_equal(j->problems.n, 3);
	assert_int_equal(j->problems.v[0].line, 1);
	assert_string_equal(j->problems.v[0].msg, M_HEADER);
	assert_int_equal(j->problems.v[1].line, 2);
	assert_string_equal(j->problems.v[1].msg, "9 fields where a record has 12");
	assert_int_equal(j->problems.v[2].line, 3);
	assert_string_equal(j->problems.v[2].msg, "9 fields where a record has 12");
	assert_int_equal(j->version, 2);
	assert_int_equal(j->n, 0);
	journal_release(j);

	/* a wrong 12-field first line: format 2 records after it load, a
	 * format 1 line does not */
	rec2(&e[0], 0xe1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], 0xe2, R("09:00:01"), D, 9, ENTRY_ACTUAL, "3", 2);
	assert_int_equal(sb_puts(text, JOURNAL_HEADER_V1 ",batch,prev,summ\n"),
			 0);
	put2(text, e, 2, prev);
	assert_int_equal(sb_puts(text, GOOD_B), 0);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 2);
	assert_int_equal(j->problems.v[0].line, 1);
	assert_string_equal(j->problems.v[0].msg, M_HEADER);
	assert_int_equal(j->problems.v[1].line, 4);
	assert_string_equal(j->problems.v[1].msg, "9 fields where a record has 12");
	assert_int_equal(j->version, 2);
	assert_int_equal(j->n, 2);
	assert_int_equal(find(j, e[0].id)->line, 2);
	assert_int_equal(find(j, e[1].id)->line, 3);
	assert_string_equal(find(j, e[1].id)->target_key, "乙");
	assert_string_equal(j->last_sum, e[1].sum);
	journal_release(j);

	/* a format 2 record where the header should be (the next one is the
	 * first of its journal: no prev) */
	assert_int_equal(sb_reset(text), 0);
	*prev = '\0';
	put2(text, e, 1, prev);
	*prev = '\0';
	put2(text, e + 1, 1, prev);
	assert_int_equal(load_text(j, text->s, text->len, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 1);
	assert_string_equal(j->problems.v[0].msg, M_HEADER);
	assert_int_equal(j->version, 2);
	assert_int_equal(j->n, 1);
	assert_null(journal_get(j, e[0].id));
	assert_int_equal(find(j, e[1].id)->line, 2);
}

#define M_UPGRADE_DAMAGED "a damaged line keeps the journal from its upgrade " \
	"to format 2: mend it first"

/* The rewrite of a format 1 journal keeps only what was read: with a
 * damaged line it would lose that line, so the append is refused at the
 * first one and the file is left byte for byte as it was. */
static void test_reg_upgrade_keeps_damaged(void **state)
{
	static const char v1[] =
		HDR
		GOOD_A
		"justtext\n"
		GOOD_B
		REC(ID("c"), T, D, "3", "note", "", "", "张三", "");
	static const char mended[] = HDR GOOD_A GOOD_B;
	struct journal *j = &scratch_j[0];
	struct entry e;
	char path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	tpath(path, "journal.csv");
	put_file(path, v1, strlen(v1));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->version, 1);
	assert_int_equal(j->problems.n, 2);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "1 fields where a record has 9");
	assert_int_equal(j->problems.v[1].line, 5);
	assert_string_equal(j->problems.v[1].msg, M_PLAN);
	assert_int_equal(j->n, 2);
	rec2(&e, 0x5a, "2024-06-03T09:00:00.000000+08:00", "2024-06-03", 2,
	     ENTRY_NOTE, "", 0);
	error_clear(&err);
	assert_int_equal(journal_append(path, j, &e, 1, &err), -1);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, M_UPGRADE_DAMAGED);
	assert_file(path, v1, strlen(v1));
	assert_null(stray_file());
	journal_release(j);

	/* a torn last line as well: still refused, still untouched */
	{
		static const char torn[] = HDR GOOD_A "justtext\n" GOOD_B
			"aaaa,2024-06-0";

		put_file(path, torn, strlen(torn));
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_true(j->torn_tail);
		assert_int_equal(journal_append(path, j, &e, 1, &err), -1);
		assert_int_equal(err.line, 3);
		assert_string_equal(err.msg, M_UPGRADE_DAMAGED);
		assert_file(path, torn, strlen(torn));
		assert_null(stray_file());
		journal_release(j);
	}

	/* mended, it is upgraded */
	put_file(path, mended, strlen(mended));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(journal_append(path, j, &e, 1, &err), 0);
	journal_release(j);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->version, 2);
	assert_int_equal(j->n, 3);
}

/* A last line without its newline whose sum proves it whole is no torn
 * write: a problem it has is reported as one (and the line kept in the
 * file), not passed over as a write cut short. */
static void test_reg_unterminated_with_problem(void **state)
{
	struct entry e[2];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0xe5, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], 0xe6, R("09:00:01"), D, 3, ENTRY_NOTE, "", 0);	/* no 3 */
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 2, prev);
	text->s[--text->len] = '\0';	/* the newline lost */
	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, M_PLAN);
	assert_false(j->torn_tail);
	assert_true(j->unterminated);
	assert_int_equal(j->n, 1);
	assert_int_equal(j->ngaps, 0);
	assert_string_equal(j->last_sum, e[0].sum);
	/* journal_repair gives it its newline and keeps it */
	assert_int_equal(journal_repair(path, j, &err), 0);
	journal_release(j);
	assert_int_equal(sb_printf(want, "%s\n", text->s), 0);
	assert_file(path, want->s, want->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, M_PLAN);
	assert_false(j->torn_tail);
	assert_false(j->unterminated);
	assert_int_equal(j->n, 1);
}

/* An incomplete batch is at the end (for journal_append to cut off) only
 * when nothing comes after it or among its lines: not a damaged line, not
 * a whole record of another batch, complete or not. */
static void test_reg_gap_not_at_end(void **state)
{
	struct entry e[6];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], *l6;
	struct duban_error err;
	size_t whole, later;

	(void)state;
	record_then_batch_of_three(e, 0xf1);	/* only two of three written */
	rec2(&e[4], 0xf5, R("09:00:02"), D, 7, ENTRY_NOTE, "", 0);
	rec2(&e[5], 0xf6, R("09:00:03"), D, 2, ENTRY_NOTE, "", 0);
	tpath(path, "journal.csv");
	for (int after = 0; after < 5; after++) {
		/* after the batch's two lines, 0: a damaged line; 1: a whole
		 * record of a batch of its own; 2: the first record of a
		 * batch of two; 3: nothing; 4: nothing, but a damaged line
		 * between the two */
		assert_int_equal(sb_reset(text), 0);
		assert_int_equal(sb_puts(text, HDR2), 0);
		*prev = '\0';
		put2(text, e, 1, prev);
		whole = text->len;
		put2(text, e + 1, 1, prev);
		if (after == 4)
			assert_int_equal(sb_puts(text, "justtext\n"), 0);
		put2(text, e + 2, 1, prev);
		later = text->len;
		e[4].batch_size = after == 2 ? 2 : 1;
		if (after == 0)
			assert_int_equal(sb_puts(text, "justtext\n"), 0);
		else if (after < 3)
			put2(text, e + 4, 1, prev);
		put_file(path, text->s, text->len);
		assert_int_equal(journal_load(j, path, "journal.csv", &plan,
					      &err), 0);
		assert_int_equal(j->problems.n, after == 0 || after == 4);
		if (j->problems.n) {
			assert_int_equal(j->problems.v[0].line, after ? 4 : 5);
			assert_string_equal(j->problems.v[0].msg,
					    "1 fields where a record has 12");
		}
		assert_int_equal(j->ngaps, after == 2 ? 2 : 1);
		assert_string_equal(j->gaps[0].batch, "00000000000000f2");
		assert_int_equal(j->gaps[0].have, 2);
		assert_int_equal(j->gaps[0].want, 3);
		assert_int_equal(j->gaps[0].first_line, 3);
		assert_int_equal(j->gaps[0].last_line, after == 4 ? 5 : 4);
		assert_int_equal(j->gaps[0].start, (long long)whole);
		assert_int_equal(j->gaps[0].at_end, after == 3);
		if (after == 2) {
			assert_string_equal(j->gaps[1].batch, "00000000000000f5");
			assert_int_equal(j->gaps[1].first_line, 5);
			assert_int_equal(j->gaps[1].start, (long long)later);
			assert_true(j->gaps[1].at_end);
		}
		assert_int_equal(j->n, after == 1 ? 2 : 1);
		assert_string_equal(j->last_sum, after == 1 ? e[4].sum : e[0].sum);

		/* the append cuts off only what is at the end */
		l6 = line2(&e[5], j->last_sum);
		assert_int_equal(journal_append(path, j, &e[5], 1, &err), 0);
		journal_release(j);
		assert_int_equal(sb_reset(want), 0);
		assert_int_equal(sb_add(want, text->s, after == 3 ? whole :
					after == 2 ? later : text->len), 0);
		assert_int_equal(sb_puts(want, l6), 0);
		free(l6);
		assert_file(path, want->s, want->len);
	}
}

/* A whole last line without its newline ends the file, not the batch cut
 * short before it: the batch is no tail, and an append cuts nothing. */
static void test_reg_gap_before_unterminated(void **state)
{
	struct entry e[5];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], *l5;
	struct duban_error err;

	(void)state;
	record_then_batch_of_three(e, 0xf1);	/* only two of three written */
	/* whole, but for an item the plan does not have */
	rec2(&e[4], 0xf5, R("09:00:02"), D, 3, ENTRY_NOTE, "", 0);
	tpath(path, "journal.csv");
	assert_int_equal(sb_reset(text), 0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 3, prev);
	put2(text, e + 4, 1, prev);
	text->s[--text->len] = '\0';	/* its newline lost */
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 5);
	assert_string_equal(j->problems.v[0].msg, "the item is not in the plan");
	assert_true(j->unterminated);
	assert_false(j->torn_tail);
	assert_int_equal(j->ngaps, 1);
	assert_false(j->gaps[0].at_end);

	memcpy(e[0].id, idb(0xf6), sizeof(e[0].id));	/* a new record */
	l5 = line2(&e[0], j->last_sum);
	assert_int_equal(journal_append(path, j, &e[0], 1, &err), 0);
	journal_release(j);
	assert_int_equal(sb_reset(want), 0);
	assert_int_equal(sb_add(want, text->s, text->len), 0);
	assert_int_equal(sb_puts(want, "\n"), 0);
	assert_int_equal(sb_puts(want, l5), 0);
	free(l5);
	assert_file(path, want->s, want->len);
}

/* A journal put in place of the one loaded (git pull, rsync) while a
 * command runs is not written on: its offsets would cut the wrong bytes. */
static void test_reg_replaced_since_load(void **state)
{
	struct entry e[3];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *other = &scratch_sb[1];
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE], copy[PATH_SIZE];
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0xe1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "40", 0);
	rec2(&e[1], 0xe2, R("09:00:01"), D, 1, ENTRY_PROGRESS, "50", 0);
	rec2(&e[2], 0xe3, R("09:00:02"), D, 7, ENTRY_NOTE, "", 0);
	tpath(path, "journal.csv");
	tpath(copy, "pulled.csv");
	assert_int_equal(sb_reset(text), 0);
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 1, prev);
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);

	/* another file renamed over it, holding more */
	assert_int_equal(sb_reset(other), 0);
	assert_int_equal(sb_add(other, text->s, text->len), 0);
	put2(other, e + 1, 1, prev);
	put_file(copy, other->s, other->len);
	assert_int_equal(rename(copy, path), 0);
	assert_int_equal(journal_append(path, j, &e[2], 1, &err), -1);
	assert_string_equal(err.msg, "the journal was replaced while this command "
			    "ran (by git or a copy?): nothing was recorded; run "
			    "it again");
	assert_file(path, other->s, other->len);
	journal_release(j);

	/* the same file, cut shorter than it was read */
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(truncate(path, (off_t)text->len), 0);
	assert_int_equal(journal_append(path, j, &e[2], 1, &err), -1);
	assert_file(path, text->s, text->len);
	journal_release(j);

	/* none when read, one now */
	unlink(path);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	put_file(path, other->s, other->len);
	assert_int_equal(journal_append(path, j, &e[2], 1, &err), -1);
	assert_file(path, other->s, other->len);
	journal_release(j);
}

/* A writer never writes a line the journal could not read back. */
static void test_reg_line_over_limit(void **state)
{
	struct entry e;
	struct journal *j = &scratch_j[0];
	char path[PATH_SIZE], *note = malloc(CSV_LINE_MAX + 1);
	struct duban_error err;

	(void)state;
	assert_non_null(note);
	memset(note, 'x', CSV_LINE_MAX);
	note[CSV_LINE_MAX] = '\0';
	tpath(path, "journal.csv");
	put_file(path, HDR2, strlen(HDR2));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	rec2(&e, 0xe9, R("09:00:00"), D, 7, ENTRY_NOTE, "", 0);
	e.note = note;
	assert_int_equal(journal_append(path, j, &e, 1, &err), -1);
	assert_true(strncmp(err.msg, "the record for item 7 would be too long to "
			    "read back (a line of ", 60) == 0);
	assert_non_null(strstr(err.msg, "bytes; a line holds 69632, a field "
				"65536): nothing was recorded (a shorter note?)"));
	assert_file(path, HDR2, strlen(HDR2));
	/* a line within its limit, but a note over a field's */
	note[66000] = '\0';
	assert_int_equal(journal_append(path, j, &e, 1, &err), -1);
	assert_file(path, HDR2, strlen(HDR2));
	/* a note that fits is written, and reads back */
	note[60000] = '\0';
	assert_int_equal(journal_append(path, j, &e, 1, &err), 0);
	journal_release(j);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 0);
	assert_int_equal(j->n, 1);
	assert_int_equal(strlen(j->v[0].note), 60000);
	journal_release(j);
	free(note);
}

/* After a union merge each branch ends in a record nothing follows; the
 * next record names them all, as a merge commit its parents, so that
 * deleting a branch's last record breaks a link. */
static void test_merge_heads(void **state)
{
	struct entry e[5];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	char a[DIGEST_SHORT_LEN + 1] = "", b[DIGEST_SHORT_LEN + 1];
	char path[PATH_SIZE], more[2 * DIGEST_SHORT_LEN + 2];
	struct duban_error err;
	size_t cut_from, cut_to;

	(void)state;
	rec2(&e[0], 0xa1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "10", 0);
	rec2(&e[1], 0xa2, R("09:00:01"), D, 1, ENTRY_PROGRESS, "20", 0);
	rec2(&e[2], 0xa3, R("09:00:02"), D, 1, ENTRY_PROGRESS, "30", 0);
	rec2(&e[3], 0xa4, R("09:00:03"), D, 7, ENTRY_NOTE, "", 0);
	rec2(&e[4], 0xa5, R("09:00:04"), D, 9, ENTRY_NOTE, "", 0);
	/* e0, then branch A: e1 e2; branch B: e3; merged side by side */
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 1, a);
	memcpy(b, a, sizeof(b));
	put2(text, e + 1, 2, a);
	cut_from = text->len;
	put2(text, e + 3, 1, b);
	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_string_equal(j->last_sum, e[3].sum);
	assert_non_null(j->heads_more);
	assert_string_equal(j->heads_more, e[2].sum);
	/* the next record follows B's end and names A's */
	assert_int_equal(journal_append(path, j, &e[4], 1, &err), 0);
	assert_string_equal(e[4].prev, e[3].sum);
	assert_string_equal(e[4].prev_more, e[2].sum);
	journal_release(j);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_null(j->heads_more);	/* all joined again */
	snprintf(more, sizeof(more), "%s;%s", e[3].sum, e[2].sum);
	assert_string_equal(find(j, e[4].id)->prev, e[3].sum);
	assert_string_equal(find(j, e[4].id)->prev_more, e[2].sum);
	journal_release(j);
	{	/* the line as written: prev holds both */
		size_t n;
		char *got = slurp(path, &n);

		assert_non_null(strstr(got, more));
		free(got);
	}
	/* what each branch's copy held: a head and the records it follows */
	{
		bool among[5];
		char heads[3 * (DIGEST_SHORT_LEN + 1)];
		const struct entry *x[5];

		assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
		for (int k = 0; k < 5; k++)
			x[k] = find(j, e[k].id);
		assert_int_equal(journal_ancestors(j, e[2].sum, among, &err), 0);
		for (int k = 0; k < 5; k++)
			assert_int_equal(among[x[k] - j->v], k <= 2);
		assert_int_equal(journal_ancestors(j, e[3].sum, among, &err), 0);
		for (int k = 0; k < 5; k++)
			assert_int_equal(among[x[k] - j->v], k == 0 || k == 3);
		snprintf(heads, sizeof(heads), "%s;%s", e[2].sum, e[3].sum);
		assert_int_equal(journal_ancestors(j, heads, among, &err), 0);
		for (int k = 0; k < 5; k++)
			assert_int_equal(among[x[k] - j->v], k <= 3);
		/* the heads a writer names now: the merged record alone */
		journal_heads(j, heads, sizeof(heads));
		assert_string_equal(heads, e[4].sum);
		assert_int_equal(journal_ancestors(j, heads, among, &err), 0);
		for (int k = 0; k < 5; k++)
			assert_true(among[x[k] - j->v]);
		assert_int_equal(journal_ancestors(j, "0123456789abcdef", among,
						   &err), 1);
		journal_release(j);
	}
	/* A's last record deleted: the merged record's link breaks */
	assert_int_equal(sb_reset(want), 0);
	{
		size_t n;
		char *got = slurp(path, &n);
		const char *e2line = strstr(got, e[2].id);

		cut_to = (size_t)(strchr(e2line, '\n') - got) + 1;
		cut_from = (size_t)(e2line - got);
		assert_int_equal(sb_add(want, got, cut_from), 0);
		assert_int_equal(sb_add(want, got + cut_to, n - cut_to), 0);
		free(got);
	}
	put_file(path, want->s, want->len);
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 5);
	assert_non_null(strstr(j->problems.v[0].msg, e[2].sum));
	journal_release(j);
}

/* A batch with more records than it says is a problem, however its lines
 * lie: one after another, or with another record's line among them. */
static void test_reg_overfull_batch(void **state)
{
	/* the order of the lines: X is a record of the batch, Y another */
	static const char *const orders[] = { "XXXY", "XXYX", "XYXX", "YXXX",
					      "XYX" };
	struct entry e[4], line[4];
	struct journal *j = &scratch_j[0];
	struct strbuf *text = &scratch_sb[0];
	char prev[DIGEST_SHORT_LEN + 1];
	struct duban_error err;

	(void)state;
	rec2(&e[0], 0xd1, R("09:00:00"), D, 1, ENTRY_PROGRESS, "20", 0);
	rec2(&e[1], 0xd2, R("09:00:00"), D, 1, ENTRY_ACTUAL, "30", 1);
	rec2(&e[2], 0xd3, R("09:00:00"), D, 7, ENTRY_NOTE, "", 0);
	one_batch(e, 3);
	for (int i = 0; i < 3; i++)
		e[i].batch_size = 2;	/* three of a batch of two */
	rec2(&e[3], 0xd4, R("09:00:01"), D, 2, ENTRY_NOTE, "", 0);
	for (size_t o = 0; o < sizeof(orders) / sizeof(*orders); o++) {
		const char *order = orders[o];
		size_t n = strlen(order), x = 0, first_x = 0;

		for (size_t i = 0; i < n; i++) {
			if (order[i] == 'X' && !x)
				first_x = i;
			line[i] = order[i] == 'X' ? e[x++] : e[3];
		}
		assert_int_equal(sb_reset(text), 0);
		assert_int_equal(sb_puts(text, HDR2), 0);
		*prev = '\0';
		put2(text, line, n, prev);
		assert_int_equal(load_text(j, text->s, text->len, &err), 0);
		if (x == 3) {
			if (j->problems.n != 1)
				print_error("%s: %zu problems\n", order,
					    j->problems.n);
			assert_int_equal(j->problems.n, 1);
			assert_int_equal(j->problems.v[0].line, 2 + (long)first_x);
			assert_string_equal(j->problems.v[0].msg, "batch "
					    "00000000000000d1 has 3 records "
					    "where it says 2");
		} else {
			/* two of two, split by a merge: whole */
			assert_no_problems(j);
		}
		assert_int_equal(j->ngaps, 0);
		assert_int_equal(j->n, n);
		journal_release(j);
	}
}

/* The rewrite of a format 1 journal makes each record a batch of its own,
 * named by the first 16 hex digits of the SHA-256 of its id: not by the
 * id's own first digits, which two ids may share (the two below would then
 * be one batch of "1" with two records).  The lines were worked out apart
 * from duban (Python's hashlib):
 *   sha256(b"00000000000000000000000000000001")[:16] = e0cca2965509df67
 *   sha256(b"00000000000000000000000000000002")[:16] = d2b1f1d83f0ad4f5
 * and each sum that of its line up to the comma before it. */
#define ZID1 "00000000000000000000000000000001"
#define ZID2 "00000000000000000000000000000002"
#define ZUP1 ZID1 ",2024-06-01T09:00:00+08:00,2024-06-01,1,progress,30,,张三,," \
	"e0cca2965509df67/1,,c3b9f5e9d8d0623f\n"
#define ZUP2 ZID2 ",2024-06-02T09:00:00+08:00,2024-06-02,7,note,,,李四,备注," \
	"d2b1f1d83f0ad4f5/1,c3b9f5e9d8d0623f,05e15e63b3b3fa0e\n"
#define ZUP_NEW "00000000000000610000000000000061,2024-06-03T09:00:00.000000" \
	"+08:00,2024-06-03,2,note,,,张三,,0000000000000061/1," \
	"05e15e63b3b3fa0e,ff3275d613cf35c3\n"

static void test_reg_upgrade_ids_alike(void **state)
{
	static const char v1[] =
		HDR
		REC(ZID1, "2024-06-01T09:00:00+08:00", "2024-06-01", "1",
		    "progress", "30", "", "张三", "")
		REC(ZID2, "2024-06-02T09:00:00+08:00", "2024-06-02", "7", "note",
		    "", "", "李四", "备注");
	static const char v2[] = HDR2 ZUP1 ZUP2 ZUP_NEW;
	struct journal *j = &scratch_j[0];
	struct entry e;
	char path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	tpath(path, "journal.csv");
	put_file(path, v1, strlen(v1));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->version, 1);
	rec2(&e, 0x61, "2024-06-03T09:00:00.000000+08:00", "2024-06-03", 2,
	     ENTRY_NOTE, "", 0);
	assert_int_equal(journal_append(path, j, &e, 1, &err), 0);
	journal_release(j);
	assert_file(path, v2, strlen(v2));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->version, 2);
	assert_int_equal(j->ngaps, 0);
	assert_int_equal(j->n, 3);
	assert_string_equal(find(j, ZID1)->batch, "e0cca2965509df67");
	assert_string_equal(find(j, ZID2)->batch, "d2b1f1d83f0ad4f5");
	assert_int_equal(find(j, ZID1)->batch_size, 1);
	assert_int_equal(find(j, ZID2)->batch_size, 1);
	assert_string_equal(j->last_sum, "ff3275d613cf35c3");
}

/* A recorded time is kept as written, however many digits its fraction
 * has: the rewrite of a format 1 journal writes it back verbatim (the sums
 * worked out apart from duban, as above; sha256 of ID("a") starts
 * 3ba3f5f43b926026). */
#define LONG_FRAC "2024-06-01T09:00:00.0000000000000000000000000000000000000000" \
	"1+08:00"
#define LUP_A ID("a") "," LONG_FRAC ",2024-06-01,1,progress,30,,张三,开始," \
	"3ba3f5f43b926026/1,,b5ca46156792bd4f\n"
#define LUP_NEW "00000000000000620000000000000062,2024-06-03T09:00:00.000000" \
	"+08:00,2024-06-03,2,note,,,张三,,0000000000000062/1," \
	"b5ca46156792bd4f,00d028a52304c47f\n"

static void test_reg_long_fraction(void **state)
{
	static const char v1[] = HDR REC(ID("a"), LONG_FRAC, "2024-06-01", "1",
					 "progress", "30", "", "张三", "开始");
	static const char v2[] = HDR2 LUP_A LUP_NEW;
	struct journal *j = &scratch_j[0];
	struct strbuf *sb = &scratch_sb[0];
	struct entry e, copy;
	char path[PATH_SIZE];
	struct duban_error err;
	int64_t us;

	(void)state;
	assert_true(strlen(LONG_FRAC) > 64);
	assert_int_equal(entry_parse_time(LONG_FRAC, &us), 0);
	assert_int_equal(entry_parse_time("2024-06-01T09:00:00+08:00",
					  &e.recorded), 0);
	assert_int_equal(us, e.recorded);
	tpath(path, "journal.csv");
	put_file(path, v1, strlen(v1));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_string_equal(find(j, ID("a"))->recorded_text, LONG_FRAC);
	rec2(&e, 0x62, "2024-06-03T09:00:00.000000+08:00", "2024-06-03", 2,
	     ENTRY_NOTE, "", 0);
	assert_int_equal(journal_append(path, j, &e, 1, &err), 0);
	journal_release(j);
	assert_file(path, v2, strlen(v2));
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_no_problems(j);
	assert_int_equal(j->n, 2);
	assert_string_equal(find(j, ID("a"))->recorded_text, LONG_FRAC);
	assert_int_equal(find(j, ID("a"))->recorded, us);
	/* and a format 2 line read is written again to the same bytes */
	copy = *find(j, ID("a"));
	assert_int_equal(entry_format_line(&copy, sb), 0);
	assert_string_equal(sb->s, LUP_A);
}

/* A plan with a key column: k22 is item 22, then renumbered 23, when an
 * item of its own takes the number 22; item 1 keeps its number, and in the
 * renumbered plan its second target has a new name. */
#define KEYS_HEADER "key,id,section,section_title,subsection,subsection_title," \
	"text,leaders,lead_units,participants,deadline,deadline_text,targets\n"
static const char plan_keys_csv[] = KEYS_HEADER
	"k1,1,1,节,1,小节,第一项,张三,区科工局,,2024-12-31,,"
	"规上工业企业数量>40家;总产值>60亿元\n"
	"k22,22,1,节,1,小节,第二项,李四,区商务局,,,,\n";
static const char plan_keys_renumbered_csv[] = KEYS_HEADER
	"k1,1,1,节,1,小节,第一项,张三,区科工局,,2024-12-31,,"
	"规上工业企业数量>40家;工业总产值>60亿元\n"
	"k9,22,1,节,1,小节,新一项,王五,区卫健委,,,,\n"
	"k22,23,1,节,1,小节,第二项,李四,区商务局,,,,\n";

/* With a key column, format 2 records name items by key (entry_format_line
 * writes "#" and e.item_key, set by entry_set_item): a record follows its item
 * when the item's number changes; a key no item has is a problem naming
 * it, as is a target no longer there (naming the item and the target). */
static void test_reg_item_keys(void **state)
{
	struct entry e[4];
	struct journal *j = &scratch_j[0];
	struct plan_state *ps = &scratch_ps[0];
	struct strbuf *text = &scratch_sb[0], *want = &scratch_sb[1];
	struct table *keys = &plan_b;
	char prev[DIGEST_SHORT_LEN + 1] = "", path[PATH_SIZE];
	struct duban_error err;

	(void)state;
	load_plan(keys, plan_keys_csv);
	rec2(&e[0], 0xc1, R("09:00:00"), D, 22, ENTRY_STATUS, "done", 0);
	rec2(&e[1], 0xc2, R("09:00:01"), D, 1, ENTRY_ACTUAL, "65", 2);
	rec2(&e[2], 0xc3, R("09:00:02"), D, 1, ENTRY_NOTE, "", 0);
	rec2(&e[3], 0xc4, R("09:00:03"), D, 1, ENTRY_PROGRESS, "50", 0);
	entry_set_item(&e[0], table_find(keys, 22));
	entry_set_item(&e[1], table_find(keys, 1));
	e[2].item_key = "zz";
	assert_int_equal(e[0].item, 22);
	assert_string_equal(e[0].item_key, "k22");
	assert_string_equal(e[1].item_key, "k1");
	assert_null(e[3].item_key);	/* no key: its number is written */
	assert_int_equal(sb_puts(text, HDR2), 0);
	put2(text, e, 4, prev);
	assert_int_equal(sb_printf(want, "%s," R("09:00:00") "," D ",#k22,status,"
				   "done,,张三,,%.16s/1,,%s\n", e[0].id, e[0].id,
				   e[0].sum), 0);
	assert_memory_equal(text->s + strlen(HDR2), want->s, want->len);
	assert_non_null(strstr(text->s, "," D ",#k1,actual,65,总产值,张三,"));
	assert_non_null(strstr(text->s, "," D ",#zz,note,,,张三,"));
	assert_non_null(strstr(text->s, "," D ",1,progress,50,,张三,"));
	tpath(path, "journal.csv");
	put_file(path, text->s, text->len);

	/* the record naming "1" names no key either */
	assert_int_equal(journal_load(j, path, "journal.csv", keys, &err), 0);
	assert_int_equal(j->problems.n, 2);
	assert_int_equal(j->problems.v[0].line, 4);
	assert_string_equal(j->problems.v[0].msg, "no item has the key \"zz\": "
			    "was an item's key changed or removed in items.csv? "
			    "(restore it there)");
	assert_int_equal(j->problems.v[1].line, 5);
	assert_string_equal(j->problems.v[1].msg, "no item has the key \"1\": "
			    "was an item's key changed or removed in items.csv? "
			    "(restore it there)");
	assert_int_equal(j->n, 2);
	assert_int_equal(find(j, e[0].id)->item, 22);
	assert_string_equal(find(j, e[0].id)->item_key, "k22");
	assert_int_equal(find(j, e[1].id)->item, 1);
	assert_int_equal(find(j, e[1].id)->target, 2);
	journal_release(j);
	table_release(keys);

	/* renumbered: the record of k22 folds onto item 23, not onto the new
	 * item 22; item 1's target 总产值 is gone */
	load_plan(keys, plan_keys_renumbered_csv);
	assert_int_equal(journal_load(j, path, "journal.csv", keys, &err), 0);
	assert_int_equal(j->problems.n, 3);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, "item 1 has no target \"总产值\": "
			    "was the target renamed or removed in items.csv? "
			    "(restore it there)");
	assert_int_equal(j->problems.v[1].line, 4);
	assert_int_equal(j->problems.v[2].line, 5);
	assert_int_equal(j->n, 1);
	assert_int_equal(find(j, e[0].id)->item, 23);
	assert_string_equal(find(j, e[0].id)->item_key, "k22");
	assert_int_equal(state_fold(ps, keys, j, DATE_NONE, &err), 0);
	assert_int_equal(ps->n, 3);
	assert_int_equal(ps->items[0].status, STATUS_NOT_STARTED);
	assert_int_equal(ps->items[1].status, STATUS_NOT_STARTED);	/* 22 */
	assert_int_equal(ps->items[1].records, 0);
	assert_int_equal(ps->items[2].status, STATUS_DONE);		/* 23 */
	assert_entry_id(ps->items[2].last, e[0].id);
	state_release(ps);
	journal_release(j);

	/* the key column removed: a record written with keys is read by key
	 * only, never by a number that may name another item now */
	assert_int_equal(journal_load(j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j->problems.n, 3);
	assert_int_equal(j->problems.v[0].line, 2);
	assert_string_equal(j->problems.v[0].msg, "the record names item key "
			    "\"k22\", but items.csv has no key column: was it "
			    "removed? (restore it)");
	assert_int_equal(j->problems.v[1].line, 3);
	assert_int_equal(j->problems.v[2].line, 4);
	assert_int_equal(j->n, 1);
	assert_int_equal(j->v[0].item, 1);
	journal_release(j);

	/* format 1 records name items by number, keys or not */
	{
		static const char v1[] = HDR
			REC(ID("a"), T, D, "22", "note", "", "", "张三", "")
			REC(ID("b"), T, D, "k22", "note", "", "", "张三", "");

		put_file(path, v1, strlen(v1));
	}
	assert_int_equal(journal_load(j, path, "journal.csv", keys, &err), 0);
	assert_int_equal(j->problems.n, 1);
	assert_int_equal(j->problems.v[0].line, 3);
	assert_string_equal(j->problems.v[0].msg, M_ITEM);
	assert_int_equal(find(j, ID("a"))->item, 22);
	assert_string_equal(find(j, ID("a"))->item_key, "k9");
}

/* --- out of memory ---------------------------------------------------------------- */

static void assert_same_load(const struct journal *a, const struct journal *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->problems.n, b->problems.n);
	for (size_t i = 0; i < a->problems.n; i++) {
		if (a->problems.v[i].line != b->problems.v[i].line ||
		    strcmp(a->problems.v[i].msg, b->problems.v[i].msg))
			fail_msg("problem %zu: line %ld \"%s\", expected line %ld "
				 "\"%s\"", i, a->problems.v[i].line,
				 a->problems.v[i].msg, b->problems.v[i].line,
				 b->problems.v[i].msg);
	}
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].id, b->v[i].id);
		assert_int_equal(a->v[i].line, b->v[i].line);
		assert_string_equal(a->v[i].note, b->v[i].note);
		assert_string_equal(a->v[i].by, b->v[i].by);
		assert_int_equal(a->v[i].undone, b->v[i].undone);
	}
	assert_int_equal(a->torn_tail, b->torn_tail);
	assert_int_equal(a->valid_bytes, b->valid_bytes);
	assert_int_equal(a->unterminated, b->unterminated);
	assert_int_equal(a->version, b->version);
	assert_string_equal(a->last_sum, b->last_sum);
	assert_int_equal(a->ngaps, b->ngaps);
	for (size_t i = 0; i < a->ngaps; i++) {
		assert_string_equal(a->gaps[i].batch, b->gaps[i].batch);
		assert_int_equal(a->gaps[i].have, b->gaps[i].have);
		assert_int_equal(a->gaps[i].first_line, b->gaps[i].first_line);
	}
	assert_int_equal(a->ngap_lines, b->ngap_lines);
}

/* Fails the 1st, 2nd, ... allocation of a load until it succeeds; a load
 * that succeeds must have read everything.  Returns the allocations made. */
static long walk_oom(const char *text, size_t len)
{
	struct journal ref = JOURNAL_INIT;
	struct duban_error err;
	char path[PATH_SIZE];
	long k;

	tpath(path, "journal.csv");
	put_file(path, text, len);
	assert_int_equal(journal_load(&ref, path, "journal.csv", &plan, &err), 0);
	for (k = 1; k < 100000; k++) {
		struct journal j = JOURNAL_INIT;
		int rc;

		error_clear(&err);
		mem_fail_after(k);
		rc = journal_load(&j, path, "journal.csv", &plan, &err);
		mem_fail_after(0);
		if (rc == 0) {
			assert_same_load(&j, &ref);
			journal_release(&j);
			break;
		}
		assert_int_equal(rc, -1);
		if (strcmp(err.msg, "out of memory"))
			fail_msg("allocation %ld: \"%s\"", k, err.msg);
		assert_empty_journal(&j);
		journal_release(&j);
	}
	journal_release(&ref);
	unlink(path);
	return k;
}

/* A format 2 journal of n records of the round-trip set, each linked to the
 * one before; with damaged, among them lines of every kind of damage a
 * load finds (broken CSV, fields, an item not in the plan, a sum that does
 * not match, a broken link, an incomplete batch, an undo of nothing) and a
 * whole last record without its newline.  And a line twice. */
static void oom_text(struct strbuf *sb, bool damaged, int n)
{
	struct entry e, bad;
	char figure[40], prev[DIGEST_SHORT_LEN + 1] = "";
	size_t dup_start = 0, dup_len = 0;

	assert_int_equal(sb_puts(sb, HDR2), 0);
	if (damaged)
		assert_int_equal(sb_puts(sb, LINE("bad", T, D, "1", "note", "", "",
						  "张三", "") "\n"
					 "a,\"b\n"), 0);
	for (int i = 0; i < n; i++) {
		size_t start = sb->len;

		make_entry(&e, (unsigned)i, figure);
		memcpy(e.prev, prev, sizeof(e.prev));
		assert_int_equal(entry_format_line(&e, sb), 0);
		memcpy(prev, e.sum, sizeof(prev));
		if (i == 1) {
			dup_start = start;
			dup_len = sb->len - start;
		}
		if (!damaged || i % 7 != 3)
			continue;
		/* whole lines, but of no record that can be trusted */
		memset(&bad, 0, sizeof(bad));
		snprintf(bad.id, sizeof(bad.id), "%s", idb(0xe000 + (unsigned)i));
		bad.recorded = e.recorded;
		bad.date = e.date;
		bad.by = "张三";
		bad.note = "";
		bad.kind = ENTRY_NOTE;
		memcpy(bad.prev, prev, sizeof(bad.prev));
		switch (i / 7 % 5) {
		case 0:		/* not in the plan */
			bad.item = 99;
			break;
		case 1:		/* an undo of nothing */
			bad.item = 1;
			bad.kind = ENTRY_UNDO;
			bad.cancels = ID("9");
			break;
		case 2:		/* one of a batch of two */
			bad.item = 1;
			bad.batch_size = 2;
			break;
		case 3:		/* after a record not in the journal */
			bad.item = 1;
			memcpy(bad.prev, "0123456789abcdef", 17);
			break;
		default:	/* changed after it was written */
			bad.item = 2;
			break;
		}
		start = sb->len;
		assert_int_equal(entry_format_line(&bad, sb), 0);
		if (i / 7 % 5 == 4)	/* its id's first digit: '0' to '1' */
			sb->s[start] ^= 1;
	}
	/* a duplicate line */
	assert_int_equal(sb_add(sb, sb->s + dup_start, dup_len), 0);
	if (damaged) {
		/* the last line whole, without its newline */
		make_entry(&e, (unsigned)n, figure);
		memcpy(e.prev, prev, sizeof(e.prev));
		assert_int_equal(entry_format_line(&e, sb), 0);
		sb->s[--sb->len] = '\0';
	}
}

static void test_oom_load(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	oom_text(&sb, false, 40);
	assert_true(walk_oom(sb.s, sb.len) > 4);
	sb_release(&sb);
}

/* The same with damaged lines: memory running out must not pass for one
 * more damaged line. */
static void test_oom_load_damaged(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	oom_text(&sb, true, 40);
	assert_true(walk_oom(sb.s, sb.len) > 4);
	sb_release(&sb);
}

static void test_oom_others(void **state)
{
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
	struct journal j = JOURNAL_INIT;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	struct entry e[3];
	char figures[3][40], path[PATH_SIZE], *l[3];
	char sum0[DIGEST_SHORT_LEN + 1];
	long k;

	(void)state;
	append_entries(e, figures, 3);
	lines_after(e, 1, "", l, sum0);
	lines_after(e + 1, 2, sum0, l + 1, NULL);

	/* entry_format_line */
	memcpy(e[1].prev, sum0, sizeof(e[1].prev));
	for (k = 1; k < 1000; k++) {
		int rc;

		mem_fail_after(k);
		rc = entry_format_line(&e[1], &sb);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		sb_release(&sb);
	}
	assert_true(k > 1);
	assert_string_equal(sb.s, l[1]);
	sb_release(&sb);

	/* state_fold */
	build_state_journal(&text);
	assert_int_equal(load_text(&j, text.s, text.len, &err), 0);
	for (k = 1; k < 1000; k++) {
		int rc;

		error_clear(&err);
		mem_fail_after(k);
		rc = state_fold(&ps, &plan, &j, DATE_NONE, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
		assert_null(ps.items);
		assert_null(ps.actuals);
		state_release(&ps);
	}
	assert_true(k > 2);
	assert_int_equal(ps.items[0].status, STATUS_DONE);
	state_release(&ps);
	journal_release(&j);

	/* journal_append: nothing written until it can be */
	tpath(path, "journal.csv");
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_printf(&text, "%s%s", HDR2, l[0]), 0);
	put_file(path, text.s, text.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	for (k = 1; k < 1000; k++) {
		int rc;

		error_clear(&err);
		mem_fail_after(k);
		rc = journal_append(path, &j, e + 1, 2, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
		assert_file(path, text.s, text.len);
	}
	assert_true(k > 1);
	journal_release(&j);
	assert_int_equal(sb_printf(&text, "%s%s", l[1], l[2]), 0);
	assert_file(path, text.s, text.len);

	/* the same for a format 1 journal, which is rewritten */
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_puts(&text, HDR GOOD_A GOOD_B), 0);
	put_file(path, text.s, text.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.version, 1);
	for (k = 1; k < 1000; k++) {
		int rc;

		error_clear(&err);
		mem_fail_after(k);
		rc = journal_append(path, &j, e + 1, 2, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
		assert_file(path, text.s, text.len);
		assert_null(stray_file());
	}
	assert_true(k > 1);
	journal_release(&j);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_int_equal(j.version, 2);
	assert_int_equal(j.n, 4);
	assert_int_equal(j.problems.n, 0);
	journal_release(&j);

	/* journal_repair */
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_printf(&text, "%s%s%.30s", HDR2, l[0], l[1]), 0);
	put_file(path, text.s, text.len);
	assert_int_equal(journal_load(&j, path, "journal.csv", &plan, &err), 0);
	assert_true(j.torn_tail);
	for (k = 1; k < 1000; k++) {
		int rc;

		error_clear(&err);
		mem_fail_after(k);
		rc = journal_repair(path, &j, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
		assert_file(path, text.s, text.len);
		assert_null(stray_file());
	}
	assert_true(k > 1);
	journal_release(&j);
	assert_int_equal(sb_reset(&text), 0);
	assert_int_equal(sb_printf(&text, "%s%s", HDR2, l[0]), 0);
	assert_file(path, text.s, text.len);

	for (int i = 0; i < 3; i++)
		free(l[i]);
	sb_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_status_names, reset),
		cmocka_unit_test_teardown(test_new_id, reset),
		cmocka_unit_test_teardown(test_parse_time, reset),
		cmocka_unit_test_teardown(test_parse_time_rejects, reset),
		cmocka_unit_test_teardown(test_format_time, reset),
		cmocka_unit_test_teardown(test_time_roundtrip, reset),
		cmocka_unit_test_teardown(test_time_roundtrip_before_1970, reset),
		cmocka_unit_test_teardown(test_format_line_exact, reset),
		cmocka_unit_test_teardown(test_line_roundtrip, reset),
		cmocka_unit_test_teardown(test_line_roundtrip_after_damaged_line,
					  reset),
		cmocka_unit_test_teardown(test_bad_fields, reset),
		cmocka_unit_test_teardown(test_bad_lines, reset),
		cmocka_unit_test_teardown(test_many_problems, reset),
		cmocka_unit_test_teardown(test_line_limit, reset),
		cmocka_unit_test_teardown(test_records_limit, reset),
		cmocka_unit_test_teardown(test_header, reset),
		cmocka_unit_test_teardown(test_crlf_lines, reset),
		cmocka_unit_test_teardown(test_duplicates, reset),
		cmocka_unit_test_teardown(test_ids_alike_in_their_first_half, reset),
		cmocka_unit_test_teardown(test_undo_problems, reset),
		cmocka_unit_test_teardown(test_problems_in_file_order, reset),
		cmocka_unit_test_teardown(test_missing_file, reset),
		cmocka_unit_test_teardown(test_torn_tail, reset),
		cmocka_unit_test_teardown(test_find, reset),
		cmocka_unit_test_teardown(test_fold, reset),
		cmocka_unit_test_teardown(test_fold_status_sequence, reset),
		cmocka_unit_test_teardown(test_fold_closure_review, reset),
		cmocka_unit_test_teardown(test_merge_property, reset),
		cmocka_unit_test_teardown(test_append_new_file, reset),
		cmocka_unit_test_teardown(test_append_torn, reset),
		cmocka_unit_test_teardown(test_append_fails, reset),
		cmocka_unit_test_teardown(test_unterminated_whole_line, reset),
		cmocka_unit_test_teardown(test_torn_line_v2, reset),
		cmocka_unit_test_teardown(test_incomplete_batch_at_end, reset),
		cmocka_unit_test_teardown(test_broken_links, reset),
		cmocka_unit_test_teardown(test_union_merge, reset),
		cmocka_unit_test_teardown(test_upgrade_format_1, reset),
		cmocka_unit_test_teardown(test_undo_of_undo, reset),
		cmocka_unit_test_teardown(test_target_by_key, reset),
		cmocka_unit_test_teardown(test_repair_gap_in_middle, reset),
		cmocka_unit_test_teardown(test_v2_problems, reset),
		cmocka_unit_test_teardown(test_stamp, reset),
		cmocka_unit_test_teardown(test_reg_no_header, reset),
		cmocka_unit_test_teardown(test_reg_upgrade_keeps_damaged, reset),
		cmocka_unit_test_teardown(test_reg_unterminated_with_problem,
					  reset),
		cmocka_unit_test_teardown(test_reg_gap_before_unterminated, reset),
		cmocka_unit_test_teardown(test_reg_replaced_since_load, reset),
		cmocka_unit_test_teardown(test_reg_line_over_limit, reset),
		cmocka_unit_test_teardown(test_merge_heads, reset),
		cmocka_unit_test_teardown(test_reg_gap_not_at_end, reset),
		cmocka_unit_test_teardown(test_reg_overfull_batch, reset),
		cmocka_unit_test_teardown(test_reg_upgrade_ids_alike, reset),
		cmocka_unit_test_teardown(test_reg_long_fraction, reset),
		cmocka_unit_test_teardown(test_reg_item_keys, reset),
		cmocka_unit_test_teardown(test_oom_load, reset),
		cmocka_unit_test_teardown(test_oom_load_damaged, reset),
		cmocka_unit_test_teardown(test_oom_others, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
