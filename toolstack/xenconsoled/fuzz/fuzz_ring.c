/* libFuzzer target: a guest controls every byte of the console page,
 * indexes included; copying must stay inside the rings and the output
 * buffer inside its limit. Input: the four indexes, then operations;
 * the ring bytes repeat the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cons_buffer.h"
#include "cons_ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xencons_interface *in = malloc(sizeof(*in));
	struct cons_buffer b;
	char buf[4096];
	size_t i = 4 * sizeof(XENCONS_RING_IDX);

	if (size < i) {
		free(in);
		return 0;
	}
	for (size_t k = 0; k < sizeof(in->in); k++)
		in->in[k] = (char)data[k % size];
	for (size_t k = 0; k < sizeof(in->out); k++)
		in->out[k] = (char)data[k % size];
	memcpy(&in->in_cons, data, i);
	cons_buffer_init(&b, 512);
	for (; i + 2 <= size; i += 2) {
		size_t len = (size_t)data[i + 1] * 16, n;
		if (data[i] & 1) {
			n = cons_ring_take_output(in, buf, len);
			if (n > len || n > sizeof(in->out))
				abort();
			cons_buffer_add(&b, buf, n);
		} else {
			n = cons_ring_put_input(in, buf, len > sizeof(buf) ? sizeof(buf) : len);
			if (in->in_prod - in->in_cons > sizeof(in->in) && n)
				abort();
			cons_buffer_consume(&b, data[i + 1]);
		}
		if (b.len > b.limit)
			abort();
		in->out_prod += data[i];    /* the guest moves on meanwhile */
		in->in_cons += data[i + 1] & 7;
	}
	cons_buffer_free(&b);
	free(in);
	return 0;
}
