/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event trace of one run: a bounded ring of the newest events per
 * task, keyed by the task's role (its comm: "t1", "q0/2", "events/0",
 * "ksoftirqd/1"; never a pointer or pid), a hash of the whole sequence,
 * and optionally every event printed as it happens (replay -v).
 *
 * wq_trace_add() may run in any task, also under cwq->lock: it does not
 * sleep and only takes a kenv_ilock.
 */
#ifndef _WQKIT_FUZZ_EXEC_TRACE_H
#define _WQKIT_FUZZ_EXEC_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <kenv/kenv.h>

#define WQ_TRACE_RING	64	/* events kept per role */
#define WQ_TRACE_ROLES	48	/* roles tracked; more share the last ring */
#define WQ_TRACE_ROLE_LEN 24

/* ->wq of an event */
#define WQ_TRACE_WQ_NONE	(-2)
#define WQ_TRACE_WQ_KEVENTD	(-1)
/* ->work of an event: wN (>= 0) or one of these */
#define WQ_TRACE_NO_WORK	(-1)
#define WQ_TRACE_BARRIER	(-2)	/* flush barrier (wq_barrier) */
#define WQ_TRACE_INTERNAL	(-3)	/* execute_work, schedule_on_each_cpu */

/* One event, with every pointer already turned into a name. */
struct wq_trace_ev {
	uint8_t type;		/* struct kenv_event code */
	int8_t wq;		/* slot qN, or WQ_TRACE_WQ_* */
	int16_t work;		/* wN, or WQ_TRACE_* */
	int16_t cpu;		/* -1 unknown */
	const char *api;	/* API events: a static name; else NULL */
	long ret;		/* API_EXIT's return value */
	unsigned long now;	/* jiffies */
	unsigned long seq;	/* global position, set by wq_trace_add() */
};

struct wq_trace_ring {
	char role[WQ_TRACE_ROLE_LEN];
	unsigned long n;	/* events ever added; the ring holds the last */
	struct wq_trace_ev ev[WQ_TRACE_RING];
};

struct wq_trace {
	struct kenv_ilock lock;	/* protects everything below */
	uint64_t hash;		/* FNV-1a over (role, event) in order */
	unsigned long seq;
	int nroles;
	FILE *out;		/* print every event here if set */
	struct wq_trace_ring ring[WQ_TRACE_ROLES];
};

/**
 * wq_trace_reset - start an empty trace
 * @t: the trace
 * @out: where to print each event as it is added, or NULL
 */
void wq_trace_reset(struct wq_trace *t, FILE *out);

/**
 * wq_trace_add - append an event of the task named @role
 * @t: the trace
 * @role: stable task identity (comm)
 * @ev: the event (->seq is ignored)
 */
void wq_trace_add(struct wq_trace *t, const char *role,
		  const struct wq_trace_ev *ev);

/* The hash so far: a pure function of the (role, event) sequence. */
uint64_t wq_trace_hash(struct wq_trace *t);

/**
 * wq_trace_format - one event as text, e.g. "start w2 q0 cpu1 j=3"
 * @ev: the event
 * @buf: output, NUL-terminated
 * @len: size of @buf
 */
int wq_trace_format(const struct wq_trace_ev *ev, char *buf, size_t len);

/**
 * wq_trace_dump - the newest events of every role, oldest role first
 * @t: the trace
 * @buf: output, NUL-terminated; truncated at a line boundary if short
 * @len: size of @buf
 *
 * Per role a line "<role>:" and its events, newest last. Returns the
 * length written.
 */
size_t wq_trace_dump(struct wq_trace *t, char *buf, size_t len);

/* Name of an event type ("queued", "start", ...). */
const char *wq_trace_type_name(int type);

#endif /* _WQKIT_FUZZ_EXEC_TRACE_H */
