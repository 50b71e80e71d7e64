/*
 * test_health — where an item stands against its deadline (health_of), the
 * names of lights and standings, store.conf (settings_load and
 * settings_complete), and target_met.
 *
 * 序时进度 worked out by hand for an item due 2024-12-31 in a plan starting
 * 2024-01-01 (a leap year: 366 days, 2024-01-01 being day 1 of them):
 *
 *   as of        day  elapsed = floor(day * 100 / 366)
 *   2023-12-31     0    0   (before the start)
 *   2024-01-01     1    0   (100 / 366)
 *   2024-01-03     3    0   (300 / 366)
 *   2024-01-04     4    1   (400 / 366)
 *   2024-02-29    60   16   (6000 / 366 = 16.39)
 *   2024-06-30   182   49   (18200 / 366 = 49.73; 31+29+31+30+31+30)
 *   2024-07-01   183   50   (18300 / 366 = 50 exactly)
 *   2024-11-30   335   91   (33500 / 366 = 91.53)
 *   2024-12-01   336   91   (33600 / 366 = 91.80)
 *   2024-12-15   350   95   (35000 / 366 = 95.63)
 *   2024-12-16   351   95   (35100 / 366 = 95.90)
 *   2024-12-30   365   99   (36500 / 366 = 99.73)
 *   2024-12-31   366  100
 *
 * days_left is deadline − as of: 16 on 2024-12-15, 15 on 2024-12-16, 30 on
 * 2024-12-01, 31 on 2024-11-30, 0 on 2024-12-31.  An open item is overdue
 * from 2025-01-01 (1 day), 2025-01-31 is 31 days.
 *
 * For a start of 2024-07-01 (184 days to 2024-12-31: 31+31+30+31+30+31):
 * 2024-09-30 is day 92, 9200 / 184 = 50 exactly; 2024-07-01 is 100 / 184 = 0.
 */
#include "testutil.h"

#include "duban/arena.h"
#include "duban/date.h"
#include "duban/error.h"
#include "duban/health.h"
#include "duban/milestone.h"
#include "duban/settings.h"
#include "duban/state.h"
#include "duban/store.h"
#include "duban/table.h"
#include "duban/target.h"

#define HEADER "id,section,section_title,subsection,subsection_title,text," \
	"leaders,lead_units,participants,deadline,deadline_text,targets\n"
#define ROW(id, deadline) \
	id ",1,节,1,小节,第" id "项,张三,区科工局,," deadline ",,\n"

/* Item 1 due 2024-12-31, item 2 open-ended, item 3 due 2025-03-31. */
static const char plan_csv[] =
	HEADER
	ROW("1", "2024-12-31")
	ROW("2", "")
	ROW("3", "2025-03-31");

static struct table plan = TABLE_INIT;
static char tmpdir[64];

/* --- helpers ------------------------------------------------------------- */

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

static const struct item *item(long id)
{
	const struct item *it = table_find(&plan, id);

	assert_non_null(it);
	return it;
}

static struct settings settings(date_t start, int warn_days)
{
	struct settings s;

	settings_defaults(&s);
	s.start = start;
	s.warn_days = warn_days;
	return s;
}

/* The settings of most tests: the plan starts 2024-01-01, warn 15 days. */
static struct settings std_settings(void)
{
	return settings(ymd(2024, 1, 1), WARN_DAYS_DEFAULT);
}

static struct item_state open_state(enum status status, int percent)
{
	return (struct item_state){ .status = status, .percent = percent,
				    .last_date = DATE_NONE,
				    .done_date = DATE_NONE,
				    .extended = DATE_NONE,
				    .requested = DATE_NONE };
}

static struct item_state done_state(date_t done, int percent)
{
	return (struct item_state){ .status = STATUS_DONE, .percent = percent,
				    .last_date = done, .done_date = done,
				    .extended = DATE_NONE,
				    .requested = DATE_NONE };
}

/* Checks every field of health_of(it, st, as_of, s). */
static void expect_health_at(const char *where, const struct item *it,
			     const struct item_state *st, date_t as_of,
			     const struct settings *s, enum standing standing,
			     enum light light, int elapsed, long days_overdue,
			     long days_left)
{
	struct health h;
	char buf[DATE_BUFSIZE];

	memset(&h, 0x5a, sizeof(h));
	health_of(it, st, as_of, s, &h);
	if (h.standing != standing || h.light != light || h.elapsed != elapsed ||
	    h.days_overdue != days_overdue || h.days_left != days_left)
		print_error("%s: item %ld, status %d, percent %d, as of %s: "
			    "got %s/%s elapsed %d overdue %ld left %ld, want "
			    "%s/%s elapsed %d overdue %ld left %ld\n", where,
			    it->id, (int)st->status, st->percent,
			    date_format(as_of, buf),
			    standing_key(h.standing), light_key(h.light),
			    h.elapsed, h.days_overdue, h.days_left,
			    standing_key(standing), light_key(light), elapsed,
			    days_overdue, days_left);
	assert_int_equal(h.standing, standing);
	assert_int_equal(h.light, light);
	assert_int_equal(h.elapsed, elapsed);
	assert_int_equal(h.days_overdue, days_overdue);
	assert_int_equal(h.days_left, days_left);
}

#define expect_health(...) expect_health_at(__func__, __VA_ARGS__)

/* Only the elapsed share of item 1 at y-m-d. */
static int elapsed_at(const struct settings *s, int y, int m, int d)
{
	struct item_state st = open_state(STATUS_IN_PROGRESS, 100);
	struct health h;

	health_of(item(1), &st, ymd(y, m, d), s, &h);
	return h.elapsed;
}

/* --- lights and standings ------------------------------------------------ */

static void test_light_names(void **state)
{
	(void)state;
	assert_int_equal(LIGHT_COUNT, 4);
	assert_string_equal(light_key(LIGHT_GREEN), "green");
	assert_string_equal(light_key(LIGHT_BLUE), "blue");
	assert_string_equal(light_key(LIGHT_YELLOW), "yellow");
	assert_string_equal(light_key(LIGHT_RED), "red");
	assert_string_equal(light_label(LIGHT_GREEN), "绿");
	assert_string_equal(light_label(LIGHT_BLUE), "蓝");
	assert_string_equal(light_label(LIGHT_YELLOW), "黄");
	assert_string_equal(light_label(LIGHT_RED), "红");
}

