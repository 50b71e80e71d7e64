/*
 * test_sheet — the monthly fill-in sheet (月调度表): months (period_parse,
 * period_of), the plan checksum (sheet_checksum), the sheet a unit gets
 * (sheet_build: the opening rows, exact row bytes, lead rows then 参加
 * rows), and a returned sheet read back (sheet_read): the records it asks
 * for, every kind of change that refuses it (exact line, column, header and
 * message), the encodings a spreadsheet saves in, the status rules, a sheet
 * merged twice recording once, and every allocation failing in turn.
 *
 * Most tests use the bundled plan and the sheet of 区科工局, which leads
 * items 1, 2, 21, 22 and 23 and takes part in 13, 14 and 15.  Its plan has
 * at most 4 targets an item, so a sheet has 20 columns:
 *
 *    0 序号  1 分工  2 重点工作  3 牵头领导  4 责任单位  5 完成时限
 *    6 当前状态  7 当前进度(%)  8 最近进展  9-12 目标1-4
 *   13 本期状态  14 本期进度(%)  15 本期进展  16-19 本期实际1-4
 *
 * and, with no cell spanning lines, the item rows are on lines
 *
 *    6 item 1   7 item 2   8 item 21   9 item 22   10 item 23   (牵头)
 *   11 item 13  12 item 14  13 item 15                            (参加)
 */
#include "scratch.h"
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "duban/bundled.h"
#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/figure.h"
#include "duban/journal.h"
#include "duban/mem.h"
#include "duban/sheet.h"
#include "duban/state.h"
#include "duban/strbuf.h"
#include "duban/table.h"
#include "duban/text.h"

#define BOM "\xEF\xBB\xBF"
#define SUM "52a84507d1fee312"	/* FNV-1a 64 of data/items.csv */
#define UNIT "区科工局"

/* Columns of the bundled plan's sheets. */
enum { C_ID, C_ROLE, C_TEXT, C_LEADERS, C_UNITS, C_DEADLINE, C_STATUS,
       C_PERCENT, C_LAST_NOTE, C_GOAL1, C_NEW_STATUS = 13, C_NEW_PERCENT,
       C_NEW_NOTE, C_ACTUAL1, C_LAST = 19 };

/* Records (0-based, the opening rows being 0-4) of the items in the sheet
 * of 区科工局. */
enum { R_UNIT, R_PERIOD, R_CHECKSUM, R_AS_OF, R_HEADERS, R_1, R_2, R_21,
       R_22, R_23, R_13, R_14, R_15 };

#define HEADERS "序号,分工,重点工作,牵头领导,责任单位,完成时限,当前状态," \
	"当前进度(%),最近进展,目标1,目标2,目标3,目标4,本期状态,本期进度(%)," \
	"本期进展,本期实际1,本期实际2,本期实际3,本期实际4"

#define TEXT_1 "壮大都市工业，深挖现有企业潜能，支持引导阳光乳业、江铃华翔等" \
	"重点工业企业扩能改造。积极招引都市工业项目，推动索为工业互联网基地、" \
	"医药云平台等重点项目签约落地，围绕生物医药、现代物流、工业设计等领域" \
	"强链、补链、延链，从点发力、串点成链、聚链成势，招引更多都市工业链主" \
	"企业、龙头企业和平台型企业，力争规上工业企业数量突破40家，总产值突破" \
	"60亿元。"
#define TEXT_2 "强化数字赋能，以颐高数字经济产业园、云观数字文化港等为依托，" \
	"招引更多科技含量高、附加值高的数字经济企业落户，着力打造省级数字经济" \
	"集聚区。利用深农等专业市场，招引一批直播电商、直播供应链企业，壮大" \
	"数字经济规模，力争数字经济核心产业企业营收突破15亿元。"
#define TEXT_21 "深化重点领域改革，全面落实财税金融、科技创新等领域改革，" \
	"全力破解制约高质量发展的瓶颈障碍。"

/* --- the journal ----------------------------------------------------------- */

/* The fixtures are format 1 journals (a target by its position), which
 * duban still reads; the first write rewrites them in format 2. */
#define HDR JOURNAL_HEADER_V1 "\n"
/* Entry ids: a hex digit and 31 zeros, or two and 30.  Their first 16
 * digits differ, as those of random ids do: the rewrite in format 2 makes
 * each old record a batch of its own named by them. */
#define ID(d) d "0000000000000000000000000000000"
#define ID2(d) d "000000000000000000000000000000"
#define REC(id, recorded, date, item, kind, value, target, by, note) \
	id "," recorded "," date "," item "," kind "," value "," target "," \
	by "," note "\n"
#define AT(date, time) date "T" time ".000000+08:00"

/* The journal most tests start from.  As of 2024-06-30 item 1 is 未启动
 * with a note that looks like a formula, 2 推进中 at 40% with a note
 * holding a comma and quotes, 21 已完成 (by another lead unit), 22 受阻;
 * 23, 13, 14 and 15 have no record.  The latest is recorded at
 * 2024-06-20T15:00:00+08:00. */
#define BASE_JOURNAL \
	REC(ID("1"), AT("2024-06-03", "09:00:00"), "2024-06-03", "2", \
	    "status", "in-progress", "", UNIT, "") \
	REC(ID("2"), AT("2024-06-10", "09:00:00"), "2024-06-10", "2", \
	    "progress", "40", "", UNIT, "\"已完成摸底,\"\"数字\"\"企业\"") \
	REC(ID("3"), AT("2024-06-11", "10:00:00"), "2024-06-11", "1", \
	    "note", "", "", "督办室", "=SUM(A1)") \
	REC(ID("4"), AT("2024-06-15", "11:00:00"), "2024-06-15", "22", \
	    "status", "blocked", "", UNIT, "等待审批") \
	REC(ID("5"), AT("2024-06-20", "15:00:00"), "2024-06-20", "21", \
	    "status", "done", "", "区财政局", "")
#define BASE_MADE "2024-06-20T15:00:00.000000+08:00"
/* When sheets of a journal without records are made, as duban sheet would
 * give the time it makes them. */
#define EMPTY_MADE "2024-06-25T09:00:00.000000+08:00"

/* --- fixtures ------------------------------------------------------------- */

/* The store's sheet key in these tests, and it as sheet_read() takes it. */
static const unsigned char sheet_key[] = "0123456789abcdef0123456789abcdef";
#define KEY sheet_key, sizeof(sheet_key) - 1

static struct table plan = TABLE_INIT;
static char plan_sum[17];

/* Owned by the test that runs and released after it by reset(). */
static struct journal jr = JOURNAL_INIT;
static struct strbuf jtext = STRBUF_INIT;	/* the journal's text */
static struct plan_state ps = PLAN_STATE_INIT;
static struct strbuf doc = STRBUF_INIT;		/* the sheet */
static struct strbuf work = STRBUF_INIT;
static struct sheet_reading rd = SHEET_READING_INIT;
static struct table other = TABLE_INIT;		/* a plan of a test's own */

static date_t ymd(int y, int m, int d)
{
	date_t out;

	assert_int_equal(date_from_ymd(y, m, d, &out), 0);
	return out;
}

static void assert_date(date_t d, const char *want)
{
	char buf[DATE_BUFSIZE];

	if (d == DATE_NONE)
		fail_msg("date is DATE_NONE, want %s", want);
	assert_string_equal(date_format(d, buf), want);
}

/* The day most tests read sheets on: after the period 2024-06. */
#define TODAY ymd(2024, 7, 5)

static int group_setup(void **state)
{
	struct duban_error err;
	size_t n;
	const char *buf = bundled_plan(&n);

	(void)state;
	if (scratch_begin("sheet"))
		return -1;
	if (table_load_buffer(&plan, buf, n, "items.csv", &err)) {
		fprintf(stderr, "plan: %ld: %s\n", err.line, err.msg);
		return -1;
	}
	sheet_checksum(buf, n, plan_sum);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	table_release(&plan);
	scratch_end();
	return 0;
}

/* After every test: no injected failures, nothing held, no files. */
static int reset(void **state)
{
	(void)state;
	mem_fail_after(0);
	journal_release(&jr);
	state_release(&ps);
	sb_release(&jtext);
	sb_release(&doc);
	sb_release(&work);
	sheet_reading_release(&rd);
	table_release(&other);
	clean_tmpdir();
	return 0;
}

/* (Re)loads the journal from jtext, written as journal.csv in tmpdir, for
 * the plan t; it must load without a problem. */
static void reload_journal(const struct table *t)
{
	struct duban_error err;
	char path[256];
	FILE *fp;

	journal_release(&jr);
	snprintf(path, sizeof(path), "%s/journal.csv", tmpdir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(jtext.s, 1, jtext.len, fp), jtext.len);
	assert_int_equal(fclose(fp), 0);
	error_clear(&err);
	if (journal_load(&jr, path, "journal.csv", t, &err))
		fail_msg("journal: %ld: %s", err.line, err.msg);
	if (jr.problems.n)
		fail_msg("journal line %ld: %s", jr.problems.v[0].line,
			 jr.problems.v[0].msg);
	unlink(path);
}

/* The journal of these lines (after the header), for the bundled plan. */
static void load_journal(const char *lines)
{
	assert_int_equal(sb_reset(&jtext), 0);
	assert_int_equal(sb_puts(&jtext, HDR), 0);
	assert_int_equal(sb_puts(&jtext, lines), 0);
	reload_journal(&plan);
}

/* Builds into doc the sheet of unit for period (YYYY-MM) from plan t and
 * the journal jr, showing the state as of as_of from every record so
 * far, as duban sheet does. */
static void build_for(const struct table *t, const char *sum,
		      const char *unit, const char *period, date_t as_of)
{
	struct sheet_origin o = { .unit = unit, .as_of = as_of,
				  .made = jr.latest };
	struct duban_error err;

	if (!o.made)
		assert_int_equal(entry_parse_time(EMPTY_MADE, &o.made), 0);
	assert_int_equal(period_parse(period, &o.period), 0);
	snprintf(o.checksum, sizeof(o.checksum), "%s", sum);
	sheet_token(&o, KEY, o.token);
	state_release(&ps);
	assert_int_equal(state_fold_until(&ps, t, &jr, as_of, o.made, &err), 0);
	error_clear(&err);
	if (sheet_build(&doc, t, &ps, &o, &err))
		fail_msg("sheet_build: %s", err.msg);
}

/* The sheet of 区科工局 for 2024-06 as of 2024-06-30, from journal lines. */
static void base_sheet(const char *lines)
{
	load_journal(lines);
	build_for(&plan, plan_sum, UNIT, "2024-06", ymd(2024, 6, 30));
}

/* Reads the n bytes at data as a returned sheet of the bundled plan. */
static void read_bytes(const char *data, size_t n, date_t today)
{
	struct duban_error err;

	sheet_reading_release(&rd);
	error_clear(&err);
	if (sheet_read(&rd, data, n, plan_sum, KEY, &plan, &jr, today, &err))
		fail_msg("sheet_read: %s", err.msg);
}

static void read_doc(void)
{
	read_bytes(doc.s, doc.len, TODAY);
}

/* --- editing a sheet in memory ---------------------------------------------- */

/* Where field col of CSV record rec (0-based) lies in doc: [*b, *e), the
 * quotes included.  Records are counted after the byte order mark. */
static void field_span(const struct strbuf *sb, int rec, int col, size_t *b,
		       size_t *e)
{
	const char *s = sb->s;
	size_t n = sb->len;
	size_t i = n >= 3 && memcmp(s, BOM, 3) == 0 ? 3 : 0;
	size_t start = i;
	int r = 0, c = 0;
	bool quoted = false;

	for (; i <= n; i++) {
		char ch = i < n ? s[i] : '\n';

		if (quoted) {
			if (ch == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					quoted = false;
			}
			continue;
		}
		if (ch == '"') {
			quoted = true;
			continue;
		}
		if (ch != ',' && ch != '\n' &&
		    !(ch == '\r' && i + 1 < n && s[i + 1] == '\n'))
			continue;
		if (r == rec && c == col) {
			*b = start;
			*e = i;
			return;
		}
		if (ch == ',') {
			c++;
		} else {
			if (ch == '\r')
				i++;
			if (r == rec)
				break;
			r++;
			c = 0;
		}
		start = i + 1;
	}
	fail_msg("the sheet has no field %d in record %d", col, rec);
}

/* Replaces bytes [b, e) of sb with the NUL-terminated text. */
static void splice(struct strbuf *sb, size_t b, size_t e, const char *text)
{
	struct strbuf out = STRBUF_INIT;

	assert_int_equal(sb_add(&out, sb->s, b), 0);
	assert_int_equal(sb_puts(&out, text), 0);
	assert_int_equal(sb_add(&out, sb->s + e, sb->len - e), 0);
	sb_release(sb);
	*sb = out;
}

/* Sets field col of record rec of the sheet to value, written as a CSV
 * writer would (quoted when needed). */
static void set_cell(int rec, int col, const char *value)
{
	size_t b, e;

	field_span(&doc, rec, col, &b, &e);
	assert_int_equal(sb_reset(&work), 0);
	assert_int_equal(csv_append_field(&work, value), 0);
	splice(&doc, b, e, work.s ? work.s : "");
}

