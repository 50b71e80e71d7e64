/*
 * The 通报 as one HTML page (bulletin.h): what the office opens in a
 * browser, prints, or mails.  Everything is in the page: the CSS inline,
 * the charts inline SVG, no script, no font or image fetched, so it shows
 * the same offline and on a machine that cannot reach anything.
 *
 * Laid out after GB/T 9704 (党政机关公文格式) as a browser allows: A4 with
 * its margins, the title in 小标宋 and the text in 仿宋 (三号, 16pt), the
 * headings in 黑体, a red line under the masthead; the font stacks name
 * what Chinese Windows has first, then what Linux has.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "duban/bulletin.h"
#include "duban/text.h"

static const char style[] =
	"@page{size:A4;margin:37mm 26mm 35mm 28mm}\n"
	"body{margin:0 auto;max-width:156mm;padding:12mm 0;color:#000;"
	"background:#fff;font:16pt/1.75 \"FangSong\",\"仿宋\",\"FangSong_GB2312\","
	"\"仿宋_GB2312\",\"STFangsong\",\"Noto Serif CJK SC\","
	"\"Source Han Serif SC\",\"AR PL UMing CN\",\"WenQuanYi Micro Hei\","
	"serif}\n"
	"h1{margin:0;text-align:center;color:#c00;font:normal 26pt/1.4 "
	"\"FZXiaoBiaoSong-B05S\",\"方正小标宋简体\",\"方正小标宋_GBK\",\"SimSun\","
	"\"宋体\",\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif}\n"
	"h1:lang(zh){letter-spacing:.2em}\n"
	"h2{margin:1.2em 0 .4em;font:normal 16pt/1.6 \"SimHei\",\"黑体\","
	"\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
	"sans-serif}\n"
	"p{margin:0 0 .4em;text-indent:2em;text-align:justify}\n"
	"p.issue{text-align:center;text-indent:0;margin:.3em 0}\n"
	"p.masthead{display:flex;justify-content:space-between;"
	"text-indent:0;border-bottom:2px solid #c00;padding-bottom:.3em;"
	"margin-bottom:1.2em}\n"
	"p.subject{text-align:center;text-indent:0;margin:.6em 0 1em;"
	"font:normal 22pt/1.5 \"FZXiaoBiaoSong-B05S\",\"方正小标宋简体\","
	"\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif}\n"
	"p.fill{text-indent:0;border:1px dashed #c00;color:#c00;padding:.4em}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0 .8em;"
	"font-size:11pt;line-height:1.4}\n"
	"th,td{border:1px solid #000;padding:2px 4px;vertical-align:top;"
	"overflow-wrap:anywhere}\n"
	"th{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\","
	"\"WenQuanYi Micro Hei\",sans-serif;font-weight:normal;"
	"background:#eee}\n"
	"td.n{text-align:right;white-space:nowrap}\n"
	"td.d{white-space:nowrap}\n"
	"td.names{word-break:keep-all}\n"
	"thead{display:table-header-group}\n"
	"tr,figure{break-inside:avoid}\n"
	"figure{margin:.4em 0 .8em}\n"
	"figcaption{font-size:12pt;text-align:center}\n"
	"svg{width:100%;height:auto;font-size:12px}\n"
	"@media print{body{max-width:none;padding:0}"
	"section+section{break-before:page}}\n";

/* The colours of a chart's segments: done, on schedule, behind, overdue,
 * as the lights show them. */
static const char *const segment_fill[DOC_SEGMENTS] = {
	"#2e7d32", "#1565c0", "#f9a825", "#c62828",
};

/* Appends s with &, <, >, " and ' written as entities: a text from the
 * store is text, never markup. */
static int html_text(struct strbuf *out, const char *s)
{
	const char *from = s;

	for (; *s; s++) {
		const char *ent;

		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if (sb_add(out, from, (size_t)(s - from)) || sb_puts(out, ent))
			return -1;
		from = s + 1;
	}
	return sb_puts(out, from);
}

