/*
 * test_match — unit and leader names as people type them, and suggestions
 * for names that are not in the plan.
 */
#include "testutil.h"

#include "duban/match.h"

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

/* --- unit_matches --- */

static void test_unit_equal(void **state)
{
	(void)state;
	assert_true(unit_matches("区商务局", "区商务局"));
	assert_true(unit_matches("区住建局（旧改办）", "区住建局（旧改办）"));
	assert_false(unit_matches("区商务局", "区商务"));
	assert_false(unit_matches("区商务局", "商务局"));
	assert_false(unit_matches("区商务局", "区商务局局"));
	assert_false(unit_matches("区商务局", "区财政局"));
}

static void test_unit_name_before_paren(void **state)
{
	(void)state;
	assert_true(unit_matches("区住建局（旧改办）", "区住建局"));
	assert_false(unit_matches("区住建局（旧改办）", "区住建"));
	assert_false(unit_matches("区住建局（旧改办）", "旧改办"));
	assert_false(unit_matches("区住建局（旧改办）", "（旧改办）"));
	assert_false(unit_matches("区住建局（旧改办）", "区住建局（"));
	assert_true(unit_matches("入选独角兽（瞪羚）企业", "入选独角兽"));
	/* nothing before the parenthesis: no name to match */
	assert_false(unit_matches("（旧改办）", "旧改办"));
}

static void test_unit_collective_parts(void **state)
{
	static const char all[] = "各街道、镇、集聚区";
	static const char related[] = "各相关街道、镇、集聚区";

	(void)state;
	assert_true(unit_matches(all, "集聚区"));
	assert_true(unit_matches(all, "镇"));
	assert_true(unit_matches(all, "街道"));
	assert_true(unit_matches(all, "各街道"));
	assert_true(unit_matches(all, all));
	assert_false(unit_matches(all, "洪都街道"));
	assert_false(unit_matches(all, "街"));
	assert_false(unit_matches(all, "聚区"));
	assert_false(unit_matches(all, "各"));
	assert_false(unit_matches(all, "街道、镇"));

	assert_true(unit_matches(related, "街道"));
	assert_true(unit_matches(related, "镇"));
	assert_true(unit_matches(related, "集聚区"));
	assert_true(unit_matches(related, "各相关街道"));
	assert_false(unit_matches(related, "洪都街道"));
	assert_false(unit_matches(related, "相关"));
}

static void test_unit_each_only_on_first_part(void **state)
{
	(void)state;
	/* 各 reads as "each" only at the start of the designation. */
	assert_false(unit_matches("镇、各街道", "街道"));
	assert_true(unit_matches("镇、各街道", "各街道"));
	assert_true(unit_matches("镇、各街道", "镇"));
}

static void test_unit_plain_list(void **state)
{
	(void)state;
	assert_true(unit_matches("区商务局、区财政局", "区商务局"));
	assert_true(unit_matches("区商务局、区财政局", "区财政局"));
	assert_false(unit_matches("区商务局、区财政局", "区发改委"));
}

static void test_unit_plain_entry_is_not_split(void **state)
{
	(void)state;
	/* Without 、 an entry is one name: no parts, no 各 prefix. */
	assert_false(unit_matches("各街道", "街道"));
	assert_false(unit_matches("各相关街道", "街道"));
	assert_false(unit_matches("洪都街道", "街道"));
	assert_false(unit_matches("区商务局", "商务局"));
}

static void test_unit_empty_query(void **state)
{
	(void)state;
	assert_false(unit_matches("区商务局", ""));
	assert_false(unit_matches("", ""));
	assert_false(unit_matches("各街道、镇、集聚区", ""));
	assert_false(unit_matches("区住建局（旧改办）", ""));
	/* an empty part of a list is no exception */
	assert_false(unit_matches("区商务局、、镇", ""));
	assert_false(unit_matches("", "区商务局"));
}

/* --- units_match, names_contain --- */