/* Sets field col of record rec to exactly these bytes. */
static void set_raw(int rec, int col, const char *raw)
{
	size_t b, e;

	field_span(&doc, rec, col, &b, &e);
	splice(&doc, b, e, raw);
}

/* The text of field col of record rec, unquoted, into buf. */
static void cell_text(int rec, int col, char *buf, size_t size)
{
	size_t b, e, o = 0;

	field_span(&doc, rec, col, &b, &e);
	if (e > b && doc.s[b] == '"') {
		b++;
		e--;
	}
	for (size_t i = b; i < e && o + 1 < size; i++) {
		buf[o++] = doc.s[i];
		if (doc.s[i] == '"')
			i++;
	}
	buf[o] = '\0';
}

/* Signs the sheet again for what its opening rows now say, as only the
 * store could: to reach the checks behind the 签发码. */
static void resign(void)
{
	struct sheet_origin o = { 0 };
	char unit[256], period[64], as_of[64], made[128];

	cell_text(R_UNIT, 1, unit, sizeof(unit));
	cell_text(R_PERIOD, 1, period, sizeof(period));
	cell_text(R_CHECKSUM, 1, o.checksum, sizeof(o.checksum));
	cell_text(R_AS_OF, 1, as_of, sizeof(as_of));
	cell_text(R_AS_OF, 2, made, sizeof(made));
	o.unit = unit;
	assert_int_equal(period_parse(period, &o.period), 0);
	assert_int_equal(date_parse(as_of, &o.as_of), 0);
	assert_int_equal(entry_parse_time(made, &o.made), 0);
	sheet_token(&o, KEY, o.token);
	set_cell(R_CHECKSUM, 3, o.token);
}

/* The bytes of record rec, its line end included, in malloc'd memory. */
static char *record_text(int rec)
{
	size_t b, e, b2, e2;
	char *out;

	field_span(&doc, rec, 0, &b, &e);
	field_span(&doc, rec, C_LAST, &b2, &e2);
	e2 += doc.s[e2] == '\r' ? 2 : 1;
	out = malloc(e2 - b + 1);
	assert_non_null(out);
	memcpy(out, doc.s + b, e2 - b);
	out[e2 - b] = '\0';
	return out;
}

/* Inserts the text before record rec (at the end when rec is past the
 * last). */
static void insert_before(int rec, const char *text)
{
	size_t b, e;

	if (rec < 0) {
		splice(&doc, doc.len, doc.len, text);
		return;
	}
	field_span(&doc, rec, 0, &b, &e);
	splice(&doc, b, b, text);
}

/* Every CRLF of the sheet made LF. */
static void to_lf(void)
{
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < doc.len; i++)
		if (!(doc.s[i] == '\r' && i + 1 < doc.len && doc.s[i + 1] == '\n'))
			assert_int_equal(sb_add(&out, doc.s + i, 1), 0);
	sb_release(&doc);
	doc = out;
}

/* --- checking what was read -------------------------------------------------- */

static void dump_problems(void)
{
	for (size_t i = 0; i < rd.problems.n; i++)
		print_error("problem %zu: line %ld column %d (%s): %s\n", i,
			    rd.problems.v[i].line, rd.problems.v[i].column,
			    rd.problems.v[i].header ? rd.problems.v[i].header : "-",
			    rd.problems.v[i].msg);
}

static void expect_problems(size_t n)
{
	if (rd.problems.n != n)
		dump_problems();
	assert_int_equal(rd.problems.n, n);
	if (n) {
		/* a refused sheet asks for no record */
		assert_int_equal(rd.n, 0);
		assert_int_equal(rd.already, 0);
	}
}

static void expect_problem(size_t i, long line, int column,
			   const char *header, const char *msg)
{
	const struct problem *p;

	assert_true(i < rd.problems.n);
	p = &rd.problems.v[i];
	if (p->line != line || p->column != column || strcmp(p->msg, msg) ||
	    (header == NULL) != (p->header == NULL) ||
	    (header && strcmp(header, p->header)))
		dump_problems();
	assert_int_equal(p->line, line);
	assert_int_equal(p->column, column);
	if (header)
		assert_string_equal(p->header, header);
	else
		assert_null(p->header);
	assert_string_equal(p->msg, msg);
}

/* The one problem of a refused sheet. */
static void expect_only(long line, int column, const char *header,
			const char *msg)
{
	expect_problems(1);
	expect_problem(0, line, column, header, msg);
}

static void expect_records(size_t n, size_t already)
{
	if (rd.problems.n)
		dump_problems();
	assert_int_equal(rd.problems.n, 0);
	if (rd.n != n)
		for (size_t i = 0; i < rd.n; i++)
			print_error("record %zu: line %ld item %ld kind %d\n", i,
				    rd.records[i].line, rd.records[i].item,
				    (int)rd.records[i].kind);
	assert_int_equal(rd.n, n);
	assert_int_equal(rd.already, already);
}

static const struct sheet_record *record(size_t i, long line, long item,
					 enum entry_kind kind, const char *note)
{
	const struct sheet_record *c;

	assert_true(i < rd.n);
	c = &rd.records[i];
	assert_int_equal(c->line, line);
	assert_int_equal(c->item, item);
	assert_int_equal(c->kind, kind);
	assert_non_null(c->note);
	assert_string_equal(c->note, note);
	return c;
}

static void expect_status(size_t i, long line, long item, enum status s,
			  const char *note)
{
	assert_int_equal(record(i, line, item, ENTRY_STATUS, note)->status, s);
}

static void expect_progress(size_t i, long line, long item, int percent,
			    const char *note)
{
	assert_int_equal(record(i, line, item, ENTRY_PROGRESS, note)->percent,
			 percent);
}

static void expect_actual(size_t i, long line, long item, int target,
			  const char *figure, const char *note)
{
	const struct sheet_record *c = record(i, line, item, ENTRY_ACTUAL, note);

	assert_int_equal(c->target, target);
	assert_non_null(c->figure);
	assert_string_equal(c->figure, figure);
	assert_true(figure_ok(c->figure));
}

static void expect_note(size_t i, long line, long item, const char *note)
{
	record(i, line, item, ENTRY_NOTE, note);
}

/* ============================================================================
 * period_parse, period_of
 * ========================================================================== */

static void period_is(const char *s, int y, int m, const char *first,
		      const char *last, const char *text)
{
	struct period p;

	memset(&p, 0x5a, sizeof(p));
	if (period_parse(s, &p) != 0)
		fail_msg("\"%s\" was refused", s);
	assert_int_equal(p.year, y);
	assert_int_equal(p.month, m);
	assert_date(p.first, first);
	assert_date(p.last, last);
	assert_string_equal(p.text, text);
}

