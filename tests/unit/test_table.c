/*
 * test_table — the items.csv loader: table_load_file / table_load_buffer on
 * good plans, on every kind of malformed input (exact line and message), on
 * the bundled plan, and with every allocation failing in turn.
 */
#include "testutil.h"

#include <iconv.h>

#include "duban/bundled.h"
#include "duban/csvread.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/mem.h"
#include "duban/table.h"
#include "duban/target.h"

#define HEADER "id,section,section_title,subsection,subsection_title,text," \
	"leaders,lead_units,participants,deadline,deadline_text,targets\n"

/* A row in the usual column order with only id, text, deadline and targets
 * varying; the rest are plain valid values. */
#define ROW(id, text, deadline, targets) \
	id ",1,节,1,小节," text ",张三,区科工局,,"  deadline ",," targets "\n"

/* --- helpers ----------------------------------------------------------- */

static char *xstrdup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	assert_non_null(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void assert_table_empty(const struct table *t)
{
	assert_int_equal(t->n, 0);
	assert_null(t->items);
	assert_null(t->index);
	assert_int_equal(t->index_cap, 0);
	assert_null(t->arena.head);
}

/* Loads n bytes from a buffer; the error is cleared first. */
static int load_buf(struct table *t, const char *csv, size_t n,
		    struct duban_error *err)
{
	error_clear(err);
	return table_load_buffer(t, csv, n, "plan.csv", err);
}

/* Loads n bytes written to a temporary file. */
static int load_file(struct table *t, const char *csv, size_t n,
		     struct duban_error *err)
{
	const char *path = write_temp(csv, n);
	char copy[64];
	int rc;

	snprintf(copy, sizeof(copy), "%s", path);
	error_clear(err);
	rc = table_load_file(t, copy, "plan.csv", err);
	unlink(copy);
	return rc;
}

/* Both readers must refuse csv (n bytes) at line with exactly msg, and leave
 * the table empty and releasable. */
static void expect_fail_n(const char *csv, size_t n, long line,
			  const char *msg)
{
	for (int file = 0; file < 2; file++) {
		struct table t = TABLE_INIT;
		struct duban_error err;
		int rc = file ? load_file(&t, csv, n, &err)
			      : load_buf(&t, csv, n, &err);

		if (rc != -1 || err.line != line || strcmp(err.msg, msg) != 0)
			print_error("%s reader: rc %d, line %ld, msg \"%s\"\n",
				    file ? "file" : "buffer", rc, err.line,
				    err.msg);
		assert_int_equal(rc, -1);
		assert_string_equal(err.file, "plan.csv");
		assert_int_equal(err.line, line);
		assert_string_equal(err.msg, msg);
		assert_table_empty(&t);
		table_release(&t);
		assert_table_empty(&t);
	}
}

static void expect_fail(const char *csv, long line, const char *msg)
{
	expect_fail_n(csv, strlen(csv), line, msg);
}

static void assert_names(const struct names *n, size_t count, ...)
{
	va_list ap;

	assert_int_equal(n->n, count);
	va_start(ap, count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(n->v[i], va_arg(ap, const char *));
	va_end(ap);
}

static void assert_date(date_t d, const char *want)
{
	char buf[DATE_BUFSIZE];

	assert_string_equal(date_format(d, buf), want);
}

static void assert_target(const struct target *t, const char *subject,
			  enum target_op op, const char *figure,
			  const char *figure_max, const char *unit,
			  const char *by)
{
	assert_string_equal(t->subject, subject);
	assert_int_equal(t->op, op);
	assert_string_equal(t->figure, figure);
	if (figure_max)
		assert_string_equal(t->figure_max, figure_max);
	else
		assert_null(t->figure_max);
	assert_string_equal(t->unit, unit);
	if (by)
		assert_date(t->by, by);
	else
		assert_int_equal(t->by, DATE_NONE);
}

/* --- a good plan ------------------------------------------------------- */

static const char good_plan[] =
	HEADER
	"1,1,坚持产业兴区，筑牢城南崛起支撑,1,激发产业活力,"
	"力争规上工业企业数量突破40家，总产值突破60亿元。,徐志勇;杨峰,"
	"区科工局,各街道、镇、集聚区,2024-12-31,2024年12月底,"
	"规上工业企业数量>40家;总产值>60亿元\n"
	"2,2,丰富业态内涵,3,培育创新平台,新增市级以上科技创新平台1-2家。,"
	"杨峰,区商务局;洪都街道,,2024年6月底,2024年6月底,"
	"市级以上科技创新平台=1-2家;“亿元楼”>13幢@2026-12-31\n"
	"7,,,,,每千人口拥有4.1个托位。,胡启明,区卫健委,"
	" 区民政局 ;;各街道、镇、集聚区; ,,长期坚持,每千人口托位=4.1个\n";

static void check_good_plan(const struct table *t)
{
	const struct item *it;

	assert_int_equal(t->n, 3);

	it = &t->items[0];
	assert_int_equal(it->id, 1);
	assert_int_equal(it->line, 2);
	assert_int_equal(it->section, 1);
	assert_string_equal(it->section_title, "坚持产业兴区，筑牢城南崛起支撑");
	assert_int_equal(it->subsection, 1);
	assert_string_equal(it->subsection_title, "激发产业活力");
	assert_string_equal(it->text,
			    "力争规上工业企业数量突破40家，总产值突破60亿元。");
	assert_names(&it->leaders, 2, "徐志勇", "杨峰");
	assert_names(&it->lead_units, 1, "区科工局");
	assert_names(&it->participants, 1, "各街道、镇、集聚区");
	assert_date(it->deadline, "2024-12-31");
	assert_string_equal(it->deadline_text, "2024年12月底");
	assert_int_equal(it->ntargets, 2);
	assert_target(&it->targets[0], "规上工业企业数量", TARGET_GT, "40",
		      NULL, "家", NULL);
	assert_true(it->targets[0].value == 40.0);
	assert_target(&it->targets[1], "总产值", TARGET_GT, "60", NULL, "亿元",
		      NULL);
	assert_true(it->targets[1].value == 60.0);

	it = &t->items[1];
	assert_int_equal(it->id, 2);
	assert_int_equal(it->line, 3);
	assert_int_equal(it->section, 2);
	assert_int_equal(it->subsection, 3);
	assert_names(&it->leaders, 1, "杨峰");
	assert_names(&it->lead_units, 2, "区商务局", "洪都街道");
	assert_int_equal(it->participants.n, 0);
	assert_date(it->deadline, "2024-06-30");
	assert_string_equal(it->deadline_text, "2024年6月底");
	assert_int_equal(it->ntargets, 2);
	assert_target(&it->targets[0], "市级以上科技创新平台", TARGET_EQ, "1",
		      "2", "家", NULL);
	assert_true(it->targets[0].value == 1.0);
	assert_true(it->targets[0].value_max == 2.0);
	assert_target(&it->targets[1], "“亿元楼”", TARGET_GT, "13", NULL, "幢",
		      "2026-12-31");
	assert_true(it->targets[1].value == 13.0);
	assert_true(it->targets[1].value_max == 13.0);

	it = &t->items[2];
	assert_int_equal(it->id, 7);
	assert_int_equal(it->line, 4);
	assert_int_equal(it->section, 0);
	assert_string_equal(it->section_title, "");
	assert_int_equal(it->subsection, 0);
	assert_string_equal(it->subsection_title, "");
	assert_string_equal(it->text, "每千人口拥有4.1个托位。");
	/* entries are trimmed, empty ones dropped */
	assert_names(&it->participants, 2, "区民政局", "各街道、镇、集聚区");
	assert_int_equal(it->deadline, DATE_NONE);
	assert_string_equal(it->deadline_text, "长期坚持");
	assert_int_equal(it->ntargets, 1);
	assert_target(&it->targets[0], "每千人口托位", TARGET_EQ, "4.1", NULL,
		      "个", NULL);
	assert_true(it->targets[0].value > 4.0999 &&
		    it->targets[0].value < 4.1001);
}

static void test_good_buffer(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, good_plan, strlen(good_plan), &err), 0);
	check_good_plan(&t);

	assert_ptr_equal(table_find(&t, 1), &t.items[0]);
	assert_ptr_equal(table_find(&t, 2), &t.items[1]);
	assert_ptr_equal(table_find(&t, 7), &t.items[2]);
	assert_null(table_find(&t, 3));
	assert_null(table_find(&t, 0));
	assert_null(table_find(&t, -1));
	assert_null(table_find(&t, 8));
	table_release(&t);
	assert_table_empty(&t);
	assert_null(table_find(&t, 1));
}

