// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's parameter table, scenario files and durations (params.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog/prog.h"
#include "stress/params.h"

enum pkind { P_INT, P_DUR, P_MODE, P_STR, P_SEED };

struct pdesc {
	const char *name;
	enum pkind kind;
	size_t off;
	long min, max;		/* P_INT, P_DUR (ms); P_STR: size */
	const char *help;
};

#define F(field)	offsetof(struct soak_params, field)
#define DAY_MS		(24L * 3600 * 1000)

static const struct pdesc params[] = {
	{ "cpus", P_INT, F(cpus), 1, WQ_MAX_CPUS, "virtual CPUs" },
	{ "nwqs_multi", P_INT, F(nwqs_multi), 0, WQ_MAX_WQS, "create_workqueue() workqueues" },
	{ "nwqs_single", P_INT, F(nwqs_single), 0, WQ_MAX_WQS, "create_singlethread_workqueue() workqueues" },
	{ "nwqs_freezeable", P_INT, F(nwqs_freezeable), 0, WQ_MAX_WQS, "create_freezeable_workqueue() workqueues" },
	{ "nworks_plain", P_INT, F(nworks_plain), 0, WQ_MAX_WORKS, "work_structs" },
	{ "nworks_delayed", P_INT, F(nworks_delayed), 0, WQ_MAX_WORKS, "delayed_works" },
	{ "nactors", P_INT, F(nactors), 1, WQ_MAX_ACTORS, "actor threads issuing ops" },
	{ "duration", P_DUR, F(duration_ms), 1, 366 * DAY_MS, "length of the run" },
	{ "stat_interval", P_DUR, F(stat_interval_ms), 0, DAY_MS, "stats line period (0: off)" },
	{ "onoff_interval", P_DUR, F(onoff_interval_ms), 0, DAY_MS, "CPU hotplug period (0: off)" },
	{ "onoff_holdoff", P_DUR, F(onoff_holdoff_ms), 0, DAY_MS, "no hotplug before this" },
	{ "freeze_interval", P_DUR, F(freeze_interval_ms), 0, DAY_MS, "freeze/thaw cycle period (0: off)" },
	{ "freeze_hold", P_DUR, F(freeze_hold_ms), 0, DAY_MS, "how long a freeze lasts" },
	{ "stutter", P_DUR, F(stutter_ms), 0, DAY_MS, "quiescent checkpoint period (0: off)" },
	{ "lockup", P_DUR, F(lockup_ms), 100, DAY_MS, "watchdog: no progress for this long is a lockup" },
	{ "fault_rate", P_INT, F(fault_rate), 0, 1000, "per mille of steps that arm an allocation/kthread fault" },
	{ "mode", P_MODE, F(mode), 0, 1, "free (real parallel threads) or controlled (replayable)" },
	{ "depth", P_INT, F(depth), 1, WQ_MAX_DEPTH, "controlled: PCT depth" },
	{ "seed", P_SEED, F(seed), 0, UINT32_MAX, "random seed; -1: from the clock, printed on the Start line" },
	{ "scenario", P_STR, F(scenario), 0, sizeof(((struct soak_params *)0)->scenario), "scenario name" },
	{ "busted", P_STR, F(busted), 0, sizeof(((struct soak_params *)0)->busted), "zoo bug build to run on" },
	{ "triage", P_INT, F(triage), 0, 1, "1: on FAILURE the launcher runs //reports:triage on repro.wq (0: off)" },
	{ "out", P_STR, F(out), 0, sizeof(((struct soak_params *)0)->out), "results root; none: <workspace>/out/soak" },
};

#define NPARAMS	(sizeof(params) / sizeof(params[0]))

static const char *const mode_names[] = { "free", "controlled" };

void soak_params_default(struct soak_params *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->cpus = 4;
	sp->nwqs_multi = 2;
	sp->nwqs_single = 1;
	sp->nwqs_freezeable = 1;
	sp->nworks_plain = 5;
	sp->nworks_delayed = 3;
	sp->nactors = 4;
	sp->triage = 1;
	sp->duration_ms = 10 * 60 * 1000;
	sp->stat_interval_ms = 10000;
	sp->onoff_interval_ms = 500;
	sp->onoff_holdoff_ms = 1000;
	sp->freeze_interval_ms = 3000;
	sp->freeze_hold_ms = 100;
	sp->stutter_ms = 5000;
	sp->lockup_ms = 15000;
	sp->fault_rate = 0;
	sp->mode = SOAK_FREE;
	sp->depth = 3;
	sp->seed = -1;
	snprintf(sp->scenario, sizeof(sp->scenario), "default");
}

