/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqc: convert wqkit programs between text and bytes.
 *
 *   wqc encode IN OUT.bin      text -> canonical bytes
 *   wqc decode [--format=N] IN [OUT.wq]
 *                              bytes -> text (stdout without OUT); a text
 *                              IN prints its canonical text; --format=N
 *                              reads bytes of format vN (default: the
 *                              current), e.g. to convert v2 inputs
 *   wqc check IN               parse only
 *   wqc fmt IN [OUT.wq]        text -> canonical text, IN's leading
 *                              comment block kept
 *   wqc help | --help | -h     usage
 *
 * Text or bytes is told by content (wq_prog_is_text), not by the name.
 * IN may be "-" for stdin. Relative paths are taken from where the user
 * ran "bazel run" (BUILD_WORKING_DIRECTORY). Outputs are written
 * atomically (temporary file in the same directory, then rename), and
 * never over a file whose comments the new text would drop.
 *
 * Exit status (README "Exit codes"): 0 success, 2 usage or bad input
 * (unreadable, unparsable, or an output whose comments would be lost),
 * 3 writing the output failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/prog/files.h"
#include "fuzz/prog/prog.h"

#define EXIT_BAD	2
#define EXIT_IO		3

static const char *prog_name = "wqc";

static int fail(int code, const char *what, const char *path)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog_name, what, path,
		strerror(errno));
	return code;
}

/*
 * Under "bazel run" the working directory is the runfiles tree: take
 * relative paths from where the user ran bazel. Returns @path or a
 * malloc'ed path (never freed: wqc exits soon).
 */
static const char *user_path(const char *path)
{
	const char *wd = getenv("BUILD_WORKING_DIRECTORY");
	char *full;

	if (!strcmp(path, "-") || path[0] == '/' || !wd || !*wd)
		return path;
	if (asprintf(&full, "%s/%s", wd, path) < 0)
		return path;
	return full;
}

/* Read all of @path ("-" = stdin), NUL-terminated; *@len excludes the NUL. */
static char *slurp(const char *path, size_t *len)
{
	return strcmp(path, "-") ? wq_read_file(path, len) :
		wq_read_stream(stdin, len);
}

/* Does @text hold the comment @c ('#' to the line end, trimmed)? */
static bool has_comment(const char *text, const char *c, size_t n)
{
	const char *p = text;

	while ((p = strchr(p, '#'))) {
		size_t m = strcspn(p, "\r\n");

		while (m && (p[m - 1] == ' ' || p[m - 1] == '\t'))
			m--;
		if (m == n && !memcmp(p, c, n))
			return true;
		p += m ? m : 1;
	}
	return false;
}

/*
 * Refuse to replace @path if it holds a comment @text lacks (the
 * canonical text keeps only the leading comment block of fmt's input).
 * Returns 0, or EXIT_BAD after saying which comment would be lost.
 */
static int check_comments_kept(const char *path, const char *text)
{
	size_t len, lost = 0, line = 1, first_line = 0;
	const char *p, *first = NULL;
	int first_len = 0;
	struct stat st;
	char *old;

	/* Only a regular file is replaced (devices are written in place). */
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	old = slurp(path, &len);
	if (!old)
		return 0;	/* unreadable: writing it will say why */
	for (p = old; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '#') {
			size_t m = strcspn(p, "\r\n");

			while (m && (p[m - 1] == ' ' || p[m - 1] == '\t'))
				m--;
			if (!has_comment(text, p, m) && !lost++) {
				first = p;
				first_len = (int)m;
				first_line = line;
			}
			p += m ? m - 1 : 0;
		}
	}
	if (lost)
		fprintf(stderr, "%s: %s: not overwritten: the new text would drop %zu comment(s), the first at line %zu: %.*s\n"
			"%s: write to another file, or remove the comments first\n",
			prog_name, path, lost, first_line, first_len, first,
			prog_name);
	free(old);
	return lost ? EXIT_BAD : 0;
}

