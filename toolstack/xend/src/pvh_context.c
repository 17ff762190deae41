/* vCPU 0's PVH start state as HVM save records (see pvh_context.h). */
#include "pvh_context.h"

#include <errno.h>
#include <string.h>

/* Architectural values (AMD APM vol. 2, 3.1 and 13.1): CR0.PE|ET; DR6 and
 * DR7 at their reset values; segment attributes in the save format's
 * 12-bit "arbytes" (type, S, DPL, P, AVL, L, D/B, G): flat 32-bit code
 * 0xc9b (execute/read, accessed), flat data 0xc93, a busy 32-bit TSS 0x8b. */
#define CR0_PE 0x01u
#define CR0_ET 0x10u
#define DR6_INIT 0xffff0ff0u
#define DR7_INIT 0x00000400u
/* MTRRdefType (AMD APM vol. 2, 7.7.1): E (bit 11), default type WB (6). */
#define MTRR_TYPE_WRBACK 6u
#define MTRR_DEF_TYPE_ENABLE (1u << 11)

const void *pvh_save_record(const uint8_t *ctx, size_t len, uint16_t typecode,
                            uint16_t instance, size_t min_len)
{
    size_t off = 0;

    while (len - off >= sizeof(struct hvm_save_descriptor)) {
        struct hvm_save_descriptor d;
        memcpy(&d, ctx + off, sizeof(d));
        off += sizeof(d);
        if (d.length > len - off)
            return NULL;
        if (d.typecode == typecode && d.instance == instance)
            return d.length >= min_len ? ctx + off : NULL;
        if (d.typecode == HVM_SAVE_CODE(END))
            return NULL;
        off += d.length;
    }
    return NULL;
}

/* The HEADER record, which Xen writes first. */
static int copy_header(const uint8_t *full, size_t len,
                       struct hvm_save_descriptor *d, HVM_SAVE_TYPE(HEADER) *h)
{
    if (len < sizeof(*d) + sizeof(*h))
        return -EINVAL;
    memcpy(d, full, sizeof(*d));
    if (d->typecode != HVM_SAVE_CODE(HEADER) || d->length != HVM_SAVE_LENGTH(HEADER))
        return -EINVAL;
    memcpy(h, full + sizeof(*d), sizeof(*h));
    return 0;
}

static void end_record(struct hvm_save_descriptor *d)
{
    *d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(END),
                                       .length = HVM_SAVE_LENGTH(END) };
}

int pvh_bsp_context(const uint8_t *full, size_t len, uint32_t entry,
                    uint32_t start_info_paddr, struct pvh_bsp_context *c)
{
    memset(c, 0, sizeof(*c));
    if (copy_header(full, len, &c->header_d, &c->header))
        return -EINVAL;
    c->cpu_d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(CPU),
                                             .instance = 0,
                                             .length = HVM_SAVE_LENGTH(CPU) };
    /* The PVH entry state (docs/misc/pvh.pandoc in Xen): flat 32-bit
     * protected mode, paging off, %ebx the start info's address. */
    c->cpu.cs_limit = c->cpu.ds_limit = c->cpu.es_limit = c->cpu.ss_limit = ~0u;
    c->cpu.tr_limit = 0x67;
    c->cpu.cs_arbytes = 0xc9b;
    c->cpu.ds_arbytes = c->cpu.es_arbytes = c->cpu.ss_arbytes = 0xc93;
    c->cpu.tr_arbytes = 0x8b;
    c->cpu.cr0 = CR0_PE | CR0_ET;
    c->cpu.rip = entry;
    c->cpu.rbx = start_info_paddr;
    c->cpu.dr6 = DR6_INIT;
    c->cpu.dr7 = DR7_INIT;
    end_record(&c->end_d);
    return 0;
}

int pvh_mtrr_context(const uint8_t *full, size_t len, uint16_t vcpu,
                     struct pvh_mtrr_context *c)
{
    const void *mtrr;

    memset(c, 0, sizeof(*c));
    if (copy_header(full, len, &c->header_d, &c->header))
        return -EINVAL;
    mtrr = pvh_save_record(full, len, HVM_SAVE_CODE(MTRR), vcpu, HVM_SAVE_LENGTH(MTRR));
    if (!mtrr)
        return -EINVAL;
    c->mtrr_d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(MTRR),
                                              .instance = vcpu,
                                              .length = HVM_SAVE_LENGTH(MTRR) };
    memcpy(&c->mtrr, mtrr, sizeof(c->mtrr));
    c->mtrr.msr_mtrr_def_type = MTRR_TYPE_WRBACK | MTRR_DEF_TYPE_ENABLE;
    end_record(&c->end_d);
    return 0;
}
