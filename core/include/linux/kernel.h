/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wqkit kenv: printk, BUG/WARN and friends. printk() goes to a bounded
 * log the harness reads and to the current task's report buffer; BUG(),
 * WARN() and dump_stack() raise a structured failure (see kenv/kenv.h).
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <stddef.h>
#include <errno.h>
#include <stdio.h>		/* snprintf(), declared by the kernel's kernel.h */
#include <linux/compiler.h>

#define KERN_EMERG	"<0>"
#define KERN_ALERT	"<1>"
#define KERN_CRIT	"<2>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define container_of(ptr, type, member) ({				\
	const __typeof__(((type *)0)->member) *__mptr = (ptr);		\
	(type *)((char *)__mptr - offsetof(type, member)); })

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))

void __kenv_bug(const char *func, const char *file, int line,
		const char *cond) __noreturn;
void __kenv_warn(const char *func, const char *file, int line,
		 const char *cond, const char *fmt, ...);
void __kenv_dump_stack(const char *func, const char *file, int line);
void __kenv_might_sleep(const char *func, const char *file, int line);

#define BUG()	__kenv_bug(__func__, __FILE__, __LINE__, NULL)
#define BUG_ON(condition) do {						\
	if (unlikely(condition))					\
		__kenv_bug(__func__, __FILE__, __LINE__, #condition);	\
} while (0)
#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__kenv_warn(__func__, __FILE__, __LINE__, #condition, NULL); \
	unlikely(__ret_warn_on);					\
})
#define WARN(condition, format...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__kenv_warn(__func__, __FILE__, __LINE__, #condition, format); \
	unlikely(__ret_warn_on);					\
})
#define WARN_ON_ONCE(condition)	WARN_ON(condition)

/* dump_stack(): raises a KENV_FAIL_DUMP_STACK failure whose message is what
 * this task printk()ed since its last report. */
#define dump_stack()	__kenv_dump_stack(__func__, __FILE__, __LINE__)
/* might_sleep(): reports sleeping in atomic context, as with
 * CONFIG_DEBUG_SPINLOCK_SLEEP. */
#define might_sleep()	__kenv_might_sleep(__func__, __FILE__, __LINE__)

#endif /* _LINUX_KERNEL_H */
