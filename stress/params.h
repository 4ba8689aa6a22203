/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The soak's parameters (rcutorture-style module parameters): one table
 * gives each its name, kind, default and range; scenario files
 * (stress/scenarios/NAME: "name=value" lines, '#' comments) and command
 * line flags (--name=value, later wins) set them. Durations take the
 * units ms, s, m, h, d and may be chained ("5h30m"); a bare number is
 * seconds.
 */
#ifndef _WQKIT_STRESS_PARAMS_H
#define _WQKIT_STRESS_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum soak_mode { SOAK_FREE, SOAK_CONTROLLED };

struct soak_params {
	int cpus;
	int nwqs_multi, nwqs_single, nwqs_freezeable;
	int nworks_plain, nworks_delayed;
	int nactors;
	long duration_ms;
	long stat_interval_ms;
	long onoff_interval_ms, onoff_holdoff_ms;
	long freeze_interval_ms, freeze_hold_ms;
	long stutter_ms;		/* checkpoint (quiescent pause) period */
	long lockup_ms;			/* watchdog: no progress for this long */
	int fault_rate;			/* per mille of steps arming a fault */
	int mode;			/* enum soak_mode */
	int depth;			/* controlled: PCT depth */
	long seed;			/* -1: from the clock */
	int triage;			/* launcher: triage repro.wq on FAILURE */
	char scenario[64];
	char busted[64];		/* zoo bug, "" = the unmodified core */
	char out[512];			/* results root ("" = <workspace>/out/soak) */
};

/* Defaults (the "default" scenario is empty: these are it). */
void soak_params_default(struct soak_params *sp);

/*
 * Set "name=value"; returns 0, or -1 with one line in @err (unknown name,
 * bad value, out of range).
 */
int soak_param_set(struct soak_params *sp, const char *name,
		   const char *value, char *err, size_t len);

/* Read a scenario file; returns 0, or -1 with one line in @err. */
int soak_scenario_load(struct soak_params *sp, const char *path,
		       char *err, size_t len);

/* Cross-parameter checks (totals within the program format's limits). */
int soak_params_check(const struct soak_params *sp, char *err, size_t len);

/* "name=value name=value ..." of every parameter, as the Start line. */
void soak_params_print(const struct soak_params *sp, char *buf, size_t len);

/* The same as one JSON object (summary and stats.jsonl header). */
void soak_params_json(const struct soak_params *sp, FILE *f);

/* Parse a duration ("250ms", "30s", "5h30m", "1d"); -1 if malformed. */
long soak_parse_duration(const char *s);

/* Print a duration in its largest exact units ("5h30m", "250ms"). */
const char *soak_fmt_duration(long ms, char *buf, size_t len);

/* The usage text. */
void soak_usage(FILE *f, const char *prog);

#endif /* _WQKIT_STRESS_PARAMS_H */
