/* VMRUN's consistency checks (APM vol. 2, 15.5.1, "Canonicalization and
 * Consistency Checks"): each illegal guest state or control field below
 * makes VMRUN exit at once with VMEXIT_INVALID (-1), the guest never
 * running, and the host going on after its VMRUN. (The exit code's upper
 * half is test vmrun-invalid-code's.) */
#include "svm.h"

const char test_title[] = "VMRUN refuses what the APM's consistency checks refuse";

#define CR0_PE  (1ull << 0)
#define CR0_NW  (1ull << 29)
#define CR0_CD  (1ull << 30)
#define CR0_PG  (1ull << 31)
#define CR4_PAE (1ull << 5)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define ATTR_L  (1u << 9)             /* compressed attribute bits 9, 10 */
#define ATTR_D  (1u << 10)

static volatile uint32_t guest_ran;

static void guest(void)
{
    guest_ran = 1;
}

static void c_svme(void)    { vmcb.efer &= ~EFER_SVME; }
static void c_cd_nw(void)   { vmcb.cr0 = (vmcb.cr0 & ~CR0_CD) | CR0_NW; }
static void c_cr0_hi(void)  { vmcb.cr0 |= 1ull << 32; }
static void c_cr3_mbz(void) { vmcb.cr3 |= 1ull << 62; }
static void c_cr4_mbz(void) { vmcb.cr4 |= 1ull << 40; }
static void c_dr6_hi(void)  { vmcb.dr6 |= 1ull << 32; }
static void c_dr7_hi(void)  { vmcb.dr7 |= 1ull << 32; }
static void c_efer_mbz(void) { vmcb.efer |= 1ull << 40; }
static void c_lme_nopae(void) { vmcb.cr4 &= ~CR4_PAE; }
static void c_lme_nope(void) { vmcb.cr0 &= ~CR0_PE; }
static void c_cs_l_d(void)  { vmcb.cs.attr |= ATTR_L | ATTR_D; }
static void c_no_vmrun(void) { vmcb.intercepts4 &= ~INTERCEPT_VMRUN; }
static void c_asid0(void)   { vmcb.asid = 0; }
static void c_msrpm(void)   { vmcb.msrpm_base_pa = 0xfffffffff000ull; }
static void c_iopm(void)    { vmcb.iopm_base_pa = 0xfffffffff000ull; }
static void c_evt_type(void) { vmcb.eventinj = EVT(1u, 0x20); }
static void c_evt_nmi(void) { vmcb.eventinj = EVT(EVT_TYPE_EXCEPTION, 2); }

static const struct {
    const char *name;
    void (*make)(void);
} cases[] = {
    { "EFER.SVME clear", c_svme },
    { "CR0.CD clear, CR0.NW set", c_cd_nw },
    { "CR0[63:32] not zero", c_cr0_hi },
    { "CR3 MBZ bit 62 (long mode)", c_cr3_mbz },
    { "CR4 MBZ bit 40", c_cr4_mbz },
    { "DR6[63:32] not zero", c_dr6_hi },
    { "DR7[63:32] not zero", c_dr7_hi },
    { "EFER MBZ bit 40", c_efer_mbz },
    { "EFER.LME, CR0.PG, CR4.PAE clear", c_lme_nopae },
    { "EFER.LME, CR0.PG, CR0.PE clear", c_lme_nope },
    { "EFER.LME, CR0.PG, CR4.PAE, CS.L and CS.D both set", c_cs_l_d },
    { "VMRUN intercept clear", c_no_vmrun },
    { "ASID 0", c_asid0 },
    { "MSRPM beyond the physical address width", c_msrpm },
    { "IOPM beyond the physical address width", c_iopm },
    { "EVENTINJ of a reserved type (1)", c_evt_type },
    { "EVENTINJ of an exception with vector 2 (NMI)", c_evt_nmi },
};

void test_main(void)
{
    unsigned int refused = 0;

    for ( unsigned int i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        vmcb_init(guest);
        guest_ran = 0;
        cases[i].make();
        svm_run();
        if ( exit_refused() && !guest_ran )
        {
            refused++;
            continue;
        }
        test_fail("%s: exit %#lx (%s)%s, not VMEXIT_INVALID", cases[i].name, vmcb.exitcode,
                  exit_name(vmcb.exitcode), guest_ran ? " after the guest ran" : "");
    }
    printk("%u of %zu illegal states refused with VMEXIT_INVALID\n", refused,
           ARRAY_SIZE(cases));

    /* And the legal state they all started from runs. */
    vmcb_init(guest);
    guest_ran = 0;
    if ( run_to_end("the legal VMCB") && !guest_ran )
        test_fail("the legal VMCB: the guest did not run");
}
