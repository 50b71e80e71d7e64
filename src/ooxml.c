/*
 * ooxml — the zip archive and the XML errors of .docx and .xlsx files;
 * see ooxml.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "duban/i18n.h"
#include "duban/ooxml.h"

zip_t *ooxml_open(const char *path, const char *kind, struct duban_error *err)
{
	unsigned char sig[4] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC), code = 0;
	zip_t *za;
	zip_error_t ze;

	if (fd < 0) {
		error_set(err, path, 0, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	if (pread(fd, sig, sizeof(sig), 0) < 0) {
		error_set(err, path, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		return NULL;
	}
	if ((za = zip_fdopen(fd, ZIP_RDONLY, &code)))
		return za;	/* fd is libzip's now */
	close(fd);
	if (code == ZIP_ER_MEMORY) {
		error_nomem(err);
	} else if (code == ZIP_ER_NOZIP && memcmp(sig, "PK\3\4", 4) != 0) {
		error_set(err, path, 0, _("not a %s file: not a zip archive"),
			  kind);
	} else if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
		/* a zip's start without its end: cut short */
		error_set(err, path, 0, _("a damaged %s file: the zip archive "
			  "is cut short or corrupt"), kind);
	} else {
		zip_error_init_with_code(&ze, code);
		error_set(err, path, 0, _("cannot read the zip archive: %s"),
			  zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	return NULL;
}

void ooxml_keep_problem(struct ooxml_problem *p, OOXML_ERROR_CONST xmlError *e)
{
	size_t len;

	if (p->msg[0] || !e || e->level < XML_ERR_ERROR)
		return;
	p->line = e->line;
	p->code = e->code;
	snprintf(p->msg, sizeof(p->msg), "%s",
		 e->message ? e->message : _("unknown error"));
	len = strlen(p->msg);
	while (len && (p->msg[len - 1] == '\n' || p->msg[len - 1] == ' '))
		p->msg[--len] = '\0';
}
