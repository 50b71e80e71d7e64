/*
 * plandoc — a plan document read into clean lines; see plandoc.h.
 */
#include <string.h>
#include <strings.h>

#include "duban/csvread.h"
#include "duban/csvwrite.h"
#include "duban/docx.h"
#include "duban/i18n.h"
#include "duban/lexeme.h"
#include "duban/mem.h"
#include "duban/plandoc.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"
#include "duban/xlsx.h"

/* Largest document read: far beyond any plan. */
#define PLANDOC_MAX_BYTES (64L * 1024 * 1024)

static long line_of(const char *s, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/* A plain-text document holds no control characters (bytes below 0x20,
 * the same in UTF-8 and GBK) but tab and the line ends; the form feed and
 * vertical tab that converters leave for page and line breaks are read as
 * blanks. */
static int check_controls(const char *buf, size_t n, const char *name,
			  struct duban_error *err)
{
	for (size_t off = 0; off < n; off++) {
		unsigned char c = (unsigned char)buf[off];

		if (c == '\0')
			return error_set(err, name, line_of(buf, off), _("a NUL "
					 "byte: not a plain-text document"));
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		     c != '\f' && c != '\v') || c == 0x7f)
			return error_set(err, name, line_of(buf, off), _("control "
					 "character 0x%02X: not a plain-text "
					 "document"), c);
	}
	return 0;
}

/* The n bytes at buf as UTF-8 in a string of d's own. */
static int to_utf8(struct plandoc *d, const char *buf, size_t n,
		   enum import_encoding enc, const char *name,
		   struct duban_error *err)
{
	struct strbuf utf = STRBUF_INIT;
	const char *bad = text_invalid_utf8(buf, n);
	size_t off;

	if (enc == IMPORT_GBK || (enc == IMPORT_AUTO && bad && text_looks_gbk(buf, n))) {
		if (text_convert("UTF-8", "GBK", buf, n, &utf, &off)) {
			sb_release(&utf);
			if (off == n)
				return error_nomem(err);
			return error_set(err, name, line_of(buf, off),
					 _("bytes that are not GBK"));
		}
		d->text = utf.s ? utf.s : mem_strndup("", 0);
		return d->text ? 0 : error_nomem(err);
	}
	if (bad)
		return error_set(err, name, line_of(buf, (size_t)(bad - buf)),
				 enc == IMPORT_AUTO ? _("bytes that are not "
						      "UTF-8 (nor GBK); convert "
						      "it with iconv -f "
						      "ENCODING -t UTF-8")
						      : _("bytes that are not UTF-8"));
	d->text = mem_strndup(buf, n);
	return d->text ? 0 : error_nomem(err);
}

/* Whether [b, e) is a pinyin reading: 1 to 8 lowercase letters, one of
 * them a vowel with a tone mark (ā á ǎ à …, two bytes each in UTF-8). */
static bool is_pinyin(const char *b, const char *e)
{
	static const char *const toned[] = {
		"ā", "á", "ǎ", "à", "ē", "é", "ě", "è", "ī", "í", "ǐ", "ì",
		"ō", "ó", "ǒ", "ò", "ū", "ú", "ǔ", "ù", "ǖ", "ǘ", "ǚ", "ǜ", "ü",
	};
	int letters = 0;
	bool tone = false;

	while (b < e) {
		size_t i;

		if (*b >= 'a' && *b <= 'z') {
			b++;
		} else {
			for (i = 0; i < NELEM(toned); i++)
				if (lex_starts(b, toned[i]))
					break;
			if (i == NELEM(toned))
				return false;
			b += strlen(toned[i]);
			tone = true;
		}
		letters++;
	}
	return tone && letters <= 8;
}

/* Removes "(pinyin)" right after a Chinese character, in place. */
static void drop_pinyin(char *s)
{
	for (char *p = s; (p = strchr(p, '(')); p++) {
		char *close = strchr(p, ')');

		if (close && p > s && lex_is_han(lex_char_before(s, p)) &&
		    is_pinyin(p + 1, close)) {
			memmove(p, close + 1, strlen(close + 1) + 1);
			p--;
		}
	}
}