static void test_units_match_list(void **state)
{
	const char *v[] = { "区商务局", "区住建局（旧改办）", "各街道、镇、集聚区" };
	const struct names list = { v, NELEM(v) };
	const struct names empty = { NULL, 0 };

	(void)state;
	assert_true(units_match(&list, "区商务局"));
	assert_true(units_match(&list, "区住建局"));
	assert_true(units_match(&list, "集聚区"));
	assert_true(units_match(&list, "街道"));
	assert_false(units_match(&list, "区商务"));
	assert_false(units_match(&list, "旧改办"));
	assert_false(units_match(&list, "洪都街道"));
	assert_false(units_match(&list, ""));
	assert_false(units_match(&empty, "区商务局"));
}

static void test_names_contain(void **state)
{
	const char *v[] = { "张三", "李四", "区住建局（旧改办）", "各街道、镇、集聚区" };
	const struct names list = { v, NELEM(v) };
	const struct names empty = { NULL, 0 };

	(void)state;
	assert_true(names_contain(&list, "张三"));
	assert_true(names_contain(&list, "李四"));
	assert_true(names_contain(&list, "区住建局（旧改办）"));
	assert_false(names_contain(&list, "张"));
	assert_false(names_contain(&list, "张三三"));
	assert_false(names_contain(&list, "区住建局"));	/* exact only */
	assert_false(names_contain(&list, "镇"));
	assert_false(names_contain(&list, ""));
	assert_false(names_contain(&empty, "张三"));
}

/* --- names_closest --- */

static const char *const known_units[] = {
	"区财政局", "区教体局", "区商务局", "区住建局（旧改办）", "区发改委",
	"洪都街道",
};

static void test_closest_containing(void **state)
{
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	/* "商务局" is inside "区商务局"; every other name is 3 or more edits
	 * away, over the 2 that a 3-character query allows. */
	assert_int_equal(names_closest("商务局", known_units, NELEM(known_units),
				       out, 3), 1);
	assert_string_equal(out[0], "区商务局");
	assert_null(out[1]);
}

static void test_closest_typo(void **state)
{
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	/* one character off from 区商务局; 区财政局 and 区发改委 are three
	 * edits away, over the 2 that a 4-character query allows */
	assert_int_equal(names_closest("区商务句", known_units, NELEM(known_units),
				       out, 3), 1);
	assert_string_equal(out[0], "区商务局");
	assert_null(out[1]);
}

static void test_closest_missing_or_extra_character(void **state)
{
	static const char *const known[] = { "洪都街道", "区商务局", "区发改委" };
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	/* 区商局 is 1 edit from 区商务局, 3 from 区发改委 (3 characters
	 * allow 2), 4 from 洪都街道. */
	assert_int_equal(names_closest("区商局", known, NELEM(known), out, 3), 1);
	assert_string_equal(out[0], "区商务局");
	assert_null(out[1]);
	/* 区商务务局 is 1 edit from 区商务局, 4 from 区发改委 (5 characters
	 * allow 3) */
	assert_int_equal(names_closest("区商务务局", known, NELEM(known), out, 3), 1);
	assert_string_equal(out[0], "区商务局");
	assert_null(out[1]);
}

/* Two neighbours swapped are one edit: "lsit" is list before init, which
 * is two edits away, and 区务商局 is 区商务局's alone. */
static void test_closest_swap_is_one_edit(void **state)
{
	static const char *const commands[] = { "init", "list", "show", "log" };
	static const char *const units[] = { "区商务局", "区务局", "区财政局" };
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	assert_int_equal(names_closest("lsit", commands, NELEM(commands), out, 3), 2);
	assert_string_equal(out[0], "list");
	assert_string_equal(out[1], "init");
	assert_int_equal(names_closest("区务商局", units, NELEM(units), out, 1), 1);
	assert_string_equal(out[0], "区商务局");
}

