/*
 * xlsx — the cells of an Excel workbook, with libzip and libxml2's SAX2
 * push parser; see xlsx.h.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <zip.h>

#include "duban/date.h"
#include "duban/docx.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/ooxml.h"
#include "duban/xlsx.h"

#define WORKBOOK "xl/workbook.xml"
#define WORKBOOK_RELS "xl/_rels/workbook.xml.rels"

/* The largest uncompressed size read of a sheet or of the shared strings,
 * and of the small parts (workbook, relationships, styles); the largest
 * text xlsx_sheet_text() makes, as merged cells repeat text. */
#define MAX_PART_BYTES (256L * 1024 * 1024)
#define MAX_SMALL_PART_BYTES (16L * 1024 * 1024)
#define MAX_TEXT_BYTES (256L * 1024 * 1024)

/* The bounds of a sheet (XFD1048576), and most cell formats and number
 * formats read from the styles (Excel allows 64000 of each). */
#define MAX_ROWS 1048576UL
#define MAX_COLS 16384UL
#define MAX_STYLES 65536UL

#define SML_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define SML_NS_STRICT "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define PKG_REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"

/* Days from Excel's day 0 (1899-12-30) to duban's (1970-01-01), and from
 * the 1900 system's to the 1904 system's; the last day Excel shows
 * (9999-12-31). */
#define EXCEL_TO_UNIX_DAYS 25569
#define DAYS_1904 1462
#define MAX_SERIAL 2958466.0

/* ---- the workbook: its archive and what its small parts say ---- */

struct sheet_entry {
	const char *name, *rid, *part;	/* part: NULL until resolved */
	bool worksheet;
};

struct book {
	const char *path;
	struct duban_error *err;
	zip_t *za;
	struct arena arena;		/* names, ids and part names */
	struct sheet_entry *sheets;
	size_t nsheets, cap;
	bool date1904;
	const char *strings_part, *styles_part;
};

/* ---- one XML part, streamed out of the archive ---- */

/* What a node of a part is: the start or end of an element, or text. */
enum node_type { NODE_START, NODE_END, NODE_TEXT };

struct part;

/* Takes the current node of p; returns 0, or -1 with the error filled,
 * which stops the parse. */
typedef int node_fn(struct part *p, void *ctx);

/* A part parsed with libxml2's SAX2 push parser, fed from the archive:
 * faster than a reader, as no tree is built, and the document type
 * declaration can be refused before anything in it is used. */
struct part {
	struct book *b;
	const char *name;
	long size, limit;
	xmlParserCtxtPtr ctxt;
	node_fn *fn;
	void *fn_ctx;
	bool failed;		/* fn failed, or a DTD was met */
	bool terminating;	/* all of the part has been given */
	int depth;
	bool root_closed;
	const char *sml_ns, *sml_strict_ns;	/* as the parser interns them */
	/* the first error libxml2 saw, and whether at the very end */
	struct ooxml_problem problem;
	bool problem_at_end;
	/* the current node: an element's namespace, name and attributes
	 * (libxml2's five pointers each), or a text's bytes */
	enum node_type type;
	const char *ns, *local;
	bool sml;		/* the element is SpreadsheetML's */
	int nattrs;
	const xmlChar **attrs;
	const char *text;
	size_t text_len;
};

static void keep_first_problem(void *ctx, OOXML_ERROR_CONST xmlError *e)
{
	struct part *p = ctx;
	bool had_one = p->problem.msg[0] != '\0';

	ooxml_keep_problem(&p->problem, e);
	if (!had_one && p->problem.msg[0])
		p->problem_at_end = p->terminating;
}

static void take_node(struct part *p)
{
	if (!p->failed && p->fn(p, p->fn_ctx)) {
		p->failed = true;
		xmlStopParser(p->ctxt);
	}
}

/* Whether namespace ns is SpreadsheetML's: by address first, as the
 * parser interns the names it reads. */
static bool is_sml_ns(const struct part *p, const char *ns)
{
	return ns && (ns == p->sml_ns || ns == p->sml_strict_ns ||
		      strcmp(ns, SML_NS) == 0 || strcmp(ns, SML_NS_STRICT) == 0);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **ns,
		     int nattrs, int ndefaulted, const xmlChar **attributes)
{
	struct part *p = ctx;

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	p->depth++;
	p->type = NODE_START;
	p->ns = (const char *)uri;
	p->sml = is_sml_ns(p, p->ns);
	p->local = (const char *)local;
	p->nattrs = nattrs;
	p->attrs = attributes;
	take_node(p);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct part *p = ctx;

	(void)prefix;
	if (--p->depth == 0)
		p->root_closed = true;
	p->type = NODE_END;
	p->ns = (const char *)uri;
	p->sml = is_sml_ns(p, p->ns);
	p->local = (const char *)local;
	p->nattrs = 0;
	take_node(p);
}

static void on_text(void *ctx, const xmlChar *text, int len)
{
	struct part *p = ctx;

	p->type = NODE_TEXT;
	p->text = (const char *)text;
	p->text_len = (size_t)len;
	take_node(p);
}

/* A DTD brings entities in (the billion laughs): none is taken. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
		       const xmlChar *sid)
{
	struct part *p = ctx;

	(void)name;
	(void)eid;
	(void)sid;
	if (!p->failed) {
		error_set(p->b->err, p->b->path, 0, _("a damaged .xlsx file: "
			  "%s has a document type declaration"), p->name);
		p->failed = true;
		xmlStopParser(p->ctxt);
	}
}

/* The error of a part libxml2 could not parse. */
static int part_problem(struct part *p)
{
	struct book *b = p->b;

	/* libxml2 reports a text node past its limit as out of memory */
	if (p->problem.code == XML_ERR_NO_MEMORY &&
	    !strstr(p->problem.msg, "huge text node"))
		return error_nomem(b->err);
	if (p->problem_at_end && !p->root_closed)
		return error_set(b->err, b->path, 0, _("a damaged .xlsx file: %s "
				 "is cut short"), p->name);
	return error_set(b->err, b->path, 0, _("a damaged .xlsx file: %s is "
			 "not well-formed XML (line %d: %s)"), p->name,
			 p->problem.line, p->problem.msg[0] ? p->problem.msg
			 : _("unknown error"));
}

static zip_file_t *open_part(struct book *b, const char *name)
{
	zip_file_t *zf = zip_fopen(b->za, name, ZIP_FL_NOCASE);
	int code;

	if (zf)
		return zf;
	code = zip_error_code_zip(zip_get_error(b->za));
	if (code == ZIP_ER_MEMORY)
		error_nomem(b->err);
	else if (code == ZIP_ER_NOENT)
		error_set(b->err, b->path, 0, _("a damaged .xlsx file: no %s in "
			  "the zip archive"), name);
	else
		error_set(b->err, b->path, 0, _("cannot read %s: %s"), name,
			  zip_error_strerror(zip_get_error(b->za)));
	return NULL;
}

