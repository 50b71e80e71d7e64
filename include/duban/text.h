/*
 * text — UTF-8 checks and display width, from libunistring.
 *
 * Widths are terminal columns: a CJK character counts two, a combining mark
 * none.  They never depend on the process locale, so the same table lines up
 * the same way under LANG=C and zh_CN.UTF-8.
 */
#ifndef DUBAN_TEXT_H
#define DUBAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Where the first invalid UTF-8 sequence in the n bytes at s starts, or NULL
 * if they are all valid UTF-8. */
const char *text_invalid_utf8(const char *s, size_t n);

/* True if the n bytes at s are not ASCII but convert cleanly from GBK (the
 * encoding Excel and WPS save CSV in on Chinese Windows). */
bool text_looks_gbk(const char *s, size_t n);

/* The display width of the NUL-terminated UTF-8 string s.  Control
 * characters count one column: renderers replace them before printing. */
size_t text_width(const char *s);

/* The display width of the n bytes at s. */
size_t text_nwidth(const char *s, size_t n);

/* The display width of the widest line of s (its lines separated by
 * newlines): what a cell of several lines needs. */
size_t text_widest_line(const char *s);

/* The same, each line measured by measure(line, its length in bytes). */
size_t text_widest_line_by(const char *s,
			   size_t (*measure)(const char *line, size_t n));

/* The longest prefix of s that fits in max columns, never splitting a
 * character: returns its length in bytes and stores its width in *width. */
size_t text_prefix_fitting(const char *s, size_t max, size_t *width);

/* One line of wrapped text: bytes [start, start + len) of the string. */
struct text_line {
	size_t start, len;
};

/* Wraps s at width columns by the Unicode line breaking algorithm (UAX #14):
 * never inside an ASCII word or number, never before a closing mark such as
 * "，" or "）", never with a hyphen; a newline in s always breaks.  Fills
 * lines[] (at most max of them) and returns how many lines there are, which
 * may be more than max; -1 when memory runs out. */
long text_wrap(const char *s, size_t width, struct text_line *lines,
	       size_t max);

/* Wraps s for a column of a table, width columns wide: no line is wider
 * (but for a character wider than the column, alone on its line).  Lines
 * break where UAX #14 allows, and inside a word or number only when it
 * alone is wider than the column, never inside a character.  A break
 * after "，", "、", "；", "。", "：", "？", "！" or a blank, or before "（" or
 * "(", is taken instead of a later one when it leaves at most slack
 * columns of the line empty.  With slack SIZE_MAX (names) such a break is
 * always taken when the line has one, and a piece between two of them
 * that is wider than the column is broken into lines of about equal
 * width.  Blanks at a break belong to neither line; a newline always
 * breaks.  Fills lines[] (at most max of them) and returns how many lines
 * there are, which may be more than max; -1 when memory runs out. */
long text_fill(const char *s, size_t width, size_t slack,
	       struct text_line *lines, size_t max);

/* The width of the widest piece of s between the good breaks of
 * text_fill(): what a column of names needs for no name to be broken. */
size_t text_widest_piece(const char *s);

/* The same, each piece measured by measure(piece, its length in bytes):
 * for a width in other units than columns, such as a page's. */
size_t text_widest_piece_by(const char *s,
			    size_t (*measure)(const char *piece, size_t n));

/* Copies s into out (size bytes) with full-width ASCII forms (U+FF01 to
 * U+FF5E, what Chinese input methods type for digits and punctuation) folded
 * to ASCII and the ideographic space U+3000 to a space.  Returns 0, or -1 if
 * out is too small. */
int text_fold_fullwidth(const char *s, char *out, size_t size);

struct strbuf;

/* Appends the n bytes at s, in encoding from, to out converted (by iconv)
 * to encoding to.  Returns 0; -1 if a character does not convert (*bad is
 * then its offset in s) or memory runs out (*bad is n). */
int text_convert(const char *to, const char *from, const char *s, size_t n,
		 struct strbuf *out, size_t *bad);

/* Appends the n UTF-8 bytes at s to out converted to GBK (with iconv), for
 * old versions of Excel.  Returns 0; -1 if a character has no GBK form
 * (*bad is then its offset in s) or memory runs out (*bad is n). */
int text_to_gbk(const char *s, size_t n, struct strbuf *out, size_t *bad);

/* The length in bytes of the UTF-8 character at s, NUL-terminated: 1 for
 * a byte that starts no valid character, 0 at the end. */
size_t text_char_len(const char *s);

/* How many of the first n bytes of s to keep so that they do not end in
 * part of a UTF-8 character: n, or less when a cut at n split one. */
size_t text_whole_prefix(const char *s, size_t n);

/* The number of code points in the NUL-terminated UTF-8 string s. */
size_t text_length(const char *s);

/* The length in bytes of the character at s if a terminal must not get
 * it raw, else 0: a C0 control other than tab and newline, DEL, a C1
 * control (U+0080 to U+009F), or a bidirectional embedding, override or
 * isolate (U+202A to U+202E, U+2066 to U+2069), which could make a note
 * or a name show as something else. */
size_t text_unsafe_len(const char *s);

/* Whether s holds a character text_unsafe_len() names, or a line break:
 * text that must stay on one line of a CSV row (a name, a unit), and a
 * tab too unless tab_ok. */
bool text_breaks_line(const char *s, bool tab_ok);

/* Appends s to out with every character text_unsafe_len() names replaced
 * by U+FFFD (a tab and a newline stay).  Returns 0, or -1 out of memory. */
int text_defuse(const char *s, struct strbuf *out);

#endif
