/*
 * fuzz_settings — a store's store.conf, as settings_load() reads it.
 *
 * Loaded settings are within their ranges, their texts one line of
 * UTF-8; a refused file names its line.
 */
#include "fuzz.h"

#include "duban/settings.h"
#include "duban/store.h"
#include "duban/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(STORE_CONF);
	struct settings s;
	struct duban_error err;

	fuzz_write(path, data, size);
	if (settings_load(&s, path, STORE_CONF, &err)) {
		FUZZ_CHECK(err.line > 0 && strcmp(err.file, STORE_CONF) == 0);
		return 0;
	}
	FUZZ_CHECK(s.format >= 1 && s.format <= STORE_FORMAT);
	FUZZ_CHECK(s.warn_days >= 0 && s.warn_days <= 3650);
	/* the texts of the 通报: one line of UTF-8 that fits */
	FUZZ_CHECK(strlen(s.office) < SETTINGS_TEXT_MAX &&
		   !text_invalid_utf8(s.office, strlen(s.office)) &&
		   !text_breaks_line(s.office, false));
	FUZZ_CHECK(strlen(s.plan_title) < SETTINGS_TEXT_MAX &&
		   !text_invalid_utf8(s.plan_title, strlen(s.plan_title)) &&
		   !text_breaks_line(s.plan_title, false));
	return 0;
}
