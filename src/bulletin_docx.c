/*
 * The 通报 as a Word document (bulletin.h), for the office to edit before
 * sending: real styles (the headings are Heading 1, so Word's navigation
 * pane lists them), tables whose header row repeats on every page, page
 * numbers in the footer ("— 1 —").
 *
 * Laid out after GB/T 9704 (党政机关公文格式): A4, margins 37 mm top,
 * 35 mm bottom, 28 mm left, 26 mm right, 22 lines a page; the text in 仿宋
 * 三号 (16 pt), headings in 黑体, the subject in 小标宋 二号 (22 pt), the
 * masthead in red with a red line under it.  The font table describes
 * each font (GB2312 character set, its family and PANOSE), so that Word
 * on a machine without 方正小标宋简体 or 仿宋_GB2312 falls back to a
 * Chinese serif, not a Latin one.
 *
 * Every part is written with libxml2's xmlTextWriter (which escapes the
 * text) into memory, zipped with libzip in memory, and the archive put in
 * place by file_replace(): the file is whole or not there.  The entries
 * carry a fixed time, so the same bulletin gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>
#include <zip.h>
#include <libxml/xmlwriter.h>

#include "duban/bulletin.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/text.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* Sizes in half-points and widths in twentieths of a point. */
enum { SIZE_TEXT = 32, SIZE_SUBJECT = 44, SIZE_MASTHEAD = 72,
       SIZE_TABLE = 21, SIZE_FOOTER = 28 };

/* The page: A4 upright, with the margins of GB/T 9704 (37 mm top, 35 mm
 * bottom, 28 mm left, 26 mm right), or turned for the attachment's table,
 * its top margin at the left; and the width of the text on it. */
struct page {
	const char *width, *height, *orient;
	const char *top, *right, *bottom, *left;
	long text_width;
};

static const struct page upright = {
	"11906", "16838", NULL, "2098", "1474", "1984", "1588", 8844,
};
static const struct page turned = {
	"16838", "11906", "landscape", "1588", "1984", "1474", "2098", 12756,
};

static const char font_text[] = "仿宋_GB2312";
static const char font_heading[] = "黑体";
static const char font_subject[] = "方正小标宋简体";
static const char font_latin[] = "Times New Roman";

/* --- xmlTextWriter, failing as one ----------------------------------------- */

static int start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name) < 0;
}

static int end(xmlTextWriterPtr w)
{
	return xmlTextWriterEndElement(w) < 0;
}

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(w, BAD_CAST name,
					   BAD_CAST value) < 0;
}

/* <name w:val="value"/> */
static int val(xmlTextWriterPtr w, const char *name, const char *value)
{
	return start(w, name) || attr(w, "w:val", value) || end(w);
}

static int empty(xmlTextWriterPtr w, const char *name)
{
	return start(w, name) || end(w);
}

static int plain(xmlTextWriterPtr w, const char *s);

/* --- the parts ------------------------------------------------------------- */

typedef int (*part_fn)(xmlTextWriterPtr w, const void *arg);

static int content_types(xmlTextWriterPtr w, const void *arg)
{
	static const char *const overrides[][2] = {
		{ "/word/document.xml", "application/vnd.openxmlformats-"
		  "officedocument.wordprocessingml.document.main+xml" },
		{ "/word/styles.xml", "application/vnd.openxmlformats-"
		  "officedocument.wordprocessingml.styles+xml" },
		{ "/word/fontTable.xml", "application/vnd.openxmlformats-"
		  "officedocument.wordprocessingml.fontTable+xml" },
		{ "/word/footer1.xml", "application/vnd.openxmlformats-"
		  "officedocument.wordprocessingml.footer+xml" },
		{ "/docProps/core.xml", "application/vnd.openxmlformats-"
		  "package.core-properties+xml" },
	};
	int rc = start(w, "Types") ||
		 attr(w, "xmlns", "http://schemas.openxmlformats.org/package/"
		      "2006/content-types") ||
		 start(w, "Default") || attr(w, "Extension", "rels") ||
		 attr(w, "ContentType", "application/vnd.openxmlformats-"
		      "package.relationships+xml") || end(w) ||
		 start(w, "Default") || attr(w, "Extension", "xml") ||
		 attr(w, "ContentType", "application/xml") || end(w);

	(void)arg;
	for (size_t i = 0; i < sizeof(overrides) / sizeof(*overrides) && !rc;
	     i++)
		rc = start(w, "Override") ||
		     attr(w, "PartName", overrides[i][0]) ||
		     attr(w, "ContentType", overrides[i][1]) || end(w);
	return rc || end(w);
}

