/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The soak runner (rcutorture / kernel/torture.c style) on one long-lived
 * kenv, driven through the executor's sessions (fuzz/exec/exec.h).
 *
 * Files:
 *   soak.c      main: parameters, the run loop, signals, the End line
 *   params.c    parameter table, scenario files, durations (params.h)
 *   gen.c       the header and each step's random legal ops (prog's
 *               decoder pieces + wq_step_apply)
 *   torture.c   onoff (CPU hotplug), freeze/thaw and fault injection
 *               schedules; the op observer (counters, onoff statistics)
 *   stats.c     the stats line, stats.jsonl, RSS
 *   out.c       results directory, log tee, write-then-rename
 *   recorder.c  flight recorder: the last steps as a best-effort .wq
 *   watchdog.c  lockup backstop thread
 *
 * Threads: the main thread is kenv's boot task and runs the loop; actor
 * tasks run the ops (and the op observer); the watchdog is a plain
 * pthread that only reads relaxed counters.
 */
#ifndef _WQKIT_STRESS_SOAK_H
#define _WQKIT_STRESS_SOAK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz/exec/exec.h"
#include "fuzz/prog/legal.h"
#include "fuzz/prog/prog.h"
#include "stress/params.h"

#define SOAK_TAG	"wq-torture:"

/* ---- gen.c ---- */

struct soak_gen {
	struct wq_prog *p;		/* the session's program */
	struct wq_derived d;
	struct wq_state st;		/* legality state before the next step */
	uint64_t rng;
};

uint32_t soak_rand(uint64_t *rng);
/* The session's header from the parameters (works' behaviours drawn). */
void soak_gen_header(struct wq_prog *p, const struct soak_params *sp,
		     uint64_t *rng);
void soak_gen_init(struct soak_gen *g, struct wq_prog *p, uint64_t seed);
/*
 * Fill @ops (p->nactors of them) with random legal ops; an op in
 * @forced[a] (not none) replaces actor a's draw. Returns the mask of
 * forced ops still there after the legality rules.
 */
unsigned int soak_gen_step(struct soak_gen *g, struct wq_op *ops,
			   const struct wq_op *forced);

/* ---- torture.c ---- */

/*
 * Counters written by the op observer in actor tasks: relaxed atomics
 * only (no happens-before edge for TSan to lose races behind).
 */
struct soak_counters {
	_Atomic unsigned long ops[WQ_NR_OPS];
	_Atomic unsigned long onoff_attempts, onoff_ok;	/* cpu_up + cpu_down */
	_Atomic unsigned long offline_attempts, offline_ok;
	_Atomic unsigned long online_attempts, online_ok;
	_Atomic unsigned long onoff_us_sum, onoff_us_min, onoff_us_max;
	_Atomic unsigned long freezes, freeze_fail;	/* freeze ops, failed */
	_Atomic unsigned int freeze_failed_now;		/* since the last step */
	_Atomic unsigned long create_fail;		/* create_workqueue NULL */
	_Atomic unsigned int online;			/* CPU mask */
	_Atomic unsigned int dead_wqs;			/* failed creates, mask */
};

struct soak_torture {
	const struct soak_params *sp;
	struct soak_counters c;
	long next_onoff, next_freeze, thaw_at, next_fault;
	bool frozen_by_us;
	unsigned long faults_armed;
	unsigned long onoff_skipped, freeze_skipped;
	uint64_t start_us[WQ_MAX_ACTORS];	/* per actor: own task only */
	unsigned long stall_at;			/* test only: stall the n-th op */
	_Atomic unsigned long stall_ops;	/* ... ops so far (if stall_at) */
};

void soak_torture_init(struct soak_torture *t, const struct soak_params *sp,
		       int ncpus);
/* The op observer (wq_exec_opts.op_hook). */
void soak_op_hook(int step, int actor, const struct wq_op *op, bool end,
		  long ret, void *arg);
/* The torture ops due at @now (ms): @forced per actor, none elsewhere. */
void soak_torture_due(struct soak_torture *t, long now, struct soak_gen *g,
		      struct wq_op *forced);
