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
#include "duban/digest.h"
#include "duban/evidence.h"
#include "duban/figure.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/sort.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"

enum { F_ENTRY, F_RECORDED, F_DATE, F_ITEM, F_KIND, F_VALUE, F_TARGET, F_BY,
       F_NOTE, F_COUNT_V1, F_BATCH = F_COUNT_V1, F_PREV, F_SUM, F_COUNT };

static const char *const status_keys[STATUS_COUNT] = {
	"not-started", "in-progress", "done", "blocked",
};
static const char *const status_labels[STATUS_COUNT] = {
	"未启动", "推进中", "已完成", "受阻",
};
static const char *const kind_names[ENTRY_KIND_COUNT] = {
	"status", "progress", "note", "actual", "undo", "extend",
	"extend-request", "extend-refuse", "close-request", "close-return",
	"evidence",
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
			return error_set(err, NULL, 0, _("no random numbers "
					 "for an entry id: %s"),
					 strerror(errno));
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
	return digest_is_hex(s, ENTRY_ID_LEN) && !s[ENTRY_ID_LEN];
}

int64_t entry_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Records are sorted by time, so only the few far ahead are passed over. */
int64_t journal_latest_believable(const struct journal *j, int64_t now)
{
	int64_t before = j->latest_before <= now + JOURNAL_CLOCK_BOUND_US
			 ? j->latest_before : 0;

	for (size_t i = j->n; i-- > 0;)
		if (j->v[i].recorded <= now + JOURNAL_CLOCK_BOUND_US)
			return j->v[i].recorded > before ? j->v[i].recorded
							 : before;
	return before;
}

int journal_stamp_after(const struct journal *j, struct entry *v, size_t n,
			int64_t floor, struct duban_error *err)
{
	int64_t now = entry_now(), seen = journal_latest_believable(j, now);

	/* later than anything recorded, so that the fold keeps the order of
	 * the commands even if this clock is behind or stepped back */
	if (seen < floor)
		seen = floor;
	if (now <= seen)
		now = seen + 1;
	for (size_t i = 0; i < n; i++) {
		if (entry_new_id(v[i].id, err))
			return -1;
		v[i].recorded = now + (int64_t)i;
		memcpy(v[i].batch, v[0].id, DIGEST_SHORT_LEN);
		v[i].batch[DIGEST_SHORT_LEN] = '\0';
		v[i].batch_size = n;
	}
	return 0;
}

int journal_stamp(const struct journal *j, struct entry *v, size_t n,
		  struct duban_error *err)
{
	return journal_stamp_after(j, v, n, 0, err);
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
static int put_note(struct strbuf *sb, const char *note, bool last)
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
		rc = put_field(sb, esc.s, last);
	sb_release(&esc);
	return rc;
}

void entry_set_item(struct entry *e, const struct item *it)
{
	e->item = it->id;
	e->item_key = it->key;
}

/* The prev field: e->prev, then ";" and e->prev_more after a merge. */
static int put_parents(struct strbuf *sb, const struct entry *e)
{
	struct strbuf all = STRBUF_INIT;
	int rc = sb_reset(&all) || sb_puts(&all, e->prev) ||
		 (e->prev_more && *e->prev_more &&
		  (sb_add(&all, ";", 1) || sb_puts(&all, e->prev_more))) ||
		 csv_append_field(sb, all.s);

	sb_release(&all);
	return rc ? -1 : 0;
}

int entry_format_line(struct entry *e, struct strbuf *sb)
{
	char now[64], date[DATE_BUFSIZE], item[TABLE_KEY_MAX + 2], value[64] = "";
	char batch[DIGEST_SHORT_LEN + 32];
	const char *v = value, *target = "", *recorded = e->recorded_text;
	size_t start = sb->len;

	/* a record read keeps its time as written, to the last digit */
	if (!recorded) {
		entry_format_time(e->recorded, now, sizeof(now));
		recorded = now;
	}
	if (e->item_key)	/* "#key": a record read only with keys */
		snprintf(item, sizeof(item), "#%s", e->item_key);
	else
		snprintf(item, sizeof(item), "%ld", e->item);
	switch (e->kind) {
	case ENTRY_STATUS: v = status_key(e->status); break;
	case ENTRY_PROGRESS: snprintf(value, sizeof(value), "%d", e->percent); break;
	case ENTRY_ACTUAL:
		v = e->figure;
		target = e->target_key;
		break;
	case ENTRY_UNDO: v = e->cancels; break;
	case ENTRY_EXTEND: case ENTRY_EXTEND_REQUEST: case ENTRY_EXTEND_REFUSE:
		v = date_format(e->deadline, value);
		break;
	case ENTRY_EVIDENCE: v = e->figure; break;
	case ENTRY_NOTE: case ENTRY_CLOSE_REQUEST: case ENTRY_CLOSE_RETURN:
	case ENTRY_KIND_COUNT: break;
	}
	/* a record from before batches is a batch of its own */
	snprintf(batch, sizeof(batch), "%.*s/%zu", DIGEST_SHORT_LEN,
		 *e->batch ? e->batch : e->id, e->batch_size ? e->batch_size : 1);
	if (put_field(sb, e->id, false) || put_field(sb, recorded, false) ||
	    put_field(sb, date_format(e->date, date), false) ||
	    put_field(sb, item, false) ||
	    put_field(sb, entry_kind_name(e->kind), false) ||
	    put_field(sb, v, false) || put_field(sb, target, false) ||
	    put_field(sb, e->by, false) || put_note(sb, e->note, false) ||
	    put_field(sb, batch, false) || put_parents(sb, e))
		return -1;
	digest_short(sb->s + start, sb->len - start, e->sum);
	return sb_add(sb, ",", 1) || sb_add(sb, e->sum, DIGEST_SHORT_LEN) ||
	       sb_add(sb, "\n", 1) ? -1 : 0;
}

/* --- loading ---------------------------------------------------------------- */

struct loader {
	struct journal *j;
	const struct table *t;
	const char *name;
	bool have_header;
	size_t records;		/* lines after the header, damaged ones too */
	int fields;		/* fields a record has in this format */
	bool tail_whole;	/* the unterminated last line is a whole record */
	uint64_t *sums;		/* of every line whose sum is right, kept
				 * or not, for the links */
	size_t nsums, sums_cap;
	uint64_t *parents;	/* every sum those lines name in prev */
	size_t nparents, parents_cap;
	char msg[256];		/* a problem message made for one line */
	long last_line;		/* the last line read whole, damaged or not */
	bool part;		/* journal_load_part(): no links or batches */
	struct duban_error *err;
};

