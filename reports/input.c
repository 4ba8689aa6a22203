// SPDX-License-Identifier: GPL-2.0-only
/*
 * Triage inputs (see input.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/targets/one_input.h"
#include "reports/input.h"


static bool is_text(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			return false;
	}
	return true;
}

bool tr_is_wq_text(const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;

	if (!is_text(buf, len))
		return false;
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		size_t n = (nl ? nl : end) - s;

		if (n >= 15 && !strncmp(s, "# wqkit program", 15))
			return true;
		if (n && s[0] != '#' && strspn(s, " \t\r") < n)
			return false;	/* the program began: no such line */
		s = nl ? nl + 1 : end;
	}
	return false;
}

/* Read @path whole (NUL-terminated); NULL with @err set on failure. */
static char *slurp(const char *path, size_t *len, char *err, size_t elen)
{
	struct stat st;
	char *buf;

	if (stat(path, &st)) {
		snprintf(err, elen, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, elen, "a directory inside a crash directory (not searched)");
		return NULL;
	}
	/* a FIFO would block the read forever, a device never end */
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, elen, "not a regular file (a FIFO, socket or device)");
		return NULL;
	}
	buf = wq_read_file(path, len);
	if (!buf)
		snprintf(err, elen, "cannot read: %s", strerror(errno));
	return buf;
}

