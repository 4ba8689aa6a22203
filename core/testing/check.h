/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check.h - the assertions of every C test of the kit, in one header
 * (no kenv, no workqueue: any test may include it).
 *
 *   CHECK(cond)             fatal: print file:line and the condition, exit 1
 *   CHECK_EQ(a, b)          fatal, with both values (as long)
 *   EXPECT(cond, fmt, ...)  not fatal: print, count in check_failures
 *   check_done(name)        main()'s exit status: 1 if an EXPECT failed
 *
 * The test libraries keep their historical names as aliases: WQT_CHECK
 * and WQT_CHECK_EQ (core/testing/wqtest.h), XT_CHECK (fuzz/exec/exectest.h)
 * and wq_test_done() (fuzz/prog/testing.h). core/bugs/bugtest.h's
 * WQB_CHECK is not an assertion: it records whether a zoo bug showed.
 */
#ifndef _WQKIT_TESTING_CHECK_H
#define _WQKIT_TESTING_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* EXPECTs that failed so far in this test. */
static int check_failures __attribute__((unused));

static inline void __attribute__((noreturn, format(printf, 3, 0)))
check_vfatal(const char *file, int line, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
	exit(1);
}

static inline void __attribute__((noreturn, format(printf, 3, 4)))
check_fatal(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vfatal(file, line, fmt, ap);
}

#define CHECK(cond) do {						\
	if (!(cond))							\
		check_fatal(__FILE__, __LINE__, "CHECK(%s) failed", #cond); \
} while (0)

#define CHECK_EQ(a, b) do {						\
	long __a = (long)(a), __b = (long)(b);				\
	if (__a != __b)							\
		check_fatal(__FILE__, __LINE__, "CHECK_EQ(%s, %s): %ld != %ld", \
			    #a, #b, __a, __b);				\
} while (0)

#define EXPECT(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__,	\
			__LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		check_failures++;					\
	}								\
} while (0)

/* Exit status of a test's main(): 1 (and a count) if an EXPECT failed. */
static inline int check_done(const char *name)
{
	if (check_failures) {
		fprintf(stderr, "%s: %d failure(s)\n", name, check_failures);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}

#endif /* _WQKIT_TESTING_CHECK_H */