static int add_problem(struct loader *l, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_problem(struct loader *l, long line, const char *fmt, ...)
{
	va_list ap;
	char msg[PROBLEM_MSG_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return problems_add(&l->j->problems, line, "%s", msg) ? error_nomem(l->err)
							     : 0;
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

/* Reads the value and target fields by kind.  Returns a problem message,
 * or NULL when they are right. */
/* Reads the target field of an actual: a key in format 2, a position in
 * format 1.  Returns a problem message, or NULL. */
static const char *read_target(struct loader *l, struct entry *e,
			       const char *field, const struct item *it)
{
	long n;

	if (l->j->version == 1) {
		if (!parse_small(field, 1, (long)it->ntargets, &n))
			return _("the target is not one of the item's targets");
		e->target = (int)n;
		e->target_key = it->targets[n - 1].key;
		return NULL;
	}
	n = target_find_key(it->targets, it->ntargets, field);
	if (n < 0) {
		snprintf(l->msg, sizeof(l->msg), _("item %ld has no target "
			 "\"%.64s\": was the target renamed or removed in "
			 "items.csv? (restore it there)"), it->id, field);
		return l->msg;
	}
	e->target = (int)n + 1;
	e->target_key = it->targets[n].key;
	return NULL;
}

/* Reads the deadline of a record of deadlines: a date as duban writes
 * it, YYYY-MM-DD.  Returns a problem message, or NULL. */
static const char *read_deadline(const char *field, date_t *out)
{
	char again[DATE_BUFSIZE];

	if (date_parse(field, out) || strcmp(date_format(*out, again), field))
		return _("the value is not a date written YYYY-MM-DD");
	return NULL;
}

/* Reads the value and target fields by kind.  Returns a problem message,
 * or NULL when they are right. */
static const char *read_value(struct loader *l, struct entry *e,
			      char *const *f, const struct item *it)
{
	long n;

	if (e->kind != ENTRY_ACTUAL && *f[F_TARGET])
		return _("a target on a record that is not an actual figure");
	switch (e->kind) {
	case ENTRY_STATUS:
		if (status_parse(f[F_VALUE], &e->status) ||
		    strcmp(f[F_VALUE], status_key(e->status)))
			return _("the value is not a status key");
		return NULL;
	case ENTRY_PROGRESS:
		if (!parse_small(f[F_VALUE], 0, 100, &n))
			return _("the value is not a percent from 0 to 100");
		e->percent = (int)n;
		return NULL;
	case ENTRY_NOTE:
		return *f[F_VALUE] ? _("a value on a note") : NULL;
	case ENTRY_CLOSE_REQUEST:
	case ENTRY_CLOSE_RETURN:
		return *f[F_VALUE] ? _("a value on a record that takes none")
				   : NULL;
	case ENTRY_EVIDENCE:
		return evidence_name_ok(f[F_VALUE]) ? NULL
			: _("the value is not an evidence file's name (its "
			    "SHA-256 in hex, then its extension)");
	case ENTRY_ACTUAL:
		if (!figure_ok(f[F_VALUE]))
			return _("the figure is not a number");
		e->value = strtod(f[F_VALUE], NULL);
		return read_target(l, e, f[F_TARGET], it);
	case ENTRY_UNDO:
		return is_entry_id(f[F_VALUE]) ? NULL
						 : _("the value is "
						   "not an entry id");
	case ENTRY_EXTEND:
	case ENTRY_EXTEND_REQUEST:
	case ENTRY_EXTEND_REFUSE:
		return read_deadline(f[F_VALUE], &e->deadline);
	case ENTRY_KIND_COUNT:
		break;
	}
	return _("unknown kind");
}

/* Sorts j->ids afresh from j->v.  Returns 0, or -1 on no memory. */
static int sort_ids(struct journal *j)
{
	mem_free(j->ids);
	if (!(j->ids = mem_alloc((j->n ? j->n : 1) * sizeof(*j->ids))))
		return -1;
	for (size_t i = 0; i < j->n; i++)
		j->ids[i] = (struct sort_pair){ digest_hex64(j->v[i].id), i };
	sort_pairs(j->ids, j->n);
	return 0;
}

/* The first of j->ids whose key is not below bits (j->n if none). */
static size_t first_id_from(const struct journal *j, uint64_t bits)
{
	size_t lo = 0, hi = j->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (j->ids[mid].key < bits)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether two entries say the same (a line seen twice after a merge). */
static bool same_entry(const struct entry *a, const struct entry *b)
{
	return a->recorded == b->recorded && a->date == b->date &&
	       a->item == b->item && a->kind == b->kind &&
	       a->status == b->status && a->percent == b->percent &&
	       a->target == b->target && a->deadline == b->deadline &&
	       strcmp(a->figure ? a->figure : "", b->figure ? b->figure : "") == 0 &&
	       strcmp(a->cancels ? a->cancels : "", b->cancels ? b->cancels : "") == 0 &&
	       strcmp(a->by, b->by) == 0 && strcmp(a->note, b->note) == 0 &&
	       strcmp(a->sum, b->sum) == 0;
}

/* Whether the date reported on is after the day the record was made, as
 * its writer's clock and offset wrote it: no one reports on tomorrow. */
date_t entry_recorded_day(const char *recorded)
{
	char day[11];
	date_t d;

	if (!recorded || strnlen(recorded, 10) < 10)
		return DATE_NONE;
	memcpy(day, recorded, 10);
	day[10] = '\0';
	return date_parse(day, &d) ? DATE_NONE : d;
}

static bool dated_after_recording(const struct entry *e, const char *recorded)
{
	date_t made = entry_recorded_day(recorded);

	return made != DATE_NONE && e->date > made;
}

/* Finds the item a record names: "#key" by its key, which items.csv must
 * then have; a number by key when items.csv has keys (they started as
 * copies of the ids), else by id.  Returns a problem message, or NULL. */
static const char *read_item(struct loader *l, const char *field,
			     const struct item **it)
{
	bool keyed = l->fields == F_COUNT && *field == '#';
	long id;

	if (keyed && !l->t->by_key) {
		snprintf(l->msg, sizeof(l->msg), "the record names item key "
			 "\"%.64s\", but items.csv has no key column: was it "
			 "removed? (restore it)", field + 1);
		return l->msg;
	}
	if (keyed || (l->fields == F_COUNT && l->t->by_key)) {
		if ((*it = table_find_key(l->t, field + keyed)))
			return NULL;
		snprintf(l->msg, sizeof(l->msg), _("no item has the key "
			 "\"%.64s\": was an item's key changed or removed in "
			 "items.csv? (restore it there)"), field + keyed);
		return l->msg;
	}
	if (!parse_small(field, 1, 999999999, &id))
		return _("the item is not an id");
	*it = table_find(l->t, id);
	return *it ? NULL : _("the item is not in the plan");
}

/* Reads prev: empty, or up to JOURNAL_PARENTS_MAX sums separated by ";",
 * the first into e->prev and the rest into e->prev_more, every one noted
 * in l->parents.  Returns a problem message, or NULL ("" out of memory). */
static const char *read_parents(struct loader *l, struct entry *e,
				const char *field)
{
	const char *p = field, *more = strchr(field, ';');
	size_t count = 0;

	if (!*field)
		return NULL;
	for (;; p += DIGEST_SHORT_LEN + 1) {
		char one[DIGEST_SHORT_LEN + 1] = "";
		uint64_t v;

		if (strnlen(p, DIGEST_SHORT_LEN) == DIGEST_SHORT_LEN)
			memcpy(one, p, DIGEST_SHORT_LEN);
		if (digest_short_parse(one, &v) ||
		    (p[DIGEST_SHORT_LEN] && p[DIGEST_SHORT_LEN] != ';') ||
		    ++count > JOURNAL_PARENTS_MAX)
			return _("prev is not empty, or 16 hex digits, or up to 32 "
				 "of them separated by \";\"");
		if (mem_grow((void **)&l->parents, &l->parents_cap,
			     l->nparents + 1, sizeof(*l->parents)))
			return "";
		l->parents[l->nparents++] = v;
		if (!p[DIGEST_SHORT_LEN])
			break;
	}
	memcpy(e->prev, field, DIGEST_SHORT_LEN);
	e->prev[DIGEST_SHORT_LEN] = '\0';
	if (more && !(e->prev_more = arena_strndup(&l->j->arena, more + 1,
						   strlen(more + 1))))
		return "";
	return NULL;
}

/* Reads batch, prev and sum, and checks sum against the line.  Returns a
 * problem message, or NULL. */
static const char *read_chain(struct loader *l, struct entry *e,
			      const struct csv_record *rec)
{
	char *const *f = rec->fields;
	const char *slash = strchr(f[F_BATCH], '/');
	const char *problem;
	char sum[DIGEST_SHORT_LEN + 1];
	uint64_t v;
	long n;

	if (!slash || slash - f[F_BATCH] != DIGEST_SHORT_LEN ||
	    !parse_small(slash + 1, 1, JOURNAL_RECORDS_MAX, &n))
		return _("the batch is not 16 hex digits, '/' and a count");
	memcpy(e->batch, f[F_BATCH], DIGEST_SHORT_LEN);
	e->batch[DIGEST_SHORT_LEN] = '\0';
	if (digest_short_parse(e->batch, &v))
		return _("the batch is not 16 hex digits, '/' and a count");
	e->batch_size = (size_t)n;
	if ((problem = read_parents(l, e, f[F_PREV])))
		return problem;
	if (digest_short_parse(f[F_SUM], &v) || !rec->raw ||
	    rec->raw_len < DIGEST_SHORT_LEN + 1 ||
	    memcmp(rec->raw + rec->raw_len - DIGEST_SHORT_LEN, f[F_SUM],
		   DIGEST_SHORT_LEN) != 0)
		return _("the sum is not 16 hex digits at the end of the line");
	digest_short(rec->raw, rec->raw_len - DIGEST_SHORT_LEN - 1, sum);
	if (strcmp(sum, f[F_SUM]) != 0)
		return _("the line does not match its sum: "
		       "it was changed after it was written");
	memcpy(e->sum, sum, sizeof(sum));
	if (mem_grow((void **)&l->sums, &l->sums_cap, l->nsums + 1,
		     sizeof(*l->sums)))
		return "";	/* out of memory: the caller says so */
	l->sums[l->nsums++] = v;
	return NULL;
}

static const char *read_fields(struct loader *l, struct entry *e,
			       const struct csv_record *rec)
{
	struct arena *a = &l->j->arena;
	char *const *f = rec->fields;
	const struct item *it;
	const char *problem;
	bool bad;
	int k;

	memset(e, 0, sizeof(*e));
	e->line = rec->line;
	e->offset = rec->offset;
	e->length = rec->raw_len;
	if (!is_entry_id(f[F_ENTRY]))
		return _("the entry id is not 32 hex digits");
	memcpy(e->id, f[F_ENTRY], ENTRY_ID_LEN + 1);
	if (l->fields == F_COUNT && (problem = read_chain(l, e, rec)))
		return problem;
	if (entry_parse_time(f[F_RECORDED], &e->recorded))
		return _("the recorded time is not an "
		       "ISO 8601 time with an offset");
	if (date_parse(f[F_DATE], &e->date))
		return _("the date is not a date");
	if (dated_after_recording(e, f[F_RECORDED]))
		return _("the date reported on is after the day it was recorded");
	if ((problem = read_item(l, f[F_ITEM], &it)))
		return problem;
	entry_set_item(e, it);
	for (k = 0; k < ENTRY_KIND_COUNT; k++)
		if (strcmp(f[F_KIND], kind_names[k]) == 0)
			break;
	if (k == ENTRY_KIND_COUNT)
		return _("the kind is not status, progress, note, actual, "
		       "undo, extend, extend-request, extend-refuse, "
		       "close-request, close-return or evidence");
	e->kind = (enum entry_kind)k;
	if ((problem = read_value(l, e, f, it)))
		return problem;
	if (!*f[F_BY])
		return _("no one is named in \"by\"");
	e->recorded_text = arena_strndup(a, f[F_RECORDED], rec->lens[F_RECORDED]);
	e->by = arena_strndup(a, f[F_BY], rec->lens[F_BY]);
	e->note = unescape_note(a, f[F_NOTE], &bad);
	if (bad)
		return _("the note has a backslash that is not \\n, \\r or \\\\");
	if (e->kind == ENTRY_ACTUAL || e->kind == ENTRY_EVIDENCE)
		e->figure = arena_strndup(a, f[F_VALUE], rec->lens[F_VALUE]);
	if (e->kind == ENTRY_UNDO)
		e->cancels = arena_strndup(a, f[F_VALUE], rec->lens[F_VALUE]);
	if (!e->recorded_text || !e->by || !e->note ||
	    ((e->kind == ENTRY_ACTUAL || e->kind == ENTRY_EVIDENCE) &&
	     !e->figure) ||
	    (e->kind == ENTRY_UNDO && !e->cancels))
		return "";	/* out of memory: the caller says so */
	return NULL;
}

/* Reads the header: format 1 or 2.  Returns 0, or -1 on no memory. */
static int read_header(struct loader *l, const struct csv_record *rec)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = sb_reset(&sb);

	for (size_t i = 0; rc == 0 && i < rec->count; i++)
		rc = sb_puts(&sb, rec->fields[i]) ||
		     sb_puts(&sb, i + 1 < rec->count ? "," : "");
	if (rc) {
		sb_release(&sb);
		return error_nomem(l->err);
	}
	if (strcmp(sb.s, JOURNAL_HEADER) == 0) {
		l->j->version = 2;
		l->fields = F_COUNT;
	} else if (strcmp(sb.s, JOURNAL_HEADER_V1) == 0) {
		l->j->version = 1;
		l->fields = F_COUNT_V1;
	} else {
		/* the lines below are still read, in the format they look like */
		if (rec->count == F_COUNT_V1) {
			l->j->version = 1;
			l->fields = F_COUNT_V1;
		}
		rc = add_problem(l, rec->line, _("the first line is not "
				 "the journal header \"%s\""), JOURNAL_HEADER);
	}
	sb_release(&sb);
	return rc;
}

/* Whether the line's last field is a whole sum: 16 lowercase hex digits,
 * the end of the line.  A write cut short cannot leave that. */
static bool ends_in_sum(const struct csv_record *rec)
{
	uint64_t v;

	return rec->count == F_COUNT && rec->lens[F_SUM] == DIGEST_SHORT_LEN &&
	       digest_short_parse(rec->fields[F_SUM], &v) == 0 && rec->raw &&
	       rec->raw_len > DIGEST_SHORT_LEN &&
	       memcmp(rec->raw + rec->raw_len - DIGEST_SHORT_LEN,
		      rec->fields[F_SUM], DIGEST_SHORT_LEN) == 0;
}

static int on_record(const struct csv_record *rec, void *ctx,
		     struct duban_error *err)
{
	struct loader *l = ctx;
	struct journal *j = l->j;
	size_t max = j->max_records ? j->max_records
				    : (size_t)JOURNAL_RECORDS_MAX;
	const char *problem;

	if (l->have_header && ++l->records > max)
		return error_set(err, l->name, rec->line,
				 _("more records than the limit of %zu"), max);
	/* an unterminated last line is kept only when its sum proves it
	 * whole; anything else there is a write cut short */
	if (rec->torn && (rec->problem || !l->have_header ||
			  l->fields != F_COUNT || rec->count != F_COUNT))
		return 0;
	if (rec->problem) {
		l->have_header = true;	/* a damaged first line was the header */
		l->last_line = rec->line;
		return add_problem(l, rec->line, "%s", rec->problem);
	}
	if (!l->have_header) {
		l->have_header = true;
		return read_header(l, rec);
	}
	if (rec->count != (size_t)l->fields) {
		l->last_line = rec->line;
		return add_problem(l, rec->line,
				   _("%zu fields where a record has %d"),
				   rec->count, l->fields);
	}
	if (mem_grow((void **)&j->v, &j->cap, j->n + 1, sizeof(*j->v)))
		return error_nomem(err);
	problem = read_fields(l, &j->v[j->n], rec);
	if (problem && !*problem)
		return error_nomem(err);
	/* a last line whose sum is right is whole, its problems real ones;
	 * one ending in a whole sum that is wrong was changed, not cut */
	if (rec->torn && !*j->v[j->n].sum && !ends_in_sum(rec))
		return 0;
	l->tail_whole = rec->torn;
	l->last_line = rec->line;	/* whole: a gap before it is no tail */
	if (problem)
		return add_problem(l, rec->line, "%s", problem);
	j->n++;		/* a second record of its id is dealt with at the end */
	return 0;
}

static int by_order(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->recorded != b->recorded)
		return a->recorded < b->recorded ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Whether j->v is in fold order already, as a journal written by one
 * line after another mostly is: then it needs no sort, and its id lookup
 * no rebuild. */
static bool in_fold_order(const struct journal *j)
{
	for (size_t i = 1; i < j->n; i++)
		if (by_order(&j->v[i - 1], &j->v[i]) > 0)
			return false;
	return true;
}

/* --- batches and links ------------------------------------------------------ */

/* A run of lines of one batch, one after another in the file. */
struct run {
	uint64_t batch;
	size_t first, n;	/* its records: j->v[first .. first + n) */
};

static int by_batch(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;

	if (a->batch != b->batch)
		return a->batch < b->batch ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

/* Notes the batch of runs r[0..n) as a gap, and marks its records to
 * drop.  Returns 0, or -1 on no memory. */
static int add_gap(struct loader *l, const struct run *r, size_t n,
		   bool *drop)
{
	struct journal *j = l->j;
	const struct entry *first = &j->v[r[0].first];
	struct journal_gap *g;

	if (mem_grow((void **)&j->gaps, &j->gaps_cap, j->ngaps + 1, sizeof(*g)))
		return error_nomem(l->err);
	g = &j->gaps[j->ngaps++];
	memset(g, 0, sizeof(*g));
	memcpy(g->batch, first->batch, sizeof(g->batch));
	g->want = first->batch_size;
	g->first_line = g->last_line = first->line;
	g->start = first->offset;
	for (size_t k = 0; k < n; k++)
		for (size_t i = r[k].first; i < r[k].first + r[k].n; i++) {
			const struct entry *e = &j->v[i];

			drop[i] = true;
			g->have++;
			if (e->line < g->first_line) {
				g->first_line = e->line;
				g->start = e->offset;
			}
			if (e->line > g->last_line)
				g->last_line = e->line;
		}
	return 0;
}

static int by_gap_line(const void *pa, const void *pb)
{
	const struct journal_gap *a = pa, *b = pb;

	return (a->first_line > b->first_line) - (a->first_line < b->first_line);
}

/* Counts each batch's records over its runs r[0..n) (sorted by batch):
 * a batch short of its count is a gap, one over it a problem. */
static int group_batches(struct loader *l, const struct run *r, size_t n,
			 bool *drop)
{
	struct journal *j = l->j;
	int rc = 0;

	for (size_t a = 0, b; rc == 0 && a < n; a = b) {
		const struct entry *first = &j->v[r[a].first];
		size_t have = 0;

		for (b = a; b < n && r[b].batch == r[a].batch; b++)
			have += r[b].n;
		if (have < first->batch_size)
			rc = add_gap(l, r + a, b - a, drop);
		else if (have > first->batch_size)
			rc = add_problem(l, first->line, _("batch %s has %zu "
					 "records where it says %zu"),
					 first->batch, have,
					 first->batch_size);
	}
	return rc;
}

/* Whether no two of the runs r[0..n) are of one batch, as when no merge
 * split one: then each run is counted alone and they need no sort by
 * batch.  Says no when memory runs out, which only costs that sort. */
static bool batches_unique(const struct run *r, size_t n)
{
	uint64_t *v = mem_alloc(n * sizeof(*v));
	bool unique = v != NULL;

	for (size_t i = 0; unique && i < n; i++)
		v[i] = r[i].batch;
	if (unique)
		sort_u64(v, n);
	for (size_t i = 1; unique && i < n; i++)
		unique = v[i - 1] != v[i];
	mem_free(v);
	return unique;
}

/* Finds the batches that are not all there and marks their records in
 * drop.  A command writes its batch in one piece, so the records come in
 * runs; the runs are sorted by batch, so that a batch split by a merge is
 * counted whole whatever the order of the lines. */
static int find_gaps(struct loader *l, bool *drop)
{
	struct journal *j = l->j;
	struct run *r = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	for (size_t a = 0, b; a < j->n; a = b, n++) {
		for (b = a + 1; b < j->n && strcmp(j->v[b].batch, j->v[a].batch) == 0;
		     b++)
			;
		if (mem_grow((void **)&r, &cap, n + 1, sizeof(*r))) {
			mem_free(r);
			return error_nomem(l->err);
		}
		digest_short_parse(j->v[a].batch, &r[n].batch);
		r[n].first = a;
		r[n].n = b - a;
	}
	if (n > 1 && !batches_unique(r, n))
		qsort(r, n, sizeof(*r), by_batch);
	rc = group_batches(l, r, n, drop);
	mem_free(r);
	if (j->ngaps > 1)
		qsort(j->gaps, j->ngaps, sizeof(*j->gaps), by_gap_line);
	return rc;
}

/* Whether the sum hex names a line of the journal; sorts l->sums the first
 * time. */
static bool known_sum(struct loader *l, const char *hex, bool *sorted)
{
	uint64_t v;

	if (!*sorted) {
		if (l->nsums > 1)
			sort_u64(l->sums, l->nsums);
		*sorted = true;
	}
	return digest_short_parse(hex, &v) == 0 && l->nsums &&
	       bsearch(&v, l->sums, l->nsums, sizeof(*l->sums), sort_cmp_u64);
}

/* Checks that every record's prev names records of the journal: a line
 * deleted or changed in the middle breaks the link after it.  Most records
 * follow the line they name; only the others are looked up. */
static int check_links(struct loader *l)
{
	struct journal *j = l->j;
	bool sorted = false;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < j->n; i++) {
		const struct entry *e = &j->v[i];
		const char *more = e->prev_more;

		if (*e->prev && !(i > 0 && strcmp(e->prev, j->v[i - 1].sum) == 0) &&
		    !known_sum(l, e->prev, &sorted))
			rc = add_problem(l, e->line, _("the record "
					 "written before this one (sum %s) is "
					 "not in the journal: was a line "
					 "deleted or changed?"), e->prev);
		for (; rc == 0 && more && *more; more += DIGEST_SHORT_LEN + 1) {
			char one[DIGEST_SHORT_LEN + 1];

			memcpy(one, more, DIGEST_SHORT_LEN);
			one[DIGEST_SHORT_LEN] = '\0';
			if (!known_sum(l, one, &sorted))
				rc = add_problem(l, e->line, _("the record "
						 "written before this one (sum %s) "
						 "is not in the journal: was a line "
						 "deleted or changed?"), one);
			if (!more[DIGEST_SHORT_LEN])
				break;
		}
	}
	return rc;
}

/* Notes in j->heads_more the records, besides the last line, that no
 * record names in prev: the ends of branches a merge joined, which the
 * next record is to name, so that deleting one breaks a link.  A journal
 * whose every record follows the line before has none. */
static int find_heads(struct loader *l)
{
	struct journal *j = l->j;
	struct strbuf sb = STRBUF_INIT;
	size_t count = 0, last = 0;
	bool linear = true;
	int rc = 0;

	for (size_t i = 0; i < j->n; i++) {
		if (j->v[i].offset > j->v[last].offset)
			last = i;
		if (i && (strcmp(j->v[i].prev, j->v[i - 1].sum) || j->v[i].prev_more))
			linear = false;
	}
	if (linear || j->version != 2)
		return 0;
	if (l->nparents > 1)
		sort_u64(l->parents, l->nparents);
	for (size_t i = 0; rc == 0 && i < j->n; i++) {
		uint64_t v;

		if (i == last || count == JOURNAL_PARENTS_MAX - 1 ||
		    digest_short_parse(j->v[i].sum, &v) ||
		    (l->nparents && bsearch(&v, l->parents, l->nparents,
					    sizeof(*l->parents), sort_cmp_u64)))
			continue;
		rc = (count++ && sb_add(&sb, ";", 1)) ||
		     sb_add(&sb, j->v[i].sum, DIGEST_SHORT_LEN);
	}
	if (rc == 0 && count &&
	    !(j->heads_more = arena_strndup(&j->arena, sb.s, sb.len)))
		rc = -1;
	sb_release(&sb);
	return rc ? error_nomem(l->err) : 0;
}

static int by_long(const void *pa, const void *pb)
{
	long a = *(const long *)pa, b = *(const long *)pb;

	return (a > b) - (a < b);
}

/* Leaves out the records marked in drop (keeping their lines for
 * journal_repair), and notes which gaps have nothing whole after them and
 * what the last whole line's sum is.  Returns 0, or -1 on no memory. */
static int drop_records(struct loader *l, const bool *drop)
{
	struct journal *j = l->j;
	long long last = -1;
	size_t n = 0, dropped = 0;

	for (size_t i = 0; i < j->n; i++)
		dropped += drop[i];
	if (dropped && !(j->gap_lines = mem_calloc(dropped, sizeof(long))))
		return error_nomem(l->err);
	for (size_t i = 0; i < j->n; i++) {
		if (drop[i]) {
			j->gap_lines[j->ngap_lines++] = j->v[i].line;
			continue;
		}
		if (j->v[i].offset > last) {
			last = j->v[i].offset;
			memcpy(j->last_sum, j->v[i].sum, sizeof(j->last_sum));
		}
		j->v[n++] = j->v[i];
	}
	j->n = n;
	for (size_t g = 0; g < j->ngaps; g++) {
		const struct journal_gap *gap = &j->gaps[g];

		/* its lines are the last ones, one after another */
		j->gaps[g].at_end = gap->start > last &&
			gap->last_line == l->last_line &&
			gap->last_line - gap->first_line + 1 == (long)gap->have;
	}
	if (j->ngap_lines > 1)
		qsort(j->gap_lines, j->ngap_lines, sizeof(long), by_long);
	return 0;
}

/* Marks cancellations among j->v[0..end) where among allows (NULL: all). */
static void cancellations(const struct journal *j, size_t end,
			  const bool *among, bool *undone)
{
	memset(undone, 0, j->n * sizeof(*undone));
	/* latest first: whether an undo stands is settled before it acts */
	for (size_t i = end; i-- > 0;) {
		const struct entry *target;

		if (j->v[i].kind != ENTRY_UNDO || undone[i] || (among && !among[i]))
			continue;
		target = journal_get(j, j->v[i].cancels);
		if (target && target < &j->v[i])
			undone[target - j->v] = true;
	}
}

void journal_cancellations(const struct journal *j, int64_t until,
			   bool *undone)
{
	size_t end = 0;

	while (end < j->n && j->v[end].recorded <= until)
		end++;
	cancellations(j, end, NULL, undone);
}

void journal_cancellations_among(const struct journal *j, const bool *among,
				 bool *undone)
{
	cancellations(j, j->n, among, undone);
}

/* Says which undos name no record, or one recorded after them. */
static int check_undos(struct loader *l)
{
	struct journal *j = l->j;

	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i], *target;

		if (e->kind != ENTRY_UNDO)
			continue;
		target = journal_get(j, e->cancels);
		if (!target && add_problem(l, e->line, _("undo of entry %.10s, "
					   "which is not in the journal"),
					   e->cancels))
			return -1;
		if (target && target > e && add_problem(l, e->line, _("undo of "
							"entry %.10s, which is "
							"recorded after the "
							"undo"),
							 e->cancels))
			return -1;
	}
	return 0;
}

/* By id, then by place in j->v: the first of each id is the one kept. */
static int by_id_then_place(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int c = strcmp(a->id, b->id);

	return c ? c : (a > b) - (a < b);
}

/* Marks in dup each record whose id an earlier line has, among the group
 * g[0..n) of ids alike in their first 64 bits: the same line twice (a
 * merge) is left out quietly, another record under a used id with a
 * problem.  Returns 0, or -1 on no memory. */
static int mark_duplicates(struct loader *l, const struct sort_pair *g,
			   size_t n, bool *dup)
{
	struct journal *j = l->j;
	const struct entry **e = mem_alloc(n * sizeof(*e));
	int rc = 0;

	if (!e)
		return error_nomem(l->err);
	for (size_t k = 0; k < n; k++)
		e[k] = &j->v[g[k].value];
	qsort(e, n, sizeof(*e), by_id_then_place);
	for (size_t k = 1, first = 0; rc == 0 && k < n; k++) {
		if (strcmp(e[first]->id, e[k]->id) != 0) {
			first = k;
			continue;
		}
		dup[e[k] - j->v] = true;
		if (!same_entry(e[first], e[k]))
			rc = add_problem(l, e[k]->line, _("entry %.10s is already "
					 "used on line %ld for another record"),
					 e[first]->id, e[first]->line);
	}
	mem_free(e);
	return rc;
}

/* Sorts the ids and leaves out each record whose id a line before it has
 * (mark_duplicates()).  Returns 0, or -1 on no memory. */
static int drop_duplicates(struct loader *l)
{
	struct journal *j = l->j;
	bool *dup = NULL;
	size_t n = 0;
	int rc = 0;

	if (sort_ids(j))
		return error_nomem(l->err);
	for (size_t a = 0, b; rc == 0 && a < j->n; a = b) {
		for (b = a + 1; b < j->n && j->ids[b].key == j->ids[a].key; b++)
			;
		if (b - a == 1)
			continue;
		if (!dup && !(dup = mem_calloc(j->n, sizeof(*dup))))
			return error_nomem(l->err);
		rc = mark_duplicates(l, j->ids + a, b - a, dup);
	}
	if (!dup || rc) {
		mem_free(dup);
		return rc;
	}
	for (size_t i = 0; i < j->n; i++)
		if (!dup[i])
			j->v[n++] = j->v[i];
	j->n = n;
	mem_free(dup);
	return sort_ids(j) ? error_nomem(l->err) : 0;
}

/* Drops incomplete batches, checks links, sorts into fold order and marks
 * cancelled entries; problems found here join the others in file order. */
static int finish(struct loader *l)
{
	struct journal *j = l->j;
	bool *flags = mem_calloc(j->n ? j->n : 1, sizeof(*flags));
	size_t kept;
	bool moved;
	int rc = -1;

	if (!flags)
		return error_nomem(l->err);
	if (drop_duplicates(l) ||
	    (j->version == 2 && !l->part && (find_gaps(l, flags) || check_links(l))))
		goto out;
	kept = j->n;
	if (drop_records(l, flags) || find_heads(l))
		goto out;
	moved = j->n < kept;
	if (!in_fold_order(j)) {
		qsort(j->v, j->n, sizeof(*j->v), by_order);
		moved = true;
	}
	if (moved && sort_ids(j)) {
		error_nomem(l->err);
		goto out;
	}
	if (check_undos(l))
		goto out;
	journal_cancellations(j, INT64_MAX, flags);
	for (size_t i = 0; i < j->n; i++) {
		j->v[i].undone = flags[i];
		if (j->v[i].recorded > j->latest)
			j->latest = j->v[i].recorded;
	}
	problems_sort(&j->problems);
	rc = 0;
out:
	mem_free(flags);
	return rc;
}

/* Frees what loading used, and notes what the read saw of the end of the
 * file; on failure (rc -1) empties the journal.  Returns rc. */
static int end_load(struct loader *l, int rc, const struct csv_summary *sm)
{
	struct journal *j = l->j;

	mem_free(l->sums);
	mem_free(l->parents);
	if (rc) {
		journal_release(j);
		return -1;
	}
	j->unterminated = sm->torn_tail && l->tail_whole;
	j->torn_tail = sm->torn_tail && !l->tail_whole;
	j->torn_line = sm->lines + 1;
	j->valid_bytes = sm->valid_bytes;
	j->bytes = sm->bytes;
	return 0;
}

/* The bytes of a typical record's line: the first guess of how many
 * records a journal of some size holds, so that loading it grows its
 * arrays once rather than at every doubling.
 * A journal of longer lines wastes nothing; one of shorter lines grows
 * from the guess as before. */
#define JOURNAL_LINE_TYPICAL 160

/* Makes room in j and l for the records of a journal of bytes bytes.
 * Returns 0, or -1 on no memory. */
static int reserve_records(struct loader *l, long long bytes)
{
	struct journal *j = l->j;
	size_t guess = bytes > 0 ? (size_t)(bytes / JOURNAL_LINE_TYPICAL) : 0;

	if (guess > (size_t)JOURNAL_RECORDS_MAX)
		guess = (size_t)JOURNAL_RECORDS_MAX;
	if (guess < 64)
		return 0;
	if (mem_grow((void **)&j->v, &j->cap, guess, sizeof(*j->v)) ||
	    mem_grow((void **)&l->sums, &l->sums_cap, guess, sizeof(*l->sums)))
		return error_nomem(l->err);
	return 0;
}

int journal_load(struct journal *j, const char *path, const char *name,
		 const struct table *t, struct duban_error *err)
{
	struct loader l = { .j = j, .t = t, .name = name, .fields = F_COUNT,
			    .err = err };
	struct csv_summary summary;
	struct stat st;

	j->version = 2;
	/* lstat: a dangling link is no missing journal, but one refused */
	if (lstat(path, &st) && errno == ENOENT)
		return 0;
	j->exists = true;
	j->dev = st.st_dev;
	j->ino = st.st_ino;
	return end_load(&l, reserve_records(&l, (long long)st.st_size) ||
			    csv_read_lines(path, name, on_record, &l, &summary,
					   err) || finish(&l) ? -1 : 0,
			&summary);
}

/* Adds the sums of follows ("sum;sum") to those l's records may name. */
static int seed_sums(struct loader *l, const char *follows)
{
	while (follows && *follows) {
		uint64_t v;

		if (digest_short_parse(follows, &v) == 0) {
			if (mem_grow((void **)&l->sums, &l->sums_cap, l->nsums + 1,
				     sizeof(*l->sums)))
				return error_nomem(l->err);
			l->sums[l->nsums++] = v;
		}
		follows = strchr(follows, ';');
		follows = follows ? follows + 1 : NULL;
	}
	return 0;
}

int journal_load_buffer(struct journal *j, const char *buf, size_t n,
			const char *name, const struct table *t,
			const char *follows, struct duban_error *err)
{
	struct loader l = { .j = j, .t = t, .name = name, .fields = F_COUNT,
			    .err = err };
	struct csv_summary summary;
	int rc;

	j->version = 2;
	j->exists = true;
	rc = reserve_records(&l, (long long)n) || seed_sums(&l, follows) ||
	     csv_read_lines_buffer(buf, n, name, on_record, &l, &summary, err) ||
	     finish(&l) ? -1 : 0;
	return end_load(&l, rc, &summary);
}

int journal_load_part(struct journal *j, const char *buf, size_t n,
		      const char *name, const struct table *t,
		      struct duban_error *err)
{
	struct loader l = { .j = j, .t = t, .name = name, .fields = F_COUNT,
			    .err = err, .part = true };
	struct csv_summary summary;

	j->version = 2;
	j->exists = true;
	return end_load(&l, csv_read_lines_buffer(buf, n, name, on_record, &l,
						  &summary, err) ||
			    finish(&l) ? -1 : 0, &summary);
}

void journal_heads(const struct journal *j, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", j->last_sum,
		 j->heads_more && *j->last_sum ? ";" : "",
		 j->heads_more && *j->last_sum ? j->heads_more : "");
}