/* Gives the part's bytes to the parser, up to the limit. */
static int feed(struct part *p, zip_file_t *zf)
{
	struct book *b = p->b;
	char buf[65536];

	for (;;) {
		zip_int64_t got = zip_fread(zf, buf, sizeof(buf));

		if (got < 0)
			return error_set(b->err, b->path, 0, _("a damaged .xlsx "
					 "file: cannot read %s: %s"), p->name,
					 zip_error_strerror(zip_file_get_error(zf)));
		if (got == 0)
			break;
		p->size += (long)got;
		if (p->size > p->limit)
			return error_set(b->err, b->path, 0, _("%s is larger than "
					 "the limit of %ld bytes"), p->name,
					 p->limit);
		xmlParseChunk(p->ctxt, buf, (int)got, 0);
		if (p->failed || p->problem.msg[0])
			return p->failed ? -1 : part_problem(p);
	}
	p->terminating = true;
	xmlParseChunk(p->ctxt, NULL, 0, 1);
	if (p->failed)
		return -1;
	return p->problem.msg[0] || !p->ctxt->wellFormed ? part_problem(p) : 0;
}

/* Parses the part called name, at most limit bytes of it, giving each
 * node to fn with ctx.  Returns 0, or -1 with the error filled (a part
 * missing is a damaged workbook). */
static int parse_part(struct book *b, const char *name, long limit,
		      node_fn *fn, void *ctx)
{
	xmlSAXHandler sax;
	struct part p;
	zip_file_t *zf = open_part(b, name);
	int rc;

	if (!zf)
		return -1;
	memset(&p, 0, sizeof(p));
	p.b = b;
	p.name = name;
	p.limit = limit;
	p.fn = fn;
	p.fn_ctx = ctx;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.ignorableWhitespace = on_text;
	sax.internalSubset = on_doctype;
	sax.serror = keep_first_problem;
	if (!(p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, name))) {
		zip_fclose(zf);
		return error_nomem(b->err);
	}
	/* no network, no entity expansion, errors kept rather than printed */
	xmlCtxtUseOptions(p.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
			  XML_PARSE_NOWARNING);
	p.sml_ns = (const char *)xmlDictLookup(p.ctxt->dict,
					       (const xmlChar *)SML_NS, -1);
	p.sml_strict_ns = (const char *)xmlDictLookup(p.ctxt->dict,
					(const xmlChar *)SML_NS_STRICT, -1);
	rc = feed(&p, zf);
	xmlFreeParserCtxt(p.ctxt);
	zip_fclose(zf);
	return rc;
}

/* Whether the current node is the start or end (as type says) of the
 * SpreadsheetML element name. */
static bool is_sml(const struct part *p, enum node_type type,
		   const char *name)
{
	return p->type == type && p->sml && strcmp(p->local, name) == 0;
}

static bool opens(const struct part *p, const char *name)
{
	return is_sml(p, NODE_START, name);
}

static bool closes(const struct part *p, const char *name)
{
	return is_sml(p, NODE_END, name);
}

/* Appends the text of the current node to sb. */
static int add_node_text(const struct part *p, struct strbuf *sb)
{
	return p->text_len ? sb_add(sb, p->text, p->text_len) : 0;
}

/* The value of attribute i of the current element, and its length. */
static const char *attr_value(const struct part *p, int i, size_t *len)
{
	const xmlChar **a = p->attrs + 5 * i;

	*len = (size_t)(a[4] - a[3]);
	return (const char *)a[3];
}

/* Whether attribute i of the current element is called local, in
 * namespace ns (NULL: in none). */
static bool attr_is(const struct part *p, int i, const char *local,
		    const char *ns)
{
	const char *an = (const char *)p->attrs[5 * i + 2];

	return strcmp((const char *)p->attrs[5 * i], local) == 0 &&
	       (ns ? an && strcmp(an, ns) == 0 : !an);
}

/* An attribute wanted of an element: its name (without a namespace),
 * and where its value goes: copied into buf (cut to size), value then
 * pointing there; value NULL when the element has no such attribute. */
struct attr_want {
	const char *name;
	char *buf;
	size_t size;
	const char *value;
};

/* Finds the attributes w[0..n-1] of the current element, in one pass. */
static void attrs(const struct part *p, struct attr_want *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w[i].value = NULL;
	for (int a = 0; a < p->nattrs; a++)
		for (size_t i = 0; i < n; i++)
			if (attr_is(p, a, w[i].name, NULL)) {
				size_t len;
				const char *v = attr_value(p, a, &len);

				if (len >= w[i].size)
					len = w[i].size - 1;
				memcpy(w[i].buf, v, len);
				w[i].buf[len] = '\0';
				w[i].value = w[i].buf;
			}
}

/* The value of the current element's attribute called local (without a
 * namespace), copied into buf; NULL when it has none. */
static const char *attr(const struct part *p, const char *local, char *buf,
			size_t size)
{
	struct attr_want w = { local, buf, size, NULL };

	attrs(p, &w, 1);
	return w.value;
}

/* The current element's attribute local, in namespace ns (NULL: none)
 * or its strict form ns2, copied into the book's arena; NULL when it has
 * none or memory ran out (*nomem set). */
static const char *attr_copy(struct book *b, const struct part *p,
			     const char *local, const char *ns,
			     const char *ns2, bool *nomem)
{
	for (int a = 0; a < p->nattrs; a++)
		if (attr_is(p, a, local, ns) || (ns2 && attr_is(p, a, local, ns2))) {
			size_t len;
			const char *v = attr_value(p, a, &len);
			char *copy = arena_strndup(&b->arena, v, len);

			*nomem = *nomem || !copy;
			return copy;
		}
	return NULL;
}

/* A whole decimal number no larger than max, from s. */
static bool parse_index(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long x = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		x = x * 10 + (unsigned long)(*s - '0');
		if (x > max)
			return false;
	}
	*out = x;
	return true;
}

/* ---- xl/workbook.xml and its relationships ---- */

static int add_sheet(struct book *b, const struct part *p)
{
	bool nomem = false;
	struct sheet_entry e = { NULL, NULL, NULL, false };

	e.name = attr_copy(b, p, "name", NULL, NULL, &nomem);
	e.rid = attr_copy(b, p, "id", REL_NS, REL_NS_STRICT, &nomem);
	if (nomem || mem_grow((void **)&b->sheets, &b->cap, b->nsheets + 1,
			      sizeof(*b->sheets)))
		return error_nomem(b->err);
	if (!e.name || !e.rid)
		return error_set(b->err, b->path, 0, _("a damaged .xlsx file: a "
				 "sheet in %s has no name or no r:id"), WORKBOOK);
	b->sheets[b->nsheets++] = e;
	return 0;
}

