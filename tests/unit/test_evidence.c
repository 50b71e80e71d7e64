/*
 * test_evidence — files kept under their SHA-256 in the store's evidence/:
 * the names a record may hold, the copy (the same bytes kept once, the
 * extension lowercased), and the check that tells an altered or missing
 * file.  The SHA-256 below is of the 3 bytes "abc" (FIPS 180-2's example).
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "duban/evidence.h"
#include "scratch.h"

#define ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static char evdir[128];

static int setup(void **state)
{
	(void)state;
	if (scratch_begin("evidence"))
		return -1;
	snprintf(evdir, sizeof(evdir), "%s/%s", tmpdir, EVIDENCE_DIR);
	return 0;
}

/* Removes evidence/ and what is in it, then the scratch directory. */
static int teardown(void **state)
{
	char saved[64];

	(void)state;
	memcpy(saved, tmpdir, sizeof(saved));
	memcpy(tmpdir, evdir, sizeof(tmpdir) - 1);
	clean_tmpdir();
	rmdir(evdir);
	memcpy(tmpdir, saved, sizeof(tmpdir));
	scratch_end();
	return 0;
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(evidence_name_ok(ABC));
	assert_true(evidence_name_ok(ABC ".pdf"));
	assert_true(evidence_name_ok(ABC ".mp4"));
	assert_true(evidence_name_ok(ABC ".abcdefghij"));
	assert_false(evidence_name_ok(ABC ".abcdefghijk"));
	assert_false(evidence_name_ok(ABC "."));
	assert_false(evidence_name_ok(ABC ".PDF"));
	assert_false(evidence_name_ok(ABC ".p-f"));
	assert_false(evidence_name_ok(ABC "pdf"));
	assert_false(evidence_name_ok("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
	assert_false(evidence_name_ok("ba7816bf"));
	assert_false(evidence_name_ok(""));
}

static void test_store_and_verify(void **state)
{
	char name[EVIDENCE_NAME_SIZE], again[EVIDENCE_NAME_SIZE], path[256];
	struct duban_error err;
	struct stat st;

	(void)state;
	write_file("纪要.PDF", "abc");
	snprintf(path, sizeof(path), "%s/纪要.PDF", tmpdir);
	assert_int_equal(evidence_store(tmpdir, path, name, &err), 0);
	assert_string_equal(name, ABC ".pdf");
	snprintf(path, sizeof(path), "%s/%s", evdir, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(evidence_verify(tmpdir, name, &err), 0);

	/* the same bytes under another name: kept once; no odd extension */
	write_file("copy.tar.gz~", "abc");
	snprintf(path, sizeof(path), "%s/copy.tar.gz~", tmpdir);
	assert_int_equal(evidence_store(tmpdir, path, again, &err), 0);
	assert_string_equal(again, ABC);
	write_file("noext", "abc");
	snprintf(path, sizeof(path), "%s/noext", tmpdir);
	assert_int_equal(evidence_store(tmpdir, path, again, &err), 0);
	assert_string_equal(again, ABC);

	/* altered, then missing */
	snprintf(path, sizeof(path), "%s/%s", evdir, name);
	write_file(EVIDENCE_DIR "/" ABC ".pdf", "abd");
	assert_int_equal(evidence_verify(tmpdir, name, &err), -1);
	assert_string_equal(err.file, path);
	/* SHA-256("abd") begins a52d159f262b2c6d */
	assert_string_equal(err.msg, "the evidence file was altered: its "
			    "SHA-256 is now a52d159f262b2c6d…");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(evidence_verify(tmpdir, name, &err), -1);
	assert_string_equal(err.msg, "the evidence file is missing: No such "
			    "file or directory");
}

static void test_store_refuses(void **state)
{
	char name[EVIDENCE_NAME_SIZE], path[256];
	struct duban_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/none.pdf", tmpdir);
	assert_int_equal(evidence_store(tmpdir, path, name, &err), -1);
	assert_string_equal(err.file, path);
	/* a directory is no file to keep */
	assert_int_equal(evidence_store(tmpdir, tmpdir, name, &err), -1);
	assert_string_equal(err.file, tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_store_and_verify),
		cmocka_unit_test(test_store_refuses),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
