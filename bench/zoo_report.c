// SPDX-License-Identifier: GPL-2.0-only
/*
 * zoo_report: the tables and the plot of the zoo benchmark (bench/zoo.sh).
 *
 *   zoo_report --budget_secs=B --csv=trials.csv --md=summary.md
 *              --svg=found.svg [--engines=a,b,...] [--title=TEXT]
 *
 * trials.csv: bug,engine,trial,seed,found,seconds,title (title quoted);
 * bug "clean" is the unmodified core, where any failure is a false
 * positive. summary.md: per bug and engine, found k/N and the median
 * time-to-exposure with a trial that found nothing counted as never
 * (censored at the budget: the median is ">B" when more than half the
 * trials missed). found.svg: per engine, the fraction of (bug, trial)
 * pairs found by time t, 0 <= t <= B; hand-written SVG. Both files are
 * written to a temporary name and renamed.
 *
 * Exit status: 0 written, 1 cannot read or write, 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS	65536
#define MAX_NAMES	64
#define NAME_LEN	64
#define TITLE_LEN	256
#define CLEAN		"clean"

struct row {
	int bug, engine;
	bool found;
	double secs;
	char title[TITLE_LEN];
};

static struct row rows[MAX_ROWS];
static int nr_rows;
static char bugs[MAX_NAMES][NAME_LEN], engines[MAX_NAMES][NAME_LEN];
static int nr_bugs, nr_engines;
static double budget;

static int name_index(char names[][NAME_LEN], int *n, const char *name)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(names[i], name))
			return i;
	if (*n == MAX_NAMES)
		return -1;
	snprintf(names[*n], NAME_LEN, "%s", name);
	return (*n)++;
}

/* Split one CSV line into at most @max fields (in place; "" quoting). */
static int split_csv(char *line, char **f, int max)
{
	int n = 0;
	char *p = line, *w;

	while (n < max) {
		if (*p == '"') {
			f[n++] = w = ++p;
			while (*p && !(*p == '"' && p[1] != '"')) {
				if (*p == '"')
					p++;
				*w++ = *p++;
			}
			if (*p == '"')
				p++;
			*w = '\0';
			if (*p == ',')
				p++;
			else
				break;
		} else {
			f[n++] = p;
			p += strcspn(p, ",\n");
			if (*p != ',') {
				*p = '\0';
				break;
			}
			*p++ = '\0';
		}
	}
	return n;
}

