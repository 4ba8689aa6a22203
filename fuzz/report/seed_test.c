// SPDX-License-Identifier: GPL-2.0-only
/*
 * seed_test: the seed's function table against the port. core/workqueue.c
 * keeps the seed's functions in the seed's order ("the smallest possible
 * diff"), so each row's function is defined in it, in order, and the
 * rows' line ranges grow and do not overlap; wq_seed_named() finds the
 * functions a report names in order of mention, whole identifiers only;
 * wq_seed_markdown() cites both line numbers and the first function.
 */
#include <string.h>

#include "fuzz/prog/testing.h"
#include "fuzz/report/seed.h"

static char port[400000];

int main(void)
{
	const struct wq_seed_function *fn[4];
	const char *at = port, *s;
	char *md, def[80];
	size_t i;
	int n;

	if (!wq_test_read_doc("core/workqueue.c", port, sizeof(port)))
		return wq_test_done("seed_test");
	EXPECT(wq_nr_seed_functions >= 40, "%zu rows", wq_nr_seed_functions);
	for (i = 0; i < wq_nr_seed_functions; i++) {
		const struct wq_seed_function *f = &wq_seed_functions[i];

		EXPECT(f->first < f->last, "%s: lines %d-%d", f->name, f->first, f->last);
		if (i)
			EXPECT(wq_seed_functions[i - 1].last < f->first,
			       "%s overlaps the row before", f->name);
		snprintf(def, sizeof(def), "%s(", f->name);
		s = strstr(at, def);
		/* a definition: the name starts a line or follows a type */
		while (s && (s[-1] != ' ' && s[-1] != '*' && s[-1] != '\n'))
			s = strstr(s + 1, def);
		EXPECT(s != NULL, "%s: not defined after the previous row's function in core/workqueue.c",
		       f->name);
		if (s)
			at = s;
	}

	n = wq_seed_named("BUG_ON(get_wq_data(work) != cwq) in run_workqueue\n"
			  "enter flush_work, my_run_workqueue_x, queue_work_on",
			  fn, 4);
	EXPECT(n == 4, "found %d", n);
	EXPECT(n >= 2 && !strcmp(fn[0]->name, "get_wq_data") &&
	       !strcmp(fn[1]->name, "run_workqueue"), "order: %s %s",
	       n ? fn[0]->name : "-", n > 1 ? fn[1]->name : "-");
	EXPECT(n == 4 && !strcmp(fn[2]->name, "flush_work") &&
	       !strcmp(fn[3]->name, "queue_work_on"), "not whole identifiers");
	EXPECT(wq_seed_named("deadlock in nothing_known", fn, 4) == 0, "a false match");

	md = wq_seed_markdown("deadlock in flush_work", port, 4);
	EXPECT(md && strstr(md, "- `flush_work()`: kernel/workqueue.c lines 363-397 (Linux 2.6.29), core/workqueue.c line "),
	       "%s", md ? md : "(null)");
	EXPECT(md && strstr(md, "```c\nint flush_work(struct work_struct *work)\n{") &&
	       strstr(md, "\n}\n```\n"), "no body: %s", md ? md : "(null)");
	free(md);
	return wq_test_done("seed_test");
}
