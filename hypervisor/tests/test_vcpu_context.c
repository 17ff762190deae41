/* VCPUOP_initialise's checks (arch/x86/hvm/vcpu_context.c) against Xen
 * 4.17's arch_set_info_hvm_guest: what a 32-bit and a 64-bit context
 * start with, and each refusal. */
#include <check.h>
#include <string.h>
#include <xen/types.h>
#include "suites.h"
#include <asm/hvm/vcpu_context.h>
#include <asm/processor.h>
#include <public/errno.h>

/* A CPU with everything leaf 1/7/0x80000001 can say, and one with nothing. */
static const uint32_t all1[4] = { 0, 0, ~0u, ~0u }, all7[4] = { 0, ~0u, ~0u, ~0u },
                      allx[4] = { 0, 0, ~0u, ~0u }, none[4] = { 0 };

static struct hvm_cpu_features full(void)
{
    struct hvm_cpu_features f;

    hvm_cpu_features_from_cpuid(all1, all7, allx, &f);
    return f;
}

/* The PVH start of day (flat 4 GiB, 32-bit TSS given as available). */
static struct vcpu_hvm_context flat32(void)
{
    struct vcpu_hvm_context c = { .mode = VCPU_HVM_MODE_32B };
    struct vcpu_hvm_x86_32 *r = &c.cpu_regs.x86_32;

    r->eip = 0x100000, r->esp = 0x8000, r->ebx = 0x1234, r->eflags = 2;
    r->cr0 = 0x11;
    r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = ~0u;
    r->cs_ar = 0xc9b, r->ds_ar = r->ss_ar = r->es_ar = 0xc93;
    r->tr_ar = 0x89, r->tr_limit = 0x67;
    return c;
}

static struct vcpu_hvm_context long64(void)
{
    struct vcpu_hvm_context c = { .mode = VCPU_HVM_MODE_64B };
    struct vcpu_hvm_x86_64 *r = &c.cpu_regs.x86_64;

    r->rip = 0xffffffff81000000ull, r->rsp = 0x7000, r->rdi = 7, r->rflags = 2;
    r->cr0 = 0x80000011, r->cr3 = 0x5000, r->cr4 = X86_CR4_PAE, r->efer = EFER_LME;
    return c;
}

static int check(const struct vcpu_hvm_context *c, struct hvm_vcpu_start *s, const char **why)
{
    struct hvm_cpu_features f = full();

    *why = NULL;
    return hvm_vcpu_context_check(c, &f, s, why);
}

START_TEST(features)
{
    struct hvm_cpu_features f;
    uint32_t l1[4] = { 0, 0, 0, (1u << 6) | (1u << 24) }, x[4] = { 0, 0, 0, 1u << 29 };

    hvm_cpu_features_from_cpuid(none, none, none, &f);
    ck_assert_uint_eq(f.cr4_valid, X86_CR4_PCE);     /* always offered */
    ck_assert(!f.syscall && !f.lm && !f.nx && !f.ffxsr);
    hvm_cpu_features_from_cpuid(l1, none, x, &f);
    ck_assert_uint_eq(f.cr4_valid, X86_CR4_PCE | X86_CR4_PAE | X86_CR4_OSFXSR);
    ck_assert(f.lm && !f.nx);
    f = full();
    /* Never VMXE (bit 13) nor LA57 (12): no nested virtualisation, and
     * Xen 4.17 does not offer 5-level paging to HVM guests. */
    ck_assert_uint_eq(f.cr4_valid & ((1u << 13) | X86_CR4_LA57), 0);
    ck_assert(f.cr4_valid & X86_CR4_CET);
}
END_TEST

START_TEST(flat_32bit)
{
    struct vcpu_hvm_context c = flat32();
    struct hvm_vcpu_start s;
    const char *why;

    ck_assert_int_eq(check(&c, &s, &why), 0);
    ck_assert_uint_eq(s.rip, 0x100000);
    ck_assert_uint_eq(s.gpr[3], 0x1234);            /* ebx */
    ck_assert_uint_eq(s.gpr[4], 0x8000);            /* esp */
    ck_assert_uint_eq(s.cs.attr, 0xc9b);            /* accessed already */
    ck_assert_uint_eq(s.ds.attr, 0xc93);
    ck_assert_uint_eq(s.tr.attr, 0x8b);             /* available -> busy */
    ck_assert_uint_eq(s.cs.limit, ~0u);
    ck_assert_uint_eq(s.cr0, 0x11);
    ck_assert_uint_eq(s.efer, 0);
    /* Accessed bits are set for the guest; a null DS/ES is allowed. */
    c.cpu_regs.x86_32.cs_ar = 0xc9a;
    c.cpu_regs.x86_32.ds_ar = 0;
    ck_assert_int_eq(check(&c, &s, &why), 0);
    ck_assert_uint_eq(s.cs.attr, 0xc9b);
    ck_assert_uint_eq(s.ds.attr, 0);
    /* Compatibility mode: LME given, LMA follows. */
    c = flat32();
    c.cpu_regs.x86_32.efer = EFER_LME;
    ck_assert_int_eq(check(&c, &s, &why), 0);
    ck_assert_uint_eq(s.efer, EFER_LME | EFER_LMA);
}
END_TEST

/* Spoils one thing of a good 32-bit context (case i) and returns the text
 * Xen logs for it; NULL past the last case. */