static void test_good_file(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_file(&t, good_plan, strlen(good_plan), &err), 0);
	check_good_plan(&t);
	assert_ptr_equal(table_find(&t, 7), &t.items[2]);
	table_release(&t);
}

/* The same plan with its last newline missing loads the same. */
static void test_no_final_newline(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;
	size_t n = strlen(good_plan) - 1;

	(void)state;
	assert_int_equal(good_plan[n], '\n');
	assert_int_equal(load_buf(&t, good_plan, n, &err), 0);
	check_good_plan(&t);
	table_release(&t);
	assert_int_equal(load_file(&t, good_plan, n, &err), 0);
	check_good_plan(&t);
	table_release(&t);
}

static void test_column_order(void **state)
{
	static const char csv[] =
		"targets,deadline_text,participants,text,id,leaders,"
		"subsection_title,deadline,section,lead_units,subsection,"
		"section_title\n"
		"总产值>60亿元,2024年底,各街道、镇、集聚区,壮大都市工业。,12,"
		"杨峰;夏辉,激发产业活力,2024-12-31,1,区科工局,2,坚持产业兴区\n"
		",,,第二项。,5,胡启明,,,3,区卫健委,,\n";
	struct table t = TABLE_INIT;
	struct duban_error err;
	const struct item *it;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.n, 2);
	it = table_find(&t, 12);
	assert_ptr_equal(it, &t.items[0]);
	assert_int_equal(it->line, 2);
	assert_int_equal(it->section, 1);
	assert_string_equal(it->section_title, "坚持产业兴区");
	assert_int_equal(it->subsection, 2);
	assert_string_equal(it->subsection_title, "激发产业活力");
	assert_string_equal(it->text, "壮大都市工业。");
	assert_names(&it->leaders, 2, "杨峰", "夏辉");
	assert_names(&it->lead_units, 1, "区科工局");
	assert_names(&it->participants, 1, "各街道、镇、集聚区");
	assert_date(it->deadline, "2024-12-31");
	assert_string_equal(it->deadline_text, "2024年底");
	assert_int_equal(it->ntargets, 1);
	assert_target(&it->targets[0], "总产值", TARGET_GT, "60", NULL, "亿元",
		      NULL);

	it = table_find(&t, 5);
	assert_ptr_equal(it, &t.items[1]);
	assert_int_equal(it->line, 3);
	assert_int_equal(it->section, 3);
	assert_int_equal(it->subsection, 0);
	assert_string_equal(it->text, "第二项。");
	assert_names(&it->leaders, 1, "胡启明");
	assert_names(&it->lead_units, 1, "区卫健委");
	assert_int_equal(it->participants.n, 0);
	assert_int_equal(it->deadline, DATE_NONE);
	assert_int_equal(it->ntargets, 0);
	assert_null(it->targets);
	assert_null(table_find(&t, 1));
	table_release(&t);
}

/* Many items with scattered ids: the index grows and finds every one. */
static void test_find_many(void **state)
{
	enum { N = 1000 };
	size_t cap = N * 64 + sizeof(HEADER), len;
	char *csv = malloc(cap);
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_non_null(csv);
	len = (size_t)snprintf(csv, cap, "%s", HEADER);
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(csv + len, cap - len,
					"%d,1,s,1,u,任务%d,张三,区科工局,,,,\n",
					7919 * (N - i), i);
	assert_true(len < cap);
	assert_int_equal(load_buf(&t, csv, len, &err), 0);
	assert_int_equal(t.n, N);
	for (int i = 0; i < N; i++) {
		const struct item *it = table_find(&t, 7919L * (N - i));
		char want[32];

		assert_ptr_equal(it, &t.items[i]);
		assert_int_equal(it->line, i + 2);
		snprintf(want, sizeof(want), "任务%d", i);
		assert_string_equal(it->text, want);
		assert_null(table_find(&t, 7919L * (N - i) + 1));
	}
	assert_null(table_find(&t, 7919L * (N + 1)));
	table_release(&t);
	free(csv);
}

/* --- what Excel and WPS write --------------------------------------------- */

