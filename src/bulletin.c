/*
 * bulletin — the 通报's blocks, its Markdown, its register and the
 * office's 下步要求.  See bulletin.h; the HTML page is bulletin_html.c,
 * the Word document bulletin_docx.c.
 */
#include "duban/bulletin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/sheet.h"
#include "duban/store.h"
#include "duban/text.h"

/* --- the blocks ------------------------------------------------------------- */

static const char *keep(struct bulletin *b, const char *s)
{
	return s ? arena_strndup(&b->arena, s, strlen(s)) : NULL;
}

static struct doc_block *new_block(struct bulletin *b, enum doc_kind kind,
				   struct duban_error *err)
{
	struct doc_block *d;

	if (mem_grow((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v))) {
		error_nomem(err);
		return NULL;
	}
	d = &b->v[b->n++];
	*d = (struct doc_block){ .kind = kind };
	return d;
}

int bulletin_add(struct bulletin *b, enum doc_kind kind, const char *text,
		 const char *text2, struct duban_error *err)
{
	struct doc_block *d = new_block(b, kind, err);

	if (!d)
		return -1;
	d->text = keep(b, text ? text : "");
	d->text2 = text2 ? keep(b, text2) : NULL;
	return d->text && (!text2 || d->text2) ? 0 : error_nomem(err);
}

/* Appends a row of the last block's ncols cells, copies of row. */
static int add_cells(struct bulletin *b, const char *const *row,
		     struct duban_error *err)
{
	struct doc_block *d = &b->v[b->n - 1];
	size_t cells = d->cap * d->ncols;

	if (mem_grow((void **)&d->cells, &cells, (d->nrows + 1) * d->ncols,
		     sizeof(*d->cells)))
		return error_nomem(err);
	d->cap = cells / d->ncols;
	for (size_t c = 0; c < d->ncols; c++)
		if (!(d->cells[d->nrows * d->ncols + c] = keep(b, row[c])))
			return error_nomem(err);
	d->nrows++;
	return 0;
}

int bulletin_add_table(struct bulletin *b, size_t ncols,
		       const char *const *head, unsigned numeric,
		       unsigned names, struct duban_error *err)
{
	struct doc_block *d;

	if (ncols == 0 || ncols > 32)
		return error_set(err, NULL, 0, "a table of %zu columns", ncols);
	if (!(d = new_block(b, DOC_TABLE, err)))
		return -1;
	d->ncols = ncols;
	d->numeric = numeric;
	d->names = names;
	return add_cells(b, head, err);
}

int bulletin_add_row(struct bulletin *b, const char *const *row,
		     struct duban_error *err)
{
	return add_cells(b, row, err);
}

int bulletin_add_chart(struct bulletin *b, const char *title,
		       const char *const legend[DOC_SEGMENTS],
		       struct duban_error *err)
{
	struct doc_block *d = new_block(b, DOC_CHART, err);

	if (!d)
		return -1;
	d->ncols = 1;
	if (!(d->text = keep(b, title)))
		return error_nomem(err);
	for (int k = 0; k < DOC_SEGMENTS; k++)
		if (!(d->legend[k] = keep(b, legend[k])))
			return error_nomem(err);
	return 0;
}

int bulletin_add_bar(struct bulletin *b, const char *label,
		     const long values[DOC_SEGMENTS], struct duban_error *err)
{
	struct doc_block *d = &b->v[b->n - 1];
	size_t had = d->cap;

	if (add_cells(b, &label, err))
		return -1;
	if (d->cap != had || !d->values) {
		long *v = mem_realloc(d->values, d->cap * DOC_SEGMENTS *
				      sizeof(*v));

		if (!v)
			return error_nomem(err);
		d->values = v;
	}
	memcpy(&d->values[(d->nrows - 1) * DOC_SEGMENTS], values,
	       DOC_SEGMENTS * sizeof(*values));
	return 0;
}

int bulletin_set_name(struct bulletin *b, const char *name, const char *lang,
		      struct duban_error *err)
{
	const char *s = keep(b, name), *l = keep(b, lang);

	if (!s || !l)
		return error_nomem(err);
	b->name = s;
	b->lang = l;
	return 0;
}