struct sum_at {
	uint64_t sum;
	size_t i;	/* in j->v */
};

static int by_sum(const void *pa, const void *pb)
{
	const struct sum_at *a = pa, *b = pb;

	return (a->sum > b->sum) - (a->sum < b->sum);
}

/* The position of the record whose sum is the 16 hex digits at hex, or -1. */
static long find_sum(const struct sum_at *v, size_t n, const char *hex)
{
	char one[DIGEST_SHORT_LEN + 1];
	struct sum_at key = { 0, 0 }, *hit;

	memcpy(one, hex, DIGEST_SHORT_LEN);
	one[DIGEST_SHORT_LEN] = '\0';
	if (digest_short_parse(one, &key.sum))
		return -1;
	hit = n ? bsearch(&key, v, n, sizeof(*v), by_sum) : NULL;
	return hit ? (long)hit->i : -1;
}

/* Pushes the record named by the sum at hex, if it is one and unmarked. */
static void push_named(const struct sum_at *v, size_t n, const char *hex,
		       bool *among, size_t *stack, size_t *top)
{
	long i = find_sum(v, n, hex);

	if (i >= 0 && !among[i]) {
		among[i] = true;
		stack[(*top)++] = (size_t)i;
	}
}

int journal_ancestors(const struct journal *j, const char *heads, bool *among,
		      struct duban_error *err)
{
	struct sum_at *v = mem_calloc(j->n ? j->n : 1, sizeof(*v));
	size_t *stack = mem_calloc(j->n ? j->n : 1, sizeof(*stack));
	size_t n = 0, top = 0;
	int rc = 0;