static int errf(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int errf(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct {
	const char *unit;
	long ms;
} units[] = {
	{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
	{ "d", DAY_MS },
};

/* One "<digits><unit>" group at *s; adds to *total. -1 if malformed. */
static int duration_group(const char **s, long *total)
{
	const char *p = *s;
	long n = 0, mul = 1000;
	size_t i, ulen = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (n > LONG_MAX / 10 / DAY_MS)
			return -1;
		n = n * 10 + (*p - '0');
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t l = strlen(units[i].unit);

		/* longest unit first wins: "ms" before "m" */
		if (!strncmp(p, units[i].unit, l) && l > ulen) {
			ulen = l;
			mul = units[i].ms;
		}
	}
	if (!ulen && *p)
		return -1;
	*total += n * mul;
	*s = p + ulen;
	return 0;
}

long soak_parse_duration(const char *s)
{
	long total = 0;

	if (!*s)
		return -1;
	while (*s)
		if (duration_group(&s, &total))
			return -1;
	return total;
}

const char *soak_fmt_duration(long ms, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	if (ms == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	for (i = sizeof(units) / sizeof(units[0]); i-- > 0 && n < len;) {
		if (ms < units[i].ms)
			continue;
		n += snprintf(buf + n, len - n, "%ld%s", ms / units[i].ms,
			      units[i].unit);
		ms %= units[i].ms;
	}
	return buf;
}

static const struct pdesc *lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NPARAMS; i++)
		if (!strcmp(params[i].name, name))
			return &params[i];
	return NULL;
}

static int set_int(const struct pdesc *d, void *field, const char *v,
		   char *err, size_t len)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno)
		return errf(err, len, "%s=%s: not a number", d->name, v);
	if (n < d->min || n > d->max)
		return errf(err, len, "%s=%ld: out of range %ld..%ld", d->name,
			    n, d->min, d->max);
	if (d->kind == P_SEED)
		*(long *)field = n;
	else
		*(int *)field = (int)n;
	return 0;
}

static int set_dur(const struct pdesc *d, long *field, const char *v,
		   char *err, size_t len)
{
	long ms = soak_parse_duration(v);
	char a[32], b[32];

	if (ms < 0)
		return errf(err, len,
			    "%s=%s: not a duration (e.g. 30s, 5m, 5h30m, 250ms)",
			    d->name, v);
	if (ms < d->min || ms > d->max)
		return errf(err, len, "%s=%s: out of range %s..%s", d->name, v,
			    soak_fmt_duration(d->min, a, sizeof(a)),
			    soak_fmt_duration(d->max, b, sizeof(b)));
	*field = ms;
	return 0;
}

int soak_param_set(struct soak_params *sp, const char *name,
		   const char *value, char *err, size_t len)
{
	const struct pdesc *d = lookup(name);
	char *field = (char *)sp;

	if (!d)
		return errf(err, len, "unknown parameter '%s'", name);
	field += d->off;
	switch (d->kind) {
	case P_INT:
	case P_SEED:
		return set_int(d, field, value, err, len);
	case P_DUR:
		return set_dur(d, (long *)field, value, err, len);
	case P_MODE:
		if (!strcmp(value, "free") || !strcmp(value, "controlled")) {
			*(int *)field = !strcmp(value, "controlled");
			return 0;
		}
		return errf(err, len, "mode=%s: not free or controlled", value);
	case P_STR:
		if (strlen(value) >= (size_t)d->max)
			return errf(err, len, "%s: value too long", d->name);
		snprintf(field, d->max, "%s", value);
		return 0;
	}
	return -1;
}

