/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kenv internals, base layer (//core/kenv:base): what every kenv file may
 * use. Not for the harness. Files: base.c (configuration, taint, jiffies,
 * CPU masks, the scheduling-point hook), ilock.c (kenv_ilock), futex.h.
 * This layer calls no other kenv file (core/kenv/README.md, "Layers").
 */
#ifndef _KENV_BASE_INTERNAL_H
#define _KENV_BASE_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <kenv/kenv.h>

/* A symbol shared by the files of one library, not exported from it. */
#define KENV_HIDDEN	__attribute__((visibility("hidden")))

/* ---- base.c ---- */
extern struct kenv_config kenv_cfg;	/* configuration in force */
extern _Atomic int kenv_up;		/* between kenv_init and kenv_reset */
void kenv_taint_clear(void);		/* kenv_reset, at its end */

/* ---- ThreadSanitizer: sections whose sync and accesses TSan ignores ---- */
#ifdef WQKIT_TSAN
/* Exported by the ThreadSanitizer runtime (dynamic annotations). */
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

/* kenv bookkeeping (kenv_ilock, the controlled scheduler's hand-off):
 * no happens-before edge, no access checked, until the matching end. */
static inline void kenv_tsan_ignore_begin(void)
{
	AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
	AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
	AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
}

static inline void kenv_tsan_ignore_end(void)
{
	AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
	AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
	AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
}
#else
static inline void kenv_tsan_ignore_begin(void)
{
}

static inline void kenv_tsan_ignore_end(void)
{
}
#endif

#endif /* _KENV_BASE_INTERNAL_H */