static void expect_light(const char *s, enum light want)
{
	enum light l = LIGHT_COUNT;

	if (light_parse(s, &l) != 0)
		fail_msg("light_parse(\"%s\") refused it", s);
	assert_int_equal(l, want);
}

static void expect_no_light(const char *s)
{
	enum light l = LIGHT_COUNT;

	if (light_parse(s, &l) != -1)
		fail_msg("light_parse(\"%s\") accepted it as %d", s, (int)l);
	assert_int_equal(l, LIGHT_COUNT);	/* untouched */
}

static void test_light_parse(void **state)
{
	(void)state;
	for (int i = 0; i < LIGHT_COUNT; i++) {
		char lamp[16];

		expect_light(light_key((enum light)i), (enum light)i);
		expect_light(light_label((enum light)i), (enum light)i);
		snprintf(lamp, sizeof(lamp), "%s灯", light_label((enum light)i));
		expect_light(lamp, (enum light)i);
	}
	expect_light("红灯", LIGHT_RED);
	expect_light("黄灯", LIGHT_YELLOW);
	expect_light("蓝灯", LIGHT_BLUE);
	expect_light("绿灯", LIGHT_GREEN);

	expect_no_light("");
	expect_no_light("灯");
	expect_no_light("Red");
	expect_no_light("RED");
	expect_no_light("red灯");
	expect_no_light("红灯灯");
	expect_no_light("红 ");
	expect_no_light(" 红");
	expect_no_light("红色");
	expect_no_light("gree");
	expect_no_light("greenish");
	expect_no_light("紫");
	expect_no_light("\xe7\xba");	/* half of 红 */
}

static void test_standing_names(void **state)
{
	static const char *const keys[] = {
		"on-schedule", "due-soon", "behind", "overdue", "done",
		"done-late",
	};
	static const char *const labels[] = {
		"序时推进", "临近时限", "滞后", "逾期", "按期完成", "逾期完成",
	};

	(void)state;
	assert_int_equal(STANDING_COUNT, 6);
	for (int i = 0; i < STANDING_COUNT; i++) {
		assert_string_equal(standing_key((enum standing)i), keys[i]);
		assert_string_equal(standing_label((enum standing)i), labels[i]);
	}
	assert_string_equal(standing_key(STANDING_ON_SCHEDULE), "on-schedule");
	assert_string_equal(standing_label(STANDING_BEHIND), "滞后");
	assert_string_equal(standing_label(STANDING_OVERDUE), "逾期");
	assert_string_equal(standing_label(STANDING_DONE_LATE), "逾期完成");
}

static void test_state_percent(void **state)
{
	struct item_state st;

	(void)state;
	st = open_state(STATUS_NOT_STARTED, 0);
	assert_int_equal(state_percent(&st), 0);
	st = open_state(STATUS_IN_PROGRESS, 40);
	assert_int_equal(state_percent(&st), 40);
	st = open_state(STATUS_BLOCKED, 70);
	assert_int_equal(state_percent(&st), 70);
	st = done_state(ymd(2024, 6, 1), 40);
	assert_int_equal(state_percent(&st), 100);
	st = done_state(ymd(2024, 6, 1), 0);
	assert_int_equal(state_percent(&st), 100);
}

/* --- health_of: 序时进度 -------------------------------------------------- */

static void test_elapsed_at_dates(void **state)
{
	struct settings s = std_settings();

	(void)state;
	assert_int_equal(elapsed_at(&s, 2020, 1, 1), 0);
	assert_int_equal(elapsed_at(&s, 2023, 12, 31), 0);
	assert_int_equal(elapsed_at(&s, 2024, 1, 1), 0);
	assert_int_equal(elapsed_at(&s, 2024, 1, 3), 0);
	assert_int_equal(elapsed_at(&s, 2024, 1, 4), 1);
	assert_int_equal(elapsed_at(&s, 2024, 2, 29), 16);
	assert_int_equal(elapsed_at(&s, 2024, 6, 30), 49);
	assert_int_equal(elapsed_at(&s, 2024, 7, 1), 50);
	assert_int_equal(elapsed_at(&s, 2024, 11, 30), 91);
	assert_int_equal(elapsed_at(&s, 2024, 12, 1), 91);
	assert_int_equal(elapsed_at(&s, 2024, 12, 15), 95);
	assert_int_equal(elapsed_at(&s, 2024, 12, 16), 95);
	assert_int_equal(elapsed_at(&s, 2024, 12, 30), 99);
	assert_int_equal(elapsed_at(&s, 2024, 12, 31), 100);
	/* past the deadline it stays at 100 */
	assert_int_equal(elapsed_at(&s, 2025, 1, 1), 100);
	assert_int_equal(elapsed_at(&s, 2030, 6, 1), 100);

	/* a later start: 184 days from 2024-07-01 */
	s = settings(ymd(2024, 7, 1), WARN_DAYS_DEFAULT);
	assert_int_equal(elapsed_at(&s, 2024, 6, 30), 0);
	assert_int_equal(elapsed_at(&s, 2024, 7, 1), 0);
	assert_int_equal(elapsed_at(&s, 2024, 9, 30), 50);
	assert_int_equal(elapsed_at(&s, 2024, 12, 31), 100);

	/* a start on the deadline: the period is the one day */
	s = settings(ymd(2024, 12, 31), WARN_DAYS_DEFAULT);
	assert_int_equal(elapsed_at(&s, 2024, 12, 30), 0);
	assert_int_equal(elapsed_at(&s, 2024, 12, 31), 100);
}

