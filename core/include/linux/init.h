/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: nothing the workqueue needs from <linux/init.h> is left. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#include <linux/compiler.h>
#endif