static void test_bom_and_crlf(void **state)
{
	static const char csv[] =
		"\xEF\xBB\xBF"
		"id,section,section_title,subsection,subsection_title,text,"
		"leaders,lead_units,participants,deadline,deadline_text,targets\r\n"
		"1,1,节,1,小节,第一项,杨峰,区科工局,,2024-12-31,,总产值>60亿元\r\n"
		"\r\n"
		"2,1,节,1,小节,第二项,夏辉,区商务局,洪都街道,,,\r\n";
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	for (int file = 0; file < 2; file++) {
		int rc = file ? load_file(&t, csv, strlen(csv), &err)
			      : load_buf(&t, csv, strlen(csv), &err);

		assert_int_equal(rc, 0);
		assert_int_equal(t.n, 2);
		assert_int_equal(t.items[0].id, 1);
		assert_int_equal(t.items[0].line, 2);
		assert_string_equal(t.items[0].text, "第一项");
		assert_int_equal(t.items[0].ntargets, 1);
		/* no "\r" left at the end of the last field */
		assert_string_equal(t.items[0].targets[0].unit, "亿元");
		assert_int_equal(t.items[1].id, 2);
		assert_int_equal(t.items[1].line, 4);
		assert_names(&t.items[1].participants, 1, "洪都街道");
		assert_int_equal(t.items[1].ntargets, 0);
		table_release(&t);
	}
}

/* The BOM makes the header's first column "id", not "\xEF\xBB\xBFid"; a
 * bad row after it is reported at its real line. */
static void test_bom_line_numbers(void **state)
{
	(void)state;
	expect_fail("\xEF\xBB\xBF" HEADER ROW("1", "甲", "", "")
		    ROW("x", "乙", "", ""),
		    3, "id \"x\" is not a whole number from 1 to 999999999");
}

static void test_quoted_fields(void **state)
{
	static const char csv[] =
		HEADER
		"1,1,节,1,小节,\"他说：\"\"好,很好\"\"\n第二行，\r\n第三行\","
		"\"杨峰\",区科工局,,,,\n"
		"2,1,\"a,b\",1,小节,\"  两端有空格\t \",张三,区科工局,,,"
		"\" 前后空格 \",\n"
		"3,1,节,1,小节,  不加引号的空格  ,张三,区科工局,,,,\n"
		"4,1,节,1,小节,\"\"\"\",张三,区科工局,,,,\n";
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	for (int file = 0; file < 2; file++) {
		int rc = file ? load_file(&t, csv, strlen(csv), &err)
			      : load_buf(&t, csv, strlen(csv), &err);

		assert_int_equal(rc, 0);
		assert_int_equal(t.n, 4);
		assert_string_equal(t.items[0].text,
				    "他说：\"好,很好\"\n第二行，\r\n第三行");
		assert_names(&t.items[0].leaders, 1, "杨峰");
		assert_int_equal(t.items[0].line, 2);
		assert_int_equal(t.items[1].line, 5);
		assert_string_equal(t.items[1].section_title, "a,b");
		assert_string_equal(t.items[1].text, "  两端有空格\t ");
		assert_string_equal(t.items[1].deadline_text, " 前后空格 ");
		assert_int_equal(t.items[2].line, 6);
		assert_string_equal(t.items[2].text, "  不加引号的空格  ");
		assert_string_equal(t.items[3].text, "\"");
		assert_int_equal(t.items[3].line, 7);
		table_release(&t);
	}
}

/* A record over lines 3-5 with a bad deadline is reported at line 3; the
 * record after it at its own line. */
static void test_multiline_record_lines(void **state)
{
	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,\"第一行\n第二行\n第三行\",张三,区科工局,,"
		    "2024-02-30,,\n",
		    3, "deadline \"2024-02-30\" is not a date");
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,\"第一行\n第二行\n第三行\",张三,区科工局,,,,\n"
		    "\n"
		    ROW("3", "丙", "2024-13-01", ""),
		    7, "deadline \"2024-13-01\" is not a date");
	/* a field count error on a record that spans lines */
	expect_fail(HEADER "1,1,节,1,小节,\"一\n二\",张三,区科工局,,,\n",
		    2, "11 fields where the header has 12");
}

/* Blank lines are skipped but counted. */
static void test_blank_lines(void **state)
{
	static const char csv[] = "\n" HEADER "\n\n" ROW("4", "甲", "", "")
		"\n" ROW("5", "乙", "", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.items[0].line, 5);
	assert_int_equal(t.items[1].line, 7);
	table_release(&t);
}

/* A file over several read chunks: a record across the 64 KiB boundary
 * reads back whole and lines stay right. */
static void test_large_file(void **state)
{
	enum { N = 600 };
	size_t cap = 200 * 1024, len;
	char *csv = malloc(cap);
	char filler[201];
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_non_null(csv);
	memset(filler, 'x', 200);
	filler[200] = '\0';
	len = (size_t)snprintf(csv, cap, "%s", HEADER);
	for (int i = 1; i <= N; i++)
		len += (size_t)snprintf(csv + len, cap - len,
					"%d,1,s,1,u,\"%s\n%d\",张三,区科工局,,,,\n",
					i, filler, i);
	assert_true(len > 128 * 1024 && len + 64 < cap);
	assert_int_equal(load_file(&t, csv, len, &err), 0);
	assert_int_equal(t.n, N);
	for (int i = 0; i < N; i++) {
		char want[256];

		snprintf(want, sizeof(want), "%s\n%d", filler, i + 1);
		assert_int_equal(t.items[i].id, i + 1);
		assert_int_equal(t.items[i].line, 2 + 2 * i);
		assert_string_equal(t.items[i].text, want);
	}
	table_release(&t);

	/* the same with a bad last item: its line is exact */
	len += (size_t)snprintf(csv + len, cap - len, "%d,1,s,1,u,t,张三,区,,"
				"2024-02-30,,\n", N + 1);
	expect_fail_n(csv, len, 2 + 2 * N,
		      "deadline \"2024-02-30\" is not a date");
	free(csv);
}

/* --- the header ------------------------------------------------------- */

static void test_header_errors(void **state)
{
	(void)state;
	expect_fail("idx,section,section_title,subsection,subsection_title,"
		    "text,leaders,lead_units,participants,deadline,deadline_text,"
		    "targets\n" ROW("1", "甲", "", ""),
		    1, "unknown column \"idx\" in the header");
	expect_fail("id,section,section_title,subsection,subsection_title,"
		    "text,leaders,lead_units,participants,deadline,"
		    "deadline_text\n",
		    1, "the header has no \"targets\" column");
	expect_fail("id,section,section_title,subsection,subsection_title,"
		    "text,leaders,participants,deadline,deadline_text,targets\n",
		    1, "the header has no \"lead_units\" column");
	expect_fail("id,section,section_title,subsection,subsection_title,"
		    "text,leaders,lead_units,participants,deadline,deadline_text,"
		    "targets,text\n",
		    1, "column \"text\" appears twice in the header");
	/* a trailing comma makes an empty, unknown column */
	expect_fail("id,section,section_title,subsection,subsection_title,"
		    "text,leaders,lead_units,participants,deadline,deadline_text,"
		    "targets,\n",
		    1, "unknown column \"\" in the header");
	/* after blank lines, the header is where it is */
	expect_fail("\n\nid,Section\n", 3,
		    "unknown column \"Section\" in the header");
}

