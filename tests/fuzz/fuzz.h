/*
 * fuzz — what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput() for one parser of
 * outside input and releases everything it allocates, so LeakSanitizer
 * can tell a leak from the parser's own.  Nothing is printed unless a
 * property the target checks fails, and then it aborts.  Parsers that read
 * files get them in a directory of the process's own under /tmp, made on
 * first use and removed at exit.
 */
#ifndef DUBAN_FUZZ_H
#define DUBAN_FUZZ_H

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message naming the property that does not hold. */
#define FUZZ_CHECK(cond)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: property failed: %s\n",     \
				__FILE__, __LINE__, #cond);                 \
			abort();                                            \
		}                                                           \
	} while (0)

static char fuzz_dir_path[64];

static inline void fuzz_dir_remove(void)
{
	DIR *d = opendir(fuzz_dir_path);
	struct dirent *de;
	char path[512];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", fuzz_dir_path,
				 de->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(fuzz_dir_path);
}

/* The path of name in the process's scratch directory (static storage). */
static inline const char *fuzz_path(const char *name)
{
	static char path[256];

	if (!fuzz_dir_path[0]) {
		snprintf(fuzz_dir_path, sizeof(fuzz_dir_path),
			 "/tmp/duban-fuzz-XXXXXX");
		FUZZ_CHECK(mkdtemp(fuzz_dir_path) != NULL);
		atexit(fuzz_dir_remove);
	}
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir_path, name);
	return path;
}

/* Replaces the file at path with the n bytes at data. */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	FUZZ_CHECK(fd >= 0);
	while (n > 0) {
		ssize_t w = write(fd, data, n);

		FUZZ_CHECK(w > 0);
		data += w;
		n -= (size_t)w;
	}
	FUZZ_CHECK(close(fd) == 0);
}

/* A NUL-terminated copy of data, cut at its first NUL: the C string a
 * parser of text fields is given.  The caller frees it. */
static inline char *fuzz_string(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	FUZZ_CHECK(s != NULL);
	if (n)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

#endif
