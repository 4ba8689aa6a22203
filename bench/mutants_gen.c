// SPDX-License-Identifier: GPL-2.0-only
/*
 * mutants_gen: the input sets of //bench:mutants (bench/mutants.sh).
 * Reads a corpus (program bytes or text), and writes, per set, @per_set
 * inputs into OUT/<set>/ (canonical bytes, written then renamed), and one
 * line of program statistics per set on stdout (OUT/stats.tsv likewise):
 *
 *   corpus      the parents, drawn uniformly (with replacement)
 *   <op>        one wq_mutate_prog() of that kind on a drawn parent
 *               (splice: a second drawn parent; resched, the parent's
 *               program under a fresh random schedule: P(fails | program,
 *               random schedule) when the corpus is one program)
 *   mix         wq_mutate(): the shipped mix, as one custom-mutator call
 *   libfuzzer   what libFuzzer runs: 1..mutate_depth (5) stacked calls,
 *               each the custom mutator or (half the time) the targets'
 *               custom crossover with a second parent (mutator_hooks.c),
 *               the fresh schedule's clock at --calls (mutate.h)
 *   grow        a splice of a fresh random program's steps into the
 *               parent (the parent's header kept): an experiment, not a
 *               shipped mutation kind
 *   dense       the parent grown to 8..31 steps (steps repeated), with
 *               up to 4 actors and every empty slot of a
 *               step filled, half the time, by a random op (on a work
 *               the step already uses when it takes one): an
 *               experiment, not a shipped mutation kind
 *   reheader    the parent's steps under a fresh random program's header
 *               and schedule: an experiment, not a shipped kind
 *   naive       the naive engine's inputs: 1..681 uniformly random bytes
 *
 * Parents are drawn uniformly: libFuzzer's entropic schedule weighs
 * inputs by their rare features, which only a run knows.
 *
 *   mutants_gen --corpus=DIR --out=DIR [--per_set=N] [--seed=N] [--calls=N]
 *               [--sets=a,b,...]
 *
 * --sets: only these sets (names as above; default every set).
 * --calls: the fresh schedule's clock at the start of each set (default
 * 1,000,000: a grown run, the schedule's share under 1%; 0: a young run).
 * Exit status: 0 done, 2 bad arguments or unreadable corpus, 3 cannot
 * write.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/mutate/mutate.h"
#include "fuzz/prog/edit.h"
#include "fuzz/prog/files.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"

#define MAX_PARENTS	100000
#define MUTATE_DEPTH	5	/* libFuzzer's -mutate_depth default */

static struct wq_prog *parents;
static int nparents;
static struct wq_mutator mutator = { .decode = wq_mutate_decode_legal };
static unsigned long start_calls = 1000000;

static unsigned int rnd(uint64_t *rng, unsigned int n)
{
	return wq_prog_rand_below(rng, n);
}

static int load(const char *dir)
{
	char **names, err[512];
	int n, i;

	n = wq_list_dir(dir, wq_keep_regular, &names);
	if (n < 0)
		return -1;
	parents = calloc(n ? (size_t)n : 1, sizeof(*parents));
	if (!parents)
		return -1;
	for (i = 0; i < n && nparents < MAX_PARENTS; i++) {
		size_t len;
		char *data = wq_read_file(names[i], &len);
		struct wq_prog *p = &parents[nparents];

		if (!data)
			continue;
		if (wq_prog_is_text(data, len)) {
			char *t = realloc(data, len + 1);

			if (!t) {
				free(data);
				continue;
			}
			data = t;
			data[len] = '\0';
			if (wq_prog_parse(data, names[i], p, err, sizeof(err))) {
				free(data);
				continue;
			}
			p->misuse = WQ_MISUSE_OFF;
		} else {
			wq_mutate_decode_legal((uint8_t *)data, len, p);
		}
		free(data);
		nparents++;
	}
	wq_free_list(names, n);
	return 0;
}

/* Statistics of one set, summed over its programs. */
struct stats {
	double n, steps, ops, actors, cpus, works, wqs, conc_steps;
	double same_work, hotplug, fault, depth, changes, sched[WQ_NR_SCHED_MODES];
};

