/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known-bugs registry (core/KNOWN_BUGS.md, core/known_bugs.inc):
 * failures of the unmodified 2.6.29 code that are bugs of the workqueue
 * itself. A failure whose title is a registry title is "known".
 */
#ifndef _WQKIT_FUZZ_REPORT_KNOWN_H
#define _WQKIT_FUZZ_REPORT_KNOWN_H

#include <stddef.h>

struct wq_known_bug {
	const char *id;		/* short name, e.g. cleanup_under_hotplug_lock */
	const char *title;	/* the failure title, exactly; a prefix if it
				 * ends in '*' */
	const char *detail;	/* ';'-separated strings the report's detail
				 * must all contain ("" for none) */
	const char *porting;	/* PORTING.md item, or "-" */
	const char *source;	/* the 2.6.29 comment or upstream fix */
};

extern const struct wq_known_bug wq_known_bugs[];
extern const size_t wq_nr_known_bugs;

/**
 * wq_known_bug - the registry entry a failure matches, or NULL
 * @title: the failure's title (an instance title is matched in its stable form)
 * @detail: the failure's report text (its detail section, or the whole
 *          report); NULL matches only rows that need no detail
 */
const struct wq_known_bug *wq_known_bug(const char *title, const char *detail);

#endif /* _WQKIT_FUZZ_REPORT_KNOWN_H */
