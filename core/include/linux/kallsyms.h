/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H
/* wqkit kenv: symbolizes @addr with dladdr() and printk()s it with @fmt. */
void print_symbol(const char *fmt, unsigned long addr);
#endif
