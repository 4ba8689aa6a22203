// SPDX-License-Identifier: GPL-2.0-only
/*
 * SARIF 2.1.0 writer (see sarif.h).
 */
#include "fuzz/report/sarif.h"

/* @s as a JSON string, quotes included. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void rule(FILE *f, const struct wq_sarif_bug *b, bool last)
{
	fputs("          {\"id\": ", f);
	json_str(f, b->id);
	fputs(", \"name\": ", f);
	json_str(f, b->id);
	fputs(", \"shortDescription\": {\"text\": ", f);
	json_str(f, b->title);
	fputs("}, \"defaultConfiguration\": {\"level\": \"error\"}}", f);
	fputs(last ? "\n" : ",\n", f);
}

static void result(FILE *f, const struct wq_sarif_bug *b, int index,
		   bool last)
{
	fputs("        {\"ruleId\": ", f);
	json_str(f, b->id);
	fprintf(f, ", \"ruleIndex\": %d, \"level\": \"error\", \"message\": {\"text\": ",
		index);
	json_str(f, b->detail && *b->detail ? b->detail : b->title);
	fputs("},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
	json_str(f, b->uri);
	fputs(", \"uriBaseId\": \"%SRCROOT%\"}", f);
	if (b->line > 0)
		fprintf(f, ", \"region\": {\"startLine\": %d}", b->line);
	fputs("}}],\n         \"partialFingerprints\": {\"wqkitTitle/v1\": ", f);
	json_str(f, b->title);
	fputs(last ? "}}\n" : "}},\n", f);
}

void wq_sarif_write(FILE *f, const struct wq_sarif_bug *bugs, int n,
		    const char *version)
{
	int i;

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	      "    \"tool\": {\"driver\": {\"name\": \"wqkit\", \"version\": ", f);
	json_str(f, version);
	fputs(",\n      \"rules\": [\n", f);
	for (i = 0; i < n; i++)
		rule(f, &bugs[i], i == n - 1);
	fputs("      ]}},\n    \"results\": [\n", f);
	for (i = 0; i < n; i++)
		result(f, &bugs[i], i, i == n - 1);
	fputs("    ]\n  }]\n}\n", f);
}
