/*
 * test_problem — the one problem list of the readers: lines, columns and
 * headers kept, messages cut at a whole character, sorted by line in the
 * order found, and every allocation failing in turn.
 */
#include "testutil.h"

#include "duban/mem.h"
#include "duban/problem.h"
#include "duban/text.h"

static void test_add_and_sort(void **state)
{
	struct problems p = PROBLEMS_INIT;
	char header[] = "本期进度(%)";

	(void)state;
	assert_int_equal(problems_add(&p, 9, "item %d: no lead unit", 4), 0);
	assert_int_equal(problems_add_at(&p, 3, 14, header, "\"%s\" is not a "
					 "percent", "120"), 0);
	assert_int_equal(problems_add(&p, 3, "first at line 3"), 0);
	assert_int_equal(problems_add_at(&p, 0, -1, NULL, "the whole file"), 0);
	header[0] = 'X';	/* the list keeps its own copy */
	problems_sort(&p);
	assert_int_equal(p.n, 4);
	assert_int_equal(p.v[0].line, 0);
	assert_string_equal(p.v[0].msg, "the whole file");
	/* line 3: in the order found, the cell first */
	assert_int_equal(p.v[1].line, 3);
	assert_int_equal(p.v[1].column, 14);
	assert_string_equal(p.v[1].header, "本期进度(%)");
	assert_string_equal(p.v[1].msg, "\"120\" is not a percent");
	assert_int_equal(p.v[2].line, 3);
	assert_int_equal(p.v[2].column, -1);
	assert_null(p.v[2].header);
	assert_string_equal(p.v[2].msg, "first at line 3");
	assert_int_equal(p.v[3].line, 9);
	assert_string_equal(p.v[3].msg, "item 4: no lead unit");
	problems_release(&p);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
	assert_null(p.arena.head);
}

static void test_long_message(void **state)
{
	struct problems p = PROBLEMS_INIT;
	char text[4000] = "";

	(void)state;
	/* a two-byte lead, then three-byte characters past the limit */
	strcat(text, "é");
	for (int i = 0; i < 1000; i++)
		strcat(text, "中");
	assert_int_equal(problems_add(&p, 1, "%s", text), 0);
	/* 1023 bytes fit: "é" and 340 characters, the 341st cut whole */
	assert_int_equal(strlen(p.v[0].msg), 2 + 340 * 3);
	assert_memory_equal(p.v[0].msg, text, 2 + 340 * 3);
	problems_release(&p);
}

static void test_whole_prefix(void **state)
{
	(void)state;
	assert_int_equal(text_whole_prefix("abc", 3), 3);
	assert_int_equal(text_whole_prefix("a中", 4), 4);
	assert_int_equal(text_whole_prefix("a中", 3), 1);
	assert_int_equal(text_whole_prefix("a中", 2), 1);
	assert_int_equal(text_whole_prefix("\xF0\x9F\x98\x80", 3), 0);
	assert_int_equal(text_whole_prefix("\xF0\x9F\x98\x80", 4), 4);
	assert_int_equal(text_whole_prefix("", 0), 0);
}

static void test_oom(void **state)
{
	(void)state;
	for (long k = 1;; k++) {
		struct problems p = PROBLEMS_INIT;
		int rc;

		mem_fail_after(k);
		rc = problems_add(&p, 1, "one");
		if (rc == 0)
			rc = problems_add_at(&p, 2, 3, "列", "two");
		mem_fail_after(0);
		problems_release(&p);
		if (rc == 0) {
			assert_true(k > 2);
			break;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_sort),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_whole_prefix),
		cmocka_unit_test(test_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
