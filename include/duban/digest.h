/*
 * digest — SHA-256 and HMAC-SHA-256 (through nettle), written as lowercase
 * hex: the checksums and links of journal records, and the tokens that
 * authenticate the sheets a store issues.
 */
#ifndef DUBAN_DIGEST_H
#define DUBAN_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hex digits of a record checksum or link: the first 64 bits of a SHA-256,
 * enough that no accident and no search short of 2^64 tries makes two
 * records alike. */
#define DIGEST_SHORT_LEN 16
#define DIGEST_HEX_LEN 64

/* Writes the n bytes at raw as 2n lowercase hex digits and a NUL into
 * out (2n + 1 bytes). */
void digest_hex(const unsigned char *raw, size_t n, char *out);

/* Writes the first DIGEST_SHORT_LEN hex digits of SHA-256(data) and a NUL
 * into out (DIGEST_SHORT_LEN + 1 bytes). */
void digest_short(const void *data, size_t n, char *out);

/* Writes all DIGEST_HEX_LEN hex digits of HMAC-SHA-256(key, data) and a
 * NUL into out (DIGEST_HEX_LEN + 1 bytes). */
void digest_hmac(const void *key, size_t key_len, const void *data, size_t n,
		 char *out);

/* The first 16 bytes of s read as lowercase hex digits: the first 64 bits
 * of an entry id or a sum the caller has checked.  s must hold 16 bytes;
 * any that is no digit counts as some digit. */
uint64_t digest_hex64(const char *s);

/* Whether the first n bytes of s are lowercase hex digits; a string
 * shorter than n is not (its NUL is no digit, and nothing past it is
 * read). */
bool digest_is_hex(const char *s, size_t n);

/* Reads exactly DIGEST_SHORT_LEN lowercase hex digits at s into *v.
 * Returns 0, or -1 if s is anything else. */
int digest_short_parse(const char *s, uint64_t *v);

/* Whether a and b, each n bytes, are equal, in time that does not depend
 * on where they differ (for comparing tokens). */
int digest_equal(const void *a, const void *b, size_t n);

#endif
