/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit programs: what a fuzz input means.
 *
 * A program has three forms with exact round trips (see FORMAT.md):
 *
 *   bytes  -- wq_prog_decode() / wq_prog_encode(); every byte string
 *             decodes to a legal program, encode() emits canonical bytes;
 *   struct -- struct wq_prog below: fixed-size, no allocation;
 *   text   -- wq_prog_print() / wq_prog_parse(); the ".wq" form.
 *
 * "Legal" means the program uses the 2.6.29 workqueue API the way the
 * kernel documents it, so it cannot deadlock, hang or touch freed memory
 * unless the kernel code under test is wrong. API misuse (behaviour
 * flush_own_wq, ops on a destroyed workqueue) decodes only when the
 * program's misuse flag is set.
 *
 * This header only declares data and pure functions: no threads, no
 * dependency on the core library.
 */
#ifndef _WQKIT_FUZZ_PROG_PROG_H
#define _WQKIT_FUZZ_PROG_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WQ_MAX_CPUS	4
#define WQ_MAX_ACTORS	4
#define WQ_MAX_WQS	4
#define WQ_MAX_WORKS	8
#define WQ_MAX_STEPS	32
#define WQ_NR_DELAYS	16	/* delay operand: 0..15 jiffies */
#define WQ_MAX_TICKS	16	/* advance_jiffies n, sleep n: 1..16 */
#define WQ_MAX_REQUEUE	8	/* requeue k: 1..8 */
#define WQ_MAX_FAULT_NTH 64	/* fault alloc|kthread n: 1..64 */
#define WQ_MAX_DEPTH	4	/* schedule depth: 1..4 */

/* A work's home: a workqueue slot 0..nwqs-1, or the kernel's keventd. */
#define WQ_KEVENTD	(-1)

/*
 * Format versions (FORMAT.md "Versions"). Every byte string decodes under
 * every version, so a byte input carries its version beside it (the text
 * form's "# wqkit program vN" line, a corpus manifest, a crash sidecar);
 * the text form names things and reads the same under every version.
 *   v1: the first format.
 *   v2: behaviours rearm, get_online_cpus, schedule_on_each_cpu,
 *       flush_scheduled_work, current_is_keventd; ops
 *       cancel_rearming_delayed_work(queue). Appended: v1 bytes decode
 *       under v1's moduli to exactly the programs they always meant.
 *   v3: schedule mode steps, a per-step schedule (struct wq_sched_step):
 *       step records grow to 20 bytes (the schedule's 4 after the ops'
 *       16); v1 and v2 bytes decode under their 16-byte frames. And
 *       misuse programs may also contain the hazards of PORTING.md #2,
 *       #4, #7, #8 (cancel_work_sync on a delayed work, schedule_on_
 *       each_cpu / flush_scheduled_work in a keventd work, *_on to an
 *       offline CPU, destroy_workqueue with a delayed work); v1 and v2
 *       bytes decode with the misuse of their version (WQ_MISUSE_V2).
 *   v4: behaviours free_self (a plain work kzalloc'ed by each queueing,
 *       kfree'd by its own function) and execute_in_process_context.
 *       Appended: v3 bytes decode under v3's behaviour modulo (14) to
 *       exactly the programs they always meant.
 *       And a queue op may queue a work on another workqueue than its home
 *       (PORTING.md #3): the destination is the high nibble of the slot's
 *       last byte (FORMAT.md "Bytes"); v1-v3 bytes ignore that nibble, so
 *       they decode to the programs they always meant (home only).
 */
#define WQ_PROG_FORMAT		4	/* what encode and print write */
#define WQ_PROG_FORMAT_MIN	1	/* the oldest still read */
/* The text form's version line: this, then the version ("...v2"). */
#define WQ_PROG_TEXT_MAGIC	"# wqkit program v"