static int workbook_node(struct part *p, void *ctx)
{
	struct book *b = ctx;
	char buf[16];

	if (opens(p, "workbookPr")) {
		const char *v = attr(p, "date1904", buf, sizeof(buf));

		b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (opens(p, "sheet")) {
		return add_sheet(b, p);
	}
	return 0;
}

static int read_workbook(struct book *b)
{
	if (zip_name_locate(b->za, WORKBOOK, ZIP_FL_NOCASE) < 0 &&
	    zip_error_code_zip(zip_get_error(b->za)) == ZIP_ER_NOENT)
		return error_set(b->err, b->path, 0, _("not a .xlsx file: no %s "
				 "in the zip archive"), WORKBOOK);
	return parse_part(b, WORKBOOK, MAX_SMALL_PART_BYTES, workbook_node, b);
}

/* The part a relationship of the workbook targets: an absolute target
 * from the archive's root, a relative one from xl/, with "." and ".."
 * steps resolved. */
static const char *resolve_target(struct book *b, const char *target)
{
	size_t n = strlen(target) + sizeof("xl/");
	char *out = arena_alloc(&b->arena, n), *o = out;
	const char *s = target;

	if (!out)
		return NULL;
	if (*s == '/')
		s++;
	else
		o += sprintf(out, "xl/");
	while (*s) {
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (o > out)
				o--;	/* the slash of the last step */
			while (o > out && o[-1] != '/')
				o--;
		} else if (len && !(len == 1 && s[0] == '.')) {
			memcpy(o, s, len);
			o += len;
			if (e)
				*o++ = '/';
		}
		s += len + (e != NULL);
	}
	*o = '\0';
	return out;
}

/* Whether the relationship type names a part of that kind. */
static bool rel_is(const char *type, const char *kind)
{
	size_t tl = strlen(type), kl = strlen(kind);

	return tl > kl && type[tl - kl - 1] == '/' &&
	       strcmp(type + tl - kl, kind) == 0;
}

/* The worksheets' relationships, to be matched with the sheets. */
struct relationship {
	const char *id, *part;
	bool worksheet;
};

struct relationships {
	struct book *b;
	struct relationship *r;
	size_t n, cap;
};

static int relationship_node(struct part *p, void *ctx)
{
	struct relationships *rels = ctx;
	struct book *b = rels->b;
	bool nomem = false;
	const char *id, *type, *target, *mode, *part;

	if (p->type != NODE_START || !p->ns || strcmp(p->ns, PKG_REL_NS) ||
	    strcmp(p->local, "Relationship"))
		return 0;
	id = attr_copy(b, p, "Id", NULL, NULL, &nomem);
	type = attr_copy(b, p, "Type", NULL, NULL, &nomem);
	target = attr_copy(b, p, "Target", NULL, NULL, &nomem);
	mode = attr_copy(b, p, "TargetMode", NULL, NULL, &nomem);
	if (nomem)
		return error_nomem(b->err);
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return 0;
	if (!(part = resolve_target(b, target)))
		return error_nomem(b->err);
	if (rel_is(type, "sharedStrings"))
		b->strings_part = part;
	else if (rel_is(type, "styles"))
		b->styles_part = part;
	if (mem_grow((void **)&rels->r, &rels->cap, rels->n + 1,
		     sizeof(*rels->r)))
		return error_nomem(b->err);
	rels->r[rels->n++] = (struct relationship){
		id, part, rel_is(type, "worksheet")
	};
	return 0;
}

static int by_rel_id(const void *x, const void *y)
{
	return strcmp(((const struct relationship *)x)->id,
		      ((const struct relationship *)y)->id);
}

/* Reads the workbook's relationships, and gives each sheet its part. */
static int read_relationships(struct book *b)
{
	struct relationships rels = { b, NULL, 0, 0 };
	int rc = parse_part(b, WORKBOOK_RELS, MAX_SMALL_PART_BYTES,
			    relationship_node, &rels);

	if (rc == 0 && rels.n) {
		qsort(rels.r, rels.n, sizeof(*rels.r), by_rel_id);
		for (size_t i = 0; i < b->nsheets; i++) {
			struct relationship key = { b->sheets[i].rid, NULL, false };
			const struct relationship *r = bsearch(&key, rels.r,
				rels.n, sizeof(*rels.r), by_rel_id);

			if (r) {
				b->sheets[i].part = r->part;
				b->sheets[i].worksheet = r->worksheet;
			}
		}
	}
	mem_free(rels.r);
	return rc;
}

static void book_close(struct book *b)
{
	if (b->za)
		zip_discard(b->za);
	mem_free(b->sheets);
	arena_release(&b->arena);
	memset(b, 0, sizeof(*b));
}

/* Opens the workbook at path and reads which sheets it has. */
static int book_open(struct book *b, const char *path, struct duban_error *err)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->err = err;
	xmlInitParser();
	if (!(b->za = ooxml_open(path, ".xlsx", err)) || read_workbook(b) ||
	    read_relationships(b)) {
		book_close(b);
		return -1;
	}
	return 0;
}

int xlsx_sheet_names(const char *path, char ***names, size_t *n,
		     struct duban_error *err)
{
	struct book b;
	size_t bytes;
	char *s;

	*names = NULL;
	*n = 0;
	if (book_open(&b, path, err))
		return -1;
	bytes = (b.nsheets + 1) * sizeof(char *);
	for (size_t i = 0; i < b.nsheets; i++)
		bytes += strlen(b.sheets[i].name) + 1;
	if (!(*names = mem_alloc(bytes))) {
		book_close(&b);
		return error_nomem(err);
	}
	s = (char *)(*names + b.nsheets + 1);
	for (size_t i = 0; i < b.nsheets; i++) {
		size_t len = strlen(b.sheets[i].name) + 1;

		(*names)[i] = memcpy(s, b.sheets[i].name, len);
		s += len;
	}
	(*names)[b.nsheets] = NULL;
	*n = b.nsheets;
	book_close(&b);
	return 0;
}

/* ---- strings: rich text runs and OOXML's escapes ---- */

/* The text of a string item (<si> or <is>): its <t> elements, those of
 * its runs too, but not those of its phonetic readings (<rPh>). */
struct rich_text {
	struct strbuf sb;
	bool in_t, in_phonetic;
};

