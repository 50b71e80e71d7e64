/*
 * i18n — messages meant for people go through gettext.
 *
 * _() translates now; N_() marks a string for translation where it is
 * defined (a table of titles) and leaves the translating to where it is used.
 * C_(context, msgid) translates a msgid that reads differently in another
 * context (pgettext).  A count in a message goes through
 * ngettext(singular, plural, n).
 *
 * The library translates its messages where it writes them: the format
 * given to error_set() and problems_add() is a _() string, and so is every
 * message it returns.  Keys, file names and CSV, TSV and JSON output are
 * never translated.  `make pot` extracts every marked string into
 * po/duban.pot.
 */
#ifndef DUBAN_I18N_H
#define DUBAN_I18N_H

#include <libintl.h>

#define _(msgid) gettext(msgid)
#define N_(msgid) msgid

/* gettext's pgettext: msgid in a context, glued as gettext stores it. */
#define C_(context, msgid) i18n_pgettext(context "\004" msgid, msgid)

/* The translation of ctx_msgid (a context, \004 and a msgid, as gettext
 * stores it), or msgid when there is none. */
static inline const char *i18n_pgettext(const char *ctx_msgid,
					const char *msgid)
{
	const char *t = gettext(ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

#endif
