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
} s;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - s.t0.tv_sec) + (ts.tv_nsec - s.t0.tv_nsec) / 1e9;
}

/* Run time: wall clock when free, steps when controlled (replayable). */
static long run_ms(void)
{
	if (s.sp.mode == SOAK_CONTROLLED)
		return (long)s.steps * VSTEP_MS;
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
	if (soak_scenario_load(&s.sp, path, err, sizeof(err)))
		usage_error("%s", err);
	snprintf(s.sp.scenario, sizeof(s.sp.scenario), "%s", name);
}

/* --scenario first (flags override it), then every --name=value. */
static void parse_args(int argc, char **argv)
{
	char name[64], err[600];
	const char *eq;
	int i;

	soak_params_default(&s.sp);
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
		if (soak_param_set(&s.sp, name, eq + 1, err, sizeof(err)))
			usage_error("%s", err);
	}
	if (soak_params_check(&s.sp, err, sizeof(err)))
		usage_error("%s", err);
	if (s.sp.seed < 0)
		s.sp.seed = (long)((unsigned long)time(NULL) ^ (getpid() << 16)) & 0xffffffffL;
}

/*
 * --busted=BUG is honoured by the launcher, which runs the zoo build of
 * BUG and says so in WQKIT_SOAK_BUSTED: a binary asked for a bug it was
 * not built with refuses, rather than soak the clean core under that name.
 */
static void check_busted(void)
{
	const char *built = getenv("WQKIT_SOAK_BUSTED");

	if (!s.sp.busted[0] && !built)
		return;
	if (!built || strcmp(built, s.sp.busted))
		usage_error("--busted=%s: run it through the launcher (bazel run //stress:soak -- --busted=BUG)",
			    s.sp.busted);
}

/*
 * A sanitizer report ends the process (halt_on_error, abort_on_error):
 * its death callback still prints the End line. Weak: the uninstrumented
 * build has no sanitizer runtime.
 */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void on_sanitizer_death(void)
{
	soak_say(&s.o, SOAK_TAG " !!! sanitizer report after %lu steps (above)\n",
		 s.steps);
	soak_say(&s.o, SOAK_TAG "--- End of test: FAILURE: %s\n", s.params);
}

static void sample(struct soak_sample *out)
{
	soak_sample_take(out, &s.t, &s.r, s.steps, run_ms(), wall_s());
	out->checkpoints = s.checkpoints;
	out->stalls = atomic_load_explicit(&s.wd.stalls, memory_order_relaxed);
	out->overflows = s.overflows;
}

static void stats_now(void)
{
	struct soak_sample now;

	sample(&now);
	soak_stats_line(&s.o, &s.t, &s.st.last, &now, s.failed);
	s.st.last = now;
}

/* One step: torture ops due, random ops, run; false when the run ends. */
static bool one_step(long now)
{
	struct wq_op forced[WQ_MAX_ACTORS];
	int slot = s.steps % WQ_MAX_STEPS;
	unsigned int kept;

	soak_torture_due(&s.t, now, &s.g, forced);
	kept = soak_gen_step(&s.g, s.p.step[slot], forced);
	soak_record(&s.rec, s.p.step[slot]);
	soak_torture_fault(&s.t, &s.g);
	if (wq_exec_step(slot))
		return false;
	s.steps++;
	atomic_store_explicit(&s.wd.progress, s.steps, memory_order_relaxed);
	soak_torture_after(&s.t, now, &s.g, forced, kept);
	return true;
}

/* Stutter: quiesce everything, exactly-once check, fresh oracle model. */
static bool checkpoint(void)
{
	if (wq_exec_checkpoint())
		return false;
	s.checkpoints++;
	s.g.st.frozen = false;		/* the checkpoint thawed */
	s.t.frozen_by_us = false;
	return true;
}

/* The oracle's model is bounded: restart it before it overflows. */
static bool model_room(void)
{
	int full = wq_exec_model_full();

	if (!full)
		return true;
	s.overflows += full > 1;
	s.model_ckpts++;
	return checkpoint();
}

/*
 * Test-only: WQKIT_SOAK_TEST_STALL_MS=N makes the main thread sleep N ms
 * once, at step 100, so soak_stall_test can watch the "???" line fire.
 */
static void test_stall(void)
{
	const char *ms = getenv("WQKIT_SOAK_TEST_STALL_MS");

	if (ms && s.steps == 100)
		usleep(atoi(ms) * 1000);
}

static void run_loop(void)
{
	long now;

	for (;;) {
		now = run_ms();
		if (stop_signal) {
			s.interrupted = true;
			return;
		}
		if (now >= s.sp.duration_ms)
			return;
		if (s.sp.stat_interval_ms && now >= s.next_stat) {
			stats_now();
			s.next_stat = now + s.sp.stat_interval_ms;
		}
		if (s.sp.stutter_ms && now >= s.next_ckpt) {
			s.next_ckpt = now + s.sp.stutter_ms;
			if (now && !checkpoint())
				break;
		}
		if (!one_step(now) || !model_room())
			break;
		test_stall();
	}
	s.failed = true;
}