static void test_period_parse(void **state)
{
	(void)state;
	period_is("2024-06", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024-6", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024/06", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024/6", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024年6月", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024年06月", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024年12月", 2024, 12, "2024-12-01", "2024-12-31", "2024-12");
	/* full-width digits and signs, as a Chinese input method types them */
	period_is("２０２４－０６", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("２０２４年６月", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	/* spaces around, ideographic ones too */
	period_is(" 2024-06 ", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("\xe3\x80\x80" "2024-06" "\xe3\x80\x80", 2024, 6, "2024-06-01",
		  "2024-06-30", "2024-06");
	/* the first and last days of months of every length */
	period_is("2024-01", 2024, 1, "2024-01-01", "2024-01-31", "2024-01");
	period_is("2024-04", 2024, 4, "2024-04-01", "2024-04-30", "2024-04");
	period_is("2024-02", 2024, 2, "2024-02-01", "2024-02-29", "2024-02");
	period_is("2023-02", 2023, 2, "2023-02-01", "2023-02-28", "2023-02");
	period_is("2000-02", 2000, 2, "2000-02-01", "2000-02-29", "2000-02");
	period_is("2100-02", 2100, 2, "2100-02-01", "2100-02-28", "2100-02");
	period_is("1900-01", 1900, 1, "1900-01-01", "1900-01-31", "1900-01");
	period_is("9999-12", 9999, 12, "9999-12-01", "9999-12-31", "9999-12");
	/* a month a spreadsheet made a date: its first day */
	period_is("2024/6/1", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024-06-01", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
	period_is("2024年6月1日", 2024, 6, "2024-06-01", "2024-06-30", "2024-06");
}

static void period_bad(const char *s)
{
	struct period p;

	if (period_parse(s, &p) != -1)
		fail_msg("\"%s\" was accepted as %s", s, p.text);
}

static void test_period_rejects(void **state)
{
	(void)state;
	period_bad("");
	period_bad("2024-13");		/* no such month */
	period_bad("2024-00");
	period_bad("2024年13月");
	period_bad("2024年0月");
	period_bad("202406");		/* no separator */
	period_bad("2024");
	period_bad("2024-");
	period_bad("2024年");
	period_bad("June");
	period_bad("2024-06-02");	/* a day, not a month */
	period_bad("2024/6/15");
	period_bad("2024年6月2日");
	period_bad("Jun-24");
	period_bad("六月");
	period_bad("24-06");		/* a year of four digits */
	period_bad("02024-06");
	period_bad("1899-12");		/* outside 1900-9999 */
	period_bad("2024-006");		/* a month of one or two digits */
	period_bad("2024-06x");		/* trailing junk */
	period_bad("2024-06-");
	period_bad("2024-6月");
	period_bad("2024年6月份");
	period_bad("2024年6月x");
	period_bad("2024_06");
	period_bad("2024 06");
	period_bad("-2024-06");
	period_bad("2024--06");
	period_bad("2024-+6");
	/* too long to be a month */
	period_bad("2024-06                                                      "
		   "          ");
}

static void period_of_is(date_t d, const char *text, const char *first,
			 const char *last)
{
	struct period p;

	memset(&p, 0x5a, sizeof(p));
	period_of(d, &p);
	assert_string_equal(p.text, text);
	assert_date(p.first, first);
	assert_date(p.last, last);
}

static void test_period_of(void **state)
{
	struct period p;

	(void)state;
	period_of_is(ymd(2024, 6, 1), "2024-06", "2024-06-01", "2024-06-30");
	period_of_is(ymd(2024, 6, 15), "2024-06", "2024-06-01", "2024-06-30");
	period_of_is(ymd(2024, 6, 30), "2024-06", "2024-06-01", "2024-06-30");
	period_of_is(ymd(2024, 2, 29), "2024-02", "2024-02-01", "2024-02-29");
	period_of_is(ymd(2023, 2, 1), "2023-02", "2023-02-01", "2023-02-28");
	period_of_is(ymd(2024, 12, 31), "2024-12", "2024-12-01", "2024-12-31");
	period_of_is(ymd(2025, 1, 1), "2025-01", "2025-01-01", "2025-01-31");
	period_of(ymd(2024, 7, 4), &p);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.month, 7);
}

/* ============================================================================
 * sheet_checksum
 * ========================================================================== */

static void checksum_is(const char *data, size_t n, const char *want)
{
	char hex[17];

	memset(hex, 'x', sizeof(hex));
	sheet_checksum(data, n, hex);
	assert_string_equal(hex, want);
}

static void test_checksum(void **state)
{
	size_t n;
	const char *buf = bundled_plan(&n);

	(void)state;
	checksum_is("", 0, "cbf29ce484222325");	/* the offset basis */
	checksum_is("a", 1, "af63dc4c8601ec8c");
	checksum_is("foobar", 6, "85944171f73967e8");
	/* n bytes exactly: a NUL counts, what follows does not */
	checksum_is("a\0b", 1, "af63dc4c8601ec8c");
	checksum_is("abc", 0, "cbf29ce484222325");
	/* bytes are unsigned: 0xff is 255 */
	checksum_is("\xff", 1, "af64724c8602eb6e");
	/* the bundled plan */
	checksum_is(buf, n, SUM);
	assert_string_equal(plan_sum, SUM);
}

/* ============================================================================
 * sheet_build
 * ========================================================================== */

#define OPENING(unit, period, made, token) \
	BOM "填报单位," unit "\r\n" \
	"报送期间," period "\r\n" \
	"方案校验码," SUM ",签发码," token "\r\n" \
	"数据截至,2024-06-30," made "\r\n" \
	HEADERS "\r\n"

/* The 签发码 of the sheets below, under sheet_key: HMAC-SHA-256 of "duban
 * sheet 1\n" UNIT "\n" PERIOD "\n" SUM "\n2024-06-30\n" MADE (microseconds
 * since 1970), worked out apart from duban with Python's hmac module. */
#define TOKEN_0630 "D1-e056852176b0caee54b481782a952e922f2ea67a6a93e1468a832ea0a4fad7bf"
#define TOKEN_07 "D1-a842119a08a5b9258da954c27171b7689224f7c7b413176f3f7ab2df6894b073"
#define TOKEN_GT "D1-1e42502a69df5ca65b32b4761e7749843571da1b01981211b929985888046e73"

static void assert_prefix(const char *want)
{
	size_t n = strlen(want);

	if (doc.len < n || memcmp(doc.s, want, n) != 0)
		print_error("--- got\n%.*s\n--- want\n%s\n",
			    (int)(doc.len < n ? doc.len : n), doc.s, want);
	assert_true(doc.len >= n);
	assert_memory_equal(doc.s, want, n);
}

/* The 序号 and 分工 of every item row, "1:牵头 2:牵头 ...". */
static void assert_rows(const char *want)
{
	struct strbuf got = STRBUF_INIT;
	size_t b, e, b2, e2;

	for (int rec = R_HEADERS + 1;; rec++) {
		field_span(&doc, rec, 0, &b, &e);
		if (b == doc.len)
			break;
		field_span(&doc, rec, 1, &b2, &e2);
		assert_int_equal(sb_printf(&got, "%s%.*s:%.*s", rec > R_HEADERS + 1
					   ? " " : "", (int)(e - b), doc.s + b,
					   (int)(e2 - b2), doc.s + b2), 0);
	}
	assert_string_equal(got.s ? got.s : "", want);
	sb_release(&got);
}

static void test_build_opening_rows(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	assert_prefix(OPENING(UNIT, "2024-06", BASE_MADE, TOKEN_0630));

	/* no record yet: the time the sheet was made */
	load_journal("");
	assert_int_equal(jr.latest, 0);
	build_for(&plan, plan_sum, UNIT, "2024-07", ymd(2024, 6, 30));
	assert_prefix(OPENING(UNIT, "2024-07", EMPTY_MADE, TOKEN_07));
}

/* The rows of 区科工局: lead rows, then 参加 rows, each exactly. */
static void test_build_rows_exact(void **state)
{
	char *row;

	(void)state;
	base_sheet(BASE_JOURNAL);
	assert_rows("1:牵头 2:牵头 21:牵头 22:牵头 23:牵头 13:参加 14:参加 15:参加");

	/* the note looks like a formula: guarded by an apostrophe; two of
	 * four targets, then the seven empty fill-in cells */
	row = record_text(R_1);
	assert_string_equal(row, "1,牵头," TEXT_1 ",杨峰,区科工局,2024-12-31,"
			    "未启动,0,'=SUM(A1),规上工业企业数量>40家,总产值>60亿元"
			    ",,,,,,,,,\r\n");
	free(row);
	/* names joined by 、; the note quoted for its comma and quotes */
	row = record_text(R_2);
	assert_string_equal(row, "2,牵头," TEXT_2 ",徐志勇、杨峰,"
			    "区发改委、区科工局、区商务局,2024-12-31,推进中,40,"
			    "\"已完成摸底,\"\"数字\"\"企业\","
			    "数字经济核心产业企业营收>15亿元,,,,,,,,,,\r\n");
	free(row);
	/* done: 100%; no note, no target */
	row = record_text(R_21);
	assert_string_equal(row, "21,牵头," TEXT_21 ",徐志勇、杨峰、应卓伟,"
			    "区财政局、区金融办、区科工局,2024-12-31,已完成,100,"
			    ",,,,,,,,,,,\r\n");
	free(row);
	/* four targets */
	row = record_text(R_22);
	assert_non_null(strstr(row, ",受阻,0,等待审批,入选独角兽（瞪羚）企业=2家,"
			       "培育专精特新企业=2家,科技型中小企业认定数>180家,"
			       "技术合同登记交易额>20亿元,,,,,,,\r\n"));
	free(row);
	/* a range, a figure in % */
	row = record_text(R_23);
	assert_non_null(strstr(row, ",未启动,0,,市级以上科技创新平台=1-2家,"
			       "亿元以上企业研发机构覆盖率>70%,,,,,,,,,\r\n"));
	free(row);
	/* a 参加 row: the plan's lead units in 责任单位 */
	row = record_text(R_13);
	assert_int_equal(strncmp(row, "13,参加,", strlen("13,参加,")), 0);
	assert_non_null(strstr(row, ",杨峰、夏辉,区商务局、洪都街道,2024-12-31,"
			       "未启动,0,,,,,,,,,,,,\r\n"));
	free(row);
	/* the row for item 15 ends the sheet */
	row = record_text(R_15);
	assert_int_equal(strncmp(row, "15,参加,", strlen("15,参加,")), 0);
	assert_memory_equal(doc.s + doc.len - strlen(row), row, strlen(row));
	free(row);
}

static void test_build_state_as_of(void **state)
{
	char *row;

	(void)state;
	/* as of 2024-06-15 item 21 was not done yet (done 2024-06-20) */
	load_journal(BASE_JOURNAL);
	build_for(&plan, plan_sum, UNIT, "2024-06", ymd(2024, 6, 15));
	row = record_text(R_21);
	assert_non_null(strstr(row, ",2024-12-31,未启动,0,,"));
	free(row);
	row = record_text(R_22);
	assert_non_null(strstr(row, ",2024-12-31,受阻,0,等待审批,"));
	free(row);
}

/* Rows for units whose items are found by the rules of list --unit and
 * --participant: by the name before a full-width parenthesis, and among
 * the parts of a collective designation such as 各街道、镇、集聚区. */
static void test_build_participants(void **state)
{
	(void)state;
	load_journal("");
	build_for(&plan, plan_sum, "区国投集团", "2024-06", ymd(2024, 6, 30));
	assert_prefix(OPENING("区国投集团", "2024-06", EMPTY_MADE, TOKEN_GT));
	assert_rows("20:牵头 31:参加 32:参加 48:参加");

	/* 区住建局 leads the items of 区住建局（旧改办） too */
	build_for(&plan, plan_sum, "区住建局", "2024-06", ymd(2024, 6, 30));
	assert_rows("30:牵头 31:牵头 32:牵头 34:牵头 36:牵头 37:牵头 41:牵头 "
		    "42:牵头");

	/* 集聚区 leads item 4 and takes part in every item whose 参加单位
	 * names it among 各（相关）街道、镇、集聚区 */
	build_for(&plan, plan_sum, "集聚区", "2024-06", ymd(2024, 6, 30));
	assert_rows("4:牵头 1:参加 2:参加 3:参加 5:参加 6:参加 7:参加 8:参加 "
		    "9:参加 10:参加 12:参加 14:参加 15:参加 16:参加 18:参加 "
		    "19:参加 22:参加 23:参加 24:参加 25:参加 26:参加 27:参加 "
		    "28:参加 29:参加 30:参加 31:参加 32:参加 33:参加 34:参加 "
		    "35:参加 36:参加 37:参加 38:参加 39:参加 40:参加 41:参加 "
		    "42:参加 43:参加 44:参加 45:参加 46:参加 47:参加 48:参加 "
		    "49:参加 50:参加 51:参加 52:参加 53:参加 54:参加 55:参加 "
		    "56:参加");

	/* lead rows come first though a 参加 item comes earlier in the plan */
	build_for(&plan, plan_sum, "区重点公共建设项目管理中心", "2024-06",
		  ymd(2024, 6, 30));
	assert_rows("10:牵头 6:参加");

	/* a unit that only takes part: 参加 rows alone (such a sheet is not
	 * read back: see test_read_unit) */
	build_for(&plan, plan_sum, "区直相关单位", "2024-06", ymd(2024, 6, 30));
	assert_rows("18:参加 25:参加 40:参加 47:参加 55:参加");
}

/* A plan of its own: an open-ended deadline, a text that looks like a
 * formula, a participant named with its office in parentheses. */
#define SMALL_PLAN \
	"id,section,section_title,subsection,subsection_title,text,leaders," \
	"lead_units,participants,deadline,deadline_text,targets\n" \
	"1,1,节,1,小节,=第一项,张三,区科工局,区商务局,,长期坚持,甲>1个\n" \
	"2,1,节,1,小节,第二项,李四;王五,区商务局,区科工局（办公室）," \
	"2024-12-31,2024年底,\n"

static void load_other(const char *csv, char sum[17])
{
	struct duban_error err;

	error_clear(&err);
	if (table_load_buffer(&other, csv, strlen(csv), "items.csv", &err))
		fail_msg("plan: %ld: %s", err.line, err.msg);
	sheet_checksum(csv, strlen(csv), sum);
	assert_int_equal(sb_reset(&jtext), 0);
	assert_int_equal(sb_puts(&jtext, HDR), 0);
	reload_journal(&other);
}

static void test_build_whole_small(void **state)
{
	char sum[17], want[1024], token[SHEET_TOKEN_LEN + 1];
	struct sheet_origin o = { 0 };
	struct duban_error err;

	(void)state;
	load_other(SMALL_PLAN, sum);
	/* doc is emptied first */
	assert_int_equal(sb_puts(&doc, "junk"), 0);
	build_for(&other, sum, "区科工局", "2024-06", ymd(2024, 6, 30));
	/* the token as the sheets above check it against Python's */
	o.unit = "区科工局";
	o.as_of = ymd(2024, 6, 30);
	assert_int_equal(entry_parse_time(EMPTY_MADE, &o.made), 0);
	assert_int_equal(period_parse("2024-06", &o.period), 0);
	snprintf(o.checksum, sizeof(o.checksum), "%s", sum);
	sheet_token(&o, KEY, token);
	snprintf(want, sizeof(want),
		 BOM "填报单位,区科工局\r\n"
		 "报送期间,2024-06\r\n"
		 "方案校验码,%s,签发码,%s\r\n"
		 "数据截至,2024-06-30," EMPTY_MADE "\r\n"
		 "序号,分工,重点工作,牵头领导,责任单位,完成时限,当前状态,"
		 "当前进度(%%),最近进展,目标1,本期状态,本期进度(%%),本期进展,"
		 "本期实际1\r\n"
		 "1,牵头,'=第一项,张三,区科工局,长期坚持,未启动,0,,甲>1个,,,,\r\n"
		 "2,参加,第二项,李四、王五,区商务局,2024-12-31,未启动,0,,,,,,\r\n",
		 sum, token);
	assert_int_equal(doc.len, strlen(want));
	assert_memory_equal(doc.s, want, doc.len);

	/* read back untouched: nothing to record; then filled in */
	sheet_reading_release(&rd);
	assert_int_equal(sheet_read(&rd, doc.s, doc.len, sum, KEY, &other,
				    &jr, TODAY, &err), 0);
	expect_records(0, 0);
	assert_int_equal(rd.rows, 2);
	/* row 1: 本期状态 is column 10, 本期实际1 column 13 */
	set_cell(5, 10, "推进中");
	set_cell(5, 13, "3个");
	set_cell(6, 12, "配合");
	sheet_reading_release(&rd);
	assert_int_equal(sheet_read(&rd, doc.s, doc.len, sum, KEY, &other,
				    &jr, TODAY, &err), 0);
	expect_records(3, 0);
	expect_status(0, 6, 1, STATUS_IN_PROGRESS, "");
	expect_actual(1, 6, 1, 1, "3", "");
	expect_note(2, 7, 2, "配合");

	/* the open-ended deadline is kept as written */
	set_cell(5, 5, "2024-12-31");
	sheet_reading_release(&rd);
	assert_int_equal(sheet_read(&rd, doc.s, doc.len, sum, KEY, &other,
				    &jr, TODAY, &err), 0);
	expect_only(6, 5, "完成时限", "changed: only the 本期 columns are filled "
		    "in (it was \"长期坚持\")");
}

static void test_build_too_many_targets(void **state)
{
	struct strbuf csv = STRBUF_INIT;
	struct duban_error err;
	char sum[17];

	(void)state;
	/* 9 + 3 + 2 × 122 = 256 columns fit; 123 targets do not */
	for (int most = 122; most <= 123; most++) {
		assert_int_equal(sb_reset(&csv), 0);
		assert_int_equal(sb_puts(&csv, "id,section,section_title,"
					 "subsection,subsection_title,text,leaders,"
					 "lead_units,participants,deadline,"
					 "deadline_text,targets\n"
					 "1,1,节,1,小节,第一项,张三,区科工局,,"
					 "2024-12-31,,"), 0);
		for (int k = 1; k <= most; k++)
			assert_int_equal(sb_printf(&csv, "%s指标%d=%d个",
						   k > 1 ? ";" : "", k, k), 0);
		assert_int_equal(sb_puts(&csv, "\n"), 0);
		table_release(&other);
		load_other(csv.s, sum);
		assert_int_equal(other.items[0].ntargets, (size_t)most);
		if (most == 122) {
			build_for(&other, sum, "区科工局", "2024-06",
				  ymd(2024, 6, 30));
			sheet_reading_release(&rd);
			assert_int_equal(sheet_read(&rd, doc.s, doc.len, sum,
						    KEY, &other, &jr, TODAY,
						    &err), 0);
			expect_records(0, 0);
			assert_int_equal(rd.rows, 1);
			continue;
		}
		{
			struct sheet_origin o = { .unit = "区科工局",
						  .as_of = ymd(2024, 6, 30) };

			assert_int_equal(period_parse("2024-06", &o.period), 0);
			state_release(&ps);
			assert_int_equal(state_fold(&ps, &other, &jr, DATE_NONE,
						    &err), 0);
			error_clear(&err);
			assert_int_equal(sheet_build(&doc, &other, &ps, &o, &err),
					 -1);
			assert_string_equal(err.msg, "an item has 123 targets: too "
					    "many for the columns of a sheet");
			assert_int_equal(err.line, 0);
			/* nor can such a sheet be read back */
			sheet_reading_release(&rd);
			assert_int_equal(sheet_read(&rd, "x", 1, sum, KEY, &other,
						    &jr, TODAY, &err), 0);
			expect_only(0, -1, NULL, "an item has 123 targets: too "
				    "many for the columns of a sheet");
		}
	}
	sb_release(&csv);
}

/* ============================================================================
 * sheet_read: what a filled-in sheet asks for
 * ========================================================================== */

static void test_read_untouched(void **state)
{
	char buf[64];

	(void)state;
	base_sheet(BASE_JOURNAL);
	read_doc();
	expect_records(0, 0);
	assert_int_equal(rd.rows, 8);
	assert_string_equal(rd.origin.unit, UNIT);
	assert_string_equal(rd.origin.period.text, "2024-06");
	assert_int_equal(rd.origin.period.year, 2024);
	assert_int_equal(rd.origin.period.month, 6);
	assert_string_equal(rd.origin.checksum, SUM);
	assert_date(rd.origin.as_of, "2024-06-30");
	assert_true(rd.origin.made == jr.latest);
	entry_format_time(rd.origin.made, buf, sizeof(buf));
	assert_string_equal(buf, BASE_MADE);
	/* the period is over: its records report on its last day */
	assert_date(rd.date, "2024-06-30");

	/* while the period runs, on today */
	read_bytes(doc.s, doc.len, ymd(2024, 6, 12));
	expect_records(0, 0);
	assert_date(rd.date, "2024-06-12");
	read_bytes(doc.s, doc.len, ymd(2024, 6, 1));
	expect_records(0, 0);
	assert_date(rd.date, "2024-06-01");
}

/* Fills in the sheet of BASE_JOURNAL as 区科工局 would. */
static void fill_in(void)
{
	/* item 1, 未启动: started, 30%, both targets, the note trimmed of
	 * spaces (an ideographic one too) */
	set_cell(R_1, C_NEW_STATUS, "推进中");
	set_cell(R_1, C_NEW_PERCENT, "30%");
	set_cell(R_1, C_NEW_NOTE, "  签约3个项目\xe3\x80\x80");
	set_cell(R_1, C_ACTUAL1, "38家");
	set_cell(R_1, C_ACTUAL1 + 1, "４５．５亿元");
	/* item 2, 推进中 40%: done */
	set_cell(R_2, C_NEW_STATUS, "已完成");
	set_cell(R_2, C_NEW_PERCENT, "100");
	set_cell(R_2, C_NEW_NOTE, "通过验收");
	/* item 22, 受阻: reopened */
	set_cell(R_22, C_NEW_STATUS, "推进中");
	set_cell(R_22, C_NEW_PERCENT, "２０");
	set_cell(R_22, C_NEW_NOTE, "资金已到位");
	/* item 23, 未启动: blocked, with a figure */
	set_cell(R_23, C_NEW_STATUS, "受阻");
	set_cell(R_23, C_NEW_NOTE, "用地未落实");
	set_cell(R_23, C_ACTUAL1 + 1, "75%");
	/* item 13, 参加: a note */
	set_cell(R_13, C_NEW_NOTE, "配合开展活动");
}

/* What fill_in() asks for. */
static void expect_filled(size_t already)
{
	expect_records(11, already);
	/* a start before progress; the note on the first record */
	expect_status(0, 6, 1, STATUS_IN_PROGRESS, "签约3个项目");
	expect_progress(1, 6, 1, 30, "");
	expect_actual(2, 6, 1, 1, "38", "");
	expect_actual(3, 6, 1, 2, "45.5", "");
	/* progress before done */
	expect_progress(4, 7, 2, 100, "通过验收");
	expect_status(5, 7, 2, STATUS_DONE, "");
	/* a reopen before progress */
	expect_status(6, 9, 22, STATUS_IN_PROGRESS, "资金已到位");
	expect_progress(7, 9, 22, 20, "");
	/* figures before blocked */
	expect_actual(8, 10, 23, 2, "75", "用地未落实");
	expect_status(9, 10, 23, STATUS_BLOCKED, "");
	expect_note(10, 11, 13, "配合开展活动");
	assert_int_equal(rd.rows, 8);
	assert_date(rd.date, "2024-06-30");
}

static void test_read_filled(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	read_doc();
	expect_filled(0);
}

/* The rows of doc as a workbook holds them, for sheet_read_rows(). */
struct book {
	struct sheet_row rows[64];
	char *cells[64][CSV_FIELDS_MAX];
	size_t n;
};

static int book_row(const struct csv_record *rec, void *ctx,
		    struct duban_error *err)
{
	struct book *b = ctx;

	(void)err;
	assert_true(b->n < 64);
	for (size_t k = 0; k < rec->count; k++)
		assert_non_null(b->cells[b->n][k] = strdup(rec->fields[k]));
	b->rows[b->n].cells = (const char *const *)b->cells[b->n];
	b->rows[b->n].n = rec->count;
	b->rows[b->n].line = (long)b->n + 1;
	b->n++;
	return 0;
}

static void book_set(struct book *b, int rec, int col, const char *value)
{
	free(b->cells[rec][col]);
	assert_non_null(b->cells[rec][col] = strdup(value));
}

static void book_free(struct book *b)
{
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < b->rows[i].n; k++)
			free(b->cells[i][k]);
}

/* A sheet returned as a workbook: a percent typed into a %-formatted cell
 * is its fraction, a figure a number, a read-only note re-typed as one;
 * read as the CSV is. */
static void test_read_rows(void **state)
{
	static struct book b;
	struct duban_error err;

	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	memset(&b, 0, sizeof(b));
	assert_int_equal(csv_read_buffer(doc.s, doc.len, "sheet", book_row, &b,
					 NULL, &err), 0);
	book_set(&b, R_1, C_NEW_PERCENT, "0.3");
	book_set(&b, R_1, C_ACTUAL1, "38");
	book_set(&b, R_2, C_NEW_PERCENT, "100.00%");
	sheet_reading_release(&rd);
	assert_int_equal(sheet_read_rows(&rd, b.rows, b.n, plan_sum, KEY, &plan,
					 &jr, TODAY, &err), 0);
	expect_filled(0);
	/* a changed read-only cell is still refused, at its row */
	book_set(&b, R_21, C_TEXT, "改过的工作内容");
	sheet_reading_release(&rd);
	assert_int_equal(sheet_read_rows(&rd, b.rows, b.n, plan_sum, KEY, &plan,
					 &jr, TODAY, &err), 0);
	expect_problems(1);
	assert_int_equal(rd.problems.v[0].line, R_21 + 1);
	assert_int_equal(rd.n, 0);
	book_free(&b);
}

/* Excel and WPS may leave out the empty cells at the end of a row, and
 * rewrite a date; neither is a change. */
static void test_read_spreadsheet_rewrites(void **state)
{
	size_t b, e;

	(void)state;
	base_sheet(BASE_JOURNAL);
	/* item 21's row cut after 当前进度(%) */
	field_span(&doc, R_21, C_PERCENT, &b, &e);
	{
		size_t b2, e2;

		field_span(&doc, R_21, C_LAST, &b2, &e2);
		splice(&doc, e, e2, "");
	}
	set_cell(R_1, C_DEADLINE, "2024/12/31");
	set_cell(R_2, C_DEADLINE, "2024年12月31日");
	set_cell(R_22, C_DEADLINE, "2024年12月底");
	/* a blank line, a row of empty cells: item 13 moves on to line 13
	 * (and to record R_13 + 2 of the sheet as edited here) */
	insert_before(R_13, "\r\n,,,,\r\n");
	set_cell(R_1, C_NEW_PERCENT, "10");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 6, 1, 10, "");
	assert_int_equal(rd.rows, 8);
	set_cell(R_13 + 2, C_NEW_NOTE, "配合");
	read_doc();
	expect_records(2, 0);
	expect_note(1, 13, 13, "配合");
}

/* A row left out of the sheet asks for nothing: it is not a change. */
static void test_read_row_left_out(void **state)
{
	size_t b, e;

	(void)state;
	base_sheet(BASE_JOURNAL);
	field_span(&doc, R_23, 0, &b, &e);
	{
		char *row = record_text(R_23);

		splice(&doc, b, b + strlen(row), "");
		free(row);
	}
	set_cell(R_13 - 1, C_NEW_NOTE, "配合");
	read_doc();
	expect_records(1, 0);
	expect_note(0, 10, 13, "配合");
	assert_int_equal(rd.rows, 7);
}

/* A cell spanning lines moves the rows after it: problems and records
 * carry the line each row starts on. */
static void test_read_line_numbers(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL
		   REC(ID("6"), AT("2024-06-21", "09:00:00"), "2024-06-21", "1",
		       "note", "", "", "督办室", "第一行\\n第二行\\n第三行"));
	/* item 1's 最近进展 holds two newlines: item 2 starts on line 9 */
	set_cell(R_2, C_NEW_PERCENT, "50");
	set_cell(R_15, C_NEW_NOTE, "第一行\r\n第二行");
	read_doc();
	expect_records(2, 0);
	expect_progress(0, 9, 2, 50, "");
	/* a CRLF inside a filled-in note becomes LF */
	expect_note(1, 15, 15, "第一行\n第二行");
	set_cell(R_2, C_NEW_PERCENT, "150");
	read_doc();
	expect_only(9, C_NEW_PERCENT, "本期进度(%)",
		    "\"150\" is not a percent from 0 to 100");
}

