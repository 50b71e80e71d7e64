/*
 * test_index — the derived index: a plan and state read back exactly as
 * the CSV files give them, records appended since folded on top, and every
 * way an index can stop fitting its store (damaged, truncated, foreign,
 * items.csv edited with its times kept, journal replaced or cut, an undo
 * of an indexed record) making it unused rather than believed.
 */
#include "testutil.h"
#include "scratch.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "duban/bundled.h"
#include "duban/index.h"
#include "duban/session.h"
#include "duban/store.h"

static char store[128], other[128];

static void path_in(const char *dir, const char *name, char *out, size_t n)
{
	assert_true((size_t)snprintf(out, n, "%s/%s", dir, name) < n);
}

static void make_store(char *dir, size_t n, const char *name)
{
	struct duban_error err;
	size_t len;
	const char *plan = bundled_plan(&len);

	snprintf(dir, n, "%s/%s", tmpdir, name);
	assert_int_equal(store_create(dir, plan, len, &err), 0);
}

/* Records in dir one batch of the n entries v, as a command would, with
 * the store opened in mode; ahead moves their recorded time so far. */
static void add_as(const char *dir, struct entry *v, size_t n,
		   enum session_mode mode, int64_t ahead)
{
	struct session s;
	struct duban_error err;

	assert_int_equal(session_open(&s, dir, mode, &err), 0);
	for (size_t i = 0; i < n; i++) {
		const struct item *it = table_find(&s.plan, v[i].item);

		assert_non_null(it);
		entry_set_item(&v[i], it);
		if (!v[i].by)
			v[i].by = "区发改局";
		if (!v[i].note)
			v[i].note = "";
	}
	assert_int_equal(journal_stamp(&s.journal, v, n, &err), 0);
	for (size_t i = 0; i < n; i++)
		v[i].recorded += ahead;
	assert_int_equal(journal_append(s.journal_path, &s.journal, v, n, &err),
			 0);
	session_close(&s);
}

static void add(const char *dir, struct entry *v, size_t n)
{
	add_as(dir, v, n, SESSION_WRITE, 0);
}

static void add_progress(const char *dir, long item, int percent,
			 const char *date, const char *note)
{
	struct entry e = { .item = item, .kind = ENTRY_PROGRESS,
			   .percent = percent, .note = note };

	assert_int_equal(date_parse(date, &e.date), 0);
	add(dir, &e, 1);
}

/* The first item of the plan with a target. */
static const struct item *item_with_target(const struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].ntargets)
			return &t->items[i];
	fail_msg("no item of the bundled plan has a target");
	return NULL;
}

/* A journal of every kind of record: progress with notes, a done, a block,
 * an actual, and an undo of a progress. */
