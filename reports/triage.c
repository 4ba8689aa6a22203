// SPDX-License-Identifier: GPL-2.0-only
/*
 * The triage stages of one input (see triage.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/misuse/contract.h"
#include "fuzz/prog/edit.h"
#include "fuzz/prog/hazard.h"
#include "fuzz/report/csource.h"
#include "fuzz/report/known.h"
#include "fuzz/report/markdown.h"
#include "fuzz/report/seed.h"
#include "fuzz/targets/one_input.h"
#include "reports/bugs.h"
#include "reports/csource_verify.h"
#include "reports/folder.h"
#include "reports/minimize.h"
#include "reports/replay.h"
#include "reports/triage.h"

#ifdef WQKIT_ASAN
#define SANITIZER	"ASan+UBSan"
#elif defined(WQKIT_TSAN)
#define SANITIZER	"TSan"
#else
#define SANITIZER	"none"
#endif

/* What the stages found out about one input. */
struct finding {
	struct wq_title_set titles;
	char *log;			/* output of the first failing run
					 * (of the minimized program, once
					 * there is one) */
	size_t loglen;
	int k, runs;			/* reliability of the found program */
	int expected;			/* misuse: runs whose failure the
					 * contract expects (not counted in k) */
	const struct wq_misuse_row *row;	/* ... the first one's row */
	char expected_title[WQ_TITLE_LEN];	/* ... and title */
	int k_min;			/* ... and of the minimized one */
	struct wq_prog found;		/* the input, or its controlled twin */
	bool searched;			/* found by the schedule search */
	struct wq_prog min;
	struct tr_min_stats ms;
	double secs[4];			/* replay, minimize, verify, write */
	double cpu[4];			/* ... their CPU time (user+sys, with
					 * the runs' and clang's processes);
					 * cpu[3]: repro.c build and runs */
	char cstats[512];		/* repro.c: how it was verified */
	int ck;				/* repro.c: runs that failed */
	const char *csrc;		/* repro.c (owned by write_folder) */
	char *sources;			/* report.md's 2.6.29 source section */
};

