/* Elapsed time for xend's logs and timeouts, on the monotonic clock. */
#ifndef XEND_CLOCK_H
#define XEND_CLOCK_H

#include <time.h>

/* Milliseconds since t0 (taken with clock_gettime(CLOCK_MONOTONIC)). */
static inline long xend_ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

#endif
