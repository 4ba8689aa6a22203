/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text form of programs: wq_prog_parse(). Line oriented; '#' starts
 * a comment. Header lines (any order, each once; wq lines before work
 * lines, names in index order) come before the first "step" line. Every
 * error names file:line:col and what was expected. Nothing is wrapped or
 * mapped: an out-of-range operand or an illegal op is an error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/legal.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"

#define MAX_TOKS	16

struct tok {
	const char *s;
	int len;
	int col;		/* 1-based */
};

struct where {
	int line, col;
};

struct parser {
	const char *file;
	char *err;
	size_t errlen;
	struct wq_prog *p;
	int line;
	struct tok t[MAX_TOKS];
	int ntok;
	int eol_col;		/* column just past the line's last token */
	int extra_col;		/* first token beyond MAX_TOKS, or 0 */
	/* header */
	unsigned int seen;	/* bit per header keyword */
	bool header_done;
	struct where beh_at[WQ_MAX_WORKS];	/* behaviour name */
	struct where arg_at[WQ_MAX_WORKS];	/* behaviour argument */
	/* steps */
	struct wq_derived d;
	struct wq_state st;
	bool in_step;
	struct where op_at[WQ_MAX_ACTORS];
	/* format version: the "# wqkit program vN" line, else the current */
	int version;
	int version_line;	/* where it was, 0 if none */
};

static int perr(struct parser *ps, int line, int col, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!ps->errlen)
		return -1;
	snprintf(ps->err, ps->errlen, "%s:%d:%d: ", ps->file, line, col);
	n = strlen(ps->err);
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* "expected WHAT, got 'TOKEN'" at token @i (or at the end of the line). */
static int expected(struct parser *ps, int i, const char *what)
{
	if (i >= ps->ntok)
		return perr(ps, ps->line, ps->eol_col,
			    "expected %s, got end of line", what);
	return perr(ps, ps->line, ps->t[i].col, "expected %s, got '%.*s'", what,
		    ps->t[i].len > 40 ? 40 : ps->t[i].len, ps->t[i].s);
}

/* Name at token @i exists only from format @since on. */
static int too_new(struct parser *ps, int i, const char *name, int since)
{
	return perr(ps, ps->line, ps->t[i].col,
		    "'%s' is format v%d, but line %d says v%d (raise it, or drop the line)",
		    name, since, ps->version_line, ps->version);
}

static void tokenize(struct parser *ps, const char *line, int len)
{
	int i = 0;

	ps->ntok = 0;
	ps->eol_col = 1;
	ps->extra_col = 0;
	while (i < len && line[i] != '#') {
		if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
			i++;
			continue;
		}
		if (ps->ntok == MAX_TOKS) {
			ps->extra_col = i + 1;
			break;
		}
		ps->t[ps->ntok].s = line + i;
		ps->t[ps->ntok].col = i + 1;
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		       line[i] != '\r' && line[i] != '#')
			i++;
		ps->t[ps->ntok].len = (int)(line + i - ps->t[ps->ntok].s);
		ps->eol_col = i + 1;
		ps->ntok++;
	}
}

static bool tok_is(const struct tok *t, const char *s)
{
	return (int)strlen(s) == t->len && !memcmp(t->s, s, t->len);
}

/* Decimal digits only, at most 10 of them. */
static bool digits(const char *s, int len, unsigned long *v)
{
	int i;

	if (len < 1 || len > 10)
		return false;
	*v = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return true;
}

/*
 * The version line "# wqkit program vN" (a comment to older kits), before
 * any header line. Returns 1 if @line is one (parsed), 0 if not, -1 on
 * error: a version this kit does not read is refused, never guessed.
 */
