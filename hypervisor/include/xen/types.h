/* Basic types shared by hypervisor and host-test builds. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint64_t paddr_t;
typedef int64_t s_time_t;          /* nanoseconds since boot, as Xen's NOW() */

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))
#define MB(x)           ((uint64_t)(x) << 20)

#define SECONDS(s)      ((s_time_t)(s) * 1000000000LL)
#define MILLISECS(ms)   ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us)   ((s_time_t)(us) * 1000LL)

#endif
