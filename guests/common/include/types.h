/* Freestanding basics every guest file shares. */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define __noreturn      __attribute__((noreturn))
#define __printf(f, a)  __attribute__((format(printf, f, a)))
#define __used          __attribute__((used))
#define __aligned(a)    __attribute__((aligned(a)))

#define KB(x)           ((uint64_t)(x) << 10)
#define MB(x)           ((uint64_t)(x) << 20)
#define GB(x)           ((uint64_t)(x) << 30)

#endif
