#include "duban/digest.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>

void digest_hex(const unsigned char *raw, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

void digest_short(const void *data, size_t n, char *out)
{
	struct sha256_ctx ctx;
	uint8_t raw[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, data);
	sha256_digest(&ctx, sizeof(raw), raw);
	digest_hex(raw, DIGEST_SHORT_LEN / 2, out);
}

void digest_hmac(const void *key, size_t key_len, const void *data, size_t n,
		 char *out)
{
	struct hmac_sha256_ctx ctx;
	uint8_t raw[SHA256_DIGEST_SIZE];

	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, n, data);
	hmac_sha256_digest(&ctx, sizeof(raw), raw);
	digest_hex(raw, sizeof(raw), out);
}

/* The value of each lowercase hex digit, and 16 for every other byte: a
 * table rather than comparisons, for a journal has four hex fields a line. */
static const unsigned char hex_value[256] = {
#define NOT_HEX16 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16
	NOT_HEX16, NOT_HEX16, NOT_HEX16,			/* 0x00-0x2f */
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 16, 16, 16, 16, 16,
	NOT_HEX16, NOT_HEX16,
	16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16,
	NOT_HEX16, NOT_HEX16, NOT_HEX16, NOT_HEX16, NOT_HEX16,	/* 0x70-0xbf */
	NOT_HEX16, NOT_HEX16, NOT_HEX16, NOT_HEX16,		/* 0xc0-0xff */
#undef NOT_HEX16
};

uint64_t digest_hex64(const char *s)
{
	uint64_t x = 0;

	for (int i = 0; i < 16; i++)
		x = x << 4 | (hex_value[(unsigned char)s[i]] & 15);
	return x;
}

bool digest_is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hex_value[(unsigned char)s[i]] > 15)
			return false;	/* a NUL too: s is no shorter than n */
	return true;
}

int digest_short_parse(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	for (int i = 0; i < DIGEST_SHORT_LEN; i++) {
		unsigned d = hex_value[(unsigned char)s[i]];

		if (d > 15)	/* not a digit, or the end of a short string */
			return -1;
		x = x << 4 | d;
	}
	if (s[DIGEST_SHORT_LEN])
		return -1;
	*v = x;
	return 0;
}

int digest_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
