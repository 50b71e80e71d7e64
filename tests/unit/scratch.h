/*
 * scratch — a directory of the test program's own for the files its tests
 * write, and the time zone the tests' times are written in.
 *
 * scratch_begin() makes /tmp/duban-NAME-XXXXXX (its path in tmpdir) and sets
 * TZ to Asia/Shanghai; scratch_end() removes the directory and puts TZ back.
 * Call them from a group's setup and teardown.
 */
#ifndef DUBAN_SCRATCH_H
#define DUBAN_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[64];
static char *saved_tz;

/* Removes every file in tmpdir. */
static void clean_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char path[256];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%.150s", tmpdir, de->d_name);
			unlink(path);
		}
	closedir(d);
}

/* Returns 0, or -1 if the directory cannot be made or memory runs out. */
static int scratch_begin(const char *name)
{
	const char *tz = getenv("TZ");

	if (tz && !(saved_tz = strdup(tz)))
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/duban-%.20s-XXXXXX", name);
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	return 0;
}

static void scratch_end(void)
{
	clean_tmpdir();
	rmdir(tmpdir);
	if (saved_tz)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
	saved_tz = NULL;
}

#endif
