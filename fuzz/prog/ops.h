/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The op and behaviour tables: the one place that lists what a program
 * can do. Decoder, encoder, printer, parser and legality rules all read
 * them; the executor may too (names, flags).
 */
#ifndef _WQKIT_FUZZ_PROG_OPS_H
#define _WQKIT_FUZZ_PROG_OPS_H

#include <stdint.h>

#include "fuzz/prog/prog.h"

/*
 * Operand kinds. In text an op's operands appear in the order of its
 * ->args string, which follows the kernel function's parameters.
 * In bytes each kind has a fixed position in the 4-byte actor slot, so a
 * mutation of the op byte keeps the operands' meaning:
 *   byte 1: work (or wq when the op has no work), byte 2: cpu,
 *   byte 3: delay / ticks - 1 / in_irq.
 * The wq of a work op is not stored: it is the work's home.
 */
#define WQ_ARG_CPU	'c'	/* 0..ncpus-1 */
#define WQ_ARG_WQ	'q'	/* q0..q(nwqs-1) */
#define WQ_ARG_WORK	'w'	/* w0..w(nworks-1) */
#define WQ_ARG_DELAY	'd'	/* 0..15 */
#define WQ_ARG_TICKS	'n'	/* 1..16 */
#define WQ_ARG_IRQ	'i'	/* in_interrupt=0|1 */

/* Op flags. */
#define WQ_OPF_QUEUE	0x01	/* queue_* / schedule_* family */
#define WQ_OPF_DELAYED	0x02	/* needs a delayed work */
#define WQ_OPF_ON	0x04	/* takes a cpu (the *_on variants) */
#define WQ_OPF_KEVENTD	0x08	/* acts on keventd (schedule_*, flush_scheduled_work) */
#define WQ_OPF_WAITS	0x10	/* may block waiting for works to run */
#define WQ_OPF_LIFE	0x20	/* create/destroy_workqueue */
#define WQ_OPF_HOTPLUG	0x40	/* cpu_up/cpu_down */
#define WQ_OPF_PLAIN	0x80	/* needs a plain work (cancel_work_sync) */

struct wq_op_desc {
	const char *name;
	const char *args;	/* operand kinds, in text order */
	uint8_t flags;
	uint8_t alt;		/* op to use when the work's kind does not fit */
	uint8_t since;		/* format version that added it (0: v1) */
};

struct wq_beh_desc {
	const char *name;
	char arg;		/* 0, WQ_ARG_WORK (a target), 'k' (1..8), 'n' (1..16) */
	bool misuse;		/* only with the program's misuse flag */
	uint8_t since;		/* format version that added it (0: v1) */
};

extern const struct wq_op_desc wq_ops[WQ_NR_OPS];
extern const struct wq_beh_desc wq_behs[WQ_NR_BEHS];
extern const char *const wq_kind_names[WQ_NR_KINDS];
extern const char *const wq_fault_names[WQ_NR_FAULTS];
extern const char *const wq_sched_names[WQ_NR_SCHED_MODES];

/* The format version that added op @op / behaviour @beh (1, 2, ...). */
static inline int wq_op_since(int op)
{
	return wq_ops[op].since ? wq_ops[op].since : 1;
}

static inline int wq_beh_since(int beh)
{
	return wq_behs[beh].since ? wq_behs[beh].since : 1;
}

/* True if op @op has an operand of kind @kind (a WQ_ARG_* char). */
bool wq_op_has(int op, char kind);

/*
 * The queue-family op with the given properties (delayed, on, keventd),
 * e.g. (1, 0, 1) -> schedule_delayed_work. Never WQ_OP_NONE.
 */
int wq_queue_op(bool delayed, bool on, bool keventd);

/* Look a name up in a table of @n names; -1 if absent. */
int wq_lookup(const char *const *names, int n, const char *name, size_t len);
int wq_op_lookup(const char *name, size_t len);
int wq_beh_lookup(const char *name, size_t len);

#endif /* _WQKIT_FUZZ_PROG_OPS_H */
