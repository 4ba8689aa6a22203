/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known-bugs registry as a C table: known_bugs.inc is generated from
 * core/known_bugs.tsv at build time (fuzz/report/BUILD.bazel), so the
 * .tsv stays the one source.
 */
#include <string.h>

#include "fuzz/report/known.h"

const struct wq_known_bug wq_known_bugs[] = {
#include "fuzz/report/known_bugs.inc"
};

const size_t wq_nr_known_bugs = sizeof(wq_known_bugs) / sizeof(wq_known_bugs[0]);

const struct wq_known_bug *wq_known_bug(const char *title)
{
	size_t i;

	for (i = 0; i < wq_nr_known_bugs; i++)
		if (!strcmp(title, wq_known_bugs[i].title))
			return &wq_known_bugs[i];
	return NULL;
}
