/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wq_prog_is_text: every printed program is text, whatever its name;
 * canonical bytes and random byte strings are not; a misspelled header
 * line is still text (so the parser, not the decoder, answers).
 */
#include <string.h>

#include "fuzz/prog/prog.h"
#include "fuzz/prog/testing.h"

#define ITERATIONS	20000

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint8_t next(void)
{
	return (uint8_t)(wq_test_rand(&rng) >> 56);
}

static bool is_text(const char *s)
{
	return wq_prog_is_text(s, strlen(s));
}

int main(void)
{
	static char text[WQ_PROG_MAX_TEXT];
	uint8_t in[WQ_PROG_MAX_BYTES], out[WQ_PROG_MAX_BYTES];
	struct wq_prog p;
	int i, n;

	EXPECT(is_text("# wqkit program v1\ncpus 2\n"), "marker line");
	EXPECT(is_text("# SPDX-License-Identifier: GPL-2.0-only\n# wqkit program v1\n"),
	       "comments first");
	EXPECT(is_text("# wqkit program v1\nCPUS two\n"), "marker, then a typo");
	EXPECT(is_text("\n  cpus 2\r\nactors 1\r\n"), "CRLF, leading blanks");
	EXPECT(is_text("# a comment\ncpu 2\n"), "a misspelled header line is text");
	EXPECT(is_text("# caf\xc3\xa9\ncpus 1\n"), "UTF-8 in a comment");
	EXPECT(!wq_prog_is_text("", 0), "empty input is bytes");
	EXPECT(!is_text("cpus 2"), "no line end: bytes");
	EXPECT(!is_text("a\n"), "one word: bytes");
	EXPECT(!is_text("# just a comment\n"), "comments only: bytes");
	EXPECT(!is_text("cpus 2\n\x01"), "control byte: bytes");
	EXPECT(!wq_prog_is_text("cpus 2\n\0", 8), "NUL byte: bytes");

	for (i = 0; i < ITERATIONS; i++) {
		size_t len = 1 + next() % sizeof(in);
		size_t k;

		for (k = 0; k < len; k++)
			in[k] = next();
		EXPECT(!wq_prog_is_text(in, len), "random bytes #%d are text", i);
		wq_prog_decode(in, len, &p);
		n = (int)wq_prog_encode(&p, out, sizeof(out));
		EXPECT(!wq_prog_is_text(out, (size_t)n),
		       "canonical bytes of #%d are text", i);
		n = wq_prog_print(&p, text, sizeof(text));
		EXPECT(n > 0 && wq_prog_is_text(text, (size_t)n),
		       "printed program #%d is not text", i);
	}
	return wq_test_done("is_text_test");
}