/* CPU time (user + sys) of this process and its reaped children. */
static double cpu_now(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	       kids.ru_utime.tv_sec + kids.ru_stime.tv_sec +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

double tr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(const struct tr_opts *o, const struct tr_input *in,
		     const char *stage)
{
	const char *name = strrchr(in->path, '/');

	fprintf(stderr, "triage: input %d of %d (%s): %s, %.1fs elapsed\n",
		o->index, o->total, name ? name + 1 : in->path, stage,
		tr_now() - o->start);
}

/* The run whose titles seed an empty set: the first failing run with a
 * report, else the first failing run (timeout, crash without report). */
static int seed_run(const struct tr_run *r, int runs)
{
	int i, weak = -1;

	for (i = 0; i < runs; i++) {
		if (r[i].failed && !r[i].weak)
			return i;
		if (r[i].failed && weak < 0)
			weak = i;
	}
	return weak;
}

/*
 * Run @p @runs times: count the runs failing with a title of @f->titles
 * (when empty: seeded by seed_run(); extended by every failing run whose
 * titles intersect it). Keeps the first counted run's log if @f->log is
 * unset. Returns the count, or -1 if a run could not start.
 */
static int reliability(const struct wq_prog *p, int runs,
		       const struct tr_opts *o, struct finding *f)
{
	struct tr_run *r = calloc(runs, sizeof(*r));
	int i, j, k = 0, seed;

	for (i = 0; r && i < runs; i++) {
		if (tr_run_once(p, o->timeout_secs, &r[i]))
			break;
		if (!r[i].failed)
			tr_run_free(&r[i]);
	}
	if (!r || i < runs) {
		k = -1;
		goto out;
	}
	seed = f->titles.n ? -1 : seed_run(r, runs);
	for (j = 0; seed >= 0 && j < r[seed].titles.n; j++)
		wq_title_set_add(&f->titles, r[seed].titles.t[j]);
	for (i = 0; i < runs; i++) {
		if (r[i].expected && !f->expected++) {
			f->row = r[i].expected;
			snprintf(f->expected_title, sizeof(f->expected_title),
				 "%s", r[i].titles.n ? r[i].titles.t[0] :
				 r[i].expected->title);
		}
		if (!r[i].failed || !wq_title_set_intersects(&r[i].titles, &f->titles))
			continue;
		for (j = 0; j < r[i].titles.n; j++)
			wq_title_set_add(&f->titles, r[i].titles.t[j]);
		k++;
		if (!f->log) {
			f->log = r[i].log;
			f->loglen = r[i].loglen;
			r[i].log = NULL;
		}
	}
out:
	for (i = 0; r && i < runs; i++)
		tr_run_free(&r[i]);
	free(r);
	return k;
}

struct pred_arg {
	const struct tr_opts *o;
	const struct wq_title_set *titles;
	bool keep_hazard;		/* a misuse finding: keep a hazard */
};

/* Judged by the misuse contract: "misuse on" and a hazard (replay.h). */
static bool judged(const struct wq_prog *p)
{
	return p->misuse && wq_prog_hazards(p);
}

/*
 * A candidate is kept only if every one of check_runs runs fails so; a
 * misuse program's candidate must keep a hazard (the contract judges
 * its failure by them: without one it is a legal program).
 */
static bool still_fails(const struct wq_prog *p, void *arg)
{
	const struct pred_arg *a = arg;
	struct tr_run r;
	bool ok = true;
	int i;

	if (a->keep_hazard && !wq_prog_hazards(p))
		return false;
	for (i = 0; ok && i < a->o->check_runs; i++) {
		if (tr_run_once(p, a->o->timeout_secs, &r))
			return false;
		ok = tr_fails_with(&r, a->titles);
		tr_run_free(&r);
	}
	return ok;
}

static void size_str(const struct wq_prog *p, char *buf, size_t len)
{
	struct wq_prog_size s;

	wq_prog_measure(p, &s);
	snprintf(buf, len, "%d calls (%d ops), %d steps, %d actors, %d works, %d wqs, %d cpus",
		 s.calls, s.ops, s.steps, s.actors, s.works, s.wqs, s.cpus);
}

/* "WQKIT_INJECT=racy_bitops " etc.: the run's context in the environment. */
static void env_prefix(char *buf, size_t len)
{
	static const char *const vars[] = { "WQKIT_INJECT", "WQKIT_SCHED" };
	size_t i, pos = 0;
	const char *v;

	buf[0] = '\0';
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v && *v && pos < len)
			pos += snprintf(buf + pos, len - pos, "%s=%s ", vars[i], v);
	}
}

/* Drop the trailing spaces of @s. */
static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* @folder for commands: $PWD/<path> inside the workspace (run from its root). */
static const char *shown_path(const struct tr_opts *o, const char *folder,
			      char *buf, size_t len)
{
	size_t n = o->workspace ? strlen(o->workspace) : 0;

	if (!n || strncmp(folder, o->workspace, n) || folder[n] != '/')
		return folder;
	snprintf(buf, len, "$PWD/%s", folder + n + 1);
	return buf;
}

