/* Appending to arrays without quadratic copying; not public API. */
#ifndef CFG_GROW_H
#define CFG_GROW_H

#include <stdbool.h>
#include <stdlib.h>

/* Makes room for element n of *pp, an array that only grows one element
 * at a time: its capacity doubles whenever n is 0 or a power of two, so
 * no capacity field is needed. */
static inline bool cfg_grow(void *pp, size_t n, size_t elem)
{
    void **p = pp;
    if (n & (n - 1))
        return true;
    void *q = realloc(*p, (n ? 2 * n : 1) * elem);
    if (!q)
        return false;
    *p = q;
    return true;
}

#endif
