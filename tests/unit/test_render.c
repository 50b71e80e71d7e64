/*
 * test_render — the terminal table as render lays it out: fitted to every
 * width, nothing cut, records when too narrow, a filter's constant column
 * left out, the total row and the bar only on the terminal.
 *
 * The rows are a small listing: an id, leaders, lead units, a deadline, a
 * status label and the task, as list shows them.
 */
#include "testutil.h"

#include "duban/date.h"
#include "duban/render.h"
#include "duban/text.h"

static const struct field fields[] = {
	{ "id", "ID", FIELD_BOTH | FIELD_RIGHT },
	{ "leaders", "Leaders", FIELD_BOTH },
	{ "lead_units", "Lead units", FIELD_BOTH },
	{ "deadline", "Deadline", FIELD_BOTH },
	{ "status", "Status", FIELD_BOTH | FIELD_WHOLE },
	{ "text", "Task", FIELD_BOTH | FIELD_ELASTIC },
};

#define NF (sizeof(fields) / sizeof(*fields))

static const char *leaders1[] = { "杨峰" };
static const char *leaders2[] = { "徐志勇", "杨峰" };
static const char *units1[] = { "区科工局" };
static const char *units2[] = { "区发改委", "区科工局", "区商务局" };
static const char *units3[] = { "区重点公共建设项目管理中心" };

static const char text1[] =
	"壮大都市工业，深挖现有企业潜能，支持引导阳光乳业、江铃华翔等重点工业"
	"企业扩能改造，力争规上工业企业数量突破40家，总产值突破60亿元。";
static const char text2[] =
	"强化数字赋能，以颐高数字经济产业园、云观数字文化港等为依托，招引更多"
	"科技含量高、附加值高的数字经济企业落户。";
static const char text3[] = "打造宜居城市。";

/* Renders the three rows (the first n of them) in format at width,
 * with what ask asks of field key (NULL: nothing); returns the output, to
 * free. */
