#include "duban/text.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "duban/mem.h"
#include "duban/strbuf.h"

/* libunistring takes the encoding to decide ambiguous widths; "UTF-8" gives
 * the narrow widths modern terminals use, whatever the locale says. */
static const char width_encoding[] = "UTF-8";

const char *text_invalid_utf8(const char *s, size_t n)
{
	return (const char *)u8_check((const uint8_t *)s, n);
}

bool text_looks_gbk(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "GBK");
	char out[4096];
	char *in = (char *)s;
	size_t inleft = n;
	bool ok = true, ascii = true;

	if (cd == (iconv_t)-1)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = false;
	while (ok && inleft > 0) {
		char *o = out;
		size_t oleft = sizeof(out);

		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
		    errno != E2BIG)
			ok = false;
	}
	iconv_close(cd);
	return ok && !ascii;
}

static size_t char_width(ucs4_t uc)
{
	int w = uc_width(uc, width_encoding);

	return w < 0 ? 1 : (size_t)w;
}

size_t text_nwidth(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t width = 0;

	while (p < end) {
		ucs4_t uc;
		int len;

		if (*p < 0x80) {	/* fast path: ASCII */
			width++;
			p++;
			continue;
		}
		len = u8_mbtouc(&uc, p, (size_t)(end - p));
		width += char_width(uc);
		p += len;
	}
	return width;
}

size_t text_widest_line(const char *s)
{
	return text_widest_line_by(s, text_nwidth);
}

size_t text_widest_line_by(const char *s,
			   size_t (*measure)(const char *line, size_t n))
{
	size_t widest = 0;

	while (*s) {
		size_t len = strcspn(s, "\n"), w = measure(s, len);

		if (w > widest)
			widest = w;
		s += len + (s[len] == '\n');
	}
	return widest;
}

size_t text_width(const char *s)
{
	return text_nwidth(s, strlen(s));
}

size_t text_prefix_fitting(const char *s, size_t max, size_t *width)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t used = 0, off = 0, n = strlen(s);

	while (off < n) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, p + off, n - off);
		size_t w = char_width(uc);

		if (used + w > max)
			break;
		used += w;
		off += (size_t)len;
	}
	*width = used;
	return off;
}

long text_wrap(const char *s, size_t width, struct text_line *lines,
	       size_t max)
{
	size_t n = strlen(s), start = 0;
	char *opps;
	long count = 0;

	if (n == 0)
		return 0;
	opps = mem_alloc(n);
	if (!opps)
		return -1;
	u8_width_linebreaks((const uint8_t *)s, n, (int)width, 0, 0, NULL,
			    width_encoding, opps);
	for (size_t i = 0; i < n; i++) {
		size_t next;

		if (opps[i] == UC_BREAK_POSSIBLE && i > start)
			next = i;
		else if (opps[i] == UC_BREAK_CR_BEFORE_LF)	/* CR of a CRLF */
			next = i + 2;
		else if (opps[i] == UC_BREAK_MANDATORY)
			next = i + 1 + (s[i] == '\r' && s[i + 1] == '\n');
		else
			continue;
		if ((size_t)count < max)
			lines[count] = (struct text_line){ start, i - start };
		count++;
		start = next;
		i = next - 1;
	}
	if (start < n) {
		if ((size_t)count < max)
			lines[count] = (struct text_line){ start, n - start };
		count++;
	}
	mem_free(opps);
	return count;
}

/* Whether a break before s[i] reads well: after a blank or one of the
 * marks that end a clause or a name in a list, or before an opening
 * bracket (区住建局 | （旧改办）). */
static bool good_break(const char *s, size_t i)
{
	static const char *const marks[] = { "，", "、", "；", "。", "：",
					     "？", "！" };

	if (i > 0 && s[i - 1] == ' ')
		return true;
	if (strncmp(s + i, "（", strlen("（")) == 0 || s[i] == '(')
		return true;
	for (size_t k = 0; k < sizeof(marks) / sizeof(*marks); k++) {
		size_t len = strlen(marks[k]);

		if (i >= len && memcmp(s + i - len, marks[k], len) == 0)
			return true;
	}
	return false;
}

/* The break opportunities of s (UAX #14), n bytes; NULL out of memory. */
static char *breaks_of(const char *s, size_t n)
{
	char *opps = mem_alloc(n ? n : 1);

	if (opps && n)
		u8_possible_linebreaks((const uint8_t *)s, n, width_encoding, opps);
	return opps;
}

/* Where the piece of s starting at a ends: at the next good break, a
 * newline, or the end. */
static size_t piece_end(const char *s, size_t n, const char *opps, size_t a)
{
	size_t i = a;

	while (i < n && s[i] != '\n') {
		i += text_char_len(s + i);
		if (i < n && opps[i] == UC_BREAK_POSSIBLE && good_break(s, i))
			break;
	}
	return i;
}

size_t text_widest_piece_by(const char *s,
			    size_t (*measure)(const char *piece, size_t n))
{
	size_t n = strlen(s), widest = 0;
	char *opps = breaks_of(s, n);

	for (size_t a = 0; opps && a < n;) {
		size_t end = piece_end(s, n, opps, a), w = measure(s + a, end - a);

		if (w > widest)
			widest = w;
		a = end + (end < n && s[end] == '\n');
	}
	mem_free(opps);
	return opps ? widest : measure(s, n);
}

size_t text_widest_piece(const char *s)
{
	return text_widest_piece_by(s, text_nwidth);
}

/* Where to break a piece wider than the column, starting at a: its lines
 * about equally wide (区重点公共建设 | 项目管理中心, not 区重点公共建设项目
 * 管理中 | 心).  Returns the last break opportunity at or before that
 * width, or 0 if there is none. */