/* report.md of @f into a malloc'd string. */
static char *markdown(const struct tr_input *in, const struct tr_opts *o,
		      const struct finding *f, const char *program,
		      const char *folder, size_t *len)
{
	char commit[64], build[160], before[128], after[128], repro[4400],
	     again[4400], env[128], envb[128], shownbuf[4400];
	const char *shown;
	bool clean = !strcmp(o->build, "clean");
	struct wq_report_doc d = {
		.titles = &f->titles, .commit = commit, .build = build,
		.sanitizer = SANITIZER, .reliable = f->k_min, .runs = f->runs,
		.size_before = before, .size_after = after, .program = program,
		.failure = f->log, .repro_cmd = repro, .triage_cmd = again,
		.note = f->searched ?
			"The program was found in free mode and failed in fewer runs; "
			"a controlled schedule (the `schedule` line of repro.wq) "
			"found by triage's schedule search makes it reliable." : NULL,
		.csource = f->csrc, .csource_verified = f->cstats,
		.csource_check = wq_csource_check(f->titles.t[0]),
		.sources = f->sources,
	};
	char *buf = NULL, note[512], hz[128];
	FILE *m;

	if (judged(&f->found)) {
		wq_hazards_format(wq_prog_hazards(&f->min), hz, sizeof(hz));
		snprintf(note, sizeof(note),
			 "A misuse program (hazards: %s): the misuse contract "
			 "(fuzz/misuse/MISUSE.md) expects none of its failures "
			 "for those hazards, so this one is a finding.%s", hz,
			 f->searched ? " A controlled schedule found by triage's "
			 "schedule search makes it reliable." : "");
		d.note = note;
	}
	tr_kit_commit(o->workspace, commit, sizeof(commit));
	env_prefix(env, sizeof(env));
	snprintf(envb, sizeof(envb), "%s", env);
	rstrip(envb);
	if (clean)
		snprintf(build, sizeof(build), "clean core (//core:workqueue)");
	else
		snprintf(build, sizeof(build), "zoo build %s (//core/bugs:workqueue_bug_%s)",
			 o->build, o->build);
	if (envb[0])
		snprintf(build + strlen(build), sizeof(build) - strlen(build),
			 ", environment %s", envb);
	shown = shown_path(o, folder, shownbuf, sizeof(shownbuf));
	size_str(&in->prog, before, sizeof(before));
	size_str(&f->min, after, sizeof(after));
	snprintf(repro, sizeof(repro), "%sbazel run //fuzz:replay%s%s -- --runs=%d %s/repro.wq",
		 env, clean ? "" : "_bug_", clean ? "" : o->build, f->runs, shown);
	snprintf(again, sizeof(again), "%sbazel run //reports:triage%s%s -- %s/repro.wq",
		 env, clean ? "" : "_bug_", clean ? "" : o->build, shown);
	m = open_memstream(&buf, len);
	if (!m)
		return NULL;
	wq_report_markdown(m, &d);
	fclose(m);
	return buf;
}

/* Write the new bug folder. Returns 0 or -1 (environment). */
/*
 * The C reproducer of the minimized program, built and run o->runs times
 * on this build: @rel gets "k/N", f->cstats the times (or why it could
 * not be verified). NULL for a program that has none (misuse).
 */
static char *csource_stage(const struct tr_input *in, const struct tr_opts *o,
			   struct finding *f, size_t *len, char *rel,
			   size_t rlen)
{
	struct tr_cverify v;
	const char *inject;
	char why[512];
	char *src;
	int ret;

	inject = getenv("WQKIT_INJECT");
	src = wq_csource(&f->min, f->titles.t[0], o->build,
			 inject && !strcmp(inject, "racy_bitops"), len);
	if (!src) {
		snprintf(f->cstats, sizeof(f->cstats), "none (a misuse program: its hazards have no reproducer)");
		return NULL;
	}
	if (!o->csource_runs) {
		snprintf(rel, rlen, "not verified (--csource_runs=0)");
		snprintf(f->cstats, sizeof(f->cstats), "not verified (--csource_runs=0)");
		return src;
	}
	progress(o, in, "build and run repro.c");
	f->cpu[3] = cpu_now();
	ret = tr_csource_verify(src, *len, o->build, o->csource_runs,
				o->timeout_secs, &v, why, sizeof(why));
	f->cpu[3] = cpu_now() - f->cpu[3];
	if (ret) {
		snprintf(rel, rlen, "not verified: %s", why);
		snprintf(f->cstats, sizeof(f->cstats), "not verified: %s", why);
		fprintf(stderr, "triage: repro.c not verified: %s\n", why);
		return src;
	}
	snprintf(rel, rlen, "%d/%d", v.k, v.runs);
	snprintf(f->cstats, sizeof(f->cstats),
		 "%d/%d (build %.1fs, %d runs %.1fs; cpu %.1fs)%s%s", v.k,
		 v.runs, v.build_secs, v.runs, v.run_secs, f->cpu[3],
		 v.first[0] ? ": " : "", v.first);
	f->ck = v.k;
	return src;
}

/*
 * The 2.6.29 functions the titles and the failure report name, with the
 * seed's lines and the port's (core/workqueue.c from the runfiles).
 */
