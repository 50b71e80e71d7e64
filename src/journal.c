#include "duban/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"

enum { F_ENTRY, F_RECORDED, F_DATE, F_ITEM, F_KIND, F_VALUE, F_TARGET, F_BY,
       F_NOTE, F_COUNT };

static const char *const status_keys[STATUS_COUNT] = {
	"not-started", "in-progress", "done", "blocked",
};
static const char *const status_labels[STATUS_COUNT] = {
	"未启动", "推进中", "已完成", "受阻",
};
static const char *const kind_names[ENTRY_KIND_COUNT] = {
	"status", "progress", "note", "actual", "undo",
};

const char *status_key(enum status s)
{
	return status_keys[s];
}

const char *status_label(enum status s)
{
	return status_labels[s];
}

int status_parse(const char *s, enum status *out)
{
	for (int i = 0; i < STATUS_COUNT; i++)
		if (strcmp(s, status_keys[i]) == 0 || strcmp(s, status_labels[i]) == 0) {
			*out = (enum status)i;
			return 0;
		}
	return -1;
}

const char *entry_kind_name(enum entry_kind k)
{
	return kind_names[k];
}

/* --- ids and times -------------------------------------------------------- */

int entry_new_id(char *id, struct duban_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[ENTRY_ID_LEN / 2];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_set(err, NULL, 0, "no random numbers for an "
					 "entry id: %s", strerror(errno));
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 15];
	}
	id[ENTRY_ID_LEN] = '\0';
	return 0;
}

static bool is_entry_id(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == ENTRY_ID_LEN;
}

int64_t entry_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int journal_stamp(const struct journal *j, struct entry *v, size_t n,
		  struct duban_error *err)
{
	int64_t now = entry_now();

	/* later than anything recorded, so that the fold keeps the order of
	 * the commands even if this clock is behind or stepped back */
	if (now <= j->latest)
		now = j->latest + 1;
	for (size_t i = 0; i < n; i++) {
		if (entry_new_id(v[i].id, err))
			return -1;
		v[i].recorded = now + (int64_t)i;
	}
	return 0;
}

void entry_format_time(int64_t us, char *buf, size_t size)
{
	time_t secs = (time_t)(us / 1000000);
	long frac = (long)(us % 1000000);
	struct tm tm;
	char base[32];
	long off;

	if (frac < 0) {		/* before 1970: the fraction counts up */
		frac += 1000000;
		secs--;
	}
	localtime_r(&secs, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, size, "%s.%06ld%c%02ld:%02ld", base, frac,
		 off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*out = *out * 10 + (**p - '0');
	}
	return 0;
}

int entry_parse_time(const char *s, int64_t *us)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 1;
	long frac = 0, scale = 100000;
	date_t day;

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
	    digits(&s, 2, &d) || *s++ != 'T' || digits(&s, 2, &h) || *s++ != ':' ||
	    digits(&s, 2, &mi) || *s++ != ':' || digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			frac += (*s - '0') * scale;
			scale /= 10;
		}
		if (scale == 100000)
			return -1;
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om))
			return -1;
	} else {
		return -1;
	}
	if (*s || h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59 ||
	    date_from_ymd(y, mo, d, &day))
		return -1;
	*us = (((int64_t)day * 86400 + h * 3600 + mi * 60 + sec) -
	       sign * (oh * 3600 + om * 60)) * 1000000 + frac;
	return 0;
}

/* --- writing lines --------------------------------------------------------- */

/* A field for the journal, then its separator. */
static int put_field(struct strbuf *sb, const char *s, bool last)
{
	return csv_append_field(sb, s) || sb_add(sb, last ? "\n" : ",", 1) ? -1 : 0;
}

