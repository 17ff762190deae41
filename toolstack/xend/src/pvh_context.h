/* vCPU 0's first state as HVM save records (public/arch-x86/hvm/save.h),
 * built as Xen 4.17's libxenguest does for a PVH guest (xg_dom_x86.c,
 * vcpu_hvm): the domain's own HEADER record (taken from
 * XEN_DOMCTL_gethvmcontext: it carries Xen's version and CPUID, which a
 * toolstack cannot forge), a CPU record in 32-bit protected mode at the
 * PHYS32 entry with %ebx = the start info, and END; and per vCPU the MTRR
 * record with MTRRs on and write-back by default. Pure code. */
#ifndef PVH_CONTEXT_H
#define PVH_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>      /* first: the public headers in tools form */
#include <xen/hvm/save.h>

struct pvh_bsp_context {
    struct hvm_save_descriptor header_d;
    HVM_SAVE_TYPE(HEADER) header;
    struct hvm_save_descriptor cpu_d;
    HVM_SAVE_TYPE(CPU) cpu;
    struct hvm_save_descriptor end_d;
    HVM_SAVE_TYPE(END) end;
};

struct pvh_mtrr_context {
    struct hvm_save_descriptor header_d;
    HVM_SAVE_TYPE(HEADER) header;
    struct hvm_save_descriptor mtrr_d;
    HVM_SAVE_TYPE(MTRR) mtrr;
    struct hvm_save_descriptor end_d;
    HVM_SAVE_TYPE(END) end;
};

/* Xen reads the records back to back: the structs must have no padding
 * (every record is a multiple of 8 bytes, as in libxenguest's own). */
_Static_assert(sizeof(struct pvh_bsp_context) ==
               3 * sizeof(struct hvm_save_descriptor) + HVM_SAVE_LENGTH(HEADER) +
               HVM_SAVE_LENGTH(CPU) + HVM_SAVE_LENGTH(END), "bsp context padded");
_Static_assert(sizeof(struct pvh_mtrr_context) ==
               3 * sizeof(struct hvm_save_descriptor) + HVM_SAVE_LENGTH(HEADER) +
               HVM_SAVE_LENGTH(MTRR) + HVM_SAVE_LENGTH(END), "mtrr context padded");

/* The record (typecode, instance) of a save image of len bytes, checked to
 * be at least min_len long; NULL when absent or the image is malformed
 * (a record running past the end, no END before it). */
const void *pvh_save_record(const uint8_t *ctx, size_t len, uint16_t typecode,
                            uint16_t instance, size_t min_len);

/* From the domain's full save image. 0, or -EINVAL if it lacks a HEADER
 * (first record) or vCPU's MTRR record. */
int pvh_bsp_context(const uint8_t *full, size_t len, uint32_t entry,
                    uint32_t start_info_paddr, struct pvh_bsp_context *out);
int pvh_mtrr_context(const uint8_t *full, size_t len, uint16_t vcpu,
                     struct pvh_mtrr_context *out);

#endif
