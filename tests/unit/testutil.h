/*
 * testutil — helpers shared by the unit tests.
 */
#ifndef DUBAN_TESTUTIL_H
#define DUBAN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "duban/store.h"

/* Writes n bytes to a new temporary file and returns its path (static
 * storage, overwritten by the next call).  Fails the test if it cannot. */
static inline const char *write_temp(const char *data, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/duban-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

/* The whole file at path (at most 16 MiB), to be freed with mem_free();
 * its size in *n.  Fails the test if it cannot be read. */
static inline char *read_whole(const char *path, size_t *n)
{
	struct duban_error err;
	char *data;

	if (file_read_all(path, 1L << 24, &data, n, &err))
		fail_msg("%s: %s", path, err.msg);
	return data;
}

#endif
