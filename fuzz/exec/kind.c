// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names of failure kinds (result.h).
 */
#include "fuzz/exec/result.h"

static const char *const kind_names[] = {
	[WQ_FAIL_NONE]		= "none",
	[WQ_FAIL_KERNEL]	= "kernel",
	[WQ_FAIL_ORACLE]	= "oracle",
	[WQ_FAIL_HANG]		= "hang",
	[WQ_FAIL_LEAK]		= "leak",
	[WQ_FAIL_SANITIZER]	= "sanitizer",
};

/**
 * wq_fail_kind_name - lower-case name of a failure kind ("oracle", ...)
 * @kind: the kind
 */
const char *wq_fail_kind_name(enum wq_fail_kind kind)
{
	if ((unsigned int)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[kind];
}
