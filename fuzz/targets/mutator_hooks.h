/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libFuzzer targets' structure-aware mutator (mutator_hooks.c): its
 * state, so a target's main can choose how inputs decode.
 */
#ifndef _WQKIT_FUZZ_TARGETS_MUTATOR_HOOKS_H
#define _WQKIT_FUZZ_TARGETS_MUTATOR_HOOKS_H

#include "fuzz/mutate/mutate.h"

/* .decode: wq_fuzz_decode() by default; the misuse target's keeps misuse. */
extern struct wq_mutator wq_fuzz_mutator;

#endif /* _WQKIT_FUZZ_TARGETS_MUTATOR_HOOKS_H */
