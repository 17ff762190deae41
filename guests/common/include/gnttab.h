/* Grant tables v1 as a test guest uses them (public/grant_table.h): the
 * calls, its own table's frame 0 at a gfn of its choosing, entries filled
 * as Linux's gnttab_grant_foreign_access fills them, maps and unmaps of
 * another domain's grants. */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H
#include "types.h"
#include <xen/xen.h>
#include <xen/grant_table.h>

/* Where a test puts frame 0 of its table: 2 GiB, no RAM or MMIO there. */
#define GNTTAB_FRAME_GFN 0x80000UL

static inline unsigned long gfn_of(const void *p)
{
    return (unsigned long)p >> 12;
}

long gnttab_op(unsigned int cmd, void *op, unsigned int count);
/* add_to_physmap(XENMAPSPACE_grant_table, frame 0) at GNTTAB_FRAME_GFN. */
long gnttab_map_frame0(void);
grant_entry_v1_t *gnttab_entry(grant_ref_t ref);
/* Domain and frame first, then the flags that make the entry live. */
void gnttab_grant(grant_ref_t ref, domid_t to, const void *page, uint16_t flags);
/* As Linux's gnttab_end_foreign_access_ref: only while nobody holds it
 * (GTF_reading/GTF_writing clear), by a compare-and-exchange with Xen. */
bool gnttab_end_access(grant_ref_t ref);
/* One map of dom's ref at gfn / one unmap; a failed hypercall (not a
 * per-entry status) is a test failure. */
struct gnttab_map_grant_ref gnttab_map(domid_t dom, grant_ref_t ref, unsigned long gfn,
                                       uint32_t flags);
int16_t gnttab_unmap(unsigned long gfn, grant_handle_t handle);

#endif
