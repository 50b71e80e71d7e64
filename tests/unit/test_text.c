/*
 * test_text — UTF-8 checks, display widths, wrapping and full-width folding.
 *
 * Every expected width and byte offset below was worked out by hand: a CJK
 * character is 3 bytes of UTF-8 and 2 columns, an ASCII character 1 and 1.
 */
#include "testutil.h"

#include "duban/text.h"

/* 青 U+9752, 云 U+4E91, 谱 U+8C31: three bytes each. */
#define QYP "\xe9\x9d\x92\xe4\xba\x91\xe8\xb0\xb1"
/* 青云谱 in GBK. */
#define QYP_GBK "\xc7\xe0\xd4\xc6\xc6\xd7"

/* --- text_width, text_nwidth --- */

static void test_width_ascii(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("a"), 1);
	assert_int_equal(text_width("hello, world"), 12);
	assert_int_equal(text_width("2024-12-31"), 10);
}

static void test_width_chinese(void **state)
{
	(void)state;
	assert_string_equal(QYP, "青云谱");
	assert_int_equal(text_width("青云谱"), 6);
	assert_int_equal(text_width("区商务局"), 8);
	assert_int_equal(text_width("、"), 2);
	assert_int_equal(text_width("，。"), 4);
	assert_int_equal(text_width("ＡＢ"), 4);		/* full-width letters */
}

static void test_width_mixed(void **state)
{
	(void)state;
	/* 2024 (4) 年 (2) 12 (2) 月 (2) 底 (2) */
	assert_int_equal(text_width("2024年12月底"), 12);
	assert_int_equal(text_width("突破13幢"), 8);
	assert_int_equal(text_width("旧改覆盖率>90%"), 14);
}

static void test_width_parentheses(void **state)
{
	(void)state;
	assert_int_equal(text_width("（"), 2);
	assert_int_equal(text_width("）"), 2);
	assert_int_equal(text_width("（）"), 4);
	/* 区住建局 8, （ 2, 旧改办 6, ） 2 */
	assert_int_equal(text_width("区住建局（旧改办）"), 18);
	assert_int_equal(text_width("()"), 2);
}

static void test_width_combining_and_ambiguous(void **state)
{
	(void)state;
	assert_int_equal(text_width("\xcc\x81"), 0);		/* U+0301 alone */
	assert_int_equal(text_width("e\xcc\x81"), 1);		/* é, decomposed */
	assert_int_equal(text_width("a\xcc\x81\xcc\xa3z"), 2);	/* two marks */
	assert_int_equal(text_width("\xe2\x80\x8b"), 0);	/* zero-width space */
	assert_int_equal(text_width("…"), 1);
	assert_int_equal(text_width("abc…"), 4);
	/* Curly quotes are ambiguous: narrow, as modern terminals show them. */
	assert_int_equal(text_width("“亿元楼”"), 8);
}

static void test_width_control(void **state)
{
	(void)state;
	/* Control characters count one column each, by the contract. */
	assert_int_equal(text_width("\t"), 1);
	assert_int_equal(text_width("a\tb"), 3);
	assert_int_equal(text_width("\x1b"), 1);
	/* C1 controls too: U+0085 NEL is two bytes, one column */
	assert_int_equal(text_width("a\xc2\x85" "b"), 3);
}

static void test_nwidth(void **state)
{
	(void)state;
	assert_int_equal(text_nwidth("青云谱", 0), 0);
	assert_int_equal(text_nwidth("青云谱", 3), 2);
	assert_int_equal(text_nwidth("青云谱", 6), 4);
	assert_int_equal(text_nwidth("青云谱", 9), 6);
	assert_int_equal(text_nwidth("abcdef", 2), 2);
	/* The n bytes count, not the NUL. */
	assert_int_equal(text_nwidth("a\0b", 3), 3);
}

/* --- text_prefix_fitting --- */