/* After a step: what the forced ops became; legality state fix-ups. */
void soak_torture_after(struct soak_torture *t, long now, struct soak_gen *g,
			const struct wq_op *forced, unsigned int kept);
/* Arm an allocation or kthread fault now and then (fault_rate). */
void soak_torture_fault(struct soak_torture *t, struct soak_gen *g);
/* "onoff: 12/14 (offline 6/7 online 6/7) 0.1,3.2:0.8 ms" (min,max:avg) */
void soak_onoff_text(struct soak_torture *t, char *buf, size_t len);

/* ---- out.c ---- */

struct soak_out {
	char dir[1024];			/* out/soak/<date>/<scenario> */
	FILE *log, *jsonl;		/* <name>.partial until closed */
};

/* Create the results directory; -1 with a message in @err. */
int soak_out_open(struct soak_out *o, const struct soak_params *sp,
		  char *err, size_t len);
/* Print to stdout and the log. */
void soak_say(struct soak_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write @text to @dir/@name via a temporary file and rename(); 0 or -1. */
int soak_write_file(const char *dir, const char *name, const char *text);
/* Flush and rename the streams to their final names; 0 or -1. */
int soak_out_close(struct soak_out *o);

/* ---- stats.c ---- */

struct soak_sample {
	long t_ms;			/* run time (virtual in controlled mode) */
	double wall_s;
	unsigned long steps, ops, works;
	unsigned long ops_queue, ops_cancel, ops_flush, ops_other;
	long rss_kb;
	int allocs;			/* kenv live allocations */
	int tasks;			/* kenv live tasks */
	unsigned long kfailures;	/* kenv failures raised */
	unsigned long checkpoints, stalls;
	unsigned long overflows;	/* oracle model overflowed: checks lost */
};

struct soak_stats {
	struct soak_sample first, last;
	unsigned long checkpoints;
	unsigned long stalls;		/* stat intervals with no step */
	long start_rss_kb, warm_rss_kb;
};

long soak_rss_kb(void);
void soak_sample_take(struct soak_sample *s, struct soak_torture *t,
		      const struct wq_exec_result *r, unsigned long steps,
		      long t_ms, double wall_s);
/* The stats line (and its stats.jsonl record) from the sample @now. */
void soak_stats_line(struct soak_out *o, struct soak_torture *t,
		     const struct soak_sample *prev,
		     const struct soak_sample *now, bool failed);

/* ---- recorder.c ---- */

struct soak_recorder {
	struct wq_op step[WQ_MAX_STEPS][WQ_MAX_ACTORS];	/* ring */
	unsigned long n;				/* steps recorded */
};

void soak_record(struct soak_recorder *rec, const struct wq_op *ops);
/* The last steps as a legal program of header @hdr (best effort). */
void soak_recorder_build(const struct soak_recorder *rec,
			 const struct wq_prog *hdr, struct wq_prog *p);

/* ---- watchdog.c ---- */

/* What the main loop shares with the watchdog thread (relaxed atomics). */
struct soak_watch {
	_Atomic unsigned long progress;	/* steps finished */
	_Atomic unsigned long stalls;	/* stat intervals with no step */
	/*
	 * @lock orders the watchdog's lines against the end of the run: the
	 * watchdog checks @ended and prints under it, soak_watchdog_stop()
	 * sets @ended under it, so nothing of the watchdog's follows the End
	 * line or writes to a closed log.
	 */
	pthread_mutex_t lock;
	bool ended;			/* under @lock: stand down */
	long stat_ms, lockup_ms;	/* set before the thread starts */
};

/* Start the stall reporter and lockup backstop; 0 or -1. */
int soak_watchdog_start(struct soak_watch *wd, struct soak_out *o,
			const char *params);
/* Stand the watchdog down: it prints nothing once this returns. */
void soak_watchdog_stop(struct soak_watch *wd);

#endif /* _WQKIT_STRESS_SOAK_H */
