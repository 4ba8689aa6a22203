/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the fuzz/prog tests (and others that read programs): the
 * assertions are core/testing/check.h's (EXPECT counts a failure, the
 * test exits non-zero at the end), plus a seeded random stream and a
 * document reader.
 */
#ifndef _WQKIT_FUZZ_PROG_TESTING_H
#define _WQKIT_FUZZ_PROG_TESTING_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/testing/check.h"

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

/* Exit status of a test's main() (check.h's check_done()). */
#define wq_test_done(name) check_done(name)

#endif /* _WQKIT_FUZZ_PROG_TESTING_H */
