/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal assertions for the fuzz/prog tests: a failed EXPECT prints
 * file:line and the message, and makes the test exit non-zero at the end.
 */
#ifndef _WQKIT_FUZZ_PROG_TESTING_H
#define _WQKIT_FUZZ_PROG_TESTING_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int wq_test_failures;

#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			wq_test_failures++;				\
		}							\
	} while (0)

/* A seeded xorshift64 stream: the tests' pseudo-random numbers. */
static inline uint64_t wq_test_rand(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/*
 * A document a test checks (e.g. MISUSE.md), NUL-terminated in @buf of
 * @cap bytes. Returns @buf, or NULL (a failed EXPECT) if it is missing
 * or does not fit.
 */
static inline char *wq_test_read_doc(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	EXPECT(f != NULL, "cannot read %s", path);
	if (!f)
		return NULL;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	EXPECT(n < cap - 1, "%s: larger than %zu bytes", path, cap - 1);
	return n < cap - 1 ? buf : NULL;
}

/* Exit status of a test's main(). */
static inline int wq_test_done(const char *name)
{
	if (wq_test_failures) {
		fprintf(stderr, "%s: %d failure(s)\n", name, wq_test_failures);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}

#endif /* _WQKIT_FUZZ_PROG_TESTING_H */
