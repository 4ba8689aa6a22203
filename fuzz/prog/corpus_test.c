/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every seed program in //corpus:programs parses and satisfies the
 * round-trip laws, and together they cover every op and behaviour.
 * The files are passed as arguments by Bazel ($(locations ...)).
 */
#include <string.h>

#include "fuzz/prog/laws.h"
#include "fuzz/prog/ops.h"
#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define MIN_PROGRAMS	30

static bool op_seen[WQ_NR_OPS], beh_seen[WQ_NR_BEHS];

static int read_text(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n == cap - 1 ? -1 : 0;
}

static void one(const char *path)
{
	static char text[WQ_PROG_MAX_TEXT * 2];
	char err[512], why[4096];
	struct wq_prog p;
	int s, a, i;

	if (read_text(path, text, sizeof(text))) {
		EXPECT(0, "cannot read %s", path);
		return;
	}
	if (wq_prog_parse(text, path, &p, err, sizeof(err))) {
		EXPECT(0, "%s", err);
		return;
	}
	EXPECT(!wq_prog_laws_program(&p, why, sizeof(why)), "%s: %s", path, why);
	EXPECT(p.nsteps > 0, "%s: no steps", path);
	for (s = 0; s < p.nsteps; s++)
		for (a = 0; a < p.nactors; a++)
			op_seen[p.step[s][a].op] = true;
	for (i = 0; i < p.nworks; i++)
		beh_seen[p.work[i].beh] = true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * Each 'slot_<op>="\xNN...' entry must start with <op>'s byte code;
 * each 'step_' entry is one step record.
 */
static void dict(const char *path)
{
	static char text[WQ_PROG_MAX_TEXT];
	const char *line = text;
	unsigned int code;
	int entries = 0;

	if (read_text(path, text, sizeof(text))) {
		EXPECT(0, "cannot read %s", path);
		return;
	}
	for (; line && *line; line = strchr(line, '\n'), line += !!line) {
		const char *eq = strchr(line, '=');
		int op;

		if (!strncmp(line, "step_", 5) && eq)
			EXPECT(strcspn(eq + 2, "\"\n") == 4 * WQ_PROG_STEP_BYTES,
			       "%s: %.40s: not one %d-byte step", path, line,
			       WQ_PROG_STEP_BYTES);
		if (strncmp(line, "slot_", 5) || !eq)
			continue;
		op = wq_op_lookup(line + 5, (size_t)(eq - line - 5));
		EXPECT(op > 0, "%s: unknown op in %.40s", path, line);
		EXPECT(sscanf(eq, "=\"\\x%2x", &code) == 1 && (int)code == op,
		       "%s: %.40s: op %s has code %d", path, line,
		       op > 0 ? wq_ops[op].name : "?", op);
		entries++;
	}
	EXPECT(entries == WQ_NR_OPS - 1, "%s: %d slot entries", path, entries);
}

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (ends_with(argv[i], ".dict"))
			dict(argv[i]);
		if (!ends_with(argv[i], ".wq"))
			continue;
		one(argv[i]);
		n++;
	}
	EXPECT(n >= MIN_PROGRAMS, "only %d programs", n);
	for (i = 1; i < WQ_NR_OPS; i++)
		EXPECT(op_seen[i], "no corpus program uses %s", wq_ops[i].name);
	for (i = 0; i < WQ_NR_BEHS; i++)
		EXPECT(beh_seen[i], "no corpus program uses behaviour %s",
		       wq_behs[i].name);
	printf("%d programs\n", n);
	return wq_test_done("corpus_test");
}
