// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stable titles and title sets (see report.h): the executor's instance
 * title names works, workqueues, actors and CPUs ("w2 queued on q0/cpu1
 * ..."); the title of a bug must not, or one bug gets one title per
 * index. Titles are derived here, in one place, from the instance title.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "fuzz/report/report.h"

/* Does [s, s + n) name an object by index: <prefix><digits>? */
static bool indexed(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix), i;

	if (n <= k || strncmp(s, prefix, k))
		return false;
	for (i = k; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || s[0] != '0' || s[1] != 'x')
		return false;
	for (i = 2; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The stable word for the word [s, s + n), or NULL to keep it. */
static const char *stable_word(const char *s, size_t n)
{
	if (indexed(s, n, "w"))
		return "work";
	if (indexed(s, n, "q"))
		return "wq";
	if (indexed(s, n, "t"))
		return "actor";
	if (indexed(s, n, "cpu"))
		return "cpu";
	if (all_hex(s, n))
		return "ADDR";
	return NULL;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Append [s, s + n) to @out (of size @len, used @pos); returns new pos. */
static size_t append(char *out, size_t len, size_t pos, const char *s,
		     size_t n)
{
	if (pos + 1 >= len)
		return pos;
	if (n > len - 1 - pos)
		n = len - 1 - pos;
	memcpy(out + pos, s, n);
	out[pos + n] = '\0';
	return pos + n;
}

void wq_report_stable_title(const char *instance, char *out, size_t len)
{
	const char *s = instance, *e, *w;
	size_t pos = 0;

	if (!len)
		return;
	out[0] = '\0';
	while (*s) {
		if (!word_char(*s)) {
			/* "events/1", "q0/1": a thread's CPU suffix goes. */
			if (*s == '/' && isdigit((unsigned char)s[1]) && s > instance &&
			    word_char(s[-1])) {
				for (e = s + 1; isdigit((unsigned char)*e); e++)
					;
				if (!word_char(*e)) {
					s = e;
					continue;
				}
			}
			pos = append(out, len, pos, s++, 1);
			continue;
		}
		for (e = s; word_char(*e); e++)
			;
		w = stable_word(s, e - s);
		pos = w ? append(out, len, pos, w, strlen(w)) :
			  append(out, len, pos, s, e - s);
		s = e;
	}
}

/* "<api> returned before|while ..." -> "<api> returned early". */
static bool alt_early_return(const char *t, char *alt, size_t len)
{
	const char *r = strstr(t, " returned ");
	size_t n;

	if (!r || (strncmp(r, " returned before ", 17) &&
		   strncmp(r, " returned while ", 16)))
		return false;
	n = r - t;
	snprintf(alt, len, "%.*s returned early", (int)n, t);
	return true;
}

/* "deadlock in X", "livelock in X" (controlled) -> "hang in X" (free). */
static bool alt_hang(const char *t, char *alt, size_t len)
{
	static const char *const stuck[] = { "deadlock in ", "livelock in " };
	size_t i;

	for (i = 0; i < sizeof(stuck) / sizeof(stuck[0]); i++)
		if (!strncmp(t, stuck[i], strlen(stuck[i]))) {
			snprintf(alt, len, "hang in %s", t + strlen(stuck[i]));
			return true;
		}
	return false;
}

void wq_report_titles(const char *instance, struct wq_title_set *set)
{
	char title[WQ_TITLE_LEN], alt[WQ_TITLE_LEN];

	wq_report_stable_title(instance, title, sizeof(title));
	wq_title_set_add(set, title);
	if (alt_early_return(title, alt, sizeof(alt)))
		wq_title_set_add(set, alt);
	if (alt_hang(title, alt, sizeof(alt)))
		wq_title_set_add(set, alt);
}

bool wq_title_set_has(const struct wq_title_set *set, const char *title)
{
	int i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(set->t[i], title))
			return true;
	return false;
}

bool wq_title_set_add(struct wq_title_set *set, const char *title)
{
	if (!title[0] || wq_title_set_has(set, title) ||
	    set->n >= WQ_MAX_TITLES)
		return false;
	snprintf(set->t[set->n++], WQ_TITLE_LEN, "%s", title);
	return true;
}

bool wq_title_set_intersects(const struct wq_title_set *a,
			     const struct wq_title_set *b)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (wq_title_set_has(b, a->t[i]))
			return true;
	return false;
}

/* "heap-use-after-free /x/y.c:12:3 in f": the words before the location. */
static void sanitizer_kind(const char *s, const char *stop, char *kind,
			   size_t len)
{
	const char *e = s, *w;

	while (e < stop) {
		for (w = e; w < stop && *w != ' '; w++)
			if (*w == '/' || *w == '(' || *w == ':')
				goto done;
		e = w < stop ? w + 1 : w;
	}
done:
	while (e > s && e[-1] == ' ')
		e--;
	snprintf(kind, len, "%.*s", (int)(e - s), s);
}

/* Title of one "SUMMARY: Tool: what [location] [in func]" line. */
static void sanitizer_title(const char *line, const char *eol, char *out,
			    size_t len)
{
	const char *tool = line + strlen("SUMMARY: "), *colon, *in = NULL, *s;
	char kind[64], raw[WQ_TITLE_LEN];

	colon = memchr(tool, ':', eol - tool);
	if (!colon) {
		snprintf(out, len, "%.*s", (int)(eol - tool), tool);
		return;
	}
	for (s = colon; (s = strstr(s, " in ")) && s < eol; s++)
		in = s;
	if (!strncmp(tool, "LeakSanitizer", colon - tool))
		snprintf(kind, sizeof(kind), "memory leak");
	else
		sanitizer_kind(colon + 2, in ? in : eol, kind, sizeof(kind));
	if (in)
		snprintf(raw, sizeof(raw), "%.*s: %s in %.*s", (int)(colon - tool),
			 tool, kind, (int)(eol - in - 4), in + 4);
	else
		snprintf(raw, sizeof(raw), "%.*s: %s", (int)(colon - tool), tool,
			 kind);
	wq_report_stable_title(raw, out, len);
}

int wq_report_parse_sanitizer(const char *text, struct wq_title_set *set)
{
	const char *s = text, *eol;
	char t[WQ_TITLE_LEN];
	int n = 0;

	while ((s = strstr(s, "SUMMARY: "))) {
		if (s != text && s[-1] != '\n') {
			s++;
			continue;
		}
		eol = strchr(s, '\n');
		if (!eol)
			eol = s + strlen(s);
		sanitizer_title(s, eol, t, sizeof(t));
		n += wq_title_set_add(set, t);
		s = eol;
	}
	return n;
}

void wq_report_exit_title(int status, bool timed_out, char *out, size_t len)
{
	if (timed_out)
		snprintf(out, len, "replay timed out (no hang report)");
	else if (WIFSIGNALED(status))
		snprintf(out, len, "crash without a report: %s",
			 strsignal(WTERMSIG(status)));
	else
		snprintf(out, len, "exit status %d without a report",
			 WEXITSTATUS(status));
}