static void fill(const char *dir)
{
	struct session s;
	struct duban_error err;
	struct entry e[2] = { { .item = 3, .kind = ENTRY_STATUS,
				.status = STATUS_DONE, .note = "已办结" },
			      { .item = 5, .kind = ENTRY_STATUS,
				.status = STATUS_BLOCKED } };
	struct entry a = { .kind = ENTRY_ACTUAL, .figure = "12", .value = 12,
			   .target = 1 };
	struct entry u = { .kind = ENTRY_UNDO, .item = 7 };
	const struct item *it;
	static char key[TABLE_KEY_MAX * 4], cancels[ENTRY_ID_LEN + 1];

	add_progress(dir, 1, 40, "2024-03-31", "招引项目12个");
	add_progress(dir, 1, 60, "2024-06-30", "");
	add_progress(dir, 2, 10, "2024-02-01", "已启动");
	assert_int_equal(date_parse("2024-05-01", &e[0].date), 0);
	assert_int_equal(date_parse("2024-05-02", &e[1].date), 0);
	add(dir, e, 2);
	assert_int_equal(session_open(&s, dir, SESSION_READ, &err), 0);
	it = item_with_target(&s.plan);
	a.item = it->id;
	snprintf(key, sizeof(key), "%s", it->targets[0].key);
	a.target_key = key;	/* the session's strings go with it */
	session_close(&s);
	assert_int_equal(date_parse("2024-07-01", &a.date), 0);
	add(dir, &a, 1);
	add_progress(dir, 7, 30, "2024-07-02", "待撤销");
	assert_int_equal(session_open(&s, dir, SESSION_READ, &err), 0);
	snprintf(cancels, sizeof(cancels), "%s", s.journal.v[s.journal.n - 1].id);
	u.cancels = cancels;
	u.date = s.journal.v[s.journal.n - 1].date;
	session_close(&s);
	add(dir, &u, 1);
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_names(const struct names *a, const struct names *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

static void assert_same_entry(const struct entry *a, const struct entry *b)
{
	if (!a || !b) {
		assert_ptr_equal(a, b);
		return;
	}
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->recorded, b->recorded);
	assert_int_equal(a->date, b->date);
	assert_int_equal(a->kind, b->kind);
	assert_string_equal(a->by, b->by);
	assert_string_equal(a->note, b->note);
	assert_same_str(a->figure, b->figure);
	assert_true(a->value == b->value);
}

/* Plan a and state sa are b and sb, field by field. */
static void assert_same(const struct table *a, const struct plan_state *sa,
			const struct table *b, const struct plan_state *sb)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(sa->n, sb->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct item *x = &a->items[i], *y = &b->items[i];
		const struct item_state *p = &sa->items[i], *q = &sb->items[i];

		assert_int_equal(x->id, y->id);
		assert_int_equal(x->section, y->section);
		assert_int_equal(x->subsection, y->subsection);
		assert_same_str(x->section_title, y->section_title);
		assert_same_str(x->subsection_title, y->subsection_title);
		assert_string_equal(x->text, y->text);
		assert_same_names(&x->leaders, &y->leaders);
		assert_same_names(&x->lead_units, &y->lead_units);
		assert_same_names(&x->participants, &y->participants);
		assert_int_equal(x->deadline, y->deadline);
		assert_same_str(x->deadline_text, y->deadline_text);
		assert_same_str(x->key, y->key);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->ntargets, y->ntargets);
		for (size_t k = 0; k < x->ntargets; k++) {
			assert_string_equal(x->targets[k].subject,
					    y->targets[k].subject);
			assert_string_equal(x->targets[k].key, y->targets[k].key);
			assert_string_equal(x->targets[k].unit, y->targets[k].unit);
			assert_true(x->targets[k].value == y->targets[k].value);
			assert_int_equal(x->targets[k].op, y->targets[k].op);
			assert_int_equal(x->targets[k].by, y->targets[k].by);
			assert_same_entry(p->actuals[k], q->actuals[k]);
		}
		assert_int_equal(p->status, q->status);
		assert_int_equal(p->percent, q->percent);
		assert_int_equal(p->last_date, q->last_date);
		assert_int_equal(p->done_date, q->done_date);
		assert_int_equal(p->records, q->records);
		assert_same_entry(p->last_note, q->last_note);
	}
	assert_non_null(table_find(a, 56));
	assert_null(table_find(a, 57));
}

/* Opens dir as a reader of the state, expecting it from the index or not,
 * and checks it against the CSV files read and folded plainly. */
static void expect_state(const char *dir, bool indexed)
{
	struct session s, csv;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;

	assert_int_equal(session_open(&s, dir, SESSION_STATE, &err), 0);
	assert_int_equal(s.indexed, indexed);
	assert_int_equal(session_open(&csv, dir, SESSION_CHECK, &err), 0);
	assert_int_equal(state_fold(&ps, &csv.plan, &csv.journal, DATE_NONE,
				    &err), 0);
	assert_same(&s.plan, &s.state, &csv.plan, &ps);
	assert_int_equal(s.state_date, index_max_date(&csv.journal));
	state_release(&ps);
	session_close(&csv);
	session_close(&s);
}

static bool has_index(const char *dir)
{
	char path[256];

	path_in(dir, INDEX_FILE, path, sizeof(path));
	return access(path, F_OK) == 0;
}

