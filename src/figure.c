#include "duban/figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duban/text.h"

bool figure_ok(const char *s)
{
	size_t i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i > 18)
		return false;
	if (s[i] == '.') {
		size_t d = ++i;

		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d || i - d > 6)
			return false;
	}
	return s[i] == '\0';
}

/* Removes blanks at both ends of buf, in place; returns its length. */
static size_t trim(char *buf)
{
	size_t n = strlen(buf), b = 0;

	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	while (buf[b] == ' ')
		b++;
	memmove(buf, buf + b, n - b + 1);
	return n - b;
}

/* Removes commas that group the digits before the point by threes
 * ("1,234,567"); leaves any other comma, so that the figure is refused. */
static void ungroup(char *buf)
{
	char *point = strchr(buf, '.'), *end = point ? point : buf + strlen(buf);
	size_t digits = 0;
	char *p;

	if (!memchr(buf, ',', (size_t)(end - buf)))
		return;
	/* from the right: a comma after every third digit, and only there */
	for (p = end; p > buf; p--) {
		if (p[-1] == ',') {
			if (digits == 0 || digits % 3 != 0 || p - 1 == buf)
				return;
			continue;
		}
		digits++;
	}
	for (p = buf; *p; p++)
		if (*p == ',' && (!point || p < point))
			memmove(p, p + 1, strlen(p));
}

int figure_parse(const char *s, const char *unit, char *out, size_t size)
{
	char buf[FIGURE_TEXT_MAX + 8];
	size_t n, u = strlen(unit);

	if (strlen(s) > FIGURE_TEXT_MAX ||
	    text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	n = trim(buf);
	if (u && n > u && strcmp(buf + n - u, unit) == 0) {
		buf[n - u] = '\0';
		n = trim(buf);
	}
	ungroup(buf);
	if (!figure_ok(buf) || strlen(buf) >= size)
		return -1;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

/* Reads digits [.digits] at s as a number times 10^6 (so that fractions
 * compare exactly).  Returns 0, or -1. */
static int read_micros(const char *s, long long *v, bool *has_point)
{
	long long whole = 0, frac = 0, scale = 100000;
	const char *p = s;

	*has_point = false;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((whole = whole * 10 + (*p - '0')) > 1000)
			return -1;
	if (*p == '.') {
		*has_point = true;
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale == 0)
				return -1;	/* more than six places */
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p)
		return -1;
	*v = whole * 1000000 + frac;
	return 0;
}

int percent_parse(const char *s, int *out)
{
	char buf[32];
	long long v;
	bool point, sign;
	size_t n;

	if (strlen(s) > 24 || text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	n = trim(buf);
	if ((sign = n && buf[n - 1] == '%')) {
		buf[--n] = '\0';
		trim(buf);
	}
	if (read_micros(buf, &v, &point))
		return -1;
	/* a fraction of one, as a percent-formatted cell holds it */
	if (point && !sign && v <= 1000000)
		v *= 100;
	if (v % 1000000 || v > 100LL * 1000000)
		return -1;
	*out = (int)(v / 1000000);
	return 0;
}

/* The number s reads as in a spreadsheet: a sign, digits (grouped by
 * commas or not), a point, an exponent, and a percent sign making it a
 * fraction ("50%" is 0.5).  Returns 0, or -1 if s is not such a number. */
static int spreadsheet_number(const char *s, double *v)
{
	char buf[FIGURE_TEXT_MAX + 8], *end;
	size_t n;
	bool percent;

	if (strlen(s) > FIGURE_TEXT_MAX ||
	    text_fold_fullwidth(s, buf, sizeof(buf)))
		return -1;
	n = trim(buf);
	if ((percent = n && buf[n - 1] == '%'))
		buf[--n] = '\0';
	ungroup(buf);
	if (!n || strchr(buf, ',') || buf[0] == ' ' || buf[n - 1] == ' ' ||
	    strspn(buf, "+-0123456789.eE") != strlen(buf))
		return -1;
	*v = strtod(buf, &end);
	if (*end || !isfinite(*v))
		return -1;
	if (percent)
		*v /= 100;
	return 0;
}

bool figure_same_number(const char *shown, const char *got)
{
	double a, b, larger, diff;

	if (spreadsheet_number(shown, &a) || spreadsheet_number(got, &b))
		return false;
	larger = a < 0 ? -a : a;
	if (b > larger || -b > larger)
		larger = b < 0 ? -b : b;
	diff = a > b ? a - b : b - a;
	/* a spreadsheet keeps 15 significant digits */
	return diff <= 1e-14 * larger;
}