/* Bytes: header size and the size of one step record. */
#define WQ_PROG_HDR_BYTES	41
#define WQ_PROG_STEP_BYTES	20	/* ops, then the step's schedule */
#define WQ_PROG_SLOT_BYTES	4	/* one actor's op in a step record */
#define WQ_PROG_OPS_BYTES	(WQ_MAX_ACTORS * WQ_PROG_SLOT_BYTES)
#define WQ_PROG_STEP_BYTES_V2	16	/* v1 and v2 step records: ops only */
/* The flags byte of the header and its misuse bit ("Bytes"). */
#define WQ_PROG_FLAGS_OFFSET	4
#define WQ_PROG_FLAG_MISUSE	0x01
#define WQ_PROG_MAX_BYTES \
	(WQ_PROG_HDR_BYTES + WQ_MAX_STEPS * WQ_PROG_STEP_BYTES)
/* Upper bound of wq_prog_print() output, with room to spare. */
#define WQ_PROG_MAX_TEXT	16384

enum wq_kind {
	WQ_KIND_MULTI,		/* create_workqueue() */
	WQ_KIND_SINGLE,		/* create_singlethread_workqueue() */
	WQ_KIND_FREEZEABLE,	/* create_freezeable_workqueue() */
	WQ_NR_KINDS
};

enum wq_fault_kind {
	WQ_FAULT_NONE,
	WQ_FAULT_ALLOC,		/* nth kzalloc/kmalloc/alloc_percpu fails */
	WQ_FAULT_KTHREAD,	/* nth kthread_create fails */
	WQ_NR_FAULTS
};

enum wq_sched_mode {
	WQ_SCHED_FREE,		/* real parallel threads */
	WQ_SCHED_PCT,		/* controlled, PCT with @depth change points */
	WQ_SCHED_RANDOM,	/* controlled, seeded random walk */
	/* format v3 */
	WQ_SCHED_STEPS,		/* controlled, PCT from each step's plan[] */
	WQ_NR_SCHED_MODES
};
#define WQ_NR_SCHED_MODES_V2	(WQ_SCHED_RANDOM + 1)

/* PCT change points per step of a per-step schedule (depth - 1). */
#define WQ_MAX_CHANGES	(WQ_MAX_DEPTH - 1)

/*
 * One step's schedule (mode steps): no random stream, so a byte moves
 * one thing in one step. Every run of the step's tasks (the ops, then
 * the works they leave) starts from it.
 *  @order: the tasks' priority order: priorities are a hash of (task
 *          name, @order), so the same tasks get the same order in every
 *          run, and each value of @order is another permutation;
 *  @at:    PCT change points: when the step has made @at[i] scheduling
 *          decisions, the running task drops below every other. Ascending
 *          values 1..255, unused ones 0 (after the used).
 */
struct wq_sched_step {
	uint8_t order;
	uint8_t at[WQ_MAX_CHANGES];
};

/* What a work item's function does when it runs (see FORMAT.md). */
enum wq_beh {
	WQ_BEH_NOP,		/* return at once */
	WQ_BEH_REQUEUE,		/* requeue itself, arg = k times in total */
	WQ_BEH_QUEUE,		/* queue work arg on its home; arg > own */
	WQ_BEH_CANCEL,		/* non-sync cancel of work arg (!= own) */
	WQ_BEH_FLUSH,		/* flush_work(arg); downward, see below */
	WQ_BEH_CANCEL_SYNC,	/* cancel_work_sync / _delayed_ (arg); downward */
	WQ_BEH_SLEEP,		/* sleep arg jiffies on the virtual clock */
	WQ_BEH_CPU,		/* record smp_processor_id() */
	WQ_BEH_FLUSH_OWN_WQ,	/* misuse: flush_workqueue(own wq) */
	/* format v2 */
	WQ_BEH_REARM,		/* delayed: re-arm itself (1 jiffy), k times */
	WQ_BEH_GET_ONLINE_CPUS,	/* get_online_cpus(); cpu; put_online_cpus() */
	WQ_BEH_SCHEDULE_ON_EACH_CPU,	/* schedule_on_each_cpu(); not on keventd */
	WQ_BEH_FLUSH_SCHEDULED_WORK,	/* flush_scheduled_work(); not on keventd */
	WQ_BEH_CURRENT_IS_KEVENTD,	/* record current_is_keventd() */
	/* format v4 */
	WQ_BEH_FREE_SELF,	/* plain: each queueing allocates it, its
				 * function kfree()s it; only queued */
	WQ_BEH_EXECUTE_IN_PROCESS_CONTEXT,	/* execute_in_process_context()
						 * from the work: runs at once */
	WQ_NR_BEHS
};

