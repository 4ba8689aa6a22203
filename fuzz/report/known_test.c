/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known-bugs registry: a failure matches a row by its title (exactly,
 * or by prefix for a row ending in '*') and by its detail (every string
 * of the row's detail column); titles alone, other titles and reports
 * without the detail do not match; and core/KNOWN_BUGS.md (argv[1]) has
 * a table row per entry, with its id and title.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/testing.h"
#include "fuzz/report/known.h"

/* A title and a detail that match row @b. */
static void sample(const struct wq_known_bug *b, char *title, size_t tlen,
		   char *detail, size_t dlen)
{
	size_t n = strlen(b->title);
	const char *s;

	if (n && b->title[n - 1] == '*')
		snprintf(title, tlen, "%.*sany_function", (int)(n - 1), b->title);
	else
		snprintf(title, tlen, "%s", b->title);
	snprintf(detail, dlen, "report:\n");
	for (s = b->detail; *s; s += strcspn(s, ";") + (s[strcspn(s, ";")] == ';'))
		snprintf(detail + strlen(detail), dlen - strlen(detail),
			 "  ... %.*s ...\n", (int)strcspn(s, ";"), s);
}

static void lookup(void)
{
	char title[512], detail[1024], longer[600];
	size_t i;

	EXPECT(wq_nr_known_bugs >= 1, "registry is empty");
	for (i = 0; i < wq_nr_known_bugs; i++) {
		const struct wq_known_bug *b = &wq_known_bugs[i];

		sample(b, title, sizeof(title), detail, sizeof(detail));
		EXPECT(wq_known_bug(title, detail) == b, "%s: its sample", b->id);
		if (b->detail[0]) {
			EXPECT(!wq_known_bug(title, "report:\n  nothing\n"),
			       "%s: the title without the detail", b->id);
			EXPECT(!wq_known_bug(title, NULL), "%s: no detail", b->id);
		}
		snprintf(longer, sizeof(longer), "x%s", title);
		EXPECT(!wq_known_bug(longer, detail), "%s: another title", b->id);
	}
	EXPECT(!wq_known_bug("flush_workqueue returned before work ran", ""),
	       "an oracle title is not known");
	EXPECT(!wq_known_bug("", ""), "empty title");
}

static void document(const char *path)
{
	static char text[65536];
	char row[640];
	size_t i;

	if (!wq_test_read_doc(path, text, sizeof(text)))
		return;
	for (i = 0; i < wq_nr_known_bugs; i++) {
		snprintf(row, sizeof(row), "| %s | `%s` | `%s` |",
			 wq_known_bugs[i].id, wq_known_bugs[i].title,
			 wq_known_bugs[i].detail);
		EXPECT(strstr(text, row) != NULL, "KNOWN_BUGS.md lacks: %s", row);
	}
}

int main(int argc, char **argv)
{
	lookup();
	EXPECT(argc == 2, "usage: known_test KNOWN_BUGS.md");
	if (argc == 2)
		document(argv[1]);
	return wq_test_done("known_test");
}
