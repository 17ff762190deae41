/* The grant half of the pair (public/grant_table.h, v1; the answers are
 * Xen 4.17's common/grant_table.c): A grants pages to B, B maps them with
 * A's domain ID, reads and writes through them, copies with
 * GNTTABOP_copy, and is refused what it was not given, with Xen's codes.
 * A write through a read-only mapping is dropped without a fault on Xen
 * 4.17 (a p2m_grant_map_ro page is a discard-write type), as for a
 * domain's grant to itself (test grant-table). */
#include "peer.h"
#include "gnttab.h"

#include <xen/memory.h>

#define FRAME_GFN GNTTAB_FRAME_GFN     /* A's grant frame */
#define CTRL_GFN  0x80010UL             /* B's mappings of A's pages */
#define RW_GFN    0x80011UL
#define RO_GFN    0x80012UL
#define TRY_GFN   0x80013UL

static uint8_t pages[5][4096] __aligned(4096);  /* A: granted; B: copy target */
static grant_handle_t rw_handle, ro_handle, ctrl_handle;

/* ---- A, the granter */

void grants_publish_a(void *ctrl_page)
{
    long rc = gnttab_map_frame0();

    if ( rc )
        test_abort("add_to_physmap(grant frame 0): %ld", rc);
    memset(pages[0], 0x11, 4096);
    memcpy(pages[0], "from A", 6);
    memset(pages[1], 0x22, 4096);
    gnttab_grant(REF_RW, peer, pages[0], GTF_permit_access);
    gnttab_grant(REF_RO, peer, pages[1], GTF_permit_access | GTF_readonly);
    gnttab_grant(REF_OTHER, self, pages[2], GTF_permit_access);
    gnttab_grant(REF_REVOKED, peer, pages[3], GTF_permit_access);
    gnttab_entry(REF_NEVER)->flags = GTF_invalid;
    gnttab_grant(REF_CTRL, peer, ctrl_page, GTF_permit_access);
    printk("A: granted refs %u-%u to domain %u (ref %u to itself)\n", REF_CTRL, REF_REVOKED,
           peer, REF_OTHER);
}

/* B holds the RW and RO grants mapped, and wrote and copied into RW. */
void grants_check_a(void)
{
    expect("A: B's write through its mapping arrived", !memcmp(pages[0] + 64, "from B", 6), 1);
    expect("A: B's copy into the grant arrived", !memcmp(pages[0] + 128, "copied by B", 11), 1);
    expect("A: flags of the RW grant while mapped", gnttab_entry(REF_RW)->flags,
           GTF_permit_access | GTF_reading | GTF_writing);
    expect("A: flags of the RO grant while mapped", gnttab_entry(REF_RO)->flags,
           GTF_permit_access | GTF_readonly | GTF_reading);
    expect("A: flags of the grant B mapped and unmapped", gnttab_entry(REF_REVOKED)->flags,
           GTF_permit_access);
}

void grants_revoke_a(void)
{
    expect("A: end access to the RW grant while B maps it", gnttab_end_access(REF_RW), 0);
    expect("A: end access to ref 12", gnttab_end_access(REF_REVOKED), 1);
}

/* B unmapped everything but the control page. */
void grants_after_a(void)
{
    uint32_t ro_intact = 1;

    expect("A: flags of the RW grant after the unmap", gnttab_entry(REF_RW)->flags,
           GTF_permit_access);
    expect("A: flags of the RO grant after the unmap", gnttab_entry(REF_RO)->flags,
           GTF_permit_access | GTF_readonly);
    for ( unsigned int i = 0; i < 4096; i++ )
        ro_intact &= pages[1][i] == 0x22;
    expect("A: its read-only page unchanged", ro_intact, 1);
    expect("A: end access to the RW grant", gnttab_end_access(REF_RW), 1);
    expect("A: end access to the RO grant", gnttab_end_access(REF_RO), 1);
}

/* Last of all: A waits for B to unmap the control page, then ends access
 * to it, so that A's pages are all its own again when it goes (a grant
 * still mapped would keep A's page referenced past A's destruction). */
void grants_end_ctrl_a(void)
{
    uint64_t end = rdtsc() + 120000ULL * (tsc_khz() ? tsc_khz() : 1000000);

    while ( !gnttab_end_access(REF_CTRL) )
    {
        if ( rdtsc() > end )
            test_abort("B kept A's control page mapped for 120 s");
        yield();
    }
    printk("A: B unmapped the control page; access to it ended\n");
}

/* ---- B, the mapper */

/* One copy between A's grant ref and B's own frame. */
static int16_t copy(bool from_a, grant_ref_t ref, void *mine, uint16_t off, uint16_t len)
{
    struct gnttab_copy op = { .len = len };
    struct gnttab_copy_ptr *theirs = from_a ? &op.source : &op.dest;
    struct gnttab_copy_ptr *ours = from_a ? &op.dest : &op.source;
    long rc;

    op.flags = from_a ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
    theirs->domid = peer;
    theirs->u.ref = ref;
    theirs->offset = off;
    ours->domid = DOMID_SELF;
    ours->u.gmfn = gfn_of(mine);
    ours->offset = off;
    if ( (rc = gnttab_op(GNTTABOP_copy, &op, 1)) )
        test_fail("copy: rc %ld", rc);
    return op.status;
}