static char *render_rows(enum format format, size_t width, size_t n,
			 const char *key, const char *ask)
{
	struct names l1 = { leaders1, 1 }, l2 = { leaders2, 2 };
	struct names u1 = { units1, 1 }, u2 = { units2, 3 }, u3 = { units3, 1 };
	date_t d;
	struct cell rows[3][NF];
	struct render r;
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	assert_non_null(f);
	assert_int_equal(date_parse("2024-12-31", &d), 0);
	for (size_t i = 0; i < 3; i++) {
		rows[i][0] = CELL_INT_OF((long)i + 1);
		rows[i][3] = CELL_DATE_OF(d);
		rows[i][4] = CELL_TEXT_OF("推进中");
	}
	rows[0][1] = CELL_NAMES_OF(&l1);
	rows[0][2] = CELL_NAMES_OF(&u1);
	rows[0][5] = CELL_TEXT_OF(text1);
	rows[1][1] = CELL_NAMES_OF(&l2);
	rows[1][2] = CELL_NAMES_OF(&u2);
	rows[1][5] = CELL_TEXT_OF(text2);
	rows[2][1] = CELL_NAMES_OF(&l1);
	rows[2][2] = CELL_NAMES_OF(&u3);
	rows[2][5] = CELL_TEXT_OF(text3);
	render_begin(&r, format, f, width, false, fields, NF);
	render_ask(&r, key ? key : "none", ask);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(render_row(&r, rows[i]), 0);
	assert_int_equal(render_end(&r), 0);
	fclose(f);
	return out;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The output without blanks and newlines. */
static char *squeezed(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			*o++ = *s;
	*o = '\0';
	return out;
}

static void test_fits_every_width(void **state)
{
	(void)state;
	for (size_t width = 20; width <= 200; width++) {
		char *out = render_rows(FORMAT_TABLE, width, 3, NULL, NULL);
		char *all = squeezed(out);

		assert_true(text_widest_line(out) <= width);
		/* dates, numbers and labels whole */
		assert_int_equal(count(out, "2024-12-31"), 3);
		assert_int_equal(count(out, "推进中"), 3);
		/* the short task and the long name whole on one line or two */
		assert_non_null(strstr(all, "打造宜居城市。"));
		assert_null(strstr(out, "…"));
		free(all);
		free(out);
	}
}

static void test_no_limit(void **state)
{
	char *out = render_rows(FORMAT_TABLE, 0, 3, NULL, NULL);

	(void)state;
	assert_int_equal(count(out, "\n"), 4);
	assert_non_null(strstr(out, text1));
	assert_non_null(strstr(out, text2));
	assert_non_null(strstr(out, "区发改委、区科工局、区商务局"));
	free(out);
}

/* A narrow window: the task wraps, whole, and the names between names. */
static void test_wraps(void **state)
{
	char *out = render_rows(FORMAT_TABLE, 80, 3, NULL, NULL);
	const char *header = "ID  Leaders";

	(void)state;
	assert_int_equal(strncmp(out, header, strlen(header)), 0);
	assert_true(count(out, "\n") > 4);
	/* 区发改委、 and 区科工局、 each end a line */
	assert_non_null(strstr(out, "区发改委、 "));
	assert_non_null(strstr(out, "区科工局、 "));
	/* a line that goes on the task has blanks in the other columns */
	assert_non_null(strstr(out, "\n            "));
	free(out);
}

static void test_records_when_too_narrow(void **state)
{
	char *out = render_rows(FORMAT_TABLE, 36, 3, NULL, NULL);
	static const char first[] = "ID          1\nLeaders     杨峰\n";

	(void)state;
	assert_int_equal(strncmp(out, first, strlen(first)), 0);
	assert_non_null(strstr(out, "\n\nID          2\n"));
	assert_non_null(strstr(out, "\nLead units  区发改委、区科工局、\n"
				    "            区商务局\n"));
	assert_non_null(strstr(out, "\nLead units  区重点公共建\n"
				    "            设项目管理中心\n"));
	assert_true(text_widest_line(out) <= 36);
	free(out);
	/* narrower still, the values go under their titles */
	out = render_rows(FORMAT_TABLE, 16, 1, NULL, NULL);
	assert_int_equal(strncmp(out, "ID\n  1\nLeaders\n  杨峰\n",
				 strlen("ID\n  1\nLeaders\n  杨峰\n")), 0);
	assert_true(text_widest_line(out) <= 16);
	free(out);
}

static void test_asked_column_left_out(void **state)
{
	char *out;

	(void)state;
	/* 杨峰 alone leads rows 1 (and 3, not rendered): no leaders column */
	out = render_rows(FORMAT_TABLE, 0, 1, "leaders", "杨峰");
	assert_null(strstr(out, "Leaders"));
	assert_non_null(strstr(out, "Lead units"));
	free(out);
	/* row 2 is 徐志勇 and 杨峰: the column stays */
	out = render_rows(FORMAT_TABLE, 0, 2, "leaders", "杨峰");
	assert_non_null(strstr(out, "Leaders"));
	free(out);
	/* the machine formats keep every field */
	out = render_rows(FORMAT_CSV, 0, 1, "leaders", "杨峰");
	assert_int_equal(strncmp(out, "id,leaders,", 11), 0);
	free(out);
	out = render_rows(FORMAT_JSON, 0, 1, "leaders", "杨峰");
	assert_non_null(strstr(out, "\"leaders\":[\"杨峰\"]"));
	free(out);
}

static const struct field summary_fields[] = {
	{ "group", "Group", FIELD_BOTH },
	{ "days", "Days late", FIELD_BOTH | FIELD_RIGHT },
	{ "bar", "Progress", FIELD_TABLE },
};

/* A group per row, and a total, in format at width. */
static char *render_summary(enum format format, size_t width)
{
	static const char *const groups[] = { "区商务局", "区住建局（旧改办）" };
	struct render r;
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	assert_non_null(f);
	render_begin(&r, format, f, width, false, summary_fields, 3);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(render_row(&r, (struct cell[]){
			CELL_TEXT_OF(groups[i]), CELL_INT_OF(7),
			CELL_BAR_OF(50) }), 0);
	assert_int_equal(render_total(&r, (struct cell[]){
		CELL_TEXT_OF("Total"), CELL_INT_OF(14), CELL_BAR_OF(100) }), 0);
	assert_int_equal(render_end(&r), 0);
	fclose(f);
	return out;
}

static void test_total_and_bar(void **state)
{
	char *out = render_summary(FORMAT_TABLE, 0);

	(void)state;
	assert_string_equal(out,
		"Group               Days late  Progress\n"
		"区商务局                    7  ██████████\n"
		"区住建局（旧改办）          7  ██████████\n"
		"Total                      14  ████████████████████\n");
	free(out);
	/* the title wraps, the bar narrows, names wrap between their pieces */
	out = render_summary(FORMAT_TABLE, 32);
	assert_string_equal(out,
		"            Days\n"
		"Group       late  Progress\n"
		"区商务局       7  █████\n"
		"区住建局       7  █████\n"
		"（旧改办）\n"
		"Total         14  ██████████\n");
	free(out);
	/* then the bar goes, and the names have their width again */
	out = render_summary(FORMAT_TABLE, 24);
	assert_string_equal(out,
		"                    Days\n"
		"Group               late\n"
		"区商务局               7\n"
		"区住建局（旧改办）     7\n"
		"Total                 14\n");
	free(out);
	/* last, a name is broken, into lines about as wide, never cut */
	out = render_summary(FORMAT_TABLE, 14);
	assert_string_equal(out,
		"         Days\n"
		"Group    late\n"
		"区商务局    7\n"
		"区住建局    7\n"
		"（旧\n"
		"改办）\n"
		"Total      14\n");
	free(out);
	/* no total, nor bar, in the machine formats */
	out = render_summary(FORMAT_CSV, 0);
	assert_string_equal(out, "group,days\n区商务局,7\n区住建局（旧改办）,7\n");
	free(out);
	out = render_summary(FORMAT_JSON, 0);
	assert_null(strstr(out, "Total"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_every_width),
		cmocka_unit_test(test_no_limit),
		cmocka_unit_test(test_wraps),
		cmocka_unit_test(test_records_when_too_narrow),
		cmocka_unit_test(test_asked_column_left_out),
		cmocka_unit_test(test_total_and_bar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