static char *seed_sources(const struct finding *f)
{
	char path[4200], *port = NULL, *text, *md;
	const char *in_fn;
	size_t len = 0;
	FILE *m;
	int i;

	m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	/* the function the title says it failed in, first */
	in_fn = strrchr(f->titles.t[0], ' ');
	if (in_fn && strstr(f->titles.t[0], " in "))
		fprintf(m, "%s\n", in_fn + 1);
	for (i = 0; i < f->titles.n; i++)
		fprintf(m, "%s\n", f->titles.t[i]);
	if (f->log)
		fprintf(m, "%s", f->log);
	if (fclose(m))
		return NULL;
	if (!tr_runfile("core/workqueue.c", path, sizeof(path)))
		port = wq_read_file(path, &len);
	md = wq_seed_markdown(text, port, 4);
	free(text);
	free(port);
	if (md && !*md) {
		free(md);
		md = NULL;
	}
	return md;
}

static int write_folder(const struct tr_input *in, const struct tr_opts *o,
			struct finding *f, char *folder, size_t len)
{
	static char text[WQ_PROG_MAX_TEXT];
	uint8_t bytes[WQ_PROG_MAX_BYTES];
	char rel[640], stats[1024], slug[96], planned[4200], context[256], env[128],
	     crel[512];
	size_t nbytes = wq_prog_encode(&f->min, bytes, sizeof(bytes)), mdlen = 0,
	       clen = 0;
	char *md, *csrc;
	int ret;

	wq_prog_print(&f->min, text, sizeof(text));
	csrc = csource_stage(in, o, f, &clen, crel, sizeof(crel));
	f->csrc = csrc;
	f->sources = seed_sources(f);
	tr_slug(f->titles.t[0], slug, sizeof(slug));
	snprintf(planned, sizeof(planned), "%s/%s", o->into, slug);
	md = markdown(in, o, f, text, planned, &mdlen);
	snprintf(rel, sizeof(rel), "%d/%d\nrepro.c %s\n", f->k_min, f->runs,
		 csrc ? crel : "none");
	env_prefix(env, sizeof(env));
	rstrip(env);
	snprintf(context, sizeof(context), "build %s\nsanitizer %s\nenvironment %s\n",
		 o->build, SANITIZER, env[0] ? env : "-");
	snprintf(stats, sizeof(stats),
		 "replay+reliability %.1fs (cpu %.1fs)\nminimize %.1fs (cpu %.1fs; %u candidates run, %u memo hits, %u edits kept, %u with another seed%s%s)\nverify %.1fs (cpu %.1fs)\nrepro.c %s\n",
		 f->secs[0], f->cpu[0], f->secs[1], f->cpu[1], f->ms.tries,
		 f->ms.memo_hits, f->ms.kept, f->ms.reseeded,
		 f->ms.timed_out ? ", budget ran out: " : "",
		 f->ms.timed_out ? f->ms.stop : "", f->secs[2],
		 f->cpu[2], f->cstats);
	{
		const struct tr_file files[] = {
			{ "report.md", md ? md : "", md ? mdlen : 0 },
			{ "repro.wq", text, strlen(text) },
			{ "repro.bin", (const char *)bytes, nbytes },
			{ "log0", f->log, f->loglen },
			{ "reliability", rel, strlen(rel) },
			{ "stats", stats, strlen(stats) },
			{ "context", context, strlen(context) },
			{ "repro.c", csrc ? csrc : "", clen },
		};

		ret = tr_folder_create(o->into, &f->titles, files,
				       sizeof(files) / sizeof(files[0]) - !csrc,
				       folder, len);
	}
	free(md);
	free(csrc);
	f->csrc = NULL;
	free(f->sources);
	f->sources = NULL;
	return ret;
}

struct min_progress {
	const struct tr_opts *o;
	const struct tr_input *in;
};

/* One progress line per kept edit: the size so far. */
static void min_progress(const struct wq_prog *p, const struct tr_min_stats *st,
			 void *arg)
{
	const struct min_progress *mp = arg;
	char size[128], stage[256];

	size_str(p, size, sizeof(size));
	snprintf(stage, sizeof(stage), "minimize: %u candidates run, %u edits kept, %s",
		 st->tries, st->kept, size);
	progress(mp->o, mp->in, stage);
}