static int version_line(struct parser *ps, const char *line, int len)
{
	size_t n = strlen(WQ_PROG_TEXT_MAGIC);
	unsigned long v;
	int end = (int)n;

	if ((size_t)len < n || memcmp(line, WQ_PROG_TEXT_MAGIC, n))
		return 0;
	while (end < len && line[end] >= '0' && line[end] <= '9')
		end++;
	if (!digits(line + n, end - (int)n, &v) ||
	    (end < len && line[end] != ' ' && line[end] != '\t' &&
	     line[end] != '\r'))
		return perr(ps, ps->line, (int)n + 1,
			    "expected a format version after '%s'", WQ_PROG_TEXT_MAGIC);
	if (ps->version_line)
		return perr(ps, ps->line, 1, "second version line (first on line %d)",
			    ps->version_line);
	if (ps->seen || ps->header_done)
		return perr(ps, ps->line, 1,
			    "the version line must come before the header lines");
	if (v < WQ_PROG_FORMAT_MIN || v > WQ_PROG_FORMAT)
		return perr(ps, ps->line, (int)n + 1,
			    "format v%lu: this wqkit reads v%d..v%d%s", v,
			    WQ_PROG_FORMAT_MIN, WQ_PROG_FORMAT,
			    v > WQ_PROG_FORMAT ? " (written by a newer wqkit)" : "");
	ps->version = (int)v;
	ps->version_line = ps->line;
	return 1;
}

/*
 * Token @i is PREFIX then a number in lo..hi (PREFIX may be ""); @what
 * names it in the error message, which also shows the range.
 */
static int number(struct parser *ps, int i, const char *prefix, long lo,
		  long hi, const char *what, unsigned long *v)
{
	size_t pl = strlen(prefix);
	char buf[96];

	if (hi < lo)
		snprintf(buf, sizeof(buf), "%s (none declared)", what);
	else if (lo == hi)
		snprintf(buf, sizeof(buf), "%s (%s%ld)", what, prefix, lo);
	else
		snprintf(buf, sizeof(buf), "%s (%s%ld..%s%ld)", what, prefix, lo,
			 prefix, hi);
	if (i >= ps->ntok || ps->t[i].len <= (int)pl ||
	    memcmp(ps->t[i].s, prefix, pl) ||
	    !digits(ps->t[i].s + pl, ps->t[i].len - (int)pl, v) ||
	    (long)*v < lo || (long)*v > hi)
		return expected(ps, i, buf);
	return 0;
}

static int end_of_line(struct parser *ps, int i)
{
	if (i < ps->ntok)
		return expected(ps, i, "end of line");
	return 0;
}

/* A word from a name table. */
static int keyword(struct parser *ps, int i, const char *const *names, int n,
		   const char *what, int *v)
{
	if (i < ps->ntok)
		*v = wq_lookup(names, n, ps->t[i].s, (size_t)ps->t[i].len);
	if (i >= ps->ntok || *v < 0)
		return expected(ps, i, what);
	return 0;
}

/* ---- header lines ------------------------------------------------- */

enum { H_CPUS, H_ACTORS, H_MISUSE, H_SCHEDULE, H_FAULT };

static int once(struct parser *ps, int bit)
{
	if (ps->seen & (1u << bit))
		return perr(ps, ps->line, ps->t[0].col, "duplicate '%.*s' line",
			    ps->t[0].len, ps->t[0].s);
	ps->seen |= 1u << bit;
	return 0;
}

static int parse_count(struct parser *ps, int bit, int max, uint8_t *out)
{
	unsigned long v;

	if (once(ps, bit) || number(ps, 1, "", 1, max, "a count", &v))
		return -1;
	*out = (uint8_t)v;
	return end_of_line(ps, 2);
}

static int parse_misuse(struct parser *ps)
{
	static const char *const onoff[] = { "off", "on" };
	int v;

	if (once(ps, H_MISUSE) || keyword(ps, 1, onoff, 2, "'on' or 'off'", &v))
		return -1;
	/* Text names every op: a v1/v2 text allowed less, never other. */
	ps->p->misuse = v ? WQ_MISUSE_ON : WQ_MISUSE_OFF;
	return end_of_line(ps, 2);
}