/* A name holding a line break (Alt+Enter in Excel) or a control
 * character is refused where the plan says it. */
static void test_names_with_line_breaks(void **state)
{
	(void)state;
	expect_fail(HEADER "1,1,甲,0,,任务,杨峰,\"区商务局\n（旧）\",,,,\n",
		    2, "lead_units holds a line break or another control "
		    "character inside a name");
	/* (an escape is refused by the reader, in any field) */
	expect_fail(HEADER "1,1,甲,0,,任务,\"杨\xc2\x85峰\",区商务局,,,,\n",
		    2, "leaders holds a line break or another control "
		    "character inside a name");
	expect_fail(HEADER "1,1,甲,0,,任务,杨峰,区商务局,\"各街道\xe2\x80\xae\",,,\n",
		    2, "participants holds a line break or another control "
		    "character inside a name");
	/* a target's subject is its key in the journal: one line too */
	expect_fail(HEADER "1,1,甲,0,,任务,杨峰,区商务局,,,,\"企业\n数量=1家\"\n",
		    2, "targets holds a line break or another control "
		    "character inside a target");
}

static void test_header_only(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, HEADER, strlen(HEADER), &err), 0);
	assert_int_equal(t.n, 0);
	assert_null(table_find(&t, 1));
	table_release(&t);
	assert_int_equal(load_file(&t, "\xEF\xBB\xBF" HEADER,
				   strlen(HEADER) + 3, &err), 0);
	assert_int_equal(t.n, 0);
	table_release(&t);
}

static void test_empty_files(void **state)
{
	(void)state;
	expect_fail_n("", 0, 1, "the file is empty");
	expect_fail("\xEF\xBB\xBF", 1, "the file is empty");
	expect_fail("\n", 1, "the file has no header row");
	expect_fail("\xEF\xBB\xBF\r\n\r\n", 1, "the file has no header row");
}

static void test_missing_file(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	error_clear(&err);
	assert_int_equal(table_load_file(&t, "/nonexistent-duban/items.csv",
					 "items.csv", &err), -1);
	assert_string_equal(err.file, "items.csv");
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
	assert_table_empty(&t);
	table_release(&t);
}

/* --- rows ------------------------------------------------------------- */

static void test_field_count(void **state)
{
	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,乙,张三,区科工局,,,\n",
		    3, "11 fields where the header has 12");
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,乙,张三,区科工局,,,,,\n",
		    3, "13 fields where the header has 12");
	expect_fail(HEADER "一行\n", 2, "1 fields where the header has 12");
}

static void test_bad_ids(void **state)
{
	static const char *const bad[] = { "x", "-3", "0", "1.5", "", "1e3",
					    "1000000000", "12a" };
	char csv[512], msg[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(csv, sizeof(csv), "%s" ROW("1", "甲", "", "")
			 ROW("%s", "乙", "", ""), HEADER, bad[i]);
		snprintf(msg, sizeof(msg),
			 "id \"%s\" is not a whole number from 1 to 999999999",
			 bad[i]);
		expect_fail(csv, 3, msg);
	}
}

static void test_good_ids(void **state)
{
	static const char csv[] = HEADER ROW("999999999", "甲", "", "")
		ROW("１２", "乙", "", "") ROW("007", "丙", "", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.items[0].id, 999999999);
	assert_int_equal(t.items[1].id, 12);
	assert_int_equal(t.items[2].id, 7);
	assert_ptr_equal(table_find(&t, 12), &t.items[1]);
	table_release(&t);
}

static void test_duplicate_id(void **state)
{
	(void)state;
	expect_fail(HEADER ROW("7", "甲", "", "") ROW("8", "乙", "", "")
		    ROW("7", "丙", "", ""),
		    4, "id 7 is already used on line 2");
	/* the earlier line is where that record starts */
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "9,1,节,1,小节,\"多\n行\",张三,区科工局,,,,\n"
		    ROW("009", "丙", "", ""),
		    5, "id 9 is already used on line 3");
}

static void test_other_fields(void **state)
{
	(void)state;
	expect_fail(HEADER "1,x,节,1,小节,甲,张三,区科工局,,,,\n", 2,
		    "section \"x\" is not a whole number");
	expect_fail(HEADER "1,1,节,-1,小节,甲,张三,区科工局,,,,\n", 2,
		    "subsection \"-1\" is not a whole number");
	expect_fail(HEADER ROW("1", "甲", "", "") ROW("2", "", "", ""), 3,
		    "item 2 has no text");
}

static void test_dates(void **state)
{
	static const char csv[] = HEADER ROW("1", "甲", "2024-02-29", "")
		ROW("2", "乙", "2024/3/5", "") ROW("3", "丙", "2025年底", "")
		ROW("4", "丁", "2025年2月", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.n, 4);
	assert_date(t.items[0].deadline, "2024-02-29");
	assert_date(t.items[1].deadline, "2024-03-05");
	assert_date(t.items[2].deadline, "2025-12-31");
	assert_date(t.items[3].deadline, "2025-02-28");
	table_release(&t);

	expect_fail(HEADER ROW("1", "甲", "2024-02-30", ""), 2,
		    "deadline \"2024-02-30\" is not a date");
	expect_fail(HEADER ROW("1", "甲", "2024-13-01", ""), 2,
		    "deadline \"2024-13-01\" is not a date");
	expect_fail(HEADER ROW("1", "甲", "2023-02-29", ""), 2,
		    "deadline \"2023-02-29\" is not a date");
	expect_fail(HEADER ROW("1", "甲", "", "") ROW("2", "乙", "明年年底", ""),
		    3, "deadline \"明年年底\" is not a date");
	expect_fail(HEADER ROW("1", "甲", "soon", ""), 2,
		    "deadline \"soon\" is not a date");
}

