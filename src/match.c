#include "duban/match.h"

#include <string.h>
#include <unistr.h>

#include "duban/mem.h"

static const char open_paren[] = "（";
static const char list_sep[] = "、";
/* Prefixes of a collective designation's first part: "each", "each related". */
static const char *const each_prefixes[] = { "各相关", "各" };

static bool span_equals(const char *s, size_t n, const char *query)
{
	return strlen(query) == n && memcmp(s, query, n) == 0;
}

/* True if [s, s+n) names query, alone or as 各X / 各相关X. */
static bool part_matches(const char *s, size_t n, const char *query, bool first)
{
	if (span_equals(s, n, query))
		return true;
	for (size_t i = 0; first && i < sizeof(each_prefixes) / sizeof(*each_prefixes); i++) {
		size_t plen = strlen(each_prefixes[i]);

		if (n > plen && memcmp(s, each_prefixes[i], plen) == 0)
			return span_equals(s + plen, n - plen, query);
	}
	return false;
}

bool unit_matches(const char *entry, const char *query)
{
	const char *paren, *p;
	bool first = true;

	if (!*query)
		return false;
	if (strcmp(entry, query) == 0)
		return true;
	paren = strstr(entry, open_paren);
	if (paren && paren > entry && span_equals(entry, (size_t)(paren - entry), query))
		return true;
	if (!strstr(entry, list_sep))
		return false;
	for (p = entry;; first = false) {
		const char *sep = strstr(p, list_sep);
		size_t n = sep ? (size_t)(sep - p) : strlen(p);

		if (part_matches(p, n, query, first))
			return true;
		if (!sep)
			return false;
		p = sep + strlen(list_sep);
	}
}

bool units_match(const struct names *list, const char *query)
{
	for (size_t i = 0; i < list->n; i++)
		if (unit_matches(list->v[i], query))
			return true;
	return false;
}

bool names_contain(const struct names *list, const char *query)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i], query) == 0)
			return true;
	return false;
}

/* Edit distance between two code point strings, a swap of two neighbours
 * counting as one edit ("lsit" is one from "list"): three rows of memory,
 * rows[0..3) of nb + 1 each. */
static size_t edit_distance(const ucs4_t *a, size_t na, const ucs4_t *b,
			    size_t nb, size_t *rows)
{
	size_t *two = rows, *one = rows + nb + 1, *cur = rows + 2 * (nb + 1);

	for (size_t j = 0; j <= nb; j++)
		one[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t best = one[j - 1] + (a[i - 1] != b[j - 1]);

			if (one[j] + 1 < best)
				best = one[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && two[j - 2] + 1 < best)
				best = two[j - 2] + 1;
			cur[j] = best;
		}
		{
			size_t *t = two;

			two = one;
			one = cur;
			cur = t;
		}
	}
	return one[nb];
}

struct candidate {
	const char *name;
	size_t score;	/* lower is closer */
};

/* Names longer than this are not compared: no real unit name is. */
#define NAME_CHARS_MAX 256

static size_t closeness(const char *query, const ucs4_t *q, size_t nq,
			const char *name, size_t *row)
{
	ucs4_t buf[NAME_CHARS_MAX];
	size_t n = NAME_CHARS_MAX;

	if (strstr(name, query) || strstr(query, name))
		return 0;
	/* A name of at most NAME_CHARS_MAX bytes fits buf: u8_to_u32 then
	 * never allocates. */
	if (strlen(name) > NAME_CHARS_MAX ||
	    !u8_to_u32((const uint8_t *)name, strlen(name), buf, &n))
		return (size_t)-1;
	return 1 + edit_distance(q, nq, buf, n, row);
}

long names_closest(const char *query, const char *const *known, size_t n,
		   const char **out, size_t max)
{
	ucs4_t q[NAME_CHARS_MAX];
	size_t nq = NAME_CHARS_MAX, row[3 * (NAME_CHARS_MAX + 1)], count = 0;
	struct candidate *best;
	size_t limit;

	/* every name "contains" the empty string: suggest nothing for it */
	if (!*query || strlen(query) > NAME_CHARS_MAX || max == 0 ||
	    !u8_to_u32((const uint8_t *)query, strlen(query), q, &nq))
		return 0;
	/* Worth suggesting: at most half the query's characters differ. */
	limit = 1 + (nq + 1) / 2;
	best = mem_calloc(max, sizeof(*best));
	if (!best)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t score = closeness(query, q, nq, known[i], row), j;

		if (score > limit)
			continue;
		if (count == max && score >= best[max - 1].score)
			continue;
		j = count < max ? count++ : max - 1;
		while (j > 0 && best[j - 1].score > score) {
			best[j] = best[j - 1];
			j--;
		}
		best[j] = (struct candidate){ known[i], score };
	}
	for (size_t i = 0; i < count; i++)
		out[i] = best[i].name;
	mem_free(best);
	return (long)count;
}
