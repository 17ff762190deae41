/* IDT, TSS (separate stacks for #DF and NMI) and the exception reporter:
 * vector name, error code, CR2, all registers and a symbolized stack trace,
 * then panic(). */
#include <xen/lib.h>
#include <xen/symbols.h>
#include <xen/trace.h>
#include <asm/regs.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <xen/console.h>

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

struct __attribute__((packed)) tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap_base;
};

struct idt_entry {
    uint16_t off_lo, sel;
    uint8_t ist, type_attr;
    uint16_t off_mid;
    uint32_t off_hi, rsvd;
};

#define GDT_ENTRIES (TSS_SELECTOR / 8 + 2 * NR_CPUS)
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct tss64 tss[NR_CPUS] __attribute__((aligned(16)));
static uint8_t ist_stacks[NR_CPUS][2][4096] __attribute__((aligned(16)));
extern const char interrupt_stubs[];
extern const uint64_t boot_gdt[4];

static const char *const trap_names[32] = {
    "divide error", "debug", "nmi", "int3", "overflow", "bounds",
    "invalid opcode", "device not available", "double fault",
    "coprocessor segment", "invalid TSS", "segment not present",
    "stack error", "general protection fault", "page fault", "reserved",
    "fpu error", "alignment check", "machine check", "simd error",
    "virtualisation exception", "control protection",
};

static void set_gate(unsigned int vec, unsigned int ist)
{
    uint64_t a = (uint64_t)(uintptr_t)(interrupt_stubs + 16 * vec);

    idt[vec] = (struct idt_entry){
        .off_lo = a & 0xffff, .sel = __HYPERVISOR_CS, .ist = ist,
        .type_attr = 0x8e,                  /* present, DPL0, interrupt gate */
        .off_mid = (a >> 16) & 0xffff, .off_hi = a >> 32,
    };
}

void trap_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        set_gate(v, v == TRAP_double_fault ? 1 : v == TRAP_nmi ? 2 : 0);
    for (unsigned int i = 0; i < 4; i++)
        gdt[i] = boot_gdt[i];
}