/* The note with newlines, CRs and backslashes escaped: one line. */
static int put_note(struct strbuf *sb, const char *note)
{
	struct strbuf esc = STRBUF_INIT;
	int rc = sb_reset(&esc);

	for (; *note && rc == 0; note++) {
		switch (*note) {
		case '\n': rc = sb_add(&esc, "\\n", 2); break;
		case '\r': rc = sb_add(&esc, "\\r", 2); break;
		case '\\': rc = sb_add(&esc, "\\\\", 2); break;
		default: rc = sb_add(&esc, note, 1);
		}
	}
	if (rc == 0)
		rc = put_field(sb, esc.s, true);
	sb_release(&esc);
	return rc;
}

int entry_format_line(const struct entry *e, struct strbuf *sb)
{
	char recorded[64], date[DATE_BUFSIZE], item[32], value[64] = "", target[16] = "";
	const char *v = value;

	entry_format_time(e->recorded, recorded, sizeof(recorded));
	snprintf(item, sizeof(item), "%ld", e->item);
	switch (e->kind) {
	case ENTRY_STATUS: v = status_key(e->status); break;
	case ENTRY_PROGRESS: snprintf(value, sizeof(value), "%d", e->percent); break;
	case ENTRY_ACTUAL:
		v = e->figure;
		snprintf(target, sizeof(target), "%d", e->target);
		break;
	case ENTRY_UNDO: v = e->cancels; break;
	case ENTRY_NOTE: case ENTRY_KIND_COUNT: break;
	}
	if (put_field(sb, e->id, false) || put_field(sb, recorded, false) ||
	    put_field(sb, date_format(e->date, date), false) ||
	    put_field(sb, item, false) ||
	    put_field(sb, entry_kind_name(e->kind), false) ||
	    put_field(sb, v, false) || put_field(sb, target, false) ||
	    put_field(sb, e->by, false) || put_note(sb, e->note))
		return -1;
	return 0;
}

/* --- loading ---------------------------------------------------------------- */

struct loader {
	struct journal *j;
	const struct table *t;
	const char *name;
	bool have_header;
	size_t records;		/* lines after the header, damaged ones too */
	struct duban_error *err;
};

static int add_problem(struct loader *l, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_problem(struct loader *l, long line, const char *fmt, ...)
{
	struct journal *j = l->j;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (mem_grow((void **)&j->problems, &j->problems_cap, j->nproblems + 1,
		     sizeof(*j->problems)))
		return error_nomem(l->err);
	j->problems[j->nproblems].line = line;
	j->problems[j->nproblems].msg = arena_strndup(&j->arena, msg, strlen(msg));
	if (!j->problems[j->nproblems].msg)
		return error_nomem(l->err);
	j->nproblems++;
	return 0;
}

/* Undoes put_note()'s escapes into the arena.  NULL on a bad escape. */
static const char *unescape_note(struct arena *a, const char *s, bool *bad)
{
	size_t n = strlen(s), o = 0;
	char *out = arena_alloc(a, n + 1);

	*bad = false;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case '\\': out[o++] = '\\'; break;
		default: *bad = true; return NULL;
		}
	}
	out[o] = '\0';
	return out;
}

static bool parse_small(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s || *s == '+' || *s == '-' || *s == ' ')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool entry_figure_ok(const char *s)
{
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i > 18)
		return false;
	if (s[i] == '.') {
		size_t d = ++i;

		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d || i - d > 6)
			return false;
	}
	return s[i] == '\0';
}

/* Reads the value and target fields by kind.  Returns a problem message,
 * or NULL when they are right. */
