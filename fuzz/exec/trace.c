// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event trace of one run (see trace.h).
 */
#include <stdarg.h>
#include <string.h>
#include <wqkit/workqueue_events.h>

#include "fuzz/exec/trace.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static const char *const type_names[] = {
	[WQKIT_EV_WORK_QUEUED]	= "queued",
	[WQKIT_EV_WORK_START]	= "start",
	[WQKIT_EV_WORK_END]	= "end",
	[WQKIT_EV_WORK_GRABBED]	= "grabbed",
	[WQKIT_EV_TIMER_QUEUED]	= "timer_queued",
	[WQKIT_EV_TIMER_FIRED]	= "timer_fired",
	[WQKIT_EV_API_ENTER]	= "enter",
	[WQKIT_EV_API_EXIT]	= "exit",
	[KENV_EV_CPU_UP]	= "cpu_up",
	[KENV_EV_CPU_DOWN]	= "cpu_down",
	[WQKIT_EV_TIMER_DELETED]	= "timer_deleted",
};

/**
 * wq_trace_type_name - name of a kenv event type
 * @type: kenv_event code (wqkit/workqueue_events.h, kenv.h)
 */
const char *wq_trace_type_name(int type)
{
	if (type < 0 || type >= (int)(sizeof(type_names) / sizeof(type_names[0])) ||
	    !type_names[type])
		return "?";
	return type_names[type];
}

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--) {
		h ^= *b++;
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	h = fnv_bytes(h, s ? s : "", s ? strlen(s) : 0);
	return fnv_bytes(h, "", 1);	/* terminator: "ab"+"c" != "a"+"bc" */
}

static uint64_t fnv_long(uint64_t h, long v)
{
	int64_t x = v;

	return fnv_bytes(h, &x, sizeof(x));
}

/* Hash of one event: every field but seq, field by field (no padding). */
static uint64_t hash_event(uint64_t h, const char *role,
			   const struct wq_trace_ev *ev)
{
	h = fnv_str(h, role);
	h = fnv_long(h, ev->type);
	h = fnv_long(h, ev->wq);
	h = fnv_long(h, ev->work);
	h = fnv_long(h, ev->cpu);
	h = fnv_str(h, ev->api);
	h = fnv_long(h, ev->ret);
	return fnv_long(h, (long)ev->now);
}

void wq_trace_reset(struct wq_trace *t, FILE *out)
{
	int i;

	kenv_ilock_lock(&t->lock);
	for (i = 0; i < t->nroles; i++) {
		t->ring[i].n = 0;
		t->ring[i].role[0] = '\0';
	}
	t->nroles = 0;
	t->seq = 0;
	t->hash = FNV_OFFSET;
	t->out = out;
	kenv_ilock_unlock(&t->lock);
}

/* The ring of @role, created if new. Under t->lock. */
static struct wq_trace_ring *ring_of(struct wq_trace *t, const char *role)
{
	struct wq_trace_ring *r;
	int i;

	for (i = 0; i < t->nroles; i++)
		if (!strncmp(t->ring[i].role, role, WQ_TRACE_ROLE_LEN - 1))
			return &t->ring[i];
	if (t->nroles == WQ_TRACE_ROLES) {
		r = &t->ring[WQ_TRACE_ROLES - 1];
		snprintf(r->role, sizeof(r->role), "(other)");
		return r;
	}
	r = &t->ring[t->nroles++];
	snprintf(r->role, sizeof(r->role), "%s", role);
	r->n = 0;
	return r;
}

void wq_trace_add(struct wq_trace *t, const char *role,
		  const struct wq_trace_ev *ev)
{
	struct wq_trace_ring *r;
	struct wq_trace_ev *e;
	char line[128];

	kenv_ilock_lock(&t->lock);
	t->hash = hash_event(t->hash, role, ev);
	r = ring_of(t, role);
	e = &r->ev[r->n++ % WQ_TRACE_RING];
	*e = *ev;
	e->seq = t->seq++;
	if (t->out) {
		wq_trace_format(e, line, sizeof(line));
		fprintf(t->out, "[%lu] %s: %s\n", e->seq, role, line);
	}
	kenv_ilock_unlock(&t->lock);
}

uint64_t wq_trace_hash(struct wq_trace *t)
{
	uint64_t h;

	kenv_ilock_lock(&t->lock);
	h = t->hash;
	kenv_ilock_unlock(&t->lock);
	return h;
}

static int fmt_work(const struct wq_trace_ev *ev, char *buf, size_t len)
{
	switch (ev->work) {
	case WQ_TRACE_NO_WORK:
		return snprintf(buf, len, "-");
	case WQ_TRACE_BARRIER:
		return snprintf(buf, len, "barrier");
	case WQ_TRACE_INTERNAL:
		return snprintf(buf, len, "internal");
	default:
		return snprintf(buf, len, "w%d", ev->work);
	}
}

static int fmt_wq(const struct wq_trace_ev *ev, char *buf, size_t len)
{
	if (ev->wq == WQ_TRACE_WQ_NONE)
		return snprintf(buf, len, "-");
	if (ev->wq == WQ_TRACE_WQ_KEVENTD)
		return snprintf(buf, len, "keventd");
	return snprintf(buf, len, "q%d", ev->wq);
}

int wq_trace_format(const struct wq_trace_ev *ev, char *buf, size_t len)
{
	char work[16], wq[16], api[48] = "";

	fmt_work(ev, work, sizeof(work));
	fmt_wq(ev, wq, sizeof(wq));
	if (ev->type == WQKIT_EV_API_ENTER)
		snprintf(api, sizeof(api), " %s", ev->api ? ev->api : "?");
	else if (ev->type == WQKIT_EV_API_EXIT)
		snprintf(api, sizeof(api), " %s ret=%ld",
			 ev->api ? ev->api : "?", ev->ret);
	if (ev->cpu < 0)	/* an API call names no CPU */
		return snprintf(buf, len, "%s%s %s %s j=%lu",
				wq_trace_type_name(ev->type), api, work, wq,
				ev->now);
	return snprintf(buf, len, "%s%s %s %s cpu%d j=%lu",
			wq_trace_type_name(ev->type), api, work, wq, ev->cpu,
			ev->now);
}

/* Append to @buf at *@pos if the whole line fits. */
static bool put_line(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *pos) {
		buf[*pos] = '\0';
		return false;
	}
	*pos += n;
	return true;
}

size_t wq_trace_dump(struct wq_trace *t, char *buf, size_t len)
{
	struct wq_trace_ring *r;
	unsigned long i, first;
	size_t pos = 0;
	char line[128];
	int k;

	if (!len)
		return 0;
	buf[0] = '\0';
	kenv_ilock_lock(&t->lock);
	for (k = 0; k < t->nroles; k++) {
		r = &t->ring[k];
		first = r->n > WQ_TRACE_RING ? r->n - WQ_TRACE_RING : 0;
		if (!put_line(buf, len, &pos, "%s: (%lu events, last %lu)\n",
			      r->role, r->n, r->n - first))
			break;
		for (i = first; i < r->n; i++) {
			wq_trace_format(&r->ev[i % WQ_TRACE_RING], line,
					sizeof(line));
			if (!put_line(buf, len, &pos, "  [%lu] %s\n",
				      r->ev[i % WQ_TRACE_RING].seq, line))
				goto out;
		}
	}
out:
	kenv_ilock_unlock(&t->lock);
	return pos;
}
