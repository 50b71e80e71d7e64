#include "duban/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "duban/store.h"

/* Between two tries for a busy lock. */
#define LOCK_POLL_MS 5

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The pid the holder wrote into the lock file, or 0. */
static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static void record_holder(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) < 0) {
		/* only informative: a lock without a pid in it still works */
	}
}

int store_lock(const char *dir, bool exclusive, struct store_lock *l,
	       struct duban_error *err)
{
	char path[4096];
	int fd, waited = 0;

	l->fd = -1;
	if (store_file(dir, LOCK_FILE, path, sizeof(path), err))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && !exclusive && (errno == EACCES || errno == EROFS))
		return 0;	/* a store we may only read: nothing to lock */
	if (fd < 0)
		return error_set(err, path, 0, "cannot open the lock: %s",
				 strerror(errno));
	while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			error_set(err, path, 0, "cannot lock: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (waited >= LOCK_WAIT_MS) {
			long pid = holder_pid(fd);

			error_set(err, path, 0, "the store is locked by another duban "
				  "(pid %ld) and stayed so for %d s", pid,
				  LOCK_WAIT_MS / 1000);
			close(fd);
			return -1;
		}
		sleep_ms(LOCK_POLL_MS);
		waited += LOCK_POLL_MS;
	}
	if (exclusive)
		record_holder(fd);
	l->fd = fd;
	return 0;
}

void store_unlock(struct store_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);	/* closing lets go of the flock */
	l->fd = -1;
}
