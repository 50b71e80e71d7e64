/*
 * fuzz_values — the values of command-line options and journal fields
 * that duban reads by word: --section (filter_parse_section), --status
 * (status_parse), --health (light_parse), --format (format_parse), an
 * actual figure (figure_ok), and the folding of full-width forms
 * that comes first (text_fold_fullwidth).
 */
#include "fuzz.h"

#include "duban/health.h"
#include "duban/figure.h"
#include "duban/journal.h"
#include "duban/query.h"
#include "duban/render.h"
#include "duban/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	size_t len = strlen(s);
	char *folded = malloc(len + 1), small[8];
	int section, subsection;
	enum status st;
	enum light light;
	enum format format;

	FUZZ_CHECK(folded != NULL);
	/* folding never lengthens: a buffer as long as the text is enough */
	FUZZ_CHECK(text_fold_fullwidth(s, folded, len + 1) == 0);
	FUZZ_CHECK(strlen(folded) <= len);
	if (text_fold_fullwidth(s, small, sizeof(small)) == 0)
		FUZZ_CHECK(strcmp(small, folded) == 0);
	if (filter_parse_section(s, &section, &subsection) == 0)
		FUZZ_CHECK(section >= 1 && section < 1000 && subsection >= 0 &&
			   subsection < 1000);
	if (status_parse(s, &st) == 0)
		FUZZ_CHECK(strcmp(s, status_key(st)) == 0 ||
			   strcmp(s, status_label(st)) == 0);
	if (light_parse(s, &light) == 0)
		FUZZ_CHECK(light >= 0 && light < LIGHT_COUNT);
	if (format_parse(s, &format) == 0)
		FUZZ_CHECK(format >= FORMAT_TABLE && format <= FORMAT_JSON);
	if (figure_ok(s))
		FUZZ_CHECK(len >= 1 && len <= 25 && s[0] >= '0' && s[0] <= '9');
	free(folded);
	free(s);
	return 0;
}