/* Minimize, then measure the minimized program's reliability. */
static int minimize(const struct tr_input *in, const struct tr_opts *o,
		    struct finding *f)
{
	struct min_progress mp = { o, in };
	struct tr_min_opts mo = {
		.budget_s = o->minimize_secs, .max_runs = o->minimize_runs,
		.wall_s = o->minimize_wall_secs, .reseeds = o->reseeds,
		.deep = o->deep_search,
		.progress = min_progress, .progress_arg = &mp,
	};
	struct pred_arg a = { o, &f->titles, judged(&f->found) };
	struct finding v = { .titles = f->titles };
	double t = tr_now(), c = cpu_now();

	f->min = f->found;
	if (o->minimize) {
		progress(o, in, "minimize");
		tr_minimize(&f->min, still_fails, &a, &mo, &f->ms);
	}
	f->secs[1] = tr_now() - t;
	f->cpu[1] = cpu_now() - c;
	t = tr_now();
	c = cpu_now();
	progress(o, in, "verify the minimized program");
	f->k_min = wq_prog_equal(&f->min, &f->found) ? f->k :
		   reliability(&f->min, f->runs, o, &v);
	if (v.log) {		/* report the minimized program's failure */
		free(f->log);
		f->log = v.log;
		f->loglen = v.loglen;
	}
	f->secs[2] = tr_now() - t;
	f->cpu[2] = cpu_now() - c;
	return f->k_min < 0 ? -1 : 0;
}

static void print_result(const struct tr_input *in, const char *what,
			 const struct finding *f, const char *folder)
{
	char before[128], after[128];

	size_str(&in->prog, before, sizeof(before));
	size_str(&f->min, after, sizeof(after));
	printf("triage: %s: %s: %s (%d/%d%s; minimized %d/%d; repro.c %s)\n"
	       "        %s -> %s\n        %s\n", in->path, what,
	       f->titles.t[0], f->k, f->runs,
	       f->searched ? " with a searched controlled schedule" : "",
	       f->k_min, f->runs, f->cstats, before, after, folder);
}

/*
 * A free-mode program that does not fail every run: search controlled
 * schedules (pct, then random; depths 1..4; o->search_seeds seeds each)
 * for one that fails with a title of the set (any failure if none is
 * known yet), and keep it if it is more reliable than the input.
 */
static int schedule_search(const struct tr_opts *o, const struct tr_input *in,
			   struct finding *f)
{
	static const int modes[] = { WQ_SCHED_PCT, WQ_SCHED_RANDOM };
	struct finding t;
	struct wq_prog c;
	int m, d, seed, k;

	if (in->prog.sched_mode != WQ_SCHED_FREE || f->k == f->runs)
		return 0;
	progress(o, in, "search a controlled schedule");
	for (m = 0; m < 2; m++)
		for (d = 1; d <= WQ_MAX_DEPTH; d++)
			for (seed = 0; seed < o->search_seeds; seed++) {
				c = in->prog;
				if (wq_edit_set_sched(&c, modes[m], (uint32_t)seed, d))
					continue;
				memset(&t, 0, sizeof(t));
				t.titles = f->titles;
				k = reliability(&c, 1, o, &t);
				if (k > 0)
					k = reliability(&c, f->runs - 1, o, &t) + 1;
				if (k < 0) {
					free(t.log);
					return -1;
				}
				if (k > f->k) {
					free(f->log);
					f->log = t.log;
					f->loglen = t.loglen;
					f->titles = t.titles;
					f->found = c;
					f->k = k;
					f->searched = true;
				} else {
					free(t.log);
				}
				if (f->k == f->runs)
					return 0;
			}
	return 0;
}

/* The registry entry of a title of @f's set, given its failure log. */
static const struct wq_known_bug *known_bug(const struct finding *f)
{
	const struct wq_known_bug *kb;
	int i;

	for (i = 0; i < f->titles.n; i++) {
		kb = wq_known_bug(f->titles.t[i], f->log);
		if (kb)
			return kb;
	}
	return NULL;
}

/*
 * The titles @f's bug is filed and deduplicated under: its title set, or
 * for a misuse program the titles naming the hazards of @p and of the
 * found program (tr_misuse_titles), as the misuse target titles them.
 */