static void test_closest_ties_come_after_the_best(void **state)
{
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	/* 区商局: 区商务局 1 edit; 区财政局 and 区教体局 2 each, as many as
	 * 3 characters allow; the rest 3 or more.  Ties in either order. */
	assert_int_equal(names_closest("区商局", known_units, NELEM(known_units),
				       out, 3), 3);
	assert_string_equal(out[0], "区商务局");
	assert_non_null(out[1]);
	assert_non_null(out[2]);
	assert_true((strcmp(out[1], "区财政局") == 0 && strcmp(out[2], "区教体局") == 0) ||
		    (strcmp(out[1], "区教体局") == 0 && strcmp(out[2], "区财政局") == 0));
}

static void test_closest_far_off(void **state)
{
	const char *out[3] = { NULL, NULL, NULL };

	(void)state;
	/* 公安分局 is 3 edits from every 区X局, over the 2 that 4 characters
	 * allow; the rest are further still */
	assert_int_equal(names_closest("公安分局", known_units, NELEM(known_units),
				       out, 3), 0);
	assert_int_equal(names_closest("消防救援大队", known_units,
				       NELEM(known_units), out, 3), 0);
	assert_int_equal(names_closest("xyz", known_units, NELEM(known_units),
				       out, 3), 0);
	assert_null(out[0]);
}

static void test_closest_order_and_max(void **state)
{
	/* For 区商务句: 区商贸局 2 edits, 区商务局 1 edit, 区财政局 3 edits
	 * (too far), 区商务句办 contains it. */
	static const char *const known[] = {
		"区商贸局", "区商务局", "区财政局", "区商务句办",
	};
	const char *out[4] = { NULL, NULL, NULL, NULL };

	(void)state;
	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 4), 3);
	assert_string_equal(out[0], "区商务句办");
	assert_string_equal(out[1], "区商务局");
	assert_string_equal(out[2], "区商贸局");
	assert_null(out[3]);

	memset(out, 0, sizeof(out));
	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 2), 2);
	assert_string_equal(out[0], "区商务句办");
	assert_string_equal(out[1], "区商务局");
	assert_null(out[2]);

	memset(out, 0, sizeof(out));
	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 1), 1);
	assert_string_equal(out[0], "区商务句办");
	assert_null(out[1]);

	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 0), 0);
}

static void test_closest_order_independent_of_input(void **state)
{
	/* The same names in the opposite order give the same answer. */
	static const char *const known[] = {
		"区商务句办", "区财政局", "区商务局", "区商贸局",
	};
	const char *out[4] = { NULL, NULL, NULL, NULL };

	(void)state;
	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 4), 3);
	assert_string_equal(out[0], "区商务句办");
	assert_string_equal(out[1], "区商务局");
	assert_string_equal(out[2], "区商贸局");
	memset(out, 0, sizeof(out));
	assert_int_equal(names_closest("区商务句", known, NELEM(known), out, 2), 2);
	assert_string_equal(out[0], "区商务句办");
	assert_string_equal(out[1], "区商务局");
}

static void test_closest_empty_known(void **state)
{
	const char *out[3] = { NULL, NULL, NULL };
	static const char *const none[] = { NULL };

	(void)state;
	assert_int_equal(names_closest("区商务局", none, 0, out, 3), 0);
	assert_null(out[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_equal),
		cmocka_unit_test(test_unit_name_before_paren),
		cmocka_unit_test(test_unit_collective_parts),
		cmocka_unit_test(test_unit_each_only_on_first_part),
		cmocka_unit_test(test_unit_plain_list),
		cmocka_unit_test(test_unit_plain_entry_is_not_split),
		cmocka_unit_test(test_unit_empty_query),
		cmocka_unit_test(test_units_match_list),
		cmocka_unit_test(test_names_contain),
		cmocka_unit_test(test_closest_containing),
		cmocka_unit_test(test_closest_typo),
		cmocka_unit_test(test_closest_missing_or_extra_character),
		cmocka_unit_test(test_closest_swap_is_one_edit),
		cmocka_unit_test(test_closest_ties_come_after_the_best),
		cmocka_unit_test(test_closest_far_off),
		cmocka_unit_test(test_closest_order_and_max),
		cmocka_unit_test(test_closest_order_independent_of_input),
		cmocka_unit_test(test_closest_empty_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
