// SPDX-License-Identifier: GPL-2.0-only
/*
 * wq-torture: the workqueue soak (see soak.h for the files, README.md for
 * the parameters and results).
 *
 *   bazel run //stress:soak -- --duration=30s
 *   bazel run //stress:soak -- --scenario=hotplug --mode=controlled --seed=7
 *
 * The loop, run by the main thread (kenv's boot task): each step gets
 * the torture ops that are due (hotplug, freeze/thaw) and random legal
 * ops for the other actors, runs through the executor's session (oracle
 * checks live and at the step's quiescent point), and every `stutter`
 * the session checkpoints (everything flushed, exactly-once checked, the
 * oracle's model restarted). The first failure ends the run.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <kenv/kenv.h>

#include "fuzz/report/report.h"
#include "stress/soak.h"

#define EXIT_FAILURE_FOUND	1
#define EXIT_USAGE		2
#define EXIT_ENV		3
#define SCENARIO_DIR		"stress/scenarios"
#define VSTEP_MS		1	/* controlled mode: virtual ms per step */

static volatile sig_atomic_t stop_signal;

/* Everything of the run; one instance, main thread only unless noted. */
static struct soak {
	struct soak_params sp;
	char params[2048];		/* the Start/End line's parameters */
	struct wq_prog p;		/* session program: header + step ring */
	struct soak_gen g;
	struct soak_torture t;		/* counters: actor tasks too (atomics) */
	struct soak_out o;
	struct soak_recorder rec;
	struct soak_stats st;
	struct wq_exec_opts eo;
	struct wq_exec_result r;
	struct soak_watch wd;		/* shared with the watchdog thread */
	unsigned long steps, checkpoints;
	unsigned long model_ckpts;	/* checkpoints because the model filled */
	unsigned long overflows;	/* ... too late: some checks were lost */
	struct timespec t0;
	long next_stat, next_ckpt;
	bool failed, interrupted;
} soak;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - soak.t0.tv_sec) + (ts.tv_nsec - soak.t0.tv_nsec) / 1e9;
}

/* Run time: wall clock when free, steps when controlled (replayable). */
static long run_ms(void)
{
	if (soak.sp.mode == SOAK_CONTROLLED)
		return (long)soak.steps * VSTEP_MS;
	return (long)(wall_s() * 1000);
}

static void __attribute__((noreturn)) usage_error(const char *fmt, const char *a)
{
	fprintf(stderr, "soak: ");
	fprintf(stderr, fmt, a);
	fprintf(stderr, " (see --help)\n");
	exit(EXIT_USAGE);
}

static void load_scenario(const char *name)
{
	char path[512], err[600];

	if (!*name || strchr(name, '/'))
		usage_error("--scenario=%s: a name from stress/scenarios/", name);
	snprintf(path, sizeof(path), "%s/%s", SCENARIO_DIR, name);
	if (access(path, R_OK)) {
		const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");

		snprintf(path, sizeof(path), "%s/%s/%s", ws ? ws : ".",
			 SCENARIO_DIR, name);
	}
	if (access(path, R_OK))
		usage_error("--scenario=%s: no such scenario in stress/scenarios/", name);
	if (soak_scenario_load(&soak.sp, path, err, sizeof(err)))
		usage_error("%s", err);
	snprintf(soak.sp.scenario, sizeof(soak.sp.scenario), "%s", name);
}