	if (!v || !stack) {
		mem_free(v);
		mem_free(stack);
		return error_nomem(err);
	}
	memset(among, 0, j->n * sizeof(*among));
	for (size_t i = 0; i < j->n; i++)
		if (*j->v[i].sum && digest_short_parse(j->v[i].sum, &v[n].sum) == 0)
			v[n++].i = i;
	if (n > 1)
		qsort(v, n, sizeof(*v), by_sum);
	for (const char *h = heads; rc == 0 && *h; h += DIGEST_SHORT_LEN + 1) {
		if (strnlen(h, DIGEST_SHORT_LEN) < DIGEST_SHORT_LEN ||
		    find_sum(v, n, h) < 0)
			rc = 1;
		else
			push_named(v, n, h, among, stack, &top);
		if (!h[DIGEST_SHORT_LEN])
			break;
	}
	while (rc == 0 && top > 0) {
		const struct entry *e = &j->v[stack[--top]];

		if (*e->prev)
			push_named(v, n, e->prev, among, stack, &top);
		for (const char *m = e->prev_more; m && *m; m += DIGEST_SHORT_LEN + 1) {
			push_named(v, n, m, among, stack, &top);
			if (!m[DIGEST_SHORT_LEN])
				break;
		}
	}
	mem_free(v);
	mem_free(stack);
	return rc;
}

