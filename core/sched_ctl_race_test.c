/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The controlled scheduler hides no race from ThreadSanitizer: its
 * baton adds no happens-before edge between tasks.
 *
 * Two works on one workqueue, queued on CPU 0 and CPU 1 (so two worker
 * threads run them), increment one plain variable:
 *  - "race": without a lock: TSan must report a data race;
 *  - "locked": under a spinlock: TSan must stay silent (the scheduler
 *    itself adds no false report either).
 * Under TSan (WQKIT_TSAN) each case runs in a re-executed child with
 * TSAN_OPTIONS=halt_on_error=0:exitcode=66, and the exit status says
 * whether a report came. Without TSan both cases just run.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "core/testing/wqtest.h"

#define TSAN_EXIT	66

static long shared;		/* plain on purpose */
static bool use_lock;
static DEFINE_SPINLOCK(shared_lock);
static _Atomic int nr_ran;

static void bump(struct work_struct *work)
{
	(void)work;
	if (use_lock)
		spin_lock(&shared_lock);
	shared++;
	if (use_lock)
		spin_unlock(&shared_lock);
	atomic_fetch_add(&nr_ran, 1);
}

static int run_case(bool locked, unsigned long long seed)
{
	struct kenv_sched_params prm = { .policy = KENV_SCHED_PCT,
					 .seed = seed, .depth = 2 };
	struct workqueue_struct *wq;
	struct work_struct w1, w2;

	use_lock = locked;
	wqt_boot(2);
	wq = create_workqueue("race");
	WQT_CHECK(wq);
	INIT_WORK(&w1, bump);
	INIT_WORK(&w2, bump);
	WQT_CHECK_EQ(kenv_sched_controlled_begin(&prm), 0);
	WQT_CHECK(queue_work_on(0, wq, &w1));
	WQT_CHECK(queue_work_on(1, wq, &w2));
	WQT_CHECK_EQ(kenv_sched_controlled_run(NULL, NULL, 0),
		     KENV_SCHED_IDLE);
	kenv_sched_controlled_end();
	WQT_CHECK_EQ(atomic_load(&nr_ran), 2);
	destroy_workqueue(wq);
	wqt_shutdown();
	return 0;
}

#ifdef WQKIT_TSAN
/* Re-execute this binary for one case; returns its exit status. */
static int child(const char *mode)
{
	char *argv[] = { "/proc/self/exe", (char *)mode, NULL };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	WQT_CHECK(pid >= 0);
	if (!pid) {
		setenv("TSAN_OPTIONS", "halt_on_error=0:exitcode=66", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	WQT_CHECK_EQ(waitpid(pid, &status, 0), pid);
	WQT_CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}
#endif

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1)
		return run_case(!strcmp(argv[1], "locked"), 11);
#ifdef WQKIT_TSAN
	WQT_CHECK_EQ(child("race"), TSAN_EXIT);
	printf("race: ThreadSanitizer reported it (exit %d)\n", TSAN_EXIT);
	WQT_CHECK_EQ(child("locked"), 0);
	printf("locked: no report\n");
#else
	run_case(false, 11);
	atomic_store(&nr_ran, 0);
	run_case(true, 11);
	printf("not a TSan build: both cases ran\n");
#endif
	printf("PASS\n");
	return 0;
}