static void test_prefix_never_splits_wide(void **state)
{
	size_t width = 99;

	(void)state;
	assert_int_equal(text_prefix_fitting("青云谱", 5, &width), 6);
	assert_int_equal(width, 4);
	assert_int_equal(text_prefix_fitting("青云谱", 6, &width), 9);
	assert_int_equal(width, 6);
	assert_int_equal(text_prefix_fitting("青云谱", 100, &width), 9);
	assert_int_equal(width, 6);
	assert_int_equal(text_prefix_fitting("青云谱", 1, &width), 0);
	assert_int_equal(width, 0);
	assert_int_equal(text_prefix_fitting("青云谱", 3, &width), 3);
	assert_int_equal(width, 2);
	width = 99;
	assert_int_equal(text_prefix_fitting("青云谱", 0, &width), 0);
	assert_int_equal(width, 0);
}

static void test_prefix_mixed(void **state)
{
	size_t width = 99;

	(void)state;
	/* a b 青 c: 1 + 1 + 2 + 1 columns, bytes 1 + 1 + 3 + 1 */
	assert_int_equal(text_prefix_fitting("ab青c", 3, &width), 2);
	assert_int_equal(width, 2);
	assert_int_equal(text_prefix_fitting("ab青c", 4, &width), 5);
	assert_int_equal(width, 4);
	assert_int_equal(text_prefix_fitting("ab青c", 5, &width), 6);
	assert_int_equal(width, 5);
	assert_int_equal(text_prefix_fitting("", 5, &width), 0);
	assert_int_equal(width, 0);
	assert_int_equal(text_prefix_fitting("hello", 3, &width), 3);
	assert_int_equal(width, 3);
}

static void test_prefix_keeps_combining_mark(void **state)
{
	size_t width = 99;

	(void)state;
	/* e + U+0301 is one column in three bytes; the mark goes with it. */
	assert_int_equal(text_prefix_fitting("e\xcc\x81x", 1, &width), 3);
	assert_int_equal(width, 1);
	assert_int_equal(text_prefix_fitting("e\xcc\x81x", 2, &width), 4);
	assert_int_equal(width, 2);
}

/* --- text_invalid_utf8 --- */

static void test_invalid_utf8_valid(void **state)
{
	const char *s = "abc青云谱…（）";

	(void)state;
	assert_null(text_invalid_utf8(s, strlen(s)));
	assert_null(text_invalid_utf8("", 0));
	/* NUL is valid UTF-8 */
	assert_null(text_invalid_utf8("a\0b", 3));
	/* U+10FFFF, the last code point: F4 8F BF BF */
	assert_null(text_invalid_utf8("\xf4\x8f\xbf\xbf", 4));
	/* the BOM is a valid character */
	assert_null(text_invalid_utf8("\xef\xbb\xbf" "a", 4));
}

static void test_invalid_utf8_truncated(void **state)
{
	const char *s = "ab\xe9\x9d";		/* 青 without its last byte */
	const char *t = "青云谱";
	static const char lead_then_ascii[] = "x\xe9z";

	(void)state;
	assert_ptr_equal(text_invalid_utf8(s, 4), s + 2);
	/* Cutting a valid string inside its second character. */
	assert_ptr_equal(text_invalid_utf8(t, 4), t + 3);
	assert_ptr_equal(text_invalid_utf8(t, 8), t + 6);
	assert_null(text_invalid_utf8(t, 6));
	/* A lead byte followed by ASCII. */
	assert_ptr_equal(text_invalid_utf8(lead_then_ascii, 3), lead_then_ascii + 1);
}