/* A start after the deadline, or none, counts from the deadline alone. */
static void test_elapsed_without_usable_start(void **state)
{
	struct settings later = settings(ymd(2025, 1, 1), WARN_DAYS_DEFAULT);
	struct settings much_later = settings(ymd(2026, 7, 1), WARN_DAYS_DEFAULT);
	struct settings none = settings(DATE_NONE, WARN_DAYS_DEFAULT);
	const struct settings *all[] = { &later, &much_later, &none };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const struct settings *s = all[i];
		struct item_state st;

		assert_int_equal(elapsed_at(s, 2023, 12, 31), 0);
		assert_int_equal(elapsed_at(s, 2024, 1, 1), 0);
		assert_int_equal(elapsed_at(s, 2024, 6, 30), 0);
		assert_int_equal(elapsed_at(s, 2024, 12, 30), 0);
		assert_int_equal(elapsed_at(s, 2024, 12, 31), 100);
		assert_int_equal(elapsed_at(s, 2025, 1, 1), 100);

		/* nothing is behind before the deadline day... */
		st = open_state(STATUS_NOT_STARTED, 0);
		expect_health(item(1), &st, ymd(2024, 6, 30), s,
			      STANDING_ON_SCHEDULE, LIGHT_GREEN, 0, 0, 184);
		expect_health(item(1), &st, ymd(2024, 12, 30), s,
			      STANDING_DUE_SOON, LIGHT_BLUE, 0, 0, 1);
		/* ...and short of 100 is behind on it */
		st = open_state(STATUS_IN_PROGRESS, 99);
		expect_health(item(1), &st, ymd(2024, 12, 31), s,
			      STANDING_BEHIND, LIGHT_YELLOW, 100, 0, 0);
		/* item 3 (2025-03-31) the same way, but for 2025-01-01,
		 * which is before its deadline: a real start (below) */
		if (s == &later)
			continue;
		st = open_state(STATUS_IN_PROGRESS, 10);
		expect_health(item(3), &st, ymd(2025, 3, 1), s,
			      STANDING_ON_SCHEDULE, LIGHT_GREEN, 0, 0, 30);
		expect_health(item(3), &st, ymd(2025, 3, 30), s,
			      STANDING_DUE_SOON, LIGHT_BLUE, 0, 0, 1);
		expect_health(item(3), &st, ymd(2025, 3, 31), s,
			      STANDING_BEHIND, LIGHT_YELLOW, 100, 0, 0);
	}
	/* for item 3 the later start of 2025-01-01 is a real start: 90 days
	 * (31+28+31) to 2025-03-31, 2025-02-14 is day 45 → 50 */
	{
		struct item_state st = open_state(STATUS_IN_PROGRESS, 49);

		expect_health(item(3), &st, ymd(2025, 2, 14), &later,
			      STANDING_BEHIND, LIGHT_YELLOW, 50, 0, 45);
	}
}

/* --- health_of: on schedule or behind ------------------------------------ */

static void test_on_schedule_boundary(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	/* 2024-06-30: elapsed 49, 184 days left */
	st = open_state(STATUS_IN_PROGRESS, 49);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 49, 0, 184);
	st = open_state(STATUS_IN_PROGRESS, 50);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 49, 0, 184);
	st = open_state(STATUS_IN_PROGRESS, 48);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 49, 0, 184);

	/* 2024-07-01: elapsed exactly 50, 183 days left */
	st = open_state(STATUS_IN_PROGRESS, 50);
	expect_health(item(1), &st, ymd(2024, 7, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 50, 0, 183);
	st = open_state(STATUS_IN_PROGRESS, 49);
	expect_health(item(1), &st, ymd(2024, 7, 1), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 50, 0, 183);

	/* not started: on schedule while elapsed is 0, behind at 1 */
	st = open_state(STATUS_NOT_STARTED, 0);
	expect_health(item(1), &st, ymd(2023, 12, 31), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 0, 0, 366);
	expect_health(item(1), &st, ymd(2024, 1, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 0, 0, 365);
	expect_health(item(1), &st, ymd(2024, 1, 3), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 0, 0, 363);
	expect_health(item(1), &st, ymd(2024, 1, 4), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 1, 0, 362);

	/* blocked is open like any other: judged by its percent */
	st = open_state(STATUS_BLOCKED, 49);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 49, 0, 184);
	st = open_state(STATUS_BLOCKED, 48);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 49, 0, 184);

	/* 2024-02-29: elapsed 16 */
	st = open_state(STATUS_IN_PROGRESS, 16);
	expect_health(item(1), &st, ymd(2024, 2, 29), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 16, 0, 306);
	st = open_state(STATUS_IN_PROGRESS, 15);
	expect_health(item(1), &st, ymd(2024, 2, 29), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 16, 0, 306);
}

/* --- health_of: due soon ------------------------------------------------- */

static void test_due_soon(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	/* 15 days left is within the window, 16 is not (elapsed 95 on both) */
	st = open_state(STATUS_IN_PROGRESS, 96);
	expect_health(item(1), &st, ymd(2024, 12, 16), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 95, 0, 15);
	expect_health(item(1), &st, ymd(2024, 12, 15), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 95, 0, 16);
	st = open_state(STATUS_IN_PROGRESS, 95);
	expect_health(item(1), &st, ymd(2024, 12, 16), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 95, 0, 15);

	/* behind comes before due soon */
	st = open_state(STATUS_IN_PROGRESS, 94);
	expect_health(item(1), &st, ymd(2024, 12, 16), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 95, 0, 15);

	/* the deadline day: 0 days left, elapsed 100 */
	st = open_state(STATUS_IN_PROGRESS, 100);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 100, 0, 0);
	st = open_state(STATUS_IN_PROGRESS, 99);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 100, 0, 0);
	st = open_state(STATUS_IN_PROGRESS, 100);
	expect_health(item(1), &st, ymd(2024, 12, 30), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 99, 0, 1);

	/* warn_days 0: only the deadline day itself */
	s = settings(ymd(2024, 1, 1), 0);
	expect_health(item(1), &st, ymd(2024, 12, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 99, 0, 1);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 100, 0, 0);

	/* warn_days 30: 30 days left is in, 31 out (elapsed 91 on both) */
	s = settings(ymd(2024, 1, 1), 30);
	st = open_state(STATUS_IN_PROGRESS, 91);
	expect_health(item(1), &st, ymd(2024, 12, 1), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 91, 0, 30);
	expect_health(item(1), &st, ymd(2024, 11, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 91, 0, 31);

	/* a huge window makes every on-schedule open item blue */
	s = settings(ymd(2024, 1, 1), 3650);
	st = open_state(STATUS_NOT_STARTED, 0);
	expect_health(item(1), &st, ymd(2024, 1, 1), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 0, 0, 365);
}