/* Takes the current node into rt if it belongs to the string's text. */
static int rich_text_node(struct rich_text *rt, const struct part *p)
{
	if (p->type == NODE_TEXT)
		return rt->in_t && !rt->in_phonetic ? add_node_text(p, &rt->sb) : 0;
	if (opens(p, "t") || closes(p, "t"))
		rt->in_t = p->type == NODE_START;
	else if (opens(p, "rPh") || closes(p, "rPh"))
		rt->in_phonetic = p->type == NODE_START;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The character an escape "_xHHHH_" at s stands for, or 0 when s is
 * none (or names NUL or half a surrogate pair, which stay as written). */
static unsigned escaped_char(const char *s, size_t n)
{
	unsigned cp = 0;

	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return 0;
	for (int i = 2; i < 6; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return 0;
		cp = cp * 16 + (unsigned)d;
	}
	return cp >= 0xd800 && cp <= 0xdfff ? 0 : cp;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | cp >> 12);
	o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* A copy of the n bytes at s in arena a, as a person reads the string:
 * Excel's escapes of characters XML cannot hold ("_x000D_") decoded, and
 * line ends (CRLF, CR) made "\n".  NULL when memory runs out. */
static char *cell_string(struct arena *a, const char *s, size_t n)
{
	char *out, *o;

	if (!memchr(s, '_', n) && !memchr(s, '\r', n))
		return arena_strndup(a, s, n);
	if (!(out = arena_alloc(a, n + 1)))	/* escapes only shrink */
		return NULL;
	for (o = out; n; ) {
		unsigned cp = escaped_char(s, n);
		size_t used = cp ? 7 : 1;

		if (cp == '\r' || (!cp && *s == '\r')) {
			if (n > used && s[used] == '\n')
				used++;
			else if (n >= used + 7 && escaped_char(s + used, n - used) == '\n')
				used += 7;
			*o++ = '\n';
		} else if (cp) {
			o += put_utf8(o, cp);
		} else {
			*o++ = *s;
		}
		s += used;
		n -= used;
	}
	*o = '\0';
	return out;
}

/* ---- the shared strings ---- */

struct strings {
	char **s;
	size_t n, cap;
};

static int add_string(struct book *b, struct strings *ss, struct arena *a,
		      const struct strbuf *sb)
{
	char *copy;

	if (ss->n >= (size_t)XLSX_MAX_CELLS)
		return error_set(b->err, b->path, 0, _("%s holds more than %ld "
				 "strings"), b->strings_part, XLSX_MAX_CELLS);
	if (mem_grow((void **)&ss->s, &ss->cap, ss->n + 1, sizeof(*ss->s)) ||
	    !(copy = cell_string(a, sb->s ? sb->s : "", sb->len)))
		return error_nomem(b->err);
	ss->s[ss->n++] = copy;
	return 0;
}

struct strings_reader {
	struct book *b;
	struct strings *ss;
	struct arena *arena;
	struct rich_text rt;
	bool in_si;
};

static int string_node(struct part *p, void *ctx)
{
	struct strings_reader *sr = ctx;

	if (opens(p, "si")) {
		sr->rt.sb.len = 0;
		sr->rt.in_t = sr->rt.in_phonetic = false;
		sr->in_si = true;
	} else if (closes(p, "si")) {
		sr->in_si = false;
		return add_string(sr->b, sr->ss, sr->arena, &sr->rt.sb);
	} else if (sr->in_si && rich_text_node(&sr->rt, p)) {
		return error_nomem(sr->b->err);
	}
	return 0;
}

/* Reads the shared strings into ss, their text into arena a. */
static int read_strings(struct book *b, struct strings *ss, struct arena *a)
{
	struct strings_reader sr = { b, ss, a, { STRBUF_INIT, false, false },
				     false };
	int rc;

	if (!b->strings_part)
		return 0;
	rc = parse_part(b, b->strings_part, MAX_PART_BYTES, string_node, &sr);
	sb_release(&sr.rt.sb);
	return rc;
}

/* ---- number formats ---- */

enum num_format { FMT_PLAIN, FMT_DATE, FMT_PERCENT };

/* What a built-in format id shows: 9 and 10 are percents; 14–22 and
 * 45–47 dates and times, and so are 27–36 and 50–58 in Chinese Excel. */
static enum num_format builtin_format(unsigned long id)
{
	if (id == 9 || id == 10)
		return FMT_PERCENT;
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return FMT_DATE;
	return FMT_PLAIN;
}

/* Whether a bracketed part of a format ("[h]", "[mm]") is elapsed time:
 * a duration, which no calendar date shows. */
static bool elapsed_time(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("hHmMsS", s[i]))
			return false;
	return true;
}

/* What a custom format code shows, by its codes outside quoted text,
 * escaped and padding characters and bracketed colours and locales; an
 * elapsed time ("[h]:mm") is a number of days, not a date. */
static enum num_format custom_format(const char *code)
{
	bool percent = false;

	for (const char *s = code; *s; s++) {
		const char *e;

		switch (*s) {
		case '"':
			e = strchr(s + 1, '"');
			if (!e)
				return percent ? FMT_PERCENT : FMT_PLAIN;
			s = e;
			break;
		case '\\': case '_': case '*':
			if (s[1])
				s++;
			break;
		case '[':
			e = strchr(s + 1, ']');
			if (!e)
				return percent ? FMT_PERCENT : FMT_PLAIN;
			if (elapsed_time(s + 1, (size_t)(e - s - 1)))
				return FMT_PLAIN;
			s = e;
			break;
		case '%':
			percent = true;
			break;
		default:
			if (strchr("yYmMdDhHsS", *s))
				return FMT_DATE;
		}
	}
	return percent ? FMT_PERCENT : FMT_PLAIN;
}

struct custom_fmt {
	unsigned long id;
	enum num_format kind;
};

static int by_id(const void *a, const void *b)
{
	unsigned long x = ((const struct custom_fmt *)a)->id;
	unsigned long y = ((const struct custom_fmt *)b)->id;

	return (x > y) - (x < y);
}

/* The number formats of the workbook: what each cell format shows. */
struct styles {
	unsigned long *xf_fmt;	/* the numFmtId of each cell format */
	enum num_format *xf;	/* what each shows, once resolved */
	size_t nxf, xf_cap;
	struct custom_fmt *custom;
	size_t ncustom, custom_cap;
};

static void styles_release(struct styles *st)
{
	mem_free(st->xf_fmt);
	mem_free(st->xf);
	mem_free(st->custom);
	memset(st, 0, sizeof(*st));
}

/* Takes a <numFmt> or (in cellXfs) an <xf> into st. */
static int style_element(struct book *b, struct styles *st,
			 const struct part *p, bool in_cell_xfs)
{
	char id_buf[16], code[1024];
	unsigned long id = 0;
	const char *v = attr(p, "numFmtId", id_buf,
			     sizeof(id_buf));
	bool has_id = parse_index(v, ULONG_MAX / 16, &id);

	if (opens(p, "numFmt") && has_id &&
	    attr(p, "formatCode", code, sizeof(code))) {
		if (st->ncustom >= MAX_STYLES)
			goto too_many;
		if (mem_grow((void **)&st->custom, &st->custom_cap,
			     st->ncustom + 1, sizeof(*st->custom)))
			return error_nomem(b->err);
		st->custom[st->ncustom].id = id;
		st->custom[st->ncustom++].kind = custom_format(code);
	} else if (in_cell_xfs && opens(p, "xf")) {
		if (st->nxf >= MAX_STYLES)
			goto too_many;
		if (mem_grow((void **)&st->xf_fmt, &st->xf_cap, st->nxf + 1,
			     sizeof(*st->xf_fmt)))
			return error_nomem(b->err);
		st->xf_fmt[st->nxf++] = has_id ? id : 0;
	}
	return 0;
too_many:
	return error_set(b->err, b->path, 0, _("%s holds more than %lu "
			 "formats"), b->styles_part, MAX_STYLES);
}

