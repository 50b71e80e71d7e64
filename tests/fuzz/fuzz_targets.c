/*
 * fuzz_targets — the targets field of items.csv, as targets_parse() reads
 * it ("规上工业企业数量>40家;“亿元楼”>13幢@2026-12-31").
 *
 * What parses must be written back by target_format() in the same syntax:
 * the written targets parse again to the same targets.
 */
#include "fuzz.h"

#include "duban/strbuf.h"
#include "duban/target.h"

static void append_target(struct strbuf *sb, const struct target *t)
{
	char buf[256], *s = buf;
	int len = target_format(t, buf, sizeof(buf));

	FUZZ_CHECK(len >= 0);
	if ((size_t)len >= sizeof(buf)) {
		s = malloc((size_t)len + 1);
		FUZZ_CHECK(s != NULL);
		FUZZ_CHECK(target_format(t, s, (size_t)len + 1) == len);
	}
	FUZZ_CHECK(sb_add(sb, s, (size_t)len) == 0);
	if (s != buf)
		free(s);
}

static int same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct arena a = ARENA_INIT;
	struct strbuf written = STRBUF_INIT;
	struct target *t, *u;
	size_t n, m;
	struct duban_error err;

	if (targets_parse(s, &a, &t, &n, &err)) {
		FUZZ_CHECK(err.msg[0] != '\0');
		goto out;
	}
	FUZZ_CHECK(sb_reset(&written) == 0);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(!i || sb_add(&written, ";", 1) == 0);
		append_target(&written, &t[i]);
	}
	if (targets_parse(written.s, &a, &u, &m, &err)) {
		fprintf(stderr, "\"%s\" written as \"%s\": %s\n", s, written.s,
			err.msg);
		FUZZ_CHECK(!"written targets parse");
	}
	FUZZ_CHECK(m == n);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(strcmp(t[i].subject, u[i].subject) == 0);
		FUZZ_CHECK(t[i].op == u[i].op);
		FUZZ_CHECK(strcmp(t[i].figure, u[i].figure) == 0);
		FUZZ_CHECK(same_text(t[i].figure_max, u[i].figure_max));
		FUZZ_CHECK(t[i].value == u[i].value);
		FUZZ_CHECK(t[i].value_max == u[i].value_max);
		FUZZ_CHECK(strcmp(t[i].unit, u[i].unit) == 0);
		FUZZ_CHECK(t[i].by == u[i].by);
	}
out:
	sb_release(&written);
	arena_release(&a);
	free(s);
	return 0;
}
