/* The functions of docx.h, xlsx.h and book.h in the duban binary: each
 * loads the office module the first time and calls its own. */
#include "duban/office.h"

#include <dlfcn.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duban/i18n.h"

#ifndef OFFICEDIR
#define OFFICEDIR "/usr/local/lib/duban"
#endif

static const struct office *loaded;

/* Where the module is: beside the binary in an uninstalled build, else
 * where make install puts it. */
static const char *module_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;
	struct stat st;

	if (n > 0 && (size_t)n < size - sizeof(OFFICE_MODULE) - 1) {
		buf[n] = '\0';
		if ((slash = strrchr(buf, '/'))) {
			strcpy(slash + 1, OFFICE_MODULE);
			if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
				return buf;
		}
	}
	return OFFICEDIR "/" OFFICE_MODULE;
}

const struct office *office_load(struct duban_error *err)
{
	char buf[PATH_MAX];
	const char *path;
	void *handle;
	const struct office *o;

	if (loaded)
		return loaded;
	path = module_path(buf, sizeof(buf));
	if (!(handle = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		error_set(err, NULL, 0, _("cannot load the .docx and .xlsx "
			  "module: %s"), dlerror());
		return NULL;
	}
	o = dlsym(handle, OFFICE_SYMBOL);
	if (!o || o->abi != OFFICE_ABI) {
		error_set(err, NULL, 0, _("cannot load the .docx and .xlsx "
			  "module: %s is of another build of duban"), path);
		dlclose(handle);
		return NULL;
	}
	return loaded = o;
}

int docx_text(const char *path, struct strbuf *out, struct duban_error *err)
{
	const struct office *o = office_load(err);

	return o ? o->docx_text(path, out, err) : -1;
}

/* Whether a file named path holding the n bytes at data may be a zip
 * file with the extension ext: without the module none can be read, and
 * reading it then says why. */
static bool may_be(const char *path, const char *ext, const char *data,
		   size_t n)
{
	size_t len = strlen(path), elen = strlen(ext);

	return (len >= elen && strcasecmp(path + len - elen, ext) == 0) ||
	       (n >= 4 && memcmp(data, "PK\3\4", 4) == 0);
}

bool docx_is_docx(const char *path, const char *data, size_t n)
{
	const struct office *o = office_load(NULL);

	return o ? o->docx_is_docx(path, data, n)
		 : may_be(path, ".docx", data, n);
}

int xlsx_sheet_names(const char *path, char ***names, size_t *n,
		     struct duban_error *err)
{
	const struct office *o = office_load(err);

	return o ? o->xlsx_sheet_names(path, names, n, err) : -1;
}

int xlsx_read_sheet(const char *path, const char *name, struct xlsx_sheet *s,
		    struct duban_error *err)
{
	const struct office *o = office_load(err);

	return o ? o->xlsx_read_sheet(path, name, s, err) : -1;
}

/* A sheet exists only once the module read it: the module is loaded. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *s, size_t row,
				  size_t col)
{
	return loaded ? loaded->xlsx_cell(s, row, col) : NULL;
}

const char *xlsx_shown(const struct xlsx_cell *c, char *buf, size_t size)
{
	return loaded ? loaded->xlsx_shown(c, buf, size) : "";
}

void xlsx_sheet_release(struct xlsx_sheet *s)
{
	if (loaded)
		loaded->xlsx_sheet_release(s);
}

int xlsx_sheet_text(const struct xlsx_sheet *s, struct strbuf *out,
		    struct duban_error *err)
{
	const struct office *o = office_load(err);

	return o ? o->xlsx_sheet_text(s, out, err) : -1;
}

bool xlsx_is_xlsx(const char *path, const char *data, size_t n)
{
	const struct office *o = office_load(NULL);

	return o ? o->xlsx_is_xlsx(path, data, n)
		 : may_be(path, ".xlsx", data, n);
}

int book_create(struct book **out, const char *path, struct duban_error *err)
{
	const struct office *o = office_load(err);

	return o ? o->book_create(out, path, err) : -1;
}

/* A book exists only once the module made it: the module is loaded. */
int book_add_sheet(struct book *b, const char *name,
		   const struct book_column *cols, size_t ncols,
		   struct duban_error *err)
{
	return loaded->book_add_sheet(b, name, cols, ncols, err);
}

int book_add_title_row(struct book *b, const char *const *texts, size_t n,
		       struct duban_error *err)
{
	return loaded->book_add_title_row(b, texts, n, err);
}

int book_add_row(struct book *b, const struct book_cell *cells,
		 struct duban_error *err)
{
	return loaded->book_add_row(b, cells, err);
}

int book_add_total_row(struct book *b, const struct book_cell *cells,
		       struct duban_error *err)
{
	return loaded->book_add_total_row(b, cells, err);
}

int book_protect(struct book *b, struct duban_error *err)
{
	return loaded->book_protect(b, err);
}

int book_commit(struct book *b, struct duban_error *err)
{
	return loaded->book_commit(b, err);
}

void book_discard(struct book *b)
{
	if (b && loaded)
		loaded->book_discard(b);
}

enum book_fill book_light_fill(enum light l)
{
	const struct office *o = office_load(NULL);

	return o ? o->book_light_fill(l) : BOOK_FILL_NONE;
}

enum book_fill book_status_fill(enum status s)
{
	const struct office *o = office_load(NULL);

	return o ? o->book_status_fill(s) : BOOK_FILL_NONE;
}

enum book_fill book_standing_fill(enum standing s)
{
	const struct office *o = office_load(NULL);

	return o ? o->book_standing_fill(s) : BOOK_FILL_NONE;
}