/* <tag class="cls">TEXT</tag> and a newline; cls may be NULL. */
static int html_element(struct strbuf *out, const char *tag, const char *cls,
			const char *text)
{
	return sb_printf(out, "<%s%s%s%s>", tag, cls ? " class=\"" : "",
			 cls ? cls : "", cls ? "\"" : "") ||
	       html_text(out, text) || sb_printf(out, "</%s>\n", tag);
}

/* Whether s is a day, 2024-06-30, which is not to be broken. */
static bool is_day(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	return s[10] == '\0';
}

/* The class of a body cell: figures set right, days and names kept
 * whole. */
static const char *cell_class(const struct doc_block *d, size_t r, size_t c)
{
	if (r == 0)
		return "";
	if (d->numeric >> c & 1)
		return " class=\"n\"";
	if (is_day(d->cells[r * d->ncols + c]))
		return " class=\"d\"";
	return d->names >> c & 1 ? " class=\"names\"" : "";
}

static int html_row(struct strbuf *out, const struct doc_block *d, size_t r)
{
	const char *cell = r ? "td" : "th";
	int rc = sb_puts(out, "<tr>");

	for (size_t c = 0; c < d->ncols && rc == 0; c++)
		rc = sb_printf(out, "<%s%s>", cell, cell_class(d, r, c)) ||
		     html_text(out, d->cells[r * d->ncols + c]) ||
		     sb_printf(out, "</%s>", cell);
	return rc || sb_puts(out, "</tr>\n");
}

static int html_table(struct strbuf *out, const struct doc_block *d)
{
	int rc = sb_puts(out, "<table>\n<thead>") || html_row(out, d, 0) ||
		 sb_puts(out, "</thead>\n<tbody>\n");

	for (size_t r = 1; r < d->nrows && rc == 0; r++)
		rc = html_row(out, d, r);
	return rc || sb_puts(out, "</tbody>\n</table>\n");
}

/* The geometry of a chart, in SVG user units: its labels take what the
 * longest needs (COLUMN_W a column of text, a Chinese character two),
 * from LABEL_LEAST to LABEL_MOST; the legend starts where the bars do. */
enum { LABEL_LEAST = 60, LABEL_MOST = 400, COLUMN_W = 6, BAR_W = 400,
       FIGURE_W = 50, ROW_H = 24, BAR_H = 16, LEGEND_H = 28 };

static int label_width(const struct doc_block *d)
{
	size_t most = 0;

	for (size_t r = 0; r < d->nrows; r++) {
		size_t w = text_width(d->cells[r]);

		if (w > most)
			most = w;
	}
	most = most * COLUMN_W + 12;
	return most < LABEL_LEAST ? LABEL_LEAST
	       : most > LABEL_MOST ? LABEL_MOST : (int)most;
}

static int svg_legend(struct strbuf *out, const struct doc_block *d,
		      int label_w)
{
	int rc = 0;

	for (int k = 0; k < DOC_SEGMENTS && rc == 0; k++) {
		int x = label_w + k * 100;

		rc = sb_printf(out, "<rect x=\"%d\" y=\"6\" width=\"12\" "
			       "height=\"12\" fill=\"%s\"/><text x=\"%d\" "
			       "y=\"17\">", x, segment_fill[k], x + 16) ||
		     html_text(out, d->legend[k]) || sb_puts(out, "</text>\n");
	}
	return rc;
}

