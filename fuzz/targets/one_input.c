// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-input function of the workqueue fuzz targets (see one_input.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/report/known.h"
#include "fuzz/report/report.h"
#include "fuzz/targets/one_input.h"

const struct wq_prog *wq_fuzz_running;

enum sched_policy {
	POLICY_CONTROLLED,	/* free in the header runs as pct */
	POLICY_FREE,		/* every input free-running */
	POLICY_INPUT,		/* as the header says */
};

#ifdef WQKIT_TSAN
#define POLICY_DEFAULT	POLICY_FREE	/* TSan targets: real parallelism */
#else
#define POLICY_DEFAULT	POLICY_CONTROLLED
#endif

/* What the WQKIT_* environment asked for (wq_fuzz_check_env). */
static struct {
	bool loaded;
	enum sched_policy sched;
	bool inject_racy_bitops;
	unsigned int hang_ms;	/* 0: the executor's default */
} env;

static const char *const sched_names[] = {
	[POLICY_CONTROLLED] = "controlled",
	[POLICY_FREE] = "free",
	[POLICY_INPUT] = "input",
};

static bool parse_sched(const char *v)
{
	unsigned int i;

	for (i = 0; i < sizeof(sched_names) / sizeof(sched_names[0]); i++) {
		if (!strcmp(v, sched_names[i])) {
			env.sched = (enum sched_policy)i;
			return true;
		}
	}
	return false;
}

static bool parse_inject(const char *v)
{
	env.inject_racy_bitops = !strcmp(v, "racy_bitops");
	return env.inject_racy_bitops;
}

static bool parse_hang_ms(const char *v)
{
	char *end;
	unsigned long ms = strtoul(v, &end, 10);

	if (*v < '0' || *v > '9' || *end || ms == 0 || ms > 600000)
		return false;
	env.hang_ms = (unsigned int)ms;
	return true;
}

/* The environment variables the kit reads: one table, checked at start. */
static const struct {
	const char *name;
	bool (*parse)(const char *value);
	const char *expected;
} env_vars[] = {
	{ "WQKIT_SCHED", parse_sched, "controlled, free or input" },
	{ "WQKIT_INJECT", parse_inject, "racy_bitops" },
	{ "WQKIT_HANG_MS", parse_hang_ms, "milliseconds, 1..600000" },
};
#define NR_ENV_VARS	(sizeof(env_vars) / sizeof(env_vars[0]))

extern char **environ;

void wq_fuzz_check_env(void)
{
	char **e;
	size_t i;

	if (env.loaded)
		return;
	env.sched = POLICY_DEFAULT;
	/*
	 * A misspelled name would otherwise go unnoticed: say so. Only a
	 * warning: other parts of the kit have their own WQKIT_* variables
	 * (the soak's WQKIT_SOAK_*), which a child of theirs may inherit.
	 */
	for (e = environ; e && *e; e++) {
		int n = (int)strcspn(*e, "=");
		bool known = false;

		if (strncmp(*e, "WQKIT_", 6))
			continue;
		for (i = 0; i < NR_ENV_VARS; i++)
			known |= (int)strlen(env_vars[i].name) == n &&
				 !strncmp(*e, env_vars[i].name, n);
		if (!known) {
			fprintf(stderr, "wqkit: warning: %.*s is not read by the fuzz tools (they read",
				n, *e);
			for (i = 0; i < NR_ENV_VARS; i++)
				fprintf(stderr, " %s", env_vars[i].name);
			fprintf(stderr, "); misspelled?\n");
		}
	}
	for (i = 0; i < NR_ENV_VARS; i++) {
		const char *v = getenv(env_vars[i].name);

		if (v && *v && !env_vars[i].parse(v)) {
			fprintf(stderr, "wqkit: %s='%s': expected %s; nothing ran\n",
				env_vars[i].name, v, env_vars[i].expected);
			exit(WQ_FUZZ_EXIT_USAGE);
		}
	}
	env.loaded = true;
}

/*
 * Schedule policy of decoded inputs: controlled by default, so every
 * finding of the default target replays exactly (a header asking for
 * free mode runs under PCT with its seed and depth); the TSan targets
 * run free by default. .wq programs given to replay run as written.
 */
void wq_fuzz_sched_policy(struct wq_prog *p)
{
	wq_fuzz_check_env();
	switch (env.sched) {
	case POLICY_CONTROLLED:
		if (p->sched_mode == WQ_SCHED_FREE)
			p->sched_mode = WQ_SCHED_PCT;
		break;
	case POLICY_FREE:
		p->sched_mode = WQ_SCHED_FREE;
		break;
	case POLICY_INPUT:
		break;
	}
}

