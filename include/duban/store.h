/*
 * store — the directory that holds a plan and its records.
 *
 *   items.csv       the plan (table.h)
 *   store.conf      "key = value" settings; "format = 1" says which layout
 *                   this is, so a later duban can read and upgrade it
 *   .gitattributes  lets stores kept in git merge their journals
 *   .gitignore      keeps the lock, the index and temporary files out of git
 *
 * The store is chosen by --store DIR, else $DUBAN_STORE, else the per-user
 * default $XDG_DATA_HOME/duban (~/.local/share/duban).
 */
#ifndef DUBAN_STORE_H
#define DUBAN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "duban/error.h"

/* The store layout this duban writes and reads. */
#define STORE_FORMAT 1

/* Names of the files inside a store. */
#define STORE_ITEMS "items.csv"
#define STORE_CONF "store.conf"

/* Picks the store directory: explicit (from --store) if not NULL, else
 * $DUBAN_STORE, else the per-user default.  Writes it into path (size
 * bytes) and sets *is_default when it is the per-user default.  Returns 0,
 * or -1 if no directory can be named (no HOME) or it is too long. */
int store_locate(const char *explicit, char *path, size_t size,
		 bool *is_default, struct duban_error *err);

/* Writes path/name into buf (size bytes).  Returns 0, or -1 (err filled)
 * if it does not fit. */
int store_file(const char *dir, const char *name, char *buf, size_t size,
	       struct duban_error *err);

/* True if dir holds a store (its items.csv exists). */
bool store_exists(const char *dir);

/* Creates a store in dir (made if missing, with its parents) whose plan is
 * the n bytes at plan, which must already have been validated.  Every file
 * is written to a temporary name, synced, and renamed into place, so a
 * crash leaves either no store or a whole one.  Refuses (-1, err) if dir
 * already holds a store. */
int store_create(const char *dir, const char *plan, size_t n,
		 struct duban_error *err);

/* Writes the n bytes at data to path atomically: a temporary file beside
 * it, fsync, rename over path, fsync of the directory.  On failure the old
 * file (if any) is untouched and the temporary file removed. */
int file_replace(const char *path, const void *data, size_t n,
		 struct duban_error *err);

/* Creates an empty temporary file beside path, "PATH.tmpXXXXXX", for a
 * writer that cannot hand file_replace() its bytes (a library that writes
 * by file name); its name goes into tmp (size bytes).  Returns the open
 * descriptor, or -1 with err filled.  Then file_commit(), or close and
 * unlink tmp. */
int file_temp_beside(const char *path, char *tmp, size_t size,
		     struct duban_error *err);

/* Puts the temporary file tmp, written in full and still open as fd, in
 * place of path: the mode of the file it replaces (a new one the umask's),
 * fsync, close, rename over path, fsync of the directory.  fd is closed
 * whatever happens; on failure tmp is removed, path untouched, and err
 * filled (-1). */
int file_commit(int fd, const char *tmp, const char *path,
		struct duban_error *err);

/* fsyncs the directory holding path, so that a file created or renamed
 * there survives a crash.  Returns 0, or -1 with err filled. */
int sync_parent(const char *path, struct duban_error *err);

/* Opens path with flags, O_NOFOLLOW and O_CLOEXEC added (O_CREAT makes it
 * with mode, less the umask), and checks that what it opened is a regular
 * file: a symbolic link, a directory or a device someone put in its place
 * is refused, never followed.  Returns the descriptor, or -1 with err
 * filled and errno kept from the failed call (ELOOP for a link). */
int file_open_regular(const char *path, int flags, mode_t mode,
		      struct duban_error *err);

/* Writes the n bytes at data to fd, going on after short writes and
 * EINTR.  Returns 0, or -1 with errno set (EIO if write wrote nothing). */
int file_write_all(int fd, const void *data, size_t n);

/* Reads the whole file at path into a new buffer (*data, *n; NUL-terminated
 * for convenience, the caller frees it with mem_free).  Refuses files
 * larger than max bytes. */
int file_read_all(const char *path, size_t max, char **data, size_t *n,
		  struct duban_error *err);

/* The store's sheet key: SHEET_KEY_LEN random bytes kept, as hex, in
 * STORE_SHEET_KEY, with which the store signs the sheets it issues.  Made
 * by store_create(), and in a store made before keys the first time a
 * sheet is issued (create; merging one never makes a key); two processes making it at once agree on
 * one (the second links its copy in only if none is there).  Returns 0, or
 * -1 with err filled. */
#define STORE_SHEET_KEY "sheet.key"
#define SHEET_KEY_LEN 32
int store_sheet_key(const char *dir, unsigned char key[SHEET_KEY_LEN],
		    bool create, struct duban_error *err);

#endif
