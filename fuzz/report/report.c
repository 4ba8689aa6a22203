// SPDX-License-Identifier: GPL-2.0-only
/*
 * wqkit failure reports (see report.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/ops.h"
#include "fuzz/report/report.h"

void wq_report_format_op(const struct wq_prog *p, int step, int actor,
			 char *buf, size_t len)
{
	if (step < 0 || step >= p->nsteps || actor < 0 ||
	    actor >= p->nactors || p->step[step][actor].op == WQ_OP_NONE ||
	    p->step[step][actor].op >= WQ_NR_OPS) {
		snprintf(buf, len, "-");
		return;
	}
	wq_op_format(&p->step[step][actor], actor, buf, len);
}

/* Print @s, ending with exactly one newline (nothing if empty). */
static void print_section(FILE *f, const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return;
	fputs(s, f);
	if (s[n - 1] != '\n')
		fputc('\n', f);
}

void wq_report_print(FILE *f, const struct wq_prog *p,
		     const struct wq_exec_result *r)
{
	char *text = malloc(WQ_PROG_MAX_TEXT);
	struct wq_title_set titles = { 0 };
	char op[96];
	int i;

	wq_report_format_op(p, r->step, r->actor, op, sizeof(op));
	wq_report_titles(r->title, &titles);
	fprintf(f, "%s\n", WQ_REPORT_BEGIN);
	fprintf(f, "kind: %s\n", wq_fail_kind_name(r->kind));
	fprintf(f, "title: %s\n", titles.n ? titles.t[0] : r->title);
	for (i = 1; i < titles.n; i++)
		fprintf(f, "alt-title: %s\n", titles.t[i]);
	fprintf(f, "instance: %s\n", r->title);
	if (p->sched_mode == WQ_SCHED_FREE || p->sched_mode >= WQ_NR_SCHED_MODES)
		fprintf(f, "mode: free\n");
	else if (p->sched_mode == WQ_SCHED_STEPS)
		fprintf(f, "mode: steps (each step's schedule in the program)\n");
	else	/* controlled: what replays it exactly */
		fprintf(f, "mode: %s seed=%u depth=%u\n",
			wq_sched_names[p->sched_mode], p->sched_seed,
			p->sched_depth);
	if (r->injected)
		fprintf(f, "inject: racy_bitops (test-only race injection, WQKIT_INJECT)\n");
	if (r->step >= 0)
		fprintf(f, "step: %d\n", r->step);
	else
		fprintf(f, "step: none (setup or the end of the program)\n");
	if (r->actor >= 0) {
		fprintf(f, "actor: t%d\n", r->actor);
		fprintf(f, "op: %s\n", op);
	} else {
		fprintf(f, "actor: none (a kernel task, not an actor's op)\n");
	}
	fprintf(f, "--- program ---\n");
	if (text && wq_prog_print(p, text, WQ_PROG_MAX_TEXT) >= 0)
		print_section(f, text);
	fprintf(f, "--- detail ---\n");
	print_section(f, r->detail);
	if (r->kenv_left_up)
		fprintf(f, "note: this failure left kenv unusable (tasks blocked for good): this process cannot run another input\n");
	fprintf(f, "--- last events ---\n");
	print_section(f, r->events);
	fprintf(f, "%s\n", WQ_REPORT_END);
	free(text);
}

/* The header of the first complete block: [begin, end) of its text. */
static const char *find_block(const char *text, const char **end)
{
	const char *b = strstr(text, WQ_REPORT_BEGIN "\n");

	if (!b)
		return NULL;
	*end = strstr(b, "\n" WQ_REPORT_END);
	return *end ? b : NULL;
}

/* Header field @key of the block at @b (ending at @end). */
static int block_field(const char *b, const char *end, const char *key,
		       char *val, size_t len)
{
	const char *line, *nl, *stop;
	size_t klen = strlen(key), n;

	if (!len)
		return -1;
	/* Header fields come before the program. */
	stop = strstr(b, "\n--- program ---");
	if (!stop || stop > end)
		stop = end;
	for (line = strchr(b, '\n') + 1; line < stop; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if ((size_t)(nl - line) > klen + 1 &&
		    !strncmp(line, key, klen) && line[klen] == ':' &&
		    line[klen + 1] == ' ') {
			n = nl - (line + klen + 2);
			if (n >= len)
				n = len - 1;
			memcpy(val, line + klen + 2, n);
			val[n] = '\0';
			return 0;
		}
		if (!*nl)
			break;
	}
	return -1;
}

int wq_report_parse_field(const char *text, const char *key, char *val,
			  size_t len)
{
	const char *b, *end;

	b = find_block(text, &end);
	if (!b)
		return -1;
	return block_field(b, end, key, val, len);
}

/* Add the alt-title lines of the block [b, end) to @set. */
static void block_alt_titles(const char *b, const char *end,
			     struct wq_title_set *set)
{
	static const char key[] = "\nalt-title: ";
	const char *s, *nl, *prog = strstr(b, "\n--- program ---");
	char t[WQ_TITLE_LEN];
	size_t n;

	if (prog && prog < end)
		end = prog;
	for (s = strstr(b, key); s && s < end; s = strstr(nl, key)) {
		s += strlen(key);
		nl = strchr(s, '\n');
		n = nl - s < (long)sizeof(t) ? (size_t)(nl - s) : sizeof(t) - 1;
		memcpy(t, s, n);
		t[n] = '\0';
		wq_title_set_add(set, t);
	}
}

int wq_report_parse_titles(const char *text, struct wq_title_set *set)
{
	const char *b, *end;
	char t[WQ_TITLE_LEN];
	int blocks = 0;

	while ((b = find_block(text, &end))) {
		if (!block_field(b, end, "title", t, sizeof(t)))
			wq_title_set_add(set, t);
		block_alt_titles(b, end, set);
		blocks++;
		text = end + 1;
	}
	return blocks;
}

int wq_report_parse_title(const char *text, char *title, size_t len)
{
	if (wq_report_parse_field(text, "title", title, len))
		return -1;
	return title[0] ? 0 : -1;
}