/* Behaviours and ops of format v1 (the byte moduli of that format). */
#define WQ_NR_BEHS_V1	(WQ_BEH_FLUSH_OWN_WQ + 1)
#define WQ_NR_OPS_V1	(WQ_OP_ADVANCE_JIFFIES + 1)
/* Behaviours of formats v2 and v3. */
#define WQ_NR_BEHS_V3	(WQ_BEH_CURRENT_IS_KEVENTD + 1)

/* Ops; the numbering is the byte code (op byte % WQ_NR_OPS). */
enum wq_opcode {
	WQ_OP_NONE,
	WQ_OP_QUEUE_WORK,
	WQ_OP_QUEUE_WORK_ON,
	WQ_OP_QUEUE_DELAYED_WORK,
	WQ_OP_QUEUE_DELAYED_WORK_ON,
	WQ_OP_SCHEDULE_WORK,
	WQ_OP_SCHEDULE_WORK_ON,
	WQ_OP_SCHEDULE_DELAYED_WORK,
	WQ_OP_SCHEDULE_DELAYED_WORK_ON,
	WQ_OP_CANCEL_WORK_SYNC,
	WQ_OP_CANCEL_DELAYED_WORK,
	WQ_OP_CANCEL_DELAYED_WORK_SYNC,
	WQ_OP_FLUSH_WORK,
	WQ_OP_FLUSH_WORKQUEUE,
	WQ_OP_FLUSH_SCHEDULED_WORK,
	WQ_OP_SCHEDULE_ON_EACH_CPU,
	WQ_OP_EXECUTE_IN_PROCESS_CONTEXT,
	WQ_OP_CREATE_WORKQUEUE,
	WQ_OP_DESTROY_WORKQUEUE,
	WQ_OP_CPU_UP,
	WQ_OP_CPU_DOWN,
	WQ_OP_FREEZE,
	WQ_OP_THAW,
	WQ_OP_ADVANCE_JIFFIES,
	/* format v2 */
	WQ_OP_CANCEL_REARMING_DELAYED_WORK,
	WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE,
	WQ_NR_OPS
};

struct wq_work {
	uint8_t delayed;	/* 0: struct work_struct, 1: struct delayed_work */
	int8_t home;		/* WQ_KEVENTD or a workqueue slot */
	uint8_t beh;		/* enum wq_beh */
	uint8_t arg;		/* k, n, or the target work index; else 0 */
};

/*
 * One op of one actor in one step. Fields an op does not use are 0.
 * For work ops @wq is the work's home slot (0 when the home is keventd),
 * except for queue_* ops (not schedule_*), where it is the workqueue the
 * work is queued on: its home, or (v4) another one.
 */
struct wq_op {
	uint8_t op;		/* enum wq_opcode */
	uint8_t work;
	uint8_t wq;
	uint8_t cpu;
	uint8_t delay;		/* queue_delayed_work*, schedule_delayed_work* */
	uint8_t ticks;		/* advance_jiffies: 1..16 */
	uint8_t in_irq;		/* execute_in_process_context: in_interrupt() */
};

/*
 * How much misuse a program may contain ("misuse on" in the header): the
 * hazards of fuzz/prog/hazard.h. Programs of formats v1 and v2 keep what
 * their version allowed, so their bytes decode as they always did.
 */
enum wq_misuse {
	WQ_MISUSE_OFF,
	WQ_MISUSE_V2,		/* flush_own_wq, after_destroy, freeze_chain */
	WQ_MISUSE_ON,		/* every hazard (format v3) */
};

