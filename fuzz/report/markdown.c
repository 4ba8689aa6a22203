// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.md writer (see markdown.h).
 */
#include <string.h>

#include "fuzz/report/markdown.h"

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A fenced block holding @text, ending with one newline. */
static void fenced(FILE *f, const char *lang, const char *text)
{
	size_t n;

	text = or_dash(text);
	n = strlen(text);
	fprintf(f, "```%s\n%s%s```\n\n", lang, text,
		n && text[n - 1] == '\n' ? "" : "\n");
}

void wq_report_markdown(FILE *f, const struct wq_report_doc *d)
{
	const struct wq_title_set *t = d->titles;
	int i;

	fprintf(f, "# %s\n\n", t->n ? t->t[0] : "(no title)");
	if (t->n > 1) {
		fprintf(f, "Also seen as:\n\n");
		for (i = 1; i < t->n; i++)
			fprintf(f, "- %s\n", t->t[i]);
		fprintf(f, "\n");
	}
	fprintf(f, "| | |\n|---|---|\n");
	fprintf(f, "| kit commit | %s |\n", or_dash(d->commit));
	fprintf(f, "| build | %s |\n", or_dash(d->build));
	fprintf(f, "| sanitizer | %s |\n", or_dash(d->sanitizer));
	fprintf(f, "| reliability | %d/%d runs fail with a title above |\n",
		d->reliable, d->runs);
	fprintf(f, "| found program | %s |\n", or_dash(d->size_before));
	fprintf(f, "| minimized program | %s |\n", or_dash(d->size_after));
	fprintf(f, "| repro.c | %s |\n\n", d->csource ?
		or_dash(d->csource_verified) : "none");
	if (d->note)
		fprintf(f, "%s\n\n", d->note);
	fprintf(f, "The Linux 2.6.29 workqueue (kernel/workqueue.c, ported to "
		   "userspace as wqkit's core/workqueue.c) fails the minimized "
		   "program below.\n\n");
	fprintf(f, "## Reproducer (repro.wq)\n\n");
	fenced(f, "", d->program);
	if (d->csource) {
		fprintf(f, "## C reproducer (repro.c)\n\n"
			   "The same program as plain C calls of the workqueue API; "
			   "it exits 1 when the failure occurs.\n\n");
		if (d->csource_check)
			fprintf(f, "What it checks for this title: %s.\n\n",
				d->csource_check);
		fenced(f, "c", d->csource);
	}
	fprintf(f, "## Failure report\n\n");
	fenced(f, "", d->failure);
	if (d->sources) {
		fprintf(f, "## 2.6.29 source\n\n");
		fprintf(f, "%s\n", d->sources);
	}
	fprintf(f, "## Reproduce\n\n");
	fenced(f, "sh", d->repro_cmd);
	if (d->triage_cmd) {
		fprintf(f, "Triage again (replay, reliability, minimization):\n\n");
		fenced(f, "sh", d->triage_cmd);
	}
}
