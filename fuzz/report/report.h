/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit failure reports, in the spirit of syzkaller's pkg/report: one
 * stable, parseable text block per failure, and a parser for the tools
 * that read saved reports (dedupe by title).
 *
 *   ==wqkit== FAILURE
 *   kind: oracle
 *   title: flush_workqueue returned before work ran
 *   alt-title: flush_workqueue returned early
 *   instance: flush_workqueue returned before w2 ran
 *   mode: free
 *   step: 3
 *   actor: 1
 *   op: t1: flush_workqueue q0
 *   --- program ---
 *   <wq_prog_print text>
 *   --- detail ---
 *   <message>
 *   --- last events ---
 *   <per task, newest last>
 *   ==wqkit== END
 *
 * "step" and "actor" are -1 and "op" is "-" when the failure is not tied
 * to one op (setup, end of program, a kernel task).
 *
 * Titles identify a bug, not one occurrence of it: they carry no
 * pointers, pids, counts, work/workqueue/actor indexes or CPU numbers
 * (w2 -> work, q1 -> wq, t1 -> actor, cpu1 -> cpu, events/1 -> events,
 * 0x... -> ADDR). The executor's own title, which names them, is the
 * "instance" line. "alt-title" lines (zero or more) are other titles of
 * the same failure: "hang in X" for a controlled "deadlock in X", "<api>
 * returned early" for "returned before/while ...". Two failures are the
 * same bug when their title sets (titles and alt-titles of all blocks of
 * a run's output) intersect.
 */
#ifndef _WQKIT_FUZZ_REPORT_REPORT_H
#define _WQKIT_FUZZ_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fuzz/exec/result.h"
#include "fuzz/prog/prog.h"

#define WQ_REPORT_BEGIN	"==wqkit== FAILURE"
#define WQ_REPORT_END	"==wqkit== END"

#define WQ_TITLE_LEN	160
#define WQ_MAX_TITLES	8

/* The titles of one failure, or of every failure of one run. */
struct wq_title_set {
	int n;
	char t[WQ_MAX_TITLES][WQ_TITLE_LEN];
};

/**
 * wq_report_stable_title - the title of a bug from an instance title
 * @instance: the executor's title ("w2 queued while already pending")
 * @out: output, NUL-terminated ("work queued while already pending")
 * @len: size of @out
 */
void wq_report_stable_title(const char *instance, char *out, size_t len);

/**
 * wq_report_titles - add the stable title and the alternative titles of
 * the failure whose instance title is @instance to @set
 * @instance: the executor's title
 * @set: the set to extend (stable title first when @set was empty)
 */
void wq_report_titles(const char *instance, struct wq_title_set *set);

/**
 * wq_title_set_add - add @title to @set unless present, empty or full
 * Returns true if added.
 */
bool wq_title_set_add(struct wq_title_set *set, const char *title);

/** wq_title_set_has - is @title in @set? */
bool wq_title_set_has(const struct wq_title_set *set, const char *title);

/**
 * wq_title_set_intersects - same bug? (a title in common)
 * @a: title set
 * @b: title set
 */
bool wq_title_set_intersects(const struct wq_title_set *a,
			     const struct wq_title_set *b);

/**
 * wq_report_parse_titles - the title set of every report block in @text
 * @text: the output of a run (anything may surround the blocks)
 * @set: extended with each complete block's title and alt-titles
 *
 * Returns the number of complete blocks found.
 */
int wq_report_parse_titles(const char *text, struct wq_title_set *set);

/**
 * wq_report_parse_sanitizer - titles of the sanitizers' SUMMARY lines
 * @text: a run's output
 * @set: extended with "AddressSanitizer: heap-use-after-free in f",
 *       "ThreadSanitizer: data race in f", "LeakSanitizer: memory leak"...
 *
 * Returns the number of titles added.
 */
int wq_report_parse_sanitizer(const char *text, struct wq_title_set *set);

/**
 * wq_report_exit_title - the title of a run that failed without a report
 * @status: its wait status
 * @timed_out: it was killed for running too long
 * @out: "crash without a report: Segmentation fault", "replay timed out
 *       (no hang report)", "exit status 3 without a report"
 * @len: size of @out
 */
void wq_report_exit_title(int status, bool timed_out, char *out, size_t len);

/**
 * wq_report_print - print the report block of a failed run
 * @f: output
 * @p: the program that ran
 * @r: its result (kind != WQ_FAIL_NONE)
 */
void wq_report_print(FILE *f, const struct wq_prog *p,
		     const struct wq_exec_result *r);

/**
 * wq_report_format_op - "t1: flush_workqueue q0", the text form of an op
 * @p: program
 * @step: step index
 * @actor: actor index
 * @buf: output, NUL-terminated ("-" if step/actor name no op)
 * @len: size of @buf
 */
void wq_report_format_op(const struct wq_prog *p, int step, int actor,
			 char *buf, size_t len);

/**
 * wq_report_parse_title - title of the first report block in @text
 * @text: a saved report (anything may surround the block)
 * @title: output, NUL-terminated
 * @len: size of @title
 *
 * Returns 0, or -1 if @text holds no complete block with a title.
 */
int wq_report_parse_title(const char *text, char *title, size_t len);

/**
 * wq_report_parse_field - value of header field @key ("kind", "title",
 * "instance", "mode", "step", "actor", "op") of the first report block
 * in @text (the first line of that key)
 * @text: a saved report
 * @key: field name
 * @val: output, NUL-terminated
 * @len: size of @val
 *
 * Returns 0, or -1 if absent.
 */
int wq_report_parse_field(const char *text, const char *key, char *val,
			  size_t len);

#endif /* _WQKIT_FUZZ_REPORT_REPORT_H */