static int relationship(xmlTextWriterPtr w, const char *id, const char *type,
			const char *target)
{
	return start(w, "Relationship") || attr(w, "Id", id) ||
	       attr(w, "Type", type) || attr(w, "Target", target) || end(w);
}

static int package_rels(xmlTextWriterPtr w, const void *arg)
{
	(void)arg;
	return start(w, "Relationships") || attr(w, "xmlns", NS_REL) ||
	       relationship(w, "rId1", REL_TYPE "officeDocument",
			    "word/document.xml") ||
	       relationship(w, "rId2", "http://schemas.openxmlformats.org/"
			    "package/2006/relationships/metadata/"
			    "core-properties", "docProps/core.xml") ||
	       end(w);
}

static int document_rels(xmlTextWriterPtr w, const void *arg)
{
	(void)arg;
	return start(w, "Relationships") || attr(w, "xmlns", NS_REL) ||
	       relationship(w, "rId1", REL_TYPE "styles", "styles.xml") ||
	       relationship(w, "rId2", REL_TYPE "footer", "footer1.xml") ||
	       relationship(w, "rId3", REL_TYPE "fontTable",
			    "fontTable.xml") ||
	       end(w);
}

static int core_properties(xmlTextWriterPtr w, const void *arg)
{
	const struct bulletin *b = arg;

	return start(w, "cp:coreProperties") ||
	       attr(w, "xmlns:cp", "http://schemas.openxmlformats.org/"
		    "package/2006/metadata/core-properties") ||
	       attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/") ||
	       start(w, "dc:title") || plain(w, b->name) || end(w) ||
	       end(w);
}

/* A font of the table: the GB2312 character set, family and PANOSE,
 * for Word to find a like font where this one is missing. */
static int font(xmlTextWriterPtr w, const char *name, const char *family,
		const char *panose, const char *alt)
{
	return start(w, "w:font") || attr(w, "w:name", name) ||
	       (alt && val(w, "w:altName", alt)) ||
	       val(w, "w:panose1", panose) || val(w, "w:charset", "86") ||
	       val(w, "w:family", family) || val(w, "w:pitch", "variable") ||
	       end(w);
}

static int font_table(xmlTextWriterPtr w, const void *arg)
{
	(void)arg;
	return start(w, "w:fonts") || attr(w, "xmlns:w", NS_W) ||
	       font(w, font_text, "modern", "02010609030101010101", "仿宋") ||
	       font(w, font_heading, "modern", "02010609060101010101",
		    "SimHei") ||
	       font(w, font_subject, "roman", "02000000000000000000",
		    "宋体") ||
	       end(w);
}

/* <w:rFonts> naming the Chinese font east and Times for Latin. */
static int fonts(xmlTextWriterPtr w, const char *east)
{
	return start(w, "w:rFonts") || attr(w, "w:ascii", font_latin) ||
	       attr(w, "w:hAnsi", font_latin) || attr(w, "w:eastAsia", east) ||
	       attr(w, "w:cs", font_latin) || end(w);
}

static int size(xmlTextWriterPtr w, int half_points)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", half_points);
	return val(w, "w:sz", v) || val(w, "w:szCs", v);
}

/* A paragraph style: id, name, its paragraph properties (ppr, may be
 * NULL), font, size and colour (NULL: black). */
static int style(xmlTextWriterPtr w, const char *id, const char *name,
		 int (*ppr)(xmlTextWriterPtr), const char *east, int sz,
		 const char *color)
{
	return start(w, "w:style") || attr(w, "w:type", "paragraph") ||
	       attr(w, "w:styleId", id) || val(w, "w:name", name) ||
	       val(w, "w:basedOn", "Normal") || val(w, "w:qFormat", "1") ||
	       (ppr && (start(w, "w:pPr") || ppr(w) || end(w))) ||
	       start(w, "w:rPr") || fonts(w, east) ||
	       (color && val(w, "w:color", color)) || size(w, sz) || end(w) ||
	       end(w);
}