struct wq_prog {
	uint8_t ncpus;		/* 1..WQ_MAX_CPUS, all online at start */
	uint8_t nactors;	/* 1..WQ_MAX_ACTORS */
	uint8_t nwqs;		/* 0..WQ_MAX_WQS, all created before step 0 */
	uint8_t nworks;		/* 0..WQ_MAX_WORKS */
	uint8_t nsteps;		/* 0..WQ_MAX_STEPS */
	uint8_t misuse;		/* API-misuse family allowed: enum wq_misuse */
	uint8_t fault;		/* enum wq_fault_kind */
	uint8_t fault_nth;	/* 1..WQ_MAX_FAULT_NTH, 0 when fault is none */
	uint8_t sched_mode;	/* enum wq_sched_mode */
	uint8_t sched_depth;	/* 1..WQ_MAX_DEPTH (1 in mode steps) */
	uint32_t sched_seed;	/* (0 in mode steps) */
	uint8_t wq_kind[WQ_MAX_WQS];			/* enum wq_kind */
	struct wq_work work[WQ_MAX_WORKS];
	struct wq_op step[WQ_MAX_STEPS][WQ_MAX_ACTORS];	/* [step][actor] */
	struct wq_sched_step plan[WQ_MAX_STEPS];	/* mode steps; else 0 */
};

/**
 * wq_prog_is_text - does @buf hold the text form rather than bytes?
 * @buf: file contents
 * @len: their length
 *
 * Text: a line end, no control byte but tab, CR and LF (UTF-8 in
 * comments is fine), and before any other line either the marker comment
 * "# wqkit program" or a line of the form "word operand" (a header or
 * step line: "cpus 2", "step 0", or a misspelling such as "cpu 2", which
 * is then a parse error rather than bytes). Blank lines and other
 * comments are skipped. Program bytes have control bytes (small numbers).
 * Every tool decides text or bytes by this, never by the file name.
 */
bool wq_prog_is_text(const void *buf, size_t len);

/**
 * wq_prog_init - the empty program (the decoding of zero bytes)
 * @p: program to fill: 1 CPU, 1 actor, nothing else, schedule free/0/1
 */
void wq_prog_init(struct wq_prog *p);

/**
 * wq_prog_decode - decode any byte string into a legal program
 * @data: input bytes (may be NULL if @len is 0)
 * @len: number of bytes; missing header bytes read as 0, a trailing
 *       partial step record and anything after WQ_MAX_STEPS are ignored
 * @p: the program
 *
 * Never fails; returns the number of input bytes that were used.
 */
size_t wq_prog_decode(const uint8_t *data, size_t len, struct wq_prog *p);

/*
 * The decoder's pieces (current format), for generators that build a
 * program themselves
 * (the soak draws its ops from random bytes through these, so its ops
 * are exactly the decoder's):
 * wq_beh_decode - behaviour of work @i from bytes @b, @a (the other
 *   works' homes must be set): misuse behaviours only if p->misuse, a
 *   target among wq_beh_targets(), else nop;
 * wq_op_decode - one actor slot (4 bytes at @b) into @o, canonical, not
 *   yet checked against the step (wq_step_apply() does that).
 */
void wq_beh_decode(struct wq_prog *p, int i, uint8_t b, uint8_t a);
void wq_op_decode(const struct wq_prog *p, const uint8_t *b, struct wq_op *o);
/*
 * wq_beh_decode_finish - after every work's wq_beh_decode(): behaviours
 *   that wait for keventd and break the keventd rule become nop (their
 *   legality depends on all the works' flushes). Current format only.
 */
void wq_beh_decode_finish(struct wq_prog *p);

/**
 * wq_prog_decode_format - wq_prog_decode() under byte format @format
 * @format: WQ_PROG_FORMAT_MIN..WQ_PROG_FORMAT
 *
 * Returns the bytes used, or (size_t)-1 (and the empty program) for a
 * format this kit does not read: never a misreading.
 */
size_t wq_prog_decode_format(const uint8_t *data, size_t len, int format,
			     struct wq_prog *p);

