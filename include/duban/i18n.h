/*
 * i18n — messages meant for people go through gettext.
 *
 * _() translates now; N_() marks a string for translation where it is
 * defined (a table of titles) and leaves the translating to where it is used.
 */
#ifndef DUBAN_I18N_H
#define DUBAN_I18N_H

#include <libintl.h>

#define _(msgid) gettext(msgid)
#define N_(msgid) msgid

#endif
