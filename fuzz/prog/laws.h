/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The round-trip laws of the three program forms, as executable checks.
 * Shared by the tests, the corpus test and the libFuzzer target.
 */
#ifndef _WQKIT_FUZZ_PROG_LAWS_H
#define _WQKIT_FUZZ_PROG_LAWS_H

#include "fuzz/prog/prog.h"

/**
 * wq_prog_laws_program - laws that start from a (legal) program @p:
 * check(p) passes; decode(encode(p)) == p; parse(print(p)) == p;
 * print(parse(print(p))) == print(p). Returns 0, or -1 with @why.
 */
int wq_prog_laws_program(const struct wq_prog *p, char *why, size_t len);

/**
 * wq_prog_laws_bytes - laws that start from any byte string:
 * decode(b) is legal and satisfies wq_prog_laws_program(); the bytes
 * e = encode(decode(b)) are canonical: decode(e) == decode(b) and
 * encode(decode(e)) == e byte for byte. Returns 0, or -1 with @why.
 */
int wq_prog_laws_bytes(const uint8_t *data, size_t size, char *why,
		       size_t len);

#endif /* _WQKIT_FUZZ_PROG_LAWS_H */