/* Whether s is a row of TAB-separated cells: a TAB after its text
 * starts (a TAB only before it is an indent).  Its empty cells keep their
 * place. */
static bool is_table_row(const char *s)
{
	s += strspn(s, " \t");
	return strchr(s, '\t') != NULL;
}

static size_t blank_not_tab(const char *s)
{
	return *s == '\t' ? 0 : lex_blank(s);
}

/* Removes "[bookmark: …]" and pinyin readings from s, in place, and trims
 * its ends; returns where the line now starts. */
static char *clean_line(char *s)
{
	char *p;
	const char *b = s, *e;

	while ((p = strstr(s, "[bookmark:"))) {
		char *close = strchr(p, ']');

		if (!close)
			break;
		memmove(p, close + 1, strlen(close + 1) + 1);
	}
	drop_pinyin(s);
	e = s + strlen(s);
	lex_trim(&b, &e, is_table_row(s) ? blank_not_tab : lex_blank);
	s[e - s] = '\0';
	return s + (b - s);
}

/* Splits d->text (len bytes) into clean lines, in place. */
static int split_lines(struct plandoc *d, size_t len)
{
	char *p = d->text, *end = d->text + len;

	for (char *q = p; (q = strpbrk(q, "\f\v\r"));)
		if (*q != '\r')
			*q = ' ';
		else if (q[1] != '\n')
			*q = '\n';	/* a line end of its own (old Mac) */
		else
			q++;
	for (long no = 1;; no++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *s;

		if (nl)
			*nl = '\0';
		s = clean_line(p);
		if (*s) {
			if (mem_grow((void **)&d->lines, &d->cap, d->n + 1,
				     sizeof(*d->lines)))
				return -1;
			d->lines[d->n].s = s;
			d->lines[d->n++].no = no;
		}
		if (!nl)
			return 0;
		p = nl + 1;
	}
}

/* A text saved as UTF-16 ("Unicode" in Notepad) by its byte order mark,
 * converted to UTF-8 in *utf. */
static int from_utf16(const char *buf, size_t n, struct strbuf *utf,
		      const char *name, struct duban_error *err)
{
	size_t off;

	if (text_convert("UTF-8", "UTF-16", buf, n, utf, &off) == 0)
		return 0;
	if (off == n)
		return error_nomem(err);
	return error_set(err, name, 0, _("a UTF-16 text with bytes that "
			 "are not UTF-16 at byte %zu"), off);
}

/* The n bytes at buf as UTF-8 text in d->text: a byte order mark dropped
 * (unless the text is said to be GBK), control characters refused. */
static int decode_text(struct plandoc *d, const char *buf, size_t n,
		       enum import_encoding enc, const char *name,
		       struct duban_error *err)
{
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 && enc != IMPORT_GBK) {
		buf += 3;
		n -= 3;
	}
	return check_controls(buf, n, name, err) ||
	       to_utf8(d, buf, n, enc, name, err) ? -1 : 0;
}

int plandoc_read_buffer(struct plandoc *d, const char *buf, size_t n,
			enum import_encoding enc, const char *name,
			struct duban_error *err)
{
	if (n >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 ||
		       memcmp(buf, "\xfe\xff", 2) == 0)) {
		struct strbuf utf = STRBUF_INIT;
		int rc = from_utf16(buf, n, &utf, name, err);

		if (!rc)
			rc = plandoc_read_buffer(d, utf.s ? utf.s : "", utf.len,
						 IMPORT_UTF8, name, err);
		sb_release(&utf);
		return rc;
	}
	if (decode_text(d, buf, n, enc, name, err))
		return -1;
	if (split_lines(d, strlen(d->text))) {
		plandoc_release(d);
		return error_nomem(err);
	}
	return 0;
}

/* Where the records of a CSV ledger go, and the line the text is on. */
struct ledger_text {
	struct strbuf *out;
	long line;
};

