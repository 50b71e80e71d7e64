#include "duban/csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/text.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* The state of one read, shared with libcsv's callbacks.  Fields of the
 * current record are packed into one reused buffer, so a steady read makes
 * no allocation per record. */
struct reader {
	struct csv_parser parser;
	const char *name;
	csv_record_fn fn;
	void *ctx;
	struct duban_error *err;
	char *buf;		/* the record's fields, each NUL-terminated */
	size_t buf_len, buf_cap;
	size_t *offs;		/* where each field starts in buf */
	size_t offs_cap;
	char **fields;		/* pointers handed out in csv_record */
	size_t fields_cap;
	size_t *lens;
	size_t lens_cap;
	size_t count;		/* fields in the current record */
	long record_line;	/* line the current record started on */
	long field_line;	/* line the current field started on */
	long line;		/* line being fed, 1-based */
	bool in_record;		/* a record has started and not ended */
	bool failed;		/* err is filled: stop */
	bool stopped;		/* the callback asked to stop */
	long records;
	const char *raw;	/* the line being read, for csv_record */
	size_t raw_len;
	long long offset;
	bool torn;
	bool clean;		/* the whole line is clean text: its fields
				 * need no check of their own */
};

/* libcsv grows its field buffer through this, so an absurdly long field is
 * refused before it is allocated rather than after. */
static void *limited_realloc(void *ptr, size_t size)
{
	if (size > CSV_FIELD_MAX + 128)
		return NULL;
	return mem_realloc(ptr, size);
}

/* Keep spaces: task texts are stored exactly. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int reader_fail(struct reader *r, const char *msg)
{
	r->failed = true;
	return error_set(r->err, r->name, r->in_record ? r->record_line : r->line,
			 "%s", msg);
}

/* The bytes no field may hold: control characters but tab and line ends. */
static bool is_forbidden_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/* Whether n bytes at s are UTF-8 text without forbidden control
 * characters.  The fields of such a line are too, being its bytes less
 * some ASCII quotes, so one look at the line spares one at each field. */
static bool text_is_clean(const char *s, size_t n)
{
	if (text_invalid_utf8(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_forbidden_control((unsigned char)s[i]))
			return false;
	return true;
}

/* Checks the text of one field; -1 (err filled) if it is not clean text. */
static int check_field(struct reader *r, const char *s, size_t n)
{
	char msg[256];

	if (r->clean)
		return 0;

	if (text_invalid_utf8(s, n)) {
		if (!text_looks_gbk(s, n))
			return reader_fail(r, _("bytes that are not UTF-8 text"));
		snprintf(msg, sizeof(msg), _("the file is not UTF-8 but looks "
			 "like GBK; convert it with: iconv -f GBK -t UTF-8 %s"),
			 r->name);
		return reader_fail(r, msg);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_forbidden_control(c)) {
			snprintf(msg, sizeof(msg),
				 _("control character 0x%02X in field %zu"), c,
				 r->count + 1);
			return reader_fail(r, msg);
		}
	}
	return 0;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	char msg[128];

	if (r->failed)
		return;
	if (r->count >= CSV_FIELDS_MAX) {
		snprintf(msg, sizeof(msg), _("more fields in one record "
			 "than the limit of %d"), CSV_FIELDS_MAX);
		reader_fail(r, msg);
		return;
	}
	/* libcsv's buffer grows in blocks, so it alone lets a little more
	 * than CSV_FIELD_MAX through. */
	if (len > CSV_FIELD_MAX) {
		snprintf(msg, sizeof(msg), _("a field longer than the limit "
			 "of %d bytes (or memory ran out)"), CSV_FIELD_MAX);
		reader_fail(r, msg);
		return;
	}
	/* the fields so far, each with its NUL, and this one */
	if (r->buf_len - r->count + len > CSV_RECORD_MAX) {
		snprintf(msg, sizeof(msg), _("a record longer than "
			 "the limit of %d bytes"), CSV_RECORD_MAX);
		reader_fail(r, msg);
		return;
	}
	if (check_field(r, data ? data : "", len))
		return;
	if (mem_grow((void **)&r->buf, &r->buf_cap, r->buf_len + len + 1, 1) ||
	    mem_grow((void **)&r->offs, &r->offs_cap, r->count + 1,
		     sizeof(size_t))) {
		r->failed = true;
		error_nomem(r->err);
		return;
	}
	if (len)
		memcpy(r->buf + r->buf_len, data, len);
	r->buf[r->buf_len + len] = '\0';
	r->offs[r->count++] = r->buf_len;
	r->buf_len += len + 1;
	r->field_line = r->line;	/* the next field starts after the ',' */
}