static void test_bad_targets(void **state)
{
	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "总产值60亿元"), 2,
		    "target \"总产值60亿元\" has no comparison (> >= = <= <)");
	expect_fail(HEADER ROW("1", "甲", "", "总产值>60亿元;企业数量突破40家"),
		    2, "target \"企业数量突破40家\" has no comparison "
		    "(> >= = <= <)");
	expect_fail(HEADER ROW("1", "甲", "", "总产值>亿元"), 2,
		    "target \"总产值>亿元\" has no figure after \">\"");
	expect_fail(HEADER ROW("1", "甲", "", "托位>="), 2,
		    "target \"托位>=\" has no figure after \">=\"");
	expect_fail(HEADER ROW("1", "甲", "", ">40家"), 2,
		    "target \">40家\" does not say what is counted");
	expect_fail(HEADER ROW("1", "甲", "", "科技创新平台=2-1家"), 2,
		    "target \"科技创新平台=2-1家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	expect_fail(HEADER ROW("1", "甲", "", "科技创新平台>1-2家"), 2,
		    "target \"科技创新平台>1-2家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	expect_fail(HEADER ROW("1", "甲", "", "科技创新平台=1-家"), 2,
		    "target \"科技创新平台=1-家\" has a malformed range "
		    "(write \"=1-2\", low to high)");
	expect_fail(HEADER ROW("1", "甲", "", "“亿元楼”>13幢@2026-13-01"), 2,
		    "target \"“亿元楼”>13幢@2026-13-01\" has \"2026-13-01\" "
		    "after \"@\", which is not a date");
	expect_fail(HEADER ROW("1", "甲", "", "“亿元楼”>13幢@"), 2,
		    "target \"“亿元楼”>13幢@\" has \"\" after \"@\", "
		    "which is not a date");
	expect_fail(HEADER ROW("1", "甲", "", "总产值>60亿元;;企业>40家"), 2,
		    "targets \"总产值>60亿元;;企业>40家\" has an empty entry");
	expect_fail(HEADER ROW("1", "甲", "", "总产值>60亿元;"), 2,
		    "targets \"总产值>60亿元;\" has an empty entry");
	expect_fail(HEADER ROW("1", "甲", "", "总产值>60亿元2"), 2,
		    "target \"总产值>60亿元2\" has \"亿元2\" after its figure, "
		    "which is not a unit");
	/* on a later item, at its line */
	expect_fail(HEADER ROW("1", "甲", "", "总产值>60亿元")
		    ROW("2", "乙", "", "企业数量>"),
		    3, "target \"企业数量>\" has no figure after \">\"");
}

static void test_good_targets(void **state)
{
	static const char csv[] = HEADER
		ROW("1", "甲", "", " 企业数量 >= 40 家 ; 亏损率<=5% ;税收<3亿元@2025年底")
		ROW("2", "乙", "", "床位=100");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.items[0].ntargets, 3);
	assert_target(&t.items[0].targets[0], "企业数量", TARGET_GE, "40", NULL,
		      "家", NULL);
	assert_target(&t.items[0].targets[1], "亏损率", TARGET_LE, "5", NULL,
		      "%", NULL);
	assert_target(&t.items[0].targets[2], "税收", TARGET_LT, "3", NULL,
		      "亿元", "2025-12-31");
	assert_int_equal(t.items[1].ntargets, 1);
	assert_target(&t.items[1].targets[0], "床位", TARGET_EQ, "100", NULL,
		      "", NULL);
	table_release(&t);
}

/* --- bytes and quoting -------------------------------------------------- */

/* s converted from UTF-8 to GBK with iconv(3), into out. */
static size_t to_gbk(const char *s, char *out, size_t size)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	char *in = (char *)s, *o = out;
	size_t inleft = strlen(s), oleft = size;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &oleft), (size_t)-1);
	assert_int_equal(inleft, 0);
	iconv_close(cd);
	return size - oleft;
}

static void test_encoding(void **state)
{
	char gbk[2048];
	size_t n;

	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "") ROW("2", "\xff\xfe", "", ""),
		    3, "bytes that are not UTF-8 text");
	/* a UTF-8 lead byte without its continuation (and no GBK either) */
	expect_fail(HEADER ROW("1", "a\xc3(b", "", ""), 2,
		    "bytes that are not UTF-8 text");
	/* 青云谱 in GBK */
	expect_fail(HEADER ROW("1", "甲", "", "")
		    ROW("2", "\xc7\xe0\xd4\xc6\xc6\xd7", "", ""),
		    3, "the file is not UTF-8 but looks like GBK; convert it "
		    "with: iconv -f GBK -t UTF-8 plan.csv");
	/* a whole plan saved as GBK: the header is ASCII, line 2 is not */
	n = to_gbk(good_plan, gbk, sizeof(gbk));
	assert_true(n > 0 && n < strlen(good_plan));
	expect_fail_n(gbk, n, 2, "the file is not UTF-8 but looks like GBK; "
		      "convert it with: iconv -f GBK -t UTF-8 plan.csv");
	/* the literal bytes above are what iconv makes */
	n = to_gbk("青云谱", gbk, sizeof(gbk));
	assert_int_equal(n, 6);
	assert_memory_equal(gbk, "\xc7\xe0\xd4\xc6\xc6\xd7", 6);
	/* invalid bytes in the header */
	expect_fail("id,\xff\n", 1, "bytes that are not UTF-8 text");
}

static void test_control_chars(void **state)
{
	static const char tab_ok[] = HEADER ROW("1", "甲\t乙", "", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "") ROW("2", "a\x01" "b", "", ""),
		    3, "control character 0x01 in field 6");
	expect_fail(HEADER "1,1,节,1,小节,甲,张三,区科工局,,,\x7f,\n", 2,
		    "control character 0x7F in field 11");
	expect_fail(HEADER "1,1,节,1,小节,\"多\n行\x1b\",张三,区科工局,,,,\n",
		    2, "control character 0x1B in field 6");
	expect_fail_n(HEADER "1,1,节,1,小节,a\0b,张三,区科工局,,,,\n",
		      sizeof(HEADER "1,1,节,1,小节,a\0b,张三,区科工局,,,,\n") - 1,
		      2, "control character 0x00 in field 6");
	assert_int_equal(load_buf(&t, tab_ok, strlen(tab_ok), &err), 0);
	assert_string_equal(t.items[0].text, "甲\t乙");
	table_release(&t);
}

static const char malformed_quoting[] =
	"malformed quoting: a '\"' inside an unquoted field, or text after a "
	"closing quote";

static void test_bad_quoting(void **state)
{
	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "") ROW("2", "ab\"c", "", ""),
		    3, malformed_quoting);
	expect_fail(HEADER ROW("1", "\"甲\"乙", "", ""), 2, malformed_quoting);
	expect_fail(HEADER ROW("1", "\"甲\" ", "", ""), 2, malformed_quoting);
	/* a stray quote on the second line of a record: where it is seen */
	expect_fail(HEADER "1,1,节,1,小节,\"一\n二\"x\",张三,区科工局,,,,\n",
		    3, malformed_quoting);
}

