/*
 * test_lexeme — digits, Chinese numerals, circled numbers, blanks and
 * separators, read one way for every module.
 */
#include <stdbool.h>

#include "testutil.h"

#include "duban/lexeme.h"

/* Reads a Chinese numeral from s; what is left in *rest. */
static long cn(const char *s, const char **rest)
{
	const char *p = s;
	long v = -1;

	if (lex_read_cn_number(&p, &v))
		return -1;
	*rest = p;
	return v;
}

static void test_cn_numbers(void **state)
{
	static const struct {
		const char *s;
		long v;
	} cases[] = {
		{ "一", 1 }, { "十", 10 }, { "十二", 12 }, { "二十", 20 },
		{ "九十九", 99 }, { "一百", 100 }, { "一百零五", 105 },
		{ "一百二十", 120 }, { "九百九十九", 999 }, { "两", 2 },
		{ "三、", 3 }, { "二是", 2 },
	};
	const char *rest = "";

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		assert_int_equal(cn(cases[i].s, &rest), cases[i].v);
		assert_true(*rest == '\0' || lex_starts(rest, "、") ||
			    lex_starts(rest, "是"));
	}
	assert_int_equal(cn("〇", &rest), -1);
	assert_int_equal(cn("零", &rest), -1);
	assert_int_equal(cn("第一", &rest), -1);
	assert_int_equal(cn("1", &rest), -1);
	/* "一百零" stops before the 零 it cannot finish */
	assert_int_equal(cn("一百零", &rest), 100);
	assert_string_equal(rest, "零");
}

static void test_digits(void **state)
{
	const char *p;
	long v;
	size_t n;

	(void)state;
	assert_int_equal(lex_digit("7", &n), 7);
	assert_int_equal(n, 1);
	assert_int_equal(lex_digit("８", &n), 8);
	assert_int_equal(n, 3);
	assert_int_equal(lex_digit("a", &n), -1);
	assert_int_equal(lex_digit("八", &n), -1);
	p = "２０２４年";
	assert_int_equal(lex_read_number(&p, &v), 0);
	assert_int_equal(v, 2024);
	assert_string_equal(p, "年");
	p = "1234567890";
	assert_int_equal(lex_read_number(&p, &v), 0);
	assert_int_equal(v, 123456789);
	assert_string_equal(p, "0");
	p = "x1";
	assert_int_equal(lex_read_number(&p, &v), -1);
	assert_string_equal(p, "x1");
	p = "20241231";
	assert_int_equal(lex_read_digits(&p, 4, &v), 4);
	assert_int_equal(v, 2024);
	assert_int_equal(lex_read_digits(&p, 2, &v), 2);
	assert_int_equal(v, 12);
	p = "6月";
	assert_int_equal(lex_read_digits(&p, 2, &v), 1);
	assert_int_equal(v, 6);
}

static void test_circled(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(lex_circled("①", &n), 1);
	assert_int_equal(n, 3);
	assert_int_equal(lex_circled("⑩", &n), 10);
	assert_int_equal(lex_circled("⑳", &n), 20);
	assert_int_equal(lex_circled("㉑", &n), -1);
	assert_int_equal(lex_circled("1", &n), -1);
}

static void test_blanks_and_separators(void **state)
{
	(void)state;
	assert_int_equal(lex_blank(" "), 1);
	assert_int_equal(lex_blank("\t"), 1);
	assert_int_equal(lex_blank("\r"), 1);
	assert_int_equal(lex_blank("\xe3\x80\x80"), 3);
	assert_int_equal(lex_blank("\xc2\xa0"), 2);
	assert_int_equal(lex_blank("a"), 0);
	assert_int_equal(lex_blank("\n"), 0);
	assert_int_equal(lex_separator("、"), 3);
	assert_int_equal(lex_separator("；"), 3);
	assert_int_equal(lex_separator(";"), 1);
	assert_int_equal(lex_separator("。"), 3);
	assert_int_equal(lex_separator(" "), 1);
	assert_int_equal(lex_separator("（"), 0);
}

static void test_trim_and_ends(void **state)
{
	static const char s[] = " \xe3\x80\x80区商务局；。 ";
	const char *b = s, *e = s + strlen(s);

	(void)state;
	lex_trim(&b, &e, lex_blank);
	assert_int_equal(e - b, (long)strlen("区商务局；。"));
	lex_trim(&b, &e, lex_separator);
	assert_int_equal(e - b, (long)strlen("区商务局"));
	assert_memory_equal(b, "区商务局", strlen("区商务局"));
	assert_true(lex_ends(b, e, "局"));
	assert_false(lex_ends(b, e, "委"));
	assert_false(lex_ends(b, b, "局"));
	assert_true(lex_char_before(b, e) == e - 3);
	b = "甲";
	assert_true(lex_eat(&b, "甲"));
	assert_string_equal(b, "");
	assert_false(lex_eat(&b, "乙"));
}

static void test_han(void **state)
{
	(void)state;
	assert_true(lex_is_han("中"));
	assert_true(lex_is_han("區"));
	assert_true(lex_is_han("\xe3\x90\x80"));	/* U+3400 */
	assert_false(lex_is_han("𠀀"));		/* U+20000, four bytes */
	assert_false(lex_is_han("a"));
	assert_false(lex_is_han("８"));
	assert_false(lex_is_han("、"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cn_numbers),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_circled),
		cmocka_unit_test(test_blanks_and_separators),
		cmocka_unit_test(test_trim_and_ends),
		cmocka_unit_test(test_han),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