static void on_record(int term, void *ctx)
{
	struct reader *r = ctx;
	struct csv_record rec;

	(void)term;
	if (r->failed)
		return;
	if (mem_grow((void **)&r->fields, &r->fields_cap, r->count,
		     sizeof(char *)) ||
	    mem_grow((void **)&r->lens, &r->lens_cap, r->count, sizeof(size_t))) {
		r->failed = true;
		error_nomem(r->err);
		return;
	}
	for (size_t i = 0; i < r->count; i++) {
		size_t end = i + 1 < r->count ? r->offs[i + 1] : r->buf_len;

		r->fields[i] = r->buf + r->offs[i];
		r->lens[i] = end - r->offs[i] - 1;
	}
	rec = (struct csv_record){ r->fields, r->lens, r->count, r->record_line,
				   NULL, r->raw, r->raw_len, r->offset, r->torn };
	r->records++;
	if (r->fn(&rec, r->ctx, r->err))
		r->failed = r->stopped = true;
	r->count = 0;
	r->buf_len = 0;
	r->in_record = false;
}

/* Says why libcsv stopped, at the line it stopped on. */
static int parser_error(struct reader *r)
{
	int e = csv_error(&r->parser);

	if (r->failed)
		return -1;
	r->in_record = false;	/* quoting errors are reported where seen */
	if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
		char msg[128];

		snprintf(msg, sizeof(msg), _("a field longer than the limit "
			 "of %d bytes (or memory ran out)"), CSV_FIELD_MAX);
		return reader_fail(r, msg);
	}
	return reader_fail(r, _("malformed quoting: a '\"' inside an unquoted "
		       "field, or text after a closing quote"));
}

/* Feeds one piece of a line (no '\n' inside but possibly at its end). */
static int feed(struct reader *r, const char *s, size_t n)
{
	if (!r->in_record) {
		for (size_t i = 0; i < n; i++)
			if (s[i] != '\r' && s[i] != '\n') {
				r->in_record = true;
				r->record_line = r->line;
				r->field_line = r->line;
				break;
			}
	}
	if (csv_parse(&r->parser, s, n, on_field, on_record, r) != n)
		return parser_error(r);
	return r->failed ? -1 : 0;
}

/* Feeds a chunk, line by line, counting lines. */
static int feed_chunk(struct reader *r, const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) + 1 : n;

		if (feed(r, s, len))
			return -1;
		if (nl)
			r->line++;
		s += len;
		n -= len;
	}
	return 0;
}

/* Starts libcsv with duban's settings: strict quoting, fields kept
 * exactly, every allocation through the limited seam. */
static int parser_start(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return -1;
	csv_set_realloc_func(p, limited_realloc);
	csv_set_free_func(p, mem_free);
	csv_set_space_func(p, no_space);
	return 0;
}

static int reader_init(struct reader *r, const char *name, csv_record_fn fn,
		       void *ctx, struct duban_error *err)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	r->line = 1;
	if (parser_start(&r->parser))
		return error_nomem(err);
	return 0;
}

static int reader_finish(struct reader *r, bool torn, bool empty,
			 struct csv_summary *summary)
{
	int rc = 0;