static int read_csv(const char *path)
{
	char line[1024], *f[7];
	FILE *in = fopen(path, "r");
	int lineno = 0;

	if (!in) {
		fprintf(stderr, "zoo_report: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), in)) {
		struct row *r = &rows[nr_rows];

		line[strcspn(line, "\n")] = '\0';
		if (!lineno++ || !line[0])
			continue;	/* header */
		if (split_csv(line, f, 7) != 7 || nr_rows == MAX_ROWS) {
			fprintf(stderr, "zoo_report: %s:%d: expected 7 fields\n",
				path, lineno);
			fclose(in);
			return -1;
		}
		r->bug = name_index(bugs, &nr_bugs, f[0]);
		r->engine = name_index(engines, &nr_engines, f[1]);
		if (r->bug < 0 || r->engine < 0) {
			fprintf(stderr, "zoo_report: too many bugs or engines\n");
			fclose(in);
			return -1;
		}
		r->found = !strcmp(f[4], "1");
		r->secs = strtod(f[5], NULL);
		snprintf(r->title, sizeof(r->title), "%s", f[6]);
		nr_rows++;
	}
	fclose(in);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Times of (bug, engine), INFINITY for a miss; sorted. Returns N. */
static int times_of(int bug, int engine, double *t, int *found)
{
	int i, n = 0;

	*found = 0;
	for (i = 0; i < nr_rows; i++) {
		if (rows[i].bug != bug || rows[i].engine != engine)
			continue;
		t[n++] = rows[i].found ? rows[i].secs : INFINITY;
		*found += rows[i].found;
	}
	qsort(t, n, sizeof(*t), cmp_double);
	return n;
}

static void format_cell(char *buf, size_t len, int bug, int engine)
{
	static double t[MAX_ROWS];
	int found, n = times_of(bug, engine, t, &found);
	double med;

	if (!n) {
		snprintf(buf, len, "-");
		return;
	}
	med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	if (isinf(med))
		snprintf(buf, len, "%d/%d, >%.0fs", found, n, budget);
	else
		snprintf(buf, len, "%s%d/%d, %.1fs", found == n ? "**" : "",
			 found, n, med);
	if (found == n)
		strncat(buf, "**", len - strlen(buf) - 1);
}

static bool is_clean(int bug)
{
	return !strcmp(bugs[bug], CLEAN);
}

static void write_md(FILE *f, const char *title)
{
	char cell[96];
	int b, e, i, j;

	fprintf(f, "# %s\n\n", title);
	fprintf(f, "Per bug and engine: found k/N trials, and the median time-to-exposure\n"
		   "(seconds until the engine wrote its first crash). A trial that found\n"
		   "nothing counts as never (censored at the %.0f s budget): \">%.0fs\" means\n"
		   "more than half the trials missed. Bold: found in every trial.\n\n",
		budget, budget);
	fprintf(f, "| bug |");
	for (e = 0; e < nr_engines; e++)
		fprintf(f, " %s |", engines[e]);
	fprintf(f, "\n|---|");
	for (e = 0; e < nr_engines; e++)
		fprintf(f, "---|");
	fprintf(f, "\n");
	for (b = 0; b < nr_bugs; b++) {
		if (is_clean(b))
			continue;
		fprintf(f, "| %s |", bugs[b]);
		for (e = 0; e < nr_engines; e++) {
			format_cell(cell, sizeof(cell), b, e);
			fprintf(f, " %s |", cell);
		}
		fprintf(f, "\n");
	}
	fprintf(f, "| *bugs found (in any trial)* |");
	for (e = 0; e < nr_engines; e++) {
		int any = 0, total = 0;

		for (b = 0; b < nr_bugs; b++) {
			bool hit = false, ran = false;

			if (is_clean(b))
				continue;
			for (i = 0; i < nr_rows; i++) {
				if (rows[i].bug == b && rows[i].engine == e) {
					ran = true;
					hit |= rows[i].found;
				}
			}
			total += ran;
			any += hit;
		}
		fprintf(f, " %d/%d |", any, total);
	}
	fprintf(f, "\n\n## False positives (unmodified core)\n\n"
		   "Any failure of the clean core within the budget is counted here.\n\n"
		   "| engine | failing trials |\n|---|---|\n");
	for (e = 0; e < nr_engines; e++) {
		int n = 0, fp = 0;

		for (i = 0; i < nr_rows; i++) {
			if (rows[i].engine != e || !is_clean(rows[i].bug))
				continue;
			n++;
			fp += rows[i].found;
		}
		if (n)
			fprintf(f, "| %s | %d/%d |\n", engines[e], fp, n);
		else
			fprintf(f, "| %s | not run |\n", engines[e]);
	}
	fprintf(f, "\n## Failure titles\n\n"
		   "Distinct titles per build and engine (trials): check that each bug\n"
		   "is exposed by its own failure, not by an unrelated one.\n\n"
		   "| build | engine | trials | title |\n|---|---|---|---|\n");
	for (b = 0; b < nr_bugs; b++) {
		for (e = 0; e < nr_engines; e++) {
			for (i = 0; i < nr_rows; i++) {
				const struct row *r = &rows[i];
				int count = 0;
				bool seen = false;

				if (r->bug != b || r->engine != e || !r->title[0])
					continue;
				for (j = 0; j < i && !seen; j++)
					seen = rows[j].bug == b && rows[j].engine == e &&
					       !strcmp(rows[j].title, r->title);
				if (seen)
					continue;
				for (j = i; j < nr_rows; j++)
					count += rows[j].bug == b && rows[j].engine == e &&
						 !strcmp(rows[j].title, r->title);
				fprintf(f, "| %s | %s | %d | ", bugs[b], engines[e], count);
				for (j = 0; r->title[j]; j++) {
					if (r->title[j] == '|')
						fputc('\\', f);
					fputc(r->title[j], f);
				}
				fprintf(f, " |\n");
			}
		}
	}
}

static const char *const colors[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
	"#e377c2", "#7f7f7f",
};

static void xml_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void write_svg(FILE *f, const char *title)
{
	const double W = 760, H = 440, L = 70, R = 190, T = 50, B = 60;
	const double pw = W - L - R, ph = H - T - B;
	static double t[MAX_ROWS];
	int e, i, k;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		   "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
		   "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		W, H, W, H);
	fprintf(f, "<text x=\"%.0f\" y=\"24\" font-size=\"14\" font-weight=\"bold\">", L);
	xml_escape(f, title);
	fprintf(f, "</text>\n");
	/* Grid and axes. */
	for (k = 0; k <= 10; k += 2) {
		double y = T + ph - ph * k / 10.0;

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
			L, y, L + pw, y, L - 6, y + 4, k * 10);
	}
	for (k = 0; k <= 6; k++) {
		double x = L + pw * k / 6.0;

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>\n",
			x, T, x, T + ph, x, T + ph + 16, budget * k / 6.0);
	}
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n",
		L, T, pw, ph);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s)</text>\n",
		L + pw / 2, H - 18);
	fprintf(f, "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\">"
		   "(bug, trial) pairs found</text>\n", T + ph / 2);
	/* One step line per engine: fraction found by time t. */
	for (e = 0; e < nr_engines; e++) {
		const char *c = colors[e % (sizeof(colors) / sizeof(colors[0]))];
		int n = 0, found = 0;
		double y;

		for (i = 0; i < nr_rows; i++) {
			if (rows[i].engine != e || is_clean(rows[i].bug))
				continue;
			n++;
			if (rows[i].found)
				t[found++] = rows[i].secs;
		}
		if (!n)
			continue;
		qsort(t, found, sizeof(*t), cmp_double);
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%.1f,%.1f",
			c, L, T + ph);
		for (k = 0; k < found; k++) {
			double x = L + pw * fmin(t[k], budget) / budget;

			fprintf(f, " %.1f,%.1f", x, T + ph - ph * k / n);
			fprintf(f, " %.1f,%.1f", x, T + ph - ph * (k + 1) / n);
		}
		y = T + ph - ph * found / n;
		fprintf(f, " %.1f,%.1f\"/>\n", L + pw, y);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n"
			   "<text x=\"%.1f\" y=\"%.1f\">",
			L + pw + 12, T + 14 + 20.0 * e, L + pw + 36, T + 14 + 20.0 * e, c,
			L + pw + 42, T + 18 + 20.0 * e);
		xml_escape(f, engines[e]);
		fprintf(f, " (%d/%d)</text>\n", found, n);
	}
	fprintf(f, "</svg>\n");
}