static void ctx_copy(char *dst, size_t len, const char *v, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

int tr_ctx_parse(const char *buf, struct tr_ctx *c, char *err, size_t elen)
{
	static const char *const keys[] = {
		"target", "engine", "sanitizer", "build", "mode", "inject",
		"commit", "format",
	};
	const size_t nkeys = sizeof(keys) / sizeof(keys[0]);
	unsigned int seen = 0;
	const char *s = buf;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (strncmp(s, TR_CTX_MAGIC "\n", sizeof(TR_CTX_MAGIC))) {
		snprintf(err, elen, "sidecar without a '%s' first line", TR_CTX_MAGIC);
		return -1;
	}
	for (s += sizeof(TR_CTX_MAGIC); *s; ) {
		size_t n = strcspn(s, "\n"), k = strcspn(s, " \n");
		const char *v = s + k + 1;
		size_t vn = n > k ? n - k - 1 : 0;
		char *fields[] = { c->target, c->engine, c->sanitizer, c->build,
				   c->mode, c->inject, c->commit };
		size_t sizes[] = { sizeof(c->target), sizeof(c->engine),
				   sizeof(c->sanitizer), sizeof(c->build),
				   sizeof(c->mode), sizeof(c->inject),
				   sizeof(c->commit) };

		for (i = 0; i < nkeys; i++)
			if (strlen(keys[i]) == k && !strncmp(s, keys[i], k))
				break;
		if (i == nkeys || !vn) {
			snprintf(err, elen, "sidecar line '%.*s': expected 'key value' with a key of target, engine, sanitizer, build, mode, inject, commit, format",
				 (int)(n > 60 ? 60 : n), s);
			return -1;
		}
		seen |= 1u << i;
		if (i < nkeys - 1) {
			ctx_copy(fields[i], sizes[i], v, vn);
		} else {
			char num[16];

			ctx_copy(num, sizeof(num), v, vn);
			c->format = atoi(num);
		}
		s += n + (s[n] == '\n');
	}
	if (seen != (1u << nkeys) - 1) {
		snprintf(err, elen, "sidecar lacks a key (needs target, engine, sanitizer, build, mode, inject, commit, format)");
		return -1;
	}
	c->present = true;
	return 0;
}

bool tr_ctx_misuse(const struct tr_ctx *c)
{
	return c->present && strstr(c->target, "misuse");
}

/* The triage command for a build and sanitizer, or NULL if none exists. */
static const char *triage_cmd(const char *build, const char *sanitizer,
			      char *buf, size_t len)
{
	bool clean = !strcmp(build, "clean");

	if (!strcmp(sanitizer, "tsan"))
		return clean ? "bazel run //reports:triage_tsan" : NULL;
	if (clean)
		return "bazel run //reports:triage";
	snprintf(buf, len, "bazel run //reports:triage_bug_%s", build);
	return buf;
}

/* WQKIT_* value of this process, normalized as the sidecar writes it. */
static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

bool tr_ctx_mismatch(const struct tr_ctx *c, const char *build,
		     const char *sanitizer, char *why, size_t len)
{
	const char *inject = env_or("WQKIT_INJECT", "none");
	const char *mode = env_or("WQKIT_SCHED", "default");
	char cmdbuf[128], envs[128] = "";
	const char *cmd;

	if (!c->present)
		return false;
	cmd = triage_cmd(c->build, c->sanitizer, cmdbuf, sizeof(cmdbuf));
	if (!cmd) {
		snprintf(why, len, "found on zoo build %s with %s: no triage binary exists for that pair",
			 c->build, c->sanitizer);
		return true;
	}
	if (strcmp(c->inject, "none"))
		snprintf(envs, sizeof(envs), "WQKIT_INJECT=%s ", c->inject);
	if (strcmp(c->mode, "default"))
		snprintf(envs + strlen(envs), sizeof(envs) - strlen(envs),
			 "WQKIT_SCHED=%s ", c->mode);
	if (strcmp(c->build, build) || strcmp(c->sanitizer, sanitizer) ||
	    strcmp(c->inject, inject) || strcmp(c->mode, mode)) {
		snprintf(why, len, "found by %s (build %s, %s, WQKIT_INJECT %s, WQKIT_SCHED %s); this triage is build %s, %s, WQKIT_INJECT %s, WQKIT_SCHED %s: triage it with %s%s -- FILE",
			 c->target, c->build, c->sanitizer, c->inject, c->mode,
			 build, sanitizer, inject, mode, envs, cmd);
		return true;
	}
	return false;
}

/* @in's sidecar, if there is one; -1 (@err set) if it is malformed. */
static int load_ctx(struct tr_input *in, char *err, size_t elen)
{
	char path[4200], *buf, why[400];
	size_t len;

	memset(&in->ctx, 0, sizeof(in->ctx));
	snprintf(path, sizeof(path), "%s" TR_CTX_SUFFIX, in->path);
	if (access(path, F_OK))
		return 0;
	buf = slurp(path, &len, why, sizeof(why));
	if (!buf || tr_ctx_parse(buf, &in->ctx, why, sizeof(why))) {
		snprintf(err, elen, "%s: %s", path, why);
		free(buf);
		return -1;
	}
	free(buf);
	if (in->ctx.format < WQ_PROG_FORMAT_MIN || in->ctx.format > WQ_PROG_FORMAT) {
		snprintf(err, elen, "%s: byte format v%d, this kit reads v%d..v%d (written by another wqkit)",
			 path, in->ctx.format, WQ_PROG_FORMAT_MIN, WQ_PROG_FORMAT);
		return -1;
	}
	return 0;
}

/*
 * Bytes as the fuzz targets decode them under @format: misuse off, but
 * for a finding of the misuse target (@misuse: its sidecar says so),
 * which decodes with the misuse flag and whose failures the misuse
 * contract judges (replay.h).
 */
static void decode(const char *buf, size_t len, int format, bool misuse,
		   struct wq_prog *p)
{
	uint8_t b[WQ_PROG_MAX_BYTES];
	size_t n = len < sizeof(b) ? len : sizeof(b);

	memcpy(b, buf, n);
	if (n > WQ_FUZZ_FLAGS_OFFSET && !misuse)
		b[WQ_FUZZ_FLAGS_OFFSET] &= ~WQ_FUZZ_FLAG_MISUSE;
	wq_prog_decode_format(b, n, format, p);
	wq_fuzz_sched_policy(p);
}

int tr_input_load(struct tr_input *in, char *err, size_t elen)
{
	char *buf;
	int ret = 0;

	if (load_ctx(in, err, elen))
		return -1;
	buf = slurp(in->path, &in->len, err, elen);
	if (!buf)
		return -1;
	in->text = false;
	if (!in->len) {
		snprintf(err, elen, "empty file (a libFuzzer artifact of the empty input?): nothing to replay");
		ret = -1;
	} else if (tr_is_wq_text(buf, in->len)) {
		in->text = true;
		ret = wq_prog_parse(buf, in->path, &in->prog, err, elen);
	} else if (is_text(buf, in->len)) {
		snprintf(err, elen, "text without a '# wqkit program' line: not a wqkit input");
		ret = -1;
	} else {
		decode(buf, in->len, in->ctx.present ? in->ctx.format :
		       WQ_PROG_FORMAT, tr_ctx_misuse(&in->ctx), &in->prog);
	}
	free(buf);
	return ret;
}

/* A crash directory's inputs: not its folders, not the sidecars. */
static bool keep_input(const char *name, const struct stat *st)
{
	return !S_ISDIR(st->st_mode) && !wq_has_suffix(name, TR_CTX_SUFFIX);
}

int tr_list_dir(const char *dir, char ***out)
{
	return wq_list_dir(dir, keep_input, out);
}
