// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's parameters: durations in and out, ranges, scenario files,
 * cross-parameter limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress/params.h"

#include "core/testing/check.h"

static void test_durations(void)
{
	char buf[32];

	CHECK(soak_parse_duration("30s") == 30000);
	CHECK(soak_parse_duration("30") == 30000);
	CHECK(soak_parse_duration("250ms") == 250);
	CHECK(soak_parse_duration("5m") == 300000);
	CHECK(soak_parse_duration("5h30m") == 19800000);
	CHECK(soak_parse_duration("1d") == 86400000);
	CHECK(soak_parse_duration("0") == 0);
	CHECK(soak_parse_duration("") == -1);
	CHECK(soak_parse_duration("abc") == -1);
	CHECK(soak_parse_duration("-5m") == -1);
	CHECK(soak_parse_duration("5x") == -1);
	CHECK(soak_parse_duration("5m3") == -1 || soak_parse_duration("5m3") == 303000);
	CHECK(soak_parse_duration("99999999999999999999d") == -1);
	CHECK(!strcmp(soak_fmt_duration(19800000, buf, sizeof(buf)), "5h30m"));
	CHECK(!strcmp(soak_fmt_duration(1250, buf, sizeof(buf)), "1s250ms"));
	CHECK(!strcmp(soak_fmt_duration(0, buf, sizeof(buf)), "0"));
}

static void test_set(void)
{
	struct soak_params sp;
	char err[256];

	soak_params_default(&sp);
	CHECK(!soak_param_set(&sp, "duration", "5h30m", err, sizeof(err)));
	CHECK(sp.duration_ms == 19800000);
	CHECK(soak_param_set(&sp, "duration", "0", err, sizeof(err)));
	CHECK(strstr(err, "out of range"));
	CHECK(soak_param_set(&sp, "cpus", "5", err, sizeof(err)));
	CHECK(strstr(err, "cpus=5"));
	CHECK(soak_param_set(&sp, "cpus", "2x", err, sizeof(err)));
	CHECK(soak_param_set(&sp, "nope", "1", err, sizeof(err)));
	CHECK(strstr(err, "unknown parameter 'nope'"));
	CHECK(!soak_param_set(&sp, "mode", "controlled", err, sizeof(err)));
	CHECK(sp.mode == SOAK_CONTROLLED);
	CHECK(!soak_param_set(&sp, "onoff_interval", "0", err, sizeof(err)));
	CHECK(sp.onoff_interval_ms == 0);
	soak_params_default(&sp);
	sp.nwqs_multi = 3;
	sp.nwqs_single = 2;
	CHECK(soak_params_check(&sp, err, sizeof(err)));
	soak_params_default(&sp);
	sp.nworks_plain = sp.nworks_delayed = 0;
	CHECK(soak_params_check(&sp, err, sizeof(err)));
}

static void test_scenario(void)
{
	char path[] = "/tmp/soak_params_testXXXXXX";
	struct soak_params sp;
	char err[256], line[4096];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fprintf(f, "# comment\n\ncpus=2  # trailing\nonoff_interval = 1s\n");
	fclose(f);
	soak_params_default(&sp);
	/* "name = value" with blanks is not a parameter name */
	CHECK(soak_scenario_load(&sp, path, err, sizeof(err)));
	CHECK(strstr(err, ":4:"));
	f = fopen(path, "w");
	fprintf(f, "# comment\n\ncpus=2  # trailing\nonoff_interval=1s\n");
	fclose(f);
	soak_params_default(&sp);
	CHECK(!soak_scenario_load(&sp, path, err, sizeof(err)));
	CHECK(sp.cpus == 2 && sp.onoff_interval_ms == 1000);
	soak_params_print(&sp, line, sizeof(line));
	CHECK(!strncmp(line, "cpus=2 ", 7));
	CHECK(strstr(line, " onoff_interval=1s "));
	unlink(path);
}

int main(void)
{
	test_durations();
	test_set();
	test_scenario();
	return check_done("params_test");
}
