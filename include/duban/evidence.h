/*
 * evidence — files that back a record (办结材料: minutes, photos, signed
 * acceptance forms), kept in the store under their SHA-256:
 *
 *   evidence/3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b.pdf
 *
 * A record of kind "evidence" names the file; the name is the hash of its
 * bytes and the extension of the file it was copied from, so the same file
 * given twice is kept once, a record cannot name other bytes than it was
 * made with, and check can tell when a file was altered.  The store stays
 * plain files that git keeps.
 */
#ifndef DUBAN_EVIDENCE_H
#define DUBAN_EVIDENCE_H

#include <stdbool.h>

#include "duban/digest.h"
#include "duban/error.h"

#define EVIDENCE_DIR "evidence"

/* The longest extension kept ("pdf", "jpeg", "docx"); a longer one, or
 * one with other than letters and digits, is left off. */
#define EVIDENCE_EXT_MAX 10

/* Room for an evidence file's name and its NUL. */
#define EVIDENCE_NAME_SIZE (DIGEST_HEX_LEN + 1 + EVIDENCE_EXT_MAX + 1)

/* Whether name is an evidence file's name: 64 lowercase hex digits, then
 * nothing or "." and 1 to EVIDENCE_EXT_MAX lowercase letters and digits. */
bool evidence_name_ok(const char *name);

/* Copies the file at path into dir's evidence/ under its name, hashing the
 * very bytes it copies, and writes that name into name (EVIDENCE_NAME_SIZE
 * bytes).  The copy is written to a temporary file, synced and renamed into
 * place; a file already kept under that name is left as it is.  Returns 0,
 * or -1 with err set when path cannot be read (or is no regular file) or
 * the copy cannot be written. */
int evidence_store(const char *dir, const char *path, char *name,
		   struct duban_error *err);

/* Checks that dir's evidence/name is there and still hashes to its name.
 * Returns 0, or -1 with err saying what is wrong with it. */
int evidence_verify(const char *dir, const char *name,
		    struct duban_error *err);

#endif
