/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The misuse contract: the judge accepts a row's title only for a
 * program that has the row's hazard, rejects other titles, and MISUSE.md
 * (argv[1]) lists exactly the rows of wq_misuse_rows[].
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/misuse/contract.h"
#include "fuzz/prog/testing.h"

#define HZ(h)	(1u << (h))

static void judge(void)
{
	size_t i;

	for (i = 0; i < wq_nr_misuse_rows; i++) {
		const struct wq_misuse_row *r = &wq_misuse_rows[i];
		char title[256];

		snprintf(title, sizeof(title), "%s /proc/self/cwd/x.c:1 in f",
			 r->title);
		EXPECT(wq_misuse_judge(HZ(r->hazard), title) != NULL,
		       "row %zu expected for its hazard", i);
		EXPECT(wq_misuse_judge(~HZ(r->hazard) & (HZ(WQ_NR_HAZARDS) - 1),
				       title) == NULL ||
		       wq_misuse_judge(~HZ(r->hazard) & (HZ(WQ_NR_HAZARDS) - 1),
				       title)->hazard != r->hazard,
		       "row %zu never judged for another hazard", i);
		EXPECT(wq_misuse_judge(0, title) == NULL,
		       "row %zu: no hazard, no expected outcome", i);
	}
	EXPECT(wq_misuse_judge(HZ(WQ_NR_HAZARDS) - 1,
			       "flush_workqueue returned before w2 ran") == NULL,
	       "an oracle violation is never expected");
	EXPECT(wq_misuse_judge(HZ(WQ_HZ_FLUSH_OWN_WQ),
			       "freezing of tasks failed") == NULL,
	       "freezer failure without a freeze chain");
}

/* Every row appears in MISUSE.md's table as "| hazard | outcome | `title`". */
static void document(const char *path)
{
	static char text[65536];
	char line[512];
	size_t i;
	int rows = 0;

	if (!wq_test_read_doc(path, text, sizeof(text)))
		return;
	for (i = 0; i < wq_nr_misuse_rows; i++) {
		const struct wq_misuse_row *r = &wq_misuse_rows[i];

		snprintf(line, sizeof(line), "| %s | %s | `%s` |",
			 wq_hazard_names[r->hazard],
			 wq_outcome_names[r->outcome], r->title);
		EXPECT(strstr(text, line) != NULL, "MISUSE.md lacks: %s", line);
	}
	for (const char *p = text; (p = strstr(p, "\n| ")); p++)
		if (strstr(p, " | `") && strstr(p, " | `") < strchr(p + 1, '\n'))
			rows++;
	EXPECT(rows == (int)wq_nr_misuse_rows,
	       "MISUSE.md has %d contract rows, the table %zu", rows,
	       wq_nr_misuse_rows);
}

int main(int argc, char **argv)
{
	judge();
	EXPECT(argc == 2, "usage: contract_test MISUSE.md");
	if (argc == 2)
		document(argv[1]);
	return wq_test_done("contract_test");
}