static int parse_schedule(struct parser *ps)
{
	static const char *const mode_what = "schedule mode (free, pct, random, steps)";
	unsigned long v;
	int mode;

	if (once(ps, H_SCHEDULE) ||
	    keyword(ps, 1, wq_sched_names, WQ_NR_SCHED_MODES, mode_what, &mode))
		return -1;
	ps->p->sched_mode = (uint8_t)mode;
	if (mode == WQ_SCHED_STEPS) {	/* seedless: the steps say it all */
		if (ps->version < 3)
			return too_new(ps, 1, "steps", 3);
		return end_of_line(ps, 2);
	}
	if (number(ps, 2, "seed=", 0, 4294967295L, "seed", &v))
		return -1;
	ps->p->sched_seed = (uint32_t)v;
	if (number(ps, 3, "depth=", 1, WQ_MAX_DEPTH, "depth", &v))
		return -1;
	ps->p->sched_depth = (uint8_t)v;
	return end_of_line(ps, 4);
}

static int parse_fault(struct parser *ps)
{
	unsigned long v;
	int kind;

	if (once(ps, H_FAULT) ||
	    keyword(ps, 1, wq_fault_names, WQ_NR_FAULTS,
		    "fault kind (none, alloc, kthread)", &kind))
		return -1;
	ps->p->fault = (uint8_t)kind;
	ps->p->fault_nth = 0;
	if (kind == WQ_FAULT_NONE)
		return end_of_line(ps, 2);
	if (number(ps, 2, "", 1, WQ_MAX_FAULT_NTH, "call number", &v))
		return -1;
	ps->p->fault_nth = (uint8_t)v;
	return end_of_line(ps, 3);
}

static int parse_wq(struct parser *ps)
{
	struct wq_prog *p = ps->p;
	unsigned long v;
	int kind;

	if (p->nworks)
		return perr(ps, ps->line, ps->t[0].col,
			    "wq lines must come before work lines");
	if (p->nwqs == WQ_MAX_WQS)
		return perr(ps, ps->line, ps->t[0].col,
			    "too many workqueues (max %d)", WQ_MAX_WQS);
	if (number(ps, 1, "q", p->nwqs, p->nwqs, "next workqueue name", &v) ||
	    keyword(ps, 2, wq_kind_names, WQ_NR_KINDS,
		    "workqueue kind (multi, singlethread, freezeable)", &kind))
		return -1;
	p->wq_kind[p->nwqs++] = (uint8_t)kind;
	return end_of_line(ps, 3);
}

static int parse_beh(struct parser *ps, int i, int self)
{
	struct wq_work *w = &ps->p->work[self];
	unsigned long v;
	int beh = -1;

	if (i < ps->ntok)
		beh = wq_beh_lookup(ps->t[i].s, (size_t)ps->t[i].len);
	if (beh < 0)
		return expected(ps, i,
				"behaviour (nop, requeue, queue, cancel, flush, cancel_sync, sleep, cpu, flush_own_wq, rearm, get_online_cpus, schedule_on_each_cpu, flush_scheduled_work, current_is_keventd)");
	if (wq_beh_since(beh) > ps->version)
		return too_new(ps, i, wq_behs[beh].name, wq_beh_since(beh));
	w->beh = (uint8_t)beh;
	ps->beh_at[self] = (struct where){ ps->line, ps->t[i].col };
	ps->arg_at[self] = (struct where){ ps->line, ps->eol_col };
	switch (wq_behs[beh].arg) {
	case 'k':
		if (number(ps, i + 1, "", 1, WQ_MAX_REQUEUE,
			   beh == WQ_BEH_REARM ? "rearm count" : "requeue count", &v))
			return -1;
		break;
	case 'n':
		if (number(ps, i + 1, "", 1, WQ_MAX_TICKS, "jiffies", &v))
			return -1;
		break;
	case WQ_ARG_WORK:
		/* Forward references: the range is checked at header end. */
		if (number(ps, i + 1, "w", 0, WQ_MAX_WORKS - 1, "work name", &v))
			return -1;
		break;
	default:
		return end_of_line(ps, i + 1);
	}
	w->arg = (uint8_t)v;
	ps->arg_at[self].col = ps->t[i + 1].col;
	return end_of_line(ps, i + 2);
}

