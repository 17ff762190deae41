/* IDT and exception dispatch (see traps.h). */
#include "test.h"

uint64_t last_fault_cr2;

struct idt_entry {                 /* AMD APM vol. 2, 4.8.4: 64-bit gate */
    uint16_t offset0, selector;
    uint8_t ist, type;
    uint16_t offset1;
    uint32_t offset2, reserved;
};

struct extable_entry { uint64_t fault, fixup; };

extern const uint64_t trap_stubs[256];          /* entry.S */
extern const struct extable_entry __start_extable[], __stop_extable[];

static struct idt_entry idt[256] __aligned(16);
static trap_hook_t hooks[256];

#define GUEST_CS 0x08                           /* head.S's GDT */

void trap_load_idt(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idtr = {
        sizeof(idt) - 1, (uintptr_t)idt,
    };

    asm volatile ( "lidt %0" :: "m" (idtr) );
}

void trap_init(void)
{
    for ( unsigned int v = 0; v < 256; v++ )
    {
        uint64_t a = trap_stubs[v];

        idt[v] = (struct idt_entry){
            .offset0 = (uint16_t)a, .selector = GUEST_CS,
            .type = 0x8e,                       /* present, DPL0, interrupt gate */
            .offset1 = (uint16_t)(a >> 16), .offset2 = (uint32_t)(a >> 32),
        };
    }
    trap_load_idt();
}

void trap_set_hook(unsigned int vector, trap_hook_t hook)
{
    hooks[vector & 0xff] = hook;
}

const char *exception_name(unsigned int vector)
{
    static const char *const names[32] = {
        "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
        "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
        "#VE", "#CP",
    };

    return vector < 32 && names[vector] ? names[vector] : "interrupt";
}

void do_trap(struct cpu_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;

    if ( hooks[v] && hooks[v](regs) )
        return;

    if ( v < 32 )
        for ( const struct extable_entry *e = __start_extable; e < __stop_extable; e++ )
            if ( e->fault == regs->rip )
            {
                if ( v == X86_EXC_PF )
                    last_fault_cr2 = read_cr2();
                regs->rdi = EXINFO(v, regs->error_code);
                regs->rip = e->fixup;
                return;
            }

    printk("unexpected %s (vector %u) error code %#lx at rip %#lx, rsp %#lx, cr2 %#lx\n",
           exception_name(v), v, regs->error_code, regs->rip, regs->rsp,
           v == X86_EXC_PF ? read_cr2() : 0);
    test_abort("unhandled %s at %#lx", exception_name(v), regs->rip);
}
