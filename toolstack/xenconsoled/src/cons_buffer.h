/* Console output waiting for the pty reader: bounded, and when full the
 * oldest bytes go (a guest printing to nobody must not eat dom0's
 * memory). */
#ifndef CONS_BUFFER_H
#define CONS_BUFFER_H

#include <stddef.h>

struct cons_buffer {
	char *data;
	size_t len, cap, limit;
	size_t dropped;         /* bytes discarded so far */
};

void cons_buffer_init(struct cons_buffer *b, size_t limit);
void cons_buffer_free(struct cons_buffer *b);
/* Appends, discarding the oldest bytes beyond the limit. 0 or ENOMEM. */
int cons_buffer_add(struct cons_buffer *b, const char *data, size_t len);
/* Removes n bytes from the front (after they were written out). */
void cons_buffer_consume(struct cons_buffer *b, size_t n);

#endif