static void account(struct stats *st, const struct wq_prog *p)
{
	int s, a, b, per;

	st->n++;
	st->steps += p->nsteps;
	st->actors += p->nactors;
	st->cpus += p->ncpus;
	st->works += p->nworks;
	st->wqs += p->nwqs;
	st->fault += p->fault != WQ_FAULT_NONE;
	st->sched[p->sched_mode]++;
	st->depth += p->sched_depth;
	for (s = 0; s < p->nsteps; s++) {
		per = 0;
		for (a = 0; a < p->nactors; a++) {
			const struct wq_op *o = &p->step[s][a];

			if (o->op == WQ_OP_NONE)
				continue;
			per++;
			st->hotplug += o->op == WQ_OP_CPU_UP ||
				       o->op == WQ_OP_CPU_DOWN;
			for (b = a + 1; b < p->nactors; b++) {
				const struct wq_op *q = &p->step[s][b];

				st->same_work += q->op != WQ_OP_NONE &&
					wq_op_has(o->op, WQ_ARG_WORK) &&
					wq_op_has(q->op, WQ_ARG_WORK) &&
					o->work == q->work;
			}
		}
		st->ops += per;
		st->conc_steps += per >= 2;
		if (p->sched_mode == WQ_SCHED_STEPS)
			for (a = 0; a < WQ_MAX_CHANGES; a++)
				st->changes += p->plan[s].at[a] != 0;
	}
}

static void print_stats(FILE *f, const char *set, const struct stats *st,
			unsigned long failed)
{
	double n = st->n ? st->n : 1;

	fprintf(f, "%s\t%.0f\t%lu\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f",
		set, st->n, failed, st->steps / n, st->ops / n,
		st->actors / n, st->cpus / n, st->works / n,
		st->conc_steps / n, st->same_work / n, st->hotplug / n,
		st->fault / n, st->depth / n, st->changes / n);
	for (int m = 0; m < WQ_NR_SCHED_MODES; m++)
		fprintf(f, "\t%.2f", st->sched[m] / n);
	fputc('\n', f);
}

static const char header[] =
	"set\tinputs\tunchanged\tsteps\tops\tactors\tcpus\tworks\tconc_steps"
	"\tsame_work_pairs\thotplug_ops\tfault\tdepth\tchange_points"
	"\tfree\tpct\trandom\tsteps_mode\n";

static int write_input(const char *dir, int i, const uint8_t *b, size_t n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/in-%06d", dir, i);
	return wq_write_file(path, b, n);
}

/* The targets' custom crossover (mutate.h: wq_mutate_crossover). */
static size_t crossover(uint8_t *data, size_t size, const struct wq_prog *q,
			unsigned int seed)
{
	uint8_t a[WQ_PROG_MAX_BYTES], b[WQ_PROG_MAX_BYTES];
	size_t nb = wq_prog_encode(q, b, sizeof(b));

	memcpy(a, data, size);
	return wq_mutate_crossover(&mutator, a, size, b, nb, data,
				   WQ_PROG_MAX_BYTES, seed);
}

/* The "dense" experiment: more actors, empty slots filled. */
static void densify(struct wq_prog *c, uint64_t *rng)
{
	int want = 2 + (int)rnd(rng, WQ_MAX_ACTORS - 1), s, a, b, i;

	int len = 8 + (int)rnd(rng, WQ_MAX_STEPS - 8);

	while (c->nactors < want && !wq_edit_add_actor(c))
		;
	while (c->nsteps < len &&
	       !wq_mutate_prog(&mutator, c, WQ_MUT_DUP_STEP, NULL, rng, len))
		;
	for (s = 0; s < c->nsteps; s++)
		for (a = 0; a < c->nactors; a++) {
			uint8_t bytes[WQ_PROG_SLOT_BYTES];
			uint64_t r = wq_prog_rand(rng);
			struct wq_op o;

			if (c->step[s][a].op != WQ_OP_NONE || rnd(rng, 2))
				continue;
			for (i = 0; i < WQ_PROG_SLOT_BYTES; i++)
				bytes[i] = (uint8_t)(r >> (8 * i));
			wq_op_decode(c, bytes, &o);
			for (b = 0; b < c->nactors; b++)
				if (c->step[s][b].op != WQ_OP_NONE &&
				    wq_op_has(c->step[s][b].op, WQ_ARG_WORK) &&
				    wq_op_has(o.op, WQ_ARG_WORK))
					o.work = c->step[s][b].work;
			wq_edit_set_op(c, s, a, &o);
		}
}

