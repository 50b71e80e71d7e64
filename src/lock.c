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

#include "duban/i18n.h"
#include "duban/store.h"

/* Between two tries for a busy lock. */
#define LOCK_POLL_MS 5

/* How often to lock again a lock file replaced under us. */
#define LOCK_TRIES 1000

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
		return error_set(err, NULL, 0, _("DUBAN_LOCK_WAIT \"%s\" is not "
				 "a number of seconds from 0 to %d"), env,
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

/* Only who may write the lock may read it: flock(2) needs no write
 * access, so a lock readable by others would let any reader hold off
 * every writer.  The owner (the store's first writer) makes its read bits
 * follow its write bits. */
static void readable_only_by_writers(int fd)
{
	struct stat st;
	mode_t mode;

	if (fstat(fd, &st) || st.st_uid != geteuid())
		return;
	mode = st.st_mode & 07777;
	if (!(mode & S_IWGRP))
		mode &= ~(mode_t)S_IRGRP;
	if (!(mode & S_IWOTH))
		mode &= ~(mode_t)S_IROTH;
	if (mode != (st.st_mode & 07777) && fchmod(fd, mode)) {
		/* another user's lock keeps its mode: still a lock */
	}
}

/* Whether fd is still the file at path: one replaced while we waited (by
 * git, rsync or a careless hand) locks nothing for the next writer. */
static bool still_at(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Says that the lock at path stayed held for limit ms. */
static int held_too_long(int fd, const char *path, long limit,
			 struct duban_error *err)
{
	long pid = holder_pid(fd);

	if (pid && limit >= 1000)
		return error_set(err, path, 0, _("the store is locked by "
				 "another process (pid %ld) and stayed so for "
				 "%ld s"), pid, limit / 1000);
	if (limit >= 1000)
		return error_set(err, path, 0, _("the store is locked by "
				 "another process and stayed so for %ld s"),
				 limit / 1000);
	if (pid)
		return error_set(err, path, 0, _("the store is locked by "
				 "another process (pid %ld)"), pid);
	return error_set(err, path, 0, _("the store is locked by another "
			 "process"));
}

/* Locks fd, waiting up to limit ms (*waited so far).  Returns 0, 1 if it
 * locked a file no longer at path (try again), or -1 with err filled. */
static int lock_fd(int fd, const char *path, bool exclusive, long limit,
		   long *waited, struct duban_error *err)
{
	while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return error_set(err, path, 0, _("cannot lock: %s"),
					 strerror(errno));
		if (*waited >= limit)
			return held_too_long(fd, path, limit, err);
		sleep_ms(LOCK_POLL_MS);
		*waited += LOCK_POLL_MS;
	}
	return still_at(fd, path) ? 0 : 1;
}

int store_lock(const char *dir, bool exclusive, struct store_lock *l,
	       struct duban_error *err)
{
	char path[4096];
	long waited = 0, limit;
	int fd, rc;

	l->fd = -1;
	if ((limit = wait_limit(err)) < 0 ||
	    store_file(dir, LOCK_FILE, path, sizeof(path), err))
		return -1;
	for (int tries = 0; tries < LOCK_TRIES; tries++) {
		fd = file_open_regular(path, O_RDWR | O_CREAT, 0666, err);
		if (fd < 0 && !exclusive &&
		    (errno == EACCES || errno == EPERM || errno == EROFS))
			return 0;	/* a store we may only read */
		if (fd < 0 && (errno == EACCES || errno == EPERM ||
			       errno == EROFS || errno == ENOENT))
			return error_set(err, path, 0,
					 _("cannot open the lock: %s"),
					 strerror(errno));
		if (fd < 0)
			return -1;
		readable_only_by_writers(fd);
		if ((rc = lock_fd(fd, path, exclusive, limit, &waited, err)) == 0) {
			if (exclusive)
				record_holder(fd);
			l->fd = fd;
			return 0;
		}
		close(fd);
		if (rc < 0)
			return -1;
	}
	return error_set(err, path, 0, _("the lock file is replaced again and "
			 "again; is something rewriting the store?"));
}

void store_unlock(struct store_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);	/* closing lets go of the flock */
	l->fd = -1;
}
