/* Console output waiting for the pty reader: bounded, and when full the
 * oldest bytes go (a guest printing to nobody must not eat dom0's
 * memory). */
#ifndef XC_BUFFER_H
#define XC_BUFFER_H

#include <stddef.h>

struct xc_buffer {
	char *data;
	size_t len, cap, limit;
	size_t dropped;         /* bytes discarded so far */
};

void xc_buffer_init(struct xc_buffer *b, size_t limit);
void xc_buffer_free(struct xc_buffer *b);
/* Appends, discarding the oldest bytes beyond the limit. 0 or ENOMEM. */
int xc_buffer_add(struct xc_buffer *b, const char *data, size_t len);
/* Removes n bytes from the front (after they were written out). */
void xc_buffer_consume(struct xc_buffer *b, size_t n);

#endif
