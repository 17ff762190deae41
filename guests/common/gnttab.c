/* Grant tables of a test guest (see gnttab.h). */
#include "test.h"
#include "gnttab.h"
#include <xen/memory.h>

long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
    return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)op, count);
}

long gnttab_map_frame0(void)
{
    struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
                                    .idx = 0, .gpfn = GNTTAB_FRAME_GFN };

    return hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&x, 0);
}

grant_entry_v1_t *gnttab_entry(grant_ref_t ref)
{
    return &((grant_entry_v1_t *)(GNTTAB_FRAME_GFN << 12))[ref];
}

void gnttab_grant(grant_ref_t ref, domid_t to, const void *page, uint16_t flags)
{
    grant_entry_v1_t *e = gnttab_entry(ref);

    e->domid = to;
    e->frame = (uint32_t)gfn_of(page);
    __atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
}

bool gnttab_end_access(grant_ref_t ref)
{
    uint16_t flags = __atomic_load_n(&gnttab_entry(ref)->flags, __ATOMIC_ACQUIRE);

    do {
        if ( flags & (GTF_reading | GTF_writing) )
            return false;
    } while ( !__atomic_compare_exchange_n(&gnttab_entry(ref)->flags, &flags, 0, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) );
    return true;
}

struct gnttab_map_grant_ref gnttab_map(domid_t dom, grant_ref_t ref, unsigned long gfn,
                                       uint32_t flags)
{
    struct gnttab_map_grant_ref op = { .host_addr = gfn << 12, .flags = flags, .ref = ref,
                                       .dom = dom };
    long rc = gnttab_op(GNTTABOP_map_grant_ref, &op, 1);

    if ( rc )
        test_fail("map_grant_ref: rc %ld", rc);
    return op;
}

int16_t gnttab_unmap(unsigned long gfn, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = gfn << 12, .handle = handle };
    long rc = gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);

    if ( rc )
        test_fail("unmap_grant_ref: rc %ld", rc);
    return op.status;
}