static int centred(xmlTextWriterPtr w)
{
	return val(w, "w:jc", "center");
}

/* In the order of ECMA-376's CT_PPrBase, as Word checks it. */
static int heading_ppr(xmlTextWriterPtr w)
{
	return empty(w, "w:keepNext") || start(w, "w:ind") ||
	       attr(w, "w:firstLineChars", "200") ||
	       attr(w, "w:firstLine", "640") || end(w) ||
	       val(w, "w:outlineLvl", "0");
}

static int body_ppr(xmlTextWriterPtr w)
{
	return start(w, "w:ind") || attr(w, "w:firstLineChars", "200") ||
	       attr(w, "w:firstLine", "640") || end(w) ||
	       val(w, "w:jc", "both");
}

static int masthead_ppr(xmlTextWriterPtr w)
{
	char pos[16];

	snprintf(pos, sizeof(pos), "%ld", upright.text_width);
	return start(w, "w:pBdr") || start(w, "w:bottom") ||
	       attr(w, "w:val", "single") || attr(w, "w:sz", "18") ||
	       attr(w, "w:space", "6") || attr(w, "w:color", "C00000") ||
	       end(w) || end(w) || start(w, "w:tabs") || start(w, "w:tab") ||
	       attr(w, "w:val", "right") || attr(w, "w:pos", pos) || end(w) ||
	       end(w) || start(w, "w:spacing") || attr(w, "w:after", "480") ||
	       end(w);
}

/* Table text keeps off the page's line grid: snapped to it, every line
 * of a cell would take a whole line of the page. */
static int table_ppr(xmlTextWriterPtr w)
{
	return val(w, "w:snapToGrid", "0") || start(w, "w:spacing") || attr(w, "w:line", "280") ||
	       attr(w, "w:lineRule", "auto") || end(w);
}

/* A table's cells: 0.1 cm of room left and right, as tables in 公文 have
 * (Word's own 0.19 cm leaves too little for the text). */
enum { CELL_MARGIN = 57 };

static int cell_margins(xmlTextWriterPtr w)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", CELL_MARGIN);
	return start(w, "w:tblCellMar") || start(w, "w:left") ||
	       attr(w, "w:w", v) || attr(w, "w:type", "dxa") || end(w) ||
	       start(w, "w:right") || attr(w, "w:w", v) ||
	       attr(w, "w:type", "dxa") || end(w) || end(w);
}

static int grid_table_style(xmlTextWriterPtr w)
{
	static const char *const sides[] = {
		"w:top", "w:left", "w:bottom", "w:right", "w:insideH",
		"w:insideV",
	};
	int rc = start(w, "w:style") || attr(w, "w:type", "table") ||
		 attr(w, "w:styleId", "TableGrid") ||
		 val(w, "w:name", "Table Grid") || start(w, "w:tblPr") ||
		 start(w, "w:tblBorders");

	for (size_t i = 0; i < sizeof(sides) / sizeof(*sides) && !rc; i++)
		rc = start(w, sides[i]) || attr(w, "w:val", "single") ||
		     attr(w, "w:sz", "4") || attr(w, "w:space", "0") ||
		     attr(w, "w:color", "000000") || end(w);
	return rc || end(w) || cell_margins(w) || end(w) || end(w);
}

