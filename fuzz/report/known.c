/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known-bugs registry as a C table, from core/known_bugs.inc (the one
 * machine-readable source; core/KNOWN_BUGS.md is its prose).
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz/report/known.h"
#include "fuzz/report/report.h"

const struct wq_known_bug wq_known_bugs[] = {
#define KNOWN_BUG(id, title, detail, porting, source) \
	{ id, title, detail, porting, source },
#include "core/known_bugs.inc"
#undef KNOWN_BUG
};

const size_t wq_nr_known_bugs = sizeof(wq_known_bugs) / sizeof(wq_known_bugs[0]);

static bool title_matches(const char *pattern, const char *title)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return !strncmp(title, pattern, n - 1);
	return !strcmp(title, pattern);
}

/* Does @detail contain every ';'-separated string of @need? */
static bool detail_matches(const char *need, const char *detail)
{
	char one[256];
	const char *s = need;
	size_t n;

	while (*s) {
		n = strcspn(s, ";");
		if (n >= sizeof(one) || !detail)
			return false;
		memcpy(one, s, n);
		one[n] = '\0';
		if (!strstr(detail, one))
			return false;
		s += n + (s[n] == ';');
	}
	return true;
}

/*
 * @title may be an instance title ("w2 grabbed but not listed"): the
 * registry holds stable titles, so it is matched in its stable form.
 */
const struct wq_known_bug *wq_known_bug(const char *title, const char *detail)
{
	char stable[256];
	size_t i;

	wq_report_stable_title(title, stable, sizeof(stable));
	for (i = 0; i < wq_nr_known_bugs; i++)
		if (title_matches(wq_known_bugs[i].title, stable) &&
		    detail_matches(wq_known_bugs[i].detail, detail))
			return &wq_known_bugs[i];
	return NULL;
}