/* Write @path through @fn: temporary file, then rename. */
static int write_file(const char *path, void (*fn)(FILE *, const char *),
		      const char *title)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "zoo_report: cannot write %s: %s\n", tmp,
			strerror(errno));
		return -1;
	}
	fn(f, title);
	if (fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "zoo_report: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Put the engines of @list first, in that order (the table's columns). */
static void order_engines(char *list)
{
	char old[MAX_NAMES][NAME_LEN];
	int map[MAX_NAMES], n = nr_engines, i, e;
	char *tok, *save;

	memcpy(old, engines, sizeof(old));
	nr_engines = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		name_index(engines, &nr_engines, tok);
	for (e = 0; e < n; e++)
		map[e] = name_index(engines, &nr_engines, old[e]);
	for (i = 0; i < nr_rows; i++)
		rows[i].engine = map[rows[i].engine];
}

int main(int argc, char **argv)
{
	const char *csv = NULL, *md = NULL, *svg = NULL;
	const char *title = "zoo benchmark";
	char *order = NULL, *a;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!strncmp(a, "--budget_secs=", 14))
			budget = strtod(a + 14, NULL);
		else if (!strncmp(a, "--csv=", 6))
			csv = a + 6;
		else if (!strncmp(a, "--md=", 5))
			md = a + 5;
		else if (!strncmp(a, "--svg=", 6))
			svg = a + 6;
		else if (!strncmp(a, "--engines=", 10))
			order = a + 10;	/* strtok_r writes argv's own copy */
		else if (!strncmp(a, "--title=", 8))
			title = a + 8;
		else {
			fprintf(stderr, "zoo_report: unknown argument %s\n", a);
			return 2;
		}
	}
	if (!csv || !md || !svg || budget <= 0) {
		fprintf(stderr, "usage: zoo_report --budget_secs=B --csv=F --md=F --svg=F"
				" [--engines=a,b] [--title=T]\n");
		return 2;
	}
	if (read_csv(csv))
		return 1;
	if (order)
		order_engines(order);
	if (write_file(md, write_md, title) || write_file(svg, write_svg, title))
		return 1;
	return 0;
}