static void start_session(void)
{
	uint64_t rng = (uint64_t)s.sp.seed * 0x2545f4914f6cdd1dull + 1;

	soak_gen_header(&s.p, &s.sp, &rng);
	soak_gen_init(&s.g, &s.p, rng);
	soak_torture_init(&s.t, &s.sp, s.p.ncpus);
	wq_exec_opts_default(&s.eo);
	s.eo.hang_ms = s.sp.lockup_ms;
	s.eo.op_hook = soak_op_hook;
	s.eo.op_hook_arg = &s.t;
	clock_gettime(CLOCK_MONOTONIC, &s.t0);
	if (wq_exec_open(&s.p, &s.eo, &s.r))
		s.failed = true;
}

/* The failure report, the flight recorder's program, into the log. */
static void report_failure(void)
{
	static struct wq_prog rp;
	static struct wq_exec_result rr;
	static char text[WQ_PROG_MAX_TEXT];

	soak_recorder_build(&s.rec, &s.p, &rp);
	rr = s.r;
	if (rr.step >= 0)
		rr.step = rp.nsteps - 1;	/* the last recorded step */
	soak_say(&s.o, SOAK_TAG " !!! failure after %lu steps: %s: %s\n",
		 s.steps, wq_fail_kind_name(s.r.kind), s.r.title);
	wq_report_print(stdout, &rp, &rr);
	if (s.o.log)
		wq_report_print(s.o.log, &rp, &rr);
	if (wq_prog_print(&rp, text, sizeof(text)) >= 0 &&
	    !soak_write_file(s.o.dir, "repro.wq", text))
		soak_say(&s.o, SOAK_TAG " flight recorder: last %d steps as a best-effort program in %s/repro.wq\n",
			 rp.nsteps, s.o.dir);
}

static void write_summary(const char *verdict)
{
	static char md[16384];
	char onoff[200];
	FILE *f = fmemopen(md, sizeof(md) - 1, "w");

	if (!f)
		return;
	soak_onoff_text(&s.t, onoff, sizeof(onoff));
	fprintf(f, "# wq-torture %s: %s\n\n", s.sp.scenario, verdict);
	fprintf(f, "- parameters: `%s`\n", s.params);
	fprintf(f, "- steps %lu, ops %lu, works %u, checkpoints %lu (%lu for the oracle's bounded model), stalls %lu, unchecked %lu\n",
		s.steps, s.st.last.ops, s.r.works_run, s.checkpoints,
		s.model_ckpts, s.st.last.stalls, s.overflows);
	fprintf(f, "- %s\n- freezes %lu (failed %lu), faults armed %lu\n", onoff,
		atomic_load(&s.t.c.freezes), atomic_load(&s.t.c.freeze_fail),
		s.t.faults_armed);
	fprintf(f, "- wall %.1f s, RSS %ld kB at start, %ld kB at end; kenv allocations %d at start, %d at end\n",
		wall_s(), s.st.first.rss_kb, s.st.last.rss_kb,
		s.st.first.allocs, s.st.last.allocs);
	if (s.failed)
		fprintf(f, "- failure: %s: %s (repro.wq: flight recorder, best effort)\n",
			wq_fail_kind_name(s.r.kind), s.r.title);
	fprintf(f, "\n    " SOAK_TAG "--- End of test: %s: %s\n", verdict, s.params);
	fclose(f);
	soak_write_file(s.o.dir, "summary.md", md);
}

static int finish(void)
{
	const char *verdict;
	int bad;

	if (!s.failed) {
		stats_now();	/* the kernel as the run leaves it */
		if (wq_exec_close())
			s.failed = true;
	}
	if (s.failed) {
		report_failure();
		stats_now();
	}
	if (s.interrupted)
		soak_say(&s.o, SOAK_TAG " interrupted by signal %d after %.1f s\n",
			 (int)stop_signal, wall_s());
	verdict = s.failed ? "FAILURE" : "SUCCESS";
	write_summary(verdict);
	atomic_store(&s.wd.ended, true);
	soak_say(&s.o, SOAK_TAG "--- End of test: %s: %s\n", verdict, s.params);
	bad = soak_out_close(&s.o);
	if (bad)
		fprintf(stderr, "soak: could not write the results in %s\n", s.o.dir);
	if (s.r.kenv_left_up) {
		/* A hung or oopsed task still holds kernel state: exit now,
		 * without the exit handlers (LSan would stop a live world). */
		fflush(NULL);
		_exit(EXIT_FAILURE_FOUND);
	}
	if (s.failed)
		return EXIT_FAILURE_FOUND;
	return bad ? EXIT_ENV : 0;
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
	soak_params_print(&s.sp, s.params, sizeof(s.params));
	if (soak_out_open(&s.o, &s.sp, err, sizeof(err))) {
		fprintf(stderr, "soak: %s\n", err);
		return EXIT_ENV;
	}
	install_signals();
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_sanitizer_death);
	soak_say(&s.o, SOAK_TAG "--- Start of test: %s\n", s.params);
	soak_say(&s.o, SOAK_TAG " results in %s\n", s.o.dir);
	start_session();
	sample(&s.st.first);
	s.st.last = s.st.first;
	s.next_stat = s.sp.stat_interval_ms;
	s.wd.stat_ms = s.sp.stat_interval_ms;
	s.wd.lockup_ms = s.sp.lockup_ms;
	if (s.sp.mode == SOAK_CONTROLLED)
		s.wd.stat_ms = 0;	/* intervals are virtual: no wall stall */
	if (soak_watchdog_start(&s.wd, &s.o, s.params))
		return EXIT_ENV;
	if (!s.failed)
		run_loop();
	return finish();
}
