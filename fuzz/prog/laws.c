/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Round-trip laws (see laws.h). Buffers are static-sized: programs are
 * bounded (WQ_PROG_MAX_BYTES, WQ_PROG_MAX_TEXT).
 */
#include <stdio.h>
#include <string.h>

#include "fuzz/prog/laws.h"

static int bytes_law(const struct wq_prog *p, char *why, size_t len)
{
	uint8_t buf[WQ_PROG_MAX_BYTES];
	struct wq_prog q;
	size_t n;

	n = wq_prog_encode(p, buf, sizeof(buf));
	if (n > sizeof(buf))
		return wq_prog_explain(why, len, "encode: %zu bytes", n);
	if (wq_prog_decode(buf, n, &q) != n)
		return wq_prog_explain(why, len, "decode(encode(p)) did not use all bytes");
	if (!wq_prog_equal(p, &q))
		return wq_prog_explain(why, len, "decode(encode(p)) != p");
	return 0;
}

static int text_law(const struct wq_prog *p, char *why, size_t len)
{
	char text[WQ_PROG_MAX_TEXT], text2[WQ_PROG_MAX_TEXT];
	char err[512];
	struct wq_prog q;

	if (wq_prog_print(p, text, sizeof(text)) < 0)
		return wq_prog_explain(why, len, "print: text too long");
	if (wq_prog_parse(text, "printed.wq", &q, err, sizeof(err)))
		return wq_prog_explain(why, len, "parse(print(p)) failed: %s\n%s", err,
			      text);
	if (!wq_prog_equal(p, &q))
		return wq_prog_explain(why, len, "parse(print(p)) != p:\n%s", text);
	if (wq_prog_print(&q, text2, sizeof(text2)) < 0 || strcmp(text, text2))
		return wq_prog_explain(why, len, "print(parse(print(p))) != print(p)");
	return 0;
}

int wq_prog_laws_program(const struct wq_prog *p, char *why, size_t len)
{
	char reason[256];

	if (wq_prog_check(p, reason, sizeof(reason)))
		return wq_prog_explain(why, len, "illegal program: %s", reason);
	if (bytes_law(p, why, len) || text_law(p, why, len))
		return -1;
	return 0;
}

int wq_prog_laws_bytes(const uint8_t *data, size_t size, char *why,
		       size_t len)
{
	uint8_t e[WQ_PROG_MAX_BYTES], e2[WQ_PROG_MAX_BYTES];
	struct wq_prog p, q;
	size_t n, n2;

	wq_prog_decode(data, size, &p);
	if (wq_prog_laws_program(&p, why, len))
		return -1;
	n = wq_prog_encode(&p, e, sizeof(e));
	wq_prog_decode(e, n, &q);
	if (!wq_prog_equal(&p, &q))
		return wq_prog_explain(why, len, "decode(encode(decode(b))) != decode(b)");
	n2 = wq_prog_encode(&q, e2, sizeof(e2));
	if (n != n2 || memcmp(e, e2, n))
		return wq_prog_explain(why, len, "encode(decode(b)) is not canonical");
	return 0;
}
