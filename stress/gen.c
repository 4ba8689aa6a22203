// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's header and ops: drawn from random bytes through the program
 * decoder's own pieces (wq_beh_decode, wq_op_decode) and made legal by
 * the same rules as every fuzz input (wq_step_apply with fix), so the
 * soak issues exactly the ops a legal program may contain.
 */
#include <string.h>

#include "fuzz/prog/ops.h"
#include "stress/soak.h"

/* The program format's splitmix64 stream, its upper bits. */
uint32_t soak_rand(uint64_t *rng)
{
	return (uint32_t)(wq_prog_rand(rng) >> 16);
}

static uint8_t rand_byte(uint64_t *rng)
{
	return (uint8_t)soak_rand(rng);
}

static void gen_wqs(struct wq_prog *p, const struct soak_params *sp)
{
	int i, n = 0;

	for (i = 0; i < sp->nwqs_multi; i++)
		p->wq_kind[n++] = WQ_KIND_MULTI;
	for (i = 0; i < sp->nwqs_single; i++)
		p->wq_kind[n++] = WQ_KIND_SINGLE;
	for (i = 0; i < sp->nwqs_freezeable; i++)
		p->wq_kind[n++] = WQ_KIND_FREEZEABLE;
	p->nwqs = n;
}

/*
 * Works: plain ones first, then delayed ones, homes drawn; behaviours
 * drawn like the decoder's, except that w0 requeues itself and the first
 * delayed work re-arms itself (requeue k), so both always exist.
 */
static void gen_works(struct wq_prog *p, const struct soak_params *sp,
		      uint64_t *rng)
{
	int i, first_delayed = sp->nworks_plain;

	p->nworks = sp->nworks_plain + sp->nworks_delayed;
	for (i = 0; i < p->nworks; i++) {
		p->work[i].delayed = i >= first_delayed;
		p->work[i].home = (int8_t)(soak_rand(rng) % (p->nwqs + 1)) - 1;
	}
	for (i = 0; i < p->nworks; i++) {
		if (i == 0 || i == first_delayed)
			wq_beh_decode(p, i, WQ_BEH_REQUEUE, rand_byte(rng));
		else
			wq_beh_decode(p, i, rand_byte(rng), rand_byte(rng));
	}
	wq_beh_decode_finish(p);
}

void soak_gen_header(struct wq_prog *p, const struct soak_params *sp,
		     uint64_t *rng)
{
	wq_prog_init(p);
	p->ncpus = sp->cpus;
	p->nactors = sp->nactors;
	gen_wqs(p, sp);
	gen_works(p, sp, rng);
	if (sp->mode == SOAK_CONTROLLED) {
		p->sched_mode = WQ_SCHED_PCT;
		p->sched_depth = sp->depth;
		p->sched_seed = (uint32_t)sp->seed;
	}
}

void soak_gen_init(struct soak_gen *g, struct wq_prog *p, uint64_t seed)
{
	g->p = p;
	g->rng = seed;
	wq_derive(p, &g->d);
	wq_state_init(p, &g->st);
}

unsigned int soak_gen_step(struct soak_gen *g, struct wq_op *ops,
			   const struct wq_op *forced)
{
	const struct wq_prog *p = g->p;
	unsigned int kept = 0;
	uint8_t b[4];
	int a, i;

	for (a = 0; a < p->nactors; a++) {
		if (forced[a].op != WQ_OP_NONE) {
			ops[a] = forced[a];
			continue;
		}
		for (i = 0; i < 4; i++)
			b[i] = rand_byte(&g->rng);
		wq_op_decode(p, b, &ops[a]);
	}
	wq_step_apply(p, &g->d, &g->st, ops, true, NULL, 0, NULL);
	for (a = 0; a < p->nactors; a++)
		if (forced[a].op != WQ_OP_NONE &&
		    !memcmp(&forced[a], &ops[a], sizeof(ops[a])))
			kept |= 1u << a;
	return kept;
}