/* Input @i of set @set into @b; returns its size, -1 if unchanged. */
static long make(const char *set, int kind, uint64_t *rng, uint8_t *b)
{
	const struct wq_prog *p = &parents[rnd(rng, (unsigned int)nparents)];
	const struct wq_prog *q = &parents[rnd(rng, (unsigned int)nparents)];
	struct wq_prog c = *p;
	size_t n;
	int d, i;

	if (!strcmp(set, "naive"))
		return (long)wq_prog_random_bytes(rng, b, WQ_PROG_MAX_BYTES);
	if (!strcmp(set, "corpus"))
		return (long)wq_prog_encode(p, b, WQ_PROG_MAX_BYTES);
	n = wq_prog_encode(p, b, WQ_PROG_MAX_BYTES);
	if (!strcmp(set, "mix"))
		return (long)wq_mutate(&mutator, b, n, WQ_PROG_MAX_BYTES,
				       (unsigned int)wq_prog_rand(rng));
	if (!strcmp(set, "dense")) {
		densify(&c, rng);
		return (long)wq_prog_encode(&c, b, WQ_PROG_MAX_BYTES);
	}
	if (!strcmp(set, "reheader")) {
		wq_mutate_prog(&mutator, &c, WQ_MUT_FRESH, NULL, rng,
			       WQ_MAX_STEPS);
		if (wq_edit_splice(&c, 0, p, 0))
			return -1;
		return (long)wq_prog_encode(&c, b, WQ_PROG_MAX_BYTES);
	}
	if (!strcmp(set, "grow")) {
		struct wq_prog f = *p;

		wq_mutate_prog(&mutator, &f, WQ_MUT_FRESH, NULL, rng,
			       WQ_MAX_STEPS);
		if (wq_mutate_prog(&mutator, &c, WQ_MUT_SPLICE, &f, rng,
				   WQ_MAX_STEPS))
			return -1;
		return (long)wq_prog_encode(&c, b, WQ_PROG_MAX_BYTES);
	}
	if (!strcmp(set, "libfuzzer")) {
		d = 1 + (int)rnd(rng, MUTATE_DEPTH);
		for (i = 0; i < d; i++) {
			q = &parents[rnd(rng, (unsigned int)nparents)];
			if (rnd(rng, 2))
				n = crossover(b, n, q,
					      (unsigned int)wq_prog_rand(rng));
			else
				n = wq_mutate_engine(&mutator, b, n,
						     WQ_PROG_MAX_BYTES,
						     (unsigned int)wq_prog_rand(rng));
		}
		return (long)n;
	}
	if (wq_mutate_prog(&mutator, &c, (enum wq_mut)kind, q, rng,
			   WQ_MAX_STEPS))
		return -1;
	return (long)wq_prog_encode(&c, b, WQ_PROG_MAX_BYTES);
}

/* The sets after the mutation kinds, in order (a set's index seeds it). */
static const char *const tail_sets[] = {
	"mix", "libfuzzer", "grow", "dense", "reheader", "naive",
};
/* The sets: corpus, one per mutation kind, then the tail sets. */
#define NR_SETS (1 + WQ_NR_MUTS + sizeof(tail_sets) / sizeof(tail_sets[0]))

/* The number after the @skip-byte "--name=" of @arg into *@v; -1 if none. */
static int parse_ul(const char *arg, size_t skip, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg + skip, &end, 10);
	if (!arg[skip] || *end || errno) {
		fprintf(stderr, "mutants_gen: %s: expected a number\n", arg);
		return -1;
	}
	return 0;
}

/*
 * Mark in @chosen[] the sets the comma-separated @list names; a name
 * that is no set: one line, -1.
 */