static int styles(xmlTextWriterPtr w, const void *arg)
{
	(void)arg;
	return start(w, "w:styles") || attr(w, "xmlns:w", NS_W) ||
	       start(w, "w:docDefaults") || start(w, "w:rPrDefault") ||
	       start(w, "w:rPr") || fonts(w, font_text) ||
	       size(w, SIZE_TEXT) || val(w, "w:lang", "en-US") || end(w) ||
	       end(w) || start(w, "w:pPrDefault") || start(w, "w:pPr") ||
	       start(w, "w:spacing") || attr(w, "w:line", "560") ||
	       attr(w, "w:lineRule", "exact") || end(w) || end(w) || end(w) ||
	       end(w) ||
	       start(w, "w:style") || attr(w, "w:type", "paragraph") ||
	       attr(w, "w:default", "1") || attr(w, "w:styleId", "Normal") ||
	       val(w, "w:name", "Normal") || val(w, "w:qFormat", "1") ||
	       end(w) ||
	       style(w, "Masthead", "Masthead", centred, font_subject,
		     SIZE_MASTHEAD, "C00000") ||
	       style(w, "Issue", "Issue", centred, font_text, SIZE_TEXT,
		     NULL) ||
	       style(w, "Office", "Office", masthead_ppr, font_text,
		     SIZE_TEXT, NULL) ||
	       style(w, "Title", "Title", centred, font_subject, SIZE_SUBJECT,
		     NULL) ||
	       style(w, "Heading1", "heading 1", heading_ppr, font_heading,
		     SIZE_TEXT, NULL) ||
	       style(w, "BodyText", "Body Text", body_ppr, font_text,
		     SIZE_TEXT, NULL) ||
	       style(w, "Fill", "To Fill In", body_ppr, font_text, SIZE_TEXT,
		     "C00000") ||
	       style(w, "TableText", "Table Text", table_ppr, font_text,
		     SIZE_TABLE, NULL) ||
	       style(w, "TableHead", "Table Head", table_ppr, font_heading,
		     SIZE_TABLE, NULL) ||
	       style(w, "Footer", "footer", centred, font_latin, SIZE_FOOTER,
		     NULL) ||
	       grid_table_style(w) || end(w);
}

/* --- the document ---------------------------------------------------------- */

/* How many bytes of s, up to the next tab or line break, XML can hold as
 * they are: a control character, and U+FFFE and U+FFFF (which a note may
 * hold), are not characters of XML 1.0, and a part holding one is not
 * read at all. */
static size_t xml_span(const char *s)
{
	size_t n = 0;

	for (;; n++) {
		unsigned char c = (unsigned char)s[n];

		if (c < 0x20 ||
		    (c == 0xEF && (unsigned char)s[n + 1] == 0xBF &&
		     ((unsigned char)s[n + 2] == 0xBE ||
		      (unsigned char)s[n + 2] == 0xBF)))
			return n;
	}
}

/* Steps over what ends a span: a tab or line break, handed to what
 * to_xml() writes for it, or a character XML cannot hold, left out.
 * Returns how many bytes it is. */
static size_t span_end(const char *s)
{
	return (unsigned char)*s == 0xEF ? 3 : *s ? 1 : 0;
}

/* A run of text: its line breaks as <w:br/>, its tabs as <w:tab/>, and
 * what XML cannot hold left out. */
static int run(xmlTextWriterPtr w, const char *s)
{
	int rc = start(w, "w:r");

	while (!rc && *s) {
		size_t n = xml_span(s);

		if (n)
			rc = start(w, "w:t") ||
			     attr(w, "xml:space", "preserve") ||
			     xmlTextWriterWriteFormatString(w, "%.*s", (int)n,
							    s) < 0 ||
			     end(w);
		s += n;
		if (!rc && *s == '\t')
			rc = empty(w, "w:tab");
		else if (!rc && *s == '\n')
			rc = empty(w, "w:br");
		s += span_end(s);
	}
	return rc || end(w);
}

/* Text XML can hold, as one string: what run() writes, line breaks and
 * tabs as blanks (for the document's title). */
static int plain(xmlTextWriterPtr w, const char *s)
{
	int rc = 0;

	while (!rc && *s) {
		size_t n = xml_span(s);

		rc = xmlTextWriterWriteFormatString(w, "%.*s", (int)n, s) < 0 ||
		     ((s[n] == '\t' || s[n] == '\n') &&
		      xmlTextWriterWriteString(w, BAD_CAST " ") < 0);
		s += n;
		s += span_end(s);
	}
	return rc;
}

/* A paragraph of style holding text (and, with text2, a tab and text2). */
static int paragraph(xmlTextWriterPtr w, const char *style_id,
		     const char *text, const char *text2)
{
	return start(w, "w:p") || start(w, "w:pPr") ||
	       val(w, "w:pStyle", style_id) || end(w) || run(w, text) ||
	       (text2 && (start(w, "w:r") || empty(w, "w:tab") || end(w) ||
			  run(w, text2))) ||
	       end(w);
}