/* Resolves what each cell format shows. */
static int resolve_styles(struct book *b, struct styles *st)
{
	if (st->nxf && !(st->xf = mem_calloc(st->nxf, sizeof(*st->xf))))
		return error_nomem(b->err);
	if (st->ncustom)
		qsort(st->custom, st->ncustom, sizeof(*st->custom), by_id);
	for (size_t i = 0; i < st->nxf; i++) {
		struct custom_fmt key = { st->xf_fmt[i], FMT_PLAIN };
		const struct custom_fmt *c = st->ncustom ?
			bsearch(&key, st->custom, st->ncustom,
				sizeof(*st->custom), by_id) : NULL;

		st->xf[i] = c ? c->kind : builtin_format(key.id);
	}
	return 0;
}

struct styles_reader {
	struct book *b;
	struct styles *st;
	bool in_cell_xfs;
};

static int style_node(struct part *p, void *ctx)
{
	struct styles_reader *sr = ctx;

	if (opens(p, "cellXfs") || closes(p, "cellXfs")) {
		sr->in_cell_xfs = p->type == NODE_START;
		return 0;
	}
	return style_element(sr->b, sr->st, p, sr->in_cell_xfs);
}

static int read_styles(struct book *b, struct styles *st)
{
	struct styles_reader sr = { b, st, false };

	if (!b->styles_part)
		return 0;
	if (parse_part(b, b->styles_part, MAX_SMALL_PART_BYTES, style_node,
		       &sr))
		return -1;
	return resolve_styles(b, st);
}

/* ---- cell texts: numbers and dates ---- */

/* The text of a number as the part writes it, v, into buf (48 bytes),
 * when it is the shortest that reads back and is written as %g writes it:
 * no exponent, from 0.0001 to below 1e15, at most 15 significant digits
 * once the zeros ending its fraction are dropped (a double keeps 15).
 * Returns false when it is not, for number_text() to make it. */
static bool plain_number_text(const char *v, char *buf)
{
	const char *s = v, *whole, *frac = "";
	size_t whole_len, frac_len = 0, zeros = 0;
	char *o = buf;

	if (*s == '-')
		*o++ = *s++;
	while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	for (whole = s; *s >= '0' && *s <= '9'; s++)
		;
	whole_len = (size_t)(s - whole);
	if (*s == '.')
		for (frac = ++s; *s >= '0' && *s <= '9'; s++)
			frac_len++;
	if (*s || !whole_len || whole_len > 15)
		return false;
	while (frac_len && frac[frac_len - 1] == '0')
		frac_len--;
	if (whole_len == 1 && *whole == '0') {
		if (!frac_len) {
			strcpy(buf, "0");	/* "-0" too */
			return true;
		}
		while (frac[zeros] == '0')
			zeros++;
		if (zeros > 3 || frac_len - zeros > 15)
			return false;
	} else if (whole_len + frac_len > 15) {
		return false;
	}
	memcpy(o, whole, whole_len);
	o += whole_len;
	if (frac_len) {
		*o++ = '.';
		memcpy(o, frac, frac_len);
		o += frac_len;
	}
	*o = '\0';
	return true;
}

/* The shortest text of x that reads back as x, into buf (48 bytes):
 * a double has 15 decimal digits that always survive, so those are tried
 * first, and %g drops the zeros after them. */
static void number_text(double x, char *buf)
{
	if (x == 0) {
		strcpy(buf, "0");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, 48, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* The text of serial (not negative) as a date (days since 1899-12-30, or 1904-01-01)
 * and time of day, into buf (48 bytes).  Excel's day 60 of the 1900
 * system is the 29 February 1900 that never was, and days 1–59 come one
 * day later than a count from 1899-12-30 gives. */
static void date_text(double serial, bool date1904, char *buf)
{
	long day = (long)serial;	/* serial is not negative */
	long secs = (long)((serial - (double)day) * 86400 + 0.5);
	size_t n = 0;
	int y, m, d;

	if (secs == 86400) {
		day++;
		secs = 0;
	}
	if (day == 0) {
		buf[0] = '\0';	/* a time alone */
	} else if (day == 60 && !date1904) {
		n = (size_t)sprintf(buf, "1900-02-29");
	} else {
		day += date1904 ? DAYS_1904 : day < 60;
		date_to_ymd((date_t)(day - EXCEL_TO_UNIX_DAYS), &y, &m, &d);
		n = (size_t)sprintf(buf, "%04d-%02d-%02d", y, m, d);
	}
	if (secs || !n)
		n += (size_t)sprintf(buf + n, "%s%02ld:%02ld", n ? " " : "",
				     secs / 3600, secs / 60 % 60);
	if (secs % 60)
		sprintf(buf + n, ":%02ld", secs % 60);
}

/* ---- a sheet ---- */

/* A cell read, before the grid is laid out. */
struct placed {
	uint32_t row, col;
	struct xlsx_cell cell;
};

/* What t="…" says a cell holds. */
enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STR, T_BOOL, T_ERROR, T_DATE };

struct sheet_reader {
	struct book *b;
	const char *part;		/* the sheet's part, for messages */
	const struct part *p;		/* its node being read */
	const struct strings *ss;
	const struct styles *st;
	struct arena *arena;		/* the sheet's */
	unsigned long row, col;		/* 1-based; 0 before the first */
	/* the cell being read */
	enum cell_type type;
	unsigned long style;
	struct strbuf v;		/* its <v> */
	struct rich_text is;		/* its <is> */
	bool in_v, in_is;
	/* the cells read */
	struct placed *cells;
	size_t ncells, cap;
	unsigned long nrows, ncols;
	struct xlsx_range *merged;
	size_t nmerged, merged_cap;
};

/* The name of the cell at row, col (1-based), "XFD1048576", into buf
 * (at least 24 bytes). */
static char *cell_name(unsigned long row, unsigned long col, char *buf)
{
	char letters[8];
	int n = 0;

	for (; col > 0 && n < 7; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		buf[i] = letters[n - 1 - i];
	snprintf(buf + n, 16, "%lu", row % 10000000000UL);
	return buf;
}

/* Reads a cell reference "C7" into *row, *col (1-based).  Returns 0, -1
 * if s is none, -2 if it is beyond XFD1048576. */
static int parse_ref(const char *s, unsigned long *row, unsigned long *col)
{
	unsigned long c = 0, r = 0;
	size_t letters = 0, digits = 0;

	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++)
		if (++letters <= 4)
			c = c * 26 + (unsigned long)((*s | 0x20) - 'a' + 1);
	for (; *s >= '0' && *s <= '9'; s++)
		if (++digits <= 8)
			r = r * 10 + (unsigned long)(*s - '0');
	if (!letters || !digits || *s || !r)
		return -1;
	if (letters > 3 || digits > 8 || c > MAX_COLS || r > MAX_ROWS)
		return -2;
	*row = r;
	*col = c;
	return 0;
}

static int outside_sheet(struct sheet_reader *r, const char *ref)
{
	return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx file: "
			 "%s: cell \"%s\" is outside the sheet (columns A to "
			 "XFD, rows 1 to 1048576)"), r->part, ref);
}