const struct entry *journal_get(const struct journal *j, const char *id)
{
	uint64_t bits;

	if (!j->ids || strlen(id) < 16)
		return NULL;
	bits = digest_hex64(id);
	for (size_t k = first_id_from(j, bits); k < j->n && j->ids[k].key == bits;
	     k++)
		if (strcmp(j->v[j->ids[k].value].id, id) == 0)
			return &j->v[j->ids[k].value];
	return NULL;
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
	problems_release(&j->problems);
	mem_free(j->ids);
	mem_free(j->gaps);
	mem_free(j->gap_lines);
	arena_release(&j->arena);
	*j = (struct journal)JOURNAL_INIT;
	j->max_records = max_records;
}

/* --- appending --------------------------------------------------------------- */

static int by_file_order(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;

	return (a->offset > b->offset) - (a->offset < b->offset);
}

/* How long the note is in the journal, escapes and all. */
static size_t escaped_length(const char *note)
{
	size_t n = 0;

	for (; *note; note++)
		n += *note == '\n' || *note == '\r' || *note == '\\' ? 2 : 1;
	return n;
}

/* Formats entries[0..n) after the record whose sum is prev (and after a
 * merge the others in prev_more, named by the first), chaining each to
 * the one before.  Returns 0, or -1 with err filled. */
