/*
 * test_sort — sort_u64() and sort_pairs() put any keys in the order
 * qsort(3) would, small arrays and large, keys that share bytes and keys
 * that repeat, pairs of one key in the order of their values.
 */
#include "testutil.h"

#include "duban/mem.h"
#include "duban/sort.h"

/* A fixed sequence of pseudo-random keys (xorshift64), the same each run. */
static uint64_t next_key(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Sorts v[0..n) both ways and asserts the two agree element by element. */
static void assert_sorts_like_qsort(uint64_t *v, size_t n)
{
	uint64_t *want = malloc((n ? n : 1) * sizeof(*want));

	assert_non_null(want);
	memcpy(want, v, n * sizeof(*v));
	qsort(want, n, sizeof(*want), sort_cmp_u64);
	sort_u64(v, n);
	for (size_t i = 0; i < n; i++)
		if (v[i] != want[i])
			fail_msg("key %zu of %zu: %llx, where qsort has %llx", i, n,
				 (unsigned long long)v[i],
				 (unsigned long long)want[i]);
	free(want);
}

static void test_random_keys_of_every_size(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 255, 256, 257, 1000, 100000 };
	uint64_t x = 88172645463325252ULL;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
		uint64_t *v = malloc((sizes[s] ? sizes[s] : 1) * sizeof(*v));

		assert_non_null(v);
		for (size_t i = 0; i < sizes[s]; i++)
			v[i] = next_key(&x);
		assert_sorts_like_qsort(v, sizes[s]);
		free(v);
	}
}

/* Keys alike in most bytes (the passes over those are skipped), keys
 * that repeat, the extremes, and keys sorted backwards already. */
static void test_keys_that_share_bytes(void **state)
{
	enum { N = 5000 };
	static uint64_t v[N];
	uint64_t x = 2463534242ULL;

	(void)state;
	for (size_t i = 0; i < N; i++)
		v[i] = 0x1122334455000000ULL | (next_key(&x) & 0xff00ff);
	assert_sorts_like_qsort(v, N);
	for (size_t i = 0; i < N; i++)
		v[i] = next_key(&x) % 7 == 0 ? UINT64_MAX : next_key(&x) % 3;
	assert_sorts_like_qsort(v, N);
	for (size_t i = 0; i < N; i++)
		v[i] = (uint64_t)(N - i) << 40;
	assert_sorts_like_qsort(v, N);
	for (size_t i = 0; i < N; i++)
		v[i] = 42;
	assert_sorts_like_qsort(v, N);
	assert_int_equal(v[0], 42);
}

/* With no memory for its scratch array it still sorts. */
static void test_sorts_without_memory(void **state)
{
	enum { N = 3000 };
	static uint64_t v[N];
	uint64_t x = 1;

	(void)state;
	for (size_t i = 0; i < N; i++)
		v[i] = next_key(&x);
	mem_fail_after(1);
	sort_u64(v, N);
	mem_fail_after(0);
	for (size_t i = 1; i < N; i++)
		assert_true(v[i - 1] <= v[i]);
}

/* By key, then value: what sort_pairs() must leave. */
static int pair_order(const void *pa, const void *pb)
{
	const struct sort_pair *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->value > b->value) - (a->value < b->value);
}

/* Pairs of one key keep the order of their values, below and above the
 * size where the sort changes method, and with no memory. */
static void test_pairs_keep_ties_in_order(void **state)
{
	static const size_t sizes[] = { 1, 7, 255, 256, 4000, 70000 };
	uint64_t x = 7;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++)
		for (int starve = 0; starve < 2; starve++) {
			size_t n = sizes[s];
			struct sort_pair *v = malloc(n * sizeof(*v));
			struct sort_pair *want = malloc(n * sizeof(*want));

			assert_non_null(v);
			assert_non_null(want);
			for (size_t i = 0; i < n; i++)	/* many ties */
				v[i] = (struct sort_pair){ next_key(&x) % 97 << 33, i };
			memcpy(want, v, n * sizeof(*v));
			qsort(want, n, sizeof(*want), pair_order);
			if (starve)
				mem_fail_after(1);
			sort_pairs(v, n);
			mem_fail_after(0);
			assert_memory_equal(v, want, n * sizeof(*v));
			free(v);
			free(want);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_keys_of_every_size),
		cmocka_unit_test(test_keys_that_share_bytes),
		cmocka_unit_test(test_sorts_without_memory),
		cmocka_unit_test(test_pairs_keep_ties_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
