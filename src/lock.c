#include "duban/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

/* A process holding a lock on fd's file as the kernel lists it in
 * /proc/locks (Linux), or 0.  Lines of waiters ("->") are passed over. */
static long kernel_holder(int fd)
{
	struct stat st;
	char line[256];
	long pid = 0;
	FILE *fp;

	if (fstat(fd, &st) || !(fp = fopen("/proc/locks", "re")))
		return 0;
	while (!pid && fgets(line, sizeof(line), fp)) {
		unsigned maj, min;
		unsigned long long ino;
		long p;

		if (strstr(line, "->") ||
		    sscanf(line, "%*d: FLOCK %*s %*s %ld %x:%x:%llu", &p, &maj,
			   &min, &ino) != 4)
			continue;
		if (p > 0 && maj == major(st.st_dev) && min == minor(st.st_dev) &&
		    ino == (unsigned long long)st.st_ino && p != (long)getpid())
			pid = p;
	}
	fclose(fp);
	return pid;
}

/* Who holds the lock: the kernel's answer, else the pid the last writer
 * wrote into the lock file if that process still runs, else 0. */
static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n;
	long pid = kernel_holder(fd);

	if (pid)
		return pid;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM) ? pid : 0;
}

/* How long to wait for the lock, in ms: $DUBAN_LOCK_WAIT seconds if set,
 * else LOCK_WAIT_MS.  -1 (err filled) if the variable is no such number. */
static long wait_limit(struct duban_error *err)
{
	const char *env = getenv("DUBAN_LOCK_WAIT");
	char *end;
	long secs;

	if (!env || !*env)
		return LOCK_WAIT_MS;
	errno = 0;
	secs = strtol(env, &end, 10);
	if (errno || *end || end == env || secs < 0 || secs > LOCK_WAIT_MAX_S)
		return error_set(err, NULL, 0, "DUBAN_LOCK_WAIT \"%s\" is not a "
				 "number of seconds from 0 to %d", env,
				 LOCK_WAIT_MAX_S);
	return secs * 1000;
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
	long waited = 0, limit;
	int fd;

	l->fd = -1;
	if ((limit = wait_limit(err)) < 0 ||
	    store_file(dir, LOCK_FILE, path, sizeof(path), err))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && !exclusive &&
	    (errno == EACCES || errno == EPERM || errno == EROFS))
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
		if (waited >= limit) {
			long pid = holder_pid(fd);
			char who[48] = "";

			if (pid)
				snprintf(who, sizeof(who), " (pid %ld)", pid);
			if (limit >= 1000)
				error_set(err, path, 0, "the store is locked by "
					  "another process%s and stayed so for "
					  "%ld s", who, limit / 1000);
			else
				error_set(err, path, 0, "the store is locked by "
					  "another process%s", who);
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
