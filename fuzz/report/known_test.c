/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known-bugs registry: titles match exactly (not by prefix, not
 * another title), titles are unique (an id may have several: one bug
 * seen under alternative titles), and core/KNOWN_BUGS.md
 * (argv[1]) has one table row per entry, with its id and its title.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/testing.h"
#include "fuzz/report/known.h"

static void lookup(void)
{
	char longer[512];
	size_t i, j;

	EXPECT(wq_nr_known_bugs >= 1, "registry is empty");
	for (i = 0; i < wq_nr_known_bugs; i++) {
		const struct wq_known_bug *b = &wq_known_bugs[i];

		EXPECT(wq_known_bug(b->title) == b, "%s: own title", b->id);
		snprintf(longer, sizeof(longer), "%s x", b->title);
		EXPECT(!wq_known_bug(longer), "%s: a longer title is not it", b->id);
		for (j = 0; j < i; j++)
			EXPECT(strcmp(b->title, wq_known_bugs[j].title),
			       "%s: title twice: %s", b->id, b->title);
	}
	EXPECT(!wq_known_bug("flush_workqueue returned before work ran"),
	       "an oracle title is not known");
	EXPECT(!wq_known_bug(""), "empty title");
}

static void document(const char *path)
{
	static char text[65536];
	char row[640];
	size_t i, n;
	FILE *f = fopen(path, "r");

	EXPECT(f != NULL, "cannot read %s", path);
	if (!f)
		return;
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	for (i = 0; i < wq_nr_known_bugs; i++) {
		snprintf(row, sizeof(row), "| %s | `%s` |", wq_known_bugs[i].id,
			 wq_known_bugs[i].title);
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
