/* Bounded console output buffer (see cons_buffer.h). */
#include "cons_buffer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void cons_buffer_init(struct cons_buffer *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

void cons_buffer_free(struct cons_buffer *b)
{
	free(b->data);
	cons_buffer_init(b, b->limit);
}

int cons_buffer_add(struct cons_buffer *b, const char *data, size_t len)
{
	if (len == 0)
		return 0;
	if (len >= b->limit) {
		b->dropped += b->len + len - b->limit;
		data += len - b->limit;
		len = b->limit;
		b->len = 0;
	} else if (b->len + len > b->limit) {
		size_t drop = b->len + len - b->limit;
		cons_buffer_consume(b, drop);
		b->dropped += drop;
	}
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void cons_buffer_consume(struct cons_buffer *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	if (n == 0)
		return; /* also: nothing allocated yet */
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}