	if (!r->failed && empty) {
		rc = error_set(r->err, r->name, 1, _("the file is empty"));
	} else if (!r->failed) {
		if (csv_fini(&r->parser, on_field, on_record, r)) {
			r->failed = true;
			rc = error_set(r->err, r->name, r->field_line,
				       _("a quoted field opened "
				       "here never closes"));
		} else if (r->failed) {
			rc = -1;
		}
	} else {
		rc = -1;
	}
	if (summary) {
		summary->records = r->records;
		summary->lines = r->line - (torn ? 0 : 1);
		summary->torn_tail = torn;
	}
	csv_free(&r->parser);
	mem_free(r->buf);
	mem_free(r->offs);
	mem_free(r->fields);
	mem_free(r->lens);
	return rc;
}

static size_t skip_bom(const char *buf, size_t n)
{
	return n >= 3 && memcmp(buf, utf8_bom, 3) == 0 ? 3 : 0;
}

int csv_read_buffer(const char *buf, size_t n, const char *name,
		    csv_record_fn fn, void *ctx, struct csv_summary *summary,
		    struct duban_error *err)
{
	struct reader r;
	size_t bom = skip_bom(buf, n);

	if (reader_init(&r, name, fn, ctx, err))
		return -1;
	if (feed_chunk(&r, buf + bom, n - bom))
		r.failed = true;
	return reader_finish(&r, n > bom && buf[n - 1] != '\n', n == bom,
			     summary);
}

int csv_read_file(const char *path, const char *name, csv_record_fn fn,
		  void *ctx, struct csv_summary *summary,
		  struct duban_error *err)
{
	struct reader r;
	FILE *fp = fopen(path, "rb");
	char chunk[64 * 1024];
	size_t n, total = 0;
	char last = '\n';

	if (!fp)
		return error_set(err, name, 0, _("cannot open: %s"),
				 strerror(errno));
	if (reader_init(&r, name, fn, ctx, err)) {
		fclose(fp);
		return -1;
	}
	while (!r.failed && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		size_t bom = total == 0 ? skip_bom(chunk, n) : 0;

		total += n - bom;
		last = chunk[n - 1];
		if (feed_chunk(&r, chunk + bom, n - bom))
			r.failed = true;
	}
	if (!r.failed && ferror(fp)) {
		r.failed = true;
		error_set(err, name, 0, _("cannot read: %s"), strerror(errno));
	}
	fclose(fp);
	return reader_finish(&r, total > 0 && last != '\n', total == 0, summary);
}

/* --- one record per line ------------------------------------------------- */

/* Hands a line that cannot be read to the callback as a problem. */
static int line_problem(struct reader *r, const char *msg)
{
	struct csv_record rec = { NULL, NULL, 0, r->line, msg, r->raw,
				  r->raw_len, r->offset, r->torn };

	r->failed = false;
	if (r->fn(&rec, r->ctx, r->err))
		return -1;
	/* after an error libcsv's state is undefined: start it afresh */
	csv_free(&r->parser);
	return parser_start(&r->parser) ? error_nomem(r->err) : 0;
}