static int not_a_ref(struct sheet_reader *r, const char *ref)
{
	return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx file: "
			 "%s: \"%s\" is not a cell reference"), r->part, ref);
}

/* <row>: its number, or the one after the row before. */
static int start_row(struct sheet_reader *r)
{
	char buf[24];
	const char *v = attr(r->p, "r", buf, sizeof(buf));

	if (!v) {
		r->row++;
	} else if (!parse_index(v, ULONG_MAX / 16, &r->row) || !r->row) {
		return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx "
				 "file: %s: \"%s\" is not a row number"),
				 r->part, v);
	}
	if (r->row > MAX_ROWS)
		return outside_sheet(r, cell_name(r->row, 1, buf));
	r->col = 0;
	return 0;
}

static enum cell_type cell_type(const char *t)
{
	static const struct { const char *name; enum cell_type type; } types[] = {
		{ "s", T_SHARED }, { "inlineStr", T_INLINE }, { "str", T_STR },
		{ "b", T_BOOL }, { "e", T_ERROR }, { "d", T_DATE },
	};

	for (size_t i = 0; t && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return T_NUMBER;
}

/* <c>: where it goes, its type and its format. */
static int start_cell(struct sheet_reader *r)
{
	char ref[24], type[16], style[16];
	struct attr_want w[] = {
		{ "r", ref, sizeof(ref), NULL },
		{ "t", type, sizeof(type), NULL },
		{ "s", style, sizeof(style), NULL },
	};
	int rc;

	attrs(r->p, w, 3);
	if (!r->row)
		r->row = 1;	/* a cell outside any row: the first */
	if (w[0].value) {
		if ((rc = parse_ref(ref, &r->row, &r->col)) == -2)
			return outside_sheet(r, ref);
		if (rc)
			return not_a_ref(r, ref);
	} else if (++r->col > MAX_COLS) {
		return outside_sheet(r, cell_name(r->row, r->col, ref));
	}
	r->type = cell_type(w[1].value);
	if (!w[2].value || !parse_index(style, ULONG_MAX / 16, &r->style))
		r->style = ULONG_MAX;
	r->v.len = 0;
	r->is.sb.len = 0;
	r->in_v = r->in_is = false;
	r->is.in_t = r->is.in_phonetic = false;
	return 0;
}

/* What the cell's format shows. */
static enum num_format cell_format(const struct sheet_reader *r)
{
	return r->style < r->st->nxf ? r->st->xf[r->style] : FMT_PLAIN;
}

/* The cell's number, its text and what its format shows. */
static int number_cell(struct sheet_reader *r, const char *v,
		       struct xlsx_cell *c)
{
	enum num_format fmt = cell_format(r);
	char *end, text[48];

	c->number = strtod(v, &end);
	if (end == v || *end || !isfinite(c->number))
		return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx "
				 "file: %s: cell %s holds \"%s\", not a number"),
				 r->part, cell_name(r->row, r->col, text), v);
	c->kind = XLSX_NUMBER;
	c->date = fmt == FMT_DATE && c->number >= 0 && c->number < MAX_SERIAL;
	c->percent = fmt == FMT_PERCENT;
	if (c->date)
		date_text(c->number, r->b->date1904, text);
	else if (!plain_number_text(v, text))
		number_text(c->number, text);
	c->text = arena_strndup(r->arena, text, strlen(text));
	return c->text ? 0 : error_nomem(r->b->err);
}

static int shared_string_cell(struct sheet_reader *r, const char *v,
			      struct xlsx_cell *c)
{
	unsigned long i;
	char ref[24];

	if (!parse_index(v, ULONG_MAX / 16, &i) || i >= r->ss->n)
		return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx "
				 "file: %s: cell %s refers to shared string "
				 "\"%s\", and there are %zu"), r->part,
				 cell_name(r->row, r->col, ref), v, r->ss->n);
	c->kind = XLSX_TEXT;
	c->text = r->ss->s[i];
	return 0;
}

/* The cell's value from what was read of it; kind stays XLSX_EMPTY for
 * a cell without one. */
static int cell_value(struct sheet_reader *r, struct xlsx_cell *c)
{
	const char *v = r->v.s ? r->v.s : "";
	const struct strbuf *text = &r->v;

	switch (r->type) {
	case T_SHARED:
		return r->v.len ? shared_string_cell(r, v, c) : 0;
	case T_BOOL:
		if (!r->v.len)
			return 0;
		c->kind = XLSX_BOOL;
		c->number = strcmp(v, "0") != 0;
		c->text = c->number ? "TRUE" : "FALSE";
		return 0;
	case T_NUMBER:
		return r->v.len ? number_cell(r, v, c) : 0;
	case T_INLINE:
		text = &r->is.sb;
		break;
	case T_STR: case T_ERROR: case T_DATE:
		break;
	}
	if (!text->len && r->type != T_STR)
		return 0;
	c->kind = r->type == T_ERROR ? XLSX_ERROR : XLSX_TEXT;
	c->text = cell_string(r->arena, text->s ? text->s : "", text->len);
	return c->text ? 0 : error_nomem(r->b->err);
}

/* </c>: the cell, if it holds a value, among those read. */
static int end_cell(struct sheet_reader *r)
{
	struct xlsx_cell c = { XLSX_EMPTY, false, false, "", 0 };

	if (cell_value(r, &c))
		return -1;
	if (c.kind == XLSX_EMPTY)
		return 0;
	if (r->ncells >= (size_t)XLSX_MAX_CELLS)
		return error_set(r->b->err, r->b->path, 0, _("%s has more than "
				 "%ld cells"), r->part, XLSX_MAX_CELLS);
	if (mem_grow((void **)&r->cells, &r->cap, r->ncells + 1,
		     sizeof(*r->cells)))
		return error_nomem(r->b->err);
	r->cells[r->ncells].row = (uint32_t)(r->row - 1);
	r->cells[r->ncells].col = (uint32_t)(r->col - 1);
	r->cells[r->ncells++].cell = c;
	if (r->row > r->nrows)
		r->nrows = r->row;
	if (r->col > r->ncols)
		r->ncols = r->col;
	return 0;
}

