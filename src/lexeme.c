/*
 * lexeme — digits, numerals, blanks and separators; see lexeme.h.
 */
#include <string.h>

#include "duban/lexeme.h"

bool lex_starts(const char *s, const char *w)
{
	return strncmp(s, w, strlen(w)) == 0;
}

bool lex_ends(const char *b, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - b) >= n && memcmp(e - n, w, n) == 0;
}

bool lex_eat(const char **p, const char *w)
{
	if (!lex_starts(*p, w))
		return false;
	*p += strlen(w);
	return true;
}

size_t lex_blank(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r')
		return 1;
	if (lex_starts(s, "\xe3\x80\x80"))	/* U+3000 */
		return 3;
	if (lex_starts(s, "\xc2\xa0"))		/* U+00A0 */
		return 2;
	return 0;
}

size_t lex_separator(const char *s)
{
	static const char *const seps[] = { "；", "，", "。", "、", "：" };
	size_t n = lex_blank(s);

	if (n)
		return n;
	if (*s == ';' || *s == ',' || *s == '.' || *s == ':')
		return 1;
	for (size_t i = 0; i < NELEM(seps); i++)
		if (lex_starts(s, seps[i]))
			return strlen(seps[i]);
	return 0;
}

const char *lex_char_before(const char *b, const char *e)
{
	const char *p = e - 1;

	while (p > b && ((unsigned char)*p & 0xC0) == 0x80 && e - p < 4)
		p--;
	return p;
}

void lex_trim(const char **b, const char **e, size_t (*len)(const char *))
{
	size_t n;

	while (*b < *e && (n = len(*b)) && *b + n <= *e)
		*b += n;
	while (*b < *e) {
		const char *last = lex_char_before(*b, *e);

		if (!(n = len(last)) || last + n != *e)
			break;
		*e = last;
	}
}

int lex_digit(const char *s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*s >= '0' && *s <= '9') {
		*n = 1;
		return *s - '0';
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*n = 3;
		return u[2] - 0x90;
	}
	return -1;
}

int lex_read_digits(const char **p, int max, long *v)
{
	const char *s = *p;
	size_t n;
	int d, count = 0;

	*v = 0;
	while (count < max && (d = lex_digit(s, &n)) >= 0) {
		*v = *v * 10 + d;
		s += n;
		count++;
	}
	if (!count)
		return -1;
	*p = s;
	return count;
}

int lex_read_number(const char **p, long *v)
{
	return lex_read_digits(p, 9, v) < 0 ? -1 : 0;
}

/* The Chinese digit at s (〇/零 0, 一 to 九, 两 2), or -1; 3 bytes each. */
static int cn_digit(const char *s)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六",
					 "七", "八", "九" };

	for (int i = 0; i < 10; i++)
		if (lex_starts(s, d[i]))
			return i;
	if (lex_starts(s, "零"))
		return 0;
	if (lex_starts(s, "两"))
		return 2;
	return -1;
}

/* Reads 一 to 九十九 at *s: "十", "十二", "二十", "二十三", "七".  With
 * after_hundred, "零五" is read too (the 零 of 一百零五). */
static int read_below_hundred(const char **s, bool after_hundred)
{
	const char *p = *s;
	int a = cn_digit(p), b;

	if (after_hundred && a == 0) {
		p += 3;
		if ((a = cn_digit(p)) <= 0)
			return -1;
		*s = p + 3;
		return a;
	}
	if (a > 0) {
		p += 3;
		if (!lex_starts(p, "十")) {
			*s = p;
			return a;
		}
		p += 3;
		a *= 10;
	} else if (lex_starts(p, "十")) {
		p += 3;
		a = 10;
	} else {
		return -1;
	}
	if ((b = cn_digit(p)) > 0) {
		p += 3;
		a += b;
	}
	*s = p;
	return a;
}

int lex_read_cn_number(const char **p, long *v)
{
	const char *s = *p;
	int h = cn_digit(s), rest;

	if (h > 0 && lex_starts(s + 3, "百")) {
		s += 6;
		rest = read_below_hundred(&s, true);
		*v = h * 100 + (rest > 0 ? rest : 0);
		*p = s;
		return 0;
	}
	if ((rest = read_below_hundred(&s, false)) <= 0)
		return -1;
	*v = rest;
	*p = s;
	return 0;
}

int lex_circled(const char *s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	/* ① U+2460 to ⑳ U+2473: E2 91 A0 to E2 91 B3 */
	if (u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3) {
		*n = 3;
		return u[2] - 0xA0 + 1;
	}
	return -1;
}

bool lex_is_han(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;

	if (u[0] < 0xE3 || u[0] > 0xEF || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return false;
	cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}
