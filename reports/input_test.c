// SPDX-License-Identifier: GPL-2.0-only
/*
 * Triage inputs: .wq programs are recognised by content, bytes are
 * decoded as the fuzz targets decode them, and each kind of bad input
 * (missing, directory, empty, foreign text, syntax error) is refused
 * with its own one-line reason; directory listings are sorted and skip
 * hidden files and subdirectories.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/prog/testing.h"
#include "reports/input.h"

static char root[] = "/tmp/input_test.XXXXXX";

static const char *put(const char *name, const char *data, size_t len)
{
	static char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

/* Load @name; returns 0/-1 and leaves the reason in @err. */
static int load(const char *name, struct tr_input *in, char *err)
{
	snprintf(in->path, sizeof(in->path), "%s/%s", root, name);
	err[0] = '\0';
	return tr_input_load(in, err, 256);
}

int main(void)
{
	static const char prog[] =
		"# SPDX-License-Identifier: GPL-2.0-only\n# a comment\n\n"
		"# wqkit program v1\ncpus 2\nactors 2\nschedule pct seed=1 depth=2\n";
	static const uint8_t bytes[] = { 1, 1, 0, 0, 1, 0, 0, 0, 3, 9 };
	static struct tr_input in;
	char err[256], **list, cmd[128];
	int n;

	EXPECT(mkdtemp(root) != NULL, "mkdtemp");
	EXPECT(tr_is_wq_text(prog, strlen(prog)), "header after comments");
	EXPECT(!tr_is_wq_text("cpus 2\n# wqkit program v1\n", 26), "too late");
	EXPECT(!tr_is_wq_text("# wqkit program\x01", 16), "binary");

	put("b.wq", prog, strlen(prog));
	EXPECT(!load("b.wq", &in, err) && in.text && in.prog.ncpus == 2, "%s", err);
	put("a-crash", (const char *)bytes, sizeof(bytes));
	EXPECT(!load("a-crash", &in, err) && !in.text && in.prog.ncpus == 2 &&
	       !in.prog.misuse, "bytes: %s", err);

	put("empty", "", 0);
	EXPECT(load("empty", &in, err) && strstr(err, "empty"), "%s", err);
	put("README.txt", "hello\n", 6);
	EXPECT(load("README.txt", &in, err) && strstr(err, "not a wqkit input"), "%s", err);
	put("bad.wq", "# wqkit program v1\ncpus 9\n", 26);
	EXPECT(load("bad.wq", &in, err) && strstr(err, "bad.wq:2"), "%s", err);
	EXPECT(load("missing", &in, err) && strstr(err, "cannot read"), "%s", err);
	snprintf(cmd, sizeof(cmd), "%s/sub", root);
	mkdir(cmd, 0777);
	EXPECT(load("sub", &in, err) && strstr(err, "directory"), "%s", err);
	put(".hidden", "x", 1);

	n = tr_list_dir(root, &list);
	EXPECT(n == 5, "%d files", n);
	EXPECT(n == 5 && strstr(list[0], "/README.txt") &&
	       strstr(list[1], "/a-crash") && strstr(list[4], "/empty"), "order");
	wq_free_list(list, n);
	EXPECT(tr_list_dir(cmd, &list) == 0, "empty dir");
	wq_free_list(list, 0);
	EXPECT(tr_list_dir("/nonexistent/x", &list) < 0, "missing dir");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	EXPECT(!system(cmd), "cleanup");
	return wq_test_done("input_test");
}