/* Writes v at p: 0, or the exception it raised. */
static exinfo_t write_safe(volatile uint32_t *p, uint32_t v)
{
    exinfo_t ex = 0;

    asm volatile ( "1: movl %k1, (%2); 2:\n" _ASM_EXTABLE(1b, 2b)
                   : "+D" (ex) : "r" (v), "r" (p) : "memory" );
    return ex;
}

/* A grants its control page once it runs: until then, Xen's answer. */
volatile struct peer_ctrl *grants_map_ctrl_b(void)
{
    uint64_t end = rdtsc() + 60000ULL * (tsc_khz() ? tsc_khz() : 1000000);
    struct gnttab_map_grant_ref op;
    unsigned int refusals = 0;

    while ( (op = gnttab_map(peer, REF_CTRL, CTRL_GFN, GNTMAP_host_map)).status != GNTST_okay )
    {
        if ( op.status != GNTST_general_error )
            test_abort("map of A's control page: status %d", op.status);
        if ( rdtsc() > end )
            test_abort("A granted no control page within 60 s");
        refusals++;
        yield();
    }
    ctrl_handle = op.handle;
    printk("B: mapped A's control page (ref %u), refused %s before\n", REF_CTRL,
           refusals ? "some times" : "never");
    return (volatile struct peer_ctrl *)(CTRL_GFN << 12);
}

void grants_map_b(void)
{
    volatile uint32_t *rw = (volatile uint32_t *)(RW_GFN << 12);
    volatile uint32_t *ro = (volatile uint32_t *)(RO_GFN << 12);
    struct gnttab_map_grant_ref op;
    exinfo_t ex;

    op = gnttab_map(peer, REF_RW, RW_GFN, GNTMAP_host_map);
    expect("B: map of A's RW grant", op.status, GNTST_okay);
    rw_handle = op.handle;
    expect("B: A's data through it", !memcmp((void *)rw, "from A", 6), 1);
    memcpy((uint8_t *)rw + 64, "from B", 6);

    op = gnttab_map(peer, REF_RO, RO_GFN, GNTMAP_host_map);
    expect("B: writable map of A's RO grant", op.status, GNTST_general_error);
    op = gnttab_map(peer, REF_RO, RO_GFN, GNTMAP_host_map | GNTMAP_readonly);
    expect("B: read-only map of A's RO grant", op.status, GNTST_okay);
    ro_handle = op.handle;
    expect("B: A's data through it", ro[0] == 0x22222222, 1);
    ex = write_safe(ro, 0x33333333);
    printk("B: write through the read-only mapping: vector %u ec %#x\n",
           ex ? EXINFO_VEC(ex) : 0u, ex ? EXINFO_EC(ex) : 0u);
    if ( ex )
        test_fail("write through a read-only mapping: exinfo %#lx; Xen drops it, no fault",
                  (unsigned long)ex);
    expect("B: the read-only page unchanged", ro[0] == 0x22222222, 1);

    expect("B: copy from A's grant into its own page", copy(true, REF_RW, pages[0], 0, 6),
           GNTST_okay);
    expect("B: the copied data", !memcmp(pages[0], "from A", 6), 1);
    memcpy(pages[1] + 128, "copied by B", 11);
    expect("B: copy into A's RW grant", copy(false, REF_RW, pages[1], 128, 11), GNTST_okay);
    expect("B: copy into A's RO grant", copy(false, REF_RO, pages[1], 128, 11),
           GNTST_general_error);

    expect("B: map of a ref A never granted",
           gnttab_map(peer, REF_NEVER, TRY_GFN, GNTMAP_host_map).status, GNTST_general_error);
    expect("B: map of A's grant to another domain",
           gnttab_map(peer, REF_OTHER, TRY_GFN, GNTMAP_host_map).status, GNTST_general_error);
    op = gnttab_map(peer, REF_REVOKED, TRY_GFN, GNTMAP_host_map);
    expect("B: map of ref 12 before A revokes it", op.status, GNTST_okay);
    expect("B: its unmap", gnttab_unmap(TRY_GFN, op.handle), GNTST_okay);
}

void grants_unmap_b(void)
{
    expect("B: map of the grant A revoked",
           gnttab_map(peer, REF_REVOKED, TRY_GFN, GNTMAP_host_map).status, GNTST_general_error);
    expect("B: copy from the grant A revoked", copy(true, REF_REVOKED, pages[2], 0, 8),
           GNTST_general_error);
    expect("B: unmap of the RW mapping", gnttab_unmap(RW_GFN, rw_handle), GNTST_okay);
    expect("B: unmap it twice", gnttab_unmap(RW_GFN, rw_handle), GNTST_bad_handle);
    expect("B: the unmapped gfn is a hole", *(volatile uint32_t *)(RW_GFN << 12), 0xffffffff);
    expect("B: unmap of the RO mapping", gnttab_unmap(RO_GFN, ro_handle), GNTST_okay);
}

void grants_unmap_ctrl_b(void)
{
    expect("B: unmap of the control page", gnttab_unmap(CTRL_GFN, ctrl_handle), GNTST_okay);
}
