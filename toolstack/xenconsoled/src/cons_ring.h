/* Copying to and from a console ring page (struct xencons_interface):
 * the guest writes "out" (its console output), we write "in" (keys). */
#ifndef CONS_RING_H
#define CONS_RING_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/console.h>

/* Takes up to max bytes of guest output. A guest that set impossible
 * indexes loses what it claims to have written beyond one ring. */
size_t cons_ring_take_output(struct xencons_interface *intf, char *buf,
			   size_t max);
/* Puts input for the guest; returns how many bytes fitted. */
size_t cons_ring_put_input(struct xencons_interface *intf, const char *buf,
			 size_t len);

#endif