static int choose_sets(const char *list, const char *const *sets, int nsets,
		       bool *chosen)
{
	char name[64];
	const char *s = list, *e;
	int i;

	for (; s; s = *e ? e + 1 : NULL) {
		e = s + strcspn(s, ",");
		snprintf(name, sizeof(name), "%.*s", (int)(e - s), s);
		for (i = 0; i < nsets && strcmp(sets[i], name); i++)
			;
		if (i == nsets) {
			fprintf(stderr, "mutants_gen: --sets: no set '%s'\n", name);
			return -1;
		}
		chosen[i] = true;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: mutants_gen --corpus=DIR --out=DIR [--per_set=N] [--seed=N] [--calls=N] [--sets=a,b,...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *corpus = NULL, *out = NULL, *only = NULL;
	unsigned long per_set = 1000, seed = 1;
	const char *sets[NR_SETS];
	int kinds[NR_SETS], nsets = 0, i, k;
	bool chosen[NR_SETS];
	char path[4096], *end;
	FILE *tsv;

	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--corpus=", 9)) {
			corpus = argv[i] + 9;
		} else if (!strncmp(argv[i], "--out=", 6)) {
			out = argv[i] + 6;
		} else if (!strncmp(argv[i], "--per_set=", 10)) {
			errno = 0;
			per_set = strtoul(argv[i] + 10, &end, 10);
			if (*end || errno || !per_set || per_set > 100000) {
				fprintf(stderr, "mutants_gen: %s: expected 1..100000\n", argv[i]);
				return 2;
			}
		} else if (!strncmp(argv[i], "--seed=", 7)) {
			if (parse_ul(argv[i], 7, &seed))
				return 2;
		} else if (!strncmp(argv[i], "--sets=", 7)) {
			only = argv[i] + 7;
		} else if (!strncmp(argv[i], "--calls=", 8)) {
			if (parse_ul(argv[i], 8, &start_calls))
				return 2;
		} else {
			return usage();
		}
	}
	if (!corpus || !out)
		return usage();
	if (load(corpus) || !nparents) {
		fprintf(stderr, "mutants_gen: %s: no program could be read\n", corpus);
		return 2;
	}
	sets[nsets] = "corpus";
	kinds[nsets++] = -1;
	for (k = 0; k < WQ_NR_MUTS; k++) {
		sets[nsets] = wq_mut_names[k];
		kinds[nsets++] = k;
	}
	for (k = 0; k < (int)(sizeof(tail_sets) / sizeof(tail_sets[0])); k++) {
		sets[nsets] = tail_sets[k];
		kinds[nsets++] = -1;
	}

	for (i = 0; i < nsets; i++)
		chosen[i] = !only;
	if (only && choose_sets(only, sets, nsets, chosen))
		return 2;
	snprintf(path, sizeof(path), "%s/stats.tsv", out);
	if (mkdir(out, 0777) && errno != EEXIST)
		goto fail;
	tsv = fopen(path, "w");
	if (!tsv)
		goto fail;
	fputs(header, stdout);
	fputs(header, tsv);
	for (i = 0; i < nsets; i++) {
		if (!chosen[i])
			continue;
		/*
		 * The seed through the finalizer: seed * gamma + set made
		 * seed N+1's stream seed N's shifted by one draw, whose random
		 * inputs fell into step (4,007 of 4,096 naive inputs shared
		 * between --seed=1 and --seed=2).
		 */
		uint64_t rng = wq_prog_mix64(seed) + (uint64_t)i;
		struct stats st;
		unsigned long made = 0, failed = 0, tries = 0;
		uint8_t b[WQ_PROG_MAX_BYTES];
		char dir[4096];
		struct wq_prog p;
		long n;

		memset(&st, 0, sizeof(st));
		mutator.calls = start_calls;
		snprintf(dir, sizeof(dir), "%s/%s", out, sets[i]);
		if (mkdir(dir, 0777) && errno != EEXIST)
			goto fail;
		while (made < per_set && tries++ < 20 * per_set) {
			n = make(sets[i], kinds[i], &rng, b);
			if (n < 0) {
				failed++;
				continue;
			}
			if (write_input(dir, (int)made, b, (size_t)n))
				goto fail;
			wq_mutate_decode_legal(b, (size_t)n, &p);
			account(&st, &p);
			made++;
		}
		print_stats(stdout, sets[i], &st, failed);
		print_stats(tsv, sets[i], &st, failed);
		fflush(stdout);
	}
	if (fclose(tsv))
		goto fail;
	fprintf(stderr, "mutants_gen: %d parents, %d sets of %lu\n", nparents,
		nsets, per_set);
	return 0;
fail:
	fprintf(stderr, "mutants_gen: cannot write under %s: %s\n", out,
		strerror(errno));
	return 3;
}
