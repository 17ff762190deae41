/* MSR intercepts through the permission map (APM vol. 2, 15.11): with
 * MSR_PROT set, RDMSR/WRMSR exit if the MSRPM's read/write bit for the MSR
 * is set (EXITINFO1 0 = RDMSR, 1 = WRMSR), run if clear, and always exit
 * for an MSR outside the map's three ranges. */
#include "svm.h"

const char test_title[] = "MSR intercepts follow the MSR permission map";

#define MSR_STAR        0xc0000081u
#define MSR_SYSENTER_CS 0x174u
#define MSR_OUTSIDE     0x40000000u

void guest_msr(void);
extern const uint8_t m_rd_star[], m_wr_star[], m_rd_cs[], m_wr_cs[], m_rd_out[];
asm ( ".pushsection .text\n"
      ".globl guest_msr, m_rd_star, m_wr_star, m_rd_cs, m_wr_cs, m_rd_out\n"
      "guest_msr:\n"
      "  mov $0xc0000081, %ecx\n"
      "m_rd_star: rdmsr\n"
      "  mov $0xc0000081, %ecx\n"
      "m_wr_star: wrmsr\n"
      "  mov $0x174, %ecx\n"
      "m_rd_cs: rdmsr\n"
      "m_wr_cs: wrmsr\n"
      "  mov $0x40000000, %ecx\n"
      "m_rd_out: rdmsr\n"
      "  ret\n"
      ".popsection" );

/* Bit pairs per MSR (read, write): 0-0x1fff at byte 0, 0xc0000000- at
 * 0x800, 0xc0010000- at 0x1000 (APM table 15-8). */
static void msrpm_set(uint32_t msr, bool write)
{
    uint32_t base = msr >= 0xc0010000u ? 0x1000 : msr >= 0xc0000000u ? 0x800 : 0;
    uint32_t bit = (msr & 0x1fff) * 2 + write;

    msrpm[base + bit / 8] |= 1u << (bit % 8);
}

static void expect_msr(const uint8_t *at, uint64_t want1, const char *what)
{
    svm_run();
    printk("%s: exit %s at %#lx, EXITINFO1 %#lx\n", what, exit_name(vmcb.exitcode),
           vmcb.rip, vmcb.exitinfo1);
    if ( !check_exit(VMEXIT_MSR, what) )
        return;
    if ( vmcb.rip != (uintptr_t)at || vmcb.exitinfo1 != want1 )
        test_fail("%s: exit at %#lx with EXITINFO1 %#lx, not at %#lx with %#lx", what,
                  vmcb.rip, vmcb.exitinfo1, (uint64_t)(uintptr_t)at, want1);
    guest_skip(2);
}

void test_main(void)
{
    uint64_t star = rdmsr(MSR_STAR), cs = rdmsr(MSR_SYSENTER_CS);

    vmcb_init(guest_msr);
    vmcb.intercepts3 |= INTERCEPT_MSR_PROT;
    msrpm_set(MSR_STAR, false);
    msrpm_set(MSR_SYSENTER_CS, true);
    vmcb.rax = 0;
    expect_msr(m_rd_star, 0, "RDMSR STAR (read bit set)");
    /* WRMSR STAR (write bit clear) and RDMSR SYSENTER_CS run. */
    expect_msr(m_wr_cs, 1, "WRMSR SYSENTER_CS (write bit set)");
    expect_msr(m_rd_out, 0, "RDMSR 0x40000000 (outside the map)");
    if ( !test_failed() && run_to_end("after the last RDMSR") )
        printk("STAR written by the guest: %#lx\n", rdmsr(MSR_STAR));
    wrmsr(MSR_STAR, star);
    wrmsr(MSR_SYSENTER_CS, cs);
}
