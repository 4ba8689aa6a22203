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

#include "fuzz/prog/prog.h"

struct tr_input {
	char path[4096];
	bool text;		/* a .wq program, run as written */
	size_t len;		/* bytes read */
	struct wq_prog prog;
};

/**
 * tr_input_load - read and decode one input file
 * @in: @in->path set; the rest is filled
 * @err: on failure, one line saying what is wrong with the file
 * @len: size of @err
 *
 * Returns 0, or -1 for a bad input (unreadable, a directory, empty, text
 * that is not a wqkit program, a .wq with a syntax error).
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
 * @out: set to a malloc'd array of malloc'd paths (free with tr_free_list)
 *
 * Hidden files and subdirectories are skipped. Returns the count, or -1
 * if @dir cannot be read.
 */
int tr_list_dir(const char *dir, char ***out);

void tr_free_list(char **list, int n);

#endif /* _WQKIT_REPORTS_INPUT_H */