/* 64-bit TSS descriptor: AMD APM vol. 2 §4.8.3. */
static void set_tss_desc(unsigned int cpu)
{
    uint64_t base = (uint64_t)(uintptr_t)&tss[cpu], limit = sizeof(tss[0]) - 1;
    unsigned int idx = TSS_SELECTOR / 8 + 2 * cpu;

    gdt[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
               (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[idx + 1] = base >> 32;
}

void percpu_traps_init(unsigned int cpu)
{
    struct desc_ptr gd = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };
    struct desc_ptr id = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
    uint16_t sel = TSS_SELECTOR + 16 * cpu;

    tss[cpu].ist[0] = (uint64_t)(uintptr_t)(ist_stacks[cpu][0] + 4096);
    tss[cpu].ist[1] = (uint64_t)(uintptr_t)(ist_stacks[cpu][1] + 4096);
    tss[cpu].iomap_base = sizeof(tss[0]);
    set_tss_desc(cpu);
    asm volatile("lgdt %0" :: "m"(gd));
    asm volatile("lidt %0" :: "m"(id));
    asm volatile("ltr %0" :: "r"(sel));
}

/* The stack trace reads only this CPU's stacks: after an overflow, rsp
 * points into the guard page, and reading it would fault again. */
static bool on_this_cpu_stack(uint64_t a)
{
    unsigned int cpu = smp_processor_id();
    uint64_t base = (uintptr_t)cpu_info[cpu].stack_base;
    uint64_t ist = (uintptr_t)ist_stacks[cpu];

    return (base && a >= base && a + 16 <= base + STACK_SIZE) ||
           (a >= ist && a + 16 <= ist + sizeof(ist_stacks[cpu]));
}

static bool is_text(uint64_t a)
{
    extern const char _stext[], _etext[];

    return a >= (uintptr_t)_stext && a < (uintptr_t)_etext;
}

void show_stack_trace(uint64_t rbp, uint64_t rip, uint64_t rsp)
{
    char sym[96];

    printk("Xen call trace:\n");
    symbols_describe(rip, sym, sizeof(sym));
    printk("   [<%016llx>] R %s\n", (unsigned long long)rip, sym);
    /* gcc builds leaf functions without a frame: their return address is
     * on top of the stack. '?' marks it as a guess, as Linux does. */
    if (!(rsp & 7) && on_this_cpu_stack(rsp) && is_text(*(const uint64_t *)(uintptr_t)rsp)) {
        symbols_describe(*(const uint64_t *)(uintptr_t)rsp, sym, sizeof(sym));
        printk("   [<%016llx>] ? %s\n",
               (unsigned long long)*(const uint64_t *)(uintptr_t)rsp, sym);
    }
    /* Frame pointers: [rbp] = caller's rbp, [rbp+8] = return address. */
    for (unsigned int depth = 0; rbp && depth < 32; depth++) {
        const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;

        if (rbp & 7 || !on_this_cpu_stack(rbp))
            break;
        symbols_describe(frame[1], sym, sizeof(sym));
        printk("   [<%016llx>] S %s\n", (unsigned long long)frame[1], sym);
        if (frame[0] <= rbp)                /* stacks grow down: must rise */
            break;
        rbp = frame[0];
    }
}

void show_registers(const struct trap_frame *r)
{
    char sym[96];

    symbols_describe(r->rip, sym, sizeof(sym));
    printk("----[ xenlab x86_64 ]----\n");
    printk("CPU:    %u\n", smp_processor_id());
    printk("RIP:    %04llx:[<%016llx>] %s\n", (unsigned long long)r->cs,
           (unsigned long long)r->rip, sym);
    printk("RFLAGS: %016llx\n", (unsigned long long)r->rflags);
    printk("rax: %016llx   rbx: %016llx   rcx: %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx, (unsigned long long)r->rcx);
    printk("rdx: %016llx   rsi: %016llx   rdi: %016llx\n",
           (unsigned long long)r->rdx, (unsigned long long)r->rsi, (unsigned long long)r->rdi);
    printk("rbp: %016llx   rsp: %016llx   r8:  %016llx\n",
           (unsigned long long)r->rbp, (unsigned long long)r->rsp, (unsigned long long)r->r8);
    printk("r9:  %016llx   r10: %016llx   r11: %016llx\n",
           (unsigned long long)r->r9, (unsigned long long)r->r10, (unsigned long long)r->r11);
    printk("r12: %016llx   r13: %016llx   r14: %016llx\n",
           (unsigned long long)r->r12, (unsigned long long)r->r13, (unsigned long long)r->r14);
    printk("r15: %016llx   cr0: %016lx   cr4: %016lx\n",
           (unsigned long long)r->r15, read_cr0(), read_cr4());
    printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
}

/* A #DF whose interrupted rsp is in (or just above, a frame being pushed)
 * the guard page: the #PF could not push its frame (AMD APM vol. 2 §8.2.9). */
static bool stack_overflowed(uint64_t rsp)
{
    uint64_t base = (uintptr_t)cpu_info[smp_processor_id()].stack_base;

    return base && rsp >= base - PAGE_SIZE && rsp < base + 64;
}

static void do_trap(struct trap_frame *regs)
{
    static unsigned int fatal_depth;        /* only the stopping CPU counts */
    unsigned int v = (unsigned int)regs->entry_vector;

    if (v == TRAP_nmi && panic_in_progress) {
        if (cpu_online(smp_processor_id()))     /* not a parked late AP */
            __atomic_fetch_add(&cpus_stopped, 1, __ATOMIC_SEQ_CST);
        halt_forever();                     /* another CPU panicked */
    }
    /* Stop the others before printing: one of them may hold the console
     * lock, or be reporting a fault of its own at the same moment. */
    smp_send_stop();
    if (++fatal_depth > 1)                  /* a fault while reporting one */
        panic("FATAL TRAP: vector = %u (%s) while reporting an earlier one", v,
              v < 32 && trap_names[v] ? trap_names[v] : "reserved");
    if (v == TRAP_double_fault)
        printk("*** DOUBLE FAULT ***\n");
    if (v == TRAP_double_fault && stack_overflowed(regs->rsp))
        printk("Xen stack overflow on CPU%u: rsp %016llx ran into the guard page "
               "below its stack %p-%p\n", smp_processor_id(),
               (unsigned long long)regs->rsp, cpu_info[smp_processor_id()].stack_base,
               (char *)cpu_info[smp_processor_id()].stack_base + STACK_SIZE);
    show_registers(regs);
    show_stack_trace(regs->rbp, regs->rip, regs->rsp);
    if (v == TRAP_double_fault)
        panic("DOUBLE FAULT -- system shutdown");
    if (v == TRAP_page_fault)
        panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04llx]\n"
              "Faulting linear address: %016lx", v, trap_names[v],
              (unsigned long long)regs->error_code, read_cr2());
    panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04llx]", v,
          v < 32 && trap_names[v] ? trap_names[v] : "reserved",
          (unsigned long long)regs->error_code);
}

void do_interrupt(struct trap_frame *regs)
{
    unsigned int v = (unsigned int)regs->entry_vector;

    if (v < FIRST_DYNAMIC_VECTOR) {
        do_trap(regs);
        return;
    }
    switch (v) {
    case LOCAL_TIMER_VECTOR:
        apic_timer_interrupt();
        break;
    case CALL_FUNCTION_VECTOR:
        smp_call_function_interrupt();
        break;
    case EVENT_CHECK_VECTOR:                /* only wakes the CPU from hlt */
        ack_APIC_irq();
        break;
    case SPURIOUS_APIC_VECTOR:              /* no EOI for spurious (SDM 10.9) */
        break;
    default:
        printk(XENLOG_WARNING "CPU%u: unexpected interrupt vector 0x%x\n",
               smp_processor_id(), v);
        ack_APIC_irq();
    }
}