/* One scenario line: blank, "# comment" or "name=value". */
static int scenario_line(struct soak_params *sp, char *line, const char *path,
			 int lineno, char *err, size_t len)
{
	char *eq, *end;
	char e[256];

	line += strspn(line, " \t");
	end = line + strcspn(line, "#\r\n");
	while (end > line && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	if (!*line)
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return errf(err, len, "%s:%d: expected name=value", path, lineno);
	*eq = '\0';
	if (soak_param_set(sp, line, eq + 1, e, sizeof(e)))
		return errf(err, len, "%s:%d: %s", path, lineno, e);
	return 0;
}

int soak_scenario_load(struct soak_params *sp, const char *path, char *err,
		       size_t len)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int lineno = 0, ret = 0;

	if (!f)
		return errf(err, len, "%s: %s", path, strerror(errno));
	while (!ret && fgets(line, sizeof(line), f))
		ret = scenario_line(sp, line, path, ++lineno, err, len);
	fclose(f);
	return ret;
}

int soak_params_check(const struct soak_params *sp, char *err, size_t len)
{
	int nwqs = sp->nwqs_multi + sp->nwqs_single + sp->nwqs_freezeable;
	int nworks = sp->nworks_plain + sp->nworks_delayed;

	if (nwqs > WQ_MAX_WQS)
		return errf(err, len,
			    "nwqs_multi+nwqs_single+nwqs_freezeable=%d: at most %d",
			    nwqs, WQ_MAX_WQS);
	if (nworks > WQ_MAX_WORKS)
		return errf(err, len,
			    "nworks_plain+nworks_delayed=%d: at most %d",
			    nworks, WQ_MAX_WORKS);
	if (nworks == 0)
		return errf(err, len, "nworks_plain+nworks_delayed=0: nothing to queue");
	return 0;
}

/* The value of @d in @sp as text. */
static const char *value_text(const struct soak_params *sp,
			      const struct pdesc *d, char *buf, size_t len)
{
	const char *field = (const char *)sp + d->off;

	switch (d->kind) {
	case P_INT:
		snprintf(buf, len, "%d", *(const int *)field);
		break;
	case P_SEED:
		snprintf(buf, len, "%ld", *(const long *)field);
		break;
	case P_DUR:
		soak_fmt_duration(*(const long *)field, buf, len);
		break;
	case P_MODE:
		snprintf(buf, len, "%s", mode_names[*(const int *)field]);
		break;
	case P_STR:
		snprintf(buf, len, "%s", *field ? field : "none");
		break;
	}
	return buf;
}

void soak_params_print(const struct soak_params *sp, char *buf, size_t len)
{
	size_t i, n = 0;
	char v[600];

	buf[0] = '\0';
	for (i = 0; i < NPARAMS && n < len; i++) {
		if (params[i].off == F(out))
			continue;	/* where, not what */
		n += snprintf(buf + n, len - n, "%s%s=%s", i ? " " : "",
			      params[i].name,
			      value_text(sp, &params[i], v, sizeof(v)));
	}
}

void soak_params_json(const struct soak_params *sp, FILE *f)
{
	size_t i;
	char v[600];

	fputc('{', f);
	for (i = 0; i < NPARAMS; i++) {
		value_text(sp, &params[i], v, sizeof(v));
		if (params[i].kind == P_INT || params[i].kind == P_SEED)
			fprintf(f, "%s\"%s\": %s", i ? ", " : "", params[i].name, v);
		else
			fprintf(f, "%s\"%s\": \"%s\"", i ? ", " : "", params[i].name, v);
	}
	fputc('}', f);
}

void soak_usage(FILE *f, const char *prog)
{
	struct soak_params def;
	char v[600];
	size_t i;

	soak_params_default(&def);
	fprintf(f,
		"usage: %s [--scenario=NAME] [--name=value ...]\n"
		"The workqueue soak (rcutorture-style): one kenv, random legal ops,\n"
		"CPU hotplug, freeze/thaw, quiescent checkpoints, a lockup watchdog.\n"
		"Parameters (scenario file first, then flags; later wins):\n", prog);
	for (i = 0; i < NPARAMS; i++)
		fprintf(f, "  --%-16s %s (default %s)\n", params[i].name,
			params[i].help, value_text(&def, &params[i], v, sizeof(v)));
	fprintf(f,
		"Durations: ms, s, m, h, d, chained (5h30m); a bare number is seconds.\n"
		"In --mode=controlled every duration counts virtual time (1 step = 1 ms).\n"
		"Exit: 0 SUCCESS, 1 FAILURE, 2 bad usage (nothing ran), 3 environment.\n");
}
