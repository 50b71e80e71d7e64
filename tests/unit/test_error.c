/*
 * test_error — the error value: a message or file name cut to its buffer
 * never ends in half a UTF-8 character.
 */
#include "testutil.h"

#include "duban/error.h"

static void test_cut_at_a_character(void **state)
{
	struct duban_error err;
	char text[2000];

	(void)state;
	/* 255 ASCII bytes, then three-byte characters: the 768-byte message
	 * ends inside one of them */
	memset(text, 'a', 255);
	text[255] = '\0';
	for (int i = 0; i < 300; i++)
		strcat(text, "中");
	error_set(&err, text, 3, "note \"%s\"", text);
	assert_int_equal(strlen(err.msg) % 3, (strlen("note \"") + 255) % 3);
	assert_true(strlen(err.msg) <= sizeof(err.msg) - 1);
	assert_true(strlen(err.msg) >= sizeof(err.msg) - 3);
	assert_memory_equal(err.msg + strlen(err.msg) - 3, "中", 3);
	assert_memory_equal(err.file + strlen(err.file) - 3, "中", 3);
	/* a message that fits is as written */
	error_set(&err, "f", 1, "%s", "区商务局");
	assert_string_equal(err.msg, "区商务局");
	assert_string_equal(err.file, "f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_at_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