static void test_invalid_utf8_bad_sequences(void **state)
{
	static const char overlong2[] = "a\xc0\xaf" "b";	/* '/' in 2 bytes */
	static const char overlong3[] = "\xe0\x80\xaf";		/* '/' in 3 bytes */
	static const char nul2[] = "ok\xc0\x80";		/* NUL in 2 bytes */
	static const char surrogate[] = "xy\xed\xa0\x80";	/* U+D800 */
	static const char too_big[] = "\xf4\x90\x80\x80";	/* U+110000 */
	static const char lone_cont[] = "abc\x80";
	static const char bad_lead[] = "\xff";
	static const char later[] = "青云\x80谱";

	(void)state;
	assert_ptr_equal(text_invalid_utf8(overlong2, 4), overlong2 + 1);
	assert_ptr_equal(text_invalid_utf8(overlong3, 3), overlong3);
	assert_ptr_equal(text_invalid_utf8(nul2, 4), nul2 + 2);
	assert_ptr_equal(text_invalid_utf8(surrogate, 5), surrogate + 2);
	assert_ptr_equal(text_invalid_utf8(too_big, 4), too_big);
	assert_ptr_equal(text_invalid_utf8(lone_cont, 4), lone_cont + 3);
	assert_ptr_equal(text_invalid_utf8(bad_lead, 1), bad_lead);
	assert_ptr_equal(text_invalid_utf8(later, strlen(later)), later + 6);
}

/* --- text_looks_gbk --- */

static void test_looks_gbk_chinese(void **state)
{
	(void)state;
	assert_true(text_looks_gbk(QYP_GBK, 6));
	/* ASCII around GBK: "id,青云谱\n" */
	assert_true(text_looks_gbk("id," QYP_GBK "\n", 10));
}

static void test_looks_gbk_ascii_and_empty(void **state)
{
	(void)state;
	assert_false(text_looks_gbk("hello, world", 12));
	assert_false(text_looks_gbk("id,text\r\n1,2\r\n", 14));
	assert_false(text_looks_gbk("", 0));
}

static void test_looks_gbk_invalid(void **state)
{
	(void)state;
	/* 0xFF is never a GBK lead byte. */
	assert_false(text_looks_gbk("\xff\xfe\xfd", 3));
	assert_false(text_looks_gbk(QYP_GBK "\xff", 7));
	/* A lead byte with a trail below 0x40. */
	assert_false(text_looks_gbk("\xc7\x20", 2));
	/* A lead byte cut off at the end. */
	assert_false(text_looks_gbk(QYP_GBK "\xc7", 7));
	assert_false(text_looks_gbk("\xc7", 1));
}

static void test_looks_gbk_longer_than_a_buffer(void **state)
{
	/* 3000 × 青云谱 is 18000 bytes of GBK and 27000 of UTF-8: well past
	 * any one conversion buffer. */
	enum { COPIES = 3000 };
	char *s = malloc(COPIES * 6 + 1);

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < COPIES; i++)
		memcpy(s + 6 * i, QYP_GBK, 6);
	assert_true(text_looks_gbk(s, COPIES * 6));
	s[COPIES * 6 - 1] = '\x20';	/* the last trail byte made invalid */
	assert_false(text_looks_gbk(s, COPIES * 6));
	free(s);
}

/* --- text_fold_fullwidth --- */

static void test_fold_digits_and_punctuation(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_fold_fullwidth("２０２４－１２－３１", out, sizeof(out)), 0);
	assert_string_equal(out, "2024-12-31");
	assert_int_equal(text_fold_fullwidth("ＡＢＣｘｙｚ！～", out, sizeof(out)), 0);
	assert_string_equal(out, "ABCxyz!~");
	assert_int_equal(text_fold_fullwidth("（一）", out, sizeof(out)), 0);
	assert_string_equal(out, "(一)");
	assert_int_equal(text_fold_fullwidth("２０２４年１２月底", out, sizeof(out)), 0);
	assert_string_equal(out, "2024年12月底");
}

static void test_fold_ideographic_space(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_fold_fullwidth("\xe3\x80\x80" "a\xe3\x80\x80", out, sizeof(out)), 0);
	assert_string_equal(out, " a ");
}