/* ============================================================================
 * sheet_read: what refuses a sheet
 * ========================================================================== */

#define CHANGED(was) "changed: only the 本期 columns are filled in (it was \"" \
	was "\")"

static void test_read_readonly_changed(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* valid fill-ins are not taken from a refused sheet */
	fill_in();
	set_cell(R_1, C_GOAL1, "规上工业企业数量>50家");
	set_cell(R_2, C_LEADERS, "徐志勇");
	set_cell(R_2, C_STATUS, "已完成");
	set_cell(R_2, C_PERCENT, "50");
	set_cell(R_2, C_LAST_NOTE, "已完成摸底");
	set_cell(R_21, C_ROLE, "参加");
	set_cell(R_21, C_UNITS, "区科工局");
	set_cell(R_21, C_DEADLINE, "2025-12-31");
	/* a long text is quoted by its first 24 characters */
	set_cell(R_22, C_TEXT, "加快主体培育");
	set_cell(R_23, C_GOAL1 + 2, "新目标");
	set_cell(R_13, C_PERCENT, "");
	read_doc();
	expect_problems(11);
	expect_problem(0, 6, C_GOAL1, "目标1", CHANGED("规上工业企业数量>40家"));
	expect_problem(1, 7, C_LEADERS, "牵头领导", CHANGED("徐志勇、杨峰"));
	expect_problem(2, 7, C_STATUS, "当前状态", CHANGED("推进中"));
	expect_problem(3, 7, C_PERCENT, "当前进度(%)", CHANGED("40"));
	expect_problem(4, 7, C_LAST_NOTE, "最近进展",
		       CHANGED("已完成摸底,\"数字\"企业"));
	expect_problem(5, 8, C_ROLE, "分工", CHANGED("牵头"));
	expect_problem(6, 8, C_UNITS, "责任单位",
		       CHANGED("区财政局、区金融办、区科工局"));
	expect_problem(7, 8, C_DEADLINE, "完成时限", CHANGED("2024-12-31"));
	expect_problem(8, 9, C_TEXT, "重点工作",
		       "changed: only the 本期 columns are filled in (it was "
		       "\"加快主体培育，深入实施梯队培育计划，力争入选独角…\")");
	expect_problem(9, 10, C_GOAL1 + 2, "目标3", CHANGED(""));
	expect_problem(10, 11, C_PERCENT, "当前进度(%)", CHANGED("0"));
	assert_int_equal(rd.rows, 8);
}

/* The note 最近进展 shows is formula-guarded: it matches as the sheet
 * wrote it, apostrophe and all. */