/* One bar: its label, its segments (each with a tooltip) and its total. */
static int svg_bar(struct strbuf *out, const struct doc_block *d, size_t r,
		   long most, int label_w)
{
	const long *v = &d->values[r * DOC_SEGMENTS];
	int y = LEGEND_H + (int)r * ROW_H;
	long total = 0, x = label_w;
	int rc = sb_printf(out, "<text x=\"%d\" y=\"%d\" "
			   "text-anchor=\"end\">", label_w - 6, y + 13) ||
		 html_text(out, d->cells[r]) || sb_puts(out, "</text>\n");

	for (int k = 0; k < DOC_SEGMENTS && rc == 0; k++) {
		long w = most ? v[k] * BAR_W / most : 0;

		total += v[k];
		if (v[k] <= 0)
			continue;
		rc = sb_printf(out, "<rect x=\"%ld\" y=\"%d\" width=\"%ld\" "
			       "height=\"%d\" fill=\"%s\"><title>", x, y + 2,
			       w, BAR_H, segment_fill[k]) ||
		     html_text(out, d->legend[k]) ||
		     sb_printf(out, " %ld</title></rect>\n", v[k]);
		x += w;
	}
	return rc || sb_printf(out, "<text x=\"%ld\" y=\"%d\">%ld</text>\n",
			       x + 6, y + 13, total);
}

static int html_chart(struct strbuf *out, const struct doc_block *d)
{
	long most = 0;
	int height = LEGEND_H + (int)d->nrows * ROW_H + 4;
	int label_w = label_width(d);
	int rc;

	for (size_t r = 0; r < d->nrows; r++) {
		long total = 0;

		for (int k = 0; k < DOC_SEGMENTS; k++)
			total += d->values[r * DOC_SEGMENTS + k];
		if (total > most)
			most = total;
	}
	rc = sb_printf(out, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" role=\"img\"><title>",
		       label_w + BAR_W + FIGURE_W, height) ||
	     html_text(out, d->text) || sb_puts(out, "</title>\n") ||
	     svg_legend(out, d, label_w);
	for (size_t r = 0; r < d->nrows && rc == 0; r++)
		rc = svg_bar(out, d, r, most, label_w);
	return rc || sb_puts(out, "</svg>\n") ||
	       html_element(out, "figcaption", NULL, d->text) ||
	       sb_puts(out, "</figure>\n");
}

static int html_masthead(struct strbuf *out, const struct doc_block *d)
{
	return sb_puts(out, "<p class=\"masthead\"><span>") ||
	       html_text(out, d->text) || sb_puts(out, "</span><span>") ||
	       html_text(out, d->text2) || sb_puts(out, "</span></p>\n");
}

/* One block; a heading opens a section (closing the one open). */
static int html_block(struct strbuf *out, const struct doc_block *d,
		      bool *in_section)
{
	switch (d->kind) {
	case DOC_TITLE:
		return html_element(out, "h1", NULL, d->text);
	case DOC_ISSUE:
		return html_element(out, "p", "issue", d->text);
	case DOC_MASTHEAD:
		return html_masthead(out, d);
	case DOC_SUBJECT:
		return html_element(out, "p", "subject", d->text);
	case DOC_HEADING:
	case DOC_ANNEX: {
		int rc = sb_puts(out, *in_section ? "</section>\n<section>\n"
						  : "</header>\n<section>\n");

		*in_section = true;
		return rc || html_element(out, "h2", NULL, d->text);
	}
	case DOC_PARAGRAPH:
		return html_element(out, "p", NULL, d->text);
	case DOC_PLACEHOLDER:
		return html_element(out, "p", "fill", d->text);
	case DOC_TABLE:
		return html_table(out, d);
	case DOC_CHART:
		return html_chart(out, d);
	}
	return 0;
}

int bulletin_html(const struct bulletin *b, struct strbuf *out,
		  struct duban_error *err)
{
	bool in_section = false;
	int rc = sb_puts(out, "<!DOCTYPE html>\n<html lang=\"") ||
		 html_text(out, b->lang) ||
		 sb_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, "
			 "initial-scale=1\">\n") ||
		 html_element(out, "title", NULL, b->name) ||
		 sb_printf(out, "<style>\n%s</style>\n</head>\n<body>\n"
			   "<header>\n", style);

	for (size_t i = 0; i < b->n && rc == 0; i++)
		rc = html_block(out, &b->v[i], &in_section);
	if (rc == 0)
		rc = sb_puts(out, in_section ? "</section>\n" : "</header>\n") ||
		     sb_puts(out, "</body>\n</html>\n");
	return rc ? error_nomem(err) : 0;
}
