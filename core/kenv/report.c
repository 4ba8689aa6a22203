/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The failure channel and printk: a bounded ring log, per-task report
 * buffers, BUG/WARN/dump_stack/might_sleep as structured failures,
 * print_symbol, the event hook and the object namer (the scheduling hook
 * is in base.c).
 *
 * All shared state here is either a relaxed atomic or protected by a
 * kenv_ilock, so reporting never orders kernel tasks for ThreadSanitizer.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "sched_internal.h"

#define RELAXED		memory_order_relaxed
#define LOG_SIZE	(64 * 1024)
#define LINE_MAX_LEN	2048
#define BT_MAX_FRAMES	24
#define MSG_LEN		sizeof(((struct kenv_failure *)0)->message)
#define TITLE_LEN	sizeof(((struct kenv_failure *)0)->title)

/* From the sanitizer runtimes, when one is linked (names static functions). */
void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out_buf,
			      size_t out_buf_size) __attribute__((weak));

/* log_lock protects log_buf, log_head and log_len. */
static struct kenv_ilock log_lock = KENV_ILOCK_INIT;
static char log_buf[LOG_SIZE];
static size_t log_head;			/* next byte to write */
static size_t log_len;			/* valid bytes, <= LOG_SIZE */

/* fail_lock protects fail_fn and fail_arg. */
static struct kenv_ilock fail_lock = KENV_ILOCK_INIT;
static kenv_failure_fn fail_fn;
static void *fail_arg;
static _Atomic unsigned long nr_failures;
static __thread int fail_nesting;	/* failure raised inside a handler */

/* Hooks: set while no task runs; read with one relaxed load each. */
static _Atomic(kenv_event_fn) event_fn;
static void *_Atomic event_arg;
static _Atomic(kenv_obj_namer) namer_fn;
static void *_Atomic namer_arg;

/* ------------------------------------------------------------------ */
/* Log and report buffers                                              */

static void log_append(const char *s, size_t n)
{
	size_t first;

	if (n > LOG_SIZE) {
		s += n - LOG_SIZE;
		n = LOG_SIZE;
	}
	kenv_ilock_lock(&log_lock);
	first = min(n, (size_t)LOG_SIZE - log_head);
	memcpy(log_buf + log_head, s, first);
	memcpy(log_buf, s + first, n - first);
	log_head = (log_head + n) % LOG_SIZE;
	log_len = min(log_len + n, (size_t)LOG_SIZE);
	kenv_ilock_unlock(&log_lock);
}

/* Append to current's report buffer (task-local); keeps the oldest text. */
static void report_buf_append(struct task_struct *curr, const char *s, size_t n)
{
	size_t room;

	if (curr->report_len >= sizeof(curr->report_buf) - 1)
		return;
	room = sizeof(curr->report_buf) - 1 - curr->report_len;
	if (n > room)
		n = room;
	memcpy(curr->report_buf + curr->report_len, s, n);
	curr->report_len += n;
	curr->report_buf[curr->report_len] = '\0';
}

static void emit_text(const char *s, size_t n)
{
	struct task_struct *curr = current;

	log_append(s, n);
	if (curr)
		report_buf_append(curr, s, n);
}

static int vprintk_text(const char *fmt, va_list ap, bool strip_level)
{
	char line[LINE_MAX_LEN];
	const char *s = line;
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (strip_level && n >= 3 && s[0] == '<' && isdigit((unsigned char)s[1]) &&
	    s[2] == '>') {
		s += 3;
		n -= 3;
	}
	emit_text(s, (size_t)n);
	return n;
}

/**
 * printk - print a kernel message
 * @fmt: printf format, optionally starting with a KERN_* level
 *
 * The level prefix is dropped; the text goes to the ring log and to the
 * current task's report buffer. Returns the number of characters printed.
 */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk_text(fmt, ap, true);
	va_end(ap);
	return n;
}

/**
 * kenv_report_printf - append text to the current report buffer and the log
 * @fmt: printf format
 */
void kenv_report_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk_text(fmt, ap, false);
	va_end(ap);
}