/*
 * Replace the regular file @path atomically (temporary file, rename);
 * write devices and FIFOs (/dev/stdout) in place; refuse directories.
 */
static int write_atomic(const char *path, const void *data, size_t len)
{
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s is a directory: give a file name\n",
			prog_name, path);
		return EXIT_BAD;
	}
	if (wq_write_file(path, data, len))
		return fail(EXIT_IO, "cannot write", path);
	return 0;
}

/* Parse text file @path; *@text_out (if asked) keeps the text. */
static int parse_file(const char *path, struct wq_prog *p, char **text_out)
{
	char err[512];
	size_t len;
	char *text = slurp(path, &len);
	int r;

	if (!text)
		return fail(EXIT_BAD, "cannot read", path);
	if (!wq_prog_is_text(text, len)) {
		fprintf(stderr, "%s: %s: not a text program (bytes? 'wqc decode %s' prints its text)\n",
			prog_name, path, path);
		free(text);
		return EXIT_BAD;
	}
	r = wq_prog_parse(text, path, p, err, sizeof(err));
	if (r) {
		fprintf(stderr, "%s\n", err);
		free(text);
		return EXIT_BAD;
	}
	if (text_out)
		*text_out = text;
	else
		free(text);
	return 0;
}

/* The comment lines before the first other line of @text (may be ""). */
static size_t leading_comments(const char *text)
{
	const char *p = text, *end = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t k = strspn(p, " \t\r");

		if (k < n && p[k] != '#')
			break;
		p += n + (p[n] == '\n');
		if (k < n)
			end = p;	/* a comment line */
	}
	return (size_t)(end - text);
}

/* The canonical text of @p after @lead (a comment block, or NULL). */
static int emit_text(const struct wq_prog *p, const char *lead,
		     const char *out)
{
	static char text[WQ_PROG_MAX_TEXT], all[2 * WQ_PROG_MAX_TEXT];
	const char *body = text;
	int n = wq_prog_print(p, text, sizeof(text));
	size_t nlead = lead ? leading_comments(lead) : 0, len;

	if (n < 0) {
		fprintf(stderr, "%s: program text too long\n", prog_name);
		return EXIT_BAD;
	}
	/* One marker line: the input's, if its comment block has one. */
	if (nlead && wq_prog_is_text(lead, nlead)) {
		body = strchr(text, '\n') + 1;
		n -= (int)(body - text);
	}
	if (nlead > sizeof(all) - (size_t)n - 1)
		nlead = 0;
	memcpy(all, lead ? lead : "", nlead);
	memcpy(all + nlead, body, (size_t)n + 1);
	len = nlead + (size_t)n;
	if (!out) {
		fputs(all, stdout);
		return fflush(stdout) ? fail(EXIT_IO, "cannot write", "stdout") : 0;
	}
	return check_comments_kept(out, all) ?: write_atomic(out, all, len);
}

static int cmd_encode(int argc, char **argv)
{
	uint8_t bytes[WQ_PROG_MAX_BYTES];
	struct wq_prog p;
	int r;

	if (argc != 2)
		return -1;
	r = parse_file(argv[0], &p, NULL);
	if (r)
		return r;
	return write_atomic(argv[1], bytes,
			    wq_prog_encode(&p, bytes, sizeof(bytes)));
}

static int cmd_fmt(int argc, char **argv)
{
	struct wq_prog p;
	char *text = NULL;
	int r;

	if (argc < 1 || argc > 2)
		return -1;
	r = parse_file(argv[0], &p, &text);
	if (!r)
		r = emit_text(&p, text, argc == 2 ? argv[1] : NULL);
	free(text);
	return r;
}

