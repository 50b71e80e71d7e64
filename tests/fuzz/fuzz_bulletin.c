/*
 * fuzz_bulletin — what the 通报 takes from outside: texts of the store in
 * its HTML page and its Markdown, bulletins.csv and
 * bulletin-requirements.txt.
 *
 * The input, cut at NUL bytes, gives the texts of a bulletin of every kind
 * of block.  Whatever they hold, the page's markup is the markup of the
 * same bulletin with every text empty: no text adds a tag, an entity or a
 * quote.  In the Markdown, no character Markdown reads as markup comes
 * from a text unescaped.  The whole input is also read as bulletins.csv
 * and as the requirements: a register read has issues from 1 to 999999 of
 * real months; requirements read are UTF-8 lines, none empty, without a
 * control character.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "duban/bulletin.h"
#include "duban/sheet.h"
#include "duban/text.h"

#define PIECES 8

/* A bulletin whose texts are pieces[0..PIECES). */
static int build(struct bulletin *b, const char *const *p)
{
	struct duban_error err;
	const char *legend[DOC_SEGMENTS] = { p[4], p[5], p[6], p[7] };

	return bulletin_set_name(b, p[0], p[1], &err) ||
	       bulletin_add(b, DOC_TITLE, p[1], NULL, &err) ||
	       bulletin_add(b, DOC_MASTHEAD, p[2], p[3], &err) ||
	       bulletin_add(b, DOC_HEADING, p[4], NULL, &err) ||
	       bulletin_add(b, DOC_PARAGRAPH, p[5], NULL, &err) ||
	       bulletin_add(b, DOC_PLACEHOLDER, p[6], NULL, &err) ||
	       bulletin_add_chart(b, p[7], legend, &err) ||
	       bulletin_add_bar(b, p[0], (long[]){ 1, 2, 3, 4 }, &err) ||
	       bulletin_add_table(b, 3, (const char *[]){ p[1], p[2], p[3] },
				  2u, 1u, &err) ||
	       bulletin_add_row(b, (const char *[]){ p[4], p[5], p[6] }, &err)
	       ? -1 : 0;
}

/* The tags of an HTML page, in order, without the text between them,
 * their attributes' values ("" where the value was) and their class
 * attributes: the geometry of a chart follows its labels' widths, and a
 * cell's class whether it holds a day, but what tags there are and what
 * attributes they have follow the bulletin's blocks alone. */
static void tags(const char *s, struct strbuf *out)
{
	bool in_tag = false;

	for (; *s; s++) {
		if (*s == '<')
			in_tag = true;
		if (!in_tag)
			continue;
		if (strncmp(s, " class=\"", 8) == 0) {
			s = strchr(s + 8, '"');
			FUZZ_CHECK(s != NULL);
			continue;
		}
		FUZZ_CHECK(sb_add(out, s, 1) == 0);
		if (*s == '"') {	/* a value: to its closing quote */
			s = strchr(s + 1, '"');
			FUZZ_CHECK(s != NULL && sb_add(out, s, 1) == 0);
		}
		if (*s == '>')
			in_tag = false;
	}
}

/* Whether every "&" of s starts an entity the writer writes. */
static bool entities_only(const char *s)
{
	static const char *const known[] = { "&amp;", "&lt;", "&gt;",
					     "&quot;", "&#39;" };

	for (; (s = strchr(s, '&')); s++) {
		bool ok = false;

		for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
			ok |= strncmp(s, known[i], strlen(known[i])) == 0;
		if (!ok)
			return false;
	}
	return true;
}

/* The page of the pieces has the tags of the page of empty texts, and
 * no "&" but those of its entities. */