static void test_unterminated_quote(void **state)
{
	static const char msg[] = "a quoted field opened here never closes";

	(void)state;
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,\"没有结束\n第二行\n第三行\n",
		    3, msg);
	/* without a final newline */
	expect_fail(HEADER "1,1,节,1,小节,甲,张三,区科工局,,,,\"",
		    2, msg);
	/* the open field is on the second line of its record */
	expect_fail(HEADER ROW("1", "甲", "", "")
		    "2,1,节,1,小节,\"一\n二\",张三,\"区科工局\n更多\n",
		    4, msg);
}

/* --- limits ------------------------------------------------------------ */

static char *plan_with_text(size_t len, size_t *n)
{
	static const char before[] = HEADER ROW("1", "甲", "", "")
		"2,1,节,1,小节,";
	static const char after[] = ",张三,区科工局,,,,\n";
	size_t total = sizeof(before) - 1 + len + sizeof(after) - 1;
	char *csv = malloc(total + 1);

	assert_non_null(csv);
	memcpy(csv, before, sizeof(before) - 1);
	memset(csv + sizeof(before) - 1, 'a', len);
	memcpy(csv + sizeof(before) - 1 + len, after, sizeof(after));
	*n = total;
	return csv;
}

static void test_field_limit(void **state)
{
	static const char msg[] = "a field longer than the limit of 65536 bytes "
		"(or memory ran out)";
	struct table t = TABLE_INIT;
	struct duban_error err;
	size_t n;
	char *csv;

	(void)state;
	csv = plan_with_text(CSV_FIELD_MAX, &n);
	assert_int_equal(load_buf(&t, csv, n, &err), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(strlen(t.items[1].text), CSV_FIELD_MAX);
	table_release(&t);
	assert_int_equal(load_file(&t, csv, n, &err), 0);
	assert_int_equal(strlen(t.items[1].text), CSV_FIELD_MAX);
	table_release(&t);
	free(csv);

	csv = plan_with_text(CSV_FIELD_MAX + 1, &n);
	expect_fail_n(csv, n, 3, msg);
	free(csv);
	csv = plan_with_text(CSV_FIELD_MAX + 100, &n);
	expect_fail_n(csv, n, 3, msg);
	free(csv);
	csv = plan_with_text(4 * 1024 * 1024, &n);
	expect_fail_n(csv, n, 3, msg);
	free(csv);
}

static char *record_with_fields(size_t fields, size_t *n)
{
	size_t cap = sizeof(HEADER) + fields * 2 + 16, len;
	char *csv = malloc(cap);

	assert_non_null(csv);
	len = (size_t)snprintf(csv, cap, "%s", HEADER);
	for (size_t i = 0; i < fields; i++)
		len += (size_t)snprintf(csv + len, cap - len, "%s1",
					i ? "," : "");
	len += (size_t)snprintf(csv + len, cap - len, "\n");
	assert_true(len < cap);
	*n = len;
	return csv;
}

static void test_fields_limit(void **state)
{
	size_t n;
	char *csv;

	(void)state;
	csv = record_with_fields(CSV_FIELDS_MAX, &n);
	expect_fail_n(csv, n, 2, "256 fields where the header has 12");
	free(csv);
	csv = record_with_fields(CSV_FIELDS_MAX + 1, &n);
	expect_fail_n(csv, n, 2,
		      "more fields in one record than the limit of 256");
	free(csv);
	csv = record_with_fields(10000, &n);
	expect_fail_n(csv, n, 2,
		      "more fields in one record than the limit of 256");
	free(csv);
}

/* A record of fields fields of len bytes each after the header. */
static char *record_of(size_t fields, size_t len, size_t *n)
{
	size_t total = sizeof(HEADER) - 1 + fields * (len + 1);
	char *csv = malloc(total + 1), *p;

	assert_non_null(csv);
	memcpy(csv, HEADER, sizeof(HEADER) - 1);
	p = csv + sizeof(HEADER) - 1;
	for (size_t i = 0; i < fields; i++) {
		memset(p, 'a', len);
		p[len] = i + 1 < fields ? ',' : '\n';
		p += len + 1;
	}
	*p = '\0';
	*n = total;
	return csv;
}

/* A record's fields may hold CSV_RECORD_MAX bytes in all, more than any
 * plan's 12 columns at their longest; a byte more is refused with the
 * limit, however it is split. */
static void test_record_limit(void **state)
{
	char msg[128];
	size_t n;
	char *csv;

	(void)state;
	assert_true(CSV_RECORD_MAX >= COL_COUNT * CSV_FIELD_MAX);
	assert_int_equal(CSV_RECORD_MAX % CSV_FIELD_MAX, 0);
	snprintf(msg, sizeof(msg), "a record longer than the limit of %d bytes",
		 CSV_RECORD_MAX);
	assert_string_equal(msg, "a record longer than the limit of 1048576 "
			    "bytes");
	/* exactly at the limit: read, and then refused for its field count */
	csv = record_of(CSV_RECORD_MAX / CSV_FIELD_MAX, CSV_FIELD_MAX, &n);
	expect_fail_n(csv, n, 2, "16 fields where the header has 12");
	free(csv);
	/* one byte past it */
	csv = record_of(CSV_RECORD_MAX / CSV_FIELD_MAX, CSV_FIELD_MAX, &n);
	csv = realloc(csv, n + 3);
	assert_non_null(csv);
	memcpy(csv + n - 1, ",a\n", 4);
	expect_fail_n(csv, n + 2, 2, msg);
	free(csv);
	csv = record_of(CSV_RECORD_MAX / 5000 + 1, 5000, &n);
	expect_fail_n(csv, n, 2, msg);
	free(csv);
	csv = record_of(CSV_FIELDS_MAX, CSV_RECORD_MAX / CSV_FIELDS_MAX, &n);
	expect_fail_n(csv, n, 2, "256 fields where the header has 12");
	free(csv);
}

/* A plan of n items, ids 1 to n. */
static char *plan_of(size_t n, size_t *len)
{
	struct { char *s; size_t n, cap; } b = { NULL, 0, 0 };
	char row[128];

	for (size_t i = 0; i <= n; i++) {
		int k = i ? snprintf(row, sizeof(row), "%zu,1,节,1,小节,做事,"
				     "张三,区科工局,,,,\n", i)
			  : snprintf(row, sizeof(row), "%s", HEADER);

		assert_true(k > 0 && (size_t)k < sizeof(row));
		if (b.n + (size_t)k + 1 > b.cap) {
			b.cap = (b.n + (size_t)k + 1) * 2;
			b.s = realloc(b.s, b.cap);
			assert_non_null(b.s);
		}
		memcpy(b.s + b.n, row, (size_t)k + 1);
		b.n += (size_t)k;
	}
	*len = b.n;
	return b.s;
}

/* Loads a plan of n items with the limit max; both readers. */
static void load_limited(size_t n, size_t max, int want_rc, long want_line)
{
	char want[64];
	size_t len;
	char *csv = plan_of(n, &len);

	snprintf(want, sizeof(want), "more items than the limit of %zu", max);
	for (int file = 0; file < 2; file++) {
		struct table t = TABLE_INIT;
		struct duban_error err;
		int rc;

		t.max_items = max;
		rc = file ? load_file(&t, csv, len, &err)
			  : load_buf(&t, csv, len, &err);
		assert_int_equal(rc, want_rc);
		assert_int_equal(t.max_items, max);
		if (rc == 0) {
			assert_int_equal(t.n, n);
			assert_non_null(table_find(&t, (long)n));
		} else {
			assert_string_equal(err.file, "plan.csv");
			assert_int_equal(err.line, want_line);
			assert_string_equal(err.msg, want);
			assert_table_empty(&t);
		}
		table_release(&t);
	}
	free(csv);
}

/* A plan of max_items loads, one more item is refused at its line; the
 * real limit is far above the million items a large plan reaches. */
static void test_items_limit(void **state)
{
	(void)state;
	assert_true(TABLE_ITEMS_MAX > 1000000);
	load_limited(1, 1, 0, 0);
	load_limited(2, 1, -1, 3);
	load_limited(3, 3, 0, 0);
	load_limited(4, 3, -1, 5);
	load_limited(1000, 1000, 0, 0);
	load_limited(1001, 1000, -1, 1002);
	load_limited(5000, 1000, -1, 1002);
}

/* --- after a failure ---------------------------------------------------- */

static void test_release_after_failure(void **state)
{
	static const char bad[] = HEADER ROW("1", "甲", "", "")
		ROW("2", "乙", "", "") ROW("3", "丙", "2024-02-30", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, bad, strlen(bad), &err), -1);
	assert_int_equal(err.line, 4);
	assert_table_empty(&t);
	assert_null(table_find(&t, 1));
	table_release(&t);
	table_release(&t);
	assert_table_empty(&t);
	/* the emptied table loads again */
	assert_int_equal(load_buf(&t, good_plan, strlen(good_plan), &err), 0);
	check_good_plan(&t);
	table_release(&t);
}