static void bug_titles(const struct finding *f, const struct wq_prog *p,
		       struct wq_title_set *out)
{
	if (!judged(&f->found)) {
		*out = f->titles;
		return;
	}
	memset(out, 0, sizeof(*out));
	tr_misuse_titles(&f->titles, wq_prog_hazards(p), out);
	tr_misuse_titles(&f->titles, wq_prog_hazards(&f->found), out);
}

/*
 * A folder of @titles exists: add the log and say so. Returns 1 if it
 * did, 0 if there is none, -1 if the log could not be written.
 */
static int reported(const struct tr_input *in, const struct finding *f,
		    const struct tr_opts *o, const struct wq_title_set *titles,
		    char *folder, size_t len)
{
	if (!tr_folder_find(o->into, titles, folder, len))
		return 0;
	if (tr_folder_add_log(folder, f->log, f->loglen))
		return -1;
	printf("triage: %s: already reported: %s (%d/%d)\n        %s\n",
	       in->path, titles->t[0], f->k, f->runs, folder);
	return 1;
}

enum tr_outcome tr_triage_one(const struct tr_input *in,
			      const struct tr_opts *o, char *folder,
			      size_t len)
{
	struct finding f = { .runs = o->runs };
	const struct wq_known_bug *kb;
	enum tr_outcome out = TR_ENV;
	struct wq_title_set key;
	bool explained = false;
	double t = tr_now(), c = cpu_now();
	char hz[128];
	int done;

	progress(o, in, "replay and reliability");
	f.found = in->prog;
	f.k = reliability(&in->prog, o->runs, o, &f);
	if (f.k >= 0 && schedule_search(o, in, &f))
		f.k = -1;
	f.secs[0] = tr_now() - t;
	f.cpu[0] = cpu_now() - c;
	if (f.k < 0)
		goto out;
	if (!f.k && f.expected) {
		/* What 2.6.29 documents as the caller's fault: never a bug. */
		wq_hazards_format(wq_prog_hazards(&in->prog), hz, sizeof(hz));
		printf("triage: %s: as the misuse contract expects (%s/%s, fuzz/misuse/MISUSE.md): %s (%d/%d runs); no bug folder\n",
		       in->path, wq_hazard_names[f.row->hazard],
		       wq_outcome_names[f.row->outcome], f.expected_title,
		       f.expected, o->runs);
		out = TR_EXPECTED;
		goto out;
	}
	if (!f.k) {
		printf("triage: %s: did not fail in %d runs (build %s): not reproduced (found on another build, or with WQKIT_INJECT or WQKIT_SCHED set?)\n",
		       in->path, o->runs, o->build);
		out = TR_PASSED;
		goto out;
	}
	kb = known_bug(&f);
	if (kb)
		printf("triage: %s: known bug %s (core/KNOWN_BUGS.md): %s (%d/%d); %s\n",
		       in->path, kb->id, f.titles.t[0], f.k, f.runs,
		       o->file_known ? "filed anyway (--file_known)" : "no bug folder");
	if (kb && !o->file_known) {
		/* The registry's bugs are 2.6.29's own: counted, no folder. */
		snprintf(folder, len, "known:%s", kb->id);
		out = TR_REGISTRY;
		goto out;
	}
	bug_titles(&f, &f.found, &key);
	done = reported(in, &f, o, &key, folder, len);
	if (done)
		goto reported;
	if (minimize(in, o, &f))
		goto out;
	if (judged(&f.found)) {
		/* Filed under the hazards the minimized program kept. */
		bug_titles(&f, &f.min, &key);
		done = reported(in, &f, o, &key, folder, len);
		if (done)
			goto reported;
		f.titles = key;
	}
	progress(o, in, "write the bug folder");
	if (write_folder(in, o, &f, folder, len)) {
		fprintf(stderr, "triage: cannot write a bug folder under %s: %s\n",
			o->into, strerror(errno));
		explained = true;
		goto out;
	}
	print_result(in, "NEW", &f, folder);
	out = TR_NEW;
	goto out;
reported:
	out = done > 0 ? TR_KNOWN : TR_ENV;
out:
	if (out == TR_ENV && !explained)
		perror("triage: a run could not be started, or a log not written");
	free(f.log);
	return out;
}
