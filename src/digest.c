#include "duban/digest.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>

static void to_hex(const uint8_t *raw, size_t n, char *out)
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
	to_hex(raw, DIGEST_SHORT_LEN / 2, out);
}

void digest_hmac(const void *key, size_t key_len, const void *data, size_t n,
		 char *out)
{
	struct hmac_sha256_ctx ctx;
	uint8_t raw[SHA256_DIGEST_SIZE];

	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, n, data);
	hmac_sha256_digest(&ctx, sizeof(raw), raw);
	to_hex(raw, sizeof(raw), out);
}

int digest_short_parse(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	for (int i = 0; i < DIGEST_SHORT_LEN; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			x = x << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
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
