/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Triage inputs: crash files (bytes, decoded as the fuzz targets decode
 * them) and .wq programs (recognised by their '# wqkit program' line,
 * not by name), given as files or directories.
 */
#ifndef _WQKIT_REPORTS_INPUT_H
#define _WQKIT_REPORTS_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "fuzz/prog/files.h"
#include "fuzz/prog/prog.h"

/*
 * A crash file's sidecar, <file>.ctx, written by the launcher that saved
 * it (fuzz/tools/launcher_lib.sh, wq_write_sidecars): the context the
 * finding needs to replay. Text, one "key value" per line after the
 * "# wqkit crash context v1" line.
 */
#define TR_CTX_SUFFIX	".ctx"
#define TR_CTX_MAGIC	"# wqkit crash context v1"

struct tr_ctx {
	bool present;		/* a sidecar was read */
	char target[64];	/* workqueue_fuzzer, workqueue_fuzzer_tsan, ... */
	char engine[32];	/* libfuzzer, afl, naive */
	char sanitizer[16];	/* asan, tsan */
	char build[64];		/* clean, or the zoo bug */
	char mode[16];		/* WQKIT_SCHED of the run, or "default" */
	char inject[32];	/* WQKIT_INJECT of the run, or "none" */
	char commit[64];	/* kit commit ("unknown" outside git) */
	int format;		/* byte format version (WQ_PROG_FORMAT) */
};

struct tr_input {
	char path[4096];
	bool text;		/* a .wq program, run as written */
	size_t len;		/* bytes read */
	struct wq_prog prog;
	struct tr_ctx ctx;	/* its sidecar, if any */
};

/**
 * tr_input_load - read and decode one input file
 * @in: @in->path set; the rest is filled
 * @err: on failure, one line saying what is wrong with the file
 * @len: size of @err
 *
 * Reads the sidecar <path>.ctx too, if there is one: bytes then decode
 * under its format version. Returns 0, or -1 for a bad input (unreadable,
 * a directory, empty, text that is not a wqkit program, a .wq with a
 * syntax error, a malformed sidecar or a format this kit does not read).
 */
int tr_input_load(struct tr_input *in, char *err, size_t len);

/**
 * tr_is_wq_text - does @buf hold a .wq program? Its leading comment
 * lines include '# wqkit program', and it is text.
 */
bool tr_is_wq_text(const char *buf, size_t len);

/**
 * tr_list_dir - the input files of a crash directory, sorted
 * @dir: directory
 * @out: set to a malloc'd array of malloc'd paths (free with
 *       wq_free_list(), fuzz/prog/files.h)
 *
 * wq_list_dir() with triage's filter: hidden files, sidecars (*.ctx) and
 * subdirectories are skipped. Returns the count, or -1 if @dir cannot be
 * read.
 */
int tr_list_dir(const char *dir, char ***out);

/**
 * tr_ctx_parse - parse sidecar text @buf into @c
 * @err: on failure, what is wrong (one line)
 *
 * Returns 0, or -1 for text that is not a sidecar, an unknown key or a
 * missing one.
 */
int tr_ctx_parse(const char *buf, struct tr_ctx *c, char *err, size_t len);

/**
 * tr_ctx_mismatch - can this triage reproduce @c's context?
 * @c: the sidecar
 * @build: this triage's build ("clean" or the zoo bug)
 * @sanitizer: this triage's sanitizer ("asan", "tsan")
 * @why: when it cannot, one line: what differs and the command that can
 * @len: size of @why
 *
 * Compares the build, the sanitizer and WQKIT_INJECT / WQKIT_SCHED of
 * the environment with the run's. Returns true on a mismatch.
 */
bool tr_ctx_mismatch(const struct tr_ctx *c, const char *build,
		     const char *sanitizer, char *why, size_t len);

/**
 * tr_ctx_misuse - was @c's crash found by the misuse target? Its bytes
 * then decode with their misuse flag, and the misuse contract judges
 * the failures (fuzz/misuse/MISUSE.md).
 */
bool tr_ctx_misuse(const struct tr_ctx *c);

#endif /* _WQKIT_REPORTS_INPUT_H */