/* --- health_of: overdue -------------------------------------------------- */

static void test_overdue(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	/* not on the deadline day itself */
	st = open_state(STATUS_IN_PROGRESS, 100);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 100, 0, 0);
	/* from the day after, even at 100% */
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
	expect_health(item(1), &st, ymd(2025, 1, 31), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 31, -1);
	expect_health(item(1), &st, ymd(2025, 12, 31), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 365, -1);

	/* overdue comes before behind */
	st = open_state(STATUS_NOT_STARTED, 0);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 100, 0, 0);
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
	st = open_state(STATUS_BLOCKED, 30);
	expect_health(item(1), &st, ymd(2025, 1, 2), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 2, -1);

	/* item 3 (2025-03-31) with the plan's start of 2024-01-01: 456 days
	 * (366 + 90); 2025-03-31 is day 456 → 100, 2025-04-01 overdue by 1 */
	st = open_state(STATUS_IN_PROGRESS, 100);
	expect_health(item(3), &st, ymd(2025, 3, 31), &s,
		      STANDING_DUE_SOON, LIGHT_BLUE, 100, 0, 0);
	expect_health(item(3), &st, ymd(2025, 4, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
	/* and 2024-12-31 is day 366 of 456: 36600 / 456 = 80.26 */
	st = open_state(STATUS_IN_PROGRESS, 80);
	expect_health(item(3), &st, ymd(2024, 12, 31), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 80, 0, 90);
	st = open_state(STATUS_IN_PROGRESS, 79);
	expect_health(item(3), &st, ymd(2024, 12, 31), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 80, 0, 90);
}

/* --- health_of: the office's rules and milestones ---------------------- */

/* 2024-06-30: 序时 49 for item 1.  yellow_behind 5 keeps 44 green (5
 * behind) and makes 43 yellow; red_behind 20 makes 29 red (20 behind)
 * and leaves 30 yellow. */
static void test_rules_of_lights(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	s.yellow_behind = 5;
	s.red_behind = 20;
	st = open_state(STATUS_IN_PROGRESS, 44);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 49, 0, 184);
	st.percent = 43;
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 49, 0, 184);
	st.percent = 30;
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 49, 0, 184);
	st.percent = 29;
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_RED, 49, 0, 184);
	/* red_behind off: far behind is yellow */
	s.red_behind = 0;
	st.percent = 0;
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 49, 0, 184);
}

/* A milestone of 80% at 2024-03-31: on 2024-04-01 序时 is 80 + 20 × 1 /
 * 275 = 80.07 → 80, so 40% is behind, where the time share (day 92 of
 * 366: 25) would call it on schedule. */