static int format_chain(struct strbuf *sb, const char *prev,
			const char *prev_more, struct entry *entries, size_t n,
			struct duban_error *err)
{
	for (size_t i = 0; i < n; i++) {
		size_t start = sb->len;

		memcpy(entries[i].prev, prev, DIGEST_SHORT_LEN + 1);
		entries[i].prev_more = i == 0 ? prev_more : NULL;
		if (entry_format_line(&entries[i], sb))
			return error_nomem(err);
		/* never a line the journal could not read back */
		if (sb->len - start - 1 > CSV_LINE_MAX ||
		    escaped_length(entries[i].note) > CSV_FIELD_MAX)
			return error_set(err, NULL, 0, _("the record for item %ld "
					 "would be too long to read back (a line of "
					 "%zu bytes; a line holds %d, a field %d): "
					 "nothing was recorded (a shorter note?)"),
					 entries[i].item, sb->len - start - 1,
					 CSV_LINE_MAX, CSV_FIELD_MAX);
		prev = entries[i].sum;
	}
	return 0;
}

/* The whole journal j in format 2, then the n new entries.  Returns 0, or
 * -1 with err filled. */
static int format_upgraded(struct strbuf *sb, const struct journal *j,
			   struct entry *entries, size_t n,
			   struct duban_error *err)
{
	struct entry **order = mem_calloc(j->n ? j->n : 1, sizeof(*order));
	char prev[DIGEST_SHORT_LEN + 1] = "";
	int rc = 0;