/**
 * kenv_log_read - copy the newest log text
 * @buf: output, NUL-terminated
 * @len: size of @buf
 *
 * When the log holds more than fits, the copy starts at a line boundary.
 * Returns the number of bytes copied (without the NUL).
 */
size_t kenv_log_read(char *buf, size_t len)
{
	size_t take, start, first, skip = 0;

	if (!len)
		return 0;
	kenv_ilock_lock(&log_lock);
	take = min(log_len, len - 1);
	start = (log_head + LOG_SIZE - take) % LOG_SIZE;
	first = min(take, (size_t)LOG_SIZE - start);
	memcpy(buf, log_buf + start, first);
	memcpy(buf + first, log_buf, take - first);
	if (take < log_len) {
		/* drop the partial oldest line */
		char *nl = memchr(buf, '\n', take);

		if (nl)
			skip = (size_t)(nl + 1 - buf);
	}
	kenv_ilock_unlock(&log_lock);
	if (skip)
		memmove(buf, buf + skip, take - skip);
	take -= skip;
	buf[take] = '\0';
	return take;
}

/**
 * kenv_log_clear - empty the printk log
 */
void kenv_log_clear(void)
{
	kenv_ilock_lock(&log_lock);
	log_head = 0;
	log_len = 0;
	kenv_ilock_unlock(&log_lock);
}

/* ------------------------------------------------------------------ */
/* Symbols and backtraces                                              */

/*
 * Name the function containing @addr. @ret: @addr is a return address
 * (symbolize the call before it), else a code address such as a
 * function's entry.
 */
static void symbolize(char *addr, bool ret, char *out, size_t len)
{
	char *pc = ret ? addr - 1 : addr;
	Dl_info di;

	if (dladdr(pc, &di) && di.dli_sname) {
		snprintf(out, len, "%s+0x%lx", di.dli_sname,
			 (unsigned long)(addr - (char *)di.dli_saddr));
		return;
	}
	if (__sanitizer_symbolize_pc) {
		/* it symbolizes pc - 1 itself (it expects return addresses) */
		out[0] = '\0';
		__sanitizer_symbolize_pc(pc + 1, "%f", out, len);
		if (out[0] && strcmp(out, "??") && strcmp(out, "<null>"))
			return;
	}
	snprintf(out, len, "0x%lx", (unsigned long)addr);
}

/*
 * Append " [<pc>] sym" lines of the stack to @buf, starting at the frame
 * whose return address is @from (the reporting function's caller), so
 * kenv's own frames and sanitizer interceptors are left out; all frames
 * if @from is not found.
 */
static void put_backtrace(char *buf, size_t len, void *from)
{
	void *pcs[BT_MAX_FRAMES];
	size_t pos = strlen(buf);
	char **syms = NULL;
	int n, i, skip;

	n = backtrace(pcs, BT_MAX_FRAMES);
	for (skip = 0; skip < n && pcs[skip] != from; skip++)
		;
	if (skip == n)
		skip = 0;
	if (!__sanitizer_symbolize_pc)
		syms = backtrace_symbols(pcs, n);
	for (i = skip; i < n && pos + 1 < len; i++) {
		char sym[256];
		int w;

		if (syms)
			snprintf(sym, sizeof(sym), "%s", syms[i]);
		else
			symbolize(pcs[i], true, sym, sizeof(sym));
		w = snprintf(buf + pos, len - pos, " [<%p>] %s\n", pcs[i], sym);
		if (w < 0)
			break;
		pos = min(pos + (size_t)w, len - 1);
	}
	free(syms);
}

/**
 * print_symbol - printk the symbol for @addr
 * @fmt: format with one %s
 * @addr: a code address
 */
void print_symbol(const char *fmt, unsigned long addr)
{
	char sym[256];

	symbolize((char *)addr, false, sym, sizeof(sym));
	printk(fmt, sym);
}

/* ------------------------------------------------------------------ */
/* Failures                                                            */

/**
 * kenv_failure_kind_name - short name of a failure kind
 * @kind: the kind
 */