void bulletin_release(struct bulletin *b)
{
	for (size_t i = 0; i < b->n; i++) {
		mem_free(b->v[i].cells);
		mem_free(b->v[i].values);
	}
	mem_free(b->v);
	arena_release(&b->arena);
	*b = (struct bulletin)BULLETIN_INIT;
}

/* --- Markdown ----------------------------------------------------------------- */

/* Appends s with what Markdown would read as markup (or HTML) escaped,
 * and a line break as a space: a text from the store stays its text. */
static int md_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		int rc;

		if (*s == '\n' || *s == '\r')
			rc = sb_puts(out, " ");
		else if (strchr("\\`*_[]<>|#&~", *s))
			rc = sb_add(out, "\\", 1) || sb_add(out, s, 1);
		else
			rc = sb_add(out, s, 1);
		if (rc)
			return -1;
	}
	return 0;
}

static int md_row(struct strbuf *out, const char *const *cells, size_t n)
{
	for (size_t c = 0; c < n; c++)
		if (sb_puts(out, "| ") || md_text(out, cells[c]) ||
		    sb_puts(out, " "))
			return -1;
	return sb_puts(out, "|\n");
}

static int md_rule(struct strbuf *out, size_t n, unsigned numeric)
{
	for (size_t c = 0; c < n; c++)
		if (sb_puts(out, numeric >> c & 1 ? "| ---: " : "| --- "))
			return -1;
	return sb_puts(out, "|\n");
}

static int md_table(struct strbuf *out, const struct doc_block *d)
{
	int rc = md_row(out, d->cells, d->ncols) ||
		 md_rule(out, d->ncols, d->numeric);

	for (size_t r = 1; r < d->nrows && rc == 0; r++)
		rc = md_row(out, &d->cells[r * d->ncols], d->ncols);
	return rc || sb_puts(out, "\n") ? -1 : 0;
}

/* A chart is its figures: a label column and one per segment. */
static int md_chart(struct strbuf *out, const struct doc_block *d)
{
	const char *head[1 + DOC_SEGMENTS] = { "" };
	int rc;

	for (int k = 0; k < DOC_SEGMENTS; k++)
		head[1 + k] = d->legend[k];
	rc = sb_puts(out, "**") || md_text(out, d->text) ||
	     sb_puts(out, "**\n\n") || md_row(out, head, 1 + DOC_SEGMENTS) ||
	     md_rule(out, 1 + DOC_SEGMENTS, ~1u);
	for (size_t r = 0; r < d->nrows && rc == 0; r++) {
		const long *v = &d->values[r * DOC_SEGMENTS];

		rc = sb_puts(out, "| ") || md_text(out, d->cells[r]);
		for (int k = 0; k < DOC_SEGMENTS && rc == 0; k++)
			rc = sb_printf(out, " | %ld", v[k]);
		rc = rc || sb_puts(out, " |\n");
	}
	return rc || sb_puts(out, "\n") ? -1 : 0;
}

/* md_text() for what starts a line: a leading "-", "+" or "=" and the
 * "." or ")" after leading figures escaped too, or Markdown would take the
 * line for a list or a rule. */
static int md_line(struct strbuf *out, const char *s)
{
	size_t digits = strspn(s, "0123456789");

	if (strchr("-+=", *s) && *s)
		return sb_add(out, "\\", 1) || md_text(out, s);
	if (digits && (s[digits] == '.' || s[digits] == ')'))
		return sb_add(out, s, digits) || sb_add(out, "\\", 1) ||
		       md_text(out, s + digits);
	return md_text(out, s);
}

static int md_block(struct strbuf *out, const struct doc_block *d)
{
	switch (d->kind) {
	case DOC_TITLE:
		return sb_puts(out, "# ") || md_text(out, d->text) ||
		       sb_puts(out, "\n\n");
	case DOC_ISSUE:
		return sb_puts(out, "**") || md_text(out, d->text) ||
		       sb_puts(out, "**\n\n");
	case DOC_MASTHEAD:
		return md_line(out, d->text) || sb_puts(out, "　　") ||
		       md_text(out, d->text2) || sb_puts(out, "\n\n---\n\n");
	case DOC_SUBJECT:
		return sb_puts(out, "### ") || md_text(out, d->text) ||
		       sb_puts(out, "\n\n");
	case DOC_HEADING:
	case DOC_ANNEX:
		return sb_puts(out, "## ") || md_text(out, d->text) ||
		       sb_puts(out, "\n\n");
	case DOC_PARAGRAPH:
		return md_line(out, d->text) || sb_puts(out, "\n\n");
	case DOC_PLACEHOLDER:
		return sb_puts(out, "> ") || md_text(out, d->text) ||
		       sb_puts(out, "\n\n");
	case DOC_TABLE:
		return md_table(out, d);
	case DOC_CHART:
		return md_chart(out, d);
	}
	return 0;
}