static int parse_work(struct parser *ps)
{
	static const char *const kinds[] = { "plain", "delayed" };
	struct wq_prog *p = ps->p;
	struct wq_work *w;
	unsigned long v;
	int kind;

	if (p->nworks == WQ_MAX_WORKS)
		return perr(ps, ps->line, ps->t[0].col,
			    "too many works (max %d)", WQ_MAX_WORKS);
	if (number(ps, 1, "w", p->nworks, p->nworks, "next work name", &v) ||
	    keyword(ps, 2, kinds, 2, "'plain' or 'delayed'", &kind))
		return -1;
	w = &p->work[p->nworks++];
	w->delayed = (uint8_t)kind;
	if (ps->ntok > 3 && tok_is(&ps->t[3], "keventd")) {
		w->home = WQ_KEVENTD;
	} else {
		if (number(ps, 3, "q", 0, p->nwqs - 1,
			   "home (keventd or a declared workqueue)", &v))
			return -1;
		w->home = (int8_t)v;
	}
	return parse_beh(ps, 4, p->nworks - 1);
}

/* At the first step (or the end): everything the header refers to exists. */
static int finish_header(struct parser *ps)
{
	struct wq_prog *p = ps->p;
	char why[256];
	int i;

	if (ps->header_done)
		return 0;
	ps->header_done = true;
	for (i = 0; i < p->nworks; i++) {
		const struct wq_work *w = &p->work[i];
		struct where at = ps->beh_at[i];

		if (wq_behs[w->beh].arg == WQ_ARG_WORK && w->arg >= p->nworks)
			return perr(ps, ps->arg_at[i].line, ps->arg_at[i].col,
				    "expected work name (w0..w%d), got 'w%d'",
				    p->nworks - 1, w->arg);
		if (wq_behs[w->beh].arg == WQ_ARG_WORK)
			at = ps->arg_at[i];
		if (!wq_beh_check(p, i, why, sizeof(why)))
			return perr(ps, at.line, at.col, "%s", why);
	}
	wq_derive(p, &ps->d);
	wq_state_init(p, &ps->st);
	return 0;
}

/* ---- steps -------------------------------------------------------- */

static int finish_step(struct parser *ps)
{
	struct wq_prog *p = ps->p;
	struct wq_op ops[WQ_MAX_ACTORS];
	char why[256];
	int a;

	if (!ps->in_step)
		return 0;
	memcpy(ops, p->step[p->nsteps - 1], sizeof(ops));
	a = wq_step_apply(p, &ps->d, &ps->st, ops, false, why, sizeof(why),
			  NULL);
	if (a >= 0)
		return perr(ps, ps->op_at[a].line, ps->op_at[a].col, "%s", why);
	return 0;
}

/* "at=A,B,C": 1..3 change points, ascending, in 1..255. */
static int parse_at(struct parser *ps, int i, struct wq_sched_step *sp)
{
	static const char *const what =
		"change points at=A[,B[,C]] (ascending, 1..255)";
	const struct tok *t = &ps->t[i];
	unsigned long v;
	int pos = 3, end, n = 0;

	while (pos < t->len) {
		for (end = pos; end < t->len && t->s[end] != ','; end++)
			;
		if (n == WQ_MAX_CHANGES || !digits(t->s + pos, end - pos, &v) ||
		    v < 1 || v > 255 || (n && v <= sp->at[n - 1]))
			return expected(ps, i, what);
		sp->at[n++] = (uint8_t)v;
		pos = end + 1;
		if (end < t->len && pos == t->len)
			return expected(ps, i, what);	/* trailing comma */
	}
	return n ? 0 : expected(ps, i, what);
}

/* A step line's schedule from token @i on: [order=N] [at=...]. */
static int parse_step_sched(struct parser *ps, int i,
			    struct wq_sched_step *sp)
{
	unsigned long v;