const char *kenv_failure_kind_name(enum kenv_failure_kind kind)
{
	switch (kind) {
	case KENV_FAIL_BUG:		return "BUG";
	case KENV_FAIL_WARN:		return "WARNING";
	case KENV_FAIL_LOCKDEP:		return "LOCKDEP";
	case KENV_FAIL_SLEEP_ATOMIC:	return "SLEEP_ATOMIC";
	case KENV_FAIL_DUMP_STACK:	return "DUMP_STACK";
	case KENV_FAIL_FREEZE:		return "FREEZE";
	case KENV_FAIL_OOPS:		return "OOPS";
	}
	return "UNKNOWN";
}

static void default_failure_handler(const struct kenv_failure *f)
{
	fprintf(stderr,
		"==================================================================\n"
		"kenv: %s: %s\n"
		"  function: %s\n"
		"  location: %s:%d\n"
		"  task:     %s/%d on cpu %d\n"
		"------------------------------------------------------------------\n"
		"%s%s"
		"==================================================================\n",
		kenv_failure_kind_name(f->kind), f->title,
		f->function ? f->function : "?", f->file ? f->file : "?",
		f->line, f->task, f->pid, f->cpu, f->message,
		f->message[0] && f->message[strlen(f->message) - 1] != '\n' ?
		"\n" : "");
	fflush(stderr);
	abort();
}

/**
 * kenv_set_failure_handler - install the failure handler
 * @fn: handler, or NULL for the default (print to stderr and abort)
 * @arg: passed to @fn
 */
void kenv_set_failure_handler(kenv_failure_fn fn, void *arg)
{
	kenv_ilock_lock(&fail_lock);
	fail_fn = fn;
	fail_arg = arg;
	kenv_ilock_unlock(&fail_lock);
}

/**
 * kenv_nr_failures - failures raised since kenv_init (or the last reset)
 */
unsigned long kenv_nr_failures(void)
{
	return atomic_load_explicit(&nr_failures, RELAXED);
}

/**
 * kenv_vfail - raise a failure
 * @kind: what failed
 * @func: where (function)
 * @file: where (file)
 * @line: where (line)
 * @title: stable title (no numbers or addresses); NULL: the kind's name
 * @fmt: message format
 * @ap: message arguments
 *
 * Builds the record from the current task, logs it and calls the handler
 * in the failing task.
 */
void kenv_vfail(enum kenv_failure_kind kind, const char *func,
		const char *file, int line, const char *title,
		const char *fmt, va_list ap)
{
	struct task_struct *curr = current;
	struct kenv_failure f;
	kenv_failure_fn fn;
	void *arg;
	char head[256];
	int n;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	snprintf(f.title, sizeof(f.title), "%s",
		 title ? title : kenv_failure_kind_name(kind));
	f.function = func;
	f.file = file;
	f.line = line;
	vsnprintf(f.message, sizeof(f.message), fmt, ap);
	if (curr) {
		snprintf(f.task, sizeof(f.task), "%s", curr->comm);
		f.pid = curr->pid;
		f.cpu = task_cpu(curr);
	} else {
		snprintf(f.task, sizeof(f.task), "?");
		f.pid = -1;
		f.cpu = -1;
	}

	n = snprintf(head, sizeof(head), "kenv: %s: %s\n",
		     kenv_failure_kind_name(kind), f.title);
	log_append(head, min((size_t)n, sizeof(head) - 1));
	log_append(f.message, strlen(f.message));
	atomic_fetch_add_explicit(&nr_failures, 1, RELAXED);

	kenv_ilock_lock(&fail_lock);
	fn = fail_fn;
	arg = fail_arg;
	kenv_ilock_unlock(&fail_lock);

	if (++fail_nesting > 2) {
		fprintf(stderr, "kenv: failure raised while handling a failure\n");
		default_failure_handler(&f);
	}
	if (fn)
		fn(&f, arg);
	else
		default_failure_handler(&f);
	fail_nesting--;
}

/**
 * kenv_fail - raise a failure (printf-style message)
 * @kind: what failed
 * @func: where (function)
 * @file: where (file)
 * @line: where (line)
 * @title: stable title
 * @fmt: message format
 */
void kenv_fail(enum kenv_failure_kind kind, const char *func,
	       const char *file, int line, const char *title,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kenv_vfail(kind, func, file, line, title, fmt, ap);
	va_end(ap);
}

