/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqc: convert wqkit programs between text (.wq) and bytes.
 *
 *   wqc encode IN.wq OUT.bin   text -> canonical bytes
 *   wqc decode IN.bin [OUT.wq] bytes -> text (stdout without OUT)
 *   wqc check IN.wq            parse only
 *   wqc fmt IN.wq [OUT.wq]     text -> canonical text
 *
 * IN may be "-" for stdin. Outputs are written atomically (temporary
 * file in the same directory, then rename). Exit status: 0 success,
 * 1 I/O error, 2 bad input or usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/prog/prog.h"

#define EXIT_IO		1
#define EXIT_BAD	2
#define MAX_INPUT	(1 << 20)

static const char *prog_name = "wqc";

static int io_error(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog_name, what, path,
		strerror(errno));
	return EXIT_IO;
}

/* Read all of @path ("-" = stdin), NUL-terminated; *@len excludes the NUL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(MAX_INPUT + 1);
	if (buf) {
		*len = fread(buf, 1, MAX_INPUT, f);
		buf[*len] = '\0';
		if (ferror(f)) {
			free(buf);
			buf = NULL;
		}
	}
	if (f != stdin)
		fclose(f);
	return buf;
}

static int write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return io_error("cannot write", path);
	}
	f = fopen(tmp, "wb");
	if (!f)
		return io_error("cannot create", tmp);
	ok = fwrite(data, 1, len, f) == len;
	ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path)) {
		int r = io_error("cannot write", path);

		unlink(tmp);
		return r;
	}
	return 0;
}

static int parse_file(const char *path, struct wq_prog *p)
{
	char err[512];
	size_t len;
	char *text = slurp(path, &len);
	int r;

	if (!text)
		return io_error("cannot read", path);
	if (!wq_prog_is_text(text, len)) {
		fprintf(stderr, "%s: %s: not a text program (bytes? 'wqc decode %s' prints its text)\n",
			prog_name, path, path);
		free(text);
		return EXIT_BAD;
	}
	r = wq_prog_parse(text, path, p, err, sizeof(err));
	free(text);
	if (r) {
		fprintf(stderr, "%s\n", err);
		return EXIT_BAD;
	}
	return 0;
}

static int emit_text(const struct wq_prog *p, const char *out)
{
	static char text[WQ_PROG_MAX_TEXT];
	int n = wq_prog_print(p, text, sizeof(text));

	if (n < 0) {
		fprintf(stderr, "%s: program text too long\n", prog_name);
		return EXIT_IO;
	}
	if (!out) {
		fputs(text, stdout);
		return fflush(stdout) ? io_error("cannot write", "stdout") : 0;
	}
	return write_atomic(out, text, (size_t)n);
}

static int cmd_encode(int argc, char **argv)
{
	uint8_t bytes[WQ_PROG_MAX_BYTES];
	struct wq_prog p;
	int r;

	if (argc != 2)
		return -1;
	r = parse_file(argv[0], &p);
	if (r)
		return r;
	return write_atomic(argv[1], bytes,
			    wq_prog_encode(&p, bytes, sizeof(bytes)));
}

static int cmd_fmt(int argc, char **argv);

static int cmd_decode(int argc, char **argv)
{
	uint8_t canon[WQ_PROG_MAX_BYTES];
	struct wq_prog p;
	size_t len, used, n;
	char *data;

	if (argc < 1 || argc > 2)
		return -1;
	data = slurp(argv[0], &len);
	if (!data)
		return io_error("cannot read", argv[0]);
	if (wq_prog_is_text(data, len)) {
		/* Text already: its canonical text, as fmt prints it. */
		free(data);
		fprintf(stderr, "%s: note: %s is a text program: printing its canonical text\n",
			prog_name, argv[0]);
		return cmd_fmt(argc, argv);
	}
	used = wq_prog_decode((const uint8_t *)data, len, &p);
	n = wq_prog_encode(&p, canon, sizeof(canon));
	if (used != len || n != len || memcmp(canon, data, n))
		fprintf(stderr,
			"%s: note: %s is not canonical (%zu bytes, %zu used); 'wqc encode' of the text gives %zu canonical bytes\n",
			prog_name, argv[0], len, used, n);
	free(data);
	return emit_text(&p, argc == 2 ? argv[1] : NULL);
}

static int cmd_check(int argc, char **argv)
{
	struct wq_prog p;

	if (argc != 1)
		return -1;
	return parse_file(argv[0], &p);
}

static int cmd_fmt(int argc, char **argv)
{
	struct wq_prog p;
	int r;

	if (argc < 1 || argc > 2)
		return -1;
	r = parse_file(argv[0], &p);
	return r ? r : emit_text(&p, argc == 2 ? argv[1] : NULL);
}

static const struct {
	const char *name;
	const char *usage;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "encode", "IN.wq OUT.bin", cmd_encode },
	{ "decode", "IN.bin [OUT.wq]", cmd_decode },
	{ "check", "IN.wq", cmd_check },
	{ "fmt", "IN.wq [OUT.wq]", cmd_fmt },
};

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %s %s %s\n", prog_name, cmds[i].name,
			cmds[i].usage);
	fprintf(stderr, "exit status: 0 ok, 1 I/O error, 2 bad input or usage\n");
	return EXIT_BAD;
}

int main(int argc, char **argv)
{
	size_t i;
	int r;

	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		r = cmds[i].fn(argc - 2, argv + 2);
		return r < 0 ? usage() : r;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog_name, argv[1]);
	return usage();
}