static int width(xmlTextWriterPtr w, const char *name, long twips)
{
	char v[24];

	snprintf(v, sizeof(v), "%ld", twips);
	return start(w, name) || attr(w, "w:w", v) ||
	       attr(w, "w:type", "dxa") || end(w);
}

static int cell(xmlTextWriterPtr w, const char *text, long twips, bool head,
		bool right)
{
	return start(w, "w:tc") || start(w, "w:tcPr") ||
	       width(w, "w:tcW", twips) ||
	       (head && (start(w, "w:shd") || attr(w, "w:val", "clear") ||
			 attr(w, "w:color", "auto") ||
			 attr(w, "w:fill", "E7E6E6") || end(w))) || end(w) ||
	       start(w, "w:p") || start(w, "w:pPr") ||
	       val(w, "w:pStyle", head ? "TableHead" : "TableText") ||
	       ((head || right) && val(w, "w:jc", head ? "center" : "right")) ||
	       end(w) || run(w, text) || end(w) || end(w);
}

/* The widths of d's columns, in twips, filling the text's width.  A
 * column of short cells (figures, dates, ids, a header word) gets what
 * its widest cell needs, so that it never wraps; the columns of long
 * text share the rest by how long their text runs (up to COLUMN_MOST
 * columns' worth), each getting at least its widest phrase between the
 * breaks text_fill() takes (up to PHRASE_MOST), so that 逾期30天 or a
 * unit's name keeps to one line.  If
 * everything fits, every column grows alike.
 *
 * A Chinese character takes a full em whatever the font, but a figure or
 * a Latin letter takes half an em in Times New Roman and nearly two
 * thirds in the serif that stands in for it where Times is missing
 * (DejaVu Serif on Linux), and a percent sign nearly an em: cells are
 * measured for the wider, so that a day (2024-05-31) stays on one line in
 * either. */
enum { COLUMN_SHORT = 12, COLUMN_MOST = 100, HEADER_MOST = 8,
       WIDE_TWIPS = SIZE_TABLE * 10,	/* an em of SIZE_TABLE text */
       NARROW_TWIPS = SIZE_TABLE * 10 * 2 / 3,
       PHRASE_MOST = 5 * WIDE_TWIPS,
       CELL_MARGINS = 2 * CELL_MARGIN + 60 };	/* and some to spare */

/* What the n bytes at s need in twips, set in SIZE_TABLE on one line. */
static size_t text_twips(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t twips = 0;
	int last = 0;

	while (n > 0) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, p, n);
		int wd = uc_width(uc, "UTF-8");

		twips += wd >= 2 || uc == '%' ? WIDE_TWIPS :
			 wd == 1 ? NARROW_TWIPS : 0;
		/* Word and LibreOffice set figures and Latin apart from
		 * Chinese by a quarter em */
		if (wd > 0 && last > 0 && wd != last)
			twips += WIDE_TWIPS / 4;
		if (wd > 0)
			last = wd;
		p += len;
		n -= (size_t)len;
	}
	return twips;
}

/* The width column c of d needs to hold its widest cell on one line (a
 * header may wrap past HEADER_MOST columns, a long text past COLUMN_MOST);
 * *least, its widest phrase; *most, its display columns. */
static long column_need(const struct doc_block *d, size_t c, long *least,
			size_t *most)
{
	long need = 0;

	*most = 1;
	*least = 0;
	for (size_t r = 0; r < d->nrows; r++) {
		const char *text = d->cells[r * d->ncols + c];
		size_t wd = text_width(text);
		long tw = (long)text_widest_line_by(text, text_twips);
		long phrase = (long)text_widest_piece_by(text, text_twips);

		if (r == 0 && wd > HEADER_MOST) {
			wd = HEADER_MOST;
			tw = phrase = HEADER_MOST * WIDE_TWIPS / 2;
		}
		if (wd > *most)
			*most = wd;
		if (tw > need)
			need = tw;
		if (phrase > *least)
			*least = phrase;
	}
	if (*most > COLUMN_MOST) {
		*most = COLUMN_MOST;
		need = COLUMN_MOST * WIDE_TWIPS / 2;
	}
	if (*least > PHRASE_MOST)
		*least = PHRASE_MOST;
	*least += CELL_MARGINS;
	return need + CELL_MARGINS;
}

