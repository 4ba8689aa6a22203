/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The structure-aware mutator: a fuzz input is decoded to a program,
 * changed by a program edit (fuzz/prog/edit.h) and encoded canonically,
 * so every output is a legal program and a mutation changes one thing in
 * the program, not a byte frame. libFuzzer calls it through
 * LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver (the fuzz targets'
 * mains), AFL++ through afl_custom_fuzz (afl_mutator.c).
 *
 * Pure data: no threads, no dependency on the core.
 */
#ifndef _WQKIT_FUZZ_MUTATE_MUTATE_H
#define _WQKIT_FUZZ_MUTATE_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/prog/prog.h"

/* The mutation kinds, in the order of wq_mut_names[]. */
enum wq_mut {
	WQ_MUT_OPERAND,		/* one operand of one op */
	WQ_MUT_OP,		/* the op of a slot (operands kept) */
	WQ_MUT_INSERT_STEP,	/* a new step with one random op */
	WQ_MUT_DROP_STEP,
	WQ_MUT_DUP_STEP,	/* a step repeated right after itself */
	WQ_MUT_COLLIDE,		/* an op to another actor, same or next step */
	WQ_MUT_HEADER,		/* a CPU, actor, workqueue or work, a behaviour */
	WQ_MUT_FAULT,		/* fault kind and n-th */
	WQ_MUT_SCHED,		/* the schedule */
	WQ_MUT_RESCHED,		/* a whole fresh schedule, the program kept */
	WQ_MUT_SPLICE,		/* steps of another program (crossover) */
	WQ_MUT_FRESH,		/* a fresh random program (the naive engine's) */
	WQ_MUT_BYTES,		/* the engine's byte mutation, then canonical */
	WQ_NR_MUTS
};

extern const char *const wq_mut_names[WQ_NR_MUTS];

/*
 * A byte mutation (libFuzzer's LLVMFuzzerMutate): mutate @data (@size
 * bytes) in place, at most @max_size bytes; returns the new size.
 */
typedef size_t (*wq_mut_bytes_fn)(uint8_t *data, size_t size,
				  size_t max_size);
/* Bytes to program as the target decodes them (misuse policy...). */
typedef void (*wq_mut_decode_fn)(const uint8_t *data, size_t size,
				 struct wq_prog *p);

/* Decode with the misuse flag cleared, as the default targets do. */
void wq_mutate_decode_legal(const uint8_t *data, size_t size,
			    struct wq_prog *p);

/*
 * What the parent input's run reached, from the fault's arming on: its
 * kmalloc/kzalloc/alloc_percpu calls and its kthread_create() calls.
 */
struct wq_mut_counts {
	unsigned long allocs;
	unsigned long kthreads;
};
/* The counts of @p's last run into *@c; false when unknown. */
typedef bool (*wq_mut_counts_fn)(const struct wq_prog *p,
				 struct wq_mut_counts *c);

struct wq_mutator {
	wq_mut_decode_fn decode;	/* NULL: wq_prog_decode() */
	wq_mut_bytes_fn bytes;		/* NULL: one random byte changed */
	/*
	 * NULL, or the parent's counts (the executor's, feedback.h): a fault
	 * mutation then draws its kind among the kinds the run reached and
	 * its n-th from 1 to that count; unknown counts fall back to the
	 * blind drawing.
	 */
	wq_mut_counts_fn counts;
	unsigned long applied[WQ_NR_MUTS];	/* successful mutations */
	/*
	 * The fresh schedule's clock: engine calls so far
	 * (wq_mutate_engine(), wq_mutate_crossover()); 0 at the start of a
	 * process. A tool that wants a grown run's mix starts it high.
	 */
	unsigned long calls;
	unsigned long young_fresh;	/* outputs the schedule made fresh */
	/* random streams started (wq_mutate_stream()); 0 at the start */
	uint64_t streams;
	unsigned long fault_known, fault_blind;	/* fault draws by source */
	/* wq_mutate()'s look-up of its input's counts (private) */
	bool parent_looked, parent_known;
	struct wq_mut_counts parent;
};

/**
 * wq_mutate - mutate one input (LLVMFuzzerCustomMutator's contract)
 * @m: the mutator
 * @data: the input, replaced by the output (@max_size bytes of room)
 * @size: its size
 * @max_size: the output's bound
 * @seed: the engine's random seed: the same (input, seed) gives the same
 *        output from mutators with the same history (wq_mutate_stream();
 *        when @m->bytes is deterministic)
 *
 * Applies one to four mutations drawn from a fixed mix, or replaces the
 * input by a fresh random program. Returns the new size; the output is
 * the canonical encoding of a legal program (unless @max_size cannot
 * hold a header: then only a byte mutation).
 */
