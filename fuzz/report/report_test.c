// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report block: fixed header lines in a fixed order, the program's
 * text, detail and events; wq_report_parse_title() and
 * wq_report_parse_field() read them back from surrounding noise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/markdown.h"
#include "fuzz/report/report.h"

#include "core/testing/check.h"

static const char *const prog_text =
	"cpus 2\n"
	"actors 2\n"
	"wq q0 multi\n"
	"work w0 plain q0 nop\n"
	"work w1 plain q0 nop\n"
	"work w2 plain q0 nop\n"
	"step 0\n"
	"  t0: queue_work q0 w2\n"
	"step 1\n"
	"step 2\n"
	"step 3\n"
	"  t0: advance_jiffies 2\n"
	"  t1: flush_workqueue q0\n";

/* Instance title -> stable title: indexes, CPUs, addresses go. */
static void check_stable(const char *instance, const char *want)
{
	char t[WQ_TITLE_LEN];

	wq_report_stable_title(instance, t, sizeof(t));
	if (strcmp(t, want)) {
		fprintf(stderr, "'%s' -> '%s', want '%s'\n", instance, t, want);
		exit(1);
	}
}

static void check_titles(void)
{
	struct wq_title_set a = { 0 }, b = { 0 }, c = { 0 };

	check_stable("w2 queued while already pending",
		     "work queued while already pending");
	check_stable("w12 queued on q0/cpu1 but not listed",
		     "work queued on wq/cpu but not listed");
	check_stable("deadlock in more_work of events/1",
		     "deadlock in more_work of events");
	check_stable("hang in t3's next op", "hang in actor's next op");
	check_stable("BUG_ON(get_wq_data(work) != cwq) in run_workqueue",
		     "BUG_ON(get_wq_data(work) != cwq) in run_workqueue");
	check_stable("cancel_delayed_work returned 0 for pending w1",
		     "cancel_delayed_work returned 0 for pending work");
	check_stable("bad access at 0x7f00beef in w3x", "bad access at ADDR in w3x");
	check_stable("a/1 cpu", "a cpu");

	/* Alternatives: one bug seen as "before ran" and "while running". */
	wq_report_titles("flush_workqueue returned before w3 ran", &a);
	wq_report_titles("flush_workqueue returned while w0 still running", &b);
	CHECK(a.n == 2 && b.n == 2);
	CHECK(!strcmp(a.t[1], "flush_workqueue returned early"));
	CHECK(wq_title_set_intersects(&a, &b));
	/* A controlled deadlock and a free-mode hang. */
	wq_report_titles("deadlock in flush_work", &c);
	CHECK(c.n == 2 && !strcmp(c.t[1], "hang in flush_work"));
	CHECK(!wq_title_set_intersects(&a, &c));
	CHECK(!wq_title_set_add(&c, "deadlock in flush_work"));
	CHECK(!wq_title_set_add(&c, ""));
}

/* Every block of a run's output counts, alt-titles included. */
static void check_title_set(const char *one_block)
{
	struct wq_title_set s = { 0 };
	char *two = malloc(2 * strlen(one_block) + 64);

	CHECK(wq_report_parse_titles(one_block, &s) == 1);
	CHECK(s.n == 2 && wq_title_set_has(&s, "flush_workqueue returned early"));
	sprintf(two, "%s==wqkit== FAILURE\nkind: hang\ntitle: deadlock in x\n"
		"alt-title: hang in x\n--- program ---\nalt-title: no\n"
		"==wqkit== END\n", one_block);
	CHECK(wq_report_parse_titles(two, &s) == 2);
	CHECK(s.n == 4 && wq_title_set_has(&s, "hang in x") &&
	      !wq_title_set_has(&s, "no"));
	free(two);
}

/* Sanitizer SUMMARY lines: tool, kind and function; no file:line. */
static void check_sanitizer(void)
{
	struct wq_title_set s = { 0 };
	char t[WQ_TITLE_LEN];

	CHECK(wq_report_parse_sanitizer(
		"x\nSUMMARY: AddressSanitizer: heap-use-after-free /a/b/workqueue.c:12:3 in run_workqueue\n"
		"SUMMARY: ThreadSanitizer: data race /x.c:1 in insert_work\n"
		"SUMMARY: LeakSanitizer: 48 byte(s) leaked in 1 allocation(s).\n"
		"SUMMARY: AddressSanitizer: SEGV (/lib/x.so+0x12) in w3_fn\n"
		"not a SUMMARY: line\n", &s) == 4);
	CHECK(!strcmp(s.t[0], "AddressSanitizer: heap-use-after-free in run_workqueue"));
	CHECK(!strcmp(s.t[1], "ThreadSanitizer: data race in insert_work"));
	CHECK(!strcmp(s.t[2], "LeakSanitizer: memory leak in 1 allocation(s)."));
	CHECK(!strcmp(s.t[3], "AddressSanitizer: SEGV in w3_fn"));
	wq_report_exit_title(0x0b, false, t, sizeof(t));	/* SIGSEGV */
	CHECK(!strcmp(t, "crash without a report: Segmentation fault"));
	wq_report_exit_title(3 << 8, false, t, sizeof(t));
	CHECK(!strcmp(t, "exit status 3 without a report"));
}