/* index_read()'s answer for dir. */
static int read_index(const char *dir)
{
	struct index x;
	struct duban_error err;
	struct session s;
	int rc;

	/* under the lock, as a session holds it */
	assert_int_equal(store_lock(dir, false, &s.lock, &err), 0);
	rc = index_read(&x, dir, &err);
	if (rc == 0)
		index_release(&x);
	store_unlock(&s.lock);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	unsetenv("DUBAN_STORE");
	unsetenv("DUBAN_NO_INDEX");
	return scratch_begin("index");
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

/* A store with every kind of record, read once to make its index. */
static int indexed_store(void **state)
{
	struct session s;
	struct duban_error err;

	if (teardown(state) || scratch_begin("index"))
		return -1;
	make_store(store, sizeof(store), "store");
	fill(store);
	if (session_open(&s, store, SESSION_STATE, &err) || s.indexed)
		return -1;
	session_close(&s);
	return has_index(store) ? 0 : -1;
}

static void test_read_back(void **state)
{
	(void)state;
	expect_state(store, true);
	assert_int_equal(read_index(store), 0);
}

static void test_new_store(void **state)
{
	(void)state;
	make_store(other, sizeof(other), "empty");
	expect_state(other, false);	/* no journal yet: indexed now */
	assert_true(has_index(other));
	expect_state(other, true);
	add_progress(other, 9, 50, "2024-04-01", "");
	expect_state(other, false);	/* a journal where none was */
	expect_state(other, true);
}

static void test_appended_records_fold_on_top(void **state)
{
	struct index x;
	struct duban_error err;
	struct entry e[2] = { { .item = 1, .kind = ENTRY_STATUS,
				.status = STATUS_DONE, .note = "完成" },
			      { .item = 4, .kind = ENTRY_NOTE,
				.note = "第二行" } };

	(void)state;
	add_progress(store, 2, 35, "2024-08-01", "过半");
	assert_int_equal(date_parse("2024-09-01", &e[0].date), 0);
	assert_int_equal(date_parse("2024-09-02", &e[1].date), 0);
	add(store, e, 2);
	assert_int_equal(index_read(&x, store, &err), 0);
	assert_int_equal(x.appended, 3);
	assert_int_equal(x.state.items[0].status, STATUS_DONE);
	assert_int_equal(x.state.items[1].percent, 35);
	assert_string_equal(x.state.items[3].last_note->note, "第二行");
	assert_int_equal(x.max_date, e[1].date);
	index_release(&x);
	expect_state(store, true);
}

static void test_undo_of_an_indexed_record(void **state)
{
	struct session s;
	struct duban_error err;
	struct entry u = { .kind = ENTRY_UNDO };
	static char cancels[ENTRY_ID_LEN + 1];

	(void)state;
	assert_int_equal(session_open(&s, store, SESSION_READ, &err), 0);
	/* the first progress of item 1 */
	for (size_t i = 0; i < s.journal.n && !u.cancels; i++)
		if (s.journal.v[i].item == 1) {
			snprintf(cancels, sizeof(cancels), "%s", s.journal.v[i].id);
			u.cancels = cancels;
		}
	u.item = 1;
	u.date = s.journal.v[s.journal.n - 1].date;
	session_close(&s);
	assert_non_null(u.cancels);
	add(store, &u, 1);
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);	/* and indexed again */
	expect_state(store, true);
}

static void copy_file(const char *from, const char *to)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

/* Replaces the byte at off of the file at path with b, in place. */
static void poke(const char *path, off_t off, unsigned char b)
{
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &b, 1, off), 1);
	assert_int_equal(close(fd), 0);
}

static void test_damaged_index(void **state)
{
	char path[256], saved[256];
	struct stat st;
	off_t offs[] = { 0, 9, 100, 300, 1000 };

	(void)state;
	path_in(store, INDEX_FILE, path, sizeof(path));
	path_in(tmpdir, "index.saved", saved, sizeof(saved));
	copy_file(path, saved);
	assert_int_equal(stat(path, &st), 0);
	/* every byte changed somewhere: the header, the items, the pool */
	for (size_t i = 0; i < sizeof(offs) / sizeof(*offs) + 2; i++) {
		off_t at = i < sizeof(offs) / sizeof(*offs) ? offs[i]
			   : i == sizeof(offs) / sizeof(*offs) ? st.st_size / 2
			   : st.st_size - 1;
		unsigned char b;
		FILE *f = fopen(path, "rb");

		assert_non_null(f);
		assert_int_equal(fseeko(f, at, SEEK_SET), 0);
		b = (unsigned char)fgetc(f);
		fclose(f);
		poke(path, at, b ^ 0x10);
		assert_int_equal(read_index(store), 1);
		copy_file(saved, path);
	}
	/* cut short anywhere */
	for (off_t len = 0; len < st.st_size; len += st.st_size / 7 + 1) {
		assert_int_equal(truncate(path, len), 0);
		assert_int_equal(read_index(store), 1);
		copy_file(saved, path);
	}
	assert_int_equal(read_index(store), 0);
	expect_state(store, true);
}

static void test_foreign_index(void **state)
{
	char from[256], to[256];

	(void)state;
	make_store(other, sizeof(other), "other");
	add_progress(other, 1, 90, "2024-10-01", "另一个库");
	expect_state(other, false);
	path_in(other, INDEX_FILE, from, sizeof(from));
	path_in(store, INDEX_FILE, to, sizeof(to));
	copy_file(from, to);
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
	expect_state(store, true);
}

/* Replaces the first 规上 of items.csv with 限上 (as many bytes) in place
 * and puts its access and modification times back. */