	if (!order || sb_puts(sb, JOURNAL_HEADER "\n")) {
		mem_free(order);
		return error_nomem(err);
	}
	for (size_t i = 0; i < j->n; i++)
		order[i] = &j->v[i];
	qsort(order, j->n, sizeof(*order), by_file_order);
	for (size_t i = 0; rc == 0 && i < j->n; i++) {
		struct entry e = *order[i];

		/* each old record is its own batch, named after its id */
		digest_short(e.id, ENTRY_ID_LEN, e.batch);
		e.batch_size = 1;
		e.prev_more = NULL;
		rc = format_chain(sb, prev, NULL, &e, 1, err);
		memcpy(prev, e.sum, sizeof(prev));
	}
	mem_free(order);
	return rc ? -1 : format_chain(sb, prev, NULL, entries, n, err);
}

/* Whether the journal file st is no longer the one j was loaded from, or
 * has lost bytes: git or rsync put another in its place while this command
 * ran (they take no lock).  Its offsets would then cut the wrong bytes. */
static int replaced_since_load(const struct journal *j, const struct stat *st,
			       const char *path, struct duban_error *err)
{
	bool same = j->exists ? st->st_dev == j->dev && st->st_ino == j->ino &&
				st->st_size >= j->bytes
			      : st->st_size == 0;

	return same ? 0 : error_set(err, path, 0, _("the journal was replaced "
				    "while this command ran (by git or a copy?): "
				    "nothing was recorded; run it again"));
}

