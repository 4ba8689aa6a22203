/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: nothing the workqueue needs from <linux/mempolicy.h> is left. */
#ifndef _LINUX_MEMPOLICY_H
#define _LINUX_MEMPOLICY_H
#include <linux/compiler.h>
#endif
