/* The minimal SVM host (svm.h): enabling SVM, the VMCB of the one guest,
 * running it. */
#include "svm.h"

struct vmcb vmcb __aligned(4096);
uint8_t iopm[3 * 4096] __aligned(4096);
uint8_t msrpm[2 * 4096] __aligned(4096);
uint8_t guest_stack[4 * 4096] __aligned(4096);
static uint8_t hsave[4096] __aligned(4096);
uint32_t svm_features, svm_nasid;

bool svm_enable(void)
{
    /* CPUID Fn8000_0001 ECX bit 2: SVM (APM 15.4). */
    if ( cpuid(0x80000000).a < 0x8000000a || !(cpuid(0x80000001).c & (1u << 2)) )
    {
        test_skip("no SVM (CPUID 8000_0001 ECX bit 2)");
        return false;
    }
    if ( rdmsr(MSR_VM_CR) & (1u << 4) )
    {
        test_skip("SVM disabled (VM_CR.SVMDIS)");
        return false;
    }
    svm_features = cpuid(0x8000000a).d;
    svm_nasid = cpuid(0x8000000a).b;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, (uintptr_t)hsave);
    return true;
}

/* The segment attributes in the VMCB's compressed form (APM 15.5.1):
 * descriptor bits 47:40 and 55:52 of head.S's GDT entries. */
#define ATTR_CODE64  0xa9b
#define ATTR_DATA    0xc93

static struct vmcb_seg seg(uint16_t sel, uint16_t attr)
{
    return (struct vmcb_seg){ .sel = sel, .attr = attr, .limit = 0xffffffff };
}

static uint64_t read_cr(int n)
{
    uint64_t v = 0;

    if ( n == 0 )
        asm volatile ( "mov %%cr0, %0" : "=r" (v) );
    else if ( n == 3 )
        asm volatile ( "mov %%cr3, %0" : "=r" (v) );
    else
        asm volatile ( "mov %%cr4, %0" : "=r" (v) );
    return v;
}

void vmcb_init(void (*fn)(void))
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr;
    uint64_t *sp = (uint64_t *)(uintptr_t)GUEST_STACK_TOP;

    asm volatile ( "sgdt %0" : "=m" (gdtr) );
    memset(&vmcb, 0, sizeof(vmcb));
    vmcb.intercepts3 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SHUTDOWN;
    vmcb.intercepts4 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL;
    vmcb.iopm_base_pa = (uintptr_t)iopm;
    vmcb.msrpm_base_pa = (uintptr_t)msrpm;
    vmcb.asid = 1;

    vmcb.cs = seg(0x08, ATTR_CODE64);
    vmcb.ss = vmcb.ds = vmcb.es = seg(0x10, ATTR_DATA);
    vmcb.gdtr = (struct vmcb_seg){ .limit = gdtr.limit, .base = gdtr.base };
    vmcb.idtr = (struct vmcb_seg){ .limit = (uint32_t)(guest_idt_end - guest_idt - 1),
                                   .base = (uintptr_t)guest_idt };
    vmcb.efer = rdmsr(MSR_EFER);
    vmcb.cr0 = read_cr(0);
    vmcb.cr3 = read_cr(3);
    vmcb.cr4 = read_cr(4);
    vmcb.dr6 = 0xffff0ff0;
    vmcb.dr7 = 0x400;
    vmcb.rflags = 0x2;
    vmcb.g_pat = rdmsr(0x277);
    /* fn returns into the VMMCALL at guest_exit_vmmcall; the stack is as
     * after a CALL (RSP = 8 mod 16). */
    sp[-1] = (uintptr_t)guest_exit_vmmcall;
    vmcb.rsp = (uintptr_t)&sp[-1];
    vmcb.rip = (uintptr_t)fn;
    memset(iopm, 0, sizeof(iopm));
    memset(msrpm, 0, sizeof(msrpm));
    memset((void *)&guest_event, 0, sizeof(guest_event));
    memset((void *)guest_event_count, 0, sizeof(guest_event_count));
    guest_event_exit = 1;
}

uint64_t svm_run(void)
{
    asm volatile ( "clgi" ::: "memory" );
    svm_vmrun_raw((uintptr_t)&vmcb);
    return vmcb.exitcode;
}

bool exit_is_event(void)
{
    return vmcb.exitcode == VMEXIT_VMMCALL && vmcb.rip == (uintptr_t)guest_event_vmmcall;
}

const char *exit_name(uint64_t code)
{
    switch ( code )
    {
    case VMEXIT_INTR: return "INTR";
    case VMEXIT_NMI: return "NMI";
    case VMEXIT_VINTR: return "VINTR";
    case VMEXIT_CPUID: return "CPUID";
    case VMEXIT_HLT: return "HLT";
    case VMEXIT_IOIO: return "IOIO";
    case VMEXIT_MSR: return "MSR";
    case VMEXIT_SHUTDOWN: return "SHUTDOWN";
    case VMEXIT_VMMCALL: return "VMMCALL";
    case VMEXIT_NPF: return "NPF";
    case VMEXIT_INVALID: return "INVALID";
    }
    if ( code >= 0x40 && code < 0x60 )
        return exception_name((unsigned int)code - 0x40);
    return "?";
}

void spin_tsc(uint64_t ticks)
{
    uint64_t t0 = rdtsc();

    while ( rdtsc() - t0 < ticks )
        pause();
}

/* The guest IDT: 64-bit interrupt gates (APM 4.8.4) to the stubs. */
void guest_idt_init(void)
{
    uint32_t *e = (uint32_t *)guest_idt;

    for ( unsigned int v = 0; v < 256; v++, e += 4 )
    {
        uint64_t a = guest_stubs[v];

        e[0] = (uint32_t)(0x08u << 16) | (uint16_t)a;
        e[1] = (uint32_t)(a & 0xffff0000u) | 0x8e00u;
        e[2] = (uint32_t)(a >> 32);
        e[3] = 0;
    }
}

bool check_exit(uint64_t want, const char *what)
{
    if ( vmcb.exitcode == want )
        return true;
    if ( exit_is_event() )
        test_fail("%s: the guest took vector %lu (frame %#lx %#lx), not exit %s",
                  what, guest_event.vector, guest_event.frame[0], guest_event.frame[1],
                  exit_name(want));
    else
        test_fail("%s: exit %#lx (%s) at rip %#lx, not %s", what, vmcb.exitcode,
                  exit_name(vmcb.exitcode), vmcb.rip, exit_name(want));
    return false;
}

bool run_to_end(const char *what)
{
    svm_run();
    if ( !check_exit(VMEXIT_VMMCALL, what) )
        return false;
    if ( exit_is_event() )
    {
        test_fail("%s: the guest took vector %lu (frame %#lx %#lx)", what,
                  guest_event.vector, guest_event.frame[0], guest_event.frame[1]);
        return false;
    }
    if ( vmcb.rip != (uintptr_t)guest_exit_vmmcall )
    {
        test_fail("%s: VMMCALL at %#lx, not the guest's end", what, vmcb.rip);
        return false;
    }
    return true;
}