/* Append current's held locks and the backtrace from @from to @msg. */
static void put_context(char *msg, size_t len, void *from)
{
	size_t pos = strlen(msg);

	if (current && pos + 1 < len)
		kenv_lockdep_held_str(current, msg + pos, len - pos);
	pos = strlen(msg);
	if (pos + 1 < len)
		snprintf(msg + pos, len - pos, "Call Trace:\n");
	put_backtrace(msg, len, from);
}

/**
 * __kenv_bug - BUG() / BUG_ON(): raise KENV_FAIL_BUG and kill the task
 * @func: function of the BUG
 * @file: file of the BUG
 * @line: line of the BUG
 * @cond: the BUG_ON condition text, or NULL for BUG()
 *
 * After the handler, a kernel task is parked forever (an oops kills the
 * task); a thread kenv does not know aborts.
 */
void __kenv_bug(const char *func, const char *file, int line,
		const char *cond)
{
	char title[TITLE_LEN];
	char msg[MSG_LEN];

	if (cond)
		snprintf(title, sizeof(title), "BUG_ON(%s) in %s", cond, func);
	else
		snprintf(title, sizeof(title), "BUG in %s", func);
	snprintf(msg, sizeof(msg), "kernel BUG at %s:%d!\n", file, line);
	put_context(msg, sizeof(msg), __builtin_return_address(0));
	/* A dead kthread may hold work others wait for; a dead actor not. */
	if (!current || !(atomic_load(&current->flags) & PF_KENV_ACTOR))
		kenv_mark_tainted();
	kenv_fail(KENV_FAIL_BUG, func, file, line, title, "%s", msg);
	if (current)
		kenv_task_park_forever();
	abort();
}

/**
 * __kenv_warn - WARN_ON() / WARN(): raise KENV_FAIL_WARN and continue
 * @func: function of the warning
 * @file: file of the warning
 * @line: line of the warning
 * @cond: the condition text
 * @fmt: WARN() format, or NULL for WARN_ON()
 */
void __kenv_warn(const char *func, const char *file, int line,
		 const char *cond, const char *fmt, ...)
{
	char title[TITLE_LEN];
	char msg[MSG_LEN];
	size_t pos;
	va_list ap;

	snprintf(title, sizeof(title), "WARNING in %s", func);
	pos = (size_t)snprintf(msg, sizeof(msg), "WARNING: at %s:%d %s()\n",
			       file, line, func);
	if (pos >= sizeof(msg))
		pos = sizeof(msg) - 1;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg + pos, sizeof(msg) - pos, fmt, ap);
		va_end(ap);
		pos = strlen(msg);
		if (pos && msg[pos - 1] != '\n' && pos + 1 < sizeof(msg))
			strcat(msg, "\n");
	} else if (cond) {
		snprintf(msg + pos, sizeof(msg) - pos, "WARN_ON(%s)\n", cond);
	}
	put_context(msg, sizeof(msg), __builtin_return_address(0));
	kenv_fail(KENV_FAIL_WARN, func, file, line, title, "%s", msg);
}

static bool is_word_with_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return true;
	return false;
}

