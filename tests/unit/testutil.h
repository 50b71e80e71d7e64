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

#endif
