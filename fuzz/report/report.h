/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit failure reports, in the spirit of syzkaller's pkg/report: one
 * stable, parseable text block per failure, and a parser for the tools
 * that read saved reports (dedupe by title).
 *
 *   ==wqkit== FAILURE
 *   kind: oracle
 *   title: flush_workqueue returned before w2 ran
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
 * to one op (setup, end of program, a kernel task). Titles carry no
 * pointers, pids or counts: only names such as w2, q1, cpu1.
 */
#ifndef _WQKIT_FUZZ_REPORT_REPORT_H
#define _WQKIT_FUZZ_REPORT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "fuzz/exec/exec.h"
#include "fuzz/prog/prog.h"

#define WQ_REPORT_BEGIN	"==wqkit== FAILURE"
#define WQ_REPORT_END	"==wqkit== END"

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
 * "mode", "step", "actor", "op") of the first report block in @text
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