/* --- the bundled plan --------------------------------------------------- */

static void test_bundled(void **state)
{
	struct table t = TABLE_INIT;
	struct duban_error err;
	const struct item *it;
	size_t size = 0;
	const char *buf = bundled_plan(&size);

	(void)state;
	assert_non_null(buf);
	assert_true(size > 0);
	error_clear(&err);
	assert_int_equal(table_load_buffer(&t, buf, size, "items.csv", &err), 0);
	assert_int_equal(t.n, 56);
	for (size_t i = 0; i < t.n; i++) {
		it = &t.items[i];
		assert_int_equal(it->id, (long)i + 1);
		assert_ptr_equal(table_find(&t, (long)i + 1), it);
		assert_true(it->section >= 1 && it->section <= 5);
		assert_true(i == 0 || it->line > t.items[i - 1].line);
		assert_true(it->text[0] != '\0');
		assert_null(strstr(it->text, "bookmark"));
		assert_true(it->leaders.n >= 1);
		assert_true(it->lead_units.n >= 1);
		assert_date(it->deadline, "2024-12-31");
		assert_string_equal(it->deadline_text, "2024年12月底");
	}
	assert_null(table_find(&t, 0));
	assert_null(table_find(&t, 57));

	it = table_find(&t, 1);
	assert_int_equal(it->section, 1);
	assert_string_equal(it->section_title, "坚持产业兴区，筑牢城南崛起支撑");
	assert_int_equal(it->subsection, 1);
	assert_string_equal(it->subsection_title, "激发产业活力");
	assert_string_equal(it->text,
		"壮大都市工业，深挖现有企业潜能，支持引导阳光乳业、江铃华翔等"
		"重点工业企业扩能改造。积极招引都市工业项目，推动索为工业互联网"
		"基地、医药云平台等重点项目签约落地，围绕生物医药、现代物流、"
		"工业设计等领域强链、补链、延链，从点发力、串点成链、聚链成势，"
		"招引更多都市工业链主企业、龙头企业和平台型企业，力争规上工业"
		"企业数量突破40家，总产值突破60亿元。");
	assert_names(&it->leaders, 1, "杨峰");
	assert_names(&it->lead_units, 1, "区科工局");
	assert_names(&it->participants, 1, "各街道、镇、集聚区");
	assert_int_equal(it->ntargets, 2);
	assert_target(&it->targets[0], "规上工业企业数量", TARGET_GT, "40",
		      NULL, "家", NULL);
	assert_target(&it->targets[1], "总产值", TARGET_GT, "60", NULL, "亿元",
		      NULL);

	it = table_find(&t, 13);
	assert_int_equal(it->section, 2);
	assert_string_equal(it->section_title, "丰富业态内涵，唱响城南文旅品牌");
	assert_names(&it->leaders, 2, "杨峰", "夏辉");
	assert_names(&it->lead_units, 2, "区商务局", "洪都街道");
	assert_names(&it->participants, 2, "区文广新旅局", "区科工局");
	assert_int_equal(it->ntargets, 0);

	it = table_find(&t, 20);
	assert_int_equal(it->section, 3);
	assert_names(&it->leaders, 1, "徐志勇");
	assert_names(&it->lead_units, 1, "区国投集团");
	assert_int_equal(it->participants.n, 0);
	assert_int_equal(it->ntargets, 2);
	assert_target(&it->targets[0], "总资产", TARGET_GT, "170", NULL, "亿元",
		      NULL);
	assert_target(&it->targets[1], "营业收入", TARGET_GT, "10", NULL, "亿元",
		      NULL);

	it = table_find(&t, 42);
	assert_int_equal(it->section, 4);
	assert_string_equal(it->text,
			    "保障希圣桥省控断面水质长期稳定，让青云谱的水更清。");
	assert_int_equal(strncmp(it->text, "保障希圣桥", strlen("保障希圣桥")), 0);
	assert_names(&it->leaders, 2, "聂洪明", "涂艳彬");
	assert_names(&it->lead_units, 3, "青云谱生态环境局", "区城管执法局",
		     "区住建局");
	assert_names(&it->participants, 1, "各相关街道、镇、集聚区");

	it = table_find(&t, 53);
	assert_int_equal(it->section, 5);
	assert_names(&it->leaders, 1, "胡启明");
	assert_names(&it->lead_units, 1, "区卫健委");
	assert_int_equal(it->ntargets, 2);
	assert_target(&it->targets[0], "新增托育机构和点位", TARGET_EQ, "11",
		      NULL, "个", NULL);
	assert_target(&it->targets[1], "每千人口托位", TARGET_EQ, "4.1", NULL,
		      "个", NULL);
	assert_true(it->targets[1].value > 4.0999 &&
		    it->targets[1].value < 4.1001);

	it = table_find(&t, 54);
	assert_names(&it->leaders, 1, "徐志勇");
	assert_names(&it->lead_units, 1, "区应急管理局");
	assert_names(&it->participants, 2, "区安委会相关成员单位",
		     "各街道、镇、集聚区");
	table_release(&t);
}

