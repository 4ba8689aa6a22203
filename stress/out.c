// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results: out/soak/<date>/<scenario>/{log,stats.jsonl,summary.md,...}.
 * Streams are written as <name>.partial and renamed when the run ends,
 * other files via a temporary file and rename(): a reader never sees a
 * half-written file under its final name (a killed run leaves .partial).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/prog/files.h"
#include "stress/soak.h"

/* mkdir -p @path; 0 or -1 (errno). */
static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0777) && errno != EEXIST ? -1 : 0;
}

static const char *out_root(const struct soak_params *sp, char *buf,
			    size_t len)
{
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");

	if (sp->out[0])
		return sp->out;
	snprintf(buf, len, "%s/out/soak", ws ? ws : ".");
	return buf;
}

static void unlink_in(const char *dir, const char *name)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static FILE *open_partial(const char *dir, const char *name)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/%s.partial", dir, name);
	return fopen(path, "w");
}

int soak_out_open(struct soak_out *o, const struct soak_params *sp,
		  char *err, size_t len)
{
	char root[600], date[16];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(o->dir, sizeof(o->dir), "%s/%s/%s%s%s",
		 out_root(sp, root, sizeof(root)), date, sp->scenario,
		 sp->busted[0] ? ".busted-" : "", sp->busted);
	if (mkdirs(o->dir)) {
		snprintf(err, len, "cannot create %s: %s", o->dir, strerror(errno));
		return -1;
	}
	/* A failed run's files must not outlive a later run in this dir. */
	unlink_in(o->dir, "repro.wq");
	unlink_in(o->dir, "summary.md");
	o->log = open_partial(o->dir, "log");
	o->jsonl = open_partial(o->dir, "stats.jsonl");
	if (!o->log || !o->jsonl) {
		snprintf(err, len, "cannot write in %s: %s", o->dir, strerror(errno));
		return -1;
	}
	return 0;
}

void soak_say(struct soak_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
	if (!o || !o->log)
		return;
	va_start(ap, fmt);
	vfprintf(o->log, fmt, ap);
	va_end(ap);
	fflush(o->log);
}

int soak_write_file(const char *dir, const char *name, const char *text)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return wq_write_file(path, text, strlen(text));
}

/* Close @f (dir/name.partial) and rename it to dir/name. */
static int finish_stream(FILE *f, const char *dir, const char *name)
{
	char from[1200], to[1200];
	int bad;

	if (!f)
		return -1;
	bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	snprintf(from, sizeof(from), "%s/%s.partial", dir, name);
	snprintf(to, sizeof(to), "%s/%s", dir, name);
	return bad || rename(from, to) ? -1 : 0;
}

int soak_out_close(struct soak_out *o)
{
	int bad = finish_stream(o->log, o->dir, "log");

	bad |= finish_stream(o->jsonl, o->dir, "stats.jsonl");
	o->log = o->jsonl = NULL;
	return bad ? -1 : 0;
}