/* <mergeCell ref="A1:F1">. */
static int add_merge(struct sheet_reader *r)
{
	char buf[48];
	const char *v = attr(r->p, "ref", buf, sizeof(buf));
	char *colon = v ? strchr(buf, ':') : NULL;
	unsigned long r1, c1, r2, c2;
	int rc1, rc2;

	if (!colon)
		return not_a_ref(r, v ? v : "");
	*colon = '\0';
	rc1 = parse_ref(v, &r1, &c1);
	rc2 = parse_ref(colon + 1, &r2, &c2);
	*colon = ':';
	if (rc1 == -1 || rc2 == -1)
		return not_a_ref(r, v);
	if (rc1 || rc2)
		return outside_sheet(r, v);
	if (r->nmerged >= (size_t)XLSX_MAX_CELLS)
		return error_set(r->b->err, r->b->path, 0, _("%s has more than "
				 "%ld merged ranges"), r->part, XLSX_MAX_CELLS);
	if (mem_grow((void **)&r->merged, &r->merged_cap, r->nmerged + 1,
		     sizeof(*r->merged)))
		return error_nomem(r->b->err);
	r->merged[r->nmerged++] = (struct xlsx_range){
		(r1 < r2 ? r1 : r2) - 1, (c1 < c2 ? c1 : c2) - 1,
		(r1 < r2 ? r2 : r1) - 1, (c1 < c2 ? c2 : c1) - 1
	};
	return 0;
}

/* Takes the current node of the sheet part into r. */
static int sheet_node(struct part *p, void *ctx)
{
	struct sheet_reader *r = ctx;

	r->p = p;
	if (p->type == NODE_TEXT) {
		if (r->in_v)
			return add_node_text(p, &r->v) ? error_nomem(r->b->err) : 0;
		if (r->in_is)
			return rich_text_node(&r->is, p) ? error_nomem(r->b->err) : 0;
		return 0;
	}
	if (opens(p, "c"))
		return start_cell(r);
	if (closes(p, "c"))
		return end_cell(r);
	if (opens(p, "v") || closes(p, "v"))
		r->in_v = p->type == NODE_START;
	else if (opens(p, "is") || closes(p, "is"))
		r->in_is = p->type == NODE_START;
	else if (r->in_is)
		return rich_text_node(&r->is, p);
	else if (opens(p, "row"))
		return start_row(r);
	else if (opens(p, "mergeCell"))
		return add_merge(r);
	return 0;
}

/* For each cell of the grid, 1 + the index of the merged range that covers
 * it, or 0: a map of rows * cols, the ranges clipped to it.  Ranges that
 * overlap (Excel never writes them) make it fail with *overlap set to the
 * index of the later one. */
static int merge_map(const struct xlsx_range *m, size_t nm, size_t rows,
		     size_t cols, uint32_t **map, size_t *overlap)
{
	*overlap = SIZE_MAX;
	if (!nm || !rows || !cols) {
		*map = NULL;
		return 0;
	}
	if (!(*map = mem_calloc(rows * cols, sizeof(**map))))
		return -1;
	for (size_t i = 0; i < nm; i++)
		for (size_t row = m[i].first_row; row <= m[i].last_row &&
		     row < rows; row++)
			for (size_t col = m[i].first_col; col <= m[i].last_col &&
			     col < cols; col++) {
				uint32_t *at = &(*map)[row * cols + col];

				if (*at) {
					*overlap = i;
					mem_free(*map);
					*map = NULL;
					return -1;
				}
				*at = (uint32_t)(i + 1);
			}
	return 0;
}

/* The name of range m, "A1:F1", into buf (at least 48 bytes). */
static char *range_name(const struct xlsx_range *m, char *buf)
{
	size_t n = strlen(cell_name(m->first_row + 1, m->first_col + 1, buf));

	buf[n] = ':';
	cell_name(m->last_row + 1, m->last_col + 1, buf + n + 1);
	return buf;
}

static bool ranges_overlap(const struct xlsx_range *x,
			   const struct xlsx_range *y)
{
	return x->first_row <= y->last_row && y->first_row <= x->last_row &&
	       x->first_col <= y->last_col && y->first_col <= x->last_col;
}

/* Checks the merged ranges of the sheet read do not overlap. */
static int check_merges(struct sheet_reader *r)
{
	uint32_t *map;
	size_t later, earlier = 0;
	char a[48], b[48];

	if (merge_map(r->merged, r->nmerged, r->nrows, r->ncols, &map,
		      &later) == 0) {
		mem_free(map);
		return 0;
	}
	if (later == SIZE_MAX)
		return error_nomem(r->b->err);
	while (!ranges_overlap(&r->merged[earlier], &r->merged[later]))
		earlier++;
	return error_set(r->b->err, r->b->path, 0, _("a damaged .xlsx file: "
			 "%s: merged cells %s and %s overlap"), r->part,
			 range_name(&r->merged[earlier], a),
			 range_name(&r->merged[later], b));
}

/* Lays the cells read out in s's grid. */
static int lay_out(struct sheet_reader *r, struct xlsx_sheet *s)
{
	static const struct xlsx_cell empty = { XLSX_EMPTY, false, false, "", 0 };
	size_t ncells;

	if (r->nrows && r->ncols > (size_t)XLSX_MAX_CELLS / r->nrows)
		return error_set(r->b->err, r->b->path, 0, _("%s is larger than "
				 "the limit of %ld cells (%lu rows, %lu "
				 "columns)"), r->part, XLSX_MAX_CELLS,
				 r->nrows, r->ncols);
	ncells = r->nrows * r->ncols;
	if (ncells && !(s->cells = mem_alloc(ncells * sizeof(*s->cells))))
		return error_nomem(r->b->err);
	for (size_t i = 0; i < ncells; i++)
		s->cells[i] = empty;
	for (size_t i = 0; i < r->ncells; i++)
		s->cells[r->cells[i].row * r->ncols + r->cells[i].col] =
			r->cells[i].cell;
	s->nrows = r->nrows;
	s->ncols = r->ncols;
	return 0;
}

/* Reads the sheet entry e of book b into s. */
static int read_sheet_part(struct book *b, const struct sheet_entry *e,
			   struct xlsx_sheet *s)
{
	struct strings ss = { NULL, 0, 0 };
	struct styles st = { NULL, NULL, 0, 0, NULL, 0, 0 };
	struct sheet_reader r;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.b = b;
	r.part = e->part;
	r.ss = &ss;
	r.st = &st;
	r.arena = &s->arena;
	if (!(s->name = arena_strndup(&s->arena, e->name, strlen(e->name)))) {
		error_nomem(b->err);
		goto out;
	}
	if (read_strings(b, &ss, &s->arena) || read_styles(b, &st) ||
	    parse_part(b, e->part, MAX_PART_BYTES, sheet_node, &r) ||
	    check_merges(&r) || lay_out(&r, s))
		goto out;
	s->merged = r.merged;
	s->nmerged = r.nmerged;
	r.merged = NULL;
	rc = 0;
out:
	mem_free(ss.s);
	styles_release(&st);
	mem_free(r.cells);
	mem_free(r.merged);
	sb_release(&r.v);
	sb_release(&r.is.sb);
	return rc;
}