/* report.md: title first, alternatives, the table, fenced sections. */
static void check_markdown(void)
{
	struct wq_title_set t = { 0 };
	struct wq_report_doc d = {
		.titles = &t, .commit = "abc123", .reliable = 10, .runs = 10,
		.program = "# wqkit program v1\ncpus 1\n", .failure = "boom",
		.repro_cmd = "bazel run //fuzz:replay -- x.wq",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	wq_report_titles("deadlock in flush_work", &t);
	wq_report_markdown(f, &d);
	fclose(f);
	CHECK(strstr(buf, "# deadlock in flush_work\n\nAlso seen as:\n\n- hang in flush_work\n") == buf);
	CHECK(strstr(buf, "| kit commit | abc123 |\n| build | - |\n"));
	CHECK(strstr(buf, "| reliability | 10/10 runs"));
	CHECK(strstr(buf, "```\n# wqkit program v1\ncpus 1\n```\n"));
	CHECK(strstr(buf, "```\nboom\n```\n"));
	CHECK(!strstr(buf, "Triage again"));
	free(buf);
}

int main(void)
{
	static struct wq_exec_result r;
	struct wq_prog p;
	char err[128], title[160], val[64], *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	FILE *f;

	CHECK(!wq_prog_parse(prog_text, "t", &p, err, sizeof(err)));
	r.kind = WQ_FAIL_ORACLE;
	r.step = 3;
	r.actor = 1;
	snprintf(r.title, sizeof(r.title),
		 "flush_workqueue returned before w2 ran");
	snprintf(r.detail, sizeof(r.detail), "w2 queued at step 0\nnot run");
	snprintf(r.events, sizeof(r.events), "t1:\n  [3] enter flush_workqueue - q0 cpu1 j=0\n");

	f = open_memstream(&buf, &len);
	CHECK(f);
	fputs("noise before\n", f);
	wq_report_print(f, &p, &r);
	fputs("noise after\n", f);
	fclose(f);

	CHECK(strstr(buf, "==wqkit== FAILURE\n"
		      "kind: oracle\n"
		      "title: flush_workqueue returned before work ran\n"
		      "alt-title: flush_workqueue returned early\n"
		      "instance: flush_workqueue returned before w2 ran\n"
		      "mode: free\n"
		      "step: 3\n"
		      "actor: t1\n"
		      "op: t1: flush_workqueue q0\n"
		      "--- program ---\n"));
	CHECK(strstr(buf, "  t0: queue_work q0 w2\n"));
	CHECK(strstr(buf, "--- detail ---\nw2 queued at step 0\nnot run\n"
		      "--- last events ---\nt1:\n"));
	CHECK(strstr(buf, "j=0\n==wqkit== END\n"));

	CHECK(!wq_report_parse_title(buf, title, sizeof(title)));
	CHECK(!strcmp(title, "flush_workqueue returned before work ran"));
	CHECK(!wq_report_parse_field(buf, "instance", val, sizeof(val)));
	CHECK(!strcmp(val, r.title));
	check_title_set(buf);
	CHECK(!wq_report_parse_field(buf, "kind", val, sizeof(val)));
	CHECK(!strcmp(val, "oracle"));
	CHECK(!wq_report_parse_field(buf, "op", val, sizeof(val)));
	CHECK(!strcmp(val, "t1: flush_workqueue q0"));
	CHECK(wq_report_parse_field(buf, "cpus", val, sizeof(val)));
	/* Not tied to an op: said in words, no -1, no "op: -". */
	f = open_memstream(&buf2, &len2);
	r.step = -1;
	r.actor = -1;
	wq_report_print(f, &p, &r);
	fclose(f);
	CHECK(strstr(buf2, "step: none (setup or the end of the program)\nactor: none"));
	CHECK(!strstr(buf2, "-1") && !strstr(buf2, "\nop: "));
	free(buf2);
	/* Truncated output. */
	CHECK(!wq_report_parse_field(buf, "title", val, 6) &&
	      !strcmp(val, "flush"));

	/* No block, or a block cut before its end: no title. */
	CHECK(wq_report_parse_title("nothing here", title, sizeof(title)));
	buf[strstr(buf, "==wqkit== END") - buf] = '\0';
	CHECK(wq_report_parse_title(buf, title, sizeof(title)));

	/* An op-less failure prints "-". */
	wq_report_format_op(&p, -1, -1, val, sizeof(val));
	CHECK(!strcmp(val, "-"));
	wq_report_format_op(&p, 0, 1, val, sizeof(val));
	CHECK(!strcmp(val, "-"));
	free(buf);
	check_titles();
	check_sanitizer();
	check_markdown();
	printf("PASS\n");
	return 0;
}