/* --scenario first (flags override it), then every --name=value. */
static void parse_args(int argc, char **argv)
{
	char name[64], err[600];
	const char *eq;
	int i;

	soak_params_default(&soak.sp);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			soak_usage(stdout, "soak");
			exit(0);
		}
		if (!strncmp(argv[i], "--scenario=", 11))
			load_scenario(argv[i] + 11);
	}
	for (i = 1; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (strncmp(argv[i], "--", 2) || !eq ||
		    (size_t)(eq - argv[i] - 2) >= sizeof(name))
			usage_error("bad argument '%s': expected --name=value", argv[i]);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i] - 2),
			 argv[i] + 2);
		if (!strcmp(name, "scenario"))
			continue;
		if (soak_param_set(&soak.sp, name, eq + 1, err, sizeof(err)))
			usage_error("%s", err);
	}
	if (soak_params_check(&soak.sp, err, sizeof(err)))
		usage_error("%s", err);
	if (soak.sp.seed < 0)
		soak.sp.seed = (long)((unsigned long)time(NULL) ^ (getpid() << 16)) & 0xffffffffL;
}

/*
 * --busted=BUG is honoured by the launcher, which runs the zoo build of
 * BUG and says so in WQKIT_SOAK_BUSTED: a binary asked for a bug it was
 * not built with refuses, rather than soak the clean core under that name.
 */
static void check_busted(void)
{
	const char *built = getenv("WQKIT_SOAK_BUSTED");

	if (!soak.sp.busted[0] && !built)
		return;
	if (!built || strcmp(built, soak.sp.busted))
		usage_error("--busted=%s: run it through the launcher (bazel run //stress:soak -- --busted=BUG)",
			    soak.sp.busted);
}

/*
 * A sanitizer report ends the process (halt_on_error, abort_on_error):
 * its death callback still prints the End line. Weak: the uninstrumented
 * build has no sanitizer runtime.
 */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void on_sanitizer_death(void)
{
	soak_say(&soak.o, SOAK_TAG " !!! sanitizer report after %lu steps (above)\n",
		 soak.steps);
	soak_say(&soak.o, SOAK_TAG "--- End of test: FAILURE: %s\n", soak.params);
}

static void sample(struct soak_sample *out)
{
	soak_sample_take(out, &soak.t, &soak.r, soak.steps, run_ms(), wall_s());
	out->checkpoints = soak.checkpoints;
	out->stalls = atomic_load_explicit(&soak.wd.stalls, memory_order_relaxed);
	out->overflows = soak.overflows;
}

static void stats_now(void)
{
	struct soak_sample now;

	sample(&now);
	soak_stats_line(&soak.o, &soak.t, &soak.st.last, &now, soak.failed);
	soak.st.last = now;
}

/* One step: torture ops due, random ops, run; false when the run ends. */
static bool one_step(long now)
{
	struct wq_op forced[WQ_MAX_ACTORS];
	int slot = soak.steps % WQ_MAX_STEPS;
	unsigned int kept;

	soak_torture_due(&soak.t, now, &soak.g, forced);
	kept = soak_gen_step(&soak.g, soak.p.step[slot], forced);
	soak_record(&soak.rec, soak.p.step[slot]);
	soak_torture_fault(&soak.t, &soak.g);
	if (wq_exec_step(slot))
		return false;
	soak.steps++;
	atomic_store_explicit(&soak.wd.progress, soak.steps, memory_order_relaxed);
	soak_torture_after(&soak.t, now, &soak.g, forced, kept);
	return true;
}

/* Stutter: quiesce everything, exactly-once check, fresh oracle model. */
static bool checkpoint(void)
{
	if (wq_exec_checkpoint())
		return false;
	soak.checkpoints++;
	soak.g.st.frozen = false;		/* the checkpoint thawed */
	soak.t.frozen_by_us = false;
	return true;
}

/* The oracle's model is bounded: restart it before it overflows. */
static bool model_room(void)
{
	int full = wq_exec_model_full();

	if (!full)
		return true;
	soak.overflows += full > 1;
	soak.model_ckpts++;
	return checkpoint();
}

/*
 * Test-only: WQKIT_SOAK_TEST_STALL_MS=N makes the main thread sleep N ms
 * once, at step 100, so soak_stall_test can watch the "???" line fire.
 */
static void test_stall(void)
{
	const char *ms = getenv("WQKIT_SOAK_TEST_STALL_MS");

	if (ms && soak.steps == 100)
		usleep(atoi(ms) * 1000);
}

