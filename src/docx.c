/*
 * docx — the text of a Word document, with libzip and libxml2; see docx.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "duban/docx.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/ooxml.h"

/* The part holding the body, and the largest size read of it (and of
 * the text made of it). */
#define DOCX_PART "word/document.xml"
#define DOCX_MAX_BYTES (256L * 1024 * 1024)

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

static bool is_elem(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* A WordprocessingML element (transitional or strict) called name. */
static bool is_w(const xmlNode *n, const char *name)
{
	return is_elem(n, W_NS, name) || is_elem(n, W_NS_STRICT, name);
}

static int add(struct strbuf *sb, const char *s, size_t n)
{
	return n ? sb_add(sb, s, n) : 0;
}

static int paragraph(const xmlNode *p, struct strbuf *out);
static int table(const xmlNode *tbl, struct strbuf *out);

/* Walks the children of parent.  Inside a paragraph, line gets the text of
 * the runs (in_run: parent is a w:r) and after the paragraphs met (those of
 * text boxes); outside one, line is NULL and paragraphs go to after.
 * Returns 0, or -1 out of memory.  libxml2 bounds the depth (256). */
static int walk(const xmlNode *parent, bool in_run, struct strbuf *line,
		struct strbuf *after)
{
	for (const xmlNode *c = parent->children; c; c = c->next) {
		int rc = 0;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (in_run && line && is_w(c, "t")) {
			for (const xmlNode *t = c->children; t && !rc; t = t->next)
				if ((t->type == XML_TEXT_NODE ||
				     t->type == XML_CDATA_SECTION_NODE) && t->content)
					rc = add(line, (const char *)t->content,
						 strlen((const char *)t->content));
		} else if (in_run && line && is_w(c, "tab")) {
			rc = add(line, "\t", 1);
		} else if (in_run && line && (is_w(c, "br") || is_w(c, "cr"))) {
			rc = add(line, "\n", 1);
		} else if (is_w(c, "p")) {
			rc = paragraph(c, after);
		} else if (is_w(c, "tbl")) {
			rc = table(c, after);
		} else if (is_w(c, "pPr") || is_w(c, "rPr") || is_w(c, "sectPr") ||
			   is_w(c, "del") || is_w(c, "moveFrom") ||
			   is_elem(c, MC_NS, "Fallback")) {
			continue;	/* properties, deleted text, a duplicate */
		} else {
			rc = walk(c, is_w(c, "r"), line, after);
		}
		if (rc)
			return -1;
	}
	return 0;
}

/* Appends paragraph p to out as a line, then the paragraphs inside it. */
static int paragraph(const xmlNode *p, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT, after = STRBUF_INIT;
	int rc = walk(p, false, &line, &after) || add(&line, "\n", 1) ||
		 add(out, line.s, line.len) || add(out, after.s, after.len);

	sb_release(&line);
	sb_release(&after);
	return rc ? -1 : 0;
}

/* ---- tables: a row a line, its cells separated by TAB ---- */

/* Most grid columns of a table followed for merged cells. */
#define GRID_MAX 256

/* The first child element of n called name, or NULL. */
static const xmlNode *child_w(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* The w:val of element n as a number, or def. */
static long val_of(const xmlNode *n, long def)
{
	xmlChar *v;
	long x = def;

	if (!n)
		return def;
	v = xmlGetNsProp(n, (const xmlChar *)"val", (const xmlChar *)W_NS);
	if (!v)
		v = xmlGetNsProp(n, (const xmlChar *)"val",
				 (const xmlChar *)W_NS_STRICT);
	if (v) {
		x = strtol((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return x;
}

/* Whether cell tc continues the vertically merged cell above it. */
static bool continues_above(const xmlNode *tc)
{
	const xmlNode *vm = child_w(child_w(tc, "tcPr"), "vMerge");
	xmlChar *v;
	bool cont;

	if (!vm)
		return false;
	v = xmlGetNsProp(vm, (const xmlChar *)"val", (const xmlChar *)W_NS);
	cont = !v || strcmp((const char *)v, "continue") == 0;
	xmlFree(v);
	return cont;
}

/* Appends the text of cell tc to out as one line's piece: its paragraphs
 * and line breaks separated by DOCX_CELL_BREAK, tabs as blanks, blanks
 * collapsed, ends trimmed; a table inside it flattened the same way. */
static int cell_text(const xmlNode *tc, struct strbuf *out)
{
	struct strbuf raw = STRBUF_INIT;
	size_t start = out->len;
	bool pending = false;	/* a break to put before the next text */
	int rc = walk(tc, false, NULL, &raw);

	for (size_t i = 0; i < raw.len && !rc; i++) {
		char ch = raw.s[i] == '\t' ? ' ' : raw.s[i];

		if (ch == '\n') {
			pending = out->len > start;
			continue;
		}
		if (ch == ' ' && (out->len == start || pending ||
				  out->s[out->len - 1] == ' '))
			continue;
		if (pending) {
			while (out->len > start && out->s[out->len - 1] == ' ')
				out->s[--out->len] = '\0';
			rc = sb_puts(out, DOCX_CELL_BREAK);
			pending = false;
		}
		rc = rc || sb_add(out, &ch, 1);
	}
	while (!rc && out->len > start && out->s[out->len - 1] == ' ')
		out->s[--out->len] = '\0';
	sb_release(&raw);
	return rc ? -1 : 0;
}

/* Appends n empty cells to line; col counts the grid columns.  A span
 * or skip wider than the grid is a damaged document (Word's tables have
 * at most 63 columns): n is taken as at most GRID_MAX, so a number in
 * the XML cannot make a row of a billion cells. */
static int empty_cells(struct strbuf *line, long n, long *col)
{
	for (n = n > GRID_MAX ? GRID_MAX : n; n > 0; n--)
		if ((*col)++ && sb_add(line, "\t", 1))
			return -1;
	return 0;
}

/* Appends row tr as one line; above[] holds the text of each grid column
 * of the row before, for vertically merged cells, and gets this row's. */
static int table_row(const xmlNode *tr, char **above, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	const xmlNode *trpr = child_w(tr, "trPr");
	long col = 0;
	int rc = empty_cells(&line, val_of(child_w(trpr, "gridBefore"), 0), &col);

	for (const xmlNode *tc = tr->children; tc && !rc; tc = tc->next) {
		long span = val_of(child_w(child_w(tc, "tcPr"), "gridSpan"), 1);
		size_t at;

		if (!is_w(tc, "tc"))
			continue;
		if (col++)
			rc = sb_add(&line, "\t", 1);
		at = line.len;
		if (!rc && col <= GRID_MAX && continues_above(tc) && above[col - 1])
			rc = sb_puts(&line, above[col - 1]);
		else if (!rc)
			rc = cell_text(tc, &line);
		if (!rc && col <= GRID_MAX) {
			mem_free(above[col - 1]);
			/* an empty first cell leaves the line unallocated */
			above[col - 1] = mem_strndup(line.s ? line.s + at : "",
						     line.len - at);
			rc = above[col - 1] ? 0 : -1;
		}
		rc = rc || empty_cells(&line, span - 1, &col);
	}
	rc = rc || empty_cells(&line, val_of(child_w(trpr, "gridAfter"), 0), &col) ||
	     sb_add(&line, "\n", 1) || sb_add(out, line.s, line.len);
	sb_release(&line);
	return rc ? -1 : 0;
}

/* Appends table tbl to out, a row a line.  Merged cells repeat text, so
 * a small document could make a huge one: past DOCX_MAX_BYTES of text the
 * reading stops, -1 with errno EFBIG. */
static int table(const xmlNode *tbl, struct strbuf *out)
{
	char *above[GRID_MAX] = { NULL };
	int rc = 0;

	for (const xmlNode *tr = tbl->children; tr && !rc; tr = tr->next)
		if (is_w(tr, "tr")) {
			rc = table_row(tr, above, out);
			if (!rc && out->len > DOCX_MAX_BYTES) {
				errno = EFBIG;
				rc = -1;
			}
		}
	for (size_t i = 0; i < GRID_MAX; i++)
		mem_free(above[i]);
	return rc;
}

/* Reads the part DOCX_PART of za into *data (*n bytes). */
static int read_part(zip_t *za, const char *path, char **data, size_t *n,
		     struct duban_error *err)
{
	zip_file_t *zf = zip_fopen(za, DOCX_PART, ZIP_FL_NOCASE);
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!zf) {
		if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_NOENT)
			return error_set(err, path, 0, _("not a .docx file: no "
					 "%s in the zip archive"), DOCX_PART);
		if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_MEMORY)
			return error_nomem(err);
		return error_set(err, path, 0, _("cannot read %s: %s"),
				 DOCX_PART,
				 zip_error_strerror(zip_get_error(za)));
	}
	for (;;) {
		zip_int64_t got;

		if (mem_grow((void **)&buf, &cap, len + 65536 + 1, 1)) {
			error_nomem(err);
			goto fail;
		}
		got = zip_fread(zf, buf + len, cap - len - 1);
		if (got < 0) {
			error_set(err, path, 0, _("a damaged .docx file: "
				  "cannot read %s: %s"), DOCX_PART,
				  zip_error_strerror(zip_file_get_error(zf)));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > DOCX_MAX_BYTES) {
			error_set(err, path, 0, _("%s is larger than the "
				  "limit of %ld bytes"),
				  DOCX_PART, DOCX_MAX_BYTES);
			goto fail;
		}
	}
	zip_fclose(zf);
	buf[len] = '\0';
	*data = buf;
	*n = len;
	return 0;
fail:
	zip_fclose(zf);
	mem_free(buf);
	return -1;
}

/* Keeps the first error libxml2 reports (the data is the parser's). */
static void keep_first(void *data, OOXML_ERROR_CONST xmlError *e)
{
	ooxml_keep_problem(((xmlParserCtxtPtr)data)->_private, e);
}

/* Parses the n bytes at data as DOCX_PART and appends its body's text. */
static int body_text(const char *data, size_t n, const char *path,
		     struct strbuf *out, struct duban_error *err)
{
	struct ooxml_problem problem = { 0, 0, "" };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	const xmlNode *root, *body = NULL;
	int rc = -1;

	xmlInitParser();
	if (!(ctxt = xmlNewParserCtxt()))
		return error_nomem(err);
	/* errors to keep_first (its data is ctxt), none on stderr */
	ctxt->_private = &problem;
	ctxt->sax->serror = keep_first;
	/* no network, no entity expansion */
	doc = xmlCtxtReadMemory(ctxt, data, (int)n, DOCX_PART, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR |
			       XML_PARSE_NOWARNING);
	if (!doc || !ctxt->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);

		if (e && e->code == XML_ERR_NO_MEMORY) {
			error_nomem(err);
			goto out;
		}
		error_set(err, path, 0, _("a damaged .docx file: %s is not "
			  "well-formed XML (line %d: %s)"), DOCX_PART,
			  problem.line, problem.msg[0] ? problem.msg
			  : _("unknown error"));
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root && is_w(root, "document"))
		for (body = root->children; body; body = body->next)
			if (is_w(body, "body"))
				break;
	if (!body) {
		error_set(err, path, 0, _("not a .docx file: %s has no "
			  "document body (w:document, w:body)"), DOCX_PART);
		goto out;
	}
	errno = 0;
	if (walk(body, false, NULL, out)) {
		if (errno == EFBIG)
			error_set(err, path, 0, _("the text of %s is larger "
				  "than the limit of %ld bytes"), DOCX_PART,
				  DOCX_MAX_BYTES);
		else
			error_nomem(err);
		goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int docx_text(const char *path, struct strbuf *out, struct duban_error *err)
{
	zip_t *za = ooxml_open(path, ".docx", err);
	char *data = NULL;
	size_t n = 0;
	int rc;

	if (!za)
		return -1;
	rc = read_part(za, path, &data, &n, err);
	zip_discard(za);
	if (rc)
		return -1;
	rc = body_text(data, n, path, out, err);
	mem_free(data);
	return rc;
}

bool docx_is_docx(const char *path, const char *data, size_t n)
{
	size_t len = strlen(path);

	return (len >= 5 && strcasecmp(path + len - 5, ".docx") == 0) ||
	       (n >= 4 && memcmp(data, "PK\3\4", 4) == 0);
}