/* The sheet called name (NULL: the first), or NULL with the error filled
 * naming the sheets there are. */
static const struct sheet_entry *find_sheet(struct book *b, const char *name)
{
	struct strbuf list = STRBUF_INIT;

	if (!name && b->nsheets)
		return &b->sheets[0];
	for (size_t i = 0; name && i < b->nsheets; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			return &b->sheets[i];
	if (!name) {
		error_set(b->err, b->path, 0, _("a damaged .xlsx file: %s names "
			  "no sheet"), WORKBOOK);
		return NULL;
	}
	for (size_t i = 0; i < b->nsheets; i++)
		if ((i && sb_puts(&list, ", ")) || sb_puts(&list, b->sheets[i].name)) {
			sb_release(&list);
			error_nomem(b->err);
			return NULL;
		}
	error_set(b->err, b->path, 0, _("no sheet \"%s\" (the sheets are: %s)"),
		  name, list.s ? list.s : "");
	sb_release(&list);
	return NULL;
}

int xlsx_read_sheet(const char *path, const char *name, struct xlsx_sheet *s,
		    struct duban_error *err)
{
	const struct sheet_entry *e;
	struct book b;
	int rc = -1;

	*s = (struct xlsx_sheet)XLSX_SHEET_INIT;
	if (book_open(&b, path, err))
		return -1;
	if (!(e = find_sheet(&b, name)))
		goto out;
	if (!e->part) {
		error_set(err, path, 0, _("a damaged .xlsx file: %s has no "
			  "relationship \"%s\" for sheet \"%s\""), WORKBOOK_RELS,
			  e->rid, e->name);
		goto out;
	}
	if (!e->worksheet) {
		error_set(err, path, 0, _("sheet \"%s\" is a chart or a dialog, "
			  "not a worksheet"), e->name);
		goto out;
	}
	rc = read_sheet_part(&b, e, s);
out:
	if (rc)
		xlsx_sheet_release(s);
	book_close(&b);
	return rc;
}

const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *s, size_t row,
				  size_t col)
{
	static const struct xlsx_cell empty = { XLSX_EMPTY, false, false, "", 0 };

	if (row >= s->nrows || col >= s->ncols)
		return &empty;
	return &s->cells[row * s->ncols + col];
}

void xlsx_sheet_release(struct xlsx_sheet *s)
{
	mem_free(s->cells);
	mem_free(s->merged);
	arena_release(&s->arena);
	*s = (struct xlsx_sheet)XLSX_SHEET_INIT;
}

/* ---- the sheet as lines of text ---- */

/* Appends text to out as one cell of a line: tabs and runs of blanks as
 * one blank, line breaks as DOCX_CELL_BREAK, empty lines and the blanks
 * at either end of a line left out. */
static int add_cell_text(struct strbuf *out, const char *text)
{
	size_t start = out->len;
	bool blank = false, newline = false;
	int rc = 0;

	for (const char *s = text; *s && !rc; s++) {
		if (*s == ' ' || *s == '\t') {
			blank = out->len > start && !newline;
		} else if (*s == '\n') {
			newline = out->len > start;
			blank = false;
		} else {
			if (newline)
				rc = sb_puts(out, DOCX_CELL_BREAK);
			else if (blank)
				rc = sb_add(out, " ", 1);
			newline = blank = false;
			rc = rc || sb_add(out, s, 1);
		}
	}
	return rc;
}

const char *xlsx_shown(const struct xlsx_cell *c, char *buf, size_t size)
{
	if (c->kind != XLSX_NUMBER || !c->percent || c->date)
		return c->text;
	/* 15 significant digits, as Excel shows: 0.45 * 100 is 45 */
	snprintf(buf, size, "%.15g%%", c->number * 100);
	return buf;
}

/* The text the cell at row, col shows in its line, given the merged
 * ranges' map; buf holds a percent's. */
static const char *cell_shown(const struct xlsx_sheet *s, const uint32_t *map,
			      size_t row, size_t col, char *buf, size_t size)
{
	const struct xlsx_range *m;

	if (!map || !map[row * s->ncols + col])
		return xlsx_shown(&s->cells[row * s->ncols + col], buf, size);
	m = &s->merged[map[row * s->ncols + col] - 1];
	if (col != m->first_col)
		return "";
	return xlsx_shown(&s->cells[m->first_row * s->ncols + m->first_col],
			  buf, size);
}

/* Appends row of s to out as a line.  Returns 0, -1 out of memory, or
 * -2 when out would grow past end bytes: merged ranges and shared
 * strings repeat text, so a small sheet could make a huge one. */
static int sheet_row_text(const struct xlsx_sheet *s, const uint32_t *map,
			  size_t row, struct strbuf *out, size_t end)
{
	size_t start = out->len;
	bool any = false;

	char percent[XLSX_SHOWN_MAX];

	for (size_t col = 0; col < s->ncols; col++) {
		size_t at = out->len;

		if ((col && sb_add(out, "\t", 1)) ||
		    add_cell_text(out, cell_shown(s, map, row, col, percent,
						  sizeof(percent))))
			return -1;
		if (out->len > end)
			return -2;
		any = any || out->len > at + (col > 0);
	}
	if (!any)
		out->len = start;	/* an empty row: an empty line */
	return sb_add(out, "\n", 1);
}

int xlsx_sheet_text(const struct xlsx_sheet *s, struct strbuf *out,
		    struct duban_error *err)
{
	size_t end = out->len + MAX_TEXT_BYTES;
	uint32_t *map;
	size_t overlap;
	int rc = 0;

	if (merge_map(s->merged, s->nmerged, s->nrows, s->ncols, &map,
		      &overlap))
		return overlap == SIZE_MAX ? error_nomem(err) :
		       error_set(err, NULL, 0, _("sheet \"%s\": merged cells "
				 "overlap"), s->name);
	for (size_t row = 0; row < s->nrows && !rc; row++)
		rc = sheet_row_text(s, map, row, out, end);
	mem_free(map);
	if (rc == -1)
		return error_nomem(err);
	if (rc == -2)
		return error_set(err, NULL, 0, _("the text of sheet \"%s\" is "
				 "larger than the limit of %ld bytes"), s->name,
				 MAX_TEXT_BYTES);
	return 0;
}

bool xlsx_is_xlsx(const char *path, const char *data, size_t n)
{
	size_t len = strlen(path);
	zip_t *za;
	bool found;
	int code;

	if (len >= 5 && strcasecmp(path + len - 5, ".xlsx") == 0)
		return true;
	if (n < 4 || memcmp(data, "PK\3\4", 4) != 0)
		return false;
	if (!(za = zip_open(path, ZIP_RDONLY, &code)))
		return false;
	found = zip_name_locate(za, WORKBOOK, ZIP_FL_NOCASE) >= 0;
	zip_discard(za);
	return found;
}
