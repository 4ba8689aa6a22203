/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading bug folders back (for //reports:sarif and //reports:file).
 */
#ifndef _WQKIT_REPORTS_BUGS_H
#define _WQKIT_REPORTS_BUGS_H

#include <stddef.h>

struct tr_bug {
	char dir[4096];
	char name[256];		/* the folder's name */
	char title[160];	/* description */
	char reliability[32];
	char func[64];		/* the 2.6.29 function the failure names */
};

/**
 * tr_read_text - a whole file as a malloc'd NUL-terminated string
 * Returns NULL if it cannot be read.
 */
char *tr_read_text(const char *path);

/**
 * tr_bug_read - read bug folder @dir into @b
 * Returns 0, or -1 if @dir is not a bug folder (no description).
 */
int tr_bug_read(const char *dir, struct tr_bug *b);

/**
 * tr_bugs_list - every bug folder under @into, sorted by name
 * @out: malloc'd array (free())
 * Returns the count, or -1 if @into cannot be read.
 */
int tr_bugs_list(const char *into, struct tr_bug **out);

/**
 * tr_func_line - the line of @func's definition in the C file @text
 * (a line starting at column 0 with a type and "func(")
 * Returns the 1-based line, or 0 if not found.
 */
int tr_func_line(const char *text, const char *func);

/**
 * tr_kit_commit - `git describe --always --dirty` of workspace @ws
 * @buf: output, "unknown" if @ws is NULL or not a git checkout
 */
void tr_kit_commit(const char *ws, char *buf, size_t len);

/**
 * tr_user_path - @path made absolute against the directory the user ran
 * `bazel run` from (BUILD_WORKING_DIRECTORY), if relative and known
 */
void tr_user_path(const char *path, char *out, size_t len);

#endif /* _WQKIT_REPORTS_BUGS_H */
