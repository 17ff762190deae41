/* Console ring copy (see cons_ring.h). Indexes are free-running. */
#include "cons_ring.h"

#define LOAD(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

size_t cons_ring_take_output(struct xencons_interface *intf, char *buf,
			   size_t max)
{
	XENCONS_RING_IDX prod = LOAD(intf->out_prod);
	XENCONS_RING_IDX cons = intf->out_cons;
	size_t n = 0;

	if (prod - cons > sizeof(intf->out))
		cons = prod - (XENCONS_RING_IDX)sizeof(intf->out);
	while (cons != prod && n < max)
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];
	STORE(intf->out_cons, cons);
	return n;
}

size_t cons_ring_put_input(struct xencons_interface *intf, const char *buf,
			 size_t len)
{
	XENCONS_RING_IDX cons = LOAD(intf->in_cons);
	XENCONS_RING_IDX prod = intf->in_prod;
	size_t n = 0;

	if (prod - cons > sizeof(intf->in))
		return 0; /* corrupt indexes: give the guest nothing */
	while (n < len && prod - cons < sizeof(intf->in))
		intf->in[MASK_XENCONS_IDX(prod++, intf->in)] = buf[n++];
	STORE(intf->in_prod, prod);
	return n;
}