static void test_fold_leaves_the_rest(void **state)
{
	char out[64];

	(void)state;
	/* ASCII, CJK, 、 and the characters just outside U+FF01..U+FF5E
	 * (U+FF00 and U+FF5F) stay as they are. */
	assert_int_equal(text_fold_fullwidth("ab 青云谱、", out, sizeof(out)), 0);
	assert_string_equal(out, "ab 青云谱、");
	assert_int_equal(text_fold_fullwidth("\xef\xbc\x80\xef\xbd\x9f", out, sizeof(out)), 0);
	assert_string_equal(out, "\xef\xbc\x80\xef\xbd\x9f");
	assert_int_equal(text_fold_fullwidth("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* An invalid byte is copied through. */
	assert_int_equal(text_fold_fullwidth("a\xff" "b", out, sizeof(out)), 0);
	assert_string_equal(out, "a\xff" "b");
}

static void test_fold_buffer_size(void **state)
{
	char out[16];

	(void)state;
	/* "abc" needs 4 bytes with its NUL. */
	assert_int_equal(text_fold_fullwidth("abc", out, 3), -1);
	assert_int_equal(text_fold_fullwidth("abc", out, 4), 0);
	assert_string_equal(out, "abc");
	/* "２０２４" folds to 4 bytes and needs 5, though it is 12 bytes long. */
	assert_int_equal(text_fold_fullwidth("２０２４", out, 4), -1);
	assert_int_equal(text_fold_fullwidth("２０２４", out, 5), 0);
	assert_string_equal(out, "2024");
	/* 青 needs all of its 3 bytes and a NUL. */
	assert_int_equal(text_fold_fullwidth("青", out, 3), -1);
	assert_int_equal(text_fold_fullwidth("青", out, 4), 0);
	assert_string_equal(out, "青");
	assert_int_equal(text_fold_fullwidth("", out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(text_fold_fullwidth("a", out, 1), -1);
	assert_int_equal(text_fold_fullwidth("\xe3\x80\x80", out, 1), -1);
	/* A long date into the small buffer date_parse would not use. */
	assert_int_equal(text_fold_fullwidth("２０２４－１２－３１ＸＹＺＷＶＵ", out, sizeof(out)), -1);
}

/* --- text_wrap --- */

struct want {
	size_t start, len;
};

static void check_wrap(const char *s, size_t width, const struct want *want,
		       size_t n)
{
	struct text_line lines[64];

	assert_true(n < 64);
	assert_int_equal(text_wrap(s, width, lines, 64), (long)n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lines[i].start, want[i].start);
		assert_int_equal(lines[i].len, want[i].len);
	}
}

static const char full_stop[] = "。", comma[] = "，";

/* No line of s (which has no newline) begins with "，" or "。", and the
 * lines follow one another without gaps. */
static void check_no_leading_closer(const char *s, const struct text_line *lines,
				    long n)
{
	size_t next = 0;

	for (long i = 0; i < n; i++) {
		const char *p = s + lines[i].start;

		assert_int_equal(lines[i].start, next);
		assert_false(strncmp(p, comma, strlen(comma)) == 0);
		assert_false(strncmp(p, full_stop, strlen(full_stop)) == 0);
		next = lines[i].start + lines[i].len;
	}
	assert_int_equal(next, strlen(s));
}

static void test_wrap_chinese_full_stop(void **state)
{
	/* 加快推进城 | 市更新，完 | 善基础设 | 施。提升城 | 市品质。
	 * 善基础设施 would fill 10 columns, but then "。" would begin the next
	 * line: 施 goes down with it. */
	static const char s[] = "加快推进城市更新，完善基础设施。提升城市品质。";
	static const struct want want[] = {
		{ 0, 15 }, { 15, 15 }, { 30, 12 }, { 42, 15 }, { 57, 12 },
	};
	struct text_line lines[8];
	long n;

	(void)state;
	check_wrap(s, 10, want, 5);
	n = text_wrap(s, 10, lines, 8);
	check_no_leading_closer(s, lines, n);
}

static void test_wrap_chinese_comma(void **state)
{
	/* 培育新动能 is exactly 10 columns, but "，" follows: 能 goes down.
	 * 培育新动 | 能，壮大新 | 产业。 */
	static const char s[] = "培育新动能，壮大新产业。";
	static const struct want want[] = { { 0, 12 }, { 12, 15 }, { 27, 9 } };
	struct text_line lines[8];
	long n;

	(void)state;
	check_wrap(s, 10, want, 3);
	n = text_wrap(s, 10, lines, 8);
	check_no_leading_closer(s, lines, n);
}

static void test_wrap_fits_on_one_line(void **state)
{
	static const struct want one[] = { { 0, 15 } };
	static const struct want ascii[] = { { 0, 5 } };

	(void)state;
	check_wrap("培育新动能", 10, one, 1);
	check_wrap("hello", 5, ascii, 1);
}

static void test_wrap_keeps_numbers_whole(void **state)
{
	/* 2026 年 底 “ 亿 元 楼 ” 突 破 13 幢
	 * 0    4  7  10 13 16 19 22 25 28 31 33  (36 bytes)
	 * At width 3, "2026" is wider than the line and stays whole; at the
	 * end 破 | 13 | 幢: the number is never split. */
	static const char s[] = "2026年底“亿元楼”突破13幢";
	struct text_line lines[16];
	long n;

	(void)state;
	assert_int_equal(strlen(s), 36);
	n = text_wrap(s, 3, lines, 16);
	assert_true(n >= 6 && n <= 16);
	assert_int_equal(lines[0].start, 0);
	assert_int_equal(lines[0].len, 4);
	assert_int_equal(lines[n - 3].start, 28);
	assert_int_equal(lines[n - 3].len, 3);
	assert_int_equal(lines[n - 2].start, 31);
	assert_int_equal(lines[n - 2].len, 2);
	assert_int_equal(lines[n - 1].start, 33);
	assert_int_equal(lines[n - 1].len, 3);
	/* No line starts or ends inside "2026" or "13". */
	for (long i = 0; i < n; i++) {
		size_t a = lines[i].start, b = a + lines[i].len;

		assert_false(a > 0 && a < 4);
		assert_false(b > 0 && b < 4);
		assert_true(a != 32);
		assert_true(b != 32);
	}
	/* At width 4, 破13 fits: 4 columns. */
	n = text_wrap(s, 4, lines, 16);
	assert_true(n >= 2 && n <= 16);
	assert_int_equal(lines[n - 2].start, 28);
	assert_int_equal(lines[n - 2].len, 5);
	assert_int_equal(lines[n - 1].start, 33);
	assert_int_equal(lines[n - 1].len, 3);
}

static void test_wrap_decimal_and_words(void **state)
{
	/* 完成 | 13.5 | 亿元 | 投资: "13.5" is one number. */
	static const struct want decimal[] = {
		{ 0, 6 }, { 6, 4 }, { 10, 6 }, { 16, 6 },
	};
	/* A word longer than the line stays whole. */
	static const struct want word[] = { { 0, 10 } };
	/* Spaces stay at the end of the line they follow. */
	static const struct want words[] = { { 0, 6 }, { 6, 6 }, { 12, 3 } };

	(void)state;
	check_wrap("完成13.5亿元投资", 4, decimal, 4);
	check_wrap("abcdefghij", 4, word, 1);
	check_wrap("1234567", 3, (const struct want[]){ { 0, 7 } }, 1);
	check_wrap("hello world foo", 5, words, 3);
}

static void test_wrap_newlines(void **state)
{
	static const struct want two[] = { { 0, 6 }, { 7, 3 } };
	static const struct want blank[] = { { 0, 2 }, { 3, 0 }, { 4, 2 } };
	static const struct want trailing[] = { { 0, 2 } };
	static const struct want crlf[] = { { 0, 2 }, { 4, 2 } };

	(void)state;
	check_wrap("一二\n三", 80, two, 2);
	check_wrap("ab\n\ncd", 80, blank, 3);
	check_wrap("ab\n", 80, trailing, 1);
	/* Windows line ends: the CR belongs to neither line. */
	check_wrap("ab\r\ncd", 80, crlf, 2);
	check_wrap("ab\r\n", 80, trailing, 1);
	check_wrap("\r\n\r\n", 80, (const struct want[]){ { 0, 0 }, { 2, 0 } }, 2);
	/* A lone CR breaks too. */
	check_wrap("ab\rcd", 80, (const struct want[]){ { 0, 2 }, { 3, 2 } }, 2);
	/* 一二三四 | 五六 (after the newline) | 七: newline and width together */
	check_wrap("一二三四\n五六七", 4, (const struct want[]){
		{ 0, 6 }, { 6, 6 }, { 13, 6 }, { 19, 3 } }, 4);
	check_wrap("一二三四\n五六七", 8, (const struct want[]){
		{ 0, 12 }, { 13, 9 } }, 2);
	check_wrap("一二三四\n五六七", 6, (const struct want[]){
		{ 0, 9 }, { 9, 3 }, { 13, 9 } }, 3);
}

static void test_wrap_empty(void **state)
{
	struct text_line lines[2] = { { 7, 7 }, { 7, 7 } };

	(void)state;
	assert_int_equal(text_wrap("", 10, lines, 2), 0);
	assert_int_equal(lines[0].start, 7);	/* untouched */
	assert_int_equal(text_wrap("", 10, NULL, 0), 0);
}

static void test_wrap_more_lines_than_max(void **state)
{
	static const char s[] = "加快推进城市更新，完善基础设施。提升城市品质。";
	struct text_line lines[3] = { { 0, 0 }, { 0, 0 }, { 99, 99 } };

	(void)state;
	/* Five lines; only the first two are stored. */
	assert_int_equal(text_wrap(s, 10, lines, 2), 5);
	assert_int_equal(lines[0].start, 0);
	assert_int_equal(lines[0].len, 15);
	assert_int_equal(lines[1].start, 15);
	assert_int_equal(lines[1].len, 15);
	assert_int_equal(lines[2].start, 99);
	assert_int_equal(lines[2].len, 99);
	assert_int_equal(text_wrap(s, 10, NULL, 0), 5);
}

/* --- text_fill --- */

static void check_fill(const char *s, size_t width, size_t slack,
		       const struct want *want, size_t n)
{
	struct text_line lines[64];

	assert_true(n < 64);
	assert_int_equal(text_fill(s, width, slack, lines, 64), (long)n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lines[i].start, want[i].start);
		assert_int_equal(lines[i].len, want[i].len);
	}
}

static void test_fill_prefers_a_comma(void **state)
{
	/* 深化国有企业改革，推动 | 国有资本做强做优做大: 18 + 4 columns fit
	 * 22, but "，" leaves only 4 empty, within a slack of 6.  With a
	 * slack of 2 the line is filled: ……改革，推动 | 国有资本做强做优做大. */
	static const char s[] = "深化国有企业改革，推动国有资本做强做优做大";

	(void)state;
	assert_int_equal(strlen(s), 63);
	check_fill(s, 22, 6, (const struct want[]){ { 0, 27 }, { 27, 33 },
						    { 60, 3 } }, 3);
	check_fill(s, 22, 2, (const struct want[]){ { 0, 33 }, { 33, 30 } }, 2);
}

static void test_fill_keeps_names_whole(void **state)
{
	/* 区商务局、 | 区文广新旅局 in 20 columns: a name goes down whole
	 * when slack is unlimited; filled, the last character goes alone. */
	static const char s[] = "区商务局、区文广新旅局";

	(void)state;
	check_fill(s, 20, SIZE_MAX, (const struct want[]){ { 0, 15 }, { 15, 18 } }, 2);
	check_fill(s, 20, 6, (const struct want[]){ { 0, 30 }, { 30, 3 } }, 2);
	/* names wider than the column are broken after all, each into lines
	 * about as wide: 区商 | 务局、 | 区文广 | 新旅局 */
	check_fill(s, 8, SIZE_MAX, (const struct want[]){
		{ 0, 6 }, { 6, 9 }, { 15, 9 }, { 24, 9 } }, 4);
	/* 区委组织部 | （人才办）、 | 区人社局: before a bracket reads well */
	check_fill("区委组织部（人才办）、区人社局", 13, SIZE_MAX,
		   (const struct want[]){ { 0, 15 }, { 15, 18 }, { 33, 12 } }, 3);
	/* 区重点公共建 | 设项目管理中心, not …管理中 | 心 */
	check_fill("区重点公共建设项目管理中心", 24, SIZE_MAX,
		   (const struct want[]){ { 0, 18 }, { 18, 21 } }, 2);
	check_fill("区重点公共建设项目管理中心", 24, 6,
		   (const struct want[]){ { 0, 36 }, { 36, 3 } }, 2);
}

static void test_fill_never_wider(void **state)
{
	(void)state;
	/* a word wider than the column is broken between characters */
	check_fill("abcdefghij", 4, 6, (const struct want[]){
		{ 0, 4 }, { 4, 4 }, { 8, 2 } }, 3);
	/* a character wider than the column goes alone */
	check_fill("青云谱", 1, 6, (const struct want[]){
		{ 0, 3 }, { 3, 3 }, { 6, 3 } }, 3);
	check_fill("青云谱", 3, 6, (const struct want[]){
		{ 0, 3 }, { 3, 3 }, { 6, 3 } }, 3);
	/* a number stays whole when it can: 突破 | 13幢 */
	check_fill("突破13幢", 4, 6, (const struct want[]){ { 0, 6 }, { 6, 5 } }, 2);
	check_fill("", 4, 6, NULL, 0);
}

static void test_fill_blanks_and_newlines(void **state)
{
	(void)state;
	/* blanks at a break belong to neither line */
	check_fill("hello world foo", 5, 6, (const struct want[]){
		{ 0, 5 }, { 6, 5 }, { 12, 3 } }, 3);
	check_fill("hello   world", 8, 0, (const struct want[]){
		{ 0, 5 }, { 8, 5 } }, 2);
	check_fill("ab\ncd", 10, 6, (const struct want[]){ { 0, 2 }, { 3, 2 } }, 2);
	check_fill("ab\r\ncd", 10, 6, (const struct want[]){ { 0, 2 }, { 4, 2 } }, 2);
}

static void test_widest_piece(void **state)
{
	(void)state;
	assert_int_equal(text_widest_piece(""), 0);
	assert_int_equal(text_widest_piece("区商务局"), 8);
	/* 区商务局、 | 区文广新旅局 */
	assert_int_equal(text_widest_piece("区商务局、区文广新旅局"), 12);
	/* 区住建局 | （旧改办）、 | 区城管执法局 */
	assert_int_equal(text_widest_piece("区住建局（旧改办）、区城管执法局"), 12);
	/* 坚持产业兴区， | 筑牢城南崛起支撑 */
	assert_int_equal(text_widest_piece("坚持产业兴区，筑牢城南崛起支撑"), 16);
	assert_int_equal(text_widest_piece("On schedule"), 8);
}

/* Every line of a long text fits its width, and the lines together are
 * the text (which has no blanks), at every width from 2 to 40, with the
 * task's slack and with names'. */
static void test_fill_whole_text(void **state)
{
	static const char s[] =
		"壮大都市工业，深挖现有企业潜能，支持引导阳光乳业、江铃华翔等重点"
		"工业企业扩能改造。积极招引都市工业项目，推动索为工业互联网基地、"
		"医药云平台等重点项目签约落地，力争规上工业企业数量突破40家，总产"
		"值突破60亿元。";
	struct text_line lines[400];

	(void)state;
	for (size_t width = 2; width <= 40; width++) {
		for (int names = 0; names < 2; names++) {
			long n = text_fill(s, width, names ? SIZE_MAX : width / 4,
					   lines, 400);
			size_t next = 0;

			assert_true(n > 0 && n <= 400);
			for (long i = 0; i < n; i++) {
				assert_int_equal(lines[i].start, next);
				assert_true(lines[i].len > 0);
				assert_true(text_nwidth(s + lines[i].start,
							lines[i].len) <= width);
				next += lines[i].len;
			}
			assert_int_equal(next, strlen(s));
		}
	}
}

/* --- text_length --- */

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(text_length(""), 0);
	assert_int_equal(text_length("abc"), 3);
	assert_int_equal(text_length("青云谱"), 3);
	/* 2 0 2 4 年 1 2 月 底 */
	assert_int_equal(text_length("2024年12月底"), 9);
	assert_int_equal(text_length("e\xcc\x81"), 2);
	assert_int_equal(text_length("“亿元楼”"), 5);
}

/* What must not go into a field that stays on one line of a CSV row. */
static void test_breaks_line(void **state)
{
	(void)state;
	assert_false(text_breaks_line("区住建局（旧改办）", false));
	assert_false(text_breaks_line("", false));
	assert_true(text_breaks_line("a\nb", true));
	assert_true(text_breaks_line("a\rb", true));
	assert_true(text_breaks_line("a\x01", true));
	assert_true(text_breaks_line("a\x7f", true));
	assert_true(text_breaks_line("a\xe2\x80\xae", true));	/* U+202E */
	assert_true(text_breaks_line("a\tb", false));
	assert_false(text_breaks_line("a\tb", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_ascii),
		cmocka_unit_test(test_width_chinese),
		cmocka_unit_test(test_width_mixed),
		cmocka_unit_test(test_width_parentheses),
		cmocka_unit_test(test_width_combining_and_ambiguous),
		cmocka_unit_test(test_width_control),
		cmocka_unit_test(test_nwidth),
		cmocka_unit_test(test_prefix_never_splits_wide),
		cmocka_unit_test(test_prefix_mixed),
		cmocka_unit_test(test_prefix_keeps_combining_mark),
		cmocka_unit_test(test_invalid_utf8_valid),
		cmocka_unit_test(test_invalid_utf8_truncated),
		cmocka_unit_test(test_invalid_utf8_bad_sequences),
		cmocka_unit_test(test_looks_gbk_chinese),
		cmocka_unit_test(test_looks_gbk_ascii_and_empty),
		cmocka_unit_test(test_looks_gbk_invalid),
		cmocka_unit_test(test_looks_gbk_longer_than_a_buffer),
		cmocka_unit_test(test_fold_digits_and_punctuation),
		cmocka_unit_test(test_fold_ideographic_space),
		cmocka_unit_test(test_fold_leaves_the_rest),
		cmocka_unit_test(test_fold_buffer_size),
		cmocka_unit_test(test_wrap_chinese_full_stop),
		cmocka_unit_test(test_wrap_chinese_comma),
		cmocka_unit_test(test_wrap_fits_on_one_line),
		cmocka_unit_test(test_wrap_keeps_numbers_whole),
		cmocka_unit_test(test_wrap_decimal_and_words),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_empty),
		cmocka_unit_test(test_wrap_more_lines_than_max),
		cmocka_unit_test(test_fill_prefers_a_comma),
		cmocka_unit_test(test_fill_keeps_names_whole),
		cmocka_unit_test(test_fill_never_wider),
		cmocka_unit_test(test_fill_blanks_and_newlines),
		cmocka_unit_test(test_fill_whole_text),
		cmocka_unit_test(test_widest_piece),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_breaks_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
