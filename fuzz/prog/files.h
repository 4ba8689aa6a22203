/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kit's one file reader, one directory walker and one file writer
 * (library //fuzz/prog:files; libc only): every tool that takes inputs --
 * wqc, the fuzz launchers' file modes, replay, bench, repeat_cov, triage
 * -- reads a file and lists a directory of inputs through these, and
 * every tool that writes a file (wqc, the reports, the soak, the naive
 * engine's crashes, bench's mutants) writes it with wq_write_file().
 */
#ifndef _WQKIT_FUZZ_PROG_FILES_H
#define _WQKIT_FUZZ_PROG_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

/* The most any input file is read of: programs are far smaller. */
#define WQ_MAX_FILE	(1 << 20)

/**
 * wq_read_stream - read @f to its end, at most WQ_MAX_FILE bytes
 * @f: an open stream (left open)
 * @len: bytes read (the NUL added after them not counted)
 *
 * Returns a malloc'd, NUL-terminated buffer, or NULL with errno set (a
 * read error, or ENOMEM).
 */
char *wq_read_stream(FILE *f, size_t *len);

/**
 * wq_read_file - wq_read_stream() of the file @path
 * @path: a file name
 * @len: bytes read
 *
 * NULL with errno set if it cannot be opened or read.
 */
char *wq_read_file(const char *path, size_t *len);

/* Does @s end in @suffix? */
bool wq_has_suffix(const char *s, const char *suffix);

/*
 * Which entries of a directory wq_list_dir() keeps, besides skipping
 * every name that starts with '.': @name is the entry's name, @st its
 * stat(2) (entries stat cannot read are skipped).
 */
typedef bool (*wq_dir_keep_fn)(const char *name, const struct stat *st);

/* The keep functions the tools share: regular files, and regular files
 * but for notes ("*.md": a corpus folder's README). */
bool wq_keep_regular(const char *name, const struct stat *st);
bool wq_keep_regular_not_md(const char *name, const struct stat *st);

/**
 * wq_list_dir - the entries of @dir that @keep keeps, in name order
 * @dir: a directory
 * @keep: the filter (see wq_dir_keep_fn)
 * @out: set to a malloc'd array of malloc'd paths "@dir/name" (one '/'
 *       even if @dir ends in one); free with wq_free_list()
 *
 * Returns how many, or -1 with errno set if @dir cannot be listed or
 * memory runs out (nothing to free then).
 */
int wq_list_dir(const char *dir, wq_dir_keep_fn keep, char ***out);

/* Free a list from wq_list_dir() (NULL with 0 is fine). */
void wq_free_list(char **list, int n);

/**
 * wq_write_file - write @len bytes of @data to @path, all or nothing
 * @path: a file name (a new file, a regular file to replace, or a device
 *        or FIFO such as /dev/stdout)
 * @data: the bytes
 * @len: how many
 *
 * A regular or new file is written to a hidden temporary file beside it
 * ("dir/.name.tmp.PID", which the directory walker skips), flushed to
 * disk and renamed over @path: a reader sees the old file or the whole
 * new one, never a part of it. A device or FIFO is written in place (a
 * rename would replace the node). A directory is refused (EISDIR).
 *
 * Returns 0, or -1 with errno set (ENOSPC on a full disk or /dev/full);
 * on failure no temporary file is left and a regular @path is as it was.
 */
int wq_write_file(const char *path, const void *data, size_t len);

#endif /* _WQKIT_FUZZ_PROG_FILES_H */