static void edit_items_keeping_times(void)
{
	char path[256], *text;
	size_t n;
	struct stat st;
	struct timespec times[2];
	char *at;
	int fd;

	path_in(store, STORE_ITEMS, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(file_read_all(path, 1 << 24, &text, &n, NULL), 0);
	/* one character for another of the same length, in place */
	assert_non_null(at = strstr(text, "规上工业"));
	memcpy(at, "限上", strlen("限上"));
	assert_true((fd = open(path, O_WRONLY)) >= 0);
	assert_int_equal(pwrite(fd, text, n, 0), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	free(text);
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* Within a second of the index: its content tells. */
static void test_items_edited_keeping_times(void **state)
{
	(void)state;
	edit_items_keeping_times();
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
	expect_state(store, true);
}

/* Seconds after: its change time tells. */
static void test_items_edited_later_keeping_times(void **state)
{
	(void)state;
	sleep(2);	/* past the second in which a change may hide */
	edit_items_keeping_times();
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
	expect_state(store, true);
}

static void test_journal_replaced_or_cut(void **state)
{
	char path[256], tmp[256], *text;
	size_t n;
	int fd;

	(void)state;
	path_in(store, JOURNAL_FILE, path, sizeof(path));
	path_in(store, "journal.new", tmp, sizeof(tmp));
	assert_int_equal(file_read_all(path, 1 << 24, &text, &n, NULL), 0);
	/* the same bytes in a new file, as git checks one out */
	assert_true((fd = open(tmp, O_WRONLY | O_CREAT, 0644)) >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
	expect_state(store, true);
	/* the last record cut off */
	assert_true(n > 2);
	{
		size_t end = n - 1;

		while (end > 0 && text[end - 1] != '\n')
			end--;
		assert_int_equal(truncate(path, (off_t)end), 0);
	}
	free(text);
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
	expect_state(store, true);
}

static void test_journal_edited_in_place(void **state)
{
	char path[256], *text, *at;
	size_t n;

	(void)state;
	path_in(store, JOURNAL_FILE, path, sizeof(path));
	assert_int_equal(file_read_all(path, 1 << 24, &text, &n, NULL), 0);
	/* a note of the first record, as long, in a text editor */
	assert_non_null(at = strstr(text, "招引项目12个"));
	poke(path, at - text + (long)strlen("招引项目1"), '3');
	free(text);
	assert_int_equal(read_index(store), 1);
	expect_state(store, false);
}

/* An index that fits its store by every rule but says something else (as
 * a forged one would): check's comparison names the item. */
static void test_forged_index_differs(void **state)
{
	struct session s;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	struct index x;
	char path[256];
	struct stat st;

	(void)state;
	path_in(store, STORE_ITEMS, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(session_open(&s, store, SESSION_READ, &err), 0);
	assert_int_equal(state_fold(&ps, &s.plan, &s.journal, DATE_NONE, &err),
			 0);
	ps.items[1].percent = 99;
	assert_int_equal(index_write(store, &s.plan, &ps, &s.journal, &st,
				     &err), 0);
	assert_int_equal(index_read(&x, store, &err), 0);
	assert_int_equal(x.state.items[1].percent, 99);
	assert_int_equal(index_differs(&x, &s.plan, &ps), 0);
	ps.items[1].percent = 10;
	assert_int_equal(index_differs(&x, &s.plan, &ps), s.plan.items[1].line);
	index_release(&x);
	state_release(&ps);
	session_close(&s);
}

/* Whether a writer of dir appends through the index. */
static bool appends_through_index(const char *dir)
{
	struct session s;
	struct duban_error err;
	bool yes;

	assert_int_equal(session_open(&s, dir, SESSION_APPEND, &err), 0);
	yes = s.indexed;
	session_close(&s);
	return yes;
}

/* Whether a writer of item id of dir reads it through the index. */
static bool writes_item_through_index(const char *dir, long id)
{
	struct session s;
	struct duban_error err;
	bool yes;

	assert_int_equal(session_open_items(&s, dir, &id, 1, &err), 0);
	yes = s.indexed && s.partial;
	session_close(&s);
	return yes;
}

/* The journal of dir has no problem, and its records link up. */
static void expect_sound_journal(const char *dir, size_t records)
{
	struct session s;
	struct duban_error err;

	assert_int_equal(session_open(&s, dir, SESSION_CHECK, &err), 0);
	assert_int_equal(s.journal.problems.n, 0);
	assert_int_equal(s.journal.ngaps, 0);
	assert_null(s.journal.heads_more);
	assert_int_equal(s.journal.n, records);
	/* each line names the line before it */
	for (size_t i = 0; i < s.journal.n; i++) {
		const struct entry *e = &s.journal.v[i], *before = NULL;

		for (size_t k = 0; k < s.journal.n; k++)
			if (s.journal.v[k].offset < e->offset &&
			    (!before || s.journal.v[k].offset > before->offset))
				before = &s.journal.v[k];
		assert_string_equal(e->prev, before ? before->sum : "");
	}
	session_close(&s);
}

static size_t records_of(const char *dir)
{
	struct session s;
	struct duban_error err;
	size_t n;

	assert_int_equal(session_open(&s, dir, SESSION_CHECK, &err), 0);
	n = s.journal.n;
	session_close(&s);
	return n;
}

static void test_append_through_index(void **state)
{
	struct session s;
	struct duban_error err;
	struct entry e = { .item = 9, .kind = ENTRY_PROGRESS, .percent = 55 };
	struct entry f[2] = { { .item = 10, .kind = ENTRY_NOTE, .note = "甲" },
			      { .item = 11, .kind = ENTRY_NOTE, .note = "乙" } };
	size_t n = records_of(store);

	(void)state;
	assert_int_equal(session_open(&s, store, SESSION_APPEND, &err), 0);
	assert_true(s.indexed);
	assert_int_equal(s.journal.n, 0);	/* nothing appended since */
	assert_true(s.journal.exists);
	session_close(&s);
	assert_int_equal(date_parse("2024-08-01", &e.date), 0);
	add_as(store, &e, 1, SESSION_APPEND, 0);
	assert_int_equal(date_parse("2024-08-02", &f[0].date), 0);
	f[1].date = f[0].date;
	add_as(store, f, 2, SESSION_APPEND, 0);	/* after a tail of one */
	expect_sound_journal(store, n + 3);
	expect_state(store, true);
	assert_true(appends_through_index(store));
}

/* A record from a clock an hour ahead is still followed: the next one,
 * appended through the index, is recorded after it. */
static void test_append_follows_a_clock_ahead(void **state)
{
	struct entry e = { .item = 12, .kind = ENTRY_PROGRESS, .percent = 20 };
	struct entry f = { .item = 13, .kind = ENTRY_PROGRESS, .percent = 30 };
	char index[256];

	(void)state;
	e.date = f.date = date_today() - 1;
	add_as(store, &e, 1, SESSION_WRITE, 3600 * 1000000LL);
	path_in(store, INDEX_FILE, index, sizeof(index));
	assert_int_equal(unlink(index), 0);
	expect_state(store, false);	/* indexed with it */
	assert_true(appends_through_index(store));
	add_as(store, &f, 1, SESSION_APPEND, 0);
	assert_true(f.recorded > e.recorded);
	expect_sound_journal(store, records_of(store));
	expect_state(store, true);
}

static void test_append_after_a_record_dated_later(void **state)
{
	struct entry e = { .item = 9, .kind = ENTRY_PROGRESS, .percent = 70 };
	size_t n = records_of(store);

	(void)state;
	/* the state as of today, which writers judge by, is not the index's
	 * (a day after today can only be reported on by a clock ahead) */
	e.date = date_today() + 1;
	add_as(store, &e, 1, SESSION_WRITE, 2 * 24 * 3600 * 1000000LL);
	assert_false(appends_through_index(store));
	expect_state(store, true);	/* readers fold it on top */
	assert_false(appends_through_index(store));
	e.date = date_today();
	add_as(store, &e, 1, SESSION_APPEND, 0);
	expect_sound_journal(store, n + 2);
}

static void test_append_after_a_clock_far_ahead(void **state)
{
	struct entry e = { .item = 9, .kind = ENTRY_PROGRESS, .percent = 71 };
	size_t n = records_of(store);

	(void)state;
	e.date = date_today();
	/* stamped by a clock two days ahead: the next stamp is not to follow
	 * it, which the index cannot tell from its latest time alone */
	add_as(store, &e, 1, SESSION_WRITE, 2 * 24 * 3600 * 1000000LL);
	expect_state(store, true);
	assert_false(appends_through_index(store));
	e.percent = 72;
	add_as(store, &e, 1, SESSION_APPEND, 0);
	expect_sound_journal(store, n + 2);
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* An index made right after items.csv changed has its readers check the
 * content, until one, well after, writes it again stamped then. */
static void test_racy_index_refreshed(void **state)
{
	char items[256], index[256];
	struct timespec times[2], pause = { 1, 300 * 1000 * 1000 };
	ino_t racy, fresh;

	(void)state;
	path_in(store, STORE_ITEMS, items, sizeof(items));
	path_in(store, INDEX_FILE, index, sizeof(index));
	/* changed a second from now, as far as its times tell: any index
	 * made before then is made racily, however slow this runs */
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &times[0]), 0);
	times[0].tv_sec += 1;
	times[1] = times[0];
	assert_int_equal(utimensat(AT_FDCWD, items, times, 0), 0);
	expect_state(store, false);
	racy = inode_of(index);
	nanosleep(&pause, NULL);
	expect_state(store, true);	/* written again, as it is */
	fresh = inode_of(index);
	assert_true(fresh != racy);
	expect_state(store, true);
	assert_int_equal(inode_of(index), fresh);
}

/* The last line indexed is found again when it is long (a long note). */
static void test_long_last_line(void **state)
{
	static char note[6001];
	char index[256];

	(void)state;
	memset(note, 'a', sizeof(note) - 1);
	add_progress(store, 14, 25, "2024-08-04", note);
	path_in(store, INDEX_FILE, index, sizeof(index));
	assert_int_equal(unlink(index), 0);
	expect_state(store, false);
	add_progress(store, 15, 26, "2024-08-05", "");
	expect_state(store, true);	/* the records after it fold on top */
}

/* Records appended past an eighth of a small journal and 64 KiB are not
 * folded on top: the store is read whole, and indexed again. */
static void test_long_tail(void **state)
{
	static char note[7001];

	(void)state;
	memset(note, 'b', sizeof(note) - 1);
	/* as a writer of item 16 sees it (a reader of the whole index would
	 * write it anew from the records appended since) */
	for (int i = 0; i < 8; i++)
		add_progress(store, 16, 30 + i, "2024-08-07", note);
	assert_true(writes_item_through_index(store, 16));	/* 56 KiB */
	add_progress(store, 16, 40, "2024-08-08", note);
	add_progress(store, 16, 41, "2024-08-08", note);
	assert_false(writes_item_through_index(store, 16));	/* 70 KiB */
	expect_state(store, true);	/* that writer indexed it again */
}

/* Past 16 KiB of records appended since, a reader of the whole index
 * writes it anew from what it read, the CSV files untouched: the next
 * readers find nothing appended, and the same state and records. */
static void test_rewritten_from_tail(void **state)
{
	static char note[6001];
	char index[256];
	struct index x;
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	long ids[] = { 17, 7 };
	ino_t before;

	(void)state;
	memset(note, 'c', sizeof(note) - 1);
	path_in(store, INDEX_FILE, index, sizeof(index));
	for (int i = 0; i < 3; i++)
		add_progress(store, 17, 50 + i, "2024-08-09", note);
	before = inode_of(index);
	expect_state(store, true);	/* read through the tail, and written */
	assert_true(inode_of(index) != before);
	assert_int_equal(index_read(&x, store, &err), 0);
	assert_int_equal(x.appended, 0);
	assert_int_equal(x.state.items[16].percent, 52);
	assert_string_equal(x.state.items[16].last_note->note, note);
	index_release(&x);
	expect_state(store, true);
	/* the lines of the records once appended are where it says */
	assert_int_equal(index_read_records(&x, store, ids, 2, &j, &err), 0);
	{
		size_t of17 = 0;

		for (size_t i = 0; i < j.n; i++)
			of17 += j.v[i].item == 17;
		assert_int_equal(of17, 3);
	}
	journal_release(&j);
	index_release(&x);
	add_progress(store, 17, 60, "2024-08-10", "");
	expect_state(store, true);
}

/* Has a writer of item id tidy the index after its records. */
static void tidy_as_writer_of(const char *dir, long id)
{
	struct session s;
	struct duban_error err;

	assert_int_equal(session_open_items(&s, dir, &id, 1, &err), 0);
	assert_true(s.indexed && s.partial);
	session_tidy_index(&s);
	session_close(&s);
}

/* A store only written to keeps the records appended since short too:
 * past 16 KiB of them (this index is short enough that the floor is the
 * limit), a writer's session_tidy_index() has the whole index read, which
 * writes it anew; below, it leaves the index be. */
static void test_writer_tidies_the_index(void **state)
{
	static char note[6001];
	char index[256];
	struct index x;
	struct duban_error err;
	ino_t before;

	(void)state;
	memset(note, 'd', sizeof(note) - 1);
	path_in(store, INDEX_FILE, index, sizeof(index));
	before = inode_of(index);
	add_progress(store, 18, 10, "2024-08-11", note);
	add_progress(store, 18, 11, "2024-08-11", note);
	tidy_as_writer_of(store, 18);		/* 12 KiB */
	assert_true(inode_of(index) == before);
	add_progress(store, 18, 12, "2024-08-11", note);
	tidy_as_writer_of(store, 18);		/* 18 KiB */
	assert_true(inode_of(index) != before);
	assert_int_equal(index_read(&x, store, &err), 0);
	assert_int_equal(x.appended, 0);
	assert_int_equal(x.tail_len, 0);
	assert_int_equal(x.state.items[17].percent, 12);
	index_release(&x);
	expect_state(store, true);
}

/* A writer reads the items it records on, and those the records appended
 * since name, each as the whole index gives it. */
static void test_read_items(void **state)
{
	struct index all, some;
	struct duban_error err;
	long ids[] = { 40, 3, 999, 40, 12 };
	long want[] = { 3, 9, 12, 40 };

	(void)state;
	add_progress(store, 9, 15, "2024-08-03", "追加");	/* a tail */
	assert_int_equal(index_read(&all, store, &err), 0);
	assert_int_equal(index_read_items(&some, store, ids, 5, &err), 0);
	/* 999 is in no plan; 40 asked twice; 9 from the tail; plan order */
	assert_int_equal(some.plan.n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct item *a = table_find(&all.plan, want[i]);
		struct plan_state one = { .items = &all.state.items[a - all.plan.items],
					  .n = 1 };
		struct table t = { .items = (struct item *)a, .n = 1 };
		struct plan_state mine = { .items = &some.state.items[i], .n = 1 };
		struct table u = { .items = &some.plan.items[i], .n = 1 };

		assert_int_equal(some.plan.items[i].id, want[i]);
		assert_int_equal(index_differs(&(struct index){ .plan = u,
							       .state = mine },
					       &t, &one), 0);
	}
	assert_ptr_equal(table_find(&some.plan, 12), &some.plan.items[2]);
	assert_null(table_find(&some.plan, 1));
	assert_int_equal(some.state.items[1].percent, 15);
	assert_int_equal(some.appended, 1);
	assert_int_equal(some.latest, all.latest);
	assert_int_equal(some.max_date, all.max_date);
	assert_int_equal(some.nunits, all.nunits);
	assert_true(some.nunits > 10);
	for (size_t i = 1; i < some.nunits; i++)
		assert_true(strcmp(some.units[i - 1], some.units[i]) < 0);
	index_release(&some);
	index_release(&all);
}

/* A reader of a few items and their records gets every record of theirs,
 * from where the index lists them and from the records appended since. */
static void test_read_records(void **state)
{
	struct index x;
	struct session s;
	struct journal j = JOURNAL_INIT;
	struct duban_error err;
	long ids[] = { 7, 1 };

	(void)state;
	add_progress(store, 1, 70, "2024-08-06", "追加");	/* a tail */
	assert_int_equal(index_read_records(&x, store, ids, 2, &j, &err), 0);
	assert_int_equal(session_open(&s, store, SESSION_CHECK, &err), 0);
	for (size_t k = 0; k < 2; k++) {
		size_t want = 0, have = 0;

		for (size_t i = 0, m = 0; i < s.journal.n; i++) {
			const struct entry *e = &s.journal.v[i];

			if (e->item != ids[k])
				continue;
			want++;
			/* the same records, in the same order, undone alike */
			while (m < j.n && j.v[m].item != ids[k])
				m++;
			assert_true(m < j.n);
			assert_string_equal(j.v[m].id, e->id);
			assert_int_equal(j.v[m].undone, e->undone);
			m++;
		}
		for (size_t i = 0; i < j.n; i++)
			have += j.v[i].item == ids[k];
		assert_int_equal(have, want);
		assert_true(want >= 2);	/* item 7: a progress and its undo */
	}
	session_close(&s);
	journal_release(&j);
	index_release(&x);
}

/* The whole file's CRC is not read for a few items; each item's own is. */
static void test_read_items_damaged(void **state)
{
	struct index x;
	struct duban_error err;
	char path[256];
	long three = 3, five = 5;
	FILE *f;
	char *text, *at;
	size_t n;

	(void)state;
	path_in(store, INDEX_FILE, path, sizeof(path));
	assert_int_equal(file_read_all(path, 1 << 26, &text, &n, NULL), 0);
	/* a character of item 3's text, in the pool */
	for (at = text; at + 18 <= text + n && memcmp(at, "繁荣现代商贸", 18); at++)
		;
	assert_true(at + 18 <= text + n);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)(at - text), SEEK_SET), 0);
	fputc('X', f);
	assert_int_equal(fclose(f), 0);
	free(text);
	assert_int_equal(read_index(store), 1);		/* the whole: no */
	assert_int_equal(index_read_items(&x, store, &three, 1, &err), 1);
	/* another item reads well, as its own bytes are whole */
	assert_int_equal(index_read_items(&x, store, &five, 1, &err), 0);
	assert_int_equal(x.plan.n, 1);
	assert_int_equal(x.plan.items[0].id, 5);
	index_release(&x);
}

static void test_damaged_journal_is_not_indexed(void **state)
{
	char path[256], index[256];
	FILE *f;
	struct session s;
	struct duban_error err;

	(void)state;
	path_in(store, JOURNAL_FILE, path, sizeof(path));
	path_in(store, INDEX_FILE, index, sizeof(index));
	assert_non_null(f = fopen(path, "a"));
	fputs("not,a,record\n", f);
	assert_int_equal(fclose(f), 0);
	/* appended lines that are no records: the index is not used... */
	assert_int_equal(read_index(store), 1);
	assert_int_equal(unlink(index), 0);
	/* ...nor written, and the reader is told */
	assert_int_equal(session_open(&s, store, SESSION_STATE, &err), 0);
	assert_false(s.indexed);
	assert_int_equal(s.journal.problems.n, 1);
	assert_true(s.warnings.n > 0);
	session_close(&s);
	assert_false(has_index(store));
}

static void test_not_written_unless_git_ignores_it(void **state)
{
	char path[256], index[256];
	FILE *f;

	(void)state;
	path_in(store, ".gitignore", path, sizeof(path));
	path_in(store, INDEX_FILE, index, sizeof(index));
	assert_int_equal(unlink(index), 0);
	assert_non_null(f = fopen(path, "w"));
	fputs("/lock\n*.tmp??????\n", f);
	assert_int_equal(fclose(f), 0);
	expect_state(store, false);
	assert_false(has_index(store));
	assert_int_equal(unlink(path), 0);	/* no .gitignore: no git */
	expect_state(store, false);
	assert_true(has_index(store));
}

static void test_no_index_when_told(void **state)
{
	char index[256];

	(void)state;
	path_in(store, INDEX_FILE, index, sizeof(index));
	assert_int_equal(unlink(index), 0);
	setenv("DUBAN_NO_INDEX", "1", 1);
	expect_state(store, false);
	expect_state(store, false);
	assert_false(has_index(store));
	unsetenv("DUBAN_NO_INDEX");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_read_back, indexed_store),
		cmocka_unit_test_setup(test_new_store, indexed_store),
		cmocka_unit_test_setup(test_appended_records_fold_on_top,
				       indexed_store),
		cmocka_unit_test_setup(test_undo_of_an_indexed_record,
				       indexed_store),
		cmocka_unit_test_setup(test_damaged_index, indexed_store),
		cmocka_unit_test_setup(test_foreign_index, indexed_store),
		cmocka_unit_test_setup(test_items_edited_keeping_times,
				       indexed_store),
		cmocka_unit_test_setup(test_items_edited_later_keeping_times,
				       indexed_store),
		cmocka_unit_test_setup(test_journal_replaced_or_cut,
				       indexed_store),
		cmocka_unit_test_setup(test_journal_edited_in_place,
				       indexed_store),
		cmocka_unit_test_setup(test_forged_index_differs, indexed_store),
		cmocka_unit_test_setup(test_append_through_index, indexed_store),
		cmocka_unit_test_setup(test_append_follows_a_clock_ahead,
				       indexed_store),
		cmocka_unit_test_setup(test_append_after_a_record_dated_later,
				       indexed_store),
		cmocka_unit_test_setup(test_append_after_a_clock_far_ahead,
				       indexed_store),
		cmocka_unit_test_setup(test_racy_index_refreshed, indexed_store),
		cmocka_unit_test_setup(test_long_last_line, indexed_store),
		cmocka_unit_test_setup(test_long_tail, indexed_store),
		cmocka_unit_test_setup(test_rewritten_from_tail, indexed_store),
		cmocka_unit_test_setup(test_writer_tidies_the_index,
				       indexed_store),
		cmocka_unit_test_setup(test_read_items, indexed_store),
		cmocka_unit_test_setup(test_read_items_damaged, indexed_store),
		cmocka_unit_test_setup(test_read_records, indexed_store),
		cmocka_unit_test_setup(test_damaged_journal_is_not_indexed,
				       indexed_store),
		cmocka_unit_test_setup(test_not_written_unless_git_ignores_it,
				       indexed_store),
		cmocka_unit_test_setup(test_no_index_when_told, indexed_store),
	};

	return cmocka_run_group_tests_name("index", tests, setup, teardown);
}