static int put_byte(struct strbuf *out, char c)
{
	return sb_add(out, &c, 1);
}

/* Appends one cell as a Word table's cell reads: its line breaks as
 * DOCX_CELL_BREAK, its tabs as blanks. */
static int put_cell(struct strbuf *out, const char *s)
{
	int rc = 0;

	/* the apostrophe export --excel puts before what a spreadsheet
	 * would run as a formula */
	if (s[0] == '\'' && csv_guard_needed(s + 1))
		s++;
	for (; *s && !rc; s++)
		if (*s == '\n')
			rc = sb_puts(out, DOCX_CELL_BREAK);
		else if (*s != '\r')
			rc = put_byte(out, *s == '\t' ? ' ' : *s);
	return rc;
}

/* One record of a CSV ledger: a line of TAB-separated cells, on the line
 * the record starts on, so that messages name the file's lines. */
static int ledger_record(const struct csv_record *rec, void *ctx,
			 struct duban_error *err)
{
	struct ledger_text *lt = ctx;

	for (; lt->line < rec->line - 1; lt->line++)
		if (put_byte(lt->out, '\n'))
			return error_nomem(err);
	for (size_t i = 0; i < rec->count; i++)
		if ((i && put_byte(lt->out, '\t')) ||
		    put_cell(lt->out, rec->fields[i]))
			return error_nomem(err);
	lt->line++;
	return put_byte(lt->out, '\n') ? error_nomem(err) : 0;
}

int plandoc_read_csv(struct plandoc *d, const char *buf, size_t n,
		     enum import_encoding enc, const char *name,
		     struct duban_error *err)
{
	struct strbuf rows = STRBUF_INIT;
	struct ledger_text lt = { &rows, 0 };
	struct plandoc utf = PLANDOC_INIT;
	int rc;

	if (decode_text(&utf, buf, n, enc, name, err))
		return -1;
	rc = csv_read_buffer(utf.text, strlen(utf.text), name, ledger_record,
			     &lt, NULL, err);
	plandoc_release(&utf);
	if (!rc)
		rc = plandoc_read_buffer(d, rows.s ? rows.s : "", rows.len,
					 IMPORT_UTF8, name, err);
	sb_release(&rows);
	return rc;
}

/* Whether path names a CSV file, by its extension. */
static bool is_csv_name(const char *path)
{
	size_t len = strlen(path);

	return len > 4 && strcasecmp(path + len - 4, ".csv") == 0;
}

int plandoc_read_sheet(struct plandoc *d, const char *path, const char *sheet,
		       struct duban_error *err)
{
	struct xlsx_sheet s = XLSX_SHEET_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (xlsx_read_sheet(path, sheet, &s, err))
		return -1;
	rc = xlsx_sheet_text(&s, &sb, err);
	xlsx_sheet_release(&s);
	if (!rc)
		rc = plandoc_read_buffer(d, sb.s ? sb.s : "", sb.len, IMPORT_UTF8,
					 path, err);
	sb_release(&sb);
	return rc;
}

int plandoc_read_file(struct plandoc *d, const char *path,
		      enum import_encoding enc, struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *data;
	size_t n;
	int rc;

	if (file_read_all(path, PLANDOC_MAX_BYTES, &data, &n, err))
		return -1;
	if (is_csv_name(path)) {
		rc = plandoc_read_csv(d, data, n, enc, path, err);
		mem_free(data);
		return rc;
	}
	if (!docx_is_docx(path, data, n)) {
		rc = plandoc_read_buffer(d, data, n, enc, path, err);
		mem_free(data);
		return rc;
	}
	mem_free(data);
	rc = docx_text(path, &sb, err);
	if (!rc)
		rc = plandoc_read_buffer(d, sb.s ? sb.s : "", sb.len,
					 IMPORT_UTF8, path, err);
	sb_release(&sb);
	return rc;
}

void plandoc_release(struct plandoc *d)
{
	mem_free(d->text);
	mem_free(d->lines);
	*d = (struct plandoc)PLANDOC_INIT;
}