/* Why @data (@len bytes, @used of them decoded) is not canonical. */
static void note_not_canonical(const char *path, const uint8_t *data,
			       size_t len, size_t used, const uint8_t *canon,
			       size_t n)
{
	size_t i, differ = 0, first = 0;

	for (i = 0; i < used && i < n; i++) {
		if (data[i] != canon[i] && !differ++)
			first = i;
	}
	if (used < len)
		fprintf(stderr, "%s: note: %s: only the first %zu of its %zu bytes are used (a partial step or steps past the last are ignored)\n",
			prog_name, path, used, len);
	if (n > used)
		fprintf(stderr, "%s: note: %s: %zu bytes, shorter than a header: the missing bytes read as 0\n",
			prog_name, path, len);
	if (differ)
		fprintf(stderr, "%s: note: %s: %zu byte(s) hold values the decoder maps to others (the first at offset %zu)\n",
			prog_name, path, differ, first);
	if (used < len || n > used || differ)
		fprintf(stderr, "%s: note: 'wqc encode' of the printed text gives its canonical form (%zu bytes)\n",
			prog_name, n);
}

static int cmd_decode(int argc, char **argv)
{
	uint8_t canon[WQ_PROG_MAX_BYTES];
	int format = WQ_PROG_FORMAT;
	struct wq_prog p;
	size_t len, used, n;
	char *data, *end;

	if (argc >= 1 && !strncmp(argv[0], "--format=", 9)) {
		long v = strtol(argv[0] + 9, &end, 10);

		if (!argv[0][9] || *end || v < WQ_PROG_FORMAT_MIN ||
		    v > WQ_PROG_FORMAT) {
			fprintf(stderr, "%s: %s: this wqkit reads byte formats %d..%d\n",
				prog_name, argv[0], WQ_PROG_FORMAT_MIN,
				WQ_PROG_FORMAT);
			return EXIT_BAD;
		}
		format = (int)v;
		argc--;
		argv++;
	}
	if (argc < 1 || argc > 2)
		return -1;
	data = slurp(argv[0], &len);
	if (!data)
		return fail(EXIT_BAD, "cannot read", argv[0]);
	if (wq_prog_is_text(data, len)) {
		/* Text already: its canonical text, as fmt prints it. */
		free(data);
		fprintf(stderr, "%s: note: %s is a text program: printing its canonical text\n",
			prog_name, argv[0]);
		return cmd_fmt(argc, argv);
	}
	used = wq_prog_decode_format((const uint8_t *)data, len, format, &p);
	n = wq_prog_encode(&p, canon, sizeof(canon));
	if (format == WQ_PROG_FORMAT)	/* older bytes: not this encoding */
		note_not_canonical(argv[0], (const uint8_t *)data, len, used,
				   canon, n);
	free(data);
	return emit_text(&p, NULL, argc == 2 ? argv[1] : NULL);
}

static int cmd_check(int argc, char **argv)
{
	struct wq_prog p;

	if (argc != 1)
		return -1;
	return parse_file(argv[0], &p, NULL);
}

static int cmd_help(int argc, char **argv);

static const struct {
	const char *name;
	const char *usage;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "encode", "IN OUT.bin       text -> canonical bytes", cmd_encode },
	{ "decode", "[--format=N] IN [OUT.wq]  bytes (of format vN) -> text (stdout without OUT)", cmd_decode },
	{ "check", "IN               parse only", cmd_check },
	{ "fmt", "IN [OUT.wq]         text -> canonical text (leading comments kept)", cmd_fmt },
	{ "help", "                   this text", cmd_help },
};
#define NR_CMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage:\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "  %s %s %s\n", prog_name, cmds[i].name,
			cmds[i].usage);
	fprintf(f,
		"Text or bytes is told by content, not by the file name; IN may be '-'\n"
		"(stdin). Outputs are replaced atomically, never over a file whose\n"
		"comments the new text would drop.\n"
		"exit status: 0 ok, 2 usage or bad input, 3 writing the output failed\n");
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;
	int r, a;

	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return cmd_help(0, NULL);
	for (a = 2; a < argc; a++)
		argv[a] = (char *)user_path(argv[a]);
	for (i = 0; i < NR_CMDS; i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		r = cmds[i].fn(argc - 2, argv + 2);
		if (r < 0) {
			usage(stderr);
			return EXIT_BAD;
		}
		return r;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog_name, argv[1]);
	usage(stderr);
	return EXIT_BAD;
}
