#include "duban/store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duban/i18n.h"
#include "duban/mem.h"

static const char store_conf_text[] =
	"# duban store settings\n"
	"format = 1\n";

/* Journals are append-only and ordered by their entries, not their lines:
 * a union merge of two copies is always right. */
static const char gitattributes_text[] = "journal.csv merge=union\n";

/* The lock is this machine's, and temporary files are half-written: git
 * keeps neither, so that pulling a copy of the store never conflicts in
 * them. */
static const char gitignore_text[] = "/lock\n/index\n*.tmp??????\n";

int store_file(const char *dir, const char *name, char *buf, size_t size,
	       struct duban_error *err)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size)
		return error_set(err, dir, 0, _("the path is too long"));
	return 0;
}

int store_locate(const char *explicit, char *path, size_t size,
		 bool *is_default, struct duban_error *err)
{
	const char *env = getenv("DUBAN_STORE");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	*is_default = false;
	if (explicit && *explicit)
		n = snprintf(path, size, "%s", explicit);
	else if (env && *env)
		n = snprintf(path, size, "%s", env);
	else if ((*is_default = true, xdg && *xdg == '/'))
		n = snprintf(path, size, "%s/duban", xdg);
	else if (home && *home)
		n = snprintf(path, size, "%s/.local/share/duban", home);
	else
		return error_set(err, NULL, 0, _("no store given, and no HOME "
				 "to keep the default one in: use --store DIR"));
	if (n < 0 || (size_t)n >= size)
		return error_set(err, NULL, 0, _("the store path is too long"));
	return 0;
}

bool store_exists(const char *dir)
{
	char path[4096];
	struct stat st;

	if (store_file(dir, STORE_ITEMS, path, sizeof(path), NULL))
		return false;
	return stat(path, &st) == 0;
}

/* mkdir -p: creates dir and its missing parents. */
static int make_dirs(const char *dir, struct duban_error *err)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n >= sizeof(path))
		return error_set(err, dir, 0, _("the path is too long"));
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return error_set(err, path, 0,
					 _("cannot create the directory: %s"),
					 strerror(errno));
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* fsync of the directory holding path, so a rename in it is durable. */
int sync_parent(const char *path, struct duban_error *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, rc = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)(slash - path) >= sizeof(dir))
		return error_set(err, path, 0, _("the path is too long"));
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return error_set(err, dir, 0, _("cannot open the directory: %s"),
				 strerror(errno));
	if (fsync(fd) && errno != EINVAL)
		rc = error_set(err, dir, 0, _("cannot sync the directory: %s"),
			       strerror(errno));
	close(fd);
	return rc;
}