static const char *read_value(struct entry *e, char *const *f,
			      const struct item *it)
{
	long n;

	if (e->kind != ENTRY_ACTUAL && *f[F_TARGET])
		return "a target on a record that is not an actual figure";
	switch (e->kind) {
	case ENTRY_STATUS:
		if (status_parse(f[F_VALUE], &e->status) ||
		    strcmp(f[F_VALUE], status_key(e->status)))
			return "the value is not a status key";
		return NULL;
	case ENTRY_PROGRESS:
		if (!parse_small(f[F_VALUE], 0, 100, &n))
			return "the value is not a percent from 0 to 100";
		e->percent = (int)n;
		return NULL;
	case ENTRY_NOTE:
		return *f[F_VALUE] ? "a value on a note" : NULL;
	case ENTRY_ACTUAL:
		if (!parse_small(f[F_TARGET], 1, (long)it->ntargets, &n))
			return "the target is not one of the item's targets";
		if (!entry_figure_ok(f[F_VALUE]))
			return "the figure is not a number";
		e->target = (int)n;
		e->value = strtod(f[F_VALUE], NULL);
		return NULL;
	case ENTRY_UNDO:
		return is_entry_id(f[F_VALUE]) ? NULL : "the value is not an entry id";
	case ENTRY_KIND_COUNT:
		break;
	}
	return "unknown kind";
}

static size_t id_hash(const char *id)
{
	size_t h = 0;

	for (int i = 0; i < 16; i++)
		h = h * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
	return h;
}

static size_t id_slot(const struct journal *j, const char *id)
{
	size_t h = id_hash(id) & (j->index_cap - 1);

	while (j->index[h] && strcmp(j->v[j->index[h] - 1].id, id) != 0)
		h = (h + 1) & (j->index_cap - 1);
	return h;
}

static int index_rebuild(struct journal *j, size_t cap)
{
	mem_free(j->index);
	j->index = mem_calloc(cap, sizeof(size_t));
	j->index_cap = j->index ? cap : 0;
	if (!j->index)
		return -1;
	for (size_t i = 0; i < j->n; i++)
		j->index[id_slot(j, j->v[i].id)] = i + 1;
	return 0;
}

/* Whether two entries say the same (a line seen twice after a merge). */
static bool same_entry(const struct entry *a, const struct entry *b)
{
	return a->recorded == b->recorded && a->date == b->date &&
	       a->item == b->item && a->kind == b->kind &&
	       a->status == b->status && a->percent == b->percent &&
	       a->target == b->target &&
	       strcmp(a->figure ? a->figure : "", b->figure ? b->figure : "") == 0 &&
	       strcmp(a->cancels ? a->cancels : "", b->cancels ? b->cancels : "") == 0 &&
	       strcmp(a->by, b->by) == 0 && strcmp(a->note, b->note) == 0;
}

static const char *read_fields(struct loader *l, struct entry *e,
			       const struct csv_record *rec)
{
	struct arena *a = &l->j->arena;
	char *const *f = rec->fields;
	const struct item *it;
	const char *problem;
	long item;
	bool bad;
	int k;

	memset(e, 0, sizeof(*e));
	e->line = rec->line;
	if (!is_entry_id(f[F_ENTRY]))
		return "the entry id is not 32 hex digits";
	memcpy(e->id, f[F_ENTRY], ENTRY_ID_LEN + 1);
	if (entry_parse_time(f[F_RECORDED], &e->recorded))
		return "the recorded time is not an ISO 8601 time with an offset";
	if (date_parse(f[F_DATE], &e->date))
		return "the date is not a date";
	if (!parse_small(f[F_ITEM], 1, 999999999, &item))
		return "the item is not an id";
	e->item = item;
	it = table_find(l->t, item);
	if (!it)
		return "the item is not in the plan";
	for (k = 0; k < ENTRY_KIND_COUNT; k++)
		if (strcmp(f[F_KIND], kind_names[k]) == 0)
			break;
	if (k == ENTRY_KIND_COUNT)
		return "the kind is not status, progress, note, actual or undo";
	e->kind = (enum entry_kind)k;
	if ((problem = read_value(e, f, it)))
		return problem;
	if (!*f[F_BY])
		return "no one is named in \"by\"";
	e->recorded_text = arena_strndup(a, f[F_RECORDED], rec->lens[F_RECORDED]);
	e->by = arena_strndup(a, f[F_BY], rec->lens[F_BY]);
	e->note = unescape_note(a, f[F_NOTE], &bad);
	if (bad)
		return "the note has a backslash that is not \\n, \\r or \\\\";
	if (e->kind == ENTRY_ACTUAL)
		e->figure = arena_strndup(a, f[F_VALUE], rec->lens[F_VALUE]);
	if (e->kind == ENTRY_UNDO)
		e->cancels = arena_strndup(a, f[F_VALUE], rec->lens[F_VALUE]);
	if (!e->recorded_text || !e->by || !e->note ||
	    (e->kind == ENTRY_ACTUAL && !e->figure) ||
	    (e->kind == ENTRY_UNDO && !e->cancels))
		return "";	/* out of memory: the caller says so */
	return NULL;
}

