/* Walking a guest's own page tables (virtual → guest-physical), as the CPU
 * would, for the accesses the hypervisor makes on the guest's behalf:
 * emulation, copy_{from,to}_guest, instruction fetch. Pure: guest memory is
 * reached through the ops, so host tests drive it with a fake memory. */
#ifndef ASM_X86_GUEST_WALK_H
#define ASM_X86_GUEST_WALK_H
#include <xen/types.h>

struct guest_paging_state {
    uint64_t cr0, cr3, cr4, efer;
    uint64_t rflags;            /* only AC: SMAP is lifted for explicit accesses when set */
    unsigned int maxphyaddr;    /* CPUID 0x80000008 EAX[7:0]; 0 means 52 */
};

/* Access type in, #PF error code out (Intel SDM 4.7 / AMD APM 5.5.2 bits). */
#define PFEC_present      (1u << 0)
#define PFEC_write_access (1u << 1)
#define PFEC_user_mode    (1u << 2)
#define PFEC_reserved_bit (1u << 3)
#define PFEC_insn_fetch   (1u << 4)
/* In only, never reported: an implicit supervisor access (descriptor tables,
 * TSS) made at CPL 3, which SMAP checks whatever RFLAGS.AC says; at CPL < 3
 * implicit accesses follow AC like explicit ones (SDM 4.6.1). */
#define PFEC_implicit     (1u << 18)

struct guest_walk_ops {
    /* Read/write 8 bytes of guest-physical memory; 0 or -1 (not RAM). */
    int (*read_gpa)(void *ctx, uint64_t gpa, uint64_t *val);
    int (*write_gpa)(void *ctx, uint64_t gpa, uint64_t val);   /* for A/D bits; may be NULL = don't set */
};

#define GW_OK           0
#define GW_PAGE_FAULT   1   /* inject #PF(*pfec_out) with CR2 = va */
#define GW_BAD_GPA      2   /* a table (or its A/D update) is not in guest RAM: *bad_gpa */
#define GW_NONCANONICAL 3   /* long mode, va not canonical: #GP(0) (#SS for stack accesses) */

/* Translates va for the access described by pfec (write/user/fetch bits).
 * Returns GW_OK and *gpa, or one of the GW_ codes above. Paging off: gpa =
 * va, truncated to 32 bits unless EFER.LMA. */
int guest_walk_tables(const struct guest_paging_state *st, uint64_t va, uint32_t pfec,
                      const struct guest_walk_ops *ops, void *ctx, uint64_t *gpa,
                      uint32_t *pfec_out, uint64_t *bad_gpa);

#endif