/* Reads one whole line (its newline removed) as one record. */
static int read_line(struct reader *r, const char *s, size_t n)
{
	char msg[sizeof(r->err->msg)];

	if (n && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	r->raw = s;
	r->raw_len = n;
	r->count = 0;
	r->buf_len = 0;
	r->in_record = true;
	r->record_line = r->field_line = r->line;
	r->clean = text_is_clean(s, n);
	if (csv_parse(&r->parser, s, n, on_field, on_record, r) != n && !r->failed) {
		csv_error(&r->parser) == CSV_EPARSE
			? snprintf(msg, sizeof(msg), _("malformed quoting: a "
				   "'\"' inside an unquoted field, or text "
				   "after a closing quote"))
			: snprintf(msg, sizeof(msg), _("a field longer than "
				   "the limit of %d bytes"), CSV_FIELD_MAX);
		return line_problem(r, msg);
	}
	if (!r->failed && csv_fini(&r->parser, on_field, on_record, r))
		return line_problem(r, _("a quoted field never "
				    "closes on its line"));
	r->in_record = false;
	if (r->stopped)
		return -1;
	if (r->failed) {
		snprintf(msg, sizeof(msg), "%s", r->err->msg);
		return line_problem(r, msg);
	}
	return 0;
}

/* Reads a line of csv_read_lines(), the first one without its byte order
 * mark. */
static int read_whole_line(struct reader *r, const char *line, size_t len,
			   bool first)
{
	size_t bom = first && len >= 3 && memcmp(line, utf8_bom, 3) == 0 ? 3 : 0;

	return read_line(r, line + bom, len - bom);
}

/* Opens path to read, as a regular file never reached through a symbolic
 * link (store.h); errors name the file name. */
static FILE *open_regular(const char *path, const char *name,
			  struct duban_error *err)
{
	int fd = file_open_regular(path, O_RDONLY, 0, err);
	FILE *fp;

	if (fd < 0) {
		if (err)	/* the name the caller gives, not the path */
			snprintf(err->file, sizeof(err->file), "%s", name);
		return NULL;
	}
	if (!(fp = fdopen(fd, "rb"))) {
		error_set(err, name, 0, _("cannot open: %s"), strerror(errno));
		close(fd);
	}
	return fp;
}

/* The state of reading line by line, fed in chunks of any size. */
struct line_reader {
	struct reader r;
	char *line;		/* the line being gathered */
	size_t len, cap;
	long long consumed;	/* bytes of the whole lines read */
	long long line_bytes;	/* bytes of the line being gathered */
	bool too_long, first;
};

/* Hands each whole line of the n bytes at chunk to the callback.  Returns
 * 0, or -1 when the callback stops or memory runs out. */
static int feed_lines(struct line_reader *lr, const char *chunk, size_t n)
{
	struct reader *r = &lr->r;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0;) {
		const char *nl = memchr(chunk + i, '\n', n - i);
		size_t piece = nl ? (size_t)(nl - (chunk + i)) : n - i;

		if (nl && lr->line_bytes == 0 && piece <= CSV_LINE_MAX) {
			/* a whole line in the chunk: read where it lies */
			r->offset = lr->consumed;
			lr->consumed += (long long)piece + 1;
			rc = read_whole_line(r, chunk + i, piece, lr->first);
			lr->first = false;
			r->line++;
			i += piece + 1;
			continue;
		}
		if (lr->len + piece > CSV_LINE_MAX) {
			lr->too_long = true;
		} else if (mem_grow((void **)&lr->line, &lr->cap,
				    lr->len + piece + 1, 1)) {
			return error_nomem(r->err);
		} else {
			memcpy(lr->line + lr->len, chunk + i, piece);
			lr->len += piece;
		}
		i += piece;
		lr->line_bytes += (long long)piece;
		if (!nl)
			break;
		i++;	/* the newline */
		r->offset = lr->consumed;
		lr->consumed += lr->line_bytes + 1;
		lr->line_bytes = 0;
		if (lr->too_long) {
			char msg[128];

			snprintf(msg, sizeof(msg), _("a line longer than the "
				 "limit of %d bytes"), CSV_LINE_MAX);
			r->raw = NULL;
			r->raw_len = 0;
			rc = line_problem(r, msg);
		} else {
			rc = read_whole_line(r, lr->line, lr->len, lr->first);
		}
		lr->first = lr->too_long = false;
		lr->len = 0;
		r->line++;
	}
	return rc;
}

/* Reads the last line when it lacks its newline (the caller judges it by
 * content), fills summary and frees lr.  rc is the reading's so far. */
static int finish_lines(struct line_reader *lr, int rc,
			struct csv_summary *summary)
{
	struct reader *r = &lr->r;