static void column_widths(const struct doc_block *d, long text_width,
			  long *twips)
{
	long least[32], fixed = 0, all = 0;
	size_t most[32], flex = 0;
	bool pinned[32];

	for (size_t c = 0; c < d->ncols; c++) {
		twips[c] = column_need(d, c, &least[c], &most[c]);
		all += twips[c];
		pinned[c] = most[c] <= COLUMN_SHORT;
		if (pinned[c])
			fixed += twips[c];
		else
			flex += most[c];
	}
	/* short columns taking most of the width leave the long ones too
	 * little: then all shrink alike */
	if (all <= text_width || !flex || fixed > text_width * 3 / 4) {
		for (size_t c = 0; c < d->ncols; c++)
			twips[c] = twips[c] * text_width / all;
		return;
	}
	/* a long column whose share is less than its widest phrase gets
	 * that phrase, and the others share what is left */
	for (bool again = true; again && flex;) {
		again = false;
		for (size_t c = 0; c < d->ncols; c++)
			if (!pinned[c] &&
			    (text_width - fixed) * (long)most[c] / (long)flex <
				    least[c]) {
				twips[c] = least[c];
				pinned[c] = again = true;
				fixed += least[c];
				flex -= most[c];
			}
	}
	for (size_t c = 0; c < d->ncols; c++)
		if (!pinned[c])
			twips[c] = (text_width - fixed) * (long)most[c] / (long)flex;
	/* the phrases alone are wider than the page: all shrink alike */
	if (!flex)
		for (size_t c = 0; c < d->ncols; c++)
			twips[c] = twips[c] * text_width / fixed;
}

/* text, a list of names, with a line break (a newline) where
 * text_fill() breaks it for a column twips wide, into *out; text as it
 * is when it has more lines than a cell should. */
static const char *names_lines(const char *text, long twips,
			       struct strbuf *out)
{
	struct text_line lines[32];
	long cols = (twips - CELL_MARGINS) * 2 / WIDE_TWIPS;
	long n = text_fill(text, cols > 2 ? (size_t)cols : 2, SIZE_MAX, lines,
			   32);

	if (n < 1 || n > 32 || sb_reset(out))
		return text;
	for (long i = 0; i < n; i++)
		if ((i && sb_puts(out, "\n")) ||
		    sb_add(out, text + lines[i].start, lines[i].len))
			return text;
	return out->s ? out->s : "";
}

static int table(xmlTextWriterPtr w, const struct doc_block *d,
		 long text_width)
{
	struct strbuf lines = STRBUF_INIT;
	long twips[32];
	int rc;

	column_widths(d, text_width, twips);
	rc = start(w, "w:tbl") || start(w, "w:tblPr") ||
	     val(w, "w:tblStyle", "TableGrid") ||
	     width(w, "w:tblW", text_width) || val(w, "w:tblLayout", "fixed") ||
	     cell_margins(w) || end(w) || start(w, "w:tblGrid");
	for (size_t c = 0; c < d->ncols && !rc; c++)
		rc = start(w, "w:gridCol") ||
		     xmlTextWriterWriteFormatAttribute(w, BAD_CAST "w:w", "%ld",
						       twips[c]) < 0 ||
		     end(w);
	rc = rc || end(w);
	for (size_t r = 0; r < d->nrows && !rc; r++) {
		/* the header row repeats on each page the table runs to */
		rc = start(w, "w:tr") ||
		     (r == 0 && (start(w, "w:trPr") || empty(w, "w:tblHeader") ||
				 end(w)));
		for (size_t c = 0; c < d->ncols && !rc; c++) {
			const char *text = d->cells[r * d->ncols + c];

			if (r > 0 && d->names >> c & 1)
				text = names_lines(text, twips[c], &lines);
			rc = cell(w, text, twips[c], r == 0,
				  d->numeric >> c & 1);
		}
		rc = rc || end(w);
	}
	sb_release(&lines);
	/* Word needs a paragraph between a table and what follows */
	return rc || end(w) || start(w, "w:p") || end(w);
}

/* The properties of a section set on pg: 22 lines a page, and the footer
 * with the page number. */
