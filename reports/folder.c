// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bug folders (see folder.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/prog/files.h"
#include "reports/folder.h"

void tr_slug(const char *title, char *out, size_t len)
{
	size_t n = 0;
	bool dash = false;

	for (; *title && n + 2 < len && n < 80; title++) {
		if (isalnum((unsigned char)*title) || *title == '_') {
			if (dash && n)
				out[n++] = '-';
			out[n++] = (char)tolower((unsigned char)*title);
			dash = false;
		} else {
			dash = true;
		}
	}
	if (!n)
		n = (size_t)snprintf(out, len, "untitled");
	out[n < len ? n : len - 1] = '\0';
}

/* The title set of folder @dir (its "titles" file, one per line). */
static void read_titles(const char *dir, struct wq_title_set *t)
{
	char path[4200], line[WQ_TITLE_LEN + 2];
	FILE *f;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/titles", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		wq_title_set_add(t, line);
	}
	fclose(f);
}

int tr_folder_find(const char *into, const struct wq_title_set *t,
		   char *path, size_t len)
{
	struct wq_title_set known;
	DIR *d = opendir(into);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, len, "%s/%s", into, e->d_name);
		read_titles(path, &known);
		found = wq_title_set_intersects(t, &known);
	}
	closedir(d);
	return found;
}

static int mkdir_p(const char *dir)
{
	char buf[4096], *s;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}

static void titles_text(const struct wq_title_set *t, char *buf, size_t len)
{
	size_t pos = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < t->n && pos < len; i++)
		pos += snprintf(buf + pos, len - pos, "%s\n", t->t[i]);
}

/* Fill the temporary folder @tmp. */
static int fill(const char *tmp, const struct wq_title_set *t,
		const struct tr_file *files, int n)
{
	char path[4400], text[WQ_MAX_TITLES * (WQ_TITLE_LEN + 1) + 1];
	int i;

	snprintf(path, sizeof(path), "%s/description", tmp);
	snprintf(text, sizeof(text), "%s\n", t->t[0]);
	if (wq_write_file(path, text, strlen(text)))
		return -1;
	snprintf(path, sizeof(path), "%s/titles", tmp);
	titles_text(t, text, sizeof(text));
	if (wq_write_file(path, text, strlen(text)))
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, files[i].name);
		if (wq_write_file(path, files[i].data, files[i].len))
			return -1;
	}
	return 0;
}

static void remove_tree(const char *dir)
{
	char path[4400];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, ".."))) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(dir);
}

int tr_folder_create(const char *into, const struct wq_title_set *t,
		     const struct tr_file *files, int n, char *path,
		     size_t len)
{
	char slug[96], tmp[4200];
	struct stat st;
	int k, e;

	if (!t->n || mkdir_p(into))
		return -1;
	tr_slug(t->t[0], slug, sizeof(slug));
	snprintf(path, len, "%s/%s", into, slug);
	/* Another bug with the same slug (titles not intersecting): -2, -3... */
	for (k = 2; !stat(path, &st) && k < 100; k++)
		snprintf(path, len, "%s/%s-%d", into, slug, k);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s-%d", into, slug, (int)getpid());
	remove_tree(tmp);
	if (mkdir(tmp, 0777))
		return -1;
	if (fill(tmp, t, files, n) || rename(tmp, path)) {
		e = errno;
		remove_tree(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int tr_folder_add_log(const char *dir, const char *log, size_t len)
{
	char path[4200];
	struct stat st;
	time_t oldest = 0;
	int i, slot = -1;

	for (i = 0; i < TR_MAX_LOGS; i++) {
		snprintf(path, sizeof(path), "%s/log%d", dir, i);
		if (stat(path, &st)) {
			slot = i;
			break;
		}
		if (slot < 0 || st.st_mtime < oldest) {
			slot = i;
			oldest = st.st_mtime;
		}
	}
	snprintf(path, sizeof(path), "%s/log%d", dir, slot);
	return wq_write_file(path, log, len);
}