static void check_html(const char *const *pieces)
{
	static const char *const none[PIECES] = { "", "", "", "", "", "", "",
						  "" };
	struct bulletin b = BULLETIN_INIT, empty = BULLETIN_INIT;
	struct strbuf page = STRBUF_INIT, bare = STRBUF_INIT;
	struct strbuf t1 = STRBUF_INIT, t2 = STRBUF_INIT;
	struct duban_error err;

	FUZZ_CHECK(build(&b, pieces) == 0 && build(&empty, none) == 0);
	FUZZ_CHECK(bulletin_html(&b, &page, &err) == 0);
	FUZZ_CHECK(bulletin_html(&empty, &bare, &err) == 0);
	FUZZ_CHECK(sb_reset(&t1) == 0 && sb_reset(&t2) == 0);
	tags(page.s, &t1);
	tags(bare.s, &t2);
	FUZZ_CHECK(strcmp(t1.s, t2.s) == 0);
	FUZZ_CHECK(entities_only(page.s));
	bulletin_release(&b);
	bulletin_release(&empty);
	sb_release(&page);
	sb_release(&bare);
	sb_release(&t1);
	sb_release(&t2);
}

/* In the Markdown, every markup character of the pieces comes escaped:
 * the output has as many unescaped ones as that of empty texts. */
static size_t unescaped(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		n += strchr("*_[]<>|#&~`", *s) != NULL;
	}
	return n;
}

static void check_markdown(const char *const *pieces)
{
	static const char *const none[PIECES] = { "", "", "", "", "", "", "",
						  "" };
	struct bulletin b = BULLETIN_INIT, empty = BULLETIN_INIT;
	struct strbuf md = STRBUF_INIT, bare = STRBUF_INIT;
	struct duban_error err;

	FUZZ_CHECK(build(&b, pieces) == 0 && build(&empty, none) == 0);
	FUZZ_CHECK(bulletin_markdown(&b, &md, &err) == 0);
	FUZZ_CHECK(bulletin_markdown(&empty, &bare, &err) == 0);
	FUZZ_CHECK(unescaped(md.s) == unescaped(bare.s));
	bulletin_release(&b);
	bulletin_release(&empty);
	sb_release(&md);
	sb_release(&bare);
}

static void check_register(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(STORE_BULLETINS);
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	struct duban_error err;
	struct period p;

	fuzz_write(path, data, size);
	if (bulletin_register_load(&r, path, STORE_BULLETINS, &err) == 0) {
		for (size_t i = 0; i < r.n; i++) {
			FUZZ_CHECK(r.v[i].number >= 1 &&
				   r.v[i].number <= 999999);
			FUZZ_CHECK(period_parse(r.v[i].period, &p) == 0);
			FUZZ_CHECK(r.v[i].as_of != DATE_NONE);
		}
		FUZZ_CHECK(bulletin_register_next(&r) >= 1);
	}
	bulletin_register_release(&r);
}

static void check_requirements(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(STORE_REQUIREMENTS);
	struct strbuf text = STRBUF_INIT;
	struct duban_error err;
	bool found;

	fuzz_write(path, data, size);
	if (bulletin_requirements_load(&text, &found, path,
				       STORE_REQUIREMENTS, &err) == 0) {
		FUZZ_CHECK(found);
		FUZZ_CHECK(!text_invalid_utf8(text.s, text.len));
		FUZZ_CHECK(text.len == 0 || text.s[text.len - 1] == '\n');
		FUZZ_CHECK(strstr(text.s, "\n\n") == NULL && text.s[0] != '\n');
		for (size_t i = 0; i < text.len; i++)
			FUZZ_CHECK((unsigned char)text.s[i] >= 0x20 ||
				   text.s[i] == '\t' || text.s[i] == '\n');
	}
	sb_release(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	const char *pieces[PIECES];
	size_t k = 0;

	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	/* the pieces: the input cut at its NUL bytes, the rest empty */
	for (char *s = copy, *end = copy + size; k < PIECES; k++) {
		pieces[k] = s;
		s += strlen(s);
		if (s < end)
			s++;
	}
	check_html(pieces);
	check_markdown(pieces);
	check_register(data, size);
	check_requirements(data, size);
	free(copy);
	return 0;
}
