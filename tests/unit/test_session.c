/*
 * test_session — opening a store: made the first time when it is the
 * default, refused to a writer when its journal is damaged, and what a
 * reader is told returned as data.
 */
#include "testutil.h"
#include "scratch.h"

#include <sys/stat.h>

#include "duban/bundled.h"
#include "duban/session.h"
#include "duban/store.h"

#define HEADER "entry,recorded,date,item,kind,value,target,by,note,batch," \
	"prev,sum\n"

static char store[128];

/* A store made from the bundled plan in tmpdir/store, whose journal.csv
 * holds journal (none when NULL). */
static void make_store(const char *journal)
{
	struct duban_error err;
	size_t n;
	const char *plan = bundled_plan(&n);
	char path[256];
	FILE *f;

	snprintf(store, sizeof(store), "%s/store", tmpdir);
	assert_int_equal(store_create(store, plan, n, &err), 0);
	if (!journal)
		return;
	snprintf(path, sizeof(path), "%s/journal.csv", store);
	assert_non_null(f = fopen(path, "w"));
	fputs(journal, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	unsetenv("DUBAN_STORE");
	return scratch_begin("session");
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'/*", tmpdir);
	if (system(cmd) != 0)
		return -1;
	scratch_end();
	return 0;
}

/* Empties tmpdir between tests. */
static int clear(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'/*", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_read(void **state)
{
	struct session s;
	struct duban_error err;

	(void)state;
	make_store(NULL);
	assert_int_equal(session_open(&s, store, SESSION_READ, &err), 0);
	assert_string_equal(s.dir, store);
	assert_int_equal(s.plan.n, 56);
	assert_int_equal(s.journal.n, 0);
	assert_int_equal(s.people.n, 0);
	assert_int_equal(s.warnings.n, 0);
	assert_false(s.created);
	assert_int_equal(s.settings.warn_days, 15);
	session_close(&s);
}

static void test_missing_store(void **state)
{
	struct session s;
	struct duban_error err;
	char want[512], dir[128];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/nowhere", tmpdir);
	assert_int_equal(session_open(&s, dir, SESSION_READ, &err), -1);
	snprintf(want, sizeof(want), "%s: no store here (no items.csv); "
		 "create one with: duban init %s", dir, dir);
	assert_string_equal(err.msg, want);
	session_close(&s);
	/* check names no command: it has nothing to create */
	assert_int_equal(session_open(&s, dir, SESSION_CHECK, &err), -1);
	snprintf(want, sizeof(want), "%s: no store here (no items.csv)", dir);
	assert_string_equal(err.msg, want);
	session_close(&s);
}

static void test_default_store(void **state)
{
	struct session s;
	struct duban_error err;
	struct stat st;
	char xdg[128], want[160];

	(void)state;
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmpdir);
	setenv("XDG_DATA_HOME", xdg, 1);
	snprintf(want, sizeof(want), "%s/duban", xdg);
	/* check and repair never make it */
	assert_int_equal(session_open(&s, NULL, SESSION_CHECK, &err), -1);
	session_close(&s);
	assert_int_equal(session_open(&s, NULL, SESSION_REPAIR, &err), -1);
	session_close(&s);
	assert_int_equal(stat(want, &st), -1);
	/* the first reader makes it, and says so */
	assert_int_equal(session_open(&s, NULL, SESSION_READ, &err), 0);
	assert_true(s.created);
	assert_string_equal(s.dir, want);
	assert_int_equal(s.plan.n, 56);
	session_close(&s);
	assert_int_equal(session_open(&s, NULL, SESSION_WRITE, &err), 0);
	assert_false(s.created);
	session_close(&s);
	unsetenv("XDG_DATA_HOME");
}

/* A line that is not a record, then a torn one. */
#define DAMAGED HEADER "not,a,record\n" "0123456789abcdef,2024"

static void test_damaged_journal(void **state)
{
	struct session s;
	struct duban_error err;
	char want[sizeof(s.journal_path) + 128];

	(void)state;
	make_store(DAMAGED);
	/* a writer refuses, the damaged line listed */
	assert_int_equal(session_open(&s, store, SESSION_WRITE, &err), -1);
	snprintf(want, sizeof(want), "%s is damaged: nothing was recorded; "
		 "mend the lines above (duban check lists them)",
		 s.journal_path);
	assert_string_equal(err.msg, want);
	assert_int_equal(s.journal.problems.n, 1);
	assert_int_equal(s.journal.problems.v[0].line, 2);
	session_close(&s);
	/* a reader goes on, warned */
	assert_int_equal(session_open(&s, store, SESSION_READ, &err), 0);
	assert_int_equal(s.journal.problems.n, 1);
	assert_int_equal(s.warnings.n, 2);
	assert_int_equal(s.warnings.v[0].line, 0);
	assert_string_equal(s.warnings.v[0].msg, "lines that cannot be read "
			    "are left out, and a record may be missing; run "
			    "'duban check'");
	assert_int_equal(s.warnings.v[1].line, 3);
	assert_string_equal(s.warnings.v[1].msg, "the last line is incomplete "
			    "(a write was interrupted); it is ignored");
	session_close(&s);
	/* check is told nothing: it reports the journal itself */
	assert_int_equal(session_open(&s, store, SESSION_CHECK, &err), 0);
	assert_int_equal(s.journal.problems.n, 1);
	assert_true(s.journal.torn_tail);
	assert_int_equal(s.warnings.n, 0);
	session_close(&s);
}

static void test_torn_tail_to_a_writer(void **state)
{
	struct session s;
	struct duban_error err;

	(void)state;
	make_store(HEADER "0123456789abcdef,2024");
	assert_int_equal(session_open(&s, store, SESSION_WRITE, &err), 0);
	assert_int_equal(s.warnings.n, 1);
	assert_int_equal(s.warnings.v[0].line, 2);
	assert_string_equal(s.warnings.v[0].msg, "the last line is incomplete "
			    "(a write was interrupted); it is left out, and "
			    "cut off when this records");
	session_close(&s);
}

static void test_bad_settings(void **state)
{
	struct session s;
	struct duban_error err;
	char path[256];
	FILE *f;

	(void)state;
	make_store(NULL);
	snprintf(path, sizeof(path), "%s/store.conf", store);
	assert_non_null(f = fopen(path, "a"));
	fputs("warn_days = soon\n", f);
	assert_int_equal(fclose(f), 0);
	/* check meets it too: it reads the store as every command does */
	assert_int_equal(session_open(&s, store, SESSION_CHECK, &err), -1);
	assert_string_equal(err.file, path);
	session_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_read, clear),
		cmocka_unit_test_setup(test_missing_store, clear),
		cmocka_unit_test_setup(test_default_store, clear),
		cmocka_unit_test_setup(test_damaged_journal, clear),
		cmocka_unit_test_setup(test_torn_tail_to_a_writer, clear),
		cmocka_unit_test_setup(test_bad_settings, clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