	if (i < ps->ntok && ps->p->sched_mode != WQ_SCHED_STEPS &&
	    (!strncmp(ps->t[i].s, "order=", 6) || !strncmp(ps->t[i].s, "at=", 3)))
		return perr(ps, ps->line, ps->t[i].col,
			    "a step's schedule (order=, at=) needs 'schedule steps'");
	if (i < ps->ntok && ps->t[i].len > 6 &&
	    !strncmp(ps->t[i].s, "order=", 6)) {
		if (number(ps, i, "order=", 0, 255, "priority order", &v))
			return -1;
		sp->order = (uint8_t)v;
		i++;
	}
	if (i < ps->ntok && ps->t[i].len >= 3 && !strncmp(ps->t[i].s, "at=", 3)) {
		if (parse_at(ps, i, sp))
			return -1;
		i++;
	}
	return end_of_line(ps, i);
}

static int parse_step(struct parser *ps)
{
	struct wq_prog *p = ps->p;
	unsigned long v;

	if (finish_header(ps) || finish_step(ps))
		return -1;
	if (p->nsteps == WQ_MAX_STEPS)
		return perr(ps, ps->line, ps->t[0].col, "too many steps (max %d)",
			    WQ_MAX_STEPS);
	if (number(ps, 1, "", p->nsteps, p->nsteps, "next step number", &v))
		return -1;
	p->nsteps++;
	ps->in_step = true;
	return parse_step_sched(ps, 2, &p->plan[p->nsteps - 1]);
}

static int parse_operand(struct parser *ps, int i, char kind, struct wq_op *o)
{
	const struct wq_prog *p = ps->p;
	unsigned long v = 0;
	int r = 0;

	switch (kind) {
	case WQ_ARG_CPU:
		r = number(ps, i, "", 0, p->ncpus - 1, "cpu", &v);
		o->cpu = (uint8_t)v;
		break;
	case WQ_ARG_WQ:
		r = number(ps, i, "q", 0, p->nwqs - 1, "workqueue name", &v);
		o->wq = (uint8_t)v;
		break;
	case WQ_ARG_WORK:
		r = number(ps, i, "w", 0, p->nworks - 1, "work name", &v);
		o->work = (uint8_t)v;
		break;
	case WQ_ARG_DELAY:
		r = number(ps, i, "", 0, WQ_NR_DELAYS - 1, "delay in jiffies", &v);
		o->delay = (uint8_t)v;
		break;
	case WQ_ARG_TICKS:
		r = number(ps, i, "", 1, WQ_MAX_TICKS, "jiffies", &v);
		o->ticks = (uint8_t)v;
		break;
	case WQ_ARG_IRQ:
		r = number(ps, i, "in_interrupt=", 0, 1, "flag", &v);
		o->in_irq = (uint8_t)v;
		break;
	}
	return r;
}

/*
 * A queue op queues on its wq operand (schedule_*: keventd); before
 * format v4 that had to be the work's home.
 */
static int check_home(struct parser *ps, const struct wq_op *o, int tok)
{
	if (!wq_op_away(ps->p, o) || ps->version >= 4)
		return 0;
	return perr(ps, ps->line, ps->t[tok].col,
		    "%s: queueing w%d away from its home is format v4, but line %d says v%d (raise it, or drop the line)",
		    wq_ops[o->op].name, o->work, ps->version_line,
		    ps->version);
}