size_t wq_mutate(struct wq_mutator *m, uint8_t *data, size_t size,
		 size_t max_size, unsigned int seed);

/**
 * wq_mutate_cross - splice two inputs (LLVMFuzzerCustomCrossOver)
 * @m: the mutator
 * @a, @na: first parent (header and leading steps)
 * @b, @nb: second parent (trailing steps, read under @a's header)
 * @out: output, @max_size bytes
 * @seed: random seed
 *
 * Returns the output size (0 if @max_size cannot hold a header).
 */
size_t wq_mutate_cross(struct wq_mutator *m, const uint8_t *a, size_t na,
		       const uint8_t *b, size_t nb, uint8_t *out,
		       size_t max_size, unsigned int seed);

/**
 * wq_mutate_stream - the random stream one call of the mutator starts from
 * @m: the mutator; its stream counter is advanced
 * @seed: the engine's seed
 * @salt: what else the call knows (an input size)
 *
 * libFuzzer's seeds are successive outputs of a 31-bit minstd generator,
 * so two calls' seeds may lie a few apart; a splitmix64 state of
 * seed * gamma would then give seed s + k the stream of seed s shifted
 * by k draws (the same bytes again). The seed and @salt therefore go
 * through splitmix64's finalizer, mixed with the per-process count of
 * streams started (@m->streams), so no two calls of one process share a
 * stream. Deterministic per process: the same seeds in the same order
 * give the same streams. Returns the state for wq_prog_rand().
 */
uint64_t wq_mutate_stream(struct wq_mutator *m, unsigned int seed,
			  uint64_t salt);

/**
 * wq_mutate_prog - apply one mutation of kind @kind to @p
 * @m: the mutator (decode, bytes)
 * @p: a legal program; changed only on success
 * @kind: the mutation (WQ_MUT_SPLICE needs @other)
 * @other: the other parent of a splice, or NULL
 * @rng: random stream (wq_prog_rand), advanced
 * @max_steps: the result's step bound (what the output size allows)
 *
 * Returns 0 when @p changed, -1 when this kind found nothing to do.
 */
int wq_mutate_prog(struct wq_mutator *m, struct wq_prog *p, enum wq_mut kind,
		   const struct wq_prog *other, uint64_t *rng, int max_steps);

/*
 * The fresh schedule (syzkaller generates rather than mutates while its
 * corpus is small): an engine call replaces its output by a fresh random
 * program with probability
 *
 *	WQ_MUT_YOUNG_PERMILLE * WQ_MUT_YOUNG_CALLS / (WQ_MUT_YOUNG_CALLS + calls)
 *
 * per mille, calls being the engine calls the process made before it:
 * 90% at the start (the corpus is the shipped seeds, whose one- to
 * four-edit mutants are an order of magnitude away from the programs that
 * hit races), 45% after 10,000 calls (~10 s of libFuzzer), 8% after
 * 100,000, 1% after 1,000,000. On top of it the mix keeps its own fresh
 * weight (the floor). Deterministic per process: the clock is the call
 * count, the draw comes from the engine's seed.
 */
#define WQ_MUT_YOUNG_PERMILLE	900
#define WQ_MUT_YOUNG_CALLS	10000UL

/* The schedule's share (per mille) for the call after @calls calls. */
unsigned int wq_mutate_young_permille(unsigned long calls);

/**
 * wq_mutate_engine - the engine's mutation (LLVMFuzzerCustomMutator)
 * @m, @data, @size, @max_size, @seed: as for wq_mutate()
 *
 * Advances the fresh schedule's clock; by the schedule a fresh random
 * program, else wq_mutate().
 */
size_t wq_mutate_engine(struct wq_mutator *m, uint8_t *data, size_t size,
			size_t max_size, unsigned int seed);

/**
 * wq_mutate_crossover - the engine's crossover (LLVMFuzzerCustomCrossOver)
 * @m: the mutator
 * @a, @na: first parent
 * @b, @nb: second parent
 * @out: output, @max_size bytes
 * @seed: random seed
 *
 * Advances the fresh schedule's clock once; by the schedule a fresh
 * random program. Otherwise, since libFuzzer draws between the custom
 * mutator and the crossover alike and a splice is a big change, one call
 * in three is wq_mutate_cross() and two are wq_mutate() of @a. Returns
 * the output size.
 */
size_t wq_mutate_crossover(struct wq_mutator *m, const uint8_t *a, size_t na,
			   const uint8_t *b, size_t nb, uint8_t *out,
			   size_t max_size, unsigned int seed);

#endif /* _WQKIT_FUZZ_MUTATE_MUTATE_H */