static void test_read_formula_guard(void **state)
{
	char *row;

	(void)state;
	base_sheet(BASE_JOURNAL);
	row = record_text(R_1);
	assert_non_null(strstr(row, ",'=SUM(A1),"));
	free(row);
	set_cell(R_1, C_NEW_PERCENT, "5");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 6, 1, 5, "");

	/* another formula, or the guard doubled, is a change */
	set_cell(R_1, C_LAST_NOTE, "'=SUM(A2)");
	read_doc();
	expect_only(6, C_LAST_NOTE, "最近进展", CHANGED("=SUM(A1)"));
	set_cell(R_1, C_LAST_NOTE, "''=SUM(A1)");
	read_doc();
	expect_only(6, C_LAST_NOTE, "最近进展", CHANGED("=SUM(A1)"));

	/* a note that starts with an apostrophe itself is written as it
	 * is, and must come back so: dropping its apostrophe is a change */
	base_sheet(BASE_JOURNAL
		   REC(ID("6"), AT("2024-06-21", "09:00:00"), "2024-06-21", "2",
		       "note", "", "", "督办室", "'=见附件"));
	row = record_text(R_2);
	assert_non_null(strstr(row, ",推进中,40,'=见附件,"));
	free(row);
	read_doc();
	expect_records(0, 0);
	set_cell(R_2, C_LAST_NOTE, "=见附件");
	read_doc();
	expect_only(7, C_LAST_NOTE, "最近进展", CHANGED("'=见附件"));

	/* every character the guard is for */
	base_sheet(BASE_JOURNAL
		   REC(ID("6"), AT("2024-06-21", "09:00:00"), "2024-06-21", "2",
		       "note", "", "", "督办室", "+1")
		   REC(ID("7"), AT("2024-06-21", "09:00:01"), "2024-06-21", "21",
		       "note", "", "", "督办室", "-已验收")
		   REC(ID("8"), AT("2024-06-21", "09:00:02"), "2024-06-21", "23",
		       "note", "", "", "督办室", "@张三")
		   REC(ID("9"), AT("2024-06-21", "09:00:03"), "2024-06-21", "13",
		       "note", "", "", "督办室", "\t缩进"));
	row = record_text(R_2);
	assert_non_null(strstr(row, ",推进中,40,'+1,"));
	free(row);
	row = record_text(R_21);
	assert_non_null(strstr(row, ",已完成,100,'-已验收,"));
	free(row);
	row = record_text(R_23);
	assert_non_null(strstr(row, ",未启动,0,'@张三,"));
	free(row);
	row = record_text(R_13);
	assert_non_null(strstr(row, ",未启动,0,'\t缩进,"));
	free(row);
	read_doc();
	expect_records(0, 0);
}

/* A spreadsheet may read the apostrophe that guards a formula as the
 * cell's text prefix and save the cell without it: =SUM(A1) where duban
 * wrote '=SUM(A1) is the same cell, and the sheet is taken. */
static void test_read_formula_guard_saved_bare(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_1, C_LAST_NOTE, "=SUM(A1)");
	set_cell(R_1, C_NEW_PERCENT, "5");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 6, 1, 5, "");
}

/* A note recorded with a CRLF in it (duban note -m with a Windows line
 * break; the journal keeps it as \r\n) is shown in 最近进展 exactly, CRLF
 * and all; read back untouched, or saved with LF, it is the same note. */
static void test_read_crlf_in_shown_note(void **state)
{
	char *row;

	(void)state;
	base_sheet(BASE_JOURNAL
		   REC(ID("6"), AT("2024-06-21", "09:00:00"), "2024-06-21", "2",
		       "note", "", "", "督办室", "第一行\\r\\n第二行"));
	row = record_text(R_2);
	assert_non_null(strstr(row, ",40,\"第一行\r\n第二行\","));
	free(row);
	read_doc();
	expect_records(0, 0);
	/* nor when a spreadsheet saved the line break as LF */
	set_cell(R_2, C_LAST_NOTE, "第一行\n第二行");
	read_doc();
	expect_records(0, 0);
}

/* The sheet shows the state as of 数据截至 from the records recorded up to
 * its time; a record cancelled (duban undo) after the sheet was made was
 * still shown on it, so the sheet is checked against the state with it. */
static void test_read_undo_after_sheet(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* the progress 40 of item 2, shown on the sheet, undone after it */
	assert_int_equal(sb_puts(&jtext,
		REC(ID2("d1"), AT("2024-06-25", "10:00:00"), "2024-06-25", "2",
		    "undo", ID("2"), "", "督办室", "")), 0);
	reload_journal(&plan);
	set_cell(R_2, C_NEW_PERCENT, "45");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 7, 2, 45, "");
}

static void test_read_rows_added(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* an item not in the plan, a row that is no item, an item the unit
	 * has no part in, ids that are no item number (0, -1, 1x, none), and
	 * a row of item 1 again */
	insert_before(-1, "57,牵头,新增工作,杨峰,区科工局,2024-12-31,未启动,0,"
		      ",,,,,推进中,,,,,,\r\n"
		      "合计,,,,,,,,,,,,,,,,,,,\r\n"
		      "3,牵头,,,,,,,,,,,,,,,,,,\r\n"
		      "0,,,,,,,,,,,,,,,,,,,\r\n"
		      "-1,,,,,,,,,,,,,,,,,,,\r\n"
		      "1x,,,,,,,,,,,,,,,,,,,\r\n"
		      ",,,,,,,,,,,,,,,,,,,备注\r\n");
	{
		char *row = record_text(R_1);

		insert_before(-1, row);
		free(row);
	}
	read_doc();
	expect_problems(8);
	expect_problem(0, 14, C_ID, "序号", "no item 57 in the plan: a row "
		       "added or its 序号 changed");
	expect_problem(1, 15, C_ID, "序号", "\"合计\" is not an item number: a "
		       "row added or its 序号 changed");
	expect_problem(2, 16, C_ID, "序号", "区科工局 neither leads nor takes "
		       "part in item 3: a row added or its 序号 changed");
	expect_problem(3, 17, C_ID, "序号", "\"0\" is not an item number: a "
		       "row added or its 序号 changed");
	expect_problem(4, 18, C_ID, "序号", "\"-1\" is not an item number: a "
		       "row added or its 序号 changed");
	expect_problem(5, 19, C_ID, "序号", "\"1x\" is not an item number: a "
		       "row added or its 序号 changed");
	expect_problem(6, 20, C_ID, "序号", "\"\" is not an item number: a "
		       "row added or its 序号 changed");
	expect_problem(7, 21, C_ID, "序号", "item 1 has a row already, on "
		       "line 6");
	assert_int_equal(rd.rows, 16);
}

static void test_read_id_changed(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* item 21's row given the id of item 20, led by 区国投集团 */
	set_cell(R_21, C_ID, "20");
	read_doc();
	expect_only(8, C_ID, "序号", "区科工局 neither leads nor takes part in "
		    "item 20: a row added or its 序号 changed");

	/* the row of item 15 given item 14's id: a second row of item 14,
	 * refused as such before its cells are compared */
	base_sheet(BASE_JOURNAL);
	set_cell(R_15, C_ID, "14");
	read_doc();
	expect_only(13, C_ID, "序号", "item 14 has a row already, on line 12");

	/* item 14's row given item 15's id, before item 15's own row */
	base_sheet(BASE_JOURNAL);
	set_cell(R_14, C_ID, "15");
	read_doc();
	expect_problems(2);
	expect_problem(0, 12, C_TEXT, "重点工作", CHANGED(
		       "依托江铃、阳光乳业、乔府食品等特色工业资源，大力…"));
	expect_problem(1, 13, C_ID, "序号", "item 15 has a row already, on "
		       "line 12");
}

static void test_read_duplicate_row(void **state)
{
	char *row;

	(void)state;
	base_sheet(BASE_JOURNAL);
	row = record_text(R_22);
	insert_before(R_23, row);
	free(row);
	set_cell(R_22, C_NEW_NOTE, "一");
	read_doc();
	expect_only(10, C_ID, "序号", "item 22 has a row already, on line 9");
}

