/*
 * test_digest — the short sums of journal lines: SHA-256's first 64 bits
 * in lowercase hex, and reading them back digit by digit.
 */
#include "testutil.h"

#include "duban/digest.h"

static void test_short_sum_is_sha256_prefix(void **state)
{
	char out[DIGEST_SHORT_LEN + 1];

	(void)state;
	/* FIPS 180-2's example: SHA-256("abc") = ba7816bf8f01cfea 4141... */
	digest_short("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea");
	digest_short("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c14");
}

static void test_parse_reads_every_digit(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(digest_short_parse("0123456789abcdef", &v), 0);
	assert_true(v == 0x0123456789abcdefULL);
	assert_int_equal(digest_short_parse("ffffffffffffffff", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(digest_short_parse("0000000000000000", &v), 0);
	assert_true(v == 0);
}

/* Every byte in every place: only 0-9 and a-f are digits, so that a sum
 * written in capitals, or cut short, or too long, is no sum. */
static void test_parse_refuses_every_other_byte(void **state)
{
	char s[DIGEST_SHORT_LEN + 2];
	uint64_t v;

	(void)state;
	for (int pos = 0; pos < DIGEST_SHORT_LEN; pos++)
		for (int b = 0; b < 256; b++) {
			bool digit = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');

			memset(s, '7', DIGEST_SHORT_LEN);
			s[DIGEST_SHORT_LEN] = '\0';
			s[pos] = (char)b;
			v = 42;
			assert_int_equal(digest_short_parse(s, &v), digit ? 0 : -1);
			if (!digit)
				assert_true(v == 42);	/* untouched */
			else
				assert_true(((v >> (4 * (DIGEST_SHORT_LEN - 1 - pos))) & 15) ==
					    (uint64_t)(b <= '9' ? b - '0' : b - 'a' + 10));
		}
	memset(s, 'a', sizeof(s) - 1);
	s[DIGEST_SHORT_LEN + 1] = '\0';		/* seventeen digits */
	assert_int_equal(digest_short_parse(s, &v), -1);
	s[DIGEST_SHORT_LEN - 1] = '\0';		/* fifteen */
	assert_int_equal(digest_short_parse(s, &v), -1);
}

/* The first 64 bits of an id: its first 16 digits, as the sum reader
 * reads them. */
static void test_hex64_reads_the_first_sixteen(void **state)
{
	char sum[DIGEST_SHORT_LEN + 1];
	uint64_t v;

	(void)state;
	assert_true(digest_hex64("0123456789abcdef9999") == 0x0123456789abcdefULL);
	assert_true(digest_hex64("ffffffffffffffff") == UINT64_MAX);
	for (int i = 0; i < 100; i++) {
		digest_short(&i, sizeof(i), sum);
		assert_int_equal(digest_short_parse(sum, &v), 0);
		assert_true(digest_hex64(sum) == v);
	}
}

static void test_is_hex_stops_at_the_end(void **state)
{
	(void)state;
	assert_true(digest_is_hex("0123456789abcdef", 16));
	assert_true(digest_is_hex("abc", 3));
	assert_true(digest_is_hex("abcX", 3));	/* only the first n count */
	assert_false(digest_is_hex("abc", 4));	/* shorter than n */
	assert_false(digest_is_hex("abC", 3));
	assert_false(digest_is_hex("ab g", 4));
	assert_true(digest_is_hex("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_sum_is_sha256_prefix),
		cmocka_unit_test(test_parse_reads_every_digit),
		cmocka_unit_test(test_parse_refuses_every_other_byte),
		cmocka_unit_test(test_hex64_reads_the_first_sixteen),
		cmocka_unit_test(test_is_hex_stops_at_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