static int parse_op(struct parser *ps)
{
	struct wq_prog *p = ps->p;
	struct wq_op *o;
	unsigned long a;
	const char *k;
	int i = 2, op, qtok = -1;

	if (!ps->in_step)
		return perr(ps, ps->line, ps->t[0].col,
			    "expected 'step N' before the first op");
	ps->t[0].len--;		/* drop the ':' */
	if (number(ps, 0, "t", 0, p->nactors - 1, "actor", &a))
		return -1;
	o = &p->step[p->nsteps - 1][a];
	if (o->op != WQ_OP_NONE)
		return perr(ps, ps->line, ps->t[0].col,
			    "t%lu already has an op in step %d", a,
			    p->nsteps - 1);
	op = ps->ntok > 1 ? wq_op_lookup(ps->t[1].s, (size_t)ps->t[1].len) : -1;
	if (op < 0)
		return expected(ps, 1, "op name");
	if (wq_op_since(op) > ps->version)
		return too_new(ps, 1, wq_ops[op].name, wq_op_since(op));
	o->op = (uint8_t)op;
	ps->op_at[a] = (struct where){ ps->line, ps->t[1].col };
	for (k = wq_ops[op].args; *k; k++, i++) {
		if (*k == WQ_ARG_WQ)
			qtok = i;
		if (parse_operand(ps, i, *k, o))
			return -1;
	}
	if (!wq_op_has(op, WQ_ARG_WQ) && wq_op_has(op, WQ_ARG_WORK) &&
	    !(wq_ops[op].flags & WQ_OPF_KEVENTD))
		o->wq = wq_home_slot(p, o->work);
	if ((wq_ops[op].flags & WQ_OPF_QUEUE) &&
	    check_home(ps, o, qtok >= 0 ? qtok : 1))
		return -1;
	if (qtok >= 0 && !(wq_ops[op].flags & WQ_OPF_QUEUE) &&
	    wq_op_has(op, WQ_ARG_WORK) && p->work[o->work].home >= 0 &&
	    o->wq != p->work[o->work].home)
		return perr(ps, ps->line, ps->t[qtok].col,
			    "%s: w%d lives on q%d (its home), not q%d",
			    wq_ops[op].name, o->work, p->work[o->work].home,
			    o->wq);
	return end_of_line(ps, i);
}

/* ---- lines -------------------------------------------------------- */

static int parse_line(struct parser *ps)
{
	const struct tok *t = &ps->t[0];
	struct wq_prog *p = ps->p;

	if (tok_is(t, "step"))
		return parse_step(ps);
	if (t->len && t->s[0] == 't' && t->s[t->len - 1] == ':')
		return parse_op(ps);
	if (ps->header_done)
		return expected(ps, 0, "'step N' or an op line 'tN: op ...'");
	if (tok_is(t, "cpus"))
		return parse_count(ps, H_CPUS, WQ_MAX_CPUS, &p->ncpus);
	if (tok_is(t, "actors"))
		return parse_count(ps, H_ACTORS, WQ_MAX_ACTORS, &p->nactors);
	if (tok_is(t, "misuse"))
		return parse_misuse(ps);
	if (tok_is(t, "schedule"))
		return parse_schedule(ps);
	if (tok_is(t, "fault"))
		return parse_fault(ps);
	if (tok_is(t, "wq"))
		return parse_wq(ps);
	if (tok_is(t, "work"))
		return parse_work(ps);
	return expected(ps, 0,
			"header line (cpus, actors, misuse, schedule, fault, wq, work) or 'step N'");
}

int wq_prog_parse(const char *text, const char *filename, struct wq_prog *p,
		  char *err, size_t errlen)
{
	struct parser ps = { .file = filename ? filename : "<input>",
			     .err = err, .errlen = errlen, .p = p,
			     .version = WQ_PROG_FORMAT };
	const char *s = text, *nl;

	if (errlen)
		err[0] = '\0';
	wq_prog_init(p);
	while (*s) {
		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		ps.line++;
		switch (version_line(&ps, s, (int)(nl - s))) {
		case -1:
			return -1;
		case 1:
			s = *nl ? nl + 1 : nl;
			continue;
		}
		tokenize(&ps, s, (int)(nl - s));
		if (ps.extra_col)
			return perr(&ps, ps.line, ps.extra_col,
				    "expected end of line, got too many words");
		if (ps.ntok && parse_line(&ps))
			return -1;
		s = *nl ? nl + 1 : nl;
	}
	ps.line++;
	ps.ntok = 0;
	if (finish_header(&ps) || finish_step(&ps))
		return -1;
	return 0;
}