static void test_read_unit(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_UNIT, 1, "区不存在局");
	read_doc();
	expect_only(1, 1, NULL, "\"区不存在局\" neither leads nor takes part "
		    "in any item of this plan");

	/* another unit's name, not signed for: the 签发码 says so */
	set_cell(R_UNIT, 1, "区商务局");
	read_doc();
	expect_only(3, 3, NULL, "the 签发码 does not match: this store did not "
		    "issue the sheet, or its 填报单位, 报送期间, 方案校验码 or "
		    "数据截至 was changed");

	/* signed for by the store all the same, the rows are still checked:
	 * a unit that only takes part has a sheet of its own, but not these
	 * rows of 区科工局's */
	set_cell(R_UNIT, 1, "区直相关单位");
	resign();
	read_doc();
	expect_problems(8);
	expect_problem(0, 6, C_ID, "序号", "区直相关单位 neither leads nor takes "
		       "part in item 1: a row added or its 序号 changed");
	expect_problem(7, 13, C_ID, "序号", "区直相关单位 neither leads nor takes "
		       "part in item 15: a row added or its 序号 changed");

	/* another lead unit's name over 区科工局's rows: it leads items 2
	 * and 13 of them, and has no part in the others */
	set_cell(R_UNIT, 1, "区商务局");
	resign();
	read_doc();
	expect_problems(7);
	expect_problem(0, 6, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 1: a row added or its 序号 changed");
	expect_problem(1, 8, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 21: a row added or its 序号 changed");
	expect_problem(2, 9, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 22: a row added or its 序号 changed");
	expect_problem(3, 10, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 23: a row added or its 序号 changed");
	expect_problem(4, 11, C_ROLE, "分工", CHANGED("牵头"));
	expect_problem(5, 12, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 14: a row added or its 序号 changed");
	expect_problem(6, 13, C_ID, "序号", "区商务局 neither leads nor takes "
		       "part in item 15: a row added or its 序号 changed");
}

static void test_read_checksum(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_CHECKSUM, 1, "0123456789abcdef");
	fill_in();
	read_doc();
	expect_only(3, 1, NULL, "the sheet was made from another plan (checksum "
		    "0123456789abcdef; this store's plan is " SUM "): make a new "
		    "sheet with duban sheet");
	assert_string_equal(rd.origin.checksum, "0123456789abcdef");

	set_cell(R_CHECKSUM, 1, SUM "0");
	read_doc();
	expect_only(3, 1, NULL, "the sheet was made from another plan (checksum "
		    SUM "0; this store's plan is " SUM "): make a new sheet with "
		    "duban sheet");

	set_cell(R_CHECKSUM, 1, "");
	read_doc();
	expect_only(3, 1, NULL, "the sheet was made from another plan (checksum "
		    "; this store's plan is " SUM "): make a new sheet with "
		    "duban sheet");

	/* upper case is the same checksum */
	set_cell(R_CHECKSUM, 1, "52A84507D1FEE312");
	read_doc();
	expect_filled(0);
}

/* The 签发码: made by the store's key alone, over the unit, the period,
 * the checksum and both parts of 数据截至; anything else is refused. */
static void test_read_token(void **state)
{
	static const char mismatch[] = "the 签发码 does not match: this store "
		"did not issue the sheet, or its 填报单位, 报送期间, 方案校验码 or "
		"数据截至 was changed";
	static const unsigned char other_key[] = "0123456789abcdef0123456789abcdeF";
	struct sheet_origin o = { 0 };
	char token[SHEET_TOKEN_LEN + 1];

	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	read_doc();
	expect_filled(0);
	assert_string_equal(rd.origin.token, TOKEN_0630);

	/* the period moved back: a late completion would look on time */
	set_cell(R_PERIOD, 1, "2024-05");
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	set_cell(R_PERIOD, 1, "2024年6月");	/* the same month, as WPS writes it */
	read_doc();
	expect_filled(0);

	/* 数据截至 moved or emptied */
	set_cell(R_AS_OF, 1, "2024-06-29");
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	set_cell(R_AS_OF, 1, "2024-06-30");
	set_cell(R_AS_OF, 2, "2024-06-20T15:00:00.000001+08:00");
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	set_cell(R_AS_OF, 2, "");
	read_doc();
	expect_only(4, 2, NULL, "\"\" is not the time the sheet was made");
	set_cell(R_AS_OF, 2, BASE_MADE);

	/* one digit of the token changed, the token gone, its label gone */
	set_cell(R_CHECKSUM, 3, "D1-e056852176b0caee54b481782a952e922f2ea67a6a93e1468a832ea0a4fad7be");
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	set_cell(R_CHECKSUM, 3, "");
	read_doc();
	expect_only(3, 2, NULL, "the sheet has no 签发码: it was not issued by "
		    "this store; make one with duban sheet");
	set_cell(R_CHECKSUM, 3, TOKEN_0630);
	set_cell(R_CHECKSUM, 2, "签名");
	read_doc();
	expect_only(3, 2, NULL, "the sheet has no 签发码: it was not issued by "
		    "this store; make one with duban sheet");
	set_cell(R_CHECKSUM, 2, "签发码");
	read_doc();
	expect_filled(0);

	/* as a spreadsheet may give it back: forced to text, padded, in
	 * capitals */
	set_cell(R_CHECKSUM, 3, "'" TOKEN_0630);
	read_doc();
	expect_filled(0);
	set_cell(R_CHECKSUM, 3, " D1-E056852176B0CAEE54B481782A952E922F2EA67A6A93E1468A832EA0A4FAD7BF ");
	read_doc();
	expect_filled(0);
	set_cell(R_CHECKSUM, 3, TOKEN_0630 "0");	/* one digit more */
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	set_cell(R_CHECKSUM, 3, TOKEN_0630);

	/* a sheet signed by another store's key is not this store's */
	o.unit = UNIT;
	o.as_of = ymd(2024, 6, 30);
	assert_int_equal(period_parse("2024-06", &o.period), 0);
	memcpy(o.checksum, SUM, sizeof(o.checksum));
	assert_int_equal(entry_parse_time(BASE_MADE, &o.made), 0);
	sheet_token(&o, other_key, sizeof(other_key) - 1, token);
	assert_string_not_equal(token, TOKEN_0630);
	set_cell(R_CHECKSUM, 3, token);
	read_doc();
	expect_only(3, 3, NULL, mismatch);
	/* and the same origin under this key is the token above */
	sheet_token(&o, KEY, token);
	assert_string_equal(token, TOKEN_0630);
}

static void test_read_headers(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_HEADERS, C_NEW_NOTE, "进展");
	read_doc();
	expect_only(5, C_NEW_NOTE, NULL, "the header \"进展\" should be "
		    "\"本期进展\": the plan's columns cannot be changed");

	/* a column added, one taken away */
	base_sheet(BASE_JOURNAL);
	set_raw(R_HEADERS, C_LAST, "本期实际4,备注");
	read_doc();
	expect_only(5, 20, NULL, "the header \"备注\" should be \"\": the plan's "
		    "columns cannot be changed");
	base_sheet(BASE_JOURNAL);
	{
		size_t b, e, b2, e2;

		field_span(&doc, R_HEADERS, C_LAST - 1, &b, &e);
		field_span(&doc, R_HEADERS, C_LAST, &b2, &e2);
		splice(&doc, e, e2, "");
	}
	read_doc();
	expect_only(5, C_LAST, NULL, "the header \"\" should be \"本期实际4\": "
		    "the plan's columns cannot be changed");

	/* two swapped */
	base_sheet(BASE_JOURNAL);
	set_cell(R_HEADERS, C_NEW_STATUS, "本期进度(%)");
	set_cell(R_HEADERS, C_NEW_PERCENT, "本期状态");
	read_doc();
	expect_problems(2);
	expect_problem(0, 5, C_NEW_STATUS, NULL, "the header \"本期进度(%)\" "
		       "should be \"本期状态\": the plan's columns cannot be "
		       "changed");
	expect_problem(1, 5, C_NEW_PERCENT, NULL, "the header \"本期状态\" "
		       "should be \"本期进度(%)\": the plan's columns cannot be "
		       "changed");

	/* empty header cells after the last column are no change */
	base_sheet(BASE_JOURNAL);
	set_raw(R_HEADERS, C_LAST, "本期实际4,,");
	read_doc();
	expect_records(0, 0);
}

static void test_read_opening_rows(void **state)
{
	(void)state;
	/* every labelled row checked, every problem listed */
	base_sheet(BASE_JOURNAL);
	set_cell(R_UNIT, 0, "单位");
	set_cell(R_PERIOD, 1, "June");
	set_cell(R_CHECKSUM, 0, "校验码");
	set_cell(R_AS_OF, 1, "yesterday");
	set_cell(R_AS_OF, 2, "noon");
	read_doc();
	expect_problems(5);
	expect_problem(0, 1, 0, NULL, "expected \"填报单位\" here: this is not a "
		       "duban fill-in sheet, or its opening rows were changed");
	expect_problem(1, 2, 1, NULL, "\"June\" is not a month such as 2024-06");
	expect_problem(2, 3, 0, NULL, "expected \"方案校验码\" here: this is not "
		       "a duban fill-in sheet, or its opening rows were changed");
	expect_problem(3, 4, 1, NULL, "\"yesterday\" is not a date");
	expect_problem(4, 4, 2, NULL, "\"noon\" is not the time the sheet was "
		       "made");

	base_sheet(BASE_JOURNAL);
	set_cell(R_PERIOD, 0, "报送月份");
	set_cell(R_AS_OF, 0, "截至");
	read_doc();
	expect_problems(2);
	expect_problem(0, 2, 0, NULL, "expected \"报送期间\" here: this is not a "
		       "duban fill-in sheet, or its opening rows were changed");
	expect_problem(1, 4, 0, NULL, "expected \"数据截至\" here: this is not a "
		       "duban fill-in sheet, or its opening rows were changed");

	/* a month and a date as a spreadsheet may rewrite them */
	base_sheet(BASE_JOURNAL);
	set_cell(R_PERIOD, 1, "2024年6月");
	set_cell(R_AS_OF, 1, "2024/06/30");
	fill_in();
	read_doc();
	expect_filled(0);
	assert_string_equal(rd.origin.period.text, "2024-06");
}

static void test_read_period(void **state)
{
	(void)state;
	/* a period that has not begun */
	load_journal(BASE_JOURNAL);
	build_for(&plan, plan_sum, UNIT, "2024-08", ymd(2024, 6, 30));
	read_doc();
	expect_only(2, 1, NULL, "the period 2024-08 has not begun");
	/* the day it begins it may be read, reporting on that day */
	read_bytes(doc.s, doc.len, ymd(2024, 8, 1));
	expect_records(0, 0);
	assert_date(rd.date, "2024-08-01");

	/* a period that runs: today */
	build_for(&plan, plan_sum, UNIT, "2024-07", ymd(2024, 6, 30));
	set_cell(R_1, C_NEW_NOTE, "七月");
	read_doc();
	expect_records(1, 0);
	expect_note(0, 6, 1, "七月");
	assert_date(rd.date, "2024-07-05");
	assert_string_equal(rd.origin.period.text, "2024-07");
	/* an old one: its last day */
	build_for(&plan, plan_sum, UNIT, "2024-02", ymd(2024, 6, 30));
	read_doc();
	assert_date(rd.date, "2024-02-29");
}

static void test_read_not_a_sheet(void **state)
{
	(void)state;
	load_journal(BASE_JOURNAL);
	read_bytes("", 0, TODAY);
	expect_only(1, -1, NULL, "the file is empty");
	read_bytes(BOM, 3, TODAY);
	expect_only(1, -1, NULL, "the file is empty");

	read_bytes(BOM "填报单位,区科工局\r\n报送期间,2024-06\r\n",
		   strlen(BOM "填报单位,区科工局\r\n报送期间,2024-06\r\n"),
		   TODAY);
	expect_only(2, -1, NULL, "not a duban fill-in sheet: it lacks the "
		    "opening rows (填报单位, 报送期间, 方案校验码, 数据截至 and the "
		    "column headers)");
	read_bytes("\r\n\r\n", 4, TODAY);
	expect_only(1, -1, NULL, "not a duban fill-in sheet: it lacks the "
		    "opening rows (填报单位, 报送期间, 方案校验码, 数据截至 and the "
		    "column headers)");

	/* the items.csv of the plan is no sheet */
	{
		size_t n;
		const char *buf = bundled_plan(&n);

		read_bytes(buf, n, TODAY);
		/* four labels, and item 4's record against 20 headers */
		expect_problems(24);
		expect_problem(0, 1, 0, NULL, "expected \"填报单位\" here: this is "
			       "not a duban fill-in sheet, or its opening rows "
			       "were changed");
		expect_problem(1, 2, 0, NULL, "expected \"报送期间\" here: this is "
			       "not a duban fill-in sheet, or its opening rows "
			       "were changed");
		expect_problem(2, 3, 0, NULL, "expected \"方案校验码\" here: this "
			       "is not a duban fill-in sheet, or its opening rows "
			       "were changed");
		expect_problem(3, 4, 0, NULL, "expected \"数据截至\" here: this is "
			       "not a duban fill-in sheet, or its opening rows "
			       "were changed");
		expect_problem(4, 5, 0, NULL, "the header \"4\" should be "
			       "\"序号\": the plan's columns cannot be changed");
		expect_problem(23, 5, 19, NULL, "the header \"\" should be "
			       "\"本期实际4\": the plan's columns cannot be changed");
	}

	/* a zip file given as CSV bytes: workbooks are read by
	 * sheet_read_book() */
	read_bytes("PK\003\004\024\000\010\000", 8, TODAY);
	expect_only(0, -1, NULL, "a zip archive, but not a workbook (.xlsx) "
		    "that can be read, nor CSV");

	/* broken quoting, with its line */
	base_sheet(BASE_JOURNAL);
	set_raw(R_2, C_NEW_NOTE, "a\"b");
	read_doc();
	expect_only(7, -1, NULL, "malformed quoting: a '\"' inside an unquoted "
		    "field, or text after a closing quote");
	base_sheet(BASE_JOURNAL);
	set_raw(R_21, C_NEW_NOTE, "\"never closed");
	read_doc();
	expect_only(8, -1, NULL, "a quoted field opened here never closes");
	/* a control character */
	base_sheet(BASE_JOURNAL);
	set_raw(R_22, C_NEW_NOTE, "a\x01" "b");
	read_doc();
	expect_only(9, -1, NULL, "control character 0x01 in field 16");
}

/* ============================================================================
 * sheet_read: encodings and line ends
 * ========================================================================== */

static void test_read_no_bom_lf(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	/* no byte order mark */
	read_bytes(doc.s + 3, doc.len - 3, TODAY);
	expect_filled(0);
	/* LF line ends */
	to_lf();
	assert_null(memchr(doc.s, '\r', doc.len));
	read_doc();
	expect_filled(0);
	read_bytes(doc.s + 3, doc.len - 3, TODAY);
	expect_filled(0);
	/* no newline after the last row */
	assert_int_equal(doc.s[doc.len - 1], '\n');
	read_bytes(doc.s, doc.len - 1, TODAY);
	expect_filled(0);
}

static void test_read_gbk(void **state)
{
	struct strbuf gbk = STRBUF_INIT;
	size_t bad = 0;

	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	/* as Excel saves CSV on Chinese Windows: GBK, no byte order mark */
	assert_int_equal(text_to_gbk(doc.s + 3, doc.len - 3, &gbk, &bad), 0);
	assert_non_null(text_invalid_utf8(gbk.s, gbk.len));
	read_bytes(gbk.s, gbk.len, TODAY);
	expect_filled(0);
	assert_string_equal(rd.origin.unit, UNIT);

	/* with LF line ends too */
	to_lf();
	assert_int_equal(sb_reset(&gbk), 0);
	assert_int_equal(text_to_gbk(doc.s + 3, doc.len - 3, &gbk, &bad), 0);
	read_bytes(gbk.s, gbk.len, TODAY);
	expect_filled(0);

	/* a GBK sheet is checked as any other: problems on their lines */
	set_cell(R_21, C_NEW_STATUS, "完了");
	assert_int_equal(sb_reset(&gbk), 0);
	assert_int_equal(text_to_gbk(doc.s + 3, doc.len - 3, &gbk, &bad), 0);
	read_bytes(gbk.s, gbk.len, TODAY);
	expect_only(8, C_NEW_STATUS, "本期状态", "\"完了\" is not a status: "
		    "write 未启动, 推进中, 已完成 or 受阻");
	sb_release(&gbk);
}

static void test_read_bad_bytes(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* neither UTF-8 nor GBK: the line of the first bad byte */
	set_raw(R_2, C_NEW_NOTE, "\xff\xff");
	read_bytes(doc.s + 3, doc.len - 3, TODAY);
	expect_only(7, -1, NULL, "bytes that are neither UTF-8 nor GBK text");

	/* with a byte order mark the file is UTF-8: the bad bytes are
	 * refused as such */
	read_doc();
	expect_only(7, -1, NULL, "bytes that are not UTF-8 text");
}

/* ============================================================================
 * sheet_read: values and the status rules
 * ========================================================================== */

static void test_read_bad_values(void **state)
{
	char *long_note;

	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_1, C_NEW_STATUS, "完成");
	set_cell(R_1, C_NEW_PERCENT, "101");
	set_cell(R_1, C_ACTUAL1, "abc");
	set_cell(R_1, C_ACTUAL1 + 1, "38件");		/* not its unit */
	set_cell(R_1, C_ACTUAL1 + 2, "5");		/* 2 targets */
	set_cell(R_2, C_NEW_PERCENT, "-5");
	set_cell(R_2, C_ACTUAL1 + 1, "1");		/* 1 target */
	set_cell(R_21, C_ACTUAL1, "1");			/* no target */
	set_cell(R_22, C_NEW_PERCENT, "50.5");
	set_cell(R_23, C_ACTUAL1, "1,00");		/* not grouped by threes */
	read_doc();
	expect_problems(10);
	expect_problem(0, 6, C_NEW_STATUS, "本期状态", "\"完成\" is not a status: "
		       "write 未启动, 推进中, 已完成 or 受阻");
	expect_problem(1, 6, C_NEW_PERCENT, "本期进度(%)", "\"101\" is not a "
		       "percent from 0 to 100");
	expect_problem(2, 6, C_ACTUAL1, "本期实际1", "\"abc\" is not a figure "
		       "(write 38, 4.5, 1,234 or 38家)");
	expect_problem(3, 6, C_ACTUAL1 + 1, "本期实际2", "\"38件\" is not a "
		       "figure (write 38, 4.5, 1,234 or 38亿元)");
	expect_problem(4, 6, C_ACTUAL1 + 2, "本期实际3", "item 1 has 2 targets: "
		       "there is no target 3 to report on");
	expect_problem(5, 7, C_NEW_PERCENT, "本期进度(%)", "\"-5\" is not a "
		       "percent from 0 to 100");
	expect_problem(6, 7, C_ACTUAL1 + 1, "本期实际2", "item 2 has 1 target: "
		       "there is no target 2 to report on");
	expect_problem(7, 8, C_ACTUAL1, "本期实际1", "item 21 has no targets to "
		       "report on");
	expect_problem(8, 9, C_NEW_PERCENT, "本期进度(%)", "\"50.5\" is not a "
		       "percent from 0 to 100");
	expect_problem(9, 10, C_ACTUAL1, "本期实际1", "\"1,00\" is not a figure "
		       "(write 38, 4.5, 1,234 or 38家)");

	/* values as typed: keys, full-width digits, spaces, a unit */
	base_sheet(BASE_JOURNAL);
	set_cell(R_1, C_NEW_STATUS, " in-progress ");
	set_cell(R_1, C_NEW_PERCENT, "６０％");
	set_cell(R_1, C_ACTUAL1, "41 家");
	set_cell(R_1, C_ACTUAL1 + 1, "60.25");
	read_doc();
	expect_records(4, 0);
	expect_status(0, 6, 1, STATUS_IN_PROGRESS, "");
	expect_progress(1, 6, 1, 60, "");
	expect_actual(2, 6, 1, 1, "41", "");
	expect_actual(3, 6, 1, 2, "60.25", "");

	/* as a spreadsheet may hand them back: a percent cell's value, a
	 * figure grouped by thousands */
	base_sheet(BASE_JOURNAL);
	set_cell(R_1, C_NEW_PERCENT, "0.45");
	set_cell(R_1, C_ACTUAL1, "1,234");
	set_cell(R_1, C_ACTUAL1 + 1, "1,234,567.5亿元");
	read_doc();
	expect_records(3, 0);
	expect_progress(0, 6, 1, 45, "");
	expect_actual(1, 6, 1, 1, "1234", "");
	expect_actual(2, 6, 1, 2, "1234567.5", "");

	/* a note of 8000 bytes is taken, one of 8001 is not */
	long_note = malloc(8002);
	assert_non_null(long_note);
	memset(long_note, 'x', 8001);
	long_note[8001] = '\0';
	base_sheet(BASE_JOURNAL);
	set_cell(R_14, C_NEW_NOTE, long_note);
	read_doc();
	expect_only(12, C_NEW_NOTE, "本期进展", "a note of 8001 bytes; the limit "
		    "is 8000");
	long_note[8000] = '\0';
	set_cell(R_14, C_NEW_NOTE, long_note);
	read_doc();
	expect_records(1, 0);
	expect_note(0, 12, 14, long_note);
	free(long_note);
}

/* A long value is quoted by its first characters, so the message stays
 * UTF-8 and says what is wrong. */
static void test_read_long_value_in_message(void **state)
{
	char value[1201];
	const char *msg;

	(void)state;
	for (int k = 0; k < 400; k++)
		memcpy(value + 3 * k, "完", 3);
	value[1200] = '\0';
	base_sheet(BASE_JOURNAL);
	set_cell(R_1, C_NEW_STATUS, value);
	read_doc();
	expect_problems(1);
	msg = rd.problems.v[0].msg;
	assert_null(text_invalid_utf8(msg, strlen(msg)));
	assert_non_null(strstr(msg, "is not a status: write 未启动, 推进中, "
			       "已完成 or 受阻"));
}

/* On a 参加 row only 本期进展 is filled in. */
static void test_read_participant_rows(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_13, C_NEW_STATUS, "推进中");
	set_cell(R_13, C_NEW_PERCENT, "50");
	set_cell(R_14, C_NEW_PERCENT, "50");
	set_cell(R_14, C_NEW_NOTE, "配合");
	set_cell(R_15, C_ACTUAL1, "3");
	set_cell(R_15, C_ACTUAL1 + 3, "4");
	read_doc();
	expect_problems(4);
	expect_problem(0, 11, C_NEW_STATUS, "本期状态", "item 13 is led by "
		       "another unit: on a 参加 row only 本期进展 is filled in");
	expect_problem(1, 12, C_NEW_PERCENT, "本期进度(%)", "item 14 is led by "
		       "another unit: on a 参加 row only 本期进展 is filled in");
	expect_problem(2, 13, C_ACTUAL1, "本期实际1", "item 15 is led by "
		       "another unit: on a 参加 row only 本期进展 is filled in");
	expect_problem(3, 13, C_ACTUAL1 + 3, "本期实际4", "item 15 is led by "
		       "another unit: on a 参加 row only 本期进展 is filled in");
}