	if (rc == 0 && lr->line_bytes > 0 && !lr->too_long) {
		r->offset = lr->consumed;
		r->torn = true;
		rc = read_whole_line(r, lr->line, lr->len, lr->first);
	}
	if (summary) {
		summary->records = r->records;
		summary->lines = r->line - 1;
		summary->torn_tail = lr->line_bytes > 0;
		summary->valid_bytes = lr->consumed;
		summary->bytes = lr->consumed + lr->line_bytes;
	}
	csv_free(&r->parser);
	mem_free(r->buf);
	mem_free(r->offs);
	mem_free(r->fields);
	mem_free(r->lens);
	mem_free(lr->line);
	return rc;
}

int csv_read_lines(const char *path, const char *name, csv_record_fn fn,
		   void *ctx, struct csv_summary *summary,
		   struct duban_error *err)
{
	struct line_reader lr = { .first = true };
	FILE *fp = open_regular(path, name, err);
	char chunk[64 * 1024];
	size_t n;
	int rc = 0;

	if (!fp)
		return -1;
	if (reader_init(&lr.r, name, fn, ctx, err)) {
		fclose(fp);
		return -1;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		rc = feed_lines(&lr, chunk, n);
	if (rc == 0 && ferror(fp))
		rc = error_set(err, name, 0, _("cannot read: %s"),
			       strerror(errno));
	fclose(fp);
	return finish_lines(&lr, rc, summary);
}

int csv_read_lines_buffer(const char *buf, size_t n, const char *name,
			  csv_record_fn fn, void *ctx,
			  struct csv_summary *summary, struct duban_error *err)
{
	struct line_reader lr = { .first = true };

	if (reader_init(&lr.r, name, fn, ctx, err))
		return -1;
	return finish_lines(&lr, feed_lines(&lr, buf, n), summary);
}

int csv_map_header(const struct csv_record *rec, const char *const *columns,
		   int n, int *pos, const char *has, const char *name,
		   struct duban_error *err)
{
	for (int c = 0; c < n; c++)
		pos[c] = -1;
	for (size_t i = 0; i < rec->count; i++) {
		int c = 0;

		while (c < n && strcmp(rec->fields[i], columns[c]) != 0)
			c++;
		if (c == n)
			return error_set(err, name, rec->line, _("unknown column "
					 "\"%s\": %s"), rec->fields[i], has);
		if (pos[c] >= 0)
			return error_set(err, name, rec->line, _("column \"%s\" "
					 "appears twice"), columns[c]);
		pos[c] = (int)i;
	}
	for (int c = 0; c < n; c++)
		if (pos[c] < 0)
			return error_set(err, name, rec->line, _("the header has "
					 "no \"%s\" column"), columns[c]);
	return 0;
}

struct table_reader {
	const char *const *columns;
	int n;
	const char *has, *name;
	csv_row_fn fn;
	void *ctx;
	int pos[CSV_TABLE_COLUMNS_MAX];
	size_t width;		/* fields in the header; 0 before it */
};

static int on_table_record(const struct csv_record *rec, void *ctx,
			   struct duban_error *err)
{
	struct table_reader *tr = ctx;
	const char *fields[CSV_TABLE_COLUMNS_MAX];

	if (!tr->width) {
		if (csv_map_header(rec, tr->columns, tr->n, tr->pos, tr->has,
				   tr->name, err))
			return -1;
		tr->width = rec->count;
		return 0;
	}
	if (rec->count != tr->width)
		return error_set(err, tr->name, rec->line, _("%zu fields where "
				 "the header has %zu"), rec->count, tr->width);
	for (int c = 0; c < tr->n; c++)
		fields[c] = rec->fields[tr->pos[c]];
	return tr->fn(tr->ctx, fields, rec->line, err);
}

int csv_read_table(const char *path, const char *name,
		   const char *const *columns, int n, const char *has,
		   csv_row_fn fn, void *ctx, struct duban_error *err)
{
	struct table_reader tr = { columns, n, has, name, fn, ctx, { 0 }, 0 };
	struct stat st;

	if (n > CSV_TABLE_COLUMNS_MAX)
		return error_set(err, name, 0, _("too many columns"));
	if (lstat(path, &st) && errno == ENOENT)
		return 0;
	return csv_read_file(path, name, on_table_record, &tr, NULL, err);
}
