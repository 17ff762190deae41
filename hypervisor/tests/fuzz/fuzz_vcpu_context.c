/* libFuzzer target: VCPUOP_initialise's context checks (arch/x86/hvm/
 * vcpu_context.c) on any bytes a guest may hand over, with any CPUID.
 * Whatever is accepted starts sane: EFER's LMA follows LME, CR4 holds
 * only bits the CPUID allows, no reserved segment attribute bit is set,
 * CS and SS are present, TR is a busy TSS; a refusal says why. */
#include <stdlib.h>
#include <string.h>
#include <xen/types.h>
#include <asm/hvm/vcpu_context.h>
#include <asm/processor.h>
#include <public/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_seg(const struct segment_register *s)
{
    if (s->attr >> 12)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vcpu_hvm_context ctx;
    uint32_t leaf[3][4];
    struct hvm_cpu_features f;
    struct hvm_vcpu_start s;
    const char *why = NULL;
    int rc;

    if (size < sizeof(ctx) + sizeof(leaf))
        return 0;
    memcpy(&ctx, data, sizeof(ctx));
    memcpy(leaf, data + sizeof(ctx), sizeof(leaf));
    ctx.mode &= 3;                              /* mostly the two real modes */
    hvm_cpu_features_from_cpuid(leaf[0], leaf[1], leaf[2], &f);
    rc = hvm_vcpu_context_check(&ctx, &f, &s, &why);
    if (rc) {
        if (rc != -XEN_EINVAL || !why)
            abort();
        return 0;
    }
    if (why || !(s.efer & EFER_LME) != !(s.efer & EFER_LMA) || (s.cr4 & ~f.cr4_valid))
        abort();
    check_seg(&s.cs), check_seg(&s.ds), check_seg(&s.ss), check_seg(&s.es), check_seg(&s.tr);
    if (!(s.cs.attr & SEG_ATTR_P) || !(s.ss.attr & SEG_ATTR_P) || (s.tr.attr & 0xf) != 0xb)
        abort();
    if (ctx.mode == VCPU_HVM_MODE_64B && (!(s.cr0 & X86_CR0_PG) || s.cs.attr != 0xa9b))
        abort();
    return 0;
}