static int section(xmlTextWriterPtr w, const struct page *pg)
{
	return start(w, "w:sectPr") || start(w, "w:footerReference") ||
	       attr(w, "w:type", "default") || attr(w, "r:id", "rId2") ||
	       end(w) || start(w, "w:pgSz") || attr(w, "w:w", pg->width) ||
	       attr(w, "w:h", pg->height) ||
	       (pg->orient && attr(w, "w:orient", pg->orient)) || end(w) ||
	       start(w, "w:pgMar") || attr(w, "w:top", pg->top) ||
	       attr(w, "w:right", pg->right) ||
	       attr(w, "w:bottom", pg->bottom) ||
	       attr(w, "w:left", pg->left) || attr(w, "w:header", "851") ||
	       attr(w, "w:footer", "992") || attr(w, "w:gutter", "0") ||
	       end(w) || start(w, "w:docGrid") || attr(w, "w:type", "lines") ||
	       attr(w, "w:linePitch", "579") || end(w) || end(w);
}

/* Ends the section set on pg, in a paragraph of its own: what follows
 * starts a page. */
static int section_break(xmlTextWriterPtr w, const struct page *pg)
{
	return start(w, "w:p") || start(w, "w:pPr") || section(w, pg) ||
	       end(w) || end(w);
}

/* Writes d set on *pg; an attachment turns the page for its table. */
static int block(xmlTextWriterPtr w, const struct doc_block *d,
		 const struct page **pg)
{
	switch (d->kind) {
	case DOC_TITLE:
		return paragraph(w, "Masthead", d->text, NULL);
	case DOC_ISSUE:
		return paragraph(w, "Issue", d->text, NULL);
	case DOC_MASTHEAD:
		return paragraph(w, "Office", d->text, d->text2);
	case DOC_SUBJECT:
		return paragraph(w, "Title", d->text, NULL);
	case DOC_HEADING:
		return paragraph(w, "Heading1", d->text, NULL);
	case DOC_ANNEX:
		if (section_break(w, *pg))
			return 1;
		*pg = &turned;
		return paragraph(w, "Heading1", d->text, NULL);
	case DOC_PARAGRAPH:
		return paragraph(w, "BodyText", d->text, NULL);
	case DOC_PLACEHOLDER:
		return paragraph(w, "Fill", d->text, NULL);
	case DOC_TABLE:
		return table(w, d, (*pg)->text_width);
	case DOC_CHART:
		/* the table after it has its figures; Word gets no chart */
		return 0;
	}
	return 0;
}

static int document(xmlTextWriterPtr w, const void *arg)
{
	const struct bulletin *b = arg;
	const struct page *pg = &upright;
	int rc = start(w, "w:document") || attr(w, "xmlns:w", NS_W) ||
		 attr(w, "xmlns:r", NS_R) || start(w, "w:body");

	for (size_t i = 0; i < b->n && !rc; i++)
		rc = block(w, &b->v[i], &pg);
	return rc || section(w, pg) || end(w) || end(w);
}

static int footer(xmlTextWriterPtr w, const void *arg)
{
	(void)arg;
	return start(w, "w:ftr") || attr(w, "xmlns:w", NS_W) ||
	       attr(w, "xmlns:r", NS_R) || start(w, "w:p") ||
	       start(w, "w:pPr") || val(w, "w:pStyle", "Footer") || end(w) ||
	       run(w, "— ") || start(w, "w:r") || start(w, "w:fldChar") ||
	       attr(w, "w:fldCharType", "begin") || end(w) || end(w) ||
	       start(w, "w:r") || start(w, "w:instrText") ||
	       attr(w, "xml:space", "preserve") ||
	       xmlTextWriterWriteString(w, BAD_CAST " PAGE ") < 0 || end(w) ||
	       end(w) || start(w, "w:r") || start(w, "w:fldChar") ||
	       attr(w, "w:fldCharType", "separate") || end(w) || end(w) ||
	       run(w, "1") || start(w, "w:r") || start(w, "w:fldChar") ||
	       attr(w, "w:fldCharType", "end") || end(w) || end(w) ||
	       run(w, " —") || end(w) || end(w);
}

/* --- the archive ----------------------------------------------------------- */

/* 1980-01-01 00:00, the first time a zip entry can carry, for every
 * entry, as MS-DOS writes it: a time of day and a date, and no time
 * zone, so that the bytes do not depend on the writer's. */