static void run_loop(void)
{
	long now;

	for (;;) {
		now = run_ms();
		if (stop_signal) {
			soak.interrupted = true;
			return;
		}
		if (now >= soak.sp.duration_ms)
			return;
		if (soak.sp.stat_interval_ms && now >= soak.next_stat) {
			stats_now();
			soak.next_stat = now + soak.sp.stat_interval_ms;
		}
		if (soak.sp.stutter_ms && now >= soak.next_ckpt) {
			soak.next_ckpt = now + soak.sp.stutter_ms;
			if (now && !checkpoint())
				break;
		}
		if (!one_step(now) || !model_room())
			break;
		test_stall();
	}
	soak.failed = true;
}

/* The header drawn from the seed (works, behaviours), into the log. */
static void print_header(void)
{
	static char text[WQ_PROG_MAX_TEXT];
	char *line, *save = NULL;

	soak.p.nsteps = 0;
	if (wq_prog_print(&soak.p, text, sizeof(text)) < 0)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "wq ", 3) || !strncmp(line, "work ", 5))
			soak_say(&soak.o, SOAK_TAG " header: %s\n", line);
}

static void start_session(void)
{
	uint64_t rng = (uint64_t)soak.sp.seed * 0x2545f4914f6cdd1dull + 1;

	soak_gen_header(&soak.p, &soak.sp, &rng);
	soak_gen_init(&soak.g, &soak.p, rng);
	soak_torture_init(&soak.t, &soak.sp, soak.p.ncpus);
	wq_exec_opts_default(&soak.eo);
	soak.eo.hang_ms = soak.sp.lockup_ms;
	soak.eo.op_hook = soak_op_hook;
	soak.eo.op_hook_arg = &soak.t;
	clock_gettime(CLOCK_MONOTONIC, &soak.t0);
	if (wq_exec_open(&soak.p, &soak.eo, &soak.r))
		soak.failed = true;
}

/* The failure report, the flight recorder's program, into the log. */
static void report_failure(void)
{
	static struct wq_prog rp;
	static struct wq_exec_result rr;
	static char text[WQ_PROG_MAX_TEXT];

	soak_recorder_build(&soak.rec, &soak.p, &rp);
	rr = soak.r;
	if (rr.step >= 0)
		rr.step = rp.nsteps - 1;	/* the last recorded step */
	soak_say(&soak.o, SOAK_TAG " !!! failure after %lu steps: %s: %s\n",
		 soak.steps, wq_fail_kind_name(soak.r.kind), soak.r.title);
	wq_report_print(stdout, &rp, &rr);
	if (soak.o.log)
		wq_report_print(soak.o.log, &rp, &rr);
	if (wq_prog_print(&rp, text, sizeof(text)) >= 0 &&
	    !soak_write_file(soak.o.dir, "repro.wq", text))
		soak_say(&soak.o, SOAK_TAG " flight recorder: last %d steps as a best-effort program in %s/repro.wq\n",
			 rp.nsteps, soak.o.dir);
}

static void write_summary(const char *verdict)
{
	static char md[16384];
	char onoff[200];
	FILE *f = fmemopen(md, sizeof(md) - 1, "w");

	if (!f)
		return;
	soak_onoff_text(&soak.t, onoff, sizeof(onoff));
	fprintf(f, "# wq-torture %s: %s\n\n", soak.sp.scenario, verdict);
	fprintf(f, "- parameters: `%s`\n", soak.params);
	fprintf(f, "- steps %lu, ops %lu, works %u, checkpoints %lu (%lu for the oracle's bounded model), stalls %lu, unchecked %lu\n",
		soak.steps, soak.st.last.ops, soak.r.works_run, soak.checkpoints,
		soak.model_ckpts, soak.st.last.stalls, soak.overflows);
	fprintf(f, "- %s\n- freezes %lu (failed %lu), faults armed %lu\n", onoff,
		atomic_load(&soak.t.c.freezes), atomic_load(&soak.t.c.freeze_fail),
		soak.t.faults_armed);
	fprintf(f, "- wall %.1f s, RSS %ld kB at start, %ld kB at end; kenv allocations %d at start, %d at end\n",
		wall_s(), soak.st.first.rss_kb, soak.st.last.rss_kb,
		soak.st.first.allocs, soak.st.last.allocs);
	if (soak.failed)
		fprintf(f, "- failure: %s: %s (repro.wq: flight recorder, best effort)\n",
			wq_fail_kind_name(soak.r.kind), soak.r.title);
	fprintf(f, "\n    " SOAK_TAG "--- End of test: %s: %s\n", verdict, soak.params);
	fclose(f);
	soak_write_file(soak.o.dir, "summary.md", md);
}