int bulletin_markdown(const struct bulletin *b, struct strbuf *out,
		      struct duban_error *err)
{
	for (size_t i = 0; i < b->n; i++)
		if (md_block(out, &b->v[i]))
			return error_nomem(err);
	return 0;
}

/* --- the register ------------------------------------------------------------ */

enum { R_ISSUE, R_PERIOD, R_AS_OF, R_COUNT };

static const char *const register_columns[R_COUNT] = {
	"issue", "period", "as_of",
};

struct register_loader {
	struct bulletin_register *r;
	const char *name;
};

static int on_issue(void *ctx, const char *const *f, long line,
		    struct duban_error *err)
{
	struct register_loader *l = ctx;
	struct bulletin_register *r = l->r;
	struct bulletin_issue is = { .line = line };
	struct period p;
	char *end;

	errno = 0;
	is.number = strtol(f[R_ISSUE], &end, 10);
	if (errno || *f[R_ISSUE] < '1' || *f[R_ISSUE] > '9' || *end ||
	    is.number > BULLETIN_ISSUE_MAX)
		return error_set(err, l->name, line, _("\"%s\" is not an issue "
				 "number from 1 to 999999"), f[R_ISSUE]);
	if (period_parse(f[R_PERIOD], &p))
		return error_set(err, l->name, line, _("\"%s\" is not a month "
				 "such as 2024-06"), f[R_PERIOD]);
	if (date_parse(f[R_AS_OF], &is.as_of) || is.as_of == DATE_NONE)
		return error_set(err, l->name, line, _("\"%s\" is not a date "
				 "(write 2024-03-31)"), f[R_AS_OF]);
	snprintf(is.period, sizeof(is.period), "%s", p.text);
	/* one number, one month: the next bulletin's number depends on it */
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].number == is.number &&
		    strcmp(r->v[i].period, is.period))
			return error_set(err, l->name, line, _("issue %1$ld "
					 "is the bulletin for %2$s on line "
					 "%3$ld"), is.number, r->v[i].period,
					 r->v[i].line);
	if (mem_grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return error_nomem(err);
	r->v[r->n++] = is;
	return 0;
}

int bulletin_register_load(struct bulletin_register *r, const char *path,
			   const char *name, struct duban_error *err)
{
	struct register_loader l = { r, name };

	return csv_read_table(path, name, register_columns, R_COUNT,
			      _("bulletins.csv has issue, period and as_of"),
			      on_issue, &l, err);
}

long bulletin_register_next(const struct bulletin_register *r)
{
	long top = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].number > top)
			top = r->v[i].number;
	return top + 1;
}

const struct bulletin_issue *
bulletin_register_find(const struct bulletin_register *r, long number)
{
	for (size_t i = r->n; i-- > 0;)
		if (r->v[i].number == number)
			return &r->v[i];
	return NULL;
}

const struct bulletin_issue *
bulletin_register_same(const struct bulletin_register *r, const char *period,
		       date_t day)
{
	for (size_t i = r->n; i-- > 0;)
		if (r->v[i].as_of == day && strcmp(r->v[i].period, period) == 0)
			return &r->v[i];
	return NULL;
}

const struct bulletin_issue *
bulletin_register_before(const struct bulletin_register *r, date_t day)
{
	const struct bulletin_issue *best = NULL;

	for (size_t i = 0; i < r->n; i++) {
		const struct bulletin_issue *is = &r->v[i];

		if (is->as_of >= day)
			continue;
		if (!best || is->as_of > best->as_of ||
		    (is->as_of == best->as_of && is->number > best->number))
			best = is;
	}
	return best;
}

