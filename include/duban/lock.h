/*
 * lock — one writer at a time per store, any number of readers.
 *
 * The lock is flock(2) on the store's "lock" file, which duban never
 * renames or removes, so the kernel lets go of it when its holder dies,
 * even by SIGKILL: a crashed writer never leaves the store locked.  The
 * holder writes its pid into the file so that a waiter can say who holds
 * it.
 *
 * The lock file is opened only as a regular file, never through a symbolic
 * link, and it is readable only by those who may write it, so that holding
 * it needs write access.  A lock file replaced while a writer waited for it
 * (by git, rsync) is locked again, as it now is at its path.
 */
#ifndef DUBAN_LOCK_H
#define DUBAN_LOCK_H

#include <stdbool.h>

#include "duban/error.h"

#define LOCK_FILE "lock"

/* How long a writer waits for another to finish, unless $DUBAN_LOCK_WAIT
 * gives a number of seconds (0 to LOCK_WAIT_MAX_S; 0: try once). */
#define LOCK_WAIT_MS 30000
#define LOCK_WAIT_MAX_S 86400

struct store_lock {
	int fd;		/* -1 when not held */
};

#define STORE_LOCK_INIT { -1 }

/* Takes the store's lock, exclusive (for writing) or shared (for reading),
 * waiting up to LOCK_WAIT_MS.  A reader of a store it cannot write goes on
 * without a lock.  Returns 0, or -1 with err saying how long it waited and
 * naming the holder's pid when it can be found: from the kernel's list of
 * locks, else the pid in the lock file if that process is running. */
int store_lock(const char *dir, bool exclusive, struct store_lock *l,
	       struct duban_error *err);

/* Lets go of the lock, if held. */
void store_unlock(struct store_lock *l);

#endif