static void test_read_cells_beyond(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_raw(R_14, C_LAST, ",,x");
	set_raw(R_15, C_LAST, ",");		/* empty: no change */
	read_doc();
	expect_only(12, 21, NULL, "a cell beyond the sheet's columns: only the "
		    "本期 columns are filled in");
}

/* 受阻 needs a note in 本期进展. */
static void test_status_blocked_needs_note(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_23, C_NEW_STATUS, "受阻");
	read_doc();
	expect_only(10, C_NEW_NOTE, "本期进展", "受阻 needs a note in 本期进展 "
		    "saying why");
	/* spaces are no note */
	set_cell(R_23, C_NEW_NOTE, " \xe3\x80\x80 ");
	read_doc();
	expect_only(10, C_NEW_NOTE, "本期进展", "受阻 needs a note in 本期进展 "
		    "saying why");
	/* by its key too */
	set_cell(R_23, C_NEW_STATUS, "blocked");
	read_doc();
	expect_only(10, C_NEW_NOTE, "本期进展", "受阻 needs a note in 本期进展 "
		    "saying why");
	set_cell(R_23, C_NEW_NOTE, "征地未完成");
	read_doc();
	expect_records(1, 0);
	expect_status(0, 10, 23, STATUS_BLOCKED, "征地未完成");
	/* progress with it goes first, and takes the note */
	set_cell(R_23, C_NEW_PERCENT, "10");
	read_doc();
	expect_records(2, 0);
	expect_progress(0, 10, 23, 10, "征地未完成");
	expect_status(1, 10, 23, STATUS_BLOCKED, "");
}

/* An item 已完成 takes no progress below 100 unless reopened. */
static void test_status_done_item(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	set_cell(R_21, C_NEW_PERCENT, "80");
	read_doc();
	expect_only(8, C_NEW_PERCENT, "本期进度(%)", "item 21 is 已完成: write "
		    "推进中 in 本期状态 to reopen it");
	set_cell(R_21, C_NEW_STATUS, "已完成");
	read_doc();
	expect_only(8, C_NEW_PERCENT, "本期进度(%)", "item 21 is 已完成: write "
		    "推进中 in 本期状态 to reopen it");
	/* 100% and 已完成 change nothing: no record, or only the note */
	set_cell(R_21, C_NEW_PERCENT, "100");
	read_doc();
	expect_records(0, 0);
	set_cell(R_21, C_NEW_NOTE, "已验收");
	read_doc();
	expect_records(1, 0);
	expect_note(0, 8, 21, "已验收");
	/* reopened, it takes progress */
	set_cell(R_21, C_NEW_STATUS, "推进中");
	set_cell(R_21, C_NEW_PERCENT, "80");
	read_doc();
	expect_records(2, 0);
	expect_status(0, 8, 21, STATUS_IN_PROGRESS, "已验收");
	expect_progress(1, 8, 21, 80, "");
	/* blocked from done: reopen first */
	set_cell(R_21, C_NEW_STATUS, "受阻");
	set_cell(R_21, C_NEW_PERCENT, "");
	read_doc();
	expect_only(8, C_NEW_STATUS, "本期状态", "item 21 is 已完成: it is done; "
		    "reopen it first");
	/* a figure for a done item is taken */
	base_sheet(BASE_JOURNAL);
	set_cell(R_21, C_NEW_STATUS, "已完成");
	set_cell(R_2, C_ACTUAL1, "16亿元");
	read_doc();
	expect_records(1, 0);
	expect_actual(0, 7, 2, 1, "16", "");
}

/* A status equal to the current one records only its note, carried to
 * the next record of the row, else a note of its own. */
static void test_status_unchanged(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* item 2 is 推进中, and the journal has 区科工局's own 推进中 of
	 * 2024-06-03: the same record, left out as the journal's */
	set_cell(R_2, C_NEW_STATUS, "推进中");
	read_doc();
	expect_records(0, 1);
	set_cell(R_2, C_NEW_NOTE, "继续推进");
	read_doc();
	expect_records(1, 0);
	expect_note(0, 7, 2, "继续推进");
	set_cell(R_2, C_NEW_PERCENT, "50");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 7, 2, 50, "继续推进");
	set_cell(R_2, C_NEW_PERCENT, "");
	set_cell(R_2, C_ACTUAL1, "12");
	read_doc();
	expect_records(1, 0);
	expect_actual(0, 7, 2, 1, "12", "继续推进");

	/* item 22 is 受阻: 受阻 again with its note is a note */
	set_cell(R_22, C_NEW_STATUS, "受阻");
	set_cell(R_22, C_NEW_NOTE, "仍在等待审批");
	read_doc();
	expect_records(2, 0);
	expect_actual(0, 7, 2, 1, "12", "继续推进");
	expect_note(1, 9, 22, "仍在等待审批");
	set_cell(R_22, C_NEW_PERCENT, "5");
	read_doc();
	expect_records(2, 0);
	expect_progress(1, 9, 22, 5, "仍在等待审批");

	/* item 23 is 未启动: 未启动 again changes nothing */
	set_cell(R_23, C_NEW_STATUS, "未启动");
	read_doc();
	expect_records(2, 0);
	set_cell(R_23, C_NEW_NOTE, "尚未开工");
	read_doc();
	expect_records(3, 0);
	expect_note(2, 10, 23, "尚未开工");
	/* but progress starts it: 未启动 then stands alone as nothing */
	set_cell(R_23, C_NEW_PERCENT, "5");
	read_doc();
	expect_records(3, 0);
	expect_progress(2, 10, 23, 5, "尚未开工");
}

static void test_status_refused(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* item 2, 推进中, back to 未启动: refused; item 22 reopened and
	 * item 23 done from 未启动 are changes the items can take */
	set_cell(R_2, C_NEW_STATUS, "未启动");
	set_cell(R_22, C_NEW_STATUS, "推进中");
	set_cell(R_23, C_NEW_STATUS, "已完成");
	read_doc();
	expect_only(7, C_NEW_STATUS, "本期状态", "item 2 is 推进中: a started item "
		    "cannot go back to not started; block or reopen it instead");

	/* the same changes without the refused one */
	base_sheet(BASE_JOURNAL);
	set_cell(R_22, C_NEW_STATUS, "推进中");
	set_cell(R_23, C_NEW_STATUS, "已完成");
	set_cell(R_23, C_NEW_PERCENT, "60");
	set_cell(R_13, C_NEW_NOTE, "配合");
	read_doc();
	expect_records(4, 0);
	expect_status(0, 9, 22, STATUS_IN_PROGRESS, "");
	/* done with less than 100% for an open item: the progress is
	 * recorded, then done */
	expect_progress(1, 10, 23, 60, "");
	expect_status(2, 10, 23, STATUS_DONE, "");
	expect_note(3, 11, 13, "配合");
	/* 已完成 needs no progress of 100 with it */
	set_cell(R_23, C_NEW_PERCENT, "");
	read_doc();
	expect_records(3, 0);
	expect_status(1, 10, 23, STATUS_DONE, "");
}

/* ============================================================================
 * sheet_read: a sheet merged twice records once
 * ========================================================================== */

/* Appends the records of rd to the journal (jtext) as a merge would, with
 * journal_append, as one batch: by the unit, on rd.date, recorded at
 * 2024-07-05 from 10:00 on, one a microsecond.  A format 1 journal is
 * rewritten in format 2 by it. */
static void merge_records(int first_id)
{
	struct entry *e = calloc(rd.n ? rd.n : 1, sizeof(*e));
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	char path[256], chunk[4096];
	size_t got;
	FILE *fp;

	assert_non_null(e);
	for (size_t i = 0; i < rd.n; i++) {
		const struct sheet_record *c = &rd.records[i];

		snprintf(e[i].id, sizeof(e[i].id), "%032x",
			 first_id + (unsigned)i);
		snprintf(e[i].batch, sizeof(e[i].batch), "%.16s", e[0].id);
		e[i].batch_size = rd.n;
		assert_int_equal(entry_parse_time("2024-07-05T10:00:00+08:00",
						  &e[i].recorded), 0);
		e[i].recorded += (int64_t)i;
		e[i].date = rd.date;
		e[i].item = c->item;
		e[i].kind = c->kind;
		e[i].status = c->status;
		e[i].percent = c->percent;
		e[i].target = c->target;
		e[i].target_key = c->target_key;
		e[i].figure = c->figure;
		e[i].by = rd.origin.unit;
		e[i].note = c->note;
	}
	snprintf(path, sizeof(path), "%s/journal.csv", tmpdir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(jtext.s, 1, jtext.len, fp), jtext.len);
	assert_int_equal(fclose(fp), 0);
	error_clear(&err);
	if (journal_load(&j, path, "journal.csv", &plan, &err) ||
	    journal_append(path, &j, e, rd.n, &err))
		fail_msg("journal: %ld: %s", err.line, err.msg);
	journal_release(&j);
	free(e);
	/* the journal as it is now */
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(sb_reset(&jtext), 0);
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		assert_int_equal(sb_add(&jtext, chunk, got), 0);
	assert_int_equal(ferror(fp), 0);
	assert_int_equal(fclose(fp), 0);
	unlink(path);
}