static int register_line(struct strbuf *sb, const struct bulletin_issue *is)
{
	char day[DATE_BUFSIZE];

	return sb_printf(sb, "%ld,%s,%s\n", is->number, is->period,
			 date_format(is->as_of, day));
}

int bulletin_register_add(const struct bulletin_register *r,
			  const struct bulletin_issue *is, const char *path,
			  struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = sb_puts(&sb, "issue,period,as_of\n");

	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = register_line(&sb, &r->v[i]);
	rc = rc || (is && register_line(&sb, is)) ? error_nomem(err)
					  : file_replace(path, sb.s, sb.len,
							 err);
	sb_release(&sb);
	return rc;
}

void bulletin_register_release(struct bulletin_register *r)
{
	mem_free(r->v);
	*r = (struct bulletin_register)BULLETIN_REGISTER_INIT;
}

/* --- the office's 下步要求 ---------------------------------------------------- */

#define REQUIREMENTS_MAX (64 * 1024)

/* Checks the n bytes of text, saying at which line what is wrong. */
static int check_requirements(const char *text, size_t n, const char *name,
			      struct duban_error *err)
{
	const char *bad = text_invalid_utf8(text, n);
	long line = 1;

	if (bad) {
		for (const char *s = text; s < bad; s++)
			line += *s == '\n';
		return text_looks_gbk(text, n)
		       ? error_set(err, name, line, _("the file is not UTF-8 "
				   "but looks like GBK; convert it with: iconv "
				   "-f GBK -t UTF-8 %s"), name)
		       : error_set(err, name, line, _("bytes that are not "
				   "UTF-8 text"));
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		/* a CR only as Windows ends a line */
		bool line_end = c == '\r' && (i + 1 == n || text[i + 1] == '\n');

		if (c == '\n')
			line++;
		else if ((c < 0x20 && c != '\t' && !line_end) || c == 0x7f)
			return error_set(err, name, line, _("the text holds "
					 "a control character"));
	}
	return 0;
}

/* Appends the lines of text, each one without blanks around it, to out,
 * a newline after each; blank lines are left out. */
static int keep_lines(struct strbuf *out, const char *text, size_t n)
{
	const char *end = text + n;

	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		const char *a = text, *z = nl ? nl : end;

		text = nl ? nl + 1 : end;
		while (a < z && strchr(" \t", *a))
			a++;
		while (z > a && strchr(" \t\r", z[-1]))
			z--;
		if (z > a && (sb_add(out, a, (size_t)(z - a)) ||
			      sb_puts(out, "\n")))
			return -1;
	}
	return 0;
}

/* Reads at most REQUIREMENTS_MAX bytes of path into buf, refusing what
 * is not a regular file (a FIFO would hang) or is longer.  *n: how many
 * bytes; -1 with errno ENOENT when there is no such file. */
static int read_requirements(const char *path, const char *name, char *buf,
			     size_t *n, struct duban_error *err)
{
	int fd = file_open_regular(path, O_RDONLY | O_NONBLOCK, 0, err);
	ssize_t got = 0;

	*n = 0;
	if (fd < 0) {
		int was = errno;

		snprintf(err->file, sizeof(err->file), "%s", name);
		errno = was;
		return -1;
	}
	while (*n <= REQUIREMENTS_MAX &&
	       (got = read(fd, buf + *n, REQUIREMENTS_MAX + 1 - *n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		*n += (size_t)got;
	}
	if (got < 0) {
		error_set(err, name, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		errno = 0;
		return -1;
	}
	close(fd);
	errno = 0;
	if (*n > REQUIREMENTS_MAX)
		return error_set(err, name, 0, _("the file is larger than "
				 "%d KiB"), REQUIREMENTS_MAX / 1024);
	return 0;
}

int bulletin_requirements_load(struct strbuf *out, bool *found,
			       const char *path, const char *name,
			       struct duban_error *err)
{
	static char buf[REQUIREMENTS_MAX + 1];
	const char *text = buf;
	size_t n;

	*found = false;
	if (sb_reset(out))
		return error_nomem(err);
	if (read_requirements(path, name, buf, &n, err))
		return errno == ENOENT ? 0 : -1;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		text += 3, n -= 3;
	if (check_requirements(text, n, name, err))
		return -1;
	if (keep_lines(out, text, n))
		return error_nomem(err);
	*found = true;
	return 0;
}
