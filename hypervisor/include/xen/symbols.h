#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H
#include <xen/types.h>

/* "name+0xoff/0xsize", or the bare address when no symbol covers it. */
void symbols_describe(uint64_t addr, char *buf, size_t size);

#endif
