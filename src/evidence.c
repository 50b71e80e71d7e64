#include "duban/evidence.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duban/i18n.h"
#include "duban/store.h"

bool evidence_name_ok(const char *name)
{
	const char *ext = name + DIGEST_HEX_LEN;
	size_t n;

	if (!digest_is_hex(name, DIGEST_HEX_LEN))
		return false;
	if (!*ext)
		return true;
	if (*ext++ != '.')
		return false;
	for (n = 0; ext[n]; n++)
		if (!(ext[n] >= 'a' && ext[n] <= 'z') &&
		    !(ext[n] >= '0' && ext[n] <= '9'))
			return false;
	return n >= 1 && n <= EVIDENCE_EXT_MAX;
}

/* The extension of path's file name worth keeping, lowercased into ext
 * (EVIDENCE_EXT_MAX + 1 bytes): "" when it has none or an odd one. */
static void extension_of(const char *path, char *ext)
{
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base ? base + 1 : path, '.');
	size_t n = 0;

	*ext = '\0';
	if (!dot || dot == (base ? base + 1 : path) || strlen(dot + 1) >
	    EVIDENCE_EXT_MAX)
		return;
	for (const char *s = dot + 1; *s; s++) {
		if (!isascii((unsigned char)*s) || !isalnum((unsigned char)*s)) {
			*ext = '\0';
			return;
		}
		ext[n++] = (char)tolower((unsigned char)*s);
	}
	ext[n] = '\0';
}

/* Reads fd to its end, hashing every byte, and writes each to out unless
 * out is below 0.  Returns 0, or -1 with errno set. */
static int hash_copy(int fd, int out, struct sha256_ctx *ctx)
{
	unsigned char buf[65536];
	ssize_t got;

	sha256_init(ctx);
	while ((got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sha256_update(ctx, (size_t)got, buf);
		if (out >= 0 && file_write_all(out, buf, (size_t)got))
			return -1;
	}
	return 0;
}

static void hex_of(struct sha256_ctx *ctx, char *hex)
{
	unsigned char raw[SHA256_DIGEST_SIZE];

	sha256_digest(ctx, sizeof(raw), raw);
	digest_hex(raw, sizeof(raw), hex);
}

/* Makes dir's evidence/ when it is missing, and writes its path into buf.
 * Returns 0, or -1 (err). */
static int evidence_dir(const char *dir, char *buf, size_t size,
			struct duban_error *err)
{
	if (store_file(dir, EVIDENCE_DIR, buf, size, err))
		return -1;
	if (mkdir(buf, 0777) == 0)
		return sync_parent(buf, err);	/* a new directory survives */
	if (errno != EEXIST)
		return error_set(err, buf, 0, _("cannot create the directory: "
				 "%s"), strerror(errno));
	return 0;
}

int evidence_store(const char *dir, const char *path, char *name,
		   struct duban_error *err)
{
	char where[4096], incoming[4096], tmp[4096];
	char final[4096 + EVIDENCE_NAME_SIZE];
	char hex[DIGEST_HEX_LEN + 1], ext[EVIDENCE_EXT_MAX + 1];
	struct sha256_ctx ctx;
	struct duban_error ignored;
	struct stat st;
	int in, out;

	if ((in = file_open_regular(path, O_RDONLY, 0, err)) < 0)
		return -1;
	if (evidence_dir(dir, where, sizeof(where), err) ||
	    store_file(where, "incoming", incoming, sizeof(incoming), err) ||
	    (out = file_temp_beside(incoming, tmp, sizeof(tmp), err)) < 0) {
		close(in);
		return -1;
	}
	if (hash_copy(in, out, &ctx)) {
		error_set(err, path, 0, _("cannot copy: %s"), strerror(errno));
		close(in);
		close(out);
		unlink(tmp);
		return -1;
	}
	close(in);
	hex_of(&ctx, hex);
	extension_of(path, ext);
	snprintf(name, EVIDENCE_NAME_SIZE, "%s%s%s", hex, *ext ? "." : "", ext);
	snprintf(final, sizeof(final), "%s/%s", where, name);
	/* the same bytes kept already; a copy damaged since is replaced */
	if (lstat(final, &st) == 0 && S_ISREG(st.st_mode) &&
	    evidence_verify(dir, name, &ignored) == 0) {
		close(out);
		unlink(tmp);
		return 0;
	}
	return file_commit(out, tmp, final, err);
}

int evidence_verify(const char *dir, const char *name,
		    struct duban_error *err)
{
	char path[4096 + EVIDENCE_NAME_SIZE], hex[DIGEST_HEX_LEN + 1];
	struct sha256_ctx ctx;
	int fd, rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s", dir, EVIDENCE_DIR,
			     name) >= sizeof(path))
		return error_set(err, dir, 0, _("the path is too long"));
	if ((fd = file_open_regular(path, O_RDONLY, 0, err)) < 0) {
		if (errno == ENOENT)
			error_set(err, path, 0, _("the evidence file is "
				  "missing: %s"), strerror(errno));
		return -1;
	}
	rc = hash_copy(fd, -1, &ctx);
	close(fd);
	if (rc)
		return error_set(err, path, 0, _("cannot read: %s"),
				 strerror(errno));
	hex_of(&ctx, hex);
	if (strncmp(hex, name, DIGEST_HEX_LEN))
		return error_set(err, path, 0, _("the evidence file was "
				 "altered: its SHA-256 is now %.16s…"), hex);
	return 0;
}