static int on_record(const struct csv_record *rec, void *ctx,
		     struct duban_error *err)
{
	struct loader *l = ctx;
	struct journal *j = l->j;
	size_t max = j->max_records ? j->max_records
				    : (size_t)JOURNAL_RECORDS_MAX;
	const char *problem;
	size_t h;

	if (l->have_header && ++l->records > max)
		return error_set(err, l->name, rec->line,
				 "more records than the limit of %zu", max);
	if (rec->problem) {
		l->have_header = true;	/* a damaged first line was the header */
		return add_problem(l, rec->line, "%s", rec->problem);
	}
	if (!l->have_header) {
		l->have_header = true;
		if (rec->count == F_COUNT) {
			struct strbuf sb = STRBUF_INIT;
			bool same;

			for (size_t i = 0; i < rec->count; i++)
				if (sb_puts(&sb, rec->fields[i]) ||
				    sb_puts(&sb, i + 1 < rec->count ? "," : "")) {
					sb_release(&sb);
					return error_nomem(err);
				}
			same = strcmp(sb.s, JOURNAL_HEADER) == 0;
			sb_release(&sb);
			if (same)
				return 0;
		}
		return add_problem(l, rec->line, "the first line is not the "
				   "journal header \"%s\"", JOURNAL_HEADER);
	}
	if (rec->count != F_COUNT)
		return add_problem(l, rec->line, "%zu fields where a record has %d",
				   rec->count, F_COUNT);
	if (mem_grow((void **)&j->v, &j->cap, j->n + 1, sizeof(*j->v)))
		return error_nomem(err);
	problem = read_fields(l, &j->v[j->n], rec);
	if (problem && !*problem)
		return error_nomem(err);
	if (problem)
		return add_problem(l, rec->line, "%s", problem);
	if ((j->n + 1) * 2 > j->index_cap && index_rebuild(j, j->index_cap ? j->index_cap * 2 : 1024))
		return error_nomem(err);
	h = id_slot(j, j->v[j->n].id);
	if (j->index[h]) {
		const struct entry *old = &j->v[j->index[h] - 1];

		if (same_entry(old, &j->v[j->n]))
			return 0;	/* the same line twice: a merge */
		return add_problem(l, rec->line, "entry %.10s is already used on "
				   "line %ld for another record", old->id, old->line);
	}
	j->index[h] = ++j->n;
	return 0;
}

static int by_order(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->recorded != b->recorded)
		return a->recorded < b->recorded ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int by_line(const void *pa, const void *pb)
{
	const struct journal_problem *a = pa, *b = pb;

	return (a->line > b->line) - (a->line < b->line);
}

/* Sorts into fold order and marks cancelled entries; problems found here
 * join the others in file order. */
static int finish(struct loader *l)
{
	struct journal *j = l->j;

	if (j->n > 1)
		qsort(j->v, j->n, sizeof(*j->v), by_order);
	if (j->n && index_rebuild(j, j->index_cap))
		return error_nomem(l->err);
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];
		size_t h;

		if (e->recorded > j->latest)
			j->latest = e->recorded;
		if (e->kind != ENTRY_UNDO)
			continue;
		h = id_slot(j, e->cancels);
		if (!j->index[h]) {
			if (add_problem(l, e->line, "undo of entry %.10s, which is "
					"not in the journal", e->cancels))
				return -1;
		} else if (j->v[j->index[h] - 1].kind == ENTRY_UNDO) {
			if (add_problem(l, e->line, "undo of an undo"))
				return -1;
		} else {
			j->v[j->index[h] - 1].undone = true;
		}
	}
	if (j->nproblems > 1)
		qsort(j->problems, j->nproblems, sizeof(*j->problems), by_line);
	return 0;
}