static int finish(void)
{
	const char *verdict;
	int bad;

	if (!soak.failed) {
		stats_now();	/* the kernel as the run leaves it */
		if (wq_exec_close())
			soak.failed = true;
	}
	if (soak.failed) {
		report_failure();
		stats_now();
	}
	if (soak.interrupted)
		soak_say(&soak.o, SOAK_TAG " interrupted by signal %d after %.1f s\n",
			 (int)stop_signal, wall_s());
	verdict = soak.failed ? "FAILURE" : "SUCCESS";
	write_summary(verdict);
	soak_watchdog_stop(&soak.wd);
	soak_say(&soak.o, SOAK_TAG "--- End of test: %s: %s\n", verdict, soak.params);
	bad = soak_out_close(&soak.o);
	if (bad)
		fprintf(stderr, "soak: could not write the results in %s\n", soak.o.dir);
	if (soak.r.kenv_left_up) {
		/* A hung or oopsed task still holds kernel state: exit now,
		 * without the exit handlers (LSan would stop a live world). */
		fflush(NULL);
		_exit(EXIT_FAILURE_FOUND);
	}
	if (soak.failed)
		return EXIT_FAILURE_FOUND;
	return bad ? EXIT_ENV : 0;
}

/*
 * The launcher (run_soak.sh) triages repro.wq after a FAILURE: it asks
 * for the results folder in the file WQKIT_SOAK_DIR_FILE names.
 */
static void tell_launcher_dir(void)
{
	const char *path = getenv("WQKIT_SOAK_DIR_FILE");
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "w");
	if (f && fprintf(f, "%s\n", soak.o.dir) < 0) {
		fclose(f);
		f = NULL;
	}
	if (!f || fclose(f))
		fprintf(stderr, "soak: cannot write %s: the launcher will not triage a failure\n", path);
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int main(int argc, char **argv)
{
	char err[1200];

	parse_args(argc, argv);
	check_busted();
	soak_params_print(&soak.sp, soak.params, sizeof(soak.params));
	if (soak_out_open(&soak.o, &soak.sp, err, sizeof(err))) {
		fprintf(stderr, "soak: %s\n", err);
		return EXIT_ENV;
	}
	tell_launcher_dir();
	install_signals();
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_sanitizer_death);
	soak_say(&soak.o, SOAK_TAG "--- Start of test: %s\n", soak.params);
	soak_say(&soak.o, SOAK_TAG " results in %s\n", soak.o.dir);
	start_session();
	print_header();
	sample(&soak.st.first);
	soak.st.last = soak.st.first;
	soak.next_stat = soak.sp.stat_interval_ms;
	soak.wd.stat_ms = soak.sp.stat_interval_ms;
	soak.wd.lockup_ms = soak.sp.lockup_ms;
	if (soak.sp.mode == SOAK_CONTROLLED)
		soak.wd.stat_ms = 0;	/* intervals are virtual: no wall stall */
	if (soak_watchdog_start(&soak.wd, &soak.o, soak.params))
		return EXIT_ENV;
	if (!soak.failed)
		run_loop();
	return finish();
}