/**
 * wq_prog_encode - canonical bytes of a legal program
 * @p: program (as produced by decode or parse, or passing wq_prog_check)
 * @buf: output buffer, or NULL to only compute the size
 * @cap: size of @buf
 *
 * Returns the number of bytes of the encoding (WQ_PROG_HDR_BYTES +
 * nsteps * WQ_PROG_STEP_BYTES), even if @cap was too small; in that case
 * nothing is written.
 */
size_t wq_prog_encode(const struct wq_prog *p, uint8_t *buf, size_t cap);

/**
 * wq_prog_print - the text form of a program
 * @p: program
 * @buf: output, NUL-terminated
 * @cap: size of @buf; WQ_PROG_MAX_TEXT always suffices
 *
 * Returns the length of the text (without the NUL), or -1 if it did not
 * fit (then @buf holds a truncated, terminated prefix).
 */
int wq_prog_print(const struct wq_prog *p, char *buf, size_t cap);

/**
 * wq_op_format - the text form of one op, as in a step of the .wq text
 * @op: the op (not WQ_OP_NONE, below WQ_NR_OPS)
 * @actor: its actor
 * @buf: output, NUL-terminated ("t1: flush_workqueue q0")
 * @cap: size of @buf
 *
 * The one op formatter of the kit (the program printer and the report
 * writers use it). Returns the length, or -1 if it did not fit (then
 * @buf holds a truncated, terminated prefix).
 */
int wq_op_format(const struct wq_op *op, int actor, char *buf, size_t cap);

/**
 * wq_prog_parse - parse the text form
 * @text: NUL-terminated text
 * @filename: name used in error messages
 * @p: the program; only meaningful on success
 * @err: on failure, "file:line:col: message" (NUL-terminated)
 * @errlen: size of @err
 *
 * Out-of-range operands and illegal ops are errors, never wrapped.
 * Returns 0 on success, -1 on error.
 */
int wq_prog_parse(const char *text, const char *filename, struct wq_prog *p,
		  char *err, size_t errlen);

/**
 * wq_prog_equal - field-by-field equality of the meaningful parts
 * @a: program
 * @b: program
 */
bool wq_prog_equal(const struct wq_prog *a, const struct wq_prog *b);

/**
 * wq_prog_check - is @p a legal, canonical program?
 * @p: program
 * @why: on failure, a reason (may be NULL)
 * @len: size of @why
 *
 * Returns 0 if legal and canonical (unused fields zero), -1 otherwise.
 * decode() and parse() only ever produce programs that pass.
 */
int wq_prog_check(const struct wq_prog *p, char *why, size_t len);

/**
 * wq_sched_step_canon - a step schedule's canonical form
 * @sp: its change points become ascending, each once, zeros after
 */
void wq_sched_step_canon(struct wq_sched_step *sp);

/**
 * wq_prog_mix64 - splitmix64's finalizer
 * @z: any value
 *
 * A bijection in which every input bit changes about half the output
 * bits; wq_prog_rand() is a Weyl sequence through it.
 */
uint64_t wq_prog_mix64(uint64_t z);

/**
 * wq_prog_rand - next number of a splitmix64 stream
 * @state: the stream's state, advanced
 */
uint64_t wq_prog_rand(uint64_t *state);

/**
 * wq_prog_rand_below - a number in [0, @n) from a splitmix64 stream
 * @state: the stream's state, advanced
 * @n: the bound (0: returns 0 and draws nothing)
 */
unsigned int wq_prog_rand_below(uint64_t *state, unsigned int n);

/**
 * wq_prog_random_bytes - a random input as the naive engine draws it
 * @state: splitmix64 state (wq_prog_rand), advanced
 * @buf: receives 1..@max_len uniformly random bytes (a legal program
 *       once decoded, like every byte string)
 * @max_len: at most this many bytes (0: none)
 *
 * Returns the length drawn.
 */
size_t wq_prog_random_bytes(uint64_t *state, uint8_t *buf, size_t max_len);

/* Format why a program breaks a rule or law into @why (if set); -1. */
int wq_prog_explain(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _WQKIT_FUZZ_PROG_PROG_H */