/* Leading "ident: " where ident is a C identifier with a lower-case letter. */
static size_t leading_func_prefix(const char *s)
{
	size_t i = 0;
	bool lower = false;

	while (isalnum((unsigned char)s[i]) || s[i] == '_') {
		lower |= islower((unsigned char)s[i]);
		i++;
	}
	if (i && lower && s[i] == ':' && s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/*
 * Title of a dump_stack() report from the first non-empty line of @buf:
 * drop a leading "<func>: ", keep a "BUG: " prefix, cut at the next ':',
 * drop words with digits, append " in <func>".
 */
static void dump_stack_title(const char *buf, const char *func,
			     char *title, size_t len)
{
	char line[TITLE_LEN], out[TITLE_LEN];
	const char *s = buf, *e, *p;
	const char *prefix = "";
	size_t n, o = 0;

	for (;;) {
		e = strchrnul(s, '\n');
		for (p = s; p < e && isspace((unsigned char)*p); p++)
			;
		if (p < e || !*e)
			break;
		s = e + 1;
	}
	s = p;
	n = min((size_t)(e - s), sizeof(line) - 1);
	memcpy(line, s, n);
	line[n] = '\0';

	p = line;
	n = strlen(func);
	if (!strncmp(p, func, n) && p[n] == ':')
		p += n + 1;
	else
		p += leading_func_prefix(p);
	while (isspace((unsigned char)*p))
		p++;
	if (!strncmp(p, "BUG: ", 5)) {
		prefix = "BUG: ";
		p += 5;
	}
	/* words up to the first ':' that carry no number */
	while (*p && *p != ':') {
		const char *w = p;

		while (*p && *p != ':' && !isspace((unsigned char)*p))
			p++;
		if (p > w && !is_word_with_digit(w, (size_t)(p - w)) &&
		    o + (size_t)(p - w) + 2 < sizeof(out)) {
			if (o)
				out[o++] = ' ';
			memcpy(out + o, w, (size_t)(p - w));
			o += (size_t)(p - w);
		}
		while (isspace((unsigned char)*p))
			p++;
	}
	while (o && strchr(".,!;-", out[o - 1]))
		o--;
	out[o] = '\0';
	if (!o)
		snprintf(out, sizeof(out), "dump_stack");
	if (snprintf(title, len, "%s%s in %s", prefix, out, func) >= (int)len)
		title[len - 1] = '\0';	/* truncated titles are fine */
}

/**
 * __kenv_dump_stack - dump_stack(): report what the task printk()ed
 * @func: caller of dump_stack()
 * @file: its file
 * @line: its line
 *
 * Raises KENV_FAIL_DUMP_STACK with the task's report buffer (then
 * cleared) and a backtrace as message.
 */
void __kenv_dump_stack(const char *func, const char *file, int line)
{
	struct task_struct *curr = current;
	char title[TITLE_LEN];
	char msg[MSG_LEN];

	msg[0] = '\0';
	if (curr) {
		snprintf(msg, sizeof(msg), "%s", curr->report_buf);
		curr->report_len = 0;
		curr->report_buf[0] = '\0';
	}
	dump_stack_title(msg, func, title, sizeof(title));
	if (strlen(msg) + 1 < sizeof(msg))
		strncat(msg, "Call Trace:\n", sizeof(msg) - strlen(msg) - 1);
	put_backtrace(msg, sizeof(msg), __builtin_return_address(0));
	kenv_fail(KENV_FAIL_DUMP_STACK, func, file, line, title, "%s", msg);
}

/**
 * __kenv_might_sleep - might_sleep(): report sleeping in atomic context
 * @func: caller
 * @file: its file
 * @line: its line
 */
void __kenv_might_sleep(const char *func, const char *file, int line)
{
	struct task_struct *curr;
	char title[TITLE_LEN];
	char msg[MSG_LEN];
	int atomic = in_atomic(), irqs = irqs_disabled();

	if (likely(!atomic && !irqs))
		return;
	curr = current;
	snprintf(title, sizeof(title),
		 "sleeping function called from invalid context in %s", func);
	snprintf(msg, sizeof(msg),
		 "BUG: sleeping function called from invalid context at %s:%d\n"
		 "in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
		 file, line, atomic, irqs, curr ? curr->pid : -1,
		 curr ? curr->comm : "?");
	put_context(msg, sizeof(msg), __builtin_return_address(0));
	kenv_fail(KENV_FAIL_SLEEP_ATOMIC, func, file, line, title, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Hooks                                                               */

/**
 * kenv_set_event_hook - install (or with NULL remove) the event hook
 * @fn: called in the emitting task for every event
 * @arg: passed to @fn
 */
void kenv_set_event_hook(kenv_event_fn fn, void *arg)
{
	if (fn) {
		atomic_store_explicit(&event_arg, arg, RELAXED);
		atomic_store_explicit(&event_fn, fn, RELAXED);
	} else {
		atomic_store_explicit(&event_fn, NULL, RELAXED);
		atomic_store_explicit(&event_arg, NULL, RELAXED);
	}
}

/**
 * kenv_emit - pass an event to the hook (no-op without one)
 * @type: the emitter's event code (kenv's own: enum kenv_event_type)
 * @api: the emitter's: name of the call the event belongs to, or NULL
 * @obj: the object the event is about, or NULL
 * @owner: the object @obj belongs to, or NULL
 * @queue: the per-CPU queue @obj is on, or NULL
 * @cpu: the CPU of the event or -1
 * @ret: the emitter's value (a call's return value, ...)
 *
 * kenv reads none of the arguments: it adds the time and the task and
 * hands them on.
 */
void kenv_emit(int type, const char *api, const void *obj, const void *owner,
	       const void *queue, int cpu, long ret)
{
	kenv_event_fn fn = atomic_load_explicit(&event_fn, RELAXED);
	struct kenv_event ev;

	if (likely(!fn))
		return;
	ev.type = type;
	ev.api = api;
	ev.obj = obj;
	ev.owner = owner;
	ev.queue = queue;
	ev.cpu = cpu;
	ev.ret = ret;
	ev.now = jiffies;
	ev.task = current;
	fn(&ev, atomic_load_explicit(&event_arg, RELAXED));
}

/**
 * kenv_set_obj_namer - install (or with NULL remove) the object namer
 * @fn: names wait objects for reports (see kenv.h)
 * @arg: passed to @fn
 */
void kenv_set_obj_namer(kenv_obj_namer fn, void *arg)
{
	if (fn) {
		atomic_store_explicit(&namer_arg, arg, RELAXED);
		atomic_store_explicit(&namer_fn, fn, RELAXED);
	} else {
		atomic_store_explicit(&namer_fn, NULL, RELAXED);
		atomic_store_explicit(&namer_arg, NULL, RELAXED);
	}
}

struct exit_name {
	const void *obj;
	char *buf;
	size_t len;
};

static int exit_name_fn(const struct kenv_task_info *ti, void *arg)
{
	struct exit_name *e = arg;

	if (ti->task->exited != e->obj)
		return 0;
	snprintf(e->buf, e->len, "exit of %s", ti->comm);
	return 1;
}

/**
 * kenv_obj_name - a wait object's name for a report
 * @obj: the object (may be NULL)
 * @what: its kind as recorded with it ("completion", "mutex", ...)
 * @buf: output
 * @len: its size
 *
 * Returns @buf: the namer's name, the lock's lockdep name, "timer base
 * of cpuN", "exit of <task>" for a task's exit completion, "-" for NULL,
 * else the address.
 */
const char *kenv_obj_name(const void *obj, const char *what, char *buf,
			  size_t len)
{
	kenv_obj_namer fn = atomic_load_explicit(&namer_fn, RELAXED);
	const char *lock_name = NULL;
	int base_cpu = -1;

	if (!len)
		return buf;
	if (!obj) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (fn && fn(obj, what, buf, len,
		     atomic_load_explicit(&namer_arg, RELAXED)))
		return buf;
	if (what && !strcmp(what, "mutex"))
		lock_name = ((const struct mutex *)obj)->dep_map.name;
	else if (what && !strcmp(what, "spinlock"))
		lock_name = ((const spinlock_t *)obj)->dep_map.name;
	if (lock_name) {
		snprintf(buf, len, "%s", lock_name);
		return buf;
	}
	if (what && !strcmp(what, "softirq"))
		base_cpu = kenv_clock_base_cpu(obj);
	if (base_cpu >= 0) {
		snprintf(buf, len, "timer base of cpu%d", base_cpu);
		return buf;
	}
	if (what && !strcmp(what, "completion")) {
		struct exit_name e = { obj, buf, len };

		if (kenv_for_each_task(exit_name_fn, &e))
			return buf;
	}
	snprintf(buf, len, "%p", obj);
	return buf;
}

/**
 * kenv_report_reset - hooks and handler to defaults, counters and log cleared
 */
void kenv_report_reset(void)
{
	kenv_set_event_hook(NULL, NULL);
	kenv_set_sched_hook(NULL);
	kenv_set_obj_namer(NULL, NULL);
	kenv_set_failure_handler(NULL, NULL);
	atomic_store_explicit(&nr_failures, 0, RELAXED);
	kenv_log_clear();
}
