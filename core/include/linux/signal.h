/* SPDX-License-Identifier: GPL-2.0-only */
/* wqkit kenv: nothing the workqueue needs from <linux/signal.h> is left. */
#ifndef _LINUX_SIGNAL_H
#define _LINUX_SIGNAL_H
#include <linux/compiler.h>
#endif