/* Where the journal's trustworthy part ends: before a torn last line and
 * before incomplete batches with nothing whole after them. */
static off_t whole_end(const struct journal *j, off_t size)
{
	off_t end = size;

	if (j->torn_tail && j->valid_bytes < end)
		end = (off_t)j->valid_bytes;
	for (size_t g = 0; g < j->ngaps; g++)
		if (j->gaps[g].at_end && j->gaps[g].start < end)
			end = (off_t)j->gaps[g].start;
	return end;
}

/* Replaces the journal with a format 2 copy holding the new entries. */
static int append_upgrading(const char *path, const struct journal *j,
			    struct entry *entries, size_t n,
			    struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int rc;

	if (lstat(path, &st) == 0 && replaced_since_load(j, &st, path, err))
		return -1;
	/* the rewrite keeps what was read: a damaged line would be lost */
	if (j->problems.n)
		return error_set(err, path, j->problems.v[0].line, _("a damaged "
				 "line keeps the journal from its upgrade to "
				 "format 2: mend it first"));
	if (sb_reset(&sb)) {
		sb_release(&sb);
		return error_nomem(err);
	}
	rc = format_upgraded(&sb, j, entries, n, err);
	if (rc == 0)
		rc = file_replace(path, sb.s, sb.len, err);
	sb_release(&sb);
	return rc;
}

int journal_append(const char *path, const struct journal *j,
		   struct entry *entries, size_t n, struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	off_t start;
	int fd, rc = -1;

	if (j->version == 1)
		return append_upgrading(path, j, entries, n, err);
	/* O_APPEND: a record goes after whatever is there, never over it */
	fd = file_open_regular(path, O_RDWR | O_CREAT | O_APPEND, 0666, err);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		error_set(err, path, 0, _("cannot examine: %s"),
			  strerror(errno));
		goto out;
	}
	if (replaced_since_load(j, &st, path, err))
		goto out;
	/* What a write cut short left is cut off before anything follows. */
	start = whole_end(j, st.st_size);
	if (start < st.st_size && ftruncate(fd, start)) {
		error_set(err, path, 0,
			  _("cannot cut off an interrupted write: %s"),
			  strerror(errno));
		goto out;
	}
	if (sb_reset(&sb) ||
	    (start == 0 && sb_puts(&sb, JOURNAL_HEADER "\n")) ||
	    (start > 0 && j->unterminated && start == st.st_size &&
	     sb_puts(&sb, "\n"))) {
		error_nomem(err);
		goto out;
	}
	if (format_chain(&sb, j->last_sum, j->heads_more, entries, n, err))
		goto out;
	if (file_write_all(fd, sb.s, sb.len) || fsync(fd)) {
		int saved = errno;

		/* Leave no part of a record behind. */
		if (ftruncate(fd, start) == 0)
			fsync(fd);
		error_set(err, path, 0,
			  _("cannot write: %s; nothing was recorded"),
			  strerror(saved));
		goto out;
	}
	/* a journal created just now must survive a crash as well */
	rc = st.st_size == 0 ? sync_parent(path, err) : 0;
out:
	sb_release(&sb);
	if (close(fd) && rc == 0)
		rc = error_set(err, path, 0, _("cannot write: %s"),
			       strerror(errno));
	return rc;
}

/* Whether line (1-based) is a line of an incomplete batch, walking the
 * sorted gap lines along with the lines of the file. */
static bool in_gap(const struct journal *j, size_t *g, long line)
{
	while (*g < j->ngap_lines && j->gap_lines[*g] < line)
		(*g)++;
	return *g < j->ngap_lines && j->gap_lines[*g] == line;
}

int journal_repair(const char *path, const struct journal *j,
		   struct duban_error *err)
{
	char *data;
	size_t n, g = 0;
	struct strbuf sb = STRBUF_INIT;
	long line = 1;
	int rc;

	if (file_read_all(path, (size_t)-1 / 2, &data, &n, err))
		return -1;
	if (j->torn_tail && (size_t)j->valid_bytes < n)
		n = (size_t)j->valid_bytes;
	rc = sb_reset(&sb);
	for (size_t at = 0; rc == 0 && at < n; line++) {
		const char *nl = memchr(data + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (data + at)) + 1 : n - at;

		if (!in_gap(j, &g, line))
			rc = sb_add(&sb, data + at, len) ||
			     (!nl && sb_add(&sb, "\n", 1));
		at += len;
	}
	mem_free(data);
	rc = rc ? error_nomem(err) : file_replace(path, sb.s, sb.len, err);
	sb_release(&sb);
	return rc;
}