int journal_load(struct journal *j, const char *path, const char *name,
		 const struct table *t, struct duban_error *err)
{
	struct loader l = { .j = j, .t = t, .name = name, .err = err };
	struct csv_summary summary;
	struct stat st;

	/* lstat: a dangling link is no missing journal, but one refused */
	if (lstat(path, &st) && errno == ENOENT)
		return 0;
	if (csv_read_lines(path, name, on_record, &l, &summary, err) ||
	    finish(&l)) {
		journal_release(j);
		return -1;
	}
	j->torn_tail = summary.torn_tail;
	j->torn_line = summary.lines + 1;
	j->valid_bytes = summary.valid_bytes;
	return 0;
}

const struct entry *journal_get(const struct journal *j, const char *id)
{
	size_t h;

	if (!j->index_cap)
		return NULL;
	h = id_slot(j, id);
	return j->index[h] ? &j->v[j->index[h] - 1] : NULL;
}

const struct entry *journal_find(const struct journal *j, const char *prefix,
				 bool *ambiguous)
{
	const struct entry *found = NULL;
	size_t n = strlen(prefix);

	*ambiguous = false;
	if (n < 4 || n > ENTRY_ID_LEN)
		return NULL;
	for (size_t i = 0; i < j->n; i++) {
		if (strncmp(j->v[i].id, prefix, n) != 0)
			continue;
		if (found) {
			*ambiguous = true;
			return NULL;
		}
		found = &j->v[i];
	}
	return found;
}

void journal_release(struct journal *j)
{
	size_t max_records = j->max_records;

	mem_free(j->v);
	mem_free(j->problems);
	mem_free(j->index);
	arena_release(&j->arena);
	*j = (struct journal)JOURNAL_INIT;
	j->max_records = max_records;
}

/* --- appending --------------------------------------------------------------- */

int journal_append(const char *path, const struct journal *j,
		   const struct entry *entries, size_t n,
		   struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	off_t start;
	int fd, rc = -1;

	/* O_APPEND: a record goes after whatever is there, never over it */
	fd = file_open_regular(path, O_RDWR | O_CREAT | O_APPEND, 0666, err);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		error_set(err, path, 0, "cannot examine: %s", strerror(errno));
		goto out;
	}
	start = st.st_size;
	/* A torn last line is cut off before anything is added after it. */
	if (j->torn_tail && j->valid_bytes < start) {
		if (ftruncate(fd, (off_t)j->valid_bytes)) {
			error_set(err, path, 0, "cannot cut off the torn last line: %s",
				  strerror(errno));
			goto out;
		}
		start = (off_t)j->valid_bytes;
	}
	if (sb_reset(&sb) ||
	    (start == 0 && sb_puts(&sb, JOURNAL_HEADER "\n"))) {
		error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (entry_format_line(&entries[i], &sb)) {
			error_nomem(err);
			goto out;
		}
	if (file_write_all(fd, sb.s, sb.len) || fsync(fd)) {
		int saved = errno;

		/* Leave no part of a record behind. */
		if (ftruncate(fd, start) == 0)
			fsync(fd);
		error_set(err, path, 0, "cannot write: %s; nothing was recorded",
			  strerror(saved));
		goto out;
	}
	/* a journal created just now must survive a crash as well */
	rc = st.st_size == 0 ? sync_parent(path, err) : 0;
out:
	sb_release(&sb);
	if (close(fd) && rc == 0)
		rc = error_set(err, path, 0, "cannot write: %s", strerror(errno));
	return rc;
}
