/* A domain's xenstore nodes, laid out as Xen 4.17's libxl writes them
 * (libxl__domain_make, libxl__build_post, the console's nodes), and
 * removed again on destroy. docs/xend-xen-calls.md lists them. */
#ifndef XEND_STORE_H
#define XEND_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <xenctrl.h>
#include <xenstore.h>

struct xend_store_domain {
    uint32_t domid;
    const char *name;
    xen_domain_handle_t uuid;
    unsigned vcpus;
    uint64_t memory_kb, maxmem_kb;
    uint32_t store_port, console_port;
    uint64_t store_gfn, console_gfn;
};

/* Writes /local/domain/<id>/... and /vm/<uuid>/... in one transaction.
 * 0 or a negative errno. */
int xend_store_make(struct xs_handle *xs, const struct xend_store_domain *d);
/* write(xs, t, ctx) in a transaction, retried while xenstored answers
 * EAGAIN (another transaction changed the same nodes). 0 or -errno. */
int xend_store_transact(struct xs_handle *xs,
                        bool (*write)(struct xs_handle *, xs_transaction_t, const void *),
                        const void *ctx);
/* xs_introduce_domain with the store ring's gfn and port. */
int xend_store_introduce(struct xs_handle *xs, const struct xend_store_domain *d);
/* Removes /local/domain/<id> and the /vm/<uuid> it names; tells
 * xenstored to drop the domain's connection (xs_release_domain) if it
 * still has one. Errors are logged, not returned: a destroy goes on. */
void xend_store_remove(struct xs_handle *xs, uint32_t domid);

/* Removes path if it has no children (libxl__xs_path_cleanup's rule:
 * a folder a teardown emptied goes too). */
void xend_store_rm_if_empty(struct xs_handle *xs, const char *path);

/* "name" for the domain, or NULL (malloc'd). */
char *xend_store_name(struct xs_handle *xs, uint32_t domid);

#endif