static void test_milestones_set_the_pace(void **state)
{
	struct settings s = std_settings();
	struct milestones ms = MILESTONES_INIT;
	struct duban_error err;
	struct item_state st = open_state(STATUS_IN_PROGRESS, 40);

	(void)state;
	expect_health(item(1), &st, ymd(2024, 4, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 25, 0, 274);
	assert_int_equal(milestones_add(&ms, 1, ymd(2024, 3, 31), 80,
					"一季度完成招引80%", &err), 0);
	s.milestones = &ms;
	expect_health(item(1), &st, ymd(2024, 4, 1), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 80, 0, 274);
	/* on the day itself 80, and 2024-02-15 (day 46 of 91) 40.4 → 40 */
	expect_health(item(1), &st, ymd(2024, 3, 31), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 80, 0, 275);
	expect_health(item(1), &st, ymd(2024, 2, 15), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 40, 0, 320);
	/* other items keep the time share */
	expect_health(item(3), &st, ymd(2024, 4, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 20, 0, 364);
	milestones_release(&ms);
}

/* --- health_of: an extended deadline (延期) ----------------------------- */

/* Item 1 (due 2024-12-31) granted 2025-03-31 is judged as item 3 is: 456
 * days from 2024-01-01, 2025-01-01 is day 367 → 36700 / 456 = 80.48 → 80,
 * with 89 days left (30 + 28 + 31). */
static void test_extended_deadline(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	st = open_state(STATUS_IN_PROGRESS, 80);
	st.extended = ymd(2025, 3, 31);
	st.extensions = 1;
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 80, 0, 89);
	st.percent = 79;
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 80, 0, 89);
	expect_health(item(1), &st, ymd(2025, 4, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
	assert_date(state_deadline(item(1), &st), "2025-03-31");

	/* a request pending changes nothing */
	st = open_state(STATUS_IN_PROGRESS, 100);
	st.requested = ymd(2025, 3, 31);
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
	assert_date(state_deadline(item(1), &st), "2024-12-31");

	/* done in February within the new deadline is on time */
	st = done_state(ymd(2025, 2, 1), 100);
	st.extended = ymd(2025, 3, 31);
	expect_health(item(1), &st, ymd(2025, 2, 1), &s,
		      STANDING_DONE, LIGHT_GREEN, 87, 0, -1);

	/* an open-ended item given a deadline is judged by it */
	st = open_state(STATUS_IN_PROGRESS, 10);
	st.extended = ymd(2024, 12, 31);
	expect_health(item(2), &st, ymd(2025, 1, 1), &s,
		      STANDING_OVERDUE, LIGHT_RED, 100, 1, -1);
}

/* --- health_of: done ----------------------------------------------------- */

static void test_done(void **state)
{
	struct settings s = std_settings();
	struct item_state st;

	(void)state;
	/* done early: green whatever the percent recorded before */
	st = done_state(ymd(2024, 6, 25), 30);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_DONE, LIGHT_GREEN, 49, 0, -1);
	expect_health(item(1), &st, ymd(2025, 6, 30), &s,
		      STANDING_DONE, LIGHT_GREEN, 100, 0, -1);

	/* done on the deadline day: on time */
	st = done_state(ymd(2024, 12, 31), 0);
	expect_health(item(1), &st, ymd(2024, 12, 31), &s,
		      STANDING_DONE, LIGHT_GREEN, 100, 0, -1);
	expect_health(item(1), &st, ymd(2025, 3, 1), &s,
		      STANDING_DONE, LIGHT_GREEN, 100, 0, -1);

	/* done the day after: late by 1 */
	st = done_state(ymd(2025, 1, 1), 100);
	expect_health(item(1), &st, ymd(2025, 1, 1), &s,
		      STANDING_DONE_LATE, LIGHT_RED, 100, 1, -1);
	expect_health(item(1), &st, ymd(2026, 1, 1), &s,
		      STANDING_DONE_LATE, LIGHT_RED, 100, 1, -1);

	/* done 2025-01-10: late by 10, however long ago */
	st = done_state(ymd(2025, 1, 10), 100);
	expect_health(item(1), &st, ymd(2025, 2, 1), &s,
		      STANDING_DONE_LATE, LIGHT_RED, 100, 10, -1);

	/* done before the plan's start */
	st = done_state(ymd(2023, 12, 1), 0);
	expect_health(item(1), &st, ymd(2023, 12, 31), &s,
		      STANDING_DONE, LIGHT_GREEN, 0, 0, -1);
}

/* --- health_of: no deadline ---------------------------------------------- */

static void test_no_deadline(void **state)
{
	struct settings s = std_settings();
	struct settings wide = settings(ymd(2024, 1, 1), 3650);
	struct settings nostart = settings(DATE_NONE, WARN_DAYS_DEFAULT);
	struct item_state st;

	(void)state;
	assert_int_equal(item(2)->deadline, DATE_NONE);

	st = open_state(STATUS_NOT_STARTED, 0);
	expect_health(item(2), &st, ymd(2024, 1, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, -1, 0, -1);
	expect_health(item(2), &st, ymd(2030, 12, 31), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, -1, 0, -1);
	expect_health(item(2), &st, ymd(2030, 12, 31), &wide,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, -1, 0, -1);
	expect_health(item(2), &st, ymd(2024, 6, 30), &nostart,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, -1, 0, -1);
	st = open_state(STATUS_BLOCKED, 5);
	expect_health(item(2), &st, ymd(2029, 1, 1), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, -1, 0, -1);

	/* done is always on time */
	st = done_state(ymd(2029, 1, 1), 0);
	expect_health(item(2), &st, ymd(2030, 1, 1), &s,
		      STANDING_DONE, LIGHT_GREEN, -1, 0, -1);
}

/* --- settings_load ------------------------------------------------------- */

static void conf_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Loads text as store.conf; the error is cleared first. */
static int load_conf(struct settings *s, const char *text,
		     struct duban_error *err)
{
	char path[128];
	FILE *fp;
	int rc;

	conf_path(path, sizeof(path), "store.conf");
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	error_clear(err);
	memset(s, 0x5a, sizeof(*s));
	rc = settings_load(s, path, "store.conf", err);
	unlink(path);
	return rc;
}

static void expect_conf(const char *text, int format, const char *start,
			int warn_days)
{
	struct settings s;
	struct duban_error err;

	if (load_conf(&s, text, &err) != 0)
		fail_msg("store.conf \"%.60s\": %ld: %s", text, err.line, err.msg);
	assert_int_equal(s.format, format);
	if (start)
		assert_date(s.start, start);
	else
		assert_int_equal(s.start, DATE_NONE);
	assert_int_equal(s.warn_days, warn_days);
}

static void expect_conf_fails(const char *text, long line, const char *msg)
{
	struct settings s;
	struct duban_error err;
	int rc = load_conf(&s, text, &err);

	if (rc != -1 || err.line != line || strcmp(err.msg, msg) != 0)
		print_error("store.conf \"%.60s\": rc %d, line %ld, msg \"%s\"\n",
			    text, rc, err.line, err.msg);
	assert_int_equal(rc, -1);
	assert_string_equal(err.file, "store.conf");
	assert_int_equal(err.line, line);
	assert_string_equal(err.msg, msg);
}

static void test_settings_missing_file(void **state)
{
	char path[128];
	struct settings s;
	struct duban_error err;

	(void)state;
	conf_path(path, sizeof(path), "no-such.conf");
	memset(&s, 0x5a, sizeof(s));
	error_clear(&err);
	assert_int_equal(settings_load(&s, path, "store.conf", &err), 0);
	assert_int_equal(s.format, 1);
	assert_int_equal(s.format, STORE_FORMAT);
	assert_int_equal(s.start, DATE_NONE);
	assert_int_equal(s.warn_days, 15);
	assert_int_equal(s.warn_days, WARN_DAYS_DEFAULT);
}

static void test_settings_read(void **state)
{
	(void)state;
	/* an empty file, and one with only comments and blank lines */
	expect_conf("", 1, NULL, 15);
	expect_conf("# nothing set\n\n   \n\t\n#format = 9\n", 1, NULL, 15);

	/* the README's example */
	expect_conf("format = 1\nstart = 2024-01-01\nwarn_days = 15\n", 1,
		    "2024-01-01", 15);

	/* comments, blank lines and spaces around "=" */
	expect_conf("# duban store settings\n"
		    "\n"
		    "format=1\n"
		    "   \n"
		    "  start   =   2024-03-01  \n"
		    "\twarn_days\t=\t7\t\n"
		    "# the end\n", 1, "2024-03-01", 7);
	/* CRLF, and no final newline */
	expect_conf("format = 1\r\n\r\nstart = 2023-07-01\r\nwarn_days = 30",
		    1, "2023-07-01", 30);

	/* only one setting: the others keep their defaults */
	expect_conf("warn_days = 20\n", 1, NULL, 20);
	expect_conf("start = 2025-01-01\n", 1, "2025-01-01", 15);
	expect_conf("format = 1\n", 1, NULL, 15);

	/* the window's bounds */
	expect_conf("warn_days = 0\n", 1, NULL, 0);
	expect_conf("warn_days = 3650\n", 1, NULL, 3650);

	/* any date form date_parse reads */
	expect_conf("start = 2024年1月1日\n", 1, "2024-01-01", 15);
	expect_conf("start = 2024/02/29\n", 1, "2024-02-29", 15);

	/* "off", and a whole number with a sign */
	expect_conf("red_behind = off\nyellow_behind = +3\n", 1, NULL, 15);
}

/* Every rule's default, as duban rules shows it, and a file that sets
 * them all. */
static void test_settings_rules(void **state)
{
	static const char *const defaults[] = { "1", "", "15", "0", "off", "no",
						"-3", "-1", "2", "-1", "-2",
						"off", "-1", "off", "-2", "", "" };
	static const char *const set[] = { "1", "2024-02-01", "10", "5", "20",
					   "yes", "-5", "0", "3", "-2", "-4",
					   "25", "-3", "3", "-6",
					   "青云谱区人民政府督查室",
					   "2024年区政府工作报告重点工作" };
	struct settings s;
	struct duban_error err;
	char buf[SETTINGS_TEXT_MAX];

	(void)state;
	assert_int_equal(settings_rule_count, 17);
	settings_defaults(&s);
	for (size_t i = 0; i < settings_rule_count; i++) {
		settings_value(&s, i, buf, sizeof(buf));
		assert_string_equal(buf, defaults[i]);
	}
	assert_null(s.milestones);
	assert_int_equal(load_conf(&s, "format = 1\nstart = 2024-02-01\n"
			 "warn_days = 10\nyellow_behind = 5\nred_behind = 20\n"
			 "review = yes\nscore_red = -5\nscore_yellow = 0\n"
			 "score_done = +3\nscore_returned = -2\n"
			 "score_missing_report = -4\nreport_day = 25\n"
			 "score_late_report = -3\nescalate_months = 3\n"
			 "score_escalated = -6\n"
			 "office =  青云谱区人民政府督查室 \n"
			 "plan_title = 2024年区政府工作报告重点工作\n",
			 &err), 0);
	for (size_t i = 0; i < settings_rule_count; i++) {
		settings_value(&s, i, buf, sizeof(buf));
		assert_string_equal(buf, set[i]);
	}
	assert_int_equal(s.red_behind, 20);
	assert_int_equal(s.review, 1);
	assert_null(s.milestones);
	assert_int_equal(load_conf(&s, "review = no\n", &err), 0);
	assert_int_equal(s.review, 0);
	assert_int_equal(load_conf(&s, "\nreview = maybe\n", &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "review \"maybe\" is not yes or no");
	assert_int_equal(load_conf(&s, "score_red = -101\n", &err), -1);
	assert_string_equal(err.msg, "score_red \"-101\" is not a whole number "
			    "from -100 to 100");
	/* red further behind than yellow, at the later line of the two */
	assert_string_equal(settings_rules[3].key, "yellow_behind");
	assert_string_equal(settings_rules[4].key, "red_behind");
	assert_int_equal(load_conf(&s, "red_behind = 20\nyellow_behind = 20\n",
				   &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "red_behind 20 is not more than "
			    "yellow_behind 20");
	assert_int_equal(load_conf(&s, "\xEF\xBB\xBFred_behind = 21\n"
				   "yellow_behind = 20\n", &err), 0);
	assert_int_equal(load_conf(&s, "report_day = 29\n", &err), -1);
	assert_string_equal(err.msg, "report_day \"29\" is not a whole number "
			    "from 1 to 28, or off");
	/* the texts: trimmed, UTF-8, one line, 300 bytes at most */
	assert_int_equal(load_conf(&s, "office = \xB6\xBD\xB2\xE9\n", &err), -1);
	assert_string_equal(err.msg, "office is not UTF-8 text");
	assert_int_equal(load_conf(&s, "\nplan_title = a\x1b[2Jb\n", &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "plan_title holds a control character");
	memset(buf, 'x', 300);
	memcpy(buf, "office=", 7);
	buf[300] = '\0';
	assert_int_equal(load_conf(&s, buf, &err), 0);
	assert_int_equal(strlen(s.office), 293);
	assert_int_equal(load_conf(&s, "office = 督查室督查室督查室督查室督查室督查室督查"
				   "室督查室督查室督查室督查室督查室督查室督查室督查室督"
				   "查室督查室督查室督查室督查室督查室督查室督查室督查室"
				   "督查室督查室督查室督查室督查室督查室督查室督查室督查"
				   "室督查室\n", &err), -1);
	assert_string_equal(err.msg, "office is longer than 300 bytes");
}

static void test_settings_errors(void **state)
{
	char msg[160];

	(void)state;
	/* an unknown key, exactly as written */
	expect_conf_fails("format = 1\ncolour = red\n", 2,
			  "unknown setting \"colour\" (duban rules lists them)");
	expect_conf_fails("# c\n\nStart = 2024-01-01\n", 3,
			  "unknown setting \"Start\" (duban rules lists them)");
	expect_conf_fails("  warn days = 3\n", 1,
			  "unknown setting \"warn days\" (duban rules lists them)");
	expect_conf_fails(" = 3\n", 1, "unknown setting \"\" (duban rules lists them)");

	/* a line without "=" */
	expect_conf_fails("# settings\n\nwarn_days 20\n", 3,
			  "expected \"key = value\"");
	expect_conf_fails("format = 1\nstart\n", 2, "expected \"key = value\"");

	/* a bad date */
	expect_conf_fails("start = 2024-13-01\n", 1,
			  "start \"2024-13-01\" is not a date");
	expect_conf_fails("format = 1\nstart = 2023-02-29\n", 2,
			  "start \"2023-02-29\" is not a date");
	expect_conf_fails("start = tomorrow  \n", 1,
			  "start \"tomorrow\" is not a date");
	expect_conf_fails("start =\n", 1, "start \"\" is not a date");

	/* warn_days out of range or not a number */
	expect_conf_fails("warn_days = -1\n", 1,
			  "warn_days \"-1\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("\nwarn_days = 3651\n", 2,
			  "warn_days \"3651\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("warn_days = abc\n", 1,
			  "warn_days \"abc\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("warn_days = 15天\n", 1,
			  "warn_days \"15天\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("warn_days = 1.5\n", 1,
			  "warn_days \"1.5\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("warn_days =\n", 1,
			  "warn_days \"\" is not a whole number from 0 to "
			  "3650");
	expect_conf_fails("warn_days = 99999999999999999999\n", 1,
			  "warn_days \"99999999999999999999\" is not a whole number "
			  "from 0 to 3650");

	/* the office's rules */
	expect_conf_fails("warn_days = 5\n\nwarn_days = 9\n", 3,
			  "warn_days is set on line 1 already");
	expect_conf_fails("red_behind = 0\n", 1, "red_behind \"0\" is not a "
			  "whole number from 1 to 100, or off");
	expect_conf_fails("red_behind = OFF\n", 1, "red_behind \"OFF\" is not "
			  "a whole number from 1 to 100, or off");
	expect_conf_fails("yellow_behind = off\n", 1, "yellow_behind \"off\" "
			  "is not a whole number from 0 to 100");
	expect_conf_fails("yellow_behind = 101\n", 1, "yellow_behind \"101\" "
			  "is not a whole number from 0 to 100");
	expect_conf_fails("yellow_behind = 5分\n", 1, "yellow_behind \"5分\" "
			  "is not a whole number from 0 to 100");
	expect_conf_fails("red_behind = - 1\n", 1, "red_behind \"- 1\" is not "
			  "a whole number from 1 to 100, or off");

	/* a format newer than this duban */
	snprintf(msg, sizeof(msg), "the store has format %d; this duban reads "
		 "format %d: upgrade duban", STORE_FORMAT + 1, STORE_FORMAT);
	{
		char text[64];

		snprintf(text, sizeof(text), "# a later duban\nformat = %d\n",
			 STORE_FORMAT + 1);
		expect_conf_fails(text, 2, msg);
	}
	expect_conf_fails("format = 2\n", 1, "the store has format 2; this duban "
			  "reads format 1: upgrade duban");
	expect_conf_fails("format = 1000\n", 1, "the store has format 1000; "
			  "this duban reads format 1: upgrade duban");
	expect_conf_fails("format = abc\n", 1, "format \"abc\" is not a number");

	/* the first error stops the reading */
	expect_conf_fails("colour = red\nwarn_days = x\n", 1,
			  "unknown setting \"colour\" (duban rules lists them)");
}

/* A comment is a comment however long, and does not shift the line
 * numbers of what follows. */
static void test_settings_long_comment(void **state)
{
	static char text[4096];
	size_t n = 0;

	(void)state;
	text[n++] = '#';
	text[n++] = ' ';
	while (n < 1500)
		text[n++] = 'x';
	snprintf(text + n, sizeof(text) - n, "\nwarn_days = 9\n");
	expect_conf(text, 1, NULL, 9);

	snprintf(text + n, sizeof(text) - n, "\nwarn_days = x\n");
	expect_conf_fails(text, 2, "warn_days \"x\" is not a whole number "
			  "from 0 to 3650");
}

static void test_settings_unreadable(void **state)
{
	struct settings s;
	struct duban_error err;

	(void)state;
	/* a directory opens but cannot be read */
	error_clear(&err);
	assert_int_equal(settings_load(&s, tmpdir, "store.conf", &err), -1);
	assert_string_equal(err.file, "store.conf");
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, "cannot read: Is a directory");
}

/* --- settings_complete --------------------------------------------------- */

static void complete_with(const char *csv, date_t start, date_t *out)
{
	struct table t = TABLE_INIT;
	struct duban_error err;
	struct settings s = settings(start, 7);

	error_clear(&err);
	if (table_load_buffer(&t, csv, strlen(csv), "plan.csv", &err))
		fail_msg("plan: %ld: %s", err.line, err.msg);
	settings_complete(&s, &t);
	assert_int_equal(s.format, STORE_FORMAT);
	assert_int_equal(s.warn_days, 7);
	*out = s.start;
	table_release(&t);
}

static void test_settings_complete(void **state)
{
	static const char several[] =
		HEADER
		ROW("4", "2026-12-31")
		ROW("5", "")
		ROW("6", "2025-03-31")
		ROW("7", "2025-12-31");
	static const char no_deadlines[] =
		HEADER ROW("1", "") ROW("2", "");
	static const char new_year[] =
		HEADER ROW("1", "2025-06-30") ROW("2", "2025-01-01");
	static const char new_years_eve[] =
		HEADER ROW("1", "") ROW("2", "2024-12-31");
	date_t d;

	(void)state;
	/* 1 January of the year of the earliest deadline */
	complete_with(several, DATE_NONE, &d);
	assert_date(d, "2025-01-01");
	complete_with(new_year, DATE_NONE, &d);
	assert_date(d, "2025-01-01");
	complete_with(new_years_eve, DATE_NONE, &d);
	assert_date(d, "2024-01-01");
	complete_with(plan_csv, DATE_NONE, &d);
	assert_date(d, "2024-01-01");

	/* an explicit start is left alone, even past every deadline */
	complete_with(several, ymd(2023, 7, 1), &d);
	assert_date(d, "2023-07-01");
	complete_with(several, ymd(2030, 1, 1), &d);
	assert_date(d, "2030-01-01");
	complete_with(no_deadlines, ymd(2024, 3, 1), &d);
	assert_date(d, "2024-03-01");

	/* no deadlines, or no items: still no start */
	complete_with(no_deadlines, DATE_NONE, &d);
	assert_int_equal(d, DATE_NONE);
	complete_with(HEADER, DATE_NONE, &d);
	assert_int_equal(d, DATE_NONE);
}

/* settings_load then settings_complete, as a store is opened. */
static void test_settings_load_and_complete(void **state)
{
	struct settings s;
	struct duban_error err;
	struct item_state st = open_state(STATUS_IN_PROGRESS, 49);

	(void)state;
	assert_int_equal(load_conf(&s, "warn_days = 10\n", &err), 0);
	settings_complete(&s, &plan);
	assert_date(s.start, "2024-01-01");
	assert_int_equal(s.warn_days, 10);
	expect_health(item(1), &st, ymd(2024, 6, 30), &s,
		      STANDING_ON_SCHEDULE, LIGHT_GREEN, 49, 0, 184);

	assert_int_equal(load_conf(&s, "start = 2024-07-01\n", &err), 0);
	settings_complete(&s, &plan);
	assert_date(s.start, "2024-07-01");
	st = open_state(STATUS_IN_PROGRESS, 49);
	expect_health(item(1), &st, ymd(2024, 9, 30), &s,
		      STANDING_BEHIND, LIGHT_YELLOW, 50, 0, 92);
}

/* --- target_met ---------------------------------------------------------- */

static const struct target *parse_one(struct arena *a, const char *s)
{
	struct target *t = NULL;
	size_t count = 0;
	struct duban_error err;

	error_clear(&err);
	if (targets_parse(s, a, &t, &count, &err))
		fail_msg("targets_parse(\"%s\"): %s", s, err.msg);
	assert_int_equal(count, 1);
	return t;
}

static void met(const struct target *t, double actual, bool want)
{
	if (target_met(t, actual) != want)
		fail_msg("target %s%s%s: actual %.17g should %sbe met",
			 t->subject, target_op_symbol(t->op), t->figure, actual,
			 want ? "" : "not ");
}

static void test_target_met_ops(void **state)
{
	struct arena a = ARENA_INIT;
	const struct target *t;

	(void)state;
	/* > 40: above only */
	t = parse_one(&a, "规上工业企业数量>40家");
	met(t, 39, false);
	met(t, 39.999, false);
	met(t, 40, false);
	met(t, 40.001, true);
	met(t, 41, true);

	/* >= 6 */
	t = parse_one(&a, "大型节假日促消费活动>=6场");
	met(t, 5, false);
	met(t, 5.999, false);
	met(t, 6, true);
	met(t, 6.001, true);
	met(t, 7, true);

	/* = 140: a floor to reach */
	t = parse_one(&a, "盘活低效用地=140亩");
	met(t, 139, false);
	met(t, 139.999, false);
	met(t, 140, true);
	met(t, 140.001, true);
	met(t, 200, true);

	/* = 4.1, a decimal figure */
	t = parse_one(&a, "每千人口托位=4.1个");
	met(t, 4.09, false);
	met(t, 4.1, true);
	met(t, 4.11, true);

	/* <= 0.5 */
	t = parse_one(&a, "单位能耗<=0.5吨");
	met(t, 0.4, true);
	met(t, 0.499, true);
	met(t, 0.5, true);
	met(t, 0.501, false);
	met(t, 1, false);

	/* < 3: below only */
	t = parse_one(&a, "安全事故<3起");
	met(t, 0, true);
	met(t, 2, true);
	met(t, 2.999, true);
	met(t, 3, false);
	met(t, 3.001, false);
	met(t, 4, false);

	/* percentages */
	t = parse_one(&a, "旧改覆盖率>90%");
	met(t, 90, false);
	met(t, 90.5, true);

	arena_release(&a);
}

static void test_target_met_ranges(void **state)
{
	struct arena a = ARENA_INIT;
	const struct target *t;

	(void)state;
	/* 1-2: met from the low end, and beyond the high end too */
	t = parse_one(&a, "市级以上科技创新平台=1-2家");
	assert_true(t->value == 1);
	assert_true(t->value_max == 2);
	met(t, 0, false);
	met(t, 0.999, false);
	met(t, 1, true);
	met(t, 1.5, true);
	met(t, 2, true);
	met(t, 2.001, true);
	met(t, 3, true);

	t = parse_one(&a, "x=1.5-2.25亿元");
	met(t, 1.49, false);
	met(t, 1.5, true);
	met(t, 2.25, true);
	met(t, 2.5, true);

	t = parse_one(&a, "x=2-2个");
	met(t, 1.999, false);
	met(t, 2, true);
	met(t, 2.001, true);

	arena_release(&a);
}

/* A target built by hand, without the parser. */
static void test_target_met_by_hand(void **state)
{
	struct target t = { .subject = "x", .figure = "10", .value = 10,
			    .value_max = 10, .unit = "", .by = DATE_NONE };
	static const struct {
		enum target_op op;
		bool below, at, above;
	} cases[] = {
		{ TARGET_GT, false, false, true },
		{ TARGET_GE, false, true, true },
		{ TARGET_EQ, false, true, true },
		{ TARGET_LE, true, true, false },
		{ TARGET_LT, true, false, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t.op = cases[i].op;
		met(&t, 9.5, cases[i].below);
		met(&t, 10, cases[i].at);
		met(&t, 10.5, cases[i].above);
	}
	/* a range 10-20 by hand */
	t.op = TARGET_EQ;
	t.figure_max = "20";
	t.value_max = 20;
	met(&t, 9.5, false);
	met(&t, 10, true);
	met(&t, 15, true);
	met(&t, 20, true);
	met(&t, 25, true);
}

/* --- the group ----------------------------------------------------------- */

static int group_setup(void **state)
{
	struct duban_error err;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/duban-health-XXXXXX");
	if (!mkdtemp(tmpdir))
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
	char path[128];

	(void)state;
	table_release(&plan);
	conf_path(path, sizeof(path), "store.conf");
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_light_names),
		cmocka_unit_test(test_light_parse),
		cmocka_unit_test(test_standing_names),
		cmocka_unit_test(test_state_percent),
		cmocka_unit_test(test_elapsed_at_dates),
		cmocka_unit_test(test_elapsed_without_usable_start),
		cmocka_unit_test(test_on_schedule_boundary),
		cmocka_unit_test(test_due_soon),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_rules_of_lights),
		cmocka_unit_test(test_milestones_set_the_pace),
		cmocka_unit_test(test_extended_deadline),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_no_deadline),
		cmocka_unit_test(test_settings_missing_file),
		cmocka_unit_test(test_settings_read),
		cmocka_unit_test(test_settings_rules),
		cmocka_unit_test(test_settings_errors),
		cmocka_unit_test(test_settings_long_comment),
		cmocka_unit_test(test_settings_unreadable),
		cmocka_unit_test(test_settings_complete),
		cmocka_unit_test(test_settings_load_and_complete),
		cmocka_unit_test(test_target_met_ops),
		cmocka_unit_test(test_target_met_ranges),
		cmocka_unit_test(test_target_met_by_hand),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
