/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The op and behaviour tables. Adding an op means adding an enum value in
 * prog.h and a row here; the byte, struct and text forms follow.
 */
#include <string.h>

#include "fuzz/prog/ops.h"

#define Q	WQ_OPF_QUEUE
#define D	WQ_OPF_DELAYED
#define ON	WQ_OPF_ON
#define K	WQ_OPF_KEVENTD
#define W	WQ_OPF_WAITS

const struct wq_op_desc wq_ops[WQ_NR_OPS] = {
	[WQ_OP_NONE] = { "none", "", 0, 0 },
	[WQ_OP_QUEUE_WORK] = { "queue_work", "qw", Q, 0 },
	[WQ_OP_QUEUE_WORK_ON] = { "queue_work_on", "cqw", Q | ON, 0 },
	[WQ_OP_QUEUE_DELAYED_WORK] = { "queue_delayed_work", "qwd", Q | D, 0 },
	[WQ_OP_QUEUE_DELAYED_WORK_ON] = {
		"queue_delayed_work_on", "cqwd", Q | D | ON, 0 },
	[WQ_OP_SCHEDULE_WORK] = { "schedule_work", "w", Q | K, 0 },
	[WQ_OP_SCHEDULE_WORK_ON] = { "schedule_work_on", "cw", Q | K | ON, 0 },
	[WQ_OP_SCHEDULE_DELAYED_WORK] = {
		"schedule_delayed_work", "wd", Q | K | D, 0 },
	[WQ_OP_SCHEDULE_DELAYED_WORK_ON] = {
		"schedule_delayed_work_on", "cwd", Q | K | D | ON, 0 },
	[WQ_OP_CANCEL_WORK_SYNC] = {
		"cancel_work_sync", "w", W | WQ_OPF_PLAIN,
		WQ_OP_CANCEL_DELAYED_WORK_SYNC },
	[WQ_OP_CANCEL_DELAYED_WORK] = {
		"cancel_delayed_work", "w", D, WQ_OP_CANCEL_WORK_SYNC },
	[WQ_OP_CANCEL_DELAYED_WORK_SYNC] = {
		"cancel_delayed_work_sync", "w", D | W, WQ_OP_CANCEL_WORK_SYNC },
	[WQ_OP_FLUSH_WORK] = { "flush_work", "w", W, 0 },
	[WQ_OP_FLUSH_WORKQUEUE] = { "flush_workqueue", "q", W, 0 },
	[WQ_OP_FLUSH_SCHEDULED_WORK] = { "flush_scheduled_work", "", K | W, 0 },
	[WQ_OP_SCHEDULE_ON_EACH_CPU] = { "schedule_on_each_cpu", "", K | W, 0 },
	[WQ_OP_EXECUTE_IN_PROCESS_CONTEXT] = {
		"execute_in_process_context", "i", 0, 0 },
	[WQ_OP_CREATE_WORKQUEUE] = { "create_workqueue", "q", WQ_OPF_LIFE, 0 },
	[WQ_OP_DESTROY_WORKQUEUE] = {
		"destroy_workqueue", "q", WQ_OPF_LIFE | W, 0 },
	[WQ_OP_CPU_UP] = { "cpu_up", "c", WQ_OPF_HOTPLUG, 0 },
	[WQ_OP_CPU_DOWN] = { "cpu_down", "c", WQ_OPF_HOTPLUG | W, 0 },
	[WQ_OP_FREEZE] = { "freeze", "", 0, 0 },
	[WQ_OP_THAW] = { "thaw", "", 0, 0 },
	[WQ_OP_ADVANCE_JIFFIES] = { "advance_jiffies", "n", 0, 0 },
	/* v2: the obsolete 2.6.29 wrappers of cancel_delayed_work_sync() */
	[WQ_OP_CANCEL_REARMING_DELAYED_WORK] = {
		"cancel_rearming_delayed_work", "w", D | W,
		WQ_OP_CANCEL_WORK_SYNC, 2 },
	[WQ_OP_CANCEL_REARMING_DELAYED_WORKQUEUE] = {
		"cancel_rearming_delayed_workqueue", "qw", D | W,
		WQ_OP_CANCEL_WORK_SYNC, 2 },
};

#undef Q
#undef D
#undef ON
#undef K
#undef W

const struct wq_beh_desc wq_behs[WQ_NR_BEHS] = {
	[WQ_BEH_NOP] = { "nop", 0, false },
	[WQ_BEH_REQUEUE] = { "requeue", 'k', false },
	[WQ_BEH_QUEUE] = { "queue", WQ_ARG_WORK, false },
	[WQ_BEH_CANCEL] = { "cancel", WQ_ARG_WORK, false },
	[WQ_BEH_FLUSH] = { "flush", WQ_ARG_WORK, false },
	[WQ_BEH_CANCEL_SYNC] = { "cancel_sync", WQ_ARG_WORK, false },
	[WQ_BEH_SLEEP] = { "sleep", 'n', false },
	[WQ_BEH_CPU] = { "cpu", 0, false },
	[WQ_BEH_FLUSH_OWN_WQ] = { "flush_own_wq", 0, true },
	[WQ_BEH_REARM] = { "rearm", 'k', false, 2 },
	[WQ_BEH_GET_ONLINE_CPUS] = { "get_online_cpus", 0, false, 2 },
	[WQ_BEH_SCHEDULE_ON_EACH_CPU] = { "schedule_on_each_cpu", 0, false, 2 },
	[WQ_BEH_FLUSH_SCHEDULED_WORK] = { "flush_scheduled_work", 0, false, 2 },
	[WQ_BEH_CURRENT_IS_KEVENTD] = { "current_is_keventd", 0, false, 2 },
	[WQ_BEH_FREE_SELF] = { "free_self", 0, false, 4 },
	[WQ_BEH_EXECUTE_IN_PROCESS_CONTEXT] = {
		"execute_in_process_context", 0, false, 4 },
};

const char *const wq_kind_names[WQ_NR_KINDS] = {
	"multi", "singlethread", "freezeable",
};

const char *const wq_fault_names[WQ_NR_FAULTS] = {
	"none", "alloc", "kthread",
};

const char *const wq_sched_names[WQ_NR_SCHED_MODES] = {
	"free", "pct", "random", "steps",
};

bool wq_op_has(int op, char kind)
{
	return strchr(wq_ops[op].args, kind) != NULL;
}

int wq_queue_op(bool delayed, bool on, bool keventd)
{
	uint8_t want = WQ_OPF_QUEUE;
	int op;

	want |= delayed ? WQ_OPF_DELAYED : 0;
	want |= on ? WQ_OPF_ON : 0;
	want |= keventd ? WQ_OPF_KEVENTD : 0;
	for (op = 1; op < WQ_NR_OPS; op++)
		if (wq_ops[op].flags == want)
			return op;
	return WQ_OP_QUEUE_WORK;	/* not reached: all 8 exist */
}

int wq_lookup(const char *const *names, int n, const char *name, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return i;
	return -1;
}

int wq_op_lookup(const char *name, size_t len)
{
	int op;

	for (op = 1; op < WQ_NR_OPS; op++)
		if (strlen(wq_ops[op].name) == len &&
		    !memcmp(wq_ops[op].name, name, len))
			return op;
	return -1;
}

int wq_beh_lookup(const char *name, size_t len)
{
	int b;

	for (b = 0; b < WQ_NR_BEHS; b++)
		if (strlen(wq_behs[b].name) == len &&
		    !memcmp(wq_behs[b].name, name, len))
			return b;
	return -1;
}