bool wq_fuzz_decode(const uint8_t *data, size_t size, struct wq_prog *p)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	size_t n;

	if (size <= WQ_FUZZ_FLAGS_OFFSET ||
	    !(data[WQ_FUZZ_FLAGS_OFFSET] & WQ_FUZZ_FLAG_MISUSE)) {
		wq_prog_decode(data, size, p);
		wq_fuzz_sched_policy(p);
		return false;
	}
	/* Bytes past WQ_PROG_MAX_BYTES are ignored by the decoder anyway. */
	n = size < sizeof(buf) ? size : sizeof(buf);
	memcpy(buf, data, n);
	buf[WQ_FUZZ_FLAGS_OFFSET] &= ~WQ_FUZZ_FLAG_MISUSE;
	wq_prog_decode(buf, n, p);
	wq_fuzz_sched_policy(p);
	return true;
}

void wq_fuzz_exec_opts(struct wq_exec_opts *o)
{
	wq_fuzz_check_env();
	wq_exec_opts_default(o);
	o->abort_on_failure = false;
	o->inject_racy_bitops = env.inject_racy_bitops;
	if (env.hang_ms)
		o->hang_ms = env.hang_ms;
}

const char *wq_fuzz_load(const void *data, size_t len, const char *name,
			 bool keep_misuse, struct wq_prog *p, char *err,
			 size_t errlen)
{
	char *text;
	int r;

	if (!wq_prog_is_text(data, len)) {
		if (keep_misuse) {
			wq_prog_decode(data, len, p);
			return "bytes, misuse flag kept";
		}
		return wq_fuzz_decode(data, len, p) ?
			"bytes, misuse flag cleared" : "bytes";
	}
	text = malloc(len + 1);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	memcpy(text, data, len);
	text[len] = '\0';
	r = wq_prog_parse(text, name, p, err, errlen);
	free(text);
	return r ? NULL : "text";
}

static bool accept_text;

void wq_fuzz_accept_text(void)
{
	accept_text = true;
}

/* Hits of each known bug (core/KNOWN_BUGS.md) in this process. */
#define MAX_KNOWN	64	/* registry rows counted; later rows are known, uncounted */
static unsigned long known_hits[MAX_KNOWN];

static void __attribute__((destructor)) print_known_at_exit(void)
{
	size_t i;

	for (i = 0; i < wq_nr_known_bugs && i < MAX_KNOWN; i++)
		if (known_hits[i])
			fprintf(stderr, "wqkit: known bug %s: %lu input(s)\n",
				wq_known_bugs[i].id, known_hits[i]);
}

/*
 * A failure with a title of the known-bugs registry is counted, not a
 * finding: the run goes on, unless the failure left kenv unusable (then
 * this process must end, and the report says the bug is known).
 */
static bool known_failure(const struct wq_prog *p,
			  const struct wq_exec_result *r)
{
	const struct wq_known_bug *b = wq_known_bug(r->title, r->detail);
	size_t i;

	if (!b)
		return false;
	i = (size_t)(b - wq_known_bugs);
	if (i < MAX_KNOWN && !known_hits[i]++)
		fprintf(stderr, "wqkit: known bug %s: %s (core/KNOWN_BUGS.md): counted, not a finding\n",
			b->id, r->title);
	if (!r->kenv_left_up)
		return true;
	wq_report_print(stderr, p, r);
	fprintf(stderr, "wqkit: known bug %s left kenv unusable: this process ends here\n",
		b->id);
	abort();
}

int wq_fuzz_one_input(const uint8_t *data, size_t size)
{
	/* Big and the engines call us from one thread: keep off the stack. */
	static struct wq_exec_result result;
	static struct wq_exec_opts opts;
	static bool have_opts;
	struct wq_prog prog;
	char err[512];

	if (!have_opts) {
		wq_fuzz_exec_opts(&opts);
		opts.abort_on_failure = false;	/* known bugs go on */
		have_opts = true;
	}
	if (!accept_text) {
		wq_fuzz_decode(data, size, &prog);
	} else if (!wq_fuzz_load(data, size, "input", false, &prog,
				 err, sizeof(err))) {
		/* The caller checked its files: this is not a finding. */
		fprintf(stderr, "wqkit: %s\n", err);
		exit(WQ_FUZZ_EXIT_USAGE);
	}
	wq_fuzz_running = &prog;
	if (wq_exec_run(&prog, &opts, &result) && !known_failure(&prog, &result)) {
		wq_report_print(stderr, &prog, &result);
		abort();
	}
	wq_fuzz_running = NULL;
	return 0;
}