static const char *spoil32(unsigned int i, struct vcpu_hvm_x86_32 *r)
{
    switch (i) {
    case 0: r->pad1 = 1; return "padding not zero";
    case 1: r->pad2[2] = 1; return "padding not zero";
    case 2: r->cs_ar = 0; return "Null segment attributes for CS, SS or TR";
    case 3: r->ss_ar = 0; return "Null segment attributes for CS, SS or TR";
    case 4: r->tr_ar = 0; return "Null segment attributes for CS, SS or TR";
    case 5: r->ds_ar = 0x1c93; return "Segment attribute bits 12-15 are not zero";
    case 6: r->tr_ar = 0x9b; return "Code or data segment provided for TR";
    case 7: r->tr_ar = 0x83; return "Non-32-bit-TSS segment provided for TR";
    case 8: r->cs_ar = 0xc0b; return "System segment provided for a code or data segment";
    case 9: r->es_ar = 0xc13; return "Non-present segment provided";
    case 10: r->cs_ar = 0xc93; return "Non-code segment provided for CS";
    case 11: r->ss_ar = 0xc91; return "Non-writeable segment provided for SS";
    case 12: r->ss_ar = 0xc9b; return "Non-writeable segment provided for SS";
    case 13: r->ds_ar = 0xc99; return "Non-readable segment provided for DS or ES";
    case 14:
        r->cs_limit = 0xffff, r->cs_ar = 0x49b, r->eip = 0x10000;
        return "EIP outside CS limit";
    case 15: r->ss_ar = 0xcf3; return "SS.DPL is different than CS.DPL";
    case 16: r->ds_ar = 0xcb3; return "DS.DPL is greater than CS.DPL";
    case 17: r->es_ar = 0xcf3; return "ES.DPL is greater than CS.DPL";
    case 18: r->efer = EFER_LMA; return "EFER.LMA set without EFER.LME";
    case 19: r->cr4 = 1u << 13; return "Bad CR4 value";
    case 20: r->efer = 1u << 2; return "Bad EFER value: Unknown bits set";
    case 21: r->efer = EFER_SVME; return "Bad EFER value: SVME without nested virt";
    }
    return NULL;
}

START_TEST(refusals_32bit)
{
    const char *want;

    for (unsigned int i = 0;; i++) {
        struct vcpu_hvm_context c = flat32();
        struct hvm_vcpu_start s;
        const char *why;

        if (!(want = spoil32(i, &c.cpu_regs.x86_32)))
            break;
        ck_assert_msg(check(&c, &s, &why) == -XEN_EINVAL, "case %u accepted", i);
        ck_assert_str_eq(why, want);
    }
}
END_TEST

START_TEST(long_mode)
{
    struct vcpu_hvm_context c = long64();
    struct hvm_vcpu_start s;
    const char *why;

    ck_assert_int_eq(check(&c, &s, &why), 0);
    ck_assert_uint_eq(s.rip, 0xffffffff81000000ull);
    ck_assert_uint_eq(s.gpr[7], 7);                 /* rdi */
    ck_assert_uint_eq(s.efer, EFER_LME | EFER_LMA);
    ck_assert_uint_eq(s.cs.attr, 0xa9b);            /* L, P, code */
    ck_assert_uint_eq(s.ss.attr, 0xc93);
    ck_assert_uint_eq(s.tr.attr, 0x8b);
    ck_assert_uint_eq(s.tr.limit, 0x67);
    ck_assert_uint_eq(s.cr3, 0x5000);
    /* The 32-bit fields overlapping the 64-bit ones are not looked at. */
    c.cpu_regs.x86_32.pad2[0] = 1;
    ck_assert_int_eq(check(&c, &s, &why), 0);
}
END_TEST

START_TEST(refusals_64bit)
{
    struct vcpu_hvm_context c;
    struct hvm_vcpu_start s;
    struct hvm_cpu_features f;
    const char *why;

    c = long64(), c.cpu_regs.x86_64.rip = 0x0000800000000000ull;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "RIP contains a non-canonical address");
    c = long64(), c.cpu_regs.x86_64.cr0 = 0x11;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "CR0 doesn't have paging enabled");
    c = long64(), c.cpu_regs.x86_64.cr4 = 0;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "CR4 doesn't have PAE enabled");
    c = long64(), c.cpu_regs.x86_64.efer = 0;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "EFER doesn't have LME enabled");
    /* On a CPU without long mode, NX, SYSCALL or FFXSR. */
    hvm_cpu_features_from_cpuid(all1, all7, none, &f);
    c = long64();
    ck_assert_int_eq(hvm_vcpu_context_check(&c, &f, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "Bad EFER value: LME/LMA without feature");
    c = flat32(), c.cpu_regs.x86_32.efer = EFER_NXE;
    ck_assert_int_eq(hvm_vcpu_context_check(&c, &f, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "Bad EFER value: NXE without feature");
    c.cpu_regs.x86_32.efer = EFER_SCE;
    ck_assert_int_eq(hvm_vcpu_context_check(&c, &f, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "Bad EFER value: SCE without feature");
    c.cpu_regs.x86_32.efer = EFER_FFXSE;
    ck_assert_int_eq(hvm_vcpu_context_check(&c, &f, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "Bad EFER value: FFXSE without feature");
    /* The header: padding, then the mode. */
    c = long64(), c.pad = 1;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    c = long64(), c.mode = 2;
    ck_assert_int_eq(check(&c, &s, &why), -XEN_EINVAL);
    ck_assert_str_eq(why, "unknown mode");
}
END_TEST

Suite *vcpu_context_suite(void)
{
    Suite *s = suite_create("vcpu_context");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, features);
    tcase_add_test(tc, flat_32bit);
    tcase_add_test(tc, refusals_32bit);
    tcase_add_test(tc, long_mode);
    tcase_add_test(tc, refusals_64bit);
    suite_add_tcase(s, tc);
    return s;
}