static size_t balanced_break(const char *s, size_t n, const char *opps,
			     size_t a, size_t width)
{
	size_t end = piece_end(s, n, opps, a), w = text_nwidth(s + a, end - a);
	size_t lines = (w + width - 1) / width, target = (w + lines - 1) / lines;
	size_t used = 0, best = 0;

	for (size_t i = a; i < end;) {
		ucs4_t uc;
		size_t len = (size_t)u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);

		if (i > a && opps[i] == UC_BREAK_POSSIBLE)
			best = i;
		used += char_width(uc);
		if (used > target)
			break;
		i += len;
	}
	return best;
}

long text_fill(const char *s, size_t width, size_t slack,
	       struct text_line *lines, size_t max)
{
	size_t n = strlen(s), a = 0;
	char *opps;
	long count = 0;

	if (n == 0)
		return 0;
	if (width == 0)
		width = 1;
	if (!(opps = breaks_of(s, n)))
		return -1;
	while (a < n) {
		size_t i = a, used = 0, best = 0, good = 0, good_used = 0;
		size_t end, next;

		for (;;) {
			ucs4_t uc;
			size_t len, w;

			if (i >= n || s[i] == '\n') {
				end = i;
				next = i + (i < n);
				break;
			}
			if (i > a && opps[i] == UC_BREAK_POSSIBLE) {
				best = i;
				if (good_break(s, i)) {
					good = i;
					good_used = used;
				}
			}
			len = (size_t)u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
			w = char_width(uc);
			if (used + w > width && i > a) {
				size_t even;

				if (s[i] == ' ')	/* blanks hang past the end */
					end = i;
				else if (good && width - good_used <= slack)
					end = good;
				else if (slack == SIZE_MAX &&
					 (even = balanced_break(s, n, opps, a, width)))
					end = even;
				else if (best)
					end = best;
				else	/* a word wider than the column */
					end = i;
				next = end;
				break;
			}
			used += w;
			i += len;
		}
		if (end > a && end < n && s[end] == '\n' && s[end - 1] == '\r')
			end--;	/* the CR of a CRLF */
		while (end > a && s[end - 1] == ' ')
			end--;
		if ((size_t)count < max)
			lines[count] = (struct text_line){ a, end - a };
		count++;
		a = next;
		if (a < n && s[a - 1] != '\n')	/* no blanks opening a line */
			while (a < n && s[a] == ' ')
				a++;
	}
	mem_free(opps);
	return count;
}

size_t text_length(const char *s)
{
	return u8_mbsnlen((const uint8_t *)s, strlen(s));
}

int text_fold_fullwidth(const char *s, char *out, size_t size)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t o = 0;

	while (*p) {
		ucs4_t uc;
		int len = u8_strmbtouc(&uc, p);

		if (len <= 0) {	/* invalid byte: copy it as it is */
			uc = *p;
			len = 1;
		}
		if (uc >= 0xFF01 && uc <= 0xFF5E) {
			if (o + 1 >= size)
				return -1;
			out[o++] = (char)(uc - 0xFF01 + 0x21);
		} else if (uc == 0x3000) {
			if (o + 1 >= size)
				return -1;
			out[o++] = ' ';
		} else {
			if (o + (size_t)len >= size)
				return -1;
			memcpy(out + o, p, (size_t)len);
			o += (size_t)len;
		}
		p += len;
	}
	if (o >= size)
		return -1;
	out[o] = '\0';
	return 0;
}

int text_convert(const char *to, const char *from, const char *s, size_t n,
		 struct strbuf *out, size_t *bad)
{
	iconv_t cd = iconv_open(to, from);
	char *in = (char *)s;
	size_t inleft = n;
	int rc = 0;

	*bad = n;
	if (cd == (iconv_t)-1)
		return -1;
	while (inleft > 0) {
		char tmp[4096], *o = tmp;
		size_t oleft = sizeof(tmp);
		size_t got = iconv(cd, &in, &inleft, &o, &oleft);

		if (sb_add(out, tmp, (size_t)(o - tmp))) {
			rc = -1;
			break;
		}
		if (got == (size_t)-1 && errno != E2BIG) {
			*bad = (size_t)(in - s);
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	return rc;
}

int text_to_gbk(const char *s, size_t n, struct strbuf *out, size_t *bad)
{
	return text_convert("GBK", "UTF-8", s, n, out, bad);
}

size_t text_char_len(const char *s)
{
	int n;

	if (!*s)
		return 0;
	n = u8_mblen((const uint8_t *)s, strnlen(s, 4));
	return n > 0 ? (size_t)n : 1;
}

size_t text_unsafe_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if ((u[0] < 0x20 && u[0] != '\t' && u[0] != '\n' && u[0]) || u[0] == 0x7f)
		return 1;
	if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE)
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)
		return 3;
	return 0;
}

bool text_breaks_line(const char *s, bool tab_ok)
{
	for (; *s; s++)
		if (text_unsafe_len(s) || *s == '\n' || (*s == '\t' && !tab_ok))
			return true;
	return false;
}

int text_defuse(const char *s, struct strbuf *out)
{
	const char *run = s;

	for (const char *p = s; *p;) {
		size_t n = text_unsafe_len(p);

		if (!n) {
			p++;
			continue;
		}
		if (sb_add(out, run, (size_t)(p - run)) ||
		    sb_puts(out, "\xef\xbf\xbd"))
			return -1;
		p += n;
		run = p;
	}
	return sb_puts(out, run);
}

size_t text_whole_prefix(const char *s, size_t n)
{
	size_t i = n, need;
	unsigned char lead;

	/* back over continuation bytes, at most three, to their lead */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return n;
	lead = (unsigned char)s[i - 1];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return n - (i - 1) < need ? i - 1 : n;
}
