/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_LINKAGE_H
#define _LINUX_LINKAGE_H
#include <linux/compiler.h>
#endif