#define ENTRY_DOS_TIME 0
#define ENTRY_DOS_DATE ((0 << 9) | (1 << 5) | 1)

/* Writes part fn(arg) as an XML document, and adds it to za as name. */
static int add_part(zip_t *za, const char *name, part_fn fn, const void *arg,
		    struct duban_error *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	zip_source_t *src;
	zip_int64_t at;
	void *copy = NULL;
	size_t n = 0;
	int rc = !w || xmlTextWriterStartDocument(w, NULL, NULL, "yes") < 0 ||
		 fn(w, arg) || xmlTextWriterEndDocument(w) < 0;

	if (w)
		xmlFreeTextWriter(w);	/* flushes into buf */
	if (!rc) {
		n = (size_t)xmlBufferLength(buf);
		rc = !(copy = malloc(n ? n : 1));
	}
	if (!rc)
		memcpy(copy, xmlBufferContent(buf), n);
	if (buf)
		xmlBufferFree(buf);
	if (rc) {
		free(copy);
		return error_nomem(err);
	}
	/* the source frees copy, whether it is added or not */
	if (!(src = zip_source_buffer(za, copy, n, 1))) {
		free(copy);
		return error_nomem(err);
	}
	at = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
	if (at < 0) {
		zip_source_free(src);
		return error_set(err, NULL, 0, "%s: %s", name,
				 zip_strerror(za));
	}
	zip_file_set_dostime(za, (zip_uint64_t)at, ENTRY_DOS_TIME,
			     ENTRY_DOS_DATE, 0);
	return 0;
}

static int add_parts(zip_t *za, const struct bulletin *b,
		     struct duban_error *err)
{
	return add_part(za, "[Content_Types].xml", content_types, NULL, err) ||
	       add_part(za, "_rels/.rels", package_rels, NULL, err) ||
	       add_part(za, "docProps/core.xml", core_properties, b, err) ||
	       add_part(za, "word/_rels/document.xml.rels", document_rels,
			NULL, err) ||
	       add_part(za, "word/styles.xml", styles, NULL, err) ||
	       add_part(za, "word/fontTable.xml", font_table, NULL, err) ||
	       add_part(za, "word/footer1.xml", footer, NULL, err) ||
	       add_part(za, "word/document.xml", document, b, err) ? -1 : 0;
}

/* The bytes of the archive written into mem. */
static int archive_bytes(zip_source_t *mem, void **data, size_t *n,
			 struct duban_error *err)
{
	zip_stat_t st;

	*data = NULL;
	if (zip_source_open(mem) < 0)
		return error_nomem(err);
	if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(*data = mem_alloc(st.size ? st.size : 1)) ||
	    zip_source_read(mem, *data, st.size) != (zip_int64_t)st.size) {
		zip_source_close(mem);
		mem_free(*data);
		*data = NULL;
		return error_nomem(err);
	}
	zip_source_close(mem);
	*n = st.size;
	return 0;
}

int bulletin_docx(const struct bulletin *b, const char *path,
		  struct duban_error *err)
{
	zip_error_t ze;
	zip_source_t *mem;
	zip_t *za;
	void *data = NULL;
	size_t n = 0;
	int rc;

	xmlInitParser();	/* its global state, as the readers set it up */
	zip_error_init(&ze);
	if (!(mem = zip_source_buffer_create(NULL, 0, 0, &ze))) {
		zip_error_fini(&ze);
		return error_nomem(err);
	}
	zip_source_keep(mem);
	if (!(za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze))) {
		zip_source_free(mem);
		zip_source_free(mem);
		zip_error_fini(&ze);
		return error_nomem(err);
	}
	zip_error_fini(&ze);
	if (add_parts(za, b, err)) {
		zip_discard(za);
		zip_source_free(mem);
		return -1;
	}
	if (zip_close(za) < 0) {
		rc = error_set(err, path, 0, "%s", zip_strerror(za));
		zip_discard(za);
		zip_source_free(mem);
		return rc;
	}
	rc = archive_bytes(mem, &data, &n, err) ||
	     file_replace(path, data, n, err) ? -1 : 0;
	mem_free(data);
	zip_source_free(mem);
	return rc;
}