static void test_merged_twice(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	fill_in();
	read_doc();
	expect_filled(0);
	merge_records(0x100);
	reload_journal(&plan);
	assert_int_equal(jr.n, 16);
	assert_int_equal(jr.version, 2);
	assert_int_equal(memcmp(jtext.s, JOURNAL_HEADER "\n",
				strlen(JOURNAL_HEADER "\n")), 0);
	/* the sheet still shows the state it was made with */
	read_doc();
	expect_records(0, 11);
	/* once more */
	read_doc();
	expect_records(0, 11);
	/* a cell changed since: only what is new is asked for */
	set_cell(R_1, C_NEW_PERCENT, "35");
	set_cell(R_14, C_NEW_NOTE, "补充");
	read_doc();
	expect_records(2, 10);
	expect_progress(0, 6, 1, 35, "");
	expect_note(1, 12, 14, "补充");
}

/* Only live records by the unit dated in the period count. */
static void test_already_by_unit_in_period(void **state)
{
	int64_t since;

	(void)state;
	base_sheet(BASE_JOURNAL);
	/* made from BASE_JOURNAL; records added after it */
	assert_int_equal(sb_puts(&jtext,
		/* by 区科工局 in June: these are in the journal already */
		REC(ID2("a1"), AT("2024-07-01", "10:00:00"), "2024-06-30", "1",
		    "status", "in-progress", "", UNIT, "签约3个项目")
		REC(ID2("a2"), AT("2024-07-01", "10:00:01"), "2024-06-30", "1",
		    "progress", "30", "", UNIT, "")
		REC(ID2("a3"), AT("2024-07-01", "10:00:02"), "2024-06-28", "1",
		    "actual", "38", "1", UNIT, "")
		/* by another: not the unit's report */
		REC(ID2("a4"), AT("2024-07-01", "10:00:03"), "2024-06-30", "13",
		    "note", "", "", "督办室", "配合开展活动")
		/* in May: another period */
		REC(ID2("a5"), AT("2024-07-01", "10:00:04"), "2024-05-31", "23",
		    "actual", "75", "2", UNIT, "")
		/* cancelled */
		REC(ID2("a6"), AT("2024-07-01", "10:00:05"), "2024-06-30", "2",
		    "progress", "100", "", UNIT, "通过验收")
		REC(ID2("a7"), AT("2024-07-01", "10:00:06"), "2024-06-30", "2",
		    "undo", ID2("a6"), "", UNIT, "")
		/* the same figure with another note is another record */
		REC(ID2("a8"), AT("2024-07-01", "10:00:07"), "2024-06-30", "1",
		    "actual", "45.5", "2", UNIT, "另计")), 0);
	reload_journal(&plan);
	fill_in();
	read_doc();
	expect_records(8, 3);
	/* the unit reported since the sheet was made: merge says so */
	assert_int_equal(entry_parse_time(AT("2024-07-01", "10:00:07"), &since), 0);
	assert_int_equal(rd.unit_since, since);
	expect_actual(0, 6, 1, 2, "45.5", "");
	expect_progress(1, 7, 2, 100, "通过验收");
	expect_status(2, 7, 2, STATUS_DONE, "");
	expect_status(3, 9, 22, STATUS_IN_PROGRESS, "资金已到位");
	expect_progress(4, 9, 22, 20, "");
	expect_actual(5, 10, 23, 2, "75", "用地未落实");
	expect_status(6, 10, 23, STATUS_BLOCKED, "");
	expect_note(7, 11, 13, "配合开展活动");

	/* reported by another unit's name is not this unit's report either */
	base_sheet(BASE_JOURNAL
		   REC(ID2("b1"), AT("2024-06-25", "10:00:00"), "2024-06-25",
		       "2", "progress", "60", "", "区商务局", ""));
	set_cell(R_2, C_NEW_PERCENT, "60");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 7, 2, 60, "");
	/* another unit's report is no sign of a sheet sent again */
	assert_int_equal(rd.unit_since, 0);
}

/* A status the sheet showed, and the office changed since, restated by the
 * unit is no request to change it back: the item is not reopened. */
static void test_restated_status_not_reopened(void **state)
{
	(void)state;
	/* item 23 started by the office: 推进中 on the sheet */
	base_sheet(BASE_JOURNAL
		   REC(ID2("e0"), AT("2024-06-20", "15:00:01"), "2024-06-20",
		       "23", "status", "in-progress", "", "督办室", ""));
	/* the office closes it afterwards */
	assert_int_equal(sb_puts(&jtext,
		REC(ID2("e1"), AT("2024-07-01", "10:00:00"), "2024-06-30", "23",
		    "status", "done", "", "督办室", "验收")), 0);
	reload_journal(&plan);
	set_cell(R_23, C_NEW_STATUS, "推进中");
	set_cell(R_23, C_NEW_PERCENT, "50");
	read_doc();
	expect_problems(2);
	expect_problem(0, 10, C_NEW_STATUS, "本期状态", "item 23 is 已完成 since "
		       "the sheet was made (it showed 推进中): to change it, fill "
		       "in a new sheet");
	expect_problem(1, 10, C_NEW_PERCENT, "本期进度(%)", "item 23 is 已完成: "
		       "write 推进中 in 本期状态 to reopen it");
	/* 受阻 asked for is a change, refused as the update commands would */
	set_cell(R_23, C_NEW_STATUS, "受阻");
	set_cell(R_23, C_NEW_PERCENT, "");
	set_cell(R_23, C_NEW_NOTE, "资金未到位");
	read_doc();
	expect_problems(1);
	/* while still as shown, 推进中 restated changes nothing: progress taken */
	base_sheet(BASE_JOURNAL
		   REC(ID2("e0"), AT("2024-06-20", "15:00:01"), "2024-06-20",
		       "23", "status", "in-progress", "", "督办室", ""));
	set_cell(R_23, C_NEW_STATUS, "推进中");
	set_cell(R_23, C_NEW_PERCENT, "50");
	read_doc();
	expect_records(1, 0);
	expect_progress(0, 10, 23, 50, "");
}

/* A record the journal has is left out; the rest of its row is taken,
 * checked against the item's status as it is now. */
static void test_already_then_new(void **state)
{
	(void)state;
	base_sheet(BASE_JOURNAL);
	/* item 23 started and blocked by the unit in June, after the sheet */
	assert_int_equal(sb_puts(&jtext,
		REC(ID2("c1"), AT("2024-07-01", "10:00:00"), "2024-06-30", "23",
		    "progress", "10", "", UNIT, "征地未完成")), 0);
	reload_journal(&plan);
	set_cell(R_23, C_NEW_STATUS, "受阻");
	set_cell(R_23, C_NEW_PERCENT, "10");
	set_cell(R_23, C_NEW_NOTE, "征地未完成");
	read_doc();
	expect_records(1, 1);
	expect_status(0, 10, 23, STATUS_BLOCKED, "");
}

/* ============================================================================
 * every allocation failing in turn
 * ========================================================================== */

static void test_oom(void **state)
{
	struct duban_error err;
	struct strbuf good = STRBUF_INIT;
	long k;
	int rc;

	(void)state;
	base_sheet(BASE_JOURNAL);
	assert_int_equal(sb_add(&good, doc.s, doc.len), 0);

	/* sheet_build */
	for (k = 1;; k++) {
		struct sheet_origin o = { .unit = UNIT, .as_of = ymd(2024, 6, 30),
					  .made = jr.latest };

		assert_int_equal(period_parse("2024-06", &o.period), 0);
		memcpy(o.checksum, plan_sum, sizeof(o.checksum));
		sheet_token(&o, KEY, o.token);
		sb_release(&doc);
		error_clear(&err);
		mem_fail_after(k);
		rc = sheet_build(&doc, &plan, &ps, &o, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
	}
	assert_true(k > 2);
	assert_int_equal(doc.len, good.len);
	assert_memory_equal(doc.s, good.s, good.len);

	/* sheet_read of a filled-in sheet, UTF-8 then GBK */
	fill_in();
	for (int pass = 0; pass < 2; pass++) {
		struct strbuf gbk = STRBUF_INIT;
		const char *data = doc.s;
		size_t n = doc.len, bad;

		if (pass == 1) {
			assert_int_equal(text_to_gbk(doc.s + 3, doc.len - 3, &gbk,
						     &bad), 0);
			data = gbk.s;
			n = gbk.len;
		}
		for (k = 1;; k++) {
			sheet_reading_release(&rd);
			error_clear(&err);
			mem_fail_after(k);
			rc = sheet_read(&rd, data, n, plan_sum, KEY, &plan, &jr,
					TODAY, &err);
			mem_fail_after(0);
			if (rc == 0)
				break;
			assert_int_equal(rc, -1);
			assert_string_equal(err.msg, "out of memory");
			assert_int_equal(rd.n, 0);
			assert_int_equal(rd.already, 0);
		}
		assert_true(k > 5);
		expect_filled(0);
		sb_release(&gbk);
	}

	/* and of a refused one */
	set_cell(R_2, C_STATUS, "x");
	for (k = 1;; k++) {
		sheet_reading_release(&rd);
		error_clear(&err);
		mem_fail_after(k);
		rc = sheet_read(&rd, doc.s, doc.len, plan_sum, KEY, &plan, &jr,
				TODAY, &err);
		mem_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, "out of memory");
	}
	expect_only(7, C_STATUS, "当前状态", CHANGED("推进中"));
	sb_release(&good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_period_parse, reset),
		cmocka_unit_test_teardown(test_period_rejects, reset),
		cmocka_unit_test_teardown(test_period_of, reset),
		cmocka_unit_test_teardown(test_checksum, reset),
		cmocka_unit_test_teardown(test_build_opening_rows, reset),
		cmocka_unit_test_teardown(test_build_rows_exact, reset),
		cmocka_unit_test_teardown(test_build_state_as_of, reset),
		cmocka_unit_test_teardown(test_build_participants, reset),
		cmocka_unit_test_teardown(test_build_whole_small, reset),
		cmocka_unit_test_teardown(test_build_too_many_targets, reset),
		cmocka_unit_test_teardown(test_read_untouched, reset),
		cmocka_unit_test_teardown(test_read_filled, reset),
		cmocka_unit_test_teardown(test_read_rows, reset),
		cmocka_unit_test_teardown(test_read_spreadsheet_rewrites, reset),
		cmocka_unit_test_teardown(test_read_row_left_out, reset),
		cmocka_unit_test_teardown(test_read_line_numbers, reset),
		cmocka_unit_test_teardown(test_read_readonly_changed, reset),
		cmocka_unit_test_teardown(test_read_formula_guard, reset),
		cmocka_unit_test_teardown(test_read_formula_guard_saved_bare,
					  reset),
		cmocka_unit_test_teardown(test_read_crlf_in_shown_note, reset),
		cmocka_unit_test_teardown(test_read_undo_after_sheet, reset),
		cmocka_unit_test_teardown(test_read_rows_added, reset),
		cmocka_unit_test_teardown(test_read_id_changed, reset),
		cmocka_unit_test_teardown(test_read_duplicate_row, reset),
		cmocka_unit_test_teardown(test_read_unit, reset),
		cmocka_unit_test_teardown(test_read_checksum, reset),
		cmocka_unit_test_teardown(test_read_token, reset),
		cmocka_unit_test_teardown(test_read_headers, reset),
		cmocka_unit_test_teardown(test_read_opening_rows, reset),
		cmocka_unit_test_teardown(test_read_period, reset),
		cmocka_unit_test_teardown(test_read_not_a_sheet, reset),
		cmocka_unit_test_teardown(test_read_no_bom_lf, reset),
		cmocka_unit_test_teardown(test_read_gbk, reset),
		cmocka_unit_test_teardown(test_read_bad_bytes, reset),
		cmocka_unit_test_teardown(test_read_bad_values, reset),
		cmocka_unit_test_teardown(test_read_long_value_in_message, reset),
		cmocka_unit_test_teardown(test_read_participant_rows, reset),
		cmocka_unit_test_teardown(test_read_cells_beyond, reset),
		cmocka_unit_test_teardown(test_status_blocked_needs_note, reset),
		cmocka_unit_test_teardown(test_status_done_item, reset),
		cmocka_unit_test_teardown(test_status_unchanged, reset),
		cmocka_unit_test_teardown(test_status_refused, reset),
		cmocka_unit_test_teardown(test_merged_twice, reset),
		cmocka_unit_test_teardown(test_already_by_unit_in_period, reset),
		cmocka_unit_test_teardown(test_restated_status_not_reopened, reset),
		cmocka_unit_test_teardown(test_already_then_new, reset),
		cmocka_unit_test_teardown(test_oom, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
