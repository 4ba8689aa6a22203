// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report block: fixed header lines in a fixed order, the program's
 * text, detail and events; wq_report_parse_title() and
 * wq_report_parse_field() read them back from surrounding noise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/report.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__,	\
			__LINE__, #cond);				\
		exit(1);						\
	}								\
} while (0)

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

int main(void)
{
	static struct wq_exec_result r;
	struct wq_prog p;
	char err[128], title[160], val[64], *buf = NULL;
	size_t len = 0;
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
		      "title: flush_workqueue returned before w2 ran\n"
		      "mode: free\n"
		      "step: 3\n"
		      "actor: 1\n"
		      "op: t1: flush_workqueue q0\n"
		      "--- program ---\n"));
	CHECK(strstr(buf, "  t0: queue_work q0 w2\n"));
	CHECK(strstr(buf, "--- detail ---\nw2 queued at step 0\nnot run\n"
		      "--- last events ---\nt1:\n"));
	CHECK(strstr(buf, "j=0\n==wqkit== END\n"));

	CHECK(!wq_report_parse_title(buf, title, sizeof(title)));
	CHECK(!strcmp(title, r.title));
	CHECK(!wq_report_parse_field(buf, "kind", val, sizeof(val)));
	CHECK(!strcmp(val, "oracle"));
	CHECK(!wq_report_parse_field(buf, "op", val, sizeof(val)));
	CHECK(!strcmp(val, "t1: flush_workqueue q0"));
	CHECK(wq_report_parse_field(buf, "cpus", val, sizeof(val)));
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
	printf("PASS\n");
	return 0;
}
