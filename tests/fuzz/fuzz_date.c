/*
 * fuzz_date — dates and times as duban reads them: date_parse() (deadlines,
 * --date, --as-of, the journal's date, store.conf's start) and
 * entry_parse_time() (the journal's recorded time).
 *
 * What parses must survive being written and read again: date_format()
 * then date_parse() give the same day, entry_format_time() then
 * entry_parse_time() the same instant.
 */
#include "fuzz.h"

#include "duban/date.h"
#include "duban/journal.h"

/* 1900-01-02 and 9999-12-30 as microseconds since 1970: an instant this
 * far inside the calendar's range is a day within it in any time zone. */
#define US_MIN (-2208902400LL * 1000000)
#define US_MAX (253402128000LL * 1000000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	char buf[64];
	date_t d, e;
	int64_t us, again;
	int y, m, dd;

	if (date_parse(s, &d) == 0) {
		date_to_ymd(d, &y, &m, &dd);
		FUZZ_CHECK(date_from_ymd(y, m, dd, &e) == 0 && e == d);
		FUZZ_CHECK(date_parse(date_format(d, buf), &e) == 0 && e == d);
	}
	if (entry_parse_time(s, &us) == 0 && us >= US_MIN && us <= US_MAX) {
		entry_format_time(us, buf, sizeof(buf));
		FUZZ_CHECK(entry_parse_time(buf, &again) == 0);
		FUZZ_CHECK(again == us);
	}
	free(s);
	return 0;
}