/* --- out of memory ------------------------------------------------------ */

/* Fails the 1st, 2nd, ... allocation of a load until one succeeds; every
 * failing load must leave the table empty.  Returns how many allocations the
 * load made. */
static long walk_oom(const char *csv, size_t n, bool file, size_t items)
{
	long k;

	for (k = 1; k < 100000; k++) {
		struct table t = TABLE_INIT;
		struct duban_error err;
		int rc;

		error_clear(&err);
		if (file) {
			const char *path = write_temp(csv, n);
			char copy[64];

			snprintf(copy, sizeof(copy), "%s", path);
			mem_fail_after(k);
			rc = table_load_file(&t, copy, "plan.csv", &err);
			mem_fail_after(0);
			unlink(copy);
		} else {
			mem_fail_after(k);
			rc = table_load_buffer(&t, csv, n, "plan.csv", &err);
			mem_fail_after(0);
		}
		if (rc == 0) {
			assert_int_equal(t.n, items);
			table_release(&t);
			return k;
		}
		assert_int_equal(rc, -1);
		if (!strstr(err.msg, "out of memory") &&
		    !strstr(err.msg, "memory ran out"))
			fail_msg("allocation %ld: unexpected error \"%s\"", k,
				 err.msg);
		assert_table_empty(&t);
		table_release(&t);
		assert_table_empty(&t);
	}
	fail_msg("the load never succeeded");
	return 0;
}

static void test_oom_small(void **state)
{
	(void)state;
	/* at least: the field buffer, items, the index, the arena */
	assert_true(walk_oom(good_plan, strlen(good_plan), false, 3) > 4);
	assert_true(walk_oom(good_plan, strlen(good_plan), true, 3) > 4);
}

static void test_oom_bundled(void **state)
{
	size_t size = 0;
	const char *buf = bundled_plan(&size);
	char *copy = xstrdup_n(buf, size);

	(void)state;
	assert_true(walk_oom(copy, size, false, 56) > 4);
	free(copy);
}

/* --- item keys ---------------------------------------------------------- */

#define KEY_HEADER "key,id,section,section_title,subsection,subsection_title," \
	"text,leaders,lead_units,participants,deadline,deadline_text,targets\n"

static void test_keys(void **state)
{
	static const char csv[] = KEY_HEADER
		"a-22," ROW("23", "任务甲", "2024-12-31", "")
		"23," ROW("22", "任务乙", "2024-12-31", "")
		"新1," ROW("7", "任务丙", "", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(table_find(&t, 23)->key, "a-22");
	/* by key, not by number: "23" is the key of item 22 */
	assert_int_equal(table_find_key(&t, "23")->id, 22);
	assert_int_equal(table_find_key(&t, "a-22")->id, 23);
	assert_int_equal(table_find_key(&t, "新1")->id, 7);
	assert_null(table_find_key(&t, "22"));
	assert_null(table_find_key(&t, "a-2"));
	table_release(&t);
	assert_null(t.by_key);
}

static void test_no_keys(void **state)
{
	static const char csv[] = HEADER ROW("5", "任务", "", "");
	struct table t = TABLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(load_buf(&t, csv, strlen(csv), &err), 0);
	assert_null(t.by_key);
	assert_null(table_find(&t, 5)->key);
	assert_null(table_find_key(&t, "5"));
	table_release(&t);
}

static void test_key_errors(void **state)
{
	(void)state;
	expect_fail(KEY_HEADER "k1," ROW("1", "甲", "", "") "k2," ROW("2", "乙", "", "")
		    "k1," ROW("3", "丙", "", ""), 4,
		    "key \"k1\" is already used on line 2: give the item a key "
		    "of its own");
	expect_fail(KEY_HEADER "k1," ROW("1", "甲", "", "") "," ROW("2", "乙", "", ""),
		    3, "item 2 has no key: the key column names every item for "
		    "good");
	expect_fail(KEY_HEADER "\"k\x01\"," ROW("1", "甲", "", ""), 2,
		    "control character 0x01 in field 1");
	expect_fail(KEY_HEADER "\"k\xc2\x85\"," ROW("1", "甲", "", ""), 2,
		    "the key of item 1 holds a control character");
	expect_fail(KEY_HEADER "0123456789012345678901234567890123456789"
		    "01234567890123456789012345," ROW("1", "甲", "", ""), 2,
		    "the key of item 1 is longer than 64 bytes");
	expect_fail("key,key,id,section,section_title,subsection,"
		    "subsection_title,text,leaders,lead_units,participants,"
		    "deadline,deadline_text,targets\n", 1,
		    "column \"key\" appears twice in the header");
}

static int reset_mem(void **state)
{
	(void)state;
	mem_fail_after(0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_buffer),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_no_keys),
		cmocka_unit_test(test_key_errors),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_column_order),
		cmocka_unit_test(test_find_many),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_bom_line_numbers),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_multiline_record_lines),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_names_with_line_breaks),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_field_count),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_good_ids),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_other_fields),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bad_targets),
		cmocka_unit_test(test_good_targets),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_bad_quoting),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_fields_limit),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_items_limit),
		cmocka_unit_test(test_release_after_failure),
		cmocka_unit_test(test_bundled),
		cmocka_unit_test_teardown(test_oom_small, reset_mem),
		cmocka_unit_test_teardown(test_oom_bundled, reset_mem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