int file_write_all(int fd, const void *data, size_t n)
{
	const char *s = data;

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int file_open_regular(const char *path, int flags, mode_t mode,
		      struct duban_error *err)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer, with the
	 * store locked; it is refused below, and cleared for a file */
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
	int saved;

	if (fd < 0) {
		saved = errno;
		if (errno == ELOOP)
			error_set(err, path, 0, _("a symbolic link: duban does "
				  "not follow it here; remove it"));
		else
			error_set(err, path, 0, flags & (O_WRONLY | O_RDWR)
				  ? _("cannot open for writing: %s")
				  : _("cannot open: %s"), strerror(errno));
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st)) {
		saved = errno;
		error_set(err, path, 0, _("cannot examine: %s"),
			  strerror(errno));
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(err, path, 0, S_ISDIR(st.st_mode)
			  ? _("a directory, not a regular file: duban does not "
			      "use it")
			  : _("a device, pipe or socket, not a regular file: "
			      "duban does not use it"));
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		saved = errno;
		error_set(err, path, 0, _("cannot open: %s"), strerror(errno));
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int file_temp_beside(const char *path, char *tmp, size_t size,
		     struct duban_error *err)
{
	int fd;

	if ((size_t)snprintf(tmp, size, "%s.tmpXXXXXX", path) >= size)
		return error_set(err, path, 0, _("the path is too long"));
	fd = mkstemp(tmp);
	if (fd < 0)
		return error_set(err, path, 0,
				 _("cannot create a temporary file: %s"),
				 strerror(errno));
	return fd;
}

int file_commit(int fd, const char *tmp, const char *path,
		struct duban_error *err)
{
	struct stat st;
	mode_t mask, mode;

	/* a replaced file keeps its permissions; a new one gets the umask's */
	mask = umask(0);
	umask(mask);
	mode = stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
	if (fchmod(fd, mode) || fsync(fd)) {
		error_set(err, path, 0, _("cannot write: %s"), strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd)) {
		error_set(err, path, 0, _("cannot write: %s"), strerror(errno));
		goto fail;
	}
	if (rename(tmp, path)) {
		error_set(err, path, 0, _("cannot replace: %s"),
			  strerror(errno));
		goto fail;
	}
	return sync_parent(path, err);

fail:
	unlink(tmp);
	return -1;
}

int file_replace(const char *path, const void *data, size_t n,
		 struct duban_error *err)
{
	char tmp[4096];
	int fd = file_temp_beside(path, tmp, sizeof(tmp), err);

	if (fd < 0)
		return -1;
	if (file_write_all(fd, data, n)) {
		error_set(err, path, 0, _("cannot write: %s"), strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	return file_commit(fd, tmp, path, err);
}

int file_read_all(const char *path, size_t max, char **data, size_t *n,
		  struct duban_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!fp)
		return error_set(err, path, 0, _("cannot open: %s"),
				 strerror(errno));
	for (;;) {
		size_t got;

		if (mem_grow((void **)&buf, &cap, len + 65536 + 1, 1)) {
			error_nomem(err);
			goto fail;
		}
		got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (len > max) {
			error_set(err, path, 0, _("larger than the "
				  "limit of %zu bytes"), max);
			goto fail;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		error_set(err, path, 0, _("cannot read: %s"), strerror(errno));
		goto fail;
	}
	fclose(fp);
	buf[len] = '\0';
	*data = buf;
	*n = len;
	return 0;

fail:
	fclose(fp);
	mem_free(buf);
	return -1;
}

static int make_key(const char *path, struct duban_error *err);

int store_create(const char *dir, const char *plan, size_t n,
		 struct duban_error *err)
{
	char path[4096];

	if (store_exists(dir))
		return error_set(err, dir, 0,
				 _("already holds a store (items.csv)"));
	if (make_dirs(dir, err))
		return -1;
	/* items.csv last: until it is in place the directory is no store,
	 * so an interrupted init can simply be run again. */
	if (store_file(dir, STORE_CONF, path, sizeof(path), err) ||
	    file_replace(path, store_conf_text, strlen(store_conf_text), err) ||
	    store_file(dir, ".gitattributes", path, sizeof(path), err) ||
	    file_replace(path, gitattributes_text, strlen(gitattributes_text), err) ||
	    store_file(dir, ".gitignore", path, sizeof(path), err) ||
	    file_replace(path, gitignore_text, strlen(gitignore_text), err) ||
	    store_file(dir, STORE_SHEET_KEY, path, sizeof(path), err) ||
	    make_key(path, err) ||
	    store_file(dir, STORE_ITEMS, path, sizeof(path), err) ||
	    file_replace(path, plan, n, err))
		return -1;
	return 0;
}

/* Reads a key file: exactly 2 * SHEET_KEY_LEN hex digits and a newline. */
static int read_key(const char *path, unsigned char *key,
		    struct duban_error *err)
{
	char *data;
	size_t n;
	int rc = 0;

	if (file_read_all(path, 4096, &data, &n, err))
		return -1;
	if (n != 2 * SHEET_KEY_LEN + 1 || data[n - 1] != '\n')
		rc = -1;
	for (size_t i = 0; rc == 0 && i < SHEET_KEY_LEN; i++) {
		unsigned int byte;

		if (!isxdigit((unsigned char)data[2 * i]) ||
		    !isxdigit((unsigned char)data[2 * i + 1]) ||
		    sscanf(data + 2 * i, "%2x", &byte) != 1)
			rc = -1;
		else
			key[i] = (unsigned char)byte;
	}
	mem_free(data);
	return rc ? error_set(err, path, 1, _("not a sheet key (%d hex digits)"),
			      2 * SHEET_KEY_LEN) : 0;
}

/* Writes a new random key to a temporary file and links it in as path,
 * unless another process did first.  Returns 0, or -1 with err filled. */
static int make_key(const char *path, struct duban_error *err)
{
	unsigned char raw[SHEET_KEY_LEN];
	char hex[2 * SHEET_KEY_LEN + 2], tmp[4096];
	size_t got = 0;
	int fd, rc = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_set(err, path, 0,
					 _("no random numbers for a key: %s"),
					 strerror(errno));
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	hex[2 * SHEET_KEY_LEN] = '\n';
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= sizeof(tmp))
		return error_set(err, path, 0, _("the path is too long"));
	if ((fd = mkstemp(tmp)) < 0)
		return error_set(err, path, 0,
				 _("cannot create a temporary file: %s"),
				 strerror(errno));
	/* those who may write the store may issue sheets; no one else */
	if (fchmod(fd, 0640) || file_write_all(fd, hex, 2 * SHEET_KEY_LEN + 1) ||
	    fsync(fd))
		rc = error_set(err, path, 0, _("cannot write: %s"),
			       strerror(errno));
	if (close(fd) && rc == 0)
		rc = error_set(err, path, 0, _("cannot write: %s"),
			       strerror(errno));
	if (rc == 0 && link(tmp, path) && errno != EEXIST)
		rc = error_set(err, path, 0, _("cannot create: %s"),
			       strerror(errno));
	unlink(tmp);
	return rc ? rc : sync_parent(path, err);
}

int store_sheet_key(const char *dir, unsigned char key[SHEET_KEY_LEN],
		    bool create, struct duban_error *err)
{
	char path[4096];
	struct stat st;

	if (store_file(dir, STORE_SHEET_KEY, path, sizeof(path), err))
		return -1;
	if (lstat(path, &st) && errno == ENOENT) {
		if (!create)
			return error_set(err, path, 0, _("this store has no sheet "
					 "key, so it issued no sheets: a sheet "
					 "another copy issued needs that copy's %s"),
					 STORE_SHEET_KEY);
		if (make_key(path, err))
			return -1;
	}
	return read_key(path, key, err);
}
